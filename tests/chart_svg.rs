//! Both charts drawn natively into SVG: the drawing code runs without a browser, and what
//! it draws carries both databases' colours, the axis titles with units and the current
//! point.
#![cfg(not(target_arch = "wasm32"))]

use plotters::prelude::*;
use scalelab::chart::{cost, latency, sweep::SweepChart};
use scalelab::model::scenario::Scenario;

fn spec(scenario: &Scenario) -> SweepChart {
    SweepChart::new(&scenario.sweep(25), scenario.compare())
}

fn svg(draw: impl Fn(&DrawingArea<SVGBackend, plotters::coord::Shift>)) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (720, 440)).into_drawing_area();
        draw(&root);
    }
    out
}

#[test]
fn cost_chart_draws_both_databases_with_labelled_axes() {
    let s = spec(&Scenario::default());
    let out = svg(|root| cost::draw(root, &s).expect("cost chart draws"));
    for needle in ["#D55E00", "#0072B2", "Traffic (requests/s", "USD per month", "DynamoDB on-demand", "Aurora Serverless v2"] {
        assert!(out.to_uppercase().contains(&needle.to_uppercase()), "missing {needle}");
    }
    assert!(out.contains("<polyline"), "no lines drawn");
    assert!(out.matches("<circle").count() >= 3, "current point not marked");
}

#[test]
fn latency_chart_has_both_axes_and_failing_share() {
    let s = spec(&Scenario::default());
    let out = svg(|root| latency::draw(root, &s).expect("latency chart draws"));
    for needle in ["p99 latency (ms", "Throttled / failed requests (%)", "DynamoDB throttled", "Aurora timed out"] {
        assert!(out.contains(needle), "missing {needle}");
    }
    assert!(out.matches("<polyline").count() >= 4);
}

#[test]
fn charts_draw_for_every_query_type_and_extreme_inputs() {
    for q in scalelab::model::workload::QueryKind::ALL {
        for (rps, skew, item) in [(1.0, 0.0, 0.1), (1e7, 2.0, 400.0)] {
            let mut s = Scenario::default();
            s.workload.query = q;
            s.workload.requests_per_s = rps;
            s.workload.key_skew = skew;
            s.workload.item_size_kb = item;
            let sp = spec(&s);
            let out = svg(|root| {
                cost::draw(root, &sp).expect("cost");
                latency::draw(root, &sp).expect("latency");
            });
            assert!(!out.contains("NaN"), "{q:?} {rps}");
        }
    }
}

#[test]
fn timeline_charts_draw_every_preset_with_time_axis_and_both_databases() {
    use scalelab::chart::timeline;
    for p in &scalelab::model::presets::PRESETS {
        let run = scalelab::model::sim::run(&p.scenario());
        let out = svg(|root| {
            let (top, rest) = root.split_vertically(150);
            let (bottom, last) = rest.split_vertically(150);
            let (e, f) = last.split_horizontally(360);
            timeline::draw_cumulative_cost(&e, &run).expect("cumulative cost");
            timeline::draw_losses(&f, &run, scalelab::model::sim::Database::Aurora).expect("aurora losses");
            let (a, b) = top.split_horizontally(360);
            let (c, d) = bottom.split_horizontally(360);
            timeline::draw_losses(&a, &run, scalelab::model::sim::Database::Dynamodb).expect("dynamodb losses");
            timeline::draw_latency(&b, &run).expect("latency");
            timeline::draw_dynamodb_capacity(&c, &run).expect("dynamodb capacity");
            timeline::draw_aurora_capacity(&d, &run).expect("aurora capacity");
        });
        for needle in ["Time (hours)", "#D55E00", "#0072B2", "Offered traffic", "Writer ACU", "capacity in force", "Cost so far (USD)", "DynamoDB p50", "requests lost, by cause"] {
            assert!(out.to_uppercase().contains(&needle.to_uppercase()), "{}: missing {needle}", p.id);
        }
        assert!(!out.contains("NaN"), "{}", p.id);
    }
}

#[test]
fn trace_chart_draws_the_envelope_the_mean_the_peak_and_the_window_with_units() {
    use scalelab::chart::trace::{self, TraceChart, TracePreview, PREVIEW_BUCKETS};
    use scalelab::model::import::{import_bytes, ImportSettings};
    let bytes = std::fs::read(format!("{}/tests/fixtures/trace-per-second.csv", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let t = import_bytes("trace.csv", &bytes, &ImportSettings::default()).unwrap();
    let s = t.summary();
    let chart = TraceChart {
        preview: TracePreview::of(&t, PREVIEW_BUCKETS),
        factor: 2.0,
        window: Some((900.0, 2_700.0)),
        mean_rps: s.mean_rps,
        peak_rps: s.peak_rps,
        peak_at_s: s.peak_at_s,
        start_utc: t.start_utc.clone(),
    };
    let out = svg(|root| trace::draw(root, &chart).expect("trace chart draws"));
    for needle in [
        "Requests per second (req/s)",
        "Time (min from 2026-11-03T14:00:00Z)",
        "Lowest to highest in each 3.6 s",
        "Mean over the trace: 2,052 req/s",
        "Peak: 5,594 req/s",
        "Outside the window: not simulated",
    ] {
        assert!(out.contains(needle), "missing {needle}");
    }
    assert!(out.contains("<polygon"), "no envelope drawn");
}
