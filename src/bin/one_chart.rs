//! The yardstick for the page's input cost: the smallest honest Yew page with one slider
//! and one plotters chart (two lines of 200 points, axes, labels, a legend) redrawn on every
//! input. `scripts/bench-page.sh` builds it (unless `SCALELAB_BENCH_REFERENCE=0`) and drags
//! its slider exactly as it drags the playground's traffic slider, so "main-thread time per
//! input" of the playground can be read as a multiple of this page's (issue 17 asks for
//! ≤ 2.5× with three databases). It uses no Scale Lab code, only Yew and plotters, the
//! latter with the same text-measuring patch as the playground (vendor/plotters/PATCHED.md):
//! what any Yew + plotters page built here costs. Natively it only explains itself.

#[cfg(target_arch = "wasm32")]
mod page {
    use plotters::prelude::*;
    use plotters_canvas::CanvasBackend;
    use wasm_bindgen::JsCast;
    use web_sys::{HtmlCanvasElement, HtmlInputElement};
    use yew::prelude::*;

    /// Two curves whose shape follows the slider (`traffic`, 0–100): enough points and text
    /// to be a real chart, no model behind them.
    fn curves(traffic: f64) -> [Vec<(f64, f64)>; 2] {
        let xs = (0..200).map(|i| f64::from(i) / 2.0);
        let a = xs.clone().map(|x| (x, 1.0 + traffic * x / 100.0)).collect();
        let b = xs.map(|x| (x, 20.0 + (x * traffic / 400.0).sin() * 10.0 + traffic / 10.0)).collect();
        [a, b]
    }

    fn draw(canvas: HtmlCanvasElement, traffic: f64) -> Result<(), String> {
        let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no canvas")?;
        let root = backend.into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let [a, b] = curves(traffic);
        let mut chart = ChartBuilder::on(&root)
            .caption("Cost as traffic grows", ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..100.0, 0.0..150.0)
            .map_err(|e| e.to_string())?;
        chart.configure_mesh().x_desc("traffic, requests/s").y_desc("cost, USD/month").draw().map_err(|e| e.to_string())?;
        for (points, colour, name) in [(a, RGBColor(0, 114, 178), "first"), (b, RGBColor(213, 94, 0), "second")] {
            chart
                .draw_series(LineSeries::new(points, colour.stroke_width(3)))
                .map_err(|e| e.to_string())?
                .label(name)
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], colour.stroke_width(3)));
        }
        chart.configure_series_labels().border_style(BLACK).background_style(WHITE).draw().map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())
    }

    #[function_component]
    fn OneChart() -> Html {
        let traffic = use_state(|| 50.0);
        let canvas = use_node_ref();
        {
            let canvas = canvas.clone();
            use_effect_with(*traffic, move |&traffic| {
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    if let Err(e) = draw(c, traffic) {
                        gloo::console::error!(e);
                    }
                }
            });
        }
        let oninput = {
            let traffic = traffic.clone();
            Callback::from(move |e: InputEvent| {
                if let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
                    traffic.set(input.value_as_number());
                }
            })
        };
        html! {
            <main>
                <label for="traffic">{ format!("Traffic: {:.0}", *traffic) }</label>
                <input id="traffic" type="range" min="0" max="100" step="1" value={traffic.to_string()} {oninput} />
                <canvas ref={canvas} width="640" height="360" />
                <span id="app-ready" />
            </main>
        }
    }

    pub fn start() {
        yew::Renderer::<OneChart>::new().render();
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    page::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("scalelab-one-chart is a browser page that scripts/bench-page.sh builds and measures; use the `scalelab` binary here.");
}
