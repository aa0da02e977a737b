//! Why a request failed during a fault: one named cause per mechanism, each with the signal
//! a user would watch for it (a CloudWatch metric, an RDS event, or what the client sees).
//! The engine's loss ledger records failed requests under these names.

use crate::model::regions::Database;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Cause {
    /// Aurora's writer is gone and the clients have not reached the promoted reader yet.
    AuroraWriterFailover,
    /// No reader to promote: Aurora creates a new writer instance.
    AuroraNewWriter,
    /// The writer restarts in place.
    AuroraWriterReboot,
    /// Reads on a lost reader, until their clients reconnect to another reader.
    AuroraReaderLost,
    /// Aurora's primary Region is down and no cross-Region failover has started (or there
    /// is no secondary to fail over to).
    AuroraRegionDown,
    /// A Global Database secondary is being promoted after a Region loss, and clients are
    /// reconnecting to it.
    AuroraGlobalFailover,
    /// A planned Global Database switchover.
    AuroraGlobalSwitchover,
    /// A single-Region DynamoDB table whose Region is down.
    DynamoRegionDown,
    /// Clients in a lost Region, until DNS / health checks send them to another Region.
    ClientRegionDown,
    /// MRSC: another Region is writing the same item (`ReplicatedWriteConflictException`).
    DynamoWriteConflict,
    DsqlRegionDown,
}

impl Cause {
    pub const COUNT: usize = 11;
    pub const ALL: [Cause; Cause::COUNT] = [
        Cause::AuroraWriterFailover,
        Cause::AuroraNewWriter,
        Cause::AuroraWriterReboot,
        Cause::AuroraReaderLost,
        Cause::AuroraRegionDown,
        Cause::AuroraGlobalFailover,
        Cause::AuroraGlobalSwitchover,
        Cause::DynamoRegionDown,
        Cause::ClientRegionDown,
        Cause::DynamoWriteConflict,
        Cause::DsqlRegionDown,
    ];

    /// Position in [`Cause::ALL`] (and in every per-cause array).
    pub fn index(self) -> usize {
        self as usize
    }

