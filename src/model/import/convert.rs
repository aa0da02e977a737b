//! From what a file holds to an [`ImportedTrace`]: a CSV trace's rows as they are, or
//! CloudWatch metrics turned into requests per second.
//!
//! Conventions (each stated in the trace's notes when it applies):
//!
//! * A CSV row's rate holds until the next row (a count per interval); the resolution is
//!   the rows' usual spacing, and longer intervals are counted in the notes.
//! * A `Sum` per period is divided by the period (per second); an `Average` of a
//!   per-second metric is already per second ([`super::metric`]).
//! * DynamoDB's consumed capacity becomes requests with the units per request the
//!   scenario implies ([`ImportSettings`]); its `SampleCount` is requests already. It
//!   counts only what was served: when `ReadThrottleEvents` / `WriteThrottleEvents` are in
//!   the file, each period's events ÷ the SDK's attempts per request are added back as
//!   requests that failed (every throttled request retried to the end, as in the sustained
//!   overload that makes a throttled table worth importing).
//!   Aurora's `SelectThroughput` is reads/s, `CommitThroughput` writes/s, `Queries`
//!   requests/s split with the workload's read share.
//! * Gaps: a period with no datapoint of a DynamoDB count is zero (DynamoDB publishes only
//!   non-zero values). For Aurora's rates, a gap of up to [`MAX_HELD_GAP_S`] (15 min) holds
//!   the last value (CloudWatch missed a datapoint; the database did not stop), and a longer
//!   one is taken as no traffic (a stopped or paused instance publishes nothing). Recorded
//!   series keep their gaps.

use super::metric::{Kind, Metric, RecordedUnit, Statistic};
use super::recorded::{Recorded, RecordedSeries};
use super::time;
use super::trace::ImportedTrace;
use super::{ImportFormat, ImportSettings, MAX_HELD_GAP_S, MAX_ROWS, MAX_TIMESTAMP_SPAN_S};
use crate::format;
use std::collections::BTreeMap;

/// A CSV trace's rows, times as written (seconds, or seconds since 1970 when `zoned` is
/// set: `Some(false)` when a time had no zone).
#[derive(Debug, Default)]
pub(crate) struct PlainRows {
    pub times: Vec<f64>,
    pub totals: Vec<f64>,
    /// Reads per second per row, when the file gave reads or writes.
    pub reads: Vec<f64>,
    pub split: bool,
    pub zoned: Option<bool>,
    pub headerless: bool,
    pub notes: Vec<String>,
}

/// One metric as a file gave it: absolute times (seconds since 1970), values as published.
#[derive(Debug)]
pub(crate) struct SourceSeries {
    pub metric: Metric,
    pub statistic: Statistic,
    /// Whether the label or heading named the statistic (else the usual one is assumed).
    pub statistic_named: bool,
    /// What the file called it, quoted, and where it is (`MetricDataResults[2]`, `column 3`).
    pub label: String,
    pub at: String,
    pub points: Vec<(f64, f64)>,
}

