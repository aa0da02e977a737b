//! `scalelab run`: the time-stepped engine's run as a summary table, the whole run as JSON,
//! or one CSV row per step (`scalelab::report::run_csv`, the same bytes as the page's).

use crate::cli::RunFormat;
use crate::load::Loaded;
use crate::text::{duration, grouped, to_json};
use scalelab::format;
use scalelab::model::sim::{self, SimRun, Summary};

pub fn output(l: &Loaded, format: RunFormat) -> Result<String, String> {
    let run = sim::run(&l.scenario);
    match format {
        RunFormat::Json => to_json(&run),
        RunFormat::Csv => Ok(scalelab::report::run_csv(&run)),
        RunFormat::Table => Ok(table(l, &run)),
    }
}

fn table(l: &Loaded, run: &SimRun) -> String {
    let sim = &l.scenario.simulation;
    let steps = run.t_s.len();
    let (d, a) = (&run.dynamodb_summary, &run.aurora_summary);
    let mut out = format!(
        "{}: simulated {} ({} s) in {} steps of {} s; costs scaled to a 730-hour month\n\n",
        l.label,
        duration(sim.duration_s),
        grouped(sim.duration_s),
        grouped(steps as f64),
        grouped(run.step_s)
    );
    let failed = |s: &Summary, what: &str| {
        format!(
            "{} {what} ({})",
            format::si(s.failed_requests),
            format::percent(s.failed_share())
        )
    };
    let rows: [(&str, String, String); 11] = [
        ("", "DynamoDB".into(), "Aurora Serverless v2".into()),
        (
            "Monthly cost",
            format::usd(d.monthly_cost_usd),
            format::usd(a.monthly_cost_usd),
        ),
        (
            "  capacity / compute",
            format::usd(d.monthly_capacity_usd),
            format::usd(a.monthly_capacity_usd),
        ),
        (
            "  I/O",
            format::usd(d.monthly_io_usd),
            format::usd(a.monthly_io_usd),
        ),
        (
            "  storage (+ DAX)",
            format::usd(d.monthly_storage_usd),
            format::usd(a.monthly_storage_usd),
        ),
        (
            "Requests offered",
            format::si(d.offered_requests),
            format::si(a.offered_requests),
        ),
        (
            "  served",
            format::si(d.served_requests),
            format::si(a.served_requests),
        ),
        ("  failed", failed(d, "throttled"), failed(a, "timed out")),
        (
            "Minutes failing",
            format::si(d.minutes_failing),
            format::si(a.minutes_failing),
        ),
        (
            "Worst p99",
            format::ms(d.worst_p99_ms),
            format::ms(a.worst_p99_ms),
        ),
        (
            "Peak capacity",
            format!("{} units/s", format::si(d.peak_capacity)),
            format!("{} ACU writer", format::si(a.peak_capacity)),
        ),
    ];
    let w1 = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    for (label, ddb, aurora) in &rows {
        out.push_str(&format!("{label:<20}  {ddb:<w1$}  {aurora}\n"));
    }
    out.trim_end().to_string()
}
