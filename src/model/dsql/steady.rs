//! DSQL at a steady read and write rate: DPUs, monthly cost, latency and losses.
//!
//! * **Transactions** per workload query kind ([`transactions`]): a read is a point read, a
//!   range query of `items_per_query` rows, or a report reading `rows_per_report` rows (a
//!   full aggregate reads every byte and holds a processor for all of it); a write is an
//!   INSERT of `bulk_write_rows` rows, or for the order workload `bulk_write_rows` orders of
//!   two rows (order insert + stock update) in one transaction.
//! * **Cost** (DOC pricing): DPU × price per million + storage GB-month × Regions holding
//!   data (2 for multi-Region; the witness holds none), minus the free tier (100,000 DPU
//!   and 1 GB a month). Only served transactions are metered (a hot row's aborted attempts
//!   are the engine's: [`crate::model::sim`]).
//! * **Latency** (estimates): each transaction's hold time ([`Transaction::hold_ms`]: round
//!   trips + execution + commit, + one inter-Region round trip on a multi-Region write;
//!   reads are local), plus connecting for a per-request client, as a log-normal p50 with
//!   p99 = p50 × `dsql_p99_over_p50`; pool time-outs count at the client timeout.
//! * **Losses** ([`DsqlLoss`]), in the order a request meets them: new connections above
//!   100/s (`53400`); connections above 10,000 (`53300`), both per cluster, and a
//!   multi-Region cluster is two peered clusters, each with its own quotas, its clients'
//!   share connecting to each ([`DsqlModel::with_clients`]); the pool (an M/M/c+D queue of
//!   `pool_connections` servers, [`crate::model::queueing`]: in flight = rate × hold time,
//!   Little's law) with no free connection before the client timeout; a write transaction
//!   above 3,000 rows or 10 MiB, or any transaction above 5 min (`54000`; a report that
//!   writes nothing is not refused for its rows); storage full (`53100`, writes only). No
//!   capacity setting and no throttling otherwise: DSQL scales.
//! * **Lambda-style clients** (`workload.lambda`, which then decides over `connect`): each
//!   concurrent invocation holds its own connection (Little's law: rate × invocation time),
//!   so there is no pool to wait for; connections above 10,000 are refused (`53300`), and
//!   each is reopened when DSQL ends it at 1 h. Cold starts' connections against the
//!   100/s quota are the engine's ([`super::capacity::ConnectionBucket::advance_waiting`]):
//!   a steady answer has none.

use crate::model::billing::Billing;
use super::config::{Connect, DsqlConfig, Topology};
use super::loss::{DsqlLoss, DsqlLosses};
use super::meter::{Dpu, Transaction};
use crate::model::estimates::Estimates;
use crate::model::facts::*;
use crate::model::latency::{mixture_quantile, Dist};
use crate::model::prices::PriceTable;
use crate::model::queueing::Mmc;
use crate::model::workload::{QueryKind, Workload};
use serde::Serialize;
use std::cell::Cell;

const SECONDS_PER_MONTH: f64 = HOURS_PER_MONTH * 3600.0;

/// The read and the write transaction of a workload: `(read, write)`.
pub fn transactions(w: &Workload, cfg: &DsqlConfig) -> (Transaction, Transaction) {
    let row_bytes = w.item_size_kb * 1024.0;
    let read = match w.query {
        QueryKind::PointRead | QueryKind::Transaction => Transaction::point_read(row_bytes),
        QueryKind::RangeQuery => Transaction::scan(w.items_per_query, row_bytes),
        QueryKind::Report => Transaction::scan(w.rows_per_report, row_bytes),
    };
    let write = match w.query {
        QueryKind::Transaction => Transaction::orders(cfg.bulk_write_rows, row_bytes),
        _ => Transaction::insert(cfg.bulk_write_rows, row_bytes),
    };
    (read, write)
}

/// Monthly cost, USD.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct DsqlCost {
    pub read_usd: f64,
    pub write_usd: f64,
    pub compute_usd: f64,
    pub multi_region_write_usd: f64,
    pub storage_usd: f64,
    /// Bytes read sent out to the internet (`crate::model::billing`).
    pub transfer_usd: f64,
    /// The free tier's credit (100,000 DPU and 1 GB a month, when counted), subtracted from
    /// the rest.
    pub free_tier_usd: f64,
}

