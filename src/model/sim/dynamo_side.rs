//! DynamoDB's side of a step: each piece of traffic through the per-key ceiling, the table's
//! and the indexes' capacity ([`super::dynamo_capacity`]), latency over stretches of
//! constant shortfall ([`super::stretches`]), losses by AWS's throttling reason, cost, the
//! partition heat map, and the moments worth narrating. The pieces of a step are summed
//! into one record, booked once per step (bucket and totals): a step of a per-second trace
//! is a few pieces, each cheap.

use super::dynamo_capacity::{self, DimensionStep, DynamoCapacity, Limit, Piece, Served};
use super::events::{Episode, EventKind, Journal};
use super::heat::{HeatMapper, PartitionLoad};
use super::ledger::{Database, Ledger, LossCause};
use super::output::{self, DynamoAccumulator, DynamoStep, StepCost, Totals};
use super::pieces::{Pieces, TrafficPiece};
use crate::model::faults::StepFaults;
use super::{duration_words, stretches, MONTH_S};
use crate::format::{percent, si};
use crate::model::dynamodb::{free_units, partitions_for, provisioned_units, CapacityMode, DynamoDemand, DynamoModel, DynamoSteady, Shortfall, UnitPrices};
use crate::model::facts::DDB_CANCELLED_TRANSACTION_CAPACITY_SHARE;
use crate::model::commitments::HourlySpend;
use crate::model::scenario::Scenario;
use crate::model::workload::QueryKind;

pub(super) struct DynamoSide {
    pub(super) model: DynamoModel,
    pub(super) capacity: DynamoCapacity,
    pub(super) unit: UnitPrices,
    pub(super) heat_mapper: HeatMapper,
    pub(super) partitions: f64,
    pub(super) hot_for_s: f64,
    pub(super) served_reads: Vec<Served>,
    pub(super) served_writes: Vec<Served>,
    pub(super) index_load: Vec<Piece>,
    pub(super) served_index: Vec<Served>,
    /// The step cut where any dimension's shortfall changes (see `stretches`).
    pub(super) stretches: Vec<stretches::Stretch>,
    pub(super) acc: DynamoAccumulator,
    pub(super) totals: Totals,
    /// Provisioned RCU and WCU in force in the home Region, unit-hours per hour (for
    /// reserved capacity; replicated writes are not eligible).
    pub(super) rcu_in_force: HourlySpend,
    pub(super) wcu_in_force: HourlySpend,
    // Narration.
    pub(super) failing: Episode,
    pub(super) key_ceiling: bool,
    pub(super) last_split_told_s: f64,
    pub(super) on_demand_told: [f64; 3],
}

/// A step's pieces, summed: the time-weighted record (p99 the worst), losses per second,
/// costs, failing seconds, throttle events, the worst p99 and the highest capacity.
struct StepSums {
    record: DynamoStep,
    lost: Ledger,
    cost: StepCost,
    failing_s: f64,
    throttle_events: f64,
    p99_ms: f64,
    peak: f64,
}

impl Default for StepSums {
    fn default() -> Self {
        let lost = Ledger::new(Database::Dynamodb);
        StepSums { record: DynamoStep::default(), lost, cost: StepCost::default(), failing_s: 0.0, throttle_events: 0.0, p99_ms: 0.0, peak: 0.0 }
    }
}

