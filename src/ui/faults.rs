//! The faults editor: the run's time axis with each fault's window on it (click the axis to
//! place a fault of the chosen kind there), one row per fault to change its kind, time and
//! parameters or remove it, each with what it costs both databases; and the Regions
//! settings faults depend on. Every change sends the whole edited scenario; the reducer
//! keeps it only if it is valid, and says why not.

use super::slider::Slider;
use super::state::Action;
use crate::format::{clock, percent};
use crate::model::aurora::config::{Access, ClientDriver};
use crate::model::faults::{Az, Fault, FaultImpact, FaultKind, FaultPlan, RegionId};
use crate::model::database::Database;
use crate::model::dsql::Topology;
use crate::model::regions::GlobalTableMode;
use crate::model::scenario::Scenario;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties)]
pub struct FaultEditorProps {
    /// The scenario shown. Shared, not copied: the editor makes a callback per field.
    pub scenario: Rc<Scenario>,
    /// The scenario on the page now, which an edit changes: the one shown can be older (a
    /// traffic input does not re-render an editor with no faults, see `eq`).
    pub scenario_now: Callback<(), Rc<Scenario>>,
    pub dispatch: Callback<Action>,
}

/// Equal when the editor would show the same: with no faults it shows no costs, so the
/// workload and the traffic do not change it (a traffic input re-rendered it every time).
impl PartialEq for FaultEditorProps {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&*self.scenario, &*other.scenario);
        // Every field listed, so that a new one must be placed here.
        let Scenario { version, workload: _, traffic: _, simulation, dynamodb, aurora, prices, estimates, p99_target_ms, faults, regions, recorded, contenders, dsql, billing, uncertainty } = a;
        self.dispatch == other.dispatch
            && self.scenario_now == other.scenario_now
            && (Rc::ptr_eq(&self.scenario, &other.scenario)
                || (faults.is_empty()
                    && b.faults.is_empty()
                    && *version == b.version
                    && *simulation == b.simulation
                    && *dynamodb == b.dynamodb
                    && *aurora == b.aurora
                    && *prices == b.prices
                    && *estimates == b.estimates
                    && p99_target_ms.to_bits() == b.p99_target_ms.to_bits()
                    && *regions == b.regions
                    && *recorded == b.recorded
                    && *contenders == b.contenders
                    && *dsql == b.dsql
                    && *billing == b.billing
                    && *uncertainty == b.uncertainty))
    }
}

/// A callback that applies `change` to a copy of the scenario on the page now and sends it.
fn edit<E: 'static>(
    p: &FaultEditorProps,
    change: impl Fn(&mut Scenario, E) + 'static,
) -> Callback<E> {
    super::state::edit_now(&p.scenario_now, &p.dispatch, change)
}

pub(super) fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

/// A number field's value, if it is a number.
fn number(e: &Event) -> Option<f64> {
    Some(
        e.target_unchecked_into::<HtmlInputElement>()
            .value_as_number(),
    )
    .filter(|v| v.is_finite())
}

/// Each fault's cost at the scenario's own traffic.
fn impacts(s: &Scenario) -> Vec<FaultImpact> {
    let (base, read_share) = (s.workload.requests_per_s, s.workload.read_share);
    FaultPlan::new(s).impacts(|t| {
        let rps = s.traffic.rate_at(t, base).max(0.0);
        (rps * read_share, rps * (1.0 - read_share))
    })
}

