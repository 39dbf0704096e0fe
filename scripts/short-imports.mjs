// Shortens the names under which the .wasm imports its JavaScript functions. wasm-bindgen names
// each import after the function plus a 16-hex-digit hash (`__wbg_fetch_0b7be4eaa4f41c82`), from
// a module named "./audian_billing_bg.js"; the names appear twice (the .wasm's import section and
// the glue's import object) and the hashes do not compress. Here each becomes one or two letters
// and the module "a", in both files at once (scripts/finish-pkg.mjs calls it once per build).

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The n-th short name: a … Z, then aa, ab, … (identifiers, never `__proto__`). */
function shortName(n) {
  let name = "";
  let i = n;
  do {
    name = LETTERS[i % LETTERS.length] + name;
    i = Math.floor(i / LETTERS.length) - 1;
  } while (i >= 0);
  return name;
}

function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  let p = at;
  for (;;) {
    const b = bytes[p++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return { value, next: p };
  }
}

function u32(value) {
  const out = [];
  let v = value;
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

const utf8 = new TextEncoder();
const text = new TextDecoder();
const name = (s) => [...u32(utf8.encode(s).length), ...utf8.encode(s)];

/**
 * Renames the imports of module `from` in `wasm` (a Uint8Array) and in `glue` (the minified JS
 * glue's text). Returns `{ wasm, glue, renamed }`; throws when a name is not found exactly once
 * in the glue, so a change in wasm-bindgen's output fails the build rather than the page.
 */
export function shortenImports(wasm, glue, from = "./audian_billing_bg.js", to = "a") {
  let p = 8;
  const parts = [wasm.subarray(0, 8)];
  let js = glue;
  let renamed = 0;
  while (p < wasm.length) {
    const id = wasm[p];
    const { value: size, next } = readU32(wasm, p + 1);
    const end = next + size;
    if (id !== 2) {
      parts.push(wasm.subarray(p, end));
      p = end;
      continue;
    }
    let q = next;
    const count = readU32(wasm, q);
    q = count.next;
    const body = [...u32(count.value)];
    for (let i = 0; i < count.value; i++) {
      const m = readU32(wasm, q);
      const module = text.decode(wasm.subarray(m.next, m.next + m.value));
      q = m.next + m.value;
      const f = readU32(wasm, q);
      const field = text.decode(wasm.subarray(f.next, f.next + f.value));
      q = f.next + f.value;
      const descStart = q;
      q = skipImportDesc(wasm, q);
      if (module === from) {
        const short = shortName(renamed++);
        const pattern = new RegExp(`(?<![\\w$])${field.replace(/\$/g, "\\$")}(?![\\w$])`, "g");
        const hits = js.match(pattern)?.length ?? 0;
        if (hits !== 1) throw new Error(`import ${field}: expected once in the glue, found ${hits} times`);
        js = js.replace(pattern, short);
        body.push(...name(to), ...name(short));
      } else {
        body.push(...name(module), ...name(field));
      }
      body.push(...wasm.subarray(descStart, q));
    }
    parts.push(Uint8Array.of(2, ...u32(body.length)), Uint8Array.from(body));
    p = end;
  }
  const key = JSON.stringify(from);
  if (renamed) {
    const keys = js.split(key).length - 1;
    if (keys !== 1) throw new Error(`the glue names the import module ${key} ${keys} times, expected once`);
    js = js.replace(key, JSON.stringify(to));
  }
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of parts) {
    out.set(b, at);
    at += b.length;
  }
  return { wasm: out, glue: js, renamed };
}

/** The end of one import's description (function, table, memory, global or tag). */
function skipImportDesc(bytes, at) {
  const kind = bytes[at];
  let p = at + 1;
  const limits = () => {
    const flags = bytes[p++];
    p = readU32(bytes, p).next;
    if (flags & 1) p = readU32(bytes, p).next;
  };
  switch (kind) {
    case 0: // function: type index
      return readU32(bytes, p).next;
    case 1: // table: reference type, limits
      p += 1;
      limits();
      return p;
    case 2: // memory: limits
      limits();
      return p;
    case 3: // global: value type, mutability
      return p + 2;
    case 4: // tag: attribute, type index
      return readU32(bytes, p + 1).next;
    default:
      throw new Error(`unknown import kind ${kind}`);
  }
}
