//! Hot-row contention ([`scalelab::model::contention`]): the pgbench TPC-B runs on Aurora
//! DSQL published by Marc Bowes (facts `dsql.pgbench.*`), and the shape of each database's
//! model.

use scalelab::model::contention::{
    aurora_hot_row, dsql_hot_row, dsql_window_ms, dynamodb_for, dynamodb_hot_item, pgbench_tpcb,
    aurora_for, dsql_for,
};
use scalelab::model::dsql::Topology;
use scalelab::model::estimates::Estimates;
use scalelab::model::facts::{
    DSQL_COMMIT_P50_MS, DSQL_HOT_ROW_UPDATES_PER_S, DSQL_PGBENCH_100_BRANCHES, DSQL_PGBENCH_CLIENTS,
    DSQL_PGBENCH_NO_AGGREGATES, DSQL_PGBENCH_ONE_BRANCH, DSQL_PGBENCH_ONE_CLIENT_MS,
};
use scalelab::model::workload::{HotItem, QueryKind, Workload};
use scalelab::model::zipf::Zipf;

/// Within `pp` percentage points on a share.
fn near_share(model: f64, published: f64, pp: f64) -> bool {
    (model - published).abs() <= pp / 100.0
}

/// Within a factor of `k` on a rate.
fn within_factor(model: f64, published: f64, k: f64) -> bool {
    model > 0.0 && published > 0.0 && (model / published).max(published / model) <= k
}

/// 100 clients, every transaction updates the single branch row: published 98.97 % failed,
/// 11.7 TPS at a mean latency of 88.6 ms including failures. Tolerance: failure share within
/// 2 percentage points, TPS within 2× (the model gives 99.0 % and 11.2 TPS). The failure
/// share does not depend on the latency: with the one-client latency (17.2 ms) it is the
/// same, while TPS is then ≈ 5× too high, since the model does not predict the latency
/// rising under contention (it takes it as an input).
#[test]
fn pgbench_one_branch_row_fails_about_99_percent() {
    let (failed, tps, latency_ms) = DSQL_PGBENCH_ONE_BRANCH;
    let run = pgbench_tpcb(DSQL_PGBENCH_CLIENTS, 1.0, latency_ms);
    assert!(near_share(run.failed_share, failed, 2.0), "{run:?}");
    assert!(within_factor(run.tps, tps, 2.0), "{run:?}");
    let napkin = pgbench_tpcb(DSQL_PGBENCH_CLIENTS, 1.0, DSQL_PGBENCH_ONE_CLIENT_MS);
    assert!(near_share(napkin.failed_share, failed, 2.0), "{napkin:?}");
    // One hot row: successes stay under one per transaction time.
    assert!(run.tps <= 1000.0 / latency_ms * (1.0 + 1e-12));
}

/// 100 clients over 100 branch rows: published 50.2 % failed, 742 TPS at 67.1 ms.
/// Tolerance: failure share within 2 percentage points (model 49.7 %), TPS within 2×
/// (model 749).
#[test]
fn pgbench_100_branch_rows_fail_about_half() {
    let (failed, tps, latency_ms) = DSQL_PGBENCH_100_BRANCHES;
    let run = pgbench_tpcb(DSQL_PGBENCH_CLIENTS, 100.0, latency_ms);
    assert!(near_share(run.failed_share, failed, 2.0), "{run:?}");
    assert!(within_factor(run.tps, tps, 2.0), "{run:?}");
}

/// 100 clients, no branch or teller update, one of 10 M account rows: published 0.001 %
/// failed (4 of 392,218), 6,564 TPS at 15.2 ms. Tolerance: failure share within 0.01
/// percentage points (model 0.00099 %), TPS within 2× (model 6,564).
#[test]
fn pgbench_without_aggregates_almost_never_fails() {
    let (failed, tps, latency_ms) = DSQL_PGBENCH_NO_AGGREGATES;
    let run = pgbench_tpcb(DSQL_PGBENCH_CLIENTS, 10_000_000.0, latency_ms);
    assert!(near_share(run.failed_share, failed, 0.01), "{run:?}");
    assert!(within_factor(run.tps, tps, 2.0), "{run:?}");
}

