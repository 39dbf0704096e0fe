// Unit tests of www/billing-logic.js (pure functions, no browser): node --test tests/e2e/
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  billingCycle,
  categorize,
  chargesByCategory,
  csvField,
  decimalsNeeded,
  displayDescription,
  formatMoney,
  formatTotal,
  isCharge,
  isCounted,
  typeLabel,
  rowCategoryLabel,
  ledgerLabel,
  ledgerSpent,
  ledgerQuantity,
  otherMoney,
  ledgersToSplit,
  billedToCard,
  CATEGORIES,
  chargesByCategoryFromLedgers,
  monthBucketsFromLedgers,
  hasCharges,
  billableItems,
  monthWindows,
  isRefund,
  lastMonthKeys,
  localDayRange,
  monthBuckets,
  monthKey,
  monthStart,
  niceScale,
  plainAmount,
  reasonLabel,
  roundAmount,
  shiftDay,
  signedAmount,
  utcLabel,
} from "../../widget/billing-logic.js";
import { readCsv, transactionsToCsv } from "../support/csv.mjs";

// The kind the package gives each Audian type (src/models/meaning.rs), for rows that do not say.
const KIND_OF = { credit: "payment", debit: "usage", usage: "usage", recurring: "recurring" };
const tx = (over) => ({
  id: "t1",
  amount: 1,
  description: "",
  created: "2026-11-02T14:03:00Z",
  type: "debit",
  kind: KIND_OF[over.type ?? "debit"],
  ...over,
});

describe("signed amounts and rounding", () => {
  test("credits are positive, charges negative, whatever sign the server sent", () => {
    assert.equal(signedAmount(tx({ type: "credit", amount: 25 })), 25);
    assert.equal(signedAmount(tx({ type: "credit", amount: -10 })), 10); // Kazoo 5 refund
    assert.equal(signedAmount(tx({ type: "debit", amount: 25 })), -25);
    assert.equal(signedAmount(tx({ type: "recurring", amount: 49 })), -49);
    assert.equal(signedAmount(tx({ type: "usage", amount: 0.0125 })), -0.0125);
    assert.equal(signedAmount(tx({ type: "usage", amount: -0.0125 })), -0.0125);
    assert.ok(Object.is(signedAmount(tx({ type: "debit", amount: 0 })), 0), "no negative zero");
  });

  test("Kazoo float noise is rounded to 4 decimals, finer amounts survive", () => {
    assert.equal(roundAmount(10.179999999999999716), 10.18);
    assert.equal(roundAmount(0.0125), 0.0125);
    assert.equal(roundAmount(0.1 + 0.2), 0.3);
    assert.equal(decimalsNeeded(0.0125), 4);
    assert.equal(decimalsNeeded(10.18), 2);
    assert.equal(decimalsNeeded(10.5), 1);
    assert.equal(decimalsNeeded(42), 0);
    assert.equal(decimalsNeeded(0.029), 3);
  });

  test("refunds are credits that came negative, or rows the package marks", () => {
    assert.equal(isRefund(tx({ type: "credit", amount: -10 })), true);
    assert.equal(isRefund(tx({ type: "credit", amount: 10, description: "Refund: port fee" })), false, "words are not a sign");
    assert.equal(isRefund(tx({ type: "debit", amount: 10, refund: true })), true);
    assert.equal(isRefund(tx({ type: "credit", amount: 10, description: "Payment" })), false);
    assert.equal(isRefund(tx({ type: "debit", amount: -10 })), false);
  });

  test("failed rows do not count", () => {
    assert.equal(isCounted(tx({})), true);
    assert.equal(isCounted(tx({ status: "completed" })), true);
    assert.equal(isCounted(tx({ status: "failed" })), false);
    assert.equal(isCounted(tx({ status: "pending" })), false);
  });
});

describe("descriptions", () => {
  test("the server's text is shown as is, Kazoo's bare reason in words", () => {
    assert.equal(displayDescription(tx({ description: "Outbound call", reason: "per_minute_call" })), "Outbound call");
    assert.equal(displayDescription(tx({ description: "per_minute_call", reason: "per_minute_call" })), "Per-minute call");
    assert.equal(displayDescription(tx({ description: "", reason: "admin_discretion" })), "Account adjustment");
    assert.equal(displayDescription(tx({ description: "" })), "—");
    assert.equal(displayDescription(tx({ description: "<b>x</b>" })), "<b>x</b>");
    assert.equal(reasonLabel("some_new_reason"), "Some new reason");
  });
});