/// A CSV trace as an imported trace.
pub(crate) fn from_plain(name: &str, rows: PlainRows, settings: &ImportSettings) -> ImportedTrace {
    let PlainRows { times, totals, reads, split, zoned, headerless, notes: file_notes } = rows;
    let n = times.len();
    let start_unix = zoned.and_then(|_| times.first().copied());
    let base = start_unix.unwrap_or(0.0);
    let t: Vec<f64> = times.iter().map(|&x| x - base).collect();
    // The usual spacing: the commonest, to the millisecond (the smallest among equals).
    let mut spacings: BTreeMap<i64, usize> = BTreeMap::new();
    for w in t.windows(2) {
        *spacings.entry(((w[1] - w[0]) * 1000.0).round() as i64).or_default() += 1;
    }
    let resolution_s = spacings
        .iter()
        .fold(None, |best: Option<(i64, usize)>, (&ms, &count)| match best {
            Some((_, c)) if c >= count => best,
            _ => Some((ms, count)),
        })
        .map_or(60.0, |(ms, _)| (ms as f64 / 1000.0).max(0.001));
    let (longer, beyond) = t.windows(2).map(|w| w[1] - w[0] - resolution_s).filter(|&d| d > 1e-6).fold((0usize, 0.0), |(k, s), d| (k + 1, s + d));
    let end_s = t.last().map_or(0.0, |&last| last + resolution_s);
    let mut notes = vec![format!(
        "CSV trace: {} rows{}, one every {}; each row's rate holds until the next row (a count per interval).",
        format::si(n as f64),
        if headerless { " of t_s,requests_per_s" } else { "" },
        format::duration(resolution_s)
    )];
    if n == 1 {
        notes.push("One row: taken to last 60 s.".into());
    }
    if longer > 0 {
        notes.push(format!(
            "{longer} interval{} longer than the usual {} ({} beyond it in all): each row's rate holds until the next row.",
            plural(longer),
            format::duration(resolution_s),
            format::duration(beyond)
        ));
    }
    if zoned == Some(false) {
        notes.push("Some times have no zone: taken as UTC.".into());
    }
    let read_shares = split.then(|| {
        let mut previous = settings.read_share;
        totals
            .iter()
            .zip(&reads)
            .map(|(&total, &r)| {
                if total > 0.0 {
                    previous = (r / total).clamp(0.0, 1.0);
                }
                previous
            })
            .collect::<Vec<f64>>()
    });
    notes.push(if split {
        "Reads and writes from their own columns: each point has its own read share.".to_string()
    } else {
        format!("One rate column: reads and writes split with the scenario's read share ({}).", format::percent(settings.read_share))
    });
    notes.extend(file_notes);
    let start_utc = start_unix.map(time::format_utc);
    ImportedTrace {
        name: name.to_string(),
        format: ImportFormat::Csv,
        start_unix_s: start_unix,
        start_utc: start_utc.clone(),
        resolution_s,
        points: t.into_iter().zip(totals).collect(),
        read_shares,
        end_s,
        recorded: Recorded { start_utc, series: Vec::new() },
        notes,
    }
}

/// A series ready to use: its period and the unit it is kept in.
struct Prepared {
    src: SourceSeries,
    period_s: f64,
    unit: RecordedUnit,
}

impl Prepared {
    fn end(&self) -> f64 {
        self.src.points.last().map_or(f64::NEG_INFINITY, |&(t, _)| t + self.period_s)
    }
}

/// One part of the traffic: a series and what divides its kept value into requests/s,
/// and for DynamoDB's consumed capacity (what was served) the throttle events whose
/// requests failed, added back.
struct Component<'a> {
    p: &'a Prepared,
    per_request: f64,
    what: &'static str,
    throttled: Option<&'a Prepared>,
}

/// CloudWatch metrics (from get-metric-data's JSON or the console's CSV) as a trace.
pub(crate) fn from_metrics(
    name: &str,
    format: ImportFormat,
    series: Vec<SourceSeries>,
    mut notes: Vec<String>,
    settings: &ImportSettings,
) -> Result<ImportedTrace, String> {
    let prepared = prepare(series, &mut notes)?;
    let t0 = prepared.iter().filter_map(|p| p.src.points.first()).map(|&(t, _)| t).fold(f64::INFINITY, f64::min);
    let t_end = prepared.iter().map(Prepared::end).fold(f64::NEG_INFINITY, f64::max);
    if !t0.is_finite() || !t_end.is_finite() {
        return Err("the file has no datapoints: every metric's list is empty (check the time range and the table or cluster named in the query)".into());
    }
    if t_end - t0 > MAX_TIMESTAMP_SPAN_S {
        return Err(format!(
            "the datapoints span {}, more than the 455 days an import reads (CloudWatch's retention)",
            format::duration(t_end - t0)
        ));
    }
    let (components, total_only) = plan(&prepared, settings)?;
    let resolution_s = components.iter().map(|c| c.p.period_s).fold(f64::INFINITY, f64::min);
    let cells = (((t_end - t0) / resolution_s) - 1e-9).ceil().max(1.0);
    if cells > MAX_ROWS as f64 {
        return Err(format!(
            "the datapoints span {} at {} periods: more than {MAX_ROWS} points, the most an import reads: export a longer period",
            format::duration(t_end - t0),
            format::duration(resolution_s)
        ));
    }
    let cells = cells as usize;
    notes.insert(
        0,
        format!(
            "CloudWatch metrics from {} to {}: {}.",
            time::format_utc(t0),
            time::format_utc(t_end),
            prepared.iter().map(|p| format!("{} {}", p.src.metric.name(), p.src.statistic.name())).collect::<Vec<_>>().join(", ")
        ),
    );
    let mut values = Vec::with_capacity(components.len());
    for c in &components {
        notes.push(conversion_note(c, settings, total_only));
        values.push(fill(c, t0, resolution_s, cells, settings.attempts_per_request, &mut notes));
    }
    let mut points = Vec::with_capacity(cells);
    let mut shares = Vec::with_capacity(if total_only { 0 } else { cells });
    let mut previous_share = settings.read_share;
    let none = Vec::new();
    let (first, second) = (values.first().unwrap_or(&none), values.get(1).unwrap_or(&none));
    for (k, &r) in first.iter().enumerate() {
        let t = k as f64 * resolution_s;
        if total_only {
            points.push((t, r));
        } else {
            let w = second.get(k).copied().unwrap_or(0.0);
            let total = r + w;
            if total > 0.0 {
                previous_share = (r / total).clamp(0.0, 1.0);
            }
            points.push((t, total));
            shares.push(previous_share);
        }
    }
    notes.push(format!(
        "Recorded beside the traffic, gaps kept: {}.",
        prepared
            .iter()
            .map(|p| format!("{} {} per {} (as {})", p.src.metric.name(), p.src.statistic.name(), format::duration(p.period_s), p.unit.label()))
            .collect::<Vec<_>>()
            .join("; ")
    ));
    let start_utc = Some(time::format_utc(t0));
    let mut recorded: Vec<RecordedSeries> = prepared
        .iter()
        .map(|p| RecordedSeries {
            metric: p.src.metric,
            statistic: p.src.statistic,
            period_s: p.period_s,
            unit: p.unit,
            points: p.src.points.iter().map(|&(t, v)| (t - t0, p.src.metric.normalised(p.src.statistic, v, p.period_s))).collect(),
        })
        .collect();
    recorded.sort_by_key(|s| (s.metric, s.statistic));
    Ok(ImportedTrace {
        name: name.to_string(),
        format,
        start_unix_s: Some(t0),
        start_utc: start_utc.clone(),
        resolution_s,
        points,
        read_shares: (!total_only).then_some(shares),
        end_s: cells as f64 * resolution_s,
        recorded: Recorded { start_utc, series: recorded },
        notes,
    })
}

