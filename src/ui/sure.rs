//! How sure the run's answer is: the sampled futures the worker runs after the run
//! (`crate::model::uncertainty`), as they fill in: which database is the cheaper and meets
//! the p99 target in what share of them, the 10th to 90th percentiles, and the tornado charts
//! of what moves the cost gap and each p99 most.

use super::canvas_chart::{CanvasChart, ChartSpec};
use crate::format::{ms, percent, usd};
use crate::model::scenario::Scenario;
use crate::model::uncertainty::{DatabaseSpread, Spread, Uncertain};
use crate::model::verdict::sure_sentences;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SureProps {
    pub scenario: Rc<Scenario>,
    /// The run the futures belong to (the inputs on screen), and the futures so far.
    pub run_id: u64,
    pub bands: Option<Rc<Uncertain>>,
}

#[function_component]
pub fn Sure(p: &SureProps) -> Html {
    let spec = &p.scenario.uncertainty;
    let body = match (&p.bands, spec.samples_futures()) {
        (_, false) => html! { <p class="run-quiet">{ "No input is uncertain: every range is a single value, or no future is sampled." }</p> },
        (None, true) => html! { <p class="run-quiet">{ format!("{} futures are sampled once the run is complete…", spec.samples) }</p> },
        (Some(u), true) => {
            let sentences = sure_sentences(u, spec, p.scenario.p99_target_ms);
            html! { <>
                <p class="sure-verdict" id="sure-verdict">
                    { for sentences.iter().map(|s| html! { <span>{ format!("{s} ") }</span> }) }
                </p>
                if u.samples_done > 0 {
                    { table(u) }
                }
                if !u.tornado.is_empty() {
                    <div class="charts">
                        <CanvasChart id="chart-tornado" spec={ChartSpec::Tornado(u.clone())}
                            description="Tornado chart: for each uncertain input at the low and the high end of its range, Aurora's monthly cost minus DynamoDB's" />
                        <CanvasChart id="chart-tornado-p99" spec={ChartSpec::TornadoP99(u.clone())}
                            description="For each uncertain input at the low and the high end of its range, each database's worst p99, against the p99 target" />
                    </div>
                }
            </> }
        }
    };
    let (done, complete) = p.bands.as_ref().map_or((0, false), |u| (u.samples_done, u.complete()));
    html! {
        <section class="sure" id="sure" aria-labelledby="sure-title" data-run-id={p.bands.as_ref().map(|_| p.run_id.to_string())}
            data-samples-done={done.to_string()} data-complete={complete.to_string()}
            data-dynamodb-cheaper-share={p.bands.as_ref().map(|u| u.dynamodb_cheaper_share.to_string())}>
            <h3 id="sure-title">{ "How sure is this?" }</h3>
            { body }
        </section>
    }
}

fn table(u: &Uncertain) -> Html {
    let cells = |s: &Spread, f: fn(f64) -> String| html! { <><td>{ f(s.p10) }</td><td>{ f(s.p50) }</td><td>{ f(s.p90) }</td></> };
    let rows = |name: &str, d: &DatabaseSpread| html! { <>
        <tr><th scope="row">{ format!("{name}: monthly cost") }</th>{ cells(&d.monthly_cost_usd, usd) }</tr>
        <tr><th scope="row">{ format!("{name}: failed requests") }</th>{ cells(&d.failed_share, percent) }</tr>
        <tr><th scope="row">{ format!("{name}: worst p99") }</th>{ cells(&d.worst_p99_ms, ms) }</tr>
    </> };
    html! {
        <table class="sure-table" id="sure-table">
            <thead><tr><th></th><th scope="col">{ "10th percentile" }</th><th scope="col">{ "median" }</th><th scope="col">{ "90th percentile" }</th></tr></thead>
            <tbody>
                { rows("DynamoDB", &u.dynamodb) }{ rows("Aurora", &u.aurora) }
                { u.dsql.as_ref().map_or_else(Html::default, |q| rows("Aurora DSQL", q)) }
            </tbody>
        </table>
    }
}
