//! A `<canvas>` redrawn with a plotters chart whenever its data changes. Drawing happens in
//! an effect, after the canvas is in the DOM; a drawing error is logged and shown as text,
//! never a panic. A traffic chart's operating point is drawn on a transparent layer above
//! it: a traffic input moves only the point, so only that layer is redrawn (a few dots, not
//! the chart's axes, labels and lines).

use crate::chart::{self, sweep::SweepChart, sweep::SweepFrame};
use crate::model::compare::Comparison;
use std::cell::RefCell;
use crate::model::import::Recorded;
use crate::model::sim::SimRun;
use plotters::prelude::IntoDrawingArea;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Canvas size in pixels; CSS scales it to the column width.
const WIDTH_PX: u32 = 720;
const HEIGHT_PX: u32 = 440;
/// The operating point's layer: a strip this wide (canvas pixels) at the point's column, as
/// tall as the chart. Every dot of a traffic chart is at the same request rate, and a strip
/// a thirtieth of the chart's width is a thirtieth of the pixels to paint on each input.
const MARKS_STRIP_PX: u32 = 24;

/// What a canvas shows, with its data. Equal when it is the same data (pointer equality:
/// a run has thousands of points, and a new run is always a new `Rc`).
#[derive(Clone)]
pub enum ChartSpec {
    Cost(Rc<SweepChart>),
    Latency(Rc<SweepChart>),
    /// DynamoDB's lost requests by cause (and Aurora's, below).
    Failing(Rc<SimRun>),
    AuroraLosses(Rc<SimRun>),
    DsqlLosses(Rc<SimRun>),
    LatencyOverTime(Rc<SimRun>),
    PartitionHeat(Rc<SimRun>),
    /// With the sampled futures' bands once they are in.
    CumulativeCost(Rc<SimRun>, Option<Rc<crate::model::uncertainty::Uncertain>>),
    /// The share of requests failed so far, with the sampled futures' bands once they are in.
    FailedSoFar(Rc<SimRun>, Option<Rc<crate::model::uncertainty::Uncertain>>),
    /// The month's bill of each database, stacked by line.
    Bill(Rc<SimRun>),
    /// Each database's hourly spend a Savings Plan can cover, and its best commitment.
    Commitment(Rc<SimRun>),
    /// What moves the answer most (the run's sampled futures).
    Tornado(Rc<crate::model::uncertainty::Uncertain>),
    /// What moves each database's p99 most.
    TornadoP99(Rc<crate::model::uncertainty::Uncertain>),
    /// A run's chart with what CloudWatch recorded drawn over it (`None`: the scenario has
    /// no recorded series, and the chart is drawn as the plain run chart).
    Recorded(RunChart, Rc<SimRun>, Option<Rc<Recorded>>),
    /// An imported trace before it runs (`crate::chart::trace`).
    Trace(Rc<crate::chart::trace::TraceChart>),
    /// Nothing to draw yet (the first run is still computing): a clear canvas of the same
    /// size, so the layout does not move when the run arrives.
    Blank,
}

/// The run charts that can carry recorded series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunChart {
    /// DynamoDB capacity in force vs consumed, and recorded consumed and provisioned capacity.
    DynamoCapacity,
    /// DynamoDB throttle events per minute, simulated and recorded.
    ThrottleEvents,
    /// Aurora ACU in force vs needed, and recorded ServerlessDatabaseCapacity.
    AuroraCapacity,
}

