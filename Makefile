# Two commands do all set-up: `make demo` and `make test` (README.md).
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
PORT ?= 8080

.PHONY: setup build check test test-host test-wasm test-node demo bench clean

setup:
	@scripts/setup.sh

# wasm-opt comes from node_modules/.bin (npm binaryen), first on PATH above.
build: setup
	wasm-pack build --release --target web
	node scripts/finish-pkg.mjs

# fmt, clippy (host and wasm32) and the package size budget (scripts/check.sh).
check: build
	scripts/check.sh

# scripts/test.sh runs scripts/check.sh first.
test: build
	scripts/test.sh

demo: build
	@scripts/demo.sh "$(PORT)"

# Benchmark (not part of `make test`): transactions() vs a hand-written JS client vs the
# fetch + JSON.parse floor in headless Chromium; the widget's cold load (requests, time to
# audian-billing-load with 300 ms per answer); writes docs/README-bench.md and docs/bench-sizes.json;
# then the size sentence of README.md and the npm page from the latter (scripts/doc-sizes.mjs).
bench: build
	node tests/bench/run.mjs
	node tests/bench/widget.mjs
	node scripts/doc-sizes.mjs

clean:
	rm -rf pkg target node_modules tests/artifacts
