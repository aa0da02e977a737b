//! A long trace, summarised for a share link.
//!
//! A link cannot hold a per-second day (86,400 points made a 1.76 M-character link). So a
//! link carries a series of more than [`LINK_MAX_POINTS`] points as a summary: the run cut
//! into [`LINK_BUCKETS`] equal buckets, each kept as its rates' distribution in [`BANDS`]
//! held rates, busiest first (a bucket starts with its peak, as a burst comes suddenly):
//! the mean of its busiest 1 % of the time (its peak, near enough), of the next 9 %, the
//! next 40 % and its quietest half. Every bucket offers the
//! requests (and the reads) it did, to within a millionth (a link is text: six significant
//! digits), and spends about as long above any capacity as it
//! did (the time above each limit is what throttles and times out); what is lost is the
//! order of moments inside a bucket, and with it what depends on that order (Serverless
//! v2 scaling on a rough trace, and so Aurora's time-outs, can differ). The series says what it summarises (`summary_of`), so
//! a page that opens it can say that the run is close to, not exactly, the original, and
//! point to the scenario file for the exact one. A linear series (samples of a smooth rate)
//! keeps each bucket's mean.

use super::{BetweenPoints, Traffic};
use serde::{Deserialize, Serialize};

/// Series longer than this are summarised in a link.
pub const LINK_MAX_POINTS: usize = 1_000;
/// Buckets of a summary.
pub const LINK_BUCKETS: usize = 400;
/// Where each bucket's time is cut, busiest first: 1 %, 9 %, 40 % and the quietest half.
const BANDS: [f64; 4] = [0.01, 0.1, 0.5, 1.0];

/// What a summarised series was made from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryOf {
    /// Points of the original trace.
    pub points: u64,
    /// Its finest interval between points, seconds.
    pub resolution_s: f64,
}

impl SummaryOf {
    /// "a summary (400 buckets, each keeping its requests and the spread of its rates) of an
    /// 86,400-point trace at 1 s".
    pub fn describe(&self, buckets: usize) -> String {
        format!(
            "a summary ({buckets} buckets, each keeping its requests and the spread of its rates) of a {}-point trace at {} s",
            crate::format::si(self.points as f64),
            crate::format::si(self.resolution_s)
        )
    }
}

impl Traffic {
    /// This traffic as a link carries it: a series of more than [`LINK_MAX_POINTS`] points
    /// summarised into [`LINK_BUCKETS`] buckets over `[0, end_s)` (the run); `None` when it
    /// is carried as it is.
    pub fn summarised_for_link(&self, end_s: f64) -> Option<Traffic> {
        let Traffic::Series { points, between_points, read_shares, summary_of } = self else { return None };
        // Short enough, or already a summary (opened from a link): carried as it is.
        if points.len() <= LINK_MAX_POINTS || summary_of.is_some() || !(end_s > 0.0) {
            return None;
        }
        let resolution_s = points.windows(2).map(|p| p[1].0 - p[0].0).fold(f64::INFINITY, f64::min);
        let of = SummaryOf { points: points.len() as u64, resolution_s };
        let width = end_s / LINK_BUCKETS as f64;
        let mut out: Vec<(f64, f64)> = Vec::with_capacity(BANDS.len() * LINK_BUCKETS);
        let mut shares: Vec<f64> = Vec::with_capacity(BANDS.len() * LINK_BUCKETS);
        let mut push = |t: f64, rate: f64, share: f64| {
            // Six significant digits (a link is text): each rate within a millionth of itself.
            let (t, rate, share) = (round_to(t, 1e-3), significant(rate, 6), round_to(share, 1e-6));
            // Neighbours with the same rate and share are one point.
            if out.last().is_some_and(|&(_, r)| r == rate) && shares.last() == Some(&share) {
                return;
            }
            out.push((t, rate));
            shares.push(share);
        };
        let mut moments: Vec<(f64, f64)> = Vec::new();
        for b in 0..LINK_BUCKETS {
            let (b0, b1) = (b as f64 * width, if b + 1 == LINK_BUCKETS { end_s } else { (b + 1) as f64 * width });
            let mean = self.mean_rate(b0, b1, 0.0);
            let share = if mean > 0.0 { (self.mean_reads(b0, b1, 0.0, 0.0) / mean).clamp(0.0, 1.0) } else { 0.0 };
            if *between_points != BetweenPoints::Hold {
                push(b0, mean, share);
                continue;
            }
            // The bucket's held rates with how long each lasted, busiest first.
            held_in(points, b0, b1, &mut moments);
            moments.sort_by(|a, b| b.0.total_cmp(&a.0));
            let len = b1 - b0;
            let (mut at, mut done, mut next) = (b0, 0.0, 0);
            for &upto in &BANDS {
                let band_end = upto * len;
                let (mut requests, from) = (0.0, done);
                while done < band_end - 1e-9 && next < moments.len() {
                    let (rate, left) = &mut moments[next];
                    let take = left.min(band_end - done);
                    requests += *rate * take;
                    done += take;
                    *left -= take;
                    if *left <= 1e-12 {
                        next += 1;
                    }
                }
                if done > from {
                    push(at, requests / (done - from), share);
                    at = b0 + done;
                }
            }
        }
        Some(Traffic::Series {
            points: out.into(),
            between_points: BetweenPoints::Hold,
            read_shares: read_shares.as_ref().map(|_| shares.into()),
            summary_of: Some(of),
        })
    }
}

