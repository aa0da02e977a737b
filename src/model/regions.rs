//! Regions in the steady state: where the clients are, how each database spans Regions, and
//! what that costs in latency, transfer and (MRSC) write conflicts. No fault is needed for
//! any of this; failures are [`crate::model::faults`].
//!
//! **Two client Regions.** Region A is the home Region: Aurora's primary cluster and the
//! table's first replica. Region B sends `regions.remote_share` of the requests; it holds a
//! DynamoDB replica when `dynamodb.replica_regions ≥ 1` and an Aurora Global Database
//! secondary when `aurora.secondary_regions ≥ 1`. Further replicas or secondaries receive
//! (and bill) every write but serve no clients here. The replicated-write units and the
//! secondaries' instances, I/O and storage are already in the cost models
//! ([`crate::model::dynamodb`], [`crate::model::aurora`]); this module adds what they lack.
//!
//! * **Latency** ([`OpLatency`]): one unloaded point read and one write, p50, as a client in
//!   Region A (local) or Region B (remote) sees it; queueing and throttling come on top.
//!   - DynamoDB, MREC (facts A8): each Region's replica serves its own clients; a client
//!     with no replica in its Region pays one inter-Region round trip.
//!   - DynamoDB, MRSC (2026 addendum, DOC; the size of the cost is an inference): writes and
//!     strongly consistent reads pay one cross-Region round trip; eventually consistent
//!     reads stay local.
//!   - Aurora Global Database (B2): reads are served in Region B by its secondary; every
//!     write goes to the primary in Region A, so a Region-B write pays the round trip, over
//!     a direct connection or through write forwarding (plus its extra hop).
//! * **Transfer** ([`RegionPlan::transfer`]): bytes sent between Regions × the editable
//!   `cross_region_transfer_gb` price: the item to every other DynamoDB Region (and the
//!   MRSC witness), the log record (row + overhead) to every Aurora secondary, and what
//!   Region B's clients send and receive when their database is in Region A.
//! * **MRSC write conflicts** ([`RegionPlan::conflict_share`]): a write fails with
//!   `ReplicatedWriteConflictException` when another Region is writing the same item.
//!   Assumed: writes to each key arrive as independent Poisson streams split over the
//!   Regions by where the clients are; a write holds its item for one inter-Region round
//!   trip `τ`; only writes from a different Region conflict. A write from Region `i` (share
//!   `sᵢ`) to key `k` (Zipf share `pₖ`) then conflicts with probability
//!   `1 − exp(−W·pₖ·(1 − sᵢ)·τ)`. Summed exactly over the hottest keys and linearly
//!   (`1 − e^−x ≈ x`, an upper bound) over the rest, with `Σ pₖ²` from the generalised
//!   harmonic numbers, so the cost never depends on the number of keys.

pub mod config;

pub use config::{GlobalTableMode, Regions};

use crate::model::dsql::Topology;
use crate::model::facts::HOURS_PER_MONTH;
use crate::model::latency::Dist;
use crate::model::scenario::Scenario;
use crate::model::workload::{Consistency, QueryKind};
use crate::model::zipf::{harmonic, Zipf};
use serde::Serialize;

/// Keys whose conflict probability is summed exactly; the rest by a series.
const EXACT_CONFLICT_KEYS: f64 = 128.0;
const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// The two databases, where a value is per database (the loss ledger's).
pub use crate::model::database::Database;

/// One unloaded point read and one write, p50, from each client Region.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct OpLatency {
    pub local_read_ms: f64,
    pub local_write_ms: f64,
    /// From a client in Region B.
    pub remote_read_ms: f64,
    pub remote_write_ms: f64,
}

/// What each database adds to an in-Region operation because of Regions, ms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct RegionExtra {
    pub local_read_ms: f64,
    pub local_write_ms: f64,
    pub remote_read_ms: f64,
    pub remote_write_ms: f64,
}

impl RegionExtra {
    fn is_zero(&self) -> bool {
        [
            self.local_read_ms,
            self.local_write_ms,
            self.remote_read_ms,
            self.remote_write_ms,
        ] == [0.0; 4]
    }
}

