//! Failures and Regions: each documented number by name (5 s DNS TTL, the 3-Region MRSC rule,
//! 10 Global Database secondaries, RPO 0 on switchover, promotion by tier), what each fault
//! does to each database, and properties of the engine-facing API (no faults is exactly the
//! identity; a fault never lowers a failing share; shares follow time overlap, not steps).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use scalelab::model::aurora::config::{Access, ClientDriver};
use scalelab::model::facts::*;
use scalelab::model::faults::promotion::{promoted, promotion_order, Candidate};
use scalelab::model::faults::{self, Az, Cause, Fault, FaultPlan, RegionId, StepFaults};
use scalelab::model::presets::PRESETS;
use scalelab::model::regions::{Database, GlobalTableMode, RegionPlan, Regions};
use scalelab::model::scenario::Scenario;
use scalelab::model::share;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * b.abs().max(1.0)
}

/// Two Regions for both databases, 30 % of clients in Region B, two readers.
fn two_regions() -> Scenario {
    let mut s = Scenario::default();
    s.aurora.readers = 2;
    s.aurora.secondary_regions = 1;
    s.dynamodb.replica_regions = 1;
    s.regions.remote_share = 0.3;
    s
}

fn with_faults(mut s: Scenario, faults: Vec<Fault>) -> Scenario {
    s.faults = faults;
    s.validate().unwrap_or_else(|e| panic!("{e}"));
    s
}

/// Constant offered traffic: 800 reads/s and 200 writes/s.
fn steady(_t: f64) -> (f64, f64) {
    (800.0, 200.0)
}

// ---- documented numbers ----

#[test]
fn b2_cluster_endpoint_dns_ttl_is_5_s_and_only_a_plain_driver_waits_for_it() {
    assert_eq!(AURORA_DNS_TTL_S, 5.0);
    let s = with_faults(
        Scenario::default(),
        vec![Fault::AuroraWriterFailover { at_s: 600.0 }],
    );
    let plan = FaultPlan::new(&s);
    let ttl: Vec<_> = plan
        .sequence(0)
        .iter()
        .filter(|st| st.label == "DNS TTL")
        .collect();
    assert_eq!(ttl.len(), 1);
    assert_eq!(ttl[0].end_s - ttl[0].start_s, 5.0);
    let mut wrapper = s.clone();
    wrapper.aurora.client_driver = ClientDriver::AwsWrapper;
    let plan = FaultPlan::new(&wrapper);
    assert!(
        plan.sequence(0)
            .iter()
            .all(|st| !st.label.starts_with("DNS")),
        "the wrapper follows the topology, not DNS"
    );
    assert_eq!(
        faults::writer_failover_s(&s) - faults::writer_failover_s(&wrapper),
        5.0 + s.estimates.plain_driver_reconnect_s - s.estimates.wrapper_driver_reconnect_s
    );
}

