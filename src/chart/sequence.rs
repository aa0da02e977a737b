//! The sequence diagram the seed article promised ("how DynamoDB handles a high-concurrency
//! read through its Global Tables and replication, compared to Aurora's global database
//! synchronization") and never showed: one write in Region A, then one read in Region B,
//! for DynamoDB global tables in both modes (MREC, MRSC) beside Aurora Global Database, and
//! Aurora DSQL when the scenario names it (its multi-Region commit waits for the peer Region
//! or the witness; a single-Region cluster serves Region B from Region A).
//!
//! * Arrows carry the model's unloaded p50 latencies ([`crate::model::regions`], from the
//!   scenario's estimates). The vertical order is the order of events, not a time scale:
//!   the diagram's point is who waits for whom. A bar under each panel puts the write and
//!   the read on one millisecond scale shared by the three panels.
//! * An animation phase (0 to 1) draws the messages one after another; the page derives it
//!   from the run's time cursor.
//! * While a fault is active at the cursor, the band at the bottom shows its sequence for
//!   both databases on one seconds axis (detection → promotion → DNS TTL → reconnect, or
//!   redirect → decision → promotion), with where the cursor is.

mod fault_band;

use super::style::{AURORA, DSQL, DYNAMODB, FONT, GRID, INK};
use super::DrawResult;
use crate::format::{duration, ms, percent};
use crate::model::dsql::{self, Topology};
use crate::model::faults::FaultPlan;
use crate::model::regions::{self, Database, GlobalTableMode, RegionLatencies};
use crate::model::scenario::Scenario;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Type sizes for a 1280×720 projector.
const TITLE_PX: u32 = 26;
const HEAD_PX: u32 = 20;
const TEXT_PX: u32 = 17;
const SMALL_PX: u32 = 15;
/// Neutral colours: async replication, Region bands.
const ASYNC: RGBColor = RGBColor(0x5F, 0x66, 0x6D);
const BAND: RGBColor = RGBColor(0xF2, 0xF4, 0xF6);

/// What a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Request,
    Reply,
    /// Asynchronous replication: it arrives after everything else in the panel.
    Async,
}

/// One arrow between two lifelines (0: app in A, 1: database in A, 2: database in B,
/// 3: app in B).
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub from: usize,
    pub to: usize,
    pub label: String,
    pub kind: Kind,
}

/// One database's column of the diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub db: Database,
    pub title: &'static str,
    pub subtitle: &'static str,
    pub color: RGBColor,
    pub lifelines: [&'static str; 4],
    pub messages: Vec<Message>,
    /// Write acknowledged, and read answered, ms.
    pub write_ms: f64,
    pub read_ms: f64,
    /// What the read returns.
    pub read_sees: &'static str,
    /// Two lines under the bars: a write from Region B; what a Region loss costs.
    pub footer: [String; 2],
    /// The scenario's own configuration (its table's mode, or its Global Database).
    pub yours: bool,
}

/// Everything the diagram draws for one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct SequenceSpec {
    pub panels: Vec<Panel>,
    pub rtt_ms: f64,
    pub faults: FaultPlan,
    /// One animation cycle, in simulated seconds (a quarter of the run).
    pub cycle_s: f64,
}

impl SequenceSpec {
    pub fn new(s: &Scenario) -> SequenceSpec {
        let with_mode = |mode| {
            let mut m = s.clone();
            m.regions.dynamodb_mode = mode;
            regions::latencies(&m)
        };
        let (mrec, mrsc) = (
            with_mode(GlobalTableMode::Mrec),
            with_mode(GlobalTableMode::Mrsc),
        );
        let replicated = s.dynamodb.replica_regions >= 1;
        let mut panels = vec![
            mrec_panel(&mrec, replicated && !s.regions.mrsc()),
            mrsc_panel(&mrsc, replicated && s.regions.mrsc()),
            aurora_panel(
                &mrec,
                s.aurora.secondary_regions >= 1,
                s.regions.aurora_write_forwarding,
            ),
        ];
        if s.has(Database::Dsql) {
            panels.push(dsql_panel(s, mrec.rtt_ms));
        }
        SequenceSpec {
            panels,
            rtt_ms: mrec.rtt_ms,
            faults: FaultPlan::new(s),
            cycle_s: s.simulation.duration_s / 4.0,
        }
    }