impl PartialEq for ChartSpec {
    fn eq(&self, other: &Self) -> bool {
        use ChartSpec::*;
        // One arm per variant of `self` and no catch-all, so a new chart cannot be left
        // unequal to itself (DsqlLosses was, and redrew on every input during a drag).
        match self {
            Cost(a) => matches!(other, Cost(b) if Rc::ptr_eq(a, b)),
            Latency(a) => matches!(other, Latency(b) if Rc::ptr_eq(a, b)),
            Failing(a) => matches!(other, Failing(b) if Rc::ptr_eq(a, b)),
            AuroraLosses(a) => matches!(other, AuroraLosses(b) if Rc::ptr_eq(a, b)),
            DsqlLosses(a) => matches!(other, DsqlLosses(b) if Rc::ptr_eq(a, b)),
            LatencyOverTime(a) => matches!(other, LatencyOverTime(b) if Rc::ptr_eq(a, b)),
            PartitionHeat(a) => matches!(other, PartitionHeat(b) if Rc::ptr_eq(a, b)),
            CumulativeCost(a, x) => matches!(other, CumulativeCost(b, y) if Rc::ptr_eq(a, b) && same_bands(x, y)),
            FailedSoFar(a, x) => matches!(other, FailedSoFar(b, y) if Rc::ptr_eq(a, b) && same_bands(x, y)),
            Bill(a) => matches!(other, Bill(b) if Rc::ptr_eq(a, b)),
            Commitment(a) => matches!(other, Commitment(b) if Rc::ptr_eq(a, b)),
            Tornado(a) => matches!(other, Tornado(b) if Rc::ptr_eq(a, b) || a == b),
            TornadoP99(a) => matches!(other, TornadoP99(b) if Rc::ptr_eq(a, b) || a == b),
            // The same recorded series: the same `Rc`, or equal (a page that makes a new `Rc`
            // for each render is still not redrawn; one that keeps it compares cheaply).
            Recorded(k, a, ra) => match other {
                Recorded(l, b, rb) => {
                    k == l && Rc::ptr_eq(a, b) && match (ra, rb) {
                        (Some(x), Some(y)) => Rc::ptr_eq(x, y) || x == y,
                        (None, None) => true,
                        _ => false,
                    }
                }
                _ => false,
            },
            Trace(a) => matches!(other, Trace(b) if Rc::ptr_eq(a, b)),
            Blank => matches!(other, Blank),
        }
    }
}

/// The same sampled futures (the same `Rc`), or none on both sides.
fn same_bands(x: &Option<Rc<crate::model::uncertainty::Uncertain>>, y: &Option<Rc<crate::model::uncertainty::Uncertain>>) -> bool {
    match (x, y) {
        (Some(x), Some(y)) => Rc::ptr_eq(x, y),
        (None, None) => true,
        _ => false,
    }
}

#[derive(Properties, PartialEq)]
pub struct CanvasChartProps {
    pub id: AttrValue,
    pub spec: ChartSpec,
    /// Canvas size in pixels (CSS scales it to the column width).
    #[prop_or(WIDTH_PX)]
    pub width_px: u32,
    #[prop_or(HEIGHT_PX)]
    pub height_px: u32,
    /// Text alternative for screen readers.
    pub description: AttrValue,
    /// Time charts: the plot area's left and right pixel edges, a cursor to draw (as a
    /// fraction of the time axis) on a transparent overlay, and where the pointer hovers
    /// (not with `current`: the layer above is the operating point's then).
    #[prop_or_default]
    pub plot_span_px: Option<(f64, f64)>,
    #[prop_or_default]
    pub cursor: Option<f64>,
    #[prop_or_default]
    pub on_hover: Option<Callback<f64>>,
    /// Draw in a task of its own (the run's charts, which arrive together).
    #[prop_or_default]
    pub defer: bool,
    /// Traffic charts (`Cost`, `Latency`): the operating point, drawn on the layer above.
    #[prop_or_default]
    pub current: Option<Rc<Comparison>>,
}

