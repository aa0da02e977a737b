//! Components in headless Chromium (wasm-bindgen-test): the app mounts, draws both charts,
//! and a slider change updates the numbers and the pixels; out-of-range input is clamped
//! with a message instead of breaking the page. The test runner serves no worker script, so
//! the app runs its engine on the page (`EngineMode::Page`, in slices, the worker's code).
#![cfg(target_arch = "wasm32")]

use scalelab::ui::{App, AppProps, EngineMode};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    CanvasRenderingContext2d, Element, Event, EventInit, HtmlCanvasElement, HtmlElement, HtmlInputElement, HtmlSelectElement,
    InputEvent, InputEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

async fn mount() -> Element {
    mount_at("").await
}

/// Mount the app with `fragment` in the address bar (a share link).
async fn mount_at(fragment: &str) -> Element {
    // Every test starts from a clean page: the app restores state from local storage and
    // from the URL fragment, which earlier tests in this page have written.
    let window = gloo::utils::window();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    let path = window.location().pathname().unwrap();
    window.history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{fragment}"))).unwrap();
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { engine: EngineMode::Page }).render();
    yew::scheduler::flush().await;
    root
}

/// Which inputs are on screen and which run is shown: `<main data-input-id>` (rendered with
/// the inputs), and the run panel's `data-wanted-run-id`, `data-shown-run-id`, `data-state`,
/// the summaries' `data-run-id` and `data-complete`.
#[derive(Debug, PartialEq)]
struct RunView {
    input: String,
    wanted: String,
    shown: String,
    state: String,
    summaries: String,
    complete: String,
}

fn run_view(root: &Element) -> RunView {
    let attr = |selector: &str, name: &str| {
        root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("{selector} missing")).get_attribute(name).unwrap_or_default()
    };
    RunView {
        input: attr("main", "data-input-id"),
        wanted: attr("#run-status", "data-wanted-run-id"),
        shown: attr("#run-status", "data-shown-run-id"),
        state: attr("#run-status", "data-state"),
        summaries: attr(".run-summaries", "data-run-id"),
        complete: attr(".run-summaries", "data-complete"),
    }
}

/// The run shown is the whole run of the inputs on screen.
fn is_run_for_inputs(v: &RunView) -> bool {
    v.wanted == v.input && v.shown == v.input && v.summaries == v.input && v.state == "done" && v.complete == "true"
}

/// Wait (in 20 ms sleeps, at most 20 s) until the run shown is the whole run of the inputs
/// on screen; returns their id.
async fn run_done(root: &Element) -> String {
    for _ in 0..1000 {
        yew::scheduler::flush().await;
        let view = run_view(root);
        if is_run_for_inputs(&view) {
            return view.input;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the run did not finish within 20 s: {:?}", run_view(root));
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("{selector} missing")).text_content().unwrap_or_default()
}

/// A fingerprint of the canvas pixels, and how many differ from the background.
fn pixels(root: &Element, id: &str) -> (u64, usize) {
    let canvas: HtmlCanvasElement = root.query_selector(&format!("#{id}")).unwrap().unwrap().dyn_into().unwrap();
    let mut ctx: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    // As seen: a traffic chart's operating point is drawn on a layer above it.
    if let Some(marks) = root.query_selector(&format!("#{id} + canvas.overlay.marks")).unwrap() {
        let marks: HtmlCanvasElement = marks.dyn_into().unwrap();
        let seen: HtmlCanvasElement = web_sys::window().unwrap().document().unwrap().create_element("canvas").unwrap().dyn_into().unwrap();
        seen.set_width(canvas.width());
        seen.set_height(canvas.height());
        ctx = seen.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
        ctx.draw_image_with_html_canvas_element(&canvas, 0.0, 0.0).unwrap();
        let left_px = marks.get_attribute("data-left-px").and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
        ctx.draw_image_with_html_canvas_element(&marks, left_px, 0.0).unwrap();
    }
    let data = ctx.get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64).unwrap().data();
    let hash = data.iter().enumerate().fold(0u64, |h, (i, &b)| h.wrapping_mul(31).wrapping_add(b as u64 ^ i as u64));
    let inked = data.chunks(4).filter(|px| px[0] != 255 || px[1] != 255 || px[2] != 255).count();
    (hash, inked)
}

