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
//!   write unit per item write unit in every replica Region. A write succeeds only if every
//!   index can take it (A7, DOC: GSI back-pressure), so an index short of write capacity
//!   throttles the base table's writes.
//! * **Retries** (A10): a throttled attempt is retried by the SDK with backoff. Retries add
//!   attempts (CloudWatch's throttle events) and latency, never capacity: with `k` attempts
//!   and a share φ of requests above a limit, φ still fails and each attempt is throttled
//!   with probability `φ^(1/k)`.
//! * **Cost** ([`cost`]) and **latency** (`latency`): see those modules.

pub mod config;
mod cost;
mod latency;
mod units;

pub use config::{CapacityMode, DynamoConfig, TableClass};
pub use cost::{free_units, provisioned_units, stored_gb, unit_prices, DynamoCost, UnitPrices};
pub use units::*;

use crate::model::estimates::Estimates;
use crate::model::facts::*;
use crate::model::latency::{p50_p99_near, Dist};
use std::cell::{Cell, RefCell};
use crate::model::regions::RegionPlan;
use crate::model::billing::Billing;
use crate::model::prices::PriceTable;
use crate::model::workload::{QueryKind, Workload};
use crate::model::zipf::Zipf;
use cost::BilledUnits;
use latency::{dax_hit, read_shape, shifted, throttle_events_per_request, write_latency};
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
    /// Requests per second lost, by where they hit a limit (each request counted once).
    pub lost: DynamoLoss,
    /// Share of requests that fail after every SDK attempt: the headline "failed". A limit is
    /// a limit however often a client retries, so this is the demand above it.
    pub failed_share: f64,
    /// Share of first attempts that are throttled (a failed request was throttled on every
    /// attempt; a served one may have needed retries).
    pub first_attempt_throttled_share: f64,
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

/// Requests per second that could not be served, by the limit they hit. A request is counted
/// under the first limit on its way: its key's partition, then the table, then an index (a
/// write throttled by both the table and an index is one throttled request, as CloudWatch's
/// ThrottledRequests counts it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct DynamoLoss {
    /// Reads of keys asking for more than a partition's 3,000 read units per second.
    pub reads_key_range: f64,
    /// Reads above the table's capacity in force (provisioned + burst, on-demand's instant
    /// capacity, the quota or the maximum throughput: the caller knows which).
    pub reads_table: f64,
    pub writes_key_range: f64,
    pub writes_table: f64,
    /// Writes the table could take but one of its indexes could not (GSI back-pressure).
    pub writes_index: f64,
    /// MRSC: writes rejected on every attempt because another Region wrote the same item
    /// (`ReplicatedWriteConflictException`).
    pub writes_conflict: f64,
}

impl DynamoLoss {
    pub fn total(&self) -> f64 {
        self.reads_key_range + self.reads_table + self.writes_key_range + self.writes_table + self.writes_index + self.writes_conflict
    }
}

/// Read and write units per second the table (and each of its indexes) can serve right now:
/// on-demand's current capacity, or provisioned capacity plus burst. Unlimited in the steady
/// state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TableLimit {
    pub read_units_per_s: f64,
    pub write_units_per_s: f64,
    /// Write units per second each global secondary index can take.
    pub index_write_units_per_s: f64,
}

impl TableLimit {
    pub const UNLIMITED: TableLimit =
        TableLimit { read_units_per_s: f64::INFINITY, write_units_per_s: f64::INFINITY, index_write_units_per_s: f64::INFINITY };
}

/// Evaluate DynamoDB for `w` once capacity has caught up (steady state).
pub fn steady(w: &Workload, cfg: &DynamoConfig, prices: &PriceTable, est: &Estimates) -> DynamoSteady {
    evaluate(w, cfg, prices, est, TableLimit::UNLIMITED)
}

/// Evaluate DynamoDB for `w` under table-level `limit`: DAX first, then the per-key ceiling,
/// then whatever the table or an index cannot serve is throttled too.
pub fn evaluate(w: &Workload, cfg: &DynamoConfig, prices: &PriceTable, est: &Estimates, limit: TableLimit) -> DynamoSteady {
    let model = DynamoModel::new(w, cfg, prices, est);
    let demand = model.demand(w.requests_per_s);
    let shortfall = model.shortfall(&demand, limit);
    model.outcome(&demand, &shortfall)
}

