// <audian-billing-widget>: the Audian portal's billing page (Settings -> Billing) as an
// embeddable custom element, built on the audian-billing package (../pkg/).
//
//   <audian-billing-widget base-url="https://api.audian.com:8443" account-id="…">
//   el.authToken = token;   // a property only, never an attribute
//
// Attributes: base-url, account-id, currency (fallback ISO 4217 code, default USD), locale,
// page-size (default 50), months (chart months, default 6), payment-methods-url.
// Renders into an open shadow root styled by audian-billing-widget.css (themeable with the
// --audian-* custom properties listed there). All server text goes through textContent and
// DOM APIs, never innerHTML. Works under `script-src 'self' 'wasm-unsafe-eval'` with no inline
// style.

import init, { BillingClient } from "../pkg/audian_billing.js";
import {
  TRANSACTION_TYPES,
  TYPE_LABELS,
  billingCycle,
  chargesByCategory,
  csvFileName,
  dayKey,
  displayDescription,
  formatMoney,
  isCounted,
  isRefund,
  lastMonthKeys,
  localDayRange,
  monthBuckets,
  niceScale,
  rowCategoryLabel,
  shiftDay,
  signedAmount,
  signedUnits,
  splitRange,
  transactionsToCsv,
  utcLabel,
} from "./billing-logic.js";

const STYLESHEET_URL = new URL("./audian-billing-widget.css", import.meta.url).href;
const DEFAULT_PAYMENT_METHODS_URL = "https://portal.audian.com/#/apps/myaccount/billing";
const SVG_NS = "http://www.w3.org/2000/svg";
const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_RANGE_DAYS = 30;
const ANALYSIS_PAGE_SIZE = 100;

let initPromise = null;
function ensurePackage() {
  if (!initPromise) {
    initPromise = init().catch((e) => {
      initPromise = null;
      throw e;
    });
  }
  return initPromise;
}

// ---------------------------------------------------------------------------------------------
// Tiny DOM helpers (textContent only)

function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  append(el, children);
  return el;
}

