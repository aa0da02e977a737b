//! `scalelab`: the Scale Lab model on the command line. Scenario JSON (or a preset) in, the
//! time simulation or the steady-state view out, as a table, JSON or CSV.
//!
//! Hand-written argument parsing, no dependency. Bad input prints one line on stderr,
//! starting `scalelab: ` and naming the problem, and exits with code 2; it never panics
//! (a closed stdout, as in `scalelab run --format csv | head`, ends the output quietly).

use scalelab::format;
use scalelab::model::scenario::{Comparison, Scenario};
use scalelab::model::sim::{self, SimRun, Summary};
use scalelab::model::traffic::{self, Traffic};
use scalelab::model::{facts, presets};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "\
scalelab: DynamoDB and Aurora Serverless v2 side by side as a workload scales

USAGE:
    scalelab run [SCENARIO.json | --preset NAME] [--format table|json|csv]
        Simulate the scenario over time: cost, failures, p99 and capacity per database.
    scalelab sweep [SCENARIO.json | --preset NAME] --param PATH --from A --to B --steps N
        Simulate once per value of one scenario field; one row per value.
    scalelab steady [SCENARIO.json | --preset NAME] [--format table|json]
        Both databases at the workload's steady request rate (no time simulation).
    scalelab steady-sweep [SCENARIO.json | --preset NAME] [--points N]
        The steady state at N request rates from 1 to 10,000,000 req/s.
    scalelab presets
        The built-in scenarios: id, title and the lesson each teaches.
    scalelab scenario [SCENARIO.json | --preset NAME]
        The complete scenario as JSON, every default filled in: a file to start from.
    scalelab csv-to-series FILE.csv
        Turn a t_s,requests_per_s CSV into a traffic series for a scenario file.
    scalelab facts
        The documented AWS constants the model uses, with sources.
    scalelab COMMAND --help
        The options of one command.

With neither a file nor --preset, commands use the default scenario. A scenario file holds
any of: version, workload, traffic, simulation, dynamodb, aurora, prices, estimates; missing
fields take their defaults, unknown fields and out-of-range values are errors (exit code 2).
The format is described in docs/scenario.md.";

const RUN_USAGE: &str = "\
scalelab run: simulate a scenario over time (the time-stepped engine)

USAGE:
    scalelab run [SCENARIO.json | --preset NAME] [OPTIONS]

OPTIONS:
    --preset NAME         a built-in scenario (see `scalelab presets`)
    --format FORMAT       table (default): the run's summary per database;
                          json: the whole run, every step's series and both summaries;
                          csv: one row per step, both databases
    --seed N              override simulation.seed
    --duration-s SECONDS  override simulation.duration_s (3600 to 2592000)
    --step-s SECONDS      override simulation.step_s (1 to 300)

Costs are the run's cost scaled to a 730-hour month.";

const SWEEP_USAGE: &str = "\
scalelab sweep: simulate once per value of one scenario field

USAGE:
    scalelab sweep [SCENARIO.json | --preset NAME] --param PATH --from A --to B --steps N [OPTIONS]

