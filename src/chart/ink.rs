//! Where a time chart has drawn, so its legend goes in the corner where it hides least.
//!
//! A chart records, as it draws, the pixels its lines, bands and marks cover (on a grid of
//! [`CELL_PX`] cells, weighted: a marked worst moment and its label far more than a band)
//! and its legend's labels. [`Ink::corner`] then sizes the legend as plotters will lay it
//! out and picks the upper-left corner unless another corner covers clearly less. A rough
//! run's marks are never left under the legend when a corner is free of them.

use super::style::{FONT, TICK_PX};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Side of a cell of the grid, pixels.
pub const CELL_PX: i32 = 8;

/// What a chart has drawn, cell by cell, and its legend's labels.
#[derive(Clone, Debug)]
pub struct Ink {
    /// The plot area: left, top, width, height (backend pixels).
    x0: i32,
    y0: i32,
    w: i32,
    h: i32,
    cols: i32,
    rows: i32,
    weight: Vec<u32>,
    labels: Vec<String>,
}

impl Ink {
    /// For a plot covering `x` and `y` (backend pixels, as `DrawingArea::get_pixel_range`).
    pub fn new((x, y): (std::ops::Range<i32>, std::ops::Range<i32>)) -> Ink {
        let (w, h) = ((x.end - x.start).max(1), (y.end - y.start).max(1));
        let (cols, rows) = ((w + CELL_PX - 1) / CELL_PX, (h + CELL_PX - 1) / CELL_PX);
        Ink { x0: x.start, y0: y.start, w, h, cols, rows, weight: vec![0; (cols * rows) as usize], labels: Vec::new() }
    }

    /// A legend entry.
    pub fn label(&mut self, label: impl Into<String>) {
        self.labels.push(label.into());
    }

    fn add(&mut self, (x, y): (i32, i32), weight: u32) {
        let (c, r) = ((x - self.x0) / CELL_PX, (y - self.y0) / CELL_PX);
        if x >= self.x0 && y >= self.y0 && c < self.cols && r < self.rows {
            let i = (r * self.cols + c) as usize;
            self.weight[i] = self.weight[i].saturating_add(weight);
        }
    }

    /// A line through `points` (backend pixels).
    pub fn polyline(&mut self, points: impl IntoIterator<Item = (i32, i32)>, weight: u32) {
        let mut last: Option<(i32, i32)> = None;
        for p in points {
            if let Some(q) = last {
                let steps = ((p.0 - q.0).abs().max((p.1 - q.1).abs()) / (CELL_PX / 2)).clamp(1, 10_000);
                for s in 1..=steps {
                    self.add((q.0 + (p.0 - q.0) * s / steps, q.1 + (p.1 - q.1) * s / steps), weight);
                }
            } else {
                self.add(p, weight);
            }
            last = Some(p);
        }
    }

    /// A filled rectangle between two corners (backend pixels).
    pub fn rect(&mut self, a: (i32, i32), b: (i32, i32), weight: u32) {
        let cell = |v: i32, origin: i32, n: i32| ((v - origin) / CELL_PX).clamp(0, n - 1);
        let (l, r) = (a.0.min(b.0), a.0.max(b.0));
        let (t, btm) = (a.1.min(b.1), a.1.max(b.1));
        if r < self.x0 || l >= self.x0 + self.w || btm < self.y0 || t >= self.y0 + self.h {
            return;
        }
        for row in cell(t, self.y0, self.rows)..=cell(btm, self.y0, self.rows) {
            for col in cell(l, self.x0, self.cols)..=cell(r, self.x0, self.cols) {
                let i = (row * self.cols + col) as usize;
                self.weight[i] = self.weight[i].saturating_add(weight);
            }
        }
    }

    /// Sum of the weights under a rectangle between two corners (backend pixels).
    pub fn under(&self, a: (i32, i32), b: (i32, i32)) -> u64 {
        let (l, t) = (a.0.min(b.0) - self.x0, a.1.min(b.1) - self.y0);
        let (r, btm) = (a.0.max(b.0) - self.x0, a.1.max(b.1) - self.y0);
        if r < 0 || btm < 0 || l >= self.w || t >= self.h {
            return 0;
        }
        self.covered(l.max(0), t.max(0), (r.min(self.w - 1) - l.max(0), btm.min(self.h - 1) - t.max(0)))
    }

    /// A marked worst moment at `p` (backend pixels) with its label above or below it:
    /// so heavily that the legend keeps off it whenever a corner is free of marks.
    pub fn mark(&mut self, p: (i32, i32)) {
        self.rect((p.0 - 40, p.1 - 28), (p.0 + 40, p.1 + 28), 1_000);
    }

    /// The legend's size as plotters lays it out (labels in the tick font, a 30 px swatch
    /// column, 10 px margins), on `root`.
    fn legend_size<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> (i32, i32) {
        let font: TextStyle = (FONT, TICK_PX).into_font().into();
        let text_w = self.labels.iter().filter_map(|l| root.estimate_text_size(l, &font).ok()).map(|(w, _)| w as i32).max().unwrap_or(0);
        let lines = self.labels.len() as f64;
        let text_h = if lines > 0.0 { (f64::from(TICK_PX) * 1.25 * (lines - 1.0) + f64::from(TICK_PX)).round() as i32 } else { 0 };
        (text_w + 30 + 20, text_h + 20)
    }

    /// Sum of the weights under a box at `(x, y)` (relative to the plot) of size `(w, h)`.
    fn covered(&self, x: i32, y: i32, (w, h): (i32, i32)) -> u64 {
        let (c0, c1) = ((x / CELL_PX).max(0), ((x + w) / CELL_PX).min(self.cols - 1));
        let (r0, r1) = ((y / CELL_PX).max(0), ((y + h) / CELL_PX).min(self.rows - 1));
        let mut sum = 0u64;
        for r in r0..=r1 {
            for c in c0..=c1 {
                sum += u64::from(self.weight[(r * self.cols + c) as usize]);
            }
        }
        sum
    }

    /// Whether there is a legend to draw.
    pub fn has_legend(&self) -> bool {
        !self.labels.is_empty()
    }

    /// The corner whose legend box covers least: upper left unless another covers clearly
    /// less (by more than a line's few cells), then upper right, lower left, lower right;
    /// with the box there, in backend pixels `(left, top, right, bottom)`.
    pub fn legend_box<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> (SeriesLabelPosition, (i32, i32, i32, i32)) {
        let size = self.legend_size(root);
        let (right, bottom) = (self.w - size.0 - 5, self.h - size.1 - 5);
        let corners = [
            (SeriesLabelPosition::UpperLeft, 5, 5),
            (SeriesLabelPosition::UpperRight, right, 5),
            (SeriesLabelPosition::LowerLeft, 5, bottom),
            (SeriesLabelPosition::LowerRight, right, bottom),
        ];
        let mut best = (SeriesLabelPosition::UpperLeft, u64::MAX, (5, 5));
        for (i, (position, x, y)) in corners.into_iter().enumerate() {
            // Each step away from the usual corner must save a few cells of line.
            let score = self.covered(x, y, size).saturating_add(24 * i as u64);
            if score < best.1 {
                best = (position, score, (x, y));
            }
        }
        let (x, y) = (self.x0 + best.2 .0, self.y0 + best.2 .1);
        (best.0, (x, y, x + size.0, y + size.1))
    }
}
