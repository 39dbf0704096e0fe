#!/usr/bin/env bash
# Runs every test suite: host unit tests, the client in headless Chromium against the mock API,
# then the Node suites (mock API, package, widget end to end). `make test` builds pkg/ first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

work=$(mktemp -d)
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== host: cargo test (decode, validation, retry, pagination logic)"
cargo test --quiet

echo "== browser: wasm-bindgen tests in headless Chromium against the mock API"
node tests/mock/server.mjs --port 0 > "$work/mock.out" &
mock_pid=$!
for _ in $(seq 1 100); do grep -q '^MOCK_URL=' "$work/mock.out" && break; sleep 0.1; done
mock_url=$(sed -n 's/^MOCK_URL=//p' "$work/mock.out")
[ -n "$mock_url" ] || { echo "mock API did not start"; exit 1; }
AUDIAN_MOCK_URL="$mock_url" \
CHROMEDRIVER=/usr/bin/chromedriver \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --quiet --target wasm32-unknown-unknown --test web
kill "$mock_pid"; wait "$mock_pid" 2>/dev/null || true; mock_pid=""

echo "== node: mock API, package and widget suites"
node --test --test-concurrency=1 tests/
