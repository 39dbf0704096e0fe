// <audian-billing-widget>: the Audian portal's billing page (Settings -> Billing) as a custom
// element. `import "audian-billing/widget"` defines it.
//
//   <audian-billing-widget base-url="https://api.audian.com:8443" account-id="…">
//   el.authToken = token;            // a property only, never an attribute
//   el.client = await BillingClient.signIn({ … });   // or hand it a ready client
//
// The element renders into an open shadow root styled by a constructable stylesheet (works under
// `style-src 'self'`), puts server text on the page through textContent only, and reports what
// happens with bubbling, composed DOM events: audian-billing-load, audian-billing-error,
// audian-billing-unauthorized. Each card is a module under cards/; a Section (section.js) loads
// it with a Task (task.js); the cards share what one load fetched through a Store (store.js).

import initWasm, { BillingClient } from "../audian_billing.js";
// The client, from the same module instance as the element's (the widget's bundle includes the
// client): a host that signs in with these shares the element's one .wasm.
export { BillingClient, AudianError } from "../audian_billing.js";
import css from "./styles.js";
import { h, clear, safeUrl } from "./dom.js";
import { Section } from "./section.js";
import { loadContext, withCurrency } from "./context.js";
import { dayKey, shiftDay } from "./billing-logic.js";
import { statusCard, standingBanner } from "./cards/status.js";
import { balanceCard } from "./cards/balance.js";
import { cycleCard } from "./cards/cycle.js";
import { categoriesCard } from "./cards/categories.js";
import { billingSummaryCard } from "./cards/billing-summary.js";
import { usageCard } from "./cards/usage.js";
import { chartCard } from "./cards/chart.js";
import { transactionsCard } from "./cards/transactions.js";
import { plansCard } from "./cards/plans.js";
import { settingsCard } from "./cards/settings.js";

const CARDS = [statusCard, balanceCard, cycleCard, categoriesCard, billingSummaryCard, usageCard, chartCard, transactionsCard, plansCard];
/** Cards that change the account: only with the `manage` attribute. */
const MANAGE_CARDS = [settingsCard];
const CARD_BY_ID = new Map([...CARDS, ...MANAGE_CARDS].map((c) => [c.id, c]));
/** The default `sections`: every card, in this order. */
export const SECTION_IDS = Object.freeze(CARDS.map((c) => c.id));

const DEFAULT_PAYMENT_METHODS_URL = "https://portal.audian.com/#/apps/myaccount/billing";
const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_RANGE_DAYS = 30;
const SLOW_MS = 4000; // "still loading" after this long
const TOKEN_ATTRIBUTES = ["authtoken", "auth-token"]; // HTML lower-cases authToken
/** Errors that concern the whole page, not one section: one notice instead of an error per card. */
const PAGE_LEVEL = new Set(["unauthorized", "forbidden", "network", "timeout"]);
const CONSOLE = "<audian-billing-widget>";
const DARK_SYSTEM = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;

// Vite's dev server pre-bundles dependencies into node_modules/.vite/deps/, where a URL relative to
// this module no longer reaches the .wasm; from there the package's own folder is
// node_modules/audian-billing/. Everywhere else (a plain page, a Vite or webpack build, which emit the
// .wasm from the literal URL below) the .wasm sits next to the client module, one folder up. The
// pre-bundled case builds its URL from a string, which bundlers do not take for an asset.
const HERE = new URL(import.meta.url);
const VITE_DEPS = /\/node_modules\/\.vite\/deps(_temp_[^/]*)?\/[^/]*$/;
const WASM_URL = VITE_DEPS.test(HERE.pathname)
  ? new URL(HERE.pathname.replace(VITE_DEPS, "/node_modules/audian-billing/audian_billing_bg.wasm"), HERE)
  : new URL("../audian_billing_bg.wasm", import.meta.url);

let initPromise = null;
function ensurePackage() {
  initPromise ??= initWasm({ module_or_path: WASM_URL }).catch((e) => {
    initPromise = null;
    throw e;
  });
  return initPromise;
}
// The .wasm is fetched and compiled while the page sets the element up (a failure is reported
// by the load that awaits it, which tries again).
ensurePackage().catch(() => {});

/**
 * The client's `init()` for hosts of this module: the element's own, shared (a second
 * instantiation while the first runs would leave two .wasm instances behind one glue).
 */
export function init() {
  return ensurePackage();
}

