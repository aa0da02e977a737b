//! The data behind the two traffic charts: each database's cost, p99 latency and failing
//! share at every swept request rate, plus the current point.

use crate::model::compare::Comparison;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct SweepSeries {
    pub requests_per_s: Vec<f64>,
    pub ddb_on_demand_usd: Vec<f64>,
    pub ddb_provisioned_usd: Vec<f64>,
    pub aurora_usd: Vec<f64>,
    pub ddb_p99_ms: Vec<f64>,
    pub aurora_p99_ms: Vec<f64>,
    /// Share of requests throttled (DynamoDB) or failed (Aurora), 0–1.
    pub ddb_throttled_share: Vec<f64>,
    pub aurora_failed_share: Vec<f64>,
    /// Aurora DSQL's, when the scenario names it (empty otherwise).
    pub dsql_usd: Vec<f64>,
    pub dsql_p99_ms: Vec<f64>,
    pub dsql_failed_share: Vec<f64>,
}

/// A sweep and the scenario's own operating point.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepChart {
    pub series: SweepSeries,
    pub current: Comparison,
    /// The p99 target drawn on the latency chart, ms.
    pub p99_target_ms: Option<f64>,
    /// The run's sampled futures' steady-cost bands, once they are in.
    pub bands: Option<crate::model::uncertainty::SteadyBands>,
}

impl SweepChart {
    pub fn new(rows: &[Comparison], current: Comparison) -> Self {
        let mut s = SweepSeries::default();
        for c in rows {
            s.requests_per_s.push(c.requests_per_s);
            s.ddb_on_demand_usd.push(c.dynamodb.cost.on_demand_total_usd());
            s.ddb_provisioned_usd.push(c.dynamodb.cost.provisioned_total_usd());
            s.aurora_usd.push(c.aurora.cost.total_usd());
            s.ddb_p99_ms.push(c.dynamodb.p99_ms);
            s.aurora_p99_ms.push(c.aurora.p99_ms);
            s.ddb_throttled_share.push(c.dynamodb.failed_share);
            s.aurora_failed_share.push(c.aurora.failed_share);
            if let Some(q) = &c.dsql {
                s.dsql_usd.push(q.cost.total_usd());
                s.dsql_p99_ms.push(q.p99_ms);
                s.dsql_failed_share.push(q.failed_share);
            }
        }
        SweepChart { series: s, current, p99_target_ms: None, bands: None }
    }

    pub fn with_target(mut self, p99_target_ms: f64) -> Self {
        self.p99_target_ms = Some(p99_target_ms);
        self
    }

    /// The same chart with the steady-cost bands of the sampled futures.
    pub fn with_bands(mut self, bands: Option<crate::model::uncertainty::SteadyBands>) -> Self {
        self.bands = bands.filter(|b| !b.requests_per_s.is_empty());
        self
    }

    /// `(x, y)` pairs, with y kept inside a log axis' positive range.
    pub(crate) fn points(&self, ys: &[f64], floor: f64) -> Vec<(f64, f64)> {
        self.series.requests_per_s.iter().zip(ys).map(|(&x, &y)| (x, y.max(floor))).collect()
    }
}

/// A log axis range from `floor` up to the next power of ten above every value.
pub(crate) fn log_range(values: impl Iterator<Item = f64>, floor: f64) -> std::ops::Range<f64> {
    let max = values.filter(|v| v.is_finite()).fold(floor * 10.0, f64::max);
    floor..10f64.powf(max.log10().ceil().max(floor.log10() + 1.0))
}
