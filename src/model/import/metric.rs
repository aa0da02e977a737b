//! The CloudWatch metrics an import reads, the statistics it accepts for each, and the unit
//! each is kept in.
//!
//! Names and meanings are AWS's: the DynamoDB metrics from "DynamoDB Metrics and
//! dimensions" (docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html)
//! and "CloudWatch throttling metrics" (…/TroubleshootingThrottling-cloudwatch.html); the
//! Aurora ones from "Amazon CloudWatch metrics for Amazon Aurora"
//! (docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.AuroraMonitoring.Metrics.html).
//! The conventions that matter here:
//!
//! * DynamoDB's counts (consumed capacity, throttle events) are `Sum`s per period: the
//!   `Sum` of `ConsumedReadCapacityUnits` over 60 s ÷ 60 is RCU per second (AWS's own
//!   example). Their `Average` is per request (units per request), not per second, so it
//!   is refused; `SampleCount` of consumed capacity is the number of requests.
//! * DynamoDB publishes a metric only for periods where it is non-zero ("DynamoDB only sends
//!   metrics to CloudWatch when they have a non-zero value", CloudWatch User Guide, Amazon
//!   DynamoDB Metrics and Dimensions,
//!   docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/dynamo-metricscollected.html):
//!   a missing period of a DynamoDB count is zero.
//! * Aurora's `CommitThroughput`, `SelectThroughput` and `Queries` are already per second
//!   ("the average number of … per second"): their `Average` is the rate.
//!   `ServerlessDatabaseCapacity` is ACU, `ACUUtilization` and `CPUUtilization` percent,
//!   `DatabaseConnections` a count of connections: gauges, read as `Average`, `Maximum` or
//!   `Minimum`.
//!
//! Kept units: capacity consumed in units per second, throttle events per minute (as
//! CloudWatch's graphs and the engine's `read_throttle_events_per_min` count them),
//! everything else as published.

use serde::{Deserialize, Serialize};

/// A CloudWatch metric this import understands (named exactly as CloudWatch names it).
#[allow(clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Metric {
    ConsumedReadCapacityUnits,
    ConsumedWriteCapacityUnits,
    ReadThrottleEvents,
    WriteThrottleEvents,
    ThrottledRequests,
    ReadProvisionedThroughputThrottleEvents,
    WriteProvisionedThroughputThrottleEvents,
    ReadKeyRangeThroughputThrottleEvents,
    WriteKeyRangeThroughputThrottleEvents,
    ReadAccountLimitThrottleEvents,
    WriteAccountLimitThrottleEvents,
    ReadMaxOnDemandThroughputThrottleEvents,
    WriteMaxOnDemandThroughputThrottleEvents,
    ProvisionedReadCapacityUnits,
    ProvisionedWriteCapacityUnits,
    ServerlessDatabaseCapacity,
    ACUUtilization,
    CPUUtilization,
    DatabaseConnections,
    CommitThroughput,
    SelectThroughput,
    Queries,
}

/// A CloudWatch statistic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Statistic {
    Sum,
    Average,
    Maximum,
    Minimum,
    SampleCount,
}

/// The unit a recorded series is kept in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordedUnit {
    /// Capacity units consumed per second (a `Sum` per period ÷ the period).
    UnitsPerS,
    /// Requests per second (`SampleCount` of consumed capacity ÷ the period).
    RequestsPerS,
    /// Throttle events per minute (a `Sum` per period ÷ the period's minutes).
    EventsPerMin,
    /// Provisioned capacity units (RCU or WCU).
    CapacityUnits,
    /// Aurora capacity units.
    Acu,
    /// A percentage, 0 to 100.
    Percent,
    /// Open connections.
    Connections,
    /// Operations per second, as Aurora publishes them.
    PerS,
}

/// How a metric's values behave over time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A DynamoDB count per period (consumed capacity, throttle events): `Sum`; a missing
    /// period is zero.
    Count,
    /// A level (capacity, utilisation, connections): `Average`, `Maximum`, `Minimum`.
    Gauge,
    /// An Aurora rate already per second.
    Rate,
}