impl DsqlCost {
    pub fn total_usd(&self) -> f64 {
        (self.read_usd + self.write_usd + self.compute_usd + self.multi_region_write_usd + self.storage_usd + self.transfer_usd - self.free_tier_usd).max(0.0)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DsqlSteady {
    /// DPUs one read and one write transaction are billed.
    pub read_transaction_dpu: Dpu,
    pub write_transaction_dpu: Dpu,
    /// DPUs per second, by kind (served transactions).
    pub dpu_per_s: Dpu,
    /// Storage billed, GB-month (every Region holding data).
    pub storage_gb: f64,
    pub cost: DsqlCost,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Requests (transactions) served per second.
    pub served_per_s: f64,
    /// Share of requests lost.
    pub failed_share: f64,
    pub lost: DsqlLosses,
    /// New connections opened per second (wanted), and connections open.
    pub new_connections_per_s: f64,
    pub open_connections: f64,
    /// Transactions in flight (rate × hold time, Little's law).
    pub in_flight: f64,
}

/// How clients connect at one moment of a run: the share of them connecting to each
/// cluster (Region A's, Region B's peer) and the share of new connections each refuses
/// (53400).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConnectionsInForce {
    pub client_shares: [f64; 2],
    pub refused_share: [f64; 2],
}

/// DSQL for one workload shape and configuration.
pub struct DsqlModel {
    w: Workload,
    cfg: DsqlConfig,
    prices: PriceTable,
    est: Estimates,
    billing: Billing,
    read: Transaction,
    write: Transaction,
    /// Each transaction's hold time and DPUs (the read's, the write's, and an aborted write
    /// attempt's), unslowed: fixed by the workload and the cluster, asked at every step.
    read_hold_ms: f64,
    write_hold_ms: f64,
    read_dpu: Dpu,
    write_dpu: Dpu,
    aborted_write_dpu: Dpu,
    /// Share of the clients connecting to each cluster: Region A's, and Region B's peer of
    /// a multi-Region cluster (each peer has its own endpoint and its own quotas).
    client_shares: [f64; 2],
    /// The last mix [`DsqlModel::quantiles`] was asked for, and its answer.
    last_quantiles: Cell<Option<(LatencyKey, (f64, f64))>>,
}

/// The latency of each class in a mix: reads and writes log-normal with one tail ratio,
/// pool time-outs at the client timeout.
#[derive(Clone, Copy)]
struct LatencyShape {
    read_p50_ms: f64,
    write_p50_ms: f64,
    p99_over_p50: f64,
    timeout_ms: f64,
}

/// A mix exactly: its rounded shares and its shape, as bits.
type LatencyKey = ([u64; 3], [u64; 4]);

impl LatencyShape {
    fn bits(&self) -> [u64; 4] {
        [self.read_p50_ms, self.write_p50_ms, self.p99_over_p50, self.timeout_ms].map(f64::to_bits)
    }
}

impl DsqlModel {
    /// Forget the last answer, so the next one is the one a model just built gives.
    pub(crate) fn start_afresh(&self) {
        self.last_quantiles.set(None);
    }

    pub fn new(w: &Workload, cfg: &DsqlConfig, prices: &PriceTable, est: &Estimates) -> Self {
        let (read, write) = transactions(w, cfg);
        let topo = cfg.topology;
        DsqlModel {
            w: w.clone(),
            cfg: cfg.clone(),
            prices: prices.clone(),
            est: est.clone(),
            billing: Billing::default(),
            read,
            write,
            read_hold_ms: read.hold_ms(topo, est),
            write_hold_ms: write.hold_ms(topo, est),
            read_dpu: read.dpu(topo, est),
            write_dpu: write.dpu(topo, est),
            aborted_write_dpu: write.aborted_dpu(topo, est),
            client_shares: [1.0, 0.0],
            last_quantiles: Cell::new(None),
        }
    }

    /// The same model with `remote_share` of the clients in Region B (`regions.remote_share`):
    /// on a multi-Region cluster they connect to Region B's peer, against its own quotas;
    /// a single-Region cluster (in Region A) takes every client.
    pub fn with_clients(mut self, remote_share: f64) -> Self {
        let b = if remote_share.is_finite() { remote_share.clamp(0.0, 1.0) } else { 0.0 };
        self.client_shares = match self.cfg.topology {
            Topology::MultiRegion => [1.0 - b, b],
            Topology::SingleRegion => [1.0, 0.0],
        };
        self
    }

    /// Share of the clients connecting to Region A's cluster and to Region B's peer.
    pub fn client_shares(&self) -> [f64; 2] {
        self.client_shares
    }

    /// The same model with the scenario's transfer and free tier.
    pub fn with_billing(mut self, billing: &Billing) -> Self {
        self.billing = billing.clone();
        self
    }

