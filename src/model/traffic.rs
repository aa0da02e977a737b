//! Offered traffic over time. Every shape is relative to the workload's `requests_per_s`
//! (the base, or the peak for a daily cycle), except a user series, which gives absolute
//! rates. Time is seconds from the start of the run, which starts at midnight UTC.

pub mod shared;
pub mod summary;

use shared::Shared;

use crate::model::input::{self, shown};
use serde::{Deserialize, Serialize};

const DAY_S: f64 = 86_400.0;

/// Most points a user series may have (a day at one point a second is 86,400).
pub const MAX_SERIES_POINTS: usize = 100_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "shape", rename_all = "snake_case", from = "TrafficInput")]
pub enum Traffic {
    /// Always `requests_per_s`.
    Steady,
    /// A daily sine: `requests_per_s` at `peak_hour_utc`, `trough_to_peak × requests_per_s`
    /// twelve hours away.
    Diurnal {
        trough_to_peak: f64,
        peak_hour_utc: f64,
    },
    /// `requests_per_s`, then `multiplier ×` that for `duration_s` from `start_s` (a flash
    /// sale), then back.
    Spike {
        multiplier: f64,
        start_s: f64,
        duration_s: f64,
    },
    /// `requests_per_s` until `start_s`, rising linearly to `to_multiplier ×` at `end_s`,
    /// then flat.
    Ramp {
        to_multiplier: f64,
        start_s: f64,
        end_s: f64,
    },
    /// `requests_per_s`, plus a nightly batch window of `batch_multiplier ×` from
    /// `start_hour_utc` for `duration_h` hours, every day.
    NightlyBatch {
        batch_multiplier: f64,
        start_hour_utc: f64,
        duration_h: f64,
    },
    /// A user series: `(t_s, requests_per_s)` points, held flat before the first and after
    /// the last. Between points the rate is either held (`between_points: hold`, a count per
    /// interval: what a per-second or per-minute export means) or linear (`linear`, samples
    /// of a smooth rate; the default, as files written before `hold` existed meant).
    /// `read_shares`, when given, is each point's share of reads (else the workload's).
    /// `summary_of`, when given, says the series is a summary of a finer trace (a share
    /// link's: see [`summary`]), close to it but not it.
    Series {
        points: Shared<Vec<(f64, f64)>>,
        #[serde(default, skip_serializing_if = "BetweenPoints::is_linear")]
        between_points: BetweenPoints,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        read_shares: Option<Shared<Vec<f64>>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary_of: Option<summary::SummaryOf>,
    },
}

/// How a user series moves between its points.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BetweenPoints {
    /// Straight lines between points: samples of a smooth rate.
    #[default]
    Linear,
    /// Each point's rate holds until the next point: a count per interval.
    Hold,
}

impl BetweenPoints {
    fn is_linear(&self) -> bool {
        *self == BetweenPoints::Linear
    }
}

impl Default for Traffic {
    fn default() -> Self {
        Traffic::Steady
    }
}

/// What `Traffic` is read from. The same shapes, except that `steady` is an empty struct
/// variant: serde's `deny_unknown_fields` does not reach a unit variant of an internally
/// tagged enum, so `{"shape": "steady", "multiplier": 2}` would otherwise pass silently.
#[derive(Deserialize)]
#[serde(tag = "shape", rename_all = "snake_case", deny_unknown_fields)]
enum TrafficInput {
    Steady {},
    Diurnal {
        trough_to_peak: f64,
        peak_hour_utc: f64,
    },
    Spike {
        multiplier: f64,
        start_s: f64,
        duration_s: f64,
    },
    Ramp {
        to_multiplier: f64,
        start_s: f64,
        end_s: f64,
    },
    NightlyBatch {
        batch_multiplier: f64,
        start_hour_utc: f64,
        duration_h: f64,
    },
    Series {
        points: Vec<(f64, f64)>,
        #[serde(default)]
        between_points: BetweenPoints,
        #[serde(default)]
        read_shares: Option<Vec<f64>>,
        #[serde(default)]
        summary_of: Option<summary::SummaryOf>,
    },
}

