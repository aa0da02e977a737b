//! Latency distributions and their percentiles.
//!
//! Each request class has a latency distribution described by its survival function
//! `P(T > t)`. A workload is a weighted mixture of classes; its percentile `q` is the `t`
//! where the mixture's survival equals `1 − q`, found by bisection (monotone, so exact to
//! the tolerance below).
//!
//! * [`Dist::LogNormal`] fits a service whose vendor publishes no distribution: given an
//!   (illustrative) p50 and p99, `σ = ln(p99/p50) / z₀.₉₉` with `z₀.₉₉ = 2.3263`.
//! * [`Dist::MmcSojourn`] is an M/M/c queue's time in system, from
//!   [`crate::model::queueing`], shifted by a fixed network/I/O time.
//! * [`Dist::Fixed`] is a constant, e.g. a client timeout.

use crate::model::queueing::Mmc;

/// Standard normal quantile at 0.99.
const Z_99: f64 = 2.326_347_874_040_841;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dist {
    /// Log-normal with median `p50_ms` and 99th percentile `p99_ms`, shifted by `shift_ms`.
    LogNormal { p50_ms: f64, p99_ms: f64, shift_ms: f64 },
    /// Time in an M/M/c system for a class whose own service time has mean `service_ms`,
    /// plus `shift_ms` of fixed time (network, storage, commit).
    MmcSojourn { queue: Mmc, service_ms: f64, shift_ms: f64 },
    /// Always `ms`.
    Fixed { ms: f64 },
}

