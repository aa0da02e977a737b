//! How sure the answer is (issue 18, items 3 and 4). Traffic next year, key skew, item
//! size, the read share, the data stored, and any estimate or price of the assumptions are
//! guesses: each can be a range around the scenario's value (the likely one). Each sampled
//! future is a whole run of the engine.
//!
//! * **Ranges.** Key skew and read share range by offsets (−0.2 to +0.2); everything else
//!   by factors (×0.5 to ×2 means half to twice the scenario's value). A workload sample is
//!   clamped to the input's allowed range; an estimate's or a price's ends must lie within
//!   its own (`Uncertainty::validate_ends`).
//! * **Sampling.** A Latin hypercube (McKay, Beckman & Conover 1979): each input's [0, 1)
//!   is cut into as many strata as samples, each stratum drawn once, the strata shuffled
//!   independently per input, then mapped through a triangular distribution (low, likely,
//!   high). Stratifying keeps the percentiles steady between sample counts; one seeded
//!   generator (the scenario's seed) makes them identical between runs.
//! * **Each sample** is the scenario with its inputs drawn, run by the engine at a step of
//!   at least 1/288 of its duration, up to 300 s (the engine's answers do not depend on the
//!   step).
//! * **Answers.** Per database, the 10th, 50th and 90th percentiles (linear between order
//!   statistics) of the monthly cost, the failed share and the worst p99, of the cost and
//!   the failed share so far over the run, and of the steady cost and p99 against traffic; the share of
//!   samples in which each meets the p99 target; the share in which DynamoDB costs less
//!   than Aurora.
//! * **Tornado.** Each input alone at its low and at its high end, the others at their
//!   likely values: how far the monthly cost gap (Aurora − DynamoDB) and each p99 move,
//!   ranked by the cost gap's swing. That is what to measure first before deciding.

use crate::model::compare::SWEEP_RANGE_RPS;
use crate::model::database::Database;
use crate::model::scenario::Scenario;
use crate::model::sim::monte_carlo::Rng;
use crate::model::sim::{self, SimRun, Summary};
use crate::model::traffic::Traffic;
use crate::model::workload::BOUNDS;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod config;
pub use config::{Input, Range, Uncertainty, DEFAULT_SAMPLES, MAX_SAMPLES};

/// The value of `input` in `s`.
pub fn value_of(input: Input, s: &Scenario) -> f64 {
    let w = &s.workload;
    match input {
        Input::RequestsPerS => w.requests_per_s,
        Input::KeySkew => w.key_skew,
        Input::ItemSizeKb => w.item_size_kb,
        Input::ReadShare => w.read_share,
        Input::TableSizeGb => w.table_size_gb,
        Input::Estimate(_) | Input::Price(_) => input.value_and_bounds(&s.estimates, &s.prices).map_or(0.0, |(v, _)| v),
    }
}

/// Set `input` in `s`, clamped to the workload's allowed range. A traffic series (imported
/// traffic) is scaled by the same factor, and its own read shares moved by the same
/// offset, since a series, not the workload's rate and share, drives its run.
pub fn set_value(input: Input, s: &mut Scenario, value: f64) {
    // An estimate or a price is set through its table, which checks it (both ends of its
    // range were checked against the scenario's own values by `Uncertainty::validate_ends`).
    // A sample that draws a refused pair (a p50 above its own p99, both ranged) keeps the
    // later input's likely value: inputs are drawn in key order.
    if matches!(input, Input::Estimate(_) | Input::Price(_)) {
        let _ = input.set_in(&mut s.estimates, s.prices.make_mut(), value);
        return;
    }
    let (lo, hi) = BOUNDS.iter().find(|b| b.field == input.field()).map_or((f64::MIN, f64::MAX), |b| (b.min, b.max));
    let v = value.clamp(lo, hi);
    let before = value_of(input, s);
    if let Traffic::Series { points, read_shares, .. } = &mut s.traffic {
        match input {
            Input::RequestsPerS if before > 0.0 => {
                for p in points.make_mut().iter_mut() {
                    p.1 = (p.1 * v / before).clamp(0.0, hi);
                }
            }
            Input::ReadShare => {
                for r in read_shares.iter_mut().flat_map(|r| r.make_mut().iter_mut()) {
                    *r = (*r + v - before).clamp(0.0, 1.0);
                }
            }
            _ => {}
        }
    }
    let w = &mut s.workload;
    match input {
        Input::RequestsPerS => w.requests_per_s = v,
        Input::KeySkew => w.key_skew = v,
        Input::ItemSizeKb => w.item_size_kb = v,
        Input::ReadShare => w.read_share = v,
        Input::TableSizeGb => w.table_size_gb = v,
        Input::Estimate(_) | Input::Price(_) => {}
    }
}


