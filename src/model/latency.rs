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
    let total: f64 = parts.iter().map(|(w, _)| w.max(0.0)).sum();
    if total <= 0.0 || !total.is_finite() {
        return 0.0;
    }
    let target = 1.0 - q;
    let survival =
        |t: f64| parts.iter().map(|(w, d)| w.max(0.0) * d.survival(t)).sum::<f64>() / total;
    let mut hi = 1.0;
    while survival(hi) > target && hi < 1e9 {
        hi *= 2.0;
    }
    let mut lo = 0.0;
    // 60 halvings of at most 1e9 ms reach sub-nanosecond precision.
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if survival(mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
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
    fn erfc_known_values() {
        assert!((erfc(0.0) - 1.0).abs() < 2e-7);
        assert!((erfc(1.0) - 0.157_299_207).abs() < 2e-7);
        assert!((erfc(-1.0) - 1.842_700_793).abs() < 2e-7);
    }
}
