// The mock's sign-in routes (auth.mjs): node --test tests/mock/auth.test.mjs

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMock, ACCOUNTS, DEMO_TOKEN } from './server.mjs';
import { createAuth, DEMO_LOGIN, LOCKED_ACCOUNT_NAME, BUSY_ACCOUNT_NAME } from './auth.mjs';

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
      assert.equal(claims.account_id, ACCOUNTS.demo);
      assert.equal(claims.exp - claims.iat, 3600, 'Kazoo default token_auth_expiry_s');
      assert.equal(claims.iat, Date.parse(NOW) / 1000, 'the mock clock');
    }
  });

  test('api_auth with the demo key; the token reads every account like the static one', async () => {
    const { res, body } = await reply('PUT', '/v2/api_auth', { body: { data: { api_key: DEMO_LOGIN.apiKey } } });
    assert.equal(res.status, 201);
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
  test('refresh gives a new token; a read-only token is 403 on a non-GET, a full one is not', async () => {
    const readOnly = await signIn({ credentials: credentials('md5'), account_name: DEMO_LOGIN.accountName, restrictions: { get: ['#'] } });
    const token = readOnly.body.auth_token;
    const refreshed = await reply('PUT', '/v2/auth', { token, body: { action: 'refresh_token', data: {} } });
    assert.equal(refreshed.res.status, 200);
    assert.notEqual(refreshed.body.auth_token, token);
    assert.equal(refreshed.body.data.account_id, ACCOUNTS.demo);
    for (const t of [token, refreshed.body.auth_token]) {
      const put = await demoAccount(t, { method: 'PUT' });
      // A known route refuses PUT first (405); an unknown one reaches the token check.
      assert.equal(put.status, 405);
      const users = await fetch(`${mock.url}/v2/accounts/${ACCOUNTS.demo}/users`, { method: 'PUT', headers: { 'x-auth-token': t } });
      assert.equal(users.status, 403);
      assert.equal((await users.json()).data.message, 'access denied by token restrictions');
    }
    const full = await signIn({ credentials: credentials('md5'), account_name: DEMO_LOGIN.accountName });
    const users = await fetch(`${mock.url}/v2/accounts/${ACCOUNTS.demo}/users`, { method: 'PUT', headers: { 'x-auth-token': full.body.auth_token } });
    assert.equal(users.status, 404);
    const bad = await reply('PUT', '/v2/auth', { token, body: { action: 'other' } });
    assert.equal(bad.res.status, 400);
  });

  test('sign-out revokes: the token is 401 afterwards, for calls, renewal and a second sign-out', async () => {
    const { body } = await signIn({ credentials: credentials('md5'), account_name: DEMO_LOGIN.accountName });
    const token = body.auth_token;
    assert.equal((await send('DELETE', '/v2/token_auth', { token })).status, 200);
    assert.equal((await demoAccount(token)).status, 401);
    assert.equal((await send('PUT', '/v2/auth', { token, body: { action: 'refresh_token', data: {} } })).status, 401);
    assert.equal((await send('DELETE', '/v2/token_auth', { token })).status, 401);
    assert.equal((await send('DELETE', '/v2/token_auth')).status, 401);
    assert.equal((await demoAccount(DEMO_TOKEN)).status, 200, 'the static token keeps working');
    assert.equal((await demoAccount('eyJhbGciOiJIUzI1NiJ9.e30.forged')).status, 401);
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
      assert.equal(claims.exp - claims.iat, 120);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    const bad = spawn(process.execPath, [path.join(HERE, 'server.mjs'), '--token-lifetime', 'soon'], { stdio: 'ignore' });
    const [code] = await once(bad, 'exit');
    assert.equal(code, 2);
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
