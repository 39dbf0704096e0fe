// The package as users get it: `npm pack` of the built pkg/, installed from the tarball into a fresh
// project in os.tmpdir(), then used four ways:
//   1. a strict TypeScript consumer (tsc --strict --noEmit), with misuse proven to be rejected;
//   2. Node 20, with init() given the .wasm bytes, against the mock API;
//   3. a Vite 7 build of a small page, in headless Chromium against the mock API;
//   4. a plain <script type="module"> page, no bundler, same check.
// Offline but for npm itself (and npm installs the tarball with --offline). Tools come from the
// repo's node_modules; the mock API runs in-process on 127.0.0.1.

import assert from "node:assert/strict";
import { copyFile, mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

import { ACCOUNTS, DEMO_TOKEN, startMock } from "../mock/server.mjs";
import {
  FIXTURES,
  NOW,
  STRICT_COMPILER_OPTIONS,
  dataset,
  idsInRange,
  launchChromium,
  makeConsumer,
  repoTool,
  run,
} from "./helpers.mjs";

const FROM = "2026-02-15T00:00:00Z";
const PAGE_SIZE = 20;
const REQUEST_ID = /^[0-9a-f]{32}$/;

let consumer;
let api; // the mock Audian API
const timings = {};

async function timed(name, work) {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = Math.round(performance.now() - started);
  }
}

// Generous limits, so a hung tool or browser fails the run instead of stalling it.
const SLOW = { timeout: 90_000 };

