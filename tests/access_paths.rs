//! Issue 19: how requests reach Aurora (direct connections, RDS Proxy, the RDS Data API) and
//! Lambda-style clients, whose open connections follow Little's law. Steady model, engine,
//! failover and old links.

use scalelab::model::aurora::{self, Access, AuroraConfig};
use scalelab::model::estimates::Estimates;
use scalelab::model::faults::writer_failover_s;
use scalelab::model::presets;
use scalelab::model::prices::PriceTable;
use scalelab::model::scenario::Scenario;
use scalelab::model::share;
use scalelab::model::sim::{self, LossCause};
use scalelab::model::workload::{LambdaClients, Workload};

fn aur(w: &Workload, cfg: &AuroraConfig) -> aurora::AuroraSteady {
    aurora::steady(w, cfg, &PriceTable::default(), &Estimates::default())
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-12)
}

/// Lambda clients at 300 ms a invocation with room for 5,000 at once.
fn lambda_workload(requests_per_s: f64) -> Workload {
    Workload { requests_per_s, lambda: Some(LambdaClients { invocation_ms: 300.0, concurrency_limit: 5_000.0 }), ..Workload::default() }
}

#[test]
fn lambda_connections_follow_littles_law_and_stop_at_the_concurrency_limit() {
    let l = LambdaClients { invocation_ms: 300.0, concurrency_limit: 5_000.0 };
    assert_eq!(l.concurrent(1_000.0), 300.0);
    assert_eq!(l.concurrent(10_000.0), 3_000.0);
    // Past 5,000 / 0.3 s ≈ 16,667 req/s Lambda itself throttles: no more connections.
    assert_eq!(l.concurrent(1e6), 5_000.0);
    assert!(close(l.max_requests_per_s(), 5_000.0 / 0.3, 1e-12));
    assert_eq!(l.concurrent(0.0), 0.0);
}

#[test]
fn lambda_connections_beyond_max_connections_are_refused_in_proportion() {
    // Serverless v2 PostgreSQL with a 0.5 ACU minimum: max_connections capped at 2,000 (B5).
    let cfg = AuroraConfig { min_acu: 0.5, max_acu: 64.0, ..AuroraConfig::default() };
    let under = aur(&lambda_workload(6_000.0), &cfg);
    assert_eq!(under.max_connections, 2_000.0);
    assert_eq!(under.client_connections, 1_800.0);
    assert_eq!(under.connection_error_share, 0.0);
    // 10,000 req/s × 0.3 s = 3,000 connections: a third beyond 2,000.
    let over = aur(&lambda_workload(10_000.0), &cfg);
    assert_eq!(over.client_connections, 3_000.0);
    assert!(close(over.connection_error_share, 1.0 / 3.0, 1e-12));
    assert!(close(over.lost.connections_refused, 10_000.0 / 3.0, 1e-9));
    // A fixed pool of 100 (the default client model) is never refused at any rate.
    let pooled = aur(&Workload { requests_per_s: 10_000.0, ..Workload::default() }, &cfg);
    assert_eq!(pooled.connection_error_share, 0.0);
}

#[test]
fn rds_proxy_and_the_data_api_take_any_lambda_concurrency_without_refusals() {
    for access in [Access::RdsProxy, Access::DataApi] {
        let cfg = AuroraConfig { access, min_acu: 0.5, max_acu: 64.0, ..AuroraConfig::default() };
        for rate in [10.0, 10_000.0, 1e5] {
            let a = aur(&lambda_workload(rate), &cfg);
            assert_eq!(a.connection_error_share, 0.0, "{access:?} at {rate} req/s");
            assert_eq!(a.lost.connections_refused, 0.0);
            assert_eq!(a.client_connections, 0.0, "AWS holds the connections");
        }
    }
}

