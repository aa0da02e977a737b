//! `scalelab run`: the time-stepped engine's run as a summary table, the whole run as JSON,
//! its events, or one CSV row per step (`scalelab::report::StepCsv`, the same columns as
//! the page's), streamed so that a long run never sits in memory.

use crate::cli::RunFormat;
use crate::load::Loaded;
use crate::text::{duration, grouped, to_json};
use scalelab::format;
use scalelab::model::database::Database;
use scalelab::model::import::{compare, RecordedComparison};
use scalelab::model::scenario::Scenario;
use scalelab::model::sim::{self, SimRun, Summary};
use scalelab::model::uncertainty::{MonteCarlo, Uncertain};
use scalelab::model::verdict::sure_sentences;
use serde::Serialize;
use std::io::Write;

/// The run's JSON with, when the scenario has recorded series, a `recorded` section.
#[derive(Serialize)]
struct WithRecorded<'a> {
    #[serde(flatten)]
    run: &'a SimRun,
    recorded: RecordedComparison,
}

/// The run's JSON with its sampled futures (`--samples N`).
#[derive(Serialize)]
struct WithFutures<'a> {
    #[serde(flatten)]
    run: &'a SimRun,
    #[serde(skip_serializing_if = "Option::is_none")]
    recorded: Option<RecordedComparison>,
    uncertainty: Uncertain,
}

/// The run in `format`, with its sampled futures when `futures`; the CSV is written to
/// stdout as it is made (and the result is empty).
pub fn output(l: &Loaded, format: RunFormat, futures: bool) -> Result<String, String> {
    let sampled = |run: &SimRun| futures.then(|| MonteCarlo::new(&l.scenario, Some(run)).finish());
    match format {
        RunFormat::Csv => stream_csv(&l.scenario),
        RunFormat::Json => {
            let run = sim::run(&l.scenario);
            let recorded = l.scenario.recorded.as_ref().map(|r| compare(r, &run));
            match (sampled(&run), recorded) {
                (Some(uncertainty), recorded) => to_json(&WithFutures { run: &run, recorded, uncertainty }).map(without_absent_dsql),
                (None, Some(recorded)) => to_json(&WithRecorded { recorded, run: &run }).map(without_absent_dsql),
                (None, None) => to_json(&run).map(without_absent_dsql),
            }
        }
        RunFormat::Events => Ok(events_table(&sim::run(&l.scenario))),
        RunFormat::FuturesCsv => futures_csv(&MonteCarlo::new(&l.scenario, Some(&sim::run(&l.scenario))).finish()),
        RunFormat::Table => {
            let run = sim::run(&l.scenario);
            let mut out = table(l, &run);
            if let Some(r) = &l.scenario.recorded {
                out.push_str("\n\nRecorded (CloudWatch) vs simulated:");
                for sentence in compare(r, &run).sentences {
                    out.push_str(&format!("\n  {sentence}"));
                }
            }
            if let Some(u) = sampled(&run) {
                out.push_str(&futures_table(&u, &l.scenario));
            }
            Ok(out)
        }
    }
}

/// The run's JSON without its `"dsql": null` members (the run's and each fault impact's)
/// when DSQL was not in the run, so a run without it writes exactly what it always has.
/// (The members stay in the types, because the page's worker sends runs as bincode, which
/// cannot skip a field.)
fn without_absent_dsql(json: String) -> String {
    if !json.contains("\n  \"dsql\": null,") {
        return json;
    }
    json.replacen("\n  \"dsql\": null,", "", 1).replace(",\n      \"dsql\": null", "")
}

