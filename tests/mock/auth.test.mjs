// The mock's sign-in routes (auth.mjs): node --test tests/mock/auth.test.mjs

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMock, ACCOUNTS, DEMO_TOKEN } from './server.mjs';
import {
  createAuth, DEMO_LOGIN, LOCKED_ACCOUNT_NAME, BUSY_ACCOUNT_NAME, DISABLED_ACCOUNT_NAME, EXPIRED_ACCOUNT_NAME, TRIAL_ENDING_ACCOUNT_NAME,
  LEGACY_RENEWAL_ACCOUNT_NAME, DISABLED_USERNAME, OWNER_ID,
} from './auth.mjs';
import { createBuckets, parseBucket, KAZOO_BUCKET } from './buckets.mjs';

const NOW = '2026-03-10T12:00:00Z';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const credentials = (algorithm, username = DEMO_LOGIN.username, password = DEMO_LOGIN.password) =>
  createHash(algorithm).update(`${username.toLowerCase()}:${password}`).digest('hex');
const claimsOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

let mock;
before(async () => { mock = await startMock({ now: NOW }); });
after(() => mock.close());

const send = (method, route, { body, token } = {}) => fetch(`${mock.url}${route}`, {
  method,
  headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(token && { 'x-auth-token': token }) },
  body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
});
const reply = async (...args) => {
  const res = await send(...args);
  return { res, body: await res.json() };
};
const signIn = (data) => reply('PUT', '/v2/user_auth', { body: { data } });
const demoAccount = (token, init = {}) => fetch(`${mock.url}/v2/accounts/${ACCOUNTS.demo}`, { headers: { 'x-auth-token': token }, ...init });

