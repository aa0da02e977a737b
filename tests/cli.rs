//! The `scalelab` command line: every command, and the error paths (exit code 2, one line
//! on stderr naming the problem, never a panic).
#![cfg(not(target_arch = "wasm32"))]

use scalelab::model::presets::{self, PRESETS};
use scalelab::model::scenario::Scenario;
use scalelab::model::sim;
use serde_json::Value;
use std::process::{Command, Output};

fn scalelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scalelab"))
        .args(args)
        .output()
        .expect("scalelab runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Run and expect success; the standard output.
fn ok(args: &[&str]) -> String {
    let o = scalelab(args);
    assert!(
        o.status.success(),
        "scalelab {args:?} failed: {}",
        stderr(&o)
    );
    assert!(
        stderr(&o).is_empty(),
        "scalelab {args:?} wrote to stderr: {}",
        stderr(&o)
    );
    stdout(&o)
}

/// Run and expect the error contract: exit code 2, nothing on stdout, exactly one line on
/// stderr starting `scalelab: `, no panic, and every one of `needles` in the message.
fn fails(args: &[&str], needles: &[&str]) -> String {
    let o = scalelab(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "scalelab {args:?}: {err}");
    assert!(
        stdout(&o).is_empty(),
        "scalelab {args:?} printed {}",
        stdout(&o)
    );
    assert!(err.starts_with("scalelab: "), "scalelab {args:?}: {err}");
    assert_eq!(
        err.lines().count(),
        1,
        "scalelab {args:?}: not one line: {err}"
    );
    assert!(!err.contains("panicked"), "scalelab {args:?}: {err}");
    for n in needles {
        assert!(
            err.contains(n),
            "scalelab {args:?}: {err:?} does not mention {n:?}"
        );
    }
    err
}

fn scenario_file(name: &str, json: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("scalelab-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, json).unwrap();
    path
}

/// `actual` is exactly `expected`; a failure names the JSON path of the first difference
/// (the values themselves can be megabytes).
fn same_json(expected: &Value, actual: &Value) {
    if let Some(m) = first_mismatch("$", expected, actual, 0.0) {
        panic!("JSON differs: {m}");
    }
}

/// What the library's value looks like as JSON text read back: the reference for the CLI's
/// JSON output (`to_value` would keep an f32's extra binary digits that text does not).
fn lib_json<T: serde::Serialize>(v: T) -> Value {
    let mut value = json(&serde_json::to_string(&v).unwrap());
    // The CLI leaves out a run's `"dsql": null` (DSQL not a contender), as before DSQL.
    if value.get("dsql").is_some_and(Value::is_null) {
        value.as_object_mut().unwrap().remove("dsql");
    }
    value
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

// ---- run: the time simulation ----

#[test]
fn run_default_prints_the_simulation_summary_for_both_databases() {
    let out = ok(&["run"]);
    assert!(
        out.contains("simulated 1 day (86,400 s) in 1,440 steps of 60 s"),
        "{out}"
    );
    for label in [
        "DynamoDB",
        "Aurora Serverless v2",
        "Monthly cost",
        "capacity / compute",
        "I/O",
        "storage",
        "Requests offered",
        "served",
        "after every retry",
        "Rejected attempts",
        "Minutes failing",
        "Worst p99",
        "Peak capacity",
        "units/s",
        "ACU writer",
    ] {
        assert!(out.contains(label), "{label} missing:\n{out}");
    }
    // Steady 1,000 req/s on demand for a day: the same $476 a month as the steady state
    // ($466 of requests and storage, $10 of point-in-time recovery for 50 GB).
    assert!(out.contains("$476"), "{out}");
    assert!(
        out.contains("86.4 M"),
        "one day at 1,000 req/s offers 86.4 M requests:\n{out}"
    );
}

#[test]
fn run_preset_table_shows_failures_with_their_share() {
    let out = ok(&["run", "--preset", "flash-sale"]);
    assert!(
        out.starts_with("preset flash-sale: simulated 3 h (10,800 s) in 720 steps of 15 s"),
        "{out}"
    );
    let failed = out
        .lines()
        .find(|l| l.trim_start().starts_with("failed"))
        .unwrap();
    assert!(failed.matches("after every retry (").count() == 2 && failed.contains('%'), "{failed}");
    // The ledger names the dominant cause in AWS's words, with the metric to watch.
    assert!(out.contains("TableReadProvisionedThroughputExceeded") && out.contains("ReadProvisionedThroughputThrottleEvents"), "{out}");
}

#[test]
fn run_table_tells_what_each_fault_cost() {
    let out = ok(&["run", "--preset", "writer-failover-at-peak"]);
    assert!(out.contains("Writer failover at 1:15:"), "{out}");
    assert!(out.contains("Aurora: writes fail for 70 s"), "{out}");
    assert!(out.contains("DynamoDB: not affected"), "{out}");
}

#[test]
fn run_json_is_the_whole_simulation_of_the_library() {
    let v = json(&ok(&[
        "run",
        "--preset",
        "real-time-bidding",
        "--format",
        "json",
    ]));
    let expected = lib_json(sim::run(
        &presets::find("real-time-bidding").unwrap().scenario(),
    ));
    same_json(&expected, &v);
    assert!(
        v["dynamodb"]["p99_ms"]["max"].is_array() && v["aurora_summary"]["monthly_cost_usd"].is_number()
    );
}

#[test]
fn run_csv_has_a_header_and_one_row_per_step_with_the_ledger() {
    let out = ok(&["run", "--preset", "flash-sale", "--format", "csv"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], scalelab::report::header(false));
    let header: Vec<&str> = lines[0].split(',').collect();
    for column in ["t_s", "ddb_offered_rps", "ddb_failed_rps", "ddb_lost_rps_table_read_provisioned", "aurora_lost_rps_writer_timeout", "aurora_cost_usd"] {
        assert!(header.contains(&column), "{column} missing from {}", lines[0]);
    }
    // Every step, as the engine makes them.
    let mut steps = vec![];
    sim::Engine::new(&presets::find("flash-sale").unwrap().scenario()).advance_with(usize::MAX, &mut |r| {
        steps.push((r.t_s, r.dynamodb.failed_rps, r.dynamodb.read_throttle_events_per_min, r.aurora.failed_rps, r.aurora_cost_usd))
    });
    assert_eq!(lines.len(), 1 + steps.len());
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for (i, line) in lines[1..].iter().enumerate() {
        let cells: Vec<f64> = line.split(',').map(|c| c.parse().unwrap_or_else(|_| panic!("row {i}: {line}"))).collect();
        assert_eq!(cells.len(), header.len(), "row {i}: {line}");
        let (t, ddb_failed, read_events, aurora_failed, aurora_cost) = steps[i];
        assert_eq!(cells[col("t_s")], t);
        assert_eq!(cells[col("ddb_failed_rps")], ddb_failed, "row {i}");
        assert_eq!(cells[col("ddb_read_throttle_events_per_min")], read_events, "row {i}");
        assert_eq!(cells[col("aurora_failed_rps")], aurora_failed, "row {i}");
        assert_eq!(cells[col("aurora_cost_usd")], aurora_cost, "row {i}");
    }
}

#[test]
fn run_csv_has_dsqls_columns_when_the_scenario_names_it() {
    let out = ok(&["run", "--preset", "flash-sale-one-product", "--format", "csv"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], scalelab::report::header(true));
    let header: Vec<&str> = lines[0].split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name} missing from {}", lines[0]));
    let mut steps = vec![];
    sim::Engine::new(&presets::find("flash-sale-one-product").unwrap().scenario()).advance_with(usize::MAX, &mut |r| {
        let (q, lost, cost) = r.dsql.expect("DSQL is a contender");
        steps.push((q.offered_rps, q.failed_rps, q.dpu_per_s, lost.get(sim::LossCause::DsqlOccAbort), cost))
    });
    assert_eq!(lines.len(), 1 + steps.len());
    let mut aborted = 0.0;
    for (i, line) in lines[1..].iter().enumerate() {
        let cells: Vec<f64> = line.split(',').map(|c| c.parse().unwrap_or_else(|_| panic!("row {i}: {line}"))).collect();
        let (offered, failed, dpu, occ, cost) = steps[i];
        assert_eq!(cells[col("dsql_offered_rps")], offered, "row {i}");
        assert_eq!(cells[col("dsql_failed_rps")], failed, "row {i}");
        assert_eq!(cells[col("dsql_dpu_per_s")], dpu, "row {i}");
        assert_eq!(cells[col("dsql_lost_rps_dsql_occ_abort")], occ, "row {i}");
        assert_eq!(cells[col("dsql_cost_usd")], cost, "row {i}");
        aborted += occ;
    }
    // The preset's lesson is in the file: the hot row's commits abort.
    assert!(aborted > 0.0, "no OCC aborts in the flash sale on one product");
}

#[test]
fn a_run_without_dsql_writes_no_dsql_member_anywhere_and_one_with_it_has_its_fault_impacts() {
    let two = ok(&["run", "--preset", "region-outage", "--format", "json"]);
    assert!(!two.contains("\"dsql\""), "a two-database run's JSON names DSQL");
    let v = json(&two);
    assert!(v["fault_impacts"][0]["aurora"]["verdict"].is_string());
    let mut s = presets::find("region-outage").unwrap().scenario();
    s.contenders.push(scalelab::model::database::Database::Dsql);
    let file = scenario_file("region-outage-dsql.json", &serde_json::to_string(&s).unwrap());
    let three = json(&ok(&["run", file.to_str().unwrap(), "--format", "json"]));
    assert!(three["dsql"]["summary"]["monthly_cost_usd"].is_number());
    let dsql_said = three["fault_impacts"][0]["dsql"]["verdict"].as_str().unwrap();
    assert!(dsql_said.starts_with("DSQL: "));
    // The table says what the fault cost each contender, DSQL's line under the other two.
    let table = ok(&["run", file.to_str().unwrap(), "--format", "table"]);
    let fault = &table[table.find("Region A outage").expect("the fault's lines")..];
    let lines: Vec<&str> = fault.lines().skip(1).take(3).map(str::trim).collect();
    assert!(lines[0].starts_with("DynamoDB: ") && lines[1].starts_with("Aurora: "), "{fault}");
    assert_eq!(lines[2], dsql_said, "{fault}");
    let two_table = ok(&["run", "--preset", "region-outage", "--format", "table"]);
    assert!(!two_table.contains("DSQL: "), "{two_table}");
}

#[test]
fn run_events_lists_the_runs_moments_in_time_order() {
    let out = ok(&["run", "--preset", "flash-sale", "--format", "events"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("time"), "{out}");
    assert!(out.contains("burst spent: ") && out.contains("TableReadProvisionedThroughputExceeded"), "{out}");
    assert!(out.contains("auto scaling raises read capacity: 600 → 858 RCU"), "{out}");
    let burst = lines.iter().position(|l| l.contains("burst spent")).unwrap();
    let scaled = lines.iter().position(|l| l.contains("auto scaling raises")).unwrap();
    assert!(burst < scaled, "{out}");
}

#[test]
fn run_overrides_seed_duration_and_step() {
    let v = json(&ok(&[
        "run",
        "--preset",
        "flash-sale",
        "--duration-s",
        "7200",
        "--step-s",
        "30",
        "--seed",
        "7",
        "--format",
        "json",
    ]));
    assert_eq!(v["step_s"], 30.0);
    assert_eq!(v["t_s"].as_array().unwrap().len(), 240);
    let mut s = presets::find("flash-sale").unwrap().scenario();
    s.simulation.duration_s = 7200.0;
    s.simulation.step_s = Some(30.0);
    s.simulation.seed = 7;
    same_json(&lib_json(sim::run(&s)), &v);
    // `--name=value` works too.
    let out = ok(&["run", "--duration-s=3600", "--step-s=60"]);
    assert!(
        out.contains("simulated 1 h (3,600 s) in 60 steps of 60 s"),
        "{out}"
    );
}

#[test]
fn run_overrides_are_validated() {
    fails(
        &["run", "--duration-s", "60"],
        &[
            "--duration-s 60",
            "simulation.duration_s = 60",
            "3600 to 2592000",
        ],
    );
    fails(
        &["run", "--step-s", "0.5"],
        &["simulation.step_s = 0.5", "1 to 300"],
    );
    fails(&["run", "--step-s", "fast"], &["--step-s", "\"fast\""]);
    fails(&["run", "--seed", "-3"], &["--seed", "whole number"]);
    fails(&["run", "--seed", "1.5"], &["--seed", "whole number"]);
    fails(
        &["steady", "--seed", "3"],
        &["unknown option --seed", "scalelab steady"],
    );
}

// ---- steady and steady-sweep: the steady-state view ----

#[test]
fn steady_default_prints_a_table_with_both_databases() {
    let out = ok(&["steady"]);
    assert!(
        out.contains("DDB OD $/mo") && out.contains("Aurora $/mo"),
        "{out}"
    );
    // Default: 1,000 req/s, 80 % eventually consistent 1 KB reads → $466 on-demand, and
    // $10 of point-in-time recovery for 50 GB.
    assert!(out.contains("1,000") && out.contains("$476"), "{out}");
}

#[test]
fn steady_json_matches_the_library() {
    let path = scenario_file(
        "steady.json",
        r#"{"workload": {"requests_per_s": 5000, "query": "transaction"}}"#,
    );
    let v = json(&ok(&["steady", path.to_str().unwrap(), "--format", "json"]));
    let mut s = Scenario::default();
    s.workload.requests_per_s = 5000.0;
    s.workload.query = scalelab::model::workload::QueryKind::Transaction;
    same_json(&lib_json(s.compare()), &v);
}

#[test]
fn steady_takes_a_preset() {
    let v = json(&ok(&[
        "steady",
        "--preset",
        "session-store",
        "--format",
        "json",
    ]));
    same_json(
        &lib_json(presets::find("session-store").unwrap().scenario().compare()),
        &v,
    );
}

#[test]
fn steady_sweep_prints_one_row_per_point() {
    let out = ok(&["steady-sweep", "--points", "5"]);
    assert_eq!(out.lines().count(), 6, "{out}");
    assert!(out.contains("10 M"));
    let v = json(&ok(&[
        "steady-sweep",
        "--preset",
        "iot-ingestion",
        "--points",
        "3",
        "--format",
        "json",
    ]));
    assert_eq!(v.as_array().unwrap().len(), 3);
    fails(
        &["steady-sweep", "--points", "1"],
        &["--points", "2 to 1000"],
    );
}

// ---- presets, facts, help ----

#[test]
fn presets_lists_id_title_and_lesson_of_each() {
    let out = ok(&["presets"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), PRESETS.len(), "{out}");
    for (line, p) in lines.iter().zip(PRESETS.iter()) {
        assert!(
            line.starts_with(p.id) && line.contains(p.title) && line.ends_with(p.lesson),
            "{line}"
        );
    }
}

#[test]
fn facts_lists_documented_constants_with_sources() {
    let out = ok(&["facts"]);
    assert!(
        out.contains("ddb.partition.max_wcu")
            && out.contains("1,000")
            && out.contains("https://docs.aws.amazon.com"),
        "{out}"
    );
}

const COMMANDS: [&str; 10] = [
    "run",
    "sweep",
    "steady",
    "steady-sweep",
    "presets",
    "scenario",
    "csv-to-series",
    "import",
    "facts",
    "completions",
];

#[test]
fn help_describes_every_command() {
    let out = ok(&["--help"]);
    assert!(out.starts_with("scalelab: DynamoDB and Aurora"), "{out}");
    for cmd in COMMANDS {
        // Listed under Commands, with what it does.
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with(&format!("{cmd} "))),
            "{cmd} not listed:\n{out}"
        );
        // Each command's own help, by --help, -h or `help COMMAND`.
        for args in [vec![cmd, "--help"], vec![cmd, "-h"], vec!["help", cmd]] {
            let own = ok(&args);
            assert!(
                own.starts_with(&format!("scalelab {cmd}: ")),
                "{args:?}: {own}"
            );
            assert!(
                own.contains(&format!("Usage: scalelab {cmd}")),
                "{args:?}: {own}"
            );
        }
    }
    assert_eq!(ok(&["-h"]), out);
    assert_eq!(ok(&["help"]), out);
    // Help wins over the other arguments; in place of an option's value it is not taken as one.
    assert!(ok(&["run", "--preset", "flash-sale", "--help"]).starts_with("scalelab run: "));
    assert!(ok(&["sweep", "--help"]).contains("--param <PATH>"));
    fails(&["run", "--preset", "--help"], &["--preset needs a value"]);
    // Every option of every command is in its help.
    for (cmd, options) in [
        (
            "run",
            &["--preset", "--format", "--seed", "--duration-s", "--step-s"][..],
        ),
        (
            "sweep",
            &[
                "--param",
                "--from",
                "--to",
                "--steps",
                "--format",
                "--seed",
                "--duration-s",
                "--step-s",
            ],
        ),
        ("steady", &["--preset", "--format"]),
        ("steady-sweep", &["--preset", "--points", "--format"]),
        (
            "scenario",
            &["--preset", "--seed", "--duration-s", "--step-s"],
        ),
    ] {
        let help = ok(&[cmd, "--help"]);
        for o in options {
            assert!(help.contains(o), "{cmd} --help lacks {o}:\n{help}");
        }
    }
}

#[test]
fn completions_are_generated_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let script = ok(&["completions", shell]);
        for cmd in COMMANDS {
            assert!(script.contains(cmd), "{shell}: {cmd} missing");
        }
        assert!(
            script.contains("duration-s") && script.contains("steady-sweep"),
            "{shell}"
        );
    }
    assert!(ok(&["completions", "bash"]).contains("complete -F _scalelab"));
    fails(
        &["completions", "tcsh"],
        &["the shell \"tcsh\"", "bash", "fish", "zsh"],
    );
    fails(&["completions"], &["needs a SHELL argument"]);
}

