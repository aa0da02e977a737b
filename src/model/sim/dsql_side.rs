//! Aurora DSQL's side of a step: its steady model ([`crate::model::dsql`]) judged piece by
//! piece, with the two rules that carry state from one moment to the next, both in simulated
//! seconds so any step size gives the same answer:
//!
//! * the new-connection quota ([`ConnectionBucket`]: burst 1,000, then 100/s; `53400`
//!   beyond), fed with the connections the clients want (every request for a per-request
//!   client; the pool's reopenings, `pool_connections / connection_lifetime_s`, for a pool).
//!   A multi-Region cluster is two peered clusters, each with its own Regional endpoint and
//!   its own quotas (DOC: multi-Region clusters, `MultiRegionProperties`), so each has its
//!   own bucket, fed by the clients in its Region (`regions.remote_share` in Region B).
//!   While a Region is lost, its peer is down and every client still reaching the cluster
//!   (those of the other Region, then the redirected ones) connects to the other peer.
//!   Pooled clients hold their connections: a jump in the connections a cluster's pools
//!   want (the redirected clients', or theirs back at their own peer when the Region
//!   returns) opens them all at once, the burst takes 1,000, the rest wait at 100/s, and
//!   only what the open connections cannot carry fails ([`PoolShortfall`]);
//! * the reconfiguration after a sudden large rise in load ([`Reconfiguration`], an
//!   estimate), which stretches every transaction's time, so latency and compute DPU.
//!
//! There is no capacity to set and no throttling otherwise. Cost per second is the DPUs of
//! the served transactions at the DPU price plus storage, with a hot row's retries billed
//! as aborted attempts ([`crate::model::dsql::meter::Transaction::aborted_dpu`]); the free
//! tier (100,000 DPU and 1 GB a month) is taken off the month in the summary
//! ([`DsqlSide::summary`]).

use super::events::{clock, Episode, EventKind, Journal};
use super::ledger::{Database, Ledger, LossCause};
use super::output::{DsqlAccumulator, DsqlStep, StepCost, Summary, Totals, FAILING_SHARE};
use super::pieces::{Pieces, TrafficPiece};
use super::{duration_words, MONTH_S};
use crate::format::{duration, percent, si};
use crate::model::faults::{Fault, RunFinding};
use crate::model::dsql::capacity::{ConnectionBucket, PoolShortfall, Reconfiguration};
use crate::model::dsql::{Connect, ConnectionsInForce, DsqlLoss, DsqlModel, DsqlSteady, Topology};
use crate::model::facts::{DSQL_FREE_DPU_PER_MONTH, DSQL_FREE_STORAGE_GB_MONTH, DSQL_MAX_CONNECTIONS, DSQL_MAX_CONNECTION_S, DSQL_NEW_CONNECTIONS_PER_S};
use crate::model::workload::LambdaClients;
use crate::model::prices::PriceTable;
use crate::model::scenario::Scenario;

/// A reconfiguration this much slower than usual is told in the narration.
const TOLD_SLOWDOWN: f64 = 1.5;

pub(super) struct DsqlSide {
    pub(super) model: DsqlModel,
    /// The new-connection quota of each cluster the clients connect to: Region A's, and
    /// Region B's peer of a multi-Region cluster (each peer has its own, DOC).
    pub(super) buckets: [ConnectionBucket; 2],
    pub(super) reconfiguration: Reconfiguration,
    pub(super) acc: DsqlAccumulator,
    pub(super) totals: Totals,
    /// DPUs billed over the run so far, and storage GB-seconds, for the free tier.
    pub(super) dpu: f64,
    pub(super) storage_gb_s: f64,
    pub(super) failing: Episode,
    pub(super) slowed: Episode,
    pub(super) refusing: Episode,
    /// Lambda-style clients: the invocations running at the end of the last piece (one
    /// execution environment, one connection, each).
    pub(super) concurrency: f64,
    /// The last step's pieces' mean latency multiplier (a reconfiguration's slow-down).
    piece_multiplier: Vec<f64>,
    /// Pooled clients (not Lambda): the connections their pools want open at each cluster,
    /// as of the last piece (a jump in them opens that many at once).
    pooled: bool,
    pool_wanted: [f64; 2],
    /// Each jump that left pooled connections waiting, and the one still going at each
    /// cluster, so a fault's impact can say what its reconnections cost.
    reconnections: Vec<Reconnection>,
    reconnecting: [Option<usize>; 2],
}