/// Both databases' latencies across the two Regions, and the replication lags behind them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RegionLatencies {
    pub dynamodb: OpLatency,
    pub aurora: OpLatency,
    pub dynamodb_extra: RegionExtra,
    pub aurora_extra: RegionExtra,
    pub rtt_ms: f64,
    /// Replication lag to Region B (MREC; 0 under MRSC, where a write waits for it).
    pub dynamodb_lag_ms: f64,
    pub aurora_lag_ms: f64,
    /// Region B has its own copy: a DynamoDB replica, an Aurora secondary.
    pub dynamodb_replica_in_b: bool,
    pub aurora_secondary_in_b: bool,
}

/// Bytes sent between Regions, per month, and what they cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Transfer {
    pub gb_per_month: f64,
    pub usd_per_month: f64,
}

/// Everything Region-related for one scenario, built once per run; the per-step calls
/// allocate nothing.
#[derive(Clone, Debug)]
pub struct RegionPlan {
    latencies: RegionLatencies,
    remote_share: f64,
    mrsc: bool,
    /// Shares of the hottest keys, summed exactly.
    head_shares: Vec<f64>,
    /// Over the keys past them: Σ pₖ (share), Σ pₖ², Σ pₖ³, and the largest pₖ.
    tail_share: f64,
    tail_square_sum: f64,
    tail_cube_sum: f64,
    tail_top: f64,
    ddb_replication_bytes_per_write: f64,
    ddb_client_bytes: (f64, f64),
    aurora_replication_bytes_per_write: f64,
    aurora_client_bytes: (f64, f64),
    price_per_gb: f64,
    sdk_attempts: i32,
}

impl RegionPlan {
    /// The plan for a valid scenario.
    pub fn new(s: &Scenario) -> RegionPlan {
        let latencies = latencies(s);
        let w = &s.workload;
        let zipf = Zipf::new(w.partition_keys, w.key_skew);
        let head = EXACT_CONFLICT_KEYS.min(zipf.keys());
        let p1 = zipf.hottest_share();
        let skew = w.key_skew.max(0.0);
        // Σ over the tail of pₖ^m = (H(n, m·s) − H(head, m·s)) · p₁^m.
        let tail_power_sum = |m: f64| {
            ((harmonic(zipf.keys(), m * skew) - harmonic(head, m * skew)) * p1.powf(m)).max(0.0)
        };
        let head_shares: Vec<f64> = (1..=head as u64).map(|k| zipf.share_of(k as f64)).collect();
        let tail_share = (1.0 - zipf.top_share(head)).max(0.0);
        let tail_top = if zipf.keys() > head {
            zipf.share_of(head + 1.0)
        } else {
            0.0
        };
        let (tail_square_sum, tail_cube_sum) = (tail_power_sum(2.0), tail_power_sum(3.0));
        let item = w.item_bytes() as f64;
        let items_per_write = if w.query == QueryKind::Transaction {
            2.0
        } else {
            1.0
        };
        let (ddb_read_items, aurora_read_rows) = match w.query {
            QueryKind::PointRead | QueryKind::Transaction => (1.0, 1.0),
            QueryKind::RangeQuery => (w.items_per_query, w.items_per_query),
            // A Scan returns the items to the client; SQL returns the aggregate.
            QueryKind::Report => (w.rows_per_report, 1.0),
        };
        let r = s.regions.remote_share;
        // The MRSC witness receives every write too (it takes part in the quorum).
        let ddb_destinations = f64::from(s.dynamodb.replica_regions)
            + if s.regions.mrsc() && s.regions.dynamodb_witness {
                1.0
            } else {
                0.0
            };
        let ddb_client_bytes = if latencies.dynamodb_replica_in_b {
            (0.0, 0.0)
        } else {
            (r * ddb_read_items * item, r * items_per_write * item)
        };
        let aurora_reads_cross = if latencies.aurora_secondary_in_b {
            0.0
        } else {
            r * aurora_read_rows * item
        };
        RegionPlan {
            latencies,
            remote_share: r,
            mrsc: s.regions.mrsc(),
            head_shares,
            tail_share,
            tail_square_sum,
            tail_cube_sum,
            tail_top,
            ddb_replication_bytes_per_write: items_per_write * item * ddb_destinations,
            ddb_client_bytes,
            aurora_replication_bytes_per_write: items_per_write
                * (item + s.estimates.aurora_log_overhead_bytes)
                * f64::from(s.aurora.secondary_regions),
            // Every Region-B write crosses to the primary, however it gets there.
            aurora_client_bytes: (aurora_reads_cross, r * items_per_write * item),
            price_per_gb: s.prices.cross_region_transfer_gb.value,
            sdk_attempts: s.estimates.sdk_max_attempts.max(1) as i32,
        }
    }

