//! An imported trace: the traffic a file describes (requests per second, each point held
//! until the next) with its read shares, what CloudWatch recorded beside it, and the notes
//! that say every assumption made. It can be summarised, scaled, windowed and thinned to
//! fit a scenario, then turned into a scenario's `traffic` and `recorded`.

use super::metric::Metric;
use super::recorded::Recorded;
use super::{time, ImportFormat, MAX_WINDOW_S};
use crate::format;
use crate::model::input::shown;
use crate::model::scenario::Scenario;
use crate::model::traffic::{BetweenPoints, Traffic, MAX_SERIES_POINTS};
use serde::{Deserialize, Serialize};

const MAX_RPS: f64 = 10_000_000.0;

/// A trace read from a file (see [`super::TraceReader`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedTrace {
    /// The file's name, as given to the reader.
    pub name: String,
    pub format: ImportFormat,
    /// When `t_s = 0` was, when the file gave dates: seconds since 1970, and as text.
    pub start_unix_s: Option<f64>,
    pub start_utc: Option<String>,
    /// The spacing of the points, seconds (the rows' usual spacing, or the finest period).
    pub resolution_s: f64,
    /// `(t_s, requests_per_s)`, strictly increasing, each held until the next.
    pub points: Vec<(f64, f64)>,
    /// Each point's share of reads, when the file told reads from writes.
    pub read_shares: Option<Vec<f64>>,
    /// When the last point's interval ends, seconds.
    pub end_s: f64,
    /// What CloudWatch measured beside the traffic (empty for a CSV trace).
    pub recorded: Recorded,
    /// Every assumption made, as plain sentences.
    pub notes: Vec<String>,
}

/// The numbers a person checks after an import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceSummary {
    pub format: ImportFormat,
    pub start_utc: Option<String>,
    /// Seconds from the first point to the end of the last point's interval.
    pub duration_s: f64,
    pub resolution_s: f64,
    pub points: usize,
    pub peak_rps: f64,
    /// When the peak starts, seconds.
    pub peak_at_s: f64,
    pub mean_rps: f64,
    pub total_requests: f64,
    /// Reads over all requests, when the trace has its own read shares.
    pub read_share: Option<f64>,
    pub recorded_metrics: Vec<Metric>,
}

impl ImportedTrace {
    /// The first point's time (0 for anything but a CSV whose `t_s` starts later).
    pub fn start_s(&self) -> f64 {
        self.points.first().map_or(0.0, |p| p.0)
    }

    pub fn duration_s(&self) -> f64 {
        (self.end_s - self.start_s()).max(0.0)
    }

