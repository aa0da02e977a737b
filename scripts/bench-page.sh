#!/usr/bin/env bash
# Page benchmark: input-to-chart time in headless Chromium (p50/p95) and the release wasm
# size, raw and gzipped. Prints numbers; asserts nothing. Needs a built dist/
# (bash scripts/test.sh builds it, or: trunk build --release).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/env.sh
[[ -f dist/index.html ]] || { echo "no dist/: run trunk build --release first" >&2; exit 1; }
wasm="$(ls dist/*.wasm)"
echo "release wasm: $(stat -c %s "$wasm") bytes raw, $(gzip -9 -c "$wasm" | wc -c) bytes gzip -9"
python3 -m http.server 8093 --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
sleep 0.5
(cd tests/e2e && node bench-input.js http://127.0.0.1:8093/ "${1:-200}")
