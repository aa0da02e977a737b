//! The verdict, in plain words with the numbers behind each claim.
//!
//! * [`verdict`]: the steady operating point — the configured DynamoDB mode's cost against
//!   Aurora's, any cheaper alternative named separately, the p99 target, and why either
//!   database fails requests.
//! * [`run_verdict`]: what happened over the simulated run — for each database its cost,
//!   the requests it lost by the dominant cause (AWS's reason name), how long it failed and
//!   its worst p99. When traffic varies this is what the page leads with: a steady point can
//!   look fine while the run it sits above throttled for half an hour.

use crate::format::{ms, percent, si, usd};
use crate::model::dynamodb::CapacityMode;
use crate::model::facts::{DDB_PARTITION_MAX_RCU, DDB_PARTITION_MAX_WCU};
use crate::model::billing::Billing;
use crate::model::commitments::ReservedCapacity;
use crate::model::compare::Comparison;
use crate::model::scenario::Scenario;
use crate::model::sim::events::clock;
use crate::model::sim::{SimRun, Summary};
use crate::model::traffic::Traffic;
use crate::model::uncertainty::{Uncertain, Uncertainty};

fn mode_name(mode: CapacityMode) -> &'static str {
    match mode {
        CapacityMode::OnDemand => "on-demand",
        CapacityMode::Provisioned => "provisioned",
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
    let mut out = vec![if configured < aurora {
        format!("At a steady {} req/s, {name} is cheaper: {} vs {} a month for Aurora.", si(now.requests_per_s), usd(configured), usd(aurora))
    } else {
        format!("At a steady {} req/s, Aurora is cheaper: {} vs {} a month for {name}.", si(now.requests_per_s), usd(aurora), usd(configured))
    }];
    if other < configured {
        let alternative = match mode {
            CapacityMode::OnDemand => "Provisioned capacity (at the auto scaling target)",
            CapacityMode::Provisioned => "On-demand",
        };
        out.push(format!("{alternative} would cost {} a month at this steady rate.", usd(other)));
    }
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
    out
}

/// One database over the run: cost, losses by the dominant cause, failing time, worst p99.
fn run_sentence(name: &str, s: &Summary) -> String {
    let cost = usd(s.monthly_cost_usd);
    if s.failed_requests <= 0.0 {
        return format!("{name} costs {cost} a month and serves every request; worst p99 {}.", ms(s.worst_p99_ms));
    }
    let why = match s.dominant_cause() {
        Some((cause, n)) => format!(", mostly {} ({} requests: {})", cause.reason(), si(n), cause.label()),
        None => String::new(),
    };
    format!(
        "{name} costs {cost} a month and fails {} of requests{why}, failing for {} min; worst p99 {}.",
        percent(s.failed_share()),
        si(s.minutes_failing),
        ms(s.worst_p99_ms)
    )
}

/// What the traffic does over the run, in a few words.
fn shape_words(t: &Traffic) -> &'static str {
    match t {
        Traffic::Steady => "steady traffic",
        Traffic::Diurnal { .. } => "a daily cycle",
        Traffic::Spike { .. } => "a spike",
        Traffic::Ramp { .. } => "a ramp",
        Traffic::NightlyBatch { .. } => "a nightly batch",
        Traffic::Series { .. } => "your traffic trace",
    }
}

