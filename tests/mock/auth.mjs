// Kazoo's sign-in, renewal and sign-out for the mock API (README.md, "Sign-in"), as Crossbar 5.x
// runs them (docs/kazoo.md, "Conformance", names the Kazoo source of each rule):
//
//   PUT    /v2/user_auth   {data: {credentials, account_name | account_realm | phone_number, method?}}
//   PUT    /v2/api_auth    {data: {api_key}}: any other key is a 400 (api_auth.json, additionalProperties: false)
//   PUT    /v2/auth        {action: "refresh_token", data: {}}   (X-Auth-Token: a valid token)
//   DELETE /v2/token_auth                                        200; revokes nothing: JWTs are not stored
//   PUT    /v2/accounts/{account}/users/{user}/auth  {action: "reset_signature_secret", data: {}}
//                          a new signature secret for the user: every token of theirs stops working
//
// Tokens are JWT-shaped (base64url header.payload.signature, HMAC-SHA256 with a per-process key)
// and carry `account_id`, `owner_id` (users only), `method`, `exp` and no `iat`, like
// `crossbar_auth.erl`'s claims; they expire `tokenLifetimeS` after issue (Kazoo's
// `token_auth_expiry_s`, 3600 by default) and are then refused with 401. There are no read-only
// tokens: a `restrictions` key in a user_auth body is ignored, as Kazoo ignores it.

import { createHash, createHmac, randomBytes } from 'node:crypto';
import { ACCOUNTS } from './data.mjs';
import { errorReply, jsonReply, successEnvelope, toGregorian, validationData } from './envelope.mjs';

/** The demo's sign-in credentials, shown on the demo page. */
export const DEMO_LOGIN = Object.freeze({
  username: 'demo@northwind.example',
  password: 'audian-demo-password',
  accountName: 'northwind-dental',
  accountRealm: 'northwind-dental.sip.audian.com',
  phoneNumber: '+14155550123',
  apiKey: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
});
/** Account names that answer 423 (Kazoo 3.22's disabled or expired account) and 429 (rate limited) to any sign-in. */
export const LOCKED_ACCOUNT_NAME = 'locked-account';
export const BUSY_ACCOUNT_NAME = 'busy-account';
/**
 * Account names with the demo credentials that Kazoo 4.x/5.x refuse (`cb_user_auth.erl`): 400
 * validation errors `account.disabled` and `account.expired`. `trial-ending` signs in, and its
 * trial ends at once: every later request with its tokens answers 400 `account.expired`
 * (`cb_token_auth.erl`). `legacy-renewal` signs in like Kazoo 4.1, whose `PUT /v2/auth` is for
 * super-duper admins only: its renewal answers 403.
 */
export const DISABLED_ACCOUNT_NAME = 'disabled-account';
export const EXPIRED_ACCOUNT_NAME = 'expired-account';
export const TRIAL_ENDING_ACCOUNT_NAME = 'trial-ending';
export const LEGACY_RENEWAL_ACCOUNT_NAME = 'legacy-renewal';
/**
 * A disabled user (demo password): Kazoo's credential views leave disabled users out
 * (`users/creds_by_md5`: `!doc.enabled`), so signing in answers 401 like a wrong password.
 */
export const DISABLED_USERNAME = 'disabled@northwind.example';
export const DEFAULT_TOKEN_LIFETIME_S = 3600;

/** The sign-in routes answer as Kazoo 5.x (the demo account's), which names the account in its replies. */
export const AUTH_VERSION = '5.4.32.6';
const VERSION = AUTH_VERSION;
export const OWNER_ID = '8e248327b85591955749e53ea45b6baa';
const PATHS = new Set(['/v2/user_auth', '/v2/api_auth', '/v2/auth', '/v2/token_auth']);
const MAX_BODY = 64 * 1024;

const base64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const hash = (algorithm, text) => createHash(algorithm).update(text).digest('hex');

