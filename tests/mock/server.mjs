#!/usr/bin/env node
// Mock Audian billing API (Kazoo Crossbar style) for the tests and the demo. See README.md.
//
//   node tests/mock/server.mjs [--port N] [--static-root DIR] [--now ISO8601]
//                              [--redirect-target URL] [--token-lifetime SECONDS] [--token-bucket MAX/RATE] [--verbose]
//
// Prints one line `MOCK_URL=http://127.0.0.1:PORT` once listening; stops on SIGTERM/SIGINT.

import http from 'node:http';
import path from 'node:path';
import { realpathSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ACCOUNTS, VERSIONS, buildDatasets } from './data.mjs';
import { MODES, parseFaultAccount, hookFor } from './faults.mjs';
import { serveStatic } from './static.mjs';
import { createAuth, AUTH_VERSION } from './auth.mjs';
import { createBuckets, parseBucket, SIGN_IN_COST } from './buckets.mjs';
import {
  toJson, jsonReply, errorReply, successEnvelope, stringValues, newRequestId, revisionOf, toGregorian, validationData,
  kazooDollars,
} from './envelope.mjs';

export { ACCOUNTS, VERSIONS };
export { CSP } from './static.mjs';
export const DEMO_TOKEN = 'audian-demo-token';
export const FAULT_MODES = Object.keys(MODES);

const MAX_RANGE = 31 * 86400 + 3600; // Crossbar's limit: 2682000 s
const DEFAULT_RANGE = 30 * 86400;
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const LOG_LIMIT = 10000; // keeps a long-running demo from growing without bound

const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'X-Request-Id, ETag' };
const PREFLIGHT = {
  ...CORS,
  'access-control-allow-methods': 'GET, PUT, POST, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'Content-Type, Accept, X-Auth-Token, If-None-Match',
  'access-control-max-age': '600',
};

// ---------------------------------------------------------------- routes

/** A 400 `validation error` thrown out of a route handler. */
function invalid(ctx, field, code, message, cause) {
  const reply = errorReply(ctx, 400, { name: 'validation error', data: validationData(field, code, message, cause) });
  return Object.assign(new Error(message), { reply });
}

