//! What moves the answer: for each uncertain input alone at the low and at the high end of
//! its range, the monthly cost gap (Aurora's cost minus DynamoDB's), as bars from the gap at
//! the likely values; the input that moves it most on top. Right of zero DynamoDB is the
//! cheaper, left of it Aurora.

use super::style::*;
use super::DrawResult;
use crate::format;
use crate::model::database::Database;
use crate::model::uncertainty::Uncertain;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The low end's bar (sky blue) and the high end's (orange): Okabe–Ito hues the databases
/// do not use.
pub const LOW_END: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
pub const HIGH_END: RGBColor = RGBColor(0xE6, 0x9F, 0x00);

/// Room for the inputs' names left of the bars: an estimate's name is longer than
/// "traffic" (about 8 px a character at the label size), within a third of the chart.
fn label_area_px(bars: &[crate::model::uncertainty::Swing]) -> u32 {
    let longest = bars.iter().map(|b| b.label.chars().count()).max().unwrap_or(0) as u32;
    (longest * 8 + 24).clamp(110, 240)
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, u: &Uncertain) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let bars = &u.tornado;
    let n = bars.len().max(1) as i32;
    let likely = u.likely_cost_gap_usd;
    let ends = bars.iter().flat_map(|b| [b.cost_gap_low_usd, b.cost_gap_high_usd]).chain([likely, 0.0]);
    let (lo, hi) = ends.fold((f64::MAX, f64::MIN), |(l, h), v| if v.is_finite() { (l.min(v), h.max(v)) } else { (l, h) });
    let pad = ((hi - lo) * 0.08).max(1.0);
    // Room on the right for the legend, clear of the bars.
    let legend_room = (hi - lo).max(1.0) * 0.7;
    let mut chart = ChartBuilder::on(root)
        .caption("What moves the answer most", (FONT, CAPTION_PX).into_font().color(&INK))
        .margin(12)
        .margin_right(28)
        .x_label_area_size(48)
        .y_label_area_size(label_area_px(&u.tornado))
        .build_cartesian_2d((lo - pad)..(hi + pad + legend_room), (0..n - 1).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(GRID.mix(0.5))
        .bold_line_style(GRID)
        .x_desc("Aurora − DynamoDB (USD a month; > 0: DynamoDB cheaper)")
        .axis_desc_style((FONT, LABEL_PX).into_font().color(&INK))
        .label_style((FONT, LABEL_PX).into_font().color(&INK))
        .x_label_formatter(&|v| if v.abs() < 0.005 { "$0".to_string() } else { format::signed_usd(*v) })
        // Row y holds swing n − 1 − y: the largest on top.
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(y) => usize::try_from(n - 1 - *y).ok().and_then(|i| bars.get(i)).map_or_else(String::new, |b| b.label.clone()),
            _ => String::new(),
        })
        .draw()?;
    // Each input's two bars, the longer first so that the shorter stays in view when both
    // ends move the gap the same way.
    let mut rects: Vec<(f64, RGBColor, i32, f64)> = Vec::new();
    for (i, b) in bars.iter().enumerate() {
        let y = n - 1 - i as i32;
        for (gap, colour) in [(b.cost_gap_low_usd, LOW_END), (b.cost_gap_high_usd, HIGH_END)] {
            rects.push(((gap - likely).abs(), colour, y, gap));
        }
    }
    rects.sort_by(|a, b| b.0.total_cmp(&a.0));
    chart.draw_series(rects.iter().map(|&(_, colour, y, gap)| {
        let mut r = Rectangle::new([(likely.min(gap), SegmentValue::Exact(y)), (likely.max(gap), SegmentValue::Exact(y + 1))], colour.filled());
        r.set_margin(10, 10, 0, 0);
        r
    }))?;
    for (colour, name) in [(LOW_END, "input at the low end of its range"), (HIGH_END, "at the high end")] {
        chart
            .draw_series(std::iter::empty::<Rectangle<(f64, SegmentValue<i32>)>>())?
            .label(name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 18, y + 6)], colour.filled()));
    }
    // Zero (which database is cheaper) bold, and the likely gap dashed.
    let top = SegmentValue::Last;
    chart.draw_series(std::iter::once(PathElement::new(vec![(0.0, SegmentValue::Exact(0)), (0.0, top)], ShapeStyle::from(&INK).stroke_width(2))))?;
    chart
        .draw_series(DashedLineSeries::new(vec![(likely, SegmentValue::Exact(0)), (likely, SegmentValue::Last)], 6, 4, ShapeStyle::from(&INK).stroke_width(1)))?
        .label(format!("likely values: {}", format::signed_usd(likely)))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], ShapeStyle::from(&INK).stroke_width(1)));
    // Bottom right: the shortest swings are at the bottom, clear of the legend.
    legend!(chart, SeriesLabelPosition::LowerRight);
    root.present()
}

