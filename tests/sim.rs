//! The time-stepped engine: invariants at every step over random valid scenarios (requests
//! conserved through the loss ledger, finite, in bounds), determinism, slicing, bounded
//! memory, the behaviour the presets exist to show, and the analytic hot-key model against
//! Monte Carlo sampling of individual requests.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{close, scenario};
use proptest::prelude::*;
use scalelab::model::dynamodb::CapacityMode;
use scalelab::model::presets::{self, PRESETS};
use scalelab::model::scenario::{Scenario, SimSettings};
use scalelab::model::sim::{self, monte_carlo, Database, LossCause, MAX_BUCKETS};
use scalelab::model::traffic::Traffic;
use scalelab::model::zipf::Zipf;

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// At every step, for both databases: offered = served + Σ lost by cause, every value
    /// finite and non-negative, ACU (a time-weighted mean over the step: the grid is checked
    /// piece by piece in `aurora_capacity`) within [0, max], auto-scaled capacity within its
    /// bounds; and the summary adds up the same way.
    #[test]
    fn every_step_conserves_requests_through_the_ledger_and_stays_finite(s in scenario(vec![60.0, 120.0, 300.0], 60.0)) {
        prop_assert!(s.validate().is_ok(), "{:?}", s.validate());
        let mut engine = sim::Engine::new(&s);
        let mut steps = 0;
        let mut failures = Vec::new();
        engine.advance_with(usize::MAX, &mut |r| {
            steps += 1;
            let (d, a) = (r.dynamodb, r.aurora);
            for (db, offered, served, ledger) in [("ddb", d.offered_rps, d.served_rps, r.dynamodb_lost_rps), ("aurora", a.offered_rps, a.served_rps, r.aurora_lost_rps)] {
                if !close(served + ledger.total(), offered) {
                    failures.push(format!("{db} at {} s: {offered} offered != {served} served + {} lost", r.t_s, ledger.total()));
                }
                for c in LossCause::ALL {
                    if ledger.get(c) < 0.0 || !ledger.get(c).is_finite() {
                        failures.push(format!("{db} {c:?} = {}", ledger.get(c)));
                    }
                    let own = if db == "ddb" { Database::Dynamodb } else { Database::Aurora };
                    if c.database() != own && ledger.get(c) != 0.0 {
                        failures.push(format!("{db} booked {c:?}"));
                    }
                }
            }
            for v in [d.p50_ms, d.p99_ms, a.p50_ms, a.p99_ms, r.dynamodb_cost_usd, r.aurora_cost_usd, d.read_capacity_units, d.consumed_read_units, a.writer_utilisation, a.writer_acu] {
                if !(v.is_finite() && v >= 0.0) {
                    failures.push(format!("at {} s: {v}", r.t_s));
                }
            }
        });
        prop_assert!(failures.is_empty(), "{:?}", &failures[..failures.len().min(5)]);
        prop_assert_eq!(steps, engine.total_steps());
        let run = engine.finish();
        for sum in [&run.dynamodb_summary, &run.aurora_summary] {
            prop_assert!(sum.monthly_cost_usd.is_finite() && sum.monthly_cost_usd >= 0.0);
            prop_assert!(close(sum.served_requests + sum.failed_requests, sum.offered_requests));
            prop_assert!(close(sum.lost_requests.values().sum::<f64>(), sum.failed_requests));
        }
        let a = &run.aurora;
        for i in 0..run.t_s.len() {
            for acu in [a.writer_acu.max[i], a.reader_acu.max[i], a.writer_acu.min[i]] {
                prop_assert!((0.0..=s.aurora.max_acu * (1.0 + 1e-12)).contains(&acu), "ACU {acu}");
            }
            if s.dynamodb.mode == CapacityMode::Provisioned && s.dynamodb.auto_scaling {
                let c = run.dynamodb.read_capacity_units.max[i];
                prop_assert!(c >= s.dynamodb.min_rcu.min(s.dynamodb.provisioned_rcu) * (1.0 - 1e-12) && c <= s.dynamodb.max_rcu.max(s.dynamodb.provisioned_rcu) * (1.0 + 1e-12), "capacity {c}");
            }
        }
    }

    /// Real traffic is rough: a per-second held series, jumping every second. The same
    /// invariants at every step.
    #[test]
    fn rough_per_second_traffic_conserves_requests_and_stays_finite(s in common::rough_scenario(vec![5.0, 60.0])) {
        let mut failures = Vec::new();
        sim::Engine::new(&s).advance_with(usize::MAX, &mut |r| {
            let (d, a) = (r.dynamodb, r.aurora);
            for (db, offered, served, ledger) in [("ddb", d.offered_rps, d.served_rps, r.dynamodb_lost_rps), ("aurora", a.offered_rps, a.served_rps, r.aurora_lost_rps)] {
                if !close(served + ledger.total(), offered) {
                    failures.push(format!("{db} at {} s: {offered} offered != {served} served + {} lost", r.t_s, ledger.total()));
                }
            }
            for v in [d.p50_ms, d.p99_ms, a.p50_ms, a.p99_ms, r.dynamodb_cost_usd, r.aurora_cost_usd, a.writer_utilisation, a.writer_acu] {
                if !(v.is_finite() && v >= 0.0) {
                    failures.push(format!("at {} s: {v}", r.t_s));
                }
            }
            if a.writer_acu > s.aurora.max_acu * (1.0 + 1e-12) {
                failures.push(format!("at {} s: {} ACU above the maximum", r.t_s, a.writer_acu));
            }
        });
        prop_assert!(failures.is_empty(), "{:?}", &failures[..failures.len().min(5)]);
    }

    #[test]
    fn same_scenario_same_output(s in scenario(vec![60.0, 300.0], 60.0)) {
        prop_assert_eq!(sim::run(&s), sim::run(&s));
    }

    /// AWS: on-demand "can scale to double the previous peak within 30 minutes". At every
    /// step the capacity in force is at least max(the new table's 12,000 / 4,000 units,
    /// 2 × the highest rate served at least 30 minutes earlier), never above the quota, and
    /// it never decays. (A step's mean rate counts once the whole step is 30 minutes old:
    /// its busiest moment may have come at its end.)
    #[test]
    fn on_demand_capacity_is_twice_the_peak_of_30_minutes_ago(s in scenario(vec![60.0], 60.0)) {
        let mut s = s;
        s.dynamodb.mode = CapacityMode::OnDemand;
        let (ceiling_r, ceiling_w) = s.dynamodb.ceiling();
        let mut served: Vec<(f64, f64, f64)> = vec![];
        let mut last = (0.0f64, 0.0f64);
        let mut failures = vec![];
        sim::Engine::new(&s).advance_with(usize::MAX, &mut |r| {
            let d = r.dynamodb;
            let (peak_r, peak_w) = served.iter().filter(|x| x.0 + 1_800.0 <= r.t_s + 1e-9).fold((0.0f64, 0.0f64), |p, x| (p.0.max(x.1), p.1.max(x.2)));
            let want_r = (2.0 * peak_r).max(12_000.0).min(ceiling_r);
            let want_w = (2.0 * peak_w).max(4_000.0).min(ceiling_w);
            if d.read_capacity_units < want_r * (1.0 - 1e-9) || d.write_capacity_units < want_w * (1.0 - 1e-9) {
                failures.push(format!("{} s: ({}, {}) < ({want_r}, {want_w})", r.t_s, d.read_capacity_units, d.write_capacity_units));
            }
            if d.read_capacity_units > ceiling_r * (1.0 + 1e-12) || d.write_capacity_units > ceiling_w * (1.0 + 1e-12) {
                failures.push(format!("{} s: above the quota", r.t_s));
            }
            if d.read_capacity_units < last.0 * (1.0 - 1e-12) || d.write_capacity_units < last.1 * (1.0 - 1e-12) {
                failures.push(format!("{} s: capacity decayed", r.t_s));
            }
            last = (d.read_capacity_units, d.write_capacity_units);
            served.push((r.t_s + r.length_s, d.consumed_read_units, d.consumed_write_units));
        });
        prop_assert!(failures.is_empty(), "{:?}", &failures[..failures.len().min(3)]);
    }
}

