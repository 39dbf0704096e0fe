// <audian-billing-widget> as portal developers install it: `import "audian-billing/widget"` from
// the packed tarball, in
//   1. strict TypeScript without React (the widget's types need no @types/react);
//   2. a React 19 + strict TypeScript app (JSX typings from `audian-billing/widget/react`, no
//      hand-written declarations), type-checked, then built with Vite 7 and run in Chromium;
//   3. the same app under the Vite 7 dev server, with no config (the pre-bundled dependency must
//      still find its .wasm);
//   4. a webpack 5 production build with webpack's defaults;
//   5. a plain <script type="module"> page under a strict CSP (`style-src 'self'`), no bundler.
// React, react-dom and their types are linked from the repository's node_modules (offline).

import assert from "node:assert/strict";
import { copyFile, mkdir, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";

import { ACCOUNTS, DEMO_TOKEN, startMock } from "../mock/server.mjs";
import { FIXTURES, NOW, ROOT, STRICT_COMPILER_OPTIONS, assertRan, launchChromium, makeConsumer, npm, repoTool, run } from "./helpers.mjs";

const SLOW = { timeout: 120_000 };
const REACT_PACKAGES = ["react", "react-dom", "scheduler", "csstype", "@types/react", "@types/react-dom"];

let consumer;
let api;
let browser;
let site;

const tsc = () => repoTool("typescript/bin/tsc", "typescript");
const vite = async () => import(pathToFileURL(repoTool("vite/dist/node/index.js", "vite")).href);

/** A strict tsconfig for `files` in `dir`; resolves to tsc's result. */
async function typecheck(dir, files, extra = {}) {
  const config = {
    compilerOptions: { ...STRICT_COMPILER_OPTIONS, module: "esnext", moduleResolution: "bundler", ...extra },
    files,
  };
  await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
  return run(process.execPath, [tsc(), "-p", "tsconfig.json", "--pretty", "false"], { cwd: dir });
}

/** Opens `url` and waits for the widget to settle; returns what it shows and what went wrong. */
async function openWidget(url, { waitFor = "ready" } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
  });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.clock.setFixedTime(new Date(NOW)); // the mock's data is around NOW
  try {
    await page.goto(url);
    await page.waitForFunction(
      (want) => {
        const w = document.querySelector("audian-billing-widget");
        return w && w.shadowRoot && w.shadowRoot.querySelector(".abw")?.dataset.state === want;
      },
      waitFor,
      { timeout: 30_000 },
    ).catch(() => {});
    return {
      problems,
      ...(await page.evaluate(() => {
        const w = document.querySelector("audian-billing-widget");
        const root = w?.shadowRoot;
        return {
          defined: Boolean(customElements.get("audian-billing-widget")),
          state: root?.querySelector(".abw")?.dataset.state ?? "(none)",
          balance: root?.querySelector('[data-part="balance-amount"]')?.textContent ?? null,
          rows: root?.querySelectorAll('[data-part="transaction-row"]').length ?? 0,
          sheets: root?.adoptedStyleSheets.length ?? 0,
          cardBorder: root?.querySelector(".abw-card") ? getComputedStyle(root.querySelector(".abw-card")).borderTopStyle : null,
          attributes: w ? [...w.attributes].map((a) => a.name) : [],
          loaded: document.querySelector("main")?.dataset.loaded ?? null,
          csp: window.__csp,
        };
      })),
    };
  } finally {
    await context.close();
  }
}

function assertShowsBalance(shown, what) {
  const diagnostics = `\n${what} showed: ${JSON.stringify(shown, null, 2)}`;
  assert.equal(shown.defined, true, `the element is defined${diagnostics}`);
  assert.equal(shown.state, "ready", `the widget finished loading${diagnostics}`);
  assert.match(shown.balance ?? "", /^\$[\d,]+\.\d\d$/, `a balance in dollars and cents${diagnostics}`);
  assert.ok(shown.rows > 0, `transaction rows${diagnostics}`);
  assert.equal(shown.sheets, 1, "its stylesheet travels with it (adopted)");
  assert.equal(shown.cardBorder, "solid", "the stylesheet applies");
  assert.deepEqual(shown.csp, [], `no CSP violation${diagnostics}`);
}

