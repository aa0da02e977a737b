//! The engine's view of a scenario's faults: built once per run ([`FaultPlan::new`]), then
//! asked per simulated interval ([`FaultPlan::effects`]) without allocating.
//!
//! The phases of all faults cut the run into segments over which every effect is constant.
//! Per segment, each fault's own phases add (they fail disjoint sets of requests), and
//! faults combine as independent: a fault failing share `q` of what is left takes `q·R`
//! and leaves `R·(1 − q)`. An interval's effect is the overlap-weighted mean of the
//! segments it covers.

use super::cause::Cause;
use super::impact::{self, FaultImpact, RunFinding};
use super::phases::{self, slot, Effect, Expanded, SequenceStep};
use super::{Fault, FaultKind};
use crate::model::regions::Database;
use crate::model::scenario::Scenario;
use crate::model::workload::Workload;

/// The share of one database's reads and of its writes failing, per cause.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Losses {
    /// Indexed by [`Cause::index`].
    pub reads: [f64; Cause::COUNT],
    pub writes: [f64; Cause::COUNT],
}

impl Default for Losses {
    fn default() -> Self {
        Losses::NONE
    }
}

impl Losses {
    pub const NONE: Losses = Losses {
        reads: [0.0; Cause::COUNT],
        writes: [0.0; Cause::COUNT],
    };

    /// Share of reads failing, all causes.
    pub fn read_share(&self) -> f64 {
        self.reads.iter().sum::<f64>().min(1.0)
    }

    /// Share of writes failing, all causes.
    pub fn write_share(&self) -> f64 {
        self.writes.iter().sum::<f64>().min(1.0)
    }

    pub fn is_none(&self) -> bool {
        *self == Losses::NONE
    }

    /// `(cause, read share, write share)` for every cause failing something.
    pub fn causes(&self) -> impl Iterator<Item = (Cause, f64, f64)> + '_ {
        Cause::ALL
            .into_iter()
            .map(|c| (c, self.reads[c.index()], self.writes[c.index()]))
            .filter(|&(_, r, w)| r > 0.0 || w > 0.0)
    }

    /// What reaches the database of `reads_per_s` and `writes_per_s` offered.
    pub fn surviving(&self, reads_per_s: f64, writes_per_s: f64) -> (f64, f64) {
        (
            reads_per_s * (1.0 - self.read_share()),
            writes_per_s * (1.0 - self.write_share()),
        )
    }

    /// Reduce `w` to what reaches the database. With no loss `w` is left untouched, bit for
    /// bit.
    pub fn apply(&self, w: &mut Workload) {
        if self.is_none() {
            return;
        }
        let (reads, writes) = self.surviving(w.reads_per_s(), w.writes_per_s());
        w.requests_per_s = reads + writes;
        if w.requests_per_s > 0.0 {
            w.read_share = (reads / w.requests_per_s).clamp(0.0, 1.0);
        }
    }

    fn add_scaled(&mut self, other: &Losses, weight: f64) {
        for i in 0..Cause::COUNT {
            self.reads[i] += other.reads[i] * weight;
            self.writes[i] += other.writes[i] * weight;
        }
    }
}

/// Aurora requests that RDS Proxy (or the Data API) holds while the writer is away: the
/// shares of reads and writes waiting, and when they are served.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Held {
    pub until_s: f64,
    pub reads: f64,
    pub writes: f64,
}

impl Held {
    pub const NONE: Held = Held { until_s: 0.0, reads: 0.0, writes: 0.0 };

