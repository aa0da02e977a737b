//! Charts of a simulated run against time (hours): requests lost by cause for each database
//! (stacked, on one shared scale), p50/p99 latency of both on one axis, DynamoDB capacity in
//! force vs consumed, DynamoDB throttle events per minute, Aurora ACU vs what the load needs,
//! and the cost so far. Events of the run are marked along the top of each chart in their
//! database's colour.
//!
//! Each point is one slice of the run's buckets about 2 px wide (see [`super::envelope`]):
//! a smooth series is a line through the slices' means, except p99, which shows each
//! slice's worst step so a short spike is never averaged away. When a chart has a rough
//! series (a person's per-second trace), its slices are 6 px wide instead, and each rough
//! series is a light band from its lowest to its highest step with a line for its mean,
//! the legend saying which is which ("p99, mean of steps"), and its worst moments marked
//! with their value; the loss charts then band the offered traffic and mark the steps that
//! lost most. On the capacity charts only what the load asks for (consumed, needed) is
//! banded; capacity in force is the line of what was in force. Legends go in the corner
//! where they hide least ([`super::ink`]).
//!
//! When the scenario carries what CloudWatch recorded (`recorded`), the capacity charts and
//! the throttle-events chart draw it over the simulated series on the same axes
//! ([`super::recorded`]): consumed and provisioned capacity, throttle events, the writer's
//! ACU, each in black or grey and labelled "recorded (CloudWatch)", with the moment where
//! recorded and simulated differ most (per `import::compare`) bracketed.

use super::envelope::{self, Envelope, Mark, Slices, Worst, BAND_ALPHA};
use super::ink::Ink;
use super::recorded::{self as rec, RecordedLine, Stroke, RECORDED, RECORDED_WRITE};
use super::style::*;
use super::DrawResult;
use crate::format;
use crate::model::import::{Metric, Recorded, RecordedUnit};
use crate::model::sim::{Database, LossCause, Series, SimRun};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// The run's time axis, hours (the whole run, even while it is still being computed).
pub(super) fn hours(run: &SimRun) -> std::ops::Range<f64> {
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

/// The run's slices for a time chart drawn on `root` (see [`super::envelope`]).
fn slices<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun, right_axis: bool) -> Slices {
    let (left, right) = plot_span_px(f64::from(root.dim_in_pixel().0), right_axis);
    Slices::new(run, right - left)
}

/// The slices a chart draws with: `fine` (about 2 px), or slices [`ROUGH_SLICE_FACTOR`]
/// times wider when any of `series` (floored at `floor`) is rough at 2 px on `coord`. A
/// rough run's lines then average a few pixels of steps and its bands step every few
/// pixels, which reads calmer than a comb 2 px wide; a smooth run keeps every detail.
fn settle<CT: plotters::coord::CoordTranslate<From = (f64, f64)>>(run: &SimRun, plot_px: f64, fine: Slices, coord: &CT, series: &[&Series], floor: f64) -> Slices {
    if series.iter().any(|s| fine.envelope(s).floored(floor).is_rough(coord, &fine)) {
        Slices::new(run, plot_px / ROUGH_SLICE_FACTOR)
    } else {
        fine
    }
}

/// How much wider a rough chart's slices are.
const ROUGH_SLICE_FACTOR: f64 = 3.0;

pub(super) fn builder<'a, DB: DrawingBackend>(root: &'a DrawingArea<DB, Shift>, caption: &str) -> ChartBuilder<'a, 'a, DB> {
    let mut b = ChartBuilder::on(root);
    b.caption(caption, (FONT, CAPTION_PX).into_font().color(&INK))
        .margin(MARGIN_PX as u32)
        .margin_right(MARGIN_RIGHT_PX as u32)
        .x_label_area_size(44)
        .y_label_area_size(Y_LABELS_PX as u32);
    b
}

/// A time chart on a linear or a log value axis.
pub(super) type TimeChart<'a, DB, Y> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, Y>>;

/// Small triangles along the top of the plot at each event of `database` (both if `None`),
/// at most one per database every 10 px (a rough run may have thousands).
pub(super) fn event_marks<'a, DB: DrawingBackend + 'a, Y: Ranged<ValueType = f64>>(
    chart: &mut TimeChart<'a, DB, Y>,
    run: &SimRun,
    database: Option<Database>,
    top: f64,
) -> DrawResult<DB> {
    let mut last_px: [Option<i32>; Database::ALL.len()] = Default::default();
    let mut marks = Vec::new();
    for e in run.events.iter().filter(|e| database.is_none_or(|d| e.database == d)) {
        let (slot, color) = (e.database as usize, crate::chart::style::colour_of(e.database));
        let x = chart.backend_coord(&(e.t_s / 3600.0, top)).0;
        if last_px[slot].is_some_and(|p| (x - p).abs() < 10) {
            continue;
        }
        last_px[slot] = Some(x);
        marks.push(EmptyElement::at((e.t_s / 3600.0, top)) + TriangleMarker::new((0, 6), 6, marker(color)));
    }
    chart.draw_series(marks)?;
    Ok(())
}

