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
