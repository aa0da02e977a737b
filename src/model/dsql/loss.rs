//! Why a DSQL request fails, with the code the client sees (facts addendum 2026-12, §1,
//! DOC quotas). DSQL has no capacity setting and does not throttle: every loss is a quota
//! or a client-side limit. Optimistic-concurrency aborts (`40001`) are not modelled here.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DsqlLoss {
    /// More than 100 new connections per second (after a burst of 1,000).
    ConnectionRate,
    /// More than 10,000 connections open on the cluster.
    TooManyConnections,
    /// The client's pool had no free connection before the client timeout (pool smaller
    /// than the transactions in flight, Little's law).
    PoolTimeout,
    /// The storage quota is full: writes are refused.
    StorageFull,
    /// A write transaction of more than 3,000 rows or 10 MiB.
    TransactionTooLarge,
    /// A transaction open longer than the time limit (5 minutes documented; an editable
    /// estimate, `dsql_max_transaction_s`, as the sources disagree).
    TransactionTooLong,
}

impl DsqlLoss {
    pub const ALL: [DsqlLoss; 6] = [
        DsqlLoss::ConnectionRate,
        DsqlLoss::TooManyConnections,
        DsqlLoss::PoolTimeout,
        DsqlLoss::StorageFull,
        DsqlLoss::TransactionTooLarge,
        DsqlLoss::TransactionTooLong,
    ];

    /// The SQLSTATE the client receives; `None` for a client-side pool time-out.
    pub fn sqlstate(self) -> Option<&'static str> {
        match self {
            DsqlLoss::ConnectionRate => Some("53400"),
            DsqlLoss::TooManyConnections => Some("53300"),
            DsqlLoss::PoolTimeout => None,
            DsqlLoss::StorageFull => Some("53100"),
            DsqlLoss::TransactionTooLarge | DsqlLoss::TransactionTooLong => Some("54000"),
        }
    }

    /// The SQLSTATE, or `"client timeout"` for a pool time-out.
    pub fn code(self) -> &'static str {
        self.sqlstate().unwrap_or("client timeout")
    }

    pub fn id(self) -> &'static str {
        match self {
            DsqlLoss::ConnectionRate => "connection_rate",
            DsqlLoss::TooManyConnections => "too_many_connections",
            DsqlLoss::PoolTimeout => "pool_timeout",
            DsqlLoss::StorageFull => "storage_full",
            DsqlLoss::TransactionTooLarge => "transaction_too_large",
            DsqlLoss::TransactionTooLong => "transaction_too_long",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DsqlLoss::ConnectionRate => "new connections above 100/s (burst 1,000)",
            DsqlLoss::TooManyConnections => "connections above 10,000 per cluster",
            DsqlLoss::PoolTimeout => "no free pooled connection before the client timeout",
            DsqlLoss::StorageFull => "storage quota full",
            DsqlLoss::TransactionTooLarge => "write transaction above 3,000 rows or 10 MiB",
            DsqlLoss::TransactionTooLong => "transaction open past the time limit (5 minutes documented)",
        }
    }
}

/// Requests per second lost, by cause (each request counted once, at the first limit it
/// meets: connect, pool, execution, commit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct DsqlLosses {
    pub connection_rate_per_s: f64,
    pub too_many_connections_per_s: f64,
    pub pool_timeout_per_s: f64,
    pub storage_full_per_s: f64,
    pub transaction_too_large_per_s: f64,
    pub transaction_too_long_per_s: f64,
}

impl DsqlLosses {
    pub fn get(&self, cause: DsqlLoss) -> f64 {
        match cause {
            DsqlLoss::ConnectionRate => self.connection_rate_per_s,
            DsqlLoss::TooManyConnections => self.too_many_connections_per_s,
            DsqlLoss::PoolTimeout => self.pool_timeout_per_s,
            DsqlLoss::StorageFull => self.storage_full_per_s,
            DsqlLoss::TransactionTooLarge => self.transaction_too_large_per_s,
            DsqlLoss::TransactionTooLong => self.transaction_too_long_per_s,
        }
    }

    pub fn add(&mut self, cause: DsqlLoss, per_s: f64) {
        let slot = match cause {
            DsqlLoss::ConnectionRate => &mut self.connection_rate_per_s,
            DsqlLoss::TooManyConnections => &mut self.too_many_connections_per_s,
            DsqlLoss::PoolTimeout => &mut self.pool_timeout_per_s,
            DsqlLoss::StorageFull => &mut self.storage_full_per_s,
            DsqlLoss::TransactionTooLarge => &mut self.transaction_too_large_per_s,
            DsqlLoss::TransactionTooLong => &mut self.transaction_too_long_per_s,
        };
        *slot += per_s.max(0.0);
    }

    pub fn total(&self) -> f64 {
        DsqlLoss::ALL.iter().map(|&c| self.get(c)).sum()
    }
}
