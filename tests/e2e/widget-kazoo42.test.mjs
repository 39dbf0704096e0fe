// The widget on the mock's Kazoo 4.2 account (ledger-style transactions: per-minute usage,
// monthly rentals, payments, a declined payment), embedded as a portal does it: every section's
// values, the type filter and date range over the whole range, load more, CSV export of the whole
// range, the chart and the categories. Run: node --test tests/e2e/
import { describe } from "node:test";
import assert from "node:assert/strict";
import {
  ACCOUNTS,
  NOW,
  TOKEN,
  TZ,
  LOCALE,
  suiteEnvironment,
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
  tokenExposure,
  readCsv,
  downloadText,
  connect,
  testAfterSetup,
} from "./helpers.mjs";

/** A total as the widget shows it: the currency's minor units. */
const total = (v) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(v);
const totalText = total;

const GREG = 62167219200;
/** Spending, restated from Kazoo ≤ 4.2's rows: a counted debit, recurring or usage row that is not the monthly rollup or an adjustment by hand. */
const spending = (t) => t.type !== "credit" && counted(t) && !["database_rollup", "admin_discretion"].includes(t.reason);
const DEMO = "42424242424242424242424242424242"; // ACCOUNTS.kazoo42
// Kazoo 4.2 has no /balance (and no /ledgers/total value): the client asks the next endpoint
// after a 404, which Chromium logs as a failed resource load.
const ALLOW = [allowHttpError(404, /\/v2\/accounts\/4242[0-9a-f]{28}\//)];

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
  await waitSettled(page);
}

describe("the widget on the Kazoo 4.2 account", () => {
  suiteEnvironment({
    started: async (e) => {
      env = e;
      set = await dataset(env.mock, DEMO);
      ({ page, context, log } = await openPage(env.browser, env.mock, "/tests/e2e/fixtures/embed.html"));
      await page.evaluate(() => window.__widgetDefined);
      await connect(page, env.mock, DEMO);
    },
    failed: (e) => {
      setupError = e; // every test then fails with this message (a failing hook only cancels them)
    },
    cleanup: () => context?.close().catch(() => {}),
  });

  it("opens on the demo account with every section loaded", async () => {
    const states = await page.evaluate(() => {
      const root = document.querySelector("audian-billing-widget").shadowRoot;
      return [...root.querySelectorAll("[data-part]")].filter((e) => e.dataset.state).map((e) => [e.dataset.part, e.dataset.state]);
    });
    for (const [part, state] of states) assert.ok(["ready", "omitted"].includes(state), `${part} is ${state}`);
    assert.equal(await page.locator('[data-part="error"]').count(), 0);
  });

  it("account status: active, with the account's name", async () => {
    const status = page.locator('[data-part="status"]');
    assert.equal(await status.getAttribute("data-account-state"), "active");
    assert.match(await status.innerText(), /Active/);
    assert.equal(norm(await page.locator(".abw-account-name").innerText()), set.account.name);
  });

  it("balance from /transactions/current_balance, in the currency's minor units", async () => {
    const amount = page.locator('[data-part="balance-amount"]');
    assert.equal(set.balanceRoute, "/transactions/current_balance");
    assert.equal(norm(await amount.innerText()), total(set.balance));
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

  it("billing cycle: no billing date from the server, so estimated: period from the creation day, invoice on the 1st, due 30 days later", async () => {
    assert.equal(set.currentServices.billing_cycle, undefined, "/service_plans/current names no billing date");
    assert.equal(await page.locator('[data-part="cycle-source"]').getAttribute("data-source"), "estimate");
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

  it("load more shows the rest of the range from the month windows already fetched", async () => {
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
    await loadAll();
    assert.deepEqual(await rowIds(), expected);
    const reqs = (await requestsOf(env.mock, DEMO)).filter((r) => r.path.endsWith("/transactions"));
    assert.deepEqual(reqs, [], "the first range shares the windows the chart fetched: no request");
    const more = page.locator('[data-part="load-more"]');
    assert.ok((await more.count()) === 0 || !(await more.isVisible()));
    const summary = norm(await page.locator('[data-part="transactions-summary"]').innerText());
    assert.match(summary, new RegExp(`Showing ${expected.length} transactions`));
    assert.doesNotMatch(summary, /Charges/, "one charges total per page: the categories card's");
  });

  it("the type filter covers the whole range, not only the rows shown", async () => {
    await page.reload({ waitUntil: "load" });
    await page.evaluate(() => window.__widgetDefined);
    await connect(page, env.mock, DEMO);
    const today = localDay(NOW);
    const { from, to } = localRange(new Date(Date.parse(`${today}T12:00:00Z`) - 29 * 86400000).toISOString().slice(0, 10), today);
    const inRangeRows = inRange(set, from, to);
    assert.ok(inRangeRows.length > 50, "more rows than one page");
    const filter = page.locator('[data-part="type-filter"]');
    assert.deepEqual(
      await filter.locator("option").evaluateAll((o) => o.map((x) => x.value)),
      ["", "debit", "credit", "recurring", "usage"],
    );
    const shownTypes = [];
    for (const type of ["credit", "recurring", "debit"]) {
      await filter.selectOption(type);
      await waitSettled(page);
      await loadAll();
      const expected = inRangeRows.filter((t) => t.type === type).map((t) => t.id);
      assert.deepEqual(await rowIds(), expected, type);
      if (expected.length === 0) assert.equal(await page.locator('[data-part="empty"]').count(), 1);
      else shownTypes.push(type);
    }
    // Both outcomes are seen: rows of a type from beyond the first page, and the empty state.
    assert.deepEqual(shownTypes, ["credit", "recurring"], "credits and recurring charges in the range; no debit");
    await filter.selectOption("");
    await waitSettled(page);
    assert.deepEqual(await rowIds(), inRangeRows.slice(0, 50).map((t) => t.id));
  });

  it("the filter over a range walked page by page loads pages until the view is full", async () => {
    await setRange("2026-06-01", "2026-08-31");
    const filter = page.locator('[data-part="type-filter"]');
    await filter.selectOption("credit");
    await waitSettled(page);
    await loadAll();
    const { from, to } = localRange("2026-06-01", "2026-08-31");
    const credits = inRange(set, from, to).filter((t) => t.type === "credit").map((t) => t.id);
    assert.ok(credits.length > 0, "the range has credits");
    assert.deepEqual(await rowIds(), credits);
    await filter.selectOption("");
    await waitSettled(page);
  });

  it("a range inside the chart's months is read from the windows already fetched", async () => {
    await page.locator('[data-part="date-from"]').fill("2026-08-01");
    await waitSettled(page);
    await clearRequests(env.mock, DEMO);
    await page.locator('[data-part="date-to"]').fill("2026-08-31");
    await waitSettled(page);
    await loadAll();
    const { from, to } = localRange("2026-08-01", "2026-08-31");
    const expected = inRange(set, from, to).map((t) => t.id);
    assert.ok(expected.length > 0, "August has transactions");
    assert.deepEqual(await rowIds(), expected);
    const reqs = (await requestsOf(env.mock, DEMO)).filter((r) => r.path.endsWith("/transactions"));
    assert.deepEqual(reqs, []);
  });

  it("an older range: sent as created_from/created_to (Gregorian seconds), page by page", async () => {
    await page.locator('[data-part="date-from"]').fill("2026-04-01");
    await waitSettled(page);
    await clearRequests(env.mock, DEMO);
    await page.locator('[data-part="date-to"]').fill("2026-04-30");
    await waitSettled(page);
    const first = (await requestsOf(env.mock, DEMO)).filter((r) => r.path.endsWith("/transactions"));
    assert.equal(first.length, 1, "the first view takes one page");
    await loadAll();
    const { from, to } = localRange("2026-04-01", "2026-04-30");
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
    await setRange("2026-03-10", "2026-06-30");
    await loadAll();
    const { from, to } = localRange("2026-03-10", "2026-06-30");
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

  it("CSV export: every row of the range (every page of every window), a BOM, words as shown", async () => {
    await setRange("2026-06-01", "2026-08-31");
    await page.locator('[data-part="type-filter"]').selectOption("");
    await waitSettled(page);
    const shownBefore = (await rowIds()).length;
    const { from, to } = localRange("2026-06-01", "2026-08-31");
    const expected = inRange(set, from, to);
    assert.ok(expected.length > shownBefore, `the range holds more rows (${expected.length}) than the view (${shownBefore})`);
    await clearRequests(env.mock, DEMO);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-part="export-csv"]').click(),
    ]);
    assert.match(download.suggestedFilename(), /^audian-transactions_[0-9a-f]+_2026-06-01_2026-08-31\.csv$/);
    const text = await downloadText(download);
    assert.ok(text.startsWith("\uFEFF"), "a UTF-8 BOM, so spreadsheets read – and é");
    const rows = readCsv(text.slice(1));
    assert.deepEqual(rows[0], ["Date (UTC)", "Description", "Type", "Category", "Amount", "Currency", "Status", "Transaction ID"]);
    assert.deepEqual(rows.slice(1).map((r) => r[7]), expected.map((t) => t.id), "every row of the range, in order");
    rows.slice(1).forEach((r, i) => {
      const t = expected[i];
      assert.equal(r.length, 8);
      assert.equal(r[0], t.created);
      assert.equal(r[1], /^[=+\-@]/.test(t.shown) ? `'${t.shown}` : t.shown, `description of ${t.id} as shown`);
      assert.equal(r[2].toLowerCase(), t.type);
      assert.equal(cents(Number(r[4])), cents(signed(t)), `amount of ${t.id}`);
      assert.match(r[4], /^-?\d+\.\d{2,4}$/);
      assert.equal(r[5], "USD");
      assert.equal(r[6], t.status ?? "", "status only where the API gave one");
    });
    const reqs = (await requestsOf(env.mock, DEMO)).filter((r) => r.path.endsWith("/transactions"));
    assert.ok(new Set(reqs.map((r) => r.query.created_from)).size >= 3, "the export walked every window");
    const status = page.locator('[data-part="export-progress"]');
    await status.waitFor({ state: "visible" });
    assert.match(norm(await status.innerText()), new RegExp(`Exported ${expected.length.toLocaleString("en-US")} transactions`));
    // A filtered export holds that type only, over the whole range.
    await page.locator('[data-part="type-filter"]').selectOption("credit");
    await waitSettled(page);
    const [d2] = await Promise.all([page.waitForEvent("download"), page.locator('[data-part="export-csv"]').click()]);
    assert.match(d2.suggestedFilename(), /_credit\.csv$/);
    const rows2 = readCsv((await downloadText(d2)).slice(1));
    assert.deepEqual(rows2.slice(1).map((r) => r[7]), expected.filter((t) => t.type === "credit").map((t) => t.id));
    await page.locator('[data-part="type-filter"]').selectOption("");
    await waitSettled(page);
  });

  it("CSV export can be cancelled, and then downloads nothing", async () => {
    await setRange("2026-01-01", "2026-08-31");
    let downloads = 0;
    page.on("download", () => (downloads += 1));
    await page.evaluate(() => {
      // Slow the pager down so that the cancel lands mid-export.
      const w = document.querySelector("audian-billing-widget");
      const root = w.shadowRoot;
      root.querySelector('[data-part="export-csv"]').click();
      return new Promise((resolve) => {
        const t = setInterval(() => {
          const cancel = root.querySelector('[data-part="export-cancel"]');
          if (cancel) {
            clearInterval(t);
            cancel.click();
            resolve();
          }
        }, 1);
      });
    });
    const status = page.locator('[data-part="export-progress"]');
    await page.waitForFunction(
      () => document.querySelector("audian-billing-widget").shadowRoot.querySelector('[data-part="export-progress"]').dataset.state,
    );
    assert.equal(await status.getAttribute("data-state"), "cancelled");
    // Proves that nothing happens: no download comes after the cancel, even given a moment.
    await page.waitForTimeout(200);
    assert.equal(downloads, 0);
    assert.equal(await page.locator('[data-part="export-csv"]').isDisabled(), false);
  });

  it("spending chart: charges per billing (UTC) month by type, with a text alternative", async () => {
    const keys = [];
    for (let i = 5; i >= 0; i -= 1) {
      keys.push(new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() - i, 1)).toISOString().slice(0, 7));
    }
    const sums = new Map(keys.map((k) => [k, { recurring: 0, usage: 0 }]));
    for (const t of set.transactions.map(normalize)) {
      if (!spending(t)) continue;
      const k = t.created.slice(0, 7); // RFC 3339 in UTC: its month is the billing month
      // A one-off debit (an activation, a port-in) is usage: money spent that does not recur.
      if (sums.has(k)) sums.get(k)[t.type === "recurring" ? "recurring" : "usage"] += cents(Math.abs(t.amount));
    }
    const rows = await page.locator('[data-part="chart-table"] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ month: tr.dataset.month, total: Number(tr.dataset.total), cells: [...tr.children].map((c) => c.textContent) })),
    );
    assert.deepEqual(rows.map((r) => r.month), keys);
    for (const r of rows) {
      const s = sums.get(r.month);
      const total = s.recurring + s.usage;
      assert.equal(cents(r.total), total, r.month);
      assert.equal(norm(r.cells[1]), totalText(s.usage / 10000), `${r.month} usage`);
      assert.equal(norm(r.cells[2]), totalText(s.recurring / 10000), `${r.month} recurring`);
      assert.equal(norm(r.cells[3]), totalText(total / 10000), `${r.month} total`);
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
      return at >= start && at <= NOW.getTime() && spending(t);
    });
    const total = period.reduce((s, t) => s + cents(Math.abs(t.amount)), 0);
    const usage = period.filter((t) => t.type === "usage").reduce((s, t) => s + cents(Math.abs(t.amount)), 0);
    const rentals = period.filter((t) => t.type === "recurring");
    assert.ok(rentals.length >= 5, "the monthly rentals fall in this period");
    assert.equal(cents(Number(await page.locator('[data-part="period-total"]').getAttribute("data-value"))), total);
    const cats = await page.locator('[data-part="category"]').evaluateAll((li) =>
      li.map((l) => ({ id: l.dataset.category, value: Number(l.dataset.value), text: l.textContent })),
    );
    const order = ["phone_numbers", "call_usage", "features", "number_porting", "e911", "users", "devices", "trunks", "mobile_data", "other"];
    assert.deepEqual(cats.map((c) => c.id), order.filter((id) => cats.some((c) => c.id === id)), "charged categories, in order");
    assert.ok(cats.every((c) => c.value > 0), "only what was charged is listed");
    assert.equal(cats.reduce((s, c) => s + cents(c.value), 0), total);
    const by = Object.fromEntries(cats.map((c) => [c.id, cents(c.value)]));
    assert.equal(by.call_usage, usage, "call usage = the per-minute rows");
    const rental = (re) => rentals.filter((t) => re.test(t.description)).reduce((s, t) => s + cents(t.amount), 0);
    assert.equal(by.e911, rental(/E911/));
    assert.equal(by.phone_numbers, rental(/DID rental|Toll-free number/));
    assert.equal(by.features, rental(/Voicemail transcription|Conference bridge/));
    assert.deepEqual(
      cats.filter((c) => ["phone_numbers", "call_usage", "features", "e911"].includes(c.id)).map((c) => c.text.match(/^[A-Za-z0-9 ]+?(?=\$)/)?.[0]),
      ["Phone numbers", "Call usage", "Features", "E911"],
    );
  });

  it("failed payments are listed, labelled and left out of the totals", async () => {
    const failed = set.transactions.map(normalize).find((t) => t.status === "failed");
    assert.ok(failed, "the fixture has a declined payment");
    const day = localDay(new Date(failed.created));
    await setRange(day, day);
    await loadAll();
    const row = page.locator(`[data-part="transaction-row"][data-id="${failed.id}"]`);
    assert.equal(await row.count(), 1, "the failed row is listed");
    assert.equal(await row.getAttribute("data-status"), "failed");
    assert.match(await row.innerText(), /Failed/);
    assert.match(await row.locator('[data-part="amount"]').getAttribute("class"), /is-void/);
    // Not the last payment either.
    assert.notEqual(await page.locator('[data-part="last-payment"]').getAttribute("data-id"), failed.id);
  });

  it("the token is nowhere in the DOM, attributes, URL, storage or cookies", async () => {
    const exposure = await tokenExposure(page, context, TOKEN);
    assert.deepEqual(exposure.hits, []);
    assert.equal(exposure.storage, 0, "nothing in localStorage/sessionStorage");
    assert.equal(exposure.cookies, 0, "no cookies");
  });

  it("no console errors and no CSP violations", async () => {
    await assertCleanConsole(page, log, { allow: ALLOW });
  });
});
