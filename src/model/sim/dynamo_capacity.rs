//! DynamoDB table capacity as a state machine, one read and one write dimension, stepped
//! with what the table was asked for and what it consumed.
//!
//! * **On-demand** (facts sheet A4, DOC): a new table serves 12,000 read / 4,000 write units
//!   per second at once (or its warm throughput). Traffic it can serve sets the instant
//!   capacity to twice that peak, which never decays. Beyond it, requests are throttled
//!   while the table scales; the shortfall closes linearly over 30 minutes (AWS: growth
//!   beyond double the previous peak within 30 minutes can throttle).
//! * SDK retries of throttled requests add attempts (counted as throttle events) and
//!   latency, but not capacity: on-demand closes the true shortfall over 30 minutes, and
//!   auto scaling watches consumed capacity, which a throttled attempt never adds to.
//! * Both modes stop at the table quota (40,000 units/s each by default, adjustable), and
//!   on-demand at its optional maximum throughput (A4, A6).
//! * **Provisioned** (A3, A5): fixed capacity plus a burst bucket holding up to 300 s of
//!   unused capacity. With auto scaling, 2 consecutive minutes above the target set capacity
//!   to `consumed / target`; 15 consecutive minutes below `target − 20 points` lower it the
//!   same way, within [min, max], at most 4 decreases in the first hour of a UTC day and then
//!   one an hour. Auto scaling sees *consumed* capacity, which throttling caps, so after a
//!   big spike it climbs in ×(1/target) steps.

use crate::model::dynamodb::{provisioned_units, CapacityMode, DynamoConfig, TableLimit};
use crate::model::facts::*;

const DAY_S: f64 = 86_400.0;

/// One dimension (reads or writes) of table capacity.
#[derive(Clone, Debug, PartialEq)]
struct Dimension {
    /// Units per second served without throttling (before burst).
    capacity: f64,
    /// On-demand: how fast capacity grows towards a demand above it, units/s per second.
    ramp_per_s: f64,
    /// Provisioned: unused capacity saved for bursts, unit-seconds.
    burst_unit_s: f64,
    minutes_above: f64,
    minutes_below: f64,
    min: f64,
    max: f64,
    /// UTC day of the decrease budget, decreases used in its first hour, last decrease.
    budget_day: i64,
    first_hour_decreases: u32,
    last_decrease_s: f64,
}

impl Dimension {
    fn new(capacity: f64, min: f64, max: f64) -> Self {
        Dimension {
            capacity,
            ramp_per_s: 0.0,
            burst_unit_s: 0.0,
            minutes_above: 0.0,
            minutes_below: 0.0,
            // Ordered, so that clamping to [min, max] cannot panic: the quota (in max) wins.
            min: min.min(max),
            max,
            budget_day: -1,
            first_hour_decreases: 0,
            last_decrease_s: f64::NEG_INFINITY,
        }
    }

    fn burst_limit(&self, dt: f64) -> f64 {
        self.capacity + self.burst_unit_s / dt
    }

    fn advance_on_demand(&mut self, demand: f64, consumed: f64, dt: f64) {
        if demand > self.capacity {
            let shortfall_rate = (demand - self.capacity) / DDB_ON_DEMAND_SCALE_WINDOW_S;
            self.ramp_per_s = self.ramp_per_s.max(shortfall_rate);
            self.capacity = (self.capacity + self.ramp_per_s * dt).min(demand);
        } else {
            self.ramp_per_s = 0.0;
            self.capacity = self.capacity.max(DDB_ON_DEMAND_PEAK_MULTIPLIER * consumed);
        }
        // Never past the table quota or the configured maximum throughput.
        self.capacity = self.capacity.min(self.max);
    }

