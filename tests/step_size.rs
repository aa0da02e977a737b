//! Step-size invariance: the same scenario at 1, 5, 15 and 60 s steps gives the same answers.
//! Every mechanism in the engine is expressed in simulated seconds and cut at the moment it
//! changes, so what remains is:
//!
//! * Aurora's latency over a stretch of constant capacity is a stationary queue (plus the
//!   carried backlog) at the stretch's mean rate, and at its highest rate where the queue
//!   is steep enough for that to move p99 by over 1 % (`sim::P99_STEEP`); a coarser step's
//!   stretch spans more of a ramp;
//! * the worst p99 is the worst over stretches, so a longer step averages a short queueing
//!   excursion;
//! * a traffic feature that starts inside a step is spread over that step (offered
//!   requests stay exact: each step offers the traffic's integral).
//!
//! A traffic feature starts when it starts (steps are cut at the shape's breakpoints) and a
//! ramp is followed in pieces (a piece never lets the rate move more than 2 %). Inside a
//! step, DynamoDB's latency is judged over each stretch in which no dimension's shortfall
//! changes (`sim::stretches`), and Serverless v2 scales when the need crosses a grid step,
//! wherever in the step that falls. Measured with `measure_the_worst_gaps` (1,000 generated
//! scenarios on a fixed seed, 15 and 60 s against 5 s; 2026-11-30): failed share within
//! 0.001 percentage points, monthly cost within 0.001 %, minutes failing within 0.5 min,
//! peak capacity within 0.47 %, worst p99 within 0.2 % (DynamoDB) and 2.3 % (Aurora); a
//! search of 10,000 generated scenarios (`PROPTEST_CASES=10000`) found none outside the
//! tolerances below, which leave a margin over that. A feature shorter than a step
//! cannot converge (a 10-second spike in a 60-second step is a sixth as tall); the automatic
//! step gives the shortest feature at least 8 steps (see `sim::offered`).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use proptest::prelude::*;
use scalelab::model::presets::PRESETS;
use scalelab::model::scenario::Scenario;
use scalelab::model::aurora::AuroraConfig;
use scalelab::model::dynamodb::{CapacityMode, DynamoConfig};
use scalelab::model::sim::{self, Summary};
use scalelab::model::traffic::Traffic;
use scalelab::model::workload::{QueryKind, Workload};

/// Failed share: within 0.05 percentage points or 1 % of itself.
const FAILED_SHARE_ABS: f64 = 0.000_5;
const RELATIVE: f64 = 0.01;
/// Monthly cost and peak capacity: within 1 %.
const COST_AND_PEAK_RELATIVE: f64 = 0.01;
/// Minutes failing: within 1 minute or 1 %.
const MINUTES_ABS: f64 = 1.0;
/// Worst p99: within 6 %.
const P99_RELATIVE: f64 = 0.06;

fn agree(what: &str, fine: &Summary, coarse: &Summary) -> Result<(), String> {
    let within = |name: &str, a: f64, b: f64, abs: f64, rel: f64| {
        if (a - b).abs() <= abs.max(rel * a.abs().max(b.abs())) {
            Ok(())
        } else {
            Err(format!("{what}: {name} {a} (fine) vs {b} (coarse)"))
        }
    };
    within("failed share", fine.failed_share(), coarse.failed_share(), FAILED_SHARE_ABS, RELATIVE)?;
    within("monthly cost", fine.monthly_cost_usd, coarse.monthly_cost_usd, 0.0, COST_AND_PEAK_RELATIVE)?;
    within("minutes failing", fine.minutes_failing, coarse.minutes_failing, MINUTES_ABS, RELATIVE)?;
    within("peak capacity", fine.peak_capacity, coarse.peak_capacity, 0.0, COST_AND_PEAK_RELATIVE)?;
    within("worst p99", fine.worst_p99_ms, coarse.worst_p99_ms, 0.0, P99_RELATIVE)
}

fn at_step(s: &Scenario, step_s: f64) -> sim::SimRun {
    let mut s = s.clone();
    s.simulation.step_s = Some(step_s);
    sim::run(&s)
}

/// Compare every step in `steps` against the first (the finest).
fn invariant(name: &str, s: &Scenario, steps: &[f64]) -> Result<(), String> {
    let fine = at_step(s, steps[0]);
    for &step in &steps[1..] {
        let coarse = at_step(s, step);
        agree(&format!("{name} DynamoDB, {} s vs {step} s", steps[0]), &fine.dynamodb_summary, &coarse.dynamodb_summary)?;
        agree(&format!("{name} Aurora, {} s vs {step} s", steps[0]), &fine.aurora_summary, &coarse.aurora_summary)?;
    }
    Ok(())
}

