//! The browser UI: Yew function components over the model and the chart code. Only this
//! module touches the DOM.
//!
//! State lives in one reducer at the root ([`state`]); components get values and
//! callbacks. A panic would kill the page, so [`start`] installs a hook that shows what
//! happened instead of a frozen screen; input is clamped before it reaches the model so the
//! hook should never fire.

mod advanced;
mod app;
mod canvas_chart;
mod download;
mod export;
mod faults;
mod numbers;
mod perf;
mod persist;
mod run_panel;
mod sequence;
mod slider;
pub mod state;
mod traffic_controls;

pub use app::App;

/// Install the panic hook and mount [`App`] on `#app`.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal_error(&info.to_string());
    }));
    let document = gloo::utils::document();
    let root = document.get_element_by_id("app").unwrap_or_else(|| document.body().expect("page has a body").into());
    yew::Renderer::<App>::with_root(root).render();
}

fn show_fatal_error(message: &str) {
    let document = gloo::utils::document();
    if let Some(el) = document.get_element_by_id("fatal-error") {
        el.set_text_content(Some(&format!(
            "Scale Lab stopped with an internal error. Please reload the page. Details: {message}"
        )));
        let _ = el.remove_attribute("hidden");
    }
}
