# After the Session: the commands. `make serve` and `make test` work from a
# fresh clone: each first installs whatever is missing (scripts/setup.sh).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export PATH := $(CURDIR)/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)
export CHROMEDRIVER ?= $(shell command -v chromedriver 2>/dev/null || echo /usr/bin/chromedriver)
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner

WASM := --target wasm32-unknown-unknown --no-default-features --features hydrate
DEBUG_DIST := target/dist-debug
SUB_DIST := target/dist-sub
SUB_PATH := /some/path/

# Where dist/ will be served from: `make dist PUBLIC_URL=/some/path/`.
PUBLIC_URL ?= /
export PUBLIC_URL

.PHONY: bench bench-previous bench-native bench-history help screenshots setup setup-browser serve dist dist-debug dist-sub sites test lint unit components e2e e2e-chromium e2e-firefox e2e-webkit clean

help:
	@echo "make serve  - serve the app with live reload on http://127.0.0.1:8080"
	@echo "make test   - lint, unit, component and end-to-end tests"
	@echo "make dist   - build the deployable site into dist/ and print its sizes"
	@echo "make bench  - speed against a plain HTML page, and Lighthouse (not part of make test)"
	@echo "make screenshots - phone screenshots for the README, into docs/screenshots/"

setup:
	@scripts/setup.sh

serve: setup
	trunk serve

dist: setup
	trunk build --release --dist dist --public-url $(PUBLIC_URL)
	@node scripts/sizes.mjs dist

dist-debug: setup
	trunk build --dist $(DEBUG_DIST) --public-url $(PUBLIC_URL)

# The release site built for a sub-path, for the end-to-end tests. The wasm
# does not depend on the base (the pages say it: routes::BASE_META), so this
# compiles nothing that `make dist` built.
dist-sub: setup
	PUBLIC_URL=$(SUB_PATH) trunk build --release --dist $(SUB_DIST) --public-url $(SUB_PATH)

lint: setup
	cargo fmt --check
	python3 scripts/module-cycles.py
	cargo clippy --features ssr --all-targets -- -D warnings
	cargo clippy $(WASM) --lib --bins --tests -- -D warnings

# The unit tests live in the library (the binaries are thin mains with none:
# building their test harnesses only cost CI time), and the property tests.
unit: setup
	cargo test --features ssr --lib --test journal_props

setup-browser:
	@scripts/setup.sh --browser

components: setup-browser
	cargo test $(WASM) --test components
	cargo test $(WASM) --test lock

sites: dist dist-debug dist-sub

# The end-to-end suite in one engine (`make e2e-firefox`), or in all three
# one after another (`make e2e`): one test binary and one set of sites for
# all of them. At most E2E_JOBS browsers run at once (tests/e2e/support).
# WebKit's MiniBrowser needs an X display: each gets an Xvfb of its own
# (tests/e2e/support/browser.rs). Each run prints its time;
# a test whose browser went away (crashed) is run once more, and said so
# (scripts/e2e.sh).
E2E_JOBS ?= 2
export E2E_JOBS
e2e-chromium e2e-firefox e2e-webkit: e2e-%: setup-browser sites
	@cargo test --features ssr --test e2e --no-run
	@scripts/e2e.sh $*

# make test runs all three engines, one after another.
e2e: e2e-chromium e2e-firefox e2e-webkit

test: setup-browser lint unit components e2e

# Measurements (not part of make test). `make bench` measures this build
# beside the previous release (BENCH_PREVIOUS, a commit or tag), built once
# from git into target/bench-previous/ and served on its own origin.
BENCH_PREVIOUS ?= 38fca1f
PREVIOUS_DIR := $(CURDIR)/target/bench-previous
bench: setup-browser dist bench-previous
	BENCH_PREVIOUS_DIST=$(PREVIOUS_DIR)/dist BENCH_PREVIOUS_NAME=$(BENCH_PREVIOUS) \
	  E2E_BROWSER=chromium cargo test --features ssr --test e2e -- --ignored --nocapture bench_speed

bench-previous: setup
	@rev=$$(git rev-parse --short $(BENCH_PREVIOUS)); \
	if [[ "$$(cat $(PREVIOUS_DIR)/built 2>/dev/null)" != "$$rev" ]]; then \
	  echo "bench: building the previous release $$rev into $(PREVIOUS_DIR)"; \
	  rm -rf $(PREVIOUS_DIR)/src $(PREVIOUS_DIR)/dist; mkdir -p $(PREVIOUS_DIR)/src; \
	  git archive $$rev | tar -x -C $(PREVIOUS_DIR)/src; \
	  ln -s $(CURDIR)/node_modules $(PREVIOUS_DIR)/src/node_modules; \
	  (cd $(PREVIOUS_DIR)/src && CARGO_TARGET_DIR=$(PREVIOUS_DIR)/target \
	    trunk build --release --dist $(PREVIOUS_DIR)/dist --public-url /); \
	  echo $$rev > $(PREVIOUS_DIR)/built; \
	fi

bench-native: setup
	cargo bench --bench journal

# Phone screenshots for the README, into docs/screenshots/.
screenshots: setup-browser dist
	E2E_BROWSER=chromium cargo test --features ssr --test e2e -- --ignored take_phone_screenshots

bench-history: setup-browser dist
	E2E_BROWSER=chromium cargo test --features ssr --test e2e -- --ignored --nocapture measure_the_history_page

clean:
	cargo clean
	rm -rf dist