// ---- scenario: the complete scenario JSON ----

#[test]
fn scenario_prints_every_field_and_round_trips() {
    let default: Scenario = serde_json::from_str(&ok(&["scenario"])).unwrap();
    assert_eq!(default, Scenario::default());
    for p in &PRESETS {
        let text = ok(&["scenario", "--preset", p.id]);
        assert_eq!(
            serde_json::from_str::<Scenario>(&text).unwrap(),
            p.scenario(),
            "{}",
            p.id
        );
        // Written to a file and run, it gives the preset's run.
        let file = scenario_file(&format!("{}.json", p.id), &text);
        same_json(
            &json(&ok(&["run", "--preset", p.id, "--format", "json"])),
            &json(&ok(&["run", file.to_str().unwrap(), "--format", "json"])),
        );
    }
    let v = json(&ok(&[
        "scenario",
        "--preset",
        "flash-sale",
        "--step-s",
        "30",
        "--seed",
        "9",
    ]));
    assert_eq!(v["simulation"]["step_s"], 30.0);
    assert_eq!(v["simulation"]["seed"], 9);
    fails(
        &["scenario", "--format", "json"],
        &["unknown option --format"],
    );
}

// ---- docs/scenario.md and docs/example-scenario.json ----

fn repo_file(path: &str) -> String {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The fenced code blocks of `lang` in a markdown text.
fn code_blocks(markdown: &str, lang: &str) -> Vec<String> {
    let (mut blocks, mut current): (Vec<String>, Option<String>) = (Vec::new(), None);
    for line in markdown.lines() {
        match current.as_mut() {
            None if line.trim() == format!("```{lang}") => current = Some(String::new()),
            None => {}
            Some(_) if line.trim() == "```" => blocks.push(current.take().unwrap()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
        }
    }
    blocks
}

#[test]
fn example_scenario_file_runs() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/example-scenario.json");
    let path = path.to_str().unwrap();
    let out = ok(&["run", path]);
    assert!(
        out.contains("simulated 6 h (21,600 s) in 1,440 steps of 15 s"),
        "{out}"
    );
    let v = json(&ok(&["run", path, "--format", "json"]));
    let s = Scenario::from_json(&repo_file("docs/example-scenario.json")).unwrap();
    same_json(&lib_json(sim::run(&s)), &v);
    ok(&["steady", path]);
    ok(&[
        "sweep",
        path,
        "--param",
        "traffic.multiplier",
        "--from",
        "2",
        "--to",
        "12",
        "--steps",
        "2",
    ]);
    // The file is the full example shown in docs/scenario.md.
    let doc = repo_file("docs/scenario.md");
    let shown = code_blocks(&doc, "json")
        .into_iter()
        .find(|b| b.contains("\"version\""))
        .expect("the full example in docs/scenario.md");
    assert_eq!(json(&shown), json(&repo_file("docs/example-scenario.json")));
}

#[test]
fn every_json_example_in_the_docs_is_a_valid_scenario() {
    let doc = repo_file("docs/scenario.md");
    let blocks = code_blocks(&doc, "json");
    assert!(blocks.len() >= 7, "{} json blocks", blocks.len());
    for b in &blocks {
        Scenario::from_json(b)
            .unwrap_or_else(|e| panic!("docs/scenario.md example does not parse: {e}\n{b}"));
    }
    // Every traffic shape has an example.
    for shape in [
        "steady",
        "diurnal",
        "spike",
        "ramp",
        "nightly_batch",
        "series",
    ] {
        let needle = format!("\"shape\": \"{shape}\"");
        assert!(
            blocks.iter().any(|b| b.contains(&needle)),
            "no example of the {shape} shape"
        );
    }
}

#[test]
fn docs_csv_example_converts_as_shown() {
    let doc = repo_file("docs/scenario.md");
    let csv = code_blocks(&doc, "text")
        .into_iter()
        .find(|b| b.starts_with("t_s,requests_per_s"))
        .expect("the CSV example in docs/scenario.md");
    let file = scenario_file("doc-trace.csv", &csv);
    let out = ok(&["csv-to-series", file.to_str().unwrap()]);
    assert!(
        doc.contains(&format!("# {}", out.trim())),
        "docs should show the output {out}"
    );
}

/// Each field of the scenario (taken from the code's own defaults, so that a new field is
/// noticed) must be documented in docs/scenario.md, as `name`.
#[test]
fn docs_cover_every_scenario_field() {
    use scalelab::model::traffic::Traffic;
    let doc = repo_file("docs/scenario.md");
    let mut missing = Vec::new();
    let mut need = |name: &str, context: &str| {
        if !doc.contains(&format!("`{name}`")) {
            missing.push(format!("{context}{name}"));
        }
    };
    let v = serde_json::to_value(Scenario::default()).unwrap();
    for (section, value) in v.as_object().unwrap() {
        need(section, "");
        match (section.as_str(), value) {
            // Price ids are data (assets/prices.json); each entry's keys are the format.
            ("prices", Value::Object(entries)) => {
                for entry in entries.values() {
                    for key in entry.as_object().unwrap().keys() {
                        need(key, "prices.*.");
                    }
                }
            }
            ("traffic", _) => {}
            (_, Value::Object(fields)) => {
                for f in fields.keys() {
                    need(f, &format!("{section}."));
                }
            }
            _ => {}
        }
    }
    let shapes = [
        Traffic::Steady,
        Traffic::Diurnal {
            trough_to_peak: 0.5,
            peak_hour_utc: 12.0,
        },
        Traffic::Spike {
            multiplier: 2.0,
            start_s: 0.0,
            duration_s: 60.0,
        },
        Traffic::Ramp {
            to_multiplier: 2.0,
            start_s: 0.0,
            end_s: 60.0,
        },
        Traffic::NightlyBatch {
            batch_multiplier: 2.0,
            start_hour_utc: 1.0,
            duration_h: 1.0,
        },
        Traffic::series(vec![(0.0, 1.0)]),
    ];
    for t in shapes {
        for (key, value) in serde_json::to_value(&t).unwrap().as_object().unwrap() {
            match value.as_str() {
                Some(shape) if key == "shape" => need(shape, "traffic.shape "),
                _ => need(key, "traffic."),
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/scenario.md does not document: {}",
        missing.join(", ")
    );
}

// ---- sweep: one field over a range, simulated ----

#[test]
fn sweep_table_has_one_row_per_value() {
    let out = ok(&[
        "sweep",
        "--param",
        "workload.key_skew",
        "--from",
        "0",
        "--to",
        "2",
        "--steps",
        "5",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    assert!(
        lines[0].contains("workload.key_skew")
            && lines[0].contains("DDB $/mo")
            && lines[0].contains("Aurora $/mo"),
        "{out}"
    );
    let values: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split('|').next().unwrap().trim())
        .collect();
    assert_eq!(values, ["0", "0.5", "1", "1.5", "2"]);
}

#[test]
fn sweep_json_matches_the_library_field_by_field() {
    let v = json(&ok(&[
        "sweep",
        "--preset",
        "flash-sale",
        "--param",
        "traffic.multiplier",
        "--from",
        "2",
        "--to",
        "30",
        "--steps",
        "3",
        "--format",
        "json",
    ]));
    assert_eq!(v["param"], "traffic.multiplier");
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    for (p, m) in points.iter().zip([2.0, 16.0, 30.0]) {
        let mut s = presets::find("flash-sale").unwrap().scenario();
        s.traffic = scalelab::model::traffic::Traffic::Spike {
            multiplier: m,
            start_s: 3600.0,
            duration_s: 2700.0,
        };
        let run = sim::run(&s);
        assert_eq!(p["value"], m);
        same_json(&lib_json(&run.dynamodb_summary), &p["dynamodb"]);
        same_json(&lib_json(&run.aurora_summary), &p["aurora"]);
    }
    // A bigger spike throttles more.
    let failed = |p: &Value| p["dynamodb"]["failed_requests"].as_f64().unwrap();
    assert!(failed(&points[2]) > failed(&points[0]));
}

#[test]
fn sweep_csv_has_the_path_as_first_column() {
    let out = ok(&[
        "sweep",
        "--param",
        "aurora.max_acu",
        "--from",
        "8",
        "--to",
        "128",
        "--steps",
        "4",
        "--format",
        "csv",
        "--duration-s",
        "3600",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "aurora.max_acu,ddb_monthly_cost_usd,ddb_failed_share,ddb_minutes_failing,ddb_worst_p99_ms,ddb_peak_capacity_units,\
aurora_monthly_cost_usd,aurora_failed_share,aurora_minutes_failing,aurora_worst_p99_ms,aurora_peak_writer_acu"
    );
    let firsts: Vec<f64> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(firsts, [8.0, 48.0, 88.0, 128.0]);
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.split(',').count() == 11 && l.split(',').all(|c| c.parse::<f64>().is_ok())),
        "{out}"
    );
}

#[test]
fn sweep_sets_integer_fields_and_array_elements() {
    let out = ok(&[
        "sweep",
        "--param",
        "aurora.readers",
        "--from",
        "0",
        "--to",
        "2",
        "--steps",
        "3",
        "--duration-s",
        "3600",
    ]);
    assert_eq!(out.lines().count(), 4, "{out}");
    let path = scenario_file(
        "series.json",
        r#"{"traffic": {"shape": "series", "points": [[0, 100], [1800, 200]]}}"#,
    );
    let v = json(&ok(&[
        "sweep",
        path.to_str().unwrap(),
        "--param",
        "traffic.points.1.1",
        "--from",
        "200",
        "--to",
        "400",
        "--steps",
        "2",
        "--format",
        "json",
        "--duration-s",
        "3600",
    ]));
    let offered = |i: usize| {
        v["points"][i]["dynamodb"]["offered_requests"]
            .as_f64()
            .unwrap()
    };
    assert!(offered(1) > offered(0));
}

#[test]
fn sweep_errors_name_the_problem() {
    let sw = |extra: &[&str]| {
        let mut a = vec!["sweep", "--from", "0", "--to", "1", "--steps", "3"];
        a.extend_from_slice(extra);
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run = |extra: &[&str], needles: &[&str]| {
        let a = sw(extra);
        fails(&a.iter().map(String::as_str).collect::<Vec<_>>(), needles)
    };
    // A path that does not exist: named, with the fields that do.
    run(
        &["--param", "workload.key_skw"],
        &[
            "workload.key_skw",
            "does not exist",
            "key_skew",
            "requests_per_s",
        ],
    );
    run(
        &["--param", "nosuch.field"],
        &["nosuch", "does not exist", "workload"],
    );
    run(&["--param", "workload..key_skew"], &["empty part"]);
    // traffic.multiplier exists only for a spike; the default traffic is steady.
    run(
        &["--param", "traffic.multiplier"],
        &["traffic.multiplier", "does not exist", "shape"],
    );
    // Not numbers.
    run(
        &["--param", "workload.query"],
        &["workload.query", "not a number", "point_read"],
    );
    run(
        &["--param", "aurora.io_optimized"],
        &["aurora.io_optimized", "not a number"],
    );
    run(
        &["--param", "workload"],
        &["workload", "an object", "not a number"],
    );
    run(
        &["--param", "simulation.step_s"],
        &["simulation.step_s", "null", "not a number"],
    );
    run(
        &["--param", "workload.requests_per_s.x"],
        &["workload.requests_per_s.x", "does not exist"],
    );
    // Integer fields only take whole values.
    run(
        &["--param", "aurora.readers"],
        &["aurora.readers", "whole number", "0.5"],
    );
    // Missing options.
    fails(
        &["sweep", "--from", "0", "--to", "1", "--steps", "3"],
        &["--param"],
    );
    fails(
        &[
            "sweep",
            "--param",
            "workload.key_skew",
            "--to",
            "1",
            "--steps",
            "3",
        ],
        &["--from"],
    );
    fails(
        &[
            "sweep",
            "--param",
            "workload.key_skew",
            "--from",
            "0",
            "--steps",
            "3",
        ],
        &["--to"],
    );
    fails(
        &[
            "sweep",
            "--param",
            "workload.key_skew",
            "--from",
            "0",
            "--to",
            "1",
        ],
        &["--steps"],
    );
    fails(
        &[
            "sweep",
            "--param",
            "workload.key_skew",
            "--from",
            "zero",
            "--to",
            "1",
            "--steps",
            "3",
        ],
        &["--from", "\"zero\""],
    );
    fails(
        &[
            "sweep",
            "--param",
            "workload.key_skew",
            "--from",
            "0",
            "--to",
            "inf",
            "--steps",
            "3",
        ],
        &["--to", "\"inf\""],
    );
}

#[test]
fn sweep_steps_must_be_2_to_200() {
    for bad in ["1", "201", "0", "-5", "ten", "2.5"] {
        fails(
            &[
                "sweep",
                "--param",
                "workload.key_skew",
                "--from",
                "0",
                "--to",
                "1",
                "--steps",
                bad,
            ],
            &["--steps", bad, "2 to 200"],
        );
    }
    let out = ok(&[
        "sweep",
        "--param",
        "workload.key_skew",
        "--from",
        "0",
        "--to",
        "1",
        "--steps",
        "2",
        "--duration-s",
        "3600",
    ]);
    assert_eq!(out.lines().count(), 3);
}

#[test]
fn sweep_value_the_validation_rejects_is_named() {
    fails(
        &[
            "sweep",
            "--param",
            "workload.key_skew",
            "--from",
            "0",
            "--to",
            "3",
            "--steps",
            "4",
        ],
        &["sweep value 3", "workload.key_skew = 3", "0 to 2"],
    );
    fails(
        &[
            "sweep",
            "--param",
            "aurora.max_acu",
            "--from",
            "1",
            "--to",
            "2",
            "--steps",
            "5",
        ],
        &["sweep value 1.25", "aurora.max_acu = 1.25", "0.5 steps"],
    );
    fails(
        &[
            "sweep",
            "--param",
            "aurora.readers",
            "--from",
            "0",
            "--to",
            "20",
            "--steps",
            "3",
        ],
        &["sweep value 20", "aurora.readers = 20", "15"],
    );
    fails(
        &[
            "sweep",
            "--param",
            "aurora.readers",
            "--from",
            "-2",
            "--to",
            "0",
            "--steps",
            "3",
        ],
        &["aurora.readers = -2"],
    );
    fails(
        &[
            "sweep",
            "--param",
            "simulation.duration_s",
            "--from",
            "60",
            "--to",
            "3600",
            "--steps",
            "2",
        ],
        &["sweep value 60", "simulation.duration_s = 60"],
    );
}

#[test]
fn unknown_format_is_rejected_by_every_command() {
    fails(
        &["run", "--format", "xml"],
        &["--format \"xml\"", "table, json, csv, events or futures-csv"],
    );
    fails(
        &["steady", "--format", "xml"],
        &["--format \"xml\"", "table, json or csv"],
    );
    fails(
        &["steady-sweep", "--format", "yaml"],
        &["--format \"yaml\""],
    );
    fails(
        &[
            "sweep",
            "--param",
            "workload.key_skew",
            "--from",
            "0",
            "--to",
            "1",
            "--steps",
            "2",
            "--format",
            "xml",
        ],
        &["--format \"xml\"", "table, csv or json"],
    );
    fails(&["run", "--format"], &["--format needs a value"]);
}

// ---- scenario files and presets: the error contract ----

#[test]
fn malformed_file_exits_2_with_a_message() {
    let path = scenario_file("malformed.json", "{ this is not json");
    let p = path.to_str().unwrap();
    for cmd in ["run", "steady", "steady-sweep"] {
        fails(&[cmd, p], &[p, "scenario: key must be a string at line 1"]);
    }
    fails(
        &[
            "sweep",
            p,
            "--param",
            "workload.key_skew",
            "--from",
            "0",
            "--to",
            "1",
            "--steps",
            "2",
        ],
        &[p],
    );
    let truncated = scenario_file("truncated.json", r#"{"workload": {"requests_per_s": 10"#);
    fails(
        &["run", truncated.to_str().unwrap()],
        &["EOF while parsing"],
    );
    let wrong_type = scenario_file(
        "wrongtype.json",
        r#"{"workload": {"requests_per_s": "fast"}}"#,
    );
    fails(
        &["run", wrong_type.to_str().unwrap()],
        &["workload.requests_per_s: expected a number, found text \"fast\""],
    );
}

#[test]
fn out_of_range_value_names_the_field_value_and_range() {
    let path = scenario_file(
        "range.json",
        r#"{"workload": {"requests_per_s": 50000000}}"#,
    );
    for cmd in ["run", "steady"] {
        fails(
            &[cmd, path.to_str().unwrap()],
            &[
                "workload.requests_per_s = 50000000",
                "0.001 to 10000000 req/s",
            ],
        );
    }
    let path = scenario_file(
        "range2.json",
        r#"{"traffic": {"shape": "spike", "multiplier": 5000, "start_s": 0, "duration_s": 60}}"#,
    );
    fails(
        &["run", path.to_str().unwrap()],
        &["traffic.multiplier = 5000", "0 to 1000"],
    );
    let path = scenario_file("range3.json", r#"{"simulation": {"duration_s": 100}}"#);
    fails(
        &["run", path.to_str().unwrap()],
        &["simulation.duration_s = 100", "3600 to 2592000"],
    );
}

#[test]
fn unknown_field_is_reported_not_dropped() {
    for (name, text, field) in [
        (
            "unknown1.json",
            r#"{"workload": {"request_per_s": 10}}"#,
            "request_per_s",
        ),
        ("unknown2.json", r#"{"wrokload": {}}"#, "wrokload"),
        (
            "unknown3.json",
            r#"{"traffic": {"shape": "spike", "multiplier": 2, "start_s": 0, "duration_s": 60, "end_s": 5}}"#,
            "end_s",
        ),
        ("unknown4.json", r#"{"simulation": {"seeds": 3}}"#, "seeds"),
    ] {
        let path = scenario_file(name, text);
        fails(
            &["run", path.to_str().unwrap()],
            &[&format!("unknown field `{field}`")],
        );
    }
}

#[test]
fn unknown_preset_lists_the_valid_ids() {
    for cmd in ["run", "steady", "steady-sweep"] {
        let mut needles = vec!["unknown preset \"flashsale\""];
        needles.extend(PRESETS.iter().map(|p| p.id));
        fails(&[cmd, "--preset", "flashsale"], &needles);
    }
    fails(
        &[
            "sweep",
            "--preset",
            "nope",
            "--param",
            "workload.key_skew",
            "--from",
            "0",
            "--to",
            "1",
            "--steps",
            "2",
        ],
        &["unknown preset", "flash-sale"],
    );
}

#[test]
fn bad_invocations_exit_2_with_one_line() {
    fails(&[], &["no command given", "run"]);
    fails(
        &["frobnicate"],
        &["unknown command \"frobnicate\"", "steady-sweep"],
    );
    fails(
        &["run", "/nonexistent/scenario.json"],
        &["cannot read /nonexistent/scenario.json"],
    );
    fails(
        &["run", "a.json", "b.json"],
        &["unexpected argument \"b.json\""],
    );
    fails(&["run", "a.json", "--preset", "flash-sale"], &["not both"]);
    fails(&["run", "--preset"], &["--preset needs a value"]);
    fails(
        &["run", "--bogus", "1"],
        &["unknown option --bogus", "scalelab run --help"],
    );
    fails(
        &["run", "--preset", "flash-sale", "--preset", "iot-ingestion"],
        &["--preset is given more than once"],
    );
    fails(&["presets", "extra"], &["takes no arguments"]);
    fails(
        &["facts", "--format", "json"],
        &["unknown option --format", "no options"],
    );
    fails(&["help", "nope"], &["unknown command \"nope\""]);
    // The steady-state sweep of before is now steady-sweep; the message says so.
    fails(
        &["sweep", "--points", "13"],
        &[
            "unknown option --points",
            "scalelab steady-sweep --points N",
        ],
    );
}

// ---- csv-to-series ----

#[test]
fn csv_to_series_prints_a_traffic_fragment_that_runs() {
    let csv = scenario_file(
        "series.csv",
        "t_s,requests_per_s\n0,100\n60,250\n# a comment\n3600,1000.5\n",
    );
    // Each row's rate holds until the next (a count per interval), unless --linear.
    let out = ok(&["csv-to-series", csv.to_str().unwrap()]);
    assert_eq!(
        out.trim(),
        r#"{"shape": "series", "between_points": "hold", "points": [[0, 100], [60, 250], [3600, 1000.5]]}"#
    );
    let traffic: scalelab::model::traffic::Traffic = serde_json::from_str(&out).unwrap();
    let points = vec![(0.0, 100.0), (60.0, 250.0), (3600.0, 1000.5)];
    assert_eq!(traffic, scalelab::model::traffic::Traffic::series_held(points.clone()));
    let linear = ok(&["csv-to-series", csv.to_str().unwrap(), "--linear"]);
    assert_eq!(
        linear.trim(),
        r#"{"shape": "series", "points": [[0, 100], [60, 250], [3600, 1000.5]]}"#
    );
    assert_eq!(serde_json::from_str::<scalelab::model::traffic::Traffic>(&linear).unwrap(), scalelab::model::traffic::Traffic::series(points));
    // Pasted into a scenario, it runs: the series gives absolute rates.
    let first_minute = |fragment: &str| {
        let scenario = scenario_file(
            "from-csv.json",
            &format!(r#"{{"traffic": {}, "simulation": {{"duration_s": 3600, "step_s": 60}}}}"#, fragment.trim()),
        );
        json(&ok(&["run", scenario.to_str().unwrap(), "--format", "json"]))["dynamodb"]["offered_rps"]["mean"][0].clone()
    };
    // Each step offers the series' mean over it: 100 held over the first minute, or 100 →
    // 250 req/s linearly.
    assert_eq!(first_minute(&out), 100.0);
    assert_eq!(first_minute(&linear), 175.0);
}

#[test]
fn csv_to_series_reads_dates_and_separate_reads_and_writes() {
    let csv = scenario_file(
        "rw.csv",
        "time,reads_per_s,writes_per_s\n2026-11-03 14:05:00+01:00,80,20\n2026-11-03T14:06:00.000+01:00,30,10\n",
    );
    assert_eq!(
        ok(&["csv-to-series", csv.to_str().unwrap()]).trim(),
        r#"{"shape": "series", "between_points": "hold", "points": [[0, 100], [60, 40]], "read_shares": [0.8, 0.75]}"#
    );
    let json_file = format!("{}/tests/fixtures/dynamodb-provisioned-throttles.json", env!("CARGO_MANIFEST_DIR"));
    fails(&["csv-to-series", &json_file], &["this is CloudWatch get-metric-data JSON", "scalelab import"]);
}

#[test]
fn csv_to_series_errors_give_the_line() {
    // (file name, contents, what the error must say)
    let cases: [(&str, &str, &[&str]); 8] = [
        (
            "bad.csv",
            "t_s,requests_per_s\n0,100\n60\n",
            &["line 3", "expected 2 columns"],
        ),
        (
            "bad2.csv",
            "0,100\nsoon,5\n",
            &["line 2, column 1", "t_s = \"soon\" is not a number"],
        ),
        (
            "bad2b.csv",
            "0,100\n60,lots\n",
            &[
                "line 2, column 2",
                "requests_per_s = \"lots\" is not a number",
            ],
        ),
        (
            "bad3.csv",
            "0,100\n60,5\n30,5\n",
            &["line 3, column 1", "not after the previous row"],
        ),
        (
            "bad4.csv",
            "0,-100\n",
            &["line 1, column 2", "requests_per_s = -100", "0 to 10000000"],
        ),
        ("empty.csv", "t_s,requests_per_s\n", &["no data rows"]),
        (
            "late.csv",
            "0,1\n99999999,2\n",
            &["line 2, column 1", "t_s = 99999999", "0 to 2678400"],
        ),
        (
            "bom-bad.csv",
            "\u{feff}0,1\nx,2\n",
            &["line 2, column 1", "\"x\""],
        ),
    ];
    for (name, contents, expected) in cases {
        let file = scenario_file(name, contents);
        fails(&["csv-to-series", file.to_str().unwrap()], expected);
    }
    fails(&["csv-to-series"], &["needs a FILE.csv argument"]);
    fails(
        &["csv-to-series", "/nonexistent.csv"],
        &["cannot read /nonexistent.csv"],
    );
    fails(
        &["csv-to-series", "a.csv", "b.csv"],
        &["unexpected argument \"b.csv\""],
    );
}

// ---- golden summaries: `scalelab run --preset ID`, end to end ----
//
// tests/golden/ID.json holds the summary of each preset's run. `SCALELAB_BLESS=1 cargo test
// --test cli golden` rewrites them (then read the diff); otherwise every number must match
// within a relative 1e-9, and the first mismatch is reported by its JSON path.

const GOLDEN_REL_TOL: f64 = 1e-9;

fn golden_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
}

/// The summary of `scalelab run --preset ID --format json`, as stored in the golden file.
fn preset_summary(id: &str) -> Value {
    let run = json(&ok(&["run", "--preset", id, "--format", "json"]));
    let steps = run["t_s"].as_array().map_or(0, Vec::len);
    let mut summary = serde_json::json!({
        "preset": id,
        "step_s": run["step_s"],
        "steps": steps,
        "dynamodb": run["dynamodb_summary"],
        "aurora": run["aurora_summary"],
    });
    // DSQL's summary, for the presets that name it (the others' goldens stay as they were).
    if let Some(dsql) = run.get("dsql") {
        summary["dsql"] = dsql["summary"].clone();
    }
    // The plan's hour-by-hour spend is a series (a chart's), not a summary figure: the plan's
    // figures computed from it are kept.
    for db in ["dynamodb", "aurora", "dsql"] {
        if let Some(plan) = summary.get_mut(db).and_then(|s| s.get_mut("savings_plan")).and_then(Value::as_object_mut) {
            plan.remove("hourly_usd");
        }
    }
    summary
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The first difference between `expected` and `actual`, named by its JSON path: numbers
/// may differ by a relative `tol`; everything else must be equal.
fn first_mismatch(path: &str, expected: &Value, actual: &Value, tol: f64) -> Option<String> {
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (e.as_f64()?, a.as_f64()?);
            let scale = e.abs().max(a.abs());
            if e == a || (e - a).abs() <= tol * scale {
                None
            } else {
                Some(format!(
                    "{path}: expected {e}, got {a} (relative difference {:.3e})",
                    (e - a).abs() / scale
                ))
            }
        }
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let here = format!("{path}.{k}");
                match a.get(k) {
                    None => return Some(format!("{here}: missing (expected {ev})")),
                    Some(av) => {
                        if let Some(m) = first_mismatch(&here, ev, av, tol) {
                            return Some(m);
                        }
                    }
                }
            }
            a.keys()
                .find(|k| !e.contains_key(*k))
                .map(|k| format!("{path}.{k}: not expected (got {})", a[k]))
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Some(format!(
                    "{path}: expected {} elements, got {}",
                    e.len(),
                    a.len()
                ));
            }
            e.iter()
                .zip(a)
                .enumerate()
                .find_map(|(i, (ev, av))| first_mismatch(&format!("{path}[{i}]"), ev, av, tol))
        }
        (e, a) if std::mem::discriminant(e) != std::mem::discriminant(a) => Some(format!(
            "{path}: expected {} ({e}), got {} ({a})",
            kind(e),
            kind(a)
        )),
        (e, a) => (e != a).then(|| format!("{path}: expected {e}, got {a}")),
    }
}

#[test]
fn golden_comparer_reports_the_path_of_the_first_mismatch() {
    let e = json(r#"{"a": {"b": [1.0, 2.0, {"c": 3.0}]}, "s": "x", "z": 0}"#);
    assert_eq!(first_mismatch("$", &e, &e.clone(), 1e-9), None);
    let close = json(r#"{"a": {"b": [1.0, 2.000000000001, {"c": 3.0}]}, "s": "x", "z": 0.0}"#);
    assert_eq!(first_mismatch("$", &e, &close, 1e-9), None);
    let far = json(r#"{"a": {"b": [1.0, 2.0, {"c": 3.00001}]}, "s": "x", "z": 0}"#);
    assert!(first_mismatch("$", &e, &far, 1e-9)
        .unwrap()
        .starts_with("$.a.b[2].c: expected 3, got 3.00001"));
    let missing = json(r#"{"a": {"b": [1.0, 2.0, {}]}, "s": "x", "z": 0}"#);
    assert!(first_mismatch("$", &e, &missing, 1e-9)
        .unwrap()
        .starts_with("$.a.b[2].c: missing"));
    let extra = json(r#"{"a": {"b": [1.0, 2.0, {"c": 3.0}]}, "s": "x", "z": 0, "new": 1}"#);
    assert!(first_mismatch("$", &e, &extra, 1e-9)
        .unwrap()
        .starts_with("$.new: not expected"));
    let short = json(r#"{"a": {"b": [1.0, 2.0]}, "s": "x", "z": 0}"#);
    assert!(first_mismatch("$", &e, &short, 1e-9)
        .unwrap()
        .starts_with("$.a.b: expected 3 elements, got 2"));
    let typed = json(r#"{"a": {"b": [1.0, 2.0, {"c": "3"}]}, "s": "x", "z": 0}"#);
    assert!(first_mismatch("$", &e, &typed, 1e-9)
        .unwrap()
        .starts_with("$.a.b[2].c: expected a number (3.0), got a string"));
    let text = json(r#"{"a": {"b": [1.0, 2.0, {"c": 3.0}]}, "s": "y", "z": 0}"#);
    assert!(first_mismatch("$", &e, &text, 1e-9)
        .unwrap()
        .starts_with("$.s: expected \"x\", got \"y\""));
    // Zero is compared exactly: no relative slack around it.
    assert!(first_mismatch("$", &json("0.0"), &json("1e-300"), 1e-9).is_some());
}

#[test]
fn golden_preset_summaries_match() {
    let bless = std::env::var("SCALELAB_BLESS").is_ok_and(|v| v == "1");
    let dir = golden_dir();
    let mut problems = Vec::new();
    for p in &PRESETS {
        let file = dir.join(format!("{}.json", p.id));
        let actual = preset_summary(p.id);
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&file, serde_json::to_string_pretty(&actual).unwrap() + "\n").unwrap();
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            problems.push(format!(
                "{}: missing; create it with SCALELAB_BLESS=1 cargo test --test cli golden",
                file.display()
            ));
            continue;
        };
        let expected = json(&text);
        if let Some(m) = first_mismatch("$", &expected, &actual, GOLDEN_REL_TOL) {
            problems.push(format!("{}: {m}", file.display()));
        }
    }
    // No golden file for a preset that no longer exists.
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let id = name.strip_suffix(".json").unwrap_or(&name);
            if presets::find(id).is_none() {
                problems.push(format!(
                    "{}: no preset {id:?}; delete the file",
                    e.path().display()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "golden summaries differ (if the model changed on purpose, rerun with SCALELAB_BLESS=1 and review the diff):\n{}",
        problems.join("\n")
    );
}

#[test]
fn absurd_estimates_are_rejected_not_run() {
    for (field, value) in [
        ("sdk_max_attempts", "1000000000"),
        ("aurora_vcpu_per_acu", "1e9"),
    ] {
        let path = scenario_file(
            &format!("absurd-{field}"),
            &format!(r#"{{"estimates": {{"{field}": {value}}}}}"#),
        );
        let o = scalelab(&["run", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{field}");
        assert!(
            stderr(&o).contains(field) && stderr(&o).contains("allowed range"),
            "{}",
            stderr(&o)
        );
    }
}

// ---- hostile and damaged scenario files: one line naming the field, the value, the range ----

#[test]
fn damaged_scenario_files_are_refused_with_the_field_value_and_range() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("empty", "", &["scenario: it is empty"]),
        ("blank", " \n\t\n", &["it is empty"]),
        ("bom-only", "\u{feff}", &["it is empty"]),
        ("duplicate", r#"{"workload": {"requests_per_s": 10, "requests_per_s": 20}}"#, &["workload: the key `requests_per_s` is given twice"]),
        ("trailing", r#"{"workload": {}} {"x": 1}"#, &["unexpected text after the JSON value"]),
        ("array", "[1, 2]", &["a scenario is a JSON object {…}, not a list of 2"]),
        ("string", "\"hello\"", &["a scenario is a JSON object", "text \"hello\""]),
        ("array-for-struct", r#"{"workload": [1000, 0.8]}"#, &["workload = a list of 2 is not allowed: expected an object"]),
        ("array-for-traffic", r#"{"traffic": ["spike", 2, 0, 60]}"#, &["traffic = a list of 4"]),
        ("array-for-price", r#"{"prices": {"aurora_acu_hour": [0.1]}}"#, &["prices.aurora_acu_hour = a list of 1"]),
        ("version-2", r#"{"version": 2}"#, &["version = 2 is not supported", "version 1 only"]),
        ("version-text", r#"{"version": "1"}"#, &["version = \"1\" is not supported"]),
        ("version-null", r#"{"version": null}"#, &["version = null is not supported"]),
        ("version-float", r#"{"version": 1.5}"#, &["version = 1.5 is not supported"]),
        ("steady-extra", r#"{"traffic": {"shape": "steady", "multiplier": 2}}"#, &["traffic: unknown field `multiplier`"]),
        ("shape-unknown", r#"{"traffic": {"shape": "sawtooth"}}"#, &["traffic.shape: unknown variant `sawtooth`", "steady"]),
        ("bool-for-number", r#"{"workload": {"read_share": true}}"#, &["workload.read_share: expected a number, found boolean true"]),
        ("fraction-count", r#"{"aurora": {"readers": 2.5}}"#, &["aurora.readers: expected a whole number from 0 to 4294967295, found the number 2.5"]),
        ("negative-count", r#"{"aurora": {"readers": -1}}"#, &["aurora.readers: expected a whole number", "-1"]),
        ("null-struct", r#"{"workload": null}"#, &["workload: expected an object {…}, found null"]),
        ("unknown-class", r#"{"aurora": {"instance_class": "db.x9.huge"}}"#, &["aurora.instance_class = \"db.x9.huge\" is not a known class", "db.r6g.large"]),
        ("huge-number", r#"{"workload": {"requests_per_s": 1e400}}"#, &["number out of range"]),
        ("nan", r#"{"workload": {"requests_per_s": NaN}}"#, &["expected value"]),
        ("series-pair", r#"{"traffic": {"shape": "series", "points": [[0, 1, 2]]}}"#, &["traffic.points[0]", "[t_s, requests_per_s]"]),
        ("price-extra", r#"{"prices": {"aurora_acu_hour": {"value": 1, "unit": "u", "grade": "DOC", "source": "s", "x": 1}}}"#, &["unknown field `x`"]),
    ];
    for (name, text, needles) in cases {
        let path = scenario_file(&format!("hostile-{name}.json"), text);
        fails(&["run", path.to_str().unwrap()], needles);
    }
    // Deep nesting stops at serde_json's recursion limit instead of the stack.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let path = scenario_file("hostile-deep.json", &deep);
    fails(
        &["steady", path.to_str().unwrap()],
        &["recursion limit exceeded"],
    );
    // Not UTF-8.
    let path =
        std::env::temp_dir().join(format!("scalelab-cli-{}-latin1.json", std::process::id()));
    std::fs::write(&path, b"{\"workload\": {\"query\": \"caf\xe9\"}}").unwrap();
    fails(&["run", path.to_str().unwrap()], &["cannot read", "UTF-8"]);
}

#[test]
fn a_ten_megabyte_key_or_value_is_not_echoed_back() {
    let key = "k".repeat(10_000_000);
    for (name, text) in [
        ("big-key", format!(r#"{{"workload": {{"{key}": 1}}}}"#)),
        (
            "big-class",
            format!(r#"{{"aurora": {{"instance_class": "{key}"}}}}"#),
        ),
        (
            "big-shape",
            format!(r#"{{"traffic": {{"shape": "{key}"}}}}"#),
        ),
        ("big-dup", format!(r#"{{"{key}": 1, "{key}": 2}}"#)),
    ] {
        let path = scenario_file(&format!("{name}.json"), &text);
        let err = fails(&["run", path.to_str().unwrap()], &["(10000000 characters)"]);
        assert!(err.len() < 2_000, "{name}: a {} byte message", err.len());
    }
    // An argument can be at most 128 KB (the kernel's limit for one).
    let err = fails(
        &["run", "--preset", &key[..100_000]],
        &["unknown preset", "(100000 characters)"],
    );
    assert!(err.len() < 1_000, "{} bytes", err.len());
}

#[test]
fn a_scenario_file_with_a_bom_reads_as_without() {
    let text = r#"{"workload": {"requests_per_s": 5000}, "simulation": {"duration_s": 3600}}"#;
    let plain = scenario_file("nobom.json", text);
    let bom = scenario_file("bom.json", &format!("\u{feff}{text}"));
    for cmd in [
        &["steady", "--format", "json"][..],
        &["run", "--format", "csv"],
    ] {
        let with = |p: &std::path::Path| ok(&[cmd, &[p.to_str().unwrap()]].concat());
        assert_eq!(with(&bom), with(&plain), "{cmd:?}");
    }
    let csv = scenario_file("bom.csv", "\u{feff}0,100\n60,200\n");
    assert_eq!(
        ok(&["csv-to-series", csv.to_str().unwrap()]).trim(),
        r#"{"shape": "series", "between_points": "hold", "points": [[0, 100], [60, 200]]}"#
    );
}

#[test]
fn steady_and_steady_sweep_write_csv() {
    let out = ok(&["steady", "--preset", "session-store", "--format", "csv"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("requests_per_s,ddb_on_demand_monthly_usd,"),
        "{out}"
    );
    let c = presets::find("session-store").unwrap().scenario().compare();
    let cells: Vec<f64> = lines[1].split(',').map(|x| x.parse().unwrap()).collect();
    assert_eq!(cells.len(), 11);
    assert_eq!(cells[0], c.requests_per_s);
    assert_eq!(cells[1], c.dynamodb.cost.on_demand_total_usd());
    assert_eq!(cells[6], c.aurora.cost.total_usd());
    let sweep = ok(&["steady-sweep", "--points", "5", "--format", "csv"]);
    let rows: Vec<&str> = sweep.lines().collect();
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[5].split(',').next(), Some("10000000"));
}

/// Every number the CLI prints for scenarios at the edges of the valid space is finite: no
/// `null`, `inf` or `NaN` in JSON, CSV or tables (estimates at their minimum and maximum,
/// prices at their maximum, the largest workload).
#[test]
fn extreme_valid_scenarios_print_only_finite_numbers() {
    use scalelab::model::estimates::Estimates;
    for end in ["min", "max"] {
        let mut s = Scenario::default();
        for row in Estimates::default().rows() {
            let (lo, hi) = Estimates::range(row.id);
            let v = if end == "min" { lo } else { hi };
            let mut e = serde_json::to_value(&s.estimates).unwrap();
            e[row.id] = if Estimates::is_whole(row.id) {
                Value::from(v as u64)
            } else {
                Value::from(v)
            };
            s.estimates = serde_json::from_value(e).unwrap();
        }
        let ids: Vec<&str> = s.prices.entries().iter().map(|(id, _)| *id).collect();
        for id in ids {
            s.prices.make_mut()
                .set(id, scalelab::model::prices::max_value(id))
                .unwrap();
        }
        s.workload.requests_per_s = 1e7;
        s.workload.item_size_kb = 400.0;
        s.workload.partition_keys = 1e12;
        s.simulation.duration_s = 3_600.0;
        s.validate().unwrap();
        let path = scenario_file(
            &format!("extreme-{end}.json"),
            &serde_json::to_string(&s).unwrap(),
        );
        let p = path.to_str().unwrap();
        for args in [
            vec!["steady", p, "--format", "json"],
            vec!["steady", p],
            vec!["steady-sweep", p, "--points", "4", "--format", "csv"],
            vec!["run", p],
            vec!["run", p, "--format", "csv"],
            vec!["run", p, "--format", "json"],
            vec![
                "sweep",
                p,
                "--param",
                "workload.key_skew",
                "--from",
                "0",
                "--to",
                "2",
                "--steps",
                "2",
                "--format",
                "csv",
            ],
        ] {
            let out = ok(&args);
            let lower = out.to_lowercase();
            // `"reader": null` is the one optional output (no readers); the default has one.
            for bad in ["null", "inf", "nan", ",,"] {
                assert!(!lower.contains(bad), "{end}: {args:?} printed {bad}");
            }
        }
    }
}

// ---- import, and run --trace: a person's own traffic ----

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Run and expect success with notes: the standard output, and the `note: ` lines on
/// standard error (nothing else there).
fn ok_with_notes(args: &[&str]) -> (String, Vec<String>) {
    let o = scalelab(args);
    assert!(o.status.success(), "scalelab {args:?} failed: {}", stderr(&o));
    let err = stderr(&o);
    let notes: Vec<String> = err.lines().map(str::to_string).collect();
    assert!(notes.iter().all(|l| l.starts_with("note: ")), "scalelab {args:?}: {err}");
    (stdout(&o), notes)
}

#[test]
fn import_prints_a_fragment_and_its_notes() {
    let (out, notes) = ok_with_notes(&["import", &fixture("dynamodb-provisioned-throttles.json"), "--preset", "order-inventory"]);
    let v = json(&out);
    assert_eq!(v.as_object().unwrap().len(), 2);
    assert!(out.starts_with("{\n  \"traffic\": {\n    \"shape\": \"series\",\n    \"points\": [\n      [0.0, "), "{}", &out[..200]);
    assert_eq!(v["traffic"]["between_points"], "hold");
    assert_eq!(v["traffic"]["points"].as_array().unwrap().len(), 120);
    assert_eq!(v["recorded"]["series"].as_array().unwrap().len(), 6);
    let notes = notes.join("\n");
    assert!(notes.contains("note: 2 h of traffic from 2026-11-03T14:00:00Z"), "{notes}");
    assert!(notes.contains("÷ 60 = RCU/s"), "{notes}");
    assert!(notes.contains("`scalelab run --trace FILE` sets them"), "{notes}");
    // Pasted into a scenario (the preset's), it runs.
    let mut scenario = serde_json::to_value(presets::find("order-inventory").unwrap().scenario()).unwrap();
    scenario["traffic"] = v["traffic"].clone();
    scenario["recorded"] = v["recorded"].clone();
    let file = scenario_file("imported.json", &scenario.to_string());
    let run = json(&ok(&["run", file.to_str().unwrap(), "--format", "json", "--duration-s", "7200"]));
    assert_eq!(run["recorded"]["to_s"], 7200.0);
    // Scaled and windowed.
    let (out, _) = ok_with_notes(&["import", &fixture("trace-per-second.csv"), "--window-start-s", "1800", "--window-s", "60", "--peak", "1000"]);
    let v = json(&out);
    let points = v["traffic"]["points"].as_array().unwrap();
    assert_eq!(points.len(), 60);
    assert_eq!(points.iter().map(|p| p[1].as_f64().unwrap()).fold(0.0, f64::max), 1000.0);
    assert!(v.get("recorded").is_none());
}

#[test]
fn run_with_a_trace_sets_recorded_beside_simulated() {
    let file = fixture("dynamodb-provisioned-throttles.json");
    let (table, notes) = ok_with_notes(&["run", "--trace", &file]);
    assert!(table.contains("with --trace"), "{table}");
    assert!(table.contains("simulated 2 h (7,200 s)"), "{table}");
    assert!(table.contains("Recorded (CloudWatch) vs simulated:\n  Recorded vs simulated over 2 h"), "{table}");
    assert!(table.contains("ReadThrottleEvents: recorded 3.38 M read throttle events in 2 h"), "{table}");
    assert!(notes.iter().any(|n| n.contains("Run settings")), "{notes:?}");
    // --cloudwatch is the same option; JSON gains the comparison's numbers, and the run's own
    // fields come first, in their order.
    let (out, _) = ok_with_notes(&["run", "--cloudwatch", &file, "--format", "json"]);
    let v = json(&out);
    assert!(out.starts_with("{\n  \"step_s\""), "the run's fields first, in their order");
    assert!(out.find("\n  \"fault_impacts\"").unwrap() < out.find("\n  \"recorded\"").unwrap());
    let read = v["recorded"]["metrics"].as_array().unwrap().iter().find(|m| m["metric"] == "ReadThrottleEvents").unwrap();
    assert_eq!(read["recorded"], 3_384_965.0);
    assert_eq!(read["measure"], "total");
    // --duration-s still overrides the trace's length.
    let (out, _) = ok_with_notes(&["run", "--trace", &file, "--format", "json", "--duration-s", "3600"]);
    assert_eq!(json(&out)["recorded"]["to_s"], 3600.0);
    // The Aurora export: the writer's ACU beside ServerlessDatabaseCapacity.
    let (table, _) = ok_with_notes(&["run", "--trace", &fixture("aurora-serverless-v2.json")]);
    assert!(table.contains("ServerlessDatabaseCapacity Average: peak ACU recorded"), "{table}");
}

#[test]
fn import_errors_are_one_line_naming_the_place() {
    let bad_json = scenario_file("bad-cw.json", r#"{"MetricDataResults": [{"Label": "ConsumedReadCapacityUnits", "Timestamps": ["yesterday"], "Values": [1]}]}"#);
    fails(&["import", bad_json.to_str().unwrap()], &["bad-cw.json: MetricDataResults[0].Timestamps[0] = \"yesterday\" is not a time"]);
    let bad_csv = scenario_file("bad-trace.csv", "time,reads_per_s,writes_per_s\n2026-11-03T14:05:00Z,1,2\n2026-11-03T14:05:00Z,1,2\n");
    fails(&["run", "--trace", bad_csv.to_str().unwrap()], &["line 3, column 1: time = \"2026-11-03T14:05:00Z\" is the previous row's time again"]);
    fails(&["run", "--scale", "2"], &["give it with --trace FILE"]);
    fails(&["import"], &["`scalelab import` needs a FILE argument"]);
    fails(&["import", "a.csv", "b.csv"], &["unexpected argument \"b.csv\": `scalelab import` takes one trace file"]);
    fails(&["import", &fixture("trace-per-second.csv"), "--scale", "2", "--peak", "9"], &["--scale cannot be used with --peak"]);
    fails(&["import", &fixture("trace-per-second.csv"), "--window-start-s", "4000"], &["window start = 4000 s is at or after the trace's end (3600 s)"]);
    fails(&["run", "--trace", &fixture("trace-per-second.csv"), "--scale", "1e5"], &["peaks at 280 M req/s", "scale it down"]);
    fails(&["import", "/nonexistent.json"], &["cannot read /nonexistent.json"]);
}

// ---- Aurora DSQL as a third contender (issue 17) ----

#[test]
fn dsql_gets_a_column_and_a_section_only_when_the_scenario_names_it() {
    let three = ok(&["run", "--preset", "flash-sale-one-product"]);
    assert!(three.contains("Aurora DSQL") && three.contains("DPU/s"), "{three}");
    assert!(three.contains("40001 OC000"), "DSQL's ledger names OC000: {three}");
    let json3 = json(&ok(&["run", "--preset", "flash-sale-one-product", "--format", "json"]));
    assert!(json3["dsql"]["summary"]["monthly_cost_usd"].as_f64().unwrap() > 0.0);
    let steady = ok(&["steady", "--preset", "spiky-sql-two-regions"]);
    assert!(steady.contains("DSQL $/mo"), "{steady}");
    let csv = ok(&["steady", "--preset", "spiky-sql-two-regions", "--format", "csv"]);
    assert!(csv.lines().next().unwrap().ends_with("dsql_monthly_usd,dsql_dpu_per_s,dsql_p99_ms,dsql_failed_share"), "{csv}");

    let two = ok(&["run", "--preset", "flash-sale"]);
    assert!(!two.contains("DSQL"), "{two}");
    let json2 = ok(&["run", "--preset", "flash-sale", "--format", "json"]);
    assert!(!json2.contains("\"dsql\""), "no dsql member when DSQL is not a contender");
    assert!(!ok(&["steady", "--preset", "flash-sale"]).contains("DSQL"));
}

/// `--samples N` adds the sampled futures (issue 18) to the run's JSON and table, equal to
/// the library's; without it the run's output is as before.
#[test]
fn run_with_samples_reports_the_sampled_futures() {
    let json = ok(&["run", "--duration-s", "3600", "--samples", "16", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["uncertainty"]["samples_done"], 16);
    assert_eq!(v["uncertainty"]["tornado"].as_array().map(Vec::len), Some(5));
    let mut s = Scenario::default();
    s.simulation.duration_s = 3_600.0;
    s.uncertainty.samples = 16;
    let lib = scalelab::model::uncertainty::MonteCarlo::new(&s, Some(&scalelab::model::sim::run(&s))).finish();
    assert_eq!(v["uncertainty"], serde_json::to_value(&lib).unwrap());
    assert!(!ok(&["run", "--duration-s", "3600", "--format", "json"]).contains("\"uncertainty\""));
    let table = ok(&["run", "--duration-s", "3600", "--samples", "16"]);
    assert!(table.contains("How sure (sampled futures):") && table.contains("Across 16 sampled futures"), "{table}");
    assert!(table.contains("What moves the answer"), "{table}");
    fails(&["run", "--samples", "5000"], &["--samples 5000", "uncertainty.samples", "1024"]);
}

/// `--format futures-csv` writes the sampled futures one value a row, the same numbers as
/// the JSON; the per-step CSV and a futures CSV without futures are refused in words.
#[test]
fn run_futures_csv_has_every_percentile_share_and_tornado_end_of_the_json() {
    let args = ["run", "--duration-s", "3600", "--samples", "16"];
    let v: serde_json::Value = serde_json::from_str(&ok(&[&args[..], &["--format", "json"]].concat())).unwrap();
    let u = &v["uncertainty"];
    let csv = ok(&[&args[..], &["--format", "futures-csv"]].concat());
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("kind,input,database,measure,statistic,value"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let value = |kind: &str, input: &str, database: &str, measure: &str, statistic: &str| -> f64 {
        let r = rows.iter().find(|r| r[..5] == [kind, input, database, measure, statistic]).unwrap_or_else(|| panic!("no row {kind},{input},{database},{measure},{statistic} in\n{csv}"));
        r[5].parse().unwrap()
    };
    let close = |a: f64, b: &serde_json::Value| (a - b.as_f64().unwrap()).abs() <= 1e-9 * a.abs().max(1.0);
    for db in ["dynamodb", "aurora"] {
        for (measure, json) in [("monthly_cost_usd", "monthly_cost_usd"), ("failed_share", "failed_share"), ("worst_p99_ms", "worst_p99_ms")] {
            for p in ["p10", "p50", "p90"] {
                assert!(close(value("futures", "", db, measure, p), &u[db][json][p]), "{db} {measure} {p}");
            }
        }
        assert!(close(value("futures", "", db, "meets_p99_target", "share"), &u[db]["meets_target_share"]));
        assert!(close(value("futures", "", db, "cheaper", "share"), &u[&format!("{db}_cheaper_share")]));
    }
    let bars = u["tornado"].as_array().unwrap();
    assert_eq!(rows.iter().filter(|r| r[0] == "tornado").count(), bars.len() * 8);
    let skew = bars.iter().find(|b| b["input"] == "key_skew").unwrap();
    assert!(close(value("tornado", "key_skew", "aurora_minus_dynamodb", "monthly_cost_usd", "high_end"), &skew["cost_gap_high_usd"]));
    assert!(close(value("tornado", "key_skew", "dynamodb", "worst_p99_ms", "low_end"), &skew["dynamodb_p99_ms"][0]));
    fails(&["run", "--samples", "8", "--format", "csv"], &["--samples 8 with --format csv", "futures-csv"]);
    fails(&["run", "--samples", "0", "--format", "futures-csv"], &["futures-csv has no future to sample"]);
    // An estimate's bar is named by its key.
    let dir = std::env::temp_dir().join(format!("scalelab-futures-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("estimate.json");
    std::fs::write(&file, r#"{"simulation": {"duration_s": 3600}, "uncertainty": {"samples": 4, "ranges": {"estimates.ddb_read_p99_ms": {"low": 0.5, "high": 2.0}}}}"#).unwrap();
    let csv = ok(&["run", file.to_str().unwrap(), "--format", "futures-csv"]);
    assert!(csv.contains("tornado,estimates.ddb_read_p99_ms,dynamodb,worst_p99_ms,high_end,"), "{csv}");
    assert!(!csv.contains(",dsql,") && !csv.contains(",cheapest,"), "no DSQL rows without DSQL: {csv}");
    // With Aurora DSQL among the contenders: its percentiles, its share of the futures in
    // which it is the cheapest of the three (as are the others'), and its p99 at each end.
    let three = dir.join("three.json");
    std::fs::write(&three, r#"{"contenders": ["dynamodb", "aurora", "dsql"], "simulation": {"duration_s": 3600}, "uncertainty": {"samples": 8, "ranges": {"estimates.dsql_commit_ms": {"low": 0.5, "high": 2.0}}}}"#).unwrap();
    let v: serde_json::Value = serde_json::from_str(&ok(&["run", three.to_str().unwrap(), "--samples", "8", "--format", "json"])).unwrap();
    let u = &v["uncertainty"];
    let csv = ok(&["run", three.to_str().unwrap(), "--format", "futures-csv"]);
    let rows: Vec<Vec<&str>> = csv.lines().skip(1).map(|l| l.split(',').collect()).collect();
    let value = |input: &str, database: &str, measure: &str, statistic: &str| -> f64 {
        let r = rows.iter().find(|r| r[1..5] == [input, database, measure, statistic]).unwrap_or_else(|| panic!("no row {input},{database},{measure},{statistic} in\n{csv}"));
        r[5].parse().unwrap()
    };
    assert!(close(value("", "dsql", "monthly_cost_usd", "p90"), &u["dsql"]["monthly_cost_usd"]["p90"]));
    for db in ["dynamodb", "aurora", "dsql"] {
        assert!(close(value("", db, "cheapest", "share"), &u["cheapest_share"][db]), "{db}");
    }
    let bar = &u["tornado"][0];
    assert_eq!(bar["input"], "estimates.dsql_commit_ms");
    assert!(close(value("estimates.dsql_commit_ms", "dsql", "worst_p99_ms", "high_end"), &bar["dsql_p99_ms"][1]));
    assert!(value("estimates.dsql_commit_ms", "dsql", "worst_p99_ms", "high_end") > value("estimates.dsql_commit_ms", "dsql", "worst_p99_ms", "low_end"));
    std::fs::remove_dir_all(&dir).ok();
}