    /// The share of `reads_per_s + writes_per_s` waiting.
    pub fn share(&self, reads_per_s: f64, writes_per_s: f64) -> f64 {
        let all = reads_per_s + writes_per_s;
        if all > 0.0 {
            ((reads_per_s * self.reads + writes_per_s * self.writes) / all).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    fn add_scaled(&mut self, other: &Held, weight: f64) {
        if weight > 0.0 && (other.reads > 0.0 || other.writes > 0.0) {
            self.until_s = self.until_s.max(other.until_s);
            self.reads = (self.reads + other.reads * weight).min(1.0);
            self.writes = (self.writes + other.writes * weight).min(1.0);
        }
    }
}

/// What the faults do over one interval of the run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StepFaults {
    pub dynamodb: Losses,
    pub aurora: Losses,
    /// DSQL's, when the scenario names it (none otherwise: its phases are only expanded
    /// then).
    pub dsql: Losses,
    /// Aurora readers down, time-weighted over the interval (never above the configured
    /// readers).
    pub aurora_readers_down: f64,
    /// Aurora requests waiting in RDS Proxy rather than failing. The engine cuts its steps
    /// at every phase boundary, so a piece of a step holds one `until_s`.
    pub aurora_held: Held,
    /// Share of the interval each peer of a multi-Region DSQL cluster (Region A's, Region
    /// B's) is down, its Region lost: the clients left connect to the other peer.
    pub dsql_peer_down: [f64; 2],
}

impl StepFaults {
    pub const NONE: StepFaults = StepFaults {
        dynamodb: Losses::NONE,
        aurora: Losses::NONE,
        dsql: Losses::NONE,
        aurora_readers_down: 0.0,
        aurora_held: Held::NONE,
        dsql_peer_down: [0.0; 2],
    };

    pub fn is_none(&self) -> bool {
        *self == StepFaults::NONE
    }

    pub fn losses(&self, db: Database) -> &Losses {
        match db {
            Database::Dynamodb => &self.dynamodb,
            Database::Aurora => &self.aurora,
            Database::Dsql => &self.dsql,
        }
    }

    fn losses_mut(&mut self, db: Database) -> &mut Losses {
        match db {
            Database::Dynamodb => &mut self.dynamodb,
            Database::Aurora => &mut self.aurora,
            Database::Dsql => &mut self.dsql,
        }
    }

    /// The Aurora reader counts to evaluate and blend, `[(readers, weight); 2]`: the
    /// time-weighted readers up lies between two whole counts (equal when it is whole).
    pub fn aurora_readers(&self, configured: u32) -> [(u32, f64); 2] {
        let up =
            (f64::from(configured) - self.aurora_readers_down).clamp(0.0, f64::from(configured));
        let (lo, hi) = (up.floor(), up.ceil());
        let weight_hi = up - lo;
        [(lo as u32, 1.0 - weight_hi), (hi as u32, weight_hi)]
    }

    fn add_scaled(&mut self, other: &StepFaults, weight: f64) {
        self.dynamodb.add_scaled(&other.dynamodb, weight);
        self.aurora.add_scaled(&other.aurora, weight);
        self.dsql.add_scaled(&other.dsql, weight);
        self.aurora_readers_down += other.aurora_readers_down * weight;
        self.aurora_held.add_scaled(&other.aurora_held, weight);
        for (mine, theirs) in self.dsql_peer_down.iter_mut().zip(other.dsql_peer_down) {
            *mine += theirs * weight;
        }
    }
}

/// A fault's shaded window on the run charts.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FaultWindow {
    /// Index in the scenario's `faults`.
    pub fault: usize,
    pub kind: FaultKind,
    pub start_s: f64,
    /// When its last effect ends (capacity back included).
    pub end_s: f64,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq)]
struct Segment {
    start_s: f64,
    end_s: f64,
    effect: StepFaults,
}

/// A scenario's faults, ready for the engine.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultPlan {
    /// `(index in the scenario, fault, expansion)`, by start time.
    faults: Vec<(usize, Fault, Expanded)>,
    segments: Vec<Segment>,
    windows: Vec<FaultWindow>,
    /// The scenario names DSQL: each fault's impact has its part.
    with_dsql: bool,
}

impl FaultPlan {
    /// The plan for a valid scenario.
    pub fn new(s: &Scenario) -> FaultPlan {
        let mut faults: Vec<(usize, Fault, Expanded)> = s
            .faults
            .iter()
            .enumerate()
            .map(|(i, f)| (i, f.clone(), phases::expand(f, s)))
            .collect();
        faults.sort_by(|a, b| a.1.at_s().total_cmp(&b.1.at_s()).then(a.0.cmp(&b.0)));
        let windows = faults
            .iter()
            .map(|(i, f, ex)| FaultWindow {
                fault: *i,
                kind: f.kind(),
                start_s: f.at_s(),
                end_s: ex.end_s,
                label: f.label(),
            })
            .collect();
        let segments = segments(&faults, f64::from(s.aurora.readers));
        FaultPlan {
            faults,
            segments,
            windows,
            with_dsql: s.has(Database::Dsql),
        }
    }