    fn advance_burst(&mut self, consumed: f64, dt: f64) {
        self.burst_unit_s = (self.burst_unit_s + (self.capacity - consumed) * dt)
            .clamp(0.0, DDB_BURST_WINDOW_S * self.capacity);
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

    fn advance_auto_scaling(&mut self, t_s: f64, consumed: f64, dt: f64, target: f64) {
        let minutes = dt / 60.0;
        let utilisation = consumed / self.capacity.max(1e-9);
        self.minutes_above = if utilisation > target { self.minutes_above + minutes } else { 0.0 };
        self.minutes_below =
            if utilisation < target - DDB_AUTOSCALING_IN_GAP { self.minutes_below + minutes } else { 0.0 };
        let wanted = provisioned_units(consumed, target).clamp(self.min, self.max);
        if self.minutes_above >= DDB_AUTOSCALING_OUT_MINUTES && wanted > self.capacity {
            self.capacity = wanted;
            self.minutes_above = 0.0;
            self.burst_unit_s = self.burst_unit_s.min(DDB_BURST_WINDOW_S * self.capacity);
        }
        if self.minutes_below >= DDB_AUTOSCALING_IN_MINUTES && wanted < self.capacity && self.decrease_allowed(t_s) {
            if t_s - self.budget_day as f64 * DAY_S < 3_600.0 {
                self.first_hour_decreases += 1;
            }
            self.last_decrease_s = t_s;
            self.capacity = wanted;
            self.minutes_below = 0.0;
            self.burst_unit_s = self.burst_unit_s.min(DDB_BURST_WINDOW_S * self.capacity);
        }
    }
}

/// The table's read and write capacity over time.
#[derive(Clone, Debug, PartialEq)]
pub struct DynamoCapacity {
    mode: CapacityMode,
    auto_scaling: bool,
    target: f64,
    read: Dimension,
    write: Dimension,
}

impl DynamoCapacity {
    pub fn new(cfg: &DynamoConfig) -> Self {
        let (ceiling_r, ceiling_w) = cfg.ceiling();
        let (read, write) = match cfg.mode {
            CapacityMode::OnDemand => (
                Dimension::new(cfg.warm_read_units_per_s.min(ceiling_r), 0.0, ceiling_r),
                Dimension::new(cfg.warm_write_units_per_s.min(ceiling_w), 0.0, ceiling_w),
            ),
            CapacityMode::Provisioned => {
                let mut r = Dimension::new(cfg.provisioned_rcu.min(ceiling_r), cfg.min_rcu, cfg.max_rcu.min(ceiling_r));
                let mut w = Dimension::new(cfg.provisioned_wcu.min(ceiling_w), cfg.min_wcu, cfg.max_wcu.min(ceiling_w));
                // A table that has been running has saved its burst allowance.
                r.burst_unit_s = DDB_BURST_WINDOW_S * r.capacity;
                w.burst_unit_s = DDB_BURST_WINDOW_S * w.capacity;
                (r, w)
            }
        };
        DynamoCapacity { mode: cfg.mode, auto_scaling: cfg.auto_scaling, target: cfg.target_utilisation, read, write }
    }

    /// What the table can serve during the next `dt` seconds.
    pub fn limit(&self, dt: f64) -> TableLimit {
        match self.mode {
            CapacityMode::OnDemand => {
                TableLimit { read_units_per_s: self.read.capacity, write_units_per_s: self.write.capacity }
            }
            CapacityMode::Provisioned => TableLimit {
                read_units_per_s: self.read.burst_limit(dt),
                write_units_per_s: self.write.burst_limit(dt),
            },
        }
    }

    /// Capacity units per second in force (provisioned RCU/WCU, or on-demand's instant capacity).
    pub fn capacity(&self) -> (f64, f64) {
        (self.read.capacity, self.write.capacity)
    }

    /// Burst capacity left, unit-seconds (provisioned only).
    pub fn burst_unit_s(&self) -> (f64, f64) {
        (self.read.burst_unit_s, self.write.burst_unit_s)
    }

