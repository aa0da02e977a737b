//! `scalelab steady` and `scalelab steady-sweep`: both databases at a steady request rate
//! (capacity sized for it, no time simulation), one row per rate.

use crate::cli::SteadyFormat;
use crate::text::{csv_rows, to_json};
use scalelab::format;
use scalelab::model::compare::Comparison;
use scalelab::model::scenario::Scenario;
use scalelab::report::csv_num;

/// The steady state at the workload's rate.
pub fn one(s: &Scenario, format: SteadyFormat) -> Result<String, String> {
    let c = s.compare();
    match format {
        SteadyFormat::Json => to_json(&c),
        SteadyFormat::Csv => csv(std::slice::from_ref(&c)),
        SteadyFormat::Table => Ok(table(std::slice::from_ref(&c))),
    }
}

/// The steady state at `points` rates from 1 to 10,000,000 req/s.
pub fn sweep(s: &Scenario, points: usize, format: SteadyFormat) -> Result<String, String> {
    let rows = s.sweep(points);
    match format {
        SteadyFormat::Json => to_json(&rows),
        SteadyFormat::Csv => csv(&rows),
        SteadyFormat::Table => Ok(table(&rows)),
    }
}

/// Aurora's ACU in all instances: the writer and every reader.
fn total_acu(c: &Comparison) -> f64 {
    let a = &c.aurora;
    a.writer.acu
        + a.reader
            .as_ref()
            .map_or(0.0, |r| r.acu * f64::from(a.readers))
}

fn table(rows: &[Comparison]) -> String {
    let mut out = format!(
        "{:>10} | {:>10} {:>10} {:>9} {:>9} {:>9} | {:>10} {:>7} {:>9} {:>9} {:>8}\n",
        "req/s",
        "DDB OD $/mo",
        "prov $/mo",
        "p99",
        "throttled",
        "partitions",
        "Aurora $/mo",
        "ACU",
        "p99",
        "failed",
        "cache hit"
    );
    let with_dsql = rows.iter().any(|c| c.dsql.is_some());
    if with_dsql {
        out.pop();
        out.push_str(&format!(" | {:>10} {:>9} {:>9} {:>9}\n", "DSQL $/mo", "DPU/s", "p99", "failed"));
    }
    for c in rows {
        let (d, a) = (&c.dynamodb, &c.aurora);
        out.push_str(&format!(
            "{:>10} | {:>11} {:>10} {:>9} {:>9} {:>10} | {:>11} {:>7} {:>9} {:>9} {:>8}\n",
            format::si(c.requests_per_s),
            format::usd(d.cost.on_demand_total_usd()),
            format::usd(d.cost.provisioned_total_usd()),
            format::ms(d.p99_ms),
            format::percent(d.failed_share),
            format::si(d.partitions),
            format::usd(a.cost.total_usd()),
            format::si(total_acu(c)),
            format::ms(a.p99_ms),
            format::percent(a.failed_share),
            format::percent(a.writer.cache_hit_ratio),
        ));
        if let Some(q) = &c.dsql {
            out.pop();
            out.push_str(&format!(
                " | {:>10} {:>9} {:>9} {:>9}\n",
                format::usd(q.cost.total_usd()),
                format::si(q.dpu_per_s.total()),
                format::ms(q.p99_ms),
                format::percent(q.failed_share)
            ));
        }
    }
    out.trim_end().to_string()
}

const CSV_HEADER: [&str; 11] = [
    "requests_per_s",
    "ddb_on_demand_monthly_usd",
    "ddb_provisioned_monthly_usd",
    "ddb_p99_ms",
    "ddb_failed_share",
    "ddb_partitions",
    "aurora_monthly_usd",
    "aurora_total_acu",
    "aurora_p99_ms",
    "aurora_failed_share",
    "aurora_writer_cache_hit_ratio",
];

/// DSQL's columns, when the scenario names it.
const DSQL_CSV_HEADER: [&str; 4] = ["dsql_monthly_usd", "dsql_dpu_per_s", "dsql_p99_ms", "dsql_failed_share"];

/// The table's columns as plain numbers, one row per rate.
fn csv(rows: &[Comparison]) -> Result<String, String> {
    let with_dsql = rows.iter().any(|c| c.dsql.is_some());
    let mut header = CSV_HEADER.map(String::from).to_vec();
    if with_dsql {
        header.extend(DSQL_CSV_HEADER.map(String::from));
    }
    let mut out = vec![header];
    for c in rows {
        let (d, a) = (&c.dynamodb, &c.aurora);
        let mut row: Vec<String> =
            [
                c.requests_per_s,
                d.cost.on_demand_total_usd(),
                d.cost.provisioned_total_usd(),
                d.p99_ms,
                d.failed_share,
                d.partitions,
                a.cost.total_usd(),
                total_acu(c),
                a.p99_ms,
                a.failed_share,
                a.writer.cache_hit_ratio,
            ]
            .map(csv_num)
            .to_vec();
        if let Some(q) = &c.dsql {
            row.extend([q.cost.total_usd(), q.dpu_per_s.total(), q.p99_ms, q.failed_share].map(csv_num));
        }
        out.push(row);
    }
    csv_rows(&out)
}
