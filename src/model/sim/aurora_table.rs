//! Aurora at any rate from a table of exact answers, so that rough traffic costs the engine
//! no more than smooth traffic.
//!
//! For one capacity (writer and reader ACU, readers up) and one read share, every number the
//! engine takes from [`AuroraModel::at_rw`] is a function of the request rate alone: costs,
//! I/O, utilisation and requests per instance are linear in it; time-outs, p50 and p99 rise
//! with it, smoothly except within about a percent of saturation, where p99 goes from
//! milliseconds to the client time-out. A per-second trace asks for a different rate every
//! second, and an exact answer (an M/M/c+D mixture searched for two percentiles) costs tens
//! of thousands of instructions: it was nearly all of the engine's time on real traffic.
//!
//! So the engine asks this table. Rates are cut into cells on a geometric grid
//! (`r_k = R0 · (1 + RATE_STEP)^k`, 0.5 % apart, and one cell from 0 to `R0`); the model is
//! evaluated exactly at each cell's ends and its (geometric) middle, once per capacity and
//! read share, and the answer is the straight line through the two points around the rate.
//! Linear quantities come out exact (to rounding). For the curved ones the middle is the
//! check: where it lies within half of [`CURVE_TOLERANCE`] of the chord between the ends
//! (p50 and p99 relative to themselves, time-outs relative to the rate), the curve is nearly
//! straight over the cell: a smooth bend's half-chords are then within an eighth of the
//! tolerance, and a kink's (p50 moving from one part of the latency mixture to another,
//! which can sit anywhere in the cell) within the whole of it, since a kink off the middle
//! moves the middle by at least half its largest error; where it does not (the knee at
//! saturation), the answer is exact. The grid does not depend on the step, so
//! neither does the answer. A trace that gives its own read share per point is also cut on
//! a grid of read shares (1/256 apart) and interpolated between the two around it;
//! otherwise the workload's share is used exactly.
//!
//! Answers are kept in an ordered map (deterministic, bounded: past [`MAX_CORNERS`] it is
//! emptied and refilled, which changes speed, never an answer).

use crate::model::aurora::{AuroraModel, AuroraSteady, Sizing};
use std::collections::BTreeMap;

/// Lowest grid rate above zero, req/s (the smallest rate a scenario can set).
const R0: f64 = 1e-3;
/// Relative width of a cell.
pub(crate) const RATE_STEP: f64 = 0.005;
/// Read shares on the grid, when the trace gives its own: `0, 1/256, …, 1`.
const SHARE_STEPS: f64 = 256.0;
/// Most a cell's middle may be off the chord between its ends, relative (see
/// [`AuroraPoint::nearly_straight`]); where it is further, the answer is exact.
pub(crate) const CURVE_TOLERANCE: f64 = 2e-3;
/// Most answers kept (about 150 bytes each).
const MAX_CORNERS: usize = 1 << 17;

/// What the engine takes from Aurora at one rate, capacity and read share.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct AuroraPoint {
    /// Instances, proxy and cache; storage; backups; transfer; I/O: USD per month.
    pub capacity_usd: f64,
    /// The instances' part of `capacity_usd`: what a Savings Plan covers.
    pub compute_usd: f64,
    pub storage_usd: f64,
    pub backup_usd: f64,
    pub transfer_usd: f64,
    pub io_usd: f64,
    /// Requests per second lost, by cause.
    pub writer_timeouts: f64,
    pub reader_timeouts: f64,
    pub connections_refused: f64,
    pub writer_utilisation: f64,
    /// One reader's (0 without readers).
    pub reader_utilisation: f64,
    /// Requests per second at the writer, and at all readers together.
    pub writer_rps: f64,
    pub readers_rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

