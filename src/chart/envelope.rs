//! A run's buckets at the chart's own resolution, and how rough traffic is drawn.
//!
//! A run keeps up to 1,440 buckets (`sim::output`); a time chart is about 600 px across.
//! Drawn bucket by bucket, a person's per-second trace makes a solid block: p99 flips
//! between milliseconds and the 10 s time-out two or three times per pixel. So the buckets
//! are first merged into [`Slices`] about [`SLICE_PX`] wide, each keeping the time-weighted
//! mean and the lowest and highest step of the buckets it holds ([`Envelope`]).
//!
//! A series is **rough** when, in at least [`ROUGH_SHARE`] of the slices, its envelope
//! sticks out of what its line already shows there by [`BAND_PX`] pixels or more (the line
//! runs through the slice's and its neighbours' means, so a steep but smooth ramp, a
//! flash sale's step, is not rough; per-second noise is). A rough series is drawn as a
//! light band in its colour from its lowest to its highest step, a line for its
//! time-weighted mean (what the steps were on average; the legend says "mean of steps"),
//! and its worst moments marked with a dot and their value ([`worst_marks`]): the highest
//! steps that the mean hides, spread out so their labels never pile up, and never under
//! the legend. A chart with a rough series draws all its series on slices 3 times wider
//! (`timeline::settle`), so the means are calm and the bands step every 6 px rather than
//! making a comb. A smooth series (every built-in preset) is drawn as a plain line, as
//! before: its band would hide under the line anyway.

use super::style::{FONT, INK, MARKER_RING};
use crate::model::sim::{Series, SimRun};
use super::ink::Ink;
use super::DrawResult;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::CoordTranslate;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Width of a slice, pixels: narrow enough that a line through the slices looks like a
/// curve, wide enough that noise between neighbouring buckets is averaged away.
pub const SLICE_PX: f64 = 2.0;
/// How far a slice's band must stick out of its 3 px line to count as showing, pixels.
pub const BAND_PX: i32 = 6;
/// Share of slices whose band must show for a series to be drawn as rough.
pub const ROUGH_SHARE: f64 = 0.05;
/// Opacity of a band.
pub const BAND_ALPHA: f64 = 0.18;

/// The run's buckets grouped into slices of the time axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Slices {
    /// Buckets `[from, to)` of each slice.
    groups: Vec<(usize, usize)>,
    /// Seconds each bucket covers (the last may be shorter).
    weights: Vec<f64>,
    /// Start, middle and end of each slice, hours.
    pub start_h: Vec<f64>,
    pub mid_h: Vec<f64>,
    pub end_h: Vec<f64>,
}

/// One series, slice by slice: time-weighted mean, lowest and highest step.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Envelope {
    pub mean: Vec<f64>,
    pub min: Vec<f64>,
    pub max: Vec<f64>,
}

/// A finite value, else 0 (a chart never draws NaN).
fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

impl Slices {
    /// Slices about [`SLICE_PX`] wide over a plot `plot_px` wide. A slice holds the same
    /// buckets while the run is still being computed (the grouping counts the buckets the
    /// whole run will have), so a growing run never reshuffles what is drawn.
    pub fn new(run: &SimRun, plot_px: f64) -> Slices {
        let n = run.t_s.len();
        let expected = if run.bucket_steps > 0 { run.steps.div_ceil(run.bucket_steps) } else { n }.max(n);
        let wanted = (finite(plot_px) / SLICE_PX).floor().max(1.0) as usize;
        let per = expected.div_ceil(wanted).max(1);
        let end_s = run.simulated_s().max(run.t_s.last().copied().unwrap_or(0.0));
        let weights: Vec<f64> = (0..n)
            .map(|b| {
                let from = run.t_s[b];
                let to = run.t_s.get(b + 1).copied().unwrap_or_else(|| (from + run.bucket_s()).min(end_s.max(from)));
                finite(to - from).max(0.0)
            })
            .collect();
        let groups: Vec<(usize, usize)> = (0..n).step_by(per).map(|a| (a, (a + per).min(n))).collect();
        let start_h: Vec<f64> = groups.iter().map(|&(a, _)| finite(run.t_s[a]) / 3600.0).collect();
        let end_h: Vec<f64> = groups.iter().map(|&(a, b)| finite(run.t_s[a] + weights[a..b].iter().sum::<f64>()) / 3600.0).collect();
        let mid_h = start_h.iter().zip(&end_h).map(|(s, e)| (s + e) / 2.0).collect();
        Slices { groups, weights, start_h, mid_h, end_h }
    }

    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The slice holding bucket `b`.
    pub fn slice_of(&self, b: usize) -> Option<usize> {
        let i = self.groups.partition_point(|&(a, _)| a <= b).checked_sub(1)?;
        (b < self.groups[i].1).then_some(i)
    }