OPTIONS:
    --param PATH          a dotted path to a number in the scenario JSON, e.g.
                          workload.requests_per_s, workload.key_skew, aurora.max_acu,
                          dynamodb.provisioned_wcu, traffic.multiplier (a spike's),
                          traffic.points.0.1 (an array index)
    --from A, --to B      the first and the last value
    --steps N             how many values, evenly spaced from A to B (2 to 200)
    --preset NAME         a built-in scenario (see `scalelab presets`)
    --format FORMAT       table (default), csv or json
    --seed N              override simulation.seed
    --duration-s SECONDS  override simulation.duration_s (3600 to 2592000)
    --step-s SECONDS      override simulation.step_s (1 to 300)

Each value must pass the scenario's validation; one row per value: the value, then per
database the monthly cost, failed share, minutes failing, worst p99 and peak capacity.";

const STEADY_USAGE: &str = "\
scalelab steady: both databases at the workload's steady request rate

USAGE:
    scalelab steady [SCENARIO.json | --preset NAME] [--format table|json]

No time simulation: capacity is sized for the rate, as on the page's steady-state view.";

const STEADY_SWEEP_USAGE: &str = "\
scalelab steady-sweep: the steady state at many request rates

USAGE:
    scalelab steady-sweep [SCENARIO.json | --preset NAME] [--points N] [--format table|json]

OPTIONS:
    --points N            request rates spaced evenly in log10 from 1 to 10,000,000 req/s
                          (2 to 1000, default 13)";

const PRESETS_USAGE: &str = "\
scalelab presets: list the built-in scenarios

USAGE:
    scalelab presets

One line per preset: id, title and the lesson it teaches. Use the id with --preset.";

const SCENARIO_USAGE: &str = "\
scalelab scenario: print the complete scenario as JSON

USAGE:
    scalelab scenario [SCENARIO.json | --preset NAME] [OPTIONS]

OPTIONS:
    --preset NAME         a built-in scenario (see `scalelab presets`)
    --seed N, --duration-s SECONDS, --step-s SECONDS
                          override the simulation settings, as for `scalelab run`

Every field, with the defaults filled in, after validation: save it, edit it, and pass it
to `scalelab run`. The format is described in docs/scenario.md.";

const CSV_USAGE: &str = "\
scalelab csv-to-series: a traffic series from a CSV

USAGE:
    scalelab csv-to-series FILE.csv      (FILE.csv may be - for standard input)

The CSV has rows of t_s,requests_per_s (seconds from the start of the run, absolute
request rate), in time order; a header line and lines starting with # are skipped. Prints
the JSON for a scenario's \"traffic\" field, e.g.
    {\"shape\": \"series\", \"points\": [[0, 100], [60, 250]]}";

const FACTS_USAGE: &str = "\
scalelab facts: the documented AWS constants the model uses

USAGE:
    scalelab facts

One line per constant: id, value, unit, evidence grade and source.";

/// One command: its name, its usage text, and the options (each taking a value) it accepts.
struct Command {
    name: &'static str,
    usage: &'static str,
    flags: &'static [&'static str],
    handler: fn(&Parsed) -> Result<String, String>,
}

const SIM_FLAGS: [&str; 5] = ["--preset", "--format", "--seed", "--duration-s", "--step-s"];

const COMMANDS: [Command; 8] = [
    Command {
        name: "run",
        usage: RUN_USAGE,
        flags: &SIM_FLAGS,
        handler: cmd_run,
    },
    Command {
        name: "sweep",
        usage: SWEEP_USAGE,
        flags: &[
            "--preset",
            "--format",
            "--seed",
            "--duration-s",
            "--step-s",
            "--param",
            "--from",
            "--to",
            "--steps",
        ],
        handler: cmd_sweep,
    },
    Command {
        name: "steady",
        usage: STEADY_USAGE,
        flags: &["--preset", "--format"],
        handler: cmd_steady,
    },
    Command {
        name: "steady-sweep",
        usage: STEADY_SWEEP_USAGE,
        flags: &["--preset", "--format", "--points"],
        handler: cmd_steady_sweep,
    },
    Command {
        name: "presets",
        usage: PRESETS_USAGE,
        flags: &[],
        handler: cmd_presets,
    },
    Command {
        name: "scenario",
        usage: SCENARIO_USAGE,
        flags: &["--preset", "--seed", "--duration-s", "--step-s"],
        handler: cmd_scenario,
    },
    Command {
        name: "csv-to-series",
        usage: CSV_USAGE,
        flags: &[],
        handler: cmd_csv_to_series,
    },
    Command {
        name: "facts",
        usage: FACTS_USAGE,
        flags: &[],
        handler: cmd_facts,
    },
];

fn main() -> ExitCode {
    let mut args = Vec::new();
    for a in std::env::args_os().skip(1) {
        match a.into_string() {
            Ok(s) => args.push(s),
            Err(raw) => return fail(&format!("argument {raw:?} is not valid UTF-8")),
        }
    }
    match dispatch(&args) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            match writeln!(stdout, "{out}").and_then(|()| stdout.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                // The reader went away (`| head`): not an error of ours.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => fail(&format!("cannot write the output: {e}")),
            }
        }
        Err(msg) => fail(&msg),
    }
}

/// Print `msg` as one line on stderr and return exit code 2.
fn fail(msg: &str) -> ExitCode {
    let line = msg
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    let _ = writeln!(std::io::stderr(), "scalelab: {line}");
    ExitCode::from(2)
}

