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
//! * **Aurora planned failover** (`failover-db-cluster`, the console, a test): the same
//!   without detection; it needs a reader to promote.
//! * **How each client fails** (`docs/calibration.md` has the measurements):
//!   - a pooled plain driver fails throughout (hung sockets, then DNS);
//!   - a client connecting per request fails on the DNS wait only while its own cache holds
//!     the old address: the share falls evenly from all to none over the TTL, kept as 3/4
//!     for the first half and 1/4 for the second (same integral, TTL/2);
//!   - RDS Proxy (and the Data API, assumed alike) holds requests while the instance is
//!     away: with the clients back at `end` and a client timeout `T`, requests arriving
//!     before `end − T` fail, later ones wait until `end` (a `Held` phase: served, with
//!     `end − t` added to their latency). This applies to failovers, reboots and reader
//!     losses.
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
//!     fx.aurora_held                                  // requests waiting in RDS Proxy: add until_s − t to their latency
//! plan.windows()                                       // shaded windows on the time charts
//! plan.impacts(|t| (reads_per_s, writes_per_s))        // per fault: outage s, failed, RPO, recovery, verdict
//! ```
//!
//! Each fault is modelled against the cluster as configured (a later fault finds it
//! restored). Within one fault the phases fail disjoint sets of requests and add; faults
//! that overlap are independent: `1 − Π(1 − sᵢ)`, so adding a fault or lengthening one
//! never lowers a failing share.

mod cause;
pub mod fault;
mod impact;
mod phases;
mod plan;
pub mod promotion;

pub use cause::Cause;
pub use impact::{DbImpact, FaultImpact};
pub(crate) use impact::RunFinding;
pub use phases::{failed_write_s, writer_failover_s, Client, SequenceStep};
pub use plan::{FaultPlan, FaultWindow, Held, Losses, StepFaults};

pub use fault::{validate, Az, Fault, FaultKind, RegionId, MAX_FAULTS, MAX_FAULT_TIME_S};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scenario::Scenario;

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
            validate(&[f], &s.aurora).unwrap_or_else(|e| panic!("{}: {e}", k.id()));
        }
    }

    #[test]
    fn out_of_range_and_impossible_faults_are_refused_with_their_field() {
        let s = Scenario::default();
        let at = validate(&[Fault::AuroraReboot { at_s: -1.0 }], &s.aurora).unwrap_err();
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
            &s.aurora,
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
            &none.aurora,
        )
        .unwrap_err();
        assert!(r.contains("aurora.readers = 0"), "{r}");
        let sw = validate(&[Fault::RegionSwitchover { at_s: 1.0 }], &s.aurora).unwrap_err();
        assert!(sw.contains("aurora.secondary_regions"), "{sw}");
        let many = vec![Fault::AuroraReboot { at_s: 1.0 }; MAX_FAULTS + 1];
        assert!(validate(&many, &s.aurora).unwrap_err().contains("at most 20"));
    }
}
