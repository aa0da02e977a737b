//! The sequence diagram drawn natively into SVG: both global-table modes beside Aurora Global
//! Database with the model's latencies on the arrows, the animation drawing messages one
//! after another, and the failover sequence of the fault active at the time cursor.
#![cfg(not(target_arch = "wasm32"))]

use plotters::prelude::*;
use scalelab::chart::sequence::{self, SequenceSpec};
use scalelab::model::faults::Fault;
use scalelab::model::presets;
use scalelab::model::scenario::Scenario;

fn svg(spec: &SequenceSpec, t_s: Option<f64>, phase: Option<f64>) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (1280, 720)).into_drawing_area();
        sequence::draw(&root, spec, t_s, phase).expect("the sequence diagram draws");
    }
    out
}

/// Solid (drawn) message heads: arrowhead polygons in a database's colour.
fn heads(svg: &str, colour: &str) -> usize {
    svg.lines()
        .filter(|l| l.contains("<polygon") && l.to_uppercase().contains(colour))
        .count()
}

#[test]
fn both_modes_and_aurora_carry_the_models_latencies() {
    let s = Scenario::default();
    let e = &s.estimates;
    let out = svg(&SequenceSpec::new(&s), None, None);
    for needle in [
        "DynamoDB global tables",
        "MREC",
        "MRSC",
        "Aurora Global Database",
        "Region A",
        "Region B",
        "PutItem",
        "GetItem, strong",
        "SELECT",
        "#D55E00",
        "#0072B2",
    ] {
        assert!(
            out.to_uppercase().contains(&needle.to_uppercase()),
            "missing {needle}"
        );
    }
    // MREC's write is local; MRSC's pays one round trip; the strong read too.
    assert!(
        out.contains(&format!("OK · {} ms", e.ddb_write_p50_ms)),
        "MREC write"
    );
    assert!(
        out.contains(&format!(
            "OK · {} ms",
            e.ddb_write_p50_ms + e.inter_region_rtt_ms
        )),
        "MRSC write"
    );
    assert!(
        out.contains(&format!(
            "new value · {} ms",
            e.ddb_read_p50_ms + e.inter_region_rtt_ms
        )),
        "MRSC strong read"
    );
    assert!(
        out.contains("old value"),
        "an async read may miss the write"
    );
    assert!(
        out.contains("replicates")
            && out.contains("storage replication")
            && out.matches("≈ 1 s later").count() == 2,
        "asynchronous replication, on two lines"
    );
    assert!(!out.contains("NaN"));
}

#[test]
fn the_animation_draws_messages_in_order() {
    let spec = SequenceSpec::new(&Scenario::default());
    let (start, middle, end) = (
        svg(&spec, None, Some(0.0)),
        svg(&spec, None, Some(0.5)),
        svg(&spec, None, Some(1.0)),
    );
    let (a, b, c) = (
        heads(&start, "#D55E00"),
        heads(&middle, "#D55E00"),
        heads(&end, "#D55E00"),
    );
    assert!(a < b && b < c, "DynamoDB arrows drawn: {a} → {b} → {c}");
    assert!(
        middle.matches("<circle").count() >= 1,
        "a message in flight carries a dot"
    );
    // The phase follows the run's cursor: a quarter of the run is one cycle.
    assert_eq!(spec.phase_at(0.0), 0.0);
    assert!((spec.phase_at(spec.cycle_s * 1.5) - 0.5).abs() < 1e-12);
}

#[test]
fn an_active_fault_shows_its_failover_sequence_with_times() {
    let s = presets::find("writer-failover-at-peak").unwrap().scenario();
    let spec = SequenceSpec::new(&s);
    let at = s.faults[0].at_s();
    let during = svg(&spec, Some(at + 12.0), Some(0.3));
    for needle in [
        "Writer failover at 1:15 h",
        "now +12 s: Aurora promotion",
        "detection 10 s",
        "promotion 10 s",
        "reconnect (plain driver) 45 s",
        "not affected",
    ] {
        assert!(during.contains(needle), "missing {needle}");
    }
    // The Aurora panel says what fails right now (its only promoted reader's reads too).
    assert!(
        during.contains("now: 100 % of writes, 50 % of reads fail"),
        "the Aurora panel's banner"
    );
    let before = svg(&spec, Some(at - 600.0), Some(0.3));
    assert!(!before.contains("now: "), "no banner without a fault");
    assert!(
        before.contains("No fault at this moment") && before.contains("Writer failover at 1:15 h")
    );
    let none = svg(&SequenceSpec::new(&Scenario::default()), Some(100.0), None);
    assert!(none.contains("No fault in this scenario"));
}

