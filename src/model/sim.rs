//! The deterministic time-stepped engine: one traffic trace drives both databases.
//!
//! A run is cut into steps (`step_s`, chosen for the traffic's shape when not set; the last
//! step ends at the duration). Each step offers the traffic's exact mean rate over the step
//! ([`offered`]). Every mechanism is expressed in simulated seconds, never in steps: inside a
//! step, DynamoDB's capacity ([`dynamo_capacity`]) and Aurora's ([`aurora_capacity`]) are
//! cut at the moments their rules change (a CloudWatch minute ends, burst runs out, an auto
//! scaling update lands, an on-demand peak matures, a Serverless v2 scaling step, a pause),
//! so the same scenario gives the same capacity at any step size.
//!
//! * **DynamoDB**: the per-key ceiling (analytic, Zipf), then the table's read and write
//!   capacity, then each index's write capacity (GSI back-pressure), each under its own
//!   rules; what is lost is booked under AWS's throttling reason ([`ledger`]).
//! * **Aurora**: the M/M/c+D model at each instance's capacity, time-outs weighed over every
//!   capacity the step goes through, latency at the step's mean capacity plus the backlog
//!   carried from earlier steps ([`aurora_capacity::Backlog`]).
//! * **Output** ([`output`]): series at chart resolution (buckets with mean, min and max),
//!   summaries exact over every step, the partition heat map ([`heat`]), and the events that
//!   narrate the run ([`events`]). Memory does not grow with the number of steps.
//!
//! No wall clock, no global state: the same scenario gives identical output. The cost of a
//! step does not depend on the request rate (hot keys are analytic; [`monte_carlo`] samples
//! keys only so tests can check that), and the models are built once per run, not per step.

pub mod aurora_capacity;
pub(crate) mod dynamo_capacity;
pub mod events;
pub mod heat;
pub mod ledger;
pub mod monte_carlo;
pub mod offered;
pub mod output;
mod stretches;

pub use events::{Event, EventKind};
pub use ledger::{Database, Ledger, LossCause};
pub use offered::step_s;
pub use output::{AuroraSeries, AuroraStep, DynamoSeries, DynamoStep, Series, SimRun, Summary, MAX_BUCKETS};

use crate::format::{percent, si};
use crate::model::aurora::{settled_acu, AuroraModel, Sizing};
use crate::model::faults::{FaultPlan, Losses, StepFaults};
use crate::model::dynamodb::{partitions_for, provisioned_units, unit_prices, CapacityMode, DynamoDemand, DynamoModel, DynamoSteady, Shortfall, UnitPrices};
use crate::model::facts::{AURORA_ACU_STEP, HOURS_PER_MONTH};
use crate::model::scenario::Scenario;
use crate::model::workload::QueryKind;
use crate::model::zipf::Zipf;
use aurora_capacity::{AcuPiece, AuroraCapacity, Backlog, Phase};
use dynamo_capacity::{DimensionStep, DynamoCapacity, Limit, Piece, Served};
use events::{Episode, Journal};
use heat::{HeatMap, HeatMapper, PartitionLoad, ROWS};
use output::{AuroraAccumulator, DynamoAccumulator, Totals};

const MONTH_S: f64 = HOURS_PER_MONTH * 3600.0;

/// Run `scenario` (which must be valid) over its simulated duration.
pub fn run(scenario: &Scenario) -> SimRun {
    let mut engine = Engine::new(scenario);
    engine.advance(usize::MAX);
    engine.finish()
}

/// One step as the engine made it, for a caller that wants every step (the CLI's CSV).
pub struct StepRecord<'a> {
    pub t_s: f64,
    pub length_s: f64,
    pub dynamodb: &'a DynamoStep,
    pub dynamodb_lost_rps: &'a Ledger,
    pub dynamodb_cost_usd: f64,
    pub aurora: &'a AuroraStep,
    pub aurora_lost_rps: &'a Ledger,
    pub aurora_cost_usd: f64,
}

/// The engine as a stepper, so a caller (the page's Web Worker) can run a long scenario in
/// slices, show progress and the run so far, and drop it when newer input arrives.
pub struct Engine {
    scenario: Scenario,
    step_s: f64,
    steps: usize,
    done: usize,
    in_bucket: usize,
    dynamo: DynamoSide,
    aurora: AuroraSide,
    out: SimRun,
    journal: Journal,
    /// Where the current step is cut (its start, the traffic's and the faults' breakpoints,
    /// its end).
    cuts: Vec<f64>,
    faults: FaultPlan,
}

