#!/usr/bin/env node
// Benchmark of <audian-billing-widget>'s cold load: how many API requests (and CORS preflights)
// it makes, in how many waves, and how long after its module has loaded the `audian-billing-load`
// event fires, with every answer 300 ms late: the API's (a proxy in front of the mock delays each
// /v2 answer, preflights included) and the page's own files (page, module, .wasm). Two set-ups:
// same origin (page and API on one loopback port) and cross-origin (the page on another port,
// so every new URL pays a preflight). Fresh browser context per load (no cache); the runs of all
// set-ups are interleaved and medians reported, since the machine is shared and noisy.
// Also the gzipped sizes of the client and the widget, written to docs/bench-sizes.json (the npm
// page's figures come from there). Run with `make bench`, or with pkg/ built:
//
//   node tests/bench/widget.mjs [--runs 5] [--delay 300] [--no-write]
import http from "node:http";
import os from "node:os";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../support/chromium.mjs";
import { startMock, ACCOUNTS, DEMO_TOKEN } from "../mock/server.mjs";
import { packageSizes } from "../../scripts/package-size.mjs";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
const pkgDir = join(root, "pkg");
const docPath = join(root, "docs", "README-bench.md");
const sizesPath = join(root, "docs", "bench-sizes.json");
const NOW = "2026-11-20T17:30:00Z";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    delay: { type: "string", default: "300" },
    "no-write": { type: "boolean", default: false },
  },
});
const runs = Number(args.runs);
const delay = Number(args.delay);
if (!existsSync(join(pkgDir, "widget", "audian-billing-widget.js"))) throw new Error("pkg/ is not built: run `make build`");

// ---------------------------------------------------------------- sizes

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const client = packageSizes(pkgDir);
const sizes = {
  date: new Date().toISOString().slice(0, 10),
  wasmGzip: client.wasm.gzip,
  glueGzip: client.glue.gzip,
  // The widget's one module (its code, stylesheet, and the client's glue): what it adds to the glue.
  widgetGzip: gz(join(pkgDir, "widget", "audian-billing-widget.js")) - client.glue.gzip,
  bundleGzip: gz(join(pkgDir, "widget", "audian-billing-widget.js")),
};

// ---------------------------------------------------------------- servers

const PAGE = `<!doctype html><meta charset="utf-8"><title>widget cold load</title>
<audian-billing-widget></audian-billing-widget>
<script type="module">
  // When the page asked for each API URL (ms since navigation): the waves.
  window.calls = [];
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.includes("/v2/")) window.calls.push({ t: performance.now(), url: url.split("/v2/")[1] });
    return fetch0.call(this, input, init);
  };
  const q = new URLSearchParams(location.search);
  const w = document.querySelector("audian-billing-widget");
  if (q.get("floor")) {
    // The network's floor for one wave: the .wasm, then N requests at once (distinct URLs with
    // the token header, so cross-origin each pays its preflight), with no widget.
    window.result = (async () => {
      const api = q.get("api") + "/v2/accounts/" + q.get("account");
      await import("/pkg/audian_billing.js");
      window.moduleLoaded = performance.now();
      await (await fetch("/pkg/audian_billing_bg.wasm")).arrayBuffer();
      const headers = { "X-Auth-Token": q.get("token"), Accept: "application/json" };
      await Promise.all(Array.from({ length: Number(q.get("floor")) }, (_, i) => fetch(api + "?floor=" + i, { headers, credentials: "omit" }).then((r) => r.text())));
      return { ok: true, ms: performance.now() - window.moduleLoaded };
    })();
  } else window.result = new Promise((resolve) => {
    w.addEventListener("audian-billing-load", () => resolve({ ok: true, ms: performance.now() - window.moduleLoaded }));
    w.addEventListener("audian-billing-error", (e) => resolve({ ok: false, error: e.detail }));
  });
  if (!q.get("floor")) {
  await import("/pkg/widget/audian-billing-widget.js");
  window.moduleLoaded = performance.now();
  w.setAttribute("base-url", q.get("api"));
  w.setAttribute("account-id", q.get("account"));
  if (q.get("version")) w.setAttribute("server-version", q.get("version"));
  w.authToken = q.get("token");
  }
</script>`;

/**
 * Serves the page, and forwards everything else to the mock (pkg/ files and /v2), each answer
 * `delay` ms late; counts the API requests and preflights it forwards.
 */
function startProxy(target) {
  const counts = { api: 0, preflights: 0 };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    await new Promise((r) => setTimeout(r, delay));
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html", "cache-control": "no-store" });
      return res.end(PAGE);
    }
    if (url.pathname.startsWith("/v2/")) {
      if (req.method === "OPTIONS") counts.preflights += 1;
      else counts.api += 1;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "connection", "accept-encoding"].includes(k)));
    const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers });
    const body = Buffer.from(await upstream.arrayBuffer());
    const out = Object.fromEntries([...upstream.headers].filter(([k]) => !["content-encoding", "transfer-encoding", "content-security-policy", "connection", "content-length"].includes(k)));
    res.writeHead(upstream.status, { ...out, "content-length": body.length, "cache-control": "no-store" });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, counts, url: `http://127.0.0.1:${server.address().port}` })));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Waves: API requests the page issued together; a new wave starts `delay`/2 after the last one's start. */
function waves(starts) {
  let n = 0;
  let first = -Infinity;
  for (const t of [...starts].sort((a, b) => a - b)) {
    if (t - first > delay / 2) {
      n += 1;
      first = t;
    }
  }
  return n;
}