/// `v` to the nearest multiple of `step`.
fn round_to(v: f64, step: f64) -> f64 {
    (v / step).round() * step
}

/// `v` to `digits` significant digits.
fn significant(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(digits - 1 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

/// The rates of a held series in force during `[b0, b1)`, each with how long, into `out`
/// (cleared first).
fn held_in(points: &[(f64, f64)], b0: f64, b1: f64, out: &mut Vec<(f64, f64)>) {
    out.clear();
    let first = points.partition_point(|&(t, _)| t <= b0).saturating_sub(1);
    for i in first..points.len() {
        let (t, rate) = points[i];
        if t >= b1 {
            break;
        }
        let from = if i == 0 { b0 } else { t.max(b0) };
        let to = points.get(i + 1).map_or(b1, |&(next, _)| next.min(b1));
        if to > from {
            out.push((rate, to - from));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noisy_day() -> Traffic {
        Traffic::Series {
            points: (0..86_400).map(|t| (f64::from(t), f64::from((t * 7_919) % 1_000))).collect(),
            between_points: BetweenPoints::Hold,
            read_shares: Some((0..86_400).map(|t| f64::from(t % 10) / 10.0).collect()),
            summary_of: None,
        }
    }

    #[test]
    fn every_bucket_keeps_its_requests_its_reads_and_nearly_its_peak() {
        let day = noisy_day();
        let summary = day.summarised_for_link(86_400.0).expect("a long trace is summarised");
        let Traffic::Series { points, summary_of, .. } = &summary else { panic!("a series") };
        assert!(points.len() <= BANDS.len() * LINK_BUCKETS, "{}", points.len());
        assert_eq!(*summary_of, Some(SummaryOf { points: 86_400, resolution_s: 1.0 }));
        let width = 86_400.0 / LINK_BUCKETS as f64;
        for b in 0..LINK_BUCKETS {
            let (b0, b1) = (b as f64 * width, (b + 1) as f64 * width);
            let (was, now) = (day.mean_rate(b0, b1, 0.0), summary.mean_rate(b0, b1, 0.0));
            assert!((was - now).abs() <= 1e-6 * was.max(1.0), "bucket {b}: {was} vs {now}");
            let (reads_was, reads_now) = (day.mean_reads(b0, b1, 0.0, 0.0), summary.mean_reads(b0, b1, 0.0, 0.0));
            assert!((reads_was - reads_now).abs() <= 1e-5 * reads_was.max(1.0), "bucket {b} reads: {reads_was} vs {reads_now}");
            // The highest rate in force anywhere in the bucket.
            let peak = |t: &Traffic| {
                let Traffic::Series { points, .. } = t else { unreachable!("a series") };
                points.iter().filter(|&&(at, _)| at > b0 && at < b1).map(|&(_, r)| r).fold(t.rate_at(b0, 0.0), f64::max)
            };
            // The busiest 1 % of 216 s: the mean of the two busiest seconds, at least 99 % of
            // the peak in this trace (its busiest seconds are 999 and 998 or close).
            assert!(peak(&summary) >= 0.98 * peak(&day) && peak(&summary) <= peak(&day), "bucket {b}: {} vs {}", peak(&summary), peak(&day));
        }
    }

    #[test]
    fn short_series_summaries_and_other_shapes_are_carried_as_they_are() {
        let summary = noisy_day().summarised_for_link(86_400.0).expect("summarised");
        assert_eq!(summary.summarised_for_link(86_400.0), None, "a summary is not summarised again");
        assert_eq!(Traffic::series_held(vec![(0.0, 1.0); 1]).summarised_for_link(3_600.0), None);
        assert_eq!(Traffic::Steady.summarised_for_link(3_600.0), None);
    }
}