/// Steps a sample's run takes at most (its step is at least the duration over this, and at
/// most the engine's longest, 300 s): the engine's rules are in simulated seconds, so a
/// coarser step gives the same answers (checked in `tests/step_size.rs`) five times faster for a
/// day.
const SAMPLE_STEPS: f64 = 288.0;
/// Moments of the run at which the cost so far is banded (evenly spaced, the end included).
pub const CURVE_POINTS: usize = 48;
/// Request rates at which the steady monthly cost is banded (the steady sweep's range).
pub const SWEEP_POINTS: usize = 15;

/// A value drawn from the triangular distribution (low, mode, high) at quantile `u`.
pub fn triangular(u: f64, low: f64, mode: f64, high: f64) -> f64 {
    let width = high - low;
    if width <= 0.0 {
        return mode;
    }
    let cut = (mode - low) / width;
    if u < cut {
        low + (u * width * (mode - low)).sqrt()
    } else {
        high - ((1.0 - u) * width * (high - mode)).sqrt()
    }
}

/// `n` Latin-hypercube quantiles for each of `dims` inputs, in [0, 1): row `i` is sample `i`.
pub fn latin_hypercube(n: usize, dims: usize, rng: &mut Rng) -> Vec<Vec<f64>> {
    let mut out = vec![vec![0.0; dims]; n];
    for d in 0..dims {
        let mut strata: Vec<usize> = (0..n).collect();
        // Fisher–Yates with the one generator.
        for i in (1..n).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            strata.swap(i, j);
        }
        for (i, row) in out.iter_mut().enumerate() {
            row[d] = (strata[i] as f64 + rng.next_f64()) / n as f64;
        }
    }
    out
}

/// The `q` quantile of `values` (sorted here), linear between order statistics; 0 for none.
pub fn percentile(values: &[f64], q: f64) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let pos = q.clamp(0.0, 1.0) * (v.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos.fract());
    let next = v[(i + 1).min(v.len() - 1)];
    v[i] + (next - v[i]) * frac
}

/// The 10th, 50th and 90th percentiles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

impl Spread {
    pub fn of(values: &[f64]) -> Spread {
        Spread { p10: percentile(values, 0.1), p50: percentile(values, 0.5), p90: percentile(values, 0.9) }
    }
}

/// One database across the sampled futures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DatabaseSpread {
    pub monthly_cost_usd: Spread,
    pub failed_share: Spread,
    pub worst_p99_ms: Spread,
    /// Share of samples whose worst p99 is within the target.
    pub meets_target_share: f64,
}

/// One input alone at each end of its range.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Swing {
    pub input: Option<Input>,
    pub label: String,
    /// The input's value at the low and at the high end.
    pub low_value: f64,
    pub high_value: f64,
    /// Aurora's monthly cost minus DynamoDB's, at each end, USD.
    pub cost_gap_low_usd: f64,
    pub cost_gap_high_usd: f64,
    /// Each database's worst p99 at each end, ms.
    pub dynamodb_p99_ms: (f64, f64),
    pub aurora_p99_ms: (f64, f64),
    /// Aurora DSQL's, when the scenario names it. (Written as null otherwise, never left
    /// out: the worker's messages are bincode, which has no field names to skip by.)
    #[serde(default)]
    pub dsql_p99_ms: Option<(f64, f64)>,
}

impl Swing {
    /// How far the cost gap moves across the range, USD.
    pub fn cost_swing_usd(&self) -> f64 {
        (self.cost_gap_high_usd - self.cost_gap_low_usd).abs()
    }

