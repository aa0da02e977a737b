//! The run behind the "Over time" panel, computed off the page's thread.
//!
//! Each new scenario of the run gets its run id when it is rendered, that is when the
//! input that changed it is handled (the owner of the inputs numbers it: `App`, which
//! renders it as `data-input-id`), not when the run is sent. [`use_engine`] sends the
//! scenario with that id, once input has paused for [`RUN_AFTER_QUIET_MS`], to the
//! simulation worker (`crate::worker::agent`, built by Trunk as `scalelab-worker`) and
//! keeps only replies for the latest id, so a newer input supersedes the run in progress.
//! [`RunState`] says, for the id of the inputs on screen, whether the run shown answers
//! them: from the render that shows new inputs until their own run arrives, the run shown
//! is stale (`RunState::stale_for`), never complete, whatever the debounce or the worker
//! is doing. The page thread only decodes replies and draws.
//!
//! When the worker is unavailable the page says so and still works:
//! - it did not answer [`Reply::Ready`] within [`START_TIMEOUT_MS`] (its script could not
//!   be loaded, or the browser refused it): with the `page-engine` feature (the component
//!   tests) the same `Job` then runs on the page's own thread in slices of `PAGE_SLICE_MS`,
//!   yielding between them so input stays handled; the built page has no engine of its own
//!   (about 74 KB gzip of wasm), so it says the run and imports need the worker, keeps the
//!   steady charts, and the next input starts a fresh worker;
//! - it crashed ([`Reply::Crashed`]): the message is shown, the steady charts keep
//!   working, and the next input starts a fresh worker.
//!
//! gloo-worker exposes no error event, hence the start watchdog. No reply is dispatched
//! while the host is borrowed: a dispatch may render at once, and rendering sends.
//!
//! The same worker reads a person's own traffic (`crate::worker::import`): the page holds
//! one [`WorkerLink`] (made by `App`) that the run panel and the import panel share; import
//! replies go to the import panel's callback, run replies to the run panel. Import requests
//! sent before the worker has said it is ready are kept, so that if the page takes over
//! they are replayed there (the page reads the file in slices too).

use crate::model::scenario::Scenario;
use crate::model::sim::SimRun;
use crate::model::uncertainty::Uncertain;
use crate::worker::agent::EngineWorker;
use crate::worker::{self, from_bytes, to_bytes, Bytes, Reply, Request};
#[cfg(feature = "page-engine")]
use crate::worker::{Imports, Job, PAGE_SLICE_MS};
use gloo::timers::callback::Timeout;
use gloo_worker::{Spawnable, WorkerBridge};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use yew::prelude::*;

/// The worker's loader (www/scalelab-worker_loader.js), next to index.html; relative, so
/// the page works from any sub-path.
const LOADER: &str = "./scalelab-worker_loader.js";
/// How long the worker may take to start before the page runs the engine itself.
pub(crate) const START_TIMEOUT_MS: u32 = 8_000;
/// How long input must pause before a new run is sent.
const RUN_AFTER_QUIET_MS: u32 = 60;
/// A run that has taken longer than this shows its progress.
const SHOW_PROGRESS_AFTER_MS: f64 = 300.0;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Where the engine runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EngineMode {
    /// In the Web Worker (falls back to the page if the worker does not start).
    #[default]
    Worker,
    /// On the page's thread, in slices (tests that have no worker script).
    Page,
}

/// What the run panel shows. Whether the run shown answers the inputs on screen depends on
/// their id (`wanted`), which is known when they are rendered, before the request for their
/// run is made: hence the `*_for(wanted)` questions.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct RunState {
    /// The newest run requested, and when.
    latest: u64,
    requested_at_ms: f64,
    /// The run on the charts and the request it answers.
    pub run: Option<Rc<SimRun>>,
    run_id: u64,
    /// `run` is the whole run of request `run_id`.
    complete: bool,
    /// Steps done and total of the latest run, once it has taken long enough to show.
    progress: Option<(usize, usize)>,
    /// What went wrong with the engine or the scenario, in words, and the request it came
    /// with.
    problem: Option<String>,
    problem_for: u64,
    /// The engine runs on the page (the worker did not start), and why.
    pub fallback: Option<String>,
    /// The sampled futures of the run shown (`run_id`), as far as they have got.
    pub bands: Option<Rc<Uncertain>>,
}

