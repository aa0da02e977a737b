//! Per-partition utilisation over time, for the heat map.
//!
//! Partition-key values are hashed onto partitions (facts sheet A3, DOC: "the hash output
//! picks the partition"); here the [`HOT_KEYS`] most popular keys get a deterministic hash
//! from the scenario's seed, and the rest of the traffic (and any Scan) spreads evenly.
//! A hot key's load on its partition is capped at the partition ceiling (adaptive capacity
//! can give it up to 3,000 RCU / 1,000 WCU, never more). A partition's utilisation is the
//! larger of its read load ÷ 3,000 and its write load ÷ 1,000. Partition count comes from
//! storage and the capacity in force; a partition that stays hot splits (split for heat),
//! unless its heat is one key's (a split cannot divide a key: AWS isolates a hot item on its
//! own partition and stops there); partitions only ever split, never merge.
//! At most [`ROWS`] rows are kept: beyond that, each row is a group of partitions shown at
//! its hottest member, so a hot partition is never averaged away; over time, each column is
//! a bucket of steps shown at each row's hottest step.

use super::monte_carlo::Rng;
use crate::model::facts::{DDB_PARTITION_MAX_RCU, DDB_PARTITION_MAX_WCU};
use crate::model::zipf::Zipf;
use serde::{Deserialize, Serialize};

/// Most popular keys placed individually.
pub const HOT_KEYS: usize = 256;
/// Heat-map rows.
pub const ROWS: usize = 32;

/// Utilisation per row per bucket, row-major by bucket (`buckets × rows`); a row with no
/// partition behind it (fewer partitions than rows) holds -1.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HeatMap {
    pub rows: usize,
    /// Partitions at the end of each bucket.
    pub partitions: Vec<f64>,
    pub utilisation: Vec<f32>,
}

#[derive(Clone)]
pub(crate) struct HeatMapper {
    /// (share of key-addressed traffic, hash) of the most popular keys.
    hot: Vec<(f64, u64)>,
    hot_share: f64,
    /// Hot keys grouped by partition for the partition count they were placed at:
    /// `(partition, index into hot)`, sorted by partition. Placement only changes when the
    /// partition count does, so it is not redone every step.
    placed_for: u64,
    placed: Vec<(u64, usize)>,
    /// Runs of `placed` on one partition: (partition, first, end, Σ share, largest share),
    /// so a step adds each partition's keys at once unless one of them is at its ceiling.
    groups: Vec<(u64, usize, usize, f64, f64)>,
    /// Keys in the whole table, and for each hot key the splits for heat it has had and
    /// needs to sit alone on a partition; the hot keys whose partitions counted as hot last
    /// step only because of them.
    keys: f64,
    isolation_splits: Vec<(u32, u32)>,
    isolating: Vec<usize>,
    /// One step's rows, and the bucket's hottest value per row so far.
    row_util: [f64; ROWS],
    bucket: [f32; ROWS],
    bucket_open: bool,
    /// A load folded into the open bucket at `placed_for` partitions that left no partition
    /// hot: a load no larger in any part is no hotter anywhere (every row's utilisation
    /// grows with each part of the load), so it changes nothing and is skipped.
    cool: Option<[f64; 4]>,
}

/// Load reaching the table this step, units per second.
pub(crate) struct PartitionLoad {
    /// Reads and writes that follow key popularity (after any cache).
    pub keyed_read_units: f64,
    pub keyed_write_units: f64,
    /// Reads and writes spread over every partition (Scans, a transaction's order item).
    pub spread_read_units: f64,
    pub spread_write_units: f64,
}

impl HeatMapper {
    pub fn new(zipf: &Zipf, seed: u64) -> Self {
        let mut rng = Rng::new(seed ^ 0x5CA1_E1AB);
        let n = (zipf.keys() as usize).min(HOT_KEYS);
        let hot: Vec<(f64, u64)> = (1..=n).map(|k| (zipf.share_of(k as f64), rng.next_u64())).collect();
        let hot_share = hot.iter().map(|(s, _)| s).sum();
        HeatMapper {
            isolation_splits: vec![(0, 0); hot.len()],
            isolating: Vec::with_capacity(n),
            keys: zipf.keys(),
            hot,
            hot_share,
            placed_for: 0,
            placed: Vec::with_capacity(n),
            groups: Vec::with_capacity(n),
            row_util: [0.0; ROWS], bucket: [-1.0; ROWS], bucket_open: false, cool: None }
    }

