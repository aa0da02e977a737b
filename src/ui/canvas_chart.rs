//! A `<canvas>` redrawn with a plotters chart whenever its data changes. Drawing happens in
//! an effect, after the canvas is in the DOM; a drawing error is logged and shown as text,
//! never a panic.

use crate::chart::{self, sweep::SweepChart};
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Canvas size in pixels; CSS scales it to the column width.
const WIDTH_PX: u32 = 720;
const HEIGHT_PX: u32 = 440;

#[derive(Clone, Copy, PartialEq)]
pub enum ChartKind {
    Cost,
    Latency,
}

#[derive(Properties, PartialEq)]
pub struct CanvasChartProps {
    pub id: AttrValue,
    pub kind: ChartKind,
    pub spec: Rc<SweepChart>,
    /// Text alternative for screen readers.
    pub description: AttrValue,
}

#[function_component]
pub fn CanvasChart(props: &CanvasChartProps) -> Html {
    let canvas_ref = use_node_ref();
    let error = use_state(|| None::<String>);
    {
        let canvas_ref = canvas_ref.clone();
        let error = error.clone();
        use_effect_with((props.spec.clone(), props.kind), move |(spec, kind)| {
            let outcome = canvas_ref
                .cast::<HtmlCanvasElement>()
                .and_then(CanvasBackend::with_canvas_object)
                .ok_or_else(|| "the chart canvas is not available".to_string())
                .and_then(|backend| {
                    let root = backend.into_drawing_area();
                    match kind {
                        ChartKind::Cost => chart::cost::draw(&root, spec),
                        ChartKind::Latency => chart::latency::draw(&root, spec),
                    }
                    .map_err(|e| e.to_string())
                });
            match outcome {
                Ok(()) => error.set(None),
                Err(e) => {
                    gloo::console::error!(format!("chart drawing failed: {e}"));
                    error.set(Some(e));
                }
            }
        });
    }
    html! {
        <figure class="chart">
            <canvas id={props.id.clone()} ref={canvas_ref} width={WIDTH_PX.to_string()} height={HEIGHT_PX.to_string()}
                role="img" aria-label={props.description.clone()} />
            if let Some(e) = &*error {
                <figcaption class="chart-error">{ format!("This chart could not be drawn: {e}") }</figcaption>
            }
        </figure>
    }
}
