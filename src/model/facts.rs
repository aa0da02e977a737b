//! Every documented AWS number the model uses, each defined once with its source and
//! evidence grade (from `shared/reference/aws-facts.md`). Prices are not here: they are data
//! ([`crate::model::prices`]), and modelling estimates are editable parameters
//! ([`crate::model::estimates`]).

use serde::Serialize;

/// How much a number can be trusted, as graded in the facts sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Grade {
    /// AWS documentation.
    #[serde(rename = "DOC")]
    Doc,
    /// AWS documentation read from the archived awsdocs repositories (2023).
    #[serde(rename = "DOC-2023")]
    Doc2023,
    /// AWS Database/News blog by AWS staff.
    #[serde(rename = "AWS-BLOG")]
    AwsBlog,
    /// AWS-owned open-source code that says it implements the documented behaviour.
    #[serde(rename = "AWS-CODE")]
    AwsCode,
    /// Third-party article or calculator: an estimate only.
    #[serde(rename = "3P")]
    ThirdParty,
    /// Estimate or derived value.
    #[serde(rename = "EST")]
    Estimate,
    /// Remembered from earlier pricing pages, not confirmed by a source: check live.
    #[serde(rename = "MEM")]
    Memory,
    /// An inference or fit from published data (facts addendum 2026-12, grade INF).
    #[serde(rename = "INF")]
    Inference,
}

impl Grade {
    pub fn label(self) -> &'static str {
        match self {
            Grade::Doc => "DOC",
            Grade::Doc2023 => "DOC-2023",
            Grade::AwsBlog => "AWS-BLOG",
            Grade::AwsCode => "AWS-CODE",
            Grade::ThirdParty => "3P",
            Grade::Estimate => "EST",
            Grade::Memory => "MEM",
            Grade::Inference => "INF",
        }
    }

    /// True where the number is documented by AWS rather than estimated.
    pub fn is_documented(self) -> bool {
        matches!(self, Grade::Doc | Grade::Doc2023 | Grade::AwsBlog | Grade::AwsCode)
    }
}

/// One documented constant, as listed in the assumptions panel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fact {
    pub id: &'static str,
    pub label: &'static str,
    pub value: f64,
    pub unit: &'static str,
    pub grade: Grade,
    pub source: &'static str,
}

const DDB_SERVICE_QUOTAS: &str =
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html";
const DDB_PARTITION_KEYS: &str =
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";
const DDB_READ_WRITE_MODE: &str = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadWriteCapacityMode.html";
const DDB_SCAN: &str = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html";
const DDB_SPLITS_BLOG: &str = "https://aws.amazon.com/blogs/database/part-3-scaling-dynamodb-how-partitions-hot-keys-and-split-for-heat-impact-performance/";
const DDB_WARM_THROUGHPUT: &str = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput.html";
const DDB_PREWARM: &str = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/pre-warming-on-demand-capacity-mode.html";
const DDB_GSI: &str = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html";
const DDB_GLOBAL_TABLES: &str = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html";
const DDB_BURST: &str = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html";
const DDB_AUTOSCALING: &str = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html";
const DDB_AUTOSCALING_SIM: &str = "https://github.com/awslabs/amazon-dynamodb-tools/blob/main/tools/dynamodb-optima/src/dynamodb_optima/analysis/autoscaling_sim.py";
const CALCULATOR_ASSUMPTIONS: &str = "https://aws.amazon.com/calculator/calculator-assumptions";
const AURORA_SV2_REQUIREMENTS: &str = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.requirements.html";
const AURORA_REPLICATION: &str =
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Replication.html";
const AURORA_GLOBAL: &str = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.html";
const AURORA_PROXY_PRICE: &str = "https://blog.serverworks.co.jp/amazon-aurora-serverless-v2-and-amazon-rds-proxy-minimum-cost";
const AURORA_AUTO_PAUSE: &str = "https://aws.amazon.com/blogs/database/introducing-scaling-to-0-capacity-with-amazon-aurora-serverless-v2/";
const AURORA_IO_BLOG: &str = "https://aws.amazon.com/blogs/database/planning-i-o-in-amazon-aurora/";
const AURORA_HA: &str = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html";
const AURORA_DNS_TTL: &str = "https://repost.aws/knowledge-center/aurora-mysql-redirected-endpoint-writer";
const AURORA_WRAPPER: &str = "https://github.com/aws/aws-advanced-jdbc-wrapper/blob/main/docs/using-the-jdbc-driver/using-plugins/UsingTheFailoverPlugin.md";
const AURORA_PROXY_PLANNING: &str = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-proxy-planning.html";
const AURORA_PROXY_MYSQL_BLOG: &str = "https://aws.amazon.com/blogs/database/improving-application-availability-with-amazon-rds-proxy/";
const AURORA_GLOBAL_DR: &str = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html";
const AURORA_QUORUM_BLOG: &str = "https://aws.amazon.com/blogs/database/amazon-aurora-under-the-hood-quorum-and-correlated-failure/";
const RDS_PROMOTION_TIER: &str = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html";
const DDB_GLOBAL_MODES: &str = "https://docs.aws.amazon.com/prescriptive-guidance/latest/dynamodb-global-tables/overview.html";
const DDB_PARTITIONS_BLOG: &str = "https://aws.amazon.com/blogs/database/part-2-scaling-dynamodb-how-partitions-hot-keys-and-split-for-heat-impact-performance/";

