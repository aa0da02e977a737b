//! Where the page's state lives besides memory: the URL fragment (share links, reload),
//! local storage (the last session comes back, through gloo's storage), and the
//! `?embed=1` and `?selftest=…` switches.
//!
//! Reading is forgiving and says what it refused: a link or a stored session that cannot
//! be read is named in a notice (the model's message gives the field, the value and the
//! allowed range) and the page falls back to the last good state it has: the stored
//! session for a bad link, the defaults otherwise.
//!
//! A state must never break the page twice. Before a state is applied its fragment is
//! written under [`UNSAFE_KEY`], and the mark is removed once the page has rendered it
//! ([`rendered`]); the panic hook ([`mark_crashed`]) leaves the mark, or sets it to `*`
//! when the crash came later. On the next visit a marked state is not restored: the page
//! starts from the defaults and says why.

use super::state::State;
use crate::model::presets;
use crate::model::scenario::Scenario;
use crate::model::share;
use crate::model::traffic::Traffic;
use gloo_storage::{LocalStorage, Storage};
use std::rc::Rc;

const STORAGE_KEY: &str = "scalelab.scenario";
const DISPLAY_KEY: &str = "scalelab.display";
/// The fragment being applied until the page has rendered it; `*` after a later crash.
const UNSAFE_KEY: &str = "scalelab.unsafe";
const ANY_STATE: &str = "*";
/// Longest piece of a user's text echoed back in a message.
const ECHO_CHARS: usize = 80;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// gloo's storage throws when the browser denies storage (a sandboxed iframe, a privacy
/// setting): ask the browser first, and treat a denial as an empty storage.
fn storage_available() -> bool {
    window().is_some_and(|w| matches!(w.local_storage(), Ok(Some(_))))
}

fn get_text(key: &str) -> Option<String> {
    if !storage_available() {
        return None;
    }
    match LocalStorage::get::<String>(key) {
        Ok(text) => Some(text),
        Err(gloo_storage::errors::StorageError::KeyNotFound(_)) => None,
        // Written by an older build (the raw text, not JSON) or by someone else: hand the
        // raw text on, the caller checks it like any input.
        Err(_) => LocalStorage::raw().get_item(key).ok().flatten(),
    }
}

fn set_text(key: &str, text: &str) {
    if storage_available() {
        // Full or denied storage: the page works without it.
        let _ = LocalStorage::set(key, text);
    }
}

fn delete(key: &str) {
    if storage_available() {
        LocalStorage::delete(key);
    }
}

