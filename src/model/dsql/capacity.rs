//! Per-step state for the time-stepped engine. Every rule is written in simulated seconds
//! and advanced in closed form, never per step, so any step size gives the same answer.
//!
//! * [`ConnectionBucket`]: the new-connection quota (DOC: 100 per second, burst 1,000,
//!   `53400` beyond) as a token bucket holding up to 1,000 tokens and refilled at 100/s.
//!   Wanting `d` connections/s for `dt` s: below the refill rate it fills; above, it drains
//!   at `d − 100` until empty (`t_empty = tokens / (d − 100)`), after which `d − 100` per
//!   second are refused.
//!   Lambda-style clients ([`ConnectionBucket::advance_waiting`]) do not give up: an
//!   execution environment refused a connection retries on each invocation, so it *waits*,
//!   and the refill goes to the waiting first. With `U` waiting, the bucket empty and `d`
//!   new environments a second, `dU/dt = d − 100` until none waits; the environment-seconds
//!   spent waiting (`∫U dt`, piecewise quadratic) are what fails: each waiting environment's
//!   invocations.
//! * [`PoolShortfall`]: pooled clients that suddenly want many more connections from one
//!   cluster (a lost Region's clients redirected to the other peer, or back when it
//!   returns) open them all at once: the burst takes 1,000, the rest *wait* and retry at
//!   the refill rate (`53400` meanwhile). With `U` waiting the pools have `target − U`
//!   open; while that is below the transactions the clients have in flight
//!   (`a = rate × hold time`, Little's law) the excess fails, `(U − slack) / hold` a second
//!   with `slack = max(0, target − a)`: a pool with connections to spare loses nothing. `U`
//!   moves linearly (`dU/dt` = the pools' reopenings − 100), so the shortfall is linear in
//!   time and the requests lost in any interval are the exact area of its positive part.
//!   **Estimate** (a fluid view of the pool's queue): requests wait for a connection up to
//!   the client timeout; this counts the excess as failing at once.
//! * [`Reconfiguration`]: DSQL scales without a setting, but "sudden large spikes will
//!   result in increased latency while DSQL brings new capacity online" (3P: 100 → 1,000
//!   clients moved latency 15 → 86 ms). **Estimate**: a rise to `r ≥ s` times the load the
//!   cluster is warmed for (`s` = `dsql_spike_step_ratio`) multiplies latency by
//!   `1 + (F − 1) · log(r / s) / log(10 / s)` (`F` = `dsql_spike_latency_factor` = 86 / 15,
//!   so a 10× step gives the measured 5.73×), and the extra falls linearly to none over
//!   `dsql_reconfigure_s`. The warmed load is then the new load; it does not fall back.
//!   The measurement was a closed loop (each client waits for its answer): 1,000 clients
//!   at 86 ms are 11,600 transactions a second by Little's law, whatever slowed them, so it
//!   cannot tell a latency rise from a throughput ceiling of ≈ 1.77× the warmed load. The
//!   model follows AWS's own words ("increased latency while DSQL brings new capacity
//!   online") and serves the rise, slower; with the ceiling reading, open-loop traffic
//!   above it would queue and time out instead.

use crate::model::estimates::Estimates;
use crate::model::facts::{DSQL_NEW_CONNECTIONS_BURST, DSQL_NEW_CONNECTIONS_PER_S};

/// The new-connection token bucket.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConnectionBucket {
    tokens: f64,
    /// Lambda environments refused a connection and still retrying, and the most waiting at
    /// once since [`ConnectionBucket::take_peak_waiting`] last asked (for the narration).
    waiting: f64,
    peak_waiting: f64,
}

impl Default for ConnectionBucket {
    fn default() -> Self {
        ConnectionBucket::new()
    }
}

impl ConnectionBucket {
    /// A full bucket (1,000 tokens).
    pub fn new() -> Self {
        ConnectionBucket { tokens: DSQL_NEW_CONNECTIONS_BURST, waiting: 0.0, peak_waiting: 0.0 }
    }

    /// Lambda environments still waiting for a connection.
    pub fn waiting(&self) -> f64 {
        self.waiting
    }

    /// The most environments waiting at once since the last call.
    pub fn take_peak_waiting(&mut self) -> f64 {
        std::mem::replace(&mut self.peak_waiting, self.waiting)
    }