const mock = await startMock({ now: NOW, staticRoot: root });
const pageServer = await startProxy(mock.url); // the page, pkg/ and (same origin) the API
const apiServer = await startProxy(mock.url); // the API for a cross-origin page
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const dialects = [
  ["Kazoo 5.x (demo)", ACCOUNTS.demo, "5.4.32"],
  ["Kazoo 4.2", ACCOUNTS.kazoo42, "4.2"],
  ["Audian's documented API", ACCOUNTS.tidy, "audian"],
  ["Kazoo 5.x, version not given", ACCOUNTS.demo, ""],
  // Not the widget: the .wasm, then 12 requests in one wave (the most a cold load may make).
  ["floor: .wasm + 12 requests at once", ACCOUNTS.demo, "", 12],
];
const setups = [];
for (const cross of [false, true]) {
  for (const [name, account, version, floor] of dialects) setups.push({ name, account, version, floor, cross, samples: [] });
}
const loads = [];
try {
  for (let i = 0; i < runs; i += 1) {
    loads.push(os.loadavg()[0]);
    for (const setup of setups) {
      const api = setup.cross ? apiServer : pageServer;
      const context = await browser.newContext({ timezoneId: "America/New_York" });
      const page = await context.newPage();
      await page.clock.setFixedTime(new Date(NOW));
      for (const s of [pageServer, apiServer]) Object.assign(s.counts, { api: 0, preflights: 0 });
      const query = new URLSearchParams({ account: setup.account, token: DEMO_TOKEN, api: api.url, version: setup.version, floor: setup.floor ?? "" });
      await page.goto(`${pageServer.url}/?${query}`);
      const r = await page.evaluate(() => window.result);
      const timing = await page.evaluate(() => ({
        module: window.moduleLoaded,
        calls: window.calls,
      }));
      if (process.env.BENCH_URLS) console.log(setup.name, setup.cross, timing.calls.map((c) => `${Math.round(c.t - timing.module)} ${c.url}`).join("\n  "));
      await context.close();
      if (!r.ok) throw new Error(`${setup.name}: the widget reported an error: ${JSON.stringify(r.error)}`);
      setup.samples.push({ ms: r.ms, module: timing.module, requests: api.counts.api, preflights: api.counts.preflights, waves: waves(timing.calls.map((c) => c.t)) });
    }
  }
} finally {
  await browser.close();
  pageServer.server.close();
  apiServer.server.close();
  await mock.close();
}

const results = setups.map((s) => {
  const m = (k) => median(s.samples.map((x) => x[k]));
  const goal = (s.cross ? 5 : 3) * delay;
  // Against the floor of the same origin set-up, run by run (the two ran back to back).
  const floor = setups.find((f) => f.floor && f.cross === s.cross);
  const ratio = median(s.samples.map((x, i) => x.ms / floor.samples[i].ms));
  return { ...s, ms: m("ms"), module: m("module"), requests: m("requests"), preflights: m("preflights"), waves: m("waves"), goal, ratio };
});
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const lines = [];
lines.push(
  `Cold loads of the widget with every answer ${delay} ms late (API answers, CORS preflights and the page's own files), ` +
    `medians of ${runs} fresh browser contexts per row, the rows' runs interleaved; 1-minute load average ` +
    `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${os.cpus().length} cores (shared). ` +
    `"after module" is from the element's module having loaded (the \`.wasm\` is fetched and compiled inside this time) ` +
    `to \`audian-billing-load\`; "module" is from navigation to the module loaded (page + one module). ` +
    `Goals: same origin ≤ 3 × ${delay} ms = ${3 * delay} ms, cross-origin ≤ 5 × ${delay} ms = ${5 * delay} ms after the module. ` +
    `Rows with a \`server-version\` set it on the element. "÷ floor" is the median, run by run, of the time over ` +
    `the floor row's of the same origin set-up, measured beside it: what the widget adds to what the network and this ` +
    `machine's load cost anyway. Date: ${sizes.date}.`,
);
lines.push("");
lines.push("| dialect | server-version | origin | API requests | preflights | waves | module | after module | × latency | ÷ floor | goal met |");
lines.push("|---|---|---|---:|---:|---:|---:|---:|---:|---:|:---:|");
for (const r of results) {
  lines.push(
    `| ${r.name} | ${r.version ? `\`${r.version}\`` : "—"} | ${r.cross ? "cross" : "same"} | ${r.requests} | ${r.preflights} | ${r.waves} | ` +
      `${Math.round(r.module)} ms | ${Math.round(r.ms)} ms | ${(r.ms / delay).toFixed(1)} | ${r.ratio.toFixed(2)} | ` +
      `${r.floor ? "—" : r.ms <= r.goal ? "yes" : "no"} |`,
  );
}
lines.push("");
lines.push(
  `Sizes (gzip -9): \`.wasm\` ${kib(sizes.wasmGzip)}, JS glue ${kib(sizes.glueGzip)}; the widget's one module ` +
    `${kib(sizes.bundleGzip)} (the glue included, so ${kib(sizes.widgetGzip)} more than the glue).`,
);
const table = lines.join("\n");
console.log(table);

if (!args["no-write"]) {
  writeFileSync(sizesPath, `${JSON.stringify(sizes, null, 2)}\n`);
  const begin = "<!-- widget-bench:begin (written by tests/bench/widget.mjs) -->";
  const end = "<!-- widget-bench:end -->";
  const doc = existsSync(docPath) ? readFileSync(docPath, "utf8") : "# Benchmark\n";
  const at = doc.indexOf(begin);
  const to = doc.indexOf(end);
  const next = at >= 0 && to > at
    ? `${doc.slice(0, at + begin.length)}\n${table}\n${doc.slice(to)}`
    : `${doc.trimEnd()}\n\n## The widget's cold load\n\n${begin}\n${table}\n${end}\n`;
  writeFileSync(docPath, next);
  console.log(`\nwritten to ${docPath} and ${sizesPath}`);
}