struct DynamoSide {
    model: DynamoModel,
    capacity: DynamoCapacity,
    unit: UnitPrices,
    heat_mapper: HeatMapper,
    partitions: f64,
    hot_for_s: f64,
    served_reads: Vec<Served>,
    served_writes: Vec<Served>,
    index_load: Vec<Piece>,
    served_index: Vec<Served>,
    /// The step cut where any dimension's shortfall changes (see `stretches`).
    stretches: Vec<stretches::Stretch>,
    acc: DynamoAccumulator,
    totals: Totals,
    // Narration.
    failing: Episode,
    key_ceiling: bool,
    last_split_told_s: f64,
    on_demand_told: [f64; 3],
}

struct AuroraSide {
    model: AuroraModel,
    capacity: AuroraCapacity,
    class: Option<(f64, f64)>,
    backlog: Backlog,
    pieces: Vec<AcuPiece>,
    acc: AuroraAccumulator,
    totals: Totals,
    // Narration.
    failing: Episode,
    saturated: Episode,
    /// The writer's scaling steps in one direction, told as one story.
    acu_run: Option<AcuRun>,
}

/// A run of writer scaling steps in one direction.
struct AcuRun {
    up: bool,
    from: f64,
    to: f64,
    started_s: f64,
    last_s: f64,
    changes: u32,
}

impl AcuRun {
    /// A single step is one event; a longer run was announced when its second step came and
    /// ends with where it settled.
    fn tell_end(&self, journal: &mut Journal) {
        let db = Database::Aurora;
        let (kind, verb) = if self.up { (EventKind::AcuScalingUp, "scales up") } else { (EventKind::AcuScalingDown, "scales down") };
        if self.changes == 1 {
            journal.push(self.started_s, db, kind, format!("writer {verb}: {} → {} ACU", si(self.from), si(self.to)));
        } else {
            let took = duration_words(self.last_s - self.started_s);
            journal.push(self.last_s, db, EventKind::AcuSettled, format!("writer settles at {} ACU ({} from {} ACU in {took})", si(self.to), if self.up { "up" } else { "down" }, si(self.from)));
        }
    }
}

impl Engine {
    /// Prepare a run of `scenario`, which must be valid.
    pub fn new(scenario: &Scenario) -> Engine {
        let s = scenario;
        let step = step_s(s);
        let duration = s.simulation.duration_s;
        let steps = ((duration / step) - 1e-9).ceil().max(1.0) as usize;
        let bucket_steps = steps.div_ceil(MAX_BUCKETS).max(1);
        let base = &s.workload;
        let (dynamo_model, aurora_model) = s.models();
        let base_demand = dynamo_model.demand(base.requests_per_s);
        let index_load = base_demand.key_served_writes_per_s * dynamo_model.units_per_index_per_write();
        let class = s.aurora.class().map(|c| (c.memory_gib / crate::model::facts::AURORA_GIB_PER_ACU, f64::from(c.vcpu)));
        let buckets = steps.div_ceil(bucket_steps);
        let faults = FaultPlan::new(s);
        let mut journal = Journal::default();
        narrate_faults(&faults, &mut journal);
        Engine {
            step_s: step,
            steps,
            done: 0,
            in_bucket: 0,
            dynamo: DynamoSide {
                capacity: DynamoCapacity::new(&s.dynamodb, index_load, s.estimates.ddb_autoscaling_update_delay_s),
                unit: unit_prices(&s.dynamodb, &s.prices),
                heat_mapper: HeatMapper::new(&Zipf::new(base.partition_keys, base.key_skew), s.simulation.seed),
                partitions: 1.0,
                hot_for_s: 0.0,
                served_reads: Vec::with_capacity(32),
                served_writes: Vec::with_capacity(32),
                index_load: Vec::with_capacity(32),
                served_index: Vec::with_capacity(32),
                stretches: Vec::with_capacity(8),
                acc: DynamoAccumulator::default(),
                totals: Totals::default(),
                failing: Episode::default(),
                key_ceiling: false,
                last_split_told_s: f64::NEG_INFINITY,
                on_demand_told: [0.0; 3],
                model: dynamo_model,
            },
            aurora: AuroraSide {
                capacity: AuroraCapacity::new(&s.aurora, &s.estimates, aurora_model.demand_vcpu(base.requests_per_s), class.map(|c| c.0)),
                class,
                backlog: Backlog::default(),
                pieces: Vec::with_capacity(32),
                acc: AuroraAccumulator::default(),
                totals: Totals::default(),
                failing: Episode::default(),
                saturated: Episode::default(),
                acu_run: None,
                model: aurora_model,
            },
            out: SimRun {
                step_s: step,
                steps,
                steps_done: 0,
                duration_s: duration,
                bucket_steps,
                t_s: Vec::with_capacity(buckets),
                dynamodb: DynamoSeries::with_capacity(buckets),
                aurora: AuroraSeries::with_capacity(buckets),
                fault_windows: faults.windows().to_vec(),
                partition_heat: HeatMap { rows: ROWS, partitions: Vec::with_capacity(buckets), utilisation: Vec::with_capacity(buckets * ROWS) },
                ..SimRun::default()
            },
            journal,
            cuts: Vec::with_capacity(8),
            faults,
            scenario: s.clone(),
        }
    }