impl AuroraPoint {
    fn of(a: &AuroraSteady) -> AuroraPoint {
        AuroraPoint {
            capacity_usd: a.cost.compute_usd + a.cost.proxy_usd + a.cost.cache_usd,
            compute_usd: a.cost.compute_usd,
            storage_usd: a.cost.storage_usd,
            backup_usd: a.cost.backup_usd,
            transfer_usd: a.cost.transfer_usd,
            // Per-request charges: storage I/O and Data API requests.
            io_usd: a.cost.io_usd + a.cost.data_api_usd,
            writer_timeouts: a.lost.writer_timeouts,
            reader_timeouts: a.lost.reader_timeouts,
            connections_refused: a.lost.connections_refused,
            writer_utilisation: a.writer.utilisation,
            reader_utilisation: a.reader.as_ref().map_or(0.0, |r| r.utilisation),
            writer_rps: a.writer.requests_per_s,
            readers_rps: a.reader.as_ref().map_or(0.0, |r| r.requests_per_s * f64::from(a.readers)),
            p50_ms: a.p50_ms,
            p99_ms: a.p99_ms,
        }
    }

    /// `middle` lies within half of [`CURVE_TOLERANCE`] of the chord between `self` and
    /// `high` in every curved quantity: p50 and p99 relative to themselves, time-outs
    /// relative to the rate at `high_rate` (half: see the module docs; with the whole, a
    /// platform-version-4 writer at 0.5 ACU missed the tolerance by a fifth).
    fn nearly_straight(&self, middle: &AuroraPoint, high: &AuroraPoint, high_rate: f64) -> bool {
        let near = |a: f64, m: f64, b: f64, scale: f64| (m - 0.5 * (a + b)).abs() <= 0.5 * CURVE_TOLERANCE * scale;
        near(self.p50_ms, middle.p50_ms, high.p50_ms, middle.p50_ms)
            && near(self.p99_ms, middle.p99_ms, high.p99_ms, middle.p99_ms)
            && near(self.writer_timeouts, middle.writer_timeouts, high.writer_timeouts, high_rate)
            && near(self.reader_timeouts, middle.reader_timeouts, high.reader_timeouts, high_rate)
    }

    pub fn lost_total(&self) -> f64 {
        self.writer_timeouts + self.reader_timeouts + self.connections_refused
    }

    /// `self` + `t` × (`other` − `self`), field by field.
    fn towards(&self, other: &AuroraPoint, t: f64) -> AuroraPoint {
        let f = |a: f64, b: f64| a + (b - a) * t;
        AuroraPoint {
            capacity_usd: f(self.capacity_usd, other.capacity_usd),
            compute_usd: f(self.compute_usd, other.compute_usd),
            storage_usd: f(self.storage_usd, other.storage_usd),
            backup_usd: f(self.backup_usd, other.backup_usd),
            transfer_usd: f(self.transfer_usd, other.transfer_usd),
            io_usd: f(self.io_usd, other.io_usd),
            writer_timeouts: f(self.writer_timeouts, other.writer_timeouts),
            reader_timeouts: f(self.reader_timeouts, other.reader_timeouts),
            connections_refused: f(self.connections_refused, other.connections_refused),
            writer_utilisation: f(self.writer_utilisation, other.writer_utilisation),
            reader_utilisation: f(self.reader_utilisation, other.reader_utilisation),
            writer_rps: f(self.writer_rps, other.writer_rps),
            readers_rps: f(self.readers_rps, other.readers_rps),
            p50_ms: f(self.p50_ms, other.p50_ms),
            p99_ms: f(self.p99_ms, other.p99_ms),
        }
    }
}

/// The rate at half-step `j` of the grid: cell `k` runs from `j = 2k` through its middle
/// `2k + 1` to `2k + 2`. Cell -1 runs from 0 (`j = -2`) through `R0 / 2` to `R0`.
fn grid_rate(j: i32) -> f64 {
    match j {
        i32::MIN..=-2 => 0.0,
        -1 => R0 / 2.0,
        _ => R0 * (f64::from(j) * 0.5 * RATE_STEP.ln_1p()).exp(),
    }
}

