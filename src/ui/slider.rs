//! A labelled range input that shows its value with units and announces it to screen
//! readers (`aria-valuetext`). Controlled: the value comes from the state, and every
//! `input` event reports the new raw number.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SliderProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub min: f64,
    pub max: f64,
    pub step: f64,
    /// Position of the thumb (may be a log10 of the real value).
    pub value: f64,
    /// The real value with its unit, as shown to the user.
    pub display: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// The range the sampled futures draw this input from ("×0.5–2"), when it is a guess.
    #[prop_or_default]
    pub uncertain: Option<AttrValue>,
    pub on_input: Callback<f64>,
}

#[function_component]
pub fn Slider(props: &SliderProps) -> Html {
    let on_input = {
        let cb = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let v = input.value_as_number();
            // A cleared or garbled field gives NaN: ignore it and keep the last good value.
            if v.is_finite() {
                super::perf::mark_input();
                cb.emit(v);
            }
        })
    };
    let value_id = format!("{}-value", props.id);
    html! {
        <div class="control">
            <label for={props.id.clone()}>
                <span class="control-label">{ &props.label }</span>
                if let Some(range) = &props.uncertain {
                    <span class="uncertain-badge" id={format!("{}-range", props.id)}
                        title={format!("A guess: the sampled futures draw it from {range} of this value (How sure: uncertain inputs)")}>{ range }</span>
                }
                <output id={value_id} for={props.id.clone()} class="control-value">{ &props.display }</output>
            </label>
            <input type="range" id={props.id.clone()}
                min={props.min.to_string()} max={props.max.to_string()} step={props.step.to_string()}
                value={props.value.to_string()}
                aria-valuetext={props.display.clone()}
                oninput={on_input} />
            if let Some(hint) = &props.hint {
                <p class="control-hint" id={format!("{}-hint", props.id)}>{ hint }</p>
            }
        </div>
    }
}
