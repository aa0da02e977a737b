//! A writer failover as each kind of client sees it (issue 19, item 2): a planned failover
//! has nothing to detect; a client that connects per request fails only until its DNS cache
//! expires; RDS Proxy holds requests, so they wait (latency) and fail only past the client
//! timeout. The measurements these reproduce are rows of `docs/calibration.md`.
#![cfg(not(target_arch = "wasm32"))]

use scalelab::model::aurora::config::{Access, ClientDriver};
use scalelab::model::facts::AURORA_DNS_TTL_S;
use scalelab::model::faults::{failed_write_s, writer_failover_s, Fault, FaultPlan};
use scalelab::model::scenario::Scenario;
use scalelab::model::sim::{self, LossCause};

fn clients(access: Access, driver: ClientDriver) -> Scenario {
    let mut s = Scenario::default();
    s.aurora.access = access;
    s.aurora.client_driver = driver;
    s
}

/// A one-hour run with `fault` half-way, at `step_s` steps.
fn run(mut s: Scenario, fault: Fault, step_s: f64) -> sim::SimRun {
    s.faults = vec![fault];
    s.simulation.duration_s = 3_600.0;
    s.simulation.step_s = Some(step_s);
    s.validate().unwrap_or_else(|e| panic!("{e}"));
    sim::run(&s)
}

fn lost(r: &sim::SimRun, cause: LossCause) -> f64 {
    r.aurora_summary.lost_requests.get(&cause).copied().unwrap_or(0.0)
}

#[test]
fn a_planned_failover_has_nothing_to_detect_and_needs_a_reader_to_promote() {
    let s = clients(Access::Direct, ClientDriver::Plain);
    let e = &s.estimates;
    let mut with = s.clone();
    with.faults = vec![Fault::AuroraPlannedFailover { at_s: 100.0 }];
    let plan = FaultPlan::new(&with);
    let labels: Vec<&str> = plan.sequence(0).iter().map(|st| st.label.as_str()).collect();
    assert!(!labels.contains(&"detection"), "{labels:?}");
    assert_eq!(labels[0], "promotion", "{labels:?}");
    // Unplanned, the same clients fail for the detection time longer.
    assert_eq!(failed_write_s(&s, false) - failed_write_s(&s, true), e.failover_detection_s);
    assert!(plan.note(0, scalelab::model::regions::Database::Aurora).contains("a planned failover, nothing to detect"));

    let mut none = with.clone();
    none.aurora.readers = 0;
    let err = none.validate().unwrap_err();
    assert!(err.contains("needs an Aurora reader to promote"), "{err}");
}

#[test]
fn a_client_connecting_per_request_fails_until_its_dns_cache_expires() {
    let s = clients(Access::Direct, ClientDriver::PerRequest);
    let e = &s.estimates;
    // On average half the TTL: caches expire evenly across it.
    assert_eq!(failed_write_s(&s, true), e.failover_promotion_s + AURORA_DNS_TTL_S / 2.0);
    assert_eq!(failed_write_s(&s, false), e.failover_detection_s + e.failover_promotion_s + AURORA_DNS_TTL_S / 2.0);
    // The last client writes again one TTL after the promotion: no stale socket to wait out.
    assert_eq!(writer_failover_s(&s), e.failover_detection_s + e.failover_promotion_s + AURORA_DNS_TTL_S);
    // A pooled plain driver does wait for its sockets (72 Technologies' 41–78 s).
    let pooled = clients(Access::Direct, ClientDriver::Plain);
    assert_eq!(failed_write_s(&pooled, false), writer_failover_s(&pooled));
    assert!(failed_write_s(&pooled, false) > 2.0 * failed_write_s(&s, false));
}

