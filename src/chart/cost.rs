//! Monthly cost against traffic, both databases on one log–log chart, with the current
//! request rate marked on every line.

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
    let band_ends: Vec<f64> = spec.bands.iter().flat_map(|b| b.ddb_on_demand_usd.iter().chain(&b.aurora_usd).chain(&b.dsql_usd).flat_map(|s| [s.p10, s.p90])).collect();
    let all = s.ddb_on_demand_usd.iter().chain(&s.ddb_provisioned_usd).chain(&s.aurora_usd).chain(&s.dsql_usd).chain(&band_ends).copied();
    let y_range = log_range(all, 1.0);
    let mut chart = ChartBuilder::on(root)
        .caption("Monthly cost vs traffic", (FONT, CAPTION_PX).into_font().color(&INK))
        .margin(12)
        .margin_right(28)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d(REQUESTS_PER_S_AXIS.log_scale(), y_range.clone().log_scale())?;
    mesh!(chart, "Traffic (requests/s, log scale)", "Cost (USD per month, log scale)", &|v| format!("${}", format::si(*v)), &|v| format::si(*v));

    // The sampled futures' 10th-to-90th-percentile band of each database's cost (DynamoDB in
    // its on-demand mode), under the lines.
    if let Some(b) = &spec.bands {
        for (spreads, name, color) in [(&b.ddb_on_demand_usd, "DynamoDB on-demand", DYNAMODB), (&b.aurora_usd, "Aurora", AURORA), (&b.dsql_usd, "Aurora DSQL", DSQL)] {
            if spreads.is_empty() {
                continue;
            }
            let upper = b.requests_per_s.iter().zip(spreads.iter()).map(|(&x, s)| (x, s.p90.max(1.0)));
            let lower = b.requests_per_s.iter().zip(spreads.iter()).rev().map(|(&x, s)| (x, s.p10.max(1.0)));
            chart
                .draw_series(std::iter::once(Polygon::new(upper.chain(lower).collect::<Vec<_>>(), color.mix(BAND_ALPHA).filled())))?
                .label(format!("{name}, 10th–90th percentile of the sampled futures"))
                .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 24, y + 6)], color.mix(BAND_ALPHA * 1.6).filled()));
        }
    }
    let dashed = |c| DashedLineSeries::new(spec.points(&s.ddb_provisioned_usd, 1.0), 10, 6, line(c));
    chart
        .draw_series(LineSeries::new(spec.points(&s.ddb_on_demand_usd, 1.0), line(DYNAMODB)))?
        .label("DynamoDB on-demand")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line(DYNAMODB)));
    chart
        .draw_series(dashed(DYNAMODB))?
        .label("DynamoDB provisioned (70 % target)")
        .legend(|(x, y)| DashedPathElement::new(vec![(x, y), (x + 24, y)], 6, 4, line(DYNAMODB)));
    chart
        .draw_series(LineSeries::new(spec.points(&s.aurora_usd, 1.0), line(AURORA)))?
        .label("Aurora Serverless v2")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line(AURORA)));
    if !s.dsql_usd.is_empty() {
        chart
            .draw_series(LineSeries::new(spec.points(&s.dsql_usd, 1.0), line(DSQL)))?
            .label("Aurora DSQL")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line(DSQL)));
    }

    legend!(chart);
    Ok(SweepFrame::of(chart.plotting_area(), y_range))
}

/// The operating point `c` on each line of a cost chart whose sweep was drawn in `frame`.
pub fn draw_current<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, frame: &SweepFrame, c: &Comparison) -> DrawResult<DB> {
    draw_dots(root, &current_dots(frame, c))
}

/// The operating point's dots at `c`, placed by `frame`.
pub fn current_dots(frame: &SweepFrame, c: &Comparison) -> Vec<Dot> {
    let mut now = vec![
        (c.dynamodb.cost.on_demand_total_usd(), DYNAMODB),
        (c.dynamodb.cost.provisioned_total_usd(), DYNAMODB),
        (c.aurora.cost.total_usd(), AURORA),
    ];
    now.extend(c.dsql.as_ref().map(|q| (q.cost.total_usd(), DSQL)));
    dots(frame, c.requests_per_s, &now)
}
