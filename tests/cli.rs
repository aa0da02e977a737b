//! The `scalelab` command line: every command, and the error paths (exit code 2, a message
//! naming the problem, never a panic).
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

fn scalelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scalelab")).args(args).output().expect("scalelab runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn scenario_file(name: &str, json: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("scalelab-cli-{}-{name}.json", std::process::id()));
    std::fs::write(&path, json).unwrap();
    path
}

#[test]
fn run_default_prints_a_table_with_both_databases() {
    let o = scalelab(&["run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("DDB OD $/mo") && out.contains("Aurora $/mo"), "{out}");
    // Default: 1,000 req/s, 80 % eventually consistent 1 KB reads → $466 on-demand.
    assert!(out.contains("1,000") && out.contains("$466"), "{out}");
}

#[test]
fn run_json_matches_the_library() {
    let path = scenario_file("json", r#"{"workload": {"requests_per_s": 5000, "query": "transaction"}}"#);
    let o = scalelab(&["run", path.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let mut s = scalelab::model::scenario::Scenario::default();
    s.workload.requests_per_s = 5000.0;
    s.workload.query = scalelab::model::workload::QueryKind::Transaction;
    let expected = serde_json::to_value(s.compare()).unwrap();
    assert_eq!(v, expected);
}

#[test]
fn sweep_prints_one_row_per_point() {
    let o = scalelab(&["sweep", "--points", "5"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = stdout(&o).lines().count();
    assert_eq!(rows, 6, "{}", stdout(&o));
    assert!(stdout(&o).contains("10 M"));
}

#[test]
fn facts_lists_documented_constants_with_sources() {
    let out = stdout(&scalelab(&["facts"]));
    assert!(out.contains("ddb.partition.max_wcu") && out.contains("1,000") && out.contains("https://docs.aws.amazon.com"), "{out}");
}

#[test]
fn help_describes_every_command() {
    let o = scalelab(&["--help"]);
    assert!(o.status.success());
    for cmd in ["scalelab run", "scalelab sweep", "scalelab facts"] {
        assert!(stdout(&o).contains(cmd), "{cmd}");
    }
}

#[test]
fn malformed_file_exits_2_with_a_message() {
    let path = scenario_file("malformed", "{ this is not json");
    let o = scalelab(&["run", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("scalelab: ") && !stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn out_of_range_value_names_the_field_and_range() {
    let path = scenario_file("range", r#"{"workload": {"requests_per_s": 50000000}}"#);
    let o = scalelab(&["run", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("workload.requests_per_s = 50000000") && err.contains("0.001 to 10000000 req/s"), "{err}");
}

#[test]
fn unknown_field_is_reported_not_dropped() {
    let path = scenario_file("unknown", r#"{"workload": {"request_per_s": 10}}"#);
    let o = scalelab(&["run", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown field `request_per_s`"), "{}", stderr(&o));
}

#[test]
fn missing_file_and_bad_options_exit_2() {
    assert_eq!(scalelab(&["run", "/nonexistent/scenario.json"]).status.code(), Some(2));
    assert_eq!(scalelab(&["run", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(scalelab(&["sweep", "--points", "1"]).status.code(), Some(2));
    assert_eq!(scalelab(&["frobnicate"]).status.code(), Some(2));
}
