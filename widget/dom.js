// Tiny DOM helpers for the widget: elements are built with textContent and setAttribute only
// (server text never goes through innerHTML).

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * An HTML element. props: `class`, `text` (textContent), `part` (the data-part test hook),
 * `xpart` (the CSS ::part() name), `on<event>` listeners, DOM properties, else attributes.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  append(el, children);
  return el;
}

/** An SVG element; `part` becomes data-part as for h(). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null && v !== false) el.setAttribute(k === "part" ? "data-part" : k, String(v));
  }
  append(el, children);
  return el;
}

function setProps(el, props) {
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k === "part") el.dataset.part = v;
    else if (k === "xpart") el.setAttribute("part", v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k in el && typeof v !== "string") el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Empties `el` and returns it. */
export function clear(el) {
  el.replaceChildren();
  return el;
}

let uid = 0;
/** A document-unique id for aria-labelledby and label[for]. */
export function nextId(prefix) {
  uid += 1;
  return `abw-${prefix}-${uid}`;
}

/** A safe link target: https, or http to loopback (as the package allows for base URLs). */
export function safeUrl(value, fallback) {
  try {
    const u = new URL(value);
    if (u.protocol === "https:") return u.href;
    if (u.protocol === "http:" && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(u.hostname)) return u.href;
  } catch {
    /* not a URL: the fallback */
  }
  return fallback;
}

/** "some_key" -> "Some key"; "_all" -> "All". */
export function humanize(key) {
  if (key === "_all") return "All";
  const t = String(key).replace(/[_-]+/g, " ").trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** A skeleton placeholder with `lines` bars and a screen-reader text. */
export function skeleton(kind, label, lines) {
  return h(
    "div",
    { class: `abw-loading abw-loading-${kind}` },
    h("span", { class: "abw-sr-only", text: label }),
    Array.from({ length: lines }, (_, i) => h("span", { class: `abw-skeleton abw-skeleton-${i % 3}`, "aria-hidden": "true" })),
  );
}

/**
 * A data table: a caption for screen readers, column heads (a string, or { text, num } for a
 * right-aligned number column) and the body rows. `className` adds classes; `part` is the test
 * hook and, with "table", the ::part() name.
 */
export function dataTable({ className = "", part, caption, columns, rows }) {
  return h(
    "table",
    { class: `abw-table ${className}`.trim(), part, xpart: part ? `table ${part}` : "table" },
    h("caption", { class: "abw-sr-only", text: caption }),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        columns.map((c) => (typeof c === "string" ? { text: c } : c)).map((c) => h("th", { scope: "col", class: c.num ? "abw-num" : undefined, text: c.text })),
      ),
    ),
    rows instanceof Node ? rows : h("tbody", {}, rows),
  );
}
