//! How long the time-stepped engine takes: `cargo bench --bench engine`.
//!
//! A plain `main` (no harness, no dependency): each case is timed with `Instant` and the
//! median of 5 runs is printed. Two claims are checked by eye, not asserted (timings vary
//! by machine): the cost of a run does not depend on the request rate (hot keys are
//! analytic, nothing is sampled per request), and it grows linearly with the number of
//! steps (the µs per step stays flat).

use scalelab::model::scenario::Scenario;
use scalelab::model::sim;
use std::hint::black_box;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

/// The default scenario with this duration, step and base request rate.
fn scenario(duration_s: f64, step_s: f64, requests_per_s: f64) -> Scenario {
    let mut s = Scenario::default();
    s.simulation.duration_s = duration_s;
    s.simulation.step_s = Some(step_s);
    s.workload.requests_per_s = requests_per_s;
    if let Err(e) = s.validate() {
        eprintln!("engine bench: invalid scenario: {e}");
        std::process::exit(2);
    }
    s
}

/// Median wall time of `RUNS` simulations, and the number of steps simulated.
fn time(s: &Scenario) -> (Duration, usize) {
    let mut times = Vec::with_capacity(RUNS);
    let mut steps = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let run = sim::run(black_box(s));
        times.push(start.elapsed());
        steps = black_box(run).t_s.len();
    }
    times.sort();
    (times[RUNS / 2], steps)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn us_per_step(d: Duration, steps: usize) -> f64 {
    d.as_secs_f64() * 1e6 / steps.max(1) as f64
}

fn main() {
    let build = if cfg!(debug_assertions) {
        "debug build"
    } else {
        "optimised build"
    };
    println!("sim::run, median of {RUNS} runs ({build})");
    println!();
    println!("1. Duration and step, at the default rate and at 10,000,000 req/s");
    println!(
        "{:<22} {:>8} {:>14} {:>11} {:>9}",
        "run", "steps", "req/s", "median ms", "µs/step"
    );
    let cases = [
        ("1 day, 60 s steps", 86_400.0, 60.0),
        ("30 days, 60 s steps", 2_592_000.0, 60.0),
        ("1 day, 1 s steps", 86_400.0, 1.0),
    ];
    for (label, duration_s, step_s) in cases {
        for rps in [Scenario::default().workload.requests_per_s, 10_000_000.0] {
            let (d, steps) = time(&scenario(duration_s, step_s, rps));
            println!(
                "{label:<22} {steps:>8} {rps:>14.0} {:>11.2} {:>9.3}",
                ms(d),
                us_per_step(d, steps)
            );
        }
    }

    println!();
    println!("2. Time against the number of steps (default scenario, 30 s steps)");
    println!(
        "{:>8} {:>12} {:>11} {:>9} {:>10} {:>10}",
        "steps", "duration", "median ms", "µs/step", "× steps", "× time"
    );
    let mut base: Option<(f64, f64)> = None;
    for steps in [1_440usize, 5_760, 14_400, 43_200, 86_400] {
        let duration_s = steps as f64 * 30.0;
        let (d, n) = time(&scenario(
            duration_s,
            30.0,
            Scenario::default().workload.requests_per_s,
        ));
        let (n0, t0) = *base.get_or_insert((n as f64, ms(d)));
        println!(
            "{n:>8} {:>10.1} d {:>11.2} {:>9.3} {:>10.1} {:>10.1}",
            duration_s / 86_400.0,
            ms(d),
            us_per_step(d, n),
            n as f64 / n0,
            ms(d) / t0
        );
    }
}
