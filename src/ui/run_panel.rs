//! The scenario played over simulated time: the run's summary for each database, five
//! charts against time and the partition heat map. The run is computed off the page's
//! thread ([`super::engine`]): every input starts a new run at once (superseding the one in
//! progress), the charts fill in while a long run computes, and a run that takes longer
//! than about 300 ms shows its progress. From the render that shows new inputs until their
//! own run arrives, the old run is stale: labelled as the previous inputs' and dimmed, its
//! summaries `data-complete="false"`, the status "recomputing", never shown as if it answered
//! the new inputs.
//!
//! For tests (and the benchmark), the figures say which inputs they belong to:
//! - `#run-status`: `data-wanted-run-id` (the id of the inputs on screen, as this panel was
//!   last rendered), `data-shown-run-id` (the run shown), `data-state` (`running`, `done`:
//!   the shown run is the whole run of the inputs on screen, `failed`);
//! - `.run-summaries`, `.charts-time`, `.heat`: `data-run-id` (the run they show), and the
//!   summaries `data-complete` (the whole run of the inputs on screen);
//! - the page's `<main data-input-id>` (rendered by `App` with the inputs themselves, so it
//!   is new even while this panel waits for its turn to render) is the authority on which
//!   inputs are on screen.

use super::canvas_chart::{CanvasChart, ChartSpec, RunChart};
use super::engine::{use_engine, EngineMode, RunState};
use super::keys;
use crate::format::{ms, percent, si, usd};
use crate::model::commitments::{ReservedCapacity, ReservedInstances};
use crate::model::database::Database;
use crate::model::scenario::Scenario;
use crate::model::sim::{events, SimRun, Summary};
use gloo::timers::callback::Interval;
use std::rc::Rc;
use yew::prelude::*;

/// Play sweeps the cursor over the whole run in about ten seconds.
const PLAY_TICK_MS: u32 = 40;
const PLAY_STEP: f64 = 1.0 / 250.0;

/// Where the time cursor is (fraction of the run), and whether it is playing.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
struct Cursor {
    at: Option<f64>,
    playing: bool,
    /// The event ←/→ last jumped to (several can share one moment), until the cursor moves.
    event: Option<usize>,
}

enum CursorAction {
    Hover(f64),
    Play,
    Pause,
    Toggle,
    Tick,
    /// Jump to the next (or previous) of these moments (fractions of the run, in order),
    /// pausing Play so the caption stays up to be read.
    Next(Rc<[f64]>),
    Previous(Rc<[f64]>),
}

impl Reducible for Cursor {
    type Action = CursorAction;
    fn reduce(self: Rc<Self>, action: CursorAction) -> Rc<Self> {
        let next = match action {
            CursorAction::Hover(f) => Cursor { at: Some(f), playing: false, event: None },
            // Play from the start, or from where it was paused.
            CursorAction::Play => Cursor { at: Some(self.at.filter(|&a| a < 1.0).unwrap_or(0.0)), playing: true, event: None },
            CursorAction::Pause => Cursor { playing: false, ..*self },
            CursorAction::Toggle if self.playing => Cursor { playing: false, ..*self },
            CursorAction::Toggle => return self.reduce(CursorAction::Play),
            CursorAction::Next(at) => {
                let now = self.at.unwrap_or(-1.0);
                let i = self.event.map_or_else(|| at.partition_point(|&f| f <= now + 1e-9), |i| i + 1);
                match at.get(i) {
                    Some(&f) => Cursor { at: Some(f), playing: false, event: Some(i) },
                    None => Cursor { playing: false, ..*self },
                }
            }
            CursorAction::Previous(at) => {
                let now = self.at.unwrap_or(2.0);
                let i = match self.event {
                    Some(i) => i.checked_sub(1),
                    None => at.partition_point(|&f| f < now - 1e-9).checked_sub(1),
                };
                match i.and_then(|i| at.get(i).map(|&f| (i, f))) {
                    Some((i, f)) => Cursor { at: Some(f), playing: false, event: Some(i) },
                    None => Cursor { playing: false, ..*self },
                }
            }
            CursorAction::Tick if self.playing => {
                let at = self.at.unwrap_or(0.0) + PLAY_STEP;
                Cursor { at: Some(at.min(1.0)), playing: at < 1.0, event: None }
            }
            CursorAction::Tick => *self,
        };
        Rc::new(next)
    }
}

