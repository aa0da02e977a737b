//! DynamoDB capacity over simulated time: the table's reads, its writes, and the writes of
//! each global secondary index (all indexes are alike here), each a [`Dimension`] stepped
//! through a piece of time with the load offered to it. Every rule is in seconds, never in
//! steps: a step is cut at each moment something changes (a CloudWatch minute ends, burst
//! runs out or refills, a scaling action lands, an old peak matures), so any step size gives
//! the same capacity.
//!
//! * **On-demand** (facts sheet A4 and the 2026 addendum, DOC): a new table or index serves
//!   12,000 read / 4,000 write units per second at once (or its warm throughput). Instant
//!   capacity is twice the previous peak, and throttling can occur when traffic exceeds
//!   double the previous peak *within 30 minutes*: a served rate becomes "the previous peak"
//!   once it is 30 minutes old. So traffic that doubles no faster than every 30 minutes is
//!   never throttled for growth, and a sustained surge is served in doublings every 30
//!   minutes. Capacity never decays, and stops at the table quota (40,000 units/s by
//!   default, adjustable: `AccountLimitExceeded`) and at an optional maximum throughput
//!   (`MaxOnDemandThroughputExceeded`). Throttling while capacity grows is reported as
//!   `KeyRangeThroughputExceeded`: the table's partitions have not split for it yet (INF).
//! * **Provisioned** (A3, A5): fixed capacity plus a burst bucket holding up to 300 s of
//!   unused capacity, spent when the load is above capacity (`ProvisionedThroughputExceeded`
//!   once it is empty). With auto scaling, utilisation is judged on one-minute CloudWatch
//!   datapoints (consumed ÷ provisioned over each clock minute): 2 consecutive datapoints
//!   above the target set capacity to `consumed / target`; 15 consecutive below
//!   `target − 20 points` lower it the same way, within [min, max], at most 4 decreases in
//!   the first hour of a UTC day and then one an hour. The new capacity is in force after an
//!   update delay (AWS: "it then takes several minutes to update the provisioned capacity";
//!   an editable estimate). Auto scaling sees *consumed* capacity, which throttling caps, so
//!   after a big spike it climbs in ×(1/target) steps.
//! * SDK retries add attempts and latency but not capacity (see `dynamodb`).

use crate::model::dynamodb::{provisioned_units, CapacityMode, DynamoConfig};
use crate::model::facts::*;
use std::collections::VecDeque;

const DAY_S: f64 = 86_400.0;
const MINUTE_S: f64 = 60.0;
/// Times closer than this are the same moment (floating-point noise in event times).
const EPS_S: f64 = 1e-9;

/// Why a dimension could not serve its whole load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Limit {
    /// Provisioned capacity, burst spent.
    Provisioned,
    /// On-demand capacity still growing towards a new peak.
    OnDemandGrowth,
    /// The per-table (per-index) quota.
    Quota,
    /// The configured on-demand maximum throughput.
    MaxThroughput,
}

/// A piece of a step with a constant rate: `(seconds, units per second)`.
pub(crate) type Piece = (f64, f64);

/// A piece of a step in which a dimension served at a constant rate and fell short of its
/// load by a constant rate (units per second).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Served {
    pub length_s: f64,
    pub served_per_s: f64,
    pub short_per_s: f64,
}

/// What one dimension did over a step.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct DimensionStep {
    /// Units served, unit-seconds.
    pub served_unit_s: f64,
    /// Units not served, unit-seconds, by the limit that stopped them.
    pub excess_unit_s: [f64; 4],
    /// Capacity in force integrated over the step, unit-seconds (what provisioned bills).
    pub capacity_unit_s: f64,
    /// Highest capacity in force during the step.
    pub peak_capacity: f64,
    /// Seconds of the step during which over 0.1 % of the load was not served, and during
    /// which any of it was not.
    pub throttled_s: f64,
    /// When burst ran out during the step (provisioned).
    pub burst_spent_at_s: Option<f64>,
}

impl DimensionStep {
    pub fn excess(&self, limit: Limit) -> f64 {
        self.excess_unit_s[limit as usize]
    }
}

/// A capacity change the engine may narrate: `(time, from, to)`.
pub(crate) type Change = (f64, f64, f64);

