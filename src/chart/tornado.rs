//! What moves the answer: for each uncertain input alone at the low and at the high end of
//! its range, the monthly cost gap (Aurora's cost minus DynamoDB's), as bars from the gap at
//! the likely values; the input that moves it most on top. Right of zero DynamoDB is the
//! cheaper, left of it Aurora.

use super::style::*;
use super::DrawResult;
use crate::format;
use crate::model::uncertainty::Uncertain;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The low end's bar (sky blue) and the high end's (orange): Okabe–Ito hues the databases
/// do not use.
pub const LOW_END: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
pub const HIGH_END: RGBColor = RGBColor(0xE6, 0x9F, 0x00);

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
        .y_label_area_size(110)
        .build_cartesian_2d((lo - pad)..(hi + pad + legend_room), (0..n - 1).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(GRID.mix(0.5))
        .bold_line_style(GRID)
        .x_desc("Aurora's cost minus DynamoDB's (USD per month; > 0: DynamoDB cheaper)")
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
