//! The workload both databases serve: request rate, read/write mix, item size, key
//! popularity (Zipf over distinct partition keys), query type, read consistency and table
//! size. Raw input (sliders, JSON, URL) is checked against [`BOUNDS`]: the CLI rejects an
//! out-of-range value with a message naming the field, the value and the allowed range; the
//! page clamps it and shows the same message.

use serde::{Deserialize, Serialize};

/// What one request does. Reads use the read query type; writes are single-item puts,
/// except for [`QueryKind::Transaction`], where every write is a two-item transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryKind {
    /// Read one item by key (GetItem / `SELECT … WHERE id = ?`).
    PointRead,
    /// Read `items_per_query` items under one partition key (Query / indexed range scan).
    RangeQuery,
    /// An aggregate over `rows_per_report` rows: a DynamoDB Scan vs a SQL join + GROUP BY.
    Report,
    /// Write an order and decrement its product's stock atomically (TransactWriteItems of
    /// two items vs an SQL transaction); reads are point reads.
    Transaction,
}

impl QueryKind {
    pub const ALL: [QueryKind; 4] = [
        QueryKind::PointRead,
        QueryKind::RangeQuery,
        QueryKind::Report,
        QueryKind::Transaction,
    ];

    pub fn id(self) -> &'static str {
        match self {
            QueryKind::PointRead => "point_read",
            QueryKind::RangeQuery => "range_query",
            QueryKind::Report => "report",
            QueryKind::Transaction => "transaction",
        }
    }

    pub fn from_id(id: &str) -> Option<QueryKind> {
        QueryKind::ALL.into_iter().find(|k| k.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            QueryKind::PointRead => "Point read (GetItem)",
            QueryKind::RangeQuery => "Range query (Query of N items)",
            QueryKind::Report => "Report (Scan vs JOIN + GROUP BY)",
            QueryKind::Transaction => "Order + inventory transaction",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consistency {
    Eventual,
    Strong,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Workload {
    /// Requests per second offered by clients (reads + writes).
    pub requests_per_s: f64,
    /// Share of requests that are reads, 0–1.
    pub read_share: f64,
    /// Size of one item (row), KB (1 KB = 1,024 bytes).
    pub item_size_kb: f64,
    /// Distinct partition-key values that traffic is spread over.
    pub partition_keys: f64,
    /// Zipf exponent of key popularity: 0 = uniform, 1 = classic Zipf, 2 = extreme.
    pub key_skew: f64,
    pub query: QueryKind,
    /// Items returned by one range query.
    pub items_per_query: f64,
    /// Rows one report scans.
    pub rows_per_report: f64,
    pub consistency: Consistency,
    /// Data stored, GB.
    pub table_size_gb: f64,
    /// Hot-row contention: how many write transactions touch the single hottest row, and how
    /// long each keeps it ([`crate::model::contention`]). Unset (the default) leaves every
    /// output, share link and golden as before: the key is not written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hot_item: Option<HotItem>,
    /// Lambda-style clients: every concurrent invocation holds its own database connection
    /// ([`LambdaClients`]). Unset (the default): the application keeps a fixed pool
    /// (`aurora.client_connections`); the key is not written, so earlier outputs and links
    /// stay as they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lambda: Option<LambdaClients>,
}

/// Clients that are AWS Lambda functions, one request per invocation. Each execution
/// environment opens its own connection and keeps it while it lives, so the connections
/// open at once are the concurrent invocations: by Little's law, `request rate × invocation
/// duration`, up to the account's concurrency. HTTP databases (DynamoDB, the Data API)
/// have no connection to hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LambdaClients {
    /// How long one invocation runs, database time included, ms.
    pub invocation_ms: f64,
    /// Concurrent executions the account allows in the Region (Lambda's default quota is
    /// 1,000; many accounts raise it). Requests beyond it are throttled by Lambda before
    /// any database sees them.
    pub concurrency_limit: f64,
}

impl Default for LambdaClients {
    fn default() -> Self {
        LambdaClients { invocation_ms: 200.0, concurrency_limit: 1_000.0 }
    }
}

impl LambdaClients {
    /// Invocations running at once at `requests_per_s` (Little's law), capped by the
    /// account's concurrency: each holds one connection.
    pub fn concurrent(&self, requests_per_s: f64) -> f64 {
        let n = requests_per_s.max(0.0) * self.invocation_ms / 1000.0;
        if n.is_finite() {
            n.min(self.concurrency_limit).max(0.0)
        } else {
            0.0
        }
    }

    /// The highest request rate the account's concurrency serves: beyond it Lambda throttles.
    pub fn max_requests_per_s(&self) -> f64 {
        self.concurrency_limit / (self.invocation_ms / 1000.0).max(1e-9)
    }
}

/// The ranges of [`LambdaClients`]' fields, checked (and clamped) only when set.
pub const LAMBDA_BOUNDS: [Bound; 2] = [
    Bound {
        field: "lambda.invocation_ms",
        min: 1.0,
        max: 900_000.0,
        unit: "ms",
        why: "a Lambda invocation runs at most 15 minutes",
    },
    Bound {
        field: "lambda.concurrency_limit",
        min: 1.0,
        max: 1_000_000.0,
        unit: "invocations",
        why: "the account's concurrent executions in the Region",
    },
];

/// The single hottest row (item) that write transactions update, e.g. the stock count of the
/// best-selling product in the order + inventory transaction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HotItem {
    /// Share of write transactions that touch the hottest row, 0–1. Unset: from the key
    /// skew, the Zipf probability of the top key over `partition_keys`
    /// ([`Workload::hot_share`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// Statements a transaction sends before COMMIT, each one client round trip: the row
    /// lock (Aurora) or conflict window (DSQL) lasts this many round trips plus the commit.
    pub statements_per_transaction: f64,
}

impl Default for HotItem {
    fn default() -> Self {
        HotItem { share: None, statements_per_transaction: 2.0 }
    }
}

/// The ranges of [`HotItem`]'s fields, checked (and clamped) only when a hot item is set.
pub const HOT_ITEM_BOUNDS: [Bound; 2] = [
    Bound {
        field: "hot_item.share",
        min: 0.0,
        max: 1.0,
        unit: "",
        why: "a share of write transactions",
    },
    Bound {
        field: "hot_item.statements_per_transaction",
        min: 1.0,
        max: 1_000.0,
        unit: "statements",
        why: "statements one transaction sends before COMMIT",
    },
];

impl Default for Workload {
    fn default() -> Self {
        Workload {
            requests_per_s: 1_000.0,
            read_share: 0.8,
            item_size_kb: 1.0,
            partition_keys: 1_000_000.0,
            key_skew: 0.8,
            query: QueryKind::PointRead,
            items_per_query: 20.0,
            rows_per_report: 1_000_000.0,
            consistency: Consistency::Eventual,
            table_size_gb: 50.0,
            hot_item: None,
            lambda: None,
        }
    }
}

/// The allowed range of one numeric field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bound {
    pub field: &'static str,
    pub min: f64,
    pub max: f64,
    pub unit: &'static str,
    /// Why the limit is what it is (shown in the message).
    pub why: &'static str,
}

