//! The M/M/c queue with deterministic patience (M/M/c+D): Poisson arrivals at rate `λ`,
//! `c` servers each completing work at rate `μ` (capacity `cμ`), and clients that give up
//! once they have waited `τ` (the client timeout). Unlike the plain M/M/c it has a
//! steady state at any load, so latency and failures move continuously through `ρ = 1`
//! (`ρ = λ / cμ`), and as `τ → ∞` it is the M/M/c with Erlang C.
//!
//! Derivation (level crossing on the offered waiting time `V`, after Baccelli & Hébuterne,
//! "On queues with impatient customers", 1981): below `c` busy servers the states follow
//! the birth–death weights `π_n ∝ aⁿ/n!` (`a = λ/μ`, `n < c`). With `p = π_{c−1}` and
//! `θ = cμ − λ`, the density of `V` is `g(v) = λp·e^{−θv}` for `0 < v ≤ τ` and
//! `λp·e^{λτ}·e^{−cμv}` above `τ`, so
//!
//! * `P(V > τ) = ρ·p·e^{−θτ}` — the share of requests that time out;
//! * normalisation `π₀·[Σ_{n<c} aⁿ/n! + a^{c−1}/(c−1)!·K] = 1` with
//!   `K = λ(1 − e^{−θτ})/θ + ρ·e^{−θτ}` (Erlang C when `τ → ∞`).
//!
//! A request whose own execution is exponential with rate `ν` spends `T = V + S` if it is
//! served; a request that times out is counted at `τ`. Its survival `P(T > t)` is the sum
//! of four closed-form terms (below). Everything is computed in log space: `aⁿ/n!` and
//! `e^{−θτ}` overflow for large `c` or deep overload.

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mmc {
    /// Arrival rate, requests per millisecond.
    pub arrivals_per_ms: f64,
    /// Number of servers (whole vCPUs, at least 1).
    pub servers: u32,
    /// Mean capacity each request uses, milliseconds of one server (`1/μ`).
    pub mean_service_ms: f64,
    /// Clients give up after waiting this long, milliseconds (finite).
    pub patience_ms: f64,
    /// Computed once here: a percentile search evaluates the survival many times.
    stationary: Option<Stationary>,
}

/// The stationary quantities every survival evaluation needs, in log space.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Stationary {
    /// ln P(V = 0): an arrival finds a free server.
    ln_no_wait: f64,
    /// ln(λp): the density of V at 0+.
    ln_lambda_p: f64,
    /// θ = cμ − λ, per ms (negative when overloaded).
    theta: f64,
    /// ln P(V > τ).
    ln_timeout: f64,
    /// P(V > τ), the last term of every survival evaluation.
    timeout_share: f64,
}

/// Below this, `exp` returns 0: `ln` of the smallest positive subnormal is about −744.4,
/// and `exp` rounds anything under −745.2 to zero; a margin of one keeps it exact.
const UNDERFLOW_LN: f64 = -746.0;

fn log_sum_exp(a: f64, b: f64) -> f64 {
    let m = a.max(b);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + ((a - m).exp() + (b - m).exp()).ln()
}

/// `(1 − e^{−x})/x` for `x ≥ 0`, exact near 0.
fn one_minus_exp_over(x: f64) -> f64 {
    if x < 1e-9 {
        1.0 - x / 2.0
    } else if x > 40.0 {
        // e^{−40} is under half an ulp of 1: `exp_m1` would return −1 exactly. The
        // percentile search lands here often, deep in a tail.
        1.0 / x
    } else {
        -(-x).exp_m1() / x
    }
}

/// `e^x`, or 0 where `e^x` is below the smallest subnormal (libm returns 0 there too, by
/// way of its underflow handler; a percentile search far in a tail calls it often).
fn exp_or_zero(x: f64) -> f64 {
    if x < -746.0 {
        0.0
    } else {
        x.exp()
    }
}

impl Mmc {
    pub fn new(arrivals_per_ms: f64, servers: u32, mean_service_ms: f64, patience_ms: f64) -> Self {
        let mut q = Mmc { arrivals_per_ms, servers, mean_service_ms, patience_ms, stationary: None };
        q.stationary = q.compute_stationary();
        q
    }

    pub fn utilisation(&self) -> f64 {
        self.arrivals_per_ms * self.mean_service_ms / f64::from(self.servers.max(1))
    }

    fn stationary(&self) -> Option<Stationary> {
        self.stationary
    }