/// A rough series' band, in its colour.
fn draw_band<'a, DB: DrawingBackend + 'a, Y: Ranged<ValueType = f64>>(
    chart: &mut TimeChart<'a, DB, Y>,
    slices: &Slices,
    env: &Envelope,
    color: RGBColor,
    ink: &mut Ink,
) -> DrawResult<DB> {
    for i in 0..slices.len().min(env.max.len()) {
        ink.rect(chart.backend_coord(&(slices.start_h[i], env.max[i])), chart.backend_coord(&(slices.end_h[i], env.min[i])), 1);
    }
    chart.draw_series(std::iter::once(Polygon::new(env.band(slices), color.mix(BAND_ALPHA).filled())))?;
    Ok(())
}

/// The legend entry of the bands: a swatch of each band's colour side by side.
fn band_legend<'a, DB: DrawingBackend + 'a, Y: Ranged<ValueType = f64>>(
    chart: &mut TimeChart<'a, DB, Y>,
    colours: Vec<RGBColor>,
    label: &str,
    ink: &mut Ink,
) -> DrawResult<DB> {
    if colours.is_empty() {
        return Ok(());
    }
    ink.label(label);
    // Up to two colours (both databases'), each on half the swatch.
    let (first, second) = (colours[0], colours.get(1).copied().unwrap_or(colours[0]));
    chart.draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())?.label(label).legend(move |(x, y)| {
        EmptyElement::at((x, y))
            + Rectangle::new([(0, -7), (12, 7)], first.mix(BAND_ALPHA * 1.6).filled())
            + Rectangle::new([(12, -7), (24, 7)], second.mix(BAND_ALPHA * 1.6).filled())
    });
    Ok(())
}

/// A line with a legend entry, solid or dashed.
fn draw_line<'a, DB: DrawingBackend + 'a, Y: Ranged<ValueType = f64>>(
    chart: &mut TimeChart<'a, DB, Y>,
    points: Vec<(f64, f64)>,
    color: RGBColor,
    dashed: bool,
    label: String,
    ink: &mut Ink,
) -> DrawResult<DB> {
    ink.polyline(points.iter().map(|p| chart.backend_coord(p)), 4);
    ink.label(label.clone());
    let style = line_style(color);
    if dashed {
        chart
            .draw_series(DashedLineSeries::new(points, 10, 6, style))?
            .label(label)
            .legend(move |(x, y)| DashedPathElement::new(vec![(x, y), (x + 24, y)], 6, 4, style));
    } else {
        chart.draw_series(LineSeries::new(points, style))?.label(label).legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], style));
    }
    Ok(())
}

/// A series to draw on a time chart: its envelope, whether it is rough (on this chart's
/// scale), colour, stroke and name.
struct Drawn {
    env: Envelope,
    rough: bool,
    color: RGBColor,
    dashed: bool,
    name: String,
}

impl Drawn {
    fn new<CT: plotters::coord::CoordTranslate<From = (f64, f64)>>(coord: &CT, slices: &Slices, env: Envelope, color: RGBColor, dashed: bool, name: String) -> Drawn {
        let rough = env.is_rough(coord, slices);
        Drawn { env, rough, color, dashed, name }
    }

    /// `series` on `slices`, floored at `floor` (for a log axis).
    #[allow(clippy::too_many_arguments)]
    fn of<CT: plotters::coord::CoordTranslate<From = (f64, f64)>>(coord: &CT, slices: &Slices, series: &Series, floor: f64, color: RGBColor, dashed: bool, name: &str) -> Drawn {
        Drawn::new(coord, slices, slices.envelope(series).floored(floor), color, dashed, name.to_string())
    }
}

/// Bands of the rough ones in `series`, then every line (a rough one labelled as its mean),
/// and the bands' legend entry.
fn draw_series_set<'a, DB: DrawingBackend + 'a, Y: Ranged<ValueType = f64>>(
    chart: &mut TimeChart<'a, DB, Y>,
    slices: &Slices,
    series: &[Drawn],
    band_label: &str,
    ink: &mut Ink,
) -> DrawResult<DB> {
    for d in series.iter().filter(|d| d.rough) {
        draw_band(chart, slices, &d.env, d.color, ink)?;
    }
    for d in series {
        let label = if d.rough { format!("{}, mean of steps", d.name) } else { d.name.clone() };
        draw_line(chart, Envelope::line(slices, &d.env.mean), d.color, d.dashed, label, ink)?;
    }
    let mut colours: Vec<RGBColor> = Vec::new();
    for d in series.iter().filter(|d| d.rough) {
        if !colours.contains(&d.color) {
            colours.push(d.color);
        }
    }
    band_legend(chart, colours, band_label, ink)
}

