//! Prices are data, not code: the default table is `assets/prices.json` (us-east-1, each
//! price with its unit, evidence grade and source), embedded at build time and editable by
//! the user. No price appears anywhere else in the code.

use crate::model::facts::Grade;
use crate::model::input::{self, shown};
use serde::{Deserialize, Serialize};

/// The largest price accepted, USD (per unit, hour or GB-month). Any real price is far
/// below; the bound keeps every cost finite: at 10^308 a month's cost overflows to
/// infinity (and a chart's axis with it).
pub const PRICE_MAX_USD: f64 = 1e6;

const DEFAULT_PRICES_JSON: &str = include_str!("../../assets/prices.json");

/// One price with where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    pub value: f64,
    pub unit: String,
    pub grade: Grade,
    pub source: String,
}

/// Every price the model uses, USD.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceTable {
    pub ddb_on_demand_read_per_million: Price,
    pub ddb_on_demand_write_per_million: Price,
    pub ddb_provisioned_rcu_hour: Price,
    pub ddb_provisioned_wcu_hour: Price,
    pub ddb_storage_gb_month: Price,
    pub ddb_ia_on_demand_read_per_million: Price,
    pub ddb_ia_on_demand_write_per_million: Price,
    pub ddb_ia_provisioned_rcu_hour: Price,
    pub ddb_ia_provisioned_wcu_hour: Price,
    pub ddb_ia_storage_gb_month: Price,
    pub ddb_dax_node_hour: Price,
    pub aurora_acu_hour: Price,
    pub aurora_io_optimized_acu_hour: Price,
    pub aurora_storage_gb_month: Price,
    pub aurora_io_optimized_storage_gb_month: Price,
    pub aurora_io_per_million: Price,
    pub aurora_r6g_vcpu_hour: Price,
    pub aurora_r7g_vcpu_hour: Price,
    pub aurora_t_class_vcpu_hour: Price,
    pub aurora_rds_proxy_unit_hour: Price,
    pub elasticache_node_hour: Price,
    /// Data sent from one Region to another (global-table and Global Database replication,
    /// clients reaching a database in another Region). Added after the first scenario
    /// files were written, so a price table without it takes the embedded value.
    #[serde(default = "embedded_cross_region_transfer")]
    pub cross_region_transfer_gb: Price,
    // ---- Aurora DSQL (facts addendum 2026-12, §1). Added after scenario files, share
    // links and saved pages existed: a table without them takes the embedded values, and
    // an entry equal to the embedded one is not written, so every earlier output stays
    // byte for byte the same. ----
    /// Per million DPU of any kind (read, write, compute, multi-Region write).
    #[serde(default = "embedded_dsql_dpu", skip_serializing_if = "is_embedded_dsql_dpu")]
    pub dsql_dpu_per_million: Price,
    /// Per GB-month, in each Region holding data.
    #[serde(default = "embedded_dsql_storage", skip_serializing_if = "is_embedded_dsql_storage")]
    pub dsql_storage_gb_month: Price,
    /// RDS Data API, per million requests (added with the Data API: embedded when absent,
    /// not written when equal to it).
    #[serde(default = "embedded_data_api", skip_serializing_if = "is_embedded_data_api")]
    pub aurora_data_api_per_million: Price,
    // ---- 1-year, no-upfront Database Savings Plans (facts addendum 2026-12, §2): the share
    // off the on-demand rate of each database's eligible spend. Fractions, not dollars; added
    // later, so embedded when absent and not written when equal. ----
    #[serde(default = "embedded::savings_plan_aurora_serverless_off", skip_serializing_if = "is_embedded::savings_plan_aurora_serverless_off")]
    pub savings_plan_aurora_serverless_off: Price,
    #[serde(default = "embedded::savings_plan_aurora_instance_off", skip_serializing_if = "is_embedded::savings_plan_aurora_instance_off")]
    pub savings_plan_aurora_instance_off: Price,
    #[serde(default = "embedded::savings_plan_dynamodb_on_demand_off", skip_serializing_if = "is_embedded::savings_plan_dynamodb_on_demand_off")]
    pub savings_plan_dynamodb_on_demand_off: Price,
    #[serde(default = "embedded::savings_plan_dynamodb_provisioned_off", skip_serializing_if = "is_embedded::savings_plan_dynamodb_provisioned_off")]
    pub savings_plan_dynamodb_provisioned_off: Price,
    #[serde(default = "embedded::savings_plan_dsql_off", skip_serializing_if = "is_embedded::savings_plan_dsql_off")]
    pub savings_plan_dsql_off: Price,
    // ---- DynamoDB reserved capacity (facts addendum 2026-12, §2): per block of 100 units,
    // an upfront fee and an hourly fee for the term. ----
    #[serde(default = "embedded::ddb_reserved_1y_wcu_100_upfront", skip_serializing_if = "is_embedded::ddb_reserved_1y_wcu_100_upfront")]
    pub ddb_reserved_1y_wcu_100_upfront: Price,
    #[serde(default = "embedded::ddb_reserved_1y_wcu_100_hour", skip_serializing_if = "is_embedded::ddb_reserved_1y_wcu_100_hour")]
    pub ddb_reserved_1y_wcu_100_hour: Price,
    #[serde(default = "embedded::ddb_reserved_1y_rcu_100_upfront", skip_serializing_if = "is_embedded::ddb_reserved_1y_rcu_100_upfront")]
    pub ddb_reserved_1y_rcu_100_upfront: Price,
    #[serde(default = "embedded::ddb_reserved_1y_rcu_100_hour", skip_serializing_if = "is_embedded::ddb_reserved_1y_rcu_100_hour")]
    pub ddb_reserved_1y_rcu_100_hour: Price,
    #[serde(default = "embedded::ddb_reserved_3y_wcu_100_upfront", skip_serializing_if = "is_embedded::ddb_reserved_3y_wcu_100_upfront")]
    pub ddb_reserved_3y_wcu_100_upfront: Price,
    #[serde(default = "embedded::ddb_reserved_3y_wcu_100_hour", skip_serializing_if = "is_embedded::ddb_reserved_3y_wcu_100_hour")]
    pub ddb_reserved_3y_wcu_100_hour: Price,
    #[serde(default = "embedded::ddb_reserved_3y_rcu_100_upfront", skip_serializing_if = "is_embedded::ddb_reserved_3y_rcu_100_upfront")]
    pub ddb_reserved_3y_rcu_100_upfront: Price,
    #[serde(default = "embedded::ddb_reserved_3y_rcu_100_hour", skip_serializing_if = "is_embedded::ddb_reserved_3y_rcu_100_hour")]
    pub ddb_reserved_3y_rcu_100_hour: Price,
    // ---- Aurora Reserved Instances for provisioned instances (facts addendum 2026-12, §2):
    // the share off the instance-hours. ----
    #[serde(default = "embedded::aurora_ri_1y_no_upfront_off", skip_serializing_if = "is_embedded::aurora_ri_1y_no_upfront_off")]
    pub aurora_ri_1y_no_upfront_off: Price,
    #[serde(default = "embedded::aurora_ri_1y_all_upfront_off", skip_serializing_if = "is_embedded::aurora_ri_1y_all_upfront_off")]
    pub aurora_ri_1y_all_upfront_off: Price,
    #[serde(default = "embedded::aurora_ri_3y_all_upfront_off", skip_serializing_if = "is_embedded::aurora_ri_3y_all_upfront_off")]
    pub aurora_ri_3y_all_upfront_off: Price,
    // ---- The rest of the bill (issue 18, item 2): backups and data transfer. ----
    #[serde(default = "embedded::ddb_pitr_gb_month", skip_serializing_if = "is_embedded::ddb_pitr_gb_month")]
    pub ddb_pitr_gb_month: Price,
    #[serde(default = "embedded::aurora_backup_gb_month", skip_serializing_if = "is_embedded::aurora_backup_gb_month")]
    pub aurora_backup_gb_month: Price,
    #[serde(default = "embedded::cross_az_transfer_gb", skip_serializing_if = "is_embedded::cross_az_transfer_gb")]
    pub cross_az_transfer_gb: Price,
    #[serde(default = "embedded::internet_transfer_out_gb", skip_serializing_if = "is_embedded::internet_transfer_out_gb")]
    pub internet_transfer_out_gb: Price,
}