    fn compute_stationary(&self) -> Option<Stationary> {
        let lambda = self.arrivals_per_ms;
        if lambda <= 0.0 || self.mean_service_ms <= 0.0 {
            return None;
        }
        let c = self.servers.max(1);
        let mu = 1.0 / self.mean_service_ms;
        let a = lambda / mu;
        let rho = a / f64::from(c);
        let theta = f64::from(c) * mu - lambda;
        let tau = self.patience_ms;
        // ln Σ_{n<c} aⁿ/n!, and ln of its last term a^{c−1}/(c−1)!.
        let (mut ln_sum, mut ln_term) = (0.0f64, 0.0f64);
        for n in 1..c {
            ln_term += a.ln() - f64::from(n).ln();
            ln_sum = log_sum_exp(ln_sum, ln_term);
        }
        // ln K, K = λ(1 − e^{−θτ})/θ + ρ e^{−θτ}.
        let ln_k = if theta >= 0.0 {
            let e = (-theta * tau).exp();
            (lambda * tau * one_minus_exp_over(theta * tau) + rho * e).ln()
        } else {
            let x = -theta * tau; // > 0, e^{x} may overflow: factor it out.
            x + (lambda * tau * one_minus_exp_over(x) + rho).ln()
        };
        let ln_pi0 = -log_sum_exp(ln_sum, ln_term + ln_k);
        let ln_p = ln_pi0 + ln_term;
        let ln_timeout = rho.ln() + ln_p - theta * tau;
        Some(Stationary { ln_no_wait: ln_pi0 + ln_sum, ln_lambda_p: lambda.ln() + ln_p, theta, ln_timeout, timeout_share: ln_timeout.exp() })
    }

    /// Probability that an arriving request has to wait (Erlang C as the patience grows).
    pub fn wait_probability(&self) -> f64 {
        self.stationary().map_or(0.0, |s| (1.0 - s.ln_no_wait.exp()).clamp(0.0, 1.0))
    }

    /// [`Mmc::timeout_probability`] without building the queue when the answer is 0 in
    /// `f64`: `P(V > τ) = ρ·p·e^{−θτ}` with `p ≤ 1`, so once `ln ρ − θτ` is below
    /// `ln` of the smallest subnormal the full computation underflows to exactly 0 too.
    /// A pool far from full (DSQL's 100 connections at a few milliseconds each) is
    /// always there, and the O(c) stationary sum was a third of a DSQL run's time.
    pub fn timeout_share(
        arrivals_per_ms: f64,
        servers: u32,
        mean_service_ms: f64,
        patience_ms: f64,
    ) -> f64 {
        if arrivals_per_ms > 0.0 && mean_service_ms > 0.0 {
            let c = f64::from(servers.max(1));
            let rho = arrivals_per_ms * mean_service_ms / c;
            let theta = c / mean_service_ms - arrivals_per_ms;
            if theta > 0.0 && rho.ln() - theta * patience_ms < UNDERFLOW_LN {
                return 0.0;
            }
        }
        Mmc::new(arrivals_per_ms, servers, mean_service_ms, patience_ms).timeout_probability()
    }

    /// Share of requests that give up after waiting the full patience.
    pub fn timeout_probability(&self) -> f64 {
        self.stationary().map_or(0.0, |s| s.timeout_share.clamp(0.0, 1.0))
    }