    /// Steps in the whole run.
    pub fn total_steps(&self) -> usize {
        self.steps
    }

    /// Steps simulated so far.
    pub fn steps_done(&self) -> usize {
        self.done
    }

    pub fn is_done(&self) -> bool {
        self.done >= self.steps
    }

    /// Simulate up to `max_steps` more steps (fewer at the end of the run).
    pub fn advance(&mut self, max_steps: usize) {
        self.advance_with(max_steps, &mut |_| {});
    }

    /// [`Engine::advance`], showing each step to `observer` as it is made.
    pub fn advance_with(&mut self, max_steps: usize, observer: &mut dyn FnMut(&StepRecord)) {
        let stop = self.done.saturating_add(max_steps).min(self.steps);
        while self.done < stop {
            self.step(observer);
            self.done += 1;
        }
    }

    /// The run so far: every complete bucket, the open one, and summaries over the steps
    /// simulated (monthly costs scaled from them).
    pub fn snapshot(&self) -> SimRun {
        let mut out = self.out.clone();
        let (mut d, mut a, mut heat) = (self.dynamo.acc.clone(), self.aurora.acc.clone(), self.dynamo.heat_mapper.clone());
        self.close(&mut out, &mut d, &mut a, &mut heat);
        out
    }

    /// The run over the steps simulated (all of them once [`Engine::is_done`]).
    pub fn finish(mut self) -> SimRun {
        let mut out = std::mem::take(&mut self.out);
        let (mut d, mut a) = (std::mem::take(&mut self.dynamo.acc), std::mem::take(&mut self.aurora.acc));
        let mut heat = std::mem::replace(&mut self.dynamo.heat_mapper, HeatMapper::new(&Zipf::new(1.0, 0.0), 0));
        self.close(&mut out, &mut d, &mut a, &mut heat);
        out
    }

    /// Flush the open bucket and fill in summaries and events.
    fn close(&self, out: &mut SimRun, d: &mut DynamoAccumulator, a: &mut AuroraAccumulator, heat: &mut HeatMapper) {
        if self.in_bucket > 0 {
            d.flush(&mut out.dynamodb);
            a.flush(&mut out.aurora);
            heat.flush(&mut out.partition_heat, self.dynamo.partitions);
        }
        out.dynamodb.lost_rps = d.lost_series();
        out.aurora.lost_rps = a.lost_series();
        out.steps_done = self.done;
        let simulated = self.simulated_s();
        out.dynamodb_summary = self.dynamo.totals.summary(simulated, MONTH_S);
        out.aurora_summary = self.aurora.totals.summary(simulated, MONTH_S);
        out.events = self.journal.events.clone();
        out.events_dropped = self.journal.dropped;
        // What each fault cost, at the traffic offered when it struck.
        let (traffic, base, read_share) = (&self.scenario.traffic, self.scenario.workload.requests_per_s, self.scenario.workload.read_share);
        out.fault_impacts = self.faults.impacts(|t| {
            let (rate, share) = (traffic.rate_at(t, base), traffic.read_share_at(t, read_share));
            (rate * share, rate * (1.0 - share))
        });
    }

    fn simulated_s(&self) -> f64 {
        (self.done as f64 * self.step_s).min(self.scenario.simulation.duration_s)
    }

