//! Aurora Serverless v2 at a steady request rate.
//!
//! * **Instances** (facts sheet B2, B4): one writer takes every write; reads go to the
//!   readers (0–15, evenly), or to the writer when there are none. No reader can help the
//!   writer: the single-writer ceiling is `max ACU × vCPU/ACU ÷ CPU per write`.
//! * **Capacity** (B4, DOC for the grid, EST for the target): each instance settles at the
//!   smallest ACU on the 0.5 grid whose CPU keeps utilisation at the scaling target,
//!   within [min, max] (0 means auto-pause; an instance with traffic runs ≥ 0.5).
//!   1 ACU ≈ 2 GiB with proportional CPU; vCPU per ACU is an estimate.
//! * **Buffer cache and I/O** (B3): cache = ACU × 2 GiB × buffer share. With Zipf
//!   popularity, the most popular keys are cached: hit ratio = share of traffic to the
//!   top `cache/data` fraction of keys. A report's hit ratio is `cache / rows it scans`
//!   (reports re-read the same recent window). Each miss is one page read (16 KB MySQL, 8 KB
//!   PostgreSQL); writes log `row + overhead` bytes, billed in 4 KB units (batched).
//! * **Latency** (B8, EST): an M/M/c queue per instance, `c = max(1, ⌊vCPU⌋)` servers of
//!   speed `vCPU / c` for the wait (capacity), while a running query executes at full core
//!   speed; sojourn percentiles from Erlang C
//!   ([`crate::model::queueing`]) plus network, storage reads and the 4/6 quorum commit.
//!   Clients give up after waiting the client timeout (M/M/c+D), so the model has a steady
//!   state at any load: past the single instance's CPU the excess times out.
//! * **Cost** (B7): ACU-hours × 730, I/O per million (Aurora Standard only), storage.

use crate::model::estimates::Estimates;
use crate::model::facts::*;
use crate::model::latency::{mixture_quantile, Dist};
use crate::model::prices::PriceTable;
use crate::model::queueing::Mmc;
use crate::model::workload::{QueryKind, Workload};
use crate::model::zipf::Zipf;
use serde::{Deserialize, Serialize};
pub mod connections;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Engine {
    Mysql,
    Postgresql,
}

