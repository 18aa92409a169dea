// After the Session: service worker. The build fills in VERSION, BASE, FILES
// and HASHED (src/build/offline.rs; the hashed-name rule is
// src/build/hashing.rs). Pages are fetched from the network first, so a new
// version shows as soon as it is deployed, and from the cache when offline;
// files named with a content hash come from the cache. A new worker waits
// until the reader chooses "Reload" in the app.
const VERSION = "__VERSION__";
const BASE = "__BASE__";
const FILES = [/*__FILES__*/];
const CACHE = "after-the-session-" + VERSION;
const HASHED = new RegExp("__HASHED__");

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("after-the-session-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

async function networkFirst(request, fallback) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = (await cache.match(request, { ignoreSearch: true })) || (fallback && (await cache.match(fallback)));
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  if (request.mode === "navigate") {
    // A path without its trailing slash is the same page.
    const page = url.pathname.endsWith("/") || url.pathname.includes(".") ? url.pathname : url.pathname + "/";
    event.respondWith(networkFirst(request, FILES.includes(page) ? page : BASE + "404.html"));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});
