// Completes what `wasm-pack build --target web` writes to pkg/:
// - re-exports AudianError (a JS class in js/audian-billing.js, which wasm-bindgen emits as a
//   snippet but cannot export from the entry module itself);
// - gives package.json the `exports`, `files` and `sideEffects` that Node, Vite and webpack expect.
import { readFileSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const pkg = new URL("../pkg/", import.meta.url).pathname;
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

const manifestPath = join(pkg, "package.json");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
manifest.files = ["audian_billing_bg.wasm", "audian_billing_bg.wasm.d.ts", "audian_billing.js", "audian_billing.d.ts", "snippets/", "README.md"];
manifest.main = "audian_billing.js";
manifest.module = "audian_billing.js";
manifest.types = "audian_billing.d.ts";
manifest.sideEffects = ["./snippets/*"];
manifest.exports = {
  ".": { types: "./audian_billing.d.ts", default: "./audian_billing.js" },
  "./audian_billing_bg.wasm": "./audian_billing_bg.wasm",
  "./package.json": "./package.json",
};
manifest.engines = { node: ">=20" };
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
console.log(`pkg/ finished: AudianError exported, package.json has exports (${manifest.name}@${manifest.version})`);