impl DynamoSide {
    /// One step of DynamoDB over its pieces: `(what to record, requests lost per second by
    /// cause, cost USD)`. Each piece is judged on its own; the step books their sum once.
    pub(super) fn step(&mut self, s: &Scenario, dt: f64, pieces: &Pieces, journal: &mut Journal, hot: Option<&mut super::hot_rows::HotRows>) -> (DynamoStep, Ledger, f64) {
        let mut step = StepSums::default();
        for p in &pieces.pieces {
            self.piece(s, p, pieces.faults(p), dt, &mut step, journal);
        }
        let StepSums { mut record, mut lost, cost: mut bill, mut failing_s, mut throttle_events, p99_ms, peak } = step;
        if let Some(hot) = hot {
            let t0 = pieces.pieces.first().map_or(0.0, |p| p.start_s);
            let x = hot.step(s, Database::Dynamodb, t0, dt, pieces, record.served_rps, journal);
            throttle_events += x.book(&mut lost, &mut record.failed_rps, &mut record.served_rps, &mut failing_s, dt) * dt;
            // On demand, the hot item's retries are billed: a cancelled transaction consumes
            // its write units (DOC), and one cancelled on every attempt (billed above as
            // served) wrote no index or replica. Provisioned, they use capacity already paid
            // for; that they also compete for it is not modelled.
            if s.dynamodb.mode == CapacityMode::OnDemand {
                let (per_unit, consumed) = (self.unit.on_demand_write_per_million / 1e6, DDB_CANCELLED_TRANSACTION_CAPACITY_SHARE);
                let table_units = self.model.units_per_request().1;
                let per_retry = table_units * consumed * per_unit;
                let per_failed = (table_units * (consumed - 1.0) - self.model.units_on_commit_per_write()) * per_unit;
                let usd = hot.billed_per_s(&x, dt, |_| (per_retry, per_failed)) * dt;
                bill.capacity_usd += usd;
                self.totals.eligible.amend(t0, dt, usd);
            }
        }
        record.p99_ms = p99_ms;
        record.partitions = self.partitions;
        let cost = bill.total_usd();
        self.acc.add(&record, &lost, cost, dt);
        self.totals.add(dt, record.offered_rps, &lost, failing_s, throttle_events / dt, p99_ms, peak, &bill);
        (record, lost, cost)
    }

