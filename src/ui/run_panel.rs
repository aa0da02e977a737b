//! The scenario played over simulated time: the run's summary for each database and four
//! charts against time. The engine takes tens of milliseconds, so it runs once input has
//! paused (debounced), while the steady-state charts above follow every input event.

use super::canvas_chart::{CanvasChart, ChartSpec};
use crate::format::{ms, percent, si, usd};
use crate::model::scenario::Scenario;
use crate::model::sim::{self, SimRun, Summary};
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

/// Quiet time after the last input before the run is recomputed.
const DEBOUNCE_MS: u32 = 150;

#[derive(Properties, PartialEq)]
pub struct RunPanelProps {
    pub scenario: Scenario,
    /// Charts only (embed mode).
    #[prop_or_default]
    pub compact: bool,
}

#[function_component]
pub fn RunPanel(props: &RunPanelProps) -> Html {
    let run = use_state(|| Rc::new(sim::run(&props.scenario)));
    {
        let run = run.clone();
        use_effect_with(props.scenario.clone(), move |scenario| {
            let scenario = scenario.clone();
            let pending = Timeout::new(DEBOUNCE_MS, move || run.set(Rc::new(sim::run(&scenario))));
            // Dropping a gloo Timeout cancels it: newer input supersedes this run.
            move || drop(pending)
        });
    }
    let r: &Rc<SimRun> = &run;
    let duration_h = r.t_s.len() as f64 * r.step_s / 3600.0;
    html! {
        <section class="run" aria-labelledby="run-title">
            <h2 id="run-title">{ format!("Over time: {} h simulated in {} s steps", si(duration_h), si(r.step_s)) }</h2>
            if !props.compact {
                <div class="run-summaries">
                    { summary("ddb-run", "dynamodb", "DynamoDB", "Throttled", "Peak capacity (units/s)", &r.dynamodb_summary) }
                    { summary("aurora-run", "aurora", "Aurora Serverless v2", "Timed out", "Peak writer ACU", &r.aurora_summary) }
                </div>
            }
            <div class="charts charts-time">
                <CanvasChart id="chart-failing" spec={ChartSpec::Failing(r.clone())}
                    description="Share of requests throttled by DynamoDB and timed out by Aurora over time, with offered traffic" />
                <CanvasChart id="chart-latency-time" spec={ChartSpec::LatencyOverTime(r.clone())}
                    description="p99 latency of both databases over time" />
                <CanvasChart id="chart-ddb-capacity" spec={ChartSpec::DynamoCapacity(r.clone())}
                    description="DynamoDB read and write capacity in force and consumed over time" />
                <CanvasChart id="chart-aurora-capacity" spec={ChartSpec::AuroraCapacity(r.clone())}
                    description="Aurora writer ACU in force and needed, and reader ACU, over time" />
            </div>
            <div class="heat">
                <CanvasChart id="chart-heat" spec={ChartSpec::PartitionHeat(r.clone())} width_px={1440} height_px={360}
                    description="Heat map of DynamoDB partition utilisation over time: a hot partition shows as a dark row" />
            </div>
        </section>
    }
}

/// One database's run summary; `data-value` holds the exact number for tests.
fn summary(id: &'static str, class: &'static str, title: &str, failed_label: &str, peak_label: &str, s: &Summary) -> Html {
    let failed_share = if s.offered_requests > 0.0 { s.failed_requests / s.offered_requests } else { 0.0 };
    let row = |metric: &'static str, label: &str, value: f64, shown: String| {
        html! {
            <div class="metric" data-metric={metric} data-value={value.to_string()}>
                <dt>{ label.to_string() }</dt><dd>{ shown }</dd>
            </div>
        }
    };
    html! {
        <section class={classes!("panel", class)} id={id}>
            <h3><span class="swatch"></span>{ title.to_string() }</h3>
            <dl>
                { row("monthly-cost", "Cost of this run, per month", s.monthly_cost_usd, format!("{} / month", usd(s.monthly_cost_usd))) }
                { row("failed-share", &format!("{failed_label} requests"), failed_share, percent(failed_share)) }
                { row("minutes-failing", &format!("Minutes with > 0.1 % {}", failed_label.to_lowercase()), s.minutes_failing, format!("{} min", si(s.minutes_failing))) }
                { row("worst-p99", "Worst p99", s.worst_p99_ms, ms(s.worst_p99_ms)) }
                { row("peak-capacity", peak_label, s.peak_capacity, si(s.peak_capacity)) }
            </dl>
        </section>
    }
}
