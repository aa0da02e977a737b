//! The advanced drawer: DynamoDB capacity mode, auto scaling, table class, indexes, replica
//! Regions and DAX; Aurora engine, minimum ACU and I/O-Optimized. Each control edits a copy of
//! the settings and sends it whole; the reducer keeps it only if it is valid. The bill's other
//! lines: the point-in-time recovery window, the application's zones, bytes sent out to the
//! internet and the free tier.

use super::slider::Slider;
use super::state::Action;
use crate::format::{percent, si};
use crate::model::aurora::{Access, AuroraConfig, Engine};
use crate::model::billing::{Billing, MAX_RECOVERY_DAYS};
use crate::model::uncertainty::{Input, Range, Uncertainty, MAX_SAMPLES};
use crate::model::workload::LambdaClients;
use crate::model::dynamodb::{CapacityMode, DynamoConfig, TableClass};
use crate::model::facts::{AURORA_MAX_ACU, AURORA_MAX_SECONDARY_REGIONS, DDB_MAX_GSIS};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Provisioned classes offered in the drawer (all are in the connections table).
const CLASSES: [&str; 8] = [
    "db.t4g.medium",
    "db.r6g.large",
    "db.r6g.xlarge",
    "db.r6g.2xlarge",
    "db.r6g.4xlarge",
    "db.r6g.8xlarge",
    "db.r6g.16xlarge",
    "db.r7g.4xlarge",
];

#[derive(Properties, PartialEq)]
pub struct AdvancedProps {
    pub dynamodb: DynamoConfig,
    pub aurora: AuroraConfig,
    /// The application's clients: a pool (`None`) or Lambda functions.
    pub lambda: Option<LambdaClients>,
    pub billing: Billing,
    pub uncertainty: Uncertainty,
    pub dispatch: Callback<Action>,
}

/// A callback that applies `edit` to a copy of `cfg` and dispatches it.
fn edit_dynamo<T: 'static>(p: &AdvancedProps, edit: fn(&mut DynamoConfig, T)) -> Callback<T> {
    let (cfg, dispatch) = (p.dynamodb.clone(), p.dispatch.clone());
    Callback::from(move |v: T| {
        let mut next = cfg.clone();
        edit(&mut next, v);
        dispatch.emit(Action::Dynamo(next));
    })
}

fn edit_aurora<T: 'static>(p: &AdvancedProps, edit: fn(&mut AuroraConfig, T)) -> Callback<T> {
    let (cfg, dispatch) = (p.aurora.clone(), p.dispatch.clone());
    Callback::from(move |v: T| {
        let mut next = cfg.clone();
        edit(&mut next, v);
        dispatch.emit(Action::Aurora(next));
    })
}

fn edit_lambda<T: 'static>(p: &AdvancedProps, edit: fn(&mut LambdaClients, T)) -> Callback<T> {
    let (lambda, dispatch) = (p.lambda.clone().unwrap_or_default(), p.dispatch.clone());
    Callback::from(move |v: T| {
        let mut next = lambda.clone();
        edit(&mut next, v);
        dispatch.emit(Action::Lambda(Some(next)));
    })
}

fn edit_billing<T: 'static>(p: &AdvancedProps, edit: fn(&mut Billing, T)) -> Callback<T> {
    let (billing, dispatch) = (p.billing.clone(), p.dispatch.clone());
    Callback::from(move |v: T| {
        let mut next = billing.clone();
        edit(&mut next, v);
        dispatch.emit(Action::Billing(next));
    })
}

fn select_value(cb: Callback<String>) -> Callback<Event> {
    Callback::from(move |e: Event| cb.emit(e.target_unchecked_into::<HtmlSelectElement>().value()))
}

fn checked(cb: Callback<bool>) -> Callback<Event> {
    Callback::from(move |e: Event| cb.emit(e.target_unchecked_into::<HtmlInputElement>().checked()))
}

