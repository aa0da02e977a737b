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
    let at = |step_s: f64| {
        let mut t = s.clone();
        t.simulation.step_s = Some(step_s);
        dsql(&sim::run(&t)).summary.clone()
    };
    let (fine, coarse) = (at(5.0), at(60.0));
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0);
    assert!(close(fine.monthly_cost_usd, coarse.monthly_cost_usd), "cost {} vs {}", fine.monthly_cost_usd, coarse.monthly_cost_usd);
    assert!(close(fine.failed_requests, coarse.failed_requests), "failed {} vs {}", fine.failed_requests, coarse.failed_requests);
    assert!(close(fine.worst_p99_ms, coarse.worst_p99_ms), "p99 {} vs {}", fine.worst_p99_ms, coarse.worst_p99_ms);
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
}

#[test]
fn the_free_tier_makes_a_tiny_workload_cost_only_its_storage_past_1_gb() {
    let mut s = with_dsql();
    s.workload.requests_per_s = 0.01;
    s.workload.table_size_gb = 0.5;
    let q = dsql(&sim::run(&s)).summary.clone();
    assert_eq!(q.monthly_cost_usd, 0.0, "0.01 req/s is well inside 100,000 DPU a month, 0.5 GB inside 1 GB");
}