/** A promise with its resolve function, and whether it was called. */
function settledPromise() {
  let resolve;
  const promise = new Promise((r) => {
    resolve = r;
  });
  const settled = {
    promise,
    done: false,
    resolve(value) {
      settled.done = true;
      resolve(value);
    },
  };
  return settled;
}

let sheet = null;
function stylesheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  return sheet;
}

/** Words for customers, by error kind (the developer detail goes to the event and the console). */
const WORDS = {
  unauthorized: { title: "Your session has ended", text: "Sign in again to see your billing." },
  forbidden: { title: "You don't have access to this account's billing", text: "Ask your account administrator for access." },
  network: { title: "Can't reach the billing service", text: "Check your internet connection, then try again." },
  timeout: { title: "The billing service is taking too long to answer", text: "Try again in a moment." },
  not_found: { title: "This billing account was not found", text: "Contact Audian support if this keeps happening." },
  rate_limited: { title: "Too many requests", text: "Wait a minute, then try again." },
  config: { title: "Billing can't be shown here", text: "This page is not set up correctly; the site's developers have the details." },
};
/** Kazoo 4.x/5.x refuse a disabled or expired (trial) account with a 400 (3.22 with a 423). */
const ACCOUNT_CLOSED = { title: "This account is disabled or its trial has ended", text: "Contact Audian support to restore it." };
const DEFAULT_WORDS = { title: "Billing is unavailable right now", text: "Try again in a few minutes. If it keeps happening, contact Audian support." };

function words(e) {
  if (e && e.kind === "forbidden" && (e.status === 400 || e.status === 423)) return ACCOUNT_CLOSED;
  return WORDS[e && e.kind] || DEFAULT_WORDS;
}

const ATTRIBUTES = {
  baseUrl: "base-url",
  accountId: "account-id",
  currency: "currency",
  locale: "locale",
  pageSize: "page-size",
  months: "months",
  paymentMethodsUrl: "payment-methods-url",
  timeout: "timeout",
  retries: "retries",
  serverVersion: "server-version",
  sections: "sections",
  theme: "theme",
};
/** Attributes that change only the look: no reload. */
const STYLE_ONLY = new Set(["theme", "hide-header"]);

export class AudianBillingWidget extends HTMLElement {
  static get observedAttributes() {
    return [...Object.values(ATTRIBUTES), "hide-header", "manage", ...TOKEN_ATTRIBUTES];
  }

