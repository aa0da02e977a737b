//! Offered traffic over time. Every shape is relative to the workload's `requests_per_s`
//! (the base, or the peak for a daily cycle), except a user series, which gives absolute
//! rates. Time is seconds from the start of the run, which starts at midnight UTC.

use serde::{Deserialize, Serialize};

const DAY_S: f64 = 86_400.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "shape", rename_all = "snake_case", deny_unknown_fields)]
pub enum Traffic {
    /// Always `requests_per_s`.
    Steady,
    /// A daily sine: `requests_per_s` at `peak_hour_utc`, `trough_to_peak × requests_per_s`
    /// twelve hours away.
    Diurnal { trough_to_peak: f64, peak_hour_utc: f64 },
    /// `requests_per_s`, then `multiplier ×` that for `duration_s` from `start_s` (a flash
    /// sale), then back.
    Spike { multiplier: f64, start_s: f64, duration_s: f64 },
    /// `requests_per_s` until `start_s`, rising linearly to `to_multiplier ×` at `end_s`,
    /// then flat.
    Ramp { to_multiplier: f64, start_s: f64, end_s: f64 },
    /// `requests_per_s`, plus a nightly batch window of `batch_multiplier ×` from
    /// `start_hour_utc` for `duration_h` hours, every day.
    NightlyBatch { batch_multiplier: f64, start_hour_utc: f64, duration_h: f64 },
    /// A user series: `(t_s, requests_per_s)` points, linearly interpolated, held flat
    /// before the first and after the last.
    Series { points: Vec<(f64, f64)> },
}

impl Default for Traffic {
    fn default() -> Self {
        Traffic::Steady
    }
}

impl Traffic {
    /// Offered requests per second at `t_s`, for a base rate `base_rps`.
    pub fn rate_at(&self, t_s: f64, base_rps: f64) -> f64 {
        match self {
            Traffic::Steady => base_rps,
            Traffic::Diurnal { trough_to_peak, peak_hour_utc } => {
                let phase = 2.0 * std::f64::consts::PI * (t_s / DAY_S - peak_hour_utc / 24.0);
                let low = base_rps * trough_to_peak;
                low + (base_rps - low) * 0.5 * (1.0 + phase.cos())
            }
            Traffic::Spike { multiplier, start_s, duration_s } => {
                if t_s >= *start_s && t_s < start_s + duration_s {
                    base_rps * multiplier
                } else {
                    base_rps
                }
            }
            Traffic::Ramp { to_multiplier, start_s, end_s } => {
                let f = ((t_s - start_s) / (end_s - start_s).max(1e-9)).clamp(0.0, 1.0);
                base_rps * (1.0 + (to_multiplier - 1.0) * f)
            }
            Traffic::NightlyBatch { batch_multiplier, start_hour_utc, duration_h } => {
                let hour = (t_s / 3600.0).rem_euclid(24.0);
                let into = (hour - start_hour_utc).rem_euclid(24.0);
                if into < *duration_h {
                    base_rps * batch_multiplier
                } else {
                    base_rps
                }
            }
            Traffic::Series { points } => interpolate(points, t_s),
        }
    }

    /// Check every parameter; errors name the field, the value and the allowed range.
    pub fn validate(&self) -> Result<(), String> {
        let check = |field: &str, v: f64, lo: f64, hi: f64| {
            if v.is_finite() && (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(format!("traffic.{field} = {v} is outside the allowed range {lo} to {hi}"))
            }
        };
        match self {
            Traffic::Steady => Ok(()),
            Traffic::Diurnal { trough_to_peak, peak_hour_utc } => {
                check("trough_to_peak", *trough_to_peak, 0.0, 1.0)?;
                check("peak_hour_utc", *peak_hour_utc, 0.0, 24.0)
            }
            Traffic::Spike { multiplier, start_s, duration_s } => {
                check("multiplier", *multiplier, 0.0, 1000.0)?;
                check("start_s", *start_s, 0.0, 31.0 * DAY_S)?;
                check("duration_s", *duration_s, 0.0, 31.0 * DAY_S)
            }
            Traffic::Ramp { to_multiplier, start_s, end_s } => {
                check("to_multiplier", *to_multiplier, 0.0, 1000.0)?;
                check("start_s", *start_s, 0.0, 31.0 * DAY_S)?;
                check("end_s", *end_s, *start_s, 31.0 * DAY_S)
            }
            Traffic::NightlyBatch { batch_multiplier, start_hour_utc, duration_h } => {
                check("batch_multiplier", *batch_multiplier, 0.0, 1000.0)?;
                check("start_hour_utc", *start_hour_utc, 0.0, 24.0)?;
                check("duration_h", *duration_h, 0.0, 24.0)
            }
            Traffic::Series { points } => {
                if points.is_empty() {
                    return Err("traffic.points is empty: a series needs at least one (t_s, requests_per_s) point".into());
                }
                for (i, &(t, r)) in points.iter().enumerate() {
                    check(&format!("points[{i}].t_s"), t, 0.0, 31.0 * DAY_S)?;
                    check(&format!("points[{i}].requests_per_s"), r, 0.0, 10_000_000.0)?;
                    if i > 0 && t <= points[i - 1].0 {
                        return Err(format!("traffic.points[{i}].t_s = {t} must be after the previous point's {}", points[i - 1].0));
                    }
                }
                Ok(())
            }
        }
    }
}

