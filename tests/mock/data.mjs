// Seeded, deterministic datasets: the same `now` always yields the same accounts and rows.
//
// Three dialects are served, one per account (README.md, "Accounts"):
// - `audian`: the tidy forms of Audian's public docs (tidy, suspended, empty, eur, hostile, fault-*);
// - `kazoo42`: Kazoo 4.2 (Gregorian-second dates, float-noise amounts, `YYYYMM-<hex>` ids, ledger-style
//   rows with reason and code, some without `type` or `description`, balance at
//   /transactions/current_balance);
// - `kazoo5`: Kazoo 5.x, the demo account, built in kazoo5.mjs.

import { kazooDollars, tidyDollars, toGregorian, rfc3339 } from './envelope.mjs';
import { ACCOUNTS, VERSIONS, DAY, prng, utc, calendar, modb, newestFirst, phone, weekdays } from './common.mjs';
import { kazoo5Dataset, delinquentDataset, cardDataset } from './kazoo5.mjs';

export { ACCOUNTS, VERSIONS };

// Kazoo ≤ 4.2 service plan documents (`plan.<category>.<item>`), shared by every account.
const BUSINESS_PLAN = {
  phone_numbers: {
    did_us: { name: 'US DID', rate: 1.0, activation_charge: 0 },
    tollfree_us: { name: 'US Toll-free', rate: 4.99, activation_charge: 2.0 },
    e911: { name: 'E911 service', rate: 1.5 },
  },
  users: { _all: { name: 'User', rate: 14.95, minimum: 5 } },
  devices: { _all: { name: 'Device', rate: 2.0 } },
  limits: { twoway_trunks: { name: 'Two-way trunk', rate: 24.99 } },
  number_services: {
    port: { name: 'Number port-in', activation_charge: 10.0 },
    e911: { name: 'E911 activation', activation_charge: 5.0 },
  },
};

const ADDON_PLAN = {
  ui_apps: { voicemail_transcription: { name: 'Voicemail transcription', rate: 9.95 } },
  conferencing: { _all: { name: 'Conference bridge', rate: 14.99 } },
};

const QUANTITIES = {
  phone_numbers: { did_us: 12, tollfree_us: 1, e911: 12 },
  users: { _all: 18 },
  devices: { _all: 24 },
  limits: { twoway_trunks: 4 },
  number_services: { port: 0, e911: 12 },
  ui_apps: { voicemail_transcription: 1 },
  conferencing: { _all: 1 },
};

// Discounts the reseller grants (Kazoo <= 4.2 item fields): the first user free, four devices free.
const DISCOUNTS = {
  users: { _all: { single_discount: true, single_discount_rate: 14.95 } },
  devices: { _all: { cumulative_discount: 4, cumulative_discount_rate: 2.0 } },
};

/**
 * `items.<category>.<item>` as Kazoo <= 4.2's /service_plans/current lists them: no total; a month
 * costs `rate × quantity − single_discount_rate (when single_discount) − cumulative_discount ×
 * cumulative_discount_rate`. `rate`, `name`, `activation_charge` and `minimum` only when the plan sets them.
 */
export function serviceItems(plans, quantities, discounts = {}) {
  const items = {};
  for (const { plan } of plans) {
    for (const [category, entries] of Object.entries(plan ?? {})) {
      for (const [item, spec] of Object.entries(entries)) {
        items[category] ??= {};
        items[category][item] = {
          category, item, name: spec.name, quantity: quantities[category]?.[item] ?? 0, rate: spec.rate,
          single_discount: false, single_discount_rate: 0.0, cumulative_discount: 0, cumulative_discount_rate: 0.0,
          ...discounts[category]?.[item],
          activation_charge: spec.activation_charge, minimum: spec.minimum,
        };
      }
    }
  }
  return items;
}

// ---------------------------------------------------------------- Kazoo 4.2 (ledger-style rows)

