//! The presenter's keys for the run: Space plays and pauses, ← and → jump to the previous
//! and next event. Keys typed into a form control keep their usual meaning (arrows move a
//! slider, Space presses a focused button), so only keys aimed at the page are taken.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    PlayPause,
    Next,
    Previous,
}

/// What a key press means here, given the tag of the element it was aimed at.
fn meaning(key: &str, target_tag: &str, modified: bool) -> Option<Key> {
    if modified {
        return None;
    }
    let form = matches!(target_tag, "INPUT" | "SELECT" | "TEXTAREA");
    let pressable = matches!(target_tag, "BUTTON" | "SUMMARY" | "A");
    match key {
        " " | "Spacebar" if !form && !pressable => Some(Key::PlayPause),
        "ArrowRight" if !form => Some(Key::Next),
        "ArrowLeft" if !form => Some(Key::Previous),
        _ => None,
    }
}

/// Listen for the keys on the document until the listener is dropped.
pub(crate) fn listen(on_key: impl Fn(Key) + 'static) -> EventListener {
    let options = EventListenerOptions::enable_prevent_default();
    EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |event| {
        let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
        let tag = event.target().and_then(|t| t.dyn_into::<Element>().ok()).map(|e| e.tag_name()).unwrap_or_default();
        let editable = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()).is_some_and(|e| e.is_content_editable());
        let modified = event.ctrl_key() || event.alt_key() || event.meta_key() || editable;
        if let Some(key) = meaning(&event.key(), &tag, modified) {
            // Space would scroll the page, arrows would scroll it sideways.
            event.prevent_default();
            on_key(key);
        }
    })
}
