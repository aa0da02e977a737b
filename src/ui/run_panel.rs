//! The scenario played over simulated time: the run's summary for each database and four
//! charts against time. The engine takes tens of milliseconds, so it runs once input has
//! paused (debounced), while the steady-state charts above follow every input event.

use super::canvas_chart::{CanvasChart, ChartSpec};
use crate::format::{ms, percent, si, usd};
use crate::model::scenario::Scenario;
use crate::model::sim::{self, SimRun, Summary};
use gloo::timers::callback::{Interval, Timeout};
use std::rc::Rc;
use yew::prelude::*;

/// Quiet time after the last input before the run is recomputed.
const DEBOUNCE_MS: u32 = 150;
/// Play sweeps the cursor over the whole run in about ten seconds.
const PLAY_TICK_MS: u32 = 40;
const PLAY_STEP: f64 = 1.0 / 250.0;

/// Where the time cursor is (fraction of the run), and whether it is playing.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
struct Cursor {
    at: Option<f64>,
    playing: bool,
}

enum CursorAction {
    Hover(f64),
    Play,
    Pause,
    Tick,
}

impl Reducible for Cursor {
    type Action = CursorAction;
    fn reduce(self: Rc<Self>, action: CursorAction) -> Rc<Self> {
        let next = match action {
            CursorAction::Hover(f) => Cursor { at: Some(f), playing: false },
            // Play from the start, or from where it was paused.
            CursorAction::Play => Cursor { at: Some(self.at.filter(|&a| a < 1.0).unwrap_or(0.0)), playing: true },
            CursorAction::Pause => Cursor { playing: false, ..*self },
            CursorAction::Tick if self.playing => {
                let at = self.at.unwrap_or(0.0) + PLAY_STEP;
                if at >= 1.0 { Cursor { at: Some(1.0), playing: false } } else { Cursor { at: Some(at), playing: true } }
            }
            CursorAction::Tick => *self,
        };
        Rc::new(next)
    }
}

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
    let cursor = use_reducer(Cursor::default);
    {
        let cursor = cursor.clone();
        use_effect_with(cursor.playing, move |&playing| {
            let ticker = playing.then(|| Interval::new(PLAY_TICK_MS, move || cursor.dispatch(CursorAction::Tick)));
            move || drop(ticker)
        });
    }
    let on_hover = {
        let cursor = cursor.clone();
        Callback::from(move |f: f64| cursor.dispatch(CursorAction::Hover(f)))
    };
    let on_play = {
        let cursor = cursor.clone();
        Callback::from(move |_: MouseEvent| cursor.dispatch(if cursor.playing { CursorAction::Pause } else { CursorAction::Play }))
    };
    let r: &Rc<SimRun> = &run;
    let duration_h = r.duration_s / 3600.0;
    let at = cursor.at;
    let span = |right_axis: bool| Some(crate::chart::timeline::plot_span_px(720.0, right_axis));
    html! {
        <section class="run" aria-labelledby="run-title">
            <h2 id="run-title">{ format!("Over time: {} h simulated in {} s steps", si(duration_h), si(r.step_s)) }</h2>
            if !props.compact {
                <div class="run-summaries">
                    { summary("ddb-run", "dynamodb", "DynamoDB", "Failed", "Peak capacity (units/s)", &r.dynamodb_summary) }
                    { summary("aurora-run", "aurora", "Aurora Serverless v2", "Failed", "Peak writer ACU", &r.aurora_summary) }
                </div>
            }
            <div class="play-row">
                <button type="button" id="play" onclick={on_play} aria-pressed={cursor.playing.to_string()}>
                    { if cursor.playing { "‖ Pause" } else { "▶ Play" } }
                </button>
                { readout(r, at) }
            </div>
            <super::sequence::SequenceDiagram scenario={props.scenario.clone()} t_s={at.map(|f| f * r.duration_s)} /> // issue 11: the sequence diagram follows the cursor (faults branch)
            <div class="charts charts-time">
                <CanvasChart id="chart-failing" spec={ChartSpec::Failing(r.clone())}
                    plot_span_px={span(true)} cursor={at} on_hover={on_hover.clone()}
                    description="DynamoDB's lost requests over time, stacked by throttling reason, with offered traffic" />
                <CanvasChart id="chart-aurora-losses" spec={ChartSpec::AuroraLosses(r.clone())}
                    plot_span_px={span(true)} cursor={at} on_hover={on_hover.clone()}
                    description="Aurora's lost requests over time, stacked by cause, with offered traffic" />
                <CanvasChart id="chart-latency-time" spec={ChartSpec::LatencyOverTime(r.clone())}
                    plot_span_px={span(false)} cursor={at} on_hover={on_hover.clone()}
                    description="p50 and p99 latency of both databases over time" />
                <CanvasChart id="chart-ddb-capacity" spec={ChartSpec::DynamoCapacity(r.clone())}
                    plot_span_px={span(false)} cursor={at} on_hover={on_hover.clone()}
                    description="DynamoDB read and write capacity in force and consumed over time" />
                <CanvasChart id="chart-aurora-capacity" spec={ChartSpec::AuroraCapacity(r.clone())}
                    plot_span_px={span(false)} cursor={at} on_hover={on_hover.clone()}
                    description="Aurora writer ACU in force and needed, and reader ACU, over time" />
                <CanvasChart id="chart-cumulative-cost" spec={ChartSpec::CumulativeCost(r.clone())}
                    plot_span_px={span(false)} cursor={at} on_hover={on_hover.clone()}
                    description="Cumulative cost of each database over the run" />
            </div>
            <div class="heat">
                <CanvasChart id="chart-heat" spec={ChartSpec::PartitionHeat(r.clone())} width_px={1440} height_px={360}
                    plot_span_px={Some(crate::chart::heatmap::plot_span_px(1440.0))} cursor={at} on_hover={on_hover}
                    description="Heat map of DynamoDB partition utilisation over time: a hot partition shows as a dark row" />
            </div>
        </section>
    }
}

/// One database's run summary; `data-value` holds the exact number for tests.
fn summary(id: &'static str, class: &'static str, title: &str, failed_label: &str, peak_label: &str, s: &Summary) -> Html {
    let failed_share = s.failed_share();
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

/// Both databases at the cursor, in words and numbers.
fn readout(r: &SimRun, at: Option<f64>) -> Html {
    let Some(f) = at else {
        return html! { <p class="readout" id="readout">{ "Press Play, or point at a chart, to see every value at one moment." }</p> };
    };
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
