//! The command line as clap derive types: every command, option and format, and the help
//! text clap generates from them (`scalelab --help`, `scalelab COMMAND --help`).

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

const ABOUT: &str = "DynamoDB and Aurora side by side as a workload scales";

const AFTER_HELP: &str = "\
With neither a file nor --preset, commands use the default scenario. A scenario file (or -
for standard input) holds any of: version, workload, traffic, simulation, dynamodb, aurora,
prices, estimates, p99_target_ms; missing fields take their defaults; unknown fields, wrong
types and out-of-range values are errors. The format is described in docs/scenario.md.

Bad input prints one line on standard error, naming the field, the value and the allowed
range, and exits with code 2.";

#[derive(Parser, Debug)]
#[command(
    name = "scalelab",
    about = ABOUT,
    after_help = AFTER_HELP,
    subcommand_required = true,
    arg_required_else_help = false,
    disable_version_flag = true,
    help_template = "scalelab: {about}\n\n{usage-heading} {usage}\n\n{all-args}{after-help}"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Each command's own help starts `scalelab NAME: what it does`.
macro_rules! help_of {
    ($name:literal) => {
        concat!(
            "scalelab ",
            $name,
            ": {about}\n\n{usage-heading} {usage}\n\n{all-args}{after-help}"
        )
    };
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Simulate the scenario over time: cost, failures, p99 and capacity per database
    #[command(
        help_template = help_of!("run"),
        after_help = "Formats: table, the run's summary per database; json, the whole run (its series and\n\
both summaries); csv, one row per step for both databases, streamed as it runs; events,\n\
what happened when, one line each; futures-csv, the sampled futures (the scenario's, or --samples N)\n\
as one value a row: each database's 10th, 50th and 90th percentiles and shares, then\n\
each input's tornado ends.\n\n\
Costs are the run's cost scaled to a 730-hour month.\n\n\
--trace FILE (or --cloudwatch FILE) runs your own traffic: a CSV trace, the JSON of\n\
`aws cloudwatch get-metric-data` or the CloudWatch console's CSV (see `scalelab import`).\n\
It sets the scenario's traffic, workload.requests_per_s (the first rate) and\n\
simulation.duration_s (the trace's length; --duration-s still overrides), and prints its\n\
notes on standard error. With recorded CloudWatch series, the table ends with recorded vs\n\
simulated and the JSON gains a \"recorded\" section."
    )]
    Run {
        #[command(flatten)]
        scenario: ScenarioArgs,
        /// How to write the run (see below)
        #[arg(long, value_enum, default_value_t = RunFormat::Table)]
        format: RunFormat,
        #[command(flatten)]
        overrides: SimOverrides,
        #[command(flatten)]
        trace: TraceArgs,
        /// Also run N sampled futures of the uncertain inputs (scenario's `uncertainty`
        /// ranges; 1 to 1,024) and report their percentiles and the tornado
        #[arg(long, value_name = "N")]
        samples: Option<u32>,
    },
    /// Simulate once per value of one scenario field; one row per value
    #[command(
        help_template = help_of!("sweep"),
        after_help = "PATH is e.g. workload.requests_per_s, workload.key_skew, aurora.max_acu,\n\
dynamodb.provisioned_wcu, traffic.multiplier (a spike's) or traffic.points.0.1 (an index).\n\
Each value must pass the scenario's validation. One row per value: the value, then per\n\
database the monthly cost, failed share, minutes failing, worst p99 and peak capacity."
    )]
    Sweep {
        #[command(flatten)]
        scenario: ScenarioArgs,
        /// A dotted path to a number in the scenario JSON (see below)
        #[arg(long, value_name = "PATH")]
        param: String,
        /// The first value
        #[arg(long, value_name = "A", value_parser = number, allow_hyphen_values = true)]
        from: f64,
        /// The last value
        #[arg(long, value_name = "B", value_parser = number, allow_hyphen_values = true)]
        to: f64,
        /// How many values, evenly spaced from A to B (2 to 200)
        #[arg(long, value_name = "N", value_parser = sweep_steps, allow_hyphen_values = true)]
        steps: usize,
        #[arg(long, value_enum, default_value_t = SweepFormat::Table)]
        format: SweepFormat,
        #[command(flatten)]
        overrides: SimOverrides,
    },
    /// Both databases at the workload's steady request rate (no time simulation)
    #[command(
        help_template = help_of!("steady"),
        after_help = "Capacity is sized for the rate, as on the page's steady-state view."
    )]
    Steady {
        #[command(flatten)]
        scenario: ScenarioArgs,
        /// table; json, every field of the comparison; csv, the table's columns
        #[arg(long, value_enum, default_value_t = SteadyFormat::Table)]
        format: SteadyFormat,
    },
    /// The steady state at many request rates from 1 to 10,000,000 req/s
    #[command(name = "steady-sweep", help_template = help_of!("steady-sweep"))]
    SteadySweep {
        #[command(flatten)]
        scenario: ScenarioArgs,
        /// Request rates spaced evenly in log10 from 1 to 10,000,000 req/s (2 to 1000)
        #[arg(long, value_name = "N", default_value_t = 13, value_parser = sweep_points, allow_hyphen_values = true)]
        points: usize,
        #[arg(long, value_enum, default_value_t = SteadyFormat::Table)]
        format: SteadyFormat,
    },
    /// The built-in scenarios: id, title and the lesson each teaches
    #[command(help_template = help_of!("presets"), after_help = "Use the id with --preset.")]
    Presets,
    /// The complete scenario as JSON, every default filled in: a file to start from
    #[command(
        help_template = help_of!("scenario"),
        after_help = "Every field, with the defaults filled in, after validation: save it, edit it, and pass it\n\
to `scalelab run`. The format is described in docs/scenario.md."
    )]
    Scenario {
        #[command(flatten)]
        scenario: ScenarioArgs,
        #[command(flatten)]
        overrides: SimOverrides,
    },
    /// Turn a t_s,requests_per_s CSV into a traffic series for a scenario file
    #[command(
        name = "csv-to-series",
        help_template = help_of!("csv-to-series"),
        after_help = "The CSV has rows of t_s,requests_per_s (seconds from the start of the run, or ISO 8601\n\
times such as 2026-11-03T14:05:00Z, time 0 being the first; absolute request rate), in\n\
time order, or reads_per_s and writes_per_s columns named in a header; blank lines and\n\
lines starting with # are skipped, and a UTF-8 byte-order mark is ignored. Each row's rate\n\
holds until the next row (a count per interval, as exports and logs give them); --linear\n\
draws straight lines between rows instead (samples of a smooth rate). Prints the JSON for\n\
a scenario's \"traffic\" field, e.g.\n    {\"shape\": \"series\", \"between_points\": \"hold\", \"points\": [[0, 100], [60, 250]]}"
    )]
    CsvToSeries {
        /// The CSV file, or - for standard input
        #[arg(value_name = "FILE.csv")]
        file: String,
        /// Linear between rows (the meaning before rows were held)
        #[arg(long)]
        linear: bool,
    },
    /// Your own traffic (CSV or CloudWatch) as a scenario's traffic and recorded series
    #[command(
        help_template = help_of!("import"),
        after_help = "FILE is a CSV trace (as csv-to-series reads), the JSON that `aws cloudwatch\n\
get-metric-data` prints, or the CSV the CloudWatch console downloads from a graph; the\n\
format is told from the content. Prints a scenario fragment with \"traffic\" (a series held\n\
between points, with each point's read share when reads and writes are known) and\n\
\"recorded\" (the CloudWatch series, to set beside a run), and on standard error the notes\n\
that say every assumption made. DynamoDB's consumed capacity becomes requests with the\n\
units per request of the scenario (--scenario or --preset: item size, consistency, query).\n\
docs/scenario.md gives the aws command and its queries file. `scalelab run --trace FILE`\n\
runs the trace directly."
    )]
    Import {
        /// The file, or - for standard input
        #[arg(value_name = "FILE")]
        file: String,
        /// A scenario JSON file whose workload gives the units per request
        #[arg(long = "scenario", value_name = "SCENARIO.json")]
        scenario: Option<String>,
        /// A built-in scenario whose workload gives the units per request
        #[arg(long, value_name = "NAME")]
        preset: Option<String>,
        #[command(flatten)]
        shaping: TraceShaping,
    },
    /// The documented AWS constants the model uses, with sources
    #[command(
        help_template = help_of!("facts"),
        after_help = "One line per constant: id, value, unit, evidence grade and source."
    )]
    Facts,
    /// A shell completion script, generated from these definitions
    #[command(
        help_template = help_of!("completions"),
        after_help = "For example: scalelab completions bash > ~/.local/share/bash-completion/completions/scalelab"
    )]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: Shell,
    },
}

