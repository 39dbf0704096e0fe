#!/usr/bin/env bash
# Installs what the build and the tests need, skipping what is already there.
# Every step uses the package registries (and rustup's own server) only: these machines cannot
# download from GitHub, where wasm-pack would otherwise fetch wasm-bindgen and wasm-opt.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen = "=…"` pin in Cargo.toml
WASM_PACK_VERSION=0.15.1
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '[setup] %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# clippy and rustfmt: scripts/check.sh (part of `make test`) runs both.
for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component-"; then
    step "rust component $component"
    rustup component add "$component"
  fi
done

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  step "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: the registry mirror here lacks one of its locked dependencies, so --locked fails.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
fi

if [ "$(wasm-pack --version 2>/dev/null || true)" != "wasm-pack $WASM_PACK_VERSION" ]; then
  step "wasm-pack $WASM_PACK_VERSION"
  cargo install wasm-pack --version "=$WASM_PACK_VERSION" --locked --force
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  step "chromium and chromium-driver (Debian)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# npm packages: wasm-opt (npm binaryen; never Debian's, which emits broken wasm), playwright-core, …
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
