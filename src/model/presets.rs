//! Scenarios from the seed article ("AWS Aurora vs DynamoDB for Scale"), each with the one
//! lesson it teaches. The numbers are illustrative workloads, not measurements.

use crate::model::aurora::AuroraConfig;
use crate::model::dynamodb::{CapacityMode, DynamoConfig};
use crate::model::estimates::Estimates;
use crate::model::faults::{Fault, RegionId};
use crate::model::regions::Regions;
use crate::model::scenario::{Scenario, SimSettings};
use crate::model::traffic::Traffic;
use crate::model::workload::{Consistency, HotItem, LambdaClients, QueryKind, Workload};
use crate::model::database::Database;
use crate::model::dsql::{DsqlConfig, Topology};
use crate::model::uncertainty::config::{Input, Range, Uncertainty};

pub struct Preset {
    pub id: &'static str,
    pub title: &'static str,
    pub lesson: &'static str,
    build: fn() -> Scenario,
}

impl Preset {
    pub fn scenario(&self) -> Scenario {
        (self.build)()
    }
}

pub const PRESETS: [Preset; 11] = [
    Preset {
        id: "session-store",
        title: "Session store",
        lesson: "Millions of key lookups a second: DynamoDB's cost grows with traffic and its latency stays flat; Aurora needs readers, and I/O once the sessions outgrow memory.",
        build: session_store,
    },
    Preset {
        id: "real-time-bidding",
        title: "Real-time bidding",
        lesson: "Spiky reads under a tight latency budget: on-demand serves up to twice its previous peak at once, so a 3× spike throttles while it scales; Serverless v2 must first scale its ACUs and times requests out meanwhile.",
        build: real_time_bidding,
    },
    Preset {
        id: "iot-ingestion",
        title: "IoT ingestion",
        lesson: "One chatty device is one partition key: it can never write more than 1,000 WCU, however much capacity the table has; on Aurora every write lands on the single writer.",
        build: iot_ingestion,
    },
    Preset {
        id: "monthly-sales-report",
        title: "Monthly sales report",
        lesson: "An aggregate over 30 days: a DynamoDB Scan reads and bills every item, and the nightly batch of them throttles an on-demand table for an hour; Aurora joins and groups on the server for a fraction of the cost.",
        build: monthly_sales_report,
    },
    Preset {
        id: "order-inventory",
        title: "Order + inventory transaction",
        lesson: "TransactWriteItems costs twice per item, and the bestseller's stock row caps at 500 orders a second; Aurora commits both rows in one SQL transaction.",
        build: order_inventory,
    },
    Preset {
        id: "flash-sale",
        title: "Flash sale",
        lesson: "A 20× spike: burst capacity absorbs its first half-minute, then DynamoDB throttles until auto scaling catches up, 1.4× every few minutes; Aurora scales up in steps while requests time out.",
        build: flash_sale,
    },
    Preset {
        id: "writer-failover-at-peak",
        title: "Writer failover at peak",
        lesson: "The writer fails at the busiest moment: Aurora's writes fail for 70 s with a plain driver (detection, promotion, 5 s DNS TTL, stale connections), 21 s with the AWS wrapper driver, 15 s behind RDS Proxy (later ones wait); DynamoDB has no writer to lose.",
        build: writer_failover_at_peak,
    },
    Preset {
        id: "region-outage",
        title: "Region outage",
        lesson: "The home Region goes dark: DynamoDB global tables serve from Region B once clients are redirected (MREC may lose Region A's last second of writes); Aurora takes no writes until someone starts the managed failover, and loses its replication lag.",
        build: region_outage,
    },
    Preset {
        id: "flash-sale-one-product",
        title: "Flash sale on one product",
        lesson: "Every buyer updates one stock row: DynamoDB cancels clashing transactions (TransactionConflict), Aurora queues them on the row lock (about 400/s, then time-outs), DSQL aborts all but the first to commit (OC000, about 1/commit latency a second).",
        build: flash_sale_one_product,
    },
    Preset {
        id: "spiky-sql-two-regions",
        title: "Spiky SQL app in two Regions",
        lesson: "Idle most of the day, a lunchtime spike, two Regions: Aurora pays its minimum ACUs in both all month; DynamoDB bills a transaction twice per item and every replica again; DSQL bills only the DPUs it uses and writes in either Region, RPO 0.",
        build: spiky_sql_two_regions,
    },
    Preset {
        id: "lambda-burst-aurora",
        title: "Lambda burst against Aurora",
        lesson: "Each Lambda invocation holds a connection: at the peak 3,000 meet Aurora's max_connections of 2,000 and a third are refused. RDS Proxy pools them, the Data API needs none (≈ 100 ms a statement); DynamoDB speaks HTTP.",
        build: lambda_burst_aurora,
    },
];

pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

const HOUR_S: f64 = 3_600.0;

/// The default sampling over these ranges (`(input, low, high)`, factors or offsets as
/// [`Input::by_factor`] says): each preset says which of its inputs are guesses, and how
/// far off they may be, for its own story.
fn guesses(ranges: &[(Input, f64, f64)]) -> Uncertainty {
    Uncertainty { ranges: ranges.iter().map(|&(i, low, high)| (i, Range { low, high })).collect(), ..Uncertainty::default() }
}

fn session_store() -> Scenario {
    Scenario {
        workload: Workload {
            requests_per_s: 50_000.0,
            read_share: 0.9,
            item_size_kb: 2.0,
            partition_keys: 20_000_000.0,
            key_skew: 0.6,
            query: QueryKind::PointRead,
            consistency: Consistency::Eventual,
            table_size_gb: 200.0,
            ..Workload::default()
        },
        traffic: Traffic::Diurnal { trough_to_peak: 0.25, peak_hour_utc: 15.0 },
        aurora: AuroraConfig { readers: 2, ..AuroraConfig::default() },
        // Sessions grow with users (traffic, and data that may outgrow Aurora's memory); the
        // read share is well known for a session store.
        uncertainty: guesses(&[(Input::RequestsPerS, 0.5, 2.0), (Input::KeySkew, -0.2, 0.2), (Input::ItemSizeKb, 0.5, 2.0), (Input::ReadShare, -0.05, 0.05), (Input::TableSizeGb, 0.5, 4.0)]),
        ..Scenario::default()
    }
}

fn real_time_bidding() -> Scenario {
    Scenario {
        workload: Workload {
            requests_per_s: 30_000.0,
            read_share: 0.95,
            item_size_kb: 1.0,
            partition_keys: 5_000_000.0,
            key_skew: 0.9,
            table_size_gb: 50.0,
            ..Workload::default()
        },
        traffic: Traffic::Spike { multiplier: 3.0, start_s: 2.0 * HOUR_S, duration_s: 15.0 * 60.0 },
        simulation: SimSettings { duration_s: 6.0 * HOUR_S, step_s: Some(15.0), ..SimSettings::default() },
        // A bidding platform runs with its table quota raised, on a table that has served this
        // load for a while (not a new one's 12,000 read units); what throttles here is growth
        // beyond twice the previous peak.
        dynamodb: DynamoConfig { table_quota_units_per_s: 200_000.0, warm_read_units_per_s: 30_000.0, ..DynamoConfig::default() },
        aurora: AuroraConfig { readers: 2, ..AuroraConfig::default() },
        // A bidding platform knows its volume within a factor and its latency budget is the
        // question: DynamoDB's read tail (an estimate) is itself a guess.
        uncertainty: guesses(&[(Input::RequestsPerS, 0.7, 1.5), (Input::KeySkew, -0.1, 0.1), (Input::ItemSizeKb, 0.8, 1.5), (Input::ReadShare, -0.03, 0.03), (Input::TableSizeGb, 0.5, 2.0), (Input::Estimate("ddb_read_p99_ms"), 0.7, 1.5)]),
        ..Scenario::default()
    }
}

