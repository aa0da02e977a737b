//! Failures on the run's timeline: what each fault does to each database, second by second,
//! and what it costs (seconds unavailable, requests failed, writes lost, time to recover).
//!
//! A scenario's `faults` list holds timed faults ([`Fault`]). [`FaultPlan::new`] expands each
//! into **phases**: a window during which a share of one database's reads and writes fails
//! under a named [`Cause`], or during which Aurora has fewer readers. The engine asks the
//! plan, per simulated interval `[t0, t1)`, for [`StepFaults`]: each share is the
//! time-weighted mean over the interval (a 40 s window inside a 300 s step fails 40/300 of
//! that step's requests), so the answer never depends on the step. With no faults every
//! share is exactly 0.
//!
//! What each fault does (facts sheet B1, B2, B6, A3, A8 and the 2026 addendum; the parts of
//! the totals are editable estimates, [`crate::model::estimates`]):
//!
//! * **Aurora writer failover.** Writes fail from the fault until the clients reach the new
//!   writer: detection + promotion of a reader + (plain driver) the cluster endpoint's 5 s
//!   DNS TTL + the client's reconnect. The AWS wrapper driver and RDS Proxy skip DNS. The
//!   promoted reader is chosen by tier, then size ([`promotion`]); its reads fail with the
//!   writes, and the cluster has one reader fewer until the old writer rejoins as a reader
//!   (one restart later). With no reader, Aurora creates a new writer: reads fail too.
//! * **Aurora reader loss.** The reads on that reader fail until its clients reconnect to
//!   another reader; one reader fewer for the fault's duration.
//! * **Aurora writer reboot.** Writes (and reads, with no reader) fail for a restart plus the
//!   client's reconnect; DNS does not change.
//! * **AZ outage.** The writer sits in AZ a, reader `i` in AZ `(i + 1) mod 3` (an
//!   assumption: AWS spreads nothing for you). Aurora loses the instances in that AZ: the
//!   writer → a failover to a reader elsewhere; readers → fewer readers until the AZ returns.
//!   Storage keeps its 4-of-6 write quorum (2 copies per AZ). DynamoDB keeps serving: AWS
//!   keeps every partition on three nodes and designs a table for 99.99 %.
//! * **Region outage.** Clients in the lost Region fail until they are redirected to the
//!   other one (both databases). Region A holds Aurora's primary: with a Global Database,
//!   writes fail until someone starts the managed failover and a secondary is promoted (RPO =
//!   the replication lag at the failure × the write rate); without one, Aurora is down until
//!   the Region returns. DynamoDB global tables keep serving from the other Region; MREC
//!   loses the lost Region's writes still inside the replication lag (or has them
//!   overwritten: last writer wins); MRSC loses none. A single-Region table is down until
//!   its Region returns.
//! * **Planned switchover** (Aurora Global Database): writes pause for the switchover and
//!   the reconnect; RPO 0. Global tables have nothing to switch.
//!
//! ## For the engine
//!
//! ```text
//! let plan = FaultPlan::new(&scenario);               // once per run
//! for each step [t0, t1):
//!     let fx = plan.effects(t0, t1);                  // no allocation; StepFaults::NONE without faults
//!     fx.dynamodb.apply(&mut w_dynamodb);             // what still reaches each database
//!     fx.aurora.apply(&mut w_aurora);                 //   (w untouched, bit for bit, with no loss)
//!     for (cause, r, w) in fx.aurora.causes() { ledger[cause] += reads·r + writes·w }   // same for DynamoDB
//!     for (readers, weight) in fx.aurora_readers(cfg.readers) { evaluate Aurora with them, blend by weight }
//! plan.windows()                                       // shaded windows on the time charts
//! plan.impacts(|t| (reads_per_s, writes_per_s))        // per fault: outage s, failed, RPO, recovery, verdict
//! ```
//!
//! Each fault is modelled against the cluster as configured (a later fault finds it
//! restored). Within one fault the phases fail disjoint sets of requests and add; faults
//! that overlap are independent: `1 − Π(1 − sᵢ)`, so adding a fault or lengthening one
//! never lowers a failing share.

mod cause;
mod impact;
mod phases;
mod plan;
pub mod promotion;