    /// No more than `n` environments can be waiting (the concurrency fell).
    pub fn cap_waiting(&mut self, n: f64) {
        self.waiting = self.waiting.min(n.max(0.0));
    }

    /// `jump` new connections wanted at once: `(admitted from the tokens left, waiting then)`.
    pub fn after_jump(&self, jump: f64) -> (f64, f64) {
        let admitted = jump.max(0.0).min(self.tokens);
        (admitted, self.waiting + jump.max(0.0) - admitted)
    }

    /// Lambda-style clients: `jump` new environments want a connection at once, then
    /// `wanted_per_s` more each second for `dt_s` seconds; refused ones wait and retry.
    /// Returns the environment-seconds spent waiting in those `dt_s` seconds.
    pub fn advance_waiting(&mut self, jump: f64, wanted_per_s: f64, dt_s: f64) -> f64 {
        let (d, mut left) = (wanted_per_s.max(0.0), dt_s.max(0.0));
        let (accepted, waiting) = self.after_jump(jump);
        self.tokens -= accepted;
        self.waiting = waiting;
        self.peak_waiting = self.peak_waiting.max(self.waiting);
        let net = d - DSQL_NEW_CONNECTIONS_PER_S;
        let mut waited = 0.0;
        if self.waiting > 0.0 {
            // The bucket is empty while anyone waits: the queue moves by `net` a second.
            let clears_in = if net < 0.0 { self.waiting / -net } else { f64::INFINITY };
            let t = clears_in.min(left);
            waited += self.waiting * t + 0.5 * net * t * t;
            self.waiting = (self.waiting + net * t).max(0.0);
            self.peak_waiting = self.peak_waiting.max(self.waiting);
            left -= t;
            if self.waiting > 0.0 || left <= 0.0 {
                return waited;
            }
        }
        // No one waits: the bucket fills or drains as for any client. Those it refuses after
        // it empties (`net` a second for `refused / net` seconds) queue up from nothing.
        let refused = self.advance(d, left);
        if refused > 0.0 {
            waited += 0.5 * refused * refused / net;
            self.waiting = refused;
            self.peak_waiting = self.peak_waiting.max(refused);
        }
        waited
    }

    /// Tokens left: new connections that would be accepted at once.
    pub fn tokens(&self) -> f64 {
        self.tokens
    }

    /// Advance `dt_s` seconds in which clients want `wanted_per_s` new connections a second;
    /// returns the connections refused (`53400`) in that time.
    pub fn advance(&mut self, wanted_per_s: f64, dt_s: f64) -> f64 {
        let (d, dt) = (wanted_per_s.max(0.0), dt_s.max(0.0));
        let net = d - DSQL_NEW_CONNECTIONS_PER_S;
        if net <= 0.0 {
            self.tokens = (self.tokens - net * dt).min(DSQL_NEW_CONNECTIONS_BURST);
            return 0.0;
        }
        let t_empty = self.tokens / net;
        if t_empty >= dt {
            self.tokens -= net * dt;
            0.0
        } else {
            self.tokens = 0.0;
            net * (dt - t_empty)
        }
    }
}

/// Pooled clients short of open connections at one cluster after a jump in the connections
/// they want (see the module docs): the shortfall beyond the pools' slack, in connections,
/// is `g0 + slope · t` seconds after the jump.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PoolShortfall {
    g0: f64,
    slope: f64,
    hold_s: f64,
}

impl PoolShortfall {
    /// `bucket` as it is before `jump` connections are wanted at once; then the pools want
    /// `reopen_per_s` a second (their connections' reopenings) and hold `target` in all,
    /// of which the clients keep `in_flight` busy, each for `hold_s` seconds.
    pub(crate) fn new(bucket: &ConnectionBucket, jump: f64, reopen_per_s: f64, target: f64, in_flight: f64, hold_s: f64) -> Self {
        let (admitted, waiting) = bucket.after_jump(jump);
        let tokens_after = bucket.tokens - admitted;
        let slack = (target - in_flight).max(0.0);
        // With tokens left nobody waits until they run out: `U = max(0, waiting − tokens
        // + slope · t)` covers both cases, as a bucket holding tokens has no one waiting.
        PoolShortfall { g0: waiting - tokens_after - slack, slope: reopen_per_s.max(0.0) - DSQL_NEW_CONNECTIONS_PER_S, hold_s: hold_s.max(0.0) }
    }