impl From<TrafficInput> for Traffic {
    fn from(t: TrafficInput) -> Self {
        match t {
            TrafficInput::Steady {} => Traffic::Steady,
            TrafficInput::Diurnal {
                trough_to_peak,
                peak_hour_utc,
            } => Traffic::Diurnal {
                trough_to_peak,
                peak_hour_utc,
            },
            TrafficInput::Spike {
                multiplier,
                start_s,
                duration_s,
            } => Traffic::Spike {
                multiplier,
                start_s,
                duration_s,
            },
            TrafficInput::Ramp {
                to_multiplier,
                start_s,
                end_s,
            } => Traffic::Ramp {
                to_multiplier,
                start_s,
                end_s,
            },
            TrafficInput::NightlyBatch {
                batch_multiplier,
                start_hour_utc,
                duration_h,
            } => Traffic::NightlyBatch {
                batch_multiplier,
                start_hour_utc,
                duration_h,
            },
            TrafficInput::Series { points, between_points, read_shares, summary_of } => {
                Traffic::Series { points: points.into(), between_points, read_shares: read_shares.map(Into::into), summary_of }
            }
        }
    }
}

impl Traffic {
    /// A series of `(t_s, requests_per_s)` points, linear between them, read share as the
    /// workload's.
    pub fn series(points: Vec<(f64, f64)>) -> Traffic {
        Traffic::Series { points: points.into(), between_points: BetweenPoints::Linear, read_shares: None, summary_of: None }
    }

    /// A series of per-interval rates: each point's rate holds until the next.
    pub fn series_held(points: Vec<(f64, f64)>) -> Traffic {
        Traffic::Series { points: points.into(), between_points: BetweenPoints::Hold, read_shares: None, summary_of: None }
    }

    /// Points of a user series (0 for the other shapes).
    pub fn point_count(&self) -> usize {
        match self {
            Traffic::Series { points, .. } => points.len(),
            _ => 0,
        }
    }

    /// A series whose rate holds between its points (flat between breakpoints).
    pub fn is_held(&self) -> bool {
        matches!(self, Traffic::Series { between_points: BetweenPoints::Hold, .. })
    }

    /// A series that gives its own read share per point.
    pub fn has_read_shares(&self) -> bool {
        matches!(self, Traffic::Series { read_shares: Some(_), .. })
    }

    /// The share of requests that are reads at `t_s`: the series' own where it gives one,
    /// else `workload_share`.
    pub fn read_share_at(&self, t_s: f64, workload_share: f64) -> f64 {
        match self {
            Traffic::Series { points, between_points, read_shares: Some(shares), .. } => {
                let rate = interpolate(points, *between_points, t_s);
                if rate > 0.0 {
                    (reads_at(points, shares, *between_points, t_s) / rate).clamp(0.0, 1.0)
                } else {
                    share_of_point(points, shares, t_s)
                }
            }
            _ => workload_share,
        }
    }

    /// Offered requests per second at `t_s`, for a base rate `base_rps`.
    pub fn rate_at(&self, t_s: f64, base_rps: f64) -> f64 {
        match self {
            Traffic::Steady => base_rps,
            Traffic::Diurnal {
                trough_to_peak,
                peak_hour_utc,
            } => {
                let phase = 2.0 * std::f64::consts::PI * (t_s / DAY_S - peak_hour_utc / 24.0);
                let low = base_rps * trough_to_peak;
                low + (base_rps - low) * 0.5 * (1.0 + phase.cos())
            }
            Traffic::Spike {
                multiplier,
                start_s,
                duration_s,
            } => {
                if t_s >= *start_s && t_s < start_s + duration_s {
                    base_rps * multiplier
                } else {
                    base_rps
                }
            }
            Traffic::Ramp {
                to_multiplier,
                start_s,
                end_s,
            } => {
                let f = ((t_s - start_s) / (end_s - start_s).max(1e-9)).clamp(0.0, 1.0);
                base_rps * (1.0 + (to_multiplier - 1.0) * f)
            }
            Traffic::NightlyBatch {
                batch_multiplier,
                start_hour_utc,
                duration_h,
            } => {
                let hour = (t_s / 3600.0).rem_euclid(24.0);
                let into = (hour - start_hour_utc).rem_euclid(24.0);
                if into < *duration_h {
                    base_rps * batch_multiplier
                } else {
                    base_rps
                }
            }
            Traffic::Series { points, between_points, .. } => interpolate(points, *between_points, t_s),
        }
    }

    /// Check every parameter; errors name the field, the value and the allowed range.
    /// Whether both are one series held once (shared, not copied): what holds for one
    /// holds for the other, without going through its points.
    pub fn same_series(&self, other: &Traffic) -> bool {
        match (self, other) {
            (
                Traffic::Series { points, between_points, read_shares, summary_of },
                Traffic::Series { points: p, between_points: b, read_shares: r, summary_of: s },
            ) => {
                Shared::same(points, p)
                    && between_points == b
                    && summary_of == s
                    && match (read_shares, r) {
                        (Some(x), Some(y)) => Shared::same(x, y),
                        (None, None) => true,
                        _ => false,
                    }
            }
            _ => false,
        }
    }