/// The inked pixel count of a chart once it passes `at_least`, or after 5 s: the run's
/// charts draw in tasks of their own after the run arrives.
async fn inked_within(root: &Element, id: &str, at_least: usize) -> usize {
    let mut inked = 0;
    for _ in 0..250 {
        yew::scheduler::flush().await;
        inked = pixels(root, id).1;
        if inked > at_least {
            break;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    inked
}

async fn slide(root: &Element, id: &str, value: &str) {
    let input: HtmlInputElement = root.query_selector(&format!("#{id}")).unwrap().unwrap().dyn_into().unwrap();
    input.set_value(value);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&InputEvent::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn app_mounts_and_draws_both_charts() {
    let root = mount().await;
    // $466 of requests and storage, and $10 of point-in-time recovery for 50 GB.
    assert!(text(&root, "#ddb-numbers [data-metric=cost-on-demand]").contains("$476"));
    assert!(text(&root, "#aurora-numbers [data-metric=cost]").contains("/ month"));
    for id in ["chart-cost", "chart-latency"] {
        let (_, inked) = pixels(&root, id);
        assert!(inked > 10_000, "{id} looks blank: {inked} inked pixels");
    }
    assert!(!root.text_content().unwrap().contains("NaN"));
}

#[wasm_bindgen_test]
async fn traffic_slider_updates_numbers_and_charts() {
    let root = mount().await;
    let before = (
        text(&root, "#ddb-numbers [data-metric=cost-on-demand]"),
        text(&root, "#aurora-numbers [data-metric=cost]"),
        pixels(&root, "chart-cost").0,
        pixels(&root, "chart-latency").0,
    );
    slide(&root, "traffic", "5").await;
    assert_eq!(text(&root, "#traffic-value"), "100 k req/s");
    assert_ne!(text(&root, "#ddb-numbers [data-metric=cost-on-demand]"), before.0);
    assert_ne!(text(&root, "#aurora-numbers [data-metric=cost]"), before.1);
    assert_ne!(pixels(&root, "chart-cost").0, before.2, "cost chart did not redraw");
    assert_ne!(pixels(&root, "chart-latency").0, before.3, "latency chart did not redraw");
}

#[wasm_bindgen_test]
async fn skew_slider_moves_the_hot_key_hint() {
    let root = mount().await;
    let before = text(&root, "#skew-hint");
    slide(&root, "skew", "1.5").await;
    let after = text(&root, "#skew-hint");
    assert_ne!(before, after);
    assert!(after.contains("The hottest key gets"), "{after}");
}

#[wasm_bindgen_test]
async fn garbage_input_keeps_the_last_good_state() {
    let root = mount().await;
    let before = text(&root, "#ddb-numbers");
    // A range input sanitises what it is given; the page must neither panic nor show NaN.
    slide(&root, "traffic", "not a number").await;
    slide(&root, "item-size", "1e308").await;
    let after = text(&root, "#ddb-numbers");
    assert!(!after.contains("NaN") && !after.is_empty());
    assert_ne!(before, "");
    assert!(gloo::utils::document().get_element_by_id("fatal-error").map_or(true, |e| e.has_attribute("hidden")));
}

#[wasm_bindgen_test]
async fn preset_loads_its_scenario_and_the_run_reruns() {
    let root = mount().await;
    let select: HtmlSelectElement = root.query_selector("#preset").unwrap().unwrap().dyn_into().unwrap();
    select.set_value("flash-sale");
    let init = EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
    assert!(text(&root, "#preset-lesson").contains("20× spike"));
    run_done(&root).await;
    let expected = scalelab::model::sim::run(&scalelab::model::presets::find("flash-sale").unwrap().scenario());
    let shown: f64 = root
        .query_selector("#ddb-run [data-metric=monthly-cost]").unwrap().unwrap()
        .get_attribute("data-value").unwrap().parse().unwrap();
    assert_eq!(shown, expected.dynamodb_summary.monthly_cost_usd);
    assert!(text(&root, "#ddb-run [data-metric=failed-share]").contains('%'));
    let inked = inked_within(&root, "chart-failing", 10_000).await;
    assert!(inked > 10_000, "failing-requests chart looks blank ({inked} pixels inked after 5 s)");
}

#[wasm_bindgen_test]
async fn a_new_input_marks_the_run_shown_stale_until_its_own_run_arrives() {
    let root = mount().await;
    let before = run_done(&root).await;
    let cost = |root: &Element| {
        root.query_selector("#ddb-run [data-metric=monthly-cost]").unwrap().unwrap().get_attribute("data-value").unwrap()
    };
    let old_cost = cost(&root);
    // The input, then only the page's render of it: the run's request waits out its debounce
    // (60 ms), and the page engine computes in zero-delay timeouts after that.
    let input: HtmlInputElement = root.query_selector("#traffic").unwrap().unwrap().dyn_into().unwrap();
    input.set_value("4");
    let init = InputEventInit::new();
    init.set_bubbles(true);
    let t0 = js_sys::Date::now();
    input.dispatch_event(&InputEvent::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
    let view = run_view(&root);
    assert_ne!(view.input, before, "the new inputs have an id of their own at once");
    // Whenever it is looked at, a run is complete only for the inputs on screen.
    assert!(view.complete == "false" || view.summaries == view.input, "{view:?}");
    if js_sys::Date::now() - t0 >= 50.0 {
        // (A machine this slow may have sent the request and computed it already.)
        gloo::console::log!("stale-run test: the render took >= 50 ms; only the invariant was checked");
        return;
    }
    assert_eq!(
        view,
        RunView {
            input: view.input.clone(),
            wanted: view.input.clone(),
            shown: before.clone(),
            state: "running".into(),
            summaries: before.clone(),
            complete: "false".into(),
        },
        "the previous inputs' run is shown, not complete, until the new one arrives"
    );
    assert!(root.query_selector("section.run.stale").unwrap().is_some(), "the run section is marked stale");
    assert!(text(&root, "#run-status").contains("recomputing"), "{}", text(&root, "#run-status"));
    assert!(text(&root, "#ddb-run").contains("previous inputs"), "{}", text(&root, "#ddb-run"));
    assert_eq!(cost(&root), old_cost, "(the old figures are still there, labelled)");
    // Its own run arrives; only then is it complete, and no longer labelled.
    let after = run_done(&root).await;
    assert_eq!(after, view.input);
    assert_ne!(cost(&root), old_cost);
    assert!(root.query_selector("section.run.stale").unwrap().is_none());
    assert!(!text(&root, "#ddb-run").contains("previous inputs"));
}

#[wasm_bindgen_test]
async fn a_price_source_is_a_link_only_when_it_is_a_web_address() {
    // {"prices":{"aurora_acu_hour":{"value":0.12,"unit":"<b>USD</b>","grade":"3P","source":"javascript:alert(1)"}}}
    let diff = r#"{"prices":{"aurora_acu_hour":{"value":0.12,"unit":"<b>USD</b>","grade":"3P","source":"javascript:alert(1)"}}}"#;
    let b64 = js_sys::Reflect::get(&gloo::utils::window(), &"btoa".into()).unwrap();
    let b64: js_sys::Function = b64.dyn_into().unwrap();
    let encoded = b64.call1(&wasm_bindgen::JsValue::NULL, &diff.into()).unwrap().as_string().unwrap();
    let encoded = encoded.trim_end_matches('=').replace('+', "-").replace('/', "_");
    let root = mount_at(&format!("#s=v1.{encoded}")).await;
    let table = root.query_selector("#assumptions table").unwrap().unwrap();
    let links = table.query_selector_all("a").unwrap();
    assert!(links.length() > 10, "the documented sources are links");
    for i in 0..links.length() {
        let href = links.item(i).unwrap().dyn_into::<Element>().unwrap().get_attribute("href").unwrap();
        assert!(href.starts_with("https://") || href.starts_with("http://"), "a link to {href}");
    }
    // The hostile source and unit are there, as text.
    let shown = table.text_content().unwrap();
    assert!(shown.contains("javascript:alert(1)"), "the source is shown as text");
    assert!(shown.contains("<b>USD</b>") && table.query_selector("b").unwrap().is_none(), "markup stays text");
}

/// Give the file input `#import-file` a file holding `text`, as choosing it does.
fn choose_file(root: &Element, name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let file = web_sys::File::new_with_str_sequence(&parts, name).unwrap();
    let dt = web_sys::DataTransfer::new().unwrap();
    dt.items().add_with_file(&file).unwrap();
    let input: HtmlInputElement = root.query_selector("#import-file").unwrap().unwrap().dyn_into().unwrap();
    input.set_files(dt.files().as_ref());
    let init = EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
}

/// Wait (20 ms sleeps, at most 20 s) until the import panel says `state`.
async fn import_state(root: &Element, state: &str) {
    for _ in 0..1000 {
        yew::scheduler::flush().await;
        let panel = root.query_selector("#trace-import").unwrap().expect("the import panel");
        if panel.get_attribute("data-state").as_deref() == Some(state) {
            return;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the import did not become {state}: {}", text(root, "#trace-import"));
}

fn data_value(root: &Element, selector: &str) -> f64 {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("{selector} missing")).get_attribute("data-value").unwrap().parse().unwrap()
}

#[wasm_bindgen_test]
async fn a_trace_imports_on_the_page_thread_and_runs_as_the_model_runs_it() {
    // No worker here: the page reads the file in slices itself (the worker's code).
    let root = mount().await;
    let before = run_done(&root).await;
    let csv = include_str!("fixtures/trace-per-second.csv");
    choose_file(&root, "trace.csv", csv);
    import_state(&root, "loaded").await;
    assert_eq!(data_value(&root, "#import-summary [data-metric=duration-s]"), 3_600.0);
    assert_eq!(data_value(&root, "#import-summary [data-metric=resolution-s]"), 1.0);
    assert_eq!(data_value(&root, "#import-summary [data-metric=peak-rps]"), 2_797.0);
    assert!(text(&root, "#import-notes").contains("CSV trace: 3,600 rows"), "{}", text(&root, "#import-notes"));
    let inked = inked_within(&root, "chart-trace", 10_000).await;
    assert!(inked > 10_000, "the trace chart looks blank ({inked} pixels)");
    assert_eq!(run_view(&root).input, before, "reading a file changes nothing");

    let run: HtmlElement = root.query_selector("#import-run").unwrap().unwrap().dyn_into().unwrap();
    run.click();
    // The worker's stand-in shapes the trace, then the scenario takes it: new inputs.
    for _ in 0..500 {
        yew::scheduler::flush().await;
        if run_view(&root).input != before {
            break;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let after = run_done(&root).await;
    assert_ne!(after, before, "the imported traffic has a run of its own");
    // The same run as the model's, for the same trace put in the default scenario.
    let trace = scalelab::model::import::import_bytes("trace.csv", csv.as_bytes(), &Default::default()).unwrap();
    let shaped = scalelab::worker::import::shape(&trace, scalelab::worker::Scale::Factor(1.0), 0.0, 3_600.0).unwrap();
    let mut expected = scalelab::model::scenario::Scenario::default();
    shaped.move_into(&mut expected);
    let expected = scalelab::model::sim::run(&expected);
    assert_eq!(data_value(&root, "#ddb-run [data-metric=monthly-cost]"), expected.dynamodb_summary.monthly_cost_usd);
    assert!(text(&root, "#input-notice").contains("Running your traffic from trace.csv"), "{}", text(&root, "#input-notice"));
}

#[wasm_bindgen_test]
async fn a_malformed_trace_names_the_line_and_keeps_the_scenario() {
    let root = mount().await;
    let before = run_done(&root).await;
    let cost = data_value(&root, "#ddb-run [data-metric=monthly-cost]");
    choose_file(&root, "bad.csv", "t_s,requests_per_s\n0,100\n1,101\n2,102\n3,lots\n4,104\n");
    for _ in 0..500 {
        yew::scheduler::flush().await;
        if root.query_selector("#import-message").unwrap().is_some() {
            break;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let message = text(&root, "#import-message");
    assert!(message.contains("bad.csv was not loaded: line 5, column 2") && message.contains("lots"), "{message}");
    assert!(message.contains("The current scenario is kept."), "{message}");
    assert_eq!(run_view(&root).input, before);
    assert_eq!(data_value(&root, "#ddb-run [data-metric=monthly-cost]"), cost);
}
