// Completes what `wasm-pack build --target web` writes to pkg/:
// - re-exports AudianError (a JS class in js/audian-billing.js, which wasm-bindgen emits as a
//   snippet but cannot export from the entry module itself);
// - makes the .d.ts pull in the `esnext.disposable` lib its `[Symbol.dispose]` members need;
// - gives package.json the `exports`, `files` and `sideEffects` that Node, Vite and webpack expect,
//   plus the npm page metadata (homepage, bugs, keywords);
// - writes pkg/README.md, the npm page, from docs/README-package.md (else the crate's README.md,
//   which wasm-pack has already copied);
// - minifies the JS glue (entry module and snippet) with esbuild, and gives the .wasm's imports
//   one- or two-letter names in both files (scripts/short-imports.mjs): 3 KB gzip together;
// - bundles the widget (widget/, small readable modules) with the glue into one minified module,
//   pkg/widget/audian-billing-widget.js, so a plain page loads one module and the .wasm, not a
//   waterfall of imports; its stylesheet goes in as a string (adopted as a constructable
//   stylesheet: allowed under `style-src 'self'`, no fetch relative to a moved module).
// Idempotent: running it twice leaves pkg/ as running it once.
import { readFileSync, writeFileSync, readdirSync, existsSync, mkdirSync, rmSync, cpSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, transformSync } from "esbuild";
import { shortenImports } from "./short-imports.mjs";

const root = fileURLToPath(new URL("../", import.meta.url)); // decodes %20 and the like
const pkg = join(root, "pkg");
const entry = join(pkg, "audian_billing.js");

const snippetDirs = readdirSync(join(pkg, "snippets")).filter((d) =>
  existsSync(join(pkg, "snippets", d, "js", "audian-billing.js")),
);
if (snippetDirs.length !== 1) {
  throw new Error(`expected one snippet folder with js/audian-billing.js, found ${snippetDirs.length}`);
}
const snippet = join(pkg, "snippets", snippetDirs[0], "js", "audian-billing.js");
const reexport = `export { AudianError } from './snippets/${snippetDirs[0]}/js/audian-billing.js';\n`;
const js = readFileSync(entry, "utf8");
// Minified once: a second run finds the banner. Names that JavaScript sees (exports, the wasm's
// import object keys) are properties or exports, which minifying keeps.
const BANNER = "/* audian-billing: minified by scripts/finish-pkg.mjs */";
const finished = js.startsWith(BANNER);
const minify = (code, banner = "") => transformSync(code, { format: "esm", minify: true, target: "es2022", legalComments: "none", banner }).code;
if (!finished) {
  const wasmPath = join(pkg, "audian_billing_bg.wasm");
  const short = shortenImports(readFileSync(wasmPath), minify(js + reexport, BANNER));
  writeFileSync(wasmPath, short.wasm);
  writeFileSync(entry, short.glue);
  writeFileSync(snippet, minify(readFileSync(snippet, "utf8")));
}

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
writeFileSync(join(pkg, "README.md"), readFileSync(readme, "utf8")); // its sizes: scripts/doc-sizes.mjs

// The widget: one module bundling its sources, the glue and the snippet, plus its types and the
// React entry. Inside the bundle, the glue's default .wasm URL is rewritten to point one folder
// up (where the .wasm is); the widget passes its own URL to init() anyway, a literal
// `new URL("../audian_billing_bg.wasm", import.meta.url)` that Vite and webpack emit as an asset.
const widgetSrc = join(root, "widget");
const widgetOut = join(pkg, "widget");
rmSync(widgetOut, { recursive: true, force: true });
mkdirSync(widgetOut, { recursive: true });
for (const file of ["audian-billing-widget.d.ts", "react.d.ts", "react.js", "audian-billing-widget.css"]) {
  cpSync(join(widgetSrc, file), join(widgetOut, file));
}
const widgetCss = readFileSync(join(widgetSrc, "audian-billing-widget.css"), "utf8");
const GLUE_WASM_URL = /new URL\((["'])audian_billing_bg\.wasm\1,\s*import\.meta\.url\)/g;
await build({
  entryPoints: [join(widgetSrc, "audian-billing-widget.js")],
  outfile: join(widgetOut, "audian-billing-widget.js"),
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2022",
  legalComments: "none",
  logLevel: "warning",
  plugins: [
    {
      name: "audian-billing-package",
      setup(b) {
        // The widget's sources import the glue as it sits in the package (one folder up).
        b.onResolve({ filter: /^\.\.\/audian_billing\.js$/ }, () => ({ path: entry }));
        b.onResolve({ filter: /^\.\/styles\.js$/ }, () => ({ path: "styles", namespace: "audian-css" }));
        b.onLoad({ filter: /.*/, namespace: "audian-css" }, () => ({ contents: `export default ${JSON.stringify(widgetCss)};`, loader: "js" }));
        b.onLoad({ filter: /audian_billing\.js$/ }, (args) => {
          if (args.path !== entry) return undefined;
          const code = readFileSync(entry, "utf8");
          const moved = code.replace(GLUE_WASM_URL, 'new URL("../audian_billing_bg.wasm",import.meta.url)');
          if (moved === code) throw new Error("the glue's default .wasm URL was not found: check the wasm-bindgen output");
          return { contents: moved, loader: "js", resolveDir: pkg };
        });
      },
    },
  ],
});

const manifestPath = join(pkg, "package.json");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
// Only what a consumer loads: the glue, its types, the wasm and the AudianError snippet. Not
// audian_billing_bg.wasm.d.ts: it types the raw wasm exports (an internal ABI, full of `any`),
// which `--target web` never imports as a module. npm adds package.json, README.md and LICENSE*.
// wasm-pack copies the crate's LICENSE-* files; npm only packs them when they are listed.
const licenses = readdirSync(pkg).filter((f) => f.startsWith("LICENSE")).sort();
manifest.files = ["audian_billing_bg.wasm", "audian_billing.js", "audian_billing.d.ts", "snippets/", "widget/", "README.md", ...licenses];
manifest.main = "audian_billing.js";
manifest.module = "audian_billing.js";
manifest.types = "audian_billing.d.ts";
// The widget modules define the custom element when imported: bundlers must keep them.
manifest.sideEffects = ["./snippets/*", "./widget/audian-billing-widget.js", "./widget/react.js"];
manifest.exports = {
  ".": { types: "./audian_billing.d.ts", default: "./audian_billing.js" },
  "./widget": { types: "./widget/audian-billing-widget.d.ts", default: "./widget/audian-billing-widget.js" },
  "./widget/react": { types: "./widget/react.d.ts", default: "./widget/react.js" },
  "./widget/audian-billing-widget.css": "./widget/audian-billing-widget.css",
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
for (const word of ["webassembly", "api-client", "typescript", "web-component", "custom-element"]) keywords.add(word);
manifest.keywords = [...keywords];
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
console.log(
  `pkg/ finished: AudianError exported, package.json has exports, widget/ copied, README from ${readme.slice(root.length)} ` +
    `(${manifest.name}@${manifest.version})`,
);