    pub fn validate(&self) -> Result<(), String> {
        // The field is named only when the value is out of range: a trace of 86,400 points
        // is checked without writing 172,800 names.
        let check_named = |field: &dyn Fn() -> String, v: f64, lo: f64, hi: f64| {
            if v.is_finite() && (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(format!(
                    "traffic.{} = {} is outside the allowed range {lo} to {hi}",
                    field(),
                    shown(v)
                ))
            }
        };
        let check = |field: &str, v: f64, lo: f64, hi: f64| check_named(&|| field.to_string(), v, lo, hi);
        match self {
            Traffic::Steady => Ok(()),
            Traffic::Diurnal {
                trough_to_peak,
                peak_hour_utc,
            } => {
                check("trough_to_peak", *trough_to_peak, 0.0, 1.0)?;
                check("peak_hour_utc", *peak_hour_utc, 0.0, 24.0)
            }
            Traffic::Spike {
                multiplier,
                start_s,
                duration_s,
            } => {
                check("multiplier", *multiplier, 0.0, 1000.0)?;
                check("start_s", *start_s, 0.0, 31.0 * DAY_S)?;
                check("duration_s", *duration_s, 0.0, 31.0 * DAY_S)
            }
            Traffic::Ramp {
                to_multiplier,
                start_s,
                end_s,
            } => {
                check("to_multiplier", *to_multiplier, 0.0, 1000.0)?;
                check("start_s", *start_s, 0.0, 31.0 * DAY_S)?;
                check("end_s", *end_s, *start_s, 31.0 * DAY_S)
            }
            Traffic::NightlyBatch {
                batch_multiplier,
                start_hour_utc,
                duration_h,
            } => {
                check("batch_multiplier", *batch_multiplier, 0.0, 1000.0)?;
                check("start_hour_utc", *start_hour_utc, 0.0, 24.0)?;
                check("duration_h", *duration_h, 0.0, 24.0)
            }
            Traffic::Series { points, read_shares, .. } => {
                if let Some(shares) = read_shares {
                    if shares.len() != points.len() {
                        return Err(format!(
                            "traffic.read_shares has {} values for {} points: give one read share per point",
                            shares.len(),
                            points.len()
                        ));
                    }
                    for (i, &share) in shares.iter().enumerate() {
                        check_named(&|| format!("read_shares[{i}]"), share, 0.0, 1.0)?;
                    }
                }
                if points.is_empty() {
                    return Err("traffic.points is empty: a series needs at least one (t_s, requests_per_s) point".into());
                }
                if points.len() > MAX_SERIES_POINTS {
                    return Err(format!(
                        "traffic.points has {} points, outside the allowed range 1 to {MAX_SERIES_POINTS}",
                        points.len()
                    ));
                }
                for (i, &(t, r)) in points.iter().enumerate() {
                    check_named(&|| format!("points[{i}].t_s"), t, 0.0, 31.0 * DAY_S)?;
                    check_named(&|| format!("points[{i}].requests_per_s"), r, 0.0, 10_000_000.0)?;
                    if i > 0 && t <= points[i - 1].0 {
                        return Err(format!(
                            "traffic.points[{i}].t_s = {} must be after the previous point's {}",
                            shown(t),
                            shown(points[i - 1].0)
                        ));
                    }
                }
                Ok(())
            }
        }
    }
}

/// The series' rate at `t_s`: binary search for the pair around it (so a long trace costs
/// `log n` a step, not `n`), then linear between the two or the first one's held.
fn interpolate(points: &[(f64, f64)], between: BetweenPoints, t_s: f64) -> f64 {
    let Some(&(t0, r0)) = points.first() else {
        return 0.0;
    };
    if t_s <= t0 {
        return r0;
    }
    if between == BetweenPoints::Hold {
        // The last point at or before `t_s`.
        let i = points.partition_point(|&(t, _)| t <= t_s);
        return points[i - 1].1;
    }
    let i = points.partition_point(|&(t, _)| t < t_s);
    match (points.get(i.wrapping_sub(1)), points.get(i)) {
        (Some(&(ta, ra)), Some(&(tb, rb))) => ra + (rb - ra) * (t_s - ta) / (tb - ta),
        _ => points[points.len() - 1].1,
    }
}