fn command_names() -> String {
    COMMANDS
        .iter()
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn find_command(name: &str) -> Result<&'static Command, String> {
    COMMANDS.iter().find(|c| c.name == name).ok_or_else(|| {
        format!(
            "unknown command {name:?}: the commands are {}; see `scalelab --help`",
            command_names()
        )
    })
}

fn dispatch(args: &[String]) -> Result<String, String> {
    let Some((name, rest)) = args.split_first() else {
        return Err(format!(
            "no command given: the commands are {}; see `scalelab --help`",
            command_names()
        ));
    };
    match name.as_str() {
        "--help" | "-h" => return Ok(USAGE.to_string()),
        "help" => {
            return match rest {
                [] => Ok(USAGE.to_string()),
                [topic] => Ok(find_command(topic)?.usage.to_string()),
                _ => Err("help takes at most one command name".into()),
            }
        }
        _ => {}
    }
    let cmd = find_command(name)?;
    // Help wins over everything else, but not when it is the value of an option.
    let mut expects_value = false;
    for a in rest {
        if !expects_value && (a == "--help" || a == "-h") {
            return Ok(cmd.usage.to_string());
        }
        expects_value = !expects_value && cmd.flags.contains(&a.as_str());
    }
    let parsed = parse(cmd, rest)?;
    (cmd.handler)(&parsed)
}

// ---------------------------------------------------------------------------------------
// Arguments

/// A command's arguments: positional ones, and each option's value.
struct Parsed {
    command: &'static str,
    positional: Vec<String>,
    flags: BTreeMap<&'static str, String>,
}

fn parse(cmd: &Command, args: &[String]) -> Result<Parsed, String> {
    let mut p = Parsed {
        command: cmd.name,
        positional: Vec::new(),
        flags: BTreeMap::new(),
    };
    let mut it = args.iter();
    let mut only_positional = false;
    while let Some(a) = it.next() {
        if only_positional {
            p.positional.push(a.clone());
            continue;
        }
        if a == "--" {
            only_positional = true;
            continue;
        }
        if a.starts_with('-') && a.len() > 1 {
            let (name, inline) = match a.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (a.as_str(), None),
            };
            let Some(&flag) = cmd.flags.iter().find(|f| **f == name) else {
                let takes = if cmd.flags.is_empty() {
                    "it takes no options".to_string()
                } else {
                    format!("it takes {}", cmd.flags.join(", "))
                };
                // `sweep --points N` was the steady-state sweep before `sweep` simulated.
                let renamed = if cmd.name == "sweep" && name == "--points" {
                    "; the steady-state sweep over request rates is now `scalelab steady-sweep --points N`"
                } else {
                    ""
                };
                return Err(format!(
                    "unknown option {name} for `scalelab {}` ({takes}); see `scalelab {} --help`{renamed}",
                    cmd.name, cmd.name
                ));
            };
            let value = match inline {
                Some(v) => v,
                None => it.next().cloned().ok_or_else(|| {
                    format!("{flag} needs a value; see `scalelab {} --help`", cmd.name)
                })?,
            };
            if p.flags.insert(flag, value).is_some() {
                return Err(format!("{flag} is given more than once"));
            }
        } else {
            p.positional.push(a.clone());
        }
    }
    Ok(p)
}

impl Parsed {
    fn flag(&self, name: &str) -> Option<&str> {
        self.flags.get(name).map(String::as_str)
    }

    fn no_positional(&self) -> Result<(), String> {
        match self.positional.first() {
            None => Ok(()),
            Some(a) => Err(format!(
                "`scalelab {}` takes no arguments, but was given {a:?}",
                self.command
            )),
        }
    }

    /// `--format`, one of `allowed` (the first is the default).
    fn format(&self, allowed: &[&'static str]) -> Result<&'static str, String> {
        match self.flag("--format") {
            None => Ok(allowed[0]),
            Some(f) => allowed.iter().copied().find(|a| *a == f).ok_or_else(|| {
                format!(
                    "--format {f:?} is not known: `scalelab {}` writes {}",
                    self.command,
                    or_list(allowed)
                )
            }),
        }
    }

    fn number(&self, flag: &str, what: &str) -> Result<Option<f64>, String> {
        self.flag(flag)
            .map(|v| {
                v.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| format!("{flag} takes {what}, not {v:?}"))
            })
            .transpose()
    }

    fn whole(
        &self,
        flag: &str,
        range: std::ops::RangeInclusive<u64>,
    ) -> Result<Option<u64>, String> {
        self.flag(flag)
            .map(|v| {
                v.trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|n| range.contains(n))
                    .ok_or_else(|| {
                        format!(
                            "{flag} {v:?} must be a whole number from {} to {}",
                            range.start(),
                            range.end()
                        )
                    })
            })
            .transpose()
    }
}

fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The scenario a command works on: a file, a preset or the default; `label` says which.
struct Loaded {
    scenario: Scenario,
    label: String,
}

/// Read the scenario (not yet validated: overrides come first).
fn load(p: &Parsed) -> Result<Loaded, String> {
    let file = match p.positional.as_slice() {
        [] => None,
        [one] => Some(one.as_str()),
        [_, extra, ..] => {
            return Err(format!(
                "unexpected argument {extra:?}: `scalelab {}` takes one scenario file",
                p.command
            ))
        }
    };
    match (file, p.flag("--preset")) {
        (Some(path), Some(preset)) => Err(format!(
            "give a scenario file ({path}) or --preset {preset}, not both"
        )),
        (None, Some(id)) => {
            let preset = presets::find(id).ok_or_else(|| {
                let ids = presets::PRESETS
                    .iter()
                    .map(|p| p.id)
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("unknown preset {id:?}: the presets are {ids}")
            })?;
            Ok(Loaded {
                scenario: preset.scenario(),
                label: format!("preset {id}"),
            })
        }
        (Some(path), None) => {
            let text = if path == "-" {
                std::io::read_to_string(std::io::stdin())
                    .map_err(|e| format!("cannot read standard input: {e}"))?
            } else {
                std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?
            };
            let scenario =
                serde_json::from_str(&text).map_err(|e| format!("{path}: scenario: {e}"))?;
            Ok(Loaded {
                scenario,
                label: path.to_string(),
            })
        }
        (None, None) => Ok(Loaded {
            scenario: Scenario::default(),
            label: "the default scenario".into(),
        }),
    }
}

/// Load, apply `--seed`, `--duration-s` and `--step-s` (where the command has them), validate.
fn load_valid(p: &Parsed) -> Result<Loaded, String> {
    let mut l = load(p)?;
    let mut overrides = Vec::new();
    if let Some(seed) = p.whole("--seed", 0..=u64::MAX)? {
        l.scenario.simulation.seed = seed;
        overrides.push(format!("--seed {seed}"));
    }
    if let Some(d) = p.number("--duration-s", "a number of seconds")? {
        l.scenario.simulation.duration_s = d;
        overrides.push(format!("--duration-s {d}"));
    }
    if let Some(s) = p.number("--step-s", "a number of seconds")? {
        l.scenario.simulation.step_s = Some(s);
        overrides.push(format!("--step-s {s}"));
    }
    let source = if overrides.is_empty() {
        l.label.clone()
    } else {
        format!("{} with {}", l.label, overrides.join(" "))
    };
    l.scenario
        .validate()
        .map_err(|e| format!("{source}: {e}"))?;
    Ok(l)
}

// ---------------------------------------------------------------------------------------
// Commands

fn cmd_run(p: &Parsed) -> Result<String, String> {
    let fmt = p.format(&["table", "json", "csv", "events"])?;
    let l = load_valid(p)?;
    match fmt {
        "csv" => stream_csv(&l.scenario),
        "json" => to_json(&sim::run(&l.scenario)),
        "events" => Ok(events_table(&sim::run(&l.scenario))),
        _ => Ok(run_table(&l, &sim::run(&l.scenario))),
    }
}

/// Every step as a CSV row, written out slice by slice so a long run never sits in memory.
fn stream_csv(s: &scalelab::model::scenario::Scenario) -> Result<String, String> {
    let mut engine = sim::Engine::new(s);
    let mut csv = scalelab::report::StepCsv::default();
    let mut stdout = std::io::stdout().lock();
    while !engine.is_done() {
        engine.advance_with(10_000, &mut |r| csv.push(r));
        stdout.write_all(csv.take().as_bytes()).map_err(|e| format!("cannot write the CSV: {e}"))?;
    }
    Ok(String::new())
}

