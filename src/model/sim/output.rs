//! What a run produces, at chart resolution.
//!
//! A run may have millions of steps (30 days at 1 s); the page draws about a thousand points
//! across. So per-step values are kept in at most [`MAX_BUCKETS`] buckets of whole steps, each
//! with the time-weighted mean, the minimum and the maximum of its steps (a one-step spike is
//! never averaged away: the maximum keeps it), while the summaries are exact over every step.
//! Memory is bounded by the bucket count, never by the number of steps. A caller that wants
//! every step (the CLI's CSV) gets each one as it is made ([`super::Engine::advance_with`]).

use super::heat::HeatMap;
use super::ledger::{Database, Ledger, LossCause};
use crate::model::commitments::{self, HourlySpend, SavingsPlan};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most buckets a run keeps per series: a default day of 1,440 one-minute steps is kept
/// step by step.
pub const MAX_BUCKETS: usize = 1_440;

/// One quantity over the run, bucket by bucket.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub mean: Vec<f64>,
    pub min: Vec<f64>,
    pub max: Vec<f64>,
}

impl Series {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Series { mean: Vec::with_capacity(n), min: Vec::with_capacity(n), max: Vec::with_capacity(n) }
    }

    pub fn len(&self) -> usize {
        self.mean.len()
    }

    pub fn is_empty(&self) -> bool {
        self.mean.is_empty()
    }
}

/// A bucket being filled: time-weighted sum, weight, min and max of its steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Bucket {
    sum: f64,
    seconds: f64,
    min: f64,
    max: f64,
}

impl Default for Bucket {
    fn default() -> Self {
        Bucket { sum: 0.0, seconds: 0.0, min: f64::INFINITY, max: f64::NEG_INFINITY }
    }
}

impl Bucket {
    pub fn add(&mut self, value: f64, seconds: f64) {
        self.sum += value * seconds;
        self.seconds += seconds;
        self.min = self.min.min(value);
        self.max = self.max.max(value);
    }

    pub fn flush(&mut self, into: &mut Series) {
        if self.seconds > 0.0 {
            into.mean.push(self.sum / self.seconds);
            into.min.push(self.min);
            into.max.push(self.max);
        }
        *self = Bucket::default();
    }
}

