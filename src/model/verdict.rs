//! The verdict for one operating point, in plain words with the numbers behind each claim:
//! which database is cheaper, which meets the p99 target, and why either fails requests.

use crate::format::{ms, percent, si, usd};
use crate::model::facts::{DDB_PARTITION_MAX_RCU, DDB_PARTITION_MAX_WCU};
use crate::model::scenario::Comparison;

/// Sentences, most important first.
pub fn verdict(now: &Comparison, p99_target_ms: f64) -> Vec<String> {
    let (d, a) = (&now.dynamodb, &now.aurora);
    let (od, prov) = (d.cost.on_demand_total_usd(), d.cost.provisioned_total_usd());
    let (ddb_best, mode) = if prov < od { (prov, "provisioned") } else { (od, "on-demand") };
    let aurora = a.cost.total_usd();
    let mut out = vec![if ddb_best < aurora {
        format!("DynamoDB ({mode}) is cheaper here: {} vs {} a month for Aurora.", usd(ddb_best), usd(aurora))
    } else {
        format!("Aurora is cheaper here: {} vs {} a month for DynamoDB ({mode}).", usd(aurora), usd(ddb_best))
    }];
    let meets = |p99: f64| if p99 <= p99_target_ms { format!("meets it ({})", ms(p99)) } else { format!("misses it ({})", ms(p99)) };
    out.push(format!("For a p99 target of {}: DynamoDB {}, Aurora {}.", ms(p99_target_ms), meets(d.p99_ms), meets(a.p99_ms)));
    if d.failed_share > 0.0 {
        let (share, units, cap, unit, what) = if d.hottest_key_write_units_per_s > DDB_PARTITION_MAX_WCU {
            (d.hottest_key_share, d.hottest_key_write_units_per_s, DDB_PARTITION_MAX_WCU, "WCU", "writes")
        } else {
            (d.hottest_key_share, d.hottest_key_read_units_per_s, DDB_PARTITION_MAX_RCU, "RCU", "reads")
        };
        out.push(if units > cap {
            format!(
                "DynamoDB throttles {} of requests: one key takes {} of {what} = {} {unit}/s, above the {} {unit} a single key can ever get, whatever the table's capacity.",
                percent(d.failed_share), percent(share), si(units), si(cap)
            )
        } else {
            format!("DynamoDB throttles {} of requests: the table's capacity is below the load.", percent(d.failed_share))
        });
    }
    if a.failed_share > 0.001 {
        let writes_over = now.writes_per_s > a.writer_ceiling_writes_per_s;
        out.push(if writes_over {
            format!(
                "Aurora times out {} of requests: the single writer tops out near {} writes/s at max ACU, and no reader can take writes.",
                percent(a.failed_share), si(a.writer_ceiling_writes_per_s)
            )
        } else {
            format!("Aurora times out {} of requests: an instance is past its CPU at max ACU; add readers or raise max ACU.", percent(a.failed_share))
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scenario::Scenario;

    #[test]
    fn a_hot_write_key_is_explained_with_its_numbers() {
        let mut s = Scenario::default();
        s.workload.requests_per_s = 20_000.0;
        s.workload.read_share = 0.05;
        s.workload.partition_keys = 10_000.0;
        s.workload.key_skew = 1.2;
        let v = verdict(&s.compare(), 50.0).join(" ");
        assert!(v.contains("one key takes 20.8 % of writes"), "{v}");
        assert!(v.contains("above the 1,000 WCU a single key can ever get"), "{v}");
    }

    #[test]
    fn the_latency_target_is_judged_for_both() {
        let v = verdict(&Scenario::default().compare(), 5.0).join(" ");
        assert!(v.contains("For a p99 target of 5 ms: DynamoDB misses it"), "{v}");
        let v = verdict(&Scenario::default().compare(), 1_000.0).join(" ");
        assert!(v.contains("DynamoDB meets it") && v.contains("Aurora meets it"), "{v}");
    }

    #[test]
    fn the_single_writer_ceiling_is_named() {
        let mut s = Scenario::default();
        s.workload.requests_per_s = 1_000_000.0;
        s.workload.read_share = 0.0;
        let v = verdict(&s.compare(), 50.0).join(" ");
        assert!(v.contains("single writer tops out near"), "{v}");
    }
}