    /// How far the input moves any database's p99 across its range, as the largest of
    /// their ratios between the ends (1 = not at all): latencies compare by factors.
    pub fn p99_swing_ratio(&self) -> f64 {
        self.p99_ends().map(|(_, ends)| p99_ratio(ends)).fold(1.0, f64::max)
    }

    /// `database`'s worst p99 at the low and the high end (`None`: DSQL not in the scenario).
    pub fn p99_of(&self, database: Database) -> Option<(f64, f64)> {
        self.p99_ends().find(|&(d, _)| d == database).map(|(_, ends)| ends)
    }

    /// Each database's worst p99 at the low and the high end: DynamoDB, Aurora, then
    /// Aurora DSQL when the scenario names it.
    pub fn p99_ends(&self) -> impl Iterator<Item = (Database, (f64, f64))> + '_ {
        [(Database::Dynamodb, self.dynamodb_p99_ms), (Database::Aurora, self.aurora_p99_ms)]
            .into_iter()
            .chain(self.dsql_p99_ms.map(|ends| (Database::Dsql, ends)))
    }
}

/// The factor between a p99 at an input's two ends (1 when either is not a positive number).
pub fn p99_ratio((a, b): (f64, f64)) -> f64 {
    if a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite() {
        a.max(b) / a.min(b)
    } else {
        1.0
    }
}

/// Shares of the sampled futures in which each database is the cheapest of the three.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheapestShare {
    pub dynamodb: f64,
    pub aurora: f64,
    pub dsql: f64,
}

impl CheapestShare {
    /// `database`'s share.
    pub fn of(&self, database: Database) -> f64 {
        match database {
            Database::Dynamodb => self.dynamodb,
            Database::Aurora => self.aurora,
            Database::Dsql => self.dsql,
        }
    }

    /// The share of `costs` (each future's DynamoDB, Aurora and DSQL cost) in which each is
    /// strictly the cheapest: a tie for cheapest counts for none of them.
    pub fn of_futures(costs: &[[f64; 3]]) -> CheapestShare {
        let mut wins = [0usize; 3];
        for c in costs {
            for (i, wins) in wins.iter_mut().enumerate() {
                if c.iter().enumerate().all(|(j, &other)| j == i || c[i] < other) {
                    *wins += 1;
                }
            }
        }
        let share = |w: usize| if costs.is_empty() { 0.0 } else { w as f64 / costs.len() as f64 };
        CheapestShare { dynamodb: share(wins[0]), aurora: share(wins[1]), dsql: share(wins[2]) }
    }

    /// Each database with its share, in the order the page names them.
    pub fn by_database(&self) -> [(Database, f64); 3] {
        [(Database::Dynamodb, self.dynamodb), (Database::Aurora, self.aurora), (Database::Dsql, self.dsql)]
    }
}

/// What the sampled futures say, so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Uncertain {
    pub samples_done: u32,
    pub samples: u32,
    pub dynamodb: DatabaseSpread,
    pub aurora: DatabaseSpread,
    /// Aurora DSQL, when the scenario names it (`None` otherwise: the tornado and the
    /// shares compare DynamoDB and Aurora).
    #[serde(default)]
    pub dsql: Option<DatabaseSpread>,
    /// Share of samples in which DynamoDB costs less than Aurora, and in which Aurora costs
    /// less than DynamoDB (a tie is neither).
    pub dynamodb_cheaper_share: f64,
    pub aurora_cheaper_share: f64,
    /// With Aurora DSQL among the contenders, the share of samples in which each of the
    /// three is the cheapest (a tie for cheapest is none of them); null otherwise.
    #[serde(default)]
    pub cheapest_share: Option<CheapestShare>,
    /// The cost gap (Aurora − DynamoDB) at the likely values, USD a month.
    pub likely_cost_gap_usd: f64,
    /// Largest cost swing first.
    pub tornado: Vec<Swing>,
    /// The p99 target the shares meeting it are counted against, ms.
    #[serde(default)]
    pub p99_target_ms: f64,
    /// The cost so far over the run, banded: at each of `t_s` (seconds from the start), the
    /// percentiles of each database's cost so far, USD.
    pub cost_so_far: CostBands,
    /// The share of requests failed so far over the run, banded at the same moments.
    #[serde(default)]
    pub failed_so_far: ShareBands,
    /// The steady monthly cost and p99 against traffic, banded (traffic is the axis, so its
    /// own range plays no part).
    pub steady_cost: SteadyBands,
}

