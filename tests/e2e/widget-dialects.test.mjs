// The widget on each dialect the mock serves (tests/mock/README.md): Kazoo 5.x (the demo
// account: payments-only /transactions, charges in ledgers), Kazoo 4.2 (ledger-style
// transactions) and Audian's documented API. Every expected value is computed here from the
// mock's raw dataset (GET /__mock/dataset/<id>), independently of the widget's code.
import { describe } from "node:test";
import assert from "node:assert/strict";
import {
  ACCOUNTS,
  NOW,
  suiteEnvironment,
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
  inRange,
  localDay,
  localRange,
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

/** The estimated billing period: from the account's creation day (UTC, clamped to short months) to NOW. */
function periodStart(account) {
  const created = new Date(unixOf(account.created));
  const day = created.getUTCDate();
  const at = (y, m) => new Date(Date.UTC(y, m, Math.min(day, new Date(Date.UTC(y, m + 1, 0)).getUTCDate())));
  let start = at(NOW.getUTCFullYear(), NOW.getUTCMonth());
  if (start > NOW) start = at(NOW.getUTCFullYear(), NOW.getUTCMonth() - 1);
  return start;
}

/**
 * The billing period where the server gives its next billing date (Kazoo 5.x's
 * `billing_cycle.next`): the month before it, in UTC. The mock bills on the 1st, so no clamping.
 */
function serverPeriod(summary) {
  const next = new Date(unixOf(summary.billing_cycle.next));
  assert.equal(next.getUTCDate(), 1, "the mock's next billing date is a 1st");
  return { start: new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() - 1, 1)), next };
}

/** The billing (UTC) month of an instant; the browser runs in New York (helpers.mjs). */
const utcMonth = (ms) => new Date(ms).toISOString().slice(0, 7);
const utcDay = (d) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(d);

async function open(accountId) {
  const p = await openEmbed(env.browser, env.mock, 1280);
  await recordEvents(p.page);
  await connect(p.page, env.mock, accountId);
  return p;
}

/** The ranges of the load's /ledgers (usage) requests, as "created_from created_to". */
const ledgerUsageRanges = (log) =>
  log.responses
    .map((r) => new URL(r.url))
    .filter((u) => /\/v2\/accounts\/[^/]+\/ledgers$/.test(u.pathname))
    .map((u) => `${u.searchParams.get("created_from")} ${u.searchParams.get("created_to")}`);

// Restated here from Kazoo's ledgers, independently of the package: the ledgers that hold
// spending, and the category of each entry (the call ledger, messages and transcription, data;
// a recurring entry's service-plan item).
const CHARGE_LEDGERS = ["per-minute-voip", "im", "asr", "mobile_data", "recurring", "prorations"];
const ITEM_CATEGORIES = {
  phone_numbers: "phone_numbers", number_carriers: "phone_numbers", port_request: "number_porting", users: "users", devices: "devices",
  limits: "trunks",
};
function categoryOf(e) {
  if (e.ledger === "per-minute-voip") return "call_usage";
  if (e.ledger === "mobile_data") return "mobile_data";
  if (e.ledger === "im" || e.ledger === "asr") return "features";
  const { category, item } = e.metadata.item;
  if (item === "e911") return "e911";
  if (item === "port") return "number_porting";
  return ITEM_CATEGORIES[category] ?? "features";
}

async function chartTotals(page) {
  return page.locator('[data-part="chart-table"] tbody tr').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.month, Number(r.dataset.total)])),
  );
}

