//! Aurora at a given request rate: Serverless v2 (settled at its scaling target, or at the
//! capacity it has right now) or provisioned instances of a fixed class.
//!
//! * **Instances** (facts sheet B2, B4): one writer takes every write; reads go to the
//!   readers (0–15, evenly), or to the writer when there are none. No reader can help the
//!   writer: the single-writer ceiling is `writer vCPU ÷ CPU per write`. Readers in
//!   promotion tier 0–1 keep at least the writer's capacity.
//! * **Capacity** (B4, DOC for the grid, EST for the target): a Serverless v2 instance
//!   settles at the smallest ACU on the 0.5 grid whose CPU keeps utilisation at the scaling
//!   target, within [min, max] (an instance with traffic runs ≥ 0.5). 1 ACU ≈ 2 GiB with
//!   proportional CPU; vCPU per ACU is an estimate. A provisioned class has its vCPU and
//!   memory ([`connections`]).
//! * **Buffer cache and I/O** (B3): cache = memory × buffer share; with Zipf popularity the
//!   most popular keys are cached (after any ElastiCache tier has taken the hottest); a
//!   report's hit ratio is `cache / rows it scans`. Each miss is one page read (16 KB MySQL,
//!   8 KB PostgreSQL); writes log `row + overhead` bytes, billed in 4 KB units (batched).
//! * **Latency** (B8, EST): an M/M/c+D queue per instance ([`crate::model::queueing`]) plus
//!   network, storage reads and the 4/6 quorum commit; clients give up at the client
//!   timeout, so past an instance's CPU the excess times out.
//! * **Connections and access path** (B5, B6): on direct connections, client connections
//!   beyond the writer's default `max_connections` fail: a share `1 − max_connections ÷
//!   connections` of requests. The connections are the pool's (`client_connections`), or,
//!   for Lambda-style clients, one per concurrent invocation, `rate × invocation duration`
//!   (Little's law, capped by the account's concurrency), so they rise with the traffic.
//!   RDS Proxy pools them, adds a hop, and is billed per vCPU/ACU of its targets (minimum
//!   2 vCPU / 8 ACU). The RDS Data API takes one HTTPS request per statement: no client
//!   connections, an added latency per request (estimate), the writer instance only (3P
//!   summary of the documentation: readers serve no Data API reads), billed per request.
//! * **ElastiCache cache-aside**: answers a share of key reads (the most popular keys)
//!   before they reach the database; nodes billed hourly (estimate).
//! * **Global Database** (B2): each secondary Region runs a reader-sized cluster, stores the
//!   data and receives every write (replicated write I/O); lag under a second.
//! * **Cost** (B7): ACU-hours or instance-hours × 730, I/O per million (Standard only),
//!   storage, proxy, cache.

pub mod config;
pub mod connections;
mod instance;

pub use config::{Access, AuroraConfig, Engine};
pub use instance::{settled_acu, InstanceLoad, Size};
pub(crate) use instance::need_leaving_acu;

use crate::model::estimates::Estimates;
use crate::model::facts::*;
use crate::model::latency::{p50_p99_near, Dist};
use std::cell::RefCell;
use crate::model::regions::RegionPlan;
use crate::model::prices::PriceTable;
use crate::model::billing::Billing;
use crate::model::workload::Workload;
use crate::model::zipf::Zipf;
use instance::{classes, Classes, Traffic};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuroraCost {
    /// Instances (ACU-hours or instance-hours), secondary Regions included.
    pub compute_usd: f64,
    pub io_usd: f64,
    pub storage_usd: f64,
    pub proxy_usd: f64,
    /// RDS Data API requests (one per statement); not written when there are none, so
    /// earlier outputs stay as they were.
    #[serde(skip_serializing_if = "is_zero")]
    pub data_api_usd: f64,
    pub cache_usd: f64,
    /// Bytes sent between Regions (replication to secondaries, remote clients), between
    /// Availability Zones (the application and the instances) and out to the internet.
    pub transfer_usd: f64,
    /// Backup storage beyond the free volume.
    pub backup_usd: f64,
}

