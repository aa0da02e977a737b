//! Both charts drawn natively into SVG: the drawing code runs without a browser, and what
//! it draws carries both databases' colours, the axis titles with units and the current
//! point.
#![cfg(not(target_arch = "wasm32"))]

use plotters::prelude::*;
use scalelab::chart::{cost, latency, sweep::SweepChart};
use scalelab::model::scenario::Scenario;

fn spec(scenario: &Scenario) -> SweepChart {
    SweepChart::new(&scenario.sweep(25))
}

fn svg(mut draw: impl FnMut(&DrawingArea<SVGBackend, plotters::coord::Shift>)) -> String {
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
    let out = svg(|root| cost::draw(root, &s, &Scenario::default().compare()).expect("cost chart draws"));
    for needle in ["#D55E00", "#0072B2", "Traffic (requests/s", "USD per month", "DynamoDB on-demand", "Aurora Serverless v2"] {
        assert!(out.to_uppercase().contains(&needle.to_uppercase()), "missing {needle}");
    }
    assert!(out.contains("<polyline"), "no lines drawn");
    assert!(out.matches("<circle").count() >= 3, "current point not marked");
}

#[test]
fn latency_chart_has_both_axes_and_failing_share() {
    let s = spec(&Scenario::default());
    let out = svg(|root| latency::draw(root, &s, &Scenario::default().compare()).expect("latency chart draws"));
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
            let (sp, now) = (spec(&s), s.compare());
            let out = svg(|root| {
                cost::draw(root, &sp, &now).expect("cost");
                latency::draw(root, &sp, &now).expect("latency");
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
            timeline::draw_dynamodb_capacity(&c, &run, None).expect("dynamodb capacity");
            timeline::draw_aurora_capacity(&d, &run, None).expect("aurora capacity");
        });
        for needle in ["Time (hours)", "#D55E00", "#0072B2", "Offered traffic", "Writer ACU", "capacity in force", "Cost so far (USD)", "DynamoDB p50", "requests lost, by cause"] {
            assert!(out.to_uppercase().contains(&needle.to_uppercase()), "{}: missing {needle}", p.id);
        }
        assert!(!out.contains("NaN"), "{}", p.id);
    }
}

// ---- Rough traffic and recorded series on the run charts (issue 16) ----

use scalelab::chart::envelope::BAND_ALPHA;
use scalelab::chart::timeline;
use scalelab::model::import::{import_bytes, ImportSettings, Metric, Recorded, RecordedSeries, RecordedUnit, Statistic};
use scalelab::model::sim::{self, Database, Series, SimRun};

/// The run charts of `run`, each on its own 720 × 440 canvas (the page's size).
fn run_charts(run: &SimRun, recorded: Option<&Recorded>) -> Vec<(&'static str, String)> {
    vec![
        ("latency", svg(|r| timeline::draw_latency(r, run).expect("latency"))),
        ("dynamodb capacity", svg(|r| timeline::draw_dynamodb_capacity(r, run, recorded).expect("dynamodb capacity"))),
        ("throttle events", svg(|r| timeline::draw_throttle_events(r, run, recorded).expect("throttle events"))),
        ("aurora capacity", svg(|r| timeline::draw_aurora_capacity(r, run, recorded).expect("aurora capacity"))),
        ("dynamodb losses", svg(|r| timeline::draw_losses(r, run, Database::Dynamodb).expect("dynamodb losses"))),
        ("aurora losses", svg(|r| timeline::draw_losses(r, run, Database::Aurora).expect("aurora losses"))),
        ("cumulative cost", svg(|r| timeline::draw_cumulative_cost(r, run).expect("cumulative cost"))),
        ("bill", svg(|r| scalelab::chart::bill::draw(r, run).expect("bill"))),
    ]
}

/// The value of `name="…"` in an SVG tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split('"').next()
}

/// The `points="x,y x,y …"` of an SVG polygon or polyline tag.
fn points(tag: &str) -> Vec<(f64, f64)> {
    attr(tag, "points")
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|p| p.split_once(',').and_then(|(x, y)| Some((x.parse().ok()?, y.parse().ok()?))))
        .collect()
}

