//! Aurora's side of a step: each piece of traffic through the faults, Serverless v2 (or a
//! provisioned class) over simulated time ([`super::aurora_capacity`]), the M/M/c+D model at
//! each capacity the piece goes through, the backlog carried from piece to piece, losses by
//! cause, cost, and the moments worth narrating. The pieces of a step are summed into one
//! record, booked once per step.

use super::aurora_capacity::{AcuPiece, AuroraCapacity, Backlog, Phase};
use super::aurora_table::{AuroraPoint, AuroraTable};
use super::events::{Episode, EventKind, Journal};
use super::ledger::{Database, Ledger, LossCause};
use super::output::{self, AuroraAccumulator, AuroraStep, StepCost, Totals};
use super::acu_story::AcuStory;
use super::pieces::{Pieces, TrafficPiece};
use crate::model::faults::StepFaults;
use super::{duration_words, rejected_attempts_per_request, MONTH_S, P99_STEEP};
use crate::format::{percent, si};
use crate::model::aurora::{settled_acu, AuroraModel, Sizing};
use crate::model::facts::AURORA_ACU_STEP;
use crate::model::scenario::Scenario;

pub(super) struct AuroraSide {
    pub(super) model: AuroraModel,
    pub(super) capacity: AuroraCapacity,
    pub(super) class: Option<(f64, f64)>,
    pub(super) backlog: Backlog,
    /// Aurora's answers on a grid of rates (rough traffic asks for a new rate every piece).
    pub(super) table: AuroraTable,
    pub(super) pieces: Vec<AcuPiece>,
    pub(super) acc: AuroraAccumulator,
    pub(super) totals: Totals,
    // Narration.
    pub(super) failing: Episode,
    pub(super) saturated: Episode,
    /// The writer's scaling, told as stories.
    pub(super) acu_story: AcuStory,
}

/// A step's pieces, summed: the time-weighted record (p99 the worst), losses per second,
/// costs, failing seconds, rejected attempts, the worst p99 and the writer's highest ACU.
struct StepSums {
    record: AuroraStep,
    lost: Ledger,
    cost: StepCost,
    failing_s: f64,
    rejected: f64,
    p99_ms: f64,
    peak_writer_acu: f64,
}

impl Default for StepSums {
    fn default() -> Self {
        let lost = Ledger::new(Database::Aurora);
        StepSums { record: AuroraStep::default(), lost, cost: StepCost::default(), failing_s: 0.0, rejected: 0.0, p99_ms: 0.0, peak_writer_acu: 0.0 }
    }
}

impl AuroraSide {
    /// One step of Aurora over its pieces: `(what to record, requests lost per second by
    /// cause, cost USD)`. Each piece is judged on its own; the step books their sum once.
    pub(super) fn step(&mut self, s: &Scenario, dt: f64, pieces: &Pieces, journal: &mut Journal, hot: Option<&mut super::hot_rows::HotRows>) -> (AuroraStep, Ledger, f64) {
        let mut step = StepSums::default();
        for p in &pieces.pieces {
            self.piece(s, p, pieces.faults(p), dt, &mut step, journal);
        }
        let StepSums { mut record, mut lost, cost: bill, mut failing_s, mut rejected, p99_ms, peak_writer_acu } = step;
        if let Some(hot) = hot {
            let t0 = pieces.pieces.first().map_or(0.0, |p| p.start_s);
            let x = hot.step(s, Database::Aurora, t0, dt, pieces, record.served_rps, journal);
            rejected += x.book(&mut lost, &mut record.failed_rps, &mut record.served_rps, &mut failing_s, dt) * dt;
        }
        record.p99_ms = p99_ms;
        let cost = bill.total_usd();
        self.acc.add(&record, &lost, cost, dt);
        self.totals.add(dt, record.offered_rps, &lost, failing_s, rejected / dt, p99_ms, peak_writer_acu, &bill);
        (record, lost, cost)
    }