#[function_component]
pub fn CanvasChart(props: &CanvasChartProps) -> Html {
    let canvas_ref = use_node_ref();
    let overlay_ref = use_node_ref();
    let error = use_state_eq(|| None::<String>);
    // Where the traffic chart's axes were drawn, for its operating point; and the newest
    // point, for a deferred draw that lands after later renders.
    let frame = use_mut_ref(|| None::<SweepFrame>);
    let latest_current = use_mut_ref(|| None::<Rc<Comparison>>);
    let overlay_context = use_mut_ref(|| None::<Layer2d>);
    *latest_current.borrow_mut() = props.current.clone();
    {
        let canvas_ref = canvas_ref.clone();
        let (overlay_ref, frame, latest_current, overlay_context) = (overlay_ref.clone(), frame.clone(), latest_current.clone(), overlay_context.clone());
        let error = error.clone();
        let id = props.id.to_string();
        let (defer, width_px) = (props.defer, props.width_px);
        use_effect_with(props.spec.clone(), move |spec| {
            let spec = spec.clone();
            let draw = move || {
                *frame.borrow_mut() = draw(&canvas_ref, &spec, &id, &error);
                // New axes move the point too: the effect below draws it in this render's
                // commit; a deferred draw comes after it, so draws it again here.
                if let (true, Some(current)) = (defer, latest_current.borrow().clone()) {
                    draw_current(&overlay_ref, &overlay_context, &frame, &spec, &current, &id, width_px);
                }
            };
            // A deferred chart draws in its own task, so a page redrawing several charts at
            // once never holds its thread for all of them together; a newer spec cancels it.
            let pending = if defer { Some(gloo::timers::callback::Timeout::new(0, draw)) } else { draw(); None };
            move || drop(pending)
        });
    }
    {
        // The layer above: a traffic chart's operating point, or a time chart's cursor. After
        // the effect above in the same commit (Yew runs effects in hook order), so new axes
        // are in `frame` when the point is placed on them.
        let (overlay_ref, frame, id, width_px) = (overlay_ref.clone(), frame.clone(), props.id.to_string(), props.width_px);
        let overlay_context = overlay_context.clone();
        use_effect_with((props.spec.clone(), props.current.clone(), props.cursor, props.plot_span_px), move |(spec, current, cursor, span)| match current {
            Some(current) => draw_current(&overlay_ref, &overlay_context, &frame, spec, current, &id, width_px),
            None => draw_cursor(&overlay_ref, &overlay_context, cursor.zip(*span).map(|(f, (l, r))| l + f.clamp(0.0, 1.0) * (r - l))),
        });
    }
    let on_move = match (&props.on_hover, props.plot_span_px) {
        (Some(cb), Some((left, right))) => {
            let (cb, width) = (cb.clone(), f64::from(props.width_px));
            Some(Callback::from(move |e: MouseEvent| {
                let target: web_sys::Element = e.target_unchecked_into();
                let shown = f64::from(target.client_width().max(1));
                let x = f64::from(e.offset_x()) * width / shown;
                cb.emit(((x - left) / (right - left)).clamp(0.0, 1.0));
            }))
        }
        _ => None,
    };
    html! {
        <figure class="chart">
            <canvas id={props.id.clone()} ref={canvas_ref.clone()} width={props.width_px.to_string()} height={props.height_px.to_string()}
                role="img" aria-label={props.description.clone()} onmousemove={on_move} />
            if props.current.is_some() {
                // The operating point: part of the chart, so the PNG takes it too.
                <canvas class="overlay marks" ref={overlay_ref.clone()} width={MARKS_STRIP_PX.to_string()} height={props.height_px.to_string()} aria-hidden="true" />
            } else if props.plot_span_px.is_some() {
                <canvas class="overlay" ref={overlay_ref.clone()} width={props.width_px.to_string()} height={props.height_px.to_string()} aria-hidden="true" />
            }
            <button type="button" class="png" title="Save this chart as a PNG image" onclick={{
                let (canvas_ref, id) = (canvas_ref.clone(), props.id.clone());
                let marks = props.current.is_some().then(|| overlay_ref.clone());
                Callback::from(move |_: MouseEvent| {
                    if let Some(url) = png_url(&canvas_ref, marks.as_ref()) {
                        super::download::save_url(&format!("scalelab-{id}.png"), &url);
                    }
                })
            }}>{ "PNG" }</button>
            if let Some(e) = &*error {
                <figcaption class="chart-error">{ format!("This chart could not be drawn: {e}") }</figcaption>
            }
        </figure>
    }
}

