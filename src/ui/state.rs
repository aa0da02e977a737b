//! The page's state: the scenario plus the last input notice. Every slider value is clamped
//! to its documented range here, so the model only ever sees valid input and the user is
//! told what was changed and why.

use crate::model::scenario::Scenario;
use crate::model::workload::{Consistency, QueryKind, BOUNDS};
use std::rc::Rc;
use yew::Reducible;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct State {
    /// Shared, so every render hands it to components without copying it.
    pub scenario: Rc<Scenario>,
    /// The preset the scenario started from, if any (it may have been changed since).
    pub preset: Option<&'static str>,
    /// Why the last input was changed, if it was.
    pub notice: Option<String>,
    /// How many times the run's inputs have changed: the run they need is number
    /// `input_changes + 1` ([`State::run_id`]).
    pub input_changes: u64,
}

impl State {
    /// The id of the run the inputs on screen need (1 for the first inputs).
    pub fn run_id(&self) -> u64 {
        self.input_changes + 1
    }

    /// This state as the one after `previous`: one more input change if the run's inputs
    /// differ (and its id on the page at once), else the same count.
    fn numbered_after(mut self, previous: &State) -> State {
        let changed = RunInput(&self.scenario) != RunInput(&previous.scenario);
        self.input_changes = previous.input_changes + u64::from(changed);
        if changed {
            mark_input_id(self.run_id());
        }
        self
    }
}

/// The parts of a scenario the run depends on (all but the p99 target): a new run id, and a
/// new run, when they change.
pub(crate) struct RunInput<'a>(pub &'a Rc<Scenario>);

impl PartialEq for RunInput<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&**self.0, &**other.0);
        let Scenario { version, workload, traffic, simulation, dynamodb, aurora, prices, estimates, p99_target_ms: _, faults, regions, recorded, contenders, dsql, billing, uncertainty } = a;
        Rc::ptr_eq(self.0, other.0)
            || (*version == b.version
                && *workload == b.workload
                && *simulation == b.simulation
                && *dynamodb == b.dynamodb
                && *aurora == b.aurora
                && *prices == b.prices
                && *estimates == b.estimates
                && *faults == b.faults
                && *regions == b.regions
                && *recorded == b.recorded
                && *contenders == b.contenders
                && *dsql == b.dsql
                && *billing == b.billing
                && *uncertainty == b.uncertainty
                && *traffic == b.traffic)
    }
}

/// Put the new inputs' run id on `<main data-input-id>` now, in the input's own event,
/// rather than when the page next renders: under load the renderer may yield to the
/// browser first, and until then the page would still claim the previous inputs' run as
/// the run of the inputs on screen (the render writes the same id).
fn mark_input_id(id: u64) {
    #[cfg(target_arch = "wasm32")]
    if let Some(main) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector("main[data-input-id]").ok().flatten()) {
        let _ = main.set_attribute("data-input-id", &id.to_string());
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = id;
}

/// A numeric workload field, by the name it has in [`BOUNDS`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Field {
    RequestsPerS,
    ReadShare,
    ItemSizeKb,
    PartitionKeys,
    KeySkew,
    TableSizeGb,
}

/// A callback that applies `change` to a copy of the scenario on the page now (`scenario_now`,
/// read when the event comes, not when the callback was made) and sends it as an
/// [`Action::Edit`]: for editors that are not re-rendered by every input (the faults editor,
/// the contender picker), so the scenario they last showed may be older.
pub fn edit_now<E: 'static>(
    scenario_now: &yew::Callback<(), Rc<Scenario>>,
    dispatch: &yew::Callback<Action>,
    change: impl Fn(&mut Scenario, E) + 'static,
) -> yew::Callback<E> {
    let (now, dispatch) = (scenario_now.clone(), dispatch.clone());
    yew::Callback::from(move |e: E| {
        let mut next = (*now.emit(())).clone();
        change(&mut next, e);
        dispatch.emit(Action::Edit(Box::new(next)));
    })
}