/// DynamoDB: the `TransactionConflict` share (per attempt, and cancelled after retries)
/// rises with the hot-item share over a grid of shares, rates and attempt counts, and is
/// ≈ 0 when the hot rate is tiny.
#[test]
fn dynamodb_conflicts_rise_with_the_hot_share_and_vanish_when_cold() {
    let e = Estimates::default();
    for requests in [10.0, 1_000.0, 100_000.0] {
        for attempts in [1, 3, 10] {
            let mut last = (-1.0, -1.0);
            for i in 0..=50 {
                let share = f64::from(i) / 50.0;
                let w = Workload {
                    requests_per_s: requests,
                    read_share: 0.0,
                    query: QueryKind::Transaction,
                    hot_item: Some(HotItem { share: Some(share), ..HotItem::default() }),
                    ..Workload::default()
                };
                let e = Estimates { sdk_max_attempts: attempts, ..e.clone() };
                let d = dynamodb_for(&w, &e);
                assert!(d.conflict_share >= last.0 && d.cancelled_share >= last.1, "{requests} {attempts} {share}: {d:?}");
                assert!(d.extra_attempts_per_s >= 0.0 && d.served_per_s <= d.offered_per_s + 1e-9);
                last = (d.conflict_share, d.cancelled_share);
            }
        }
    }
    // One transaction every 10 s on the hot item, held 14 ms: conflicts ≈ 0.
    let cold = dynamodb_hot_item(0.1, 14.0, 1024, 3, 50.0);
    assert!(cold.conflict_share < 0.002 && cold.cancelled_share < 1e-8, "{cold:?}");
    assert_eq!(dynamodb_hot_item(0.0, 14.0, 1024, 3, 50.0).cancelled_share, 0.0);
}

/// DynamoDB: retries lower the cancelled share but add attempts, and every attempt (a
/// cancelled one too) consumes 2 WCU per KB against the per-key 1,000 WCU (500 attempts/s
/// of a 1 KB item).
#[test]
fn dynamodb_retries_trade_cancellations_for_attempts_and_capacity() {
    let once = dynamodb_hot_item(50.0, 14.0, 1024, 1, 50.0);
    let thrice = dynamodb_hot_item(50.0, 14.0, 1024, 3, 50.0);
    assert!(thrice.cancelled_share < once.cancelled_share);
    assert!(thrice.extra_attempts_per_s > 0.0 && once.extra_attempts_per_s == 0.0);
    assert!(thrice.mean_backoff_ms > 0.0);
    assert_eq!(thrice.wcu_per_attempt, 2.0);
    assert_eq!(thrice.key_ceiling_per_s, 500.0);
    assert!((thrice.hot_item_wcu_per_s - 2.0 * thrice.attempts_per_s).abs() < 1e-9);
    // 50/s on an item held 14 ms: the single-attempt conflict share is Λw/(1+Λw) = 0.7/1.7.
    assert!((once.conflict_share - 0.7 / 1.7).abs() < 1e-12, "{once:?}");
    // Far past the per-key ceiling, attempts are throttled.
    let flood = dynamodb_hot_item(10_000.0, 14.0, 1024, 3, 50.0);
    assert!(flood.throttled_share > 0.9 && flood.served_per_s <= flood.conflict_ceiling_per_s);
}

