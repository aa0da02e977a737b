//! The time-stepped engine: invariants at every step over random valid scenarios,
//! determinism, the behaviour the presets exist to show, and the analytic hot-key model
//! against Monte Carlo sampling of individual requests.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use scalelab::model::aurora::AuroraConfig;
use scalelab::model::dynamodb::{CapacityMode, DynamoConfig};
use scalelab::model::presets::{self, PRESETS};
use scalelab::model::scenario::{Scenario, SimSettings};
use scalelab::model::sim::{self, monte_carlo};
use scalelab::model::traffic::Traffic;
use scalelab::model::workload::{QueryKind, Workload};
use scalelab::model::zipf::Zipf;

fn traffic() -> impl Strategy<Value = Traffic> {
    prop_oneof![
        Just(Traffic::Steady),
        (0.0f64..1.0, 0.0f64..24.0).prop_map(|(r, h)| Traffic::Diurnal { trough_to_peak: r, peak_hour_utc: h }),
        (1.0f64..50.0, 0.0f64..7200.0, 60.0f64..3600.0)
            .prop_map(|(m, s, d)| Traffic::Spike { multiplier: m, start_s: s, duration_s: d }),
        (0.1f64..20.0).prop_map(|m| Traffic::Ramp { to_multiplier: m, start_s: 600.0, end_s: 3000.0 }),
        (1.0f64..30.0).prop_map(|m| Traffic::NightlyBatch { batch_multiplier: m, start_hour_utc: 0.5, duration_h: 1.0 }),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        (0.0f64..6.0, 0.0f64..=1.0, -1.0f64..2.0, 0.0f64..7.0, 0.0f64..=2.0, prop::sample::select(QueryKind::ALL.to_vec())),
        traffic(),
        (prop::bool::ANY, prop::bool::ANY, 1.0f64..4.6, 0.2f64..=0.9), // capacity 10 to 39,810: under the 40,000 quota
        (0u32..=3, 1u32..=64, prop::sample::select(vec![60.0, 120.0, 300.0])),
    )
        .prop_map(|((rps, read, item, keys, skew, query), traffic, (provisioned, auto, cap, target), (readers, max_half, step))| {
            let cap_units = 10f64.powf(cap).round();
            Scenario {
                workload: Workload {
                    requests_per_s: 10f64.powf(rps),
                    read_share: read,
                    item_size_kb: 10f64.powf(item),
                    partition_keys: 10f64.powf(keys).round(),
                    key_skew: skew,
                    query,
                    rows_per_report: 10_000.0,
                    ..Workload::default()
                },
                traffic,
                simulation: SimSettings { duration_s: 3.0 * 3600.0, step_s: Some(step), seed: 7 },
                dynamodb: DynamoConfig {
                    mode: if provisioned { CapacityMode::Provisioned } else { CapacityMode::OnDemand },
                    auto_scaling: auto,
                    provisioned_rcu: cap_units,
                    provisioned_wcu: cap_units,
                    target_utilisation: target,
                    ..DynamoConfig::default()
                },
                aurora: AuroraConfig { readers, max_acu: f64::from(max_half) * 2.0, ..AuroraConfig::default() },
                ..Scenario::default()
            }
        })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_step_conserves_requests_stays_finite_and_in_bounds(s in scenario()) {
        prop_assert!(s.validate().is_ok(), "{:?}", s.validate());
        let r = sim::run(&s);
        prop_assert_eq!(r.t_s.len(), s.simulation.steps());
        let (d, a) = (&r.dynamodb, &r.aurora);
        for i in 0..r.t_s.len() {
            prop_assert!(close(d.served_rps[i] + d.throttled_rps[i], d.offered_rps[i]), "ddb step {i}");
            prop_assert!(close(a.served_rps[i] + a.failed_rps[i], a.offered_rps[i]), "aurora step {i}");
            prop_assert!(d.throttled_rps[i] >= 0.0 && a.failed_rps[i] >= 0.0);
            for v in [d.p50_ms[i], d.p99_ms[i], a.p50_ms[i], a.p99_ms[i], d.cost_usd[i], a.cost_usd[i],
                      d.read_capacity_units[i], d.consumed_read_units[i], a.writer_utilisation[i]] {
                prop_assert!(v.is_finite() && v >= 0.0, "step {i}: {v}");
            }
            for acu in [a.writer_acu[i], a.reader_acu[i]] {
                prop_assert!((acu * 2.0).fract() == 0.0, "ACU {acu} off the 0.5 grid");
                prop_assert!(acu == 0.0 || (0.5..=s.aurora.max_acu).contains(&acu), "ACU {acu}");
            }
            if s.dynamodb.mode == CapacityMode::Provisioned && s.dynamodb.auto_scaling {
                let c = d.read_capacity_units[i];
                prop_assert!(c >= s.dynamodb.min_rcu.min(s.dynamodb.provisioned_rcu) && c <= s.dynamodb.max_rcu.max(s.dynamodb.provisioned_rcu));
            }
        }
        for sum in [&r.dynamodb_summary, &r.aurora_summary] {
            prop_assert!(sum.monthly_cost_usd.is_finite() && sum.monthly_cost_usd >= 0.0);
            prop_assert!(close(sum.served_requests + sum.failed_requests, sum.offered_requests));
        }
    }

    #[test]
    fn same_scenario_same_output(s in scenario()) {
        prop_assert_eq!(sim::run(&s), sim::run(&s));
    }

    /// On-demand never throttles traffic below twice its previous peak: the capacity in
    /// force is always at least max(new table's 12,000 / 4,000 units, 2 × the highest load
    /// it served in full before), up to the table quota, which it never passes; it never
    /// decays. Throttling happens only above that
    /// capacity. (Load served while capping a surge is not a "peak": counting it would let
    /// capacity double every step, faster than AWS's 30-minute rule.)
    #[test]
    fn on_demand_capacity_is_always_twice_the_previous_peak(s in scenario()) {
        let mut s = s;
        s.dynamodb.mode = CapacityMode::OnDemand;
        let r = sim::run(&s);
        let d = &r.dynamodb;
        let (mut peak_r, mut peak_w) = (0.0f64, 0.0f64);
        let (mut last_r, mut last_w) = (0.0f64, 0.0f64);
        let (ceiling_r, ceiling_w) = s.dynamodb.ceiling();
        for i in 0..r.t_s.len() {
            let (cap_r, cap_w) = (d.read_capacity_units[i], d.write_capacity_units[i]);
            let want_r = (2.0 * peak_r).max(12_000.0).min(ceiling_r);
            let want_w = (2.0 * peak_w).max(4_000.0).min(ceiling_w);
            prop_assert!(cap_r >= want_r * (1.0 - 1e-12), "step {i}: {cap_r} < 2 × {peak_r} (quota {ceiling_r})");
            prop_assert!(cap_w >= want_w * (1.0 - 1e-12), "step {i}: {cap_w} < 2 × {peak_w} (quota {ceiling_w})");
            prop_assert!(cap_r <= ceiling_r && cap_w <= ceiling_w, "step {i}: above the table quota");
            prop_assert!(cap_r >= last_r && cap_w >= last_w, "on-demand capacity decayed at step {i}");
            if d.consumed_read_units[i] < cap_r * (1.0 - 1e-9) {
                peak_r = peak_r.max(d.consumed_read_units[i]);
            }
            if d.consumed_write_units[i] < cap_w * (1.0 - 1e-9) {
                peak_w = peak_w.max(d.consumed_write_units[i]);
            }
            (last_r, last_w) = (cap_r, cap_w);
        }
    }
}

