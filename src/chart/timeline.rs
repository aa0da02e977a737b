//! Charts of a simulated run against time (hours): requests lost by cause for each database
//! (stacked, on one shared scale), p50/p99 latency of both on one axis, DynamoDB capacity in
//! force vs consumed, Aurora ACU vs what the load needs, and the cost so far. Events of the
//! run are marked along the top of each chart in their database's colour.
//!
//! Each point is one bucket of steps (see `sim::output`): lines show bucket means, except
//! p99, which shows each bucket's worst step so a short spike is never averaged away.

use super::style::*;
use super::DrawResult;
use crate::format;
use crate::model::sim::{Database, LossCause, Series, SimRun};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// `(hour, value)` per bucket of `values`, at the bucket's start.
fn points(run: &SimRun, values: &[f64], map: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
    run.t_s.iter().zip(values).map(|(&t, &v)| (t / 3600.0, map(v))).collect()
}

/// The run's time axis, hours (the whole run, even while it is still being computed).
fn hours(run: &SimRun) -> std::ops::Range<f64> {
    0.0..(run.duration_s / 3600.0).max(1.0 / 60.0)
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

/// Small triangles along the top of the plot at each event of `database` (both if `None`).
fn event_marks<DB: DrawingBackend, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, Y>>,
    run: &SimRun,
    database: Option<Database>,
    top: f64,
) -> DrawResult<DB> {
    let marks = run.events.iter().filter(|e| database.is_none_or(|d| e.database == d)).map(|e| {
        let color = match e.database {
            Database::Dynamodb => DYNAMODB,
            Database::Aurora => AURORA,
        };
        EmptyElement::at((e.t_s / 3600.0, top)) + TriangleMarker::new((0, 6), 6, marker(color))
    });
    chart.draw_series(marks)?;
    Ok(())
}

/// Colours for the causes of one database's losses, in ledger order (Okabe–Ito without the
/// two database colours first, so a band never looks like the other database).
const CAUSE_COLOURS: [RGBColor; 7] = [
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x7F, 0x3C, 0x00),
    RGBColor(0x6B, 0x6B, 0x6B),
    RGBColor(0xF0, 0xE4, 0x42),
];

/// Colour of `cause` among the causes `present` in a chart.
pub fn cause_colour(cause: LossCause, present: &[LossCause]) -> RGBColor {
    let i = present.iter().position(|&c| c == cause).unwrap_or(0);
    CAUSE_COLOURS[i % CAUSE_COLOURS.len()]
}

/// The highest failing share (%) of either database in any bucket: both loss charts share
/// this scale, so their bands compare at a glance.
fn shared_loss_top_percent(run: &SimRun) -> f64 {
    let peak = |failed: &Series, offered: &Series| {
        failed.mean.iter().zip(&offered.mean).map(|(&f, &o)| if o > 0.0 { 100.0 * f / o } else { 0.0 }).fold(0.0, f64::max)
    };
    let top = peak(&run.dynamodb.failed_rps, &run.dynamodb.offered_rps).max(peak(&run.aurora.failed_rps, &run.aurora.offered_rps));
    // A round top: 1, 2, 5, 10, 20, 50 or 100 %.
    [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0].into_iter().find(|&t| t >= top * 1.05).unwrap_or(100.0)
}

