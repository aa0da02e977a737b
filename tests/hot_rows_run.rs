//! Hot rows in the run (issue 17): with `workload.hot_item`, each database loses the hot
//! row's failed transactions under its own name, piece by piece at the piece's write rate.

use scalelab::model::database::Database;
use scalelab::model::presets;
use scalelab::model::scenario::Scenario;
use scalelab::model::sim::{self, LossCause, Summary};
use scalelab::model::traffic::Traffic;
use scalelab::model::workload::{HotItem, QueryKind};

fn lost(s: &Summary, cause: LossCause) -> f64 {
    s.lost_requests.get(&cause).copied().unwrap_or(0.0)
}

fn hot(share: f64) -> Scenario {
    let mut s = Scenario::default();
    s.workload.query = QueryKind::Transaction;
    s.workload.requests_per_s = 400.0;
    s.workload.read_share = 0.5;
    s.workload.hot_item = Some(HotItem { share: Some(share), statements_per_transaction: 2.0 });
    s.traffic = Traffic::Steady;
    s.simulation.duration_s = 3_600.0;
    s.contenders.push(Database::Dsql);
    s
}

#[test]
fn without_a_hot_item_no_contention_cause_appears() {
    for p in presets::PRESETS.iter().filter(|p| p.scenario().workload.hot_item.is_none()) {
        let run = sim::run(&p.scenario());
        assert_eq!(lost(&run.dynamodb_summary, LossCause::DynamoTransactionConflict), 0.0, "{}", p.id);
        assert_eq!(lost(&run.aurora_summary, LossCause::AuroraLockWaitTimeout), 0.0, "{}", p.id);
    }
}

#[test]
fn dynamodb_transaction_conflicts_rise_with_the_hot_item_share() {
    let mut last = -1.0;
    for share in [0.0, 0.01, 0.05, 0.1, 0.2, 0.4, 0.7, 1.0] {
        let run = sim::run(&hot(share));
        let conflicts = lost(&run.dynamodb_summary, LossCause::DynamoTransactionConflict);
        assert!(conflicts >= last, "share {share}: {conflicts} < {last}");
        last = conflicts;
    }
    assert!(last > 0.0);
    // Plain puts do not conflict: the last writer wins.
    let mut puts = hot(1.0);
    puts.workload.query = QueryKind::PointRead;
    assert_eq!(lost(&sim::run(&puts).dynamodb_summary, LossCause::DynamoTransactionConflict), 0.0);
}

#[test]
fn aurora_serves_at_most_one_over_the_lock_hold_on_the_hot_row() {
    // 200 writes/s all on one row: hold = 2 × round trip + commit; past 1 / hold the rest
    // time out (MySQL's innodb_lock_wait_timeout; PostgreSQL's client timeout).
    for requests_per_s in [400.0, 2_000.0] {
        let mut s = hot(1.0);
        s.workload.requests_per_s = requests_per_s;
        s.aurora.max_acu = 64.0;
        let e = &s.estimates;
        let hold_ms = 2.0 * e.aurora_network_ms + e.aurora_commit_ms;
        let ceiling = 1_000.0 / hold_ms;
        let run = sim::run(&s);
        let timed_out = lost(&run.aurora_summary, LossCause::AuroraLockWaitTimeout) / s.simulation.duration_s;
        let offered_hot = requests_per_s * 0.5;
        if offered_hot > ceiling {
            assert!((timed_out - (offered_hot - ceiling)).abs() < 0.02 * offered_hot, "{timed_out}/s timed out, want {}", offered_hot - ceiling);
        } else {
            assert!(timed_out < 0.01 * offered_hot, "below the ceiling ({ceiling:.0}/s) almost nothing times out: {timed_out}");
        }
    }
}

#[test]
fn dsql_aborts_at_commit_past_one_over_its_commit_time() {
    let run = sim::run(&hot(1.0));
    let q = &run.dsql.as_ref().unwrap().summary;
    let aborted = lost(q, LossCause::DsqlOccAbort) / 3_600.0;
    // 200 hot transactions a second against a ceiling of about 1 / (2 × 2 ms + 7 ms) ≈ 91/s.
    assert!(aborted > 50.0 && aborted < 200.0, "{aborted}/s aborted");
    assert!(run.events.iter().any(|e| e.database == Database::Dsql && e.text.contains("OC000")));
    let sum = q.served_requests + q.failed_requests;
    assert!((sum - q.offered_requests).abs() < 1e-6 * q.offered_requests);
}