    /// Time-weighted mean of `values` (bucket by bucket) in each slice.
    pub fn means(&self, values: &[f64]) -> Vec<f64> {
        self.groups
            .iter()
            .map(|&(a, b)| {
                let (mut sum, mut w, mut plain, mut count) = (0.0, 0.0, 0.0, 0.0);
                let values = values.get(a..b.min(values.len())).unwrap_or(&[]);
                for (&v, &weight) in values.iter().zip(&self.weights[a..]) {
                    let v = finite(v);
                    sum += v * weight;
                    w += weight;
                    plain += v;
                    count += 1.0;
                }
                if w > 0.0 {
                    sum / w
                } else if count > 0.0 {
                    plain / count
                } else {
                    0.0
                }
            })
            .collect()
    }

    /// `100 × Σ part ÷ Σ whole` in each slice, time-weighted (a share of requests, %):
    /// 0 where nothing was offered.
    pub fn percent_of(&self, part: &[f64], whole: &[f64]) -> Vec<f64> {
        let (p, w) = (self.means(part), self.means(whole));
        p.iter().zip(&w).map(|(&p, &w)| if w > 0.0 { (100.0 * p / w).clamp(0.0, 100.0) } else { 0.0 }).collect()
    }

    /// `series` slice by slice.
    pub fn envelope(&self, series: &Series) -> Envelope {
        let extreme = |values: &[f64], lowest: bool| -> Vec<f64> {
            self.groups
                .iter()
                .map(|&(a, b)| {
                    let it = values.get(a..b.min(values.len())).unwrap_or(&[]).iter().map(|&v| finite(v));
                    let folded = if lowest { it.fold(f64::INFINITY, f64::min) } else { it.fold(f64::NEG_INFINITY, f64::max) };
                    finite(folded)
                })
                .collect()
        };
        let mean = self.means(&series.mean);
        let min = extreme(&series.min, true).iter().zip(&mean).map(|(&lo, &m)| lo.min(m)).collect();
        let max = extreme(&series.max, false).iter().zip(&mean).map(|(&hi, &m)| hi.max(m)).collect();
        Envelope { mean, min, max }
    }
}

impl Envelope {
    /// Every value raised to at least `floor` (for a log axis).
    pub fn floored(mut self, floor: f64) -> Envelope {
        for v in self.mean.iter_mut().chain(&mut self.min).chain(&mut self.max) {
            *v = v.max(floor);
        }
        self
    }

    /// The highest step anywhere (0 when empty).
    pub fn peak(&self) -> f64 {
        self.max.iter().copied().fold(0.0, f64::max)
    }

    /// How far, in pixels, slice `i`'s band sticks out above and below what its line
    /// already shows there (the line runs through this slice's and its neighbours' means, so
    /// a steep but smooth ramp sticks out of nothing; noise does).
    fn sticks_out<CT: CoordTranslate<From = (f64, f64)>>(&self, coord: &CT, slices: &Slices, i: usize) -> (i32, i32) {
        let near = &self.mean[i.saturating_sub(1)..(i + 2).min(self.mean.len())];
        let (lo, hi) = near.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        let x = slices.mid_h[i];
        let y = |v: f64| coord.translate(&(x, v)).1;
        (y(hi) - y(self.max[i]), y(self.min[i]) - y(lo))
    }

