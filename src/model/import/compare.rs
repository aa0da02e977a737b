//! Recorded vs simulated: what CloudWatch measured while the imported traffic ran, beside
//! what the run of that traffic gives, over the stretch both cover.
//!
//! * Throttle events (`ReadThrottleEvents`, `WriteThrottleEvents`): totals, recorded (each
//!   period's events; a period with no datapoint had none, as DynamoDB publishes only
//!   non-zero values) against simulated (the run's bucket means × each bucket's length, the
//!   last bucket ending at the run's end).
//! * Capacity (`ConsumedRead/WriteCapacityUnits`, `ProvisionedRead/WriteCapacityUnits`,
//!   `ServerlessDatabaseCapacity` against the writer's ACU): peaks, both as means over the
//!   recorded periods (or, for a `Maximum`, the run's highest step).
//! * For each, where the two differ most: the recorded period with the largest absolute
//!   difference, "at 14:05, simulated +3.1 k events/min".
//!
//! Other recorded metrics have no counterpart in the run and are listed as recorded only.

use super::metric::{Metric, RecordedUnit, Statistic};
use super::recorded::{Recorded, RecordedSeries};
use super::time;
use crate::format;
use crate::model::sim::{Series, SimRun};
use serde::{Deserialize, Serialize};

/// What is compared for a metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Events over the stretch.
    Total,
    /// The highest value.
    Peak,
}

/// Recorded vs simulated over the stretch both cover.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordedComparison {
    /// The stretch compared, seconds from the start of the trace and of the run.
    pub from_s: f64,
    pub to_s: f64,
    pub start_utc: Option<String>,
    pub metrics: Vec<ComparedMetric>,
    /// Recorded metrics the run has nothing to set beside.
    pub recorded_only: Vec<Metric>,
    /// The comparison in plain sentences.
    pub sentences: Vec<String>,
}

/// One metric, recorded and simulated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparedMetric {
    pub metric: Metric,
    pub statistic: Statistic,
    pub measure: Measure,
    /// `events` for a total, else the kept unit (`ACU`, `units/s`, `units`).
    pub unit: String,
    pub recorded: f64,
    pub simulated: f64,
    /// When each peak was (seconds), for a peak.
    pub recorded_at_s: Option<f64>,
    pub simulated_at_s: Option<f64>,
    /// (simulated − recorded) ÷ recorded; null when nothing was recorded.
    pub difference_share: Option<f64>,
    pub largest_gap: Option<LargestGap>,
}

/// The recorded period where simulated and recorded differ most.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LargestGap {
    pub t_s: f64,
    /// `14:05` (UTC) when the trace gave dates, else `0:45 h` from the start.
    pub at: String,
    /// Per minute for throttle events, else the kept unit.
    pub recorded: f64,
    pub simulated: f64,
    pub unit: String,
}

/// Compare `recorded` with `run` (see the module's notes). Deterministic; never NaN.
pub fn compare(recorded: &Recorded, run: &SimRun) -> RecordedComparison {
    let start_unix = recorded.start_utc.as_deref().and_then(|s| time::parse(s).ok()).map(|s| s.unix_s);
    let clock = |t: f64| match start_unix {
        Some(u) => time::clock_utc(u + t),
        None => format::clock(t),
    };
    let recorded_end = recorded.series.iter().map(RecordedSeries::end_s).filter(|e| e.is_finite()).fold(0.0, f64::max);
    let (from_s, to_s) = (0.0, recorded_end.min(run.simulated_s()));
    let mut out = RecordedComparison {
        from_s,
        to_s,
        start_utc: recorded.start_utc.clone(),
        metrics: Vec::new(),
        recorded_only: Vec::new(),
        sentences: Vec::new(),
    };
    if to_s <= from_s || run.t_s.is_empty() {
        out.sentences.push("The recorded series and the run do not overlap: nothing to compare.".into());
        return out;
    }
    let from_clock = match start_unix {
        Some(u) => format!(", from {} UTC", time::clock_utc(u)),
        None => String::new(),
    };
    out.sentences.push(format!("Recorded vs simulated over {}, the stretch both cover{from_clock}.", format::duration(to_s - from_s)));
    for s in &recorded.series {
        // (A series not validated, with a period that would never end, is not compared.)
        let usable = s.period_s.is_finite() && s.period_s >= 1.0;
        let Some(sim) = counterpart(s, run).filter(|_| usable) else {
            out.recorded_only.push(s.metric);
            continue;
        };
        let c = compare_one(s, sim, run, to_s, &clock);
        out.sentences.push(sentence(s, &c, to_s - from_s, &clock));
        out.metrics.push(c);
    }
    if !out.recorded_only.is_empty() {
        let names: Vec<&str> = out.recorded_only.iter().map(|m| m.name()).collect();
        out.sentences.push(format!("Recorded only (the run has nothing to set beside them): {}.", names.join(", ")));
    }
    out
}