impl Engine {
    pub fn page_bytes(self) -> u64 {
        match self {
            Engine::Mysql => AURORA_MYSQL_PAGE_BYTES,
            Engine::Postgresql => AURORA_POSTGRES_PAGE_BYTES,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuroraConfig {
    pub engine: Engine,
    /// Serverless v2 minimum capacity per instance, ACU (0 = auto-pause when idle).
    pub min_acu: f64,
    /// Serverless v2 maximum capacity per instance, ACU.
    pub max_acu: f64,
    /// Aurora Replicas serving reads.
    pub readers: u32,
    /// Aurora I/O-Optimized: no I/O charge, dearer ACU-hours and storage.
    pub io_optimized: bool,
}

impl Default for AuroraConfig {
    fn default() -> Self {
        AuroraConfig {
            engine: Engine::Postgresql,
            min_acu: 0.5,
            max_acu: 128.0,
            readers: 1,
            io_optimized: false,
        }
    }
}

impl AuroraConfig {
    /// Check the capacity range and reader count against the documented limits.
    pub fn validate(&self) -> Result<(), String> {
        let on_grid = |v: f64| (v / AURORA_ACU_STEP).fract() == 0.0;
        if !(self.min_acu.is_finite() && (0.0..=AURORA_MAX_ACU).contains(&self.min_acu)) || !on_grid(self.min_acu) {
            return Err(format!("aurora.min_acu = {} must be 0 to 256 ACU in 0.5 steps", self.min_acu));
        }
        if !(self.max_acu.is_finite() && (AURORA_ACU_STEP..=AURORA_MAX_ACU).contains(&self.max_acu)) || !on_grid(self.max_acu) {
            return Err(format!("aurora.max_acu = {} must be 0.5 to 256 ACU in 0.5 steps", self.max_acu));
        }
        if self.min_acu > self.max_acu {
            return Err(format!(
                "aurora.min_acu = {} is above aurora.max_acu = {}: the minimum cannot exceed the maximum",
                self.min_acu, self.max_acu
            ));
        }
        if self.readers > AURORA_MAX_READERS {
            return Err(format!("aurora.readers = {} is above the 15 Aurora Replicas a cluster can have", self.readers));
        }
        Ok(())
    }
}

/// Load and settled capacity of one instance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InstanceLoad {
    pub acu: f64,
    /// CPU demand ÷ CPU at this ACU (above 1 = overloaded).
    pub utilisation: f64,
    pub cache_hit_ratio: f64,
    /// Requests per second this instance receives.
    pub requests_per_s: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuroraCost {
    pub compute_usd: f64,
    pub io_usd: f64,
    pub storage_usd: f64,
}

impl AuroraCost {
    pub fn total_usd(&self) -> f64 {
        self.compute_usd + self.io_usd + self.storage_usd
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuroraSteady {
    pub writer: InstanceLoad,
    /// One reader's load (all readers are equal); `None` without readers.
    pub reader: Option<InstanceLoad>,
    pub readers: u32,
    pub read_ios_per_s: f64,
    pub write_ios_per_s: f64,
    /// Share of requests that time out (queue too long) or are never served.
    pub failed_share: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Most writes per second the single writer can take at max ACU (100 % CPU).
    pub writer_ceiling_writes_per_s: f64,
    /// Some instance is pinned at max ACU above the scaling target.
    pub at_max_acu: bool,
    pub cost: AuroraCost,
}

/// Per-request CPU, I/O and fixed latency of the read and the write class.
struct Classes {
    read_cpu_ms: f64,
    write_cpu_ms: f64,
    /// Read requests' pages touched (before the cache), and whether they follow key skew.
    read_pages: f64,
    read_skewed: bool,
    write_log_bytes: f64,
    /// Pages a write must have in cache (rows it updates).
    write_pages: f64,
}

fn classes(w: &Workload, cfg: &AuroraConfig, est: &Estimates) -> Classes {
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
    let (write_cpu_ms, write_log_bytes, write_pages) = match w.query {
        // Insert the order, update the product's stock, commit.
        QueryKind::Transaction => (est.aurora_transaction_cpu_ms, 2.0 * row_log, 1.0),
        _ => (est.aurora_write_cpu_ms, row_log, 1.0),
    };
    Classes { read_cpu_ms, write_cpu_ms, read_pages, read_skewed, write_log_bytes, write_pages }
}

/// Smallest ACU on the 0.5 grid that keeps `demand_vcpu` at the target, within [min, max].
pub fn settled_acu(demand_vcpu: f64, cfg: &AuroraConfig, est: &Estimates) -> f64 {
    let floor = if demand_vcpu > 0.0 { cfg.min_acu.max(AURORA_ACU_STEP) } else { cfg.min_acu };
    let needed = demand_vcpu / (est.aurora_target_utilisation * est.aurora_vcpu_per_acu);
    let on_grid = (needed / AURORA_ACU_STEP).ceil() * AURORA_ACU_STEP;
    on_grid.clamp(floor, cfg.max_acu.max(floor))
}

/// One instance's traffic, per second.
struct Traffic {
    reads: f64,
    writes: f64,
}

struct InstanceResult {
    load: InstanceLoad,
    parts: Vec<(f64, Dist)>,
    failed_per_s: f64,
    read_ios_per_s: f64,
}

/// How an instance's capacity is chosen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sizing {
    /// Settled at the scaling target (steady state).
    Settled,
    /// The capacity each instance has right now, as `(writer ACU, reader ACU)`.
    Current { writer_acu: f64, reader_acu: f64 },
}

fn instance(
    sized: Option<f64>,
    t: &Traffic,
    c: &Classes,
    w: &Workload,
    zipf: &Zipf,
    cfg: &AuroraConfig,
    est: &Estimates,
) -> InstanceResult {
    let demand_vcpu = (t.reads * c.read_cpu_ms + t.writes * c.write_cpu_ms) / 1000.0;
    let acu = sized.unwrap_or_else(|| settled_acu(demand_vcpu, cfg, est));
    let vcpu = (acu * est.aurora_vcpu_per_acu).max(1e-6);
    let servers = vcpu.floor().max(1.0);
    let speed = vcpu / servers;
    // Capacity is vCPU-limited (a 0.5-ACU instance has an eighth of a vCPU), but a query
    // that runs executes on a whole core at full speed: the CPU quota throttles throughput,
    // not one query. So the queue's wait uses the capacity-limited service time, and each
    // request's own execution its full-speed CPU time.
    let (read_service, write_service) = (c.read_cpu_ms, c.write_cpu_ms);
    let (read_capacity_ms, write_capacity_ms) = (c.read_cpu_ms / speed, c.write_cpu_ms / speed);
    let rate = t.reads + t.writes;

    // Buffer cache: the most popular keys' rows stay in memory.
    let data_bytes = w.table_size_gb * 1024f64.powi(3);
    let cache_bytes = acu * AURORA_GIB_PER_ACU * 1024f64.powi(3) * est.aurora_buffer_share;
    let cached_fraction = (cache_bytes / data_bytes).min(1.0);
    let key_hit = zipf.top_share(cached_fraction * zipf.keys());
    // A report re-reads the same window of rows (the last 30 days), so what must fit in the
    // cache is that window, not the whole table.
    let report_window_bytes = w.rows_per_report * w.item_bytes() as f64;
    let read_hit = if c.read_skewed { key_hit } else { (cache_bytes / report_window_bytes).min(1.0) };
    let read_misses = (1.0 - read_hit) * c.read_pages;
    let write_misses = (1.0 - key_hit) * c.write_pages;
    let read_ios_per_s = t.reads * read_misses + t.writes * write_misses;

    let mean_capacity_ms = if rate > 0.0 { (t.reads * read_capacity_ms + t.writes * write_capacity_ms) / rate } else { 0.0 };
    let queue = Mmc::new(rate / 1000.0, servers as u32, mean_capacity_ms, est.client_timeout_ms);
    let utilisation = demand_vcpu / vcpu;
    let load = InstanceLoad { acu, utilisation, cache_hit_ratio: read_hit, requests_per_s: rate };
    if rate <= 0.0 {
        return InstanceResult { load, parts: vec![], failed_per_s: 0.0, read_ios_per_s };
    }

    let mut parts = Vec::new();
    let read_fixed = est.aurora_network_ms;
    if c.read_skewed {
        // A point read or range query either finds its pages cached or reads them.
        let miss_read_ms = c.read_pages * est.aurora_storage_read_ms;
        parts.push((t.reads * read_hit, mmc(queue, read_service, read_fixed)));
        parts.push((t.reads * (1.0 - read_hit), mmc(queue, read_service, read_fixed + miss_read_ms)));
    } else {
        // A report streams the uncached part of its rows from storage.
        let scan_ms = read_misses * cfg.engine.page_bytes() as f64 / (est.aurora_scan_mb_per_s * 1e6) * 1000.0;
        parts.push((t.reads, mmc(queue, read_service, read_fixed + scan_ms)));
    }
    let write_fixed = est.aurora_network_ms + est.aurora_commit_ms;
    parts.push((t.writes * key_hit, mmc(queue, write_service, write_fixed)));
    parts.push((t.writes * (1.0 - key_hit), mmc(queue, write_service, write_fixed + est.aurora_storage_read_ms)));

    let failed_per_s = rate * queue.timeout_probability();
    InstanceResult { load, parts, failed_per_s, read_ios_per_s }
}

fn mmc(queue: Mmc, service_ms: f64, shift_ms: f64) -> Dist {
    Dist::MmcSojourn { queue, service_ms, shift_ms }
}

/// CPU each instance needs for `w`, in vCPU: `(writer, one reader)`.
pub fn demand_vcpu(w: &Workload, cfg: &AuroraConfig, est: &Estimates) -> (f64, f64) {
    let c = classes(w, cfg, est);
    let readers = cfg.readers.min(AURORA_MAX_READERS);
    let (reads, writes) = (w.reads_per_s(), w.writes_per_s());
    let writer_reads = if readers == 0 { reads } else { 0.0 };
    let reader_reads = if readers == 0 { 0.0 } else { reads / f64::from(readers) };
    ((writer_reads * c.read_cpu_ms + writes * c.write_cpu_ms) / 1000.0, reader_reads * c.read_cpu_ms / 1000.0)
}

/// Evaluate Aurora Serverless v2 for `w` once capacity has settled (steady state).
pub fn steady(w: &Workload, cfg: &AuroraConfig, prices: &PriceTable, est: &Estimates) -> AuroraSteady {
    evaluate(w, cfg, prices, est, Sizing::Settled)
}

/// Evaluate Aurora Serverless v2 for `w` with instances sized as `sizing` says.
pub fn evaluate(w: &Workload, cfg: &AuroraConfig, prices: &PriceTable, est: &Estimates, sizing: Sizing) -> AuroraSteady {
    let (writer_acu, reader_acu) = match sizing {
        Sizing::Settled => (None, None),
        Sizing::Current { writer_acu, reader_acu } => (Some(writer_acu), Some(reader_acu)),
    };
    let c = classes(w, cfg, est);
    let zipf = Zipf::new(w.partition_keys, w.key_skew);
    let (reads, writes) = (w.reads_per_s(), w.writes_per_s());
    let readers = cfg.readers.min(AURORA_MAX_READERS);
    let writer_traffic = Traffic { reads: if readers == 0 { reads } else { 0.0 }, writes };
    let writer = instance(writer_acu, &writer_traffic, &c, w, &zipf, cfg, est);
    let reader = (readers > 0).then(|| {
        let t = Traffic { reads: reads / f64::from(readers), writes: 0.0 };
        instance(reader_acu, &t, &c, w, &zipf, cfg, est)
    });

    let n = f64::from(readers);
    let mut parts = writer.parts.clone();
    let mut failed = writer.failed_per_s;
    let mut read_ios = writer.read_ios_per_s;
    let mut acu_total = writer.load.acu;
    if let Some(r) = &reader {
        parts.extend(r.parts.iter().map(|(wt, d)| (wt * n, *d)));
        failed += n * r.failed_per_s;
        read_ios += n * r.read_ios_per_s;
        acu_total += n * r.load.acu;
    }
    let write_ios = writes * c.write_log_bytes / AURORA_WRITE_IO_BYTES as f64;

    let seconds = HOURS_PER_MONTH * 3600.0;
    let (acu_price, storage_price, io_price) = if cfg.io_optimized {
        (prices.aurora_io_optimized_acu_hour.value, prices.aurora_io_optimized_storage_gb_month.value, 0.0)
    } else {
        (prices.aurora_acu_hour.value, prices.aurora_storage_gb_month.value, prices.aurora_io_per_million.value)
    };
    let cost = AuroraCost {
        compute_usd: acu_total * HOURS_PER_MONTH * acu_price,
        io_usd: (read_ios + write_ios) * seconds / 1e6 * io_price,
        storage_usd: w.table_size_gb * storage_price,
    };
    let target = est.aurora_target_utilisation;
    let pinned = |l: &InstanceLoad| l.acu >= cfg.max_acu && l.utilisation > target + 1e-9;
    let at_max_acu = pinned(&writer.load) || reader.as_ref().is_some_and(|r| pinned(&r.load));

    AuroraSteady {
        writer: writer.load,
        reader: reader.map(|r| r.load),
        readers,
        read_ios_per_s: read_ios,
        write_ios_per_s: write_ios,
        failed_share: if w.requests_per_s > 0.0 { (failed / w.requests_per_s).clamp(0.0, 1.0) } else { 0.0 },
        // Past the timeout a request has failed: percentiles stop there.
        p50_ms: mixture_quantile(&parts, 0.50).min(est.client_timeout_ms),
        p99_ms: mixture_quantile(&parts, 0.99).min(est.client_timeout_ms),
        writer_ceiling_writes_per_s: cfg.max_acu * est.aurora_vcpu_per_acu / c.write_cpu_ms * 1000.0,
        at_max_acu,
        cost,
    }
}
