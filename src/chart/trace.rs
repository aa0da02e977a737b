//! An imported trace before it runs: its request rate over time, drawn from a preview of
//! at most [`PREVIEW_BUCKETS`] buckets, each with the lowest, mean and highest rate in force
//! during it (so a one-second spike in a month of traffic still shows as the top of its
//! bucket's band, never averaged away), the mean over the whole trace, the peak, and the
//! window that will be simulated, shaded.
//!
//! The worker computes the preview from the whole trace (a file can hold millions of
//! points); the page only ever gets the preview, scales it (the person's × or "peak = N")
//! and draws it here.

use super::style::*;
use super::DrawResult;
use crate::format;
use crate::model::import::ImportedTrace;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

/// Most buckets in a preview (a 720-pixel chart shows no more).
pub const PREVIEW_BUCKETS: usize = 1_000;

/// A trace in at most [`PREVIEW_BUCKETS`] equal buckets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TracePreview {
    /// The trace's first moment and its end, seconds (trace time).
    pub start_s: f64,
    pub end_s: f64,
    /// Each bucket's width, seconds.
    pub bucket_s: f64,
    /// Per bucket, req/s: the lowest rate in force during it, the time-weighted mean, the
    /// highest.
    pub min: Vec<f64>,
    pub mean: Vec<f64>,
    pub max: Vec<f64>,
}

impl TracePreview {
    /// The preview of `trace` in at most `buckets` buckets (fewer when the trace has fewer
    /// points).
    pub fn of(trace: &ImportedTrace, buckets: usize) -> TracePreview {
        let start = trace.start_s();
        let end = trace.end_s.max(start);
        let count = buckets.clamp(1, trace.points.len().max(1));
        let span = (end - start).max(1e-9);
        let bucket_s = span / count as f64;
        let (mut min, mut max) = (vec![f64::INFINITY; count], vec![f64::NEG_INFINITY; count]);
        let mut sum = vec![0.0; count];
        let index = |t: f64| (((t - start) / bucket_s).floor().max(0.0) as usize).min(count - 1);
        for (i, &(from, r)) in trace.points.iter().enumerate() {
            let to = trace.points.get(i + 1).map_or(end, |p| p.0).clamp(from, end);
            if to <= from {
                continue;
            }
            let (first, last) = (index(from), index((to - 1e-9 * span).max(from)));
            for b in first..=last {
                let (lo, hi) = (start + b as f64 * bucket_s, start + (b + 1) as f64 * bucket_s);
                let overlap = to.min(hi) - from.max(lo);
                if overlap > 0.0 || b == first {
                    min[b] = min[b].min(r);
                    max[b] = max[b].max(r);
                    sum[b] += r * overlap.max(0.0);
                }
            }
        }
        // A bucket no interval reached (none in a trace with points) holds its neighbour's.
        for b in 0..count {
            if !min[b].is_finite() {
                let prev = if b > 0 { max[b - 1] } else { 0.0 };
                (min[b], max[b]) = (prev, prev);
                sum[b] = prev * bucket_s;
            }
        }
        let mean = sum.iter().zip(min.iter().zip(&max)).map(|(s, (&lo, &hi))| (s / bucket_s).clamp(lo, hi)).collect();
        TracePreview { start_s: start, end_s: end, bucket_s, min, mean, max }
    }

    pub fn buckets(&self) -> usize {
        self.mean.len()
    }
}

/// What the trace chart draws: the preview, scaled, with its window.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceChart {
    pub preview: TracePreview,
    /// Every rate × this (the person's scaling).
    pub factor: f64,
    /// The window to simulate, seconds of trace time `[from, to)`.
    pub window: Option<(f64, f64)>,
    /// The trace's mean and peak (req/s, unscaled) and when the peak starts (trace time).
    pub mean_rps: f64,
    pub peak_rps: f64,
    pub peak_at_s: f64,
    /// When trace time 0 was, as `2026-11-03T14:00:00Z`, when the file gave dates.
    pub start_utc: Option<String>,
}