fn iot_ingestion() -> Scenario {
    Scenario {
        workload: Workload {
            requests_per_s: 20_000.0,
            read_share: 0.05,
            item_size_kb: 0.5,
            partition_keys: 10_000.0,
            key_skew: 1.2,
            table_size_gb: 500.0,
            ..Workload::default()
        },
        traffic: Traffic::Steady,
        simulation: SimSettings { duration_s: 6.0 * HOUR_S, ..SimSettings::default() },
        dynamodb: DynamoConfig {
            mode: CapacityMode::Provisioned,
            provisioned_rcu: 2_000.0,
            provisioned_wcu: 30_000.0,
            ..DynamoConfig::default()
        },
        aurora: AuroraConfig { readers: 1, max_acu: 64.0, ..AuroraConfig::default() },
        // The fleet grows, and how chatty the busiest device is, is the lesson's guess.
        uncertainty: guesses(&[(Input::RequestsPerS, 0.8, 3.0), (Input::KeySkew, -0.3, 0.3), (Input::ItemSizeKb, 0.5, 2.0), (Input::ReadShare, -0.04, 0.1), (Input::TableSizeGb, 0.5, 3.0)]),
        ..Scenario::default()
    }
}

fn monthly_sales_report() -> Scenario {
    Scenario {
        workload: Workload {
            requests_per_s: 0.05,
            read_share: 1.0,
            item_size_kb: 0.5,
            partition_keys: 1_000_000.0,
            key_skew: 0.0,
            query: QueryKind::Report,
            rows_per_report: 3_000_000.0,
            table_size_gb: 100.0,
            ..Workload::default()
        },
        // Analysts run it during the working day; a nightly batch of exports at 02:00.
        traffic: Traffic::NightlyBatch { batch_multiplier: 20.0, start_hour_utc: 2.0, duration_h: 1.0 },
        // AWS advises a minimum of 2 ACU for real workloads; analytic queries get a minute.
        aurora: AuroraConfig { readers: 1, min_acu: 2.0, ..AuroraConfig::default() },
        estimates: Estimates { client_timeout_ms: 60_000.0, ..Estimates::default() },
        // Every report reads all the data: how much there will be is the guess.
        uncertainty: guesses(&[(Input::RequestsPerS, 0.5, 2.0), (Input::ItemSizeKb, 0.5, 2.0), (Input::TableSizeGb, 0.5, 3.0)]),
        ..Scenario::default()
    }
}

fn order_inventory() -> Scenario {
    Scenario {
        workload: Workload {
            requests_per_s: 3_000.0,
            read_share: 0.5,
            item_size_kb: 1.0,
            partition_keys: 50_000.0,
            // A bestseller: its stock row takes 38 % of orders, past 500 a second at the
            // evening peak.
            key_skew: 1.5,
            query: QueryKind::Transaction,
            table_size_gb: 30.0,
            ..Workload::default()
        },
        traffic: Traffic::Diurnal { trough_to_peak: 0.2, peak_hour_utc: 19.0 },
        aurora: AuroraConfig { readers: 1, ..AuroraConfig::default() },
        // How much of the orders the bestseller takes (key skew) decides the hot stock row.
        uncertainty: guesses(&[(Input::RequestsPerS, 0.5, 2.0), (Input::KeySkew, -0.3, 0.3), (Input::ItemSizeKb, 0.5, 2.0), (Input::ReadShare, -0.1, 0.1), (Input::TableSizeGb, 0.5, 3.0)]),
        ..Scenario::default()
    }
}

fn flash_sale() -> Scenario {
    Scenario {
        workload: Workload {
            requests_per_s: 1_000.0,
            read_share: 0.8,
            item_size_kb: 2.0,
            partition_keys: 500_000.0,
            key_skew: 0.8,
            table_size_gb: 40.0,
            ..Workload::default()
        },
        traffic: Traffic::Spike { multiplier: 20.0, start_s: HOUR_S, duration_s: 45.0 * 60.0 },
        simulation: SimSettings { duration_s: 3.0 * HOUR_S, step_s: Some(15.0), ..SimSettings::default() },
        dynamodb: DynamoConfig {
            mode: CapacityMode::Provisioned,
            // Sized for the base traffic at the 70 % target: 800 reads × 0.5 RCU, 200 × 2 WCU.
            provisioned_rcu: 600.0,
            provisioned_wcu: 600.0,
            ..DynamoConfig::default()
        },
        aurora: AuroraConfig { readers: 1, ..AuroraConfig::default() },
        // How big the sale is (the base traffic, which the spike multiplies) is the guess.
        uncertainty: guesses(&[(Input::RequestsPerS, 0.5, 2.5), (Input::KeySkew, -0.2, 0.2), (Input::ItemSizeKb, 0.5, 2.0), (Input::ReadShare, -0.1, 0.1), (Input::TableSizeGb, 0.5, 3.0)]),
        ..Scenario::default()
    }
}