/// The page's worker runs a scenario in slices; the result must not depend on the slicing.
#[test]
fn advancing_in_slices_gives_the_same_run() {
    let s = presets::find("flash-sale").unwrap().scenario();
    let mut engine = sim::Engine::new(&s);
    let mut slices = 0;
    while !engine.is_done() {
        engine.advance(97);
        slices += 1;
        let partial = engine.snapshot();
        assert_eq!(partial.steps_done, engine.steps_done());
        assert_eq!(partial.t_s.len(), engine.steps_done().div_ceil(partial.bucket_steps));
    }
    assert!(slices > 1);
    assert_eq!(engine.finish(), sim::run(&s));
}

/// A month at one-second steps is valid; what the run keeps is bounded by the chart's
/// resolution, while summaries stay exact over every step. (Two days here, to keep the test
/// quick: 172,800 steps.)
#[test]
fn long_runs_keep_chart_resolution_and_exact_summaries() {
    let s = Scenario {
        traffic: Traffic::Spike { multiplier: 30.0, start_s: 100_000.0, duration_s: 7.0 },
        simulation: SimSettings { duration_s: 2.0 * 86_400.0, step_s: Some(1.0), seed: 1 },
        ..Scenario::default()
    };
    let mut engine = sim::Engine::new(&s);
    let (mut offered, mut lost, mut worst_p99) = (0.0, 0.0, 0.0f64);
    engine.advance_with(usize::MAX, &mut |r| {
        offered += r.dynamodb.offered_rps * r.length_s;
        lost += r.dynamodb_lost_rps.total() * r.length_s;
        worst_p99 = worst_p99.max(r.dynamodb.p99_ms);
    });
    let run = engine.finish();
    assert_eq!(run.steps, 172_800);
    assert!(run.t_s.len() <= MAX_BUCKETS && run.dynamodb.p99_ms.len() == run.t_s.len(), "{} buckets", run.t_s.len());
    assert_eq!(run.partition_heat.utilisation.len(), run.t_s.len() * run.partition_heat.rows);
    let sum = &run.dynamodb_summary;
    assert!(close(sum.offered_requests, offered) && close(sum.failed_requests, lost) && sum.worst_p99_ms == worst_p99);
    // A 7-second spike is not averaged away: its bucket's maximum keeps it.
    let peak = run.dynamodb.offered_rps.max.iter().copied().fold(0.0, f64::max);
    assert_eq!(peak, 30.0 * s.workload.requests_per_s);
    assert!(run.dynamodb.offered_rps.mean.iter().copied().fold(0.0, f64::max) < peak / 10.0);
}

