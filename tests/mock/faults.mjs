// Fault modes, selected by account id: `fault-<mode>` or `fault-<mode>-<nonce>`.
//
// A mode is a bag of optional hooks, applied by the server in this order:
//   respond(ctx, args)          answer early (before auth and routing); return nothing to carry on
//   query(params)               rewrite the query the route handler sees
//   data[route](data, ctx)      reshape a successful reply's `data` (route, or '*' for all)
//   envelope[route](env, ctx)   reshape a successful reply's envelope
//   bytes(buffer)               rewrite a JSON reply's serialized bytes
//   send(out, args)             write the reply to the socket in a broken way
//   cors: false                 omit CORS headers everywhere, preflight included
// Anything a mode leaves alone is answered like the TIDY account. To add a mode, add an entry.
// `ctx.count` is the 1-based number of this request among all non-preflight requests to the
// same full account id (the nonce keeps counts apart between tests).

import { Raw, toJson, errorReply, rawReply, jsonReply, successEnvelope, validationData, stringValues } from './envelope.mjs';

const BAD_UTF8_MARK = '@@BADUTF8@@';
const MIB = 1024 * 1024;

/** Replaces rows[index] (clamped to the page) with patch(row); an empty page stays empty. */
function patchRow(rows, index, patch) {
  if (rows.length === 0) return rows;
  const at = Math.min(index, rows.length - 1);
  return rows.map((row, i) => (i === at ? patch(row) : row));
}

/** A mode that rewrites one transaction row. */
const rowMode = (index, patch) => ({ data: { transactions: (rows) => patchRow(rows, index, patch) } });

/** A mode that puts one number text into row 0's amount and the balance. */
const numberMode = (text) => ({
  data: {
    transactions: (rows) => patchRow(rows, 0, (row) => ({ ...row, amount: new Raw(text) })),
    balance: (doc) => ({ ...doc, balance: new Raw(text) }),
  },
});

// Crossbar's CORS exposes only X-Request-Id and ETag, so a cross-origin page cannot read
// Retry-After; these modes expose it (as a deployment that adds it would), `rahidden` does not.
const EXPOSE_RETRY_AFTER = { 'access-control-expose-headers': 'X-Request-Id, ETag, Retry-After' };
const retryAfter = (value, exposed = true) => ({ 'retry-after': String(value), ...(exposed && EXPOSE_RETRY_AFTER) });
const tooManyRequests = (ctx, seconds, exposed) => errorReply(ctx, 429, { headers: retryAfter(seconds, exposed) });

/** A date at least one whole second ahead, since HTTP dates have one-second resolution. */
const httpDateAhead = () => new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000).toUTCString();

/** Headers, then half the body; the rest is up to the caller. */
function writeHalf(out, headers = out.headers) {
  out.res.writeHead(out.status, headers);
  const half = Math.floor(out.body.length / 2);
  return new Promise((resolve) => out.res.write(out.body.subarray(0, half), () => resolve(half)));
}

const withoutLength = ({ 'content-length': _, ...headers }) => headers;

