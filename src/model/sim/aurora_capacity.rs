//! Aurora capacity over simulated time, in seconds, never in steps.
//!
//! * **Serverless v2** (facts sheet B4): each instance moves towards the ACU its load needs
//!   (the steady-state [`settled_acu`]) in discrete scaling steps. Scaling up adds
//!   `max(0.5, fraction × current)` ACU at most once per interval, so the step grows with
//!   current capacity as AWS describes ("the larger the current capacity, the larger the
//!   scaling increment"); scaling down removes `max(0.5, fraction × current)` per (longer)
//!   interval. A need that appears after a quiet interval is answered at once. Sizes and
//!   intervals are editable estimates (third-party measurements say 15–90 s per step; AWS
//!   publishes none). Capacity is on the 0.5-ACU grid within [min, max]; readers in
//!   promotion tier 0–1 keep at least the writer's capacity.
//! * **Auto-pause** (B4, AWS-BLOG): with a minimum of 0 ACU, a cluster without traffic for
//!   `auto_pause_after_s` pauses at that second (0 ACU, no compute charge); traffic arriving
//!   while paused waits for a resume of up to 15 s, and what waits past the client timeout
//!   fails.
//! * **Provisioned** instances keep their class's size.
//!
//! A step is cut into [`AcuPiece`]s wherever capacity changes, so the engine can weigh
//! time-outs and bill ACU-seconds exactly.

use crate::model::aurora::{need_leaving_acu, settled_acu, AuroraConfig};
use crate::model::estimates::Estimates;
use crate::model::facts::{AURORA_ACU_STEP, AURORA_RESUME_S};

const EPS_S: f64 = 1e-9;

/// One instance's Serverless v2 capacity.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Scaler {
    acu: f64,
    last_change_s: f64,
}

impl Scaler {
    /// When the next scaling step towards `target` may happen, at or after `t_s`.
    fn next_change(&self, t_s: f64, target: f64, est: &Estimates) -> Option<f64> {
        let interval = if target > self.acu {
            est.aurora_scale_up_interval_s
        } else if target < self.acu {
            est.aurora_scale_down_interval_s
        } else {
            return None;
        };
        Some((self.last_change_s + interval).max(t_s))
    }

    fn change(&mut self, t_s: f64, target: f64, est: &Estimates) {
        let grid = |v: f64| (v / AURORA_ACU_STEP).round() * AURORA_ACU_STEP;
        self.acu = if target > self.acu {
            let up = (est.aurora_scale_up_fraction * self.acu).max(AURORA_ACU_STEP);
            grid(((self.acu + up) / AURORA_ACU_STEP).ceil() * AURORA_ACU_STEP).min(target)
        } else {
            let down = (est.aurora_scale_down_fraction * self.acu).max(AURORA_ACU_STEP);
            grid(((self.acu - down) / AURORA_ACU_STEP).floor() * AURORA_ACU_STEP).max(target)
        };
        self.last_change_s = t_s;
    }
}

/// What the cluster is doing during a piece of a step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Phase {
    Running,
    /// Paused: no instance runs, nothing is billed for compute.
    Paused,
    /// Resuming until this time: requests arriving wait until then.
    Resuming { until_s: f64 },
}

/// A stretch of a step with constant capacity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct AcuPiece {
    pub start_s: f64,
    pub length_s: f64,
    /// Capacity in force (0 while paused; a provisioned class's size in ACU).
    pub writer_acu: f64,
    pub reader_acu: f64,
    pub phase: Phase,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AuroraCapacity {
    serverless: bool,
    min_acu: f64,
    max_acu: f64,
    follow_writer: bool,
    can_pause: bool,
    pause_after_s: f64,
    writer: Scaler,
    reader: Scaler,
    /// What the writer was last scaling towards.
    writer_target: f64,
    /// Seconds without traffic, and whether the cluster is paused.
    idle_s: f64,
    paused: bool,
    resuming_until_s: f64,
    /// Scaling direction changes since the engine last looked: `(time, from, to)` of the
    /// writer's ACU (the engine narrates runs of steps, not each one).
    pub writer_changes: Vec<(f64, f64, f64)>,
    /// Pause and resume moments since the engine last looked: `(time, paused?)`.
    pub pauses: Vec<(f64, bool)>,
}

