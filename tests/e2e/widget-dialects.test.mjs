// The widget on each dialect the mock serves (tests/mock/README.md): Kazoo 5.x (the demo
// account: payments-only /transactions, charges in ledgers), Kazoo 4.2 (ledger-style
// transactions) and Audian's documented API. Every expected value is computed here from the
// mock's raw dataset (GET /__mock/dataset/<id>), independently of the widget's code.
import { describe, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  ACCOUNTS,
  NOW,
  startEnvironment,
  openEmbed,
  connect,
  sectionStates,
  widgetState,
  recordEvents,
  assertCleanConsole,
  allowHttpError,
  dataset,
  normalize,
  counted,
  norm,
  testAfterSetup,
} from "./helpers.mjs";

const GREG = 62167219200;
const KAZOO5 = ACCOUNTS.demo;
const KAZOO42 = "42424242424242424242424242424242";

let env;
let setupError;
const it = testAfterSetup(() => setupError);

const units = (v) => Math.round(Number(v) * 10000);
const fromUnits = (u) => u / 10000;
/** A total as the widget shows it: the currency's minor units. */
const total = (v) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(v);
const unixOf = (created) => (typeof created === "number" ? (created - GREG) * 1000 : Date.parse(created));

/** The billing period: from the account's creation day (UTC, clamped to short months) to NOW. */
function periodStart(account) {
  const created = new Date(unixOf(account.created));
  const day = created.getUTCDate();
  const at = (y, m) => new Date(Date.UTC(y, m, Math.min(day, new Date(Date.UTC(y, m + 1, 0)).getUTCDate())));
  let start = at(NOW.getUTCFullYear(), NOW.getUTCMonth());
  if (start > NOW) start = at(NOW.getUTCFullYear(), NOW.getUTCMonth() - 1);
  return start;
}

/** Local (the browser's zone, set in helpers.mjs) month key of an instant. */
const localMonth = (ms) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
};

async function open(accountId) {
  const p = await openEmbed(env.browser, env.mock, 1280);
  await recordEvents(p.page);
  await connect(p.page, env.mock, accountId);
  return p;
}

async function chartTotals(page) {
  return page.locator('[data-part="chart-table"] tbody tr').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.month, Number(r.dataset.total)])),
  );
}