    /// The animation phase at run time `t_s`.
    pub fn phase_at(&self, t_s: f64) -> f64 {
        if self.cycle_s > 0.0 && t_s.is_finite() {
            (t_s / self.cycle_s).rem_euclid(1.0)
        } else {
            1.0
        }
    }
}

fn msg(from: usize, to: usize, kind: Kind, label: String) -> Message {
    Message {
        from,
        to,
        label,
        kind,
    }
}

fn mrec_panel(l: &RegionLatencies, yours: bool) -> Panel {
    let (w, r) = (l.dynamodb.local_write_ms, l.dynamodb.local_read_ms);
    Panel {
        db: Database::Dynamodb,
        title: "DynamoDB global tables",
        subtitle: "MREC (eventual, the default)",
        color: DYNAMODB,
        lifelines: ["App A", "Replica A", "Replica B", "App B"],
        messages: vec![
            msg(0, 1, Kind::Request, "PutItem".into()),
            msg(1, 0, Kind::Reply, format!("OK · {}", ms(w))),
            msg(
                1,
                2,
                Kind::Async,
                format!(
                    "replicates ≈ {} later",
                    duration(l.dynamodb_lag_ms / 1000.0)
                ),
            ),
            msg(3, 2, Kind::Request, "GetItem".into()),
            msg(2, 3, Kind::Reply, format!("old value · {}", ms(r))),
        ],
        write_ms: w,
        read_ms: r,
        read_sees: "may miss the write",
        footer: [
            format!("A write from Region B: {} (its own replica)", ms(w)),
            format!(
                "Region lost: its last ≈ {} of writes",
                duration(l.dynamodb_lag_ms / 1000.0)
            ),
        ],
        yours,
    }
}

fn mrsc_panel(l: &RegionLatencies, yours: bool) -> Panel {
    let (w, rtt) = (l.dynamodb.local_write_ms, l.rtt_ms);
    // The diagram shows a strongly consistent read, whatever the workload's reads are.
    let strong_read = l.dynamodb.local_read_ms - l.dynamodb_extra.local_read_ms + rtt;
    Panel {
        db: Database::Dynamodb,
        title: "DynamoDB global tables",
        subtitle: "MRSC (strong, 3 Regions)",
        color: DYNAMODB,
        lifelines: ["App A", "Replica A", "Replica B", "App B"],
        messages: vec![
            msg(0, 1, Kind::Request, "PutItem".into()),
            msg(
                1,
                2,
                Kind::Request,
                format!("replicate · {} round trip", ms(rtt)),
            ),
            msg(2, 1, Kind::Reply, "ack".into()),
            msg(1, 0, Kind::Reply, format!("OK · {}", ms(w))),
            msg(3, 2, Kind::Request, "GetItem, strong".into()),
            msg(2, 1, Kind::Request, "latest?".into()),
            msg(1, 2, Kind::Reply, "latest".into()),
            msg(
                2,
                3,
                Kind::Reply,
                format!("new value · {}", ms(strong_read)),
            ),
        ],
        write_ms: w,
        read_ms: strong_read,
        read_sees: "sees the write",
        footer: [
            format!("A write from Region B: {}", ms(l.dynamodb.remote_write_ms)),
            "Region lost: nothing (RPO 0); same-item writes conflict".to_string(),
        ],
        yours,
    }
}