/// Each series' period (its timestamps' spacing) and kept unit; a statistic that cannot be
/// used is an error for a metric traffic comes from, a note for the rest.
fn prepare(series: Vec<SourceSeries>, notes: &mut Vec<String>) -> Result<Vec<Prepared>, String> {
    let spacing = |s: &SourceSeries| s.points.windows(2).map(|w| w[1].0 - w[0].0).filter(|&d| d > 0.0).fold(None, |m: Option<f64>, d| Some(m.map_or(d, |m| m.min(d))));
    let shortest = series.iter().filter_map(spacing).fold(None, |m: Option<f64>, d| Some(m.map_or(d, |m| m.min(d))));
    let mut out = Vec::with_capacity(series.len());
    let mut assumed = Vec::new();
    for src in series {
        let unit = match src.metric.unit_for(src.statistic) {
            Ok(unit) => unit,
            Err(e) if is_traffic_metric(src.metric) => return Err(format!("{} ({}): {e}", src.at, src.label)),
            Err(e) => {
                notes.push(format!("{} ({}) not read: {e}.", src.at, src.label));
                continue;
            }
        };
        if !src.statistic_named {
            assumed.push(format!("{} as {}", src.label, src.statistic.name()));
        }
        let period_s = match spacing(&src) {
            Some(p) => p,
            None => {
                let p = shortest.unwrap_or(60.0);
                if !src.points.is_empty() {
                    notes.push(format!("{} has one datapoint: its period taken as {}.", src.label, format::duration(p)));
                }
                p
            }
        };
        if !(1.0..=86_400.0).contains(&period_s) {
            return Err(format!(
                "{} ({}): its datapoints are {} apart: expected a period of 1 s to 1 day",
                src.at,
                src.label,
                format::duration(period_s)
            ));
        }
        out.push(Prepared { src, period_s, unit });
    }
    if !assumed.is_empty() {
        notes.push(format!(
            "No statistic named, so each read as its metric's usual (Sum for DynamoDB's counts, Average for the rest; a word in the label says otherwise): {}.",
            assumed.join(", ")
        ));
    }
    Ok(out)
}

fn is_traffic_metric(m: Metric) -> bool {
    matches!(
        m,
        Metric::ConsumedReadCapacityUnits | Metric::ConsumedWriteCapacityUnits | Metric::CommitThroughput | Metric::SelectThroughput | Metric::Queries
    )
}