    /// Fold one step's rows for `partitions` partitions into the open bucket; returns how
    /// many partitions are at or above `hot_utilisation` of their limit.
    pub fn step(&mut self, partitions: f64, load: &PartitionLoad, hot_utilisation: f64) -> usize {
        // Partition counts beyond u32 are meaningless here (and would wrap on wasm32).
        let p = partitions.clamp(1.0, f64::from(u32::MAX)) as u64;
        let rows = (p as usize).min(ROWS);
        let parts = [load.keyed_read_units, load.keyed_write_units, load.spread_read_units, load.spread_write_units];
        if p == self.placed_for && self.bucket_open && self.cool.is_some_and(|c| parts.iter().zip(&c).all(|(x, c)| x <= c)) {
            // A rough trace's quieter pieces: the bucket already holds a hotter moment.
            return 0;
        }
        if p != self.placed_for {
            self.placed.clear();
            self.placed.extend(self.hot.iter().enumerate().map(|(i, &(_, hash))| (hash % p, i)));
            self.placed.sort_unstable();
            self.placed_for = p;
            self.groups.clear();
            let mut first = 0;
            for run in self.placed.chunk_by(|a, b| a.0 == b.0) {
                let shares = run.iter().map(|&(_, i)| self.hot[i].0);
                let (sum, largest) = shares.fold((0.0, 0.0f64), |(s, m), x| (s + x, m.max(x)));
                self.groups.push((run[0].0, first, first + run.len(), sum, largest));
                first += run.len();
            }
        }
        let rest = (1.0 - self.hot_share).max(0.0);
        let base_read = (load.keyed_read_units * rest + load.spread_read_units) / p as f64;
        let base_write = (load.keyed_write_units * rest + load.spread_write_units) / p as f64;
        let base = (base_read / DDB_PARTITION_MAX_RCU).max(base_write / DDB_PARTITION_MAX_WCU);
        self.row_util[..rows].fill(base);
        // Every partition carries at least the base load; only those with hot keys stand out.
        let mut hot = if base >= hot_utilisation { p as usize } else { 0 };
        self.isolating.clear();
        // Hot keys sharing a partition add up, each capped at a partition's limit.
        for &(partition, first, end, sum, largest) in &self.groups {
            let (r, w) = if largest * load.keyed_read_units <= DDB_PARTITION_MAX_RCU && largest * load.keyed_write_units <= DDB_PARTITION_MAX_WCU {
                (sum * load.keyed_read_units, sum * load.keyed_write_units)
            } else {
                self.placed[first..end].iter().fold((0.0, 0.0), |(r, w), &(_, i)| {
                    let share = self.hot[i].0;
                    (r + (share * load.keyed_read_units).min(DDB_PARTITION_MAX_RCU), w + (share * load.keyed_write_units).min(DDB_PARTITION_MAX_WCU))
                })
            };
            let util = ((base_read + r) / DDB_PARTITION_MAX_RCU).max((base_write + w) / DDB_PARTITION_MAX_WCU);
            let row = ((partition as u128 * rows as u128) / p as u128) as usize;
            self.row_util[row] = self.row_util[row].max(util);
            // A hot partition splits; when its heat is one key's, only until that key sits
            // alone on a partition (AWS isolates a hot item, and no split divides one key):
            // about log2(keys on the partition) splits.
            if util >= hot_utilisation && base < hot_utilisation {
                let without_hottest = {
                    let (r1, w1) = ((largest * load.keyed_read_units).min(DDB_PARTITION_MAX_RCU), (largest * load.keyed_write_units).min(DDB_PARTITION_MAX_WCU));
                    ((base_read + r - r1) / DDB_PARTITION_MAX_RCU).max((base_write + w - w1) / DDB_PARTITION_MAX_WCU)
                };
                if without_hottest >= hot_utilisation {
                    hot += 1;
                } else {
                    let key = self.placed[first..end].iter().map(|&(_, i)| i).min().unwrap_or(0);
                    let (done, needed) = &mut self.isolation_splits[key];
                    if *needed == 0 {
                        *needed = (self.keys / p as f64).max(2.0).log2().ceil() as u32;
                    }
                    if done < needed {
                        hot += 1;
                        self.isolating.push(key);
                    }
                }
            }
        }
        for (i, cell) in self.bucket.iter_mut().enumerate() {
            let v = if i < rows { self.row_util[i] as f32 } else { -1.0 };
            *cell = if self.bucket_open { cell.max(v) } else { v };
        }
        self.bucket_open = true;
        self.cool = (hot == 0).then_some(parts);
        hot
    }