pub const ALL_METRICS: [Metric; 22] = [
    Metric::ConsumedReadCapacityUnits,
    Metric::ConsumedWriteCapacityUnits,
    Metric::ReadThrottleEvents,
    Metric::WriteThrottleEvents,
    Metric::ThrottledRequests,
    Metric::ReadProvisionedThroughputThrottleEvents,
    Metric::WriteProvisionedThroughputThrottleEvents,
    Metric::ReadKeyRangeThroughputThrottleEvents,
    Metric::WriteKeyRangeThroughputThrottleEvents,
    Metric::ReadAccountLimitThrottleEvents,
    Metric::WriteAccountLimitThrottleEvents,
    Metric::ReadMaxOnDemandThroughputThrottleEvents,
    Metric::WriteMaxOnDemandThroughputThrottleEvents,
    Metric::ProvisionedReadCapacityUnits,
    Metric::ProvisionedWriteCapacityUnits,
    Metric::ServerlessDatabaseCapacity,
    Metric::ACUUtilization,
    Metric::CPUUtilization,
    Metric::DatabaseConnections,
    Metric::CommitThroughput,
    Metric::SelectThroughput,
    Metric::Queries,
];

impl Metric {
    /// CloudWatch's name for it.
    pub fn name(self) -> &'static str {
        match self {
            Metric::ConsumedReadCapacityUnits => "ConsumedReadCapacityUnits",
            Metric::ConsumedWriteCapacityUnits => "ConsumedWriteCapacityUnits",
            Metric::ReadThrottleEvents => "ReadThrottleEvents",
            Metric::WriteThrottleEvents => "WriteThrottleEvents",
            Metric::ThrottledRequests => "ThrottledRequests",
            Metric::ReadProvisionedThroughputThrottleEvents => "ReadProvisionedThroughputThrottleEvents",
            Metric::WriteProvisionedThroughputThrottleEvents => "WriteProvisionedThroughputThrottleEvents",
            Metric::ReadKeyRangeThroughputThrottleEvents => "ReadKeyRangeThroughputThrottleEvents",
            Metric::WriteKeyRangeThroughputThrottleEvents => "WriteKeyRangeThroughputThrottleEvents",
            Metric::ReadAccountLimitThrottleEvents => "ReadAccountLimitThrottleEvents",
            Metric::WriteAccountLimitThrottleEvents => "WriteAccountLimitThrottleEvents",
            Metric::ReadMaxOnDemandThroughputThrottleEvents => "ReadMaxOnDemandThroughputThrottleEvents",
            Metric::WriteMaxOnDemandThroughputThrottleEvents => "WriteMaxOnDemandThroughputThrottleEvents",
            Metric::ProvisionedReadCapacityUnits => "ProvisionedReadCapacityUnits",
            Metric::ProvisionedWriteCapacityUnits => "ProvisionedWriteCapacityUnits",
            Metric::ServerlessDatabaseCapacity => "ServerlessDatabaseCapacity",
            Metric::ACUUtilization => "ACUUtilization",
            Metric::CPUUtilization => "CPUUtilization",
            Metric::DatabaseConnections => "DatabaseConnections",
            Metric::CommitThroughput => "CommitThroughput",
            Metric::SelectThroughput => "SelectThroughput",
            Metric::Queries => "Queries",
        }
    }

    pub(crate) fn kind(self) -> Kind {
        match self {
            Metric::ProvisionedReadCapacityUnits
            | Metric::ProvisionedWriteCapacityUnits
            | Metric::ServerlessDatabaseCapacity
            | Metric::ACUUtilization
            | Metric::CPUUtilization
            | Metric::DatabaseConnections => Kind::Gauge,
            Metric::CommitThroughput | Metric::SelectThroughput | Metric::Queries => Kind::Rate,
            _ => Kind::Count,
        }
    }

    /// Whether it is a DynamoDB metric (else Aurora's).
    pub fn is_dynamodb(self) -> bool {
        !matches!(self.kind(), Kind::Rate) && !self.is_aurora_gauge()
    }

    fn is_aurora_gauge(self) -> bool {
        matches!(self, Metric::ServerlessDatabaseCapacity | Metric::ACUUtilization | Metric::CPUUtilization | Metric::DatabaseConnections)
    }

    /// Whether it counts throttle events (kept per minute).
    pub fn is_throttle(self) -> bool {
        self.kind() == Kind::Count && !matches!(self, Metric::ConsumedReadCapacityUnits | Metric::ConsumedWriteCapacityUnits)
    }

    /// The statistic CloudWatch users ask for when they name none: `Sum` for DynamoDB's
    /// counts, `Average` for the rest.
    pub fn usual_statistic(self) -> Statistic {
        match self.kind() {
            Kind::Count => Statistic::Sum,
            Kind::Gauge | Kind::Rate => Statistic::Average,
        }
    }

    /// The unit the series is kept in for `statistic`, or why that statistic cannot be used.
    pub fn unit_for(self, statistic: Statistic) -> Result<RecordedUnit, String> {
        use Statistic::*;
        let name = self.name();
        match (self.kind(), statistic) {
            (Kind::Count, Sum) if self.is_throttle() => Ok(RecordedUnit::EventsPerMin),
            (Kind::Count, Sum) => Ok(RecordedUnit::UnitsPerS),
            (Kind::Count, SampleCount) if !self.is_throttle() => Ok(RecordedUnit::RequestsPerS),
            (Kind::Count, Average | Maximum | Minimum) if !self.is_throttle() => Err(format!(
                "the {} of {name} is capacity per request, not per second: export Sum (or SampleCount, the number of requests)",
                statistic.name()
            )),
            (Kind::Count, _) => Err(format!("{name} is a count of events: export its Sum per period")),
            (Kind::Gauge | Kind::Rate, Sum | SampleCount) => Err(format!(
                "the {} of {name} depends on how many samples CloudWatch holds per period: export Average (or Maximum, Minimum)",
                statistic.name()
            )),
            (Kind::Gauge, _) => Ok(match self {
                Metric::ProvisionedReadCapacityUnits | Metric::ProvisionedWriteCapacityUnits => RecordedUnit::CapacityUnits,
                Metric::ServerlessDatabaseCapacity => RecordedUnit::Acu,
                Metric::DatabaseConnections => RecordedUnit::Connections,
                _ => RecordedUnit::Percent,
            }),
            (Kind::Rate, _) => Ok(RecordedUnit::PerS),
        }
    }

    /// A published value over a period of `period_s`, in the kept unit.
    pub(crate) fn normalised(self, statistic: Statistic, value: f64, period_s: f64) -> f64 {
        match self.unit_for(statistic) {
            Ok(RecordedUnit::EventsPerMin) => value * 60.0 / period_s,
            Ok(RecordedUnit::UnitsPerS | RecordedUnit::RequestsPerS) => value / period_s,
            _ => value,
        }
    }

    /// Which metric a label or id names: CloudWatch's name anywhere in it, ignoring case
    /// and punctuation (`ConsumedReadCapacityUnits`, `consumed_read_capacity_units`,
    /// `Sum of ConsumedReadCapacityUnits (my-table)`), the longest name winning.
    pub fn find_in(text: &str) -> Option<Metric> {
        let squashed = squash(text);
        ALL_METRICS
            .iter()
            .filter(|m| squashed.contains(&squash(m.name())))
            .max_by_key(|m| m.name().len())
            .copied()
    }
}

