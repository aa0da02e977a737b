//! The deterministic time-stepped engine: one traffic trace drives both databases.
//!
//! Each fixed step `dt` (from [`SimSettings`]) offers `traffic.rate_at(t)` requests per
//! second. DynamoDB is the per-key ceiling (analytic, Zipf) followed by the table's
//! capacity state machine ([`dynamo_capacity`]); Aurora is the M/M/c+D latency model at
//! each instance's *current* ACU, while [`aurora_capacity`] moves that ACU towards what the
//! load needs; a backlog carried from step to step ([`Backlog`]) adds the wait of work
//! queued while an instance was over its CPU. Each step records offered, served and
//! throttled/failed requests, p50/p99,
//! capacity in force and consumed, and cost accrued; the summary scales the run's cost to a
//! 730-hour month.
//!
//! No wall clock, no global state: the same scenario gives identical output. The cost of a
//! run is proportional to its number of steps, never to the request rate (hot keys are
//! computed analytically; [`monte_carlo`] samples keys only so tests can check that).

pub mod aurora_capacity;
pub mod dynamo_capacity;
pub mod heat;
pub mod monte_carlo;

use crate::model::aurora::{self, Sizing};
use crate::model::dynamodb::{
    self, partitions_for, provisioned_units, unit_prices, CapacityMode, TableLimit,
};
use crate::model::facts::HOURS_PER_MONTH;
use crate::model::facts::{AURORA_ACU_STEP, AURORA_RESUME_S};
use crate::model::scenario::{Scenario, SimSettings};
use crate::model::workload::QueryKind;
use crate::model::zipf::Zipf;
use aurora_capacity::{AuroraCapacity, Backlog, Phase};
use dynamo_capacity::DynamoCapacity;
use heat::{HeatMap, HeatMapper, PartitionLoad, ROWS};
use serde::{Deserialize, Serialize};

const MONTH_S: f64 = HOURS_PER_MONTH * 3600.0;

impl Summary {
    /// Share of offered requests that failed (0 when nothing was offered).
    pub fn failed_share(&self) -> f64 {
        if self.offered_requests > 0.0 {
            self.failed_requests / self.offered_requests
        } else {
            0.0
        }
    }
}

/// DynamoDB, one value per step.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DynamoSeries {
    pub offered_rps: Vec<f64>,
    pub served_rps: Vec<f64>,
    pub throttled_rps: Vec<f64>,
    pub p50_ms: Vec<f64>,
    pub p99_ms: Vec<f64>,
    /// Capacity in force: provisioned RCU/WCU, or on-demand's instant capacity.
    pub read_capacity_units: Vec<f64>,
    pub write_capacity_units: Vec<f64>,
    pub consumed_read_units: Vec<f64>,
    pub consumed_write_units: Vec<f64>,
    /// CloudWatch's ReadThrottleEvents / WriteThrottleEvents: throttled attempts (retries
    /// included) per minute.
    pub read_throttle_events_per_min: Vec<f64>,
    pub write_throttle_events_per_min: Vec<f64>,
    /// Cost accrued during the step, USD.
    pub cost_usd: Vec<f64>,
}

/// Aurora, one value per step.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuroraSeries {
    pub offered_rps: Vec<f64>,
    pub served_rps: Vec<f64>,
    /// Requests that timed out waiting for CPU.
    pub failed_rps: Vec<f64>,
    pub p50_ms: Vec<f64>,
    pub p99_ms: Vec<f64>,
    pub writer_acu: Vec<f64>,
    pub reader_acu: Vec<f64>,
    /// ACU the load would need now (what scaling is moving towards), writer.
    pub writer_needed_acu: Vec<f64>,
    pub writer_utilisation: Vec<f64>,
    pub cost_usd: Vec<f64>,
}

/// What one database did over the run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The run's cost scaled to a 730-hour month, and its parts.
    pub monthly_cost_usd: f64,
    pub monthly_capacity_usd: f64,
    pub monthly_io_usd: f64,
    pub monthly_storage_usd: f64,
    pub offered_requests: f64,
    pub served_requests: f64,
    /// Throttled (DynamoDB) or timed out (Aurora).
    pub failed_requests: f64,
    /// Minutes in which at least 0.1 % of requests failed.
    pub minutes_failing: f64,
    pub worst_p99_ms: f64,
    /// Highest capacity in force: max of RCU and WCU (DynamoDB), writer ACU (Aurora).
    pub peak_capacity: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimRun {
    pub step_s: f64,
    pub t_s: Vec<f64>,
    pub dynamodb: DynamoSeries,
    pub aurora: AuroraSeries,
    pub dynamodb_summary: Summary,
    pub aurora_summary: Summary,
    /// DynamoDB per-partition utilisation over time.
    pub partition_heat: HeatMap,
}