    /// Whether the band sticks out of the line by [`BAND_PX`] or more in at least
    /// [`ROUGH_SHARE`] of the slices, on the chart whose coordinates are `coord` (x in hours).
    pub fn is_rough<CT: CoordTranslate<From = (f64, f64)>>(&self, coord: &CT, slices: &Slices) -> bool {
        let n = slices.len().min(self.mean.len()).min(self.max.len()).min(self.min.len());
        let visible = (0..n)
            .filter(|&i| {
                let (up, down) = self.sticks_out(coord, slices, i);
                up.max(down) >= BAND_PX
            })
            .count();
        visible > 0 && visible as f64 >= ROUGH_SHARE * n as f64
    }

    /// The band's outline, `(hours, value)`: along the highest steps, each slice over its
    /// whole span, and back along the lowest.
    pub fn band(&self, slices: &Slices) -> Vec<(f64, f64)> {
        let n = slices.len().min(self.max.len());
        let mut outline = Vec::with_capacity(4 * n);
        for i in 0..n {
            outline.push((slices.start_h[i], self.max[i]));
            outline.push((slices.end_h[i], self.max[i]));
        }
        for i in (0..n).rev() {
            outline.push((slices.end_h[i], self.min[i]));
            outline.push((slices.start_h[i], self.min[i]));
        }
        outline
    }

    /// `(hours, value)` of `values` (one of this envelope's) at the slices' middles.
    pub fn line(slices: &Slices, values: &[f64]) -> Vec<(f64, f64)> {
        slices.mid_h.iter().zip(values).map(|(&x, &y)| (x, y)).collect()
    }
}

/// A series whose worst moments are marked: its envelope, colour, and how a value reads.
pub type Worst<'a> = (&'a Envelope, RGBColor, &'a dyn Fn(f64) -> String);

/// A worst moment to mark: where, its colour and its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub x_h: f64,
    pub y: f64,
    pub colour: RGBColor,
    pub label: String,
}

/// Pixels two marks' labels need between them.
const MARK_GAP_X_PX: i32 = 76;
const MARK_GAP_Y_PX: i32 = 22;

/// Up to `per_series` worst moments of each envelope: its highest steps, highest first
/// (earliest first among equals), where the step stands out of the line (a spike the mean
/// hides) or is the highest of the run; no two marks' labels closer than a label's size,
/// so a chart never shows a pile of labels, and none under the legend box `avoid` (backend
/// pixels). `series` is `(envelope, colour, label of a value)`.
pub fn worst_marks<CT: CoordTranslate<From = (f64, f64)>>(
    coord: &CT,
    slices: &Slices,
    series: &[Worst],
    per_series: usize,
    avoid: Option<(i32, i32, i32, i32)>,
) -> Vec<Mark> {
    let mut chosen: Vec<(Mark, (i32, i32))> = Vec::new();
    for &(env, colour, label) in series {
        let n = slices.len().min(env.max.len()).min(env.mean.len()).min(env.min.len());
        let peak = env.peak();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| env.max[b].total_cmp(&env.max[a]).then(a.cmp(&b)));
        let mut taken = 0;
        for i in order {
            if taken >= per_series || env.max[i] <= 0.0 {
                break;
            }
            if env.sticks_out(coord, slices, i).0 < BAND_PX && env.max[i] < peak * 0.999 {
                continue;
            }
            let at = (slices.mid_h[i], env.max[i]);
            let px = coord.translate(&at);
            if chosen.iter().any(|(_, q)| (q.0 - px.0).abs() < MARK_GAP_X_PX && (q.1 - px.1).abs() < MARK_GAP_Y_PX) {
                continue;
            }
            // Not under the legend: the dot, and its label either side of it.
            if avoid.is_some_and(|(l, t, r, b)| px.0 + MARK_GAP_X_PX / 2 >= l && px.0 - MARK_GAP_X_PX / 2 <= r && px.1 + 28 >= t && px.1 - 28 <= b) {
                continue;
            }
            chosen.push((Mark { x_h: at.0, y: at.1, colour, label: label(env.max[i]) }, px));
            taken += 1;
        }
    }
    chosen.into_iter().map(|(m, _)| m).collect()
}