    fn step(&mut self, observer: &mut dyn FnMut(&StepRecord)) {
        let t0 = self.done as f64 * self.step_s;
        let dt = self.step_s.min(self.scenario.simulation.duration_s - t0).max(1e-9);
        let s = &self.scenario;
        if self.in_bucket == 0 {
            self.out.t_s.push(t0);
        }
        // Cut the step where the traffic jumps or bends, so a batch starts when it starts.
        self.cuts.clear();
        self.cuts.push(t0);
        s.traffic.breakpoints(t0, t0 + dt, &mut self.cuts);
        self.faults.breakpoints(t0, t0 + dt, &mut self.cuts);
        self.cuts.sort_by(f64::total_cmp);
        self.cuts.dedup();
        self.cuts.push(t0 + dt);
        split_where_the_rate_moves(&s.traffic, s.workload.requests_per_s, &mut self.cuts);
        merge_close_cuts(&mut self.cuts);
        let (mut ddb, mut ddb_lost, mut ddb_cost) = (DynamoStep::default(), Ledger::default(), 0.0);
        let (mut aur, mut aur_lost, mut aur_cost) = (AuroraStep::default(), Ledger::default(), 0.0);
        let (mut ddb_p99, mut aur_p99) = (0.0f64, 0.0f64);
        for piece in self.cuts.windows(2) {
            let (a, len) = (piece[0], piece[1] - piece[0]);
            let rate = s.traffic.mean_rate(a, a + len, s.workload.requests_per_s);
            let rw = split_reads_writes(s, a, len, rate);
            // The rate at the piece's ends (the shape is smooth inside a piece): Aurora's worst
            // p99 is judged at the highest rate each capacity stretch reaches.
            let ends = (s.traffic.rate_at(a + 1e-9 * len, s.workload.requests_per_s), s.traffic.rate_at(a + len * (1.0 - 1e-9), s.workload.requests_per_s));
            let weight = len / dt;
            let fx = self.faults.effects(a, a + len);
            let (d, d_lost, d_cost) = self.dynamo.step(s, a, len, (rate, rw), &fx.dynamodb, &mut self.journal);
            let (r, r_lost, r_cost) = self.aurora.step(s, a, len, (rate, rw, ends), &fx, &mut self.journal);
            ddb.mix(&d, weight);
            aur.mix(&r, weight);
            ddb_lost.accumulate(&d_lost, weight);
            aur_lost.accumulate(&r_lost, weight);
            (ddb_cost, aur_cost) = (ddb_cost + d_cost, aur_cost + r_cost);
            (ddb_p99, aur_p99) = (ddb_p99.max(d.p99_ms), aur_p99.max(r.p99_ms));
            ddb.partitions = d.partitions;
        }
        (ddb.p99_ms, aur.p99_ms) = (ddb_p99, aur_p99);
        observer(&StepRecord {
            t_s: t0,
            length_s: dt,
            dynamodb: &ddb,
            dynamodb_lost_rps: &ddb_lost,
            dynamodb_cost_usd: ddb_cost,
            aurora: &aur,
            aurora_lost_rps: &aur_lost,
            aurora_cost_usd: aur_cost,
        });
        self.in_bucket += 1;
        if self.in_bucket == self.out.bucket_steps {
            self.dynamo.acc.flush(&mut self.out.dynamodb);
            self.aurora.acc.flush(&mut self.out.aurora);
            self.dynamo.heat_mapper.flush(&mut self.out.partition_heat, self.dynamo.partitions);
            self.in_bucket = 0;
        }
    }
}

/// The reads and writes per second of a piece `[t0, t0 + dt)` offering `rate`: the series'
/// own read shares where it has them, else the workload's.
fn split_reads_writes(s: &Scenario, t0: f64, dt: f64, rate: f64) -> (f64, f64) {
    if s.traffic.has_read_shares() {
        let reads = s.traffic.mean_reads(t0, t0 + dt, s.workload.requests_per_s, s.workload.read_share).clamp(0.0, rate);
        (reads, rate - reads)
    } else {
        (rate * s.workload.read_share, rate * (1.0 - s.workload.read_share))
    }
}

/// Each fault's window, told where it starts for each database it touches.
fn narrate_faults(plan: &FaultPlan, journal: &mut Journal) {
    for w in plan.windows() {
        for db in [Database::Dynamodb, Database::Aurora] {
            let note = plan.note(w.fault, db);
            if !note.is_empty() {
                journal.push(w.start_s, db, EventKind::FaultStarted, format!("{}: {note}", w.label));
            }
        }
    }
}

