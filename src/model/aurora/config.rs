//! The cluster's settings (facts sheet B2–B7): engine, Serverless v2 range or a provisioned
//! instance class, readers and their promotion tier, I/O-Optimized, the access path (direct,
//! RDS Proxy or the RDS Data API), client connections, an ElastiCache cache-aside tier, Global Database secondary Regions and
//! auto-pause.

use super::connections;
pub use super::connections::Engine;
use crate::model::estimates::Estimates;
use crate::model::facts::*;
use std::borrow::Cow;
use crate::model::input::{self, shown};
use serde::{Deserialize, Serialize};

/// The driver the application's clients use on a direct connection, which decides how long
/// they take to find a new writer after a failover (RDS Proxy and the Data API reconnect
/// for them: see [`Access`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientDriver {
    /// A standard MySQL/PostgreSQL driver: follows the cluster endpoint's DNS.
    #[default]
    Plain,
    /// An AWS Advanced wrapper driver: follows the cluster topology, not DNS.
    AwsWrapper,
    /// A new connection for every request (a script, a cron job, a client without a pool):
    /// no stale socket to wait out, only the cluster endpoint's DNS as each client's cache
    /// expires.
    PerRequest,
}

/// How requests reach the cluster (facts sheet B6).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// The clients' own connections to the writer (and reader) endpoints: each holds one of
    /// the writer's `max_connections`.
    #[default]
    Direct,
    /// RDS Proxy pools the clients' connections onto a few to the database (no connection
    /// errors), adds a hop, and is billed per vCPU or ACU of its targets.
    RdsProxy,
    /// The RDS Data API: one HTTPS request per statement, connections managed by AWS (no
    /// connection errors), writer instance only (third-party summary of the documentation),
    /// not on T classes, billed per request.
    DataApi,
}

impl Access {
    /// Whether AWS holds the database connections, so the clients' own count never meets
    /// `max_connections`.
    pub fn pools_connections(self) -> bool {
        self != Access::Direct
    }

