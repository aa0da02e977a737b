//! One named test per row of the calibration table (issue 19, `src/model/calibration.rs`,
//! `docs/calibration.md`): the model's answer for the measurement's setup lies inside the
//! range the measurement allows, so a later change cannot drift away from it silently.

use scalelab::model::calibration::{model_answer, TABLE};
use scalelab::model::scenario::Scenario;

fn check(id: &str) {
    let row = TABLE.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("no calibration row {id}"));
    let answer = model_answer(id, &Scenario::default()).unwrap_or_else(|| panic!("no model answer for {id}"));
    println!("{id}: model {answer} {} in {}–{}", row.unit, row.low, row.high);
    assert!(
        answer.is_finite() && (row.low..=row.high).contains(&answer),
        "{id}: the model answers {answer} {}, outside {}–{} {} ({}: {})",
        row.unit, row.low, row.high, row.unit, row.who, row.measured
    );
}

macro_rules! calibrated {
    ($($id:ident),* $(,)?) => {
        $(#[test] fn $id() { check(stringify!($id)); })*

        #[test]
        fn every_row_has_its_named_test_and_a_line_in_the_doc() {
            let named = [$(stringify!($id)),*];
            let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/calibration.md")).unwrap();
            for row in &TABLE {
                assert!(named.contains(&row.id), "{} has no named test here", row.id);
                assert!(doc.contains(&format!("`{}`", row.id)), "docs/calibration.md does not list `{}`", row.id);
                assert!(doc.contains(row.url), "docs/calibration.md does not cite {} for {}", row.url, row.id);
            }
            assert_eq!(named.len(), TABLE.len());
            assert!(TABLE.len() >= 10, "issue 19 asks for at least 10 calibrated estimates");
        }
    };
}

calibrated!(
    ddb_put_item_p50,
    ddb_put_item_p99,
    ddb_get_item_p50,
    data_api_statement_p50,
    elasticache_get_p50,
    dsql_hot_row_update,
    dsql_multi_region_commit,
    dsql_inter_region_rtt,
    aurora_resume_from_pause,
    ddb_on_demand_new_table_writes,
    plain_driver_pooled_failover,
    per_request_planned_failover,
    rds_proxy_planned_failover,
    aurora_vcpu_per_acu,
    aurora_reboot,
);

#[test]
fn a_row_fails_when_its_estimate_leaves_the_measured_range() {
    // The check can fail: move the Data API's overhead off its measurement and the answer leaves
    // the range.
    let mut s = Scenario::default();
    s.estimates.data_api_overhead_ms = 10.0;
    let row = TABLE.iter().find(|r| r.id == "data_api_statement_p50").unwrap();
    let answer = model_answer(row.id, &s).unwrap();
    assert!(answer < row.low, "{answer}");
}