    /// Move on by `dt` seconds at `t_s`: `demand` is what reached the table (after the
    /// per-key ceiling), `consumed` what it served, both `(read, write)` units per second.
    pub fn advance(&mut self, t_s: f64, dt: f64, demand: (f64, f64), consumed: (f64, f64)) {
        match self.mode {
            CapacityMode::OnDemand => {
                self.read.advance_on_demand(demand.0, consumed.0, dt);
                self.write.advance_on_demand(demand.1, consumed.1, dt);
            }
            CapacityMode::Provisioned => {
                self.read.advance_burst(consumed.0, dt);
                self.write.advance_burst(consumed.1, dt);
                if self.auto_scaling {
                    self.read.advance_auto_scaling(t_s, consumed.0, dt, self.target);
                    self.write.advance_auto_scaling(t_s, consumed.1, dt, self.target);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provisioned(rcu: f64, auto: bool) -> DynamoCapacity {
        DynamoCapacity::new(&DynamoConfig {
            mode: CapacityMode::Provisioned,
            provisioned_rcu: rcu,
            provisioned_wcu: rcu,
            auto_scaling: auto,
            min_rcu: 1.0,
            max_rcu: 40_000.0,
            min_wcu: 1.0,
            max_wcu: 40_000.0,
            ..DynamoConfig::default()
        })
    }

    #[test]
    fn on_demand_new_table_serves_12000_reads_and_4000_writes() {
        let c = DynamoCapacity::new(&DynamoConfig::default());
        assert_eq!(c.limit(1.0), TableLimit { read_units_per_s: 12_000.0, write_units_per_s: 4_000.0 });
    }

    /// An on-demand table whose quota was raised (the docs' examples go past 40,000).
    fn raised_quota() -> DynamoConfig {
        DynamoConfig { table_quota_units_per_s: 1e6, ..DynamoConfig::default() }
    }

    #[test]
    fn on_demand_doubles_the_previous_peak_instantly_and_never_decays() {
        // Docs: a peak of 50,000 reads/s lets 100,000 through at once.
        let mut c = DynamoCapacity::new(&raised_quota());
        for _ in 0..40 {
            c.advance(0.0, 60.0, (50_000.0, 10.0), (c.limit(60.0).read_units_per_s.min(50_000.0), 10.0));
        }
        c.advance(0.0, 60.0, (50_000.0, 10.0), (50_000.0, 10.0));
        assert_eq!(c.capacity().0, 100_000.0);
        c.advance(0.0, 60.0, (10.0, 10.0), (10.0, 10.0));
        assert_eq!(c.capacity().0, 100_000.0);
    }

    #[test]
    fn on_demand_closes_a_shortfall_over_30_minutes() {
        let mut c = DynamoCapacity::new(&raised_quota());
        let demand = 112_000.0; // 100,000 above the initial 12,000
        c.advance(0.0, 60.0, (demand, 0.0), (12_000.0, 0.0));
        assert!((c.capacity().0 - (12_000.0 + 100_000.0 / 30.0)).abs() < 1e-6);
        for i in 1..30 {
            c.advance(60.0 * i as f64, 60.0, (demand, 0.0), (c.capacity().0, 0.0));
        }
        assert!((c.capacity().0 - demand).abs() < 1e-6);
    }

    #[test]
    fn on_demand_stops_at_the_table_quota_and_the_maximum_throughput() {
        let mut c = DynamoCapacity::new(&DynamoConfig::default());
        for i in 0..120 {
            c.advance(60.0 * i as f64, 60.0, (90_000.0, 9_000.0), (c.capacity().0, c.capacity().1));
        }
        assert_eq!(c.capacity(), (40_000.0, 9_000.0_f64.min(40_000.0).max(c.capacity().1)));
        assert_eq!(c.capacity().0, 40_000.0);
        let capped = DynamoCapacity::new(&DynamoConfig { max_write_units_per_s: Some(1_000.0), ..DynamoConfig::default() });
        assert_eq!(capped.limit(1.0).write_units_per_s, 1_000.0);
    }

    #[test]
    fn auto_scaling_700_consumed_at_70_percent_sets_1000() {
        let mut c = provisioned(800.0, true);
        c.advance(0.0, 60.0, (700.0, 10.0), (700.0, 10.0));
        assert_eq!(c.capacity().0, 800.0, "one minute above target is not enough");
        c.advance(60.0, 60.0, (700.0, 10.0), (700.0, 10.0));
        assert_eq!(c.capacity().0, 1_000.0);
    }

    #[test]
    fn burst_holds_300_seconds_of_capacity_and_runs_out() {
        let mut c = provisioned(100.0, false);
        assert_eq!(c.burst_unit_s().0, 30_000.0);
        assert_eq!(c.limit(60.0).read_units_per_s, 100.0 + 500.0);
        // Spend it: 600 units/s for a minute uses all 30,000 unit-seconds.
        c.advance(0.0, 60.0, (600.0, 0.0), (600.0, 0.0));
        assert_eq!(c.burst_unit_s().0, 0.0);
        assert_eq!(c.limit(60.0).read_units_per_s, 100.0);
    }

    #[test]
    fn at_most_27_decreases_a_day() {
        let mut c = provisioned(40_000.0, true);
        let mut capacity = c.capacity().0;
        let mut decreases = 0;
        let mut t = 0.0;
        // 49 % utilisation, just under the scale-in threshold (70 − 20 points), so every
        // decrease the budget allows happens: 4 in the first hour, then one an hour.
        while t < DAY_S {
            let consumed = capacity * 0.49;
            c.advance(t, 60.0, (consumed, 1.0), (consumed, 1.0));
            if c.capacity().0 < capacity {
                decreases += 1;
                capacity = c.capacity().0;
            }
            t += 60.0;
        }
        assert_eq!(decreases, 27);
    }
}