/// Mark the worst moments of `worst` (up to `per_series` each) and choose the legend's
/// corner: where it hides least, the marks counted heavily; then the marks again, none
/// under the legend. Returns the corner (`None`: no legend to draw).
fn marks_and_legend<'a, DB: DrawingBackend + 'a, Y: Ranged<ValueType = f64>>(
    chart: &mut TimeChart<'a, DB, Y>,
    root: &DrawingArea<DB, Shift>,
    slices: &Slices,
    worst: &[Worst],
    per_series: usize,
    ink: &mut Ink,
) -> Result<Option<SeriesLabelPosition>, plotters::drawing::DrawingAreaErrorKind<DB::ErrorType>> {
    for m in envelope::worst_marks(chart.as_coord_spec(), slices, worst, per_series, None) {
        ink.mark(chart.backend_coord(&(m.x_h, m.y)));
    }
    let (corner, legend) = ink.legend_box(root);
    let legend = ink.has_legend().then_some(legend);
    let marks = envelope::worst_marks(chart.as_coord_spec(), slices, worst, per_series, legend);
    envelope::draw_marks(chart, &marks, ink)?;
    Ok(legend.map(|_| corner))
}

/// Colours for the causes of one database's losses, in ledger order (Okabe–Ito without the
/// three database colours first, so a band never looks like another database; Tol's wine
/// instead of the bluish green, DSQL's).
const CAUSE_COLOURS: [RGBColor; 7] = [
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x88, 0x22, 0x55),
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

/// The highest failing share (%) of any database in the run in any slice: every loss chart
/// shares this scale, so their bands compare at a glance.
fn shared_loss_top_percent(run: &SimRun, slices: &Slices) -> f64 {
    let peak = |failed: &Series, offered: &Series| slices.percent_of(&failed.mean, &offered.mean).into_iter().fold(0.0, f64::max);
    let dsql = run.dsql.as_ref().map_or(0.0, |q| peak(&q.series.failed_rps, &q.series.offered_rps));
    let top = peak(&run.dynamodb.failed_rps, &run.dynamodb.offered_rps).max(peak(&run.aurora.failed_rps, &run.aurora.offered_rps)).max(dsql);
    // A round top: 1, 2, 5, 10, 20, 50 or 100 %.
    [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0].into_iter().find(|&t| t >= top * 1.05).unwrap_or(100.0)
}

