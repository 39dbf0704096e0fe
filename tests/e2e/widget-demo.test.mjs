// The demo page (www/index.html) on the mock's Kazoo-form demo account: every section's values,
// filters, date range, load more, CSV, chart, cycle, the connect form, token hygiene, CSP, and
// screenshots. Run: node --test tests/e2e/
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import {
  ACCOUNTS,
  NOW,
  TOKEN,
  TZ,
  ROOT,
  LOCALE,
  startEnvironment,
  openPage,
  waitSettled,
  assertCleanConsole,
  allowHttpError,
  dataset,
  requestsOf,
  clearRequests,
  normalize,
  inRange,
  localRange,
  localDay,
  money,
  norm,
  signed,
  counted,
  cents,
  ensureArtifacts,
  tokenExposure,
  readCsv,
  downloadText,
  testAfterSetup,
} from "./helpers.mjs";

const GREG = 62167219200;
const DEMO = ACCOUNTS.demo;
// Kazoo accounts have no /balance: the package falls back to /ledgers/total after a 404,
// which Chromium logs as a failed resource load.
const ALLOW = [allowHttpError(404, /\/v2\/accounts\/[0-9a-f]{32}\/balance$/)];

let env;
let page;
let context;
let log;
let set;
let setupError;

const it = testAfterSetup(() => setupError);