/// One read capacity unit covers an item of up to this many bytes (strongly consistent).
pub const DDB_READ_UNIT_BYTES: u64 = 4 * 1024;
/// One write capacity unit covers an item of up to this many bytes.
pub const DDB_WRITE_UNIT_BYTES: u64 = 1024;
/// Eventually consistent reads cost half a strongly consistent read.
pub const DDB_EVENTUAL_READ_FACTOR: f64 = 0.5;
/// Transactional reads and writes cost twice (prepare + commit).
pub const DDB_TRANSACTION_FACTOR: f64 = 2.0;
/// Query and Scan return at most this many bytes per page (before filters).
pub const DDB_PAGE_BYTES: u64 = 1024 * 1024;
/// Read units one partition (and so one partition-key value) can serve per second.
pub const DDB_PARTITION_MAX_RCU: f64 = 3_000.0;
/// Write units one partition (and so one partition-key value) can serve per second.
pub const DDB_PARTITION_MAX_WCU: f64 = 1_000.0;
/// Storage at which a partition splits.
pub const DDB_PARTITION_MAX_GB: f64 = 10.0;
/// Default per-table quota of read units and of write units per second (adjustable).
pub const DDB_TABLE_QUOTA_UNITS: f64 = 40_000.0;
/// A new on-demand table serves this many read / write units per second at once.
pub const DDB_ON_DEMAND_INITIAL_READ_UNITS: f64 = 12_000.0;
pub const DDB_ON_DEMAND_INITIAL_WRITE_UNITS: f64 = 4_000.0;
/// On-demand serves up to this multiple of the previous peak instantly.
pub const DDB_ON_DEMAND_PEAK_MULTIPLIER: f64 = 2.0;
/// Throttling can occur if traffic exceeds double the previous peak within this window: a
/// peak raises the instant capacity once it is this old (DOC, 2026 addendum).
pub const DDB_ON_DEMAND_SCALE_WINDOW_S: f64 = 30.0 * 60.0;
/// Unused capacity kept for bursts, in seconds of provisioned capacity.
pub const DDB_BURST_WINDOW_S: f64 = 300.0;
/// Auto scaling: console default target, and the trigger windows.
pub const DDB_AUTOSCALING_DEFAULT_TARGET: f64 = 0.70;
pub const DDB_AUTOSCALING_OUT_MINUTES: f64 = 2.0;
pub const DDB_AUTOSCALING_IN_MINUTES: f64 = 15.0;
/// Scale-in happens below target minus this many points (AWS-CODE docstring).
pub const DDB_AUTOSCALING_IN_GAP: f64 = 0.20;
/// Decreases allowed in the first hour of a UTC day; after it, one per hour.
pub const DDB_DECREASES_FIRST_HOUR: u32 = 4;
/// Each index entry is charged its projected attributes plus this many bytes.
pub const DDB_INDEX_ITEM_OVERHEAD_BYTES: u64 = 100;
/// Global secondary indexes per table (default quota).
pub const DDB_MAX_GSIS: u32 = 20;
/// Storage free each month (free tier, does not expire).
pub const DDB_FREE_STORAGE_GB: f64 = 25.0;
/// Provisioned RCU, and WCU, free each month (free tier, Standard class).
pub const DDB_FREE_PROVISIONED_UNITS: f64 = 25.0;
/// Hours in the billing month AWS calculators assume.
pub const HOURS_PER_MONTH: f64 = 730.0;
/// Memory per Aurora capacity unit.
pub const AURORA_GIB_PER_ACU: f64 = 2.0;
/// Serverless v2 capacity moves in steps of this many ACU.
pub const AURORA_ACU_STEP: f64 = 0.5;
/// Largest Serverless v2 capacity.
pub const AURORA_MAX_ACU: f64 = 256.0;
/// Aurora Replicas per cluster.
pub const AURORA_MAX_READERS: u32 = 15;
/// Global Database secondary Regions (up to 10 since May 2025; 5 before: facts addendum).
pub const AURORA_MAX_SECONDARY_REGIONS: u32 = 10;
/// RDS Proxy bills Serverless v2 targets for at least this many ACU.
pub const AURORA_PROXY_MIN_ACU: f64 = 8.0;
/// RDS Proxy bills provisioned targets for at least this many vCPU.
pub const AURORA_PROXY_MIN_VCPU: f64 = 2.0;
/// Serverless v2 resumes from auto-pause in up to this long.
pub const AURORA_RESUME_S: f64 = 15.0;
/// Database page read per read I/O, Aurora MySQL.
pub const AURORA_MYSQL_PAGE_BYTES: u64 = 16 * 1024;
/// Database page read per read I/O, Aurora PostgreSQL.
pub const AURORA_POSTGRES_PAGE_BYTES: u64 = 8 * 1024;
/// Log written per billed write I/O.
pub const AURORA_WRITE_IO_BYTES: u64 = 4 * 1024;


// ---- Failures and Regions (facts sheet B1, B2, B6, A3, A8 and the 2026 addendum) ----