    /// The transfer and free tier it bills.
    pub fn billing(&self) -> &Billing {
        &self.billing
    }

    /// The read and the write transaction.
    pub fn transactions(&self) -> (Transaction, Transaction) {
        (self.read, self.write)
    }

    /// The DPUs of one attempt of the write transaction, committed and aborted at COMMIT,
    /// while a reconfiguration multiplies its time by `latency_multiplier`.
    pub fn write_attempt_dpu(&self, latency_multiplier: f64) -> (Dpu, Dpu) {
        let k = latency_multiplier.max(1.0);
        let slowed = |dpu: Dpu| Dpu { compute: dpu.compute * k, ..dpu };
        (slowed(self.write_dpu), slowed(self.aborted_write_dpu))
    }

    /// How long a transaction of this mix holds its connection on average, ms, unslowed
    /// (a pooled connection's busy time: in-flight transactions = rate × this, Little's law).
    pub(crate) fn mean_hold_ms(&self, reads_per_s: f64, writes_per_s: f64) -> f64 {
        let (reads, writes) = (reads_per_s.max(0.0), writes_per_s.max(0.0));
        if reads + writes > 0.0 {
            (reads * self.read_hold_ms + writes * self.write_hold_ms) / (reads + writes)
        } else {
            0.0
        }
    }

    /// Connecting to one cluster (a multi-Region cluster's peer in the clients' Region)
    /// from `share` of the clients, of `total_rate` requests a second in all, each holding
    /// its connection `held_ms` if it opens one per request; `refused` is the share of new
    /// connections the engine's token bucket refuses (`None`: 100/s, no burst). Adds what
    /// it refuses to `lost`; returns the share of those requests that get through, the new
    /// connections a second wanted and the connections open.
    fn connect_to(&self, total_rate: f64, share: f64, refused: Option<f64>, held_ms: f64, lost: &mut DsqlLosses) -> (f64, f64, f64) {
        let cfg = &self.cfg;
        let rate = total_rate * share;
        let mut going = 1.0;
        let (new_connections_per_s, mut open_connections);
        match (cfg.connect, &self.w.lambda) {
            (_, Some(lambda)) => {
                // The account's invocations, capped by its concurrency, by Region.
                let concurrent = lambda.concurrent(total_rate) * share;
                let over = share_beyond(concurrent, DSQL_MAX_CONNECTIONS);
                lost.add(DsqlLoss::TooManyConnections, rate * going * over);
                going *= 1.0 - over;
                let opened = concurrent.min(DSQL_MAX_CONNECTIONS);
                new_connections_per_s = opened / DSQL_MAX_CONNECTION_S;
                let refused = refused.unwrap_or_else(|| share_beyond(new_connections_per_s, DSQL_NEW_CONNECTIONS_PER_S));
                lost.add(DsqlLoss::ConnectionRate, rate * going * refused);
                going *= 1.0 - refused;
                open_connections = opened * (1.0 - refused);
            }
            (Connect::PerRequest, None) => {
                new_connections_per_s = rate;
                let refused = refused.unwrap_or_else(|| share_beyond(rate, DSQL_NEW_CONNECTIONS_PER_S));
                lost.add(DsqlLoss::ConnectionRate, rate * going * refused);
                going *= 1.0 - refused;
                open_connections = rate * going * held_ms / 1000.0;
                let over = share_beyond(open_connections, DSQL_MAX_CONNECTIONS);
                lost.add(DsqlLoss::TooManyConnections, rate * going * over);
                going *= 1.0 - over;
                open_connections = open_connections.min(DSQL_MAX_CONNECTIONS);
            }
            (Connect::Pool, None) => {
                // The application's pools in this Region, by its share of the requests.
                let pool = cfg.pool_connections * share;
                let over = share_beyond(pool, DSQL_MAX_CONNECTIONS);
                lost.add(DsqlLoss::TooManyConnections, rate * going * over);
                going *= 1.0 - over;
                let opened = pool.min(DSQL_MAX_CONNECTIONS);
                // Each pooled connection reopens once per lifetime; reopenings beyond
                // 100/s are refused and their connections stay closed.
                new_connections_per_s = opened / cfg.connection_lifetime_s;
                let refused = refused.unwrap_or_else(|| share_beyond(new_connections_per_s, DSQL_NEW_CONNECTIONS_PER_S));
                lost.add(DsqlLoss::ConnectionRate, rate * going * refused);
                going *= 1.0 - refused;
                open_connections = opened * (1.0 - refused);
            }
        }
        (going, new_connections_per_s, open_connections)
    }