/// One dimension (table reads, table writes, or one index's writes).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Dimension {
    mode: CapacityMode,
    /// Units per second served without throttling (before burst).
    capacity: f64,
    /// Ceiling of capacity: quota (and maximum throughput for on-demand).
    ceiling: f64,
    /// On-demand: the configured maximum throughput, if it is what the ceiling is.
    max_throughput_binds: bool,
    // ---- on-demand
    warm: f64,
    /// Highest served rate at least 30 minutes old.
    matured_peak: f64,
    /// Served rates younger than that, `(start time, rate)`, rates strictly increasing
    /// (a rate below an older one can never raise the peak).
    young_peaks: VecDeque<(f64, f64)>,
    // ---- provisioned
    burst_unit_s: f64,
    auto_scaling: bool,
    target: f64,
    min: f64,
    max: f64,
    update_delay_s: f64,
    minute: f64,
    minute_consumed_unit_s: f64,
    minute_capacity_unit_s: f64,
    minutes_above: u32,
    minutes_below: u32,
    /// A scaling action on its way: `(time it is in force, new capacity)`.
    pending: Option<(f64, f64)>,
    budget_day: i64,
    first_hour_decreases: u32,
    last_decrease_s: f64,
    /// A decrease was due but the daily quota refused it (once per UTC day).
    pub decrease_refused_day: Option<i64>,
    /// Capacity changes since the engine last looked.
    pub changes: Vec<Change>,
}

impl Dimension {
    fn on_demand(warm: f64, quota: f64, max_throughput: Option<f64>) -> Self {
        let ceiling = max_throughput.map_or(quota, |m| m.min(quota));
        let mut d = Dimension::blank(CapacityMode::OnDemand, warm.min(ceiling), ceiling);
        d.warm = warm;
        d.max_throughput_binds = max_throughput.is_some_and(|m| m < quota);
        d
    }

    fn provisioned(capacity: f64, quota: f64, cfg: &DynamoConfig, min: f64, max: f64, update_delay_s: f64) -> Self {
        let capacity = capacity.min(quota);
        let mut d = Dimension::blank(CapacityMode::Provisioned, capacity, quota);
        // A table that has been running has saved its burst allowance.
        d.burst_unit_s = DDB_BURST_WINDOW_S * capacity;
        d.auto_scaling = cfg.auto_scaling;
        d.target = cfg.target_utilisation;
        // Bounds that cannot cross: max within the quota, min within max.
        d.max = max.min(quota);
        d.min = min.min(d.max);
        d.update_delay_s = update_delay_s;
        d
    }

    fn blank(mode: CapacityMode, capacity: f64, ceiling: f64) -> Self {
        Dimension {
            mode,
            capacity,
            ceiling,
            max_throughput_binds: false,
            warm: 0.0,
            matured_peak: 0.0,
            young_peaks: VecDeque::with_capacity(64),
            burst_unit_s: 0.0,
            auto_scaling: false,
            target: DDB_AUTOSCALING_DEFAULT_TARGET,
            min: 0.0,
            max: ceiling,
            update_delay_s: 0.0,
            minute: 0.0,
            minute_consumed_unit_s: 0.0,
            minute_capacity_unit_s: 0.0,
            minutes_above: 0,
            minutes_below: 0,
            pending: None,
            budget_day: -1,
            first_hour_decreases: 0,
            last_decrease_s: f64::NEG_INFINITY,
            decrease_refused_day: None,
            changes: Vec::with_capacity(8),
        }
    }

    /// Capacity in force, units per second.
    pub fn capacity(&self) -> f64 {
        self.capacity
    }

    /// Burst capacity left, unit-seconds.
    pub fn burst_unit_s(&self) -> f64 {
        self.burst_unit_s
    }

    fn set_capacity(&mut self, t_s: f64, to: f64) {
        if to != self.capacity {
            self.changes.push((t_s, self.capacity, to));
            self.capacity = to;
            self.burst_unit_s = self.burst_unit_s.min(DDB_BURST_WINDOW_S * to);
        }
    }

    /// On-demand instant capacity from the matured peak.
    fn on_demand_capacity(&self) -> f64 {
        self.warm.max(DDB_ON_DEMAND_PEAK_MULTIPLIER * self.matured_peak).min(self.ceiling)
    }

