/* The Logbook's service worker: the entry page (the Logbook's start page and its activity forms) and
   the files it needs are kept, so that the page opens in a youth centre's basement without a
   connection; the entries themselves wait in localStorage (js/logbook-offline.js). Network first:
   with a connection every page is fresh. Nothing else is kept (no unit pages, no notes). */
"use strict";
var CACHE = "kopa-logbook-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function keep(request) {
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return false; }
  return /\/logbook\/$/.test(url.pathname) || url.pathname.indexOf("/static/") === 0;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !keep(request)) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (found) { return found || Response.error(); });
  }));
});