/// At most [`ECHO_CHARS`] characters of `text`, marked when cut.
pub fn clip(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

fn current_fragment() -> String {
    let hash = window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    hash.trim_start_matches('#').to_string()
}

/// The state a fragment describes: `Ok(None)` if it holds no scenario, an error naming
/// what is wrong otherwise.
pub fn from_fragment(fragment: &str) -> Result<Option<State>, String> {
    let (preset_id, encoded) = share::parse_fragment(fragment);
    if preset_id.is_none() && encoded.is_none() {
        return Ok(None);
    }
    let preset = match preset_id {
        Some(id) => Some(presets::find(&id).ok_or_else(|| {
            format!(
                "it names an unknown scenario {:?} (known: {})",
                clip(&id, ECHO_CHARS),
                known_presets()
            )
        })?),
        None => None,
    };
    let base = preset.map_or_else(Scenario::default, |p| p.scenario());
    let scenario = match encoded {
        Some(e) => share::decode(&e, &base)?,
        None => base,
    };
    Ok(Some(State {
        scenario: Rc::new(scenario),
        preset: preset.map(|p| p.id),
        notice: None,
        input_changes: 0,
    }))
}

fn known_presets() -> String {
    presets::PRESETS
        .iter()
        .map(|p| p.id)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Two fragments describe the same state (`#p=flash-sale` and the page's own
/// `#p=flash-sale&s=v1.e30` do).
fn same_state(a: &str, b: &str) -> bool {
    a == b || matches!((from_fragment(a), from_fragment(b)), (Ok(Some(x)), Ok(Some(y))) if x == y)
}

/// The state to start with: the link's scenario, else the last session's, else the
/// defaults, never one that broke the page on the last visit. Marks it as being applied.
pub fn initial_state() -> State {
    let link = current_fragment();
    let stored = get_text(STORAGE_KEY);
    let mut notes = Vec::new();
    let (mut link_ok, mut stored_ok) = (!link.is_empty(), stored.is_some());
    if let Some(mark) = get_text(UNSAFE_KEY) {
        let stored_text = stored.as_deref().unwrap_or_default();
        let own_link = same_state(stored_text, &link);
        let skip_link = link_ok && (same_state(&link, &mark) || (mark == ANY_STATE && own_link));
        let skip_stored = stored_ok && (mark == ANY_STATE || same_state(stored_text, &mark));
        if skip_link || skip_stored {
            notes.push(
                "The last visit stopped with an internal error while showing this scenario, so this \
                 one starts from the defaults instead."
                    .to_string(),
            );
            delete(STORAGE_KEY);
        }
        link_ok &= !skip_link;
        stored_ok &= !skip_stored;
        delete(UNSAFE_KEY);
    }
    let mut chosen = None;
    let mut link_error = None;
    if link_ok {
        match from_fragment(&link) {
            Ok(Some(state)) => chosen = Some((link.clone(), state)),
            Ok(None) => {}
            Err(e) => link_error = Some(e),
        }
    }
    let mut stored_error = None;
    // The stored session, unless it is the very link that just failed (the page's own).
    if chosen.is_none()
        && stored_ok
        && !(link_error.is_some() && stored.as_deref() == Some(link.as_str()))
    {
        let text = stored.unwrap_or_default();
        match from_fragment(&text) {
            Ok(Some(state)) => chosen = Some((text, state)),
            Ok(None) => {}
            Err(e) => {
                stored_error = Some(e);
                delete(STORAGE_KEY);
            }
        }
    }
    match (link_error, stored_error) {
        (Some(e), _) if chosen.is_some() => notes.push(format!("This link could not be read: {e} — showing your last session instead.")),
        (Some(e), None) => notes.push(format!("This link could not be read: {e} — showing the defaults instead.")),
        (Some(e), Some(e2)) => notes.push(format!(
            "This link could not be read: {e} — showing the defaults instead (your last session could not be restored either: {e2})."
        )),
        (None, Some(e2)) => notes.push(format!("Your last session could not be restored: {e2} — starting from the defaults.")),
        (None, None) => {}
    }
    let mut state = match chosen {
        Some((fragment, state)) => {
            set_text(UNSAFE_KEY, &fragment);
            with_stored_trace(state)
        }
        None => State::default(),
    };
    if !notes.is_empty() {
        state.notice = Some(notes.join(" "));
    }
    state
}

/// The page has rendered its first state: it is safe to restore next time.
pub fn rendered() {
    if get_text(UNSAFE_KEY).is_some_and(|m| m != ANY_STATE) {
        delete(UNSAFE_KEY);
    }
}

/// Called by the panic hook: do not restore the state that was showing. A mark left by a
/// load that never finished names that state already; otherwise mark whatever is stored.
pub fn mark_crashed() {
    if get_text(UNSAFE_KEY).is_none() {
        set_text(UNSAFE_KEY, ANY_STATE);
    }
}

fn base_of(state: &State) -> Scenario {
    state
        .preset
        .and_then(presets::find)
        .map_or_else(Scenario::default, |p| p.scenario())
}

thread_local! {
    /// The last scenario summarised for a link, and its summary (`None`: carried as it is).
    /// Summarising a long trace and writing it out take tens of milliseconds: done once per
    /// trace, not on every input.
    static FOR_LINK: std::cell::RefCell<Option<(Scenario, Option<Scenario>)>> = const { std::cell::RefCell::new(None) };
    /// The trace last written to storage under [`TRACE_KEY`].
    static STORED_TRACE: std::cell::RefCell<Option<Traffic>> = const { std::cell::RefCell::new(None) };
}

/// The scenario as a link carries it (a long trace summarised), remembered per trace.
fn for_link(scenario: &Scenario) -> Option<Scenario> {
    FOR_LINK.with(|cell| {
        let mut cached = cell.borrow_mut();
        // Only the trace and recorded series are summarised: reuse their summary while they
        // are unchanged, and take everything else from this scenario.
        if let Some((was, summary)) = cached.as_ref() {
            if was.traffic == scenario.traffic && was.recorded == scenario.recorded && was.simulation.duration_s == scenario.simulation.duration_s {
                return summary.as_ref().map(|sum| Scenario { traffic: sum.traffic.clone(), recorded: sum.recorded.clone(), ..scenario.clone() });
            }
        }
        let summary = scenario.for_link();
        *cached = Some((scenario.clone(), summary.clone()));
        summary
    })
}

/// The fragment a link carries for `state`, and whether its trace is summarised (a long
/// trace is: `Scenario::for_link`).
pub fn fragment(state: &State) -> (String, bool) {
    let base = base_of(state);
    match for_link(&state.scenario) {
        Some(summary) => (share::fragment(state.preset, &share::encode(&summary, &base)), true),
        None => (share::fragment(state.preset, &share::encode(&state.scenario, &base)), false),
    }
}

/// The exact trace and recorded series behind a summarised session, kept beside it: written
/// once per trace (megabytes of it would otherwise be encoded on every input).
const TRACE_KEY: &str = "scalelab.trace";

/// What [`TRACE_KEY`] holds.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredTrace {
    traffic: Traffic,
    #[serde(default)]
    recorded: Option<crate::model::import::Recorded>,
}

/// Mark `<html data-save-pending>` from a change of the scenario until its link is written
/// (`pending` false), so a test waits for the address bar of the state on screen instead of
/// for it to look still for a while.
pub fn mark_save_pending(pending: bool) {
    if let Some(root) = window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = if pending { root.set_attribute("data-save-pending", "") } else { root.remove_attribute("data-save-pending") };
    }
}

/// Put `state` in the address bar (without a new history entry: as a link carries it) and
/// in local storage: the same fragment, and when its trace is a summary, the exact trace
/// and recorded series beside it, written once per trace. When the browser's storage is
/// full the exact trace is not kept (never half of it): the session comes back as its
/// summary, never as an older session.
pub fn save(state: &State) {
    let Some(w) = window() else { return };
    let (link, summarised) = fragment(state);
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("#{link}")),
        );
    }
    if !set_text_checked(STORAGE_KEY, &link) {
        delete(STORAGE_KEY);
    }
    if !summarised || STORED_TRACE.with(|t| t.borrow().as_ref() == Some(&state.scenario.traffic)) {
        return;
    }
    // Megabytes of JSON: written in a task of its own, so no task of the page's runs long.
    let scenario = state.scenario.clone();
    gloo::timers::callback::Timeout::new(0, move || {
        let stored = StoredTrace { traffic: scenario.traffic.clone(), recorded: scenario.recorded.clone() };
        let written = serde_json::to_string(&stored).is_ok_and(|text| set_text_checked(TRACE_KEY, &text));
        if !written {
            delete(TRACE_KEY);
        }
        STORED_TRACE.with(|t| *t.borrow_mut() = Some(stored.traffic));
    })
    .forget();
}