/// Defines a database's per-step record, its bucketed series (one [`Series`] per field),
/// and the accumulator between them, from one list of fields.
macro_rules! stepped {
    ($(#[$sm:meta])* $series:ident, $step:ident, $acc:ident for $db:ident { $( $(#[$fm:meta])* $field:ident, )* }) => {
        /// One step's values (see the series type for what each is).
        #[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
        pub struct $step {
            $( pub $field: f64, )*
        }

        $(#[$sm])*
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        pub struct $series {
            $( $(#[$fm])* pub $field: Series, )*
            /// Requests per second lost by cause, bucket means (causes with any loss).
            pub lost_rps: BTreeMap<LossCause, Vec<f64>>,
            /// Cost accrued in each bucket, USD.
            pub cost_usd: Vec<f64>,
        }

        impl $series {
            /// Room for `buckets` buckets, so a run never reallocates its series.
            pub(crate) fn with_capacity(buckets: usize) -> Self {
                $series { $( $field: Series::with_capacity(buckets), )* lost_rps: BTreeMap::new(), cost_usd: Vec::with_capacity(buckets) }
            }
        }

        impl $step {
            /// The fields' names, in order (the CSV's columns).
            pub const COLUMNS: &'static [&'static str] = &[$( stringify!($field), )*];

            /// The fields' values, in [`Self::COLUMNS`] order.
            pub fn values(&self) -> Vec<f64> {
                vec![$( self.$field, )*]
            }

            /// Add `weight` × `other`, field by field (to average pieces of a step).
            pub(crate) fn mix(&mut self, other: &$step, weight: f64) {
                $( self.$field += other.$field * weight; )*
            }
        }

        impl $series {
            /// Bucket `i`'s means as one step (NaN past the end).
            pub fn bucket(&self, i: usize) -> $step {
                $step { $( $field: self.$field.mean.get(i).copied().unwrap_or(f64::NAN), )* }
            }
        }

        #[derive(Clone, Debug)]
        pub(crate) struct $acc {
            $( $field: Bucket, )*
            lost_request: Ledger,
            lost: Vec<Ledger>,
            cost_usd: f64,
            seconds: f64,
        }

        impl Default for $acc {
            fn default() -> Self {
                $acc { $( $field: Bucket::default(), )* lost_request: Ledger::new(Database::$db), lost: Vec::new(), cost_usd: 0.0, seconds: 0.0 }
            }
        }

        impl $acc {
            pub fn add(&mut self, s: &$step, lost_rps: &Ledger, cost_usd: f64, seconds: f64) {
                $( self.$field.add(s.$field, seconds); )*
                self.lost_request.accumulate(lost_rps, seconds);
                self.cost_usd += cost_usd;
                self.seconds += seconds;
            }

            pub fn flush(&mut self, into: &mut $series) {
                if self.seconds <= 0.0 {
                    return;
                }
                $( self.$field.flush(&mut into.$field); )*
                self.lost.push(self.lost_request.scaled(1.0 / self.seconds));
                into.cost_usd.push(self.cost_usd);
                self.lost_request = Ledger::new(Database::$db);
                self.cost_usd = 0.0;
                self.seconds = 0.0;
            }

            /// The per-cause series, for causes that lost anything.
            pub fn lost_series(&self) -> BTreeMap<LossCause, Vec<f64>> {
                LossCause::of(Database::$db)
                    .filter(|&c| self.lost.iter().any(|b| b.get(c) > 0.0))
                    .map(|c| (c, self.lost.iter().map(|b| b.get(c)).collect()))
                    .collect()
            }
        }
    };
}

stepped! {
    /// DynamoDB over the run, bucket by bucket.
    DynamoSeries, DynamoStep, DynamoAccumulator for Dynamodb {
        offered_rps,
        served_rps,
        /// Requests that failed after every SDK attempt (the ledger's total).
        failed_rps,
        p50_ms,
        p99_ms,
        /// Capacity in force: provisioned RCU/WCU, or on-demand's instant capacity.
        read_capacity_units,
        write_capacity_units,
        /// Each global secondary index's write capacity in force (0 without indexes).
        index_write_capacity_units,
        consumed_read_units,
        consumed_write_units,
        /// CloudWatch's ReadThrottleEvents / WriteThrottleEvents: throttled attempts (retries
        /// included) per minute.
        read_throttle_events_per_min,
        write_throttle_events_per_min,
        /// Burst capacity left, seconds of provisioned read / write capacity.
        read_burst_s,
        write_burst_s,
        /// Partitions (storage, capacity and split for heat; they never merge).
        partitions,
    }
}

stepped! {
    /// Aurora over the run, bucket by bucket.
    AuroraSeries, AuroraStep, AuroraAccumulator for Aurora {
        offered_rps,
        served_rps,
        /// Requests that failed: timed out, refused, or waited out a resume (the ledger's total).
        failed_rps,
        p50_ms,
        p99_ms,
        /// Capacity in force (0 while paused), time-weighted over the step.
        writer_acu,
        reader_acu,
        /// ACU the load would need now (what scaling is moving towards), writer.
        writer_needed_acu,
        writer_utilisation,
        /// Time-outs and refused connections per minute (CloudWatch has no such metric: the
        /// client sees them).
        rejected_per_min,
    }
}

stepped! {
    /// Aurora DSQL over the run, bucket by bucket.
    DsqlSeries, DsqlStep, DsqlAccumulator for Dsql {
        offered_rps,
        served_rps,
        /// Requests that failed (the ledger's total): refused connections, pool time-outs,
        /// transactions over a quota.
        failed_rps,
        p50_ms,
        p99_ms,
        /// DPUs billed per second (read + write + compute + multi-Region write).
        dpu_per_s,
        /// Connections open (Little's law for a per-request client; the pool otherwise).
        open_connections,
        /// How much slower every transaction is while DSQL brings capacity online after a
        /// sudden rise (1 = not at all; an estimate).
        latency_multiplier,
    }
}

/// DSQL's run: present when the scenario names DSQL among its contenders.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DsqlRun {
    pub series: DsqlSeries,
    pub summary: Summary,
}

/// What one database did over the run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The run's cost scaled to a 730-hour month, and its lines: capacity (DynamoDB request
    /// units or capacity and DAX, Aurora compute, proxy and cache, DSQL DPUs), I/O (Aurora
    /// Standard, Data API requests), storage, backups and data transfer (between Regions and
    /// zones, and out to the internet). Free tiers are taken off their lines.
    pub monthly_cost_usd: f64,
    pub monthly_capacity_usd: f64,
    pub monthly_io_usd: f64,
    pub monthly_storage_usd: f64,
    #[serde(default)]
    pub monthly_backup_usd: f64,
    #[serde(default)]
    pub monthly_transfer_usd: f64,
    pub offered_requests: f64,
    pub served_requests: f64,
    /// Requests that failed after the client's retries: throttled on every attempt
    /// (DynamoDB), timed out, refused or waited out a resume (Aurora). Σ `lost_requests`.
    pub failed_requests: f64,
    /// `failed_requests` by cause.
    pub lost_requests: BTreeMap<LossCause, f64>,
    /// Throttled (DynamoDB, retries included, as CloudWatch counts ThrottleEvents) or timed
    /// out / refused (Aurora) attempts.
    pub rejected_attempts: f64,
    /// Minutes during which over 0.1 % of requests failed (timed to the second inside a step).
    pub minutes_failing: f64,
    pub worst_p99_ms: f64,
    /// Highest capacity in force: max of RCU and WCU (DynamoDB), writer ACU (Aurora).
    pub peak_capacity: f64,
    /// The 1-year Database Savings Plan that minimises this run's bill, over the run's
    /// hours (`crate::model::commitments`), and the monthly cost with it.
    pub savings_plan: SavingsPlan,
    pub monthly_cost_with_plan_usd: f64,
}

impl Summary {
    /// The bill's lines, in [`BILL_LINES`] order, USD per month.
    pub fn bill_lines_usd(&self) -> [f64; 5] {
        [self.monthly_capacity_usd, self.monthly_io_usd, self.monthly_storage_usd, self.monthly_backup_usd, self.monthly_transfer_usd]
    }

    /// Share of offered requests that failed (0 when nothing was offered).
    pub fn failed_share(&self) -> f64 {
        if self.offered_requests > 0.0 {
            self.failed_requests / self.offered_requests
        } else {
            0.0
        }
    }

    /// The cause that lost the most requests, with its count.
    pub fn dominant_cause(&self) -> Option<(LossCause, f64)> {
        self.lost_requests.iter().map(|(&c, &n)| (c, n)).filter(|&(_, n)| n > 0.0).fold(None, |best, x| match best {
            Some(b) if b.1 >= x.1 => Some(b),
            _ => Some(x),
        })
    }
}

/// The names of [`Summary::bill_lines_usd`], for tables and the bill chart.
pub const BILL_LINES: [&str; 5] = ["Throughput and compute", "I/O and API requests", "Storage", "Backups", "Data transfer"];

/// One step's bill, USD, by line (as [`Summary::bill_lines_usd`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct StepCost {
    pub capacity_usd: f64,
    pub io_usd: f64,
    pub storage_usd: f64,
    pub backup_usd: f64,
    pub transfer_usd: f64,
}