/// Percentiles of the steady monthly cost (USD) and p99 latency (ms) at request rates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SteadyBands {
    pub requests_per_s: Vec<f64>,
    pub ddb_on_demand_usd: Vec<Spread>,
    pub ddb_provisioned_usd: Vec<Spread>,
    pub aurora_usd: Vec<Spread>,
    #[serde(default)]
    pub ddb_p99_ms: Vec<Spread>,
    #[serde(default)]
    pub aurora_p99_ms: Vec<Spread>,
    /// Aurora DSQL's, when the scenario names it (empty otherwise).
    #[serde(default)]
    pub dsql_usd: Vec<Spread>,
    #[serde(default)]
    pub dsql_p99_ms: Vec<Spread>,
}

/// Percentiles of the cost so far at moments of the run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CostBands {
    pub t_s: Vec<f64>,
    pub dynamodb_usd: Vec<Spread>,
    pub aurora_usd: Vec<Spread>,
    /// Aurora DSQL's, when the scenario names it (empty otherwise).
    #[serde(default)]
    pub dsql_usd: Vec<Spread>,
}

/// Percentiles of the share of requests failed so far at moments of the run (0 to 1).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ShareBands {
    pub t_s: Vec<f64>,
    pub dynamodb_share: Vec<Spread>,
    pub aurora_share: Vec<Spread>,
    /// Aurora DSQL's, when the scenario names it (empty otherwise).
    #[serde(default)]
    pub dsql_share: Vec<Spread>,
}

/// A running total of `per_bucket` (an amount booked over each bucket of `run`) at
/// [`CURVE_POINTS`] moments: linear inside the bucket in which a moment falls, a bucket's
/// amount reached at its end.
fn so_far(run: &SimRun, per_bucket: impl Iterator<Item = f64>) -> Vec<f64> {
    let end_s = run.simulated_s().max(1e-9);
    let mut knots = vec![(0.0, 0.0)];
    let mut total = 0.0;
    for (end, amount) in run.bucket_ends_s().zip(per_bucket) {
        total += amount;
        knots.push((end, total));
    }
    if knots.len() < 2 {
        return vec![0.0; CURVE_POINTS];
    }
    (1..=CURVE_POINTS)
        .map(|k| {
            let t = end_s * k as f64 / CURVE_POINTS as f64;
            let j = knots.partition_point(|&(kt, _)| kt < t).clamp(1, knots.len() - 1);
            let ((t0, c0), (t1, c1)) = (knots[j - 1], knots[j]);
            if t1 > t0 {
                c0 + (c1 - c0) * ((t - t0) / (t1 - t0)).clamp(0.0, 1.0)
            } else {
                c1
            }
        })
        .collect()
}

/// The share of the requests offered that failed so far (bucket-mean rates), at
/// [`CURVE_POINTS`] moments; 0 before any request.
fn failed_share_so_far(run: &SimRun, offered_rps: &[f64], failed_rps: &[f64]) -> Vec<f64> {
    let failed = so_far(run, run.requests_per_bucket(failed_rps).into_iter());
    let offered = so_far(run, run.requests_per_bucket(offered_rps).into_iter());
    failed.iter().zip(offered).map(|(f, o)| if o > 0.0 { (f / o).clamp(0.0, 1.0) } else { 0.0 }).collect()
}

/// One sample's curves over the run, DynamoDB, Aurora then (when in the run) Aurora DSQL:
/// the cost so far (USD) and the share of requests failed so far.
struct Curves {
    cost_usd: [Vec<f64>; 3],
    failed_share: [Vec<f64>; 3],
}

