//! Per-partition utilisation over time, for the heat map.
//!
//! Partition-key values are hashed onto partitions (facts sheet A3, DOC: "the hash output
//! picks the partition"); here the [`HOT_KEYS`] most popular keys get a deterministic hash
//! from the scenario's seed, and the rest of the traffic (and any Scan) spreads evenly.
//! A hot key's load on its partition is capped at the partition ceiling (adaptive capacity
//! can give it up to 3,000 RCU / 1,000 WCU, never more). A partition's utilisation is the
//! larger of its read load ÷ 3,000 and its write load ÷ 1,000. Partition count comes from
//! storage and the capacity in force; a partition that stays hot splits (split for heat);
//! partitions only ever split, never merge.
//! At most [`ROWS`] rows are kept: beyond that, each row is a group of partitions shown at
//! its hottest member, so a hot partition is never averaged away.

use super::monte_carlo::Rng;
use crate::model::facts::{DDB_PARTITION_MAX_RCU, DDB_PARTITION_MAX_WCU};
use crate::model::zipf::Zipf;
use serde::{Deserialize, Serialize};

/// Most popular keys placed individually.
pub const HOT_KEYS: usize = 256;
/// Heat-map rows.
pub const ROWS: usize = 32;

/// Utilisation per row per step, row-major by step (`steps × rows`); a row with no
/// partition behind it (fewer partitions than rows) holds -1.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HeatMap {
    pub rows: usize,
    pub partitions: Vec<f64>,
    pub utilisation: Vec<f32>,
}

pub(crate) struct HeatMapper {
    /// (share of key-addressed traffic, hash) of the most popular keys.
    hot: Vec<(f64, u64)>,
    hot_share: f64,
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
        HeatMapper { hot, hot_share }
    }

    /// Append one step's rows for `partitions` partitions to `out`; returns how many
    /// partitions are at or above `hot_utilisation` of their limit.
    pub fn step(&self, partitions: f64, load: &PartitionLoad, hot_utilisation: f64, out: &mut Vec<f32>) -> usize {
        let p = partitions.max(1.0) as u64;
        let rows = (p as usize).min(ROWS);
        let rest = 1.0 - self.hot_share;
        let base_read = (load.keyed_read_units * rest.max(0.0) + load.spread_read_units) / p as f64;
        let base_write = (load.keyed_write_units * rest.max(0.0) + load.spread_write_units) / p as f64;
        let base = (base_read / DDB_PARTITION_MAX_RCU).max(base_write / DDB_PARTITION_MAX_WCU);
        let mut row_util = vec![base; rows];
        // Every partition carries at least the base load; only those with hot keys stand out.
        let mut hot = if base >= hot_utilisation { p as usize } else { 0 };
        // Hot keys sharing a partition add up: sort by partition, then merge runs.
        let mut placed: Vec<(u64, f64, f64)> = self
            .hot
            .iter()
            .map(|&(share, hash)| {
                let r = (share * load.keyed_read_units).min(DDB_PARTITION_MAX_RCU);
                let w = (share * load.keyed_write_units).min(DDB_PARTITION_MAX_WCU);
                (hash % p, r, w)
            })
            .collect();
        placed.sort_unstable_by_key(|&(part, _, _)| part);
        for run in placed.chunk_by(|a, b| a.0 == b.0) {
            let (r, w) = run.iter().fold((0.0, 0.0), |(r, w), x| (r + x.1, w + x.2));
            let util = ((base_read + r) / DDB_PARTITION_MAX_RCU).max((base_write + w) / DDB_PARTITION_MAX_WCU);
            let row = (run[0].0 as usize * rows) / p as usize;
            row_util[row] = row_util[row].max(util);
            if util >= hot_utilisation && base < hot_utilisation {
                hot += 1;
            }
        }
        out.extend(row_util.iter().map(|&u| u as f32));
        out.extend(std::iter::repeat(-1.0f32).take(ROWS - rows));
        hot
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_load_is_level_and_a_hot_key_stands_out() {
        let load = PartitionLoad { keyed_read_units: 0.0, keyed_write_units: 2_000.0, spread_read_units: 0.0, spread_write_units: 0.0 };
        let mut out = vec![];
        assert_eq!(HeatMapper::new(&Zipf::new(1e6, 0.0), 1).step(4.0, &load, 0.8, &mut out), 0);
        assert_eq!(out.len(), ROWS);
        assert!(out[..4].iter().all(|&u| (u - 0.5).abs() < 1e-3), "{:?}", &out[..4]);
        assert!(out[4..].iter().all(|&u| u == -1.0));
        let mut hot = vec![];
        assert!(HeatMapper::new(&Zipf::new(1e6, 1.5), 1).step(4.0, &load, 0.8, &mut hot) >= 1);
        let max = hot.iter().cloned().fold(f32::MIN, f32::max);
        let min = hot[..4].iter().cloned().fold(f32::MAX, f32::min);
        assert!(max > 2.0 * min, "{:?}", &hot[..4]);
    }
}
