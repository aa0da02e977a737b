//! Reading a file as it arrives, in chunks: the page's Web Worker gets the file in 1 MB
//! slices and reports progress between them; the CLI pushes the whole file at once. The
//! same code, so the same messages, natively and in the browser.
//!
//! The format is told from the content: a JSON object (the first character `{`) is
//! `aws cloudwatch get-metric-data` output, kept until [`TraceReader::finish`] and parsed
//! then (JSON cannot be read a line at a time); anything else is CSV, read line by line
//! as it arrives (a trace, or CloudWatch's download of a graph, told apart by the header).

use super::convert;
use super::csv::{CsvContent, CsvReader};
use super::trace::ImportedTrace;
use super::{cloudwatch, ImportFormat, ImportSettings, MAX_FILE_BYTES};
use crate::model::input;
use serde::{Deserialize, Serialize};

/// A file being read.
#[derive(Debug)]
pub struct TraceReader {
    name: String,
    total_bytes: Option<u64>,
    bytes_read: u64,
    state: State,
    error: Option<String>,
}

#[derive(Debug)]
enum State {
    /// Nothing but white space (and a byte-order mark) so far.
    Start(Vec<u8>),
    Json(Vec<u8>),
    Csv(Box<CsvReader>),
}

/// How far a read has got.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadProgress {
    pub bytes_read: u64,
    /// The file's size, when the reader was told it.
    pub total_bytes: Option<u64>,
    /// CSV data rows read so far (JSON is counted when it is parsed, at the end).
    pub rows: usize,
    /// The format, once the first characters have told it.
    pub format: Option<ImportFormat>,
}

impl ReadProgress {
    /// The share read, 0 to 1, when the size is known.
    pub fn share(&self) -> Option<f64> {
        self.total_bytes.filter(|&t| t > 0).map(|t| (self.bytes_read as f64 / t as f64).min(1.0))
    }
}

impl TraceReader {
    /// A reader for a file called `name` (used in notes; messages come without it, for the
    /// caller to prefix).
    pub fn new(name: &str) -> TraceReader {
        TraceReader { name: input::excerpt(name), total_bytes: None, bytes_read: 0, state: State::Start(Vec::new()), error: None }
    }

    /// A reader told the file's size, so that progress has a share and an oversized file
    /// is refused before any of it is read.
    pub fn with_size(name: &str, total_bytes: u64) -> TraceReader {
        let mut r = TraceReader::new(name);
        r.total_bytes = Some(total_bytes);
        if total_bytes > MAX_FILE_BYTES {
            r.error = Some(too_big(total_bytes));
        }
        r
    }

    /// Read the next chunk. After an error every call returns it again.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), String> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let result = self.take(chunk);
        if let Err(e) = &result {
            self.error = Some(e.clone());
        }
        result
    }

    fn take(&mut self, chunk: &[u8]) -> Result<(), String> {
        self.bytes_read += chunk.len() as u64;
        if self.bytes_read > MAX_FILE_BYTES {
            return Err(too_big(self.bytes_read));
        }
        match &mut self.state {
            State::Json(buffer) => {
                buffer.extend_from_slice(chunk);
                Ok(())
            }
            State::Csv(csv) => csv.push(chunk),
            State::Start(head) => {
                head.extend_from_slice(chunk);
                let body = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
                match body.iter().find(|b| !b.is_ascii_whitespace()) {
                    None => Ok(()),
                    Some(b'{') | Some(b'[') => {
                        self.state = State::Json(std::mem::take(head));
                        Ok(())
                    }
                    Some(_) => {
                        let mut csv = Box::<CsvReader>::default();
                        let bytes = std::mem::take(head);
                        let result = csv.push(&bytes);
                        self.state = State::Csv(csv);
                        result
                    }
                }
            }
        }
    }

    pub fn progress(&self) -> ReadProgress {
        let (rows, format) = match &self.state {
            State::Start(_) => (0, None),
            State::Json(_) => (0, Some(ImportFormat::CloudwatchJson)),
            State::Csv(csv) => (csv.rows(), Some(if csv.is_metrics() { ImportFormat::CloudwatchCsv } else { ImportFormat::Csv })),
        };
        ReadProgress { bytes_read: self.bytes_read, total_bytes: self.total_bytes, rows, format }
    }

    /// The trace the file describes, with `settings` for turning metrics into requests.
    pub fn finish(self, settings: &ImportSettings) -> Result<ImportedTrace, String> {
        if let Some(e) = self.error {
            return Err(e);
        }
        match self.state {
            State::Start(_) => Err("the file is empty: expected a CSV trace or the JSON of `aws cloudwatch get-metric-data`".into()),
            State::Json(bytes) => {
                let text = std::str::from_utf8(&bytes).map_err(|e| format!("the JSON is not UTF-8 text (byte {})", e.valid_up_to()))?;
                let value = input::parse_json(text)?;
                let (series, notes) = cloudwatch::read(&value)?;
                convert::from_metrics(&self.name, ImportFormat::CloudwatchJson, series, notes, settings)
            }
            State::Csv(csv) => match (*csv).finish()? {
                CsvContent::Trace(rows) => Ok(convert::from_plain(&self.name, rows, settings)),
                CsvContent::Metrics { series, notes } => convert::from_metrics(&self.name, ImportFormat::CloudwatchCsv, series, notes, settings),
            },
        }
    }
}

fn too_big(bytes: u64) -> String {
    format!(
        "the file is {:.1} MB, more than the {} MB an import reads: export a shorter range or a longer period",
        bytes as f64 / (1u64 << 20) as f64,
        MAX_FILE_BYTES >> 20
    )
}

/// Read a whole file at once (what the CLI does).
pub fn import_bytes(name: &str, bytes: &[u8], settings: &ImportSettings) -> Result<ImportedTrace, String> {
    let mut reader = TraceReader::with_size(name, bytes.len() as u64);
    reader.push(bytes)?;
    reader.finish(settings)
}
