//! The JSON that `aws cloudwatch get-metric-data` prints.
//!
//! Its shape is the GetMetricData API's response (CloudWatch API Reference,
//! `API_GetMetricData.html` and `API_MetricDataResult.html`): an object with
//! `MetricDataResults`, each result with `Id`, `Label`, `Timestamps`, `Values` (the value
//! for `Timestamps[x]` is `Values[x]`), `StatusCode` (`Complete`, `PartialData`,
//! `InternalError`, `Forbidden`) and `Messages`; then `Messages` and `NextToken`. By default
//! (`ScanBy` = `TimestampDescending`) the newest datapoint comes first (AWS CLI reference,
//! awscli.amazonaws.com/v2/documentation/api/latest/reference/cloudwatch/get-metric-data.html,
//! whose paginator joins pages of `MetricDataResults`). The CLI writes
//! timestamps as ISO 8601 (`2026-11-03T14:05:00+00:00` in CLI v2, `…Z` as the API has them);
//! numbers are read as seconds since 1970 (the JSON wire protocol's form).
//!
//! The output does not carry the metric's name or its statistic, so each result is
//! identified by its `Label` (CloudWatch's default label is the metric name) or else its
//! `Id`: the metric is the CloudWatch name found in it, the statistic a word in it (`Sum`,
//! `Average`, `Maximum`, `Minimum`, `SampleCount`) or else the metric's usual one. The
//! period is not in the output either: it is the spacing of the timestamps. The CLI's
//! automatic pagination concatenates pages, so results with the same `Id` are one series.

use super::convert::SourceSeries;
use super::metric::{Metric, Statistic};
use super::time;
use super::MAX_ROWS;
use crate::model::input::{describe, excerpt, quoted, shown};
use serde_json::Value;