    /// The partitions counted hot last step have split: those splitting to isolate a key have
    /// done one more of the splits that takes.
    pub fn split_applied(&mut self) {
        for &key in &self.isolating {
            self.isolation_splits[key].0 += 1;
        }
    }

    /// Close the open bucket into `heat` with the partition count at its end.
    pub fn flush(&mut self, heat: &mut HeatMap, partitions: f64) {
        if self.bucket_open {
            heat.utilisation.extend_from_slice(&self.bucket);
            heat.partitions.push(partitions);
            self.bucket_open = false;
            self.cool = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_bucket(mapper: &mut HeatMapper, partitions: f64, load: &PartitionLoad) -> (usize, Vec<f32>) {
        let hot = mapper.step(partitions, load, 0.8);
        let mut heat = HeatMap { rows: ROWS, ..HeatMap::default() };
        mapper.flush(&mut heat, partitions);
        (hot, heat.utilisation)
    }

    #[test]
    fn uniform_load_is_level_and_a_hot_key_stands_out() {
        let load = PartitionLoad { keyed_read_units: 0.0, keyed_write_units: 2_000.0, spread_read_units: 0.0, spread_write_units: 0.0 };
        let (hot, out) = one_bucket(&mut HeatMapper::new(&Zipf::new(1e6, 0.0), 1), 4.0, &load);
        assert_eq!(hot, 0);
        assert_eq!(out.len(), ROWS);
        assert!(out[..4].iter().all(|&u| (u - 0.5).abs() < 1e-3), "{:?}", &out[..4]);
        assert!(out[4..].iter().all(|&u| u == -1.0));
        let (hot, out) = one_bucket(&mut HeatMapper::new(&Zipf::new(1e6, 1.5), 1), 4.0, &load);
        assert!(hot >= 1);
        let max = out.iter().cloned().fold(f32::MIN, f32::max);
        let min = out[..4].iter().cloned().fold(f32::MAX, f32::min);
        assert!(max > 2.0 * min, "{:?}", &out[..4]);
    }

    #[test]
    fn a_bucket_keeps_each_rows_hottest_step_and_huge_partition_counts_are_safe() {
        let mut m = HeatMapper::new(&Zipf::new(1e6, 0.0), 1);
        let load = |w| PartitionLoad { keyed_read_units: 0.0, keyed_write_units: w, spread_read_units: 0.0, spread_write_units: 0.0 };
        m.step(4.0, &load(4_000.0), 0.8);
        m.step(4.0, &load(400.0), 0.8);
        let mut heat = HeatMap { rows: ROWS, ..HeatMap::default() };
        m.flush(&mut heat, 4.0);
        assert!((heat.utilisation[0] - 1.0).abs() < 1e-3, "{:?}", &heat.utilisation[..4]);
        // 2^40 partitions: no overflow, no division by zero.
        m.step(2f64.powi(40), &load(1e9), 0.8);
        m.flush(&mut heat, 2f64.powi(40));
        assert!(heat.utilisation[ROWS..].iter().all(|u| u.is_finite()));
    }
}