pub use cause::Cause;
pub use impact::{DbImpact, FaultImpact};
pub use phases::{writer_failover_s, Client, SequenceStep};
pub use plan::{FaultPlan, FaultWindow, Losses, StepFaults};

use crate::model::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// The longest run (30 days): no fault can start or last longer.
pub const MAX_FAULT_TIME_S: f64 = 30.0 * 86_400.0;
/// Faults one scenario may hold.
pub const MAX_FAULTS: usize = 20;

/// One of the three Availability Zones a cluster uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Az {
    A,
    B,
    C,
}

impl Az {
    pub const ALL: [Az; 3] = [Az::A, Az::B, Az::C];

    pub fn letter(self) -> char {
        match self {
            Az::A => 'a',
            Az::B => 'b',
            Az::C => 'c',
        }
    }
}

/// Region A (home: Aurora's primary, the table's first replica) or Region B (the second
/// Region, where `regions.remote_share` of the clients are).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionId {
    A,
    B,
}

impl RegionId {
    pub fn letter(self) -> char {
        match self {
            RegionId::A => 'A',
            RegionId::B => 'B',
        }
    }
}

/// A fault at `at_s` seconds into the run. Every field of a kind is required.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Fault {
    /// The Aurora writer fails; a reader is promoted (or a new writer created).
    AuroraWriterFailover { at_s: f64 },
    /// One Aurora reader is lost for `duration_s`.
    AuroraReaderLoss { at_s: f64, duration_s: f64 },
    /// The Aurora writer restarts in place.
    AuroraReboot { at_s: f64 },
    /// Availability Zone `az` is lost for `duration_s`.
    AzOutage { at_s: f64, duration_s: f64, az: Az },
    /// Region `region` is lost for `duration_s`.
    RegionOutage {
        at_s: f64,
        duration_s: f64,
        region: RegionId,
    },
    /// A planned Aurora Global Database switchover of the primary to Region B.
    RegionSwitchover { at_s: f64 },
}

/// A fault's kind without its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    AuroraWriterFailover,
    AuroraReaderLoss,
    AuroraReboot,
    AzOutage,
    RegionOutage,
    RegionSwitchover,
}

impl FaultKind {
    pub const ALL: [FaultKind; 6] = [
        FaultKind::AuroraWriterFailover,
        FaultKind::AuroraReaderLoss,
        FaultKind::AuroraReboot,
        FaultKind::AzOutage,
        FaultKind::RegionOutage,
        FaultKind::RegionSwitchover,
    ];

    /// The `kind` in the scenario file.
    pub fn id(self) -> &'static str {
        match self {
            FaultKind::AuroraWriterFailover => "aurora_writer_failover",
            FaultKind::AuroraReaderLoss => "aurora_reader_loss",
            FaultKind::AuroraReboot => "aurora_reboot",
            FaultKind::AzOutage => "az_outage",
            FaultKind::RegionOutage => "region_outage",
            FaultKind::RegionSwitchover => "region_switchover",
        }
    }

    pub fn from_id(id: &str) -> Option<FaultKind> {
        FaultKind::ALL.into_iter().find(|k| k.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            FaultKind::AuroraWriterFailover => "Aurora writer failover",
            FaultKind::AuroraReaderLoss => "Aurora reader lost",
            FaultKind::AuroraReboot => "Aurora writer reboot",
            FaultKind::AzOutage => "Availability Zone outage",
            FaultKind::RegionOutage => "Region outage",
            FaultKind::RegionSwitchover => "Planned Region switchover",
        }
    }

    /// The fault of this kind at `at_s`, with default parameters (for the page's editor).
    pub fn at(self, at_s: f64) -> Fault {
        match self {
            FaultKind::AuroraWriterFailover => Fault::AuroraWriterFailover { at_s },
            FaultKind::AuroraReaderLoss => Fault::AuroraReaderLoss {
                at_s,
                duration_s: 1_800.0,
            },
            FaultKind::AuroraReboot => Fault::AuroraReboot { at_s },
            FaultKind::AzOutage => Fault::AzOutage {
                at_s,
                duration_s: 3_600.0,
                az: Az::A,
            },
            FaultKind::RegionOutage => Fault::RegionOutage {
                at_s,
                duration_s: 3_600.0,
                region: RegionId::A,
            },
            FaultKind::RegionSwitchover => Fault::RegionSwitchover { at_s },
        }
    }
}