#[function_component]
pub fn FaultEditor(props: &FaultEditorProps) -> Html {
    let kind = use_state(|| FaultKind::AuroraWriterFailover);
    let s = &props.scenario;
    let run_s = s.simulation.duration_s;
    let plan: Rc<FaultPlan> = use_memo(s.clone(), |s| FaultPlan::new(s));
    let costs: Rc<Vec<FaultImpact>> = use_memo(s.clone(), |s| impacts(s));

    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            if let Some(k) = FaultKind::from_id(&select_value(&e)) {
                kind.set(k);
            }
        })
    };
    // The strip's children let clicks through (CSS), so the offset is the strip's own.
    let place = |p: &FaultEditorProps, k: FaultKind| {
        edit(p, move |s: &mut Scenario, e: MouseEvent| {
            let strip: web_sys::Element = e.target_unchecked_into();
            let width = f64::from(strip.client_width().max(1));
            let at = (f64::from(e.offset_x()) / width).clamp(0.0, 1.0) * s.simulation.duration_s;
            s.faults.push(k.at((at / 60.0).round() * 60.0));
        })
    };
    let on_axis = place(props, *kind);
    let on_add = {
        let k = *kind;
        edit(props, move |s: &mut Scenario, _: MouseEvent| {
            s.faults
                .push(k.at((s.simulation.duration_s / 2.0 / 60.0).round() * 60.0))
        })
    };
    let hours = run_s / 3600.0;
    let tick_h = [
        0.25, 0.5, 1.0, 2.0, 3.0, 6.0, 12.0, 24.0, 48.0, 120.0, 240.0,
    ]
    .into_iter()
    .find(|t| hours / t <= 8.0)
    .unwrap_or(240.0);
    let ticks: Vec<f64> = (0..)
        .map(|i| f64::from(i) * tick_h)
        .take_while(|&h| h <= hours + 1e-9)
        .collect();
    let pct = |t_s: f64| (t_s / run_s * 100.0).clamp(0.0, 100.0);

    html! {
        <details class="faults" id="faults" open={!s.faults.is_empty()}>
            <summary>{ format!("Failures and Regions: {}", match s.faults.len() { 0 => "no faults yet".to_string(), 1 => "1 fault".to_string(), n => format!("{n} faults") }) }</summary>
            <div class="fault-place">
                <label for="fault-kind-new" class="control-label">{ "Place a fault:" }</label>
                <select id="fault-kind-new" onchange={on_kind}>
                    { for FaultKind::ALL.iter().map(|k| html! { <option value={k.id()} selected={*k == *kind}>{ k.label() }</option> }) }
                </select>
                <button type="button" id="fault-add" onclick={on_add}>{ "Add at mid-run" }</button>
                <span class="control-hint">{ " or click the time axis below." }</span>
            </div>
            <div class="fault-axis" id="fault-axis" onclick={on_axis} role="presentation" title="Click to place the chosen fault here">
                { for plan.windows().iter().map(|w| html! {
                    <span class="fault-window" data-fault={w.fault.to_string()} title={w.label.clone()}
                        style={format!("left:{:.3}%;width:max(3px,{:.3}%)", pct(w.start_s), pct(w.end_s) - pct(w.start_s))}></span>
                }) }
                { for ticks.iter().map(|h| html! {
                    <span class="fault-tick" style={format!("left:{:.3}%", pct(h * 3600.0))}>{ format!("{} h", crate::format::si(*h)) }</span>
                }) }
            </div>
            <ol class="fault-list" id="fault-list">
                { for s.faults.iter().enumerate().map(|(i, f)| fault_row(props, i, f, costs.iter().find(|c| c.fault == i))) }
            </ol>
            { regions(props) }
        </details>
    }
}

