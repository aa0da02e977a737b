//! "Load your traffic": a person's own trace (a CSV of request rates, or a CloudWatch
//! export) read in the simulation worker, shown as a chart with its summary and every
//! assumption the import made, scaled and windowed, then run.
//!
//! The page never holds the file: it reads it in 512 KB slices (`Blob::slice` and
//! `array_buffer`, each awaited in turn, at most [`MAX_AHEAD_BYTES`] ahead of what the worker
//! has read) and sends each to the worker (`crate::worker::import`), which parses it between
//! a run's slices and answers with progress, then the summary, notes and a preview of at
//! most 1,000 buckets. "Run this traffic" asks the worker for the trace scaled, windowed and
//! fitted to a scenario, and puts it in the scenario with one state action, checked like any
//! input. A file over the limit is refused before it is read; a malformed one gives one
//! message naming the line, column and value (or the JSON path); either way the scenario on
//! the page stays as it was.
//!
//! For tests: `#import-file` is the file input, `#trace-import` the panel (`data-state`:
//! `idle`, `reading`, `loaded`; `data-import-id`), `#import-summary [data-metric]` the
//! numbers (`data-value`), `#import-message` what went wrong.

use super::canvas_chart::{CanvasChart, ChartSpec};
use super::engine::WorkerLink;
use super::state::Action;
use crate::chart::trace::TraceChart;
use crate::format::{duration, percent, si};
use crate::model::import::{MAX_FILE_BYTES, MAX_WINDOW_S};
use crate::model::scenario::Scenario;
use crate::worker::{self, Bytes, ImportedView, Reply, Request, Scale};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The page reads the file this many bytes at a time (half a megabyte: a slice costs the page
/// a few copies of it, a millisecond or two).
const SLICE_BYTES: u64 = 512 << 10;
/// At most this many bytes sent and not yet read by the worker.
const MAX_AHEAD_BYTES: u64 = 4 << 20;
const MB: f64 = (1u64 << 20) as f64;

#[derive(Properties, PartialEq)]
pub struct TraceImportProps {
    pub link: WorkerLink,
    pub dispatch: Callback<Action>,
    /// The scenario on the page now: its item size and consistency give the units per
    /// request a CloudWatch export is converted with.
    pub scenario_now: Callback<(), Rc<Scenario>>,
}

/// How the person scales the trace.
#[derive(Clone, Copy, Debug, PartialEq)]
enum ScaleMode {
    Factor,
    Peak,
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Reading { name: String, total: u64, bytes_read: u64, rows: usize },
    Loaded(Rc<ImportedView>),
}

#[derive(Clone, Debug, PartialEq)]
enum Message {
    Problem(String),
    Info(String),
}

#[derive(Clone, Debug, PartialEq)]
struct ImportState {
    import_id: u64,
    phase: Phase,
    scale_mode: ScaleMode,
    /// The factor, or the peak in req/s.
    scale: f64,
    /// The window, seconds from the trace's start.
    window_start_s: f64,
    window_s: f64,
    /// Waiting for the worker to shape the trace.
    shaping: bool,
    /// The trace has been put in the scenario: the panel folds to one line, so the run
    /// below is in view.
    ran: bool,
    dragging: bool,
    message: Option<Message>,
}

impl Default for ImportState {
    fn default() -> Self {
        ImportState {
            import_id: 0,
            phase: Phase::Idle,
            scale_mode: ScaleMode::Factor,
            scale: 1.0,
            window_start_s: 0.0,
            window_s: 3_600.0,
            shaping: false,
            ran: false,
            dragging: false,
            message: None,
        }
    }
}

impl ImportState {
    fn view(&self) -> Option<&Rc<ImportedView>> {
        match &self.phase {
            Phase::Loaded(v) => Some(v),
            _ => None,
        }
    }

    /// The factor every rate is multiplied by (1 while the input is not a usable number).
    fn factor(&self) -> f64 {
        let f = match (self.scale_mode, self.view()) {
            (ScaleMode::Factor, _) => self.scale,
            (ScaleMode::Peak, Some(v)) if v.summary.peak_rps > 0.0 => self.scale / v.summary.peak_rps,
            _ => 1.0,
        };
        if f.is_finite() && f > 0.0 {
            f
        } else {
            1.0
        }
    }
}

enum ImportAction {
    Started { import_id: u64, name: String, total: u64 },
    Reply(Reply),
    /// Refused on the page (too big, unreadable), naming the file.
    Refused(String),
    Cancel,
    ScaleMode(ScaleMode),
    Scale(f64),
    WindowStart(f64),
    WindowLength(f64),
    Shaping,
    /// The trace (this summary of it) has gone into the scenario.
    Ran(Box<crate::model::import::TraceSummary>),
    /// Unfold the trace after it ran (to change its scale or window).
    Show,
    Dragging(bool),
}

const KEPT: &str = "The current scenario is kept.";

impl Reducible for ImportState {
    type Action = ImportAction;

    fn reduce(self: Rc<Self>, action: ImportAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ImportAction::Started { import_id, name, total } => {
                next = ImportState { import_id, phase: Phase::Reading { name, total, bytes_read: 0, rows: 0 }, ..ImportState::default() };
            }
            ImportAction::Refused(message) => {
                next.phase = Phase::Idle;
                next.shaping = false;
                next.message = Some(Message::Problem(message));
            }
            ImportAction::Cancel => {
                let was_reading = matches!(self.phase, Phase::Reading { .. });
                next = ImportState { import_id: self.import_id, ..ImportState::default() };
                if was_reading {
                    next.message = Some(Message::Info(format!("Reading cancelled. {KEPT}")));
                }
            }
            ImportAction::ScaleMode(mode) => {
                let peak = self.view().map_or(1.0, |v| v.summary.peak_rps);
                // Switching keeps the scaling as it is.
                next.scale = match mode {
                    ScaleMode::Factor => self.factor(),
                    ScaleMode::Peak => round4(peak * self.factor()),
                };
                next.scale_mode = mode;
            }
            ImportAction::Scale(v) => next.scale = v,
            ImportAction::WindowStart(s) => next.window_start_s = s,
            ImportAction::WindowLength(s) => next.window_s = s,
            ImportAction::Shaping => {
                next.shaping = true;
                next.message = None;
            }
            ImportAction::Ran(t) => {
                next.shaping = false;
                next.ran = true;
                next.message = Some(Message::Info(format!(
                    "In the run below: {} of it, one point every {}, peak {} req/s, mean {} req/s.",
                    duration(t.duration_s),
                    duration(t.resolution_s),
                    si(t.peak_rps),
                    si(t.mean_rps)
                )));
            }
            ImportAction::Show => next.ran = false,
            // (dragover repeats while a file is held over the page: no render for each.)
            ImportAction::Dragging(on) if on == self.dragging => return self,
            ImportAction::Dragging(on) => next.dragging = on,
            ImportAction::Reply(reply) => {
                if reply.import_id().is_some_and(|id| id != self.import_id) {
                    return self;
                }
                match reply {
                    Reply::ImportProgress { bytes_read: b, rows: r, .. } => match &mut next.phase {
                        Phase::Reading { bytes_read, rows, .. } => (*bytes_read, *rows) = (b, r),
                        _ => return self,
                    },
                    Reply::Imported { view, .. } => {
                        next.window_start_s = 0.0;
                        next.window_s = view.summary.duration_s.clamp(1.0, MAX_WINDOW_S);
                        next.scale_mode = ScaleMode::Factor;
                        next.scale = 1.0;
                        next.message = None;
                        next.phase = Phase::Loaded(Rc::new(*view));
                    }
                    // (Handled as `Ran` when it is the current import's.)
                    Reply::ImportShaped { .. } => return self,
                    Reply::ImportRefused { message, .. } => {
                        let name = match &self.phase {
                            Phase::Reading { name, .. } => name.clone(),
                            Phase::Loaded(v) => v.name.clone(),
                            Phase::Idle => "The file".into(),
                        };
                        if self.shaping {
                            next.shaping = false;
                            next.message = Some(Message::Problem(format!("This traffic was not run: {message}. {KEPT}")));
                        } else {
                            next.phase = Phase::Idle;
                            next.message = Some(Message::Problem(format!("{name} was not loaded: {message}. {KEPT}")));
                        }
                    }
                    Reply::Crashed { message } => {
                        if matches!(self.phase, Phase::Idle) {
                            return self;
                        }
                        next.phase = Phase::Idle;
                        next.shaping = false;
                        next.message = Some(Message::Problem(format!(
                            "The simulation worker stopped ({}): load the file again. {KEPT}",
                            super::persist::clip(&message, 200)
                        )));
                    }
                    _ => return self,
                }
            }
        }
        Rc::new(next)
    }
}