    fn binding_limit(&self) -> Limit {
        match self.mode {
            CapacityMode::Provisioned => Limit::Provisioned,
            CapacityMode::OnDemand if self.capacity >= self.ceiling => {
                if self.max_throughput_binds {
                    Limit::MaxThroughput
                } else {
                    Limit::Quota
                }
            }
            CapacityMode::OnDemand => Limit::OnDemandGrowth,
        }
    }

    /// Serve `load` (pieces of constant demand, back to back from `t0_s`), appending what was
    /// served and what was not to `served` (same pieces, cut where capacity changed).
    pub fn run(&mut self, t0_s: f64, load: &[Piece], served: &mut Vec<Served>) -> DimensionStep {
        let mut out = DimensionStep { peak_capacity: self.capacity, ..DimensionStep::default() };
        let mut t = t0_s;
        for &(length, demand) in load {
            let end = t + length;
            while end - t > EPS_S {
                self.settle(t);
                let h = self.next_event(t, demand).min(end - t);
                let rate = self.serve(demand);
                out.served_unit_s += rate * h;
                out.excess_unit_s[self.binding_limit() as usize] += (demand - rate) * h;
                out.capacity_unit_s += self.capacity * h;
                if demand - rate > 0.001 * demand {
                    out.throttled_s += h;
                }
                out.peak_capacity = out.peak_capacity.max(self.capacity);
                let short = (demand - rate).max(0.0);
                match served.last_mut() {
                    Some(last) if last.served_per_s == rate && last.short_per_s == short => last.length_s += h,
                    _ => served.push(Served { length_s: h, served_per_s: rate, short_per_s: short }),
                }
                let had_burst = self.burst_unit_s > 0.0;
                self.account(t, h, demand, rate);
                t += h;
                if had_burst && self.burst_unit_s == 0.0 && out.burst_spent_at_s.is_none() {
                    out.burst_spent_at_s = Some(t);
                }
            }
        }
        self.settle(t);
        out
    }

    /// Apply whatever is due at `t_s`: a scaling action, matured peaks, a minute's alarm.
    fn settle(&mut self, t_s: f64) {
        if let Some((at, to)) = self.pending {
            if at <= t_s + EPS_S {
                self.pending = None;
                self.set_capacity(at, to);
                self.minutes_above = 0;
                self.minutes_below = 0;
            }
        }
        if self.mode == CapacityMode::OnDemand {
            while let Some(&(start, rate)) = self.young_peaks.front() {
                if start + DDB_ON_DEMAND_SCALE_WINDOW_S > t_s + EPS_S {
                    break;
                }
                self.matured_peak = self.matured_peak.max(rate);
                self.young_peaks.pop_front();
            }
            let to = self.on_demand_capacity().max(self.capacity);
            self.set_capacity(t_s, to);
        }
        let minute = (t_s / MINUTE_S + EPS_S).floor();
        if minute > self.minute {
            self.close_minute(minute * MINUTE_S);
            self.minute = minute;
        }
    }

    /// Seconds from `t_s` to the next moment the rules change, under a constant `demand`.
    fn next_event(&self, t_s: f64, demand: f64) -> f64 {
        let mut next = (self.minute + 1.0) * MINUTE_S - t_s;
        if let Some((at, _)) = self.pending {
            next = next.min(at - t_s);
        }
        match self.mode {
            CapacityMode::OnDemand => {
                if let Some(&(start, _)) = self.young_peaks.front() {
                    next = next.min(start + DDB_ON_DEMAND_SCALE_WINDOW_S - t_s);
                }
            }
            CapacityMode::Provisioned => {
                let cap = DDB_BURST_WINDOW_S * self.capacity;
                if demand > self.capacity && self.burst_unit_s > 0.0 {
                    next = next.min(self.burst_unit_s / (demand - self.capacity));
                } else if demand < self.capacity && self.burst_unit_s < cap {
                    next = next.min((cap - self.burst_unit_s) / (self.capacity - demand));
                }
            }
        }
        next.max(EPS_S)
    }

    /// Units per second served under `demand` right now.
    fn serve(&self, demand: f64) -> f64 {
        if demand <= self.capacity {
            demand
        } else if self.mode == CapacityMode::Provisioned && self.burst_unit_s > 0.0 {
            demand
        } else {
            self.capacity
        }
    }