    /// `P(T > t)` for a request whose own execution time is exponential with mean
    /// `execution_ms`; a request that times out counts as taking the patience `τ`.
    pub fn sojourn_survival(&self, t_ms: f64, execution_ms: f64) -> f64 {
        if t_ms <= 0.0 {
            return 1.0;
        }
        let nu = 1.0 / execution_ms.max(1e-9);
        let Some(s) = self.stationary() else {
            return (-nu * t_ms).exp();
        };
        let tau = self.patience_ms;
        let u = t_ms.min(tau);
        let theta = s.theta;
        // Served without waiting, execution still running at t.
        let no_wait = exp_or_zero(s.ln_no_wait - nu * t_ms);
        // Waited v ≤ u, execution still running: ∫₀ᵘ λp e^{−θv} e^{−ν(t−v)} dv.
        let delta = nu - theta;
        let waited_then_running = if delta >= 0.0 {
            exp_or_zero(s.ln_lambda_p - theta * u - nu * (t_ms - u)) * u * one_minus_exp_over(delta * u)
        } else {
            exp_or_zero(s.ln_lambda_p - nu * t_ms) * u * one_minus_exp_over(-delta * u)
        };
        // Still waiting at t (u < v ≤ τ): ∫ᵤᵗᵃᵘ λp e^{−θv} dv.
        let span = tau - u;
        let still_waiting = if theta >= 0.0 {
            exp_or_zero(s.ln_lambda_p - theta * u) * span * one_minus_exp_over(theta * span)
        } else {
            exp_or_zero(s.ln_lambda_p - theta * tau) * span * one_minus_exp_over(-theta * span)
        };
        // Timed out: counted at τ.
        let timed_out = if t_ms < tau { s.timeout_share } else { 0.0 };
        (no_wait + waited_then_running + still_waiting + timed_out).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_TIMEOUT_MS: f64 = 1e12;

    fn q(arrivals_per_ms: f64, servers: u32, mean_service_ms: f64) -> Mmc {
        Mmc::new(arrivals_per_ms, servers, mean_service_ms, NO_TIMEOUT_MS)
    }

    #[test]
    fn the_timeout_shortcut_gives_the_full_answer_bit_for_bit() {
        // From a pool far from full (the shortcut) through the boundary to overload.
        let mut shortcut_taken = 0;
        for servers in [1u32, 2, 10, 100, 1000] {
            for rho in [1e-6, 0.01, 0.1, 0.5, 0.9, 0.99, 1.0, 1.2, 3.0] {
                for patience_ms in [1.0, 10.0, 100.0, 1e3, 1e4, 1e5] {
                    let mean_service_ms = 7.0;
                    let arrivals_per_ms = rho * f64::from(servers) / mean_service_ms;
                    let full = Mmc::new(arrivals_per_ms, servers, mean_service_ms, patience_ms)
                        .timeout_probability();
                    let short =
                        Mmc::timeout_share(arrivals_per_ms, servers, mean_service_ms, patience_ms);
                    assert_eq!(
                        short.to_bits(),
                        full.to_bits(),
                        "c = {servers}, ρ = {rho}, τ = {patience_ms} ms"
                    );
                    let theta = f64::from(servers) / mean_service_ms - arrivals_per_ms;
                    shortcut_taken +=
                        usize::from(theta > 0.0 && rho.ln() - theta * patience_ms < UNDERFLOW_LN);
                }
            }
        }
        assert!(
            shortcut_taken > 20,
            "the shortcut was taken {shortcut_taken} times"
        );
    }

    #[test]
    fn the_shortcuts_past_libm_give_libms_answers_bit_for_bit() {
        for x in [40.0, 40.5, 41.0, 60.0, 1e3, 1e9] {
            assert_eq!(one_minus_exp_over(x).to_bits(), (-(-x).exp_m1() / x).to_bits(), "x = {x}");
        }
        for x in [-746.0, -746.5, -800.0, -1e6, f64::NEG_INFINITY] {
            assert_eq!(exp_or_zero(x).to_bits(), x.exp().to_bits(), "x = {x}");
        }
        // Just inside: subnormal, not 0.
        assert!(exp_or_zero(-745.0) > 0.0);
    }

    #[test]
    fn mm1_wait_probability_is_utilisation() {
        assert!((q(0.7, 1, 1.0).wait_probability() - 0.7).abs() < 1e-9);
    }

    #[test]
    fn erlang_c_textbook_value() {
        // c = 2, a = 1 (ρ = 0.5): C = 1/3.
        assert!((q(1.0, 2, 1.0).wait_probability() - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn mm1_sojourn_is_exponential_with_rate_mu_minus_lambda() {
        let queue = q(0.6, 1, 1.0);
        for &t in &[0.5f64, 1.0, 3.0, 10.0] {
            let expect = (-(1.0 - 0.6) * t).exp();
            assert!((queue.sojourn_survival(t, 1.0) - expect).abs() < 1e-9, "t={t}");
        }
    }

    #[test]
    fn survival_starts_at_one_and_falls() {
        let queue = Mmc::new(3.5, 4, 1.0, 50.0);
        let mut last = 1.0;
        for i in 1..400 {
            let s = queue.sojourn_survival(i as f64 * 0.25, 1.0);
            assert!(s <= last + 1e-12 && s >= 0.0, "i={i}");
            last = s;
        }
        assert!((queue.sojourn_survival(1e-9, 1.0) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn overload_times_out_the_excess_and_is_continuous_through_rho_one() {
        // ρ = 2 with a patience far above the service time: about half give up.
        let over = Mmc::new(2.0, 1, 1.0, 1_000.0);
        assert!((over.timeout_probability() - 0.5).abs() < 0.01, "{}", over.timeout_probability());
        let at = |rho: f64| Mmc::new(rho * 8.0, 8, 1.0, 200.0).timeout_probability();
        assert!((at(0.999_999) - at(1.000_001)).abs() < 1e-6);
        assert!(at(0.9) < at(1.0) && at(1.0) < at(1.1));
    }

    #[test]
    fn huge_load_on_many_servers_stays_finite() {
        let queue = Mmc::new(1e4, 64, 1_000.0, 10_000.0);
        let p = queue.timeout_probability();
        assert!(p.is_finite() && p > 0.99, "{p}");
        assert!(queue.sojourn_survival(5_000.0, 1.0).is_finite());
    }
}