/// The run's series for a recorded metric: means, and maxima (for a `Maximum`).
fn counterpart<'a>(s: &RecordedSeries, run: &'a SimRun) -> Option<&'a Series> {
    let (d, a) = (&run.dynamodb, &run.aurora);
    match (s.metric, s.unit) {
        (Metric::ReadThrottleEvents, RecordedUnit::EventsPerMin) => Some(&d.read_throttle_events_per_min),
        (Metric::WriteThrottleEvents, RecordedUnit::EventsPerMin) => Some(&d.write_throttle_events_per_min),
        (Metric::ConsumedReadCapacityUnits, RecordedUnit::UnitsPerS) => Some(&d.consumed_read_units),
        (Metric::ConsumedWriteCapacityUnits, RecordedUnit::UnitsPerS) => Some(&d.consumed_write_units),
        (Metric::ProvisionedReadCapacityUnits, _) => Some(&d.read_capacity_units),
        (Metric::ProvisionedWriteCapacityUnits, _) => Some(&d.write_capacity_units),
        (Metric::ServerlessDatabaseCapacity, _) => Some(&a.writer_acu),
        _ => None,
    }
}

/// The run's buckets as `[from, to)` spans.
fn bucket_span(run: &SimRun, b: usize) -> (f64, f64) {
    let from = run.t_s[b];
    let to = run.t_s.get(b + 1).copied().unwrap_or(from + run.bucket_s()).min(run.simulated_s().max(from));
    (from, to)
}

/// ∫ of the bucket means over `[a, b)`, and the highest bucket maximum touching it.
fn integral(sim: &Series, run: &SimRun, a: f64, b: f64) -> (f64, f64) {
    let (mut sum, mut max) = (0.0, 0.0f64);
    let first = run.t_s.partition_point(|&t| t <= a).saturating_sub(1);
    for k in first..run.t_s.len().min(sim.mean.len()) {
        let (from, to) = bucket_span(run, k);
        if from >= b {
            break;
        }
        let overlap = to.min(b) - from.max(a);
        if overlap > 0.0 {
            sum += sim.mean[k] * overlap;
            max = max.max(sim.max.get(k).copied().unwrap_or(0.0));
        }
    }
    (sum, max)
}

/// A peak so far: when it started, and its value.
type Peak = Option<(f64, f64)>;