impl Statistic {
    pub fn name(self) -> &'static str {
        match self {
            Statistic::Sum => "Sum",
            Statistic::Average => "Average",
            Statistic::Maximum => "Maximum",
            Statistic::Minimum => "Minimum",
            Statistic::SampleCount => "SampleCount",
        }
    }

    /// A statistic named as a word of `text` (`Sum`, `Average`/`Avg`, `Maximum`/`Max`,
    /// `Minimum`/`Min`, `SampleCount`), any case; `Err` with the word for a percentile or
    /// other statistic this import cannot use (`p99`, `tm90`).
    pub fn find_in(text: &str) -> Result<Option<Statistic>, String> {
        let mut found = None;
        for word in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
            let lower = word.to_ascii_lowercase();
            let stat = match lower.as_str() {
                "sum" => Some(Statistic::Sum),
                "average" | "avg" | "mean" => Some(Statistic::Average),
                "maximum" | "max" => Some(Statistic::Maximum),
                "minimum" | "min" => Some(Statistic::Minimum),
                "samplecount" => Some(Statistic::SampleCount),
                _ => None,
            };
            let percentile = lower.len() > 1
                && ["p", "tm", "wm", "tc", "ts", "pr"].iter().any(|p| {
                    lower.strip_prefix(p).is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
                });
            if percentile {
                return Err(format!("the statistic {word} is a percentile: export Sum for counts, Average for the rest"));
            }
            if stat.is_some() && found.is_none() {
                found = stat;
            }
        }
        Ok(found)
    }
}

