//! The engine off the page's thread: what the page and its Web Worker say to each other,
//! and the run the worker steps through in slices.
//!
//! The page sends [`Request::Run`] with a run id and the scenario as JSON. The worker
//! parses and checks it like any other input (the scenario format is the contract both
//! builds share) and answers with [`Reply`]s tagged with that id: [`Reply::Progress`] after
//! every slice of steps, [`Reply::Partial`] (the run so far) now and then so the run charts
//! fill in, and [`Reply::Done`] with the finished run, which is `sim::run(&scenario)`
//! exactly, the CLI's run number for number. A newer request supersedes the one in
//! progress: the worker drops the old engine at its next slice boundary, and the page
//! ignores every reply whose id is not its latest, so a stale run never shows over fresh
//! inputs.
//!
//! Messages cross as bytes: a 4-byte header ([`HEADER`]: "SLW" and the protocol version)
//! then bincode. The payload format is ours rather than gloo-worker's envelope, so a page
//! and a worker from different builds (a cached worker script after a deploy) are told
//! apart by the header and reported in words instead of a decoding panic. The run crosses
//! as the [`SimRun`] the engine returns, never picked apart here: what the charts draw is
//! the engine's business (its series are kept at chart resolution).
//!
//! A person's own traffic is read here too ([`import`]): the page sends the file in slices
//! ([`Request::ImportStart`], [`Request::ImportChunk`], [`Request::ImportEnd`]), the worker
//! reads them between a run's slices and answers [`Reply::ImportProgress`], then
//! [`Reply::Imported`] (summary, notes, a preview of at most 1,000 buckets) or
//! [`Reply::ImportRefused`]; [`Request::ImportShape`] scales and windows the trace it keeps
//! and answers [`Reply::ImportShaped`], the traffic a scenario holds. Import replies carry
//! an import id, not a run id: a newer file supersedes the one being read.
//!
//! Everything here is plain Rust, tested natively (`tests/worker.rs`); the gloo-worker
//! glue that runs it inside the browser is [`agent`] (wasm32 only).

#[cfg(target_arch = "wasm32")]
pub mod agent;
pub mod import;

pub use import::{ImportedView, Imports, Scale, ShapedTraffic};

use crate::model::scenario::Scenario;
use crate::model::sim::{Engine, SimRun};
use crate::model::uncertainty::{MonteCarlo, Uncertain};
use crate::model::traffic::{shared::Shared, BetweenPoints, Traffic};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Bumped whenever [`Request`] or [`Reply`] change shape.
pub const PROTOCOL_VERSION: u8 = 5;
/// Every message starts with these bytes.
pub const HEADER: [u8; 4] = [b'S', b'L', b'W', PROTOCOL_VERSION];

/// A slice of work lasts about this long before the worker yields, so a newer request is
/// seen within that time (and the page's thread, in the fallback, stays responsive).
pub const WORKER_SLICE_MS: f64 = 25.0;
/// The same on the page's own thread, when the worker is unavailable: one 60 Hz frame's
/// worth at most, so input is handled between slices.
pub const PAGE_SLICE_MS: f64 = 8.0;
/// The run so far is sent at most this often (each one is a snapshot of the run) ...
pub const PARTIAL_EVERY_MS: f64 = 300.0;
/// ... and at most this many bytes of snapshot per millisecond on average, so a big run
/// does not keep the page's thread busy decoding and drawing partial runs (2 MB/s).
pub const PARTIAL_BYTES_PER_MS: f64 = 2_000.0;
/// Steps simulated between two looks at the clock.
const STEPS_PER_CLOCK_CHECK: usize = 16;

/// From the page to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Simulate this scenario (JSON, as the CLI reads it); supersedes any run in progress.
    Run { run_id: u64, scenario_json: String },
    /// The same for a scenario whose traffic is a series (an imported trace: up to 100,000
    /// points): the series crosses as numbers (`traffic`), the rest as JSON with a steady
    /// traffic in its place. Writing and reading 100,000 points as JSON costs the page's
    /// thread tens of milliseconds per run; as numbers, a copy. See [`run_request`].
    RunSeries { run_id: u64, scenario_json: String, traffic: SeriesTraffic },
    /// The run's CSV, one row per step (as the CLI writes it), computed in the worker so
    /// the page never waits.
    Csv { run_id: u64, scenario_json: String },
    /// Deliberately panic, to test that a crash is reported (`?selftest=worker-panic`).
    SelfTestPanic,
    /// Read a file of `total_bytes` called `name` (a newer import supersedes any other; a
    /// file over the limit is refused at once).
    ImportStart { import_id: u64, name: String, total_bytes: u64 },
    /// The next slice of the file (the page sends about 1 MB at a time).
    ImportChunk { import_id: u64, bytes: Bytes },
    /// The whole file has been sent; the scenario on the page gives the units per request
    /// for turning CloudWatch's metrics into requests.
    ImportEnd { import_id: u64, scenario_json: String },
    /// Scale the trace read (before the window), cut the window (`window_start_s` from the
    /// trace's start, `window_s` long, at most 30 days) and fit it to a scenario.
    ImportShape { import_id: u64, scale: Scale, window_start_s: f64, window_s: f64 },
    /// Forget the import (the person cancelled it).
    ImportCancel { import_id: u64 },
}