    /// The scenario names DSQL (its faults' sequences and impacts have its part).
    pub fn with_dsql(&self) -> bool {
        self.with_dsql
    }

    /// No fault has any effect.
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// What the faults do over `[t0_s, t1_s)`: each share is its mean over the interval.
    /// Exactly [`StepFaults::NONE`] where no fault acts.
    pub fn effects(&self, t0_s: f64, t1_s: f64) -> StepFaults {
        // An empty or reversed interval (or NaN): the instant at its start.
        if t1_s.partial_cmp(&t0_s) != Some(std::cmp::Ordering::Greater) {
            return self.at(t0_s);
        }
        let dt = t1_s - t0_s;
        let mut out = StepFaults::NONE;
        let first = self.segments.partition_point(|seg| seg.end_s <= t0_s);
        for seg in &self.segments[first..] {
            if seg.start_s >= t1_s {
                break;
            }
            let overlap = seg.end_s.min(t1_s) - seg.start_s.max(t0_s);
            if overlap > 0.0 {
                out.add_scaled(&seg.effect, overlap / dt);
            }
        }
        out
    }

    /// Append the moments in `(t0_s, t1_s)` where what the faults do changes, in order: the
    /// engine cuts its steps there, so a 40-second failover inside a 300-second step is 40
    /// seconds of failing writes, not a step of a little failing.
    pub fn breakpoints(&self, t0_s: f64, t1_s: f64, out: &mut Vec<f64>) {
        let first = self.segments.partition_point(|seg| seg.end_s <= t0_s);
        for seg in &self.segments[first..] {
            if seg.start_s >= t1_s {
                break;
            }
            for t in [seg.start_s, seg.end_s] {
                if t > t0_s && t < t1_s {
                    out.push(t);
                }
            }
        }
    }

    /// What the faults do at the instant `t_s`.
    pub fn at(&self, t_s: f64) -> StepFaults {
        let i = self.segments.partition_point(|seg| seg.end_s <= t_s);
        match self.segments.get(i) {
            Some(seg) if seg.start_s <= t_s => seg.effect,
            _ => StepFaults::NONE,
        }
    }

    /// One window per fault, by start time.
    pub fn windows(&self) -> &[FaultWindow] {
        &self.windows
    }

    /// The window of the latest-starting fault still acting at `t_s`.
    pub fn active_at(&self, t_s: f64) -> Option<&FaultWindow> {
        self.windows
            .iter()
            .rfind(|w| w.start_s <= t_s && t_s < w.end_s)
    }

    /// The steps of fault `fault` (index in the scenario), for the sequence diagram.
    pub fn sequence(&self, fault: usize) -> &[SequenceStep] {
        self.expanded(fault).map_or(&[], |ex| &ex.steps)
    }

    /// When fault `fault` (index in the scenario) stops failing or holding requests; its
    /// capacity may take longer to come back. `None` if it fails and holds none.
    pub fn loss_end_s(&self, fault: usize) -> Option<f64> {
        let ex = self.expanded(fault)?;
        let end = ex
            .phases
            .iter()
            .filter(|p| matches!(p.effect, Effect::Loss { .. } | Effect::Held { .. }))
            .map(|p| p.end_s)
            .fold(f64::NEG_INFINITY, f64::max);
        end.is_finite().then_some(end)
    }

    /// What fault `fault` does to `db`, in one or two sentences.
    pub fn note(&self, fault: usize, db: Database) -> &str {
        self.expanded(fault).map_or("", |ex| &ex.notes[slot(db)])
    }