/// Run `scenario` (which must be valid) over its simulated duration.
pub fn run(scenario: &Scenario) -> SimRun {
    let mut engine = Engine::new(scenario);
    engine.advance(usize::MAX);
    engine.finish()
}

/// The engine as a stepper, so a caller (the page's Web Worker) can run a long scenario in
/// slices, show progress and the run so far, and drop it when newer input arrives.
pub struct Engine {
    scenario: Scenario,
    dt: f64,
    steps: usize,
    done: usize,
    table: DynamoCapacity,
    unit: dynamodb::UnitPrices,
    heat_mapper: HeatMapper,
    partitions: f64,
    hot_for_s: f64,
    acu: AuroraCapacity,
    backlog: Backlog,
    out: SimRun,
}

impl Engine {
    /// Prepare a run of `scenario`, which must be valid.
    pub fn new(scenario: &Scenario) -> Engine {
        let settings: &SimSettings = &scenario.simulation;
        let (dt, steps) = (settings.step(), settings.steps());
        let base = &scenario.workload;
        Engine {
            dt,
            steps,
            done: 0,
            table: DynamoCapacity::new(&scenario.dynamodb),
            unit: unit_prices(&scenario.dynamodb, &scenario.prices),
            heat_mapper: HeatMapper::new(
                &Zipf::new(base.partition_keys, base.key_skew),
                settings.seed,
            ),
            partitions: 1.0,
            hot_for_s: 0.0,
            acu: AuroraCapacity::new(base, &scenario.aurora, &scenario.estimates),
            backlog: Backlog::default(),
            out: SimRun {
                step_s: dt,
                t_s: Vec::with_capacity(steps),
                dynamodb: DynamoSeries::default(),
                aurora: AuroraSeries::default(),
                dynamodb_summary: Summary::default(),
                aurora_summary: Summary::default(),
                partition_heat: HeatMap {
                    rows: ROWS,
                    partitions: Vec::with_capacity(steps),
                    utilisation: Vec::with_capacity(steps * ROWS),
                },
            },
            scenario: scenario.clone(),
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
        let stop = self.done.saturating_add(max_steps).min(self.steps);
        while self.done < stop {
            self.step();
            self.done += 1;
        }
    }

    /// The run so far: summaries over the steps simulated (monthly costs scaled from them).
    pub fn snapshot(&self) -> SimRun {
        let mut run = self.out.clone();
        scale_to_month(&mut run, self.done as f64 * self.dt);
        run
    }

    /// The run over the steps simulated (all of them once [`Engine::is_done`]).
    pub fn finish(self) -> SimRun {
        let mut run = self.out;
        scale_to_month(&mut run, self.done as f64 * self.dt);
        run
    }

    fn step(&mut self) {
        let (scenario, dt, i) = (&self.scenario, self.dt, self.done);
        let (prices, est) = (&scenario.prices, &scenario.estimates);
        let base = &scenario.workload;
        let out = &mut self.out;
        let (d, a, ds, asum, heat) = (
            &mut out.dynamodb,
            &mut out.aurora,
            &mut out.dynamodb_summary,
            &mut out.aurora_summary,
            &mut out.partition_heat,
        );
        let t = i as f64 * dt;
        let mut w = base.clone();
        w.requests_per_s = scenario.traffic.rate_at(t, base.requests_per_s).max(0.0);
        out.t_s.push(t);
        // DynamoDB: what passes the per-key ceiling, then what the table can serve.
        let cfg = &scenario.dynamodb;
        let demand = dynamodb::evaluate(&w, cfg, prices, est, TableLimit::UNLIMITED);
        let now = dynamodb::evaluate(&w, cfg, prices, est, self.table.limit(dt));
        let (read_cap, write_cap) = self.table.capacity();
        let month_share = dt / MONTH_S;
        let extra_write_units = now.index_write_units_per_s + now.replicated_write_units_per_s;
        let capacity_cost = match cfg.mode {
            CapacityMode::OnDemand => now.cost.on_demand_usd * month_share,
            CapacityMode::Provisioned => {
                // The table's own capacity as in force; indexes and replicas provisioned for
                // their load at the target.
                let wcu_for_extra = provisioned_units(extra_write_units, cfg.target_utilisation);
                dt / 3600.0
                    * (read_cap * self.unit.rcu_hour
                        + (write_cap + wcu_for_extra) * self.unit.wcu_hour)
            }
        };
        let other_cost = (now.cost.storage_usd + now.cost.dax_usd) * month_share;
        let throttled = now.throttled_share * w.requests_per_s;
        d.offered_rps.push(w.requests_per_s);
        d.throttled_rps.push(throttled);
        d.served_rps.push(w.requests_per_s - throttled);
        d.p50_ms.push(now.p50_ms);
        d.p99_ms.push(now.p99_ms);
        d.read_capacity_units.push(read_cap);
        d.write_capacity_units.push(write_cap);
        d.consumed_read_units.push(now.served_read_units_per_s);
        d.consumed_write_units.push(now.served_write_units_per_s);
        d.read_throttle_events_per_min
            .push(now.read_throttle_events_per_s * 60.0);
        d.write_throttle_events_per_min
            .push(now.write_throttle_events_per_s * 60.0);
        d.cost_usd.push(capacity_cost + other_cost);
        accumulate(
            ds,
            dt,
            w.requests_per_s,
            throttled,
            now.p99_ms,
            read_cap.max(write_cap),
            (capacity_cost, 0.0, other_cost),
        );

        // Partitions split for storage and capacity, and for heat: partitions hot for the
        // split delay each split in two. They never merge.
        self.partitions = self
            .partitions
            .max(partitions_for(w.table_size_gb, read_cap, write_cap));
        heat.partitions.push(self.partitions);
        let hot = self.heat_mapper.step(
            self.partitions,
            &partition_load(&w, &demand),
            est.ddb_split_for_heat_utilisation,
            &mut heat.utilisation,
        );
        self.hot_for_s = if hot > 0 { self.hot_for_s + dt } else { 0.0 };
        if self.hot_for_s >= est.ddb_split_for_heat_delay_s {
            self.partitions += hot as f64;
            self.hot_for_s = 0.0;
        }
        self.table.advance(
            t,
            dt,
            (
                demand.served_read_units_per_s,
                demand.served_write_units_per_s,
            ),
            (now.served_read_units_per_s, now.served_write_units_per_s),
        );

        // Aurora at the capacity its instances have right now.
        let phase = self.acu.phase();
        let (writer_acu, reader_acu) = self.acu.acu(&scenario.aurora);
        // A paused cluster is billed as its smallest running size only for storage; a
        // request that arrives waits for it to resume.
        let (run_writer, run_reader) = if phase == Phase::Paused {
            (AURORA_ACU_STEP, AURORA_ACU_STEP)
        } else {
            (writer_acu, reader_acu)
        };
        let mut au = aurora::evaluate(
            &w,
            &scenario.aurora,
            prices,
            est,
            Sizing::Current {
                writer_acu: run_writer,
                reader_acu: run_reader,
            },
        );
        let wait_ms = match phase {
            Phase::Resuming(s) => s * 1000.0,
            Phase::Paused if w.requests_per_s > 0.0 => AURORA_RESUME_S * 1000.0,
            _ => 0.0,
        };
        if wait_ms > 0.0 {
            au.p50_ms = (au.p50_ms + wait_ms).min(est.client_timeout_ms);
            au.p99_ms = (au.p99_ms + wait_ms).min(est.client_timeout_ms);
            if wait_ms >= est.client_timeout_ms {
                au.failed_share = 1.0;
            }
        }
        // The backlog carried from earlier steps: every request waits for it on top of the
        // stationary queue (the busiest instance for p99, the traffic-weighted wait for p50).
        let reader_utilisation = au.reader.as_ref().map_or(0.0, |r| r.utilisation);
        self.backlog.advance(
            au.writer.utilisation,
            reader_utilisation,
            dt,
            est.client_timeout_ms / 1000.0,
        );
        let (mean_wait_ms, worst_wait_ms) = self.backlog.wait_ms(
            au.writer.requests_per_s,
            au.reader
                .as_ref()
                .map_or(0.0, |r| r.requests_per_s * f64::from(au.readers)),
        );
        au.p50_ms = (au.p50_ms + mean_wait_ms).min(est.client_timeout_ms);
        au.p99_ms = (au.p99_ms + worst_wait_ms).min(est.client_timeout_ms);
        let (writer_need, _) = aurora::demand_vcpu(&w, &scenario.aurora, est);
        let failed = au.failed_share * w.requests_per_s;
        let compute = if phase == Phase::Paused {
            0.0
        } else {
            au.cost.compute_usd + au.cost.proxy_usd
        };
        let parts = (
            (compute + au.cost.cache_usd) * dt / MONTH_S,
            au.cost.io_usd * dt / MONTH_S,
            au.cost.storage_usd * dt / MONTH_S,
        );
        a.offered_rps.push(w.requests_per_s);
        a.failed_rps.push(failed);
        a.served_rps.push(w.requests_per_s - failed);
        a.p50_ms.push(au.p50_ms);
        a.p99_ms.push(au.p99_ms);
        // What is in force: the class's size when provisioned, nothing while paused.
        let paused = phase == Phase::Paused;
        let shown_writer = if paused { 0.0 } else { au.writer.acu };
        let shown_reader = match &au.reader {
            Some(r) if !paused => r.acu,
            _ => 0.0,
        };
        a.writer_acu.push(shown_writer);
        a.reader_acu.push(shown_reader);
        a.writer_needed_acu
            .push(if scenario.aurora.class().is_some() {
                au.writer.acu
            } else {
                aurora::settled_acu(writer_need, &scenario.aurora, est)
            });
        a.writer_utilisation.push(au.writer.utilisation);
        a.cost_usd.push(parts.0 + parts.1 + parts.2);
        accumulate(
            asum,
            dt,
            w.requests_per_s,
            failed,
            au.p99_ms,
            shown_writer,
            parts,
        );
        self.acu.advance(&w, &scenario.aurora, est, dt);
    }
}

fn scale_to_month(run: &mut SimRun, simulated_s: f64) {
    let scale = if simulated_s > 0.0 {
        MONTH_S / simulated_s
    } else {
        0.0
    };
    for s in [&mut run.dynamodb_summary, &mut run.aurora_summary] {
        s.monthly_capacity_usd *= scale;
        s.monthly_io_usd *= scale;
        s.monthly_storage_usd *= scale;
        s.monthly_cost_usd = s.monthly_capacity_usd + s.monthly_io_usd + s.monthly_storage_usd;
    }
}

/// Where the table's load lands: key reads and writes follow popularity (unless DAX has
/// taken the popular keys' reads), Scans and a transaction's order item spread evenly.
fn partition_load(
    w: &crate::model::workload::Workload,
    demand: &dynamodb::DynamoSteady,
) -> PartitionLoad {
    let reads = demand.read_units_per_s;
    let (keyed_reads, spread_reads) = if w.query == QueryKind::Report || demand.dax_hit_share > 0.0
    {
        (0.0, reads)
    } else {
        (reads, 0.0)
    };
    let writes = demand.write_units_per_s;
    let keyed_writes = if w.query == QueryKind::Transaction {
        writes / 2.0
    } else {
        writes
    };
    PartitionLoad {
        keyed_read_units: keyed_reads,
        keyed_write_units: keyed_writes,
        spread_read_units: spread_reads,
        spread_write_units: writes - keyed_writes,
    }
}

fn accumulate(
    s: &mut Summary,
    dt: f64,
    offered_rps: f64,
    failed_rps: f64,
    p99_ms: f64,
    capacity: f64,
    cost: (f64, f64, f64),
) {
    s.offered_requests += offered_rps * dt;
    s.failed_requests += failed_rps * dt;
    s.served_requests += (offered_rps - failed_rps) * dt;
    if offered_rps > 0.0 && failed_rps > 0.001 * offered_rps {
        s.minutes_failing += dt / 60.0;
    }
    s.worst_p99_ms = s.worst_p99_ms.max(p99_ms);
    s.peak_capacity = s.peak_capacity.max(capacity);
    s.monthly_capacity_usd += cost.0;
    s.monthly_io_usd += cost.1;
    s.monthly_storage_usd += cost.2;
}