/// A multi-Region commit waits one inter-Region round trip more (facts sheet: "+ one
/// inter-Region RTT"), so each commit claims the hot row that much longer: the ceiling falls
/// from 1 / (2 × 2 + 7 ms) ≈ 91/s to 1 / (2 × 2 + 7 + 12 ms) ≈ 43/s, and more of the same
/// traffic aborts, in the steady answer and in the run.
#[test]
fn a_multi_region_dsql_cluster_holds_a_hot_row_one_inter_region_round_trip_longer() {
    use scalelab::model::contention::dsql_for;
    use scalelab::model::dsql::Topology;
    let single = hot(1.0);
    let mut multi = hot(1.0);
    multi.dsql.topology = Topology::MultiRegion;
    assert_eq!(multi.validate(), Ok(()));
    let e = &single.estimates;
    let (one, two) = (dsql_for(&single.workload, e, Topology::SingleRegion), dsql_for(&multi.workload, e, Topology::MultiRegion));
    assert!((one.window_ms - 11.0).abs() < 1e-9 && (two.window_ms - (11.0 + e.dsql_inter_region_rtt_ms)).abs() < 1e-9, "{one:?} {two:?}");
    assert!((two.ceiling_per_s - 1000.0 / 23.0).abs() < 1e-9, "{}", two.ceiling_per_s);
    assert!(two.failed_share > one.failed_share);
    let aborted = |s: &Scenario| lost(&sim::run(s).dsql.unwrap().summary, LossCause::DsqlOccAbort);
    let (a1, a2) = (aborted(&single), aborted(&multi));
    // Of 200 hot transactions a second, the multi-Region cluster commits at most ≈ 43.
    assert!(a2 > a1 && a2 / 3_600.0 > 200.0 - 1000.0 / 23.0 - 10.0, "single {a1}, multi {a2}");
}

/// DSQL's aborted transactions are retried by the application (PostgreSQL drivers do not
/// retry 40001), so its attempts are an estimate of their own: the AWS SDK's attempts change
/// DynamoDB's cancelled transactions, not DSQL's aborts, and one DSQL attempt fails as the
/// abort share without retries says.
#[test]
fn dsql_aborts_are_retried_by_the_application_not_by_the_aws_sdk() {
    use scalelab::model::contention::dsql_for;
    use scalelab::model::dsql::Topology;
    let base = hot(1.0);
    let aborted = |s: &Scenario| lost(&sim::run(s).dsql.unwrap().summary, LossCause::DsqlOccAbort);
    let conflicts = |s: &Scenario| lost(&sim::run(s).dynamodb_summary, LossCause::DynamoTransactionConflict);
    let mut no_sdk_retries = base.clone();
    no_sdk_retries.estimates.set("sdk_max_attempts", 1.0).unwrap();
    assert_eq!(aborted(&no_sdk_retries), aborted(&base));
    assert!(conflicts(&no_sdk_retries) > conflicts(&base));
    let mut one_attempt = base.clone();
    one_attempt.estimates.set("dsql_client_attempts", 1.0).unwrap();
    let d = dsql_for(&one_attempt.workload, &one_attempt.estimates, Topology::SingleRegion);
    assert!((d.failed_share - d.abort_share_without_retries).abs() < 1e-12, "{d:?}");
    assert!(aborted(&one_attempt) > aborted(&base));
    assert!(one_attempt.estimates.set("dsql_client_attempts", 2.5).unwrap_err().contains("whole number"));
}

#[test]
fn the_flash_sale_on_one_product_teaches_all_three_failures() {
    let run = sim::run(&presets::find("flash-sale-one-product").unwrap().scenario());
    assert!(lost(&run.dynamodb_summary, LossCause::DynamoTransactionConflict) > 0.0);
    assert!(lost(&run.aurora_summary, LossCause::AuroraLockWaitTimeout) > 0.0);
    assert!(lost(&run.dsql.as_ref().unwrap().summary, LossCause::DsqlOccAbort) > 0.0);
}

#[test]
fn dsql_is_the_cheapest_in_the_spiky_two_region_sql_preset() {
    let run = sim::run(&presets::find("spiky-sql-two-regions").unwrap().scenario());
    let dsql = run.dsql.as_ref().unwrap().summary.monthly_cost_usd;
    assert!(dsql < run.dynamodb_summary.monthly_cost_usd && dsql < run.aurora_summary.monthly_cost_usd, "DSQL ${dsql:.2}, DynamoDB ${:.2}, Aurora ${:.2}", run.dynamodb_summary.monthly_cost_usd, run.aurora_summary.monthly_cost_usd);
    assert_eq!(run.dsql.as_ref().unwrap().summary.failed_requests, 0.0);
}