#[test]
fn a8_mrsc_needs_exactly_three_regions_three_replicas_or_two_and_a_witness() {
    assert_eq!(DDB_MRSC_REGIONS, 3);
    for (replica_regions, witness, ok) in [
        (0, false, false),
        (1, false, false),
        (2, false, true),
        (3, false, false),
        (0, true, false),
        (1, true, true),
        (2, true, false),
    ] {
        let mut s = Scenario::default();
        s.dynamodb.replica_regions = replica_regions;
        s.regions.dynamodb_mode = GlobalTableMode::Mrsc;
        s.regions.dynamodb_witness = witness;
        match s.validate() {
            Ok(()) => assert!(
                ok,
                "{replica_regions} replica Regions, witness {witness}: accepted"
            ),
            Err(e) => {
                assert!(!ok, "{replica_regions}, {witness}: {e}");
                assert!(
                    e.contains("regions.dynamodb_mode = mrsc needs exactly 3 Regions"),
                    "{e}"
                );
                assert!(
                    e.contains(&format!("dynamodb.replica_regions = {replica_regions}")),
                    "{e}"
                );
            }
        }
    }
    // From a file too: the same message, not a crash.
    let err = Scenario::from_json(r#"{"regions": {"dynamodb_mode": "mrsc"}}"#).unwrap_err();
    assert!(err.contains("needs exactly 3 Regions"), "{err}");
}

#[test]
fn b2_global_database_has_up_to_10_secondary_regions() {
    assert_eq!(AURORA_MAX_SECONDARY_REGIONS, 10);
    let mut s = Scenario::default();
    s.aurora.secondary_regions = 10;
    s.validate().unwrap();
    s.aurora.secondary_regions = 11;
    let e = s.validate().unwrap_err();
    assert!(
        e.contains("aurora.secondary_regions = 11") && e.contains("0 to 10"),
        "{e}"
    );
}

#[test]
fn b2_planned_switchover_loses_nothing_and_managed_failover_loses_the_lag() {
    assert_eq!(AURORA_GLOBAL_SWITCHOVER_RPO_S, 0.0);
    let s = with_faults(
        two_regions(),
        vec![
            Fault::RegionSwitchover { at_s: 600.0 },
            Fault::RegionOutage {
                at_s: 7_200.0,
                duration_s: 3_600.0,
                region: RegionId::A,
            },
        ],
    );
    let impacts = FaultPlan::new(&s).impacts(steady);
    let (switch, outage) = (&impacts[0], &impacts[1]);
    assert_eq!((switch.aurora.rpo_s, switch.aurora.writes_lost), (0.0, 0.0));
    assert!(
        switch.aurora.write_outage_s > 0.0,
        "writes pause during the switchover"
    );
    assert_eq!(
        switch.dynamodb.write_outage_s, 0.0,
        "global tables have nothing to switch"
    );
    // Unplanned: the lag at the failure times the write rate, from every Region.
    let lag_s = s.estimates.aurora_global_lag_ms / 1000.0;
    assert_eq!(outage.aurora.rpo_s, lag_s);
    assert!(
        close(outage.aurora.writes_lost, lag_s * 200.0, 1e-12),
        "{}",
        outage.aurora.writes_lost
    );
}

#[test]
fn b2_promotion_goes_by_tier_then_size() {
    let r = |tier, size| Candidate {
        tier,
        size,
        az: Az::B,
    };
    // Tier 0 beats a bigger tier-1 reader; within tier 1 the larger wins.
    assert_eq!(
        promotion_order(&[r(1, 64.0), r(1, 128.0), r(0, 2.0)]),
        vec![2, 1, 0]
    );
    assert_eq!(promoted(&[r(15, 8.0), r(2, 8.0)], None), Some(1));
    // Readers that follow the writer (tier 0–1) take over at its size; tiers 2–15 do not.
    let mut s = with_faults(
        Scenario::default(),
        vec![Fault::AuroraWriterFailover { at_s: 60.0 }],
    );
    assert!(!FaultPlan::new(&s)
        .note(0, Database::Aurora)
        .contains("must scale up"));
    s.aurora.readers_follow_writer = false;
    assert!(FaultPlan::new(&s)
        .note(0, Database::Aurora)
        .contains("tier 2–15"));
}

#[test]
fn b2_failover_times_per_client_sit_in_the_documented_ranges() {
    let mut s = Scenario::default();
    let plain = faults::writer_failover_s(&s);
    s.aurora.client_driver = ClientDriver::AwsWrapper;
    let wrapper = faults::writer_failover_s(&s);
    s.aurora.access = Access::RdsProxy;
    let proxy = faults::writer_failover_s(&s);
    assert!(
        plain >= AURORA_PLAIN_WRITER_FAILOVER_S.0 && plain <= AURORA_PLAIN_WRITER_FAILOVER_S.1,
        "{plain}"
    );
    assert!(
        wrapper >= AURORA_WRAPPER_WRITER_FAILOVER_S.0
            && wrapper <= AURORA_WRAPPER_WRITER_FAILOVER_S.1,
        "{wrapper}"
    );
    assert!(
        1.0 - proxy / plain <= AURORA_PROXY_FAILOVER_CUT + 1e-12,
        "{proxy} vs {plain}"
    );
}

#[test]
fn b1_an_az_outage_keeps_aurora_storage_quorum_and_dynamodb_serving() {
    let s = with_faults(
        two_regions(),
        vec![Fault::AzOutage {
            at_s: 600.0,
            duration_s: 1_800.0,
            az: Az::C,
        }],
    );
    let plan = FaultPlan::new(&s);
    let note = plan.note(0, Database::Aurora);
    assert!(
        note.contains("Storage keeps 4 of 6 copies") && note.contains("quorum"),
        "{note}"
    );
    let impact = &plan.impacts(steady)[0];
    assert_eq!(
        (
            impact.dynamodb.write_outage_s,
            impact.dynamodb.read_outage_s,
            impact.dynamodb.recover_s
        ),
        (0.0, 0.0, 0.0)
    );
    // AZ c holds reader 1 of 2: its reads fail until the clients reconnect, then one reader fewer.
    assert_eq!(impact.aurora.write_outage_s, 0.0);
    assert!(impact.aurora.read_outage_s > 0.0);
    assert_eq!(plan.at(1_000.0).aurora_readers_down, 1.0);
    // AZ a holds the writer: a failover to the reader in another AZ.
    let writer = with_faults(
        two_regions(),
        vec![Fault::AzOutage {
            at_s: 600.0,
            duration_s: 1_800.0,
            az: Az::A,
        }],
    );
    let w = &FaultPlan::new(&writer).impacts(steady)[0];
    assert!(
        close(
            w.aurora.write_outage_s,
            faults::writer_failover_s(&writer),
            1e-12
        ),
        "{}",
        w.aurora.write_outage_s
    );
}

// ---- what each fault does ----

#[test]
fn a_writer_failover_fails_exactly_its_window_of_writes() {
    let s = with_faults(
        Scenario::default(),
        vec![Fault::AuroraWriterFailover { at_s: 1_000.0 }],
    );
    let plan = FaultPlan::new(&s);
    let outage = faults::writer_failover_s(&s);
    let i = &plan.impacts(steady)[0];
    assert!(close(i.aurora.write_outage_s, outage, 1e-12));
    assert!(
        close(i.aurora.failed_writes, outage * 200.0, 1e-9),
        "{}",
        i.aurora.failed_writes
    );
    // One reader: its reads move with it during the failover.
    assert!(close(i.aurora.failed_reads, outage * 800.0, 1e-9));
    assert_eq!(
        i.aurora.writes_lost, 0.0,
        "storage is shared: nothing is lost"
    );
    assert_eq!(
        (
            i.dynamodb.write_outage_s,
            i.dynamodb.read_outage_s,
            i.dynamodb.recover_s
        ),
        (0.0, 0.0, 0.0)
    );
    assert!(
        i.dynamodb.verdict.contains("not affected"),
        "{}",
        i.dynamodb.verdict
    );
    let w = &plan.windows()[0];
    assert_eq!(w.start_s, 1_000.0);
    assert!(
        close(
            w.end_s,
            1_000.0 + outage + s.estimates.aurora_reboot_s,
            1e-12
        ),
        "the old writer rejoins as a reader"
    );
    let at = plan.at(1_010.0);
    assert_eq!(at.aurora.writes[Cause::AuroraWriterFailover.index()], 1.0);
    assert!(at.dynamodb.is_none());
}

#[test]
fn with_no_reader_aurora_builds_a_new_writer_and_reads_fail_too() {
    let mut s = Scenario::default();
    s.aurora.readers = 0;
    let s = with_faults(s, vec![Fault::AuroraWriterFailover { at_s: 0.0 }]);
    let plan = FaultPlan::new(&s);
    let at = plan.at(100.0);
    assert_eq!(at.aurora.writes[Cause::AuroraNewWriter.index()], 1.0);
    assert_eq!(at.aurora.reads[Cause::AuroraNewWriter.index()], 1.0);
    let i = &plan.impacts(steady)[0];
    assert!(i.aurora.write_outage_s > s.estimates.aurora_new_instance_s);
}

#[test]
fn a_region_outage_of_the_home_region_across_modes() {
    let mut s = with_faults(
        two_regions(),
        vec![Fault::RegionOutage {
            at_s: 3_600.0,
            duration_s: 3_600.0,
            region: RegionId::A,
        }],
    );
    let e = s.estimates.clone();
    let plan = FaultPlan::new(&s);
    // Right after the loss: Region A's clients (70 %) fail on both databases.
    let early = plan.at(3_610.0);
    assert!(close(
        early.dynamodb.writes[Cause::ClientRegionDown.index()],
        0.7,
        1e-12
    ));
    assert!(
        close(early.dynamodb.write_share(), 0.7, 1e-12),
        "global table: Region B keeps serving"
    );
    assert!(
        close(early.aurora.write_share(), 1.0, 1e-12),
        "Aurora: every write goes to Region A"
    );
    assert!(close(
        early.aurora.writes[Cause::AuroraRegionDown.index()],
        0.3,
        1e-12
    ));
    assert!(
        close(early.aurora.read_share(), 0.7, 1e-12),
        "Region B's secondary serves its reads"
    );
    // After the redirect, before the failover decision: DynamoDB is whole, Aurora takes no writes.
    let later = plan.at(3_600.0 + e.region_redirect_s + 10.0);
    assert!(later.dynamodb.is_none());
    assert_eq!(later.aurora.writes[Cause::AuroraRegionDown.index()], 1.0);
    let promoting = plan.at(3_600.0 + e.global_failover_decision_s + 10.0);
    assert_eq!(
        promoting.aurora.writes[Cause::AuroraGlobalFailover.index()],
        1.0
    );
    let i = &plan.impacts(steady)[0];
    let lag_s = e.ddb_replication_lag_ms / 1000.0;
    assert!(
        close(i.dynamodb.writes_lost, lag_s * 200.0 * 0.7, 1e-12),
        "MREC: Region A's writes inside the lag"
    );
    // MRSC: nothing lost.
    s.dynamodb.replica_regions = 2;
    s.regions.dynamodb_mode = GlobalTableMode::Mrsc;
    let mrsc = &FaultPlan::new(&s).impacts(steady)[0];
    assert_eq!(
        (mrsc.dynamodb.rpo_s, mrsc.dynamodb.writes_lost),
        (DDB_MRSC_RPO_S, 0.0)
    );
    // One Region each: both down until Region A returns.
    let single = with_faults(Scenario::default(), s.faults.clone());
    let mid = FaultPlan::new(&single).at(5_000.0);
    assert_eq!(
        (mid.dynamodb.write_share(), mid.dynamodb.read_share()),
        (1.0, 1.0)
    );
    assert_eq!(mid.dynamodb.writes[Cause::DynamoRegionDown.index()], 1.0);
    assert_eq!(mid.aurora.writes[Cause::AuroraRegionDown.index()], 1.0);
}

#[test]
fn a_short_region_outage_ends_before_anyone_fails_over() {
    let s = with_faults(
        two_regions(),
        vec![Fault::RegionOutage {
            at_s: 0.0,
            duration_s: 120.0,
            region: RegionId::A,
        }],
    );
    let i = &FaultPlan::new(&s).impacts(steady)[0];
    assert_eq!(i.aurora.rpo_s, 0.0, "no failover, nothing lost");
    assert!(i.aurora.write_outage_s < 120.0 + s.estimates.plain_driver_reconnect_s + 1e-9);
}

#[test]
fn losing_region_b_touches_only_its_clients() {
    let s = with_faults(
        two_regions(),
        vec![Fault::RegionOutage {
            at_s: 0.0,
            duration_s: 3_600.0,
            region: RegionId::B,
        }],
    );
    let plan = FaultPlan::new(&s);
    let at = plan.at(10.0);
    for l in [&at.dynamodb, &at.aurora] {
        assert!(close(l.write_share(), 0.3, 1e-12) && close(l.read_share(), 0.3, 1e-12));
    }
    assert!(plan.at(s.estimates.region_redirect_s + 1.0).is_none());
}

#[test]
fn mrsc_conflicts_grow_with_key_skew() {
    let mut s = two_regions();
    s.dynamodb.replica_regions = 2;
    s.regions = Regions {
        remote_share: 0.5,
        dynamodb_mode: GlobalTableMode::Mrsc,
        ..Regions::default()
    };
    s.validate().unwrap();
    let mut shares = Vec::new();
    for skew in [0.0, 0.8, 1.2] {
        s.workload.key_skew = skew;
        shares.push(RegionPlan::new(&s).conflict_share(5_000.0));
    }
    assert!(shares[0] < shares[1] && shares[1] < shares[2], "{shares:?}");
    assert!(shares[2] < 1.0);
}

// ---- no faults: the identity ----

#[test]
fn without_faults_every_effect_is_exactly_zero_for_every_preset() {
    for p in &PRESETS {
        let s = p.scenario();
        if !s.faults.is_empty() {
            continue;
        }
        let plan = FaultPlan::new(&s);
        assert!(plan.is_empty() && plan.windows().is_empty(), "{}", p.id);
        let dt = s.simulation.step();
        for i in 0..s.simulation.steps() {
            let t = i as f64 * dt;
            let fx = plan.effects(t, t + dt);
            assert_eq!(fx, StepFaults::NONE, "{} at {t}", p.id);
            let mut w = s.workload.clone();
            fx.aurora.apply(&mut w);
            fx.dynamodb.apply(&mut w);
            assert_eq!(w, s.workload, "{}", p.id);
            assert_eq!(
                fx.aurora_readers(s.aurora.readers)[0],
                (s.aurora.readers, 1.0)
            );
        }
    }
}

#[test]
fn files_and_links_from_before_faults_read_as_one_region_and_no_faults() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/example-scenario.json"
    ))
    .unwrap();
    let s = Scenario::from_json(&text).unwrap();
    assert!(s.faults.is_empty());
    assert_eq!(s.regions, Regions::default());
    assert_eq!(
        share::decode("v1.e30", &Scenario::default()).unwrap(),
        Scenario::default()
    );
    // A default scenario's link does not mention the new fields.
    assert_eq!(
        share::encode(&Scenario::default(), &Scenario::default()),
        "v1.e30"
    );
}