/// Aurora's DNS zone gives the cluster endpoint this TTL; clients that cache longer stay
/// pointed at the old writer longer.
pub const AURORA_DNS_TTL_S: f64 = 5.0;
/// In-Region failover with a replica: "typically under 60 s, often under 30 s".
pub const AURORA_FAILOVER_TYPICAL_MAX_S: f64 = 60.0;
pub const AURORA_FAILOVER_OFTEN_S: f64 = 30.0;
/// Writer failover as the client sees it: 1–30 s with the AWS Advanced wrapper drivers,
/// 60–120 s without.
pub const AURORA_WRAPPER_WRITER_FAILOVER_S: (f64, f64) = (1.0, 30.0);
pub const AURORA_PLAIN_WRITER_FAILOVER_S: (f64, f64) = (60.0, 120.0);
/// Reader failover with the wrapper drivers: under a second.
pub const AURORA_WRAPPER_READER_FAILOVER_S: f64 = 1.0;
/// RDS Proxy cuts client recovery from a failover by up to 66 % (up to 79 % for Aurora
/// MySQL).
pub const AURORA_PROXY_FAILOVER_CUT: f64 = 0.66;
pub const AURORA_PROXY_FAILOVER_CUT_MYSQL: f64 = 0.79;
/// Promotion tiers 0 (promoted first) to 15; the API's default tier.
pub const AURORA_MAX_PROMOTION_TIER: u8 = 15;
pub const AURORA_DEFAULT_PROMOTION_TIER: u8 = 1;
/// Storage: 6 copies over 3 AZs; writes need 4 of them, reads 3.
pub const AURORA_STORAGE_COPIES: u32 = 6;
pub const AURORA_STORAGE_AZS: u32 = 3;
pub const AURORA_WRITE_QUORUM: u32 = 4;
pub const AURORA_READ_QUORUM: u32 = 3;
/// Global Database: replication lag "typically under a second"; an unplanned managed
/// failover promotes a secondary "in under a minute"; a planned switchover loses nothing.
pub const AURORA_GLOBAL_TYPICAL_LAG_S: f64 = 1.0;
pub const AURORA_GLOBAL_PROMOTION_MAX_S: f64 = 60.0;
pub const AURORA_GLOBAL_SWITCHOVER_RPO_S: f64 = 0.0;
/// Readers in one Global Database secondary cluster (it has no writer).
pub const AURORA_SECONDARY_MAX_READERS: u32 = 16;
/// Global tables (MREC): a write usually reaches every replica within a second (no SLA).
pub const DDB_GLOBAL_TABLES_TYPICAL_LAG_S: f64 = 1.0;
/// Multi-Region strong consistency: exactly 3 Regions (3 replicas, or 2 and a witness),
/// and no acknowledged write is lost.
pub const DDB_MRSC_REGIONS: u32 = 3;
pub const DDB_MRSC_RPO_S: f64 = 0.0;
/// Every partition's data is kept on three nodes (AWS blog), so one AZ can go.
pub const DDB_PARTITION_NODES: u32 = 3;
/// Availability designed for: a single-Region table, and a multi-Region global table.
pub const DDB_AVAILABILITY_SINGLE_REGION: f64 = 0.9999;
pub const DDB_AVAILABILITY_GLOBAL_TABLE: f64 = 0.99999;

// ---- Aurora DSQL (facts addendum 2026-12, §1) ----

const DSQL_PRICING: &str = "https://aws.amazon.com/rds/aurora/dsql/pricing/";
const DSQL_QUOTAS: &str = "https://docs.aws.amazon.com/aurora-dsql/latest/userguide/CHAP_quotas.html";
const DSQL_METER_FIT: &str = "https://github.com/faridnsh/aurora-dsql-pricing";
const DSQL_MARC_BOWES: &str = "https://github.com/marcbowes/blog";