/// The metrics in a get-metric-data output, and what was noticed reading it.
pub(crate) fn read(value: &Value) -> Result<(Vec<SourceSeries>, Vec<String>), String> {
    let Value::Object(top) = value else {
        return Err(format!(
            "the JSON is {}: expected the output of `aws cloudwatch get-metric-data`, an object with MetricDataResults",
            describe(value)
        ));
    };
    let Some(results) = top.get("MetricDataResults") else {
        if top.contains_key("Datapoints") {
            return Err("this is the output of `aws cloudwatch get-metric-statistics`: export with `aws cloudwatch get-metric-data` (docs/scenario.md gives the command)".into());
        }
        let keys: Vec<String> = top.keys().take(5).map(|k| quoted(k)).collect();
        return Err(format!(
            "the JSON has no MetricDataResults (its keys: {}): expected the output of `aws cloudwatch get-metric-data`",
            if keys.is_empty() { "none".to_string() } else { keys.join(", ") }
        ));
    };
    let Value::Array(results) = results else {
        return Err(format!("MetricDataResults = {} is not allowed: expected a list of results", describe(results)));
    };
    let mut notes = Vec::new();
    if top.get("NextToken").and_then(Value::as_str).is_some_and(|t| !t.is_empty()) {
        notes.push("The file ends with a NextToken: CloudWatch had more datapoints than this page; only what the file holds is read (the CLI fetches every page unless --max-items or --no-paginate is given).".into());
    }
    messages(top.get("Messages"), "Messages", &mut notes);
    let mut series: Vec<(String, SourceSeries)> = Vec::new();
    let mut unzoned = false;
    let mut total_points = 0usize;
    for (i, result) in results.iter().enumerate() {
        let at = format!("MetricDataResults[{i}]");
        let Value::Object(r) = result else {
            return Err(format!("{at} = {} is not allowed: expected an object", describe(result)));
        };
        let text = |key: &str| -> Result<String, String> {
            match r.get(key) {
                None | Some(Value::Null) => Ok(String::new()),
                Some(Value::String(s)) => Ok(s.clone()),
                Some(other) => Err(format!("{at}.{key} = {} is not allowed: expected text", describe(other))),
            }
        };
        let (id, label) = (text("Id")?, text("Label")?);
        let name = if label.is_empty() { format!("Id {}", quoted(&id)) } else { quoted(&label) };
        messages(r.get("Messages"), &format!("{at}.Messages"), &mut notes);
        let status = text("StatusCode")?;
        match status.as_str() {
            "" | "Complete" => {}
            "PartialData" => notes.push(format!(
                "{at} ({name}): StatusCode PartialData: CloudWatch returned only part of the datapoints; the rest were not in this file."
            )),
            other => {
                notes.push(format!("{at} ({name}): StatusCode {}: CloudWatch returned no usable data for it; not read.", excerpt(other)));
                continue;
            }
        }
        let Some(metric) = Metric::find_in(&label).or_else(|| Metric::find_in(&id)) else {
            notes.push(format!("{at} ({name}) names no metric this import reads; not read."));
            continue;
        };
        let named = match Statistic::find_in(&label).map_err(|e| format!("{at}.Label = {}: {e}", quoted(&label)))? {
            Some(s) => Some(s),
            None => Statistic::find_in(&id).map_err(|e| format!("{at}.Id = {}: {e}", quoted(&id)))?,
        };
        let statistic = named.unwrap_or(metric.usual_statistic());
        let (stamps, values) = (list(r.get("Timestamps"), &at, "Timestamps")?, list(r.get("Values"), &at, "Values")?);
        if stamps.len() != values.len() {
            return Err(format!(
                "{at} has {} Timestamps and {} Values: CloudWatch gives one value per timestamp",
                stamps.len(),
                values.len()
            ));
        }
        total_points += stamps.len();
        if total_points > MAX_ROWS {
            return Err(format!("{at}: more than {MAX_ROWS} datapoints in all, the most an import reads: export a shorter range or a longer period"));
        }
        let mut points = Vec::with_capacity(stamps.len());
        for (k, (stamp, value)) in stamps.iter().zip(values).enumerate() {
            let t = match stamp {
                Value::String(s) => {
                    let parsed = time::parse(s).map_err(|e| format!("{at}.Timestamps[{k}] = {} is not a time: {e}", quoted(s)))?;
                    unzoned |= !parsed.zoned;
                    parsed.unix_s
                }
                Value::Number(n) => n
                    .as_f64()
                    .filter(|v| (0.0..=253_402_300_799.0).contains(v))
                    .ok_or_else(|| format!("{at}.Timestamps[{k}] = {n} is not a time: expected seconds since 1970 or 2026-11-03T14:05:00Z"))?,
                other => return Err(format!("{at}.Timestamps[{k}] = {} is not a time: expected text such as 2026-11-03T14:05:00Z", describe(other))),
            };
            let v = value
                .as_f64()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("{at}.Values[{k}] = {} is not allowed: expected a number", describe(value)))?;
            if !(0.0..=1e15).contains(&v) {
                return Err(format!("{at}.Values[{k}] = {} is outside the allowed range 0 to 1e15", shown(v)));
            }
            points.push((t, v));
        }
        // Pages of one query share its Id.
        if let Some((_, page)) = series.iter_mut().find(|(other, _)| !id.is_empty() && *other == id) {
            page.points.extend(points);
            continue;
        }
        if let Some((_, twin)) = series.iter().find(|(_, s)| s.metric == metric && s.statistic == statistic) {
            return Err(format!(
                "{at} ({name}) is a second {} {} (as {} {}): export one table's or one cluster's metrics per file",
                metric.name(),
                statistic.name(),
                twin.at,
                twin.label
            ));
        }
        let source = SourceSeries { metric, statistic, statistic_named: named.is_some(), label: name, at, points };
        series.push((id, source));
    }
    let mut out = Vec::with_capacity(series.len());
    for (_, mut s) in series {
        // Newest first by default: sort, and check each time is given once.
        s.points.sort_by(|a, b| a.0.total_cmp(&b.0));
        let before = s.points.len();
        s.points.dedup_by(|b, a| a.0 == b.0 && a.1 == b.1);
        if let Some(w) = s.points.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(format!(
                "{} ({}) gives {} twice, with different values ({} and {})",
                s.at,
                s.label,
                time::format_utc(w[0].0),
                shown(w[0].1),
                shown(w[1].1)
            ));
        }
        if s.points.len() < before {
            notes.push(format!("{} ({}): {} datapoints given twice (overlapping pages), read once.", s.at, s.label, before - s.points.len()));
        }
        out.push(s);
    }
    if unzoned {
        notes.push("Some timestamps have no zone: taken as UTC.".into());
    }
    Ok((out, notes))
}

fn list<'a>(v: Option<&'a Value>, at: &str, key: &str) -> Result<&'a [Value], String> {
    match v {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(format!("{at}.{key} = {} is not allowed: expected a list", describe(other))),
    }
}