/// Most a piece of a step lets the offered rate move, as a share of its mean: queueing near
/// saturation is steep, so a ramp is followed in pieces rather than at its step's average.
const MAX_RATE_MOVE: f64 = 0.02;
/// Most pieces one stretch of a step is cut into for that.
const MAX_RATE_PIECES: usize = 64;
/// How far Aurora's p99 may be off (a share of itself) before a capacity stretch's p99 is
/// judged again at the highest rate the stretch reaches: a bound, estimated as the rate's
/// rise over the mean times 1/(1 - utilisation at that rate). Between 5 and 60 s steps the
/// worst p99 must agree within 6 % (`tests/step_size.rs`); this spends a sixth of it.
const P99_STEEP: f64 = 0.01;

/// Cut each stretch between `cuts` further wherever the traffic's rate moves by more than
/// [`MAX_RATE_MOVE`] across it (a ramp, a steep part of a series).
fn split_where_the_rate_moves(traffic: &crate::model::traffic::Traffic, base_rps: f64, cuts: &mut Vec<f64>) {
    let mut i = 0;
    while i + 1 < cuts.len() {
        let (a, b) = (cuts[i], cuts[i + 1]);
        // Inside a stretch the shape is smooth (breakpoints are cuts), so its ends bound it.
        let (ra, rb) = (traffic.rate_at(a + 1e-9 * (b - a), base_rps), traffic.rate_at(b - 1e-9 * (b - a), base_rps));
        let mean = 0.5 * (ra + rb);
        let pieces = if mean > 0.0 { ((ra - rb).abs() / (MAX_RATE_MOVE * mean)).ceil() as usize } else { 1 };
        let pieces = pieces.clamp(1, MAX_RATE_PIECES);
        for k in 1..pieces {
            cuts.insert(i + k, a + (b - a) * k as f64 / pieces as f64);
        }
        i += pieces;
    }
}

/// Shortest piece of a step: cuts closer than this are merged.
const MIN_PIECE_S: f64 = 1e-6;

/// Merge cuts closer than [`MIN_PIECE_S`], keeping the first and the last. Two breakpoints a
/// rounding error apart (a nightly batch open 24 hours closes and reopens at the same
/// moment, computed from two days) were cut 64 ways into pieces of zero length, and every
/// per-second figure of such a piece was 0 / 0 = NaN.
fn merge_close_cuts(cuts: &mut Vec<f64>) {
    let (Some(&end), true) = (cuts.last(), cuts.len() >= 2) else { return };
    let mut kept = 1;
    for i in 1..cuts.len() - 1 {
        let c = cuts[i];
        if c - cuts[kept - 1] >= MIN_PIECE_S && end - c >= MIN_PIECE_S {
            cuts[kept] = c;
            kept += 1;
        }
    }
    cuts[kept] = end;
    cuts.truncate(kept + 1);
}

/// Throttled or refused attempts per request when a share `failed` of requests fails after
/// `attempts` tries competing for the same capacity: each attempt fails with probability
/// `p = failed^(1/attempts)`, so `p + p² + … + p^attempts` attempts per request.
fn rejected_attempts_per_request(failed: f64, attempts: u32) -> f64 {
    let k = attempts.max(1);
    let p = failed.clamp(0.0, 1.0).powf(1.0 / f64::from(k));
    (1..=k as i32).map(|j| p.powi(j)).sum()
}

impl DynamoSide {
    /// A piece of a step (`dt` seconds from `t0` at a constant `rate`) of DynamoDB: `(what to
    /// record, requests lost per second by cause, cost USD)`.
    fn step(&mut self, s: &Scenario, t0: f64, dt: f64, (rate, (reads, writes)): (f64, (f64, f64)), faults: &Losses, journal: &mut Journal) -> (DynamoStep, Ledger, f64) {
        let cfg = &s.dynamodb;
        let est = &s.estimates;
        // What faults fail first (a lost Region), by their own causes; the rest reaches the
        // table.
        let mut lost = Ledger::default();
        for (cause, read_share, write_share) in faults.causes() {
            lost.add(LossCause::from_fault(cause, Database::Dynamodb), reads * read_share + writes * write_share);
        }
        let fault_lost = lost.total();
        let (reads, writes) = faults.surviving(reads, writes);
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
                (reads.capacity_unit_s * self.unit.rcu_hour + (writes.capacity_unit_s + local_index_unit_s) * self.unit.wcu_hour) / 3600.0
                    + provisioned_units(remote_units, cfg.target_utilisation) * self.unit.wcu_hour * dt / 3600.0
            }
        };
        let other_usd = (now.cost.storage_usd + now.cost.dax_usd + now.cost.transfer_usd) * month_share;
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
        let cost = capacity_usd + other_usd;
        self.acc.add(&record, &lost, cost, dt);
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
        self.totals.add(dt, rate, &lost, failing_s, now.read_throttle_events_per_s + now.write_throttle_events_per_s, p99_ms, peak, (capacity_usd, 0.0, other_usd));
        self.narrate(s, t0, dt, &now, &lost, [&reads, &writes], partitions_before, journal);
        (record, lost, cost)
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

