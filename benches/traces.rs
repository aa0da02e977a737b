//! Rough traffic for the benchmarks, generated from a fixed seed so every run measures the
//! same traffic (included by `benches/engine.rs` and `examples/rough_traces.rs`).
//!
//! Real exports are rough: a per-second count jumps every second, and a per-minute one has
//! noise on top of its daily cycle. Three shapes, each a held series (a count per interval):
//!
//! * `noisy_day`: a day at one point a second, a daily cycle between 300 and 1,000 req/s
//!   with per-second noise of ±30 % (about what a busy API's per-second counts show);
//! * `jumpy_day`: a day at one point a second of whole counts that are mostly 0 to 3 and
//!   now and then 10, times 3,000 (a small web server's log, scaled up: the rate jumps
//!   between nothing and tens of thousands of requests a second);
//! * `noisy_month`: 30 days at one point a minute, a daily cycle with weekends at 60 % and
//!   ±15 % noise a minute.

use scalelab::model::scenario::Scenario;
use scalelab::model::sim::monte_carlo::Rng;
use scalelab::model::traffic::Traffic;

const DAY_S: f64 = 86_400.0;

/// The daily cycle of the default bench: `low` to 1 of the peak, peaking at 15:00 UTC.
fn daily(t_s: f64, low: f64) -> f64 {
    let phase = 2.0 * std::f64::consts::PI * (t_s / DAY_S - 15.0 / 24.0);
    low + (1.0 - low) * 0.5 * (1.0 + phase.cos())
}

/// A roughly normal draw with mean 0 and deviation 1 (the sum of twelve uniforms).
fn normal(rng: &mut Rng) -> f64 {
    (0..12).map(|_| rng.next_f64()).sum::<f64>() - 6.0
}

/// A scenario of the default workload over `traffic`, for `days`, at `step_s`.
pub fn scenario(traffic: Traffic, days: f64, step_s: f64) -> Scenario {
    let mut s = Scenario::default();
    s.traffic = traffic;
    s.simulation.duration_s = days * DAY_S;
    s.simulation.step_s = Some(step_s);
    s
}

pub fn noisy_day() -> Traffic {
    let mut rng = Rng::new(20_261_202);
    Traffic::series_held((0..86_400).map(|t| {
        let t = f64::from(t);
        (t, (1_000.0 * daily(t, 0.3) * (1.0 + 0.3 * normal(&mut rng) / 3.0)).max(0.0))
    }).collect())
}

pub fn jumpy_day() -> Traffic {
    let mut rng = Rng::new(19_950_701);
    Traffic::series_held((0..86_400).map(|t| {
        let u = rng.next_f64();
        let count = if u < 0.45 { 0.0 } else if u < 0.75 { 1.0 } else if u < 0.9 { 2.0 } else if u < 0.995 { 3.0 } else { 10.0 };
        (f64::from(t), count * 3_000.0)
    }).collect())
}

pub fn noisy_month() -> Traffic {
    let mut rng = Rng::new(20_260_601);
    Traffic::series_held((0..30 * 1_440).map(|m| {
        let t = f64::from(m) * 60.0;
        let weekend = if ((t / DAY_S) as u64) % 7 >= 5 { 0.6 } else { 1.0 };
        (t, (1_000.0 * weekend * daily(t, 0.3) * (1.0 + 0.15 * normal(&mut rng) / 3.0)).max(0.0))
    }).collect())
}
