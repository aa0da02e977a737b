//! Hot-row contention: what happens when many write transactions update the same row
//! (item), e.g. the stock count of the best-selling product in the order + inventory
//! transaction. Pure functions of the rate of write transactions touching the hot row
//! (`λ`, per second) and the time each keeps it (`w`); no simulation. Each database fails
//! differently:
//!
//! * **DynamoDB** (`TransactWriteItems`): an item that is part of an ongoing transaction
//!   rejects another transaction on it, which is cancelled (`TransactionCanceledException`,
//!   reason `TransactionConflict`). The AWS SDKs do **not** retry it (DOC,
//!   `transaction-apis.html`): the retries here are the application's, with the SDK's
//!   attempts and backoff ([`Estimates::sdk_max_attempts`], [`Estimates::sdk_base_delay_ms`]);
//!   `max_attempts = 1` is the SDK's own behaviour. A cancelled transaction still consumes
//!   its capacity (DOC, same page), 2 WCU per KB per item (prepare + commit), against the
//!   per-key ceiling of 1,000 WCU/s.
//! * **Aurora** (row locks): transactions on the hot row queue for its lock and run one at a
//!   time. The lock is held from the row's UPDATE to COMMIT: `hold = statements × client
//!   round trip + commit`, so one hot row serves at most `1 / hold` transactions per
//!   second. Below it the wait is the M/D/1 queue's; past it the queue grows until
//!   waiters give up at the lock wait timeout (`innodb_lock_wait_timeout`, 50 s, on MySQL;
//!   PostgreSQL's `lock_timeout` is off by default, so the client's timeout applies).
//! * **Aurora DSQL** (optimistic concurrency): no locks; a transaction whose row another
//!   transaction committed since its snapshot (taken at BEGIN) fails at COMMIT with SQLSTATE
//!   40001 (`OC000`), and the client retries: the application's loop, as PostgreSQL drivers
//!   do not retry it ([`Estimates::dsql_client_attempts`]). One hot row sustains `≈ 1 / w` commits per
//!   second, `w` the transaction's open time; for an autocommit UPDATE that is the commit
//!   latency (≈ 7 ms, ≈ 140/s measured, third party).
//!
//! # The conflict model (DynamoDB and DSQL)
//!
//! Attempts on the hot row arrive as a Poisson stream at rate `Λ` (first tries and retries;
//! retries after a jittered backoff are taken as Poisson too). DynamoDB: an attempt that
//! arrives while an accepted transaction holds the item is rejected, so the item is an
//! Erlang loss system with one server, and (insensitive to the distribution of `w`)
//!
//! ```text
//! P(conflict) = B = Λw / (1 + Λw)        successes/s = Λ / (1 + Λw) < 1 / w
//! ```
//!
//! DSQL gives the same formula by a renewal argument: after a successful commit at `t`,
//! every transaction that began before `t` and commits after it fails; the first one to
//! begin after `t` (on average `1/Λ` later) is the next to commit and succeeds, so
//! successes are `w + 1/Λ` apart. With `n` attempts per transaction the attempt rate is the
//! fixed point `Λ = λ·(1 + B + … + B^{n−1})`, found by iteration from `Λ = λ` (the sequence
//! rises to the least fixed point); the share of transactions cancelled after every
//! attempt is `B^n`, and the extra attempts are `Λ − λ`. Retry `i` waits a mean
//! `base · 2^i / 2` (full jitter), so the mean backoff per transaction is
//! `Σ_{i=1}^{n−1} B^i · base · 2^{i−1}`.
//!
//! # pgbench TPC-B (closed loop, checks DSQL against published runs)
//!
//! `N` clients each run one transaction after another (open time `T`, the mean latency
//! including failures, no think time, no retries); each updates one of `B` rows chosen
//! uniformly. Per row, attempts begin at `a = N / (T·B)` and the conflict window is `w = T`
//! (snapshot at BEGIN), a client never conflicting with itself, so `aw = (N − 1)/B` and
//!
//! ```text
//! failed share = (N − 1)/B / (1 + (N − 1)/B)        TPS = N/T · (1 − failed share)
//! ```
//!
//! 100 clients give 99.0 % failed on one row (published 98.97 %), 49.7 % on 100 rows
//! (50.2 %) and 0.001 % on 10 M rows (0.001 %). The failure share does not depend on `T`;
//! TPS does, and under contention the published latency rose from 17 ms (one client) to
//! 67–89 ms, which this model does not predict: it takes `T` as an input.
//!
//! Sources: facts sheet A1 (transactions) and A3 (per-partition 1,000 WCU), the December
//! 2026 addendum §1 (DSQL), [`crate::model::facts`] (the hot-row block at the end).
//! Every function returns finite numbers for any input: rates and durations that are zero,
//! negative, NaN or infinite are taken as zero (rates) or clamped (durations).