/// For entries added after tables were saved: `embedded::<id>()` is the embedded entry
/// (the default when a table lacks it), `is_embedded::<id>(p)` whether `p` equals it (then
/// it is not written, so earlier outputs stay byte for byte the same).
macro_rules! added_later {
    ($($id:ident),* $(,)?) => {
        mod embedded {
            use super::{embedded, Price};
            $(pub fn $id() -> Price { embedded().$id.clone() })*
        }
        mod is_embedded {
            use super::{embedded, Price};
            $(pub fn $id(p: &Price) -> bool { *p == embedded().$id })*
        }
    };
}
added_later!(
    savings_plan_aurora_serverless_off,
    savings_plan_aurora_instance_off,
    savings_plan_dynamodb_on_demand_off,
    savings_plan_dynamodb_provisioned_off,
    savings_plan_dsql_off,
    ddb_reserved_1y_wcu_100_upfront,
    ddb_reserved_1y_wcu_100_hour,
    ddb_reserved_1y_rcu_100_upfront,
    ddb_reserved_1y_rcu_100_hour,
    ddb_reserved_3y_wcu_100_upfront,
    ddb_reserved_3y_wcu_100_hour,
    ddb_reserved_3y_rcu_100_upfront,
    ddb_reserved_3y_rcu_100_hour,
    aurora_ri_1y_no_upfront_off,
    aurora_ri_1y_all_upfront_off,
    aurora_ri_3y_all_upfront_off,
    ddb_pitr_gb_month,
    aurora_backup_gb_month,
    cross_az_transfer_gb,
    internet_transfer_out_gb,
);

