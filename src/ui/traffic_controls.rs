//! How traffic moves over the simulated run: its shape, the shape's own parameter, and how
//! long to simulate. `workload.requests_per_s` (the Traffic slider) stays the base rate.

use super::slider::Slider;
use super::state::Action;
use crate::format::{percent, si};
use crate::model::scenario::SimSettings;
use crate::model::traffic::Traffic;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

const HOUR_S: f64 = 3_600.0;
const DURATIONS_H: [f64; 6] = [1.0, 3.0, 6.0, 24.0, 168.0, 720.0];

/// The durations offered, with the scenario's own among them when it is not one of the
/// usual ones (a preset's 2 h run, a loaded file): a select must show what is simulated,
/// not its first option (which a reload would then also restore over the real value).
fn durations_h(duration_s: f64) -> Vec<f64> {
    let mut out = DURATIONS_H.to_vec();
    let own = duration_s / HOUR_S;
    if !out.iter().any(|&h| (duration_s - h * HOUR_S).abs() < 1.0) {
        out.push(own);
        out.sort_by(f64::total_cmp);
    }
    out
}

#[derive(Properties, PartialEq)]
pub struct TrafficProps {
    pub traffic: Traffic,
    pub simulation: SimSettings,
    pub dispatch: Callback<Action>,
}

fn shape_id(t: &Traffic) -> &'static str {
    match t {
        Traffic::Steady => "steady",
        Traffic::Diurnal { .. } => "diurnal",
        Traffic::Spike { .. } => "spike",
        Traffic::Ramp { .. } => "ramp",
        Traffic::NightlyBatch { .. } => "nightly_batch",
        Traffic::Series { .. } => "series",
    }
}

/// A sensible shape of each kind for a run of `duration_s`.
fn default_shape(id: &str, duration_s: f64) -> Option<Traffic> {
    Some(match id {
        "steady" => Traffic::Steady,
        "diurnal" => Traffic::Diurnal { trough_to_peak: 0.25, peak_hour_utc: 14.0 },
        "spike" => Traffic::Spike { multiplier: 10.0, start_s: (duration_s / 3.0).floor(), duration_s: (duration_s / 6.0).min(2.0 * HOUR_S) },
        "ramp" => Traffic::Ramp { to_multiplier: 5.0, start_s: 0.0, end_s: duration_s },
        "nightly_batch" => Traffic::NightlyBatch { batch_multiplier: 10.0, start_hour_utc: 2.0, duration_h: 1.0 },
        _ => return None,
    })
}

