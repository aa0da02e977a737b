//! Scale Lab: DynamoDB and Aurora Serverless v2 side by side as a workload scales.
//!
//! Dependencies point one way: [`ui`] (Yew, browser only) → [`chart`] (plotters, generic
//! over the backend) → [`model`] (pure Rust). The command-line tool uses the model and
//! the chart code directly.

pub mod chart;
pub mod format;
pub mod model;
pub mod report;
#[cfg(target_arch = "wasm32")]
pub mod ui;
pub mod worker;