/// Pooled clients reconnecting to one cluster after a jump beyond its burst.
#[derive(Clone, Copy, Debug)]
struct Reconnection {
    at_s: f64,
    /// 0: Region A's cluster; 1: Region B's peer.
    cluster: usize,
    connections: f64,
    /// Admitted at once from the burst left; waiting at first, and until none waits (from
    /// `at_s`).
    admitted: f64,
    waiting: f64,
    waited_s: f64,
    failed_reads: f64,
    failed_writes: f64,
}

impl DsqlSide {
    /// DSQL warmed for the workload's base rate (a running cluster has served it).
    pub(super) fn new(s: &Scenario) -> DsqlSide {
        let model = DsqlModel::new(&s.workload, &s.dsql, &s.prices, &s.estimates).with_billing(&s.billing).with_clients(s.regions.remote_share);
        let pooled = s.dsql.connect == Connect::Pool && s.workload.lambda.is_none();
        // The pools are open before the run: each Region's clients' at their own peer.
        let pool_wanted = model.client_shares().map(|share| if pooled { Self::pool_connections(s, share) } else { 0.0 });
        DsqlSide {
            model,
            buckets: [ConnectionBucket::new(), ConnectionBucket::new()],
            reconfiguration: Reconfiguration::new(s.workload.requests_per_s),
            acc: DsqlAccumulator::default(),
            totals: Totals::new(Database::Dsql),
            dpu: 0.0,
            storage_gb_s: 0.0,
            failing: Episode::default(),
            slowed: Episode::default(),
            refusing: Episode::default(),
            // The environments that served the traffic before the run are warm.
            concurrency: s.workload.lambda.as_ref().map_or(0.0, |l| l.concurrent(s.traffic.rate_at(0.0, s.workload.requests_per_s))),
            piece_multiplier: Vec::new(),
            pooled,
            pool_wanted,
            reconnections: Vec::new(),
            reconnecting: [None; 2],
        }
    }

    /// The connections the pools of `share` of the clients hold (10,000 at most per
    /// cluster: beyond, they are refused, `53300`).
    fn pool_connections(s: &Scenario, share: f64) -> f64 {
        (s.dsql.pool_connections * share).min(DSQL_MAX_CONNECTIONS)
    }

    /// Lambda-style clients over piece `p`: new environments (a jump at the piece's start
    /// and the rise within it) and hourly reopenings want connections from their cluster's
    /// quota; those refused wait and retry. Returns the share of each cluster's requests in
    /// the piece that fail for it.
    fn lambda_refused_share(&mut self, lambda: &LambdaClients, p: &TrafficPiece, shares: [f64; 2]) -> [f64; 2] {
        let (c0, c1) = (lambda.concurrent(p.rate_ends.0), lambda.concurrent(p.rate_ends.1));
        let jump = (c0 - self.concurrency).max(0.0);
        let len = p.length_s.max(1e-12);
        let rise_per_s = (c1 - c0).max(0.0) / len;
        let mut refused = [0.0; 2];
        for (i, share) in shares.into_iter().enumerate() {
            if share <= 0.0 {
                continue;
            }
            let bucket = &mut self.buckets[i];
            // Environments retire as soon as the concurrency falls (an estimate: Lambda keeps
            // idle ones for minutes, which would only soften a later rise).
            bucket.cap_waiting(c0 * share);
            let reopen_per_s = 0.5 * (c0 * share + c1 * share).min(DSQL_MAX_CONNECTIONS) / DSQL_MAX_CONNECTION_S;
            let waited_s = bucket.advance_waiting(jump * share, rise_per_s * share + reopen_per_s, p.length_s);
            bucket.cap_waiting(c1 * share);
            // Every invocation of a waiting environment fails: 1 / invocation time a second each.
            let failed = waited_s / (lambda.invocation_ms / 1000.0);
            let offered = p.rate * share * p.length_s;
            refused[i] = if offered > 0.0 { (failed / offered).clamp(0.0, 1.0) } else { 0.0 };
        }
        self.concurrency = c1;
        refused
    }

