//! The M/M/c model (`src/model/queueing.rs`, percentiles through `latency::mixture_quantile`)
//! against an independent discrete-event simulation written with SimPy
//! (`tests/reference/mmc_simpy.py`, SimPy pinned in `tests/reference/requirements.txt` and
//! installed by `bash scripts/bootstrap.sh test`). Mean service 1 ms, no client timeout; the
//! p50 and p99 of the time in system must agree within 5 % for c ∈ {2, 4, 16} and
//! utilisation 0.1 to 0.95.
//!
//! Simulation noise: near saturation the queue length wanders slowly, so neighbouring
//! customers' times are strongly correlated and a percentile needs many customers. The
//! numbers of customers below were sized from the measured seed-to-seed spread so that the
//! standard error of every asserted SimPy percentile is about 1.5 % or less (5 % is then
//! three standard errors or more). The exception is p99 at utilisation 0.95: its spread is
//! about 30 % per 100,000 customers, so a 1.5 % standard error needs about 50 million
//! customers per server count. The default test prints it with its standard error but does
//! not assert it; the ignored test `p99_at_95_percent_utilisation_matches_simpy` asserts it
//! (about 10 CPU-minutes: 5 minutes on 2 idle cores):
//!
//! ```text
//! cargo test --test mmc_reference -- --ignored --nocapture
//! ```
//!
//! Bias: a percentile averaged over runs is biased upwards by about its run-to-run variance
//! times the density's log-slope, over 2 (the tail is exponential at rate `cμ − λ`). Runs are
//! long enough that this stays well under 1 %: with 1 million customers per run, p99 at
//! c = 2, ρ = 0.95 would be biased by about 2 %, so the ignored test uses 4 million.
//! Starting empty biases the other way; the warm-up is many relaxation times.
//!
//! `SCALELAB_MMC_SEED` (default 1) changes every simulation seed, to see the noise.

#![cfg(not(target_arch = "wasm32"))]

use scalelab::model::latency::{mixture_quantile, Dist};
use scalelab::model::queueing::Mmc;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

const TOLERANCE: f64 = 0.05;
const MEAN_SERVICE_MS: f64 = 1.0;
/// "No timeout": the M/M/c+D model becomes the plain M/M/c.
const NO_TIMEOUT_MS: f64 = 1e12;
/// Customers dropped at the start of each run (it starts empty); near saturation the queue
/// forgets its start in about ρ/(1−√ρ)² ≈ 1,500 customers.
const WARMUP: u64 = 20_000;
const SCRIPT: &str = "tests/reference/mmc_simpy.py";
const BOOTSTRAP_HINT: &str =
    "run `bash scripts/bootstrap.sh test` (it installs python3 and the pinned SimPy)";

/// One configuration and how much simulation it gets: `seeds` independent runs of
/// `customers` each (the percentiles are averaged over the runs).
#[derive(Clone, Copy)]
struct Plan {
    servers: u32,
    utilisation: f64,
    seeds: u32,
    customers: u64,
    assert_p50: bool,
    assert_p99: bool,
}

const K: u64 = 1_000;
const M: u64 = 1_000_000;

fn plan(servers: u32, utilisation: f64, seeds: u32, customers: u64) -> Plan {
    Plan {
        servers,
        utilisation,
        seeds,
        customers,
        assert_p50: true,
        assert_p99: true,
    }
}

