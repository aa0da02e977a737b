//! The full bill (issue 18, item 2): backups, data transfer and the free tier, in the steady
//! models and in whole runs, against hand-worked months; and the bill chart, whose bars are
//! as long as the lines they stand for.
#![cfg(not(target_arch = "wasm32"))]

use plotters::prelude::*;
use scalelab::chart::bill;
use scalelab::model::aurora::config::Access;
use scalelab::model::billing::Billing;
use scalelab::model::dynamodb::CapacityMode;
use scalelab::model::scenario::Scenario;
use scalelab::model::sim;

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
const MONTH_S: f64 = 730.0 * 3600.0;

/// A steady day at 1,000 requests/s of 1 KiB items, 80 % reads.
fn steady_day() -> Scenario {
    let mut s = Scenario::default();
    s.workload.requests_per_s = 1_000.0;
    s.workload.read_share = 0.8;
    s.workload.item_size_kb = 1.0;
    s.simulation.duration_s = 86_400.0;
    s.traffic = scalelab::model::traffic::Traffic::Steady;
    s.faults.clear();
    s
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-9)
}

#[test]
fn aurora_pays_for_the_two_thirds_of_requests_that_cross_zones_and_dynamodb_pays_nothing() {
    let s = steady_day();
    let r = sim::run(&s);
    let (ddb, aurora) = (&r.dynamodb_summary, &r.aurora_summary);
    assert_eq!(aurora.failed_requests, 0.0, "the hand-worked month assumes every request served");
    // 1,000 KiB/s for a month, 2/3 across, $0.01 out of one zone and $0.01 into the other.
    let want = 1_000.0 * 1024.0 * MONTH_S / GIB * (2.0 / 3.0) * 0.02;
    assert!(close(aurora.monthly_transfer_usd, want, 1e-6), "{} vs {want}", aurora.monthly_transfer_usd);
    assert_eq!(ddb.monthly_transfer_usd, 0.0, "DynamoDB is a Regional endpoint: no charge between zones");
    // The lines add up to the total.
    for summary in [ddb, aurora] {
        let lines: f64 = summary.bill_lines_usd().iter().sum();
        assert!(close(lines, summary.monthly_cost_usd, 1e-12), "{lines} vs {}", summary.monthly_cost_usd);
    }

    // One zone, or the Data API (a Regional endpoint): nothing crosses.
    let mut one_zone = s.clone();
    one_zone.billing.app_azs = 1.0;
    assert_eq!(sim::run(&one_zone).aurora_summary.monthly_transfer_usd, 0.0);
    let mut data_api = s.clone();
    data_api.aurora.access = Access::DataApi;
    assert_eq!(sim::run(&data_api).aurora_summary.monthly_transfer_usd, 0.0);
}

#[test]
fn bytes_read_out_to_the_internet_cost_every_database_the_same() {
    let mut s = steady_day();
    s.billing.app_azs = 1.0;
    s.billing.internet_share = 0.5;
    let r = sim::run(&s);
    // 800 reads/s of 1 KiB, half of them leaving AWS at $0.09/GB.
    let want = 800.0 * 1024.0 * MONTH_S / GIB * 0.5 * 0.09;
    assert!(close(r.dynamodb_summary.monthly_transfer_usd, want, 1e-6), "{}", r.dynamodb_summary.monthly_transfer_usd);
    assert!(close(r.aurora_summary.monthly_transfer_usd, want, 1e-6), "{}", r.aurora_summary.monthly_transfer_usd);
}

#[test]
fn a_week_of_point_in_time_recovery_bills_the_table_for_dynamodb_and_six_days_of_changes_for_aurora() {
    let mut s = steady_day();
    s.workload.table_size_gb = 100.0;
    let r = sim::run(&s);
    // DynamoDB: 100 GB × $0.20, whatever the window.
    assert!(close(r.dynamodb_summary.monthly_backup_usd, 20.0, 1e-9), "{}", r.dynamodb_summary.monthly_backup_usd);
    // Aurora: 200 writes/s of a log record each; a day's changes kept 6 days beyond the first.
    let aurora = r.aurora_summary.monthly_backup_usd;
    let row_gb_per_day = 200.0 * 1024.0 * 86_400.0 / GIB;
    assert!(aurora > 6.0 * row_gb_per_day * 0.021 * 0.99, "at least the rows written: {aurora}");
    assert!(aurora < 6.0 * row_gb_per_day * 0.021 * 2.0, "the log record is near the row's size: {aurora}");

    // A 1-day window: Aurora's backups are free; DynamoDB still pays for the table.
    let mut day = s.clone();
    day.billing.recovery_days = 1.0;
    let r1 = sim::run(&day);
    assert_eq!(r1.aurora_summary.monthly_backup_usd, 0.0);
    assert!(close(r1.dynamodb_summary.monthly_backup_usd, 20.0, 1e-9));
    // Off: DynamoDB's point-in-time recovery is off; Aurora keeps its free day.
    let mut off = s;
    off.billing.recovery_days = 0.0;
    let r0 = sim::run(&off);
    assert_eq!((r0.dynamodb_summary.monthly_backup_usd, r0.aurora_summary.monthly_backup_usd), (0.0, 0.0));
}