fn interpolate(points: &[(f64, f64)], t_s: f64) -> f64 {
    let Some(&(t0, r0)) = points.first() else { return 0.0 };
    if t_s <= t0 {
        return r0;
    }
    for pair in points.windows(2) {
        let ((ta, ra), (tb, rb)) = (pair[0], pair[1]);
        if t_s <= tb {
            return ra + (rb - ra) * (t_s - ta) / (tb - ta);
        }
    }
    points[points.len() - 1].1
}

/// Parse a CSV of `t_s,requests_per_s` rows (an optional header line is skipped). Errors
/// give the line number and what is wrong with it.
pub fn parse_series_csv(text: &str) -> Result<Vec<(f64, f64)>, String> {
    let mut points = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        if cells.len() != 2 {
            return Err(format!("line {line_no}: expected 2 columns t_s,requests_per_s, found {}: {line:?}", cells.len()));
        }
        let parsed = (cells[0].parse::<f64>(), cells[1].parse::<f64>());
        let (t, r) = match parsed {
            (Ok(t), Ok(r)) => (t, r),
            _ if points.is_empty() && i == 0 => continue, // a header row
            _ => return Err(format!("line {line_no}: {line:?} is not two numbers")),
        };
        if !t.is_finite() || t < 0.0 {
            return Err(format!("line {line_no}: t_s = {t} must be a time ≥ 0 in seconds"));
        }
        if !r.is_finite() || !(0.0..=10_000_000.0).contains(&r) {
            return Err(format!("line {line_no}: requests_per_s = {r} must be 0 to 10000000"));
        }
        if let Some(&(prev, _)) = points.last() {
            if t <= prev {
                return Err(format!("line {line_no}: t_s = {t} is not after the previous row's {prev}: rows must be in time order"));
            }
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
        let s = Traffic::Spike { multiplier: 10.0, start_s: 600.0, duration_s: 300.0 };
        assert_eq!(s.rate_at(599.0, 100.0), 100.0);
        assert_eq!(s.rate_at(600.0, 100.0), 1000.0);
        assert_eq!(s.rate_at(900.0, 100.0), 100.0);
    }

    #[test]
    fn diurnal_peaks_at_its_hour_and_troughs_twelve_hours_later() {
        let d = Traffic::Diurnal { trough_to_peak: 0.2, peak_hour_utc: 14.0 };
        assert!((d.rate_at(14.0 * 3600.0, 1000.0) - 1000.0).abs() < 1e-9);
        assert!((d.rate_at(2.0 * 3600.0, 1000.0) - 200.0).abs() < 1e-9);
    }

    #[test]
    fn nightly_batch_wraps_past_midnight() {
        let b = Traffic::NightlyBatch { batch_multiplier: 5.0, start_hour_utc: 23.0, duration_h: 2.0 };
        assert_eq!(b.rate_at(23.5 * 3600.0, 10.0), 50.0);
        assert_eq!(b.rate_at(86_400.0 + 0.5 * 3600.0, 10.0), 50.0);
        assert_eq!(b.rate_at(2.0 * 3600.0, 10.0), 10.0);
    }

    #[test]
    fn ramp_and_series_interpolate() {
        let r = Traffic::Ramp { to_multiplier: 3.0, start_s: 0.0, end_s: 100.0 };
        assert_eq!(r.rate_at(50.0, 10.0), 20.0);
        let s = Traffic::Series { points: vec![(0.0, 10.0), (10.0, 30.0)] };
        assert_eq!(s.rate_at(5.0, 999.0), 20.0);
        assert_eq!(s.rate_at(50.0, 999.0), 30.0);
    }

    #[test]
    fn csv_errors_name_the_line() {
        assert_eq!(parse_series_csv("t_s,requests_per_s\n0,5\n60,10\n").unwrap(), vec![(0.0, 5.0), (60.0, 10.0)]);
        assert!(parse_series_csv("0,5\n60\n").unwrap_err().starts_with("line 2: expected 2 columns"));
        assert!(parse_series_csv("0,5\nabc,1\n").unwrap_err().starts_with("line 2:"));
        assert!(parse_series_csv("0,5\n0,6\n").unwrap_err().contains("not after the previous row"));
        assert!(parse_series_csv("0,-1\n").unwrap_err().contains("requests_per_s = -1"));
        assert!(parse_series_csv("").is_err());
    }
}
