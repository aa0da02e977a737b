//! Database Savings Plans (issue 18, item 1): the optimal commitment is the discount-quantile
//! of the hourly eligible spend (`src/model/commitments.rs`). Checked against hand-worked
//! examples, against a brute-force search over every commitment that can be optimal, and in
//! whole runs.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use scalelab::model::commitments::{optimal, with_commitment, HourlySpend};
use scalelab::model::presets;
use scalelab::model::prices::PriceTable;
use scalelab::model::scenario::Scenario;
use scalelab::model::sim;

fn week(cheap_h: usize, cheap_usd: f64, dear_usd: f64) -> HourlySpend {
    let mut s = HourlySpend::default();
    for h in 0..168 {
        s.add(h as f64 * 3600.0, 3600.0, if h < cheap_h { cheap_usd } else { dear_usd });
    }
    s
}

#[test]
fn a_spiky_serverless_week_commits_to_its_floor() {
    // 120 quiet hours at $1 and 48 busy ones at $5, 35 % off: the quiet hours are over 35 %
    // of the week, so cover $1/h, a commitment of $0.65/h. Week: 168 × 0.65 + 48 × (5 − 1)
    // = $301.20 against $360 on demand; every committed dollar is used.
    let p = optimal(&week(120, 1.0, 5.0), 0.35);
    assert!((p.usd_per_h - 0.65).abs() < 1e-12, "{p:?}");
    assert!((p.with_plan_usd - 301.2).abs() < 1e-9, "{p:?}");
    assert!((p.eligible_usd - 360.0).abs() < 1e-9);
    assert!((p.utilisation - 1.0).abs() < 1e-12);
    assert!((p.coverage - 168.0 / 360.0).abs() < 1e-12);
    // Quiet for only 50 hours (under 35 % of the week): covering the busy level wins.
    // $3.25/h × 168 = $546, against 168 × 0.65 + 118 × 4 = $581.20 for the floor.
    let busy = week(50, 1.0, 5.0);
    let p = optimal(&busy, 0.35);
    assert!((p.usd_per_h - 3.25).abs() < 1e-12 && (p.with_plan_usd - 546.0).abs() < 1e-9, "{p:?}");
    assert!((with_commitment(&busy, 0.35, 0.65).with_plan_usd - 581.2).abs() < 1e-9);
}

/// The least total over every kink of the piecewise-linear cost (each hour's rate covered)
/// and a fine grid between: a brute-force answer that knows nothing of quantiles.
fn brute_force(spend: &HourlySpend, discount: f64, rates: &[f64]) -> f64 {
    let top = rates.iter().cloned().fold(0.0, f64::max);
    let kinks = rates.iter().map(|r| (1.0 - discount) * r);
    let grid = (0..=400).map(|i| (1.0 - discount) * top * f64::from(i) / 400.0);
    kinks.chain(grid).map(|c| with_commitment(spend, discount, c).with_plan_usd).fold(f64::INFINITY, f64::min)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_quantile_commitment_is_as_cheap_as_any(
        usd in prop::collection::vec(0.0f64..50.0, 1..200),
        last_share in 0.05f64..1.0,
        discount in 0.0f64..0.6,
    ) {
        let mut spend = HourlySpend::default();
        let n = usd.len();
        let mut rates = Vec::new();
        for (h, u) in usd.iter().enumerate() {
            // The run's last hour may be partial.
            let len = if h + 1 == n { 3600.0 * last_share } else { 3600.0 };
            spend.add(h as f64 * 3600.0, len, *u * len / 3600.0);
            rates.push(*u);
        }
        let best = optimal(&spend, discount);
        let brute = brute_force(&spend, discount, &rates);
        prop_assert!(best.with_plan_usd <= brute + 1e-9 * brute.max(1.0), "quantile {} > brute force {brute}", best.with_plan_usd);
        prop_assert!(best.with_plan_usd <= best.eligible_usd + 1e-9);
        prop_assert!((0.0..=1.0 + 1e-12).contains(&best.utilisation) && (0.0..=1.0 + 1e-12).contains(&best.coverage));
    }
}

fn flat(instance_class: Option<&str>) -> Scenario {
    let mut s = Scenario::default();
    s.aurora.instance_class = instance_class.map(str::to_string);
    s.validate().unwrap_or_else(|e| panic!("{e}"));
    s
}