impl Fault {
    pub fn kind(&self) -> FaultKind {
        match self {
            Fault::AuroraWriterFailover { .. } => FaultKind::AuroraWriterFailover,
            Fault::AuroraReaderLoss { .. } => FaultKind::AuroraReaderLoss,
            Fault::AuroraReboot { .. } => FaultKind::AuroraReboot,
            Fault::AzOutage { .. } => FaultKind::AzOutage,
            Fault::RegionOutage { .. } => FaultKind::RegionOutage,
            Fault::RegionSwitchover { .. } => FaultKind::RegionSwitchover,
        }
    }

    /// When it starts, s from the start of the run.
    pub fn at_s(&self) -> f64 {
        match *self {
            Fault::AuroraWriterFailover { at_s }
            | Fault::AuroraReaderLoss { at_s, .. }
            | Fault::AuroraReboot { at_s }
            | Fault::AzOutage { at_s, .. }
            | Fault::RegionOutage { at_s, .. }
            | Fault::RegionSwitchover { at_s } => at_s,
        }
    }

    /// How long the failed part stays away, for kinds that have a duration.
    pub fn duration_s(&self) -> Option<f64> {
        match *self {
            Fault::AuroraReaderLoss { duration_s, .. }
            | Fault::AzOutage { duration_s, .. }
            | Fault::RegionOutage { duration_s, .. } => Some(duration_s),
            _ => None,
        }
    }

    /// The same fault moved to `at_s`.
    pub fn moved_to(&self, at_s: f64) -> Fault {
        let mut f = self.clone();
        match &mut f {
            Fault::AuroraWriterFailover { at_s: t }
            | Fault::AuroraReaderLoss { at_s: t, .. }
            | Fault::AuroraReboot { at_s: t }
            | Fault::AzOutage { at_s: t, .. }
            | Fault::RegionOutage { at_s: t, .. }
            | Fault::RegionSwitchover { at_s: t } => *t = at_s,
        }
        f
    }

    /// The same fault lasting `duration_s` (kinds without a duration are unchanged).
    pub fn with_duration(&self, duration_s: f64) -> Fault {
        let mut f = self.clone();
        match &mut f {
            Fault::AuroraReaderLoss { duration_s: d, .. }
            | Fault::AzOutage { duration_s: d, .. }
            | Fault::RegionOutage { duration_s: d, .. } => *d = duration_s,
            _ => {}
        }
        f
    }

    /// A short name with its parameters, e.g. "Region A outage (1 h)".
    pub fn label(&self) -> String {
        let hours = |s: f64| crate::format::duration(s);
        match *self {
            Fault::AuroraWriterFailover { .. } => "Writer failover".into(),
            Fault::AuroraReaderLoss { duration_s, .. } => {
                format!("Reader lost ({})", hours(duration_s))
            }
            Fault::AuroraReboot { .. } => "Writer reboot".into(),
            Fault::AzOutage { duration_s, az, .. } => {
                format!("AZ {} outage ({})", az.letter(), hours(duration_s))
            }
            Fault::RegionOutage {
                duration_s, region, ..
            } => format!("Region {} outage ({})", region.letter(), hours(duration_s)),
            Fault::RegionSwitchover { .. } => "Switchover to Region B".into(),
        }
    }