    /// One step over its pieces: `(what to record, requests lost per second by cause, cost
    /// USD)`.
    pub(super) fn step(&mut self, s: &Scenario, t0: f64, dt: f64, pieces: &Pieces, journal: &mut Journal, hot: Option<&mut super::hot_rows::HotRows>) -> (DsqlStep, Ledger, f64) {
        let (mut record, mut lost) = (DsqlStep::default(), Ledger::new(Database::Dsql));
        let (mut bill, mut worst_p99, mut peak_dpu, mut failing_s) = (StepCost::default(), 0.0f64, 0.0f64, 0.0);
        let mut most_slowed = 1.0f64;
        let mut refused_any = false;
        let price_per_dpu = s.prices.dsql_dpu_per_million.value / 1e6;
        self.piece_multiplier.clear();
        for p in &pieces.pieces {
            let mut multiplier_s = 0.0;
            // What a fault fails first (a lost Region), by its own cause; the rest reaches
            // the cluster.
            let (reads, writes, fault_lost) = if p.faulted.is_some() {
                lost.book_faults(&pieces.faults(p).dsql, p.reads, p.writes, p.length_s / dt)
            } else {
                (p.reads, p.writes, 0.0)
            };
            let rate = reads + writes;
            // A rise in load starts its reconfiguration at the piece's start.
            self.reconfiguration.advance(rate, 0.0, &s.estimates);
            // With a peer's Region lost, the clients still reaching the cluster connect to the
            // other peer (faults cut the run where that changes).
            let shares = match pieces.faults(p).dsql_peer_down {
                [a, _] if a > 0.5 => [0.0, 1.0],
                [_, b] if b > 0.5 => [1.0, 0.0],
                _ => self.model.client_shares(),
            };
            // New connections each cluster's clients want a second: a per-request client one
            // a request; pools their reopenings (below); Lambda clients count their own.
            let mut wanted = shares.map(|share| rate * share);
            // Lambda clients: the waiting environments' share for the whole piece (its
            // requests are spread evenly over it, as DPUs are linear in them).
            let lambda_share = s.workload.lambda.as_ref().map(|l| self.lambda_refused_share(l, p, shares));
            // Pooled clients: what each cluster's pools are short of after a jump.
            let (mut jumps, mut shortfalls) = ([0.0; 2], [None; 2]);
            let mut cuts_s = [f64::INFINITY; 4];
            if self.pooled {
                // A lost Region's clients hold no connection until they are redirected; no
                // traffic says nothing about who reaches the cluster, so the pools stay.
                let reach = if p.rate > 0.0 { rate / p.rate } else { 1.0 };
                let hold_s = self.model.mean_hold_ms(reads, writes) / 1000.0;
                for i in 0..2 {
                    let target = if p.rate > 0.0 { Self::pool_connections(s, shares[i]) * reach } else { self.pool_wanted[i] };
                    jumps[i] = (target - self.pool_wanted[i]).max(0.0);
                    self.pool_wanted[i] = target;
                    self.buckets[i].cap_waiting(target);
                    wanted[i] = target / s.dsql.connection_lifetime_s;
                    let (admitted, waiting) = self.buckets[i].after_jump(jumps[i]);
                    // Nothing waits and the reopenings fit the refill: no shortfall, no cut
                    // (the pools' usual piece, kept off the hot path).
                    if waiting <= 0.0 && wanted[i] <= DSQL_NEW_CONNECTIONS_PER_S {
                        continue;
                    }
                    let gap = PoolShortfall::new(&self.buckets[i], jumps[i], wanted[i], target, rate * shares[i] * hold_s, hold_s);
                    if jumps[i] > admitted {
                        // The waiting drain at the refill less the pools' own reopenings.
                        let drain_per_s = DSQL_NEW_CONNECTIONS_PER_S - wanted[i];
                        self.reconnecting[i] = Some(self.reconnections.len());
                        self.reconnections.push(Reconnection {
                            at_s: p.start_s,
                            cluster: i,
                            connections: jumps[i],
                            admitted,
                            waiting,
                            waited_s: if drain_per_s > 0.0 { waiting / drain_per_s } else { f64::INFINITY },
                            failed_reads: 0.0,
                            failed_writes: 0.0,
                        });
                    }
                    // Cut where it ends and where it stops failing more than FAILING_SHARE of
                    // the piece's requests, so each part's losses are exact and so is the
                    // time spent failing, whatever the step size.
                    cuts_s[2 * i] = gap.reaches(0.0).unwrap_or(f64::INFINITY);
                    cuts_s[2 * i + 1] = gap.reaches(FAILING_SHARE * p.rate * hold_s).unwrap_or(f64::INFINITY);
                    shortfalls[i] = Some(gap);
                }
            } else if lambda_share.is_none() {
                // Cut the piece where a cluster's connection burst runs out: within each part
                // the share refused is constant and the slow-down linear in time, so DPUs
                // (served × hold time) are exact from the part's means, whatever the step size.
                for i in 0..2 {
                    let spare = wanted[i] - DSQL_NEW_CONNECTIONS_PER_S;
                    if spare > 0.0 {
                        cuts_s[i] = self.buckets[i].tokens() / spare;
                    }
                }
            }
            cuts_s.sort_by(f64::total_cmp);
            let (mut parts, mut cut_at_s) = ([0.0; 5], 0.0);
            for (part, cut_s) in parts.iter_mut().zip(cuts_s) {
                if cut_s > cut_at_s && cut_s < p.length_s {
                    *part = cut_s - cut_at_s;
                    cut_at_s = cut_s;
                }
            }
            parts[4] = p.length_s - cut_at_s;
            let mut part_start_s = p.start_s;
            for len in parts.into_iter().filter(|&l| l > 0.0) {
                let weight = len / dt;
                let k_start = self.reconfiguration.multiplier(&s.estimates);
                let k = self.reconfiguration.advance(rate, len, &s.estimates);
                multiplier_s += k * len;
                let refused_share = match lambda_share {
                    Some(share) => share,
                    None if self.pooled => {
                        // Those the pools' open connections cannot carry, by cluster; the
                        // jump is wanted at the piece's start, so in its first part only.
                        let (from_s, first) = (part_start_s - p.start_s, part_start_s == p.start_s);
                        let mut refused_share = [0.0; 2];
                        for i in 0..2 {
                            let waited = self.buckets[i].advance_waiting(if first { jumps[i] } else { 0.0 }, wanted[i], len);
                            refused_any |= waited > 0.0;
                            let offered = rate * shares[i] * len;
                            let lost = shortfalls[i].map_or(0.0, |g| g.lost(from_s, from_s + len));
                            refused_share[i] = if offered > 0.0 { (lost / offered).clamp(0.0, 1.0) } else { 0.0 };
                            if let Some(r) = self.reconnecting[i].map(|k| &mut self.reconnections[k]) {
                                if offered > 0.0 {
                                    let lost = refused_share[i] * offered;
                                    r.failed_reads += lost * reads / rate;
                                    r.failed_writes += lost * writes / rate;
                                }
                                if self.buckets[i].waiting() <= 0.0 {
                                    self.reconnecting[i] = None;
                                }
                            }
                        }
                        refused_share
                    }
                    None => {
                        let mut refused_share = [0.0; 2];
                        for i in 0..2 {
                            let refused = self.buckets[i].advance(wanted[i], len);
                            refused_share[i] = if wanted[i] > 0.0 { (refused / (wanted[i] * len)).clamp(0.0, 1.0) } else { 0.0 };
                        }
                        refused_share
                    }
                };
                refused_any |= refused_share.iter().any(|&r| r > 0.0);
                let connecting = Some(ConnectionsInForce { client_shares: shares, refused_share });
                let at = self.model.at_in_force(reads, writes, k, connecting);
                // The worst p99 is at the part's start, where the slow-down is largest.
                let p99_ms = if k_start > k + 1e-12 { self.model.at_in_force(reads, writes, k_start, connecting).p99_ms } else { at.p99_ms };
                book(&at, &mut lost, weight);
                let failed = at.lost.total() + fault_lost;
                let piece = DsqlStep {
                    offered_rps: p.rate,
                    served_rps: at.served_per_s,
                    failed_rps: failed,
                    p50_ms: at.p50_ms,
                    p99_ms: 0.0,
                    dpu_per_s: at.dpu_per_s.total(),
                    open_connections: at.open_connections,
                    latency_multiplier: k,
                };
                record.mix(&piece, weight);
                worst_p99 = worst_p99.max(p99_ms);
                peak_dpu = peak_dpu.max(at.dpu_per_s.total());
                most_slowed = most_slowed.max(k_start);
                if p.rate > 0.0 && failed / p.rate > FAILING_SHARE {
                    failing_s += len;
                }
                self.dpu += at.dpu_per_s.total() * len;
                self.storage_gb_s += at.storage_gb * len;
                bill.capacity_usd += at.dpu_per_s.total() * len * price_per_dpu;
                // DPUs are what a Savings Plan covers.
                self.totals.eligible.add(part_start_s, len, at.dpu_per_s.total() * len * price_per_dpu);
                part_start_s += len;
                bill.storage_usd += at.cost.storage_usd * len / MONTH_S;
                bill.transfer_usd += at.cost.transfer_usd * len / MONTH_S;
            }
            self.piece_multiplier.push(if p.length_s > 0.0 { multiplier_s / p.length_s } else { self.reconfiguration.multiplier(&s.estimates) });
        }
        record.p99_ms = worst_p99;
        if let Some(hot) = hot {
            let x = hot.step(s, Database::Dsql, t0, dt, pieces, record.served_rps, journal);
            x.book(&mut lost, &mut record.failed_rps, &mut record.served_rps, &mut failing_s, dt);
            // The hot row's bill: each retry an aborted attempt's DPUs, and a transaction
            // that failed every attempt (billed above as served) wrote nothing; compute at
            // each piece's own slow-down.
            let dpu_per_s = hot.billed_per_s(&x, dt, |i| {
                let (full, aborted) = self.model.write_attempt_dpu(self.piece_multiplier[i]);
                (aborted.total(), aborted.total() - full.total())
            });
            let usd = dpu_per_s * dt * price_per_dpu;
            self.dpu += dpu_per_s * dt;
            record.dpu_per_s += dpu_per_s;
            bill.capacity_usd += usd;
            self.totals.eligible.amend(t0, dt, usd);
        }
        let cost = bill.total_usd();
        self.acc.add(&record, &lost, cost, dt);
        self.totals.add(dt, record.offered_rps, &lost, failing_s, lost.total(), worst_p99, peak_dpu, &bill);
        self.narrate(t0, dt, &record, &lost, most_slowed, refused_any, journal);
        (record, lost, cost)
    }

