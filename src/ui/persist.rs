//! Where the page's state lives besides memory: the URL fragment (share links, reload),
//! local storage (the last session comes back), and the `?embed=1` switch. Reading is
//! forgiving: a bad link shows what is wrong and falls back to the defaults.

use super::state::State;
use crate::model::presets;
use crate::model::scenario::Scenario;
use crate::model::share;

const STORAGE_KEY: &str = "scalelab.scenario";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The state to start with: the link's scenario, else the last session's, else defaults.
pub fn initial_state() -> State {
    let hash = window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    if let Some(state) = from_fragment(&hash, true) {
        return state;
    }
    let stored = window().and_then(|w| w.local_storage().ok().flatten()).and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    stored.and_then(|f| from_fragment(&f, false)).unwrap_or_default()
}

/// Parse a fragment; `None` if it holds no scenario. With `report`, problems become the
/// notice shown to the user.
fn from_fragment(fragment: &str, report: bool) -> Option<State> {
    let (preset_id, encoded) = share::parse_fragment(fragment);
    if preset_id.is_none() && encoded.is_none() {
        return None;
    }
    let preset = preset_id.as_deref().and_then(presets::find);
    let base = preset.map_or_else(Scenario::default, |p| p.scenario());
    let mut notice = None;
    if let (Some(id), None) = (&preset_id, preset) {
        notice = Some(format!("The link names an unknown scenario {id:?}: showing the defaults."));
    }
    let scenario = match encoded.map(|e| share::decode(&e, &base)) {
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            notice = Some(format!("{e} — showing the defaults instead."));
            base
        }
        None => base,
    };
    if notice.is_some() && !report {
        return None;
    }
    Some(State { scenario, preset: preset.map(|p| p.id), notice })
}

/// The fragment describing `state`.
pub fn fragment(state: &State) -> String {
    let base = state.preset.and_then(presets::find).map_or_else(Scenario::default, |p| p.scenario());
    share::fragment(state.preset, &share::encode(&state.scenario, &base))
}

/// Put `state` in the address bar (without a new history entry) and in local storage.
pub fn save(state: &State) {
    let Some(w) = window() else { return };
    let fragment = fragment(state);
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
    if let Ok(Some(storage)) = w.local_storage() {
        let _ = storage.set_item(STORAGE_KEY, &fragment);
    }
}

/// Forget the stored session.
pub fn clear() {
    if let Some(Ok(Some(storage))) = window().map(|w| w.local_storage()) {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

/// The page's address with the current fragment: what "Copy link" copies.
pub fn link(state: &State) -> String {
    let here = window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let without_hash = here.split('#').next().unwrap_or_default();
    format!("{without_hash}#{}", fragment(state))
}

/// `?embed=1`: charts and the primary sliders only, for an iframe in docs.
pub fn embed_mode() -> bool {
    let search = window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    search.trim_start_matches('?').split('&').any(|kv| kv == "embed=1" || kv == "embed=true")
}

const DISPLAY_KEY: &str = "scalelab.display";

/// Display preferences: dark theme, presenter (large type) mode.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Display {
    pub dark: bool,
    pub presenter: bool,
}

/// The stored display preferences (or the system's dark preference the first time).
pub fn load_display() -> Display {
    let w = window();
    let stored = w.as_ref().and_then(|w| w.local_storage().ok().flatten()).and_then(|s| s.get_item(DISPLAY_KEY).ok().flatten());
    match stored {
        Some(v) => Display { dark: v.contains("dark"), presenter: v.contains("presenter") },
        None => {
            let prefers_dark = w.and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten()).is_some_and(|m| m.matches());
            Display { dark: prefers_dark, presenter: false }
        }
    }
}

/// Apply to the document (attributes on <html>, read by the style sheet) and remember.
pub fn apply_display(d: Display) {
    let Some(w) = window() else { return };
    if let Some(root) = w.document().and_then(|doc| doc.document_element()) {
        let _ = root.set_attribute("data-theme", if d.dark { "dark" } else { "light" });
        let _ = if d.presenter { root.set_attribute("data-presenter", "on") } else { root.remove_attribute("data-presenter") };
    }
    if let Ok(Some(storage)) = w.local_storage() {
        let value = format!("{}{}", if d.dark { "dark" } else { "light" }, if d.presenter { ",presenter" } else { "" });
        let _ = storage.set_item(DISPLAY_KEY, &value);
    }
}
