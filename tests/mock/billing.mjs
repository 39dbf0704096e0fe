// Managing billing (README.md, "Managing billing"): adding credit, the billing settings in the
// account document, and the card on file, per dialect, as Kazoo's source defines them:
//
//   kazoo5   POST  /v2/accounts/{id}/services/topup    {data: {amount}}  cb_services.erl, kz_services_topup.erl
//   kazoo42  PUT   /v2/accounts/{id}/braintree/credits  {data: {amount}}  cb_braintree.erl (4.2)
//   audian   PUT   /v2/accounts/{id}/braintree/credits  (Audian's balance page)
//   all      PATCH /v2/accounts/{id}                    {data: {...}}     cb_accounts.erl, crossbar_doc:patch_the_doc
//   all      GET   /v2/accounts/{id}/braintree/customer                    cb_braintree.erl
//
// A route a dialect lacks is 404, before anything happens (Crossbar has no such resource).
// Scenario accounts `billing-<scenario>-<dialect>[-<nonce>]` each get a fresh copy of the dialect's
// base account (demo, kazoo42, tidy), so one test's top-ups never show in another's:
//
//   ok          a Visa •4242 on file; top-ups succeed
//   declined    the card is declined: Kazoo 5 answers 500 with the failed transaction, 4.2 and
//               Audian 400 `braintree api error`; a failed payment row is listed, no money in
//   expired     the only card expired (and is declined as expired)
//   nobraintree the install has no Braintree: /braintree/* is 404; on Kazoo 5 a top-up books
//               the credit without a transaction (kz_services_topup: `invalid_bookkeeper`)
//   drop        the top-up is carried out, then the connection is cut in the middle of the reply
//   busy        the first top-up is turned away with 503 (Retry-After: 0) before anything happens
//   refused     a sub-account of a reseller that is not the master: 403 (cb_braintree 4.2),
//               "Please contact your phone provider to add credit."

import { ACCOUNTS, calendar, modb, newestFirst, prng } from './common.mjs';
import { readBody } from './auth.mjs';
import { kazooDollars, tidyDollars, toGregorian, rfc3339, errorReply, jsonReply, successEnvelope, validationData, Raw } from './envelope.mjs';

const SCENARIOS = new Set(['ok', 'declined', 'expired', 'nobraintree', 'drop', 'refused', 'busy']);
const BASES = { kazoo5: ACCOUNTS.demo, kazoo42: ACCOUNTS.kazoo42, audian: ACCOUNTS.tidy };
const DECLINE = { reason: 'processor_declined', message: 'Insufficient Funds' };

/** `billing-<scenario>-<dialect>[-<nonce>]` → {scenario, base}; null for other ids. */
export function parseBillingAccount(accountId) {
  const match = /^billing-([a-z]+)-(kazoo5|kazoo42|audian)(?:-.+)?$/.exec(accountId ?? '');
  return match && SCENARIOS.has(match[1]) ? { scenario: match[1], base: BASES[match[2]] } : null;
}

/** A scenario account's own dataset: a copy of its base account's, under its own id. */
export function billingDataset(accountId, build) {
  const parsed = parseBillingAccount(accountId);
  if (!parsed) return undefined;
  const set = build().get(parsed.base);
  set.account = { ...set.account, id: accountId };
  set.billing = initialState(set, parsed.scenario);
  return set;
}

/** Each dataset's billing state, made on first use: settings Monster shows, one card. */
function state(set) {
  set.billing ??= initialState(set, 'ok');
  return set.billing;
}

function initialState(set, scenario) {
  const [y] = calendar(Math.floor(Date.now() / 1000));
  const expired = scenario === 'expired';
  return {
    scenario,
    // The demo account recharges $25 below $10, as its automatic top-ups say (kazoo5.mjs).
    topup: set.dialect === 'kazoo5' ? { threshold: 10, amount: 25 } : undefined,
    notifications: { low_balance: { enabled: true, threshold: 5, sent_low_balance: false } },
    card: {
      id: 'tok_4242', card_type: 'Visa', last_four: expired ? '0069' : '4242', bin: '411111',
      expiration_month: expired ? '03' : '04', expiration_year: String(expired ? y - 1 : y + 2),
      expired, default: true, cardholder_name: 'Dana Whitfield',
      created_at: '2025-01-22T21:20:00Z', updated_at: '2025-01-22T21:20:00Z',
    },
  };
}