/// One database's lost requests over time, stacked by cause, as % of offered requests, with
/// the offered traffic as a grey line on the right axis.
/// The run's fault windows are shaded. Rough offered traffic is a grey band (lowest to
/// highest step) behind its mean, and the three steps that lost most requests are marked
/// on the right axis.
pub fn draw_losses<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun, database: Database) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let no_dsql = crate::model::sim::DsqlSeries::default();
    let (name, series, offered, failed) = match database {
        Database::Dynamodb => ("DynamoDB", &run.dynamodb.lost_rps, &run.dynamodb.offered_rps, &run.dynamodb.failed_rps),
        Database::Aurora => ("Aurora", &run.aurora.lost_rps, &run.aurora.offered_rps, &run.aurora.failed_rps),
        Database::Dsql => {
            let d = run.dsql.as_ref().map_or(&no_dsql, |r| &r.series);
            ("Aurora DSQL", &d.lost_rps, &d.offered_rps, &d.failed_rps)
        }
    };
    let fine = slices(root, run, true);
    let top = shared_loss_top_percent(run, &fine);
    let peak = fine.envelope(offered).peak().max(1.0) * 1.1;
    let mut chart = builder(root, &format!("{name}: requests lost, by cause"))
        .right_y_label_area_size(RIGHT_Y_LABELS_PX as u32)
        .build_cartesian_2d(hours(run), 0f64..top)?
        .set_secondary_coord(hours(run), 0f64..peak);
    // Whole percentages from 10 % up; below, the ticks fall between them (0.2, 0.4 … on a
    // 1 % scale) and need their decimal.
    let decimals = if top < 10.0 { 1 } else { 0 };
    mesh!(chart, "Time (hours)", "Lost (% of requests, stacked)", &|v| format!("{v:.decimals$}"));
    chart
        .configure_secondary_axes()
        .y_desc("Offered traffic (req/s)")
        .axis_desc_style((FONT, LABEL_PX).into_font().color(&INK))
        .label_style((FONT, TICK_PX).into_font().color(&INK))
        .y_label_formatter(&|v| format::si(*v))
        .draw()?;
    super::fault_windows::shade(&chart, &run.fault_windows)?;
    let mut ink = Ink::new(chart.plotting_area().get_pixel_range());
    // The right axis' values in the left axis' units (both start at 0).
    let left = |v: f64| v / peak * top;
    let grey = RGBColor(0x8C, 0x95, 0x9F);
    let grey_line = ShapeStyle { color: grey.mix(0.8), filled: false, stroke_width: 2 };
    let slices = settle(run, plot_px(root, true), fine, chart.borrow_secondary().as_coord_spec(), &[offered, failed], 0.0);
    let (offered_env, failed_env) = (slices.envelope(offered), slices.envelope(failed));
    let rough = {
        let right = chart.borrow_secondary().as_coord_spec();
        offered_env.is_rough(right, &slices) || failed_env.is_rough(right, &slices)
    };
    if rough {
        for i in 0..slices.len() {
            let (a, b) = ((slices.start_h[i], left(offered_env.max[i])), (slices.end_h[i], left(offered_env.min[i])));
            ink.rect(chart.backend_coord(&a), chart.backend_coord(&b), 1);
        }
        ink.label("Offered, lowest to highest step");
        chart
            .draw_secondary_series(std::iter::once(Polygon::new(offered_env.band(&slices), grey.mix(0.18).filled())))?
            .label("Offered, lowest to highest step")
            .legend(move |(x, y)| Rectangle::new([(x, y - 7), (x + 24, y + 7)], grey.mix(0.35).filled()));
    }
    let offered_label = if rough { "Offered traffic, mean (right)" } else { "Offered traffic (right)" };
    ink.polyline(slices.mid_h.iter().zip(&offered_env.mean).map(|(&x, &v)| chart.backend_coord(&(x, left(v)))), 3);
    ink.label(offered_label);
    chart
        .draw_secondary_series(LineSeries::new(Envelope::line(&slices, &offered_env.mean), grey_line))?
        .label(offered_label)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], grey_line));
    let present: Vec<LossCause> = series.keys().copied().collect();
    let mut below = vec![0.0; slices.len()];
    for (&cause, lost) in series {
        let share = slices.percent_of(lost, &offered.mean);
        let upper: Vec<f64> = below.iter().zip(&share).map(|(b, s)| (b + s).min(top)).collect();
        let mut outline = Envelope::line(&slices, &upper);
        outline.extend(Envelope::line(&slices, &below).into_iter().rev());
        let colour = cause_colour(cause, &present);
        for i in 0..slices.len() {
            ink.rect(chart.backend_coord(&(slices.start_h[i], upper[i])), chart.backend_coord(&(slices.end_h[i], below[i])), 3);
        }
        ink.label(cause.reason());
        chart
            .draw_series(std::iter::once(Polygon::new(outline, colour.mix(0.85).filled())))?
            .label(cause.reason())
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 24, y + 6)], colour.filled()));
        below = upper;
    }
    if series.is_empty() {
        let at = (run.duration_s / 3600.0 * 0.35, top * 0.5);
        let p = chart.backend_coord(&at);
        ink.rect((p.0, p.1 - 4), (p.0 + 130, p.1 + 20), 40);
        chart.draw_series(std::iter::once(Text::new("No request lost", at, (FONT, LABEL_PX).into_font().color(&INK))))?;
    }
    let label = |v: f64| format!("{} req/s lost", format::si(v));
    let worst: Vec<Worst> =
        if rough { vec![(&failed_env, name_colour(database), &label as &dyn Fn(f64) -> String)] } else { Vec::new() };
    // The steps that lost most, found on the right axis (req/s), drawn in the left axis' units.
    let in_left = |marks: Vec<Mark>| -> Vec<Mark> { marks.into_iter().map(|m| Mark { y: left(m.y), ..m }).collect() };
    for m in in_left(envelope::worst_marks(chart.borrow_secondary().as_coord_spec(), &slices, &worst, 3, None)) {
        ink.mark(chart.backend_coord(&(m.x_h, m.y)));
    }
    let (corner, legend_box) = ink.legend_box(root);
    let marks = in_left(envelope::worst_marks(chart.borrow_secondary().as_coord_spec(), &slices, &worst, 3, Some(legend_box)));
    envelope::draw_marks(&mut chart, &marks, &mut ink)?;
    event_marks(&mut chart, run, Some(database), top)?;
    legend!(chart, corner);
    root.present()
}