impl RecordedUnit {
    /// How a value in this unit reads: `"events/min"`.
    pub fn label(self) -> &'static str {
        match self {
            RecordedUnit::UnitsPerS => "units/s",
            RecordedUnit::RequestsPerS => "req/s",
            RecordedUnit::EventsPerMin => "events/min",
            RecordedUnit::CapacityUnits => "units",
            RecordedUnit::Acu => "ACU",
            RecordedUnit::Percent => "%",
            RecordedUnit::Connections => "connections",
            RecordedUnit::PerS => "/s",
        }
    }
}

/// Lower case, letters and digits only.
fn squash(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_ids_name_metrics() {
        assert_eq!(Metric::find_in("ConsumedReadCapacityUnits"), Some(Metric::ConsumedReadCapacityUnits));
        assert_eq!(Metric::find_in("consumed_read_capacity_units"), Some(Metric::ConsumedReadCapacityUnits));
        assert_eq!(Metric::find_in("orders ReadThrottleEvents Sum"), Some(Metric::ReadThrottleEvents));
        assert_eq!(
            Metric::find_in("ReadKeyRangeThroughputThrottleEvents"),
            Some(Metric::ReadKeyRangeThroughputThrottleEvents)
        );
        assert_eq!(Metric::find_in("ACUUtilization"), Some(Metric::ACUUtilization));
        assert_eq!(Metric::find_in("CPUUtilization (writer)"), Some(Metric::CPUUtilization));
        assert_eq!(Metric::find_in("m1"), None);
        for m in ALL_METRICS {
            assert_eq!(Metric::find_in(m.name()), Some(m));
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.name()));
        }
    }

    #[test]
    fn statistics_come_from_words() {
        assert_eq!(Statistic::find_in("ConsumedReadCapacityUnits Sum"), Ok(Some(Statistic::Sum)));
        assert_eq!(Statistic::find_in("Average of ServerlessDatabaseCapacity"), Ok(Some(Statistic::Average)));
        assert_eq!(Statistic::find_in("acu (max)"), Ok(Some(Statistic::Maximum)));
        assert_eq!(Statistic::find_in("ConsumedReadCapacityUnits"), Ok(None));
        assert!(Statistic::find_in("latency p99").is_err());
    }

    #[test]
    fn units_and_refusals() {
        use Statistic::*;
        assert_eq!(Metric::ConsumedReadCapacityUnits.unit_for(Sum), Ok(RecordedUnit::UnitsPerS));
        assert_eq!(Metric::ConsumedReadCapacityUnits.unit_for(SampleCount), Ok(RecordedUnit::RequestsPerS));
        assert!(Metric::ConsumedReadCapacityUnits.unit_for(Average).unwrap_err().contains("per request"));
        assert_eq!(Metric::ReadThrottleEvents.unit_for(Sum), Ok(RecordedUnit::EventsPerMin));
        assert!(Metric::ReadThrottleEvents.unit_for(Average).is_err());
        assert_eq!(Metric::ServerlessDatabaseCapacity.unit_for(Maximum), Ok(RecordedUnit::Acu));
        assert!(Metric::CommitThroughput.unit_for(Sum).unwrap_err().contains("Average"));
        // Sum over 300 s → per second and per minute.
        assert_eq!(Metric::ConsumedReadCapacityUnits.normalised(Sum, 30_000.0, 300.0), 100.0);
        assert_eq!(Metric::ReadThrottleEvents.normalised(Sum, 500.0, 300.0), 100.0);
        assert_eq!(Metric::CommitThroughput.normalised(Average, 42.0, 300.0), 42.0);
        assert!(Metric::ConsumedReadCapacityUnits.is_dynamodb() && !Metric::Queries.is_dynamodb());
        assert!(!Metric::ServerlessDatabaseCapacity.is_dynamodb());
    }
}
