//! What CloudWatch recorded while the imported traffic ran, drawn over the simulated run on
//! the same axes and scale (`crate::model::import::Recorded`, time 0 = the run's start).
//!
//! Recorded lines are black (reads, ACU) or grey (writes), 2 px (the simulated ones are
//! coloured, 3 px), solid for a level in force and dashed for what was consumed, like the
//! simulated lines they sit over, with a dot at each datapoint when the datapoints are
//! 10 px apart or more; their legend says "recorded (CloudWatch)". Each value is drawn at
//! the middle of the period it covers. A datapoint CloudWatch did not publish is a gap in
//! the line for a level (provisioned capacity, ACU): unknown is never drawn as zero.
//! DynamoDB's counts (consumed capacity, throttle events) are the exception AWS documents:
//! DynamoDB publishes them only for periods where they are non-zero, so a missing period of
//! a count *is* zero, and is drawn at zero, as `import::compare` counts it, up to the end of
//! the recording. A series with more datapoints than the plot has pixels is averaged over
//! pixel-wide bins (gaps and zeros kept), so a month of minutes draws as fast as an hour.
//! Where recorded and simulated differ most ([`largest_gap`], from `import::compare`) is
//! bracketed and labelled with its time.

use super::ink::Ink;
use super::style::{FONT, INK};
use super::DrawResult;
use crate::model::import::{compare, Metric, Recorded, RecordedSeries};
use crate::model::sim::SimRun;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Recorded reads (and Aurora's ACU): black (a near-black of its own, not the axes').
pub const RECORDED: RGBColor = RGBColor(0x11, 0x11, 0x11);
/// Recorded writes: a mid grey, still dark enough for a projector.
pub const RECORDED_WRITE: RGBColor = RGBColor(0x70, 0x70, 0x70);
/// Recorded lines are thinner than simulated ones, so a simulated line under a recorded one
/// still shows its colour.
const RECORDED_PX: u32 = 2;

/// A recorded series ready to draw: runs of `(hours, value)` between gaps, and the
/// datapoints to dot (none when they would be closer than 10 px).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordedLine {
    pub segments: Vec<Vec<(f64, f64)>>,
    pub dots: Vec<(f64, f64)>,
}

impl RecordedLine {
    pub fn is_empty(&self) -> bool {
        self.segments.iter().all(Vec::is_empty)
    }

    /// The highest value drawn (0 when none).
    pub fn peak(&self) -> f64 {
        self.segments.iter().flatten().map(|p| p.1).fold(0.0, f64::max)
    }

    /// Every value raised to at least `floor` (for a log axis).
    pub fn floored(mut self, floor: f64) -> RecordedLine {
        for p in self.segments.iter_mut().flatten().chain(&mut self.dots) {
            p.1 = p.1.max(floor);
        }
        self
    }
}

/// The end of the recording: the last period of any series ends there (0 when empty).
pub fn recording_end_s(recorded: &Recorded) -> f64 {
    recorded.series.iter().map(RecordedSeries::end_s).filter(|e| e.is_finite()).fold(0.0, f64::max)
}

/// Whether a missing period of `metric` is zero (a DynamoDB count) rather than unknown.
fn missing_is_zero(metric: Metric) -> bool {
    metric.is_throttle() || matches!(metric, Metric::ConsumedReadCapacityUnits | Metric::ConsumedWriteCapacityUnits)
}

/// `s` inside the run (`0..run_end_s`) on a plot `plot_px` wide. A count is drawn as zero
/// where missing, up to `recording_end_s`.
pub fn line(s: &RecordedSeries, run_end_s: f64, recording_end_s: f64, plot_px: f64) -> RecordedLine {
    let p = s.period_s;
    if !(p.is_finite() && p > 0.0 && run_end_s.is_finite() && run_end_s > 0.0) {
        return RecordedLine::default();
    }
    let zero = missing_is_zero(s.metric);
    let window = if zero { run_end_s.min(recording_end_s.max(0.0)) } else { run_end_s };
    if window <= 0.0 {
        return RecordedLine::default();
    }
    // Bins a period wide, or a pixel wide when periods are narrower than pixels.
    let width = p.max(run_end_s / plot_px.max(1.0));
    let bins = (window / width).ceil().clamp(1.0, 1e6) as usize;
    let mut sum = vec![0.0; bins];
    let mut covered = vec![0.0; bins];
    let mut x_sum = vec![0.0; bins];
    let mut count = vec![0usize; bins];
    for &(t, v) in &s.points {
        if !(t.is_finite() && v.is_finite()) || t < 0.0 || t >= window {
            continue;
        }
        let k = ((t / width) as usize).min(bins - 1);
        sum[k] += v * p;
        covered[k] += p;
        x_sum[k] += t + p / 2.0;
        count[k] += 1;
    }
    let mut out = RecordedLine::default();
    let mut run: Vec<(f64, f64)> = Vec::new();
    for k in 0..bins {
        let (from, to) = (k as f64 * width, ((k + 1) as f64 * width).min(window));
        let point = if count[k] > 0 {
            let x = x_sum[k] / count[k] as f64;
            // A count spreads over the bin (missing periods add zero); a level is the mean of
            // what was recorded.
            let v = if zero { sum[k] / width } else { sum[k] / covered[k] };
            Some((x.min(window), v))
        } else if zero {
            Some(((from + to) / 2.0, 0.0))
        } else {
            None
        };
        match point {
            Some((x, v)) => run.push((x / 3600.0, v)),
            None if !run.is_empty() => out.segments.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        out.segments.push(run);
    }
    // Dots at the datapoints when the line is not thinned and they are 10 px apart or more.
    if width == p && plot_px * p / run_end_s >= 10.0 {
        out.dots = s
            .points
            .iter()
            .filter(|&&(t, v)| t.is_finite() && v.is_finite() && (0.0..window).contains(&t))
            .map(|&(t, v)| (((t + p / 2.0).min(window)) / 3600.0, v))
            .collect();
    }
    out
}

/// How a recorded line is stroked: solid for a level in force (provisioned capacity, ACU),
/// dashed for what was consumed, as the simulated lines it sits over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stroke {
    Solid,
    Dashed,
}

