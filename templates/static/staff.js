// Staff pages: keyboard navigation of the inbox (j/k or arrow keys move between cases, Enter
// opens one). An external file because the content security policy forbids inline scripts.
(function () {
  'use strict';
  function links() {
    return Array.prototype.slice.call(document.querySelectorAll('.inbox-table a.case-link'));
  }
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    var all = links();
    if (!all.length) return;
    var i = all.indexOf(document.activeElement);
    // x selects (or unselects) the focused case for a bulk action.
    if (e.key === 'x' && i >= 0) {
      var box = all[i].closest('tr').querySelector('input.bulk-select');
      if (box) {
        e.preventDefault();
        box.checked = !box.checked;
      }
      return;
    }
    var step = e.key === 'j' || e.key === 'ArrowDown' ? 1 : e.key === 'k' || e.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    var next = i < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, i + step));
    all[next].focus();
    var row = all[next].closest('tr');
    if (row && row.scrollIntoView) row.scrollIntoView({ block: 'nearest' });
  });
})();