fn fault_row(p: &FaultEditorProps, i: usize, f: &Fault, cost: Option<&FaultImpact>) -> Html {
    let on_kind = edit(p, move |s: &mut Scenario, e: Event| {
        if let (Some(k), Some(old)) = (FaultKind::from_id(&select_value(&e)), s.faults.get(i)) {
            s.faults[i] = k.at(old.at_s());
        }
    });
    let on_at = edit(p, move |s: &mut Scenario, e: Event| {
        if let (Some(min), Some(old)) = (number(&e), s.faults.get(i)) {
            s.faults[i] = old.moved_to(min * 60.0);
        }
    });
    let on_duration = edit(p, move |s: &mut Scenario, e: Event| {
        if let (Some(min), Some(old)) = (number(&e), s.faults.get(i)) {
            s.faults[i] = old.with_duration(min * 60.0);
        }
    });
    let on_place = edit(p, move |s: &mut Scenario, e: Event| {
        let v = select_value(&e);
        if let Some(old) = s.faults.get_mut(i) {
            match old {
                Fault::AzOutage { az, .. } => {
                    *az = Az::ALL
                        .into_iter()
                        .find(|z| z.letter().to_string() == v)
                        .unwrap_or(*az)
                }
                Fault::RegionOutage { region, .. } => {
                    *region = if v == "b" { RegionId::B } else { RegionId::A }
                }
                _ => {}
            }
        }
    });
    let on_remove = edit(p, move |s: &mut Scenario, _: MouseEvent| {
        if i < s.faults.len() {
            s.faults.remove(i);
        }
    });
    let id = |what: &str| format!("fault-{i}-{what}");
    html! {
        <li class="fault-row" data-fault={i.to_string()}>
            <div class="fault-controls">
                <select id={id("kind")} aria-label={format!("Fault {} kind", i + 1)} onchange={on_kind}>
                    { for FaultKind::ALL.iter().map(|k| html! { <option value={k.id()} selected={*k == f.kind()}>{ k.label() }</option> }) }
                </select>
                <label>{ "at " }<input type="number" id={id("at")} class="fault-at" min="0" step="1" value={format!("{}", (f.at_s() / 60.0).round())} onchange={on_at} />{ " min" }</label>
                <span class="fault-clock">{ format!("({})", clock(f.at_s())) }</span>
                if let Some(d) = f.duration_s() {
                    <label>{ "for " }<input type="number" id={id("duration")} class="fault-duration" min="1" step="1" value={format!("{}", (d / 60.0).round().max(1.0))} onchange={on_duration} />{ " min" }</label>
                }
                if let Fault::AzOutage { az, .. } = f {
                    <select id={id("az")} aria-label="Availability Zone" onchange={on_place.clone()}>
                        { for Az::ALL.iter().map(|z| html! { <option value={z.letter().to_string()} selected={z == az}>{ format!("AZ {}{}", z.letter(), if *z == Az::A { " (writer)" } else { "" }) }</option> }) }
                    </select>
                }
                if let Fault::RegionOutage { region, .. } = f {
                    <select id={id("region")} aria-label="Region" onchange={on_place}>
                        <option value="a" selected={*region == RegionId::A}>{ "Region A (home)" }</option>
                        <option value="b" selected={*region == RegionId::B}>{ "Region B" }</option>
                    </select>
                }
                <button type="button" id={id("remove")} class="fault-remove" onclick={on_remove}>{ "Remove" }</button>
            </div>
            if let Some(c) = cost {
                <p class="fault-verdict ddb-verdict">{ c.dynamodb.verdict.clone() }</p>
                <p class="fault-verdict aurora-verdict">{ c.aurora.verdict.clone() }</p>
                if let Some(d) = &c.dsql {
                    <p class="fault-verdict dsql-verdict">{ d.verdict.clone() }</p>
                }
            }
        </li>
    }
}

