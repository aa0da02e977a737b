//! Metering: the DPUs one transaction is billed (facts addendum 2026-12, §1; the bill is
//! ΣDPU × price + storage).
//!
//! * **WriteDPU** = `max(0.05, 0.05 × KiB written)`, each row counted as at least 128 B
//!   (INF fit, R² = 1.000, n = 39, on faridnsh/aurora-dsql-pricing).
//! * **ReadDPU** = `max(0.00375, 0.001875 × KiB read)` for a transaction that reads (same
//!   fit). A write reads the rows it writes (an INSERT checks its key is unique, an UPDATE
//!   reads the row): INF, and what makes 1,000 tiny rows cost 0.00715 DPU each.
//! * **ComputeDPU** ≈ 1 DPU per second the transaction holds a query processor, which
//!   tracks its open wall time (INF): `statements × (round trip + execution) + rows written
//!   × write time + rows scanned × scan time + commit` (+ one inter-Region round trip on a
//!   multi-Region commit), where an autocommit write's one statement is its commit (the
//!   measured commit is a whole autocommit UPDATE). The times are estimates ([`Estimates`]).
//! * **MultiRegionWriteDPU** = WriteDPU on a multi-Region cluster (DOC pricing page).
//! * **An attempt aborted at COMMIT** (optimistic concurrency) is billed its ReadDPU and
//!   ComputeDPU, and no WriteDPU: it wrote nothing (INF, [`Transaction::aborted_dpu`]).

use super::config::Topology;
use crate::model::estimates::Estimates;
use crate::model::facts::*;
use serde::Serialize;

/// DPUs by kind (per transaction, or per second when summed over a rate).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Dpu {
    pub read: f64,
    pub write: f64,
    pub compute: f64,
    pub multi_region_write: f64,
}

impl Dpu {
    pub fn total(&self) -> f64 {
        self.read + self.write + self.compute + self.multi_region_write
    }

    /// Every kind times `k` (e.g. transactions per second).
    pub fn times(&self, k: f64) -> Dpu {
        Dpu { read: self.read * k, write: self.write * k, compute: self.compute * k, multi_region_write: self.multi_region_write * k }
    }

    pub fn plus(&self, o: &Dpu) -> Dpu {
        Dpu { read: self.read + o.read, write: self.write + o.write, compute: self.compute + o.compute, multi_region_write: self.multi_region_write + o.multi_region_write }
    }
}

/// Bytes a row is billed at: its size, at least 128 B.
pub fn billed_row_bytes(row_bytes: f64) -> f64 {
    row_bytes.max(DSQL_MIN_ROW_BYTES)
}

/// WriteDPU of a transaction writing `rows` rows of `row_bytes` each (0 without rows).
pub fn write_dpu(rows: f64, row_bytes: f64) -> f64 {
    if rows <= 0.0 {
        return 0.0;
    }
    (DSQL_WRITE_DPU_PER_KIB * rows * billed_row_bytes(row_bytes) / 1024.0).max(DSQL_MIN_WRITE_DPU)
}

/// ReadDPU of a transaction reading `rows` rows of `row_bytes` each (0 without rows).
pub fn read_dpu(rows: f64, row_bytes: f64) -> f64 {
    if rows <= 0.0 {
        return 0.0;
    }
    (DSQL_READ_DPU_PER_KIB * rows * billed_row_bytes(row_bytes) / 1024.0).max(DSQL_MIN_READ_DPU)
}

/// ComputeDPU of a transaction that holds a query processor for `hold_ms`.
pub fn compute_dpu(hold_ms: f64) -> f64 {
    DSQL_COMPUTE_DPU_PER_S * hold_ms.max(0.0) / 1000.0
}

/// What one transaction does.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Transaction {
    /// Statements sent, each one client round trip.
    pub statements: f64,
    /// Rows a read-only statement scans (a write's own reads are in `rows_written`).
    pub rows_scanned: f64,
    /// Rows written (each also read once, for its key).
    pub rows_written: f64,
    /// Bytes of one row.
    pub row_bytes: f64,
    /// One statement committed on its own (no BEGIN … COMMIT): a write's single round trip
    /// is then its commit's.
    pub autocommit: bool,
}

