//! Pure, deterministic models of DynamoDB and Aurora Serverless v2. No I/O, no clock, no
//! randomness, no web crate: the same scenario always gives the same numbers, natively,
//! in the browser and in the CLI.
//!
//! * [`workload`]: what clients ask for; [`scenario`]: one value holding every input.
//! * [`dynamodb`], [`aurora`], [`dsql`]: each database at a steady request rate.
//! * [`facts`]: documented AWS constants with sources; [`prices`]: the editable price
//!   table; [`estimates`]: editable modelling estimates, labelled as such.
//! * [`faults`]: timed failures and what they cost; [`regions`]: clients and databases
//!   across two Regions.
//! * [`contention`]: hot-row contention (DynamoDB transaction conflicts, Aurora row locks,
//!   Aurora DSQL optimistic aborts), pure functions of a hot-row rate.
//! * [`zipf`], [`queueing`], [`latency`]: the maths they share.
//! * [`input`]: reading JSON strictly, and echoing values in messages.
//! * [`import`]: a person's own traffic (CSV, CloudWatch exports) and what CloudWatch
//!   recorded beside it.

pub mod aurora;
pub mod billing;
pub mod calibration;
pub mod commitments;
pub mod compare;
pub mod contention;
pub mod database;
pub mod dsql;
pub mod dynamodb;
pub mod estimates;
pub mod facts;
pub mod faults;
pub mod headline;
pub mod import;
pub mod input;
pub mod latency;
pub mod prices;
pub mod queueing;
pub mod presets;
pub mod regions;
pub mod scenario;
pub mod share;
pub mod sim;
pub mod traffic;
pub mod uncertainty;
pub mod verdict;
pub mod workload;
pub mod zipf;
