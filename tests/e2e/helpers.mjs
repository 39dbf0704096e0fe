// Shared setup for the widget's end-to-end tests: the mock API in-process (serving the repo as
// static files under the demo CSP), Chromium through playwright-core, and expected values
// computed from the mock's raw dataset (GET /__mock/dataset/<id>) independently of the widget.

// The browser context runs in this zone; the expectations below use the same one (local-day
// ranges and local months are computed with Node's local time). Set before any Date use.
process.env.TZ = "America/New_York";

import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

export const TZ = process.env.TZ;
export const LOCALE = "en-US";
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ARTIFACTS = path.join(ROOT, "tests", "artifacts");
export const NOW = new Date("2026-11-20T17:30:00Z");
export const TOKEN = "audian-demo-token";
export const ACCOUNTS = Object.freeze({
  demo: "3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a",
  tidy: "7a1b2c3d4e5f60718293a4b5c6d7e8f9",
  suspended: "5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d",
  empty: "0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e",
  eur: "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0",
  hostile: "bad0bad0bad0bad0bad0bad0bad0bad0",
});
import { CHROMIUM, CHROMIUM_ARGS } from "../support/chromium.mjs";
export { CHROMIUM, CHROMIUM_ARGS };
export { readCsv } from "../support/csv.mjs";
export const SECTIONS = ["status", "balance", "cycle", "categories", "billing-summary", "usage", "chart", "transactions", "plans"];
/** The sections every dialect offers (Audian's documented API has no ledgers and no monthly charges). */
export const CORE_SECTIONS = ["status", "balance", "cycle", "categories", "chart", "transactions", "plans"];