/// Entries that are a share off a rate, not dollars (their ids end so): at most
/// [`MAX_DISCOUNT`].
const FRACTION_SUFFIX: &str = "_off";
/// The largest share off a rate accepted (no commitment takes more).
pub const MAX_DISCOUNT: f64 = 0.9;

/// The largest value price `id` accepts: [`MAX_DISCOUNT`] for a discount, else
/// [`PRICE_MAX_USD`].
pub fn max_value(id: &str) -> f64 {
    if id.ends_with(FRACTION_SUFFIX) {
        MAX_DISCOUNT
    } else {
        PRICE_MAX_USD
    }
}

/// The embedded file always has the entry, so this does not recurse.
fn embedded_cross_region_transfer() -> Price {
    PriceTable::default().cross_region_transfer_gb
}

/// The embedded DSQL entries (the file always has them, so these do not recurse).
fn embedded_dsql_dpu() -> Price {
    PriceTable::default().dsql_dpu_per_million
}
fn embedded_dsql_storage() -> Price {
    PriceTable::default().dsql_storage_gb_month
}
/// The embedded table, parsed once (serialising asks for it on every share link).
fn embedded() -> &'static PriceTable {
    static EMBEDDED: std::sync::OnceLock<PriceTable> = std::sync::OnceLock::new();
    EMBEDDED.get_or_init(PriceTable::default)
}
fn embedded_data_api() -> Price {
    PriceTable::default().aurora_data_api_per_million
}
fn is_embedded_data_api(p: &Price) -> bool {
    *p == embedded().aurora_data_api_per_million
}
fn is_embedded_dsql_dpu(p: &Price) -> bool {
    *p == embedded().dsql_dpu_per_million
}
fn is_embedded_dsql_storage(p: &Price) -> bool {
    *p == embedded().dsql_storage_gb_month
}

#[derive(Deserialize)]
struct PriceFile {
    prices: PriceTable,
}

