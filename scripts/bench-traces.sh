#!/usr/bin/env bash
# The engine on rough traffic, before and after, natively, in one session on this machine:
#   bash scripts/bench-traces.sh [BASELINE] [TRACE.csv ...]     (default baseline: af8a097)
# For the synthetic traces of benches/traces.rs (a default day, a noisy and a jumpy day at
# one point a second, both at 5 s steps; 30 days at one point a minute at 60 s steps) and
# for any CSV traces given (a public trace you have: t_s,requests_per_s, run at its own
# length at 5 s steps), it prints for `scalelab run FILE --format json`:
#   wall time, best of 3 (ms), and ns per step;
#   instructions per step (valgrind --tool=callgrind: repeatable on a busy machine; skipped
#   for runs over 5 s, and with SKIP_CALLGRIND=1).
# The baseline knows only linear series, so each trace runs as it is (held between points)
# on this tree, and linear on both (the baseline's only meaning), like for like.
# Prints numbers, asserts nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASELINE="${1:-af8a097}"
shift || true
WORK="$(mktemp -d)"
BASE_TREE="$WORK/baseline"
cleanup() {
    git -C "$ROOT" worktree remove --force "$BASE_TREE" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building this tree and $BASELINE (release)"
(cd "$ROOT" && cargo build --quiet --release --bin scalelab --example rough_traces)
git -C "$ROOT" worktree add --detach "$BASE_TREE" "$BASELINE" >/dev/null
(cd "$BASE_TREE" && CARGO_TARGET_DIR="$WORK/target-baseline" cargo build --quiet --release --bin scalelab)
NOW="$ROOT/target/release/scalelab"
BEFORE="$WORK/target-baseline/release/scalelab"

mkdir -p "$WORK/traces"
"$ROOT/target/release/examples/rough_traces" "$WORK/traces" >/dev/null
for csv in "$@"; do
    name="$(basename "$csv" .csv)"
    "$NOW" import "$csv" 2>/dev/null | python3 -c '
import json, sys
fragment = json.load(sys.stdin)
points = fragment["traffic"]["points"]
length = max(3600.0, points[-1][0] - points[0][0] + (points[1][0] - points[0][0] if len(points) > 1 else 60.0))
json.dump({"traffic": fragment["traffic"], "simulation": {"duration_s": min(length, 30 * 86400.0), "step_s": 5}}, sys.stdout)
' >"$WORK/traces/$name.json"
done

# The same scenario with its series linear between points (the only kind the baseline reads).
linear() { python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
t = s.get("traffic", {})
t.pop("between_points", None)
t.pop("read_shares", None)
# Baselines before the Data API (82b9517) knew aurora.rds_proxy, not aurora.access.
a = s.get("aurora", {})
if a.get("access") in ("direct", "rds_proxy"):
    a["rds_proxy"] = a.pop("access") == "rds_proxy"
json.dump(s, sys.stdout)
' "$1"; }

steps_of() { python3 -c '
import json, math, sys
s = json.load(open(sys.argv[1]))["simulation"]
print(math.ceil(s["duration_s"] / s["step_s"] - 1e-9))
' "$1"; }

best_ms() { # BIN FILE: best of 3 wall times, ms
    local best="" t0 t1 ms
    for _ in 1 2 3; do
        t0="${EPOCHREALTIME/[.,]/}"
        "$1" run "$2" --format json >/dev/null
        t1="${EPOCHREALTIME/[.,]/}"
        ms=$(((t1 - t0) / 1000))
        [[ -z "$best" || "$ms" -lt "$best" ]] && best="$ms"
    done
    echo "$best"
}

instructions() { # BIN FILE
    valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" "$1" run "$2" --format json 2>&1 >/dev/null | sed -n 's/.*refs: *//p' | tr -d ,
}

printf '\n%-14s %-22s %10s %12s %16s\n' trace build "best ms" "ns/step" "instr/step"
for file in "$WORK"/traces/*.json; do
    name="$(basename "$file" .json)"
    steps="$(steps_of "$file")"
    linear "$file" >"$WORK/$name.linear.json"
    for row in "this tree (held)|$NOW|$file" "this tree (linear)|$NOW|$WORK/$name.linear.json" "$BASELINE (linear)|$BEFORE|$WORK/$name.linear.json"; do
        IFS='|' read -r label bin input <<<"$row"
        [[ "$name" == default-day && "$label" == *linear* && "$label" == this* ]] && continue
        ms="$(best_ms "$bin" "$input")"
        # Callgrind runs ~50x slower: not for runs over 5 s.
        if command -v valgrind >/dev/null 2>&1 && [[ "${SKIP_CALLGRIND:-0}" != 1 && "$ms" -lt 5000 ]]; then
            ins="$(instructions "$bin" "$input")"
            ins=$((ins / steps))
        else
            ins="-"
        fi
        printf '%-14s %-22s %10s %12s %16s\n' "$name" "$label" "$ms" "$((ms * 1000000 / steps))" "$ins"
    done
done