/// What moves each p99 most: for each uncertain input, each database's worst p99 with the
/// input at the low and at the high end of its range, as a bar between the two (log ms, in
/// the database's colour), the input that moves a p99 by the largest factor on top; the
/// p99 target dashed. An input whose bar crosses the target decides whether it is met.
pub fn draw_p99<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, u: &Uncertain) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let mut bars: Vec<&crate::model::uncertainty::Swing> = u.tornado.iter().collect();
    bars.sort_by(|a, b| b.p99_swing_ratio().total_cmp(&a.p99_swing_ratio()));
    let n = bars.len().max(1) as i32;
    let target = u.p99_target_ms;
    let values = bars.iter().flat_map(|b| b.p99_ends().flat_map(|(_, (low, high))| [low, high])).chain([target]);
    let (min, max) = values.filter(|v| v.is_finite() && *v > 0.0).fold((f64::MAX, 0.0_f64), |(l, h), v| (l.min(v), h.max(v)));
    let (min, max) = if max > 0.0 { (min, max) } else { (1.0, 10.0) };
    // Whole decades around the values, and one more on the right for the legend.
    let x_range = 10f64.powf(min.log10().floor())..10f64.powf(max.log10().ceil().max(min.log10().floor() + 1.0) + 1.0);
    let mut chart = ChartBuilder::on(root)
        .caption("What moves each p99 most", (FONT, CAPTION_PX).into_font().color(&INK))
        .margin(12)
        .margin_right(28)
        .x_label_area_size(48)
        .y_label_area_size(label_area_px(&u.tornado))
        .build_cartesian_2d(x_range.log_scale(), (0..n - 1).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(GRID.mix(0.5))
        .bold_line_style(GRID)
        .x_desc("Worst p99 with the input at each end of its range (ms, log scale)")
        .axis_desc_style((FONT, LABEL_PX).into_font().color(&INK))
        .label_style((FONT, LABEL_PX).into_font().color(&INK))
        .x_label_formatter(&|v| format::si(*v))
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(y) => usize::try_from(n - 1 - *y).ok().and_then(|i| bars.get(i)).map_or_else(String::new, |b| b.label.clone()),
            _ => String::new(),
        })
        .draw()?;
    // Each database in its own slice of each row, top down as in the legend (DynamoDB,
    // Aurora, then Aurora DSQL when the scenario names it); a bar at least a few pixels
    // wide, so an input that moves nothing still shows where the p99 sits.
    let databases: Vec<Database> = bars.first().map_or_else(Vec::new, |b| b.p99_ends().map(|(db, _)| db).collect());
    let slices = databases.len().max(1) as f64;
    // The rows share the plotting area's height equally (a segmented axis).
    let row_px = f64::from(chart.plotting_area().dim_in_pixel().1) / f64::from(n);
    let (pad_px, gap_px) = ((row_px * 0.1).min(6.0), if row_px > 30.0 { 1.0 } else { 0.0 });
    let slice_px = ((row_px - 2.0 * pad_px - gap_px * (slices - 1.0)) / slices).max(1.0);
    // Slice `k`'s top, pixels below its row's top edge, and its margins in the row (top,
    // bottom) for a rectangle spanning the row.
    let slice_top_px = move |k: usize| pad_px + k as f64 * (slice_px + gap_px);
    let margins = move |k: usize| (slice_top_px(k).round() as u32, (row_px - slice_top_px(k) - slice_px).max(0.0).round() as u32);
    for (k, &db) in databases.iter().enumerate() {
        let (colour, (top, bottom)) = (colour_of(db), margins(k));
        let rects = bars.iter().enumerate().filter_map(move |(i, b)| {
            let (a, z) = b.p99_of(db)?;
            let (lo, hi) = (a.min(z).max(1e-3), a.max(z).max(1e-3) * 1.06);
            let y = n - 1 - i as i32;
            let mut r = Rectangle::new([(lo, SegmentValue::Exact(y)), (hi, SegmentValue::Exact(y + 1))], colour.filled());
            r.set_margin(top, bottom, 0, 0);
            Some(r)
        });
        chart.draw_series(rects)?.label(format!("{} p99", db.name())).legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 18, y + 6)], colour.filled()));
    }
    // Which end is which: a dark tick across each bar at the input's high end, as tall as
    // its slice (pixel offsets from the row's top edge, the same as the bar's margins).
    let tick = ShapeStyle::from(&INK).stroke_width(3);
    let ticks = bars.iter().enumerate().flat_map(|(i, b)| {
        let y = n - 1 - i as i32;
        databases.iter().enumerate().filter_map(move |(k, &db)| {
            let (_, high) = b.p99_of(db)?;
            let (top, bottom) = margins(k);
            let edge = (high.max(1e-3), SegmentValue::Exact(y + 1));
            let bottom_px = (row_px.round() as u32).saturating_sub(bottom).max(top);
            Some(EmptyElement::at(edge) + PathElement::new(vec![(0, top as i32), (0, bottom_px as i32)], tick))
        })
    });
    chart.draw_series(ticks)?.label("the input's high end").legend(move |(x, y)| PathElement::new(vec![(x + 9, y - 7), (x + 9, y + 7)], tick));
    if target > 0.0 {
        let dashed = ShapeStyle::from(&INK).stroke_width(2);
        chart
            .draw_series(DashedLineSeries::new(vec![(target, SegmentValue::Exact(0)), (target, SegmentValue::Last)], 6, 4, dashed))?
            .label(format!("p99 target {}", format::ms(target)))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], dashed));
    }
    legend!(chart, SeriesLabelPosition::LowerRight);
    root.present()
}
