//! The numbers panel of each database at the current operating point, and a one-line
//! verdict. Each figure carries its unit; each row has a `data-metric` name that the
//! end-to-end tests read.

use crate::format::{ms, percent, si, usd};
use crate::model::aurora::AuroraSteady;
use crate::model::dynamodb::DynamoSteady;
use crate::model::facts::{DDB_PARTITION_MAX_RCU, DDB_PARTITION_MAX_WCU};
use crate::model::compare::Comparison;
use std::rc::Rc;
use yew::prelude::*;

fn row(metric: &'static str, label: &str, value: String) -> Html {
    html! {
        <div class="metric" data-metric={metric}>
            <dt>{ label }</dt>
            <dd>{ value }</dd>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub now: Rc<Comparison>,
    /// Aurora runs provisioned instances (capacity in vCPU, not ACU).
    #[prop_or_default]
    pub provisioned: bool,
}

#[function_component]
pub fn DynamoPanel(props: &PanelProps) -> Html {
    let d: &DynamoSteady = &props.now.dynamodb;
    let hot = format!(
        "{} of key traffic = {} RCU/s + {} WCU/s (a key's ceiling: {} RCU, {} WCU)",
        percent(d.hottest_key_share),
        si(d.hottest_key_read_units_per_s),
        si(d.hottest_key_write_units_per_s),
        si(DDB_PARTITION_MAX_RCU),
        si(DDB_PARTITION_MAX_WCU)
    );
    html! {
        <section class="panel dynamodb" id="ddb-numbers" aria-labelledby="ddb-title">
            <h2 id="ddb-title"><span class="swatch"></span>{ "DynamoDB" }</h2>
            <dl>
                { row("cost-on-demand", "Cost, on-demand", format!("{} / month", usd(d.cost.on_demand_total_usd()))) }
                { row("cost-provisioned", "Cost, provisioned at 70 %", format!("{} / month", usd(d.cost.provisioned_total_usd()))) }
                { row("p50", "Latency p50", ms(d.p50_ms)) }
                { row("p99", "Latency p99", ms(d.p99_ms)) }
                { row("failed", "Failed after every SDK retry", percent(d.failed_share)) }
                { row("throttled", "Attempts throttled", percent(d.first_attempt_throttled_share)) }
                { row("units", "Units per request", format!("{} RCU read, {} WCU write", si(d.read_units_per_request), si(d.write_units_per_request))) }
                { row("throughput", "Offered throughput", format!("{} RCU/s, {} WCU/s", si(d.read_units_per_s), si(d.write_units_per_s))) }
                { row("partitions", "Partitions (heuristic)", si(d.partitions)) }
                { row("hot-key", "Hottest key", hot) }
                if d.index_write_units_per_s > 0.0 || d.replicated_write_units_per_s > 0.0 {
                    { row("extra-writes", "Index + replica writes", format!("{} WCU/s into indexes, {} rWCU/s to replicas", si(d.index_write_units_per_s), si(d.replicated_write_units_per_s))) }
                }
                if d.dax_hit_share > 0.0 {
                    { row("dax", "DAX", format!("{} of reads from cache ({} / month)", percent(d.dax_hit_share), usd(d.cost.dax_usd))) }
                }
                if d.read_throttle_events_per_s + d.write_throttle_events_per_s > 0.0 {
                    { row("throttle-events", "Throttle events (CloudWatch)", format!("{} reads, {} writes per minute", si(d.read_throttle_events_per_s * 60.0), si(d.write_throttle_events_per_s * 60.0))) }
                }
                { row("stored", "Stored (table, indexes, replicas)", format!("{} GB", si(d.stored_gb))) }
            </dl>
            if d.above_default_quota {
                <p class="warning" data-metric="quota">{ "Above the default 40,000 units/s table quota: it is adjustable, but you must ask AWS to raise it." }</p>
            }
        </section>
    }
}

#[function_component]
pub fn AuroraPanel(props: &PanelProps) -> Html {
    let a: &AuroraSteady = &props.now.aurora;
    let unit = |acu: f64, vcpu: f64| if props.provisioned { format!("{} vCPU", si(vcpu)) } else { format!("{} ACU", si(acu)) };
    let capacity = match &a.reader {
        Some(r) => format!("writer {} + {} reader{} × {}", unit(a.writer.acu, a.writer.vcpu), a.readers, if a.readers == 1 { "" } else { "s" }, unit(r.acu, r.vcpu)),
        None => format!("writer {}, no readers", unit(a.writer.acu, a.writer.vcpu)),
    };
    let mut extras = vec![];
    if a.cost.proxy_usd > 0.0 {
        extras.push(format!("{} proxy", usd(a.cost.proxy_usd)));
    }
    if a.cost.data_api_usd > 0.0 {
        extras.push(format!("{} Data API requests", usd(a.cost.data_api_usd)));
    }
    if a.cost.cache_usd > 0.0 {
        extras.push(format!("{} cache", usd(a.cost.cache_usd)));
    }
    let extras = if extras.is_empty() { String::new() } else { format!(", {}", extras.join(", ")) };
    let cost = format!(
        "{} / month ({} compute, {} I/O, {} storage{extras})",
        usd(a.cost.total_usd()), usd(a.cost.compute_usd), usd(a.cost.io_usd), usd(a.cost.storage_usd)
    );
    html! {
        <section class="panel aurora" id="aurora-numbers" aria-labelledby="aurora-title">
            <h2 id="aurora-title"><span class="swatch"></span>{ if props.provisioned { "Aurora (provisioned)" } else { "Aurora Serverless v2" } }</h2>
            <dl>
                { row("cost", "Cost", cost) }
                { row("acu", "Capacity", capacity) }
                { row("p50", "Latency p50", ms(a.p50_ms)) }
                { row("p99", "Latency p99", ms(a.p99_ms)) }
                { row("failed", "Timed out / rejected", percent(a.failed_share)) }
                { row("writer-cpu", "Writer CPU", percent(a.writer.utilisation.min(9.99))) }
                { row("cache", "Buffer cache hit ratio (writer)", percent(a.writer.cache_hit_ratio)) }
                { row("io", "Storage I/O", format!("{} reads/s, {} writes/s", si(a.read_ios_per_s), si(a.write_ios_per_s))) }
                { row("writer-ceiling", "Single-writer ceiling", format!("{} writes/s at its largest", si(a.writer_ceiling_writes_per_s))) }
                { row("connections", "Connections", format!("{} of max_connections {}{}",
                    if a.client_connections > 0.0 { format!("{} held by clients", si(a.client_connections)) } else { "none held by clients".to_string() },
                    si(a.max_connections),
                    if a.connection_error_share > 0.0 { format!(": {} of requests cannot connect", percent(a.connection_error_share)) } else { String::new() })) }
                if a.cache_hit_share > 0.0 {
                    { row("elasticache", "ElastiCache", format!("{} of reads from cache", percent(a.cache_hit_share))) }
                }
            </dl>
            if a.at_max_acu {
                <p class="warning" data-metric="max-acu">{ "At maximum ACU and still above the scaling target: queries queue, latency climbs." }</p>
            }
        </section>
    }
}