impl AuroraCost {
    pub fn total_usd(&self) -> f64 {
        self.compute_usd + self.io_usd + self.storage_usd + self.proxy_usd + self.data_api_usd + self.cache_usd + self.transfer_usd + self.backup_usd
    }
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuroraSteady {
    pub writer: InstanceLoad,
    /// One reader's load (all readers are equal); `None` without readers.
    pub reader: Option<InstanceLoad>,
    pub readers: u32,
    pub read_ios_per_s: f64,
    pub write_ios_per_s: f64,
    /// Requests per second lost, by cause (each request counted once).
    pub lost: AuroraLoss,
    /// Share of requests that time out, are never served, or cannot connect.
    pub failed_share: f64,
    /// Share of requests refused a connection (beyond max_connections, no proxy).
    pub connection_error_share: f64,
    /// The writer's default max_connections.
    pub max_connections: f64,
    /// Connections the clients hold open to the writer at this rate (the pool's, or one per
    /// concurrent Lambda invocation); 0 when RDS Proxy or the Data API holds them.
    pub client_connections: f64,
    /// Share of reads answered by ElastiCache.
    pub cache_hit_share: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Most writes per second the single writer can take at its largest (100 % CPU).
    pub writer_ceiling_writes_per_s: f64,
    /// Some instance is at its largest and still above the scaling target.
    pub at_max_acu: bool,
    pub cost: AuroraCost,
}

/// Requests per second Aurora could not serve, by cause.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct AuroraLoss {
    /// Timed out waiting for the writer's CPU (every write, and reads without readers).
    pub writer_timeouts: f64,
    /// Timed out waiting for a reader's CPU.
    pub reader_timeouts: f64,
    /// Refused a connection: more client connections than the writer's max_connections on
    /// direct connections (RDS Proxy and the Data API hold the connections themselves).
    pub connections_refused: f64,
}

impl AuroraLoss {
    pub fn total(&self) -> f64 {
        self.writer_timeouts + self.reader_timeouts + self.connections_refused
    }
}

/// How the instances' capacity is chosen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sizing {
    /// Settled at the scaling target (steady state).
    Settled,
    /// The capacity each Serverless v2 instance has right now, as `(writer ACU, reader ACU)`.
    Current { writer_acu: f64, reader_acu: f64 },
}

/// Client connections open at `requests_per_s`: the pool's, or one per concurrent Lambda
/// invocation.
pub fn client_connections(w: &Workload, cfg: &AuroraConfig, requests_per_s: f64) -> f64 {
    match &w.lambda {
        Some(lambda) => lambda.concurrent(requests_per_s),
        None => cfg.client_connections,
    }
}

/// Share of requests refused a connection at `requests_per_s`: clients beyond the writer's
/// `max_connections` on direct connections.
fn connection_error_share(w: &Workload, cfg: &AuroraConfig, max_connections: f64, requests_per_s: f64) -> f64 {
    let connections = client_connections(w, cfg, requests_per_s);
    if cfg.access.pools_connections() || connections <= max_connections {
        0.0
    } else {
        1.0 - max_connections / connections
    }
}

/// CPU each instance needs for `w`, in vCPU: `(writer, one reader)`.
pub fn demand_vcpu(w: &Workload, cfg: &AuroraConfig, est: &Estimates) -> (f64, f64) {
    AuroraModel::new(w, cfg, &PriceTable::default(), est).demand_vcpu(w.requests_per_s)
}

/// Evaluate Aurora for `w` once capacity has settled (steady state).
pub fn steady(w: &Workload, cfg: &AuroraConfig, prices: &PriceTable, est: &Estimates) -> AuroraSteady {
    evaluate(w, cfg, prices, est, Sizing::Settled)
}