describe("formatMoney", () => {
  const f = (a, c = "USD", o = {}) => formatMoney(a, c, { locale: "en-US", ...o });
  test("two decimals by default, exact to 4 decimals when needed", () => {
    assert.equal(f(150), "$150.00");
    assert.equal(f(0.0125), "$0.0125");
    assert.equal(f(-0.0125), "-$0.0125");
    assert.equal(f(0.029), "$0.029");
    assert.equal(f(1234.5), "$1,234.50");
    assert.equal(f(10.179999999999999716), "$10.18");
  });
  test("sign display for credits, other currencies and locales", () => {
    assert.equal(f(25, "USD", { signDisplay: "exceptZero" }), "+$25.00");
    assert.equal(f(-12.5), "-$12.50");
    assert.equal(f(87.65, "EUR"), "€87.65");
    assert.equal(formatMoney(87.65, "EUR", { locale: "de-DE" }).replace(/\s/g, " "), "87,65 €");
    assert.equal(f(1500, "JPY"), "¥1,500");
    assert.equal(f(0.5, "JPY"), "¥0.5");
  });
  test("an unknown currency code still renders", () => {
    assert.match(f(1, "ZZZ"), /1\.00/);
  });
});

describe("formatTotal (totals and balances in the currency's minor units)", () => {
  const t = (a, c = "USD", o = {}) => formatTotal(a, c, { locale: "en-US", ...o });
  test("rounded to cents for USD and EUR, whole yen for JPY, mils for BHD", () => {
    assert.equal(t(73.8895), "$73.89");
    assert.equal(t(0.0125), "$0.01");
    assert.equal(t(0.005), "$0.01");
    assert.equal(t(-42.18), "-$42.18");
    assert.equal(t(150), "$150.00");
    assert.equal(t(87.6549, "EUR"), "€87.65");
    assert.equal(t(1500.4, "JPY"), "¥1,500");
    assert.equal(t(1.23456, "BHD").replace(/\s/g, " "), "BHD 1.235");
  });
  test("sign display and locales as formatMoney", () => {
    assert.equal(t(25, "USD", { signDisplay: "exceptZero" }), "+$25.00");
    assert.equal(formatTotal(87.6549, "EUR", { locale: "de-DE" }).replace(/\s/g, " "), "87,65 €");
  });
  test("a row keeps its sub-cent digits only when it has them", () => {
    assert.equal(formatMoney(0.0125, "USD", { locale: "en-US" }), "$0.0125");
    assert.equal(formatMoney(12.5, "USD", { locale: "en-US" }), "$12.50");
  });
});