/// CloudWatch's own messages (`[{"Code": …, "Value": …}]`), as notes.
fn messages(v: Option<&Value>, at: &str, notes: &mut Vec<String>) {
    let Some(Value::Array(items)) = v else {
        return;
    };
    for m in items.iter().take(5) {
        let field = |k: &str| m.get(k).and_then(Value::as_str).map(excerpt).unwrap_or_default();
        notes.push(format!("CloudWatch's message ({at}): {} {}", field("Code"), field("Value")).trim_end().to_string());
    }
    if items.len() > 5 {
        notes.push(format!("… and {} more messages from CloudWatch ({at}).", items.len() - 5));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_results_newest_first_and_merges_pages() {
        let v = json!({
            "MetricDataResults": [
                {"Id": "rcu", "Label": "ConsumedReadCapacityUnits", "Timestamps": ["2026-11-03T14:07:00+00:00", "2026-11-03T14:06:00+00:00"], "Values": [120.0, 60.0], "StatusCode": "PartialData"},
                {"Id": "throttles", "Label": "ReadThrottleEvents Sum", "Timestamps": [], "Values": [], "StatusCode": "Complete"},
                {"Id": "rcu", "Label": "ConsumedReadCapacityUnits", "Timestamps": ["2026-11-03T14:05:00Z"], "Values": [30.0], "StatusCode": "Complete"},
                {"Id": "m9", "Label": "Latency", "Timestamps": [], "Values": []}
            ],
            "NextToken": "abc",
            "Messages": []
        });
        let (series, notes) = read(&v).unwrap();
        assert_eq!(series.len(), 2);
        assert_eq!(series[0].points, [(1_793_714_700.0, 30.0), (1_793_714_760.0, 60.0), (1_793_714_820.0, 120.0)]);
        assert_eq!((series[1].metric, series[1].statistic, series[1].statistic_named), (Metric::ReadThrottleEvents, Statistic::Sum, true));
        assert!(notes.iter().any(|n| n.contains("NextToken")));
        assert!(notes.iter().any(|n| n.contains("PartialData")));
        assert!(notes.iter().any(|n| n.contains("(\"Latency\") names no metric")));
    }

    #[test]
    fn ids_name_metrics_when_labels_do_not() {
        let v = json!({"MetricDataResults": [{"Id": "serverless_database_capacity_max", "Label": "", "Timestamps": [1793714700], "Values": [4.5]}]});
        let (series, _) = read(&v).unwrap();
        assert_eq!((series[0].metric, series[0].statistic), (Metric::ServerlessDatabaseCapacity, Statistic::Maximum));
        assert_eq!(series[0].points, [(1_793_714_700.0, 4.5)]);
    }

    #[test]
    fn errors_give_the_json_path() {
        let cases = [
            (json!([1]), "the JSON is a list of 1"),
            (json!({"Datapoints": []}), "this is the output of `aws cloudwatch get-metric-statistics`"),
            (json!({"Foo": 1}), "the JSON has no MetricDataResults"),
            (json!({"MetricDataResults": [{"Label": "ReadThrottleEvents", "Timestamps": ["x"], "Values": [1]}]}), "MetricDataResults[0].Timestamps[0] = \"x\" is not a time"),
            (json!({"MetricDataResults": [{"Label": "ReadThrottleEvents", "Timestamps": ["2026-11-03T14:05:00Z"], "Values": ["1"]}]}), "MetricDataResults[0].Values[0] = text \"1\" is not allowed: expected a number"),
            (json!({"MetricDataResults": [{"Label": "ReadThrottleEvents", "Timestamps": ["2026-11-03T14:05:00Z"], "Values": []}]}), "MetricDataResults[0] has 1 Timestamps and 0 Values"),
            (json!({"MetricDataResults": [{"Label": "ReadThrottleEvents p99", "Timestamps": [], "Values": []}]}), "MetricDataResults[0].Label = \"ReadThrottleEvents p99\": the statistic p99 is a percentile"),
            (json!({"MetricDataResults": [{"Id": "a", "Label": "ReadThrottleEvents"}, {"Id": "b", "Label": "ReadThrottleEvents"}]}), "MetricDataResults[1] (\"ReadThrottleEvents\") is a second ReadThrottleEvents Sum"),
            (json!({"MetricDataResults": [{"Id": "a", "Label": "ReadThrottleEvents", "Timestamps": ["2026-11-03T14:05:00Z", "2026-11-03T14:05:00Z"], "Values": [1, 2]}]}), "MetricDataResults[0] (\"ReadThrottleEvents\") gives 2026-11-03T14:05:00Z twice"),
            (json!({"MetricDataResults": [{"Label": "ReadThrottleEvents", "Timestamps": ["2026-11-03T14:05:00Z"], "Values": [-1]}]}), "MetricDataResults[0].Values[0] = -1 is outside"),
        ];
        for (v, expected) in cases {
            let e = read(&v).err().unwrap_or_else(|| panic!("{v} was read"));
            assert!(e.starts_with(expected), "{v}: {e}");
        }
    }
}
