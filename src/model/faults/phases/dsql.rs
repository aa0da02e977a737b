//! What each fault does to Aurora DSQL (only when the scenario names DSQL among its
//! contenders, so a two-database run is unchanged).
//!
//! DSQL has no instances: every Region's cluster is active-active across three AZs, and a
//! multi-Region cluster is two peered Regions plus a witness Region that holds the
//! transaction log, no data (facts sheet 2026-12 §1; availability 99.99 % single-Region,
//! 99.999 % multi-Region, DOC). So:
//!
//! * **Aurora's instance faults** (writer failover, reboot, reader loss): nothing to fail.
//! * **AZ outage:** the cluster spans three AZs and keeps serving (the model books no loss;
//!   a short rise in latency while connections on the lost AZ reconnect is not modelled).
//! * **Region outage:** clients in the lost Region fail until redirected, as for every
//!   database. A single-Region cluster in the lost Region is down until it returns
//!   ([`Cause::DsqlRegionDown`]); a multi-Region cluster keeps serving reads and writes in
//!   the other Region (it and the witness still form a quorum), and loses no committed
//!   write (RPO 0: a commit is acknowledged only once the other Region or the witness has
//!   it). Its peer in the lost Region is down meanwhile, so the clients redirected to the
//!   other Region connect to that Region's peer, against its own connection quotas. The
//!   single-Region cluster is assumed to sit in Region A, like Aurora's primary.
//! * **Global Database switchover:** nothing to switch.

use super::Builder;
use crate::model::faults::fault::{Fault, RegionId};
use crate::model::faults::Cause;
use crate::format::duration;
use crate::model::dsql::Topology;
use crate::model::regions::Database;

/// Add DSQL's phases, sequence steps and sentence for `fault`; `clients` is the sentence
/// about the lost Region's clients (a Region outage), whose phases are already added.
pub(super) fn expand(b: &mut Builder<'_>, fault: &Fault, clients: Option<&str>) {
    let db = Database::Dsql;
    let t = fault.at_s();
    let text = match *fault {
        Fault::AuroraWriterFailover { .. } | Fault::AuroraPlannedFailover { .. } | Fault::AuroraReboot { .. } | Fault::AuroraReaderLoss { .. } => {
            "DSQL: not affected (no writer or reader instances: every connection gets its own query processor).".to_string()
        }
        Fault::AzOutage { .. } => "DSQL: keeps serving (each Region's cluster spans three AZs; 99.99 % designed availability).".to_string(),
        Fault::RegionOutage { duration_s, region, .. } => {
            let back = t + duration_s;
            let own = match (b.s.dsql.topology, region) {
                (Topology::SingleRegion, RegionId::A) => {
                    let cs = b.client_share(region);
                    let redirect_end = b.redirect_end(t, duration_s);
                    b.layered(db, Cause::DsqlRegionDown, t, back, 1.0, 1.0, cs, redirect_end);
                    b.step(db, "Region A down (single-Region cluster)", t, back);
                    format!("DSQL: a single-Region cluster: every request fails until Region A returns ({}).", duration(duration_s))
                }
                (Topology::SingleRegion, RegionId::B) => "DSQL: the cluster is in Region A and keeps serving.".to_string(),
                (Topology::MultiRegion, _) => {
                    let other = region.other().letter();
                    b.step(db, format!("Region {other} keeps serving"), t, back);
                    // Every client still reaching the cluster now connects to the other
                    // Region's peer, against its connection quotas alone.
                    b.dsql_peer_down(t, back, region);
                    format!(
                        "DSQL: Region {other}'s peer and the witness keep a quorum: reads and writes go on there; no committed write is lost (RPO 0)."
                    )
                }
            };
            match clients {
                Some(c) => format!("{own} {c}"),
                None => own,
            }
        }
        Fault::RegionSwitchover { .. } => "DSQL: active-active in both Regions; there is nothing to switch.".to_string(),
    };
    b.note(db, text);
}