describe("the widget on each dialect", () => {
  before(async () => {
    try {
      env = await startEnvironment();
    } catch (e) {
      setupError = e;
    }
  });
  after(async () => {
    await env?.browser.close().catch(() => {});
    await env?.mock.close();
  });

  it("Kazoo 5.x (the demo account): charges from the ledgers, payments never charges, no 404", async () => {
    const set = await dataset(env.mock, KAZOO5);
    assert.equal(set.dialect, "kazoo5");
    const { page, context, log } = await open(KAZOO5);
    try {
      assert.equal(await widgetState(page), "ready");
      const states = await sectionStates(page);
      for (const [part, state] of Object.entries(states)) assert.equal(state, "ready", `${part} is ${state}`);
      const notFound = log.responses.filter((r) => r.url.includes("/v2/") && r.status === 404);
      assert.deepEqual(notFound, [], "the page load makes no request that answers 404");
      const events = await page.evaluate(() => window.__events);
      assert.deepEqual(events.map((e) => e.type), ["audian-billing-load"]);

      // Balance (/ledgers/total).
      assert.equal(norm(await page.locator('[data-part="balance-amount"]').innerText()), total(set.balance));

      // Charges this period = every ledger entry of the period (money spent), nothing from /transactions.
      const start = periodStart(set.account);
      const entries = Object.entries(set.ledgers).flatMap(([ledger, list]) => list.map((e) => ({ ledger, ...e, at: unixOf(e.period.start) })));
      const inPeriod = entries.filter((e) => e.at >= start.getTime() && e.at <= NOW.getTime());
      const spent = inPeriod.reduce((sum, e) => sum - units(e.amount), 0);
      const periodTotal = page.locator('[data-part="period-total"]');
      assert.equal(Number(await periodTotal.getAttribute("data-value")), fromUnits(spent));
      assert.equal(norm(await periodTotal.innerText()), total(fromUnits(spent)));

      // Usage: one line per ledger with spending in the period.
      const perLedger = {};
      for (const e of inPeriod) perLedger[e.ledger] = (perLedger[e.ledger] ?? 0) - units(e.amount);
      const shown = await page.locator('[data-part="usage-ledger"]').evaluateAll((els) =>
        Object.fromEntries(els.map((el) => [el.dataset.ledger, Number(el.dataset.value)])),
      );
      assert.deepEqual(shown, Object.fromEntries(Object.entries(perLedger).filter(([, u]) => u > 0).map(([k, u]) => [k, fromUnits(u)])));

      // A ledger opens to its entries (ledgerEntries for the period, newest first).
      const [ledger] = Object.keys(shown);
      await page.locator(`[data-part="usage-ledger"][data-ledger="${ledger}"] summary`).click();
      await page.locator('[data-part="usage-entry"]').first().waitFor();
      const entryIds = await page.locator('[data-part="usage-entry"]').evaluateAll((rows) => rows.map((r) => r.dataset.id));
      const expectedEntries = inPeriod.filter((e) => e.ledger === ledger).sort((a, b) => b.at - a.at).map((e) => e.id);
      assert.deepEqual(entryIds, expectedEntries.slice(0, 50));

      // The chart: ledger spending per local month; a top-up in a month changes nothing.
      const months = {};
      for (const e of entries) months[localMonth(e.at)] = (months[localMonth(e.at)] ?? 0) - units(e.amount);
      const chart = await chartTotals(page);
      assert.equal(Object.keys(chart).length, 6);
      for (const [month, value] of Object.entries(chart)) assert.equal(value, fromUnits(months[month] ?? 0), month);

      // Monthly charges: the summary's recurring total, and its billable items.
      const recurring = set.summary.invoices.reduce((sum, inv) => sum + units(inv.summary.recurring), 0);
      assert.equal(Number(await page.locator('[data-part="recurring-total"]').getAttribute("data-value")), fromUnits(recurring));
      const billable = set.summary.invoices.flatMap((inv) => inv.items).filter((i) => i.billable > 0);
      assert.equal(await page.locator('[data-part="billing-item"]').count(), billable.length);
      assert.equal(await page.locator('[data-part="cycle-source"]').getAttribute("data-source"), "server");

      // Payments: top-ups are credits (money in), the refund money out, failed/pending marked.
      const rows = await page.locator('[data-part="transaction-row"]').evaluateAll((els) =>
        els.map((r) => ({
          id: r.dataset.id,
          type: r.dataset.type,
          refund: r.dataset.refund === "true",
          status: r.dataset.status ?? null,
          value: Number(r.querySelector('[data-part="amount"]').dataset.value),
          desc: r.querySelector('[data-part="description"]').textContent,
          note: r.querySelector('[data-part="status-message"]')?.textContent ?? null,
        })),
      );
      assert.ok(rows.length > 0);
      const raw = new Map(set.transactions.map((t) => [t.id, t]));
      for (const row of rows) {
        const t = raw.get(row.id);
        assert.ok(t, `row ${row.id} is in the dataset`);
        if (Number(t.amount) > 0) {
          assert.equal(row.type, "credit", `${row.desc} is money in`);
          assert.equal(row.value, fromUnits(units(t.amount)));
        } else {
          assert.equal(row.refund, true, `${row.desc} is a refund`);
          assert.equal(row.value, -fromUnits(Math.abs(units(t.amount))));
        }
        if (t.status !== "completed") assert.equal(row.status, t.status);
        if (t.bookkeeper?.message) assert.equal(row.note, t.bookkeeper.message);
      }
      assert.ok(rows.some((r) => r.desc === "Automatic top-up" && r.type === "credit" && r.value > 0), "a top-up is shown as money in");
      assert.ok(rows.some((r) => r.refund), "the refund is labelled");
      assert.ok(rows.some((r) => r.note === "Insufficient Funds"), "the failed payment says why");
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("Kazoo 4.2: charges from /transactions, monthly charges from /service_plans/current", async () => {
    const set = await dataset(env.mock, KAZOO42);
    assert.equal(set.dialect, "kazoo42");
    const { page, context, log } = await open(KAZOO42);
    try {
      assert.equal(await widgetState(page), "ready");
      const states = await sectionStates(page);
      for (const [part, state] of Object.entries(states)) assert.ok(["ready", "omitted"].includes(state), `${part} is ${state}`);
      assert.equal(states["billing-summary"], "ready");
      assert.equal(norm(await page.locator('[data-part="balance-amount"]').innerText()), total(set.balance));
      const start = periodStart(set.account);
      const rows = set.transactions.map(normalize);
      const isCharge = (t) => ["debit", "recurring", "usage"].includes(t.type) && counted(t);
      const spent = rows
        .filter((t) => isCharge(t) && Date.parse(t.created) >= start.getTime() && Date.parse(t.created) <= NOW.getTime())
        .reduce((sum, t) => sum + Math.abs(units(t.amount)), 0);
      assert.equal(Number(await page.locator('[data-part="period-total"]').getAttribute("data-value")), fromUnits(spent));
      const months = {};
      for (const t of rows.filter(isCharge)) months[localMonth(Date.parse(t.created))] = (months[localMonth(Date.parse(t.created))] ?? 0) + Math.abs(units(t.amount));
      for (const [month, value] of Object.entries(await chartTotals(page))) assert.equal(value, fromUnits(months[month] ?? 0), month);
      await assertCleanConsole(page, log, { allow: [allowHttpError(404, /\/v2\/accounts\/4242/)] });
    } finally {
      await context.close();
    }
  });

  it("Audian's documented API: no ledgers, no monthly charges: those sections are left out, not failed", async () => {
    const set = await dataset(env.mock, ACCOUNTS.tidy);
    const { page, context, log } = await open(ACCOUNTS.tidy);
    try {
      assert.equal(await widgetState(page), "ready");
      const states = await sectionStates(page);
      assert.equal(states.usage, "omitted");
      assert.equal(states["billing-summary"], "omitted");
      assert.equal(await page.locator('[data-part="usage"]').isVisible(), false);
      assert.equal(await page.locator('[data-part="error"]').count(), 0);
      assert.equal(norm(await page.locator('[data-part="balance-amount"]').innerText()), total(set.balance));
      await assertCleanConsole(page, log, { allow: [allowHttpError(404, /\/v2\/accounts\/[0-9a-f]{32}\/(ledgers|services|service_plans)/)] });
    } finally {
      await context.close();
    }
  });
});
