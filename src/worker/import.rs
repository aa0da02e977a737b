//! A person's own traffic, read in the worker: the page sends the file in slices
//! ([`Request::ImportStart`], [`Request::ImportChunk`]s, [`Request::ImportEnd`]) and the
//! worker reads them in slices of its event loop, between a run's slices, so that neither
//! the page nor a run in progress waits for a 50 MB file. The whole trace stays here (a
//! file can hold millions of points); the page gets its summary, notes and a preview of at
//! most [`PREVIEW_BUCKETS`] buckets ([`Reply::Imported`]), then, for "Run this traffic",
//! the trace scaled, windowed and fitted to a scenario ([`Request::ImportShape`] →
//! [`Reply::ImportShaped`]). A newer import supersedes the one in progress.
//!
//! Plain Rust, tested natively (`tests/worker.rs`); the worker (`agent`) and the page's
//! fallback (`crate::ui::engine`) both run it through [`Imports`].

use super::{Reply, Request};
use crate::chart::trace::{TracePreview, PREVIEW_BUCKETS};
use crate::model::import::{ImportSettings, ImportedTrace, Recorded, TraceReader, TraceSummary, MAX_WINDOW_S};
use crate::model::scenario::Scenario;
use crate::model::traffic::{shared::Shared, BetweenPoints, Traffic};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Bytes handed to the reader between two looks at the clock (a 64 KB piece of CSV is
/// about 2,000 rows: well under a millisecond).
const PIECE_BYTES: usize = 64 << 10;

/// How the person scales the trace (before the window is cut).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Scale {
    /// Every rate × this.
    Factor(f64),
    /// Every rate scaled so that the trace's peak is this many req/s.
    Peak(f64),
}

/// What the page shows once a file is read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedView {
    pub name: String,
    pub summary: TraceSummary,
    /// The summary in one sentence ([`ImportedTrace::describe`]).
    pub description: String,
    /// Every assumption the import made.
    pub notes: Vec<String>,
    pub preview: TracePreview,
    /// The trace's first moment (trace time, 0 unless a CSV's `t_s` starts later).
    pub start_s: f64,
    /// When the peak was, as a person reads it: `14:30` (UTC) or `0:30 h` from the start.
    pub peak_clock: String,
}

/// The trace as a scenario holds it: what "Run this traffic" puts in the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShapedTraffic {
    /// The traffic: a series held between points (at most 100,000), with its read shares.
    pub points: Shared<Vec<(f64, f64)>>,
    pub read_shares: Option<Shared<Vec<f64>>>,
    /// What CloudWatch recorded over the window (none for a CSV trace).
    pub recorded: Option<Recorded>,
    /// `workload.requests_per_s` (the first rate) and `simulation.duration_s`.
    pub requests_per_s: f64,
    pub duration_s: f64,
    /// The shaped trace's summary (after scaling, window and fitting).
    pub summary: TraceSummary,
    /// What shaping did, in sentences (scale, window, fitting, the run's settings).
    pub notes: Vec<String>,
}

impl ShapedTraffic {
    /// Put it into `scenario`: traffic, recorded series, request rate and run length (the
    /// caller checks the result like any input).
    pub fn apply_to(&self, scenario: &mut Scenario) {
        self.clone().move_into(scenario);
    }

    /// The same, without copying the series.
    pub fn move_into(self, scenario: &mut Scenario) {
        scenario.traffic = Traffic::Series { points: self.points, between_points: BetweenPoints::Hold, read_shares: self.read_shares, summary_of: None };
        scenario.recorded = self.recorded;
        scenario.workload.requests_per_s = self.requests_per_s;
        scenario.simulation.duration_s = self.duration_s;
    }
}

/// One file being read, then read.
pub struct ImportJob {
    import_id: u64,
    name: String,
    reader: Option<TraceReader>,
    /// Slices received and not yet read, with how far into the first one the reader is.
    queue: VecDeque<Vec<u8>>,
    offset: usize,
    /// Set by [`Request::ImportEnd`]: the file has been sent whole.
    settings: Option<ImportSettings>,
    trace: Option<ImportedTrace>,
}