impl PriceTable {
    /// Parse a price file (the shape of `assets/prices.json`) and check every value.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let file: PriceFile = input::parse_json(text)
            .and_then(input::from_value)
            .map_err(|e| format!("price table: {e}"))?;
        file.prices.validate()?;
        Ok(file.prices)
    }

    /// `(id, price)` for every entry, in file order.
    pub fn entries(&self) -> Vec<(&'static str, &Price)> {
        vec![
            (
                "ddb_on_demand_read_per_million",
                &self.ddb_on_demand_read_per_million,
            ),
            (
                "ddb_on_demand_write_per_million",
                &self.ddb_on_demand_write_per_million,
            ),
            ("ddb_provisioned_rcu_hour", &self.ddb_provisioned_rcu_hour),
            ("ddb_provisioned_wcu_hour", &self.ddb_provisioned_wcu_hour),
            ("ddb_storage_gb_month", &self.ddb_storage_gb_month),
            (
                "ddb_ia_on_demand_read_per_million",
                &self.ddb_ia_on_demand_read_per_million,
            ),
            (
                "ddb_ia_on_demand_write_per_million",
                &self.ddb_ia_on_demand_write_per_million,
            ),
            (
                "ddb_ia_provisioned_rcu_hour",
                &self.ddb_ia_provisioned_rcu_hour,
            ),
            (
                "ddb_ia_provisioned_wcu_hour",
                &self.ddb_ia_provisioned_wcu_hour,
            ),
            ("ddb_ia_storage_gb_month", &self.ddb_ia_storage_gb_month),
            ("ddb_dax_node_hour", &self.ddb_dax_node_hour),
            ("aurora_acu_hour", &self.aurora_acu_hour),
            (
                "aurora_io_optimized_acu_hour",
                &self.aurora_io_optimized_acu_hour,
            ),
            ("aurora_storage_gb_month", &self.aurora_storage_gb_month),
            (
                "aurora_io_optimized_storage_gb_month",
                &self.aurora_io_optimized_storage_gb_month,
            ),
            ("aurora_io_per_million", &self.aurora_io_per_million),
            ("aurora_r6g_vcpu_hour", &self.aurora_r6g_vcpu_hour),
            ("aurora_r7g_vcpu_hour", &self.aurora_r7g_vcpu_hour),
            ("aurora_t_class_vcpu_hour", &self.aurora_t_class_vcpu_hour),
            (
                "aurora_rds_proxy_unit_hour",
                &self.aurora_rds_proxy_unit_hour,
            ),
            ("elasticache_node_hour", &self.elasticache_node_hour),
            ("cross_region_transfer_gb", &self.cross_region_transfer_gb),
            ("dsql_dpu_per_million", &self.dsql_dpu_per_million),
            ("dsql_storage_gb_month", &self.dsql_storage_gb_month),
            ("aurora_data_api_per_million", &self.aurora_data_api_per_million),
            ("savings_plan_aurora_serverless_off", &self.savings_plan_aurora_serverless_off),
            ("savings_plan_aurora_instance_off", &self.savings_plan_aurora_instance_off),
            ("savings_plan_dynamodb_on_demand_off", &self.savings_plan_dynamodb_on_demand_off),
            ("savings_plan_dynamodb_provisioned_off", &self.savings_plan_dynamodb_provisioned_off),
            ("savings_plan_dsql_off", &self.savings_plan_dsql_off),
            ("ddb_reserved_1y_wcu_100_upfront", &self.ddb_reserved_1y_wcu_100_upfront),
            ("ddb_reserved_1y_wcu_100_hour", &self.ddb_reserved_1y_wcu_100_hour),
            ("ddb_reserved_1y_rcu_100_upfront", &self.ddb_reserved_1y_rcu_100_upfront),
            ("ddb_reserved_1y_rcu_100_hour", &self.ddb_reserved_1y_rcu_100_hour),
            ("ddb_reserved_3y_wcu_100_upfront", &self.ddb_reserved_3y_wcu_100_upfront),
            ("ddb_reserved_3y_wcu_100_hour", &self.ddb_reserved_3y_wcu_100_hour),
            ("ddb_reserved_3y_rcu_100_upfront", &self.ddb_reserved_3y_rcu_100_upfront),
            ("ddb_reserved_3y_rcu_100_hour", &self.ddb_reserved_3y_rcu_100_hour),
            ("aurora_ri_1y_no_upfront_off", &self.aurora_ri_1y_no_upfront_off),
            ("aurora_ri_1y_all_upfront_off", &self.aurora_ri_1y_all_upfront_off),
            ("aurora_ri_3y_all_upfront_off", &self.aurora_ri_3y_all_upfront_off),
            ("ddb_pitr_gb_month", &self.ddb_pitr_gb_month),
            ("aurora_backup_gb_month", &self.aurora_backup_gb_month),
            ("cross_az_transfer_gb", &self.cross_az_transfer_gb),
            ("internet_transfer_out_gb", &self.internet_transfer_out_gb),
        ]
    }

    /// Set the price called `id` (as in [`PriceTable::entries`]), if the value is allowed.
    pub fn set(&mut self, id: &str, value: f64) -> Result<(), String> {
        let mut next = self.clone();
        let json = serde_json::to_value(&next).map_err(|e| e.to_string())?;
        let mut map = json.as_object().cloned().unwrap_or_default();
        // Entries equal to the embedded file are not serialised: put them back to edit.
        for (eid, p) in self.entries() {
            if !map.contains_key(eid) {
                map.insert(eid.into(), serde_json::to_value(p).map_err(|e| e.to_string())?);
            }
        }
        let entry = map
            .get_mut(id)
            .and_then(|e| e.as_object_mut())
            .ok_or_else(|| format!("there is no price called {}", input::quoted(id)))?;
        entry.insert("value".into(), serde_json::json!(value));
        // Read as every other JSON is read (one deserializer for a PriceTable in the page's
        // wasm, not two: each is about 19 KB of code).
        next = input::from_value(serde_json::Value::Object(map)).map_err(|e| format!("price {id}: {e}"))?;
        next.validate()?;
        *self = next;
        Ok(())
    }

    /// Every price must be a finite number of dollars from 0 to [`PRICE_MAX_USD`].
    pub fn validate(&self) -> Result<(), String> {
        for (id, p) in self.entries() {
            if !(p.value.is_finite() && (0.0..=PRICE_MAX_USD).contains(&p.value)) {
                return Err(format!(
                    "price {id} = {} is outside the allowed range 0 to {PRICE_MAX_USD} USD ({})",
                    shown(p.value),
                    input::excerpt(&p.unit)
                ));
            }
            if p.value > max_value(id) {
                return Err(format!(
                    "price {id} = {} is outside the allowed range 0 to {MAX_DISCOUNT}: it is the share off the on-demand rate (0.35 = 35 % off), and no commitment takes more than that",
                    shown(p.value)
                ));
            }
        }
        Ok(())
    }
}

