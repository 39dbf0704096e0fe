// The documentation against its sources: the npm page (docs/README-package.md) documents every
// public member of BillingClient and of the widget element, and the package size is stated only
// as `make bench` measured it (scripts/doc-sizes.mjs writes it from docs/bench-sizes.json).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";

import { benchSizes, sizesBlock, SIZED_DOCS } from "../../scripts/doc-sizes.mjs";
import { ROOT } from "./helpers.mjs";

const read = (file) => readFileSync(path.join(ROOT, file), "utf8");
const npmPage = read("docs/README-package.md");

/**
 * The members declared in `class Name … { … }` of a .d.ts: `{ name, call }`, where `call` tells a
 * method (documented as `name(…)`) from a property (documented as `name`).
 */
function members(dts, name) {
  const start = dts.search(new RegExp(`class ${name}\\b[^{]*\\{`));
  assert.ok(start >= 0, `class ${name} is declared`);
  const body = dts.slice(dts.indexOf("{", start) + 1, dts.indexOf("\n}", start));
  const indent = /^( +)\S/m.exec(body)[1]; // members' own lines, not their wrapped parameters
  const member = new RegExp(`^${indent}(?:static |readonly |get |set )*([A-Za-z]\\w*)\\s*([(:<])`, "gm");
  const found = new Map();
  for (const m of body.matchAll(member)) found.set(m[1], m[2] !== ":");
  return [...found].map(([name, call]) => ({ name, call }));
}

/** Whether `text` names `m` in code: `` `balance(`` or `` `client.balance(`` for a method, `` `accountId` `` for a property. */
const documents = (text, m) =>
  m.name === "constructor"
    ? text.includes("`new BillingClient(options)`")
    : new RegExp(`\`(?:\\w+\\.)?${m.name}${m.call ? "\\(" : "[`.;=]"}`).test(text);

describe("documentation", () => {
  test("the npm page documents every public member of BillingClient", () => {
    // The reference .d.ts is what the package declares (tests/package/dts-drift.test.mjs keeps it so).
    const declared = members(read("tests/package/reference/audian_billing.d.ts"), "BillingClient");
    const found = declared.map((m) => m.name);
    for (const expected of ["balance", "billingSummary", "usage", "ledgerEntries", "allLedgerEntries", "signIn", "signOut", "tokenExpiresAt"]) {
      assert.ok(found.includes(expected), `the parser finds ${expected} (found ${found.join(", ")})`);
    }
    const missing = declared.filter((m) => !documents(npmPage, m)).map((m) => m.name);
    assert.deepEqual(missing, [], "members of BillingClient that docs/README-package.md does not name in code");
  });

  test("the npm page documents every member of the widget element", () => {
    const declared = members(read("widget/audian-billing-widget.d.ts"), "AudianBillingWidget").filter(
      (m) => !["addEventListener", "removeEventListener"].includes(m.name),
    );
    assert.ok(declared.some((m) => m.name === "loaded") && declared.some((m) => m.name === "reload"), JSON.stringify(declared));
    const widget = npmPage.slice(npmPage.indexOf("## The widget"));
    // An attribute's property is documented under its attribute name (`accountId` as `account-id`).
    const kebab = (n) => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const missing = declared.filter((m) => !documents(widget, m) && !widget.includes(`\`${kebab(m.name)}\``)).map((m) => m.name);
    assert.deepEqual(missing, [], "members of <audian-billing-widget> that the npm page's widget section does not name");
  });

  test("the package size is stated only as the last `make bench` measured it", () => {
    const expected = sizesBlock(benchSizes());
    for (const file of SIZED_DOCS) {
      const blocks = readFileSync(file, "utf8").match(/<!-- sizes -->[\s\S]*?<!-- \/sizes -->/g) ?? [];
      assert.equal(blocks.length, 1, `${path.relative(ROOT, file)} states the size in one sizes block`);
      assert.equal(blocks[0], expected, `${path.relative(ROOT, file)}: run \`node scripts/doc-sizes.mjs\` (make bench does)`);
    }
  });
});
