//! clap's usage errors as one line naming the problem, in the words of the rest of the CLI
//! (clap's own rendering spans several lines, with a usage block and a tip).

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::CommandFactory;
use scalelab::model::input::{excerpt, quoted};

use crate::cli::Cli;

/// The one-line message for `err`, from parsing `args` (without the program name).
pub fn one_line(err: &clap::Error, args: &[String]) -> String {
    let root = Cli::command();
    let names: Vec<String> = root
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let sub = args.iter().find(|a| names.contains(a)).cloned();
    let command = sub
        .as_deref()
        .map_or("scalelab".to_string(), |s| format!("scalelab {s}"));
    let context = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    };
    // "--steps <N>" → "--steps"
    let flag = |arg: String| arg.split([' ', '=']).next().unwrap_or_default().to_string();
    match err.kind() {
        ErrorKind::InvalidSubcommand => {
            let name = context(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!(
                "unknown command {}: the commands are {}; see `scalelab --help`",
                quoted(&name),
                names.join(", ")
            )
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            format!(
                "no command given: the commands are {}; see `scalelab --help`",
                names.join(", ")
            )
        }
        ErrorKind::UnknownArgument => {
            let arg = context(ContextKind::InvalidArg).unwrap_or_default();
            let options = sub
                .as_deref()
                .map(|s| options_of(&root, s))
                .unwrap_or_default();
            if arg.starts_with('-') {
                let takes = if options.is_empty() {
                    "it takes no options".to_string()
                } else {
                    format!("it takes {}", options.join(", "))
                };
                // `sweep --points N` was the steady-state sweep before `sweep` simulated.
                let renamed = if sub.as_deref() == Some("sweep") && flag(arg.clone()) == "--points"
                {
                    "; the steady-state sweep over request rates is now `scalelab steady-sweep --points N`"
                } else {
                    ""
                };
                format!(
                    "unknown option {} for `{command}` ({takes}); see `{command} --help`{renamed}",
                    excerpt(&flag(arg))
                )
            } else {
                let takes = match sub.as_deref() {
                    Some("csv-to-series") => "one CSV file",
                    Some("import") => "one trace file",
                    Some("presets" | "facts") => "no arguments",
                    Some("completions") => "one shell name",
                    _ => "one scenario file",
                };
                format!(
                    "unexpected argument {}: `{command}` takes {takes}",
                    quoted(&arg)
                )
            }
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let arg = context(ContextKind::InvalidArg)
                .map(flag)
                .unwrap_or_default();
            let value = context(ContextKind::InvalidValue).unwrap_or_default();
            if value.is_empty() && err.kind() == ErrorKind::InvalidValue {
                return format!("{arg} needs a value; see `{command} --help`");
            }
            let why = match (
                context(ContextKind::ValidValue),
                std::error::Error::source(err),
            ) {
                (Some(valid), _) if arg == "--format" => {
                    format!("is not known: `{command}` writes {}", or_list(&valid))
                }
                (Some(valid), _) => format!("is not one of {}", or_list(&valid)),
                (None, Some(source)) => source.to_string(),
                (None, None) => "is not allowed".to_string(),
            };
            // A positional argument, "<SHELL>": "the shell".
            let arg = if arg.starts_with('<') {
                format!("the {}", arg.trim_matches(['<', '>']).to_lowercase())
            } else {
                arg
            };
            format!("{arg} {} {why}", quoted(&value))
        }
        ErrorKind::MissingRequiredArgument => {
            let missing: Vec<String> = match err.get(ContextKind::InvalidArg) {
                Some(ContextValue::Strings(v)) => v.clone(),
                Some(ContextValue::String(s)) => vec![s.clone()],
                _ => vec![],
            };
            // "<FILE.csv>" (a positional argument) → "a FILE.csv argument".
            let missing: Vec<String> = missing
                .into_iter()
                .map(
                    |m| match m.strip_prefix('<').and_then(|m| m.strip_suffix('>')) {
                        Some(name) => format!("a {name} argument"),
                        None => m,
                    },
                )
                .collect();
            format!(
                "`{command}` needs {}; see `{command} --help`",
                missing.join(" and ")
            )
        }
        ErrorKind::ArgumentConflict => {
            let arg = context(ContextKind::InvalidArg)
                .map(flag)
                .unwrap_or_default();
            let prior = context(ContextKind::PriorArg).map(flag).unwrap_or_default();
            if prior.is_empty() || prior == arg {
                format!("{arg} is given more than once")
            } else {
                format!("{arg} cannot be used with {prior}")
            }
        }
        ErrorKind::InvalidUtf8 => "an argument is not valid UTF-8".to_string(),
        _ => {
            // Anything else: clap's own first line, without its "error: ".
            let text = err.to_string();
            let first = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("invalid arguments");
            excerpt(first.trim_start_matches("error: ").trim())
        }
    }
}

/// `--preset, --format, …`: the options a subcommand takes, besides --help.
fn options_of(root: &clap::Command, sub: &str) -> Vec<String> {
    root.find_subcommand(sub)
        .map(|c| {
            c.get_arguments()
                .filter(|a| a.get_id() != "help")
                .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
                .collect()
        })
        .unwrap_or_default()
}

/// `"a, b, c"` → `"a, b or c"`.
fn or_list(items: &str) -> String {
    match items.rsplit_once(", ") {
        Some((init, last)) => format!("{init} or {last}"),
        None => items.to_string(),
    }
}