    /// A stable id, for CSV columns and JSON keys.
    pub fn name(self) -> &'static str {
        match self {
            Cause::AuroraWriterFailover => "aurora_writer_failover",
            Cause::AuroraNewWriter => "aurora_new_writer",
            Cause::AuroraWriterReboot => "aurora_writer_reboot",
            Cause::AuroraReaderLost => "aurora_reader_lost",
            Cause::AuroraRegionDown => "aurora_region_down",
            Cause::AuroraGlobalFailover => "aurora_global_failover",
            Cause::AuroraGlobalSwitchover => "aurora_global_switchover",
            Cause::DynamoRegionDown => "dynamodb_region_down",
            Cause::ClientRegionDown => "client_region_down",
            Cause::DynamoWriteConflict => "dynamodb_replicated_write_conflict",
            Cause::DsqlRegionDown => "dsql_region_down",
        }
    }

    /// One line: what fails and why.
    pub fn description(self) -> &'static str {
        match self {
            Cause::AuroraWriterFailover => "Writes fail from the writer's loss until the clients reach the promoted reader: detection, promotion, DNS, reconnect.",
            Cause::AuroraNewWriter => "No reader to promote: Aurora creates a new writer, and every request waits for it.",
            Cause::AuroraWriterReboot => "Writes fail while the writer restarts and the clients reconnect.",
            Cause::AuroraReaderLost => "Reads on a lost reader fail until their clients reconnect to another reader.",
            Cause::AuroraRegionDown => "Aurora's primary Region is down and no failover has started: writes (and reads with no secondary) fail.",
            Cause::AuroraGlobalFailover => "A secondary Region is being promoted to primary and the clients are reconnecting to it.",
            Cause::AuroraGlobalSwitchover => "Writes pause during a planned switchover of the primary to another Region (nothing is lost).",
            Cause::DynamoRegionDown => "A single-Region table is unreachable while its Region is down.",
            Cause::ClientRegionDown => "Requests from clients in the lost Region fail until they are redirected to another Region.",
            Cause::DynamoWriteConflict => "MRSC: a write to an item another Region is writing is rejected (retryable).",
            Cause::DsqlRegionDown => "A single-Region DSQL cluster is unreachable while its Region is down.",
        }
    }

    /// What a user would watch to see it happen.
    pub fn signal(self) -> &'static str {
        match self {
            Cause::AuroraWriterFailover => "RDS events: failover started / completed; clients: connection errors, then read-only errors while DNS still points at the old writer",
            Cause::AuroraNewWriter => "RDS events: a new DB instance being created; DatabaseConnections at 0 for minutes",
            Cause::AuroraWriterReboot => "RDS event: DB instance restarted; EngineUptime resets; clients: connection errors",
            Cause::AuroraReaderLost => "DatabaseConnections on that reader drops to 0; errors on reader-endpoint connections",
            Cause::AuroraRegionDown => "clients: connect timeouts to the primary; in the secondary Region, AuroraGlobalDBProgressLag keeps growing",
            Cause::AuroraGlobalFailover => "RDS global cluster events: failover started / completed; writes fail or hit a read-only secondary",
            Cause::AuroraGlobalSwitchover => "RDS global cluster events: switchover started / completed; a short burst of write errors",
            Cause::DynamoRegionDown => "SDK: endpoint connection errors and 5xx (InternalServerError / ServiceUnavailable); CloudWatch SystemErrors",
            Cause::ClientRegionDown => "Route 53 health checks failing for the Region; the application's own error rate there",
            Cause::DynamoWriteConflict => "SDK errors: ReplicatedWriteConflictException (retryable) on writes to hot items",
            Cause::DsqlRegionDown => "clients: connect timeouts to the cluster endpoint; CloudWatch TotalTransactions at 0",
        }
    }

    /// The database it fails requests of; `None` for both (the clients' Region).
    pub fn database(self) -> Option<Database> {
        match self {
            Cause::ClientRegionDown => None,
            Cause::DynamoRegionDown | Cause::DynamoWriteConflict => Some(Database::Dynamodb),
            Cause::DsqlRegionDown => Some(Database::Dsql),
            _ => Some(Database::Aurora),
        }
    }

    // The loss ledger's vocabulary (`sim::LossCause`: id, reason, metric, label), so each
    // cause can become a ledger entry as it is.

    /// Stable id: [`Cause::name`].
    pub fn id(self) -> &'static str {
        self.name()
    }

    /// The error a client sees.
    pub fn reason(self) -> &'static str {
        match self {
            Cause::AuroraWriterFailover | Cause::AuroraNewWriter | Cause::AuroraWriterReboot => {
                "connection refused or reset by the writer"
            }
            Cause::AuroraReaderLost => "connection reset by a reader",
            Cause::AuroraRegionDown => "connect timeout to the primary Region",
            Cause::AuroraGlobalFailover | Cause::AuroraGlobalSwitchover => {
                "connection refused, or read-only, during a Global Database failover"
            }
            Cause::DynamoRegionDown => "endpoint unreachable",
            Cause::ClientRegionDown => "the clients' own Region is down",
            Cause::DynamoWriteConflict => "ReplicatedWriteConflictException",
            Cause::DsqlRegionDown => "cluster endpoint unreachable",
        }
    }

    /// The CloudWatch metric or client-side signal: [`Cause::signal`].
    pub fn metric(self) -> &'static str {
        self.signal()
    }

    /// What it means, in a few words.
    pub fn label(self) -> &'static str {
        match self {
            Cause::AuroraWriterFailover => "writer failover: detection, promotion, DNS, reconnect",
            Cause::AuroraNewWriter => "no reader to promote: a new writer is created",
            Cause::AuroraWriterReboot => "the writer restarts",
            Cause::AuroraReaderLost => "reads on a lost reader until its clients reconnect",
            Cause::AuroraRegionDown => "the primary Region down, no failover yet",
            Cause::AuroraGlobalFailover => "a secondary Region promoted, clients reconnecting",
            Cause::AuroraGlobalSwitchover => "a planned switchover of the primary",
            Cause::DynamoRegionDown => "a single-Region table's Region down",
            Cause::ClientRegionDown => "clients in a lost Region until redirected",
            Cause::DynamoWriteConflict => "MRSC: same item written from another Region",
            Cause::DsqlRegionDown => "a single-Region cluster's Region down",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cause_has_its_own_index_name_and_texts() {
        for (i, c) in Cause::ALL.into_iter().enumerate() {
            assert_eq!(c.index(), i);
            assert!(!c.description().is_empty() && !c.signal().is_empty());
        }
        let mut names: Vec<_> = Cause::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Cause::COUNT);
    }
}