/// Area (px²) of every band drawn in `colour`: translucent polygons at the bands' opacity.
fn band_areas(svg: &str, colour: &str) -> Vec<f64> {
    svg.split("<polygon")
        .skip(1)
        .map(|rest| rest.split("/>").next().unwrap_or(""))
        .filter(|tag| attr(tag, "fill") == Some(colour) && attr(tag, "opacity").and_then(|o| o.parse::<f64>().ok()).is_some_and(|o| (o - BAND_ALPHA).abs() < 1e-3))
        .map(|tag| {
            let pts = points(tag);
            let twice: f64 = pts.iter().zip(pts.iter().cycle().skip(1)).map(|(a, b)| a.0 * b.1 - b.0 * a.1).sum();
            twice.abs() / 2.0
        })
        .collect()
}

/// Polylines stroked in `colour`.
fn polylines(svg: &str, colour: &str) -> usize {
    svg.split("<polyline").skip(1).filter(|rest| attr(rest.split("/>").next().unwrap_or(""), "stroke") == Some(colour)).count()
}

/// Polylines stroked in `colour` through more than two points (not a legend's swatch).
fn long_polylines(svg: &str, colour: &str) -> usize {
    svg.split("<polyline")
        .skip(1)
        .map(|rest| rest.split("/>").next().unwrap_or(""))
        .filter(|tag| attr(tag, "stroke") == Some(colour) && attr(tag, "points").is_some_and(|p| p.split_whitespace().count() > 2))
        .count()
}

/// The texts of an SVG (plotters writes each between its tag and `</text>`).
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text").skip(1).filter_map(|rest| rest.split_once('>').map(|(_, t)| t.split("</text>").next().unwrap_or("").trim().to_string())).collect()
}

/// A run of `n` one-minute buckets, p99 of both databases given per bucket as
/// `(mean, min, max)`, everything else flat.
fn hand_run(n: usize, p99: impl Fn(usize) -> (f64, f64, f64)) -> SimRun {
    let flat = |v: f64| Series { mean: vec![v; n], min: vec![v; n], max: vec![v; n] };
    let (mean, min, max): (Vec<f64>, Vec<f64>, Vec<f64>) = (0..n).map(&p99).fold((vec![], vec![], vec![]), |mut acc, (a, b, c)| {
        acc.0.push(a);
        acc.1.push(b);
        acc.2.push(c);
        acc
    });
    let p99 = Series { mean, min, max };
    let mut run = SimRun {
        step_s: 60.0,
        steps: n,
        steps_done: n,
        duration_s: n as f64 * 60.0,
        bucket_steps: 1,
        t_s: (0..n).map(|i| i as f64 * 60.0).collect(),
        ..SimRun::default()
    };
    let d = &mut run.dynamodb;
    (d.p99_ms, d.p50_ms, d.offered_rps, d.read_capacity_units, d.consumed_read_units) = (p99.clone(), flat(3.0), flat(1_000.0), flat(2_000.0), flat(500.0));
    let a = &mut run.aurora;
    (a.p99_ms, a.p50_ms, a.offered_rps, a.writer_acu, a.writer_needed_acu) = (flat(12.0), flat(2.0), flat(1_000.0), flat(4.0), flat(3.5));
    run
}

/// A tiny deterministic generator (xorshift), uniform in [0, 1).
fn noise(seed: &mut u64) -> f64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    (*seed >> 11) as f64 / (1u64 << 53) as f64
}

/// Two hours of a person's per-second trace: every second a fresh rate between 0 and
/// 16,000 req/s around a slow swell, run at 1 s steps.
fn rough_scenario() -> Scenario {
    let mut s = Scenario::default();
    let mut seed = 7u64;
    let points = (0..7_200)
        .map(|i| {
            let base = 6_000.0 + 2_000.0 * (std::f64::consts::TAU * i as f64 / 7_200.0).sin();
            (i as f64, base * 2.0 * noise(&mut seed))
        })
        .collect();
    s.traffic = scalelab::model::traffic::Traffic::series_held(points);
    s.simulation.duration_s = 7_200.0;
    s.simulation.step_s = Some(1.0);
    s
}

fn fixture_scenario(name: &str, mut s: Scenario) -> Scenario {
    let bytes = std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
    let t = import_bytes(name, &bytes, &ImportSettings::for_scenario(&s)).expect("import");
    t.apply_to(&mut s).expect("apply");
    s
}

