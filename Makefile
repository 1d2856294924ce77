# Honmono — every entry point. Each target installs what it needs first (scripts/setup.sh is
# idempotent and skips what is present).
SHELL := /bin/bash
DIR ?=
LABEL ?= phish
SECONDS_PER_TARGET ?= 60

.PHONY: setup wasm build run test test-rust test-wasm test-e2e lint eval bench fuzz clean

setup:
	@scripts/setup.sh

wasm: setup
	@scripts/build-wasm.sh

## build: dist/extension (unpacked, loadable in Chromium and Firefox) and dist/www (static page)
build: wasm
	@scripts/build-extension.sh
	@scripts/build-www.sh

## run: check the bundled sample messages with the CLI, then serve the web page on 127.0.0.1:8080
run: build
	@cargo build --quiet --release
	@target/release/honmono check --offline www/samples/*.eml || true
	@scripts/serve-www.sh

## test: every test (Rust unit + integration + conformance, wasm, browser e2e, lints)
test: setup
	@scripts/test-all.sh

test-rust:
	@cargo test --quiet

lint:
	@cargo fmt --check
	@cargo clippy --quiet --all-targets -- -D warnings

## eval: every development set in one table (scripts/eval_all.py); with DIR=..., counts per verdict
## and the most frequent findings on one folder, e.g. make eval DIR=../shared/corpus/ham-dev LABEL=ham
eval:
	@cargo build --quiet --release
	@if [ -n "$(DIR)" ]; then scripts/eval.sh "$(DIR)" "$(LABEL)"; else python3 scripts/eval_all.py target/release/honmono; fi

## bench: throughput table (parse floor, native, wasm, DKIM vs mailauth)
bench: build
	@scripts/bench.sh

## fuzz: run every fuzz target for SECONDS_PER_TARGET seconds
fuzz: setup
	@scripts/fuzz.sh $(SECONDS_PER_TARGET)

clean:
	cargo clean
	rm -rf dist test-artifacts