/// WriteDPU per KiB of row payload written (51.2 DPU per MiB): INF fit, R² = 1.000, n = 39.
pub const DSQL_WRITE_DPU_PER_KIB: f64 = 0.05;
/// Rows under this size are charged as this size (INF, same fit).
pub const DSQL_MIN_ROW_BYTES: f64 = 128.0;
/// Least WriteDPU a write transaction is charged (EXPLAIN: "Transaction minimum: 0.05000").
pub const DSQL_MIN_WRITE_DPU: f64 = 0.05;
/// ReadDPU per KiB read from storage (0.0075 per 4 KiB): INF fit, R² ≥ 0.99999.
pub const DSQL_READ_DPU_PER_KIB: f64 = 0.001_875;
/// Least ReadDPU a transaction that reads is charged (INF, same fit).
pub const DSQL_MIN_READ_DPU: f64 = 0.003_75;
/// ComputeDPU per second a transaction holds a query processor (ComputeTime / 1,000 ms).
pub const DSQL_COMPUTE_DPU_PER_S: f64 = 1.0;
/// MultiRegionWriteDPU as a multiple of the originating WriteDPU, on multi-Region clusters.
pub const DSQL_MULTI_REGION_WRITE_FACTOR: f64 = 1.0;
/// WriteDPU (and MultiRegionWriteDPU) an attempt aborted at COMMIT (40001) is billed, as a
/// share of a committed one's: none, as it wrote nothing to storage. INF: AWS meters the
/// work done and does not say; its reads and compute time are billed as for a commit.
pub const DSQL_ABORTED_ATTEMPT_WRITE_SHARE: f64 = 0.0;
/// Regions that store data in a multi-Region cluster (the witness stores none).
pub const DSQL_MULTI_REGION_STORAGE_REGIONS: f64 = 2.0;
/// Free tier each month: DPU and storage.
pub const DSQL_FREE_DPU_PER_MONTH: f64 = 100_000.0;
pub const DSQL_FREE_STORAGE_GB_MONTH: f64 = 1.0;
/// AWS's anchor: 100k DPU ≈ 700k TPC-C transactions, so 0.143 DPU per transaction (INF
/// division of a DOC statement).
pub const DSQL_TPCC_DPU_PER_TRANSACTION: f64 = 100_000.0 / 700_000.0;
/// Connections per cluster (`53300` beyond).
pub const DSQL_MAX_CONNECTIONS: f64 = 10_000.0;
/// New connections per second per cluster, and the burst (`53400` beyond; not configurable).
pub const DSQL_NEW_CONNECTIONS_PER_S: f64 = 100.0;
pub const DSQL_NEW_CONNECTIONS_BURST: f64 = 1_000.0;
/// Longest life of a connection.
pub const DSQL_MAX_CONNECTION_S: f64 = 3_600.0;
/// Longest transaction (`54000` beyond). An emulator checked against a real cluster
/// enforces 30 min (3P); the quota page says 5 min.
pub const DSQL_MAX_TRANSACTION_S: f64 = 300.0;
/// Rows and bytes one write transaction may change (`54000` beyond).
pub const DSQL_MAX_WRITE_ROWS: f64 = 3_000.0;
pub const DSQL_MAX_WRITE_BYTES: f64 = 10.0 * 1024.0 * 1024.0;
/// Largest row.
pub const DSQL_MAX_ROW_BYTES: f64 = 2.0 * 1024.0 * 1024.0;
/// Storage quota: default and largest (an awslabs page says 256 TiB).
pub const DSQL_DEFAULT_STORAGE_TIB: f64 = 10.0;
pub const DSQL_MAX_STORAGE_TIB: f64 = 128.0;
// ---- Hot-row contention ([`crate::model::contention`]; facts sheet A1 transactions, the
// December 2026 addendum §1 for Aurora DSQL, and the engines' manuals for lock time-outs) ----

const DDB_TRANSACTIONS: &str = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html";
const MYSQL_LOCK_WAIT_TIMEOUT: &str = "https://dev.mysql.com/doc/refman/8.0/en/innodb-parameters.html#sysvar_innodb_lock_wait_timeout";
const POSTGRES_LOCK_TIMEOUT: &str = "https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT";
const DSQL_TPCB_BLOG: &str = "https://marc-bowes.com/dsql-tpcb.html";
const DSQL_HOT_KEYS_BLOG: &str = "https://marc-bowes.com/dsql-avoid-hot-keys.html";
const DSQL_CONCURRENCY: &str = "https://docs.aws.amazon.com/aurora-dsql/latest/userguide/working-with-concurrency-control.html";

/// A TransactWriteItems that is cancelled (a `TransactionConflict` among the reasons) is not
/// retried by the AWS SDKs: retries are the application's.
pub const DDB_SDK_RETRIES_TRANSACTION_CONFLICT: f64 = 0.0;
/// Share of its capacity a cancelled transaction still consumes: all of it ("consumed even
/// when a transaction does not succeed").
pub const DDB_CANCELLED_TRANSACTION_CAPACITY_SHARE: f64 = 1.0;
/// Aurora MySQL: a transaction waits this long for a row lock, then fails (error 1205).
pub const AURORA_MYSQL_LOCK_WAIT_TIMEOUT_S: f64 = 50.0;
/// Aurora PostgreSQL: `lock_timeout` is 0 by default, which disables it (the wait is then
/// bounded only by `statement_timeout`, also 0, or the client).
pub const AURORA_POSTGRES_LOCK_TIMEOUT_S: f64 = 0.0;
/// Aurora DSQL: one hot row sustains about this many updates per second (measured at a 7 ms
/// commit, the same with 100 clients).
pub const DSQL_HOT_ROW_UPDATES_PER_S: f64 = 140.0;
/// Aurora DSQL single-Region commit, measured p50.
pub const DSQL_COMMIT_P50_MS: f64 = 7.0;
/// Aurora DSQL client round trip in the same Region (`select 1`).
pub const DSQL_ROUND_TRIP_MS: f64 = 2.0;
/// pgbench TPC-B (sort of) on Aurora DSQL, 100 clients, one try per transaction: failed
/// share, successful transactions per second and mean latency including failures, for one
/// branch row, 100 branch rows, and no branch/teller updates (10 M account rows).
pub const DSQL_PGBENCH_CLIENTS: f64 = 100.0;
pub const DSQL_PGBENCH_ONE_BRANCH: (f64, f64, f64) = (0.98965, 11.677752, 88.614);
pub const DSQL_PGBENCH_100_BRANCHES: (f64, f64, f64) = (0.50215, 742.085722, 67.088);
pub const DSQL_PGBENCH_NO_AGGREGATES: (f64, f64, f64) = (0.00001, 6_563.771204, 15.235);
/// pgbench TPC-B with one client on Aurora DSQL: mean latency (no contention), ms.
pub const DSQL_PGBENCH_ONE_CLIENT_MS: f64 = 17.242;

