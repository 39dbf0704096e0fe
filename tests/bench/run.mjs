#!/usr/bin/env node
// Benchmark: the package's `transactions()` against a hand-written JS client (peer-client.mjs)
// and the fetch + text + JSON.parse floor, in one headless Chromium page; plus init() time,
// package size and wasm memory. Run with `make bench` (builds pkg/ first) or, with pkg/ built,
//
//   node tests/bench/run.mjs [--runs 21] [--warmup 5] [--sizes 100,10000,100000] [--forms kazoo,tidy] [--no-write]
//
// Prints a table and writes it into docs/README-bench.md between the bench markers.
import http from 'node:http';
import os from 'node:os';
import { readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { transactionsEnvelope, FORMS } from './payload.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.mjs';
import { packageSizes } from '../../scripts/package-size.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const pkgDir = join(root, 'pkg');
const docPath = join(root, 'docs', 'README-bench.md');

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '21' },
    warmup: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '100,10000,100000' },
    forms: { type: 'string', default: Object.keys(FORMS).join(',') },
    'init-runs': { type: 'string', default: '25' },
    'no-write': { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const warmup = Number(args.warmup);
const sizes = args.sizes.split(',').map(Number);
const forms = args.forms.split(',');
for (const f of forms) if (!FORMS[f]) throw new Error(`unknown form ${f}: one of ${Object.keys(FORMS).join(', ')}`);
if (!existsSync(join(pkgDir, 'audian_billing_bg.wasm'))) throw new Error('pkg/ is not built: run `make build` (or `make bench`)');

// ---------------------------------------------------------------- server

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json' };
const PAGE = '<!doctype html><meta charset="utf-8"><title>audian-billing bench</title><script type="module" src="/bench/page.mjs"></script>';

function startServer(payloads) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const send = (status, type, body, extra = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': body.length, ...extra });
      res.end(body);
    };
    const rows = /^\/v2\/accounts\/bench-(\w+-\d+)\/transactions$/.exec(url.pathname);
    if (rows && payloads.has(rows[1])) {
      return send(200, 'application/json', payloads.get(rows[1]), { 'x-request-id': 'f'.repeat(32) });
    }
    if (url.pathname === '/') return send(200, 'text/html', Buffer.from(PAGE));
    const [, dir, rest] = /^\/(bench|pkg)\/([\w./-]+)$/.exec(url.pathname) ?? [];
    if (dir && !rest.includes('..')) {
      const file = join(dir === 'pkg' ? pkgDir : here, rest);
      if (existsSync(file) && statSync(file).isFile()) return send(200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
    }
    send(404, 'text/plain', Buffer.from('not found'));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---------------------------------------------------------------- run

const fmtKiB = (n) => `${(n / 1024).toFixed(1)} KiB`;
const ratio = (a, b) => (a / b).toFixed(2);

// Keyed `${form}-${rows}`, the account id's tail in the page's URLs.
const payloads = new Map(forms.flatMap((f) => sizes.map((n) => [`${f}-${n}`, Buffer.from(transactionsEnvelope(n, f))])));
const server = await startServer(payloads);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
let report;
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => typeof window.benchDecode === 'function');
  const init = await page.evaluate((n) => window.benchInit(n), Number(args['init-runs']));
  const decode = await page.evaluate(([f, s, r, w]) => window.benchDecode(f, s, r, w), [forms, sizes, runs, warmup]);
  const memory = await page.evaluate(([f, n]) => window.benchMemory(f, n), [forms[0], Math.max(...sizes)]);
  report = { init, decode, memory, sizes: packageSizes(pkgDir), chromium: browser.version() };
} finally {
  await browser.close();
  server.close();
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Chromium ${report.chromium}, Node ${process.version}`;
const lines = [];
lines.push(`Medians of ${runs} interleaved runs after ${warmup} warm-up runs each; one headless Chromium page; localhost HTTP.`);
lines.push(`Machine: ${machine}. Date: ${new Date().toISOString().slice(0, 10)}.`);
lines.push('');
lines.push('| form | rows | body | floor ms | peer ms | ours ms | ours / peer | ours / floor | peer / floor | same output |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|');
for (const f of forms) {
  for (const n of sizes) {
    const d = report.decode[`${f}-${n}`];
    lines.push(`| ${f} | ${n.toLocaleString('en-US')} | ${fmtKiB(payloads.get(`${f}-${n}`).length)} | ${d.floor.toFixed(2)} | ${d.peer.toFixed(2)} | ${d.ours.toFixed(2)} | **${ratio(d.ours, d.peer)}** | **${ratio(d.ours, d.floor)}** | ${ratio(d.peer, d.floor)} | ${d.same ? 'yes' : 'NO'} |`);
  }
}
lines.push('');
const s = report.sizes;
lines.push('| package | raw | gzip -9 | brotli 11 |');
lines.push('|---|---:|---:|---:|');
lines.push(`| \`.wasm\` | ${fmtKiB(s.wasm.raw)} | ${fmtKiB(s.wasm.gzip)} | ${fmtKiB(s.wasm.brotli)} |`);
lines.push(`| JS glue (entry + snippets) | ${fmtKiB(s.glue.raw)} | ${fmtKiB(s.glue.gzip)} | ${fmtKiB(s.glue.brotli)} |`);
lines.push(`| **total** | ${fmtKiB(s.total.raw)} | **${fmtKiB(s.total.gzip)}** | ${fmtKiB(s.total.brotli)} |`);
lines.push('');
lines.push(`\`init()\` from the \`.wasm\` bytes (compile + instantiate), median of ${args['init-runs']} fresh instances: **${report.init.median.toFixed(2)} ms** (p25 ${report.init.p25.toFixed(2)}, p75 ${report.init.p75.toFixed(2)}).`);
lines.push(`Wasm memory: ${fmtKiB(report.memory.before)} after \`init()\`, **${(report.memory.after / 2 ** 20).toFixed(1)} MiB** after one \`transactions()\` of ${Math.max(...sizes).toLocaleString('en-US')} ${forms[0]}-form rows (${fmtKiB(payloads.get(`${forms[0]}-${Math.max(...sizes)}`).length)} body).`);
const table = lines.join('\n');
console.log(table);

if (!args['no-write']) {
  const begin = '<!-- bench:begin (written by tests/bench/run.mjs) -->';
  const end = '<!-- bench:end -->';
  const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : `# Benchmark\n\n${begin}\n${end}\n`;
  const at = doc.indexOf(begin);
  const to = doc.indexOf(end);
  const next = at >= 0 && to > at
    ? `${doc.slice(0, at + begin.length)}\n${table}\n${doc.slice(to)}`
    : `${doc}\n${begin}\n${table}\n${end}\n`;
  writeFileSync(docPath, next);
  console.log(`\nwritten to ${docPath}`);
}
