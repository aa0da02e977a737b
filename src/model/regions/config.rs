//! The scenario's multi-Region settings (data only; what they do to each database is in the
//! parent module, which sits above the scenario).

use crate::model::aurora::config::AuroraConfig;
use crate::model::dynamodb::config::DynamoConfig;
use crate::model::facts::DDB_MRSC_REGIONS;
use serde::{Deserialize, Serialize};

/// DynamoDB global tables' consistency mode, chosen at creation and never changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GlobalTableMode {
    /// Multi-Region eventual consistency (the default): asynchronous, last writer wins.
    #[default]
    Mrec,
    /// Multi-Region strong consistency: exactly 3 Regions, RPO 0, writes pay a round trip.
    Mrsc,
}


/// The scenario's multi-Region settings. The number of Regions each database spans is
/// `dynamodb.replica_regions` and `aurora.secondary_regions`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Regions {
    /// Share of requests from clients in Region B; the rest come from Region A.
    pub remote_share: f64,
    /// Global tables mode (with `dynamodb.replica_regions ≥ 1`).
    pub dynamodb_mode: GlobalTableMode,
    /// MRSC with 2 replicas and a witness instead of 3 replicas.
    pub dynamodb_witness: bool,
    /// Aurora Global Database write forwarding: Region B writes through its secondary.
    pub aurora_write_forwarding: bool,
}

impl Default for Regions {
    fn default() -> Self {
        Regions {
            remote_share: 0.0,
            dynamodb_mode: GlobalTableMode::Mrec,
            dynamodb_witness: false,
            aurora_write_forwarding: false,
        }
    }
}

impl Regions {
    /// Check the settings against the Region counts they depend on.
    pub fn validate(&self, ddb: &DynamoConfig, aurora: &AuroraConfig) -> Result<(), String> {
        if !(self.remote_share.is_finite() && (0.0..=1.0).contains(&self.remote_share)) {
            return Err(format!(
                "regions.remote_share = {} is outside the allowed range 0 to 1 (share of requests from Region B)",
                self.remote_share
            ));
        }
        match self.dynamodb_mode {
            GlobalTableMode::Mrsc => {
                let replicas = 1 + ddb.replica_regions;
                let regions = replicas + u32::from(self.dynamodb_witness);
                if regions != DDB_MRSC_REGIONS || replicas < 2 {
                    let how = if self.dynamodb_witness {
                        "2 replicas and a witness"
                    } else {
                        "3 replicas"
                    };
                    return Err(format!(
                        "regions.dynamodb_mode = mrsc needs exactly 3 Regions: 3 replicas (dynamodb.replica_regions = 2) \
                         or 2 replicas and a witness (dynamodb.replica_regions = 1 with regions.dynamodb_witness = true); \
                         dynamodb.replica_regions = {} gives {replicas} replica(s){}, not {how}",
                        ddb.replica_regions,
                        if self.dynamodb_witness { " and a witness" } else { "" }
                    ));
                }
            }
            GlobalTableMode::Mrec if self.dynamodb_witness => {
                return Err("regions.dynamodb_witness = true needs regions.dynamodb_mode = mrsc: only strongly consistent global tables have a witness".into());
            }
            GlobalTableMode::Mrec => {}
        }
        if self.aurora_write_forwarding && aurora.secondary_regions == 0 {
            return Err("regions.aurora_write_forwarding = true needs a Global Database: set aurora.secondary_regions to 1 or more".into());
        }
        Ok(())
    }

    /// Whether DynamoDB is multi-Region strongly consistent.
    pub fn mrsc(&self) -> bool {
        self.dynamodb_mode == GlobalTableMode::Mrsc
    }
}