/// Aurora: one hot row never serves more than 1 / lock hold, approaches it under
/// overload, and times requests out only past it (below 99 % of the ceiling, none).
#[test]
fn aurora_hot_row_is_capped_at_one_over_the_lock_hold() {
    let (statements, rtt, commit, timeout) = (2.0, 0.5, 1.5, 50_000.0);
    let ceiling = 1000.0 / (statements * rtt + commit); // 400/s
    let mut last_wait = 0.0;
    for i in 1..=400 {
        let offered = ceiling * f64::from(i) / 100.0; // 1 % to 4×
        let a = aurora_hot_row(offered, statements, rtt, commit, timeout);
        assert!((a.ceiling_per_s - ceiling).abs() < 1e-9);
        assert!(a.served_per_s <= ceiling + 1e-9, "{a:?}");
        assert!(a.lock_wait_p99_ms >= a.lock_wait_mean_ms * 0.0 && a.lock_wait_p99_ms <= timeout);
        assert!(a.lock_wait_mean_ms >= last_wait, "waits grow with load: {a:?}");
        last_wait = a.lock_wait_mean_ms;
        if offered < 0.99 * ceiling {
            assert!(a.timed_out_share < 1e-9, "{a:?}");
            assert!((a.served_per_s - offered).abs() < 1e-6 * offered);
        }
        if offered > ceiling {
            assert!(a.timed_out_share > 0.0 && a.lock_wait_mean_ms == timeout);
        }
    }
    let overload = aurora_hot_row(4.0 * ceiling, statements, rtt, commit, timeout);
    assert!(overload.served_per_s > 0.99 * ceiling && (overload.timed_out_share - 0.75).abs() < 1e-9);
    // M/D/1 at half load: mean wait ρD/(2(1−ρ)) = D/2 = 1.25 ms.
    let half = aurora_hot_row(ceiling / 2.0, statements, rtt, commit, timeout);
    assert!((half.lock_wait_mean_ms - 1.25).abs() < 1e-9, "{half:?}");
    assert!(half.lock_wait_p99_ms > half.lock_wait_mean_ms, "{half:?}");
}

/// DSQL: one hot row sustains ≈ 1 / commit latency updates per second, ≈ 140/s at 7 ms
/// (within 5 %), however many clients push (served approaches the ceiling without retries).
#[test]
fn dsql_hot_row_ceiling_is_one_over_the_commit_latency() {
    let window = dsql_window_ms(0.0, 2.0, DSQL_COMMIT_P50_MS); // autocommit UPDATE
    let calm = dsql_hot_row(10.0, window, 1, 50.0);
    assert!((calm.ceiling_per_s - DSQL_HOT_ROW_UPDATES_PER_S).abs() / DSQL_HOT_ROW_UPDATES_PER_S < 0.05, "{calm:?}");
    let mut last_served = 0.0;
    for offered in [10.0, 100.0, 1_000.0, 10_000.0, 1e6] {
        let d = dsql_hot_row(offered, window, 1, 50.0);
        assert!(d.served_per_s_without_retries <= d.ceiling_per_s + 1e-9);
        assert!(d.served_per_s_without_retries >= last_served);
        last_served = d.served_per_s_without_retries;
        // Retries cut the failures, at the price of extra attempts.
        let r = dsql_hot_row(offered, window, 3, 50.0);
        assert!(r.failed_share <= d.abort_share_without_retries + 1e-12 && r.extra_attempts_per_s > 0.0, "{r:?}");
    }
    assert!(last_served > 0.99 * calm.ceiling_per_s);
    // A 2-statement transaction is open 2 × 2 + 7 = 11 ms: ≈ 91/s.
    let e = Estimates::default();
    let w = Workload {
        read_share: 0.0,
        hot_item: Some(HotItem { share: Some(1.0), statements_per_transaction: 2.0 }),
        ..Workload::default()
    };
    assert!((dsql_for(&w, &e, Topology::SingleRegion).window_ms - 11.0).abs() < 1e-12);
}

/// No NaN or infinity for zero, negative, NaN or huge inputs anywhere.
#[test]
fn contention_models_stay_finite_at_the_edges() {
    let odd = [0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e-300, 1e300, f64::MAX];
    let finite = |xs: &[f64], what: &str| assert!(xs.iter().all(|x| x.is_finite()), "{what}: {xs:?}");
    for &r in &odd {
        for &d in &odd {
            for n in [0, 1, 3, u32::MAX] {
                let a = dynamodb_hot_item(r, d, 0, n, d);
                finite(&[a.offered_per_s, a.attempts_per_s, a.extra_attempts_per_s, a.conflict_share, a.cancelled_share, a.hot_item_wcu_per_s, a.key_ceiling_per_s, a.throttled_share, a.served_per_s, a.conflict_ceiling_per_s, a.mean_backoff_ms], "dynamodb");
                let s = dsql_hot_row(r, d, n, d);
                finite(&[s.window_ms, s.ceiling_per_s, s.abort_share_without_retries, s.served_per_s_without_retries, s.attempts_per_s, s.extra_attempts_per_s, s.abort_share_per_attempt, s.failed_share, s.served_per_s, s.mean_backoff_ms], "dsql");
            }
            let l = aurora_hot_row(r, d, d, d, d);
            finite(&[l.lock_hold_ms, l.ceiling_per_s, l.utilisation, l.served_per_s, l.lock_wait_mean_ms, l.lock_wait_p99_ms, l.timed_out_share, l.lock_wait_timeout_ms], "aurora");
            let p = pgbench_tpcb(r, d, d);
            finite(&[p.attempts_per_s, p.tps, p.failed_share], "pgbench");
            finite(&[dsql_window_ms(r, d, d)], "window");
        }
    }
    // A workload at the edges of its bounds.
    let e = Estimates::default();
    for (rps, keys, skew) in [(0.001, 1.0, 0.0), (1e7, 1e12, 2.0), (1e7, 1.0, 2.0)] {
        let w = Workload { requests_per_s: rps, partition_keys: keys, key_skew: skew, read_share: 0.0, ..Workload::default() };
        let a = aurora_for(&w, &e);
        let d = dynamodb_for(&w, &e);
        let s = dsql_for(&w, &e, Topology::SingleRegion);
        finite(&[a.served_per_s, a.lock_wait_p99_ms, d.cancelled_share, d.served_per_s, s.failed_share, s.served_per_s], "workload");
    }
}

