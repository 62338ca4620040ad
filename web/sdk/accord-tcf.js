/*! Accord IAB TCF v2.2 `__tcfapi`, GPP v1.1 `__gpp` and the banner's vendor layer. Loaded by accord.js where they apply. ES2017. */
(() => {
  "use strict";
  const me = document.currentScript;
  if (!me || !window.accord || window.__tcfapi && window.__tcfapi.accord) return;
  const ds = me.dataset, property = ds.property, base = me.src.replace(/\/sdk\/accord-tcf\.js.*$/, "");
  const gdprApplies = ds.tcf === "1", gppApplies = ds.gpp === "1", STORE = `accord:tcf:${property}`, CHOICE = `${STORE}:choice`;
  const url = `${base}/v1/properties/${encodeURIComponent(property)}/tcf`, api = window.accord;
  const SECTIONS = { tcfeuv2: 2, tcfcav1: 5, uspv1: 6, usnat: 7 }, LI_PURPOSES = [2, 7, 8, 9, 10, 11];
  let signals = null, cmpStatus = "loaded", eventStatus = null, display = "hidden", nextId = 1, wanted = null;
  const tcfListeners = new Map(), gppListeners = new Map(), waiting = [], encodes = new Map();

  // The visitor's TCF-level choice, beside the purpose choices core keeps: {m: "all", s} after "Accept all"
  // (s: the special features the first layer disclosed), {m: "none"} after "Reject all", or {m: "custom", c, o, p, s}
  // from the vendor layer (c: vendors consented to, o: vendors and p: purposes whose legitimate interest was
  // objected to, s: special features opted in). Vendors are stored by consent, not refusal, so that a vendor
  // added to the list later has no consent the visitor never gave. Before any choice: the vendor layer's defaults.
  let choice = read(CHOICE);

  function read(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (_) { return null; }
  }

  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (_) { /* private mode: this page only */ }
  }

  function remember(c) {
    choice = c;
    write(CHOICE, c);
  }

  // The vendor layer's data (GET .../tcf/vendors), fetched once a page, when the banner shows or a choice needs it.
  let layer = null, layerLoad = null;
  function vendors() {
    if (!layerLoad) {
      layerLoad = fetch(`${url}/vendors?locale=${encodeURIComponent(ds.locale || "en")}`)
        .then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then((l) => (layer = l), (err) => { layerLoad = null; throw err; });
    }
    return layerLoad;
  }

  // Signals: {key, tcString, tc, gppString, gpp} from the server's encoder, cached per choice --------

  function request() {
    const c = api.getConsent(), choices = {};
    Object.keys(c.purposes).forEach((k) => { choices[k] = c.purposes[k] ? "granted" : "denied"; });
    const body = { choices, region: ds.region || undefined, locale: ds.locale || undefined, gpc: c.gpc };
    return { body, key: JSON.stringify(Object.assign({ tcf: gdprApplies ? choice : null }, body)) };
  }

  // The encoder's fields for the TCF-level choice (see `choice`).
  async function fields(c) {
    if (!gdprApplies) return {};
    if (c && c.m === "all") return { specialFeatureOptIns: c.s || [] };
    const all = (await vendors()).vendors;
    if (c && c.m === "none") {
      return { vendorsRefused: all.map((v) => v.id), vendorObjections: all.filter((v) => v.legIntPurposes.length).map((v) => v.id),
        purposeObjections: LI_PURPOSES, specialFeatureOptIns: [] };
    }
    c = c || { c: [], o: [], p: [], s: [] };
    const consented = new Set(c.c);
    return { vendorsRefused: all.filter((v) => !consented.has(v.id)).map((v) => v.id), vendorObjections: c.o,
      purposeObjections: c.p, specialFeatureOptIns: c.s };
  }

  // One encode per choice and page: concurrent callers share it; a failure is forgotten, so the next call retries.
  function encode({ key, body }) {
    if (!encodes.has(key)) {
      encodes.set(key, fields(choice)
        .then((f) => fetch(`${url}/encode`, {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(Object.assign(f, body)) }))
        .then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then((answer) => {
          const s = Object.assign({ key }, answer);
          write(STORE, s);
          return s;
        })
        .catch((err) => { encodes.delete(key); throw err; }));
    }
    return encodes.get(key);
  }

  function refresh(status) {
    const req = request();
    wanted = req.key;
    if (signals && signals.key === req.key) return settle(status);
    const stored = read(STORE);
    if (stored && stored.key === req.key) { signals = stored; return settle(status); }
    encode(req).then((s) => {
      if (wanted !== s.key) return;
      signals = s;
      cmpStatus = "loaded";
      settle(status);
    }, () => {
      if (wanted !== req.key) return;
      cmpStatus = "error";
      settle(status);
    });
  }

  // For core's sync(): the strings of the current choice, encoded now (not a stored copy), to record with it.
  api.signals = () => {
    if (!gdprApplies && !gppApplies) return Promise.resolve({});
    const late = new Promise((_, fail) => setTimeout(fail, 5000, new Error("encode timed out")));
    return Promise.race([encode(request()), late]).then((s) => {
      const o = {};
      if (gdprApplies && s.tcString) o.tcString = s.tcString;
      if (s.gppString) o.gppString = s.gppString;
      return o;
    });
  };

  function settle(status) {
    eventStatus = status;
    waiting.splice(0).forEach((fn) => fn());
    tcfListeners.forEach((fn, id) => fn(tcData(id), true));
    gppEmit("signalStatus", "ready");
    gppEmit("sectionChange", gppPing().sectionList);
  }

  // __tcfapi ----------------------------------------------------------------------------------------

  function ids(list, all, only) {
    const o = {};
    (only || all || list || []).forEach((id) => { o[id] = false; });
    (list || []).forEach((id) => { if (!only || only.includes(id)) o[id] = true; });
    return o;
  }

  function tcData(listenerId, vendorIds) {
    const t = (signals && signals.tc) || {};
    const d = { tcString: gdprApplies && signals ? signals.tcString : "", tcfPolicyVersion: t.tcfPolicyVersion,
      cmpId: t.cmpId, cmpVersion: t.cmpVersion, gdprApplies, eventStatus: eventStatus || "tcloaded", cmpStatus,
      listenerId, isServiceSpecific: t.isServiceSpecific, useNonStandardTexts: t.useNonStandardTexts,
      publisherCC: t.publisherCC, purposeOneTreatment: t.purposeOneTreatment };
    if (!gdprApplies) return d;
    const p = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], pub = t.publisherTC || {}, restrictions = {};
    (t.publisherRestrictions || []).forEach((r) => {
      restrictions[r.purposeId] = restrictions[r.purposeId] || {};
      r.vendorIds.forEach((v) => { restrictions[r.purposeId][v] = r.restrictionType; });
    });
    return Object.assign(d, {
      outOfBand: { allowedVendors: ids(t.allowedVendors), disclosedVendors: ids(t.disclosedVendors) },
      purpose: { consents: ids(t.purposesConsent, p), legitimateInterests: ids(t.purposesLITransparency, p) },
      vendor: { consents: ids(t.vendorConsents, t.disclosedVendors, vendorIds),
        legitimateInterests: ids(t.vendorLegitimateInterests, t.disclosedVendors, vendorIds) },
      specialFeatureOptins: ids(t.specialFeatureOptIns, [1, 2]),
      publisher: { consents: ids(pub.pubPurposesConsent, p), legitimateInterests: ids(pub.pubPurposesLITransparency, p),
        customPurpose: { consents: ids(pub.customPurposesConsent), legitimateInterests: ids(pub.customPurposesLITransparency) },
        restrictions } });
  }

  // Answers as soon as there is TC data (or at once where the GDPR does not apply).
  function whenReady(fn) { if (signals || !gdprApplies || cmpStatus === "error") fn(); else waiting.push(fn); }

  function tcfapi(command, version, callback, parameter) {
    if (typeof callback !== "function") return;
    if (version !== undefined && version !== null && version !== 2) return callback(null, false);
    const t = (signals && signals.tc) || {};
    switch (command) {
      case "ping":
        return callback({ gdprApplies, cmpLoaded: true, cmpStatus, displayStatus: gdprApplies ? display : "disabled",
          apiVersion: "2.2", cmpVersion: t.cmpVersion, cmpId: t.cmpId, gvlVersion: t.vendorListVersion,
          tcfPolicyVersion: t.tcfPolicyVersion });
      case "getTCData":
        return whenReady(() => callback(tcData(undefined, Array.isArray(parameter) ? parameter : null), true));
      case "addEventListener": {
        const id = nextId++;
        tcfListeners.set(id, callback);
        return whenReady(() => { if (tcfListeners.has(id)) callback(tcData(id), true); });
      }
      case "removeEventListener":
        return callback(tcfListeners.delete(parameter), true);
      default:
        return callback(null, false);
    }
  }
  tcfapi.accord = true;

  // __gpp (v1.1) ------------------------------------------------------------------------------------

  function sections() { return (signals && signals.gpp && signals.gpp.sections) || {}; }

  function gppPing() {
    const names = Object.keys(sections()), list = names.map((n) => SECTIONS[n]).filter(Boolean).sort((a, b) => a - b);
    return { gppVersion: "1.1", cmpStatus, cmpDisplayStatus: display, signalStatus: signals || !gppApplies && !gdprApplies
      ? "ready" : "not ready", supportedAPIs: ["2:tcfeuv2", "6:uspv1", "7:usnat"], cmpId: (signals && signals.tc
      || {}).cmpId, sectionList: list, applicableSections: list.length ? list : [-1],
      gppString: signals && signals.gppString || "", parsedSections: sections() };
  }

  function gppEmit(eventName, data) {
    gppListeners.forEach((fn, listenerId) => fn({ eventName, listenerId, data, pingData: gppPing() }, true));
  }

  function gpp(command, callback, parameter) {
    if (typeof callback !== "function") return;
    const s = sections();
    switch (command) {
      case "ping": return callback(gppPing(), true);
      case "addEventListener": {
        const listenerId = nextId++;
        gppListeners.set(listenerId, callback);
        return callback({ eventName: "listenerRegistered", listenerId, data: true, pingData: gppPing() }, true);
      }
      case "removeEventListener": return callback(gppListeners.delete(parameter), true);
      case "hasSection": return callback(parameter in s, true);
      case "getSection": return callback(s[parameter] || null, true);
      case "getField": {
        const [section, field] = String(parameter).split(".");
        return callback(s[section] && field in s[section] ? s[section][field] : null, true);
      }
      default: return callback(null, false);
    }
  }

  // The banner: the TCF disclosure on its first layer, the vendor layer behind "Partners" -----------

  const TEXTS = {
    en: {
      intro: (n) => `We and our ${n} partners store and/or access information on a device, such as cookies, and process `
        + "personal data, such as unique identifiers and standard information sent by a device, for the purposes below. "
        + "Some partners rely on their legitimate interest instead of your consent; you can object to that under Partners. "
        + "Your choices apply to this site only, and you can change or withdraw them at any time with the privacy "
        + "choices button on every page.",
      purposes: "Purposes", specialPurposes: "Special purposes", features: "Features", specialFeatures: "Special features",
      partners: (n) => `Partners (${n})`, layer: "Partners and their purposes",
      purposesHint: "Your consent to a purpose follows your choice for the purposes of this site named with it.",
      specialHint: "Partners may use these without your consent, to keep the service secure and deliver it.",
      given: "Consent: yes", notGiven: "Consent: no", notAsked: "Consent: not asked on this site",
      by: (names) => ` (follows your choice for ${names})`,
      counts: (c, l) => `${c} partners ask for consent, ${l} rely on legitimate interest.`, count: (n) => `${n} partners.`,
      objectLI: "Object to legitimate interest", allow: "Allow", consent: "Consent",
      consentPurposes: "Purposes (consent)", liPurposes: "Purposes (legitimate interest)",
      retention: "Data retention", standard: (d) => `${d} days as a rule`, days: (d) => `${d} days`,
      storage: "Device storage", cookies: (age, refresh) => `cookies for up to ${age}${refresh ? ", renewed on use" : ""}`,
      noCookies: "no cookies", nonCookie: "other means of storage or access", seconds: (s) => `${s} seconds`,
      privacy: "Privacy policy", liClaim: "Legitimate interest claim", disclosure: "Device storage details",
      failed: "The partner list could not be loaded.",
    },
    de: {
      intro: (n) => `Wir und unsere ${n} Partner speichern Informationen auf einem Gerät und/oder greifen darauf zu, `
        + "etwa Cookies, und verarbeiten personenbezogene Daten, etwa eindeutige Kennungen und Standardinformationen, "
        + "die ein Gerät sendet, für die unten genannten Zwecke. Einige Partner stützen sich statt auf Ihre Einwilligung "
        + "auf ihr berechtigtes Interesse; dem können Sie unter „Partner“ widersprechen. Ihre Auswahl gilt nur für "
        + "diese Website; Sie können sie jederzeit über die Schaltfläche für Datenschutz-Einstellungen auf jeder Seite "
        + "ändern oder widerrufen.",
      purposes: "Zwecke", specialPurposes: "Besondere Zwecke", features: "Funktionen", specialFeatures: "Besondere Funktionen",
      partners: (n) => `Partner (${n})`, layer: "Partner und ihre Zwecke",
      purposesHint: "Ihre Einwilligung zu einem Zweck folgt Ihrer Auswahl für die dort genannten Zwecke dieser Website.",
      specialHint: "Partner dürfen diese ohne Ihre Einwilligung nutzen, um den Dienst sicher bereitzustellen.",
      given: "Einwilligung: ja", notGiven: "Einwilligung: nein", notAsked: "Einwilligung: auf dieser Website nicht erfragt",
      by: (names) => ` (folgt Ihrer Auswahl für ${names})`,
      counts: (c, l) => `${c} Partner bitten um Einwilligung, ${l} berufen sich auf berechtigtes Interesse.`,
      count: (n) => `${n} Partner.`,
      objectLI: "Berechtigtem Interesse widersprechen", allow: "Erlauben", consent: "Einwilligung",
      consentPurposes: "Zwecke (Einwilligung)", liPurposes: "Zwecke (berechtigtes Interesse)",
      retention: "Speicherdauer", standard: (d) => `in der Regel ${d} Tage`, days: (d) => `${d} Tage`,
      storage: "Speicherung auf dem Gerät", cookies: (age, refresh) => `Cookies bis zu ${age}${refresh ? ", bei Nutzung erneuert" : ""}`,
      noCookies: "keine Cookies", nonCookie: "andere Arten der Speicherung oder des Zugriffs", seconds: (s) => `${s} Sekunden`,
      privacy: "Datenschutzerklärung", liClaim: "Berechtigtes Interesse", disclosure: "Details zur Speicherung",
      failed: "Die Partnerliste konnte nicht geladen werden.",
    },
  };
  const T = TEXTS[String(ds.locale || "en").slice(0, 2).toLowerCase()] || TEXTS.en;

  const STYLE = `
.accord-tcf h3 { margin: .75rem 0 .25rem; font-size: 1rem; }
.accord-tcf h4 { margin: .75rem 0 .25rem; font-size: .95rem; }
.accord-tcf .accord-tcf-names li { padding: 0; border: 0; }
.accord-tcf .accord-tcf-names li::before { content: "• "; }
.accord-tcf-open { color: #1d4ed8; background: #fff; margin: 0 0 .75rem; }
.accord-tcf-open:hover { color: #fff; }
.accord-tcf-layer { margin: 0 0 .75rem; }
.accord-tcf-layer h3:focus { outline: none; }
.accord-tcf-list { max-height: 40vh; overflow: auto; border: 1px solid #ddd; padding: 0 .5rem; }
.accord-tcf summary { cursor: pointer; font-weight: 600; min-height: 1.5rem; }
.accord-tcf summary:focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
.accord-tcf details > :not(summary) { margin: .25rem 0 .25rem 1rem; }
.accord-tcf label { display: inline-block; min-height: 1.5rem; margin-right: 1rem; }
.accord-tcf .accord-tcf-st { margin: .25rem 0; font-size: .9rem; }
.accord-tcf dt { font-weight: 600; }
.accord-tcf dd { margin: 0 0 .25rem; }
.accord-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }`;
  const style = document.createElement("style");
  style.nonce = me.nonce || me.getAttribute("nonce") || "";
  style.textContent = STYLE;
  (document.head || document.documentElement).appendChild(style);

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  function link(href, text) {
    return /^https?:\/\//i.test(href || "") ? `<a href="${esc(href)}" target="_blank" rel="noopener">${esc(text)}</a>` : "";
  }

  const banner = () => document.getElementById("accord-banner");
  const used = (list, count) => (list || []).filter((x) => count(x) > 0);
  const declared = (p) => p.consentVendors + p.legIntVendors;
  let disclosedFeatures = [], rendered = null;

  // First layer: the banner stays invisible until the vendor data is in (it stays in memory for the page), so it
  // appears whole instead of growing, and moving the page, when the disclosure arrives. Core waits for this module
  // before showing the banner, so nothing of it was painted yet.
  function decorate() {
    const root = banner();
    if (!gdprApplies || !root || root.querySelector(".accord-tcf")) return;
    const box = document.createElement("div"), desc = root.querySelector("#accord-desc"), focused = document.activeElement;
    box.className = "accord-tcf";
    desc.after(box);
    root.style.visibility = "hidden";
    const reveal = () => {
      if (banner() !== root || !root.style.visibility) return;
      root.style.visibility = "";
      if (root.contains(focused)) focused.focus();
    };
    setTimeout(reveal, 3000);
    vendors().then((l) => {
      if (banner() !== root) return;
      const purposes = used(l.purposes, declared), features = used(l.specialFeatures, (f) => f.vendors);
      disclosedFeatures = features.map((f) => f.id);
      const names = (list) => `<ul class="accord-tcf-names">${list.map((x) => `<li>${esc(x.name)}</li>`).join("")}</ul>`;
      box.innerHTML = `<p>${esc(T.intro(l.vendors.length))}</p><h3>${esc(T.purposes)}</h3>${names(purposes)}${
        features.length ? `<h3>${esc(T.specialFeatures)}</h3>${names(features)}` : ""}<button type="button"
        class="accord-btn accord-tcf-open" data-accord-tcf="vendors" aria-expanded="false" aria-controls="accord-tcf-layer">${
        esc(T.partners(l.vendors.length))}</button>`;
      reveal();
    }, () => { box.textContent = T.failed; reveal(); });
    const section = document.createElement("section");
    section.id = "accord-tcf-layer";
    section.className = "accord-tcf accord-tcf-layer";
    section.hidden = true;
    section.setAttribute("aria-labelledby", "accord-tcf-lh");
    root.querySelector(".accord-btns").before(section);
  }

  // Vendor layer ------------------------------------------------------------------------------------

  function openLayer(button) {
    const root = banner(), section = root && root.querySelector("#accord-tcf-layer");
    if (!section) return;
    const customize = root.querySelector("[data-accord-action=customize]");
    if (customize && !customize.hidden) customize.click(); // shows the site's purposes and "Save"
    button.setAttribute("aria-expanded", "true");
    section.hidden = false;
    if (rendered !== section) {
      rendered = section;
      section.innerHTML = `<h3 id="accord-tcf-lh" tabindex="-1">${esc(T.layer)}</h3>${layerHTML(layer)}`;
      purposeStates();
    }
    section.querySelector("h3").focus();
  }

  function layerHTML(l) {
    const c = choice || {}, none = c.m === "none", all = c.m === "all";
    const has = (list, id) => (list || []).includes(id);
    const box = (attr, id, checked, label, about) => `<label><input type="checkbox" ${attr}="${id}"${checked ? " checked" : ""}> ${
      esc(label)}<span class="accord-sr"> (${esc(about)})</span></label>`;
    const info = (x, counts) => `<details><summary>${esc(x.name)}</summary><p>${esc(x.description)}</p>${
      x.illustrations && x.illustrations.length ? `<ul>${x.illustrations.map((i) => `<li>${esc(i)}</li>`).join("")}</ul>` : ""}<p><small>${
      esc(counts)}</small></p></details>`;
    const purposes = used(l.purposes, declared).map((p) => `<li>${info(p, T.counts(p.consentVendors, p.legIntVendors))}<p
      class="accord-tcf-st" data-accord-tcf-state="${p.id}"></p>${p.legitimateInterestAllowed && p.legIntVendors > 0
      ? box("data-accord-tcf-object-purpose", p.id, none || has(c.p, p.id), T.objectLI, p.name) : ""}</li>`).join("");
    const plain = (list) => used(list, (x) => x.vendors).map((x) => `<li>${info(x, T.count(x.vendors))}</li>`).join("");
    const features = used(l.specialFeatures, (x) => x.vendors).map((x) => `<li>${info(x, T.count(x.vendors))}${
      box("data-accord-tcf-feature", x.id, has(c.s, x.id), T.allow, x.name)}</li>`).join("");
    const vendorRows = l.vendors.map((v) => `<li><details data-accord-tcf-vendor="${v.id}"><summary>${esc(v.name)}</summary><div></div></details>${
      v.purposes.length || v.specialFeatures.length ? box("data-accord-tcf-consent", v.id, all || has(c.c, v.id), T.consent, v.name) : ""}${
      v.legIntPurposes.length ? box("data-accord-tcf-object", v.id, none || has(c.o, v.id), T.objectLI, v.name) : ""}</li>`).join("");
    const section = (title, hint, items) => items ? `<h4>${esc(title)}</h4>${hint ? `<p><small>${esc(hint)}</small></p>` : ""}<ul>${items}</ul>` : "";
    return section(T.purposes, T.purposesHint, purposes) + section(T.specialPurposes, T.specialHint, plain(l.specialPurposes))
      + section(T.features, "", plain(l.features)) + section(T.specialFeatures, "", features)
      + `<h4 id="accord-tcf-vh">${esc(T.partners(l.vendors.length))}</h4><div class="accord-tcf-list" role="group"
      aria-labelledby="accord-tcf-vh"><ul>${vendorRows}</ul></div>`;
  }

  // Each purpose's consent follows the site's purposes mapped to it, as the visitor sets them in the banner.
  function purposeStates() {
    const root = banner();
    if (!root || !layer) return;
    layer.purposes.forEach((p) => {
      const out = root.querySelector(`[data-accord-tcf-state="${p.id}"]`);
      if (!out) return;
      if (!p.propertyPurposes.length) { out.textContent = T.notAsked; return; }
      const names = [], on = p.propertyPurposes.every((key) => {
        const input = root.querySelector(`.accord-l2 input[data-accord-purpose="${CSS.escape(key)}"]`);
        const label = input && input.closest("label").querySelector("b");
        names.push(label ? label.textContent : key);
        return input ? input.checked : api.hasConsent(key);
      });
      out.textContent = (on ? T.given : T.notGiven) + T.by(names.join(", "));
    });
  }

  // A vendor's details, made when its <details> first opens (a full list has about a thousand vendors).
  function vendorDetail(details) {
    const v = layer && layer.vendors.find((x) => String(x.id) === details.getAttribute("data-accord-tcf-vendor"));
    const slot = details.querySelector("div");
    if (!v || slot.childElementCount) return;
    const name = (list, id) => ((list || []).find((x) => x.id === id) || { name: `#${id}` }).name;
    const names = (list, all) => (list || []).map((id) => name(all, id)).join(", ");
    const r = v.dataRetention, keyed = (m) => (Array.isArray(m) ? m.reduce((o, x, i) => (i % 2 ? o : Object.assign(o, { [x]: m[i + 1] })), {}) : m || {});
    const overrides = r ? [...Object.entries(keyed(r.purposes)).map(([id, d]) => `${name(layer.purposes, +id)}: ${T.days(d)}`),
      ...Object.entries(keyed(r.specialPurposes)).map(([id, d]) => `${name(layer.specialPurposes, +id)}: ${T.days(d)}`)] : [];
    const retention = r ? [r.stdRetention != null ? T.standard(r.stdRetention) : "", ...overrides].filter(Boolean).join("; ") : "";
    const age = v.cookieMaxAgeSeconds;
    const storage = [v.usesCookies ? T.cookies(age >= 86400 ? T.days(Math.round(age / 86400)) : T.seconds(age || 0), v.cookieRefresh)
      : T.noCookies, v.usesNonCookieAccess ? T.nonCookie : ""].filter(Boolean).join("; ");
    const row = (dt, dd) => (dd ? `<dt>${esc(dt)}</dt><dd>${dd}</dd>` : "");
    const links = [link(v.privacyUrl, T.privacy), link(v.legIntClaimUrl, T.liClaim), link(v.deviceStorageDisclosureUrl, T.disclosure)];
    slot.innerHTML = `<dl>${row(T.consentPurposes, esc(names(v.purposes, layer.purposes)))}${
      row(T.liPurposes, esc(names(v.legIntPurposes, layer.purposes)))}${
      row(T.specialPurposes, esc(names(v.specialPurposes, layer.specialPurposes)))}${
      row(T.features, esc(names(v.features, layer.features)))}${
      row(T.specialFeatures, esc(names(v.specialFeatures, layer.specialFeatures)))}${
      row(T.retention, esc(retention))}${row(T.storage, esc(storage))}</dl><p>${links.filter(Boolean).join(" · ")}</p>`;
  }

  // Choices: known before core records its own, so the strings it records carry them ----------------

  function fromLayer(root) {
    const checked = (attr) => [...root.querySelectorAll(`input[${attr}]`)].filter((i) => i.checked).map((i) => +i.getAttribute(attr));
    return { m: "custom", c: checked("data-accord-tcf-consent"), o: checked("data-accord-tcf-object"),
      p: checked("data-accord-tcf-object-purpose"), s: checked("data-accord-tcf-feature") };
  }

  document.addEventListener("click", (ev) => {
    const t = ev.target, root = banner();
    if (!gdprApplies || !root || !t.closest || !root.contains(t)) return;
    const open = t.closest("[data-accord-tcf=vendors]");
    if (open) { ev.preventDefault(); return openLayer(open); }
    const b = t.closest("[data-accord-action]");
    switch (b && b.getAttribute("data-accord-action")) {
      case "accept-all": return remember({ m: "all", s: disclosedFeatures });
      case "reject-all": return remember({ m: "none" });
      case "save": if (rendered === root.querySelector("#accord-tcf-layer")) remember(fromLayer(rendered));
    }
  }, true);
  document.addEventListener("change", (ev) => { if (ev.target.matches("#accord-banner .accord-l2 input")) purposeStates(); });
  document.addEventListener("toggle", (ev) => {
    const d = ev.target;
    if (d.open && d.matches && d.matches("[data-accord-tcf-vendor]")) vendorDetail(d);
  }, true);

  // Pages that call the API instead of the banner's buttons make the same TCF-level choice.
  const acceptAll = api.acceptAll, rejectAll = api.rejectAll;
  api.acceptAll = () => { if (gdprApplies) remember({ m: "all", s: disclosedFeatures }); return acceptAll(); };
  api.rejectAll = () => { if (gdprApplies) remember({ m: "none" }); return rejectAll(); };

  // Take over from the stub: calls it queued are answered in order.
  const tcfQueue = (window.__tcfapi && window.__tcfapi.q) || [], gppQueue = (window.__gpp && window.__gpp.q) || [];
  window.__tcfapi = tcfapi;
  window.__gpp = gpp;
  tcfQueue.forEach((args) => tcfapi(...args));
  gppQueue.forEach((args) => gpp(...args));

  api.on("show", () => { display = "visible"; gppEmit("cmpDisplayStatus", display); decorate(); refresh("cmpuishown"); });
  api.on("hide", () => { display = "hidden"; gppEmit("cmpDisplayStatus", display); });
  api.on("consent", () => { display = "hidden"; refresh("useractioncomplete"); });
  if (banner()) { display = "visible"; decorate(); }
  if (gdprApplies || gppApplies) refresh(banner() ? "cmpuishown" : "tcloaded");
  else settle("tcloaded");
})();