/// The run's events, one per line: time, database, what happened.
fn events_table(run: &SimRun) -> String {
    let mut out = String::from("time        database  event\n");
    for e in &run.events {
        let db = match e.database {
            sim::Database::Dynamodb => "DynamoDB",
            sim::Database::Aurora => "Aurora",
        };
        out.push_str(&format!("{:<10}  {db:<8}  {}\n", sim::events::clock(e.t_s), e.text));
    }
    if run.events_dropped > 0 {
        out.push_str(&format!("… and {} more events\n", run.events_dropped));
    }
    if run.events.is_empty() {
        out.push_str("(nothing happened worth a caption)\n");
    }
    out.trim_end().to_string()
}

fn cmd_steady(p: &Parsed) -> Result<String, String> {
    let fmt = p.format(&["table", "json"])?;
    let c = load_valid(p)?.scenario.compare();
    match fmt {
        "json" => to_json(&c),
        _ => Ok(steady_table(std::slice::from_ref(&c))),
    }
}

fn cmd_steady_sweep(p: &Parsed) -> Result<String, String> {
    let fmt = p.format(&["table", "json"])?;
    let points = p.whole("--points", 2..=1000)?.unwrap_or(13) as usize;
    let rows = load_valid(p)?.scenario.sweep(points);
    match fmt {
        "json" => to_json(&rows),
        _ => Ok(steady_table(&rows)),
    }
}

fn cmd_presets(p: &Parsed) -> Result<String, String> {
    p.no_positional()?;
    let id_w = presets::PRESETS
        .iter()
        .map(|p| p.id.chars().count())
        .max()
        .unwrap_or(0);
    let title_w = presets::PRESETS
        .iter()
        .map(|p| p.title.chars().count())
        .max()
        .unwrap_or(0);
    Ok(presets::PRESETS
        .iter()
        .map(|p| format!("{:<id_w$}  {:<title_w$}  {}", p.id, p.title, p.lesson))
        .collect::<Vec<_>>()
        .join("\n"))
}

fn cmd_scenario(p: &Parsed) -> Result<String, String> {
    to_json(&load_valid(p)?.scenario)
}

fn cmd_facts(p: &Parsed) -> Result<String, String> {
    p.no_positional()?;
    Ok(facts::table()
        .iter()
        .map(|f| {
            format!(
                "{:<30} {:>12} {:<16} {:<9} {}",
                f.id,
                format::si(f.value),
                f.unit,
                f.grade.label(),
                f.source
            )
        })
        .collect::<Vec<_>>()
        .join("\n"))
}

fn cmd_csv_to_series(p: &Parsed) -> Result<String, String> {
    let path = match p.positional.as_slice() {
        [one] => one.as_str(),
        [] => return Err("csv-to-series needs a CSV file of t_s,requests_per_s rows; see `scalelab csv-to-series --help`".into()),
        [_, extra, ..] => return Err(format!("unexpected argument {extra:?}: csv-to-series takes one CSV file")),
    };
    let text = if path == "-" {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| format!("cannot read standard input: {e}"))?
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?
    };
    let points = traffic::parse_series_csv(&text).map_err(|e| format!("{path}: {e}"))?;
    // The parser checks each row; the scenario's own limits (e.g. at most 31 days) too.
    Traffic::Series {
        points: points.clone(),
    }
    .validate()
    .map_err(|e| format!("{path}: {e}"))?;
    let pairs: Vec<String> = points.iter().map(|(t, r)| format!("[{t}, {r}]")).collect();
    Ok(format!(
        "{{\"shape\": \"series\", \"points\": [{}]}}",
        pairs.join(", ")
    ))
}

// ---------------------------------------------------------------------------------------
// sweep: one field of the scenario JSON over a range of values

/// One sweep value and what each database did.
#[derive(serde::Serialize)]
struct SweepPoint {
    value: f64,
    dynamodb: Summary,
    aurora: Summary,
}

#[derive(serde::Serialize)]
struct SweepOutput<'a> {
    param: &'a str,
    points: Vec<SweepPoint>,
}