    /// Everything at `reads_per_s` and `writes_per_s` transactions a second, steady.
    pub fn at(&self, reads_per_s: f64, writes_per_s: f64) -> DsqlSteady {
        self.at_during(reads_per_s, writes_per_s, 1.0)
    }

    /// [`DsqlModel::at`] while a reconfiguration multiplies every transaction's time by
    /// `latency_multiplier` ([`super::capacity::Reconfiguration`]): latency, compute DPU and
    /// the transactions in flight grow with it.
    pub fn at_during(&self, reads_per_s: f64, writes_per_s: f64, latency_multiplier: f64) -> DsqlSteady {
        self.at_in_force(reads_per_s, writes_per_s, latency_multiplier, None)
    }

    /// [`DsqlModel::at_during`] with the connecting given by the caller: the engine's
    /// [`super::capacity::ConnectionBucket`]s know the burst left, which a steady answer
    /// (100/s, no burst) cannot, and its faults which peer is down.
    pub fn at_in_force(&self, reads_per_s: f64, writes_per_s: f64, latency_multiplier: f64, connecting: Option<ConnectionsInForce>) -> DsqlSteady {
        let (cfg, est) = (&self.cfg, &self.est);
        let k = latency_multiplier.max(1.0);
        let (reads, writes) = (reads_per_s.max(0.0), writes_per_s.max(0.0));
        let rate = reads + writes;
        let topo = cfg.topology;
        let read_hold = self.read_hold_ms * k;
        let write_hold = self.write_hold_ms * k;
        let connect_ms = if cfg.connect == Connect::PerRequest && self.w.lambda.is_none() { est.dsql_connect_ms } else { 0.0 };
        let mean_hold = if rate > 0.0 { (reads * read_hold + writes * write_hold) / rate } else { 0.0 };
        let mut lost = DsqlLosses::default();

        // 1. Connecting, each client to its own Region's peered cluster, which has quotas
        // of its own. `going`: the share of the requests still going, stage by stage.
        let (mut going, mut new_connections_per_s, mut open_connections) = (0.0, 0.0, 0.0);
        let shares = connecting.map_or(self.client_shares, |c| c.client_shares);
        for (i, share) in shares.into_iter().enumerate() {
            let (through, new_per_s, open) = self.connect_to(rate, share, connecting.map(|c| c.refused_share[i]), connect_ms + mean_hold, &mut lost);
            going += share * through;
            new_connections_per_s += new_per_s;
            open_connections += open;
        }
        // 2. Waiting for a pooled connection: one queue over every open pooled connection
        // (with clients in two Regions, each Region's pools are taken together).
        if let (Connect::Pool, None) = (cfg.connect, &self.w.lambda) {
            let arriving = rate * going;
            let servers = open_connections.floor().clamp(1.0, f64::from(u32::MAX)) as u32;
            let held = mean_hold.min(est.dsql_max_transaction_s * 1000.0);
            let timeout = Mmc::timeout_share(arriving / 1000.0, servers, held, est.client_timeout_ms);
            lost.add(DsqlLoss::PoolTimeout, arriving * timeout);
            going *= 1.0 - timeout;
        }

        // 3. Executing: quotas on one transaction (a class meets them all or none).
        let too_long = |hold_ms: f64| hold_ms > est.dsql_max_transaction_s * 1000.0;
        let write_too_large = self.write.rows_written > DSQL_MAX_WRITE_ROWS || self.write.write_bytes() > DSQL_MAX_WRITE_BYTES;
        let (mut reads_going, mut writes_going) = (reads * going, writes * going);
        if too_long(read_hold) {
            lost.add(DsqlLoss::TransactionTooLong, reads_going);
            reads_going = 0.0;
        }
        if write_too_large {
            lost.add(DsqlLoss::TransactionTooLarge, writes_going);
            writes_going = 0.0;
        } else if too_long(write_hold) {
            lost.add(DsqlLoss::TransactionTooLong, writes_going);
            writes_going = 0.0;
        }
        // 4. Committing: a full storage quota refuses writes.
        if self.w.table_size_gb >= cfg.storage_quota_gb() {
            lost.add(DsqlLoss::StorageFull, writes_going);
            writes_going = 0.0;
        }

        // Metering and cost (served transactions).
        // A reconfiguration holds each processor k times as long.
        let slowed = |dpu: Dpu| Dpu { compute: dpu.compute * k, ..dpu };
        let (read_dpu, write_dpu) = (slowed(self.read_dpu), slowed(self.write_dpu));
        let dpu_per_s = read_dpu.times(reads_going).plus(&write_dpu.times(writes_going));
        let storage_gb = self.w.table_size_gb.min(cfg.storage_quota_gb()) * topo.storage_regions();
        let mut cost = self.cost(&dpu_per_s, storage_gb);
        cost.transfer_usd = self.billing.internet_usd(reads_going, self.w.item_bytes() as f64, &self.prices);

        // Latency of the served, and of pool time-outs (at the client timeout).
        let p50 = |hold_ms: f64| (hold_ms + connect_ms).max(1e-6);
        let shape = LatencyShape {
            read_p50_ms: p50(read_hold),
            write_p50_ms: p50(write_hold),
            p99_over_p50: est.dsql_p99_over_p50.max(1.0),
            timeout_ms: est.client_timeout_ms,
        };
        let (p50_ms, p99_ms) = self.quantiles([reads_going, writes_going, lost.pool_timeout_per_s], shape);

        let served_per_s = reads_going + writes_going;
        DsqlSteady {
            read_transaction_dpu: read_dpu,
            write_transaction_dpu: write_dpu,
            dpu_per_s,
            storage_gb,
            cost,
            p50_ms,
            p99_ms,
            served_per_s,
            failed_share: if rate > 0.0 { (lost.total() / rate).clamp(0.0, 1.0) } else { 0.0 },
            lost,
            new_connections_per_s,
            open_connections,
            in_flight: served_per_s.min(rate) * mean_hold / 1000.0,
        }
    }