describe("ledgers (Kazoo 4.1+)", () => {
  test("labels, spending, quantities, kinds", () => {
    assert.equal(ledgerLabel("per-minute-voip"), "Call charges");
    assert.equal(ledgerLabel("some_other-ledger"), "Some other ledger");
    assert.equal(ledgerSpent({ ledger: "x", kind: "usage", amount: -54.7404 }), 54.7404);
    assert.equal(ledgerSpent({ ledger: "x", amount: -54.7404 }), 0, "no kind: not known to be spending");
    assert.equal(ledgerLabel("rollovers"), "Carried over from last month");
    assert.equal(ledgerSpent({ ledger: "payments", kind: "payment", amount: 120 }), 0);
    assert.equal(ledgerSpent({ ledger: "rollovers", kind: "rollover", amount: -120 }), 0, "a deficit carried over is not spending");
    assert.equal(ledgerSpent({ ledger: "adjustments", kind: "adjustment", amount: -3 }), 0);
    assert.equal(ledgerSpent({ ledger: "per-minute-voip", kind: "usage", amount: -3 }), 3);
    assert.equal(ledgerQuantity({ quantity: 14520, unit: "sec" }, "en-US"), "242 min");
    assert.equal(ledgerQuantity({ quantity: 1000, unit: "MB" }, "en-US"), "1,000 MB");
    assert.equal(ledgerQuantity({}, "en-US"), "");
  });
  test("charges by category and per month count only money spent on usage and recurring", () => {
    const usages = [
      { ledger: "per-minute-voip", kind: "usage", category: "call_usage", amount: -54.7404 },
      { ledger: "mobile_data", kind: "usage", category: "mobile_data", amount: -10.5 },
      { ledger: "payments", kind: "payment", amount: 100 },
      { ledger: "rollovers", kind: "rollover", amount: -120 },
      { ledger: "adjustments", kind: "adjustment", amount: 15 },
    ];
    const c = chargesByCategoryFromLedgers(usages);
    assert.equal(c.total, 65.2404, "the rollover of -$120 never raises the charges");
    assert.equal(c.categories.find((x) => x.id === "call_usage").total, 54.7404);
    assert.equal(c.categories.find((x) => x.id === "mobile_data").total, 10.5);
    assert.deepEqual(monthBucketsFromLedgers([{ key: "2026-11", usages }]), [{ key: "2026-11", recurring: 0, usage: 65.2404, total: 65.2404 }]);
    assert.deepEqual(otherMoney(usages, { ledgers: true }), [
      { kind: "rollover", label: "Carried over from last month", total: -120 },
      { kind: "payment", label: "Payments", total: 100 },
      { kind: "adjustment", label: "Adjustments", total: 15 },
    ]);
  });
  test("a recurring ledger is split by the categories of its entries, and the total stays the ledgers'", () => {
    const usages = [
      { ledger: "recurring", kind: "recurring", amount: -30.5 },
      { ledger: "per-minute-voip", kind: "usage", category: "call_usage", amount: -2 },
    ];
    assert.deepEqual(ledgersToSplit(usages).map((u) => u.ledger), ["recurring"]);
    const entries = {
      recurring: [
        { ledger: "recurring", kind: "recurring", category: "phone_numbers", amount: -12 },
        { ledger: "recurring", kind: "recurring", category: "trunks", amount: -18 },
        { ledger: "recurring", kind: "recurring", category: "users", amount: 5 }, // money in: not a charge
      ],
    };
    const c = chargesByCategoryFromLedgers(usages, entries);
    const by = Object.fromEntries(c.categories.map((x) => [x.id, x.total]));
    assert.equal(c.total, 32.5);
    assert.deepEqual([by.phone_numbers, by.trunks, by.call_usage, by.users], [12, 18, 2, 0]);
    assert.equal(by.other, 0.5, "what the entries do not cover is other");
    // Entries that claim more than the ledger's total never raise it.
    const over = chargesByCategoryFromLedgers([{ ledger: "recurring", kind: "recurring", amount: -10 }], {
      recurring: [{ kind: "recurring", category: "e911", amount: -25 }],
    });
    assert.equal(over.total, 10);
    assert.equal(over.categories.find((x) => x.id === "e911").total, 10);
  });
  test("the card bookkeeper bills the monthly charges to the card", () => {
    assert.equal(billedToCard({ bookkeeper: "braintree" }), true);
    assert.equal(billedToCard({ bookkeeper: "default" }), false);
    assert.equal(billedToCard({}), false);
  });
  test("hasCharges: payments and refunds alone are not charges", () => {
    assert.equal(hasCharges([tx({ type: "credit", amount: 25 }), tx({ type: "debit", amount: 10, refund: true })]), false);
    assert.equal(hasCharges([tx({ type: "usage", amount: 0.5 })]), true);
  });
  test("billableItems keeps what is billed", () => {
    const items = [
      { category: "users", item: "user", quantity: 3, billable: 3, total: 30 },
      { category: "devices", item: "sip", quantity: 2, billable: 0, total: 0 },
    ];
    assert.deepEqual(billableItems({ items }).map((i) => i.item), ["user"]);
  });
  test("monthWindows: UTC calendar months, newest first, clipped to the range", () => {
    const iso = (d) => d.toISOString();
    // The range of a New York viewer: Sep 15 00:00 EDT to the end of Nov 20 EST.
    const w = monthWindows(new Date("2026-09-15T04:00:00Z"), new Date("2026-11-21T04:59:59.999Z"));
    assert.deepEqual(w.map((x) => [x.key, iso(x.from), iso(x.to)]), [
      ["2026-11", "2026-11-01T00:00:00.000Z", "2026-11-21T04:59:59.999Z"],
      ["2026-10", "2026-10-01T00:00:00.000Z", "2026-10-31T23:59:59.999Z"],
      ["2026-09", "2026-09-15T04:00:00.000Z", "2026-09-30T23:59:59.999Z"],
    ]);
    // Across a year, and a range inside one month.
    assert.deepEqual(monthWindows(new Date("2025-12-31T23:00:00Z"), new Date("2026-01-01T01:00:00Z")).map((x) => x.key), ["2026-01", "2025-12"]);
    assert.deepEqual(monthWindows(new Date("2026-11-02T00:00:00Z"), new Date("2026-11-03T00:00:00Z")).map((x) => [x.key, iso(x.from), iso(x.to)]), [
      ["2026-11", "2026-11-02T00:00:00.000Z", "2026-11-03T00:00:00.000Z"],
    ]);
  });
  test("monthWindows: a date that is not one gives no windows", () => {
    assert.deepEqual(monthWindows(new Date("x"), new Date("2026-11-03T00:00:00Z")), []);
    assert.deepEqual(monthWindows(new Date("2026-11-03T00:00:00Z"), "not a date"), []);
  });
});

