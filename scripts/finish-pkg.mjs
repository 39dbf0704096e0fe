// Completes what `wasm-pack build --target web` writes to pkg/:
// - re-exports AudianError (a JS class in js/audian-billing.js, which wasm-bindgen emits as a
//   snippet but cannot export from the entry module itself);
// - makes the .d.ts pull in the `esnext.disposable` lib its `[Symbol.dispose]` members need;
// - gives package.json the `exports`, `files` and `sideEffects` that Node, Vite and webpack expect,
//   plus the npm page metadata (homepage, bugs, keywords);
// - writes pkg/README.md, the npm page, from docs/README-package.md (else the crate's README.md,
//   which wasm-pack has already copied).
// Idempotent: running it twice leaves pkg/ as running it once.
import { readFileSync, writeFileSync, readdirSync, existsSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url)); // decodes %20 and the like
const pkg = join(root, "pkg");
const entry = join(pkg, "audian_billing.js");

const snippetDirs = readdirSync(join(pkg, "snippets")).filter((d) =>
  existsSync(join(pkg, "snippets", d, "js", "audian-billing.js")),
);
if (snippetDirs.length !== 1) {
  throw new Error(`expected one snippet folder with js/audian-billing.js, found ${snippetDirs.length}`);
}
const reexport = `export { AudianError } from './snippets/${snippetDirs[0]}/js/audian-billing.js';\n`;
const js = readFileSync(entry, "utf8");
if (!js.includes(reexport)) writeFileSync(entry, js + reexport);

// wasm-bindgen declares `[Symbol.dispose](): void` on every class, which needs the
// esnext.disposable lib: without this reference, a consumer whose `lib` is e.g. es2022 + dom
// gets TS2550 inside our .d.ts (unless skipLibCheck). @types/node references it the same way.
const dtsPath = join(pkg, "audian_billing.d.ts");
const disposableLib = '/// <reference lib="esnext.disposable" />\n';
const dts = readFileSync(dtsPath, "utf8");
if (dts.includes("[Symbol.dispose]") && !dts.startsWith(disposableLib)) writeFileSync(dtsPath, disposableLib + dts);

// The npm page. docs/README-package.md is written for package users; the crate README is the
// fallback (wasm-pack copies it into pkg/ when Cargo.toml's `readme` exists).
const readmeSources = [join(root, "docs", "README-package.md"), join(root, "README.md")];
const readme = readmeSources.find((file) => existsSync(file));
if (!readme) throw new Error(`no package README: expected one of ${readmeSources.join(", ")}`);
copyFileSync(readme, join(pkg, "README.md"));

const manifestPath = join(pkg, "package.json");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
// Only what a consumer loads: the glue, its types, the wasm and the AudianError snippet. Not
// audian_billing_bg.wasm.d.ts: it types the raw wasm exports (an internal ABI, full of `any`),
// which `--target web` never imports as a module. npm adds package.json, README.md and LICENSE*.
// wasm-pack copies the crate's LICENSE-* files; npm only packs them when they are listed.
const licenses = readdirSync(pkg).filter((f) => f.startsWith("LICENSE")).sort();
manifest.files = ["audian_billing_bg.wasm", "audian_billing.js", "audian_billing.d.ts", "snippets/", "README.md", ...licenses];
manifest.main = "audian_billing.js";
manifest.module = "audian_billing.js";
manifest.types = "audian_billing.d.ts";
manifest.sideEffects = ["./snippets/*"];
manifest.exports = {
  ".": { types: "./audian_billing.d.ts", default: "./audian_billing.js" },
  "./audian_billing_bg.wasm": "./audian_billing_bg.wasm",
  "./package.json": "./package.json",
};
// AbortSignal.any (every call uses it) arrived in Node 20.3.
manifest.engines = { node: ">=20.3.0" };
const repoUrl = (typeof manifest.repository === "string" ? manifest.repository : manifest.repository?.url)
  ?.replace(/^git\+/, "")
  .replace(/\.git$/, "");
if (repoUrl?.startsWith("https://github.com/")) {
  manifest.homepage ??= `${repoUrl}#readme`;
  manifest.bugs ??= { url: `${repoUrl}/issues` };
}
const keywords = new Set(manifest.keywords ?? []);
for (const word of ["webassembly", "api-client", "typescript"]) keywords.add(word);
manifest.keywords = [...keywords];
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
console.log(
  `pkg/ finished: AudianError exported, package.json has exports, README from ${readme.slice(root.length)} ` +
    `(${manifest.name}@${manifest.version})`,
);