const REASON_CODES = {
  per_minute_call: 1001, sub_account_per_minute_call: 1002, feature_activation: 2001,
  number_activation: 2003, manual_addition: 3001, admin_discretion: 3005, topup: 3006,
  database_rollup: 4000, unknown: 9999,
};

const MONTHLY_RENTALS = [
  { description: 'DID rental (12 numbers)', units: 120000, reason: 'number_activation' },
  { description: 'E911 service (12 numbers)', units: 180000, reason: 'number_activation' },
  { description: 'Toll-free number rental', units: 49900, reason: 'number_activation' },
  { description: 'Voicemail transcription', units: 99500, reason: 'feature_activation' },
  { description: 'Conference bridge', units: 149900, reason: 'feature_activation' },
];

function kazooRow(rng, at, { description, units, reason, type, metadata = {}, ...extra }) {
  const doc = {
    description,
    id: `${modb(at)}-${rng.hex(32)}`,
    amount: kazooDollars(units),
    reason,
    type,
    created: toGregorian(at),
    version: 2,
    code: REASON_CODES[reason],
    metadata,
    ...extra,
  };
  return { at, doc };
}

function usageRow(rng, at) {
  const minutes = rng.int(1, 45);
  const tollFree = rng.chance(0.15);
  const subAccount = rng.chance(0.1);
  const call = tollFree
    ? `Inbound toll-free call from ${phone(rng, rng.pick(['206', '312', '646']))} (${minutes} min)`
    : `Outbound call to ${phone(rng, rng.pick(['415', '510', '650', '408']))} (${minutes} min)`;
  const described = !rng.chance(0.05); // Kazoo omits descriptions now and then
  return kazooRow(rng, at, {
    description: described ? (subAccount ? `Oakland Clinic: ${call}` : call) : undefined,
    units: minutes * (tollFree ? 290 : 125), // $0.0125/min out, $0.029/min toll-free in
    reason: subAccount ? 'sub_account_per_minute_call' : 'per_minute_call',
    type: 'usage',
    metadata: { call_id: `${rng.hex(16)}@10.26.0.12`, direction: tollFree ? 'inbound' : 'outbound', minutes },
    ...(subAccount && { sub_account_id: '6f1e2d3c4b5a69788796a5b4c3d2e1f0', sub_account_name: 'Northwind – Oakland Clinic' }),
  });
}

// One-off rows, placed a number of days into the ~9-month window.
const DEMO_EVENTS = [
  { day: 12, description: 'monthly rollup', units: 101800, reason: 'database_rollup', type: 'credit' },
  { day: 20, description: 'Number port-in: 3 numbers', units: 300000, reason: 'number_activation', type: 'debit' },
  { day: 21, description: 'E911 activation: +1 415 555 0123', units: 50000, reason: 'number_activation', type: 'debit' },
  { day: 35, description: 'Refund: duplicate port-in fee', units: -100000, reason: 'admin_discretion' },
  { day: 60, description: 'Feature activation: call recording', units: 25000, reason: 'feature_activation', type: 'debit' },
  { day: 100, units: 12500, reason: 'unknown' },
  { day: 120, description: 'Automatic top-up', units: 500000, reason: 'topup', type: 'credit' },
  { day: 150, description: 'Number port-in: 2 numbers', units: 200000, reason: 'number_activation', type: 'debit' },
  { day: 151, description: 'E911 activation: +1 510 555 0187', units: 50000, reason: 'number_activation', type: 'debit' },
  { day: 175, description: 'Promotional credit', units: 250000, reason: 'manual_addition', type: 'credit' },
  { day: 200, units: -45000, reason: 'admin_discretion' },
  { day: 230, description: 'Courtesy credit: outage', units: 150000, reason: 'admin_discretion', type: 'credit' },
];

