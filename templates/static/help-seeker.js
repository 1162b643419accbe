// Small helps for the help-seeker pages; everything works without them.
(function () {
  'use strict';
  var DRAFT = 'luister.draft';

  // The error summary is focused when the page opens; its links move focus to the field.
  function errorSummary() {
    var summary = document.getElementById('error-summary');
    if (!summary) return;
    summary.focus();
    summary.addEventListener('click', function (event) {
      var a = event.target.closest ? event.target.closest('a[href^="#"]') : null;
      if (!a) return;
      var name = a.getAttribute('href').slice(1);
      var field = document.getElementById(name) || document.querySelector('[name="' + name + '"]');
      if (!field) return;
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: 'center' });
    });
  }

  // A counter under a long text field, instead of cutting off what is typed or pasted.
  function counters() {
    var fields = document.querySelectorAll('textarea[data-max]');
    Array.prototype.forEach.call(fields, function (field) {
      var out = document.getElementById(field.id + '-count');
      if (!out) return;
      var max = Number(field.getAttribute('data-max'));
      var fmt = new Intl.NumberFormat(document.documentElement.lang || 'nl');
      var update = function () {
        var n = field.value.length;
        var over = n > max;
        out.textContent = (over ? out.getAttribute('data-over') : out.getAttribute('data-template'))
          .replace('{count}', fmt.format(n))
          .replace('{max}', fmt.format(max))
          .replace('{over}', fmt.format(n - max));
        out.classList.toggle('over', over);
      };
      field.addEventListener('input', update);
      update();
    });
  }

  // Switching the language keeps what was typed: the values travel in sessionStorage (this tab
  // only; cleared on quick exit) and are put back once, on the same page in the other language.
  function keepOnLanguageSwitch() {
    var forms = document.querySelectorAll('form[data-keep-on-language-switch]');
    var links = document.querySelectorAll('a[data-lang-switch]');
    Array.prototype.forEach.call(links, function (link) {
      link.addEventListener('click', function () {
        // Keyed by the form's action: the form with errors lives at /vragen, its switch leads to /.
        var saved = [];
        Array.prototype.forEach.call(forms, function (form) {
          var action = form.getAttribute('action');
          Array.prototype.forEach.call(form.elements, function (el) {
            if (!el.name || el.type === 'hidden' || el.type === 'submit' || el.type === 'button') return;
            if (el.type === 'checkbox' || el.type === 'radio') saved.push([action, el.name, el.value, el.checked]);
            else saved.push([action, el.name, el.value]);
          });
        });
        try {
          sessionStorage.setItem(DRAFT, JSON.stringify({ fields: saved }));
        } catch (e) {
          /* storage may be off: the switch still works */
        }
      });
    });
    var raw = null;
    try {
      raw = sessionStorage.getItem(DRAFT);
      sessionStorage.removeItem(DRAFT);
    } catch (e) {
      return;
    }
    if (!raw) return;
    var draft = JSON.parse(raw);
    draft.fields.forEach(function (f) {
      var form = document.querySelector('form[data-keep-on-language-switch][action="' + f[0] + '"]');
      if (!form) return;
      var els = form.querySelectorAll('[name="' + f[1] + '"]');
      Array.prototype.forEach.call(els, function (el) {
        if (el.type === 'checkbox' || el.type === 'radio') {
          if (el.value === f[2]) el.checked = f[3];
        } else el.value = f[2];
        el.dispatchEvent(new Event('input'));
      });
    });
  }

  // "Copy" next to the link, where the browser can copy.
  function copyButtons() {
    if (!navigator.clipboard) return;
    Array.prototype.forEach.call(document.querySelectorAll('button[data-copy]'), function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var source = document.getElementById(button.getAttribute('data-copy'));
        var status = document.getElementById('copy-status');
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          if (status) status.textContent = button.getAttribute('data-copied');
        });
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    keepOnLanguageSwitch();
    errorSummary();
    counters();
    copyButtons();
  });
})();
