// Pure billing logic for <audian-billing-widget>: no DOM, no network, so every rule here is
// unit-tested with `node --test` (tests/e2e/billing-logic.test.mjs).
//
// Money is handled in Kazoo's unit of $0.0001 ("units"): amounts are rounded to 4 decimal
// places and sums are computed on integers, so 0.0125 stays 0.0125 and totals carry no float
// noise.

export const TRANSACTION_TYPES = Object.freeze(["debit", "credit", "recurring", "usage"]);

export const TYPE_LABELS = Object.freeze({
  debit: "Debit",
  credit: "Credit",
  recurring: "Recurring",
  usage: "Usage",
});

/**
 * What money was, as the package decides it (`kind` on every transaction, ledger entry and
 * ledger total): only usage and recurring charges are spending.
 */
export const CHARGE_KINDS = Object.freeze(["usage", "recurring"]);

/** Money that is not spending, in customer words: shown for what it is, never as a charge. */
export const OTHER_MONEY = Object.freeze([
  { kind: "rollover", label: "Carried over from last month" },
  { kind: "payment", label: "Payments" },
  { kind: "adjustment", label: "Adjustments" },
]);

/**
 * The package's charge categories (`category`), in display order and customer words: Audian's
 * five, then what Kazoo bills on its own. "Other" is only for what the server does not say.
 */
export const CATEGORIES = Object.freeze([
  { id: "phone_numbers", label: "Phone numbers" },
  { id: "call_usage", label: "Call usage" },
  { id: "features", label: "Features" },
  { id: "number_porting", label: "Number porting" },
  { id: "e911", label: "E911" },
  { id: "users", label: "Users" },
  { id: "devices", label: "Devices" },
  { id: "trunks", label: "Trunks" },
  { id: "mobile_data", label: "Mobile data" },
  { id: "other", label: "Other" },
]);

const UNITS = 10000; // $0.0001
const MAX_DECIMALS = 4;
const DAY_MS = 86400000;

/** Amount in integer units of 0.0001. */
export function toUnits(amount) {
  const n = Number(amount);
  if (!Number.isFinite(n)) return 0;
  return Math.round(n * UNITS);
}

/** Rounds to Kazoo's 4 decimal places, removing float noise (10.179999999999999716 -> 10.18). */
export function roundAmount(amount) {
  const u = toUnits(amount);
  return u === 0 ? 0 : u / UNITS; // no -0
}

/** A charge: money the account was billed (usage or recurring). Refunds are never charges. */
export function isCharge(tx) {
  return CHARGE_KINDS.includes(tx && tx.kind) && !isRefund(tx);
}

/**
 * Whether a transaction counts toward totals. Kazoo marks a declined card payment with a
 * `status` (e.g. "failed"); only completed rows (or rows without a status, as in Audian's
 * documented form) count. Failed and pending rows are still listed, and labelled.
 */
export function isCounted(tx) {
  const st = tx && tx.status;
  if (st === undefined || st === null || st === "") return true;
  return /^(completed?|success(ful)?|succeeded|settled)$/i.test(String(st));
}

/**
 * The amount as the customer sees it: credits (money in) positive, charges (debit, recurring,
 * usage) and refunds paid out (`refund: true`) negative. The server's own sign is ignored: the
 * sign comes from the type, the magnitude from the absolute value.
 */
export function signedAmount(tx) {
  const abs = Math.abs(roundAmount(tx.amount));
  if (abs === 0) return 0;
  return tx.type === "credit" ? abs : -abs;
}

/** A refund: a row the package marks as one (`refund: true`), or a credit that came negative. */
export function isRefund(tx) {
  if (tx && tx.refund === true) return true;
  return Boolean(tx && tx.type === "credit" && Number(tx.amount) < 0);
}

/** Decimal places needed to show `amount` exactly at 4-decimal precision (0..4). */
export function decimalsNeeded(amount) {
  let u = Math.abs(toUnits(amount));
  let d = MAX_DECIMALS;
  while (d > 0 && u % 10 === 0) {
    u /= 10;
    d -= 1;
  }
  return d;
}

const formatterCache = new Map();
function formatter(locale, options) {
  const key = JSON.stringify([locale || null, options]);
  let f = formatterCache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale || undefined, options);
    formatterCache.set(key, f);
  }
  return f;
}

/** The currency's usual number of decimals (2 for USD/EUR, 0 for JPY, 3 for BHD). */
export function currencyDecimals(currency, locale) {
  try {
    return formatter(locale, { style: "currency", currency }).resolvedOptions()
      .minimumFractionDigits;
  } catch {
    return 2;
  }
}