#[derive(Properties, PartialEq)]
pub struct RunPanelProps {
    pub scenario: Rc<Scenario>,
    /// The id of `scenario`'s run: a new one for each new scenario, given when the owner
    /// renders it (not when the run is sent), so the run on screen can be told from the run
    /// the inputs on screen need.
    pub run_id: u64,
    /// Charts only (embed mode).
    #[prop_or_default]
    pub compact: bool,
    #[prop_or_default]
    pub mode: EngineMode,
    /// The page's connection to the simulation worker, shared with the import panel (one is
    /// made here when none is given).
    #[prop_or_default]
    pub link: Option<super::engine::WorkerLink>,
    /// Told the whole run once it has arrived for the current inputs (with their id), and
    /// `None` when a new run starts (the page's verdict weighs the run).
    #[prop_or_default]
    pub on_run: Callback<(u64, Option<Rc<SimRun>>)>,
    /// Told the run's sampled futures as they fill in (with the run's id), and `None` when
    /// a new run starts (the steady cost chart bands them).
    #[prop_or_default]
    pub on_bands: Callback<(u64, Option<Rc<crate::model::uncertainty::Uncertain>>)>,
}

#[function_component]
pub fn RunPanel(props: &RunPanelProps) -> Html {
    let wanted = props.run_id;
    let (engine, on_csv) = use_engine(props.scenario.clone(), wanted, props.mode, props.link.clone());
    let cursor = use_reducer(Cursor::default);
    {
        let cursor = cursor.clone();
        use_effect_with(cursor.playing, move |&playing| {
            let ticker = playing.then(|| Interval::new(PLAY_TICK_MS, move || cursor.dispatch(CursorAction::Tick)));
            move || drop(ticker)
        });
    }
    {
        let whole = engine.complete_for(wanted).then(|| engine.run.clone()).flatten();
        let on_run = props.on_run.clone();
        use_effect_with((wanted, whole.is_some()), move |&(wanted, _)| on_run.emit((wanted, whole)));
    }
    // The sampled futures of these inputs, as far as they have got.
    let bands = engine.bands_for(wanted);
    {
        let bands = bands.clone();
        let on_bands = props.on_bands.clone();
        let key = (wanted, bands.as_ref().map(|b| b.samples_done));
        use_effect_with(key, move |&(wanted, _)| on_bands.emit((wanted, bands)));
    }
    // The run's events as fractions of the run, for ←/→ (kept current for the key handler,
    // which is installed once).
    let events_key = (engine.run_id(), engine.run.as_ref().map_or(0, |r| r.events.len()));
    let event_at = use_memo(events_key, {
        let run = engine.run.clone();
        move |_| -> Rc<[f64]> {
            run.map_or_else(|| Rc::from([]), |r| r.events.iter().map(|e| e.t_s / r.duration_s.max(1.0)).collect())
        }
    });
    let latest_events = use_mut_ref(|| Rc::<[f64]>::from([]));
    *latest_events.borrow_mut() = (*event_at).clone();
    {
        let cursor = cursor.dispatcher();
        use_effect_with((), move |_| {
            let listener = keys::listen(move |key| {
                let events = latest_events.borrow().clone();
                match key {
                    keys::Key::PlayPause => cursor.dispatch(CursorAction::Toggle),
                    keys::Key::Next => cursor.dispatch(CursorAction::Next(events)),
                    keys::Key::Previous => cursor.dispatch(CursorAction::Previous(events)),
                }
            });
            move || drop(listener)
        });
    }
    // Stable callbacks, so the charts are not re-rendered by a new closure every time.
    let on_hover = {
        let cursor = cursor.dispatcher();
        use_callback((), move |f: f64, _| cursor.dispatch(CursorAction::Hover(f)))
    };
    let on_play = {
        let cursor = cursor.clone();
        Callback::from(move |_: MouseEvent| cursor.dispatch(if cursor.playing { CursorAction::Pause } else { CursorAction::Play }))
    };
    let on_csv_click = Callback::from(move |_: MouseEvent| on_csv.emit(()));
    let sim = &props.scenario.simulation;
    let (duration_h, step_s) = (sim.duration_s / 3600.0, sim.step());
    let at = cursor.at;
    let span = |right_axis: bool| Some(crate::chart::timeline::plot_span_px(720.0, right_axis));
    let spec = |make: fn(Rc<SimRun>) -> ChartSpec| engine.run.clone().map_or(ChartSpec::Blank, make);
    // What the person's CloudWatch export recorded, drawn over the simulated capacity and
    // throttles (one Rc per scenario, so an unchanged chart is not redrawn).
    let recorded = (*use_memo(props.scenario.recorded.clone(), |r| r.clone().map(Rc::new))).clone();
    let recorded_spec = |chart: RunChart| engine.run.clone().map_or(ChartSpec::Blank, |run| ChartSpec::Recorded(chart, run, recorded.clone()));
    let throttles_shown = recorded.as_ref().is_some_and(|r| r.series.iter().any(|s| s.metric.is_throttle()))
        || engine.run.as_ref().is_some_and(|r| r.dynamodb_summary.rejected_attempts > 0.0);
    // Decided here, in the render that shows new inputs, not when their run is requested.
    let old = engine.stale_for(wanted);
    let partial = engine.partial_for(wanted);
    let running = engine.running_for(wanted);
    let state = if engine.problem_for(wanted).is_some() {
        "failed"
    } else if running {
        "running"
    } else {
        "done"
    };
    let shown_id = engine.run.is_some().then(|| engine.run_id().to_string());
    html! {
        <section class={classes!("run", old.then_some("stale"), partial.then_some("partial"))} aria-labelledby="run-title"
            aria-busy={running.to_string()}>
            <h2 id="run-title">{ format!("Over time: {} h simulated in {} s steps", si(duration_h), si(step_s)) }</h2>
            { status(&engine, wanted, state, duration_h, sim.steps()) }
            if !props.compact {
                <div class="run-summaries" data-complete={engine.complete_for(wanted).to_string()} data-run-id={shown_id.clone()}>
                    <RunSummary db={Database::Dynamodb} run={engine.run.clone()} {partial} {old} />
                    <RunSummary db={Database::Aurora} run={engine.run.clone()} {partial} {old} />
                    if props.scenario.has(Database::Dsql) {
                        <RunSummary db={Database::Dsql} run={engine.run.clone()} {partial} {old} />
                    }
                </div>
            }
            if !props.compact {
                <super::recorded::RecordedVsSimulated scenario={props.scenario.clone()} run_id={wanted}
                    run={engine.complete_for(wanted).then(|| engine.run.clone()).flatten()} />
            }
            <div class="play-row">
                <button type="button" id="play" onclick={on_play} aria-pressed={cursor.playing.to_string()} disabled={engine.run.is_none()}>
                    { if cursor.playing { "‖ Pause" } else { "▶ Play" } }
                </button>
                { engine.run.as_ref().map_or_else(readout_hint, |r| readout(r, at)) }
                if !props.compact {
                    <button type="button" id="save-csv" onclick={on_csv_click} title="Every simulated step of both databases, as the CLI writes it">{ "Results (CSV)" }</button>
                }
            </div>
            // issue 11: the sequence diagram follows the cursor (faults branch)
            <super::sequence::SequenceDiagram scenario={props.scenario.clone()} t_s={at.map(|f| f * sim.duration_s)} />
            <div class="charts charts-time" data-run-id={shown_id.clone()}>
                <CanvasChart id="chart-failing" spec={spec(ChartSpec::Failing)}
                    plot_span_px={span(true)} cursor={at} on_hover={on_hover.clone()} defer=true
                    description="DynamoDB's lost requests over time, stacked by throttling reason, with offered traffic" />
                <CanvasChart id="chart-aurora-losses" spec={spec(ChartSpec::AuroraLosses)}
                    plot_span_px={span(true)} cursor={at} on_hover={on_hover.clone()} defer=true
                    description="Aurora's lost requests over time, stacked by cause, with offered traffic" />
                if props.scenario.has(Database::Dsql) {
                    <CanvasChart id="chart-dsql-losses" spec={spec(ChartSpec::DsqlLosses)}
                        plot_span_px={span(true)} cursor={at} on_hover={on_hover.clone()} defer=true
                        description="Aurora DSQL's lost requests over time, stacked by cause, with offered traffic" />
                }
                <CanvasChart id="chart-latency-time" spec={spec(ChartSpec::LatencyOverTime)}
                    plot_span_px={span(false)} cursor={at} on_hover={on_hover.clone()} defer=true
                    description="p50 and p99 latency of both databases over time" />
                <CanvasChart id="chart-ddb-capacity" spec={recorded_spec(RunChart::DynamoCapacity)}
                    plot_span_px={span(false)} cursor={at} on_hover={on_hover.clone()} defer=true
                    description="DynamoDB read and write capacity in force and consumed over time, with what CloudWatch recorded when a recording is loaded" />
                <CanvasChart id="chart-aurora-capacity" spec={recorded_spec(RunChart::AuroraCapacity)}
                    plot_span_px={span(false)} cursor={at} on_hover={on_hover.clone()} defer=true
                    description="Aurora writer ACU in force and needed, and reader ACU, over time, with the recorded ACU when a recording is loaded" />
                if throttles_shown {
                    <CanvasChart id="chart-throttle-events" spec={recorded_spec(RunChart::ThrottleEvents)}
                        plot_span_px={span(false)} cursor={at} on_hover={on_hover.clone()} defer=true
                        description="DynamoDB throttle events per minute, simulated and, when a recording is loaded, recorded" />
                }
                <CanvasChart id="chart-cumulative-cost" spec={engine.run.clone().map_or(ChartSpec::Blank, |r| ChartSpec::CumulativeCost(r, bands.clone()))}
                    plot_span_px={span(false)} cursor={at} on_hover={on_hover.clone()} defer=true
                    description="Cumulative cost of each database over the run" />
                <CanvasChart id="chart-failed-so-far" spec={engine.run.clone().map_or(ChartSpec::Blank, |r| ChartSpec::FailedSoFar(r, bands.clone()))}
                    plot_span_px={span(false)} cursor={at} on_hover={on_hover.clone()} defer=true
                    description="The share of each database's requests that failed so far over the run" />
                <CanvasChart id="chart-bill" spec={spec(ChartSpec::Bill)} defer=true
                    description="Each database's monthly bill as stacked bars: throughput and compute, I/O and API requests, storage, backups and data transfer" />
                <CanvasChart id="chart-commitment" spec={spec(ChartSpec::Commitment)} defer=true
                    description="Each database's spend per hour that a Database Savings Plan can cover, with the best commitment's covered spend as a dashed line" />
            </div>
            { engine.run.as_ref().map_or_else(Html::default, |r| caption(r, at, cursor.event, cursor.playing)) }
            <div class="heat" data-run-id={shown_id}>
                <CanvasChart id="chart-heat" spec={spec(ChartSpec::PartitionHeat)} width_px={1440} height_px={360}
                    plot_span_px={Some(crate::chart::heatmap::plot_span_px(1440.0))} cursor={at} on_hover={on_hover} defer=true
                    description="Heat map of DynamoDB partition utilisation over time: a hot partition shows as a dark row" />
            </div>
            if !props.compact {
                if let Some(run) = engine.run.clone() {
                    <super::ledger::Ledger {run} />
                }
                <super::sure::Sure scenario={props.scenario.clone()} run_id={wanted} {bands} />
            }
        </section>
    }
}