    /// Each fault's cost in isolation, given the offered `(reads/s, writes/s)` at a moment
    /// of the run (the engine's traffic), by start time.
    pub fn impacts(&self, rates: impl Fn(f64) -> (f64, f64)) -> Vec<FaultImpact> {
        self.impacts_with(rates, |_, _| Vec::new())
    }

    /// [`FaultPlan::impacts`] with what a run found each fault cost DSQL beyond its phases
    /// (`dsql_found(index, fault)`).
    pub(crate) fn impacts_with(&self, rates: impl Fn(f64) -> (f64, f64), dsql_found: impl Fn(usize, &Fault) -> Vec<RunFinding>) -> Vec<FaultImpact> {
        self.faults
            .iter()
            .map(|(i, f, ex)| {
                let found = if self.with_dsql { dsql_found(*i, f) } else { Vec::new() };
                impact::impact(*i, f, ex, &rates, self.with_dsql.then_some(found.as_slice()))
            })
            .collect()
    }

    fn expanded(&self, fault: usize) -> Option<&Expanded> {
        self.faults
            .iter()
            .find(|(i, _, _)| *i == fault)
            .map(|(_, _, ex)| ex)
    }
}

/// Cut the run at every phase boundary and combine the effects on each piece.
fn segments(faults: &[(usize, Fault, Expanded)], readers: f64) -> Vec<Segment> {
    let mut cuts: Vec<f64> = faults
        .iter()
        .flat_map(|(_, _, ex)| ex.phases.iter().flat_map(|p| [p.start_s, p.end_s]))
        .collect();
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    let mut out: Vec<Segment> = Vec::new();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let effect = combine(faults, a, b, readers);
        if effect.is_none() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.end_s == a && last.effect == effect => last.end_s = b,
            _ => out.push(Segment {
                start_s: a,
                end_s: b,
                effect,
            }),
        }
    }
    out
}

/// The effect over `[a, b)`, which no phase boundary crosses.
fn combine(faults: &[(usize, Fault, Expanded)], a: f64, b: f64, readers: f64) -> StepFaults {
    let mut out = StepFaults::NONE;
    // What is still not failing, per database, reads and writes.
    let mut left = [[1.0f64; 2]; Database::ALL.len()];
    for (_, _, ex) in faults {
        let mut own = StepFaults::NONE;
        for p in ex.phases.iter().filter(|p| p.start_s <= a && b <= p.end_s) {
            match p.effect {
                Effect::Loss {
                    db,
                    cause,
                    reads,
                    writes,
                } => {
                    let l = own.losses_mut(db);
                    l.reads[cause.index()] += reads;
                    l.writes[cause.index()] += writes;
                }
                Effect::ReadersDown(n) => own.aurora_readers_down += n,
                Effect::Held { until_s, reads, writes } => own.aurora_held.add_scaled(&Held { until_s, reads, writes }, 1.0),
                Effect::DsqlPeerDown(region) => out.dsql_peer_down[region] = 1.0,
            }
        }
        for db in Database::ALL {
            let (mine, total) = (own.losses(db), out.losses_mut(db));
            for (k, (shares, into)) in [
                (&mine.reads, &mut total.reads),
                (&mine.writes, &mut total.writes),
            ]
            .into_iter()
            .enumerate()
            {
                let sum: f64 = shares.iter().sum();
                if sum <= 0.0 {
                    continue;
                }
                // A fault's own phases never fail more than everything.
                let scale = if sum > 1.0 { 1.0 / sum } else { 1.0 };
                let rest = &mut left[slot(db)][k];
                for (c, q) in shares.iter().enumerate() {
                    into[c] += *rest * q * scale;
                }
                *rest *= 1.0 - sum * scale;
            }
        }
        out.aurora_readers_down += own.aurora_readers_down;
        // What another fault already fails does not wait.
        let (r, w) = (left[slot(Database::Aurora)][0], left[slot(Database::Aurora)][1]);
        let h = own.aurora_held;
        out.aurora_held.add_scaled(&Held { until_s: h.until_s, reads: h.reads * r, writes: h.writes * w }, 1.0);
    }
    out.aurora_readers_down = out.aurora_readers_down.min(readers);
    out
}