    pub fn latencies(&self) -> &RegionLatencies {
        &self.latencies
    }

    /// Cross-Region transfer of each database, `(DynamoDB, Aurora)`, at these rates.
    pub fn transfer(&self, reads_per_s: f64, writes_per_s: f64) -> (Transfer, Transfer) {
        let month_s = HOURS_PER_MONTH * 3600.0;
        let to = |bytes_per_s: f64| {
            let gb_per_month = bytes_per_s.max(0.0) * month_s / GIB;
            Transfer {
                gb_per_month,
                usd_per_month: gb_per_month * self.price_per_gb,
            }
        };
        let ddb = writes_per_s * self.ddb_replication_bytes_per_write
            + reads_per_s * self.ddb_client_bytes.0
            + writes_per_s * self.ddb_client_bytes.1;
        let aurora = writes_per_s * self.aurora_replication_bytes_per_write
            + reads_per_s * self.aurora_client_bytes.0
            + writes_per_s * self.aurora_client_bytes.1;
        (to(ddb), to(aurora))
    }

    /// MRSC: share of writes rejected with `ReplicatedWriteConflictException` on their first
    /// attempt, at `writes_per_s` (0 under MREC, or with every client in one Region).
    pub fn conflict_share(&self, writes_per_s: f64) -> f64 {
        if !self.mrsc || writes_per_s.is_nan() || writes_per_s <= 0.0 {
            return 0.0;
        }
        let tau_s = self.latencies.rtt_ms / 1000.0;
        let mut share = 0.0;
        for region_share in [1.0 - self.remote_share, self.remote_share] {
            let others = 1.0 - region_share;
            if region_share > 0.0 && others > 0.0 {
                share += region_share * self.expected_conflict(writes_per_s * others * tau_s);
            }
        }
        share.clamp(0.0, 1.0)
    }

    /// MRSC: share of writes that still fail after every SDK attempt (the exception is
    /// retryable; retries are assumed to conflict independently).
    pub fn conflict_failed_share(&self, writes_per_s: f64) -> f64 {
        self.conflict_share(writes_per_s).powi(self.sdk_attempts)
    }

    /// `Σₖ pₖ (1 − e^(−x·pₖ))`: exact over the hottest keys; over the tail, where every
    /// `y = x·pₖ ≤ 1`, by `y − y²/2` (error below `y³/6`), else by its upper bound `y`.
    fn expected_conflict(&self, x: f64) -> f64 {
        let exact: f64 = self
            .head_shares
            .iter()
            .map(|&p| -p * (-x * p).exp_m1())
            .sum();
        let linear = (x * self.tail_square_sum).min(self.tail_share);
        let tail = if x * self.tail_top <= 1.0 {
            (x * self.tail_square_sum - 0.5 * x * x * self.tail_cube_sum).clamp(0.0, linear)
        } else {
            linear
        };
        exact + tail
    }

    /// Fold the Region effects into a latency mixture a database model built: `parts[..reads_end]`
    /// are reads, the rest writes. Each part splits into Region A's and Region B's clients,
    /// each shifted by what Regions add. No effect (one Region, MREC) leaves it untouched.
    pub fn fold_into(&self, db: Database, parts: &mut Vec<(f64, Dist)>, reads_end: usize) {
        let extra = match db {
            Database::Dynamodb => self.latencies.dynamodb_extra,
            Database::Aurora => self.latencies.aurora_extra,
            // DSQL's multi-Region commit is in its own model (one inter-Region round trip).
            Database::Dsql => RegionExtra::default(),
        };
        let r = self.remote_share;
        let local_zero = extra.local_read_ms == 0.0 && extra.local_write_ms == 0.0;
        if extra.is_zero() || (local_zero && r == 0.0) {
            return;
        }
        let n = parts.len();
        for i in 0..n {
            let (weight, dist) = parts[i];
            let (local, remote) = if i < reads_end {
                (extra.local_read_ms, extra.remote_read_ms)
            } else {
                (extra.local_write_ms, extra.remote_write_ms)
            };
            parts[i] = (weight * (1.0 - r), shift(dist, local));
            if r > 0.0 {
                parts.push((weight * r, shift(dist, remote)));
            }
        }
    }
}