/// Where the scenario comes from: a file, a preset, or (neither) the default scenario.
#[derive(Args, Debug)]
pub struct ScenarioArgs {
    /// A scenario JSON file, or - for standard input (docs/scenario.md)
    #[arg(value_name = "SCENARIO.json")]
    pub file: Option<String>,
    /// A built-in scenario (see `scalelab presets`)
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,
}

/// `--seed`, `--duration-s` and `--step-s`: the simulation settings, overridden.
#[derive(Args, Debug)]
pub struct SimOverrides {
    /// Override simulation.seed
    #[arg(long, value_name = "N", value_parser = seed, allow_hyphen_values = true)]
    pub seed: Option<u64>,
    /// Override simulation.duration_s (3600 to 2592000)
    #[arg(long = "duration-s", value_name = "SECONDS", value_parser = seconds, allow_hyphen_values = true)]
    pub duration_s: Option<f64>,
    /// Override simulation.step_s (1 to 300)
    #[arg(long = "step-s", value_name = "SECONDS", value_parser = seconds, allow_hyphen_values = true)]
    pub step_s: Option<f64>,
}

/// `--trace FILE` (alias `--cloudwatch`) and how to shape it.
#[derive(Args, Debug)]
pub struct TraceArgs {
    /// Run your own traffic: a CSV trace or a CloudWatch export (see `scalelab import`)
    #[arg(long = "trace", visible_alias = "cloudwatch", value_name = "FILE")]
    pub trace_file: Option<String>,
    #[command(flatten)]
    pub shaping: TraceShaping,
}