describe("the widget from the npm package", { timeout: 600_000 }, () => {
  before(async () => {
    consumer = await makeConsumer("audian-billing-widget-consumer-");
    api = await startMock({ now: NOW });
    browser = await launchChromium();
    site = await startMock({ now: NOW, staticRoot: consumer.dir });
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await api?.close();
    await consumer?.cleanup();
  });

  test("strict TypeScript without React: the element, its properties and its typed events", SLOW, async () => {
    const dir = path.join(consumer.dir, "ts-widget");
    await mkdir(dir, { recursive: true });
    await copyFile(path.join(FIXTURES, "typescript", "widget.ts"), path.join(dir, "widget.ts"));
    assert.equal(existsSync(path.join(consumer.dir, "node_modules", "@types", "react")), false, "no @types/react in this project");
    const result = await typecheck(dir, ["widget.ts"]);
    assert.equal(result.code, 0, `tsc --strict on fixtures/typescript/widget.ts:\n${result.stdout}${result.stderr}`);
  });

  describe("React 19 + strict TypeScript + Vite 7", () => {
    let app;

    before(async () => {
      app = path.join(consumer.dir, "react-app");
      await mkdir(app, { recursive: true });
      await writeFile(path.join(app, "package.json"), JSON.stringify({ name: "react-portal", private: true, type: "module" }));
      assertRan(await npm(["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", consumer.tarball], { cwd: app }), "npm install <tarball>");
      for (const name of REACT_PACKAGES) {
        const from = path.join(ROOT, "node_modules", name);
        assert.ok(existsSync(from), `${name} is missing from the repository's node_modules: run npm ci`);
        const to = path.join(app, "node_modules", name);
        await mkdir(path.dirname(to), { recursive: true });
        await symlink(from, to, "dir");
      }
      for (const file of ["App.tsx", "index.html"]) await copyFile(path.join(FIXTURES, "react", file), path.join(app, file));
    });

    test("the JSX type-checks with no hand-written declarations, and misuse is rejected", SLOW, async () => {
      const result = await typecheck(app, ["App.tsx"], { jsx: "react-jsx" });
      assert.equal(result.code, 0, `tsc --strict on fixtures/react/App.tsx:\n${result.stdout}${result.stderr}`);
      // The @ts-expect-error lines fail for their reasons: without the directives, exactly those errors.
      const source = await import("node:fs/promises").then((fs) => fs.readFile(path.join(app, "App.tsx"), "utf8"));
      const expected = [...source.matchAll(/@ts-expect-error (TS\d+)/g)].map((m) => m[1]);
      await writeFile(path.join(app, "Misuse.tsx"), source.replace(/@ts-expect-error TS\d+/g, "(expected error below)"));
      const misuse = await typecheck(app, ["Misuse.tsx"], { jsx: "react-jsx" });
      const seen = [...`${misuse.stdout}${misuse.stderr}`.matchAll(/error (TS\d+)/g)].map((m) => m[1]);
      assert.deepEqual(seen.sort(), expected.sort(), `${misuse.stdout}${misuse.stderr}`);
    });

    const query = () => new URLSearchParams({ api: api.url, account: ACCOUNTS.tidy, token: DEMO_TOKEN });

    test("a Vite 7 build (no config) runs in Chromium", SLOW, async () => {
      const { build } = await vite();
      const outDir = path.join(consumer.dir, "react-dist");
      await build({ root: app, base: "./", configFile: false, envFile: false, logLevel: "error", build: { outDir, emptyOutDir: true } });
      const shown = await openWidget(`${site.url}/react-dist/index.html?${query()}`);
      assertShowsBalance(shown, "the Vite build");
      assert.deepEqual(shown.problems, []);
      assert.equal(shown.loaded, "yes", "onaudian-billing-load reached React");
      assert.ok(shown.attributes.includes("hide-header") && !shown.attributes.some((a) => /token/i.test(a)), `attributes: ${shown.attributes}`);
    });

    test("the Vite 7 dev server (no config): the pre-bundled widget still finds its .wasm", SLOW, async () => {
      const { createServer } = await vite();
      const server = await createServer({
        root: app,
        configFile: false,
        envFile: false,
        logLevel: "error",
        server: { host: "127.0.0.1", port: 0, strictPort: false },
      });
      await server.listen();
      try {
        const url = server.resolvedUrls.local[0];
        const shown = await openWidget(`${url}?${query()}`);
        assertShowsBalance(shown, "the Vite dev server");
        assert.equal(shown.loaded, "yes");
        assert.ok(!shown.problems.some((p) => /magic word/.test(p)), shown.problems.join("\n"));
      } finally {
        await server.close();
      }
    });
  });

  const PORTAL_JS = `const q = new URLSearchParams(location.search);
const w = document.querySelector("audian-billing-widget");
w.setAttribute("base-url", q.get("api"));
w.setAttribute("account-id", q.get("account"));
w.authToken = q.get("token");\n`;
  const apiQuery = () => new URLSearchParams({ api: api.url, account: ACCOUNTS.tidy, token: DEMO_TOKEN });

  test("a webpack 5 build with webpack's defaults (no asyncWebAssembly, no loader)", SLOW, async () => {
    const dir = path.join(consumer.dir, "webpack-app");
    const outDir = path.join(consumer.dir, "webpack-dist");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "main.js"), `import "audian-billing/widget";\n${PORTAL_JS}`);
    const { default: webpack } = await import(pathToFileURL(repoTool("webpack/lib/index.js", "webpack")).href);
    const stats = await new Promise((resolve, reject) =>
      webpack(
        { mode: "production", context: dir, entry: "./main.js", output: { path: outDir, filename: "main.js", publicPath: "auto" }, performance: { hints: false } },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    const info = stats.toJson({ all: false, errors: true, warnings: true, assets: true });
    assert.deepEqual(info.errors, [], "webpack errors");
    assert.deepEqual(info.warnings, [], "webpack warnings");
    assert.ok(info.assets.some((a) => a.name.endsWith(".wasm")), `the .wasm is emitted: ${info.assets.map((a) => a.name)}`);
    await writeFile(
      path.join(outDir, "index.html"),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><script defer src="./main.js"></script></head>
<body><main><audian-billing-widget></audian-billing-widget></main></body></html>\n`,
    );
    const shown = await openWidget(`${site.url}/webpack-dist/index.html?${apiQuery()}`);
    assertShowsBalance(shown, "the webpack build");
    assert.deepEqual(shown.problems.filter((p) => !/status of 404/.test(p)), []);
  });

  test("a plain <script type=module> page under a strict CSP, no bundler, no import map", SLOW, async () => {
    const dir = path.join(consumer.dir, "plain-widget");
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, "index.html"),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="/node_modules/audian-billing/widget/audian-billing-widget.js"></script>
<script type="module" src="./portal.js"></script></head>
<body><main><audian-billing-widget></audian-billing-widget></main></body></html>\n`,
    );
    await writeFile(path.join(dir, "portal.js"), PORTAL_JS);
    const shown = await openWidget(`${site.url}/plain-widget/index.html?${apiQuery()}`);
    assertShowsBalance(shown, "the plain page");
    assert.deepEqual(shown.problems.filter((p) => !/status of 404/.test(p)), []);
  });
});
