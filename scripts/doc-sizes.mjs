// The package's size, stated in one generated form: `make bench` measures it into
// docs/bench-sizes.json, then this script writes the `<!-- sizes -->…<!-- /sizes -->` block of
// README.md and docs/README-package.md (the npm page) from that file. Nobody writes a size by hand;
// tests/package/docs.test.mjs fails when a block differs from what this script would write.
//
//   node scripts/doc-sizes.mjs          # rewrites the blocks
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
export const SIZES_FILE = join(root, "docs", "bench-sizes.json");
/** The documents that state the size. */
export const SIZED_DOCS = [join(root, "README.md"), join(root, "docs", "README-package.md")];
const BLOCK = /<!-- sizes -->[\s\S]*?<!-- \/sizes -->/g;

/** The sentence for `sizes` (docs/bench-sizes.json), inside its markers. */
export function sizesBlock(sizes) {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const line =
    `Sizes (gzip, from the last \`make bench\`, ${sizes.date}): client ${kib(sizes.wasmGzip + sizes.glueGzip)} ` +
    `(\`.wasm\` ${kib(sizes.wasmGzip)} + JS ${kib(sizes.glueGzip)})` +
    (sizes.widgetGzip ? `, widget ${kib(sizes.widgetGzip)} more.` : ".");
  return `<!-- sizes -->${line}<!-- /sizes -->`;
}

/** `text` with every sizes block rewritten from `sizes`. */
export function withSizes(text, sizes) {
  return text.replace(BLOCK, () => sizesBlock(sizes));
}

/** The sizes measured by the last `make bench`. */
export function benchSizes() {
  return JSON.parse(readFileSync(SIZES_FILE, "utf8"));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = benchSizes();
  for (const file of SIZED_DOCS) {
    const text = readFileSync(file, "utf8");
    if (!text.includes("<!-- sizes -->")) throw new Error(`${file} has no <!-- sizes --><!-- /sizes --> block`);
    writeFileSync(file, withSizes(text, sizes));
  }
  console.log(`sizes of ${sizes.date} written to ${SIZED_DOCS.length} documents`);
}