/// Scaling and windowing an imported trace.
#[derive(Args, Debug, Default)]
pub struct TraceShaping {
    /// Multiply the trace's rates by X
    #[arg(long, value_name = "X", value_parser = number, allow_hyphen_values = true, conflicts_with = "peak")]
    pub scale: Option<f64>,
    /// Scale the trace so that its peak is N req/s
    #[arg(long, value_name = "N", value_parser = number, allow_hyphen_values = true)]
    pub peak: Option<f64>,
    /// Start the window S seconds into the trace (re-based to 0)
    #[arg(long = "window-start-s", value_name = "S", value_parser = seconds, allow_hyphen_values = true)]
    pub window_start_s: Option<f64>,
    /// Keep D seconds of the trace (at most 2592000, 30 days)
    #[arg(long = "window-s", value_name = "D", value_parser = seconds, allow_hyphen_values = true)]
    pub window_s: Option<f64>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
pub enum RunFormat {
    Table,
    Json,
    Csv,
    Events,
    FuturesCsv,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
pub enum SweepFormat {
    Table,
    Csv,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
pub enum SteadyFormat {
    Table,
    Json,
    Csv,
}

/// A finite number (clap's own f64 parser takes `inf` and `NaN`).
fn number(s: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| "expected a number".into())
}

fn seconds(s: &str) -> Result<f64, String> {
    number(s).map_err(|_| "is not a number of seconds".into())
}

fn whole(s: &str, lo: u64, hi: u64) -> Result<u64, String> {
    s.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (lo..=hi).contains(n))
        .ok_or_else(|| format!("is not a whole number from {lo} to {hi}"))
}

fn seed(s: &str) -> Result<u64, String> {
    whole(s, 0, u64::MAX)
}

fn sweep_steps(s: &str) -> Result<usize, String> {
    whole(s, 2, 200).map(|n| n as usize)
}

fn sweep_points(s: &str) -> Result<usize, String> {
    whole(s, 2, 1000).map(|n| n as usize)
}