fn flash_sale_one_product() -> Scenario {
    Scenario {
        workload: Workload {
            requests_per_s: 200.0,
            read_share: 0.5,
            item_size_kb: 1.0,
            partition_keys: 50_000.0,
            key_skew: 1.0,
            query: QueryKind::Transaction,
            table_size_gb: 20.0,
            // Half of all orders are for the product on sale: its stock row is the hot row.
            hot_item: Some(HotItem { share: Some(0.5), statements_per_transaction: 2.0 }),
            ..Workload::default()
        },
        traffic: Traffic::Spike { multiplier: 10.0, start_s: HOUR_S, duration_s: 30.0 * 60.0 },
        simulation: SimSettings { duration_s: 3.0 * HOUR_S, step_s: Some(15.0), ..SimSettings::default() },
        contenders: vec![Database::Dynamodb, Database::Aurora, Database::Dsql],
        ..Scenario::default()
    }
}

fn spiky_sql_two_regions() -> Scenario {
    Scenario {
        workload: Workload {
            requests_per_s: 5.0,
            read_share: 0.7,
            item_size_kb: 2.0,
            partition_keys: 100_000.0,
            key_skew: 0.8,
            query: QueryKind::Transaction,
            table_size_gb: 5.0,
            ..Workload::default()
        },
        traffic: Traffic::Spike { multiplier: 20.0, start_s: 12.0 * HOUR_S, duration_s: 15.0 * 60.0 },
        dynamodb: DynamoConfig { replica_regions: 1, ..DynamoConfig::default() },
        aurora: AuroraConfig { secondary_regions: 1, ..AuroraConfig::default() },
        regions: Regions { remote_share: 0.5, ..Regions::default() },
        dsql: DsqlConfig { topology: Topology::MultiRegion, ..DsqlConfig::default() },
        contenders: vec![Database::Dynamodb, Database::Aurora, Database::Dsql],
        ..Scenario::default()
    }
}

fn lambda_burst_aurora() -> Scenario {
    Scenario {
        workload: Workload {
            requests_per_s: 2_500.0,
            read_share: 0.8,
            item_size_kb: 1.0,
            partition_keys: 1_000_000.0,
            key_skew: 0.8,
            table_size_gb: 20.0,
            // 300 ms per invocation: 750 connections at the base rate, 3,000 at the peak.
            lambda: Some(LambdaClients { invocation_ms: 300.0, concurrency_limit: 5_000.0 }),
            ..Workload::default()
        },
        traffic: Traffic::Spike { multiplier: 4.0, start_s: HOUR_S, duration_s: 30.0 * 60.0 },
        simulation: SimSettings { duration_s: 3.0 * HOUR_S, step_s: Some(15.0), ..SimSettings::default() },
        // Serverless v2 PostgreSQL with a 0.5 ACU minimum: max_connections is capped at 2,000.
        aurora: AuroraConfig { min_acu: 0.5, max_acu: 64.0, ..AuroraConfig::default() },
        // How big the burst is decides whether connections run out.
        uncertainty: guesses(&[(Input::RequestsPerS, 0.5, 2.0), (Input::KeySkew, -0.2, 0.2), (Input::ItemSizeKb, 0.5, 2.0), (Input::ReadShare, -0.1, 0.1)]),
        ..Scenario::default()
    }
}

