/* Accord form module: accord.form(element, "form-key") renders a published form of the property named on the
   SDK's tag into element and submits it to POST /v1/properties/{property}/forms/{form}/submissions for this
   browser's visitor. Loaded on its own (<script src=".../sdk/accord-form.js">), outside the SDK's 8 KB. */
(() => {
  "use strict";
  const tag = document.querySelector('script[data-property][src*="/sdk/accord.js"]') ||
    document.querySelector('script[data-property][src*="/sdk/accord-form.js"]');
  if (!tag) return;
  const base = new URL(tag.src, location.href).origin;
  const url = `${base}/v1/properties/${encodeURIComponent(tag.dataset.property)}`;
  const lang = tag.dataset.locale || document.documentElement.lang || "en";
  const pick = (texts) => {
    if (!texts) return "";
    return texts[lang] || texts[lang.split("-")[0]] || texts.en || texts[Object.keys(texts)[0]] || "";
  };

  function h(name, attributes, ...children) {
    const node = document.createElement(name);
    Object.entries(attributes || {}).forEach(([key, value]) => {
      if (value === true) node.setAttribute(key, "");
      else if (value !== false && value != null) node.setAttribute(key, value);
    });
    children.forEach((child) => child != null && node.append(child));
    return node;
  }

  function visitor() {
    const consent = window.accord && window.accord.getConsent && window.accord.getConsent();
    if (consent && consent.visitorId) return consent.visitorId;
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return "av_" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function item(entry, id) {
    const required = entry.required || entry.type === "signature";
    const wrap = h("div", { class: "accord-form-item", "data-item": entry.key });
    const label = pick(entry.label) || entry.purpose || `${entry.channel}.${entry.topic}`;
    if (entry.type === "purpose" || entry.type === "preference") {
      wrap.append(h("input", { type: "checkbox", id, name: entry.key, "aria-required": required ? "true" : null }), " ",
        h("label", { for: id }, label + (required ? " *" : "")));
    } else if (entry.type === "field") {
      wrap.append(h("label", { for: id }, label + (required ? " *" : "")),
        h("input", { type: entry.fieldType === "date" ? "date" : "text", id, name: entry.key }));
    } else if (entry.type === "signature") {
      wrap.append(h("label", { for: id }, "Your full name *"),
        h("input", { type: "text", id, name: `${entry.key}.name`, autocomplete: "name", "aria-required": "true" }),
        h("p", null, h("input", { type: "checkbox", id: `${id}-attested`, name: `${entry.key}.attested` }), " ",
          h("label", { for: `${id}-attested` }, pick(entry.attestation))));
    }
    if (pick(entry.description)) wrap.append(h("p", { class: "accord-form-hint" }, pick(entry.description)));
    wrap.append(h("p", { class: "accord-form-error", id: `${id}-error`, hidden: true }));
    return wrap;
  }

  function answers(form, items) {
    const result = {};
    items.forEach((entry) => {
      const field = (name) => form.elements.namedItem(name);
      if (entry.type === "purpose" || entry.type === "preference") {
        if (field(entry.key)) result[entry.key] = field(entry.key).checked;
      } else if (entry.type === "field") {
        if (field(entry.key) && field(entry.key).value) result[entry.key] = field(entry.key).value;
      } else if (entry.type === "signature" && field(`${entry.key}.name`)) {
        result[entry.key] = { name: field(`${entry.key}.name`).value, attested: field(`${entry.key}.attested`).checked };
      }
    });
    return result;
  }

  async function form(target, key) {
    const root = typeof target === "string" ? document.querySelector(target) : target;
    const response = await fetch(`${url}/forms/${encodeURIComponent(key)}`);
    if (!response.ok) throw new Error(`accord: form ${key} is not published`);
    const published = await response.json();
    const spec = published.form;
    const items = spec.items || [];
    const alert = h("div", { role: "alert", class: "accord-form-problems" });
    const node = h("form", { class: "accord-form", novalidate: true },
      h("h2", null, pick(spec.title)), pick(spec.intro) ? h("p", null, pick(spec.intro)) : null, alert,
      ...items.map((entry) => item(entry, `accord-form-${key}-${entry.key}`)),
      h("p", null, h("button", { type: "submit" }, "Submit")));
    const subject = visitor();
    return new Promise((resolve) => {
      node.addEventListener("submit", async (event) => {
        event.preventDefault();
        alert.textContent = "";
        node.querySelectorAll(".accord-form-error").forEach((p) => { p.hidden = true; p.textContent = ""; });
        node.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
        const sent = await fetch(`${url}/forms/${encodeURIComponent(key)}/submissions`, {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ subject, version: published.version, locale: lang, answers: answers(node, items) }) });
        const body = await sent.json();
        if (sent.ok) {
          const done = h("section", { class: "accord-form-done" },
            h("p", { role: "status" }, "Thank you: your choices are recorded."),
            h("p", null, "Signed receipt:"), h("pre", { class: "accord-form-receipt" }, body.receipt));
          node.replaceWith(done);
          document.dispatchEvent(new CustomEvent("accord:form", { detail: { form: key, ...body } }));
          resolve(body);
          return;
        }
        const problems = (body.error && body.error.problems) || [{ field: body.error && body.error.field, message: body.error && body.error.message }];
        alert.append(h("ul", null, ...problems.map((problem) => h("li", null, problem.message))));
        problems.forEach((problem) => {
          const itemKey = String(problem.field || "").split(".")[1];
          const id = `accord-form-${key}-${itemKey}`;
          const error = document.getElementById(`${id}-error`);
          const input = document.getElementById(id);
          if (error) { error.textContent = problem.message; error.hidden = false; }
          if (input) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", `${id}-error`); }
        });
      });
      root.replaceChildren(node);
    });
  }

  const attach = () => { if (window.accord && !window.accord.form) window.accord.form = form; };
  window.accordForm = form;
  attach();
  document.addEventListener("DOMContentLoaded", attach);
})();