impl RunState {
    /// The run shown is the whole run of the inputs `wanted`.
    pub fn complete_for(&self, wanted: u64) -> bool {
        self.run.is_some() && self.complete && self.run_id == wanted
    }

    /// The run shown was computed for other (earlier) inputs than `wanted`.
    pub fn stale_for(&self, wanted: u64) -> bool {
        self.run.is_some() && self.run_id != wanted
    }

    /// The run shown is part of the run of `wanted`, still computing.
    pub fn partial_for(&self, wanted: u64) -> bool {
        self.run.is_some() && self.run_id == wanted && !self.complete
    }

    /// What went wrong with the run of `wanted` (a problem with earlier inputs is not theirs:
    /// changing an input is how one tries again).
    pub fn problem_for(&self, wanted: u64) -> Option<&str> {
        self.problem.as_deref().filter(|_| self.problem_for == wanted)
    }

    /// How far the run of `wanted` has got, once it has taken long enough to show.
    pub fn progress_for(&self, wanted: u64) -> Option<(usize, usize)> {
        self.progress.filter(|_| self.latest == wanted)
    }

    /// Still computing the run of `wanted`.
    pub fn running_for(&self, wanted: u64) -> bool {
        !self.complete_for(wanted) && self.problem_for(wanted).is_none()
    }

    /// The sampled futures of the inputs `wanted`, once their run is complete.
    pub fn bands_for(&self, wanted: u64) -> Option<Rc<Uncertain>> {
        self.bands.clone().filter(|_| self.complete_for(wanted))
    }

    /// Which inputs the shown run answers (for tests and the benchmark).
    pub fn run_id(&self) -> u64 {
        self.run_id
    }
}

pub(crate) enum RunAction {
    Requested(u64, f64),
    Reply(Reply),
    Fallback(String),
    /// No engine can compute the latest request (no worker, none on the page), and why.
    #[cfg_attr(feature = "page-engine", allow(dead_code))]
    Unavailable(String),
}

impl Reducible for RunState {
    type Action = RunAction;

    fn reduce(self: Rc<Self>, action: RunAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            RunAction::Requested(id, at) => {
                next.latest = id;
                next.requested_at_ms = at;
                next.progress = None;
                next.problem = None;
            }
            RunAction::Fallback(why) => next.fallback = Some(why),
            RunAction::Unavailable(why) => {
                next.progress = None;
                next.problem = Some(why);
                next.problem_for = self.latest;
            }
            RunAction::Reply(reply) => {
                // Replies about an older request are dropped: newer input superseded it.
                if reply.run_id().is_some_and(|id| id != self.latest) {
                    return self;
                }
                let long = now_ms() - self.requested_at_ms >= SHOW_PROGRESS_AFTER_MS;
                let shown = |steps_done, total_steps| long.then_some((steps_done, total_steps));
                match reply {
                    Reply::Ready
                    | Reply::Csv { .. }
                    | Reply::ImportProgress { .. }
                    | Reply::Imported { .. }
                    | Reply::ImportShaped { .. }
                    | Reply::ImportRefused { .. } => return self,
                    Reply::Progress {
                        steps_done,
                        total_steps,
                        ..
                    } => {
                        let progress = shown(steps_done, total_steps);
                        if progress.is_none() && self.progress.is_none() {
                            return self;
                        }
                        next.progress = progress;
                    }
                    Reply::Partial {
                        run_id,
                        steps_done,
                        total_steps,
                        run,
                    } => {
                        next.progress = shown(steps_done, total_steps);
                        next.run = Some(Rc::new(run));
                        next.run_id = run_id;
                        next.complete = false;
                        next.bands = None;
                    }
                    Reply::Done { run_id, run } => {
                        next.progress = None;
                        next.run = Some(Rc::new(run));
                        next.run_id = run_id;
                        next.complete = true;
                        next.bands = None;
                    }
                    Reply::Bands { run_id, bands } => {
                        if run_id != self.run_id {
                            return self;
                        }
                        next.bands = Some(Rc::new(*bands));
                    }
                    Reply::Refused { message, .. } => {
                        next.progress = None;
                        next.problem =
                            Some(format!("This scenario cannot be simulated: {message}"));
                        next.problem_for = self.latest;
                    }
                    Reply::Crashed { message } => {
                        next.progress = None;
                        next.problem_for = self.latest;
                        next.problem = Some(format!(
                            "The simulation stopped with an internal error ({}). The steady-state charts above \
                             still work; change an input to try again.",
                            super::persist::clip(&message, 300)
                        ));
                    }
                }
            }
        }
        Rc::new(next)
    }
}

