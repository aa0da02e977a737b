//! The pieces of a step: stretches of constant traffic (and constant fault effects) that
//! both databases are judged over.
//!
//! A step is cut where the traffic jumps or bends (a spike's edges, a batch window, every
//! point of a user series) and where a fault starts or ends, so a feature starts when it
//! starts, not at the next step. A stretch whose rate moves (a ramp, a sine, a linear
//! series) is cut further so that no piece lets the rate move by more than
//! [`MAX_RATE_MOVE`] of its mean: queueing near saturation is steep. Neighbouring pieces
//! that offer exactly the same traffic under the same faults are one piece (a per-interval
//! trace repeats its rate; a rate held for a minute and the same minute written out second
//! by second must give the same run).

use crate::model::faults::{FaultPlan, StepFaults};
use crate::model::scenario::Scenario;
use crate::model::traffic::Traffic;

/// A piece of a step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TrafficPiece {
    pub start_s: f64,
    pub length_s: f64,
    /// Requests offered per second (the mean over the piece), and of them reads and writes.
    pub rate: f64,
    pub reads: f64,
    pub writes: f64,
    /// The rate at the piece's start and at its end (equal unless the traffic moves inside
    /// it): Aurora's worst p99 is judged at the highest rate a capacity stretch reaches.
    pub rate_ends: (f64, f64),
    /// What faults do during the piece: an index into [`Pieces::faults`] (none act when
    /// absent, the usual case, so a piece stays small and is copied cheaply).
    pub faulted: Option<u32>,
}

impl TrafficPiece {
    /// The traffic is the same all through the piece.
    fn is_flat(&self) -> bool {
        self.rate_ends.0 == self.rate_ends.1
    }

    /// `next` follows this piece with exactly the same traffic and faults.
    fn continues_as(&self, next: &TrafficPiece) -> bool {
        self.is_flat()
            && next.is_flat()
            && self.rate.to_bits() == next.rate.to_bits()
            && self.reads.to_bits() == next.reads.to_bits()
            && self.writes.to_bits() == next.writes.to_bits()
            && self.rate_ends.0.to_bits() == next.rate_ends.0.to_bits()
            && self.faulted.is_none()
            && next.faulted.is_none()
    }
}

impl Pieces {
    /// What the faults do during `piece`.
    pub fn faults(&self, piece: &TrafficPiece) -> &StepFaults {
        piece.faulted.and_then(|i| self.faults.get(i as usize)).unwrap_or(&StepFaults::NONE)
    }
}

/// Most a piece of a step lets the offered rate move, as a share of its mean: queueing near
/// saturation is steep, so a ramp is followed in pieces rather than at its step's average.
const MAX_RATE_MOVE: f64 = 0.02;
/// Most pieces one stretch of a step is cut into for that.
const MAX_RATE_PIECES: usize = 64;
/// Shortest piece of a step: cuts closer than this are merged.
const MIN_PIECE_S: f64 = 1e-6;

/// Cuts and pieces, reused from step to step so a step allocates nothing.
#[derive(Debug, Default)]
pub(crate) struct Pieces {
    cuts: Vec<f64>,
    pub pieces: Vec<TrafficPiece>,
    /// The faults' effects during each piece some fault acts in.
    faults: Vec<StepFaults>,
}

impl Pieces {
    /// Cut `[t0, t0 + dt)` of `s`'s traffic under `faults` into pieces.
    pub fn cut(&mut self, s: &Scenario, faults: &FaultPlan, t0: f64, dt: f64) {
        let cuts = &mut self.cuts;
        cuts.clear();
        cuts.push(t0);
        s.traffic.breakpoints(t0, t0 + dt, cuts);
        faults.breakpoints(t0, t0 + dt, cuts);
        cuts.sort_by(f64::total_cmp);
        cuts.dedup();
        cuts.push(t0 + dt);
        // A held series is flat between its points (which are cuts): nothing to follow.
        let held = s.traffic.is_held();
        if !held {
            split_where_the_rate_moves(&s.traffic, s.workload.requests_per_s, cuts);
        }
        merge_close_cuts(cuts);
        self.pieces.clear();
        self.faults.clear();
        let base = s.workload.requests_per_s;
        for w in cuts.windows(2) {
            let (a, len) = (w[0], w[1] - w[0]);
            let rate = s.traffic.mean_rate(a, a + len, base);
            let (reads, writes) = split_reads_writes(s, a, len, rate);
            // The rate at the piece's ends (the shape is smooth inside a piece).
            let rate_ends = if held { (rate, rate) } else { (s.traffic.rate_at(a + 1e-9 * len, base), s.traffic.rate_at(a + len * (1.0 - 1e-9), base)) };
            let effects = if faults.is_empty() { None } else { Some(faults.effects(a, a + len)).filter(|e| !e.is_none()) };
            let faulted = effects.map(|e| {
                self.faults.push(e);
                (self.faults.len() - 1) as u32
            });
            let piece = TrafficPiece { start_s: a, length_s: len, rate, reads, writes, rate_ends, faulted };
            match self.pieces.last_mut() {
                Some(last) if last.continues_as(&piece) => last.length_s = a + len - last.start_s,
                _ => self.pieces.push(piece),
            }
        }
    }
}

