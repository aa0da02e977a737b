//! What one fault costs each database, computed from its phases (not from a run): seconds
//! of outage, requests failed at the offered rates the engine supplies, writes lost and the
//! time until everything is back. A run adds what only it can find ([`RunFinding`]: Aurora
//! DSQL's pools reconnecting against a peer's quota); the faults editor shows the phases'
//! part alone.
//!
//! * Outage seconds are `∫ share dt`: a fault failing 30 % of writes for 100 s counts 30 s.
//! * Requests failed are `∫ rate(t) · share dt`, by the midpoint rule on 64 pieces per
//!   phase (traffic is smooth or piecewise constant; the error is far below the estimates').
//! * Writes lost are `lag × write rate at the fault × share of writes exposed` (RPO).

use super::phases::{slot, Effect, Expanded};
use super::Fault;
use crate::format::{duration, si};
use crate::model::regions::Database;
use serde::{Deserialize, Serialize};

const PIECES: u32 = 64;

/// One database's cost of one fault.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DbImpact {
    /// Seconds of full write outage (`∫ share of writes failing dt`).
    pub write_outage_s: f64,
    pub read_outage_s: f64,
    pub failed_writes: f64,
    pub failed_reads: f64,
    /// Acknowledged writes lost: the replication lag exposed (s) and the writes in it.
    pub rpo_s: f64,
    pub writes_lost: f64,
    /// From the fault until this database has every request and all its capacity back; 0
    /// when it is not affected.
    pub recover_s: f64,
    /// The longest a request waits in RDS Proxy (or the Data API) instead of failing.
    #[serde(default)]
    pub longest_wait_s: f64,
    /// The verdict, with its numbers.
    pub verdict: String,
}

/// What a run found a fault cost a database beyond its phases (Aurora DSQL's pools
/// reconnecting against a peer's quota at the redirect and when the Region returns): the
/// requests it failed, from the fault until it was over, and a sentence saying so.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RunFinding {
    pub said: String,
    pub failed_reads: f64,
    pub failed_writes: f64,
    pub back_after_s: f64,
}

/// One fault's cost to each database.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaultImpact {
    /// Index in the scenario's `faults`.
    pub fault: usize,
    pub label: String,
    pub at_s: f64,
    pub dynamodb: DbImpact,
    pub aurora: DbImpact,
    /// DSQL's, when the scenario names it.
    #[serde(default)]
    pub dsql: Option<DbImpact>,
}

pub(crate) fn impact(
    index: usize,
    fault: &Fault,
    ex: &Expanded,
    rates: &impl Fn(f64) -> (f64, f64),
    dsql: Option<&[RunFinding]>,
) -> FaultImpact {
    let at = fault.at_s();
    let one = |db: Database, found: &[RunFinding]| {
        let mut d = DbImpact::default();
        let mut last_end = at;
        for p in &ex.phases {
            match p.effect {
                Effect::Loss {
                    db: of,
                    reads,
                    writes,
                    ..
                } if of == db => {
                    let span = p.end_s - p.start_s;
                    d.write_outage_s += writes * span;
                    d.read_outage_s += reads * span;
                    let (r, w) = integrate(rates, p.start_s, p.end_s);
                    d.failed_reads += reads * r;
                    d.failed_writes += writes * w;
                    last_end = last_end.max(p.end_s);
                }
                Effect::ReadersDown(_) if db == Database::Aurora => {
                    last_end = last_end.max(p.end_s)
                }
                Effect::Held { until_s, .. } if db == Database::Aurora => {
                    d.longest_wait_s = d.longest_wait_s.max(until_s - p.start_s);
                    last_end = last_end.max(p.end_s)
                }
                _ => {}
            }
        }
        let rpo = ex.rpo[slot(db)];
        d.rpo_s = rpo.lag_s;
        d.writes_lost = rpo.lag_s * rates(at).1.max(0.0) * rpo.write_share;
        d.recover_s = last_end - at;
        let mut note = ex.notes[slot(db)].clone();
        for f in found {
            d.failed_reads += f.failed_reads.max(0.0);
            d.failed_writes += f.failed_writes.max(0.0);
            d.recover_s = d.recover_s.max(f.back_after_s);
            note = format!("{note} {}", f.said);
        }
        d.verdict = verdict(&note, &d);
        d
    };
    FaultImpact {
        fault: index,
        label: fault.label(),
        at_s: at,
        dynamodb: one(Database::Dynamodb, &[]),
        aurora: one(Database::Aurora, &[]),
        dsql: dsql.map(|found| one(Database::Dsql, found)),
    }
}

/// `∫ (reads, writes) dt` over `[a, b)`.
fn integrate(rates: &impl Fn(f64) -> (f64, f64), a: f64, b: f64) -> (f64, f64) {
    let h = (b - a) / f64::from(PIECES);
    (0..PIECES).fold((0.0, 0.0), |(r, w), i| {
        let (dr, dw) = rates(a + (f64::from(i) + 0.5) * h);
        (r + dr.max(0.0) * h, w + dw.max(0.0) * h)
    })
}

fn verdict(note: &str, d: &DbImpact) -> String {
    if d.failed_reads + d.failed_writes + d.writes_lost == 0.0 && d.recover_s == 0.0 {
        return note.to_string();
    }
    let lost = if d.writes_lost > 0.0 {
        format!(
            "{} acknowledged writes lost (RPO {})",
            si(d.writes_lost),
            duration(d.rpo_s)
        )
    } else {
        "no acknowledged write lost".to_string()
    };
    format!(
        "{note} In all: {} writes and {} reads fail, {lost}; everything is back after {}.",
        si(d.failed_writes),
        si(d.failed_reads),
        duration(d.recover_s)
    )
}
