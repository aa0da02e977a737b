//! Why Aurora DSQL fails requests at the steady point, in one sentence with its numbers: the
//! dominant quota or client limit (facts addendum 2026-12, §1, DOC quotas), the SQLSTATE the
//! client sees, and what lifts it.

use crate::format::{percent, si};
use crate::model::dsql::{transactions, DsqlLoss, DsqlSteady, Topology};
use crate::model::facts::{
    DSQL_MAX_CONNECTIONS, DSQL_MAX_TRANSACTION_S, DSQL_MAX_WRITE_BYTES, DSQL_MAX_WRITE_ROWS, DSQL_NEW_CONNECTIONS_BURST, DSQL_NEW_CONNECTIONS_PER_S,
};
use crate::model::scenario::Scenario;

const MIB: f64 = 1024.0 * 1024.0;

/// The sentence, when DSQL fails more than 0.1 % of requests (Aurora's threshold too).
pub(super) fn failure_sentence(q: &DsqlSteady, requests_per_s: f64, scenario: &Scenario) -> Option<String> {
    if q.failed_share <= 0.001 {
        return None;
    }
    let cause = DsqlLoss::ALL.into_iter().filter(|c| q.lost.get(*c) > 0.0).max_by(|x, y| q.lost.get(*x).total_cmp(&q.lost.get(*y)))?;
    let cfg = &scenario.dsql;
    // Each peer of a multi-Region cluster is a cluster with its own quotas.
    let per_cluster = match cfg.topology {
        Topology::SingleRegion => "on the cluster",
        Topology::MultiRegion => "at each Region's peer, its own quota",
    };
    let why = match cause {
        DsqlLoss::ConnectionRate => format!(
            "clients open {} new connections a second, against {} a second {per_cluster} (after a burst of {}); {}",
            si(q.new_connections_per_s),
            si(DSQL_NEW_CONNECTIONS_PER_S),
            si(DSQL_NEW_CONNECTIONS_BURST),
            if scenario.workload.lambda.is_some() {
                "each Lambda invocation opens its own, so fewer, longer-lived execution environments or a queue in front would lift it"
            } else {
                "a connection pool would open each once an hour"
            }
        ),
        DsqlLoss::TooManyConnections => format!(
            "{} connections are open, against {} {per_cluster}; smaller pools would do",
            si(q.open_connections),
            si(DSQL_MAX_CONNECTIONS)
        ),
        DsqlLoss::PoolTimeout => {
            // `in_flight` counts the served; the clients want the whole rate × the same hold.
            let served = q.served_per_s.min(requests_per_s);
            let wanted = if served > 0.0 { format!("{} transactions want a connection at once (rate × hold time) and ", si(q.in_flight * requests_per_s / served)) } else { String::new() };
            format!("{wanted}the pools hold {} connections; a larger pool, or shorter transactions, would serve them", si(cfg.pool_connections))
        }
        DsqlLoss::StorageFull => format!("the data fills the {} TiB storage quota; AWS raises it on request, up to 128 TiB", si(cfg.storage_quota_tib)),
        DsqlLoss::TransactionTooLarge => {
            let (_, write) = transactions(&scenario.workload, cfg);
            format!(
                "each write transaction changes {} rows ({} MiB), above the {} rows or {} MiB one DSQL transaction may change; split it into smaller ones",
                si(write.rows_written),
                si(write.write_bytes() / MIB),
                si(DSQL_MAX_WRITE_ROWS),
                si(DSQL_MAX_WRITE_BYTES / MIB)
            )
        }
        DsqlLoss::TransactionTooLong => format!("a transaction stays open past the {} s limit; split it", si(DSQL_MAX_TRANSACTION_S)),
    };
    Some(format!("Aurora DSQL fails {} of requests, mostly {} ({}): {why}.", percent(q.failed_share), cause.code(), cause.label()))
}
