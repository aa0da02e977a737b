//! The traffic a step offers, and the step the engine takes.
//!
//! A step offers the **mean** rate of the traffic shape over the step, integrated exactly for
//! every shape (a sine's integral, the overlap of a spike or a nightly window with the step,
//! the area under a ramp or a user series), so the number of requests offered over a run is
//! the same at any step size. What a step cannot show is a feature shorter than itself: a
//! 60-second spike inside a 300-second step becomes a fifth as tall and five times as long.
//! So when no step is set, [`step_s`] picks one that gives the shortest feature of the shape
//! at least [`STEPS_PER_FEATURE`] steps, within [`MAX_AUTO_STEPS`] for the whole run.

use crate::model::scenario::Scenario;
use crate::model::traffic::{BetweenPoints, Traffic};

const DAY_S: f64 = 86_400.0;

/// Steps the engine may choose from when the scenario sets none.
const NICE_STEPS_S: [f64; 10] = [1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 180.0, 300.0];
/// A run is drawn with this many steps when the shape allows it.
const STEPS_PER_RUN: f64 = 1_440.0;
/// The shortest feature of the traffic (a spike, a ramp, a batch window) gets this many steps.
pub const STEPS_PER_FEATURE: f64 = 8.0;
/// An automatic step never makes a run longer than this many steps.
pub const MAX_AUTO_STEPS: f64 = 20_000.0;

/// The step of `scenario`'s run in seconds: as set, or chosen for its length and shape.
pub fn step_s(scenario: &Scenario) -> f64 {
    if let Some(step) = scenario.simulation.step_s {
        return step;
    }
    let duration = scenario.simulation.duration_s;
    let smallest_nice = |at_least: f64| NICE_STEPS_S.into_iter().find(|&s| s >= at_least).unwrap_or(300.0);
    let for_length = smallest_nice(duration / STEPS_PER_RUN);
    let floor = smallest_nice(duration / MAX_AUTO_STEPS);
    let for_shape = shortest_feature_s(&scenario.traffic)
        .map(|f| NICE_STEPS_S.into_iter().rev().find(|&s| s <= f / STEPS_PER_FEATURE).unwrap_or(1.0))
        .unwrap_or(for_length);
    for_length.min(for_shape).max(floor)
}

/// The shortest stretch of time over which the shape changes, if it has one.
fn shortest_feature_s(traffic: &Traffic) -> Option<f64> {
    let positive = |v: f64| (v > 0.0).then_some(v);
    match traffic {
        Traffic::Steady | Traffic::Diurnal { .. } => None,
        Traffic::Spike { duration_s, .. } => positive(*duration_s),
        Traffic::Ramp { start_s, end_s, .. } => positive(end_s - start_s),
        Traffic::NightlyBatch { duration_h, .. } => positive(duration_h * 3600.0).map(|d| d.min(DAY_S - d).max(1.0)),
        Traffic::Series { points, .. } => points.windows(2).map(|p| p[1].0 - p[0].0).filter(|&d| d > 0.0).reduce(f64::min),
    }
}

/// Length of the overlap of `[a0, a1)` and `[b0, b1)`.
fn overlap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