/**
 * Formats money with Intl.NumberFormat in `currency`. A row's amount (`exact`, the default) keeps
 * the digits it has, up to 4: at least the currency's own decimals (2 for USD), more only when
 * the value needs them (0.0125 -> $0.0125). A total or a balance (`exact: false`) is rounded to the
 * currency's minor unit (73.8895 -> $73.89; 0 decimals for JPY).
 * signDisplay: "auto" (default) | "exceptZero" (+$25.00 for credits) | "never".
 * An unknown currency code falls back to a plain number followed by the code.
 */
export function formatMoney(amount, currency = "USD", opts = {}) {
  const { locale, signDisplay = "auto", exact = true } = opts;
  const value = roundAmount(amount);
  const minor = currencyDecimals(currency, locale);
  const digits = exact ? Math.max(minor, decimalsNeeded(value)) : minor;
  try {
    return formatter(locale, {
      style: "currency",
      currency,
      signDisplay,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  } catch {
    const n = formatter(locale, {
      signDisplay,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
    return `${n} ${currency}`;
  }
}

/** A total or a balance: rounded to the currency's minor unit (see formatMoney). */
export function formatTotal(amount, currency = "USD", opts = {}) {
  return formatMoney(amount, currency, { ...opts, exact: false });
}

/** Signed amount as a plain decimal string for CSV: "-0.0125", "25.00". */
export function plainAmount(value, minDecimals = 2) {
  const v = roundAmount(value);
  return v.toFixed(Math.max(minDecimals, decimalsNeeded(v)));
}

// ---------------------------------------------------------------------------------------------
// Categories

/** The category of a charge, as the package decided it; "other" for one this page does not know. */
export function categorize(tx) {
  const id = tx && tx.category;
  return CATEGORIES.some((c) => c.id === id) ? id : "other";
}

// Kazoo's machine reasons as people read them (the package puts the reason in `description`
// when a row has none).
const REASON_LABELS = {
  per_minute_call: "Per-minute call",
  sub_account_per_minute_call: "Sub-account per-minute call",
  feature_activation: "Feature activation",
  sub_account_feature_activation: "Sub-account feature activation",
  number_activation: "Number activation",
  sub_account_number_activation: "Sub-account number activation",
  numbers_activation: "Numbers activation",
  sub_account_numbers_activation: "Sub-account numbers activation",
  manual_addition: "Manual credit",
  sub_account_manual_addition: "Sub-account manual credit",
  auto_addition: "Automatic credit",
  sub_account_auto_addition: "Sub-account automatic credit",
  admin_discretion: "Account adjustment",
  topup: "Top-up",
  database_rollup: "Monthly rollup",
  recurring: "Recurring charge",
  monthly_recurring: "Monthly recurring charge",
  recurring_prorate: "Prorated recurring charge",
  mobile: "Mobile service",
  unknown: "Unspecified charge",
};

/** A machine reason ("per_minute_call") as text for people ("Per-minute call"). */
export function reasonLabel(reason) {
  const r = String(reason || "");
  if (REASON_LABELS[r]) return REASON_LABELS[r];
  const t = r.replace(/_+/g, " ").trim();
  return t ? t.charAt(0).toUpperCase() + t.slice(1) : "";
}

/**
 * The description to show: the server's text as is; when the row had none (the package then
 * passes Kazoo's machine reason), the reason in words; "—" when there is nothing at all.
 */
export function displayDescription(tx) {
  const d = tx && tx.description !== undefined && tx.description !== null ? String(tx.description) : "";
  const reason = tx && tx.reason ? String(tx.reason) : "";
  if (!d) return reason ? reasonLabel(reason) : "—";
  if (reason && d === reason && /^[a-z0-9_]+$/.test(d)) return reasonLabel(d);
  return d;
}

export function categoryLabel(id) {
  const c = CATEGORIES.find((x) => x.id === id);
  return c ? c.label : id;
}

/**
 * Sums counted charges (not credits, not failed rows) by category. Returns every category in display order with
 * { id, label, total (positive number), count }, plus the grand total.
 */
export function chargesByCategory(txs) {
  return categoryTotals(
    txs.filter((tx) => isCharge(tx) && isCounted(tx)).map((tx) => ({ id: categorize(tx), units: Math.abs(toUnits(tx.amount)) })),
  );
}

/** Every category in display order with { id, label, total, count } of `charges` ([{id, units}]), plus the grand total. */
function categoryTotals(charges) {
  const units = Object.fromEntries(CATEGORIES.map((c) => [c.id, 0]));
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c.id, 0]));
  let all = 0;
  for (const { id, units: u } of charges) {
    units[id] += u;
    counts[id] += 1;
    all += u;
  }
  return {
    categories: CATEGORIES.map((c) => ({ id: c.id, label: c.label, total: units[c.id] / UNITS, count: counts[c.id] })),
    total: all / UNITS,
  };
}

/**
 * The money of a period that is not spending, by kind (rollover, payments, adjustments), signed
 * as booked (money in positive): [{ kind, label, total }] for the kinds present. `items` are
 * transactions (counted rows) or ledger totals, each with `kind` and `amount`; a transaction's
 * amount is signed as the customer sees it.
 */
export function otherMoney(items, { ledgers = false } = {}) {
  const units = new Map();
  for (const it of items || []) {
    if (!OTHER_MONEY.some((o) => o.kind === it.kind) || (!ledgers && !isCounted(it))) continue;
    units.set(it.kind, (units.get(it.kind) || 0) + toUnits(ledgers ? it.amount : signedAmount(it)));
  }
  return OTHER_MONEY.filter((o) => units.has(o.kind)).map((o) => ({ kind: o.kind, label: o.label, total: units.get(o.kind) / UNITS }));
}

// ---------------------------------------------------------------------------------------------
// Billing cycle (UTC calendar dates: the invoice is a calendar document, Kazoo counts in UTC)

function daysInMonthUTC(year, month /* 0-based, may overflow */) {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** Midnight UTC of `day` in the given month, clamped to the month's length (31 -> Feb 28). */
function anniversaryUTC(year, month, day) {
  const norm = new Date(Date.UTC(year, month, 1));
  const y = norm.getUTCFullYear();
  const m = norm.getUTCMonth();
  return new Date(Date.UTC(y, m, Math.min(day, daysInMonthUTC(y, m))));
}

/**
 * The current billing period and the next bill, as UTC calendar days:
 *  - periodStart: midnight UTC of the period's first day; periodEnd: of the day after its last
 *    (exclusive); periodLastDay = the day before periodEnd
 *  - nextInvoice: the next billing (invoice) date; due: when that bill must be paid, or null
 *  - source: "server" or "estimate"
 * With the server's next billing date (`nextBilling`, Kazoo 4.3+'s `billing_cycle.next`) the
 * period is the month before it (Dec 1 gives Nov 1 – Nov 30) and the bill is taken on that date:
 * the server names no later due date, so `due` is null. A date that does not end a period
 * holding `now` (stale, or more than a month ahead) is not used.
 * Otherwise Audian's rule is the estimate (see estimatedCycle).
 */
export function billingCycle(created, now = new Date(), nextBilling = null) {
  const n = new Date(now);
  return serverCycle(nextBilling, n) || estimatedCycle(created, n);
}

function serverCycle(nextBilling, now) {
  const next = nextBilling ? new Date(nextBilling) : null;
  if (!next || Number.isNaN(next.getTime())) return null;
  const periodEnd = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth(), next.getUTCDate()));
  const periodStart = anniversaryUTC(periodEnd.getUTCFullYear(), periodEnd.getUTCMonth() - 1, periodEnd.getUTCDate());
  if (now.getTime() < periodStart.getTime() || now.getTime() >= periodEnd.getTime()) return null;
  return {
    source: "server",
    periodStart,
    periodEnd,
    periodLastDay: new Date(periodEnd.getTime() - DAY_MS),
    nextInvoice: periodEnd,
    due: null,
  };
}

