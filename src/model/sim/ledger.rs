//! The loss ledger: every request a database could not serve has one named cause, so that
//! offered = served + Σ lost by cause, at every step and over the run.
//!
//! DynamoDB's causes are AWS's throttling reasons (`ThrottlingReason`, API reference and the
//! 2026 addendum, DOC): `{Table,Index}{Read,Write}` × `{KeyRangeThroughputExceeded,
//! ProvisionedThroughputExceeded, AccountLimitExceeded, MaxOnDemandThroughputExceeded}`, as
//! they apply here (indexes are written, not read, in this model). A request throttled by
//! both the table and an index is counted once, under the first limit on its way, as
//! CloudWatch's `ThrottledRequests` counts it. On-demand growth beyond double the previous
//! peak and a hot key both surface as `KeyRangeThroughputExceeded` (partitions at their
//! limit); the ledger keeps them apart so the page can say which. Aurora's causes are what
//! a client sees: a time-out waiting for the writer's or a reader's CPU, a refused
//! connection, a wait for a resume from auto-pause. Faults add their own causes (a writer
//! failover, a lost reader or Region, an MRSC write conflict: `crate::model::faults`), each
//! with the signal a user would watch.

use crate::model::faults::Losses;
use serde::{Deserialize, Serialize};

pub use crate::model::database::Database;

macro_rules! causes {
    ($( $variant:ident, $id:literal, $db:ident, $reason:literal, $metric:literal, $label:literal; )*) => {
        /// Why a request was lost.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum LossCause {
            $( #[serde(rename = $id)] $variant, )*
        }

        impl LossCause {
            pub const ALL: [LossCause; [$( LossCause::$variant ),*].len()] = [$( LossCause::$variant ),*];
            pub const COUNT: usize = Self::ALL.len();

            /// Stable id (serde name, CSV column suffix).
            pub fn id(self) -> &'static str {
                match self { $( LossCause::$variant => $id, )* }
            }

            pub const fn database(self) -> Database {
                match self { $( LossCause::$variant => Database::$db, )* }
            }

            /// AWS's throttling reason (DynamoDB) or the error a client sees (Aurora).
            pub fn reason(self) -> &'static str {
                match self { $( LossCause::$variant => $reason, )* }
            }

            /// The CloudWatch metric (or client-side signal) to watch for it.
            pub fn metric(self) -> &'static str {
                match self { $( LossCause::$variant => $metric, )* }
            }

            /// What it means, in a few words.
            pub fn label(self) -> &'static str {
                match self { $( LossCause::$variant => $label, )* }
            }
        }
    };
}