/// Evaluate Aurora for `w` with instances sized as `sizing` says (a provisioned class is
/// always its own size).
pub fn evaluate(w: &Workload, cfg: &AuroraConfig, prices: &PriceTable, est: &Estimates, sizing: Sizing) -> AuroraSteady {
    AuroraModel::new(w, cfg, prices, est).at(w.requests_per_s, sizing)
}

/// Aurora for one workload shape and configuration: everything that does not depend on the
/// request rate or the instances' current size, computed once. The time-stepped engine
/// keeps one and asks it for each step; [`evaluate`] builds one for a single answer.
pub struct AuroraModel {
    w: Workload,
    cfg: AuroraConfig,
    prices: PriceTable,
    est: Estimates,
    classes: Classes,
    zipf: Zipf,
    /// Share of reads ElastiCache answers, and the most popular keys it holds.
    cache_share: f64,
    cached_keys: f64,
    readers: u32,
    class: Option<connections::InstanceClass>,
    max_connections: f64,
    /// The last answer and the inputs it was for: with steady traffic and capacity, steps
    /// repeat them exactly.
    memo: RefCell<Option<([u64; 5], AuroraSteady)>>,
    /// Regions: remote clients' latency and cross-Region transfer (absent: one Region).
    regions: Option<RegionPlan>,
    /// Backups, transfer inside the Region and out (`crate::model::billing`).
    billing: Billing,
    /// The last p50 and p99, to start the next search from (steps change them little).
    last_quantiles: std::cell::Cell<(f64, f64)>,
}

impl AuroraModel {
    /// Forget the last answer and the search's starting point, so the next answer is the
    /// one a model just built gives (to the last digit), whatever was asked before.
    pub(crate) fn start_afresh(&self) {
        self.memo.replace(None);
        self.last_quantiles.set((0.0, 0.0));
    }

    pub fn new(w: &Workload, cfg: &AuroraConfig, prices: &PriceTable, est: &Estimates) -> Self {
        let est = &*cfg.effective_estimates(est);
        let classes = classes(w, cfg, est);
        let zipf = Zipf::new(w.partition_keys, w.key_skew);
        let cache_share = if cfg.cache_nodes > 0 && classes.read_skewed { cfg.cache_hit_ratio } else { 0.0 };
        AuroraModel {
            readers: cfg.readers.min(AURORA_MAX_READERS),
            class: cfg.class(),
            max_connections: cfg.max_connections(),
            cache_share,
            cached_keys: if cache_share > 0.0 { zipf.keys_for_share(cache_share) } else { 0.0 },
            classes,
            zipf,
            memo: RefCell::new(None),
            regions: None,
            billing: Billing::default(),
            last_quantiles: std::cell::Cell::new((0.0, 0.0)),
            w: w.clone(),
            cfg: cfg.clone(),
            prices: prices.clone(),
            est: est.clone(),
        }
    }

    /// The same model with the scenario's Regions: remote clients' latency and cross-Region
    /// transfer.
    pub fn with_regions(mut self, regions: RegionPlan) -> Self {
        self.regions = Some(regions);
        self
    }

    /// The same model with the scenario's backups and data transfer.
    pub fn with_billing(mut self, billing: &Billing) -> Self {
        self.billing = billing.clone();
        self
    }

    /// Share of requests refused a connection at `requests_per_s` (clients beyond
    /// `max_connections` on direct connections).
    pub fn connection_error_share(&self, requests_per_s: f64) -> f64 {
        connection_error_share(&self.w, &self.cfg, self.max_connections, requests_per_s)
    }

    /// Readers that serve reads: none through the Data API, which reaches the writer only.
    fn reading_readers(&self, readers: u32) -> u32 {
        if self.cfg.access == Access::DataApi {
            0
        } else {
            readers
        }
    }

    /// The configured readers.
    pub fn readers(&self) -> u32 {
        self.readers
    }

