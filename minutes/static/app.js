// On every page: the service worker that keeps the secretary's pages for when there is no signal
// (sw.js), and a sign-out that says first what it would delete from this phone.
(function () {
  "use strict";
  var KEPT = /^\/(meetings\/\d+(\/minutes)?)?$/;
  var DRAFT = "minutes-draft-";

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").then(function () {
      // A page the worker did not see arrive (the first visit, or the answer to a form sent) is
      // kept now, once, as the worker would have kept it.
      if (!window.caches || !KEPT.test(location.pathname)) return;
      caches.open("minutes-pages").then(function (cache) {
        return cache.match(location.href).then(function (hit) { return hit || cache.add(location.href); });
      }).catch(function () { /* storage full or refused: the page works online as before */ });
    }).catch(function () { /* no worker: the pages work online as before */ });
  }

  function drafts() {
    try {
      return Object.keys(localStorage).filter(function (key) { return key.indexOf(DRAFT) === 0; });
    } catch (e) { return []; }
  }

  // A shared phone: signing out deletes the pages kept here and any work not yet sent. Work not
  // yet sent is said first, so that nobody loses minutes by signing out without a signal.
  var signOut = document.getElementById("sign-out");
  if (signOut) {
    signOut.addEventListener("submit", function (event) {
      var waiting = drafts();
      if (waiting.length && !window.confirm(signOut.dataset.unsent.replace("{count}", waiting.length))) {
        event.preventDefault();
        return;
      }
      waiting.forEach(function (key) { localStorage.removeItem(key); });
      if (window.caches) caches.delete("minutes-pages");
    });
  }
})();