fn name_colour(database: Database) -> RGBColor {
    crate::chart::style::colour_of(database)
}

/// p50 (dashed) and p99 (solid) latency of both databases over time, log ms.
/// The run's fault windows are shaded. A database whose p99 is rough gets a band from its
/// best to its worst step, its line is the mean of its steps' p99, and its three worst
/// steps are marked with their value.
pub fn draw_latency<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let dsql = run.dsql.as_ref().map(|r| &r.series);
    let all = run.dynamodb.p99_ms.max.iter().chain(&run.aurora.p99_ms.max).chain(dsql.map_or(&[][..], |q| &q.p99_ms.max[..])).copied();
    let y = super::sweep::log_range(all, 1.0);
    let top = y.end;
    let mut chart = builder(root, "p50 and p99 latency over time").build_cartesian_2d(hours(run), y.log_scale())?;
    mesh!(chart, "Time (hours)", "Latency (ms, log scale)", &|v| format::si(*v));
    super::fault_windows::shade(&chart, &run.fault_windows)?;
    let mut ink = Ink::new(chart.plotting_area().get_pixel_range());
    let mut dbs = vec![(&run.dynamodb.p99_ms, &run.dynamodb.p50_ms, "DynamoDB", DYNAMODB), (&run.aurora.p99_ms, &run.aurora.p50_ms, "Aurora", AURORA)];
    dbs.extend(dsql.map(|q| (&q.p99_ms, &q.p50_ms, "Aurora DSQL", DSQL)));
    let p99s: Vec<&Series> = dbs.iter().map(|d| d.0).collect();
    let slices = settle(run, plot_px(root, false), slices(root, run, false), chart.as_coord_spec(), &p99s, 1.0);
    let p99: Vec<Drawn> = dbs
        .iter()
        .map(|&(p99, _, name, color)| Drawn::new(chart.as_coord_spec(), &slices, slices.envelope(p99).floored(1.0), color, false, format!("{name} p99")))
        .collect();
    for d in p99.iter().filter(|d| d.rough) {
        draw_band(&mut chart, &slices, &d.env, d.color, &mut ink)?;
    }
    for (d, &(_, p50, name, color)) in p99.iter().zip(&dbs) {
        // Smooth: each slice's worst step; rough: the mean of its steps' p99.
        let (line, label) = if d.rough { (&d.env.mean, format!("{name} p99, mean of steps")) } else { (&d.env.max, d.name.clone()) };
        draw_line(&mut chart, Envelope::line(&slices, line), color, false, label, &mut ink)?;
        let p50 = slices.envelope(p50).floored(1.0).mean;
        draw_line(&mut chart, Envelope::line(&slices, &p50), color, true, format!("{name} p50"), &mut ink)?;
    }
    let rough: Vec<&Drawn> = p99.iter().filter(|d| d.rough).collect();
    band_legend(&mut chart, rough.iter().map(|d| d.color).collect(), "Shaded: p99, best to worst step", &mut ink)?;
    let label = |v: f64| format::ms(v);
    let worst: Vec<Worst> = rough.iter().map(|d| (&d.env, d.color, &label as &dyn Fn(f64) -> String)).collect();
    let corner = marks_and_legend(&mut chart, root, &slices, &worst, 3, &mut ink)?;
    event_marks(&mut chart, run, None, top)?;
    if let Some(corner) = corner {
        legend!(chart, corner);
    }
    root.present()
}

/// What each database has cost so far in the run, USD.
pub fn draw_cumulative_cost<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun) -> DrawResult<DB> {
    super::so_far::draw_cost(root, run, None)
}

fn line_style(color: RGBColor) -> ShapeStyle {
    super::style::line(color)
}

/// DynamoDB's write colour on its charts (a darker vermillion), beside reads in [`DYNAMODB`].
const DYNAMODB_WRITE: RGBColor = RGBColor(0x99, 0x3D, 0x00);

/// A recorded series of `metric` in `unit` as a line on a chart, if recorded.
fn recorded_line(recorded: Option<&Recorded>, metric: Metric, unit: RecordedUnit, run: &SimRun, plot_px: f64) -> Option<RecordedLine> {
    let r = recorded?;
    let s = r.get(metric).filter(|s| s.unit == unit)?;
    Some(rec::line(s, run.duration_s, rec::recording_end_s(r), plot_px)).filter(|l| !l.is_empty())
}

fn plot_px<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, right_axis: bool) -> f64 {
    let (left, right) = plot_span_px(f64::from(root.dim_in_pixel().0), right_axis);
    (right - left).max(1.0)
}

