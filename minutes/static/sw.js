// The service worker: the secretary's pages open with no signal (#12).
// Static files come from the cache first (their URLs carry a content hash). The home page and the
// minutes pages come from the network and a copy is kept; with no network, the kept copy is shown.
// Other pages: the network, or a page that says there is no connection. Nothing sent (POST) passes
// through here: the form keeps unsent work in the browser's storage and sends it, once, when the
// connection returns. Signing out clears both caches (Clear-Site-Data, and app.js).
"use strict";
var PAGES = "minutes-pages";
var STATIC = "minutes-static";
var KEPT = /^\/(meetings\/\d+(\/minutes)?)?$/;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC)
      .then(function (cache) { return cache.add("/offline"); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(fromCacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(KEPT.test(url.pathname) ? fromNetworkKeeping(request) : fetch(request).catch(offlinePage));
  }
});

function offlinePage() {
  return caches.match("/offline").then(function (page) { return page || Response.error(); });
}

function fromCacheFirst(request) {
  return caches.open(STATIC).then(function (cache) {
    return cache.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
    });
  });
}

function fromNetworkKeeping(request) {
  return fetch(request).then(function (response) {
    // Not kept: a sign-in page reached by redirection (not the page asked for), and a page showing a
    // one-time message (app.js keeps a clean copy of it instead).
    if (response.ok && !response.redirected && !response.headers.has("Minutes-Flash-Shown")) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { cache.put(request.url, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES)
      .then(function (cache) { return cache.match(request.url); })
      .then(function (hit) { return hit || offlinePage(); });
  });
}
