// The Kazoo 5.x dataset (the demo account): what Audian runs. Seeded and deterministic like data.mjs.
//
// Where the money is on 5.x:
// - /transactions lists payments only: card payments, automatic top-ups, a refund (negative), one
//   failed and one pending payment. No type, reason or code.
// - Usage and recurring charges are ledger entries (/ledgers/{ledger}), amounts negative for money
//   spent: `per-minute-voip` (calls, seconds), `mobile_data` (MB) and `recurring` (the items of
//   /services/summary, charged on the 1st of each month).
// - The balance (/ledgers/total) = opening balance + completed payments + every ledger entry, all in
//   Kazoo's integer units of $0.0001. The opening balance (what the account held before the first
//   row) is chosen so that the balance is always BALANCE_UNITS, whatever the clock.

import { kazooDollars, toGregorian } from './envelope.mjs';
import { ACCOUNTS, DAY, prng, utc, calendar, modb, newestFirst, weekdays } from './common.mjs';

export const BALANCE_UNITS = 1374600; // $137.46
export const LEDGERS = ['per-minute-voip', 'mobile_data', 'recurring'];

const RESELLER_ID = '1a2b3c4d5e6f708192a3b4c5d6e7f809';
const SUB_ACCOUNT = { id: '6f1e2d3c4b5a69788796a5b4c3d2e1f0', name: 'Northwind – Oakland Clinic' };

// Plan documents as Kazoo 5.x's invoices carry them (`plan.<category>.<item>`).
const PLANS = [
  {
    id: 'audian_business_voice', name: 'Audian Business Voice', description: 'Hosted PBX for multi-site practices', category: 'Base Plan',
    plan: {
      phone_numbers: {
        did_us: { name: 'US DID Phone Number', rate: 1, cascade: true },
        tollfree_us: { name: 'US Tollfree Phone Number', rate: 4.99, cascade: true },
      },
      number_services: { e911: { name: 'E911 Service', rate: 1.5, cascade: true } },
      users: { _all: { as: 'user', name: 'User', rate: 14.95, minimum: 5, cascade: true, discounts: { single: { rate: 14.95 } } } },
      devices: { sip_device: { name: 'SIP Device', rate: 2, discounts: { cumulative: { maximum: 4 } } } },
      limits: {
        twoway_trunks: { name: 'Two-Way Trunk', rate: 24.99, cascade: false },
        inbound_trunks: { name: 'Inbound Trunk', rate: 6.99, cascade: false },
      },
    },
  },
  {
    id: 'audian_productivity', name: 'Productivity Add-ons', description: 'Voicemail transcription and conferencing', category: 'Add-ons',
    plan: {
      voicemails: { mailbox: { name: 'Voicemail Transcription', rate: 1.99 } },
      conferences: { conference: { name: 'Conference Bridge', rate: 14.99 } },
      faxes: { mailbox: { name: 'Fax Mailbox', rate: 4.99 } },
    },
  },
];

/** Offered but not assigned: /services/available lists it, /services/summary does not. */
const OFFERED_ONLY = { id: 'audian_call_center', name: 'Call Center Seats', description: 'Queues, wallboards and call recording', category: 'Add-ons' };

const QUANTITIES = {
  phone_numbers: { did_us: 12, tollfree_us: 1 },
  number_services: { e911: 12 },
  users: { user: 8, admin: 1 },
  devices: { sip_device: 10 },
  limits: { twoway_trunks: 2, inbound_trunks: 0 },
  voicemails: { mailbox: 5 },
  conferences: { conference: 1 },
  faxes: { mailbox: 0 },
};

const cents = (dollars) => Math.round(dollars * 100);

/**
 * One invoice item as Kazoo 5.x prints it. billable = quantity, or the minimum when more; a single
 * discount takes one unit's rate off, a cumulative one `quantity` (at most `maximum`) units';
 * total = billable × rate − discounts.total.
 */