/// DynamoDB read and write capacity in force (solid) vs consumed (dashed), units/s, and each
/// index's write capacity when there are indexes; rough ones banded, the peak consumed
/// step of each marked. With `recorded`, CloudWatch's consumed (dashed) and provisioned
/// (solid) read (black) and write (grey) capacity over them, and the moment where recorded
/// and simulated differ most.
pub fn draw_dynamodb_capacity<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun, recorded: Option<&Recorded>) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let d = &run.dynamodb;
    let px = plot_px(root, false);
    let lines = [
        (Metric::ConsumedReadCapacityUnits, RecordedUnit::UnitsPerS, RECORDED, Stroke::Dashed),
        (Metric::ProvisionedReadCapacityUnits, RecordedUnit::CapacityUnits, RECORDED, Stroke::Solid),
        (Metric::ConsumedWriteCapacityUnits, RecordedUnit::UnitsPerS, RECORDED_WRITE, Stroke::Dashed),
        (Metric::ProvisionedWriteCapacityUnits, RecordedUnit::CapacityUnits, RECORDED_WRITE, Stroke::Solid),
    ];
    let recorded_lines: Vec<(Metric, RecordedLine, RGBColor, Stroke)> = lines
        .iter()
        .filter_map(|&(m, u, c, s)| recorded_line(recorded, m, u, run, px).map(|l| (m, l.floored(1.0), c, s)))
        .collect();
    let with_indexes = d.index_write_capacity_units.mean.iter().any(|&v| v > 0.0);
    let envs = [
        (&d.read_capacity_units, DYNAMODB, false, "Read capacity in force"),
        (&d.consumed_read_units, DYNAMODB, true, "Read units consumed"),
        (&d.write_capacity_units, DYNAMODB_WRITE, false, "Write capacity in force"),
        (&d.consumed_write_units, DYNAMODB_WRITE, true, "Write units consumed"),
        (&d.index_write_capacity_units, RGBColor(0xE6, 0x9F, 0x00), false, "Each index's write capacity"),
    ];
    let envs: Vec<_> = envs.into_iter().filter(|e| with_indexes || !std::ptr::eq(e.0, &d.index_write_capacity_units)).collect();
    let all = envs.iter().flat_map(|e| e.0.max.iter().copied()).chain(recorded_lines.iter().map(|l| l.1.peak()));
    let y = super::sweep::log_range(all, 1.0);
    let top = y.end;
    let caption = if recorded_lines.is_empty() { "DynamoDB capacity: in force vs consumed" } else { "DynamoDB capacity: in force vs consumed, and recorded" };
    let mut chart = builder(root, caption).build_cartesian_2d(hours(run), y.log_scale())?;
    mesh!(chart, "Time (hours)", "Capacity units per second (log scale)", &|v| format::si(*v));
    super::fault_windows::shade(&chart, &run.fault_windows)?;
    let mut ink = Ink::new(chart.plotting_area().get_pixel_range());
    let series: Vec<&Series> = envs.iter().map(|e| e.0).collect();
    let slices = settle(run, px, slices(root, run, false), chart.as_coord_spec(), &series, 1.0);
    // Only what the load asks for (dashed) is banded: capacity in force moves by scaling
    // decisions, and its line is what was in force.
    let drawn: Vec<Drawn> = envs
        .into_iter()
        .map(|(series, c, dashed, name)| Drawn::of(chart.as_coord_spec(), &slices, series, 1.0, c, dashed, name))
        .map(|d| Drawn { rough: d.rough && d.dashed, ..d })
        .collect();
    draw_series_set(&mut chart, &slices, &drawn, "Shaded: lowest to highest step", &mut ink)?;
    draw_recorded(&mut chart, &recorded_lines, &[("Read, recorded (CloudWatch)", RECORDED), ("Write, recorded (CloudWatch)", RECORDED_WRITE)], &mut ink)?;
    if let Some(r) = recorded.filter(|_| !recorded_lines.is_empty()) {
        let metrics: Vec<Metric> = recorded_lines.iter().map(|l| l.0).collect();
        if let Some(gap) = rec::largest_gap(r, run, &metrics) {
            rec::draw_gap(&mut chart, gap, 1.0, &mut ink)?;
        }
    }
    let label = |v: f64| format!("{}/s", format::si(v));
    let worst: Vec<Worst> =
        drawn.iter().filter(|d| d.rough && d.dashed).map(|d| (&d.env, d.color, &label as &dyn Fn(f64) -> String)).collect();
    let corner = marks_and_legend(&mut chart, root, &slices, &worst, 1, &mut ink)?;
    event_marks(&mut chart, run, Some(Database::Dynamodb), top)?;
    if let Some(corner) = corner {
        legend!(chart, corner);
    }
    root.present()
}

