//! Aurora DSQL in the time-stepped engine (issue 17): a third contender when the scenario
//! names it, its connection quota and reconfiguration in simulated seconds, its ledger and
//! cost, and nothing changed for a scenario that does not name it.

use scalelab::model::database::Database;
use scalelab::model::dsql::Connect;
use scalelab::model::scenario::Scenario;
use scalelab::model::sim::{self, LossCause, SimRun};
use scalelab::model::traffic::Traffic;

fn with_dsql() -> Scenario {
    let mut s = Scenario::default();
    s.contenders = vec![Database::Dynamodb, Database::Aurora, Database::Dsql];
    s.traffic = Traffic::Steady;
    s.simulation.duration_s = 3_600.0;
    s
}

fn dsql(run: &SimRun) -> &sim::DsqlRun {
    run.dsql.as_ref().expect("DSQL is a contender, so the run has its part")
}

#[test]
fn a_scenario_without_dsql_runs_exactly_as_before() {
    let mut s = Scenario::default();
    s.simulation.duration_s = 3_600.0;
    let two = sim::run(&s);
    assert!(two.dsql.is_none());
    s.contenders.push(Database::Dsql);
    let three = sim::run(&s);
    // DynamoDB's and Aurora's parts do not move when DSQL joins.
    assert_eq!(two.dynamodb_summary, three.dynamodb_summary);
    assert_eq!(two.aurora_summary, three.aurora_summary);
    assert_eq!(two.dynamodb, three.dynamodb);
    assert_eq!(two.aurora, three.aurora);
    assert!(three.dsql.is_some());
}

#[test]
fn served_plus_failed_is_offered_and_nothing_is_nan() {
    for connect in [Connect::Pool, Connect::PerRequest] {
        let mut s = with_dsql();
        s.dsql.connect = connect;
        s.traffic = Traffic::Spike { multiplier: 20.0, start_s: 600.0, duration_s: 600.0 };
        let run = sim::run(&s);
        let q = dsql(&run);
        let sum = q.summary.served_requests + q.summary.failed_requests;
        assert!((sum - q.summary.offered_requests).abs() <= 1e-6 * q.summary.offered_requests, "{connect:?}: {sum} vs {}", q.summary.offered_requests);
        for series in [&q.series.offered_rps, &q.series.served_rps, &q.series.failed_rps, &q.series.p50_ms, &q.series.p99_ms, &q.series.dpu_per_s] {
            assert!(series.mean.iter().chain(&series.min).chain(&series.max).all(|v| v.is_finite()), "{connect:?}: a NaN or infinity");
            assert_eq!(series.len(), run.t_s.len());
        }
        assert!(q.summary.monthly_cost_usd.is_finite() && q.summary.monthly_cost_usd > 0.0);
    }
}

#[test]
fn per_request_connections_above_100_a_second_are_refused_after_the_burst_of_1000() {
    // 500 new connections a second for an hour: the bucket gives 1,000 at once, then 100/s,
    // so (500 − 100) × 3,600 − 1,000 requests fail with 53400.
    let mut s = with_dsql();
    s.workload.requests_per_s = 500.0;
    s.dsql.connect = Connect::PerRequest;
    let run = sim::run(&s);
    let q = dsql(&run);
    let refused = q.summary.lost_requests.get(&LossCause::DsqlConnectionRate).copied().unwrap_or(0.0);
    let want = 400.0 * 3_600.0 - 1_000.0;
    assert!((refused - want).abs() <= 1e-6 * want, "refused {refused}, want {want}");
    assert!(run.events.iter().any(|e| e.database == Database::Dsql && e.text.contains("53400")), "the refusals are narrated");
    // A pool never reopens that fast: nothing refused.
    s.dsql.connect = Connect::Pool;
    let pooled = sim::run(&s);
    assert_eq!(dsql(&pooled).summary.lost_requests.get(&LossCause::DsqlConnectionRate), None);
}

#[test]
fn dsql_cost_and_losses_do_not_depend_on_the_step_size() {
    let mut s = with_dsql();
    s.dsql.connect = Connect::PerRequest;
    s.workload.requests_per_s = 80.0;
    s.traffic = Traffic::Spike { multiplier: 10.0, start_s: 905.0, duration_s: 1_213.0 };
    let (fine, coarse) = same_at_step_sizes(&s, 5.0, 60.0);
    assert!(close_enough(fine.worst_p99_ms, coarse.worst_p99_ms), "p99 {} vs {}", fine.worst_p99_ms, coarse.worst_p99_ms);
}