#[test]
fn rds_proxy_holds_requests_and_fails_only_those_past_the_client_timeout() {
    let mut s = clients(Access::RdsProxy, ClientDriver::Plain);
    let e = s.estimates.clone();
    let back_s = e.failover_promotion_s + e.rds_proxy_reconnect_s;
    let timeout_s = e.client_timeout_ms / 1000.0;
    assert_eq!(failed_write_s(&s, true), back_s - timeout_s);
    // A client that waits longer loses nothing; one that gives up at once loses nearly all.
    s.estimates.client_timeout_ms = 1_000.0 * (back_s + 1.0);
    assert_eq!(failed_write_s(&s, true), 0.0);
    s.estimates.client_timeout_ms = 1_000.0;
    assert_eq!(failed_write_s(&s, true), back_s - 1.0);
    // The Data API is assumed to hold requests the same way (no measurement).
    let api = clients(Access::DataApi, ClientDriver::Plain);
    assert_eq!(failed_write_s(&api, true), e.failover_promotion_s + e.data_api_reconnect_s - timeout_s);

    // Held requests are not failures: the impact says how long the longest waited.
    let mut with = clients(Access::RdsProxy, ClientDriver::Plain);
    with.faults = vec![Fault::AuroraPlannedFailover { at_s: 600.0 }];
    let impact = &FaultPlan::new(&with).impacts(|_| (800.0, 200.0))[0].aurora;
    assert_eq!(impact.longest_wait_s, timeout_s);
    assert!((impact.failed_writes - 200.0 * (back_s - timeout_s)).abs() < 1e-6, "{impact:?}");
    assert_eq!(impact.recover_s, back_s.max(with.estimates.aurora_reboot_s + back_s));
}

#[test]
fn through_rds_proxy_a_lost_reader_costs_latency_and_no_request() {
    let mut s = clients(Access::RdsProxy, ClientDriver::Plain);
    s.aurora.readers = 2;
    s.faults = vec![Fault::AuroraReaderLoss { at_s: 600.0, duration_s: 900.0 }];
    let plan = FaultPlan::new(&s);
    let impact = &plan.impacts(|_| (800.0, 200.0))[0].aurora;
    assert_eq!(impact.failed_reads, 0.0, "{impact:?}");
    assert_eq!(impact.longest_wait_s, s.estimates.rds_proxy_reconnect_s);
    let plain = clients(Access::Direct, ClientDriver::Plain);
    let mut plain2 = plain.clone();
    plain2.aurora.readers = 2;
    plain2.faults = s.faults.clone();
    assert!(FaultPlan::new(&plain2).impacts(|_| (800.0, 200.0))[0].aurora.failed_reads > 0.0);
}

#[test]
fn in_a_run_the_proxy_turns_most_of_a_failover_into_waiting_whatever_the_step() {
    let fault = Fault::AuroraPlannedFailover { at_s: 1_800.0 };
    let proxy = clients(Access::RdsProxy, ClientDriver::Plain);
    let timeout_ms = proxy.estimates.client_timeout_ms;
    let fine = run(proxy.clone(), fault.clone(), 1.0);
    let coarse = run(proxy.clone(), fault.clone(), 60.0);
    let plain = run(clients(Access::Direct, ClientDriver::Plain), fault.clone(), 1.0);
    for r in [&fine, &coarse, &plain] {
        let a = &r.aurora_summary;
        assert!(((a.served_requests + a.failed_requests) - a.offered_requests).abs() <= 1e-6 * a.offered_requests);
    }
    let (f, c) = (lost(&fine, LossCause::AuroraWriterFailover), lost(&coarse, LossCause::AuroraWriterFailover));
    assert!(f > 0.0 && (f - c).abs() <= 1e-6 * f, "1 s steps {f}, 60 s steps {c}");
    // The failed requests are what the fault's own impact counts at the run's traffic.
    let impact = &fine.fault_impacts[0].aurora;
    let counted = impact.failed_reads + impact.failed_writes;
    assert!((f - counted).abs() <= 1e-3 * counted, "run {f}, impact {counted}");
    // The plain driver fails the whole failover; the proxy only its first 5 s.
    let p = lost(&plain, LossCause::AuroraWriterFailover);
    println!(
        "planned failover: plain driver {p:.0} failed, worst p99 {:.0} ms; RDS Proxy {f:.0} failed, worst p99 {:.0} ms (1 s steps), {:.0} ms (60 s)",
        plain.aurora_summary.worst_p99_ms, fine.aurora_summary.worst_p99_ms, coarse.aurora_summary.worst_p99_ms
    );
    assert!(f < 0.2 * p, "proxy {f}, plain {p}");
    // Those that wait show as latency: the p99 reaches (about) the client timeout, at any
    // step, where the plain driver's failures add none.
    for r in [&fine, &coarse] {
        let worst = r.aurora_summary.worst_p99_ms;
        assert!(worst >= 0.9 * timeout_ms && worst <= timeout_ms, "{worst}");
    }
    assert!(plain.aurora_summary.worst_p99_ms < 0.2 * timeout_ms, "{}", plain.aurora_summary.worst_p99_ms);
}