  #token = null;
  #client = null; // handed in by the host
  #loadController = null;
  #reloadQueued = false;
  #sections = [];
  #keep = null; // the transactions card's range and filter, kept for the same account
  #learned = null; // { baseUrl, version }: what the last client learned of its server
  #ui;
  #slowTimer = 0;
  #state = "disconnected";
  #flash = null; // words to show once the next load is done (after adding credit)
  #generation = 0; // counts reloads: a load settles `loaded` only if no reload came after it
  #settled = settledPromise(); // behind `loaded`; replaced when a reload starts after it resolved
  #lastLoad = null; // the detail of this load's audian-billing-load

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [stylesheet()];
    this.#ui = this.#skeleton(root);
    // A portal may set el.authToken or el.client before this module was loaded: take them over.
    for (const name of ["authToken", "client"]) {
      if (Object.hasOwn(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
  }

  /**
   * The API token, or a function giving one (asked again after a 401, as BillingClient's
   * `authToken`). A property only: never written to an attribute or the DOM.
   */
  set authToken(value) {
    const t = value === null || value === undefined || value === "" ? null : typeof value === "function" ? value : String(value);
    if (t === this.#token) return;
    this.#token = t;
    if (t && this.#client && typeof this.#client.setAuthToken === "function") this.#client.setAuthToken(t);
    this.#queueReload();
  }

  get authToken() {
    return this.#token;
  }

  /** A ready BillingClient (e.g. from BillingClient.signIn); null to build one from the attributes. */
  set client(value) {
    const c = value || null;
    if (c === this.#client) return;
    this.#client = c;
    this.#queueReload();
  }

  get client() {
    return this.#client;
  }

  get hideHeader() {
    return this.hasAttribute("hide-header");
  }

  set hideHeader(v) {
    this.toggleAttribute("hide-header", Boolean(v));
  }

  /** `manage`: the controls that change billing (add credit, billing settings). Off by default. */
  get manage() {
    return this.hasAttribute("manage");
  }

  set manage(v) {
    this.toggleAttribute("manage", Boolean(v));
  }

  connectedCallback() {
    DARK_SYSTEM?.addEventListener("change", this.#applyScheme);
    this.#applyScheme();
    this.#queueReload();
  }

  disconnectedCallback() {
    DARK_SYSTEM?.removeEventListener("change", this.#applyScheme);
    this.#abort();
    this.#generation += 1; // the load in flight, if any, no longer settles `loaded`
    this.#setState("disconnected");
    this.#settle();
  }

  /** theme="dark", or "auto" (the default) in a dark system: the dark styles. */
  #applyScheme = () => {
    const theme = this.getAttribute("theme");
    const dark = theme === "dark" || (theme !== "light" && Boolean(DARK_SYSTEM?.matches));
    this.#ui.main.dataset.scheme = dark ? "dark" : "light";
  };

  attributeChangedCallback(name, oldValue, newValue) {
    if (TOKEN_ATTRIBUTES.includes(name)) {
      if (newValue === null) return;
      // A token in an attribute ends up in the page's HTML, devtools and saved pages: refuse it.
      this.removeAttribute(name);
      console.error(
        `${CONSOLE}: the "${name}" attribute was removed and its token not used: tokens in attributes ` +
          "end up in the page's HTML. Set the property instead: el.authToken = token (in React 19: " +
          "import the widget module before rendering, so that authToken is set as a property).",
      );
      return;
    }
    if (name === "theme") this.#applyScheme();
    if (oldValue === newValue || STYLE_ONLY.has(name)) return;
    this.#queueReload();
  }

  /** Reloads every section. */
  reload() {
    this.#queueReload();
  }

  /**
   * Resolves (never rejects) once every section has settled after the latest (re)load, whatever
   * the outcome, to `{ state, accountId, sections }`: `state` is "ready", "error" or
   * "disconnected"; `accountId` and `sections` (as in audian-billing-load) are filled when ready.
   * Like lit's `updateComplete`: a reload that starts before it resolved (a new token, attribute or
   * client) keeps it pending until that reload has settled; one that starts later gives a new
   * promise. Pending until the element is first in a document; "disconnected" when it leaves one.
   */
  get loaded() {
    return this.#settled.promise;
  }

  // ---------------------------------------------------------------------------------------------
  // Configuration from attributes

  #int(name, min, max, fallback) {
    const n = Number.parseInt(this.getAttribute(name) || "", 10);
    return Number.isFinite(n) && n >= min && n <= max ? n : fallback;
  }

  #sectionIds() {
    const raw = (this.getAttribute("sections") || "").split(/[\s,]+/).filter(Boolean);
    const ids = raw.filter((id, i) => CARD_BY_ID.has(id) && raw.indexOf(id) === i);
    const unknown = raw.filter((id) => !CARD_BY_ID.has(id));
    if (unknown.length) console.warn(`${CONSOLE}: unknown sections ${unknown.join(", ")} (known: ${SECTION_IDS.join(", ")}, settings)`);
    const manage = this.hasAttribute("manage");
    const chosen = ids.filter((id) => manage || !MANAGE_CARDS.includes(CARD_BY_ID.get(id)));
    // With `manage`, billing settings follow the balance unless `sections` says where.
    if (!chosen.length && manage) return SECTION_IDS.flatMap((id) => (id === "balance" ? [id, settingsCard.id] : [id]));
    return chosen.length ? chosen : SECTION_IDS;
  }

  #clientOptions() {
    const opts = { accountId: this.getAttribute("account-id") || "", authToken: this.#token || "" };
    const baseUrl = this.getAttribute("base-url");
    if (baseUrl) opts.baseUrl = baseUrl;
    opts.currency = (this.getAttribute("currency") || "USD").toUpperCase();
    const timeout = this.#int("timeout", 1000, 600000, null);
    if (timeout !== null) opts.timeoutMs = timeout;
    const retries = this.#int("retries", 0, 10, null);
    if (retries !== null) opts.maxRetries = retries;
    // The server's version (attribute, else what the last client of this base URL learned): every
    // first request goes out at once, each on its dialect's path.
    const version = this.getAttribute("server-version") || (this.#learned?.baseUrl === (baseUrl || null) ? this.#learned.version : null);
    if (version) opts.serverVersion = version;
    return opts;
  }

  // ---------------------------------------------------------------------------------------------
  // Loading

  #abort() {
    if (this.#loadController) this.#loadController.abort();
    this.#loadController = null;
    clearTimeout(this.#slowTimer);
    for (const s of this.#sections) s.dispose();
  }

  #queueReload() {
    if (this.isConnected) {
      // Seen at once: data-state is "loading" and `loaded` waits for this reload.
      this.#generation += 1;
      if (this.#settled.done) this.#settled = settledPromise();
      this.#setState("loading");
    }
    if (this.#reloadQueued) return;
    this.#reloadQueued = true;
    queueMicrotask(() => {
      this.#reloadQueued = false;
      if (this.isConnected) this.#loadAndSettle();
    });
  }

  /** Resolves `loaded`: the state, and when ready what audian-billing-load said. */
  #settle() {
    const load = this.#state === "ready" && this.#lastLoad;
    this.#settled.resolve({ state: this.#state, accountId: load ? load.accountId : null, sections: load ? load.sections : {} });
  }

  #setState(state) {
    this.#state = state;
    this.#ui.main.dataset.state = state;
  }

  /** One (re)load; settles `loaded` unless another reload started meanwhile. */
  async #loadAndSettle() {
    const generation = this.#generation;
    this.#lastLoad = null;
    try {
      await this.#load();
    } finally {
      if (generation === this.#generation) this.#settle();
    }
  }

  /** One load, step by step; each step returns early once the load was superseded or failed. */
  async #load() {
    const signal = this.#restart();
    if (this.#showDisconnected()) return;
    this.#startLoading();
    const client = await this.#openClient(signal);
    if (!client) return;
    const ctx = this.#context(client, signal);
    await this.#runSections(ctx);
    if (signal.aborted || this.#state === "error") return;
    this.#learn(client);
    await this.#finish(ctx);
  }

  /** Aborts the last load and starts a new one: a fresh header, fresh sections; returns its signal. */
  #restart() {
    this.#abort();
    this.#loadController = new AbortController();
    this.#ui.payLink.href = safeUrl(this.getAttribute("payment-methods-url"), DEFAULT_PAYMENT_METHODS_URL);
    this.#ui.titleName.textContent = "";
    this.#buildSections();
    return this.#loadController.signal;
  }

  /** Without a client, an account id and a token: "Not connected", saying what is missing. */
  #showDisconnected() {
    const accountId = this.getAttribute("account-id");
    if (this.#client || (accountId && this.#token)) return false;
    this.#setState("disconnected");
    this.#showNotice(
      "disconnected",
      "Not connected",
      !accountId && !this.#token
        ? "Set the account-id attribute and the authToken property (or the client property) to show billing."
        : !accountId
          ? "Set the account-id attribute to show billing."
          : "Set the authToken property to show billing.",
    );
    for (const s of this.#sections) s.hide();
    return true;
  }

  /** data-state="loading", every section's placeholder, and "Still loading…" after SLOW_MS. */
  #startLoading() {
    this.#setState("loading");
    this.#hideNotice();
    this.#slowTimer = setTimeout(() => {
      if (this.#state === "loading") {
        this.#showNotice("slow", "Still loading…", "The billing service is slow to answer. Your billing will appear as soon as it does.");
      }
    }, SLOW_MS);
    for (const s of this.#sections) s.showLoading();
  }

  /** The host's client, or one built from the attributes once the .wasm is ready; null: the load ended. */
  async #openClient(signal) {
    try {
      await ensurePackage();
      if (signal.aborted) return null;
      return this.#client || new BillingClient(this.#clientOptions());
    } catch (e) {
      if (!signal.aborted) this.#pageError(e, null);
      return null;
    }
  }

  /** Runs every section; resolves once all have settled (or the account failed). */
  #runSections(ctx) {
    const status = this.#sections.find((s) => s.id === "status") || null;
    const others = this.#sections.filter((s) => s !== status);
    return ctx.store.dialect ? this.#runAtOnce(ctx, status, others) : this.#runAccountFirst(ctx, status, others);
  }

  /** The client knows its server (signIn, serverVersion): one wave of requests, the account's among them. */
  async #runAtOnce(ctx, status, others) {
    this.#showAccountName(ctx).catch(() => {});
    // A failed account is the status section's page-level error, with or without that section.
    const account = status ? status.run(ctx) : ctx.store.account().catch((e) => this.#pageError(e, "status"));
    await Promise.all([account, ...this.#runCards(ctx, others)]);
  }

  /**
   * The account first: the client then knows the server's version and asks each later endpoint
   * on the right path (no 404 on Kazoo 5.x).
   */
  async #runAccountFirst(ctx, status, others) {
    try {
      await ctx.store.account();
    } catch (e) {
      if (!ctx.signal.aborted) this.#pageError(e, "status");
      return;
    }
    if (ctx.signal.aborted) return;
    if (status) await status.run(ctx); // renders the account just fetched
    await this.#showAccountName(ctx);
    await Promise.all(this.#runCards(ctx, others));
  }

  /**
   * Every card loads at once; each renders once the balance has said its currency, with the load's
   * context in that currency (a new object: the context a card was given never changes).
   */
  #runCards(ctx, sections) {
    const priced = ctx.store.balance().then(
      (b) => withCurrency(ctx, b.currency),
      () => ctx,
    );
    return sections.map((s) => s.run(ctx, priced));
  }

  /** The account's name in the header. */
  async #showAccountName(ctx) {
    const a = await ctx.store.account();
    if (!ctx.signal.aborted) this.#ui.titleName.textContent = a.name || a.id;
  }

  /** What the client learned of its server, for the next client of the same base URL. */
  #learn(client) {
    const version = client.serverVersion;
    if (typeof version === "string" && !this.#client) this.#learned = { baseUrl: this.getAttribute("base-url"), version };
  }

  /** Every section settled: data-state="ready", the standing banner, audian-billing-load, the flash. */
  async #finish(ctx) {
    const account = await ctx.store.account();
    clearTimeout(this.#slowTimer);
    this.#hideNotice();
    this.#setState("ready");
    const standing = await this.#standing(ctx);
    if (ctx.signal.aborted) return;
    const banner = standingBanner(standing);
    if (banner) this.#sections.find((s) => s.id === "status")?.append(banner);
    this.#emit("audian-billing-load", {
      accountId: account.id,
      sections: Object.fromEntries(this.#sections.map((s) => [s.id, s.state])),
      standing,
    });
    if (this.#flash) {
      this.#showNotice("success", this.#flash.title, this.#flash.text);
      this.#flash = null;
    }
  }

  /**
   * The account's standing as the server said it (null where it says nothing): from the monthly
   * charges, when this load's cards asked for them (every card that needs the billing period
   * does); never a request of its own, so a page of other sections asks nothing more.
   */
  async #standing(ctx) {
    const asked = ctx.store.peek("summary");
    const summary = asked ? await asked.catch(() => null) : null;
    return (summary && summary.standing) || null;
  }

