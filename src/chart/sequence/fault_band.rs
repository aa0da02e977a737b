//! The band under the diagram: the fault active at the time cursor, as steps on one seconds
//! axis shared by both databases, with the cursor's place in it. The axis covers the time
//! requests fail plus a quarter; longer steps (a Region away for an hour, a reader missing)
//! run off the right edge with their length written there.

use super::{text, SequenceSpec, ASYNC, BAND};
use crate::chart::style::{colour_of, INK};
use crate::chart::DrawResult;
use crate::format::{clock, duration};
use crate::model::faults::SequenceStep;
use crate::model::regions::Database;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Okabe–Ito colours for the kinds of step (vermillion and blue belong to the databases).
const DETECT: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
const PROMOTE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
const DNS: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
const RECONNECT: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
const CARRY_ON: RGBColor = RGBColor(0x00, 0x9E, 0x73);
const NICE_TICKS_S: [f64; 14] = [
    1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1_800.0, 3_600.0, 7_200.0,
];

fn step_color(label: &str) -> RGBAColor {
    let l = label.to_lowercase();
    if l.starts_with("detect") || l.starts_with("decide") {
        DETECT.to_rgba()
    } else if l.starts_with("promot")
        || l.starts_with("new writer")
        || l.starts_with("switch")
        || l.starts_with("restart")
    {
        PROMOTE.to_rgba()
    } else if l.starts_with("dns") {
        DNS.to_rgba()
    } else if l.contains("reconnect") || l.contains("redirected") {
        RECONNECT.to_rgba()
    } else {
        CARRY_ON.mix(0.45)
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &SequenceSpec,
    t_s: Option<f64>,
    (x0, y0, x1, y1): (i32, i32, i32, i32),
) -> DrawResult<DB> {
    root.draw(&Rectangle::new([(x0, y0), (x1, y1)], BAND.filled()))?;
    let plan = &spec.faults;
    let Some(win) = t_s.and_then(|t| plan.active_at(t)) else {
        root.draw(&Text::new(
            "Failover sequence",
            (x0 + 12, y0 + 10),
            text(super::HEAD_PX, INK, HPos::Left, VPos::Top),
        ))?;
        let line = if plan.windows().is_empty() {
            "No fault in this scenario: add one under “Failures and Regions” to see its sequence here.".to_string()
        } else {
            let list: Vec<String> = plan
                .windows()
                .iter()
                .take(3)
                .map(|w| format!("{} at {}", w.label, clock(w.start_s)))
                .collect();
            format!(
                "No fault at this moment. This run has: {}{}.",
                list.join(" · "),
                if plan.windows().len() > 3 { " …" } else { "" }
            )
        };
        root.draw(&Text::new(
            line,
            (x0 + 12, y0 + 46),
            text(super::TEXT_PX, INK, HPos::Left, VPos::Top),
        ))?;
        return Ok(());
    };
    let t = t_s.unwrap_or(win.start_s);
    let now = t - win.start_s;
    let steps = plan.sequence(win.fault);
    let loss_end = plan.loss_end_s(win.fault).unwrap_or(win.end_s) - win.start_s;
    let span = (loss_end * 1.25)
        .max(10.0)
        .min((win.end_s - win.start_s).max(10.0));
    let doing: Vec<String> = steps
        .iter()
        .filter(|s| s.start_s <= t && t < s.end_s)
        .map(|s| {
            format!(
                "{} {}",
                s.db.name(),
                s.label
            )
        })
        .collect();
    let title = format!(
        "{} at {} · now +{}{}",
        win.label,
        clock(win.start_s),
        duration(now.max(0.0)),
        if doing.is_empty() {
            String::new()
        } else {
            format!(": {}", doing.join(", "))
        }
    );
    root.draw(&Text::new(
        title,
        (x0 + 12, y0 + 8),
        text(super::HEAD_PX, INK, HPos::Left, VPos::Top),
    ))?;

    let (bx0, bx1) = (x0 + 130, x1 - 24);
    let x_of = |s: f64| bx0 + ((s / span).clamp(0.0, 1.0) * f64::from(bx1 - bx0)).round() as i32;
    let rows_top = y0 + 58;
    // One row per database in the run (DSQL's only when the scenario names it).
    let rows: Vec<Database> = Database::ALL.into_iter().filter(|&db| db != Database::Dsql || plan.with_dsql()).collect();
    let row_h = ((y1 - rows_top - 26) / rows.len() as i32).max(20);
    for (r, (db, name, color)) in rows.iter().map(|&db| (db, db.name(), colour_of(db))).enumerate() {
        let ry = rows_top + r as i32 * row_h;
        root.draw(&Text::new(
            name,
            (x0 + 12, ry + row_h / 2),
            text(super::TEXT_PX, color, HPos::Left, VPos::Center),
        ))?;
        let mine: Vec<&SequenceStep> = steps.iter().filter(|s| s.db == db).collect();
        if mine.is_empty() {
            let note = plan.note(win.fault, db);
            let first = note
                .split(". ")
                .next()
                .unwrap_or(note)
                .trim_end_matches('.');
            root.draw(&Text::new(
                format!("{first}."),
                (bx0, ry + row_h / 2),
                text(super::SMALL_PX, ASYNC, HPos::Left, VPos::Center),
            ))?;
            continue;
        }
        // Greedy lanes so overlapping steps sit one above the other.
        let mut lane_ends: Vec<f64> = Vec::new();
        let lanes: Vec<usize> = mine
            .iter()
            .map(|s| {
                let rel = s.start_s - win.start_s;
                match lane_ends.iter().position(|&e| e <= rel + 1e-9) {
                    Some(i) => {
                        lane_ends[i] = s.end_s - win.start_s;
                        i
                    }
                    None => {
                        lane_ends.push(s.end_s - win.start_s);
                        lane_ends.len() - 1
                    }
                }
            })
            .collect();
        let lane_h = (row_h - 6) / lane_ends.len().max(1) as i32;
        for (s, lane) in mine.iter().zip(lanes) {
            let (a, b) = (s.start_s - win.start_s, s.end_s - win.start_s);
            let (xa, xb) = (x_of(a), x_of(b).max(x_of(a) + 2));
            let (ya, yb) = (
                ry + 3 + lane as i32 * lane_h,
                ry + 1 + (lane as i32 + 1) * lane_h,
            );
            root.draw(&Rectangle::new(
                [(xa, ya), (xb, yb)],
                step_color(&s.label).filled(),
            ))?;
            let current = a <= now && now < b;
            let outline = if current {
                INK.stroke_width(3)
            } else {
                WHITE.stroke_width(1)
            };
            root.draw(&Rectangle::new([(xa, ya), (xb, yb)], outline))?;
            // The longest label that fits: with its length, without, or none (the title names
            // the current step).
            let style = text(super::SMALL_PX, INK, HPos::Left, VPos::Center);
            let fits = |l: &str| {
                root.estimate_text_size(l, &style)
                    .is_ok_and(|(w, _)| (w as i32) < xb - xa - 8)
            };
            let first_word = s.label.split(' ').next().unwrap_or("").to_string();
            let label = [
                format!("{} {}", s.label, duration(b - a)),
                s.label.clone(),
                first_word,
            ]
            .into_iter()
            .find(|l| fits(l));
            if let Some(label) = label {
                root.draw(&Text::new(label, (xa + 5, (ya + yb) / 2), style.clone()))?;
            } else if b > span {
                root.draw(&Text::new(
                    format!("→ {}", duration(b - a)),
                    (xb - 4, (ya + yb) / 2),
                    text(super::SMALL_PX, INK, HPos::Right, VPos::Center),
                ))?;
            }
        }
    }

    // The seconds axis shared by the rows, and the cursor.
    let axis_y = rows_top + rows.len() as i32 * row_h + 2;
    root.draw(&PathElement::new(
        vec![(bx0, axis_y), (bx1, axis_y)],
        INK.stroke_width(1),
    ))?;
    let tick = NICE_TICKS_S
        .into_iter()
        .find(|&t| span / t <= 8.0)
        .unwrap_or(14_400.0);
    let mut s = 0.0;
    while s <= span + 1e-9 {
        let x = x_of(s);
        root.draw(&PathElement::new(
            vec![(x, axis_y), (x, axis_y + 5)],
            INK.stroke_width(1),
        ))?;
        root.draw(&Text::new(
            format!("+{}", duration(s)),
            (x, axis_y + 7),
            text(super::SMALL_PX, INK, HPos::Center, VPos::Top),
        ))?;
        s += tick;
    }
    let cx = x_of(now);
    root.draw(&PathElement::new(
        vec![(cx, rows_top - 4), (cx, axis_y)],
        INK.stroke_width(3),
    ))?;
    let mark = if now > span {
        format!("now +{} →", duration(now))
    } else {
        "now".to_string()
    };
    root.draw(&Text::new(
        mark,
        (cx + 4, rows_top - 4),
        text(super::SMALL_PX, INK, HPos::Left, VPos::Bottom),
    ))?;
    Ok(())
}