    /// Check this fault, number `i` of the list, against its ranges and the scenario.
    fn validate(&self, i: usize, s: &Scenario) -> Result<(), String> {
        let kind = self.kind().id();
        let at_s = self.at_s();
        if !(at_s.is_finite() && (0.0..=MAX_FAULT_TIME_S).contains(&at_s)) {
            return Err(format!("faults[{i}].at_s = {at_s} is outside the allowed range 0 to {MAX_FAULT_TIME_S} s (the longest run)"));
        }
        if let Some(d) = self.duration_s() {
            if !(d.is_finite() && (1.0..=MAX_FAULT_TIME_S).contains(&d)) {
                return Err(format!("faults[{i}].duration_s = {d} is outside the allowed range 1 to {MAX_FAULT_TIME_S} s"));
            }
        }
        match self {
            Fault::AuroraReaderLoss { .. } if s.aurora.readers == 0 => {
                Err(format!("faults[{i}] ({kind}) needs an Aurora reader to lose, but aurora.readers = 0"))
            }
            Fault::RegionSwitchover { .. } if s.aurora.secondary_regions == 0 => Err(format!(
                "faults[{i}] ({kind}) needs an Aurora Global Database to switch over: set aurora.secondary_regions to 1 or more"
            )),
            _ => Ok(()),
        }
    }
}

/// Check every fault (ranges, and what each needs from the scenario).
pub fn validate(faults: &[Fault], s: &Scenario) -> Result<(), String> {
    if faults.len() > MAX_FAULTS {
        return Err(format!(
            "faults holds {} faults; at most {MAX_FAULTS} are allowed",
            faults.len()
        ));
    }
    faults
        .iter()
        .enumerate()
        .try_for_each(|(i, f)| f.validate(i, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_read_and_write_as_tagged_objects() {
        let text = r#"[{"kind": "az_outage", "at_s": 3600, "duration_s": 600, "az": "b"},
                       {"kind": "region_outage", "at_s": 7200, "duration_s": 1800, "region": "a"}]"#;
        let faults: Vec<Fault> = serde_json::from_str(text).unwrap();
        assert_eq!(
            faults[0],
            Fault::AzOutage {
                at_s: 3600.0,
                duration_s: 600.0,
                az: Az::B
            }
        );
        let back: Vec<Fault> =
            serde_json::from_str(&serde_json::to_string(&faults).unwrap()).unwrap();
        assert_eq!(back, faults);
        let missing =
            serde_json::from_str::<Fault>(r#"{"kind": "az_outage", "at_s": 1, "duration_s": 2}"#);
        assert!(missing.unwrap_err().to_string().contains("az"));
        let unknown = serde_json::from_str::<Fault>(
            r#"{"kind": "aurora_reboot", "at_s": 1, "duration_s": 2}"#,
        );
        assert!(unknown.unwrap_err().to_string().contains("duration_s"));
    }

    #[test]
    fn every_kind_round_trips_through_its_id_and_editor_defaults_are_valid() {
        let mut s = Scenario::default();
        s.aurora.secondary_regions = 1;
        for k in FaultKind::ALL {
            assert_eq!(FaultKind::from_id(k.id()), Some(k));
            let f = k.at(60.0);
            assert_eq!(f.kind(), k);
            assert_eq!(f.moved_to(120.0).at_s(), 120.0);
            validate(&[f], &s).unwrap_or_else(|e| panic!("{}: {e}", k.id()));
        }
    }

    #[test]
    fn out_of_range_and_impossible_faults_are_refused_with_their_field() {
        let s = Scenario::default();
        let at = validate(&[Fault::AuroraReboot { at_s: -1.0 }], &s).unwrap_err();
        assert!(at.contains("faults[0].at_s = -1"), "{at}");
        let d = validate(
            &[
                Fault::AuroraWriterFailover { at_s: 1.0 },
                Fault::AzOutage {
                    at_s: 1.0,
                    duration_s: 0.0,
                    az: Az::A,
                },
            ],
            &s,
        )
        .unwrap_err();
        assert!(d.contains("faults[1].duration_s = 0"), "{d}");
        let mut none = s.clone();
        none.aurora.readers = 0;
        let r = validate(
            &[Fault::AuroraReaderLoss {
                at_s: 1.0,
                duration_s: 60.0,
            }],
            &none,
        )
        .unwrap_err();
        assert!(r.contains("aurora.readers = 0"), "{r}");
        let sw = validate(&[Fault::RegionSwitchover { at_s: 1.0 }], &s).unwrap_err();
        assert!(sw.contains("aurora.secondary_regions"), "{sw}");
        let many = vec![Fault::AuroraReboot { at_s: 1.0 }; MAX_FAULTS + 1];
        assert!(validate(&many, &s).unwrap_err().contains("at most 20"));
    }
}