/// Four significant digits.
fn round4(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return v;
    }
    let digits = 10f64.powi(3 - v.log10().floor() as i32);
    (v * digits).round() / digits
}

/// What the reading task and the reply callback share.
#[derive(Default)]
struct Session {
    /// The import in progress (a newer one, or a cancel, stops the reading of this one).
    import_id: u64,
    /// Bytes the worker has read of it.
    acked: u64,
    stopped: bool,
    name: String,
}

/// The time unit the window is given in, as on the chart: (seconds per unit, name).
fn unit_for(span_s: f64) -> (f64, &'static str) {
    if span_s <= 3.0 * 3_600.0 {
        (60.0, "min")
    } else if span_s <= 4.0 * 86_400.0 {
        (3_600.0, "h")
    } else {
        (86_400.0, "days")
    }
}

/// Read `file` in slices and send them to the worker as import `import_id`.
async fn read_file(
    file: web_sys::File,
    import_id: u64,
    link: WorkerLink,
    session: Rc<RefCell<Session>>,
    state: UseReducerDispatcher<ImportState>,
    scenario_now: Callback<(), Rc<Scenario>>,
) {
    let total = file.size() as u64;
    let live = |session: &Rc<RefCell<Session>>| {
        let s = session.borrow();
        s.import_id == import_id && !s.stopped
    };
    link.send(Request::ImportStart { import_id, name: file.name(), total_bytes: total });
    let mut offset = 0u64;
    while offset < total {
        // Never far ahead of the worker: the file is not held twice, and Cancel is prompt.
        loop {
            if !live(&session) {
                return;
            }
            if offset.saturating_sub(session.borrow().acked) <= MAX_AHEAD_BYTES {
                break;
            }
            yew::platform::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let end = (offset + SLICE_BYTES).min(total);
        let read = match file.slice_with_f64_and_f64(offset as f64, end as f64) {
            Ok(blob) => wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await.ok(),
            Err(_) => None,
        };
        if !live(&session) {
            return;
        }
        let Some(buffer) = read else {
            link.send(Request::ImportCancel { import_id });
            state.dispatch(ImportAction::Refused(format!(
                "{} could not be read at byte {offset} (was it moved or changed?). {KEPT}",
                file.name()
            )));
            return;
        };
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        link.send(Request::ImportChunk { import_id, bytes: Bytes(bytes) });
        offset = end;
    }
    let scenario_json = worker::scenario_json(&scenario_now.emit(()));
    link.send(Request::ImportEnd { import_id, scenario_json });
}

fn number_of(e: &Event) -> f64 {
    e.target_unchecked_into::<HtmlInputElement>().value_as_number()
}

#[function_component]
pub fn TraceImport(p: &TraceImportProps) -> Html {
    let state = use_reducer(ImportState::default);
    let session = use_mut_ref(Session::default);
    // Import replies (and a crash) come here: progress lets the reading go on; a shaped
    // trace goes into the scenario.
    {
        let (session, state, dispatch) = (session.clone(), state.dispatcher(), p.dispatch.clone());
        let link = p.link.clone();
        use_effect_with((), move |_| {
            link.on_import(Callback::from(move |reply: Reply| {
                let current = session.borrow().import_id;
                let reply = match reply {
                    // The trace goes into the scenario in a task of its own: the page's render of
                    // it (with up to 100,000 points) does not add to decoding this reply.
                    Reply::ImportShaped { import_id, shaped } if import_id == current => {
                        let summary = Box::new(shaped.summary.clone());
                        let (dispatch, name) = (dispatch.clone(), session.borrow().name.clone());
                        gloo::timers::callback::Timeout::new(0, move || dispatch.emit(Action::ImportTraffic(shaped, name))).forget();
                        state.dispatch(ImportAction::Ran(summary));
                        return;
                    }
                    other => other,
                };
                if reply.import_id() == Some(current) {
                    match &reply {
                        Reply::ImportProgress { bytes_read, .. } => session.borrow_mut().acked = *bytes_read,
                        Reply::ImportRefused { .. } => session.borrow_mut().stopped = true,
                        _ => {}
                    }
                }
                if matches!(reply, Reply::Crashed { .. }) {
                    session.borrow_mut().stopped = true;
                }
                state.dispatch(ImportAction::Reply(reply));
            }));
        });
    }
    // Start reading a file (chosen or dropped): a newer file supersedes one being read.
    let start = {
        let (session, state, link, scenario_now) = (session.clone(), state.dispatcher(), p.link.clone(), p.scenario_now.clone());
        use_callback((), move |file: web_sys::File, _| {
            let name = super::persist::clip(&file.name(), 120);
            let total = file.size() as u64;
            let import_id = {
                let mut s = session.borrow_mut();
                let id = s.import_id + 1;
                *s = Session { import_id: id, acked: 0, stopped: false, name: name.clone() };
                id
            };
            if total > MAX_FILE_BYTES {
                session.borrow_mut().stopped = true;
                state.dispatch(ImportAction::Started { import_id, name: name.clone(), total });
                state.dispatch(ImportAction::Refused(format!(
                    "{name} was not loaded: the file is {:.1} MB, more than the {} MB an import reads: export a shorter range or a longer period. {KEPT}",
                    total as f64 / MB,
                    MAX_FILE_BYTES >> 20
                )));
                return;
            }
            state.dispatch(ImportAction::Started { import_id, name, total });
            yew::platform::spawn_local(read_file(file, import_id, link.clone(), session.clone(), state.clone(), scenario_now.clone()));
        })
    };
    let input_ref = use_node_ref();
    let on_choose = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_file = {
        let start = start.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let file = input.files().and_then(|f| f.get(0));
            // The same file can be chosen again.
            input.set_value("");
            if let Some(file) = file {
                start.emit(file);
            }
        })
    };
    // A file dropped anywhere on the page.
    {
        let (start, state) = (start.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            use gloo::events::{EventListener, EventListenerOptions};
            let window = gloo::utils::window();
            let has_files = |e: &web_sys::DragEvent| {
                e.data_transfer().is_some_and(|d| d.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
            };
            let options = EventListenerOptions::enable_prevent_default();
            let over = {
                let state = state.clone();
                EventListener::new_with_options(&window, "dragover", options, move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::DragEvent>() else { return };
                    if has_files(e) {
                        e.prevent_default();
                        if let Some(d) = e.data_transfer() {
                            d.set_drop_effect("copy");
                        }
                        state.dispatch(ImportAction::Dragging(true));
                    }
                })
            };
            let leave = {
                let state = state.clone();
                EventListener::new(&window, "dragleave", move |e| {
                    // Leaving the window (not moving between elements).
                    if e.dyn_ref::<web_sys::DragEvent>().is_some_and(|d| d.related_target().is_none()) {
                        state.dispatch(ImportAction::Dragging(false));
                    }
                })
            };
            let dropped = EventListener::new_with_options(&window, "drop", options, move |e| {
                let Some(e) = e.dyn_ref::<web_sys::DragEvent>() else { return };
                if !has_files(e) {
                    return;
                }
                e.prevent_default();
                state.dispatch(ImportAction::Dragging(false));
                if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                    start.emit(file);
                }
            });
            move || drop_all(over, leave, dropped)
        });
    }
    let on_cancel = {
        let (session, state, link) = (session.clone(), state.clone(), p.link.clone());
        Callback::from(move |_: MouseEvent| {
            let id = {
                let mut s = session.borrow_mut();
                s.stopped = true;
                s.import_id
            };
            link.send(Request::ImportCancel { import_id: id });
            state.dispatch(ImportAction::Cancel);
        })
    };
    let on_run = {
        let (state, link) = (state.clone(), p.link.clone());
        Callback::from(move |_: MouseEvent| {
            let scale = match state.scale_mode {
                ScaleMode::Factor => Scale::Factor(state.scale),
                ScaleMode::Peak => Scale::Peak(state.scale),
            };
            state.dispatch(ImportAction::Shaping);
            link.send(Request::ImportShape { import_id: state.import_id, scale, window_start_s: state.window_start_s, window_s: state.window_s });
        })
    };
    let on_scale_mode = {
        let state = state.dispatcher();
        Callback::from(move |e: Event| {
            let mode = if e.target_unchecked_into::<HtmlSelectElement>().value() == "peak" { ScaleMode::Peak } else { ScaleMode::Factor };
            state.dispatch(ImportAction::ScaleMode(mode));
        })
    };
    let on_scale = {
        let state = state.dispatcher();
        Callback::from(move |e: Event| state.dispatch(ImportAction::Scale(number_of(&e))))
    };
    let chart = use_memo(
        (state.view().cloned().map(|v| Rc::as_ptr(&v) as usize), state.factor().to_bits(), state.window_start_s.to_bits(), state.window_s.to_bits()),
        {
            let (view, factor, from, length) = (state.view().cloned(), state.factor(), state.window_start_s, state.window_s);
            move |_| {
                view.map(|v| {
                    let start = v.start_s;
                    Rc::new(TraceChart {
                        preview: v.preview.clone(),
                        factor,
                        window: (length.is_finite() && from.is_finite()).then_some((start + from, start + from + length)),
                        mean_rps: v.summary.mean_rps,
                        peak_rps: v.summary.peak_rps,
                        peak_at_s: v.summary.peak_at_s,
                        start_utc: v.summary.start_utc.clone(),
                    })
                })
            }
        },
    );

    let phase = match state.phase {
        Phase::Idle => "idle",
        Phase::Reading { .. } => "reading",
        Phase::Loaded(_) => "loaded",
    };
    html! {
        <section class={classes!("trace-import", state.dragging.then_some("drop-active"))} id="trace-import" aria-label="Your own traffic"
            data-state={phase} data-import-id={state.import_id.to_string()}>
            <div class="import-row">
                <button type="button" id="import-traffic" onclick={on_choose}
                    aria-describedby="import-hint">{ "Load your traffic (CSV or CloudWatch)…" }</button>
                <input type="file" id="import-file" ref={input_ref} hidden=true accept=".csv,.json,.txt,text/csv,application/json" onchange={on_file} />
                <span class="import-hint" id="import-hint">
                    { "or drop a file on the page: a CSV of " }<code>{ "t_s,requests_per_s" }</code>
                    { " (or reads and writes; seconds or ISO 8601 times), or a CloudWatch export (get-metric-data JSON or the console's CSV), up to 64 MB." }
                </span>
            </div>
            if state.dragging {
                <p class="drop-zone" aria-hidden="true">{ "Drop the file to load it as your traffic" }</p>
            }
            if let Phase::Reading { name, total, bytes_read, rows } = &state.phase {
                <div class="import-progress" role="status">
                    <progress id="import-progress" max={(*total).max(1).to_string()} value={bytes_read.to_string()} aria-label="Reading the file"></progress>
                    <span id="import-progress-text">{ format!(
                        "Reading {name}: {} of {} MB, {} rows",
                        format_mb(*bytes_read), format_mb(*total), si(*rows as f64)
                    ) }</span>
                    <button type="button" id="import-cancel" onclick={on_cancel.clone()}>{ "Cancel" }</button>
                </div>
            }
            if let (true, Some(view)) = (state.ran, state.view()) {
                <div class="import-ran" id="import-ran" role="status">
                    <p><strong>{ format!("Your traffic: {}", view.name) }</strong>{ " — " }
                        { match &state.message { Some(Message::Info(text)) => text.clone(), _ => view.description.clone() } }</p>
                    <button type="button" id="import-show" onclick={{
                        let state = state.dispatcher();
                        Callback::from(move |_: MouseEvent| state.dispatch(ImportAction::Show))
                    }}>{ "Show the trace (scale, window)" }</button>
                    <button type="button" id="import-close" onclick={on_cancel.clone()}>{ "Close" }</button>
                </div>
            } else if let Some(message) = &state.message {
                { match message {
                    Message::Problem(text) => html! { <p class="import-message problem" id="import-message" role="alert">{ super::persist::clip(text, 700) }</p> },
                    Message::Info(text) => html! { <p class="import-message" id="import-message" role="status">{ text.clone() }</p> },
                } }
            }
            if let (false, Some(view), Some(chart)) = (state.ran, state.view(), (*chart).clone()) {
                { loaded(&state, view, chart, on_run, on_cancel, on_scale_mode, on_scale) }
            }
        </section>
    }
}

