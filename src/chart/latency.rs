//! p99 latency (left axis, log ms) and the share of requests that fail — throttled by
//! DynamoDB, timed out by Aurora — (right axis, %) against traffic, both databases on the
//! same axes, with the current request rate marked, and once the sampled futures are in, the
//! band of each database's p99 across them.

use super::envelope::BAND_ALPHA;
use super::style::*;
use super::sweep::{dots, draw_dots, Dot, log_range, FrameResult, REQUESTS_PER_S_AXIS, SweepChart, SweepFrame};
use crate::model::compare::Comparison;
use super::DrawResult;
use crate::format;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// The whole chart: the sweep, then the operating point `current` on it.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, spec: &SweepChart, current: &Comparison) -> DrawResult<DB> {
    let frame = draw_sweep(root, spec)?;
    draw_current(root, &frame, current)?;
    root.present()
}

/// Everything but the operating point (the page keeps it while traffic moves); returns where
/// its axes lie, for [`draw_current`].
pub fn draw_sweep<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, spec: &SweepChart) -> FrameResult<DB> {
    root.fill(&WHITE)?;
    let s = &spec.series;
    let band_ends: Vec<f64> = spec.bands.iter().flat_map(|b| b.ddb_p99_ms.iter().chain(&b.aurora_p99_ms).chain(&b.dsql_p99_ms).flat_map(|s| [s.p10, s.p90])).collect();
    let all = s.ddb_p99_ms.iter().chain(&s.aurora_p99_ms).chain(&s.dsql_p99_ms).chain(&spec.p99_target_ms).chain(&band_ends).copied();
    let y_range = log_range(all, 1.0);
    let mut chart = ChartBuilder::on(root)
        .caption("p99 latency and failing requests vs traffic", (FONT, CAPTION_PX).into_font().color(&INK))
        .margin(12)
        .margin_right(28)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .right_y_label_area_size(64)
        .build_cartesian_2d(REQUESTS_PER_S_AXIS.log_scale(), y_range.clone().log_scale())?
        .set_secondary_coord(REQUESTS_PER_S_AXIS.log_scale(), 0f64..100f64);
    mesh!(chart, "Traffic (requests/s, log scale)", "p99 latency (ms, log scale)", &|v| format::si(*v), &|v| format::si(*v));
    chart
        .configure_secondary_axes()
        .y_desc("Throttled / failed requests (%)")
        .axis_desc_style((FONT, LABEL_PX).into_font().color(&INK))
        .label_style((FONT, TICK_PX).into_font().color(&INK))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;

    // The sampled futures' 10th-to-90th-percentile band of each database's p99, under the
    // lines; one legend entry for both (the legend is long already), in neutral grey.
    if let Some(b) = spec.bands.as_ref().filter(|b| !b.ddb_p99_ms.is_empty()) {
        for (i, (spreads, color)) in [(&b.ddb_p99_ms, DYNAMODB), (&b.aurora_p99_ms, AURORA), (&b.dsql_p99_ms, DSQL)].into_iter().filter(|(s, _)| !s.is_empty()).enumerate() {
            let upper = b.requests_per_s.iter().zip(spreads.iter()).map(|(&x, s)| (x, s.p90.max(1.0)));
            let lower = b.requests_per_s.iter().zip(spreads.iter()).rev().map(|(&x, s)| (x, s.p10.max(1.0)));
            let band = chart.draw_series(std::iter::once(Polygon::new(upper.chain(lower).collect::<Vec<_>>(), color.mix(BAND_ALPHA).filled())))?;
            if i == 0 {
                band.label("p99, 10th–90th percentile of the sampled futures (shaded in each colour)")
                    .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 24, y + 6)], INK.mix(BAND_ALPHA).filled()));
            }
        }
    }
    chart
        .draw_series(LineSeries::new(spec.points(&s.ddb_p99_ms, 1.0), line(DYNAMODB)))?
        .label("DynamoDB p99")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line(DYNAMODB)));
    chart
        .draw_series(LineSeries::new(spec.points(&s.aurora_p99_ms, 1.0), line(AURORA)))?
        .label("Aurora p99")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line(AURORA)));
    if !s.dsql_p99_ms.is_empty() {
        chart
            .draw_series(LineSeries::new(spec.points(&s.dsql_p99_ms, 1.0), line(DSQL)))?
            .label("Aurora DSQL p99")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line(DSQL)));
    }
    let pct = |ys: &[f64]| -> Vec<(f64, f64)> {
        s.requests_per_s.iter().zip(ys).map(|(&x, &y)| (x, (y * 100.0).clamp(0.0, 100.0))).collect()
    };
    chart
        .draw_secondary_series(DashedLineSeries::new(pct(&s.ddb_throttled_share), 10, 6, line(DYNAMODB)))?
        .label("DynamoDB throttled % (right)")
        .legend(|(x, y)| DashedPathElement::new(vec![(x, y), (x + 24, y)], 6, 4, line(DYNAMODB)));
    chart
        .draw_secondary_series(DashedLineSeries::new(pct(&s.aurora_failed_share), 10, 6, line(AURORA)))?
        .label("Aurora timed out % (right)")
        .legend(|(x, y)| DashedPathElement::new(vec![(x, y), (x + 24, y)], 6, 4, line(AURORA)));
    if !s.dsql_failed_share.is_empty() {
        chart
            .draw_secondary_series(DashedLineSeries::new(pct(&s.dsql_failed_share), 10, 6, line(DSQL)))?
            .label("Aurora DSQL failed % (right)")
            .legend(|(x, y)| DashedPathElement::new(vec![(x, y), (x + 24, y)], 6, 4, line(DSQL)));
    }

    if let Some(target) = spec.p99_target_ms {
        chart
            .draw_series(DashedLineSeries::new([(1.0, target.max(1.0)), (1e7, target.max(1.0))], 4, 6, ShapeStyle { color: INK.mix(0.7), filled: false, stroke_width: 2 }))?
            .label(format!("p99 target {}", format::ms(target)))
            .legend(|(x, y)| DashedPathElement::new(vec![(x, y), (x + 24, y)], 4, 4, ShapeStyle { color: INK.mix(0.7), filled: false, stroke_width: 2 }));
    }
    legend!(chart);
    Ok(SweepFrame::of(chart.plotting_area(), y_range))
}

/// The operating point `c` on each p99 line of a latency chart whose sweep was drawn in `frame`.
pub fn draw_current<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, frame: &SweepFrame, c: &Comparison) -> DrawResult<DB> {
    draw_dots(root, &current_dots(frame, c))
}

/// The operating point's dots at `c`, placed by `frame`.
pub fn current_dots(frame: &SweepFrame, c: &Comparison) -> Vec<Dot> {
    let mut now = vec![(c.dynamodb.p99_ms, DYNAMODB), (c.aurora.p99_ms, AURORA)];
    now.extend(c.dsql.as_ref().map(|q| (q.p99_ms, DSQL)));
    dots(frame, c.requests_per_s, &now)
}
