/*! Accord IAB TCF v2.2 `__tcfapi` and GPP v1.1 `__gpp` CMP APIs. Loaded by accord.js where they apply. ES2017. */
(() => {
  "use strict";
  const me = document.currentScript;
  if (!me || !window.accord || window.__tcfapi && window.__tcfapi.accord) return;
  const ds = me.dataset, property = ds.property, base = me.src.replace(/\/sdk\/accord-tcf\.js.*$/, "");
  const gdprApplies = ds.tcf === "1", gppApplies = ds.gpp === "1", STORE = `accord:tcf:${property}`;
  const SECTIONS = { tcfeuv2: 2, tcfcav1: 5, uspv1: 6, usnat: 7 };
  let signals = null, cmpStatus = "loaded", eventStatus = null, display = "hidden", nextId = 1, pending = null;
  const tcfListeners = new Map(), gppListeners = new Map(), waiting = [];

  // Signals: {key, tcString, tc, gppString, gpp} from the server's encoder, cached per choice --------

  function choices() {
    const c = window.accord.getConsent(), out = {};
    Object.keys(c.purposes).forEach((k) => { out[k] = c.purposes[k] ? "granted" : "denied"; });
    return { choices: out, region: ds.region || undefined, locale: ds.locale || undefined, gpc: c.gpc };
  }

  function refresh(status) {
    const body = choices(), key = JSON.stringify(body);
    if (signals && signals.key === key) return settle(status);
    if (!pending) {
      try {
        const stored = JSON.parse(localStorage.getItem(STORE));
        if (stored && stored.key === key) { signals = stored; return settle(status); }
      } catch (_) { /* private mode */ }
    }
    pending = status;
    fetch(`${base}/v1/properties/${encodeURIComponent(property)}/tcf/encode`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: key })
      .then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then((answer) => {
        signals = Object.assign({ key }, answer);
        try { localStorage.setItem(STORE, JSON.stringify(signals)); } catch (_) { /* private mode */ }
        const status = pending;
        pending = null;
        settle(status);
      })
      .catch(() => { pending = null; cmpStatus = "error"; settle(status); });
  }

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

  // Take over from the stub: calls it queued are answered in order.
  const tcfQueue = (window.__tcfapi && window.__tcfapi.q) || [], gppQueue = (window.__gpp && window.__gpp.q) || [];
  window.__tcfapi = tcfapi;
  window.__gpp = gpp;
  tcfQueue.forEach((args) => tcfapi(...args));
  gppQueue.forEach((args) => gpp(...args));

  const shown = () => !!document.getElementById("accord-banner");
  window.accord.on("show", () => { display = "visible"; gppEmit("cmpDisplayStatus", display); refresh("cmpuishown"); });
  window.accord.on("hide", () => { display = "hidden"; gppEmit("cmpDisplayStatus", display); });
  window.accord.on("consent", () => { display = "hidden"; refresh("useractioncomplete"); });
  if (shown()) display = "visible";
  if (gdprApplies || gppApplies) refresh(shown() ? "cmpuishown" : "tcloaded");
  else settle("tcloaded");
})();
