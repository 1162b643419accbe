// The reply composer, made live: picking a template loads it, chosen sentences go into the
// summary at once, and the checklist follows the text as it is typed. The page works the same
// without this file (every button is a plain form submit). External because the content
// security policy forbids inline scripts; text is only ever set as textContent or .value.
(function () {
  'use strict';
  var form = document.getElementById('composer');
  if (!form) return;
  var caseId = form.getAttribute('data-case-id');
  // The API takes the session cookie only with the page's CSRF token in this header.
  var csrfInput = form.querySelector('input[name="_csrf"]');
  var csrfToken = csrfInput ? csrfInput.value : '';

  var picker = document.getElementById('template');
  if (picker) {
    picker.addEventListener('change', function () {
      document.getElementById('template-form').submit();
    });
  }

  // Same rule as src/replies/compose.ts insertBullets.
  function insertBullets(summary, sentences) {
    var bullets = sentences.map(function (s) { return '- ' + s.replace(/\s+/g, ' ').trim(); });
    if (!bullets.length) return summary;
    var block = bullets.join('\n');
    if (/^- …[ \t]*$/m.test(summary)) return summary.replace(/^- …[ \t]*$/m, block);
    var lines = summary.split('\n');
    var last = -1;
    lines.forEach(function (l, i) { if (/^\s*[-•]\s/.test(l)) last = i; });
    if (last >= 0) {
      Array.prototype.splice.apply(lines, [last + 1, 0].concat(bullets));
      return lines.join('\n');
    }
    return summary.trim() ? summary.replace(/\s+$/, '') + '\n' + block : block;
  }

  var insert = document.getElementById('insert-quotes');
  if (insert) {
    insert.addEventListener('click', function (e) {
      e.preventDefault();
      var boxes = form.querySelectorAll('input[name="quote"]:checked');
      var picked = Array.prototype.map.call(boxes, function (b) { return b.value; });
      var summary = document.getElementById('reply-summarise');
      summary.value = insertBullets(summary.value, picked);
      Array.prototype.forEach.call(boxes, function (b) { b.checked = false; });
      schedule();
    });
  }

  // Snippets: the chosen one at the end of the chosen section, as its own paragraph (same rule as
  // src/replies/compose.ts appendSnippet); without script the button posts and the server does it.
  var snippetButton = document.getElementById('insert-snippet');
  if (snippetButton) {
    snippetButton.addEventListener('click', function (e) {
      var pick = document.getElementById('snippet-id');
      var where = document.getElementById('snippet-section');
      var option = pick && pick.options[pick.selectedIndex];
      var area = where && form.elements[where.value];
      if (!option || !area) return;
      e.preventDefault();
      var text = (option.getAttribute('data-text') || '').replace(/\r\n/g, '\n').trim();
      if (!text) return;
      area.value = area.value.trim() ? area.value.replace(/\s+$/, '') + '\n\n' + text : text;
      area.focus();
      schedule();
    });
  }

  function payload() {
    var ids = Array.prototype.map.call(form.querySelectorAll('input[name="referralIds"]:checked'), function (b) { return b.value; });
    return {
      sections: {
        opening: form.elements.opening.value,
        summarise: form.elements.summarise.value,
        explore: form.elements.explore.value,
        advise: form.elements.advise.value,
        closing: form.elements.closing.value
      },
      referralIds: ids
    };
  }

  function show(result) {
    (result.checklist || []).forEach(function (c) {
      var li = document.querySelector('#checklist li[data-item="' + c.item + '"]');
      if (!li) return;
      li.classList.toggle('ok', c.ok);
      li.classList.toggle('todo', !c.ok);
      var mark = li.querySelector('.mark');
      if (mark) mark.textContent = c.ok ? '✓' : '○';
    });
    var preview = document.getElementById('preview');
    if (preview && !preview.hidden && typeof result.text === 'string') {
      document.getElementById('preview-text').textContent = result.text;
      var problems = document.getElementById('preview-problems');
      problems.textContent = '';
      (result.problems || []).forEach(function (p) {
        var li = document.createElement('li');
        li.textContent = '{{' + p.name + '}}';
        problems.appendChild(li);
      });
    }
  }

  var timer = null;
  function refresh() {
    fetch('/api/v1/cases/' + encodeURIComponent(caseId) + '/replies/preview', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrfToken },
      body: JSON.stringify(payload())
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (result) { if (result) show(result); })
      .catch(function () { /* the server-side checklist stays as it was */ });
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  }
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);

  // "… is writing a reply": taken as soon as the page is open (showing the page takes no lock)
  // and kept alive while it stays open (the lock lasts ten minutes). When someone else got there
  // first, the notice says who; it is a warning, not a wall.
  function lock() {
    fetch('/api/v1/cases/' + encodeURIComponent(caseId) + '/lock', {
      method: 'POST',
      credentials: 'same-origin',
      // The API answers in the page's language, not the browser's.
      headers: { Accept: 'application/json', 'Accept-Language': document.documentElement.lang || 'nl', 'X-CSRF-Token': csrfToken }
    })
      .then(function (r) { return r.status === 409 ? r.json() : null; })
      .then(function (conflict) {
        var notice = document.getElementById('lock-notice');
        if (!conflict || !notice) return;
        notice.textContent = conflict.message;
        notice.className = 'notice warn';
      })
      .catch(function () { /* the lock simply runs out */ });
  }
  lock();
  setInterval(lock, 4 * 60 * 1000);
})();