#[test]
fn the_data_api_adds_its_calibrated_latency_to_every_statement() {
    let e = Estimates::default();
    assert_eq!(e.data_api_overhead_ms, 100.0, "calibrated against a measured 104.7 ms p50 (docs/calibration.md)");
    // At a light load queueing is the same on either path: the shift is the whole difference.
    let w = Workload { requests_per_s: 20.0, ..Workload::default() };
    let direct = aur(&w, &AuroraConfig::default());
    let api = aur(&w, &AuroraConfig { access: Access::DataApi, ..AuroraConfig::default() });
    let added = api.p50_ms - direct.p50_ms;
    assert!((added - 100.0).abs() < 0.5, "p50 rose by {added} ms");
    let proxy = aur(&w, &AuroraConfig { access: Access::RdsProxy, ..AuroraConfig::default() });
    assert!((proxy.p50_ms - direct.p50_ms - e.rds_proxy_overhead_ms).abs() < 0.5);
}

#[test]
fn the_data_api_reads_from_the_writer_only() {
    let w = Workload { requests_per_s: 2_000.0, read_share: 0.9, ..Workload::default() };
    let cfg = AuroraConfig { readers: 2, readers_follow_writer: false, ..AuroraConfig::default() };
    let direct = aur(&w, &cfg);
    let api = aur(&w, &AuroraConfig { access: Access::DataApi, ..cfg });
    assert!(direct.reader.is_some(), "direct reads go to the readers");
    assert!(api.reader.is_none(), "no reader serves a Data API read");
    assert!(api.writer.acu > direct.writer.acu, "the writer takes the reads: {} vs {} ACU", api.writer.acu, direct.writer.acu);
}

#[test]
fn data_api_requests_are_billed_per_million_and_nothing_else_is() {
    let p = PriceTable::default();
    let rate = 1_000.0;
    let w = Workload { requests_per_s: rate, ..Workload::default() };
    let api = aur(&w, &AuroraConfig { access: Access::DataApi, ..AuroraConfig::default() });
    let per_month = rate * 730.0 * 3_600.0;
    assert!(close(api.cost.data_api_usd, per_month / 1e6 * p.aurora_data_api_per_million.value, 1e-12));
    assert_eq!(api.cost.proxy_usd, 0.0);
    let direct = aur(&w, &AuroraConfig::default());
    assert_eq!(direct.cost.data_api_usd, 0.0);
    // The price is data, editable like any other.
    let mut cheaper = p.clone();
    cheaper.set("aurora_data_api_per_million", 0.0).unwrap();
    let free = aurora::steady(&w, &AuroraConfig { access: Access::DataApi, ..AuroraConfig::default() }, &cheaper, &Estimates::default());
    assert_eq!(free.cost.data_api_usd, 0.0);
}

#[test]
fn the_data_api_is_refused_on_t_classes_with_a_reason() {
    let cfg = AuroraConfig { access: Access::DataApi, instance_class: Some("db.t4g.medium".into()), ..AuroraConfig::default() };
    let e = cfg.validate().unwrap_err();
    assert!(e.contains("aurora.access") && e.contains("T instance classes"), "{e}");
    let ok = AuroraConfig { access: Access::DataApi, instance_class: Some("db.r6g.large".into()), ..AuroraConfig::default() };
    assert!(ok.validate().is_ok());
}

#[test]
fn a_failover_behind_the_data_api_lasts_as_long_as_behind_rds_proxy() {
    let mut s = presets::find("writer-failover-at-peak").unwrap().scenario();
    s.aurora.access = Access::DataApi;
    let e = &s.estimates;
    assert_eq!(writer_failover_s(&s), e.failover_detection_s + e.failover_promotion_s + e.data_api_reconnect_s);
}