/// Draw recorded lines, then one legend entry per colour that has a line (`entries`:
/// label and colour), its stroke solid unless every line of that colour is dashed.
fn draw_recorded<'a, DB: DrawingBackend + 'a, Y: Ranged<ValueType = f64>>(
    chart: &mut TimeChart<'a, DB, Y>,
    lines: &[(Metric, RecordedLine, RGBColor, Stroke)],
    entries: &[(&str, RGBColor)],
    ink: &mut Ink,
) -> DrawResult<DB> {
    for (_, line, colour, stroke) in lines {
        rec::draw(chart, line, *colour, *stroke, "", ink)?;
    }
    for &(label, colour) in entries {
        let strokes: Vec<Stroke> = lines.iter().filter(|l| l.2 == colour).map(|l| l.3).collect();
        if strokes.is_empty() {
            continue;
        }
        let stroke = if strokes.iter().all(|&s| s == Stroke::Dashed) { Stroke::Dashed } else { Stroke::Solid };
        let dotted = lines.iter().any(|l| l.2 == colour && !l.1.dots.is_empty());
        rec::legend_entry(chart, colour, stroke, dotted, label, ink)?;
    }
    Ok(())
}

/// DynamoDB's throttle events per minute (CloudWatch's ReadThrottleEvents and
/// WriteThrottleEvents: throttled attempts, retries included), simulated in the database's
/// colours (rough ones banded, their worst minutes marked) and, with `recorded`, what
/// CloudWatch recorded over them in black (reads) and grey (writes), the moment where they
/// differ most bracketed.
pub fn draw_throttle_events<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun, recorded: Option<&Recorded>) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let d = &run.dynamodb;
    let px = plot_px(root, false);
    let recorded_lines: Vec<(Metric, RecordedLine, RGBColor, Stroke)> = [(Metric::ReadThrottleEvents, RECORDED), (Metric::WriteThrottleEvents, RECORDED_WRITE)]
        .iter()
        .filter_map(|&(m, c)| recorded_line(recorded, m, RecordedUnit::EventsPerMin, run, px).map(|l| (m, l, c, Stroke::Solid)))
        .collect();
    let has_recorded = |m: Metric| recorded_lines.iter().any(|l| l.0 == m);
    let peak_of = |s: &Series| s.max.iter().copied().filter(|v| v.is_finite()).fold(0.0, f64::max);
    let envs: Vec<(&Series, RGBColor, &str)> = [
        (&d.read_throttle_events_per_min, DYNAMODB, "Read throttle events, simulated", Metric::ReadThrottleEvents),
        (&d.write_throttle_events_per_min, DYNAMODB_WRITE, "Write throttle events, simulated", Metric::WriteThrottleEvents),
    ]
    .into_iter()
    .filter(|&(s, _, _, m)| peak_of(s) > 0.0 || has_recorded(m))
    .map(|(s, c, name, _)| (s, c, name))
    .collect();
    let peak = envs.iter().map(|e| peak_of(e.0)).chain(recorded_lines.iter().map(|l| l.1.peak())).fold(0.0, f64::max);
    let top = (peak * 1.12).max(1.0);
    let caption = if recorded_lines.is_empty() { "DynamoDB throttle events per minute" } else { "DynamoDB throttle events per minute, recorded vs simulated" };
    let mut chart = builder(root, caption).build_cartesian_2d(hours(run), 0f64..top)?;
    mesh!(chart, "Time (hours)", "Throttle events per minute", &|v| format::si(*v));
    super::fault_windows::shade(&chart, &run.fault_windows)?;
    let mut ink = Ink::new(chart.plotting_area().get_pixel_range());
    let series: Vec<&Series> = envs.iter().map(|e| e.0).collect();
    let slices = settle(run, px, slices(root, run, false), chart.as_coord_spec(), &series, 0.0);
    let drawn: Vec<Drawn> = envs.into_iter().map(|(s, c, name)| Drawn::of(chart.as_coord_spec(), &slices, s, 0.0, c, false, name)).collect();
    draw_series_set(&mut chart, &slices, &drawn, "Shaded: lowest to highest step", &mut ink)?;
    draw_recorded(&mut chart, &recorded_lines, &[("Read, recorded (CloudWatch)", RECORDED), ("Write, recorded (CloudWatch)", RECORDED_WRITE)], &mut ink)?;
    if let Some(r) = recorded.filter(|_| !recorded_lines.is_empty()) {
        if let Some(gap) = rec::largest_gap(r, run, &[Metric::ReadThrottleEvents, Metric::WriteThrottleEvents]) {
            rec::draw_gap(&mut chart, gap, 0.0, &mut ink)?;
        }
    }
    if drawn.is_empty() && recorded_lines.is_empty() {
        let p = chart.backend_coord(&(run.duration_s / 3600.0 * 0.35, top * 0.5));
        ink.rect((p.0, p.1 - 4), (p.0 + 150, p.1 + 20), 40);
        chart.draw_series(std::iter::once(Text::new(
            "No throttle events",
            (run.duration_s / 3600.0 * 0.35, top * 0.5),
            (FONT, LABEL_PX).into_font().color(&INK),
        )))?;
    }
    let label = |v: f64| format!("{}/min", format::si(v));
    let worst: Vec<Worst> =
        drawn.iter().filter(|d| d.rough).map(|d| (&d.env, d.color, &label as &dyn Fn(f64) -> String)).collect();
    let corner = marks_and_legend(&mut chart, root, &slices, &worst, 2, &mut ink)?;
    event_marks(&mut chart, run, Some(Database::Dynamodb), top)?;
    if let Some(corner) = corner {
        legend!(chart, corner);
    }
    root.present()
}

