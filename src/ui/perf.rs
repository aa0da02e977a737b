//! Input-to-chart timing as browser Performance entries, for `scripts/bench-page.sh`: every
//! slider input marks `scalelab-input`; every canvas, once drawn, measures
//! `scalelab-drawn:<canvas id>` from that mark, and `scalelab-draw:<canvas id>` for the
//! drawing alone (what the input cost in charts, against the whole task). The benchmark
//! reads them; nothing here changes what the page does.

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

/// Mark the start of drawing `canvas_id`; [`measure_draw`] closes it.
pub fn draw_started(canvas_id: &str) {
    if let Some(p) = performance() {
        let _ = p.mark(&format!("scalelab-draw-start:{canvas_id}"));
    }
}

pub fn measure_draw(canvas_id: &str) {
    if let Some(p) = performance() {
        let (start, name) = (format!("scalelab-draw-start:{canvas_id}"), format!("scalelab-draw:{canvas_id}"));
        p.clear_measures_with_measure_name(&name);
        let _ = p.measure_with_start_mark(&name, &start);
        p.clear_marks_with_mark_name(&start);
    }
}