fn compare_one(s: &RecordedSeries, sim: &Series, run: &SimRun, to_s: f64, clock: &dyn Fn(f64) -> String) -> ComparedMetric {
    let throttle = s.unit == RecordedUnit::EventsPerMin;
    let p = s.period_s;
    // Each recorded period inside the stretch: its value (missing: zero for a count, else
    // unknown) and the run's mean over it.
    let cells = (to_s / p).ceil() as usize;
    let mut rec_total = 0.0;
    let mut rec_peak: Peak = None;
    let mut sim_peak: Peak = None;
    let mut gap: Option<(f64, f64, f64)> = None;
    let mut j = 0;
    for k in 0..cells {
        let (a, b) = (k as f64 * p, ((k + 1) as f64 * p).min(to_s));
        if b <= a {
            continue;
        }
        while j < s.points.len() && s.points[j].0 < a - 1e-9 {
            j += 1;
        }
        let rec = match s.points.get(j) {
            Some(&(t, v)) if t < b - 1e-9 => Some(v),
            _ if throttle => Some(0.0),
            _ => None,
        };
        let (sum, max) = integral(sim, run, a, b);
        let sim_value = if s.statistic == Statistic::Maximum { max } else { sum / (b - a) };
        if sim_peak.is_none_or(|(_, v)| sim_value > v + 1e-9 * v.abs()) {
            sim_peak = Some((a, sim_value));
        }
        let Some(rec) = rec else {
            continue;
        };
        if throttle {
            rec_total += rec * (b - a) / 60.0;
        }
        if rec_peak.is_none_or(|(_, v)| rec > v + 1e-9 * v.abs()) {
            rec_peak = Some((a, rec));
        }
        if gap.is_none_or(|(_, r, m)| (sim_value - rec).abs() > (m - r).abs()) {
            gap = Some((a, rec, sim_value));
        }
    }
    let unit = if throttle { "events".to_string() } else { s.unit.label().to_string() };
    let (recorded, simulated, recorded_at_s, simulated_at_s, measure) = if throttle {
        (rec_total, integral(sim, run, 0.0, to_s).0 / 60.0, None, None, Measure::Total)
    } else {
        let (ra, rv) = rec_peak.unwrap_or((0.0, 0.0));
        let (sa, sv) = sim_peak.unwrap_or((0.0, 0.0));
        (rv, sv, rec_peak.map(|_| ra), sim_peak.map(|_| sa), Measure::Peak)
    };
    ComparedMetric {
        metric: s.metric,
        statistic: s.statistic,
        measure,
        unit,
        recorded,
        simulated,
        recorded_at_s,
        simulated_at_s,
        difference_share: (recorded > 0.0).then(|| (simulated - recorded) / recorded),
        largest_gap: gap.filter(|&(_, r, m)| (m - r).abs() > 1e-3 * r.abs().max(m.abs())).map(|(t, r, m)| LargestGap {
            t_s: t,
            at: clock(t),
            recorded: r,
            simulated: m,
            unit: s.unit.label().to_string(),
        }),
    }
}

/// `−9 %`, `+20 %`, `the same` (within 0.05 %).
fn signed_percent(share: f64) -> String {
    if share.abs() < 5e-4 {
        return "the same".into();
    }
    let sign = if share < 0.0 { "−" } else { "+" };
    format!("{sign}{}", format::percent(share.abs()))
}

fn signed(v: f64) -> String {
    if v < 0.0 {
        format!("−{}", format::si(-v))
    } else {
        format!("+{}", format::si(v))
    }
}