#[test]
fn a_steady_provisioned_writer_commits_to_all_its_compute_if_its_family_is_eligible() {
    let r7g = sim::run(&flat(Some("db.r7g.large")));
    let plan = &r7g.aurora_summary.savings_plan;
    assert_eq!(plan.discount, PriceTable::default().savings_plan_aurora_instance_off.value);
    assert!((plan.utilisation - 1.0).abs() < 1e-9 && (plan.coverage - 1.0).abs() < 1e-9, "{plan:?}");
    assert!((plan.saving_usd() - plan.discount * plan.eligible_usd).abs() < 1e-9 * plan.eligible_usd);
    let a = &r7g.aurora_summary;
    assert!(a.monthly_cost_with_plan_usd < a.monthly_cost_usd);

    // db.r6g takes Reserved Instances only: no plan, the same bill.
    let r6g = sim::run(&flat(Some("db.r6g.large")));
    let a = &r6g.aurora_summary;
    assert_eq!((a.savings_plan.discount, a.savings_plan.usd_per_h), (0.0, 0.0));
    assert_eq!(a.monthly_cost_with_plan_usd, a.monthly_cost_usd);
}

#[test]
fn every_preset_saves_at_most_the_discount_on_its_eligible_spend() {
    for p in &presets::PRESETS {
        let r = sim::run(&p.scenario());
        let mut summaries = vec![("DynamoDB", &r.dynamodb_summary), ("Aurora", &r.aurora_summary)];
        if let Some(d) = &r.dsql {
            summaries.push(("DSQL", &d.summary));
        }
        for (name, s) in summaries {
            let plan = &s.savings_plan;
            assert!(s.monthly_cost_with_plan_usd <= s.monthly_cost_usd + 1e-9, "{} {name}", p.id);
            assert!(plan.saving_usd() <= plan.discount * plan.eligible_usd * (1.0 + 1e-9), "{} {name}: {plan:?}", p.id);
            // Eligible spend is part of the bill (DSQL's bill is after its free tier).
            let monthly_eligible = plan.eligible_usd * 730.0 * 3600.0 / r.duration_s;
            if name != "DSQL" {
                assert!(monthly_eligible <= s.monthly_cost_usd * (1.0 + 1e-9), "{} {name}: {monthly_eligible} of {}", p.id, s.monthly_cost_usd);
            }
            assert!(s.monthly_cost_with_plan_usd.is_finite() && plan.usd_per_h.is_finite());
        }
    }
}

#[test]
fn a_discount_is_a_share_below_one() {
    let mut p = PriceTable::default();
    let err = p.set("savings_plan_aurora_serverless_off", 1.2).unwrap_err();
    assert!(err.contains("savings_plan_aurora_serverless_off") && err.contains("0 to 0.9"), "{err}");
    p.set("savings_plan_aurora_serverless_off", 0.5).unwrap();
    assert_eq!(p.savings_plan_aurora_serverless_off.value, 0.5);
}

// ---- DynamoDB reserved capacity ----

use scalelab::model::commitments::{optimal_reservation, with_reservation, BlockPrice};

const ONE_YEAR_WCU: BlockPrice = BlockPrice { upfront_usd: 150.0, hourly_usd: 0.0128, term_h: 8_760.0 };
const WCU_HOUR: f64 = 0.00065;

fn steady_units(units: f64, hours: usize) -> HourlySpend {
    let mut s = HourlySpend::default();
    for h in 0..hours {
        s.add(h as f64 * 3600.0, 3600.0, units);
    }
    s
}