    fn narrate(&mut self, t0: f64, dt: f64, record: &DsqlStep, lost: &Ledger, most_slowed: f64, refused_any: bool, journal: &mut Journal) {
        let db = Database::Dsql;
        if let Some((started, at)) = self.slowed.feed(t0, t0 + dt, most_slowed > TOLD_SLOWDOWN) {
            let text = if started {
                format!(
                    "a sudden rise to {} req/s: latency ×{:.1} while DSQL brings capacity online (estimate)",
                    si(record.offered_rps),
                    most_slowed
                )
            } else {
                format!("capacity online: latency back to normal after {}", duration_words(at - self.slowed.since_s))
            };
            journal.push(at, db, if started { EventKind::DsqlReconfiguring } else { EventKind::DsqlReconfigured }, text);
        }
        if let Some((started, at)) = self.refusing.feed(t0, t0 + dt, refused_any) {
            let waiting: f64 = self.buckets.iter_mut().map(|b| b.take_peak_waiting()).sum();
            let text = if started && waiting > 0.0 && self.pooled {
                format!("{} pooled connections wait to reconnect: above 100 new connections/s DSQL refuses them (53400), the burst of 1,000 spent", si(waiting))
            } else if started && waiting > 0.0 {
                format!("{} new Lambda environments wait for a connection: above 100 new connections/s DSQL refuses them (53400), the burst of 1,000 spent", si(waiting))
            } else if started {
                "new connections above 100/s refused (53400): the burst of 1,000 is spent".to_string()
            } else {
                format!("new connections accepted again after {}", duration_words(at - self.refusing.since_s))
            };
            journal.push(at, db, if started { EventKind::DsqlConnectionsRefused } else { EventKind::DsqlConnectionsAccepted }, text);
        }
        let share = if record.offered_rps > 0.0 { lost.total() / record.offered_rps } else { 0.0 };
        if let Some((started, at)) = self.failing.feed(t0, t0 + dt, share > FAILING_SHARE) {
            if started {
                let why = lost.ranked().first().map_or(String::new(), |&(c, _)| format!(", mostly {}", c.label()));
                journal.push(at, db, EventKind::FailingStarted, format!("requests start failing: {} of them{why}", percent(share)));
            } else {
                journal.push(at, db, EventKind::FailingEnded, format!("every request served again after {}", duration_words(at - self.failing.since_s)));
            }
        }
    }