fn cmd_sweep(p: &Parsed) -> Result<String, String> {
    let fmt = p.format(&["table", "csv", "json"])?;
    let path = p.flag("--param").ok_or(
        "sweep needs --param PATH (e.g. workload.requests_per_s); see `scalelab sweep --help`",
    )?;
    let from = p
        .number("--from", "a number")?
        .ok_or("sweep needs --from A, the first value")?;
    let to = p
        .number("--to", "a number")?
        .ok_or("sweep needs --to B, the last value")?;
    let steps = p
        .whole("--steps", 2..=200)?
        .ok_or("sweep needs --steps N, the number of values (2 to 200)")? as usize;
    let l = load_valid(p)?;
    let base = serde_json::to_value(&l.scenario)
        .map_err(|e| format!("cannot write the scenario as JSON: {e}"))?;

    // Build and check every scenario before simulating any.
    let mut scenarios = Vec::with_capacity(steps);
    for i in 0..steps {
        let value = if i + 1 == steps {
            to
        } else {
            from + (to - from) * i as f64 / (steps - 1) as f64
        };
        let mut json = base.clone();
        set_number(&mut json, path, value)?;
        let s: Scenario =
            serde_json::from_value(json).map_err(|e| format!("--param {path} = {value}: {e}"))?;
        s.validate()
            .map_err(|e| format!("sweep value {value} for {path} is rejected: {e}"))?;
        scenarios.push((value, s));
    }
    let points: Vec<SweepPoint> = scenarios
        .iter()
        .map(|(value, s)| {
            let run = sim::run(s);
            SweepPoint {
                value: *value,
                dynamodb: run.dynamodb_summary,
                aurora: run.aurora_summary,
            }
        })
        .collect();
    match fmt {
        "json" => to_json(&SweepOutput {
            param: path,
            points,
        }),
        "csv" => Ok(sweep_csv(path, &points)),
        _ => Ok(sweep_table(path, &points)),
    }
}

/// What a JSON value is, for messages.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null (not set)".into(),
        Value::Bool(b) => format!("true/false ({b})"),
        Value::Number(n) => format!("a number ({n})"),
        Value::String(s) => format!("text ({s:?})"),
        Value::Array(a) => format!("a list of {}", a.len()),
        Value::Object(_) => "an object".into(),
    }
}

/// Set the number at the dotted `path` (object fields, or array indices) to `value`.
fn set_number(root: &mut Value, path: &str, value: f64) -> Result<(), String> {
    if path.is_empty() {
        return Err("--param needs a dotted path such as workload.requests_per_s".into());
    }
    let mut cur = root;
    let mut walked = String::new();
    for seg in path.split('.') {
        if seg.is_empty() {
            return Err(format!(
                "--param {path:?} has an empty part: paths look like workload.requests_per_s"
            ));
        }
        let parent = if walked.is_empty() {
            "the scenario".to_string()
        } else {
            walked.clone()
        };
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(seg);
        cur = match cur {
            Value::Object(fields) => {
                let names = fields.keys().cloned().collect::<Vec<_>>().join(", ");
                fields.get_mut(seg).ok_or_else(|| {
                    let missing = if walked == path {
                        format!("--param {path}")
                    } else {
                        format!("--param {path}: {walked}")
                    };
                    format!("{missing} does not exist in this scenario ({parent} has: {names})")
                })?
            }
            Value::Array(items) => {
                let n = items.len();
                seg.parse::<usize>().ok().and_then(|k| items.get_mut(k)).ok_or_else(|| {
                    format!("--param {path}: {walked} does not exist ({parent} is a list of {n}: use an index 0 to {})", n.saturating_sub(1))
                })?
            }
            other => {
                return Err(format!(
                    "--param {path}: {walked} does not exist ({parent} is {}, with no fields)",
                    describe(other)
                ))
            }
        };
    }
    match cur {
        Value::Number(n) if n.is_f64() => {
            *cur = serde_json::Number::from_f64(value)
                .map(Value::Number)
                .ok_or_else(|| format!("--param {path}: {value} is not a finite number"))?;
            Ok(())
        }
        Value::Number(_) => {
            // An integer field (a count or a seed): only whole values fit.
            if value.fract() != 0.0 || value.abs() > 9.0e15 {
                return Err(format!("--param {path} is a whole number, and the sweep value {value} is not: choose --from, --to and --steps that give whole values"));
            }
            *cur = if value < 0.0 {
                Value::from(value as i64)
            } else {
                Value::from(value as u64)
            };
            Ok(())
        }
        other => Err(format!(
            "--param {path} is {}, not a number: only numbers can be swept",
            describe(other)
        )),
    }
}

