//! Results as files, shared by the CLI (`scalelab run --format csv`) and the page's
//! "Results CSV" download so both write the same columns.
//!
//! The CLI streams one row per step as the engine makes it ([`StepCsv`]), so a month at 1 s
//! steps never sits in memory; the page has the run at chart resolution and writes one row
//! per bucket ([`run_csv`]; a bucket is one step whenever the run has at most
//! `sim::MAX_BUCKETS` steps). Every loss cause has its own column, so offered = served +
//! the lost columns, row by row.

use crate::model::scenario::Scenario;
use crate::model::sim::{AuroraStep, Database, DsqlStep, DynamoStep, Ledger, LossCause, SimRun, StepRecord};
use std::collections::BTreeMap;

/// A plain number for CSV: the shortest form that reads back exactly; empty if not finite.
pub fn csv_num(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

/// The databases a run's CSV has columns for, in the order the columns come.
fn databases(with_dsql: bool) -> Vec<Database> {
    Database::ALL.into_iter().filter(|&db| db != Database::Dsql || with_dsql).collect()
}

/// Each database's columns start with this.
fn prefix(db: Database) -> &'static str {
    match db {
        Database::Dynamodb => "ddb",
        Database::Aurora => "aurora",
        Database::Dsql => "dsql",
    }
}

fn step_columns(db: Database) -> &'static [&'static str] {
    match db {
        Database::Dynamodb => DynamoStep::COLUMNS,
        Database::Aurora => AuroraStep::COLUMNS,
        Database::Dsql => DsqlStep::COLUMNS,
    }
}

/// The header line (no newline): per database its step's fields, its losses by cause, its
/// cost; DSQL's only when the run has it.
pub fn header(with_dsql: bool) -> String {
    let mut cols = vec!["t_s".to_string(), "length_s".to_string()];
    for db in databases(with_dsql) {
        let p = prefix(db);
        cols.extend(step_columns(db).iter().map(|c| format!("{p}_{c}")));
        cols.extend(LossCause::of(db).map(|c| format!("{p}_lost_rps_{}", c.id())));
        cols.push(format!("{p}_cost_usd"));
    }
    cols.join(",")
}

/// One database's cells in a row: its step's values, its losses and its cost.
struct Part {
    values: Vec<f64>,
    lost: Ledger,
    cost_usd: f64,
}

fn row(out: &mut String, t_s: f64, length_s: f64, parts: &[Part]) {
    let mut cells: Vec<f64> = vec![t_s, length_s];
    for part in parts {
        cells.extend(&part.values);
        cells.extend(part.lost.by_cause().map(|(_, amount)| amount));
        cells.push(part.cost_usd);
    }
    out.push('\n');
    out.push_str(&cells.iter().map(|&v| csv_num(v)).collect::<Vec<_>>().join(","));
}

/// One CSV row per step, appended as the engine makes each step.
pub struct StepCsv {
    pub text: String,
    with_dsql: bool,
}

impl StepCsv {
    /// The header, with DSQL's columns when the scenario names it.
    pub fn new(scenario: &Scenario) -> Self {
        let with_dsql = scenario.has(Database::Dsql);
        StepCsv { text: header(with_dsql), with_dsql }
    }

    pub fn push(&mut self, r: &StepRecord) {
        let empty = Ledger::new(Database::Dsql);
        let mut parts = vec![
            Part { values: r.dynamodb.values(), lost: *r.dynamodb_lost_rps, cost_usd: r.dynamodb_cost_usd },
            Part { values: r.aurora.values(), lost: *r.aurora_lost_rps, cost_usd: r.aurora_cost_usd },
        ];
        if self.with_dsql {
            // A record without DSQL's step (never, when the scenario names it) keeps the
            // columns, empty, rather than shifting the row.
            let (step, lost, cost_usd) = r.dsql.unwrap_or((&NO_STEP, &empty, f64::NAN));
            parts.push(Part { values: step.values(), lost: *lost, cost_usd });
        }
        row(&mut self.text, r.t_s, r.length_s, &parts);
    }

    /// Hand over the rows written so far (without the header after the first call), so a
    /// caller can write them out and keep memory flat.
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.text)
    }
}

