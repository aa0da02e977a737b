//! The page: controls, the verdict, the two traffic charts, both numbers panels and the
//! assumptions behind them.

use super::canvas_chart::{CanvasChart, ChartSpec};
use super::advanced::Advanced;
use super::export::Export;
use super::traffic_controls::TrafficControls;
use super::run_panel::RunPanel;
use crate::model::presets::PRESETS;
use super::numbers::{AuroraPanel, DynamoPanel};
use super::slider::Slider;
use super::state::{Action, Field};
use crate::chart::sweep::SweepChart;
use crate::format::{percent, si};
use crate::model::facts;
use crate::model::workload::{Consistency, QueryKind};
use crate::model::zipf::Zipf;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Request rates drawn on the traffic charts (log-spaced, 1 to 10 M req/s).
const SWEEP_POINTS: usize = 57;

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(super::persist::initial_state);
    let embed = *use_memo((), |_| super::persist::embed_mode());
    // Every change goes to the address bar and local storage.
    use_effect_with((state.scenario.clone(), state.preset), {
        let state = state.clone();
        move |_| super::persist::save(&state)
    });
    let on_copy = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let link = super::persist::link(&state);
            let Some(promise) = web_sys::window().map(|w| w.navigator().clipboard().write_text(&link)) else { return };
            let state = state.clone();
            // The browser may refuse (no permission, not focused): say so rather than leave an
            // unhandled rejection.
            yew::platform::spawn_local(async move {
                let text = match wasm_bindgen_futures::JsFuture::from(promise).await {
                    Ok(_) => "Link copied to the clipboard.",
                    Err(_) => "The browser would not copy: the link is in the address bar.",
                };
                state.dispatch(Action::Notice(text.to_string()));
            });
        })
    };
    let display = use_state(super::persist::load_display);
    use_effect_with(*display, |&d| super::persist::apply_display(d));
    let toggle_dark = {
        let display = display.clone();
        Callback::from(move |_: MouseEvent| display.set(super::persist::Display { dark: !display.dark, ..*display }))
    };
    let toggle_presenter = {
        let display = display.clone();
        Callback::from(move |_: MouseEvent| display.set(super::persist::Display { presenter: !display.presenter, ..*display }))
    };
    let on_reset = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            super::persist::clear();
            state.dispatch(Action::Reset);
        })
    };
    let scenario = &state.scenario;
    let w = &scenario.workload;

    // The sweep does not depend on the current traffic, so moving the traffic slider only
    // re-evaluates the current point.
    let sweep_key = {
        let mut s = scenario.clone();
        s.workload.requests_per_s = 1.0;
        s
    };
    let sweep = use_memo(sweep_key, |s| s.sweep(SWEEP_POINTS));
    let now = use_memo(scenario.clone(), |s| s.compare());
    let spec = Rc::new(SweepChart::new(&sweep, (*now).clone()).with_target(scenario.p99_target_ms));

    let set = |field: Field, f: fn(f64) -> f64| {
        let state = state.clone();
        Callback::from(move |v: f64| state.dispatch(Action::Set(field, f(v))))
    };
    let on_query = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if let Some(q) = QueryKind::from_id(&el.value()) {
                state.dispatch(Action::Query(q));
            }
        })
    };
    let on_preset = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Action::Preset(el.value()));
        })
    };
    let lesson = state.preset.and_then(crate::model::presets::find).map(|p| p.lesson);
    let on_consistency = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            let c = if el.value() == "strong" { Consistency::Strong } else { Consistency::Eventual };
            state.dispatch(Action::Consistency(c));
        })
    };
    let on_readers = {
        let state = state.clone();
        Callback::from(move |v: f64| state.dispatch(Action::Readers(v.round().max(0.0) as u32)))
    };
    let on_max_acu = {
        let state = state.clone();
        Callback::from(move |v: f64| state.dispatch(Action::MaxAcu(v)))
    };

    let zipf = Zipf::new(w.partition_keys, w.key_skew);
    let skew_hint = format!("The hottest key gets {} of key-addressed requests.", percent(zipf.hottest_share()));
    let query_detail = match w.query {
        QueryKind::RangeQuery => format!(" — {} items per query", si(w.items_per_query)),
        QueryKind::Report => format!(" — {} rows scanned per report", si(w.rows_per_report)),
        _ => String::new(),
    };

    html! {
        <main class={classes!("layout", embed.then_some("embed"))}>
            <header class="masthead">
                <h1>{ "Scale Lab" }</h1>
                <p class="tagline">
                    <span class="ddb-name">{ "DynamoDB" }</span>{ " vs " }<span class="aurora-name">{ "Aurora Serverless v2" }</span>
                    { " at a steady request rate: cost, latency and throttling as traffic grows." }
                </p>
            </header>

            <div class="preset-row">
                <label for="preset" class="control-label">{ "Scenario" }</label>
                <select id="preset" onchange={on_preset}>
                    <option value="" selected={state.preset.is_none()}>{ "Custom (default workload)" }</option>
                    { for PRESETS.iter().map(|p| html! {
                        <option value={p.id} selected={state.preset == Some(p.id)}>{ p.title }</option>
                    }) }
                </select>
                if !embed {
                    <button type="button" id="copy-link" onclick={on_copy}>{ "Copy link" }</button>
                    <button type="button" id="reset" onclick={on_reset}>{ "Reset" }</button>
                    <button type="button" id="theme" onclick={toggle_dark} aria-pressed={display.dark.to_string()}>{ "Dark theme" }</button>
                    <button type="button" id="presenter" onclick={toggle_presenter} aria-pressed={display.presenter.to_string()}>{ "Presenter mode" }</button>
                }
                if let Some(lesson) = lesson {
                    <p class="lesson" id="preset-lesson">{ lesson }</p>
                }
            </div>
            <section class="controls" aria-label="Workload">
                <Slider id="traffic" label="Traffic" min={0.0} max={7.0} step={0.05}
                    value={w.requests_per_s.log10()} display={format!("{} req/s", si(w.requests_per_s))}
                    on_input={set(Field::RequestsPerS, |v| 10f64.powf(v))} />
                <Slider id="read-share" label="Read share" min={0.0} max={100.0} step={1.0}
                    value={(w.read_share * 100.0).round()} display={format!("{} reads", percent(w.read_share))}
                    on_input={set(Field::ReadShare, |v| v / 100.0)} />
                <Slider id="item-size" label="Item size" min={-1.0} max={400f64.log10()} step={0.01}
                    value={w.item_size_kb.log10()} display={format!("{} KB", si(w.item_size_kb))}
                    on_input={set(Field::ItemSizeKb, |v| (10f64.powf(v) * 10.0).round() / 10.0)} />
                <Slider id="skew" label="Key skew (Zipf s)" min={0.0} max={2.0} step={0.05}
                    value={w.key_skew} display={format!("s = {:.2}", w.key_skew)} hint={skew_hint}
                    on_input={set(Field::KeySkew, |v| v)} />
                <Slider id="keys" label="Partition keys" min={0.0} max={9.0} step={0.1}
                    value={w.partition_keys.log10()} display={format!("{} keys", si(w.partition_keys))}
                    on_input={set(Field::PartitionKeys, |v| 10f64.powf(v).round())} />
                <Slider id="table-size" label="Data size" min={-1.0} max={5.0} step={0.05}
                    value={w.table_size_gb.log10()} display={format!("{} GB", si(w.table_size_gb))}
                    on_input={set(Field::TableSizeGb, |v| 10f64.powf(v))} />
                <div class="control">
                    <label for="query-type"><span class="control-label">{ "Query type" }</span></label>
                    <select id="query-type" onchange={on_query}>
                        { for QueryKind::ALL.iter().map(|k| html! {
                            <option value={k.id()} selected={*k == w.query}>{ k.label() }</option>
                        }) }
                    </select>
                    <p class="control-hint">{ query_detail }</p>
                </div>
                <div class="control">
                    <label for="consistency"><span class="control-label">{ "Read consistency" }</span></label>
                    <select id="consistency" onchange={on_consistency}>
                        <option value="eventual" selected={w.consistency == Consistency::Eventual}>{ "Eventual (½ unit per 4 KB)" }</option>
                        <option value="strong" selected={w.consistency == Consistency::Strong}>{ "Strong (1 unit per 4 KB)" }</option>
                    </select>
                </div>
                <TrafficControls traffic={scenario.traffic.clone()} simulation={scenario.simulation.clone()}
                    dispatch={{ let state = state.clone(); Callback::from(move |a: Action| state.dispatch(a)) }} />
                <Slider id="p99-target" label="p99 target" min={0.0} max={4.0} step={0.05}
                    value={scenario.p99_target_ms.log10()} display={crate::format::ms(scenario.p99_target_ms)}
                    on_input={{ let state = state.clone(); Callback::from(move |v: f64| state.dispatch(Action::P99Target(10f64.powf(v)))) }} />
                <Slider id="readers" label="Aurora readers" min={0.0} max={f64::from(facts::AURORA_MAX_READERS)} step={1.0}
                    value={f64::from(scenario.aurora.readers)} display={match scenario.aurora.readers { 0 => "none (writer serves reads)".to_string(), 1 => "1 reader".to_string(), n => format!("{n} readers") }}
                    on_input={on_readers} />
                <Slider id="max-acu" label="Aurora max ACU" min={0.5} max={facts::AURORA_MAX_ACU} step={0.5}
                    value={scenario.aurora.max_acu} display={format!("{} ACU", si(scenario.aurora.max_acu))}
                    on_input={on_max_acu} />
            </section>

            if !embed {
                <Advanced dynamodb={scenario.dynamodb.clone()} aurora={scenario.aurora.clone()}
                    dispatch={{ let state = state.clone(); Callback::from(move |a: Action| state.dispatch(a)) }} />
            }
            if let Some(notice) = &state.notice {
                <p class="notice" role="status" id="input-notice">{ notice }</p>
            }
            <p class="verdict" id="verdict" aria-live="polite">{ crate::model::verdict::verdict(&now, scenario).join(" ") }</p>

            <section class="charts" aria-label="Charts">
                <CanvasChart id="chart-cost" spec={ChartSpec::Cost(spec.clone())}
                    description="Monthly cost of DynamoDB on-demand, DynamoDB provisioned and Aurora Serverless v2 against traffic, log scales" />
                <CanvasChart id="chart-latency" spec={ChartSpec::Latency(spec)}
                    description="p99 latency and share of failing requests of DynamoDB and Aurora against traffic" />
            </section>

            if !embed {
                <section class="numbers" aria-label="Numbers at the current traffic">
                    <DynamoPanel now={(*now).clone()} />
                    <AuroraPanel now={(*now).clone()} provisioned={scenario.aurora.instance_class.is_some()} />
                </section>
            }
            if !embed { <super::faults::FaultEditor scenario={scenario.clone()} dispatch={{ let state = state.clone(); Callback::from(move |a: Action| state.dispatch(a)) }} /> } // issue 11: the faults editor (faults branch)
            <RunPanel scenario={scenario.clone()} compact={embed} />
            if !embed {
                <Export scenario={scenario.clone()} dispatch={{ let state = state.clone(); Callback::from(move |a: Action| state.dispatch(a)) }} />
                <Assumptions scenario={scenario.clone()} dispatch={{ let state = state.clone(); Callback::from(move |a: Action| state.dispatch(a)) }} />
            }
            <span id="app-ready" hidden=true></span>
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct AssumptionsProps {
    scenario: crate::model::scenario::Scenario,
    dispatch: Callback<Action>,
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
    html! { <input type="number" step="any" class="edit" id={format!("edit-{id}")} aria-label={id} value={value.to_string()} {onchange} /> }
}

/// Every constant the model used: documented facts, prices and estimates, with grade.
#[function_component]
fn Assumptions(props: &AssumptionsProps) -> Html {
    let s = &props.scenario;
    html! {
        <details class="assumptions" id="assumptions">
            <summary>{ "Assumptions: every number the model uses, with its source (prices and estimates are editable)" }</summary>
            <table>
                <thead><tr><th>{ "What" }</th><th>{ "Value" }</th><th>{ "Unit" }</th><th>{ "Grade" }</th><th>{ "Source" }</th></tr></thead>
                <tbody>
                    { for facts::table().into_iter().map(|f| html! {
                        <tr><td>{ f.label }</td><td>{ si(f.value) }</td><td>{ f.unit }</td>
                            <td><span class={classes!("grade", f.grade.is_documented().then_some("documented"))}>{ f.grade.label() }</span></td>
                            <td><a href={f.source} rel="noreferrer">{ "source" }</a></td></tr>
                    }) }
                    { for s.prices.entries().into_iter().map(|(id, p)| html! {
                        <tr><td>{ id }</td><td>{ editable(id, p.value, &props.dispatch, Action::Price) }</td><td>{ p.unit.clone() }</td>
                            <td><span class="grade">{ p.grade.label() }</span></td>
                            <td><a href={p.source.clone()} rel="noreferrer">{ "pricing" }</a></td></tr>
                    }) }
                    { for s.estimates.rows().into_iter().map(|r| html! {
                        <tr><td>{ r.label }</td><td>{ editable(r.id, r.value, &props.dispatch, Action::Estimate) }</td><td>{ r.unit }</td>
                            <td><span class="grade estimate">{ "estimate" }</span></td><td>{ r.why }</td></tr>
                    }) }
                </tbody>
            </table>
        </details>
    }
}