#[test]
fn every_preset_gives_the_same_answer_at_1_5_15_and_60_second_steps() {
    for p in &PRESETS {
        let s = p.scenario();
        // 1 s steps where the run is short enough to keep the test quick.
        let steps: &[f64] = if s.simulation.duration_s <= 6.0 * 3600.0 { &[1.0, 5.0, 15.0, 60.0] } else { &[5.0, 15.0, 60.0] };
        invariant(p.id, &s, steps).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// The counterexample a search of 3,000 generated scenarios found in the DynamoDB model: a
/// provisioned table with an index, scans (Report) in a 25x nightly batch. Reads throttle
/// 0.01 s into the batch and the index before the table's writes; judged with each
/// dimension's shortfall averaged over the part of the step it was short, the 60 s step
/// paired the table's steady write shortfall with the index's larger one from before the
/// table throttled, a moment that never happens: worst p99 557 ms against 484 ms at 5 s.
#[test]
fn a_scan_with_an_index_in_a_nightly_batch_has_one_worst_p99_at_any_step() {
    let mut s = Scenario::default();
    s.workload = Workload { requests_per_s: 20_586.0, read_share: 0.716, item_size_kb: 1.98, partition_keys: 126_617.0, key_skew: 0.0, query: QueryKind::Report, rows_per_report: 10_000.0, ..s.workload };
    s.traffic = Traffic::NightlyBatch { batch_multiplier: 25.4, start_hour_utc: 0.0, duration_h: 1.0 };
    s.simulation.duration_s = 3.0 * 3600.0;
    s.dynamodb = DynamoConfig { mode: CapacityMode::Provisioned, provisioned_rcu: 30_897.0, provisioned_wcu: 30_897.0, auto_scaling: false, global_secondary_indexes: 1, ..s.dynamodb };
    same_at_15_and_60_as_at_5("DynamoDB worst p99, ms", 0.01, |step| at_step(&s, step).dynamodb_summary.worst_p99_ms);
}

/// The counterexample the same search found next, in Aurora: a reader crossing the need for
/// its second 0.5 ACU on a ramp. Scaling followed the mean need of whichever piece of a step
/// the crossing fell in, so a 60 s step scaled up to 20 s early; at 0.5 ACU these scans
/// read from storage, and the I/O bill differed by 1.2 %. Targets now follow the need as
/// it moves.
#[test]
fn a_reader_crossing_an_acu_step_on_a_ramp_scales_at_the_same_moment_at_any_step() {
    let mut s = Scenario::default();
    s.workload = Workload { requests_per_s: 1.0445, read_share: 0.908, item_size_kb: 81.35, partition_keys: 1.0, key_skew: 0.0, query: QueryKind::Report, rows_per_report: 10_000.0, ..s.workload };
    s.traffic = Traffic::Ramp { to_multiplier: 12.86, start_s: 1_704.2, end_s: 3_205.9 };
    s.simulation.duration_s = 3.0 * 3600.0;
    s.aurora = AuroraConfig { max_acu: 2.0, readers: 1, readers_follow_writer: false, ..s.aurora };
    same_at_15_and_60_as_at_5("Aurora monthly cost, USD", 0.001, |step| at_step(&s, step).aurora_summary.monthly_cost_usd);
}

/// `measure` at 15 and 60 s steps is within `relative` of itself at 5 s.
fn same_at_15_and_60_as_at_5(what: &str, relative: f64, measure: impl Fn(f64) -> f64) {
    let fine = measure(5.0);
    for step in [15.0, 60.0] {
        let coarse = measure(step);
        assert!((coarse - fine).abs() <= relative * fine.abs(), "{what}: {fine} at 5 s, {coarse} at {step} s");
    }
}

proptest! {
    // A fixed seed: these 24 scenarios every run, so CI is not a lottery. A search of
    // 10,000 cases (PROPTEST_CASES=10000, about 2 min) on this seed passes; 3,000 found the
    // two counterexamples named above, now fixed. The saved regressions file replays every
    // case found before.
    #![proptest_config(ProptestConfig { cases: 24, rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_130), ..ProptestConfig::default() })]

    #[test]
    fn generated_scenarios_give_the_same_answer_at_5_15_and_60_second_steps(s in common::scenario(vec![60.0], 8.0 * 60.0)) {
        prop_assert!(invariant("generated", &s, &[5.0, 15.0, 60.0]).is_ok(), "{}", invariant("generated", &s, &[5.0, 15.0, 60.0]).unwrap_err());
    }
}

proptest! {
    // Rough traffic: a per-second held series (a jump every second, some seconds repeating).
    // Its pieces are its seconds at any step, so the answers agree as closely as smooth
    // shapes'. A fixed seed, as above.
    #![proptest_config(ProptestConfig { cases: 8, rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202), ..ProptestConfig::default() })]

    #[test]
    fn rough_per_second_traffic_gives_the_same_answer_at_5_15_and_60_second_steps(s in common::rough_scenario(vec![60.0])) {
        prop_assert!(invariant("rough", &s, &[5.0, 15.0, 60.0]).is_ok(), "{}", invariant("rough", &s, &[5.0, 15.0, 60.0]).unwrap_err());
    }

    /// A rate held for a minute, and the same minute written out second by second, are the
    /// same traffic: the same run, bit for bit, buckets and events included.
    #[test]
    fn a_per_minute_trace_and_its_per_second_expansion_give_the_same_run(s in common::scenario(vec![5.0, 60.0], 60.0), minutes in common::rough_traffic(60.0)) {
        let mut s = s;
        let Traffic::Series { points, .. } = minutes else { unreachable!("a series") };
        let points: Vec<(f64, f64)> = points.iter().map(|&(t, r)| (t, r * s.workload.requests_per_s)).collect();
        let seconds: Vec<(f64, f64)> = points.iter().flat_map(|&(t, r)| (0..60).map(move |i| (t + f64::from(i), r))).collect();
        s.traffic = Traffic::series_held(points);
        let per_minute = sim::run(&s);
        s.traffic = Traffic::series_held(seconds);
        let per_second = sim::run(&s);
        prop_assert!(per_minute == per_second, "the runs differ: {:?} vs {:?}", per_minute.aurora_summary, per_second.aurora_summary);
    }
}

/// The worst gaps between 5 s and 15/60 s steps over generated scenarios (300, or
/// `SCALELAB_GAP_CASES`), printed with the case each came from (the figures in the module
/// doc): `cargo test --release --test step_size -- --ignored --nocapture`. A fixed seed, so
/// two engines compare on the same scenarios.
#[test]
#[ignore]
fn measure_the_worst_gaps() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngSeed, TestRunner};
    let cases: usize = std::env::var("SCALELAB_GAP_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(300);
    let mut runner = TestRunner::new(Config { rng_seed: RngSeed::Fixed(20_261_130), ..Config::default() });
    let strategy = common::scenario(vec![60.0], 8.0 * 60.0);
    // Per database, per measure: (gap, case, coarse step).
    let mut worst = [[(0.0f64, 0usize, 0.0f64); 5]; 2];
    for case in 0..cases {
        let s = strategy.new_tree(&mut runner).expect("a scenario").current();
        let fine = at_step(&s, 5.0);
        for step in [15.0, 60.0] {
            let coarse = at_step(&s, step);
            for (db, (a, b)) in [(&fine.dynamodb_summary, &coarse.dynamodb_summary), (&fine.aurora_summary, &coarse.aurora_summary)].into_iter().enumerate() {
                let rel = |x: f64, y: f64| (x - y).abs() / x.abs().max(y.abs()).max(1e-12);
                let gaps = [
                    (a.failed_share() - b.failed_share()).abs(),
                    rel(a.monthly_cost_usd, b.monthly_cost_usd),
                    (a.minutes_failing - b.minutes_failing).abs(),
                    rel(a.peak_capacity, b.peak_capacity),
                    rel(a.worst_p99_ms, b.worst_p99_ms),
                ];
                for (w, g) in worst[db].iter_mut().zip(gaps) {
                    if g > w.0 {
                        *w = (g, case, step);
                    }
                }
            }
        }
    }
    let at = |w: (f64, usize, f64)| format!("case {} at {} s", w.1, w.2);
    for (name, w) in ["DynamoDB", "Aurora"].iter().zip(worst) {
        println!(
            "{name}: failed share ±{:.5} ({}), cost ±{:.3} % ({}), minutes failing ±{:.2} ({}), peak ±{:.3} % ({}), worst p99 ±{:.2} % ({})",
            w[0].0, at(w[0]), w[1].0 * 100.0, at(w[1]), w[2].0, at(w[2]), w[3].0 * 100.0, at(w[3]), w[4].0 * 100.0, at(w[4])
        );
    }
}
