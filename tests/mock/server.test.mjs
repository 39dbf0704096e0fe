// Tests for the mock API itself: node --test tests/mock/

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMock, ACCOUNTS, DEMO_TOKEN, FAULT_MODES, CSP } from './server.mjs';
import { toGregorian } from './envelope.mjs';

const NOW = '2026-03-10T12:00:00Z';
const NOW_SEC = Date.parse(NOW) / 1000;
const DAY = 86400;
const MAX_RANGE = 2682000;
const AUTH = { 'X-Auth-Token': DEMO_TOKEN };
const HERE = path.dirname(fileURLToPath(import.meta.url));

let mock;
before(async () => { mock = await startMock({ now: NOW }); });
after(() => mock.close());

const api = (accountId, route = '', init = {}) =>
  fetch(`${mock.url}/v2/accounts/${accountId}${route && `/${route}`}`, { headers: AUTH, redirect: 'manual', ...init });
const getJson = async (...args) => {
  const res = await api(...args);
  return { res, body: await res.json() };
};
const dataset = async (id) => (await fetch(`${mock.url}/__mock/dataset/${id}`)).json();
const requestsOf = async (id) => (await fetch(`${mock.url}/__mock/requests?account=${id}`)).json();
/** A fresh fault account id per call, so request counts never leak between tests. */
let nonce = 0;
const fault = (mode) => `fault-${mode}-t${++nonce}`;

describe('envelope', () => {
  test('success envelope has the Crossbar shape, a fresh request id and CORS (no version on Audian\'s page)', async () => {
    const first = await getJson(ACCOUNTS.tidy, 'balance');
    const second = await getJson(ACCOUNTS.tidy, 'balance');
    const { res, body } = first;
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-expose-headers'), 'X-Request-Id, ETag');
    assert.match(body.request_id, /^[0-9a-f]{32}$/);
    assert.equal(res.headers.get('x-request-id'), body.request_id);
    assert.notEqual(second.body.request_id, body.request_id);
    assert.deepEqual(
      { ...body, request_id: 'x', revision: 'x' },
      { auth_token: '', data: { balance: 150, currency: 'USD' }, request_id: 'x', revision: 'x', status: 'success', timestamp: NOW, node: 'mock-node' },
    );
  });

  test('missing or wrong token: 401 invalid_credentials error envelope', async () => {
    for (const headers of [{}, { 'X-Auth-Token': 'nope' }]) {
      const { res, body } = await getJson(ACCOUNTS.tidy, 'balance', { headers });
      assert.equal(res.status, 401);
      assert.equal(body.status, 'error');
      assert.equal(body.error, '401');
      assert.equal(body.message, 'invalid_credentials');
      assert.equal(typeof body.data.message, 'string');
      assert.equal(res.headers.get('x-request-id'), body.request_id);
    }
  });

  test('unknown account: 404 bad_identifier; non-GET: 405', async () => {
    const missing = await getJson('ffffffffffffffffffffffffffffffff', 'balance');
    assert.equal(missing.res.status, 404);
    assert.equal(missing.body.message, 'bad_identifier');
    const post = await getJson(ACCOUNTS.tidy, 'transactions', { method: 'POST' });
    assert.equal(post.res.status, 405);
  });

  test('preflight answers 204 without auth, and is recorded', async () => {
    const res = await api(ACCOUNTS.eur, 'transactions', { method: 'OPTIONS', headers: { Origin: 'http://example.test' } });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-allow-methods'), 'GET, PUT, POST, PATCH, DELETE, OPTIONS');
    assert.equal(res.headers.get('access-control-allow-headers'), 'Content-Type, Accept, X-Auth-Token, If-None-Match');
    assert.equal(res.headers.get('access-control-max-age'), '600');
    const log = await requestsOf(ACCOUNTS.eur);
    assert.ok(log.some((r) => r.method === 'OPTIONS' && r.headers.origin === 'http://example.test'));
  });
});

