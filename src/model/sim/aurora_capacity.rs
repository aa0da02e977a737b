//! Aurora capacity over time.
//!
//! * **Serverless v2** (facts sheet B4): each instance moves towards the ACU its load needs
//!   (the steady-state [`settled_acu`]), never jumping. Scaling up adds
//!   `max(0.5, fraction × current)` ACU every interval, so the step grows with current
//!   capacity as AWS describes; scaling down is slower. The speeds are editable estimates
//!   (third-party measurements say 15–90 s per step; AWS publishes none). Capacity is billed
//!   and reported on the 0.5-ACU grid, within [min, max]. Readers in promotion tier 0–1 keep
//!   at least the writer's capacity.
//! * **Auto-pause** (B4, AWS-BLOG): with a minimum of 0 ACU, a cluster with no traffic for
//!   `auto_pause_after_s` pauses (0 ACU, no compute charge); the first request after that
//!   waits for it to resume, up to 15 s.
//! * **Provisioned** instances keep their class's size.

use crate::model::aurora::{demand_vcpu, settled_acu, AuroraConfig};
use crate::model::estimates::Estimates;
use crate::model::facts::{AURORA_ACU_STEP, AURORA_RESUME_S};
use crate::model::workload::Workload;

#[derive(Clone, Debug, PartialEq)]
pub struct AuroraCapacity {
    /// Continuous levels, so that steps shorter than a scaling interval still progress;
    /// reported rounded up to the 0.5 grid.
    writer_level: f64,
    reader_level: f64,
    /// Seconds without traffic, and whether the cluster is paused.
    idle_s: f64,
    paused: bool,
    /// Seconds of resuming left (requests wait meanwhile).
    resuming_s: f64,
}

/// What the cluster is doing during a step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Phase {
    Running,
    /// Paused: no instance runs, nothing is billed for compute.
    Paused,
    /// Resuming: requests wait this many more seconds.
    Resuming(f64),
}

impl AuroraCapacity {
    /// Start settled for the load `w` (a cluster that has been running at the base rate).
    pub fn new(w: &Workload, cfg: &AuroraConfig, est: &Estimates) -> Self {
        let (writer, reader) = demand_vcpu(w, cfg, est);
        AuroraCapacity {
            writer_level: settled_acu(writer, cfg, est),
            reader_level: settled_acu(reader, cfg, est),
            idle_s: 0.0,
            paused: false,
            resuming_s: 0.0,
        }
    }

    pub fn phase(&self) -> Phase {
        if self.paused {
            Phase::Paused
        } else if self.resuming_s > 0.0 {
            Phase::Resuming(self.resuming_s)
        } else {
            Phase::Running
        }
    }

    /// `(writer ACU, reader ACU)` in force now, on the 0.5 grid within [min, max] (0 while
    /// paused).
    pub fn acu(&self, cfg: &AuroraConfig) -> (f64, f64) {
        if self.paused {
            return (0.0, 0.0);
        }
        let lowest = cfg.min_acu.max(AURORA_ACU_STEP);
        let grid = |level: f64| ((level / AURORA_ACU_STEP - 1e-9).ceil() * AURORA_ACU_STEP).clamp(lowest, cfg.max_acu.max(lowest));
        let (writer, reader) = (grid(self.writer_level), grid(self.reader_level));
        (writer, if cfg.readers_follow_writer { reader.max(writer) } else { reader })
    }

    /// Move on by `dt` seconds towards what the load `w` needs.
    pub fn advance(&mut self, w: &Workload, cfg: &AuroraConfig, est: &Estimates, dt: f64) {
        let idle = w.requests_per_s <= 0.0;
        if cfg.class().is_none() && cfg.min_acu == 0.0 {
            self.idle_s = if idle { self.idle_s + dt } else { 0.0 };
            if self.paused && !idle {
                self.paused = false;
                self.resuming_s = AURORA_RESUME_S;
                return;
            }
            if !self.paused && self.idle_s >= cfg.auto_pause_after_s {
                self.paused = true;
                return;
            }
        }
        self.resuming_s = (self.resuming_s - dt).max(0.0);
        let (writer, reader) = demand_vcpu(w, cfg, est);
        self.writer_level = step_towards(self.writer_level, settled_acu(writer, cfg, est), dt, est);
        self.reader_level = step_towards(self.reader_level, settled_acu(reader, cfg, est), dt, est);
    }
}