    /// One piece of a step (`p.length_s` seconds from `p.start_s` at a constant rate), added
    /// into `step` (of `dt` seconds).
    fn piece(&mut self, s: &Scenario, p: &TrafficPiece, fx: &StepFaults, step_dt: f64, step: &mut StepSums, journal: &mut Journal) {
        let (t0, dt, rate, (reads, writes), faults) = (p.start_s, p.length_s, p.rate, (p.reads, p.writes), &fx.dynamodb);
        let cfg = &s.dynamodb;
        let est = &s.estimates;
        // What faults fail first (a lost Region), by their own causes; the rest reaches the
        // table.
        let mut lost = Ledger::new(Database::Dynamodb);
        let (reads, writes) = if p.faulted.is_some() {
            let (reads, writes, _) = lost.book_faults(faults, reads, writes, 1.0);
            (reads, writes)
        } else {
            (reads, writes)
        };
        let fault_lost = if p.faulted.is_some() { lost.total() } else { 0.0 };
        let demand = self.model.demand_rw(reads, writes);
        let (read_units, write_units) = self.model.units_per_request();
        let index_units = self.model.units_per_index_per_write();

        // The table's reads and writes, then each index's writes of what the table took.
        self.served_reads.clear();
        self.served_writes.clear();
        let reads = self.capacity.read.run(t0, &[(dt, demand.key_served_read_units_per_s)], &mut self.served_reads);
        let writes = self.capacity.write.run(t0, &[(dt, demand.key_served_writes_per_s * write_units)], &mut self.served_writes);
        let index = match &mut self.capacity.index {
            Some(dimension) if index_units > 0.0 => {
                self.index_load.clear();
                self.index_load.extend(self.served_writes.iter().map(|p| (p.length_s, p.served_per_s / write_units * index_units)));
                self.served_index.clear();
                Some(dimension.run(t0, &self.index_load, &mut self.served_index))
            }
            _ => None,
        };
        let excess = |d: &DimensionStep| d.excess_unit_s.iter().sum::<f64>() / dt;
        let shortfall = Shortfall {
            read_units_per_s: excess(&reads),
            writes_per_s: excess(&writes) / write_units,
            index_writes_per_s: index.as_ref().map_or(0.0, |i| excess(i) / index_units),
        };
        let now = self.model.outcome(&demand, &shortfall);
        lost.add(LossCause::DynamoWriteConflict, now.lost.writes_conflict);
        // Latency: when the table throttles for part of the step (burst running out, a
        // scaling update landing), each stretch with the same shortfall in every dimension
        // has its own, and the step keeps the worst p99 and the time-weighted p50, as a
        // bucket of steps does. The stretches are cut at simulated moments, so any step
        // size sees the same ones.
        let served_index: &[Served] = if index.is_some() { &self.served_index } else { &[] };
        stretches::merge([&self.served_reads, &self.served_writes, served_index], &mut self.stretches);
        let (p50_ms, p99_ms) = if self.stretches.len() > 1 {
            let (mut p50_weighted, mut p99_worst, mut length_total_s) = (0.0, 0.0f64, 0.0);
            for &(length_s, [read_units, write_units_short, index_units_short]) in &self.stretches {
                let short = Shortfall {
                    read_units_per_s: read_units,
                    writes_per_s: write_units_short / write_units,
                    index_writes_per_s: if index_units > 0.0 { index_units_short / index_units } else { 0.0 },
                };
                let (p50, p99) = self.model.latency_under(&demand, &short);
                p50_weighted += p50 * length_s;
                p99_worst = p99_worst.max(p99);
                length_total_s += length_s;
            }
            (p50_weighted / length_total_s, p99_worst)
        } else {
            (now.p50_ms, now.p99_ms)
        };

        lost.add(LossCause::TableReadHotKey, now.lost.reads_key_range);
        lost.add(LossCause::TableWriteHotKey, now.lost.writes_key_range);
        for limit in [Limit::Provisioned, Limit::OnDemandGrowth, Limit::Quota, Limit::MaxThroughput] {
            let (read_cause, write_cause, index_cause) = match limit {
                Limit::Provisioned => (LossCause::TableReadProvisioned, LossCause::TableWriteProvisioned, LossCause::IndexWriteProvisioned),
                Limit::OnDemandGrowth => (LossCause::TableReadGrowth, LossCause::TableWriteGrowth, LossCause::IndexWriteGrowth),
                Limit::Quota => (LossCause::TableReadAccountLimit, LossCause::TableWriteAccountLimit, LossCause::IndexWriteAccountLimit),
                Limit::MaxThroughput => (LossCause::TableReadMaxOnDemand, LossCause::TableWriteMaxOnDemand, LossCause::IndexWriteMaxOnDemand),
            };
            lost.add(read_cause, reads.excess(limit) / dt / read_units);
            lost.add(write_cause, writes.excess(limit) / dt / write_units);
            if let Some(i) = &index {
                lost.add(index_cause, i.excess(limit) / dt / index_units);
            }
        }

        // Cost: on-demand bills what was served; provisioned bills capacity in force, with
        // replica Regions (and their indexes) provisioned for their load at the target.
        let month_share = dt / MONTH_S;
        let capacity_usd = match cfg.mode {
            CapacityMode::OnDemand => now.cost.on_demand_usd * month_share,
            CapacityMode::Provisioned => {
                let regions = 1.0 + f64::from(cfg.replica_regions);
                let remote_units = now.replicated_write_units_per_s + now.index_write_units_per_s * (regions - 1.0) / regions;
                let local_index_unit_s = index.as_ref().map_or(0.0, |i| i.capacity_unit_s) * f64::from(cfg.global_secondary_indexes);
                let (rcu_unit_s, wcu_unit_s) = (reads.capacity_unit_s, writes.capacity_unit_s + local_index_unit_s);
                self.rcu_in_force.add(t0, dt, rcu_unit_s / 3600.0);
                self.wcu_in_force.add(t0, dt, wcu_unit_s / 3600.0);
                // The free tier's units come off the capacity in force, each kind on its own.
                let free = free_units(cfg, &s.billing) * dt;
                ((rcu_unit_s - free).max(0.0) * self.unit.rcu_hour + (wcu_unit_s - free).max(0.0) * self.unit.wcu_hour) / 3600.0
                    + provisioned_units(remote_units, cfg.target_utilisation) * self.unit.wcu_hour * dt / 3600.0
            }
        };
        let bill = StepCost {
            capacity_usd: capacity_usd + now.cost.dax_usd * month_share,
            io_usd: 0.0,
            storage_usd: now.cost.storage_usd * month_share,
            backup_usd: now.cost.backup_usd * month_share,
            transfer_usd: now.cost.transfer_usd * month_share,
        };
        let (read_capacity, write_capacity) = (self.capacity.read.capacity(), self.capacity.write.capacity());
        let burst_s = |d: &dynamo_capacity::Dimension| if cfg.mode == CapacityMode::Provisioned && d.capacity() > 0.0 { d.burst_unit_s() / d.capacity() } else { 0.0 };

        // Partitions split for storage and capacity, and for heat.
        self.partitions = self.partitions.max(partitions_for(s.workload.table_size_gb, read_capacity, write_capacity));
        let partitions_before = self.partitions;
        let hot = self.heat_mapper.step(self.partitions, &partition_load(s, &demand, &now), est.ddb_split_for_heat_utilisation);
        self.hot_for_s = if hot > 0 { self.hot_for_s + dt } else { 0.0 };
        if self.hot_for_s >= est.ddb_split_for_heat_delay_s {
            self.partitions += hot as f64;
            self.heat_mapper.split_applied();
            self.hot_for_s = 0.0;
        }

        let record = DynamoStep {
            offered_rps: rate,
            // Everything lost can exceed the rate by a rounding error: never serve less than 0.
            served_rps: (rate - lost.total()).max(0.0),
            failed_rps: lost.total(),
            p50_ms,
            p99_ms,
            read_capacity_units: reads.capacity_unit_s / dt,
            write_capacity_units: writes.capacity_unit_s / dt,
            index_write_capacity_units: index.as_ref().map_or(0.0, |i| i.capacity_unit_s / dt),
            consumed_read_units: reads.served_unit_s / dt,
            consumed_write_units: writes.served_unit_s / dt,
            read_throttle_events_per_min: now.read_throttle_events_per_s * 60.0,
            write_throttle_events_per_min: now.write_throttle_events_per_s * 60.0,
            read_burst_s: burst_s(&self.capacity.read),
            write_burst_s: burst_s(&self.capacity.write),
            partitions: self.partitions,
        };
        let peak = reads.peak_capacity.max(writes.peak_capacity);
        // Failing time: all of the step if hot keys lose over 0.1 % of requests, else while
        // the table or an index throttled.
        let key_share = if rate > 0.0 { (now.lost.reads_key_range + now.lost.writes_key_range) / rate } else { 0.0 };
        let failing_s = if key_share > output::FAILING_SHARE || fault_lost > output::FAILING_SHARE * rate {
            dt
        } else if lost.total() > output::FAILING_SHARE * rate {
            reads.throttled_s.max(writes.throttled_s).max(index.as_ref().map_or(0.0, |i| i.throttled_s))
        } else {
            0.0
        };
        let weight = dt / step_dt;
        step.record.mix(&record, weight);
        step.lost.accumulate(&lost, weight);
        step.cost.accumulate(&bill);
        // Throughput, on demand or provisioned, is what a Savings Plan covers (not DAX).
        self.totals.eligible.add(t0, dt, capacity_usd);
        step.failing_s += failing_s;
        step.throttle_events += (now.read_throttle_events_per_s + now.write_throttle_events_per_s) * dt;
        step.p99_ms = step.p99_ms.max(p99_ms);
        step.peak = step.peak.max(peak);
        self.narrate(s, t0, dt, &now, &lost, [&reads, &writes], partitions_before, journal);
    }

