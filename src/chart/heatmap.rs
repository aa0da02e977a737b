//! DynamoDB's partitions over time: one row per partition (or group of partitions, shown at
//! its hottest member), colour = utilisation of the partition's 3,000 RCU / 1,000 WCU. A
//! sequential palette from pale to vermillion, dark red past 100 % (that partition
//! throttles); rows with no partition behind them stay blank.

use super::style::*;
use super::DrawResult;
use crate::model::sim::SimRun;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Most columns drawn: about two pixels each.
const MAX_COLUMNS: usize = 360;

/// Width of the colour key at the right, pixels.
const KEY_PX: u32 = 110;

/// Left and right pixel edges of the heat map's plotting area in a canvas `width_px` wide.
pub fn plot_span_px(width_px: f64) -> (f64, f64) {
    (12.0 + 72.0, width_px - f64::from(KEY_PX) - 12.0)
}

/// Colour for a utilisation (0 = idle, 1 = at the partition's limit).
pub fn heat_colour(u: f32) -> RGBColor {
    const STOPS: [(f32, (u8, u8, u8)); 4] =
        [(0.0, (0xF4, 0xF1, 0xEA)), (0.5, (0xFD, 0xB8, 0x63)), (1.0, (0xD5, 0x5E, 0x00)), (1.5, (0x6B, 0x1A, 0x00))];
    let u = u.clamp(0.0, 1.5);
    let i = STOPS.iter().position(|&(at, _)| u <= at).unwrap_or(STOPS.len() - 1).max(1);
    let ((a, ca), (b, cb)) = (STOPS[i - 1], STOPS[i]);
    let f = ((u - a) / (b - a)).clamp(0.0, 1.0);
    let mix = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * f).round() as u8;
    RGBColor(mix(ca.0, cb.0), mix(ca.1, cb.1), mix(ca.2, cb.2))
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let heat = &run.partition_heat;
    let buckets = run.t_s.len();
    let rows = heat.rows.max(1);
    let hours = (run.duration_s / 3600.0).max(1.0 / 60.0);
    let peak_partitions = heat.partitions.iter().copied().fold(1.0, f64::max);
    let (chart_area, key_area) = root.split_horizontally(root.dim_in_pixel().0.saturating_sub(KEY_PX));
    let caption = format!("DynamoDB partitions: utilisation over time ({} at peak)", crate::format::si(peak_partitions));
    let mut chart = ChartBuilder::on(&chart_area)
        .caption(caption, (FONT, CAPTION_PX).into_font().color(&INK))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(72)
        .build_cartesian_2d(0f64..hours, 0f64..rows as f64)?;
    mesh!(chart, "Time (hours)", if peak_partitions as usize > rows { "Partition group" } else { "Partition" }, &|v| format!("{}", *v as usize + 1));

    // Each bucket already holds every row's hottest step; columns of several buckets keep the
    // hottest of those, so a short spike is not averaged away.
    let stride = buckets.div_ceil(MAX_COLUMNS).max(1);
    let column_h = stride as f64 * run.bucket_s() / 3600.0;
    for (c, chunk) in heat.utilisation.chunks(stride * rows).enumerate() {
        let x0 = c as f64 * column_h;
        for row in 0..rows {
            let u = chunk.chunks(rows).map(|bucket| bucket[row]).fold(-1.0f32, f32::max);
            if u < 0.0 {
                continue;
            }
            let style = ShapeStyle { color: heat_colour(u).into(), filled: true, stroke_width: 0 };
            chart.draw_series(std::iter::once(Rectangle::new([(x0, row as f64), ((x0 + column_h).min(hours), row as f64 + 1.0)], style)))?;
        }
    }

    // Colour key.
    let key = key_area.margin(60, 60, 10, 30);
    let (w, h) = key.dim_in_pixel();
    let bar_w = (w as i32 / 3).max(12);
    for y in 0..h as i32 {
        let u = 1.5 * (1.0 - y as f32 / h as f32);
        key.draw(&Rectangle::new([(0, y), (bar_w, y + 1)], ShapeStyle { color: heat_colour(u).into(), filled: true, stroke_width: 0 }))?;
    }
    let label = (FONT, TICK_PX).into_font().color(&INK);
    for (u, text) in [(1.5f32, "≥150 %"), (1.0, "100 %"), (0.5, "50 %"), (0.0, "0 %")] {
        let y = ((1.0 - u / 1.5) * h as f32) as i32;
        key.draw(&Text::new(text, (bar_w + 6, (y - 7).max(0)), label.clone()))?;
    }
    root.present()
}
