//! The page: controls, the verdict, the two traffic charts, both numbers panels, the run
//! over time and the assumptions behind them.
//!
//! An input should cost little more than the charts it changes, so:
//! - callbacks handed to components are made once (the reducer's dispatcher is stable), so
//!   a component whose values did not change is not re-rendered (the masthead, the scenario
//!   row, the contender picker, the advanced drawer, the traffic controls, the assumptions
//!   table, every slider but the one moved); components that edit or save the scenario
//!   without showing what an input changes read it when used (`scenario_now`);
//! - the steady models and the sweep behind the traffic charts are kept until something
//!   other than the traffic (or the run's settings, or the p99 target) changes; a traffic
//!   input asks the kept models at its rate; the chart specs and the verdict are rebuilt
//!   only when their inputs change, so an unchanged chart is never redrawn;
//! - the run is recomputed (in the worker) only when something it depends on changes, not
//!   for the p99 target; each such change gets a new run id in the render that shows it
//!   (`<main data-input-id>`), so the run on screen is known to be stale from then until the
//!   new run arrives;
//! - the address bar and local storage are written once input pauses, and when the page
//!   is left.

use super::advanced::Advanced;
use super::canvas_chart::{CanvasChart, ChartSpec};
use super::engine::{EngineMode, WorkerLink};
use super::export::Export;
use super::masthead::{ConsistencyChoice, Masthead, PresetRow, QueryChoice};
use super::numbers::{AuroraPanel, DynamoPanel};
use super::persist;
use super::run_panel::RunPanel;
use super::slider::Slider;
use super::state::{Action, Field, State};
use super::trace_import::TraceImport;
use super::traffic_controls::TrafficControls;
use crate::chart::sweep::SweepChart;
use crate::format::{percent, si};
use crate::model::calibration;
use crate::model::facts;
use crate::model::compare::Comparison;
use crate::model::scenario::Scenario;
use crate::model::sim::SimRun;
use crate::model::traffic::Traffic;
use crate::model::uncertainty::Input;
use crate::model::workload::Workload;
use crate::model::zipf::Zipf;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Request rates drawn on the traffic charts (log-spaced, 1 to 10 M req/s).
const SWEEP_POINTS: usize = 57;
/// Quiet time after the last input before the address bar and storage are written.
const SAVE_AFTER_MS: u32 = 250;

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Where the simulation engine runs (the default: a Web Worker).
    #[prop_or_default]
    pub engine: EngineMode,
}

/// Equal when the same `Rc` (a cheap test for derived values).
#[derive(Clone)]
struct Same<T>(Rc<T>);
impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The scenario as the traffic sweep and the steady models see it: equal when only the
/// request rate, the traffic over time, the run's settings, the p99 target, the sampled
/// futures or the recorded series differ (the sweep covers every rate and is steady state;
/// `Scenario::compare_at` asks the same models at the slider's rate). Compared field by field, without copying a
/// scenario (an imported traffic series holds up to 100,000 points); the fields are listed
/// in full, so a new one must be placed here.
#[derive(Clone)]
struct SweepInput(Rc<Scenario>);
impl PartialEq for SweepInput {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&*self.0, &*other.0);
        let Scenario { version, workload, traffic: _, simulation: _, dynamodb, aurora, prices, estimates, p99_target_ms: _, faults, regions, recorded: _, contenders, dsql, billing, uncertainty: _ } = a;
        Rc::ptr_eq(&self.0, &other.0)
            || (*version == b.version
                && Workload { requests_per_s: b.workload.requests_per_s, ..workload.clone() } == b.workload
                && *dynamodb == b.dynamodb
                && *aurora == b.aurora
                && *prices == b.prices
                && *estimates == b.estimates
                && *faults == b.faults
                && *regions == b.regions
                && *contenders == b.contenders
                && *dsql == b.dsql
                && *billing == b.billing)
    }
}

