/* Lao CSO Platform: help for slow and intermittent connections. Every page works without this script.

   1. Registers the service worker (/sw.js, see templates/core/sw.js), which keeps recently visited
      public pages readable offline.
   2. Shows the "you are offline" notice of base.html when the connection drops, or when the page shown
      is the copy saved on the device.
   3. Offline drafts of forms marked <form data-offline-draft="Title shown in messages">:
      - what is typed is kept on the device (localStorage, keyed by the form's action URL) and put
        back when the form is opened again;
      - the form carries a hidden `idempotency_key` (the server renders one; added here if missing);
        the same draft always goes with the same key, so a draft sent twice is applied once;
      - on submit the draft is sent with fetch() and the header `X-Offline-Draft: 1`; when there is no
        connection it waits on the device and is sent when the connection returns (on the `online`
        event, on the next page load, and every 30 s while a page is open);
      - the server answers with `X-Draft-Status`: `saved` or `duplicate` (optionally with
        `X-Draft-Location`, the page to go to; a plain redirect after the POST also counts as saved),
        `conflict` (409: the record changed since the draft was started; the draft comes back with the
        server's current `version`, so that sending again is a deliberate overwrite) or `invalid`
        (the form with its errors). Fields named in data-draft-fresh (default "version") take the
        server's value after a conflict.
      File inputs are not kept. Message texts come from the offline page, in the page's language. */