/// The table shown in the assumptions panel and printed by `scalelab facts`.
pub fn table() -> Vec<Fact> {
    use Grade::*;
    let f = |id, label, value, unit, grade, source| Fact { id, label, value, unit, grade, source };
    vec![
        f("ddb.read_unit_bytes", "Read unit item size (4 KB)", DDB_READ_UNIT_BYTES as f64, "bytes", Doc, DDB_SERVICE_QUOTAS),
        f("ddb.write_unit_bytes", "Write unit item size (1 KB)", DDB_WRITE_UNIT_BYTES as f64, "bytes", Doc, DDB_SERVICE_QUOTAS),
        f("ddb.eventual_read_factor", "Eventually consistent read cost", DDB_EVENTUAL_READ_FACTOR, "× strong", Doc, DDB_SERVICE_QUOTAS),
        f("ddb.transaction_factor", "Transactional read/write cost", DDB_TRANSACTION_FACTOR, "× plain", Doc, DDB_SERVICE_QUOTAS),
        f("ddb.page_bytes", "Query/Scan page size", DDB_PAGE_BYTES as f64, "bytes", Doc2023, DDB_SCAN),
        f("ddb.partition.max_rcu", "Read units per partition (and per key)", DDB_PARTITION_MAX_RCU, "RCU/s", Doc, DDB_PARTITION_KEYS),
        f("ddb.partition.max_wcu", "Write units per partition (and per key)", DDB_PARTITION_MAX_WCU, "WCU/s", Doc, DDB_PARTITION_KEYS),
        f("ddb.partition.max_gb", "Storage per partition", DDB_PARTITION_MAX_GB, "GB", AwsBlog, DDB_SPLITS_BLOG),
        f("ddb.table_quota", "Default table quota (read and write, each)", DDB_TABLE_QUOTA_UNITS, "units/s", Doc, DDB_SERVICE_QUOTAS),
        f("ddb.free_storage_gb", "Free storage per month", DDB_FREE_STORAGE_GB, "GB", Doc, "https://aws.amazon.com/dynamodb/pricing/"),
        f("ddb.free_provisioned_units", "Free provisioned RCU, and WCU, per month", DDB_FREE_PROVISIONED_UNITS, "units", Doc, "https://aws.amazon.com/dynamodb/pricing/"),
        f("billing.hours_per_month", "Hours per billing month", HOURS_PER_MONTH, "h", Doc, CALCULATOR_ASSUMPTIONS),
        f("aurora.gib_per_acu", "Memory per ACU", AURORA_GIB_PER_ACU, "GiB", Doc, AURORA_SV2_REQUIREMENTS),
        f("aurora.acu_step", "Serverless v2 capacity step", AURORA_ACU_STEP, "ACU", Doc, AURORA_SV2_REQUIREMENTS),
        f("aurora.max_acu", "Serverless v2 maximum", AURORA_MAX_ACU, "ACU", Doc, AURORA_SV2_REQUIREMENTS),
        f("aurora.max_readers", "Aurora Replicas per cluster", f64::from(AURORA_MAX_READERS), "instances", Doc2023, AURORA_REPLICATION),
        f("aurora.global.max_secondary_regions", "Global Database secondary Regions (5 before May 2025)", f64::from(AURORA_MAX_SECONDARY_REGIONS), "Regions", AwsBlog, AURORA_GLOBAL),
        f("aurora.proxy.min_acu", "RDS Proxy minimum billed (Serverless v2 targets)", AURORA_PROXY_MIN_ACU, "ACU", ThirdParty, AURORA_PROXY_PRICE),
        f("aurora.proxy.min_vcpu", "RDS Proxy minimum billed (provisioned targets)", AURORA_PROXY_MIN_VCPU, "vCPU", ThirdParty, AURORA_PROXY_PRICE),
        f("aurora.resume_s", "Serverless v2 resume from auto-pause, up to", AURORA_RESUME_S, "s", AwsBlog, AURORA_AUTO_PAUSE),
        f("aurora.page_bytes.mysql", "Read I/O page, Aurora MySQL", AURORA_MYSQL_PAGE_BYTES as f64, "bytes", AwsBlog, AURORA_IO_BLOG),
        f("aurora.page_bytes.postgres", "Read I/O page, Aurora PostgreSQL", AURORA_POSTGRES_PAGE_BYTES as f64, "bytes", AwsBlog, AURORA_IO_BLOG),
        f("aurora.write_io_bytes", "Log bytes per write I/O", AURORA_WRITE_IO_BYTES as f64, "bytes", AwsBlog, AURORA_IO_BLOG),
        f("ddb.ondemand.peak_multiplier", "On-demand instantly serves up to", DDB_ON_DEMAND_PEAK_MULTIPLIER, "× previous peak", Doc2023, DDB_READ_WRITE_MODE),
        f("ddb.ondemand.scale_window_s", "On-demand growth beyond 2× spread over", DDB_ON_DEMAND_SCALE_WINDOW_S, "s", Doc, DDB_WARM_THROUGHPUT),
        f("ddb.ondemand.initial_read_units", "New on-demand table, reads", DDB_ON_DEMAND_INITIAL_READ_UNITS, "units/s", Doc, DDB_PREWARM),
        f("ddb.ondemand.initial_write_units", "New on-demand table, writes", DDB_ON_DEMAND_INITIAL_WRITE_UNITS, "units/s", Doc, DDB_PREWARM),
        f("ddb.gsi.item_overhead_bytes", "Index entry overhead", DDB_INDEX_ITEM_OVERHEAD_BYTES as f64, "bytes", Doc2023, DDB_GSI),
        f("ddb.gsi.max", "Global secondary indexes per table", f64::from(DDB_MAX_GSIS), "indexes", Doc2023, DDB_SERVICE_QUOTAS),
        f("ddb.gsi.writes_on_key_change", "Index writes when an update changes the indexed key", 2.0, "writes", Doc2023, DDB_GSI),
        f("ddb.global_tables.replicated_units", "Replicated write units per write unit per replica Region", 1.0, "rWCU", Doc2023, DDB_GLOBAL_TABLES),
        f("ddb.burst_window_s", "Burst capacity kept", DDB_BURST_WINDOW_S, "s of capacity", Doc, DDB_BURST),
        f("ddb.autoscaling.default_target", "Auto scaling target (console default)", DDB_AUTOSCALING_DEFAULT_TARGET, "fraction", Doc, DDB_AUTOSCALING),
        f("ddb.autoscaling.out_minutes", "Scale out after consecutive minutes above target", DDB_AUTOSCALING_OUT_MINUTES, "min", AwsCode, DDB_AUTOSCALING_SIM),
        f("ddb.autoscaling.in_minutes", "Scale in after consecutive minutes below target − 20 pts", DDB_AUTOSCALING_IN_MINUTES, "min", AwsCode, DDB_AUTOSCALING_SIM),
        f("ddb.autoscaling.in_gap", "Scale-in threshold below target", DDB_AUTOSCALING_IN_GAP, "fraction", AwsCode, DDB_AUTOSCALING_SIM),
        f("aurora.dns_ttl_s", "Cluster endpoint DNS TTL", AURORA_DNS_TTL_S, "s", Doc, AURORA_DNS_TTL),
        f("aurora.failover.typical_max_s", "In-Region failover with a replica, typically under", AURORA_FAILOVER_TYPICAL_MAX_S, "s", Doc2023, AURORA_HA),
        f("aurora.failover.often_s", "In-Region failover with a replica, often under", AURORA_FAILOVER_OFTEN_S, "s", Doc2023, AURORA_HA),
        f("aurora.failover.wrapper_writer_max_s", "Writer failover seen by the AWS wrapper drivers, up to", AURORA_WRAPPER_WRITER_FAILOVER_S.1, "s", Doc, AURORA_WRAPPER),
        f("aurora.failover.plain_writer_min_s", "Writer failover seen without the wrapper, from", AURORA_PLAIN_WRITER_FAILOVER_S.0, "s", Doc, AURORA_WRAPPER),
        f("aurora.failover.plain_writer_max_s", "Writer failover seen without the wrapper, up to", AURORA_PLAIN_WRITER_FAILOVER_S.1, "s", Doc, AURORA_WRAPPER),
        f("aurora.failover.wrapper_reader_s", "Reader failover with the wrapper drivers, under", AURORA_WRAPPER_READER_FAILOVER_S, "s", Doc, AURORA_WRAPPER),
        f("aurora.failover.proxy_cut", "RDS Proxy shortens failover recovery by up to", AURORA_PROXY_FAILOVER_CUT, "fraction", Doc2023, AURORA_PROXY_PLANNING),
        f("aurora.failover.proxy_cut_mysql", "RDS Proxy shortens failover recovery, Aurora MySQL, by up to", AURORA_PROXY_FAILOVER_CUT_MYSQL, "fraction", AwsBlog, AURORA_PROXY_MYSQL_BLOG),
        f("aurora.promotion_tier.max", "Lowest-priority promotion tier (tier 0 is promoted first)", f64::from(AURORA_MAX_PROMOTION_TIER), "tier", Doc, AURORA_HA),
        f("aurora.promotion_tier.default", "Promotion tier when none is given", f64::from(AURORA_DEFAULT_PROMOTION_TIER), "tier", Doc, RDS_PROMOTION_TIER),
        f("aurora.storage.copies", "Storage copies (2 in each of 3 AZs)", f64::from(AURORA_STORAGE_COPIES), "copies", AwsBlog, AURORA_QUORUM_BLOG),
        f("aurora.storage.write_quorum", "Copies a write needs", f64::from(AURORA_WRITE_QUORUM), "copies", AwsBlog, AURORA_QUORUM_BLOG),
        f("aurora.storage.read_quorum", "Copies a read/repair needs", f64::from(AURORA_READ_QUORUM), "copies", AwsBlog, AURORA_QUORUM_BLOG),
        f("aurora.global.typical_lag_s", "Global Database replication lag, typically under", AURORA_GLOBAL_TYPICAL_LAG_S, "s", Doc, AURORA_GLOBAL),
        f("aurora.global.promotion_max_s", "Global Database failover promotes a secondary in under", AURORA_GLOBAL_PROMOTION_MAX_S, "s", AwsBlog, AURORA_GLOBAL_DR),
        f("aurora.global.switchover_rpo_s", "Global Database planned switchover, data lost", AURORA_GLOBAL_SWITCHOVER_RPO_S, "s of writes", Doc, AURORA_GLOBAL_DR),
        f("aurora.global.secondary_max_readers", "Readers in a Global Database secondary cluster", f64::from(AURORA_SECONDARY_MAX_READERS), "instances", Doc, AURORA_GLOBAL),
        f("ddb.global_tables.typical_lag_s", "Global tables (MREC) replication, usually within", DDB_GLOBAL_TABLES_TYPICAL_LAG_S, "s", Doc2023, DDB_GLOBAL_TABLES),
        f("ddb.mrsc.regions", "Multi-Region strong consistency: Regions (3 replicas, or 2 + a witness)", f64::from(DDB_MRSC_REGIONS), "Regions", Doc, DDB_GLOBAL_MODES),
        f("ddb.mrsc.rpo_s", "Multi-Region strong consistency, data lost", DDB_MRSC_RPO_S, "s of writes", Doc, DDB_GLOBAL_MODES),
        f("ddb.partition.nodes", "Nodes each partition's data is kept on", f64::from(DDB_PARTITION_NODES), "nodes", AwsBlog, DDB_PARTITIONS_BLOG),
        f("ddb.availability.single_region", "Availability designed for, single-Region table", DDB_AVAILABILITY_SINGLE_REGION, "fraction", Doc, DDB_GLOBAL_MODES),
        f("ddb.availability.global_table", "Availability designed for, global table", DDB_AVAILABILITY_GLOBAL_TABLE, "fraction", Doc, DDB_GLOBAL_MODES),
        f("ddb.decreases.first_hour", "Capacity decreases in the first UTC hour (then 1/h: 27 a day)", f64::from(DDB_DECREASES_FIRST_HOUR), "decreases", Doc2023, DDB_SERVICE_QUOTAS),
        f("dsql.write_dpu_per_kib", "DSQL WriteDPU per KiB of row payload written", DSQL_WRITE_DPU_PER_KIB, "DPU/KiB", Inference, DSQL_METER_FIT),
        f("dsql.min_row_bytes", "DSQL rows under this size are charged as this size", DSQL_MIN_ROW_BYTES, "bytes", Inference, DSQL_METER_FIT),
        f("dsql.min_write_dpu", "DSQL WriteDPU minimum per write transaction", DSQL_MIN_WRITE_DPU, "DPU", Inference, DSQL_METER_FIT),
        f("dsql.read_dpu_per_kib", "DSQL ReadDPU per KiB read from storage", DSQL_READ_DPU_PER_KIB, "DPU/KiB", Inference, DSQL_METER_FIT),
        f("dsql.min_read_dpu", "DSQL ReadDPU minimum per transaction", DSQL_MIN_READ_DPU, "DPU", Inference, DSQL_METER_FIT),
        f("dsql.compute_dpu_per_s", "DSQL ComputeDPU per second a transaction holds a query processor", DSQL_COMPUTE_DPU_PER_S, "DPU/s", Inference, DSQL_METER_FIT),
        f("dsql.multi_region_write_factor", "DSQL MultiRegionWriteDPU per originating WriteDPU", DSQL_MULTI_REGION_WRITE_FACTOR, "×", Doc, DSQL_PRICING),
        f("dsql.aborted_attempt.write_share", "DSQL WriteDPU an attempt aborted at COMMIT is billed (it wrote nothing; its reads and compute are billed)", DSQL_ABORTED_ATTEMPT_WRITE_SHARE, "× a committed one's", Inference, DSQL_CONCURRENCY),
        f("dsql.multi_region.storage_regions", "DSQL multi-Region: Regions storing data (the witness stores none)", DSQL_MULTI_REGION_STORAGE_REGIONS, "Regions", Doc, DSQL_PRICING),
        f("dsql.free_tier.dpu", "DSQL free tier, DPU per month", DSQL_FREE_DPU_PER_MONTH, "DPU", Doc, DSQL_PRICING),
        f("dsql.free_tier.storage_gb", "DSQL free tier, storage per month", DSQL_FREE_STORAGE_GB_MONTH, "GB-month", Doc, DSQL_PRICING),
        f("dsql.tpcc_dpu_per_transaction", "DSQL AWS anchor: 100k DPU ≈ 700k TPC-C transactions", DSQL_TPCC_DPU_PER_TRANSACTION, "DPU/transaction", Inference, DSQL_PRICING),
        f("dsql.max_connections", "DSQL connections per cluster (53300 beyond)", DSQL_MAX_CONNECTIONS, "connections", Doc, DSQL_QUOTAS),
        f("dsql.new_connections_per_s", "DSQL new connections per second (53400 beyond)", DSQL_NEW_CONNECTIONS_PER_S, "connections/s", Doc, DSQL_QUOTAS),
        f("dsql.new_connections_burst", "DSQL new-connection burst", DSQL_NEW_CONNECTIONS_BURST, "connections", Doc, DSQL_QUOTAS),
        f("dsql.max_connection_s", "DSQL connection life, at most", DSQL_MAX_CONNECTION_S, "s", Doc, DSQL_QUOTAS),
        f("dsql.max_transaction_s", "DSQL transaction time, at most (54000 beyond)", DSQL_MAX_TRANSACTION_S, "s", Doc, DSQL_QUOTAS),
        f("dsql.max_write_rows", "DSQL rows per write transaction (54000 beyond)", DSQL_MAX_WRITE_ROWS, "rows", Doc, DSQL_QUOTAS),
        f("dsql.max_write_bytes", "DSQL bytes per write transaction (54000 beyond)", DSQL_MAX_WRITE_BYTES, "bytes", Doc, DSQL_QUOTAS),
        f("dsql.max_row_bytes", "DSQL largest row", DSQL_MAX_ROW_BYTES, "bytes", Doc, DSQL_QUOTAS),
        f("dsql.storage.default_tib", "DSQL storage quota, default", DSQL_DEFAULT_STORAGE_TIB, "TiB", Doc, DSQL_QUOTAS),
        f("dsql.storage.max_tib", "DSQL storage quota, at most (an awslabs page says 256)", DSQL_MAX_STORAGE_TIB, "TiB", Doc, DSQL_QUOTAS),
        f("dsql.client_round_trip_ms", "DSQL client round trip, same Region (select 1)", 2.0, "ms", ThirdParty, DSQL_MARC_BOWES),
        f("dsql.commit_p50_ms", "DSQL single-Region commit p50, measured", 7.0, "ms", ThirdParty, DSQL_MARC_BOWES),
        // ---- Hot-row contention ----
        f("ddb.transaction.sdk_retries_on_conflict", "SDK retries of a TransactWriteItems cancelled for TransactionConflict", DDB_SDK_RETRIES_TRANSACTION_CONFLICT, "retries", Doc, DDB_TRANSACTIONS),
        f("ddb.transaction.cancelled_capacity_share", "Capacity a cancelled transaction still consumes", DDB_CANCELLED_TRANSACTION_CAPACITY_SHARE, "× a successful one", Doc, DDB_TRANSACTIONS),
        f("aurora.mysql.lock_wait_timeout_s", "Row-lock wait before error 1205 (innodb_lock_wait_timeout default; MySQL manual)", AURORA_MYSQL_LOCK_WAIT_TIMEOUT_S, "s", Doc, MYSQL_LOCK_WAIT_TIMEOUT),
        f("aurora.postgres.lock_timeout_s", "Row-lock wait limit (lock_timeout default, 0 = none; PostgreSQL manual)", AURORA_POSTGRES_LOCK_TIMEOUT_S, "s", Doc, POSTGRES_LOCK_TIMEOUT),
        f("dsql.occ.conflicts_abort_at_commit", "DSQL: a conflicting transaction fails at COMMIT (SQLSTATE 40001, OC000); the client retries", 1.0, "yes", Doc, DSQL_CONCURRENCY),
        f("dsql.hot_row.updates_per_s", "DSQL: updates/s one hot row sustains (≈ 1 / commit latency)", DSQL_HOT_ROW_UPDATES_PER_S, "updates/s", ThirdParty, DSQL_HOT_KEYS_BLOG),
        f("dsql.pgbench.one_branch.failed_share", "pgbench TPC-B, 100 clients, 1 branch row: failed", DSQL_PGBENCH_ONE_BRANCH.0, "fraction", ThirdParty, DSQL_TPCB_BLOG),
        f("dsql.pgbench.one_branch.tps", "pgbench TPC-B, 100 clients, 1 branch row: TPS", DSQL_PGBENCH_ONE_BRANCH.1, "tx/s", ThirdParty, DSQL_TPCB_BLOG),
        f("dsql.pgbench.100_branches.failed_share", "pgbench TPC-B, 100 clients, 100 branch rows: failed", DSQL_PGBENCH_100_BRANCHES.0, "fraction", ThirdParty, DSQL_TPCB_BLOG),
        f("dsql.pgbench.100_branches.tps", "pgbench TPC-B, 100 clients, 100 branch rows: TPS", DSQL_PGBENCH_100_BRANCHES.1, "tx/s", ThirdParty, DSQL_TPCB_BLOG),
        f("dsql.pgbench.no_aggregates.failed_share", "pgbench without branch/teller updates, 100 clients: failed", DSQL_PGBENCH_NO_AGGREGATES.0, "fraction", ThirdParty, DSQL_TPCB_BLOG),
        f("dsql.pgbench.no_aggregates.tps", "pgbench without branch/teller updates, 100 clients: TPS", DSQL_PGBENCH_NO_AGGREGATES.1, "tx/s", ThirdParty, DSQL_TPCB_BLOG),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_sources_are_links() {
        let t = table();
        let mut ids: Vec<_> = t.iter().map(|f| f.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), t.len());
        assert!(t.iter().all(|f| f.source.starts_with("https://")));
    }
}