impl Traffic {
    /// The mean offered rate over `[t0_s, t1_s)`, for a base rate `base_rps`: the integral of
    /// [`Traffic::rate_at`] over the interval divided by its length (the rate at `t0_s` for
    /// an empty interval).
    pub fn mean_rate(&self, t0_s: f64, t1_s: f64, base_rps: f64) -> f64 {
        let span = t1_s - t0_s;
        if !(span > 0.0) {
            return self.rate_at(t0_s, base_rps);
        }
        let mean = match self {
            Traffic::Steady => base_rps,
            Traffic::Diurnal { trough_to_peak, peak_hour_utc } => {
                let omega = 2.0 * std::f64::consts::PI / DAY_S;
                let peak_s = peak_hour_utc * 3600.0;
                let low = base_rps * trough_to_peak;
                // Mean of cos(ω(t − peak)) over the interval.
                let mean_cos = ((omega * (t1_s - peak_s)).sin() - (omega * (t0_s - peak_s)).sin()) / (omega * span);
                low + (base_rps - low) * 0.5 * (1.0 + mean_cos)
            }
            Traffic::Spike { multiplier, start_s, duration_s } => {
                let inside = overlap(t0_s, t1_s, *start_s, start_s + duration_s) / span;
                base_rps * (1.0 + (multiplier - 1.0) * inside)
            }
            Traffic::Ramp { to_multiplier, start_s, end_s } => {
                // Antiderivative of the ramp's progress clamp((t − start)/(end − start), 0, 1).
                let width = (end_s - start_s).max(1e-9);
                let progress_area = |t: f64| {
                    if t <= *start_s {
                        0.0
                    } else if t < start_s + width {
                        (t - start_s).powi(2) / (2.0 * width)
                    } else {
                        width / 2.0 + (t - start_s - width)
                    }
                };
                let mean_progress = (progress_area(t1_s) - progress_area(t0_s)) / span;
                base_rps * (1.0 + (to_multiplier - 1.0) * mean_progress)
            }
            Traffic::NightlyBatch { batch_multiplier, start_hour_utc, duration_h } => {
                let (start, length) = (start_hour_utc * 3600.0, duration_h * 3600.0);
                // The window opens every day at `start` (it may run past midnight).
                let first_day = (t0_s / DAY_S).floor() - 1.0;
                let last_day = (t1_s / DAY_S).floor();
                let mut inside = 0.0;
                let mut day = first_day;
                while day <= last_day {
                    let open = day * DAY_S + start;
                    inside += overlap(t0_s, t1_s, open, open + length);
                    day += 1.0;
                }
                base_rps * (1.0 + (batch_multiplier - 1.0) * (inside / span).min(1.0))
            }
            Traffic::Series { points, between_points, .. } => match held_value(points, *between_points, |i| points[i].1, t0_s, t1_s) {
                Some(rate) => rate,
                None => series_area(points, *between_points, |i| points[i].1, t0_s, t1_s) / span,
            },
        };
        mean.max(0.0)
    }

    /// The mean rate of reads over `[t0_s, t1_s)`: the series' own read shares where it has
    /// them, else `workload_share` of [`Traffic::mean_rate`].
    pub fn mean_reads(&self, t0_s: f64, t1_s: f64, base_rps: f64, workload_share: f64) -> f64 {
        match self {
            Traffic::Series { points, between_points, read_shares: Some(shares), .. } => {
                let span = t1_s - t0_s;
                if !(span > 0.0) {
                    return self.rate_at(t0_s, base_rps) * self.read_share_at(t0_s, workload_share);
                }
                let reads = |i: usize| points[i].1 * shares.get(i).copied().unwrap_or(0.0);
                match held_value(points, *between_points, reads, t0_s, t1_s) {
                    Some(reads) => reads.max(0.0),
                    None => (series_area(points, *between_points, reads, t0_s, t1_s) / span).max(0.0),
                }
            }
            _ => self.mean_rate(t0_s, t1_s, base_rps) * workload_share,
        }
    }
}

impl Traffic {
    /// Append the moments in `(t0_s, t1_s)` where the shape jumps or bends (a spike's edges,
    /// a ramp's ends, a batch window's edges, a series' points), in order. The engine cuts
    /// its steps there, so a feature starts when it starts, not at the next step.
    pub fn breakpoints(&self, t0_s: f64, t1_s: f64, out: &mut Vec<f64>) {
        let mut push = |t: f64| {
            if t > t0_s && t < t1_s {
                out.push(t);
            }
        };
        match self {
            Traffic::Steady | Traffic::Diurnal { .. } => {}
            Traffic::Spike { start_s, duration_s, .. } => {
                push(*start_s);
                push(start_s + duration_s);
            }
            Traffic::Ramp { start_s, end_s, .. } => {
                push(*start_s);
                push(*end_s);
            }
            Traffic::NightlyBatch { start_hour_utc, duration_h, .. } => {
                let mut day = (t0_s / DAY_S).floor() - 1.0;
                while day * DAY_S <= t1_s {
                    let open = day * DAY_S + start_hour_utc * 3600.0;
                    push(open);
                    push(open + duration_h * 3600.0);
                    day += 1.0;
                }
            }
            Traffic::Series { points, .. } => {
                let from = points.partition_point(|&(t, _)| t <= t0_s);
                for &(t, _) in points[from..].iter().take_while(|&&(t, _)| t < t1_s) {
                    push(t);
                }
            }
        }
        out.sort_by(f64::total_cmp);
        out.dedup();
    }
}

/// The value a held series keeps all through `[t0, t1)`, when no point falls inside it: the
/// value itself, not an area divided by a length, so a rate held for a minute and the same
/// minute written out second by second offer exactly the same rate.
fn held_value(points: &[(f64, f64)], between: BetweenPoints, value: impl Fn(usize) -> f64, t0: f64, t1: f64) -> Option<f64> {
    if between != BetweenPoints::Hold || points.is_empty() {
        return None;
    }
    // The last point at or before t0 (or the first, held before it), and the next one.
    let next = points.partition_point(|&(t, _)| t <= t0);
    let inside = points.get(next).is_some_and(|&(t, _)| t < t1);
    (!inside).then(|| value(next.saturating_sub(1)))
}