/// Draw `line` in `colour`, with a legend entry `label` (none when `label` is empty).
pub fn draw<'a, DB: DrawingBackend + 'a, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, Y>>,
    line: &RecordedLine,
    colour: RGBColor,
    stroke: Stroke,
    label: &str,
    ink: &mut Ink,
) -> DrawResult<DB> {
    let style = ShapeStyle { color: colour.into(), filled: false, stroke_width: RECORDED_PX };
    for segment in &line.segments {
        ink.polyline(segment.iter().map(|p| chart.backend_coord(p)), 4);
        match stroke {
            Stroke::Solid => chart.draw_series(LineSeries::new(segment.iter().copied(), style))?,
            Stroke::Dashed => chart.draw_series(DashedLineSeries::new(segment.iter().copied(), 7, 4, style))?,
        };
    }
    chart.draw_series(line.dots.iter().map(|&p| Circle::new(p, 3, ShapeStyle { color: colour.into(), filled: true, stroke_width: 1 })))?;
    if !label.is_empty() {
        legend_entry(chart, colour, stroke, !line.dots.is_empty(), label, ink)?;
    }
    Ok(())
}

/// A legend entry for a recorded line: its stroke, with a dot if its datapoints are dotted.
pub fn legend_entry<'a, DB: DrawingBackend + 'a, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, Y>>,
    colour: RGBColor,
    stroke: Stroke,
    dotted: bool,
    label: &str,
    ink: &mut Ink,
) -> DrawResult<DB> {
    ink.label(label);
    let style = ShapeStyle { color: colour.into(), filled: false, stroke_width: RECORDED_PX };
    let dot = ShapeStyle { color: colour.into(), filled: true, stroke_width: 1 };
    let r = if dotted { 3 } else { 0 };
    let entry = chart.draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())?;
    entry.label(label);
    match stroke {
        Stroke::Solid => entry.legend(move |(x, y)| EmptyElement::at((x, y)) + PathElement::new(vec![(0, 0), (24, 0)], style) + Circle::new((12, 0), r, dot)),
        Stroke::Dashed => entry.legend(move |(x, y)| {
            EmptyElement::at((x, y)) + DashedPathElement::new(vec![(0, 0), (24, 0)], 5, 3, style) + Circle::new((12, 0), r, dot)
        }),
    };
    Ok(())
}

/// Where recorded and simulated differ most among `metrics` (per `import::compare`), as
/// `(hours, recorded, simulated, when)`: the one with the largest difference relative to
/// the larger of the two.
pub fn largest_gap(recorded: &Recorded, run: &SimRun, metrics: &[Metric]) -> Option<(f64, f64, f64, String)> {
    let c = compare(recorded, run);
    c.metrics
        .iter()
        .filter(|m| metrics.contains(&m.metric))
        .filter_map(|m| {
            let g = m.largest_gap.as_ref()?;
            let period = recorded.get(m.metric).map_or(0.0, |s| s.period_s);
            let relative = (g.simulated - g.recorded).abs() / g.simulated.abs().max(g.recorded.abs()).max(1e-9);
            let x_s = (g.t_s + period / 2.0).min(c.to_s);
            Some((relative, (x_s / 3600.0, g.recorded, g.simulated, g.at.clone())))
        })
        .filter(|(_, (x, r, s, _))| x.is_finite() && r.is_finite() && s.is_finite())
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, g)| g)
}

