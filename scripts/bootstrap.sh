#!/usr/bin/env bash
# Install (only if missing) everything Scale Lab needs, then fill the cargo registry cache.
#
#   bash scripts/bootstrap.sh web    # what `trunk build` / `trunk serve` need
#   bash scripts/bootstrap.sh test   # the above + Chromium/chromedriver for the browser tests
#
# Idempotent: when everything is present it only checks versions (a few seconds).
# The environment later steps need (PATH, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD, CHROMEDRIVER) lives in
# scripts/env.sh: `source scripts/env.sh` after this script (scripts/test.sh and serve.sh do).
# Output of long installs goes to $TMPDIR/scalelab-bootstrap/*.log (BOOTSTRAP_VERBOSE=1 streams it).
set -euo pipefail

MODE="${1:-}"
case "$MODE" in
    web | test) ;;
    *)
        echo "usage: $0 web|test" >&2
        exit 2
        ;;
esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

TRUNK_VERSION=0.21.14
NODE_MIN_MAJOR=20 # @playwright/test 1.65.1 requires node >= 20
WASM_OPT_WANT=132 # npm binaryen 132.0.0, see tests/e2e/package.json
LOG_DIR="${TMPDIR:-/tmp}/scalelab-bootstrap"
export DEBIAN_FRONTEND=noninteractive

# ---------------------------------------------------------------- helpers
now_us() { local t="${EPOCHREALTIME/[.,]/}"; echo "$((10#$t))"; }
fmt_us() { local us="$1"; printf '%d.%01ds' "$((us / 1000000))" "$(((us % 1000000) / 100000))"; }
BOOT_T0="$(now_us)"
STEP_NAME="bootstrap"
STEP_T0="$BOOT_T0"

step() { STEP_NAME="$1"; STEP_T0="$(now_us)"; }
# Final line of a step: "[bootstrap] NAME: MESSAGE (ELAPSED)"
done_() { printf '[bootstrap] %s: %s (%s)\n' "$STEP_NAME" "$1" "$(fmt_us $(($(now_us) - STEP_T0)))"; }
# Progress line for steps that have to install something.
say() { printf '[bootstrap] %s: %s\n' "$STEP_NAME" "$1"; }
die() {
    printf '[bootstrap] %s: ERROR: %s\n' "$STEP_NAME" "$*" >&2
    exit 1
}

# run_logged LOGNAME CMD...: run CMD with its output in $LOG_DIR/LOGNAME.log; show the tail on failure.
run_logged() {
    local name="$1"
    shift
    mkdir -p "$LOG_DIR"
    local log="$LOG_DIR/$name.log"
    if [[ "${BOOTSTRAP_VERBOSE:-0}" == 1 ]]; then
        "$@" 2>&1 | tee "$log" || die "'$*' failed (log: $log)"
        return 0
    fi
    if ! "$@" >"$log" 2>&1; then
        echo "----- last 60 lines of $log -----" >&2
        tail -n 60 "$log" >&2
        die "'$*' failed (full log: $log)"
    fi
}