function invoiceItem(category, key, spec) {
  const item = spec.as ?? key;
  const quantity = key === '_all'
    ? Object.values(QUANTITIES[category] ?? {}).reduce((sum, n) => sum + n, 0)
    : QUANTITIES[category]?.[key] ?? 0;
  const billable = Math.max(quantity, spec.minimum ?? 0);
  const rate = cents(spec.rate);
  const single = spec.discounts?.single && billable >= 1 ? cents(spec.discounts.single.rate ?? spec.rate) : 0;
  const cumulativeQuantity = spec.discounts?.cumulative ? Math.min(spec.discounts.cumulative.maximum, billable) : 0;
  const cumulativeRate = cumulativeQuantity ? cents(spec.discounts.cumulative.rate ?? spec.rate) : 0;
  const discount = single + cumulativeQuantity * cumulativeRate;
  return {
    category, item, name: spec.name, quantity, billable, rate: rate / 100,
    discounts: discount ? {
      total: discount / 100,
      single: single ? { rate: single / 100 } : undefined,
      cumulative: cumulativeQuantity ? { rate: cumulativeRate / 100, quantity: cumulativeQuantity } : undefined,
    } : undefined,
    minimum: spec.minimum,
    total: (billable * rate - discount) / 100,
  };
}

function invoice(rng, { plan }) {
  const items = Object.entries(plan).flatMap(([category, entries]) =>
    Object.entries(entries).map(([key, spec]) => invoiceItem(category, key, spec)));
  const recurring = items.reduce((sum, item) => sum + cents(item.total), 0) / 100;
  return {
    items, activation_charges: [], taxes: [], summary: { today: 0, recurring }, plan,
    bookkeeper: { id: rng.hex(32), vendor_id: RESELLER_ID, type: 'braintree' },
  };
}

/** /services/summary: invoices → items; the next bill on the 1st of next month (Kazoo's rule). */
function servicesSummary(rng, nowSec) {
  const [y, m] = calendar(nowSec);
  return {
    plans: Object.fromEntries(PLANS.map(({ id }) => [id, { vendor_id: RESELLER_ID, overrides: {} }])),
    overrides: {},
    invoices: PLANS.map((plan) => invoice(rng, plan)),
    quantities: { account: QUANTITIES, cascade: {}, manual: {} },
    reseller: { id: RESELLER_ID, is_reseller: false },
    ratedeck: {},
    billing_cycle: { next: toGregorian(utc(y, m + 1, 1)), period: 1, unit: 'month' },
  };
}

// ---------------------------------------------------------------- ledger entries

function ledgerEntry(rng, at, { service, sourceId, account, usage, units, description }) {
  return {
    at,
    units: -units,
    doc: {
      source: { service, id: sourceId ?? rng.hex(32) },
      account,
      usage,
      amount: kazooDollars(-units),
      description,
      period: { start: toGregorian(at) },
      id: rng.hex(32),
    },
  };
}

const CALL_RATES = [
  { description: 'US California', perMinute: 125, weight: 5 },
  { description: 'US New York', perMinute: 125, weight: 2 },
  { description: 'US Texas', perMinute: 125, weight: 2 },
  { description: 'US Toll-Free Inbound', perMinute: 290, weight: 2 },
  { description: 'Canada Ontario', perMinute: 190, weight: 1 },
];
const WEIGHTED_RATES = CALL_RATES.flatMap((rate) => Array(rate.weight).fill(rate));

function callEntry(rng, at, main) {
  const rate = rng.pick(WEIGHTED_RATES);
  const seconds = rng.int(20, 45 * 60);
  return ledgerEntry(rng, at, {
    service: 'per-minute-voip',
    sourceId: `${rng.hex(16)}@10.26.0.12`,
    account: rng.chance(0.1) ? SUB_ACCOUNT : main,
    usage: { type: 'voice', quantity: seconds, unit: 'sec' },
    units: Math.round((seconds * rate.perMinute) / 60),
    description: rate.description,
  });
}

function dataEntry(rng, at, main) {
  const megabytes = rng.int(300, 1500);
  return ledgerEntry(rng, at, {
    service: 'mobile_data', account: main,
    usage: { type: 'debit', quantity: megabytes, unit: 'MB' },
    units: megabytes * 105, // $0.0105 per MB
    description: 'Mobile data: 4 handsets',
  });
}

/** One entry per billable item of the summary, on the 1st of the month. */
function recurringEntries(rng, at, main, summary) {
  const billable = summary.invoices.flatMap((inv) => inv.items).filter((item) => item.billable > 0 && item.total > 0);
  return billable.map((item, i) => ledgerEntry(rng, at + i, {
    service: 'recurring', sourceId: `${item.category}/${item.item}`, account: main,
    usage: { quantity: item.billable },
    units: cents(item.total) * 100,
    description: `${item.name} × ${item.billable}`,
  }));
}

// ---------------------------------------------------------------- payments

const EXECUTORS = {
  card: { trigger: 'crossbar', module: 'cb_transactions' },
  topup: { trigger: 'automatic', module: 'kz_services_topup' },
  manual: { trigger: 'manual', module: 'cb_transactions' },
};