/// Sentences about the simulated run, most important first.
pub fn run_verdict(run: &SimRun, scenario: &Scenario) -> Vec<String> {
    let hours = run.simulated_s() / 3600.0;
    let mut out = vec![format!("Over the run ({} h of {}):", si(hours), shape_words(&scenario.traffic))];
    out.push(run_sentence(&format!("DynamoDB ({}, as configured)", mode_name(scenario.dynamodb.mode)), &run.dynamodb_summary));
    out.push(run_sentence("Aurora", &run.aurora_summary));
    let target = scenario.p99_target_ms;
    // Each worst p99 is in its sentence above: say only who meets the target.
    let (ddb_meets, aurora_meets) = (run.dynamodb_summary.worst_p99_ms <= target, run.aurora_summary.worst_p99_ms <= target);
    let judged = match (ddb_meets, aurora_meets) {
        (true, true) => "both meet it throughout".to_string(),
        (false, false) => "both miss it at their worst".to_string(),
        (d, _) => {
            let word = |m: bool| if m { "meets it throughout" } else { "misses it at its worst" };
            format!("DynamoDB {}, Aurora {}", word(d), word(!d))
        }
    };
    out.push(format!("Against the p99 target of {}: {judged}.", ms(target)));
    if let Some(b) = bill_sentence(&run.dynamodb_summary, &run.aurora_summary, &scenario.billing) {
        out.push(b);
    }
    out.push(plan_sentence(&run.dynamodb_summary, &run.aurora_summary, scenario.billing.plan_usd_per_h));
    if let Some(r) = reserved_sentence(&run.dynamodb_reserved) {
        out.push(r);
    }
    if run.aurora_reserved.eligible {
        let ri = &run.aurora_reserved;
        out.push(format!(
            "Aurora with Reserved Instances instead (every instance, its compute only): {} a month for 1 year with no upfront, {} for 3 years all upfront.",
            usd(ri.one_year_no_upfront_usd),
            usd(ri.three_year_all_upfront_usd)
        ));
    }
    // Each fault: what it cost each database (outage, requests failed, writes lost).
    for impact in &run.fault_impacts {
        out.push(format!("{} at {}: {} {}", impact.label, clock(impact.at_s), impact.dynamodb.verdict, impact.aurora.verdict));
    }
    out
}

/// The cheaper of Aurora at `aurora_usd` and DynamoDB at `ddb_usd` (DynamoDB on a tie).
fn cheaper_of(aurora_usd: f64, ddb_usd: f64) -> &'static str {
    if aurora_usd < ddb_usd {
        "Aurora"
    } else {
        "DynamoDB"
    }
}

