//! plotters' canvas backend, with text measured by the canvas itself.
//!
//! `plotters-canvas` leaves text measurement to plotters' web font code, which measures
//! each label by adding a styled `<span>` to the page, reading its size and removing it:
//! one forced style recalculation and layout of the whole page per label, about thirty per
//! traffic-slider input, most of the main-thread time an input cost (measured with
//! Chromium's LayoutCount / RecalcStyleCount metrics, see scripts/bench-page.sh). This
//! backend answers [`DrawingBackend::estimate_text_size`] with the canvas's `measureText`
//! (no layout) and remembers each answer; everything else is `CanvasBackend`'s.
//!
//! Sizes match the span's: the width rounded up to a whole pixel, the height the font's
//! line box (`fontBoundingBoxAscent + fontBoundingBoxDescent`, what a span with the
//! default line height measures), unrotated as plotters expects.

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

type Error = DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>;

/// Text sizes are the same on every canvas: keep them for the page's lifetime, bounded.
const CACHE_LIMIT: usize = 4_096;

thread_local! {
    static SIZES: RefCell<HashMap<(String, String), (u32, u32)>> = RefCell::new(HashMap::new());
}

pub struct MeasuredCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl MeasuredCanvas {
    pub fn new(canvas: HtmlCanvasElement) -> Option<MeasuredCanvas> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(MeasuredCanvas {
            inner: CanvasBackend::with_canvas_object(canvas)?,
            context,
        })
    }

    fn measure(&self, font: &str, text: &str) -> (u32, u32) {
        let key = (font.to_string(), text.to_string());
        if let Some(size) = SIZES.with(|s| s.borrow().get(&key).copied()) {
            return size;
        }
        self.context.set_font(font);
        let size = match self.context.measure_text(text) {
            Ok(m) => (
                m.width().ceil() as u32,
                (m.font_bounding_box_ascent() + m.font_bounding_box_descent()).round() as u32,
            ),
            Err(_) => (0, 0),
        };
        SIZES.with(|s| {
            let mut s = s.borrow_mut();
            if s.len() >= CACHE_LIMIT {
                s.clear();
            }
            s.insert(key, size);
        });
        size
    }
}

impl DrawingBackend for MeasuredCanvas {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Error> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Error> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Error> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Error> {
        self.inner.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), Error> {
        // The same font string CanvasBackend::draw_text sets before drawing.
        let font = format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        );
        Ok(self.measure(&font, text))
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), Error> {
        self.inner.blit_bitmap(pos, size, src)
    }
}