/// A cell of the grid (or a half-step, for a corner): `(readers, writer ACU, reader ACU,
/// read share)` bits and its index.
type Cell = ([u64; 4], i32);

/// A cell's answers at its start, middle and end, and whether it is nearly straight.
#[derive(Clone, Copy, Debug)]
struct CellAnswers {
    rates: [f64; 3],
    points: [AuroraPoint; 3],
    straight: bool,
}

impl CellAnswers {
    /// On the chord through the two points around `rate` (inside the cell).
    fn at(&self, rate: f64) -> AuroraPoint {
        let half = if rate < self.rates[1] { 0 } else { 1 };
        let (low_rate, high_rate) = (self.rates[half], self.rates[half + 1]);
        let (low, high) = (&self.points[half], &self.points[half + 1]);
        if rate == low_rate {
            return *low;
        }
        low.towards(high, (rate - low_rate) / (high_rate - low_rate))
    }
}

/// A coarse cell spans this many fine ones: where the curve is nearly straight over it (most
/// rates, away from saturation), fewer exact answers are needed.
const COARSE: i32 = 4;

/// Aurora's answers on the grid, for one run.
#[derive(Debug)]
pub(crate) struct AuroraTable {
    /// Each cell visited, by its width in fine cells and its index, with its answers.
    cells: BTreeMap<([u64; 4], i32, i32), CellAnswers>,
    /// Exact answers at the grid's half-steps (a cell's end is the next cell's start).
    corners: BTreeMap<Cell, AuroraPoint>,
    /// Exact answers where a cell bends, by rate (a trace of whole counts comes back to
    /// the same few rates).
    exact: BTreeMap<([u64; 4], u64), AuroraPoint>,
    /// The grid's rates by half-step (`grid_rate`, computed once each).
    rates: Vec<f64>,
    /// Read shares vary with the trace: cut them on a grid too.
    share_grid: bool,
}

impl AuroraTable {
    pub fn new(share_grid: bool) -> Self {
        AuroraTable { cells: BTreeMap::new(), corners: BTreeMap::new(), exact: BTreeMap::new(), rates: Vec::new(), share_grid }
    }

    /// [`grid_rate`], remembered.
    fn rate(&mut self, j: i32) -> f64 {
        let Ok(i) = usize::try_from(j) else { return grid_rate(j) };
        if i >= self.rates.len() {
            let from = self.rates.len();
            self.rates.extend((from..=i).map(|i| grid_rate(i as i32)));
        }
        self.rates[i]
    }

    /// The grid cell holding `rate`: `k` with `rate(2k) <= rate < rate(2k + 2)`.
    fn cell(&mut self, rate: f64) -> i32 {
        if rate < R0 {
            return -1;
        }
        let mut k = ((rate / R0).ln() / RATE_STEP.ln_1p()).floor().min(f64::from(i32::MAX / 2 - 2)) as i32;
        // Rounding in the logarithm can land one cell off.
        while k > 0 && self.rate(2 * k) > rate {
            k -= 1;
        }
        while self.rate(2 * k + 2) <= rate {
            k += 1;
        }
        k
    }

    /// Aurora at `reads` and `writes` per second with `readers` up and the instances at
    /// `writer_acu` and `reader_acu`.
    pub fn at(&mut self, model: &AuroraModel, reads: f64, writes: f64, readers: u32, (writer_acu, reader_acu): (f64, f64)) -> AuroraPoint {
        let (reads, writes) = (reads.max(0.0), writes.max(0.0));
        let rate = reads + writes;
        if !(rate > 0.0) {
            return self.along(model, 0.0, 0.0, readers, (writer_acu, reader_acu));
        }
        let share = (reads / rate).clamp(0.0, 1.0);
        if !self.share_grid {
            return self.along(model, share, rate, readers, (writer_acu, reader_acu));
        }
        let x = share * SHARE_STEPS;
        let j = x.floor().min(SHARE_STEPS - 1.0);
        let t = x - j;
        let low = self.along(model, j / SHARE_STEPS, rate, readers, (writer_acu, reader_acu));
        if t == 0.0 {
            return low;
        }
        let high = self.along(model, (j + 1.0) / SHARE_STEPS, rate, readers, (writer_acu, reader_acu));
        low.towards(&high, t)
    }

