//! The verdict, in plain words with the numbers behind each claim, for every contender the
//! scenario names (DynamoDB and Aurora, and Aurora DSQL when picked).
//!
//! * [`verdict`]: the steady operating point — the configured DynamoDB mode's cost against
//!   Aurora's (and DSQL's), any cheaper alternative named separately, the p99 target, and
//!   why each database fails requests.
//! * [`run_verdict`]: what happened over the simulated run — for each database its cost,
//!   the requests it lost by the dominant cause (AWS's reason name), how long it failed and
//!   its worst p99. When traffic varies this is what the page leads with: a steady point can
//!   look fine while the run it sits above throttled for half an hour.

mod dsql;
mod run;

pub use run::run_verdict;

use crate::format::{ms, percent, si, usd};
use crate::model::dynamodb::CapacityMode;
use crate::model::facts::{DDB_PARTITION_MAX_RCU, DDB_PARTITION_MAX_WCU};
use crate::model::compare::Comparison;
use crate::model::database::Database;
use crate::model::scenario::Scenario;
use crate::model::uncertainty::{Uncertain, Uncertainty};

fn mode_name(mode: CapacityMode) -> &'static str {
    match mode {
        CapacityMode::OnDemand => "on-demand",
        CapacityMode::Provisioned => "provisioned",
    }
}

/// The cheapest of `costs` (name, monthly USD), the first named on a tie.
fn cheapest<'a>(costs: &[(&'a str, f64)]) -> &'a str {
    costs.iter().fold(None, |best: Option<(&'a str, f64)>, &(name, usd)| match best {
        Some(b) if b.1 <= usd => Some(b),
        _ => Some((name, usd)),
    }).map_or("", |b| b.0)
}

/// "the cheaper" of two, "the cheapest" of more.
fn cheapest_word(contenders: usize) -> &'static str {
    if contenders > 2 { "the cheapest" } else { "the cheaper" }
}

/// Which of `costs` is cheapest at the steady rate, and what the others cost, cheapest first
/// (a tie keeps the order named).
fn cost_sentence(requests_per_s: f64, costs: &[(&str, f64)]) -> String {
    // An insertion sort (stable; at most three): `sort_by` would add 4 KB of slice sort
    // to the page's wasm for this one use.
    let mut ranked = costs.to_vec();
    for i in 1..ranked.len() {
        let mut j = i;
        while j > 0 && ranked[j].1 < ranked[j - 1].1 {
            ranked.swap(j, j - 1);
            j -= 1;
        }
    }
    match ranked.as_slice() {
        [(first, a), (second, b)] => format!("At a steady {} req/s, {first} is cheaper: {} vs {} a month for {second}.", si(requests_per_s), usd(*a), usd(*b)),
        [(first, a), rest @ ..] => format!(
            "At a steady {} req/s, {first} is the cheapest: {} a month, against {}.",
            si(requests_per_s),
            usd(*a),
            rest.iter().map(|(name, c)| format!("{} for {name}", usd(*c))).collect::<Vec<_>>().join(" and ")
        ),
        [] => String::new(),
    }
}

