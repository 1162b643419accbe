// Quick exit, from the button and from the Esc key. In this order, because leaving must be fast:
// 1. hide the page at once;
// 2. end the help-seeker session on the server (POST /c/exit with sendBeacon, which the browser
//    delivers even while the page goes away; fetch with keepalive where there is no beacon), so
//    Back and Forward can only reach the neutral "page closed" page;
// 3. forget drafts kept for the language switch;
// 4. replace this page in the history with the neutral site.
// Without JavaScript the button is a plain link to the neutral site.
(function () {
  'use strict';
  var EXIT = '/c/exit';
  function endSession() {
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(EXIT, new Blob([], { type: 'text/plain' }))) return;
    } catch (e) {
      /* fall through to fetch */
    }
    try {
      fetch(EXIT, { method: 'POST', keepalive: true, credentials: 'same-origin' });
    } catch (e) {
      /* nothing more to try: the session ends by itself after a short idle time */
    }
  }
  function leave(event) {
    var link = document.getElementById('quick-exit');
    if (!link) return;
    if (event) event.preventDefault();
    document.documentElement.style.display = 'none';
    try {
      sessionStorage.clear();
      sessionStorage.setItem('luister.left', '1');
    } catch (e) {
      /* storage may be off */
    }
    endSession();
    window.location.replace(link.getAttribute('data-exit-url'));
  }
  document.addEventListener('DOMContentLoaded', function () {
    var link = document.getElementById('quick-exit');
    if (link) link.addEventListener('click', leave);
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' || event.key === 'Esc') leave(event);
  });
  // A page brought back from the browser's back-forward cache after a quick exit is never shown
  // as it was: it is asked from the server again, which answers with the "closed" page.
  window.addEventListener('pageshow', function (event) {
    var left = false;
    try {
      left = sessionStorage.getItem('luister.left') === '1';
    } catch (e) {
      /* storage may be off */
    }
    if (event.persisted && left) {
      document.documentElement.style.display = 'none';
      window.location.reload();
    }
  });
})();