impl Curves {
    fn of(run: &SimRun) -> Curves {
        let (d, a) = (&run.dynamodb, &run.aurora);
        let q = run.dsql.as_ref().map(|q| &q.series);
        Curves {
            cost_usd: [
                so_far(run, d.cost_usd.iter().copied()),
                so_far(run, a.cost_usd.iter().copied()),
                q.map_or_else(Vec::new, |q| so_far(run, q.cost_usd.iter().copied())),
            ],
            failed_share: [
                failed_share_so_far(run, &d.offered_rps.mean, &d.failed_rps.mean),
                failed_share_so_far(run, &a.offered_rps.mean, &a.failed_rps.mean),
                q.map_or_else(Vec::new, |q| failed_share_so_far(run, &q.offered_rps.mean, &q.failed_rps.mean)),
            ],
        }
    }

    fn cost(&self) -> &[Vec<f64>; 3] {
        &self.cost_usd
    }

    fn failed(&self) -> &[Vec<f64>; 3] {
        &self.failed_share
    }
}

impl Uncertain {
    pub fn complete(&self) -> bool {
        self.samples_done >= self.samples
    }
}

/// The sampled futures of a scenario, run one at a time (the worker interleaves them with
/// its other work; the CLI runs them all).
pub struct MonteCarlo {
    base: Scenario,
    inputs: Vec<(Input, Range)>,
    draws: Vec<Vec<f64>>,
    /// The runs' answers: (DynamoDB, Aurora) per sample done, and their curves over the run.
    done: Vec<(Answer, Answer)>,
    /// Aurora DSQL's answer per sample done, when the scenario names it.
    dsql_done: Vec<Answer>,
    curves: Vec<Curves>,
    /// Each sample's steady answers at the sweep's rates: monthly costs (DynamoDB on-demand,
    /// provisioned, Aurora), p99s (DynamoDB, Aurora), and Aurora DSQL's cost and p99 (NaN
    /// without it, which the percentiles leave out).
    sweeps: Vec<Vec<[f64; 7]>>,
    tornado: Vec<Swing>,
    likely_gap_usd: f64,
    target_ms: f64,
    /// The run in progress, and a tornado bar's low end waiting for its high end.
    in_flight: Option<InFlight>,
    low_end: Option<(f64, SimRun)>,
}

/// Which run a piece of work is: an end of a tornado bar, or a sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Task {
    Low,
    High,
    Sample,
}

/// A run being simulated a slice at a time.
struct InFlight {
    task: Task,
    /// The input's value at a tornado end.
    value: f64,
    scenario: Scenario,
    engine: sim::Engine,
}

#[derive(Clone, Copy, Debug)]
struct Answer {
    cost_usd: f64,
    failed_share: f64,
    p99_ms: f64,
}

impl Answer {
    fn of(s: &Summary) -> Answer {
        Answer { cost_usd: s.monthly_cost_usd, failed_share: s.failed_share(), p99_ms: s.worst_p99_ms }
    }
}

impl MonteCarlo {
    /// The futures of `s` (valid), with `likely` its own run if already done.
    pub fn new(s: &Scenario, likely: Option<&SimRun>) -> MonteCarlo {
        let mut base = s.clone();
        base.uncertainty = Uncertainty { samples: 0, ranges: BTreeMap::new() };
        let coarse = (s.simulation.duration_s / SAMPLE_STEPS).max(s.simulation.step());
        base.simulation.step_s = Some(coarse.min(300.0));
        let inputs = s.uncertainty.varying();
        let n = if inputs.is_empty() { 0 } else { s.uncertainty.samples as usize };
        let mut rng = Rng::new(s.simulation.seed ^ 0x5CA1_AB1E_0000_0001);
        let draws = latin_hypercube(n, inputs.len(), &mut rng);
        let likely_gap_usd = match likely {
            Some(r) => r.aurora_summary.monthly_cost_usd - r.dynamodb_summary.monthly_cost_usd,
            // The scenario's own run (at its own step), as the page and the CLI have it.
            None => {
                let r = sim::run(s);
                r.aurora_summary.monthly_cost_usd - r.dynamodb_summary.monthly_cost_usd
            }
        };
        MonteCarlo { target_ms: s.p99_target_ms, base, inputs, draws, done: Vec::new(), dsql_done: Vec::new(), curves: Vec::new(), sweeps: Vec::new(), tornado: Vec::new(), likely_gap_usd, in_flight: None, low_end: None }
    }