/// Reads per second at `t_s` of a series with per-point read shares: each point's reads
/// (rate × share), held or linear between points as the rate is.
fn reads_at(points: &[(f64, f64)], shares: &[f64], between: BetweenPoints, t_s: f64) -> f64 {
    let Some(&(t0, r0)) = points.first() else {
        return 0.0;
    };
    let reads = |i: usize| points[i].1 * shares.get(i).copied().unwrap_or(0.0);
    if t_s <= t0 {
        return r0 * shares.first().copied().unwrap_or(0.0);
    }
    if between == BetweenPoints::Hold {
        return reads(points.partition_point(|&(t, _)| t <= t_s) - 1);
    }
    let i = points.partition_point(|&(t, _)| t < t_s);
    if i >= points.len() {
        return reads(points.len() - 1);
    }
    let (ta, tb) = (points[i - 1].0, points[i].0);
    reads(i - 1) + (reads(i) - reads(i - 1)) * (t_s - ta) / (tb - ta)
}

/// The read share of the point in force at `t_s` (for a moment with no traffic, whose
/// share is not a ratio of rates).
fn share_of_point(points: &[(f64, f64)], shares: &[f64], t_s: f64) -> f64 {
    let i = points.partition_point(|&(t, _)| t <= t_s).saturating_sub(1);
    shares.get(i).copied().unwrap_or(0.0)
}

