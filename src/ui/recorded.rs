//! Recorded vs simulated: when the scenario carries what CloudWatch recorded while its
//! traffic ran (an imported CloudWatch export), the run of that traffic is set beside it
//! in sentences (`crate::model::import::compare`): throttle events recorded and simulated,
//! peaks of capacity, and where the two differ most.
//!
//! Only the whole run of the inputs on screen is compared: `run` is given only then, with
//! the id of those inputs (`data-run-id`, as the run panel's other figures carry it).

use crate::model::import::compare;
use crate::model::scenario::Scenario;
use crate::model::sim::SimRun;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct RecordedProps {
    /// The scenario of the run (its `recorded` series).
    pub scenario: Rc<Scenario>,
    /// The whole run of `scenario`, once it has arrived.
    pub run: Option<Rc<SimRun>>,
    pub run_id: u64,
}

/// Same scenario and same run (pointers: both are large and shared).
impl PartialEq for RecordedProps {
    fn eq(&self, other: &Self) -> bool {
        let same_run = match (&self.run, &other.run) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        Rc::ptr_eq(&self.scenario, &other.scenario) && same_run && self.run_id == other.run_id
    }
}

#[function_component]
pub fn RecordedVsSimulated(p: &RecordedProps) -> Html {
    let sentences = use_memo((p.run.as_ref().map(|r| Rc::as_ptr(r) as usize), Rc::as_ptr(&p.scenario) as usize), {
        let (scenario, run) = (p.scenario.clone(), p.run.clone());
        move |_| match (&scenario.recorded, run) {
            (Some(recorded), Some(run)) => compare(recorded, &run).sentences,
            _ => Vec::new(),
        }
    });
    let Some(recorded) = &p.scenario.recorded else { return Html::default() };
    let what = format!("{} series recorded by CloudWatch", recorded.series.len());
    html! {
        <section class="recorded-comparison" id="recorded-comparison" aria-label="Recorded vs simulated" aria-live="polite"
            data-run-id={p.run.as_ref().map(|_| p.run_id.to_string())}>
            <h3>{ "Recorded vs simulated" }</h3>
            if p.run.is_some() {
                <ul>
                    { for sentences.iter().map(|s| html! { <li>{ s.clone() }</li> }) }
                </ul>
            } else {
                <p class="run-quiet">{ format!("The {what} will be set beside this run once it is complete.") }</p>
            }
        </section>
    }
}