/// Which series the traffic comes from: DynamoDB's consumed reads and writes, else Aurora's
/// selects and commits, else Aurora's queries (a total). `true` with a total alone.
fn plan<'a>(prepared: &'a [Prepared], settings: &ImportSettings) -> Result<(Vec<Component<'a>>, bool), String> {
    let get = |m: Metric, stats: &[Statistic]| stats.iter().find_map(|&s| prepared.iter().find(|p| p.src.metric == m && p.src.statistic == s));
    let consumed = [Statistic::SampleCount, Statistic::Sum];
    let (cr, cw) = (get(Metric::ConsumedReadCapacityUnits, &consumed), get(Metric::ConsumedWriteCapacityUnits, &consumed));
    let per = |p: &Prepared, units: f64| if p.src.statistic == Statistic::Sum { units } else { 1.0 };
    let throttles = |m: Metric| get(m, &[Statistic::Sum]);
    match (cr, cw) {
        (Some(r), Some(w)) => {
            return Ok((
                vec![
                    Component { p: r, per_request: per(r, settings.read_units_per_read), what: "reads/s", throttled: throttles(Metric::ReadThrottleEvents) },
                    Component { p: w, per_request: per(w, settings.write_units_per_write), what: "writes/s", throttled: throttles(Metric::WriteThrottleEvents) },
                ],
                false,
            ))
        }
        (Some(one), None) | (None, Some(one)) => {
            let missing = if one.src.metric == Metric::ConsumedReadCapacityUnits { "ConsumedWriteCapacityUnits" } else { "ConsumedReadCapacityUnits" };
            return Err(format!(
                "the file has {} but not {missing}: export both (a table with no writes or no reads in the range still returns the query, with no datapoints, read as zero)",
                one.src.metric.name()
            ));
        }
        (None, None) => {}
    }
    let average = [Statistic::Average];
    let (select, commit) = (get(Metric::SelectThroughput, &average), get(Metric::CommitThroughput, &average));
    let queries = get(Metric::Queries, &average);
    match (select, commit, queries) {
        (Some(r), Some(w), _) => Ok((
            vec![
                Component { p: r, per_request: 1.0, what: "reads/s", throttled: None },
                Component { p: w, per_request: 1.0, what: "writes/s", throttled: None },
            ],
            false,
        )),
        (_, _, Some(q)) => Ok((vec![Component { p: q, per_request: 1.0, what: "requests/s", throttled: None }], true)),
        (Some(one), None, None) | (None, Some(one), None) => Err(format!(
            "the file has {} but not {}: export SelectThroughput and CommitThroughput (or Queries) as Average",
            one.src.metric.name(),
            if one.src.metric == Metric::SelectThroughput { "CommitThroughput" } else { "SelectThroughput" }
        )),
        (None, None, None) => {
            if let Some(p) = prepared.iter().find(|p| p.src.metric.kind() == Kind::Rate) {
                return Err(format!(
                    "{} ({}) is {} {}: traffic needs its Average (the operations per second)",
                    p.src.at,
                    p.src.label,
                    p.src.metric.name(),
                    p.src.statistic.name()
                ));
            }
            let found: Vec<&str> = prepared.iter().map(|p| p.src.metric.name()).collect();
            Err(format!(
                "the file has no metric traffic can come from: it needs ConsumedReadCapacityUnits and ConsumedWriteCapacityUnits (Sum, DynamoDB), or SelectThroughput and CommitThroughput, or Queries (Average, Aurora); it has {}",
                if found.is_empty() { "none this import reads".to_string() } else { found.join(", ") }
            ))
        }
    }
}

fn conversion_note(c: &Component, settings: &ImportSettings, total_only: bool) -> String {
    let (m, s, p) = (c.p.src.metric, c.p.src.statistic, c.p.period_s);
    let period = format::duration(p);
    match (m.kind(), s) {
        (Kind::Count, Statistic::Sum) => {
            let (unit, one) = if m == Metric::ConsumedReadCapacityUnits { ("RCU", "read") } else { ("WCU", "write") };
            format!(
                "{} Sum per {period} ÷ {} = {unit}/s; {} {unit} per {one} ({}) ⇒ {}.",
                m.name(),
                format::si(p),
                format::si(c.per_request),
                settings.basis,
                c.what
            )
        }
        (Kind::Count, _) => format!("{} SampleCount per {period} ÷ {} = {} (the requests that consumed capacity).", m.name(), format::si(p), c.what),
        _ if total_only => format!(
            "{} Average is already per second: {}, split with the scenario's read share ({}).",
            m.name(),
            c.what,
            format::percent(settings.read_share)
        ),
        _ if m == Metric::CommitThroughput => format!(
            "{} Average is already per second: taken as {} (it counts every committed transaction, read-only ones under autocommit included).",
            m.name(),
            c.what
        ),
        _ => format!("{} Average is already per second: {}.", m.name(), c.what),
    }
}