impl Default for PriceTable {
    fn default() -> Self {
        // The embedded file is checked by a unit test, so this cannot fail at run time.
        PriceTable::from_json(DEFAULT_PRICES_JSON).expect("assets/prices.json is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_price_file_parses_with_documented_values() {
        let p = PriceTable::default();
        assert_eq!(p.ddb_on_demand_write_per_million.value, 0.625);
        assert_eq!(p.ddb_on_demand_read_per_million.value, 0.125);
        assert_eq!(p.aurora_acu_hour.value, 0.12);
        assert_eq!(p.ddb_storage_gb_month.grade, Grade::Doc);
    }

    #[test]
    fn a_price_can_be_edited_by_id_and_a_bad_value_is_refused() {
        let mut p = PriceTable::default();
        p.set("aurora_acu_hour", 0.2).unwrap();
        assert_eq!(p.aurora_acu_hour.value, 0.2);
        assert!(p
            .set("aurora_acu_hour", -1.0)
            .unwrap_err()
            .contains("aurora_acu_hour"));
        assert_eq!(p.aurora_acu_hour.value, 0.2);
        assert!(p.set("no_such_price", 1.0).is_err());
    }

    #[test]
    fn a_price_table_written_before_cross_region_transfer_still_reads() {
        let mut json: serde_json::Value = serde_json::from_str(DEFAULT_PRICES_JSON).unwrap();
        json["prices"].as_object_mut().unwrap().remove("cross_region_transfer_gb");
        let p = PriceTable::from_json(&json.to_string()).unwrap();
        assert_eq!(p.cross_region_transfer_gb, PriceTable::default().cross_region_transfer_gb);
        assert_eq!(p.cross_region_transfer_gb.grade, Grade::Memory, "remembered, not sourced: labelled so");
    }

    #[test]
    fn negative_price_is_rejected_with_its_name() {
        let text = DEFAULT_PRICES_JSON.replace("\"value\": 0.125", "\"value\": -1");
        let err = PriceTable::from_json(&text).unwrap_err();
        assert!(err.contains("ddb_on_demand_read_per_million"), "{err}");
    }
}