/// Every numeric workload field's range, in one place.
pub const BOUNDS: [Bound; 8] = [
    Bound {
        field: "requests_per_s",
        min: 0.001,
        max: 10_000_000.0,
        unit: "req/s",
        why: "from one request every 17 minutes to 10 million a second",
    },
    Bound {
        field: "read_share",
        min: 0.0,
        max: 1.0,
        unit: "",
        why: "a share of requests",
    },
    Bound {
        field: "item_size_kb",
        min: 0.1,
        max: 400.0,
        unit: "KB",
        why: "DynamoDB's maximum item size is 400 KB",
    },
    Bound {
        field: "partition_keys",
        min: 1.0,
        max: 1e12,
        unit: "keys",
        why: "at least one key",
    },
    Bound {
        field: "key_skew",
        min: 0.0,
        max: 2.0,
        unit: "",
        why: "Zipf exponent from uniform (0) to extreme (2)",
    },
    Bound {
        field: "items_per_query",
        min: 1.0,
        max: 100_000.0,
        unit: "items",
        why: "items one query returns",
    },
    Bound {
        field: "rows_per_report",
        min: 1.0,
        max: 1e10,
        unit: "rows",
        why: "rows one report reads",
    },
    Bound {
        field: "table_size_gb",
        min: 0.001,
        max: 1_000_000.0,
        unit: "GB",
        why: "from 1 MB to 1 PB",
    },
];

/// A value outside its allowed range, or not a number.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub field: String,
    pub value: f64,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl Bound {
    fn check(&self, value: f64) -> Result<(), FieldError> {
        if value.is_finite() && value >= self.min && value <= self.max {
            return Ok(());
        }
        Err(FieldError {
            field: self.field.to_string(),
            value,
            message: format!(
                "{} = {} is outside the allowed range {} to {} {} ({})",
                self.field,
                crate::model::input::shown(value),
                self.min,
                self.max,
                self.unit,
                self.why
            )
            .replace("  (", " ("),
        })
    }

    /// The nearest allowed value (NaN becomes the minimum).
    pub fn clamp(&self, value: f64) -> f64 {
        if value.is_nan() {
            self.min
        } else {
            value.clamp(self.min, self.max)
        }
    }
}

