// The package's TypeScript surface is reviewed like code: tests/package/reference/audian_billing.d.ts
// is a committed copy of the generated pkg/audian_billing.d.ts (src/web/api.rs's
// typescript_custom_section and unchecked_* attributes, plus finish-pkg.mjs). Any change to the
// generated file fails here with a diff until the reference is refreshed on purpose.
// Also: no `any` in the public API (wasm-bindgen's raw `InitOutput` exports are exempt).

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";

import { PKG, ROOT, requirePackage } from "./helpers.mjs";

const GENERATED = path.join(PKG, "audian_billing.d.ts");
const REFERENCE = path.join(ROOT, "tests", "package", "reference", "audian_billing.d.ts");
const REFRESH = "cp pkg/audian_billing.d.ts tests/package/reference/";

/** A unified-style line diff (LCS); small files only. */
function lineDiff(before, after, context = 3) {
  const a = before.split("\n");
  const b = after.split("\n");
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops = []; // [kind, text, lineInA, lineInB]
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push([" ", a[i++], i, ++j]);
    else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push(["-", a[i++], i, j]);
    else ops.push(["+", b[j++], i, j]);
  }
  const changed = ops.map((op, k) => (op[0] !== " " ? k : -1)).filter((k) => k >= 0);
  const shown = new Set(changed.flatMap((k) => Array.from({ length: 2 * context + 1 }, (_, d) => k - context + d)));
  const out = [];
  let last = -2;
  ops.forEach(([kind, text, la, lb], k) => {
    if (!shown.has(k)) return;
    if (k !== last + 1) out.push(`@@ reference line ${la}, generated line ${lb} @@`);
    out.push(`${kind}${text}`);
    last = k;
  });
  return out.join("\n");
}

/** Blanks what `pattern` matches but keeps its line breaks, so line numbers stay those of the file. */
const blank = (text, pattern) => text.replace(pattern, (m) => m.replace(/[^\n]/g, ""));
/** The text without comments, so a word in a doc comment is not mistaken for a type. */
const stripComments = (text) => blank(blank(text, /\/\*[\s\S]*?\*\//g), /\/\/.*$/gm);

/** The declaration starting at `header` up to its matching closing brace. */
function block(text, header) {
  const start = text.indexOf(header);
  assert.ok(start >= 0, `the .d.ts declares ${header.trim()}`);
  let depth = 0;
  for (let k = text.indexOf("{", start); k < text.length; k++) {
    if (text[k] === "{") depth++;
    else if (text[k] === "}" && --depth === 0) return text.slice(start, k + 1);
  }
  assert.fail(`unbalanced braces after ${header}`);
}

/**
 * wasm-bindgen's `InitOutput` lists the raw wasm exports, whose names carry hashes that change
 * with any code change (closure shims); they are not API, so they are left out of the comparison.
 */
const withoutRawExports = (text) =>
  text.replace(/^\s*readonly wasm_bindgen__convert__closures_+invoke__h[0-9a-f]+:.*$/gm, "    readonly <closure shim>;");

describe("pkg/audian_billing.d.ts", () => {
  test("matches the committed reference", () => {
    requirePackage();
    assert.ok(existsSync(REFERENCE), `no reference yet: review pkg/audian_billing.d.ts, then run\n  ${REFRESH}`);
    const generated = withoutRawExports(readFileSync(GENERATED, "utf8"));
    const reference = withoutRawExports(readFileSync(REFERENCE, "utf8"));
    if (generated !== reference) {
      assert.fail(
        "The package's TypeScript declarations changed (--- reference, +++ generated):\n\n" +
          `${lineDiff(reference, generated)}\n\n` +
          "If the change is intended, review it (it is public API: update docs/README-package.md, " +
          "CHANGELOG.md and tests/package/fixtures/typescript/consumer.ts as needed), then run\n" +
          `  ${REFRESH}`,
      );
    }
  });

  test("no `any` in the public API", () => {
    requirePackage();
    const dts = stripComments(readFileSync(GENERATED, "utf8"));
    // InitOutput lists the raw wasm exports (an internal ABI wasm-bindgen types with `any`).
    const initOutput = block(dts, "export interface InitOutput");
    const publicApi = blank(dts, initOutput);
    for (const header of ["export class BillingClient", "export declare class AudianError", "export interface Transaction "]) {
      block(publicApi, header); // present, so the scan below covers it
    }
    const offending = publicApi
      .split("\n")
      .map((line, k) => ({ line: k + 1, text: line.trim() }))
      .filter(({ text }) => /\bany\b/.test(text));
    assert.deepEqual(offending, [], "`any` in a public declaration of pkg/audian_billing.d.ts");
    assert.ok(!/\bFunction\b|\bObject\b(?!\.)/.test(publicApi), "no untyped Function/Object either");
  });

  test("declares every type the contract names, importable by name", () => {
    requirePackage();
    const dts = readFileSync(GENERATED, "utf8");
    const names = ["Transaction", "TransactionType", "TransactionPage", "Balance", "ServicePlan", "Account", "ClientOptions", "TransactionQuery", "CallOptions", "AudianErrorKind"];
    for (const name of names) {
      assert.match(dts, new RegExp(`^export (?:type|interface) ${name}\\b`, "m"), `export ${name}`);
    }
    assert.match(dts, /^export declare class AudianError extends Error\b/m);
    assert.match(dts, /^export class BillingClient\b/m);
    assert.match(dts, /^export default function \w+/m, "the default export init()");
  });
});