    /// At `rate` for a read share of exactly `share`: on the chord through the two grid
    /// points around it in the widest cell that is nearly straight (a coarse cell of
    /// [`COARSE`] fine ones, then the fine cell), or exact where even the fine cell bends.
    fn along(&mut self, model: &AuroraModel, share: f64, rate: f64, readers: u32, acu: (f64, f64)) -> AuroraPoint {
        let context = [u64::from(readers), acu.0.to_bits(), acu.1.to_bits(), share.to_bits()];
        let k = self.cell(rate);
        if k >= 0 {
            let coarse = self.answers(model, context, share, (COARSE, k / COARSE));
            if coarse.straight {
                return coarse.at(rate);
            }
        }
        let fine = self.answers(model, context, share, (1, k));
        if fine.straight {
            return fine.at(rate);
        }
        // The knee at saturation: p99 goes from milliseconds to the time-out within the
        // cell, and no chord follows it.
        if let Some(p) = self.exact.get(&(context, rate.to_bits())) {
            return *p;
        }
        if self.exact.len() >= MAX_CORNERS {
            self.exact.clear();
        }
        let sizing = Sizing::Current { writer_acu: acu.0, reader_acu: acu.1 };
        let point = AuroraPoint::of(&model.at_rw(rate * share, rate * (1.0 - share), readers, sizing));
        self.exact.insert((context, rate.to_bits()), point);
        point
    }

    /// The answers of cell `index` of `width` fine cells (its half-steps run from
    /// `2 · width · index` to `2 · width · (index + 1)`).
    fn answers(&mut self, model: &AuroraModel, context: [u64; 4], share: f64, (width, index): (i32, i32)) -> CellAnswers {
        if let Some(a) = self.cells.get(&(context, width, index)) {
            return *a;
        }
        if self.cells.len() >= MAX_CORNERS {
            self.cells.clear();
        }
        let js = [0, 1, 2].map(|i| 2 * width * index + i * width);
        let rates = js.map(|j| self.rate(j));
        let points = [0, 1, 2].map(|i| self.corner(model, context, js[i], share, rates[i]));
        let straight = points[0].nearly_straight(&points[1], &points[2], rates[2]);
        let answers = CellAnswers { rates, points, straight };
        self.cells.insert((context, width, index), answers);
        answers
    }