use crate::model::dsql::config::Topology;
use crate::model::estimates::Estimates;
use crate::model::facts::{
    AURORA_MYSQL_LOCK_WAIT_TIMEOUT_S, DDB_CANCELLED_TRANSACTION_CAPACITY_SHARE,
    DDB_PARTITION_MAX_WCU, DDB_TRANSACTION_FACTOR, DDB_WRITE_UNIT_BYTES,
};
use crate::model::workload::Workload;
use serde::Serialize;

/// Shortest duration the models use, ms: a zero hold or window is taken as this (a
/// microsecond), so `1 / w` stays finite.
pub const MIN_DURATION_MS: f64 = 1e-3;
/// Longest duration the models use, ms (a day).
pub const MAX_DURATION_MS: f64 = 86_400_000.0;
/// Largest rate the models use, per second.
pub const MAX_RATE_PER_S: f64 = 1e12;

fn rate(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        0.0
    } else {
        x.min(MAX_RATE_PER_S)
    }
}

fn duration_ms(x: f64) -> f64 {
    if x.is_nan() {
        MIN_DURATION_MS
    } else {
        x.clamp(MIN_DURATION_MS, MAX_DURATION_MS)
    }
}

fn attempts(n: u32) -> u32 {
    n.clamp(1, 100)
}

/// `x / (1 + x)` for `x ≥ 0`, finite for any input.
fn loss(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        0.0
    } else if x.is_infinite() {
        1.0
    } else {
        x / (1.0 + x)
    }
}

/// `1 + b + … + b^{n−1}`.
fn geometric(b: f64, n: u32) -> f64 {
    (0..n).map(|i| b.powi(i as i32)).sum()
}

/// The retried Erlang-loss fixed point: offered `lambda` transactions/s, window `w_s`
/// seconds, `n` attempts each. Returns (attempts/s, per-attempt conflict probability).
fn retried_loss(lambda: f64, w_s: f64, n: u32) -> (f64, f64) {
    let mut total = lambda;
    let mut b = loss(total * w_s);
    for _ in 0..10_000 {
        let next = lambda * geometric(b, n);
        let next_b = loss(next * w_s);
        let done = (next - total).abs() <= 1e-12 * next.max(1e-300);
        total = next;
        b = next_b;
        if done {
            break;
        }
    }
    (total, b)
}

/// Mean backoff a transaction waits over its retries, ms: retry `i` (taken with probability
/// `b^i`) waits `base · 2^i / 2` on average (full jitter).
fn mean_backoff_ms(b: f64, n: u32, base_delay_ms: f64) -> f64 {
    let base = if base_delay_ms.is_nan() { 0.0 } else { base_delay_ms.clamp(0.0, MAX_DURATION_MS) };
    (1..n).map(|i| b.powi(i as i32) * base * 2f64.powi(i as i32 - 1)).sum()
}

/// DynamoDB `TransactWriteItems` on one hot item.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DynamoHotItem {
    /// Transactions per second clients want to commit on the hot item.
    pub offered_per_s: f64,
    /// Attempts per second reaching the item, retries included.
    pub attempts_per_s: f64,
    /// Retries per second (`attempts_per_s − offered_per_s`).
    pub extra_attempts_per_s: f64,
    /// Probability that one attempt is cancelled with `TransactionConflict`.
    pub conflict_share: f64,
    /// Share of transactions cancelled after every attempt, 0–1.
    pub cancelled_share: f64,
    /// Write units per second the hot item consumes: every attempt, cancelled or not.
    pub hot_item_wcu_per_s: f64,
    /// Write units of one transactional write of the hot item (2 per KB).
    pub wcu_per_attempt: f64,
    /// Attempts per second the per-key 1,000 WCU allows.
    pub key_ceiling_per_s: f64,
    /// Share of attempts above the per-key ceiling (throttled), 0–1.
    pub throttled_share: f64,
    /// Transactions per second that commit.
    pub served_per_s: f64,
    /// Most commits per second the item allows by conflicts alone (`1 / w`).
    pub conflict_ceiling_per_s: f64,
    /// Mean backoff a transaction spends between its attempts, ms.
    pub mean_backoff_ms: f64,
}

