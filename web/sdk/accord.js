/*! Accord consent SDK: banner, blocking, Google Consent Mode v2, GPC. Dependency-free ES2017. */
(() => {
  "use strict";
  if (window.accord && window.accord.version) return;
  const CSS = "__ACCORD_CSS__"; // the server puts accord.css here, so one request brings both
  const me = document.currentScript || document.querySelector("script[data-property][src*='accord.js']");
  if (!me) return;
  const ds = me.dataset, property = ds.property, COOKIE = "accord_consent", DAY = 864e5;
  const base = me.src.replace(/\/sdk\/accord\.js.*$/, ""), url = `${base}/v1/properties/${encodeURIComponent(property)}`;
  const cacheKey = `accord:${property}:${ds.region || ""}`; // the last experience, for offline use and GCM defaults
  const GCM = ["ad_storage", "analytics_storage", "ad_user_data", "ad_personalization",
    "functionality_storage", "personalization_storage", "security_storage"];
  const handlers = {};
  let exp = null, state = readCookie(), gpcOn = false, root = null, lastFocus = null;
  let dismissable = false, wantShow = false, running = false, syncing = false, tries = 0, timer = 0, loaded = 0, started;
  const booted = new Promise((r) => { started = r; });
  const mark = (name) => window.performance && performance.mark && performance.mark(name);
  mark("accord:start");

  // Google Consent Mode v2: the default goes into the dataLayer before any tag can read it.
  window.dataLayer = window.dataLayer || [];
  function gtag() { window.dataLayer.push(arguments); }
  const cached = readCache();
  let lastGcm = gcm(cached);
  gtag("consent", "default", Object.assign({}, lastGcm, { wait_for_update: 500 }));
  lastGcm = JSON.stringify(lastGcm);

  // IAB __tcfapi/__gpp stub (data-tcf, or where they applied last time): queues calls until accord-tcf.js loads.
  const stubbed = "tcf" in ds || !!(cached && (cached.tcfApplies || cached.gppApplies));
  if (stubbed) {
    [["__tcfapi", "__tcfapiLocator"], ["__gpp", "__gppLocator"]].forEach(([name, locator]) => {
      if (window[name]) return;
      const f = window[name] = function (cmd, a, b) {
        const cb = name === "__gpp" ? a : b;
        if (cmd === "ping" && typeof cb === "function") cb({ cmpStatus: "stub", cmpLoaded: false, gppVersion: "1.1" }, true);
        else f.q.push(arguments);
      };
      f.q = [];
      ready(() => { const i = document.createElement("iframe"); i.name = locator; i.hidden = true; document.body.appendChild(i); });
    });
    addEventListener("message", (ev) => {
      let d = ev.data;
      const text = typeof d === "string";
      try { if (text) d = JSON.parse(d); } catch (_) { return; }
      const tcf = d && d.__tcfapiCall, c = tcf || (d && d.__gppCall);
      if (!c || !ev.source) return;
      const reply = (returnValue, success) => {
        const m = { [tcf ? "__tcfapiReturn" : "__gppReturn"]: { returnValue, success, callId: c.callId } };
        ev.source.postMessage(text ? JSON.stringify(m) : m, "*");
      };
      if (tcf) window.__tcfapi(c.command, c.version, reply, c.parameter);
      else window.__gpp(c.command, reply, c.parameter, c.version);
    });
  }

  const style = document.createElement("style");
  style.nonce = me.nonce || me.getAttribute("nonce") || "";
  style.textContent = CSS;
  (document.head || document.documentElement).appendChild(style);

  const q = new URLSearchParams({ locale: ds.locale || navigator.language || "en" });
  if (ds.region) q.set("region", ds.region);
  const controller = window.AbortController ? new AbortController() : null;
  const abort = setTimeout(() => controller && controller.abort(), 5000);
  fetch(`${url}/experience?${q}`, { signal: controller && controller.signal })
    .then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then((e) => { clearTimeout(abort); ready(() => start(e)); })
    .catch(() => ready(() => start(cached ? Object.assign(cached, { gpc: false }) : fallback())));

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn); else fn();
  }

  async function start(e) {
    exp = e;
    if (!e.offline) try { localStorage.setItem(cacheKey, JSON.stringify(e)); } catch (_) { /* private mode */ }
    if (e.tcfApplies || e.gppApplies || stubbed) {
      const s = document.createElement("script");
      s.src = `${base}/sdk/accord-tcf.js`;
      s.nonce = style.nonce;
      Object.assign(s.dataset, { property, tcf: +!!e.tcfApplies, gpp: +!!e.gppApplies, region: e.region || "", locale: e.locale });
      // show and sync wait for the module, 5 s at most
      loaded = new Promise((r) => { s.onload = s.onerror = r; setTimeout(r, 5e3); });
      document.head.appendChild(s);
    }
    gpcOn = e.honoursGPC && (navigator.globalPrivacyControl === true || e.gpc === true);
    let reask = false;
    if (state) {
      state.c = state.c || {};
      // A new policy asks again only for purposes it changed; 0: chosen offline.
      e.purposes.forEach((p) => {
        const changed = state.v && state.v !== e.policyVersion && p.changed;
        const expired = state.t + p.lifetimeDays * DAY < Date.now();
        if (p.key in state.c && (changed || expired)) { delete state.c[p.key]; reask = true; }
      });
      state.v = e.policyVersion;
      if (state.l && !state.k) try { adopt((await (await fetch(`${url}/visitors/${state.id}/state`)).json()).purposes); } catch (_) { /* offline */ }
    }
    if (gpcOn && !(state && state.g)) {
      const c = Object.assign({}, state && state.c);
      e.purposes.forEach((p) => { if (p.gpcOptOut) c[p.key] = 0; });
      choose(c, "gpc");
    } else {
      apply(null, false);
      sync();
    }
    // A page holding the preferences (the hosted preference center) is itself the choice: no banner over it.
    const own = document.getElementById("accord-preferences");
    if (wantShow || !own && (!state || reask || (e.regime === "optIn" && missing()))) Promise.resolve(loaded).then(show);
    else own || manageLink(true);
    renderPreferences();
    started();
  }

  // A browser linked to a known subject (identify) takes the subject's choices, wherever they were made.
  function adopt(p) {
    const before = decisions();
    state.c = {};
    for (const k in p) { const v = { granted: 1, denied: 0 }[p[k].status]; if (v != null) state.c[k] = v; }
    writeCookie();
    apply(before, true);
    if (!missing()) hide();
    renderPreferences();
  }

  function missing() {
    return exp.purposes.some((p) => !p.required && !(state && p.key in state.c));
  }

  function granted(key, e = exp) {
    const p = e && e.purposes.find((x) => x.key === key);
    if (!p) return false;
    if (p.required) return true;
    if (state && state.c && key in state.c) return state.c[key] === 1;
    return p.default === "granted";
  }

  function decisions() {
    const d = {};
    exp.purposes.forEach((p) => { d[p.key] = granted(p.key); });
    return d;
  }

  function gcm(e) {
    const o = {};
    GCM.forEach((t) => { o[t] = "denied"; });
    if (!e) o.security_storage = "granted";
    else e.purposes.forEach((p) => { if (granted(p.key, e)) (p.consentMode || []).forEach((t) => { o[t] = "granted"; }); });
    return o;
  }

  function allowed(el) {
    return el.getAttribute("data-accord-purpose").split(/\s+/).every((k) => granted(k));
  }

  function all(value) {
    const c = {};
    exp.purposes.forEach((p) => { if (!p.required) c[p.key] = value; });
    return c;
  }

  function choose(c, source) {
    const before = decisions();
    state = { v: exp.policyVersion, c, t: Date.now(), id: (state && state.id) || newId(), k: rid(16), s: source,
      g: source === "gpc" || (state && state.g) ? 1 : 0, e: state && state.e, l: state && state.l };
    writeCookie();
    hide();
    apply(before, true);
    emit("consent", api.getConsent());
    renderPreferences();
    sync();
  }

  function apply(before, force) {
    const g = gcm(exp), text = JSON.stringify(g);
    if (force || text !== lastGcm) gtag("consent", "update", g);
    lastGcm = text;
    const now = decisions();
    if (before) {
      exp.purposes.forEach((p) => { if (before[p.key] && !now[p.key]) dropCookies(p.cookies || []); });
      if (JSON.stringify(before) !== JSON.stringify(now)) emit("change", api.getConsent());
    }
    runScripts();
    runFrames();
  }

  // Records the pending choice once: the idempotency key makes retries safe, success clears it.
  async function sync() {
    if (!state || !state.k || syncing) return;
    syncing = true;
    const key = state.k, choices = {};
    Object.keys(state.c).forEach((k) => { choices[k] = state.c[k] ? "granted" : "denied"; });
    const body = { subject: state.id, choices, source: state.s, gpc: gpcOn, idempotencyKey: key,
      clientTimestamp: new Date(state.t).toISOString() };
    if (exp.region) body.region = exp.region;
    if (exp.locale) body.locale = exp.locale;
    if (state.v) body.policyVersion = state.v;
    let done = false;
    try {
      if (loaded) try { await loaded; Object.assign(body, await api.signals()); } catch (_) { /* recorded without them */ }
      const headers = { "Content-Type": "application/json" };
      if (ds.formToken) headers["X-Accord-Form-Token"] = ds.formToken; // Accord's own pages
      const r = await fetch(`${url}/consents`, { method: "POST", headers, body: JSON.stringify(body), keepalive: true });
      const answer = r.ok ? await r.json() : null;
      // A refused request (4xx but 408/429) never succeeds: drop it, don't retry forever.
      done = r.ok || (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429);
      if (done && state.k === key) {
        delete state.k;
        if (answer) state.e = answer.event.id;
        writeCookie();
        renderHistory();
      }
    } catch (_) { /* unreachable: retry below */ }
    syncing = false;
    if (!done) { clearTimeout(timer); timer = setTimeout(sync, Math.min(30000, 1000 * 2 ** tries++)); }
    else { tries = 0; if (state.k) sync(); }
  }

  // Runs granted blocked scripts in document order, each external one loaded before the next.
  function runScripts() {
    if (running) return;
    const el = [...document.querySelectorAll("script[type='text/plain'][data-accord-purpose]")].find(allowed);
    if (!el) return;
    running = true;
    const s = document.createElement("script");
    [...el.attributes].forEach((a) => { if (a.name !== "type" && a.name !== "nonce") s.setAttribute(a.name, a.value); });
    if (el.hasAttribute("data-accord-type")) s.type = el.getAttribute("data-accord-type");
    s.nonce = el.nonce || "";
    s.text = el.text;
    const next = () => { running = false; runScripts(); };
    if (s.src) { s.async = false; s.onload = s.onerror = next; el.replaceWith(s); } else { el.replaceWith(s); next(); }
  }

  function runFrames() {
    document.querySelectorAll("iframe[data-accord-src][data-accord-purpose]").forEach((f) => {
      const prev = f.previousElementSibling, ph = prev && prev.classList.contains("accord-ph") ? prev : null;
      if (allowed(f)) {
        if (!f.getAttribute("src")) f.src = f.getAttribute("data-accord-src");
        f.classList.remove("accord-hidden");
        if (ph) ph.remove();
      } else if (!ph && !f.getAttribute("src")) {
        const t = (exp || fallback()).texts, div = document.createElement("div");
        div.className = "accord accord-ph";
        div.innerHTML = `<p>${esc(t.blockedContent)}</p><button type="button" class="accord-btn" data-accord-action="allow"
          data-accord-allow="${esc(f.getAttribute("data-accord-purpose"))}">${esc(t.allow)}</button>`;
        // Same box as the frame (set through CSSOM, which CSP allows), so swapping them shifts no layout.
        div.style.width = `${f.offsetWidth}px`;
        div.style.height = `${f.offsetHeight}px`;
        f.before(div);
        f.classList.add("accord-hidden");
      }
    });
  }

  function dropCookies(names) {
    const host = location.hostname.split(".");
    names.forEach((n) => {
      for (let i = 0; i <= host.length; i++) {
        const d = i < host.length ? `; Domain=${host.slice(i).join(".")}` : "";
        document.cookie = `${n}=; Max-Age=0; Path=/${d}`;
      }
    });
  }

  function purposeList(scope) {
    return `<ul>${exp.purposes.map((p) => `<li><label><input type="checkbox" data-accord-purpose="${esc(p.key)}"
      id="${scope}-${esc(p.key)}"${granted(p.key) ? " checked" : ""}${p.required ? " disabled" : ""}> <b>${esc(p.name)}</b>${
      p.required ? ` <small>(${esc(exp.texts.alwaysOn)})</small>` : ""}</label><br><small>${esc(p.description)}</small>${
      p.vendors ? `<br><small>${esc(notice().vendorsLabel)}: ${esc(p.vendors.join(", "))}</small>` : ""}</li>`)
      .join("")}</ul>`;
  }

  // Who asks, how to reach them and where to read more (the server checks both links are http(s) or mailto).
  function notice() { return exp.notice || {}; }
  function about() {
    const n = notice();
    return (n.controller ? `<p><small>${esc(n.controller)}${n.contactHref ? ` · <a href="${esc(n.contactHref)}">${
      esc(n.contact)}</a>` : ""}</small></p>` : "") + (n.policyUrl ? `<p><a href="${esc(n.policyUrl)}" target="_blank"
      rel="noopener">${esc(n.policyLabel)}</a></p>` : "");
  }

  function show() {
    if (!exp) { wantShow = true; return; }
    wantShow = false;
    hide(true);
    const t = exp.texts;
    dismissable = exp.regime !== "optIn" || (!!state && !missing());
    lastFocus = document.activeElement;
    root = document.createElement("div");
    root.id = "accord-banner";
    root.className = "accord";
    root.setAttribute("role", "dialog");
    root.setAttribute("aria-modal", "true");
    root.setAttribute("aria-labelledby", "accord-title");
    root.setAttribute("aria-describedby", "accord-desc");
    root.setAttribute("data-regime", exp.regime);
    const button = (action, label, hidden) =>
      `<button type="button" class="accord-btn" data-accord-action="${action}"${hidden ? " hidden" : ""}>${esc(label)}</button>`;
    root.innerHTML = `<h2 id="accord-title">${esc(t.title)}</h2><p id="accord-desc">${esc(t.description)}</p>${about()}${
      exp.regime === "optOut" ? `<p><a href="#" data-accord-action="do-not-sell">${esc(t.doNotSell)}</a></p>` : ""}
      <div class="accord-l2" hidden>${purposeList("accord-b")}</div><div class="accord-btns">${
      button("accept-all", t.acceptAll)}${button("reject-all", t.rejectAll)}${button("customize", t.customize)}${
      button("save", t.save, true)}${dismissable ? button("close", t.close) : ""}</div>`;
    root.addEventListener("keydown", onKey);
    document.body.appendChild(root);
    document.addEventListener("focusin", keepFocus);
    manageLink(false);
    // In a frame nobody is using (the console's live preview), taking focus would pull it out of the page around it.
    if (window === window.top || document.hasFocus()) focusables()[0].focus();
    mark("accord:shown");
    emit("show", null);
    // impression beacon, nothing identifying
    exp.offline || navigator.sendBeacon(`${url}/impressions`, JSON.stringify({ impressions: [{ region: exp.region,
      regime: exp.regime, locale: exp.locale, policyVersion: exp.policyVersion }] }));
  }

  function hide(quiet) {
    if (!root) return;
    document.removeEventListener("focusin", keepFocus);
    root.remove();
    root = null;
    manageLink(true);
    if (lastFocus && lastFocus.focus && document.contains(lastFocus)) lastFocus.focus();
    if (!quiet) emit("hide", null);
  }

  function focusables() {
    return [...root.querySelectorAll("button,a[href],input:not([disabled])")].filter((x) => x.getClientRects().length);
  }

  function keepFocus(ev) {
    if (root && !root.contains(ev.target)) focusables()[0].focus();
  }

  function onKey(ev) {
    if (ev.key === "Escape") {
      if (dismissable) { ev.preventDefault(); dismiss(); }
      return;
    }
    if (ev.key !== "Tab") return;
    const f = focusables(), first = f[0], last = f[f.length - 1];
    if (ev.shiftKey && document.activeElement === first) { last.focus(); ev.preventDefault(); }
    else if (!ev.shiftKey && document.activeElement === last) { first.focus(); ev.preventDefault(); }
  }

  // Closing a notice acknowledges it: defaults stay, nothing is recorded.
  function dismiss() {
    if (!state) { state = { v: exp.policyVersion, c: {}, t: Date.now(), id: newId(), n: 1 }; writeCookie(); }
    hide();
  }

  function manageLink(visible) {
    let link = document.getElementById("accord-manage");
    if (!visible || !exp || !document.body) { if (link) link.remove(); return; }
    if (link) return;
    link = document.createElement("button");
    link.id = "accord-manage";
    link.type = "button";
    link.setAttribute("data-accord-action", "manage");
    link.textContent = exp.texts.manage;
    document.body.appendChild(link);
  }

  // The hosted preference center (or any page) may hold <div id="accord-preferences">.
  function renderPreferences() {
    const box = document.getElementById("accord-preferences");
    if (!box || !exp) return;
    box.classList.add("accord");
    box.innerHTML = `${purposeList("accord-p")}<p class="accord-btns"><button type="button" class="accord-btn"
      data-accord-action="save">${esc(exp.texts.save)}</button><button type="button" class="accord-btn"
      data-accord-action="withdraw-all">${esc(exp.texts.rejectAll)}</button></p>${state && state.e
      ? `<p><small>${esc(new Date(state.t).toISOString())} · ${esc(state.e)}</small></p>` : ""}`;
    renderHistory();
  }

  // The visitor's history, into <ol id="accord-history"> where a page has one.
  async function renderHistory() {
    const list = document.getElementById("accord-history");
    if (!list || !state || !state.id || exp.offline) return;
    try {
      const r = await fetch(`${url}/visitors/${state.id}/events`);
      const names = {};
      exp.purposes.forEach((p) => { names[p.key] = p.name; });
      list.innerHTML = (await r.json()).events.map((e) => `<li><time datetime="${esc(e.recordedAt)}">${
        esc(new Date(e.recordedAt).toLocaleString(exp.locale))}</time>: ${Object.keys(e.choices).map((k) =>
        `${esc(names[k] || k)} ${e.choices[k] === "granted" ? "✓" : "✗"}`).join(", ")} (v${e.policyVersion}, ${esc(e.source)})</li>`)
        .join("");
    } catch (_) { /* history is optional */ }
  }

  document.addEventListener("click", (ev) => {
    const b = ev.target.closest && ev.target.closest("[data-accord-action]");
    if (!b || !exp) return;
    ev.preventDefault();
    const scope = b.closest(".accord") || document, inPrefs = scope.id === "accord-preferences";
    const source = inPrefs ? "preferenceCenter" : "banner";
    const current = Object.assign({}, state && state.c);
    switch (b.getAttribute("data-accord-action")) {
      case "accept-all": return choose(all(1), source);
      case "reject-all": case "withdraw-all": return choose(all(0), source);
      case "customize":
        scope.querySelector(".accord-l2").hidden = false;
        b.hidden = true;
        scope.querySelector("[data-accord-action=save]").hidden = false;
        return scope.querySelector("input:not([disabled])").focus();
      case "save":
        scope.querySelectorAll("input[data-accord-purpose]:not([disabled])").forEach((i) => {
          current[i.getAttribute("data-accord-purpose")] = i.checked ? 1 : 0;
        });
        return choose(current, source);
      case "do-not-sell":
        exp.purposes.forEach((p) => { if (p.gpcOptOut || (!exp.honoursGPC && !p.required)) current[p.key] = 0; });
        return choose(current, source);
      case "allow":
        b.getAttribute("data-accord-allow").split(/\s+/).forEach((k) => { current[k] = 1; });
        exp.purposes.forEach((p) => { if (!p.required && !(p.key in current)) current[p.key] = granted(p.key) ? 1 : 0; });
        return choose(current, source);
      case "close": return dismiss();
      case "manage": return show();
    }
  });

  // accord_consent (JSON; the server's form reads it too): v policy, c {purpose:1|0}, t ms, id visitor,
  // k key of an unsent choice, s its source, g GPC applied, e last event id, n notice only dismissed, l linked
  function readCookie() {
    const m = document.cookie.match(/(?:^|;\s*)accord_consent=([^;]*)/);
    try { return m ? JSON.parse(decodeURIComponent(m[1])) : null; } catch (_) { return null; }
  }

  function writeCookie() {
    const c = exp.cookie || {};
    document.cookie = `${COOKIE}=${encodeURIComponent(JSON.stringify(state))}; Path=/; Max-Age=${
      (c.lifetimeDays || 365) * 86400}; SameSite=Lax${c.domain ? `; Domain=${c.domain}` : ""}${
      location.protocol === "https:" ? "; Secure" : ""}`;
  }

  function readCache() {
    try { return JSON.parse(localStorage.getItem(cacheKey)); } catch (_) { return null; }
  }

  // API unreachable, nothing cached: opt-in for the purposes the page's blocked content names.
  function fallback() {
    const keys = new Set();
    document.querySelectorAll("[data-accord-purpose]").forEach((el) => {
      el.getAttribute("data-accord-purpose").split(/\s+/).forEach((k) => keys.add(k));
    });
    keys.delete("necessary");
    const purpose = (key, required) => ({ key, name: key[0].toUpperCase() + key.slice(1), description: "", required,
      default: required ? "granted" : "denied", lifetimeDays: 365, consentMode: required ? ["security_storage"] : [] });
    return { property, regime: "optIn", honoursGPC: false, locale: "en", policyVersion: 0, offline: true, gpc: false,
      purposes: [purpose("necessary", true)].concat([...keys].map((k) => purpose(k, false))),
      cookie: { name: COOKIE, lifetimeDays: 365 },
      texts: { title: "Your privacy choices", description: "Choose which purposes you allow; you can change your mind at any time.",
        acceptAll: "Accept all", rejectAll: "Reject all", customize: "Customize", save: "Save choices", close: "Close",
        doNotSell: "Do Not Sell or Share My Personal Information", manage: "Privacy choices", alwaysOn: "Always on",
        blockedContent: "This content is blocked until you allow its purpose.", allow: "Allow" } };
  }

  // the hosted page names the visitor its form token is for
  function newId() { return ds.visitor || `av_${rid(16)}`; }

  function rid(n) {
    return [...crypto.getRandomValues(new Uint8Array(n))].map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  function emit(name, detail) {
    (handlers[name] || []).forEach((fn) => { try { fn(detail); } catch (err) { setTimeout(() => { throw err; }); } });
    document.dispatchEvent(new CustomEvent(`accord:${name}`, { detail }));
  }

  const api = window.accord = {
    version: 1,
    getConsent: () => exp && {
      purposes: decisions(), regime: exp.regime, region: exp.region || null, policyVersion: exp.policyVersion,
      timestamp: state && state.t ? new Date(state.t).toISOString() : null, visitorId: state ? state.id : null,
      eventId: (state && state.e) || null, pending: !!(state && state.k), gpc: gpcOn },
    hasConsent: (key) => !!exp && granted(key),
    show,
    acceptAll: () => exp && choose(all(1), "banner"),
    rejectAll: () => exp && choose(all(0), "banner"),
    on(name, fn) { (handlers[name] = handlers[name] || []).push(fn); return api; },
    // Links this browser to the known subject (sub) of a token from the site's backend; true once linked.
    async identify(token) {
      await booted;
      const sub = JSON.parse(decodeURIComponent(escape(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))))).sub;
      state = state || { c: {}, t: Date.now(), id: newId() };
      const r = await fetch(`${url}/subjects/${encodeURIComponent(sub)}/links`, { method: "POST",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify({ visitor: state.id, token }) });
      if (r.ok) { state.l = 1; adopt((await r.json()).state.purposes); }
      return r.ok;
    },
  };
})();