/// Every configuration of the issue; p99 at 0.95 is printed only (see the module doc).
fn default_plans() -> Vec<Plan> {
    let mut plans = Vec::new();
    for &c in &[2u32, 4, 16] {
        for &rho in &[0.1, 0.3, 0.5] {
            plans.push(plan(c, rho, 2, 100 * K));
        }
    }
    plans.extend([
        plan(2, 0.7, 3, 500 * K),
        plan(4, 0.7, 2, 250 * K),
        plan(16, 0.7, 2, 100 * K),
        plan(2, 0.8, 8, 500 * K),
        plan(4, 0.8, 4, 500 * K),
        plan(16, 0.8, 2, 250 * K),
        plan(2, 0.9, 10, M),
        plan(4, 0.9, 8, M),
        plan(16, 0.9, 2, 500 * K),
    ]);
    // p50 only: its seed-to-seed spread at 250,000 customers was measured at 4.8 %, 4.3 %
    // and 2.8 % (c = 2, 4, 16; six seeds each), so these runs give it a standard error of
    // 1.4–1.5 %. (They were 9, 7 and 4 runs of a million, sized for the p99 printed beside
    // it, which is now printed with a larger standard error: the ignored test asserts it.)
    for (c, seeds, customers) in [(2u32, 3u32, M), (4, 2, M), (16, 2, 500 * K)] {
        plans.push(Plan {
            assert_p99: false,
            ..plan(c, 0.95, seeds, customers)
        });
    }
    plans
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Fails (never skips) without python3 or with a SimPy other than the pinned one.
fn require_pinned_simpy(root: &Path) -> String {
    let requirements = std::fs::read_to_string(root.join("tests/reference/requirements.txt"))
        .expect("read tests/reference/requirements.txt");
    let pinned = requirements
        .lines()
        .find_map(|l| l.trim().strip_prefix("simpy=="))
        .expect("tests/reference/requirements.txt pins simpy==X.Y.Z")
        .trim()
        .to_string();
    let out = Command::new("python3")
        .args(["-c", "import simpy; print(simpy.__version__)"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}): {BOOTSTRAP_HINT}"));
    assert!(
        out.status.success(),
        "python3 cannot import simpy: {BOOTSTRAP_HINT}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert_eq!(
        found, pinned,
        "python3 has SimPy {found}, tests/reference pins {pinned}: {BOOTSTRAP_HINT}"
    );
    found
}

struct Run {
    p50_ms: f64,
    p99_ms: f64,
}

fn simulate(root: &Path, servers: u32, utilisation: f64, customers: u64, seed: u64) -> Run {
    let out = Command::new("python3")
        .current_dir(root)
        .arg(SCRIPT)
        .args(["--servers", &servers.to_string()])
        .args(["--utilisation", &utilisation.to_string()])
        .args(["--customers", &customers.to_string()])
        .args(["--seed", &seed.to_string()])
        .args(["--warmup", &WARMUP.to_string()])
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}): {BOOTSTRAP_HINT}"));
    assert!(
        out.status.success(),
        "{SCRIPT} failed for c={servers} ρ={utilisation} seed={seed}: {BOOTSTRAP_HINT}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("the script prints JSON");
    let field = |k: &str| {
        json[k]
            .as_f64()
            .unwrap_or_else(|| panic!("no {k} in {json}"))
    };
    Run {
        p50_ms: field("p50_ms"),
        p99_ms: field("p99_ms"),
    }
}

/// Runs every (plan, seed) as its own python3 process, as many at once as there are cores,
/// longest first. Returns the runs grouped by plan.
fn simulate_all(root: &Path, plans: &[Plan], base_seed: u64) -> Vec<Vec<Run>> {
    let mut jobs: Vec<(usize, u64)> = Vec::new();
    for (i, p) in plans.iter().enumerate() {
        for k in 0..u64::from(p.seeds) {
            jobs.push((i, base_seed * 1_000_000 + i as u64 * 1_000 + k));
        }
    }
    jobs.sort_by_key(|&(i, _)| std::cmp::Reverse(plans[i].customers));
    let queue = Mutex::new(jobs.into_iter());
    let results: Mutex<Vec<Vec<Run>>> = Mutex::new(plans.iter().map(|_| Vec::new()).collect());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let Some((i, seed)) = queue.lock().unwrap().next() else {
                    break;
                };
                let p = plans[i];
                let run = simulate(root, p.servers, p.utilisation, p.customers, seed);
                results.lock().unwrap()[i].push(run);
            });
        }
    });
    results.into_inner().unwrap()
}