/// The time axis' unit for a trace `span_s` long: (seconds per unit, name).
fn time_unit(span_s: f64) -> (f64, &'static str) {
    if span_s <= 3.0 * 3_600.0 {
        (60.0, "min")
    } else if span_s <= 4.0 * 86_400.0 {
        (3_600.0, "h")
    } else {
        (86_400.0, "days")
    }
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &TraceChart) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let p = &c.preview;
    let factor = if c.factor.is_finite() && c.factor > 0.0 { c.factor } else { 1.0 };
    let (unit_s, unit) = time_unit(p.end_s - p.start_s);
    let x = |t: f64| (t - p.start_s) / unit_s;
    let x_end = x(p.end_s).max(1e-6);
    let top = p.max.iter().copied().fold(c.peak_rps, f64::max) * factor;
    // The traffic keeps to the lower 62 % of the plot: the legend, top right, never hides it.
    let y_top = if top > 0.0 { top / 0.62 } else { 1.0 };
    let x_desc = match &c.start_utc {
        Some(utc) => format!("Time ({unit} from {utc})"),
        None => format!("Time ({unit} from the trace's start)"),
    };
    let mut chart = ChartBuilder::on(root)
        .caption("Your traffic: requests per second over time", (FONT, CAPTION_PX).into_font().color(&INK))
        .margin(12)
        .margin_right(28)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d(0f64..x_end, 0f64..y_top)?;
    mesh!(chart, x_desc, "Requests per second (req/s)", &|v| format::si(*v), &|v| format::si(*v));

    // What lies outside the window to simulate, greyed behind everything (nothing when the
    // window is the whole trace).
    let outside = RGBColor(0x6E, 0x77, 0x81);
    if let Some((from, to)) = c.window {
        let (a, b) = (x(from.max(p.start_s)).clamp(0.0, x_end), x(to.min(p.end_s)).clamp(0.0, x_end));
        let parts: Vec<(f64, f64)> = [(0.0, a), (b, x_end)].into_iter().filter(|(l, r)| r - l > 1e-9 * x_end).collect();
        if !parts.is_empty() {
            chart
                .draw_series(parts.into_iter().map(|(l, r)| Rectangle::new([(l, 0.0), (r, y_top)], outside.mix(0.25).filled())))?
                .label("Outside the window: not simulated")
                .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 24, y + 6)], outside.mix(0.25).filled()));
        }
    }
    let n = p.buckets();
    let at = |b: usize| x(p.start_s + (b as f64 + 0.5) * p.bucket_s);
    // The band from each bucket's lowest to its highest rate.
    // Sky blue (Okabe–Ito), apart from the grey outside the window.
    let band = RGBColor(0x56, 0xB4, 0xE9);
    if n > 0 {
        let mut outline: Vec<(f64, f64)> = Vec::with_capacity(2 * n + 4);
        outline.push((0.0, p.max[0] * factor));
        outline.extend((0..n).map(|b| (at(b), p.max[b] * factor)));
        outline.push((x_end, p.max[n - 1] * factor));
        outline.push((x_end, p.min[n - 1] * factor));
        outline.extend((0..n).rev().map(|b| (at(b), p.min[b] * factor)));
        outline.push((0.0, p.min[0] * factor));
        let label = format!("Lowest to highest in each {}", format::duration(p.bucket_s));
        chart
            .draw_series(std::iter::once(Polygon::new(outline, band.mix(0.55).filled())))?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 24, y + 6)], band.mix(0.55).filled()));
    }
    let ink_line = ShapeStyle { color: INK.into(), filled: false, stroke_width: 2 };
    let mut means: Vec<(f64, f64)> = (0..n).map(|b| (at(b), p.mean[b] * factor)).collect();
    if let (Some(first), Some(last)) = (means.first().copied(), means.last().copied()) {
        means.insert(0, (0.0, first.1));
        means.push((x_end, last.1));
    }
    chart
        .draw_series(LineSeries::new(means, ink_line))?
        .label("Mean in each bucket")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], ink_line));
    let mean = c.mean_rps * factor;
    // Bluish green (Okabe–Ito): neither database's colour.
    let mean_style = ShapeStyle { color: RGBColor(0x00, 0x9E, 0x73).into(), filled: false, stroke_width: 3 };
    chart
        .draw_series(DashedLineSeries::new([(0.0, mean), (x_end, mean)], 10, 6, mean_style))?
        .label(format!("Mean over the trace: {} req/s", format::si(mean)))
        .legend(move |(x, y)| DashedPathElement::new(vec![(x, y), (x + 24, y)], 6, 4, mean_style));
    let peak = c.peak_rps * factor;
    let peak_x = x(c.peak_at_s).clamp(0.0, x_end);
    chart
        .draw_series(std::iter::once(
            EmptyElement::at((peak_x, peak)) + Circle::new((0, 0), 7, marker(MARKER_RING)) + Circle::new((0, 0), 5, marker(DYNAMODB)),
        ))?
        .label(format!("Peak: {} req/s", format::si(peak)))
        .legend(move |(x, y)| Circle::new((x + 12, y), 5, marker(DYNAMODB)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font((FONT, TICK_PX).into_font().color(&INK))
        .background_style(WHITE.mix(0.9))
        .border_style(GRID)
        .draw()?;
    root.present()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::import::{ImportFormat, Recorded};

    fn trace(points: Vec<(f64, f64)>, end_s: f64) -> ImportedTrace {
        ImportedTrace {
            name: "t".into(),
            format: ImportFormat::Csv,
            start_unix_s: None,
            start_utc: None,
            resolution_s: 1.0,
            points,
            read_shares: None,
            end_s,
            recorded: Recorded::default(),
            notes: vec![],
        }
    }

    #[test]
    fn a_spike_shows_as_its_bucket_top_and_the_means_keep_the_total() {
        // 100,000 seconds at 10 req/s with one second at 5,000.
        let mut points: Vec<(f64, f64)> = (0..100_000).map(|i| (f64::from(i), 10.0)).collect();
        points[54_321].1 = 5_000.0;
        let t = trace(points, 100_000.0);
        let p = TracePreview::of(&t, PREVIEW_BUCKETS);
        assert_eq!(p.buckets(), 1_000);
        assert_eq!(p.bucket_s, 100.0);
        assert_eq!(p.max[543], 5_000.0);
        assert_eq!(p.min[543], 10.0);
        assert!((p.mean[543] - (99.0 * 10.0 + 5_000.0) / 100.0).abs() < 1e-9);
        let total: f64 = p.mean.iter().map(|m| m * p.bucket_s).sum();
        assert!((total - t.summary().total_requests).abs() < 1e-6 * total);
        assert!(p.max.iter().enumerate().all(|(b, &m)| b == 543 || m == 10.0));
    }

    #[test]
    fn sparse_points_spread_over_their_buckets() {
        // Three points held for an hour each, into 10 buckets.
        let t = trace(vec![(600.0, 1.0), (4_200.0, 3.0), (7_800.0, 2.0)], 11_400.0);
        let p = TracePreview::of(&t, 10);
        assert_eq!(p.buckets(), 3, "no more buckets than points");
        assert_eq!((p.start_s, p.end_s, p.bucket_s), (600.0, 11_400.0, 3_600.0));
        assert_eq!(p.mean, [1.0, 3.0, 2.0]);
        let q = TracePreview::of(&trace(vec![(0.0, 5.0)], 3_600.0), 1_000);
        assert_eq!((q.min.clone(), q.mean.clone(), q.max.clone()), (vec![5.0], vec![5.0], vec![5.0]));
    }
}