const NO_STEP: DsqlStep = DsqlStep {
    offered_rps: f64::NAN,
    served_rps: f64::NAN,
    failed_rps: f64::NAN,
    p50_ms: f64::NAN,
    p99_ms: f64::NAN,
    dpu_per_s: f64::NAN,
    open_connections: f64::NAN,
    latency_multiplier: f64::NAN,
};

/// One row per bucket of a run (bucket means; costs per bucket), with the same header.
pub fn run_csv(run: &SimRun) -> String {
    let mut out = header(run.dsql.is_some());
    let ledger = |db: Database, lost: &BTreeMap<LossCause, Vec<f64>>, i: usize| {
        let mut l = Ledger::new(db);
        for (&c, v) in lost {
            l.add(c, v.get(i).copied().unwrap_or(0.0));
        }
        l
    };
    let cost = |v: &Vec<f64>, i: usize| v.get(i).copied().unwrap_or(0.0);
    let (d, a) = (&run.dynamodb, &run.aurora);
    for (i, (&t, length)) in run.t_s.iter().zip(run.bucket_lengths_s()).enumerate() {
        let (d_lost, a_lost) = (ledger(Database::Dynamodb, &d.lost_rps, i), ledger(Database::Aurora, &a.lost_rps, i));
        let mut parts = vec![
            Part { values: d.bucket(i).values(), lost: d_lost, cost_usd: cost(&d.cost_usd, i) },
            Part { values: a.bucket(i).values(), lost: a_lost, cost_usd: cost(&a.cost_usd, i) },
        ];
        if let Some(q) = &run.dsql {
            parts.push(Part { values: q.series.bucket(i).values(), lost: ledger(Database::Dsql, &q.series.lost_rps, i), cost_usd: cost(&q.series.cost_usd, i) });
        }
        row(&mut out, t, length, &parts);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{presets, sim};

    #[test]
    fn one_row_per_step_every_cell_a_number_and_the_ledger_adds_up() {
        check_rows("flash-sale", &["ddb", "aurora"]);
    }

    #[test]
    fn dsql_has_its_columns_when_the_scenario_names_it() {
        let header = check_rows("flash-sale-one-product", &["ddb", "aurora", "dsql"]);
        for column in ["dsql_offered_rps", "dsql_dpu_per_s", "dsql_lost_rps_dsql_occ_abort", "dsql_cost_usd"] {
            assert!(header.contains(&column.to_string()), "{column} missing from {header:?}");
        }
        assert!(!check_rows("flash-sale", &["ddb", "aurora"]).iter().any(|h| h.starts_with("dsql_")));
    }

    /// Runs a preset through [`StepCsv`] and [`run_csv`]; checks every row for each database
    /// prefix (offered = served + lost) and returns the header.
    fn check_rows(preset: &str, prefixes: &[&str]) -> Vec<String> {
        let s = presets::find(preset).unwrap().scenario();
        let mut csv = StepCsv::new(&s);
        let mut engine = sim::Engine::new(&s);
        engine.advance_with(usize::MAX, &mut |r| csv.push(r));
        let text = csv.take();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let rows: Vec<Vec<f64>> = lines.map(|l| l.split(',').map(|c| c.parse::<f64>().expect(l)).collect()).collect();
        assert_eq!(rows.len(), engine.total_steps());
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        for &prefix in prefixes {
            let lost: Vec<usize> = header.iter().enumerate().filter(|(_, h)| h.starts_with(&format!("{prefix}_lost_rps_"))).map(|(i, _)| i).collect();
            for r in &rows {
                assert_eq!(r.len(), header.len());
                let (offered, served) = (r[col(&format!("{prefix}_offered_rps"))], r[col(&format!("{prefix}_served_rps"))]);
                let sum: f64 = lost.iter().map(|&i| r[i]).sum();
                assert!((offered - served - sum).abs() <= 1e-9 * offered.max(1.0), "{prefix}: {offered} != {served} + {sum}");
            }
        }
        // The page's per-bucket CSV has the same columns (one bucket per step here).
        let run = engine.finish();
        let bucketed = run_csv(&run);
        assert_eq!(bucketed.lines().next(), Some(header.join(",").as_str()));
        assert_eq!(bucketed.lines().count(), rows.len() + 1);
        header.iter().map(|h| h.to_string()).collect()
    }
}
