//! Input-to-chart timing as browser Performance entries, for `scripts/bench-page.sh`: every
//! slider input marks `scalelab-input`; every canvas, once drawn, measures
//! `scalelab-drawn:<canvas id>` from that mark. The benchmark reads them; nothing here
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
        // No input yet (first draw): the measure fails quietly, as it should.
        let _ = p.measure_with_start_mark(&format!("scalelab-drawn:{canvas_id}"), INPUT_MARK);
    }
}
