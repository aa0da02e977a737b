//! The verdict on a simulated run: each contender's cost, losses by the dominant cause,
//! failing time and worst p99; who meets the p99 target; the bill's lines past capacity;
//! commitments; and what each fault cost each contender.

use super::{cheapest, cheapest_word, mode_name};
use crate::format::{ms, percent, si, usd};
use crate::model::billing::Billing;
use crate::model::commitments::ReservedCapacity;
use crate::model::database::Database;
use crate::model::dsql::Topology;
use crate::model::scenario::Scenario;
use crate::model::sim::events::clock;
use crate::model::sim::{SimRun, Summary};
use crate::model::traffic::Traffic;

/// Each contender's run, in the order the page shows them.
fn contenders(run: &SimRun) -> Vec<(Database, &Summary)> {
    Database::ALL.into_iter().filter_map(|db| run.summary_of(db).map(|s| (db, s))).collect()
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
    if let Some(q) = &run.dsql {
        let topology = match scenario.dsql.topology {
            Topology::SingleRegion => "single-Region",
            Topology::MultiRegion => "multi-Region",
        };
        out.push(run_sentence(&format!("Aurora DSQL ({topology})"), &q.summary));
    }
    let all = contenders(run);
    out.push(target_sentence(&all, scenario.p99_target_ms));
    if let Some(b) = bill_sentence(&all, &scenario.billing) {
        out.push(b);
    }
    out.push(plan_sentence(&all, scenario.billing.plan_usd_per_h));
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
        let mut said = format!("{} at {}: {} {}", impact.label, clock(impact.at_s), impact.dynamodb.verdict, impact.aurora.verdict);
        if let Some(d) = &impact.dsql {
            said = format!("{said} {}", d.verdict);
        }
        out.push(said);
    }
    out
}

/// Who meets the p99 target over the whole run (each worst p99 is in its own sentence).
fn target_sentence(all: &[(Database, &Summary)], target_ms: f64) -> String {
    let meets: Vec<bool> = all.iter().map(|(_, s)| s.worst_p99_ms <= target_ms).collect();
    let every = if all.len() > 2 { "all three" } else { "both" };
    let judged = if meets.iter().all(|m| *m) {
        format!("{every} meet it throughout")
    } else if meets.iter().all(|m| !*m) {
        format!("{every} miss it at their worst")
    } else {
        let word = |m: bool| if m { "meets it throughout" } else { "misses it at its worst" };
        all.iter().zip(&meets).map(|((db, _), m)| format!("{} {}", db.name(), word(*m))).collect::<Vec<_>>().join(", ")
    };
    format!("Against the p99 target of {}: {judged}.", ms(target_ms))
}

/// The bill's lines past capacity, I/O and storage (backups, data transfer), and whether
/// they change which database is cheapest.
fn bill_sentence(all: &[(Database, &Summary)], billing: &Billing) -> Option<String> {
    let extra = |s: &Summary| s.monthly_backup_usd + s.monthly_transfer_usd;
    if all.iter().map(|(_, s)| extra(s)).sum::<f64>() <= 0.0 {
        return None;
    }
    let aurora_crosses = all.iter().any(|(db, s)| *db == Database::Aurora && s.monthly_transfer_usd > 0.0);
    let zones = if billing.app_azs > 1.0 && aurora_crosses {
        let regional = if all.len() > 2 { "DynamoDB's and Aurora DSQL's endpoints are Regional" } else { "DynamoDB's endpoint is Regional" };
        format!(" (with the application in {} zones, {} of Aurora's requests cross zones; {regional})", billing.app_azs, percent(billing.cross_az_share()))
    } else {
        String::new()
    };
    let costs = |less_extra: bool| -> Vec<(&str, f64)> {
        all.iter().map(|(db, s)| (db.name(), s.monthly_cost_usd - if less_extra { extra(s) } else { 0.0 })).collect()
    };
    let (without, with) = (cheapest(&costs(true)), cheapest(&costs(false)));
    let flip = if without != with { format!("; without them {without} would be {}", cheapest_word(all.len())) } else { String::new() };
    let lines: Vec<String> = all.iter().map(|(db, s)| format!("{} {} and {}", db.name(), usd(s.monthly_backup_usd), usd(s.monthly_transfer_usd))).collect();
    Some(format!("Backups and data transfer included: {} a month{zones}{flip}.", lines.join(", ")))
}

