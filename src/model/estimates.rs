//! Modelling estimates: numbers AWS does not publish (latency percentiles, CPU cost per
//! query, the vCPU behind one ACU, ...). They are parameters with defaults, shown in the app
//! labelled "estimate" and editable, never hidden constants. Each default says why.

use crate::model::facts::DSQL_MAX_TRANSACTION_S;
use crate::model::input::shown;
use serde::{Deserialize, Serialize};

/// The smallest and the largest value an estimate may take (other than the shares and the
/// two bounded below): a nanosecond of a millisecond, and ten million.
pub const ESTIMATE_MIN: f64 = 1e-6;
pub const ESTIMATE_MAX: f64 = 1e7;

/// Estimates that count attempts: whole numbers.
const WHOLE: [&str; 2] = ["sdk_max_attempts", "dsql_client_attempts"];

/// Estimates that are shares or utilisations: 0.05 to 1.
const SHARES: [&str; 5] = [
    "aurora_target_utilisation",
    "aurora_scale_up_fraction",
    "aurora_scale_down_fraction",
    "aurora_buffer_share",
    "ddb_split_for_heat_utilisation",
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Estimates {
    // ---- DynamoDB (facts sheet A10: "single-digit ms"; no AWS percentiles exist) ----
    /// Point read (GetItem) p50 as the client sees it in-Region.
    pub ddb_read_p50_ms: f64,
    pub ddb_read_p99_ms: f64,
    /// Single-item write (PutItem/UpdateItem).
    pub ddb_write_p50_ms: f64,
    pub ddb_write_p99_ms: f64,
    /// TransactWriteItems of two items (prepare + commit across two items).
    pub ddb_transaction_p50_ms: f64,
    pub ddb_transaction_p99_ms: f64,
    /// Transfer time per KB returned (1 MB Query/Scan page ≈ 20 ms).
    pub ddb_ms_per_kb: f64,
    /// DAX cache hit ("microseconds" per AWS: 0.2–1 ms suggested), and the extra hop a
    /// miss makes through DAX to the table.
    pub dax_hit_p50_ms: f64,
    pub dax_hit_p99_ms: f64,
    pub dax_miss_extra_ms: f64,
    /// Split for heat (facts sheet A3, AWS-BLOG: partitions split when their traffic nears
    /// the limit; AWS gives no threshold or delay): a partition above this utilisation for
    /// this long splits in two.
    pub ddb_split_for_heat_utilisation: f64,
    pub ddb_split_for_heat_delay_s: f64,
    /// Auto scaling: from the alarm to the new capacity in force (AWS: UpdateTable "then takes
    /// several minutes to update the provisioned capacity"; no number published).
    pub ddb_autoscaling_update_delay_s: f64,
    /// SDK retry policy: attempts per request, and base of the exponential backoff with
    /// full jitter (the mean wait before retry i is base·2^i / 2).
    pub sdk_max_attempts: u32,
    pub sdk_base_delay_ms: f64,

    // ---- Aurora (facts sheet B8: no AWS percentiles; CPU costs are illustrative) ----
    /// vCPU per ACU: 1 ACU ≈ 2 GiB, and r6g/r7g instances have 8 GiB per vCPU → 0.25.
    pub aurora_vcpu_per_acu: f64,
    /// CPU time of one indexed point read (buffer hit), vCPU-ms.
    pub aurora_point_read_cpu_ms: f64,
    /// CPU time of one single-row insert/update with its commit, vCPU-ms.
    pub aurora_write_cpu_ms: f64,
    /// Range query: fixed part plus per row returned, vCPU-ms.
    pub aurora_range_base_cpu_ms: f64,
    pub aurora_range_row_cpu_ms: f64,
    /// Report (join + GROUP BY): fixed part plus per row scanned, vCPU-ms.
    pub aurora_report_base_cpu_ms: f64,
    pub aurora_report_row_cpu_ms: f64,
    /// Transaction of two statements plus commit (order + inventory), vCPU-ms.
    pub aurora_transaction_cpu_ms: f64,
    /// Utilisation Serverless v2 scales towards (it tracks CPU, memory and network).
    pub aurora_target_utilisation: f64,
    /// Serverless v2 scaling speed (third-party measurements: 15–90 s per step; AWS
    /// publishes none): every `interval` it adds `max(0.5 ACU, fraction × current)`, so
    /// larger instances scale faster, as AWS describes; scale-down is slower.
    pub aurora_scale_up_interval_s: f64,
    pub aurora_scale_up_fraction: f64,
    pub aurora_scale_down_interval_s: f64,
    pub aurora_scale_down_fraction: f64,
    /// Client ↔ instance round trip inside a VPC.
    pub aurora_network_ms: f64,
    /// One storage read on a buffer-cache miss.
    pub aurora_storage_read_ms: f64,
    /// Sequential scan throughput from storage on a cold cache, MB/s.
    pub aurora_scan_mb_per_s: f64,
    /// Commit: 4-of-6 quorum acknowledgement across three AZs.
    pub aurora_commit_ms: f64,
    /// Share of instance memory used as buffer cache (InnoDB default ≈ 3/4).
    pub aurora_buffer_share: f64,
    /// Log bytes a row change writes beyond the row itself.
    pub aurora_log_overhead_bytes: f64,
    /// ElastiCache cache-aside hit, and what RDS Proxy adds to each request.
    pub elasticache_hit_p50_ms: f64,
    pub elasticache_hit_p99_ms: f64,
    pub rds_proxy_overhead_ms: f64,
    /// Requests waiting longer than this fail (client/driver timeout).
    pub client_timeout_ms: f64,

    // ---- Failures and Regions (facts sheet B2, B6, A8 and the 2026 addendum: AWS
    // publishes failover totals and ranges, not their parts; these split them) ----
    /// Time for Aurora to notice that the writer is gone before it starts a failover.
    pub failover_detection_s: f64,
    /// Time to promote a reader to writer once the failover has started.
    pub failover_promotion_s: f64,
    /// A driver without cluster awareness: connections hung on the dead writer until the
    /// socket timeout, and DNS cached beyond its 5 s TTL. Added after the TTL.
    pub plain_driver_reconnect_s: f64,
    /// The AWS Advanced wrapper driver: it watches the cluster topology and reconnects to the
    /// new writer directly, without waiting for DNS.
    pub wrapper_driver_reconnect_s: f64,
    /// RDS Proxy: it keeps the client connections, holds their requests while the writer is
    /// away and reconnects to the new writer itself. Calibrated: AWS's fast-failover sample
    /// saw 5 s of errors on a planned failover (`docs/calibration.md`).
    pub rds_proxy_reconnect_s: f64,
    /// An instance restart (a reboot, or the old writer rejoining as a reader).
    pub aurora_reboot_s: f64,
    /// With no reader to promote, Aurora creates a new writer instance (best effort).
    pub aurora_new_instance_s: f64,
    /// Round trip between the two Regions.
    pub inter_region_rtt_ms: f64,
    /// Global tables (MREC) replication lag: a write acknowledged in one Region reaches the
    /// others this much later.
    pub ddb_replication_lag_ms: f64,
    /// Global Database replication lag to a secondary Region.
    pub aurora_global_lag_ms: f64,
    /// Clients in a lost Region reach another Region after this long (health checks fail,
    /// DNS moves them).
    pub region_redirect_s: f64,
    /// Aurora does not fail a Global Database over by itself: time until an operator or
    /// your automation decides the Region is gone and starts the managed failover.
    pub global_failover_decision_s: f64,
    /// Promotion of a secondary Region during a managed failover ("under a minute").
    pub aurora_global_promotion_s: f64,
    /// A planned Global Database switchover ("about a minute", third party).
    pub aurora_switchover_s: f64,
    /// What write forwarding adds to a write from a secondary Region beyond the round trip.
    pub write_forwarding_extra_ms: f64,

    // ---- Aurora DSQL (facts addendum 2026-12, §1). Added after scenario files and share
    // links existed: a value equal to its default is not written, so earlier outputs stay
    // byte for byte the same. ----
    /// Client ↔ DSQL round trip per statement, same Region (3P: `select 1` ≈ 2 ms).
    #[serde(skip_serializing_if = "unchanged::dsql_client_round_trip_ms")]
    pub dsql_client_round_trip_ms: f64,
    /// Query processor time per statement beyond the round trip (planning + execution).
    #[serde(skip_serializing_if = "unchanged::dsql_statement_execution_ms")]
    pub dsql_statement_execution_ms: f64,
    /// Query processor time per row written: fitted to Marc Bowes's bulk load (7,460
    /// ComputeDPU for 12,510 transactions of 1,000 rows = 0.596 s of processor each).
    #[serde(skip_serializing_if = "unchanged::dsql_write_ms_per_row")]
    pub dsql_write_ms_per_row: f64,
    /// Query processor time per row a read or report scans.
    #[serde(skip_serializing_if = "unchanged::dsql_scan_ms_per_row")]
    pub dsql_scan_ms_per_row: f64,
    /// Commit of a write transaction, single Region (3P: p50 ≈ 7 ms measured).
    #[serde(skip_serializing_if = "unchanged::dsql_commit_ms")]
    pub dsql_commit_ms: f64,
    /// Round trip between the Regions of a multi-Region cluster (one per write commit).
    #[serde(skip_serializing_if = "unchanged::dsql_inter_region_rtt_ms")]
    pub dsql_inter_region_rtt_ms: f64,
    /// p99 ÷ p50 of a DSQL transaction's latency (no percentiles published).
    #[serde(skip_serializing_if = "unchanged::dsql_p99_over_p50")]
    pub dsql_p99_over_p50: f64,
    /// Opening a connection (TLS + IAM token check), for a client that connects per request.
    #[serde(skip_serializing_if = "unchanged::dsql_connect_ms")]
    pub dsql_connect_ms: f64,
    /// Latency multiplier right after a 10× step in load (3P: 100 → 1,000 clients moved
    /// latency 15 → 86 ms before DSQL reconfigured): 86 / 15.
    #[serde(skip_serializing_if = "unchanged::dsql_spike_latency_factor")]
    pub dsql_spike_latency_factor: f64,
    /// A rise to at least this multiple of the load DSQL is warmed for counts as sudden.
    #[serde(skip_serializing_if = "unchanged::dsql_spike_step_ratio")]
    pub dsql_spike_step_ratio: f64,
    /// Time DSQL takes to bring new capacity online after a sudden rise (the extra latency
    /// falls linearly to none over it).
    #[serde(skip_serializing_if = "unchanged::dsql_reconfigure_s")]
    pub dsql_reconfigure_s: f64,
    /// Longest a DSQL transaction may stay open before it is refused (`54000`). The sources
    /// disagree: AWS's quotas say 5 minutes; an emulator checked against a real cluster
    /// enforces 30 (facts addendum 2026-12, §1). So it is editable, at the documented value.
    #[serde(skip_serializing_if = "unchanged::dsql_max_transaction_s")]
    pub dsql_max_transaction_s: f64,
    /// Attempts the application makes at a DSQL transaction that fails at COMMIT with 40001
    /// (the client must retry: facts addendum §1). PostgreSQL drivers do not retry it, so
    /// this is the application's loop, not the AWS SDK's; its backoff is the SDK backoff
    /// base's. At the SDK's default, 3.
    #[serde(skip_serializing_if = "unchanged_dsql_client_attempts")]
    pub dsql_client_attempts: u32,
    // ---- RDS Data API (facts sheet B6). Added after scenario files and share links
    // existed: not written at the default. ----
    /// What the Data API adds to each statement over a direct connection: an HTTPS request
    /// to the Data API endpoint, which runs it on a connection it holds. Measured, not
    /// published: see `docs/calibration.md`.
    #[serde(skip_serializing_if = "unchanged::data_api_overhead_ms")]
    pub data_api_overhead_ms: f64,
    /// After a writer failover, until the Data API sends statements to the new writer.
    #[serde(skip_serializing_if = "unchanged::data_api_reconnect_s")]
    pub data_api_reconnect_s: f64,
    // ---- Serverless v2 platform version 4 over 3 (facts addendum 2026: AWS's "up to 30 %
    // better performance" and "up to 45 % faster" scale-up). The CPU estimates above are
    // version 3's; these scale them for a version-4 cluster. Not written at the default. ----
    /// Work one ACU does on version 4, relative to version 3.
    #[serde(skip_serializing_if = "unchanged::aurora_pv4_throughput_gain")]
    pub aurora_pv4_throughput_gain: f64,
    /// Scale-up speed on version 4, relative to version 3 (the interval between increments
    /// is divided by it).
    #[serde(skip_serializing_if = "unchanged::aurora_pv4_scale_up_gain")]
    pub aurora_pv4_scale_up_gain: f64,
}

fn unchanged_dsql_client_attempts(v: &u32) -> bool {
    *v == Estimates::default().dsql_client_attempts
}

/// `skip_serializing_if` tests for estimates added later: true at the default value.
macro_rules! unchanged {
    ($($field:ident),* $(,)?) => {
        mod unchanged {
            $(pub fn $field(v: &f64) -> bool {
                *v == super::Estimates::default().$field
            })*
        }
    };
}
unchanged!(
    dsql_client_round_trip_ms,
    dsql_statement_execution_ms,
    dsql_write_ms_per_row,
    dsql_scan_ms_per_row,
    dsql_commit_ms,
    dsql_inter_region_rtt_ms,
    dsql_p99_over_p50,
    dsql_connect_ms,
    dsql_spike_latency_factor,
    dsql_spike_step_ratio,
    dsql_reconfigure_s,
    dsql_max_transaction_s,
    data_api_overhead_ms,
    data_api_reconnect_s,
    aurora_pv4_throughput_gain,
    aurora_pv4_scale_up_gain,
);

impl Default for Estimates {
    fn default() -> Self {
        Estimates {
            ddb_read_p50_ms: 4.0,
            ddb_read_p99_ms: 12.0,
            ddb_write_p50_ms: 6.0,
            ddb_write_p99_ms: 18.0,
            ddb_transaction_p50_ms: 14.0,
            ddb_transaction_p99_ms: 40.0,
            ddb_ms_per_kb: 0.02,
            dax_hit_p50_ms: 0.4,
            dax_hit_p99_ms: 1.5,
            dax_miss_extra_ms: 0.3,
            ddb_split_for_heat_utilisation: 0.8,
            ddb_split_for_heat_delay_s: 300.0,
            ddb_autoscaling_update_delay_s: 120.0,
            sdk_max_attempts: 3,
            sdk_base_delay_ms: 50.0,
            aurora_vcpu_per_acu: 0.25,
            aurora_point_read_cpu_ms: 0.15,
            aurora_write_cpu_ms: 0.35,
            aurora_range_base_cpu_ms: 0.12,
            aurora_range_row_cpu_ms: 0.008,
            aurora_report_base_cpu_ms: 0.5,
            aurora_report_row_cpu_ms: 0.001,
            aurora_transaction_cpu_ms: 0.7,
            aurora_target_utilisation: 0.70,
            aurora_scale_up_interval_s: 30.0,
            aurora_scale_up_fraction: 0.5,
            aurora_scale_down_interval_s: 60.0,
            aurora_scale_down_fraction: 0.1,
            aurora_network_ms: 0.5,
            aurora_storage_read_ms: 1.0,
            aurora_scan_mb_per_s: 500.0,
            aurora_commit_ms: 1.5,
            aurora_buffer_share: 0.75,
            aurora_log_overhead_bytes: 150.0,
            elasticache_hit_p50_ms: 0.5,
            elasticache_hit_p99_ms: 2.0,
            rds_proxy_overhead_ms: 1.0,
            client_timeout_ms: 10_000.0,
            failover_detection_s: 10.0,
            failover_promotion_s: 10.0,
            plain_driver_reconnect_s: 45.0,
            wrapper_driver_reconnect_s: 1.0,
            rds_proxy_reconnect_s: 5.0,
            aurora_reboot_s: 20.0,
            aurora_new_instance_s: 600.0,
            inter_region_rtt_ms: 60.0,
            ddb_replication_lag_ms: 1_000.0,
            aurora_global_lag_ms: 1_000.0,
            region_redirect_s: 120.0,
            global_failover_decision_s: 300.0,
            aurora_global_promotion_s: 60.0,
            aurora_switchover_s: 60.0,
            write_forwarding_extra_ms: 2.0,
            dsql_client_round_trip_ms: 2.0,
            dsql_statement_execution_ms: 0.5,
            dsql_write_ms_per_row: 0.587,
            dsql_scan_ms_per_row: 0.002,
            dsql_commit_ms: 7.0,
            dsql_inter_region_rtt_ms: 12.0,
            dsql_p99_over_p50: 2.5,
            dsql_connect_ms: 20.0,
            dsql_spike_latency_factor: 86.0 / 15.0,
            dsql_spike_step_ratio: 2.0,
            dsql_reconfigure_s: 120.0,
            dsql_max_transaction_s: DSQL_MAX_TRANSACTION_S,
            dsql_client_attempts: 3,
            data_api_overhead_ms: 100.0,
            data_api_reconnect_s: 5.0,
            aurora_pv4_throughput_gain: 1.3,
            aurora_pv4_scale_up_gain: 1.45,
        }
    }
}

/// One estimate as shown in the assumptions panel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EstimateRow {
    pub id: &'static str,
    pub label: &'static str,
    pub value: f64,
    pub unit: &'static str,
    pub why: &'static str,
}

