//! Input-to-chart timing as browser Performance entries, for `scripts/bench-page.sh`: every
//! slider input marks `scalelab-input`; every canvas, once drawn, measures
//! `scalelab-drawn:<canvas id>` from that mark, and adds its drawing time to
//! `window.__scalelabDrawMs` (per canvas in `__scalelabDrawMsById`): what the input cost in
//! charts, against the whole task. The benchmark reads them; nothing here changes what the
//! page does. (Drawing is timed with `performance.now()`, not a mark and a measure per draw:
//! those cost a slider input about 0.1 ms.)

const INPUT_MARK: &str = "scalelab-input";

thread_local! {
    /// The page's `Performance`, fetched once (each `window.performance` is a call into JS).
    static PERFORMANCE: Option<web_sys::Performance> = web_sys::window().and_then(|w| w.performance());
    static DRAW_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
    /// Per canvas id, in id order.
    static DRAW_MS_BY_ID: std::cell::RefCell<std::collections::BTreeMap<String, f64>> = const { std::cell::RefCell::new(std::collections::BTreeMap::new()) };
    static GETTERS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn with_performance<R>(f: impl FnOnce(&web_sys::Performance) -> R) -> Option<R> {
    PERFORMANCE.with(|p| p.as_ref().map(f))
}

pub fn mark_input() {
    with_performance(|p| {
        p.clear_marks_with_mark_name(INPUT_MARK);
        let _ = p.mark(INPUT_MARK);
    });
}

pub fn measure_drawn(canvas_id: &str) {
    with_performance(|p| {
        // Only the latest per canvas is kept, so a long session does not pile them up.
        let name = format!("scalelab-drawn:{canvas_id}");
        p.clear_measures_with_measure_name(&name);
        // No input yet (first draw): the measure fails quietly, as it should.
        let _ = p.measure_with_start_mark(&name, INPUT_MARK);
    });
}

/// The time drawing starts; [`measure_draw`] closes it.
pub fn draw_started() -> f64 {
    with_performance(|p| p.now()).unwrap_or(0.0)
}

/// Add the drawing of `canvas_id` begun at `started` (from [`draw_started`]) to the totals.
/// They are kept here and read by the benchmark through two getters on `window`
/// (`__scalelabDrawMs`, `__scalelabDrawMsById`), installed once: writing them into JS
/// objects on every draw was about ten calls into JS per strip per traffic input.
pub fn measure_draw(canvas_id: &str, started: f64) {
    let Some(elapsed) = with_performance(|p| p.now() - started) else { return };
    DRAW_MS.with(|total| total.set(total.get() + elapsed));
    DRAW_MS_BY_ID.with(|by_id| {
        // The id is copied once per canvas, not on every draw.
        let mut by_id = by_id.borrow_mut();
        match by_id.get_mut(canvas_id) {
            Some(ms) => *ms += elapsed,
            None => {
                by_id.insert(canvas_id.to_string(), elapsed);
            }
        }
    });
    if !GETTERS.with(|g| g.replace(true)) {
        install_getters();
    }
}

fn install_getters() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    let Some(w) = web_sys::window() else { return };
    let define = |name: &str, get: Closure<dyn Fn() -> JsValue>| {
        let descriptor = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&descriptor, &"get".into(), get.as_ref().unchecked_ref());
        let _ = js_sys::Reflect::set(&descriptor, &"configurable".into(), &true.into());
        js_sys::Object::define_property(&w, &name.into(), &descriptor);
        // The page's lifetime: the getter is never removed.
        get.forget();
    };
    define("__scalelabDrawMs", Closure::new(|| JsValue::from(DRAW_MS.with(std::cell::Cell::get))));
    define(
        "__scalelabDrawMsById",
        Closure::new(|| {
            let o = js_sys::Object::new();
            DRAW_MS_BY_ID.with(|by_id| {
                for (id, ms) in by_id.borrow().iter() {
                    let _ = js_sys::Reflect::set(&o, &id.as_str().into(), &(*ms).into());
                }
            });
            o.into()
        }),
    );
}