impl StepCost {
    pub fn total_usd(&self) -> f64 {
        self.capacity_usd + self.io_usd + self.storage_usd + self.backup_usd + self.transfer_usd
    }

    pub fn accumulate(&mut self, o: &StepCost) {
        self.capacity_usd += o.capacity_usd;
        self.io_usd += o.io_usd;
        self.storage_usd += o.storage_usd;
        self.backup_usd += o.backup_usd;
        self.transfer_usd += o.transfer_usd;
    }
}

/// Running totals behind a [`Summary`].
#[derive(Clone, Debug)]
pub(crate) struct Totals {
    pub cost: StepCost,
    pub offered: f64,
    pub lost: Ledger,
    pub rejected_attempts: f64,
    pub minutes_failing: f64,
    pub worst_p99_ms: f64,
    pub peak_capacity: f64,
    /// Spend a Database Savings Plan can cover, hour by hour.
    pub eligible: HourlySpend,
}

/// Share of requests failing above which a moment counts as failing.
pub(crate) const FAILING_SHARE: f64 = 0.001;

impl Totals {
    /// Nothing booked yet, for `database`.
    pub fn new(database: Database) -> Self {
        Totals {
            cost: StepCost::default(),
            offered: 0.0,
            lost: Ledger::new(database),
            rejected_attempts: 0.0,
            minutes_failing: 0.0,
            worst_p99_ms: 0.0,
            peak_capacity: 0.0,
            eligible: HourlySpend::default(),
        }
    }