/// The reads and writes per second of a piece `[t0, t0 + dt)` offering `rate`: the series'
/// own read shares where it has them, else the workload's.
fn split_reads_writes(s: &Scenario, t0: f64, dt: f64, rate: f64) -> (f64, f64) {
    if s.traffic.has_read_shares() {
        let reads = s.traffic.mean_reads(t0, t0 + dt, s.workload.requests_per_s, s.workload.read_share).clamp(0.0, rate);
        (reads, rate - reads)
    } else {
        (rate * s.workload.read_share, rate * (1.0 - s.workload.read_share))
    }
}

/// Cut each stretch between `cuts` further wherever the traffic's rate moves by more than
/// [`MAX_RATE_MOVE`] across it (a ramp, a steep part of a series).
fn split_where_the_rate_moves(traffic: &Traffic, base_rps: f64, cuts: &mut Vec<f64>) {
    let mut i = 0;
    while i + 1 < cuts.len() {
        let (a, b) = (cuts[i], cuts[i + 1]);
        // Inside a stretch the shape is smooth (breakpoints are cuts), so its ends bound it.
        let (ra, rb) = (traffic.rate_at(a + 1e-9 * (b - a), base_rps), traffic.rate_at(b - 1e-9 * (b - a), base_rps));
        let mean = 0.5 * (ra + rb);
        let pieces = if mean > 0.0 { ((ra - rb).abs() / (MAX_RATE_MOVE * mean)).ceil() as usize } else { 1 };
        let pieces = pieces.clamp(1, MAX_RATE_PIECES);
        for k in 1..pieces {
            cuts.insert(i + k, a + (b - a) * k as f64 / pieces as f64);
        }
        i += pieces;
    }
}

/// Merge cuts closer than [`MIN_PIECE_S`], keeping the first and the last. Two breakpoints a
/// rounding error apart (a nightly batch open 24 hours closes and reopens at the same
/// moment, computed from two days) were cut 64 ways into pieces of zero length, and every
/// per-second figure of such a piece was 0 / 0 = NaN.
fn merge_close_cuts(cuts: &mut Vec<f64>) {
    let (Some(&end), true) = (cuts.last(), cuts.len() >= 2) else { return };
    let mut kept = 1;
    for i in 1..cuts.len() - 1 {
        let c = cuts[i];
        if c - cuts[kept - 1] >= MIN_PIECE_S && end - c >= MIN_PIECE_S {
            cuts[kept] = c;
            kept += 1;
        }
    }
    cuts[kept] = end;
    cuts.truncate(kept + 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_held_for_a_minute_is_one_piece_however_it_is_written() {
        let minute = Traffic::series_held(vec![(0.0, 100.0), (60.0, 200.0)]);
        let seconds = Traffic::series_held((0..120).map(|t| (f64::from(t), if t < 60 { 100.0 } else { 200.0 })).collect());
        let cut = |traffic: Traffic| {
            let s = Scenario { traffic, ..Scenario::default() };
            let mut p = Pieces::default();
            p.cut(&s, &FaultPlan::new(&s), 30.0, 60.0);
            p.pieces
        };
        let (a, b) = (cut(minute), cut(seconds));
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(a, b);
        assert_eq!((a[0].start_s, a[0].length_s, a[0].rate), (30.0, 30.0, 100.0));
        assert_eq!((a[1].start_s, a[1].length_s, a[1].rate), (60.0, 30.0, 200.0));
    }
}