/// What reaches the table at one request rate, after DAX and each key's partition ceiling.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DynamoDemand {
    pub requests_per_s: f64,
    pub reads_per_s: f64,
    pub writes_per_s: f64,
    /// Reads that reach the table (DAX misses and uncacheable reads).
    pub table_reads_per_s: f64,
    /// Read units offered to the table, and those of them past each key's ceiling.
    pub read_units_per_s: f64,
    pub key_served_read_units_per_s: f64,
    /// Writes past each key's ceiling (a throttled transaction writes none of its items).
    pub key_served_writes_per_s: f64,
    all_read_units_per_s: f64,
    skewed_write_units_per_s: f64,
}

/// What the table and its indexes could not serve beyond the key ceilings, per second.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Shortfall {
    /// Read units above the table's read capacity.
    pub read_units_per_s: f64,
    /// Writes above the table's write capacity.
    pub writes_per_s: f64,
    /// Writes within the table's capacity that an index could not take.
    pub index_writes_per_s: f64,
}

/// DynamoDB for one workload shape and configuration: everything that does not depend on the
/// request rate, computed once. The time-stepped engine keeps one and asks it for each
/// step's rate; [`evaluate`] builds one for a single answer.
pub struct DynamoModel {
    w: Workload,
    cfg: DynamoConfig,
    prices: PriceTable,
    billing: Billing,
    read_units: f64,
    read_skewed: bool,
    read_latency: Dist,
    write_latency: Dist,
    dax_latency: Dist,
    write_units_per_request: f64,
    /// Write units per request that follow key popularity (all of a put; only the inventory
    /// item of a transaction).
    skewed_write_units: f64,
    zipf: Zipf,
    dax_share: f64,
    cached_keys: f64,
    /// Write units one served write puts into each index in this Region, and into all
    /// indexes in every Region together.
    units_per_index_per_write: f64,
    index_units_per_write: f64,
    replicated_units_per_write: f64,
    attempts: u32,
    retry_delays_ms: [f64; MAX_ATTEMPTS],
    stored_gb: f64,
    /// The last latency answer, keyed by the per-attempt throttle probabilities it was
    /// computed for: with no throttling it never changes from step to step.
    latency_memo: Cell<Option<([u64; 2], (f64, f64))>>,
    /// The last p50 and p99 found: the next search starts there (throttling moves a little
    /// from step to step), instead of bracketing from scratch.
    last_quantiles: Cell<(f64, f64)>,
    /// Regions: remote clients' latency, MRSC conflicts, cross-Region transfer (absent: one
    /// Region, nothing added).
    regions: Option<RegionPlan>,
    /// The latency mixture, reused so a step allocates nothing.
    parts: RefCell<Vec<(f64, Dist)>>,
}

/// Upper bound on SDK attempts (the estimate is validated to at most 10).
const MAX_ATTEMPTS: usize = 10;

impl DynamoModel {
    /// Forget the last answer and the search's starting point, so the next answer is the
    /// one a model just built gives (to the last digit), whatever was asked before.
    pub(crate) fn start_afresh(&self) {
        self.latency_memo.set(None);
        self.last_quantiles.set((0.0, 0.0));
    }

    pub fn new(w: &Workload, cfg: &DynamoConfig, prices: &PriceTable, est: &Estimates) -> Self {
        let item = w.item_bytes();
        let storage_partitions = partitions_for(w.table_size_gb, 0.0, 0.0);
        let read = read_shape(w, item, storage_partitions, est);
        let item_write_units = write_units(item);
        let write_units_per_request = match w.query {
            QueryKind::Transaction => transact_write_units(&[item, item]),
            _ => item_write_units,
        };
        let skewed_write_units = match w.query {
            QueryKind::Transaction => transact_write_units(&[item]),
            _ => write_units_per_request,
        };
        let zipf = Zipf::new(w.partition_keys, w.key_skew);
        // DAX keeps the most popular keys: the table sees reads of the keys beyond them.
        let dax_share = if cfg.dax_nodes > 0 && read.cacheable { cfg.dax_hit_ratio } else { 0.0 };
        let cached_keys = if dax_share > 0.0 { zipf.keys_for_share(dax_share) } else { 0.0 };
        let projected = (item as f64 * cfg.index_projected_share).round() as u64;
        let items_per_write = if w.query == QueryKind::Transaction { 2.0 } else { 1.0 };
        let units_per_index_per_write = if cfg.global_secondary_indexes > 0 {
            index_write_units(projected, cfg.index_key_change_share) * items_per_write
        } else {
            0.0
        };
        let regions = 1.0 + f64::from(cfg.replica_regions);
        let attempts = est.sdk_max_attempts.clamp(1, MAX_ATTEMPTS as u32);
        // Full jitter: the mean wait before retry k is base·2^k / 2.
        let mut retry_delays_ms = [0.0; MAX_ATTEMPTS];
        let mut waited_ms = 0.0;
        for (k, slot) in retry_delays_ms.iter_mut().enumerate() {
            *slot = waited_ms;
            waited_ms += est.sdk_base_delay_ms * 2f64.powi(k as i32) / 2.0;
        }
        let read_latency = if dax_share > 0.0 { shifted(read.latency, est.dax_miss_extra_ms) } else { read.latency };
        DynamoModel {
            read_units: read.units,
            read_skewed: read.skewed,
            read_latency,
            write_latency: write_latency(w, item, est),
            dax_latency: dax_hit(est),
            write_units_per_request,
            skewed_write_units,
            zipf,
            dax_share,
            cached_keys,
            units_per_index_per_write,
            index_units_per_write: units_per_index_per_write * f64::from(cfg.global_secondary_indexes) * regions,
            replicated_units_per_write: replicated_write_units(item_write_units * items_per_write, cfg.replica_regions),
            attempts,
            retry_delays_ms,
            stored_gb: stored_gb(w, cfg),
            latency_memo: Cell::new(None),
            last_quantiles: Cell::new((0.0, 0.0)),
            regions: None,
            parts: RefCell::new(Vec::with_capacity(4 * MAX_ATTEMPTS + 2)),
            w: w.clone(),
            cfg: cfg.clone(),
            prices: prices.clone(),
            billing: Billing::default(),
        }
    }