as_root() {
    if [[ "$(id -u)" == 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo env DEBIAN_FRONTEND=noninteractive "$@"
    else
        die "need root (or sudo) to run: $*"
    fi
}

APT_UPDATED=0
apt_install() {
    command -v apt-get >/dev/null 2>&1 || die "apt-get not available: install $* by hand"
    if [[ "$APT_UPDATED" == 0 ]]; then
        run_logged apt-update as_root apt-get update -qq
        APT_UPDATED=1
    fi
    run_logged "apt-install-$1" as_root apt-get install -y -qq "$@"
}

# first line of `CMD --version`, or empty if CMD is missing / fails
version_of() { "$@" --version 2>/dev/null | head -n 1 || true; }

# ---------------------------------------------------------------- 1. cargo / rustup
step "cargo/rustup"
command -v cargo >/dev/null 2>&1 || die "cargo not found on PATH (nor in ~/.cargo/bin): install Rust with rustup first"
command -v rustup >/dev/null 2>&1 || die "rustup not found on PATH (nor in ~/.cargo/bin): install Rust with rustup first"
done_ "$(version_of cargo | cut -d' ' -f1-2), $(version_of rustup | cut -d' ' -f1-2)"

# ---------------------------------------------------------------- 2. wasm32 target
step "rust target wasm32-unknown-unknown"
installed_targets="$(rustup target list --installed)"
if grep -qx 'wasm32-unknown-unknown' <<<"$installed_targets"; then
    done_ "already installed"
else
    say "installing..."
    run_logged rustup-target rustup target add wasm32-unknown-unknown
    done_ "installed"
fi

# ---------------------------------------------------------------- 3. trunk
step "trunk $TRUNK_VERSION"
have="$(version_of trunk)"
if [[ "$have" == "trunk $TRUNK_VERSION" ]]; then
    done_ "already installed"
else
    say "installing... (found: ${have:-none}; cargo install takes ~12 min on 2 cores)"
    run_logged trunk-install cargo install --locked "trunk@$TRUNK_VERSION"
    have="$(version_of trunk)"
    [[ "$have" == "trunk $TRUNK_VERSION" ]] || die "after install, 'trunk --version' says '${have:-nothing}'"
    done_ "installed"
fi

# ---------------------------------------------------------------- 4. wasm-bindgen-cli = Cargo.lock
step "Cargo.lock"
[[ -f Cargo.toml ]] || die "no Cargo.toml in $ROOT"
if [[ -f Cargo.lock ]]; then
    done_ "present"
else
    say "missing: running cargo generate-lockfile (commit the result)"
    run_logged generate-lockfile cargo generate-lockfile
    done_ "generated"
fi

WB_VERSIONS="$(awk '
    /^\[\[package\]\]/ { name = "" }
    /^name = /         { v = $3; gsub(/"/, "", v); name = v }
    /^version = /      { v = $3; gsub(/"/, "", v); if (name == "wasm-bindgen") print v }
' Cargo.lock | sort -u)"
step "wasm-bindgen-cli"
[[ -n "$WB_VERSIONS" ]] || die "Cargo.lock has no 'wasm-bindgen' package, so the CLI version cannot be chosen. The crate must depend on wasm-bindgen (pin it: wasm-bindgen = \"=0.2.x\" in Cargo.toml), then run cargo generate-lockfile / cargo update."
[[ "$(wc -l <<<"$WB_VERSIONS")" == 1 ]] || die "Cargo.lock has several wasm-bindgen versions (${WB_VERSIONS//$'\n'/, }); unify them (pin wasm-bindgen = \"=X.Y.Z\")"
WB_VERSION="$WB_VERSIONS"
step "wasm-bindgen-cli $WB_VERSION"
have="$(version_of wasm-bindgen)"
if [[ "$have" == "wasm-bindgen $WB_VERSION" ]] && command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    done_ "already installed"
else
    say "installing... (found: ${have:-none}; ~3.5 min)"
    # NOT --locked: the crate's own lockfile pins a webpki-roots the registry mirror lacks.
    run_logged wasm-bindgen-cli-install cargo install "wasm-bindgen-cli@$WB_VERSION"
    have="$(version_of wasm-bindgen)"
    [[ "$have" == "wasm-bindgen $WB_VERSION" ]] || die "after install, 'wasm-bindgen --version' says '${have:-nothing}'"
    command -v wasm-bindgen-test-runner >/dev/null 2>&1 || die "wasm-bindgen-test-runner missing after install"
    done_ "installed"
fi

# ---------------------------------------------------------------- 5. cargo registry cache
step "cargo fetch --locked"
mkdir -p "$LOG_DIR"
if ! cargo fetch --locked >"$LOG_DIR/cargo-fetch.log" 2>&1; then
    tail -n 30 "$LOG_DIR/cargo-fetch.log" >&2
    die "cargo fetch --locked failed (is Cargo.lock out of date with Cargo.toml? run 'cargo update -w' and commit Cargo.lock)"
fi
done_ "registry cache filled"

# ---------------------------------------------------------------- 6. node / npm
step "node/npm"
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    msg="already installed"
else
    say "installing... (apt)"
    command -v node >/dev/null 2>&1 || apt_install nodejs
    command -v npm >/dev/null 2>&1 || apt_install npm
    msg="installed"
fi
node_v="$(node --version)"
node_major="${node_v#v}"
node_major="${node_major%%.*}"
((node_major >= NODE_MIN_MAJOR)) || die "node $node_v is too old: @playwright/test 1.65.1 needs node >= $NODE_MIN_MAJOR (Debian 12's nodejs is 18; use the NodeSource package)"
done_ "$msg (node $node_v, npm $(npm --version 2>/dev/null))"

# ---------------------------------------------------------------- 7. npm deps (playwright, wasm-opt)
step "npm ci (tests/e2e)"
E2E="$ROOT/tests/e2e"
[[ -f "$E2E/package-lock.json" ]] || die "tests/e2e/package-lock.json missing"
if [[ ! -d "$E2E/node_modules" || ! -f "$E2E/node_modules/.package-lock.json" ||
    "$E2E/package-lock.json" -nt "$E2E/node_modules/.package-lock.json" ]]; then
    say "installing..."
    (cd "$E2E" && run_logged npm-ci npm ci --no-audit --no-fund)
    msg="installed"
else
    msg="already installed"
fi
wasm_opt_v="$(version_of wasm-opt)" # e.g. "wasm-opt version 132 (version_132)"
[[ "$(command -v wasm-opt)" == "$E2E/node_modules/.bin/wasm-opt" ]] || die "wasm-opt on PATH is $(command -v wasm-opt || echo none), expected tests/e2e/node_modules/.bin/wasm-opt"
[[ "$wasm_opt_v" == "wasm-opt version $WASM_OPT_WANT "* ]] || die "unexpected '$wasm_opt_v' (want version $WASM_OPT_WANT)"
done_ "$msg (${wasm_opt_v}, playwright $(node -p 'require("'"$E2E"'/node_modules/@playwright/test/package.json").version'))"

# ---------------------------------------------------------------- 8. Trunk.toml agrees with the tools
step "Trunk.toml [tools]"
if [[ -f Trunk.toml ]]; then
    want_wb="${TRUNK_TOOLS_WASM_BINDGEN:-$(sed -n 's/^[[:space:]]*wasm_bindgen[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' Trunk.toml | head -n 1)}"
    want_wo="${TRUNK_TOOLS_WASM_OPT:-$(sed -n 's/^[[:space:]]*wasm_opt[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' Trunk.toml | head -n 1)}"
    [[ -z "$want_wb" || "$want_wb" == "$WB_VERSION" ]] || die "Trunk.toml wants wasm_bindgen = \"$want_wb\" but Cargo.lock/the installed CLI are $WB_VERSION"
    [[ -z "$want_wo" || "$want_wo" == "version_$WASM_OPT_WANT" ]] || die "Trunk.toml wants wasm_opt = \"$want_wo\" but the installed wasm-opt is version_$WASM_OPT_WANT"
    done_ "consistent (wasm_bindgen=${want_wb:-unset}, wasm_opt=${want_wo:-unset})"
else
    done_ "no Trunk.toml yet, skipped"
fi

# ---------------------------------------------------------------- 9. test only: python3, chromium, chromedriver
if [[ "$MODE" == test ]]; then
    step "python3 (http.server for e2e)"
    if command -v python3 >/dev/null 2>&1; then
        done_ "already installed ($(version_of python3))"
    else
        say "installing... (apt)"
        apt_install python3
        done_ "installed ($(version_of python3))"
    fi

    SIMPY_WANT="$(sed -n 's/^simpy==\([^[:space:]]*\).*/\1/p' tests/reference/requirements.txt)"
    step "simpy $SIMPY_WANT (tests/reference, for tests/mmc_reference.rs)"
    simpy_version() { python3 -c 'import simpy; print(simpy.__version__)' 2>/dev/null || true; }
    have="$(simpy_version)"
    if [[ -n "$SIMPY_WANT" && "$have" == "$SIMPY_WANT" ]]; then
        done_ "already installed"
    else
        [[ -n "$SIMPY_WANT" ]] || die "tests/reference/requirements.txt pins no simpy==X.Y.Z"
        say "installing... (found: ${have:-none}; pip, a few seconds)"
        run_logged pip-simpy python3 -m pip install -r tests/reference/requirements.txt
        have="$(simpy_version)"
        [[ "$have" == "$SIMPY_WANT" ]] || die "after install, python3 imports simpy '${have:-nothing}'"
        done_ "installed"
    fi

    step "chromium + chromium-driver"
    missing=()
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
    if ((${#missing[@]} == 0)); then
        msg="already installed"
    else
        say "installing ${missing[*]}... (apt, ~1-2 min)"
        apt_install "${missing[@]}"
        msg="installed"
    fi
    chromium_v="$(version_of /usr/bin/chromium)"
    driver_v="$(version_of /usr/bin/chromedriver)"
    [[ -n "$chromium_v" && -n "$driver_v" ]] || die "chromium or chromedriver does not run"
    done_ "$msg (${chromium_v}; $(cut -d' ' -f1-2 <<<"$driver_v"))"
fi

STEP_NAME="done"
STEP_T0="$BOOT_T0"
done_ "ready for '$MODE'; now: source scripts/env.sh"
