//! Hot-row contention in the run ([`crate::model::contention`]): with `workload.hot_item`
//! set, the share of write transactions that touch the single hottest row meets each
//! database's rule piece by piece, at the piece's own write rate, so a flash sale's peak
//! conflicts where its trough does not. Each database loses them under its own name in the
//! ledger (`TransactionConflict`, a lock wait time-out, `OC000`) and the narration says when
//! it starts and stops. Without `hot_item` nothing here runs and nothing changes.
//!
//! What is lost is the hot transactions that fail after retries (DynamoDB: the
//! application's, as the SDKs do not retry a cancelled transaction; DSQL: the client's; Aurora:
//! none, the lock waits instead), never more than the database served otherwise.
//!
//! The retries are billed: each side prices them ([`HotRows::billed_per_s`]; a cancelled
//! DynamoDB transaction consumes its capacity, DOC; an aborted DSQL attempt used its reads
//! and its query processor, INF) and takes off what a failed transaction never wrote.

use super::events::{Episode, EventKind, Journal};
use super::ledger::{Database, LossCause};
use super::pieces::Pieces;
use crate::format::{percent, si};
use crate::model::aurora::config::Engine;
use crate::model::contention::{aurora_hot_row, dsql_at, dynamodb_hot_item};
use crate::model::facts::AURORA_MYSQL_LOCK_WAIT_TIMEOUT_S;
use crate::model::scenario::Scenario;
use crate::model::workload::QueryKind;

/// A hot-row failure share above this is told.
const TOLD_SHARE: f64 = 0.01;

pub(super) struct HotRows {
    share: f64,
    told: [Episode; Database::ALL.len()],
    /// The last step's pieces: (attempts billed a second beyond one per transaction, which
    /// is negative where DynamoDB's item throttles, failed transactions a second, length s).
    by_piece: Vec<(f64, f64, f64)>,
}

/// What contention cost one database over a step.
pub(super) struct HotLoss {
    pub cause: LossCause,
    /// Requests lost per second, the step's time-weighted mean.
    pub lost_per_s: f64,
    /// Seconds of the step in which over 0.1 % of all requests failed to it.
    pub failing_s: f64,
    /// The share of the hot row's failures that were not failed first by another cause
    /// (the cap by what was served): the retries are kept in the same proportion.
    kept: f64,
}

impl HotLoss {
    /// Book it into a step: the ledger, the failed and served rates, the failing seconds
    /// (never more than the step); returns the requests lost per second.
    pub(super) fn book(&self, lost: &mut super::ledger::Ledger, failed_rps: &mut f64, served_rps: &mut f64, failing_s: &mut f64, dt: f64) -> f64 {
        lost.add(self.cause, self.lost_per_s);
        *failed_rps += self.lost_per_s;
        *served_rps -= self.lost_per_s;
        *failing_s = (*failing_s + self.failing_s).min(dt);
        self.lost_per_s
    }
}

impl HotRows {
    /// `None` without `workload.hot_item`.
    pub(super) fn new(s: &Scenario) -> Option<HotRows> {
        s.workload.hot_item.as_ref().map(|_| HotRows { share: s.workload.hot_share(), told: Default::default(), by_piece: Vec::new() })
    }

    /// Of `hot_per_s` hot transactions a second, the share that `db` fails and the
    /// attempts per transaction it bills (1 without retries). DynamoDB bills no attempt the
    /// item's 1,000 WCU a second throttles (a throttled request consumes nothing), so past
    /// that ceiling it bills fewer attempts than there are transactions. The failures are
    /// all booked as conflicts: the item commits at most `1 / hold` a second (71 at the
    /// 14 ms default) whichever error turns the others away, and which one a failed
    /// transaction met last is not told apart.
    fn outcome(&self, s: &Scenario, db: Database, hot_per_s: f64) -> (f64, f64) {
        let (w, e) = (&s.workload, &s.estimates);
        let per_transaction = |attempts_per_s: f64, offered_per_s: f64| if offered_per_s > 0.0 { attempts_per_s / offered_per_s } else { 1.0 };
        let (share, attempts) = match db {
            // Without transactions a write is a PutItem: the last writer wins, nothing conflicts.
            Database::Dynamodb if w.query != QueryKind::Transaction => (0.0, 1.0),
            Database::Dynamodb => {
                let x = dynamodb_hot_item(hot_per_s, e.ddb_transaction_p50_ms, w.item_bytes(), e.sdk_max_attempts, e.sdk_base_delay_ms);
                (x.cancelled_share, per_transaction(x.attempts_per_s.min(x.key_ceiling_per_s), x.offered_per_s))
            }
            Database::Aurora => {
                let timeout_ms = match s.aurora.engine {
                    Engine::Mysql => AURORA_MYSQL_LOCK_WAIT_TIMEOUT_S * 1000.0,
                    // PostgreSQL's lock_timeout is off by default: the client gives up first.
                    Engine::Postgresql => e.client_timeout_ms,
                };
                (aurora_hot_row(hot_per_s, w.statements_per_transaction(), e.aurora_network_ms, e.aurora_commit_ms, timeout_ms).timed_out_share, 1.0)
            }
            Database::Dsql => {
                let x = dsql_at(w, e, s.dsql.topology, hot_per_s);
                (x.failed_share, per_transaction(x.attempts_per_s, x.offered_per_s))
            }
        };
        let share = if share.is_finite() { share.clamp(0.0, 1.0) } else { 0.0 };
        let attempts = if attempts.is_finite() { attempts.max(0.0) } else { 1.0 };
        (share, attempts)
    }