    /// Book `h` seconds at `demand`, of which `rate` was served, from `t_s`.
    fn account(&mut self, t_s: f64, h: f64, demand: f64, rate: f64) {
        match self.mode {
            CapacityMode::OnDemand => {
                let newest = self.young_peaks.back().map_or(self.matured_peak, |p| p.1);
                if rate > newest {
                    self.young_peaks.push_back((t_s, rate));
                }
            }
            CapacityMode::Provisioned => {
                // Unused capacity refills the bucket; load above capacity drains it.
                let cap = DDB_BURST_WINDOW_S * self.capacity;
                let next = (self.burst_unit_s + (self.capacity - demand) * h).clamp(0.0, cap);
                // Event times put the bucket exactly at empty or full; keep float noise from
                // leaving a sliver that would need its own event.
                let sliver = 1e-9 * cap.max(1.0);
                self.burst_unit_s = if next < sliver { 0.0 } else if next > cap - sliver { cap } else { next };
            }
        }
        self.minute_consumed_unit_s += rate * h;
        self.minute_capacity_unit_s += self.capacity * h;
    }

    /// A CloudWatch minute ended at `t_s`: judge it, and maybe start a scaling action.
    fn close_minute(&mut self, t_s: f64) {
        let (consumed, capacity) = (self.minute_consumed_unit_s, self.minute_capacity_unit_s);
        self.minute_consumed_unit_s = 0.0;
        self.minute_capacity_unit_s = 0.0;
        if self.mode != CapacityMode::Provisioned || !self.auto_scaling || capacity <= 0.0 {
            return;
        }
        let utilisation = consumed / capacity;
        self.minutes_above = if utilisation > self.target { self.minutes_above + 1 } else { 0 };
        self.minutes_below = if utilisation < self.target - DDB_AUTOSCALING_IN_GAP { self.minutes_below + 1 } else { 0 };
        if self.pending.is_some() {
            return;
        }
        let wanted = provisioned_units(consumed / MINUTE_S, self.target).clamp(self.min, self.max);
        if f64::from(self.minutes_above) >= DDB_AUTOSCALING_OUT_MINUTES && wanted > self.capacity {
            self.pending = Some((t_s + self.update_delay_s, wanted));
            self.minutes_above = 0;
        } else if f64::from(self.minutes_below) >= DDB_AUTOSCALING_IN_MINUTES && wanted < self.capacity {
            if self.decrease_allowed(t_s) {
                if t_s - self.budget_day as f64 * DAY_S < 3_600.0 {
                    self.first_hour_decreases += 1;
                }
                self.last_decrease_s = t_s;
                self.pending = Some((t_s + self.update_delay_s, wanted));
                self.minutes_below = 0;
            } else {
                self.decrease_refused_day = Some(self.budget_day);
            }
        }
    }

    fn decrease_allowed(&mut self, t_s: f64) -> bool {
        let day = (t_s / DAY_S).floor() as i64;
        if day != self.budget_day {
            self.budget_day = day;
            self.first_hour_decreases = 0;
        }
        let into_day = t_s - day as f64 * DAY_S;
        if into_day < 3_600.0 {
            self.first_hour_decreases < DDB_DECREASES_FIRST_HOUR
        } else {
            t_s - self.last_decrease_s >= 3_600.0
        }
    }
}

/// The table's read and write capacity and its indexes' write capacity over time.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DynamoCapacity {
    pub read: Dimension,
    pub write: Dimension,
    /// Each global secondary index's write capacity (`None` without indexes).
    pub index: Option<Dimension>,
}

