//! Charts of a simulated run against time (hours): failing requests with the offered
//! traffic behind them, p99 latency of both databases on one axis, DynamoDB capacity in
//! force vs consumed, and Aurora ACU vs what the load needs.

use super::style::*;
use super::DrawResult;
use crate::format;
use crate::model::faults::FaultWindow;
use crate::model::sim::SimRun;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// Most points drawn per line: about one per horizontal pixel.
const MAX_POINTS: usize = 720;

/// `(hour, value)` pairs, keeping every `stride`-th step (and the largest value in each
/// stride, so a one-step spike is never dropped).
fn line(run: &SimRun, ys: &[f64], map: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
    let stride = run.t_s.len().div_ceil(MAX_POINTS).max(1);
    run.t_s
        .chunks(stride)
        .zip(ys.chunks(stride))
        .map(|(ts, vs)| (ts[0] / 3600.0, map(vs.iter().copied().fold(f64::NEG_INFINITY, f64::max))))
        .collect()
}

fn hours(run: &SimRun) -> std::ops::Range<f64> {
    0.0..(run.t_s.len() as f64 * run.step_s / 3600.0).max(1.0 / 60.0)
}

fn line_style(color: RGBColor) -> ShapeStyle {
    super::style::line(color)
}

/// Plot-area margins of every time chart, in pixels (set in `builder` below).
const MARGIN_PX: f64 = 12.0;
const MARGIN_RIGHT_PX: f64 = 28.0;
const Y_LABELS_PX: f64 = 72.0;
const RIGHT_Y_LABELS_PX: f64 = 64.0;

/// Left and right pixel edges of the plotting area of a time chart `width_px` wide (with a
/// right-hand axis or not), so the page can put a cursor over it without redrawing.
pub fn plot_span_px(width_px: f64, right_axis: bool) -> (f64, f64) {
    let right = MARGIN_RIGHT_PX + if right_axis { RIGHT_Y_LABELS_PX } else { 0.0 };
    (MARGIN_PX + Y_LABELS_PX, width_px - right)
}

fn builder<'a, DB: DrawingBackend>(root: &'a DrawingArea<DB, Shift>, caption: &str) -> ChartBuilder<'a, 'a, DB> {
    let mut b = ChartBuilder::on(root);
    b.caption(caption, (FONT, CAPTION_PX).into_font().color(&INK))
        .margin(MARGIN_PX as u32)
        .margin_right(MARGIN_RIGHT_PX as u32)
        .x_label_area_size(44)
        .y_label_area_size(Y_LABELS_PX as u32);
    b
}

/// Throttled (DynamoDB) and timed-out (Aurora) share of requests, %, with the offered
/// traffic as a grey line on the right axis.
pub fn draw_failing<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun) -> DrawResult<DB> {
    draw_failing_with_faults(root, run, &[])
}

/// [`draw_failing`] with fault windows shaded (`FaultPlan::windows`).
pub fn draw_failing_with_faults<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun, faults: &[FaultWindow]) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let peak = run.dynamodb.offered_rps.iter().copied().fold(1.0, f64::max);
    let mut chart = builder(root, "Failing requests over time")
        .right_y_label_area_size(RIGHT_Y_LABELS_PX as u32)
        .build_cartesian_2d(hours(run), 0f64..100f64)?
        .set_secondary_coord(hours(run), 0f64..peak * 1.1);
    mesh!(chart, "Time (hours)", "Throttled / timed out (% of requests)", &|v| format!("{v:.0}"));
    chart
        .configure_secondary_axes()
        .y_desc("Offered traffic (req/s)")
        .axis_desc_style((FONT, LABEL_PX).into_font().color(&INK))
        .label_style((FONT, TICK_PX).into_font().color(&INK))
        .y_label_formatter(&|v| format::si(*v))
        .draw()?;
    super::fault_windows::shade(&chart, faults)?;
    let grey = RGBColor(0x8C, 0x95, 0x9F);
    chart
        .draw_secondary_series(LineSeries::new(line(run, &run.dynamodb.offered_rps, |v| v), ShapeStyle { color: grey.mix(0.8), filled: false, stroke_width: 2 }))?
        .label("Offered traffic (right)")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], ShapeStyle { color: grey.into(), filled: false, stroke_width: 2 }));
    let share = |failed: &[f64], offered: &[f64]| -> Vec<f64> {
        failed.iter().zip(offered).map(|(f, o)| if *o > 0.0 { 100.0 * f / o } else { 0.0 }).collect()
    };
    let ddb = share(&run.dynamodb.throttled_rps, &run.dynamodb.offered_rps);
    let aur = share(&run.aurora.failed_rps, &run.aurora.offered_rps);
    chart
        .draw_series(LineSeries::new(line(run, &ddb, |v| v.clamp(0.0, 100.0)), line_style(DYNAMODB)))?
        .label("DynamoDB throttled")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line_style(DYNAMODB)));
    chart
        .draw_series(LineSeries::new(line(run, &aur, |v| v.clamp(0.0, 100.0)), line_style(AURORA)))?
        .label("Aurora timed out")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line_style(AURORA)));
    legend!(chart);
    root.present()
}

