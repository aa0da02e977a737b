//! A person's own traffic, imported: a CSV trace, the JSON of `aws cloudwatch
//! get-metric-data`, or the CSV the CloudWatch console downloads from a graph, turned into
//! a scenario's `traffic` (a series held between points, with per-point read shares) and
//! `recorded` (what CloudWatch measured, to set beside a run).
//!
//! * [`TraceReader`] reads a file in chunks (the page's Web Worker gets 1 MB slices) and
//!   tells the format from the content; [`import_bytes`] reads it at once (the CLI).
//! * [`ImportedTrace`] is the result: summary, scaling, a window of at most 30 days, thinning
//!   to fit a scenario (keeping every request), and the scenario's `traffic`.
//! * [`Recorded`] is the scenario's `recorded` field; [`compare`] sets it beside a run.
//!
//! Each reader's module says what it reads and where its conventions come from: [`csv`]
//! (traces and the console's download), [`cloudwatch`] (get-metric-data's JSON),
//! [`metric`] (CloudWatch's metrics, statistics and units), [`convert`] (metrics into
//! requests, and gaps). Every assumption an import makes is written into its notes, in
//! plain sentences the page and the CLI show.
//!
//! Limits, each named in the message that enforces it: a file of at most
//! [`MAX_FILE_BYTES`] (64 MB) and [`MAX_ROWS`] (3,000,000) rows or datapoints, spanning at
//! most 455 days; a window of at most 30 days; a scenario's series holds at most 100,000
//! points ([`ImportedTrace::fit`] aggregates a longer one).

mod cloudwatch;
mod compare;
mod convert;
mod csv;
mod metric;
mod reader;
pub mod recorded;
mod time;
mod trace;

pub use compare::{compare, ComparedMetric, LargestGap, Measure, RecordedComparison};
pub use metric::{Metric, RecordedUnit, Statistic, ALL_METRICS};
pub use reader::{import_bytes, ReadProgress, TraceReader};
pub use recorded::{Recorded, RecordedSeries, MAX_RECORDED_SERIES};
pub use time::{clock_utc, format_utc};
pub use trace::{ImportedTrace, TraceSummary};

use crate::model::dynamodb::DynamoModel;
use crate::model::scenario::Scenario;
use crate::model::workload::{Consistency, QueryKind};
use serde::{Deserialize, Serialize};

/// The largest file an import reads, bytes (64 MB).
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// The most CSV rows, or CloudWatch datapoints in all, an import reads.
pub const MAX_ROWS: usize = 3_000_000;
/// The longest window a scenario runs, seconds (30 days).
pub const MAX_WINDOW_S: f64 = 30.0 * 86_400.0;
/// The longest span of dated rows an import reads, seconds: 455 days, CloudWatch's
/// retention of hourly datapoints.
pub const MAX_TIMESTAMP_SPAN_S: f64 = 455.0 * 86_400.0;
/// The longest gap in an Aurora rate held at the last value, seconds (15 min); longer
/// gaps are taken as no traffic.
pub const MAX_HELD_GAP_S: f64 = 900.0;

/// What was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// A CSV trace (`t_s,requests_per_s`, or reads and writes).
    Csv,
    /// The JSON of `aws cloudwatch get-metric-data`.
    CloudwatchJson,
    /// The CSV the CloudWatch console downloads from a graph.
    CloudwatchCsv,
}

impl ImportFormat {
    pub fn label(self) -> &'static str {
        match self {
            ImportFormat::Csv => "CSV trace",
            ImportFormat::CloudwatchJson => "CloudWatch get-metric-data JSON",
            ImportFormat::CloudwatchCsv => "CloudWatch console CSV",
        }
    }
}

/// What turning metrics into requests assumes, from the person's scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportSettings {
    /// DynamoDB read units one read consumes (1 KB eventually consistent point read: 0.5).
    pub read_units_per_read: f64,
    /// Write units one write consumes.
    pub write_units_per_write: f64,
    /// The workload's read share, for a trace that does not tell reads from writes.
    pub read_share: f64,
    /// SDK attempts per request (`estimates.sdk_max_attempts`): throttle events ÷ this are
    /// the requests that failed, added back to DynamoDB's consumed capacity.
    pub attempts_per_request: f64,
    /// Those assumptions in words: "1 KB items, eventually consistent point reads".
    pub basis: String,
}

impl ImportSettings {
    /// The units per request `scenario` implies (its item size, consistency and query).
    pub fn for_scenario(scenario: &Scenario) -> ImportSettings {
        let w = &scenario.workload;
        let model = DynamoModel::new(w, &scenario.dynamodb, &scenario.prices, &scenario.estimates);
        let (read_units_per_read, write_units_per_write) = model.units_per_request();
        let consistency = match w.consistency {
            Consistency::Eventual => "eventually consistent",
            Consistency::Strong => "strongly consistent",
        };
        let query = match w.query {
            QueryKind::PointRead => "point reads".to_string(),
            QueryKind::RangeQuery => format!("range queries of {} items", crate::format::si(w.items_per_query)),
            QueryKind::Report => format!("reports scanning {} rows", crate::format::si(w.rows_per_report)),
            QueryKind::Transaction => "point reads, two-item transactional writes".to_string(),
        };
        let mut basis = format!("{} KB items, {consistency} {query}", crate::format::si(w.item_size_kb));
        if scenario.dynamodb.dax_nodes > 0 {
            basis.push_str("; with DAX, consumed capacity counts only the reads DAX missed");
        }
        ImportSettings {
            read_units_per_read: read_units_per_read.max(1e-9),
            write_units_per_write: write_units_per_write.max(1e-9),
            read_share: w.read_share,
            attempts_per_request: f64::from(scenario.estimates.sdk_max_attempts.max(1)),
            basis,
        }
    }
}

impl Default for ImportSettings {
    fn default() -> Self {
        ImportSettings::for_scenario(&Scenario::default())
    }
}
