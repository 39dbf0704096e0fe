#!/usr/bin/env bash
# Static checks `make test` runs before the suites (also `make check`):
# - `cargo fmt --check` (style: rustfmt.toml);
# - clippy on the host and on wasm32 with warnings as errors, which includes the lints src/lib.rs
#   denies (no unwrap, expect, panic!, unreachable! or unchecked indexing outside tests);
# - the size guard: the gzipped `.wasm` + JS glue in pkg/ must stay within size-budget.txt
#   (skipped with a note when pkg/ is not built; `make check` builds it first).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

echo "== check: cargo fmt --check"
cargo fmt --check

echo "== check: clippy (host: library, tests, examples)"
cargo clippy --quiet --all-targets -- -D warnings

echo "== check: clippy (wasm32: library and every integration test)"
# Not --all-targets: the library's unit tests use serde_json, a host-only dev-dependency; the
# integration tests that are host-only say so with #![cfg(not(target_arch = "wasm32"))].
cargo clippy --quiet --target wasm32-unknown-unknown --lib --test '*' -- -D warnings

echo "== check: package size"
if [ -f pkg/audian_billing_bg.wasm ]; then
  node scripts/package-size.mjs --check size-budget.txt
else
  echo "pkg/ is not built: size guard skipped (make check builds it)"
fi
