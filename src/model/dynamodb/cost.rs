//! Monthly cost (facts sheet A11, prices from the editable price table): on-demand bills the
//! request units served; provisioned bills capacity sized at the target utilisation for
//! 730 h. Index writes and replicated writes (global tables, priced as writes since
//! Nov 2024) are billed like table writes. Storage covers the table, its index entries
//! (projected bytes + 100 B each) and every replica, beyond the free 25 GB. DAX nodes are
//! billed per node-hour. Standard-IA swaps in its own request and storage prices.
//! The rest of the bill (`crate::model::billing`): point-in-time recovery per GB-month of
//! table data in every Region, bytes read sent out to the internet, and the free tier
//! (25 GB, and 25 RCU + 25 WCU provisioned on the Standard class) when it is counted.

use super::config::{DynamoConfig, TableClass};
use crate::model::billing::Billing;
use crate::model::facts::*;
use crate::model::prices::PriceTable;
use crate::model::workload::Workload;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DynamoCost {
    /// Request units at on-demand prices, USD per month.
    pub on_demand_usd: f64,
    /// Capacity provisioned at the target utilisation, USD per month.
    pub provisioned_usd: f64,
    /// Table, index and replica storage beyond the free 25 GB, USD per month.
    pub storage_usd: f64,
    /// DAX nodes, USD per month.
    pub dax_usd: f64,
    /// Bytes sent between Regions (replication, remote clients) and out to the internet,
    /// USD per month.
    pub transfer_usd: f64,
    /// Point-in-time recovery, USD per month.
    pub backup_usd: f64,
}

impl DynamoCost {
    pub fn on_demand_total_usd(&self) -> f64 {
        self.on_demand_usd + self.storage_usd + self.dax_usd + self.transfer_usd + self.backup_usd
    }
    pub fn provisioned_total_usd(&self) -> f64 {
        self.provisioned_usd + self.storage_usd + self.dax_usd + self.transfer_usd + self.backup_usd
    }
    /// The total in `mode`, the one the table is configured with.
    pub fn total_usd(&self, mode: super::CapacityMode) -> f64 {
        match mode {
            super::CapacityMode::OnDemand => self.on_demand_total_usd(),
            super::CapacityMode::Provisioned => self.provisioned_total_usd(),
        }
    }
}

/// Units per second the bill is made of.
pub(crate) struct BilledUnits {
    pub read_units_per_s: f64,
    /// Table, index and replicated write units together.
    pub write_units_per_s: f64,
}

/// Whole capacity units that keep `consumed` at the target utilisation. The relative guard
/// keeps float noise on an exact integer (11,781,000 / 0.7) from adding a unit.
pub fn provisioned_units(consumed: f64, target_utilisation: f64) -> f64 {
    (consumed / target_utilisation * (1.0 - 1e-12)).ceil().max(0.0)
}

/// Data stored across the table, its indexes and its replicas, GB.
pub fn stored_gb(w: &Workload, cfg: &DynamoConfig) -> f64 {
    let items = w.table_size_gb * 1024f64.powi(3) / w.item_bytes() as f64;
    let index_gb = f64::from(cfg.global_secondary_indexes)
        * (w.table_size_gb * cfg.index_projected_share + items * DDB_INDEX_ITEM_OVERHEAD_BYTES as f64 / 1024f64.powi(3));
    (w.table_size_gb + index_gb) * (1.0 + f64::from(cfg.replica_regions))
}

/// The request, capacity and storage prices in force for the table's class.
pub struct UnitPrices {
    pub on_demand_read_per_million: f64,
    pub on_demand_write_per_million: f64,
    pub rcu_hour: f64,
    pub wcu_hour: f64,
    pub storage_gb_month: f64,
}

pub fn unit_prices(cfg: &DynamoConfig, p: &PriceTable) -> UnitPrices {
    let [odr, odw, rcu, wcu, storage] = match cfg.table_class {
        TableClass::Standard => [
            &p.ddb_on_demand_read_per_million,
            &p.ddb_on_demand_write_per_million,
            &p.ddb_provisioned_rcu_hour,
            &p.ddb_provisioned_wcu_hour,
            &p.ddb_storage_gb_month,
        ],
        TableClass::StandardInfrequentAccess => [
            &p.ddb_ia_on_demand_read_per_million,
            &p.ddb_ia_on_demand_write_per_million,
            &p.ddb_ia_provisioned_rcu_hour,
            &p.ddb_ia_provisioned_wcu_hour,
            &p.ddb_ia_storage_gb_month,
        ],
    };
    UnitPrices {
        on_demand_read_per_million: odr.value,
        on_demand_write_per_million: odw.value,
        rcu_hour: rcu.value,
        wcu_hour: wcu.value,
        storage_gb_month: storage.value,
    }
}

/// Provisioned units the free tier covers, of each kind (Standard class, when counted).
pub fn free_units(cfg: &DynamoConfig, billing: &Billing) -> f64 {
    if billing.free_tier && cfg.table_class == TableClass::Standard {
        DDB_FREE_PROVISIONED_UNITS
    } else {
        0.0
    }
}

/// The month at `units`, with `reads_per_s` served reads for the bytes sent out.
pub(crate) fn monthly_cost(w: &Workload, cfg: &DynamoConfig, units: &BilledUnits, reads_per_s: f64, p: &PriceTable, billing: &Billing) -> DynamoCost {
    let u = unit_prices(cfg, p);
    let seconds = HOURS_PER_MONTH * 3600.0;
    let target = cfg.target_utilisation;
    let free = free_units(cfg, billing);
    let free_gb = if billing.free_tier { DDB_FREE_STORAGE_GB } else { 0.0 };
    DynamoCost {
        on_demand_usd: seconds / 1e6
            * (units.read_units_per_s * u.on_demand_read_per_million + units.write_units_per_s * u.on_demand_write_per_million),
        provisioned_usd: HOURS_PER_MONTH
            * ((provisioned_units(units.read_units_per_s, target) - free).max(0.0) * u.rcu_hour
                + (provisioned_units(units.write_units_per_s, target) - free).max(0.0) * u.wcu_hour),
        storage_usd: (stored_gb(w, cfg) - free_gb).max(0.0) * u.storage_gb_month,
        dax_usd: f64::from(cfg.dax_nodes) * HOURS_PER_MONTH * p.ddb_dax_node_hour.value,
        transfer_usd: billing.internet_usd(reads_per_s, w.item_bytes() as f64, p),
        backup_usd: billing.ddb_backup_usd(w.table_size_gb, 1.0 + f64::from(cfg.replica_regions), p),
    }
}
