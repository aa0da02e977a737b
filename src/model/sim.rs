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

mod acu_story;
pub mod aurora_capacity;
mod aurora_side;
mod aurora_table;
pub(crate) mod dynamo_capacity;
mod dsql_side;
mod dynamo_side;
pub mod events;
pub mod heat;
mod hot_rows;
pub mod ledger;
pub mod monte_carlo;
pub mod offered;
pub mod output;
mod pieces;
mod stretches;

pub use events::{Event, EventKind};
pub use ledger::{Database, Ledger, LossCause};
pub use offered::step_s;
pub use output::{AuroraSeries, AuroraStep, DsqlRun, DsqlSeries, DsqlStep, DynamoSeries, DynamoStep, Series, SimRun, Summary, BILL_LINES, MAX_BUCKETS};

use crate::model::faults::FaultPlan;
use crate::model::dynamodb::unit_prices;
use crate::model::commitments::{ReservedCapacity, ReservedInstances};
use crate::model::dynamodb::{CapacityMode, TableClass};
use crate::model::facts::HOURS_PER_MONTH;
use crate::model::scenario::Scenario;
use crate::model::zipf::Zipf;
use aurora_capacity::{AuroraCapacity, Backlog};
use aurora_side::AuroraSide;
use dynamo_capacity::DynamoCapacity;
use dsql_side::DsqlSide;
use dynamo_side::DynamoSide;
use events::{Episode, Journal};
use heat::{HeatMap, HeatMapper, ROWS};
use output::{AuroraAccumulator, DsqlAccumulator, DynamoAccumulator, Totals};
use pieces::Pieces;

pub(crate) const MONTH_S: f64 = HOURS_PER_MONTH * 3600.0;