#[function_component]
pub fn Advanced(p: &AdvancedProps) -> Html {
    let d = &p.dynamodb;
    let a = &p.aurora;
    let provisioned = d.mode == CapacityMode::Provisioned;
    html! {
        <details class="advanced" id="advanced">
            <summary>{ "Advanced: capacity modes, indexes, Regions, caches, Aurora engine, backups and transfer, uncertain inputs" }</summary>
            <div class="advanced-grid">
                <fieldset class="dynamodb">
                    <legend>{ "DynamoDB" }</legend>
                    <div class="control">
                        <label for="ddb-mode"><span class="control-label">{ "Capacity mode" }</span></label>
                        <select id="ddb-mode" onchange={select_value(edit_dynamo(p, |c, v: String| {
                            c.mode = if v == "provisioned" { CapacityMode::Provisioned } else { CapacityMode::OnDemand }
                        }))}>
                            <option value="on_demand" selected={!provisioned}>{ "On-demand (pay per request)" }</option>
                            <option value="provisioned" selected={provisioned}>{ "Provisioned (RCU/WCU)" }</option>
                        </select>
                    </div>
                    if provisioned {
                        <Slider id="ddb-rcu" label="Provisioned reads" min={0.0} max={d.table_quota_units_per_s.log10()} step={0.05}
                            value={d.provisioned_rcu.log10()} display={format!("{} RCU", si(d.provisioned_rcu))}
                            on_input={edit_dynamo(p, |c, v: f64| c.provisioned_rcu = 10f64.powf(v).round().max(1.0))} />
                        <Slider id="ddb-wcu" label="Provisioned writes" min={0.0} max={d.table_quota_units_per_s.log10()} step={0.05}
                            value={d.provisioned_wcu.log10()} display={format!("{} WCU", si(d.provisioned_wcu))}
                            on_input={edit_dynamo(p, |c, v: f64| c.provisioned_wcu = 10f64.powf(v).round().max(1.0))} />
                        <label class="check">
                            <input type="checkbox" id="ddb-autoscaling" checked={d.auto_scaling}
                                onchange={checked(edit_dynamo(p, |c, v: bool| c.auto_scaling = v))} />
                            { format!(" Auto scaling at {} target", percent(d.target_utilisation)) }
                        </label>
                    }
                    <div class="control">
                        <label for="ddb-class"><span class="control-label">{ "Table class" }</span></label>
                        <select id="ddb-class" onchange={select_value(edit_dynamo(p, |c, v: String| {
                            c.table_class = if v == "ia" { TableClass::StandardInfrequentAccess } else { TableClass::Standard }
                        }))}>
                            <option value="standard" selected={d.table_class == TableClass::Standard}>{ "Standard" }</option>
                            <option value="ia" selected={d.table_class == TableClass::StandardInfrequentAccess}>{ "Standard-IA (cheap storage)" }</option>
                        </select>
                    </div>
                    <Slider id="ddb-gsis" label="Global secondary indexes" min={0.0} max={f64::from(DDB_MAX_GSIS)} step={1.0}
                        value={f64::from(d.global_secondary_indexes)} display={format!("{} GSIs", d.global_secondary_indexes)}
                        on_input={edit_dynamo(p, |c, v: f64| c.global_secondary_indexes = v.round().clamp(0.0, 20.0) as u32)} />
                    <Slider id="ddb-replicas" label="Global table replicas" min={0.0} max={5.0} step={1.0}
                        value={f64::from(d.replica_regions)} display={format!("{} other Regions", d.replica_regions)}
                        on_input={edit_dynamo(p, |c, v: f64| c.replica_regions = v.round().clamp(0.0, 5.0) as u32)} />
                    <Slider id="ddb-dax" label="DAX nodes" min={0.0} max={11.0} step={1.0}
                        value={f64::from(d.dax_nodes)} display={if d.dax_nodes == 0 { "no DAX".to_string() } else { format!("{} nodes, {} hits", d.dax_nodes, percent(d.dax_hit_ratio)) }}
                        on_input={edit_dynamo(p, |c, v: f64| c.dax_nodes = v.round().clamp(0.0, 11.0) as u32)} />
                    if d.dax_nodes > 0 {
                        <Slider id="ddb-dax-hits" label="DAX hit ratio (estimate)" min={0.0} max={100.0} step={1.0}
                            value={(d.dax_hit_ratio * 100.0).round()} display={percent(d.dax_hit_ratio)}
                            on_input={edit_dynamo(p, |c, v: f64| c.dax_hit_ratio = (v / 100.0).clamp(0.0, 1.0))} />
                    }
                </fieldset>
                <fieldset class="aurora">
                    <legend>{ "Aurora" }</legend>
                    <div class="control">
                        <label for="aurora-deployment"><span class="control-label">{ "Deployment" }</span></label>
                        <select id="aurora-deployment" onchange={select_value(edit_aurora(p, |c, v: String| {
                            c.instance_class = (v != "serverless").then_some(v)
                        }))}>
                            <option value="serverless" selected={a.instance_class.is_none()}>{ "Serverless v2 (ACU)" }</option>
                            { for CLASSES.iter().map(|&name| html! {
                                <option value={name} selected={a.instance_class.as_deref() == Some(name)}>{ format!("Provisioned {name}") }</option>
                            }) }
                        </select>
                    </div>
                    <div class="control">
                        <label for="aurora-engine"><span class="control-label">{ "Engine" }</span></label>
                        <select id="aurora-engine" onchange={select_value(edit_aurora(p, |c, v: String| {
                            c.engine = if v == "mysql" { Engine::Mysql } else { Engine::Postgresql }
                        }))}>
                            <option value="postgresql" selected={a.engine == Engine::Postgresql}>{ "PostgreSQL (8 KB pages)" }</option>
                            <option value="mysql" selected={a.engine == Engine::Mysql}>{ "MySQL (16 KB pages)" }</option>
                        </select>
                    </div>
                    if a.instance_class.is_none() {
                        <div class="control">
                            <label for="aurora-platform"><span class="control-label">{ "Platform version" }</span></label>
                            <select id="aurora-platform" onchange={select_value(edit_aurora(p, |c, v: String| {
                                c.platform_version = v.parse().unwrap_or(c.platform_version)
                            }))}>
                                <option value="4" selected={a.platform_version == 4}>{ "4 (new clusters, 2026; AWS's 'up to' gains)" }</option>
                                <option value="3" selected={a.platform_version == 3}>{ "3 (Aug 2025; the model's calibration)" }</option>
                                <option value="2" selected={a.platform_version == 2}>{ "2 (same as 3 here)" }</option>
                            </select>
                        </div>
                        <Slider id="aurora-min-acu" label="Minimum ACU" min={0.0} max={AURORA_MAX_ACU} step={0.5}
                            value={a.min_acu} display={if a.min_acu == 0.0 { "0 ACU (auto-pause)".to_string() } else { format!("{} ACU", si(a.min_acu)) }}
                            on_input={edit_aurora(p, |c, v: f64| c.min_acu = (v * 2.0).round() / 2.0)} />
                    }
                    <div class="control">
                        <label for="aurora-access"><span class="control-label">{ "Access path" }</span></label>
                        <select id="aurora-access" onchange={select_value(edit_aurora(p, |c, v: String| {
                            c.set_access(match v.as_str() { "rds_proxy" => Access::RdsProxy, "data_api" => Access::DataApi, _ => Access::Direct })
                        }))}>
                            <option value="direct" selected={a.access == Access::Direct}>{ "Direct connections" }</option>
                            <option value="rds_proxy" selected={a.access == Access::RdsProxy}>{ "RDS Proxy (pools connections)" }</option>
                            <option value="data_api" selected={a.access == Access::DataApi}>{ "RDS Data API (HTTPS, writer only)" }</option>
                        </select>
                    </div>
                    <div class="control">
                        <label for="clients-kind"><span class="control-label">{ "Clients" }</span></label>
                        <select id="clients-kind" onchange={select_value({
                            let (dispatch, lambda) = (p.dispatch.clone(), p.lambda.clone());
                            Callback::from(move |v: String| dispatch.emit(Action::Lambda((v == "lambda").then(|| lambda.clone().unwrap_or_default()))))
                        })}>
                            <option value="pool" selected={p.lambda.is_none()}>{ "A pool of connections" }</option>
                            <option value="lambda" selected={p.lambda.is_some()}>{ "Lambda: a connection each" }</option>
                        </select>
                    </div>
                    if let Some(l) = &p.lambda {
                        <Slider id="lambda-invocation" label="Invocation duration" min={0.0} max={4.0} step={0.05}
                            value={l.invocation_ms.max(1.0).log10()} display={format!("{} ms", si(l.invocation_ms))}
                            on_input={edit_lambda(p, |c, v: f64| c.invocation_ms = 10f64.powf(v).round().max(1.0))} />
                        <Slider id="lambda-concurrency" label="Lambda concurrency limit" min={1.0} max={5.0} step={0.05}
                            value={l.concurrency_limit.max(1.0).log10()} display={format!("{} (to {} req/s)", si(l.concurrency_limit), si(l.max_requests_per_s()))}
                            on_input={edit_lambda(p, |c, v: f64| c.concurrency_limit = 10f64.powf(v).round().max(1.0))} />
                    } else {
                        <Slider id="aurora-connections" label="Client connections" min={0.0} max={5.0} step={0.05}
                            value={a.client_connections.max(1.0).log10()} display={format!("{} connections", si(a.client_connections))}
                            on_input={edit_aurora(p, |c, v: f64| c.client_connections = 10f64.powf(v).round())} />
                    }
                    <Slider id="aurora-cache" label="ElastiCache nodes" min={0.0} max={10.0} step={1.0}
                        value={f64::from(a.cache_nodes)} display={if a.cache_nodes == 0 { "no cache".to_string() } else { format!("{} nodes, {} hits", a.cache_nodes, percent(a.cache_hit_ratio)) }}
                        on_input={edit_aurora(p, |c, v: f64| c.cache_nodes = v.round().clamp(0.0, 10.0) as u32)} />
                    if a.cache_nodes > 0 {
                        <Slider id="aurora-cache-hits" label="Cache hit ratio (estimate)" min={0.0} max={100.0} step={1.0}
                            value={(a.cache_hit_ratio * 100.0).round()} display={percent(a.cache_hit_ratio)}
                            on_input={edit_aurora(p, |c, v: f64| c.cache_hit_ratio = (v / 100.0).clamp(0.0, 1.0))} />
                    }
                    <Slider id="aurora-regions" label="Global Database Regions" min={0.0} max={f64::from(AURORA_MAX_SECONDARY_REGIONS)} step={1.0}
                        value={f64::from(a.secondary_regions)} display={format!("{} secondary", a.secondary_regions)}
                        on_input={edit_aurora(p, |c, v: f64| c.secondary_regions = v.round().clamp(0.0, f64::from(AURORA_MAX_SECONDARY_REGIONS)) as u32)} />
                    <label class="check">
                        <input type="checkbox" id="aurora-follow" checked={a.readers_follow_writer}
                            onchange={checked(edit_aurora(p, |c, v: bool| c.readers_follow_writer = v))} />
                        { " Readers in promotion tier 0–1 (follow the writer)" }
                    </label>
                    <label class="check">
                        <input type="checkbox" id="aurora-io-optimized" checked={a.io_optimized}
                            onchange={checked(edit_aurora(p, |c, v: bool| c.io_optimized = v))} />
                        { " I/O-Optimized (no I/O charge; dearer compute and storage)" }
                    </label>
                </fieldset>
                { bill_fieldset(p) }
                { uncertainty_fieldset(p) }
            </div>
        </details>
    }
}