/// The component's requests/s in each cell: its datapoint covering the cell's start, else
/// the gap rule (DynamoDB counts: zero; Aurora rates: held up to 15 min, else zero).
fn fill(c: &Component, t0: f64, resolution_s: f64, cells: usize, attempts: f64, notes: &mut Vec<String>) -> Vec<f64> {
    let metric = c.p.src.metric;
    let found: Vec<Option<f64>> = on_grid(c.p, t0, resolution_s, cells).into_iter().map(|v| v.map(|v| v / c.per_request)).collect();
    let zero_gaps = metric.kind() == Kind::Count;
    let mut out = Vec::with_capacity(cells);
    let (mut held, mut held_s, mut zeroed, mut zeroed_s) = (0usize, 0.0, 0usize, 0.0);
    let mut k = 0;
    while k < cells {
        if let Some(v) = found[k] {
            out.push(v);
            k += 1;
            continue;
        }
        let run_end = (k..cells).find(|&i| found[i].is_some()).unwrap_or(cells);
        let length_s = (run_end - k) as f64 * resolution_s;
        let before = out.last().copied();
        let after = found.get(run_end).copied().flatten();
        let value = if zero_gaps || length_s > MAX_HELD_GAP_S + 1e-9 { None } else { before.or(after) };
        match value {
            Some(v) => {
                held += 1;
                held_s += length_s;
                out.extend(std::iter::repeat_n(v, run_end - k));
            }
            None => {
                zeroed += 1;
                zeroed_s += length_s;
                out.extend(std::iter::repeat_n(0.0, run_end - k));
            }
        }
        k = run_end;
    }
    if let Some(th) = c.throttled {
        // Throttle events per minute ÷ 60 ÷ attempts per request: the requests that failed
        // after every attempt, if each throttled request used them all (as in a sustained
        // overload, where an import of a throttled table matters).
        let events = on_grid(th, t0, resolution_s, cells);
        let (mut minutes, mut added) = (0.0, 0.0);
        for (v, e) in out.iter_mut().zip(events) {
            if let Some(e) = e.filter(|&e| e > 0.0) {
                let failed = e / 60.0 / attempts;
                *v += failed;
                added += failed * resolution_s;
                minutes += resolution_s / 60.0;
            }
        }
        if added > 0.0 {
            notes.push(format!(
                "{} counts only what was served: {} ÷ {} attempts a request (estimates.sdk_max_attempts) added back as {} that failed, {} in {} with throttling.",
                metric.name(),
                th.src.metric.name(),
                format::si(attempts),
                c.what.trim_end_matches("/s"),
                format::si(added),
                format::duration(minutes * 60.0)
            ));
        }
    }
    if zero_gaps && zeroed > 0 {
        notes.push(format!(
            "{}: {zeroed} stretch{} without a datapoint ({} in all) taken as zero: DynamoDB publishes a metric only when it is not zero.",
            metric.name(),
            if zeroed == 1 { "" } else { "es" },
            format::duration(zeroed_s)
        ));
    } else {
        if held > 0 {
            notes.push(format!(
                "{}: {held} gap{} ({} in all) held at the last value.",
                metric.name(),
                plural(held),
                format::duration(held_s)
            ));
        }
        if zeroed > 0 {
            notes.push(format!(
                "{}: {zeroed} gap{} longer than 15 min ({} in all) taken as no traffic (a stopped or paused instance publishes nothing); choose a window that avoids {} if the database was running.",
                metric.name(),
                plural(zeroed),
                format::duration(zeroed_s),
                if zeroed == 1 { "it" } else { "them" }
            ));
        }
    }
    out
}

/// A series' kept values on the grid: the datapoint whose period covers each cell's start.
fn on_grid(p: &Prepared, t0: f64, resolution_s: f64, cells: usize) -> Vec<Option<f64>> {
    let (points, period) = (&p.src.points, p.period_s);
    let (metric, statistic) = (p.src.metric, p.src.statistic);
    let mut out = Vec::with_capacity(cells);
    let mut j = 0;
    for k in 0..cells {
        let start = t0 + k as f64 * resolution_s;
        while j < points.len() && points[j].0 + period <= start + 1e-9 {
            j += 1;
        }
        out.push(match points.get(j) {
            Some(&(t, v)) if t <= start + 1e-9 => Some(metric.normalised(statistic, v, period)),
            _ => None,
        });
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