/// The bill's lines past capacity, I/O and storage (backups, data transfer), and whether
/// they change which database is cheaper.
fn bill_sentence(ddb: &Summary, aurora: &Summary, billing: &Billing) -> Option<String> {
    let extra = |s: &Summary| s.monthly_backup_usd + s.monthly_transfer_usd;
    if extra(ddb) + extra(aurora) <= 0.0 {
        return None;
    }
    let zones = if billing.app_azs > 1.0 && aurora.monthly_transfer_usd > 0.0 {
        format!(" (with the application in {} zones, {} of Aurora's requests cross zones; DynamoDB's endpoint is Regional)", billing.app_azs, percent(billing.cross_az_share()))
    } else {
        String::new()
    };
    let (without, with) = (
        cheaper_of(aurora.monthly_cost_usd - extra(aurora), ddb.monthly_cost_usd - extra(ddb)),
        cheaper_of(aurora.monthly_cost_usd, ddb.monthly_cost_usd),
    );
    let flip = if without != with { format!("; without them {without} would be the cheaper") } else { String::new() };
    Some(format!(
        "Backups and data transfer included: DynamoDB {} and {}, Aurora {} and {} a month{zones}{flip}.",
        usd(ddb.monthly_backup_usd),
        usd(ddb.monthly_transfer_usd),
        usd(aurora.monthly_backup_usd),
        usd(aurora.monthly_transfer_usd)
    ))
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

/// What each costs with its 1-year Database Savings Plan (the best for its run, or the
/// commitment the person chose), and whether commitments change which is cheaper.
fn plan_sentence(ddb: &Summary, aurora: &Summary, chosen: Option<f64>) -> String {
    let part = |name: &str, s: &Summary| {
        let p = &s.savings_plan;
        if p.discount <= 0.0 {
            format!("{name} {} (not eligible)", usd(s.monthly_cost_with_plan_usd))
        } else if p.usd_per_h <= 0.0 {
            format!("{name} {} (no commitment pays off)", usd(s.monthly_cost_with_plan_usd))
        } else if p.saving_usd() < 0.0 {
            format!("{name} {}, more than on demand: {} of the commitment goes unused", usd(s.monthly_cost_with_plan_usd), percent(1.0 - p.utilisation))
        } else {
            format!("{name} {} with {}/h committed", usd(s.monthly_cost_with_plan_usd), usd(p.usd_per_h))
        }
    };
    let which = match chosen {
        Some(c) => format!("your {}/h 1-year Database Savings Plan", usd(c)),
        None => "the best 1-year Database Savings Plan for each (from this run's hourly spend)".into(),
    };
    let (before, after) = (cheaper_of(aurora.monthly_cost_usd, ddb.monthly_cost_usd), cheaper_of(aurora.monthly_cost_with_plan_usd, ddb.monthly_cost_with_plan_usd));
    let change = if before == after { format!("{after} stays the cheaper") } else { format!("the commitments make {after} the cheaper, not {before}") };
    format!(
        "With {which}: {}, {} a month; {change}.",
        part("DynamoDB", ddb),
        part("Aurora", aurora)
    )
}

/// DynamoDB's bill with the best reserved capacity, for a provisioned Standard table.
fn reserved_sentence(r: &ReservedCapacity) -> Option<String> {
    if !r.eligible {
        return None;
    }
    let term = |t: &crate::model::commitments::ReservedTerm| {
        if t.rcu.units + t.wcu.units <= 0.0 {
            format!("{}: none pays off", t.label())
        } else {
            format!("{}: {} RCU and {} WCU reserved, {} a month", t.label(), si(t.rcu.units), si(t.wcu.units), usd(t.monthly_cost_usd))
        }
    };
    Some(format!("DynamoDB reserved capacity instead (its provisioned capacity, replicated writes excepted): {}; {}.", term(&r.one_year), term(&r.three_year)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;
    use crate::model::sim;

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

    /// The flash sale's steady point looks fine; the run does not, and the run verdict says
    /// so with the dominant cause's AWS name and numbers.
    #[test]
    fn the_run_verdict_tells_what_happened_with_the_dominant_cause() {
        let s = presets::find("flash-sale").unwrap().scenario();
        let run = sim::run(&s);
        let v = run_verdict(&run, &s).join(" ");
        assert!(v.contains("Over the run (3 h of a spike)"), "{v}");
        // The whole bill (issue 18): DynamoDB's free tier and point-in-time recovery; Aurora's
        // requests crossing zones ($1,563 before them).
        assert!(v.contains("DynamoDB (provisioned, as configured) costs $1,764 a month and fails 30.8 % of requests, mostly TableReadProvisionedThroughputExceeded"), "{v}");
        assert!(v.contains("Aurora costs $1,951 a month and fails 2.48 % of requests, mostly client timeout waiting for a reader"), "{v}");
        assert!(v.contains("worst p99 10 s") && v.contains("Against the p99 target of 50 ms: both miss it at their worst."), "{v}");
    }

    /// The session store's readers take 2/3 of its requests across zones: that line makes
    /// DynamoDB the cheaper, and the verdict says so; in one zone, Aurora is again.
    #[test]
    fn the_run_verdict_names_the_lines_that_flip_the_cheaper_database() {
        let s = presets::find("session-store").unwrap().scenario();
        let v = run_verdict(&sim::run(&s), &s).join(" ");
        assert!(v.contains("Backups and data transfer included: DynamoDB $40 and $0.00, Aurora $25 and $2,089 a month (with the application in 3 zones, 66.7 % of Aurora's requests cross zones"), "{v}");
        assert!(v.contains("without them Aurora would be the cheaper"), "{v}");
        let mut one_zone = s.clone();
        one_zone.billing.app_azs = 1.0;
        let v = run_verdict(&sim::run(&one_zone), &one_zone).join(" ");
        assert!(v.contains("Aurora $25 and $0.00 a month.") && !v.contains("would be the cheaper"), "{v}");
    }

    #[test]
    fn the_run_verdict_tells_what_each_fault_cost() {
        let s = presets::find("writer-failover-at-peak").unwrap().scenario();
        let v = run_verdict(&sim::run(&s), &s).join(" ");
        assert!(v.contains("Aurora: writes fail for 70 s"), "{v}");
        assert!(v.contains("DynamoDB: not affected"), "{v}");
    }
}
