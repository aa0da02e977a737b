//! The run narrates itself: moments worth a caption, with their time and numbers (burst
//! spent, the first throttle, auto scaling out or in, on-demand doubling, a key at its
//! ceiling, a partition split, Aurora scaling, the writer saturated, time-outs starting and
//! ending, pause and resume). The engine detects them from what it simulates; runs of
//! similar moments (every 0.5-ACU step of one scale-up) are told once.

use super::ledger::Database;
use serde::{Deserialize, Serialize};

/// Most events a run keeps (a month of daily cycles tells the same story many times).
pub const MAX_EVENTS: usize = 400;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Provisioned burst capacity ran out.
    BurstSpent,
    /// Requests start failing (over 0.1 % of them), and stop.
    FailingStarted,
    FailingEnded,
    /// Provisioned auto scaling raised or lowered capacity.
    ScaledOut,
    ScaledIn,
    /// A decrease was due but the day's decrease quota was used up.
    DecreaseQuotaReached,
    /// On-demand instant capacity rose: an older peak matured.
    OnDemandGrew,
    /// A key asks for more than one partition can give.
    KeyAtCeiling,
    /// Partitions split for heat.
    PartitionSplit,
    /// Aurora capacity starts moving up or down, and settles.
    AcuScalingUp,
    AcuScalingDown,
    AcuSettled,
    /// The writer is past its CPU (utilisation above 100 %), and recovers.
    WriterSaturated,
    WriterRecovered,
    /// Auto-pause.
    Paused,
    Resumed,
    /// A fault from the scenario's list strikes.
    FaultStarted,
    /// Aurora DSQL brings capacity online after a sudden rise in load (every transaction
    /// slower meanwhile, an estimate), and is done.
    DsqlReconfiguring,
    DsqlReconfigured,
    /// DSQL refuses new connections above 100 a second (53400) once the burst of 1,000 is
    /// spent, and accepts them again.
    DsqlConnectionsRefused,
    DsqlConnectionsAccepted,
}

impl EventKind {
    pub fn id(self) -> &'static str {
        match self {
            EventKind::BurstSpent => "burst_spent",
            EventKind::FailingStarted => "failing_started",
            EventKind::FailingEnded => "failing_ended",
            EventKind::ScaledOut => "scaled_out",
            EventKind::ScaledIn => "scaled_in",
            EventKind::DecreaseQuotaReached => "decrease_quota_reached",
            EventKind::OnDemandGrew => "on_demand_grew",
            EventKind::KeyAtCeiling => "key_at_ceiling",
            EventKind::PartitionSplit => "partition_split",
            EventKind::AcuScalingUp => "acu_scaling_up",
            EventKind::AcuScalingDown => "acu_scaling_down",
            EventKind::AcuSettled => "acu_settled",
            EventKind::WriterSaturated => "writer_saturated",
            EventKind::WriterRecovered => "writer_recovered",
            EventKind::Paused => "paused",
            EventKind::Resumed => "resumed",
            EventKind::FaultStarted => "fault_started",
            EventKind::DsqlReconfiguring => "dsql_reconfiguring",
            EventKind::DsqlReconfigured => "dsql_reconfigured",
            EventKind::DsqlConnectionsRefused => "dsql_connections_refused",
            EventKind::DsqlConnectionsAccepted => "dsql_connections_accepted",
        }
    }
}

/// One moment of the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Seconds from the start of the run.
    pub t_s: f64,
    pub database: Database,
    pub kind: EventKind,
    /// The caption, with its numbers, without the time ("burst spent: 92 % of reads
    /// throttled, TableReadProvisionedThroughputExceeded").
    pub text: String,
}

/// `h:mm` (or `d h:mm` past a day) of a time in the run.
pub fn clock(t_s: f64) -> String {
    let minutes = (t_s / 60.0).floor().max(0.0) as u64;
    let (days, hours, mins) = (minutes / 1_440, (minutes / 60) % 24, minutes % 60);
    if days > 0 {
        format!("day {} {hours}:{mins:02}", days + 1)
    } else {
        format!("{hours}:{mins:02}")
    }
}

/// The event to caption at `t_s`: the latest at or before it (events are in time order).
pub fn current(events: &[Event], t_s: f64) -> Option<&Event> {
    current_index(events, t_s).map(|i| &events[i])
}

/// [`current`]'s place in `events`.
pub fn current_index(events: &[Event], t_s: f64) -> Option<usize> {
    events.partition_point(|e| e.t_s <= t_s).checked_sub(1)
}