/// DynamoDB: `hot_tx_per_s` transactions on one item, each holding it `item_hold_ms`
/// (prepare to commit), writing `item_bytes` to it, retried up to `max_attempts` attempts
/// in all with exponential backoff from `base_delay_ms` (see the module docs).
pub fn dynamodb_hot_item(
    hot_tx_per_s: f64,
    item_hold_ms: f64,
    item_bytes: u64,
    max_attempts: u32,
    base_delay_ms: f64,
) -> DynamoHotItem {
    let lambda = rate(hot_tx_per_s);
    let w_s = duration_ms(item_hold_ms) / 1000.0;
    let n = attempts(max_attempts);
    let (total, b) = retried_loss(lambda, w_s, n);
    let units = item_bytes.max(1).div_ceil(DDB_WRITE_UNIT_BYTES) as f64;
    let wcu_per_attempt = DDB_TRANSACTION_FACTOR * units;
    // Cancelled attempts consume their capacity as well (DOC).
    let consumed_per_attempt = wcu_per_attempt * DDB_CANCELLED_TRANSACTION_CAPACITY_SHARE;
    let key_ceiling_per_s = DDB_PARTITION_MAX_WCU / consumed_per_attempt;
    let throttled_share = if total > key_ceiling_per_s { 1.0 - key_ceiling_per_s / total } else { 0.0 };
    let cancelled_share = if lambda > 0.0 { b.powi(n as i32) } else { 0.0 };
    let committed = lambda * (1.0 - cancelled_share);
    DynamoHotItem {
        offered_per_s: lambda,
        attempts_per_s: total,
        extra_attempts_per_s: (total - lambda).max(0.0),
        conflict_share: b,
        cancelled_share,
        hot_item_wcu_per_s: total * consumed_per_attempt,
        wcu_per_attempt,
        key_ceiling_per_s,
        throttled_share,
        served_per_s: committed * (1.0 - throttled_share),
        conflict_ceiling_per_s: 1.0 / w_s,
        mean_backoff_ms: mean_backoff_ms(b, n, base_delay_ms),
    }
}

/// [`dynamodb_hot_item`] for a workload: its hot-row write rate, item size, the
/// TransactWriteItems p50 as the hold, and the SDK retry policy.
pub fn dynamodb_for(w: &Workload, e: &Estimates) -> DynamoHotItem {
    dynamodb_hot_item(w.hot_writes_per_s(), e.ddb_transaction_p50_ms, w.item_bytes(), e.sdk_max_attempts, e.sdk_base_delay_ms)
}

/// Aurora: transactions queued on one hot row's lock.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuroraHotRow {
    pub offered_per_s: f64,
    /// How long one transaction holds the row lock, ms.
    pub lock_hold_ms: f64,
    /// Most transactions per second the row serves (`1 / hold`).
    pub ceiling_per_s: f64,
    /// `offered / ceiling` (may exceed 1).
    pub utilisation: f64,
    /// Transactions per second that get the lock and commit.
    pub served_per_s: f64,
    /// Mean wait for the lock, ms (at most the timeout).
    pub lock_wait_mean_ms: f64,
    /// 99th percentile of the wait for the lock, ms (at most the timeout).
    pub lock_wait_p99_ms: f64,
    /// Share of transactions that give up at the lock wait timeout, 0–1.
    pub timed_out_share: f64,
    /// The lock wait timeout used, ms.
    pub lock_wait_timeout_ms: f64,
}