    /// The reconnections a Region outage caused (at its redirect, and when its Region
    /// returns), as its DSQL impact tells them: the requests they failed and how long
    /// connections waited.
    pub(super) fn reconnections_in(&self, fault: &Fault, topology: Topology) -> Vec<RunFinding> {
        let Fault::RegionOutage { .. } = fault else { return Vec::new() };
        let (from_s, to_s) = (fault.at_s(), fault.at_s() + fault.duration_s().unwrap_or(0.0));
        // Pieces start at the fault's phase boundaries, its end included.
        let within = |r: &&Reconnection| r.at_s >= from_s - 1e-9 && r.at_s <= to_s + 1e-9;
        self.reconnections.iter().filter(within).map(|r| {
            let peer = match (topology, r.cluster) {
                (Topology::SingleRegion, _) => "the cluster",
                (Topology::MultiRegion, 0) => "Region A's peer",
                (Topology::MultiRegion, _) => "Region B's peer",
            };
            let failed = r.failed_reads + r.failed_writes;
            let after = if failed > 0.0 {
                format!("{} requests fail meanwhile, more than the open connections can carry", si(failed))
            } else {
                "the pools' spare connections carry the traffic meanwhile".to_string()
            };
            RunFinding {
                said: format!(
                    "At {}, {} pooled connections open to {peer} at once: its burst admits {}, and {} are refused (53400) and retried at 100 a second for {}; {after}.",
                    clock(r.at_s),
                    si(r.connections),
                    si(r.admitted),
                    si(r.waiting),
                    duration(r.waited_s)
                ),
                failed_reads: r.failed_reads,
                failed_writes: r.failed_writes,
                back_after_s: r.at_s + r.waited_s - from_s,
            }
        }).collect()
    }

