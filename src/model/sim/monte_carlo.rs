//! Monte Carlo check of the analytic hot-key model: draw individual requests' keys from the
//! Zipf distribution with one seeded generator, count them per key, cap each key at its
//! partition ceiling, and sum what is served. Its cost grows with the request count, so the
//! engine never uses it; tests compare it with [`Zipf::served_under_cap`].

use crate::model::zipf::Zipf;

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast, and seeded, so runs are reproducible.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Draws key ranks (0 = most popular) by inverse CDF over an explicit table.
pub struct KeySampler {
    cdf: Vec<f64>,
}

impl KeySampler {
    /// `keys` up to a few million (the table holds one f64 per key).
    pub fn new(keys: usize, s: f64) -> Self {
        let zipf = Zipf::new(keys as f64, s);
        let mut acc = 0.0;
        let cdf = (1..=keys)
            .map(|k| {
                acc += zipf.share_of(k as f64);
                acc
            })
            .collect();
        KeySampler { cdf }
    }

    pub fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.next_f64() * self.cdf.last().copied().unwrap_or(1.0);
        self.cdf.partition_point(|&c| c <= u).min(self.cdf.len() - 1)
    }
}

/// Units per second served over `dt` seconds when `requests` requests of `units_each`
/// arrive with sampled keys and each key is capped at `cap_per_key` units per second.
pub fn sampled_served_under_cap(
    sampler: &KeySampler,
    requests: u64,
    units_each: f64,
    dt: f64,
    cap_per_key: f64,
    rng: &mut Rng,
) -> f64 {
    let mut counts = vec![0u64; sampler.cdf.len()];
    for _ in 0..requests {
        counts[sampler.sample(rng)] += 1;
    }
    counts.iter().map(|&n| (n as f64 * units_each / dt).min(cap_per_key)).sum()
}
