//! How long the time-stepped engine takes: `cargo bench --bench engine`.
//!
//! divan runs each case many times and prints the fastest, slowest, median and mean time per
//! run, and the steps per second (the `item/s` column): a step's cost is `1 / that`. Three
//! claims are read off it, not asserted (timings vary by machine and by what else runs):
//!
//! * a step costs the same at 1,000 and at 10,000,000 requests per second (hot keys are
//!   analytic, nothing is sampled per request): compare `rate` cases;
//! * time grows linearly with the number of steps: compare `steps` cases (steps/s flat);
//! * 30 days at 60 s steps, both databases, on a daily cycle: `month_at_60_s`.
//!
//! Rough traffic (`benches/traces.rs`, held series from a fixed seed): a day at one point a
//! second at 5 s steps, against the default day at the same step (`rough_day_at_5_s`: the
//! steady default, a noisy per-second day and a jumpy one), and 30 days at one point a
//! minute at 60 s steps (`noisy_month_at_60_s`).
//!
//! The longest valid run (30 days at 1 s steps, 2.6 M steps) is `longest_valid_run`, ignored
//! by default: `cargo bench --bench engine -- --include-ignored longest`.
//! `scripts/bench-engine.sh` runs these cases on this tree and on an earlier commit in one
//! session, for before/after figures. The bench only calls `sim::run`, so it builds on both.

use divan::counter::ItemsCount;
use divan::Bencher;
use scalelab::model::presets::PRESETS;
use scalelab::model::scenario::Scenario;
use scalelab::model::sim;
use scalelab::model::traffic::Traffic;

#[path = "traces.rs"]
mod traces;

fn main() {
    divan::main();
}

/// The default workload on a daily cycle (so no step repeats the one before), for this long,
/// at this step and base request rate.
fn daily_cycle(days: f64, step_s: f64, requests_per_s: f64) -> Scenario {
    let mut s = Scenario::default();
    s.traffic = Traffic::Diurnal { trough_to_peak: 0.3, peak_hour_utc: 15.0 };
    s.simulation.duration_s = days * 86_400.0;
    s.simulation.step_s = Some(step_s);
    s.workload.requests_per_s = requests_per_s;
    s
}

/// Steps in a run (computed here, so the bench builds against older engines too).
fn steps(s: &Scenario, step_s: f64) -> usize {
    (s.simulation.duration_s / step_s).ceil() as usize
}

fn bench_run(b: Bencher, s: Scenario, step_s: f64) {
    b.counter(ItemsCount::new(steps(&s, step_s))).bench(|| sim::run(divan::black_box(&s)));
}

/// One day at 60 s steps (1,440 steps), at each request rate.
#[divan::bench(args = [1_000.0, 100_000.0, 10_000_000.0])]
fn rate(b: Bencher, requests_per_s: f64) {
    bench_run(b, daily_cycle(1.0, 60.0, requests_per_s), 60.0);
}

/// 1,440 to 43,200 steps at 60 s: the time per step should stay flat.
#[divan::bench(args = [1.0, 5.0, 30.0], sample_count = 10)]
fn steps_at_60_s(b: Bencher, days: f64) {
    bench_run(b, daily_cycle(days, 60.0, 1_000.0), 60.0);
}

/// 30 days at 60 s steps, both databases, on a daily cycle.
#[divan::bench(sample_count = 10)]
fn month_at_60_s(b: Bencher) {
    bench_run(b, daily_cycle(30.0, 60.0, 1_000.0), 60.0);
}

/// A day at 5 s steps: the default scenario (steady), and a noisy and a jumpy per-second
/// trace (a cost per step independent of the traffic's roughness is the claim).
#[divan::bench(args = ["default", "noisy", "jumpy"], sample_count = 10)]
fn rough_day_at_5_s(b: Bencher, traffic: &str) {
    let t = match traffic {
        "noisy" => traces::noisy_day(),
        "jumpy" => traces::jumpy_day(),
        _ => Traffic::Steady,
    };
    bench_run(b, traces::scenario(t, 1.0, 5.0), 5.0);
}

/// 30 days of a per-minute trace at 60 s steps.
#[divan::bench(sample_count = 10)]
fn noisy_month_at_60_s(b: Bencher) {
    bench_run(b, traces::scenario(traces::noisy_month(), 30.0, 60.0), 60.0);
}

/// Every preset as shipped (its own length and step).
#[divan::bench(args = ["session-store", "real-time-bidding", "iot-ingestion", "monthly-sales-report", "order-inventory", "flash-sale"])]
fn preset(b: Bencher, id: &str) {
    let s = PRESETS.iter().find(|p| p.id == id).expect("a preset").scenario();
    let step = s.simulation.step_s.unwrap_or(60.0);
    bench_run(b, s, step);
}

/// The longest valid run: 30 days at 1 s steps (2,592,000 steps).
#[divan::bench(ignore, sample_count = 1, sample_size = 1)]
fn longest_valid_run(b: Bencher) {
    bench_run(b, daily_cycle(30.0, 1.0, 1_000.0), 1.0);
}