impl ImportJob {
    fn refused(&self, message: String) -> Reply {
        Reply::ImportRefused { import_id: self.import_id, message }
    }

    fn progress(&self) -> Option<Reply> {
        let p = self.reader.as_ref()?.progress();
        Some(Reply::ImportProgress { import_id: self.import_id, bytes_read: p.bytes_read, total_bytes: p.total_bytes.unwrap_or(0), rows: p.rows })
    }

    fn has_work(&self) -> bool {
        self.reader.is_some() && (!self.queue.is_empty() || self.settings.is_some())
    }

    /// Read until the queue is empty (or the file is done) or `budget_ms` has passed; then
    /// how far it got, or the trace, or why not.
    fn slice(&mut self, clock: &dyn Fn() -> f64, budget_ms: f64) -> Vec<Reply> {
        let started = clock();
        loop {
            let Some(reader) = self.reader.as_mut() else { return Vec::new() };
            if let Some(chunk) = self.queue.front() {
                let end = (self.offset + PIECE_BYTES).min(chunk.len());
                let pushed = reader.push(&chunk[self.offset..end]);
                self.offset = end;
                if self.offset >= chunk.len() {
                    self.queue.pop_front();
                    self.offset = 0;
                }
                if let Err(message) = pushed {
                    return vec![self.fail(message)];
                }
            } else if let Some(settings) = self.settings.take() {
                // The last bytes are in: parse what is buffered (JSON) and build the trace, in
                // one go (the worker's thread, not the page's).
                let progress = self.progress().into_iter();
                let reader = self.reader.take().expect("checked above");
                return match reader.finish(&settings) {
                    Ok(trace) => {
                        let summary = trace.summary();
                        let view = ImportedView {
                            name: self.name.clone(),
                            peak_clock: trace.clock(summary.peak_at_s),
                            summary,
                            description: trace.describe(),
                            notes: trace.notes.clone(),
                            preview: TracePreview::of(&trace, PREVIEW_BUCKETS),
                            start_s: trace.start_s(),
                        };
                        self.trace = Some(trace);
                        progress.chain([Reply::Imported { import_id: self.import_id, view: Box::new(view) }]).collect()
                    }
                    Err(message) => vec![self.fail(message)],
                };
            } else {
                break;
            }
            if clock() - started >= budget_ms {
                break;
            }
        }
        self.progress().into_iter().collect()
    }

    fn fail(&mut self, message: String) -> Reply {
        self.reader = None;
        self.queue.clear();
        self.refused(message)
    }

    /// The trace scaled, windowed (`window_start_s` from the trace's start, `window_s` long)
    /// and fitted to a scenario.
    fn shape(&self, scale: Scale, window_start_s: f64, window_s: f64) -> Reply {
        let Some(trace) = &self.trace else {
            return self.refused("the file is still being read: wait for its chart, then run it".into());
        };
        match shape(trace, scale, window_start_s, window_s) {
            Ok(shaped) => Reply::ImportShaped { import_id: self.import_id, shaped: Box::new(shaped) },
            Err(message) => self.refused(message),
        }
    }
}