describe("categorize", () => {
  test("the category is the package's; one this page does not know is other", () => {
    for (const { id } of CATEGORIES) assert.equal(categorize(tx({ category: id })), id);
    assert.equal(categorize(tx({ category: "holograms" })), "other");
    assert.equal(categorize(tx({ description: "E911 service", category: undefined })), "other", "no guessing from words");
    assert.deepEqual(CATEGORIES.map((c) => c.label), [
      "Phone numbers", "Call usage", "Features", "Number porting", "E911", "Users", "Devices", "Trunks", "Mobile data", "Other",
    ]);
  });

  test("chargesByCategory sums counted usage and recurring charges only, in units", () => {
    const r = chargesByCategory([
      tx({ id: "a", type: "usage", kind: "usage", category: "call_usage", amount: 0.0125 }),
      tx({ id: "b", type: "usage", kind: "usage", category: "call_usage", amount: 0.0125 }),
      tx({ id: "c", type: "recurring", kind: "recurring", category: "phone_numbers", amount: 10.179999999999999716 }),
      tx({ id: "d", type: "credit", kind: "payment", category: "other", amount: 100 }),
      tx({ id: "e", type: "debit", kind: "usage", category: "e911", amount: 5 }),
      tx({ id: "f", type: "debit", kind: "usage", category: "number_porting", amount: 7, status: "failed" }),
      tx({ id: "g", type: "credit", kind: "rollover", category: "other", amount: 10.18 }),
      tx({ id: "h", type: "debit", kind: "adjustment", category: "other", amount: 4 }),
    ]);
    const by = Object.fromEntries(r.categories.filter((c) => c.total).map((c) => [c.id, c.total]));
    assert.deepEqual(by, { phone_numbers: 10.18, call_usage: 0.025, e911: 5 });
    assert.equal(r.total, 15.205);
    assert.equal(rowCategoryLabel(tx({ type: "credit", kind: "rollover", amount: 10.18 })), "Carried over from last month");
    assert.equal(rowCategoryLabel(tx({ type: "debit", kind: "adjustment", amount: 4 })), "Adjustment");
  });
});