/// Mark a largest gap: an ink bracket from the recorded to the simulated value, labelled on
/// the side where the label hides less of what is drawn (per `ink`).
pub fn draw_gap<'a, DB: DrawingBackend + 'a, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, Y>>,
    (x, recorded, simulated, at): (f64, f64, f64, String),
    floor: f64,
    ink: &mut Ink,
) -> DrawResult<DB> {
    let (lo, hi) = (recorded.min(simulated).max(floor), recorded.max(simulated).max(floor));
    let (a, b) = (chart.backend_coord(&(x, hi)), chart.backend_coord(&(x, lo)));
    let height = (b.1 - a.1).max(0);
    let stroke = ShapeStyle { color: INK.into(), filled: false, stroke_width: 2 };
    let label = format!("largest gap, {at}");
    let font = (FONT, 14).into_font();
    let tw = chart.plotting_area().estimate_text_size(&label, &font.clone().into()).map_or(8 * label.len() as i32, |(w, _)| w as i32);
    let (xs, _) = chart.plotting_area().get_pixel_range();
    let mid = a.1 + height / 2;
    // The label on the side where it hides less (and fits).
    let right_room = a.0 + 8 + tw <= xs.end;
    let left_room = a.0 - 8 - tw >= xs.start;
    let right_side = match (left_room, right_room) {
        (true, true) => ink.under((a.0 + 8, mid - 9), (a.0 + 8 + tw, mid + 9)) <= ink.under((a.0 - 8 - tw, mid - 9), (a.0 - 8, mid + 9)),
        (false, _) => true,
        (true, false) => false,
    };
    let (dx, h) = if right_side { (8, HPos::Left) } else { (-8, HPos::Right) };
    let text_x = if right_side { a.0 + dx } else { a.0 + dx - tw };
    ink.rect((a.0 - 5, a.1), (a.0 + 5, b.1), 20);
    ink.rect((text_x, a.1 + height / 2 - 9), (text_x + tw, a.1 + height / 2 + 9), 40);
    let style = font.color(&INK).pos(Pos::new(h, VPos::Center));
    chart.draw_series(std::iter::once(
        EmptyElement::at((x, hi))
            + PathElement::new(vec![(0, 0), (0, height)], stroke)
            + PathElement::new(vec![(-5, 0), (5, 0)], stroke)
            + PathElement::new(vec![(-5, height), (5, height)], stroke)
            + Rectangle::new([(if right_side { dx - 2 } else { dx - tw - 2 }, height / 2 - 9), (if right_side { dx + tw + 2 } else { dx + 2 }, height / 2 + 9)], WHITE.mix(0.65).filled())
            + Text::new(label, (dx, height / 2), style),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::import::{RecordedUnit, Statistic};

    fn series(metric: Metric, unit: RecordedUnit, period_s: f64, points: Vec<(f64, f64)>) -> RecordedSeries {
        RecordedSeries { metric, statistic: if unit == RecordedUnit::Acu { Statistic::Average } else { Statistic::Sum }, period_s, unit, points }
    }

    #[test]
    fn levels_break_at_gaps_and_counts_are_zero_until_the_recording_ends() {
        // Every 5 minutes over 2 h, the 30th minute missing; a 600 px plot (25 px apart: dotted).
        let points: Vec<(f64, f64)> = (0..24).filter(|&k| k != 6).map(|k| (k as f64 * 300.0, 2.0)).collect();
        let acu = line(&series(Metric::ServerlessDatabaseCapacity, RecordedUnit::Acu, 300.0, points.clone()), 7_200.0, 7_200.0, 600.0);
        assert_eq!(acu.segments.iter().map(Vec::len).collect::<Vec<_>>(), vec![6, 17]);
        assert_eq!(acu.dots.len(), 23);
        assert_eq!(acu.segments[0][0], (150.0 / 3600.0, 2.0), "each value at the middle of its period");
        // The same as throttle events: the missing period is zero, and the line ends where
        // the recording does (1 h here), not at the end of the run.
        let events = line(&series(Metric::ReadThrottleEvents, RecordedUnit::EventsPerMin, 300.0, points), 7_200.0, 3_600.0, 600.0);
        assert_eq!(events.segments.len(), 1);
        assert_eq!(events.segments[0].len(), 12);
        assert_eq!(events.segments[0][6], (1_950.0 / 3600.0, 0.0));
    }

    #[test]
    fn a_month_of_minutes_is_thinned_to_pixels_and_keeps_its_mean() {
        let month = 30.0 * 86_400.0;
        let points: Vec<(f64, f64)> = (0..43_200).map(|k| (k as f64 * 60.0, if k % 2 == 0 { 1.0 } else { 3.0 })).collect();
        let l = line(&series(Metric::ServerlessDatabaseCapacity, RecordedUnit::Acu, 60.0, points), month, month, 600.0);
        let drawn: usize = l.segments.iter().map(Vec::len).sum();
        assert!(drawn <= 601 && l.dots.is_empty(), "{drawn} points, {} dots", l.dots.len());
        assert!(l.segments.iter().flatten().all(|&(_, v)| (v - 2.0).abs() < 1e-9));
        // Nothing inside the run, or no usable period: nothing drawn.
        let late = series(Metric::ServerlessDatabaseCapacity, RecordedUnit::Acu, 60.0, vec![(9e6, 1.0)]);
        assert!(line(&late, 3_600.0, 9e6, 600.0).is_empty());
        let odd = series(Metric::ServerlessDatabaseCapacity, RecordedUnit::Acu, f64::NAN, vec![(0.0, 1.0)]);
        assert!(line(&odd, 3_600.0, 3_600.0, 600.0).is_empty());
    }
}
