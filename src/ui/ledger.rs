//! "Why requests failed": each database's loss ledger over the run, one row per cause with
//! AWS's throttling reason (DynamoDB) or what the client sees (Aurora), what it means here,
//! the requests lost and their share, and the CloudWatch metric or signal to watch. Under
//! it, both databases counted alike: attempts rejected (retries included) and requests that
//! failed after every retry.

use crate::format::{percent, si};
use crate::model::sim::{SimRun, Summary};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct LedgerProps {
    pub run: Rc<SimRun>,
}

/// The same run (pointers): a derived comparison walked the whole run, every series,
/// on each slider input while the ledger stayed as it was (a quarter of a millisecond).
impl PartialEq for LedgerProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
    }
}

fn rows(s: &Summary) -> Html {
    if s.lost_requests.is_empty() {
        return html! { <tr><td colspan="5" class="none">{ "No request lost." }</td></tr> };
    }
    let mut causes: Vec<_> = s.lost_requests.iter().collect();
    causes.sort_by(|a, b| b.1.total_cmp(a.1));
    html! {
        { for causes.into_iter().map(|(cause, &n)| {
            let share = if s.offered_requests > 0.0 { n / s.offered_requests } else { 0.0 };
            html! {
                <tr data-cause={cause.id()} data-value={n.to_string()}>
                    <td><code>{ cause.reason() }</code></td>
                    <td>{ cause.label() }</td>
                    <td class="num">{ si(n) }</td>
                    <td class="num">{ percent(share) }</td>
                    <td class="metric-name">{ cause.metric() }</td>
                </tr>
            }
        }) }
    }
}

fn table(id: &'static str, class: &'static str, title: &str, attempts: &str, s: &Summary) -> Html {
    html! {
        <section class={classes!("ledger", class)} id={id}>
            <h3><span class="swatch"></span>{ title.to_string() }</h3>
            <table>
                <thead><tr><th>{ "Reason" }</th><th>{ "What it means here" }</th><th class="num">{ "Lost" }</th><th class="num">{ "Share" }</th><th>{ "Watch" }</th></tr></thead>
                <tbody>{ rows(s) }</tbody>
            </table>
            <p class="ledger-totals">
                { format!("{} requests failed after every retry ({}); {} {attempts}.", si(s.failed_requests), percent(s.failed_share()), si(s.rejected_attempts)) }
            </p>
        </section>
    }
}

/// Both databases' ledgers, side by side.
#[function_component]
pub fn Ledger(props: &LedgerProps) -> Html {
    let r = &props.run;
    html! {
        <details class="ledgers" id="ledgers" open=true>
            <summary>{ "Why requests failed: every lost request by cause, counted alike for every database" }</summary>
            <div class="ledger-pair">
                { table("ddb-ledger", "dynamodb", "DynamoDB", "throttled attempts, retries included (CloudWatch ThrottleEvents)", &r.dynamodb_summary) }
                { table("aurora-ledger", "aurora", "Aurora", "attempts rejected: time-outs and refused connections", &r.aurora_summary) }
                if let Some(q) = &r.dsql {
                    { table("dsql-ledger", "dsql", "Aurora DSQL", "requests refused or timed out (no retries counted)", &q.summary) }
                }
            </div>
        </details>
    }
}