fn aurora_panel(l: &RegionLatencies, yours: bool, forwarding: bool) -> Panel {
    let (w, r) = (l.aurora.local_write_ms, l.aurora.local_read_ms);
    let from_b = l.aurora.local_write_ms
        + l.rtt_ms
        + if forwarding {
            l.aurora_extra.remote_write_ms - l.rtt_ms
        } else {
            0.0
        };
    Panel {
        db: Database::Aurora,
        title: "Aurora Global Database",
        subtitle: "one writer, read-only secondaries",
        color: AURORA,
        lifelines: ["App A", "Writer A", "Secondary B", "App B"],
        messages: vec![
            msg(0, 1, Kind::Request, "INSERT, COMMIT".into()),
            msg(1, 0, Kind::Reply, format!("OK · {}", ms(w))),
            msg(
                1,
                2,
                Kind::Async,
                format!(
                    "storage replication ≈ {} later",
                    duration(l.aurora_lag_ms / 1000.0)
                ),
            ),
            msg(3, 2, Kind::Request, "SELECT".into()),
            msg(2, 3, Kind::Reply, format!("old value · {}", ms(r))),
        ],
        write_ms: w,
        read_ms: r,
        read_sees: "may miss the write",
        footer: [
            format!(
                "A write from Region B: {} ({})",
                ms(from_b),
                if forwarding {
                    "forwarded"
                } else {
                    "to the primary"
                }
            ),
            format!(
                "Region A lost: its last ≈ {} of all writes",
                duration(l.aurora_lag_ms / 1000.0)
            ),
        ],
        yours,
    }
}

/// Aurora DSQL as the scenario has it: multi-Region (a commit waits for the peer Region or
/// the witness, reads are local and strong) or single-Region in Region A.
fn dsql_panel(s: &Scenario, rtt_ms: f64) -> Panel {
    let (read, write) = dsql::transactions(&s.workload, &s.dsql);
    let (topology, e) = (s.dsql.topology, &s.estimates);
    let (w, r) = (write.hold_ms(topology, e), read.hold_ms(topology, e));
    let (subtitle, messages, read_ms, footer) = match topology {
        Topology::MultiRegion => (
            "multi-Region: A and B + a witness",
            vec![
                msg(0, 1, Kind::Request, "INSERT, COMMIT".into()),
                // DSQL peers sit in one Region set (e.g. us-east-1 and us-east-2): its own
                // round trip, an estimate, not the scenario's distance between A and B.
                msg(1, 2, Kind::Request, format!("commit sync · {} round trip", ms(e.dsql_inter_region_rtt_ms))),
                msg(2, 1, Kind::Reply, "ack (or the witness)".into()),
                msg(1, 0, Kind::Reply, format!("OK · {}", ms(w))),
                msg(3, 2, Kind::Request, "SELECT".into()),
                msg(2, 3, Kind::Reply, format!("new value · {}", ms(r))),
            ],
            r,
            [format!("A write from Region B: {} (its own Region)", ms(w)), "Region lost: nothing (RPO 0); hot rows abort (OCC)".to_string()],
        ),
        Topology::SingleRegion => (
            "single-Region (in A)",
            vec![
                msg(0, 1, Kind::Request, "INSERT, COMMIT".into()),
                msg(1, 0, Kind::Reply, format!("OK · {}", ms(w))),
                msg(3, 1, Kind::Request, "SELECT (to Region A)".into()),
                msg(1, 3, Kind::Reply, format!("new value · {}", ms(r + rtt_ms))),
            ],
            r + rtt_ms,
            [format!("A write from Region B: {} (to Region A)", ms(w + rtt_ms)), "Region A lost: down until it returns".to_string()],
        ),
    };
    Panel {
        db: Database::Dsql,
        title: "Aurora DSQL",
        subtitle,
        color: DSQL,
        lifelines: ["App A", "Cluster A", "Cluster B", "App B"],
        messages,
        write_ms: w,
        read_ms,
        read_sees: "sees the write",
        footer,
        yours: true,
    }
}

