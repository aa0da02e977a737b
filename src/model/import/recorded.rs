//! Recorded series: what CloudWatch measured while the imported traffic ran, kept in the
//! scenario (`recorded`) so that a run can be set beside it.
//!
//! Each series names its metric and statistic, the period it was published at, the unit
//! its values are kept in ([`RecordedUnit`]: throttle events per minute, capacity consumed
//! per second, everything else as published), and `(t_s, value)` points, `t_s` from the
//! start of the trace. A period CloudWatch had no datapoint for is simply absent (never a
//! zero written in): for DynamoDB's counts that means zero, for the rest, unknown.

use super::metric::{Metric, RecordedUnit, Statistic};
use crate::model::input::shown;
use crate::model::traffic::MAX_SERIES_POINTS;
use serde::{Deserialize, Serialize};

/// Most recorded series a scenario keeps.
pub const MAX_RECORDED_SERIES: usize = 32;

const MAX_T_S: f64 = 31.0 * 86_400.0;

/// The recorded side of an imported trace.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recorded {
    /// When `t_s = 0` was, as `2026-11-03T14:05:00Z` (null when the source gave no dates).
    #[serde(default)]
    pub start_utc: Option<String>,
    #[serde(default)]
    pub series: Vec<RecordedSeries>,
}

/// One metric as CloudWatch published it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedSeries {
    pub metric: Metric,
    pub statistic: Statistic,
    /// Seconds each datapoint covers.
    pub period_s: f64,
    pub unit: RecordedUnit,
    /// `(t_s, value)`, each point's period starting at `t_s`; missing periods are absent.
    pub points: Vec<(f64, f64)>,
}

impl Recorded {
    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// The series of `metric`, if recorded.
    pub fn get(&self, metric: Metric) -> Option<&RecordedSeries> {
        self.series.iter().find(|s| s.metric == metric)
    }

    /// Check every series; errors name the field (`recorded.series[1].points[4].t_s`), the
    /// value and what is allowed.
    pub fn validate(&self) -> Result<(), String> {
        if self.series.len() > MAX_RECORDED_SERIES {
            return Err(format!(
                "recorded.series has {} series, outside the allowed range 0 to {MAX_RECORDED_SERIES}",
                self.series.len()
            ));
        }
        for (i, s) in self.series.iter().enumerate() {
            s.validate(&format!("recorded.series[{i}]"))?;
            if let Some(j) = self.series[..i].iter().position(|o| o.metric == s.metric && o.statistic == s.statistic) {
                return Err(format!(
                    "recorded.series[{i}] is {} {} again (as recorded.series[{j}]): give each metric and statistic once",
                    s.metric.name(),
                    s.statistic.name()
                ));
            }
        }
        Ok(())
    }
}

impl Recorded {
    /// These series as a share link carries them: any of more than
    /// [`LINK_MAX_POINTS`](crate::model::traffic::summary::LINK_MAX_POINTS) points averaged
    /// over whole runs of its periods, into at most
    /// [`LINK_BUCKETS`](crate::model::traffic::summary::LINK_BUCKETS) (a gap stays a gap);
    /// `None` when every series is carried as it is.
    pub fn summarised_for_link(&self) -> Option<Recorded> {
        use crate::model::traffic::summary::{LINK_BUCKETS, LINK_MAX_POINTS};
        if self.series.iter().all(|s| s.points.len() <= LINK_MAX_POINTS) {
            return None;
        }
        let series = self
            .series
            .iter()
            .map(|s| {
                if s.points.len() <= LINK_MAX_POINTS {
                    return s.clone();
                }
                let periods = (s.end_s() / s.period_s / LINK_BUCKETS as f64).ceil().max(1.0);
                let period_s = (s.period_s * periods).min(86_400.0);
                let mut points: Vec<(f64, f64)> = Vec::with_capacity(LINK_BUCKETS);
                let mut bucket: Option<(f64, f64, f64)> = None; // (start, sum, count)
                for &(t, v) in &s.points {
                    let start = (t / period_s).floor() * period_s;
                    match &mut bucket {
                        Some((b, sum, n)) if *b == start => (*sum, *n) = (*sum + v, *n + 1.0),
                        _ => {
                            if let Some((b, sum, n)) = bucket.take() {
                                points.push((b, sum / n));
                            }
                            bucket = Some((start, v, 1.0));
                        }
                    }
                }
                if let Some((b, sum, n)) = bucket {
                    points.push((b, sum / n));
                }
                RecordedSeries { period_s, points, ..s.clone() }
            })
            .collect();
        Some(Recorded { start_utc: self.start_utc.clone(), series })
    }
}