describe("the npm package, installed from its tarball", { timeout: 300_000 }, () => {
  before(async () => {
    consumer = await timed("pack+install", () => makeConsumer());
    Object.assign(timings, consumer.timings);
    api = await startMock({ now: NOW });
  });

  after(async () => {
    await api?.close();
    await consumer?.cleanup();
    console.log(`package consumer timings (ms): ${JSON.stringify(timings)}`);
  });

  describe("TypeScript (tsc --strict --noEmit)", () => {
    const tsc = () => repoTool("typescript/bin/tsc", "typescript");
    let dir;
    let source;

    before(async () => {
      dir = path.join(consumer.dir, "ts");
      await mkdir(dir, { recursive: true });
      source = await readFile(path.join(FIXTURES, "typescript", "consumer.ts"), "utf8");
      await writeFile(path.join(dir, "consumer.ts"), source);
    });

    /** tsc on `file` with `compilerOptions`; strict, and lib checking on (skipLibCheck: false). */
    async function typecheck(name, file, compilerOptions) {
      const config = {
        compilerOptions: { ...STRICT_COMPILER_OPTIONS, ...compilerOptions },
        files: [file],
      };
      await writeFile(path.join(dir, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
      return timed(`tsc ${name}`, () =>
        run(process.execPath, [tsc(), "-p", `tsconfig.${name}.json`, "--strict", "--noEmit", "--pretty", "false"], {
          cwd: dir,
        }),
      );
    }

    /** tsc's `file(line,col): error …` lines, each followed by the source line it points at. */
    function annotate(output) {
      return output.replace(/^([^\s(]+\.ts)\((\d+),(\d+)\): (.*)$/gm, (all, file, line, column) => {
        try {
          const text = readFileSync(path.resolve(dir, file), "utf8").split("\n")[Number(line) - 1];
          return `${all}\n    ${line} | ${text.trim()}`;
        } catch {
          return all;
        }
      });
    }

    const resolutions = {
      nodenext: { module: "nodenext", moduleResolution: "nodenext" },
      node16: { module: "node16", moduleResolution: "node16" },
      bundler: { module: "esnext", moduleResolution: "bundler" },
    };
    for (const [name, options] of Object.entries(resolutions)) {
      test(`compiles cleanly with moduleResolution ${options.moduleResolution}`, SLOW, async () => {
        const result = await typecheck(name, "consumer.ts", options);
        assert.equal(
          result.code,
          0,
          `tsc --strict --noEmit (moduleResolution ${options.moduleResolution}) rejected ` +
            "tests/package/fixtures/typescript/consumer.ts against the installed package:\n" +
            annotate(`${result.stdout}${result.stderr}`),
        );
      });
    }

    test("every @ts-expect-error line fails for the reason it names", SLOW, async () => {
      // Blank each directive (keeping line numbers), then expect exactly those errors.
      const lines = source.split("\n");
      const expected = [];
      const stripped = lines.map((line, i) => {
        // `TS2741|TS2345`: either code (compiler versions differ on a few).
        const m = /^(\s*)\/\/ @ts-expect-error (TS\d+(?:\|TS\d+)*) (.*)$/.exec(line);
        if (!m) return line;
        expected.push({ line: i + 2, codes: m[2].split("|"), code: m[2], why: m[3], text: lines[i + 1].trim() });
        return `${m[1]}//`;
      });
      assert.ok(expected.length >= 10, `expected the misuse block in consumer.ts, found ${expected.length} directives`);
      await writeFile(path.join(dir, "misuse.ts"), stripped.join("\n"));
      const result = await typecheck("misuse", "misuse.ts", resolutions.bundler);
      const output = `${result.stdout}${result.stderr}`;
      const seen = [...output.matchAll(/^misuse\.ts\((\d+),\d+\): error (TS\d+): (.*)$/gm)].map((m) => ({
        line: Number(m[1]),
        code: m[2],
        message: m[3],
      }));
      const problems = [
        ...expected
          .filter((e) => !seen.some((s) => s.line === e.line && e.codes.includes(s.code)))
          .map((e) => {
            const got = seen.filter((s) => s.line === e.line).map((s) => `${s.code} ${s.message}`);
            return `line ${e.line} (${e.why}): expected ${e.code}, got ${got.length ? got.join("; ") : "no error"}\n    ${e.text}`;
          }),
        ...seen
          .filter((s) => !expected.some((e) => e.line === s.line))
          .map((s) => `line ${s.line}: an error no directive expects: ${s.code} ${s.message}`),
      ];
      assert.deepEqual(
        problems,
        [],
        `misuse lines of tests/package/fixtures/typescript/consumer.ts that do not fail as their @ts-expect-error says:\n` +
          `${problems.join("\n")}\n\nfull tsc output:\n${annotate(output)}`,
      );
      assert.equal(seen.length, expected.length, `one error per misuse line:\n${annotate(output)}`);
    });
  });

  describe("Node 20", () => {
    let pkg;

    before(async () => {
      const dir = path.join(consumer.dir, "node");
      await mkdir(dir, { recursive: true });
      await copyFile(path.join(FIXTURES, "node", "consumer.mjs"), path.join(dir, "consumer.mjs"));
      pkg = await import(pathToFileURL(path.join(dir, "consumer.mjs")).href);
    });

    const client = (accountId, extra = {}) =>
      new pkg.BillingClient({ baseUrl: api.url, accountId, authToken: DEMO_TOKEN, ...extra });

    test("resolves through `exports` to the installed tarball and initialises from the .wasm bytes", async () => {
      const installed = path.join(consumer.dir, "node_modules", "audian-billing");
      const wasmPath = fileURLToPath(pkg.wasmUrl);
      assert.equal(wasmPath, path.join(installed, "audian_billing_bg.wasm"));
      assert.equal(JSON.parse(readFileSync(fileURLToPath(pkg.manifestUrl), "utf8")).name, "audian-billing");
      const output = await pkg.default({ module_or_path: readFileSync(wasmPath) });
      assert.ok(output.memory instanceof WebAssembly.Memory, "init() resolves to the wasm exports");
      for (const name of ["default", "initSync", "BillingClient", "AudianError"]) {
        assert.equal(typeof pkg.billing[name], "function", `export ${name}`);
      }
    });

    test("exports exactly what audian_billing.d.ts declares", () => {
      assert.deepEqual(Object.keys(pkg.billing).sort(), ["AudianError", "BillingClient", "default", "initSync"]);
    });

    test("balance: tidy /balance and Kazoo's /ledgers/total fallback", async () => {
      assert.deepEqual(await client(ACCOUNTS.tidy).balance(), { balance: 150, currency: "USD" });
      const kazoo = Math.round((await dataset(api.url, ACCOUNTS.demo)).balance * 100) / 100;
      assert.deepEqual(await client(ACCOUNTS.demo).balance(), { balance: kazoo, currency: "USD" });
      assert.deepEqual(await client(ACCOUNTS.demo, { currency: "EUR" }).balance(), { balance: kazoo, currency: "EUR" });
    });

    test("transactions: one normalized page of the requested range", async () => {
      const rows = (await dataset(api.url, ACCOUNTS.kazoo42)).transactions;
      const page = await client(ACCOUNTS.kazoo42).transactions({ from: new Date(FROM), to: NOW, pageSize: PAGE_SIZE });
      assert.deepEqual(
        page.data.map((t) => t.id),
        idsInRange(rows, FROM, NOW).slice(0, PAGE_SIZE),
      );
      assert.equal(typeof page.nextStartKey, "string");
      assert.match(page.requestId, REQUEST_ID);
      for (const t of page.data) {
        assert.match(t.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, `created of ${t.id}`);
        assert.ok(["debit", "credit", "recurring", "usage"].includes(t.type), `type of ${t.id}`);
        assert.equal(typeof t.amount, "number");
        assert.equal(typeof t.description, "string");
      }
      const next = await client(ACCOUNTS.kazoo42).transactions({ from: FROM, to: NOW, pageSize: PAGE_SIZE, startKey: page.nextStartKey });
      assert.deepEqual(
        next.data.map((t) => t.id),
        idsInRange(rows, FROM, NOW).slice(PAGE_SIZE, 2 * PAGE_SIZE),
      );
    });

    test("account and servicePlans", async () => {
      const account = await client(ACCOUNTS.demo).account();
      assert.equal(account.id, ACCOUNTS.demo);
      assert.equal(account.name, "Northwind Dental Group");
      assert.equal(account.enabled, true);
      assert.match(account.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const plans = await client(ACCOUNTS.tidy).servicePlans();
      const expected = (await dataset(api.url, ACCOUNTS.tidy)).plans;
      assert.deepEqual(
        plans.map((p) => [p.id, p.name]),
        expected.map((p) => [p.id, p.name]),
      );
    });

    test("for await over allTransactions walks every window and page", SLOW, async () => {
      const from = "2025-12-01T00:00:00Z"; // 99 days: four 31-day windows of several pages
      const rows = (await dataset(api.url, ACCOUNTS.kazoo42)).transactions;
      const seen = [];
      for await (const t of client(ACCOUNTS.kazoo42).allTransactions({ from, to: NOW, pageSize: 50 })) seen.push(t.id);
      const expected = idsInRange(rows, from, NOW);
      assert.ok(expected.length > 200, `the range should span many pages, has ${expected.length} rows`);
      assert.deepEqual(seen, expected);

      // Leaving the loop early stops the walk.
      let taken = 0;
      for await (const _ of client(ACCOUNTS.kazoo42).allTransactions({ from, to: NOW, pageSize: 10 })) {
        if (++taken === 3) break;
      }
      assert.equal(taken, 3);
    });

    test("a rejection is an AudianError and an Error, with kind, status, request id and code", async () => {
      const token = "secret-token-never-in-messages";
      const error = await client("fault-status401-node", { authToken: token }).balance().then(
        () => assert.fail("a 401 must reject"),
        (e) => e,
      );
      assert.ok(error instanceof pkg.AudianError, "instanceof AudianError");
      assert.ok(error instanceof Error, "instanceof Error");
      assert.equal(error.name, "AudianError");
      assert.equal(error.kind, "unauthorized");
      assert.equal(error.status, 401);
      assert.match(error.requestId, REQUEST_ID);
      assert.equal(error.path, undefined);
      assert.equal(error.code, "invalid_credentials");
      assert.ok(error.message.length > 0);
      assert.ok(!error.message.includes(token), "the token never appears in a message");
      assert.deepEqual(JSON.parse(JSON.stringify(error)), {
        name: "AudianError",
        kind: "unauthorized",
        message: error.message,
        status: 401,
        requestId: error.requestId,
        code: "invalid_credentials",
      });
      assert.match(String(error.stack), /AudianError/);
    });

    test("config, validation and aborted errors", async () => {
      assert.throws(
        () => new pkg.BillingClient({ accountId: "../other", authToken: DEMO_TOKEN }),
        (e) => e instanceof pkg.AudianError && e instanceof Error && e.kind === "config",
      );
      const invalid = await client("fault-badtype-node").transactions().catch((e) => e);
      assert.ok(invalid instanceof pkg.AudianError);
      assert.equal(invalid.kind, "validation");
      assert.equal(invalid.path, "data[1].type");
      assert.equal(invalid.status, 200);
      const aborted = await client(ACCOUNTS.tidy).balance({ signal: AbortSignal.abort() }).catch((e) => e);
      assert.ok(aborted instanceof pkg.AudianError);
      assert.equal(aborted.kind, "aborted");
      const iterate = async () => {
        for await (const _ of client("fault-status403-node").allTransactions()) assert.fail("no rows on a 403");
      };
      await assert.rejects(iterate, (e) => e instanceof pkg.AudianError && e.kind === "forbidden" && e.status === 403);
    });
  });

  describe("in the browser (headless Chromium)", () => {
    let browser;
    let site; // a second mock instance serving the consumer project: cross-origin to the API

    before(async () => {
      browser = await launchChromium();
      site = await startMock({ now: NOW, staticRoot: consumer.dir });
    });

    after(async () => {
      await browser?.close();
      await site?.close();
    });

    /** Opens a page, waits for it to finish, returns what it shows plus diagnostics. */
    async function load(pathname, accountId) {
      const query = new URLSearchParams({ api: api.url, account: accountId, token: DEMO_TOKEN, from: FROM, to: NOW, pageSize: String(PAGE_SIZE) });
      const context = await browser.newContext();
      const page = await context.newPage();
      const problems = [];
      const wasm = [];
      // Chromium logs every non-2xx fetch; two are expected: Kazoo's 404 on /balance (the client
      // then tries the next balance route) and the provoked 401.
      const expectedStatus = (m) =>
        /^Failed to load resource: the server responded with a status of (401|404)\b/.test(m.text()) &&
        [`${api.url}/v2/accounts/${ACCOUNTS.kazoo42}/balance`, `${api.url}/v2/accounts/fault-status401-page/balance`].includes(
          m.location().url,
        );
      page.on("console", (m) => {
        if (["error", "warning"].includes(m.type()) && !expectedStatus(m)) {
          problems.push(`console.${m.type()}: ${m.text()} (${m.location().url})`);
        }
      });
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
      page.on("requestfailed", (r) => {
        // The provoked 401 is answered; anything that did not get an answer is a problem.
        problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
      });
      page.on("response", (r) => r.url().endsWith(".wasm") && wasm.push({ url: r.url(), status: r.status(), type: r.headers()["content-type"] }));
      try {
        await page.goto(`${site.url}${pathname}?${query}`);
        await page.waitForSelector("body[data-state]", { timeout: 20_000 }).catch(() => {});
        const shown = await page.evaluate(() => {
          const part = (name) => document.querySelector(`[data-part="${name}"]`);
          return {
            state: document.body.dataset.state ?? "(never finished)",
            errorKind: document.body.dataset.errorKind,
            error: part("error")?.textContent,
            balance: part("balance")?.textContent,
            balanceValue: part("balance")?.dataset.value,
            currency: part("balance")?.dataset.currency,
            ids: [...document.querySelectorAll('[data-part="transaction-row"]')].map((row) => row.dataset.id),
            next: part("transactions")?.dataset.next,
            requestId: part("transactions")?.dataset.requestId,
          };
        });
        return { ...shown, problems, wasm };
      } finally {
        await context.close();
      }
    }

    function assertShows(shown, { balance, value, accountRows }) {
      const diagnostics = `\npage showed: ${JSON.stringify({ ...shown, ids: shown.ids.length }, null, 2)}`;
      assert.equal(shown.state, "ready", `the page did not finish: ${shown.error}${diagnostics}`);
      assert.deepEqual(shown.problems, [], `console errors or failed requests${diagnostics}`);
      assert.equal(shown.balance, balance, diagnostics);
      assert.equal(shown.balanceValue, value);
      assert.equal(shown.currency, "USD");
      assert.deepEqual(shown.ids, idsInRange(accountRows, FROM, NOW).slice(0, PAGE_SIZE), `transaction rows${diagnostics}`);
      assert.ok(shown.next, "a next page key");
      assert.match(shown.requestId, REQUEST_ID);
      assert.equal(shown.errorKind, "AudianError:unauthorized:401", "a 401 rejects with an AudianError");
      assert.equal(shown.wasm.length, 1, `one .wasm request: ${JSON.stringify(shown.wasm)}`);
      assert.equal(shown.wasm[0].status, 200);
      assert.equal(shown.wasm[0].type, "application/wasm");
    }

    test("a Vite 7 build of a page that imports the package", SLOW, async () => {
      const { build } = await import(pathToFileURL(repoTool("vite/dist/node/index.js", "vite")).href);
      const root = path.join(consumer.dir, "vite");
      const outDir = path.join(consumer.dir, "vite-dist");
      await mkdir(root, { recursive: true });
      for (const [from, to] of [["vite/index.html", "index.html"], ["vite/main.js", "main.js"], ["app.js", "app.js"]]) {
        await copyFile(path.join(FIXTURES, "web", from), path.join(root, to));
      }
      const warnings = [];
      const logger = {
        hasWarned: false,
        info() {},
        warn: (msg) => warnings.push(msg),
        warnOnce: (msg) => warnings.push(msg),
        error: (msg) => warnings.push(`error: ${msg}`),
        clearScreen() {},
        hasErrorLogged: () => false,
      };
      await timed("vite build", () =>
        build({
          root,
          base: "./",
          configFile: false,
          envFile: false,
          customLogger: logger,
          logLevel: "warn",
          build: { outDir, emptyOutDir: true },
        }),
      );
      assert.deepEqual(warnings, [], "vite build warnings");
      const assets = await readdir(path.join(outDir, "assets"));
      assert.ok(
        assets.some((f) => /^audian_billing_bg-[\w-]+\.wasm$/.test(f)),
        `the .wasm is emitted as a hashed asset: ${assets.join(", ")}`,
      );

      const rows = (await dataset(api.url, ACCOUNTS.kazoo42)).transactions;
      const shown = await timed("vite page", () => load("/vite-dist/index.html", ACCOUNTS.kazoo42));
      assertShows(shown, { balance: "$42.18", value: "42.18", accountRows: rows });
      assert.match(shown.wasm[0].url, /\/vite-dist\/assets\/audian_billing_bg-[\w-]+\.wasm$/);
    });

    test("a plain <script type=module> page, no bundler", SLOW, async () => {
      const dir = path.join(consumer.dir, "plain");
      await mkdir(dir, { recursive: true });
      for (const [from, to] of [["plain/index.html", "index.html"], ["plain/main.js", "main.js"], ["app.js", "app.js"]]) {
        await copyFile(path.join(FIXTURES, "web", from), path.join(dir, to));
      }
      const rows = (await dataset(api.url, ACCOUNTS.tidy)).transactions;
      const shown = await timed("plain page", () => load("/plain/index.html", ACCOUNTS.tidy));
      assertShows(shown, { balance: "$150.00", value: "150", accountRows: rows });
      assert.equal(new URL(shown.wasm[0].url).pathname, "/node_modules/audian-billing/audian_billing_bg.wasm");
    });
  });
});