fn provisioned() -> Scenario {
    let mut s = Scenario::default();
    s.dynamodb.mode = scalelab::model::dynamodb::CapacityMode::Provisioned;
    s.dynamodb.provisioned_rcu = 1_000.0;
    s.dynamodb.provisioned_wcu = 600.0;
    s.dynamodb.auto_scaling = false;
    s
}

const DDB: &str = "#D55E00";
const AURORA: &str = "#0072B2";
const RECORDED: &str = "#111111";
const RECORDED_WRITE: &str = "#707070";
/// The plot of a 720 × 440 time chart is about 600 × 330 px.
const PLOT_PX2: f64 = 600.0 * 330.0;

#[test]
fn a_rough_per_second_run_draws_bands_means_and_its_worst_moments() {
    let run = sim::run(&rough_scenario());
    assert_eq!((run.bucket_steps, run.t_s.len()), (5, 1_440));
    let charts = run_charts(&run, None);
    let chart = |name: &str| &charts.iter().find(|c| c.0 == name).unwrap().1;
    // Capacity consumed swings from nothing to twice the mean every second: a wide band
    // behind a line that says it is the mean.
    let capacity = chart("dynamodb capacity");
    let area: f64 = band_areas(capacity, DDB).iter().sum();
    assert!(area > 0.1 * PLOT_PX2, "consumed read band of {area} px²");
    for needle in ["Read units consumed, mean of steps", "Shaded: lowest to highest step"] {
        assert!(capacity.contains(needle), "dynamodb capacity: missing {needle}");
    }
    // Its in-force capacity is a line of its own, not banded, and not called a mean.
    assert!(capacity.contains("Read capacity in force") && !capacity.contains("Read capacity in force, mean"));
    // The peak consumed step is marked with its value.
    let peak = run.dynamodb.consumed_read_units.max.iter().copied().fold(0.0, f64::max);
    assert!(texts(capacity).contains(&format!("{}/s", scalelab::format::si(peak))), "peak {peak} not marked: {:?}", texts(capacity));
    // The loss charts band the offered traffic and say the line is its mean.
    for name in ["dynamodb losses", "aurora losses"] {
        let c = chart(name);
        assert!(c.contains("Offered, lowest to highest step") && c.contains("Offered traffic, mean (right)"), "{name}");
    }
    for (name, c) in &charts {
        assert!(!c.contains("NaN"), "{name}");
    }
}

#[test]
fn rough_p99_is_a_mean_line_in_a_band_with_its_three_worst_steps_marked() {
    // DynamoDB's p99 flips between 3 ms and 40 ms within every minute, with three single
    // steps at the 10 s time-out; Aurora's is flat.
    let spikes = [200, 700, 1_200];
    let run = hand_run(1_440, |i| if spikes.contains(&i) { (400.0, 3.0, 10_000.0) } else { (8.0, 3.0, 40.0) });
    let out = svg(|r| timeline::draw_latency(r, &run).expect("latency"));
    let area: f64 = band_areas(&out, DDB).iter().sum();
    assert!(area > 0.05 * PLOT_PX2, "DynamoDB's p99 band: {area} px²");
    assert!(band_areas(&out, AURORA).is_empty(), "a flat p99 has no band");
    for needle in ["DynamoDB p99, mean of steps", "Shaded: p99, best to worst step", "Aurora p99"] {
        assert!(out.contains(needle), "missing {needle}");
    }
    assert!(!out.contains("Aurora p99, mean"), "Aurora's smooth p99 keeps its worst-step line");
    // Exactly the three time-outs are marked, each with its value, in DynamoDB's colour.
    let labels = texts(&out);
    assert_eq!(labels.iter().filter(|t| *t == "10 s").count(), 3, "{labels:?}");
    assert!(!labels.iter().any(|t| t == "40 ms"), "a step that is no worse than its neighbours is not marked: {labels:?}");
    let dots: Vec<&str> = out.split("<circle").skip(1).filter(|c| c.contains("r=\"4\"") && c.contains(DDB)).collect();
    assert_eq!(dots.len(), 3);
    // The marks sit where the time-outs were: 200, 700 and 1,200 minutes into 24 h.
    let xs: Vec<f64> = dots.iter().filter_map(|c| attr(c, "cx")?.parse().ok()).collect();
    let (left, right) = timeline::plot_span_px(720.0, false);
    for (x, minute) in xs.iter().zip(spikes) {
        let expected = left + (right - left) * (minute as f64 + 0.5) / 1_440.0;
        assert!((x - expected).abs() <= 3.0, "mark at {x} px, time-out at {expected} px");
    }
}