/// Draw `spec` on the canvas; a drawing error is logged and shown under the chart. Returns
/// where a traffic chart's axes are, for its operating point.
fn draw(canvas_ref: &NodeRef, spec: &ChartSpec, id: &str, error: &UseStateHandle<Option<String>>) -> Option<SweepFrame> {
    let started = super::perf::draw_started();
    let mut frame = None;
    let outcome = canvas_ref
        .cast::<HtmlCanvasElement>()
        .and_then(plotters_canvas::CanvasBackend::with_canvas_object)
        .ok_or_else(|| "the chart canvas is not available".to_string())
        .and_then(|backend| {
            let root = backend.into_drawing_area();
            match spec {
                ChartSpec::Cost(s) => chart::cost::draw_sweep(&root, s).map(|f| frame = Some(f)),
                ChartSpec::Latency(s) => chart::latency::draw_sweep(&root, s).map(|f| frame = Some(f)),
                ChartSpec::Failing(r) => chart::timeline::draw_losses(&root, r, crate::model::sim::Database::Dynamodb),
                ChartSpec::AuroraLosses(r) => chart::timeline::draw_losses(&root, r, crate::model::sim::Database::Aurora),
                ChartSpec::DsqlLosses(r) => chart::timeline::draw_losses(&root, r, crate::model::sim::Database::Dsql),
                ChartSpec::LatencyOverTime(r) => chart::timeline::draw_latency(&root, r),
                ChartSpec::Recorded(kind, r, recorded) => {
                    let recorded = recorded.as_deref();
                    match kind {
                        RunChart::DynamoCapacity => chart::timeline::draw_dynamodb_capacity(&root, r, recorded),
                        RunChart::ThrottleEvents => chart::timeline::draw_throttle_events(&root, r, recorded),
                        RunChart::AuroraCapacity => chart::timeline::draw_aurora_capacity(&root, r, recorded),
                    }
                }
                ChartSpec::PartitionHeat(r) => chart::heatmap::draw(&root, r),
                ChartSpec::CumulativeCost(r, u) => chart::so_far::draw_cost(&root, r, u.as_deref().map(|u| &u.cost_so_far)),
                ChartSpec::FailedSoFar(r, u) => chart::so_far::draw_failed_share(&root, r, u.as_deref().map(|u| &u.failed_so_far)),
                ChartSpec::Bill(r) => chart::bill::draw(&root, r),
                ChartSpec::Commitment(r) => chart::commitment::draw(&root, r),
                ChartSpec::Tornado(u) => chart::tornado::draw(&root, u),
                ChartSpec::TornadoP99(u) => chart::tornado::draw_p99(&root, u),
                ChartSpec::Trace(t) => chart::trace::draw(&root, t),
                ChartSpec::Blank => root.fill(&plotters::style::WHITE),
            }
            .map_err(|e| e.to_string())
        });
    match outcome {
        Ok(()) => {
            if *spec != ChartSpec::Blank {
                super::perf::measure_draw(id, started);
                super::perf::measure_drawn(id);
            }
            error.set(None)
        }
        Err(e) => {
            gloo::console::error!(format!("chart drawing failed: {e}"));
            error.set(Some(e));
        }
    }
    frame
}

/// Clear the strip above a traffic chart, move it to the operating point's column and draw
/// the point there, placed by the frame the chart's axes were drawn in (a chart that could
/// not be drawn has no frame, and its strip stays clear). The strip's offset into the chart,
/// in canvas pixels, is its `data-left-px`. Its place and width are shares of the figure's
/// width, which is the chart canvas's (`.chart canvas { width: 100% }`, no padding).
fn draw_current(overlay: &NodeRef, context: &RefCell<Option<Layer2d>>, frame: &RefCell<Option<SweepFrame>>, spec: &ChartSpec, current: &Comparison, id: &str, chart_width_px: u32) {
    let Some(layer) = overlay_layer(overlay, context) else { return };
    let (canvas, ctx) = &*layer;
    ctx.clear_rect(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height()));
    let Some(frame) = &*frame.borrow() else { return };
    let started = super::perf::draw_started();
    let left_px = frame.x_px_of(current.requests_per_s) - MARKS_STRIP_PX as i32 / 2;
    // (Yew sets no style on the strip, so a render leaves this one alone.) Moved by a
    // transform, in shares of its own width, on a layer of its own (`will-change`, styles.css):
    // the browser then neither lays the page out again nor repaints the chart under it.
    let share = |px: f64| 100.0 * px / f64::from(chart_width_px.max(1));
    let shift = 100.0 * f64::from(left_px) / f64::from(MARKS_STRIP_PX);
    let _ = canvas.set_attribute("style", &format!("width: {}%; transform: translateX({shift}%)", share(f64::from(MARKS_STRIP_PX))));
    let _ = canvas.set_attribute("data-left-px", &left_px.to_string());
    let frame = frame.shifted_left(left_px);
    let dots = match spec {
        ChartSpec::Cost(_) => chart::cost::current_dots(&frame, current),
        ChartSpec::Latency(_) => chart::latency::current_dots(&frame, current),
        _ => return,
    };
    // Straight onto the canvas, with the calls plotters' canvas backend makes for a filled
    // circle but without its element machinery: this strip is redrawn on every traffic
    // input (a drag cost 6.71 ms per input through plotters, 6.02 ms so, one bench run).
    // Where the dots go is the chart's own mapping (`chart::sweep::dots`), which the SVG
    // tests check to the pixel.
    let css = |c: plotters::style::RGBColor| format!("rgb({},{},{})", c.0, c.1, c.2);
    let ring = css(chart::style::MARKER_RING);
    for d in &dots {
        for (radius_px, color) in [(chart::sweep::DOT_RING_PX, ring.as_str()), (chart::sweep::DOT_PX, css(d.color).as_str())] {
            ctx.set_fill_style_str(color);
            ctx.begin_path();
            let _ = ctx.arc(f64::from(d.px.0), f64::from(d.px.1), f64::from(radius_px), 0.0, std::f64::consts::TAU);
            ctx.fill();
        }
    }
    super::perf::measure_draw(id, started);
    super::perf::measure_drawn(id);
}