/// `trace` scaled, then the window cut (re-based to 0), then fitted into a scenario.
pub fn shape(trace: &ImportedTrace, scale: Scale, window_start_s: f64, window_s: f64) -> Result<ShapedTraffic, String> {
    let before = trace.notes.len();
    let scaled = match scale {
        Scale::Factor(f) if f == 1.0 => trace.clone(),
        Scale::Factor(f) => trace.scaled(f)?,
        Scale::Peak(p) => trace.scaled_to_peak(p)?,
    };
    // (The whole trace as it is needs no window, nor its note.)
    let whole = window_start_s == 0.0 && trace.start_s() == 0.0 && (trace.duration_s()..=MAX_WINDOW_S).contains(&window_s);
    let windowed = if whole { scaled } else { scaled.window(trace.start_s() + window_start_s, window_s)? };
    // Fitted once here (apply_to would fit again, to no effect), so its note is kept.
    let fitted = windowed.fit(crate::model::traffic::MAX_SERIES_POINTS);
    let mut scenario = Scenario::default();
    let run_notes = fitted.apply_to(&mut scenario)?;
    let Traffic::Series { points, read_shares, .. } = scenario.traffic else {
        return Err("the trace did not become a series (an internal error)".into());
    };
    let mut notes: Vec<String> = fitted.notes[before.min(fitted.notes.len())..].to_vec();
    notes.extend(run_notes);
    Ok(ShapedTraffic {
        points,
        read_shares,
        recorded: scenario.recorded,
        requests_per_s: scenario.workload.requests_per_s,
        duration_s: scenario.simulation.duration_s,
        summary: fitted.summary(),
        notes,
    })
}

/// The import in progress (at most one: a newer one supersedes it), and the trace it read.
#[derive(Default)]
pub struct Imports {
    job: Option<ImportJob>,
}

impl Imports {
    /// Handle an import request, with the replies it gets at once; any other request comes
    /// back unhandled.
    pub fn handle(&mut self, request: Request) -> Result<Vec<Reply>, Request> {
        let current = |job: &Option<ImportJob>, id: u64| job.as_ref().is_some_and(|j| j.import_id == id);
        Ok(match request {
            Request::ImportStart { import_id, name, total_bytes } => {
                let reader = TraceReader::with_size(&name, total_bytes);
                let job = ImportJob { import_id, name, reader: Some(reader), queue: VecDeque::new(), offset: 0, settings: None, trace: None };
                // Replaces (drops) the import in progress and the trace read before.
                self.job = Some(job);
                let job = self.job.as_mut().expect("just set");
                match job.reader.as_mut().map(|r| r.push(&[])) {
                    Some(Err(message)) => vec![job.fail(message)],
                    _ => job.progress().into_iter().collect(),
                }
            }
            Request::ImportChunk { import_id, bytes } => {
                if let Some(job) = self.job.as_mut().filter(|j| j.import_id == import_id && j.reader.is_some()) {
                    job.queue.push_back(bytes.0);
                }
                Vec::new()
            }
            Request::ImportEnd { import_id, scenario_json } => match self.job.as_mut().filter(|j| j.import_id == import_id && j.reader.is_some()) {
                Some(job) => match Scenario::from_json(&scenario_json) {
                    Ok(scenario) => {
                        job.settings = Some(ImportSettings::for_scenario(&scenario));
                        Vec::new()
                    }
                    Err(message) => vec![job.fail(format!("the page's scenario could not be read to convert the metrics: {message}"))],
                },
                None => Vec::new(),
            },
            Request::ImportShape { import_id, scale, window_start_s, window_s } => match &self.job {
                Some(job) if current(&self.job, import_id) => vec![job.shape(scale, window_start_s, window_s)],
                _ => vec![Reply::ImportRefused {
                    import_id,
                    message: "the worker no longer holds this trace (a newer file replaced it, or the worker restarted): load the file again".into(),
                }],
            },
            Request::ImportCancel { import_id } => {
                if current(&self.job, import_id) {
                    self.job = None;
                }
                Vec::new()
            }
            other => return Err(other),
        })
    }

    /// Slices are waiting to be read, or the file to be finished.
    pub fn has_work(&self) -> bool {
        self.job.as_ref().is_some_and(ImportJob::has_work)
    }

    /// Read for up to `budget_ms` of `clock`; the replies to send.
    pub fn slice(&mut self, clock: &dyn Fn() -> f64, budget_ms: f64) -> Vec<Reply> {
        match self.job.as_mut() {
            Some(job) if job.has_work() => job.slice(clock, budget_ms),
            _ => Vec::new(),
        }
    }
}
