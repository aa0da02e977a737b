//! DynamoDB at a given request rate, under whatever table-level capacity is in force.
//!
//! * **Capacity units** ([`units`], facts sheet A1–A2, DOC): a read costs `ceil(bytes/4 KB)`
//!   units strongly consistent, half that eventually consistent; a write `ceil(bytes/1 KB)`;
//!   transactions ×2; Query sums then rounds per 1 MB page; Scan by 1 MB page (128 / 256
//!   units) and at least ½ / 1 unit per partition touched.
//! * **Hot keys** (A3, DOC): adaptive capacity isolates a hot item on its own partition, but
//!   one partition, and so one partition-key value, never serves more than 3,000 read or
//!   1,000 write units per second. With Zipf popularity the units above that ceiling, summed
//!   over all keys, are throttled, whatever the table's capacity. Scans are not skewed; in a
//!   transaction only the inventory item is.
//! * **Table capacity**: what passes the per-key ceiling is then limited by the table's
//!   capacity in force ([`TableLimit`]: on-demand's current capacity, or provisioned plus
//!   burst; see `sim::dynamo_capacity`). Unlimited in the steady state.
//! * **DAX** (A9): it answers a share of eventually consistent key reads from cache, those of
//!   the most popular keys, so the table sees only the tail; strongly consistent reads and
//!   Scans bypass it.
//! * **Indexes and global tables** (A7, A8): each write also writes every GSI
//!   (`ceil((projected + 100 B)/1 KB)`, ×2 when the indexed key changes) and one replicated
//!   write unit per item write unit in every replica Region. These are billed; their own
//!   throttling (GSI back-pressure) is not modelled.
//! * **Cost** ([`cost`]) and **latency** (`latency`): see those modules.

mod config;
mod cost;
mod latency;
mod units;

pub use config::{CapacityMode, DynamoConfig, TableClass};
pub use cost::{provisioned_units, stored_gb, unit_prices, DynamoCost, UnitPrices};
pub use units::*;

use crate::model::estimates::Estimates;
use crate::model::facts::*;
use crate::model::latency::mixture_quantile;
use crate::model::prices::PriceTable;
use crate::model::workload::{QueryKind, Workload};
use crate::model::zipf::Zipf;
use cost::BilledUnits;
use latency::{add_with_retries, dax_hit, read_shape, shifted, throttle_events_per_request, write_latency};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DynamoSteady {
    /// Read units one read request costs at the table.
    pub read_units_per_request: f64,
    /// Write units one write request costs at the table (not counting indexes or replicas).
    pub write_units_per_request: f64,
    /// Read and write units per second offered to the table (after DAX).
    pub read_units_per_s: f64,
    pub write_units_per_s: f64,
    /// Units per second the table actually served (consumed).
    pub served_read_units_per_s: f64,
    pub served_write_units_per_s: f64,
    /// Write units per second into global secondary indexes (all Regions).
    pub index_write_units_per_s: f64,
    /// Replicated write units per second into replica Regions.
    pub replicated_write_units_per_s: f64,
    /// Share of reads DAX answered from cache.
    pub dax_hit_share: f64,
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
    /// Throttled attempts per second, as CloudWatch's ReadThrottleEvents / WriteThrottleEvents
    /// count them (retries included).
    pub read_throttle_events_per_s: f64,
    pub write_throttle_events_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Table, indexes and replicas, GB.
    pub stored_gb: f64,
    pub cost: DynamoCost,
    /// Offered units exceed the table quota (adjustable on request: a warning in the steady
    /// state; the time-stepped engine enforces it).
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
    pub const UNLIMITED: TableLimit = TableLimit { read_units_per_s: f64::INFINITY, write_units_per_s: f64::INFINITY };
}

/// Evaluate DynamoDB for `w` once capacity has caught up (steady state).
pub fn steady(w: &Workload, cfg: &DynamoConfig, prices: &PriceTable, est: &Estimates) -> DynamoSteady {
    evaluate(w, cfg, prices, est, TableLimit::UNLIMITED)
}

