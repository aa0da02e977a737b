//! How the run tells Aurora's writer scaling: a run of steps in one direction is one story
//! ("writer scales up from 0.5 ACU" … "writer settles at 8 ACU (up from 0.5 ACU in 3 min)"),
//! a single step one event. Real traffic is rough: capacity that follows it goes up and
//! down every minute or two, and telling each reversal filled the run's events within an
//! hour. So once the writer has turned back twice, each within [`QUIET_S`] of the change
//! before, it is "moving with the traffic": one event when that starts and one when it has
//! been still for [`QUIET_S`], with how often and between which sizes it moved.

use super::events::{EventKind, Journal};
use super::ledger::Database;
use super::duration_words;
use crate::format::si;

/// Changes closer than this belong to one story, seconds.
pub(crate) const QUIET_S: f64 = 300.0;

/// A run of writer scaling steps in one direction.
#[derive(Clone, Copy, Debug)]
struct Run {
    up: bool,
    from: f64,
    to: f64,
    started_s: f64,
    last_s: f64,
    changes: u32,
}

impl Run {
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

/// The writer moving up and down with rough traffic.
#[derive(Clone, Copy, Debug)]
struct Moving {
    started_s: f64,
    last_s: f64,
    low: f64,
    high: f64,
    to: f64,
    changes: u32,
}

/// The writer's scaling, told as stories.
#[derive(Clone, Debug, Default)]
pub(crate) struct AcuStory {
    run: Option<Run>,
    moving: Option<Moving>,
    /// The last change: when, and whether it went up.
    last: Option<(f64, bool)>,
    /// When the writer last turned back within [`QUIET_S`] of the change before.
    turned_s: Option<f64>,
}

impl AcuStory {
    /// The writer went from `from` to `to` ACU at `t`.
    pub fn change(&mut self, t: f64, from: f64, to: f64, journal: &mut Journal) {
        let db = Database::Aurora;
        if let Some(m) = &mut self.moving {
            if t - m.last_s <= QUIET_S {
                (m.last_s, m.to, m.changes) = (t, to, m.changes + 1);
                (m.low, m.high) = (m.low.min(to), m.high.max(to));
                return;
            }
            self.end_moving(journal);
        }
        let up = to > from;
        // Turned back soon after the change before (whether or not that one had settled).
        let turned_now = self.last.is_some_and(|(before, went_up)| went_up != up && t - before <= QUIET_S);
        self.last = Some((t, up));
        match &mut self.run {
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
                if let Some(run) = self.run.take() {
                    run.tell_end(journal);
                }
                if turned_now && self.turned_s.is_some_and(|before| t - before <= 2.0 * QUIET_S) {
                    // The second quick reversal: the writer is following rough traffic.
                    journal.push(t, db, EventKind::AcuScalingUp, format!("writer capacity moves with the traffic: {} → {} ACU, and on", si(from), si(to)));
                    self.moving = Some(Moving { started_s: t, last_s: t, low: from.min(to), high: from.max(to), to, changes: 1 });
                    self.turned_s = None;
                    return;
                }
                self.turned_s = if turned_now { Some(t) } else { None };
                self.run = Some(Run { up, from, to, started_s: t, last_s: t, changes: 1 });
            }
        }
    }

    /// At `now`, the writer is at what its load needs (`settled`): a run ends there; a
    /// moving writer ends once it has been still for [`QUIET_S`].
    pub fn settle(&mut self, now: f64, settled: bool, journal: &mut Journal) {
        if settled {
            if let Some(run) = self.run.take() {
                run.tell_end(journal);
            }
        }
        if self.moving.is_some_and(|m| now - m.last_s >= QUIET_S) {
            self.end_moving(journal);
        }
    }

    fn end_moving(&mut self, journal: &mut Journal) {
        if let Some(m) = self.moving.take() {
            journal.push(
                m.last_s,
                Database::Aurora,
                EventKind::AcuSettled,
                format!(
                    "writer settles at {} ACU after moving with the traffic: {} changes between {} and {} ACU in {}",
                    si(m.to),
                    m.changes,
                    si(m.low),
                    si(m.high),
                    duration_words(m.last_s - m.started_s)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn told(changes: &[(f64, f64, f64)], settled_at: f64) -> Vec<String> {
        let mut story = AcuStory::default();
        let mut journal = Journal::default();
        for &(t, from, to) in changes {
            story.change(t, from, to, &mut journal);
        }
        story.settle(settled_at, true, &mut journal);
        journal.events.iter().map(|e| e.text.clone()).collect()
    }

    #[test]
    fn a_scale_up_then_down_is_told_as_before() {
        let up_then_down = [(0.0, 0.5, 1.0), (30.0, 1.0, 2.0), (60.0, 2.0, 4.0), (400.0, 4.0, 3.0)];
        assert_eq!(
            told(&up_then_down, 1_000.0),
            ["writer scales up from 0.5 ACU", "writer settles at 4 ACU (up from 0.5 ACU in 60 s)", "writer scales down: 4 → 3 ACU"]
        );
    }

    #[test]
    fn a_writer_following_rough_traffic_is_one_story_not_one_event_a_minute() {
        let flapping: Vec<(f64, f64, f64)> = (0..60).map(|i| {
            let t = f64::from(i) * 60.0;
            if i % 2 == 0 { (t, 4.0, 5.0) } else { (t, 5.0, 4.0) }
        }).collect();
        let text = told(&flapping, 60.0 * 60.0 + QUIET_S);
        assert!(text.len() <= 4, "{text:?}");
        assert!(text.last().unwrap().contains("changes between 4 and 5 ACU"), "{text:?}");
    }
}
