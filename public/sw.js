// After the Session: service worker. The build fills in VERSION, BASE, FILES
// and HASHED (src/build/offline.rs; the hashed-name rule is
// src/build/hashing.rs).
//
// - Install: every file is fetched past the HTTP cache (`cache: "reload"`),
//   so a new version's cache never holds an old page naming files that only
//   the old cache had. Only complete OK answers are kept; one bad answer
//   fails the install, and the old version stays in charge.
// - Pages come from the network first, so a new deployment shows at once;
//   from the cache when offline, or when the network has not answered in
//   PAGE_TIMEOUT_MS. Files named with a content hash come from the cache.
// - A new worker waits until the reader chooses "Reload" in the app; when it
//   takes over, every open tab is told (the app offers a reload there too).
const VERSION = "__VERSION__";
const BASE = "__BASE__";
const FILES = [/*__FILES__*/];
const HASHED = new RegExp("__HASHED__");
// Cache names carry the base path: two copies of the site on one origin
// (say /a/ and /b/) never delete each other's caches.
const PREFIX = "after-the-session " + BASE + " ";
const CACHE = PREFIX + VERSION;
const PAGE_TIMEOUT_MS = 3000;

// Whether a response may be kept: a whole 200 from this origin, not a
// redirect (a redirected answer cannot stand in for a navigation).
function isComplete(response) {
  return !!response && response.status === 200 && response.type === "basic" && !response.redirected;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await Promise.all(
        FILES.map(async (url) => {
          const response = await fetch(new Request(url, { cache: "reload" }));
          if (!isComplete(response)) throw new Error(`cannot keep ${url}: ${response.status}`);
          await cache.put(url, response);
        }),
      );
    })().catch(async (error) => {
      // Leave no half-filled cache behind; the old version stays.
      await caches.delete(CACHE);
      throw error;
    }),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keys = await caches.keys();
      // This site's older versions, and the names used before they carried the base.
      const old = keys.filter((k) => (k.startsWith(PREFIX) && k !== CACHE) || /^after-the-session-[0-9a-f]{16}$/.test(k));
      await Promise.all(old.map((k) => caches.delete(k)));
      await self.clients.claim();
      if (old.length > 0) {
        const tabs = await self.clients.matchAll({ type: "window" });
        for (const tab of tabs) tab.postMessage({ type: "updated", version: VERSION });
      }
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

async function fromCache(request, fallback) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request, { ignoreSearch: true })) || (fallback && (await cache.match(fallback)));
}

async function networkFirst(request, fallback, timeoutMs) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then((response) => {
    if (isComplete(response)) cache.put(request, response.clone());
    return response;
  });
  let timer;
  const late = timeoutMs
    ? new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      })
    : new Promise(() => {});
  try {
    const first = await Promise.race([network, late]);
    if (first) return first;
    // The network is slow to answer: the kept copy, if there is one.
    const cached = await fromCache(request, fallback);
    return cached || (await network);
  } catch (error) {
    const cached = await fromCache(request, fallback);
    if (cached) return cached;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (isComplete(response)) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  if (request.mode === "navigate") {
    // A path without its trailing slash is the same page.
    const page = url.pathname.endsWith("/") || url.pathname.includes(".") ? url.pathname : url.pathname + "/";
    event.respondWith(networkFirst(request, FILES.includes(page) ? page : BASE + "404.html", PAGE_TIMEOUT_MS));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});