/// The bill's other lines, for every database.
fn bill_fieldset(p: &AdvancedProps) -> Html {
    let b = &p.billing;
    let days = b.recovery_days;
    let window = if days < 1.0 {
        "off (Aurora keeps 1 free day)".to_string()
    } else {
        format!("{} day{}", days, if days == 1.0 { "" } else { "s" })
    };
    html! {
        <fieldset class="bill" id="bill-settings">
            <legend>{ "The bill: backups, transfer, free tier" }</legend>
            <Slider id="bill-recovery-days" label="Point-in-time recovery" min={0.0} max={MAX_RECOVERY_DAYS} step={1.0}
                value={days} display={window}
                on_input={edit_billing(p, |b, v: f64| b.recovery_days = v.round().clamp(0.0, MAX_RECOVERY_DAYS))} />
            <Slider id="bill-app-azs" label="Application's Availability Zones" min={1.0} max={3.0} step={1.0}
                value={b.app_azs} display={format!("{} zone{}, {} of Aurora requests cross", b.app_azs, if b.app_azs == 1.0 { "" } else { "s" }, percent(b.cross_az_share()))}
                on_input={edit_billing(p, |b, v: f64| b.app_azs = v.round().clamp(1.0, 3.0))} />
            <Slider id="bill-internet" label="Bytes read sent to the internet" min={0.0} max={100.0} step={5.0}
                value={(b.internet_share * 100.0).round()} display={percent(b.internet_share)}
                on_input={edit_billing(p, |b, v: f64| b.internet_share = (v / 100.0).clamp(0.0, 1.0))} />
            <label class="check">
                <input type="checkbox" id="bill-free-tier" checked={b.free_tier}
                    onchange={checked(edit_billing(p, |b, v: bool| b.free_tier = v))} />
                { " Count the free tier (DynamoDB 25 GB, 25 RCU + 25 WCU; DSQL 100,000 DPU + 1 GB)" }
            </label>
            <div class="control">
                <label for="bill-plan"><span class="control-label">{ "Savings Plan commitment, USD per hour (empty: the best for each)" }</span></label>
                <input type="number" id="bill-plan" min="0" step="any" placeholder="the best for each"
                    value={b.plan_usd_per_h.map_or_else(String::new, |c| c.to_string())} onchange={plan_changed(p)} />
            </div>
            <p class="hint">{ "DynamoDB and DSQL are Regional endpoints: no charge between zones. DSQL's backups (AWS Backup) are not billed here: their price is not in the facts sheet." }</p>
        </fieldset>
    }
}

