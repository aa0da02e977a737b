//! Running totals over the run, with the sampled futures' bands once they are in
//! (`crate::model::uncertainty`): what each database has cost so far, and the share of its
//! requests that failed so far (failed requests to date / offered requests to date).

use super::envelope::BAND_ALPHA;
use super::style::*;
use super::timeline::{builder, event_marks, hours};
use super::DrawResult;
use crate::format;
use crate::model::sim::SimRun;
use crate::model::uncertainty::{CostBands, ShareBands, Spread};
use plotters::coord::Shift;
use plotters::prelude::*;

/// What each database has cost so far in the run, USD, with, when the run's sampled futures
/// are in, each database's 10th-to-90th-percentile band of it.
pub fn draw_cost<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun, bands: Option<&CostBands>) -> DrawResult<DB> {
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
    let mut totals = vec![(running(&run.dynamodb.cost_usd), "DynamoDB", DYNAMODB), (running(&run.aurora.cost_usd), "Aurora", AURORA)];
    totals.extend(run.dsql.as_ref().map(|q| (running(&q.series.cost_usd), "Aurora DSQL", DSQL)));
    let bands = bands.filter(|b| !b.t_s.is_empty());
    let band_top = bands.map_or(0.0, |b| b.dynamodb_usd.iter().chain(&b.aurora_usd).chain(&b.dsql_usd).map(|s| s.p90).fold(0.0, f64::max));
    let top = totals.iter().map(|t| t.0.last().copied().unwrap_or(0.0)).fold(0.01, f64::max).max(band_top);
    let mut chart = builder(root, "Cumulative cost over the run").build_cartesian_2d(hours(run), 0f64..top * 1.1)?;
    mesh!(chart, "Time (hours)", "Cost so far (USD)", &|v| format!("${}", format::si(*v)));
    if let Some(b) = bands {
        for (spreads, name, color) in [(&b.dynamodb_usd, "DynamoDB", DYNAMODB), (&b.aurora_usd, "Aurora", AURORA), (&b.dsql_usd, "Aurora DSQL", DSQL)] {
            if !spreads.is_empty() {
                band(&mut chart, &b.t_s, spreads, 1.0, true, name, color)?;
            }
        }
    }
    // Each bucket's cost is reached at its end.
    let at_end = |ys: &[f64]| -> Vec<(f64, f64)> { std::iter::once((0.0, 0.0)).chain(bucket_ends_h(run).zip(ys.iter().copied())).collect() };
    for (ys, name, color) in totals {
        chart
            .draw_series(LineSeries::new(at_end(&ys), line(color)))?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line(color)));
    }
    event_marks(&mut chart, run, None, top * 1.1)?;
    legend!(chart);
    root.present()
}

/// The time of the end of each bucket of `run`, hours.
fn bucket_ends_h(run: &SimRun) -> impl Iterator<Item = f64> + '_ {
    run.bucket_ends_s().map(|t| t / 3600.0)
}

/// The share of each database's requests that failed so far in the run, %, with, when the
/// sampled futures are in, each database's 10th-to-90th-percentile band of it.
pub fn draw_failed_share<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun, bands: Option<&ShareBands>) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let mut lines = vec![
        (run.failed_share_so_far(&run.dynamodb.offered_rps.mean, &run.dynamodb.failed_rps.mean), "DynamoDB", DYNAMODB),
        (run.failed_share_so_far(&run.aurora.offered_rps.mean, &run.aurora.failed_rps.mean), "Aurora", AURORA),
    ];
    lines.extend(run.dsql.as_ref().map(|q| (run.failed_share_so_far(&q.series.offered_rps.mean, &q.series.failed_rps.mean), "Aurora DSQL", DSQL)));
    let bands = bands.filter(|b| !b.t_s.is_empty());
    let band_top = bands.map_or(0.0, |b| b.dynamodb_share.iter().chain(&b.aurora_share).chain(&b.dsql_share).map(|s| s.p90).fold(0.0, f64::max));
    // At least 1 %, so a run that loses nothing shows flat lines on a readable axis.
    let top_pct = 100.0 * lines.iter().flat_map(|l| l.0.iter().copied()).fold(band_top, f64::max);
    // Headroom above the peak for the legend (a run's share peaks early, in a spike or a
    // failover, where a legend would sit).
    let y_max = (top_pct * 1.5).min(100.0).max(top_pct * 1.05).max(1.0);
    let mut chart = builder(root, "Requests failed so far").build_cartesian_2d(hours(run), 0f64..y_max)?;
    mesh!(chart, "Time (hours)", "Failed so far (% of requests)", &|v| format!("{} %", format::si(*v)));
    if let Some(b) = bands {
        for (spreads, name, color) in [(&b.dynamodb_share, "DynamoDB", DYNAMODB), (&b.aurora_share, "Aurora", AURORA), (&b.dsql_share, "Aurora DSQL", DSQL)] {
            if !spreads.is_empty() {
                band(&mut chart, &b.t_s, spreads, 100.0, false, name, color)?;
            }
        }
    }
    for (shares, name, color) in lines {
        let points: Vec<(f64, f64)> = bucket_ends_h(run).zip(&shares).map(|(t, &s)| (t, s * 100.0)).collect();
        chart
            .draw_series(LineSeries::new(points, line(color)))?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], line(color)));
    }
    event_marks(&mut chart, run, None, y_max)?;
    legend!(chart, SeriesLabelPosition::UpperRight);
    root.present()
}

/// A 10th-to-90th-percentile band at moments `t_s` (seconds), values times `scale`; a
/// running total (`from_zero`) starts from 0 at the start of the run.
fn band<'a, DB: DrawingBackend + 'a>(
    chart: &mut super::timeline::TimeChart<'a, DB, plotters::coord::types::RangedCoordf64>,
    t_s: &[f64],
    spreads: &[Spread],
    scale: f64,
    from_zero: bool,
    name: &str,
    color: RGBColor,
) -> DrawResult<DB> {
    let upper = from_zero.then_some((0.0, 0.0)).into_iter().chain(t_s.iter().zip(spreads).map(|(&t, s)| (t / 3600.0, s.p90 * scale)));
    let lower = t_s.iter().zip(spreads).rev().map(|(&t, s)| (t / 3600.0, s.p10 * scale));
    chart
        .draw_series(std::iter::once(Polygon::new(upper.chain(lower).collect::<Vec<_>>(), color.mix(BAND_ALPHA).filled())))?
        .label(format!("{name}, 10th–90th percentile of the sampled futures"))
        .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 24, y + 6)], color.mix(BAND_ALPHA * 1.6).filled()));
    Ok(())
}