#[test]
fn smooth_presets_draw_their_lines_without_bands() {
    for p in &scalelab::model::presets::PRESETS {
        let run = sim::run(&p.scenario());
        for (name, out) in run_charts(&run, None) {
            for colour in [DDB, AURORA, "#993D00", "#56B4E9", "#8C959F"] {
                let area: f64 = band_areas(&out, colour).iter().sum();
                assert!(area < 0.01 * PLOT_PX2, "{}: {name} has a band of {area} px² in {colour}", p.id);
            }
            assert!(!out.contains("mean of steps") && !out.contains("lowest to highest") && !out.contains("best to worst"), "{}: {name}", p.id);
            assert!(!out.contains("NaN"), "{}: {name}", p.id);
            if name != "throttle events" {
                assert!(out.matches("<polyline").count() >= 2, "{}: {name} lost its lines", p.id);
            }
        }
    }
}

#[test]
fn recorded_series_are_drawn_over_the_run_on_the_same_axes() {
    let s = fixture_scenario("dynamodb-provisioned-throttles.json", provisioned());
    let recorded = s.recorded.as_ref().expect("recorded series");
    let run = sim::run(&s);
    let capacity = svg(|r| timeline::draw_dynamodb_capacity(r, &run, Some(recorded)).unwrap());
    for needle in ["Read, recorded (CloudWatch)", "Write, recorded (CloudWatch)", "and recorded", "largest gap, "] {
        assert!(capacity.contains(needle), "dynamodb capacity: missing {needle}");
    }
    // Consumed and provisioned, read (black) and write (grey), over the simulated lines.
    assert!(polylines(&capacity, RECORDED) >= 2 && polylines(&capacity, RECORDED_WRITE) >= 2);
    assert!(polylines(&capacity, DDB) >= 2, "the simulated lines are still drawn");
    // Provisioned capacity (5-minute datapoints) is dotted; 24 datapoints in 2 h each way.
    let dots = capacity.split("<circle").skip(1).filter(|c| c.contains("r=\"3\"") && c.contains(RECORDED)).count();
    assert!(dots >= 24, "{dots} recorded dots");

    let throttles = svg(|r| timeline::draw_throttle_events(r, &run, Some(recorded)).unwrap());
    for needle in ["DynamoDB throttle events per minute, recorded vs simulated", "Read throttle events, simulated", "Read, recorded (CloudWatch)", "Throttle events per minute", "largest gap, 15:"] {
        assert!(throttles.contains(needle), "throttle events: missing {needle}");
    }
    assert!(polylines(&throttles, RECORDED) >= 1 && polylines(&throttles, DDB) >= 1);
    assert!(!throttles.contains("NaN") && !capacity.contains("NaN"));

    // The same run without a recording: nothing recorded is drawn or named.
    for (name, out) in run_charts(&run, None) {
        assert!(!out.contains("recorded") && !out.contains("CloudWatch") && !out.contains("largest gap"), "{name}");
        assert_eq!(polylines(&out, RECORDED) + polylines(&out, RECORDED_WRITE), 0, "{name}");
    }
    let plain = svg(|r| timeline::draw_throttle_events(r, &run, None).unwrap());
    assert!(plain.contains("DynamoDB throttle events per minute") && plain.contains("Read throttle events, simulated"));

    // Aurora's recorded ACU on its capacity chart.
    let s = fixture_scenario("aurora-serverless-v2.json", Scenario::default());
    let run = sim::run(&s);
    let acu = svg(|r| timeline::draw_aurora_capacity(r, &run, s.recorded.as_ref()).unwrap());
    assert!(acu.contains("ACU, recorded (CloudWatch, Average)") && polylines(&acu, RECORDED) >= 1, "aurora capacity");
    assert!(polylines(&acu, AURORA) >= 2);
}

/// A recorded series of `metric` every minute over `minutes`.
fn recorded(metric: Metric, statistic: Statistic, unit: RecordedUnit, minutes: impl Iterator<Item = u32>) -> Recorded {
    let points = minutes.map(|m| (f64::from(m) * 60.0, 3.0 + f64::from(m % 7))).collect();
    Recorded { start_utc: None, series: vec![RecordedSeries { metric, statistic, period_s: 60.0, unit, points }] }
}