/// The sampled futures: the verdict's sentences, then the tornado, one input a line.
fn futures_table(u: &Uncertain, s: &Scenario) -> String {
    let mut out = String::from("\n\nHow sure (sampled futures):");
    for sentence in sure_sentences(u, &s.uncertainty, s.p99_target_ms) {
        out.push_str(&format!("\n  {sentence}"));
    }
    out.push_str("\n\nWhat moves the answer (each input alone at each end; Aurora's cost minus DynamoDB's, a month; each worst p99):");
    for b in &u.tornado {
        let p99s: Vec<String> = b.p99_ends().map(|(db, (low, high))| format!("{} p99 {} to {}", db.name(), format::ms(low), format::ms(high))).collect();
        out.push_str(&format!(
            "\n  {:<12} {} at {} to {} at {}; {}",
            b.label,
            format::signed_usd(b.cost_gap_low_usd),
            format::si(b.low_value),
            format::signed_usd(b.cost_gap_high_usd),
            format::si(b.high_value),
            p99s.join(", ")
        ));
    }
    out
}

/// The sampled futures as one tidy CSV, a value a row (`kind,input,database,measure,
/// statistic,value`): each database's 10th, 50th and 90th percentiles and its shares of
/// the futures, then each input's tornado ends (the input's value, the cost gap, each p99).
fn futures_csv(u: &Uncertain) -> Result<String, String> {
    let mut rows = vec![["kind", "input", "database", "measure", "statistic", "value"].map(String::from).to_vec()];
    let mut row = |kind: &str, input: &str, database: &str, measure: &str, statistic: &str, v: f64| {
        rows.push([kind, input, database, measure, statistic].map(String::from).into_iter().chain([format!("{v}")]).collect());
    };
    // "cheaper" is DynamoDB against Aurora; with DSQL, "cheapest" is each of the three's.
    let cheapest = |db: Database| u.cheapest_share.map(|c| c.of(db));
    let spreads = [(Database::Dynamodb, Some(&u.dynamodb), Some(u.dynamodb_cheaper_share)), (Database::Aurora, Some(&u.aurora), Some(u.aurora_cheaper_share)), (Database::Dsql, u.dsql.as_ref(), None)];
    for (db, d, cheaper) in spreads {
        let Some(d) = d else { continue };
        for (measure, s) in [("monthly_cost_usd", d.monthly_cost_usd), ("failed_share", d.failed_share), ("worst_p99_ms", d.worst_p99_ms)] {
            for (statistic, v) in [("p10", s.p10), ("p50", s.p50), ("p90", s.p90)] {
                row("futures", "", db.id(), measure, statistic, v);
            }
        }
        if let Some(cheaper) = cheaper {
            row("futures", "", db.id(), "cheaper", "share", cheaper);
        }
        if let Some(share) = cheapest(db) {
            row("futures", "", db.id(), "cheapest", "share", share);
        }
        row("futures", "", db.id(), "meets_p99_target", "share", d.meets_target_share);
    }
    for b in &u.tornado {
        let input = b.input.map_or_else(|| b.label.clone(), |i| i.key());
        for (statistic, value, gap, end) in [("low_end", b.low_value, b.cost_gap_low_usd, 0), ("high_end", b.high_value, b.cost_gap_high_usd, 1)] {
            row("tornado", &input, "", "input_value", statistic, value);
            row("tornado", &input, "aurora_minus_dynamodb", "monthly_cost_usd", statistic, gap);
            for (db, ends) in b.p99_ends() {
                row("tornado", &input, db.id(), "worst_p99_ms", statistic, if end == 0 { ends.0 } else { ends.1 });
            }
        }
    }
    crate::text::csv_rows(&rows)
}