/// The Savings Plan commitment typed: empty for the best of each run, else a number the
/// reducer checks (text that is not a number is refused as NaN, by name).
fn plan_changed(p: &AdvancedProps) -> Callback<Event> {
    let (b, dispatch) = (p.billing.clone(), p.dispatch.clone());
    Callback::from(move |e: Event| {
        let input = e.target_unchecked_into::<HtmlInputElement>();
        let text = input.value();
        let text = text.trim();
        let plan_usd_per_h = (!text.is_empty()).then(|| text.parse::<f64>().unwrap_or(f64::NAN));
        show_until_rendered(&input, b.plan_usd_per_h.map_or_else(String::new, |c| c.to_string()));
        dispatch.emit(Action::Billing(Billing { plan_usd_per_h, ..b.clone() }));
    })
}

/// A number typed into a range's end (now `shown`), applied by `edit` to a copy of the
/// uncertainty settings; the reducer refuses (and names) a range on the wrong side of the
/// value.
fn edit_range(p: &AdvancedProps, shown: String, edit: impl Fn(&mut Uncertainty, f64) + 'static) -> Callback<Event> {
    let (u, dispatch) = (p.uncertainty.clone(), p.dispatch.clone());
    Callback::from(move |e: Event| {
        let input = e.target_unchecked_into::<HtmlInputElement>();
        let text = input.value();
        let mut next = u.clone();
        // Text that is not a number is refused as NaN, by name, like any value out of range.
        edit(&mut next, text.trim().parse::<f64>().unwrap_or(f64::NAN));
        show_until_rendered(&input, shown.clone());
        dispatch.emit(Action::Uncertainty(next));
    })
}

