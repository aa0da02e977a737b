//! A scenario: everything the models need, as one serde value that the page, the share URL
//! and the CLI all speak. Raw input is parsed, then checked ([`Scenario::validate`]) before a
//! model sees it; unknown fields are an error, not silently dropped.

use crate::model::aurora::{self, AuroraConfig, AuroraSteady};
use crate::model::dynamodb::{self, DynamoSteady};
use crate::model::estimates::Estimates;
use crate::model::prices::PriceTable;
use crate::model::workload::{Workload, BOUNDS};
use serde::{Deserialize, Serialize};

/// The scenario format version this build reads and writes.
pub const SCENARIO_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    pub version: u32,
    pub workload: Workload,
    pub aurora: AuroraConfig,
    pub prices: PriceTable,
    pub estimates: Estimates,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            version: SCENARIO_VERSION,
            workload: Workload::default(),
            aurora: AuroraConfig::default(),
            prices: PriceTable::default(),
            estimates: Estimates::default(),
        }
    }
}

/// Both databases' answers for one scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub requests_per_s: f64,
    pub dynamodb: DynamoSteady,
    pub aurora: AuroraSteady,
}

impl Scenario {
    /// Parse JSON (missing fields take their defaults) and check it.
    pub fn from_json(text: &str) -> Result<Scenario, String> {
        let s: Scenario = serde_json::from_str(text).map_err(|e| format!("scenario: {e}"))?;
        s.validate()?;
        Ok(s)
    }

    pub fn validate(&self) -> Result<(), String> {
        if self.version != SCENARIO_VERSION {
            return Err(format!(
                "scenario version {} is not supported: this build reads version {SCENARIO_VERSION}",
                self.version
            ));
        }
        self.workload.validate().map_err(|e| format!("workload.{e}"))?;
        self.aurora.validate()?;
        self.prices.validate()?;
        self.estimates.validate()
    }

    /// Evaluate both models. The scenario must be valid.
    pub fn compare(&self) -> Comparison {
        let w = &self.workload;
        Comparison {
            requests_per_s: w.requests_per_s,
            dynamodb: dynamodb::steady(w, &self.prices, &self.estimates),
            aurora: aurora::steady(w, &self.aurora, &self.prices, &self.estimates),
        }
    }

    /// Evaluate at `points` request rates spaced evenly in log10 over the whole traffic range.
    pub fn sweep(&self, points: usize) -> Vec<Comparison> {
        let traffic = BOUNDS[0];
        let (lo, hi) = (traffic.min.log10(), traffic.max.log10());
        let n = points.max(2);
        (0..n)
            .map(|i| {
                let rps = 10f64.powf(lo + (hi - lo) * i as f64 / (n - 1) as f64);
                let mut at = self.clone();
                at.workload.requests_per_s = rps;
                at.compare()
            })
            .collect()
    }
}