/// Aurora writer ACU in force (solid) vs what its load needs (dashed), and reader ACU;
/// rough ones banded, the peak need marked. With `recorded`, CloudWatch's
/// ServerlessDatabaseCapacity over them in black, and where it differs most from the
/// writer's simulated ACU.
pub fn draw_aurora_capacity<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun, recorded: Option<&Recorded>) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let a = &run.aurora;
    let px = plot_px(root, false);
    let acu = recorded_line(recorded, Metric::ServerlessDatabaseCapacity, RecordedUnit::Acu, run, px);
    let reader_color = RGBColor(0x56, 0xB4, 0xE9);
    let mut envs = vec![(&a.writer_acu, AURORA, false, "Writer ACU"), (&a.writer_needed_acu, AURORA, true, "Writer needs")];
    if a.reader_acu.mean.iter().any(|&v| v > 0.0) {
        envs.push((&a.reader_acu, reader_color, false, "Each reader ACU"));
    }
    let top = envs.iter().flat_map(|e| e.0.max.iter().copied()).filter(|v| v.is_finite()).chain(acu.iter().map(RecordedLine::peak)).fold(1.0, f64::max) * 1.15;
    let caption = if acu.is_some() { "Aurora capacity: ACU in force vs needed, and recorded" } else { "Aurora capacity: ACU in force vs needed" };
    let mut chart = builder(root, caption).build_cartesian_2d(hours(run), 0f64..top)?;
    mesh!(chart, "Time (hours)", "Aurora capacity units (ACU)", &|v| format::si(*v));
    super::fault_windows::shade(&chart, &run.fault_windows)?;
    let mut ink = Ink::new(chart.plotting_area().get_pixel_range());
    let series: Vec<&Series> = envs.iter().map(|e| e.0).collect();
    let slices = settle(run, px, slices(root, run, false), chart.as_coord_spec(), &series, 0.0);
    // Only what the load asks for (dashed) is banded: capacity in force moves by scaling
    // decisions, and its line is what was in force.
    let drawn: Vec<Drawn> = envs
        .into_iter()
        .map(|(series, c, dashed, name)| Drawn::of(chart.as_coord_spec(), &slices, series, 0.0, c, dashed, name))
        .map(|d| Drawn { rough: d.rough && d.dashed, ..d })
        .collect();
    draw_series_set(&mut chart, &slices, &drawn, "Shaded: lowest to highest step", &mut ink)?;
    if let (Some(line), Some(r)) = (&acu, recorded) {
        let statistic = r.get(Metric::ServerlessDatabaseCapacity).map_or("", |s| s.statistic.name());
        rec::draw(&mut chart, line, RECORDED, Stroke::Solid, &format!("ACU, recorded (CloudWatch, {statistic})"), &mut ink)?;
        if let Some(gap) = rec::largest_gap(r, run, &[Metric::ServerlessDatabaseCapacity]) {
            rec::draw_gap(&mut chart, gap, 0.0, &mut ink)?;
        }
    }
    let label = |v: f64| format!("{} ACU", format::si(v));
    let worst: Vec<Worst> =
        drawn.iter().filter(|d| d.rough && d.dashed).map(|d| (&d.env, d.color, &label as &dyn Fn(f64) -> String)).collect();
    let corner = marks_and_legend(&mut chart, root, &slices, &worst, 1, &mut ink)?;
    event_marks(&mut chart, run, Some(Database::Aurora), top)?;
    if let Some(corner) = corner {
        legend!(chart, corner);
    }
    root.present()
}