#[test]
fn the_free_tier_takes_25_rcu_and_25_wcu_off_a_provisioned_table() {
    let mut s = steady_day();
    s.dynamodb.mode = CapacityMode::Provisioned;
    let with = sim::run(&s).dynamodb_summary.monthly_capacity_usd;
    s.billing.free_tier = false;
    let without = sim::run(&s).dynamodb_summary.monthly_capacity_usd;
    // 25 RCU × $0.00013 + 25 WCU × $0.00065, 730 hours.
    let free = 25.0 * (0.00013 + 0.00065) * 730.0;
    assert!(close(without - with, free, 1e-6), "{} vs {free}", without - with);
}

#[test]
fn any_step_size_bills_the_same_month() {
    let mut s = steady_day();
    s.billing.internet_share = 0.3;
    s.workload.table_size_gb = 40.0;
    let lines = |step_s: f64| {
        let mut t = s.clone();
        t.simulation.step_s = Some(step_s);
        let r = sim::run(&t);
        [r.dynamodb_summary.bill_lines_usd(), r.aurora_summary.bill_lines_usd()]
    };
    let (fine, coarse) = (lines(1.0), lines(60.0));
    for (f, c) in fine.iter().flatten().zip(coarse.iter().flatten()) {
        assert!(close(*f, *c, 1e-6), "{f} vs {c}");
    }
}

#[test]
fn the_bill_chart_draws_each_line_as_long_as_it_costs() {
    let mut s = steady_day();
    s.billing = Billing { internet_share: 0.2, ..Billing::default() };
    s.workload.table_size_gb = 200.0;
    let run = sim::run(&s);
    let rows = bill::rows(&run);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (720, 440)).into_drawing_area();
        bill::draw_rows(&root, &rows).expect("bill chart draws");
    }
    for needle in ["Throughput and compute", "I/O and API requests", "Storage", "Backups", "Data transfer", "DynamoDB", "Aurora", "USD per month", "/ month"] {
        assert!(out.contains(needle), "missing {needle}");
    }
    assert!(!out.contains("NaN"));
    // Each coloured rectangle's width is its line's dollars on one scale for every bar: the
    // bars come first in each colour, a row each, then the legend's swatch.
    let mut bars = Vec::new();
    for (k, colour) in bill::LINE_COLOURS.iter().enumerate() {
        let hex = format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2);
        let widths: Vec<f64> = out
            .split("<rect")
            .skip(1)
            .map(|t| t.split("/>").next().unwrap_or(""))
            .filter(|t| t.to_uppercase().contains(&format!("FILL=\"{hex}\"")))
            .filter_map(|t| t.split(" width=\"").nth(1)?.split('"').next()?.parse::<f64>().ok())
            .collect();
        assert_eq!(widths.len(), rows.len() + 1, "a bar per row and a legend swatch in {hex}");
        bars.extend(rows.iter().zip(&widths).map(|(r, &w)| (r.lines_usd[k], w)));
    }
    let &(top_usd, top_px) = bars.iter().max_by(|a, b| a.0.total_cmp(&b.0)).expect("bars");
    assert!(top_px > 100.0, "the largest line is drawn long: {top_px} px");
    for &(usd, px) in &bars {
        assert!((px - usd / top_usd * top_px).abs() <= 1.5, "${usd} drawn {px} px, the scale is {top_px} px for ${top_usd}");
    }
    assert!(bars.iter().filter(|b| b.0 > 1.0).count() >= 6, "{bars:?}");

    // Each database's name is beside its own bar, the first on top.
    let tag_num = |t: &str, name: &str| t.split(&format!(" {name}=\"")).nth(1)?.split('"').next()?.parse::<f64>().ok();
    let first_colour = bill::LINE_COLOURS[0];
    let hex = format!("#{:02X}{:02X}{:02X}", first_colour.0, first_colour.1, first_colour.2);
    let spans: Vec<(f64, f64)> = out
        .split("<rect")
        .skip(1)
        .map(|t| t.split("/>").next().unwrap_or(""))
        .filter(|t| t.to_uppercase().contains(&format!("FILL=\"{hex}\"")))
        .take(rows.len())
        .filter_map(|t| Some((tag_num(t, "y")?, tag_num(t, "height")?)))
        .collect();
    let mut tops = Vec::new();
    for (row, (y, h)) in rows.iter().zip(&spans) {
        let label_y = out
            .split("<text")
            .skip(1)
            .find(|t| t.contains(&format!(">{}<", row.name)) || t.contains(&format!(">\n{}\n<", row.name)))
            .and_then(|t| tag_num(t, "y"))
            .unwrap_or_else(|| panic!("no label {}", row.name));
        assert!(label_y >= y - 1.0 && label_y <= y + h + 1.0, "{} labelled at y = {label_y}, its bar spans {y}..{}", row.name, y + h);
        tops.push(*y);
    }
    assert!(tops.windows(2).all(|w| w[0] < w[1]), "DynamoDB's bar first, on top: {tops:?}");
}