/// The event at the cursor, in large type under the charts (it stays in view while the
/// run section is on screen): what a speaker reads out during Play. Absent until the cursor
/// is on the run.
fn caption(r: &SimRun, at: Option<f64>, event: Option<usize>, playing: bool) -> Html {
    let Some(f) = at else { return Html::default() };
    let t_s = f * r.duration_s;
    // The event ←/→ chose, else the latest at or before the cursor.
    let index = event.filter(|&i| i < r.events.len()).or_else(|| events::current_index(&r.events, t_s));
    let (text, more) = match index.map(|i| (i, &r.events[i])) {
        Some((i, e)) => {
            let same = r.events.iter().filter(|o| o.t_s == e.t_s).count();
            let first = r.events.partition_point(|o| o.t_s < e.t_s);
            let nth = i - first + 1;
            let more = (same > 1).then(|| {
                let hint = if nth < same { ": → for the next" } else { "" };
                format!("{nth} of {same} at {}{hint}", events::clock(e.t_s))
            });
            (events::caption(e), more)
        }
        None if r.events.is_empty() => (format!("{} — nothing of note happens in this run.", events::clock(t_s)), None),
        None => (format!("{} — before the first event; → jumps to it.", events::clock(t_s)), None),
    };
    html! {
        <p class={classes!("event-caption", playing.then_some("playing"))} id="event-caption" aria-live="polite"
            data-event-index={index.map(|i| i.to_string())}>
            { text }
            if let Some(more) = more { <span class="event-more">{ format!(" ({more})") }</span> }
        </p>
    }
}

