//! Input-to-chart timing as browser Performance entries, for `scripts/bench-page.sh`: every
//! slider input marks `scalelab-input`; every canvas, once drawn, measures
//! `scalelab-drawn:<canvas id>` from that mark, and `scalelab-draw:<canvas id>` for the
//! drawing alone (what the input cost in charts, against the whole task), and keeps the
//! total drawing time in `window.__scalelabDrawMs` (per canvas in `__scalelabDrawMsById`). The benchmark reads them; nothing here
//! changes what the page does.

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

/// Mark the start of drawing `canvas_id`; [`measure_draw`] closes it. Returns the time.
pub fn draw_started(canvas_id: &str) -> f64 {
    let Some(p) = performance() else { return 0.0 };
    let _ = p.mark(&format!("scalelab-draw-start:{canvas_id}"));
    p.now()
}

/// Measure the drawing of `canvas_id` begun at `started` (from [`draw_started`]).
pub fn measure_draw(canvas_id: &str, started: f64) {
    let Some(p) = performance() else { return };
    let (start, name) = (format!("scalelab-draw-start:{canvas_id}"), format!("scalelab-draw:{canvas_id}"));
    p.clear_measures_with_measure_name(&name);
    let _ = p.measure_with_start_mark(&name, &start);
    p.clear_marks_with_mark_name(&start);
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
