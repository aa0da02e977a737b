//! Request latency (facts sheet A9, A10; every number an editable, illustrative estimate):
//! a log-normal per operation from its p50/p99, plus transfer time per KB and one more
//! round trip per extra page. Throttled attempts are retried by the SDK with exponential
//! backoff and full jitter (mean wait before retry `i` is `base·2^i / 2`). DAX answers its
//! hits in well under a millisecond; a miss goes to the table through DAX.

use super::units::{paged_read, read_units};
use crate::model::estimates::Estimates;
use crate::model::latency::Dist;
use crate::model::workload::{Consistency, QueryKind, Workload};

/// What one read request costs and how long it takes.
pub(crate) struct ReadShape {
    pub units: f64,
    /// The read follows key popularity (a key lookup or a query of one item collection).
    pub skewed: bool,
    /// DAX can answer it: an eventually consistent key read or query (not a Scan).
    pub cacheable: bool,
    pub latency: Dist,
}

pub(crate) fn read_shape(w: &Workload, item: u64, storage_partitions: f64, est: &Estimates) -> ReadShape {
    let kb = item as f64 / 1024.0;
    // Each page after the first is another round trip at the typical (p50) latency.
    let pages_latency = |items: f64, pages: f64| Dist::LogNormal {
        p50_ms: est.ddb_read_p50_ms,
        p99_ms: est.ddb_read_p99_ms,
        shift_ms: items * kb * est.ddb_ms_per_kb + (pages - 1.0) * est.ddb_read_p50_ms,
    };
    let eventual = w.consistency == Consistency::Eventual;
    match w.query {
        QueryKind::PointRead | QueryKind::Transaction => ReadShape {
            units: read_units(item, w.consistency),
            skewed: true,
            cacheable: eventual,
            latency: pages_latency(1.0, 1.0),
        },
        QueryKind::RangeQuery => {
            let q = paged_read(w.items_per_query, item, w.consistency);
            ReadShape { units: q.units, skewed: true, cacheable: eventual, latency: pages_latency(w.items_per_query, q.pages) }
        }
        QueryKind::Report => {
            let scan = paged_read(w.rows_per_report, item, w.consistency);
            // A Scan costs at least 0.5 (eventual) or 1 (strong) unit per partition touched.
            let floor = storage_partitions * read_units(1, w.consistency);
            ReadShape {
                units: scan.units.max(floor),
                skewed: false,
                cacheable: false,
                latency: pages_latency(w.rows_per_report, scan.pages),
            }
        }
    }
}

pub(crate) fn write_latency(w: &Workload, item: u64, est: &Estimates) -> Dist {
    let kb = item as f64 / 1024.0;
    match w.query {
        QueryKind::Transaction => Dist::LogNormal {
            p50_ms: est.ddb_transaction_p50_ms,
            p99_ms: est.ddb_transaction_p99_ms,
            shift_ms: 2.0 * kb * est.ddb_ms_per_kb,
        },
        _ => Dist::LogNormal { p50_ms: est.ddb_write_p50_ms, p99_ms: est.ddb_write_p99_ms, shift_ms: kb * est.ddb_ms_per_kb },
    }
}

/// A DAX cache hit.
pub(crate) fn dax_hit(est: &Estimates) -> Dist {
    Dist::LogNormal { p50_ms: est.dax_hit_p50_ms, p99_ms: est.dax_hit_p99_ms, shift_ms: 0.0 }
}

/// Throttled attempts per request of a class throttled with probability `f` per attempt:
/// `f + f² + … + f^attempts` (each one is a ThrottleEvent in CloudWatch).
pub(crate) fn throttle_events_per_request(f: f64, attempts: u32) -> f64 {
    (1..=attempts.max(1) as i32).map(|k| f.powi(k)).sum()
}

pub(crate) fn shifted(d: Dist, extra_ms: f64) -> Dist {
    match d {
        Dist::LogNormal { p50_ms, p99_ms, shift_ms } => Dist::LogNormal { p50_ms, p99_ms, shift_ms: shift_ms + extra_ms },
        Dist::MmcSojourn { queue, service_ms, shift_ms } => Dist::MmcSojourn { queue, service_ms, shift_ms: shift_ms + extra_ms },
        Dist::Fixed { ms } => Dist::Fixed { ms: ms + extra_ms },
    }
}