impl Transaction {
    /// `SELECT … WHERE id = ?`, autocommit.
    pub fn point_read(row_bytes: f64) -> Self {
        Transaction { statements: 1.0, rows_scanned: 1.0, rows_written: 0.0, row_bytes, autocommit: true }
    }

    /// One statement reading `rows` rows (a range query, or a report's full aggregate).
    pub fn scan(rows: f64, row_bytes: f64) -> Self {
        Transaction { statements: 1.0, rows_scanned: rows, rows_written: 0.0, row_bytes, autocommit: true }
    }

    /// One INSERT of `rows` rows, autocommit (1 row: a single-row write).
    pub fn insert(rows: f64, row_bytes: f64) -> Self {
        Transaction { statements: 1.0, rows_scanned: 0.0, rows_written: rows, row_bytes, autocommit: true }
    }

    /// `orders` orders, each an order insert and a stock update (2 statements, 2 rows).
    pub fn orders(orders: f64, row_bytes: f64) -> Self {
        Transaction { statements: 2.0 * orders, rows_scanned: 0.0, rows_written: 2.0 * orders, row_bytes, autocommit: false }
    }

    pub fn writes(&self) -> bool {
        self.rows_written > 0.0
    }

    /// Bytes the transaction writes (for the 10 MiB limit).
    pub fn write_bytes(&self) -> f64 {
        self.rows_written * self.row_bytes
    }

    /// Commit time: a read-only transaction commits locally (nothing to synchronise); a
    /// write commits in the Region, and on a multi-Region cluster synchronises once with
    /// another Region.
    pub fn commit_ms(&self, topology: Topology, est: &Estimates) -> f64 {
        if self.writes() {
            topology.write_commit_ms(est)
        } else {
            0.0
        }
    }

    /// Time the transaction holds a query processor, open to commit, ms: also its latency
    /// as the client sees it (p50, without a new connection or a pool wait). The commit
    /// time is a COMMIT's whole latency, its round trip included (3P: 7 ms for an
    /// autocommit UPDATE, ≈ 140 a second on one row), so an autocommit write's one
    /// statement is its commit: `commit + rows × write time`, not a round trip more.
    pub fn hold_ms(&self, topology: Topology, est: &Estimates) -> f64 {
        let statements = if self.autocommit && self.writes() { (self.statements - 1.0).max(0.0) } else { self.statements };
        statements * (est.dsql_client_round_trip_ms + est.dsql_statement_execution_ms)
            + self.rows_written * est.dsql_write_ms_per_row
            + self.rows_scanned * est.dsql_scan_ms_per_row
            + self.commit_ms(topology, est)
    }

    /// The DPUs of an attempt aborted at COMMIT (40001, `OC000`): its reads and its query
    /// processor's time, as for a committed one; nothing reaches storage, so no WriteDPU and
    /// no MultiRegionWriteDPU. INF: the pricing page meters the work a transaction does,
    /// and AWS does not say how an aborted one is billed.
    pub fn aborted_dpu(&self, topology: Topology, est: &Estimates) -> Dpu {
        let dpu = self.dpu(topology, est);
        let share = DSQL_ABORTED_ATTEMPT_WRITE_SHARE;
        Dpu { write: dpu.write * share, multi_region_write: dpu.multi_region_write * share, ..dpu }
    }

    /// The DPUs the transaction is billed, by kind.
    pub fn dpu(&self, topology: Topology, est: &Estimates) -> Dpu {
        let write = write_dpu(self.rows_written, self.row_bytes);
        Dpu {
            read: read_dpu(self.rows_scanned + self.rows_written, self.row_bytes),
            write,
            compute: compute_dpu(self.hold_ms(topology, est)),
            multi_region_write: match topology {
                Topology::SingleRegion => 0.0,
                Topology::MultiRegion => DSQL_MULTI_REGION_WRITE_FACTOR * write,
            },
        }
    }
}
