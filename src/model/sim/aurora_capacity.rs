//! Aurora Serverless v2 capacity over time: each instance moves towards the ACU its load
//! needs (the steady-state [`settled_acu`]), never jumping. Scaling up adds
//! `max(0.5, fraction × current)` ACU every interval, so the step grows with current
//! capacity as AWS describes; scaling down is slower. The speeds are editable estimates
//! (third-party measurements say 15–90 s per step; AWS publishes none). Capacity is billed
//! and reported on the 0.5-ACU grid, always within [min, max].

use crate::model::aurora::{demand_vcpu, settled_acu, AuroraConfig};
use crate::model::estimates::Estimates;
use crate::model::facts::AURORA_ACU_STEP;
use crate::model::workload::Workload;

#[derive(Clone, Debug, PartialEq)]
pub struct AuroraCapacity {
    /// Continuous levels, so that steps shorter than a scaling interval still progress;
    /// reported rounded up to the 0.5 grid.
    writer_level: f64,
    reader_level: f64,
}

impl AuroraCapacity {
    /// Start settled for the load `w` (a cluster that has been running at the base rate).
    pub fn new(w: &Workload, cfg: &AuroraConfig, est: &Estimates) -> Self {
        let (writer, reader) = demand_vcpu(w, cfg, est);
        AuroraCapacity { writer_level: settled_acu(writer, cfg, est), reader_level: settled_acu(reader, cfg, est) }
    }

    /// `(writer ACU, reader ACU)` in force now, on the 0.5 grid within [min, max].
    pub fn acu(&self, cfg: &AuroraConfig) -> (f64, f64) {
        let grid = |level: f64| {
            ((level / AURORA_ACU_STEP - 1e-9).ceil() * AURORA_ACU_STEP).clamp(cfg.min_acu.max(AURORA_ACU_STEP), cfg.max_acu)
        };
        (grid(self.writer_level), grid(self.reader_level))
    }

    /// Move on by `dt` seconds towards what the load `w` needs.
    pub fn advance(&mut self, w: &Workload, cfg: &AuroraConfig, est: &Estimates, dt: f64) {
        let (writer, reader) = demand_vcpu(w, cfg, est);
        self.writer_level = step_towards(self.writer_level, settled_acu(writer, cfg, est), dt, est);
        self.reader_level = step_towards(self.reader_level, settled_acu(reader, cfg, est), dt, est);
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
        let up_fraction = up / 8.0;
        let down_fraction = down / 64.0;
        assert!(down_fraction < up_fraction, "{down_fraction} vs {up_fraction}");
    }
}
