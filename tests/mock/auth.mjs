// Kazoo's sign-in, renewal and sign-out for the mock API (README.md, "Sign-in").
//
//   PUT    /v2/user_auth   {data: {credentials, account_name | account_realm | phone_number, method?, restrictions?}}
//   PUT    /v2/api_auth    {data: {api_key, restrictions?}}
//   PUT    /v2/auth        {action: "refresh_token", data: {}}   (X-Auth-Token: a valid token)
//   DELETE /v2/token_auth                                        (X-Auth-Token: the token to revoke)
//
// Tokens are JWT-shaped (base64url header.payload.signature, HMAC-SHA256 with a per-process key)
// and carry `account_id`, `iat` and `exp`; they expire `tokenLifetimeS` after issue (Kazoo's
// `token_auth_expiry_s`, 3600 by default) and are then refused with 401, as revoked ones are.
// A token issued with `"restrictions": {"get": ["#"]}` may only read: any other method on an
// account route is 403 (its own renewal and sign-out stay allowed, or a read-only session could
// never end).

import { createHash, createHmac, randomBytes } from 'node:crypto';
import { ACCOUNTS } from './data.mjs';
import { errorReply, jsonReply, successEnvelope, validationData } from './envelope.mjs';

/** The demo's sign-in credentials, shown on the demo page. */
export const DEMO_LOGIN = Object.freeze({
  username: 'demo@northwind.example',
  password: 'audian-demo-password',
  accountName: 'northwind-dental',
  accountRealm: 'northwind-dental.sip.audian.com',
  phoneNumber: '+14155550123',
  apiKey: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
});
/** Account names that answer 423 (locked) and 429 (rate limited) to any sign-in. */
export const LOCKED_ACCOUNT_NAME = 'locked-account';
export const BUSY_ACCOUNT_NAME = 'busy-account';
export const DEFAULT_TOKEN_LIFETIME_S = 3600;

const VERSION = '5.4.32.6'; // the demo account is Kazoo 5.x, which names the account in its replies
const OWNER_ID = '8e248327b85591955749e53ea45b6baa';
const PATHS = new Set(['/v2/user_auth', '/v2/api_auth', '/v2/auth', '/v2/token_auth']);
const MAX_BODY = 64 * 1024;

const base64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const hash = (algorithm, text) => createHash(algorithm).update(text).digest('hex');

/** What Kazoo stores for a user: md5 and sha1 of `lowercase(username):password`. */
const DEMO_HASHES = Object.freeze({
  md5: hash('md5', `${DEMO_LOGIN.username.toLowerCase()}:${DEMO_LOGIN.password}`),
  sha: hash('sha1', `${DEMO_LOGIN.username.toLowerCase()}:${DEMO_LOGIN.password}`),
});

/** A request body as text; null when larger than MAX_BODY (shared with billing.mjs). */
export function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY ? Buffer.concat(chunks).toString('utf8') : null));
    req.on('error', () => resolve(null));
  });
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Kazoo: a token restricted to `get` on everything may only read. */
function readOnly(restrictions) {
  if (!isObject(restrictions)) return false;
  return Object.keys(restrictions).every((method) => method.toLowerCase() === 'get');
}

/**
 * The sign-in state of one mock: issued tokens, their expiry and revocation.
 * `now()` is the mock's clock (milliseconds); `tokenLifetimeS` how long a token lives.
 */