    /// The run's summary over `simulated_s`: the free tier taken off the month's DPU and
    /// storage cost (never below zero), as the bill does.
    pub(super) fn summary(&self, simulated_s: f64, prices: &PriceTable) -> Summary {
        let (price_per_million_dpu, price_per_gb_month) = (prices.dsql_dpu_per_million.value, prices.dsql_storage_gb_month.value);
        let mut summary = self.totals.summary(simulated_s, MONTH_S, prices.savings_plan_dsql_off.value, self.model.billing().plan_usd_per_h);
        if simulated_s > 0.0 && self.model.billing().free_tier {
            let scale = MONTH_S / simulated_s;
            let free_dpu_usd = (self.dpu * scale).min(DSQL_FREE_DPU_PER_MONTH) * price_per_million_dpu / 1e6;
            let gb_month = self.storage_gb_s / simulated_s;
            let free_storage_usd = gb_month.min(DSQL_FREE_STORAGE_GB_MONTH) * price_per_gb_month;
            // Inside the allowance the line is zero, not what float rounding of the same
            // amount summed two ways leaves.
            let within = |used: f64, free: f64, line: f64, credit: f64| if used <= free { 0.0 } else { (line - credit).max(0.0) };
            summary.monthly_capacity_usd = within(self.dpu * scale, DSQL_FREE_DPU_PER_MONTH, summary.monthly_capacity_usd, free_dpu_usd);
            summary.monthly_storage_usd = within(gb_month, DSQL_FREE_STORAGE_GB_MONTH, summary.monthly_storage_usd, free_storage_usd);
            summary.monthly_cost_usd = summary.bill_lines_usd().iter().sum();
            // The plan's saving is on the DPUs billed before the free tier: take it off what is left.
            summary.monthly_cost_with_plan_usd = (summary.monthly_cost_usd - summary.savings_plan.saving_usd() * scale).max(0.0);
        }
        summary
    }
}

/// Book a piece's losses, weighted by its share of the step, under the ledger's causes.
fn book(at: &DsqlSteady, lost: &mut Ledger, weight: f64) {
    for cause in DsqlLoss::ALL {
        let amount = at.lost.get(cause);
        if amount > 0.0 {
            lost.add(ledger_cause(cause), amount * weight);
        }
    }
}

/// The ledger's name for a DSQL loss.
pub(crate) fn ledger_cause(cause: DsqlLoss) -> LossCause {
    match cause {
        DsqlLoss::ConnectionRate => LossCause::DsqlConnectionRate,
        DsqlLoss::TooManyConnections => LossCause::DsqlTooManyConnections,
        DsqlLoss::PoolTimeout => LossCause::DsqlPoolTimeout,
        DsqlLoss::StorageFull => LossCause::DsqlStorageFull,
        DsqlLoss::TransactionTooLarge => LossCause::DsqlTransactionTooLarge,
        DsqlLoss::TransactionTooLong => LossCause::DsqlTransactionTooLong,
    }
}