/// Where replies go: the run panel's reducer and the import panel's callback (each set
/// when that panel is rendered).
#[derive(Default)]
struct Sinks {
    runs: Option<UseReducerDispatcher<RunState>>,
    imports: Option<Callback<Reply>>,
}

type SharedSinks = Rc<RefCell<Sinks>>;

/// Hand a reply to its panel; a CSV becomes a download. A crash is told to both (an import
/// in progress stops too).
fn deliver(reply: Reply, sinks: &SharedSinks) {
    // After a panic the page has stopped: a reply would only re-render into the panic's
    // wreckage (see `CRASHED`).
    if super::CRASHED.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let (runs, imports) = {
        let s = sinks.borrow();
        (s.runs.clone(), s.imports.clone())
    };
    if reply.import_id().is_some() {
        if let Some(imports) = imports {
            imports.emit(reply);
        }
        return;
    }
    if let (Reply::Crashed { .. }, Some(imports)) = (&reply, &imports) {
        imports.emit(reply.clone());
    }
    if let Reply::Csv { csv, .. } = &reply {
        super::download::save_text("scalelab-run.csv", "text/csv", csv);
    }
    if let Some(runs) = runs {
        runs.dispatch(RunAction::Reply(reply));
    }
}

fn dispatch_run(sinks: &SharedSinks, action: RunAction) {
    let runs = sinks.borrow().runs.clone();
    if let Some(runs) = runs {
        runs.dispatch(action);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Liveness {
    Starting,
    Ready,
    Dead,
}

/// What the page's own thread is working on: a run, an import, and replies to hand over.
#[cfg(feature = "page-engine")]
#[derive(Default)]
struct PageWork {
    job: Option<Job>,
    imports: Imports,
    out: Vec<Reply>,
}

/// The engine on the page's own thread: one job and one import, a slice of each per
/// zero-delay timeout.
/// Without the `page-engine` feature (the built page) it has no engine: it answers why not.
#[derive(Default)]
struct PageRunner {
    #[cfg(feature = "page-engine")]
    work: Rc<RefCell<PageWork>>,
    #[cfg(feature = "page-engine")]
    scheduled: Rc<Cell<bool>>,
    sinks: SharedSinks,
}

impl PageRunner {
    /// No engine here: a run or an import is answered with why not, in a task of its own
    /// (the host is borrowed while it hands a request over, and a dispatch may render).
    #[cfg(not(feature = "page-engine"))]
    fn handle(&self, request: Request) {
        let (sinks, message) = (self.sinks.clone(), NO_WORKER.to_string());
        match request {
            Request::Run { .. } | Request::RunSeries { .. } | Request::Csv { .. } => {
                Timeout::new(0, move || dispatch_run(&sinks, RunAction::Unavailable(message))).forget();
            }
            Request::ImportStart { import_id, .. } => {
                Timeout::new(0, move || deliver(Reply::ImportRefused { import_id, message }, &sinks)).forget();
            }
            _ => {}
        }
    }

    #[cfg(feature = "page-engine")]
    fn handle(&self, request: Request) {
        {
            let mut work = self.work.borrow_mut();
            match work.imports.handle(request) {
                Ok(replies) => work.out.extend(replies),
                Err(run @ (Request::Run { .. } | Request::RunSeries { .. })) => match Job::for_request(run, now_ms()).expect("a run request") {
                    Ok(job) => {
                        work.out.push(job.progress());
                        work.job = Some(job);
                    }
                    Err(refused) => {
                        work.job = None;
                        work.out.push(refused);
                    }
                },
                Err(Request::Csv {
                    run_id,
                    scenario_json,
                }) => work.out.push(worker::csv(run_id, &scenario_json)),
                Err(_) => {}
            }
        }
        page_slice_later(self.work.clone(), self.scheduled.clone(), self.sinks.clone());
    }
}

#[cfg(feature = "page-engine")]
fn page_slice_later(work: Rc<RefCell<PageWork>>, scheduled: Rc<Cell<bool>>, sinks: SharedSinks) {
    if scheduled.replace(true) {
        return;
    }
    Timeout::new(0, move || {
        scheduled.set(false);
        let (replies, more) = {
            let mut w = work.borrow_mut();
            let mut out = std::mem::take(&mut w.out);
            if w.imports.has_work() {
                out.extend(w.imports.slice(&now_ms, PAGE_SLICE_MS));
            }
            if let Some(mut job) = w.job.take() {
                job.slice(&now_ms, PAGE_SLICE_MS);
                out.extend(job.replies(now_ms()));
                if !job.is_finished() {
                    w.job = Some(job);
                }
            }
            (out, w.job.is_some() || w.imports.has_work())
        };
        if more {
            page_slice_later(work.clone(), scheduled.clone(), sinks.clone());
        }
        for reply in replies {
            deliver(reply, &sinks);
        }
    })
    .forget();
}

fn is_import(request: &Request) -> bool {
    matches!(
        request,
        Request::ImportStart { .. } | Request::ImportChunk { .. } | Request::ImportEnd { .. } | Request::ImportShape { .. } | Request::ImportCancel { .. }
    )
}

/// The worker (or its stand-in) and the requests sent to it.
struct Host {
    mode: EngineMode,
    sinks: SharedSinks,
    bridge: Option<WorkerBridge<EngineWorker>>,
    alive: Rc<Cell<Liveness>>,
    /// The latest run request, replayed if the page has to take over.
    last_run: Option<Request>,
    /// The import requests (from the latest start) sent while the worker has not yet said
    /// it is ready, replayed if the page has to take over.
    import_log: Vec<Request>,
    page: PageRunner,
    me: Weak<RefCell<Host>>,
}

impl Host {
    fn new(mode: EngineMode, sinks: SharedSinks) -> Rc<RefCell<Host>> {
        Rc::new_cyclic(|me| {
            RefCell::new(Host {
                mode,
                page: PageRunner { sinks: sinks.clone(), ..PageRunner::default() },
                sinks,
                bridge: None,
                alive: Rc::new(Cell::new(Liveness::Dead)),
                last_run: None,
                import_log: Vec::new(),
                me: me.clone(),
            })
        })
    }

    fn send(&mut self, request: Request) {
        if matches!(request, Request::Run { .. } | Request::RunSeries { .. }) {
            self.last_run = Some(request.clone());
        }
        if self.mode == EngineMode::Worker && is_import(&request) {
            if matches!(request, Request::ImportStart { .. }) || self.alive.get() == Liveness::Ready {
                self.import_log.clear();
            }
            if self.alive.get() != Liveness::Ready {
                self.import_log.push(request.clone());
            }
        }
        if self.mode == EngineMode::Page {
            self.page.handle(request);
            return;
        }
        if self.bridge.is_none() || self.alive.get() == Liveness::Dead {
            self.spawn();
        }
        match (to_bytes(&request), &self.bridge) {
            (Ok(bytes), Some(bridge)) => bridge.send(Bytes(bytes)),
            (Err(e), _) => gloo::console::error!(e),
            _ => {}
        }
    }

    fn spawn(&mut self) {
        let alive = Rc::new(Cell::new(Liveness::Starting));
        self.alive = alive.clone();
        let sinks = self.sinks.clone();
        let on_reply = {
            let alive = alive.clone();
            move |bytes: Bytes| {
                let reply = from_bytes::<Reply>(&bytes.0)
                    .unwrap_or_else(|message| Reply::Crashed { message });
                match &reply {
                    Reply::Ready => alive.set(Liveness::Ready),
                    Reply::Crashed { .. } => alive.set(Liveness::Dead),
                    _ => {}
                }
                deliver(reply, &sinks);
            }
        };
        // Dropping the old bridge (if any) tells that worker to close.
        self.bridge = Some(
            EngineWorker::spawner()
                .callback(on_reply)
                .spawn_with_loader(LOADER),
        );
        let me = self.me.clone();
        Timeout::new(START_TIMEOUT_MS, move || {
            if alive.get() != Liveness::Starting {
                return;
            }
            let Some(host) = me.upgrade() else { return };
            let sinks = {
                let mut host = host.borrow_mut();
                host.take_over();
                host.sinks.clone()
            };
            #[cfg(feature = "page-engine")]
            dispatch_run(&sinks, RunAction::Fallback(format!(
                "The background simulation worker did not start within {} s, so runs are computed on this \
                 page instead (in small slices; the page may be a little slower while one runs).",
                START_TIMEOUT_MS / 1000
            )));
            #[cfg(not(feature = "page-engine"))]
            dispatch_run(&sinks, RunAction::Fallback(format!("The background simulation worker did not start within {} s.", START_TIMEOUT_MS / 1000)));
        })
        .forget();
    }

    /// The worker did not start: the latest run and the import in progress go to the page's
    /// runner. With an engine on the page it runs them, and everything after; without one it
    /// answers why not, and the next request tries a fresh worker.
    fn take_over(&mut self) {
        if cfg!(feature = "page-engine") {
            self.mode = EngineMode::Page;
        } else {
            self.alive.set(Liveness::Dead);
        }
        self.bridge = None;
        if let Some(request) = self.last_run.clone() {
            self.page.handle(request);
        }
        for request in std::mem::take(&mut self.import_log) {
            self.page.handle(request);
        }
    }
}

/// Why nothing is simulated when the worker does not start, in a build without the engine
/// on the page.
#[cfg(not(feature = "page-engine"))]
const NO_WORKER: &str = "The simulation runs in a background worker, which did not start: the run over time and file \
     imports need it. The steady-state charts above still work; change an input or reload the page to try again.";

/// The page's one connection to the simulation worker (or its stand-in on the page),
/// shared by the run panel and the import panel. Equal when it is the same connection.
#[derive(Clone)]
pub struct WorkerLink {
    host: Rc<RefCell<Host>>,
    sinks: SharedSinks,
}

impl PartialEq for WorkerLink {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.host, &other.host)
    }
}

