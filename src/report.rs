//! Results as files, shared by the CLI (`scalelab run --format csv`) and the page's
//! "Results CSV" download so both write the same columns.
//!
//! The CLI streams one row per step as the engine makes it ([`StepCsv`]), so a month at 1 s
//! steps never sits in memory; the page has the run at chart resolution and writes one row
//! per bucket ([`run_csv`]; a bucket is one step whenever the run has at most
//! `sim::MAX_BUCKETS` steps). Every loss cause has its own column, so offered = served +
//! the lost columns, row by row.

use crate::model::sim::{AuroraStep, Database, DynamoStep, Ledger, LossCause, SimRun, StepRecord};

/// A plain number for CSV: the shortest form that reads back exactly; empty if not finite.
pub fn csv_num(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

const DYNAMO_COLUMNS: [&str; 14] = [
    "offered_rps",
    "served_rps",
    "failed_rps",
    "p50_ms",
    "p99_ms",
    "read_capacity_units",
    "write_capacity_units",
    "index_write_capacity_units",
    "consumed_read_units",
    "consumed_write_units",
    "read_throttle_events_per_min",
    "write_throttle_events_per_min",
    "read_burst_s",
    "write_burst_s",
];

const AURORA_COLUMNS: [&str; 10] =
    ["offered_rps", "served_rps", "failed_rps", "p50_ms", "p99_ms", "writer_acu", "reader_acu", "writer_needed_acu", "writer_utilisation", "rejected_per_min"];

fn dynamo_values(d: &DynamoStep) -> [f64; 14] {
    [
        d.offered_rps,
        d.served_rps,
        d.failed_rps,
        d.p50_ms,
        d.p99_ms,
        d.read_capacity_units,
        d.write_capacity_units,
        d.index_write_capacity_units,
        d.consumed_read_units,
        d.consumed_write_units,
        d.read_throttle_events_per_min,
        d.write_throttle_events_per_min,
        d.read_burst_s,
        d.write_burst_s,
    ]
}

fn aurora_values(a: &AuroraStep) -> [f64; 10] {
    [a.offered_rps, a.served_rps, a.failed_rps, a.p50_ms, a.p99_ms, a.writer_acu, a.reader_acu, a.writer_needed_acu, a.writer_utilisation, a.rejected_per_min]
}

fn causes(db: Database) -> impl Iterator<Item = LossCause> {
    LossCause::ALL.into_iter().filter(move |c| c.database() == db)
}

/// The header line (no newline).
pub fn header() -> String {
    let mut cols = vec!["t_s".to_string(), "length_s".to_string()];
    cols.extend(DYNAMO_COLUMNS.iter().map(|c| format!("ddb_{c}")));
    cols.extend(causes(Database::Dynamodb).map(|c| format!("ddb_lost_rps_{}", c.id())));
    cols.push("ddb_cost_usd".into());
    cols.extend(AURORA_COLUMNS.iter().map(|c| format!("aurora_{c}")));
    cols.extend(causes(Database::Aurora).map(|c| format!("aurora_lost_rps_{}", c.id())));
    cols.push("aurora_cost_usd".into());
    cols.join(",")
}

#[allow(clippy::too_many_arguments)]
fn row(out: &mut String, t_s: f64, length_s: f64, d: &DynamoStep, d_lost: &Ledger, d_cost: f64, a: &AuroraStep, a_lost: &Ledger, a_cost: f64) {
    let mut cells: Vec<f64> = vec![t_s, length_s];
    cells.extend(dynamo_values(d));
    cells.extend(causes(Database::Dynamodb).map(|c| d_lost.get(c)));
    cells.push(d_cost);
    cells.extend(aurora_values(a));
    cells.extend(causes(Database::Aurora).map(|c| a_lost.get(c)));
    cells.push(a_cost);
    out.push('\n');
    out.push_str(&cells.iter().map(|&v| csv_num(v)).collect::<Vec<_>>().join(","));
}

/// One CSV row per step, appended as the engine makes each step.
pub struct StepCsv {
    pub text: String,
}

impl Default for StepCsv {
    fn default() -> Self {
        StepCsv { text: header() }
    }
}

impl StepCsv {
    pub fn push(&mut self, r: &StepRecord) {
        row(&mut self.text, r.t_s, r.length_s, r.dynamodb, r.dynamodb_lost_rps, r.dynamodb_cost_usd, r.aurora, r.aurora_lost_rps, r.aurora_cost_usd);
    }

    /// Hand over the rows written so far (without the header after the first call), so a
    /// caller can write them out and keep memory flat.
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.text)
    }
}