/// The chart as a PNG data URL, with the strip of its operating point (`marks`) on top.
fn png_url(canvas_ref: &NodeRef, marks: Option<&NodeRef>) -> Option<String> {
    let canvas = canvas_ref.cast::<HtmlCanvasElement>()?;
    let Some(marks) = marks.and_then(|m| m.cast::<HtmlCanvasElement>()) else { return canvas.to_data_url().ok() };
    use wasm_bindgen::JsCast;
    let both: HtmlCanvasElement = web_sys::window()?.document()?.create_element("canvas").ok()?.dyn_into().ok()?;
    both.set_width(canvas.width());
    both.set_height(canvas.height());
    let ctx = context_2d(&both)?;
    ctx.draw_image_with_html_canvas_element(&canvas, 0.0, 0.0).ok()?;
    let left_px = marks.get_attribute("data-left-px").and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    ctx.draw_image_with_html_canvas_element(&marks, left_px, 0.0).ok()?;
    both.to_data_url().ok()
}

/// A canvas and its 2D context.
type Layer2d = (HtmlCanvasElement, web_sys::CanvasRenderingContext2d);

/// The overlay's canvas and its 2D context, kept in `cache` while the canvas is the same
/// element (`None` without a canvas or a context): the strips are drawn on every traffic
/// input and the cursor on every pointer move, and asking the browser for the context each
/// time took about a third of a strip's drawing.
fn overlay_layer<'a>(overlay: &NodeRef, cache: &'a RefCell<Option<Layer2d>>) -> Option<std::cell::Ref<'a, Layer2d>> {
    let canvas = overlay.cast::<HtmlCanvasElement>()?;
    if !matches!(&*cache.borrow(), Some((held, _)) if *held == canvas) {
        let ctx = context_2d(&canvas)?;
        *cache.borrow_mut() = Some((canvas, ctx));
    }
    std::cell::Ref::filter_map(cache.borrow(), Option::as_ref).ok()
}

fn context_2d(canvas: &HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    use wasm_bindgen::JsCast;
    canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
}

/// Clear the overlay and draw the time cursor at `x_px` (canvas pixels), if any.
fn draw_cursor(overlay: &NodeRef, context: &RefCell<Option<Layer2d>>, x_px: Option<f64>) {
    let Some(layer) = overlay_layer(overlay, context) else { return };
    let (canvas, ctx) = &*layer;
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    ctx.clear_rect(0.0, 0.0, w, h);
    if let Some(x) = x_px {
        ctx.set_stroke_style_str("#1F2328");
        ctx.set_line_width(2.5);
        ctx.begin_path();
        // From below the caption to above the x-axis labels.
        ctx.move_to(x, 50.0);
        ctx.line_to(x, h - 44.0);
        ctx.stroke();
    }
}