function kazoo42Dataset(nowSec) {
  const id = ACCOUNTS.kazoo42;
  const rng = prng(id);
  const [y, m, d] = calendar(nowSec);
  const start = utc(y, m - 9, d);
  const rows = [];
  const add = (row) => { if (row.at >= start && row.at <= nowSec) rows.push(row); };

  for (let k = -10; k <= 0; k++) {
    const billing = utc(y, m + k, 17, 0, 5, 0);
    MONTHLY_RENTALS.forEach((rental, i) => add(kazooRow(rng, billing + i, { ...rental, type: 'recurring' })));
    const failed = k === -4; // one declined card: a row that totals must skip
    add(kazooRow(rng, utc(y, m + k, 18, 16, 20, 0), {
      description: 'Payment – Visa ending 4242', units: rng.int(180, 260) * 10000,
      reason: 'manual_addition', type: 'credit',
      metadata: { bookkeeper: 'braintree', card_last_four: '4242' }, status: failed ? 'failed' : 'completed',
    }));
  }
  for (const day of weekdays(start, nowSec)) {
    const calls = rng.int(2, 7);
    for (let i = 0; i < calls; i++) add(usageRow(rng, day + rng.int(13 * 3600, 23 * 3600)));
  }
  for (const { day, ...event } of DEMO_EVENTS) add(kazooRow(rng, start + day * DAY + 14 * 3600 + 7, event));

  const created = utc(y, m - 14, 17, 15, 42, 7);
  const resellerId = '1a2b3c4d5e6f708192a3b4c5d6e7f809';
  const plans = [
    { id: '4f8b2c6e0a1d3e5f7a9b1c3d5e7f9a0b', name: 'Audian Business Voice', description: 'Hosted PBX for multi-site practices', plan: BUSINESS_PLAN },
    { id: '9e7d5c3b1a0f2e4d6c8b0a1f3e5d7c9b', name: 'Productivity add-ons', plan: ADDON_PLAN },
  ];
  const items = serviceItems(plans, QUANTITIES, DISCOUNTS);
  return {
    dialect: 'kazoo42',
    forms: 'kazoo',
    account: {
      id, name: 'Harbor Pediatrics', realm: 'harbor-pediatrics.sip.audian.com',
      enabled: true, created: toGregorian(created), timezone: 'America/Los_Angeles', billing_mode: 'manual',
      language: 'en-us', is_reseller: false, reseller_id: resellerId,
      superduper_admin: false, wnm_allow_additions: false, descendants_count: 1,
    },
    transactions: rows.sort(newestFirst),
    balance: { route: 'transactions/current_balance', doc: { balance: kazooDollars(421800) } },
    plans,
    items,
    // /service_plans/current, in the shape of Kazoo <= 4.2.
    currentServices: {
      account_quantities: QUANTITIES, cascade_quantities: {},
      plans: Object.fromEntries(plans.map((plan) => [plan.id, { account_id: resellerId }])),
      billing_id: id, reseller: false, reseller_id: resellerId, dirty: false, in_good_standing: true,
      items,
    },
  };
}

// ---------------------------------------------------------------- tidy (Audian's documented forms)

const TIDY_CHARGES = [
  { type: 'usage', description: (rng) => `Call charges: ${rng.int(5, 240)} minutes`, cents: (rng) => rng.int(6, 300) },
  { type: 'usage', description: () => 'SMS charges', cents: (rng) => rng.int(1, 90) },
  { type: 'debit', description: (rng) => `Number activation: ${phone(rng, '415')}`, cents: () => 500 },
  { type: 'debit', description: () => 'Number port-in fee', cents: () => 1000 },
  { type: 'credit', description: () => 'Payment received – thank you', cents: (rng) => rng.int(5, 20) * 1000 },
];

// Strings that break naive rendering: markup, CSV quoting, newlines, emoji, bidi overrides.
export const HOSTILE_TEXTS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '"quoted, with comma"',
  'Line one\nLine two',
  'Emoji charges 📞💸🇺🇸',
  'رسوم المكالمات ‮gnp.exe',
  '=HYPERLINK("https://example.invalid","click me")',
  "Robert'); DROP TABLE transactions;--",
];

function tidyRow(rng, at, type, description, cents) {
  return { at, doc: { id: `txn_${rng.base36(12)}`, amount: tidyDollars(cents), description, created: rfc3339(at), type } };
}