causes! {
    TableReadHotKey, "table_read_hot_key", Dynamodb, "TableReadKeyRangeThroughputExceeded", "ReadKeyRangeThroughputThrottleEvents", "a hot key's reads above one partition's 3,000 read units/s";
    TableWriteHotKey, "table_write_hot_key", Dynamodb, "TableWriteKeyRangeThroughputExceeded", "WriteKeyRangeThroughputThrottleEvents", "a hot key's writes above one partition's 1,000 write units/s";
    TableReadGrowth, "table_read_growth", Dynamodb, "TableReadKeyRangeThroughputExceeded", "ReadKeyRangeThroughputThrottleEvents", "on-demand reads above double the previous peak within 30 minutes";
    TableWriteGrowth, "table_write_growth", Dynamodb, "TableWriteKeyRangeThroughputExceeded", "WriteKeyRangeThroughputThrottleEvents", "on-demand writes above double the previous peak within 30 minutes";
    TableReadProvisioned, "table_read_provisioned", Dynamodb, "TableReadProvisionedThroughputExceeded", "ReadProvisionedThroughputThrottleEvents", "reads above provisioned capacity, burst spent";
    TableWriteProvisioned, "table_write_provisioned", Dynamodb, "TableWriteProvisionedThroughputExceeded", "WriteProvisionedThroughputThrottleEvents", "writes above provisioned capacity, burst spent";
    TableReadAccountLimit, "table_read_account_limit", Dynamodb, "TableReadAccountLimitExceeded", "ReadAccountLimitThrottleEvents", "on-demand reads above the per-table quota";
    TableWriteAccountLimit, "table_write_account_limit", Dynamodb, "TableWriteAccountLimitExceeded", "WriteAccountLimitThrottleEvents", "on-demand writes above the per-table quota";
    TableReadMaxOnDemand, "table_read_max_on_demand", Dynamodb, "TableReadMaxOnDemandThroughputExceeded", "ReadMaxOnDemandThroughputThrottleEvents", "reads above the table's maximum on-demand throughput";
    TableWriteMaxOnDemand, "table_write_max_on_demand", Dynamodb, "TableWriteMaxOnDemandThroughputExceeded", "WriteMaxOnDemandThroughputThrottleEvents", "writes above the table's maximum on-demand throughput";
    IndexWriteGrowth, "index_write_growth", Dynamodb, "IndexWriteKeyRangeThroughputExceeded", "WriteKeyRangeThroughputThrottleEvents (per GSI)", "an on-demand index's writes above double its previous peak within 30 minutes";
    IndexWriteProvisioned, "index_write_provisioned", Dynamodb, "IndexWriteProvisionedThroughputExceeded", "WriteProvisionedThroughputThrottleEvents (per GSI)", "an index short of provisioned write capacity throttles the table's writes";
    IndexWriteAccountLimit, "index_write_account_limit", Dynamodb, "IndexWriteAccountLimitExceeded", "WriteAccountLimitThrottleEvents (per GSI)", "an on-demand index's writes above the per-index quota";
    IndexWriteMaxOnDemand, "index_write_max_on_demand", Dynamodb, "IndexWriteMaxOnDemandThroughputExceeded", "WriteMaxOnDemandThroughputThrottleEvents (per GSI)", "an index's writes above its maximum on-demand throughput";
    WriterTimeout, "writer_timeout", Aurora, "client timeout waiting for the writer", "CPUUtilization, DBLoadCPU (writer)", "timed out in the writer's CPU queue";
    ReaderTimeout, "reader_timeout", Aurora, "client timeout waiting for a reader", "CPUUtilization, DBLoadCPU (readers)", "timed out in a reader's CPU queue";
    ConnectionRefused, "connection_refused", Aurora, "too many connections", "DatabaseConnections vs max_connections", "refused a connection above max_connections (direct connections: no RDS Proxy or Data API to hold them)";
    ResumeWait, "resume_wait", Aurora, "client timeout during resume", "ServerlessDatabaseCapacity = 0 (paused)", "arrived while the paused cluster resumed and waited past the timeout";
    DynamoWriteConflict, "dynamodb_replicated_write_conflict", Dynamodb, "ReplicatedWriteConflictException", "SDK errors: ReplicatedWriteConflictException", "MRSC: same item written from another Region";
    DynamoRegionDown, "dynamodb_region_down", Dynamodb, "endpoint unreachable", "SDK connection errors; CloudWatch SystemErrors", "a single-Region table's Region down";
    DynamoClientRegionDown, "dynamodb_client_region_down", Dynamodb, "the clients' own Region is down", "Route 53 health checks; the application's error rate", "clients in a lost Region until redirected";
    AuroraWriterFailover, "aurora_writer_failover", Aurora, "connection refused or reset by the writer", "RDS events: failover started / completed", "writer failover: detection, promotion, DNS, reconnect";
    AuroraNewWriter, "aurora_new_writer", Aurora, "connection refused or reset by the writer", "RDS events: a new DB instance being created", "no reader to promote: a new writer is created";
    AuroraWriterReboot, "aurora_writer_reboot", Aurora, "connection refused or reset by the writer", "RDS event: DB instance restarted; EngineUptime", "the writer restarts";
    AuroraReaderLost, "aurora_reader_lost", Aurora, "connection reset by a reader", "DatabaseConnections on the reader drops to 0", "reads on a lost reader until its clients reconnect";
    AuroraRegionDown, "aurora_region_down", Aurora, "connect timeout to the primary Region", "AuroraGlobalDBProgressLag growing in the secondary", "the primary Region down, no failover yet";
    AuroraGlobalFailover, "aurora_global_failover", Aurora, "connection refused, or read-only, during a Global Database failover", "RDS global cluster events: failover", "a secondary Region promoted, clients reconnecting";
    AuroraGlobalSwitchover, "aurora_global_switchover", Aurora, "connection refused, or read-only, during a Global Database failover", "RDS global cluster events: switchover", "a planned switchover of the primary";
    AuroraClientRegionDown, "aurora_client_region_down", Aurora, "the clients' own Region is down", "Route 53 health checks; the application's error rate", "clients in a lost Region until redirected";
    DsqlConnectionRate, "dsql_connection_rate", Dsql, "53400: too many new connections (100/s, burst 1,000)", "client connect errors (SQLSTATE 53400)", "new connections above 100 a second once the burst of 1,000 is spent (each peer of a multi-Region cluster has its own)";
    DsqlTooManyConnections, "dsql_too_many_connections", Dsql, "53300: too many connections (10,000 per cluster)", "client connect errors (SQLSTATE 53300)", "connections above the cluster's 10,000 (each peer of a multi-Region cluster has its own)";
    DsqlPoolTimeout, "dsql_pool_timeout", Dsql, "client timeout waiting for a pooled connection", "the application's pool wait time", "no free connection in the client's pool before its timeout";
    DsqlTransactionTooLarge, "dsql_transaction_too_large", Dsql, "54000: transaction above 3,000 rows or 10 MiB", "client errors (SQLSTATE 54000)", "a write transaction above 3,000 rows or 10 MiB is refused";
    DsqlTransactionTooLong, "dsql_transaction_too_long", Dsql, "54000: transaction past the time limit", "QueryTimeouts", "a transaction open longer than the time limit (5 minutes documented, editable in Assumptions) is cancelled";
    DsqlClientRegionDown, "dsql_client_region_down", Dsql, "the clients' own Region is down", "Route 53 health checks; the application's error rate", "clients in a lost Region until redirected";
    DynamoTransactionConflict, "dynamodb_transaction_conflict", Dynamodb, "TransactionConflict (TransactionCanceledException)", "TransactionConflict in the exception's CancellationReasons; CloudWatch TransactionConflict", "transactions on the hot item cancelled by another in flight, after the application's retries";
    AuroraLockWaitTimeout, "aurora_lock_wait_timeout", Aurora, "lock wait timeout (MySQL 1205; PostgreSQL: the client's timeout)", "Performance Insights: waits on row locks (wait/io/table, Lock:transactionid)", "transactions queued on the hot row's lock past the time-out";
    DsqlOccAbort, "dsql_occ_abort", Dsql, "40001 OC000: change conflicts with another transaction", "OccConflicts", "transactions on the hot row aborted at COMMIT, after the client's retries";
    DsqlRegionDown, "dsql_region_down", Dsql, "cluster endpoint unreachable", "clients: connect timeouts; TotalTransactions at 0", "a single-Region cluster's Region down";
    DsqlStorageFull, "dsql_storage_full", Dsql, "53100: storage quota reached", "ClusterStorageSize vs the quota", "writes refused once the cluster's storage quota is full";
}