    /// The exact answer at half-step `j` of the grid.
    fn corner(&mut self, model: &AuroraModel, context: [u64; 4], j: i32, share: f64, rate: f64) -> AuroraPoint {
        if let Some(p) = self.corners.get(&(context, j)) {
            return *p;
        }
        if self.corners.len() >= MAX_CORNERS {
            self.corners.clear();
        }
        let sizing = Sizing::Current { writer_acu: f64::from_bits(context[1]), reader_acu: f64::from_bits(context[2]) };
        let point = AuroraPoint::of(&model.at_rw(rate * share, rate * (1.0 - share), context[0] as u32, sizing));
        self.corners.insert((context, j), point);
        point
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rate_falls_in_the_cell_between_its_grid_rates() {
        let mut table = AuroraTable::new(false);
        for rate in [0.0, 1e-4, R0, 0.0010021, 1.0, 999.99, 1_000.0, 12_345.678, 9_999_999.0, 1e7] {
            let k = table.cell(rate);
            assert!(grid_rate(2 * k) <= rate && rate < grid_rate(2 * k + 2), "{rate}: cell {k} = [{}, {})", grid_rate(2 * k), grid_rate(2 * k + 2));
            assert!(grid_rate(2 * k) < grid_rate(2 * k + 1) && grid_rate(2 * k + 1) < grid_rate(2 * k + 2));
        }
    }

    /// The worst error of the table against exact answers over rates from nothing to twice
    /// saturation, 0.03 % apart: `(p50, p99 relative, time-outs relative to the rate,
    /// linear quantities relative)`.
    fn worst_errors(s: &crate::model::scenario::Scenario, acu: (f64, f64), readers: u32) -> [f64; 4] {
        let (_, model) = s.models();
        let mut table = AuroraTable::new(false);
        let share = s.workload.read_share;
        let sizing = Sizing::Current { writer_acu: acu.0, reader_acu: acu.1 };
        let saturation = {
            let at_1 = model.at_rw(share, 1.0 - share, readers, sizing);
            1.0 / at_1.writer.utilisation.max(at_1.reader.as_ref().map_or(0.0, |r| r.utilisation))
        };
        let mut worst = [0.0f64; 4];
        let mut rate = 0.0;
        while rate < 2.0 * saturation {
            let (reads, writes) = (rate * share, rate * (1.0 - share));
            let exact = AuroraPoint::of(&model.at_rw(reads, writes, readers, sizing));
            let got = table.at(&model, reads, writes, readers, acu);
            let rel = |a: f64, b: f64, scale: f64| if scale > 0.0 { (a - b).abs() / scale } else { (a - b).abs() };
            worst[0] = worst[0].max(rel(got.p50_ms, exact.p50_ms, exact.p50_ms));
            worst[1] = worst[1].max(rel(got.p99_ms, exact.p99_ms, exact.p99_ms));
            worst[2] = worst[2].max(rel(got.lost_total(), exact.lost_total(), rate));
            worst[3] = worst[3].max(rel(got.io_usd, exact.io_usd, exact.io_usd)).max(rel(got.writer_utilisation, exact.writer_utilisation, exact.writer_utilisation));
            rate = if rate == 0.0 { 1e-4 } else { rate * 1.0003 };
        }
        worst
    }

    #[test]
    fn the_table_is_within_its_tolerance_from_nothing_to_twice_saturation() {
        use crate::model::workload::QueryKind;
        let mut cases = vec![(crate::model::scenario::Scenario::default(), (4.0, 4.0), 1), (crate::model::scenario::Scenario::default(), (0.5, 2.0), 0)];
        let mut report = crate::model::scenario::Scenario::default();
        report.workload.query = QueryKind::Report;
        report.workload.rows_per_report = 1e4;
        cases.push((report, (8.0, 8.0), 2));
        let mut orders = crate::model::scenario::Scenario::default();
        orders.workload.query = QueryKind::Transaction;
        orders.workload.read_share = 0.3;
        cases.push((orders, (16.0, 16.0), 1));
        // Platform version 4: more work per ACU, so other curves on the same grid.
        for (acu, readers) in [((4.0, 4.0), 1), ((0.5, 2.0), 0)] {
            let mut v4 = crate::model::scenario::Scenario::default();
            v4.aurora.platform_version = 4;
            cases.push((v4, acu, readers));
        }
        for (s, acu, readers) in &cases {
            let [p50, p99, lost, linear] = worst_errors(s, *acu, *readers);
            eprintln!("{:?} at {acu:?} ACU, {readers} readers: worst p50 {p50:.2e}, p99 {p99:.2e}, time-outs {lost:.2e} of the rate, linear {linear:.2e}", s.workload.query);
            assert!(p50 <= CURVE_TOLERANCE && p99 <= CURVE_TOLERANCE && lost <= CURVE_TOLERANCE, "{p50} {p99} {lost}");
            assert!(linear <= 1e-9, "{linear}");
        }
    }
}