/**
 * Audian's billing cycle, the estimate where the server gives no billing date: a monthly period
 * starting on the account's creation day (a day missing from a short month falls on its last
 * day), the invoice issued on the first day of the following month, due 30 days after it.
 *  - periodStart: midnight UTC of the latest anniversary on or before `now`
 *  - periodEnd:   the next anniversary (exclusive)
 *  - nextInvoice: the first day of the month after `now` (every month's 1st is an invoice
 *    date: the one after the current period's start, or after the next period's start once the
 *    former has passed)
 *  - due:         nextInvoice + 30 days
 * `created` may be missing: then the period fields are null and the invoice dates still hold.
 */
function estimatedCycle(created, n) {
  const nextInvoice = new Date(Date.UTC(n.getUTCFullYear(), n.getUTCMonth() + 1, 1));
  const due = new Date(nextInvoice.getTime() + 30 * DAY_MS);
  const c = created ? new Date(created) : null;
  if (!c || Number.isNaN(c.getTime())) {
    return { source: "estimate", periodStart: null, periodEnd: null, periodLastDay: null, nextInvoice, due };
  }
  const day = c.getUTCDate();
  const createdDay = new Date(Date.UTC(c.getUTCFullYear(), c.getUTCMonth(), day));
  let start = anniversaryUTC(n.getUTCFullYear(), n.getUTCMonth(), day);
  if (start.getTime() > n.getTime()) {
    start = anniversaryUTC(n.getUTCFullYear(), n.getUTCMonth() - 1, day);
  }
  // `now` before the account existed (clock skew): show the first period.
  if (start.getTime() < createdDay.getTime()) start = createdDay;
  const periodEnd = anniversaryUTC(start.getUTCFullYear(), start.getUTCMonth() + 1, day);
  return {
    source: "estimate",
    periodStart: start,
    periodEnd,
    periodLastDay: new Date(periodEnd.getTime() - DAY_MS),
    nextInvoice,
    due,
  };
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)