/// Without a given share, the hot share is the top key's Zipf probability over
/// `partition_keys` at `key_skew`; a given share wins; no hot item leaves the JSON as it was.
#[test]
fn hot_share_defaults_to_the_zipf_top_key_probability() {
    for (keys, skew) in [(1.0, 0.0), (1_000.0, 0.0), (1_000_000.0, 0.8), (1e9, 1.1), (100.0, 2.0)] {
        let w = Workload { partition_keys: keys, key_skew: skew, ..Workload::default() };
        let top = Zipf::new(keys, skew).hottest_share();
        assert_eq!(w.hot_share(), top);
        let with_item = Workload { hot_item: Some(HotItem::default()), ..w.clone() };
        assert_eq!(with_item.hot_share(), top);
        let given = Workload { hot_item: Some(HotItem { share: Some(0.25), ..HotItem::default() }), ..w };
        assert_eq!(given.hot_share(), 0.25);
        assert!((given.hot_writes_per_s() - 0.25 * given.writes_per_s()).abs() < 1e-9);
    }
    let json = serde_json::to_value(Workload::default()).unwrap();
    assert!(json.get("hot_item").is_none());
    let json = serde_json::to_value(Estimates::default()).unwrap();
    assert!(json.get("dsql_commit_ms").is_none());
    // A hot item round-trips, and its share stays unwritten when unset.
    let w = Workload { hot_item: Some(HotItem::default()), ..Workload::default() };
    let text = serde_json::to_string(&w).unwrap();
    assert!(text.contains("\"hot_item\":{\"statements_per_transaction\":2.0}"), "{text}");
    assert_eq!(serde_json::from_str::<Workload>(&text).unwrap(), w);
}

/// The hot item's fields are bounded like the other workload fields, only when set.
#[test]
fn hot_item_fields_are_validated_and_clamped() {
    let mut w = Workload {
        hot_item: Some(HotItem { share: Some(1.5), statements_per_transaction: 0.0 }),
        ..Workload::default()
    };
    let errors = w.errors();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].field, "hot_item.share");
    assert!(errors[0].message.contains("0 to 1"), "{}", errors[0].message);
    assert_eq!(errors[1].field, "hot_item.statements_per_transaction");
    w.clamp();
    assert!(w.validate().is_ok());
    assert_eq!(w.hot_item.as_ref().unwrap().share, Some(1.0));
    assert_eq!(w.hot_item.as_ref().unwrap().statements_per_transaction, 1.0);
    let nan = Workload { hot_item: Some(HotItem { share: Some(f64::NAN), ..HotItem::default() }), ..Workload::default() };
    assert!(nan.validate().is_err());
    assert!(Workload::default().validate().is_ok());
    // An estimate left out of the JSON at its default can still be set by id.
    let mut e = Estimates::default();
    e.set("dsql_commit_ms", 5.0).unwrap();
    assert_eq!(e.dsql_commit_ms, 5.0);
    assert!(serde_json::to_value(&e).unwrap().get("dsql_commit_ms").is_some());
}
