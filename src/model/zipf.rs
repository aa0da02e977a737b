//! Zipf key popularity, answered analytically so that the cost never depends on the
//! number of keys or on the request rate.
//!
//! Key `k` (1-based, most popular first) of `n` keys with exponent `s` receives the share
//! `p_k = k^-s / H(n, s)`, where `H(n, s) = Σ_{k=1..n} k^-s` is the generalised harmonic
//! number. `s = 0` is uniform. `H` is summed exactly for the first [`EXACT_TERMS`] keys and
//! the tail comes from the Euler–Maclaurin formula (relative error below 1e-12 for n up to
//! 1e12), so a billion keys cost the same as a hundred.

/// Terms summed one by one before the Euler–Maclaurin tail takes over.
const EXACT_TERMS: usize = 64;

/// `H(n, s) = Σ_{k=1..floor(n)} k^-s`; 0 when `n < 1`.
pub fn harmonic(n: f64, s: f64) -> f64 {
    Prefix::new(s).harmonic(n, s)
}

/// `Σ_{k=a..b} k^-s` by Euler–Maclaurin with the B2 and B4 corrections.
fn euler_maclaurin_tail(a: f64, b: f64, s: f64) -> f64 {
    let f = |x: f64| x.powf(-s);
    let d1 = |x: f64| -s * x.powf(-s - 1.0);
    let d3 = |x: f64| -s * (s + 1.0) * (s + 2.0) * x.powf(-s - 3.0);
    let integral = if (s - 1.0).abs() < 1e-12 {
        (b / a).ln()
    } else {
        (b.powf(1.0 - s) - a.powf(1.0 - s)) / (1.0 - s)
    };
    integral + (f(a) + f(b)) / 2.0 + (d1(b) - d1(a)) / 12.0 - (d3(b) - d3(a)) / 720.0
}

/// The first [`EXACT_TERMS`] partial sums, computed once per exponent: the engine asks for
/// harmonic numbers several times a step, and summing 63 `powf` terms each time was a tenth
/// of its run time.
#[derive(Clone, Debug, PartialEq)]
struct Prefix {
    /// `sums[m] = Σ_{k=1..m} k^-s` for `m` in `0..=EXACT_TERMS`.
    sums: [f64; EXACT_TERMS + 1],
}

impl Prefix {
    fn new(s: f64) -> Self {
        let mut sums = [0.0; EXACT_TERMS + 1];
        for k in 1..=EXACT_TERMS {
            sums[k] = sums[k - 1] + (k as f64).powf(-s);
        }
        Prefix { sums }
    }

    fn harmonic(&self, n: f64, s: f64) -> f64 {
        let n = n.floor();
        if !(n >= 1.0) {
            return 0.0;
        }
        if n <= EXACT_TERMS as f64 {
            return self.sums[n as usize];
        }
        self.sums[EXACT_TERMS - 1] + euler_maclaurin_tail(EXACT_TERMS as f64, n, s)
    }
}

/// A Zipf distribution over `keys` partition-key values with exponent `s`.
#[derive(Clone, Debug, PartialEq)]
pub struct Zipf {
    keys: f64,
    s: f64,
    total: f64,
    prefix: Prefix,
}

impl Zipf {
    /// `keys ≥ 1` distinct keys, exponent `s ≥ 0` (callers validate; values are clamped).
    pub fn new(keys: f64, s: f64) -> Self {
        let keys = if keys.is_finite() { keys.max(1.0).floor() } else { 1.0 };
        let s = if s.is_finite() { s.max(0.0) } else { 0.0 };
        let prefix = Prefix::new(s);
        Zipf { keys, s, total: prefix.harmonic(keys, s), prefix }
    }

    pub fn keys(&self) -> f64 {
        self.keys
    }

    /// Share of all requests that go to the single most popular key.
    pub fn hottest_share(&self) -> f64 {
        1.0 / self.total
    }

    /// Share of requests that go to the `m` most popular keys.
    pub fn top_share(&self, m: f64) -> f64 {
        (self.prefix.harmonic(m.min(self.keys), self.s) / self.total).clamp(0.0, 1.0)
    }

    /// Share of key `k` (1-based).
    pub fn share_of(&self, k: f64) -> f64 {
        k.powf(-self.s) / self.total
    }

    /// With `units_per_s` spread over the keys by popularity and each key capped at
    /// `cap_per_key`, the units per second above the cap (summed over all keys). A single key
    /// can never be served above its partition's limit, so this is what throttles.
    pub fn excess_over_cap(&self, units_per_s: f64, cap_per_key: f64) -> f64 {
        let m = self.keys_over_cap(units_per_s, cap_per_key);
        if m < 1.0 {
            return 0.0;
        }
        (units_per_s * self.top_share(m) - m * cap_per_key).max(0.0)
    }