describe("billingCycle", () => {
  const iso = (d) => (d ? d.toISOString().slice(0, 10) : d);
  const cyc = (created, now) => {
    const c = billingCycle(created, new Date(now));
    return {
      start: iso(c.periodStart),
      last: iso(c.periodLastDay),
      end: iso(c.periodEnd),
      invoice: iso(c.nextInvoice),
      due: iso(c.due),
    };
  };
  test("a period from the creation day, invoice on the 1st of next month, due 30 days later", () => {
    assert.deepEqual(cyc("2025-09-17T15:42:07Z", "2026-11-20T17:30:00Z"), {
      start: "2026-11-17", last: "2026-12-16", end: "2026-12-17", invoice: "2026-12-01", due: "2026-12-31",
    });
    // before this month's anniversary: the period started last month
    assert.deepEqual(cyc("2025-09-17T15:42:07Z", "2026-11-05T00:00:00Z"), {
      start: "2026-10-17", last: "2026-11-16", end: "2026-11-17", invoice: "2026-12-01", due: "2026-12-31",
    });
  });
  test("the anniversary day itself starts a new period (UTC)", () => {
    assert.equal(cyc("2025-09-17T23:59:59Z", "2026-11-17T00:00:00Z").start, "2026-11-17");
    assert.equal(cyc("2025-09-17T00:00:00Z", "2026-11-16T23:59:59Z").start, "2026-10-17");
  });
  test("creation on the 31st falls on the last day of short months", () => {
    assert.deepEqual(cyc("2025-01-31T10:00:00Z", "2026-02-28T12:00:00Z"), {
      start: "2026-02-28", last: "2026-03-30", end: "2026-03-31", invoice: "2026-03-01", due: "2026-03-31",
    });
    assert.equal(cyc("2025-01-31T10:00:00Z", "2026-02-27T12:00:00Z").start, "2026-01-31");
    assert.equal(cyc("2025-01-31T10:00:00Z", "2026-02-27T12:00:00Z").end, "2026-02-28");
    assert.equal(cyc("2023-05-31T10:00:00Z", "2024-02-29T12:00:00Z").start, "2024-02-29"); // leap year
  });
  test("created on the 1st: the month is the period", () => {
    assert.deepEqual(cyc("2024-03-01T08:00:00Z", "2026-12-15T00:00:00Z"), {
      start: "2026-12-01", last: "2026-12-31", end: "2027-01-01", invoice: "2027-01-01", due: "2027-01-31",
    });
  });
  test("February invoices are due in March (30 days, not a month)", () => {
    assert.deepEqual(cyc("2024-03-05T08:00:00Z", "2027-01-20T00:00:00Z").invoice, "2027-02-01");
    assert.deepEqual(cyc("2024-03-05T08:00:00Z", "2027-01-20T00:00:00Z").due, "2027-03-03");
  });
  test("an estimate says so", () => {
    assert.equal(billingCycle("2025-09-17T15:42:07Z", new Date("2026-11-20T17:30:00Z")).source, "estimate");
    assert.equal(billingCycle(undefined, new Date("2026-11-20T17:30:00Z")).source, "estimate");
  });
  test("a brand-new account is in its first period; no creation date gives no period", () => {
    assert.equal(cyc("2026-11-20T10:00:00Z", "2026-11-20T09:00:00Z").start, "2026-11-20");
    const none = billingCycle(undefined, new Date("2026-11-20T00:00:00Z"));
    assert.equal(none.periodStart, null);
    assert.equal(iso(none.nextInvoice), "2026-12-01");
  });
});