#[test]
fn one_year_of_reserved_writes_takes_54_percent_off_a_steady_table() {
    // 100 WCU for a year: $150 + $0.0128/h = $0.029923/h against 100 × $0.00065 = $0.065/h.
    let r = optimal_reservation(&steady_units(1_000.0, 24), WCU_HOUR, ONE_YEAR_WCU);
    assert_eq!(r.units, 1_000.0);
    assert!((r.discount - (1.0 - (150.0 / 8_760.0 + 0.0128) / 0.065)).abs() < 1e-12 && (r.discount - 0.54).abs() < 0.005, "{r:?}");
    assert!((r.reserved_usd - 24.0 * 10.0 * (150.0 / 8_760.0 + 0.0128)).abs() < 1e-9, "{r:?}");
    assert!((r.utilisation - 1.0).abs() < 1e-12);
    // 1,050 WCU: an 11th block ($0.0299/h) costs less than 50 WCU on demand ($0.0325/h).
    assert_eq!(optimal_reservation(&steady_units(1_050.0, 24), WCU_HOUR, ONE_YEAR_WCU).units, 1_100.0);
    // 1,020 WCU: 20 on demand ($0.013/h) cost less than a block.
    assert_eq!(optimal_reservation(&steady_units(1_020.0, 24), WCU_HOUR, ONE_YEAR_WCU).units, 1_000.0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_best_block_count_is_as_cheap_as_any(units in prop::collection::vec(0.0f64..5_000.0, 1..100)) {
        let mut s = HourlySpend::default();
        for (h, u) in units.iter().enumerate() {
            s.add(h as f64 * 3600.0, 3600.0, *u);
        }
        let best = optimal_reservation(&s, WCU_HOUR, ONE_YEAR_WCU);
        prop_assert!(best.units % 100.0 == 0.0);
        let brute = (0..=51).map(|n| with_reservation(&s, WCU_HOUR, ONE_YEAR_WCU, 100.0 * f64::from(n)).reserved_usd).fold(f64::INFINITY, f64::min);
        prop_assert!(best.reserved_usd <= brute * (1.0 + 1e-12), "{} > {brute}", best.reserved_usd);
    }
}

#[test]
fn reserved_capacity_is_for_provisioned_standard_tables_and_not_replicated_writes() {
    let flash = presets::find("flash-sale").unwrap().scenario();
    let r = sim::run(&flash);
    assert!(r.dynamodb_reserved.eligible);
    let one = &r.dynamodb_reserved.one_year;
    assert!(one.monthly_cost_usd < r.dynamodb_summary.monthly_cost_usd && r.dynamodb_reserved.three_year.monthly_cost_usd <= one.monthly_cost_usd);

    let mut on_demand = flash.clone();
    on_demand.dynamodb.mode = scalelab::model::dynamodb::CapacityMode::OnDemand;
    assert!(!sim::run(&on_demand).dynamodb_reserved.eligible);
    let mut ia = flash.clone();
    ia.dynamodb.table_class = scalelab::model::dynamodb::TableClass::StandardInfrequentAccess;
    assert!(!sim::run(&ia).dynamodb_reserved.eligible);

    // A replica Region adds replicated writes to the bill, none to what can be reserved.
    let mut global = flash.clone();
    global.dynamodb.replica_regions = 1;
    let g = sim::run(&global);
    assert!(g.dynamodb_summary.monthly_cost_usd > r.dynamodb_summary.monthly_cost_usd);
    assert_eq!(g.dynamodb_reserved.one_year.wcu.units, one.wcu.units);
}

// ---- Aurora Reserved Instances ----

#[test]
fn reserved_instances_take_their_share_off_the_instances_only() {
    let s = flat(Some("db.r6g.large"));
    let r = sim::run(&s);
    let ri = &r.aurora_reserved;
    assert!(ri.eligible);
    // Writer and reader, 2 vCPU each, every hour of a 730-hour month.
    let instances = 2.0 * 2.0 * s.prices.aurora_r6g_vcpu_hour.value * 730.0;
    let a = &r.aurora_summary;
    assert!((a.monthly_cost_usd - ri.one_year_no_upfront_usd - 0.20 * instances).abs() < 1e-6 * instances, "{ri:?} {instances}");
    assert!((a.monthly_cost_usd - ri.three_year_all_upfront_usd - 0.55 * instances).abs() < 1e-6 * instances);
    assert!(ri.three_year_all_upfront_usd < ri.one_year_all_upfront_usd && ri.one_year_all_upfront_usd < ri.one_year_no_upfront_usd);
    let said = scalelab::model::verdict::run_verdict(&r, &s).join(" ");
    assert!(said.contains("Aurora with Reserved Instances instead") && said.contains("not eligible"), "{said}");
    // Serverless v2 takes no Reserved Instances.
    let serverless = sim::run(&flat(None));
    assert!(!serverless.aurora_reserved.eligible);
    assert!(!scalelab::model::verdict::run_verdict(&serverless, &flat(None)).join(" ").contains("Reserved Instances"));
}

#[test]
fn the_commitment_chart_draws_each_hour_and_the_covered_spend_on_one_scale() {
    use plotters::prelude::*;
    use scalelab::chart::commitment::{draw_curves, PlanCurve};
    // A spiky week: the plan covers the floor, $4 an hour, and the chart puts its dashed line
    // at the height of the cheap hours.
    let plan = optimal(&week(100, 4.0, 10.0), 0.35);
    assert!((plan.covered_usd_per_h() - 4.0).abs() < 1e-9, "{plan:?}");
    assert_eq!(plan.hourly_usd.len(), 168);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (720, 440)).into_drawing_area();
        draw_curves(&root, &[PlanCurve { name: "Aurora", colour: scalelab::chart::style::AURORA, plan: &plan }]).expect("draws");
    }
    assert!(!out.contains("NaN"));
    for needle in ["Hour of the run", "USD per hour", "Aurora: spend on demand", "$2.60/h committed covers $4.00/h"] {
        assert!(out.contains(needle), "missing {needle}");
    }
    // Every y of the step line is one of two heights, and the dashed line sits at the lower.
    let ys = |t: &str| -> Vec<f64> {
        t.split("points=\"").nth(1).map_or_else(Vec::new, |p| p.split('"').next().unwrap_or("").split_whitespace().filter_map(|xy| xy.split(',').nth(1)?.parse().ok()).collect())
    };
    let polylines: Vec<Vec<f64>> = out.split("<polyline").skip(1).map(ys).filter(|v| !v.is_empty()).collect();
    let steps = polylines.iter().max_by_key(|v| v.len()).expect("a step line");
    let (low_px, high_px) = (steps.iter().copied().fold(f64::MIN, f64::max), steps.iter().copied().fold(f64::MAX, f64::min));
    assert!(low_px - high_px > 50.0, "$4 and $10 hours apart: {low_px} vs {high_px}");
    let dashes: Vec<f64> = polylines.iter().filter(|v| v.len() == 2 && (v[0] - v[1]).abs() < 0.5).map(|v| v[0]).collect();
    assert!(dashes.iter().any(|&y| (y - low_px).abs() <= 1.5), "a dash at the $4 hours' height {low_px}: {dashes:?}");
}