    /// Each point's interval: `(from_s, to_s, requests_per_s, read_share)`.
    fn intervals(&self) -> impl Iterator<Item = (f64, f64, f64, Option<f64>)> + '_ {
        self.points.iter().enumerate().map(move |(i, &(t, r))| {
            let to = self.points.get(i + 1).map_or(self.end_s, |p| p.0).max(t);
            (t, to, r, self.read_shares.as_ref().and_then(|s| s.get(i).copied()))
        })
    }

    pub fn summary(&self) -> TraceSummary {
        let (mut total, mut reads, mut peak, mut peak_at) = (0.0, 0.0, 0.0, self.start_s());
        for (from, to, r, share) in self.intervals() {
            total += r * (to - from);
            reads += r * (to - from) * share.unwrap_or(0.0);
            if r > peak {
                (peak, peak_at) = (r, from);
            }
        }
        let duration_s = self.duration_s();
        TraceSummary {
            format: self.format,
            start_utc: self.start_utc.clone(),
            duration_s,
            resolution_s: self.resolution_s,
            points: self.points.len(),
            peak_rps: peak,
            peak_at_s: peak_at,
            mean_rps: if duration_s > 0.0 { total / duration_s } else { 0.0 },
            total_requests: total,
            read_share: self.read_shares.as_ref().map(|_| if total > 0.0 { reads / total } else { 0.0 }),
            recorded_metrics: self.recorded.series.iter().map(|s| s.metric).collect(),
        }
    }

    /// The summary in one sentence.
    pub fn describe(&self) -> String {
        let s = self.summary();
        let from = s.start_utc.as_deref().map(|u| format!(" from {u}")).unwrap_or_default();
        let reads = s.read_share.map(|r| format!(", {} reads", format::percent(r))).unwrap_or_default();
        let recorded = if s.recorded_metrics.is_empty() { String::new() } else { format!("; {} recorded series", s.recorded_metrics.len()) };
        format!(
            "{} of traffic{from}, one point every {}: {} points, peak {} req/s at {}, mean {} req/s{reads}{recorded}",
            format::duration(s.duration_s),
            format::duration(s.resolution_s),
            format::si(s.points as f64),
            format::si(s.peak_rps),
            self.clock(s.peak_at_s),
            format::si(s.mean_rps),
        )
    }

    /// A moment of the trace as a person reads it: the UTC time of day when the file gave
    /// dates (`14:05`), else hours and minutes from the start (`0:45 h`).
    pub fn clock(&self, t_s: f64) -> String {
        match self.start_unix_s {
            Some(start) => time::clock_utc(start + t_s),
            None => format::clock(t_s),
        }
    }

    /// Every rate × `factor` (above 0, at most 1,000,000). The recorded series stay as
    /// recorded.
    pub fn scaled(&self, factor: f64) -> Result<ImportedTrace, String> {
        if !(factor.is_finite() && factor > 0.0 && factor <= 1e6) {
            return Err(format!("scale = {} is outside the allowed range: above 0, at most 1000000", shown(factor)));
        }
        let before = self.summary().peak_rps;
        let mut out = self.clone();
        for p in &mut out.points {
            p.1 *= factor;
        }
        out.notes.push(format!(
            "Scaled ×{}: peak {} → {} req/s. The recorded series are as recorded, not scaled.",
            format::si(factor),
            format::si(before),
            format::si(before * factor)
        ));
        Ok(out)
    }

    /// Scaled so that its peak is `peak_rps` (above 0, at most 10,000,000).
    pub fn scaled_to_peak(&self, peak_rps: f64) -> Result<ImportedTrace, String> {
        if !(peak_rps.is_finite() && peak_rps > 0.0 && peak_rps <= MAX_RPS) {
            return Err(format!("peak = {} req/s is outside the allowed range: above 0, at most 10000000", shown(peak_rps)));
        }
        let current = self.summary().peak_rps;
        if current <= 0.0 {
            return Err("the trace has no traffic to scale: its peak is 0 req/s".into());
        }
        let mut out = self.scaled(peak_rps / current)?;
        // The peak exactly, whatever the rounding of the factor.
        for (p, q) in out.points.iter_mut().zip(&self.points) {
            if q.1 == current {
                p.1 = peak_rps;
            }
        }
        Ok(out)
    }

    /// `length_s` (at most 30 days) of the trace from `start_s`, re-based so that the window
    /// starts at `t_s = 0`: the point in force at `start_s` starts it, and recorded points
    /// inside the window are kept.
    pub fn window(&self, start_s: f64, length_s: f64) -> Result<ImportedTrace, String> {
        if !(start_s.is_finite() && start_s >= 0.0) {
            return Err(format!("window start = {} s is outside the allowed range 0 to the trace's end", shown(start_s)));
        }
        if start_s >= self.end_s {
            return Err(format!(
                "window start = {} s is at or after the trace's end ({} s): the trace lasts {}",
                shown(start_s),
                shown(self.end_s),
                format::duration(self.duration_s())
            ));
        }
        if !(1.0..=MAX_WINDOW_S).contains(&length_s) {
            return Err(format!("window length = {} s is outside the allowed range 1 to 2592000 s (30 days)", shown(length_s)));
        }
        let stop = (start_s + length_s).min(self.end_s);
        let first_after = self.points.partition_point(|p| p.0 <= start_s);
        let mut points = Vec::new();
        let mut shares = Vec::new();
        let share = |i: usize| self.read_shares.as_ref().and_then(|s| s.get(i).copied());
        if first_after > 0 {
            points.push((0.0, self.points[first_after - 1].1));
            shares.extend(share(first_after - 1));
        }
        for (i, &(t, r)) in self.points.iter().enumerate().skip(first_after) {
            if t >= stop {
                break;
            }
            points.push((t - start_s, r));
            shares.extend(share(i));
        }
        if points.is_empty() {
            return Err(format!("the window from {} s to {} s holds no point of the trace", shown(start_s), shown(stop)));
        }
        let mut out = self.clone();
        out.points = points;
        out.read_shares = self.read_shares.as_ref().map(|_| shares);
        out.end_s = stop - start_s;
        out.start_unix_s = self.start_unix_s.map(|u| u + start_s);
        out.start_utc = out.start_unix_s.map(time::format_utc);
        out.recorded.start_utc.clone_from(&out.start_utc);
        for s in &mut out.recorded.series {
            s.points.retain(|&(t, _)| t >= start_s && t < stop);
            for p in &mut s.points {
                p.0 -= start_s;
            }
        }
        out.notes.push(format!(
            "Window: {} from {} s ({}) of the {} trace, re-based to start at 0.",
            format::duration(stop - start_s),
            shown(start_s),
            self.clock(start_s),
            format::duration(self.duration_s())
        ));
        Ok(out)
    }

    /// At most `max_points` points: when there are more, the trace is aggregated to the
    /// finest whole multiple of its resolution that fits, each new point the mean rate over
    /// its interval, so the total number of requests (and of reads) is kept.
    pub fn fit(&self, max_points: usize) -> ImportedTrace {
        let max = max_points.max(1);
        if self.points.len() <= max {
            return self.clone();
        }
        let (start, end, res) = (self.start_s(), self.end_s, self.resolution_s.max(1e-3));
        let span = (end - start).max(res);
        let buckets_for = |k: usize| ((span / (k as f64 * res)) - 1e-9).ceil().max(1.0) as usize;
        let mut k = ((span / (res * max as f64)).ceil() as usize).max(1);
        while buckets_for(k) > max {
            k += 1;
        }
        let (bucket, count) = (k as f64 * res, buckets_for(k));
        let bucket_end = |b: usize| if b + 1 >= count { end } else { start + (b + 1) as f64 * bucket };
        let (mut requests, mut reads) = (vec![0.0; count], vec![0.0; count]);
        let mut b = 0;
        for (from, to, r, share) in self.intervals() {
            while b + 1 < count && bucket_end(b) <= from {
                b += 1;
            }
            let mut x = from;
            loop {
                let edge = bucket_end(b).min(to);
                if edge > x {
                    requests[b] += r * (edge - x);
                    reads[b] += r * (edge - x) * share.unwrap_or(0.0);
                    x = edge;
                }
                if x >= to || b + 1 >= count {
                    break;
                }
                b += 1;
            }
        }
        let mut points = Vec::with_capacity(count);
        let mut shares = Vec::with_capacity(count);
        let mut previous = self.read_shares.as_ref().and_then(|s| s.first().copied()).unwrap_or(0.0);
        for i in 0..count {
            let from = start + i as f64 * bucket;
            let length = bucket_end(i) - from;
            points.push((from, if length > 0.0 { requests[i] / length } else { 0.0 }));
            if requests[i] > 0.0 {
                previous = (reads[i] / requests[i]).clamp(0.0, 1.0);
            }
            shares.push(previous);
        }
        let mut out = self.clone();
        out.notes.push(format!(
            "{} points are more than a scenario holds ({}): aggregated to one every {} (every {k} points), keeping all {} requests.",
            format::si(self.points.len() as f64),
            format::si(max as f64),
            format::duration(bucket),
            format::si(requests.iter().sum())
        ));
        out.points = points;
        out.read_shares = self.read_shares.as_ref().map(|_| shares);
        out.resolution_s = bucket;
        out
    }

    /// The scenario's `traffic`: a series held between points, with its read shares.
    pub fn to_traffic(&self) -> Traffic {
        Traffic::Series { points: self.points.clone().into(), between_points: BetweenPoints::Hold, read_shares: self.read_shares.clone().map(Into::into), summary_of: None }
    }

    /// Put the trace into `scenario`: its traffic (thinned to fit if need be), its recorded
    /// series, `workload.requests_per_s` at the first rate (Aurora starts the run settled for
    /// it) and `simulation.duration_s` at the trace's length (1 hour at least). The notes
    /// this adds come back.
    pub fn apply_to(&self, scenario: &mut Scenario) -> Result<Vec<String>, String> {
        let mut notes = Vec::new();
        let trace = self.fit(MAX_SERIES_POINTS);
        if trace.points.len() < self.points.len() {
            notes.extend(trace.notes.last().cloned());
        }
        let s = trace.summary();
        if trace.end_s > MAX_WINDOW_S {
            return Err(format!(
                "the trace runs to {} ({} s), longer than a run's 30 days: choose a window of at most 30 days",
                format::duration(trace.end_s),
                shown(trace.end_s)
            ));
        }
        if s.peak_rps > MAX_RPS {
            return Err(format!(
                "the trace peaks at {} req/s at {}, above the 10,000,000 a scenario allows: scale it down",
                format::si(s.peak_rps),
                trace.clock(s.peak_at_s)
            ));
        }
        scenario.traffic = trace.to_traffic();
        scenario.recorded = (!trace.recorded.is_empty()).then(|| trace.recorded.clone());
        // Four significant digits: a starting point, not a measurement.
        let first = trace.points.first().map_or(0.0, |p| p.1).clamp(0.001, MAX_RPS);
        let digits = 10f64.powi(3 - first.log10().floor() as i32);
        let first = ((first * digits).round() / digits).clamp(0.001, MAX_RPS);
        scenario.workload.requests_per_s = first;
        let duration = trace.end_s.clamp(3_600.0, MAX_WINDOW_S);
        scenario.simulation.duration_s = duration;
        let length = if trace.end_s < 3_600.0 {
            format!("a run's shortest; the trace lasts {} and its last rate holds for the rest", format::duration(trace.end_s))
        } else {
            "the trace's length".to_string()
        };
        notes.push(format!(
            "Run settings: workload.requests_per_s = {} (the first rate: Aurora starts the run settled for it), simulation.duration_s = {} ({length}).",
            shown(first),
            shown(duration)
        ));
        Ok(notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::import::recorded::RecordedSeries;
    use crate::model::import::{RecordedUnit, Statistic};

    fn trace(points: Vec<(f64, f64)>, shares: Option<Vec<f64>>, res: f64) -> ImportedTrace {
        let end_s = points.last().map_or(0.0, |p| p.0 + res);
        ImportedTrace {
            name: "t".into(),
            format: ImportFormat::Csv,
            start_unix_s: Some(1_793_714_700.0),
            start_utc: Some("2026-11-03T14:05:00Z".into()),
            resolution_s: res,
            points,
            read_shares: shares,
            end_s,
            recorded: Recorded::default(),
            notes: vec![],
        }
    }

    #[test]
    fn summary_integrates_the_held_rates() {
        let t = trace(vec![(0.0, 10.0), (60.0, 30.0), (120.0, 20.0)], Some(vec![1.0, 0.5, 0.0]), 60.0);
        let s = t.summary();
        assert_eq!((s.duration_s, s.total_requests, s.peak_rps, s.peak_at_s), (180.0, 3_600.0, 30.0, 60.0));
        assert_eq!(s.mean_rps, 20.0);
        assert_eq!(s.read_share, Some((600.0 + 900.0) / 3_600.0));
        assert!(t.describe().contains("peak 30 req/s at 14:06"), "{}", t.describe());
    }

    #[test]
    fn fit_keeps_every_request() {
        // 250,001 one-second points of a varying rate, into at most 100,000.
        let points: Vec<(f64, f64)> = (0..250_001).map(|i| (f64::from(i), f64::from(i % 7) * 3.5 + 0.25)).collect();
        let shares: Vec<f64> = (0..250_001).map(|i| f64::from(i % 3) / 2.0).collect();
        let t = trace(points, Some(shares), 1.0);
        let f = t.fit(100_000);
        assert!(f.points.len() <= 100_000, "{}", f.points.len());
        assert_eq!(f.resolution_s, 3.0, "the finest whole multiple that fits");
        let (a, b) = (t.summary(), f.summary());
        assert!((a.total_requests - b.total_requests).abs() <= 1e-9 * a.total_requests, "{} vs {}", a.total_requests, b.total_requests);
        assert!((a.read_share.unwrap() - b.read_share.unwrap()).abs() < 1e-9);
        assert_eq!(a.duration_s, b.duration_s);
        assert!(f.notes.last().unwrap().contains("aggregated to one every 3 s"), "{:?}", f.notes);
        assert!(f.to_traffic().validate().is_ok());
        // Already small enough: unchanged.
        assert_eq!(t.fit(1_000_000), t);
        // Irregular points and a long last interval keep their totals too.
        let odd = trace(vec![(5.0, 1.0), (6.0, 100.0), (60.0, 2.0), (61.5, 7.0)], None, 1.0);
        let f = odd.fit(2);
        assert_eq!(f.points.len(), 2);
        assert!((odd.summary().total_requests - f.summary().total_requests).abs() < 1e-9);
    }

    #[test]
    fn window_rebases_traffic_and_recorded() {
        let mut t = trace((0..120).map(|i| (f64::from(i) * 60.0, f64::from(i))).collect(), None, 60.0);
        t.recorded.series.push(RecordedSeries {
            metric: Metric::ReadThrottleEvents,
            statistic: Statistic::Sum,
            period_s: 60.0,
            unit: RecordedUnit::EventsPerMin,
            points: vec![(0.0, 1.0), (3_600.0, 2.0), (3_660.0, 3.0), (7_140.0, 4.0)],
        });
        let w = t.window(3_630.0, 1_800.0).unwrap();
        assert_eq!(w.points[0], (0.0, 60.0));
        assert_eq!(w.points[1], (30.0, 61.0));
        assert_eq!(w.end_s, 1_800.0);
        assert_eq!(w.start_utc.as_deref(), Some("2026-11-03T15:05:30Z"));
        assert_eq!(w.recorded.series[0].points, [(30.0, 3.0)]);
        assert!(w.to_traffic().validate().is_ok());
        assert!(t.window(7_200.0, 60.0).unwrap_err().contains("at or after the trace's end"));
        assert!(t.window(0.0, 31.0 * 86_400.0).unwrap_err().contains("30 days"));
        assert!(t.window(f64::NAN, 60.0).is_err());
        // The window's end is clipped to the trace's.
        assert_eq!(t.window(7_000.0, 3_600.0).unwrap().end_s, 200.0);
    }

    #[test]
    fn scaling() {
        let t = trace(vec![(0.0, 10.0), (60.0, 40.0)], None, 60.0);
        assert_eq!(t.scaled(2.5).unwrap().points, [(0.0, 25.0), (60.0, 100.0)]);
        assert_eq!(t.scaled_to_peak(1_000.0).unwrap().points, [(0.0, 250.0), (60.0, 1_000.0)]);
        assert!(t.scaled(0.0).is_err() && t.scaled(f64::INFINITY).is_err());
        assert!(t.scaled_to_peak(2e7).is_err());
        assert!(trace(vec![(0.0, 0.0)], None, 60.0).scaled_to_peak(5.0).unwrap_err().contains("no traffic"));
    }

    #[test]
    fn applies_to_a_scenario() {
        let t = trace(vec![(0.0, 500.0), (60.0, 800.0)], Some(vec![0.9, 0.8]), 60.0);
        let mut s = Scenario::default();
        let notes = t.apply_to(&mut s).unwrap();
        assert_eq!(s.workload.requests_per_s, 500.0);
        assert_eq!(s.simulation.duration_s, 3_600.0);
        assert!(s.traffic.has_read_shares());
        assert!(s.recorded.is_none());
        assert!(notes.iter().any(|n| n.contains("simulation.duration_s = 3600 (a run's shortest; the trace lasts 2 min")), "{notes:?}");
        assert_eq!(s.validate(), Ok(()));
        let big = trace(vec![(0.0, 2e7)], None, 60.0);
        assert!(big.apply_to(&mut s).unwrap_err().contains("scale it down"));
        let long = trace(vec![(0.0, 1.0), (40.0 * 86_400.0, 1.0)], None, 60.0);
        assert!(long.apply_to(&mut s).unwrap_err().contains("window"));
    }
}
