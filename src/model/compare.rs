//! The steady answer for a scenario: every database's model built from the scenario's
//! sections, asked at one request rate ([`Scenario::compare`]) or swept over a range of rates
//! ([`Scenario::sweep`]). This sits above the scenario (data) and the models, so that neither
//! points back up at the other.

use crate::model::aurora::{AuroraModel, AuroraSteady, Sizing};
use crate::model::database::Database;
use crate::model::dsql::{DsqlModel, DsqlSteady};
use crate::model::dynamodb::{DynamoModel, DynamoSteady, Shortfall};
use crate::model::regions::RegionPlan;
use crate::model::scenario::Scenario;
use serde::Serialize;

/// Request rates the traffic charts and `scalelab sweep` cover, req/s.
pub const SWEEP_RANGE_RPS: (f64, f64) = (1.0, 10_000_000.0);

/// Both databases' answers for one scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub requests_per_s: f64,
    /// Of those, writes per second (every one goes to Aurora's single writer).
    pub writes_per_s: f64,
    pub dynamodb: DynamoSteady,
    pub aurora: AuroraSteady,
    /// Aurora DSQL, when the scenario names it among its contenders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dsql: Option<DsqlSteady>,
}

impl Scenario {
    /// Evaluate both models. The scenario must be valid.
    pub fn compare(&self) -> Comparison {
        self.compare_with(&self.models(), self.dsql_model().as_ref(), self.workload.requests_per_s)
    }

    /// DSQL's model, when the scenario names it.
    pub fn dsql_model(&self) -> Option<DsqlModel> {
        self.has(Database::Dsql).then(|| DsqlModel::new(&self.workload, &self.dsql, &self.prices, &self.estimates).with_billing(&self.billing))
    }

    /// Both databases' models for this scenario, its Regions included: built once, asked at
    /// any rate (the sweep, the engine).
    pub fn models(&self) -> (DynamoModel, AuroraModel) {
        let (w, p, e) = (&self.workload, &self.prices, &self.estimates);
        let regions = RegionPlan::new(self);
        (
            DynamoModel::new(w, &self.dynamodb, p, e).with_regions(regions.clone()).with_billing(&self.billing),
            AuroraModel::new(w, &self.aurora, p, e).with_regions(regions).with_billing(&self.billing),
        )
    }

    fn compare_with(&self, (dynamo, aurora): &(DynamoModel, AuroraModel), dsql: Option<&DsqlModel>, requests_per_s: f64) -> Comparison {
        let rate = requests_per_s.max(0.0);
        let reads = rate * self.workload.read_share;
        Comparison {
            requests_per_s: rate,
            writes_per_s: rate * (1.0 - self.workload.read_share),
            dynamodb: dynamo.outcome(&dynamo.demand(rate), &Shortfall::default()),
            aurora: aurora.at(rate, Sizing::Settled),
            dsql: dsql.map(|m| m.at(reads, rate - reads)),
        }
    }

    /// Evaluate at `points` request rates spaced evenly in log10 over [`SWEEP_RANGE_RPS`].
    pub fn sweep(&self, points: usize) -> Vec<Comparison> {
        let (lo, hi) = (SWEEP_RANGE_RPS.0.log10(), SWEEP_RANGE_RPS.1.log10());
        let n = points.max(2);
        let (models, dsql) = (self.models(), self.dsql_model());
        (0..n).map(|i| self.compare_with(&models, dsql.as_ref(), 10f64.powf(lo + (hi - lo) * i as f64 / (n - 1) as f64))).collect()
    }
}
