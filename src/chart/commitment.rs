//! The hour-by-hour spend a Database Savings Plan can cover, and the best commitment
//! against it (issue 18, item 1): each database's eligible on-demand spend per hour as a
//! step line, and the spend its optimal commitment covers (`commitment / (1 − discount)`,
//! `crate::model::commitments`) as a dashed line in the same colour, on one dollar scale.
//! Hours above the dashed line pay the rest on demand; hours below it leave part of the
//! commitment unused.

use super::style::*;
use super::DrawResult;
use crate::format;
use crate::model::commitments::SavingsPlan;
use crate::model::sim::SimRun;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// One database's curve: its name, colour and plan.
pub struct PlanCurve<'a> {
    pub name: &'static str,
    pub colour: RGBColor,
    pub plan: &'a SavingsPlan,
}

/// The run's databases, DynamoDB first.
pub fn curves(run: &SimRun) -> Vec<PlanCurve<'_>> {
    let mut out = vec![
        PlanCurve { name: "DynamoDB", colour: DYNAMODB, plan: &run.dynamodb_summary.savings_plan },
        PlanCurve { name: "Aurora", colour: AURORA, plan: &run.aurora_summary.savings_plan },
    ];
    out.extend(run.dsql.as_ref().map(|q| PlanCurve { name: "Aurora DSQL", colour: DSQL, plan: &q.summary.savings_plan }));
    out
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun) -> DrawResult<DB> {
    draw_curves(root, &curves(run))
}

/// A finite, non-negative dollar figure (a curve never draws NaN).
fn usd_or_zero(v: f64) -> f64 {
    if v.is_finite() { v.max(0.0) } else { 0.0 }
}

pub fn draw_curves<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, curves: &[PlanCurve]) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let hours = curves.iter().map(|c| c.plan.hourly_usd.len()).max().unwrap_or(0).max(1) as f64;
    let top = curves
        .iter()
        .flat_map(|c| c.plan.hourly_usd.iter().copied().chain(std::iter::once(c.plan.covered_usd_per_h())))
        .map(usd_or_zero)
        .fold(0.01, f64::max);
    // Room above the highest hour for the legend.
    let y_max = top * 1.45;
    let mut chart = ChartBuilder::on(root)
        .caption("Savings Plan: spend per hour and the best commitment", (FONT, CAPTION_PX).into_font().color(&INK))
        .margin(12)
        .margin_right(28)
        .x_label_area_size(44)
        .y_label_area_size(72)
        .build_cartesian_2d(0f64..hours, 0f64..y_max)?;
    mesh!(chart, "Hour of the run", "Eligible spend (USD per hour)", &|v| format!("${}", format::si(*v)));
    for c in curves {
        let colour = c.colour;
        let steps: Vec<(f64, f64)> = c
            .plan
            .hourly_usd
            .iter()
            .enumerate()
            .flat_map(|(h, &usd)| [(h as f64, usd_or_zero(usd)), (h as f64 + 1.0, usd_or_zero(usd))])
            .collect();
        chart
            .draw_series(LineSeries::new(steps, line(colour)))?
            .label(format!("{}: spend on demand", c.name))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line(colour)));
        let covered = usd_or_zero(c.plan.covered_usd_per_h());
        if covered > 0.0 {
            let label = format!("{}: {}/h committed covers {}/h", c.name, format::usd(c.plan.usd_per_h), format::usd(covered));
            let dashed = line(colour);
            chart
                .draw_series(DashedLineSeries::new([(0.0, covered), (hours, covered)], 12, 8, dashed))?
                .label(label)
                .legend(move |(x, y)| DashedPathElement::new(vec![(x, y), (x + 24, y)], 6, 4, dashed));
        } else if !c.plan.hourly_usd.is_empty() {
            // Say why there is no line, in the legend where the line would be named.
            chart.draw_series(std::iter::empty::<PathElement<(f64, f64)>>())?.label(format!("{}: {}", c.name, c.plan.terms()));
        }
    }
    legend!(chart, SeriesLabelPosition::UpperRight);
    root.present()
}
