//! The month's bill of each database, line by line: one horizontal bar per database on the
//! same dollar scale, stacked by line (throughput and compute, I/O and API requests,
//! storage, backups, data transfer), with its total at the end. Free tiers are already off
//! their lines.

use super::style::*;
use super::DrawResult;
use crate::format;
use crate::model::sim::{SimRun, Summary, BILL_LINES};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The lines' colours: Okabe–Ito hues the databases do not use, and a dark grey for
/// throughput and compute (most often the largest line, so the calmest); each is distinct
/// in grey scale too.
pub const LINE_COLOURS: [RGBColor; 5] = [
    RGBColor(0x4D, 0x4D, 0x4D),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0xF0, 0xE4, 0x42),
];

/// One bar: the database's name and its lines, USD a month.
pub struct BillRow {
    pub name: &'static str,
    pub lines_usd: [f64; 5],
}

impl BillRow {
    pub fn total_usd(&self) -> f64 {
        self.lines_usd.iter().sum()
    }
}

/// The run's bars, DynamoDB first, in the order the page lists the databases.
pub fn rows(run: &SimRun) -> Vec<BillRow> {
    let row = |name, s: &Summary| BillRow { name, lines_usd: s.bill_lines_usd().map(|v| if v.is_finite() { v.max(0.0) } else { 0.0 }) };
    let mut out = vec![row("DynamoDB", &run.dynamodb_summary), row("Aurora", &run.aurora_summary)];
    out.extend(run.dsql.as_ref().map(|q| row("Aurora DSQL", &q.summary)));
    out
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, run: &SimRun) -> DrawResult<DB> {
    draw_rows(root, &rows(run))
}

pub fn draw_rows<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, rows: &[BillRow]) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let n = rows.len() as i32;
    let top = rows.iter().map(BillRow::total_usd).fold(1.0, f64::max);
    // Room at the right for the totals written after each bar, and the legend beyond them
    // (at 2× the presenter's larger total text reached the legend).
    let x_max = top * 2.5;
    let mut chart = ChartBuilder::on(root)
        .caption("The month's bill, line by line", (FONT, CAPTION_PX).into_font().color(&INK))
        .margin(12)
        .margin_right(28)
        .x_label_area_size(48)
        .y_label_area_size(110)
                // A segmented range holds both its ends: 0..n − 1 gives n rows.
        .build_cartesian_2d(0f64..x_max, (0..n - 1).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(GRID.mix(0.5))
        .bold_line_style(GRID)
        .x_desc("Cost (USD per month, at the run's average)")
        .axis_desc_style((FONT, LABEL_PX).into_font().color(&INK))
        .label_style((FONT, LABEL_PX).into_font().color(&INK))
        .x_label_formatter(&|v| format!("${}", format::si(*v)))
        .y_label_formatter(&|v| match v {
            // Row y holds database n − 1 − y: the first on top.
            SegmentValue::CenterOf(y) => usize::try_from(n - 1 - *y).ok().and_then(|i| rows.get(i)).map_or_else(String::new, |r| r.name.to_string()),
            _ => String::new(),
        })
        .draw()?;
    // Bars from the top: the first database on the top row.
    let row_of = |i: usize| n - 1 - i as i32;
    for (k, (&name, &colour)) in BILL_LINES.iter().zip(LINE_COLOURS.iter()).enumerate() {
        let bars = rows.iter().enumerate().map(|(i, r)| {
            let start: f64 = r.lines_usd[..k].iter().sum();
            let end = start + r.lines_usd[k];
            let y = row_of(i);
            let mut bar = Rectangle::new([(start, SegmentValue::Exact(y)), (end, SegmentValue::Exact(y + 1))], colour.filled());
            bar.set_margin(10, 10, 0, 0);
            bar
        });
        chart.draw_series(bars)?.label(name).legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 18, y + 6)], colour.filled()));
    }
    // Each total after its bar.
    let totals_font = (FONT, LABEL_PX).into_font().style(FontStyle::Bold).color(&INK);
    chart.draw_series(rows.iter().enumerate().map(|(i, r)| {
        Text::new(format!(" {} / month", format::usd(r.total_usd())), (r.total_usd(), SegmentValue::CenterOf(row_of(i))), totals_font.clone().pos(Pos::new(HPos::Left, VPos::Center)))
    }))?;
    legend!(chart, SeriesLabelPosition::UpperRight);
    root.present()
}