/// Parse a CSV of `t_s,requests_per_s` rows with the `csv` crate. A leading UTF-8 BOM is
/// skipped, blank lines and lines starting with `#` are ignored, and a first row of two
/// non-numbers is a header. Errors give the line and the column (1-based), the value (an
/// excerpt) and what is allowed.
pub fn parse_series_csv(text: &str) -> Result<Vec<(f64, f64)>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .comment(Some(b'#'))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input::strip_bom(text).as_bytes());
    let mut points: Vec<(f64, f64)> = Vec::new();
    let mut first = true;
    for record in reader.records() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => format!(
                "line {}: not CSV: {}",
                p.line(),
                input::tidy(&e.to_string())
            ),
            None => format!("not CSV: {}", input::tidy(&e.to_string())),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != 2 {
            let shown_row = input::excerpt(&record.iter().collect::<Vec<_>>().join(","));
            return Err(format!(
                "line {line}: expected 2 columns t_s,requests_per_s, found {}: {shown_row:?}",
                record.len()
            ));
        }
        let cells = (record[0].parse::<f64>(), record[1].parse::<f64>());
        if first && cells.0.is_err() && cells.1.is_err() {
            first = false;
            continue; // a header row
        }
        first = false;
        let number = |column: usize, name: &str, parsed: Result<f64, _>| {
            parsed.ok().filter(|v: &f64| v.is_finite()).ok_or_else(|| {
                format!(
                    "line {line}, column {column}: {name} = {} is not a number",
                    input::quoted(&record[column - 1])
                )
            })
        };
        let t = number(1, "t_s", cells.0)?;
        let r = number(2, "requests_per_s", cells.1)?;
        if !(0.0..=31.0 * DAY_S).contains(&t) {
            return Err(format!("line {line}, column 1: t_s = {} is outside the allowed range 0 to 2678400 s (31 days)", shown(t)));
        }
        if !(0.0..=10_000_000.0).contains(&r) {
            return Err(format!(
                "line {line}, column 2: requests_per_s = {} is outside the allowed range 0 to 10000000",
                shown(r)
            ));
        }
        if let Some(&(prev, _)) = points.last() {
            if t <= prev {
                return Err(format!(
                    "line {line}, column 1: t_s = {} is not after the previous row's {}: rows must be in time order",
                    shown(t),
                    shown(prev)
                ));
            }
        }
        if points.len() == MAX_SERIES_POINTS {
            return Err(format!("line {line}: more than {MAX_SERIES_POINTS} rows; a series holds at most {MAX_SERIES_POINTS} points"));
        }
        points.push((t, r));
    }
    if points.is_empty() {
        return Err("the CSV has no data rows (expected t_s,requests_per_s)".into());
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spike_multiplies_inside_its_window_only() {
        let s = Traffic::Spike {
            multiplier: 10.0,
            start_s: 600.0,
            duration_s: 300.0,
        };
        assert_eq!(s.rate_at(599.0, 100.0), 100.0);
        assert_eq!(s.rate_at(600.0, 100.0), 1000.0);
        assert_eq!(s.rate_at(900.0, 100.0), 100.0);
    }

    #[test]
    fn diurnal_peaks_at_its_hour_and_troughs_twelve_hours_later() {
        let d = Traffic::Diurnal {
            trough_to_peak: 0.2,
            peak_hour_utc: 14.0,
        };
        assert!((d.rate_at(14.0 * 3600.0, 1000.0) - 1000.0).abs() < 1e-9);
        assert!((d.rate_at(2.0 * 3600.0, 1000.0) - 200.0).abs() < 1e-9);
    }

    #[test]
    fn nightly_batch_wraps_past_midnight() {
        let b = Traffic::NightlyBatch {
            batch_multiplier: 5.0,
            start_hour_utc: 23.0,
            duration_h: 2.0,
        };
        assert_eq!(b.rate_at(23.5 * 3600.0, 10.0), 50.0);
        assert_eq!(b.rate_at(86_400.0 + 0.5 * 3600.0, 10.0), 50.0);
        assert_eq!(b.rate_at(2.0 * 3600.0, 10.0), 10.0);
    }

    #[test]
    fn ramp_and_series_interpolate() {
        let r = Traffic::Ramp {
            to_multiplier: 3.0,
            start_s: 0.0,
            end_s: 100.0,
        };
        assert_eq!(r.rate_at(50.0, 10.0), 20.0);
        let s = Traffic::series(vec![(0.0, 10.0), (10.0, 30.0)]);
        assert_eq!(s.rate_at(5.0, 999.0), 20.0);
        assert_eq!(s.rate_at(50.0, 999.0), 30.0);
    }

    #[test]
    fn csv_errors_name_the_line() {
        assert_eq!(
            parse_series_csv("t_s,requests_per_s\n0,5\n60,10\n").unwrap(),
            vec![(0.0, 5.0), (60.0, 10.0)]
        );
        assert!(parse_series_csv("0,5\n60\n")
            .unwrap_err()
            .starts_with("line 2: expected 2 columns"));
        assert_eq!(
            parse_series_csv("0,5\nabc,1\n").unwrap_err(),
            "line 2, column 1: t_s = \"abc\" is not a number"
        );
        assert_eq!(
            parse_series_csv("0,5\n60,x\n").unwrap_err(),
            "line 2, column 2: requests_per_s = \"x\" is not a number"
        );
        assert!(parse_series_csv("0,5\n0,6\n")
            .unwrap_err()
            .starts_with("line 2, column 1: t_s = 0 is not after the previous row"));
        assert!(parse_series_csv("0,-1\n")
            .unwrap_err()
            .contains("requests_per_s = -1"));
        assert!(parse_series_csv("").is_err());
        // Blank lines, comments and quoted cells are CSV as any spreadsheet writes it.
        assert_eq!(
            parse_series_csv("# trace\n\n\"0\", 5\n\n60,10\n").unwrap(),
            vec![(0.0, 5.0), (60.0, 10.0)]
        );
    }

    #[test]
    fn csv_with_a_bom_keeps_its_first_row() {
        // Found: with a UTF-8 BOM, "\u{feff}0" was not a number, so the first data row was
        // taken for a header and silently dropped.
        assert_eq!(
            parse_series_csv("\u{feff}0,100\n60,200\n").unwrap(),
            vec![(0.0, 100.0), (60.0, 200.0)]
        );
        assert_eq!(
            parse_series_csv("\u{feff}t_s,requests_per_s\n0,100\n").unwrap(),
            vec![(0.0, 100.0)]
        );
        // A first row with one number is a bad row, not a header.
        assert!(parse_series_csv("0,rate\n60,5\n")
            .unwrap_err()
            .starts_with("line 1, column 2"));
    }

    #[test]
    fn steady_refuses_fields_of_other_shapes() {
        let e = serde_json::from_str::<Traffic>(r#"{"shape": "steady", "multiplier": 2}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field `multiplier`"), "{e}");
        assert_eq!(
            serde_json::from_str::<Traffic>(r#"{"shape": "steady"}"#).unwrap(),
            Traffic::Steady
        );
        assert_eq!(
            serde_json::to_string(&Traffic::Steady).unwrap(),
            r#"{"shape":"steady"}"#
        );
    }

    #[test]
    fn interpolation_finds_the_pair_around_any_time() {
        let points: Vec<(f64, f64)> = (0..1000)
            .map(|i| (f64::from(i) * 10.0, f64::from(i)))
            .collect();
        let s = Traffic::series(points);
        assert_eq!(s.rate_at(-5.0, 0.0), 0.0);
        assert_eq!(s.rate_at(55.0, 0.0), 5.5);
        assert_eq!(s.rate_at(9_990.0, 0.0), 999.0);
        assert_eq!(s.rate_at(1e9, 0.0), 999.0);
    }
}