#[test]
fn a_gap_in_a_recorded_level_is_a_gap_and_a_missing_count_is_zero() {
    let mut s = Scenario::default();
    s.simulation.duration_s = 7_200.0;
    let run = sim::run(&s);
    // ACU recorded for the first 40 minutes and the last hour: two lines, nothing between.
    let acu = recorded(Metric::ServerlessDatabaseCapacity, Statistic::Average, RecordedUnit::Acu, (0..40).chain(60..120));
    let out = svg(|r| timeline::draw_aurora_capacity(r, &run, Some(&acu)).unwrap());
    assert_eq!(long_polylines(&out, RECORDED), 2, "a gap splits the recorded line");
    // The recorded line never drops to zero (the chart's bottom) in the gap.
    let bottom = out
        .split("<polyline")
        .skip(1)
        .filter(|p| attr(p, "stroke") == Some(RECORDED))
        .flat_map(|p| attr(p, "points").unwrap_or("").split_whitespace().filter_map(|xy| xy.split_once(',')?.1.parse::<f64>().ok()).collect::<Vec<_>>())
        .fold(0.0, f64::max);
    let zero_px = out.split("<polyline").skip(1).filter(|p| attr(p, "stroke") == Some(AURORA)).flat_map(|p| attr(p, "points").unwrap_or("").split_whitespace().filter_map(|xy| xy.split_once(',')?.1.parse::<f64>().ok()).collect::<Vec<_>>()).fold(0.0, f64::max);
    assert!(bottom < zero_px, "recorded ACU reaches {bottom} px, the writer's lowest is {zero_px} px");
    // Throttle events published only for some minutes: DynamoDB sends none for a minute
    // without any, so the missing minutes are zero: one unbroken line.
    let throttles = recorded(Metric::ReadThrottleEvents, Statistic::Sum, RecordedUnit::EventsPerMin, (10..20).chain(50..55));
    let out = svg(|r| timeline::draw_throttle_events(r, &run, Some(&throttles)).unwrap());
    assert_eq!(long_polylines(&out, RECORDED), 1);
}