/// `state` with its exact trace back, when its trace is the summary of the one stored
/// beside the session (this browser's own session or link); else as it is.
fn with_stored_trace(mut state: State) -> State {
    if state.scenario.trace_summary_of().is_none() {
        return state;
    }
    let Some(stored) = get_text(TRACE_KEY).and_then(|t| serde_json::from_str::<StoredTrace>(&t).ok()) else {
        return state;
    };
    let mut exact = (*state.scenario).clone();
    exact.traffic = stored.traffic;
    exact.recorded = stored.recorded;
    let matches = exact.for_link().is_some_and(|summary| summary.traffic == state.scenario.traffic && summary.recorded == state.scenario.recorded);
    if matches && exact.validate().is_ok() {
        STORED_TRACE.with(|t| *t.borrow_mut() = Some(exact.traffic.clone()));
        state.scenario = Rc::new(exact);
    }
    state
}

/// [`set_text`], saying whether the browser kept it (a full storage throws).
fn set_text_checked(key: &str, text: &str) -> bool {
    storage_available() && LocalStorage::set(key, text).is_ok()
}

/// Forget the stored session (and the trace beside it).
pub fn clear() {
    delete(STORAGE_KEY);
    delete(TRACE_KEY);
    STORED_TRACE.with(|t| *t.borrow_mut() = None);
}

/// The page's address with the current fragment: what "Copy link" copies, and whether its
/// trace is a summary.
pub fn link(state: &State) -> (String, bool) {
    let here = window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let without_hash = here.split('#').next().unwrap_or_default();
    let (fragment, summarised) = fragment(state);
    (format!("{without_hash}#{fragment}"), summarised)
}

fn query_has(flag: &str) -> bool {
    let search = window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .any(|kv| kv == flag)
}

/// `?embed=1`: charts and the primary sliders only, for an iframe in docs.
pub fn embed_mode() -> bool {
    query_has("embed=1") || query_has("embed=true")
}

/// `?selftest=panic` (the first slider input panics) and `?selftest=worker-panic` (the
/// simulation worker panics): the crash paths, tested end to end (tests/e2e/crash.spec.js).
pub fn selftest(what: &str) -> bool {
    query_has(&format!("selftest={what}"))
}

/// Display preferences: dark theme, presenter (large type) mode.
#[derive(Clone, Copy, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Display {
    pub dark: bool,
    pub presenter: bool,
}

/// The stored display preferences (or the system's dark preference the first time).
pub fn load_display() -> Display {
    let stored = if storage_available() {
        LocalStorage::get::<Display>(DISPLAY_KEY).ok()
    } else {
        None
    };
    // An older build stored "dark,presenter" as text.
    let legacy = || {
        get_text(DISPLAY_KEY).map(|v| Display {
            dark: v.contains("dark"),
            presenter: v.contains("presenter"),
        })
    };
    stored.or_else(legacy).unwrap_or_else(|| {
        let prefers_dark = window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches());
        Display {
            dark: prefers_dark,
            presenter: false,
        }
    })
}

/// Apply to the document (attributes on <html>, read by the style sheet) and remember.
pub fn apply_display(d: Display) {
    let Some(w) = window() else { return };
    if let Some(root) = w.document().and_then(|doc| doc.document_element()) {
        let _ = root.set_attribute("data-theme", if d.dark { "dark" } else { "light" });
        let _ = if d.presenter {
            root.set_attribute("data-presenter", "on")
        } else {
            root.remove_attribute("data-presenter")
        };
    }
    if storage_available() {
        let _ = LocalStorage::set(DISPLAY_KEY, d);
    }
}