/** Fails (never skips) when the package or the browser is missing. */
export function requirePrerequisites() {
  const pkg = path.join(ROOT, "pkg", "audian_billing.js");
  const wasm = path.join(ROOT, "pkg", "audian_billing_bg.wasm");
  assert.ok(
    existsSync(pkg) && existsSync(wasm),
    `pkg/ is missing (${path.relative(ROOT, pkg)} and audian_billing_bg.wasm are needed): ` +
      "build the package first with `make build` (wasm-pack build --release --target web).",
  );
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install it with apt-get install chromium`);
  assert.ok(
    existsSync(path.join(ROOT, "tests", "mock", "server.mjs")),
    "tests/mock/server.mjs is missing: the e2e tests need the mock API",
  );
}

export async function startEnvironment() {
  requirePrerequisites();
  const { chromium } = await import("playwright-core");
  const { startMock } = await import("../mock/server.mjs");
  const mock = await startMock({ port: 0, staticRoot: ROOT, now: NOW });
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (e) {
    await mock.close();
    throw e;
  }
  return { mock, browser };
}

/**
 * Opens `pathname` on the mock's origin in a fresh context (own storage), New York time zone,
 * clock fixed at NOW. Collects console errors, page errors, CSP violations and every API
 * response's request id.
 */
export async function openPage(browser, mock, pathname, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    timezoneId: TZ,
    locale: LOCALE,
    acceptDownloads: true,
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const log = { consoleErrors: [], pageErrors: [], requestIds: new Set(), responses: [], failedRequests: [] };
  page.on("console", (msg) => {
    if (msg.type() === "error") log.consoleErrors.push({ text: msg.text(), url: msg.location().url });
  });
  page.on("pageerror", (err) => log.pageErrors.push(String(err && err.stack ? err.stack : err)));
  page.on("response", (res) => {
    const id = res.headers()["x-request-id"];
    if (id) log.requestIds.add(id);
    log.responses.push({ url: res.url(), status: res.status() });
  });
  page.on("requestfailed", (req) => log.failedRequests.push({ url: req.url(), failure: req.failure()?.errorText }));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener(
      "securitypolicyviolation",
      (e) => window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample }),
      true,
    );
  });
  await page.clock.setFixedTime(NOW);
  await page.goto(`${mock.url}${pathname}`, { waitUntil: "load" });
  return { context, page, log };
}

/** Opens the embed fixture (tests/e2e/fixtures/embed.html) at `width` and waits for the element's definition. */
export async function openEmbed(browser, mock, width = 1100) {
  const p = await openPage(browser, mock, "/tests/e2e/fixtures/embed.html", { width, height: 900 });
  await p.page.evaluate(() => window.__widgetDefined);
  return p;
}

/**
 * Waits for the widget's `loaded` promise (every section settled after its latest reload; a reload
 * sets data-state and renews the promise synchronously, so call this right after the change), then
 * until no section is loading (a card's own reload, e.g. a new date range, also marks its section
 * "loading" at once). Resolves to what `loaded` resolved to: { state, accountId, sections }.
 */
export async function waitSettled(page, timeout = 20000) {
  const handle = await page.waitForFunction(
    async () => {
      const w = document.querySelector("audian-billing-widget");
      if (!w) return false;
      await customElements.whenDefined("audian-billing-widget");
      return w.loaded;
    },
    null,
    { timeout, polling: 50 },
  );
  const settled = await handle.jsonValue();
  await page.waitForFunction(
    (sections) => {
      const w = document.querySelector("audian-billing-widget");
      const root = w && w.shadowRoot;
      if (!root) return false;
      const main = root.querySelector(".abw");
      if (!main || main.dataset.state === "loading") return false;
      if (main.dataset.state === "disconnected" || main.dataset.state === "error") return true;
      return sections.every((p) => {
        const el = root.querySelector(`[data-part="${p}"]`);
        return !el || ["ready", "error", "omitted"].includes(el.dataset.state);
      });
    },
    SECTIONS,
    { timeout, polling: 50 },
  );
  return settled;
}

/** Points the embed fixture's widget at an account (attributes + token property). */
export async function connect(page, mock, accountId, token = TOKEN) {
  await page.evaluate(
    async ({ base, id, token }) => {
      await window.__widgetDefined;
      const w = document.getElementById("w");
      w.setAttribute("base-url", base);
      w.setAttribute("account-id", id);
      w.authToken = token;
    },
    { base: mock.url, id: accountId, token },
  );
  return waitSettled(page);
}

/** The page-level state of the widget (loading | ready | error | disconnected). */
export function widgetState(page) {
  return page.evaluate(() => document.querySelector("audian-billing-widget").shadowRoot.querySelector(".abw").dataset.state);
}

/** Records the widget's events on window.__events (call before connecting). */
export function recordEvents(page) {
  return page.evaluate(() => {
    window.__events = [];
    for (const type of ["audian-billing-load", "audian-billing-error", "audian-billing-unauthorized"]) {
      // On document: the events bubble and are composed.
      document.addEventListener(type, (e) => window.__events.push({ type, detail: e.detail, bubbles: e.bubbles, composed: e.composed }));
    }
  });
}

/** Section states, e.g. {status: "ready", balance: "error", ...}. */
export function sectionStates(page) {
  return page.evaluate((sections) => {
    const root = document.querySelector("audian-billing-widget").shadowRoot;
    return Object.fromEntries(sections.map((p) => [p, root.querySelector(`[data-part="${p}"]`)?.dataset.state]));
  }, SECTIONS);
}

/**
 * Asserts no page errors, no CSP violations, and no console errors except the allowed ones and
 * the 404s of the optional data (ledgers, monthly charges) on accounts whose dialect has none
 * (Audian's documented API): Chromium logs those answers, the widget leaves the sections out.
 * (The Kazoo 5.x test checks separately that its page load meets no 404 at all.)
 */
export async function assertCleanConsole(page, log, { allow = [] } = {}) {
  const csp = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual(csp, [], `CSP violations: ${JSON.stringify(csp)}`);
  assert.deepEqual(log.pageErrors, [], "uncaught page errors");
  const rules = [...allow, allowHttpError(404, /\/v2\/accounts\/[^/]+\/(ledgers|services\/summary|service_plans\/current)$/)];
  const unexpected = log.consoleErrors.filter((e) => !rules.some((rule) => rule(e)));
  assert.deepEqual(unexpected, [], `console errors: ${JSON.stringify(unexpected, null, 1)}`);
  assert.ok(!log.consoleErrors.some((e) => /Content.Security.Policy/i.test(e.text)), "a CSP message in the console");
}

/** Chromium logs every non-2xx fetch as "Failed to load resource": allow it for given API paths. */
export const allowHttpError = (status, pathPattern) => (e) =>
  e.text.includes(`status of ${status}`) && pathPattern.test(new URL(e.url || "http://x/").pathname);

export async function dataset(mock, id) {
  const res = await fetch(`${mock.url}/__mock/dataset/${id}`);
  assert.equal(res.status, 200, `dataset ${id}`);
  return res.json();
}

export async function requestsOf(mock, id) {
  const res = await fetch(`${mock.url}/__mock/requests?account=${encodeURIComponent(id)}`);
  return res.json();
}

export async function clearRequests(mock, id) {
  await fetch(`${mock.url}/__mock/requests?account=${encodeURIComponent(id)}`, { method: "DELETE" });
}

// ---------------------------------------------------------------------------------------------
// Independent expectations (deliberately not using www/billing-logic.js)

const GREGORIAN_OFFSET = 62167219200;

/** What the contract says the package returns for one raw row (the README's "Normalization"). */
export function normalize(raw) {
  const created =
    typeof raw.created === "number"
      ? new Date((raw.created - GREGORIAN_OFFSET) * 1000).toISOString().replace(".000Z", "Z")
      : new Date(raw.created).toISOString().replace(".000Z", "Z");
  const amount = Math.round(Number(raw.amount) * 10000) / 10000;
  const type = raw.type ?? (amount < 0 ? "credit" : "debit");
  return {
    id: raw.id,
    amount,
    description: raw.description ?? raw.reason ?? "",
    created,
    type,
    reason: raw.reason,
    status: raw.status,
    // What the widget shows: the server's text, else Kazoo's reason in words.
    shown: raw.description ? raw.description : raw.reason ? REASON_WORDS[raw.reason] ?? raw.reason : "—",
  };
}

const REASON_WORDS = {
  per_minute_call: "Per-minute call",
  sub_account_per_minute_call: "Sub-account per-minute call",
  admin_discretion: "Account adjustment",
  unknown: "Unspecified charge",
};

export const cents = (v) => Math.round(v * 10000);
export const signed = (t) => (t.type === "credit" ? Math.abs(t.amount) : -Math.abs(t.amount));
export const counted = (t) => !t.status || t.status === "completed";

/** Transactions of `set` created within [from, to], newest first (the dataset's order). */
export function inRange(set, from, to) {
  return set.transactions
    .map(normalize)
    .filter((t) => Date.parse(t.created) >= from.getTime() && Date.parse(t.created) <= to.getTime());
}

/** Local (TZ) day "YYYY-MM-DD" of an instant. */
export function localDay(d) {
  const p = new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  return p;
}

/** Local midnight of day `s` and the end of day `e` (TZ = process TZ). */
export function localRange(s, e) {
  const [a, b, c] = s.split("-").map(Number);
  const [x, y, z] = e.split("-").map(Number);
  return { from: new Date(a, b - 1, c, 0, 0, 0, 0), to: new Date(x, y - 1, z, 23, 59, 59, 999) };
}

/** Money as the widget must show it: Intl currency, 2 decimals, more (up to 4) when needed. */
export function money(v, currency = "USD", sign = "auto") {
  const units = Math.abs(Math.round(v * 10000));
  let digits = 4;
  let u = units;
  while (digits > 2 && u % 10 === 0) {
    u /= 10;
    digits -= 1;
  }
  return new Intl.NumberFormat(LOCALE, {
    style: "currency",
    currency,
    signDisplay: sign,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(Math.round(v * 10000) / 10000);
}

export const norm = (s) => String(s).replace(/[\s\u202f\u00a0]+/g, " ").trim();

export function ensureArtifacts() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}

/**
 * Everything a token could leak into: the serialized DOM of the page and of every open shadow
 * root (attributes included), the URL, storage and cookies.
 */
export async function tokenExposure(page, context, token) {
  const found = await page.evaluate((token) => {
    const hits = [];
    const walk = (root, where) => {
      const html = root instanceof Document ? root.documentElement.outerHTML : root.innerHTML;
      if (html.includes(token)) hits.push(`${where} markup`);
      for (const el of root.querySelectorAll("*")) {
        for (const a of el.attributes) if (a.value.includes(token)) hits.push(`${where} <${el.localName} ${a.name}>`);
        if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.value.includes(token)) {
          hits.push(`${where} <${el.localName}> value`);
        }
        if (el.shadowRoot) walk(el.shadowRoot, `${where} > ${el.localName}::shadow`);
      }
    };
    walk(document, "document");
    if (location.href.includes(token)) hits.push("URL");
    for (const store of [localStorage, sessionStorage]) {
      for (let i = 0; i < store.length; i += 1) {
        const k = store.key(i);
        if (k.includes(token) || String(store.getItem(k)).includes(token)) hits.push("web storage");
      }
    }
    if (document.cookie.includes(token)) hits.push("document.cookie");
    return { hits, storage: localStorage.length + sessionStorage.length };
  }, token);
  const cookies = await context.cookies();
  if (cookies.some((c) => c.value.includes(token) || c.name.includes(token))) found.hits.push("cookies");
  found.cookies = cookies.length;
  return found;
}

/** Reads a Playwright download into a string. */
export async function downloadText(download) {
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A suite's browser and mock: started before its tests (then `started(env)` sets up the rest) and
 * stopped after them (`cleanup()` first). A setup failure goes to `failed`, so that the suite's
 * testAfterSetup fails every test with it.
 */
export function suiteEnvironment({ started, failed, cleanup = async () => {} }) {
  let env;
  before(async () => {
    try {
      env = await startEnvironment();
      await started(env);
    } catch (e) {
      failed(e);
    }
  });
  after(async () => {
    await cleanup();
    await env?.browser.close().catch(() => {});
    await env?.mock.close();
  });
}

/**
 * `test`, but failing (never skipping) with the setup's error when `before` failed, e.g. because
 * pkg/ is not built: a failing hook would only cancel the tests.
 */
export const testAfterSetup = (setupError) => (name, fn) =>
  test(name, async (t) => {
    const error = setupError();
    if (error) throw error;
    return fn(t);
  });
