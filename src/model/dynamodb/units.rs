//! Capacity units per request, by AWS's rounding rules (facts sheet A1, A2, A7, A8), all on
//! whole bytes so that 4 KB boundaries are exact.

use crate::model::facts::*;
use crate::model::workload::Consistency;
use serde::Serialize;

/// Read units for one item read of `bytes` (a read of a missing item still costs one unit).
pub fn read_units(bytes: u64, consistency: Consistency) -> f64 {
    bytes.div_ceil(DDB_READ_UNIT_BYTES).max(1) as f64 * consistency_factor(consistency)
}

/// Write units for one item write of `bytes`.
pub fn write_units(bytes: u64) -> f64 {
    bytes.div_ceil(DDB_WRITE_UNIT_BYTES).max(1) as f64
}

/// Write units for a TransactWriteItems over items of these sizes (×2: prepare + commit).
pub fn transact_write_units(item_bytes: &[u64]) -> f64 {
    DDB_TRANSACTION_FACTOR * item_bytes.iter().map(|&b| write_units(b)).sum::<f64>()
}

/// Read units for a TransactGetItems over items of these sizes (×2, always strongly
/// consistent).
pub fn transact_read_units(item_bytes: &[u64]) -> f64 {
    DDB_TRANSACTION_FACTOR * item_bytes.iter().map(|&b| read_units(b, Consistency::Strong)).sum::<f64>()
}

/// Read units for a BatchGetItem: each item rounded to 4 KB first, then summed.
pub fn batch_get_units(item_bytes: &[u64], consistency: Consistency) -> f64 {
    item_bytes.iter().map(|&b| read_units(b, consistency)).sum()
}

/// Write units for a BatchWriteItem: each item rounded to 1 KB first, then summed.
pub fn batch_write_units(item_bytes: &[u64]) -> f64 {
    item_bytes.iter().map(|&b| write_units(b)).sum()
}

pub(crate) fn consistency_factor(consistency: Consistency) -> f64 {
    match consistency {
        Consistency::Strong => 1.0,
        Consistency::Eventual => DDB_EVENTUAL_READ_FACTOR,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PagedRead {
    pub pages: f64,
    pub units: f64,
}

/// Pages and units of a Query or Scan that evaluates `items` items of `item_bytes`.
/// A page stops before it would pass 1 MB; each page's item sizes are summed, then rounded
/// up to 4 KB once.
pub fn paged_read(items: f64, item_bytes: u64, consistency: Consistency) -> PagedRead {
    let items = items.max(0.0).ceil();
    let per_page = (DDB_PAGE_BYTES / item_bytes.max(1)).max(1) as f64;
    let full_pages = (items / per_page).floor();
    let rest = items - full_pages * per_page;
    let page_units = |n: f64| ((n * item_bytes as f64) / DDB_READ_UNIT_BYTES as f64).ceil();
    let strong_units = full_pages * page_units(per_page) + page_units(rest);
    PagedRead {
        pages: (full_pages + if rest > 0.0 { 1.0 } else { 0.0 }).max(1.0),
        units: strong_units.max(1.0) * consistency_factor(consistency),
    }
}

/// Partitions from storage and throughput (legacy heuristic, no longer in AWS docs).
pub fn partitions_for(storage_gb: f64, rcu: f64, wcu: f64) -> f64 {
    let by_storage = (storage_gb / DDB_PARTITION_MAX_GB).ceil();
    let by_throughput = (rcu / DDB_PARTITION_MAX_RCU + wcu / DDB_PARTITION_MAX_WCU).ceil();
    by_storage.max(by_throughput).max(1.0)
}

/// Write units one table write causes in one global secondary index (A7): an index entry is
/// the projected attributes plus 100 bytes, rounded to 1 KB; an update that changes the
/// indexed key deletes the old entry and puts a new one (2 writes). `key_change_share` is
/// the share of writes that do that.
pub fn index_write_units(projected_bytes: u64, key_change_share: f64) -> f64 {
    write_units(projected_bytes + DDB_INDEX_ITEM_OVERHEAD_BYTES) * (1.0 + key_change_share.clamp(0.0, 1.0))
}

/// Read units for reading one entry of a global secondary index: always eventually
/// consistent, sized by the projected entry, not the base item (A7).
pub fn index_read_units(projected_bytes: u64) -> f64 {
    read_units(projected_bytes, Consistency::Eventual)
}

/// Replicated write units for global tables (A8, version 2019.11.21): one per write unit of
/// the item in every replica Region (the source Region's own write is not repeated).
pub fn replicated_write_units(item_write_units: f64, replica_regions: u32) -> f64 {
    item_write_units * f64::from(replica_regions)
}
