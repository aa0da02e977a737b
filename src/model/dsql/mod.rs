//! Aurora DSQL (GA May 2025; facts addendum 2026-12, §1): a serverless, distributed
//! PostgreSQL-compatible database with no capacity setting. Each connection gets its own
//! query processor from a warm pool, storage splits by key range, and the bill is DPUs
//! (read, write, compute, multi-Region write) × price plus storage.
//!
//! * [`config`]: topology (one Region, or two and a witness), how clients connect, rows per
//!   write transaction, storage quota.
//! * [`meter`]: DPUs per transaction (the fitted metering rules).
//! * [`steady`]: [`DsqlModel`], the answer at a steady rate: DPUs, cost, latency, losses.
//! * [`loss`]: [`DsqlLoss`], why a request fails and its SQLSTATE.
//! * [`capacity`]: per-step state for the time-stepped engine (new-connection token
//!   bucket, the latency transient after a sudden rise).
//!
//! Sits below the scenario and the engine: it uses only the workload, facts, prices,
//! estimates and the shared maths.

pub mod capacity;
pub mod config;
pub mod loss;
pub mod meter;
pub mod steady;

pub use capacity::{ConnectionBucket, Reconfiguration};
pub use config::{Connect, DsqlConfig, Topology};
pub use loss::{DsqlLoss, DsqlLosses};
pub use meter::{Dpu, Transaction};
pub use steady::{transactions, ConnectionsInForce, DsqlCost, DsqlModel, DsqlSteady};