const rowIds = () =>
  page.locator('[data-part="transaction-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.id));

async function loadAll() {
  for (let i = 0; i < 100; i += 1) {
    const more = page.locator('[data-part="load-more"]');
    if ((await more.count()) === 0 || !(await more.isVisible())) return;
    const before = (await rowIds()).length;
    await more.click();
    await page.waitForFunction(
      (n) => {
        const root = document.querySelector("audian-billing-widget").shadowRoot;
        const m = root.querySelector('[data-part="load-more"]');
        return root.querySelectorAll('[data-part="transaction-row"]').length > n || !m || m.hidden;
      },
      before,
      { polling: 50 },
    );
    await page.waitForFunction(() => {
      const m = document.querySelector("audian-billing-widget").shadowRoot.querySelector('[data-part="load-more"]');
      return !m || m.getAttribute("aria-disabled") !== "true";
    });
  }
  throw new Error("load more never ended");
}

async function setRange(from, to) {
  await page.locator('[data-part="date-from"]').fill(from);
  await page.locator('[data-part="date-to"]').fill(to);
  await page.waitForTimeout(30);
  await waitSettled(page);
}

describe("demo page on the Kazoo-form demo account", () => {
  before(async () => {
    try {
      env = await startEnvironment();
      set = await dataset(env.mock, DEMO);
      ({ page, context, log } = await openPage(env.browser, env.mock, "/www/index.html"));
      await waitSettled(page);
    } catch (e) {
      setupError = e; // every test then fails with this message (a failing hook only cancels them)
    }
  });

  after(async () => {
    await context?.close().catch(() => {});
    await env?.browser.close().catch(() => {});
    await env?.mock.close();
  });

  it("opens on the demo account with every section loaded", async () => {
    const states = await page.evaluate(() => {
      const root = document.querySelector("audian-billing-widget").shadowRoot;
      return [...root.querySelectorAll("[data-part]")].filter((e) => e.dataset.state).map((e) => [e.dataset.part, e.dataset.state]);
    });
    for (const [part, state] of states) assert.equal(state, "ready", `${part} is ${state}`);
    assert.equal(await page.locator('[data-part="error"]').count(), 0);
  });

  it("account status: active, with the account's name", async () => {
    const status = page.locator('[data-part="status"]');
    assert.equal(await status.getAttribute("data-account-state"), "active");
    assert.match(await status.innerText(), /Active/);
    assert.equal(norm(await page.locator(".abw-account-name").innerText()), set.account.name);
  });

  it("balance from /ledgers/total, formatted in USD", async () => {
    const amount = page.locator('[data-part="balance-amount"]');
    assert.equal(set.balanceRoute, "/ledgers/total");
    assert.equal(norm(await amount.innerText()), money(set.balance, "USD"));
    assert.equal(Number(await amount.getAttribute("data-value")), Math.round(set.balance * 10000) / 10000);
    assert.equal(await page.locator('[data-part="balance"]').getAttribute("data-sign"), "positive");
    // The last payment: the newest completed credit that is not a refund.
    const pay = set.transactions
      .map(normalize)
      .find((t) => t.type === "credit" && counted(t) && Number(t.amount) > 0 && !/refund/i.test(t.description));
    const last = page.locator('[data-part="last-payment"]');
    assert.equal(await last.getAttribute("data-id"), pay.id);
    const lastText = norm(await last.innerText());
    assert.ok(lastText.startsWith(money(pay.amount, "USD", "exceptZero")), lastText);
  });

  it("service plans: names and descriptions", async () => {
    const names = await page.locator('[data-part="plan-name"]').allInnerTexts();
    assert.deepEqual(names.map(norm), set.plans.map((p) => p.name));
    const descs = await page.locator('[data-part="plan-description"]').allInnerTexts();
    assert.deepEqual(descs.map(norm), set.plans.filter((p) => p.description).map((p) => p.description));
    // Kazoo plan items are listed with their rates
    assert.match(await page.locator('[data-part="plans"]').innerText(), /US Toll-free\s+\$4\.99/);
  });

  it("billing cycle: period from the creation day, invoice on the 1st, due 30 days later", async () => {
    const created = new Date((set.account.created - GREG) * 1000);
    const day = created.getUTCDate();
    // Independent computation for NOW (no short-month clamping needed for this day/month).
    assert.ok(day <= 28, "the fixture's creation day");
    let y = NOW.getUTCFullYear();
    let m = NOW.getUTCMonth();
    if (NOW.getUTCDate() < day) m -= 1;
    const start = new Date(Date.UTC(y, m, day));
    const last = new Date(Date.UTC(y, m + 1, day - 1));
    const invoice = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() + 1, 1));
    const due = new Date(invoice.getTime() + 30 * 86400000);
    const fmt = (d) => new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeZone: "UTC" }).format(d);
    assert.equal(norm(await page.locator('[data-part="cycle-period"]').innerText()), norm(`${fmt(start)} – ${fmt(last)}`));
    assert.equal(norm(await page.locator('[data-part="cycle-invoice"]').innerText()), fmt(invoice));
    assert.equal(norm(await page.locator('[data-part="cycle-due"]').innerText()), fmt(due));
    assert.equal(await page.locator('[data-part="cycle-invoice"]').getAttribute("data-date"), "2026-12-01");
    assert.equal(await page.locator('[data-part="cycle-due"]').getAttribute("data-date"), "2026-12-31");
  });

  it("first page: the newest 50 of the last 30 days, each row exact", async () => {
    const today = localDay(NOW);
    const fromDay = new Date(Date.parse(`${today}T12:00:00Z`) - 29 * 86400000).toISOString().slice(0, 10);
    assert.equal(await page.locator('[data-part="date-from"]').inputValue(), fromDay);
    assert.equal(await page.locator('[data-part="date-to"]').inputValue(), today);
    const { from, to } = localRange(fromDay, today);
    const expected = inRange(set, from, to);
    assert.ok(expected.length > 50, `fixture has more than a page (${expected.length})`);
    assert.deepEqual(await rowIds(), expected.slice(0, 50).map((t) => t.id));

    const shown = await page.locator('[data-part="transaction-row"]').evaluateAll((rows) =>
      rows.map((r) => ({
        date: r.querySelector("time").textContent,
        title: r.querySelector("time").title,
        datetime: r.querySelector("time").getAttribute("datetime"),
        desc: r.querySelector('[data-part="description"]').textContent,
        badge: r.querySelector('[data-part="type-badge"]').textContent,
        amount: r.querySelector('[data-part="amount"]').textContent,
        status: r.dataset.status || null,
      })),
    );
    const dateFmt = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short", timeZone: TZ });
    let fine = 0;
    shown.forEach((row, i) => {
      const t = expected[i];
      assert.equal(norm(row.date), norm(dateFmt.format(new Date(t.created))), `date of ${t.id}`);
      assert.equal(row.title, `${t.created.slice(0, 10)} ${t.created.slice(11, 19)} UTC`);
      assert.equal(row.datetime, t.created);
      assert.equal(row.desc, t.shown);
      assert.equal(row.badge.toLowerCase(), t.type);
      assert.equal(norm(row.amount), money(signed(t), "USD", "exceptZero"), `amount of ${t.id}`);
      if (cents(t.amount) % 100 !== 0) fine += 1;
    });
    assert.ok(fine > 0, "per-minute amounts finer than a cent are on the page");
    assert.ok(shown.some((r) => /^-\$0\.\d{4}$/.test(norm(r.amount))), "a 4-decimal charge such as -$0.0125");
  });

  it("load more follows next_start_key until the range is exhausted", async () => {
    const today = localDay(NOW);
    const { from, to } = localRange(
      new Date(Date.parse(`${today}T12:00:00Z`) - 29 * 86400000).toISOString().slice(0, 10),
      today,
    );
    const expected = inRange(set, from, to).map((t) => t.id);
    await clearRequests(env.mock, DEMO);
    await page.locator('[data-part="load-more"]').click();
    await page.waitForFunction(
      () => document.querySelector("audian-billing-widget").shadowRoot.querySelectorAll('[data-part="transaction-row"]').length > 50,
    );
    assert.deepEqual(await rowIds(), expected.slice(0, 100));
    const reqs = (await requestsOf(env.mock, DEMO)).filter((r) => r.path.endsWith("/transactions"));
    assert.ok(reqs.length >= 1 && reqs.every((r) => r.query.start_key), "load more sent start_key");
    await loadAll();
    assert.deepEqual(await rowIds(), expected);
    const more = page.locator('[data-part="load-more"]');
    assert.ok((await more.count()) === 0 || !(await more.isVisible()) || (await more.isDisabled()));
    const summary = norm(await page.locator('[data-part="transactions-summary"]').innerText());
    assert.match(summary, new RegExp(`Showing ${expected.length} transactions`));
  });

  it("type filter shows only that type, and all again", async () => {
    const all = await rowIds();
    const types = await page.locator('[data-part="transaction-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.type));
    const filter = page.locator('[data-part="type-filter"]');
    assert.deepEqual(
      await filter.locator("option").evaluateAll((o) => o.map((x) => x.value)),
      ["", "debit", "credit", "recurring", "usage"],
    );
    for (const type of ["credit", "recurring", "usage", "debit"]) {
      await filter.selectOption(type);
      const ids = await rowIds();
      assert.deepEqual(ids, all.filter((_, i) => types[i] === type), type);
      if (ids.length === 0) assert.equal(await page.locator('[data-part="empty"]').count(), 1);
    }
    await filter.selectOption("");
    assert.deepEqual(await rowIds(), all);
  });

  it("date range: sent as created_from/created_to (Gregorian seconds) and shown exactly", async () => {
    // Each field change reloads; look at the requests made for the final range only.
    await page.locator('[data-part="date-from"]').fill("2026-08-01");
    await waitSettled(page);
    await clearRequests(env.mock, DEMO);
    await page.locator('[data-part="date-to"]').fill("2026-08-31");
    await waitSettled(page);
    await loadAll();
    const { from, to } = localRange("2026-08-01", "2026-08-31");
    const expected = inRange(set, from, to);
    assert.ok(expected.length > 50);
    assert.deepEqual(await rowIds(), expected.map((t) => t.id));
    const reqs = (await requestsOf(env.mock, DEMO)).filter((r) => r.path.endsWith("/transactions"));
    assert.ok(reqs.length >= 2);
    for (const r of reqs) {
      const f = Number(r.query.created_from);
      const t = Number(r.query.created_to);
      assert.ok(Math.abs(f - (Math.floor(from.getTime() / 1000) + GREG)) <= 1, `created_from ${f}`);
      assert.ok(Math.abs(t - (Math.floor(to.getTime() / 1000) + GREG)) <= 1, `created_to ${t}`);
    }
  });

  it("a range longer than the API's 31 days is walked window by window", async () => {
    await clearRequests(env.mock, DEMO);
    await setRange("2026-05-10", "2026-08-31");
    await loadAll();
    const { from, to } = localRange("2026-05-10", "2026-08-31");
    const expected = inRange(set, from, to);
    assert.deepEqual(await rowIds(), expected.map((t) => t.id));
    const reqs = (await requestsOf(env.mock, DEMO)).filter((r) => r.path.endsWith("/transactions"));
    const windows = new Set(reqs.map((r) => `${r.query.created_from}-${r.query.created_to}`));
    assert.ok(windows.size >= 4, `${windows.size} windows`);
    for (const r of reqs) assert.ok(Number(r.query.created_to) - Number(r.query.created_from) <= 31 * 86400 + 3600);
    assert.equal(await page.locator('[data-part="error"]').count(), 0);
  });

  it("a start date after the end date is refused with a message", async () => {
    await page.locator('[data-part="date-from"]').fill("2026-09-10");
    await page.locator('[data-part="date-to"]').fill("2026-09-01");
    const err = page.locator('[data-part="range-error"]');
    await err.waitFor({ state: "visible" });
    assert.match(await err.innerText(), /start date/i);
    await page.locator('[data-part="date-from"]').fill("2026-08-01");
    await page.locator('[data-part="date-to"]').fill("2026-08-31");
    await waitSettled(page);
    await err.waitFor({ state: "hidden" });
  });

  it("CSV export downloads exactly the rows shown, correctly quoted", async () => {
    await setRange("2026-08-01", "2026-08-31");
    await loadAll();
    await page.locator('[data-part="type-filter"]').selectOption("");
    const ids = await rowIds();
    const byId = new Map(set.transactions.map((r) => [r.id, normalize(r)]));
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-part="export-csv"]').click(),
    ]);
    assert.match(download.suggestedFilename(), /^audian-transactions_[0-9a-f]+_2026-08-01_2026-08-31\.csv$/);
    const rows = readCsv(await downloadText(download));
    assert.deepEqual(rows[0], ["Date (UTC)", "Description", "Type", "Category", "Amount", "Currency", "Status", "Transaction ID"]);
    assert.equal(rows.length - 1, ids.length);
    rows.slice(1).forEach((r, i) => {
      const t = byId.get(ids[i]);
      assert.equal(r.length, 8);
      assert.equal(r[7], t.id);
      assert.equal(r[0], t.created);
      assert.equal(r[1], t.description);
      assert.equal(r[2], t.type);
      assert.equal(cents(Number(r[4])), cents(signed(t)), `amount of ${t.id}`);
      assert.match(r[4], /^-?\d+\.\d{2,4}$/);
      assert.equal(r[5], "USD");
      assert.equal(r[6], t.status || "completed");
    });
    // The filtered view exports only what it shows.
    await page.locator('[data-part="type-filter"]').selectOption("credit");
    const creditIds = await rowIds();
    const [d2] = await Promise.all([page.waitForEvent("download"), page.locator('[data-part="export-csv"]').click()]);
    const rows2 = readCsv(await downloadText(d2));
    assert.deepEqual(rows2.slice(1).map((r) => r[7]), creditIds);
    assert.ok(rows2.slice(1).every((r) => r[2] === "credit" && Number(r[4]) > 0));
    await page.locator('[data-part="type-filter"]').selectOption("");
  });

  it("spending chart: charges per local month by type, with a text alternative", async () => {
    const keys = [];
    const [ny, nm] = localDay(NOW).split("-").map(Number);
    for (let i = 5; i >= 0; i -= 1) {
      const d = new Date(ny, nm - 1 - i, 1);
      keys.push(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`);
    }
    const sums = new Map(keys.map((k) => [k, { debit: 0, recurring: 0, usage: 0 }]));
    for (const t of set.transactions.map(normalize)) {
      if (t.type === "credit" || !counted(t)) continue;
      const d = new Date(t.created);
      const k = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
      if (sums.has(k)) sums.get(k)[t.type] += cents(Math.abs(t.amount));
    }
    const rows = await page.locator('[data-part="chart-table"] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ month: tr.dataset.month, total: Number(tr.dataset.total), cells: [...tr.children].map((c) => c.textContent) })),
    );
    assert.deepEqual(rows.map((r) => r.month), keys);
    for (const r of rows) {
      const s = sums.get(r.month);
      const total = s.debit + s.recurring + s.usage;
      assert.equal(cents(r.total), total, r.month);
      assert.equal(norm(r.cells[1]), money(s.usage / 10000), `${r.month} usage`);
      assert.equal(norm(r.cells[2]), money(s.recurring / 10000), `${r.month} recurring`);
      assert.equal(norm(r.cells[3]), money(s.debit / 10000), `${r.month} debit`);
      assert.equal(norm(r.cells[4]), money(total / 10000), `${r.month} total`);
    }
    const svg = page.locator('[data-part="chart-svg"]');
    assert.equal(await svg.getAttribute("role"), "img");
    const label = await svg.evaluate((el) =>
      el.getAttribute("aria-labelledby").split(" ").map((id) => el.getRootNode().getElementById(id).textContent).join(" "),
    );
    assert.match(label, /Charges per month/);
    assert.match(label, /November 2026: \$/);
    assert.equal(await svg.locator("g.abw-chart-bar").count(), 6);
    assert.ok((await svg.locator(".abw-seg-usage").count()) >= 5);
  });

  it("charges by category for the current billing period", async () => {
    const created = new Date((set.account.created - GREG) * 1000);
    const start = Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() - (NOW.getUTCDate() < created.getUTCDate() ? 1 : 0), created.getUTCDate());
    const period = set.transactions.map(normalize).filter((t) => {
      const at = Date.parse(t.created);
      return at >= start && at <= NOW.getTime() && t.type !== "credit" && counted(t);
    });
    const total = period.reduce((s, t) => s + cents(Math.abs(t.amount)), 0);
    const usage = period.filter((t) => t.type === "usage").reduce((s, t) => s + cents(Math.abs(t.amount)), 0);
    const rentals = period.filter((t) => t.type === "recurring");
    assert.ok(rentals.length >= 5, "the monthly rentals fall in this period");
    assert.equal(cents(Number(await page.locator('[data-part="period-total"]').getAttribute("data-value"))), total);
    const cats = await page.locator('[data-part="category"]').evaluateAll((li) =>
      li.map((l) => ({ id: l.dataset.category, value: Number(l.dataset.value), text: l.textContent })),
    );
    assert.deepEqual(cats.map((c) => c.id), ["numbers", "usage", "features", "porting", "e911", "other"]);
    assert.equal(cats.reduce((s, c) => s + cents(c.value), 0), total);
    const by = Object.fromEntries(cats.map((c) => [c.id, cents(c.value)]));
    assert.equal(by.usage, usage, "call usage = the per-minute rows");
    const rental = (re) => rentals.filter((t) => re.test(t.description)).reduce((s, t) => s + cents(t.amount), 0);
    assert.equal(by.e911, rental(/E911/));
    assert.equal(by.numbers, rental(/DID rental|Toll-free number/));
    assert.equal(by.features, rental(/Voicemail transcription|Conference bridge/));
  });

  it("failed payments are listed, labelled and left out of the totals", async (t) => {
    const failed = set.transactions.map(normalize).find((t) => t.status === "failed");
    assert.ok(failed, "the fixture has a declined payment");
    const day = localDay(new Date(failed.created));
    await setRange(day, day);
    await loadAll();
    const row = page.locator(`[data-part="transaction-row"][data-id="${failed.id}"]`);
    assert.equal(await row.count(), 1, "the failed row is listed");
    if ((await row.getAttribute("data-status")) === null) {
      // The package does not pass Kazoo's `status` through (yet): the row is listed like any
      // other; the widget's handling of it is covered by the unit tests (isCounted).
      t.diagnostic("pkg Transaction has no `status`: failed payment shown as a normal credit");
      return;
    }
    assert.match(await row.innerText(), /Failed/);
    assert.match(await row.locator('[data-part="amount"]').getAttribute("class"), /is-void/);
    const summary = norm(await page.locator('[data-part="transactions-summary"]').innerText());
    assert.match(summary, /Credits \+?\$0\.00/, "the failed payment is not counted");
  });

  it("the connect form points the widget at another account; the token stays out of the DOM", async () => {
    await page.locator("#connect-panel summary").click();
    await page.locator("#connect-base-url").fill(env.mock.url);
    await page.locator("#connect-account-id").fill(ACCOUNTS.tidy);
    await page.locator("#connect-token").fill(TOKEN);
    await page.locator('#connect-form button[type="submit"]').click();
    await page.waitForTimeout(30);
    await waitSettled(page);
    const tidy = await dataset(env.mock, ACCOUNTS.tidy);
    assert.equal(norm(await page.locator(".abw-account-name").innerText()), tidy.account.name);
    assert.equal(norm(await page.locator('[data-part="balance-amount"]').innerText()), money(tidy.balance, tidy.currency));
    assert.equal(await page.locator("#connect-token").inputValue(), "", "the form forgets the token");
    assert.equal(await page.locator("audian-billing-widget").getAttribute("account-id"), ACCOUNTS.tidy);
    const exposure = await tokenExposure(page, context, TOKEN);
    assert.deepEqual(exposure.hits, []);
    // back to the demo account
    await page.locator("#connect-panel summary").click();
    await page.locator("#connect-demo").click();
    await page.waitForTimeout(30);
    await waitSettled(page);
    assert.equal(norm(await page.locator(".abw-account-name").innerText()), set.account.name);
  });

  it("the token is nowhere in the DOM, attributes, URL, storage or cookies", async () => {
    const exposure = await tokenExposure(page, context, TOKEN);
    assert.deepEqual(exposure.hits, []);
    assert.equal(exposure.storage, 0, "nothing in localStorage/sessionStorage");
    assert.equal(exposure.cookies, 0, "no cookies");
    assert.equal(await page.locator("audian-billing-widget").getAttribute("auth-token"), null);
  });

  it("no console errors and no CSP violations", async () => {
    await assertCleanConsole(page, log, { allow: ALLOW });
    const csp = (await page.request.get(`${env.mock.url}/www/index.html`)).headers()["content-security-policy"];
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    assert.match(meta, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.equal(await page.locator("script:not([src])").count(), 0, "no inline script");
    assert.equal(await page.locator("[style]").count(), 0, "no style attributes");
  });

  it("screenshots at desktop (1280) and phone (390) widths", async () => {
    const dir = ensureArtifacts();
    // Reset to the default view for the pictures.
    await page.reload({ waitUntil: "load" });
    await waitSettled(page);
    await page.locator("audian-billing-widget").evaluate(() => document.fonts.ready);
    const desktop = path.join(dir, "widget-desktop-1280.png");
    await page.screenshot({ path: desktop, fullPage: true });
    mkdirSync(path.join(ROOT, "docs"), { recursive: true });
    copyFileSync(desktop, path.join(ROOT, "docs", "widget.png"));

    const phone = await openPage(env.browser, env.mock, "/www/index.html", { width: 390, height: 844 });
    try {
      await waitSettled(phone.page);
      const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow}px too wide)`);
      await phone.page.screenshot({ path: path.join(dir, "widget-phone-390.png"), fullPage: true });
      await assertCleanConsole(phone.page, phone.log, { allow: ALLOW });
    } finally {
      await phone.context.close();
    }
  });
});
