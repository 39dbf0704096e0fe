// What `npm publish` would upload, read with `npm pack --dry-run --json` on the built pkg/: the
// file list (everything the package loads, nothing else), package.json's metadata and entry
// points, and the README that becomes the npm page.

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";

import { PKG, ROOT, packDryRun, requirePackage } from "./helpers.mjs";

let pack; // {files: [{path, size}], size, unpackedSize, entryCount, …}
let files; // packed paths
let manifest;

const cargoField = (name) => {
  const cargo = readFileSync(path.join(ROOT, "Cargo.toml"), "utf8");
  const section = cargo.split(/^\[/m).find((s) => s.startsWith("package]"));
  return new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m").exec(section)?.[1];
};

/** `./x` or `x` → `x`; the form npm pack lists. */
const packed = (target) => target.replace(/^\.\//, "");

describe("pkg/ as npm would publish it", () => {
  before(async () => {
    requirePackage();
    pack = await packDryRun();
    files = pack.files.map((f) => f.path).sort();
    manifest = JSON.parse(readFileSync(path.join(PKG, "package.json"), "utf8"));
    console.log(
      `package: ${pack.filename}, ${pack.entryCount} files, ${pack.size} bytes packed, ${pack.unpackedSize} unpacked`,
    );
  });

  test("packs every file the package loads and nothing else", () => {
    const snippets = files.filter((f) => f.startsWith("snippets/"));
    assert.equal(snippets.length, 1, `one JS snippet (AudianError, pagedIterable): ${snippets.join(", ")}`);
    assert.match(snippets[0], /^snippets\/audian-billing-[0-9a-f]+\/js\/audian-billing\.js$/);
    const licenses = files.filter((f) => /^LICEN[CS]E/i.test(f));
    const widget = files.filter((f) => f.startsWith("widget/"));
    assert.deepEqual(
      files.filter((f) => !licenses.includes(f) && !widget.includes(f)),
      ["README.md", "audian_billing.d.ts", "audian_billing.js", "audian_billing_bg.wasm", "package.json", snippets[0]].sort(),
    );
    // The widget: one bundled module (no waterfall of imports on a plain page), the React entry,
    // their types and the stylesheet as CSS, nothing else.
    assert.deepEqual(
      widget,
      ["widget/audian-billing-widget.css", "widget/audian-billing-widget.d.ts", "widget/audian-billing-widget.js", "widget/react.d.ts", "widget/react.js"],
    );
    assert.deepEqual(licenses, ["LICENSE-APACHE", "LICENSE-MIT"], "the texts of the dual license");
  });

  test("every relative import and asset URL in the packed JavaScript is packed too", () => {
    for (const file of files.filter((f) => f.endsWith(".js"))) {
      const source = readFileSync(path.join(PKG, file), "utf8");
      const references = [
        ...source.matchAll(/\b(?:import|export)\b[^'"]*?\bfrom\s*['"](\.[^'"]+)['"]/g),
        ...source.matchAll(/\bimport\s*\(\s*['"](\.[^'"]+)['"]\s*\)/g),
        ...source.matchAll(/\bnew URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g),
      ].map((m) => m[1]);
      for (const reference of references) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), reference));
        assert.ok(files.includes(target), `${file} refers to ${reference}, which is not packed (${target})`);
      }
      if (file === "widget/audian-billing-widget.js") {
        assert.deepEqual(
          references.filter((r) => !r.endsWith(".wasm")),
          [],
          "the widget is one module: it imports nothing (the glue and its snippet are bundled in)",
        );
        assert.ok(references.includes("../audian_billing_bg.wasm"), "the bundle finds the .wasm one folder up");
      }
      if (file === "audian_billing.js") {
        assert.ok(references.includes("audian_billing_bg.wasm"), "init() finds the .wasm next to the module");
        assert.ok(references.some((r) => r.startsWith("./snippets/")), "the entry re-exports the snippet");
      }
    }
  });

  test("names, describes and licenses the package like its crate", () => {
    assert.equal(manifest.name, "audian-billing");
    assert.equal(manifest.version, cargoField("version"));
    assert.match(manifest.version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    assert.equal(manifest.description, cargoField("description"));
    assert.ok(manifest.description.length > 20);
    assert.equal(manifest.license, cargoField("license"));
    assert.match(manifest.license, /^[A-Za-z0-9.-]+( (OR|AND) [A-Za-z0-9.-]+)*$/, "an SPDX expression");
    assert.equal(manifest.repository?.type, "git");
    assert.equal(manifest.repository?.url, cargoField("repository"));
    assert.match(manifest.homepage, /^https:\/\//);
    assert.match(manifest.bugs?.url, /^https:\/\//);
    assert.ok(Array.isArray(manifest.keywords) && manifest.keywords.length >= 5, "keywords for npm search");
    for (const word of ["audian", "kazoo", "billing", "wasm"]) assert.ok(manifest.keywords.includes(word), `keyword ${word}`);
    assert.deepEqual(manifest.engines, { node: ">=20.3.0" }, "AbortSignal.any arrived in Node 20.3");
    assert.equal(manifest.private, undefined, "publishable");
    assert.equal(manifest.dependencies, undefined, "no runtime dependencies");
  });

  test("entry points: an ES module with types, exports for Node, Vite and webpack", () => {
    assert.equal(manifest.type, "module");
    assert.equal(manifest.main, "audian_billing.js");
    assert.equal(manifest.module, "audian_billing.js");
    assert.equal(manifest.types, "audian_billing.d.ts");
    assert.deepEqual(Object.keys(manifest.exports), [
      ".",
      "./widget",
      "./widget/react",
      "./widget/audian-billing-widget.css",
      "./audian_billing_bg.wasm",
      "./package.json",
    ]);
    for (const entry of ["./widget", "./widget/react"]) {
      assert.deepEqual(Object.keys(manifest.exports[entry]), ["types", "default"], `${entry}: types first`);
      for (const target of Object.values(manifest.exports[entry])) assert.ok(files.includes(packed(target)), `${target} is packed`);
    }
    const main = manifest.exports["."];
    assert.deepEqual(Object.keys(main), ["types", "default"], "`types` first, as TypeScript requires");
    assert.equal(main.types, `./${manifest.types}`);
    assert.equal(main.default, `./${manifest.main}`);
    const targets = [main.types, main.default, manifest.exports["./audian_billing_bg.wasm"], manifest.exports["./package.json"]];
    for (const target of [...targets, manifest.main, manifest.types]) {
      assert.ok(files.includes(packed(target)), `${target} is packed`);
    }
    // The web target's own setting (the JS snippets may run code on import), and the widget
    // modules that define the element when imported (a bundler must not drop `import "…/widget"`).
    assert.deepEqual(manifest.sideEffects, ["./snippets/*", "./widget/audian-billing-widget.js", "./widget/react.js"]);
    // npm always adds package.json, README and LICENSE; the rest is there because `files` lists it.
    const listed = (file) => manifest.files.some((entry) => file === entry || (entry.endsWith("/") && file.startsWith(entry)));
    for (const file of files.filter((f) => f !== "package.json" && !/^LICEN[CS]E/i.test(f))) {
      assert.ok(listed(file), `${file} is listed in package.json "files"`);
    }
  });

  test("has a README for the npm page, taken from docs/README-package.md", () => {
    assert.ok(files.includes("README.md"));
    const readme = readFileSync(path.join(PKG, "README.md"), "utf8");
    // finish-pkg.mjs's order: the package README, else the repository's.
    const source = ["docs/README-package.md", "README.md"].find((f) => existsSync(path.join(ROOT, f)));
    assert.equal(readme, readFileSync(path.join(ROOT, source), "utf8"), `pkg/README.md is a copy of ${source}: run \`make build\``);
    for (const needle of ["npm install audian-billing", "BillingClient", "AudianError", "for await", "AbortSignal", "wasm-unsafe-eval", "webpack", "Vite", "Node", "audian-billing/widget", "audian-billing-error"]) {
      assert.ok(readme.includes(needle), `the README covers ${needle}`);
    }
    for (const method of ["balance(", "transactions(", "allTransactions(", "servicePlans(", "account(", "setAuthToken("]) {
      assert.ok(readme.includes(method), `the README shows ${method}…)`);
    }
  });
});