impl LossCause {
    /// The ledger's entry for a fault's cause on `database` (a lost client Region fails
    /// both databases' requests: one entry each).
    pub fn from_fault(cause: crate::model::faults::Cause, database: Database) -> LossCause {
        use crate::model::faults::Cause as F;
        match (cause, database) {
            (F::AuroraWriterFailover, _) => LossCause::AuroraWriterFailover,
            (F::AuroraNewWriter, _) => LossCause::AuroraNewWriter,
            (F::AuroraWriterReboot, _) => LossCause::AuroraWriterReboot,
            (F::AuroraReaderLost, _) => LossCause::AuroraReaderLost,
            (F::AuroraRegionDown, _) => LossCause::AuroraRegionDown,
            (F::AuroraGlobalFailover, _) => LossCause::AuroraGlobalFailover,
            (F::AuroraGlobalSwitchover, _) => LossCause::AuroraGlobalSwitchover,
            (F::DynamoRegionDown, _) => LossCause::DynamoRegionDown,
            (F::DynamoWriteConflict, _) => LossCause::DynamoWriteConflict,
            (F::ClientRegionDown, Database::Dynamodb) => LossCause::DynamoClientRegionDown,
            (F::ClientRegionDown, Database::Aurora) => LossCause::AuroraClientRegionDown,
            (F::ClientRegionDown, Database::Dsql) => LossCause::DsqlClientRegionDown,
            (F::DsqlRegionDown, _) => LossCause::DsqlRegionDown,
        }
    }
}