/// Draw the diagram on `root` (1280×720 or so). `t_s`: the run's time cursor, which picks
/// the active fault; `phase`: the animation phase (0 to 1; 1 or `None` draws every message).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &SequenceSpec,
    t_s: Option<f64>,
    phase: Option<f64>,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let title = "One write in Region A, then one read in Region B";
    root.draw(&Text::new(
        title,
        (16, 10),
        text(TITLE_PX, INK, HPos::Left, VPos::Top),
    ))?;
    let note = format!(
        "model latencies, unloaded p50 (estimates) · Regions {} apart",
        ms(spec.rtt_ms)
    );
    root.draw(&Text::new(
        note,
        (w - 16, 16),
        text(SMALL_PX, ASYNC, HPos::Right, VPos::Top),
    ))?;

    let band_h = (h as f64 * 0.26) as i32;
    let panels_bottom = h - band_h - 8;
    let gap = 14;
    let n = spec.panels.len() as i32;
    let panel_w = (w - gap * (n + 1)) / n;
    let most_ms = spec
        .panels
        .iter()
        .flat_map(|p| [p.write_ms, p.read_ms])
        .fold(1.0, f64::max);
    let phase = phase.unwrap_or(1.0).clamp(0.0, 1.0);
    // What the fault under the cursor fails right now, per database.
    let now = t_s.map(|t| spec.faults.at(t));
    for (i, p) in spec.panels.iter().enumerate() {
        let x0 = gap + i as i32 * (panel_w + gap);
        let failing = now
            .map(|fx| *fx.losses(p.db))
            .filter(|l| !l.is_none())
            .map(|l| {
                format!(
                    "now: {} of writes, {} of reads fail",
                    percent(l.write_share()),
                    percent(l.read_share())
                )
            });
        draw_panel(
            root,
            p,
            (x0, 48, x0 + panel_w, panels_bottom),
            most_ms,
            phase,
            failing,
        )?;
    }
    fault_band::draw(root, spec, t_s, (16, h - band_h, w - 16, h - 6))?;
    root.present()
}

pub(crate) fn text(px: u32, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FONT, px).into_font().color(&color).pos(Pos::new(h, v))
}

/// Smallest type a panel's line may shrink to.
const MIN_PX: u32 = 11;

/// Left-aligned text of `px`, or smaller down to [`MIN_PX`], so that `s` fits in `max_w`
/// pixels: four panels at 1280 px leave about 300 px each, and a browser's fonts run wider
/// than the SVG tests' estimate.
fn fitted<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, s: &str, px: u32, color: RGBColor, max_w: i32) -> TextStyle<'static> {
    for size in (MIN_PX..=px).rev() {
        let style = text(size, color, HPos::Left, VPos::Top);
        match root.estimate_text_size(s, &style) {
            Ok((w, _)) if i32::try_from(w).unwrap_or(i32::MAX) > max_w && size > MIN_PX => continue,
            _ => return style,
        }
    }
    text(MIN_PX, color, HPos::Left, VPos::Top)
}