impl Dist {
    /// `P(T > t_ms)`.
    pub fn survival(&self, t_ms: f64) -> f64 {
        match *self {
            Dist::LogNormal { p50_ms, p99_ms, shift_ms } => {
                let t = t_ms - shift_ms;
                if t <= 0.0 {
                    return 1.0;
                }
                let sigma = (p99_ms / p50_ms).ln().max(1e-9) / Z_99;
                let z = (t / p50_ms).ln() / sigma;
                0.5 * erfc(z / std::f64::consts::SQRT_2)
            }
            Dist::MmcSojourn { queue, service_ms, shift_ms } => {
                queue.sojourn_survival(t_ms - shift_ms, service_ms)
            }
            Dist::Fixed { ms } => {
                if t_ms < ms {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }
}

/// The `q` quantile (e.g. 0.99) of a mixture of `(weight, dist)`; weights need not sum to 1.
/// Returns 0 for an empty or zero-weight mixture.
pub fn mixture_quantile(parts: &[(f64, Dist)], q: f64) -> f64 {
    mixture_quantile_near(parts, q, 0.0)
}

/// Relative width of the final bracket: far below what any chart or table shows.
const QUANTILE_TOLERANCE: f64 = 1e-9;
/// A survival this close to the target is the quantile (far finer than any percentile shown).
const SURVIVAL_TOLERANCE: f64 = 1e-13;

/// [`mixture_quantile`], starting the search near `hint_ms` (e.g. the same quantile a step
/// earlier; 0 for no hint). The answer does not depend on the hint beyond the tolerance.
///
/// The survival of the mixture is monotone, so the quantile is bracketed (by doubling or
/// halving from the hint) and then found by regula falsi with the Illinois modification,
/// which converges superlinearly on smooth survivals and still shrinks the bracket on both
/// sides at a jump (a fixed time, a timeout). Bisection from [0, 1e9] took about 75
/// survival evaluations per quantile and was four fifths of the engine's time; this takes
/// about ten.
pub fn mixture_quantile_near(parts: &[(f64, Dist)], q: f64, hint_ms: f64) -> f64 {
    let total: f64 = parts.iter().map(|(w, _)| w.max(0.0)).sum();
    if total <= 0.0 || !total.is_finite() {
        return 0.0;
    }
    let target = 1.0 - q;
    // Positive while the quantile is further right.
    let excess = |t: f64| parts.iter().map(|(w, d)| w.max(0.0) * d.survival(t)).sum::<f64>() / total - target;
    let hinted = hint_ms.is_finite() && hint_ms > 0.0;
    let start = if hinted { hint_ms } else { 1.0 };
    // Bracket from the start outwards: 0.1 % at first (a hint from the step before is
    // usually that close), the factor squaring each time (0.1 %, 0.2 %, 0.4 %, … ×2 after
    // ten widenings).
    let mut factor: f64 = if hinted { 1.001 } else { 2.0 };
    let (mut lo, mut hi) = (start, start);
    let (mut f_lo, mut f_hi);
    let first = excess(start);
    if first > 0.0 {
        f_lo = first;
        hi = start * factor;
        f_hi = excess(hi);
        while f_hi > 0.0 && hi < 1e12 {
            (lo, f_lo) = (hi, f_hi);
            factor *= factor;
            hi *= factor;
            f_hi = excess(hi);
        }
        if f_hi > 0.0 {
            return hi;
        }
    } else {
        f_hi = first;
        lo = start / factor;
        f_lo = excess(lo);
        while f_lo <= 0.0 && lo > 1e-9 {
            (hi, f_hi) = (lo, f_lo);
            factor *= factor;
            lo /= factor;
            f_lo = excess(lo);
        }
        if f_lo <= 0.0 {
            // At most a nanosecond: the quantile is at (or right after) zero.
            lo = 0.0;
            f_lo = excess(0.0).max(f64::MIN_POSITIVE);
        }
    }
    // Invariant: excess(lo) > 0 >= excess(hi).
    let mut kept = 0i8; // +1: `lo` kept last time, -1: `hi` kept last time.
    for _ in 0..200 {
        if hi - lo <= QUANTILE_TOLERANCE * hi {
            break;
        }
        let mut t = hi - f_hi * (hi - lo) / (f_hi - f_lo);
        if !(t > lo && t < hi) {
            t = 0.5 * (lo + hi);
        }
        let f = excess(t);
        if f.abs() <= SURVIVAL_TOLERANCE {
            return t;
        }
        if f > 0.0 {
            (lo, f_lo) = (t, f);
            if kept == -1 {
                f_hi *= 0.5;
            }
            kept = -1;
        } else {
            (hi, f_hi) = (t, f);
            if kept == 1 {
                f_lo *= 0.5;
            }
            kept = 1;
        }
    }
    hi
}

/// The p50 and p99 of a mixture, each search starting from the last answer in `last` (a
/// model evaluated step after step, whose latency moves a little between steps), which is
/// then updated. With no last p99 yet, the p99 search starts at three times the p50.
pub fn p50_p99_near(parts: &[(f64, Dist)], last: &std::cell::Cell<(f64, f64)>) -> (f64, f64) {
    let (last_p50, last_p99) = last.get();
    let p50 = mixture_quantile_near(parts, 0.50, last_p50);
    let p99 = mixture_quantile_near(parts, 0.99, if last_p99 > 0.0 { last_p99 } else { p50 * 3.0 });
    last.set((p50, p99));
    (p50, p99)
}

/// Complementary error function (Numerical Recipes `erfcc`, |error| < 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lognormal_recovers_its_own_percentiles() {
        let d = Dist::LogNormal { p50_ms: 4.0, p99_ms: 12.0, shift_ms: 0.0 };
        let parts = [(1.0, d)];
        assert!((mixture_quantile(&parts, 0.5) - 4.0).abs() < 1e-3);
        assert!((mixture_quantile(&parts, 0.99) - 12.0).abs() < 1e-3);
    }

    #[test]
    fn mixture_p99_sits_in_the_slow_class_when_it_is_over_one_percent() {
        let fast = Dist::Fixed { ms: 1.0 };
        let slow = Dist::Fixed { ms: 100.0 };
        assert!((mixture_quantile(&[(0.95, fast), (0.05, slow)], 0.99) - 100.0).abs() < 1e-6);
        assert!((mixture_quantile(&[(0.995, fast), (0.005, slow)], 0.99) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn the_hint_changes_the_work_not_the_answer() {
        let d = Dist::LogNormal { p50_ms: 4.0, p99_ms: 12.0, shift_ms: 3.0 };
        let parts = [(0.7, d), (0.3, Dist::Fixed { ms: 40.0 })];
        let plain = mixture_quantile(&parts, 0.5);
        for hint in [0.0, 1e-6, 0.5, 7.0, 39.0, 41.0, 1e5] {
            let near = mixture_quantile_near(&parts, 0.5, hint);
            assert!((near - plain).abs() <= 1e-9 * plain, "hint {hint}: {near} vs {plain}");
            assert!((mixture_quantile_near(&parts, 0.99, hint) - 40.0).abs() < 1e-7, "hint {hint}");
        }
    }

    #[test]
    fn erfc_known_values() {
        assert!((erfc(0.0) - 1.0).abs() < 2e-7);
        assert!((erfc(1.0) - 0.157_299_207).abs() < 2e-7);
        assert!((erfc(-1.0) - 1.842_700_793).abs() < 2e-7);
    }
}