/// `ρ(e^x − 1) = x` for `x > 0` (`x = γD`, the M/D/1 tail's decay rate times the service
/// time), `0 < ρ < 1`, by bisection.
fn md1_decay(rho: f64) -> f64 {
    let g = |x: f64| rho * (x.exp_m1()) - x;
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    while g(hi) <= 0.0 && hi < 700.0 {
        lo = hi;
        hi *= 2.0;
    }
    // g < 0 just above 0 (g'(0) = ρ − 1 < 0), and g(hi) > 0.
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if g(mid) > 0.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Aurora: `hot_tx_per_s` transactions on one row, each holding its lock
/// `statements × round_trip_ms + commit_ms`, waiters giving up after
/// `lock_wait_timeout_ms`.
///
/// Below the ceiling the wait is the M/D/1 queue's: mean `ρD / (2(1 − ρ))`; the tail
/// `P(W > t) ≈ min(ρ, C·e^{−γt})` (Cramér–Lundberg: `ρ(e^{γD} − 1) = γD`,
/// `C = (1 − ρ)/(γD + ρ − 1)`), which gives the p99 and the (tiny) share past the timeout.
/// At or past it the lock is never free: the row serves `1 / hold`, the rest time out
/// (`1 − ceiling / offered`), and the queue holds waits up to the timeout.
pub fn aurora_hot_row(
    hot_tx_per_s: f64,
    statements: f64,
    round_trip_ms: f64,
    commit_ms: f64,
    lock_wait_timeout_ms: f64,
) -> AuroraHotRow {
    let lambda = rate(hot_tx_per_s);
    let statements = if statements.is_finite() { statements.clamp(0.0, 1e6) } else { 1.0 };
    let rtt = if round_trip_ms.is_finite() { round_trip_ms.max(0.0) } else { 0.0 };
    let commit = if commit_ms.is_finite() { commit_ms.max(0.0) } else { 0.0 };
    let hold = duration_ms(statements * rtt + commit);
    let tau = if lock_wait_timeout_ms.is_nan() || lock_wait_timeout_ms <= 0.0 {
        MAX_DURATION_MS
    } else {
        lock_wait_timeout_ms.min(MAX_DURATION_MS)
    };
    let ceiling = 1000.0 / hold;
    let rho = lambda / ceiling;
    let (served, mean, p99, timed_out) = if lambda <= 0.0 {
        (0.0, 0.0, 0.0, 0.0)
    } else if rho < 1.0 {
        let x = md1_decay(rho);
        let gamma = x / hold; // per ms
        let c = ((1.0 - rho) / (x + rho - 1.0)).max(0.0);
        let tail = |t: f64| rho.min(c * (-gamma * t).exp());
        let timed_out = tail(tau).clamp(0.0, 1.0);
        let mean = (rho * hold / (2.0 * (1.0 - rho))).min(tau);
        let p99 = if rho <= 0.01 {
            0.0
        } else {
            (((rho.min(c)) / 0.01).ln() / gamma).clamp(0.0, tau)
        };
        (lambda * (1.0 - timed_out), mean, p99, timed_out)
    } else {
        (ceiling, tau, tau, 1.0 - ceiling / lambda)
    };
    AuroraHotRow {
        offered_per_s: lambda,
        lock_hold_ms: hold,
        ceiling_per_s: ceiling,
        utilisation: rho,
        served_per_s: served.min(ceiling),
        lock_wait_mean_ms: mean,
        lock_wait_p99_ms: p99,
        timed_out_share: timed_out.clamp(0.0, 1.0),
        lock_wait_timeout_ms: tau,
    }
}

/// [`aurora_hot_row`] for a workload: its hot-row write rate and statements per
/// transaction, the client round trip and commit estimates, and Aurora MySQL's default
/// `innodb_lock_wait_timeout` (50 s).
pub fn aurora_for(w: &Workload, e: &Estimates) -> AuroraHotRow {
    aurora_hot_row(
        w.hot_writes_per_s(),
        w.statements_per_transaction(),
        e.aurora_network_ms,
        e.aurora_commit_ms,
        AURORA_MYSQL_LOCK_WAIT_TIMEOUT_S * 1000.0,
    )
}

/// Aurora DSQL: optimistic transactions on one hot row, retried by the client.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DsqlHotRow {
    pub offered_per_s: f64,
    /// How long a transaction is open (snapshot to commit), ms.
    pub window_ms: f64,
    /// Most commits per second the row sustains (`1 / window`).
    pub ceiling_per_s: f64,
    /// Without retries: the share of transactions aborted at COMMIT (SQLSTATE 40001,
    /// `OC000`), and the commits per second.
    pub abort_share_without_retries: f64,
    pub served_per_s_without_retries: f64,
    /// With retries: attempts per second, the retries among them, the share of attempts
    /// aborted, and the share of transactions that fail every attempt.
    pub attempts_per_s: f64,
    pub extra_attempts_per_s: f64,
    pub abort_share_per_attempt: f64,
    pub failed_share: f64,
    /// Transactions per second that commit, with retries.
    pub served_per_s: f64,
    /// Mean backoff a transaction spends between its attempts, ms.
    pub mean_backoff_ms: f64,
}

