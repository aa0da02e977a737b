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

/// A scenario's steady models, built once and asked at any rate: no model depends on the
/// request rate, the traffic over time, the run's settings, the p99 target, the sampled
/// futures or the recorded series. The sweep asks
/// them at every rate of the traffic charts; the page keeps them while only those inputs
/// change, and asks them again at each traffic-slider input (`Scenario::compare_at`).
pub struct SteadyModels {
    dynamodb: DynamoModel,
    aurora: AuroraModel,
    dsql: Option<DsqlModel>,
}

impl Scenario {
    /// Evaluate both models. The scenario must be valid.
    pub fn compare(&self) -> Comparison {
        self.compare_at(&self.steady_models(), self.workload.requests_per_s)
    }

    /// DSQL's model, when the scenario names it.
    pub fn dsql_model(&self) -> Option<DsqlModel> {
        self.has(Database::Dsql).then(|| DsqlModel::new(&self.workload, &self.dsql, &self.prices, &self.estimates).with_billing(&self.billing).with_clients(self.regions.remote_share))
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

    /// Every contender's steady model for this scenario.
    pub fn steady_models(&self) -> SteadyModels {
        let (dynamodb, aurora) = self.models();
        SteadyModels { dynamodb, aurora, dsql: self.dsql_model() }
    }

    /// The answer at `requests_per_s` from `models`, which are this scenario's or those of
    /// one that differs from it only in what no model depends on (see [`SteadyModels`]). The
    /// same answer as from models just built: the models' searches start from their last
    /// answer (steps and sweeps change little from one to the next), so they are told to
    /// start afresh, and a slider's history never shows in the last digits.
    pub fn compare_at(&self, models: &SteadyModels, requests_per_s: f64) -> Comparison {
        models.dynamodb.start_afresh();
        models.aurora.start_afresh();
        if let Some(dsql) = &models.dsql {
            dsql.start_afresh();
        }
        self.answer_at(models, requests_per_s)
    }

    /// The answer at `requests_per_s`, each search starting from the models' last answer.
    fn answer_at(&self, models: &SteadyModels, requests_per_s: f64) -> Comparison {
        let rate = requests_per_s.max(0.0);
        let reads = rate * self.workload.read_share;
        let SteadyModels { dynamodb, aurora, dsql } = models;
        Comparison {
            requests_per_s: rate,
            writes_per_s: rate * (1.0 - self.workload.read_share),
            dynamodb: dynamodb.outcome(&dynamodb.demand(rate), &Shortfall::default()),
            aurora: aurora.at(rate, Sizing::Settled),
            dsql: dsql.as_ref().map(|m| m.at(reads, rate - reads)),
        }
    }

    /// Evaluate at `points` request rates spaced evenly in log10 over [`SWEEP_RANGE_RPS`].
    pub fn sweep(&self, points: usize) -> Vec<Comparison> {
        self.sweep_with(&self.steady_models(), points)
    }

    /// [`Scenario::sweep`] with models just built (see [`Scenario::compare_at`]): each rate's
    /// search starts from the one before, as in the CLI's sweep.
    pub fn sweep_with(&self, models: &SteadyModels, points: usize) -> Vec<Comparison> {
        let (lo, hi) = (SWEEP_RANGE_RPS.0.log10(), SWEEP_RANGE_RPS.1.log10());
        let n = points.max(2);
        (0..n).map(|i| self.answer_at(models, 10f64.powf(lo + (hi - lo) * i as f64 / (n - 1) as f64))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets::PRESETS;
    use crate::model::traffic::Traffic;

    /// The page keeps a scenario's models while only the rate, the traffic over time, the
    /// run's settings, the p99 target, the sampled futures or the recorded series change
    /// (`SweepInput` in src/ui/app.rs): models built before such a change must give the very
    /// answer the changed scenario gives with its own (every preset, with DSQL).
    #[test]
    fn models_kept_across_rate_traffic_run_and_target_changes_answer_as_new_ones() {
        for preset in PRESETS {
            let mut before = preset.scenario();
            if !before.has(Database::Dsql) {
                before.contenders.push(Database::Dsql);
            }
            let kept = before.steady_models();
            for rate in [1.0, 37.5, 2_000.0, 450_000.0, 9_000_000.0] {
                let mut after = before.clone();
                after.workload.requests_per_s = rate;
                after.traffic = Traffic::Steady;
                after.simulation.duration_s = 3_600.0;
                after.p99_target_ms = 7.0;
                after.uncertainty.samples = 3;
                after.recorded = None;
                let fresh = after.compare();
                assert_eq!(after.compare_at(&kept, rate), fresh, "{} at {rate} req/s", preset.id);
                assert!(fresh.dsql.is_some());
            }
        }
    }
}