#[test]
fn a_fault_round_trips_through_a_share_link() {
    let base = Scenario::default();
    let s = with_faults(
        two_regions(),
        vec![Fault::AzOutage {
            at_s: 5_400.0,
            duration_s: 900.0,
            az: Az::B,
        }],
    );
    let link = share::encode(&s, &base);
    assert_eq!(share::decode(&link, &base).unwrap(), s);
}

// ---- time overlap ----

#[test]
fn a_40_s_window_inside_a_300_s_step_fails_40_of_300() {
    let mut s = Scenario::default();
    s.aurora.client_driver = ClientDriver::AwsWrapper;
    s.aurora.access = Access::Direct;
    s.estimates.failover_detection_s = 15.0;
    s.estimates.failover_promotion_s = 24.0;
    s.estimates.wrapper_driver_reconnect_s = 1.0;
    let s = with_faults(s, vec![Fault::AuroraWriterFailover { at_s: 100.0 }]);
    assert_eq!(faults::writer_failover_s(&s), 40.0);
    let fx = FaultPlan::new(&s).effects(0.0, 300.0);
    assert!(
        close(fx.aurora.write_share(), 40.0 / 300.0, 1e-12),
        "{}",
        fx.aurora.write_share()
    );
    // Cut the same interval anywhere: the weighted parts give the same share.
    let plan = FaultPlan::new(&s);
    let (a, b) = (plan.effects(0.0, 120.0), plan.effects(120.0, 300.0));
    let joined = (a.aurora.write_share() * 120.0 + b.aurora.write_share() * 180.0) / 300.0;
    assert!(close(joined, 40.0 / 300.0, 1e-12));
}

