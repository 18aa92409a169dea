// After the Session: service worker. The build fills in VERSION, BASE, FILES
// and HASHED (src/build/offline.rs; the hashed-name rule is
// src/build/hashing.rs). VERSION is a digest of every file kept and of this
// worker's own text.
//
// - Install: every file is revalidated with the host (`cache: "no-cache"`),
//   so a new version's cache never holds an old page naming files that only
//   the old cache had, while a file the browser holds unchanged (the page and
//   bundle of a first visit) comes as a "304 Not Modified", not again whole.
//   Only complete OK answers are kept; one bad answer fails the install, and
//   the old version stays in charge.
// - A page is kept without the host's Content-Security-Policy header: its
//   own <meta> policy (the same, less frame-ancestors, which X-Frame-Options
//   still covers) always matches its inline code, while a host's header can
//   lag behind a deployment (nginx and Caddy read it only when reloaded),
//   and a kept copy with a stale header would never run offline.
// - Pages of the app come from the network first, so a new deployment shows
//   at once; from the cache when offline, or when the network has not
//   answered in PAGE_TIMEOUT_MS. `/x/index.html` and `/x` are page `/x/`.
//   Any other page under BASE is left to the network, with the app's
//   not-found page only when there is no network. Files named with a
//   content hash come from the cache.
// - A new worker waits until the reader chooses "Reload" in the app; when it
//   takes over, every open tab is told (the app offers a reload there too).
//   Every page names its version in a <meta> (the build fills it in), and
//   the app asks a waiting worker for its own: a page already of that
//   version is offered nothing.
const VERSION = "__VERSION__";
const BASE = "__BASE__";
const FILES = [/*__FILES__*/];
const HASHED = new RegExp("__HASHED__");
// Cache names carry the base path: two copies of the site on one origin
// (say /a/ and /b/) never delete each other's caches.
const PREFIX = "after-the-session " + BASE + " ";
const CACHE = PREFIX + VERSION;
const PAGE_TIMEOUT_MS = 3000;

// Whether a response may be kept: a whole 200 from this origin (after
// same-origin redirects, as a host that drops ".html" answers).
function isComplete(response) {
  return !!response && response.status === 200 && response.type === "basic";
}

// The copy to keep: never marked as redirected (such an answer cannot stand
// in for a navigation), and a page without the host's policy header (see
// above).
async function keepable(response) {
  const page = (response.headers.get("Content-Type") || "").startsWith("text/html");
  if (!response.redirected && !(page && response.headers.has("Content-Security-Policy"))) return response;
  const headers = new Headers(response.headers);
  if (page) headers.delete("Content-Security-Policy");
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      // A worker of the same version (only ever one whose files are all
      // kept) leaves the cache as it found it if this install fails.
      const existed = await caches.has(CACHE);
      try {
        const cache = await caches.open(CACHE);
        await Promise.all(
          FILES.map(async (url) => {
            const response = await fetch(new Request(url, { cache: "no-cache" }));
            if (!isComplete(response)) throw new Error(`cannot keep ${url}: ${response.status}`);
            await cache.put(url, await keepable(response));
          }),
        );
      } catch (error) {
        // Leave no half-filled cache behind; the old version stays.
        if (!existed) await caches.delete(CACHE);
        throw error;
      }
    })(),
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
  // A page asks a waiting worker which version it is: a page that is of
  // that version already (loaded from the network) is offered no reload.
  else if (event.data === "version?" && event.source) event.source.postMessage({ type: "version", version: VERSION });
});

async function fromCache(key) {
  const cache = await caches.open(CACHE);
  return cache.match(key, { ignoreSearch: true });
}

// The network's answer, kept under `key` (a page's own address, without
// its query); the kept copy when the network fails or, with `timeoutMs`,
// is slow.
async function networkFirst(request, key, timeoutMs) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then((response) => {
    if (isComplete(response)) keepable(response.clone()).then((copy) => cache.put(key, copy)).catch(() => {});
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
    const cached = await fromCache(key);
    return cached || (await network);
  } catch (error) {
    const cached = await fromCache(key);
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

// A page that is not one of the app's (an unknown address, or another
// part of the same site): the network's answer, however slow, and never
// kept; the app's not-found page only when there is no network at all.
async function notOurs(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cached = await fromCache(BASE + "404.html");
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  if (request.mode === "navigate") {
    // `/x/index.html` and `/x` (no trailing slash) are page `/x/`.
    const path = url.pathname.replace(/\/index\.html$/, "/");
    const page = path.endsWith("/") || path.split("/").pop().includes(".") ? path : path + "/";
    event.respondWith(FILES.includes(page) ? networkFirst(request, page, PAGE_TIMEOUT_MS) : notOurs(request));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request, request));
  }
});
