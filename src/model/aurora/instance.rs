//! One instance: its load per query class, its capacity (Serverless v2 ACU or a provisioned
//! class), buffer cache, storage I/O and M/M/c+D latency. See the parent module for the
//! model and its sources.

use super::config::AuroraConfig;
use crate::model::estimates::Estimates;
use crate::model::facts::*;
use crate::model::latency::Dist;
use crate::model::queueing::Mmc;
use crate::model::workload::{QueryKind, Workload};
use crate::model::zipf::Zipf;
use serde::Serialize;

/// What an instance has to work with.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Size {
    /// Serverless v2 capacity; for a provisioned class, its memory ÷ 2 GiB (for comparison).
    pub acu: f64,
    pub vcpu: f64,
    pub memory_gib: f64,
}

impl Size {
    pub fn serverless(acu: f64, est: &Estimates) -> Size {
        Size { acu, vcpu: acu * est.aurora_vcpu_per_acu, memory_gib: acu * AURORA_GIB_PER_ACU }
    }
}

/// Load and capacity of one instance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InstanceLoad {
    pub acu: f64,
    pub vcpu: f64,
    /// CPU demand ÷ CPU available (above 1 = overloaded).
    pub utilisation: f64,
    pub cache_hit_ratio: f64,
    /// Requests per second this instance receives.
    pub requests_per_s: f64,
}

/// Per-request CPU, pages and log of the read and the write class.
pub(crate) struct Classes {
    pub read_cpu_ms: f64,
    pub write_cpu_ms: f64,
    /// Pages a read touches before the cache, and whether reads follow key popularity.
    pub read_pages: f64,
    pub read_skewed: bool,
    pub write_log_bytes: f64,
    /// Pages a write must have in cache (the rows it updates).
    pub write_pages: f64,
}

pub(crate) fn classes(w: &Workload, cfg: &AuroraConfig, est: &Estimates) -> Classes {
    let item = w.item_bytes() as f64;
    let page = cfg.engine.page_bytes() as f64;
    let row_log = item + est.aurora_log_overhead_bytes;
    let (read_cpu_ms, read_pages, read_skewed) = match w.query {
        QueryKind::PointRead | QueryKind::Transaction => (est.aurora_point_read_cpu_ms, 1.0, true),
        QueryKind::RangeQuery => (
            est.aurora_range_base_cpu_ms + est.aurora_range_row_cpu_ms * w.items_per_query,
            (w.items_per_query * item / page).ceil().max(1.0),
            true,
        ),
        QueryKind::Report => (
            est.aurora_report_base_cpu_ms + est.aurora_report_row_cpu_ms * w.rows_per_report,
            (w.rows_per_report * item / page).max(1.0),
            false,
        ),
    };
    let (write_cpu_ms, write_log_bytes) = match w.query {
        // Insert the order, update the product's stock, commit.
        QueryKind::Transaction => (est.aurora_transaction_cpu_ms, 2.0 * row_log),
        _ => (est.aurora_write_cpu_ms, row_log),
    };
    Classes { read_cpu_ms, write_cpu_ms, read_pages, read_skewed, write_log_bytes, write_pages: 1.0 }
}

/// A need within this many grid steps of a step is on it: 3,000 req/s of a preset needs
/// exactly 6 ACU at the target, and rounding noise must not make that 6.5 at one instant of
/// a run and 6 at the next.
const ON_GRID_STEPS: f64 = 1e-9;

/// Smallest ACU on the 0.5 grid that keeps `demand_vcpu` at the target, within [min, max].
pub fn settled_acu(demand_vcpu: f64, cfg: &AuroraConfig, est: &Estimates) -> f64 {
    let floor = if demand_vcpu > 0.0 { cfg.min_acu.max(AURORA_ACU_STEP) } else { cfg.min_acu };
    let needed = demand_vcpu / (est.aurora_target_utilisation * est.aurora_vcpu_per_acu);
    let on_grid = (needed / AURORA_ACU_STEP - ON_GRID_STEPS).ceil() * AURORA_ACU_STEP;
    on_grid.clamp(floor, cfg.max_acu.max(floor))
}

/// The need, vCPU, at which [`settled_acu`] (before its min/max clamp) leaves `acu`: above
/// it going `up`, at or below it going down.
pub(crate) fn need_leaving_acu(acu: f64, up: bool, est: &Estimates) -> f64 {
    let steps = acu / AURORA_ACU_STEP + if up { 0.0 } else { -1.0 };
    (steps + ON_GRID_STEPS) * (AURORA_ACU_STEP * est.aurora_target_utilisation * est.aurora_vcpu_per_acu)
}

/// One instance's traffic, requests per second; `cached_keys` most popular keys' reads are
/// answered before they reach it (ElastiCache).
pub(crate) struct Traffic {
    pub reads: f64,
    pub writes: f64,
    pub cached_keys: f64,
}