impl AuroraCapacity {
    /// Start settled for `need_vcpu` = `(writer, reader)` (a cluster that has been running at
    /// the base rate); `class_acu` is a provisioned class's size.
    pub fn new(cfg: &AuroraConfig, est: &Estimates, need_vcpu: (f64, f64), class_acu: Option<f64>) -> Self {
        let (writer, reader) = match class_acu {
            Some(acu) => (acu, acu),
            None => (settled_acu(need_vcpu.0, cfg, est), settled_acu(need_vcpu.1, cfg, est)),
        };
        let at = |acu: f64| Scaler { acu: acu.max(AURORA_ACU_STEP).min(cfg.max_acu.max(AURORA_ACU_STEP)), last_change_s: f64::NEG_INFINITY };
        AuroraCapacity {
            serverless: class_acu.is_none(),
            min_acu: cfg.min_acu,
            max_acu: cfg.max_acu,
            follow_writer: cfg.readers_follow_writer,
            can_pause: class_acu.is_none() && cfg.min_acu == 0.0,
            pause_after_s: cfg.auto_pause_after_s,
            writer: if class_acu.is_some() { Scaler { acu: writer, last_change_s: 0.0 } } else { at(writer) },
            reader: if class_acu.is_some() { Scaler { acu: reader, last_change_s: 0.0 } } else { at(reader) },
            writer_target: writer,
            idle_s: 0.0,
            paused: false,
            resuming_until_s: f64::NEG_INFINITY,
            writer_changes: Vec::with_capacity(8),
            pauses: Vec::with_capacity(4),
        }
    }

    /// The writer has reached what its load needs (or is provisioned, or paused).
    pub fn writer_settled(&self) -> bool {
        !self.serverless || self.paused || self.writer.acu == self.writer_target
    }

    fn reader_in_force(&self) -> f64 {
        if self.follow_writer {
            self.reader.acu.max(self.writer.acu)
        } else {
            self.reader.acu
        }
    }

    fn push(&self, pieces: &mut Vec<AcuPiece>, start_s: f64, length_s: f64, phase: Phase) {
        if length_s <= EPS_S {
            return;
        }
        let (writer_acu, reader_acu) = if phase == Phase::Paused { (0.0, 0.0) } else { (self.writer.acu, self.reader_in_force()) };
        // A piece is a stretch of constant capacity: a target that changed without the
        // capacity changing yet does not start a new one.
        match pieces.last_mut() {
            Some(last) if (last.writer_acu, last.reader_acu, last.phase) == (writer_acu, reader_acu, phase) && phase == Phase::Running => last.length_s += length_s,
            _ => pieces.push(AcuPiece { start_s, length_s, writer_acu, reader_acu, phase }),
        }
    }

    /// Move through `[t0_s, t0_s + dt_s)` with a load needing `need_vcpu` (writer, one
    /// reader) at its start and at its end, linearly between (a ramp; the same twice for a
    /// steady load), and `busy` traffic or none, appending the pieces of constant capacity.
    pub fn advance(&mut self, t0_s: f64, dt_s: f64, need_vcpu: [(f64, f64); 2], busy: bool, cfg: &AuroraConfig, est: &Estimates, pieces: &mut Vec<AcuPiece>) {
        let end = t0_s + dt_s;
        let mut t = t0_s;
        if self.can_pause {
            if busy {
                self.idle_s = 0.0;
                if self.paused {
                    self.paused = false;
                    self.pauses.push((t0_s, false));
                    self.resuming_until_s = t0_s + AURORA_RESUME_S;
                    // A resumed instance starts at its smallest size and scales from there.
                    self.writer = Scaler { acu: AURORA_ACU_STEP, last_change_s: t0_s };
                    self.reader = Scaler { acu: AURORA_ACU_STEP, last_change_s: t0_s };
                }
            } else if self.paused {
                self.push(pieces, t0_s, dt_s, Phase::Paused);
                return;
            } else {
                let pause_at = t0_s + (self.pause_after_s - self.idle_s).max(0.0);
                self.idle_s += dt_s;
                if pause_at < end {
                    self.push(pieces, t0_s, pause_at - t0_s, Phase::Running);
                    self.push(pieces, pause_at, end - pause_at, Phase::Paused);
                    self.paused = true;
                    self.pauses.push((pause_at, true));
                    return;
                }
            }
        }
        if self.resuming_until_s > t {
            let until = self.resuming_until_s.min(end);
            self.push(pieces, t, until - t, Phase::Resuming { until_s: self.resuming_until_s });
            t = until;
        }
        if !self.serverless {
            self.push(pieces, t, end - t, Phase::Running);
            return;
        }
        // A running instance never goes below 0.5 ACU.
        let floor = self.min_acu.max(AURORA_ACU_STEP);
        let target = |need: f64| settled_acu(need, cfg, est).max(floor).min(self.max_acu.max(floor));
        // What each instance scales towards at `t`: on a ramp it changes the moment the need
        // crosses a step of the 0.5-ACU grid, not at the start of whichever piece of a step
        // the crossing falls in (that made the moment, and a bill dominated by I/O at the
        // smaller size, depend on the step).
        let [(writer_start, reader_start), (writer_end, reader_end)] = need_vcpu;
        let targets_at = |at: f64| {
            let share = ((at - t0_s) / dt_s.max(EPS_S)).clamp(0.0, 1.0);
            (target(writer_start + (writer_end - writer_start) * share), target(reader_start + (reader_end - reader_start) * share))
        };
        while end - t > EPS_S {
            let (writer_target, reader_target) = targets_at(t);
            self.writer_target = writer_target;
            let next_writer = self.writer.next_change(t, writer_target, est);
            let next_reader = self.reader.next_change(t, reader_target, est);
            let changed = |at: f64| targets_at(at) != (writer_target, reader_target);
            let retarget = changed(end).then(|| {
                // Where each need reaches the next grid step from its target (it moves
                // linearly), checked, and found by bisection only if that misses (a clamp).
                let crossing = |start: f64, end_need: f64, target: f64| {
                    let share = (need_leaving_acu(target, end_need > start, est) - start) / (end_need - start);
                    (share.is_finite() && share > 0.0).then(|| t0_s + share * dt_s)
                };
                let guess = [crossing(writer_start, writer_end, writer_target), crossing(reader_start, reader_end, reader_target)].into_iter().flatten().fold(end, f64::min);
                if guess > t && changed((guess + EPS_S).min(end)) && !changed((guess - EPS_S).max(t)) {
                    (guess + EPS_S).min(end)
                } else {
                    first_change(t, end, changed)
                }
            });
            let next = [next_writer, next_reader, retarget].into_iter().flatten().fold(end, f64::min);
            self.push(pieces, t, next - t, Phase::Running);
            t = next;
            if next >= end {
                break;
            }
            if next_writer.is_some_and(|n| n <= t + EPS_S) {
                let from = self.writer.acu;
                self.writer.change(t, writer_target, est);
                self.writer_changes.push((t, from, self.writer.acu));
            }
            if next_reader.is_some_and(|n| n <= t + EPS_S) {
                self.reader.change(t, reader_target, est);
            }
        }
    }
}

