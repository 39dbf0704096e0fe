// The Kazoo 5.x datasets: the demo account (what Audian runs), a delinquent account and one billed
// by card. Seeded and deterministic like data.mjs.
//
// Where the money is on 5.x, booked the way Kazoo books it (docs/kazoo.md, "Conformance"):
// - /transactions lists payments only: card payments, automatic top-ups, a refund (negative), one
//   failed and one pending payment. No type, reason or code.
// - Everything else is a ledger entry (/ledgers/{ledger}), negative for money spent:
//   `per-minute-voip` (calls, seconds, with the call in `metadata` as jonny5 writes it), `im`
//   (messages), `asr` (transcriptions), `mobile_data` (MB), `recurring` (one entry per billable
//   item of /services/summary on the 1st, `metadata.item` naming the service-plan item),
//   `prorations` (an item added mid-month), `payments` (each completed payment, as the top-up
//   module books it), `adjustments` (a courtesy credit) and `rollovers` (on the 1st: last month's
//   balance carried over, negative when the month ended in deficit; this month's is −$120).
// - The balance (/ledgers/total) = opening balance + every entry but the rollovers (which restate
//   it) = this month's rollover + this month's other entries, in Kazoo's units of $0.0001. The
//   opening balance is chosen so that the balance is always BALANCE_UNITS, whatever the clock.

import { kazooDollars, toGregorian } from './envelope.mjs';
import { ACCOUNTS, DAY, prng, utc, calendar, modb, newestFirst, phone, weekdays } from './common.mjs';

export const BALANCE_UNITS = 1374600; // $137.46
export const LEDGERS = ['per-minute-voip', 'im', 'asr', 'mobile_data', 'recurring', 'prorations', 'payments', 'adjustments', 'rollovers'];
/** This month's rollover: last month ended $120 in deficit. */
export const ROLLOVER_UNITS = -1200000;

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

/** Every other service-plan category Kazoo bills, so the demo's recurring entries name each one. */
const PLATFORM_PLAN = {
  id: 'audian_platform', name: 'Audian Platform Services', description: 'Numbers, porting, apps and account services', category: 'Base Plan',
  plan: {
    number_carriers: { bandwidth: { name: 'Carrier Fee', rate: 0.25 } },
    number_services: { cnam: { name: 'Caller ID Name', rate: 0.5 } },
    port_request: { port_request: { name: 'Number Port Request', rate: 10 } },
    limits: { outbound_trunks: { name: 'Outbound Trunk', rate: 21.99 } },
    qubicle: { recipients: { name: 'Call Center Seat', rate: 19.99 } },
    account_apps: { callflows: { name: 'Call Flow App', rate: 4.99 } },
    user_apps: { voip: { name: 'Softphone App', rate: 2.99 } },
    branding: { whitelabel: { name: 'White-label Branding', rate: 9.99 } },
    ips: { dedicated: { name: 'Dedicated IP', rate: 15 } },
    billing: { invoice: { name: 'Paper Invoice', rate: 1.5 } },
    accounts: { sub_account: { name: 'Sub-account', rate: 5 } },
  },
};

/** Offered but not assigned: /services/available lists it, /services/summary does not. */
const OFFERED_ONLY = { id: 'audian_call_center', name: 'Call Center Seats', description: 'Queues, wallboards and call recording', category: 'Add-ons' };

