{% comment %}
Lao CSO Platform service worker, served at /sw.js by core.views.service_worker (which fills in the
   values below). What it does, for phones on slow or intermittent connections:
   - static files with hashed names come from its cache (they never change);
   - pages are fetched from the network first; a public page that arrived is kept (the last
     MAX_PAGES of them), and shown from the device when the network fails, with the "you are offline"
     notice of base.html switched on;
   - a page the server marks `X-Offline-Cache: private` (a form that may be filled in offline) is
     kept too, in a cache that is emptied when someone signs in or out on this device;
   - any other page is never stored: pages for signed-in users are `no-store`;
   - anything that is not a GET (form posts, sign-in) and other origins pass straight through.
   Drafts of forms filled in offline are kept and sent by static/js/offline.js, not here.
{% endcomment %}"use strict";

const VERSION = "{{ version }}";
const STATIC_CACHE = "laocso-static-" + VERSION;
const PAGES_CACHE = "laocso-pages";
const PRIVATE_CACHE = "laocso-private";
const PRECACHE = {{ precache|safe }};
const OFFLINE_PAGES = {{ offline_pages|safe }};
const SIGN_IN_OUT = {{ sign_in_out|safe }};
const STATIC_PREFIX = {{ static_prefix|safe }};
const LANGUAGES = {{ languages|safe }};
const MAX_PAGES = 40;
// On a link that answers nothing for this long, show the saved copy (the request goes on, and its answer
// replaces the copy for next time).
const SLOW_NETWORK_MS = 12000;
const HASHED = /\.[0-9a-f]{12}\.[a-z0-9]+$/;

function languageOf(url) {
  const first = new URL(url).pathname.split("/")[1];
  return LANGUAGES.includes(first) ? first : LANGUAGES[0];
}

async function precacheFor(languages) {
  const cache = await caches.open(STATIC_CACHE);
  const urls = PRECACHE.concat(languages.map((code) => OFFLINE_PAGES[code]));
  // Files the page has just loaded come from the browser's HTTP cache: no second download.
  await Promise.all(urls.map(async (url) => {
    if (await cache.match(url)) return;
    const response = await fetch(url, { credentials: "omit" });
    if (response.ok) await cache.put(url, response);
  }));
}

self.addEventListener("install", (event) => {
  // Only the offline page of the languages the visitor is reading (the other comes when first needed).
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const languages = [...new Set(windows.map((client) => languageOf(client.url)))];
    await precacheFor(languages.length ? languages : [LANGUAGES[0]]);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith("laocso-static-") && name !== STATIC_CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

function keepable(request, response) {
  if (Object.values(OFFLINE_PAGES).includes(new URL(request.url).pathname)) return null;
  if (!response.ok || response.type !== "basic" || response.redirected) return null;
  if (!(response.headers.get("Content-Type") || "").startsWith("text/html")) return null;
  const control = (response.headers.get("Cache-Control") || "").toLowerCase();
  if (!/no-store|private/.test(control)) return PAGES_CACHE;
  if (response.headers.get("X-Offline-Cache") === "private") return PRIVATE_CACHE;
  return null;
}

async function keep(cacheName, request, response) {
  const headers = new Headers(response.headers);
  headers.set("X-Saved-At", new Date().toISOString());
  const copy = new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
  const cache = await caches.open(cacheName);
  await cache.put(request.url, copy);
  if (cacheName === PAGES_CACHE) {
    const keys = await cache.keys();  // oldest first; put() moves a page to the end
    await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map((key) => cache.delete(key)));
  }
}

async function savedCopy(request) {
  for (const name of [PAGES_CACHE, PRIVATE_CACHE]) {
    const cache = await caches.open(name);
    const response = await cache.match(request.url);
    if (response) {
      // Switch on the notice that base.html holds hidden, with the date of the copy.
      const saved = response.headers.get("X-Saved-At") || "";
      const html = (await response.text()).replace(
        "data-offline-notice hidden", 'data-offline-notice data-saved="' + saved.replace(/[^0-9TZ:.-]/g, "") + '"');
      return new Response(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } });
    }
  }
  return null;
}

async function offlinePage(request) {
  const url = OFFLINE_PAGES[languageOf(request.url)];
  const cache = await caches.open(STATIC_CACHE);
  const page = await cache.match(url);
  if (page) return page;
  return new Response("Offline. ບໍ່ມີການເຊື່ອມຕໍ່.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

async function page(event) {
  const request = event.request;
  const network = fetch(request).then((response) => {
    const cacheName = keepable(request, response);
    if (cacheName) event.waitUntil(keep(cacheName, request, response.clone()));
    // The offline page in the language being read, if this is the first page read in it.
    if (response.ok) event.waitUntil(precacheFor([languageOf(request.url)]).catch(() => {}));
    return response;
  });
  let timer;
  const slow = new Promise((resolve) => { timer = setTimeout(resolve, SLOW_NETWORK_MS); })
    .then(() => savedCopy(request)).then((copy) => copy || network);
  try {
    return await Promise.race([network, slow]);
  } catch (error) {
    return (await savedCopy(request)) || offlinePage(request);
  } finally {
    clearTimeout(timer);
  }
}

async function staticFile(request) {
  const url = new URL(request.url);
  const cache = await caches.open(STATIC_CACHE);
  if (HASHED.test(url.pathname)) {  // never changes: the cache first
    const cached = await cache.match(request);
    if (cached) return cached;
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  }
  try {  // unhashed (development): the network first
    return await fetch(request);
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // Someone signs in or out on this device: forget the private pages kept for the last account.
    if (request.method === "POST" && SIGN_IN_OUT.includes(url.pathname)) {
      event.waitUntil(caches.delete(PRIVATE_CACHE));
    }
    return;
  }
  if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(staticFile(request));
  } else if (Object.values(OFFLINE_PAGES).includes(url.pathname) && request.mode !== "navigate") {
    // offline.js reads the texts of its messages from the offline page, also when offline.
    event.respondWith(caches.open(STATIC_CACHE).then((cache) => cache.match(url.pathname))
      .then((cached) => cached || fetch(request)));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event));
  }
});

self.addEventListener("message", (event) => {
  // The offline page lists the pages kept on this device.
  if (event.data === "saved-pages") {
    event.waitUntil((async () => {
      const cache = await caches.open(PAGES_CACHE);
      const pages = [];
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        const title = ((await response.text()).match(/<title>([^<]*)<\/title>/) || [])[1] || request.url;
        pages.push({ url: request.url, title, saved: response.headers.get("X-Saved-At") });
      }
      event.source.postMessage({ savedPages: pages.reverse() });
    })());
  }
});