/** What Kazoo stores for a user: md5 and sha1 of `lowercase(username):password`. */
const DEMO_HASHES = Object.freeze({
  md5: hash('md5', `${DEMO_LOGIN.username.toLowerCase()}:${DEMO_LOGIN.password}`),
  sha: hash('sha1', `${DEMO_LOGIN.username.toLowerCase()}:${DEMO_LOGIN.password}`),
});

function readBody(req) {
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

/**
 * The sign-in state of one mock: issued tokens, their expiry and revocation.
 * `now()` is the mock's clock (milliseconds); `tokenLifetimeS` how long a token lives.
 */
export function createAuth({ tokenLifetimeS = DEFAULT_TOKEN_LIFETIME_S, now = () => Date.now() } = {}) {
  if (!Number.isInteger(tokenLifetimeS) || tokenLifetimeS < 1) throw new Error(`tokenLifetimeS must be a whole number of seconds >= 1, got ${tokenLifetimeS}`);
  const key = randomBytes(32);
  const tokens = new Map();
  /** The signature-secret generation of each user: a reset makes every older token invalid. */
  const secrets = new Map();

  /** Issues a token; `owner` is the user (undefined for an API key), `flags` the mock's test hooks. */
  function issue(accountId, owner, method, flags = {}) {
    const exp = Math.floor(now() / 1000) + tokenLifetimeS;
    const claims = { account_id: accountId, owner_id: owner, method, exp, jti: randomBytes(8).toString('hex') };
    const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
    const token = `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
    tokens.set(token, { accountId, owner, method, exp, secret: secrets.get(owner) ?? 0, ...flags });
    return token;
  }

  /** The record of a token that is known, unexpired and signed with its user's current secret; else undefined. */
  function valid(token) {
    const record = typeof token === 'string' ? tokens.get(token) : undefined;
    if (!record || Math.floor(now() / 1000) >= record.exp) return undefined;
    if (record.owner && record.secret !== (secrets.get(record.owner) ?? 0)) return undefined;
    return record;
  }

  function granted(ctx, status, token, record, version = VERSION) {
    const data = {
      account_id: record.accountId, account_name: DEMO_LOGIN.accountName, apps: [], is_reseller: false, language: 'en-us',
      owner_id: record.owner, reseller_id: ACCOUNTS.demo,
    };
    const envelope = { ...successEnvelope({ data, requestId: ctx.requestId, now: ctx.now, revision: 'automatic' }), auth_token: token, version };
    return jsonReply(status, envelope);
  }

  const failed = (ctx, status, opts) => {
    const reply = errorReply(ctx, status, opts);
    reply.json.version = VERSION;
    return reply;
  };
  const invalid = (ctx, field, code, message, cause) => failed(ctx, 400, { name: 'validation error', data: validationData(field, code, message, cause) });
  /** Kazoo's refusal of an expired account: 400 `account.expired` (`cb_user_auth.erl`, `cb_token_auth.erl`). */
  const expired = (ctx) => invalid(ctx, 'account', 'expired', 'account expired', toGregorian(Math.floor(now() / 1000)));

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
    const special = [DISABLED_ACCOUNT_NAME, EXPIRED_ACCOUNT_NAME, TRIAL_ENDING_ACCOUNT_NAME, LEGACY_RENEWAL_ACCOUNT_NAME].includes(value);
    const account = {
      account_name: DEMO_LOGIN.accountName, account_realm: DEMO_LOGIN.accountRealm, realm: DEMO_LOGIN.accountRealm, phone_number: DEMO_LOGIN.phoneNumber,
    }[identifiers[0]];
    const accountMatches = (identifiers[0] === 'account_name' && special) || value.toLowerCase() === account.toLowerCase();
    // The credentials view holds enabled users only: a disabled user's hash matches nothing.
    if (!accountMatches || credentials !== DEMO_HASHES[method]) return failed(ctx, 401);
    // Kazoo checks the account after the credentials: expired first, then disabled.
    if (value === EXPIRED_ACCOUNT_NAME) return expired(ctx);
    if (value === DISABLED_ACCOUNT_NAME) return invalid(ctx, 'account', 'disabled', 'account disabled');
    const flags = { trialEnded: value === TRIAL_ENDING_ACCOUNT_NAME, noRenewal: value === LEGACY_RENEWAL_ACCOUNT_NAME };
    const record = { accountId: ACCOUNTS.demo, owner: OWNER_ID };
    return granted(ctx, 201, issue(ACCOUNTS.demo, OWNER_ID, 'cb_user_auth', flags), record, flags.noRenewal ? '4.1.26' : VERSION);
  }

  function apiAuth(ctx, data) {
    // api_auth.json: `additionalProperties: false`, so Kazoo's schema check names the extra key.
    const extra = Object.keys(data).find((k) => k !== 'api_key');
    if (extra !== undefined) return invalid(ctx, extra, 'additionalProperties', 'Failed to validate against additional properties', extra);
    if (typeof data.api_key !== 'string' || data.api_key.length !== 64) return invalid(ctx, 'api_key', 'maxLength', 'Value must be a string of 64 characters');
    if (data.api_key !== DEMO_LOGIN.apiKey) return failed(ctx, 401);
    return granted(ctx, 201, issue(ACCOUNTS.demo, undefined, 'cb_api_auth'), { accountId: ACCOUNTS.demo });
  }

  function refresh(ctx, body) {
    const record = valid(ctx.token);
    if (!record) return failed(ctx, 401);
    if (record.noRenewal) return failed(ctx, 403);
    if (body?.action !== 'refresh_token') return invalid(ctx, 'action', 'enum', 'Value not found in enumerated list of values');
    const { accountId, owner, method, ...flags } = record;
    return granted(ctx, 200, issue(accountId, owner, method, { trialEnded: flags.trialEnded }), record);
  }

  /** `cb_token_auth.erl`: deletes the token's document from the token database; a JWT has none. */
  function signOut(ctx) {
    if (!valid(ctx.token)) return failed(ctx, 401);
    const envelope = { ...successEnvelope({ data: {}, requestId: ctx.requestId, now: ctx.now, revision: 'automatic' }), version: VERSION };
    return jsonReply(200, envelope);
  }

  return {
    /** Whether `path` is one of the sign-in routes. */
    owns: (path) => PATHS.has(path),

    /** The reply to a sign-in route; reads the request body (its `data` keys, not values, go to `ctx.logEntry`). */
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
      if (ctx.logEntry) ctx.logEntry.bodyKeys = Object.keys(body.data);
      return route === 'PUT /v2/user_auth' ? userAuth(ctx, body.data) : apiAuth(ctx, body.data);
    },

    /** Whether an account route belongs here: `users/{user}/auth` (reset_signature_secret). */
    ownsAccountRoute: (route) => /^users\/[^/]+\/auth$/.test(route ?? ''),

    /**
     * `PUT /v2/accounts/{account}/users/{user}/auth` (`cb_auth.erl`): an admin, or the user
     * themself, may reset the user's signature secret, which ends every session of theirs.
     */
    async accountReply(ctx, req) {
      const text = await readBody(req);
      const user = ctx.route.split('/')[1];
      if (req.method !== 'PUT') return failed(ctx, 405, { headers: { allow: 'PUT, OPTIONS' } });
      const record = valid(ctx.token);
      if (!record) return failed(ctx, 401);
      if (record.accountId !== ctx.accountId || record.owner !== user) return failed(ctx, 403);
      const body = text === null ? undefined : parseJson(text);
      if (body?.action !== 'reset_signature_secret') return invalid(ctx, 'action', 'enum', 'Value not found in enumerated list of values');
      secrets.set(user, (secrets.get(user) ?? 0) + 1);
      const envelope = { ...successEnvelope({ data: {}, requestId: ctx.requestId, now: ctx.now, revision: 'automatic' }), version: VERSION };
      return jsonReply(200, envelope);
    },

    /** Why an issued token may not make this account request (401, or 400 for an account whose trial ended), or null when it may. */
    deny(ctx) {
      const record = valid(ctx.token);
      if (!record) return errorReply(ctx, 401);
      if (record.trialEnded) return expired(ctx);
      return null;
    },
  };
}
