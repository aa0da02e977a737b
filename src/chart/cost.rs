//! Monthly cost against traffic, both databases on one log–log chart, with the current
//! request rate marked on every line.

use super::style::*;
use super::sweep::{log_range, SweepChart};
use super::DrawResult;
use crate::format;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, spec: &SweepChart) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let s = &spec.series;
    let x_range = (1f64..1e7f64).log_scale();
    let all = s.ddb_on_demand_usd.iter().chain(&s.ddb_provisioned_usd).chain(&s.aurora_usd).chain(&s.dsql_usd).copied();
    let y_range = log_range(all, 1.0).log_scale();
    let mut chart = ChartBuilder::on(root)
        .caption("Monthly cost vs traffic", (FONT, CAPTION_PX).into_font().color(&INK))
        .margin(12)
        .margin_right(28)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d(x_range, y_range)?;
    mesh!(chart, "Traffic (requests/s, log scale)", "Cost (USD per month, log scale)", &|v| format!("${}", format::si(*v)), &|v| format::si(*v));

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

    let c = &spec.current;
    let mut now = vec![
        (c.dynamodb.cost.on_demand_total_usd(), DYNAMODB),
        (c.dynamodb.cost.provisioned_total_usd(), DYNAMODB),
        (c.aurora.cost.total_usd(), AURORA),
    ];
    now.extend(c.dsql.as_ref().map(|q| (q.cost.total_usd(), DSQL)));
    current_points!(chart, c.requests_per_s, now);
    legend!(chart);
    root.present()
}