(function () {
  "use strict";

  const script = document.currentScript;
  const config = script ? script.dataset : {};
  const DRAFT_PREFIX = "laocso:draft:";
  const KEY_FIELD = "idempotency_key";
  const NOT_KEPT = new Set(["csrfmiddlewaretoken"]);
  const RETRY_MS = 30000;
  const SEND_TIMEOUT_MS = 90000;

  // == The service worker, registered once the page has loaded so that it does not compete with it ==
  if (config.sw && "serviceWorker" in navigator) {
    window.addEventListener("load", () => {
      navigator.serviceWorker.register(config.sw, { scope: "/" }).catch(() => {});
    });
  }

  const language = document.documentElement.lang || "lo";

  function formatDate(iso) {
    const date = new Date(iso);
    if (isNaN(date)) return "";
    try {
      return date.toLocaleString(language, { dateStyle: "medium", timeStyle: "short" });
    } catch (error) {
      return date.toLocaleString();
    }
  }

  // == The offline notice ==
  function updateNotice() {
    const notice = document.getElementById("offline-notice");
    if (!notice) return;
    const saved = notice.dataset.saved;
    if (saved !== undefined) {
      const copy = notice.querySelector("[data-offline-copy]");
      const time = notice.querySelector("[data-offline-saved]");
      if (time && saved) {
        time.dateTime = saved;
        time.textContent = formatDate(saved);
      }
      if (copy) copy.hidden = false;
    }
    notice.hidden = saved === undefined && navigator.onLine;
  }

  // == Message texts, from the hidden block of the offline page (kept by the service worker) ==
  let texts = null;
  async function text(name, values) {
    if (!texts) {
      texts = {};
      try {
        const response = await fetch(config.offline, { credentials: "omit" });
        const doc = new DOMParser().parseFromString(await response.text(), "text/html");
        doc.querySelectorAll("[data-text]").forEach((node) => { texts[node.dataset.text] = node.textContent.trim(); });
      } catch (error) {
        texts = null;
      }
    }
    let message = (texts && texts[name]) || FALLBACK[name] || name;
    for (const [key, value] of Object.entries(values || {})) message = message.split("{" + key + "}").join(value);
    return message;
  }
  const FALLBACK = {  // only when the offline page cannot be had (no service worker and no connection)
    queued: "ບໍ່ມີການເຊື່ອມຕໍ່: ບັນທຶກໄວ້ໃນເຄື່ອງນີ້ແລ້ວ. / Offline: saved on this device; it will be sent when the connection returns.",
  };

  // == Drafts ==
  const storage = (() => {
    try {
      window.localStorage.setItem("laocso:probe", "1");
      window.localStorage.removeItem("laocso:probe");
      return window.localStorage;
    } catch (error) {
      return null;
    }
  })();

  function here() {
    return location.pathname + location.search;
  }

  function actionOf(form) {
    const url = new URL(form.getAttribute("action") || location.href, location.href);
    url.hash = "";
    return url.href;
  }

  function readDraft(url) {
    try {
      return JSON.parse(storage.getItem(DRAFT_PREFIX + url));
    } catch (error) {
      return null;
    }
  }

  function writeDraft(draft) {
    try {
      storage.setItem(DRAFT_PREFIX + draft.url, JSON.stringify(draft));
    } catch (error) {
      // storage full: the form still works online
    }
  }

  function deleteDraft(url) {
    storage.removeItem(DRAFT_PREFIX + url);
  }

  function allDrafts() {
    const drafts = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key && key.startsWith(DRAFT_PREFIX)) {
        const draft = readDraft(key.slice(DRAFT_PREFIX.length));
        if (draft) drafts.push(draft);
      }
    }
    return drafts;
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function capture(form, status, submitter) {
    let data;
    try {
      data = submitter ? new FormData(form, submitter) : new FormData(form);
    } catch (error) {
      data = new FormData(form);
    }
    const fields = [];
    for (const [name, value] of data) {
      if (!NOT_KEPT.has(name) && typeof value === "string") fields.push([name, value]);
    }
    const token = form.querySelector("input[name=csrfmiddlewaretoken]");
    const draft = {
      url: actionOf(form),
      page: here(),
      title: form.dataset.offlineDraft || document.title,
      enctype: form.enctype,
      fields,
      token: token ? token.value : "",
      status,
      saved: new Date().toISOString(),
    };
    writeDraft(draft);
    return draft;
  }

  function restore(form, draft, fresh) {
    const values = new Map();
    for (const [name, value] of draft.fields) {
      if (!values.has(name)) values.set(name, []);
      values.get(name).push(value);
    }
    const used = new Map();
    for (const field of form.elements) {
      const name = field.name;
      if (!name || NOT_KEPT.has(name) || fresh.has(name) || ["file", "submit", "button", "reset"].includes(field.type)) continue;
      const kept = values.get(name) || [];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = kept.includes(field.value);
      } else if (field.tagName === "SELECT" && field.multiple) {
        for (const option of field.options) option.selected = kept.includes(option.value);
      } else if (values.has(name)) {
        const index = used.get(name) || 0;
        if (index < kept.length) field.value = kept[index];
        used.set(name, index + 1);
      }
    }
  }

  function statusBox(form) {
    let box = form.querySelector(".draft-status");
    if (!box) {
      box = document.createElement("div");
      box.className = "draft-status";
      box.setAttribute("role", "status");
      form.prepend(box);
    }
    return box;
  }

  async function say(box, name, values) {
    box.textContent = await text(name, values);
    box.hidden = false;
  }

  function noticeArea() {
    let area = document.getElementById("draft-notices");
    if (!area) {
      area = document.createElement("div");
      area.id = "draft-notices";
      area.className = "draft-notices";
      area.setAttribute("role", "status");
      const main = document.querySelector("main") || document.body;
      main.prepend(area);
    }
    return area;
  }

  async function notify(name, draft, href) {
    const item = document.createElement("p");
    item.className = "message message-" + (name === "sent" || name === "duplicate" ? "success" : "warning");
    item.append(await text(name, { title: draft.title }) + " ");
    if (href) {
      const link = document.createElement("a");
      link.href = href;
      link.textContent = await text("open");
      item.append(link);
    }
    noticeArea().append(item);
  }

  function signInPath(url) {
    const path = new URL(url).pathname;
    const wanted = (config.signIn || "/accounts/sign-in/").replace(/^\/[a-z]{2}\//, "/");
    return path.replace(/^\/[a-z]{2}\//, "/") === wanted;
  }

  function pageToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  async function send(draft) {
    const body = draft.enctype === "multipart/form-data" ? new FormData() : new URLSearchParams();
    for (const [name, value] of draft.fields) body.append(name, value);
    body.append("csrfmiddlewaretoken", pageToken() || draft.token);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), SEND_TIMEOUT_MS);
    let response;
    try {
      response = await fetch(draft.url, {
        method: "POST", body, credentials: "same-origin", signal: abort.signal,
        headers: { "X-Offline-Draft": "1" },
      });
    } catch (error) {
      return { outcome: "network" };
    } finally {
      clearTimeout(timer);
    }
    const said = response.headers.get("X-Draft-Status");
    const location = response.headers.get("X-Draft-Location") || (response.redirected ? response.url : "");
    if (said === "saved" || said === "duplicate") return { outcome: said, location };
    if (!said && response.redirected && signInPath(response.url)) return { outcome: "signin", location: response.url };
    if (!said && response.redirected && response.ok) return { outcome: "saved", location };
    if (said === "conflict" || response.status === 409) return { outcome: "conflict", response };
    if (response.status === 403) return { outcome: "refused", response };
    if (response.status >= 500) return { outcome: "network" };  // try again later
    return { outcome: "invalid", response };
  }

  // What happens after an answer, on the page of the form itself.
  async function settleHere(draft, result) {
    if (result.outcome === "saved" || result.outcome === "duplicate") {
      deleteDraft(draft.url);
      if (result.location) window.location.assign(result.location);
      else window.location.reload();
      return;
    }
    if (result.outcome === "network") {
      draft.status = "queued";
      writeDraft(draft);
      const form = findForm(draft.url);
      if (form) await say(statusBox(form), "queued");
      updateNotice();
      return;
    }
    if (result.outcome === "signin") {
      window.location.assign(result.location);
      return;
    }
    // The server's page (the form with the reason): show it in place of this one.
    draft.status = result.outcome === "conflict" ? "conflict" : "invalid";
    writeDraft(draft);
    const doc = new DOMParser().parseFromString(await result.response.text(), "text/html");
    document.title = doc.title;
    document.body.replaceWith(document.adoptNode(doc.body));
    if (result.response.url) history.replaceState(null, "", result.response.url);
    start();
    const focus = document.querySelector(".form-errors, .field-errors, .messages, h1");
    if (focus) {
      focus.setAttribute("tabindex", "-1");
      focus.focus();
    }
  }

  // What happens after an answer to a draft sent in the background, from another page.
  async function settleElsewhere(draft, result) {
    if (result.outcome === "network") return;
    if (result.outcome === "saved" || result.outcome === "duplicate") {
      deleteDraft(draft.url);
      await notify(result.outcome === "saved" ? "sent" : "duplicate", draft, result.location);
      return;
    }
    draft.status = result.outcome;
    writeDraft(draft);
    await notify(result.outcome, draft, draft.page);
  }

  function findForm(url) {
    return Array.from(document.querySelectorAll("form[data-offline-draft]")).find((form) => actionOf(form) === url);
  }

  let sending = false;
  async function sendQueued() {
    if (!storage || sending || !navigator.onLine) return;
    const run = async () => {
      sending = true;
      try {
        for (const queued of allDrafts().filter((draft) => draft.status === "queued")) {
          const draft = readDraft(queued.url);  // another tab may have sent it meanwhile
          if (!draft || draft.status !== "queued") continue;
          const form = findForm(draft.url);
          if (form) await say(statusBox(form), "sending");
          const result = await send(draft);
          if (form && draft.page === here()) await settleHere(draft, result);
          else await settleElsewhere(draft, result);
          if (result.outcome === "network") break;
        }
      } finally {
        sending = false;
      }
    };
    // One tab at a time sends (the server's idempotency keys catch the rest).
    if (navigator.locks) await navigator.locks.request("laocso-drafts", { ifAvailable: true }, (lock) => lock && run());
    else await run();
  }

  function startForm(form) {
    const url = actionOf(form);
    let key = form.querySelector("input[name=" + KEY_FIELD + "]");
    if (!key) {
      key = document.createElement("input");
      key.type = "hidden";
      key.name = KEY_FIELD;
      form.append(key);
    }
    if (!key.value) key.value = newKey();
    const draft = readDraft(url);
    if (draft && draft.page === here()) {
      const fresh = new Set(draft.status === "conflict" ? (form.dataset.draftFresh || "version").split(/\s+/) : []);
      restore(form, draft, fresh);
      const box = statusBox(form);
      const message = { queued: "queued", conflict: "conflict-restored" }[draft.status] || "restored";
      say(box, message, { date: formatDate(draft.saved) });
      const discard = document.createElement("button");
      discard.type = "button";
      discard.className = "link-button draft-discard";
      text("discard").then((label) => { discard.textContent = label; });
      discard.addEventListener("click", () => {
        deleteDraft(url);
        window.location.reload();
      });
      box.after(discard);
    }
    let timer;
    const keep = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const previous = readDraft(url);
        capture(form, previous && previous.status === "queued" ? "queued" : "editing");
      }, 300);
    };
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearTimeout(timer);
      const draft = capture(form, "queued", event.submitter);
      const box = statusBox(form);
      if (!navigator.onLine) {
        await say(box, "queued");
        updateNotice();
        return;
      }
      await say(box, "sending");
      if (sending) return;  // the queue is being sent already; it includes this draft
      sending = true;
      let result;
      try {
        result = await send(draft);
      } finally {
        sending = false;
      }
      await settleHere(draft, result);
    });
  }

  function start() {
    updateNotice();
    if (storage) document.querySelectorAll("form[data-offline-draft]").forEach(startForm);
    const list = document.querySelector("[data-saved-pages]");
    if (list) listSavedPages(list);
  }

  // == The offline page lists the pages saved on this device ==
  function listSavedPages(list) {
    if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return;
    navigator.serviceWorker.addEventListener("message", (event) => {
      const pages = (event.data && event.data.savedPages) || [];
      const decode = document.createElement("textarea");
      for (const saved of pages) {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = saved.url;
        decode.innerHTML = saved.title;
        link.textContent = decode.value;
        item.append(link);
        list.append(item);
      }
      list.closest("[hidden]")?.removeAttribute("hidden");
    });
    navigator.serviceWorker.controller.postMessage("saved-pages");
  }

  start();
  window.addEventListener("offline", updateNotice);
  window.addEventListener("online", () => {
    updateNotice();
    sendQueued();
  });
  if (storage) {
    sendQueued();
    setInterval(() => {
      if (document.visibilityState === "visible" && allDrafts().some((draft) => draft.status === "queued")) sendQueued();
    }, RETRY_MS);
  }
})();