// ---- properties ----

fn any_fault() -> impl Strategy<Value = Fault> {
    let at = 0.0..20_000.0f64;
    let d = 1.0..8_000.0f64;
    prop_oneof![
        at.clone()
            .prop_map(|at_s| Fault::AuroraWriterFailover { at_s }),
        (at.clone(), d.clone())
            .prop_map(|(at_s, duration_s)| Fault::AuroraReaderLoss { at_s, duration_s }),
        at.clone().prop_map(|at_s| Fault::AuroraReboot { at_s }),
        (at.clone(), d.clone(), 0..3usize).prop_map(|(at_s, duration_s, z)| Fault::AzOutage {
            at_s,
            duration_s,
            az: Az::ALL[z]
        }),
        (at.clone(), d, any::<bool>()).prop_map(|(at_s, duration_s, a)| Fault::RegionOutage {
            at_s,
            duration_s,
            region: if a { RegionId::A } else { RegionId::B }
        }),
        at.prop_map(|at_s| Fault::RegionSwitchover { at_s }),
    ]
}

fn any_setup() -> impl Strategy<Value = Scenario> {
    (0u32..4, 0u32..2, 0u32..2, 0.0..1.0f64, 0..3usize).prop_map(
        |(readers, secondaries, replicas, remote, client)| {
            let mut s = Scenario::default();
            s.aurora.readers = readers;
            s.aurora.secondary_regions = secondaries;
            s.dynamodb.replica_regions = replicas;
            s.regions.remote_share = remote;
            s.aurora.client_driver = if client == 1 {
                ClientDriver::AwsWrapper
            } else {
                ClientDriver::Plain
            };
            s.aurora.access = if client == 2 { Access::RdsProxy } else { Access::Direct };
            s
        },
    )
}