/// A DSQL transaction's conflict window: open from BEGIN (the snapshot) to the end of its
/// COMMIT, `statements × round_trip_ms + commit_ms`. An autocommit statement is
/// `commit_ms` alone (its round trip is inside the measured commit).
pub fn dsql_window_ms(statements: f64, round_trip_ms: f64, commit_ms: f64) -> f64 {
    let s = if statements.is_finite() { statements.clamp(0.0, 1e6) } else { 0.0 };
    let rtt = if round_trip_ms.is_finite() { round_trip_ms.max(0.0) } else { 0.0 };
    let commit = if commit_ms.is_finite() { commit_ms.max(0.0) } else { 0.0 };
    duration_ms(s * rtt + commit)
}

/// DSQL: `hot_tx_per_s` transactions on one row, each open `window_ms`, retried up to
/// `max_attempts` attempts in all (see the module docs).
pub fn dsql_hot_row(hot_tx_per_s: f64, window_ms: f64, max_attempts: u32, base_delay_ms: f64) -> DsqlHotRow {
    let lambda = rate(hot_tx_per_s);
    let w_ms = duration_ms(window_ms);
    let w_s = w_ms / 1000.0;
    let n = attempts(max_attempts);
    let single = loss(lambda * w_s);
    let (total, b) = retried_loss(lambda, w_s, n);
    let failed = if lambda > 0.0 { b.powi(n as i32) } else { 0.0 };
    DsqlHotRow {
        offered_per_s: lambda,
        window_ms: w_ms,
        ceiling_per_s: 1.0 / w_s,
        abort_share_without_retries: single,
        served_per_s_without_retries: lambda * (1.0 - single),
        attempts_per_s: total,
        extra_attempts_per_s: (total - lambda).max(0.0),
        abort_share_per_attempt: b,
        failed_share: failed,
        served_per_s: lambda * (1.0 - failed),
        mean_backoff_ms: mean_backoff_ms(b, n, base_delay_ms),
    }
}

/// [`dsql_hot_row`] for a workload on a cluster of `topology`: its hot-row write rate and
/// statements per transaction, the DSQL round trip and the commit (a multi-Region commit
/// waits one inter-Region round trip more, so the row stays claimed longer), and the
/// application's attempts with the SDK's backoff base.
pub fn dsql_for(w: &Workload, e: &Estimates, topology: Topology) -> DsqlHotRow {
    dsql_at(w, e, topology, w.hot_writes_per_s())
}

/// [`dsql_for`] at `hot_tx_per_s` hot transactions a second (a run asks it piece by piece).
pub fn dsql_at(w: &Workload, e: &Estimates, topology: Topology, hot_tx_per_s: f64) -> DsqlHotRow {
    let window = dsql_window_ms(w.statements_per_transaction(), e.dsql_client_round_trip_ms, topology.write_commit_ms(e));
    dsql_hot_row(hot_tx_per_s, window, e.dsql_client_attempts, e.sdk_base_delay_ms)
}

/// A closed-loop pgbench run on DSQL.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pgbench {
    /// Transactions begun per second (successes and failures).
    pub attempts_per_s: f64,
    /// Successful transactions per second (pgbench's `tps`).
    pub tps: f64,
    /// Share of transactions that fail (pgbench's "failed transactions"), 0–1.
    pub failed_share: f64,
}

/// pgbench TPC-B on DSQL without retries: `clients` clients, each transaction updating one
/// of `rows` rows uniformly and open `transaction_ms` (the mean latency including
/// failures). See the module docs.
pub fn pgbench_tpcb(clients: f64, rows: f64, transaction_ms: f64) -> Pgbench {
    let n = if clients.is_finite() { clients.clamp(0.0, MAX_RATE_PER_S) } else { 0.0 };
    let rows = if rows.is_finite() { rows.clamp(1.0, 1e15) } else { 1.0 };
    let t_s = duration_ms(transaction_ms) / 1000.0;
    let attempts_per_s = n / t_s;
    let failed = loss((n - 1.0).max(0.0) / rows);
    Pgbench { attempts_per_s, tps: attempts_per_s * (1.0 - failed), failed_share: failed }
}