describe('accounts', () => {
  test('Kazoo 4.2 rows: Gregorian created, float noise, balance only at /transactions/current_balance', async () => {
    const account = (await getJson(ACCOUNTS.kazoo42)).body.data;
    const created = new Date((account.created - 62167219200) * 1000);
    assert.equal(created.getUTCDate(), 17);
    assert.equal(created.getUTCMonth(), 0); // 14 months before March 2026
    assert.equal((await api(ACCOUNTS.kazoo42, 'balance')).status, 404);
    const text = await (await api(ACCOUNTS.kazoo42, 'transactions/current_balance')).text();
    assert.match(text, /"data":\{"balance":42\.179999999999999716\}/);

    const rows = (await dataset(ACCOUNTS.kazoo42)).transactions;
    assert.ok(rows.length >= 300 && rows.length <= 1500, `${rows.length} rows`);
    assert.ok(rows.every((r) => /^\d{6}-[0-9a-f]{32}$/.test(r.id) && Number.isInteger(r.created) && r.reason && r.code));
    assert.ok(rows.some((r) => r.type === undefined && r.amount < 0), 'a refund without type');
    assert.ok(rows.some((r) => r.description === undefined), 'a row without description');
    assert.ok(rows.some((r) => r.type === 'usage' && /^Outbound call to \+1 \d{3} 555 \d{4} \(\d+ min\)$/.test(r.description)));
    assert.ok(!JSON.stringify(rows).includes('currency'));
  });

  test('tidy accounts: documented forms, currency, negative balance, empty, hostile text', async () => {
    const tidy = await dataset(ACCOUNTS.tidy);
    assert.equal(tidy.transactions.length, 120);
    assert.ok(tidy.transactions.every((r) => /^txn_/.test(r.id) && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(r.created) && r.type && r.description));
    assert.deepEqual((await getJson(ACCOUNTS.eur, 'balance')).body.data, { balance: 87.65, currency: 'EUR' });
    assert.deepEqual((await getJson(ACCOUNTS.suspended, 'balance')).body.data, { balance: -12.5, currency: 'USD' });
    assert.equal((await getJson(ACCOUNTS.suspended)).body.data.enabled, false);
    assert.deepEqual((await getJson(ACCOUNTS.empty, 'transactions')).body.data, []);
    assert.deepEqual((await getJson(ACCOUNTS.empty, 'service_plans')).body.data, []);
    const hostile = (await getJson(ACCOUNTS.hostile, 'transactions')).body.data.map((r) => r.description);
    assert.ok(hostile.includes('<img src=x onerror="window.__pwned=1">'));
    assert.ok(hostile.includes('Line one\nLine two'));
    assert.match((await getJson(ACCOUNTS.hostile, 'service_plans')).body.data[0].name, /<img/);
  });

  test('service plans come in the Kazoo <= 4.2 form', async () => {
    const plans = (await getJson(ACCOUNTS.kazoo42, 'service_plans')).body.data;
    assert.equal(plans[0].plan.phone_numbers.did_us.rate, 1);
    assert.equal(plans[1].description, undefined);
    const items = (await getJson(ACCOUNTS.kazoo42, 'service_plans/current')).body.data.items;
    assert.equal(items.phone_numbers.did_us.quantity, 12);
  });

  test('the same --now yields the same data', async () => {
    const other = await startMock({ now: NOW });
    try {
      for (const id of [ACCOUNTS.demo, ACCOUNTS.kazoo42, ACCOUNTS.tidy]) {
        const theirs = await (await fetch(`${other.url}/__mock/dataset/${id}`)).text();
        const ours = await (await fetch(`${mock.url}/__mock/dataset/${id}`)).text();
        assert.equal(theirs, ours, id);
      }
    } finally {
      await other.close();
    }
  });
});

describe('transactions', () => {
  /** Walks every page of one window, returning the rows in order. */
  async function walk(accountId, from, to) {
    const rows = [];
    let key = null;
    do {
      const query = new URLSearchParams({ created_from: from, created_to: to, ...(key && { start_key: key }) });
      const { res, body } = await getJson(accountId, `transactions?${query}`);
      assert.equal(res.status, 200);
      assert.equal(body.page_size, body.data.length);
      assert.ok(body.data.length <= 50);
      assert.equal(body.start_key, key ?? undefined);
      rows.push(...body.data);
      key = body.next_start_key ?? null;
    } while (key);
    return rows;
  }

  test('pagination over 31-day windows returns every row exactly once, newest first', async () => {
    const expected = (await dataset(ACCOUNTS.kazoo42)).transactions;
    const seen = [];
    let pages = 0;
    for (let to = toGregorian(NOW_SEC); to > toGregorian(NOW_SEC) - 300 * DAY; to -= 31 * DAY) {
      const rows = await walk(ACCOUNTS.kazoo42, to - 31 * DAY + 1, to);
      pages += Math.ceil(rows.length / 50);
      seen.push(...rows);
    }
    assert.ok(pages > 10, `${pages} pages`);
    assert.equal(new Set(seen.map((r) => r.id)).size, seen.length, 'no duplicates');
    assert.deepEqual(seen.map((r) => r.id), expected.map((r) => r.id));
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1].created >= seen[i].created);
  });

  test('default range is the last 30 days', async () => {
    const rows = await walk(ACCOUNTS.kazoo42, toGregorian(NOW_SEC) - 30 * DAY, toGregorian(NOW_SEC));
    const { body } = await getJson(ACCOUNTS.kazoo42, 'transactions?page_size=1000');
    assert.deepEqual(body.data.map((r) => r.id), rows.map((r) => r.id));
    assert.equal(body.next_start_key, undefined);
  });

  test('a range over 31 days + 1 hour, or reversed, is a 400 date_range', async () => {
    const to = toGregorian(NOW_SEC);
    assert.equal((await api(ACCOUNTS.demo, `transactions?created_from=${to - MAX_RANGE}&created_to=${to}`)).status, 200);
    const { res, body } = await getJson(ACCOUNTS.demo, `transactions?created_from=${to - MAX_RANGE - 1}&created_to=${to}`);
    assert.equal(res.status, 400);
    assert.equal(body.message, 'validation error');
    assert.equal(body.data.created_from.date_range.message, 'created_to is more than 2682000 seconds from created_from');
    const reversed = await getJson(ACCOUNTS.demo, `transactions?created_from=${to}&created_to=${to - 10}`);
    assert.equal(reversed.res.status, 400);
    assert.ok(reversed.body.data.created_from.date_range);
  });

  test('bad page_size and unknown start_key are 400s', async () => {
    for (const query of ['page_size=0', 'page_size=1001', 'page_size=abc', 'start_key=garbage', 'created_from=yesterday']) {
      assert.equal((await api(ACCOUNTS.tidy, `transactions?${query}`)).status, 400, query);
    }
  });
});

// ---------------------------------------------------------------- dialects

/** Money as Kazoo's integer units of $0.0001, so sums compare exactly. */
const units = (amount) => Math.round(amount * 10000);
const sumUnits = (amounts) => amounts.reduce((sum, amount) => sum + units(amount), 0);
const inRange = (rows, from, to, time) => rows.filter((row) => time(row) >= from && time(row) <= to);
const entryTime = (entry) => entry.period.start;