    /// Work left: the tornado's runs (two per input) and the samples.
    pub fn is_done(&self) -> bool {
        self.tornado.len() == self.inputs.len() && self.done.len() == self.draws.len()
    }

    /// The next run to make: an end of the next input's tornado bar, or the next sample.
    fn next_task(&self) -> Option<Task> {
        if self.tornado.len() < self.inputs.len() {
            Some(if self.low_end.is_none() { Task::Low } else { Task::High })
        } else {
            (self.done.len() < self.draws.len()).then_some(Task::Sample)
        }
    }

    /// The scenario of `task`, and (for a tornado end) the input's value in it.
    fn scenario_for(&self, task: Task) -> (f64, Scenario) {
        let mut s = self.base.clone();
        match task {
            Task::Low | Task::High => {
                let (input, range) = self.inputs[self.tornado.len()];
                let likely = value_of(input, &self.base);
                set_value(input, &mut s, input.at(likely, if task == Task::Low { range.low } else { range.high }));
                (value_of(input, &s), s)
            }
            Task::Sample => {
                for (&(input, range), &q) in self.inputs.iter().zip(&self.draws[self.done.len()]) {
                    let likely = value_of(input, &self.base);
                    let (low, high) = (input.at(likely, range.low), input.at(likely, range.high));
                    set_value(input, &mut s, triangular(q, low, likely, high));
                }
                (0.0, s)
            }
        }
    }

    /// Simulate up to `max_steps` steps of the run in progress (starting the next one if
    /// none is), and book it when it is done. The worker calls this between its other work,
    /// so no whole run (a rough day can take hundreds of milliseconds) keeps a newer
    /// request waiting.
    pub fn advance_steps(&mut self, max_steps: usize) {
        if self.in_flight.is_none() {
            let Some(task) = self.next_task() else { return };
            let (value, scenario) = self.scenario_for(task);
            let engine = sim::Engine::new(&scenario);
            self.in_flight = Some(InFlight { task, value, scenario, engine });
        }
        let Some(f) = &mut self.in_flight else { return };
        f.engine.advance(max_steps);
        if !f.engine.is_done() {
            return;
        }
        let Some(InFlight { task, value, scenario, engine }) = self.in_flight.take() else { return };
        let r = engine.finish();
        match task {
            Task::Low => self.low_end = Some((value, r)),
            Task::High => {
                let Some((low_value, lo)) = self.low_end.take() else { return };
                let input = self.inputs[self.tornado.len()].0;
                let gap = |r: &SimRun| r.aurora_summary.monthly_cost_usd - r.dynamodb_summary.monthly_cost_usd;
                self.tornado.push(Swing {
                    input: Some(input),
                    label: input.label(),
                    low_value,
                    high_value: value,
                    cost_gap_low_usd: gap(&lo),
                    cost_gap_high_usd: gap(&r),
                    dynamodb_p99_ms: (lo.dynamodb_summary.worst_p99_ms, r.dynamodb_summary.worst_p99_ms),
                    aurora_p99_ms: (lo.aurora_summary.worst_p99_ms, r.aurora_summary.worst_p99_ms),
                    dsql_p99_ms: lo.dsql.as_ref().zip(r.dsql.as_ref()).map(|(lo, r)| (lo.summary.worst_p99_ms, r.summary.worst_p99_ms)),
                });
            }
            Task::Sample => {
                self.done.push((Answer::of(&r.dynamodb_summary), Answer::of(&r.aurora_summary)));
                self.dsql_done.extend(r.dsql.as_ref().map(|q| Answer::of(&q.summary)));
                self.curves.push(Curves::of(&r));
                self.sweeps.push(
                    scenario
                        .sweep(SWEEP_POINTS)
                        .iter()
                        .map(|c| {
                            let (dsql_usd, dsql_p99) = c.dsql.as_ref().map_or((f64::NAN, f64::NAN), |q| (q.cost.total_usd(), q.p99_ms));
                            [c.dynamodb.cost.on_demand_total_usd(), c.dynamodb.cost.provisioned_total_usd(), c.aurora.cost.total_usd(), c.dynamodb.p99_ms, c.aurora.p99_ms, dsql_usd, dsql_p99]
                        })
                        .collect(),
                );
            }
        }
    }