#[test]
fn a_region_outage_shows_both_databases_on_one_axis() {
    let s = presets::find("region-outage").unwrap().scenario();
    let spec = SequenceSpec::new(&s);
    let out = svg(&spec, Some(s.faults[0].at_s() + 200.0), None);
    for needle in [
        "Region A outage",
        "Region A clients redirected",
        "decide to fail over",
        "+2 min",
        "+4 min",
    ] {
        assert!(out.contains(needle), "missing {needle}");
    }
    assert!(
        out.contains("your scenario"),
        "the scenario's own mode is marked"
    );
}

#[test]
fn every_fault_kind_and_extreme_estimates_draw_without_nan() {
    let mut s = Scenario::default();
    s.aurora.readers = 0;
    s.aurora.secondary_regions = 1;
    s.estimates.inter_region_rtt_ms = 1e6;
    s.estimates.ddb_replication_lag_ms = 1e-3;
    s.faults = vec![
        Fault::AuroraWriterFailover { at_s: 10.0 },
        Fault::AuroraReboot { at_s: 5_000.0 },
        Fault::AzOutage {
            at_s: 10_000.0,
            duration_s: 60.0,
            az: scalelab::model::faults::Az::A,
        },
        Fault::RegionSwitchover { at_s: 20_000.0 },
    ];
    s.validate().unwrap();
    let spec = SequenceSpec::new(&s);
    for t in [0.0, 11.0, 5_010.0, 10_030.0, 20_005.0, 1e9] {
        let out = svg(&spec, Some(t), Some(t.fract()));
        assert!(!out.contains("NaN") && !out.contains("inf"), "at {t}");
    }
}

#[test]
fn run_charts_shade_each_fault_window_with_its_label() {
    use scalelab::chart::timeline;
    use scalelab::model::sim::Database;
    let s = presets::find("region-outage").unwrap().scenario();
    let run = scalelab::model::sim::run(&s);
    assert_eq!(run.fault_windows, scalelab::model::faults::FaultPlan::new(&s).windows());
    let draw = |run: &scalelab::model::sim::SimRun| {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (720, 440)).into_drawing_area();
            timeline::draw_losses(&root, run, Database::Aurora).unwrap();
        }
        out
    };
    let mut without = run.clone();
    without.fault_windows.clear();
    let (shaded, plain) = (draw(&run), draw(&without));
    assert!(shaded.contains("Region A outage (60 min)"), "the window's label");
    assert!(shaded.to_uppercase().contains("#333333"), "the window's colour");
    assert!(!plain.to_uppercase().contains("#333333"), "no windows, no shading");
    let mut latency = String::new();
    {
        let root = SVGBackend::with_string(&mut latency, (720, 440)).into_drawing_area();
        timeline::draw_latency(&root, &run).unwrap();
    }
    assert!(latency.contains("Region A outage (60 min)"));
}

#[test]
fn dsql_has_its_panel_and_its_row_in_a_region_outage_when_the_scenario_names_it() {
    use scalelab::model::database::Database;
    use scalelab::model::dsql::Topology;
    let mut s = presets::find("region-outage").unwrap().scenario();
    let at = s.faults[0].at_s();
    let without = svg(&SequenceSpec::new(&s), Some(at + 200.0), None);
    assert!(!without.contains("Aurora DSQL"));
    s.contenders.push(Database::Dsql);
    s.dsql.topology = Topology::MultiRegion;
    let spec = SequenceSpec::new(&s);
    assert_eq!(spec.panels.len(), 4);
    let out = svg(&spec, Some(at + 200.0), None);
    for needle in ["Aurora DSQL", "multi-Region: A and B + a witness", "commit sync", "RPO 0", "Region B keeps serving", "#009E73"] {
        assert!(out.to_uppercase().contains(&needle.to_uppercase()), "missing {needle}");
    }
    // A single-Region cluster in the lost Region: its row says so, and its panel reads across.
    s.dsql.topology = Topology::SingleRegion;
    let single = svg(&SequenceSpec::new(&s), Some(at + 200.0), None);
    for needle in ["single-Region (in A)", "SELECT (to Region A)", "Region A down (single-Region cluster)"] {
        assert!(single.contains(needle), "missing {needle}");
    }
    assert!(!single.contains("NaN"));
    if let Ok(dir) = std::env::var("SCALELAB_SHOTS") {
        std::fs::write(format!("{dir}/sequence-dsql.svg"), &out).unwrap();
    }
}