/// DSQL's summaries of `s` at two step sizes, after checking that they cost and fail the
/// same to a millionth.
fn same_at_step_sizes(s: &Scenario, fine_s: f64, coarse_s: f64) -> (sim::Summary, sim::Summary) {
    let at = |step_s: f64| {
        let mut t = s.clone();
        t.simulation.step_s = Some(step_s);
        dsql(&sim::run(&t)).summary.clone()
    };
    let (fine, coarse) = (at(fine_s), at(coarse_s));
    assert!(close_enough(fine.monthly_cost_usd, coarse.monthly_cost_usd), "cost {} vs {}", fine.monthly_cost_usd, coarse.monthly_cost_usd);
    assert!(close_enough(fine.failed_requests, coarse.failed_requests), "failed {} vs {}", fine.failed_requests, coarse.failed_requests);
    (fine, coarse)
}

fn close_enough(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn a_sudden_10x_rise_slows_dsql_by_the_measured_factor_then_it_recovers() {
    // 3P (marcbowes): 100 → 1,000 clients moved latency 15 → 86 ms before DSQL reconfigured.
    let mut s = with_dsql();
    s.workload.requests_per_s = 100.0;
    s.traffic = Traffic::Spike { multiplier: 10.0, start_s: 1_200.0, duration_s: 1_800.0 };
    s.simulation.step_s = Some(5.0);
    let run = sim::run(&s);
    let q = dsql(&run);
    let k = &q.series.latency_multiplier;
    // The series keeps each 5 s step's mean: the first step after the rise averages the
    // transient's first 5 s of its 120 s (`dsql_reconfigure_s`) linear decay from ×86/15.
    let worst = k.max.iter().cloned().fold(0.0, f64::max);
    let first_step = 1.0 + (86.0 / 15.0 - 1.0) * (1.0 - 5.0 / (2.0 * s.estimates.dsql_reconfigure_s));
    assert!((worst - first_step).abs() < 1e-6, "worst step ×{worst:.4}, want ×{first_step:.4}");
    // And the worst p99 is judged at the rise itself: ×86/15 the settled p99.
    let settled = q.series.p99_ms.mean[0];
    assert!((q.summary.worst_p99_ms / settled - 86.0 / 15.0).abs() < 0.01, "worst p99 {} vs settled {settled}", q.summary.worst_p99_ms);
    assert!(*k.mean.last().unwrap() < 1.0 + 1e-9, "recovered by the end of the run");
    assert!(run.events.iter().any(|e| e.database == Database::Dsql && e.text.contains("brings capacity online")));
    // Its own kinds, in order: DSQL has no ACUs to scale.
    let kinds: Vec<_> = run.events.iter().filter(|e| e.database == Database::Dsql).map(|e| e.kind).collect();
    assert_eq!(kinds, [sim::EventKind::DsqlReconfiguring, sim::EventKind::DsqlReconfigured], "{kinds:?}");
}

#[test]
fn a_lambda_style_burst_is_narrated_as_refused_then_accepted_connections() {
    // 500 new connections a second for 10 minutes from 10 minutes in, then the base 50/s.
    let mut s = with_dsql();
    s.workload.requests_per_s = 50.0;
    s.dsql.connect = Connect::PerRequest;
    s.traffic = Traffic::Spike { multiplier: 10.0, start_s: 600.0, duration_s: 600.0 };
    let run = sim::run(&s);
    let kinds: Vec<_> = run.events.iter().filter(|e| e.database == Database::Dsql).map(|e| e.kind).collect();
    let at = |k| kinds.iter().position(|&x| x == k).unwrap_or_else(|| panic!("no {k:?} in {kinds:?}"));
    assert!(at(sim::EventKind::DsqlConnectionsRefused) < at(sim::EventKind::DsqlConnectionsAccepted), "{kinds:?}");
    // None of DynamoDB's or Aurora's kinds stands for a DSQL event.
    for k in &kinds {
        assert!(k.id().starts_with("dsql_") || matches!(k, sim::EventKind::FailingStarted | sim::EventKind::FailingEnded), "{k:?}");
    }
}

#[test]
fn the_free_tier_makes_a_tiny_workload_cost_only_its_storage_past_1_gb() {
    let mut s = with_dsql();
    s.workload.requests_per_s = 0.01;
    s.workload.table_size_gb = 0.5;
    let q = dsql(&sim::run(&s)).summary.clone();
    assert_eq!(q.monthly_cost_usd, 0.0, "0.01 req/s is well inside 100,000 DPU a month, 0.5 GB inside 1 GB");
}

/// Region A lost for an hour from 1 h into a 3 h steady run, 30 % of clients in Region B.
fn region_a_outage(topology: scalelab::model::dsql::Topology) -> Scenario {
    use scalelab::model::faults::{Fault, RegionId};
    let mut s = with_dsql();
    s.simulation.duration_s = 3.0 * 3_600.0;
    s.regions.remote_share = 0.3;
    s.dsql.topology = topology;
    s.faults = vec![Fault::RegionOutage { at_s: 3_600.0, duration_s: 3_600.0, region: RegionId::A }];
    s.validate().unwrap_or_else(|e| panic!("{e}"));
    s
}

#[test]
fn a_single_region_cluster_is_down_with_its_region_and_its_clients_are_booked_first() {
    use scalelab::model::dsql::Topology;
    let s = region_a_outage(Topology::SingleRegion);
    let run = sim::run(&s);
    let q = &dsql(&run).summary;
    let rate = s.workload.requests_per_s;
    // Every request in the outage hour fails: Region A's clients (70 %) until redirected,
    // under their own cause; the rest, and everyone after the redirect, because the
    // cluster's Region is down.
    let clients = q.lost_requests.get(&LossCause::DsqlClientRegionDown).copied().unwrap_or(0.0);
    let region = q.lost_requests.get(&LossCause::DsqlRegionDown).copied().unwrap_or(0.0);
    let redirect_s = s.estimates.region_redirect_s;
    assert!((clients - 0.7 * rate * redirect_s).abs() <= 1e-6 * clients, "clients {clients}");
    assert!((clients + region - rate * 3_600.0).abs() <= 1e-6 * rate * 3_600.0, "clients {clients} + region {region}");
    assert!((q.served_requests + q.failed_requests - q.offered_requests).abs() <= 1e-6 * q.offered_requests);
    // The fault's impact says the same, and names DSQL's cause.
    let impact = run.fault_impacts[0].dsql.as_ref().expect("DSQL's impact, DSQL being a contender");
    assert!((impact.write_outage_s - 3_600.0).abs() < 1e-6, "{}", impact.write_outage_s);
    assert_eq!(impact.writes_lost, 0.0);
    assert!(impact.verdict.contains("single-Region cluster"), "{}", impact.verdict);
}

/// While Region A is lost, its peer is down: Region B's clients, and Region A's once
/// redirected, all connect to Region B's peer, against its quotas alone. 120 per-request
/// clients a second, half in each Region, are 60 a second at each peer, inside 100; once
/// Region A's are redirected all 120 reach Region B's peer, whose burst runs out after
/// 1,000 / 20 = 50 s, and 20 a second are refused (53400) until Region A returns.
#[test]
fn a_lost_regions_clients_connect_to_the_other_peer_against_its_quota() {
    use scalelab::model::dsql::Topology;
    let mut s = region_a_outage(Topology::MultiRegion);
    s.dsql.connect = Connect::PerRequest;
    s.regions.remote_share = 0.5;
    s.workload.requests_per_s = 120.0;
    let run = sim::run(&s);
    let refused = dsql(&run).summary.lost_requests.get(&LossCause::DsqlConnectionRate).copied().unwrap_or(0.0);
    let redirected_s = 3_600.0 - s.estimates.region_redirect_s;
    let want = 20.0 * (redirected_s - 50.0);
    assert!(want > 0.0 && (refused - want).abs() <= 1e-6 * want, "refused {refused}, want {want}");
    // Without the outage neither peer refuses anything.
    s.faults.clear();
    assert_eq!(dsql(&sim::run(&s)).summary.lost_requests.get(&LossCause::DsqlConnectionRate), None);
}

/// Pooled clients hold their connections, so a lost Region's clients redirected to the
/// other peer open their pools' connections all at once: the peer's burst takes 1,000, the
/// rest wait at 100/s (53400), and what the open connections cannot carry fails. Pools of
/// 5,000 connections, 70 % of the clients in Region A, and traffic keeping 4,000
/// transactions in flight (80 % of the pools):
/// * at the redirect, Region B's pools jump from 1,500 to 5,000 connections: 2,500 wait,
///   and while more than 5,000 − 4,000 = 1,000 of them wait the excess fails,
///   `(U − 1,000) / hold` a second with `U` falling at 100/s less the pools' reopenings;
/// * when Region A returns its clients move back: its peer's pools jump from 0 to 3,500,
///   2,500 wait, and the slack is 3,500 − 2,800 = 700.
///
/// Each is a triangle of `g0² / (2 · |slope| · hold)` requests, the same at any step size.
#[test]
fn a_redirected_regions_pools_reconnect_against_the_peers_quota() {
    use scalelab::model::dsql::Topology;
    use scalelab::model::facts::{DSQL_NEW_CONNECTIONS_BURST as BURST, DSQL_NEW_CONNECTIONS_PER_S as REFILL};
    let mut s = region_a_outage(Topology::MultiRegion);
    let pool = 5_000.0;
    s.dsql.pool_connections = pool;
    let steady = s.compare().dsql.unwrap();
    let hold_s = steady.in_flight / steady.served_per_s;
    s.workload.requests_per_s = 0.8 * pool / hold_s;
    let lifetime_s = s.dsql.connection_lifetime_s;
    // (requests lost, seconds failing more than 0.1 % of all requests) of one jump.
    let triangle = |target: f64, jump: f64, in_flight: f64| {
        let g0 = (jump - BURST) - (target - in_flight);
        let slope = REFILL - target / lifetime_s;
        (g0 * g0 / (2.0 * slope * hold_s), (g0 - 0.001 * 0.8 * pool) / slope)
    };
    let (at_redirect, failing_redirect_s) = triangle(pool, 0.7 * pool, 0.8 * pool);
    let (at_return, failing_return_s) = triangle(0.7 * pool, 0.7 * pool, 0.7 * 0.8 * pool);
    let want = at_redirect + at_return;
    // Before the redirect Region A's clients fail for their own Region.
    let failing_min = (s.estimates.region_redirect_s + failing_redirect_s + failing_return_s) / 60.0;
    let (fine, coarse) = same_at_step_sizes(&s, 1.0, 60.0);
    for q in [&fine, &coarse] {
        let refused = q.lost_requests.get(&LossCause::DsqlConnectionRate).copied().unwrap_or(0.0);
        assert!(want > 0.0 && (refused - want).abs() <= 1e-6 * want, "refused {refused}, want {want} ({at_redirect} + {at_return})");
        assert!((q.minutes_failing - failing_min).abs() < 1e-9, "{} min failing, want {failing_min}", q.minutes_failing);
    }

    // The outage's impact on DSQL counts both reconnections, and says them.
    let run = sim::run(&s);
    let impact = run.fault_impacts[0].dsql.as_ref().unwrap();
    let region_down = dsql(&run).summary.lost_requests[&LossCause::DsqlClientRegionDown];
    let failed = impact.failed_reads + impact.failed_writes;
    assert!((failed - (region_down + want)).abs() <= 1e-6 * failed, "{failed} failed, want {region_down} + {want}");
    for (at, peer) in [("1:02", "Region B's peer"), ("2:00", "Region A's peer")] {
        let said = format!("At {at}, 3,500 pooled connections open to {peer} at once: its burst admits 1,000, and 2,500 are refused (53400)");
        assert!(impact.verdict.contains(&said), "{}", impact.verdict);
    }
    // Everything is back once Region A's peer has admitted the last of them.
    let back_s = 3_600.0 + 2_500.0 / (REFILL - 0.7 * pool / lifetime_s);
    assert!((impact.recover_s - back_s).abs() < 1e-6, "{} s, want {back_s}", impact.recover_s);

    // Pools with connections to spare (1,000 in flight): the same connections wait, and
    // nothing fails for it; the journal says they waited.
    s.workload.requests_per_s = 0.2 * pool / hold_s;
    let run = sim::run(&s);
    assert_eq!(dsql(&run).summary.lost_requests.get(&LossCause::DsqlConnectionRate), None);
    assert!(run.events.iter().any(|e| e.text.starts_with("2,500 pooled connections wait to reconnect")), "{:?}", run.events);
    // A pool of 100 connections reconnects inside the burst: nothing waits.
    s.dsql.pool_connections = 100.0;
    s.workload.requests_per_s = 0.8 * 100.0 / hold_s;
    let run = sim::run(&s);
    assert_eq!(dsql(&run).summary.lost_requests.get(&LossCause::DsqlConnectionRate), None);
    assert!(!run.events.iter().any(|e| e.text.contains("pooled connections wait")));
}

#[test]
fn a_multi_region_cluster_keeps_serving_and_loses_no_write() {
    use scalelab::model::dsql::Topology;
    let s = region_a_outage(Topology::MultiRegion);
    let run = sim::run(&s);
    let q = &dsql(&run).summary;
    let rate = s.workload.requests_per_s;
    // Only Region A's clients fail, and only until they are redirected.
    let clients = q.lost_requests.get(&LossCause::DsqlClientRegionDown).copied().unwrap_or(0.0);
    assert!((clients - 0.7 * rate * s.estimates.region_redirect_s).abs() <= 1e-6 * clients, "clients {clients}");
    assert!(!q.lost_requests.contains_key(&LossCause::DsqlRegionDown));
    let impact = run.fault_impacts[0].dsql.as_ref().unwrap();
    assert_eq!((impact.rpo_s, impact.writes_lost), (0.0, 0.0));
    assert!(impact.verdict.contains("RPO 0"), "{}", impact.verdict);
    // Aurora without a Global Database is down for the hour; DSQL is not.
    assert!(run.aurora_summary.failed_requests > 10.0 * q.failed_requests);
}

#[test]
fn aurora_instance_faults_leave_dsql_untouched_and_a_two_database_run_has_no_dsql_impact() {
    use scalelab::model::faults::Fault;
    let mut s = with_dsql();
    s.aurora.readers = 1;
    s.faults = vec![Fault::AuroraWriterFailover { at_s: 600.0 }, Fault::AzOutage { at_s: 1_800.0, duration_s: 600.0, az: scalelab::model::faults::Az::A }];
    let run = sim::run(&s);
    let q = &dsql(&run).summary;
    assert_eq!(q.failed_requests, 0.0, "{:?}", q.lost_requests);
    assert!(run.aurora_summary.failed_requests > 0.0);
    for impact in &run.fault_impacts {
        let d = impact.dsql.as_ref().unwrap();
        assert_eq!(d.failed_reads + d.failed_writes + d.writes_lost, 0.0);
        assert!(d.verdict.starts_with("DSQL: "), "{}", d.verdict);
    }
    s.contenders = vec![Database::Dynamodb, Database::Aurora];
    assert!(sim::run(&s).fault_impacts.iter().all(|i| i.dsql.is_none()));
}

/// A multi-Region cluster is two peered clusters, each with its own Regional endpoint
/// (DOC: "two regional endpoints, one in each peered cluster"; `MultiRegionProperties`:
/// "each peered cluster represents a database instance in a different Region"), and the
/// connection quotas are per cluster: each peer has its own 100 new connections a second,
/// burst 1,000, and 10,000 connections. Clients connect to their own Region's peer.
/// 300 per-request clients a second, half in each Region: each peer takes 150/s, empties
/// its burst in 1,000 / 50 = 20 s and then refuses 50/s; one cluster taking all 300/s
/// empties it in 1,000 / 200 = 5 s and then refuses 200/s.
#[test]
fn each_peer_of_a_multi_region_cluster_has_its_own_connection_quotas() {
    use scalelab::model::dsql::Topology;
    let cluster = |topology: Topology, remote_share: f64| {
        let mut s = with_dsql();
        s.dsql.topology = topology;
        s.dsql.connect = Connect::PerRequest;
        s.regions.remote_share = remote_share;
        s.workload.requests_per_s = 300.0;
        s
    };
    let refused = |s: &Scenario| dsql(&sim::run(s)).summary.lost_requests.get(&LossCause::DsqlConnectionRate).copied().unwrap_or(0.0);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b;
    let single = refused(&cluster(Topology::SingleRegion, 0.5));
    assert!(close(single, 200.0 * (3_600.0 - 5.0)), "{single}");
    let peers = refused(&cluster(Topology::MultiRegion, 0.5));
    assert!(close(peers, 2.0 * 50.0 * (3_600.0 - 20.0)), "{peers}");
    // Every client in Region A: one peer takes them all, as a single-Region cluster does.
    assert!(close(refused(&cluster(Topology::MultiRegion, 0.0)), single));
    // The steady answer (100/s each, no burst) splits the same way.
    let steady = |s: &Scenario| s.compare_at(&s.steady_models(), 300.0).dsql.unwrap().lost.connection_rate_per_s;
    assert!(close(steady(&cluster(Topology::SingleRegion, 0.5)), 200.0));
    assert!(close(steady(&cluster(Topology::MultiRegion, 0.5)), 100.0));
}

/// Two peers whose bursts run out at different moments inside a step cut it twice; any
/// step size still gives the same month.
#[test]
fn uneven_peers_cost_and_lose_the_same_at_any_step_size() {
    use scalelab::model::dsql::Topology;
    let mut s = with_dsql();
    s.dsql.topology = Topology::MultiRegion;
    s.dsql.connect = Connect::PerRequest;
    s.regions.remote_share = 0.3;
    s.workload.requests_per_s = 80.0;
    s.traffic = Traffic::Spike { multiplier: 5.0, start_s: 905.0, duration_s: 1_213.0 };
    let (fine, _) = same_at_step_sizes(&s, 1.0, 60.0);
    assert!(fine.lost_requests.get(&LossCause::DsqlConnectionRate).copied().unwrap_or(0.0) > 0.0, "the spike should outrun a peer's burst");
}