/// The run's state in words: progress while a long run computes, or what went wrong. The
/// line keeps its height whatever it says, so nothing below it moves.
fn status(engine: &RunState, wanted: u64, state: &'static str, duration_h: f64, total_steps: usize) -> Html {
    let length = if duration_h >= 48.0 { format!("{} days", si(duration_h / 24.0)) } else { format!("{} h", si(duration_h)) };
    let body = if let Some(problem) = engine.problem_for(wanted) {
        html! { <span class="run-problem" role="alert">{ problem.to_string() }</span> }
    } else if let Some((done, total)) = engine.progress_for(wanted) {
        let share = done as f64 / total.max(1) as f64;
        html! { <>
            <progress id="run-progress" max={total.to_string()} value={done.to_string()} aria-label="Simulation progress"></progress>
            <span>{ format!("Simulating {length}: {} of {} steps ({})", si(done as f64), si(total as f64), percent(share)) }</span>
        </> }
    } else if engine.stale_for(wanted) {
        html! { <span class="run-quiet run-recomputing">{ format!("Inputs changed: recomputing the run ({length})…") }</span> }
    } else if engine.running_for(wanted) {
        html! { <span class="run-quiet">{ format!("Simulating {length}…") }</span> }
    } else if engine.run.is_some() {
        html! { <span class="run-quiet">{ format!("Run complete: {length}, {} steps.", si(total_steps as f64)) }</span> }
    } else {
        html! {}
    };
    html! {
        <div class="run-status" id="run-status" data-state={state} data-wanted-run-id={wanted.to_string()}
            data-shown-run-id={engine.run_id().to_string()}>
            { body }
            if let Some(why) = &engine.fallback {
                <span class="run-fallback" role="status">{ why.clone() }</span>
            }
        </div>
    }
}