impl RecordedSeries {
    fn validate(&self, at: &str) -> Result<(), String> {
        let expected = self.metric.unit_for(self.statistic).map_err(|e| format!("{at}: {e}"))?;
        if self.unit != expected {
            return Err(format!(
                "{at}.unit = {:?} does not fit {} {}: expected {:?}",
                self.unit,
                self.metric.name(),
                self.statistic.name(),
                expected
            ));
        }
        if !(self.period_s.is_finite() && (1.0..=86_400.0).contains(&self.period_s)) {
            return Err(format!("{at}.period_s = {} is outside the allowed range 1 to 86400 s", shown(self.period_s)));
        }
        if self.points.len() > MAX_SERIES_POINTS {
            return Err(format!(
                "{at}.points has {} points, outside the allowed range 0 to {MAX_SERIES_POINTS}: import a shorter window or a longer period",
                self.points.len()
            ));
        }
        let mut previous: Option<f64> = None;
        for (k, &(t, v)) in self.points.iter().enumerate() {
            if !(t.is_finite() && (0.0..=MAX_T_S).contains(&t)) {
                return Err(format!("{at}.points[{k}].t_s = {} is outside the allowed range 0 to 2678400 s (31 days)", shown(t)));
            }
            if let Some(p) = previous.filter(|&p| t <= p) {
                return Err(format!("{at}.points[{k}].t_s = {} must be after the previous point's {}", shown(t), shown(p)));
            }
            if !(v.is_finite() && (0.0..=1e12).contains(&v)) {
                return Err(format!("{at}.points[{k}].value = {} is outside the allowed range 0 to 1e12", shown(v)));
            }
            previous = Some(t);
        }
        Ok(())
    }

    /// The series' last moment: its last point's period ends there (0 when empty).
    pub fn end_s(&self) -> f64 {
        self.points.last().map_or(0.0, |&(t, _)| t + self.period_s)
    }

    /// The largest value and when it was recorded.
    pub fn peak(&self) -> Option<(f64, f64)> {
        self.points.iter().copied().fold(None, |best, (t, v)| match best {
            Some((_, b)) if b >= v => best,
            _ => Some((t, v)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(points: Vec<(f64, f64)>) -> RecordedSeries {
        RecordedSeries {
            metric: Metric::ReadThrottleEvents,
            statistic: Statistic::Sum,
            period_s: 60.0,
            unit: RecordedUnit::EventsPerMin,
            points,
        }
    }

    #[test]
    fn validation_names_the_field() {
        let ok = Recorded { start_utc: None, series: vec![series(vec![(0.0, 1.0), (120.0, 3.0)])] };
        assert_eq!(ok.validate(), Ok(()));
        let back = serde_json::to_string(&ok).unwrap();
        assert_eq!(serde_json::from_str::<Recorded>(&back).unwrap(), ok);
        let bad = Recorded { start_utc: None, series: vec![series(vec![(60.0, 1.0), (60.0, 3.0)])] };
        assert_eq!(
            bad.validate().unwrap_err(),
            "recorded.series[0].points[1].t_s = 60 must be after the previous point's 60"
        );
        let nan = Recorded { start_utc: None, series: vec![series(vec![(0.0, f64::NAN)])] };
        assert!(nan.validate().unwrap_err().starts_with("recorded.series[0].points[0].value = NaN"));
        let mut wrong_unit = series(vec![]);
        wrong_unit.unit = RecordedUnit::Acu;
        let e = Recorded { start_utc: None, series: vec![wrong_unit] }.validate().unwrap_err();
        assert!(e.contains("does not fit ReadThrottleEvents Sum"), "{e}");
        let twice = Recorded { start_utc: None, series: vec![series(vec![]), series(vec![])] };
        assert!(twice.validate().unwrap_err().contains("again"));
        assert!(serde_json::from_str::<Recorded>(r#"{"series": [], "extra": 1}"#).is_err());
    }

    #[test]
    fn peak_and_end() {
        let s = series(vec![(0.0, 1.0), (60.0, 7.0), (300.0, 2.0)]);
        assert_eq!(s.peak(), Some((60.0, 7.0)));
        assert_eq!(s.end_s(), 360.0);
    }
}