describe('sign-in', () => {
  test('user_auth with each account identifier and both hashes answers a JWT for the demo account', async () => {
    for (const [data, name] of [
      [{ credentials: credentials('md5'), account_name: DEMO_LOGIN.accountName }, 'md5 + account_name'],
      [{ credentials: credentials('sha1'), method: 'sha', account_realm: DEMO_LOGIN.accountRealm }, 'sha + account_realm'],
      [{ credentials: credentials('md5', DEMO_LOGIN.username.toUpperCase()), phone_number: DEMO_LOGIN.phoneNumber, method: 'md5' }, 'phone_number, upper-case username'],
    ]) {
      const { res, body } = await signIn(data);
      assert.equal(res.status, 201, name);
      assert.equal(body.status, 'success');
      assert.equal(body.version, '5.4.32.6');
      assert.deepEqual([body.data.account_id, body.data.account_name], [ACCOUNTS.demo, DEMO_LOGIN.accountName]);
      const [header, , signature] = body.auth_token.split('.');
      assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url')), { alg: 'HS256', typ: 'JWT' });
      assert.match(signature, /^[A-Za-z0-9_-]{43}$/);
      const claims = claimsOf(body.auth_token);
      assert.deepEqual([claims.account_id, claims.owner_id, claims.method], [ACCOUNTS.demo, OWNER_ID, 'cb_user_auth']);
      assert.equal(body.data.owner_id, OWNER_ID);
      assert.equal(claims.exp, Date.parse(NOW) / 1000 + 3600, 'Kazoo default token_auth_expiry_s, on the mock clock');
      assert.equal(claims.iat, undefined, "Kazoo's JWTs carry no iat");
      assert.equal(body.timestamp, NOW, "the envelope's timestamp is the server clock");
    }
  });

  test('api_auth with the demo key; the token reads every account like the static one', async () => {
    const { res, body } = await reply('PUT', '/v2/api_auth', { body: { data: { api_key: DEMO_LOGIN.apiKey } } });
    assert.equal(res.status, 201);
    assert.equal(body.data.owner_id, undefined, 'an API key belongs to the account, not a user');
    assert.equal(claimsOf(body.auth_token).owner_id, undefined);
    assert.equal((await demoAccount(body.auth_token)).status, 200);
    const tidy = await fetch(`${mock.url}/v2/accounts/${ACCOUNTS.tidy}/balance`, { headers: { 'x-auth-token': body.auth_token } });
    assert.equal(tidy.status, 200);
  });

  test("wrong credentials get Kazoo's 401 invalid_credentials envelope", async () => {
    for (const data of [
      { credentials: credentials('md5', DEMO_LOGIN.username, 'wrong'), account_name: DEMO_LOGIN.accountName },
      { credentials: credentials('md5'), account_name: 'someone-else' },
      { credentials: credentials('md5'), method: 'sha', account_name: DEMO_LOGIN.accountName },
    ]) {
      const { res, body } = await signIn(data);
      assert.equal(res.status, 401);
      assert.deepEqual([body.error, body.message, body.data, body.status], ['401', 'invalid_credentials', { message: 'invalid credentials' }, 'error']);
    }
    const key = await reply('PUT', '/v2/api_auth', { body: { data: { api_key: 'f'.repeat(64) } } });
    assert.equal(key.res.status, 401);
  });

  test('malformed sign-ins are 400s naming the field; locked and busy accounts are 423 and 429', async () => {
    const cases = [
      [{ credentials: '', account_name: 'x' }, 'credentials'],
      [{ credentials: 'x'.repeat(65), account_name: 'x' }, 'credentials'],
      [{ credentials: 'abc', method: 'sha256', account_name: 'x' }, 'method'],
      [{ credentials: 'abc' }, 'account_name'],
      [{ credentials: 'abc', account_name: 'x', phone_number: '1' }, 'account_name'],
    ];
    for (const [data, field] of cases) {
      const { res, body } = await signIn(data);
      assert.equal(res.status, 400, JSON.stringify(data));
      assert.equal(body.message, 'validation error');
      assert.ok(body.data[field], JSON.stringify(body));
    }
    assert.equal((await reply('PUT', '/v2/api_auth', { body: { data: { api_key: 'short' } } })).res.status, 400);
    assert.equal((await send('PUT', '/v2/user_auth', { body: 'not json' })).status, 400);
    assert.equal((await send('PUT', '/v2/user_auth', { body: { data: [] } })).status, 400);
    assert.equal((await send('GET', '/v2/user_auth')).status, 405);
    const locked = await signIn({ credentials: credentials('md5'), account_name: LOCKED_ACCOUNT_NAME });
    assert.deepEqual([locked.res.status, locked.body.message], [423, 'locked']);
    const busy = await signIn({ credentials: credentials('md5'), account_name: BUSY_ACCOUNT_NAME });
    assert.deepEqual([busy.res.status, busy.res.headers.get('retry-after')], [429, '0']);
  });

  test("api_auth allows api_key and nothing else (api_auth.json: additionalProperties false); user_auth ignores restrictions", async () => {
    const extra = await reply('PUT', '/v2/api_auth', { body: { data: { api_key: DEMO_LOGIN.apiKey, restrictions: { get: ['#'] } } } });
    assert.equal(extra.res.status, 400);
    assert.equal(extra.body.message, 'validation error');
    assert.deepEqual(Object.keys(extra.body.data), ['restrictions']);
    assert.ok(extra.body.data.restrictions.additionalProperties.message);
    const user = await signIn({ credentials: credentials('md5'), account_name: DEMO_LOGIN.accountName, restrictions: { get: ['#'] } });
    assert.equal(user.res.status, 201, 'user_auth.json does not forbid other keys');
    const log = await (await fetch(`${mock.url}/__mock/requests`)).json();
    const signIns = log.filter((r) => r.method === 'PUT' && r.bodyKeys);
    assert.deepEqual(signIns.slice(-2).map((r) => r.bodyKeys), [['api_key', 'restrictions'], ['credentials', 'account_name', 'restrictions']]);
  });

  test('refusals as Kazoo 4.x/5.x send them: disabled or expired account 400, disabled user 401, ended trial 400 on later requests', async () => {
    const refused = async (account_name, username) => signIn({ credentials: credentials('md5', username), account_name });
    const disabled = await refused(DISABLED_ACCOUNT_NAME);
    assert.equal(disabled.res.status, 400);
    assert.deepEqual(disabled.body.data, { account: { disabled: { message: 'account disabled' } } });
    const expired = await refused(EXPIRED_ACCOUNT_NAME);
    assert.equal(expired.res.status, 400);
    assert.equal(expired.body.data.account.expired.message, 'account expired');
    assert.equal((await refused(DISABLED_ACCOUNT_NAME, 'someone@else.example')).res.status, 401, 'credentials are checked first');
    const user = await refused(DEMO_LOGIN.accountName, DISABLED_USERNAME);
    assert.deepEqual([user.res.status, user.body.message], [401, 'invalid_credentials'], 'a disabled user is not in the credentials view');
    const trial = await refused(TRIAL_ENDING_ACCOUNT_NAME);
    assert.equal(trial.res.status, 201);
    const later = await demoAccount(trial.body.auth_token);
    assert.equal(later.status, 400);
    assert.equal((await later.json()).data.account.expired.message, 'account expired');
  });

  test('the request log shows sign-ins (with their bodies unread by the log) and a preflight allows PUT and Content-Type', async () => {
    const pre = await fetch(`${mock.url}/v2/user_auth`, { method: 'OPTIONS' });
    assert.equal(pre.status, 204);
    assert.match(pre.headers.get('access-control-allow-methods'), /PUT/);
    assert.match(pre.headers.get('access-control-allow-headers'), /Content-Type/);
    const log = await (await fetch(`${mock.url}/__mock/requests`)).json();
    assert.ok(log.some((r) => r.method === 'PUT' && r.path === '/v2/user_auth' && r.account === null));
  });
});