fn model_percentile(servers: u32, utilisation: f64, q: f64) -> f64 {
    let arrivals_per_ms = utilisation * f64::from(servers) / MEAN_SERVICE_MS;
    let queue = Mmc::new(arrivals_per_ms, servers, MEAN_SERVICE_MS, NO_TIMEOUT_MS);
    mixture_quantile(
        &[(
            1.0,
            Dist::MmcSojourn {
                queue,
                service_ms: MEAN_SERVICE_MS,
                shift_ms: 0.0,
            },
        )],
        q,
    )
}

/// Mean over the seeds and its standard error (0 with a single seed).
fn mean_and_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    if xs.len() < 2 {
        return (mean, 0.0);
    }
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// Simulates every plan, prints model vs SimPy, and fails listing every asserted
/// percentile that is more than 5 % away from the simulation.
fn compare(plans: &[Plan]) {
    let root = root();
    let version = require_pinned_simpy(&root);
    let base_seed: u64 = std::env::var("SCALELAB_MMC_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let start = Instant::now();
    let runs = simulate_all(&root, plans, base_seed);
    let customers: u64 = plans.iter().map(|p| p.customers * u64::from(p.seeds)).sum();
    println!(
        "M/M/c model vs SimPy {version} (base seed {base_seed}), time in system, mean service 1 ms; \
         SimPy = mean over seeds ± standard error; * = not asserted"
    );
    println!(
        "{:>3} {:>5} {:>11} | {:>8} {:>17} {:>7} | {:>8} {:>17} {:>7}",
        "c", "rho", "customers", "p50 mod", "p50 SimPy", "err", "p99 mod", "p99 SimPy", "err"
    );
    let mut failures = Vec::new();
    let mut worst = [0.0f64; 2];
    for (p, runs) in plans.iter().zip(&runs) {
        let mut cells = Vec::new();
        for (j, (q, asserted, pick)) in [
            (0.50, p.assert_p50, (|r: &Run| r.p50_ms) as fn(&Run) -> f64),
            (0.99, p.assert_p99, |r: &Run| r.p99_ms),
        ]
        .into_iter()
        .enumerate()
        {
            let model = model_percentile(p.servers, p.utilisation, q);
            let (sim, se) = mean_and_se(&runs.iter().map(pick).collect::<Vec<_>>());
            let err = model / sim - 1.0;
            if asserted {
                worst[j] = worst[j].max(err.abs());
                if err.abs() > TOLERANCE {
                    failures.push(format!(
                        "c={} ρ={} p{:.0}: model {model:.4} ms, SimPy {sim:.4} ± {se:.4} ms ({:+.2} %)",
                        p.servers,
                        p.utilisation,
                        q * 100.0,
                        err * 100.0
                    ));
                }
            }
            let mark = if asserted { ' ' } else { '*' };
            cells.push(format!(
                "{model:>8.4} {:>17} {:>+6.2}%{mark}",
                format!("{sim:.4} ± {:.2}%", se / sim * 100.0),
                err * 100.0
            ));
        }
        println!(
            "{:>3} {:>5} {:>11} | {} | {}",
            p.servers,
            p.utilisation,
            p.customers * u64::from(p.seeds),
            cells[0],
            cells[1]
        );
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "worst asserted |error|: p50 {:.2} %, p99 {:.2} %; {customers} customers simulated in {secs:.1} s ({:.0} k/s)",
        worst[0] * 100.0,
        worst[1] * 100.0,
        customers as f64 / secs / 1e3
    );
    assert!(
        failures.is_empty(),
        "model and SimPy differ by more than 5 %:\n{}",
        failures.join("\n")
    );
}

#[test]
fn model_percentiles_match_simpy() {
    compare(&default_plans());
}

#[test]
#[ignore = "about 5 minutes on 2 idle cores: cargo test --test mmc_reference -- --ignored --nocapture"]
fn p99_at_95_percent_utilisation_matches_simpy() {
    compare(&[
        plan(2, 0.95, 12, 4 * M),
        plan(4, 0.95, 12, 4 * M),
        plan(16, 0.95, 6, 4 * M),
    ]);
}