impl LossCause {
    /// The causes `database` can lose requests to, in declaration order.
    pub fn of(database: Database) -> impl Iterator<Item = LossCause> {
        LossCause::ALL.into_iter().filter(move |c| c.database() == database)
    }

    /// Where this cause sits in its database's ledger: its place among that database's
    /// causes, in declaration order.
    const fn slot(self) -> usize {
        SLOTS[self as usize] as usize
    }
}

/// Each cause's place in its own database's ledger (see [`LossCause::slot`]), and how many
/// causes each database has, from one walk of the causes in declaration order.
const LAYOUT: ([u8; LossCause::COUNT], [u8; Database::ALL.len()]) = {
    let (mut slots, mut counts) = ([0u8; LossCause::COUNT], [0u8; Database::ALL.len()]);
    let mut i = 0;
    while i < LossCause::COUNT {
        let db = LossCause::ALL[i].database() as usize;
        slots[i] = counts[db];
        counts[db] += 1;
        i += 1;
    }
    (slots, counts)
};
const SLOTS: [u8; LossCause::COUNT] = LAYOUT.0;

/// The most causes any one database has: the length of every database's ledger.
pub(crate) const CAUSES_PER_DATABASE: usize = {
    let (mut most, mut d) = (0, 0);
    while d < LAYOUT.1.len() {
        if LAYOUT.1[d] > most {
            most = LAYOUT.1[d];
        }
        d += 1;
    }
    most as usize
};

/// One database's requests (or requests per second) lost, by cause.
///
/// A ledger holds only its own database's causes: every piece of every step makes one and
/// every bucket sums them, so a shared array of all three databases' causes cost each
/// database the others' zeros (making, adding and scaling ledgers were a fifth of the
/// engine's instructions; per-database ledgers cut the total by 14 %, callgrind).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ledger {
    database: Database,
    /// Indexed by [`LossCause::slot`].
    amounts: [f64; CAUSES_PER_DATABASE],
}

impl Ledger {
    /// An empty ledger for `database`.
    pub fn new(database: Database) -> Self {
        Ledger { database, amounts: [0.0; CAUSES_PER_DATABASE] }
    }

    pub fn database(&self) -> Database {
        self.database
    }

    /// Book `amount` under `cause`, which must be this ledger's database's.
    pub fn add(&mut self, cause: LossCause, amount: f64) {
        // Booking another database's cause is an engine bug; in a release build it is
        // dropped rather than booked under the wrong name.
        debug_assert_eq!(cause.database(), self.database, "{cause:?} booked in {:?}'s ledger", self.database);
        if cause.database() == self.database {
            self.amounts[cause.slot()] += amount;
        }
    }

    /// Book what `faults` fail first of `reads_per_s` and `writes_per_s` offered to
    /// this ledger's database (a lost Region, a failover), each cause under its ledger name, scaled by
    /// `weight` (a piece's share of its step); returns what reaches the database and the
    /// requests per second the faults failed: `(reads, writes, failed)`. With no fault the
    /// rates come back untouched, bit for bit.
    pub(crate) fn book_faults(&mut self, faults: &Losses, reads_per_s: f64, writes_per_s: f64, weight: f64) -> (f64, f64, f64) {
        let mut failed = 0.0;
        for (cause, read_share, write_share) in faults.causes() {
            let amount = reads_per_s * read_share + writes_per_s * write_share;
            self.add(LossCause::from_fault(cause, self.database), amount * weight);
            failed += amount;
        }
        let (reads, writes) = faults.surviving(reads_per_s, writes_per_s);
        (reads, writes, failed)
    }

    /// What `cause` lost here (0 for another database's cause).
    pub fn get(&self, cause: LossCause) -> f64 {
        if cause.database() == self.database {
            self.amounts[cause.slot()]
        } else {
            0.0
        }
    }