/** The account document as served: the dataset's, with the billing settings merged in. */
export function accountDoc(set) {
  const { topup, notifications } = state(set);
  return { ...set.account, ...(topup && { topup }), notifications };
}

/** Whether this request is one of the writes or reads this module answers. */
export function ownsRoute(ctx, method) {
  return (ctx.route === 'account' && method === 'PATCH')
    || (ctx.route === 'services/topup' && method === 'POST')
    || (ctx.route === 'braintree/credits' && method === 'PUT')
    || (ctx.route === 'braintree/customer' && method === 'GET');
}

/**
 * The reply to a route `ownsRoute` accepted; `drop()` destroys the connection instead of
 * replying (the `drop` scenario). Must be called before any await: it starts reading the body.
 */
export async function billingReply(ctx, req, set, drop) {
  const text = req.method === 'GET' ? '' : await readBody(req);
  const s = state(set);
  const dialect = set.dialect;
  const notFound = () => errorReply(ctx, 404, { name: 'not_found', detail: `no such resource: ${ctx.path}` });
  const hasBraintree = s.scenario !== 'nobraintree';

  if (req.method === 'GET') return hasBraintree ? ok(ctx, customer(set, s)) : notFound();

  let body;
  try {
    body = JSON.parse(text ?? '');
  } catch {
    return errorReply(ctx, 400, { name: 'invalid request', detail: 'the body is not JSON' });
  }
  const data = body?.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return errorReply(ctx, 400, { name: 'validation error', data: validationData('data', 'type', 'Value is not of type object') });
  }
  if (req.method === 'PATCH') return patch(ctx, set, s, data);

  // Adding credit: only Kazoo 5 has /services/topup; only 4.2 and Audian's page /braintree/credits.
  const topup = ctx.route === 'services/topup';
  if (topup !== (dialect === 'kazoo5') || (!topup && !hasBraintree)) return notFound();
  const amount = typeof data.amount === 'number' ? data.amount : 0;
  if (!(amount > 0)) {
    return errorReply(ctx, 400, { name: 'validation error', data: validationData('amount', 'required', 'Field is required but missing') });
  }
  if (s.scenario === 'busy' && !s.turnedAway) {
    s.turnedAway = true;
    return errorReply(ctx, 503, { headers: { 'retry-after': '0' } });
  }
  if (s.scenario === 'refused') {
    return errorReply(ctx, 403, { name: 'forbidden', data: { message: 'Please contact your phone provider to add credit.', cause: 'reseller' } });
  }
  const units = Math.round(amount * 10000);
  const declined = s.scenario === 'declined' || s.scenario === 'expired';
  const row = payment(set, ctx, units, declined);
  set.transactions.unshift(row);
  set.transactions.sort(newestFirst);
  if (declined) return decline(ctx, dialect, row, s);
  addToBalance(set, units);
  if (s.scenario === 'drop') return drop();
  if (!topup) return ok(ctx, dialect === 'audian' ? row.doc : { description: row.doc.description, order_id: row.doc.id.slice(-16) });
  const ledger = { id: `${modb(ctx.nowSec)}-${prng(row.doc.id).hex(32)}`, amount: kazooDollars(units), description: 'Manual top-up', source: { service: 'payments', id: row.doc.id } };
  return ok(ctx, hasBraintree ? { transaction: { ...row.doc, created: undefined }, ledger } : { ledger });
}

const ok = (ctx, data) => jsonReply(200, successEnvelope({ data, requestId: ctx.requestId, now: ctx.now, version: ctx.version }));

/** PATCH: the body merged into the document; a `null` member removes the key (kz_json:merge_left). */
function patch(ctx, set, s, data) {
  const merged = mergeLeft(data, { topup: s.topup, notifications: s.notifications });
  for (const [path, value] of [['topup.threshold', merged.topup?.threshold], ['topup.amount', merged.topup?.amount],
    ['notifications.low_balance.threshold', merged.notifications?.low_balance?.threshold]]) {
    if (value !== undefined && typeof value !== 'number') {
      return errorReply(ctx, 400, { name: 'validation error', data: validationData(path, 'type', 'Value is not of type number', value) });
    }
  }
  s.topup = merged.topup && Object.keys(merged.topup).length > 0 ? merged.topup : undefined;
  s.notifications = merged.notifications ?? {};
  return ok(ctx, accountDoc(set));
}

