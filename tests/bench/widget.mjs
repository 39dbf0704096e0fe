#!/usr/bin/env node
// Benchmark of <audian-billing-widget>'s cold load: how many API requests it makes and how long
// after its module has loaded the `audian-billing-load` event fires, with the mock API adding
// 300 ms to every response (a proxy in front of it delays each /v2 answer). Fresh browser context
// per load (no cache), medians over the runs, for each dialect the mock serves. Also the gzipped
// sizes of the client and the widget, written to docs/bench-sizes.json (the npm page's figures
// come from there). Run with `make bench`, or with pkg/ built:
//
//   node tests/bench/widget.mjs [--runs 5] [--delay 300] [--no-write]
import http from "node:http";
import { readFileSync, writeFileSync, existsSync, readdirSync, statSync } from "node:fs";
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
const walk = (dir) => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
const client = packageSizes(pkgDir);
const sizes = {
  date: new Date().toISOString().slice(0, 10),
  wasmGzip: client.wasm.gzip,
  glueGzip: client.glue.gzip,
  // The widget's modules, each compressed on its own (styles.js carries the stylesheet; the .css copy is not loaded).
  widgetGzip: walk(join(pkgDir, "widget")).filter((f) => f.endsWith(".js")).reduce((n, f) => n + gz(f), 0),
};

// ---------------------------------------------------------------- servers

const PAGE = `<!doctype html><meta charset="utf-8"><title>widget cold load</title>
<audian-billing-widget></audian-billing-widget>
<script type="module">
  const q = new URLSearchParams(location.search);
  const w = document.querySelector("audian-billing-widget");
  window.result = new Promise((resolve) => {
    w.addEventListener("audian-billing-load", () => resolve({ ok: true, ms: performance.now() - window.moduleLoaded }));
    w.addEventListener("audian-billing-error", (e) => resolve({ ok: false, error: e.detail }));
  });
  await import("/pkg/widget/audian-billing-widget.js");
  window.moduleLoaded = performance.now();
  w.setAttribute("base-url", location.origin);
  w.setAttribute("account-id", q.get("account"));
  w.authToken = q.get("token");
</script>`;

/** Serves the page and pkg/, and forwards /v2 to the mock, each answer `delay` ms late. */
function startProxy(target) {
  const counts = { api: 0 };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html", "cache-control": "no-store" });
      return res.end(PAGE);
    }
    if (url.pathname.startsWith("/v2/")) counts.api += 1;
    const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers: { "x-auth-token": req.headers["x-auth-token"] ?? "" } });
    const body = Buffer.from(await upstream.arrayBuffer());
    if (url.pathname.startsWith("/v2/")) await new Promise((r) => setTimeout(r, delay));
    const headers = Object.fromEntries([...upstream.headers].filter(([k]) => !["content-encoding", "transfer-encoding", "content-security-policy", "connection"].includes(k)));
    res.writeHead(upstream.status, { ...headers, "content-length": body.length, "cache-control": "no-store" });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, counts, url: `http://127.0.0.1:${server.address().port}` })));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const mock = await startMock({ now: NOW, staticRoot: root });
const proxy = await startProxy(mock.url);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const dialects = [
  ["Kazoo 5.x (demo)", ACCOUNTS.demo],
  ["Kazoo 4.2", ACCOUNTS.kazoo42],
  ["Audian's documented API", ACCOUNTS.tidy],
];
const results = [];
try {
  for (const [name, account] of dialects) {
    const times = [];
    const requests = [];
    for (let i = 0; i < runs; i += 1) {
      const context = await browser.newContext({ timezoneId: "America/New_York" });
      const page = await context.newPage();
      await page.clock.setFixedTime(new Date(NOW));
      proxy.counts.api = 0;
      await page.goto(`${proxy.url}/?${new URLSearchParams({ account, token: DEMO_TOKEN })}`);
      const r = await page.evaluate(() => window.result);
      await context.close();
      if (!r.ok) throw new Error(`${name}: the widget reported an error: ${JSON.stringify(r.error)}`);
      times.push(r.ms);
      requests.push(proxy.counts.api);
    }
    results.push({ name, ms: median(times), requests: median(requests) });
  }
} finally {
  await browser.close();
  proxy.server.close();
  await mock.close();
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const lines = [];
lines.push(`Cold loads of the widget with every API answer ${delay} ms late (same origin, so no CORS preflight), medians of ${runs} fresh browser contexts; time from the element's module having loaded (the \`.wasm\` is fetched and compiled inside this time) to \`audian-billing-load\`. Goal: at most 4 × ${delay} ms = ${4 * delay} ms. Date: ${sizes.date}.`);
lines.push("");
lines.push("| dialect | API requests per cold load | until `audian-billing-load` | goal met |");
lines.push("|---|---:|---:|:---:|");
for (const r of results) lines.push(`| ${r.name} | ${r.requests} | ${Math.round(r.ms)} ms | ${r.ms <= 4 * delay ? "yes" : "no"} |`);
lines.push("");
lines.push(`Sizes (gzip -9): \`.wasm\` ${kib(sizes.wasmGzip)}, JS glue ${kib(sizes.glueGzip)}, widget modules ${kib(sizes.widgetGzip)}.`);
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