// ---------------------------------------------------------------------------------------
// Output

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, String> {
    serde_json::to_string_pretty(v).map_err(|e| format!("cannot write JSON: {e}"))
}

/// A swept value for a table: up to 6 significant digits (no float noise), no exponent,
/// thousands grouped from 10,000.
fn plain(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let digits = (5 - v.abs().log10().floor() as i32).clamp(0, 17) as usize;
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else if v.abs() >= 10_000.0 {
        grouped(v.round())
    } else {
        s
    }
}

/// `86400` → `"86,400"`; fractions are kept (`"0.5"`).
fn grouped(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        let digits = format!("{}", v.abs() as u64);
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        if v < 0.0 {
            format!("-{out}")
        } else {
            out
        }
    } else {
        format!("{v}")
    }
}

/// `86400` → `"1 day"`, `10800` → `"3 h"`, `5400` → `"90 min"`.
fn duration(s: f64) -> String {
    let whole = |unit: f64| s % unit == 0.0;
    if s >= 86_400.0 && whole(86_400.0) {
        let d = s / 86_400.0;
        format!("{d} day{}", if d == 1.0 { "" } else { "s" })
    } else if s >= 3_600.0 && whole(3_600.0) {
        format!("{} h", s / 3_600.0)
    } else if s >= 60.0 && whole(60.0) {
        format!("{} min", s / 60.0)
    } else {
        format!("{} s", format::si(s))
    }
}

fn run_table(l: &Loaded, run: &SimRun) -> String {
    let sim = &l.scenario.simulation;
    let steps = run.steps;
    let (d, a) = (&run.dynamodb_summary, &run.aurora_summary);
    let mut out = format!(
        "{}: simulated {} ({} s) in {} steps of {} s; costs scaled to a 730-hour month\n\n",
        l.label,
        duration(sim.duration_s),
        grouped(sim.duration_s),
        grouped(steps as f64),
        grouped(run.step_s)
    );
    let failed = |s: &Summary, what: &str| {
        format!(
            "{} {what} ({})",
            format::si(s.failed_requests),
            format::percent(s.failed_share())
        )
    };
    let rows: [(&str, String, String); 11] = [
        ("", "DynamoDB".into(), "Aurora Serverless v2".into()),
        (
            "Monthly cost",
            format::usd(d.monthly_cost_usd),
            format::usd(a.monthly_cost_usd),
        ),
        (
            "  capacity / compute",
            format::usd(d.monthly_capacity_usd),
            format::usd(a.monthly_capacity_usd),
        ),
        (
            "  I/O",
            format::usd(d.monthly_io_usd),
            format::usd(a.monthly_io_usd),
        ),
        (
            "  storage (+ DAX)",
            format::usd(d.monthly_storage_usd),
            format::usd(a.monthly_storage_usd),
        ),
        (
            "Requests offered",
            format::si(d.offered_requests),
            format::si(a.offered_requests),
        ),
        (
            "  served",
            format::si(d.served_requests),
            format::si(a.served_requests),
        ),
        ("  failed", failed(d, "throttled"), failed(a, "timed out")),
        (
            "Minutes failing",
            format::si(d.minutes_failing),
            format::si(a.minutes_failing),
        ),
        (
            "Worst p99",
            format::ms(d.worst_p99_ms),
            format::ms(a.worst_p99_ms),
        ),
        (
            "Peak capacity",
            format!("{} units/s", format::si(d.peak_capacity)),
            format!("{} ACU writer", format::si(a.peak_capacity)),
        ),
    ];
    let w1 = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    for (label, ddb, aurora) in &rows {
        out.push_str(&format!("{label:<20}  {ddb:<w1$}  {aurora}\n"));
    }
    out.push_str(&format!(
        "{:<20}  {:<w1$}  {}\n",
        "Rejected attempts",
        format!("{} throttle events", format::si(d.rejected_attempts)),
        format!("{} time-outs/refusals", format::si(a.rejected_attempts))
    ));
    for (name, s) in [("DynamoDB", d), ("Aurora", a)] {
        if s.lost_requests.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{name} lost requests by cause (watch):\n"));
        for (cause, n) in &s.lost_requests {
            let share = if s.offered_requests > 0.0 { n / s.offered_requests } else { 0.0 };
            out.push_str(&format!("  {:<40} {:>8} {:>8}  {} ({})\n", cause.reason(), format::si(*n), format::percent(share), cause.label(), cause.metric()));
        }
    }
    out.trim_end().to_string()
}