/// Area under a user series over `[t0, t1)`: `value(i)` at point `i` (its rate, or its
/// reads), held or linear between points, flat before the first and after the last.
fn series_area(points: &[(f64, f64)], between: BetweenPoints, value: impl Fn(usize) -> f64, t0: f64, t1: f64) -> f64 {
    let (Some(&(first_t, _)), Some(&(last_t, _))) = (points.first(), points.last()) else {
        return 0.0;
    };
    let last = points.len() - 1;
    let mut area = value(0) * overlap(t0, t1, f64::NEG_INFINITY, first_t) + value(last) * overlap(t0, t1, last_t, f64::INFINITY);
    // Segments that can overlap the interval: from the one holding t0 onwards.
    let start = points.partition_point(|&(t, _)| t <= t0).saturating_sub(1);
    for i in start..last {
        let (ta, tb) = (points[i].0, points[i + 1].0);
        if ta >= t1 {
            break;
        }
        let (a, b) = (ta.max(t0), tb.min(t1));
        if b > a {
            let (va, vb) = (value(i), value(i + 1));
            area += match between {
                BetweenPoints::Hold => va * (b - a),
                BetweenPoints::Linear => {
                    let at = |t: f64| va + (vb - va) * (t - ta) / (tb - ta);
                    (at(a) + at(b)) / 2.0 * (b - a)
                }
            };
        }
    }
    area
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mean of `rate_at` over [t0, t1) by a fine midpoint sum.
    fn numeric_mean(t: &Traffic, t0: f64, t1: f64, base: f64) -> f64 {
        let n = 20_000;
        let h = (t1 - t0) / n as f64;
        (0..n).map(|i| t.rate_at(t0 + (i as f64 + 0.5) * h, base)).sum::<f64>() / n as f64
    }

    #[test]
    fn the_mean_rate_is_the_integral_of_the_rate_for_every_shape() {
        let shapes = [
            Traffic::Steady,
            Traffic::Diurnal { trough_to_peak: 0.2, peak_hour_utc: 14.0 },
            Traffic::Spike { multiplier: 20.0, start_s: 3_600.0, duration_s: 45.0 * 60.0 },
            Traffic::Ramp { to_multiplier: 5.0, start_s: 600.0, end_s: 3_000.0 },
            Traffic::NightlyBatch { batch_multiplier: 20.0, start_hour_utc: 23.0, duration_h: 2.0 },
            Traffic::series(vec![(100.0, 10.0), (1_000.0, 50.0), (1_500.0, 5.0)]),
            Traffic::series_held(vec![(100.0, 10.0), (1_000.0, 50.0), (1_500.0, 5.0)]),
            Traffic::Series {
                points: vec![(100.0, 10.0), (1_000.0, 50.0), (1_500.0, 5.0)].into(),
                between_points: BetweenPoints::Hold,
                read_shares: Some(vec![0.5, 1.0, 0.0].into()),
                summary_of: None,
            },
        ];
        for shape in &shapes {
            for &(t0, t1) in &[(0.0, 300.0), (3_500.0, 3_800.0), (500.0, 4_000.0), (82_000.0, 90_000.0), (0.0, 86_400.0)] {
                let (exact, numeric) = (shape.mean_rate(t0, t1, 1_000.0), numeric_mean(shape, t0, t1, 1_000.0));
                assert!((exact - numeric).abs() <= 2e-3 * numeric.max(1.0), "{shape:?} [{t0}, {t1}): {exact} vs {numeric}");
            }
        }
    }

    #[test]
    fn the_automatic_step_gives_a_spike_eight_steps_and_a_day_1440() {
        let mut s = Scenario::default();
        assert_eq!(step_s(&s), 60.0, "a steady day: 1,440 steps of a minute");
        s.traffic = Traffic::Spike { multiplier: 10.0, start_s: 3_600.0, duration_s: 120.0 };
        assert_eq!(step_s(&s), 15.0, "a two-minute spike gets 8 steps");
        s.simulation.duration_s = 30.0 * DAY_S;
        assert_eq!(step_s(&s), 180.0, "at most 20,000 steps whatever the shape");
        s.simulation.step_s = Some(7.0);
        assert_eq!(step_s(&s), 7.0, "a step that is set is kept");
    }
}