/// Sentences about the steady operating point, most important first.
pub fn verdict(now: &Comparison, scenario: &Scenario) -> Vec<String> {
    let (d, a) = (&now.dynamodb, &now.aurora);
    let p99_target_ms = scenario.p99_target_ms;
    let mode = scenario.dynamodb.mode;
    let (configured, other) = match mode {
        CapacityMode::OnDemand => (d.cost.on_demand_total_usd(), d.cost.provisioned_total_usd()),
        CapacityMode::Provisioned => (d.cost.provisioned_total_usd(), d.cost.on_demand_total_usd()),
    };
    let aurora = a.cost.total_usd();
    let name = format!("DynamoDB ({})", mode_name(mode));
    // Aurora named first: it wins an exact tie with DynamoDB, as it always has.
    let mut costs = vec![("Aurora", aurora), (name.as_str(), configured)];
    costs.extend(now.dsql.as_ref().map(|q| (Database::Dsql.name(), q.cost.total_usd())));
    let mut out = vec![cost_sentence(now.requests_per_s, &costs)];
    if other < configured {
        let alternative = match mode {
            CapacityMode::OnDemand => "Provisioned capacity (at the auto scaling target)",
            CapacityMode::Provisioned => "On-demand",
        };
        out.push(format!("{alternative} would cost {} a month at this steady rate.", usd(other)));
    }
    let meets = |p99: f64| if p99 <= p99_target_ms { format!("meets it ({})", ms(p99)) } else { format!("misses it ({})", ms(p99)) };
    let mut judged = vec![format!("DynamoDB {}", meets(d.p99_ms)), format!("Aurora {}", meets(a.p99_ms))];
    judged.extend(now.dsql.as_ref().map(|q| format!("{} {}", Database::Dsql.name(), meets(q.p99_ms))));
    out.push(format!("For a p99 target of {}: {}.", ms(p99_target_ms), judged.join(", ")));
    if d.failed_share > 0.0 {
        let (share, units, cap, unit, what) = if d.hottest_key_write_units_per_s > DDB_PARTITION_MAX_WCU {
            (d.hottest_key_share, d.hottest_key_write_units_per_s, DDB_PARTITION_MAX_WCU, "WCU", "writes")
        } else {
            (d.hottest_key_share, d.hottest_key_read_units_per_s, DDB_PARTITION_MAX_RCU, "RCU", "reads")
        };
        out.push(if units > cap {
            format!(
                "DynamoDB fails {} of requests however often the SDK retries: one key takes {} of {what} = {} {unit}/s, above the {} {unit} a single key can ever get, whatever the table's capacity.",
                percent(d.failed_share), percent(share), si(units), si(cap)
            )
        } else {
            format!("DynamoDB fails {} of requests: the table's capacity is below the load.", percent(d.failed_share))
        });
    }
    if a.failed_share > 0.001 {
        let writes_over = now.writes_per_s > a.writer_ceiling_writes_per_s;
        out.push(if writes_over {
            format!(
                "Aurora fails {} of requests: the single writer tops out near {} writes/s at max ACU, and no reader can take writes.",
                percent(a.failed_share), si(a.writer_ceiling_writes_per_s)
            )
        } else if a.connection_error_share > 0.0 && a.lost.connections_refused >= a.lost.writer_timeouts + a.lost.reader_timeouts {
            match &scenario.workload.lambda {
                Some(lambda) => format!(
                    "Aurora refuses {} of requests a connection: {} concurrent Lambda invocations each hold one, against max_connections {}; RDS Proxy or the Data API would take them.",
                    percent(a.connection_error_share), si(lambda.concurrent(now.requests_per_s)), si(a.max_connections)
                ),
                None => format!(
                    "Aurora refuses {} of requests a connection: {} client connections against max_connections {}; RDS Proxy would pool them.",
                    percent(a.connection_error_share), si(scenario.aurora.client_connections), si(a.max_connections)
                ),
            }
        } else {
            format!("Aurora times out {} of requests: an instance is past its CPU at max ACU; add readers or raise max ACU.", percent(a.failed_share))
        });
    }
    out.extend(now.dsql.as_ref().and_then(|q| dsql::failure_sentence(q, now.requests_per_s, scenario)));
    out
}

/// How sure the run's answer is, from its sampled futures: which database is the cheaper
/// and meets the target in what share of them, and what moves the answer most.
pub fn sure_sentences(u: &Uncertain, spec: &Uncertainty, target_ms: f64) -> Vec<String> {
    let inputs: Vec<String> = spec.varying().iter().map(|(i, r)| format!("{} {}", i.label(), i.range_words(r))).collect();
    let mut out = Vec::new();
    if u.samples_done == 0 {
        out.push(format!("Sampling {} futures ({})…", u.samples, inputs.join(", ")));
    } else {
        let so_far = if u.complete() { String::new() } else { format!(" (so far, of {})", u.samples) };
        out.push(format!(
            "Across {} sampled futures{so_far} ({}): DynamoDB is the cheaper in {}, Aurora in {}. DynamoDB meets the p99 target of {} in {}, Aurora in {}.",
            u.samples_done,
            inputs.join(", "),
            percent(u.dynamodb_cheaper_share),
            percent(u.aurora_cheaper_share),
            ms(target_ms),
            percent(u.dynamodb.meets_target_share),
            percent(u.aurora.meets_target_share)
        ));
    }
    let range = |s: &crate::model::uncertainty::Spread| format!("{} to {}", usd(s.p10), usd(s.p90));
    if u.samples_done > 0 {
        out.push(format!(
            "Monthly cost, 10th to 90th percentile: DynamoDB {}, Aurora {}.",
            range(&u.dynamodb.monthly_cost_usd),
            range(&u.aurora.monthly_cost_usd)
        ));
        if let Some(q) = &u.dsql {
            out.push(format!(
                "Aurora DSQL costs {} a month (10th to 90th percentile) and meets the p99 target in {}.",
                range(&q.monthly_cost_usd),
                percent(q.meets_target_share)
            ));
        }
        if let Some(c) = &u.cheapest_share {
            let parts: Vec<String> = c.by_database().iter().map(|(db, share)| format!("{} in {}", db.name(), percent(*share))).collect();
            out.push(format!("Cheapest of the three: {}.", parts.join(", ")));
        }
    }
    if let Some(top) = u.tornado.first() {
        let gap = |v: f64| if v < 0.0 { format!("Aurora cheaper by {}", usd(-v)) } else { format!("DynamoDB cheaper by {}", usd(v)) };
        out.push(format!(
            "The answer moves most with {}: from {} at its low end to {} at its high end. Measure it first.",
            top.label,
            gap(top.cost_gap_low_usd),
            gap(top.cost_gap_high_usd)
        ));
    }
    if let Some(s) = p99_mover_sentence(u, target_ms) {
        out.push(s);
    }
    out
}

