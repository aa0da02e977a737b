use super::{FontData, FontFamily, FontStyle, LayoutBox};
use wasm_bindgen::JsCast;
use std::cell::RefCell;
use std::collections::HashMap;
use web_sys::{window, CanvasRenderingContext2d, HtmlCanvasElement};

#[derive(Debug, Clone)]
pub enum FontError {
    UnknownError,
}

impl std::fmt::Display for FontError {
    fn fmt(&self, fmt: &mut std::fmt::Formatter) -> Result<(), std::fmt::Error> {
        match self {
            _ => write!(fmt, "Unknown error"),
        }
    }
}

impl std::error::Error for FontError {}

#[derive(Clone)]
pub struct FontDataInternal(String, String);

impl FontData for FontDataInternal {
    type ErrorType = FontError;
    fn new(family: FontFamily, style: FontStyle) -> Result<Self, FontError> {
        Ok(FontDataInternal(
            family.as_str().into(),
            style.as_str().into(),
        ))
    }
    // Scale Lab's change (see vendor/plotters/PATCHED.md): upstream measured each text by
    // adding a styled <span> to the page and reading its offsetWidth/offsetHeight, which
    // forces a style recalculation and layout of the whole page per label (a chart legend
    // measures every line twice). This measures with a canvas of its own instead (no layout)
    // and keeps the answers. Width: the text's advance rounded up (the span's offsetWidth
    // rounded it to the nearest pixel); height: the font's ascent plus descent
    // (fontBoundingBoxAscent + fontBoundingBoxDescent), which a span with the default line
    // height also measured, but for the font's line gap, where it has one.
    fn estimate_layout(&self, size: f64, text: &str) -> Result<LayoutBox, Self::ErrorType> {
        let font = format!("{} {}px {}", self.1, size, self.0);
        let key = (font, text.to_string());
        if let Some(size) = SIZES.with(|s| s.borrow().get(&key).copied()) {
            return Ok(((0, 0), size));
        }
        let measured = CONTEXT.with(|context| {
            let context = context.as_ref().ok_or(FontError::UnknownError)?;
            context.set_font(&key.0);
            let metrics = context.measure_text(text).map_err(|_| FontError::UnknownError)?;
            let width = metrics.width().ceil() as i32;
            let height = (metrics.font_bounding_box_ascent() + metrics.font_bounding_box_descent()).round() as i32;
            Ok::<_, FontError>((width, height))
        })?;
        SIZES.with(|s| {
            let mut s = s.borrow_mut();
            if s.len() >= CACHE_LIMIT {
                s.clear();
            }
            s.insert(key, measured);
        });
        Ok(((0, 0), measured))
    }
}

/// Text sizes are the same wherever they are drawn: kept for the page's lifetime, bounded.
const CACHE_LIMIT: usize = 4_096;

thread_local! {
    static SIZES: RefCell<HashMap<(String, String), (i32, i32)>> = RefCell::new(HashMap::new());
    /// A canvas that is never attached to the page: measuring on it lays nothing out.
    static CONTEXT: Option<CanvasRenderingContext2d> = window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok())
        .and_then(|c| c.get_context("2d").ok().flatten())
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
}