describe("billingCycle with the server's next billing date", () => {
  const iso = (d) => (d ? d.toISOString().slice(0, 10) : d);
  const cyc = (created, now, next) => {
    const c = billingCycle(created, new Date(now), next);
    return { source: c.source, start: iso(c.periodStart), last: iso(c.periodLastDay), end: iso(c.periodEnd), invoice: iso(c.nextInvoice), due: c.due };
  };
  test("the period is the month before it, whatever the creation day; no due date is invented", () => {
    assert.deepEqual(cyc("2025-09-17T15:42:07Z", "2026-11-20T17:30:00Z", "2026-12-01T00:00:00Z"), {
      source: "server", start: "2026-11-01", last: "2026-11-30", end: "2026-12-01", invoice: "2026-12-01", due: null,
    });
    assert.deepEqual(cyc(undefined, "2026-11-20T17:30:00Z", "2026-12-01T00:00:00Z").start, "2026-11-01", "no creation date needed");
  });
  test("the first instant of the period is in it, the billing instant starts the next one", () => {
    assert.equal(cyc("2025-09-17T15:42:07Z", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z").source, "server");
    assert.equal(cyc("2025-09-17T15:42:07Z", "2026-11-30T23:59:59Z", "2026-12-01T00:00:00Z").source, "server");
    assert.equal(cyc("2025-09-17T15:42:07Z", "2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z").source, "estimate");
  });
  test("a billing day missing from the month before falls on its last day", () => {
    assert.deepEqual(cyc(undefined, "2026-03-10T00:00:00Z", "2026-03-31T00:00:00Z"), {
      source: "server", start: "2026-02-28", last: "2026-03-30", end: "2026-03-31", invoice: "2026-03-31", due: null,
    });
    assert.equal(cyc(undefined, "2027-01-10T00:00:00Z", "2027-01-15T12:00:00Z").start, "2026-12-15", "across a year, the UTC day of the date");
  });
  test("a date that is stale, more than a month ahead, or not a date is not used", () => {
    const estimate = cyc("2025-09-17T15:42:07Z", "2026-11-20T17:30:00Z");
    for (const next of ["2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z", "soon", null, undefined]) {
      assert.deepEqual(cyc("2025-09-17T15:42:07Z", "2026-11-20T17:30:00Z", next), estimate, String(next));
    }
  });
});

describe("CSV", () => {
  test("fields are quoted for commas, quotes and newlines", () => {
    assert.equal(csvField("plain"), "plain");
    assert.equal(csvField("a,b"), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField("line1\nline2"), '"line1\nline2"');
    assert.equal(csvField("cr\rhere"), '"cr\rhere"');
    assert.equal(csvField(null), "");
    assert.equal(csvField(-0.0125), "-0.0125");
  });
  test("free text that a spreadsheet would run as a formula is neutralized", () => {
    assert.equal(csvField('=HYPERLINK("x")', true), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvField("+1 415 555 0100", true), "'+1 415 555 0100");
    assert.equal(csvField("-5", false), "-5");
  });
  test("transactionsToCsv round-trips through a CSV parser", () => {
    const rows = [
      tx({ id: "x1", type: "usage", category: "call_usage", amount: 0.0125, description: 'Call, "long"\nsecond line', reason: "per_minute_call" }),
      tx({ id: "x2", type: "credit", amount: -10, description: "Refund: port fee", created: "2026-11-01T00:00:00Z" }),
      tx({ id: "x3", type: "recurring", category: "phone_numbers", amount: 10.179999999999999716, description: "DID rental", status: "failed" }),
    ];
    const csv = transactionsToCsv(rows, "USD");
    assert.ok(csv.endsWith("\r\n"));
    const parsed = readCsv(csv);
    assert.deepEqual(parsed[0], ["Date (UTC)", "Description", "Type", "Category", "Amount", "Currency", "Status", "Transaction ID"]);
    // Types as shown, status only where the server gave one.
    assert.deepEqual(parsed[1], ["2026-11-02T14:03:00Z", 'Call, "long"\nsecond line', "Usage", "Call usage", "-0.0125", "USD", "", "x1"]);
    assert.deepEqual(parsed[2], ["2026-11-01T00:00:00Z", "Refund: port fee", "Refund", "Refund", "10.00", "USD", "", "x2"]);
    assert.deepEqual(parsed[3], ["2026-11-02T14:03:00Z", "DID rental", "Recurring", "Phone numbers", "-10.18", "USD", "failed", "x3"]);
    assert.equal(parsed.length, 4);
  });
  test("descriptions as shown: a bare machine reason in words", () => {
    const csv = transactionsToCsv([tx({ id: "r", type: "usage", amount: 0.5, description: "per_minute_call", reason: "per_minute_call" })]);
    assert.equal(readCsv(csv)[1][1], "Per-minute call");
  });
  test("a Kazoo 4.3+ refund (refund: true, type debit) is money out, labelled a refund, never a charge", () => {
    const refund = tx({ id: "rf", type: "debit", amount: 10, description: "Refund", refund: true, status: "completed" });
    assert.equal(isRefund(refund), true);
    assert.equal(isCharge(refund), false);
    assert.equal(signedAmount(refund), -10);
    assert.equal(typeLabel(refund), "Refund");
    assert.equal(rowCategoryLabel(refund), "Refund");
    assert.equal(chargesByCategory([refund]).total, 0);
    const [, row] = readCsv(transactionsToCsv([refund]));
    assert.deepEqual(row.slice(2, 7), ["Refund", "Refund", "-10.00", "USD", "completed"]);
  });
  test("plainAmount keeps at least 2 decimals and up to 4", () => {
    assert.equal(plainAmount(25), "25.00");
    assert.equal(plainAmount(-0.0125), "-0.0125");
    assert.equal(plainAmount(10.179999999999999716), "10.18");
  });
});

describe("months and ranges", () => {
  /** Runs `fn` with the runtime's local zone set to `zone` (Node applies a change of TZ at once). */
  const inZone = (zone, fn) => {
    const saved = process.env.TZ;
    process.env.TZ = zone;
    try {
      return fn();
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  };
  test("months are UTC months wherever the viewer is", () => {
    // In New York the charge's local month is October: the zone really changes.
    assert.equal(inZone("America/New_York", () => new Date("2026-11-01T00:05:00Z").getMonth()), 9);
    for (const zone of ["America/New_York", "Asia/Tokyo", "UTC"]) {
      inZone(zone, () => {
        assert.equal(monthKey("2026-11-01T00:05:00Z"), "2026-11", `${zone}: the 00:05 UTC recurring charge is November's`);
        assert.equal(monthKey("2026-10-31T23:30:00Z"), "2026-10", zone);
        assert.deepEqual(lastMonthKeys(new Date("2026-11-01T00:30:00Z"), 2), ["2026-10", "2026-11"], zone);
        assert.equal(monthWindows(new Date("2026-10-15T00:00:00Z"), new Date("2026-11-20T00:00:00Z"))[0].from.toISOString(), "2026-11-01T00:00:00.000Z", zone);
      });
    }
    assert.equal(monthKey("not a date"), "");
    assert.equal(monthStart("2026-11").toISOString(), "2026-11-01T00:00:00.000Z");
  });
  test("lastMonthKeys crosses years", () => {
    assert.deepEqual(lastMonthKeys(new Date("2026-02-10T12:00:00Z"), 4), ["2025-11", "2025-12", "2026-01", "2026-02"]);
  });
  test("monthBuckets sums counted charges per month and kind, credits left out", () => {
    const now = new Date("2026-11-20T12:00:00Z");
    const b = monthBuckets(
      [
        tx({ id: "1", type: "usage", amount: 0.0125, created: "2026-11-02T10:00:00Z" }),
        tx({ id: "2", type: "usage", amount: 0.0125, created: "2026-11-03T10:00:00Z" }),
        tx({ id: "3", type: "recurring", amount: 49, created: "2026-10-17T00:05:00Z" }),
        tx({ id: "4", type: "debit", amount: -5, created: "2026-09-01T00:00:00Z" }),
        tx({ id: "5", type: "credit", amount: 100, created: "2026-11-04T00:00:00Z" }),
        tx({ id: "6", type: "debit", amount: 7, created: "2026-11-05T00:00:00Z", status: "failed" }),
        tx({ id: "7", type: "debit", amount: 9, created: "2025-01-01T00:00:00Z" }), // out of range
        tx({ id: "8", type: "recurring", amount: 241.51, created: "2026-11-01T00:05:00Z" }), // 20:05 on Oct 31 in New York
      ],
      { now, months: 3 },
    );
    assert.deepEqual(b, [
      { key: "2026-09", recurring: 0, usage: 5, total: 5 },
      { key: "2026-10", recurring: 49, usage: 0, total: 49 },
      { key: "2026-11", recurring: 241.51, usage: 0.025, total: 241.535 },
    ]);
    const carried = monthBuckets([tx({ type: "credit", kind: "rollover", amount: -120, created: "2026-11-01T00:00:10Z" })], { now, months: 1 });
    assert.deepEqual(carried, [{ key: "2026-11", recurring: 0, usage: 0, total: 0 }], "a rollover is not a charge");
  });
  test("localDayRange covers whole local days; bad input is null", () => {
    const r = localDayRange("2026-10-22", "2026-11-20");
    assert.equal(r.from.getHours(), 0);
    assert.equal(r.to.getHours(), 23);
    assert.equal(r.to.getDate(), 20);
    assert.equal(localDayRange("2026-02-30", "2026-03-01"), null);
    assert.equal(localDayRange("x", "2026-03-01"), null);
  });
  test("shiftDay, utcLabel, niceScale", () => {
    assert.equal(shiftDay("2026-11-20", -29), "2026-10-22");
    assert.equal(shiftDay("2026-03-01", -1), "2026-02-28");
    assert.equal(utcLabel("2026-11-02T14:03:00Z"), "2026-11-02 14:03:00 UTC");
    assert.deepEqual(niceScale(0), { max: 1, step: 0.25 });
    const s = niceScale(437.2);
    assert.ok(s.max >= 437.2 && s.max <= 600, JSON.stringify(s));
    assert.equal(Math.round(s.max / s.step), Math.round(s.max / s.step * 1e6) / 1e6);
  });
});