#[test]
fn old_files_and_links_with_rds_proxy_read_as_the_access_path() {
    let on = Scenario::from_json(r#"{"aurora": {"rds_proxy": true}}"#).unwrap();
    assert_eq!(on.aurora.access, Access::RdsProxy);
    let off = Scenario::from_json(r#"{"aurora": {"rds_proxy": false}}"#).unwrap();
    assert_eq!(off.aurora.access, Access::Direct);
    // A link made before the Data API: `v1.` + base64url of {"aurora":{"rds_proxy":true}}.
    use base64::Engine as _;
    let old = format!("v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"aurora":{"rds_proxy":true}}"#));
    let base = Scenario::default();
    assert_eq!(share::decode(&old, &base).unwrap().aurora.access, Access::RdsProxy);
    // An old link that turned a proxy off, opened on a base that has one.
    let mut proxied = Scenario::default();
    proxied.aurora.access = Access::RdsProxy;
    let off = format!("v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"aurora":{"rds_proxy":false}}"#));
    assert_eq!(share::decode(&off, &proxied).unwrap().aurora.access, Access::Direct);
    // Anything else is still an error naming the field.
    let bad = Scenario::from_json(r#"{"aurora": {"rds_proxy": "yes"}}"#).unwrap_err();
    assert!(bad.contains("rds_proxy"), "{bad}");
    // Today's scenarios write the access path, never the old key.
    let text = serde_json::to_string(&on).unwrap();
    assert!(text.contains(r#""access":"rds_proxy""#) && !text.contains(r#""rds_proxy":"#), "{text}");
}

#[test]
fn lambda_settings_out_of_range_are_rejected_naming_the_field() {
    let mut s = Scenario::default();
    s.workload.lambda = Some(LambdaClients { invocation_ms: 0.0, concurrency_limit: 1_000.0 });
    let e = s.validate().unwrap_err();
    assert!(e.contains("lambda.invocation_ms") && e.contains("15 minutes"), "{e}");
    s.workload.lambda = Some(LambdaClients { invocation_ms: 200.0, concurrency_limit: f64::NAN });
    assert!(s.validate().is_err());
}

/// The preset's lesson, in the engine: direct connections fail at the burst; RDS Proxy and
/// the Data API do not; DynamoDB is the same whatever Aurora's access path.
#[test]
fn lambda_burst_preset_refuses_direct_connections_only() {
    let base = presets::find("lambda-burst-aurora").unwrap().scenario();
    let run = |access: Access| {
        let mut s = base.clone();
        s.aurora.access = access;
        sim::run(&s)
    };
    let direct = run(Access::Direct);
    let refused = direct.aurora_summary.lost_requests.get(&LossCause::ConnectionRefused).copied().unwrap_or(0.0);
    let a = &direct.aurora_summary;
    // 30 minutes at 10,000 req/s, a third refused: 6 M, give or take the spike's edges.
    assert!(close(refused, 10_000.0 * 1_800.0 / 3.0, 0.02), "refused {refused}");
    assert!((a.served_requests + a.failed_requests - a.offered_requests).abs() <= 1e-6 * a.offered_requests);
    for access in [Access::RdsProxy, Access::DataApi] {
        let r = run(access);
        assert_eq!(r.aurora_summary.lost_requests.get(&LossCause::ConnectionRefused).copied().unwrap_or(0.0), 0.0, "{access:?}");
        assert!(r.aurora_summary.failed_share() < 0.01, "{access:?}: {}", r.aurora_summary.failed_share());
        assert_eq!(r.dynamodb_summary, direct.dynamodb_summary, "DynamoDB has no connections to run out of");
    }
    let api = run(Access::DataApi);
    let median = |r: &sim::SimRun| {
        let mut v = r.aurora.p50_ms.mean.clone();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    assert!(median(&api) > median(&direct) + 90.0, "the Data API adds ≈ 100 ms: {} vs {}", median(&api), median(&direct));
}

// ---- DSQL with Lambda-style clients: each invocation its own connection; cold starts
// against the 100 new connections/s quota (burst 1,000) wait and retry ----

use scalelab::model::database::Database;
use scalelab::model::dsql::capacity::ConnectionBucket;

#[test]
fn refused_lambda_environments_wait_and_drain_at_the_refill_rate() {
    // 3,000 environments at once against a full bucket: 1,000 connect, 2,000 wait and are let
    // in at 100/s over 20 s: 2,000 × 20 / 2 = 20,000 environment-seconds of waiting.
    let mut b = ConnectionBucket::new();
    let waited = b.advance_waiting(3_000.0, 0.0, 60.0);
    assert!((waited - 20_000.0).abs() < 1e-6, "{waited}");
    assert_eq!(b.waiting(), 0.0);
    // The same in one-second pieces, or uneven ones: the rule is in seconds, not steps.
    let mut c = ConnectionBucket::new();
    let mut total = c.advance_waiting(3_000.0, 0.0, 0.7);
    let mut t = 0.7;
    while t < 60.0 {
        let dt = if t < 10.0 { 1.3 } else { 3.1 };
        total += c.advance_waiting(0.0, 0.0, dt);
        t += dt;
    }
    assert!((total - 20_000.0).abs() < 1e-6, "{total}");
    // A steady stream above the refill rate keeps a growing queue: 150/s for 10 s on an empty
    // bucket leaves 500 waiting, ∫ = 50 × 10² / 2 = 2,500.
    let mut d = ConnectionBucket::new();
    d.advance_waiting(1_000.0, 0.0, 0.0);
    let waited = d.advance_waiting(0.0, 150.0, 10.0);
    assert!((waited - 2_500.0).abs() < 1e-6 && (d.waiting() - 500.0).abs() < 1e-9, "{waited} {}", d.waiting());
}

fn lambda_burst_with_dsql(step_s: f64) -> sim::SimRun {
    let mut s = presets::find("lambda-burst-aurora").unwrap().scenario();
    s.contenders = vec![scalelab::model::database::Database::Dynamodb, Database::Aurora, Database::Dsql];
    s.simulation.step_s = Some(step_s);
    sim::run(&s)
}

#[test]
fn a_lambda_burst_makes_dsql_environments_wait_for_connections_whatever_the_step() {
    // 2,500 → 10,000 req/s at 300 ms: 750 → 3,000 environments, a jump of 2,250. The burst
    // lets 1,000 in; 1,250 wait, let in at 100/s less the hourly reopenings (≈ 0.8/s):
    // ∫ waiting = 1,250² / (2 × 99.2) environment-seconds, each failing 1 / 0.3 s requests.
    let run = lambda_burst_with_dsql(15.0);
    let q = run.dsql.as_ref().unwrap();
    let refused = q.summary.lost_requests.get(&LossCause::DsqlConnectionRate).copied().unwrap_or(0.0);
    let reopen_per_s = 750.0 / 3_600.0;
    let expected = 1_250.0f64.powi(2) / (2.0 * (100.0 - reopen_per_s)) / 0.3;
    assert!((refused - expected).abs() / expected < 0.02, "refused {refused}, expected ≈ {expected}");
    assert!(q.summary.lost_requests.get(&LossCause::DsqlTooManyConnections).is_none(), "3,000 connections are within 10,000");
    let sum = q.summary.served_requests + q.summary.failed_requests;
    assert!((sum - q.summary.offered_requests).abs() <= 1e-6 * q.summary.offered_requests);
    for step in [1.0, 60.0] {
        let other = lambda_burst_with_dsql(step);
        let r = other.dsql.as_ref().unwrap().summary.lost_requests.get(&LossCause::DsqlConnectionRate).copied().unwrap_or(0.0);
        assert!((r - refused).abs() / refused < 1e-6, "step {step} s: {r} vs {refused}");
    }
    // The narration says what waits.
    assert!(run.events.iter().any(|e| e.database == Database::Dsql && e.text.contains("Lambda environments wait")), "{:?}", run.events.iter().filter(|e| e.database == Database::Dsql).collect::<Vec<_>>());
}