    /// The same model with the scenario's Regions: remote clients' latency, MRSC write
    /// conflicts and cross-Region transfer.
    pub fn with_regions(mut self, regions: RegionPlan) -> Self {
        self.regions = Some(regions);
        self
    }

    /// The same model with the scenario's backups, transfer and free tier.
    pub fn with_billing(mut self, billing: &Billing) -> Self {
        self.billing = billing.clone();
        self
    }

    /// The backups, transfer and free tier it bills.
    pub fn billing(&self) -> &Billing {
        &self.billing
    }

    /// Write units one served write puts into each global secondary index (0 without any).
    pub fn units_per_index_per_write(&self) -> f64 {
        self.units_per_index_per_write
    }

    /// Read units one table read costs, and write units one write costs at the table.
    pub fn units_per_request(&self) -> (f64, f64) {
        (self.read_units, self.write_units_per_request)
    }

    /// Write units one write puts into the indexes and the replica Regions once it commits:
    /// a cancelled transaction puts none.
    pub fn units_on_commit_per_write(&self) -> f64 {
        self.index_units_per_write + self.replicated_units_per_write
    }

    /// SDK attempts per request.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// What reaches the table at `requests_per_s`, after DAX and the per-key ceiling.
    pub fn demand(&self, requests_per_s: f64) -> DynamoDemand {
        let rate = requests_per_s.max(0.0);
        self.demand_rw(rate * self.w.read_share, rate * (1.0 - self.w.read_share))
    }

    /// [`DynamoModel::demand`] for `reads_per_s` and `writes_per_s` (a fault can take more of
    /// one than of the other).
    pub fn demand_rw(&self, reads_per_s: f64, writes_per_s: f64) -> DynamoDemand {
        let (reads, writes) = (reads_per_s.max(0.0), writes_per_s.max(0.0));
        let rate = reads + writes;
        let table_reads = reads * (1.0 - self.dax_share);
        let read_units = table_reads * self.read_units;
        let all_read_units = reads * self.read_units;
        let key_served_read_units = if self.read_skewed {
            let served = self.zipf.served_under_cap_beyond(all_read_units, DDB_PARTITION_MAX_RCU, self.cached_keys);
            served.min(read_units)
        } else {
            read_units
        };
        // As a ratio: exactly `writes` when nothing is capped, and no cancellation when
        // everything is.
        let skewed_write_units = writes * self.skewed_write_units;
        let served_skewed = self.zipf.served_under_cap(skewed_write_units, DDB_PARTITION_MAX_WCU);
        let key_served_writes = if skewed_write_units > 0.0 { writes * (served_skewed / skewed_write_units) } else { writes };
        DynamoDemand {
            requests_per_s: rate,
            reads_per_s: reads,
            writes_per_s: writes,
            table_reads_per_s: table_reads,
            read_units_per_s: read_units,
            key_served_read_units_per_s: key_served_read_units,
            key_served_writes_per_s: key_served_writes,
            all_read_units_per_s: all_read_units,
            skewed_write_units_per_s: skewed_write_units,
        }
    }

