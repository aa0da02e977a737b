//! The top of the page: the title naming the databases compared, and the scenario row
//! (the preset picker, copy link, reset, the theme and presenter switches, the preset's
//! lesson), and the workload's two choices (query type, read consistency).
//!
//! Components of their own, with props a traffic or workload-slider input does not
//! change, so such an input neither renders nor reconciles them (issue 17: an input costs
//! little more than the charts it moves; the preset list alone is some twenty elements).

use super::persist::{self, Display};
use super::state::Action;
use crate::format::si;
use crate::model::presets::PRESETS;
use crate::model::workload::{Consistency, QueryKind};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MastheadProps {
    /// Aurora DSQL is among the contenders.
    pub dsql: bool,
}

#[function_component]
pub fn Masthead(props: &MastheadProps) -> Html {
    html! {
        <header class="masthead">
            <h1>{ "Scale Lab" }</h1>
            <p class="tagline">
                <span class="ddb-name">{ "DynamoDB" }</span>{ " vs " }<span class="aurora-name">{ "Aurora Serverless v2" }</span>
                if props.dsql { { " vs " }<span class="dsql-name">{ "Aurora DSQL" }</span> }
                { " at a steady request rate: cost, latency and throttling as traffic grows." }
            </p>
        </header>
    }
}

#[derive(Properties, PartialEq)]
pub struct PresetRowProps {
    /// The preset the scenario started from, if any.
    pub preset: Option<&'static str>,
    /// Embedded in another page: the buttons are left out.
    pub embed: bool,
    pub display: Display,
    pub on_display: Callback<Display>,
    /// Copies the link of the scenario on the page (a callback that never changes).
    pub on_copy: Callback<MouseEvent>,
    pub dispatch: Callback<Action>,
}

#[function_component]
pub fn PresetRow(props: &PresetRowProps) -> Html {
    let on_preset = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| dispatch.emit(Action::Preset(e.target_unchecked_into::<HtmlSelectElement>().value())))
    };
    let on_reset = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            persist::clear();
            dispatch.emit(Action::Reset);
        })
    };
    let display = props.display;
    let toggle = |flip: fn(Display) -> Display| {
        let on_display = props.on_display.clone();
        Callback::from(move |_: MouseEvent| on_display.emit(flip(display)))
    };
    let lesson = props.preset.and_then(crate::model::presets::find).map(|p| p.lesson);
    html! {
        <div class="preset-row">
            <label for="preset" class="control-label">{ "Scenario" }</label>
            <select id="preset" onchange={on_preset}>
                <option value="" selected={props.preset.is_none()}>{ "Custom (default workload)" }</option>
                { for PRESETS.iter().map(|p| html! {
                    <option value={p.id} selected={props.preset == Some(p.id)}>{ p.title }</option>
                }) }
            </select>
            if !props.embed {
                <button type="button" id="copy-link" onclick={props.on_copy.clone()}>{ "Copy link" }</button>
                <button type="button" id="reset" onclick={on_reset}>{ "Reset" }</button>
                <button type="button" id="theme" onclick={toggle(|d| Display { dark: !d.dark, ..d })} aria-pressed={display.dark.to_string()}>{ "Dark theme" }</button>
                <button type="button" id="presenter" onclick={toggle(|d| Display { presenter: !d.presenter, ..d })} aria-pressed={display.presenter.to_string()}>{ "Presenter mode" }</button>
            }
            if let Some(lesson) = lesson {
                <p class="lesson" id="preset-lesson">{ lesson }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct QueryChoiceProps {
    pub query: QueryKind,
    pub items_per_query: f64,
    pub rows_per_report: f64,
    pub dispatch: Callback<Action>,
}

#[function_component]
pub fn QueryChoice(props: &QueryChoiceProps) -> Html {
    let on_query = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(q) = QueryKind::from_id(&e.target_unchecked_into::<HtmlSelectElement>().value()) {
                dispatch.emit(Action::Query(q));
            }
        })
    };
    let detail = match props.query {
        QueryKind::RangeQuery => format!(" — {} items per query", si(props.items_per_query)),
        QueryKind::Report => format!(" — {} rows scanned per report", si(props.rows_per_report)),
        _ => String::new(),
    };
    html! {
        <div class="control">
            <label for="query-type"><span class="control-label">{ "Query type" }</span></label>
            <select id="query-type" onchange={on_query}>
                { for QueryKind::ALL.iter().map(|k| html! {
                    <option value={k.id()} selected={*k == props.query}>{ k.label() }</option>
                }) }
            </select>
            <p class="control-hint">{ detail }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ConsistencyChoiceProps {
    pub consistency: Consistency,
    pub dispatch: Callback<Action>,
}

#[function_component]
pub fn ConsistencyChoice(props: &ConsistencyChoiceProps) -> Html {
    let on_consistency = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let strong = e.target_unchecked_into::<HtmlSelectElement>().value() == "strong";
            dispatch.emit(Action::Consistency(if strong { Consistency::Strong } else { Consistency::Eventual }));
        })
    };
    html! {
        <div class="control">
            <label for="consistency"><span class="control-label">{ "Read consistency" }</span></label>
            <select id="consistency" onchange={on_consistency}>
                <option value="eventual" selected={props.consistency == Consistency::Eventual}>{ "Eventual (½ unit per 4 KB)" }</option>
                <option value="strong" selected={props.consistency == Consistency::Strong}>{ "Strong (1 unit per 4 KB)" }</option>
            </select>
        </div>
    }
}
