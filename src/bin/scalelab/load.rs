//! The scenario a command works on: a file (or standard input), a preset, or the default;
//! with `--seed`, `--duration-s` and `--step-s` applied, then validated.

use crate::cli::{ScenarioArgs, SimOverrides};
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

/// Read the scenario, not yet validated (overrides come first).
fn load(args: &ScenarioArgs) -> Result<Loaded, String> {
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
    let mut l = load(args)?;
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