impl Workload {
    fn field_mut(&mut self, field: &str) -> &mut f64 {
        match field {
            "requests_per_s" => &mut self.requests_per_s,
            "read_share" => &mut self.read_share,
            "item_size_kb" => &mut self.item_size_kb,
            "partition_keys" => &mut self.partition_keys,
            "key_skew" => &mut self.key_skew,
            "items_per_query" => &mut self.items_per_query,
            "rows_per_report" => &mut self.rows_per_report,
            "table_size_gb" => &mut self.table_size_gb,
            other => unreachable!("BOUNDS names only Workload fields, not {other}"),
        }
    }

    /// The optional parts' numeric fields that are set: the hot item's by their
    /// [`HOT_ITEM_BOUNDS`] name, then the Lambda clients' by their [`LAMBDA_BOUNDS`] name.
    fn optional_fields_mut(&mut self) -> Vec<(&'static Bound, &mut f64)> {
        let mut out: Vec<(&'static Bound, &mut f64)> = Vec::new();
        if let Some(hot) = self.hot_item.as_mut() {
            if let Some(share) = hot.share.as_mut() {
                out.push((&HOT_ITEM_BOUNDS[0], share));
            }
            out.push((&HOT_ITEM_BOUNDS[1], &mut hot.statements_per_transaction));
        }
        if let Some(l) = self.lambda.as_mut() {
            out.push((&LAMBDA_BOUNDS[0], &mut l.invocation_ms));
            out.push((&LAMBDA_BOUNDS[1], &mut l.concurrency_limit));
        }
        out
    }

    /// All field errors, in [`BOUNDS`] order, then [`HOT_ITEM_BOUNDS`], then
    /// [`LAMBDA_BOUNDS`] (empty when valid).
    pub fn errors(&self) -> Vec<FieldError> {
        let mut copy = self.clone();
        let mut errors: Vec<FieldError> = BOUNDS
            .iter()
            .filter_map(|b| b.check(*copy.field_mut(b.field)).err())
            .collect();
        errors.extend(copy.optional_fields_mut().into_iter().filter_map(|(b, v)| b.check(*v).err()));
        errors
    }

    /// Reject the first out-of-range field.
    pub fn validate(&self) -> Result<(), FieldError> {
        match self.errors().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Bring every field into range, returning what was changed and why.
    pub fn clamp(&mut self) -> Vec<FieldError> {
        let errors = self.errors();
        for b in BOUNDS.iter() {
            let v = self.field_mut(b.field);
            *v = b.clamp(*v);
        }
        for (b, v) in self.optional_fields_mut() {
            *v = b.clamp(*v);
        }
        errors
    }

    /// Share of write transactions that touch the single hottest row: the hot item's share
    /// when set, otherwise the top key's Zipf probability over `partition_keys` at
    /// `key_skew` (also when no hot item is set). Always in 0–1.
    pub fn hot_share(&self) -> f64 {
        let given = self.hot_item.as_ref().and_then(|h| h.share);
        let share = match given {
            Some(s) => s,
            None => crate::model::zipf::Zipf::new(self.partition_keys, self.key_skew).hottest_share(),
        };
        if share.is_finite() {
            share.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// Write transactions per second that touch the hottest row.
    pub fn hot_writes_per_s(&self) -> f64 {
        let rate = self.writes_per_s() * self.hot_share();
        if rate.is_finite() {
            rate.max(0.0)
        } else {
            0.0
        }
    }

    /// Statements per transaction before COMMIT (the hot item's, or its default of 2).
    pub fn statements_per_transaction(&self) -> f64 {
        self.hot_item.clone().unwrap_or_default().statements_per_transaction
    }

    pub fn reads_per_s(&self) -> f64 {
        self.requests_per_s * self.read_share
    }

    pub fn writes_per_s(&self) -> f64 {
        self.requests_per_s * (1.0 - self.read_share)
    }

    /// Item size in whole bytes (AWS rounds sizes in bytes, so rounding is done on integers).
    pub fn item_bytes(&self) -> u64 {
        (self.item_size_kb * 1024.0).round().max(1.0) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_value_names_field_value_and_range() {
        let w = Workload {
            requests_per_s: 2e7,
            ..Workload::default()
        };
        let e = w.validate().unwrap_err();
        assert_eq!(e.field, "requests_per_s");
        assert!(e.message.contains("20000000"), "{}", e.message);
        assert!(
            e.message.contains("0.001 to 10000000 req/s"),
            "{}",
            e.message
        );
    }

    #[test]
    fn clamp_fixes_nan_and_reports_it() {
        let mut w = Workload {
            item_size_kb: f64::NAN,
            read_share: 1.5,
            ..Workload::default()
        };
        let changed = w.clamp();
        assert_eq!(changed.len(), 2);
        assert_eq!(w.read_share, 1.0);
        assert_eq!(w.item_size_kb, 0.1);
        assert!(w.validate().is_ok());
    }

    #[test]
    fn query_ids_round_trip() {
        for k in QueryKind::ALL {
            assert_eq!(QueryKind::from_id(k.id()), Some(k));
        }
    }
}