    /// One piece of a step, added into `step` (of `step_dt` seconds).
    fn piece(&mut self, s: &Scenario, p: &TrafficPiece, fx: &StepFaults, step_dt: f64, step: &mut StepSums, journal: &mut Journal) {
        let (t0, dt, rate, (reads, writes), (rate_start, rate_end)) = (p.start_s, p.length_s, p.rate, (p.reads, p.writes), p.rate_ends);
        let cfg = &s.aurora;
        let est = &*cfg.effective_estimates(&s.estimates);
        let mut lost = Ledger::new(Database::Aurora);
        // What faults fail first (a failover, a lost Region), by their own causes; the rest
        // reaches the cluster, with the readers that are up.
        let (reads, writes) = if p.faulted.is_some() {
            let (reads, writes, _) = lost.book_faults(&fx.aurora, reads, writes, 1.0);
            (reads, writes)
        } else {
            (reads, writes)
        };
        let arriving = reads + writes;
        let readers = fx.aurora_readers(self.model.readers());
        let (need_writer, need_reader) = self.model.demand_vcpu_rw(reads, writes, readers[0].0);
        self.pieces.clear();
        // Need is linear in the rate: on a ramp it moves from the piece's start to its end.
        let need_at = |r: f64| if rate > 0.0 { (need_writer * r / rate, need_reader * r / rate) } else { (need_writer, need_reader) };
        self.capacity.advance(t0, dt, [need_at(rate_start), need_at(rate_end)], arriving > 0.0, cfg, est, &mut self.pieces);
        let class = self.class;
        let vcpu = move |acu: f64| match class {
            Some((_, vcpu)) => vcpu,
            None => acu * est.aurora_vcpu_per_acu,
        };
        let timeout_ms = est.client_timeout_ms;
        let (mut writer_acu_s, mut reader_acu_s, mut utilisation_s, mut served_s) = (0.0, 0.0, 0.0, 0.0);
        let (mut p50_ms_s, mut p99) = (0.0, 0.0f64);
        let mut bill = StepCost::default();
        let mut peak_writer_acu = 0.0f64;
        let fault_share = if rate > 0.0 { lost.total() / rate } else { 0.0 };
        let mut failing_s = if fault_share > output::FAILING_SHARE { dt } else { 0.0 };
        let mut refused_share = 0.0;
        // Each piece of the step has its own capacity: its own time-outs, latency and bill.
        // The step's p50 is their time-weighted mean and its p99 the worst of them, as a
        // bucket of steps keeps them, so a longer step tells the same story.
        for piece in &self.pieces {
            let len = piece.length_s;
            peak_writer_acu = peak_writer_acu.max(piece.writer_acu);
            writer_acu_s += piece.writer_acu * len;
            reader_acu_s += piece.reader_acu * len;
            if piece.phase == Phase::Paused {
                bill.storage_usd += self.model.at(0.0, Sizing::Current { writer_acu: AURORA_ACU_STEP, reader_acu: AURORA_ACU_STEP }).cost.storage_usd * len / MONTH_S;
                self.backlog.advance(0.0, 0.0, len, timeout_ms / 1000.0);
                continue;
            }
            let acu = (piece.writer_acu, piece.reader_acu);
            let au = self.table.at(&self.model, reads, writes, readers[0].0, acu);
            // With a reader lost for part of the piece, the readers up lie between two whole
            // counts: weigh both.
            let other = (readers[1].1 > 0.0).then(|| self.table.at(&self.model, reads, writes, readers[1].0, acu));
            let weigh = |f: &dyn Fn(&AuroraPoint) -> f64| f(&au) * readers[0].1 + other.as_ref().map_or(0.0, |o| f(o) * readers[1].1);
            bill.capacity_usd += weigh(&|a| a.capacity_usd) * len / MONTH_S;
            self.totals.eligible.add(piece.start_s, len, weigh(&|a| a.compute_usd) * len / MONTH_S);
            bill.storage_usd += weigh(&|a| a.storage_usd) * len / MONTH_S;
            bill.backup_usd += weigh(&|a| a.backup_usd) * len / MONTH_S;
            bill.transfer_usd += weigh(&|a| a.transfer_usd) * len / MONTH_S;
            served_s += len;
            let (p50_piece, p99_piece) = match piece.phase {
                Phase::Running => {
                    let share = if rate > 0.0 { weigh(&|a| a.lost_total()) / rate } else { 0.0 };
                    if share > output::FAILING_SHARE && failing_s < dt {
                        failing_s += len;
                    }
                    lost.add(LossCause::WriterTimeout, weigh(&|a| a.writer_timeouts) * len / dt);
                    lost.add(LossCause::ReaderTimeout, weigh(&|a| a.reader_timeouts) * len / dt);
                    lost.add(LossCause::ConnectionRefused, weigh(&|a| a.connections_refused) * len / dt);
                    refused_share = self.model.connection_error_share(rate);
                    bill.io_usd += weigh(&|a| a.io_usd) * len / MONTH_S;
                    utilisation_s += weigh(&|a| a.writer_utilisation) * len;
                    let rho = |need: f64, acu: f64| need / vcpu(acu).max(1e-9);
                    let stretch = self.backlog.advance(rho(need_writer, piece.writer_acu), rho(need_reader, piece.reader_acu), len, timeout_ms / 1000.0);
                    // Every request waits for the work queued before it: the traffic-weighted
                    // mean queue for p50, the longest for p99.
                    let (writer_rps, reader_rps) = (au.writer_rps, au.readers_rps);
                    let mean_wait_s = if writer_rps + reader_rps > 0.0 {
                        (stretch.writer_wait_s_s * writer_rps + stretch.reader_wait_s_s * reader_rps) / (writer_rps + reader_rps) / len
                    } else {
                        0.0
                    };
                    let peak_wait_s = stretch.writer_peak_s.max(if reader_rps > 0.0 { stretch.reader_peak_s } else { 0.0 });
                    // Near saturation p99 is steep: judged at the stretch's mean rate it
                    // would depend on where the step's pieces end. The highest rate the
                    // stretch reaches is the same whatever the step. Away from saturation
                    // the mean rate's p99 is within P99_STEEP of it (a queue's p99 moves
                    // by about 1/(1 - utilisation) times the rate's move), and the second
                    // evaluation is skipped: it is most of the engine's time.
                    let rate_at = |t: f64| rate_start + (rate_end - rate_start) * ((t - t0) / dt).clamp(0.0, 1.0);
                    let peak = rate_at(piece.start_s).max(rate_at(piece.start_s + len));
                    let busiest = au.writer_utilisation.max(au.reader_utilisation) * peak / rate.max(1e-12);
                    // A p99 already at the client timeout is there at any higher rate too.
                    let steep = au.p99_ms < timeout_ms && (busiest >= 1.0 || (peak / rate.max(1e-12) - 1.0) / (1.0 - busiest) > P99_STEEP);
                    let at_peak = (rate > 0.0 && peak > rate * (1.0 + 1e-9) && steep).then(|| {
                        let k = peak / rate;
                        self.table.at(&self.model, reads * k, writes * k, readers[0].0, acu).p99_ms
                    });
                    let worst_p99 = au.p99_ms.max(other.as_ref().map_or(0.0, |o| o.p99_ms)).max(at_peak.unwrap_or(0.0));
                    (weigh(&|a| a.p50_ms) + mean_wait_s * 1000.0, worst_p99 + peak_wait_s * 1000.0)
                }
                Phase::Resuming { until_s } => {
                    // Arrivals at t wait until the resume ends (uniform over the piece); past
                    // the client timeout they fail.
                    let fail_until = (until_s - timeout_ms / 1000.0).clamp(piece.start_s, piece.start_s + len);
                    let timed_out_s = fail_until - piece.start_s;
                    lost.add(LossCause::ResumeWait, arriving * timed_out_s / dt);
                    if failing_s < dt {
                        failing_s += timed_out_s;
                    }
                    self.backlog.advance(0.0, 0.0, len, timeout_ms / 1000.0);
                    let wait_at = |q: f64| (until_s - piece.start_s - q * len) * 1000.0;
                    (wait_at(0.5) + au.p50_ms, wait_at(0.01) + au.p50_ms)
                }
                Phase::Paused => unreachable!("paused pieces are skipped above"),
            };
            // Requests RDS Proxy holds are served when the writer is back: one arriving at
            // τ waits `until_s − τ` on top of its own latency. p50 takes the mean wait over
            // the piece; p99 the wait of the arrival that 1 % of the piece's requests
            // out-wait (as for a resume).
            let held_share = fx.aurora_held.share(reads, writes);
            let (p50_piece, p99_piece) = if held_share > 0.0 {
                let wait_ms = |q: f64| (fx.aurora_held.until_s - piece.start_s - q * len).max(0.0) * 1000.0;
                let p99_held = if held_share > 0.01 { wait_ms(0.01 / held_share) + p50_piece } else { 0.0 };
                (p50_piece + held_share * wait_ms(0.5), p99_piece.max(p99_held))
            } else {
                (p50_piece, p99_piece)
            };
            p50_ms_s += p50_piece.min(timeout_ms) * len;
            p99 = p99.max(p99_piece.min(timeout_ms));
        }
        let p50 = if served_s > 0.0 { p50_ms_s / served_s } else { 0.0 };
        let writer_needed = match self.class {
            Some((acu, _)) => acu,
            None => settled_acu(need_writer, cfg, est),
        };
        let failing_s = failing_s.min(dt);
        let refused_attempts = lost.get(LossCause::ConnectionRefused) * rejected_attempts_per_request(refused_share, est.sdk_max_attempts);
        let rejected_per_s = lost.total() - lost.get(LossCause::ConnectionRefused) + refused_attempts;
        let record = AuroraStep {
            offered_rps: rate,
            // Everything lost can exceed the rate by a rounding error: never serve less than 0.
            served_rps: (rate - lost.total()).max(0.0),
            failed_rps: lost.total(),
            p50_ms: p50,
            p99_ms: p99,
            writer_acu: writer_acu_s / dt,
            reader_acu: if cfg.readers > 0 { reader_acu_s / dt } else { 0.0 },
            writer_needed_acu: writer_needed,
            writer_utilisation: utilisation_s / dt,
            rejected_per_min: rejected_per_s * 60.0,
        };
        let weight = dt / step_dt;
        step.record.mix(&record, weight);
        step.lost.accumulate(&lost, weight);
        step.cost.accumulate(&bill);
        step.failing_s += failing_s;
        step.rejected += rejected_per_s * dt;
        step.p99_ms = step.p99_ms.max(p99);
        step.peak_writer_acu = step.peak_writer_acu.max(peak_writer_acu);
        self.narrate(t0, dt, rate, &record, &lost, journal);
    }