    /// Units per second actually served when each key is capped at `cap_per_key`:
    /// `U·(1 − top_share(m)) + m·cap` for the `m` keys over the cap. Computed directly
    /// rather than as `U − excess`, which cancels badly when almost everything is excess.
    pub fn served_under_cap(&self, units_per_s: f64, cap_per_key: f64) -> f64 {
        let m = self.keys_over_cap(units_per_s, cap_per_key);
        if m < 1.0 {
            return units_per_s.max(0.0);
        }
        (units_per_s * (1.0 - self.top_share(m)) + m * cap_per_key).min(units_per_s)
    }

    /// Units per second served to the keys after the `first` most popular ones (those are
    /// answered elsewhere, e.g. by a cache), each capped at `cap_per_key`; `units_per_s` is
    /// the demand over all keys.
    pub fn served_under_cap_beyond(&self, units_per_s: f64, cap_per_key: f64, first: f64) -> f64 {
        let first = first.floor().clamp(0.0, self.keys);
        let tail = units_per_s * (1.0 - self.top_share(first));
        let over = self.keys_over_cap(units_per_s, cap_per_key);
        if over <= first {
            return tail.max(0.0);
        }
        // Keys first+1 ..= over are capped; the rest are served in full.
        let capped_demand = units_per_s * (self.top_share(over) - self.top_share(first));
        (tail - capped_demand + (over - first) * cap_per_key).clamp(0.0, tail.max(0.0))
    }

    /// The largest number of most-popular keys whose combined share is at most `share`.
    pub fn keys_for_share(&self, share: f64) -> f64 {
        if share >= 1.0 {
            return self.keys;
        }
        let (mut lo, mut hi) = (0.0f64, self.keys);
        // Bisection on whole key counts: share of the top m is monotone in m.
        while hi - lo > 1.0 {
            let mid = ((lo + hi) / 2.0).floor();
            if self.top_share(mid) <= share {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        if self.top_share(hi) <= share {
            hi
        } else {
            lo
        }
    }

    /// How many keys receive more than `cap_per_key` units per second.
    pub fn keys_over_cap(&self, units_per_s: f64, cap_per_key: f64) -> f64 {
        if units_per_s <= 0.0 || cap_per_key <= 0.0 {
            return 0.0;
        }
        if self.s == 0.0 {
            return if units_per_s / self.keys > cap_per_key { self.keys } else { 0.0 };
        }
        // The hottest key is under the cap, so every key is (the usual case: no powf).
        if self.share_of(1.0) * units_per_s <= cap_per_key {
            return 0.0;
        }
        // k^-s / H · U > cap  ⇔  k < (U / (cap · H))^(1/s)
        let bound = (units_per_s / (cap_per_key * self.total)).powf(1.0 / self.s);
        let mut m = bound.floor().min(self.keys);
        // Guard the boundary against rounding in powf.
        while m >= 1.0 && self.share_of(m) * units_per_s <= cap_per_key {
            m -= 1.0;
        }
        while m < self.keys && self.share_of(m + 1.0) * units_per_s > cap_per_key {
            m += 1.0;
        }
        m.max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(n: u64, s: f64) -> f64 {
        (1..=n).map(|k| (k as f64).powf(-s)).sum()
    }

    #[test]
    fn harmonic_matches_brute_force_sum() {
        for &n in &[1u64, 2, 63, 64, 65, 1_000, 123_457] {
            for &s in &[0.0, 0.5, 0.99, 1.0, 1.01, 1.5, 2.0] {
                let (a, b) = (harmonic(n as f64, s), brute(n, s));
                assert!((a - b).abs() / b < 1e-11, "n={n} s={s}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn uniform_keys_share_equally() {
        let z = Zipf::new(1_000.0, 0.0);
        assert!((z.hottest_share() - 0.001).abs() < 1e-15);
        assert!((z.top_share(250.0) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn served_beyond_the_cached_keys_matches_enumeration() {
        let z = Zipf::new(2_000.0, 1.2);
        let (units, cap, first) = (300_000.0, 1_000.0, 3.0);
        let brute: f64 = (4..=2_000).map(|k| (z.share_of(k as f64) * units).min(cap)).sum();
        let fast = z.served_under_cap_beyond(units, cap, first);
        assert!((fast - brute).abs() < 1e-6 * units, "{fast} vs {brute}");
        let m = z.keys_for_share(0.5);
        assert!(z.top_share(m) <= 0.5 && z.top_share(m + 1.0) > 0.5, "{m}");
    }

    #[test]
    fn excess_matches_per_key_enumeration() {
        let z = Zipf::new(5_000.0, 1.1);
        let (units, cap) = (200_000.0, 1_000.0);
        let brute: f64 = (1..=5_000)
            .map(|k| (z.share_of(k as f64) * units - cap).max(0.0))
            .sum();
        let fast = z.excess_over_cap(units, cap);
        assert!((fast - brute).abs() < 1e-6 * units, "{fast} vs {brute}");
    }
}