#[test]
fn auto_step_follows_the_duration() {
    let step = |duration_s: f64| SimSettings { duration_s, ..SimSettings::default() }.step();
    assert_eq!(step(3_600.0), 5.0);
    assert_eq!(step(86_400.0), 60.0);
    assert_eq!(step(30.0 * 86_400.0), 300.0);
    assert_eq!(SimSettings { duration_s: 86_400.0, step_s: Some(1.0), ..SimSettings::default() }.steps(), 86_400);
}

#[test]
fn flash_sale_burst_then_throttling_then_auto_scaling_recovers() {
    let s = presets::find("flash-sale").unwrap().scenario();
    let r = sim::run(&s);
    let d = &r.dynamodb;
    let spike = r.t_s.iter().position(|&t| t >= 3_600.0).unwrap();
    let end = r.t_s.iter().position(|&t| t >= 3_600.0 + 45.0 * 60.0).unwrap();
    // Burst capacity hides the first seconds of the spike...
    assert_eq!(d.throttled_rps[spike], 0.0, "burst should absorb the first step");
    assert!(d.consumed_read_units[spike] > d.read_capacity_units[spike]);
    // ...then it runs out and requests are throttled...
    assert!(d.throttled_rps[spike + 2] > 0.5 * d.offered_rps[spike + 2]);
    // ...while auto scaling raises capacity, in steps, until throttling stops before the end.
    let recovered = (spike + 2..end).find(|&i| d.throttled_rps[i] == 0.0).expect("auto scaling catches up");
    assert!(r.t_s[recovered] - r.t_s[spike] > 5.0 * 60.0, "recovery cannot be instant");
    assert!(d.read_capacity_units[recovered] > 10.0 * d.read_capacity_units[spike]);
    // Aurora scales up in steps with a visible lag, failing requests meanwhile.
    let a = &r.aurora;
    assert!(a.writer_needed_acu[spike] > a.writer_acu[spike]);
    assert!(a.failed_rps[spike] > 0.0);
    let caught_up = (spike..end).find(|&i| a.writer_acu[i] >= a.writer_needed_acu[i]).unwrap();
    assert!((2..40).contains(&(caught_up - spike)), "caught up after {} steps", caught_up - spike);
    assert!(a.p99_ms[caught_up + 1] < 100.0);
}

#[test]
fn iot_hot_device_throttles_whatever_the_provisioned_capacity() {
    let s = presets::find("iot-ingestion").unwrap().scenario();
    let r = sim::run(&s);
    let ddb = &r.dynamodb_summary;
    assert!(ddb.failed_requests / ddb.offered_requests > 0.05);
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
    fn more_provisioned_capacity_never_raises_throttling(s in scenario(), extra in 1.0f64..10.0) {
        let mut small = s;
        small.dynamodb.mode = CapacityMode::Provisioned;
        small.dynamodb.auto_scaling = false;
        small.dynamodb.min_rcu = 1.0;
        small.dynamodb.min_wcu = 1.0;
        let mut big = small.clone();
        big.dynamodb.provisioned_rcu = (small.dynamodb.provisioned_rcu * extra).round();
        big.dynamodb.provisioned_wcu = (small.dynamodb.provisioned_wcu * extra).round();
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