pub enum Action {
    Set(Field, f64),
    /// Make an estimate or a price uncertain, from its starting range.
    AddRange(crate::model::uncertainty::Input),
    /// Load a preset by id (unknown ids are ignored).
    Preset(String),
    Query(QueryKind),
    Consistency(Consistency),
    Readers(u32),
    /// The p99 target the verdict uses, ms.
    P99Target(f64),
    MaxAcu(f64),
    /// Replace the DynamoDB or Aurora settings (kept only if valid).
    Dynamo(crate::model::dynamodb::DynamoConfig),
    /// Backups, data transfer and the free tier.
    Billing(crate::model::billing::Billing),
    /// The uncertain inputs' ranges and the futures sampled.
    Uncertainty(crate::model::uncertainty::Uncertainty),
    Aurora(crate::model::aurora::AuroraConfig),
    /// The application's clients: a fixed pool (`None`) or Lambda functions.
    Lambda(Option<crate::model::workload::LambdaClients>),
    /// Traffic shape over the run, and the run's length and step.
    Traffic(crate::model::traffic::Traffic),
    Simulation(crate::model::scenario::SimSettings),
    /// Edit one price or one estimate by id (kept only if valid).
    Price(String, f64),
    Estimate(String, f64),
    /// Back to the default scenario.
    Reset,
    /// A scenario read from a file (already checked).
    Load(Box<crate::model::scenario::Scenario>, String),
    /// Show a message (e.g. "link copied").
    Notice(String),
    /// A whole state read from a link the user opened on this page (already checked).
    Open(Box<State>),
    /// A whole edited scenario (the faults editor changes faults, Regions and the Region
    /// counts together); kept only if it is valid.
    Edit(Box<crate::model::scenario::Scenario>),
    /// A person's own traffic, shaped in the worker, from the file named: replaces the
    /// traffic, the recorded series, the request rate and the run's length together; kept
    /// only if the scenario it makes is valid.
    ImportTraffic(Box<crate::worker::ShapedTraffic>, String),
}

