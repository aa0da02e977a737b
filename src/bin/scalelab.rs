//! `scalelab`: the Scale Lab model on the command line. Scenario JSON in, results as a
//! table or JSON out. Bad input prints one message naming the problem and exits with
//! code 2; it never panics.

use scalelab::format;
use scalelab::model::facts;
use scalelab::model::scenario::{Comparison, Scenario};
use std::process::ExitCode;

const USAGE: &str = "\
scalelab: DynamoDB and Aurora Serverless v2 side by side as a workload scales

USAGE:
    scalelab run [SCENARIO.json] [--format table|json]
        Evaluate a scenario (default scenario when no file is given).
    scalelab sweep [SCENARIO.json] [--points N] [--format table|json]
        Evaluate the scenario at N request rates from 1 to 10,000,000 req/s (default 13).
    scalelab facts
        List the documented AWS constants the model uses, with sources.
    scalelab --help

A scenario file holds any of: version, workload, aurora, prices, estimates; missing
fields take their defaults (`scalelab run --format json` shows them all).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("scalelab: {msg}");
            ExitCode::from(2)
        }
    }
}

#[derive(PartialEq)]
enum Format {
    Table,
    Json,
}

struct Options {
    file: Option<String>,
    format: Format,
    points: usize,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options { file: None, format: Format::Table, points: 13 };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" => {
                o.format = match it.next().map(String::as_str) {
                    Some("table") => Format::Table,
                    Some("json") => Format::Json,
                    other => return Err(format!("--format takes table or json, not {other:?}")),
                }
            }
            "--points" => {
                let v = it.next().ok_or("--points needs a number")?;
                o.points = v
                    .parse()
                    .ok()
                    .filter(|n| (2..=1000).contains(n))
                    .ok_or_else(|| format!("--points {v} must be a whole number from 2 to 1000"))?;
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}\n\n{USAGE}")),
            path if o.file.is_none() => o.file = Some(path.to_string()),
            extra => return Err(format!("unexpected argument {extra}")),
        }
    }
    Ok(o)
}

fn load(file: &Option<String>) -> Result<Scenario, String> {
    match file {
        None => Ok(Scenario::default()),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            Scenario::from_json(&text).map_err(|e| format!("{path}: {e}"))
        }
    }
}

fn run(args: &[String]) -> Result<String, String> {
    let (cmd, rest) = args.split_first().ok_or_else(|| USAGE.to_string())?;
    if rest.iter().any(|a| a == "--help" || a == "-h") || cmd == "--help" || cmd == "-h" || cmd == "help" {
        return Ok(USAGE.to_string());
    }
    match cmd.as_str() {
        "run" => {
            let o = parse(rest)?;
            let c = load(&o.file)?.compare();
            Ok(match o.format {
                Format::Json => to_json(&c)?,
                Format::Table => table(std::slice::from_ref(&c)),
            })
        }
        "sweep" => {
            let o = parse(rest)?;
            let rows = load(&o.file)?.sweep(o.points);
            Ok(match o.format {
                Format::Json => to_json(&rows)?,
                Format::Table => table(&rows),
            })
        }
        "facts" => Ok(facts::table()
            .iter()
            .map(|f| format!("{:<30} {:>12} {:<16} {:<9} {}", f.id, format::si(f.value), f.unit, f.grade.label(), f.source))
            .collect::<Vec<_>>()
            .join("\n")),
        other => Err(format!("unknown command {other}\n\n{USAGE}")),
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, String> {
    serde_json::to_string_pretty(v).map_err(|e| e.to_string())
}

fn table(rows: &[Comparison]) -> String {
    let mut out = format!(
        "{:>10} | {:>10} {:>10} {:>9} {:>9} {:>9} | {:>10} {:>7} {:>9} {:>9} {:>8}\n",
        "req/s", "DDB OD $/mo", "prov $/mo", "p99", "throttled", "partitions",
        "Aurora $/mo", "ACU", "p99", "failed", "cache hit"
    );
    for c in rows {
        let (d, a) = (&c.dynamodb, &c.aurora);
        let acu = a.writer.acu + a.reader.as_ref().map_or(0.0, |r| r.acu * f64::from(a.readers));
        out.push_str(&format!(
            "{:>10} | {:>11} {:>10} {:>9} {:>9} {:>10} | {:>11} {:>7} {:>9} {:>9} {:>8}\n",
            format::si(c.requests_per_s),
            format::usd(d.cost.on_demand_total_usd()),
            format::usd(d.cost.provisioned_total_usd()),
            format::ms(d.p99_ms),
            format::percent(d.throttled_share),
            format::si(d.partitions),
            format::usd(a.cost.total_usd()),
            format::si(acu),
            format::ms(a.p99_ms),
            format::percent(a.failed_share),
            format::percent(a.writer.cache_hit_ratio),
        ));
    }
    out.trim_end().to_string()
}