#[test]
fn hostile_runs_and_recordings_draw_without_nan() {
    let ones = |n: usize, v: f64| Series { mean: vec![v; n], min: vec![v; n], max: vec![v; n] };
    let mut one_bucket = hand_run(1, |_| (5.0, 1.0, 10_000.0));
    one_bucket.duration_s = 86_400.0;
    one_bucket.steps = 1_440;
    let mut zeros = hand_run(30, |_| (0.0, 0.0, 0.0));
    zeros.dynamodb.offered_rps = ones(30, 0.0);
    zeros.aurora.offered_rps = ones(30, 0.0);
    zeros.aurora.writer_acu = ones(30, 0.0);
    let mut ragged = hand_run(40, |i| (i as f64, 0.0, 2.0 * i as f64));
    ragged.dynamodb.p50_ms.mean.truncate(10);
    ragged.aurora.writer_needed_acu = Series::default();
    let outside = Recorded {
        start_utc: None,
        series: vec![
            RecordedSeries { metric: Metric::ServerlessDatabaseCapacity, statistic: Statistic::Average, period_s: 60.0, unit: RecordedUnit::Acu, points: vec![(10_000_000.0, 4.0)] },
            RecordedSeries { metric: Metric::ReadThrottleEvents, statistic: Statistic::Sum, period_s: 60.0, unit: RecordedUnit::EventsPerMin, points: vec![(2_000_000.0, 9.0)] },
            RecordedSeries { metric: Metric::ConsumedReadCapacityUnits, statistic: Statistic::Sum, period_s: 86_400.0, unit: RecordedUnit::UnitsPerS, points: vec![] },
        ],
    };
    for (what, run) in [("empty", SimRun::default()), ("one bucket", one_bucket), ("all zero", zeros), ("ragged", ragged)] {
        for recorded in [None, Some(&outside), Some(&Recorded::default())] {
            for (name, out) in run_charts(&run, recorded) {
                assert!(!out.contains("NaN") && !out.contains("inf"), "{what}, {name}");
            }
        }
    }
    // A recording entirely after the run draws nothing of it.
    let run = hand_run(120, |_| (10.0, 10.0, 10.0));
    let out = svg(|r| timeline::draw_aurora_capacity(r, &run, Some(&outside)).unwrap());
    assert_eq!(polylines(&out, RECORDED), 0);
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

/// Every loss chart shares one scale, DSQL's too (issue 17): a run in which only DSQL loses
/// requests (a new connection per request at 500/s, above its 100/s) scales the losses up to
/// its share, not to the others' none; and a scale under 10 % labels its ticks with their
/// decimal (a 1 % scale read "0, 0, 0, 1, 1, 1" before).
#[test]
fn the_loss_charts_scale_to_the_worst_database_dsql_included_with_readable_ticks() {
    use scalelab::model::dsql::Connect;
    let mut s = Scenario::default();
    s.contenders = vec![Database::Dynamodb, Database::Aurora, Database::Dsql];
    s.dsql.connect = Connect::PerRequest;
    s.workload.requests_per_s = 500.0;
    s.simulation.duration_s = 3_600.0;
    let run = sim::run(&s);
    let q = run.dsql.as_ref().expect("DSQL ran");
    assert!(q.summary.failed_requests > 0.5 * q.summary.offered_requests, "DSQL loses most: {:?}", q.summary.failed_requests);
    assert_eq!(run.dynamodb_summary.failed_requests + run.aurora_summary.failed_requests, 0.0);
    // The left axis's tick labels: the texts left of the plot (the right axis is traffic).
    let left_labels = |svg: &str| -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter(|t| t.split(" x=\"").nth(1).and_then(|x| x.split('"').next()?.parse::<f64>().ok()).is_some_and(|x| x < 90.0))
            .filter_map(|t| t.split_once('>').map(|(_, rest)| rest.split("</text>").next().unwrap_or("").trim().to_string()))
            .collect()
    };
    for db in [Database::Dsql, Database::Dynamodb] {
        let labels = left_labels(&svg(|r| timeline::draw_losses(r, &run, db).expect("losses")));
        assert!(labels.iter().any(|l| l == "100") && labels.iter().any(|l| l == "80"), "{db:?}'s chart reaches DSQL's 80 %: {labels:?}");
    }
    // Nothing lost anywhere: the 1 % scale's ticks have their decimal.
    let quiet = sim::run(&Scenario::default());
    let labels = left_labels(&svg(|r| timeline::draw_losses(r, &quiet, Database::Dynamodb).expect("losses")));
    assert!(labels.iter().any(|l| l == "0.5") && labels.iter().any(|l| l == "1.0"), "{labels:?}");
}

/// The dots' centres (`cx`, `cy`) of the circles filled in `colour` with radius `r`.
fn dots(svg: &str, colour: &str, r: &str) -> Vec<(f64, f64)> {
    svg.split("<circle")
        .skip(1)
        .map(|rest| rest.split("/>").next().unwrap_or(""))
        .filter(|tag| attr(tag, "fill").is_some_and(|f| f.eq_ignore_ascii_case(colour)) && attr(tag, "r") == Some(r))
        .filter_map(|tag| Some((attr(tag, "cx")?.parse().ok()?, attr(tag, "cy")?.parse().ok()?)))
        .collect()
}

/// The segments of every polyline stroked in `colour`.
fn segments(svg: &str, colour: &str) -> Vec<((f64, f64), (f64, f64))> {
    svg.split("<polyline")
        .skip(1)
        .map(|rest| rest.split("/>").next().unwrap_or(""))
        .filter(|tag| attr(tag, "stroke").is_some_and(|f| f.eq_ignore_ascii_case(colour)))
        .flat_map(|tag| {
            let pts = points(tag);
            pts.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>()
        })
        .collect()
}

fn distance_to_segment(p: (f64, f64), (a, b): ((f64, f64), (f64, f64))) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 { 0.0 } else { (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0) };
    ((p.0 - a.0 - t * dx).powi(2) + (p.1 - a.1 - t * dy).powi(2)).sqrt()
}

/// The vertices of every polyline stroked in `colour` through more than two points (a
/// series' line, not a legend's swatch).
fn line_vertices(svg: &str, colour: &str) -> Vec<(f64, f64)> {
    svg.split("<polyline")
        .skip(1)
        .map(|rest| rest.split("/>").next().unwrap_or(""))
        .filter(|tag| attr(tag, "stroke").is_some_and(|f| f.eq_ignore_ascii_case(colour)))
        .map(points)
        .filter(|pts| pts.len() > 2)
        .flatten()
        .collect()
}