#[test]
fn flash_sale_burst_then_throttling_then_auto_scaling_recovers() {
    let s = presets::find("flash-sale").unwrap().scenario();
    let r = sim::run(&s);
    assert_eq!(r.bucket_steps, 1, "every step kept");
    let d = &r.dynamodb;
    let at = |t: f64| r.t_s.iter().position(|&x| x >= t).unwrap();
    let (spike, end) = (at(3_600.0), at(3_600.0 + 45.0 * 60.0));
    // Burst capacity hides the first seconds of the spike...
    assert_eq!(d.failed_rps.mean[spike], 0.0, "burst should absorb the first step");
    assert!(d.consumed_read_units.mean[spike] > d.read_capacity_units.mean[spike]);
    // ...then it runs out and requests are throttled...
    assert!(d.failed_rps.mean[spike + 2] > 0.5 * d.offered_rps.mean[spike + 2]);
    // ...while auto scaling raises capacity, in steps, until throttling stops before the end.
    let recovered = (spike + 2..end).find(|&i| d.failed_rps.mean[i] == 0.0).expect("auto scaling catches up");
    assert!(r.t_s[recovered] - r.t_s[spike] > 5.0 * 60.0, "recovery cannot be instant");
    assert!(d.read_capacity_units.mean[recovered] > 10.0 * d.read_capacity_units.mean[spike]);
    // Aurora scales up in steps with a visible lag, failing requests meanwhile.
    let a = &r.aurora;
    assert!(a.writer_needed_acu.mean[spike] > a.writer_acu.mean[spike]);
    assert!(a.failed_rps.mean[spike] > 0.0);
    let caught_up = (spike..end).find(|&i| a.writer_acu.mean[i] >= a.writer_needed_acu.mean[i]).unwrap();
    assert!((2..40).contains(&(caught_up - spike)), "caught up after {} steps", caught_up - spike);
    assert!(a.p99_ms.mean[caught_up + 8] < 100.0, "{}", a.p99_ms.mean[caught_up + 8]);
}

#[test]
fn iot_hot_device_throttles_whatever_the_provisioned_capacity() {
    let s = presets::find("iot-ingestion").unwrap().scenario();
    let r = sim::run(&s);
    let ddb = &r.dynamodb_summary;
    assert!(ddb.failed_share() > 0.05);
    assert_eq!(ddb.dominant_cause().map(|c| c.0), Some(LossCause::TableWriteHotKey));
    let mut bigger = s.clone();
    bigger.dynamodb.provisioned_wcu = 40_000.0;
    bigger.dynamodb.provisioned_rcu = 40_000.0;
    let r2 = sim::run(&bigger);
    assert!(close(r2.dynamodb_summary.failed_requests, ddb.failed_requests), "more capacity cannot help one key");
    assert_eq!(r.aurora_summary.failed_requests, 0.0);
}