/// One row per bucket of a run (bucket means; costs per bucket), with the same header.
pub fn run_csv(run: &SimRun) -> String {
    let mut out = header();
    let (d, a) = (&run.dynamodb, &run.aurora);
    let at = |s: &crate::model::sim::Series, i: usize| s.mean.get(i).copied().unwrap_or(f64::NAN);
    for (i, &t) in run.t_s.iter().enumerate() {
        let length = run.t_s.get(i + 1).copied().unwrap_or(run.simulated_s()) - t;
        let dynamo = DynamoStep {
            offered_rps: at(&d.offered_rps, i),
            served_rps: at(&d.served_rps, i),
            failed_rps: at(&d.failed_rps, i),
            p50_ms: at(&d.p50_ms, i),
            p99_ms: at(&d.p99_ms, i),
            read_capacity_units: at(&d.read_capacity_units, i),
            write_capacity_units: at(&d.write_capacity_units, i),
            index_write_capacity_units: at(&d.index_write_capacity_units, i),
            consumed_read_units: at(&d.consumed_read_units, i),
            consumed_write_units: at(&d.consumed_write_units, i),
            read_throttle_events_per_min: at(&d.read_throttle_events_per_min, i),
            write_throttle_events_per_min: at(&d.write_throttle_events_per_min, i),
            read_burst_s: at(&d.read_burst_s, i),
            write_burst_s: at(&d.write_burst_s, i),
            partitions: at(&d.partitions, i),
        };
        let aurora = AuroraStep {
            offered_rps: at(&a.offered_rps, i),
            served_rps: at(&a.served_rps, i),
            failed_rps: at(&a.failed_rps, i),
            p50_ms: at(&a.p50_ms, i),
            p99_ms: at(&a.p99_ms, i),
            writer_acu: at(&a.writer_acu, i),
            reader_acu: at(&a.reader_acu, i),
            writer_needed_acu: at(&a.writer_needed_acu, i),
            writer_utilisation: at(&a.writer_utilisation, i),
            rejected_per_min: at(&a.rejected_per_min, i),
        };
        let ledger = |lost: &std::collections::BTreeMap<LossCause, Vec<f64>>| {
            let mut l = Ledger::default();
            for (&c, v) in lost {
                l.add(c, v.get(i).copied().unwrap_or(0.0));
            }
            l
        };
        let cost = |v: &Vec<f64>| v.get(i).copied().unwrap_or(0.0);
        row(&mut out, t, length, &dynamo, &ledger(&d.lost_rps), cost(&d.cost_usd), &aurora, &ledger(&a.lost_rps), cost(&a.cost_usd));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{presets, sim};

    #[test]
    fn one_row_per_step_every_cell_a_number_and_the_ledger_adds_up() {
        let s = presets::find("flash-sale").unwrap().scenario();
        let mut csv = StepCsv::default();
        let mut engine = sim::Engine::new(&s);
        engine.advance_with(usize::MAX, &mut |r| csv.push(r));
        let text = csv.take();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let rows: Vec<Vec<f64>> = lines.map(|l| l.split(',').map(|c| c.parse::<f64>().expect(l)).collect()).collect();
        assert_eq!(rows.len(), engine.total_steps());
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        for prefix in ["ddb", "aurora"] {
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
    }
}