/// `?selftest=panic`: the first slider input panics, to test the crash path end to end.
pub(crate) static SELFTEST_PANIC: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.notice = None;
        let mut loaded = None;
        let mut notice = None;
        let mut reset = false;
        if let Action::Open(state) = action {
            return Rc::new(state.numbered_after(&self));
        }
        let s = Rc::make_mut(&mut next.scenario);
        match action {
            Action::Set(field, value) => {
                if SELFTEST_PANIC.load(std::sync::atomic::Ordering::Relaxed) {
                    panic!("self-test: a deliberate panic on the first input (?selftest=panic)");
                }
                let name = match field {
                    Field::RequestsPerS => "requests_per_s",
                    Field::ReadShare => "read_share",
                    Field::ItemSizeKb => "item_size_kb",
                    Field::PartitionKeys => "partition_keys",
                    Field::KeySkew => "key_skew",
                    Field::TableSizeGb => "table_size_gb",
                };
                let w = &mut s.workload;
                let slot = match field {
                    Field::RequestsPerS => &mut w.requests_per_s,
                    Field::ReadShare => &mut w.read_share,
                    Field::ItemSizeKb => &mut w.item_size_kb,
                    Field::PartitionKeys => &mut w.partition_keys,
                    Field::KeySkew => &mut w.key_skew,
                    Field::TableSizeGb => &mut w.table_size_gb,
                };
                *slot = value;
                next.notice = s.workload.clamp().into_iter().find(|e| e.field == name).map(|e| {
                    format!("{} — using the nearest allowed value.", e.message)
                });
            }
            Action::Preset(id) => {
                if let Some(p) = crate::model::presets::find(&id) {
                    *s = p.scenario();
                    loaded = Some(p.id);
                }
            }
            Action::Dynamo(cfg) => match cfg.validate() {
                Ok(()) => s.dynamodb = cfg,
                Err(e) => notice = Some(format!("{e} — keeping the previous setting.")),
            },
            Action::AddRange(input) => {
                let range = input.start_range(&s.estimates, &s.prices);
                s.uncertainty.ranges.entry(input).or_insert(range);
            }
            Action::Uncertainty(u) => match u.validate() {
                Ok(()) => s.uncertainty = u,
                Err(e) => notice = Some(format!("{e} — keeping the previous setting.")),
            },
            Action::Billing(b) => match b.validate() {
                Ok(()) => s.billing = b,
                Err(e) => notice = Some(format!("{e} — keeping the previous setting.")),
            },
            Action::Aurora(cfg) => match cfg.validate() {
                Ok(()) => s.aurora = cfg,
                Err(e) => notice = Some(format!("{e} — keeping the previous setting.")),
            },
            Action::Lambda(lambda) => {
                let mut w = s.workload.clone();
                w.lambda = lambda;
                match w.validate() {
                    Ok(()) => s.workload = w,
                    Err(e) => notice = Some(format!("{e} — keeping the previous setting.")),
                }
            }
            Action::Reset => {
                *s = crate::model::scenario::Scenario::default();
                reset = true;
            }
            Action::Notice(text) => notice = Some(text),
            Action::Traffic(t) => match t.validate() {
                Ok(()) => s.traffic = t,
                Err(e) => notice = Some(format!("{e} — keeping the previous traffic.")),
            },
            Action::Simulation(sim) => match sim.validate() {
                Ok(()) => s.simulation = sim,
                Err(e) => notice = Some(format!("{e} — keeping the previous setting.")),
            },
            Action::Price(id, v) => {
                if let Err(e) = s.prices.make_mut().set(&id, v) {
                    notice = Some(format!("{e} — keeping the previous price."));
                }
            }
            Action::Estimate(id, v) => {
                if let Err(e) = s.estimates.set(&id, v) {
                    notice = Some(format!("{e} — keeping the previous value."));
                }
            }
            Action::Load(scenario, from) => {
                *s = *scenario;
                reset = true;
                notice = Some(format!("Loaded the scenario from {from}."));
            }
            Action::ImportTraffic(shaped, from) => {
                let (summary, last_note) = (shaped.summary.clone(), shaped.notes.last().cloned().unwrap_or_default());
                let mut candidate = s.clone();
                (*shaped).move_into(&mut candidate);
                match candidate.validate() {
                    Ok(()) => {
                        *s = candidate;
                        reset = true;
                        let t = &summary;
                        notice = Some(format!(
                            "Running your traffic from {from}: {} at one point every {}, peak {} req/s, mean {} req/s. {}",
                            crate::format::duration(t.duration_s),
                            crate::format::duration(t.resolution_s),
                            crate::format::si(t.peak_rps),
                            crate::format::si(t.mean_rps),
                            last_note
                        ));
                    }
                    Err(e) => notice = Some(format!("Your traffic from {from} was not run: {e} — keeping the current scenario.")),
                }
            }
            // Checked as the end of this function checks every state: a traffic series the
            // edit shares with the previous state is not gone through again (the faults
            // editor and the contender picker edit a copy of the scenario on the page, and a
            // per-second day is 86,400 points).
            Action::Edit(edited) => match edited.validate_after(&self.scenario) {
                Ok(()) => *s = *edited,
                Err(e) => notice = Some(format!("{e} — keeping the previous setting.")),
            },
            Action::Query(q) => s.workload.query = q,
            Action::Consistency(c) => s.workload.consistency = c,
            Action::Open(_) => {}
            Action::P99Target(ms) => {
                if ms.is_finite() {
                    s.p99_target_ms = ((ms * 10.0).round() / 10.0).clamp(0.1, 600_000.0);
                }
            }
            Action::Readers(n) => s.aurora.readers = n.min(crate::model::facts::AURORA_MAX_READERS),
            Action::MaxAcu(v) => {
                let step = crate::model::facts::AURORA_ACU_STEP;
                let on_grid = (v / step).round() * step;
                s.aurora.max_acu = if on_grid.is_finite() {
                    on_grid.clamp(s.aurora.min_acu.max(step), crate::model::facts::AURORA_MAX_ACU)
                } else {
                    s.aurora.max_acu
                };
            }
        }
        if loaded.is_some() {
            next.preset = loaded;
        }
        if reset {
            next.preset = None;
        }
        if notice.is_some() {
            next.notice = notice;
        }
        // Faults and Regions are checked against the rest of the scenario (a reader to lose,
        // MRSC's three Regions): an edit elsewhere that breaks them is refused, and the last
        // good state stays.
        // (The previous scenario is checked only when the new one fails: with a long trace
        // each check costs milliseconds. The new one's trace is not checked again when it is
        // the previous one's: valid or not, it is the same in both, so whichever is kept
        // is kept either way.)
        if let Err(e) = next.scenario.validate_after(&self.scenario) {
            if self.scenario.validate().is_ok() {
                next.scenario = self.scenario.clone();
                next.notice = Some(format!("{e} — keeping the previous setting."));
            }
        }
        debug_assert!(BOUNDS.iter().all(|b| b.min <= b.max));
        Rc::new(next.numbered_after(&self))
    }
}