fn drop_all(a: gloo::events::EventListener, b: gloo::events::EventListener, c: gloo::events::EventListener) {
    drop((a, b, c));
}

fn format_mb(bytes: u64) -> String {
    let mb = bytes as f64 / MB;
    if mb < 10.0 {
        format!("{mb:.1}")
    } else {
        format!("{mb:.0}")
    }
}

/// The trace read: chart, summary, notes, scale, window, and Run.
fn loaded(
    state: &UseReducerHandle<ImportState>,
    view: &ImportedView,
    chart: Rc<TraceChart>,
    on_run: Callback<MouseEvent>,
    on_close: Callback<MouseEvent>,
    on_scale_mode: Callback<Event>,
    on_scale: Callback<Event>,
) -> Html {
    let s = &view.summary;
    let factor = state.factor();
    let (unit_s, unit) = unit_for(s.duration_s);
    let window_in = |dispatch: fn(f64) -> ImportAction| {
        let state = state.dispatcher();
        Callback::from(move |e: Event| {
            let v = number_of(&e);
            if v.is_finite() {
                state.dispatch(dispatch(v * unit_s));
            }
        })
    };
    let on_start = window_in(ImportAction::WindowStart);
    let on_length = window_in(ImportAction::WindowLength);
    let utc = s.start_utc.is_some();
    let row = |metric: &'static str, label: String, value: Option<f64>, text: String| {
        html! {
            <div class="metric" data-metric={metric} data-value={value.map(|v| v.to_string())}>
                <dt>{ label }</dt><dd>{ text }</dd>
            </div>
        }
    };
    let window_note = if s.duration_s > MAX_WINDOW_S {
        format!("The trace lasts {}: a run simulates at most 30 days.", duration(s.duration_s))
    } else {
        format!("The whole trace is {}.", duration(s.duration_s))
    };
    html! {
        <div class="import-loaded">
            <h2 id="import-title">{ format!("Your traffic: {}", view.name) }</h2>
            <p class="import-description" id="import-description">{ view.description.clone() }</p>
            <div class="import-grid">
                <CanvasChart id="chart-trace" spec={ChartSpec::Trace(chart)}
                    description={format!("Your traffic over time: the request rate per bucket (lowest to highest, and mean), the mean, the peak and the window to simulate. {}", view.description)} />
                <div class="import-side">
                    <dl class="import-summary" id="import-summary">
                        { row("format", "Format".into(), None, s.format.label().to_string()) }
                        { row("duration-s", "Length".into(), Some(s.duration_s), match &s.start_utc {
                            Some(u) => format!("{} from {u}", duration(s.duration_s)),
                            None => duration(s.duration_s),
                        }) }
                        { row("resolution-s", "Resolution".into(), Some(s.resolution_s), format!("one point every {}", duration(s.resolution_s))) }
                        { row("points", "Points".into(), Some(s.points as f64), si(s.points as f64)) }
                        { row("peak-rps", "Peak".into(), Some(s.peak_rps), format!("{} req/s at {}{}", si(s.peak_rps), view.peak_clock, if utc { " UTC" } else { "" })) }
                        { row("mean-rps", "Mean".into(), Some(s.mean_rps), format!("{} req/s", si(s.mean_rps))) }
                        if let Some(r) = s.read_share {
                            { row("read-share", "Reads".into(), Some(r), percent(r)) }
                        }
                        if !s.recorded_metrics.is_empty() {
                            { row("recorded", "Recorded by CloudWatch".into(), Some(s.recorded_metrics.len() as f64),
                                s.recorded_metrics.iter().map(|m| m.name()).collect::<Vec<_>>().join(", ")) }
                        }
                        if factor != 1.0 {
                            { row("scaled-peak-rps", format!("Scaled ×{}", si(factor)), Some(s.peak_rps * factor),
                                format!("peak {} req/s, mean {} req/s", si(s.peak_rps * factor), si(s.mean_rps * factor))) }
                        }
                    </dl>
                    <fieldset class="import-shape">
                        <legend>{ "Scale and window" }</legend>
                        <div class="field wide">
                            <label for="import-scale">{ "Scale" }</label>
                            <div class="import-inline">
                                <select id="import-scale-mode" onchange={on_scale_mode} aria-label="How to scale the trace">
                                    <option value="factor" selected={state.scale_mode == ScaleMode::Factor}>{ "× factor" }</option>
                                    <option value="peak" selected={state.scale_mode == ScaleMode::Peak}>{ "peak = N req/s" }</option>
                                </select>
                                <input type="number" id="import-scale" step="any" min="0" value={state.scale.to_string()} onchange={on_scale}
                                    aria-label={if state.scale_mode == ScaleMode::Factor { "Scale factor" } else { "Peak, requests per second" }} />
                            </div>
                        </div>
                        <div class="field">
                            <label for="import-window-start">{ format!("Window start ({unit} from the start)") }</label>
                            <input type="number" id="import-window-start" step="any" min="0" value={round4(state.window_start_s / unit_s).to_string()} onchange={on_start} />
                        </div>
                        <div class="field">
                            <label for="import-window-length">{ format!("Window length ({unit}, up to 30 days)") }</label>
                            <input type="number" id="import-window-length" step="any" min="0" value={round4(state.window_s / unit_s).to_string()} onchange={on_length} />
                        </div>
                        <p class="control-hint">{ window_note }</p>
                    </fieldset>
                    <div class="import-actions">
                        <button type="button" id="import-run" class="primary" onclick={on_run} disabled={state.shaping}>
                            { if state.shaping { "Preparing the run…" } else { "Run this traffic" } }
                        </button>
                        <button type="button" id="import-close" onclick={on_close}>{ "Close" }</button>
                    </div>
                </div>
            </div>
            <details class="import-notes" open=true>
                <summary>{ format!("What the import assumed ({} notes)", view.notes.len()) }</summary>
                <ul id="import-notes">
                    { for view.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                </ul>
            </details>
        </div>
    }
}