function gregorianParam(ctx, name) {
  const value = ctx.query.get(name);
  if (value === null || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw invalid(ctx, name, 'type', 'Value is not of type integer (Gregorian seconds)', value);
  return Number(value);
}

function dateRange(ctx) {
  const to = gregorianParam(ctx, 'created_to') ?? toGregorian(ctx.nowSec);
  const from = gregorianParam(ctx, 'created_from') ?? to - DEFAULT_RANGE;
  if (from > to) throw invalid(ctx, 'created_from', 'date_range', 'created_to is prior to created_from', from);
  if (to - from > MAX_RANGE) {
    throw invalid(ctx, 'created_from', 'date_range', `created_to is more than ${MAX_RANGE} seconds from created_from`, to);
  }
  return { from, to };
}

function pageSize(ctx) {
  const value = ctx.query.get('page_size');
  if (value === null || value === '') return DEFAULT_PAGE_SIZE;
  const size = /^\d+$/.test(value) ? Number(value) : NaN;
  if (size >= 1 && size <= MAX_PAGE_SIZE) return size;
  throw invalid(ctx, 'page_size', 'range', `Value must be an integer from 1 to ${MAX_PAGE_SIZE}`, value);
}

/** Opaque to clients: base64url of `<created>:<id>` of a page's first row. */
const pageKey = (row) => Buffer.from(`${toGregorian(row.at)}:${row.doc.id}`).toString('base64url');
/** Kazoo 5.x's chunked listings: standard base64 (with `+`, `/`, `=`) of `[created, id]`. */
const base64Key = (row) => Buffer.from(JSON.stringify([toGregorian(row.at), row.doc.id])).toString('base64');

function startIndex(ctx, rows, keyOf) {
  const key = ctx.query.get('start_key');
  if (key === null) return 0;
  const index = rows.findIndex((row) => keyOf(row) === key);
  if (index === -1) throw invalid(ctx, 'start_key', 'invalid', 'start_key does not match this listing', key);
  return index;
}

/** Rows (`{at, doc}`, newest first) whose time is inside the request's created_from/created_to. */
function rowsInRange(ctx, rows) {
  const { from, to } = dateRange(ctx);
  return rows.filter((row) => toGregorian(row.at) >= from && toGregorian(row.at) <= to);
}

/** One page of a dated listing: every Kazoo list (transactions, ledger entries) pages this way. */
function listPage(ctx, rows, keyOf = pageKey) {
  const size = pageSize(ctx);
  const inRange = rowsInRange(ctx, rows);
  const start = startIndex(ctx, inRange, keyOf);
  const page = inRange.slice(start, start + size);
  const next = inRange[start + size];
  return {
    data: page.map((row) => row.doc),
    paging: { page_size: page.length, start_key: ctx.query.get('start_key') ?? undefined, next_start_key: next && keyOf(next) },
  };
}

/** Kazoo 4.1+'s /ledgers: per ledger, the sum of its entries in the range (units summed exactly). */
function ledgerTotals(set, ctx) {
  const totals = {};
  for (const [name, entries] of Object.entries(set.ledgers)) {
    const rows = rowsInRange(ctx, entries);
    if (rows.length === 0) continue;
    const { usage } = rows[0].doc;
    const amount = kazooDollars(rows.reduce((sum, row) => sum + row.units, 0));
    // Ledgers whose entries count nothing (payments, rollovers) have no usage.
    if (!usage) {
      totals[name] = { amount };
      continue;
    }
    const quantity = rows.reduce((sum, row) => sum + (row.doc.usage?.quantity ?? 0), 0);
    totals[name] = { amount, usage: { quantity, type: usage.type, unit: usage.unit } };
  }
  return { data: totals };
}

const list = (data) => ({ data, paging: { page_size: data.length } });

// Each dialect's routes: (dataset, ctx) → {data, paging?, chunked?}. `{ledger}` matches one path
// segment (ctx.params.ledger); a route a dialect does not list answers 404 not_found.
const ROUTES = {
  audian: {
    account: (set) => ({ data: set.account }),
    balance: (set) => ({ data: set.balance.doc }),
    transactions: (set, ctx) => listPage(ctx, set.transactions),
    service_plans: (set) => list(set.plans),
  },
  kazoo42: {
    account: (set) => ({ data: set.account }),
    transactions: (set, ctx) => listPage(ctx, set.transactions),
    'transactions/current_balance': (set) => ({ data: set.balance.doc }),
    // 4.0–4.2 read any name after /ledgers/ as a ledger; this account has no entries in any, so
    // /ledgers/total answers an empty list.
    'ledgers/{ledger}': (set, ctx) => listPage(ctx, []),
    service_plans: (set) => list(set.plans),
    'service_plans/current': (set) => ({ data: set.currentServices }),
  },
  kazoo5: {
    account: (set) => ({ data: set.account }),
    transactions: (set, ctx) => ({ ...listPage(ctx, set.transactions, base64Key), chunked: true }),
    ledgers: ledgerTotals,
    'ledgers/total': (set) => ({ data: set.balance.doc }),
    'ledgers/{ledger}': (set, ctx) => listPage(ctx, Object.hasOwn(set.ledgers, ctx.params.ledger) ? set.ledgers[ctx.params.ledger] : []),
    'services/summary': (set) => ({ data: set.summary }),
    'services/available': (set) => list(set.plans),
  },
};

/** The handler for `route` in one dialect's table, with the `{ledger}` segment in ctx.params. */
function findRoute(table, route, ctx) {
  if (route === null) return undefined;
  if (Object.hasOwn(table, route)) return table[route];
  const ledger = /^ledgers\/([^/]+)$/.exec(route);
  if (ledger && Object.hasOwn(table, 'ledgers/{ledger}')) {
    ctx.params = { ledger: decodeSegment(ledger[1]) };
    return table['ledgers/{ledger}'];
  }
  return undefined;
}

function successReply(ctx, { data, paging, chunked }, mode) {
  const revision = revisionOf(toJson(data));
  const shaped = hookFor(mode?.data, ctx.route)?.(data, ctx) ?? data;
  const plain = successEnvelope({ data: shaped, requestId: ctx.requestId, now: ctx.now, revision, paging, version: ctx.version });
  const envelope = chunked ? stringValues(plain) : plain;
  const final = hookFor(mode?.envelope, ctx.route)?.(envelope, ctx) ?? envelope;
  // A chunked reply's trailer has no `tokens` (api_util.erl, close_chunk_json_envelope).
  return { ...jsonReply(200, final, { etag: `"${revision}"` }), chunked };
}

/** Crossbar's order of checks: method, then credentials, then the account, then the resource. */
function routeReply(mock, ctx, method, mode) {
  const known = Object.values(ROUTES).some((table) => findRoute(table, ctx.route, {}));
  if (known && method !== 'GET') return errorReply(ctx, 405, { headers: { allow: 'GET, OPTIONS' } });
  const denied = ctx.token === DEMO_TOKEN ? null : mock.auth.deny(ctx, method); // issued tokens: auth.mjs
  if (denied) return denied;
  const set = mock.dataset(ctx.accountId);
  if (ctx.accountId && !set) return errorReply(ctx, 404, { data: { message: 'bad identifier', cause: ctx.accountId } });
  try {
    const handler = set && findRoute(ROUTES[set.dialect], ctx.route, ctx);
    const result = handler?.(set, ctx);
    if (result) return successReply(ctx, result, mode);
    return errorReply(ctx, 404, { name: 'not_found', detail: `no such resource: ${ctx.path}` });
  } catch (err) {
    if (err.reply) return err.reply;
    throw err;
  }
}

// ---------------------------------------------------------------- writing replies

function sendPlain(out) {
  out.res.writeHead(out.status, out.headers).end(out.body);
}

function sendJson(res, status, value, headers = CORS) {
  const body = Buffer.from(toJson(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length, ...headers }).end(body);
}

function sendEmpty(res, status, headers) {
  res.writeHead(status, headers).end();
}

/** Serializes a reply, lets the fault mode corrupt the bytes or the transport, and writes it. */
async function deliver(mock, res, reply, ctx, fault) {
  const isJson = reply.json !== undefined;
  // Kazoo's envelopes (those naming a version; Audian's page shows neither) carry the client's
  // rate-limit bucket (buckets.mjs), successes and errors alike; a chunked reply's trailer does not.
  if (ctx.tokens && !reply.chunked && isEnvelope(reply.json) && reply.json.version !== undefined) {
    reply.json = { ...reply.json, tokens: ctx.tokens };
  }
  let body = Buffer.from(isJson ? toJson(reply.json) : reply.body ?? '');
  if (isJson && fault?.mode.bytes) body = fault.mode.bytes(body);
  const headers = {
    ...(isJson && { 'content-type': 'application/json' }),
    ...(fault?.mode.cors === false ? {} : CORS),
    'x-request-id': ctx.requestId,
    ...reply.headers,
    ...(reply.status !== 204 && { 'content-length': body.length }),
  };
  if (ctx.logEntry) ctx.logEntry.status = reply.status;
  const out = { res, status: reply.status, headers, body, sleep: mock.sleep };
  await (fault?.mode.send ? fault.mode.send(out, fault.args) : sendPlain(out));
}

// ---------------------------------------------------------------- request handling

const isEnvelope = (json) => json !== null && typeof json === 'object' && !Array.isArray(json) && typeof json.status === 'string';
const SIGN_IN_ROUTES = new Set(['/v2/user_auth', '/v2/api_auth']);

function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function requestContext(mock, req, url) {
  const [root, collection, rawId, ...rest] = url.pathname.split('/').filter(Boolean);
  const accountId = root === 'v2' && collection === 'accounts' && rawId ? decodeSegment(rawId) : undefined;
  const now = mock.now();
  return {
    requestId: newRequestId(),
    now,
    nowSec: Math.floor(now.getTime() / 1000),
    accountId,
    route: accountId ? rest.join('/') || 'account' : null,
    path: url.pathname,
    pathAndQuery: url.pathname + url.search,
    query: new URLSearchParams(url.search),
    originalQuery: url.searchParams,
    token: req.headers['x-auth-token'],
    redirectTarget: mock.redirectTarget(),
  };
}

async function handleApi(mock, req, res, url) {
  const ctx = requestContext(mock, req, url);
  ctx.version = VERSIONS[mock.dataset(ctx.accountId)?.dialect]; // Kazoo names itself in every reply
  ctx.logEntry = mock.record(ctx.accountId ?? null, req, url);
  const fault = parseFaultAccount(ctx.accountId);
  if (req.method === 'OPTIONS') return sendEmpty(res, 204, fault?.mode.cors === false ? {} : PREFLIGHT);
  // Kazoo's rate limit: one bucket per client address and account; a sign-in costs 35, the rest 1.
  const cost = req.method === 'PUT' && SIGN_IN_ROUTES.has(ctx.path) ? SIGN_IN_COST : 1;
  const taken = mock.buckets.take(`${req.socket.remoteAddress}/${ctx.accountId ?? 'no_account'}`, cost);
  ctx.tokens = { consumed: taken.consumed, remaining: taken.remaining };
  if (!taken.ok) {
    const version = ctx.version ?? (ctx.accountId ? undefined : AUTH_VERSION);
    return deliver(mock, res, errorReply({ ...ctx, version }, 429), ctx); // Crossbar sends no Retry-After
  }
  if (!ctx.accountId && mock.auth.owns(ctx.path)) return deliver(mock, res, await mock.auth.reply(ctx, req), ctx);
  if (!fault && mock.auth.ownsAccountRoute(ctx.route)) return deliver(mock, res, await mock.auth.accountReply(ctx, req), ctx);
  if (fault) {
    ctx.count = mock.countRequest(ctx.accountId);
    if (fault.mode.query) ctx.query = fault.mode.query(ctx.query);
  }
  const early = fault?.mode.respond?.(ctx, fault.args);
  return deliver(mock, res, early ?? routeReply(mock, ctx, req.method, fault?.mode), ctx, fault);
}

/** What /__mock/dataset/<id> shows: the raw data as served, for computing expected values. */
function datasetView(set) {
  const { balance, amount, currency } = set.balance.doc;
  return {
    dialect: set.dialect,
    version: VERSIONS[set.dialect] ?? null,
    forms: set.forms,
    account: set.account,
    transactions: set.transactions.map((row) => row.doc),
    balance: balance ?? amount,
    currency: currency ?? null,
    balanceRoute: `/${set.balance.route}`,
    plans: set.plans,
    items: set.items ?? null,
    ...(set.currentServices && { currentServices: set.currentServices }),
    ...(set.ledgers && {
      ledgers: Object.fromEntries(Object.entries(set.ledgers).map(([name, rows]) => [name, rows.map((row) => row.doc)])),
      summary: set.summary,
      openingBalance: set.openingBalance,
    }),
  };
}

// Test introspection, keyed by `<METHOD> <first segment after /__mock/>`.
const INTROSPECTION = {
  'GET health': (mock, res) => sendJson(res, 200, { ok: true }),
  'GET requests': (mock, res, url) => sendJson(res, 200, mock.requests(url.searchParams.get('account'))),
  'DELETE requests': (mock, res, url) => sendJson(res, 200, { ok: true, cleared: mock.clearRequests(url.searchParams.get('account')) }),
  'GET accounts': (mock, res) => sendJson(res, 200, { token: DEMO_TOKEN, accounts: ACCOUNTS, faultModes: FAULT_MODES }),
  'GET dataset': (mock, res, url, id) => {
    const set = mock.dataset(decodeSegment(id ?? ''));
    return set ? sendJson(res, 200, datasetView(set)) : sendJson(res, 404, { error: 'unknown account' });
  },
};

function handleIntrospection(mock, req, res, url) {
  if (req.method === 'OPTIONS') return sendEmpty(res, 204, PREFLIGHT);
  const [, what, id] = url.pathname.split('/').filter(Boolean);
  const action = INTROSPECTION[`${req.method} ${what}`];
  return action ? action(mock, res, url, id) : sendJson(res, 404, { error: 'not found' });
}

/** Stands in for a foreign origin in the redirect tests: records everything, answers `{}`. */
function handleRecorder(mock, req, res, url) {
  mock.record('__record', req, url);
  return req.method === 'OPTIONS' ? sendEmpty(res, 204, PREFLIGHT) : sendJson(res, 200, {});
}

const underPrefix = (pathname, prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`);

function dispatch(mock, req, res) {
  const url = new URL(req.url, 'http://mock.invalid');
  if (underPrefix(url.pathname, '/__mock')) return handleIntrospection(mock, req, res, url);
  if (underPrefix(url.pathname, '/__record')) return handleRecorder(mock, req, res, url);
  if (underPrefix(url.pathname, '/v2')) return handleApi(mock, req, res, url);
  if (mock.staticRoot) return serveStatic(mock.staticRoot, req, res);
  return sendJson(res, 404, { error: 'not found' }, {});
}

// ---------------------------------------------------------------- state and lifecycle

function createMock({ staticRoot, now, redirectTarget, verbose, tokenLifetimeS, tokenBucket }) {
  const anchor = now ?? new Date();
  const datasets = buildDatasets(Math.floor(anchor.getTime() / 1000));
  const log = [];
  const counts = new Map();
  const timers = new Set();
  let selfUrl = '';

  const mock = {
    staticRoot,
    auth: createAuth({ tokenLifetimeS, now: () => (now ?? new Date()).getTime() }),
    buckets: createBuckets(tokenBucket),
    now: () => now ?? new Date(),
    redirectTarget: () => redirectTarget ?? `${selfUrl}/__record`,
    setUrl: (url) => { selfUrl = url; },
    // Fault accounts serve the TIDY data whenever their mode lets a request through.
    dataset: (id) => datasets.get(parseFaultAccount(id) ? ACCOUNTS.tidy : id),
    countRequest: (id) => {
      counts.set(id, (counts.get(id) ?? 0) + 1);
      return counts.get(id);
    },
    record(account, req, url) {
      const { pathname: path, searchParams } = url;
      const entry = { account, method: req.method, path, query: Object.fromEntries(searchParams), headers: { ...req.headers }, time: new Date().toISOString() };
      log.push(entry);
      if (log.length > LOG_LIMIT) log.shift();
      return entry;
    },
    requests: (account) => (account === null ? log : log.filter((entry) => entry.account === account)),
    clearRequests(account) {
      const keep = account === null ? [] : log.filter((entry) => entry.account !== account);
      const cleared = log.length - keep.length;
      log.splice(0, log.length, ...keep);
      return cleared;
    },
    // Timers are tracked so close() can cancel slow fault modes mid-flight.
    sleep: (ms) => new Promise((resolve) => {
      const timer = setTimeout(() => { timers.delete(timer); resolve(); }, ms);
      timers.add(timer);
    }),
    stop: () => { for (const timer of timers) clearTimeout(timer); timers.clear(); },
    async handle(req, res) {
      req.resume(); // bodies are never read; drain them so keep-alive connections stay usable
      if (verbose) res.once('close', () => process.stderr.write(`${req.method} ${req.url} -> ${res.statusCode}\n`));
      try {
        await dispatch(mock, req, res);
      } catch (err) {
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, { error: 'mock failure', message: String(err?.message ?? err) });
      }
    },
  };
  return mock;
}

function toDate(value) {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`invalid now: ${value}`);
  return date;
}

/** Starts the mock in-process. `host` must be loopback; `port` 0 picks a free port. */
export async function startMock({ port = 0, host = '127.0.0.1', staticRoot, now, redirectTarget, verbose = false, tokenLifetimeS, tokenBucket } = {}) {
  if (host !== 'localhost' && !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) throw new Error(`host must be loopback, got ${host}`);
  const mock = createMock({ staticRoot: staticRoot && path.resolve(staticRoot), now: toDate(now), redirectTarget, verbose, tokenLifetimeS, tokenBucket });
  const server = http.createServer((req, res) => mock.handle(req, res));
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host === 'localhost' ? '127.0.0.1' : host, resolve);
  });
  const url = `http://${host}:${server.address().port}`;
  mock.setUrl(url);
  let closing;
  const close = () => (closing ??= new Promise((resolve) => {
    mock.stop();
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  }));
  return { url, port: server.address().port, close };
}

// ---------------------------------------------------------------- CLI

const USAGE = `usage: node tests/mock/server.mjs [--port N] [--static-root DIR] [--now ISO8601]
                                [--redirect-target URL] [--token-lifetime SECONDS] [--token-bucket MAX/RATE] [--verbose]`;

function cliOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      'static-root': { type: 'string' },
      now: { type: 'string' },
      'redirect-target': { type: 'string' },
      verbose: { type: 'boolean', default: false },
      'token-lifetime': { type: 'string' },
      'token-bucket': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const staticRoot = values['static-root'];
  if (staticRoot && !statSync(staticRoot, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`--static-root is not a directory: ${staticRoot}`);
  }
  const redirectTarget = values['redirect-target'];
  if (redirectTarget) new URL(redirectTarget); // throws on a malformed URL
  const tokenLifetimeS = values['token-lifetime'] === undefined ? undefined : Number(values['token-lifetime']);
  const tokenBucket = values['token-bucket'] === undefined ? undefined : parseBucket(values['token-bucket']);
  return { help: values.help, port, staticRoot, now: toDate(values.now), redirectTarget, verbose: values.verbose, tokenLifetimeS, tokenBucket };
}

async function main(argv) {
  const { help, ...options } = cliOptions(argv);
  if (help) return console.log(USAGE);
  const mock = await startMock(options);
  process.stdout.write(`MOCK_URL=${mock.url}\n`);
  const stop = () => mock.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

const invokedPath = process.argv[1] && realpathSync(process.argv[1]);
if (invokedPath === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(`mock: ${err.message}\n${USAGE}`);
    process.exit(2);
  });
}