/// One database's lost requests over time, stacked by cause, as % of offered requests, with
/// the offered traffic as a grey line on the right axis.
/// The run's fault windows are shaded.
pub fn draw_losses<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun, database: Database) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let (name, series) = match database {
        Database::Dynamodb => ("DynamoDB", &run.dynamodb.lost_rps),
        Database::Aurora => ("Aurora", &run.aurora.lost_rps),
    };
    let offered = match database {
        Database::Dynamodb => &run.dynamodb.offered_rps,
        Database::Aurora => &run.aurora.offered_rps,
    };
    let top = shared_loss_top_percent(run);
    let peak = offered.max.iter().copied().fold(1.0, f64::max);
    let mut chart = builder(root, &format!("{name}: requests lost, by cause"))
        .right_y_label_area_size(RIGHT_Y_LABELS_PX as u32)
        .build_cartesian_2d(hours(run), 0f64..top)?
        .set_secondary_coord(hours(run), 0f64..peak * 1.1);
    mesh!(chart, "Time (hours)", "Lost (% of requests, stacked)", &|v| format!("{v:.0}"));
    chart
        .configure_secondary_axes()
        .y_desc("Offered traffic (req/s)")
        .axis_desc_style((FONT, LABEL_PX).into_font().color(&INK))
        .label_style((FONT, TICK_PX).into_font().color(&INK))
        .y_label_formatter(&|v| format::si(*v))
        .draw()?;
    super::fault_windows::shade(&chart, &run.fault_windows)?;
    let grey = RGBColor(0x8C, 0x95, 0x9F);
    let grey_line = ShapeStyle { color: grey.mix(0.8), filled: false, stroke_width: 2 };
    chart
        .draw_secondary_series(LineSeries::new(points(run, &offered.mean, |v| v), grey_line))?
        .label("Offered traffic (right)")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], grey_line));
    let present: Vec<LossCause> = series.keys().copied().collect();
    let mut below = vec![0.0; run.t_s.len()];
    for (&cause, lost) in series {
        let share: Vec<f64> = lost.iter().zip(&offered.mean).map(|(&l, &o)| if o > 0.0 { 100.0 * l / o } else { 0.0 }).collect();
        let upper: Vec<f64> = below.iter().zip(&share).map(|(b, s)| (b + s).min(top)).collect();
        let mut outline = points(run, &upper, |v| v);
        outline.extend(points(run, &below, |v| v).into_iter().rev());
        let colour = cause_colour(cause, &present);
        chart
            .draw_series(std::iter::once(Polygon::new(outline, colour.mix(0.85).filled())))?
            .label(cause.reason())
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 24, y + 6)], colour.filled()));
        below = upper;
    }
    if series.is_empty() {
        chart.draw_series(std::iter::once(Text::new(
            "No request lost",
            (run.duration_s / 3600.0 * 0.35, top * 0.5),
            (FONT, LABEL_PX).into_font().color(&INK),
        )))?;
    }
    event_marks(&mut chart, run, Some(database), top)?;
    legend!(chart, quiet_corner(run, &below));
    root.present()
}

/// The upper corner where the legend hides least of the stacked losses: left unless the
/// losses in the run's first 40 % reach higher than those in its last 40 %.
fn quiet_corner(run: &SimRun, stacked_top: &[f64]) -> SeriesLabelPosition {
    let (early, late) = (run.duration_s * 0.4, run.duration_s * 0.6);
    let highest = |keep: &dyn Fn(f64) -> bool| {
        run.t_s.iter().zip(stacked_top).filter(|(&t, _)| keep(t)).map(|(_, &v)| v).fold(0.0, f64::max)
    };
    if highest(&|t| t <= early) <= highest(&|t| t >= late) {
        SeriesLabelPosition::UpperLeft
    } else {
        SeriesLabelPosition::UpperRight
    }
}

/// p50 (dashed) and p99 (solid) latency of both databases over time, log ms.
/// The run's fault windows are shaded.
pub fn draw_latency<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let all = run.dynamodb.p99_ms.max.iter().chain(&run.aurora.p99_ms.max).copied();
    let y = super::sweep::log_range(all, 1.0);
    let top = y.end;
    let mut chart = builder(root, "p50 and p99 latency over time").build_cartesian_2d(hours(run), y.log_scale())?;
    mesh!(chart, "Time (hours)", "Latency (ms, log scale)", &|v| format::si(*v));
    super::fault_windows::shade(&chart, &run.fault_windows)?;
    for (p99, p50, name, color) in [
        (&run.dynamodb.p99_ms, &run.dynamodb.p50_ms, "DynamoDB", DYNAMODB),
        (&run.aurora.p99_ms, &run.aurora.p50_ms, "Aurora", AURORA),
    ] {
        let floor = |v: f64| v.max(1.0);
        solid_and_dashed!(chart, points(run, &p99.max, floor), format!("{name} p99"), points(run, &p50.mean, floor), format!("{name} p50"), color);
    }
    event_marks(&mut chart, run, None, top)?;
    legend!(chart);
    root.present()
}