impl Estimates {
    pub fn rows(&self) -> Vec<EstimateRow> {
        let r = |id, label, value, unit, why| EstimateRow {
            id,
            label,
            value,
            unit,
            why,
        };
        vec![
            r("ddb_read_p50_ms", "DynamoDB GetItem p50", self.ddb_read_p50_ms, "ms", "AWS says single-digit ms; no percentiles published"),
            r("ddb_read_p99_ms", "DynamoDB GetItem p99", self.ddb_read_p99_ms, "ms", "illustrative tail (facts sheet A10 suggests 10–25 ms)"),
            r("ddb_write_p50_ms", "DynamoDB PutItem p50", self.ddb_write_p50_ms, "ms", "illustrative"),
            r("ddb_write_p99_ms", "DynamoDB PutItem p99", self.ddb_write_p99_ms, "ms", "illustrative"),
            r("ddb_transaction_p50_ms", "DynamoDB TransactWriteItems p50", self.ddb_transaction_p50_ms, "ms", "two phases over two items; illustrative"),
            r("ddb_transaction_p99_ms", "DynamoDB TransactWriteItems p99", self.ddb_transaction_p99_ms, "ms", "illustrative"),
            r("ddb_ms_per_kb", "DynamoDB transfer per KB returned", self.ddb_ms_per_kb, "ms/KB", "a 1 MB page ≈ 20 ms; illustrative"),
            r("dax_hit_p50_ms", "DAX cache hit p50", self.dax_hit_p50_ms, "ms", "AWS: microseconds; facts sheet suggests 0.2–1 ms"),
            r("dax_hit_p99_ms", "DAX cache hit p99", self.dax_hit_p99_ms, "ms", "illustrative"),
            r("dax_miss_extra_ms", "DAX miss extra hop", self.dax_miss_extra_ms, "ms", "illustrative"),
            r("ddb_split_for_heat_utilisation", "Split for heat above", self.ddb_split_for_heat_utilisation, "of a partition's limit", "AWS: splits as traffic nears the limit; threshold estimated"),
            r("ddb_split_for_heat_delay_s", "Split for heat after", self.ddb_split_for_heat_delay_s, "s", "sustained load; AWS gives no delay: estimate"),
            r("ddb_autoscaling_update_delay_s", "Auto scaling update takes", self.ddb_autoscaling_update_delay_s, "s", "AWS: UpdateTable takes \"several minutes\" after the alarm; estimate"),
            r("sdk_max_attempts", "SDK attempts per request", f64::from(self.sdk_max_attempts), "attempts", "AWS SDK standard retry mode default"),
            r("sdk_base_delay_ms", "SDK backoff base", self.sdk_base_delay_ms, "ms", "exponential backoff with full jitter; varies by SDK"),
            r("aurora_vcpu_per_acu", "vCPU per ACU", self.aurora_vcpu_per_acu, "vCPU", "2 GiB per ACU; r6g/r7g have 8 GiB per vCPU"),
            r("aurora_point_read_cpu_ms", "Aurora point read CPU", self.aurora_point_read_cpu_ms, "vCPU-ms", "indexed lookup, buffer hit; illustrative"),
            r("aurora_write_cpu_ms", "Aurora single-row write CPU", self.aurora_write_cpu_ms, "vCPU-ms", "insert/update + commit; illustrative"),
            r("aurora_range_base_cpu_ms", "Aurora range query CPU, fixed part", self.aurora_range_base_cpu_ms, "vCPU-ms", "illustrative"),
            r("aurora_range_row_cpu_ms", "Aurora range query CPU per row", self.aurora_range_row_cpu_ms, "vCPU-ms", "illustrative"),
            r("aurora_report_base_cpu_ms", "Aurora report CPU, fixed part", self.aurora_report_base_cpu_ms, "vCPU-ms", "planning + aggregation setup; illustrative"),
            r("aurora_report_row_cpu_ms", "Aurora report CPU per row scanned", self.aurora_report_row_cpu_ms, "vCPU-ms", "hash join + GROUP BY ≈ 1 M rows/s per vCPU"),
            r("aurora_transaction_cpu_ms", "Aurora 2-statement transaction CPU", self.aurora_transaction_cpu_ms, "vCPU-ms", "illustrative"),
            r("aurora_target_utilisation", "Serverless v2 scaling target", self.aurora_target_utilisation, "fraction", "AWS does not publish the target; estimate"),
            r("aurora_scale_up_interval_s", "Serverless v2 scale-up step every", self.aurora_scale_up_interval_s, "s", "3P measurements: 15–90 s per step; no AWS number"),
            r("aurora_scale_up_fraction", "Serverless v2 scale-up step size", self.aurora_scale_up_fraction, "× current ACU (≥ 0.5)", "AWS: the step grows with current capacity; size estimated"),
            r("aurora_scale_down_interval_s", "Serverless v2 scale-down step every", self.aurora_scale_down_interval_s, "s", "AWS: scale-down is slower and gradual; estimate"),
            r("aurora_scale_down_fraction", "Serverless v2 scale-down step size", self.aurora_scale_down_fraction, "× current ACU (≥ 0.5)", "estimate"),
            r("aurora_network_ms", "Aurora client round trip", self.aurora_network_ms, "ms", "same-Region VPC; illustrative"),
            r("aurora_storage_read_ms", "Aurora storage read on cache miss", self.aurora_storage_read_ms, "ms", "facts sheet B8 suggests 1–3 ms"),
            r("aurora_scan_mb_per_s", "Aurora cold scan throughput", self.aurora_scan_mb_per_s, "MB/s", "sequential reads from the storage volume; illustrative"),
            r("aurora_commit_ms", "Aurora 4/6 quorum commit", self.aurora_commit_ms, "ms", "cross-AZ quorum round trip; illustrative"),
            r("aurora_buffer_share", "Buffer cache share of memory", self.aurora_buffer_share, "fraction", "InnoDB buffer pool default ≈ 3/4 of memory"),
            r("aurora_log_overhead_bytes", "Aurora log bytes per row change", self.aurora_log_overhead_bytes, "bytes", "redo/WAL record header; illustrative"),
            r("elasticache_hit_p50_ms", "ElastiCache hit p50", self.elasticache_hit_p50_ms, "ms", "in-VPC cache round trip; illustrative"),
            r("elasticache_hit_p99_ms", "ElastiCache hit p99", self.elasticache_hit_p99_ms, "ms", "illustrative"),
            r("rds_proxy_overhead_ms", "RDS Proxy added latency", self.rds_proxy_overhead_ms, "ms", "one more network hop; illustrative"),
            r("client_timeout_ms", "Client timeout", self.client_timeout_ms, "ms", "requests queued longer fail"),
            r("failover_detection_s", "Aurora failover: detection", self.failover_detection_s, "s", "AWS gives only the total (under 60 s, often under 30 s); with promotion and the 5 s TTL it stays under 30 s"),
            r("failover_promotion_s", "Aurora failover: promotion of a reader", self.failover_promotion_s, "s", "part of AWS's 'often under 30 s'; estimate"),
            r("plain_driver_reconnect_s", "Plain driver: reconnect after the DNS TTL", self.plain_driver_reconnect_s, "s", "hung sockets and DNS cached past its TTL; sets the plain-driver total at 70 s, inside AWS's 60–120 s"),
            r("wrapper_driver_reconnect_s", "AWS wrapper driver: reconnect", self.wrapper_driver_reconnect_s, "s", "topology-aware, no DNS wait: total 21 s, inside AWS's 1–30 s; reader failover under 1 s"),
            r("rds_proxy_reconnect_s", "RDS Proxy: reconnect to the new writer", self.rds_proxy_reconnect_s, "s", "requests wait in the proxy meanwhile, and fail only past the client timeout: 5 s of errors on a planned failover, as AWS's sample measured; writes flow again after 25 s, 64 % sooner than a plain driver (AWS: up to 66 %)"),
            r("aurora_reboot_s", "Aurora instance restart", self.aurora_reboot_s, "s", "AWS: a restart is faster than a failover (no redo replay); no figure published"),
            r("aurora_new_instance_s", "Aurora: new writer when there is no reader", self.aurora_new_instance_s, "s", "AWS: Aurora tries to create a new instance, best effort; no figure in our sources: ~10 min assumed"),
            r("inter_region_rtt_ms", "Round trip between the two Regions", self.inter_region_rtt_ms, "ms", "about us-east-1 ↔ us-west-2; us-east-1 ↔ us-east-2 is ≈ 10 ms (facts addendum, inference); set it for your Regions"),
            r("ddb_replication_lag_ms", "Global tables (MREC) replication lag", self.ddb_replication_lag_ms, "ms", "AWS: usually within a second, no SLA; the model takes the second"),
            r("aurora_global_lag_ms", "Global Database replication lag", self.aurora_global_lag_ms, "ms", "AWS: typically under a second; the model takes the second"),
            r("region_redirect_s", "Clients of a lost Region redirected after", self.region_redirect_s, "s", "health checks (3 × 30 s) plus a 30 s DNS TTL; depends on your routing"),
            r("global_failover_decision_s", "Decision to fail a Global Database over", self.global_failover_decision_s, "s", "Aurora does not fail over across Regions by itself: an operator or automation starts it"),
            r("aurora_global_promotion_s", "Global Database failover: promotion", self.aurora_global_promotion_s, "s", "AWS: under a minute; the model takes the minute"),
            r("aurora_switchover_s", "Global Database planned switchover", self.aurora_switchover_s, "s", "about a minute (third party); no AWS figure"),
            r("write_forwarding_extra_ms", "Write forwarding: extra per write", self.write_forwarding_extra_ms, "ms", "one more hop inside the secondary; illustrative"),
            r("dsql_client_round_trip_ms", "DSQL client round trip per statement", self.dsql_client_round_trip_ms, "ms", "3P: select 1 ≈ 2 ms in-Region (marcbowes/blog dsql-tpcb)"),
            r("dsql_statement_execution_ms", "DSQL query processor time per statement", self.dsql_statement_execution_ms, "ms", "planning + execution of a keyed statement; illustrative"),
            r("dsql_write_ms_per_row", "DSQL query processor time per row written", self.dsql_write_ms_per_row, "ms", "fit: 7,460 ComputeDPU / 12,510 transactions of 1,000 rows (3P bulk load) = 0.596 s each"),
            r("dsql_scan_ms_per_row", "DSQL query processor time per row scanned", self.dsql_scan_ms_per_row, "ms", "≈ 500,000 rows/s for an aggregate; illustrative"),
            r("dsql_commit_ms", "DSQL commit, single Region", self.dsql_commit_ms, "ms", "3P: p50 ≈ 7 ms measured (≈ 5 ms napkin)"),
            r("dsql_inter_region_rtt_ms", "DSQL multi-Region commit: inter-Region round trip", self.dsql_inter_region_rtt_ms, "ms", "one cross-Region synchronisation per commit (DOC); a pair a little farther apart than us-east-1 ↔ us-east-2 (10 ms measured, see calibration), inference"),
            r("dsql_p99_over_p50", "DSQL latency p99 ÷ p50", self.dsql_p99_over_p50, "×", "no percentiles published; illustrative"),
            r("dsql_connect_ms", "DSQL new connection (TLS + IAM token)", self.dsql_connect_ms, "ms", "illustrative"),
            r("dsql_spike_latency_factor", "DSQL latency multiplier after a 10× load step", self.dsql_spike_latency_factor, "×", "fit: 100 → 1,000 clients moved latency 15 → 86 ms (3P dsql-scales-to-zero)"),
            r("dsql_spike_step_ratio", "DSQL sudden rise: at least", self.dsql_spike_step_ratio, "× the warmed load", "AWS: sudden large spikes raise latency; threshold estimated"),
            r("dsql_reconfigure_s", "DSQL brings new capacity online in", self.dsql_reconfigure_s, "s", "no figure published; estimate"),
            r("dsql_client_attempts", "DSQL attempts per transaction aborted at COMMIT (40001)", f64::from(self.dsql_client_attempts), "attempts", "the application's retry loop: PostgreSQL drivers do not retry 40001 (DOC: the client must retry); at the SDK default, 3"),
            r("dsql_max_transaction_s", "DSQL transaction time limit in force (54000 beyond)", self.dsql_max_transaction_s, "s", "the sources disagree: AWS's quotas say 5 min (DOC); an emulator checked against a real cluster enforces 30 min (3P). Editable for that reason, at the documented 5 min"),
            r("data_api_overhead_ms", "RDS Data API added latency per statement", self.data_api_overhead_ms, "ms", "calibrated: warm Lambda (Java) calls measured p50 104.7 ms through the Data API vs 5.8 ms to DynamoDB in the same setup (Kazulkin 2024; docs/calibration.md); the measured p99, 572 ms, is not modelled"),
            r("aurora_pv4_throughput_gain", "Serverless platform version 4: work per ACU vs version 3", self.aurora_pv4_throughput_gain, "×", "AWS: 'up to 30 % better performance' (AWS blog, 2026): the upper end; no measurement found"),
            r("aurora_pv4_scale_up_gain", "Serverless platform version 4: scale-up speed vs version 3", self.aurora_pv4_scale_up_gain, "×", "AWS: 'scale up to 45.0 % faster' (AWS blog, 2026): the upper end; no measurement found"),
            r("data_api_reconnect_s", "RDS Data API: statements reach the new writer after", self.data_api_reconnect_s, "s", "the Data API holds its own connections, like RDS Proxy; no figure published: assumed equal to RDS Proxy's"),
        ]
    }

