//! The loss ledger and the run's narration: for each cause, the smallest scenario that
//! produces it, found in the ledger under AWS's name; a limit that no retry setting can
//! beat, in the steady view and in the run; and each preset's lesson, checked against what
//! its run narrates.
#![cfg(not(target_arch = "wasm32"))]

use scalelab::model::aurora::{Access, AuroraConfig};
use scalelab::model::dynamodb::{self, CapacityMode, DynamoConfig};
use scalelab::model::estimates::Estimates;
use scalelab::model::presets;
use scalelab::model::scenario::{Scenario, SimSettings};
use scalelab::model::sim::{self, Database, EventKind, LossCause, SimRun};
use scalelab::model::workload::{Consistency, Workload};

/// An hour at 60 s steps of `workload` against these settings.
fn hour(workload: Workload, dynamodb: DynamoConfig, aurora: AuroraConfig) -> SimRun {
    let s = Scenario {
        workload,
        dynamodb,
        aurora,
        simulation: SimSettings { duration_s: 3_600.0, step_s: Some(60.0), seed: 1 },
        ..Scenario::default()
    };
    s.validate().unwrap_or_else(|e| panic!("{e}"));
    sim::run(&s)
}

/// The share of offered requests `cause` lost over the run.
fn lost(run: &SimRun, cause: LossCause) -> f64 {
    let summary = run.summary_of(cause.database()).expect("a contender of the run");
    summary.lost_requests.get(&cause).copied().unwrap_or(0.0) / summary.offered_requests
}

fn reads(requests_per_s: f64) -> Workload {
    Workload { requests_per_s, read_share: 1.0, key_skew: 0.0, ..Workload::default() }
}

fn writes(requests_per_s: f64) -> Workload {
    Workload { requests_per_s, read_share: 0.0, key_skew: 0.0, ..Workload::default() }
}

fn provisioned(rcu: f64, wcu: f64) -> DynamoConfig {
    DynamoConfig { mode: CapacityMode::Provisioned, provisioned_rcu: rcu, provisioned_wcu: wcu, auto_scaling: false, ..DynamoConfig::default() }
}

