//! `scalelab run`: the time-stepped engine's run as a summary table, the whole run as JSON,
//! its events, or one CSV row per step (`scalelab::report::StepCsv`, the same columns as
//! the page's), streamed so that a long run never sits in memory.

use crate::cli::RunFormat;
use crate::load::Loaded;
use crate::text::{duration, grouped, to_json};
use scalelab::format;
use scalelab::model::import::{compare, RecordedComparison};
use scalelab::model::scenario::Scenario;
use scalelab::model::sim::{self, SimRun, Summary};
use serde::Serialize;
use std::io::Write;

/// The run's JSON with, when the scenario has recorded series, a `recorded` section.
#[derive(Serialize)]
struct WithRecorded<'a> {
    #[serde(flatten)]
    run: &'a SimRun,
    recorded: RecordedComparison,
}

/// The run in `format`; the CSV is written to stdout as it is made (and the result is
/// empty).
pub fn output(l: &Loaded, format: RunFormat) -> Result<String, String> {
    match format {
        RunFormat::Csv => stream_csv(&l.scenario),
        RunFormat::Json => {
            let run = sim::run(&l.scenario);
            match &l.scenario.recorded {
                Some(r) => to_json(&WithRecorded { recorded: compare(r, &run), run: &run }),
                None => to_json(&run),
            }
        }
        RunFormat::Events => Ok(events_table(&sim::run(&l.scenario))),
        RunFormat::Table => {
            let run = sim::run(&l.scenario);
            let mut out = table(l, &run);
            if let Some(r) = &l.scenario.recorded {
                out.push_str("\n\nRecorded (CloudWatch) vs simulated:");
                for sentence in compare(r, &run).sentences {
                    out.push_str(&format!("\n  {sentence}"));
                }
            }
            Ok(out)
        }
    }
}

/// Every step as a CSV row, written out slice by slice so a long run never sits in memory.
fn stream_csv(s: &Scenario) -> Result<String, String> {
    let mut engine = sim::Engine::new(s);
    let mut csv = scalelab::report::StepCsv::default();
    let mut stdout = std::io::stdout().lock();
    while !engine.is_done() {
        engine.advance_with(10_000, &mut |r| csv.push(r));
        match stdout.write_all(csv.take().as_bytes()) {
            Ok(()) => {}
            // The reader went away (`| head`): not an error of ours.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(String::new()),
            Err(e) => return Err(format!("cannot write the CSV: {e}")),
        }
    }
    Ok(String::new())
}

/// The run's events, one per line: time, database, what happened.
fn events_table(run: &SimRun) -> String {
    let mut out = String::from("time        database  event\n");
    for e in &run.events {
        let db = match e.database {
            sim::Database::Dynamodb => "DynamoDB",
            sim::Database::Aurora => "Aurora",
        };
        out.push_str(&format!("{:<10}  {db:<8}  {}\n", sim::events::clock(e.t_s), e.text));
    }
    if run.events_dropped > 0 {
        out.push_str(&format!("… and {} more events\n", run.events_dropped));
    }
    if run.events.is_empty() {
        out.push_str("(nothing happened worth a caption)\n");
    }
    out.trim_end().to_string()
}

fn table(l: &Loaded, run: &SimRun) -> String {
    let sim = &l.scenario.simulation;
    let steps = run.steps;
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
            "  storage, transfer",
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
        ("  failed", failed(d, "after every retry"), failed(a, "after every retry")),
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
    out.push_str(&format!(
        "{:<20}  {:<w1$}  {}\n",
        "Rejected attempts",
        format!("{} throttle events", format::si(d.rejected_attempts)),
        format!("{} time-outs/refusals", format::si(a.rejected_attempts))
    ));
    for (name, s) in [("DynamoDB", d), ("Aurora", a)] {
        if s.lost_requests.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{name} lost requests by cause (watch):\n"));
        let mut causes: Vec<_> = s.lost_requests.iter().collect();
        causes.sort_by(|x, y| y.1.total_cmp(x.1));
        for (cause, n) in causes {
            let share = if s.offered_requests > 0.0 { n / s.offered_requests } else { 0.0 };
            out.push_str(&format!(
                "  {:<40} {:>8} {:>8}  {} ({})\n",
                cause.reason(),
                format::si(*n),
                format::percent(share),
                cause.label(),
                cause.metric()
            ));
        }
    }
    for impact in &run.fault_impacts {
        out.push_str(&format!("\n{} at {}:\n  {}\n  {}\n", impact.label, scalelab::model::sim::events::clock(impact.at_s), impact.dynamodb.verdict, impact.aurora.verdict));
    }
    out.trim_end().to_string()
}