    #[allow(clippy::too_many_arguments)]
    fn narrate(&mut self, s: &Scenario, t0: f64, dt: f64, now: &DynamoSteady, lost: &Ledger, dims: [&DimensionStep; 2], partitions_before: f64, journal: &mut Journal) {
        let db = Database::Dynamodb;
        for (dim, name, cause, requests) in [
            (dims[0], "reads", LossCause::TableReadProvisioned, now.read_units_per_s / now.read_units_per_request),
            (dims[1], "writes", LossCause::TableWriteProvisioned, now.write_units_per_s / now.write_units_per_request),
        ] {
            if let Some(at) = dim.burst_spent_at_s {
                // The share throttled once it ran out (the step may have started with burst).
                let after = (t0 + dt - at).max(1e-9);
                let share = (lost.get(cause) * dt / after / requests.max(1e-12)).min(1.0);
                journal.push(at, db, EventKind::BurstSpent, format!("burst spent: {} of {name} throttled, {}", percent(share), cause.reason()));
            }
        }
        let mut tell_changes = |dimension: &mut dynamo_capacity::Dimension, what: &str, unit: &str, slot: usize| {
            for (t, from, to) in dimension.changes.drain(..) {
                match s.dynamodb.mode {
                    CapacityMode::Provisioned => {
                        let kind = if to > from { EventKind::ScaledOut } else { EventKind::ScaledIn };
                        let verb = if to > from { "raises" } else { "lowers" };
                        journal.push(t, db, kind, format!("auto scaling {verb} {what} capacity: {} → {} {unit}", si(from), si(to)));
                    }
                    CapacityMode::OnDemand => {
                        if to >= 1.5 * self.on_demand_told[slot].max(from) {
                            journal.push(t, db, EventKind::OnDemandGrew, format!("on-demand {what} capacity grows to {} units/s: twice a peak held 30 minutes ago", si(to)));
                            self.on_demand_told[slot] = to;
                        }
                    }
                }
            }
            if let Some(day) = dimension.decrease_refused_day.take() {
                journal.push(t0, db, EventKind::DecreaseQuotaReached, format!("{what} capacity stays up: the day's decreases are used (4 in the first hour of day {}, then 1 an hour)", day + 1));
            }
        };
        tell_changes(&mut self.capacity.read, "read", "RCU", 0);
        tell_changes(&mut self.capacity.write, "write", "WCU", 1);
        if let Some(index) = &mut self.capacity.index {
            tell_changes(index, "each index's write", "WCU", 2);
        }
        let over_ceiling = now.keys_over_ceiling >= 1.0;
        if over_ceiling && !self.key_ceiling {
            let (units, cap, unit, what) = if now.hottest_key_write_units_per_s > crate::model::facts::DDB_PARTITION_MAX_WCU {
                (now.hottest_key_write_units_per_s, crate::model::facts::DDB_PARTITION_MAX_WCU, "WCU", "writes")
            } else {
                (now.hottest_key_read_units_per_s, crate::model::facts::DDB_PARTITION_MAX_RCU, "RCU", "reads")
            };
            journal.push(t0, db, EventKind::KeyAtCeiling, format!("a key at its ceiling: the hottest key's {what} ask {} {unit}/s of the {} one partition gives", si(units), si(cap)));
        }
        self.key_ceiling = over_ceiling;
        if self.partitions > partitions_before && t0 - self.last_split_told_s >= 3_600.0 {
            journal.push(t0 + dt, db, EventKind::PartitionSplit, format!("a hot partition splits for heat: {} → {} partitions (one key still stays on one)", si(partitions_before), si(self.partitions)));
            self.last_split_told_s = t0;
        }
        let failing = now.failed_share > 0.001;
        if let Some((started, at)) = self.failing.feed(t0, t0 + dt, failing) {
            if started {
                let cause = lost.ranked().first().map(|&(c, _)| c);
                let why = cause.map_or(String::new(), |c| format!(", mostly {} ({})", c.reason(), c.label()));
                journal.push(at, db, EventKind::FailingStarted, format!("first throttles: {} of requests fail after every retry{why}", percent(now.failed_share)));
            } else {
                journal.push(at, db, EventKind::FailingEnded, format!("throttling ends after {}", duration_words(at - self.failing.since_s)));
            }
        }
    }
}

/// Where the table's load lands: key reads and writes follow popularity (unless DAX has
/// taken the popular keys' reads), Scans and a transaction's order item spread evenly.
fn partition_load(s: &Scenario, demand: &DynamoDemand, now: &DynamoSteady) -> PartitionLoad {
    let reads = demand.read_units_per_s;
    let (keyed_reads, spread_reads) = if s.workload.query == QueryKind::Report || now.dax_hit_share > 0.0 { (0.0, reads) } else { (reads, 0.0) };
    let writes = now.write_units_per_s;
    let keyed_writes = if s.workload.query == QueryKind::Transaction { writes / 2.0 } else { writes };
    PartitionLoad { keyed_read_units: keyed_reads, keyed_write_units: keyed_writes, spread_read_units: spread_reads, spread_write_units: writes - keyed_writes }
}