/// A commitment the person chooses (`billing.plan_usd_per_h`) replaces the best one for
/// every database: the best one chosen gives the same bill; one far larger than the spend
/// costs more than on demand, and the verdict says so; a negative one is refused by name.
#[test]
fn a_chosen_commitment_is_billed_as_chosen_even_when_it_costs_more() {
    let s = flat(Some("db.r7g.large"));
    let best = sim::run(&s);
    let aurora_best = best.aurora_summary.savings_plan.usd_per_h;
    assert!(aurora_best > 0.0);
    let mut chosen = s.clone();
    chosen.billing.plan_usd_per_h = Some(aurora_best);
    let run = sim::run(&chosen);
    assert!((run.aurora_summary.monthly_cost_with_plan_usd - best.aurora_summary.monthly_cost_with_plan_usd).abs() < 1e-9 * best.aurora_summary.monthly_cost_usd);
    assert_eq!(run.dynamodb_summary.savings_plan.usd_per_h, aurora_best, "the same commitment for each database");
    // Ten times the spend: 90 % of it unused, and the plan costs more than on demand.
    chosen.billing.plan_usd_per_h = Some(10.0 * aurora_best);
    let over = sim::run(&chosen);
    let a = &over.aurora_summary;
    assert!(a.monthly_cost_with_plan_usd > a.monthly_cost_usd, "{a:?}");
    assert!((a.savings_plan.utilisation - 0.1).abs() < 1e-6, "{:?}", a.savings_plan);
    let said = scalelab::model::verdict::run_verdict(&over, &chosen).join(" ");
    assert!(said.contains("With your $") && said.contains("more than on demand: 90 % of the commitment goes unused"), "{said}");
    // A family no plan covers (db.r6g) takes no commitment, chosen or not.
    let mut r6g = flat(Some("db.r6g.large"));
    r6g.billing.plan_usd_per_h = Some(aurora_best);
    let a = sim::run(&r6g).aurora_summary;
    assert_eq!((a.savings_plan.usd_per_h, a.monthly_cost_with_plan_usd), (0.0, a.monthly_cost_usd), "{:?}", a.savings_plan);
    chosen.billing.plan_usd_per_h = Some(-1.0);
    let e = chosen.validate().unwrap_err();
    assert!(e.contains("billing.plan_usd_per_h"), "{e}");
}