/// p50 (dashed) and p99 (solid) latency of both databases over time, log ms.
pub fn draw_latency<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun) -> DrawResult<DB> {
    draw_latency_with_faults(root, run, &[])
}

/// [`draw_latency`] with fault windows shaded (`FaultPlan::windows`).
pub fn draw_latency_with_faults<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun, faults: &[FaultWindow]) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let all = run.dynamodb.p99_ms.iter().chain(&run.aurora.p99_ms).copied();
    let y = super::sweep::log_range(all, 1.0);
    let mut chart = builder(root, "p50 and p99 latency over time").build_cartesian_2d(hours(run), y.log_scale())?;
    mesh!(chart, "Time (hours)", "Latency (ms, log scale)", &|v| format::si(*v));
    super::fault_windows::shade(&chart, faults)?;
    for (p99, p50, name, color) in [
        (&run.dynamodb.p99_ms, &run.dynamodb.p50_ms, "DynamoDB", DYNAMODB),
        (&run.aurora.p99_ms, &run.aurora.p50_ms, "Aurora", AURORA),
    ] {
        let floor = |v: f64| v.max(1.0);
        solid_and_dashed!(chart, line(run, p99, floor), format!("{name} p99"), line(run, p50, floor), format!("{name} p50"), color);
    }
    legend!(chart);
    root.present()
}

/// What each database has cost so far in the run, USD.
pub fn draw_cumulative_cost<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let running = |costs: &[f64]| -> Vec<f64> {
        costs.iter().scan(0.0, |total, c| {
            *total += c;
            Some(*total)
        }).collect()
    };
    let (ddb, aurora) = (running(&run.dynamodb.cost_usd), running(&run.aurora.cost_usd));
    let top = ddb.last().copied().unwrap_or(0.0).max(aurora.last().copied().unwrap_or(0.0)).max(0.01);
    let mut chart = builder(root, "Cumulative cost over the run").build_cartesian_2d(hours(run), 0f64..top * 1.1)?;
    mesh!(chart, "Time (hours)", "Cost so far (USD)", &|v| format!("${}", format::si(*v)));
    for (ys, name, color) in [(&ddb, "DynamoDB", DYNAMODB), (&aurora, "Aurora", AURORA)] {
        chart
            .draw_series(LineSeries::new(line(run, ys, |v| v), line_style(color)))?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line_style(color)));
    }
    legend!(chart);
    root.present()
}

/// DynamoDB read and write capacity in force (solid) vs consumed (dashed), units/s.
pub fn draw_dynamodb_capacity<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let d = &run.dynamodb;
    let all = d.read_capacity_units.iter().chain(&d.write_capacity_units).chain(&d.consumed_read_units).chain(&d.consumed_write_units);
    let y = super::sweep::log_range(all.copied(), 1.0);
    let mut chart = builder(root, "DynamoDB capacity: in force vs consumed").build_cartesian_2d(hours(run), y.log_scale())?;
    mesh!(chart, "Time (hours)", "Capacity units per second (log scale)", &|v| format::si(*v));
    let write_color = RGBColor(0x99, 0x3D, 0x00);
    for (capacity, consumed, what, color) in [
        (&d.read_capacity_units, &d.consumed_read_units, "Read", DYNAMODB),
        (&d.write_capacity_units, &d.consumed_write_units, "Write", write_color),
    ] {
        let floor = |v: f64| v.max(1.0);
        solid_and_dashed!(chart, line(run, capacity, floor), format!("{what} capacity in force"), line(run, consumed, floor), format!("{what} units consumed"), color);
    }
    legend!(chart);
    root.present()
}

/// Aurora writer ACU in force (solid) vs what its load needs (dashed), and reader ACU.
pub fn draw_aurora_capacity<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let a = &run.aurora;
    let top = a.writer_acu.iter().chain(&a.writer_needed_acu).chain(&a.reader_acu).copied().fold(1.0, f64::max);
    let mut chart = builder(root, "Aurora capacity: ACU in force vs needed").build_cartesian_2d(hours(run), 0f64..top * 1.15)?;
    mesh!(chart, "Time (hours)", "Aurora capacity units (ACU)", &|v| format::si(*v));
    let reader_color = RGBColor(0x56, 0xB4, 0xE9);
    chart
        .draw_series(LineSeries::new(line(run, &a.writer_acu, |v| v), line_style(AURORA)))?
        .label("Writer ACU")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line_style(AURORA)));
    chart
        .draw_series(DashedLineSeries::new(line(run, &a.writer_needed_acu, |v| v), 10, 6, line_style(AURORA)))?
        .label("Writer needs")
        .legend(|(x, y)| DashedPathElement::new(vec![(x, y), (x + 24, y)], 6, 4, line_style(AURORA)));
    if a.reader_acu.iter().any(|&v| v > 0.0) {
        chart
            .draw_series(LineSeries::new(line(run, &a.reader_acu, |v| v), line_style(reader_color)))?
            .label("Each reader ACU")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line_style(reader_color)));
    }
    legend!(chart);
    root.present()
}
