//! The page ↔ worker protocol (`scalelab::worker`), natively: a run stepped in slices and
//! carried across as bytes is the CLI's run exactly, for every preset; partial runs arrive
//! while it computes; bad scenarios and bad bytes are refused in words, never a panic.

use scalelab::model::presets::PRESETS;
use scalelab::model::scenario::Scenario;
use scalelab::model::sim;
use scalelab::worker::{
    self, from_bytes, to_bytes, Job, Reply, Request, HEADER, PARTIAL_BYTES_PER_MS, PARTIAL_EVERY_MS,
};
use std::cell::Cell;

/// Every reply crosses as bytes, as it does between the worker and the page.
fn cross(reply: &Reply) -> Reply {
    from_bytes(&to_bytes(reply).expect("encodes")).expect("decodes")
}

/// A clock that moves `tick_ms` every time it is read.
fn clock(tick_ms: f64) -> impl Fn() -> f64 {
    let t = Cell::new(0.0);
    move || {
        t.set(t.get() + tick_ms);
        t.get()
    }
}

/// Run `scenario` as the worker does (slices of `budget_ms` on `clock`) and collect what
/// the page receives, with the clock's time when each reply was sent: the run only (no
/// sampled futures: `sampled_futures_follow_the_run_and_equal_the_library` covers them).
fn run_timed(scenario: &Scenario, tick_ms: f64, budget_ms: f64) -> Vec<(f64, Reply)> {
    let mut scenario = scenario.clone();
    scenario.uncertainty.samples = 0;
    collect(&scenario, tick_ms, budget_ms)
}

/// Every reply to the run of `scenario` in slices, with the clock's time when it was sent.
fn collect(scenario: &Scenario, tick_ms: f64, budget_ms: f64) -> Vec<(f64, Reply)> {
    let now = clock(tick_ms);
    let json = worker::scenario_json(scenario);
    let request = from_bytes::<Request>(
        &to_bytes(&Request::Run {
            run_id: 7,
            scenario_json: json,
        })
        .unwrap(),
    )
    .unwrap();
    let Request::Run {
        run_id,
        scenario_json,
    } = request
    else {
        panic!("not a run request")
    };
    let mut job = Job::start(run_id, &scenario_json, now()).expect("a preset is valid");
    let mut replies = vec![(now(), cross(&job.progress()))];
    while !job.is_finished() {
        job.slice(&now, budget_ms);
        let t = now();
        replies.extend(job.replies(t).iter().map(|r| (t, cross(r))));
    }
    replies
}

fn run_in_slices(scenario: &Scenario, tick_ms: f64, budget_ms: f64) -> Vec<Reply> {
    run_timed(scenario, tick_ms, budget_ms)
        .into_iter()
        .map(|(_, r)| r)
        .collect()
}

#[test]
fn every_preset_crosses_in_slices_and_equals_the_cli_run() {
    for preset in PRESETS.iter() {
        let scenario = preset.scenario();
        let replies = run_in_slices(&scenario, 1.0, 25.0);
        let Some(Reply::Done { run_id: 7, run }) = replies.last() else {
            panic!("{}: no Done at the end", preset.id)
        };
        assert_eq!(
            *run,
            sim::run(&scenario),
            "{}: the worker's run differs from sim::run",
            preset.id
        );
        // Progress only ever grows, and every reply is about run 7.
        let mut done_before = 0;
        for r in &replies {
            assert_eq!(r.run_id(), Some(7), "{}", preset.id);
            if let Reply::Progress {
                steps_done,
                total_steps,
                ..
            } = r
            {
                assert!(
                    *steps_done >= done_before && steps_done <= total_steps,
                    "{}: progress went backwards",
                    preset.id
                );
                assert_eq!(*total_steps, scenario.simulation.steps());
                done_before = *steps_done;
            }
        }
    }
}

