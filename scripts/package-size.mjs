// What the package costs a page: the `.wasm` and the JS glue (entry module + snippets) in pkg/,
// raw, gzip -9 and brotli 11, each file compressed on its own as a server would send it.
// Used by the benchmark (tests/bench/run.mjs) and, as a command, by the size guard:
//
//   node scripts/package-size.mjs --check size-budget.txt
//
// fails when the gzipped total exceeds the budget in that file (see the file for why).
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Sizes of the built package in `pkgDir`: `{ wasm, glue, total }`, each `{ raw, gzip, brotli }` in bytes. */
export function packageSizes(pkgDir = join(root, 'pkg')) {
  const wasmFile = join(pkgDir, 'audian_billing_bg.wasm');
  if (!existsSync(wasmFile)) throw new Error(`${wasmFile} is missing: run \`make build\` first`);
  const walk = (dir) => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
  const glueFiles = [join(pkgDir, 'audian_billing.js'), ...walk(join(pkgDir, 'snippets')).filter((f) => f.endsWith('.js'))];
  const measure = (paths) => {
    const each = paths.map((p) => readFileSync(p));
    return {
      raw: each.reduce((n, b) => n + b.length, 0),
      gzip: each.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0),
      brotli: each.reduce((n, b) => n + brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length, 0),
    };
  };
  const wasm = measure([wasmFile]);
  const glue = measure(glueFiles);
  const total = { raw: wasm.raw + glue.raw, gzip: wasm.gzip + glue.gzip, brotli: wasm.brotli + glue.brotli };
  return { wasm, glue, total };
}

/** The budget in bytes: the one line of `file` that is not blank or a `#` comment. */
export function readBudget(file) {
  const lines = readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const bytes = Number(lines[0]);
  if (lines.length !== 1 || !Number.isInteger(bytes) || bytes <= 0) throw new Error(`${file}: expected one line with a whole number of bytes`);
  return bytes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--check');
  const s = packageSizes();
  const line = `package: .wasm ${s.wasm.gzip} B + glue ${s.glue.gzip} B = ${s.total.gzip} B gzip -9`;
  if (at < 0) {
    console.log(line);
  } else {
    const file = process.argv[at + 1] ?? join(root, 'size-budget.txt');
    const budget = readBudget(file);
    if (s.total.gzip > budget) {
      console.error(`${line}: over the budget of ${budget} B in ${file} by ${s.total.gzip - budget} B.`);
      console.error('Shrink the change, or raise the budget in that file in its own commit that says why the bytes are worth it.');
      process.exit(1);
    }
    console.log(`${line}: within the budget of ${budget} B (${budget - s.total.gzip} B to spare)`);
  }
}