/// Where the clients are, each database's Regions, and how clients reach Aurora.
fn regions(p: &FaultEditorProps) -> Html {
    let s = &p.scenario;
    let ddb_now = match (
        s.dynamodb.replica_regions,
        s.regions.dynamodb_mode,
        s.regions.dynamodb_witness,
    ) {
        (0, _, _) => "single",
        (_, GlobalTableMode::Mrec, _) => "mrec",
        (_, GlobalTableMode::Mrsc, false) => "mrsc",
        (_, GlobalTableMode::Mrsc, true) => "mrsc_witness",
    };
    let on_ddb = edit(p, |s: &mut Scenario, e: Event| {
        let r = &mut s.regions;
        match select_value(&e).as_str() {
            "single" => {
                (
                    s.dynamodb.replica_regions,
                    r.dynamodb_mode,
                    r.dynamodb_witness,
                ) = (0, GlobalTableMode::Mrec, false)
            }
            "mrec" => {
                (
                    s.dynamodb.replica_regions,
                    r.dynamodb_mode,
                    r.dynamodb_witness,
                ) = (
                    s.dynamodb.replica_regions.max(1),
                    GlobalTableMode::Mrec,
                    false,
                )
            }
            "mrsc" => {
                (
                    s.dynamodb.replica_regions,
                    r.dynamodb_mode,
                    r.dynamodb_witness,
                ) = (2, GlobalTableMode::Mrsc, false)
            }
            "mrsc_witness" => {
                (
                    s.dynamodb.replica_regions,
                    r.dynamodb_mode,
                    r.dynamodb_witness,
                ) = (1, GlobalTableMode::Mrsc, true)
            }
            _ => {}
        }
    });
    let aurora_now = match (
        s.aurora.secondary_regions,
        s.regions.aurora_write_forwarding,
    ) {
        (0, _) => "single",
        (_, false) => "global",
        (_, true) => "forwarding",
    };
    let on_aurora = edit(p, |s: &mut Scenario, e: Event| {
        let secondaries = s.aurora.secondary_regions.max(1);
        match select_value(&e).as_str() {
            "single" => {
                (
                    s.aurora.secondary_regions,
                    s.regions.aurora_write_forwarding,
                ) = (0, false)
            }
            "global" => {
                (
                    s.aurora.secondary_regions,
                    s.regions.aurora_write_forwarding,
                ) = (secondaries, false)
            }
            "forwarding" => {
                (
                    s.aurora.secondary_regions,
                    s.regions.aurora_write_forwarding,
                ) = (secondaries, true)
            }
            _ => {}
        }
        // Auto-pause is not available on a Global Database primary.
        if s.aurora.secondary_regions > 0 && s.aurora.min_acu == 0.0 {
            s.aurora.min_acu = 0.5;
        }
    });
    let client_now = match (s.aurora.access, s.aurora.client_driver) {
        (Access::RdsProxy, _) => "proxy",
        (Access::DataApi, _) => "data_api",
        (Access::Direct, ClientDriver::AwsWrapper) => "wrapper",
        (Access::Direct, ClientDriver::Plain) => "plain",
        (Access::Direct, ClientDriver::PerRequest) => "per_request",
    };
    let on_client = edit(p, |s: &mut Scenario, e: Event| {
        let a = &mut s.aurora;
        match select_value(&e).as_str() {
            "plain" => (a.access, a.client_driver) = (Access::Direct, ClientDriver::Plain),
            "wrapper" => (a.access, a.client_driver) = (Access::Direct, ClientDriver::AwsWrapper),
            "per_request" => (a.access, a.client_driver) = (Access::Direct, ClientDriver::PerRequest),
            "proxy" => a.set_access(Access::RdsProxy),
            "data_api" => a.set_access(Access::DataApi),
            _ => {}
        }
    });
    let dsql_now = if s.dsql.topology == Topology::MultiRegion { "multi_region" } else { "single_region" };
    let on_dsql = edit(p, |s: &mut Scenario, e: Event| {
        s.dsql.topology = if select_value(&e) == "multi_region" { Topology::MultiRegion } else { Topology::SingleRegion };
    });
    let on_share = edit(p, |s: &mut Scenario, v: f64| {
        s.regions.remote_share = (v / 100.0).clamp(0.0, 1.0)
    });
    let option = |value: &'static str, label: &str, now: &str| html! { <option value={value} selected={value == now}>{ label.to_string() }</option> };
    html! {
        <fieldset class="regions-settings">
            <legend>{ "Regions and clients" }</legend>
            <Slider id="remote-share" label="Clients in Region B" min={0.0} max={100.0} step={5.0}
                value={(s.regions.remote_share * 100.0).round()} display={format!("{} of requests", percent(s.regions.remote_share))}
                on_input={on_share} />
            <div class="control">
                <label for="ddb-regions"><span class="control-label">{ "DynamoDB" }</span></label>
                <select id="ddb-regions" onchange={on_ddb}>
                    { option("single", "One Region", ddb_now) }
                    { option("mrec", &format!("Global table, MREC ({} Regions)", s.dynamodb.replica_regions.max(1) + 1), ddb_now) }
                    { option("mrsc", "Global table, MRSC (3 replicas)", ddb_now) }
                    { option("mrsc_witness", "Global table, MRSC (2 replicas + witness)", ddb_now) }
                </select>
            </div>
            <div class="control">
                <label for="aurora-regions-mode"><span class="control-label">{ "Aurora" }</span></label>
                <select id="aurora-regions-mode" onchange={on_aurora}>
                    { option("single", "One Region", aurora_now) }
                    { option("global", &format!("Global Database ({} secondary)", s.aurora.secondary_regions.max(1)), aurora_now) }
                    { option("forwarding", "Global Database with write forwarding", aurora_now) }
                </select>
            </div>
            if s.has(Database::Dsql) {
                <div class="control">
                    <label for="dsql-regions"><span class="control-label">{ "Aurora DSQL" }</span></label>
                    <select id="dsql-regions" onchange={on_dsql}>
                        { option("single_region", "One Region (3 AZs)", dsql_now) }
                        { option("multi_region", "Multi-Region: A and B + a witness (RPO 0)", dsql_now) }
                    </select>
                </div>
            }
            <div class="control">
                <label for="aurora-client"><span class="control-label">{ "Aurora clients" }</span></label>
                <select id="aurora-client" onchange={on_client}>
                    { option("plain", "Plain driver, pooled (follows DNS)", client_now) }
                    { option("per_request", "New connection per request", client_now) }
                    { option("wrapper", "AWS Advanced wrapper driver", client_now) }
                    { option("proxy", "RDS Proxy", client_now) }
                    { option("data_api", "RDS Data API (HTTPS)", client_now) }
                </select>
            </div>
            <p class="control-hint">{ crate::model::regions::describe(s) }</p>
        </fieldset>
    }
}