/// From the worker to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker has started and speaks [`PROTOCOL_VERSION`].
    Ready,
    /// Steps simulated so far of the run `run_id`.
    Progress {
        run_id: u64,
        steps_done: usize,
        total_steps: usize,
    },
    /// The run so far (summaries over the steps done), so the charts can fill in.
    Partial {
        run_id: u64,
        steps_done: usize,
        total_steps: usize,
        run: SimRun,
    },
    /// The whole run.
    Done { run_id: u64, run: SimRun },
    /// The run's sampled futures so far (`crate::model::uncertainty`), after its `Done`.
    Bands { run_id: u64, bands: Box<Uncertain> },
    /// The requested CSV.
    Csv { run_id: u64, csv: String },
    /// The request was not valid (the message names the field, value and range).
    Refused { run_id: u64, message: String },
    /// The worker panicked; it is dead after this message.
    Crashed { message: String },
    /// Bytes and rows read so far of the file `import_id` (`total_bytes` as the page said).
    ImportProgress { import_id: u64, bytes_read: u64, total_bytes: u64, rows: usize },
    /// The file is read: what the page shows of it (the trace itself stays in the worker).
    Imported { import_id: u64, view: Box<ImportedView> },
    /// The trace scaled, windowed and fitted: what "Run this traffic" puts in the scenario.
    ImportShaped { import_id: u64, shaped: Box<ShapedTraffic> },
    /// The file (or the shaping) was refused: the message names the line, column and value,
    /// or the JSON path, or the limit.
    ImportRefused { import_id: u64, message: String },
}

impl Reply {
    /// The run this reply is about, if any.
    pub fn run_id(&self) -> Option<u64> {
        match self {
            Reply::Progress { run_id, .. }
            | Reply::Partial { run_id, .. }
            | Reply::Done { run_id, .. }
            | Reply::Bands { run_id, .. }
            | Reply::Csv { run_id, .. }
            | Reply::Refused { run_id, .. } => Some(*run_id),
            Reply::Ready
            | Reply::Crashed { .. }
            | Reply::ImportProgress { .. }
            | Reply::Imported { .. }
            | Reply::ImportShaped { .. }
            | Reply::ImportRefused { .. } => None,
        }
    }

    /// The import this reply is about, if any.
    pub fn import_id(&self) -> Option<u64> {
        match self {
            Reply::ImportProgress { import_id, .. }
            | Reply::Imported { import_id, .. }
            | Reply::ImportShaped { import_id, .. }
            | Reply::ImportRefused { import_id, .. } => Some(*import_id),
            _ => None,
        }
    }
}

/// A message's bytes inside gloo-worker's envelope. Serialised as one byte string, so
/// bincode copies them in one go (a plain `Vec<u8>` is a sequence: one call per byte, each
/// way, which for a run of several MB cost the page tens of milliseconds per message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Bytes, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Bytes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a byte string")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(v))
            }
        }
        d.deserialize_byte_buf(Visitor)
    }
}

/// `HEADER` + bincode of `message`.
pub fn to_bytes<T: Serialize>(message: &T) -> Result<Vec<u8>, String> {
    let mut out = HEADER.to_vec();
    bincode::serialize_into(&mut out, message)
        .map_err(|e| format!("the worker message could not be encoded: {e}"))?;
    Ok(out)
}

/// The message in `bytes`, or why it cannot be read.
pub fn from_bytes<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    match bytes.get(..HEADER.len()) {
        Some(h) if h == HEADER => {}
        Some(h) if h[..3] == HEADER[..3] => {
            return Err(format!(
                "the simulation worker speaks protocol {} but this page speaks {PROTOCOL_VERSION}: \
                 they come from different builds of Scale Lab (reload the page)",
                h[3]
            ))
        }
        _ => return Err("the simulation worker sent a message this page cannot read".to_string()),
    }
    bincode::deserialize(&bytes[HEADER.len()..])
        .map_err(|e| format!("a message from the simulation worker is damaged: {e}"))
}