impl AuroraSide {
    /// A piece of a step of Aurora: `(what to record, requests lost per second by cause, cost
    /// USD)`.
    /// `rates`: the piece's mean rate, and its rates at the start and the end.
    fn step(&mut self, s: &Scenario, t0: f64, dt: f64, rates: (f64, (f64, f64), (f64, f64)), fx: &StepFaults, journal: &mut Journal) -> (AuroraStep, Ledger, f64) {
        let (rate, (reads, writes), (rate_start, rate_end)) = rates;
        let (cfg, est) = (&s.aurora, &s.estimates);
        let mut lost = Ledger::default();
        // What faults fail first (a failover, a lost Region), by their own causes; the rest
        // reaches the cluster, with the readers that are up.
        for (cause, read_share, write_share) in fx.aurora.causes() {
            lost.add(LossCause::from_fault(cause, Database::Aurora), reads * read_share + writes * write_share);
        }
        let (reads, writes) = fx.aurora.surviving(reads, writes);
        let arriving = reads + writes;
        let readers = fx.aurora_readers(self.model.readers());
        let (need_writer, need_reader) = self.model.demand_vcpu_rw(reads, writes, readers[0].0);
        self.pieces.clear();
        // Need is linear in the rate: on a ramp it moves from the piece's start to its end.
        let need_at = |r: f64| if rate > 0.0 { (need_writer * r / rate, need_reader * r / rate) } else { (need_writer, need_reader) };
        self.capacity.advance(t0, dt, [need_at(rate_start), need_at(rate_end)], arriving > 0.0, cfg, est, &mut self.pieces);
        let class = self.class;
        let vcpu = move |acu: f64| match class {
            Some((_, vcpu)) => vcpu,
            None => acu * est.aurora_vcpu_per_acu,
        };
        let timeout_ms = est.client_timeout_ms;
        let (mut writer_acu_s, mut reader_acu_s, mut utilisation_s, mut served_s) = (0.0, 0.0, 0.0, 0.0);
        let (mut p50_ms_s, mut p99) = (0.0, 0.0f64);
        let (mut capacity_usd, mut io_usd, mut storage_usd) = (0.0, 0.0, 0.0);
        let mut peak_writer_acu = 0.0f64;
        let fault_share = if rate > 0.0 { lost.total() / rate } else { 0.0 };
        let mut failing_s = if fault_share > output::FAILING_SHARE { dt } else { 0.0 };
        let mut refused_share = 0.0;
        // Each piece of the step has its own capacity: its own time-outs, latency and bill.
        // The step's p50 is their time-weighted mean and its p99 the worst of them, as a
        // bucket of steps keeps them, so a longer step tells the same story.
        for piece in &self.pieces {
            let len = piece.length_s;
            peak_writer_acu = peak_writer_acu.max(piece.writer_acu);
            writer_acu_s += piece.writer_acu * len;
            reader_acu_s += piece.reader_acu * len;
            if piece.phase == Phase::Paused {
                storage_usd += self.model.at(0.0, Sizing::Current { writer_acu: AURORA_ACU_STEP, reader_acu: AURORA_ACU_STEP }).cost.storage_usd * len / MONTH_S;
                self.backlog.advance(0.0, 0.0, len, timeout_ms / 1000.0);
                continue;
            }
            let sizing = Sizing::Current { writer_acu: piece.writer_acu, reader_acu: piece.reader_acu };
            let au = self.model.at_rw(reads, writes, readers[0].0, sizing);
            // With a reader lost for part of the piece, the readers up lie between two whole
            // counts: weigh both.
            let other = (readers[1].1 > 0.0).then(|| self.model.at_rw(reads, writes, readers[1].0, sizing));
            let weigh = |f: &dyn Fn(&crate::model::aurora::AuroraSteady) -> f64| f(&au) * readers[0].1 + other.as_ref().map_or(0.0, |o| f(o) * readers[1].1);
            capacity_usd += weigh(&|a| a.cost.compute_usd + a.cost.proxy_usd + a.cost.cache_usd) * len / MONTH_S;
            storage_usd += weigh(&|a| a.cost.storage_usd + a.cost.transfer_usd) * len / MONTH_S;
            served_s += len;
            let (p50_piece, p99_piece) = match piece.phase {
                Phase::Running => {
                    let share = if rate > 0.0 { weigh(&|a| a.lost.total()) / rate } else { 0.0 };
                    if share > output::FAILING_SHARE && failing_s < dt {
                        failing_s += len;
                    }
                    lost.add(LossCause::WriterTimeout, weigh(&|a| a.lost.writer_timeouts) * len / dt);
                    lost.add(LossCause::ReaderTimeout, weigh(&|a| a.lost.reader_timeouts) * len / dt);
                    lost.add(LossCause::ConnectionRefused, weigh(&|a| a.lost.connections_refused) * len / dt);
                    refused_share = au.connection_error_share;
                    io_usd += weigh(&|a| a.cost.io_usd) * len / MONTH_S;
                    utilisation_s += weigh(&|a| a.writer.utilisation) * len;
                    let rho = |need: f64, acu: f64| need / vcpu(acu).max(1e-9);
                    let stretch = self.backlog.advance(rho(need_writer, piece.writer_acu), rho(need_reader, piece.reader_acu), len, timeout_ms / 1000.0);
                    // Every request waits for the work queued before it: the traffic-weighted
                    // mean queue for p50, the longest for p99.
                    let (writer_rps, reader_rps) = (au.writer.requests_per_s, au.reader.as_ref().map_or(0.0, |r| r.requests_per_s * f64::from(au.readers)));
                    let mean_wait_s = if writer_rps + reader_rps > 0.0 {
                        (stretch.writer_wait_s_s * writer_rps + stretch.reader_wait_s_s * reader_rps) / (writer_rps + reader_rps) / len
                    } else {
                        0.0
                    };
                    let peak_wait_s = stretch.writer_peak_s.max(if reader_rps > 0.0 { stretch.reader_peak_s } else { 0.0 });
                    // Near saturation p99 is steep: judged at the stretch's mean rate it
                    // would depend on where the step's pieces end. The highest rate the
                    // stretch reaches is the same whatever the step. Away from saturation
                    // the mean rate's p99 is within P99_STEEP of it (a queue's p99 moves
                    // by about 1/(1 - utilisation) times the rate's move), and the second
                    // evaluation is skipped: it is most of the engine's time.
                    let rate_at = |t: f64| rate_start + (rate_end - rate_start) * ((t - t0) / dt).clamp(0.0, 1.0);
                    let peak = rate_at(piece.start_s).max(rate_at(piece.start_s + len));
                    let busiest = au.writer.utilisation.max(au.reader.as_ref().map_or(0.0, |r| r.utilisation)) * peak / rate.max(1e-12);
                    // A p99 already at the client timeout is there at any higher rate too.
                    let steep = au.p99_ms < timeout_ms && (busiest >= 1.0 || (peak / rate.max(1e-12) - 1.0) / (1.0 - busiest) > P99_STEEP);
                    let at_peak = (rate > 0.0 && peak > rate * (1.0 + 1e-9) && steep).then(|| {
                        let k = peak / rate;
                        self.model.at_rw(reads * k, writes * k, readers[0].0, sizing).p99_ms
                    });
                    let worst_p99 = au.p99_ms.max(other.as_ref().map_or(0.0, |o| o.p99_ms)).max(at_peak.unwrap_or(0.0));
                    (weigh(&|a| a.p50_ms) + mean_wait_s * 1000.0, worst_p99 + peak_wait_s * 1000.0)
                }
                Phase::Resuming { until_s } => {
                    // Arrivals at t wait until the resume ends (uniform over the piece); past
                    // the client timeout they fail.
                    let fail_until = (until_s - timeout_ms / 1000.0).clamp(piece.start_s, piece.start_s + len);
                    let timed_out_s = fail_until - piece.start_s;
                    lost.add(LossCause::ResumeWait, arriving * timed_out_s / dt);
                    if failing_s < dt {
                        failing_s += timed_out_s;
                    }
                    self.backlog.advance(0.0, 0.0, len, timeout_ms / 1000.0);
                    let wait_at = |q: f64| (until_s - piece.start_s - q * len) * 1000.0;
                    (wait_at(0.5) + au.p50_ms, wait_at(0.01) + au.p50_ms)
                }
                Phase::Paused => unreachable!("paused pieces are skipped above"),
            };
            p50_ms_s += p50_piece.min(timeout_ms) * len;
            p99 = p99.max(p99_piece.min(timeout_ms));
        }
        let p50 = if served_s > 0.0 { p50_ms_s / served_s } else { 0.0 };
        let writer_needed = match self.class {
            Some((acu, _)) => acu,
            None => settled_acu(need_writer, cfg, est),
        };
        let failing_s = failing_s.min(dt);
        let refused_attempts = lost.get(LossCause::ConnectionRefused) * rejected_attempts_per_request(refused_share, est.sdk_max_attempts);
        let rejected_per_s = lost.total() - lost.get(LossCause::ConnectionRefused) + refused_attempts;
        let record = AuroraStep {
            offered_rps: rate,
            // Everything lost can exceed the rate by a rounding error: never serve less than 0.
            served_rps: (rate - lost.total()).max(0.0),
            failed_rps: lost.total(),
            p50_ms: p50,
            p99_ms: p99,
            writer_acu: writer_acu_s / dt,
            reader_acu: if cfg.readers > 0 { reader_acu_s / dt } else { 0.0 },
            writer_needed_acu: writer_needed,
            writer_utilisation: utilisation_s / dt,
            rejected_per_min: rejected_per_s * 60.0,
        };
        let cost = capacity_usd + io_usd + storage_usd;
        self.acc.add(&record, &lost, cost, dt);
        self.totals.add(dt, rate, &lost, failing_s, rejected_per_s, p99, peak_writer_acu, (capacity_usd, io_usd, storage_usd));
        self.narrate(t0, dt, rate, &record, &lost, journal);
        (record, lost, cost)
    }