    /// Set the estimate called `id` (as in [`Estimates::rows`]), if the result is valid.
    pub fn set(&mut self, id: &str, value: f64) -> Result<(), String> {
        let mut map = match serde_json::to_value(&*self) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => return Err("estimates could not be read".into()),
        };
        // Estimates added later are not serialised at their default: known by their row.
        if !map.contains_key(id) && !self.rows().iter().any(|r| r.id == id) {
            return Err(format!(
                "there is no estimate called {}",
                crate::model::input::quoted(id)
            ));
        }
        let number = if WHOLE.contains(&id) {
            if value.fract() != 0.0 || value < 1.0 {
                return Err(format!("estimate {id} = {} is outside the allowed range 1 to 10 (a whole number)", shown(value)));
            }
            serde_json::json!(value as u64)
        } else {
            serde_json::json!(value)
        };
        map.insert(id.to_string(), number);
        // Read as every other JSON is read (one deserializer for Estimates in the wasm).
        let next: Estimates = crate::model::input::from_value(serde_json::Value::Object(map))
            .map_err(|e| format!("estimate {id}: {e}"))?;
        next.validate()?;
        *self = next;
        Ok(())
    }

    /// Whether the estimate called `id` counts attempts (a whole number, stored as one; never
    /// sampled as a range: a retry count is not 2.7).
    pub fn is_whole(id: &str) -> bool {
        WHOLE.contains(&id)
    }

    /// The allowed range of the estimate called `id`: generous, but bounded on both sides.
    /// Above, a retry count or a vCPU figure in the billions would make the model loop for
    /// hours; below, a CPU cost or a speed near the smallest double overflows what divides
    /// by it (a writer ceiling of 10^300 writes/s is infinite once multiplied).
    pub fn range(id: &str) -> (f64, f64) {
        match id {
            id if WHOLE.contains(&id) => (1.0, 10.0),
            "aurora_vcpu_per_acu" => (ESTIMATE_MIN, 4.0),
            "dsql_p99_over_p50" | "dsql_spike_latency_factor" | "dsql_spike_step_ratio" => (1.0, 1_000.0),
            "aurora_pv4_throughput_gain" | "aurora_pv4_scale_up_gain" => (0.5, 4.0),
            // From a second to two hours: past both sources' figures (5 and 30 min).
            "dsql_max_transaction_s" => (1.0, 7_200.0),
            id if SHARES.contains(&id) => (0.05, 1.0),
            _ => (ESTIMATE_MIN, ESTIMATE_MAX),
        }
    }

    /// Every estimate must be a finite number in its [`Estimates::range`], and each p99 at or
    /// above its p50.
    pub fn validate(&self) -> Result<(), String> {
        for row in self.rows() {
            let (lo, hi) = Self::range(row.id);
            if !(row.value.is_finite() && (lo..=hi).contains(&row.value)) {
                return Err(format!(
                    "estimate {} = {} is outside the allowed range {lo} to {hi} {}",
                    row.id,
                    shown(row.value),
                    row.unit
                ));
            }
        }
        for (id, p50, p99) in [
            ("ddb_read", self.ddb_read_p50_ms, self.ddb_read_p99_ms),
            ("ddb_write", self.ddb_write_p50_ms, self.ddb_write_p99_ms),
            (
                "ddb_transaction",
                self.ddb_transaction_p50_ms,
                self.ddb_transaction_p99_ms,
            ),
            ("dax_hit", self.dax_hit_p50_ms, self.dax_hit_p99_ms),
            (
                "elasticache_hit",
                self.elasticache_hit_p50_ms,
                self.elasticache_hit_p99_ms,
            ),
        ] {
            if p99 < p50 {
                return Err(format!(
                    "estimate {id}_p99_ms = {} is outside the allowed range {} to {ESTIMATE_MAX} ms: it must not be below {id}_p50_ms",
                    shown(p99),
                    shown(p50)
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_estimate_can_be_edited_by_id_and_a_bad_value_is_refused() {
        let mut e = Estimates::default();
        e.set("sdk_max_attempts", 5.0).unwrap();
        assert_eq!(e.sdk_max_attempts, 5);
        assert!(e.set("sdk_max_attempts", 2.5).is_err());
        assert!(e
            .set("ddb_read_p99_ms", 1.0)
            .unwrap_err()
            .contains("must not be below"));
        assert_eq!(e.ddb_read_p99_ms, 12.0);
        assert!(e.set("aurora_buffer_share", 2.0).is_err());
        assert!(e.set("nonsense", 1.0).is_err());
        // Every row shown in the assumptions table can be set to its own value.
        let rows = Estimates::default().rows();
        for row in rows {
            let mut e = Estimates::default();
            e.set(row.id, row.value)
                .unwrap_or_else(|err| panic!("{}: {err}", row.id));
        }
    }
}