#[function_component]
pub fn TrafficControls(p: &TrafficProps) -> Html {
    let duration_s = p.simulation.duration_s;
    let on_shape = {
        let dispatch = p.dispatch.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(t) = default_shape(&id, duration_s) {
                dispatch.emit(Action::Traffic(t));
            }
        })
    };
    let on_duration = {
        let (dispatch, simulation) = (p.dispatch.clone(), p.simulation.clone());
        Callback::from(move |e: Event| {
            if let Ok(hours) = e.target_unchecked_into::<HtmlSelectElement>().value().parse::<f64>() {
                // The step follows the duration unless it was set.
                dispatch.emit(Action::Simulation(SimSettings { duration_s: hours * HOUR_S, step_s: None, ..simulation.clone() }));
            }
        })
    };
    let set = |f: fn(&Traffic, f64) -> Traffic| {
        let (dispatch, t) = (p.dispatch.clone(), p.traffic.clone());
        Callback::from(move |v: f64| dispatch.emit(Action::Traffic(f(&t, v))))
    };
    let parameter = match &p.traffic {
        Traffic::Diurnal { trough_to_peak, .. } => html! {
            <Slider id="traffic-param" label="Night trough" min={0.0} max={100.0} step={1.0}
                value={(trough_to_peak * 100.0).round()} display={format!("{} of the daily peak", percent(*trough_to_peak))}
                on_input={set(|t, v| match t { Traffic::Diurnal { peak_hour_utc, .. } => Traffic::Diurnal { trough_to_peak: v / 100.0, peak_hour_utc: *peak_hour_utc }, other => other.clone() })} />
        },
        Traffic::Spike { multiplier, duration_s: spike_s, .. } => html! { <>
            <Slider id="traffic-param" label="Spike" min={0.0} max={2.0} step={0.02}
                value={multiplier.log10()} display={format!("× {}", si(*multiplier))}
                on_input={set(|t, v| match t { Traffic::Spike { start_s, duration_s, .. } => Traffic::Spike { multiplier: 10f64.powf(v).round().max(1.0), start_s: *start_s, duration_s: *duration_s }, other => other.clone() })} />
            <Slider id="traffic-param-2" label="Spike lasts" min={1.0} max={240.0} step={1.0}
                value={(spike_s / 60.0).round()} display={format!("{} min", si(spike_s / 60.0))}
                on_input={set(|t, v| match t { Traffic::Spike { multiplier, start_s, .. } => Traffic::Spike { multiplier: *multiplier, start_s: *start_s, duration_s: v * 60.0 }, other => other.clone() })} />
        </> },
        Traffic::Ramp { to_multiplier, .. } => html! {
            <Slider id="traffic-param" label="Ramp to" min={-1.0} max={2.0} step={0.02}
                value={to_multiplier.log10()} display={format!("× {}", si(*to_multiplier))}
                on_input={set(|t, v| match t { Traffic::Ramp { start_s, end_s, .. } => Traffic::Ramp { to_multiplier: (10f64.powf(v) * 10.0).round() / 10.0, start_s: *start_s, end_s: *end_s }, other => other.clone() })} />
        },
        Traffic::NightlyBatch { batch_multiplier, .. } => html! {
            <Slider id="traffic-param" label="Batch load" min={0.0} max={2.0} step={0.02}
                value={batch_multiplier.log10()} display={format!("× {}", si(*batch_multiplier))}
                on_input={set(|t, v| match t { Traffic::NightlyBatch { start_hour_utc, duration_h, .. } => Traffic::NightlyBatch { batch_multiplier: 10f64.powf(v).round().max(1.0), start_hour_utc: *start_hour_utc, duration_h: *duration_h }, other => other.clone() })} />
        },
        Traffic::Series { points, summary_of: None, .. } => html! { <p class="control-hint" id="trace-hint">{ format!("Your own trace: {} points", si(points.len() as f64)) }</p> },
        // Opened from a link: say it is close to, not exactly, the original.
        Traffic::Series { summary_of: Some(of), .. } => html! {
            <p class="control-hint trace-summary" id="trace-hint">
                { format!("This trace is {}: the run is close to, not exactly, the original's. The scenario file (Save scenario) carries the exact trace.", of.describe(crate::model::traffic::summary::LINK_BUCKETS)) }
            </p>
        },
        Traffic::Steady => html! {},
    };
    let shape = shape_id(&p.traffic);
    html! {
        <>
            <div class="control">
                <label for="traffic-shape"><span class="control-label">{ "Traffic over time" }</span></label>
                <select id="traffic-shape" onchange={on_shape}>
                    <option value="steady" selected={shape == "steady"}>{ "Steady" }</option>
                    <option value="diurnal" selected={shape == "diurnal"}>{ "Daily cycle" }</option>
                    <option value="spike" selected={shape == "spike"}>{ "Spike (flash sale)" }</option>
                    <option value="ramp" selected={shape == "ramp"}>{ "Ramp" }</option>
                    <option value="nightly_batch" selected={shape == "nightly_batch"}>{ "Nightly batch" }</option>
                    if shape == "series" {
                        <option value="series" selected=true>{ "Your trace (CSV)" }</option>
                    }
                </select>
            </div>
            { parameter }
            <div class="control">
                <label for="duration"><span class="control-label">{ "Simulate" }</span></label>
                <select id="duration" onchange={on_duration}>
                    { for durations_h(duration_s).into_iter().map(|h| html! {
                        <option value={h.to_string()} selected={(duration_s - h * HOUR_S).abs() < 1.0}>{ if h < 24.0 { format!("{} h", si(h)) } else { format!("{} days", si(h / 24.0)) } }</option>
                    }) }
                </select>
            </div>
        </>
    }
}
