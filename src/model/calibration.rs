//! The estimates (and a few facts) checked against published measurements: for each row, who
//! measured what and how, the range the measurement allows, and the model's own answer for
//! the same setup, computed here so the page and the tests read the same number. A named test
//! per row (`tests/calibration.rs`) keeps the model inside its range; `docs/calibration.md`
//! gives each row's reasoning, and the estimates the model does *not* yet match.
//!
//! A range is the measurement's spread where it has one; where it is a single run, the range
//! says which way the measurement is biased (a Lambda client's latency includes the
//! function's own time, so it bounds the database's from above) and how far.

use crate::model::aurora::{self, Access, AuroraConfig};
use crate::model::dsql::{Topology, Transaction};
use crate::model::dynamodb::{self, DynamoConfig};
use crate::model::facts::{AURORA_RESUME_S, DDB_ON_DEMAND_INITIAL_WRITE_UNITS};
use crate::model::aurora::config::ClientDriver;
use crate::model::faults::{failed_write_s, writer_failover_s};
use crate::model::scenario::Scenario;
use crate::model::workload::{Consistency, Workload};
use serde::Serialize;

/// One estimate checked against a measurement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Calibration {
    /// The row's name (its test is named after it).
    pub id: &'static str,
    /// The estimate (as in [`crate::model::estimates::Estimates::rows`]) or fact it checks.
    pub estimate: &'static str,
    /// What is compared.
    pub what: &'static str,
    /// What was measured, in words.
    pub measured: &'static str,
    /// The range the model's answer must lie in, and its unit.
    pub low: f64,
    pub high: f64,
    pub unit: &'static str,
    /// Who measured, and where it is published.
    pub who: &'static str,
    pub url: &'static str,
}

