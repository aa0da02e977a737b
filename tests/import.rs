//! Importing a person's own traffic: the fixtures under tests/fixtures/ (a provisioned
//! DynamoDB table's CloudWatch export with read throttles, an Aurora Serverless v2
//! cluster's, a per-second CSV trace, the console's CSV), every CloudWatch convention, the
//! limits, and recorded vs simulated on a real run.

use scalelab::model::dynamodb::CapacityMode;
use scalelab::model::import::{
    compare, import_bytes, ImportFormat, ImportSettings, Measure, Metric, RecordedUnit, Statistic, TraceReader, MAX_FILE_BYTES,
};
use scalelab::model::scenario::Scenario;
use scalelab::model::sim;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn settings() -> ImportSettings {
    ImportSettings::default()
}

fn import(text: &str) -> Result<scalelab::model::import::ImportedTrace, String> {
    import_bytes("test", text.as_bytes(), &settings())
}

fn notes(t: &scalelab::model::import::ImportedTrace) -> String {
    t.notes.join("\n")
}

/// Datapoints as `(timestamp, value)`.
type Points = Vec<(String, f64)>;

/// A get-metric-data output of `(label, id, [(timestamp, value)])`, newest first.
fn cloudwatch(results: &[(&str, &str, Points)]) -> String {
    let results: Vec<serde_json::Value> = results
        .iter()
        .map(|(label, id, points)| {
            let mut points = points.clone();
            points.reverse();
            serde_json::json!({
                "Id": id, "Label": label, "StatusCode": "Complete",
                "Timestamps": points.iter().map(|p| p.0.clone()).collect::<Vec<_>>(),
                "Values": points.iter().map(|p| p.1).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({"MetricDataResults": results, "Messages": []}).to_string()
}

/// `n` datapoints every `period_s` from 14:00 UTC, value `f(i)`.
fn points(n: usize, period_s: u64, f: impl Fn(usize) -> f64) -> Vec<(String, f64)> {
    (0..n)
        .map(|i| {
            let s = i as u64 * period_s;
            (format!("2026-11-03T{:02}:{:02}:{:02}Z", 14 + s / 3600, (s / 60) % 60, s % 60), f(i))
        })
        .collect()
}

#[test]
fn the_dynamodb_fixture_imports_with_its_throttles() {
    let t = import_bytes("orders.json", &fixture("dynamodb-provisioned-throttles.json"), &settings()).unwrap();
    assert_eq!(t.format, ImportFormat::CloudwatchJson);
    assert_eq!(t.start_utc.as_deref(), Some("2026-11-03T14:00:00Z"));
    assert_eq!((t.resolution_s, t.points.len(), t.end_s), (60.0, 120, 7_200.0));
    let all = notes(&t);
    assert!(all.contains("ConsumedReadCapacityUnits Sum per 60 s ÷ 60 = RCU/s; 0.5 RCU per read (1 KB items, eventually consistent point reads) ⇒ reads/s."), "{all}");
    assert!(all.contains("ConsumedWriteCapacityUnits Sum per 60 s ÷ 60 = WCU/s; 1 WCU per write"), "{all}");
    // The first minute: the Sum of consumed units ÷ 60 s ÷ units per request.
    let json: serde_json::Value = serde_json::from_slice(&fixture("dynamodb-provisioned-throttles.json")).unwrap();
    let last = |i: usize| json["MetricDataResults"][i]["Values"].as_array().unwrap().last().unwrap().as_f64().unwrap();
    let (reads, writes) = (last(0) / 60.0 / 0.5, last(1) / 60.0);
    assert!((t.points[0].1 - (reads + writes)).abs() < 1e-9);
    assert!((t.read_shares.as_ref().unwrap()[0] - reads / (reads + writes)).abs() < 1e-12);
    // Every metric is recorded, in its kept unit.
    let r = &t.recorded;
    assert_eq!(r.series.len(), 6);
    let throttles = r.get(Metric::ReadThrottleEvents).unwrap();
    assert_eq!((throttles.unit, throttles.period_s, throttles.points.len()), (RecordedUnit::EventsPerMin, 60.0, 14));
    let total: f64 = throttles.points.iter().map(|p| p.1).sum();
    assert_eq!(total, 3_384_965.0);
    let provisioned = r.get(Metric::ProvisionedReadCapacityUnits).unwrap();
    assert_eq!((provisioned.period_s, provisioned.unit), (300.0, RecordedUnit::CapacityUnits));
    assert!(r.get(Metric::WriteThrottleEvents).unwrap().points.is_empty());

    // Into a provisioned scenario, run, and set beside the recording.
    let mut s = Scenario::default();
    s.dynamodb.mode = CapacityMode::Provisioned;
    s.dynamodb.provisioned_rcu = 1_000.0;
    s.dynamodb.provisioned_wcu = 600.0;
    s.dynamodb.auto_scaling = false;
    let added = t.apply_to(&mut s).unwrap();
    assert!(added.iter().any(|n| n.contains("Run settings: workload.requests_per_s = ") && n.contains("simulation.duration_s = 7200 (the trace's length)")), "{added:?}");
    assert_eq!(s.simulation.duration_s, 7_200.0);
    s.validate().unwrap();
    let run = sim::run(&s);
    let c = compare(s.recorded.as_ref().unwrap(), &run);
    assert_eq!((c.from_s, c.to_s), (0.0, 7_200.0));
    let read = c.metrics.iter().find(|m| m.metric == Metric::ReadThrottleEvents).unwrap();
    assert_eq!((read.measure, read.recorded), (Measure::Total, 3_384_965.0));
    // Without the operator's raise at 15:02, the run throttles for longer than the table did.
    assert!(read.simulated > read.recorded, "{read:?}");
    assert!(t.notes.iter().any(|n| n.contains("ReadThrottleEvents ÷ 3 attempts a request (estimates.sdk_max_attempts) added back as reads that failed")), "{:?}", t.notes);
    let text = c.sentences.join("\n");
    assert!(text.contains("ReadThrottleEvents: recorded 3.38 M read throttle events in 2 h; simulated"), "{text}");
    assert!(text.contains("ProvisionedReadCapacityUnits Average: peak provisioned read capacity recorded 2,600 units at 15:05"), "{text}");
    assert!(!text.contains("NaN"), "{text}");
    // The comparison is plain data for the page and the CLI's JSON.
    let back: scalelab::model::import::RecordedComparison = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    assert_eq!(back, c);
}

#[test]
fn the_aurora_fixture_holds_a_short_gap() {
    let t = import_bytes("aurora.json", &fixture("aurora-serverless-v2.json"), &settings()).unwrap();
    assert_eq!((t.points.len(), t.resolution_s), (120, 60.0));
    let all = notes(&t);
    assert!(all.contains("SelectThroughput Average is already per second: reads/s."), "{all}");
    assert!(all.contains("CommitThroughput Average is already per second: taken as writes/s"), "{all}");
    assert!(all.contains("SelectThroughput: 1 gap (3 min in all) held at the last value."), "{all}");
    assert!(all.contains("\"ServerlessDatabaseCapacity\" as Average, \"ACUUtilization\" as Average"), "{all}");
    // 14:31 to 14:33 hold 14:30's rate.
    assert_eq!(t.points[31].1, t.points[30].1);
    assert_eq!(t.points[33].1, t.points[30].1);
    assert_ne!(t.points[34].1, t.points[30].1);
    assert_eq!(t.recorded.get(Metric::CommitThroughput).unwrap().points.len(), 117, "recorded series keep their gaps");
    let acu = t.recorded.get(Metric::ServerlessDatabaseCapacity).unwrap();
    assert_eq!((acu.statistic, acu.unit), (Statistic::Average, RecordedUnit::Acu));
    let mut s = Scenario::default();
    t.apply_to(&mut s).unwrap();
    s.validate().unwrap();
    let c = compare(s.recorded.as_ref().unwrap(), &sim::run(&s));
    let m = c.metrics.iter().find(|m| m.metric == Metric::ServerlessDatabaseCapacity).unwrap();
    assert_eq!(m.measure, Measure::Peak);
    assert!(m.recorded > 2.0 && m.simulated > 0.0, "{m:?}");
    assert_eq!(c.recorded_only, [Metric::ACUUtilization, Metric::CPUUtilization, Metric::DatabaseConnections, Metric::CommitThroughput, Metric::SelectThroughput]);
}

#[test]
fn the_per_second_csv_and_chunked_reading() {
    let bytes = fixture("trace-per-second.csv");
    let whole = import_bytes("trace.csv", &bytes, &settings()).unwrap();
    assert_eq!(whole.format, ImportFormat::Csv);
    assert_eq!((whole.points.len(), whole.resolution_s, whole.end_s), (3_600, 1.0, 3_600.0));
    assert_eq!(whole.start_utc.as_deref(), Some("2026-11-03T14:00:00Z"));
    assert!(whole.read_shares.as_ref().is_some_and(|s| s.len() == 3_600));
    // In 1 KB chunks, as the worker gets them: the same trace, progress as it goes.
    let mut reader = TraceReader::with_size("trace.csv", bytes.len() as u64);
    let mut shares = Vec::new();
    for chunk in bytes.chunks(1024) {
        reader.push(chunk).unwrap();
        shares.push(reader.progress().share().unwrap());
    }
    assert!(shares.windows(2).all(|w| w[0] <= w[1]) && shares.last() == Some(&1.0));
    assert_eq!(reader.progress().rows, 3_600);
    assert_eq!(reader.finish(&settings()).unwrap(), whole);
    // Fit into 1,000 points: every request kept.
    let fitted = whole.fit(1_000);
    assert_eq!((fitted.points.len(), fitted.resolution_s), (900, 4.0));
    let (a, b) = (whole.summary(), fitted.summary());
    assert!((a.total_requests - b.total_requests).abs() < 1e-6 * a.total_requests);
    assert!((a.read_share.unwrap() - b.read_share.unwrap()).abs() < 1e-9);
    // A window and a scale.
    let w = whole.window(1_800.0, 600.0).unwrap().scaled_to_peak(10_000.0).unwrap();
    assert_eq!((w.points.len(), w.end_s, w.summary().peak_rps), (600, 600.0, 10_000.0));
    assert_eq!(w.start_utc.as_deref(), Some("2026-11-03T14:30:00Z"));
}

#[test]
fn the_console_csv_reads_by_its_headings() {
    let t = import_bytes("graph.csv", &fixture("cloudwatch-console.csv"), &settings()).unwrap();
    assert_eq!(t.format, ImportFormat::CloudwatchCsv);
    assert_eq!((t.points.len(), t.resolution_s), (30, 60.0));
    // 30,000 RCU in the first minute ÷ 60 s ÷ 0.5 RCU a read + 12,000 WCU ÷ 60 s.
    assert_eq!(t.points[0].1, 1_000.0 + 200.0);
    let throttles = t.recorded.get(Metric::ReadThrottleEvents).unwrap();
    assert_eq!(throttles.points, [(600.0, 900.0), (660.0, 900.0), (720.0, 900.0), (780.0, 900.0)]);
    assert!(notes(&t).contains("taken as UTC"));
}

#[test]
fn sums_over_60_and_300_seconds_are_per_second() {
    for period in [60u64, 300] {
        let sum = 100.0 * period as f64; // 100 units/s
        let text = cloudwatch(&[
            ("ConsumedReadCapacityUnits", "r", points(12, period, |_| sum)),
            ("ConsumedWriteCapacityUnits", "w", points(12, period, |_| sum / 4.0)),
            ("ReadThrottleEvents", "t", points(12, period, |_| 5.0 * period as f64)),
        ]);
        let t = import(&text).unwrap();
        assert_eq!(t.resolution_s, period as f64);
        // 100 RCU/s ÷ 0.5 = 200 reads/s; 25 WCU/s ÷ 1 = 25 writes/s; 5 throttle events/s ÷ 3
        // attempts a request = 5/3 reads/s that failed.
        assert!(t.points.iter().all(|p| (p.1 - (225.0 + 5.0 / 3.0)).abs() < 1e-9), "{period}: {:?}", &t.points[..2]);
        let throttles = t.recorded.get(Metric::ReadThrottleEvents).unwrap();
        assert_eq!(throttles.points[0].1, 300.0, "5 events a second is 300 a minute");
        assert!(notes(&t).contains(&format!("÷ {period} = RCU/s")), "{}", notes(&t));
    }
}

#[test]
fn sample_count_is_requests_and_the_statistic_comes_from_the_label() {
    let text = cloudwatch(&[
        ("ConsumedReadCapacityUnits SampleCount", "a", points(3, 60, |_| 6_000.0)),
        ("ConsumedWriteCapacityUnits SampleCount", "b", points(3, 60, |_| 600.0)),
    ]);
    let t = import(&text).unwrap();
    assert_eq!(t.points[0].1, 110.0);
    assert!(notes(&t).contains("SampleCount per 60 s ÷ 60 = reads/s"), "{}", notes(&t));
    let refused = import(&cloudwatch(&[
        ("ConsumedReadCapacityUnits Average", "a", points(3, 60, |_| 1.0)),
        ("ConsumedWriteCapacityUnits", "b", points(3, 60, |_| 1.0)),
    ]))
    .unwrap_err();
    assert!(refused.starts_with("MetricDataResults[0] (\"ConsumedReadCapacityUnits Average\"): the Average of ConsumedReadCapacityUnits is capacity per request"), "{refused}");
}

#[test]
fn ids_name_results_whose_labels_do_not() {
    let text = cloudwatch(&[
        ("", "consumed_read_capacity_units", points(2, 60, |_| 60.0)),
        ("My writes", "consumedwritecapacityunits_sum", points(2, 60, |_| 60.0)),
    ]);
    let t = import(&text).unwrap();
    assert_eq!(t.points[0].1, 3.0);
    assert!(notes(&t).contains("Id \"consumed_read_capacity_units\" as Sum"), "{}", notes(&t));
}

#[test]
fn gaps_follow_each_metric_s_convention() {
    // DynamoDB: minutes 3 and 4 missing are zero (published only when not zero).
    let missing = |p: Vec<(String, f64)>, skip: &[usize]| p.into_iter().enumerate().filter(|(i, _)| !skip.contains(i)).map(|(_, p)| p).collect::<Vec<_>>();
    let text = cloudwatch(&[
        ("ConsumedReadCapacityUnits", "r", missing(points(8, 60, |_| 600.0), &[3, 4])),
        ("ConsumedWriteCapacityUnits", "w", points(8, 60, |_| 60.0)),
    ]);
    let t = import(&text).unwrap();
    assert_eq!(t.points[3].1, 1.0);
    assert_eq!(t.points[2].1, 21.0);
    assert!(notes(&t).contains("ConsumedReadCapacityUnits: 1 stretch without a datapoint (2 min in all) taken as zero"), "{}", notes(&t));
    // Aurora: 5 minutes held, 20 minutes taken as no traffic.
    let mut skip: Vec<usize> = (10..15).collect();
    skip.extend(30..50);
    let text = cloudwatch(&[
        ("SelectThroughput", "s", missing(points(60, 60, |i| 100.0 + i as f64), &skip)),
        ("CommitThroughput", "c", missing(points(60, 60, |_| 10.0), &skip)),
    ]);
    let t = import(&text).unwrap();
    assert_eq!(t.points[12].1, t.points[9].1);
    assert_eq!(t.points[40].1, 0.0);
    assert_eq!(t.points[50].1, 160.0);
    let all = notes(&t);
    assert!(all.contains("SelectThroughput: 1 gap (5 min in all) held at the last value."), "{all}");
    assert!(all.contains("SelectThroughput: 1 gap longer than 15 min (20 min in all) taken as no traffic"), "{all}");
}

#[test]
fn queries_alone_use_the_workload_read_share() {
    let t = import(&cloudwatch(&[("Queries", "q", points(3, 60, |_| 500.0))])).unwrap();
    assert!(t.read_shares.is_none());
    assert_eq!(t.points[0].1, 500.0);
    assert!(notes(&t).contains("split with the scenario's read share (80 %)"));
}

#[test]
fn what_cannot_become_traffic_is_refused_in_plain_words() {
    let cases = [
        (cloudwatch(&[("ReadThrottleEvents", "t", points(2, 60, |_| 1.0))]), "the file has no metric traffic can come from"),
        (cloudwatch(&[("ConsumedReadCapacityUnits", "r", points(2, 60, |_| 1.0))]), "the file has ConsumedReadCapacityUnits but not ConsumedWriteCapacityUnits"),
        (cloudwatch(&[("ConsumedReadCapacityUnits", "r", vec![]), ("ConsumedWriteCapacityUnits", "w", vec![])]), "the file has no datapoints"),
        (cloudwatch(&[("CommitThroughput Maximum", "c", points(2, 60, |_| 1.0))]), "MetricDataResults[0] (\"CommitThroughput Maximum\") is CommitThroughput Maximum: traffic needs its Average"),
        ("{\"MetricDataResults\": [}".to_string(), "MetricDataResults[0]: expected value at line 1 column 24"),
        ("".to_string(), "the file is empty"),
        ("  \n".to_string(), "the file is empty"),
    ];
    for (text, expected) in cases {
        let e = import(&text).err().unwrap_or_else(|| panic!("{text} was read"));
        assert!(e.contains(expected), "{text}: {e}");
    }
}

#[test]
fn limits_are_named() {
    let e = TraceReader::with_size("big.csv", MAX_FILE_BYTES + 1).push(b"0,1\n").unwrap_err();
    assert!(e.contains("more than the 64 MB an import reads"), "{e}");
    let mut r = TraceReader::new("big.json");
    r.push(b"{").unwrap();
    let e = r.push(&vec![b' '; MAX_FILE_BYTES as usize]).unwrap_err();
    assert!(e.contains("64 MB"), "{e}");
    assert_eq!(r.push(b"}").unwrap_err(), e, "an error sticks");
    // 3,000,001 rows (half-second apart, to stay within 31 days of seconds).
    let mut text = String::with_capacity(40_000_000);
    for i in 0..3_000_001u32 {
        text.push_str(&format!("{}.{},1\n", i / 2, if i % 2 == 0 { 0 } else { 5 }));
    }
    let e = import_bytes("rows.csv", text.as_bytes(), &settings()).unwrap_err();
    assert_eq!(e, "line 3000001: more than 3000000 rows, the most an import reads: export a shorter range or a longer period");
}

#[test]
fn scenarios_without_recorded_series_read_and_write_as_before() {
    let plain = serde_json::to_value(Scenario::default()).unwrap();
    assert!(plain.get("recorded").is_none());
    let t = import_bytes("orders.json", &fixture("dynamodb-provisioned-throttles.json"), &settings()).unwrap();
    let mut s = Scenario::default();
    t.apply_to(&mut s).unwrap();
    let text = serde_json::to_string(&s).unwrap();
    assert_eq!(Scenario::from_json(&text).unwrap(), s);
    // Checked like any field: a bad point names its path.
    let mut bad = s.clone();
    bad.recorded.as_mut().unwrap().series[0].points[1].0 = -5.0;
    assert!(bad.validate().unwrap_err().starts_with("recorded.series[0].points[1].t_s = -5"), "{:?}", bad.validate());
    let e = Scenario::from_json(r#"{"recorded": {"series": [{"metric": "Latency"}]}}"#).unwrap_err();
    assert!(e.starts_with("recorded.series[0].metric: unknown variant `Latency`"), "{e}");
}

#[test]
fn the_documented_queries_file_is_read_as_documented() {
    let doc = std::fs::read_to_string(format!("{}/docs/scenario.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let block: String = doc
        .split("```jsonc\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the queries file in docs/scenario.md")
        .to_string();
    let queries: Vec<serde_json::Value> = serde_json::from_str(&block).unwrap();
    assert_eq!(queries.len(), 6);
    assert!(doc.contains("aws cloudwatch get-metric-data \\\n    --metric-data-queries file://dynamodb-queries.json"));
    // Each query's output, as get-metric-data writes it, is known by its Label.
    let results: Vec<(String, String, Points)> = queries
        .iter()
        .map(|q| (q["Label"].as_str().unwrap().to_string(), q["Id"].as_str().unwrap().to_string(), points(3, 60, |_| 60.0)))
        .collect();
    let borrowed: Vec<(&str, &str, Points)> = results.iter().map(|(l, i, p)| (l.as_str(), i.as_str(), p.clone())).collect();
    let t = import(&cloudwatch(&borrowed)).unwrap();
    for q in &queries {
        let stat = &q["MetricStat"];
        let name = stat["Metric"]["MetricName"].as_str().unwrap();
        let series = t.recorded.series.iter().find(|s| s.metric.name() == name).unwrap_or_else(|| panic!("{name} not read"));
        assert_eq!(series.statistic.name(), stat["Stat"].as_str().unwrap(), "{name}");
    }
    assert!(!notes(&t).contains("No statistic named"), "{}", notes(&t));
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Whatever comes back is a well-formed trace: finite, in time order, ending after its
    /// last point.
    fn well_formed(t: &scalelab::model::import::ImportedTrace) {
        assert!(t.points.iter().all(|p| p.0.is_finite() && p.1.is_finite() && p.1 >= 0.0));
        assert!(t.points.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(t.end_s >= t.points.last().map_or(0.0, |p| p.0));
        if let Some(shares) = &t.read_shares {
            assert_eq!(shares.len(), t.points.len());
            assert!(shares.iter().all(|s| (0.0..=1.0).contains(s)));
        }
        let s = t.summary();
        assert!(s.mean_rps.is_finite() && s.total_requests.is_finite());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            if let Ok(t) = import_bytes("x", &bytes, &settings()) {
                well_formed(&t);
            }
        }

        #[test]
        fn csv_like_text(text in "[0-9,.:TZ+\\- \n#\"a-z_]{0,300}", chunk in 1usize..50) {
            let mut r = TraceReader::new("x");
            let mut result = Ok(());
            for c in text.as_bytes().chunks(chunk) {
                result = result.and_then(|_| r.push(c));
            }
            if result.is_ok() {
                if let Ok(t) = r.finish(&settings()) {
                    well_formed(&t);
                    let _ = t.fit(3);
                    let _ = t.window(1.0, 60.0);
                }
            }
        }

        #[test]
        fn cloudwatch_like_json(
            values in prop::collection::vec(prop_oneof![Just(-1.0), Just(0.0), 0.0f64..1e9], 0..30),
            step in prop_oneof![Just(0u64), Just(1), Just(60), Just(300), Just(86_400 * 3)],
            label in prop_oneof![Just("ConsumedReadCapacityUnits"), Just("ConsumedWriteCapacityUnits Sum"), Just("SelectThroughput"), Just("Queries Maximum"), Just("ReadThrottleEvents"), Just("x")],
        ) {
            let stamps: Vec<u64> = (0..values.len() as u64).map(|i| 1_793_714_400 + i * step).collect();
            let result = |label: &str, id: &str| serde_json::json!({"Id": id, "Label": label, "Timestamps": stamps, "Values": values});
            let text = serde_json::json!({"MetricDataResults": [result(label, "a"), result("ConsumedWriteCapacityUnits", "b")]}).to_string();
            let read = import(&text);
            if label == "ConsumedReadCapacityUnits" && step == 60 && !values.is_empty() && values.iter().all(|&v| v >= 0.0) {
                prop_assert!(read.is_ok(), "{read:?}");
            }
            if let Ok(t) = read {
                well_formed(&t);
                let mut s = Scenario::default();
                if t.apply_to(&mut s).is_ok() && s.validate().is_ok() {
                    s.simulation.duration_s = 3_600.0;
                    let c = compare(s.recorded.as_ref().unwrap_or(&Default::default()), &sim::run(&s));
                    prop_assert!(!c.sentences.join(" ").contains("NaN"));
                }
            }
        }
    }
}

#[test]
fn traces_and_comparisons_cross_the_worker_boundary_unchanged() {
    // The page's worker speaks bincode (src/worker.rs): nothing here may skip a field.
    let t = import_bytes("orders.json", &fixture("dynamodb-provisioned-throttles.json"), &settings()).unwrap();
    let back: scalelab::model::import::ImportedTrace = bincode::deserialize(&bincode::serialize(&t).unwrap()).unwrap();
    assert_eq!(back, t);
    let mut s = Scenario::default();
    t.apply_to(&mut s).unwrap();
    let c = compare(s.recorded.as_ref().unwrap(), &sim::run(&s));
    let back: scalelab::model::import::RecordedComparison = bincode::deserialize(&bincode::serialize(&c).unwrap()).unwrap();
    assert_eq!(back, c);
    let p = TraceReader::new("x").progress();
    let back: scalelab::model::import::ReadProgress = bincode::deserialize(&bincode::serialize(&p).unwrap()).unwrap();
    assert_eq!(back, p);
}