/// Callbacks that never change, so the components they are given to can skip rendering.
struct Handlers {
    dispatch: Callback<Action>,
    traffic: Callback<f64>,
    read_share: Callback<f64>,
    item_size: Callback<f64>,
    skew: Callback<f64>,
    keys: Callback<f64>,
    table_size: Callback<f64>,
    p99_target: Callback<f64>,
    readers: Callback<f64>,
    max_acu: Callback<f64>,
}

impl Handlers {
    fn new(dispatch: Callback<Action>) -> Handlers {
        let map = |f: fn(f64) -> Action| {
            let d = dispatch.clone();
            Callback::from(move |v: f64| d.emit(f(v)))
        };
        Handlers {
            traffic: map(|v| Action::Set(Field::RequestsPerS, 10f64.powf(v))),
            read_share: map(|v| Action::Set(Field::ReadShare, v / 100.0)),
            item_size: map(|v| Action::Set(Field::ItemSizeKb, (10f64.powf(v) * 10.0).round() / 10.0)),
            skew: map(|v| Action::Set(Field::KeySkew, v)),
            keys: map(|v| Action::Set(Field::PartitionKeys, 10f64.powf(v).round())),
            table_size: map(|v| Action::Set(Field::TableSizeGb, 10f64.powf(v))),
            p99_target: map(|v| Action::P99Target(10f64.powf(v))),
            readers: map(|v| Action::Readers(v.round().max(0.0) as u32)),
            max_acu: map(Action::MaxAcu),
            dispatch,
        }
    }
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(persist::initial_state);
    let embed = *use_memo((), |_| persist::embed_mode());
    let handlers = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| Handlers::new(Callback::from(move |a: Action| dispatcher.dispatch(a))))
    };
    let dispatch = handlers.dispatch.clone();
    // One connection to the simulation worker, for the run and for imported traffic.
    let link = {
        let mode = props.engine;
        use_memo((), move |_| WorkerLink::new(mode))
    };
    // The scenario on the page now, for components that edit or save it but do not show
    // what an input changes (the import panel converts a CloudWatch export with the item
    // size and consistency; the contender picker, the faults editor, Save scenario): they
    // are not re-rendered by every input.
    let scenario_now = {
        let latest = use_mut_ref(|| state.scenario.clone());
        *latest.borrow_mut() = state.scenario.clone();
        use_memo((), move |_| Callback::from(move |()| latest.borrow().clone()))
    };
    // The first state has been rendered: safe to restore on the next visit.
    use_effect_with((), |_| persist::rendered());
    // The address bar and local storage follow the state once input pauses; a state not
    // yet written when the page is left is written then.
    let unsaved = use_mut_ref(|| None::<State>);
    {
        let unsaved = unsaved.clone();
        use_effect_with((), move |_| {
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "pagehide", move |_| {
                if let Some(s) = unsaved.borrow_mut().take() {
                    persist::save(&s);
                }
            });
            move || drop(listener)
        });
    }
    {
        let unsaved = unsaved.clone();
        let now = (*state).clone();
        use_effect_with((state.scenario.clone(), state.preset), move |_| {
            *unsaved.borrow_mut() = Some(now);
            persist::mark_save_pending(true);
            let pending = Timeout::new(SAVE_AFTER_MS, move || save_now(&unsaved));
            move || drop(pending)
        });
    }
    // A link pasted into the address bar of the open page.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                let hash = gloo::utils::window().location().hash().unwrap_or_default();
                match persist::from_fragment(hash.trim_start_matches('#')) {
                    Ok(Some(mut opened)) => {
                        opened.notice = Some("Opened the scenario in the link.".to_string());
                        dispatch.emit(Action::Open(Box::new(opened)));
                    }
                    Ok(None) => {}
                    Err(e) => dispatch.emit(Action::Notice(format!(
                        "This link could not be read: {e} — keeping the current scenario."
                    ))),
                }
            });
            move || drop(listener)
        });
    }
    // Made once, and reading the state on the page when clicked, so the preset row it is
    // given to is not re-rendered by every input.
    let on_copy = {
        let latest = use_mut_ref(|| state.clone());
        *latest.borrow_mut() = state.clone();
        let dispatch = dispatch.clone();
        use_memo((), move |_| Callback::from(move |_: MouseEvent| {
            let state = latest.borrow().clone();
            let (link, summarised) = persist::link(&state);
            let Some(promise) = web_sys::window().map(|w| w.navigator().clipboard().write_text(&link)) else { return };
            let dispatch = dispatch.clone();
            // A long trace travels as a summary: say so, and where the exact run is.
            let summary_note = match (summarised, state.scenario.trace_summary_of()) {
                (true, _) => format!(
                    " Your trace has {} points, too many for a link: the link carries a summary of it ({} buckets, each keeping its requests and the spread of its rates), so it opens a run close to, not exactly, this one. For the exact run, share the scenario file (Save scenario).",
                    crate::format::si(state.scenario.traffic.point_count() as f64),
                    crate::model::traffic::summary::LINK_BUCKETS
                ),
                (false, Some(of)) => format!(" This scenario's trace is {}, opened from a link.", of.describe(crate::model::traffic::summary::LINK_BUCKETS)),
                (false, None) => String::new(),
            };
            // The browser may refuse (no permission, not focused): say so rather than leave an
            // unhandled rejection.
            yew::platform::spawn_local(async move {
                let text = match wasm_bindgen_futures::JsFuture::from(promise).await {
                    Ok(_) => "Link copied to the clipboard.",
                    Err(_) => "The browser would not copy: the link is in the address bar.",
                };
                dispatch.emit(Action::Notice(format!("{text}{summary_note}")));
            });
        }))
    };
    let display = use_state_eq(persist::load_display);
    use_effect_with(*display, |&d| persist::apply_display(d));
    let on_display = {
        let display = display.setter();
        use_callback((), move |d: persist::Display, _| display.set(d))
    };
    let scenario = &state.scenario;
    let w = &scenario.workload;

    // The steady models and the sweep drawn from them, kept while only what neither depends
    // on changes; the operating point asks the same models at the rate on the slider.
    let steady = use_memo(SweepInput(scenario.clone()), |s| {
        let models = s.0.steady_models();
        (Rc::new(s.0.sweep_with(&models, SWEEP_POINTS)), models)
    });
    let sweep = steady.0.clone();
    let now: Rc<Comparison> = {
        let steady = steady.clone();
        (*use_memo(scenario.clone(), move |s| Rc::new(s.compare_at(&steady.1, s.workload.requests_per_s)))).clone()
    };
    let target = scenario.p99_target_ms;
    // The verdict weighs the steady point against the whole scenario (target, mode, faults).
    let verdict = use_memo((Same(now.clone()), scenario.clone()), |(now, scenario)| {
        crate::model::verdict::verdict(&now.0, scenario).join(" ")
    });
    // The run's inputs, numbered by the reducer as they change (`State::run_id`): the id of
    // the run they need is on the page from the input's own event, before the run is even
    // requested. The scenario the run is for is the one of the render that shows its id.
    let run_id = state.run_id();
    let run_scenario = {
        let scenario = scenario.clone();
        (*use_memo(run_id, move |_| scenario)).clone()
    };
    // The run's sampled futures band the steady cost chart once they are in for these
    // inputs (they are computed after the run: see the run panel).
    let bands_done = use_state(|| None::<(u64, Rc<crate::model::uncertainty::Uncertain>)>);
    let on_bands = {
        let bands_done = bands_done.setter();
        use_callback((), move |(id, bands): (u64, Option<Rc<crate::model::uncertainty::Uncertain>>), _| bands_done.set(bands.map(|b| (id, b))))
    };
    let steady_bands = bands_done.as_ref().filter(|(id, _)| *id == run_id).map(|(_, b)| Same(b.clone()));
    // Not the operating point: a traffic input moves only that, and the charts draw it on a
    // layer of its own (`CanvasChart::current`) without redrawing the sweep.
    let spec = use_memo((Same(sweep.clone()), target.to_bits(), steady_bands.clone()), |(sweep, _, bands)| {
        Rc::new(SweepChart::new(&sweep.0).with_target(target).with_bands(bands.as_ref().map(|b| b.0.steady_cost.clone())))
    });
    // When traffic varies (or a fault is placed) the run says more than the steady point:
    // the verdict leads with what happened in it, once it has arrived for these inputs.
    let run_done = use_state(|| None::<(u64, Rc<SimRun>)>);
    let on_run = {
        let run_done = run_done.setter();
        use_callback((), move |(id, run): (u64, Option<Rc<SimRun>>), _| run_done.set(run.map(|run| (id, run))))
    };
    let varies = !matches!(scenario.traffic, Traffic::Steady) || !scenario.faults.is_empty();
    let this_run = run_done.as_ref().filter(|(id, _)| *id == run_id).map(|(_, run)| run.clone());
    // (With the id of the run it weighs, for tests.)
    let run_verdict = match (&this_run, varies) {
        (Some(run), true) => Some((Some(run_id), crate::model::verdict::run_verdict(run, &run_scenario))),
        (None, true) => Some((None, vec!["The run below is computing; the verdict will weigh it.".to_string()])),
        (_, false) => None,
    };

    // One line per database: from this run when it has arrived, else the steady point.
    let headlines = use_memo((Same(now.clone()), scenario.clone(), this_run.as_ref().map(|r| Same(r.clone()))), |(now, scenario, run)| {
        Rc::new(crate::model::headline::headlines(run.as_ref().map(|r| &*r.0), &now.0, scenario))
    });
    let headline_run = this_run.as_ref().map(|_| run_id);

    let zipf = Zipf::new(w.partition_keys, w.key_skew);
    let skew_hint = format!("The hottest key gets {} of key-addressed requests.", percent(zipf.hottest_share()));
    // Which of the sliders are guesses, with their ranges, when futures are sampled.
    let uncertainty = &state.scenario.uncertainty;
    let sampled = uncertainty.samples_futures();
    let badge = |input: Input| -> Option<AttrValue> {
        let r = uncertainty.ranges.get(&input).filter(|r| sampled && r.high > r.low)?;
        // Compact, to share the label's line: "×0.5–2", "±0.2", the read share in points
        // of its percentage ("±5 pts").
        let (scale, unit) = if input == Input::ReadShare { (100.0, " pts") } else { (1.0, "") };
        let n = |v: f64| si(v * scale);
        let words = if input.by_factor() {
            format!("×{}–{}", n(r.low), n(r.high))
        } else if (r.low + r.high).abs() < 1e-12 {
            format!("±{}{unit}", n(r.high))
        } else {
            let low = if r.low < 0.0 { format!("−{}", n(-r.low)) } else { n(r.low) };
            format!("{low}/+{}{unit}", n(r.high))
        };
        Some(words.into())
    };
    let h = &*handlers;

    html! {
        <main class={classes!("layout", embed.then_some("embed"))} data-input-id={run_id.to_string()}>
            <Masthead dsql={scenario.has(crate::model::database::Database::Dsql)} />
            <PresetRow preset={state.preset} {embed} display={*display} on_display={on_display.clone()}
                on_copy={(*on_copy).clone()} dispatch={dispatch.clone()} />
            <super::contenders::ContenderPicker contenders={scenario.contenders.clone()} dsql={scenario.dsql.clone()}
                lambda_clients={scenario.workload.lambda.is_some()} scenario_now={(*scenario_now).clone()} dispatch={dispatch.clone()} />
            // The answer first: one line per database, the full verdict one click away.
            <super::contenders::Headlines lines={(*headlines).clone()} run_id={headline_run} />
            <details class="verdict-details" id="verdict-details">
                <summary>{ "The verdict in full" }</summary>
                <p class="verdict" id="verdict" aria-live="polite">
                    if let Some((weighed, run)) = run_verdict {
                        // A sentence a line (each database, the target, the bill, each
                        // fault), so the three can be read side by side.
                        <span id="run-verdict" data-run-id={weighed.map(|id| id.to_string())}>
                            { for run.into_iter().map(|sentence| html! { <span class="sentence">{ sentence }{ " " }</span> }) }
                        </span>
                        <span class="steady-label">{ " At the steady point: " }</span>
                    }
                    <span id="steady-verdict">{ (*verdict).clone() }</span>
                </p>
            </details>
            if !embed {
                <TraceImport link={(*link).clone()} dispatch={dispatch.clone()} scenario_now={(*scenario_now).clone()} />
            }
            <section class="controls" aria-label="Workload">
                <Slider id="traffic" label="Traffic" min={0.0} max={7.0} step={0.05}
                    value={w.requests_per_s.log10()} display={format!("{} req/s", si(w.requests_per_s))}
                    uncertain={badge(Input::RequestsPerS)}
                    on_input={h.traffic.clone()} />
                <Slider id="read-share" label="Read share" min={0.0} max={100.0} step={1.0}
                    value={(w.read_share * 100.0).round()} display={format!("{} reads", percent(w.read_share))}
                    uncertain={badge(Input::ReadShare)}
                    on_input={h.read_share.clone()} />
                <Slider id="item-size" label="Item size" min={-1.0} max={400f64.log10()} step={0.01}
                    value={w.item_size_kb.log10()} display={format!("{} KB", si(w.item_size_kb))}
                    uncertain={badge(Input::ItemSizeKb)}
                    on_input={h.item_size.clone()} />
                <Slider id="skew" label="Key skew (Zipf s)" min={0.0} max={2.0} step={0.05}
                    value={w.key_skew} display={format!("s = {:.2}", w.key_skew)} hint={skew_hint}
                    uncertain={badge(Input::KeySkew)}
                    on_input={h.skew.clone()} />
                <Slider id="keys" label="Partition keys" min={0.0} max={9.0} step={0.1}
                    value={w.partition_keys.log10()} display={format!("{} keys", si(w.partition_keys))}
                    on_input={h.keys.clone()} />
                <Slider id="table-size" label="Data size" min={-1.0} max={5.0} step={0.05}
                    value={w.table_size_gb.log10()} display={format!("{} GB", si(w.table_size_gb))}
                    uncertain={badge(Input::TableSizeGb)}
                    on_input={h.table_size.clone()} />
                <QueryChoice query={w.query} items_per_query={w.items_per_query} rows_per_report={w.rows_per_report} dispatch={dispatch.clone()} />
                <ConsistencyChoice consistency={w.consistency} dispatch={dispatch.clone()} />
                <TrafficControls traffic={scenario.traffic.clone()} simulation={scenario.simulation.clone()}
                    dispatch={dispatch.clone()} />
                <Slider id="p99-target" label="p99 target" min={0.0} max={4.0} step={0.05}
                    value={scenario.p99_target_ms.log10()} display={crate::format::ms(scenario.p99_target_ms)}
                    on_input={h.p99_target.clone()} />
                <Slider id="readers" label="Aurora readers" min={0.0} max={f64::from(facts::AURORA_MAX_READERS)} step={1.0}
                    value={f64::from(scenario.aurora.readers)} display={match scenario.aurora.readers { 0 => "none (writer serves reads)".to_string(), 1 => "1 reader".to_string(), n => format!("{n} readers") }}
                    on_input={h.readers.clone()} />
                <Slider id="max-acu" label="Aurora max ACU" min={0.5} max={facts::AURORA_MAX_ACU} step={0.5}
                    value={scenario.aurora.max_acu} display={format!("{} ACU", si(scenario.aurora.max_acu))}
                    on_input={h.max_acu.clone()} />
            </section>

            if !embed {
                <Advanced dynamodb={scenario.dynamodb.clone()} aurora={scenario.aurora.clone()} lambda={scenario.workload.lambda.clone()}
                    billing={scenario.billing.clone()} uncertainty={scenario.uncertainty.clone()} dispatch={dispatch.clone()} />
            }
            if let Some(notice) = &state.notice {
                <p class="notice" role="status" id="input-notice">{ persist::clip(notice, 600) }</p>
            }

            <section class="charts" aria-label="Charts">
                <CanvasChart id="chart-cost" spec={ChartSpec::Cost((*spec).clone())} current={Some(now.clone())}
                    description="Monthly cost of DynamoDB on-demand, DynamoDB provisioned and Aurora Serverless v2 against traffic, log scales" />
                <CanvasChart id="chart-latency" spec={ChartSpec::Latency((*spec).clone())} current={Some(now.clone())}
                    description="p99 latency and share of failing requests of DynamoDB and Aurora against traffic" />
            </section>

            if !embed {
                <section class="numbers" aria-label="Numbers at the current traffic">
                    <DynamoPanel now={now.clone()} />
                    <AuroraPanel now={now} provisioned={scenario.aurora.instance_class.is_some()} />
                </section>
            }
            // issue 11: the faults editor (faults branch)
            if !embed { <super::faults::FaultEditor scenario={Rc::clone(scenario)} scenario_now={(*scenario_now).clone()} dispatch={dispatch.clone()} /> }
            <RunPanel scenario={run_scenario} {run_id} compact={embed} mode={props.engine} link={Some((*link).clone())} {on_run} {on_bands} />
            if !embed {
                <Export scenario_now={(*scenario_now).clone()} dispatch={dispatch.clone()} />
                <Assumptions scenario={scenario.clone()} dispatch={dispatch} />
            }
            <span id="app-ready" hidden=true></span>
        </main>
    }
}