    /// Run the next piece of work whole: one input's tornado bar (two runs), or one sample.
    pub fn advance(&mut self) {
        let before = (self.tornado.len(), self.done.len());
        while !self.is_done() && (self.tornado.len(), self.done.len()) == before {
            self.advance_steps(usize::MAX);
        }
    }

    /// Run everything left.
    pub fn finish(mut self) -> Uncertain {
        while !self.is_done() {
            self.advance();
        }
        self.snapshot()
    }

    /// What the work done so far says.
    pub fn snapshot(&self) -> Uncertain {
        let spread_of = |answers: &[Answer]| {
            let values = |f: fn(&Answer) -> f64| answers.iter().map(f).collect::<Vec<f64>>();
            DatabaseSpread {
                monthly_cost_usd: Spread::of(&values(|a| a.cost_usd)),
                failed_share: Spread::of(&values(|a| a.failed_share)),
                worst_p99_ms: Spread::of(&values(|a| a.p99_ms)),
                meets_target_share: share(answers, |a| a.p99_ms <= self.target_ms),
            }
        };
        let spread = |pick: fn(&(Answer, Answer)) -> Answer| spread_of(&self.done.iter().map(pick).collect::<Vec<_>>());
        let mut tornado = self.tornado.clone();
        tornado.sort_by(|a, b| b.cost_swing_usd().total_cmp(&a.cost_swing_usd()));
        let share_of = |n: usize| if self.done.is_empty() { 0.0 } else { n as f64 / self.done.len() as f64 };
        let dynamodb_cheaper = self.done.iter().filter(|(d, a)| d.cost_usd < a.cost_usd).count();
        let aurora_cheaper = self.done.iter().filter(|(d, a)| a.cost_usd < d.cost_usd).count();
        // DSQL's answers are booked with each sample's, so the two lists pair up.
        let cheapest_share = (self.base.has(Database::Dsql) && self.dsql_done.len() == self.done.len()).then(|| {
            let costs: Vec<[f64; 3]> = self.done.iter().zip(&self.dsql_done).map(|((d, a), q)| [d.cost_usd, a.cost_usd, q.cost_usd]).collect();
            CheapestShare::of_futures(&costs)
        });
        Uncertain {
            samples_done: self.done.len() as u32,
            samples: self.draws.len() as u32,
            dynamodb: spread(|x| x.0),
            aurora: spread(|x| x.1),
            dsql: self.base.has(Database::Dsql).then(|| spread_of(&self.dsql_done)),
            dynamodb_cheaper_share: share_of(dynamodb_cheaper),
            aurora_cheaper_share: share_of(aurora_cheaper),
            cheapest_share,
            likely_cost_gap_usd: self.likely_gap_usd,
            tornado,
            p99_target_ms: self.target_ms,
            cost_so_far: self.cost_bands(),
            failed_so_far: self.failed_bands(),
            steady_cost: self.steady_bands(),
        }
    }

    fn steady_bands(&self) -> SteadyBands {
        if self.sweeps.is_empty() {
            return SteadyBands::default();
        }
        // The sweep's rates (as `Scenario::sweep` spaces them).
        let (lo, hi) = (SWEEP_RANGE_RPS.0.log10(), SWEEP_RANGE_RPS.1.log10());
        let rates = (0..SWEEP_POINTS).map(|i| 10f64.powf(lo + (hi - lo) * i as f64 / (SWEEP_POINTS - 1) as f64)).collect();
        let at = |k: usize| (0..SWEEP_POINTS).map(|i| Spread::of(&self.sweeps.iter().map(|sw| sw[i][k]).collect::<Vec<f64>>())).collect();
        let dsql = self.base.has(crate::model::database::Database::Dsql);
        let dsql_at = |k: usize| if dsql { at(k) } else { Vec::new() };
        SteadyBands { requests_per_s: rates, ddb_on_demand_usd: at(0), ddb_provisioned_usd: at(1), aurora_usd: at(2), ddb_p99_ms: at(3), aurora_p99_ms: at(4), dsql_usd: dsql_at(5), dsql_p99_ms: dsql_at(6) }
    }