/// One panel in the box `(x0, y0, x1, y1)`; bars scaled to `most_ms`.
fn draw_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: &Panel,
    (x0, y0, x1, y1): (i32, i32, i32, i32),
    most_ms: f64,
    phase: f64,
    failing: Option<String>,
) -> DrawResult<DB> {
    let width = x1 - x0;
    let col = |k: usize| x0 + width * (2 * k as i32 + 1) / 8;
    // Region bands behind lifelines 0–1 and 2–3.
    let heads_y = y0 + 62;
    let bar_h = 96;
    let life_bottom = y1 - bar_h - 6;
    for (region, a, b) in [("Region A", 0, 1), ("Region B", 2, 3)] {
        let (left, right) = (col(a) - width / 8 + 3, col(b) + width / 8 - 3);
        root.draw(&Rectangle::new(
            [(left, heads_y - 22), (right, life_bottom)],
            BAND.filled(),
        ))?;
        root.draw(&Text::new(
            region,
            ((left + right) / 2, heads_y - 20),
            text(SMALL_PX, ASYNC, HPos::Center, VPos::Top),
        ))?;
    }
    root.draw(&Text::new(
        p.title,
        (x0 + 4, y0),
        text(HEAD_PX, p.color, HPos::Left, VPos::Top),
    ))?;
    let sub = if p.yours {
        format!("{} · your scenario", p.subtitle)
    } else {
        p.subtitle.to_string()
    };
    let style = fitted(root, &sub, SMALL_PX, INK, width - 8);
    root.draw(&Text::new(sub, (x0 + 4, y0 + 24), style))?;
    if let Some(failing) = failing {
        // Over the Region bands' top: the panel's requests failing at the cursor.
        let style = text(SMALL_PX, WHITE, HPos::Center, VPos::Center);
        let w = root
            .estimate_text_size(&failing, &style)
            .map_or(width - 8, |(tw, _)| tw as i32 + 16)
            .min(width - 8);
        let (cx, cy) = (x0 + width / 2, heads_y - 12);
        root.draw(&Rectangle::new(
            [(cx - w / 2, cy - 11), (cx + w / 2, cy + 11)],
            p.color.filled(),
        ))?;
        root.draw(&Text::new(failing, (cx, cy), style))?;
    }
    for (k, name) in p.lifelines.iter().enumerate() {
        let x = col(k);
        root.draw(&PathElement::new(
            vec![(x, heads_y + 26), (x, life_bottom)],
            GRID.stroke_width(2),
        ))?;
        let half = width / 8 - 6;
        let fill = if k == 1 || k == 2 {
            p.color.mix(0.14)
        } else {
            WHITE.mix(1.0)
        };
        root.draw(&Rectangle::new(
            [(x - half, heads_y), (x + half, heads_y + 26)],
            fill.filled(),
        ))?;
        root.draw(&Rectangle::new(
            [(x - half, heads_y), (x + half, heads_y + 26)],
            p.color.stroke_width(2),
        ))?;
        root.draw(&Text::new(
            *name,
            (x, heads_y + 13),
            text(SMALL_PX, INK, HPos::Center, VPos::Center),
        ))?;
    }

    // Messages in event order, one row each; the async one slants down to the bottom.
    let rows = p.messages.len() as i32;
    let top = heads_y + 50;
    let row_h = ((life_bottom - 26 - top) / rows.max(1)).max(18);
    let shown = phase * rows as f64;
    for (k, m) in p.messages.iter().enumerate() {
        let y = top + k as i32 * row_h;
        let (xa, xb) = (col(m.from), col(m.to));
        let end_y = if m.kind == Kind::Async {
            life_bottom - 8
        } else {
            y + row_h / 4
        };
        // 0: not yet, 1: done; in between: in flight.
        let progress = (shown - k as f64).clamp(0.0, 1.0);
        let (color, width_px) = match m.kind {
            Kind::Async => (ASYNC, 2),
            _ => (p.color, 3),
        };
        if progress < 1.0 {
            // Not reached yet: a faint trace keeps the shape readable.
            arrow(root, (xa, y), (xb, end_y), GRID.to_rgba(), m.kind, 2)?;
        }
        if progress > 0.0 {
            let head = (
                xa + ((xb - xa) as f64 * progress) as i32,
                y + ((end_y - y) as f64 * progress) as i32,
            );
            arrow(root, (xa, y), head, color.to_rgba(), m.kind, width_px)?;
            if progress < 1.0 {
                root.draw(&Circle::new(head, 7, color.filled()))?;
            }
        }
        let label_color = if progress > 0.0 { INK } else { GRID };
        if m.kind == Kind::Async {
            // Left of the slanted arrow's middle, where Region A's lifelines are free.
            let (mx, my) = ((xa + xb) / 2 - 8, (y + end_y) / 2);
            let (first, rest) = m
                .label
                .split_once(" ≈ ")
                .map_or((m.label.as_str(), String::new()), |(a, b)| {
                    (a, format!("≈ {b}"))
                });
            root.draw(&Text::new(
                first.to_string(),
                (mx, my),
                text(TEXT_PX, label_color, HPos::Right, VPos::Bottom),
            ))?;
            root.draw(&Text::new(
                rest,
                (mx, my + 2),
                text(TEXT_PX, label_color, HPos::Right, VPos::Top),
            ))?;
        } else {
            root.draw(&Text::new(
                m.label.clone(),
                ((xa + xb) / 2, y - 3),
                text(TEXT_PX, label_color, HPos::Center, VPos::Bottom),
            ))?;
        }
    }

    // Write and read on one ms scale shared by every panel.
    let bar_x0 = x0 + 92;
    let bar_w = (x1 - bar_x0 - 70).max(10);
    let mut y = life_bottom + 8;
    for (what, value, color) in [
        ("write", p.write_ms, p.color),
        (
            "read in B",
            p.read_ms,
            p.color.mix(0.55).to_rgba().into_rgb(),
        ),
    ] {
        let len = ((value / most_ms) * f64::from(bar_w)).round().max(2.0) as i32;
        root.draw(&Text::new(
            what,
            (x0 + 4, y + 9),
            text(SMALL_PX, INK, HPos::Left, VPos::Center),
        ))?;
        root.draw(&Rectangle::new(
            [(bar_x0, y), (bar_x0 + len, y + 18)],
            color.filled(),
        ))?;
        root.draw(&Text::new(
            ms(value),
            (bar_x0 + len + 6, y + 9),
            text(SMALL_PX, INK, HPos::Left, VPos::Center),
        ))?;
        y += 22;
    }
    let sees = format!("The read {}.", p.read_sees);
    let style = fitted(root, &sees, SMALL_PX, INK, width - 8);
    root.draw(&Text::new(sees, (x0 + 4, y + 2), style))?;
    for (k, line) in p.footer.iter().enumerate() {
        let style = fitted(root, line, SMALL_PX, ASYNC, width - 8);
        root.draw(&Text::new(line.clone(), (x0 + 4, y + 21 + 18 * k as i32), style))?;
    }
    Ok(())
}