describe('sessions', () => {
  test('refresh gives a new token; on a Kazoo 4.1 sign-in it is 403 (super-duper admins only)', async () => {
    const { body } = await signIn({ credentials: credentials('md5'), account_name: DEMO_LOGIN.accountName });
    const token = body.auth_token;
    const refreshed = await reply('PUT', '/v2/auth', { token, body: { action: 'refresh_token', data: {} } });
    assert.equal(refreshed.res.status, 200);
    assert.notEqual(refreshed.body.auth_token, token);
    assert.equal(refreshed.body.data.account_id, ACCOUNTS.demo);
    assert.equal(refreshed.body.data.owner_id, OWNER_ID);
    assert.equal((await demoAccount(token)).status, 200, 'the old token stays valid until its exp');
    const bad = await reply('PUT', '/v2/auth', { token, body: { action: 'other' } });
    assert.equal(bad.res.status, 400);
    const legacy = await signIn({ credentials: credentials('md5'), account_name: LEGACY_RENEWAL_ACCOUNT_NAME });
    assert.equal(legacy.body.version, '4.1.26');
    const refused = await send('PUT', '/v2/auth', { token: legacy.body.auth_token, body: { action: 'refresh_token', data: {} } });
    assert.equal(refused.status, 403);
  });

  test('DELETE token_auth answers 200 and revokes nothing (JWTs are not stored); an invalid token is 401', async () => {
    const { body } = await signIn({ credentials: credentials('md5'), account_name: DEMO_LOGIN.accountName });
    const token = body.auth_token;
    assert.equal((await send('DELETE', '/v2/token_auth', { token })).status, 200);
    assert.equal((await demoAccount(token)).status, 200, 'still valid until exp');
    assert.equal((await send('DELETE', '/v2/token_auth')).status, 401);
    assert.equal((await demoAccount(DEMO_TOKEN)).status, 200, 'the static token keeps working');
    assert.equal((await demoAccount('eyJhbGciOiJIUzI1NiJ9.e30.forged')).status, 401);
  });

  test('reset_signature_secret ends every session of that user; only the user may reset their own', async () => {
    const route = `/v2/accounts/${ACCOUNTS.demo}/users/${OWNER_ID}/auth`;
    const resetBody = { action: 'reset_signature_secret', data: {} };
    const a = (await signIn({ credentials: credentials('md5'), account_name: DEMO_LOGIN.accountName })).body.auth_token;
    const b = (await signIn({ credentials: credentials('sha1'), method: 'sha', account_name: DEMO_LOGIN.accountName })).body.auth_token;
    const key = (await reply('PUT', '/v2/api_auth', { body: { data: { api_key: DEMO_LOGIN.apiKey } } })).body.auth_token;
    assert.equal((await send('PUT', route, { token: key, body: resetBody })).status, 403, 'an API key has no user');
    assert.equal((await send('PUT', `/v2/accounts/${ACCOUNTS.demo}/users/${'0'.repeat(32)}/auth`, { token: a, body: resetBody })).status, 403);
    assert.equal((await send('PUT', route, { token: a, body: { action: 'other', data: {} } })).status, 400);
    assert.equal((await send('GET', route, { token: a })).status, 405);
    assert.equal((await send('PUT', route, { body: resetBody })).status, 401);
    const done = await reply('PUT', route, { token: a, body: resetBody });
    assert.deepEqual([done.res.status, done.body.status], [200, 'success']);
    for (const token of [a, b]) {
      assert.equal((await demoAccount(token)).status, 401, 'every token of the user');
      assert.equal((await send('PUT', '/v2/auth', { token, body: { action: 'refresh_token', data: {} } })).status, 401);
    }
    assert.equal((await demoAccount(key)).status, 200, "the API key's token is nobody's session");
    const again = (await signIn({ credentials: credentials('md5'), account_name: DEMO_LOGIN.accountName })).body.auth_token;
    assert.equal((await demoAccount(again)).status, 200, 'a new sign-in works');
  });

  test('tokens expire after the lifetime on the mock clock (a fake clock here)', () => {
    let clock = Date.parse(NOW);
    const auth = createAuth({ tokenLifetimeS: 60, now: () => clock });
    const ctx = { requestId: 'r', now: new Date(clock), path: '/v2/accounts/x' };
    const signedIn = (async () => {
      const req = fakeRequest(JSON.stringify({ data: { api_key: DEMO_LOGIN.apiKey } }), 'PUT');
      return auth.reply({ ...ctx, path: '/v2/api_auth' }, req);
    })();
    return signedIn.then((r) => {
      const token = r.json.auth_token;
      assert.equal(auth.deny({ ...ctx, token }, 'GET'), null);
      clock += 59_999;
      assert.equal(auth.deny({ ...ctx, token }, 'GET'), null, 'one millisecond left');
      clock += 1;
      assert.equal(auth.deny({ ...ctx, token }, 'GET').status, 401, 'expired');
      assert.throws(() => createAuth({ tokenLifetimeS: 0 }), /tokenLifetimeS/);
    });
  });

  test('--token-lifetime sets the lifetime of a CLI mock', async () => {
    const child = spawn(process.execPath, [path.join(HERE, 'server.mjs'), '--port', '0', '--token-lifetime', '120'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [line] = await once(child.stdout, 'data');
      const url = String(line).trim().replace(/^MOCK_URL=/, '');
      const res = await fetch(`${url}/v2/api_auth`, { method: 'PUT', body: JSON.stringify({ data: { api_key: DEMO_LOGIN.apiKey } }) });
      const claims = claimsOf((await res.json()).auth_token);
      const now = Math.floor(Date.now() / 1000);
      assert.ok(claims.exp >= now + 119 && claims.exp <= now + 120, `${claims.exp} vs ${now}`);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    const bad = spawn(process.execPath, [path.join(HERE, 'server.mjs'), '--token-lifetime', 'soon'], { stdio: 'ignore' });
    const [code] = await once(bad, 'exit');
    assert.equal(code, 2);
  });
});

describe('rate limit (buckets.mjs)', () => {
  test("Kazoo's bucket: 100 tokens, 10 a second; a sign-in costs 35, a request 1; a 429 has no Retry-After", async () => {
    const limited = await startMock({ now: NOW, tokenBucket: KAZOO_BUCKET });
    try {
      const put = (data) => fetch(`${limited.url}/v2/api_auth`, { method: 'PUT', body: JSON.stringify({ data }) });
      const first = await (await put({ api_key: DEMO_LOGIN.apiKey })).json();
      assert.deepEqual(first.tokens, { consumed: 35, remaining: 65 });
      const second = await (await put({ api_key: 'f'.repeat(64) })).json();
      assert.equal(second.tokens.remaining, 30, 'errors carry the bucket too');
      const third = await put({ api_key: DEMO_LOGIN.apiKey });
      assert.equal(third.status, 429);
      assert.equal(third.headers.get('retry-after'), null, 'Crossbar never sends Retry-After');
      const refused = await third.json();
      assert.equal(refused.message, 'too_many_requests');
      assert.equal(refused.tokens.consumed, 0);
      const account = await fetch(`${limited.url}/v2/accounts/${ACCOUNTS.demo}`, { headers: { 'x-auth-token': first.auth_token } });
      assert.equal(account.status, 200, 'each account has its own bucket');
      assert.equal((await account.json()).tokens.consumed, 1);
    } finally {
      await limited.close();
    }
  });

  test('a bucket refills at its rate up to its size, and takes nothing when it cannot pay', () => {
    let clock = 0;
    const buckets = createBuckets(KAZOO_BUCKET, () => clock);
    assert.deepEqual(buckets.take('a', 35), { ok: true, consumed: 35, remaining: 65 });
    assert.deepEqual(buckets.take('a', 35), { ok: true, consumed: 35, remaining: 30 });
    assert.deepEqual(buckets.take('a', 35), { ok: false, consumed: 0, remaining: 30 });
    assert.equal(buckets.take('b', 1).remaining, 99, 'buckets are per key');
    clock += 500;
    assert.deepEqual(buckets.take('a', 35), { ok: true, consumed: 35, remaining: 0 }, '5 tokens in half a second');
    clock += 60_000;
    assert.equal(buckets.take('a', 1).remaining, 99, 'never above its size');
    assert.deepEqual(parseBucket('100/10'), { max: 100, fillPerS: 10 });
    for (const bad of ['100', '0/10', '100/0', 'a/b', undefined]) assert.throws(() => parseBucket(bad), /--token-bucket/);
  });
});

/** A request stream with `body`, for createAuth used without a server. */
function fakeRequest(body, method) {
  const listeners = {};
  const req = { method, on: (event, fn) => { listeners[event] = fn; return req; } };
  queueMicrotask(() => {
    listeners.data?.(Buffer.from(body));
    listeners.end?.();
  });
  return req;
}