    /// Each instance's traffic for `reads` and `writes` per second with `readers` readers up:
    /// `(writer, one reader)`. Refused connections and cache hits never reach an instance;
    /// every write goes to the writer, reads to the readers (to the writer without any).
    fn traffic(&self, reads: f64, writes: f64, readers: u32) -> (Traffic, Option<Traffic>) {
        let admitted = 1.0 - self.connection_error_share(reads.max(0.0) + writes.max(0.0));
        let readers = self.reading_readers(readers);
        let reads = reads.max(0.0) * admitted * (1.0 - self.cache_share);
        let writes = writes.max(0.0) * admitted;
        let cached_keys = self.cached_keys;
        let writer = Traffic { reads: if readers == 0 { reads } else { 0.0 }, writes, cached_keys };
        let reader = (readers > 0).then(|| Traffic { reads: reads / f64::from(readers), writes: 0.0, cached_keys });
        (writer, reader)
    }

    fn split_rate(&self, requests_per_s: f64) -> (f64, f64) {
        let r = requests_per_s.max(0.0);
        (r * self.w.read_share, r * (1.0 - self.w.read_share))
    }

    /// CPU each instance needs at `requests_per_s`, in vCPU: `(writer, one reader)`.
    pub fn demand_vcpu(&self, requests_per_s: f64) -> (f64, f64) {
        let (reads, writes) = self.split_rate(requests_per_s);
        self.demand_vcpu_rw(reads, writes, self.readers)
    }

    /// [`AuroraModel::demand_vcpu`] for `reads` and `writes` per second with `readers` up.
    pub fn demand_vcpu_rw(&self, reads: f64, writes: f64, readers: u32) -> (f64, f64) {
        let (writer, reader) = self.traffic(reads, writes, readers);
        (instance::demand_vcpu(&writer, &self.classes), reader.as_ref().map_or(0.0, |t| instance::demand_vcpu(t, &self.classes)))
    }

    fn sizes(&self, sizing: Sizing, reads: f64, writes: f64, readers: u32) -> (Size, Size) {
        match (self.class, sizing) {
            (Some(class), _) => {
                let size = Size { acu: class.memory_gib / AURORA_GIB_PER_ACU, vcpu: f64::from(class.vcpu), memory_gib: class.memory_gib };
                (size, size)
            }
            (None, Sizing::Settled) => {
                let (writer_vcpu, reader_vcpu) = self.demand_vcpu_rw(reads, writes, readers);
                let writer = settled_acu(writer_vcpu, &self.cfg, &self.est);
                let own = if self.readers > 0 { settled_acu(reader_vcpu, &self.cfg, &self.est) } else { writer };
                let reader = if self.cfg.readers_follow_writer { own.max(writer) } else { own };
                (Size::serverless(writer, &self.est), Size::serverless(reader, &self.est))
            }
            (None, Sizing::Current { writer_acu, reader_acu }) => (Size::serverless(writer_acu, &self.est), Size::serverless(reader_acu, &self.est)),
        }
    }

    /// Everything about Aurora at `requests_per_s` with instances sized as `sizing` says.
    pub fn at(&self, requests_per_s: f64, sizing: Sizing) -> AuroraSteady {
        let (reads, writes) = self.split_rate(requests_per_s);
        self.at_rw(reads, writes, self.readers, sizing)
    }

    /// [`AuroraModel::at`] for `reads` and `writes` per second with `readers` readers up (a
    /// fault can take writes but not reads, or a reader).
    pub fn at_rw(&self, reads: f64, writes: f64, readers: u32, sizing: Sizing) -> AuroraSteady {
        let readers = readers.min(self.readers);
        let (writer_size, reader_size) = self.sizes(sizing, reads, writes, readers);
        let key = [reads.to_bits(), writes.to_bits(), u64::from(readers), writer_size.acu.to_bits(), reader_size.acu.to_bits()];
        if let Some((k, answer)) = self.memo.borrow().as_ref() {
            if *k == key {
                return answer.clone();
            }
        }
        let answer = self.compute(reads.max(0.0), writes.max(0.0), readers, writer_size, reader_size);
        *self.memo.borrow_mut() = Some((key, answer.clone()));
        answer
    }

