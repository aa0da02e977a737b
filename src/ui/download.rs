//! Save a file from the page: the browser's download of a Blob (or data) URL through a
//! temporary link. Nothing leaves the page.

use wasm_bindgen::JsCast;

/// Download `text` as `filename`.
pub fn save_text(filename: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    save_url(filename, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Download what `url` (a blob: or data: URL) holds as `filename`.
pub fn save_url(filename: &str, url: &str) {
    let document = gloo::utils::document();
    let Some(a) = document.create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok()) else {
        return;
    };
    a.set_href(url);
    a.set_download(filename);
    a.click();
}