fn writer_failover_at_peak() -> Scenario {
    Scenario {
        workload: Workload {
            requests_per_s: 1_000.0,
            read_share: 0.7,
            item_size_kb: 1.0,
            partition_keys: 1_000_000.0,
            key_skew: 0.8,
            table_size_gb: 50.0,
            ..Workload::default()
        },
        // The morning climb to the day's peak, then the peak: the failover hits at 1:15 h.
        traffic: Traffic::Ramp { to_multiplier: 3.0, start_s: 0.0, end_s: HOUR_S },
        simulation: SimSettings { duration_s: 2.0 * HOUR_S, step_s: Some(5.0), ..SimSettings::default() },
        aurora: AuroraConfig { readers: 2, min_acu: 2.0, ..AuroraConfig::default() },
        faults: vec![Fault::AuroraWriterFailover { at_s: 1.25 * HOUR_S }],
        // How long a failover takes is the estimate AWS does not split: its phases are
        // guesses (docs/calibration.md), beside the peak's size.
        uncertainty: guesses(&[(Input::RequestsPerS, 0.5, 2.0), (Input::Estimate("failover_detection_s"), 0.5, 2.0), (Input::Estimate("failover_promotion_s"), 0.5, 2.0), (Input::Estimate("plain_driver_reconnect_s"), 0.5, 1.5)]),
        ..Scenario::default()
    }
}

fn region_outage() -> Scenario {
    Scenario {
        workload: Workload {
            requests_per_s: 3_000.0,
            read_share: 0.8,
            item_size_kb: 1.0,
            partition_keys: 5_000_000.0,
            key_skew: 0.8,
            table_size_gb: 50.0,
            ..Workload::default()
        },
        traffic: Traffic::Steady,
        simulation: SimSettings { duration_s: 3.0 * HOUR_S, step_s: Some(10.0), ..SimSettings::default() },
        // A table replicated to Region B (MREC); a Global Database with its secondary there.
        dynamodb: DynamoConfig { replica_regions: 1, ..DynamoConfig::default() },
        aurora: AuroraConfig { readers: 1, min_acu: 2.0, secondary_regions: 1, ..AuroraConfig::default() },
        regions: Regions { remote_share: 0.3, ..Regions::default() },
        faults: vec![Fault::RegionOutage { at_s: HOUR_S, duration_s: HOUR_S, region: RegionId::A }],
        // How soon clients of the lost Region are sent elsewhere depends on your routing.
        uncertainty: guesses(&[(Input::RequestsPerS, 0.5, 2.0), (Input::Estimate("region_redirect_s"), 0.5, 2.0), (Input::Estimate("aurora_global_promotion_s"), 0.5, 2.0)]),
        ..Scenario::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_valid_and_ids_are_unique() {
        for p in &PRESETS {
            p.scenario().validate().unwrap_or_else(|e| panic!("{}: {e}", p.id));
            assert_eq!(find(p.id).map(|f| f.id), Some(p.id));
        }
    }

    #[test]
    fn the_failure_presets_show_what_their_lessons_say() {
        use crate::model::aurora::config::ClientDriver;
        use crate::model::faults::{failed_write_s, writer_failover_s, FaultPlan};
        use crate::model::regions::Database;
        let mut s = writer_failover_at_peak();
        let peak = s.traffic.rate_at(s.faults[0].at_s(), s.workload.requests_per_s);
        assert_eq!(peak, 3.0 * s.workload.requests_per_s, "the failover is at the peak");
        assert_eq!(writer_failover_s(&s), 70.0);
        s.aurora.client_driver = ClientDriver::AwsWrapper;
        assert_eq!(writer_failover_s(&s), 21.0);
        assert_eq!(failed_write_s(&s, false), 21.0, "the wrapper fails every write until it reconnects");
        s.aurora.access = crate::model::aurora::Access::RdsProxy;
        assert_eq!(writer_failover_s(&s), 25.0);
        assert_eq!(failed_write_s(&s, false), 15.0, "the last 10 s (the client timeout) wait in the proxy");
        s.aurora.access = crate::model::aurora::Access::DataApi;
        assert_eq!(writer_failover_s(&s), 25.0, "the Data API reconnects as RDS Proxy does (estimate)");

        let s = region_outage();
        let impact = &FaultPlan::new(&s).impacts(|_| (2_400.0, 600.0))[0];
        assert!(impact.dynamodb.recover_s < impact.aurora.recover_s, "{impact:?}");
        assert!(impact.dynamodb.writes_lost < impact.aurora.writes_lost, "MREC loses Region A's share, Aurora every Region's");
        assert!(FaultPlan::new(&s).note(0, Database::Aurora).contains("managed failover"));
    }
}
