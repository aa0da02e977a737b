//! The browser UI: Yew function components over the model and the chart code. Only this
//! module touches the DOM.
//!
//! State lives in one reducer at the root ([`state`]); components get values and
//! callbacks, and are split so that an input re-renders only what it changes. The
//! time-stepped engine runs in a Web Worker ([`engine`], `crate::worker`), so the page
//! never waits for a run.
//!
//! A panic would kill the page, so [`start`] installs yew's own panic hook
//! (`yew::set_custom_panic_hook`: `Renderer::render` replaces a plain `std` hook) that
//! shows what happened instead of a frozen screen and marks the state so it is not
//! restored on the next visit. Input is clamped or refused before it reaches the model,
//! so the hook should never fire.

mod advanced;
mod app;
mod canvas_chart;
mod contenders;
mod download;
mod engine;
mod export;
mod faults;
mod keys;
mod ledger;
mod masthead;
mod numbers;
mod perf;
mod persist;
mod recorded;
mod run_panel;
mod sequence;
mod slider;
mod sure;
pub mod state;
mod trace_import;
mod traffic_controls;

pub use app::{App, AppProps};
pub use engine::EngineMode;

/// Install the panic hook and mount [`App`] on `#app`.
pub fn start() {
    install_panic_hook();
    state::SELFTEST_PANIC.store(persist::selftest("panic"), std::sync::atomic::Ordering::Relaxed);
    let document = gloo::utils::document();
    let root = document.get_element_by_id("app").or_else(|| document.body().map(Into::into));
    if let Some(root) = root {
        yew::Renderer::<App>::with_root(root).render();
    }
}

/// Set by the panic hook: the page has stopped, and nothing more is handed to it (a worker's
/// reply arriving after a panic would re-render a component whose state the panic left
/// borrowed, and panic again).
pub(crate) static CRASHED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Yew's panic hook: log, show the banner (the first panic's: it is the cause), and keep the
/// state from being restored.
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if CRASHED.swap(true, std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        persist::mark_crashed();
        show_fatal_error(&info.to_string());
    }));
}

fn show_fatal_error(message: &str) {
    let document = gloo::utils::document();
    if let Some(el) = document.get_element_by_id("fatal-error") {
        el.set_text_content(Some(&format!(
            "Scale Lab stopped with an internal error, so this page no longer responds. Reload the page: it \
             will start from the defaults. Details: {}",
            persist::clip(message, 300)
        )));
        let _ = el.remove_attribute("hidden");
    }
}