/// A hot row's retries cost money. DynamoDB on demand bills every attempt of a cancelled
/// transaction (DOC: a cancelled transaction consumes its capacity), 2 write units per KB
/// per item, up to what the item's 1,000 WCU a second lets through; provisioned, they use
/// capacity already paid for. An attempt DSQL aborts at
/// COMMIT is billed its ReadDPU and ComputeDPU (INF), and a transaction aborted on every
/// attempt wrote nothing, so no WriteDPU. Over a steady hour the bill differs from the same
/// run without contention by exactly those amounts.
#[test]
fn a_hot_rows_retries_are_billed_and_a_failed_transaction_writes_nothing() {
    use scalelab::model::contention::{dsql_for, dynamodb_for};
    use scalelab::model::dsql::{meter::Transaction, Topology};
    use scalelab::model::dynamodb::CapacityMode;
    let month_s = 730.0 * 3_600.0;
    let contended = |share: f64, mode: CapacityMode| {
        let mut s = hot(share);
        s.billing.free_tier = false;
        s.dynamodb.mode = mode;
        s
    };
    let capacity = |s: &Scenario| {
        let run = sim::run(s);
        (run.dynamodb_summary.monthly_capacity_usd, run.dsql.unwrap().summary.monthly_capacity_usd)
    };
    let s = contended(1.0, CapacityMode::OnDemand);
    let (w, e, p) = (&s.workload, &s.estimates, &s.prices);
    let (ddb_hot, ddb_cold) = (capacity(&s).0, capacity(&contended(0.0, CapacityMode::OnDemand)).0);

    // DynamoDB: retries × 4 write units (two 1 KB items, transactional) at the on-demand
    // price; a throttled attempt consumes nothing, so at most the item's 1,000 WCU a second
    // (500 attempts of 2 WCU on it) is billed. 200 hot transactions a second want more
    // attempts than that; 40 do not.
    for share in [0.2, 1.0] {
        let s = contended(share, CapacityMode::OnDemand);
        let d = dynamodb_for(&s.workload, e);
        assert_eq!(d.key_ceiling_per_s, 500.0);
        assert_eq!(d.attempts_per_s > d.key_ceiling_per_s, share == 1.0, "{d:?}");
        assert!(d.extra_attempts_per_s > 5.0, "{d:?}");
        let billed_retries = d.attempts_per_s.min(d.key_ceiling_per_s) - d.offered_per_s;
        let want = billed_retries * 4.0 * p.ddb_on_demand_write_per_million.value / 1e6 * month_s;
        let hot = capacity(&s).0;
        assert!(((hot - ddb_cold) - want).abs() < 1e-6 * want, "DynamoDB on demand, share {share}: +${:.2} a month, want +${want:.2}", hot - ddb_cold);
    }
    assert!(ddb_hot > ddb_cold);
    let provisioned = |share| capacity(&contended(share, CapacityMode::Provisioned)).0;
    assert_eq!(provisioned(1.0), provisioned(0.0));

    // DSQL: each retry an aborted attempt; each failed transaction its WriteDPU back.
    let q = dsql_for(w, e, Topology::SingleRegion);
    let order = Transaction::orders(s.dsql.bulk_write_rows, w.item_size_kb * 1024.0);
    let (full, aborted) = (order.dpu(Topology::SingleRegion, e), order.aborted_dpu(Topology::SingleRegion, e));
    assert_eq!((aborted.write, aborted.read, aborted.compute), (0.0, full.read, full.compute));
    let failed_per_s = q.offered_per_s * q.failed_share;
    assert!(q.extra_attempts_per_s > 10.0 && failed_per_s > 10.0, "{q:?}");
    let dpu_per_s = q.extra_attempts_per_s * aborted.total() - failed_per_s * full.write;
    let want = dpu_per_s * p.dsql_dpu_per_million.value / 1e6 * month_s;
    let (dsql_hot, dsql_cold) = (capacity(&s).1, capacity(&contended(0.0, CapacityMode::OnDemand)).1);
    assert!(((dsql_hot - dsql_cold) - want).abs() < 1e-6 * want.abs(), "DSQL: {:+.2} a month, want {want:+.2}", dsql_hot - dsql_cold);
}

/// The retries are billed piece by piece, at each piece's own rate and (DSQL) its own
/// slow-down after a sudden rise, so a spike that starts and ends inside a step bills the
/// same month at any step size.
#[test]
fn a_hot_rows_bill_does_not_depend_on_the_step_size() {
    let mut s = presets::find("flash-sale-one-product").unwrap().scenario();
    s.traffic = Traffic::Spike { multiplier: 10.0, start_s: 905.0, duration_s: 1_213.0 };
    s.simulation.duration_s = 3_600.0;
    let costs = |step_s: f64| {
        let mut t = s.clone();
        t.simulation.step_s = Some(step_s);
        let run = sim::run(&t);
        [run.dynamodb_summary.monthly_cost_usd, run.aurora_summary.monthly_cost_usd, run.dsql.unwrap().summary.monthly_cost_usd]
    };
    let (fine, coarse) = (costs(5.0), costs(60.0));
    for (f, c) in fine.iter().zip(&coarse) {
        assert!((f - c).abs() <= 1e-6 * f.abs().max(1.0), "{fine:?} vs {coarse:?}");
    }
}
