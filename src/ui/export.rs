//! Export and import: the scenario as a JSON file (the CLI reads the same file), and
//! loading one back (checked like any input; a bad file is a message naming the field, the
//! value and the range, and the page keeps its state). The run's CSV is made by the
//! simulation worker (the run panel's "Results (CSV)").

use super::download::save_text;
use super::state::Action;
use crate::model::scenario::Scenario;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Callbacks only (the scenario saved is the one on the page when the button is pressed),
/// so no input re-renders the buttons.
#[derive(Properties, PartialEq)]
pub struct ExportProps {
    pub scenario_now: Callback<(), Rc<Scenario>>,
    pub dispatch: Callback<Action>,
}

#[function_component]
pub fn Export(p: &ExportProps) -> Html {
    let on_save = {
        let scenario_now = p.scenario_now.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(json) = serde_json::to_string_pretty(&*scenario_now.emit(())) {
                save_text("scalelab-scenario.json", "application/json", &json);
            }
        })
    };
    let on_load = {
        let dispatch = p.dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let dispatch = dispatch.clone();
            yew::platform::spawn_local(async move {
                let name = file.name();
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
                let action = match text.map(|t| Scenario::from_json(&t)) {
                    Some(Ok(s)) => Action::Load(Box::new(s), name),
                    Some(Err(e)) => Action::Notice(format!("{name} was not loaded: {e} — keeping the current scenario.")),
                    None => Action::Notice(format!("{name} could not be read.")),
                };
                dispatch.emit(action);
            });
        })
    };
    html! {
        <div class="export" role="group" aria-label="Export and import">
            <button type="button" id="save-scenario" onclick={on_save}>{ "Save scenario (JSON)" }</button>
            <label class="file-button">
                { "Load scenario…" }
                <input type="file" id="load-scenario" accept=".json,application/json" onchange={on_load} />
            </label>
        </div>
    }
}