/// Evaluate DynamoDB for `w` under table-level `limit`: DAX first, then the per-key ceiling,
/// then whatever the table cannot serve is throttled too.
pub fn evaluate(w: &Workload, cfg: &DynamoConfig, prices: &PriceTable, est: &Estimates, limit: TableLimit) -> DynamoSteady {
    let item = w.item_bytes();
    let storage_partitions = partitions_for(w.table_size_gb, 0.0, 0.0);
    let read = read_shape(w, item, storage_partitions, est);
    let item_write_units = write_units(item);
    let write_units_per_request = match w.query {
        QueryKind::Transaction => transact_write_units(&[item, item]),
        _ => item_write_units,
    };
    // Units that follow key popularity: all of a point read or range query; only the
    // inventory item of a transaction; none of a scan.
    let skewed_write_units = match w.query {
        QueryKind::Transaction => transact_write_units(&[item]),
        _ => write_units_per_request,
    };
    let (reads, writes) = (w.reads_per_s(), w.writes_per_s());
    let zipf = Zipf::new(w.partition_keys, w.key_skew);

    // DAX keeps the most popular keys: the table sees reads of the keys beyond them.
    let dax_share = if cfg.dax_nodes > 0 && read.cacheable { cfg.dax_hit_ratio } else { 0.0 };
    let cached_keys = if dax_share > 0.0 { zipf.keys_for_share(dax_share) } else { 0.0 };
    let table_reads = reads * (1.0 - dax_share);
    let read_units_per_s = table_reads * read.units;
    let all_read_units = reads * read.units;

    // Throttled = what is over a key's ceiling + what is over the table's limit, each
    // computed directly (not as offered − served) so that none means exactly zero.
    let (skewed_reads, served_skewed_reads) = if read.skewed {
        let served = zipf.served_under_cap_beyond(all_read_units, DDB_PARTITION_MAX_RCU, cached_keys);
        (read_units_per_s, served.min(read_units_per_s))
    } else {
        (0.0, 0.0)
    };
    let key_read_excess = (skewed_reads - served_skewed_reads).max(0.0);
    let key_served_reads = (read_units_per_s - skewed_reads) + served_skewed_reads;
    let table_read_excess = (key_served_reads - limit.read_units_per_s.max(0.0)).max(0.0);
    let served_read_units = key_served_reads - table_read_excess;
    let throttled_reads = (key_read_excess + table_read_excess) / read.units;
    // A throttled transaction writes none of its items, the unskewed order item included.
    // As a ratio: exactly `writes` when nothing is capped, and no cancellation when
    // everything is.
    let skewed_writes = writes * skewed_write_units;
    let served_skewed_writes = zipf.served_under_cap(skewed_writes, DDB_PARTITION_MAX_WCU);
    let key_served_writes = if skewed_writes > 0.0 { writes * (served_skewed_writes / skewed_writes) } else { writes };
    let key_write_excess = writes - key_served_writes;
    let table_write_excess = (key_served_writes - limit.write_units_per_s.max(0.0) / write_units_per_request).max(0.0);
    let served_writes = key_served_writes - table_write_excess;
    let served_write_units = served_writes * write_units_per_request;
    let throttled_writes = (key_write_excess + table_write_excess).max(0.0);
    let f_read = ratio(throttled_reads, table_reads);
    let f_write = ratio(throttled_writes, writes);

    // Indexes (in every Region) and replicas are written for every write that succeeds.
    let projected = (item as f64 * cfg.index_projected_share).round() as u64;
    let index_units_per_write = f64::from(cfg.global_secondary_indexes)
        * index_write_units(projected, cfg.index_key_change_share)
        * if w.query == QueryKind::Transaction { 2.0 } else { 1.0 };
    let regions = 1.0 + f64::from(cfg.replica_regions);
    let items_per_write = if w.query == QueryKind::Transaction { 2.0 } else { 1.0 };
    let index_write_units_per_s = served_writes * index_units_per_write * regions;
    let replicated_write_units_per_s =
        served_writes * replicated_write_units(item_write_units * items_per_write, cfg.replica_regions);
    let billed = BilledUnits {
        read_units_per_s: served_read_units,
        write_units_per_s: served_write_units + index_write_units_per_s + replicated_write_units_per_s,
    };
    let cost = cost::monthly_cost(w, cfg, &billed, prices);

    let attempts = est.sdk_max_attempts.max(1);
    let error_share = ratio(table_reads * f_read.powi(attempts as i32) + writes * f_write.powi(attempts as i32), w.requests_per_s);
    let mut parts = Vec::new();
    if dax_share > 0.0 {
        parts.push((reads * dax_share, dax_hit(est)));
        add_with_retries(&mut parts, table_reads, f_read, shifted(read.latency, est.dax_miss_extra_ms), est);
    } else {
        add_with_retries(&mut parts, table_reads, f_read, read.latency, est);
    }
    add_with_retries(&mut parts, writes, f_write, write_latency(w, item, est), est);
    let (quota_reads, quota_writes) = cfg.ceiling();

    DynamoSteady {
        read_units_per_request: read.units,
        write_units_per_request,
        read_units_per_s,
        write_units_per_s: writes * write_units_per_request,
        served_read_units_per_s: served_read_units,
        served_write_units_per_s: served_write_units,
        index_write_units_per_s,
        replicated_write_units_per_s,
        dax_hit_share: dax_share,
        partitions: partitions_for(w.table_size_gb, read_units_per_s, writes * write_units_per_request),
        hottest_key_share: zipf.hottest_share(),
        hottest_key_read_units_per_s: if read.skewed { all_read_units * zipf.hottest_share() } else { 0.0 },
        hottest_key_write_units_per_s: skewed_writes * zipf.hottest_share(),
        keys_over_ceiling: zipf
            .keys_over_cap(if read.skewed { all_read_units } else { 0.0 }, DDB_PARTITION_MAX_RCU)
            .max(zipf.keys_over_cap(skewed_writes, DDB_PARTITION_MAX_WCU)),
        throttled_share: ratio(throttled_reads + throttled_writes, w.requests_per_s),
        error_share,
        read_throttle_events_per_s: table_reads * throttle_events_per_request(f_read, attempts),
        write_throttle_events_per_s: writes * throttle_events_per_request(f_write, attempts),
        p50_ms: mixture_quantile(&parts, 0.50),
        p99_ms: mixture_quantile(&parts, 0.99),
        stored_gb: stored_gb(w, cfg),
        cost,
        above_default_quota: read_units_per_s > quota_reads || writes * write_units_per_request > quota_writes,
    }
}

fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        (part / whole).clamp(0.0, 1.0)
    } else {
        0.0
    }
}
