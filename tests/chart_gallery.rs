//! The run charts drawn for people to look at: `CHART_GALLERY=/some/dir cargo test --release
//! --test chart_gallery -- --ignored` writes SVGs of a smooth preset, two rough per-second
//! runs and the two CloudWatch fixtures with their recorded series.
#![cfg(not(target_arch = "wasm32"))]

use plotters::prelude::*;
use scalelab::chart::timeline;
use scalelab::model::import::{import_bytes, ImportSettings};
use scalelab::model::scenario::Scenario;
use scalelab::model::sim::{self, Database};
use scalelab::model::traffic::Traffic;

fn svg(draw: impl Fn(&DrawingArea<SVGBackend, plotters::coord::Shift>)) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (720, 440)).into_drawing_area();
        draw(&root);
    }
    out
}

/// A tiny deterministic generator (xorshift), uniform in [0, 1).
fn noise(seed: &mut u64) -> f64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    (*seed >> 11) as f64 / (1u64 << 53) as f64
}

fn rough_diurnal(hours: f64) -> Scenario {
    let mut s = Scenario::default();
    let mut seed = 7u64;
    let n = (hours * 3600.0) as usize;
    let points = (0..n)
        .map(|i| {
            let t = i as f64;
            let base = 3_000.0 + 2_500.0 * (std::f64::consts::TAU * t / 86_400.0).sin();
            (t, (base * (0.2 + 1.6 * noise(&mut seed))).max(0.0))
        })
        .collect();
    s.traffic = Traffic::series_held(points);
    s.simulation.duration_s = hours * 3600.0;
    s.simulation.step_s = Some(1.0);
    s
}

fn jumpy(hours: f64) -> Scenario {
    let mut s = Scenario::default();
    let mut seed = 11u64;
    let n = (hours * 3600.0) as usize;
    let points = (0..n).map(|i| (i as f64, if noise(&mut seed) < 0.5 { 0.0 } else { 40_000.0 * noise(&mut seed) })).collect();
    s.traffic = Traffic::series_held(points);
    s.simulation.duration_s = hours * 3600.0;
    s.simulation.step_s = Some(1.0);
    s
}

/// The chart tests' rough run: two hours of a fresh rate every second, 0 to 16,000 req/s.
fn rough_two_hours() -> Scenario {
    let mut s = Scenario::default();
    let mut seed = 7u64;
    let points = (0..7_200)
        .map(|i| {
            let base = 6_000.0 + 2_000.0 * (std::f64::consts::TAU * i as f64 / 7_200.0).sin();
            (i as f64, base * 2.0 * noise(&mut seed))
        })
        .collect();
    s.traffic = Traffic::series_held(points);
    s.simulation.duration_s = 7_200.0;
    s.simulation.step_s = Some(1.0);
    s
}

fn fixture(name: &str, mut s: Scenario) -> Scenario {
    let bytes = std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let t = import_bytes(name, &bytes, &ImportSettings::for_scenario(&s)).unwrap();
    t.apply_to(&mut s).unwrap();
    s
}

#[test]
#[ignore]
fn gallery() {
    let Ok(dir) = std::env::var("CHART_GALLERY") else { return };
    let mut provisioned = Scenario::default();
    provisioned.dynamodb.mode = scalelab::model::dynamodb::CapacityMode::Provisioned;
    provisioned.dynamodb.provisioned_rcu = 1_000.0;
    provisioned.dynamodb.provisioned_wcu = 600.0;
    provisioned.dynamodb.auto_scaling = false;
    let only = std::env::var("CHART_ONLY").unwrap_or_default();
    let cases: Vec<(&str, Scenario)> = vec![
        ("smooth", scalelab::model::presets::find("flash-sale").unwrap().scenario()),
        ("session", scalelab::model::presets::find("session-store").unwrap().scenario()),
        ("rough", rough_diurnal(24.0)),
        ("jumpy", jumpy(6.0)),
        ("rough2h", rough_two_hours()),
        ("ddbfix", fixture("dynamodb-provisioned-throttles.json", provisioned)),
        ("aurorafix", fixture("aurora-serverless-v2.json", Scenario::default())),
    ];
    for (name, s) in cases {
        if !only.is_empty() && !only.split(',').any(|o| o == name) {
            continue;
        }
        s.validate().unwrap();
        let t = std::time::Instant::now();
        let run = sim::run(&s);
        eprintln!("{name}: {} steps, {} buckets, {:?}", run.steps, run.t_s.len(), t.elapsed());
        let recorded = s.recorded.as_ref();
        let charts: Vec<(&str, String)> = vec![
            ("latency", svg(|r| timeline::draw_latency(r, &run).unwrap())),
            ("ddbcap", svg(|r| timeline::draw_dynamodb_capacity(r, &run, recorded).unwrap())),
            ("throttles", svg(|r| timeline::draw_throttle_events(r, &run, recorded).unwrap())),
            ("auroracap", svg(|r| timeline::draw_aurora_capacity(r, &run, recorded).unwrap())),
            ("ddbloss", svg(|r| timeline::draw_losses(r, &run, Database::Dynamodb).unwrap())),
            ("auroraloss", svg(|r| timeline::draw_losses(r, &run, Database::Aurora).unwrap())),
        ];
        for (chart, text) in charts {
            std::fs::write(format!("{dir}/{name}-{chart}.svg"), text).unwrap();
        }
    }
}