#[test]
fn monthly_report_scan_costs_far_more_than_sql() {
    let r = sim::run(&presets::find("monthly-sales-report").unwrap().scenario());
    assert!(r.dynamodb_summary.monthly_cost_usd > 5.0 * r.aurora_summary.monthly_cost_usd);
}

#[test]
fn every_preset_runs_and_its_lesson_is_one_line() {
    for p in &PRESETS {
        let r = sim::run(&p.scenario());
        assert!(r.dynamodb_summary.monthly_cost_usd > 0.0 && r.aurora_summary.monthly_cost_usd > 0.0, "{}", p.id);
        assert!(!p.lesson.contains('\n') && p.lesson.len() < 260, "{}", p.id);
    }
}

/// Sampling individual requests' keys agrees with the analytic per-key ceiling. Each key's
/// count is Poisson, and capping a random count serves, in expectation, a little less than
/// capping its mean (Jensen); at 200,000 requests that bias is below the sampling noise.
/// Measured over 10 seeds: +0.014 %, +0.029 % and 0 % for the three cases; asserted: 1 %.
#[test]
fn monte_carlo_agrees_with_the_analytic_hot_key_model() {
    for &(keys, s, rps, cap) in &[(1_000usize, 1.1, 200_000.0, 1_000.0), (5_000, 0.8, 500_000.0, 3_000.0), (200, 0.0, 400_000.0, 1_000.0)] {
        let analytic = Zipf::new(keys as f64, s).served_under_cap(rps, cap);
        let sampler = monte_carlo::KeySampler::new(keys, s);
        let seeds = 10;
        let sampled: f64 = (0..seeds)
            .map(|seed| {
                let mut rng = monte_carlo::Rng::new(seed);
                monte_carlo::sampled_served_under_cap(&sampler, (rps * 0.4) as u64, 1.0, 0.4, cap, &mut rng)
            })
            .sum::<f64>()
            / seeds as f64;
        let gap = (sampled - analytic) / analytic;
        println!("keys={keys} s={s}: sampled {sampled:.0} vs analytic {analytic:.0} units/s, gap {:+.3} %", gap * 100.0);
        assert!(gap.abs() < 0.01, "keys={keys} s={s}: sampled {sampled:.0} vs analytic {analytic:.0} ({:.3} %)", gap * 100.0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Under the same traffic, a table with more (fixed) provisioned capacity never
    /// throttles more. (With auto scaling the property does not hold exactly, and the model
    /// says so: a table that starts larger scales in while idle and meets the next rise at
    /// a different moment — path dependence, as in the real service.)
    #[test]
    fn more_provisioned_capacity_never_raises_throttling(s in scenario(vec![60.0, 120.0, 300.0], 60.0), extra in 1.0f64..10.0) {
        let mut small = s;
        small.dynamodb.mode = CapacityMode::Provisioned;
        small.dynamodb.auto_scaling = false;
        small.dynamodb.min_rcu = 1.0;
        small.dynamodb.min_wcu = 1.0;
        let mut big = small.clone();
        big.dynamodb.provisioned_rcu = (small.dynamodb.provisioned_rcu * extra).round();
        big.dynamodb.provisioned_wcu = (small.dynamodb.provisioned_wcu * extra).round();
        big.dynamodb.index_provisioned_wcu = Some(1e6);
        small.dynamodb.index_provisioned_wcu = Some(1e6);
        let (a, b) = (sim::run(&small), sim::run(&big));
        prop_assert!(
            b.dynamodb_summary.failed_requests <= a.dynamodb_summary.failed_requests * (1.0 + 1e-9) + 1e-6,
            "{} > {}", b.dynamodb_summary.failed_requests, a.dynamodb_summary.failed_requests
        );
    }
}

#[test]
fn a_partition_that_stays_hot_splits_for_heat_and_partitions_never_merge() {
    let s = presets::find("iot-ingestion").unwrap().scenario();
    let r = sim::run(&s);
    let p = &r.partition_heat.partitions;
    assert!(p.windows(2).all(|w| w[1] >= w[0]), "partitions never merge");
    assert!(p.last().unwrap() > p.first().unwrap(), "the hot device's partition splits: {} -> {}", p[0], p.last().unwrap());
    // Splitting cannot help one key: it throttles all the same.
    let mut no_split = s.clone();
    no_split.estimates.ddb_split_for_heat_delay_s = 1e7;
    let r2 = sim::run(&no_split);
    assert_eq!(r2.partition_heat.partitions.first(), r2.partition_heat.partitions.last());
    assert!((r.dynamodb_summary.failed_requests - r2.dynamodb_summary.failed_requests).abs() < 1e-6 * r2.dynamodb_summary.failed_requests);
}