function tidyTransactions(rng, nowSec, { months, count }) {
  const [y, m] = calendar(nowSec);
  const rows = [];
  for (let k = 1 - months; k <= 0 && rows.length < count; k++) {
    // Monthly plan charge at midnight on the 1st, like the docs' `2026-02-01T00:00:00Z`.
    rows.push(tidyRow(rng, utc(y, m + k, 1), 'recurring', 'Monthly service plan: Business Voice', 4900));
  }
  const start = utc(y, m + 1 - months, 1);
  while (rows.length < count) {
    const charge = rng.pick(TIDY_CHARGES);
    rows.push(tidyRow(rng, rng.int(start, nowSec), charge.type, charge.description(rng), charge.cents(rng)));
  }
  return rows.filter((row) => row.at <= nowSec).sort(newestFirst);
}

function tidyDataset(nowSec, { id, name, enabled = true, currency = 'USD', balanceCents, months, count, planName }) {
  const rng = prng(id);
  const [y, m] = calendar(nowSec);
  const created = utc(y, m - 14, 3, 9, 30, 0);
  const plans = count === 0 ? [] : [
    { id: 'plan_business_voice', name: planName ?? 'Business Voice', description: 'Hosted PBX with unlimited US calling', plan: BUSINESS_PLAN },
    { id: 'plan_addons', name: 'Add-ons', plan: ADDON_PLAN },
  ];
  return {
    dialect: 'audian',
    forms: 'tidy',
    account: {
      id, name, realm: `${id.slice(0, 8)}.sip.audian.com`, enabled, created: rfc3339(created),
      timezone: 'America/New_York', billing_mode: 'normal', language: 'en-us',
    },
    transactions: count === 0 ? [] : tidyTransactions(rng, nowSec, { months, count }),
    balance: { route: 'balance', doc: { balance: tidyDollars(balanceCents), currency } },
    plans,
    items: serviceItems(plans, count === 0 ? {} : QUANTITIES),
  };
}

function hostileDataset(nowSec) {
  const set = tidyDataset(nowSec, {
    id: ACCOUNTS.hostile, name: 'Bad Data & Co <svg onload="window.__pwned=1">', balanceCents: 4200,
    months: 2, count: 40, planName: '<b>Gold</b> plan <img src=x onerror="window.__pwned=1">',
  });
  // The newest rows carry the hostile texts, so they show in the default 30-day window.
  HOSTILE_TEXTS.forEach((text, i) => { set.transactions[i].doc.description = text; });
  set.plans[0].description = '<script>window.__pwned=1</script>';
  return set;
}

const BUILDERS = {
  [ACCOUNTS.demo]: kazoo5Dataset,
  [ACCOUNTS.delinquent]: delinquentDataset,
  [ACCOUNTS.card]: cardDataset,
  [ACCOUNTS.kazoo42]: kazoo42Dataset,
  [ACCOUNTS.tidy]: (now) => tidyDataset(now, { id: ACCOUNTS.tidy, name: 'Audian Docs Example Co', balanceCents: 15000, months: 4, count: 120 }),
  [ACCOUNTS.suspended]: (now) => tidyDataset(now, { id: ACCOUNTS.suspended, name: 'Lapsed Clinic LLC', enabled: false, balanceCents: -1250, months: 2, count: 6 }),
  [ACCOUNTS.empty]: (now) => tidyDataset(now, { id: ACCOUNTS.empty, name: 'Empty Example Inc', balanceCents: 0, months: 1, count: 0 }),
  [ACCOUNTS.eur]: (now) => tidyDataset(now, { id: ACCOUNTS.eur, name: 'Audian Europe GmbH', currency: 'EUR', balanceCents: 8765, months: 3, count: 60 }),
  [ACCOUNTS.hostile]: hostileDataset,
};

/** All datasets for one clock reading (Unix seconds), keyed by account id. */
export function buildDatasets(nowSec) {
  return new Map(Object.entries(BUILDERS).map(([id, build]) => [id, build(nowSec)]));
}