describe("the widget on each dialect", () => {
  suiteEnvironment({
    started: (e) => {
      env = e;
    },
    failed: (e) => {
      setupError = e; // every test then fails with this message (a failing hook only cancels them)
    },
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
      // Ledger usage: one request per chart month; this period (from the 1st) is the newest month's.
      const usageAsked = ledgerUsageRanges(log);
      assert.equal(usageAsked.length, 6, usageAsked.join("\n"));
      assert.equal(new Set(usageAsked).size, 6, "no range asked twice");
      const events = await page.evaluate(() => window.__events);
      assert.deepEqual(events.map((e) => e.type), ["audian-billing-load"]);

      // Balance (/ledgers/total).
      assert.equal(norm(await page.locator('[data-part="balance-amount"]').innerText()), total(set.balance));

      // The billing cycle follows the server's next billing date: the period is the month before it.
      const { start, next } = serverPeriod(set.summary);
      const lastDay = new Date(next.getTime() - 86400000);
      assert.equal(norm(await page.locator('[data-part="cycle-period"]').innerText()), norm(`${utcDay(start)} – ${utcDay(lastDay)}`));
      assert.equal(await page.locator('[data-part="cycle-period"]').getAttribute("data-date"), start.toISOString().slice(0, 10));
      assert.equal(await page.locator('[data-part="cycle-invoice"]').getAttribute("data-date"), next.toISOString().slice(0, 10));
      assert.equal(norm(await page.locator('[data-part="cycle-invoice"]').innerText()), utcDay(next));
      // Billed on that date: the monthly charges; no due date the server did not give.
      const recurring = set.summary.invoices.reduce((sum, inv) => sum + units(inv.summary.recurring), 0);
      const due = page.locator('[data-part="cycle-due"]');
      assert.equal(Number(await due.getAttribute("data-value")), fromUnits(recurring));
      assert.equal(await due.getAttribute("data-date"), next.toISOString().slice(0, 10));
      assert.match(norm(await page.locator('[data-part="cycle"]').innerText()), new RegExp(`Billed then ${total(fromUnits(recurring)).replace("$", "\\$")} monthly charges`));
      assert.doesNotMatch(await page.locator('[data-part="cycle"]').innerText(), /Payment due|30 days/);
      assert.equal(await page.locator('[data-part="cycle-source"]').getAttribute("data-source"), "server");

      // Charges this period = the period's entries of the usage and recurring ledgers (money
      // spent), nothing from /transactions: the recurring charges of the period's first day are in
      // it; the rollover (negative: last month ended in deficit), payments and adjustments are not.
      const entries = Object.entries(set.ledgers).flatMap(([ledger, list]) => list.map((e) => ({ ledger, ...e, at: unixOf(e.period.start) })));
      const inPeriod = entries.filter((e) => e.at >= start.getTime() && e.at <= NOW.getTime());
      const billed = inPeriod.filter((e) => e.ledger === "recurring");
      assert.ok(billed.length > 0 && billed.every((e) => e.at - start.getTime() < 3600000), "the month's recurring charges, billed on its first day");
      assert.equal(billed.reduce((sum, e) => sum - units(e.amount), 0), recurring, "they are the summary's monthly charges");
      const charges = inPeriod.filter((e) => CHARGE_LEDGERS.includes(e.ledger));
      const spent = charges.reduce((sum, e) => sum - units(e.amount), 0);
      const rollover = inPeriod.find((e) => e.ledger === "rollovers");
      assert.ok(rollover && units(rollover.amount) < 0, "this period opens with a negative rollover");
      const periodTotal = page.locator('[data-part="period-total"]');
      assert.equal(Number(await periodTotal.getAttribute("data-value")), fromUnits(spent), "usage + recurring, to the cent");
      assert.equal(norm(await periodTotal.innerText()), total(fromUnits(spent)));
      // The rollover, payments and adjustments are shown for what they are, never as spending.
      const other = await page.locator('[data-part="other-money"]').evaluateAll((els) =>
        Object.fromEntries(els.map((el) => [el.dataset.kind, { value: Number(el.dataset.value), text: el.textContent }])),
      );
      assert.equal(other.rollover.value, fromUnits(units(rollover.amount)));
      assert.equal(norm(other.rollover.text), `Carried over from last month-${total(fromUnits(-units(rollover.amount)))}`);
      const paidIn = inPeriod.filter((e) => e.ledger === "payments").reduce((sum, e) => sum + units(e.amount), 0);
      assert.equal(other.payment.value, fromUnits(paidIn));
      // Every category as the entries name it: nothing known lands in "Other".
      const categories = await page.locator('[data-part="categories"] [data-category]').evaluateAll((els) =>
        Object.fromEntries(els.map((el) => [el.dataset.category, Number(el.dataset.value)])),
      );
      const want = {};
      for (const e of charges) want[categoryOf(e)] = (want[categoryOf(e)] ?? 0) - units(e.amount);
      assert.deepEqual(categories, Object.fromEntries(Object.entries(want).map(([k, u]) => [k, fromUnits(u)])));
      assert.equal(categories.other, undefined, "no Other: every charge's category is known");
      for (const id of ["phone_numbers", "call_usage", "features", "e911", "users", "devices", "trunks", "mobile_data", "number_porting"]) {
        assert.ok(categories[id] > 0, `${id} is charged this period`);
      }
      const labels = await page.locator('[data-part="categories"] [data-category] .abw-cat-label').allTextContents();
      for (const label of ["Users", "Devices", "Trunks", "Phone numbers", "Call usage"]) assert.ok(labels.includes(label), label);
      const label = norm(`${utcDay(start)} – ${utcDay(NOW)}`);
      assert.equal(norm(await page.locator('[data-part="categories"] .abw-period-label').innerText()), label);
      assert.equal(norm(await page.locator('[data-part="usage"] .abw-period-label').innerText()), label);

      // Usage: one line per ledger with spending in the period.
      const perLedger = {};
      for (const e of charges) perLedger[e.ledger] = (perLedger[e.ledger] ?? 0) - units(e.amount);
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

      // The chart: ledger spending per UTC month (the 1st's 00:05 UTC charges are that month's,
      // though it is still the evening before in New York); a top-up in a month changes nothing.
      const months = {};
      for (const e of entries.filter((x) => CHARGE_LEDGERS.includes(x.ledger))) months[utcMonth(e.at)] = (months[utcMonth(e.at)] ?? 0) - units(e.amount);
      const chart = await chartTotals(page);
      assert.equal(Object.keys(chart).length, 6);
      for (const [month, value] of Object.entries(chart)) assert.equal(value, fromUnits(months[month] ?? 0), month);
      const thisMonth = utcMonth(NOW.getTime());
      const recurringCell = page.locator(`[data-part="chart-table"] tr[data-month="${thisMonth}"] td`).nth(1);
      assert.equal(norm(await recurringCell.textContent()), total(fromUnits(recurring)), "this month's bar holds its recurring charges");

      // Monthly charges: the summary's recurring total, and its billable items.
      assert.equal(Number(await page.locator('[data-part="recurring-total"]').getAttribute("data-value")), fromUnits(recurring));
      const billable = set.summary.invoices.flatMap((inv) => inv.items).filter((i) => i.billable > 0);
      assert.ok(billable.length > 0, "the demo has billable items");
      assert.equal(await page.locator('[data-part="billing-item"]').count(), billable.length);

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
      // Every payment of the default range (the last 30 local days), newest first: none missing.
      const { from, to } = localRange(localDay(new Date(NOW.getTime() - 29 * 86400000)), localDay(NOW));
      const expectedIds = inRange(set, from, to).map((t) => t.id);
      assert.ok(expectedIds.length > 0, "the demo has payments in the default range");
      assert.deepEqual(rows.map((r) => r.id), expectedIds.slice(0, 50));
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
      // /service_plans/current gives no billing date: the period is estimated from the creation day.
      assert.equal(set.currentServices.billing_cycle, undefined);
      assert.equal(await page.locator('[data-part="cycle-source"]').getAttribute("data-source"), "estimate");
      const start = periodStart(set.account);
      assert.equal(await page.locator('[data-part="cycle-period"]').getAttribute("data-date"), start.toISOString().slice(0, 10));
      const rows = set.transactions.map(normalize);
      // Kazoo's machine reasons that are not spending: the monthly rollup, adjustments by hand.
      const notSpending = (t) => ["database_rollup", "admin_discretion"].includes(t.reason);
      const isCharge = (t) => ["debit", "recurring", "usage"].includes(t.type) && counted(t) && !notSpending(t);
      const spent = rows
        .filter((t) => isCharge(t) && Date.parse(t.created) >= start.getTime() && Date.parse(t.created) <= NOW.getTime())
        .reduce((sum, t) => sum + Math.abs(units(t.amount)), 0);
      assert.equal(Number(await page.locator('[data-part="period-total"]').getAttribute("data-value")), fromUnits(spent));
      const months = {};
      for (const t of rows.filter(isCharge)) months[utcMonth(Date.parse(t.created))] = (months[utcMonth(Date.parse(t.created))] ?? 0) + Math.abs(units(t.amount));
      const chart = await chartTotals(page);
      assert.equal(Object.keys(chart).length, 6, "one row per chart month");
      assert.ok(Object.values(chart).some((v) => v > 0), "the Kazoo 4.2 account has charges in the chart's months");
      for (const [month, value] of Object.entries(chart)) assert.equal(value, fromUnits(months[month] ?? 0), month);
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
      assert.equal(ledgerUsageRanges(log).length, 1, "a server without ledgers is asked once");
      await assertCleanConsole(page, log, { allow: [allowHttpError(404, /\/v2\/accounts\/[0-9a-f]{32}\/(ledgers|services|service_plans)/)] });
    } finally {
      await context.close();
    }
  });
});
