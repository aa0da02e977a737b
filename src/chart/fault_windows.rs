//! Fault windows on the run's time charts: a translucent band from each fault's start to
//! when its last effect ends, labelled at the top, drawn under the lines so they stay
//! readable. The windows come from [`crate::model::faults::FaultPlan::windows`].

use super::style::{FONT, INK};
use super::DrawResult;
use crate::model::faults::FaultWindow;
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A neutral dark grey: neither database's colour nor any loss cause's (those use the rest
/// of the Okabe–Ito palette).
pub const FAULT: RGBColor = RGBColor(0x33, 0x33, 0x33);

/// Shade `windows` (times in seconds) on a chart whose x axis is hours.
pub fn shade<DB: DrawingBackend, Y: Ranged>(
    chart: &ChartContext<'_, DB, Cartesian2d<RangedCoordf64, Y>>,
    windows: &[FaultWindow],
) -> DrawResult<DB> {
    if windows.is_empty() {
        return Ok(());
    }
    let area = chart.plotting_area();
    let hours = area.get_x_range();
    let (px, py) = area.get_pixel_range();
    let (width, height) = (px.end - px.start, py.end - py.start);
    let span_h = (hours.end - hours.start).max(1e-9);
    let x_of = |s: f64| {
        ((s / 3600.0 - hours.start) / span_h * f64::from(width))
            .clamp(0.0, f64::from(width))
            .round() as i32
    };
    let pixels: DrawingArea<DB, Shift> = area.strip_coord_spec();
    let label = (FONT, 14)
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for w in windows {
        let (a, b) = (x_of(w.start_s), x_of(w.end_s));
        if b <= 0 || a >= width {
            continue;
        }
        let b = b.max(a + 2);
        pixels.draw(&Rectangle::new(
            [(a, 0), (b, height)],
            FAULT.mix(0.09).filled(),
        ))?;
        pixels.draw(&PathElement::new(
            vec![(a, 0), (a, height)],
            FAULT.stroke_width(2),
        ))?;
        // Centred over the window, clear of the legend at the chart's top left, unless it is
        // too narrow: then just right of its start.
        let text_w = pixels
            .estimate_text_size(&w.label, &label)
            .map_or(0, |(tw, _)| tw as i32);
        let x = if b - a >= text_w + 8 {
            (a + b) / 2
        } else {
            (a + 4 + text_w / 2).min(width - text_w / 2)
        };
        pixels.draw(&Text::new(w.label.clone(), (x, 4), label.clone()))?;
    }
    Ok(())
}
