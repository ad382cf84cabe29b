/* Loa as an installable app (issue 22): every page registers the service worker (/sw.js, served by
   loa.offline.views_pwa from loa/offline/static/offline/sw.js), which keeps the offline entry page and its files.
   When someone is signed in, the base template names that page in data-keep and the worker is asked to store it
   if it has not already (it refuses anything but its own pages and static files), so the app opens without a
   connection even when the officer never visited the page online. Browsers without service workers (or a site
   served over plain HTTP) simply skip all this. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  var script = document.currentScript;
  var keep = script && script.dataset.keep;

  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").then(function () {
      if (!keep) { return null; }
      return navigator.serviceWorker.ready.then(function (registration) {
        if (registration.active) { registration.active.postMessage({ type: "cache", urls: [keep] }); }
      });
    }).catch(function () {
      // No worker (private mode, storage blocked, an error in sw.js): the site works as before, online only.
    });
  });
})();