/// Work queued on the writer and on each reader, as the seconds a new request waits for it.
/// Over capacity (utilisation ρ > 1) it grows as `dW/dt = ρ − 1`, up to the client timeout
/// (older requests have given up); under capacity it drains at `1 − ρ`. This is the
/// step-to-step memory the stationary M/M/c+D model lacks: latency climbs while
/// Serverless v2 catches up, and comes down only as the queue drains.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Backlog {
    writer_s: f64,
    reader_s: f64,
}

impl Backlog {
    pub fn advance(&mut self, writer_utilisation: f64, reader_utilisation: f64, dt: f64, timeout_s: f64) {
        let step = |w: f64, rho: f64| (w + (rho - 1.0) * dt).clamp(0.0, timeout_s);
        self.writer_s = step(self.writer_s, writer_utilisation);
        self.reader_s = step(self.reader_s, reader_utilisation);
    }

    /// `(traffic-weighted mean wait, worst wait)` in ms, for this much traffic on the writer
    /// and on all readers together.
    pub fn wait_ms(&self, writer_rps: f64, readers_rps: f64) -> (f64, f64) {
        let total = writer_rps + readers_rps;
        let mean = if total > 0.0 { (self.writer_s * writer_rps + self.reader_s * readers_rps) / total } else { 0.0 };
        let worst = if readers_rps > 0.0 { self.writer_s.max(self.reader_s) } else { self.writer_s };
        (mean * 1000.0, worst * 1000.0)
    }
}

fn step_towards(level: f64, target: f64, dt: f64, est: &Estimates) -> f64 {
    if target > level {
        let per_s = (est.aurora_scale_up_fraction * level).max(AURORA_ACU_STEP) / est.aurora_scale_up_interval_s;
        (level + per_s * dt).min(target)
    } else {
        let per_s = (est.aurora_scale_down_fraction * level).max(AURORA_ACU_STEP) / est.aurora_scale_down_interval_s;
        (level - per_s * dt).max(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_up_steps_grow_with_capacity_and_take_minutes() {
        let est = Estimates::default();
        let (mut level, mut t) = (0.5, 0.0);
        let mut trace = vec![];
        while level < 128.0 {
            level = step_towards(level, 128.0, 30.0, &est);
            t += 30.0;
            trace.push(level);
        }
        // 0.5 → 128 ACU: +0.5 steps first, then +50 % steps: about seven minutes.
        assert!((300.0..=600.0).contains(&t), "{t} s: {trace:?}");
        assert_eq!(trace[0], 1.0);
        assert!(trace[trace.len() - 2] > 64.0);
    }

    #[test]
    fn scale_down_is_slower_than_scale_up() {
        let est = Estimates::default();
        let up = step_towards(8.0, 64.0, 60.0, &est) - 8.0;
        let down = 64.0 - step_towards(64.0, 8.0, 60.0, &est);
        assert!(up > 0.0 && down > 0.0);
        assert!(down / 64.0 < up / 8.0);
    }

    #[test]
    fn backlog_grows_over_capacity_up_to_the_timeout_and_drains_below_it() {
        let mut b = Backlog::default();
        b.advance(3.0, 0.0, 2.0, 10.0);
        assert_eq!(b.wait_ms(100.0, 0.0), (4_000.0, 4_000.0));
        b.advance(3.0, 0.0, 10.0, 10.0);
        assert_eq!(b.wait_ms(100.0, 0.0).1, 10_000.0, "capped at the client timeout");
        b.advance(0.5, 0.0, 10.0, 10.0);
        assert_eq!(b.wait_ms(100.0, 0.0).1, 5_000.0, "drains at 1 - rho");
        b.advance(0.5, 0.0, 60.0, 10.0);
        assert_eq!(b.wait_ms(100.0, 0.0), (0.0, 0.0));
    }

    #[test]
    fn auto_pause_after_idle_then_resume_for_15_seconds() {
        let est = Estimates::default();
        let cfg = AuroraConfig { min_acu: 0.0, ..AuroraConfig::default() };
        let busy = Workload::default();
        let idle = Workload { requests_per_s: 0.0, ..Workload::default() };
        let mut c = AuroraCapacity::new(&busy, &cfg, &est);
        for _ in 0..4 {
            c.advance(&idle, &cfg, &est, 60.0);
        }
        assert_eq!(c.phase(), Phase::Running, "4 idle minutes: not yet");
        c.advance(&idle, &cfg, &est, 60.0);
        assert_eq!(c.phase(), Phase::Paused);
        assert_eq!(c.acu(&cfg), (0.0, 0.0));
        c.advance(&busy, &cfg, &est, 5.0);
        assert_eq!(c.phase(), Phase::Resuming(15.0));
        c.advance(&busy, &cfg, &est, 5.0);
        assert_eq!(c.phase(), Phase::Resuming(10.0));
    }
}