fn shift(d: Dist, ms: f64) -> Dist {
    match d {
        Dist::LogNormal {
            p50_ms,
            p99_ms,
            shift_ms,
        } => Dist::LogNormal {
            p50_ms,
            p99_ms,
            shift_ms: shift_ms + ms,
        },
        Dist::MmcSojourn {
            queue,
            service_ms,
            shift_ms,
        } => Dist::MmcSojourn {
            queue,
            service_ms,
            shift_ms: shift_ms + ms,
        },
        Dist::Fixed { ms: fixed } => Dist::Fixed { ms: fixed + ms },
    }
}

/// Unloaded p50 latencies of both databases from both client Regions.
pub fn latencies(s: &Scenario) -> RegionLatencies {
    let (w, e, reg) = (&s.workload, &s.estimates, &s.regions);
    let rtt = e.inter_region_rtt_ms;
    let replica_in_b = s.dynamodb.replica_regions >= 1;
    let secondary_in_b = s.aurora.secondary_regions >= 1;
    let mrsc = reg.mrsc();

    let strong = w.consistency == Consistency::Strong;
    let ddb_local = RegionExtra {
        local_read_ms: if mrsc && strong { rtt } else { 0.0 },
        local_write_ms: if mrsc { rtt } else { 0.0 },
        remote_read_ms: 0.0,
        remote_write_ms: 0.0,
    };
    let dynamodb_extra = RegionExtra {
        remote_read_ms: if replica_in_b {
            ddb_local.local_read_ms
        } else {
            rtt
        },
        remote_write_ms: if replica_in_b {
            ddb_local.local_write_ms
        } else {
            rtt
        },
        ..ddb_local
    };
    let aurora_extra = RegionExtra {
        local_read_ms: 0.0,
        local_write_ms: 0.0,
        remote_read_ms: if secondary_in_b { 0.0 } else { rtt },
        remote_write_ms: rtt
            + if reg.aurora_write_forwarding {
                e.write_forwarding_extra_ms
            } else {
                0.0
            },
    };
    let proxy = s.aurora.access.overhead_ms(e);
    let aurora_read = e.aurora_network_ms + e.aurora_point_read_cpu_ms + proxy;
    let aurora_write = e.aurora_network_ms + e.aurora_write_cpu_ms + e.aurora_commit_ms + proxy;
    let with = |read: f64, write: f64, x: &RegionExtra| OpLatency {
        local_read_ms: read + x.local_read_ms,
        local_write_ms: write + x.local_write_ms,
        remote_read_ms: read + x.remote_read_ms,
        remote_write_ms: write + x.remote_write_ms,
    };
    RegionLatencies {
        dynamodb: with(e.ddb_read_p50_ms, e.ddb_write_p50_ms, &dynamodb_extra),
        aurora: with(aurora_read, aurora_write, &aurora_extra),
        dynamodb_extra,
        aurora_extra,
        rtt_ms: rtt,
        dynamodb_lag_ms: if mrsc { 0.0 } else { e.ddb_replication_lag_ms },
        aurora_lag_ms: e.aurora_global_lag_ms,
        dynamodb_replica_in_b: replica_in_b,
        aurora_secondary_in_b: secondary_in_b,
    }
}