#[derive(Properties)]
struct RunSummaryProps {
    db: Database,
    run: Option<Rc<SimRun>>,
    partial: bool,
    old: bool,
}

impl PartialEq for RunSummaryProps {
    /// The same run (pointer: a new run is a new `Rc`), so an input that leaves the run shown
    /// as it was does not format its figures again.
    fn eq(&self, other: &Self) -> bool {
        let same_run = match (&self.run, &other.run) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        self.db == other.db && same_run && self.partial == other.partial && self.old == other.old
    }
}

/// One database's summary of the run shown.
#[function_component]
fn RunSummary(props: &RunSummaryProps) -> Html {
    let run = props.run.as_deref();
    let (partial, old) = (props.partial, props.old);
    match props.db {
        Database::Dynamodb => summary("ddb-run", "dynamodb", "DynamoDB", "Failed", "Peak capacity (units/s)", run.map(|r| &r.dynamodb_summary), partial, old, run.map(|r| Reserved::Capacity(&r.dynamodb_reserved))),
        Database::Aurora => summary("aurora-run", "aurora", "Aurora Serverless v2", "Failed", "Peak writer ACU", run.map(|r| &r.aurora_summary), partial, old, run.map(|r| Reserved::Instances(&r.aurora_reserved))),
        Database::Dsql => summary("dsql-run", "dsql", "Aurora DSQL", "Failed", "Peak DPU/s", run.and_then(|r| r.dsql.as_ref()).map(|q| &q.summary), partial, old, None),
    }
}

/// One database's run summary; `data-value` holds the exact number for tests (absent until a
/// run has arrived). A partial run's figures are marked "so far"; a stale run's (`old`: the
/// previous inputs') are labelled so, and dimmed.
#[allow(clippy::too_many_arguments)]
fn summary(id: &'static str, class: &'static str, title: &str, failed_label: &str, peak_label: &str, s: Option<&Summary>, partial: bool, old: bool, reserved: Option<Reserved>) -> Html {
    let row = |metric: &'static str, label: &str, value: Option<f64>, shown: &dyn Fn(f64) -> String| {
        html! {
            <div class="metric" data-metric={metric} data-value={value.map(|v| v.to_string())}>
                <dt>{ label.to_string() }</dt><dd>{ value.map_or_else(|| "…".to_string(), shown) }</dd>
            </div>
        }
    };
    let pick = |f: fn(&Summary) -> f64| s.map(f);
    html! {
        <section class={classes!("panel", class)} id={id}>
            <h3><span class="swatch"></span>{ title.to_string() }
                if partial { <span class="so-far">{ " (so far)" }</span> }
                if old { <span class="stale-label">{ "previous inputs" }</span> }
            </h3>
            <dl>
                { row("monthly-cost", "Cost of this run, per month", pick(|s| s.monthly_cost_usd), &|v| format!("{} / month", usd(v))) }
                <div class="metric" data-metric="cost-with-plan" data-value={s.map(|s| s.monthly_cost_with_plan_usd.to_string())}>
                    <dt>{ "With a 1-year Savings Plan" }</dt>
                    <dd>{ s.map_or_else(|| "…".to_string(), |s| format!("{} / month", usd(s.monthly_cost_with_plan_usd))) }
                        <span class="plan-detail">{ s.map_or_else(String::new, |s| s.savings_plan.terms()) }</span></dd>
                </div>
                { reserved.map_or_else(Html::default, reserved_row) }
                { row("failed-share", &format!("{failed_label} requests"), pick(Summary::failed_share), &percent) }
                { row("minutes-failing", &format!("Minutes with > 0.1 % {}", failed_label.to_lowercase()), pick(|s| s.minutes_failing), &|v| format!("{} min", si(v))) }
                { row("worst-p99", "Worst p99", pick(|s| s.worst_p99_ms), &ms) }
                { row("peak-capacity", peak_label, pick(|s| s.peak_capacity), &si) }
            </dl>
        </section>
    }
}