    /// Seconds after the jump at which the shortfall crosses `level` connections, if it
    /// ever does after it.
    pub(crate) fn reaches(&self, level: f64) -> Option<f64> {
        let t = (level - self.g0) / self.slope;
        (self.slope != 0.0 && t.is_finite() && t > 0.0).then_some(t)
    }

    /// Requests that fail for want of a connection from `t0_s` to `t1_s` after the jump.
    pub(crate) fn lost(&self, t0_s: f64, t1_s: f64) -> f64 {
        if self.hold_s <= 0.0 || t1_s <= t0_s {
            return 0.0;
        }
        let g = |t: f64| self.g0 + self.slope * t;
        // Where the shortfall is positive: before its root when it falls, after when it rises.
        let (lo, hi) = match self.reaches(0.0) {
            Some(root) if self.slope < 0.0 => (t0_s, t1_s.min(root)),
            Some(root) => (t0_s.max(root), t1_s),
            None if self.g0 > 0.0 || self.slope > 0.0 => (t0_s, t1_s),
            None => return 0.0,
        };
        if hi <= lo {
            return 0.0;
        }
        (0.5 * (g(lo) + g(hi)) * (hi - lo) / self.hold_s).max(0.0)
    }
}

/// The transient after a sudden rise in load (an estimate, see the module docs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reconfiguration {
    /// Load (requests/s) the cluster is warmed for.
    warm_per_s: f64,
    /// Extra latency multiplier (above 1) when the transient started, and time since.
    extra_at_start: f64,
    since_s: f64,
}

impl Reconfiguration {
    /// A cluster warmed for `warm_per_s` requests per second.
    pub fn new(warm_per_s: f64) -> Self {
        Reconfiguration { warm_per_s: warm_per_s.max(0.0), extra_at_start: 0.0, since_s: 0.0 }
    }

    /// Latency multiplier right after a step from `from_per_s` to `to_per_s` (1 for a step
    /// below `dsql_spike_step_ratio`).
    pub fn step_multiplier(from_per_s: f64, to_per_s: f64, est: &Estimates) -> f64 {
        let s = est.dsql_spike_step_ratio.max(1.0);
        if from_per_s <= 0.0 || to_per_s < s * from_per_s {
            return 1.0;
        }
        let r = to_per_s / from_per_s;
        let span = (10.0 / s).ln();
        let fit = est.dsql_spike_latency_factor - 1.0;
        if span <= 0.0 {
            return 1.0 + fit;
        }
        1.0 + fit * (r / s).ln() / span
    }

    /// The latency multiplier now.
    pub fn multiplier(&self, est: &Estimates) -> f64 {
        1.0 + self.extra_at_start * (1.0 - self.since_s / est.dsql_reconfigure_s).max(0.0)
    }

    /// Load the cluster is warmed for.
    pub fn warm_per_s(&self) -> f64 {
        self.warm_per_s
    }

    /// Advance `dt_s` seconds at `rate_per_s`; returns the mean latency multiplier over them.
    /// A sudden rise starts (or restarts, if larger than what is left) a transient at the
    /// start of the interval.
    pub fn advance(&mut self, rate_per_s: f64, dt_s: f64, est: &Estimates) -> f64 {
        let rate = rate_per_s.max(0.0);
        let step = Self::step_multiplier(self.warm_per_s, rate, est) - 1.0;
        if step > 0.0 && step >= self.multiplier(est) - 1.0 {
            self.extra_at_start = step;
            self.since_s = 0.0;
        }
        self.warm_per_s = self.warm_per_s.max(rate);
        let dt = dt_s.max(0.0);
        let d = est.dsql_reconfigure_s;
        let (a, b) = (self.since_s, self.since_s + dt);
        // ∫ max(0, 1 − t/d) dt from a to b.
        let area = |t: f64| {
            let t = t.min(d);
            t - t * t / (2.0 * d)
        };
        let mean = if dt > 0.0 {
            1.0 + self.extra_at_start * (area(b) - area(a)) / dt
        } else {
            self.multiplier(est)
        };
        self.since_s = b;
        mean
    }
}