/// A traffic series as numbers (`Traffic::Series`'s fields).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesTraffic {
    /// Shared with the page's scenario, not copied (written as the points themselves).
    pub points: Shared<Vec<(f64, f64)>>,
    pub between_points: BetweenPoints,
    pub read_shares: Option<Shared<Vec<f64>>>,
    pub summary_of: Option<crate::model::traffic::summary::SummaryOf>,
}

/// The request for the run of `scenario`: [`Request::RunSeries`] when its traffic is a
/// series, else [`Request::Run`].
pub fn run_request(run_id: u64, scenario: &Scenario) -> Request {
    let Traffic::Series { points, between_points, read_shares, summary_of } = &scenario.traffic else {
        return Request::Run { run_id, scenario_json: scenario_json(scenario) };
    };
    // Every field but the traffic (listed, so that a new field cannot be forgotten here).
    let rest = Scenario {
        version: scenario.version,
        workload: scenario.workload.clone(),
        traffic: Traffic::Steady,
        simulation: scenario.simulation.clone(),
        dynamodb: scenario.dynamodb.clone(),
        aurora: scenario.aurora.clone(),
        prices: scenario.prices.clone(),
        estimates: scenario.estimates.clone(),
        p99_target_ms: scenario.p99_target_ms,
        faults: scenario.faults.clone(),
        regions: scenario.regions.clone(),
        recorded: scenario.recorded.clone(),
        contenders: scenario.contenders.clone(),
        dsql: scenario.dsql.clone(),
        billing: scenario.billing.clone(),
        uncertainty: scenario.uncertainty.clone(),
    };
    Request::RunSeries {
        run_id,
        scenario_json: scenario_json(&rest),
        traffic: SeriesTraffic { points: points.clone(), between_points: *between_points, read_shares: read_shares.clone(), summary_of: *summary_of },
    }
}

/// The scenario as the page sends it.
pub fn scenario_json(scenario: &Scenario) -> String {
    // A Scenario is plain data with finite numbers (the page keeps it valid), so this
    // cannot fail; an empty string would be refused by the worker with a message. Written
    // through a JSON value, as the page's links are: one more way to write a Scenario would
    // be one more copy of its serializer in the page's wasm (about 15 KB of code); the key
    // order this gives (sorted) means nothing to the worker.
    serde_json::to_value(scenario).map(|v| v.to_string()).unwrap_or_default()
}

fn parse(run_id: u64, scenario_json: &str) -> Result<Scenario, Reply> {
    Scenario::from_json(scenario_json).map_err(|message| Reply::Refused { run_id, message })
}

/// The scenario of a [`Request::RunSeries`]: the JSON, with the series for its traffic,
/// checked like any scenario.
fn parse_with_series(run_id: u64, scenario_json: &str, traffic: SeriesTraffic) -> Result<Scenario, Reply> {
    let mut scenario = parse(run_id, scenario_json)?;
    scenario.traffic = Traffic::Series { points: traffic.points, between_points: traffic.between_points, read_shares: traffic.read_shares, summary_of: traffic.summary_of };
    scenario.validate().map_err(|message| Reply::Refused { run_id, message })?;
    Ok(scenario)
}

/// A run being simulated in slices, then its sampled futures (when the scenario has
/// uncertain inputs), a slice of a run at a time.
pub struct Job {
    run_id: u64,
    scenario: Scenario,
    /// The run, until it is done and sent.
    engine: Option<Engine>,
    next_partial_ms: f64,
    bands: Option<MonteCarlo>,
    next_bands_ms: f64,
}

impl Job {
    /// Check the scenario and prepare its run; an invalid one is [`Reply::Refused`].
    pub fn start(run_id: u64, scenario_json: &str, now_ms: f64) -> Result<Job, Reply> {
        let scenario = parse(run_id, scenario_json)?;
        Ok(Job::of(run_id, scenario, now_ms))
    }

    /// The job of a [`Request::Run`] or [`Request::RunSeries`] (`None` for any other request).
    pub fn for_request(request: Request, now_ms: f64) -> Option<Result<Job, Reply>> {
        Some(match request {
            Request::Run { run_id, scenario_json } => Job::start(run_id, &scenario_json, now_ms),
            Request::RunSeries { run_id, scenario_json, traffic } => {
                parse_with_series(run_id, &scenario_json, traffic).map(|scenario| Job::of(run_id, scenario, now_ms))
            }
            _ => return None,
        })
    }

