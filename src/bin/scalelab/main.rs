//! `scalelab`: the Scale Lab model on the command line. Scenario JSON (or a preset) in, the
//! time simulation or the steady-state view out, as a table, JSON or CSV.
//!
//! Arguments are parsed by clap (derive, [`cli`]), which also writes `--help` and, through
//! clap_complete, shell completions (`scalelab completions bash|zsh|fish`). Bad input, a
//! usage error included, prints one line on stderr, starting `scalelab: ` and naming the
//! problem ([`usage_error`]), and exits with code 2; it never panics (a closed stdout, as in
//! `scalelab run --format csv | head`, ends the output quietly).
//!
//! One module per command: [`run`], [`sweep`], [`steady`] (and steady-sweep), [`info`]
//! (presets, facts, scenario, csv-to-series, import, completions); [`load`] reads the
//! scenario and any trace. An import's notes (every assumption it made) go to standard
//! error as `note: …` lines; the output stays on standard output.

#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod info;
#[cfg(not(target_arch = "wasm32"))]
mod load;
#[cfg(not(target_arch = "wasm32"))]
mod run;
#[cfg(not(target_arch = "wasm32"))]
mod steady;
#[cfg(not(target_arch = "wasm32"))]
mod sweep;
#[cfg(not(target_arch = "wasm32"))]
mod text;
#[cfg(not(target_arch = "wasm32"))]
mod usage_error;

/// The CLI is native only (the browser build is `scalelab-web`).
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use crate::cli::{Cli, Command};
    use crate::load::{load_valid, load_valid_traced};
    use crate::{info, run, steady, sweep, usage_error};
    use clap::error::ErrorKind;
    use clap::Parser;
    use std::io::Write;
    use std::process::ExitCode;

    pub fn main() -> ExitCode {
        let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
        let cli = match Cli::try_parse_from(&args) {
            Ok(cli) => cli,
            Err(e) => match e.kind() {
                // Help is output, not an error.
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    return print(e.to_string().trim_end())
                }
                _ => {
                    let words: Vec<String> = args
                        .iter()
                        .skip(1)
                        .map(|a| a.to_string_lossy().into_owned())
                        .collect();
                    return fail(&usage_error::one_line(&e, &words));
                }
            },
        };
        match execute(cli.command) {
            Ok(out) => print(&out),
            Err(msg) => fail(&msg),
        }
    }

    fn execute(command: Command) -> Result<String, String> {
        match command {
            Command::Run {
                scenario,
                format,
                overrides,
                trace,
                samples,
            } => {
                let (mut loaded, notes) = load_valid_traced(&scenario, &overrides, &trace)?;
                print_notes(&notes);
                if let Some(n) = samples {
                    loaded.scenario.uncertainty.samples = n;
                    loaded.scenario.validate().map_err(|e| format!("--samples {n}: {e}"))?;
                }
                // Say so rather than drop the futures or write a CSV of nothing.
                if format == crate::cli::RunFormat::Csv && samples.is_some_and(|n| n > 0) {
                    return Err(format!("--samples {} with --format csv: the per-step CSV has no room for the futures' percentiles; use --format futures-csv for them", samples.unwrap_or(0)));
                }
                if format == crate::cli::RunFormat::FuturesCsv && !loaded.scenario.uncertainty.samples_futures() {
                    return Err("--format futures-csv has no future to sample: give --samples N (1 to 1,024) and at least one range with low < high (the scenario's uncertainty.ranges)".into());
                }
                run::output(&loaded, format, samples.is_some_and(|n| n > 0))
            }
            Command::Sweep {
                scenario,
                param,
                from,
                to,
                steps,
                format,
                overrides,
            } => sweep::output(
                &load_valid(&scenario, Some(&overrides))?,
                &param,
                from,
                to,
                steps,
                format,
            ),
            Command::Steady { scenario, format } => {
                steady::one(&load_valid(&scenario, None)?.scenario, format)
            }
            Command::SteadySweep {
                scenario,
                points,
                format,
            } => steady::sweep(&load_valid(&scenario, None)?.scenario, points, format),
            Command::Presets => Ok(info::presets()),
            Command::Scenario {
                scenario,
                overrides,
            } => info::scenario(&load_valid(&scenario, Some(&overrides))?),
            Command::CsvToSeries { file, linear } => {
                let (out, notes) = info::csv_to_series(&file, linear)?;
                print_notes(&notes);
                Ok(out)
            }
            Command::Import {
                file,
                scenario,
                preset,
                shaping,
            } => {
                let (out, notes) = info::import(&file, scenario.as_deref(), preset.as_deref(), &shaping)?;
                print_notes(&notes);
                Ok(out)
            }
            Command::Facts => Ok(info::facts()),
            Command::Completions { shell } => {
                info::completions(shell).map(|s| s.trim_end().to_string())
            }
        }
    }

    /// An import's notes, one `note: …` line each on stderr.
    fn print_notes(notes: &[String]) {
        let mut stderr = std::io::stderr().lock();
        for n in notes {
            let _ = writeln!(stderr, "note: {n}");
        }
    }

    /// Write `out` and a newline to stdout (nothing when a command has streamed its output).
    fn print(out: &str) -> ExitCode {
        if out.is_empty() {
            return ExitCode::SUCCESS;
        }
        let mut stdout = std::io::stdout().lock();
        match writeln!(stdout, "{out}").and_then(|()| stdout.flush()) {
            Ok(()) => ExitCode::SUCCESS,
            // The reader went away (`| head`): not an error of ours.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => fail(&format!("cannot write the output: {e}")),
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
}