/**
 * One CSV field: quoted when it contains a comma, quote, CR or LF (quotes doubled). Text that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe
 * when `guardFormula` is set (used for free text such as descriptions, never for numbers).
 */
export function csvField(value, guardFormula = false) {
  let s = value === null || value === undefined ? "" : String(value);
  if (guardFormula && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

export const CSV_HEADER = Object.freeze([
  "Date (UTC)",
  "Description",
  "Type",
  "Category",
  "Amount",
  "Currency",
  "Status",
  "Transaction ID",
]);

/** What the widget shows under a description: the charge category, or what the money was. */
export function rowCategoryLabel(tx) {
  if (isRefund(tx)) return "Refund";
  if (isCharge(tx)) return categoryLabel(categorize(tx));
  if (tx && tx.kind === "rollover") return "Carried over from last month";
  if (tx && tx.kind === "adjustment") return "Adjustment";
  return "Payment or credit";
}

/** The type as shown: "Refund" for refunds, else the type's label. */
export function typeLabel(tx) {
  if (isRefund(tx)) return "Refund";
  return TYPE_LABELS[tx && tx.type] || String((tx && tx.type) || "");
}

/** The CSV header line (CRLF-terminated). */
export function csvHeaderLine() {
  return `${CSV_HEADER.map((h) => csvField(h)).join(",")}\r\n`;
}

/**
 * One transaction as a CSV line (CRLF-terminated): the description as the widget shows it, the
 * amount signed as shown (credits positive, charges and refunds negative, exact to 4 decimals),
 * and the status only when the server gave one.
 */
export function transactionCsvLine(tx, currency = "USD") {
  return `${[
    csvField(tx.created),
    csvField(displayDescription(tx), true),
    csvField(typeLabel(tx)),
    csvField(rowCategoryLabel(tx)),
    csvField(plainAmount(signedAmount(tx))),
    csvField(currency),
    csvField(tx.status ? String(tx.status) : "", true),
    csvField(tx.id, true),
  ].join(",")}\r\n`;
}

export function csvFileName(accountId, from, to) {
  const safe = String(accountId || "account").replace(/[^A-Za-z0-9_-]/g, "").slice(0, 40);
  const parts = ["audian-transactions", safe || "account"];
  if (from) parts.push(from);
  if (to) parts.push(to);
  return `${parts.join("_")}.csv`;
}

// ---------------------------------------------------------------------------------------------
// Months and dates
//
// Billing months are UTC calendar months: Kazoo's ledgers, its billing cycle and the invoice count
// in UTC, so a charge at 00:05 UTC on November 1 is November's wherever the viewer is (at 20:05
// on October 31 in New York). The days picked in the transactions card's date fields are the
// viewer's local days (localDayRange).

const partsCache = new Map();
function ymdParts(date, timeZone) {
  const key = timeZone || "";
  let f = partsCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: timeZone || undefined,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    partsCache.set(key, f);
  }
  const out = {};
  for (const p of f.formatToParts(new Date(date))) {
    if (p.type === "year" || p.type === "month" || p.type === "day") out[p.type] = Number(p.value);
  }
  return out;
}

/** "YYYY-MM-DD" of an instant in `timeZone` (default local): the value of an <input type=date>. */
export function dayKey(date, timeZone) {
  const { year, month, day } = ymdParts(date, timeZone);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** "YYYY-MM": the billing (UTC) month of an instant; "" for a date that is not one. */
export function monthKey(date) {
  const d = new Date(date);
  if (Number.isNaN(d.getTime())) return "";
  return `${String(d.getUTCFullYear()).padStart(4, "0")}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** 00:00 UTC on the first day of the month `key` ("YYYY-MM"). */
export function monthStart(key) {
  const [y, m] = String(key).split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 1));
}

/** The `count` billing month keys ending with the month of `now`, oldest first. */
export function lastMonthKeys(now, count) {
  const n = new Date(now);
  const keys = [];
  for (let i = count - 1; i >= 0; i -= 1) keys.push(monthKey(Date.UTC(n.getUTCFullYear(), n.getUTCMonth() - i, 1)));
  return keys;
}

/**
 * The billing (UTC) months covering [from, to], newest first: [{key, from, to}], each clipped to
 * the range; [] when either end is not a date.
 */
export function monthWindows(from, to) {
  const lo = new Date(from).getTime();
  const hi = new Date(to).getTime();
  if (Number.isNaN(lo) || Number.isNaN(hi)) return [];
  const end = new Date(hi);
  const out = [];
  for (let back = 0; ; back += 1) {
    const start = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - back, 1);
    const next = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - back + 1, 1);
    out.push({ key: monthKey(start), from: new Date(Math.max(start, lo)), to: new Date(Math.min(next - 1, hi)) });
    if (start <= lo) return out;
  }
}

/**
 * Charges per billing month by kind for the `months` months ending with the month of `now`,
 * oldest first: [{ key: "2026-06", usage, recurring, total }] as positive numbers. Payments,
 * rollovers and adjustments are not charges and are left out.
 */
export function monthBuckets(txs, { now = new Date(), months = 6 } = {}) {
  const keys = lastMonthKeys(now, months);
  const units = new Map(keys.map((k) => [k, { recurring: 0, usage: 0 }]));
  for (const tx of txs) {
    if (!isCharge(tx) || !isCounted(tx)) continue;
    const b = units.get(monthKey(tx.created));
    if (b) b[tx.kind] += Math.abs(toUnits(tx.amount));
  }
  return keys.map((key) => bucket(key, units.get(key)));
}

/** A chart bucket from units per kind. */
function bucket(key, b) {
  return { key, usage: b.usage / UNITS, recurring: b.recurring / UNITS, total: (b.usage + b.recurring) / UNITS };
}

/** A "nice" upper bound and tick step for a chart axis whose data peaks at `max`. */
export function niceScale(max, ticks = 4) {
  if (!(max > 0)) return { max: 1, step: 0.25 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw);
  return { max: step * Math.ceil(max / step - 1e-9), step };
}

/**
 * The instants bounding a day range picked in <input type=date> fields ("YYYY-MM-DD"), in the
 * runtime's local zone: from 00:00:00.000 on `fromDay` to 23:59:59.999 on `toDay`.
 * Returns null for a malformed day.
 */
export function localDayRange(fromDay, toDay) {
  const a = parseDay(fromDay);
  const b = parseDay(toDay);
  if (!a || !b) return null;
  return {
    from: new Date(a.y, a.m - 1, a.d, 0, 0, 0, 0),
    to: new Date(b.y, b.m - 1, b.d, 23, 59, 59, 999),
  };
}

export function parseDay(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(s || ""));
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  return { y, m: mo, d };
}

/** "YYYY-MM-DD" `days` days before `day` (calendar arithmetic, no time zone involved). */
export function shiftDay(day, days) {
  const p = parseDay(day);
  if (!p) return null;
  const t = new Date(Date.UTC(p.y, p.m - 1, p.d + days));
  return t.toISOString().slice(0, 10);
}

/** "2026-11-02 14:03:00 UTC" from an RFC 3339 instant. */
export function utcLabel(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

// ---------------------------------------------------------------------------------------------
// Ledgers (Kazoo 4.1+ keeps usage and recurring charges in per-service ledgers; on 4.3+/5.x
// /transactions lists only payments, so charges come from here)

const LEDGER_LABELS = {
  "per-minute-voip": "Call charges",
  "per-minute": "Call charges",
  im: "Text messages",
  asr: "Transcription",
  mobile_data: "Mobile data",
  mobile: "Mobile service",
  support: "Support",
  payments: "Payments",
  recurring: "Recurring charges",
  prorations: "Prorated charges",
  services: "Monthly services",
  subscriptions: "Subscriptions",
  rollovers: "Carried over from last month",
  adjustments: "Adjustments",
};

/** A ledger name ("per-minute-voip") as people read it ("Call charges"). */
export function ledgerLabel(name) {
  const n = String(name || "");
  if (LEDGER_LABELS[n]) return LEDGER_LABELS[n];
  const t = n.replace(/[_-]+/g, " ").trim();
  return t ? t.charAt(0).toUpperCase() + t.slice(1) : "—";
}

/**
 * Money spent on a ledger, as a positive number (Kazoo: negative = spent); 0 for money in and
 * for a ledger whose money is not spending (payments, a rollover, adjustments).
 */
export function ledgerSpent(usage) {
  if (!CHARGE_KINDS.includes(usage && usage.kind)) return 0;
  const a = roundAmount(usage && usage.amount);
  return a < 0 ? -a : 0;
}

/**
 * A ledger's quantity in words: seconds of calls as minutes ("242 min"), other units as given
 * ("1,000 MB"); "" when the ledger has none.
 */
export function ledgerQuantity(usage, locale) {
  const q = usage && usage.quantity;
  if (typeof q !== "number" || !Number.isFinite(q) || q <= 0) return "";
  const unit = String((usage && usage.unit) || "");
  const fmt = (v, digits = 0) => formatter(locale, { maximumFractionDigits: digits }).format(v);
  if (/^(s|sec|secs|seconds?)$/i.test(unit)) return `${fmt(q / 60, q < 600 ? 1 : 0)} min`;
  return unit ? `${fmt(q, 2)} ${unit}` : fmt(q, 2);
}

/**
 * Like chargesByCategory, from ledger usage ([{ledger, kind, category?, amount}]): only money
 * spent on usage and recurring ledgers counts. A ledger whose total names its category (calls,
 * messages, data) is that category; one that does not (recurring charges, prorations) is split by
 * its entries (`entries[ledger]`, each with its category); what its entries do not cover is
 * "other", so the total is always the ledgers' total.
 */
export function chargesByCategoryFromLedgers(usages, entries = {}) {
  const charges = [];
  for (const u of usages || []) {
    let left = toUnits(ledgerSpent(u));
    if (left <= 0) continue;
    if (u.category) {
      charges.push({ id: categorize(u), units: left });
      continue;
    }
    for (const e of Object.hasOwn(entries, u.ledger) ? entries[u.ledger] : []) {
      const spent = Math.min(toUnits(ledgerSpent(e)), left);
      if (spent <= 0) continue;
      charges.push({ id: categorize(e), units: spent });
      left -= spent;
    }
    if (left > 0) charges.push({ id: "other", units: left });
  }
  return categoryTotals(charges);
}

/** The ledgers whose categories are in their entries: money spent, no category of their own. */
export function ledgersToSplit(usages) {
  return (usages || []).filter((u) => ledgerSpent(u) > 0 && !u.category);
}

/**
 * Chart buckets from ledger usage per month: `months` is [{ key: "YYYY-MM", usages }], oldest
 * first; returns the same shape as monthBuckets (a rollover, payments and adjustments left out).
 */
export function monthBucketsFromLedgers(months) {
  return months.map(({ key, usages }) => {
    const b = { recurring: 0, usage: 0 };
    for (const u of usages || []) if (ledgerSpent(u) > 0) b[u.kind] += toUnits(ledgerSpent(u));
    return bucket(key, b);
  });
}

/** Whether rows hold any charge (Kazoo 4.3+ /transactions holds only payments and refunds). */
export function hasCharges(txs) {
  return (txs || []).some((tx) => isCharge(tx));
}

// ---------------------------------------------------------------------------------------------
// Monthly charges (billingSummary)

/** The items the account pays for: billable quantity above zero, as returned (every invoice flattened). */
export function billableItems(summary) {
  return ((summary && summary.items) || []).filter((it) => typeof it.billable === "number" ? it.billable > 0 : it.quantity > 0);
}

/** Bookkeepers that charge a card (Kazoo's braintree) rather than the account's ledgers ("default"). */
const CARD_BOOKKEEPERS = Object.freeze(["braintree"]);

/** Whether the monthly charges are billed to a card (the summary's `bookkeeper`). */
export function billedToCard(summary) {
  return CARD_BOOKKEEPERS.includes(summary && summary.bookkeeper);
}