    /// What `limit` leaves unserved of `d` (beyond the key ceilings).
    pub fn shortfall(&self, d: &DynamoDemand, limit: TableLimit) -> Shortfall {
        let read_units_per_s = (d.key_served_read_units_per_s - limit.read_units_per_s.max(0.0)).max(0.0);
        let writes_per_s = (d.key_served_writes_per_s - limit.write_units_per_s.max(0.0) / self.write_units_per_request).max(0.0);
        let index_writes_per_s = if self.units_per_index_per_write > 0.0 {
            let table_served = d.key_served_writes_per_s - writes_per_s;
            (table_served - limit.index_write_units_per_s.max(0.0) / self.units_per_index_per_write).max(0.0)
        } else {
            0.0
        };
        Shortfall { read_units_per_s, writes_per_s, index_writes_per_s }
    }

    /// Everything about `d` once `short` of it could not be served: losses by cause, retries,
    /// latency, cost.
    pub fn outcome(&self, d: &DynamoDemand, short: &Shortfall) -> DynamoSteady {
        let lost = DynamoLoss {
            reads_key_range: (d.read_units_per_s - d.key_served_read_units_per_s).max(0.0) / self.read_units,
            reads_table: short.read_units_per_s / self.read_units,
            writes_key_range: (d.writes_per_s - d.key_served_writes_per_s).max(0.0),
            writes_table: short.writes_per_s,
            writes_index: short.index_writes_per_s,
            // MRSC: of the writes that got through, those another Region was writing fail on
            // every attempt (retries conflict independently).
            writes_conflict: (d.key_served_writes_per_s - short.writes_per_s - short.index_writes_per_s).max(0.0)
                * self.regions.as_ref().map_or(0.0, |r| r.conflict_failed_share(d.writes_per_s)),
        };
        // What was served, computed from what passed each limit rather than as offered − lost,
        // which cancels badly when almost everything is lost.
        let served_read_units = (d.key_served_read_units_per_s - short.read_units_per_s).max(0.0);
        let served_writes = (d.key_served_writes_per_s - short.writes_per_s - short.index_writes_per_s).max(0.0) - lost.writes_conflict;
        let served_write_units = served_writes * self.write_units_per_request;
        let (failed_reads, failed_writes) = Self::failed(d, &lost);
        // A request that fails was throttled on every attempt, and retries compete for the same
        // capacity: with a failed share φ after k attempts, each attempt is throttled with
        // probability p = φ^(1/k) (then 1 − p^k = what was served, as capacity allows).
        let (p_read, p_write) = self.attempt_throttle(d, failed_reads, failed_writes);
        let index_write_units_per_s = served_writes * self.index_units_per_write;
        let replicated_write_units_per_s = served_writes * self.replicated_units_per_write;
        let billed = BilledUnits {
            read_units_per_s: served_read_units,
            write_units_per_s: served_write_units + index_write_units_per_s + replicated_write_units_per_s,
        };
        // Every read served leaves with its bytes, DAX hits too.
        let mut cost = cost::monthly_cost(&self.w, &self.cfg, &billed, (d.reads_per_s - failed_reads).max(0.0), &self.prices, &self.billing);
        if let Some(regions) = &self.regions {
            cost.transfer_usd += regions.transfer(served_read_units / self.read_units, served_writes).0.usd_per_month;
        }
        let (p50_ms, p99_ms) = self.latency(p_read, p_write);
        let (quota_reads, quota_writes) = self.cfg.ceiling();
        let write_units_per_s = d.writes_per_s * self.write_units_per_request;
        DynamoSteady {
            read_units_per_request: self.read_units,
            write_units_per_request: self.write_units_per_request,
            read_units_per_s: d.read_units_per_s,
            write_units_per_s,
            served_read_units_per_s: served_read_units,
            served_write_units_per_s: served_write_units,
            index_write_units_per_s,
            replicated_write_units_per_s,
            dax_hit_share: self.dax_share,
            partitions: partitions_for(self.w.table_size_gb, d.read_units_per_s, write_units_per_s),
            hottest_key_share: self.zipf.hottest_share(),
            hottest_key_read_units_per_s: if self.read_skewed { d.all_read_units_per_s * self.zipf.hottest_share() } else { 0.0 },
            hottest_key_write_units_per_s: d.skewed_write_units_per_s * self.zipf.hottest_share(),
            keys_over_ceiling: self
                .zipf
                .keys_over_cap(if self.read_skewed { d.all_read_units_per_s } else { 0.0 }, DDB_PARTITION_MAX_RCU)
                .max(self.zipf.keys_over_cap(d.skewed_write_units_per_s, DDB_PARTITION_MAX_WCU)),
            lost,
            failed_share: ratio(failed_reads + failed_writes, d.requests_per_s),
            first_attempt_throttled_share: ratio(d.table_reads_per_s * p_read + d.writes_per_s * p_write, d.requests_per_s),
            read_throttle_events_per_s: d.table_reads_per_s * throttle_events_per_request(p_read, self.attempts),
            write_throttle_events_per_s: d.writes_per_s * throttle_events_per_request(p_write, self.attempts),
            p50_ms,
            p99_ms,
            stored_gb: self.stored_gb,
            cost,
            above_default_quota: d.read_units_per_s > quota_reads || write_units_per_s > quota_writes,
        }
    }