fn sentence(s: &RecordedSeries, c: &ComparedMetric, span_s: f64, clock: &dyn Fn(f64) -> String) -> String {
    let what = match s.metric {
        Metric::ReadThrottleEvents => "read throttle events",
        Metric::WriteThrottleEvents => "write throttle events",
        Metric::ConsumedReadCapacityUnits => "peak consumed read capacity",
        Metric::ConsumedWriteCapacityUnits => "peak consumed write capacity",
        Metric::ProvisionedReadCapacityUnits => "peak provisioned read capacity",
        Metric::ProvisionedWriteCapacityUnits => "peak provisioned write capacity",
        _ => "peak ACU",
    };
    let diff = c.difference_share.map(|d| format!(" ({})", signed_percent(d))).unwrap_or_default();
    let mut text = match c.measure {
        Measure::Total => format!(
            "{}: recorded {} {what} in {}; simulated {}{diff}",
            s.metric.name(),
            format::si(c.recorded),
            format::duration(span_s),
            format::si(c.simulated)
        ),
        Measure::Peak => {
            let at = |t: Option<f64>| t.map(|t| format!(" at {}", clock(t))).unwrap_or_default();
            let whose = if s.metric == Metric::ServerlessDatabaseCapacity { "the writer's " } else { "" };
            format!(
                "{} {}: {what} recorded {} {}{}; simulated {whose}{} {}{}{diff}",
                s.metric.name(),
                s.statistic.name(),
                format::si(c.recorded),
                c.unit,
                at(c.recorded_at_s),
                format::si(c.simulated),
                c.unit,
                at(c.simulated_at_s)
            )
        }
    };
    if let Some(g) = &c.largest_gap {
        text.push_str(&format!("; largest gap at {}, simulated {} {}", g.at, signed(g.simulated - g.recorded), g.unit));
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sim::{AuroraSeries, DynamoSeries};

    fn series(means: &[f64]) -> Series {
        Series { mean: means.to_vec(), min: means.to_vec(), max: means.iter().map(|m| m * 1.5).collect() }
    }

    /// A 2-hour run in one-minute buckets, the last one 30 s long.
    fn run(throttles_per_min: &[f64], acu: &[f64]) -> SimRun {
        let n = throttles_per_min.len();
        SimRun {
            step_s: 60.0,
            steps: n,
            steps_done: n,
            duration_s: n as f64 * 60.0 - 30.0,
            bucket_steps: 1,
            t_s: (0..n).map(|i| i as f64 * 60.0).collect(),
            dynamodb: DynamoSeries { read_throttle_events_per_min: series(throttles_per_min), ..DynamoSeries::default() },
            aurora: AuroraSeries { writer_acu: series(acu), ..AuroraSeries::default() },
            ..SimRun::default()
        }
    }

    #[test]
    fn throttle_totals_integrate_bucket_means_over_their_lengths() {
        let sim = run(&[0.0, 100.0, 200.0, 50.0], &[1.0; 4]);
        let recorded = Recorded {
            start_utc: Some("2026-11-03T14:05:00Z".into()),
            series: vec![RecordedSeries {
                metric: Metric::ReadThrottleEvents,
                statistic: Statistic::Sum,
                period_s: 60.0,
                unit: RecordedUnit::EventsPerMin,
                // 14:06 and 14:08 recorded; 14:07 missing (none); the last minute is half
                // inside the run.
                points: vec![(60.0, 120.0), (180.0, 40.0)],
            }],
        };
        let c = compare(&recorded, &sim);
        assert_eq!((c.from_s, c.to_s), (0.0, 210.0));
        let m = &c.metrics[0];
        assert_eq!(m.measure, Measure::Total);
        assert_eq!(m.recorded, 120.0 + 40.0 * 0.5);
        assert_eq!(m.simulated, 100.0 + 200.0 + 50.0 * 0.5);
        let gap = m.largest_gap.as_ref().unwrap();
        assert_eq!((gap.t_s, gap.at.as_str(), gap.recorded, gap.simulated), (120.0, "14:07", 0.0, 200.0));
        let text = c.sentences.join(" ");
        assert!(text.contains("ReadThrottleEvents: recorded 140 read throttle events in 3.5 min; simulated 325 (+132 %); largest gap at 14:07, simulated +200 events/min."), "{text}");
        assert!(!text.contains("NaN"));
    }

    #[test]
    fn peaks_and_recorded_only() {
        let sim = run(&[0.0; 3], &[2.0, 8.0, 4.0]);
        let recorded = Recorded {
            start_utc: None,
            series: vec![
                RecordedSeries {
                    metric: Metric::ServerlessDatabaseCapacity,
                    statistic: Statistic::Average,
                    period_s: 60.0,
                    unit: RecordedUnit::Acu,
                    points: vec![(0.0, 2.0), (60.0, 10.0), (120.0, 4.0)],
                },
                RecordedSeries {
                    metric: Metric::ACUUtilization,
                    statistic: Statistic::Average,
                    period_s: 60.0,
                    unit: RecordedUnit::Percent,
                    points: vec![(0.0, 2.0)],
                },
            ],
        };
        let c = compare(&recorded, &sim);
        let m = &c.metrics[0];
        assert_eq!((m.recorded, m.simulated, m.recorded_at_s, m.simulated_at_s), (10.0, 8.0, Some(60.0), Some(60.0)));
        assert_eq!(m.difference_share, Some(-0.2));
        assert_eq!(c.recorded_only, [Metric::ACUUtilization]);
        let text = c.sentences.join(" ");
        assert!(text.contains("peak ACU recorded 10 ACU at 0:01 h; simulated the writer's 8 ACU at 0:01 h (−20 %)"), "{text}");
    }

    #[test]
    fn no_overlap_says_so() {
        let sim = SimRun::default();
        let c = compare(&Recorded::default(), &sim);
        assert!(c.sentences[0].contains("do not overlap"));
    }
}
