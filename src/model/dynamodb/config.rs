//! The table's settings (facts sheet A4–A9): capacity mode and auto scaling, table class,
//! global secondary indexes, global-table replicas, DAX, and the throughput limits.

use crate::model::facts::*;
use crate::model::input::shown;
use serde::{Deserialize, Serialize};

/// How the table is billed and sized.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityMode {
    OnDemand,
    Provisioned,
}

/// DynamoDB Standard, or Standard-Infrequent Access (cheaper storage, dearer requests).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableClass {
    Standard,
    StandardInfrequentAccess,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DynamoConfig {
    pub mode: CapacityMode,
    pub table_class: TableClass,
    /// On-demand: read/write units per second served instantly at the start (a new table's
    /// 12,000 / 4,000, or a pre-warmed warm throughput, which can only be raised).
    pub warm_read_units_per_s: f64,
    pub warm_write_units_per_s: f64,
    /// On-demand: optional maximum throughput; requests above it are throttled.
    pub max_read_units_per_s: Option<f64>,
    pub max_write_units_per_s: Option<f64>,
    /// Table quota of read and of write units per second (40,000 by default; adjustable on
    /// request). On-demand never grows past it; provisioned capacity cannot exceed it.
    pub table_quota_units_per_s: f64,
    /// Provisioned: capacity at the start.
    pub provisioned_rcu: f64,
    pub provisioned_wcu: f64,
    /// Provisioned: target-tracking auto scaling between min and max.
    pub auto_scaling: bool,
    pub min_rcu: f64,
    pub max_rcu: f64,
    pub min_wcu: f64,
    pub max_wcu: f64,
    /// Auto scaling target, and the utilisation provisioned cost is sized at (20–90 %,
    /// console default 70 %).
    pub target_utilisation: f64,
    /// Global secondary indexes, each projecting `index_projected_share` of the item.
    pub global_secondary_indexes: u32,
    pub index_projected_share: f64,
    /// Share of writes that change an indexed key (2 index writes instead of 1).
    pub index_key_change_share: f64,
    /// Global tables: replica Regions besides this one (each write is replicated to each).
    pub replica_regions: u32,
    /// DAX nodes in front of the table (0 = no DAX), and the share of eventually consistent
    /// key reads it answers from cache (an estimate: it depends on TTL and access pattern).
    pub dax_nodes: u32,
    pub dax_hit_ratio: f64,
    /// Provisioned: each global secondary index's write capacity at the start (absent: sized
    /// for the base load at the target, as the bill assumes). Indexes auto scale with the
    /// table's settings, each with its own decrease budget. A write succeeds only if every
    /// index can take it (GSI back-pressure).
    pub index_provisioned_wcu: Option<f64>,
    /// On-demand: optional maximum write throughput of each index.
    pub index_max_write_units_per_s: Option<f64>,
}

impl Default for DynamoConfig {
    fn default() -> Self {
        DynamoConfig {
            mode: CapacityMode::OnDemand,
            table_class: TableClass::Standard,
            warm_read_units_per_s: DDB_ON_DEMAND_INITIAL_READ_UNITS,
            warm_write_units_per_s: DDB_ON_DEMAND_INITIAL_WRITE_UNITS,
            max_read_units_per_s: None,
            max_write_units_per_s: None,
            table_quota_units_per_s: DDB_TABLE_QUOTA_UNITS,
            provisioned_rcu: 1_000.0,
            provisioned_wcu: 500.0,
            auto_scaling: true,
            min_rcu: 5.0,
            max_rcu: DDB_TABLE_QUOTA_UNITS,
            min_wcu: 5.0,
            max_wcu: DDB_TABLE_QUOTA_UNITS,
            target_utilisation: DDB_AUTOSCALING_DEFAULT_TARGET,
            global_secondary_indexes: 0,
            index_projected_share: 1.0,
            index_key_change_share: 0.0,
            replica_regions: 0,
            dax_nodes: 0,
            dax_hit_ratio: 0.8,
            index_provisioned_wcu: None,
            index_max_write_units_per_s: None,
        }
    }
}

