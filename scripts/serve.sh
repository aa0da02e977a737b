#!/usr/bin/env bash
# Build and serve Scale Lab locally with live reload:  bash scripts/serve.sh [extra trunk serve args]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/bootstrap.sh web
# shellcheck source=scripts/env.sh
source scripts/env.sh

echo "[serve] Scale Lab will be at http://127.0.0.1:8080/ (Ctrl-C to stop)"
exec trunk serve --release --address 127.0.0.1 --port 8080 "$@"
