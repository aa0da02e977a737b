//! The contender picker (DynamoDB and Aurora always; Aurora DSQL beside them or not, with
//! its topology, how clients connect and the pools' size) and the one-line headline per
//! database that leads the verdict. The picker edits the scenario, so the link and storage
//! carry it.

use crate::model::database::Database;
use crate::model::dsql::{Connect, DsqlConfig, Topology};
use crate::model::headline::Headline;
use crate::model::scenario::Scenario;
use super::faults::select_value;
use crate::ui::state::{edit_now, Action};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the picker shows, not the whole scenario, so a traffic or workload input does not
/// re-render it; its edits start from the scenario on the page when made (`scenario_now`).
#[derive(Properties, PartialEq)]
pub struct PickerProps {
    pub contenders: Vec<Database>,
    pub dsql: DsqlConfig,
    /// The clients are Lambda functions (Advanced): DSQL gets a connection per invocation.
    pub lambda_clients: bool,
    pub scenario_now: Callback<(), Rc<Scenario>>,
    pub dispatch: Callback<Action>,
}

/// "Compare with Aurora DSQL", and DSQL's two settings that change its answer most.
#[function_component]
pub fn ContenderPicker(props: &PickerProps) -> Html {
    let on = props.contenders.contains(&Database::Dsql);
    let edit = |change: fn(&mut Scenario, Event)| edit_now(&props.scenario_now, &props.dispatch, change);
    let on_toggle = edit(|s, e| {
        s.contenders.retain(|d| *d != Database::Dsql);
        if e.target_unchecked_into::<HtmlInputElement>().checked() {
            s.contenders.push(Database::Dsql);
        }
    });
    let on_topology = edit(|s, e| s.dsql.topology = if select_value(&e) == "multi_region" { Topology::MultiRegion } else { Topology::SingleRegion });
    let on_connect = edit(|s, e| s.dsql.connect = if select_value(&e) == "per_request" { Connect::PerRequest } else { Connect::Pool });
    // Not a number is NaN, which the scenario refuses by name (the last good value stays).
    let on_pool = edit(|s, e| s.dsql.pool_connections = e.target_unchecked_into::<HtmlInputElement>().value_as_number());
    html! {
        <div class="contenders" id="contenders" data-contenders={props.contenders.iter().map(|d| d.id()).collect::<Vec<_>>().join(",")}>
            <span class="control-label">{ "Compare" }</span>
            <span class="ddb-name">{ "DynamoDB" }</span>
            <span class="aurora-name">{ "Aurora" }</span>
            <label class="dsql-pick">
                <input type="checkbox" id="contender-dsql" checked={on} onchange={on_toggle} />
                <span class="dsql-name">{ "Aurora DSQL" }</span>
            </label>
            if on {
                <select id="dsql-topology" aria-label="Aurora DSQL topology" onchange={on_topology}>
                    <option value="single_region" selected={props.dsql.topology == Topology::SingleRegion}>{ "single-Region" }</option>
                    <option value="multi_region" selected={props.dsql.topology == Topology::MultiRegion}>{ "multi-Region (2 + witness)" }</option>
                </select>
                if props.lambda_clients {
                    // The clients are Lambda functions (Advanced): one connection per invocation.
                    <span class="control-hint" id="dsql-connect-lambda">{ "Lambda clients: a connection per invocation" }</span>
                } else {
                    <select id="dsql-connect" aria-label="How clients connect to Aurora DSQL" onchange={on_connect}>
                        <option value="pool" selected={props.dsql.connect == Connect::Pool}>{ "pooled connections" }</option>
                        <option value="per_request" selected={props.dsql.connect == Connect::PerRequest}>{ "a new connection per request" }</option>
                    </select>
                    if props.dsql.connect == Connect::Pool {
                        // The pools' size decides what a Region redirect's reconnections cost.
                        <label class="dsql-pool">
                            <input type="number" id="dsql-pool" min="1" max="1000000" step="1" value={props.dsql.pool_connections.to_string()}
                                aria-label="Connections in the application's pools, all Regions" onchange={on_pool} />
                            { " in the pools" }
                        </label>
                    }
                }
                <span class="estimate-note">{ "DSQL's DPU rules are inferred from published measurements; its compute time and reconfiguration are estimates (Assumptions)." }</span>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct HeadlinesProps {
    pub lines: Rc<Vec<Headline>>,
    /// The run the lines were read from (`None`: the steady point).
    pub run_id: Option<u64>,
}

/// One line per database: cost, failed share, worst p99, dominant cause.
#[function_component]
pub fn Headlines(props: &HeadlinesProps) -> Html {
    html! {
        <ul class="headlines" id="headlines" data-run-id={props.run_id.map(|id| id.to_string())}>
            { for props.lines.iter().map(|h| html! {
                <li class={classes!("headline", h.database.id())} data-database={h.database.id()}
                    data-cost={h.monthly_cost_usd.to_string()} data-failed-share={h.failed_share.to_string()}>
                    <span class="swatch"></span>
                    <strong>{ format!("{}:", h.database.name()) }</strong>
                    <span class="headline-text">{ format!(" {}", h.text()) }</span>
                    if h.cheapest { <span class="tag cheapest">{ "cheapest" }</span> }
                    if !h.meets_target { <span class="tag misses">{ "misses the p99 target" }</span> }
                </li>
            }) }
        </ul>
    }
}