export const MODES = {
  // Plain HTTP failures ---------------------------------------------------------------------------
  status: { args: /^([45]\d\d)$/, respond: (ctx, [status]) => errorReply(ctx, Number(status)) },
  fail: {
    args: /^([45]\d\d)x(\d+)$/,
    respond(ctx, [status, times]) {
      if (ctx.count > Number(times)) return undefined;
      const retryable = status === '429' || status === '503';
      return errorReply(ctx, Number(status), { headers: retryable ? retryAfter(0) : {} });
    },
  },
  ra: { args: /^(\d+)$/, respond: (ctx, [seconds]) => (ctx.count === 1 ? tooManyRequests(ctx, seconds) : undefined) },
  radate: { respond: (ctx) => (ctx.count === 1 ? tooManyRequests(ctx, httpDateAhead()) : undefined) },
  rabig: { respond: (ctx) => tooManyRequests(ctx, 3600) },
  rahidden: { respond: (ctx) => (ctx.count === 1 ? tooManyRequests(ctx, 3600, false) : undefined) },
  redirect: {
    respond: (ctx) => ({ status: 302, headers: { location: `${ctx.redirectTarget.replace(/\/+$/, '')}${ctx.pathAndQuery}` } }),
  },
  nocors: { cors: false },

  // Transport ---------------------------------------------------------------------------------
  slowheaders: {
    args: /^(\d+)$/,
    async send(out, [ms]) {
      await out.sleep(Number(ms));
      out.res.writeHead(out.status, out.headers).end(out.body);
    },
  },
  slowbody: {
    args: /^(\d+)$/,
    async send(out, [ms]) {
      const half = await writeHalf(out);
      await out.sleep(Number(ms));
      out.res.end(out.body.subarray(half));
    },
  },
  // Content-Length promises the whole body; the socket is reset after half of it.
  reset: {
    async send(out) {
      await writeHalf(out);
      const socket = out.res.socket;
      if (socket?.resetAndDestroy) socket.resetAndDestroy();
      else socket?.destroy();
    },
  },
  // No Content-Length (chunked); half the body, then a clean end: the body reads as cut-off JSON.
  truncated: {
    async send(out) {
      await writeHalf(out, withoutLength(out.headers));
      out.res.end();
    },
  },

  // Bodies that are not a usable envelope -----------------------------------------------------
  malformed: {
    respond: () => rawReply(200, 'application/json', '{"status":"success","data":[{"id":"txn_broken" "amount":25.00,,"description":"unterminated}],'),
  },
  html: { respond: () => rawReply(200, 'text/html; charset=utf-8', '<html><body>Bad gateway</body></html>') },
  empty: { respond: () => rawReply(200, 'application/json', '') },
  nocontent: { respond: () => ({ status: 204 }) },
  notenvelope: { respond: () => rawReply(200, 'application/json', '[1,2,3]') },
  statuserror: { respond: (ctx) => ({ ...errorReply(ctx, 500), status: 200 }) },
  validation400: {
    respond: (ctx) => errorReply(ctx, 400, {
      name: 'validation error',
      data: {
        ...validationData('created_from', 'type', 'Value is not of type integer', 'yesterday'),
        ...validationData('page_size', 'maximum', 'Value is greater than the maximum of 1000', 5000),
      },
    }),
  },
  // An install whose `crossbar.maximum_range` is <N> days (it is configurable): a longer
  // created_from..created_to answers 400 `date_range`, as crossbar_view:time_range/5 words it.
  maxrange: {
    args: /^(\d+)$/,
    respond(ctx, [days]) {
      const from = Number(ctx.query.get('created_from'));
      const to = Number(ctx.query.get('created_to'));
      const max = Number(days) * 86400;
      if (!ctx.query.has('created_from') || !ctx.query.has('created_to') || to - from <= max) return undefined;
      const message = `created_to ${to} is more than ${max} seconds from created_from ${from}`;
      return errorReply(ctx, 400, { name: 'validation error', data: validationData('created_from', 'date_range', message, to) });
    },
  },
  // Kazoo 3.22: no /balance; /ledgers/total reads `total` as a ledger's name and answers its raw
  // value (kz_ledger:get/2 in 3.22's cb_ledgers.erl), not the balance, which is at
  // /transactions/current_balance.
  kazoo322: {
    respond(ctx) {
      const success = (data) => jsonReply(200, successEnvelope({ data, requestId: ctx.requestId, now: ctx.now, version: '3.22.0' }));
      if (ctx.route === 'balance') return errorReply(ctx, 404, { name: 'not_found' });
      if (ctx.route === 'ledgers/total') return success({ total: -1200000 });
      if (ctx.route === 'transactions/current_balance') return success({ balance: 9.18 });
      return undefined;
    },
  },
  // A careless server that reflects the credential it rejected.
  echotoken: {
    respond(ctx) {
      const token = ctx.token ?? '';
      return errorReply(ctx, 401, {
        name: `invalid_credentials: token ${token} rejected`,
        detail: `The auth token ${token} is not valid for this account`,
      });
    },
  },
  bom: { bytes: (body) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) },
  // 0xff 0xfe inside the envelope's `node` string always, and inside a visible string per route.
  badutf8: {
    data: {
      transactions: (rows) => patchRow(rows, 0, (row) => ({ ...row, description: `Bad bytes: ${BAD_UTF8_MARK}` })),
      account: (doc) => ({ ...doc, name: `Bad bytes ${BAD_UTF8_MARK}` }),
      service_plans: (plans) => patchRow(plans, 0, (plan) => ({ ...plan, name: `Bad bytes ${BAD_UTF8_MARK}` })),
    },
    envelope: { '*': (env) => ({ ...env, node: `mock-${BAD_UTF8_MARK}-node` }) },
    bytes: (body) => replaceAll(body, Buffer.from(BAD_UTF8_MARK), Buffer.from([0xff, 0xfe])),
  },

  // Envelope and values of the wrong shape ----------------------------------------------------
  datanull: { envelope: { '*': (env) => ({ ...env, data: null }) } },
  chunkedstrings: { envelope: { '*': stringValues } },
  // Pages forever: the handler ignores start_key and every page points back at it.
  repeatkey: {
    query: (params) => { params.delete('start_key'); return params; },
    envelope: {
      transactions: (env, ctx) => ({ ...env, start_key: ctx.originalQuery.get('start_key') ?? undefined, next_start_key: ctx.originalQuery.get('start_key') ?? 'k1' }),
    },
  },
  wrongtypes: {
    data: {
      transactions: (rows) => patchRow(rows, 3, (row) => ({ ...row, amount: '25.00' })),
      balance: (doc) => ({ ...doc, balance: '150.00' }),
      account: (doc) => ({ ...doc, enabled: 'yes' }),
    },
  },
  badcurrency: { data: { balance: (doc) => ({ ...doc, currency: 'usd$' }) } },
  nullrow: rowMode(1, () => null),
  missingfield: rowMode(2, ({ id: _, ...row }) => row),
  badtype: rowMode(1, (row) => ({ ...row, type: 'refund' })),
  nooffset: rowMode(0, (row) => ({ ...row, created: '2026-02-01T00:00:00' })),
  baddate: rowMode(0, (row) => ({ ...row, created: '2025-02-29T00:00:00Z' })),
  bigstring: rowMode(0, (row) => ({ ...row, description: 'A'.repeat(20 * MIB) })),
  // Built as text: 100,000 levels would overflow any recursive serializer, ours included.
  deepnest: rowMode(0, (row) => ({ ...row, nested: new Raw('['.repeat(100000) + ']'.repeat(100000)) })),
  // A bogus first "amount"; JSON.parse keeps the last one, strict decoders reject the duplicate.
  dupkeys: rowMode(0, (row) => new Raw(`{"amount":9999.99,${toJson(row).slice(1)}`)),
  hugenum: numberMode('1e400'),
  digits30: numberMode('123456789012345678901234567890'),
  negzero: numberMode('-0.0'),
  nan: numberMode('NaN'),
};

function replaceAll(buffer, search, replacement) {
  const parts = [];
  let from = 0;
  for (let at = buffer.indexOf(search); at !== -1; at = buffer.indexOf(search, from)) {
    parts.push(buffer.subarray(from, at), replacement);
    from = at + search.length;
  }
  parts.push(buffer.subarray(from));
  return Buffer.concat(parts);
}

/**
 * `fault-<mode>[-<nonce>]` → {name, mode, args}; null when the id is not a fault id, or names no
 * known mode (the server then answers 404 like any unknown account).
 */
export function parseFaultAccount(accountId) {
  const match = /^fault-([a-z0-9]+)(?:-.+)?$/.exec(accountId ?? '');
  if (!match) return null;
  const token = match[1];
  for (const [name, mode] of Object.entries(MODES)) {
    if (!token.startsWith(name)) continue;
    const rest = token.slice(name.length);
    const args = mode.args ? mode.args.exec(rest)?.slice(1) : rest === '' ? [] : null;
    if (args) return { name, mode, args };
  }
  return null;
}

/** Picks a route's hook from a `{route | '*': fn}` map. */
export const hookFor = (hooks, route) => hooks?.[route] ?? hooks?.['*'];
