// Runs inside the benchmark page (served by tests/bench/run.mjs); the runner calls these
// through Playwright. Every timing is end to end: from the call until the objects are in hand.
import { PeerClient } from './peer-client.mjs';

const TOKEN = 'bench-token';
const base = location.origin;
const accountOf = (form, n) => `bench-${form}-${n}`;
let wasmBytes;

async function bytes() {
  wasmBytes ??= new Uint8Array(await (await fetch('/pkg/audian_billing_bg.wasm')).arrayBuffer());
  return wasmBytes;
}

/** A fresh copy of the package module (a new URL gives a new module instance, uninitialized). */
async function freshPackage(tag) {
  return import(`/pkg/audian_billing.js?instance=${tag}`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** `init()` given the `.wasm` bytes: compile + instantiate, in fresh module instances. */
window.benchInit = async (runs) => {
  const input = await bytes();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const pkg = await freshPackage(`init${i}`);
    const t0 = performance.now();
    await pkg.default({ module_or_path: input.slice() });
    times.push(performance.now() - t0);
  }
  return { median: median(times), p25: quantile(times, 0.25), p75: quantile(times, 0.75) };
};

/** floor, peer and ours, interleaved run by run (rotating who goes first), after warm-up; per form and size. */
window.benchDecode = async (forms, sizes, runs, warmup) => {
  const pkg = await freshPackage('decode');
  await pkg.default({ module_or_path: await bytes() });
  const results = {};
  for (const [form, n] of forms.flatMap((f) => sizes.map((n) => [f, n]))) {
    const account = accountOf(form, n);
    const url = `${base}/v2/accounts/${account}/transactions`;
    const ours = new pkg.BillingClient({ accountId: account, authToken: TOKEN, baseUrl: base });
    const peer = new PeerClient({ accountId: account, authToken: TOKEN, baseUrl: base });
    const contenders = {
      floor: async () => JSON.parse(await (await fetch(url, { headers: { Accept: 'application/json', 'X-Auth-Token': TOKEN } })).text()),
      peer: () => peer.transactions(),
      ours: () => ours.transactions(),
    };
    // Same answers: the peer is a fair alternative only if it returns what the package returns.
    const [a, b] = [await contenders.ours(), await contenders.peer()];
    const same = JSON.stringify(a) === JSON.stringify(b);
    const names = Object.keys(contenders);
    const times = Object.fromEntries(names.map((k) => [k, []]));
    for (let r = 0; r < warmup + runs; r++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(r + k) % names.length];
        const t0 = performance.now();
        const out = await contenders[name]();
        const dt = performance.now() - t0;
        if (r >= warmup) times[name].push(dt);
        if (out === undefined) throw new Error(name);
      }
    }
    ours.free();
    results[`${form}-${n}`] = { same, rows: a.data.length, ...Object.fromEntries(names.map((k) => [k, median(times[k])])) };
  }
  return results;
};

/** Wasm memory after one `transactions()` of n rows, in a fresh instance (memory never shrinks). */
window.benchMemory = async (form, n) => {
  const pkg = await freshPackage(`memory${n}`);
  const wasm = await pkg.default({ module_or_path: await bytes() });
  const before = wasm.memory.buffer.byteLength;
  const client = new pkg.BillingClient({ accountId: accountOf(form, n), authToken: TOKEN, baseUrl: base });
  await client.transactions();
  client.free();
  return { before, after: wasm.memory.buffer.byteLength };
};