fn save_now(unsaved: &Rc<RefCell<Option<State>>>) {
    if let Some(s) = unsaved.borrow_mut().take() {
        persist::save(&s);
    }
    persist::mark_save_pending(false);
}

/// Only the prices and estimates matter to the table, so moving a slider does not
/// re-render it.
#[derive(Properties)]
struct AssumptionsProps {
    scenario: Rc<Scenario>,
    dispatch: Callback<Action>,
}

impl PartialEq for AssumptionsProps {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.scenario, &other.scenario);
        self.dispatch == other.dispatch && (Rc::ptr_eq(a, b) || (a.prices == b.prices && a.estimates == b.estimates))
    }
}

/// A link only for a web address: any other `source` (a `javascript:` URL from a
/// hand-edited file or link) is shown as text.
fn source_link(source: &str, text: &'static str) -> Html {
    let lower = source.trim_start().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        html! { <a href={source.to_string()} rel="noreferrer">{ text }</a> }
    } else {
        html! { <span class="source-text">{ persist::clip(source, 120) }</span> }
    }
}

/// A number input that sends `make(id, value)` when changed (the reducer checks it).
fn editable(id: &'static str, value: f64, dispatch: &Callback<Action>, make: fn(String, f64) -> Action) -> Html {
    let dispatch = dispatch.clone();
    let onchange = Callback::from(move |e: Event| {
        let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value_as_number();
        if v.is_finite() {
            dispatch.emit(make(id.to_string(), v));
        }
    });
    // A refused value leaves the state as it was, so nothing re-renders the box: put the
    // value in force back on leaving it (an accepted one re-renders over this).
    let onblur = Callback::from(move |e: FocusEvent| {
        e.target_unchecked_into::<web_sys::HtmlInputElement>().set_value(&value.to_string());
    });
    html! { <input type="number" step="any" class="edit" id={format!("edit-{id}")} aria-label={id} value={value.to_string()} {onchange} {onblur} /> }
}