impl WorkerLink {
    pub fn new(mode: EngineMode) -> WorkerLink {
        let sinks = SharedSinks::default();
        WorkerLink { host: Host::new(mode, sinks.clone()), sinks }
    }

    /// Send `request` to the worker (started if need be) or, in the fallback, to the page's
    /// own runner.
    pub fn send(&self, request: Request) {
        self.host.borrow_mut().send(request);
    }

    /// Where import replies (and a crash) go.
    pub fn on_import(&self, callback: Callback<Reply>) {
        self.sinks.borrow_mut().imports = Some(callback);
    }

    fn on_run(&self, dispatcher: UseReducerDispatcher<RunState>) {
        self.sinks.borrow_mut().runs = Some(dispatcher);
    }
}

/// The run of `scenario`, whose run id is `run_id` (a new id for each new scenario, given
/// when the scenario is rendered), recomputed off the page's thread whenever it changes, and
/// a callback that downloads the run as CSV.
#[hook]
pub(crate) fn use_engine(
    scenario: Rc<Scenario>,
    run_id: u64,
    mode: EngineMode,
    link: Option<WorkerLink>,
) -> (UseReducerHandle<RunState>, Callback<()>) {
    let state = use_reducer(RunState::default);
    let host = {
        let dispatcher = state.dispatcher();
        let link = use_memo((), move |_| link.unwrap_or_else(|| WorkerLink::new(mode)));
        link.on_run(dispatcher);
        link.host.clone()
    };
    // The run waits for input to pause this long (a drag's inputs come every 16 ms): a run
    // per intermediate slider value would only be superseded, after costing the page a
    // message and a reply each. The steady charts still follow every input.
    let pending = use_mut_ref(|| None::<Timeout>);
    let sent_any = use_mut_ref(|| false);
    {
        let (host, dispatcher, scenario) = (host.clone(), state.dispatcher(), scenario.clone());
        // The id changes exactly when the scenario does (the caller numbers each new one).
        use_effect_with(run_id, move |&run_id| {
            dispatcher.dispatch(RunAction::Requested(run_id, now_ms()));
            let first = !sent_any.replace(true);
            // The scenario is written out when the request is sent, not in the render that
            // shows it, so that inputs a newer one supersedes during the pause cost nothing
            // here; a traffic series crosses as numbers (`worker::run_request`).
            let send = move || {
                host.borrow_mut().send(worker::run_request(run_id, &scenario));
                if first && mode == EngineMode::Worker && super::persist::selftest("worker-panic") {
                    host.borrow_mut().send(Request::SelfTestPanic);
                }
            };
            // The first run starts at once; a newer input drops (cancels) a pending send.
            *pending.borrow_mut() = None;
            if first {
                send();
            } else {
                *pending.borrow_mut() = Some(Timeout::new(RUN_AFTER_QUIET_MS, send));
            }
        });
    }
    let on_csv = {
        let host = host.clone();
        use_callback(scenario, move |(), scenario| {
            let request = Request::Csv {
                run_id: 0,
                scenario_json: worker::scenario_json(scenario),
            };
            host.borrow_mut().send(request);
        })
    };
    (state, on_csv)
}