/// An arrow from `a` to `b`: solid for requests, dashed for replies and async replication.
fn arrow<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    a: (i32, i32),
    b: (i32, i32),
    color: RGBAColor,
    kind: Kind,
    width: u32,
) -> DrawResult<DB> {
    let style = ShapeStyle {
        color,
        filled: false,
        stroke_width: width,
    };
    match kind {
        Kind::Request => root.draw(&PathElement::new(vec![a, b], style))?,
        Kind::Reply | Kind::Async => root.draw(&DashedPathElement::new(vec![a, b], 8, 5, style))?,
    }
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return Ok(());
    }
    let (ux, uy) = (dx / len, dy / len);
    let size = 11.0;
    let corner = |side: f64| {
        (
            (f64::from(b.0) - ux * size - uy * size * 0.5 * side).round() as i32,
            (f64::from(b.1) - uy * size + ux * size * 0.5 * side).round() as i32,
        )
    };
    root.draw(&Polygon::new(
        vec![b, corner(1.0), corner(-1.0)],
        ShapeStyle {
            color,
            filled: true,
            stroke_width: 1,
        },
    ))?;
    Ok(())
}

trait IntoRgb {
    fn into_rgb(self) -> RGBColor;
}

impl IntoRgb for RGBAColor {
    /// Blend onto white, for a lighter shade that stays opaque.
    fn into_rgb(self) -> RGBColor {
        let RGBAColor(r, g, b, a) = self;
        let mix = |c: u8| (f64::from(c) * a + 255.0 * (1.0 - a)).round() as u8;
        RGBColor(mix(r), mix(g), mix(b))
    }
}