    fn narrate(&mut self, t0: f64, dt: f64, rate: f64, record: &AuroraStep, lost: &Ledger, journal: &mut Journal) {
        let db = Database::Aurora;
        for (t, paused) in self.capacity.pauses.drain(..) {
            let (kind, text) = if paused {
                (EventKind::Paused, "auto-pause: no traffic, the cluster pauses (0 ACU, storage billed only)".to_string())
            } else {
                (EventKind::Resumed, "traffic returns: the cluster resumes, requests wait up to 15 s".to_string())
            };
            journal.push(t, db, kind, text);
        }
        for (t, from, to) in self.capacity.writer_changes.drain(..) {
            self.acu_story.change(t, from, to, journal);
        }
        self.acu_story.settle(t0 + dt, self.capacity.writer_settled(), journal);
        if let Some((started, at)) = self.saturated.feed(t0, t0 + dt, record.writer_utilisation > 1.0) {
            let text = if started {
                format!("writer past its CPU: {} of {} ACU", percent(record.writer_utilisation), si(record.writer_acu))
            } else {
                format!("writer back under its CPU after {}", duration_words(at - self.saturated.since_s))
            };
            journal.push(at, db, if started { EventKind::WriterSaturated } else { EventKind::WriterRecovered }, text);
        }
        let share = if rate > 0.0 { lost.total() / rate } else { 0.0 };
        if let Some((started, at)) = self.failing.feed(t0, t0 + dt, share > 0.001) {
            if started {
                let cause = lost.ranked().first().map(|&(c, _)| c);
                let why = cause.map_or(String::new(), |c| format!(", mostly {}", c.label()));
                journal.push(at, db, EventKind::FailingStarted, format!("requests start failing: {} of them{why}", percent(share)));
            } else {
                journal.push(at, db, EventKind::FailingEnded, format!("every request served again after {}", duration_words(at - self.failing.since_s)));
            }
        }
    }
}