/// The input that moves a p99 by the largest factor, and whether its range takes that p99
/// across the target; none when no input moves any database's p99 by 10 % or more.
fn p99_mover_sentence(u: &Uncertain, target_ms: f64) -> Option<String> {
    let top = u.tornado.iter().max_by(|a, b| a.p99_swing_ratio().total_cmp(&b.p99_swing_ratio())).filter(|b| b.p99_swing_ratio() >= 1.1)?;
    let ratio = crate::model::uncertainty::p99_ratio;
    // The first database with the largest factor (DynamoDB, Aurora, DSQL in turn on a tie).
    let (db, (low, high)) = top.p99_ends().fold(None, |best: Option<(crate::model::database::Database, (f64, f64))>, (db, ends)| match best {
        Some((_, b)) if ratio(b) >= ratio(ends) => best,
        _ => Some((db, ends)),
    })?;
    let name = db.name();
    let crosses = (low <= target_ms) != (high <= target_ms);
    let verdict = if crosses { format!(", across the target of {}: whether it is met depends on it", ms(target_ms)) } else { String::new() };
    Some(format!("{name}'s p99 moves most with {}: {} at its low end, {} at its high end{verdict}.", top.label, ms(low), ms(high)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    #[test]
    fn a_hot_write_key_is_explained_with_its_numbers() {
        let mut s = Scenario::default();
        s.workload.requests_per_s = 20_000.0;
        s.workload.read_share = 0.05;
        s.workload.partition_keys = 10_000.0;
        s.workload.key_skew = 1.2;
        let v = verdict(&s.compare(), &s).join(" ");
        assert!(v.contains("one key takes 20.8 % of writes"), "{v}");
        assert!(v.contains("above the 1,000 WCU a single key can ever get"), "{v}");
    }

    #[test]
    fn the_latency_target_is_judged_for_both() {
        let mut s = Scenario { p99_target_ms: 5.0, ..Scenario::default() };
        let v = verdict(&s.compare(), &s).join(" ");
        assert!(v.contains("For a p99 target of 5 ms: DynamoDB misses it"), "{v}");
        s.p99_target_ms = 1_000.0;
        let v = verdict(&s.compare(), &s).join(" ");
        assert!(v.contains("DynamoDB meets it") && v.contains("Aurora meets it"), "{v}");
    }

    #[test]
    fn the_single_writer_ceiling_is_named() {
        let mut s = Scenario::default();
        s.workload.requests_per_s = 1_000_000.0;
        s.workload.read_share = 0.0;
        let v = verdict(&s.compare(), &s).join(" ");
        assert!(v.contains("single writer tops out near"), "{v}");
    }

    #[test]
    fn the_configured_mode_is_named_and_a_cheaper_one_separately() {
        let s = presets::find("flash-sale").unwrap().scenario();
        let v = verdict(&s.compare(), &s).join(" ");
        assert!(v.contains("DynamoDB (provisioned)"), "{v}");
        let mut od = s.clone();
        od.dynamodb.mode = CapacityMode::OnDemand;
        let v = verdict(&od.compare(), &od).join(" ");
        assert!(v.contains("DynamoDB (on-demand)") && v.contains("Provisioned capacity (at the auto scaling target) would cost"), "{v}");
    }

    fn with_dsql(mut s: Scenario) -> Scenario {
        s.contenders.push(crate::model::database::Database::Dsql);
        s
    }

    /// With DSQL picked, the steady verdict ranks the three by cost (cheapest first, each
    /// with its number) and judges DSQL's p99 beside the others'.
    #[test]
    fn the_steady_verdict_ranks_the_three_and_judges_each_against_the_target() {
        let s = presets::find("flash-sale-one-product").unwrap().scenario();
        let now = s.compare();
        let q = now.dsql.as_ref().expect("the preset picks DSQL");
        let (ddb, aurora, dsql) = (now.dynamodb.cost.on_demand_total_usd(), now.aurora.cost.total_usd(), q.cost.total_usd());
        // The preset's steady point: Aurora, then DSQL, then DynamoDB on demand.
        assert!(aurora < dsql && dsql < ddb, "{aurora} {dsql} {ddb}");
        let v = verdict(&now, &s);
        assert_eq!(v[0], format!("At a steady 200 req/s, Aurora is the cheapest: {} a month, against {} for Aurora DSQL and {} for DynamoDB (on-demand).", usd(aurora), usd(dsql), usd(ddb)));
        let judged = v.iter().find(|l| l.starts_with("For a p99 target of")).unwrap();
        assert!(judged.ends_with(&format!(", Aurora DSQL meets it ({}).", ms(q.p99_ms))), "{judged}");
        // Below DSQL's p99, the same line says it misses.
        let tight = Scenario { p99_target_ms: q.p99_ms * 0.9, ..s.clone() };
        let v = verdict(&tight.compare(), &tight).join(" ");
        assert!(v.contains(&format!("Aurora DSQL misses it ({})", ms(q.p99_ms))), "{v}");
        // Without DSQL the two-database sentence is as it was.
        let mut two = s.clone();
        two.contenders.retain(|d| *d != crate::model::database::Database::Dsql);
        let v = verdict(&two.compare(), &two);
        assert_eq!(v[0], format!("At a steady 200 req/s, Aurora is cheaper: {} vs {} a month for DynamoDB (on-demand).", usd(aurora), usd(ddb)));
        assert!(!v.join(" ").contains("DSQL"), "{v:?}");
    }

    /// A new connection per request, 1,000 a second: DSQL refuses all but 100 a second
    /// (53400) and the verdict says so with both numbers and what lifts it.
    #[test]
    fn dsqls_connection_rate_is_named_as_why_it_fails() {
        let mut s = with_dsql(Scenario::default());
        s.workload.requests_per_s = 1_000.0;
        s.dsql.connect = crate::model::dsql::Connect::PerRequest;
        let now = s.compare();
        let q = now.dsql.as_ref().unwrap();
        assert!((q.failed_share - 0.9).abs() < 1e-9, "{}", q.failed_share);
        let v = verdict(&now, &s);
        assert_eq!(
            v.last().unwrap(),
            "Aurora DSQL fails 90 % of requests, mostly 53400 (new connections above 100/s (burst 1,000)): clients open 1,000 new connections a second, against 100 a second on the cluster (after a burst of 1,000); a connection pool would open each once an hour."
        );
        // Each peer of a multi-Region cluster has its own quota, and the sentence says so.
        s.dsql.topology = crate::model::dsql::Topology::MultiRegion;
        let v = verdict(&s.compare(), &s).join(" ");
        assert!(v.contains("at each Region's peer, its own quota"), "{v}");
        // Pooled, nothing is refused and nothing is said.
        s.dsql.connect = crate::model::dsql::Connect::Pool;
        let v = verdict(&s.compare(), &s).join(" ");
        assert!(!v.contains("Aurora DSQL fails"), "{v}");
    }

    /// A bulk write of 5,000 rows is over DSQL's 3,000 rows a transaction: every write is
    /// refused (54000), and the verdict gives the rows, the bytes and both limits.
    #[test]
    fn a_dsql_write_over_its_row_limit_is_named_with_the_rows() {
        let mut s = with_dsql(Scenario::default());
        // 10 req/s: the pools have connections to spare for 5,000-row writes.
        s.workload.requests_per_s = 10.0;
        s.dsql.bulk_write_rows = 5_000.0;
        let now = s.compare();
        let q = now.dsql.as_ref().unwrap();
        let writes = 1.0 - s.workload.read_share;
        assert!((q.failed_share - writes).abs() < 1e-9, "{} vs {writes}", q.failed_share);
        let v = verdict(&now, &s).join(" ");
        let mib = 5_000.0 * s.workload.item_size_kb / 1024.0;
        assert!(
            v.contains(&format!(
                "mostly 54000 (write transaction above 3,000 rows or 10 MiB): each write transaction changes 5,000 rows ({} MiB), above the 3,000 rows or 10 MiB one DSQL transaction may change",
                si(mib)
            )),
            "{v}"
        );
    }

    /// The same writes at 1,000 req/s hold the pools' 100 connections for longer than the
    /// clients wait: the pool is the first limit they meet, and the sentence says how many
    /// transactions want a connection at once (rate × hold time, not the served).
    #[test]
    fn dsqls_pool_is_named_with_what_the_clients_want_of_it() {
        let mut s = with_dsql(Scenario::default());
        s.dsql.bulk_write_rows = 5_000.0;
        let now = s.compare();
        let q = now.dsql.as_ref().unwrap();
        assert!(q.lost.pool_timeout_per_s > q.lost.transaction_too_large_per_s, "{:?}", q.lost);
        let hold_s = q.in_flight / q.served_per_s;
        let v = verdict(&now, &s).join(" ");
        assert!(
            v.contains(&format!("mostly client timeout (no free pooled connection before the client timeout): {} transactions want a connection at once", si(1_000.0 * hold_s))),
            "{v}"
        );
        assert!(1_000.0 * hold_s > s.dsql.pool_connections, "{hold_s}");
    }
}