#[test]
fn a_long_run_sends_partial_runs_that_grow_spaced_by_time_and_size() {
    let mut scenario = Scenario::default();
    scenario.simulation.duration_s = 7.0 * 86_400.0;
    scenario.simulation.step_s = Some(60.0);
    // A clock that moves 5 ms per read (16 steps per read): about 3 s of clock for the run.
    let replies = run_timed(&scenario, 5.0, 25.0);
    let partials: Vec<(f64, usize, &sim::SimRun)> = replies
        .iter()
        .filter_map(|(t, r)| match r {
            Reply::Partial {
                steps_done, run, ..
            } => Some((*t, *steps_done, run)),
            _ => None,
        })
        .collect();
    assert!(
        partials.len() >= 2,
        "expected several partial runs, got {}",
        partials.len()
    );
    let Some((_, Reply::Done { run: whole, .. })) = replies.last() else {
        panic!("no Done")
    };
    assert_eq!(*whole, sim::run(&scenario));
    // Each partial run covers the steps done so far: more each time, fewer than the whole.
    let offered = |r: &sim::SimRun| r.dynamodb_summary.offered_requests;
    let total = scenario.simulation.steps();
    for pair in partials.windows(2) {
        assert!(pair[0].1 < pair[1].1 && offered(pair[0].2) < offered(pair[1].2));
        // Spaced by at least PARTIAL_EVERY_MS, and more after a big one.
        let bytes = bincode::serialized_size(pair[0].2).unwrap() as f64;
        let gap = pair[1].0 - pair[0].0;
        assert!(
            gap >= PARTIAL_EVERY_MS.max(bytes / PARTIAL_BYTES_PER_MS),
            "{gap} ms after {bytes} bytes"
        );
    }
    for (_, done, run) in &partials {
        assert!(*done < total && offered(run) < offered(whole));
    }
    // Not after every slice: progress is what crosses often.
    let progresses = replies
        .iter()
        .filter(|(_, r)| matches!(r, Reply::Progress { .. }))
        .count();
    assert!(
        partials.len() * 5 < progresses,
        "{} partials for {progresses} slices",
        partials.len()
    );
}