/// Every constant the model used: documented facts, prices and estimates, with grade.
#[function_component]
fn Assumptions(props: &AssumptionsProps) -> Html {
    let s = &props.scenario;
    // The model's answers to the calibration rows depend on these alone: not recomputed on
    // every slider input.
    let answers = use_memo((s.estimates.clone(), s.prices.clone(), s.aurora.clone()), |(estimates, prices, aurora)| {
        let at = Scenario { estimates: estimates.clone(), prices: prices.clone(), aurora: aurora.clone(), ..Scenario::default() };
        calibration::TABLE.iter().map(|c| calibration::model_answer(c.id, &at).unwrap_or(f64::NAN)).collect::<Vec<f64>>()
    });
    html! {
        <details class="assumptions" id="assumptions">
            <summary>{ "Assumptions: every number the model uses, with its source (prices and estimates are editable)" }</summary>
            <table>
                <thead><tr><th>{ "What" }</th><th>{ "Value" }</th><th>{ "Unit" }</th><th>{ "Grade" }</th><th>{ "Source" }</th></tr></thead>
                <tbody>
                    { for facts::table().into_iter().map(|f| html! {
                        <tr><td>{ f.label }</td><td>{ si(f.value) }</td><td>{ f.unit }</td>
                            <td><span class={classes!("grade", f.grade.is_documented().then_some("documented"))}>{ f.grade.label() }</span></td>
                            <td>{ source_link(f.source, "source") }</td></tr>
                    }) }
                    { for s.prices.entries().into_iter().map(|(id, p)| html! {
                        <tr><td>{ id }</td><td>{ editable(id, p.value, &props.dispatch, Action::Price) }</td><td>{ p.unit.clone() }</td>
                            <td><span class="grade">{ p.grade.label() }</span></td>
                            <td>{ source_link(&p.source, "pricing") }</td></tr>
                    }) }
                    { for s.estimates.rows().into_iter().map(|r| html! {
                        <tr><td>{ r.label }</td><td>{ editable(r.id, r.value, &props.dispatch, Action::Estimate) }</td><td>{ r.unit }</td>
                            <td><span class="grade estimate">{ "estimate" }</span></td>
                            <td>{ r.why }
                                if let Some(c) = calibration::for_estimate(r.id) {
                                    <span class="calibrated">{ " · calibrated against " }{ source_link(c.url, c.who) }{ format!(": {}", c.measured) }</span>
                                }
                            </td></tr>
                    }) }
                </tbody>
            </table>
            <h3>{ "Calibrated against measurements" }</h3>
            <p class="control-hint">{ "Each row: a published measurement, the range it allows, and this model's answer for the same setup with the settings above (docs/calibration.md explains each, and lists the estimates the model does not yet match)." }</p>
            <table id="calibration">
                <thead><tr><th>{ "What" }</th><th>{ "Measured" }</th><th>{ "Model" }</th><th>{ "Range" }</th><th>{ "Who" }</th></tr></thead>
                <tbody>
                    { for calibration::TABLE.iter().zip(answers.iter()).map(|(c, &answer)| {
                        let inside = (c.low..=c.high).contains(&answer);
                        html! {
                            <tr data-calibration={c.id} data-inside={inside.to_string()}>
                                <td>{ c.what }</td><td>{ c.measured }</td>
                                <td class={classes!((!inside).then_some("outside"))}>{ format!("{} {}", si(answer), c.unit) }</td>
                                <td>{ format!("{}–{} {}", si(c.low), si(c.high), c.unit) }</td>
                                <td>{ source_link(c.url, c.who) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </details>
    }
}
