//! A run to profile: `valgrind --tool=callgrind target/release/examples/profile_engine [days]
//! [req/s]` (one day at 60 s steps of the default workload on a daily cycle, 1,000 req/s,
//! unless told otherwise).
use scalelab::model::scenario::Scenario;
use scalelab::model::sim;
use scalelab::model::traffic::Traffic;

fn main() {
    let days: f64 = std::env::args().nth(1).and_then(|d| d.parse().ok()).unwrap_or(1.0);
    let rate: f64 = std::env::args().nth(2).and_then(|d| d.parse().ok()).unwrap_or(1_000.0);
    let mut s = Scenario::default();
    s.traffic = Traffic::Diurnal { trough_to_peak: 0.3, peak_hour_utc: 15.0 };
    s.simulation.duration_s = days * 86_400.0;
    s.simulation.step_s = Some(60.0);
    s.workload.requests_per_s = rate;
    let run = sim::run(&s);
    // Only what every engine version has, so scripts/bench-engine.sh builds this on older ones.
    println!("DynamoDB ${:.0}/month, Aurora ${:.0}/month", run.dynamodb_summary.monthly_cost_usd, run.aurora_summary.monthly_cost_usd);
}