    /// `db`'s contention losses over the step `[t0, t0 + dt)` cut into `pieces`; `served_per_s`
    /// caps them (a request already lost is not lost twice).
    pub(super) fn step(&mut self, s: &Scenario, db: Database, t0: f64, dt: f64, pieces: &Pieces, served_per_s: f64, journal: &mut Journal) -> HotLoss {
        let (mut lost, mut failing_s, mut worst) = (0.0, 0.0, 0.0f64);
        self.by_piece.clear();
        for p in &pieces.pieces {
            let hot = p.writes * self.share;
            if hot <= 0.0 {
                self.by_piece.push((0.0, 0.0, p.length_s));
                continue;
            }
            let (failed_share, attempts) = self.outcome(s, db, hot);
            self.by_piece.push((hot * (attempts - 1.0), hot * failed_share, p.length_s));
            lost += hot * failed_share * p.length_s / dt;
            if p.rate > 0.0 && hot * failed_share / p.rate > super::output::FAILING_SHARE {
                failing_s += p.length_s;
            }
            worst = worst.max(failed_share);
        }
        let cause = match db {
            Database::Dynamodb => LossCause::DynamoTransactionConflict,
            Database::Aurora => LossCause::AuroraLockWaitTimeout,
            Database::Dsql => LossCause::DsqlOccAbort,
        };
        let episode = &mut self.told[db as usize];
        if let Some((started, at)) = episode.feed(t0, t0 + dt, worst > TOLD_SHARE) {
            let text = if !started {
                format!("the hot row's transactions go through again after {}", super::duration_words(at - episode.since_s))
            } else {
                let what = match db {
                    Database::Dynamodb => "are cancelled (TransactionConflict) after retries",
                    Database::Aurora => "time out waiting for the row lock",
                    Database::Dsql => "abort at commit (OC000) after retries",
                };
                format!("{} of the transactions on the hot row {what}: {} a second touch it", percent(worst), si(pieces.pieces.iter().map(|p| p.writes * self.share).fold(0.0, f64::max)))
            };
            journal.push(at, db, if started { EventKind::FailingStarted } else { EventKind::FailingEnded }, text);
        }
        let lost_per_s = lost.min(served_per_s.max(0.0));
        HotLoss { cause, lost_per_s, failing_s, kept: if lost > 0.0 { lost_per_s / lost } else { 1.0 } }
    }

    /// What the last step's retries and failures on the hot row change in `db`'s bill, per
    /// second of the step: `price(i)` gives, for piece `i`, the cost of one retry and the
    /// change in cost of one transaction that failed every attempt (it was billed as
    /// served). Priced piece by piece, so any step size gives the same bill; what another
    /// cause failed first never reached the row, so its retries are not billed either.
    pub(super) fn billed_per_s(&self, loss: &HotLoss, dt: f64, price: impl Fn(usize) -> (f64, f64)) -> f64 {
        let usd: f64 = self.by_piece.iter().enumerate().map(|(i, &(retries, failed, len_s))| {
            let (per_retry, per_failed) = price(i);
            (retries * per_retry + failed * per_failed) * len_s
        }).sum();
        if dt > 0.0 { usd * loss.kept / dt } else { 0.0 }
    }
}