/// Drop faults the setup cannot have (no reader to lose, no secondary to switch to).
fn allowed(s: &Scenario, faults: Vec<Fault>) -> Vec<Fault> {
    faults
        .into_iter()
        .filter(|f| match f {
            Fault::AuroraReaderLoss { .. } => s.aurora.readers > 0,
            Fault::RegionSwitchover { .. } => s.aurora.secondary_regions > 0,
            _ => true,
        })
        .collect()
}

/// Every share on a grid of intervals, for both databases, reads and writes.
fn shares(plan: &FaultPlan) -> Vec<f64> {
    (0..120)
        .flat_map(|i| {
            let t = f64::from(i) * 250.0;
            let fx = plan.effects(t, t + 250.0);
            [
                fx.dynamodb.read_share(),
                fx.dynamodb.write_share(),
                fx.aurora.read_share(),
                fx.aurora.write_share(),
                fx.aurora_readers_down,
            ]
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_fault_never_lowers_a_failing_share(setup in any_setup(), faults in prop::collection::vec(any_fault(), 0..6), extra in any_fault()) {
        let base = allowed(&setup, faults);
        let mut more = base.clone();
        more.extend(allowed(&setup, vec![extra]));
        let (a, b) = (with_faults(setup.clone(), base), with_faults(setup, more));
        for (x, y) in shares(&FaultPlan::new(&a)).into_iter().zip(shares(&FaultPlan::new(&b))) {
            prop_assert!(y >= x - 1e-12, "{x} → {y}");
        }
    }

    #[test]
    fn a_longer_fault_never_lowers_a_failing_share(setup in any_setup(), fault in any_fault(), longer in 1.0..10.0f64) {
        let f = allowed(&setup, vec![fault]);
        let stretched: Vec<Fault> = f.iter().map(|x| x.with_duration(x.duration_s().unwrap_or(0.0) * longer)).collect();
        let (a, b) = (with_faults(setup.clone(), f), with_faults(setup, stretched));
        for (x, y) in shares(&FaultPlan::new(&a)).into_iter().zip(shares(&FaultPlan::new(&b))) {
            prop_assert!(y >= x - 1e-12, "{x} → {y}");
        }
    }

    #[test]
    fn shares_are_shares_and_impacts_are_finite(setup in any_setup(), faults in prop::collection::vec(any_fault(), 0..8)) {
        let kept = allowed(&setup, faults);
        let s = with_faults(setup, kept);
        let plan = FaultPlan::new(&s);
        for v in shares(&plan) {
            prop_assert!(v.is_finite() && v >= 0.0);
        }
        for fx in (0..100).map(|i| plan.effects(f64::from(i) * 300.0, f64::from(i + 1) * 300.0)) {
            prop_assert!(fx.aurora.read_share() <= 1.0 && fx.aurora.write_share() <= 1.0);
            prop_assert!(fx.aurora_readers_down <= f64::from(s.aurora.readers) + 1e-12);
            let sum: f64 = fx.aurora.reads.iter().sum();
            prop_assert!(sum <= 1.0 + 1e-9, "{sum}");
        }
        for i in plan.impacts(steady) {
            for d in [&i.dynamodb, &i.aurora] {
                prop_assert!([d.write_outage_s, d.read_outage_s, d.failed_reads, d.failed_writes, d.writes_lost, d.recover_s].iter().all(|v| v.is_finite() && *v >= 0.0));
                prop_assert!(!d.verdict.contains("NaN"));
            }
        }
    }
}