impl DynamoConfig {
    pub fn validate(&self) -> Result<(), String> {
        let check = |field: &str, v: f64, lo: f64, hi: f64, why: &str| {
            if v.is_finite() && (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(format!(
                    "dynamodb.{field} = {} is outside the allowed range {lo} to {hi} ({why})",
                    shown(v)
                ))
            }
        };
        check(
            "target_utilisation",
            self.target_utilisation,
            0.2,
            0.9,
            "auto scaling accepts 20–90 %",
        )?;
        check(
            "warm_read_units_per_s",
            self.warm_read_units_per_s,
            1.0,
            1e9,
            "read units per second",
        )?;
        check(
            "warm_write_units_per_s",
            self.warm_write_units_per_s,
            1.0,
            1e9,
            "write units per second",
        )?;
        check(
            "table_quota_units_per_s",
            self.table_quota_units_per_s,
            1.0,
            1e9,
            "units per second",
        )?;
        for (field, v) in [
            ("provisioned_rcu", self.provisioned_rcu),
            ("provisioned_wcu", self.provisioned_wcu),
            ("min_rcu", self.min_rcu),
            ("max_rcu", self.max_rcu),
            ("min_wcu", self.min_wcu),
            ("max_wcu", self.max_wcu),
        ] {
            check(field, v, 1.0, 1e9, "capacity units")?;
        }
        for (field, v) in [
            ("max_read_units_per_s", self.max_read_units_per_s),
            ("max_write_units_per_s", self.max_write_units_per_s),
            ("index_provisioned_wcu", self.index_provisioned_wcu),
            (
                "index_max_write_units_per_s",
                self.index_max_write_units_per_s,
            ),
        ] {
            if let Some(v) = v {
                check(field, v, 1.0, 1e9, "units per second")?;
            }
        }
        for (min_field, min, max_field, max) in [
            ("min_rcu", self.min_rcu, "max_rcu", self.max_rcu),
            ("min_wcu", self.min_wcu, "max_wcu", self.max_wcu),
        ] {
            if min > max {
                return Err(format!(
                    "dynamodb.{min_field} = {} is outside the allowed range 1 to {} (dynamodb.{max_field}): the auto scaling minimum cannot exceed its maximum",
                    shown(min),
                    shown(max)
                ));
            }
        }
        if self.mode == CapacityMode::Provisioned {
            self.validate_provisioned()?;
        }
        check(
            "global_secondary_indexes",
            f64::from(self.global_secondary_indexes),
            0.0,
            f64::from(DDB_MAX_GSIS),
            "20 per table by default",
        )?;
        check(
            "index_projected_share",
            self.index_projected_share,
            0.0,
            1.0,
            "share of the item projected",
        )?;
        check(
            "index_key_change_share",
            self.index_key_change_share,
            0.0,
            1.0,
            "share of writes",
        )?;
        check(
            "replica_regions",
            f64::from(self.replica_regions),
            0.0,
            30.0,
            "other Regions",
        )?;
        check(
            "dax_nodes",
            f64::from(self.dax_nodes),
            0.0,
            11.0,
            "a DAX cluster has up to 11 nodes",
        )?;
        check(
            "dax_hit_ratio",
            self.dax_hit_ratio,
            0.0,
            1.0,
            "share of cacheable reads",
        )
    }

    /// Provisioned capacity against the table quota and the auto scaling range. AWS refuses
    /// capacity above the table quota (facts sheet A6), so it is an error here too; with
    /// auto scaling, its range must fit under the quota (min ≤ max ≤ quota) and the starting
    /// capacity (the table's, and an index's when set) must lie in it. (On-demand's warm and maximum throughput above the quota
    /// are not errors: the table never serves past its quota, see [`DynamoConfig::ceiling`].)
    fn validate_provisioned(&self) -> Result<(), String> {
        let quota = self.table_quota_units_per_s;
        // Each index's write capacity, when set, follows the table's write rules (an index
        // has its own quota, as large as the table's, and auto scales with its settings).
        let index = self.index_provisioned_wcu.map(|v| {
            (
                "index_provisioned_wcu",
                v,
                "min_wcu",
                self.min_wcu,
                "max_wcu",
                self.max_wcu,
            )
        });
        let dims = [
            (
                "provisioned_rcu",
                self.provisioned_rcu,
                "min_rcu",
                self.min_rcu,
                "max_rcu",
                self.max_rcu,
            ),
            (
                "provisioned_wcu",
                self.provisioned_wcu,
                "min_wcu",
                self.min_wcu,
                "max_wcu",
                self.max_wcu,
            ),
        ];
        for (cap_field, cap, min_field, min, max_field, max) in dims.into_iter().chain(index) {
            if self.auto_scaling {
                if max > quota {
                    return Err(format!(
                        "dynamodb.{max_field} = {} is outside the allowed range 1 to {} (dynamodb.table_quota_units_per_s): auto scaling cannot go past the table quota; lower {max_field} or raise the quota",
                        shown(max),
                        shown(quota)
                    ));
                }
                if !(min..=max).contains(&cap) {
                    return Err(format!(
                        "dynamodb.{cap_field} = {} is outside the allowed range {} to {} (dynamodb.{min_field} to dynamodb.{max_field}): with auto scaling the starting capacity lies in its range",
                        shown(cap),
                        shown(min),
                        shown(max)
                    ));
                }
            } else if cap > quota {
                return Err(format!(
                    "dynamodb.{cap_field} = {} is outside the allowed range 1 to {} (dynamodb.table_quota_units_per_s): provisioned capacity cannot exceed the table quota",
                    shown(cap),
                    shown(quota)
                ));
            }
        }
        Ok(())
    }

    /// Read/write units per second the table may ever serve: the quota, and on-demand's
    /// optional maximum throughput.
    pub fn ceiling(&self) -> (f64, f64) {
        let quota = self.table_quota_units_per_s;
        match self.mode {
            CapacityMode::OnDemand => (
                self.max_read_units_per_s.map_or(quota, |m| m.min(quota)),
                self.max_write_units_per_s.map_or(quota, |m| m.min(quota)),
            ),
            CapacityMode::Provisioned => (quota, quota),
        }
    }
}
