//! The scenario a command works on: a file (or standard input), a preset, or the default;
//! with `--seed`, `--duration-s` and `--step-s` applied, then validated.

use crate::cli::{ScenarioArgs, SimOverrides, TraceArgs, TraceShaping};
use scalelab::model::import::{ImportSettings, ImportedTrace, TraceReader};
use scalelab::model::input::{excerpt, quoted};
use scalelab::model::presets;
use scalelab::model::scenario::Scenario;

/// A scenario and where it came from (`label`, for messages and the run table).
pub struct Loaded {
    pub scenario: Scenario,
    pub label: String,
}

/// Read a text file, or standard input for `-`.
pub fn read_text(path: &str) -> Result<String, String> {
    if path == "-" {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| format!("cannot read standard input: {e}"))
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", excerpt(path)))
    }
}

/// A file's name as messages give it: standard input for `-`, else the path (an excerpt).
pub fn file_label(path: &str) -> String {
    if path == "-" {
        "standard input".to_string()
    } else {
        excerpt(path)
    }
}

/// Read a trace file (or standard input for `-`) in 1 MB chunks, as the page's worker does,
/// with the units per request of `scenario`; then window and scale it.
pub fn read_trace(path: &str, scenario: &Scenario, shaping: &TraceShaping) -> Result<ImportedTrace, String> {
    use std::io::Read;
    let label = file_label(path);
    let mut input: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| format!("cannot read {label}: {e}"))?)
    };
    let mut reader = match std::fs::metadata(path) {
        Ok(m) if path != "-" => TraceReader::with_size(&label, m.len()),
        _ => TraceReader::new(&label),
    };
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = input.read(&mut chunk).map_err(|e| format!("cannot read {label}: {e}"))?;
        if n == 0 {
            break;
        }
        reader.push(&chunk[..n]).map_err(|e| format!("{label}: {e}"))?;
    }
    let trace = reader.finish(&ImportSettings::for_scenario(scenario)).map_err(|e| format!("{label}: {e}"))?;
    shape(trace, shaping).map_err(|e| format!("{label}: {e}"))
}

/// The window (`--window-start-s`, `--window-s`), then the scale (`--scale`, `--peak`).
fn shape(mut trace: ImportedTrace, s: &TraceShaping) -> Result<ImportedTrace, String> {
    if s.window_start_s.is_some() || s.window_s.is_some() {
        let start = s.window_start_s.unwrap_or(0.0);
        let length = s.window_s.unwrap_or_else(|| (trace.end_s - start).clamp(1.0, scalelab::model::import::MAX_WINDOW_S));
        trace = trace.window(start, length)?;
    }
    if let Some(x) = s.scale {
        trace = trace.scaled(x)?;
    }
    if let Some(peak) = s.peak {
        trace = trace.scaled_to_peak(peak)?;
    }
    Ok(trace)
}

/// Read the scenario, not yet validated (overrides come first).
pub fn load(args: &ScenarioArgs) -> Result<Loaded, String> {
    match (&args.file, &args.preset) {
        (Some(path), Some(preset)) => Err(format!(
            "give a scenario file ({}) or --preset {}, not both",
            excerpt(path),
            excerpt(preset)
        )),
        (None, Some(id)) => {
            let preset = presets::find(id).ok_or_else(|| {
                let ids: Vec<&str> = presets::PRESETS.iter().map(|p| p.id).collect();
                format!(
                    "unknown preset {}: the presets are {}",
                    quoted(id),
                    ids.join(", ")
                )
            })?;
            Ok(Loaded {
                scenario: preset.scenario(),
                label: format!("preset {id}"),
            })
        }
        (Some(path), None) => {
            let label = if path == "-" {
                "standard input".to_string()
            } else {
                excerpt(path)
            };
            let scenario = Scenario::parse(&read_text(path)?)
                .map_err(|e| format!("{label}: scenario: {e}"))?;
            Ok(Loaded { scenario, label })
        }
        (None, None) => Ok(Loaded {
            scenario: Scenario::default(),
            label: "the default scenario".into(),
        }),
    }
}

/// Load, apply the overrides, and validate.
pub fn load_valid(args: &ScenarioArgs, overrides: Option<&SimOverrides>) -> Result<Loaded, String> {
    load_valid_with(load(args)?, overrides)
}

/// Load, put the trace in (`--trace`), apply the overrides, and validate; the trace's notes
/// come back beside the scenario.
pub fn load_valid_traced(args: &ScenarioArgs, overrides: &SimOverrides, trace: &TraceArgs) -> Result<(Loaded, Vec<String>), String> {
    let mut l = load(args)?;
    let Some(path) = &trace.trace_file else {
        let s = &trace.shaping;
        if s.scale.is_some() || s.peak.is_some() || s.window_start_s.is_some() || s.window_s.is_some() {
            return Err("--scale, --peak, --window-start-s and --window-s shape a trace: give it with --trace FILE".into());
        }
        return Ok((load_valid_with(l, Some(overrides))?, Vec::new()));
    };
    let imported = read_trace(path, &l.scenario, &trace.shaping)?;
    let mut notes = imported.notes.clone();
    let label = file_label(path);
    notes.extend(imported.apply_to(&mut l.scenario).map_err(|e| format!("{label}: {e}"))?);
    l.label = format!("{} with --trace {label}", l.label);
    Ok((load_valid_with(l, Some(overrides))?, notes))
}

fn load_valid_with(mut l: Loaded, overrides: Option<&SimOverrides>) -> Result<Loaded, String> {
    let mut applied = Vec::new();
    if let Some(o) = overrides {
        if let Some(seed) = o.seed {
            l.scenario.simulation.seed = seed;
            applied.push(format!("--seed {seed}"));
        }
        if let Some(d) = o.duration_s {
            l.scenario.simulation.duration_s = d;
            applied.push(format!("--duration-s {d}"));
        }
        if let Some(s) = o.step_s {
            l.scenario.simulation.step_s = Some(s);
            applied.push(format!("--step-s {s}"));
        }
    }
    let source = if applied.is_empty() {
        l.label.clone()
    } else {
        format!("{} with {}", l.label, applied.join(" "))
    };
    l.scenario
        .validate()
        .map_err(|e| format!("{source}: {e}"))?;
    Ok(l)
}