/// Run `scenario` (which must be valid) over its simulated duration.
/// The share a 1-year Database Savings Plan takes off `(DynamoDB, Aurora)`'s eligible spend:
/// DynamoDB's throughput at its on-demand or provisioned rate; Aurora's ACU-hours, or a
/// provisioned instance of an eligible family (db.r7g here; db.r6g and T classes take
/// Reserved Instances only, so none).
fn plan_discounts(s: &Scenario) -> (f64, f64) {
    let p = &s.prices;
    let ddb = match s.dynamodb.mode {
        CapacityMode::OnDemand => p.savings_plan_dynamodb_on_demand_off.value,
        CapacityMode::Provisioned => p.savings_plan_dynamodb_provisioned_off.value,
    };
    let aurora = match s.aurora.class() {
        None => p.savings_plan_aurora_serverless_off.value,
        Some(c) if c.name.starts_with("db.r7g.") => p.savings_plan_aurora_instance_off.value,
        Some(_) => 0.0,
    };
    (ddb, aurora)
}

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
    /// DSQL's step, when the scenario names it.
    pub dsql: Option<(&'a DsqlStep, &'a Ledger, f64)>,
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
    /// Present when the scenario names DSQL among its contenders.
    dsql: Option<DsqlSide>,
    /// Present when the workload has a hot item.
    hot: Option<hot_rows::HotRows>,
    out: SimRun,
    journal: Journal,
    /// The current step's pieces of constant traffic.
    pieces: Pieces,
    faults: FaultPlan,
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
                totals: Totals::new(Database::Dynamodb),
                rcu_in_force: Default::default(),
                wcu_in_force: Default::default(),
                failing: Episode::default(),
                key_ceiling: false,
                last_split_told_s: f64::NEG_INFINITY,
                on_demand_told: [0.0; 3],
                model: dynamo_model,
            },
            aurora: AuroraSide {
                capacity: AuroraCapacity::new(&s.aurora, &s.aurora.effective_estimates(&s.estimates), aurora_model.demand_vcpu(base.requests_per_s), class.map(|c| c.0)),
                class,
                backlog: Backlog::default(),
                table: aurora_table::AuroraTable::new(s.traffic.has_read_shares()),
                pieces: Vec::with_capacity(32),
                acc: AuroraAccumulator::default(),
                totals: Totals::new(Database::Aurora),
                failing: Episode::default(),
                saturated: Episode::default(),
                acu_story: Default::default(),
                model: aurora_model,
            },
            dsql: s.contenders.contains(&Database::Dsql).then(|| DsqlSide::new(s)),
            hot: hot_rows::HotRows::new(s),
            out: SimRun {
                step_s: step,
                steps,
                steps_done: 0,
                duration_s: duration,
                bucket_steps,
                t_s: Vec::with_capacity(buckets),
                dynamodb: DynamoSeries::with_capacity(buckets),
                aurora: AuroraSeries::with_capacity(buckets),
                dsql: s.contenders.contains(&Database::Dsql).then(|| DsqlRun { series: DsqlSeries::with_capacity(buckets), summary: Summary::default() }),
                fault_windows: faults.windows().to_vec(),
                partition_heat: HeatMap { rows: ROWS, partitions: Vec::with_capacity(buckets), utilisation: Vec::with_capacity(buckets * ROWS) },
                ..SimRun::default()
            },
            journal,
            pieces: Pieces::default(),
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
        let mut q = self.dsql.as_ref().map(|side| side.acc.clone());
        self.close(&mut out, &mut d, &mut a, q.as_mut(), &mut heat);
        out
    }

    /// The run over the steps simulated (all of them once [`Engine::is_done`]).
    pub fn finish(mut self) -> SimRun {
        let mut out = std::mem::take(&mut self.out);
        let (mut d, mut a) = (std::mem::take(&mut self.dynamo.acc), std::mem::take(&mut self.aurora.acc));
        let mut heat = std::mem::replace(&mut self.dynamo.heat_mapper, HeatMapper::new(&Zipf::new(1.0, 0.0), 0));
        let mut q = self.dsql.as_mut().map(|side| std::mem::take(&mut side.acc));
        self.close(&mut out, &mut d, &mut a, q.as_mut(), &mut heat);
        out
    }

    /// Flush the open bucket and fill in summaries and events.
    fn close(&self, out: &mut SimRun, d: &mut DynamoAccumulator, a: &mut AuroraAccumulator, q: Option<&mut DsqlAccumulator>, heat: &mut HeatMapper) {
        if let (Some(q), Some(side), Some(run)) = (q, &self.dsql, out.dsql.as_mut()) {
            if self.in_bucket > 0 {
                q.flush(&mut run.series);
            }
            run.series.lost_rps = q.lost_series();
            let prices = &self.scenario.prices;
            run.summary = side.summary(self.simulated_s(), prices);
        }
        if self.in_bucket > 0 {
            d.flush(&mut out.dynamodb);
            a.flush(&mut out.aurora);
            heat.flush(&mut out.partition_heat, self.dynamo.partitions);
        }
        out.dynamodb.lost_rps = d.lost_series();
        out.aurora.lost_rps = a.lost_series();
        out.steps_done = self.done;
        let simulated = self.simulated_s();
        let (ddb_off, aurora_off) = plan_discounts(&self.scenario);
        let chosen = self.scenario.billing.plan_usd_per_h;
        out.dynamodb_summary = self.dynamo.totals.summary(simulated, MONTH_S, ddb_off, chosen);
        out.aurora_summary = self.aurora.totals.summary(simulated, MONTH_S, aurora_off, chosen);
        let cfg = &self.scenario.dynamodb;
        out.dynamodb_reserved = if cfg.mode == CapacityMode::Provisioned && cfg.table_class == TableClass::Standard && simulated > 0.0 {
            let unit = &self.dynamo.unit;
            let d = &self.dynamo;
            ReservedCapacity::optimal(&d.rcu_in_force, &d.wcu_in_force, (unit.rcu_hour, unit.wcu_hour), &self.scenario.prices, out.dynamodb_summary.monthly_cost_usd, MONTH_S / simulated)
        } else {
            ReservedCapacity::default()
        };
        // The instances' spend is what the Savings Plan's accounting booked as compute.
        out.aurora_reserved = if self.scenario.aurora.class().is_some() && simulated > 0.0 {
            let a = &out.aurora_summary;
            ReservedInstances::new(a.monthly_cost_usd, a.savings_plan.eligible_usd * MONTH_S / simulated, &self.scenario.prices)
        } else {
            ReservedInstances::default()
        };
        out.events = self.journal.events.clone();
        out.events_dropped = self.journal.dropped;
        // What each fault cost, at the traffic offered when it struck.
        let (traffic, base, read_share) = (&self.scenario.traffic, self.scenario.workload.requests_per_s, self.scenario.workload.read_share);
        let topology = self.scenario.dsql.topology;
        out.fault_impacts = self.faults.impacts_with(
            |t| {
                let (rate, share) = (traffic.rate_at(t, base), traffic.read_share_at(t, read_share));
                (rate * share, rate * (1.0 - share))
            },
            |_, fault| self.dsql.as_ref().map_or_else(Vec::new, |side| side.reconnections_in(fault, topology)),
        );
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
        self.pieces.cut(s, &self.faults, t0, dt);
        let (ddb, ddb_lost, ddb_cost) = self.dynamo.step(s, dt, &self.pieces, &mut self.journal, self.hot.as_mut());
        let (aur, aur_lost, aur_cost) = self.aurora.step(s, dt, &self.pieces, &mut self.journal, self.hot.as_mut());
        let dsql = self.dsql.as_mut().map(|side| side.step(s, t0, dt, &self.pieces, &mut self.journal, self.hot.as_mut()));
        observer(&StepRecord {
            t_s: t0,
            length_s: dt,
            dynamodb: &ddb,
            dynamodb_lost_rps: &ddb_lost,
            dynamodb_cost_usd: ddb_cost,
            aurora: &aur,
            aurora_lost_rps: &aur_lost,
            aurora_cost_usd: aur_cost,
            dsql: dsql.as_ref().map(|(step, lost, cost)| (step, lost, *cost)),
        });
        self.in_bucket += 1;
        if self.in_bucket == self.out.bucket_steps {
            self.dynamo.acc.flush(&mut self.out.dynamodb);
            self.aurora.acc.flush(&mut self.out.aurora);
            if let (Some(side), Some(run)) = (self.dsql.as_mut(), self.out.dsql.as_mut()) {
                side.acc.flush(&mut run.series);
            }
            self.dynamo.heat_mapper.flush(&mut self.out.partition_heat, self.dynamo.partitions);
            self.in_bucket = 0;
        }
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

/// How far Aurora's p99 may be off (a share of itself) before a capacity stretch's p99 is
/// judged again at the highest rate the stretch reaches: a bound, estimated as the rate's
/// rise over the mean times 1/(1 - utilisation at that rate). Between 5 and 60 s steps the
/// worst p99 must agree within 6 % (`tests/step_size.rs`); this spends a sixth of it.
pub(crate) const P99_STEEP: f64 = 0.01;

/// Throttled or refused attempts per request when a share `failed` of requests fails after
/// `attempts` tries competing for the same capacity: each attempt fails with probability
/// `p = failed^(1/attempts)`, so `p + p² + … + p^attempts` attempts per request.
pub(crate) fn rejected_attempts_per_request(failed: f64, attempts: u32) -> f64 {
    let k = attempts.max(1);
    let p = failed.clamp(0.0, 1.0).powf(1.0 / f64::from(k));
    (1..=k as i32).map(|j| p.powi(j)).sum()
}

pub(crate) fn duration_words(seconds: f64) -> String {
    if seconds < 90.0 {
        format!("{} s", seconds.round())
    } else if seconds < 5_400.0 {
        format!("{} min", (seconds / 60.0).round())
    } else {
        format!("{:.1} h", seconds / 3600.0)
    }
}