/// What each database has cost so far in the run, USD.
pub fn draw_cumulative_cost<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let running = |costs: &[f64]| -> Vec<f64> {
        costs
            .iter()
            .scan(0.0, |total, c| {
                *total += c;
                Some(*total)
            })
            .collect()
    };
    let (ddb, aurora) = (running(&run.dynamodb.cost_usd), running(&run.aurora.cost_usd));
    let top = ddb.last().copied().unwrap_or(0.0).max(aurora.last().copied().unwrap_or(0.0)).max(0.01);
    let mut chart = builder(root, "Cumulative cost over the run").build_cartesian_2d(hours(run), 0f64..top * 1.1)?;
    mesh!(chart, "Time (hours)", "Cost so far (USD)", &|v| format!("${}", format::si(*v)));
    // Each bucket's cost is reached at its end.
    let at_end = |ys: &[f64]| -> Vec<(f64, f64)> {
        let end = |i: usize| run.t_s.get(i + 1).copied().unwrap_or(run.simulated_s()) / 3600.0;
        std::iter::once((0.0, 0.0)).chain(ys.iter().enumerate().map(|(i, &y)| (end(i), y))).collect()
    };
    for (ys, name, color) in [(&ddb, "DynamoDB", DYNAMODB), (&aurora, "Aurora", AURORA)] {
        chart
            .draw_series(LineSeries::new(at_end(ys), line_style(color)))?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line_style(color)));
    }
    event_marks(&mut chart, run, None, top * 1.1)?;
    legend!(chart);
    root.present()
}

fn line_style(color: RGBColor) -> ShapeStyle {
    super::style::line(color)
}

/// DynamoDB read and write capacity in force (solid) vs consumed (dashed), units/s, and each
/// index's write capacity when there are indexes.
pub fn draw_dynamodb_capacity<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let d = &run.dynamodb;
    let all = [&d.read_capacity_units, &d.write_capacity_units, &d.consumed_read_units, &d.consumed_write_units, &d.index_write_capacity_units]
        .into_iter()
        .flat_map(|s| s.mean.iter().copied());
    let y = super::sweep::log_range(all, 1.0);
    let top = y.end;
    let mut chart = builder(root, "DynamoDB capacity: in force vs consumed").build_cartesian_2d(hours(run), y.log_scale())?;
    mesh!(chart, "Time (hours)", "Capacity units per second (log scale)", &|v| format::si(*v));
    let write_color = RGBColor(0x99, 0x3D, 0x00);
    for (capacity, consumed, what, color) in
        [(&d.read_capacity_units, &d.consumed_read_units, "Read", DYNAMODB), (&d.write_capacity_units, &d.consumed_write_units, "Write", write_color)]
    {
        let floor = |v: f64| v.max(1.0);
        solid_and_dashed!(chart, points(run, &capacity.mean, floor), format!("{what} capacity in force"), points(run, &consumed.mean, floor), format!("{what} units consumed"), color);
    }
    if d.index_write_capacity_units.mean.iter().any(|&v| v > 0.0) {
        let index_color = RGBColor(0xE6, 0x9F, 0x00);
        chart
            .draw_series(LineSeries::new(points(run, &d.index_write_capacity_units.mean, |v| v.max(1.0)), line_style(index_color)))?
            .label("Each index's write capacity")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line_style(index_color)));
    }
    event_marks(&mut chart, run, Some(Database::Dynamodb), top)?;
    legend!(chart);
    root.present()
}

/// Aurora writer ACU in force (solid) vs what its load needs (dashed), and reader ACU.
pub fn draw_aurora_capacity<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let a = &run.aurora;
    let top = a.writer_acu.max.iter().chain(&a.writer_needed_acu.max).chain(&a.reader_acu.max).copied().fold(1.0, f64::max) * 1.15;
    let mut chart = builder(root, "Aurora capacity: ACU in force vs needed").build_cartesian_2d(hours(run), 0f64..top)?;
    mesh!(chart, "Time (hours)", "Aurora capacity units (ACU)", &|v| format::si(*v));
    let reader_color = RGBColor(0x56, 0xB4, 0xE9);
    chart
        .draw_series(LineSeries::new(points(run, &a.writer_acu.mean, |v| v), line_style(AURORA)))?
        .label("Writer ACU")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line_style(AURORA)));
    chart
        .draw_series(DashedLineSeries::new(points(run, &a.writer_needed_acu.mean, |v| v), 10, 6, line_style(AURORA)))?
        .label("Writer needs")
        .legend(|(x, y)| DashedPathElement::new(vec![(x, y), (x + 24, y)], 6, 4, line_style(AURORA)));
    if a.reader_acu.mean.iter().any(|&v| v > 0.0) {
        chart
            .draw_series(LineSeries::new(points(run, &a.reader_acu.mean, |v| v), line_style(reader_color)))?
            .label("Each reader ACU")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line_style(reader_color)));
    }
    event_marks(&mut chart, run, Some(Database::Aurora), top)?;
    legend!(chart);
    root.present()
}
