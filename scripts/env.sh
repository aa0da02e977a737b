# shellcheck shell=bash
# Environment shared by scripts/bootstrap.sh, scripts/test.sh and scripts/serve.sh.
# Source it (do not execute it):   source scripts/env.sh
# It only sets variables, so sourcing it any number of times is harmless.

SCALELAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SCALELAB_ROOT

# Prepend a directory to PATH, removing any earlier occurrence first.
_scalelab_path_prepend() {
    local dir="$1" rest=":${PATH}:"
    rest="${rest//:${dir}:/:}"
    rest="${rest#:}"
    rest="${rest%:}"
    PATH="${dir}${rest:+:${rest}}"
}

# cargo-installed tools (trunk, wasm-bindgen, wasm-bindgen-test-runner).
_scalelab_path_prepend "${CARGO_HOME:-$HOME/.cargo}/bin"
# npm-installed tools first of all: wasm-opt from npm binaryen (Debian's binaryen is too old
# to parse current wasm-bindgen output), playwright.
_scalelab_path_prepend "${SCALELAB_ROOT}/tests/e2e/node_modules/.bin"
unset -f _scalelab_path_prepend
export PATH

# Playwright must never download browsers: it uses Debian's /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# wasm-bindgen-test-runner drives headless Chromium through this chromedriver.
export CHROMEDRIVER=/usr/bin/chromedriver
# The runner gives chromedriver 5 s to bind its port by default; on a busy CI machine it took
# longer and the whole tier failed (stop 24's CI: "driver failed to bind port during startup").
# It restarts a driver that has not bound within 10 s, so 90 s allows several tries.
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-90}"
# Per-run budget for the tests' output (default 20 s), raised for the same busy machine.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}"