    /// What the path adds to each request: nothing direct, one more hop through RDS Proxy,
    /// an HTTPS request per statement through the Data API.
    pub fn overhead_ms(self, est: &Estimates) -> f64 {
        match self {
            Access::Direct => 0.0,
            Access::RdsProxy => est.rds_proxy_overhead_ms,
            Access::DataApi => est.data_api_overhead_ms,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuroraConfig {
    pub engine: Engine,
    /// `None`: Serverless v2. A class name (e.g. "db.r6g.large"): provisioned instances of
    /// that class, fixed capacity.
    pub instance_class: Option<String>,
    /// Serverless v2 minimum capacity per instance, ACU (0 = auto-pause when idle).
    pub min_acu: f64,
    /// Serverless v2 maximum capacity per instance, ACU.
    pub max_acu: f64,
    /// Aurora Replicas serving reads.
    pub readers: u32,
    /// Readers in promotion tier 0–1 keep at least the writer's capacity (so one can take
    /// over); others scale on their own load.
    pub readers_follow_writer: bool,
    /// Aurora I/O-Optimized: no I/O charge, dearer compute and storage.
    pub io_optimized: bool,
    /// How requests reach the cluster: direct connections, RDS Proxy or the Data API.
    pub access: Access,
    /// Connections the application's pool opens to the writer (Lambda-style clients,
    /// `workload.lambda`, open one per concurrent invocation instead).
    pub client_connections: f64,
    /// ElastiCache cache-aside: nodes (0 = none) and the share of key reads it answers.
    pub cache_nodes: u32,
    pub cache_hit_ratio: f64,
    /// Global Database: secondary Regions (each a reader-sized cluster receiving every write).
    pub secondary_regions: u32,
    /// Serverless v2 with minimum 0: pause after this long without traffic.
    pub auto_pause_after_s: f64,
    /// The clients' driver, for failovers (see `crate::model::faults`).
    pub client_driver: ClientDriver,
    /// Serverless v2 platform version (2, 3 or 4). Version 4 serves more per ACU and scales
    /// up faster than 3 (AWS's "up to" figures, editable estimates); no published
    /// difference between 2 and 3 was found, so they are the same here. Provisioned
    /// instances have none. Not written at the default.
    #[serde(skip_serializing_if = "is_default_platform")]
    pub platform_version: u8,
}

/// The newest Serverless v2 platform version (AWS, 2026), which new clusters get.
pub const LATEST_PLATFORM_VERSION: u8 = 4;

/// The default is version 3, not the newest: the model's CPU-per-ACU and scale-up estimates
/// were fitted to measurements of earlier versions (`docs/calibration.md`), and version 4's
/// gains are AWS's "up to" figures with no measurement behind them yet. Version 4 is one
/// setting away, its gains labelled as the upper bounds they are.
pub const DEFAULT_PLATFORM_VERSION: u8 = 3;

fn is_default_platform(v: &u8) -> bool {
    *v == DEFAULT_PLATFORM_VERSION
}

impl Default for AuroraConfig {
    fn default() -> Self {
        AuroraConfig {
            engine: Engine::Postgresql,
            instance_class: None,
            min_acu: 0.5,
            max_acu: 128.0,
            readers: 1,
            // CreateDBInstance's PromotionTier defaults to 1 (RDS API reference; not in the
            // facts sheet), so by default readers follow the writer.
            readers_follow_writer: true,
            io_optimized: false,
            access: Access::Direct,
            client_connections: 100.0,
            cache_nodes: 0,
            cache_hit_ratio: 0.8,
            secondary_regions: 0,
            auto_pause_after_s: 300.0,
            client_driver: ClientDriver::Plain,
            platform_version: DEFAULT_PLATFORM_VERSION,
        }
    }
}

impl AuroraConfig {
    /// Check every setting against the documented limits.
    pub fn validate(&self) -> Result<(), String> {
        let on_grid = |v: f64| (v / AURORA_ACU_STEP).fract() == 0.0;
        if !(self.min_acu.is_finite() && (0.0..=AURORA_MAX_ACU).contains(&self.min_acu))
            || !on_grid(self.min_acu)
        {
            return Err(format!(
                "aurora.min_acu = {} is outside the allowed range 0 to 256 ACU in 0.5 steps",
                shown(self.min_acu)
            ));
        }
        if !(self.max_acu.is_finite() && (AURORA_ACU_STEP..=AURORA_MAX_ACU).contains(&self.max_acu))
            || !on_grid(self.max_acu)
        {
            return Err(format!(
                "aurora.max_acu = {} is outside the allowed range 0.5 to 256 ACU in 0.5 steps",
                shown(self.max_acu)
            ));
        }
        if self.min_acu > self.max_acu {
            return Err(format!(
                "aurora.min_acu = {} is outside the allowed range 0 to {} (aurora.max_acu): the minimum cannot exceed the maximum",
                shown(self.min_acu),
                shown(self.max_acu)
            ));
        }
        if self.readers > AURORA_MAX_READERS {
            return Err(format!("aurora.readers = {} is outside the allowed range 0 to 15 (the Aurora Replicas a cluster can have)", self.readers));
        }
        if let Some(name) = &self.instance_class {
            if connections::instance_class(name).is_none() {
                return Err(format!(
                    "aurora.instance_class = {} is not a known class: expected null (Serverless v2) or one of {}",
                    input::quoted(name),
                    connections::INSTANCE_CLASSES.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
                ));
            }
        }
        let check = |field: &str, v: f64, lo: f64, hi: f64| {
            if v.is_finite() && (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(format!(
                    "aurora.{field} = {} is outside the allowed range {lo} to {hi}",
                    shown(v)
                ))
            }
        };
        check("client_connections", self.client_connections, 0.0, 1e6)?;
        check("cache_nodes", f64::from(self.cache_nodes), 0.0, 500.0)?;
        check("cache_hit_ratio", self.cache_hit_ratio, 0.0, 1.0)?;
        check(
            "secondary_regions",
            f64::from(self.secondary_regions),
            0.0,
            f64::from(AURORA_MAX_SECONDARY_REGIONS),
        )?;
        check(
            "auto_pause_after_s",
            self.auto_pause_after_s,
            300.0,
            86_400.0,
        )?;
        // Auto-pause (minimum 0 ACU) is not offered behind RDS Proxy or on the primary of a
        // Global Database (facts sheet B4, third-party summary of the AWS documentation).
        if self.instance_class.is_none()
            && self.min_acu == 0.0
            && (self.access == Access::RdsProxy || self.secondary_regions > 0)
        {
            return Err("aurora.min_acu = 0 (auto-pause) is not available with RDS Proxy or a Global Database: set a minimum of 0.5 ACU or more".into());
        }
        if !(2..=LATEST_PLATFORM_VERSION).contains(&self.platform_version) {
            return Err(format!(
                "aurora.platform_version = {} is outside the allowed range 2 to {LATEST_PLATFORM_VERSION} (the Serverless v2 platform versions)",
                self.platform_version
            ));
        }
        if self.access == Access::DataApi && self.instance_class.as_deref().is_some_and(|c| c.starts_with("db.t")) {
            return Err(format!(
                "aurora.access = \"data_api\" is not available on {}: the RDS Data API does not support T instance classes; choose another class or Serverless v2",
                input::quoted(self.instance_class.as_deref().unwrap_or_default())
            ));
        }
        Ok(())
    }

    /// Take `access`, keeping the settings valid: RDS Proxy does not offer auto-pause, so a
    /// minimum of 0 ACU becomes 0.5.
    pub fn set_access(&mut self, access: Access) {
        self.access = access;
        if access == Access::RdsProxy && self.min_acu == 0.0 {
            self.min_acu = AURORA_ACU_STEP;
        }
    }

    /// The estimates as this cluster's instances use them: a Serverless v2 cluster on
    /// platform version 4 does more per ACU (`aurora_vcpu_per_acu` × its throughput gain)
    /// and scales up sooner (`aurora_scale_up_interval_s` ÷ its scale-up gain) than the
    /// version-3 figures the estimates hold. Every Aurora computation reads these.
    pub fn effective_estimates<'e>(&self, est: &'e Estimates) -> Cow<'e, Estimates> {
        if self.instance_class.is_some() || self.platform_version < 4 {
            return Cow::Borrowed(est);
        }
        let mut e = est.clone();
        e.aurora_vcpu_per_acu *= e.aurora_pv4_throughput_gain;
        e.aurora_scale_up_interval_s /= e.aurora_pv4_scale_up_gain;
        Cow::Owned(e)
    }

    /// The provisioned class, if the cluster is not Serverless v2.
    pub fn class(&self) -> Option<connections::InstanceClass> {
        self.instance_class
            .as_deref()
            .and_then(connections::instance_class)
    }

    /// Default `max_connections` of the writer.
    pub fn max_connections(&self) -> f64 {
        match self.class() {
            Some(c) => connections::instance_max_connections(self.engine, c),
            None => {
                connections::serverless_max_connections(self.engine, self.max_acu, self.min_acu)
            }
        }
    }
}