    fn narrate(&mut self, t0: f64, dt: f64, rate: f64, record: &AuroraStep, lost: &Ledger, journal: &mut Journal) {
        let db = Database::Aurora;
        for (t, paused) in self.capacity.pauses.drain(..) {
            let (kind, text) = if paused {
                (EventKind::Paused, "auto-pause: no traffic, the cluster pauses (0 ACU, storage billed only)".to_string())
            } else {
                (EventKind::Resumed, "traffic returns: the cluster resumes, requests wait up to 15 s".to_string())
            };
            journal.push(t, db, kind, text);
        }
        for (t, from, to) in self.capacity.writer_changes.drain(..) {
            let up = to > from;
            match &mut self.acu_run {
                Some(run) if run.up == up => {
                    run.to = to;
                    run.last_s = t;
                    run.changes += 1;
                    if run.changes == 2 {
                        let verb = if up { "scales up" } else { "scales down" };
                        journal.push(run.started_s, db, if up { EventKind::AcuScalingUp } else { EventKind::AcuScalingDown }, format!("writer {verb} from {} ACU", si(run.from)));
                    }
                }
                _ => {
                    if let Some(run) = self.acu_run.take() {
                        run.tell_end(journal);
                    }
                    self.acu_run = Some(AcuRun { up, from, to, started_s: t, last_s: t, changes: 1 });
                }
            }
        }
        if self.capacity.writer_settled() {
            if let Some(run) = self.acu_run.take() {
                run.tell_end(journal);
            }
        }
        if let Some((started, at)) = self.saturated.feed(t0, t0 + dt, record.writer_utilisation > 1.0) {
            let text = if started {
                format!("writer past its CPU: {} of {} ACU", percent(record.writer_utilisation), si(record.writer_acu))
            } else {
                format!("writer back under its CPU after {}", duration_words(at - self.saturated.since_s))
            };
            journal.push(at, db, if started { EventKind::WriterSaturated } else { EventKind::WriterRecovered }, text);
        }
        let share = if rate > 0.0 { lost.total() / rate } else { 0.0 };
        if let Some((started, at)) = self.failing.feed(t0, t0 + dt, share > 0.001) {
            if started {
                let cause = lost.ranked().first().map(|&(c, _)| c);
                let why = cause.map_or(String::new(), |c| format!(", mostly {}", c.label()));
                journal.push(at, db, EventKind::FailingStarted, format!("requests start failing: {} of them{why}", percent(share)));
            } else {
                journal.push(at, db, EventKind::FailingEnded, format!("every request served again after {}", duration_words(at - self.failing.since_s)));
            }
        }
    }
}

fn duration_words(seconds: f64) -> String {
    if seconds < 90.0 {
        format!("{} s", seconds.round())
    } else if seconds < 5_400.0 {
        format!("{} min", (seconds / 60.0).round())
    } else {
        format!("{:.1} h", seconds / 3600.0)
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
