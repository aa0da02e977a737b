//! `scalelab sweep`: simulate once per value of one scenario field (a dotted path into the
//! scenario JSON), and tabulate each database's summary per value.

use crate::cli::SweepFormat;
use crate::load::Loaded;
use crate::text::{csv_rows, plain, to_json};
use scalelab::format;
use scalelab::model::input::{describe, excerpt, shown};
use scalelab::model::scenario::Scenario;
use scalelab::model::sim::{self, Summary};
use scalelab::report::csv_num;
use serde_json::Value;

/// One sweep value and what each database did.
#[derive(serde::Serialize)]
struct SweepPoint {
    value: f64,
    dynamodb: Summary,
    aurora: Summary,
}

#[derive(serde::Serialize)]
struct SweepOutput<'a> {
    param: &'a str,
    points: Vec<SweepPoint>,
}

pub fn output(
    l: &Loaded,
    path: &str,
    from: f64,
    to: f64,
    steps: usize,
    format: SweepFormat,
) -> Result<String, String> {
    let base = serde_json::to_value(&l.scenario)
        .map_err(|e| format!("cannot write the scenario as JSON: {e}"))?;
    let shown_path = excerpt(path);
    // Build and check every scenario before simulating any.
    let mut scenarios = Vec::with_capacity(steps);
    for i in 0..steps {
        let value = if i + 1 == steps {
            to
        } else {
            from + (to - from) * i as f64 / (steps - 1) as f64
        };
        let mut json = base.clone();
        set_number(&mut json, path, value)?;
        let s = Scenario::from_value(json)
            .map_err(|e| format!("--param {shown_path} = {}: {e}", shown(value)))?;
        s.validate().map_err(|e| {
            format!(
                "sweep value {} for {shown_path} is rejected: {e}",
                shown(value)
            )
        })?;
        scenarios.push((value, s));
    }
    let points: Vec<SweepPoint> = scenarios
        .iter()
        .map(|(value, s)| {
            let run = sim::run(s);
            SweepPoint {
                value: *value,
                dynamodb: run.dynamodb_summary,
                aurora: run.aurora_summary,
            }
        })
        .collect();
    match format {
        SweepFormat::Json => to_json(&SweepOutput {
            param: path,
            points,
        }),
        SweepFormat::Csv => csv(path, &points),
        SweepFormat::Table => Ok(table(path, &points)),
    }
}

/// Set the number at the dotted `path` (object fields, or array indices) to `value`.
fn set_number(root: &mut Value, path: &str, value: f64) -> Result<(), String> {
    let shown_path = excerpt(path);
    if path.is_empty() {
        return Err("--param needs a dotted path such as workload.requests_per_s".into());
    }
    let mut cur = root;
    let mut walked = String::new();
    for seg in path.split('.') {
        if seg.is_empty() {
            return Err(format!(
                "--param {shown_path:?} has an empty part: paths look like workload.requests_per_s"
            ));
        }
        let parent = if walked.is_empty() {
            "the scenario".to_string()
        } else {
            walked.clone()
        };
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(&excerpt(seg));
        cur = match cur {
            Value::Object(fields) => {
                let names = fields.keys().cloned().collect::<Vec<_>>().join(", ");
                fields.get_mut(seg).ok_or_else(|| {
                    let missing = if walked == shown_path {
                        format!("--param {shown_path}")
                    } else {
                        format!("--param {shown_path}: {walked}")
                    };
                    format!("{missing} does not exist in this scenario ({parent} has: {names})")
                })?
            }
            Value::Array(items) => {
                let n = items.len();
                seg.parse::<usize>().ok().and_then(|k| items.get_mut(k)).ok_or_else(|| {
                    format!(
                        "--param {shown_path}: {walked} does not exist ({parent} is a list of {n}: use an index 0 to {})",
                        n.saturating_sub(1)
                    )
                })?
            }
            other => {
                return Err(format!(
                "--param {shown_path}: {walked} does not exist ({parent} is {}, with no fields)",
                describe(other)
            ))
            }
        };
    }
    match cur {
        Value::Number(n) if n.is_f64() => {
            *cur = serde_json::Number::from_f64(value)
                .map(Value::Number)
                .ok_or_else(|| format!("--param {shown_path}: {value} is not a finite number"))?;
            Ok(())
        }
        Value::Number(_) => {
            // An integer field (a count or a seed): only whole values fit.
            if value.fract() != 0.0 || value.abs() > 9.0e15 {
                return Err(format!("--param {shown_path} is a whole number, and the sweep value {} is not: choose --from, --to and --steps that give whole values", shown(value)));
            }
            *cur = if value < 0.0 {
                Value::from(value as i64)
            } else {
                Value::from(value as u64)
            };
            Ok(())
        }
        other => Err(format!(
            "--param {shown_path} is {}, not a number: only numbers can be swept",
            describe(other)
        )),
    }
}

fn table(path: &str, points: &[SweepPoint]) -> String {
    let head = [
        excerpt(path),
        "DDB $/mo".into(),
        "failed".into(),
        "min failing".into(),
        "worst p99".into(),
        "peak units/s".into(),
        "Aurora $/mo".into(),
        "failed".into(),
        "min failing".into(),
        "worst p99".into(),
        "peak ACU".into(),
    ];
    let mut rows = vec![head];
    for p in points {
        let (d, a) = (&p.dynamodb, &p.aurora);
        rows.push([
            plain(p.value),
            format::usd(d.monthly_cost_usd),
            format::percent(d.failed_share()),
            format::si(d.minutes_failing),
            format::ms(d.worst_p99_ms),
            format::si(d.peak_capacity),
            format::usd(a.monthly_cost_usd),
            format::percent(a.failed_share()),
            format::si(a.minutes_failing),
            format::ms(a.worst_p99_ms),
            format::si(a.peak_capacity),
        ]);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        let cell = |c: usize| format!("{:>w$}", r[c], w = widths[c]);
        let ddb = (1..=5).map(cell).collect::<Vec<_>>().join("  ");
        let aurora = (6..=10).map(cell).collect::<Vec<_>>().join("  ");
        out.push_str(&format!("{} | {ddb} | {aurora}\n", cell(0)));
    }
    out.trim_end().to_string()
}

const CSV_HEADER: [&str; 10] = [
    "ddb_monthly_cost_usd",
    "ddb_failed_share",
    "ddb_minutes_failing",
    "ddb_worst_p99_ms",
    "ddb_peak_capacity_units",
    "aurora_monthly_cost_usd",
    "aurora_failed_share",
    "aurora_minutes_failing",
    "aurora_worst_p99_ms",
    "aurora_peak_writer_acu",
];

fn csv(path: &str, points: &[SweepPoint]) -> Result<String, String> {
    let mut rows = vec![std::iter::once(path.to_string())
        .chain(CSV_HEADER.map(String::from))
        .collect::<Vec<_>>()];
    for p in points {
        let mut cells = vec![csv_num(p.value)];
        for s in [&p.dynamodb, &p.aurora] {
            cells.extend(
                [
                    s.monthly_cost_usd,
                    s.failed_share(),
                    s.minutes_failing,
                    s.worst_p99_ms,
                    s.peak_capacity,
                ]
                .map(csv_num),
            );
        }
        rows.push(cells);
    }
    csv_rows(&rows)
}