    fn compute(&self, reads: f64, writes: f64, readers: u32, writer_size: Size, reader_size: Size) -> AuroraSteady {
        let (cfg, est, c) = (&self.cfg, &self.est, &self.classes);
        let rate = reads + writes;
        let w = Workload { requests_per_s: rate, read_share: if rate > 0.0 { reads / rate } else { self.w.read_share }, ..self.w.clone() };
        let (writer_traffic, reader_traffic) = self.traffic(reads, writes, readers);
        let shift_ms = cfg.access.overhead_ms(est);
        let writer = instance::evaluate(writer_size, &writer_traffic, c, &w, &self.zipf, cfg, est, shift_ms);
        let reader = reader_traffic.as_ref().map(|t| instance::evaluate(reader_size, t, c, &w, &self.zipf, cfg, est, shift_ms));

        let n = f64::from(readers);
        let connection_error_share = self.connection_error_share(rate);
        // The mixture: every read first (the writer's, the readers', cache hits), then writes.
        // Sized once for everything below (a Region fold adds at most as many again).
        let reader_parts = reader.as_ref().map_or(0, |r| r.parts.len());
        let mut parts = Vec::with_capacity(2 * (writer.parts.len() + reader_parts + 1));
        parts.extend_from_slice(&writer.parts[..writer.read_parts]);
        let refused = rate * connection_error_share;
        let mut read_ios = writer.read_ios_per_s;
        let mut reader_timeouts = 0.0;
        if let Some(r) = &reader {
            parts.extend(r.parts.iter().map(|(wt, d)| (wt * n, *d)));
            reader_timeouts = n * r.failed_per_s;
            read_ios += n * r.read_ios_per_s;
        }
        let cache_hits = reads * (1.0 - connection_error_share) * self.cache_share;
        if cache_hits > 0.0 {
            parts.push((cache_hits, Dist::LogNormal { p50_ms: est.elasticache_hit_p50_ms, p99_ms: est.elasticache_hit_p99_ms, shift_ms }));
        }
        let reads_end = parts.len();
        parts.extend_from_slice(&writer.parts[writer.read_parts..]);
        if let Some(regions) = &self.regions {
            regions.fold_into(crate::model::database::Database::Aurora, &mut parts, reads_end);
        }
        let lost = AuroraLoss { writer_timeouts: writer.failed_per_s, reader_timeouts, connections_refused: refused };
        let write_ios = writer_traffic.writes * c.write_log_bytes / AURORA_WRITE_IO_BYTES as f64;
        let mut cost = cost(&w, cfg, &self.prices, writer_size, reader_size, read_ios, write_ios);
        if cfg.access == Access::DataApi {
            // One billed request per statement that reaches the Data API (none is refused).
            cost.data_api_usd = rate * HOURS_PER_MONTH * 3600.0 / 1e6 * self.prices.aurora_data_api_per_million.value;
        }
        let (reached_reads, reached_writes) = (reads * (1.0 - connection_error_share), writes * (1.0 - connection_error_share));
        let item_bytes = w.item_bytes() as f64;
        // The Data API is a Regional endpoint: the application's hop to it crosses no zone.
        if cfg.access != Access::DataApi {
            cost.transfer_usd += self.billing.cross_az_usd(reached_reads + reached_writes, item_bytes, &self.prices);
        }
        cost.transfer_usd += self.billing.internet_usd(reached_reads, item_bytes, &self.prices);
        cost.backup_usd = self.billing.aurora_backup_usd(w.table_size_gb, writer_traffic.writes * c.write_log_bytes, &self.prices);
        if let Some(regions) = &self.regions {
            cost.transfer_usd += regions.transfer(reached_reads, reached_writes).1.usd_per_month;
        }
        let target = est.aurora_target_utilisation;
        let pinned = |l: &InstanceLoad| l.utilisation > target + 1e-9 && (self.class.is_some() || l.acu >= cfg.max_acu);
        let at_max_acu = pinned(&writer.load) || reader.as_ref().is_some_and(|r| pinned(&r.load));
        let largest_writer_vcpu = self.class.map_or(cfg.max_acu * est.aurora_vcpu_per_acu, |k| f64::from(k.vcpu));
        // Past the timeout a request has failed: percentiles stop there.
        let (p50_raw, p99_raw) = p50_p99_near(&parts, &self.last_quantiles);
        let (p50_ms, p99_ms) = (p50_raw.min(est.client_timeout_ms), p99_raw.min(est.client_timeout_ms));

        AuroraSteady {
            writer: writer.load,
            reader: reader.map(|r| r.load),
            readers,
            read_ios_per_s: read_ios,
            write_ios_per_s: write_ios,
            failed_share: if w.requests_per_s > 0.0 { (lost.total() / w.requests_per_s).clamp(0.0, 1.0) } else { 0.0 },
            lost,
            connection_error_share,
            max_connections: self.max_connections,
            client_connections: if cfg.access.pools_connections() { 0.0 } else { client_connections(&self.w, cfg, rate) },
            cache_hit_share: self.cache_share,
            p50_ms,
            p99_ms,
            writer_ceiling_writes_per_s: largest_writer_vcpu / c.write_cpu_ms * 1000.0,
            at_max_acu,
            cost,
        }
    }
}