    /// Book one step of `seconds`, of which `failing_s` had over 0.1 % of requests failing.
    #[allow(clippy::too_many_arguments)]
    pub fn add(&mut self, seconds: f64, offered_rps: f64, lost_rps: &Ledger, failing_s: f64, rejected_per_s: f64, p99_ms: f64, capacity: f64, cost: &StepCost) {
        self.offered += offered_rps * seconds;
        self.lost.accumulate(lost_rps, seconds);
        self.rejected_attempts += rejected_per_s * seconds;
        self.minutes_failing += failing_s.clamp(0.0, seconds) / 60.0;
        self.worst_p99_ms = self.worst_p99_ms.max(p99_ms);
        self.peak_capacity = self.peak_capacity.max(capacity);
        self.cost.accumulate(cost);
    }

    /// The summary over `simulated_s` seconds, costs scaled to a month of `month_s`, with a
    /// Savings Plan at `plan_discount` off the eligible spend: the `chosen` commitment (USD
    /// per hour), else the best.
    pub fn summary(&self, simulated_s: f64, month_s: f64, plan_discount: f64, chosen: Option<f64>) -> Summary {
        let scale = if simulated_s > 0.0 { month_s / simulated_s } else { 0.0 };
        let savings_plan = commitments::plan(&self.eligible, plan_discount, chosen);
        let saving = savings_plan.saving_usd() * scale;
        let failed = self.lost.total();
        let c = &self.cost;
        let total = c.total_usd() * scale;
        Summary {
            monthly_cost_usd: total,
            monthly_capacity_usd: c.capacity_usd * scale,
            monthly_io_usd: c.io_usd * scale,
            monthly_storage_usd: c.storage_usd * scale,
            monthly_backup_usd: c.backup_usd * scale,
            monthly_transfer_usd: c.transfer_usd * scale,
            offered_requests: self.offered,
            served_requests: self.offered - failed,
            failed_requests: failed,
            lost_requests: self.lost.ranked().into_iter().collect(),
            rejected_attempts: self.rejected_attempts,
            minutes_failing: self.minutes_failing,
            worst_p99_ms: self.worst_p99_ms,
            peak_capacity: self.peak_capacity,
            monthly_cost_with_plan_usd: (total - saving).max(0.0),
            savings_plan,
        }
    }
}