/// Draw `marks`: a dot in the mark's colour with a white ring, and its label on a white
/// ground above it (below it near the top of the plot), kept inside the plot. Each is
/// recorded in `ink` (heavily: the legend keeps off marks).
pub fn draw_marks<'a, DB: DrawingBackend + 'a, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, Y>>,
    marks: &[Mark],
    ink: &mut Ink,
) -> DrawResult<DB> {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let font = (FONT, 14).into_font();
    let mut elements = Vec::new();
    for m in marks {
        let p = chart.backend_coord(&(m.x_h, m.y));
        let (tw, th) = chart.plotting_area().estimate_text_size(&m.label, &font.clone().into()).map_or((8 * m.label.len() as i32, 14), |(w, h)| (w as i32, h as i32));
        let below = p.1 - ys.start < th + 16;
        let half = tw / 2 + 3;
        // Centred over the dot, but inside the plot.
        let dx = p.0.clamp(xs.start + half + 2, (xs.end - half - 2).max(xs.start + half + 2)) - p.0;
        let (dy, vpos) = if below { (9, VPos::Top) } else { (-9, VPos::Bottom) };
        let (top, bottom) = if below { (dy - 1, dy + th + 2) } else { (dy - th - 2, dy + 1) };
        ink.rect((p.0 + dx - half, p.1 + top), (p.0 + dx + half, p.1 + bottom), 60);
        let style = font.clone().color(&INK).pos(Pos::new(HPos::Center, vpos));
        elements.push(
            EmptyElement::at((m.x_h, m.y))
                + Rectangle::new([(dx - half, top), (dx + half, bottom)], WHITE.mix(0.75).filled())
                + Circle::new((0, 0), 6, ShapeStyle { color: MARKER_RING.into(), filled: true, stroke_width: 1 })
                + Circle::new((0, 0), 4, ShapeStyle { color: m.colour.into(), filled: true, stroke_width: 1 })
                + Text::new(m.label.clone(), (dx, dy), style),
        );
    }
    chart.draw_series(elements)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::coord::cartesian::Cartesian2d;

    /// A run of `n` one-minute buckets of `values` (min = max = mean), the last `last_s` long.
    fn run(values: &[f64], last_s: f64) -> SimRun {
        let n = values.len();
        let mut r = SimRun {
            step_s: 60.0,
            steps: n,
            steps_done: n,
            duration_s: (n as f64 - 1.0) * 60.0 + last_s,
            bucket_steps: 1,
            t_s: (0..n).map(|i| i as f64 * 60.0).collect(),
            ..SimRun::default()
        };
        r.dynamodb.p99_ms = Series { mean: values.to_vec(), min: values.to_vec(), max: values.to_vec() };
        r
    }

    /// Hours 0..24 on 600 px, values 0..100 on 300 px (y down).
    #[allow(clippy::reversed_empty_ranges)]
    fn coord() -> Cartesian2d<RangedCoordf64, RangedCoordf64> {
        // As a chart builds it: y from the bottom up.
        Cartesian2d::new(0.0..24.0, 0.0..100.0, (0..600, 300..0))
    }

    #[test]
    fn slices_merge_buckets_time_weighted_with_their_extremes() {
        // Ten buckets into two slices of five (a plot 4 px wide wants two 2 px slices);
        // the last bucket is half a minute, so it weighs half.
        let r = run(&[1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 9.0], 30.0);
        let s = Slices::new(&r, 4.0);
        assert_eq!(s.len(), 2);
        let e = s.envelope(&r.dynamodb.p99_ms);
        assert_eq!(e.mean, vec![1.0, 9.0 * 30.0 / 270.0]);
        assert_eq!((e.min, e.max), (vec![1.0, 0.0], vec![1.0, 9.0]));
        assert_eq!((s.start_h[1], s.end_h[1]), (300.0 / 3600.0, 570.0 / 3600.0));
        assert_eq!(s.slice_of(7), Some(1));
        assert_eq!(s.percent_of(&[0.5; 10], &[2.0; 10]), vec![25.0, 25.0]);
    }

    #[test]
    fn a_growing_run_keeps_its_slices() {
        let whole = run(&[3.0; 1_440], 60.0);
        let mut part = whole.clone();
        part.steps_done = 700;
        part.t_s.truncate(700);
        let (a, b) = (Slices::new(&whole, 600.0), Slices::new(&part, 600.0));
        // 1,440 buckets in slices of ⌈1,440 ÷ 300⌉ = 5.
        assert_eq!(a.len(), 288);
        assert_eq!(&a.start_h[..b.len() - 1], &b.start_h[..b.len() - 1]);
        // Nothing at all, and a plot of no width, give no NaN.
        let empty = Slices::new(&SimRun::default(), 0.0);
        assert!(empty.is_empty() && empty.envelope(&Series::default()).peak() == 0.0);
    }

    #[test]
    fn noise_is_rough_a_ramp_is_not() {
        // 24 h of minutes on 600 px: 288 slices of 5 minutes.
        let ramp: Vec<f64> = (0..1_440).map(|i| i as f64 / 14.4).collect();
        let r = run(&ramp, 60.0);
        let s = Slices::new(&r, 600.0);
        let e = s.envelope(&r.dynamodb.p99_ms);
        assert!(e.max.iter().zip(&e.min).all(|(hi, lo)| hi - lo > 0.25), "each slice spans part of the ramp");
        assert!(!e.is_rough(&coord(), &s), "a steep smooth ramp is a line");
        // Every minute between 10 and 50: a band far outside its mean line.
        let mut noisy = r.clone();
        noisy.dynamodb.p99_ms = Series { mean: vec![30.0; 1_440], min: vec![10.0; 1_440], max: vec![50.0; 1_440] };
        let e = s.envelope(&noisy.dynamodb.p99_ms);
        assert!(e.is_rough(&coord(), &s));
        // The worst moments: only where a step stands out of the line, at most per series,
        // and spread out.
        let mut spiky = noisy.clone();
        for k in [100, 105, 900] {
            spiky.dynamodb.p99_ms.max[k] = 95.0;
        }
        let e = s.envelope(&spiky.dynamodb.p99_ms);
        let label = |v: f64| format!("{v}");
        let marks = worst_marks(&coord(), &s, &[(&e, RGBColor(0, 0, 0), &label)], 3, None);
        // 100 and 105 are one slice apart: one mark for both; then 900; then the earliest
        // of the steps of 50 (each stands out of its mean of 30).
        let at: Vec<(f64, &str)> = marks.iter().map(|m| (m.y, m.label.as_str())).collect();
        assert_eq!(at, vec![(95.0, "95"), (95.0, "95"), (50.0, "50")], "{marks:?}");
        assert!(marks[2].x_h < 0.1);
        assert!((marks[0].x_h - 100.0 / 60.0).abs() < 0.1 && (marks[1].x_h - 900.0 / 60.0).abs() < 0.1, "{marks:?}");
        // Under a legend box over the whole plot, nothing is marked.
        assert!(worst_marks(&coord(), &s, &[(&e, RGBColor(0, 0, 0), &label)], 3, Some((0, 0, 600, 300))).is_empty());
    }
}