function s(tag, attrs, ...children) {
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

function clear(el) {
  el.replaceChildren();
  return el;
}

let uid = 0;
function nextId(prefix) {
  uid += 1;
  return `abw-${prefix}-${uid}`;
}

function isAbort(e, signal) {
  return (signal && signal.aborted) || (e && (e.kind === "aborted" || e.name === "AbortError"));
}

/** A safe link target: https, or http to loopback (as the package allows for base URLs). */
function safeUrl(value, fallback) {
  try {
    const u = new URL(value);
    if (u.protocol === "https:") return u.href;
    if (u.protocol === "http:" && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(u.hostname)) {
      return u.href;
    }
  } catch {
    /* fall through */
  }
  return fallback;
}

const ERROR_TITLES = {
  unauthorized: "Your session is not valid",
  forbidden: "You don't have access to this",
  not_found: "Account not found",
  network: "Can't reach the billing service",
  timeout: "The billing service took too long to answer",
  rate_limited: "Too many requests",
  server: "The billing service had a problem",
  validation: "The billing service sent data we could not read",
  decode: "The billing service sent an unexpected reply",
  config: "The widget is not configured correctly",
};

// ---------------------------------------------------------------------------------------------

class AudianBillingWidget extends HTMLElement {
  static get observedAttributes() {
    return [
      "base-url",
      "account-id",
      "currency",
      "locale",
      "page-size",
      "months",
      "payment-methods-url",
    ];
  }

  #token = null;
  #client = null;
  #ctrl = null;
  #gen = 0;
  #reloadQueued = false;
  #ui = null;
  #account = null;
  #currency = "USD";
  #currencyReady = null;
  #analysis = null; // { txs, error }
  #tx = null; // transactions state
  #chartObserver = null;
  #balanceReady = false;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    this.#ui = this.#buildSkeleton(root);
    // A portal may set el.authToken before this module was loaded: take that value over.
    if (Object.prototype.hasOwnProperty.call(this, "authToken")) {
      const t = this.authToken;
      delete this.authToken;
      this.authToken = t;
    }
  }

  /** The API token. A property only: it is never written to an attribute or the DOM. */
  set authToken(value) {
    const t = value === null || value === undefined || value === "" ? null : String(value);
    if (t === this.#token) return;
    this.#token = t;
    this.#queueReload();
  }

  get authToken() {
    return this.#token;
  }

  connectedCallback() {
    if (this.hasAttribute("auth-token")) {
      // Tokens in attributes end up in the DOM, in devtools and in saved pages: refuse it.
      this.removeAttribute("auth-token");
      console.warn("<audian-billing-widget>: set the token with el.authToken, not an attribute");
    }
    this.#queueReload();
  }

  disconnectedCallback() {
    this.#abort();
    if (this.#chartObserver) this.#chartObserver.disconnect();
    this.#chartObserver = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue) return;
    this.#queueReload();
  }

  /** Reloads every section (what the retry buttons do per section). */
  reload() {
    this.#queueReload();
  }

  // -------------------------------------------------------------------------------------------
  // Configuration

  get #locale() {
    return this.getAttribute("locale") || undefined;
  }

  get #pageSize() {
    const n = Number.parseInt(this.getAttribute("page-size") || "", 10);
    return Number.isFinite(n) && n > 0 && n <= 500 ? n : DEFAULT_PAGE_SIZE;
  }

  get #months() {
    const n = Number.parseInt(this.getAttribute("months") || "", 10);
    return Number.isFinite(n) && n >= 2 && n <= 24 ? n : 6;
  }

  #money(amount, signDisplay = "auto") {
    return formatMoney(amount, this.#currency, { locale: this.#locale, signDisplay });
  }

  #dateTime(iso) {
    return new Intl.DateTimeFormat(this.#locale, { dateStyle: "medium", timeStyle: "short" })
      .format(new Date(iso));
  }

  #utcDate(d) {
    return new Intl.DateTimeFormat(this.#locale, { dateStyle: "medium", timeZone: "UTC" })
      .format(d);
  }

  #localDay(day) {
    const r = localDayRange(day, day);
    return r
      ? new Intl.DateTimeFormat(this.#locale, { dateStyle: "medium" }).format(r.from)
      : day;
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle

  #abort() {
    this.#gen += 1;
    if (this.#ctrl) this.#ctrl.abort();
    this.#ctrl = null;
  }

  #queueReload() {
    if (this.#reloadQueued) return;
    this.#reloadQueued = true;
    queueMicrotask(() => {
      this.#reloadQueued = false;
      if (this.isConnected) this.#reloadAll();
    });
  }

  async #reloadAll() {
    this.#abort();
    const gen = this.#gen;
    this.#ctrl = new AbortController();
    this.#client = null;
    this.#account = null;
    this.#analysis = null;
    this.#currency = (this.getAttribute("currency") || "USD").toUpperCase();
    this.#updatePaymentLink();

    const accountId = this.getAttribute("account-id");
    if (!accountId || !this.#token) {
      this.#ui.root.dataset.state = "disconnected";
      this.#setTitle(null);
      this.#renderNotice(
        "Not connected",
        !accountId
          ? "Set the account-id attribute and the authToken property to show billing."
          : "Set the authToken property to show billing.",
      );
      return;
    }
    this.#ui.root.dataset.state = "loading";
    this.#clearNotice();
    for (const sec of Object.values(this.#ui.sections)) this.#setLoading(sec);

    try {
      await ensurePackage();
      if (gen !== this.#gen) return;
      const opts = { accountId, authToken: this.#token };
      const baseUrl = this.getAttribute("base-url");
      if (baseUrl) opts.baseUrl = baseUrl;
      opts.currency = this.#currency;
      this.#client = new BillingClient(opts);
    } catch (e) {
      if (gen !== this.#gen) return;
      this.#ui.root.dataset.state = "error";
      for (const sec of Object.values(this.#ui.sections)) clear(sec.body);
      this.#showError(this.#ui.sections.status, e, () => this.#queueReload(), "Can't start the billing widget");
      return;
    }
    this.#ui.root.dataset.state = "ready";

    const accountP = this.#loadAccount(gen);
    this.#currencyReady = this.#loadBalance(gen);
    const prev = this.#tx;
    this.#tx = this.#newTxState();
    if (prev && prev.accountId === accountId) {
      // Same account (new token, new base URL): keep what the user picked.
      this.#tx.fromDay = prev.fromDay;
      this.#tx.toDay = prev.toDay;
      this.#tx.type = prev.type;
    }
    this.#tx.accountId = accountId;
    this.#loadTransactions(gen, true);
    this.#loadAnalysis(gen, accountP);
    accountP.then(() => this.#renderCycleAndCategories(gen, accountP));
    this.#loadPlans(gen);
  }

  #signal() {
    return this.#ctrl ? this.#ctrl.signal : undefined;
  }

  /** Runs one section's request; renders its error state (with retry) on failure. */
  async #run(gen, section, work, retry, title) {
    const signal = this.#signal();
    this.#setLoading(section);
    try {
      const r = await work(signal);
      return r;
    } catch (e) {
      if (gen !== this.#gen || isAbort(e, signal)) return undefined;
      this.#showError(section, e, retry, title);
      return undefined;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Skeleton

  #buildSkeleton(root) {
    const link = h("link", { rel: "stylesheet", href: STYLESHEET_URL });
    const section = (part, title, extraClass) => {
      const headingId = nextId(part);
      const heading = h("h3", { class: "abw-card-title", id: headingId, text: title });
      const body = h("div", { class: "abw-card-body" });
      const el = h(
        "section",
        { class: `abw-card ${extraClass || ""}`.trim(), part, "aria-labelledby": headingId },
        h("header", { class: "abw-card-head" }, heading),
        body,
      );
      return { el, body, heading, head: el.firstChild, part, title };
    };

    const sections = {
      status: null,
      balance: section("balance", "Account balance", "abw-balance"),
      cycle: section("cycle", "Billing cycle", "abw-cycle"),
      categories: section("categories", "Charges this period", "abw-categories"),
      chart: section("chart", "Monthly spending", "abw-chart"),
      transactions: section("transactions", "Transactions", "abw-transactions"),
      plans: section("plans", "Service plans", "abw-plans"),
    };

    // Status lives in the page header: account name, active/suspended.
    const statusBody = h("div", { class: "abw-status-body" });
    const statusEl = h(
      "div",
      { class: "abw-status", part: "status", role: "status", "aria-live": "polite" },
      statusBody,
    );
    sections.status = { el: statusEl, body: statusBody, part: "status", title: "Account status" };

    const titleName = h("p", { class: "abw-account-name" });
    const payLink = h("a", {
      class: "abw-button abw-button-secondary abw-pay-link",
      part: "payment-methods",
      href: DEFAULT_PAYMENT_METHODS_URL,
      text: "Manage payment methods",
    });
    const notice = h("div", { class: "abw-notice", hidden: true });
    const header = h(
      "header",
      { class: "abw-header" },
      h(
        "div",
        { class: "abw-title-block" },
        h("p", { class: "abw-eyebrow", text: "Settings" }),
        h("h2", { class: "abw-title", text: "Billing" }),
        titleName,
      ),
      h("div", { class: "abw-header-actions" }, payLink),
    );

    const main = h(
      "div",
      { class: "abw" },
      header,
      statusEl,
      notice,
      h(
        "div",
        { class: "abw-grid" },
        h("div", { class: "abw-summary" }, sections.balance.el, sections.cycle.el, sections.categories.el),
        sections.chart.el,
        sections.transactions.el,
        sections.plans.el,
      ),
    );
    root.append(link, main);
    return { root: main, sections, titleName, payLink, notice };
  }

  #setTitle(account) {
    const el = this.#ui.titleName;
    if (!account) {
      el.textContent = "";
      return;
    }
    el.textContent = account.name || account.id;
  }

  #updatePaymentLink() {
    this.#ui.payLink.href = safeUrl(
      this.getAttribute("payment-methods-url"),
      DEFAULT_PAYMENT_METHODS_URL,
    );
  }

  #renderNotice(title, text) {
    const n = this.#ui.notice;
    clear(n);
    n.append(h("p", { class: "abw-notice-title", text: title }), h("p", { text }));
    n.hidden = false;
    for (const sec of Object.values(this.#ui.sections)) {
      clear(sec.body);
      sec.el.removeAttribute("aria-busy");
      delete sec.el.dataset.state;
    }
  }

  #clearNotice() {
    clear(this.#ui.notice);
    this.#ui.notice.hidden = true;
  }

  #setLoading(sec) {
    sec.el.setAttribute("aria-busy", "true");
    sec.el.dataset.state = "loading";
    const lines = sec.part === "transactions" ? 6 : sec.part === "chart" ? 1 : 2;
    clear(sec.body).append(
      h(
        "div",
        { class: `abw-loading abw-loading-${sec.part}` },
        h("span", { class: "abw-sr-only", text: `Loading ${sec.title.toLowerCase()}…` }),
        Array.from({ length: lines }, (_, i) =>
          h("span", { class: `abw-skeleton abw-skeleton-${i % 3}`, "aria-hidden": "true" }),
        ),
      ),
    );
  }

  #setReady(sec) {
    sec.el.removeAttribute("aria-busy");
    sec.el.dataset.state = "ready";
  }

  #showError(sec, e, retry, title, soft = false) {
    sec.el.removeAttribute("aria-busy");
    sec.el.dataset.state = "error";
    const kind = e && e.kind;
    const heading = title || ERROR_TITLES[kind] || `Couldn't load ${sec.title.toLowerCase()}`;
    const message = (e && e.message) || String(e);
    const box = h(
      "div",
      { class: soft ? "abw-error abw-error-soft" : "abw-error", part: "error", role: soft ? undefined : "alert" },
      h("p", { class: "abw-error-title", text: heading }),
      h("p", { class: "abw-error-message", text: message }),
    );
    box.dataset.kind = kind || "unknown";
    if (e && e.status) box.dataset.status = String(e.status);
    if (e && e.requestId) {
      box.append(
        h(
          "p",
          { class: "abw-error-request" },
          "Request ID: ",
          h("code", { part: "request-id", text: e.requestId }),
        ),
      );
      box.dataset.requestId = e.requestId;
    }
    if (retry) {
      box.append(
        h("button", {
          type: "button",
          class: "abw-button",
          part: "retry",
          text: "Try again",
          onclick: () => retry(),
        }),
      );
    }
    clear(sec.body).append(box);
  }

  // -------------------------------------------------------------------------------------------
  // Account status

  #loadAccount(gen) {
    const sec = this.#ui.sections.status;
    const retry = () => {
      const p = this.#loadAccount(this.#gen);
      this.#renderCycleAndCategories(this.#gen, p);
    };
    const p = this.#run(gen, sec, (signal) => this.#client.account({ signal }), retry);
    return p.then((account) => {
      if (gen !== this.#gen || !account) return undefined;
      this.#account = account;
      this.#setTitle(account);
      this.#setReady(sec);
      const suspended = account.enabled === false;
      sec.el.dataset.accountState = suspended ? "suspended" : "active";
      const body = clear(sec.body);
      if (suspended) {
        body.append(
          h(
            "div",
            { class: "abw-banner abw-banner-suspended" },
            h("span", { class: "abw-badge abw-badge-suspended", text: "Suspended" }),
            h(
              "div",
              {},
              h("p", { class: "abw-banner-title", text: "This account is suspended" }),
              h("p", {
                class: "abw-banner-text",
                text:
                  "Calls and numbers may stop working until the balance is settled. " +
                  "Add a payment method or contact Audian billing support to reactivate it.",
              }),
            ),
          ),
        );
      } else {
        body.append(
          h(
            "p",
            { class: "abw-status-line" },
            h("span", { class: "abw-badge abw-badge-active", text: "Active" }),
            h("span", { class: "abw-status-id" }, "Account ID ", h("code", { text: account.id })),
          ),
        );
      }
      return account;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Balance

  #loadBalance(gen) {
    const sec = this.#ui.sections.balance;
    this.#balanceReady = false;
    const retry = () => {
      this.#currencyReady = this.#loadBalance(this.#gen);
    };
    return this.#run(gen, sec, (signal) => this.#client.balance({ signal }), retry).then((b) => {
      if (gen !== this.#gen || !b) return this.#currency;
      this.#currency = b.currency || this.#currency;
      this.#setReady(sec);
      const negative = b.balance < 0;
      sec.el.dataset.sign = negative ? "negative" : "positive";
      const amount = h("p", {
        class: `abw-amount ${negative ? "is-negative" : ""}`.trim(),
        part: "balance-amount",
        text: this.#money(b.balance),
      });
      amount.dataset.value = String(b.balance);
      amount.dataset.currency = this.#currency;
      this.#balanceReady = true;
      clear(sec.body).append(
        amount,
        negative
          ? h("p", {
              class: "abw-note abw-note-negative",
              text: "Your balance is negative: add funds to avoid service interruption.",
            })
          : h("p", { class: "abw-note", text: `Available credit, in ${this.#currency}` }),
      );
      this.#renderBalanceFacts();
      return this.#currency;
    });
  }

  /** Last payment, from the months of transactions the chart loaded. */
  #renderBalanceFacts() {
    const sec = this.#ui.sections.balance;
    if (!this.#balanceReady || !this.#analysis || !this.#analysis.txs) return;
    const old = sec.body.querySelector(".abw-balance-facts");
    if (old) old.remove();
    const payment = this.#analysis.txs.find((tx) => tx.type === "credit" && isCounted(tx) && !isRefund(tx));
    const value = payment
      ? h(
          "dd",
          { part: "last-payment" },
          this.#money(signedAmount(payment), "exceptZero"),
          h("span", { class: "abw-fact-date", text: ` · ${new Intl.DateTimeFormat(this.#locale, { dateStyle: "medium" }).format(new Date(payment.created))}` }),
        )
      : h("dd", { part: "last-payment", text: `None in the last ${this.#months} months` });
    if (payment) value.dataset.id = payment.id;
    sec.body.append(
      h("dl", { class: "abw-dl abw-balance-facts" }, h("div", { class: "abw-dl-row" }, h("dt", { text: "Last payment" }), value)),
    );
  }

  #currencyLater() {
    return Promise.resolve(this.#currencyReady).then(
      () => this.#currency,
      () => this.#currency,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Transactions

  #newTxState() {
    const today = dayKey(new Date());
    return {
      fromDay: shiftDay(today, -(DEFAULT_RANGE_DAYS - 1)),
      toDay: today,
      type: "",
      rows: [],
      seen: new Set(),
      windows: [],
      wi: 0,
      startKey: null,
      done: true,
      loadingMore: false,
      controls: null,
      rangeError: "",
    };
  }

  #buildTxControls() {
    const st = this.#tx;
    const typeId = nextId("type");
    const fromId = nextId("from");
    const toId = nextId("to");
    const select = h(
      "select",
      { id: typeId, part: "type-filter", class: "abw-input" },
      h("option", { value: "", text: "All types" }),
      TRANSACTION_TYPES.map((t) => h("option", { value: t, text: TYPE_LABELS[t] })),
    );
    select.value = st.type;
    select.addEventListener("change", () => {
      st.type = select.value;
      this.#renderTxTable();
    });
    const from = h("input", { id: fromId, type: "date", class: "abw-input", part: "date-from" });
    const to = h("input", { id: toId, type: "date", class: "abw-input", part: "date-to" });
    from.value = st.fromDay;
    to.value = st.toDay;
    const onRange = () => {
      if (!from.value || !to.value) return;
      if (!localDayRange(from.value, to.value)) return;
      if (from.value > to.value) {
        st.rangeError = "The start date must be on or before the end date.";
        this.#renderRangeError();
        return;
      }
      st.rangeError = "";
      this.#renderRangeError();
      if (from.value === st.fromDay && to.value === st.toDay) return;
      st.fromDay = from.value;
      st.toDay = to.value;
      this.#loadTransactions(this.#gen, true);
    };
    from.addEventListener("change", onRange);
    to.addEventListener("change", onRange);
    const exportBtn = h("button", {
      type: "button",
      class: "abw-button abw-button-secondary",
      part: "export-csv",
      text: "Export CSV",
      onclick: () => this.#exportCsv(),
    });
    const rangeError = h("p", { class: "abw-field-error", role: "alert", hidden: true, part: "range-error" });
    const wrap = h(
      "div",
      { class: "abw-controls", role: "group", "aria-label": "Filter transactions" },
      h("div", { class: "abw-field abw-field-type" }, h("label", { for: typeId, text: "Type" }), select),
      h("div", { class: "abw-field" }, h("label", { for: fromId, text: "From" }), from),
      h("div", { class: "abw-field" }, h("label", { for: toId, text: "To" }), to),
      h("div", { class: "abw-field abw-field-action" }, exportBtn),
      rangeError,
    );
    st.controls = { wrap, select, from, to, exportBtn, rangeError };
    return wrap;
  }

  #renderRangeError() {
    const c = this.#tx.controls;
    if (!c) return;
    c.rangeError.textContent = this.#tx.rangeError;
    c.rangeError.hidden = !this.#tx.rangeError;
    c.from.setAttribute("aria-invalid", this.#tx.rangeError ? "true" : "false");
    c.to.setAttribute("aria-invalid", this.#tx.rangeError ? "true" : "false");
  }

  async #loadTransactions(gen, reset) {
    const st = this.#tx;
    const sec = this.#ui.sections.transactions;
    if (!st || gen !== this.#gen || !this.#client) return;
    let signal = this.#signal();
    if (reset) {
      if (st.ctrl) st.ctrl.abort();
      st.ctrl = new AbortController();
      const range = localDayRange(st.fromDay, st.toDay);
      st.rows = [];
      st.seen = new Set();
      st.windows = range ? splitRange(range.from, range.to) : [];
      st.wi = 0;
      st.startKey = null;
      st.done = st.windows.length === 0;
      st.token = (st.token || 0) + 1;
      this.#ensureTxFrame();
      this.#setTxBusy(true);
    } else {
      if (st.loadingMore || st.done) return;
      st.loadingMore = true;
      this.#renderTxFooter();
    }
    // Changing the range aborts the previous range's requests, not the other sections'.
    if (st.ctrl) signal = AbortSignal.any([signal, st.ctrl.signal]);
    const token = st.token;
    const pageSize = this.#pageSize;
    try {
      const currencyP = this.#currencyLater();
      let added = 0;
      while (!st.done && added < pageSize) {
        const w = st.windows[st.wi];
        const query = { from: w.from, to: w.to, pageSize, signal };
        if (st.startKey) query.startKey = st.startKey;
        const page = await this.#client.transactions(query);
        if (gen !== this.#gen || token !== st.token) return;
        for (const tx of page.data) {
          if (st.seen.has(tx.id)) continue;
          st.seen.add(tx.id);
          st.rows.push(tx);
          added += 1;
        }
        const next = page.nextStartKey;
        if (next && next !== st.startKey) {
          st.startKey = next;
        } else {
          st.wi += 1;
          st.startKey = null;
          if (st.wi >= st.windows.length) st.done = true;
        }
      }
      await currencyP;
      if (gen !== this.#gen || token !== st.token) return;
      st.loadingMore = false;
      this.#setReady(sec);
      this.#setTxBusy(false);
      this.#renderTxTable();
      if (!reset) this.#afterLoadMore();
    } catch (e) {
      if (gen !== this.#gen || token !== st.token || isAbort(e, signal)) return;
      st.loadingMore = false;
      this.#setTxBusy(false);
      this.#showTxError(e, reset);
    }
  }

  /** Controls + table area; the controls survive reloads of the rows. */
  #ensureTxFrame() {
    const sec = this.#ui.sections.transactions;
    const st = this.#tx;
    if (!st.controls) this.#buildTxControls();
    if (!sec.frame || !sec.body.contains(sec.frame.content)) {
      const content = h("div", { class: "abw-tx-content" });
      const footer = h("div", { class: "abw-tx-footer" });
      clear(sec.body).append(st.controls.wrap, content, footer);
      sec.frame = { content, footer };
    }
    sec.el.removeAttribute("aria-busy");
    sec.el.dataset.state = "ready";
  }

  #setTxBusy(busy) {
    const sec = this.#ui.sections.transactions;
    if (!sec.frame) return;
    if (busy) {
      sec.el.setAttribute("aria-busy", "true");
      sec.el.dataset.state = "loading";
      clear(sec.frame.content).append(
        h(
          "div",
          { class: "abw-loading abw-loading-transactions" },
          h("span", { class: "abw-sr-only", text: "Loading transactions…" }),
          Array.from({ length: 6 }, (_, i) =>
            h("span", { class: `abw-skeleton abw-skeleton-${i % 3}`, "aria-hidden": "true" }),
          ),
        ),
      );
      clear(sec.frame.footer);
      if (this.#tx.controls) this.#tx.controls.exportBtn.disabled = true;
    } else {
      sec.el.removeAttribute("aria-busy");
    }
  }

  #showTxError(e, reset) {
    const sec = this.#ui.sections.transactions;
    this.#ensureTxFrame();
    sec.el.dataset.state = "error";
    const retry = () => {
      if (reset || this.#tx.rows.length === 0) this.#loadTransactions(this.#gen, true);
      else this.#loadTransactions(this.#gen, false);
    };
    if (reset || this.#tx.rows.length === 0) {
      // Render into the content area so the filters stay usable.
      const fake = { el: sec.el, body: sec.frame.content, part: "transactions", title: "Transactions" };
      this.#showError(fake, e, retry);
      clear(sec.frame.footer);
    } else {
      this.#renderTxTable();
      const fake = { el: sec.el, body: sec.frame.footer, part: "transactions", title: "more transactions" };
      this.#showError(fake, e, retry);
    }
  }

  #shownRows() {
    const st = this.#tx;
    return st.type ? st.rows.filter((tx) => tx.type === st.type) : st.rows;
  }

  #renderTxTable() {
    const st = this.#tx;
    const sec = this.#ui.sections.transactions;
    if (!st || !sec.frame) return;
    const rows = this.#shownRows();
    st.controls.exportBtn.disabled = rows.length === 0;
    const content = clear(sec.frame.content);
    const rangeText = `${this.#localDay(st.fromDay)} – ${this.#localDay(st.toDay)}`;

    if (rows.length === 0) {
      const text =
        st.rows.length === 0
          ? `No transactions between ${this.#localDay(st.fromDay)} and ${this.#localDay(st.toDay)}.`
          : `No ${TYPE_LABELS[st.type].toLowerCase()} transactions among the ${st.rows.length} loaded.`;
      content.append(
        h(
          "div",
          { class: "abw-empty", part: "empty" },
          h("p", { class: "abw-empty-title", text: "Nothing to show" }),
          h("p", {
            text: st.done || st.rows.length === 0 ? text : `${text} Load more to look further back.`,
          }),
        ),
      );
    } else {
      const tbody = h("tbody");
      for (const tx of rows) tbody.append(this.#txRow(tx));
      const table = h(
        "table",
        { class: "abw-table", part: "transactions-table" },
        h(
          "caption",
          { class: "abw-sr-only" },
          `Transactions, ${rangeText}${st.type ? `, ${TYPE_LABELS[st.type]} only` : ""}, newest first`,
        ),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col", text: "Date" }),
            h("th", { scope: "col", text: "Description" }),
            h("th", { scope: "col", text: "Type" }),
            h("th", { scope: "col", class: "abw-num", text: "Amount" }),
          ),
        ),
        tbody,
      );
      content.append(h("div", { class: "abw-table-wrap" }, table));
    }
    this.#renderTxFooter();
  }

  #txRow(tx) {
    const signed = signedAmount(tx);
    const counted = isCounted(tx);
    const time = h("time", { datetime: tx.created, title: utcLabel(tx.created), text: this.#dateTime(tx.created) });
    const desc = h(
      "td",
      { class: "abw-desc", "data-label": "Description" },
      h("span", { class: "abw-desc-text", part: "description", text: displayDescription(tx) }),
      h(
        "span",
        { class: "abw-desc-meta" },
        counted ? null : h("span", { class: "abw-badge abw-badge-failed", part: "status-badge", text: humanize(String(tx.status)) }),
        rowCategoryLabel(tx),
      ),
    );
    const amount = h("td", {
      class: `abw-num abw-amount-cell ${signed > 0 ? "is-credit" : signed < 0 ? "is-charge" : ""} ${counted ? "" : "is-void"}`.trim(),
      part: "amount",
      "data-label": "Amount",
      text: this.#money(signed, "exceptZero"),
    });
    amount.dataset.value = String(signed);
    const tr = h(
      "tr",
      { part: "transaction-row" },
      h("td", { class: "abw-date", "data-label": "Date" }, time),
      desc,
      h(
        "td",
        { class: "abw-type", "data-label": "Type" },
        h("span", { class: `abw-badge abw-type-${tx.type}`, part: "type-badge", text: TYPE_LABELS[tx.type] || tx.type }),
      ),
      amount,
    );
    tr.dataset.id = tx.id;
    tr.dataset.type = tx.type;
    if (!counted) tr.dataset.status = String(tx.status);
    return tr;
  }

  #renderTxFooter() {
    const st = this.#tx;
    const sec = this.#ui.sections.transactions;
    if (!sec.frame) return;
    const { footer } = sec.frame;
    if (!sec.frame.summary || !footer.contains(sec.frame.summary)) {
      const summary = h("p", { class: "abw-tx-summary", part: "transactions-summary", tabindex: "-1" });
      const more = h("button", {
        type: "button",
        class: "abw-button",
        part: "load-more",
        text: "Load more",
        onclick: () => {
          if (more.getAttribute("aria-disabled") === "true") return;
          this.#tx.moreHadFocus = this.shadowRoot.activeElement === more;
          this.#loadTransactions(this.#gen, false);
        },
      });
      clear(footer).append(summary, more);
      sec.frame.summary = summary;
      sec.frame.more = more;
    }
    const { summary, more } = sec.frame;
    if (st.rows.length === 0 && st.done) {
      summary.hidden = true;
      more.hidden = true;
      return;
    }
    const rows = this.#shownRows();
    let charges = 0;
    let credits = 0;
    for (const tx of rows) {
      if (!isCounted(tx)) continue;
      const u = signedUnits(tx);
      if (u < 0) charges += -u;
      else credits += u;
    }
    const count = st.type
      ? `${rows.length} of ${st.rows.length} loaded transactions`
      : `${rows.length} transaction${rows.length === 1 ? "" : "s"}`;
    summary.hidden = false;
    clear(summary).append(
      h("span", { text: `Showing ${count}${st.done ? "" : ", more available"}` }),
      h(
        "span",
        { class: "abw-tx-totals" },
        h("span", { class: "abw-total-charges", text: `Charges ${this.#money(-charges / 10000)}` }),
        h("span", { class: "abw-total-credits", text: `Credits ${this.#money(credits / 10000, "exceptZero")}` }),
      ),
    );
    more.hidden = st.done;
    more.textContent = st.loadingMore ? "Loading…" : "Load more";
    if (st.loadingMore) more.setAttribute("aria-disabled", "true");
    else more.removeAttribute("aria-disabled");
  }

  /** Keeps keyboard focus sensible after "Load more": on the button, or the summary when done. */
  #afterLoadMore() {
    const frame = this.#ui.sections.transactions.frame;
    if (!frame || !frame.more) return;
    if (frame.more.hidden && this.#tx.moreHadFocus) frame.summary.focus();
    this.#tx.moreHadFocus = false;
  }

  #exportCsv() {
    const st = this.#tx;
    const rows = this.#shownRows();
    if (!rows.length) return;
    const csv = transactionsToCsv(rows, this.#currency);
    const blob = new Blob([csv], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const a = h("a", {
      href: url,
      download: csvFileName(this.getAttribute("account-id"), st.fromDay, st.toDay),
      class: "abw-sr-only",
      tabindex: "-1",
      text: "Download CSV",
    });
    this.shadowRoot.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  }

  // -------------------------------------------------------------------------------------------
  // Spending chart, billing cycle, categories (one fetch of the last months)

  async #loadAnalysis(gen, accountP) {
    const chart = this.#ui.sections.chart;
    const months = this.#months;
    const now = new Date();
    const retry = () => this.#loadAnalysis(this.#gen, Promise.resolve(this.#account));
    const firstKey = lastMonthKeys(now, months)[0];
    const [fy, fm] = firstKey.split("-").map(Number);
    const from = new Date(fy, fm - 1, 1, 0, 0, 0, 0);
    this.#setLoading(this.#ui.sections.categories);
    this.#setLoading(this.#ui.sections.cycle);
    const txs = await this.#run(
      gen,
      chart,
      async (signal) => {
        const out = [];
        const seen = new Set();
        for await (const tx of this.#client.allTransactions({ from, to: now, pageSize: ANALYSIS_PAGE_SIZE, signal })) {
          if (seen.has(tx.id)) continue;
          seen.add(tx.id);
          out.push(tx);
        }
        return out;
      },
      retry,
    );
    if (gen !== this.#gen) return;
    this.#analysis = txs ? { txs, error: null } : { txs: null, error: true };
    await this.#currencyLater();
    if (gen !== this.#gen) return;
    if (txs) {
      this.#renderChart(txs, now, months);
      this.#renderBalanceFacts();
    }
    this.#renderCycleAndCategories(gen, accountP, retry);
  }

  async #renderCycleAndCategories(gen, accountP, analysisRetry) {
    const cycleSec = this.#ui.sections.cycle;
    const catSec = this.#ui.sections.categories;
    const account = await accountP;
    if (gen !== this.#gen) return;
    if (!account) {
      const e = { message: "The account could not be loaded, so its billing cycle is unknown." };
      const retry = () => this.#queueReload();
      this.#showError(cycleSec, e, retry, "Billing cycle unavailable", true);
      if (!this.#analysis || !this.#analysis.txs) {
        this.#showError(catSec, e, retry, "Charges unavailable", true);
      }
    }
    const now = new Date();
    const cycle = billingCycle(account ? account.created : null, now);
    if (account) this.#renderCycle(cycle, account);

    if (!this.#analysis) return; // still loading; the analysis renders this when done
    if (!this.#analysis.txs) {
      this.#showError(
        catSec,
        { message: "The transactions for this period could not be loaded." },
        analysisRetry || (() => this.#queueReload()),
        "Charges unavailable",
        true,
      );
      return;
    }
    // The current billing period when known, else the current calendar month (local).
    let start = cycle.periodStart;
    let label;
    if (start) {
      label = `${this.#utcDate(start)} – ${this.#utcDate(now)}`;
    } else {
      const d = new Date(now.getFullYear(), now.getMonth(), 1);
      start = d;
      label = new Intl.DateTimeFormat(this.#locale, { month: "long", year: "numeric" }).format(d);
    }
    const inPeriod = this.#analysis.txs.filter((tx) => {
      const t = Date.parse(tx.created);
      return t >= start.getTime() && t <= now.getTime();
    });
    this.#renderCategories(chargesByCategory(inPeriod), label);
  }

  #renderCycle(cycle, account) {
    const sec = this.#ui.sections.cycle;
    this.#setReady(sec);
    const rows = [];
    const item = (term, value, part, iso) => {
      const dd = h("dd", { part }, value);
      if (iso) dd.dataset.date = iso;
      rows.push(h("div", { class: "abw-dl-row" }, h("dt", { text: term }), dd));
    };
    if (cycle.periodStart) {
      const period = `${this.#utcDate(cycle.periodStart)} – ${this.#utcDate(cycle.periodLastDay)}`;
      item("Current period", period, "cycle-period", cycle.periodStart.toISOString().slice(0, 10));
    } else {
      item("Current period", "Not available (no account creation date)", "cycle-period");
    }
    item("Next invoice", this.#utcDate(cycle.nextInvoice), "cycle-invoice", cycle.nextInvoice.toISOString().slice(0, 10));
    item("Payment due", this.#utcDate(cycle.due), "cycle-due", cycle.due.toISOString().slice(0, 10));
    const note = account && account.created
      ? `Billed monthly from the ${ordinalDay(new Date(account.created).getUTCDate())}; invoices are issued on the 1st and due 30 days later (dates in UTC).`
      : "Invoices are issued on the 1st of the month and due 30 days later (dates in UTC).";
    clear(sec.body).append(h("dl", { class: "abw-dl" }, rows), h("p", { class: "abw-note", text: note }));
  }

  #renderCategories(result, label) {
    const sec = this.#ui.sections.categories;
    this.#setReady(sec);
    const body = clear(sec.body);
    body.append(h("p", { class: "abw-note abw-period-label", text: label }));
    const total = h("p", { class: "abw-amount abw-amount-small", part: "period-total", text: this.#money(result.total) });
    total.dataset.value = String(result.total);
    body.append(total);
    if (result.total === 0) {
      body.append(h("p", { class: "abw-empty-inline", text: "No charges yet this period." }));
      return;
    }
    const max = Math.max(...result.categories.map((c) => c.total));
    const list = h("ul", { class: "abw-cat-list", "aria-label": "Charges by category" });
    for (const c of result.categories) {
      const bar = s(
        "svg",
        { class: "abw-cat-bar", viewBox: "0 0 100 4", preserveAspectRatio: "none", "aria-hidden": "true", focusable: "false" },
        s("rect", { class: "abw-cat-track", x: 0, y: 0, width: 100, height: 4, rx: 2 }),
        c.total > 0 ? s("rect", { class: `abw-cat-fill abw-cat-${c.id}`, x: 0, y: 0, width: Math.max(1.5, (c.total / max) * 100).toFixed(2), height: 4, rx: 2 }) : null,
      );
      const li = h(
        "li",
        { class: `abw-cat ${c.total === 0 ? "is-zero" : ""}`.trim(), part: "category" },
        h("span", { class: "abw-cat-label", text: c.label }),
        h("span", { class: "abw-cat-amount", text: this.#money(c.total) }),
        bar,
      );
      li.dataset.category = c.id;
      li.dataset.value = String(c.total);
      list.append(li);
    }
    body.append(list);
  }

  #monthName(key, style = "short") {
    const [y, m] = key.split("-").map(Number);
    return new Intl.DateTimeFormat(this.#locale, {
      month: style,
      year: style === "long" ? "numeric" : undefined,
      timeZone: "UTC",
    }).format(new Date(Date.UTC(y, m - 1, 15)));
  }

  #renderChart(txs, now, months) {
    const sec = this.#ui.sections.chart;
    this.#setReady(sec);
    const buckets = monthBuckets(txs, { now, months });
    const types = ["usage", "recurring", "debit"]; // stacked bottom to top
    const first = this.#monthName(buckets[0].key, "long");
    const last = this.#monthName(buckets[buckets.length - 1].key, "long");

    const wrap = h("div", { class: "abw-chart-wrap" });
    const legend = h(
      "ul",
      { class: "abw-legend", "aria-hidden": "true" },
      types.map((t) => h("li", {}, h("span", { class: `abw-swatch abw-seg-${t}` }), TYPE_LABELS[t])),
    );
    const table = h(
      "table",
      { class: "abw-table abw-table-compact", part: "chart-table" },
      h("caption", { class: "abw-sr-only", text: "Charges per month by type" }),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col", text: "Month" }),
          types.map((t) => h("th", { scope: "col", class: "abw-num", text: TYPE_LABELS[t] })),
          h("th", { scope: "col", class: "abw-num", text: "Total" }),
        ),
      ),
      h(
        "tbody",
        {},
        buckets.map((b) => {
          const tr = h(
            "tr",
            {},
            h("th", { scope: "row", text: this.#monthName(b.key, "long") }),
            types.map((t) => h("td", { class: "abw-num", text: this.#money(b[t]) })),
            h("td", { class: "abw-num", text: this.#money(b.total) }),
          );
          tr.dataset.month = b.key;
          tr.dataset.total = String(b.total);
          return tr;
        }),
      ),
    );
    clear(sec.body).append(
      h("p", { class: "abw-note", text: `Charges per month by type, ${first} – ${last}. Credits and payments are not included.` }),
      wrap,
      legend,
      h(
        "details",
        { class: "abw-details" },
        h("summary", { text: "Show chart data as a table" }),
        h("div", { class: "abw-table-wrap" }, table),
      ),
    );

    // Draw at the real pixel width so labels keep their size; redraw when the width changes.
    let drawnWidth = 0;
    const draw = () => {
      const width = Math.round(wrap.clientWidth);
      if (!width || Math.abs(width - drawnWidth) < 4) return;
      drawnWidth = width;
      clear(wrap).append(this.#chartSvg(buckets, types, width, months));
    };
    if (this.#chartObserver) this.#chartObserver.disconnect();
    if (typeof ResizeObserver === "function") {
      this.#chartObserver = new ResizeObserver(() => draw());
      this.#chartObserver.observe(wrap);
    }
    draw();
    if (!drawnWidth) clear(wrap).append(this.#chartSvg(buckets, types, 640, months));
  }

  #chartSvg(buckets, types, W, months) {
    const narrow = W < 480;
    const H = narrow ? 200 : 240;
    const padL = narrow ? 48 : 64;
    const padR = 8;
    const padT = 12;
    const padB = 28;
    const plotW = W - padL - padR;
    const plotH = H - padT - padB;
    const peak = Math.max(0, ...buckets.map((b) => b.total));
    const scale = niceScale(peak);
    const y = (v) => padT + plotH - (v / scale.max) * plotH;
    const compact = (v) =>
      new Intl.NumberFormat(this.#locale, {
        style: "currency",
        currency: this.#currency,
        notation: "compact",
        maximumFractionDigits: 1,
      }).format(v);

    const titleId = nextId("chart-title");
    const descId = nextId("chart-desc");
    const summaryText = buckets.map((b) => `${this.#monthName(b.key, "long")}: ${this.#money(b.total)}`).join("; ");
    const svg = s(
      "svg",
      {
        class: "abw-chart-svg",
        width: W,
        height: H,
        viewBox: `0 0 ${W} ${H}`,
        role: "img",
        "aria-labelledby": `${titleId} ${descId}`,
        part: "chart-svg",
      },
      s("title", { id: titleId }, `Charges per month, last ${months} months`),
      s("desc", { id: descId }, summaryText),
    );
    const grid = s("g", { class: "abw-chart-grid", "aria-hidden": "true" });
    for (let v = 0; v <= scale.max + 1e-9; v += scale.step) {
      const yy = y(v).toFixed(1);
      grid.append(
        s("line", { x1: padL, x2: W - padR, y1: yy, y2: yy }),
        s("text", { x: padL - 8, y: yy, class: "abw-chart-axis", "text-anchor": "end", "dominant-baseline": "middle" }, compact(v)),
      );
    }
    svg.append(grid);
    const slot = plotW / buckets.length;
    const barW = Math.min(64, slot * 0.58);
    buckets.forEach((b, i) => {
      const x = padL + slot * i + (slot - barW) / 2;
      const g = s("g", { class: "abw-chart-bar" });
      g.dataset.month = b.key;
      g.dataset.total = String(b.total);
      g.append(
        s(
          "title",
          {},
          `${this.#monthName(b.key, "long")}: ${this.#money(b.total)} (usage ${this.#money(b.usage)}, recurring ${this.#money(b.recurring)}, debit ${this.#money(b.debit)})`,
        ),
      );
      let acc = 0;
      const segs = types.filter((t) => b[t] > 0);
      segs.forEach((t, k) => {
        const y0 = y(acc);
        acc += b[t];
        const y1 = y(acc);
        const hgt = Math.max(0.5, y0 - y1);
        const top = k === segs.length - 1;
        g.append(
          top
            ? s("path", { class: `abw-seg abw-seg-${t}`, d: roundedTop(x, y1, barW, hgt, Math.min(4, hgt)) })
            : s("rect", { class: `abw-seg abw-seg-${t}`, x: x.toFixed(1), y: y1.toFixed(1), width: barW.toFixed(1), height: hgt.toFixed(1) }),
        );
      });
      g.append(
        s("text", { x: (x + barW / 2).toFixed(1), y: H - padB + 18, class: "abw-chart-axis", "text-anchor": "middle" }, this.#monthName(b.key)),
      );
      svg.append(g);
    });
    svg.append(s("line", { class: "abw-chart-baseline", x1: padL, x2: W - padR, y1: y(0), y2: y(0), "aria-hidden": "true" }));
    return svg;
  }

  // -------------------------------------------------------------------------------------------
  // Service plans

  #loadPlans(gen) {
    const sec = this.#ui.sections.plans;
    const retry = () => this.#loadPlans(this.#gen);
    return this.#run(gen, sec, (signal) => this.#client.servicePlans({ signal }), retry).then(async (plans) => {
      if (gen !== this.#gen || !plans) return;
      await this.#currencyLater();
      if (gen !== this.#gen) return;
      this.#setReady(sec);
      const body = clear(sec.body);
      if (plans.length === 0) {
        body.append(h("p", { class: "abw-empty-inline", text: "No service plan is assigned to this account." }));
        return;
      }
      const list = h("ul", { class: "abw-plan-list" });
      for (const p of plans) {
        const li = h(
          "li",
          { class: "abw-plan", part: "plan" },
          h("p", { class: "abw-plan-name", part: "plan-name", text: p.name }),
          p.description ? h("p", { class: "abw-plan-desc", part: "plan-description", text: p.description }) : null,
        );
        li.dataset.id = p.id;
        const groups = planGroups(p);
        if (groups.length) {
          const tbody = h("tbody");
          for (const g of groups) {
            tbody.append(h("tr", { class: "abw-group" }, h("th", { scope: "colgroup", colspan: "3", text: g.label })));
            for (const it of g.items) {
              tbody.append(
                h(
                  "tr",
                  {},
                  h("th", { scope: "row", text: it.label }),
                  h("td", { class: "abw-num", text: it.rate === undefined ? "—" : this.#money(it.rate) }),
                  h("td", { class: "abw-num", text: it.activation === undefined ? "—" : this.#money(it.activation) }),
                ),
              );
            }
          }
          li.append(
            h(
              "div",
              { class: "abw-table-wrap" },
              h(
                "table",
                { class: "abw-table abw-table-compact abw-plan-table" },
                h("caption", { class: "abw-sr-only", text: `Rates in ${p.name}` }),
                h(
                  "thead",
                  {},
                  h(
                    "tr",
                    {},
                    h("th", { scope: "col", text: "Service" }),
                    h("th", { scope: "col", class: "abw-num", text: "Monthly rate" }),
                    h("th", { scope: "col", class: "abw-num", text: "Activation" }),
                  ),
                ),
                tbody,
              ),
            ),
          );
        }
        list.append(li);
      }
      body.append(list);
    });
  }
}

/** An SVG path for a bar whose top corners are rounded by r. */
function roundedTop(x, y, w, hgt, r) {
  const f = (n) => n.toFixed(1);
  return `M${f(x)},${f(y + hgt)}V${f(y + r)}Q${f(x)},${f(y)} ${f(x + r)},${f(y)}H${f(x + w - r)}Q${f(x + w)},${f(y)} ${f(x + w)},${f(y + r)}V${f(y + hgt)}Z`;
}

function ordinalDay(n) {
  const rem100 = n % 100;
  const suffix = rem100 >= 11 && rem100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] || "th";
  return `${n}${suffix}`;
}

function humanize(key) {
  if (key === "_all") return "All";
  const t = String(key).replace(/[_-]+/g, " ").trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

const PLAN_CATEGORY_LABELS = {
  phone_numbers: "Phone numbers",
  number_services: "Number services",
  users: "Users",
  devices: "Devices",
  limits: "Trunks and limits",
  ui_apps: "Apps",
  conferencing: "Conferencing",
  ips: "Dedicated IPs",
};

/**
 * Groups a Kazoo plan ({category: {item: {name?, rate?, activation_charge?}}}) for display:
 * [{ category, label, items: [{ label, rate?, activation? }] }], priced items only.
 */
function planGroups(plan) {
  const groups = [];
  const cats = plan && plan.plan && typeof plan.plan === "object" ? plan.plan : null;
  if (!cats) return groups;
  const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  for (const [cat, items] of Object.entries(cats)) {
    if (!items || typeof items !== "object") continue;
    const label = PLAN_CATEGORY_LABELS[cat] || humanize(cat);
    const rows = [];
    for (const [key, item] of Object.entries(items)) {
      if (!item || typeof item !== "object") continue;
      const rate = num(item.rate);
      const activation = num(item.activation_charge);
      if (rate === undefined && activation === undefined) continue;
      let name = typeof item.name === "string" && item.name ? item.name : key === "_all" ? `All ${label.toLowerCase()}` : humanize(key);
      const minimum = num(item.minimum);
      if (minimum && minimum > 0) name += ` (minimum ${minimum})`;
      rows.push({ label: name, rate, activation });
    }
    if (rows.length) groups.push({ category: cat, label, items: rows });
  }
  return groups;
}

if (!customElements.get("audian-billing-widget")) {
  customElements.define("audian-billing-widget", AudianBillingWidget);
}

export { AudianBillingWidget };