/** Walks every page of a dated listing (transactions or ledger entries) in one window. */
async function walkPages(accountId, route, query, pageSize) {
  const rows = [];
  const pages = [];
  let key = null;
  do {
    const params = new URLSearchParams({ ...query, page_size: String(pageSize), ...(key && { start_key: key }) });
    const { res, body } = await getJson(accountId, `${route}?${params}`);
    assert.equal(res.status, 200, `${route}?${params}`);
    pages.push(body);
    rows.push(...body.data);
    key = body.next_start_key ?? null;
  } while (key);
  return { rows, pages };
}

const NO_SUCH_ROUTE = async (accountId, route) => {
  const { res, body } = await getJson(accountId, route);
  assert.equal(res.status, 404, `${route} should be 404`);
  assert.equal(body.message, 'not_found', route);
  return body;
};

describe("Audian's documented page (tidy, suspended, empty, eur, hostile, fault-*)", () => {
  test('no version in any envelope, success or error', async () => {
    for (const route of ['', 'balance', 'transactions', 'service_plans', 'ledgers/total']) {
      const { body } = await getJson(ACCOUNTS.tidy, route);
      assert.equal('version' in body, false, route || 'account');
    }
    assert.equal('version' in (await getJson(fault('status500'), 'balance')).body, false);
  });

  test('only the account, /balance, /transactions and /service_plans: every other route is 404 not_found', async () => {
    for (const id of [ACCOUNTS.tidy, ACCOUNTS.suspended, ACCOUNTS.empty, ACCOUNTS.eur, ACCOUNTS.hostile, fault('nocors')]) {
      for (const route of ['', 'balance', 'transactions', 'service_plans']) assert.equal((await api(id, route)).status, 200, `${id} ${route}`);
    }
    for (const route of ['ledgers', 'ledgers/total', 'ledgers/per-minute-voip', 'transactions/current_balance',
      'service_plans/current', 'services/summary', 'services/available', 'services']) {
      await NO_SUCH_ROUTE(ACCOUNTS.tidy, route);
    }
  });

  test('the dataset says which dialect', async () => {
    const set = await dataset(ACCOUNTS.eur);
    assert.deepEqual([set.dialect, set.version, set.forms, set.balanceRoute], ['audian', null, 'tidy', '/balance']);
  });
});

describe('Kazoo 4.2 (ACCOUNTS.kazoo42)', () => {
  const K42 = ACCOUNTS.kazoo42;

  test('every envelope says 4.2.38, errors included; the dataset says kazoo42', async () => {
    assert.equal((await getJson(K42, 'transactions')).body.version, '4.2.38');
    assert.equal((await getJson(K42, 'balance')).body.version, '4.2.38');
    const set = await dataset(K42);
    assert.deepEqual([set.dialect, set.version, set.balanceRoute], ['kazoo42', '4.2.38', '/transactions/current_balance']);
  });

  test('balance only at /transactions/current_balance; /ledgers/total reads "total" as a ledger: []', async () => {
    await NO_SUCH_ROUTE(K42, 'balance');
    const { body } = await getJson(K42, 'transactions/current_balance');
    assert.deepEqual(Object.keys(body.data), ['balance']);
    assert.equal(body.data.balance, (await dataset(K42)).balance);
    const total = await getJson(K42, 'ledgers/total');
    assert.equal(total.res.status, 200);
    assert.deepEqual(total.body.data, []);
    assert.equal(total.body.page_size, 0);
    const to = toGregorian(NOW_SEC);
    assert.equal((await api(K42, `ledgers/total?created_from=${to - MAX_RANGE - 1}&created_to=${to}`)).status, 400, 'same date rules');
  });

  test('ledger-style rows with type, reason and code', async () => {
    const rows = (await getJson(K42, 'transactions?page_size=1000')).body.data;
    assert.ok(rows.length > 50);
    assert.ok(rows.filter((r) => r.type).every((r) => ['debit', 'credit', 'recurring', 'usage'].includes(r.type) && r.reason && r.code));
    assert.ok(rows.some((r) => r.type === 'usage') && rows.some((r) => r.type === 'recurring'));
  });

  test('/service_plans is the catalogue; /service_plans/current is what the account pays for, in the <= 4.2 shape', async () => {
    const plans = (await getJson(K42, 'service_plans')).body.data;
    assert.deepEqual(plans, (await dataset(K42)).plans);
    const current = (await getJson(K42, 'service_plans/current')).body.data;
    assert.deepEqual(Object.keys(current), ['account_quantities', 'cascade_quantities', 'plans', 'billing_id', 'reseller', 'reseller_id', 'dirty', 'in_good_standing', 'items']);
    assert.equal(current.in_good_standing, true);
    assert.deepEqual(current, (await dataset(K42)).currentServices);
    const items = Object.values(current.items).flatMap((category) => Object.values(category));
    for (const item of items) {
      for (const key of ['category', 'item', 'quantity', 'single_discount', 'single_discount_rate', 'cumulative_discount', 'cumulative_discount_rate']) {
        assert.ok(key in item, `${item.category}.${item.item} has ${key}`);
      }
      assert.equal('total' in item, false, 'Kazoo <= 4.2 sends no total');
    }
    assert.equal(current.items.number_services.port.rate, undefined, 'no rate where the plan sets none');
    assert.equal(current.items.users._all.single_discount, true);
    assert.equal(current.items.devices._all.cumulative_discount, 4);
  });

  test('no 4.3+ routes', async () => {
    for (const route of ['services/summary', 'services/available', 'ledgers', 'ledgers/per-minute-voip/x']) await NO_SUCH_ROUTE(K42, route);
  });
});