pub(crate) struct InstanceResult {
    pub load: InstanceLoad,
    /// The latency mixture: the reads' parts first (`read_parts` of them), then the writes'.
    pub parts: Vec<(f64, Dist)>,
    pub read_parts: usize,
    pub failed_per_s: f64,
    pub read_ios_per_s: f64,
}

pub(crate) fn demand_vcpu(t: &Traffic, c: &Classes) -> f64 {
    (t.reads * c.read_cpu_ms + t.writes * c.write_cpu_ms) / 1000.0
}

/// Servers and mean capacity-limited service time of an instance's queue. Capacity is
/// vCPU-limited (a 0.5-ACU instance has an eighth of a vCPU), but a query that runs executes
/// on a whole core at full speed: the CPU quota throttles throughput, not one query. So the
/// queue's wait uses the capacity-limited service time, and each request's own execution its
/// full-speed CPU time.
fn queue_shape(size: Size, t: &Traffic, c: &Classes) -> (u32, f64) {
    let vcpu = size.vcpu.max(1e-6);
    let servers = vcpu.floor().max(1.0);
    let speed = vcpu / servers;
    let rate = t.reads + t.writes;
    let mean_capacity_ms = if rate > 0.0 { (t.reads * c.read_cpu_ms + t.writes * c.write_cpu_ms) / speed / rate } else { 0.0 };
    (servers as u32, mean_capacity_ms)
}

pub(crate) fn evaluate(size: Size, t: &Traffic, c: &Classes, w: &Workload, zipf: &Zipf, cfg: &AuroraConfig, est: &Estimates, shift_ms: f64) -> InstanceResult {
    let demand = demand_vcpu(t, c);
    let vcpu = size.vcpu.max(1e-6);
    let rate = t.reads + t.writes;

    // Buffer cache: the most popular keys' rows stay in memory — those not already answered
    // by ElastiCache. A report re-reads the same window of rows (the last 30 days), so what
    // must fit is that window, not the whole table.
    let data_bytes = w.table_size_gb * 1024f64.powi(3);
    let cache_bytes = size.memory_gib * 1024f64.powi(3) * est.aurora_buffer_share;
    let cached_fraction = (cache_bytes / data_bytes).min(1.0);
    let tail = (1.0 - zipf.top_share(t.cached_keys)).max(1e-12);
    let key_hit = ((zipf.top_share(t.cached_keys + cached_fraction * zipf.keys()) - zipf.top_share(t.cached_keys)) / tail).clamp(0.0, 1.0);
    let report_window_bytes = w.rows_per_report * w.item_bytes() as f64;
    let read_hit = if c.read_skewed { key_hit } else { (cache_bytes / report_window_bytes).min(1.0) };
    let read_misses = (1.0 - read_hit) * c.read_pages;
    let write_misses = (1.0 - key_hit) * c.write_pages;
    let read_ios_per_s = t.reads * read_misses + t.writes * write_misses;

    let (servers, mean_capacity_ms) = queue_shape(size, t, c);
    let queue = Mmc::new(rate / 1000.0, servers, mean_capacity_ms, est.client_timeout_ms);
    let load = InstanceLoad { acu: size.acu, vcpu: size.vcpu, utilisation: demand / vcpu, cache_hit_ratio: read_hit, requests_per_s: rate };
    if rate <= 0.0 {
        return InstanceResult { load, parts: vec![], read_parts: 0, failed_per_s: 0.0, read_ios_per_s };
    }

    let mmc = |service_ms: f64, extra_ms: f64| Dist::MmcSojourn { queue, service_ms, shift_ms: shift_ms + extra_ms };
    // At most two read parts and two write parts: allocated once, at their size.
    let mut parts = Vec::with_capacity(4);
    let read_fixed = est.aurora_network_ms;
    if c.read_skewed {
        // A point read or range query either finds its pages cached or reads them.
        let miss_read_ms = c.read_pages * est.aurora_storage_read_ms;
        parts.push((t.reads * read_hit, mmc(c.read_cpu_ms, read_fixed)));
        parts.push((t.reads * (1.0 - read_hit), mmc(c.read_cpu_ms, read_fixed + miss_read_ms)));
    } else {
        // A report streams the uncached part of its rows from storage.
        let scan_ms = read_misses * cfg.engine.page_bytes() as f64 / (est.aurora_scan_mb_per_s * 1e6) * 1000.0;
        parts.push((t.reads, mmc(c.read_cpu_ms, read_fixed + scan_ms)));
    }
    let read_parts = parts.len();
    let write_fixed = est.aurora_network_ms + est.aurora_commit_ms;
    parts.push((t.writes * key_hit, mmc(c.write_cpu_ms, write_fixed)));
    parts.push((t.writes * (1.0 - key_hit), mmc(c.write_cpu_ms, write_fixed + est.aurora_storage_read_ms)));
    InstanceResult { load, parts, read_parts, failed_per_s: rate * queue.timeout_probability(), read_ios_per_s }
}