/// The first moment in `(from, to]` at which `changed` holds, to within [`EPS_S`], for a
/// `changed` that holds at `to` and, once it holds, from then on (a target following a
/// need that moves one way).
fn first_change(from: f64, to: f64, changed: impl Fn(f64) -> bool) -> f64 {
    let (mut lo, mut hi) = (from, to);
    while hi - lo > EPS_S {
        let mid = 0.5 * (lo + hi);
        if changed(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Work queued on the writer and on each reader, as the seconds a new request waits for it.
/// Over capacity (utilisation ρ > 1) it grows as `dW/dt = ρ − 1`, up to the client timeout
/// (older requests have given up); under capacity it drains at `1 − ρ`. This is the memory
/// the stationary M/M/c+D model lacks: latency climbs while Serverless v2 catches up and
/// comes down only as the queue drains. Each piece is integrated exactly.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Backlog {
    pub writer_s: f64,
    pub reader_s: f64,
}

/// What a backlog did over a stretch: its time integral and its peak, per instance kind.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct BacklogStretch {
    pub writer_wait_s_s: f64,
    pub reader_wait_s_s: f64,
    pub writer_peak_s: f64,
    pub reader_peak_s: f64,
}

/// Advance one queue of `wait_s` by `length_s` at utilisation `rho`, capped at `cap_s`;
/// returns (integral of the wait over the stretch, its peak).
fn evolve(wait_s: &mut f64, rho: f64, length_s: f64, cap_s: f64) -> (f64, f64) {
    let slope = rho - 1.0;
    let w0 = *wait_s;
    let (integral, w1) = if slope > 0.0 {
        let to_cap = ((cap_s - w0) / slope).clamp(0.0, length_s);
        let w_at = w0 + slope * to_cap;
        ((w0 + w_at) / 2.0 * to_cap + cap_s * (length_s - to_cap), if to_cap < length_s { cap_s } else { w_at })
    } else if slope < 0.0 {
        let to_zero = (w0 / -slope).clamp(0.0, length_s);
        (w0 / 2.0 * to_zero, (w0 + slope * length_s).max(0.0))
    } else {
        (w0 * length_s, w0)
    };
    *wait_s = w1.clamp(0.0, cap_s);
    (integral, w0.max(*wait_s))
}

impl Backlog {
    pub fn advance(&mut self, writer_rho: f64, reader_rho: f64, length_s: f64, timeout_s: f64) -> BacklogStretch {
        let (writer_wait_s_s, writer_peak_s) = evolve(&mut self.writer_s, writer_rho, length_s, timeout_s);
        let (reader_wait_s_s, reader_peak_s) = evolve(&mut self.reader_s, reader_rho, length_s, timeout_s);
        BacklogStretch { writer_wait_s_s, reader_wait_s_s, writer_peak_s, reader_peak_s }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace(step_s: f64) -> Vec<(f64, f64)> {
        let est = Estimates::default();
        let cfg = AuroraConfig { max_acu: 128.0, ..AuroraConfig::default() };
        let mut c = AuroraCapacity::new(&cfg, &est, (0.0, 0.0), None);
        let need = 128.0 * est.aurora_target_utilisation * est.aurora_vcpu_per_acu;
        let mut pieces = Vec::new();
        let mut t = 0.0;
        while t < 900.0 {
            c.advance(t, step_s, [(need, 0.0); 2], true, &cfg, &est, &mut pieces);
            t += step_s;
        }
        pieces.iter().map(|p| (p.start_s, p.writer_acu)).collect()
    }

    #[test]
    fn scale_up_steps_grow_with_capacity_take_minutes_and_ignore_the_step_size() {
        let fine = trace(1.0);
        let reached = fine.iter().find(|p| p.1 >= 128.0).expect("reaches 128 ACU").0;
        // 0.5 → 128 ACU: +0.5 first, then +50 % every 30 s: about six minutes.
        assert!((240.0..=480.0).contains(&reached), "{reached} s");
        let acu_at = |pieces: &[(f64, f64)], t: f64| pieces.iter().rev().find(|p| p.0 <= t).unwrap().1;
        for step in [5.0, 15.0, 60.0, 300.0] {
            let coarse = trace(step);
            for t in [0.0, 29.0, 30.0, 95.0, 200.0, 400.0, 899.0] {
                assert_eq!(acu_at(&coarse, t), acu_at(&fine, t), "step {step} s at {t} s");
            }
        }
    }

    #[test]
    fn every_piece_is_on_the_half_acu_grid_within_min_and_max() {
        let est = Estimates::default();
        for (min_acu, max_acu) in [(0.5, 3.0), (2.0, 256.0), (0.0, 16.0)] {
            let cfg = AuroraConfig { min_acu, max_acu, readers_follow_writer: false, ..AuroraConfig::default() };
            let mut c = AuroraCapacity::new(&cfg, &est, (0.3, 0.1), None);
            let mut pieces = Vec::new();
            let mut t = 0.0;
            for i in 0..400 {
                // A load that swings between idle and far above max.
                let need = [0.0, 0.05, 3.0, 80.0][(i / 25) % 4];
                c.advance(t, 37.0, [(need, need / 3.0); 2], need > 0.0, &cfg, &est, &mut pieces);
                t += 37.0;
            }
            for p in &pieces {
                for acu in [p.writer_acu, p.reader_acu] {
                    assert_eq!((acu * 2.0).fract(), 0.0, "{acu} off the grid");
                    assert!(acu == 0.0 && p.phase == Phase::Paused || (0.5..=max_acu).contains(&acu), "{acu} outside [0.5, {max_acu}]: {p:?}");
                }
            }
        }
    }

    #[test]
    fn backlog_grows_over_capacity_up_to_the_timeout_and_drains_below_it() {
        let mut b = Backlog::default();
        b.advance(3.0, 0.0, 2.0, 10.0);
        assert_eq!(b.writer_s, 4.0);
        let s = b.advance(3.0, 0.0, 10.0, 10.0);
        assert_eq!(b.writer_s, 10.0, "capped at the client timeout");
        // 4 → 10 over 3 s (area 21), then flat at 10 for 7 s (area 70).
        assert!((s.writer_wait_s_s - 91.0).abs() < 1e-9, "{}", s.writer_wait_s_s);
        b.advance(0.5, 0.0, 10.0, 10.0);
        assert_eq!(b.writer_s, 5.0, "drains at 1 - rho");
        b.advance(0.5, 0.0, 60.0, 10.0);
        assert_eq!(b.writer_s, 0.0);
    }

    #[test]
    fn auto_pause_after_idle_at_the_second_then_resume_for_15_seconds() {
        let est = Estimates::default();
        let cfg = AuroraConfig { min_acu: 0.0, ..AuroraConfig::default() };
        for step in [1.0, 60.0, 120.0] {
            let mut c = AuroraCapacity::new(&cfg, &est, (0.1, 0.0), None);
            let mut pieces = Vec::new();
            let mut t = 0.0;
            while t < 600.0 {
                c.advance(t, step, [(0.0, 0.0); 2], false, &cfg, &est, &mut pieces);
                t += step;
            }
            assert_eq!(c.pauses, vec![(300.0, true)], "step {step}");
            pieces.clear();
            c.advance(600.0, step, [(0.1, 0.0); 2], true, &cfg, &est, &mut pieces);
            assert_eq!(pieces[0].phase, Phase::Resuming { until_s: 615.0 });
            assert_eq!(pieces[0].length_s, step.min(15.0));
        }
    }
}