    /// Requests per second failing, `(reads, writes)`.
    fn failed(d: &DynamoDemand, lost: &DynamoLoss) -> (f64, f64) {
        ((lost.reads_key_range + lost.reads_table).min(d.table_reads_per_s), (lost.writes_key_range + lost.writes_table + lost.writes_index + lost.writes_conflict).min(d.writes_per_s))
    }

    /// Probability that a read / write attempt is rejected when these many fail: a limit's
    /// share comes back as φ^(1/k) per attempt; an MRSC conflict is its own chance per
    /// attempt (retries conflict independently).
    fn attempt_throttle(&self, d: &DynamoDemand, failed_reads: f64, failed_writes: f64) -> (f64, f64) {
        let k = f64::from(self.attempts);
        // 0^x is 0 and 1 - (1 - 0)(1 - 0) is 0: nothing failing needs no powf (the usual step).
        let root = |x: f64| if x == 0.0 { 0.0 } else { x.powf(1.0 / k) };
        let conflict = self.regions.as_ref().map_or(0.0, |r| r.conflict_share(d.writes_per_s));
        let conflict_failed = if conflict == 0.0 { 0.0 } else { conflict.powf(k) };
        let capacity_writes = (ratio(failed_writes, d.writes_per_s) - conflict_failed).max(0.0);
        let p_write = 1.0 - (1.0 - root(capacity_writes)) * (1.0 - conflict);
        (root(ratio(failed_reads, d.table_reads_per_s)), p_write)
    }

    /// p50 and p99 of `d` when `short` of it is not served (see [`DynamoModel::outcome`]).
    pub fn latency_under(&self, d: &DynamoDemand, short: &Shortfall) -> (f64, f64) {
        let lost = DynamoLoss {
            reads_key_range: (d.read_units_per_s - d.key_served_read_units_per_s).max(0.0) / self.read_units,
            reads_table: short.read_units_per_s / self.read_units,
            writes_key_range: (d.writes_per_s - d.key_served_writes_per_s).max(0.0),
            writes_table: short.writes_per_s,
            writes_index: short.index_writes_per_s,
            writes_conflict: 0.0,
        };
        let (failed_reads, failed_writes) = Self::failed(d, &lost);
        let (p_read, p_write) = self.attempt_throttle(d, failed_reads, failed_writes);
        self.latency(p_read, p_write)
    }

    /// p50 and p99 when each read and write attempt is throttled with probability `p_read`,
    /// `p_write`. The mixture is weighted by shares of requests, not rates, so the answer
    /// does not depend on the request rate and can be reused from step to step.
    fn latency(&self, p_read: f64, p_write: f64) -> (f64, f64) {
        let key = [p_read.to_bits(), p_write.to_bits()];
        if let Some((k, answer)) = self.latency_memo.get() {
            if k == key {
                return answer;
            }
        }
        let read_share = self.w.read_share;
        let mut parts = self.parts.borrow_mut();
        parts.clear();
        if self.dax_share > 0.0 {
            parts.push((read_share * self.dax_share, self.dax_latency));
        }
        let mut reads_end = 0;
        for (share, p, base) in [
            (read_share * (1.0 - self.dax_share), p_read, self.read_latency),
            (1.0 - read_share, p_write, self.write_latency),
        ] {
            if share > 0.0 {
                // Attempt j + 1 succeeds with probability p^j (1 − p), after j backoffs.
                for j in 0..self.attempts as usize {
                    let weight = share * p.powi(j as i32) * (1.0 - p);
                    if weight > 0.0 {
                        parts.push((weight, shifted(base, self.retry_delays_ms[j])));
                    }
                }
            }
            // The reads (DAX hits included) come first.
            if reads_end == 0 {
                reads_end = parts.len();
            }
        }
        if let Some(regions) = &self.regions {
            regions.fold_into(crate::model::database::Database::Dynamodb, &mut parts, reads_end);
        }
        let n = parts.len();
        let answer = p50_p99_near(&parts[..n], &self.last_quantiles);
        drop(parts);
        self.latency_memo.set(Some((key, answer)));
        answer
    }
}

fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        (part / whole).clamp(0.0, 1.0)
    } else {
        0.0
    }
}