impl DynamoCapacity {
    /// `index_load_wcu` is each index's write load at the base rate, which a provisioned
    /// index is sized for at the target when its capacity is not set.
    pub fn new(cfg: &DynamoConfig, index_load_wcu: f64, update_delay_s: f64) -> Self {
        let quota = cfg.table_quota_units_per_s;
        let has_index = cfg.global_secondary_indexes > 0;
        match cfg.mode {
            CapacityMode::OnDemand => DynamoCapacity {
                read: Dimension::on_demand(cfg.warm_read_units_per_s, quota, cfg.max_read_units_per_s),
                write: Dimension::on_demand(cfg.warm_write_units_per_s, quota, cfg.max_write_units_per_s),
                index: has_index.then(|| Dimension::on_demand(DDB_ON_DEMAND_INITIAL_WRITE_UNITS, quota, cfg.index_max_write_units_per_s)),
            },
            CapacityMode::Provisioned => {
                let index_wcu = cfg.index_provisioned_wcu.unwrap_or_else(|| provisioned_units(index_load_wcu, cfg.target_utilisation).max(1.0));
                DynamoCapacity {
                    read: Dimension::provisioned(cfg.provisioned_rcu, quota, cfg, cfg.min_rcu, cfg.max_rcu, update_delay_s),
                    write: Dimension::provisioned(cfg.provisioned_wcu, quota, cfg, cfg.min_wcu, cfg.max_wcu, update_delay_s),
                    index: has_index.then(|| Dimension::provisioned(index_wcu, quota, cfg, cfg.min_wcu, cfg.max_wcu, update_delay_s)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provisioned(rcu: f64, auto: bool, delay_s: f64) -> Dimension {
        let cfg = DynamoConfig { mode: CapacityMode::Provisioned, auto_scaling: auto, ..DynamoConfig::default() };
        Dimension::provisioned(rcu, 40_000.0, &cfg, 1.0, 40_000.0, delay_s)
    }

    /// Run `d` for `seconds` at `demand` in steps of `step_s`; served unit-seconds.
    fn run_for(d: &mut Dimension, t0: f64, seconds: f64, step_s: f64, demand: f64) -> (f64, f64) {
        let (mut served, mut excess) = (0.0, 0.0);
        let mut t = t0;
        let mut pieces = Vec::new();
        while t < t0 + seconds - 1e-9 {
            let h = step_s.min(t0 + seconds - t);
            let out = d.run(t, &[(h, demand)], &mut pieces);
            served += out.served_unit_s;
            excess += out.excess_unit_s.iter().sum::<f64>();
            t += h;
        }
        (served, excess)
    }

    #[test]
    fn a_new_on_demand_table_serves_12000_reads_and_4000_writes() {
        let c = DynamoCapacity::new(&DynamoConfig::default(), 0.0, 0.0);
        assert_eq!((c.read.capacity(), c.write.capacity()), (12_000.0, 4_000.0));
    }

    /// AWS: "If your application's traffic grows to more than double the previous peak
    /// within 30 minutes, throttling can occur" — and a peak held long enough becomes the
    /// new previous peak ("if 100,000 is sustained it becomes the new peak, allowing 200,000").
    #[test]
    fn on_demand_throttles_growth_past_double_the_previous_peak_within_30_minutes() {
        let quota = 1e9;
        // A table whose previous peak is 50,000 reads/s serves 100,000 at once...
        let mut d = Dimension::on_demand(12_000.0, quota, None);
        run_for(&mut d, 0.0, 7_200.0, 60.0, 50_000.0);
        assert_eq!(d.capacity(), 100_000.0);
        let (_, excess) = run_for(&mut d, 7_200.0, 1_800.0, 60.0, 100_000.0);
        assert_eq!(excess, 0.0, "double the previous peak is served at once");
        // ...but not 200,000 until 100,000 has been the peak for 30 minutes.
        let mut e = d.clone();
        let (_, excess) = run_for(&mut e, 9_000.0, 60.0, 60.0, 200_000.0);
        assert_eq!(excess, 0.0, "100,000 reached 30 minutes ago is now the previous peak");
        let mut f = Dimension::on_demand(12_000.0, quota, None);
        run_for(&mut f, 0.0, 7_200.0, 60.0, 50_000.0);
        run_for(&mut f, 7_200.0, 600.0, 60.0, 100_000.0);
        let (_, excess) = run_for(&mut f, 7_800.0, 60.0, 60.0, 200_000.0);
        assert!(excess > 0.0, "doubling again within 30 minutes throttles");
    }

    #[test]
    fn on_demand_ramp_below_double_per_30_minutes_never_throttles_at_any_step() {
        for step in [1.0f64, 5.0, 60.0, 300.0] {
            let mut d = Dimension::on_demand(4_000.0, 1e9, None);
            // 4,000 → 64,000 doubling every 40 minutes: 1.9× within any 30 minutes.
            let mut t = 0.0f64;
            let mut excess = 0.0;
            let mut pieces = Vec::new();
            while t < 4.0 * 2_400.0 {
                let rate = 4_000.0 * 2f64.powf(((t + step / 2.0) / 2_400.0).floor());
                excess += d.run(t, &[(step, rate.min(64_000.0))], &mut pieces).excess_unit_s.iter().sum::<f64>();
                t += step;
            }
            assert_eq!(excess, 0.0, "step {step} s");
        }
    }

    #[test]
    fn a_sustained_surge_is_served_in_doublings_every_30_minutes() {
        let mut d = Dimension::on_demand(4_000.0, 1e9, None);
        let mut pieces = Vec::new();
        let mut t = 0.0;
        let mut caps = vec![];
        while t < 7_200.0 {
            d.run(t, &[(60.0, 30_000.0)], &mut pieces);
            t += 60.0;
            caps.push(d.capacity());
        }
        assert_eq!(caps[28], 4_000.0);
        assert_eq!(caps[29], 8_000.0, "4,000 served at t = 0 became the peak at 30 min");
        assert_eq!(caps[59], 16_000.0);
        assert_eq!(caps[89], 32_000.0);
    }

    #[test]
    fn on_demand_stops_at_the_quota_and_the_maximum_throughput() {
        let mut d = Dimension::on_demand(12_000.0, 40_000.0, None);
        let (_, _) = run_for(&mut d, 0.0, 86_400.0, 300.0, 90_000.0);
        assert_eq!(d.capacity(), 40_000.0);
        assert_eq!(d.binding_limit(), Limit::Quota);
        let capped = Dimension::on_demand(4_000.0, 40_000.0, Some(1_000.0));
        assert_eq!(capped.capacity(), 1_000.0);
        assert_eq!(capped.binding_limit(), Limit::MaxThroughput);
    }

    #[test]
    fn burst_holds_300_seconds_of_capacity_and_runs_out_at_the_right_second() {
        for step in [1.0, 15.0, 60.0, 300.0] {
            let mut d = provisioned(100.0, false, 0.0);
            assert_eq!(d.burst_unit_s(), 30_000.0);
            // 600 units/s spends 500 a second beyond capacity: empty after 60 s.
            let (served, excess) = run_for(&mut d, 0.0, 300.0, step, 600.0);
            assert!((served - (600.0 * 60.0 + 100.0 * 240.0)).abs() < 1e-6, "step {step}: {served}");
            assert!((excess - 500.0 * 240.0).abs() < 1e-6, "step {step}: {excess}");
        }
    }

    #[test]
    fn auto_scaling_700_consumed_at_70_percent_sets_1000_after_two_minutes_and_the_delay() {
        for step in [1.0, 5.0, 60.0, 300.0] {
            let mut d = provisioned(800.0, true, 120.0);
            d.burst_unit_s = 0.0;
            let mut t = 0.0;
            let mut pieces = Vec::new();
            let mut first_change = None;
            while t < 600.0 {
                d.run(t, &[(step, 700.0)], &mut pieces);
                t += step;
                if first_change.is_none() {
                    first_change = d.changes.first().copied();
                }
            }
            assert_eq!(first_change, Some((240.0, 800.0, 1_000.0)), "step {step} s");
        }
    }

    #[test]
    fn at_most_27_decreases_a_day() {
        let cfg = DynamoConfig { mode: CapacityMode::Provisioned, auto_scaling: true, ..DynamoConfig::default() };
        let mut d = Dimension::provisioned(1e9, 1e9, &cfg, 1.0, 1e9, 0.0);
        let mut pieces = Vec::new();
        let mut t = 0.0;
        while t < 2.0 * DAY_S {
            // 49 % utilisation, under the scale-in threshold (70 − 20 points), all along: every
            // decrease the budget allows happens. On the second day the first hour has its 4.
            let load = d.capacity() * 0.49;
            d.run(t, &[(60.0, load)], &mut pieces);
            t += 60.0;
        }
        let second_day = d.changes.iter().filter(|c| c.0 >= DAY_S).count();
        assert_eq!(second_day, 27, "{:?}", d.changes);
        let first_hour = d.changes.iter().filter(|c| (DAY_S..DAY_S + 3_600.0).contains(&c.0)).count();
        assert_eq!(first_hour, 4);
        assert!(d.decrease_refused_day.is_some());
    }
}