fn cost(w: &Workload, cfg: &AuroraConfig, p: &PriceTable, writer: Size, reader: Size, read_ios: f64, write_ios: f64) -> AuroraCost {
    let readers = f64::from(cfg.readers.min(AURORA_MAX_READERS));
    let regions = f64::from(cfg.secondary_regions);
    // Each secondary Region runs one instance the size of a reader (or of the writer).
    let secondary = if readers > 0.0 { reader } else { writer };
    let io_optimized_factor = p.aurora_io_optimized_acu_hour.value / p.aurora_acu_hour.value.max(1e-12);
    let (instance_units, unit_hour) = match cfg.class() {
        Some(class) => {
            let per_vcpu = if class.name.starts_with("db.r7g") {
                p.aurora_r7g_vcpu_hour.value
            } else if class.name.starts_with("db.t") {
                p.aurora_t_class_vcpu_hour.value
            } else {
                p.aurora_r6g_vcpu_hour.value
            };
            let factor = if cfg.io_optimized { io_optimized_factor } else { 1.0 };
            ((1.0 + readers + regions) * f64::from(class.vcpu), per_vcpu * factor)
        }
        None => {
            let price = if cfg.io_optimized { p.aurora_io_optimized_acu_hour.value } else { p.aurora_acu_hour.value };
            (writer.acu + readers * reader.acu + regions * secondary.acu, price)
        }
    };
    let (storage_price, io_price) = if cfg.io_optimized {
        (p.aurora_io_optimized_storage_gb_month.value, 0.0)
    } else {
        (p.aurora_storage_gb_month.value, p.aurora_io_per_million.value)
    };
    let proxy_units = match cfg.class() {
        Some(class) => ((1.0 + readers) * f64::from(class.vcpu)).max(AURORA_PROXY_MIN_VCPU),
        None => (writer.acu + readers * reader.acu).max(AURORA_PROXY_MIN_ACU),
    };
    let seconds = HOURS_PER_MONTH * 3600.0;
    AuroraCost {
        compute_usd: instance_units * unit_hour * HOURS_PER_MONTH,
        // Secondary Regions receive every write: replicated write I/O.
        io_usd: (read_ios + write_ios * (1.0 + regions)) * seconds / 1e6 * io_price,
        storage_usd: w.table_size_gb * (1.0 + regions) * storage_price,
        proxy_usd: if cfg.access == Access::RdsProxy { proxy_units * p.aurora_rds_proxy_unit_hour.value * HOURS_PER_MONTH } else { 0.0 },
        data_api_usd: 0.0,
        cache_usd: f64::from(cfg.cache_nodes) * p.elasticache_node_hour.value * HOURS_PER_MONTH,
        transfer_usd: 0.0,
        backup_usd: 0.0,
    }
}
