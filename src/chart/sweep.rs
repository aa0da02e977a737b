//! The data behind the two traffic charts: each database's cost, p99 latency and failing
//! share at every swept request rate. The current operating point is drawn apart from the
//! rest ([`draw_dots`]): a traffic input moves only it, so the page redraws only it, on a
//! layer of its own above the chart.

use super::style::{marker, MARKER_RING};
use crate::model::compare::Comparison;
use plotters::coord::combinators::LogCoord;
use plotters::coord::{CoordTranslate, Shift};
use plotters::drawing::DrawingAreaErrorKind;
use plotters::prelude::*;
use std::ops::Range;

/// The request-rate axis of both traffic charts.
pub(crate) const REQUESTS_PER_S_AXIS: Range<f64> = 1.0..1e7;

/// Where a traffic chart's log–log axes lie on its canvas, as its sweep drew them: the
/// operating point is placed with it, on the chart itself or (shifted) on a strip above it.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepFrame {
    /// The left axis' range (log scale).
    y_range: Range<f64>,
    /// The plotting area on the canvas, pixels.
    x_px: Range<i32>,
    y_px: Range<i32>,
}

impl SweepFrame {
    /// The frame moved `dx_px` pixels left: for a layer that starts `dx_px` into the chart.
    pub fn shifted_left(&self, dx_px: i32) -> Self {
        SweepFrame { x_px: self.x_px.start - dx_px..self.x_px.end - dx_px, ..self.clone() }
    }

    /// The pixel column of request rate `x`.
    pub fn x_px_of(&self, x: f64) -> i32 {
        self.coord().translate(&(x, 1.0)).0
    }

    fn coord(&self) -> Cartesian2d<LogCoord<f64>, LogCoord<f64>> {
        Cartesian2d::new(REQUESTS_PER_S_AXIS.log_scale(), self.y_range.clone().log_scale(), (self.x_px.clone(), self.y_px.clone()))
    }

    /// The frame of a chart built on `(REQUESTS_PER_S_AXIS, y_range)`, both log scales.
    pub(crate) fn of<DB: DrawingBackend, X: Ranged, Y: Ranged>(area: &DrawingArea<DB, Cartesian2d<X, Y>>, y_range: Range<f64>) -> Self {
        // The mapping plotters' `ChartBuilder` gives the area: the last pixel column and row
        // inclusive, y from the bottom up.
        let (x_px, y_px) = area.get_pixel_range();
        SweepFrame { y_range, x_px: x_px.start..x_px.end - 1, y_px: y_px.end - 1..y_px.start }
    }
}

/// What drawing a traffic chart's sweep returns: its frame, or the backend's error.
pub type FrameResult<DB> = Result<SweepFrame, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct SweepSeries {
    pub requests_per_s: Vec<f64>,
    pub ddb_on_demand_usd: Vec<f64>,
    pub ddb_provisioned_usd: Vec<f64>,
    pub aurora_usd: Vec<f64>,
    pub ddb_p99_ms: Vec<f64>,
    pub aurora_p99_ms: Vec<f64>,
    /// Share of requests throttled (DynamoDB) or failed (Aurora), 0–1.
    pub ddb_throttled_share: Vec<f64>,
    pub aurora_failed_share: Vec<f64>,
    /// Aurora DSQL's, when the scenario names it (empty otherwise).
    pub dsql_usd: Vec<f64>,
    pub dsql_p99_ms: Vec<f64>,
    pub dsql_failed_share: Vec<f64>,
}

/// A sweep, with what is drawn on it (not the operating point: see [`dots`]).
#[derive(Clone, Debug, PartialEq)]
pub struct SweepChart {
    pub series: SweepSeries,
    /// The p99 target drawn on the latency chart, ms.
    pub p99_target_ms: Option<f64>,
    /// The run's sampled futures' steady-cost bands, once they are in.
    pub bands: Option<crate::model::uncertainty::SteadyBands>,
}

impl SweepChart {
    pub fn new(rows: &[Comparison]) -> Self {
        let mut s = SweepSeries::default();
        for c in rows {
            s.requests_per_s.push(c.requests_per_s);
            s.ddb_on_demand_usd.push(c.dynamodb.cost.on_demand_total_usd());
            s.ddb_provisioned_usd.push(c.dynamodb.cost.provisioned_total_usd());
            s.aurora_usd.push(c.aurora.cost.total_usd());
            s.ddb_p99_ms.push(c.dynamodb.p99_ms);
            s.aurora_p99_ms.push(c.aurora.p99_ms);
            s.ddb_throttled_share.push(c.dynamodb.failed_share);
            s.aurora_failed_share.push(c.aurora.failed_share);
            if let Some(q) = &c.dsql {
                s.dsql_usd.push(q.cost.total_usd());
                s.dsql_p99_ms.push(q.p99_ms);
                s.dsql_failed_share.push(q.failed_share);
            }
        }
        SweepChart { series: s, p99_target_ms: None, bands: None }
    }

    pub fn with_target(mut self, p99_target_ms: f64) -> Self {
        self.p99_target_ms = Some(p99_target_ms);
        self
    }

    /// The same chart with the steady-cost bands of the sampled futures.
    pub fn with_bands(mut self, bands: Option<crate::model::uncertainty::SteadyBands>) -> Self {
        self.bands = bands.filter(|b| !b.requests_per_s.is_empty());
        self
    }

    /// `(x, y)` pairs, with y kept inside a log axis' positive range.
    pub(crate) fn points(&self, ys: &[f64], floor: f64) -> Vec<(f64, f64)> {
        self.series.requests_per_s.iter().zip(ys).map(|(&x, &y)| (x, y.max(floor))).collect()
    }
}

/// Radii of an operating point's dot, px: the white ring and the coloured dot inside it.
pub const DOT_RING_PX: u32 = 8;
pub const DOT_PX: u32 = 6;

/// One line's operating point: where its dot's centre is on the canvas, and its colour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dot {
    pub px: (i32, i32),
    pub color: RGBColor,
}

/// The dots of the operating point on each line, at request rate `x`, placed by `frame`
/// (the sweep's, or it shifted for a strip that starts further in). The page draws these
/// itself (a circle each, straight onto its canvas); [`draw_dots`] draws the same ones with
/// plotters, on any other backend (the SVG tests check them there).
pub(crate) fn dots(frame: &SweepFrame, x: f64, points: &[(f64, RGBColor)]) -> Vec<Dot> {
    let coord = frame.coord();
    points.iter().map(|&(y, color)| Dot { px: coord.translate(&(x, y.max(1.0))), color }).collect()
}

/// Draw `dots`: a coloured dot with a white ring each. Drawn after the legend, so a point
/// under the legend's box shows over it.
pub fn draw_dots<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, dots: &[Dot]) -> super::DrawResult<DB> {
    for d in dots {
        root.draw(&(EmptyElement::at(d.px) + Circle::new((0, 0), DOT_RING_PX, marker(MARKER_RING)) + Circle::new((0, 0), DOT_PX, marker(d.color))))?;
    }
    Ok(())
}

/// A log axis range from `floor` up to the next power of ten above every value.
pub(crate) fn log_range(values: impl Iterator<Item = f64>, floor: f64) -> std::ops::Range<f64> {
    let max = values.filter(|v| v.is_finite()).fold(floor * 10.0, f64::max);
    floor..10f64.powf(max.log10().ceil().max(floor.log10() + 1.0))
}