/// The first event strictly after `t_s` (to jump forward to), if any.
pub fn next(events: &[Event], t_s: f64) -> Option<&Event> {
    events.iter().find(|e| e.t_s > t_s + 1e-9)
}

/// The last event strictly before `t_s` (to jump back to), if any.
pub fn previous(events: &[Event], t_s: f64) -> Option<&Event> {
    events.iter().rev().find(|e| e.t_s < t_s - 1e-9)
}

/// `"h:mm — text"`, the caption shown under the run charts.
pub fn caption(e: &Event) -> String {
    let who = e.database.name();
    format!("{} — {who}: {}", clock(e.t_s), e.text)
}

/// Events of a run, in time order, at most [`MAX_EVENTS`].
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Journal {
    pub events: Vec<Event>,
    pub dropped: usize,
}

impl Journal {
    pub fn push(&mut self, t_s: f64, database: Database, kind: EventKind, text: String) {
        if self.events.len() >= MAX_EVENTS {
            self.dropped += 1;
            return;
        }
        // Keep time order when a moment found later in a step came earlier in time.
        let at = self.events.partition_point(|e| e.t_s <= t_s);
        self.events.insert(at, Event { t_s, database, kind, text });
    }
}

/// Something that is on or off (requests failing, the writer saturated), told when it
/// starts and when it has been off for a while, so flickering is not told every step.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Episode {
    pub on: bool,
    pub since_s: f64,
    off_since_s: Option<f64>,
}

/// An episode ends after this long off.
pub(crate) const EPISODE_END_AFTER_S: f64 = 300.0;

impl Episode {
    /// Feed one step `[t0, t1)`; returns `Some(true)` when it starts (at `t0`), `Some(false)`
    /// when it ends (at the moment it went off).
    pub fn feed(&mut self, t0_s: f64, t1_s: f64, on: bool) -> Option<(bool, f64)> {
        if on {
            self.off_since_s = None;
            if !self.on {
                self.on = true;
                self.since_s = t0_s;
                return Some((true, t0_s));
            }
        } else if self.on {
            let off_since = *self.off_since_s.get_or_insert(t0_s);
            if t1_s - off_since >= EPISODE_END_AFTER_S {
                self.on = false;
                self.off_since_s = None;
                return Some((false, off_since));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_reads_hours_and_days() {
        assert_eq!(clock(12.0 * 60.0), "0:12");
        assert_eq!(clock(3_600.0 + 5.0 * 60.0 + 59.0), "1:05");
        assert_eq!(clock(86_400.0 + 3_600.0), "day 2 1:00");
    }

    #[test]
    fn captions_follow_the_cursor_and_arrows_step_through_events() {
        let mut j = Journal::default();
        j.push(720.0, Database::Dynamodb, EventKind::BurstSpent, "burst spent: 92 % of reads throttled, TableReadProvisionedThroughputExceeded".into());
        j.push(60.0, Database::Aurora, EventKind::AcuScalingUp, "writer scales up from 0.5 ACU".into());
        let events = &j.events;
        assert_eq!(events[0].t_s, 60.0, "kept in time order");
        assert!(current(events, 59.0).is_none());
        assert_eq!(current(events, 719.0).map(|e| e.kind), Some(EventKind::AcuScalingUp));
        assert_eq!(caption(current(events, 720.0).unwrap()), "0:12 — DynamoDB: burst spent: 92 % of reads throttled, TableReadProvisionedThroughputExceeded");
        assert_eq!(next(events, 60.0).map(|e| e.t_s), Some(720.0));
        assert_eq!(previous(events, 720.0).map(|e| e.t_s), Some(60.0));
        assert!(next(events, 720.0).is_none() && previous(events, 60.0).is_none());
    }

    #[test]
    fn an_episode_ends_only_after_five_quiet_minutes() {
        let mut e = Episode::default();
        assert_eq!(e.feed(0.0, 60.0, true), Some((true, 0.0)));
        assert_eq!(e.feed(60.0, 120.0, false), None);
        assert_eq!(e.feed(120.0, 180.0, true), None, "a one-minute dip is not an end");
        let mut ended = None;
        let mut t = 180.0;
        while ended.is_none() {
            ended = e.feed(t, t + 60.0, false);
            t += 60.0;
        }
        assert_eq!(ended, Some((false, 180.0)));
    }
}