    /// p50 and p99 of a mix of `classes` in proportion to `weights`. The shares are rounded
    /// to 2⁻⁴⁰ and the answer computed from the rounded shares, so it is a function of the
    /// rounded mix alone and the last answer can be kept: the engine asks for the same mix
    /// piece after piece (the read share is the workload's), and the two quantile searches
    /// were a third of a DSQL run. Rounding moves a quantile by about 1e-12 relative.
    fn quantiles(&self, weights: [f64; 3], shape: LatencyShape) -> (f64, f64) {
        const SHARE_STEPS: f64 = (1u64 << 40) as f64;
        let total: f64 = weights.iter().map(|w| w.max(0.0)).sum();
        if total <= 0.0 || !total.is_finite() {
            return (0.0, 0.0);
        }
        let shares = weights.map(|w| (w.max(0.0) / total * SHARE_STEPS).round() / SHARE_STEPS);
        let key = (shares.map(f64::to_bits), shape.bits());
        if let Some((last, answer)) = self.last_quantiles.get() {
            if last == key {
                return answer;
            }
        }
        let class = |p50_ms: f64| Dist::LogNormal { p50_ms, p99_ms: p50_ms * shape.p99_over_p50, shift_ms: 0.0 };
        let parts = [
            (shares[0], class(shape.read_p50_ms)),
            (shares[1], class(shape.write_p50_ms)),
            (shares[2], Dist::Fixed { ms: shape.timeout_ms }),
        ];
        let answer = (mixture_quantile(&parts, 0.50), mixture_quantile(&parts, 0.99));
        self.last_quantiles.set(Some((key, answer)));
        answer
    }

    /// A month at `dpu_per_s` with `storage_gb` GB-month stored, free tier taken off.
    fn cost(&self, dpu_per_s: &Dpu, storage_gb: f64) -> DsqlCost {
        let per_dpu = self.prices.dsql_dpu_per_million.value / 1e6;
        let per_gb = self.prices.dsql_storage_gb_month.value;
        let month = dpu_per_s.times(SECONDS_PER_MONTH);
        let counted = if self.billing.free_tier { 1.0 } else { 0.0 };
        let free_dpu = month.total().min(DSQL_FREE_DPU_PER_MONTH) * counted;
        let free_gb = storage_gb.min(DSQL_FREE_STORAGE_GB_MONTH) * counted;
        DsqlCost {
            read_usd: month.read * per_dpu,
            write_usd: month.write * per_dpu,
            compute_usd: month.compute * per_dpu,
            multi_region_write_usd: month.multi_region_write * per_dpu,
            storage_usd: storage_gb * per_gb,
            transfer_usd: 0.0,
            free_tier_usd: free_dpu * per_dpu + free_gb * per_gb,
        }
    }
}

/// Share of `demand` beyond `limit` (0 when within it).
fn share_beyond(demand: f64, limit: f64) -> f64 {
    if demand > limit && demand > 0.0 {
        1.0 - limit / demand
    } else {
        0.0
    }
}