    /// This database's causes and what each lost, in declaration order.
    pub fn by_cause(&self) -> impl Iterator<Item = (LossCause, f64)> + '_ {
        LossCause::of(self.database).map(|c| (c, self.amounts[c.slot()]))
    }

    /// Every cause's amount, in declaration order (the slots past this database's causes
    /// are 0, so the sum is the same as over its causes alone, bit for bit).
    pub fn total(&self) -> f64 {
        self.amounts.iter().sum()
    }

    /// Causes with something lost, largest first (ties in declaration order).
    pub fn ranked(&self) -> Vec<(LossCause, f64)> {
        let mut v: Vec<(LossCause, f64)> = self.by_cause().filter(|&(_, x)| x > 0.0).collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    pub fn scaled(&self, by: f64) -> Ledger {
        Ledger { database: self.database, amounts: self.amounts.map(|x| x * by) }
    }

    /// Add `weight` × `other`, a ledger of the same database.
    pub fn accumulate(&mut self, other: &Ledger, weight: f64) {
        // Another database's ledger is an engine bug; in a release build it is dropped, as
        // `add` drops another database's cause, rather than booked under the wrong names.
        debug_assert_eq!(self.database, other.database, "{:?}'s ledger added to {:?}'s", other.database, self.database);
        if self.database != other.database {
            return;
        }
        // By reference: iterating `other.amounts` by value copied the whole array every call.
        for (a, b) in self.amounts.iter_mut().zip(&other.amounts) {
            *a += b * weight;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dynamodb_throttling_reason_is_one_of_awss_sixteen_names() {
        // Not throttling: Region faults, replicated-write and transaction conflicts.
        let faults = [LossCause::DynamoWriteConflict, LossCause::DynamoRegionDown, LossCause::DynamoClientRegionDown, LossCause::DynamoTransactionConflict];
        for cause in LossCause::ALL.iter().filter(|c| c.database() == Database::Dynamodb && !faults.contains(c)) {
            let r = cause.reason();
            let resource = ["Table", "Index"].into_iter().find(|p| r.starts_with(p)).expect(r);
            let rest = &r[resource.len()..];
            let op = ["Read", "Write"].into_iter().find(|p| rest.starts_with(p)).expect(r);
            let limit = &rest[op.len()..];
            assert!(
                ["KeyRangeThroughputExceeded", "ProvisionedThroughputExceeded", "AccountLimitExceeded", "MaxOnDemandThroughputExceeded"].contains(&limit),
                "{r}"
            );
        }
        let ids: std::collections::BTreeSet<_> = LossCause::ALL.iter().map(|c| c.id()).collect();
        assert_eq!(ids.len(), LossCause::COUNT, "ids are unique");
    }

    #[test]
    fn each_database_ledger_holds_exactly_its_own_causes() {
        let mut most = 0;
        for db in Database::ALL {
            let causes: Vec<LossCause> = LossCause::of(db).collect();
            most = most.max(causes.len());
            // Slots are 0, 1, 2 … in declaration order: no two causes share one.
            assert_eq!(causes.iter().map(|c| c.slot()).collect::<Vec<_>>(), (0..causes.len()).collect::<Vec<_>>(), "{db:?}");
            let mut ledger = Ledger::new(db);
            for (i, &c) in causes.iter().enumerate() {
                ledger.add(c, (i + 1) as f64);
            }
            for c in LossCause::ALL {
                let expected = causes.iter().position(|&x| x == c).map_or(0.0, |i| (i + 1) as f64);
                assert_eq!(ledger.get(c), expected, "{db:?} {c:?}");
            }
            let n = causes.len() as f64;
            assert_eq!(ledger.total(), n * (n + 1.0) / 2.0);
            assert_eq!(ledger.ranked().first(), Some(&(*causes.last().unwrap(), n)));
            assert!(ledger.ranked().iter().all(|(c, _)| c.database() == db));
            let mut twice = Ledger::new(db);
            twice.accumulate(&ledger, 2.0);
            assert_eq!(twice, ledger.scaled(2.0));
        }
        // DynamoDB's 18 causes set every ledger's length.
        assert_eq!(CAUSES_PER_DATABASE, most);
        assert_eq!(most, LossCause::of(Database::Dynamodb).count());
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "booked in Aurora's ledger")]
    fn booking_another_databases_cause_is_a_bug() {
        Ledger::new(Database::Aurora).add(LossCause::TableReadHotKey, 1.0);
    }

    #[test]
    fn every_fault_cause_has_a_ledger_entry_on_its_database() {
        use crate::model::faults::Cause;
        for cause in Cause::ALL {
            for db in Database::ALL {
                if cause.database().is_none_or(|d| d == db) {
                    let entry = LossCause::from_fault(cause, db);
                    assert_eq!(entry.database(), db, "{cause:?}");
                    assert_eq!(entry.label(), cause.label(), "{cause:?}");
                }
            }
        }
    }
}
