//! DynamoDB at a steady request rate.
//!
//! * **Capacity units** (facts sheet A1–A2, DOC): a read costs `ceil(bytes / 4 KB)` units
//!   strongly consistent, half that eventually consistent; a write `ceil(bytes / 1 KB)`;
//!   transactions ×2. A Query sums the sizes of the items it returns and rounds once per
//!   1 MB page; a Scan is charged by 1 MB page (128 units eventually consistent, 256
//!   strong) and at least 0.5 / 1 unit per partition it touches.
//! * **Partitions** (A3, legacy heuristic, labelled as such):
//!   `max(ceil(GB / 10), ceil(RCU / 3000 + WCU / 1000))`.
//! * **Hot keys** (A3, DOC): adaptive capacity can isolate a hot item on its own partition,
//!   but one partition, and so one partition-key value, never serves more than 3,000 read
//!   or 1,000 write units per second. With Zipf popularity the units above that ceiling,
//!   summed over all keys ([`Zipf::excess_over_cap`]), are throttled. Scans spread over all
//!   partitions and are not skewed; in a transaction only the inventory item is skewed.
//! * **Cost** (A11): on-demand bills served request units; provisioned bills capacity sized
//!   at the target utilisation for 730 h; storage beyond 25 GB free.
//! * **Latency** (A10, illustrative): per-operation log-normal from editable p50/p99, plus
//!   transfer per KB and one round trip per extra page; throttled attempts are retried by the
//!   SDK with exponential backoff, adding latency; a request throttled on every attempt is an
//!   error. Attempts are treated as independent with the class's throttle probability (the
//!   time-stepped model refines this).

use crate::model::estimates::Estimates;
use crate::model::facts::*;
use crate::model::latency::{mixture_quantile, Dist};
use crate::model::prices::PriceTable;
use crate::model::workload::{Consistency, QueryKind, Workload};
use crate::model::zipf::Zipf;
use serde::{Deserialize, Serialize};

/// How the table is billed and sized.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityMode {
    OnDemand,
    Provisioned,
}

/// The table's capacity settings (facts sheet A4–A5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DynamoConfig {
    pub mode: CapacityMode,
    /// On-demand: read/write units per second served instantly at the start (a new table's
    /// 12,000 / 4,000, or a pre-warmed warm throughput).
    pub warm_read_units_per_s: f64,
    pub warm_write_units_per_s: f64,
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
}

impl Default for DynamoConfig {
    fn default() -> Self {
        DynamoConfig {
            mode: CapacityMode::OnDemand,
            warm_read_units_per_s: DDB_ON_DEMAND_INITIAL_READ_UNITS,
            warm_write_units_per_s: DDB_ON_DEMAND_INITIAL_WRITE_UNITS,
            provisioned_rcu: 1_000.0,
            provisioned_wcu: 500.0,
            auto_scaling: true,
            min_rcu: 5.0,
            max_rcu: DDB_TABLE_QUOTA_UNITS,
            min_wcu: 5.0,
            max_wcu: DDB_TABLE_QUOTA_UNITS,
            target_utilisation: DDB_AUTOSCALING_DEFAULT_TARGET,
        }
    }
}

impl DynamoConfig {
    pub fn validate(&self) -> Result<(), String> {
        let check = |field: &str, v: f64, lo: f64, hi: f64, why: &str| {
            if v.is_finite() && (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(format!("dynamodb.{field} = {v} is outside the allowed range {lo} to {hi} ({why})"))
            }
        };
        check("target_utilisation", self.target_utilisation, 0.2, 0.9, "auto scaling accepts 20–90 %")?;
        check("warm_read_units_per_s", self.warm_read_units_per_s, 1.0, 1e9, "read units per second")?;
        check("warm_write_units_per_s", self.warm_write_units_per_s, 1.0, 1e9, "write units per second")?;
        for (field, v) in [("provisioned_rcu", self.provisioned_rcu), ("provisioned_wcu", self.provisioned_wcu), ("min_rcu", self.min_rcu), ("max_rcu", self.max_rcu), ("min_wcu", self.min_wcu), ("max_wcu", self.max_wcu)] {
            check(field, v, 1.0, 1e9, "capacity units")?;
        }
        if self.min_rcu > self.max_rcu || self.min_wcu > self.max_wcu {
            return Err(format!(
                "dynamodb: auto scaling minimum above maximum (RCU {}–{}, WCU {}–{})",
                self.min_rcu, self.max_rcu, self.min_wcu, self.max_wcu
            ));
        }
        Ok(())
    }
}