/// What each costs with its 1-year Database Savings Plan (the best for its run, or the
/// commitment the person chose), and whether commitments change which is cheaper.
fn plan_sentence(all: &[(Database, &Summary)], chosen: Option<f64>) -> String {
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
    let costs = |with_plan: bool| -> Vec<(&str, f64)> {
        all.iter().map(|(db, s)| (db.name(), if with_plan { s.monthly_cost_with_plan_usd } else { s.monthly_cost_usd })).collect()
    };
    let (before, after) = (cheapest(&costs(false)), cheapest(&costs(true)));
    let word = cheapest_word(all.len());
    let change = if before == after { format!("{after} stays {word}") } else { format!("the commitments make {after} {word}, not {before}") };
    let parts: Vec<String> = all.iter().map(|(db, s)| part(db.name(), s)).collect();
    format!("With {which}: {} a month; {change}.", parts.join(", "))
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

    /// With DSQL picked, the run verdict gives it its own sentence (cost, failed share, the
    /// dominant cause by its SQLSTATE, worst p99), judges it against the target, names it in
    /// the bill's and the commitments' lines, and ranks the three.
    #[test]
    fn the_run_verdict_names_dsql_beside_the_other_two() {
        let s = presets::find("flash-sale-one-product").unwrap().scenario();
        let run = sim::run(&s);
        let q = &run.dsql.as_ref().expect("the preset picks DSQL").summary;
        let v = run_verdict(&run, &s).join(" ");
        assert!(
            v.contains(&format!(
                "Aurora DSQL (single-Region) costs {} a month and fails {} of requests, mostly 40001 OC000",
                usd(q.monthly_cost_usd),
                percent(q.failed_share())
            )),
            "{v}"
        );
        let target = s.p99_target_ms;
        let word = |s: &Summary| if s.worst_p99_ms <= target { "meets it throughout" } else { "misses it at its worst" };
        assert!(
            v.contains(&format!(
                "Against the p99 target of {}: DynamoDB {}, Aurora {}, Aurora DSQL {}.",
                ms(target),
                word(&run.dynamodb_summary),
                word(&run.aurora_summary),
                word(q)
            )),
            "{v}"
        );
        assert!(v.contains(&format!("Aurora DSQL {} and {} a month", usd(q.monthly_backup_usd), usd(q.monthly_transfer_usd))), "{v}");
        assert!(v.contains(&format!("Aurora DSQL {} with", usd(q.monthly_cost_with_plan_usd))), "{v}");
        // The cheapest of the three with their commitments, by the word for three.
        let all = contenders(&run);
        let with_plan: Vec<(&str, f64)> = all.iter().map(|(db, s)| (db.name(), s.monthly_cost_with_plan_usd)).collect();
        assert!(v.contains(&format!("{} stays the cheapest.", cheapest(&with_plan))) || v.contains("the commitments make"), "{v}");
    }

    /// All three miss, or all three meet: one word for the three, as "both" for two.
    #[test]
    fn three_that_agree_on_the_target_are_judged_together() {
        let mut s = presets::find("flash-sale-one-product").unwrap().scenario();
        s.p99_target_ms = 1.0;
        let v = run_verdict(&sim::run(&s), &s).join(" ");
        assert!(v.contains("Against the p99 target of 1 ms: all three miss it at their worst."), "{v}");
        s.p99_target_ms = 60_000.0;
        let v = run_verdict(&sim::run(&s), &s).join(" ");
        assert!(v.contains("all three meet it throughout."), "{v}");
    }

    /// A Region outage with DSQL picked: the fault's line ends with what it cost DSQL.
    #[test]
    fn each_fault_says_what_it_cost_dsql_too() {
        let mut s = presets::find("region-outage").unwrap().scenario();
        s.contenders.push(crate::model::database::Database::Dsql);
        s.dsql.topology = Topology::MultiRegion;
        let run = sim::run(&s);
        let impact = &run.fault_impacts[0];
        let dsql = &impact.dsql.as_ref().expect("DSQL's part of the fault").verdict;
        assert!(dsql.contains("no committed write is lost (RPO 0)"), "{dsql}");
        let v = run_verdict(&run, &s);
        let line = v.iter().find(|l| l.starts_with(&impact.label)).expect("the fault's sentence");
        assert!(line.ends_with(&format!("{} {} {dsql}", impact.dynamodb.verdict, impact.aurora.verdict)), "{line}");
    }
}