/// The page draws a traffic chart's operating point on a strip of its own, placed by the
/// frame the sweep returned (a traffic input then redraws only the point). At a rate the
/// sweep sampled, the point is that sample, so each dot drawn apart must land exactly on a
/// vertex of its database's line below: the frame maps as the chart did, to the pixel (an
/// off-by-one in it fails this). DynamoDB provisioned is dashed, with no vertex at its
/// samples: its dot must be on a vertex or within 3.5 px of a dash (half a 6 px gap). Also drawn shifted, as on the strip, the
/// dots move by exactly the shift; and the layer holds nothing but the dots.
#[test]
fn the_operating_point_drawn_apart_lands_on_its_lines_to_the_pixel() {
    let mut s = Scenario::default();
    s.contenders = vec![Database::Dynamodb, Database::Aurora, Database::Dsql];
    let sampled = s.sweep(25);
    for k in [6, 19] {
        s.workload.requests_per_s = sampled[k].requests_per_s;
        let (sweep, now) = (spec(&s), s.compare());
        let rps = now.requests_per_s;
        for (name, exact, near) in [("cost", 3, 1), ("latency", 3, 0)] {
            let mut frame = None;
            let below = svg(|root| {
                frame = Some(match name {
                    "cost" => cost::draw_sweep(root, &sweep),
                    _ => latency::draw_sweep(root, &sweep),
                }
                .expect("sweep draws"))
            });
            let frame = frame.expect("a frame");
            let draw_layer = |frame: &scalelab::chart::sweep::SweepFrame| {
                svg(|root| {
                    match name {
                        "cost" => cost::draw_current(root, frame, &now),
                        _ => latency::draw_current(root, frame, &now),
                    }
                    .expect("point draws")
                })
            };
            let layer = draw_layer(&frame);
            assert!(!layer.contains("<text") && !layer.contains("<polyline"), "{name}: the layer holds only the point");
            let (mut on_vertex, mut on_dash) = (0, 0);
            for colour in ["#D55E00", "#0072B2", "#009E73"] {
                let vertices = line_vertices(&below, colour);
                let dashes = segments(&below, colour);
                for dot in dots(&layer, colour, "6") {
                    if vertices.contains(&dot) {
                        on_vertex += 1;
                    } else {
                        let off = dashes.iter().map(|&seg| distance_to_segment(dot, seg)).fold(f64::INFINITY, f64::min);
                        assert!(off <= 3.5, "{name} at {rps} req/s: the {colour} dot at {dot:?} is on no vertex of its line, and {off:.1} px from its dashes");
                        on_dash += 1;
                    }
                }
            }
            // The solid lines' dots on a vertex each; provisioned's on a dash (or a vertex).
            assert!(on_vertex >= exact && on_vertex + on_dash == exact + near, "{name} at {rps} req/s: {on_vertex} dots on vertices, {on_dash} on dashes");
            // The page draws the dots itself from `current_dots`: the same centres, colours
            // and radii as the layer checked above.
            let page_dots = match name {
                "cost" => cost::current_dots(&frame, &now),
                _ => latency::current_dots(&frame, &now),
            };
            let mut from_page: Vec<(f64, f64)> = page_dots.iter().map(|d| (f64::from(d.px.0), f64::from(d.px.1))).collect();
            let mut in_layer: Vec<(f64, f64)> = ["#D55E00", "#0072B2", "#009E73"].iter().flat_map(|c| dots(&layer, c, "6")).collect();
            let by_place = |a: &(f64, f64), b: &(f64, f64)| a.partial_cmp(b).expect("finite");
            from_page.sort_by(by_place);
            in_layer.sort_by(by_place);
            assert_eq!(from_page, in_layer, "{name}: the page's dots are the layer's");
            assert_eq!(dots(&layer, "#FFFFFF", &scalelab::chart::sweep::DOT_RING_PX.to_string()).len(), page_dots.len(), "{name}: a ring under each dot");
            // The strip: the same dots, 100 px further left.
            let shifted = draw_layer(&frame.shifted_left(100));
            let moved: Vec<(f64, f64)> = dots(&layer, "#0072B2", "6").iter().map(|&(x, y)| (x - 100.0, y)).collect();
            assert_eq!(dots(&shifted, "#0072B2", "6"), moved, "{name}: shifted by exactly the strip's offset");
        }
    }
}