describe('Kazoo 5.x (ACCOUNTS.demo)', () => {
  const K5 = ACCOUNTS.demo;
  const TO = toGregorian(NOW_SEC);
  const FROM = TO - 30 * DAY;

  test('every envelope says 5.4.32.6, errors included; the dataset says kazoo5', async () => {
    assert.equal((await getJson(K5, 'ledgers/total')).body.version, '5.4.32.6');
    assert.equal((await getJson(K5, 'service_plans')).body.version, '5.4.32.6');
    const set = await dataset(K5);
    assert.deepEqual([set.dialect, set.version, set.balanceRoute, set.items], ['kazoo5', '5.4.32.6', '/ledgers/total', null]);
  });

  test('404 where 5.x has no route', async () => {
    for (const route of ['balance', 'service_plans', 'service_plans/current', 'transactions/current_balance', 'ledgers/total/x']) {
      await NO_SUCH_ROUTE(K5, route);
    }
  });

  test('/transactions: payments only, in a chunked envelope whose values are all strings', async () => {
    const { rows, pages } = await walkPages(K5, 'transactions', {}, 2);
    assert.ok(pages.length >= 3, `${pages.length} pages`);
    for (const page of pages) {
      for (const [key, value] of Object.entries(page)) if (key !== 'data') assert.equal(typeof value, 'string', key);
      assert.equal(page.page_size, String(page.data.length));
    }
    // next_start_key is plain base64 (here with padding): a client must URL-encode it.
    const key = pages[0].next_start_key;
    assert.match(key, /^[A-Za-z0-9+/]+={0,2}$/);
    assert.ok(key.endsWith('='));
    assert.deepEqual(rows, inRange((await dataset(K5)).transactions, FROM, TO, (r) => r.created));
    for (const row of rows) {
      for (const absent of ['type', 'reason', 'code']) assert.equal(row[absent], undefined, `${row.id} has no ${absent}`);
      assert.match(row.id, /^\d{6}-[0-9a-f]{32}$/);
      assert.ok(Number.isInteger(row.created));
      assert.ok(['completed', 'pending', 'failed'].includes(row.status));
      assert.deepEqual(Object.keys(row.executor), ['trigger', 'module']);
      assert.ok(['automatic', 'manual', 'crossbar'].includes(row.executor.trigger));
    }
    // The default 30-day window shows each kind of payment.
    assert.ok(rows.some((r) => r.amount === 25 && r.status === 'completed' && r.executor.trigger === 'automatic'), 'a top-up');
    assert.ok(rows.some((r) => r.amount > 25 && r.status === 'completed' && /Visa/.test(r.description)), 'a card payment');
    assert.ok(rows.some((r) => r.amount === -10 && r.status === 'completed'), 'a refund of 10');
    assert.ok(rows.some((r) => r.status === 'pending'), 'a pending payment');
    const failed = rows.find((r) => r.status === 'failed');
    assert.equal(failed.bookkeeper.message, 'Insufficient Funds');
    assert.ok(rows.filter((r) => r.status !== 'failed').every((r) => r.bookkeeper === undefined));
  });

  test('/transactions keeps the paging rules: 31-day limit, bad page_size, unknown start_key', async () => {
    const { body } = await getJson(K5, `transactions?created_from=${TO - MAX_RANGE - 1}&created_to=${TO}`);
    assert.equal(body.data.created_from.date_range.message, 'created_to is more than 2682000 seconds from created_from');
    for (const query of ['page_size=0', 'start_key=garbage']) assert.equal((await api(K5, `transactions?${query}`)).status, 400, query);
  });

  test('/ledgers: per ledger, the sum of its entries in the range (4.1+ shape)', async () => {
    const { ledgers } = await dataset(K5);
    for (const [from, to] of [[FROM, TO], [TO - 31 * DAY, TO - 20 * DAY]]) {
      const { body } = await getJson(K5, `ledgers?created_from=${from}&created_to=${to}`);
      const used = Object.keys(ledgers).filter((name) => inRange(ledgers[name], from, to, entryTime).length > 0);
      assert.deepEqual(Object.keys(body.data).sort(), used.sort(), 'ledgers without entries in the range are left out');
      for (const [name, total] of Object.entries(body.data)) {
        const entries = inRange(ledgers[name], from, to, entryTime);
        assert.equal(units(total.amount), sumUnits(entries.map((e) => e.amount)), `${name} amount`);
        if (['payments', 'adjustments'].includes(name)) assert.ok(total.amount > 0, `${name}: money in is positive`);
        else if (name !== 'rollovers') assert.ok(total.amount < 0, `${name}: money spent is negative`);
        if (entries[0].usage) assert.equal(total.usage.quantity, entries.reduce((sum, e) => sum + e.usage.quantity, 0), `${name} quantity`);
        else assert.equal(total.usage, undefined, `${name} counts nothing`);
      }
      assert.deepEqual(body.data['per-minute-voip'].usage, { quantity: body.data['per-minute-voip'].usage.quantity, type: 'voice', unit: 'sec' });
      assert.deepEqual([body.data.mobile_data.usage.type, body.data.mobile_data.usage.unit], ['debit', 'MB']);
    }
    const month = (await getJson(K5, `ledgers?created_from=${FROM}&created_to=${TO}`)).body.data;
    for (const ledger of ['asr', 'im', 'mobile_data', 'payments', 'per-minute-voip', 'recurring']) assert.ok(Object.hasOwn(month, ledger), ledger);
    assert.deepEqual(Object.keys(month.recurring.usage), ['quantity']);
    const defaults = (await getJson(K5, 'ledgers')).body.data;
    assert.deepEqual(defaults, (await getJson(K5, `ledgers?created_from=${FROM}&created_to=${TO}`)).body.data, 'default: the last 30 days');
    assert.equal((await api(K5, `ledgers?created_from=${TO - MAX_RANGE - 1}&created_to=${TO}`)).status, 400);
    assert.equal((await api(K5, `ledgers?created_from=${TO}&created_to=${TO - 1}`)).status, 400);
  });

  test('/ledgers/{ledger}: entries shaped like the fixture, paged and filtered like transactions', async () => {
    const { ledgers } = await dataset(K5);
    const from = TO - 31 * DAY;
    const { rows, pages } = await walkPages(K5, 'ledgers/per-minute-voip', { created_from: from, created_to: TO }, 40);
    assert.ok(pages.length > 2, `${pages.length} pages`);
    assert.ok(pages.every((p) => typeof p.page_size === 'number' && p.page_size === p.data.length));
    assert.deepEqual(rows, inRange(ledgers['per-minute-voip'], from, TO, entryTime));
    for (const entry of rows) {
      assert.deepEqual(Object.keys(entry), ['source', 'account', 'usage', 'amount', 'description', 'period', 'metadata', 'ledger_type', 'id']);
      // jonny5's metadata: the call, the rate (j5_per_minute.erl).
      for (const key of ['to', 'from', 'direction', 'caller_id_number', 'callee_id_number', 'rate', 'billing_seconds']) assert.ok(key in entry.metadata, key);
      assert.equal(entry.ledger_type, 'debit');
      assert.equal(entry.source.service, 'per-minute-voip');
      assert.deepEqual(Object.keys(entry.usage), ['type', 'quantity', 'unit']);
      assert.ok(entry.amount < 0 && Number.isInteger(entry.usage.quantity));
    }
    assert.ok(rows.some((e) => e.account.id !== K5), 'a sub-account call');
    for (const [name, unit] of [['mobile_data', 'MB'], ['recurring', undefined], ['im', 'message'], ['asr', 'sec']]) {
      const entries = (await getJson(K5, `ledgers/${name}?page_size=1000`)).body.data;
      assert.ok(entries.length > 0, name);
      assert.ok(entries.every((e) => e.usage.unit === unit && e.amount < 0), name);
    }
    for (const name of ['no-such-ledger', 'constructor', '__proto__']) {
      assert.deepEqual((await getJson(K5, `ledgers/${name}`)).body.data, [], `${name}: a ledger without entries is an empty list`);
    }
    for (const query of ['page_size=1001', 'start_key=garbage', `created_from=${TO - MAX_RANGE - 1}&created_to=${TO}`]) {
      assert.equal((await api(K5, `ledgers/per-minute-voip?${query}`)).status, 400, query);
    }
    assert.equal((await api(K5, 'ledgers/per-minute-voip', { method: 'POST' })).status, 405);
  });

  test('/ledgers/total = opening balance + every entry but rollovers = this month\'s rollover + this month\'s entries', async () => {
    const set = await dataset(K5);
    const { body } = await getJson(K5, 'ledgers/total');
    assert.deepEqual(Object.keys(body.data), ['amount']);
    assert.equal(body.data.amount, set.balance);
    // The payments ledger books each completed payment (kz_services_topup.erl), no other.
    const paid = sumUnits(set.transactions.filter((r) => r.status === 'completed').map((r) => r.amount));
    assert.equal(sumUnits(set.ledgers.payments.map((e) => e.amount)), paid);
    const { rollovers, ...booked } = set.ledgers;
    const entries = Object.values(booked).flat();
    assert.equal(units(set.openingBalance) + sumUnits(entries.map((e) => e.amount)), units(body.data.amount));
    // Each rollover is the balance the month before ended with (kz_ledgers:rollover/4).
    const monthStart = Date.UTC(new Date(NOW).getUTCFullYear(), new Date(NOW).getUTCMonth(), 1) / 1000 + 62167219200; // Gregorian
    const current = rollovers.find((e) => entryTime(e) >= monthStart);
    assert.equal(current.amount, -120, 'last month ended $120 in deficit');
    assert.equal(current.id, `${new Date(NOW).toISOString().slice(0, 7).replace('-', '')}-ledgers_monthly_rollover`);
    assert.equal(current.ledger_type, 'debit');
    const thisMonth = entries.filter((e) => entryTime(e) >= monthStart);
    assert.equal(units(current.amount) + sumUnits(thisMonth.map((e) => e.amount)), units(body.data.amount));
    for (const rollover of rollovers) {
      const before = entries.filter((e) => entryTime(e) < entryTime(rollover));
      assert.equal(units(rollover.amount), units(set.openingBalance) + sumUnits(before.map((e) => e.amount)), rollover.id);
    }
  });

  test('recurring and proration entries name the service-plan item of every category; calls, messages, transcriptions', async () => {
    const set = await dataset(K5);
    const items = [...set.ledgers.recurring, ...set.ledgers.prorations].map((e) => e.metadata.item);
    const categories = new Set(items.map((i) => i.category));
    for (const category of ['phone_numbers', 'number_carriers', 'number_services', 'port_request', 'users', 'devices', 'limits', 'voicemails',
      'conferences', 'qubicle', 'account_apps', 'user_apps', 'branding', 'ips', 'billing', 'accounts']) {
      assert.ok(categories.has(category), category);
    }
    assert.ok(items.some((i) => i.category === 'number_services' && i.item === 'e911'));
    assert.ok(set.ledgers.prorations.length > 0 && set.ledgers.im.length > 0 && set.ledgers.asr.length > 0);
    assert.ok(set.ledgers.im.every((e) => e.usage.unit === 'message' && e.usage.quantity === 1));
    assert.deepEqual(set.summary.status, { acceptable: true, reason: 'good standing' });
    assert.ok(set.summary.invoices.every((inv) => inv.bookkeeper.type === 'default'));
  });

  test('the delinquent account is not acceptable; the card account is billed by Braintree, not the ledgers', async () => {
    const bad = await dataset(ACCOUNTS.delinquent);
    assert.equal(bad.summary.status.acceptable, false);
    assert.equal(bad.summary.status.reason, 'bookkeeper_rejection');
    const card = await dataset(ACCOUNTS.card);
    assert.ok(card.summary.invoices.every((inv) => inv.bookkeeper.type === 'braintree'));
    assert.deepEqual([card.ledgers.recurring.length, card.ledgers.prorations.length], [0, 0]);
    assert.equal(card.summary.status.acceptable, true);
  });

  test('/services/summary: invoices of items whose totals add up; recurring ledger entries charge them monthly', async () => {
    const set = await dataset(K5);
    const { body } = await getJson(K5, 'services/summary');
    assert.deepEqual(body.data, set.summary);
    const cents = (n) => Math.round(n * 100);
    for (const invoice of body.data.invoices) {
      assert.deepEqual(Object.keys(invoice), ['items', 'activation_charges', 'taxes', 'summary', 'plan', 'bookkeeper']);
      for (const item of invoice.items) {
        const discount = item.discounts?.total ?? 0;
        assert.equal(cents(item.total), item.billable * cents(item.rate) - cents(discount), `${item.category}.${item.item}`);
        assert.ok(item.billable >= item.quantity);
      }
      assert.equal(cents(invoice.summary.recurring), invoice.items.reduce((sum, item) => sum + cents(item.total), 0));
    }
    const items = body.data.invoices.flatMap((inv) => inv.items);
    assert.ok(items.some((item) => item.discounts?.single) && items.some((item) => item.discounts?.cumulative), 'both kinds of discount');
    assert.ok(items.some((item) => item.billable === 0), 'an item not billed');
    assert.equal(body.data.billing_cycle.next, toGregorian(Date.UTC(2026, 3, 1) / 1000));
    // Each month's recurring entries charge exactly the summary's recurring total.
    const monthly = cents(body.data.invoices.reduce((sum, inv) => sum + inv.summary.recurring, 0));
    const byMonth = new Map();
    for (const entry of set.ledgers.recurring) {
      const month = new Date((entry.period.start - 62167219200) * 1000).toISOString().slice(0, 7);
      byMonth.set(month, (byMonth.get(month) ?? 0) + cents(entry.amount));
    }
    assert.ok(byMonth.size >= 9);
    for (const [month, total] of byMonth) assert.equal(-total, monthly, month);
  });

  test('/services/available lists the plans offered (the shape of /service_plans)', async () => {
    const { body } = await getJson(K5, 'services/available');
    assert.equal(body.page_size, body.data.length);
    assert.deepEqual(body.data, (await dataset(K5)).plans);
    for (const plan of body.data) assert.deepEqual(Object.keys(plan), ['id', 'name', 'description', 'category']);
  });
});

