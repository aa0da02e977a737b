#!/usr/bin/env bash
# The engine's speed before and after, measured in one session on this machine:
#   bash scripts/bench-engine.sh [BASELINE]      (default baseline: ae2674e, the engine as it
#                                                 was before it moved to simulated seconds)
# For the baseline commit and for this tree it prints
#   1. instructions per step (valgrind --tool=callgrind, repeatable whatever else the machine
#      is doing) for one day of the default workload on a daily cycle at 60 s steps, and
#   2. divan's timings (fastest / slowest / median / mean, steps per second) of the cases in
#      benches/engine.rs, baseline and this tree alternately, twice, and
#   3. the longest valid run (30 days at 1 s steps, 2,592,000 steps) through the CLI: wall
#      time and peak memory (GNU time), once each (SKIP_LONGEST=1 skips it: the baseline
#      takes minutes).
# The bench and the profiled example only call sim::run, so the same files build on both.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASELINE="${1:-ae2674e}"
CASES=(month_at_60_s rate steps_at_60_s)
WORK="$(mktemp -d)"
BASE_TREE="$WORK/baseline"
cleanup() {
    git -C "$ROOT" worktree remove --force "$BASE_TREE" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

git -C "$ROOT" worktree add --detach "$BASE_TREE" "$BASELINE" >/dev/null
mkdir -p "$BASE_TREE/examples"
cp "$ROOT/benches/engine.rs" "$BASE_TREE/benches/engine.rs"
cp "$ROOT/examples/profile_engine.rs" "$BASE_TREE/examples/profile_engine.rs"
if ! grep -q '^divan' "$BASE_TREE/Cargo.toml"; then
    (cd "$BASE_TREE" && cargo add --dev divan@0.1.21 --target 'cfg(not(target_arch = "wasm32"))' --quiet)
fi

instructions() { # DIR: instructions per step of the profiled example
    local dir="$1" out
    (cd "$dir" && CARGO_TARGET_DIR="$WORK/target-$(basename "$dir")" cargo build --quiet --release --example profile_engine)
    out="$(valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" \
        "$WORK/target-$(basename "$dir")/release/examples/profile_engine" 1 2>&1 >/dev/null | sed -n 's/.*refs: *//p' | tr -d ,)"
    echo "$((out / 1440))"
}

if command -v valgrind >/dev/null 2>&1; then
    echo "== instructions per step (callgrind; one day, daily cycle, 60 s steps: 1,440 steps)"
    before="$(instructions "$BASE_TREE")"
    after="$(instructions "$ROOT")"
    echo "baseline $BASELINE: $before   this tree: $after   (×$(python3 -c "print(round($before / $after, 1))") fewer)"
else
    echo "(valgrind not installed: skipping instruction counts; apt-get install valgrind)"
fi

for round in 1 2; do
    echo
    echo "== divan, round $round: baseline $BASELINE"
    (cd "$BASE_TREE" && CARGO_TARGET_DIR="$WORK/target-baseline" cargo bench --quiet --bench engine -- "${CASES[@]}")
    echo
    echo "== divan, round $round: this tree"
    (cd "$ROOT" && cargo bench --quiet --bench engine -- "${CASES[@]}")
done

if [[ "${SKIP_LONGEST:-0}" != 1 ]]; then
    echo
    echo "== the longest valid run: 30 days at 1 s steps (scalelab run ... --format table)"
    printf '{"simulation": {"duration_s": 2592000, "step_s": 1}}' >"$WORK/longest.json"
    for tree in "$BASE_TREE" "$ROOT"; do
        name="this tree"
        [[ "$tree" == "$BASE_TREE" ]] && name="baseline $BASELINE"
        (cd "$tree" && CARGO_TARGET_DIR="$WORK/target-$(basename "$tree")" cargo build --quiet --release --bin scalelab)
        /usr/bin/time -f "$name: %e s wall, %M KB peak resident" \
            "$WORK/target-$(basename "$tree")/release/scalelab" run "$WORK/longest.json" --format table >/dev/null
    done
fi