const fn row(
    id: &'static str,
    estimate: &'static str,
    what: &'static str,
    measured: &'static str,
    (low, high, unit): (f64, f64, &'static str),
    who: &'static str,
    url: &'static str,
) -> Calibration {
    Calibration { id, estimate, what, measured, low, high, unit, who, url }
}

/// Every calibrated row, in the order of `docs/calibration.md`.
pub const TABLE: [Calibration; 15] = [
    row("ddb_put_item_p50", "ddb_write_p50_ms", "DynamoDB PutItem p50, 1 KB item, same Region",
        "7.55 ms p50 from a Lambda function (SDK and handler time included: an upper bound)",
        (4.5, 7.55, "ms"), "Alex DeBrie, dynamodb-performance-testing",
        "https://github.com/alexdebrie/dynamodb-performance-testing"),
    row("ddb_put_item_p99", "ddb_write_p99_ms", "DynamoDB PutItem p99, 1 KB item",
        "16.2 ms p99 from a Lambda function (a p99 of a few thousand calls: ±50 % allowed)",
        (12.0, 24.0, "ms"), "Alex DeBrie, dynamodb-performance-testing",
        "https://github.com/alexdebrie/dynamodb-performance-testing"),
    row("ddb_get_item_p50", "ddb_read_p50_ms", "DynamoDB GetItem p50, eventually consistent",
        "5.77 ms p50 over ≈ 10,000 warm Lambda (Java, 1 GB) calls, function time included: an upper bound",
        (3.5, 5.77, "ms"), "Vadym Kazulkin, Data API for Aurora Serverless v2, part 9",
        "https://dev.to/aws-builders/data-api-for-amazon-aurora-serverless-v2-with-aws-sdk-for-java-part-9-comparing-cold-and-warm-starts-data-api-vs-dynamodb-2pg2"),
    row("data_api_statement_p50", "data_api_overhead_ms", "Aurora Serverless v2 PostgreSQL point read through the RDS Data API, p50",
        "104.7 ms p50 over ≈ 10,000 warm Lambda (Java) calls, the same setup as the GetItem row",
        (95.0, 110.0, "ms"), "Vadym Kazulkin, Data API for Aurora Serverless v2, part 9",
        "https://dev.to/aws-builders/data-api-for-amazon-aurora-serverless-v2-with-aws-sdk-for-java-part-9-comparing-cold-and-warm-starts-data-api-vs-dynamodb-2pg2"),
    row("elasticache_get_p50", "elasticache_hit_p50_ms", "ElastiCache (Redis OSS) GET p50, same AZ",
        "0.423 ms p50 (a competing vendor's benchmark: ±40 % allowed)",
        (0.25, 0.6, "ms"), "cachee.ai benchmark, 2026",
        "https://cachee.ai/blog/posts/2026-03-29-redis-elasticache-is-slow-16us-cache-reads-vs-339us-benchmark-results"),
    row("dsql_hot_row_update", "dsql_commit_ms", "Aurora DSQL autocommit UPDATE of one row, single Region",
        "commit p50 ≈ 7 ms; one hot row sustained ≈ 140 updates a second (7.1 ms each), the same with 100 clients: a single setup, ±1 ms allowed",
        (6.0, 8.0, "ms"), "Marc Bowes, Aurora DSQL: avoid hot keys",
        "https://marc-bowes.com/dsql-avoid-hot-keys.html"),
    row("dsql_multi_region_commit", "dsql_commit_ms", "Aurora DSQL multi-Region commit (us-east-1 with us-east-2)",
        "about 20 ms a commit, with a 10 ms round trip between the Regions",
        (15.0, 25.0, "ms"), "Franck Pachot, DynamoDB-style limits for predictable performance",
        "https://dev.to/aws-heroes/dynamodb-style-limits-for-predictable-performance-56b8"),
    row("dsql_inter_region_rtt", "dsql_inter_region_rtt_ms", "Round trip between two US East Regions",
        "10 ms, us-east-1 ↔ us-east-2 (a nearer pair than the default: the range allows a farther one)",
        (8.0, 15.0, "ms"), "Franck Pachot, DynamoDB-style limits for predictable performance",
        "https://dev.to/aws-heroes/dynamodb-style-limits-for-predictable-performance-56b8"),
    row("aurora_resume_from_pause", "aurora.resume_s", "Serverless v2 resume from 0 ACU",
        "13.3 s from the RDS events (AWS: about 15 s, up to 30 s after more than a day paused)",
        (13.0, 16.0, "s"), "dev.to, Aurora Serverless v2 scales to zero, but how fast?",
        "https://dev.to/aws-builders/aurora-serverless-v2-scales-to-zero-but-how-fast-49md"),
    row("ddb_on_demand_new_table_writes", "ddb.ondemand.initial_write_units", "Writes a new on-demand table takes at once",
        "4,000 writes/s accepted at once by a new table; ramps from 0 to 40,000 over 60–90 min throttled",
        (4_000.0, 4_000.0, "writes/s"), "Yan Cui, understanding the scaling behaviour of DynamoDB on-demand tables",
        "https://theburningmonk.com/2019/03/understanding-the-scaling-behaviour-of-dynamodb-ondemand-tables/"),
    row("plain_driver_pooled_failover", "plain_driver_reconnect_s", "Writer failover seen by pooled clients with a plain driver",
        "41–78 s per application pod with pooled Java clients; about 28 s on the database side (RDS Multi-AZ, not Aurora)",
        (41.0, 78.0, "s"), "72 Technologies, RDS Multi-AZ failover time reduction",
        "https://www.72technologies.com/blog/rds-multi-az-failover-time-reduction"),
    row("per_request_planned_failover", "failover_promotion_s", "Planned writer failover seen by a client that connects per request",
        "10–16 s without a successful write, mean 12 s, over 5 planned failovers (Aurora PostgreSQL, a client opening a connection every second)",
        (10.0, 16.0, "s"), "zatoima, Aurora failover time test",
        "https://zatoima.github.io/en/aws-aurora-failover-time-test"),
    row("rds_proxy_planned_failover", "rds_proxy_reconnect_s", "Planned writer failover seen through RDS Proxy",
        "5 s of failed requests in AWS's fast-failover sample (failover-db-cluster, Aurora PostgreSQL); \"10 seconds in our testing\" in its blog",
        (4.0, 10.0, "s"), "AWS Database Blog and aws-samples/amazon-aurora-postgresql-fast-failover-demo",
        "https://aws.amazon.com/blogs/database/how-a-large-financial-aws-customer-implemented-ha-and-dr-for-amazon-aurora-postgresql-using-global-database-and-amazon-rds-proxy"),
    row("aurora_vcpu_per_acu", "aurora_vcpu_per_acu", "CPU behind one ACU",
        "32 ACU showed 8 vCPU to the database (preview test); AWS text: 4 ACU per vCPU on r-class instances",
        (0.22, 0.28, "vCPU/ACU"), "Franck Pachot, Aurora Serverless v2 preview: CPU",
        "https://dev.to/aws-heroes/aurora-serverless-v2-preview-cpu-202j"),
    row("aurora_reboot", "aurora_reboot_s", "Aurora instance restart",
        "less than 60 s (AWS FAQ: a bound, not a distribution)",
        (5.0, 60.0, "s"), "Amazon Aurora FAQ",
        "https://aws.amazon.com/rds/aurora/faqs/"),
];

/// The model's answer for row `id`'s setup, in the row's unit (`None` for an unknown id).
pub fn model_answer(id: &str, s: &Scenario) -> Option<f64> {
    let (e, p) = (&s.estimates, &s.prices);
    let light = |read_share: f64| Workload { requests_per_s: 20.0, read_share, item_size_kb: 1.0, consistency: Consistency::Eventual, ..Workload::default() };
    let ddb = |read_share: f64| dynamodb::steady(&light(read_share), &DynamoConfig::default(), p, e);
    Some(match id {
        "ddb_put_item_p50" => ddb(0.0).p50_ms,
        "ddb_put_item_p99" => ddb(0.0).p99_ms,
        "ddb_get_item_p50" => ddb(1.0).p50_ms,
        "data_api_statement_p50" => {
            let cfg = AuroraConfig { access: Access::DataApi, ..s.aurora.clone() };
            aurora::steady(&light(1.0), &cfg, p, e).p50_ms
        }
        "elasticache_get_p50" => e.elasticache_hit_p50_ms,
        // An UPDATE of one row is written as a one-row autocommit write.
        "dsql_hot_row_update" => Transaction::insert(1.0, 1024.0).hold_ms(Topology::SingleRegion, e),
        "dsql_multi_region_commit" => e.dsql_commit_ms + e.dsql_inter_region_rtt_ms,
        "dsql_inter_region_rtt" => e.dsql_inter_region_rtt_ms,
        "aurora_resume_from_pause" => AURORA_RESUME_S,
        "ddb_on_demand_new_table_writes" => DDB_ON_DEMAND_INITIAL_WRITE_UNITS,
        "plain_driver_pooled_failover" => writer_failover_s(&with_client(s, Access::Direct, ClientDriver::Plain)),
        "per_request_planned_failover" => failed_write_s(&with_client(s, Access::Direct, ClientDriver::PerRequest), true),
        "rds_proxy_planned_failover" => failed_write_s(&with_client(s, Access::RdsProxy, ClientDriver::Plain), true),
        "aurora_vcpu_per_acu" => e.aurora_vcpu_per_acu,
        "aurora_reboot" => e.aurora_reboot_s,
        _ => return None,
    })
}

/// `s` with its Aurora clients set (a failover row's setup); a reader to promote.
fn with_client(s: &Scenario, access: Access, driver: ClientDriver) -> Scenario {
    let mut out = s.clone();
    out.aurora.access = access;
    out.aurora.client_driver = driver;
    out.aurora.readers = out.aurora.readers.max(1);
    out
}

/// The row that calibrates estimate `id`, if any (for "calibrated against …" beside it).
pub fn for_estimate(id: &str) -> Option<&'static Calibration> {
    TABLE.iter().find(|c| c.estimate == id)
}
