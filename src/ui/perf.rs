//! Input-to-chart timing as browser Performance entries, for `scripts/bench-page.sh`: every
//! slider input marks `scalelab-input`; every canvas, once drawn, measures
//! `scalelab-drawn:<canvas id>` from that mark, and adds its drawing time to
//! `window.__scalelabDrawMs` (per canvas in `__scalelabDrawMsById`): what the input cost in
//! charts, against the whole task. The benchmark reads them; nothing here changes what the
//! page does. (Drawing is timed with `performance.now()`, not a mark and a measure per draw:
//! those cost a slider input about 0.1 ms.)

const INPUT_MARK: &str = "scalelab-input";

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

pub fn mark_input() {
    if let Some(p) = performance() {
        p.clear_marks_with_mark_name(INPUT_MARK);
        let _ = p.mark(INPUT_MARK);
    }
}

pub fn measure_drawn(canvas_id: &str) {
    if let Some(p) = performance() {
        // Only the latest per canvas is kept, so a long session does not pile them up.
        let name = format!("scalelab-drawn:{canvas_id}");
        p.clear_measures_with_measure_name(&name);
        // No input yet (first draw): the measure fails quietly, as it should.
        let _ = p.measure_with_start_mark(&name, INPUT_MARK);
    }
}

/// The time drawing starts; [`measure_draw`] closes it.
pub fn draw_started() -> f64 {
    performance().map_or(0.0, |p| p.now())
}

/// Add the drawing of `canvas_id` begun at `started` (from [`draw_started`]) to the totals.
pub fn measure_draw(canvas_id: &str, started: f64) {
    let Some(p) = performance() else { return };
    let elapsed = p.now() - started;
    DRAW_MS.with(|total| {
        total.set(total.get() + elapsed);
        if let Some(w) = web_sys::window() {
            let _ = js_sys::Reflect::set(&w, &"__scalelabDrawMs".into(), &total.get().into());
            // And per canvas, so the benchmark can say what each chart costs an input.
            let by_id = js_sys::Reflect::get(&w, &"__scalelabDrawMsById".into())
                .ok()
                .filter(|v| v.is_object())
                .unwrap_or_else(|| {
                    let o: wasm_bindgen::JsValue = js_sys::Object::new().into();
                    let _ = js_sys::Reflect::set(&w, &"__scalelabDrawMsById".into(), &o);
                    o
                });
            let before = js_sys::Reflect::get(&by_id, &canvas_id.into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
            let _ = js_sys::Reflect::set(&by_id, &canvas_id.into(), &(before + elapsed).into());
        }
    });
}

thread_local! {
    static DRAW_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}