export function createAuth({ tokenLifetimeS = DEFAULT_TOKEN_LIFETIME_S, now = () => Date.now() } = {}) {
  if (!Number.isInteger(tokenLifetimeS) || tokenLifetimeS < 1) throw new Error(`tokenLifetimeS must be a whole number of seconds >= 1, got ${tokenLifetimeS}`);
  const key = randomBytes(32);
  const tokens = new Map();

  function issue(accountId, restricted) {
    const iat = Math.floor(now() / 1000);
    const claims = { account_id: accountId, owner_id: OWNER_ID, method: 'cb_user_auth', iat, exp: iat + tokenLifetimeS, jti: randomBytes(8).toString('hex') };
    const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
    const token = `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
    tokens.set(token, { accountId, exp: claims.exp, readOnly: restricted, revoked: false });
    return token;
  }

  /** The record of a token that is known, unrevoked and unexpired; else undefined. */
  function valid(token) {
    const record = typeof token === 'string' ? tokens.get(token) : undefined;
    if (!record || record.revoked || Math.floor(now() / 1000) >= record.exp) return undefined;
    return record;
  }

  function granted(ctx, status, token, accountId) {
    const data = { account_id: accountId, account_name: DEMO_LOGIN.accountName, apps: [], is_reseller: false, language: 'en-us', owner_id: OWNER_ID, reseller_id: ACCOUNTS.demo };
    const envelope = { ...successEnvelope({ data, requestId: ctx.requestId, now: ctx.now, revision: 'automatic' }), auth_token: token, version: VERSION };
    return jsonReply(status, envelope);
  }

  const failed = (ctx, status, opts) => {
    const reply = errorReply(ctx, status, opts);
    reply.json.version = VERSION;
    return reply;
  };
  const invalid = (ctx, field, code, message) => failed(ctx, 400, { name: 'validation error', data: validationData(field, code, message, undefined) });

  function userAuth(ctx, data) {
    const { credentials, method = 'md5' } = data;
    if (typeof credentials !== 'string' || credentials.length < 1 || credentials.length > 64) {
      return invalid(ctx, 'credentials', 'maxLength', 'Value must be a string of 1 to 64 characters');
    }
    if (method !== 'md5' && method !== 'sha') return invalid(ctx, 'method', 'enum', 'Value not found in enumerated list of values');
    const identifiers = ['account_name', 'account_realm', 'realm', 'phone_number'].filter((name) => data[name] !== undefined);
    if (identifiers.length !== 1) return invalid(ctx, 'account_name', 'required', 'One of account_name, account_realm or phone_number is required');
    const value = String(data[identifiers[0]]);
    if (value === LOCKED_ACCOUNT_NAME) return failed(ctx, 423);
    if (value === BUSY_ACCOUNT_NAME) return failed(ctx, 429, { headers: { 'retry-after': '0' } });
    const account = {
      account_name: DEMO_LOGIN.accountName, account_realm: DEMO_LOGIN.accountRealm, realm: DEMO_LOGIN.accountRealm, phone_number: DEMO_LOGIN.phoneNumber,
    }[identifiers[0]];
    const matches = value.toLowerCase() === account.toLowerCase() && credentials === DEMO_HASHES[method];
    if (!matches) return failed(ctx, 401);
    return granted(ctx, 201, issue(ACCOUNTS.demo, readOnly(data.restrictions)), ACCOUNTS.demo);
  }

  function apiAuth(ctx, data) {
    if (typeof data.api_key !== 'string' || data.api_key.length !== 64) return invalid(ctx, 'api_key', 'maxLength', 'Value must be a string of 64 characters');
    if (data.api_key !== DEMO_LOGIN.apiKey) return failed(ctx, 401);
    return granted(ctx, 201, issue(ACCOUNTS.demo, readOnly(data.restrictions)), ACCOUNTS.demo);
  }

  function refresh(ctx, body) {
    const record = valid(ctx.token);
    if (!record) return failed(ctx, 401);
    if (body?.action !== 'refresh_token') return invalid(ctx, 'action', 'enum', 'Value not found in enumerated list of values');
    return granted(ctx, 200, issue(record.accountId, record.readOnly), record.accountId);
  }

  function signOut(ctx) {
    const record = valid(ctx.token);
    if (!record) return failed(ctx, 401);
    record.revoked = true;
    const envelope = { ...successEnvelope({ data: {}, requestId: ctx.requestId, now: ctx.now, revision: 'automatic' }), version: VERSION };
    return jsonReply(200, envelope);
  }

  return {
    /** Whether `path` is one of the sign-in routes. */
    owns: (path) => PATHS.has(path),

    /** The reply to a sign-in route; reads the request body. */
    async reply(ctx, req) {
      const text = await readBody(req);
      const route = `${req.method} ${ctx.path}`;
      const allowed = { '/v2/user_auth': 'PUT', '/v2/api_auth': 'PUT', '/v2/auth': 'PUT', '/v2/token_auth': 'DELETE' }[ctx.path];
      if (req.method !== allowed) return failed(ctx, 405, { headers: { allow: `${allowed}, OPTIONS` } });
      if (route === 'DELETE /v2/token_auth') return signOut(ctx);
      const body = text === null ? undefined : parseJson(text);
      if (body === undefined) return failed(ctx, 400, { name: 'invalid request', detail: 'the body is not JSON' });
      if (route === 'PUT /v2/auth') return refresh(ctx, body);
      if (!isObject(body?.data)) return invalid(ctx, 'data', 'type', 'Value is not of type object');
      return route === 'PUT /v2/user_auth' ? userAuth(ctx, body.data) : apiAuth(ctx, body.data);
    },

    /** Why an issued token may not make this account request (401, 403), or null when it may. */
    deny(ctx, method) {
      const record = valid(ctx.token);
      if (!record) return errorReply(ctx, 401);
      if (record.readOnly && method !== 'GET') {
        return errorReply(ctx, 403, { data: { message: 'access denied by token restrictions', cause: `${method} is not allowed for this token` } });
      }
      return null;
    },
  };
}