const QUANTITIES = {
  phone_numbers: { did_us: 12, tollfree_us: 1 },
  number_services: { e911: 12, cnam: 4 },
  users: { user: 8, admin: 1 },
  devices: { sip_device: 10 },
  limits: { twoway_trunks: 2, inbound_trunks: 0, outbound_trunks: 1 },
  voicemails: { mailbox: 5 },
  conferences: { conference: 1 },
  faxes: { mailbox: 0 },
  number_carriers: { bandwidth: 12 },
  port_request: { port_request: 1 },
  qubicle: { recipients: 2 },
  account_apps: { callflows: 1 },
  user_apps: { voip: 3 },
  branding: { whitelabel: 1 },
  ips: { dedicated: 1 },
  billing: { invoice: 1 },
  accounts: { sub_account: 1 },
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

function invoice(rng, { plan }, bookkeeper) {
  const items = Object.entries(plan).flatMap(([category, entries]) =>
    Object.entries(entries).map(([key, spec]) => invoiceItem(category, key, spec)));
  const recurring = items.reduce((sum, item) => sum + cents(item.total), 0) / 100;
  return {
    items, activation_charges: [], taxes: [], summary: { today: 0, recurring }, plan,
    bookkeeper: { id: rng.hex(32), vendor_id: RESELLER_ID, type: bookkeeper },
  };
}

/**
 * /services/summary (kz_services:summary/1): the account's own plans, invoices → items, the next
 * bill on the 1st of next month, and `status` (kz_services_standing: acceptable, or not with the
 * bookkeeper's reason and message).
 */
function servicesSummary(rng, nowSec, { plans, bookkeeper, status }) {
  const [y, m] = calendar(nowSec);
  return {
    plans: Object.fromEntries(plans.map(({ id }) => [id, { vendor_id: RESELLER_ID, overrides: {} }])),
    overrides: {},
    invoices: plans.map((plan) => invoice(rng, plan, bookkeeper)),
    quantities: { account: QUANTITIES, cascade: {}, manual: {} },
    reseller: { id: RESELLER_ID, is_reseller: false },
    ratedeck: {},
    billing_cycle: { next: toGregorian(utc(y, m + 1, 1)), period: 1, unit: 'month' },
    status,
  };
}

// ---------------------------------------------------------------- ledger entries

/** A ledger entry as kz_ledger:public_json/1 shows it; `units` > 0 is money spent (a debit). */
function ledgerEntry(rng, at, { service, sourceId, account, usage, units, description, metadata = {} }) {
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
      metadata,
      ledger_type: units > 0 ? 'debit' : 'credit',
      id: `${modb(at)}-${rng.hex(32)}`,
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

const OFFICE = '+12065550100';
const REALM = 'northwind-dental.sip.audian.com';

/** A call as jonny5 books it (j5_per_minute.erl): the rate's name, the call in `metadata`. */
function callEntry(rng, at, main) {
  const rate = rng.pick(WEIGHTED_RATES);
  const seconds = rng.int(20, 45 * 60);
  const inbound = rate.description.includes('Inbound');
  const other = phone(rng, rng.pick(['415', '510', '650', '312', '416']));
  const [caller, callee] = inbound ? [other, OFFICE] : [OFFICE, other];
  return ledgerEntry(rng, at, {
    service: 'per-minute-voip',
    sourceId: `${rng.hex(16)}@10.26.0.12`,
    account: rng.chance(0.1) ? SUB_ACCOUNT : main,
    usage: { type: 'voice', quantity: seconds, unit: 'sec' },
    units: Math.round((seconds * rate.perMinute) / 60),
    description: rate.description,
    metadata: {
      to: `${callee}@${REALM}`, from: `${caller}@${REALM}`, direction: inbound ? 'inbound' : 'outbound',
      caller_id_number: caller, caller_id_name: inbound ? 'Caller' : 'Northwind Dental', callee_id_number: callee,
      resource_type: inbound ? 'offnet-origination' : 'offnet-termination',
      rate: { name: rate.description, value: rate.perMinute / 10000, increment: 60, minimum: 60, nocharge_time: 0 },
      billing_seconds: seconds,
    },
  });
}

/** A text message as kz_im_flat_rate.erl books it: one `message`, a flat rate. */
function messageEntry(rng, at, main) {
  const outbound = rng.chance(0.6);
  const other = phone(rng, rng.pick(['415', '510']));
  const [from, to] = outbound ? [OFFICE, other] : [other, OFFICE];
  const direction = outbound ? 'outbound' : 'inbound';
  return ledgerEntry(rng, at, {
    service: 'im', sourceId: rng.hex(32), account: main,
    usage: { type: 'sms', quantity: 1, unit: 'message' },
    units: 75, // $0.0075
    description: `${direction} from ${from} to ${to}`,
    metadata: { direction, from, to },
  });
}

/** A voicemail transcription as asr_flat_rate.erl books it. */
function transcriptionEntry(rng, at, main) {
  return ledgerEntry(rng, at, {
    service: 'asr', sourceId: rng.hex(32), account: main,
    usage: { type: 'asr', quantity: rng.int(5, 90), unit: 'sec' },
    units: 500, // $0.05
    description: 'Voicemail transcription',
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

/** The service-plan item an entry bills, as `metadata.item`. */
const itemOf = ({ category, item, name, quantity, billable, rate, total }) => ({ category, item, name, quantity, billable, rate, total });

/** One entry per billable item of the summary, on the 1st of the month. */
function recurringEntries(rng, at, main, summary) {
  const billable = summary.invoices.flatMap((inv) => inv.items).filter((item) => item.billable > 0 && item.total > 0);
  return billable.map((item, i) => ledgerEntry(rng, at + i, {
    service: 'recurring', sourceId: `${item.category}/${item.item}`, account: main,
    usage: { quantity: item.billable },
    units: cents(item.total) * 100,
    description: `${item.name} × ${item.billable}`,
    metadata: { item: itemOf(item) },
  }));
}

/** A user added on `day` of a 30-day month: the rest of the month of one user, prorated. */
function prorationEntry(rng, at, main, summary, day) {
  const user = summary.invoices.flatMap((inv) => inv.items).find((item) => item.category === 'users');
  const days = 30 - day + 1;
  return ledgerEntry(rng, at, {
    service: 'prorations', sourceId: 'users/user', account: main,
    usage: { quantity: 1 },
    units: Math.round((cents(user.rate) * 100 * days) / 30),
    description: `${user.name} added: ${days} of 30 days`,
    metadata: { item: { ...itemOf(user), quantity: 1, billable: 1 }, prorated_days: days },
  });
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

const CARD_PAYMENT = { description: 'Payment – Visa ending 4242', executor: 'card', metadata: { card_type: 'Visa', card_last_four: '4242' } };
const TOPUP = { units: 250000, description: 'Automatic top-up', executor: 'topup', metadata: { threshold: 10, amount: 25 } };

// ---------------------------------------------------------------- the dataset

/** A completed payment as the `payments` ledger books it (kz_services_topup.erl: a credit). */
function paymentEntry(rng, row, main) {
  return ledgerEntry(rng, row.at, {
    service: 'payments', sourceId: row.doc.id, account: main,
    units: -row.units,
    description: row.doc.description ?? 'Payment',
    metadata: { automatic_description: row.doc.description === undefined },
  });
}

/**
 * `kz_ledgers:rollover/4` on the 1st of each month: the balance the month before ended with
 * (a debit when in deficit), id `YYYYMM-ledgers_monthly_rollover`.
 */
function rolloverEntry(at, units, main) {
  const [y, m] = calendar(at);
  const id = `${y}${String(m + 1).padStart(2, '0')}`;
  return {
    at,
    units,
    doc: {
      source: { service: 'rollovers', id }, account: main, amount: kazooDollars(units),
      description: `Monthly rollover for ${id}`, period: { start: toGregorian(at) },
      metadata: { automatic_description: true }, ledger_type: units < 0 ? 'debit' : 'credit',
      executor: { trigger: 'automatic', module: 'kz_ledgers' },
      id: `${id}-ledgers_monthly_rollover`,
    },
  };
}

/** The demo account's settings; the delinquent and card accounts change some. */
const DEMO = {
  id: ACCOUNTS.demo, name: 'Northwind Dental Group', realm: 'northwind-dental.sip.audian.com',
  plans: [...PLANS, PLATFORM_PLAN], bookkeeper: 'default', status: { acceptable: true, reason: 'good standing' }, recurringInLedgers: true,
};

const DELINQUENT = {
  id: ACCOUNTS.delinquent, name: 'Bayview Orthodontics', realm: 'bayview-ortho.sip.audian.com',
  plans: PLANS.slice(0, 1), bookkeeper: 'braintree', recurringInLedgers: false,
  status: {
    acceptable: false, reason: 'bookkeeper_rejection',
    message: 'There is a billing issue with this account, please contact your sales representative.',
  },
};

// Billed by card: Braintree collects the monthly charges, so they never reach /ledgers.
const CARD = {
  id: ACCOUNTS.card, name: 'Cedar Family Practice', realm: 'cedar-family.sip.audian.com',
  plans: PLANS, bookkeeper: 'braintree', status: { acceptable: true, reason: 'good standing' }, recurringInLedgers: false,
};

export function kazoo5Dataset(nowSec, settings = DEMO) {
  const { id, name, realm, plans, bookkeeper, status, recurringInLedgers } = settings;
  const rng = prng(id);
  const [y, m, d] = calendar(nowSec);
  const start = utc(y, m - 9, d);
  const today = utc(y, m, d);
  const monthStart = utc(y, m, 1);
  const inWindow = (row) => row.at >= start && row.at <= nowSec;
  const main = { id, name };
  const summary = servicesSummary(rng, nowSec, { plans, bookkeeper, status });
  const recurringCents = summary.invoices.reduce((sum, inv) => sum + cents(inv.summary.recurring), 0);

  const entries = [];
  const payments = [];
  for (let k = -9; k <= 0; k++) {
    if (recurringInLedgers) entries.push(...recurringEntries(rng, utc(y, m + k, 1, 0, 5, 0), main, summary));
    // The bill, paid by card on the 3rd: rounded up to $10, plus some for usage.
    const units = (Math.ceil(recurringCents / 1000) + rng.int(3, 8)) * 100000;
    payments.push(payment(rng, utc(y, m + k, 3, 16, 20, 0), { ...CARD_PAYMENT, units }));
  }
  for (const day of weekdays(start, nowSec)) {
    const calls = rng.int(2, 7);
    for (let i = 0; i < calls; i++) entries.push(callEntry(rng, day + rng.int(13 * 3600, 23 * 3600), main));
    for (let i = rng.int(0, 3); i > 0; i--) entries.push(messageEntry(rng, day + rng.int(9 * 3600, 18 * 3600), main));
    if (rng.chance(0.4)) entries.push(transcriptionEntry(rng, day + rng.int(9 * 3600, 18 * 3600), main));
    if (new Date(day * 1000).getUTCDay() === 1) entries.push(dataEntry(rng, day + 6 * 3600, main));
  }
  if (recurringInLedgers) {
    for (const k of [-5, -1]) entries.push(prorationEntry(rng, utc(y, m + k, 12, 11, 0, 0), main, summary, 12));
    // A courtesy credit for an outage, booked by hand.
    entries.push(ledgerEntry(rng, Math.min(today - 4 * DAY + 10 * 3600, nowSec), {
      service: 'adjustments', account: main, units: -150000, description: 'Courtesy credit: outage on the 3rd',
    }));
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
    payment(rng, today - 2 * DAY + 15 * 3600, { ...CARD_PAYMENT, units: 500000, status: 'pending' }),
  );

  // The balance is BALANCE_UNITS now, and last month ended ROLLOVER_UNITS in deficit: a payment
  // early this month brings this month's entries to BALANCE_UNITS − ROLLOVER_UNITS.
  const completed = (list) => list.filter(inWindow).filter((row) => row.status === 'completed');
  const thisMonth = (rows) => rows.filter((row) => row.at >= monthStart && row.at <= nowSec).reduce((sum, row) => sum + row.units, 0);
  const settle = BALANCE_UNITS - ROLLOVER_UNITS - thisMonth(entries.filter(inWindow)) - thisMonth(completed(payments));
  payments.push(payment(rng, Math.min(monthStart + 1800, nowSec), { ...CARD_PAYMENT, units: settle, description: 'Payment – Visa ending 4242 (past-due balance)' }));

  const served = payments.filter(inWindow).sort(newestFirst);
  entries.push(...completed(payments).map((row) => paymentEntry(rng, row, main)));
  const booked = entries.filter(inWindow);
  const opening = BALANCE_UNITS - booked.reduce((sum, row) => sum + row.units, 0);
  // Each month in the window opens with the balance the one before ended with.
  for (let k = -8; k <= 0; k++) {
    const at = utc(y, m + k, 1, 0, 0, 10);
    if (at < start || at > nowSec) continue;
    booked.push(rolloverEntry(at, opening + booked.filter((row) => row.at < at && row.doc.source.service !== 'rollovers').reduce((sum, row) => sum + row.units, 0), main));
  }
  const ledgers = Object.fromEntries(LEDGERS.map((ledger) => [ledger, []]));
  for (const entry of booked.sort(newestFirst)) ledgers[entry.doc.source.service].push(entry);
  const created = utc(y, m - 14, 17, 15, 42, 7);

  return {
    dialect: 'kazoo5',
    forms: 'kazoo',
    account: {
      id, name, realm,
      enabled: true, created: toGregorian(created), timezone: 'America/Los_Angeles', billing_mode: 'manual',
      language: 'en-us', is_reseller: false, reseller_id: RESELLER_ID,
      superduper_admin: false, wnm_allow_additions: false, descendants_count: 1,
    },
    transactions: served,
    ledgers,
    openingBalance: kazooDollars(opening),
    balance: { route: 'ledgers/total', doc: { amount: kazooDollars(BALANCE_UNITS) } },
    plans: [...[...PLANS, PLATFORM_PLAN].map(({ id: planId, name: planName, description, category }) => ({ id: planId, name: planName, description, category })), OFFERED_ONLY],
    summary,
  };
}

/** The delinquent account: its bookkeeper refused the card, so Kazoo says it is not acceptable. */
export const delinquentDataset = (nowSec) => kazoo5Dataset(nowSec, DELINQUENT);

/** The account billed by card (Braintree): no recurring ledger entries. */
export const cardDataset = (nowSec) => kazoo5Dataset(nowSec, CARD);