/// The Region counts and client split, in words, for verdicts and the page.
pub fn describe(s: &Scenario) -> String {
    let ddb = match (s.dynamodb.replica_regions, s.regions.dynamodb_mode) {
        (0, _) => "a single-Region DynamoDB table".to_string(),
        (n, GlobalTableMode::Mrec) => {
            format!("a DynamoDB global table in {} Regions (MREC)", n + 1)
        }
        (n, GlobalTableMode::Mrsc) => {
            format!(
                "a DynamoDB global table in {} Regions (MRSC{})",
                n + 1,
                if s.regions.dynamodb_witness {
                    " + witness"
                } else {
                    ""
                }
            )
        }
    };
    let aurora = match s.aurora.secondary_regions {
        0 => "a single-Region Aurora cluster".to_string(),
        n => format!(
            "an Aurora Global Database with {n} secondary Region{}{}",
            if n == 1 { "" } else { "s" },
            if s.regions.aurora_write_forwarding {
                " and write forwarding"
            } else {
                ""
            }
        ),
    };
    let share = format!("{:.0} % of requests from Region B", s.regions.remote_share * 100.0);
    if s.has(Database::Dsql) {
        let dsql = match s.dsql.topology {
            Topology::SingleRegion => "a single-Region DSQL cluster",
            Topology::MultiRegion => "a multi-Region DSQL cluster (Regions A and B + a witness)",
        };
        format!("{ddb}, {aurora} and {dsql}; {share}")
    } else {
        format!("{ddb} and {aurora}; {share}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::estimates::Estimates;
    use crate::model::latency::mixture_quantile;

    fn two_regions(mode: GlobalTableMode, replicas: u32, witness: bool) -> Scenario {
        let mut s = Scenario::default();
        s.dynamodb.replica_regions = replicas;
        s.aurora.secondary_regions = 1;
        s.regions = Regions {
            remote_share: 0.5,
            dynamodb_mode: mode,
            dynamodb_witness: witness,
            aurora_write_forwarding: false,
        };
        s
    }

    #[test]
    fn one_region_adds_nothing_and_folding_is_the_identity() {
        let s = Scenario::default();
        let plan = RegionPlan::new(&s);
        let l = plan.latencies();
        assert_eq!(
            (
                l.dynamodb_extra.local_read_ms,
                l.dynamodb_extra.local_write_ms
            ),
            (0.0, 0.0)
        );
        // A Region-B client would still cross to Region A, but there is none.
        assert_eq!(
            l.dynamodb_extra.remote_write_ms,
            Estimates::default().inter_region_rtt_ms
        );
        let parts = vec![
            (
                3.0,
                Dist::LogNormal {
                    p50_ms: 4.0,
                    p99_ms: 12.0,
                    shift_ms: 0.0,
                },
            ),
            (1.0, Dist::Fixed { ms: 6.0 }),
        ];
        for db in [Database::Dynamodb, Database::Aurora] {
            let mut folded = parts.clone();
            plan.fold_into(db, &mut folded, 1);
            assert_eq!(folded, parts);
        }
        assert_eq!(plan.conflict_share(1e6), 0.0);
        let (ddb, aurora) = plan.transfer(800.0, 200.0);
        assert_eq!((ddb.usd_per_month, aurora.usd_per_month), (0.0, 0.0));
    }

    #[test]
    fn mrsc_writes_pay_one_round_trip_and_mrec_writes_do_not() {
        let e = Estimates::default();
        let mrsc = latencies(&two_regions(GlobalTableMode::Mrsc, 2, false));
        assert_eq!(
            mrsc.dynamodb.local_write_ms,
            e.ddb_write_p50_ms + e.inter_region_rtt_ms
        );
        assert_eq!(
            mrsc.dynamodb.remote_write_ms,
            e.ddb_write_p50_ms + e.inter_region_rtt_ms
        );
        assert_eq!(
            mrsc.dynamodb.local_read_ms, e.ddb_read_p50_ms,
            "eventually consistent reads stay local"
        );
        let mrec = latencies(&two_regions(GlobalTableMode::Mrec, 1, false));
        assert_eq!(mrec.dynamodb.remote_write_ms, e.ddb_write_p50_ms);
        assert_eq!(mrec.dynamodb_lag_ms, e.ddb_replication_lag_ms);
        let mut strong = two_regions(GlobalTableMode::Mrsc, 2, false);
        strong.workload.consistency = Consistency::Strong;
        assert_eq!(
            latencies(&strong).dynamodb.remote_read_ms,
            e.ddb_read_p50_ms + e.inter_region_rtt_ms
        );
    }

    #[test]
    fn aurora_writes_from_region_b_cross_to_the_primary_with_or_without_forwarding() {
        let e = Estimates::default();
        let mut s = two_regions(GlobalTableMode::Mrec, 1, false);
        let direct = latencies(&s).aurora;
        assert_eq!(
            direct.remote_write_ms - direct.local_write_ms,
            e.inter_region_rtt_ms
        );
        assert_eq!(
            direct.remote_read_ms, direct.local_read_ms,
            "the secondary serves Region B's reads"
        );
        s.regions.aurora_write_forwarding = true;
        let forwarded = latencies(&s).aurora;
        assert!(
            (forwarded.remote_write_ms - direct.remote_write_ms - e.write_forwarding_extra_ms)
                .abs()
                < 1e-9
        );
        s.aurora.secondary_regions = 0;
        s.regions.aurora_write_forwarding = false;
        let single = latencies(&s).aurora;
        assert_eq!(
            single.remote_read_ms - single.local_read_ms,
            e.inter_region_rtt_ms
        );
    }

    #[test]
    fn folding_shifts_a_write_only_mixture_by_the_round_trip() {
        let s = two_regions(GlobalTableMode::Mrsc, 2, false);
        let plan = RegionPlan::new(&s);
        let mut parts = vec![(
            1.0,
            Dist::LogNormal {
                p50_ms: 6.0,
                p99_ms: 18.0,
                shift_ms: 0.0,
            },
        )];
        let before = mixture_quantile(&parts, 0.5);
        plan.fold_into(Database::Dynamodb, &mut parts, 0);
        let after = mixture_quantile(&parts, 0.5);
        assert!(
            (after - before - s.estimates.inter_region_rtt_ms).abs() < 1e-3,
            "{before} → {after}"
        );
        assert!(
            (parts.iter().map(|p| p.0).sum::<f64>() - 1.0).abs() < 1e-12,
            "weights kept"
        );
    }

    #[test]
    fn conflicts_match_per_key_enumeration_and_grow_with_the_write_rate() {
        let mut s = two_regions(GlobalTableMode::Mrsc, 2, false);
        s.workload.partition_keys = 5_000.0;
        s.workload.key_skew = 1.1;
        let plan = RegionPlan::new(&s);
        let z = Zipf::new(5_000.0, 1.1);
        let tau = s.estimates.inter_region_rtt_ms / 1000.0;
        let writes = 2_000.0;
        // Two Regions, half the writes each: each conflicts with the other half.
        let brute: f64 = (1..=5_000)
            .map(|k| {
                z.share_of(k as f64) * (1.0 - (-writes * 0.5 * tau * z.share_of(k as f64)).exp())
            })
            .sum();
        let fast = plan.conflict_share(writes);
        assert!((fast - brute).abs() < 1e-3 * brute, "{fast} vs {brute}");
        assert!(plan.conflict_share(writes * 10.0) > fast);
        assert!(plan.conflict_failed_share(writes) < fast);
        // Few uniform keys written hard: nearly every write conflicts, not more than all.
        let mut hot = s.clone();
        hot.workload.partition_keys = 1_000.0;
        hot.workload.key_skew = 0.0;
        let saturated = RegionPlan::new(&hot).conflict_share(1e7);
        assert!(saturated > 0.99 && saturated <= 1.0, "{saturated}");
        // Every client in one Region: nothing to conflict with.
        s.regions.remote_share = 0.0;
        assert_eq!(RegionPlan::new(&s).conflict_share(writes), 0.0);
    }

    #[test]
    fn transfer_counts_replication_and_cross_region_clients() {
        let mut s = two_regions(GlobalTableMode::Mrec, 1, false);
        s.workload.item_size_kb = 1.0;
        s.regions.remote_share = 0.0;
        let plan = RegionPlan::new(&s);
        let (ddb, aurora) = plan.transfer(0.0, 1_000.0);
        let month_gib = 1_000.0 * 1024.0 * HOURS_PER_MONTH * 3600.0 / GIB;
        assert!(
            (ddb.gb_per_month - month_gib).abs() < 1e-6 * month_gib,
            "{}",
            ddb.gb_per_month
        );
        assert!(
            (ddb.usd_per_month - month_gib * s.prices.cross_region_transfer_gb.value).abs() < 1e-6
        );
        assert!(
            aurora.gb_per_month > ddb.gb_per_month,
            "the log record is the row plus its overhead"
        );
    }

    #[test]
    fn validation_names_the_field_and_the_rule() {
        let ok = two_regions(GlobalTableMode::Mrsc, 1, true);
        ok.regions.validate(&ok.dynamodb, &ok.aurora).unwrap();
        let mut bad = ok.clone();
        bad.regions.remote_share = 1.5;
        assert!(bad
            .regions
            .validate(&bad.dynamodb, &bad.aurora)
            .unwrap_err()
            .contains("regions.remote_share = 1.5"));
        let mut witness = two_regions(GlobalTableMode::Mrec, 1, true);
        assert!(witness
            .regions
            .validate(&witness.dynamodb, &witness.aurora)
            .unwrap_err()
            .contains("dynamodb_witness"));
        witness.regions.dynamodb_witness = false;
        witness.regions.aurora_write_forwarding = true;
        witness.aurora.secondary_regions = 0;
        assert!(witness
            .regions
            .validate(&witness.dynamodb, &witness.aurora)
            .unwrap_err()
            .contains("aurora.secondary_regions"));
    }
}