/// Put `shown` (the setting as it stands) back in the field before dispatching what was
/// typed: an accepted value is rendered into it at once, while a refused one would
/// otherwise stay typed beside the notice that says the previous setting is kept (the
/// render writes nothing, its value being unchanged).
fn show_until_rendered(input: &HtmlInputElement, shown: String) {
    input.set_value(&shown);
}

/// The futures to sample: a whole number from 0 to [`MAX_SAMPLES`], else a notice naming it.
fn samples_changed(p: &AdvancedProps) -> Callback<Event> {
    let (u, dispatch) = (p.uncertainty.clone(), p.dispatch.clone());
    Callback::from(move |e: Event| {
        let text = e.target_unchecked_into::<HtmlInputElement>().value();
        match text.trim().parse::<u32>() {
            Ok(n) => dispatch.emit(Action::Uncertainty(Uncertainty { samples: n, ..u.clone() })),
            Err(_) => dispatch.emit(Action::Notice(format!(
                "uncertainty.samples = {} is not allowed: a whole number of futures from 0 to {MAX_SAMPLES} — keeping the previous setting.",
                crate::model::input::excerpt(&text)
            ))),
        }
    })
}

/// Which inputs are guesses, and how far off they may be (the futures sampled after a run):
/// the workload's numbers always listed, and any estimate or price added as a range.
fn uncertainty_fieldset(p: &AdvancedProps) -> Html {
    let u = &p.uncertainty;
    let row = |input: Input| {
        let centre = if input.by_factor() { 1.0 } else { 0.0 };
        let r = u.ranges.get(&input).copied().unwrap_or(Range { low: centre, high: centre });
        let kind = if input.by_factor() { "×" } else { "±" };
        let set = move |low: bool| {
            move |next: &mut Uncertainty, v: f64| {
                let e = next.ranges.entry(input).or_insert(Range { low: centre, high: centre });
                if low {
                    e.low = v;
                } else {
                    e.high = v;
                }
            }
        };
        let id = element_key(input);
        let label = input.label();
        let remove = matches!(input, Input::Estimate(_) | Input::Price(_)).then(|| {
            let (u, dispatch) = (u.clone(), p.dispatch.clone());
            Callback::from(move |_: MouseEvent| {
                let mut next = u.clone();
                next.ranges.remove(&input);
                dispatch.emit(Action::Uncertainty(next));
            })
        });
        html! {
            <tr>
                <th scope="row">{ format!("{label} ({kind})") }</th>
                <td><input type="number" step="any" id={format!("range-{id}-low")} aria-label={format!("{label} low end")}
                    value={r.low.to_string()} onchange={edit_range(p, r.low.to_string(), set(true))} /></td>
                <td><input type="number" step="any" id={format!("range-{id}-high")} aria-label={format!("{label} high end")}
                    value={r.high.to_string()} onchange={edit_range(p, r.high.to_string(), set(false))} /></td>
                <td>
                    if let Some(onclick) = remove {
                        <button type="button" class="range-remove" id={format!("range-{id}-remove")} title="Make it certain again" {onclick}>{ "remove" }</button>
                    }
                </td>
            </tr>
        }
    };
    let added: Vec<Input> = u.ranges.keys().copied().filter(|i| !Input::ALL.contains(i)).collect();
    let on_add = {
        let dispatch = p.dispatch.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let key = select.value();
            // The select is a menu, not a setting: back to its prompt.
            select.set_value("");
            if let Ok(input) = Input::from_key(&key) {
                dispatch.emit(Action::AddRange(input));
            }
        })
    };
    html! {
        <fieldset class="uncertain" id="uncertainty-settings">
            <legend>{ "How sure: uncertain inputs" }</legend>
            <table class="range-table">
                <thead><tr><th></th><th scope="col">{ "low end" }</th><th scope="col">{ "high end" }</th><th></th></tr></thead>
                <tbody>
                    { for Input::ALL.into_iter().map(row) }
                    { for added.into_iter().map(row) }
                </tbody>
            </table>
            <div class="control">
                <label for="range-add"><span class="control-label">{ "Make an estimate or a price uncertain" }</span></label>
                <select id="range-add" onchange={on_add}>
                    <option value="" selected=true>{ "choose one (×0.5 to ×2 to start)…" }</option>
                    { for Input::estimates_and_prices().filter(|i| !u.ranges.contains_key(i)).map(|i| html! {
                        <option value={i.key()}>{ match i { Input::Estimate(_) => format!("estimate: {}", i.label()), _ => i.label() } }</option>
                    }) }
                </select>
            </div>
            <div class="control">
                <label for="uncertainty-samples"><span class="control-label">{ "Futures sampled after each run" }</span></label>
                <input type="number" id="uncertainty-samples" min="0" max={MAX_SAMPLES.to_string()} step="1" value={u.samples.to_string()}
                    onchange={samples_changed(p)} />
            </div>
            <p class="hint">{ "× ranges are factors of the value on screen (0.5 to 2: half to twice); ± ranges are offsets from it. Each future is a whole run; equal ends make an input certain." }</p>
        </fieldset>
    }
}

/// An input's part of its elements' ids: its key with no dots (`estimates-ddb_read_p99_ms`),
/// so a CSS selector needs no escaping.
pub(crate) fn element_key(input: Input) -> String {
    input.key().replace('.', "-")
}