fn sweep_table(path: &str, points: &[SweepPoint]) -> String {
    let head = [
        path.to_string(),
        "DDB $/mo".into(),
        "failed".into(),
        "min failing".into(),
        "worst p99".into(),
        "peak units/s".into(),
        "Aurora $/mo".into(),
        "failed".into(),
        "min failing".into(),
        "worst p99".into(),
        "peak ACU".into(),
    ];
    let mut rows = vec![head];
    for p in points {
        let (d, a) = (&p.dynamodb, &p.aurora);
        rows.push([
            plain(p.value),
            format::usd(d.monthly_cost_usd),
            format::percent(d.failed_share()),
            format::si(d.minutes_failing),
            format::ms(d.worst_p99_ms),
            format::si(d.peak_capacity),
            format::usd(a.monthly_cost_usd),
            format::percent(a.failed_share()),
            format::si(a.minutes_failing),
            format::ms(a.worst_p99_ms),
            format::si(a.peak_capacity),
        ]);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        let cell = |c: usize| format!("{:>w$}", r[c], w = widths[c]);
        let ddb = (1..=5).map(cell).collect::<Vec<_>>().join("  ");
        let aurora = (6..=10).map(cell).collect::<Vec<_>>().join("  ");
        out.push_str(&format!("{} | {ddb} | {aurora}\n", cell(0)));
    }
    out.trim_end().to_string()
}

fn sweep_csv(path: &str, points: &[SweepPoint]) -> String {
    let mut out = format!(
        "{path},ddb_monthly_cost_usd,ddb_failed_share,ddb_minutes_failing,ddb_worst_p99_ms,ddb_peak_capacity_units,\
aurora_monthly_cost_usd,aurora_failed_share,aurora_minutes_failing,aurora_worst_p99_ms,aurora_peak_writer_acu"
    );
    for p in points {
        let mut cells = vec![scalelab::report::csv_num(p.value)];
        for s in [&p.dynamodb, &p.aurora] {
            cells.extend(
                [
                    s.monthly_cost_usd,
                    s.failed_share(),
                    s.minutes_failing,
                    s.worst_p99_ms,
                    s.peak_capacity,
                ]
                .map(scalelab::report::csv_num),
            );
        }
        out.push('\n');
        out.push_str(&cells.join(","));
    }
    out
}

/// The steady-state table (`steady`, `steady-sweep`): one row per request rate.
fn steady_table(rows: &[Comparison]) -> String {
    let mut out = format!(
        "{:>10} | {:>10} {:>10} {:>9} {:>9} {:>9} | {:>10} {:>7} {:>9} {:>9} {:>8}\n",
        "req/s",
        "DDB OD $/mo",
        "prov $/mo",
        "p99",
        "throttled",
        "partitions",
        "Aurora $/mo",
        "ACU",
        "p99",
        "failed",
        "cache hit"
    );
    for c in rows {
        let (d, a) = (&c.dynamodb, &c.aurora);
        let acu = a.writer.acu
            + a.reader
                .as_ref()
                .map_or(0.0, |r| r.acu * f64::from(a.readers));
        out.push_str(&format!(
            "{:>10} | {:>11} {:>10} {:>9} {:>9} {:>10} | {:>11} {:>7} {:>9} {:>9} {:>8}\n",
            format::si(c.requests_per_s),
            format::usd(d.cost.on_demand_total_usd()),
            format::usd(d.cost.provisioned_total_usd()),
            format::ms(d.p99_ms),
            format::percent(d.failed_share),
            format::si(d.partitions),
            format::usd(a.cost.total_usd()),
            format::si(acu),
            format::ms(a.p99_ms),
            format::percent(a.failed_share),
            format::percent(a.writer.cache_hit_ratio),
        ));
    }
    out.trim_end().to_string()
}
