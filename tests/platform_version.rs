//! Serverless v2 platform versions (issue 19): version 4 does more per ACU and scales up
//! sooner than 3, by the editable gains (AWS's "up to 30 %" and "up to 45 %"); 2 is 3 here
//! (no published difference); provisioned instances have no platform version; the default is
//! 3, the version the model's CPU and scaling estimates were fitted to.

use scalelab::model::aurora::config::{DEFAULT_PLATFORM_VERSION, LATEST_PLATFORM_VERSION};
use scalelab::model::aurora::{self, AuroraConfig};
use scalelab::model::estimates::Estimates;
use scalelab::model::prices::PriceTable;
use scalelab::model::scenario::{Scenario, SimSettings};
use scalelab::model::sim;
use scalelab::model::traffic::Traffic;
use scalelab::model::workload::Workload;

fn settled_writer_acu(requests_per_s: f64, version: u8) -> f64 {
    let w = Workload { requests_per_s, read_share: 0.0, ..Workload::default() };
    let cfg = AuroraConfig { platform_version: version, readers: 0, max_acu: 256.0, ..AuroraConfig::default() };
    aurora::steady(&w, &cfg, &PriceTable::default(), &Estimates::default()).writer.acu
}

#[test]
fn the_default_is_version_3_and_versions_2_to_4_are_accepted() {
    assert_eq!(AuroraConfig::default().platform_version, DEFAULT_PLATFORM_VERSION);
    assert_eq!(DEFAULT_PLATFORM_VERSION, 3);
    assert_eq!(LATEST_PLATFORM_VERSION, 4);
    for v in 2..=4 {
        assert!(AuroraConfig { platform_version: v, ..AuroraConfig::default() }.validate().is_ok());
    }
    for v in [0, 1, 5] {
        let e = AuroraConfig { platform_version: v, ..AuroraConfig::default() }.validate().unwrap_err();
        assert!(e.contains("aurora.platform_version") && e.contains("2 to 4"), "{e}");
    }
    // Not written at the default, so earlier files and links are unchanged.
    let text = serde_json::to_string(&Scenario::default()).unwrap();
    assert!(!text.contains("platform_version"), "{text}");
}

#[test]
fn version_4_needs_fewer_acu_for_the_same_load_by_its_throughput_gain() {
    let gain = Estimates::default().aurora_pv4_throughput_gain;
    assert_eq!(gain, 1.3, "AWS: up to 30 % better performance");
    // A write load that needs tens of ACU on version 3.
    let (v3, v4) = (settled_writer_acu(30_000.0, 3), settled_writer_acu(30_000.0, 4));
    assert!(v3 >= 20.0, "{v3}");
    // On the 0.5 ACU grid, within one step of v3 / gain.
    assert!((v4 - v3 / gain).abs() <= 0.5 + 1e-9, "v3 {v3} ACU, v4 {v4} ACU");
    assert_eq!(settled_writer_acu(30_000.0, 2), v3, "version 2 is version 3 here");
}

#[test]
fn provisioned_instances_ignore_the_platform_version() {
    let w = Workload { requests_per_s: 5_000.0, ..Workload::default() };
    let run = |v: u8| {
        let cfg = AuroraConfig { instance_class: Some("db.r6g.xlarge".into()), platform_version: v, ..AuroraConfig::default() };
        aurora::steady(&w, &cfg, &PriceTable::default(), &Estimates::default())
    };
    assert_eq!(run(3), run(4));
}

/// Seconds from a 20× step in load until the writer first reaches `acu`.
fn seconds_to_reach(version: u8, acu: f64) -> f64 {
    let mut s = Scenario::default();
    s.workload.read_share = 0.0;
    s.workload.requests_per_s = 500.0;
    s.aurora.readers = 0;
    s.aurora.platform_version = version;
    s.traffic = Traffic::Spike { multiplier: 20.0, start_s: 600.0, duration_s: 3_000.0 };
    s.simulation = SimSettings { duration_s: 3_600.0, step_s: Some(1.0), ..SimSettings::default() };
    let run = sim::run(&s);
    let i = run.aurora.writer_acu.max.iter().position(|&a| a >= acu).expect("the writer reaches it");
    run.t_s[i] - 600.0
}

#[test]
fn version_4_scales_up_sooner_by_its_scale_up_gain() {
    let gain = Estimates::default().aurora_pv4_scale_up_gain;
    assert_eq!(gain, 1.45, "AWS: scales up to 45 % faster");
    // The same climb (each increment half the current ACU) with increments every 30 s on
    // version 3 and every 30 / 1.45 s on version 4: to the same ACU in 1 / 1.45 the time,
    // give or take the first increment (immediate) and the 1 s step.
    let (v3, v4) = (seconds_to_reach(3, 8.0), seconds_to_reach(4, 8.0));
    assert!(v3 > 60.0, "version 3 takes minutes: {v3} s");
    let ratio = v3 / v4;
    assert!((ratio - gain).abs() < 0.1, "v3 {v3} s, v4 {v4} s: ratio {ratio}");
}