function payment(rng, at, { units, description, status = 'completed', executor, metadata = {}, bookkeeper }) {
  return {
    at,
    units,
    status,
    doc: {
      id: `${modb(at)}-${rng.hex(32)}`,
      amount: kazooDollars(units),
      status,
      executor: EXECUTORS[executor],
      description,
      metadata,
      bookkeeper,
      created: toGregorian(at),
    },
  };
}

const CARD = { description: 'Payment – Visa ending 4242', executor: 'card', metadata: { card_type: 'Visa', card_last_four: '4242' } };
const TOPUP = { units: 250000, description: 'Automatic top-up', executor: 'topup', metadata: { threshold: 10, amount: 25 } };

// ---------------------------------------------------------------- the dataset

export function kazoo5Dataset(nowSec) {
  const id = ACCOUNTS.demo;
  const rng = prng(id);
  const [y, m, d] = calendar(nowSec);
  const start = utc(y, m - 9, d);
  const today = utc(y, m, d);
  const inWindow = (row) => row.at >= start && row.at <= nowSec;
  const main = { id, name: 'Northwind Dental Group' };
  const summary = servicesSummary(rng, nowSec);
  const recurringCents = summary.invoices.reduce((sum, inv) => sum + cents(inv.summary.recurring), 0);

  const entries = [];
  const payments = [];
  for (let k = -9; k <= 0; k++) {
    entries.push(...recurringEntries(rng, utc(y, m + k, 1, 0, 5, 0), main, summary));
    // The bill, paid by card on the 3rd: rounded up to $10, plus some for usage.
    const units = (Math.ceil(recurringCents / 1000) + rng.int(3, 8)) * 100000;
    payments.push(payment(rng, utc(y, m + k, 3, 16, 20, 0), { ...CARD, units }));
  }
  for (const day of weekdays(start, nowSec)) {
    const calls = rng.int(2, 7);
    for (let i = 0; i < calls; i++) entries.push(callEntry(rng, day + rng.int(13 * 3600, 23 * 3600), main));
    if (new Date(day * 1000).getUTCDay() === 1) entries.push(dataEntry(rng, day + 6 * 3600, main));
  }
  for (const day of [40, 95, 160, 215]) {
    const { description, ...topup } = TOPUP;
    payments.push(payment(rng, start + day * DAY + 9 * 3600, { ...topup, description: day === 95 ? undefined : description }));
  }
  // Recent ones, so the default 30-day window shows each kind.
  payments.push(
    payment(rng, today - 12 * DAY + 7 * 3600, {
      ...TOPUP, status: 'failed',
      bookkeeper: { status: 'processor_declined', reason: '2001', message: 'Insufficient Funds' },
    }),
    payment(rng, today - 11 * DAY + 7 * 3600, TOPUP),
    payment(rng, today - 6 * DAY + 10 * 3600, { units: -100000, description: 'Refund – duplicate payment', executor: 'manual', metadata: { reason: 'duplicate' } }),
    payment(rng, today - 2 * DAY + 15 * 3600, { ...CARD, units: 500000, status: 'pending' }),
  );

  const served = payments.filter(inWindow).sort(newestFirst);
  const ledgers = Object.fromEntries(LEDGERS.map((name) => [name, []]));
  for (const entry of entries.filter(inWindow).sort(newestFirst)) ledgers[entry.doc.source.service].push(entry);
  const paid = served.filter((row) => row.status === 'completed').reduce((sum, row) => sum + row.units, 0);
  const spent = entries.filter(inWindow).reduce((sum, row) => sum + row.units, 0);
  const created = utc(y, m - 14, 17, 15, 42, 7);

  return {
    dialect: 'kazoo5',
    forms: 'kazoo',
    account: {
      id, name: main.name, realm: 'northwind-dental.sip.audian.com',
      enabled: true, created: toGregorian(created), timezone: 'America/Los_Angeles', billing_mode: 'manual',
      language: 'en-us', is_reseller: false, reseller_id: RESELLER_ID,
      superduper_admin: false, wnm_allow_additions: false, descendants_count: 1,
    },
    transactions: served,
    ledgers,
    openingBalance: kazooDollars(BALANCE_UNITS - paid - spent),
    balance: { route: 'ledgers/total', doc: { amount: kazooDollars(BALANCE_UNITS) } },
    plans: [...PLANS.map(({ id: planId, name, description, category }) => ({ id: planId, name, description, category })), OFFERED_ONLY],
    summary,
  };
}
