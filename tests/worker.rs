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
/// the page receives, with the clock's time when each reply was sent.
fn run_timed(scenario: &Scenario, tick_ms: f64, budget_ms: f64) -> Vec<(f64, Reply)> {
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
    while !job.is_done() {
        job.slice(&now, budget_ms);
        if job.is_done() {
            break;
        }
        replies.push((now(), cross(&job.progress())));
        let t = now();
        if let Some(p) = job.partial_if_due(t) {
            replies.push((t, cross(&p)));
        }
    }
    replies.push((now(), cross(&job.finish())));
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
    let mut cli = scalelab::report::StepCsv::default();
    engine.advance_with(usize::MAX, &mut |r| cli.push(r));
    assert_eq!(csv, format!("{}\n", cli.take()));
    assert_eq!(csv.lines().count(), 1 + scenario.simulation.steps(), "one row per step");
    assert!(matches!(
        worker::csv(2, "{}x"),
        Reply::Refused { run_id: 2, .. }
    ));
}
