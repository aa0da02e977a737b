//! The cluster's settings (facts addendum 2026-12, §1): one Region or two Regions and a
//! witness, how clients connect (a pool, or a fresh connection per request as a Lambda
//! function does), rows per write transaction for bulk loads, and the storage quota. There
//! is no capacity setting: DSQL has no ACU and no instance size.

use crate::model::facts::{DSQL_DEFAULT_STORAGE_TIB, DSQL_MAX_CONNECTION_S, DSQL_MAX_STORAGE_TIB, DSQL_MULTI_REGION_STORAGE_REGIONS};
use crate::model::estimates::Estimates;
use crate::model::input::in_range;
use serde::{Deserialize, Serialize};

/// Where the cluster runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topology {
    /// One Region (three AZs).
    #[default]
    SingleRegion,
    /// Two Regions taking reads and writes, and a witness Region that stores no data: every
    /// commit synchronises across Regions (RPO 0), reads stay local.
    MultiRegion,
}

impl Topology {
    /// A writing transaction's COMMIT, ms: in the Region, and on a multi-Region cluster one
    /// synchronisation with another Region on top (one inter-Region round trip; facts sheet:
    /// "Multi-Region commit ... + one inter-Region RTT"). Also how long a hot row stays
    /// claimed by each commit (`crate::model::contention`).
    pub fn write_commit_ms(self, est: &Estimates) -> f64 {
        match self {
            Topology::SingleRegion => est.dsql_commit_ms,
            Topology::MultiRegion => est.dsql_commit_ms + est.dsql_inter_region_rtt_ms,
        }
    }

    /// Regions that store (and bill) the data: the witness stores none.
    pub fn storage_regions(self) -> f64 {
        match self {
            Topology::SingleRegion => 1.0,
            Topology::MultiRegion => DSQL_MULTI_REGION_STORAGE_REGIONS,
        }
    }
}

/// How the application's clients reach the cluster.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Connect {
    /// A pool of `pool_connections` long-lived connections, reopened every
    /// `connection_lifetime_s`.
    #[default]
    Pool,
    /// A fresh connection per request (a client without a pool): every request is a new
    /// connection, which the 100/s new-connection quota limits. Lambda functions that keep
    /// their connection are `workload.lambda`, which decides over this setting.
    PerRequest,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DsqlConfig {
    pub topology: Topology,
    pub connect: Connect,
    /// Connections the application's pools hold in all (beyond 10,000 they are refused with
    /// `53300`: allowed here so the model can show it).
    pub pool_connections: f64,
    /// A pooled connection is closed and reopened after this long (DSQL ends it at 1 h).
    pub connection_lifetime_s: f64,
    /// Rows each write transaction writes (1 = single-row writes; a bulk load batches
    /// more). Above 3,000 every write transaction is refused with `54000`: allowed here so
    /// the model can show it.
    pub bulk_write_rows: f64,
    /// Storage quota, TiB (10 by default, up to 128 on request).
    pub storage_quota_tib: f64,
}

impl Default for DsqlConfig {
    fn default() -> Self {
        DsqlConfig {
            topology: Topology::SingleRegion,
            connect: Connect::Pool,
            pool_connections: 100.0,
            connection_lifetime_s: DSQL_MAX_CONNECTION_S,
            bulk_write_rows: 1.0,
            storage_quota_tib: DSQL_DEFAULT_STORAGE_TIB,
        }
    }
}

impl DsqlConfig {
    /// Check every setting against its allowed range; the message names the field, the value
    /// and the range.
    pub fn validate(&self) -> Result<(), String> {
        let check = |field: &str, v: f64, lo: f64, hi: f64, unit: &str, whole: bool, why: &str| in_range(&format!("dsql.{field}"), v, (lo, hi), unit, whole, why);
        check("pool_connections", self.pool_connections, 1.0, 1e6, "connections", true, "DSQL refuses those beyond 10,000 with 53300")?;
        check("connection_lifetime_s", self.connection_lifetime_s, 1.0, DSQL_MAX_CONNECTION_S, "s", false, "DSQL closes a connection after 1 h")?;
        check("bulk_write_rows", self.bulk_write_rows, 1.0, 1e6, "rows", true, "DSQL refuses a write transaction of more than 3,000 rows with 54000")?;
        check("storage_quota_tib", self.storage_quota_tib, 0.001, DSQL_MAX_STORAGE_TIB, "TiB", false, "10 TiB by default, up to 128 TiB on request")?;
        Ok(())
    }

    /// The storage quota in GB (1 TiB = 1,024 GB, the workload's GB being GiB).
    pub fn storage_quota_gb(&self) -> f64 {
        self.storage_quota_tib * 1024.0
    }
}