    fn of(run_id: u64, scenario: Scenario, now_ms: f64) -> Job {
        Job {
            run_id,
            engine: Some(Engine::new(&scenario)),
            scenario,
            next_partial_ms: now_ms + PARTIAL_EVERY_MS,
            bands: None,
            next_bands_ms: 0.0,
        }
    }

    pub fn run_id(&self) -> u64 {
        self.run_id
    }

    /// The run is done (and sent): only the sampled futures may be left.
    fn run_sent(&self) -> bool {
        self.engine.is_none()
    }

    /// Nothing is left to do: the run is sent and every sample run.
    pub fn is_finished(&self) -> bool {
        self.run_sent() && self.bands.as_ref().is_none_or(MonteCarlo::is_done)
    }

    /// Simulate until the run is done, or run samples, until `budget_ms` of `clock` has
    /// passed (at least a few steps, so a slow clock still makes progress).
    pub fn slice(&mut self, clock: &dyn Fn() -> f64, budget_ms: f64) {
        let started = clock();
        if let Some(engine) = &mut self.engine {
            loop {
                engine.advance(STEPS_PER_CLOCK_CHECK);
                if engine.is_done() || clock() - started >= budget_ms {
                    break;
                }
            }
        } else if let Some(mc) = &mut self.bands {
            loop {
                mc.advance_steps(STEPS_PER_CLOCK_CHECK);
                if mc.is_done() || clock() - started >= budget_ms {
                    break;
                }
            }
        }
    }

    /// What to send after a slice: the progress and the run so far while it runs; the whole
    /// run once; then the sampled futures every [`PARTIAL_EVERY_MS`] and when all are done.
    pub fn replies(&mut self, now_ms: f64) -> Vec<Reply> {
        let run_id = self.run_id;
        match self.engine.take() {
            Some(engine) if engine.is_done() => {
                let run = engine.finish();
                if self.scenario.uncertainty.samples_futures() {
                    self.bands = Some(MonteCarlo::new(&self.scenario, Some(&run)));
                    self.next_bands_ms = now_ms + PARTIAL_EVERY_MS;
                }
                vec![Reply::Done { run_id, run }]
            }
            Some(engine) => {
                self.engine = Some(engine);
                let mut out = vec![self.progress()];
                out.extend(self.partial_if_due(now_ms));
                out
            }
            None => match &self.bands {
                Some(mc) if mc.is_done() || now_ms >= self.next_bands_ms => {
                    self.next_bands_ms = now_ms + PARTIAL_EVERY_MS;
                    vec![Reply::Bands { run_id, bands: Box::new(mc.snapshot()) }]
                }
                _ => Vec::new(),
            },
        }
    }

    pub fn progress(&self) -> Reply {
        let (steps_done, total_steps) = self.engine.as_ref().map_or((0, 0), |e| (e.steps_done(), e.total_steps()));
        Reply::Progress { run_id: self.run_id, steps_done, total_steps }
    }

    /// The run so far, if it is due: [`PARTIAL_EVERY_MS`] after the start or the last one,
    /// or longer after a big one (see [`PARTIAL_BYTES_PER_MS`]).
    pub fn partial_if_due(&mut self, now_ms: f64) -> Option<Reply> {
        let engine = self.engine.as_ref()?;
        if engine.is_done() || now_ms < self.next_partial_ms {
            return None;
        }
        let run = engine.snapshot();
        let bytes = bincode::serialized_size(&run).unwrap_or(u64::MAX) as f64;
        self.next_partial_ms = now_ms + (bytes / PARTIAL_BYTES_PER_MS).max(PARTIAL_EVERY_MS);
        Some(Reply::Partial {
            run_id: self.run_id,
            steps_done: engine.steps_done(),
            total_steps: engine.total_steps(),
            run,
        })
    }
}

/// Answer a [`Request::Csv`]: every step of the run as CSV, the bytes `scalelab run
/// --format csv` prints (`report::StepCsv`, streamed from the engine, then a newline).
pub fn csv(run_id: u64, scenario_json: &str) -> Reply {
    match parse(run_id, scenario_json) {
        Ok(scenario) => {
            let mut engine = Engine::new(&scenario);
            let mut csv = crate::report::StepCsv::new(&scenario);
            engine.advance_with(usize::MAX, &mut |r| csv.push(r));
            let mut text = csv.take();
            text.push('\n');
            Reply::Csv { run_id, csv: text }
        }
        Err(refused) => refused,
    }
}
