/* Loa's service worker. loa.offline.views_pwa serves it at /sw.js (so that its scope is the whole site) with one
   line written before this one: PRECACHE, the addresses stored when it installs (the offline entry page, its help
   and fallback pages, the manifest, and the static files those pages load, under production's hashed names), and
   VERSION, a hash of this script and that list. A deployment that changes either installs a new worker, which
   takes over at once and deletes the caches of every other VERSION.

   - Static files (/static/): from the cache first. Hashed names never change; an unhashed name (development) is
     answered from the cache and refreshed behind it, so an edited file shows from the next load.
   - The pages of PRECACHE (/offline/ and its help and fallback pages): from the network, the copy in the cache
     updated each time; from the cache when there is no network, when the server fails (5xx), or when the network
     takes longer than SLOW_MS (the network's answer still updates the copy for next time).
   - Any other page: the network; without it, the stored fallback page ("this page needs the network").
   - Never /api/ (the outbox's sync must reach the server or fail), never anything but GET, never another origin.
   The entry page may post {type: "cache", urls: [...]} to have its own files stored (static files and PRECACHE
   pages only). Nothing here holds text for people: the fallback page is a Django template like any other. */
(function () {
  "use strict";

  var PREFIX = "loa-offline-";
  var CACHE = PREFIX + VERSION;
  var STATIC = "/static/"; // settings.STATIC_URL
  var FALLBACK = "/offline/fallback/"; // offline:fallback, in PRECACHE
  var HASHED = /\.[0-9a-f]{12}\.[A-Za-z0-9]+$/; // ManifestStaticFilesStorage's names (as in deploy/nginx/loa.conf)
  var SLOW_MS = 6000;
  var origin = self.location.origin;
  var precached = new Set(PRECACHE.map(function (path) { return new URL(path, origin).href; }));

  function noop() { return undefined; }

  // Worth keeping: complete, from this site, and not a redirect (a page cannot be answered with a redirected
  // response, and the sign-in page must never stand in for the entry page).
  function keepable(response) {
    return !!response && response.ok && response.type === "basic" && !response.redirected;
  }

  function fromCache(url, ignoreSearch) {
    return caches.open(CACHE).then(function (cache) {
      return cache.match(url, { ignoreVary: true, ignoreSearch: !!ignoreSearch });
    });
  }

  // One address into the new cache at install. When it cannot be fetched now (no network, or the session is gone
  // and the entry page sends to the sign-in page) the copy an earlier VERSION kept is carried over, so an update
  // never loses the offline page.
  function install(cache, path) {
    var url = new URL(path, origin).href;
    return fetch(new Request(url, { credentials: "same-origin", cache: "no-cache" })).then(function (response) {
      if (keepable(response)) { return cache.put(url, response).then(function () { return true; }); }
      return false;
    }, function () { return false; }).then(function (stored) {
      if (stored) { return null; }
      return caches.match(url, { ignoreVary: true }).then(function (old) { return old ? cache.put(url, old) : null; });
    });
  }

  self.addEventListener("install", function (event) {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return Promise.all(PRECACHE.map(function (path) { return install(cache, path); }));
    }).then(function () { return self.skipWaiting(); }));
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key.indexOf(PREFIX) === 0 && key !== CACHE; })
        .map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); }));
  });

  function page(event, url) {
    var address = url.origin + url.pathname; // pages are kept without their query string
    var kept = precached.has(address);
    var saved = Promise.resolve();
    var network = fetch(event.request).then(function (response) {
      if (kept && keepable(response)) {
        var copy = response.clone();
        saved = caches.open(CACHE).then(function (cache) { return cache.put(address, copy); });
      }
      return response;
    });
    event.waitUntil(network.then(function () { return saved; }, noop));
    if (!kept) {
      return network.catch(function () {
        return fromCache(new URL(FALLBACK, origin).href).then(function (fallback) { return fallback || Response.error(); });
      });
    }
    return new Promise(function (resolve) {
      var done = false;
      function answer(response) {
        if (!done && response) { done = true; resolve(response); }
      }
      network.then(function (response) {
        if (response.status < 500) { answer(response); return null; }
        return fromCache(address, true).then(function (copy) { answer(copy || response); });
      }, function () {
        return fromCache(address, true).then(function (copy) {
          return copy || fromCache(new URL(FALLBACK, origin).href);
        }).then(function (copy) { answer(copy || Response.error()); });
      });
      // A link that answers too slowly: the kept copy now (if there is one), the network's answer for next time.
      setTimeout(function () { fromCache(address, true).then(answer); }, SLOW_MS);
    });
  }

  function staticFile(event) {
    var request = event.request;
    return caches.open(CACHE).then(function (cache) {
      return cache.match(request, { ignoreVary: true }).then(function (hit) {
        if (hit && HASHED.test(new URL(request.url).pathname)) { return hit; }
        var refresh = fetch(request).then(function (response) {
          if (!keepable(response)) { return response; }
          return cache.put(request, response.clone()).then(function () { return response; });
        });
        if (hit) {
          event.waitUntil(refresh.catch(noop));
          return hit;
        }
        return refresh;
      });
    });
  }

  function networkFirst(event, url) {
    var saved = Promise.resolve();
    var network = fetch(event.request).then(function (response) {
      if (keepable(response)) {
        var copy = response.clone();
        saved = caches.open(CACHE).then(function (cache) { return cache.put(url.href, copy); });
      }
      return response;
    });
    event.waitUntil(network.then(function () { return saved; }, noop));
    return network.catch(function () {
      return fromCache(url.href).then(function (copy) { return copy || Response.error(); });
    });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "GET") { return; }
    var url = new URL(request.url);
    if (url.origin !== origin || url.pathname.indexOf("/api/") === 0) { return; }
    if (request.mode === "navigate") {
      event.respondWith(page(event, url));
    } else if (url.pathname.indexOf(STATIC) === 0) {
      event.respondWith(staticFile(event));
    } else if (precached.has(url.href)) {
      event.respondWith(networkFirst(event, url));
    }
  });

  // {type: "cache", urls: [...]}: a page asks for its own files (or the entry page) to be kept; anything else of
  // the site is refused, and what is already kept is not fetched again.
  self.addEventListener("message", function (event) {
    var message = event.data || {};
    if (message.type !== "cache" || !Array.isArray(message.urls)) { return; }
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return Promise.all(message.urls.slice(0, 100).map(function (raw) {
        var url;
        try {
          url = new URL(String(raw), origin);
        } catch {
          return null; // not an address
        }
        var isStatic = url.pathname.indexOf(STATIC) === 0;
        if (url.origin !== origin || !(isStatic || precached.has(url.origin + url.pathname))) { return null; }
        var address = isStatic ? url.href : url.origin + url.pathname;
        return cache.match(address, { ignoreVary: true }).then(function (hit) {
          if (hit) { return null; }
          return fetch(address, { credentials: "same-origin" }).then(function (response) {
            return keepable(response) ? cache.put(address, response) : null;
          }).catch(noop);
        });
      }));
    }));
  });
})();