/// The run: bucketed series for the charts, exact summaries, the partition heat map and the
/// events that narrate it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SimRun {
    /// The step, seconds (the last step may be shorter, to end at the duration).
    pub step_s: f64,
    /// Steps in the whole run, and steps simulated so far (equal once the run is complete).
    pub steps: usize,
    pub steps_done: usize,
    pub duration_s: f64,
    /// Steps per bucket, and the start of each bucket, seconds from the start of the run.
    pub bucket_steps: usize,
    pub t_s: Vec<f64>,
    pub dynamodb: DynamoSeries,
    pub aurora: AuroraSeries,
    pub dynamodb_summary: Summary,
    pub aurora_summary: Summary,
    /// DynamoDB reserved capacity, 1 and 3 years, for a provisioned Standard table
    /// (`eligible` false otherwise).
    pub dynamodb_reserved: crate::model::commitments::ReservedCapacity,
    /// Aurora Reserved Instances for a provisioned cluster (`eligible` false for Serverless v2).
    pub aurora_reserved: crate::model::commitments::ReservedInstances,
    /// Aurora DSQL, when the scenario names it (`contenders`); `None` otherwise, and then
    /// left out of the CLI's JSON so older outputs stay as they were.
    pub dsql: Option<DsqlRun>,
    /// DynamoDB per-partition utilisation, bucket by bucket.
    pub partition_heat: HeatMap,
    /// What happened, in time order, and how many more events were not kept.
    pub events: Vec<super::events::Event>,
    pub events_dropped: usize,
    /// The scenario's faults as shaded windows, and what each cost (`crate::model::faults`).
    pub fault_windows: Vec<crate::model::faults::FaultWindow>,
    pub fault_impacts: Vec<crate::model::faults::FaultImpact>,
}

impl SimRun {
    /// `database`'s summary (`None` for a contender the run does not have).
    pub fn summary_of(&self, database: crate::model::database::Database) -> Option<&Summary> {
        use crate::model::database::Database;
        match database {
            Database::Dynamodb => Some(&self.dynamodb_summary),
            Database::Aurora => Some(&self.aurora_summary),
            Database::Dsql => self.dsql.as_ref().map(|q| &q.summary),
        }
    }

    /// Seconds each bucket spans (the last may be shorter).
    pub fn bucket_s(&self) -> f64 {
        self.bucket_steps as f64 * self.step_s
    }

    /// Seconds simulated so far.
    pub fn simulated_s(&self) -> f64 {
        (self.steps_done as f64 * self.step_s).min(self.duration_s)
    }

    /// The end of each bucket, seconds from the start: the next bucket's start, the
    /// simulated time for the last.
    pub fn bucket_ends_s(&self) -> impl Iterator<Item = f64> + '_ {
        let end_s = self.simulated_s();
        (0..self.t_s.len()).map(move |i| self.t_s.get(i + 1).copied().unwrap_or(end_s))
    }

    /// Each bucket's length, seconds.
    pub fn bucket_lengths_s(&self) -> Vec<f64> {
        self.bucket_ends_s().zip(&self.t_s).map(|(end, &start)| (end - start).max(0.0)).collect()
    }

    /// The requests in each bucket at its mean rate `rps[i]` (a rate that is not a finite,
    /// non-negative number counts as none).
    pub fn requests_per_bucket(&self, rps: &[f64]) -> Vec<f64> {
        self.bucket_lengths_s().iter().zip(rps).map(|(s, &r)| if r.is_finite() { r.max(0.0) * s } else { 0.0 }).collect()
    }

    /// The share of the requests offered so far that failed, at the end of each bucket
    /// (failed to date over offered to date; 0 before any request).
    pub fn failed_share_so_far(&self, offered_rps: &[f64], failed_rps: &[f64]) -> Vec<f64> {
        let (mut offered, mut failed) = (0.0, 0.0);
        self.requests_per_bucket(offered_rps)
            .into_iter()
            .zip(self.requests_per_bucket(failed_rps))
            .map(|(o, f)| {
                offered += o;
                failed += f;
                if offered > 0.0 { (failed / offered).clamp(0.0, 1.0) } else { 0.0 }
            })
            .collect()
    }

    /// The bucket holding time `t_s` (clamped to the buckets there are).
    pub fn bucket_at(&self, t_s: f64) -> Option<usize> {
        let n = self.t_s.len();
        (n > 0).then(|| self.t_s.partition_point(|&start| start <= t_s).saturating_sub(1).min(n - 1))
    }
}