    /// The moments the curves are banded at, seconds from the start.
    fn curve_t_s(&self) -> Vec<f64> {
        let end_s = self.base.simulation.duration_s;
        (1..=CURVE_POINTS).map(|k| end_s * k as f64 / CURVE_POINTS as f64).collect()
    }

    /// Percentiles across the samples of curve `pick` of database `db` (0 DynamoDB, 1 Aurora,
    /// 2 Aurora DSQL); empty for a database not in the runs.
    fn banded(&self, pick: fn(&Curves) -> &[Vec<f64>; 3], db: usize) -> Vec<Spread> {
        if self.curves.iter().any(|c| pick(c)[db].len() < CURVE_POINTS) {
            return Vec::new();
        }
        (0..CURVE_POINTS).map(|k| Spread::of(&self.curves.iter().map(|c| pick(c)[db][k]).collect::<Vec<f64>>())).collect()
    }

    fn cost_bands(&self) -> CostBands {
        if self.curves.is_empty() {
            return CostBands::default();
        }
        CostBands { t_s: self.curve_t_s(), dynamodb_usd: self.banded(Curves::cost, 0), aurora_usd: self.banded(Curves::cost, 1), dsql_usd: self.banded(Curves::cost, 2) }
    }

    fn failed_bands(&self) -> ShareBands {
        if self.curves.is_empty() {
            return ShareBands::default();
        }
        ShareBands { t_s: self.curve_t_s(), dynamodb_share: self.banded(Curves::failed, 0), aurora_share: self.banded(Curves::failed, 1), dsql_share: self.banded(Curves::failed, 2) }
    }
}

fn share(answers: &[Answer], test: impl Fn(&Answer) -> bool) -> f64 {
    if answers.is_empty() {
        0.0
    } else {
        answers.iter().filter(|a| test(a)).count() as f64 / answers.len() as f64
    }
}

/// Every sampled future of `s`, and the tornado.
pub fn run(s: &Scenario) -> Uncertain {
    MonteCarlo::new(s, None).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_latin_hypercube_draws_every_stratum_once_per_input() {
        let mut rng = Rng::new(7);
        let d = latin_hypercube(50, 3, &mut rng);
        for k in 0..3 {
            let mut strata: Vec<usize> = d.iter().map(|row| (row[k] * 50.0).floor() as usize).collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..50).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_triangular_quantile_spans_its_range_with_the_mode_at_its_share() {
        assert_eq!(triangular(0.0, 1.0, 2.0, 5.0), 1.0);
        assert!((triangular(1.0, 1.0, 2.0, 5.0) - 5.0).abs() < 1e-12);
        // The mode sits at quantile (mode − low) / (high − low) = 1/4.
        assert!((triangular(0.25, 1.0, 2.0, 5.0) - 2.0).abs() < 1e-12);
        assert_eq!(triangular(0.3, 2.0, 2.0, 2.0), 2.0);
    }

    #[test]
    fn percentiles_interpolate_between_order_statistics() {
        let v: Vec<f64> = (0..=10).map(f64::from).rev().collect();
        assert_eq!(percentile(&v, 0.1), 1.0);
        assert_eq!(percentile(&v, 0.5), 5.0);
        assert!((percentile(&[0.0, 10.0], 0.9) - 9.0).abs() < 1e-12);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }

    #[test]
    fn ranges_on_the_wrong_side_of_the_value_are_refused_by_name() {
        let mut u = Uncertainty::default();
        u.ranges.insert(Input::RequestsPerS, Range { low: 1.5, high: 2.0 });
        let e = u.validate().unwrap_err();
        assert!(e.contains("uncertainty.ranges.requests_per_s") && e.contains("low ≤ 1 ≤ high"), "{e}");
        let too_many = Uncertainty { samples: 5_000, ..Uncertainty::default() };
        assert!(too_many.validate().unwrap_err().contains("uncertainty.samples"));
        assert_eq!(Uncertainty::default().validate(), Ok(()));
    }
}