#[test]
fn table_read_and_write_hot_key_past_a_partitions_limit() {
    // One key, strongly consistent 20 KB reads (5 units each): 600 a second fit in 3,000.
    let one_key = Workload { partition_keys: 1.0, item_size_kb: 20.0, consistency: Consistency::Strong, ..reads(1_000.0) };
    let run = hour(one_key, DynamoConfig::default(), AuroraConfig::default());
    assert!((lost(&run, LossCause::TableReadHotKey) - 0.4).abs() < 1e-9, "{}", lost(&run, LossCause::TableReadHotKey));
    assert_eq!(LossCause::TableReadHotKey.reason(), "TableReadKeyRangeThroughputExceeded");
    let run = hour(Workload { partition_keys: 1.0, ..writes(1_500.0) }, DynamoConfig::default(), AuroraConfig::default());
    assert!((lost(&run, LossCause::TableWriteHotKey) - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(LossCause::TableWriteHotKey.reason(), "TableWriteKeyRangeThroughputExceeded");
}

/// The case: a key held to 1,000 WCU while 1,500 writes/s arrive loses a third of
/// its writes, in the steady view and in the run, at every retry setting.
#[test]
fn a_1000_wcu_key_with_1500_writes_loses_a_third_whatever_the_retries() {
    for attempts in [1, 2, 3, 5, 10] {
        let estimates = Estimates { sdk_max_attempts: attempts, ..Estimates::default() };
        let w = Workload { partition_keys: 1.0, ..writes(1_500.0) };
        let steady = dynamodb::steady(&w, &DynamoConfig::default(), &Default::default(), &estimates);
        assert!(steady.failed_share >= 1.0 / 3.0 - 1e-12, "{attempts} attempts: steady {}", steady.failed_share);
        let s = Scenario { workload: w, estimates, simulation: SimSettings { duration_s: 3_600.0, step_s: Some(60.0), seed: 1 }, ..Scenario::default() };
        let run = sim::run(&s);
        assert!(run.dynamodb_summary.failed_share() >= 1.0 / 3.0 - 1e-12, "{attempts} attempts: run {}", run.dynamodb_summary.failed_share());
        assert!((run.dynamodb_summary.failed_share() - steady.failed_share).abs() < 1e-12, "the steady view and the run agree");
    }
}

#[test]
fn table_read_and_write_growth_past_twice_the_previous_peak() {
    // A new on-demand table serves 12,000 read units at once: 30,000 eventually consistent
    // reads (15,000 units) a second throttle until a peak has been held 30 minutes.
    // A fifth of reads fail for 30 minutes, until the 12,000 served at the start is the
    // previous peak and 24,000 can be served: a tenth over the hour.
    let run = hour(Workload { consistency: Consistency::Eventual, ..reads(30_000.0) }, DynamoConfig::default(), AuroraConfig::default());
    assert!((lost(&run, LossCause::TableReadGrowth) - 0.1).abs() < 1e-9, "{}", lost(&run, LossCause::TableReadGrowth));
    // 6,000 writes against 4,000: a third for half an hour.
    let run = hour(writes(6_000.0), DynamoConfig::default(), AuroraConfig::default());
    assert!((lost(&run, LossCause::TableWriteGrowth) - 1.0 / 6.0).abs() < 1e-9, "{}", lost(&run, LossCause::TableWriteGrowth));
    assert_eq!(LossCause::TableWriteGrowth.reason(), "TableWriteKeyRangeThroughputExceeded");
}

#[test]
fn table_read_and_write_provisioned_throughput_exceeded() {
    // 1,000 eventually consistent 1 KB reads (500 units) against 100 RCU: four fifths fail
    // once the 30,000 unit-seconds of burst are spent, after 75 s.
    let run = hour(reads(1_000.0), provisioned(100.0, 100.0), AuroraConfig::default());
    assert!((lost(&run, LossCause::TableReadProvisioned) - 0.8 * (3_600.0 - 75.0) / 3_600.0).abs() < 1e-9, "{}", lost(&run, LossCause::TableReadProvisioned));
    // 1,000 writes against 100 WCU: nine tenths once burst is spent, after 33 s.
    let run = hour(writes(1_000.0), provisioned(100.0, 100.0), AuroraConfig::default());
    assert!((lost(&run, LossCause::TableWriteProvisioned) - 0.9 * (3_600.0 - 30_000.0 / 900.0) / 3_600.0).abs() < 1e-9);
    assert_eq!(LossCause::TableWriteProvisioned.reason(), "TableWriteProvisionedThroughputExceeded");
}

#[test]
fn table_read_and_write_account_limit_on_demand() {
    // The per-table quota below what the table is asked for.
    let quota = DynamoConfig { table_quota_units_per_s: 1_000.0, warm_read_units_per_s: 1_000.0, warm_write_units_per_s: 1_000.0, ..DynamoConfig::default() };
    let run = hour(Workload { consistency: Consistency::Strong, ..reads(2_000.0) }, quota.clone(), AuroraConfig::default());
    assert!((lost(&run, LossCause::TableReadAccountLimit) - 0.5).abs() < 1e-9);
    let run = hour(writes(2_000.0), quota, AuroraConfig::default());
    assert!((lost(&run, LossCause::TableWriteAccountLimit) - 0.5).abs() < 1e-9);
    assert_eq!(LossCause::TableReadAccountLimit.reason(), "TableReadAccountLimitExceeded");
}

#[test]
fn table_read_and_write_max_on_demand_throughput() {
    let capped = DynamoConfig { max_read_units_per_s: Some(100.0), max_write_units_per_s: Some(100.0), ..DynamoConfig::default() };
    let run = hour(Workload { consistency: Consistency::Strong, ..reads(200.0) }, capped.clone(), AuroraConfig::default());
    assert!((lost(&run, LossCause::TableReadMaxOnDemand) - 0.5).abs() < 1e-9);
    let run = hour(writes(200.0), capped, AuroraConfig::default());
    assert!((lost(&run, LossCause::TableWriteMaxOnDemand) - 0.5).abs() < 1e-9);
    assert_eq!(LossCause::TableWriteMaxOnDemand.reason(), "TableWriteMaxOnDemandThroughputExceeded");
}

/// GSI back-pressure (facts sheet A7, DOC): a table write succeeds only if every index can
/// take it. Each index entry here (half of a 1 KB item + 100 bytes: 1 unit) changes its key
/// on every write: 2 write units.
#[test]
fn index_write_provisioned_account_limit_max_and_growth_throttle_the_table() {
    let gsi = |cfg: DynamoConfig| DynamoConfig { global_secondary_indexes: 1, index_projected_share: 0.5, index_key_change_share: 1.0, ..cfg };
    // 100 writes (200 index units) against an index of 100 WCU: half fail once its burst
    // (30,000 unit-seconds, spent at 100 a second) is gone after 300 s.
    let run = hour(writes(100.0), gsi(DynamoConfig { index_provisioned_wcu: Some(100.0), ..provisioned(1_000.0, 1_000.0) }), AuroraConfig::default());
    assert!((lost(&run, LossCause::IndexWriteProvisioned) - 0.5 * 3_300.0 / 3_600.0).abs() < 1e-9, "{}", lost(&run, LossCause::IndexWriteProvisioned));
    assert_eq!(lost(&run, LossCause::TableWriteProvisioned), 0.0, "the table itself had room");
    // On-demand: the index's quota binds before the table's (2 units per write against 1).
    let quota = DynamoConfig { table_quota_units_per_s: 3_000.0, warm_write_units_per_s: 3_000.0, ..DynamoConfig::default() };
    let run = hour(writes(2_000.0), gsi(quota), AuroraConfig::default());
    assert!((lost(&run, LossCause::IndexWriteAccountLimit) - 0.25).abs() < 1e-9, "{}", lost(&run, LossCause::IndexWriteAccountLimit));
    let run = hour(writes(200.0), gsi(DynamoConfig { index_max_write_units_per_s: Some(200.0), ..DynamoConfig::default() }), AuroraConfig::default());
    assert!((lost(&run, LossCause::IndexWriteMaxOnDemand) - 0.5).abs() < 1e-9);
    // A new on-demand index serves 4,000 write units at once; the table was warmed higher.
    let warm_table = DynamoConfig { warm_write_units_per_s: 40_000.0, ..DynamoConfig::default() };
    let run = hour(writes(3_000.0), gsi(warm_table), AuroraConfig::default());
    assert!(lost(&run, LossCause::IndexWriteGrowth) > 0.1, "{}", lost(&run, LossCause::IndexWriteGrowth));
    assert_eq!(LossCause::IndexWriteProvisioned.reason(), "IndexWriteProvisionedThroughputExceeded");
}

#[test]
fn aurora_writer_and_reader_time_outs() {
    let tiny = AuroraConfig { max_acu: 0.5, readers: 0, ..AuroraConfig::default() };
    let run = hour(writes(20_000.0), DynamoConfig::default(), tiny);
    assert!(lost(&run, LossCause::WriterTimeout) > 0.5, "{}", lost(&run, LossCause::WriterTimeout));
    let reader = AuroraConfig { max_acu: 0.5, readers: 1, ..AuroraConfig::default() };
    let run = hour(reads(50_000.0), DynamoConfig::default(), reader);
    assert!(lost(&run, LossCause::ReaderTimeout) > 0.5, "{}", lost(&run, LossCause::ReaderTimeout));
    assert_eq!(lost(&run, LossCause::WriterTimeout), 0.0);
}

#[test]
fn aurora_connections_refused_at_max_connections_without_a_proxy() {
    // Serverless v2 PostgreSQL with a 0.5 ACU minimum: max_connections is capped at 2,000
    // (facts sheet B5), so 20,000 clients leave nine in ten refused.
    let crowded = AuroraConfig { client_connections: 20_000.0, ..AuroraConfig::default() };
    let run = hour(reads(100.0), DynamoConfig::default(), crowded.clone());
    assert!((lost(&run, LossCause::ConnectionRefused) - 0.9).abs() < 1e-9, "{}", lost(&run, LossCause::ConnectionRefused));
    let pooled = AuroraConfig { access: Access::RdsProxy, ..crowded };
    assert_eq!(lost(&hour(reads(100.0), DynamoConfig::default(), pooled), LossCause::ConnectionRefused), 0.0);
}

#[test]
fn aurora_resume_wait_after_auto_pause() {
    use scalelab::model::traffic::Traffic;
    let s = Scenario {
        traffic: Traffic::series(vec![(0.0, 0.0), (1_800.0, 0.0), (1_801.0, 10.0)]),
        aurora: AuroraConfig { min_acu: 0.0, ..AuroraConfig::default() },
        simulation: SimSettings { duration_s: 3_600.0, step_s: Some(5.0), seed: 1 },
        ..Scenario::default()
    };
    let run = sim::run(&s);
    // Traffic returns at 1,800 s to a paused cluster: what arrives in the first 5 s of the
    // 15 s resume waits past the 10 s client timeout.
    let lost_requests = run.aurora_summary.lost_requests[&LossCause::ResumeWait];
    assert!((lost_requests - (5.0 * 10.0 - 0.5 * 1.0 * 10.0 * 0.5)).abs() < 10.0, "{lost_requests}");
    assert!(run.events.iter().any(|e| e.kind == EventKind::Paused) && run.events.iter().any(|e| e.kind == EventKind::Resumed));
}

/// Traffic that rises and falls every 40 minutes for a day: each fall is a scale-in, so the
/// day's decreases (4 in the first hour, then 1 an hour: 27) run out, and the run says so.
#[test]
fn auto_scaling_says_when_the_days_decreases_are_used() {
    use scalelab::model::traffic::Traffic;
    let points: Vec<(f64, f64)> = (0..=36).flat_map(|i| {
        let t = f64::from(i) * 2_400.0;
        [(t, 100.0), (t + 1_200.0, 100.0), (t + 1_201.0, 2_000.0), (t + 2_399.0, 2_000.0)]
    }).collect();
    let s = Scenario {
        workload: reads(1_000.0),
        traffic: Traffic::series(points),
        dynamodb: DynamoConfig { auto_scaling: true, ..provisioned(200.0, 200.0) },
        simulation: SimSettings { duration_s: 86_400.0, step_s: Some(60.0), seed: 1 },
        ..Scenario::default()
    };
    s.validate().unwrap_or_else(|e| panic!("{e}"));
    let run = sim::run(&s);
    let ddb = kinds(&run, Database::Dynamodb);
    let scaled_in = ddb.iter().filter(|&&k| k == EventKind::ScaledIn).count();
    assert!(in_order(&ddb, &[EventKind::ScaledIn, EventKind::DecreaseQuotaReached]), "{ddb:?}");
    // Each of reads and writes has 27 a day; 36 falls a day ask for more than that.
    assert!((4..=2 * 27).contains(&scaled_in), "{scaled_in} scale-ins");
    let refused = run.events.iter().find(|e| e.kind == EventKind::DecreaseQuotaReached).unwrap();
    assert!(refused.text.contains("the day's decreases are used"), "{}", refused.text);
}

/// The kinds of `database`'s events in time order.
fn kinds(run: &SimRun, database: Database) -> Vec<EventKind> {
    run.events.iter().filter(|e| e.database == database).map(|e| e.kind).collect()
}

/// `wanted` occur among `kinds`, in that order.
fn in_order(kinds: &[EventKind], wanted: &[EventKind]) -> bool {
    let mut rest = kinds.iter();
    wanted.iter().all(|w| rest.any(|k| k == w))
}

#[test]
fn every_presets_lesson_is_what_its_run_narrates() {
    let run = |id: &str| sim::run(&presets::find(id).unwrap().scenario());

    // "burst capacity absorbs its first half-minute, then DynamoDB throttles until auto
    // scaling catches up ...; Aurora scales up in steps while requests time out."
    let r = run("flash-sale");
    let d = kinds(&r, Database::Dynamodb);
    assert!(in_order(&d, &[EventKind::BurstSpent, EventKind::ScaledOut, EventKind::FailingEnded]), "{d:?}");
    let burst = r.events.iter().find(|e| e.kind == EventKind::BurstSpent).unwrap();
    assert!((3_600.0..3_660.0).contains(&burst.t_s), "burst lasts under a minute: {}", burst.t_s);
    assert!(in_order(&kinds(&r, Database::Aurora), &[EventKind::FailingStarted, EventKind::AcuScalingUp, EventKind::AcuSettled, EventKind::FailingEnded]));

    // "on-demand serves up to twice its previous peak at once, so a 3× spike throttles while
    // it scales; Serverless v2 must first scale its ACUs and times requests out meanwhile."
    let r = run("real-time-bidding");
    assert_eq!(r.dynamodb_summary.dominant_cause().unwrap().0, LossCause::TableReadGrowth);
    assert!(in_order(&kinds(&r, Database::Dynamodb), &[EventKind::FailingStarted, EventKind::FailingEnded, EventKind::OnDemandGrew]));
    assert!(in_order(&kinds(&r, Database::Aurora), &[EventKind::AcuScalingUp, EventKind::FailingStarted]) || in_order(&kinds(&r, Database::Aurora), &[EventKind::FailingStarted, EventKind::AcuScalingUp]));

    // "One chatty device is one partition key: it can never write more than 1,000 WCU,
    // however much capacity the table has; on Aurora every write lands on the single writer."
    let r = run("iot-ingestion");
    assert!(in_order(&kinds(&r, Database::Dynamodb), &[EventKind::KeyAtCeiling, EventKind::FailingStarted, EventKind::PartitionSplit]));
    assert_eq!(r.dynamodb_summary.dominant_cause().unwrap().0, LossCause::TableWriteHotKey);
    assert!(!kinds(&r, Database::Aurora).contains(&EventKind::FailingStarted));

    // "a DynamoDB Scan reads and bills every item, and the nightly batch of them throttles an
    // on-demand table; Aurora joins and groups on the server for a fraction of the cost."
    let r = run("monthly-sales-report");
    let first = r.events.iter().find(|e| e.database == Database::Dynamodb && e.kind == EventKind::FailingStarted).unwrap();
    assert_eq!(first.t_s, 2.0 * 3_600.0, "the batch at 02:00");
    assert!(r.dynamodb_summary.monthly_cost_usd > 5.0 * r.aurora_summary.monthly_cost_usd);

    // "TransactWriteItems costs twice per item, and the bestseller's stock row caps at 500
    // orders a second; Aurora commits both rows in one SQL transaction."
    let r = run("order-inventory");
    let key = r.events.iter().find(|e| e.kind == EventKind::KeyAtCeiling).expect("the bestseller reaches its ceiling");
    assert!((12.0 * 3_600.0..20.0 * 3_600.0).contains(&key.t_s), "in the evening rise: {}", key.t_s);
    assert!(r.dynamodb_summary.lost_requests.contains_key(&LossCause::TableWriteHotKey));
    assert_eq!(r.aurora_summary.failed_requests, 0.0);

    // "DynamoDB's cost grows with traffic and its latency stays flat; Aurora needs readers,
    // and I/O once the sessions outgrow memory."
    let r = run("session-store");
    assert_eq!(r.dynamodb_summary.failed_requests, 0.0);
    let p99 = &r.dynamodb.p99_ms.max;
    assert!(p99.iter().copied().fold(0.0, f64::max) < 1.1 * p99.iter().copied().fold(f64::MAX, f64::min), "flat latency");
    assert!(kinds(&r, Database::Aurora).contains(&EventKind::AcuScalingUp));
    assert!(r.aurora_summary.monthly_io_usd > r.aurora_summary.monthly_capacity_usd, "I/O dominates");
}
