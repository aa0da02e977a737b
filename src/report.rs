//! Results as files, shared by the CLI (`scalelab run --format csv`) and the page's
//! "Results CSV" download so both write the same bytes for the same run.

use crate::model::sim::SimRun;

const RUN_CSV_HEADER: &str = "t_s,ddb_offered_rps,ddb_served_rps,ddb_throttled_rps,ddb_p50_ms,ddb_p99_ms,\
ddb_read_capacity_units,ddb_write_capacity_units,ddb_consumed_read_units,ddb_consumed_write_units,\
ddb_read_throttle_events_per_min,ddb_write_throttle_events_per_min,ddb_cost_usd,\
aurora_offered_rps,aurora_served_rps,aurora_failed_rps,aurora_p50_ms,aurora_p99_ms,aurora_writer_acu,\
aurora_reader_acu,aurora_writer_utilisation,aurora_cost_usd";

/// A plain number for CSV: the shortest form that reads back exactly; empty if not finite.
pub fn csv_num(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

/// One row per step, both databases, with a header line.
pub fn run_csv(run: &SimRun) -> String {
    let (d, a) = (&run.dynamodb, &run.aurora);
    let columns: [&Vec<f64>; 21] = [
        &d.offered_rps,
        &d.served_rps,
        &d.throttled_rps,
        &d.p50_ms,
        &d.p99_ms,
        &d.read_capacity_units,
        &d.write_capacity_units,
        &d.consumed_read_units,
        &d.consumed_write_units,
        &d.read_throttle_events_per_min,
        &d.write_throttle_events_per_min,
        &d.cost_usd,
        &a.offered_rps,
        &a.served_rps,
        &a.failed_rps,
        &a.p50_ms,
        &a.p99_ms,
        &a.writer_acu,
        &a.reader_acu,
        &a.writer_utilisation,
        &a.cost_usd,
    ];
    let mut out = String::from(RUN_CSV_HEADER);
    for (i, t) in run.t_s.iter().enumerate() {
        out.push('\n');
        out.push_str(&csv_num(*t));
        for column in columns {
            out.push(',');
            out.push_str(&csv_num(column.get(i).copied().unwrap_or(f64::NAN)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{presets, sim};

    #[test]
    fn one_row_per_step_and_every_cell_a_number() {
        let run = sim::run(&presets::find("flash-sale").unwrap().scenario());
        let csv = run_csv(&run);
        let mut lines = csv.lines();
        let header = lines.next().unwrap();
        let width = header.split(',').count();
        assert_eq!(width, 22);
        let rows: Vec<&str> = lines.collect();
        assert_eq!(rows.len(), run.t_s.len());
        for row in rows {
            let cells: Vec<&str> = row.split(',').collect();
            assert_eq!(cells.len(), width);
            assert!(cells.iter().all(|c| c.parse::<f64>().is_ok()), "{row}");
        }
    }
}
