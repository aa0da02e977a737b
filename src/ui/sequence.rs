//! The sequence diagram on a canvas: redrawn when the scenario, the run's time cursor or the
//! animation phase changes. The phase follows the cursor (Play sweeps the cursor through
//! the run, so the messages move with it) unless a phase is given.

use crate::chart::sequence::{self, SequenceSpec};
use crate::model::scenario::Scenario;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Drawn at projector size; CSS scales it to the column.
const WIDTH_PX: u32 = 1280;
const HEIGHT_PX: u32 = 720;

#[derive(Properties, PartialEq)]
pub struct SequenceProps {
    pub scenario: Rc<Scenario>,
    /// The run's time cursor, s from the start (`None`: no cursor, every message drawn).
    #[prop_or_default]
    pub t_s: Option<f64>,
    /// Animation phase, 0 to 1; derived from `t_s` when absent.
    #[prop_or_default]
    pub phase: Option<f64>,
}

#[function_component]
pub fn SequenceDiagram(props: &SequenceProps) -> Html {
    let spec: Rc<SequenceSpec> = use_memo(props.scenario.clone(), |s| SequenceSpec::new(s));
    let phase = props.phase.or_else(|| props.t_s.map(|t| spec.phase_at(t)));
    let canvas_ref = use_node_ref();
    let error = use_state(|| None::<String>);
    {
        let (canvas_ref, error) = (canvas_ref.clone(), error.clone());
        use_effect_with(
            (spec.clone(), props.t_s, phase),
            move |(spec, t_s, phase)| {
                let outcome = canvas_ref
                    .cast::<HtmlCanvasElement>()
                    .and_then(CanvasBackend::with_canvas_object)
                    .ok_or_else(|| "the diagram's canvas is not available".to_string())
                    .and_then(|backend| {
                        sequence::draw(&backend.into_drawing_area(), spec, *t_s, *phase)
                            .map_err(|e| e.to_string())
                    });
                match outcome {
                    Ok(()) => error.set(None),
                    Err(e) => {
                        gloo::console::error!(format!("sequence diagram drawing failed: {e}"));
                        error.set(Some(e));
                    }
                }
            },
        );
    }
    let active = props
        .t_s
        .and_then(|t| spec.faults.active_at(t))
        .map(|w| w.label.clone());
    let description = format!(
        "Sequence diagram: one write in Region A and one read in Region B for DynamoDB global tables (MREC and MRSC) and Aurora Global Database, with their latencies{}",
        active.as_ref().map_or(String::new(), |a| format!("; active fault: {a}"))
    );
    html! {
        <figure class="chart sequence" id="sequence">
            <canvas id="sequence-diagram" ref={canvas_ref} width={WIDTH_PX.to_string()} height={HEIGHT_PX.to_string()}
                role="img" aria-label={description}
                data-phase={phase.map_or("none".to_string(), |p| format!("{p:.4}"))}
                data-fault={active.unwrap_or_default()} />
            if let Some(e) = &*error {
                <figcaption class="chart-error">{ format!("The sequence diagram could not be drawn: {e}") }</figcaption>
            }
        </figure>
    }
}