  #context(client, signal) {
    const accountId = client.accountId || this.getAttribute("account-id") || "";
    const today = dayKey(new Date());
    if (!this.#keep || this.#keep.accountId !== accountId) {
      this.#keep = Object.freeze({ accountId, fromDay: shiftDay(today, -(DEFAULT_RANGE_DAYS - 1)), toDay: today, type: "" });
    }
    return loadContext({
      client,
      signal,
      accountId,
      keep: this.#keep,
      locale: this.getAttribute("locale") || undefined,
      months: this.#int("months", 2, 24, 6),
      pageSize: this.#int("page-size", 1, 500, DEFAULT_PAGE_SIZE),
      currency: (this.getAttribute("currency") || "USD").toUpperCase(),
      manage: this.hasAttribute("manage"),
    });
  }

  /** After addCredit resolved: the event, then the page reloads and says so. */
  #creditAdded(credit, text) {
    this.#emit("audian-billing-credit", { amount: credit.amount, transactionId: credit.transaction?.id ?? null });
    this.#flash = { title: "Credit added", text };
    this.reload();
  }

  /** After updateBillingSettings resolved: the settings as stored. */
  #settingsSaved(settings) {
    this.#emit("audian-billing-settings", settings);
  }

  // ---------------------------------------------------------------------------------------------
  // Errors and events

  /** Shows `e` as the page's one notice when it concerns the whole page; returns whether it did. */
  #pageError(e, section) {
    const pageLevel = section === null || section === "status" || PAGE_LEVEL.has(e && e.kind);
    if (!pageLevel) return false;
    if (this.#state === "error") return true; // one notice, one report per load
    this.#abort();
    this.#setState("error");
    this.#reportError(e, section);
    const w = words(e);
    this.#showNotice("error", w.title, w.text, e);
    for (const s of this.#sections) s.hide();
    if (e && e.kind === "unauthorized") {
      // The host answers with a new token or client (the setters reload).
      this.#emit("audian-billing-unauthorized", { status: e.status ?? 401, requestId: e.requestId ?? null });
    }
    return true;
  }

  /** The developer's view of an error: an audian-billing-error event and a console line. */
  #reportError(e, section) {
    const detail = {
      kind: (e && e.kind) || "unknown",
      status: (e && e.status) ?? null,
      requestId: (e && e.requestId) ?? null,
      code: (e && e.code) ?? null,
      section: section ?? null,
      message: (e && e.message) || String(e),
    };
    console.warn(`${CONSOLE}: ${detail.section || "load"} failed (${detail.kind}${detail.status ? ` ${detail.status}` : ""}${detail.requestId ? `, request ${detail.requestId}` : ""}): ${detail.message}`);
    this.#emit("audian-billing-error", detail);
  }

  #emit(type, detail) {
    if (type === "audian-billing-load") this.#lastLoad = detail;
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  // ---------------------------------------------------------------------------------------------
  // DOM

  #skeleton(root) {
    const titleName = h("p", { class: "abw-account-name", xpart: "account-name" });
    const payLink = h("a", {
      class: "abw-button abw-button-secondary abw-pay-link",
      part: "payment-methods",
      xpart: "button payment-methods",
      href: DEFAULT_PAYMENT_METHODS_URL,
      text: "Manage payment methods",
    });
    const notice = h("div", { class: "abw-notice", part: "notice", xpart: "notice", hidden: true });
    const header = h(
      "header",
      { class: "abw-header", xpart: "header" },
      h(
        "div",
        { class: "abw-title-block" },
        h("p", { class: "abw-eyebrow", text: "Settings" }),
        h("h2", { class: "abw-title", xpart: "title", text: "Billing" }),
        titleName,
      ),
      h("div", { class: "abw-header-actions" }, payLink),
    );
    const top = h("div", { class: "abw-top" });
    const grid = h("div", { class: "abw-grid", xpart: "grid" });
    const main = h("div", { class: "abw", xpart: "base" }, header, notice, top, grid);
    main.dataset.state = "disconnected";
    root.append(main);
    return { main, header, titleName, payLink, notice, top, grid };
  }

  /**
   * All the sections may ask of the element (section.js hands it to cards only through their
   * view): the page's notice, reports and words, the kept transactions range, a reload, the
   * write events. Private: none of it is the element's API.
   */
  #channel = Object.freeze({
    pageError: (e, section) => this.#pageError(e, section),
    report: (e, section) => this.#reportError(e, section),
    words,
    keep: (state) => {
      if (state.accountId === this.#keep?.accountId) this.#keep = Object.freeze({ ...state });
    },
    reload: () => this.reload(),
    creditAdded: (credit, text) => this.#creditAdded(credit, text),
    settingsSaved: (settings) => this.#settingsSaved(settings),
  });

  #buildSections() {
    for (const s of this.#sections) s.dispose();
    this.#sections = this.#sectionIds().map((id) => new Section(CARD_BY_ID.get(id), this.#channel));
    clear(this.#ui.top);
    clear(this.#ui.grid);
    for (const s of this.#sections) (s.id === "status" ? this.#ui.top : this.#ui.grid).append(s.el);
  }

  #showNotice(kind, title, text, error) {
    const n = this.#ui.notice;
    n.dataset.kind = kind;
    n.setAttribute("role", kind === "error" ? "alert" : "status");
    clear(n).append(h("p", { class: "abw-notice-title", text: title }), h("p", { class: "abw-notice-text", text }));
    if (error) {
      n.dataset.errorKind = error.kind || "unknown";
      n.append(h("button", { type: "button", class: "abw-button", part: "notice-retry", xpart: "button retry", text: "Try again", onclick: () => this.reload() }));
    } else {
      delete n.dataset.errorKind;
    }
    n.hidden = false;
  }

  #hideNotice() {
    clear(this.#ui.notice).hidden = true;
    delete this.#ui.notice.dataset.kind;
  }
}

// Attributes as properties (el.accountId = "…" sets account-id), strings as the attributes hold them.
for (const [prop, attr] of Object.entries(ATTRIBUTES)) {
  Object.defineProperty(AudianBillingWidget.prototype, prop, {
    get() {
      return this.getAttribute(attr);
    },
    set(v) {
      if (v === null || v === undefined) this.removeAttribute(attr);
      else this.setAttribute(attr, String(v));
    },
    configurable: true,
    enumerable: true,
  });
}

if (!customElements.get("audian-billing-widget")) {
  customElements.define("audian-billing-widget", AudianBillingWidget);
}