#[test]
fn an_invalid_scenario_is_refused_naming_the_field() {
    let Err(Reply::Refused { run_id, message }) =
        Job::start(3, r#"{"workload":{"read_share":7}}"#, 0.0)
    else {
        panic!("an out-of-range read share must be refused")
    };
    assert_eq!(run_id, 3);
    assert!(message.contains("read_share = 7"), "{message}");
    // (A JSON array read as a struct is the hardening branch's fix to Scenario::from_json.)
    for bad in ["", "{", "null", r#"{"simulation":{"duration_s":1e308}}"#] {
        assert!(
            matches!(Job::start(1, bad, 0.0), Err(Reply::Refused { .. })),
            "{bad:?} must be refused"
        );
    }
}

#[test]
fn bytes_from_another_build_or_damaged_bytes_are_errors_not_panics() {
    let good = to_bytes(&Reply::Ready).unwrap();
    assert_eq!(&good[..4], &HEADER);
    assert_eq!(from_bytes::<Reply>(&good).unwrap(), Reply::Ready);

    let mut other_build = good.clone();
    other_build[3] = HEADER[3].wrapping_add(1);
    let e = from_bytes::<Reply>(&other_build).unwrap_err();
    assert!(e.contains("different builds"), "{e}");

    assert!(from_bytes::<Reply>(b"")
        .unwrap_err()
        .contains("cannot read"));
    assert!(from_bytes::<Reply>(b"{\"json\":1}")
        .unwrap_err()
        .contains("cannot read"));
    let done = to_bytes(&Reply::Done {
        run_id: 1,
        run: sim::run(&Scenario::default()),
    })
    .unwrap();
    for cut in [4, 5, 100, done.len() / 2, done.len() - 1] {
        assert!(
            from_bytes::<Reply>(&done[..cut]).is_err(),
            "a message cut at {cut} bytes must be an error"
        );
    }
    // A huge claimed length must not allocate it: bincode reads lengths lazily.
    let mut huge = HEADER.to_vec();
    huge.extend_from_slice(&3u32.to_le_bytes()); // Reply::Done
    huge.extend_from_slice(&1u64.to_le_bytes());
    huge.extend_from_slice(&f64::to_le_bytes(60.0));
    huge.extend_from_slice(&u64::MAX.to_le_bytes()); // t_s.len()
    assert!(from_bytes::<Reply>(&huge).is_err());
}

#[test]
fn bytes_cross_gloo_worker_as_one_byte_string_in_the_vec_u8_format() {
    // gloo-worker's envelope holds our message as `Bytes`: bincode writes it as a length and
    // the bytes (as it would a Vec<u8>), and reads it back whole.
    let payload: Vec<u8> = (0..100_000u32).map(|i| (i * 31 % 251) as u8).collect();
    let wire = bincode::serialize(&worker::Bytes(payload.clone())).unwrap();
    assert_eq!(wire, bincode::serialize(&payload).unwrap());
    assert_eq!(
        bincode::deserialize::<worker::Bytes>(&wire).unwrap().0,
        payload
    );
    assert!(bincode::deserialize::<worker::Bytes>(&wire[..wire.len() - 1]).is_err());
}

#[test]
fn the_csv_reply_is_the_cli_csv() {
    let scenario = PRESETS[0].scenario();
    let Reply::Csv { run_id: 9, csv } = cross(&worker::csv(9, &worker::scenario_json(&scenario)))
    else {
        panic!("no CSV")
    };
    // What `scalelab run --format csv` prints: the streamed rows, then a newline.
    let mut engine = sim::Engine::new(&scenario);
    let mut cli = scalelab::report::StepCsv::new(&scenario);
    engine.advance_with(usize::MAX, &mut |r| cli.push(r));
    assert_eq!(csv, format!("{}\n", cli.take()));
    assert_eq!(csv.lines().count(), 1 + scenario.simulation.steps(), "one row per step");
    assert!(matches!(
        worker::csv(2, "{}x"),
        Reply::Refused { run_id: 2, .. }
    ));
}

// ---- Importing a person's own traffic (issue 16, item 2) -------------------------------

use scalelab::worker::{ImportedView, Imports, Scale, ShapedTraffic};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

/// Send `request` across as bytes, as the page does, to `imports`; the replies back across.
fn ask(imports: &mut Imports, request: Request) -> Vec<Reply> {
    let request: Request = from_bytes(&to_bytes(&request).unwrap()).unwrap();
    imports.handle(request).expect("an import request").iter().map(cross).collect()
}

/// Read `bytes` as file `import_id` in chunks of `chunk` bytes, slicing as the worker does
/// (slices of `budget_ms` on a clock moving `tick_ms` a reading, one slice after each
/// chunk, then until done); every reply, crossed.
fn import_in_slices(imports: &mut Imports, import_id: u64, name: &str, bytes: &[u8], chunk: usize, tick_ms: f64, budget_ms: f64) -> Vec<Reply> {
    let now = clock(tick_ms);
    let mut replies = ask(imports, Request::ImportStart { import_id, name: name.into(), total_bytes: bytes.len() as u64 });
    for piece in bytes.chunks(chunk) {
        replies.extend(ask(imports, Request::ImportChunk { import_id, bytes: worker::Bytes(piece.to_vec()) }));
        replies.extend(imports.slice(&now, budget_ms).iter().map(cross));
    }
    replies.extend(ask(imports, Request::ImportEnd { import_id, scenario_json: worker::scenario_json(&Scenario::default()) }));
    for _ in 0..100_000 {
        if !imports.has_work() {
            break;
        }
        replies.extend(imports.slice(&now, budget_ms).iter().map(cross));
    }
    assert!(!imports.has_work(), "the import never finished");
    replies
}

fn imported(replies: &[Reply]) -> &ImportedView {
    match replies.last() {
        Some(Reply::Imported { view, .. }) => view,
        other => panic!("expected Imported last, got {other:?}"),
    }
}

fn shaped(reply: Vec<Reply>) -> ShapedTraffic {
    match reply.as_slice() {
        [Reply::ImportShaped { shaped, .. }] => (**shaped).clone(),
        other => panic!("expected one ImportShaped, got {other:?}"),
    }
}

#[test]
fn a_per_second_csv_crosses_in_slices_with_progress_and_its_summary() {
    let bytes = fixture("trace-per-second.csv");
    let mut imports = Imports::default();
    let replies = import_in_slices(&mut imports, 4, "trace-per-second.csv", &bytes, 8 << 10, 1.0, 5.0);
    // Progress only grows, in bytes and rows, and every reply is about import 4.
    let mut last = (0, 0);
    let mut progresses = 0;
    for r in &replies {
        assert_eq!((r.import_id(), r.run_id()), (Some(4), None));
        if let Reply::ImportProgress { bytes_read, total_bytes, rows, .. } = r {
            assert!(*bytes_read >= last.0 && *rows >= last.1, "progress went backwards");
            assert_eq!(*total_bytes, bytes.len() as u64);
            last = (*bytes_read, *rows);
            progresses += 1;
        }
    }
    assert!(progresses > 10, "{progresses} progress replies");
    assert_eq!(last, (bytes.len() as u64, 3_600));
    let view = imported(&replies);
    let s = &view.summary;
    assert_eq!((s.duration_s, s.resolution_s, s.points, s.peak_rps, s.peak_at_s), (3_600.0, 1.0, 3_600, 2_797.0, 1_811.0));
    assert!((s.mean_rps - 1_025.756_944_444_444_3).abs() < 1e-9, "{}", s.mean_rps);
    assert!(view.description.contains("peak 2,797 req/s at 14:30"), "{}", view.description);
    // The preview: at most 1,000 buckets, none hiding the peak.
    let p = &view.preview;
    assert!(p.buckets() <= 1_000 && p.buckets() >= 900, "{}", p.buckets());
    assert_eq!(p.max.iter().copied().fold(0.0, f64::max), 2_797.0);
    assert_eq!((p.start_s, p.end_s), (0.0, 3_600.0));

    // Shaped: as it is, ×2, peak = 10,000, and a window.
    let same = shaped(ask(&mut imports, Request::ImportShape { import_id: 4, scale: Scale::Factor(1.0), window_start_s: 0.0, window_s: 3_600.0 }));
    assert_eq!((same.points.len(), same.duration_s, same.summary.peak_rps), (3_600, 3_600.0, 2_797.0));
    assert!(same.recorded.is_none());
    let mut scenario = Scenario::default();
    same.apply_to(&mut scenario);
    scenario.validate().unwrap();
    assert_eq!(scenario.workload.requests_per_s, same.points[0].1);
    let doubled = shaped(ask(&mut imports, Request::ImportShape { import_id: 4, scale: Scale::Factor(2.0), window_start_s: 0.0, window_s: 3_600.0 }));
    assert_eq!(doubled.summary.peak_rps, 5_594.0);
    assert!(doubled.notes.iter().any(|n| n.contains("Scaled ×2")), "{:?}", doubled.notes);
    let windowed = shaped(ask(&mut imports, Request::ImportShape { import_id: 4, scale: Scale::Peak(10_000.0), window_start_s: 900.0, window_s: 1_800.0 }));
    assert_eq!((windowed.points.len(), windowed.summary.duration_s, windowed.summary.peak_rps), (1_800, 1_800.0, 10_000.0));
    assert_eq!(windowed.duration_s, 3_600.0, "a run lasts an hour at least");
    assert!(windowed.notes.iter().any(|n| n.starts_with("Window: 30 min from 900 s")), "{:?}", windowed.notes);
    // A bad scale or window is refused in words; the trace stays for the next try.
    for (scale, start, length, says) in [
        (Scale::Factor(0.0), 0.0, 3_600.0, "scale = 0"),
        (Scale::Peak(2e7), 0.0, 3_600.0, "peak = 20000000"),
        (Scale::Factor(1.0), 3_600.0, 60.0, "at or after the trace's end"),
        (Scale::Factor(1.0), 0.0, 31.0 * 86_400.0, "30 days"),
    ] {
        match ask(&mut imports, Request::ImportShape { import_id: 4, scale, window_start_s: start, window_s: length }).as_slice() {
            [Reply::ImportRefused { import_id: 4, message }] => assert!(message.contains(says), "{message}"),
            other => panic!("{says}: {other:?}"),
        }
    }
    assert_eq!(shaped(ask(&mut imports, Request::ImportShape { import_id: 4, scale: Scale::Factor(1.0), window_start_s: 0.0, window_s: 3_600.0 })), same);
}

#[test]
fn a_cloudwatch_export_keeps_its_recorded_series_through_shaping() {
    let bytes = fixture("dynamodb-provisioned-throttles.json");
    let mut imports = Imports::default();
    let replies = import_in_slices(&mut imports, 1, "orders.json", &bytes, 4 << 10, 1.0, 25.0);
    let view = imported(&replies);
    assert_eq!((view.summary.duration_s, view.summary.resolution_s, view.summary.points), (7_200.0, 60.0, 120));
    assert!(view.summary.recorded_metrics.contains(&scalelab::model::import::Metric::ReadThrottleEvents));
    assert!(view.notes.iter().any(|n| n.contains("ReadThrottleEvents ÷ 3 attempts")), "{:?}", view.notes);
    let s = shaped(ask(&mut imports, Request::ImportShape { import_id: 1, scale: Scale::Factor(1.0), window_start_s: 0.0, window_s: 7_200.0 }));
    let recorded = s.recorded.as_ref().expect("recorded series");
    assert_eq!(recorded.series.len(), 6);
    let mut scenario = Scenario::default();
    s.apply_to(&mut scenario);
    scenario.validate().unwrap();
    assert_eq!(scenario.simulation.duration_s, 7_200.0);
    let c = scalelab::model::import::compare(scenario.recorded.as_ref().unwrap(), &sim::run(&scenario));
    assert!(c.sentences.join(" ").contains("recorded 3.38 M read throttle events in 2 h"), "{:?}", c.sentences);
}

#[test]
fn a_malformed_file_is_refused_naming_the_line_and_column_and_reading_stops() {
    let mut csv = String::from("t_s,requests_per_s\n");
    for i in 0..5_000 {
        csv.push_str(&format!("{i},{}\n", 100 + i % 7));
    }
    csv.push_str("5000,lots\n5001,100\n");
    let mut imports = Imports::default();
    let replies = import_in_slices(&mut imports, 2, "bad.csv", csv.as_bytes(), 4 << 10, 1.0, 25.0);
    let refused: Vec<&String> = replies.iter().filter_map(|r| match r { Reply::ImportRefused { message, .. } => Some(message), _ => None }).collect();
    assert_eq!(refused.len(), 1, "one message: {replies:?}");
    assert!(refused[0].contains("line 5002, column 2") && refused[0].contains("lots"), "{}", refused[0]);
    assert!(!replies.iter().any(|r| matches!(r, Reply::Imported { .. })));
    // Nothing more is read; shaping has no trace to shape.
    assert!(ask(&mut imports, Request::ImportChunk { import_id: 2, bytes: worker::Bytes(b"5002,1\n".to_vec()) }).is_empty());
    assert!(!imports.has_work());
    assert!(matches!(ask(&mut imports, Request::ImportShape { import_id: 2, scale: Scale::Factor(1.0), window_start_s: 0.0, window_s: 3_600.0 }).as_slice(), [Reply::ImportRefused { import_id: 2, .. }]));
    // A JSON error names the path.
    let mut json = Imports::default();
    let replies = import_in_slices(&mut json, 3, "bad.json", br#"{"MetricDataResults": [{"Id": "r", "Label": "ConsumedReadCapacityUnits", "Timestamps": ["2026-11-03T14:00:00Z"], "Values": ["x"]}]}"#, 16, 1.0, 25.0);
    match replies.last() {
        Some(Reply::ImportRefused { message, .. }) => assert!(message.contains("MetricDataResults[0]"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_file_over_the_limit_is_refused_before_any_of_it_is_read() {
    let mut imports = Imports::default();
    let replies = ask(&mut imports, Request::ImportStart { import_id: 9, name: "huge.csv".into(), total_bytes: 80 << 20 });
    match replies.as_slice() {
        [Reply::ImportRefused { import_id: 9, message }] => assert!(message.contains("80.0 MB, more than the 64 MB"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(ask(&mut imports, Request::ImportChunk { import_id: 9, bytes: worker::Bytes(vec![b'1'; 1000]) }).is_empty());
    assert!(!imports.has_work());
}

#[test]
fn a_newer_import_supersedes_and_a_cancelled_one_is_forgotten() {
    let bytes = fixture("trace-per-second.csv");
    let mut imports = Imports::default();
    ask(&mut imports, Request::ImportStart { import_id: 1, name: "a.csv".into(), total_bytes: bytes.len() as u64 });
    ask(&mut imports, Request::ImportChunk { import_id: 1, bytes: worker::Bytes(bytes[..50_000].to_vec()) });
    // A second file before the first is read: the first is dropped, its chunks ignored.
    let replies = import_in_slices(&mut imports, 2, "b.csv", &fixture("cloudwatch-console.csv"), 256, 1.0, 25.0);
    assert!(replies.iter().all(|r| r.import_id() == Some(2)));
    ask(&mut imports, Request::ImportChunk { import_id: 1, bytes: worker::Bytes(bytes[50_000..].to_vec()) });
    assert!(!imports.has_work());
    assert_eq!(imported(&replies).summary.points, 30);
    assert!(matches!(ask(&mut imports, Request::ImportShape { import_id: 1, scale: Scale::Factor(1.0), window_start_s: 0.0, window_s: 3_600.0 }).as_slice(), [Reply::ImportRefused { import_id: 1, .. }]));
    // Cancelled: forgotten.
    ask(&mut imports, Request::ImportCancel { import_id: 2 });
    assert!(matches!(ask(&mut imports, Request::ImportShape { import_id: 2, scale: Scale::Factor(1.0), window_start_s: 0.0, window_s: 1_800.0 }).as_slice(), [Reply::ImportRefused { .. }]));
    // Requests that are not imports are handed back.
    assert!(imports.handle(Request::SelfTestPanic).is_err());
}

#[test]
fn reading_takes_turns_with_a_run_in_slices_of_the_budget() {
    // 8 MB of per-second CSV (about 290,000 rows), sent in 1 MB chunks as the page does.
    let mut csv = String::from("time,requests_per_s\n");
    let mut t = 1_793_714_400u64; // 2026-11-03T14:00:00Z
    while csv.len() < 8 << 20 {
        let s = t % 86_400;
        csv.push_str(&format!("{},{}\n", scalelab::model::import::format_utc(t as f64), 1_000 + (s % 97) * 3));
        t += 1;
    }
    let bytes = csv.into_bytes();
    let mut imports = Imports::default();
    let now = clock(1.0);
    ask(&mut imports, Request::ImportStart { import_id: 5, name: "big.csv".into(), total_bytes: bytes.len() as u64 });
    for piece in bytes.chunks(1 << 20) {
        ask(&mut imports, Request::ImportChunk { import_id: 5, bytes: worker::Bytes(piece.to_vec()) });
    }
    ask(&mut imports, Request::ImportEnd { import_id: 5, scenario_json: worker::scenario_json(&Scenario::default()) });
    // The worker's loop: an import slice, then a run slice, until both are done.
    let mut scenario = scalelab::model::presets::find("flash-sale").unwrap().scenario();
    scenario.uncertainty.samples = 0;
    let mut job = Job::start(1, &worker::scenario_json(&scenario), now()).unwrap();
    let (mut import_slices, mut run_slices, mut view) = (0, 0, None);
    let mut done = None;
    while imports.has_work() || !job.is_finished() {
        if imports.has_work() {
            let before = now();
            for r in imports.slice(&now, 25.0) {
                if let Reply::Imported { view: v, .. } = r {
                    view = Some(v);
                }
            }
            // Reading stops at the budget, give or take one 64 KB piece (the last slice
            // builds the trace in one go).
            if imports.has_work() {
                assert!(now() - before <= 25.0 + 5.0, "a slice took {} ms of clock", now() - before);
            }
            import_slices += 1;
        }
        if !job.is_finished() {
            job.slice(&now, 25.0);
            run_slices += 1;
            done = job.replies(now()).into_iter().find(|r| matches!(r, Reply::Done { .. })).or(done);
        }
    }
    assert!(import_slices > 3, "{import_slices} import slices");
    assert!(run_slices > 1);
    let Some(Reply::Done { run, .. }) = done else { panic!() };
    assert_eq!(run, sim::run(&scenario), "the run is the run, whatever was read beside it");
    let view = view.expect("imported");
    assert_eq!(view.summary.resolution_s, 1.0);
    assert!(view.summary.points > 250_000, "{}", view.summary.points);
    assert!(view.preview.buckets() == 1_000);
}

#[test]
fn a_series_traffic_crosses_as_numbers_and_runs_as_the_cli_runs_it() {
    // The per-second fixture as a scenario's traffic (3,600 points held, with read shares).
    let t = scalelab::model::import::import_bytes("trace.csv", &fixture("trace-per-second.csv"), &Default::default()).unwrap();
    let mut scenario = Scenario::default();
    t.apply_to(&mut scenario).unwrap();
    let request = worker::run_request(11, &scenario);
    let Request::RunSeries { run_id: 11, scenario_json, traffic } = &request else { panic!("a series crosses as numbers") };
    assert!(scenario_json.len() < 20_000, "the JSON holds no series: {} bytes", scenario_json.len());
    assert_eq!(traffic.points.len(), 3_600);
    let crossed: Request = from_bytes(&to_bytes(&request).unwrap()).unwrap();
    assert_eq!(crossed, request);
    let mut job = Job::for_request(crossed, 0.0).expect("a run").expect("valid");
    let now = clock(1.0);
    let mut done = None;
    while done.is_none() {
        job.slice(&now, 25.0);
        done = job.replies(now()).into_iter().find(|r| matches!(r, Reply::Done { .. }));
    }
    let Some(Reply::Done { run_id: 11, run }) = done else { panic!() };
    assert_eq!(run, sim::run(&scenario));
    // Not a series: JSON as before. A bad series is refused naming the field.
    assert!(matches!(worker::run_request(1, &Scenario::default()), Request::Run { run_id: 1, .. }));
    let Request::RunSeries { scenario_json, mut traffic, .. } = request else { unreachable!() };
    traffic.points.make_mut()[7].1 = -5.0;
    match Job::for_request(Request::RunSeries { run_id: 12, scenario_json, traffic }, 0.0) {
        Some(Err(Reply::Refused { run_id: 12, message })) => assert!(message.contains("traffic.points[7]"), "{message}"),
        _ => panic!("a negative rate must be refused"),
    }
    assert!(Job::for_request(Request::SelfTestPanic, 0.0).is_none());
}

/// After the run, the worker runs the sampled futures a slice at a time and sends them as
/// they fill in; the last equals the library's answer, and the run itself is unchanged.
#[test]
fn sampled_futures_follow_the_run_and_equal_the_library() {
    let mut scenario = Scenario::default();
    scenario.uncertainty.samples = 12;
    let replies: Vec<Reply> = collect(&scenario, 50.0, 25.0).into_iter().map(|(_, r)| r).collect();
    let done_at = replies.iter().position(|r| matches!(r, Reply::Done { .. })).expect("the run");
    let Reply::Done { run, .. } = &replies[done_at] else { unreachable!() };
    let mut plain = scenario.clone();
    plain.uncertainty.samples = 0;
    assert_eq!(*run, sim::run(&plain), "the run does not depend on the futures sampled after it");
    let bands: Vec<&scalelab::model::uncertainty::Uncertain> = replies
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r {
            Reply::Bands { run_id: 7, bands } => {
                assert!(i > done_at, "futures only after the run");
                Some(&**bands)
            }
            _ => None,
        })
        .collect();
    assert!(bands.len() >= 2, "sent as they fill in: {}", bands.len());
    assert!(bands.windows(2).all(|w| w[0].samples_done <= w[1].samples_done));
    let last = bands.last().unwrap();
    assert!(last.complete() && last.samples_done == 12);
    assert_eq!(**last, scalelab::model::uncertainty::run(&scenario));
}