function mergeLeft(left, right) {
  const out = { ...right };
  for (const [key, value] of Object.entries(left)) {
    if (value === null) delete out[key];
    else if (typeof value === 'object' && !Array.isArray(value) && typeof right?.[key] === 'object' && right[key] !== null) {
      out[key] = mergeLeft(value, right[key]);
    } else out[key] = value;
  }
  return out;
}

/** The payment row `/transactions` lists from now on, in the dialect's form. */
function payment(set, ctx, units, declined) {
  const at = ctx.nowSec;
  const rng = prng(`${set.account.id}:${set.transactions.length}`);
  const status = declined ? 'failed' : 'completed';
  if (set.dialect === 'kazoo5') {
    const results = declined ? { status: 'error', ...DECLINE } : { status: 'success' };
    return {
      at, units, status,
      doc: {
        id: `${modb(at)}-${rng.hex(32)}`, amount: kazooDollars(units), status, description: 'Manual top-up',
        executor: { trigger: 'manual', module: 'kz_services_topup' },
        bookkeeper: { type: 'braintree', vendor_id: 'reseller', results }, metadata: { automatic_description: true },
        created: toGregorian(at),
      },
    };
  }
  if (set.dialect === 'kazoo42') {
    return {
      at,
      doc: {
        description: 'Payment – Visa ending 4242', id: `${modb(at)}-${rng.hex(32)}`, amount: kazooDollars(units),
        reason: 'manual_addition', type: 'credit', created: toGregorian(at), version: 2, code: 3001, status,
        metadata: { bookkeeper: 'braintree', card_last_four: '4242' },
      },
    };
  }
  return { at, doc: { id: `txn_${rng.base36(12)}`, amount: tidyDollars(units / 100), description: 'Card payment', created: rfc3339(at), type: 'credit', status } };
}

function decline(ctx, dialect, row, s) {
  const message = s.scenario === 'expired' ? 'Expired Card' : DECLINE.message;
  if (dialect === 'kazoo5') {
    // crossbar_services:transaction_to_error/3: the bookkeeper's reason as the error's message.
    const data = { ...row.doc, created: undefined, bookkeeper: { ...row.doc.bookkeeper, results: { status: 'error', reason: DECLINE.reason, message } } };
    return errorReply(ctx, 500, { name: DECLINE.reason, data });
  }
  return errorReply(ctx, 400, { name: 'braintree api error', data: { api_error: { errors: [], verification: {}, message } } });
}

function addToBalance(set, units) {
  const doc = set.balance.doc;
  const key = 'balance' in doc ? 'balance' : 'amount';
  const now = Number(doc[key] instanceof Raw ? doc[key].text : doc[key]);
  const total = Math.round(now * 10000) + units;
  doc[key] = set.forms === 'tidy' ? tidyDollars(total / 100) : kazooDollars(total);
}

/** braintree_customer:record_to_json: the cards with Braintree's duplicate created_at/updated_at. */
function customer(set, s) {
  const card = `{"id":"${s.card.id}","bin":"${s.card.bin}","cardholder_name":"${s.card.cardholder_name}","card_type":"${s.card.card_type}",`
    + `"created_at":"${s.card.created_at}","updated_at":"${s.card.updated_at}","default":${s.card.default},`
    + `"expiration_date":"${s.card.expiration_month}/${s.card.expiration_year}","expiration_month":"${s.card.expiration_month}",`
    + `"expiration_year":"${s.card.expiration_year}","expired":${s.card.expired},"last_four":"${s.card.last_four}",`
    + `"customer_id":"${set.account.id}","created_at":"${s.card.created_at}","updated_at":"${s.card.updated_at}"}`;
  return { id: set.account.id, first_name: 'Dana', last_name: 'Whitfield', company: set.account.name, credit_cards: [new Raw(card)], addresses: [] };
}