/// Read units for one item read of `bytes` (a read of a missing item still costs one unit).
pub fn read_units(bytes: u64, consistency: Consistency) -> f64 {
    bytes.div_ceil(DDB_READ_UNIT_BYTES).max(1) as f64 * consistency_factor(consistency)
}

/// Write units for one item write of `bytes`.
pub fn write_units(bytes: u64) -> f64 {
    bytes.div_ceil(DDB_WRITE_UNIT_BYTES).max(1) as f64
}

/// Write units for a TransactWriteItems over items of these sizes.
pub fn transact_write_units(item_bytes: &[u64]) -> f64 {
    DDB_TRANSACTION_FACTOR * item_bytes.iter().map(|&b| write_units(b)).sum::<f64>()
}

/// Read units for a BatchGetItem: each item rounded to 4 KB first, then summed.
pub fn batch_get_units(item_bytes: &[u64], consistency: Consistency) -> f64 {
    item_bytes.iter().map(|&b| read_units(b, consistency)).sum()
}

fn consistency_factor(consistency: Consistency) -> f64 {
    match consistency {
        Consistency::Strong => 1.0,
        Consistency::Eventual => DDB_EVENTUAL_READ_FACTOR,
    }
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

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PagedRead {
    pub pages: f64,
    pub units: f64,
}

/// Partitions from storage and throughput (legacy heuristic, no longer in AWS docs).
pub fn partitions_for(storage_gb: f64, rcu: f64, wcu: f64) -> f64 {
    let by_storage = (storage_gb / DDB_PARTITION_MAX_GB).ceil();
    let by_throughput = (rcu / DDB_PARTITION_MAX_RCU + wcu / DDB_PARTITION_MAX_WCU).ceil();
    by_storage.max(by_throughput).max(1.0)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DynamoCost {
    /// Read + write request units at on-demand prices, USD per month.
    pub on_demand_usd: f64,
    /// Capacity provisioned at the target utilisation, USD per month.
    pub provisioned_usd: f64,
    /// Storage beyond the free 25 GB, USD per month.
    pub storage_usd: f64,
}

impl DynamoCost {
    pub fn on_demand_total_usd(&self) -> f64 {
        self.on_demand_usd + self.storage_usd
    }
    pub fn provisioned_total_usd(&self) -> f64 {
        self.provisioned_usd + self.storage_usd
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DynamoSteady {
    /// Read units one read request costs.
    pub read_units_per_request: f64,
    /// Write units one write request costs.
    pub write_units_per_request: f64,
    /// Offered read and write units per second.
    pub read_units_per_s: f64,
    pub write_units_per_s: f64,
    /// Units per second actually served (consumed).
    pub served_read_units_per_s: f64,
    pub served_write_units_per_s: f64,
    pub partitions: f64,
    /// Share of key-addressed traffic that goes to the most popular key.
    pub hottest_key_share: f64,
    pub hottest_key_read_units_per_s: f64,
    pub hottest_key_write_units_per_s: f64,
    /// Keys asking for more than one partition can give.
    pub keys_over_ceiling: f64,
    /// Share of requests throttled on their first attempt.
    pub throttled_share: f64,
    /// Share of requests that fail after every SDK attempt.
    pub error_share: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub cost: DynamoCost,
    /// Offered units exceed the default 40,000 units/s table quota (a quota increase is
    /// needed; it is adjustable, so this is a warning, not throttling).
    pub above_default_quota: bool,
}

/// Table-level read and write units per second the table can serve right now (on-demand's
/// current capacity, or provisioned capacity plus burst). Unlimited in the steady state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TableLimit {
    pub read_units_per_s: f64,
    pub write_units_per_s: f64,
}

impl TableLimit {
    pub const UNLIMITED: TableLimit =
        TableLimit { read_units_per_s: f64::INFINITY, write_units_per_s: f64::INFINITY };
}

/// Evaluate DynamoDB for `w` once capacity has caught up (steady state).
pub fn steady(w: &Workload, cfg: &DynamoConfig, prices: &PriceTable, est: &Estimates) -> DynamoSteady {
    evaluate(w, cfg, prices, est, TableLimit::UNLIMITED)
}

/// Evaluate DynamoDB for `w` under table-level `limit`: the per-key ceiling applies first,
/// then whatever the table cannot serve is throttled too.
pub fn evaluate(w: &Workload, cfg: &DynamoConfig, prices: &PriceTable, est: &Estimates, limit: TableLimit) -> DynamoSteady {
    let item = w.item_bytes();
    let storage_partitions = partitions_for(w.table_size_gb, 0.0, 0.0);
    let read = read_shape(w, item, storage_partitions, est);
    let write_units_per_request = match w.query {
        QueryKind::Transaction => transact_write_units(&[item, item]),
        _ => write_units(item),
    };
    // Units that follow key popularity: all of a point read or range query; only the
    // inventory item of a transaction; none of a scan.
    let skewed_write_units = match w.query {
        QueryKind::Transaction => transact_write_units(&[item]),
        _ => write_units_per_request,
    };
    let (reads, writes) = (w.reads_per_s(), w.writes_per_s());
    let read_units_per_s = reads * read.units;
    let write_units_per_s = writes * write_units_per_request;

    let zipf = Zipf::new(w.partition_keys, w.key_skew);
    let skewed_reads = if read.skewed { read_units_per_s } else { 0.0 };
    let skewed_writes = writes * skewed_write_units;
    // Throttled = what is over a key's ceiling + what is over the table's limit, each
    // computed directly (not as offered − served) so that none means exactly zero.
    let served_skewed_reads = zipf.served_under_cap(skewed_reads, DDB_PARTITION_MAX_RCU);
    let key_read_excess = skewed_reads - served_skewed_reads;
    let key_served_reads = (read_units_per_s - skewed_reads) + served_skewed_reads;
    let table_read_excess = (key_served_reads - limit.read_units_per_s.max(0.0)).max(0.0);
    let served_read_units = key_served_reads - table_read_excess;
    let throttled_reads = (key_read_excess + table_read_excess) / read.units;
    // A throttled transaction writes none of its items, the unskewed order item included.
    // As a ratio: exactly `writes` when nothing is capped, and no cancellation when
    // everything is.
    let served_skewed_writes = zipf.served_under_cap(skewed_writes, DDB_PARTITION_MAX_WCU);
    let key_served_writes =
        if skewed_writes > 0.0 { writes * (served_skewed_writes / skewed_writes) } else { writes };
    let key_write_excess = writes - key_served_writes;
    let table_write_excess = (key_served_writes - limit.write_units_per_s.max(0.0) / write_units_per_request).max(0.0);
    let served_writes = key_served_writes - table_write_excess;
    let served_write_units = served_writes * write_units_per_request;
    let throttled_writes = (key_write_excess + table_write_excess).max(0.0);
    let f_read = ratio(throttled_reads, reads);
    let f_write = ratio(throttled_writes, writes);
    let cost = monthly_cost(w, served_read_units, served_write_units, prices, cfg.target_utilisation);

    let attempts = est.sdk_max_attempts.max(1) as i32;
    let error_share =
        ratio(reads * f_read.powi(attempts) + writes * f_write.powi(attempts), w.requests_per_s);
    let mut parts = Vec::new();
    add_with_retries(&mut parts, reads, f_read, read.latency, est);
    add_with_retries(&mut parts, writes, f_write, write_latency(w, item, est), est);

    DynamoSteady {
        served_read_units_per_s: served_read_units,
        served_write_units_per_s: served_write_units,
        read_units_per_request: read.units,
        write_units_per_request,
        read_units_per_s,
        write_units_per_s,
        partitions: partitions_for(w.table_size_gb, read_units_per_s, write_units_per_s),
        hottest_key_share: zipf.hottest_share(),
        hottest_key_read_units_per_s: skewed_reads * zipf.hottest_share(),
        hottest_key_write_units_per_s: skewed_writes * zipf.hottest_share(),
        keys_over_ceiling: zipf
            .keys_over_cap(skewed_reads, DDB_PARTITION_MAX_RCU)
            .max(zipf.keys_over_cap(skewed_writes, DDB_PARTITION_MAX_WCU)),
        throttled_share: ratio(throttled_reads + throttled_writes, w.requests_per_s),
        error_share,
        p50_ms: mixture_quantile(&parts, 0.50),
        p99_ms: mixture_quantile(&parts, 0.99),
        cost,
        above_default_quota: read_units_per_s > DDB_TABLE_QUOTA_UNITS
            || write_units_per_s > DDB_TABLE_QUOTA_UNITS,
    }
}

/// What one read request costs and how long it takes.
struct ReadShape {
    units: f64,
    skewed: bool,
    latency: Dist,
}

fn read_shape(w: &Workload, item: u64, storage_partitions: f64, est: &Estimates) -> ReadShape {
    let kb = item as f64 / 1024.0;
    // Each page after the first is another round trip at the typical (p50) latency.
    let pages_latency = |items: f64, pages: f64| Dist::LogNormal {
        p50_ms: est.ddb_read_p50_ms,
        p99_ms: est.ddb_read_p99_ms,
        shift_ms: items * kb * est.ddb_ms_per_kb + (pages - 1.0) * est.ddb_read_p50_ms,
    };
    match w.query {
        QueryKind::PointRead | QueryKind::Transaction => ReadShape {
            units: read_units(item, w.consistency),
            skewed: true,
            latency: pages_latency(1.0, 1.0),
        },
        QueryKind::RangeQuery => {
            let q = paged_read(w.items_per_query, item, w.consistency);
            ReadShape { units: q.units, skewed: true, latency: pages_latency(w.items_per_query, q.pages) }
        }
        QueryKind::Report => {
            let scan = paged_read(w.rows_per_report, item, w.consistency);
            // A Scan costs at least 0.5 (eventual) or 1 (strong) unit per partition touched.
            let floor = storage_partitions * read_units(1, w.consistency);
            ReadShape {
                units: scan.units.max(floor),
                skewed: false,
                latency: pages_latency(w.rows_per_report, scan.pages),
            }
        }
    }
}

fn write_latency(w: &Workload, item: u64, est: &Estimates) -> Dist {
    let kb = item as f64 / 1024.0;
    match w.query {
        QueryKind::Transaction => Dist::LogNormal {
            p50_ms: est.ddb_transaction_p50_ms,
            p99_ms: est.ddb_transaction_p99_ms,
            shift_ms: 2.0 * kb * est.ddb_ms_per_kb,
        },
        _ => Dist::LogNormal {
            p50_ms: est.ddb_write_p50_ms,
            p99_ms: est.ddb_write_p99_ms,
            shift_ms: kb * est.ddb_ms_per_kb,
        },
    }
}

/// Add a request class of `rate` whose attempts are throttled with probability `f`: attempt
/// `k` succeeds with probability `f^k (1 − f)` after `k` backoffs (mean `base·2^i / 2`).
fn add_with_retries(parts: &mut Vec<(f64, Dist)>, rate: f64, f: f64, base: Dist, est: &Estimates) {
    if rate <= 0.0 {
        return;
    }
    let mut waited_ms = 0.0;
    for k in 0..est.sdk_max_attempts.max(1) {
        let weight = rate * f.powi(k as i32) * (1.0 - f);
        if weight > 0.0 {
            parts.push((weight, shifted(base, waited_ms)));
        }
        waited_ms += est.sdk_base_delay_ms * 2f64.powi(k as i32) / 2.0;
    }
}

fn shifted(d: Dist, extra_ms: f64) -> Dist {
    match d {
        Dist::LogNormal { p50_ms, p99_ms, shift_ms } => {
            Dist::LogNormal { p50_ms, p99_ms, shift_ms: shift_ms + extra_ms }
        }
        Dist::MmcSojourn { queue, service_ms, shift_ms } => {
            Dist::MmcSojourn { queue, service_ms, shift_ms: shift_ms + extra_ms }
        }
        Dist::Fixed { ms } => Dist::Fixed { ms: ms + extra_ms },
    }
}

fn monthly_cost(
    w: &Workload,
    served_read_units: f64,
    served_write_units: f64,
    p: &PriceTable,
    target_utilisation: f64,
) -> DynamoCost {
    let seconds = HOURS_PER_MONTH * 3600.0;
    let on_demand = seconds / 1e6
        * (served_read_units * p.ddb_on_demand_read_per_million.value
            + served_write_units * p.ddb_on_demand_write_per_million.value);
    let provisioned = HOURS_PER_MONTH
        * (provisioned_units(served_read_units, target_utilisation) * p.ddb_provisioned_rcu_hour.value
            + provisioned_units(served_write_units, target_utilisation) * p.ddb_provisioned_wcu_hour.value);
    let storage = (w.table_size_gb - DDB_FREE_STORAGE_GB).max(0.0) * p.ddb_storage_gb_month.value;
    DynamoCost { on_demand_usd: on_demand, provisioned_usd: provisioned, storage_usd: storage }
}

/// Whole capacity units that keep `consumed` at the target utilisation. The relative guard
/// keeps float noise on an exact integer (11,781,000 / 0.7) from adding a unit.
pub fn provisioned_units(consumed: f64, target_utilisation: f64) -> f64 {
    (consumed / target_utilisation * (1.0 - 1e-12)).ceil().max(0.0)
}

fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        (part / whole).clamp(0.0, 1.0)
    } else {
        0.0
    }
}
