#!/usr/bin/env bash
# Page benchmark in headless Chromium: prints numbers, asserts nothing.
#   bash scripts/bench-page.sh [DIST ...]      (default: dist/; needs `trunk build --release`)
# Several dist/ directories (e.g. a build of an older commit) are measured one after the
# other in the same session, so before/after figures come from the same machine state.
# For each: the wasm sizes (raw and gzip -9) of the page and of its simulation worker, then
# tests/e2e/bench-page.js for the default scenario and for 30 days at 60 s steps: main-thread
# task time per input, input to steady charts and to run charts (p50/p95), the longest task
# during a drag with pauses, and the heap before/after a soak (SCALELAB_BENCH_SOAK inputs).
# SCALELAB_BENCH_PORT (default 8093) is the first local port used; one port per dist.
# SCALELAB_BENCH_SCENARIOS=0,1 picks scenarios (0 default, 1 30 days at 60 s, 2 30 days at 1 s,
# 3 the default day at 5 s, 4 a noisy and 5 a jumpy per-second day at 5 s, 6 30 days per minute,
# 7 the default day with Aurora DSQL, 8 the same at 5 s steps);
# each also prints load -> first run complete and the peak resident memory of Chromium.
# First it builds the yardstick, a one-chart Yew page (src/bin/one_chart.rs), dragged like the
# traffic slider just before each of a scenario's three drags, and prints the median of each
# page drag's cost as a multiple of the yardstick drag made just before it
# (SCALELAB_BENCH_REFERENCE=0 skips it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/env.sh
(($# > 0)) || set -- dist
# Rough traces (a noisy and a jumpy per-second day, 30 days per minute, and the default day
# at the same step) for tests/e2e/bench-page.js: scenarios 3 to 6.
TRACES="$(mktemp -d)"
cargo run --quiet --release --example rough_traces -- "$TRACES" >/dev/null
export SCALELAB_BENCH_TRACES="$TRACES"
port="${SCALELAB_BENCH_PORT:-8093}"
servers=()
trap 'for s in "${servers[@]}"; do kill "$s" 2>/dev/null || true; done; rm -rf "$TRACES"' EXIT
size() { printf '%s bytes raw, %s bytes gzip -9' "$(stat -c %s "$1")" "$(gzip -9 -c "$1" | wc -c)"; }
serve() { # serve DIR on $port, wait until it answers
    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$1" >/dev/null 2>&1 &
    servers+=($!)
    for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
}
if [[ "${SCALELAB_BENCH_REFERENCE:-1}" != 0 ]]; then
    # Built as the page is: release, no default features, wasm-bindgen, wasm-opt -Oz.
    ref="$ROOT/target/one-chart-dist"
    mkdir -p "$ref"
    cargo build --quiet --release --locked --target wasm32-unknown-unknown --bin scalelab-one-chart --no-default-features
    wasm-bindgen --target web --no-typescript --out-dir "$ref" target/wasm32-unknown-unknown/release/scalelab-one-chart.wasm
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
        -o "$ref/scalelab-one-chart_bg.wasm" "$ref/scalelab-one-chart_bg.wasm"
    cat >"$ref/index.html" <<'HTML'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>One chart (benchmark yardstick)</title></head>
<body><script type="module">import init from './scalelab-one-chart.js'; init();</script></body></html>
HTML
    echo "== one-chart Yew page (the yardstick): page wasm $(size "$ref/scalelab-one-chart_bg.wasm")"
    serve "$ref"
    export SCALELAB_BENCH_REFERENCE_URL="http://127.0.0.1:$port/"
    port=$((port + 1))
fi
for dist in "$@"; do
    [[ -f "$dist/index.html" ]] || { echo "$dist: no index.html (run trunk build --release first)" >&2; exit 1; }
    dist="$(cd "$dist" && pwd)"
    echo "== $dist"
    for wasm in "$dist"/*.wasm; do
        case "$(basename "$wasm")" in
            scalelab-worker*) echo "  worker wasm $(basename "$wasm"): $(size "$wasm")" ;;
            *) echo "  page wasm   $(basename "$wasm"): $(size "$wasm")" ;;
        esac
    done
    serve "$dist"
    (cd tests/e2e && node bench-page.js "http://127.0.0.1:$port/" "$(basename "$(dirname "$dist")")/$(basename "$dist")")
    port=$((port + 1))
done