/// Every step as a CSV row, written out slice by slice so a long run never sits in memory.
fn stream_csv(s: &Scenario) -> Result<String, String> {
    let mut engine = sim::Engine::new(s);
    let mut csv = scalelab::report::StepCsv::new(s);
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
    let mut out = String::from("time        database     event\n");
    for e in &run.events {
        let db = e.database.name();
        out.push_str(&format!("{:<10}  {db:<11}  {}\n", sim::events::clock(e.t_s), e.text));
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
    // One column per contender: DynamoDB, Aurora, and DSQL when the scenario names it.
    let q = run.dsql.as_ref().map(|r| &r.summary);
    let mut columns: Vec<(&str, &Summary, String, String)> = vec![
        ("DynamoDB", d, "units/s".into(), "throttle events".into()),
        ("Aurora Serverless v2", a, "ACU writer".into(), "time-outs/refusals".into()),
    ];
    if let Some(q) = q {
        columns.push(("Aurora DSQL", q, "DPU/s".into(), "refusals/time-outs".into()));
    }
    // A cell from a column's summary and its capacity unit.
    type Cell = fn(&Summary, &str) -> String;
    let lines: [(&str, Cell); 14] = [
        ("Monthly cost", |s, _| format::usd(s.monthly_cost_usd)),
        ("  capacity / compute", |s, _| format::usd(s.monthly_capacity_usd)),
        ("  I/O, requests", |s, _| format::usd(s.monthly_io_usd)),
        ("  storage", |s, _| format::usd(s.monthly_storage_usd)),
        ("  backups", |s, _| format::usd(s.monthly_backup_usd)),
        ("  data transfer", |s, _| format::usd(s.monthly_transfer_usd)),
        ("With a Savings Plan", |s, _| format::usd(s.monthly_cost_with_plan_usd)),
        ("  best commitment", |s, _| s.savings_plan.terms()),
        ("Requests offered", |s, _| format::si(s.offered_requests)),
        ("  served", |s, _| format::si(s.served_requests)),
        ("  failed", |s, _| format!("{} after every retry ({})", format::si(s.failed_requests), format::percent(s.failed_share()))),
        ("Minutes failing", |s, _| format::si(s.minutes_failing)),
        ("Worst p99", |s, _| format::ms(s.worst_p99_ms)),
        ("Peak capacity", |s, unit| format!("{} {unit}", format::si(s.peak_capacity))),
    ];
    let mut rows: Vec<(String, Vec<String>)> = vec![(String::new(), columns.iter().map(|c| c.0.to_string()).collect())];
    for (label, cell) in lines {
        rows.push((label.to_string(), columns.iter().map(|(_, s, unit, _)| cell(s, unit)).collect()));
    }
    rows.push((
        "Rejected attempts".into(),
        columns.iter().map(|(_, s, _, what)| format!("{} {what}", format::si(s.rejected_attempts))).collect(),
    ));
    // Every column but the last padded to its widest cell (the rejected-attempts row
    // excepted, as before, so two-database tables read exactly as they always have).
    let widths: Vec<usize> = (0..columns.len())
        .map(|i| rows[..rows.len() - 1].iter().map(|r| r.1[i].chars().count()).max().unwrap_or(0))
        .collect();
    for (label, cells) in &rows {
        let mut line = format!("{label:<20}");
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                line.push_str(&format!("  {cell}"));
            } else {
                line.push_str(&format!("  {cell:<w$}", w = widths[i]));
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    let r = &run.dynamodb_reserved;
    if r.eligible {
        out.push_str("\nDynamoDB reserved capacity (provisioned, replicated writes excepted):\n");
        for t in [&r.one_year, &r.three_year] {
            out.push_str(&format!(
                "  {}: {} RCU + {} WCU reserved ({} / {} off, {} / {} used): {} a month\n",
                t.label(),
                format::si(t.rcu.units),
                format::si(t.wcu.units),
                format::percent(t.rcu.discount),
                format::percent(t.wcu.discount),
                format::percent(t.rcu.utilisation),
                format::percent(t.wcu.utilisation),
                format::usd(t.monthly_cost_usd)
            ));
        }
    }
    let ri = &run.aurora_reserved;
    if ri.eligible {
        out.push_str(&format!(
            "\nAurora Reserved Instances (every provisioned instance reserved): 1 year no upfront {}, 1 year all upfront {}, 3 years all upfront {} a month\n",
            format::usd(ri.one_year_no_upfront_usd),
            format::usd(ri.one_year_all_upfront_usd),
            format::usd(ri.three_year_all_upfront_usd)
        ));
    }
    for (name, s) in [("DynamoDB", d), ("Aurora", a)].into_iter().chain(q.map(|q| ("Aurora DSQL", q))) {
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
        if let Some(d) = &impact.dsql {
            out.push_str(&format!("  {}\n", d.verdict));
        }
    }
    out.trim_end().to_string()
}