/// The reservations a database can have instead of a Savings Plan.
#[derive(Clone, Copy)]
enum Reserved<'a> {
    Capacity(&'a ReservedCapacity),
    Instances(&'a ReservedInstances),
}

/// "Or with reserved capacity / Reserved Instances": the 1-year cost, and the terms beside it;
/// nothing when the database cannot reserve.
fn reserved_row(r: Reserved) -> Html {
    let (value, label, detail) = match r {
        Reserved::Capacity(r) if r.eligible => (
            r.one_year.monthly_cost_usd,
            "Or with reserved capacity",
            format!("1 year: {} RCU + {} WCU; 3 years: {} / month", si(r.one_year.rcu.units), si(r.one_year.wcu.units), usd(r.three_year.monthly_cost_usd)),
        ),
        Reserved::Instances(r) if r.eligible => (
            r.one_year_no_upfront_usd,
            "Or with Reserved Instances",
            format!("1 year, no upfront; 3 years all upfront: {} / month", usd(r.three_year_all_upfront_usd)),
        ),
        _ => return Html::default(),
    };
    html! {
        <div class="metric" data-metric="cost-reserved" data-value={value.to_string()}>
            <dt>{ label }</dt>
            <dd>{ format!("{} / month", usd(value)) }<span class="plan-detail">{ detail }</span></dd>
        </div>
    }
}

/// Both databases at the cursor, in words and numbers.
fn readout_hint() -> Html {
    html! { <p class="readout" id="readout">{ "Press Play (or Space), or point at a chart, to see every value at one moment; ← and → jump between the run's events." }</p> }
}

fn readout(r: &SimRun, at: Option<f64>) -> Html {
    let Some(f) = at else { return readout_hint() };
    let Some(i) = r.bucket_at(f * r.duration_s) else {
        return html! { <p class="readout" id="readout">{ "The run is still being computed." }</p> };
    };
    let (d, a) = (&r.dynamodb, &r.aurora);
    let v = |s: &crate::model::sim::Series| s.mean.get(i).copied().unwrap_or(0.0);
    let share = |x: f64, of: f64| if of > 0.0 { x / of } else { 0.0 };
    let minutes = r.t_s[i] / 60.0;
    html! {
        <p class="readout" id="readout" aria-live="polite">
            <strong>{ format!("{}:{:02} h", (minutes / 60.0).floor(), (minutes % 60.0).floor()) }</strong>
            { format!(" · {} req/s offered · ", si(v(&d.offered_rps))) }
            <span class="ddb-name">{ "DynamoDB " }</span>
            { format!("fails {}, p50 {} / p99 {}, {} RCU / {} WCU in force · ", percent(share(v(&d.failed_rps), v(&d.offered_rps))), ms(v(&d.p50_ms)), ms(d.p99_ms.max.get(i).copied().unwrap_or(0.0)), si(v(&d.read_capacity_units)), si(v(&d.write_capacity_units))) }
            <span class="aurora-name">{ "Aurora " }</span>
            { format!("fails {}, p50 {} / p99 {}, writer {} ACU (needs {}) at {} CPU", percent(share(v(&a.failed_rps), v(&a.offered_rps))), ms(v(&a.p50_ms)), ms(a.p99_ms.max.get(i).copied().unwrap_or(0.0)), si(v(&a.writer_acu)), si(v(&a.writer_needed_acu)), percent(v(&a.writer_utilisation).min(9.99))) }
        </p>
    }
}