describe('fault modes', () => {
  test('status<N> answers that status with the Kazoo message', async () => {
    const cases = { 401: 'invalid_credentials', 402: 'no_credit', 403: 'forbidden', 404: 'bad_identifier', 423: 'locked', 429: 'too_many_requests', 500: 'unspecified_fault', 503: 'datastore_fault' };
    for (const [status, message] of Object.entries(cases)) {
      const { res, body } = await getJson(fault(`status${status}`), 'balance');
      assert.equal(res.status, Number(status));
      assert.deepEqual([body.status, body.error, body.message], ['error', status, message]);
    }
  });

  test('fail<N>x<K> fails the first K requests per account id, across paths', async () => {
    const id = fault('fail503x2');
    const first = await api(id, 'balance');
    assert.equal(first.status, 503);
    assert.equal(first.headers.get('retry-after'), '0');
    assert.equal((await api(id, 'transactions')).status, 503);
    assert.equal((await api(id, 'balance')).status, 200);
    assert.equal((await api(fault('fail503x2'), 'balance')).status, 503, 'a new nonce starts over');
    assert.equal((await api(id, 'balance', { method: 'OPTIONS' })).status, 204, 'preflight is never faulted');
  });

  test('ra1: one 429 with Retry-After: 1, then the tidy answer', async () => {
    const id = fault('ra1');
    const first = await api(id, 'balance');
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '1');
    assert.deepEqual((await getJson(id, 'balance')).body.data, { balance: 150, currency: 'USD' });
  });

  test('radate gives an HTTP date ahead; rabig always says 3600', async () => {
    const ahead = Date.parse((await api(fault('radate'), 'balance')).headers.get('retry-after'));
    assert.ok(ahead > Date.now() && ahead <= Date.now() + 2000);
    const big = fault('rabig');
    for (let i = 0; i < 2; i++) assert.equal((await api(big, 'balance')).headers.get('retry-after'), '3600');
  });

  test('echotoken reflects the received token in both messages', async () => {
    const { res, body } = await getJson(fault('echotoken'), 'balance', { headers: { 'X-Auth-Token': 'secret-123' } });
    assert.equal(res.status, 401);
    assert.match(body.message, /secret-123/);
    assert.match(body.data.message, /secret-123/);
  });

  test('redirect sends a 302 to the redirect target, same path', async () => {
    const target = await startMock({ now: NOW });
    const source = await startMock({ now: NOW, redirectTarget: `${target.url}/__record` });
    try {
      const path = '/v2/accounts/fault-redirect/balance?x=1';
      const manual = await fetch(source.url + path, { headers: AUTH, redirect: 'manual' });
      assert.equal(manual.status, 302);
      assert.equal(manual.headers.get('location'), `${target.url}/__record${path}`);
      const followed = await fetch(source.url + path, { headers: AUTH });
      assert.deepEqual(await followed.json(), {});
      const leaked = await (await fetch(`${target.url}/__mock/requests?account=__record`)).json();
      assert.equal(leaked.length, 1);
      assert.equal(leaked[0].path, `/__record/v2/accounts/fault-redirect/balance`);
      assert.equal(leaked[0].headers['x-auth-token'], DEMO_TOKEN, 'what a redirect-following client leaks');
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  });

  // Body-level modes: [mode, route, check(text, res)]
  const BODY_CASES = [
    ['malformed', 'balance', (t) => assert.throws(() => JSON.parse(t))],
    ['html', 'balance', (t, r) => { assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8'); assert.match(t, /Bad gateway/); }],
    ['empty', 'balance', (t, r) => { assert.equal(r.status, 200); assert.equal(t, ''); }],
    ['nocontent', 'balance', (t, r) => { assert.equal(r.status, 204); assert.equal(t, ''); }],
    ['notenvelope', 'balance', (t) => assert.deepEqual(JSON.parse(t), [1, 2, 3])],
    ['statuserror', 'balance', (t, r) => { assert.equal(r.status, 200); assert.equal(JSON.parse(t).status, 'error'); }],
    ['validation400', 'balance', (t, r) => { assert.equal(r.status, 400); assert.ok(JSON.parse(t).data.page_size.maximum.message); }],
    ['datanull', 'balance', (t) => assert.equal(JSON.parse(t).data, null)],
    ['chunkedstrings', 'transactions?page_size=5', (t) => assert.equal(JSON.parse(t).page_size, '5')],
    ['nullrow', 'transactions', (t) => assert.equal(JSON.parse(t).data[1], null)],
    ['missingfield', 'transactions', (t) => assert.equal(JSON.parse(t).data[2].id, undefined)],
    ['badtype', 'transactions', (t) => assert.equal(JSON.parse(t).data[1].type, 'refund')],
    ['wrongtypes', 'transactions', (t) => assert.equal(JSON.parse(t).data[3].amount, '25.00')],
    ['wrongtypes', 'balance', (t) => assert.equal(JSON.parse(t).data.balance, '150.00')],
    ['wrongtypes', '', (t) => assert.equal(JSON.parse(t).data.enabled, 'yes')],
    ['badcurrency', 'balance', (t) => assert.equal(JSON.parse(t).data.currency, 'usd$')],
    ['hugenum', 'transactions', (t) => assert.equal(JSON.parse(t).data[0].amount, Infinity)],
    ['digits30', 'balance', (t) => assert.match(t, /"balance":123456789012345678901234567890,/)],
    ['negzero', 'balance', (t) => assert.ok(Object.is(JSON.parse(t).data.balance, -0))],
    ['nan', 'balance', (t) => assert.match(t, /"balance":NaN,/)],
    ['nooffset', 'transactions', (t) => assert.equal(JSON.parse(t).data[0].created, '2026-02-01T00:00:00')],
    ['baddate', 'transactions', (t) => assert.equal(JSON.parse(t).data[0].created, '2025-02-29T00:00:00Z')],
    ['dupkeys', 'transactions', (t) => assert.equal((t.split('},{')[0].match(/"amount":/g) ?? []).length, 2)],
    ['deepnest', 'transactions', (t) => assert.ok(t.includes('['.repeat(100000)))],
    ['bigstring', 'transactions', (t) => assert.ok(JSON.parse(t).data[0].description.length === 20 * 1024 * 1024)],
    ['bom', 'balance', (t) => assert.equal(t.charCodeAt(0), 0xfeff)],
    ['repeatkey', 'transactions?start_key=abc', (t) => assert.equal(JSON.parse(t).next_start_key, 'abc')],
    ['repeatkey', 'transactions', (t) => assert.equal(JSON.parse(t).next_start_key, 'k1')],
  ];
  for (const [mode, route, check] of BODY_CASES) {
    test(`${mode} ${route || 'account'}`, async () => {
      const res = await api(fault(mode), route);
      check(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()), res);
    });
  }

  test('badutf8 puts 0xff 0xfe inside a string', async () => {
    const bytes = Buffer.from(await (await api(fault('badutf8'), 'transactions')).arrayBuffer());
    assert.ok(bytes.includes(Buffer.from('Bad bytes: \xff\xfe"', 'latin1')));
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  });

  test('nocors drops CORS everywhere, preflight included', async () => {
    const id = fault('nocors');
    const preflight = await api(id, 'balance', { method: 'OPTIONS' });
    const res = await api(id, 'balance');
    assert.equal(res.status, 200);
    for (const r of [preflight, res]) assert.equal(r.headers.get('access-control-allow-origin'), null);
  });

  test('slowheaders and slowbody delay the reply', async () => {
    for (const mode of ['slowheaders300', 'slowbody300']) {
      const start = Date.now();
      const body = await (await api(fault(mode), 'balance')).json();
      assert.ok(Date.now() - start >= 280, mode);
      assert.equal(body.data.balance, 150);
    }
  });

  test('reset breaks the body read; truncated yields cut-off JSON', async () => {
    const reset = await api(fault('reset'), 'transactions');
    await assert.rejects(reset.text());
    const truncated = await (await api(fault('truncated'), 'transactions')).text();
    assert.ok(truncated.startsWith('{"auth_token":""'));
    assert.throws(() => JSON.parse(truncated));
  });

  test('unknown modes are unknown accounts, and every listed mode parses', async () => {
    assert.equal((await api('fault-bogus', 'balance')).status, 404);
    assert.equal((await api('fault-status200', 'balance')).status, 404);
    const accounts = await (await fetch(`${mock.url}/__mock/accounts`)).json();
    assert.deepEqual(accounts.faultModes, FAULT_MODES);
  });
});

describe('introspection', () => {
  test('the request log records method, path, query and lower-cased headers; DELETE clears it', async () => {
    await api(ACCOUNTS.tidy, 'transactions?page_size=7', { headers: { ...AUTH, Accept: 'application/json' } });
    const entry = (await requestsOf(ACCOUNTS.tidy)).at(-1);
    assert.equal(entry.method, 'GET');
    assert.equal(entry.path, `/v2/accounts/${ACCOUNTS.tidy}/transactions`);
    assert.deepEqual(entry.query, { page_size: '7' });
    assert.equal(entry.headers['x-auth-token'], DEMO_TOKEN);
    assert.equal(entry.headers.accept, 'application/json');
    const cleared = await fetch(`${mock.url}/__mock/requests`, { method: 'DELETE' });
    assert.equal(cleared.status, 200);
    assert.deepEqual(await requestsOf(ACCOUNTS.tidy), []);
  });

  test('health and dataset', async () => {
    assert.deepEqual(await (await fetch(`${mock.url}/__mock/health`)).json(), { ok: true });
    const set = await dataset(ACCOUNTS.tidy);
    assert.equal(set.balance, 150);
    assert.equal(set.currency, 'USD');
    assert.equal(set.account.name, 'Audian Docs Example Co');
    assert.equal((await fetch(`${mock.url}/__mock/dataset/nope`)).status, 404);
  });
});

describe('static files', () => {
  let root;
  let server;
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'mock-static-'));
    mkdirSync(path.join(root, 'www'));
    writeFileSync(path.join(root, 'www', 'index.html'), '<!doctype html><title>demo</title>');
    writeFileSync(path.join(root, 'www', 'app.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
    writeFileSync(path.join(root, 'www', 'index.d.ts'), 'export {};');
    writeFileSync(path.join(root, 'www', 'app.mjs'), 'export {};');
    server = await startMock({ now: NOW, staticRoot: root });
  });
  after(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('serves files with MIME types, CSP and no-store', async () => {
    const types = { 'app.wasm': 'application/wasm', 'app.mjs': 'text/javascript; charset=utf-8', 'index.d.ts': 'application/typescript; charset=utf-8', 'index.html': 'text/html; charset=utf-8' };
    for (const [file, type] of Object.entries(types)) {
      const res = await fetch(`${server.url}/www/${file}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), type);
      assert.equal(res.headers.get('content-security-policy'), CSP);
      assert.equal(res.headers.get('cache-control'), 'no-store');
    }
    const home = await fetch(`${server.url}/`, { redirect: 'manual' });
    assert.equal(home.status, 302);
    assert.equal(home.headers.get('location'), '/www/index.html');
    assert.equal((await fetch(`${server.url}/www/missing.js`)).status, 404);
  });

  test('rejects path traversal', async () => {
    const { hostname, port } = new URL(server.url);
    // Raw request targets: fetch() and URL parsing would normalize the dot segments away.
    for (const target of ['/../etc/passwd', '/www/..%2f..%2fetc%2fpasswd', '/%2e%2e/etc/passwd']) {
      const res = await new Promise((resolve, reject) => {
        http.get({ hostname, port, path: target }, resolve).on('error', reject);
      });
      res.resume();
      assert.equal(res.statusCode, 403, target);
    }
  });
});

describe('lifecycle', () => {
  test('close() ends in-flight slow requests and frees the port', async () => {
    const temp = await startMock({ now: NOW });
    const pending = fetch(`${temp.url}/v2/accounts/fault-slowheaders60000/balance`, { headers: AUTH }).catch((err) => err);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const start = Date.now();
    await temp.close();
    assert.ok(Date.now() - start < 1000);
    assert.ok((await pending) instanceof Error);
    await assert.rejects(fetch(`${temp.url}/__mock/health`));
  });

  test('the CLI prints MOCK_URL and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(HERE, 'server.mjs'), '--port', '0', '--now', NOW], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    while (!stdout.includes('\n')) stdout += (await once(child.stdout, 'data'))[0];
    const [line] = stdout.split('\n');
    assert.match(line, /^MOCK_URL=http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice('MOCK_URL='.length);
    assert.deepEqual(await (await fetch(`${url}/__mock/health`)).json(), { ok: true });
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.equal(stdout.trim().split('\n').length, 1, 'nothing else on stdout');
  });
});
