#!/usr/bin/env bash
# Runs the static checks (scripts/check.sh: fmt, clippy, size budget), then every test suite:
# host unit tests, the client in headless Chromium against the mock API, then the Node suites
# (mock API, package, widget end to end). `make test` builds pkg/ first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# start_mock NAME ARGS…: starts a mock API on a free loopback port; sets $url.
start_mock() {
  local name=$1; shift
  node tests/mock/server.mjs --port 0 "$@" > "$work/$name.out" &
  pids+=($!)
  for _ in $(seq 1 100); do grep -q '^MOCK_URL=' "$work/$name.out" && break; sleep 0.1; done
  url=$(sed -n 's/^MOCK_URL=//p' "$work/$name.out")
  [ -n "$url" ] || { echo "mock API $name did not start"; exit 1; }
}

scripts/check.sh

echo "== host: cargo test (decode, validation, retry, pagination logic)"
cargo test --quiet

echo "== browser: wasm-bindgen tests in headless Chromium against the mock API"
# A second server stands for "another origin": redirects point there, and it must receive nothing.
start_mock record; record_url=$url
start_mock api --redirect-target "$record_url/__record"; mock_url=$url
# Kazoo's rate limit (100 tokens per client and account, 10 a second), for the 429 and pacing tests (tests/web_auth.rs).
start_mock bucket --token-bucket 100/10; bucket_url=$url
AUDIAN_MOCK_URL="$mock_url" AUDIAN_RECORD_URL="$record_url" AUDIAN_BUCKET_MOCK_URL="$bucket_url" \
CHROMEDRIVER=/usr/bin/chromedriver \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --target wasm32-unknown-unknown --test web --test web_auth
cleanup; pids=(); work=$(mktemp -d)

echo "== node: mock API, package and widget suites"
node --test --test-concurrency=1 tests/
