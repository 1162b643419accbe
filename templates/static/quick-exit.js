// Quick exit: leave for a neutral site and replace this page in the history, so "back" does not
// return here. Works from the button and from the Esc key; without JavaScript the link still works.
(function () {
  'use strict';
  function leave(event) {
    var link = document.getElementById('quick-exit');
    if (!link) return;
    if (event) event.preventDefault();
    document.body.style.display = 'none';
    window.location.replace(link.getAttribute('data-exit-url'));
  }
  document.addEventListener('DOMContentLoaded', function () {
    var link = document.getElementById('quick-exit');
    if (link) link.addEventListener('click', leave);
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' || event.key === 'Esc') leave(event);
  });
})();
