//! A 1-year, no-upfront Database Savings Plan against one database's hour-by-hour eligible
//! spend (facts addendum 2026-12, §2): the commitment that minimises the bill, and what it
//! saves.
//!
//! A plan is a commitment of `c` USD per hour, paid every hour whether used or not (also
//! while a cluster is auto-paused). In an hour whose eligible on-demand spend is `e`, it
//! covers up to `c / (1 − d)` of that spend at the discount `d`; the rest is paid on demand:
//!
//! ```text
//! cost_h(c) = w_h · c + max(0, e_h − w_h · c / (1 − d))        (w_h: the share of the hour run)
//! ```
//!
//! The total is convex and piecewise linear in `c`, with slope `Σ w_h − Σ_{e_h/w_h > x} w_h / (1 − d)`
//! where `x = c / (1 − d)` is the hourly spend covered. The slope turns from negative to
//! positive where the hours above `x` weigh `1 − d` of the run: **the optimal covered
//! spend is the `d`-quantile of the hourly spend rates** (hours weighted by their length),
//! and `c* = (1 − d) · x*`. With a 35 % discount, cover the spend that 35 % of hours stay
//! below; more would go unused too often. A flat workload commits to all of it; a spiky one
//! to its floor.
//!
//! The hours are those of the run, as if it repeated for the year's term: a day's run is a
//! typical day, a month's run a typical month.

use serde::{Deserialize, Serialize};

/// One database's best Savings Plan for a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavingsPlan {
    /// The share off eligible on-demand spend (0 where nothing is eligible).
    pub discount: f64,
    /// The optimal commitment, USD per hour (0 when nothing is worth committing).
    pub usd_per_h: f64,
    /// Eligible on-demand spend over the run, and what it costs with the plan (commitment
    /// paid every hour + the uncovered spend on demand), USD.
    pub eligible_usd: f64,
    pub with_plan_usd: f64,
    /// Share of the commitment used, over the run (1 = every committed dollar covered
    /// spend).
    pub utilisation: f64,
    /// Share of the eligible spend the plan covered.
    pub coverage: f64,
}

impl SavingsPlan {
    /// What the plan saves over the run, USD (never negative: the optimum is no plan at worst).
    pub fn saving_usd(&self) -> f64 {
        (self.eligible_usd - self.with_plan_usd).max(0.0)
    }
}

/// Eligible spend hour by hour: `usd[h]` spent in hour `h` of the run, of which `covered_s[h]`
/// seconds were simulated (the last hour of a run may be partial).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HourlySpend {
    pub usd: Vec<f64>,
    pub covered_s: Vec<f64>,
}

impl HourlySpend {
    /// Book `usd` spent evenly over `[start_s, start_s + len_s)`.
    pub fn add(&mut self, start_s: f64, len_s: f64, usd: f64) {
        if !(len_s > 0.0 && start_s >= 0.0 && usd.is_finite()) {
            return;
        }
        let end_s = start_s + len_s;
        let mut t = start_s;
        while t < end_s {
            let hour = (t / 3600.0).floor();
            let next = ((hour + 1.0) * 3600.0).min(end_s);
            let h = hour as usize;
            if self.usd.len() <= h {
                self.usd.resize(h + 1, 0.0);
                self.covered_s.resize(h + 1, 0.0);
            }
            self.usd[h] += usd * (next - t) / len_s;
            self.covered_s[h] += next - t;
            t = next;
        }
    }

    /// `(rate USD per hour, weight in hours)` for every hour with simulated time.
    fn rates(&self) -> Vec<(f64, f64)> {
        self.usd
            .iter()
            .zip(&self.covered_s)
            .filter(|(_, &s)| s > 0.0)
            .map(|(&usd, &s)| (usd / (s / 3600.0), s / 3600.0))
            .collect()
    }
}

/// The run's cost with a commitment of `usd_per_h` at `discount`, and the plan's use.
pub fn with_commitment(spend: &HourlySpend, discount: f64, usd_per_h: f64) -> SavingsPlan {
    let covered_rate = if discount < 1.0 { usd_per_h / (1.0 - discount) } else { 0.0 };
    let (mut eligible, mut cost, mut committed, mut covered) = (0.0, 0.0, 0.0, 0.0);
    for (rate, w) in spend.rates() {
        eligible += rate * w;
        cost += w * (usd_per_h + (rate - covered_rate).max(0.0));
        committed += w * covered_rate;
        covered += w * rate.min(covered_rate);
    }
    SavingsPlan {
        discount,
        usd_per_h,
        eligible_usd: eligible,
        with_plan_usd: cost,
        utilisation: if committed > 0.0 { covered / committed } else { 0.0 },
        coverage: if eligible > 0.0 { covered / eligible } else { 0.0 },
    }
}

/// The commitment that minimises the run's cost: the `discount`-quantile of the hourly
/// spend rates, weighted by hour, times `1 − discount`.
pub fn optimal(spend: &HourlySpend, discount: f64) -> SavingsPlan {
    let discount = if discount.is_finite() { discount.clamp(0.0, 0.9) } else { 0.0 };
    let mut rates = spend.rates();
    if discount <= 0.0 || rates.is_empty() {
        return with_commitment(spend, discount, 0.0);
    }
    rates.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = rates.iter().map(|r| r.1).sum();
    // The smallest rate whose hours at or below it weigh at least `discount` of the run:
    // above it the slope is positive, below it negative.
    let mut below = 0.0;
    let covered_rate = rates
        .iter()
        .find(|(_, w)| {
            below += w;
            below >= discount * total * (1.0 - 1e-12)
        })
        .map_or(0.0, |r| r.0);
    with_commitment(spend, discount, (1.0 - discount) * covered_rate.max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(usd: &[f64]) -> HourlySpend {
        let mut s = HourlySpend::default();
        for (h, &u) in usd.iter().enumerate() {
            s.add(h as f64 * 3600.0, 3600.0, u);
        }
        s
    }

    #[test]
    fn a_flat_workload_commits_to_all_of_it_and_saves_the_discount() {
        let p = optimal(&hours(&[10.0; 24]), 0.35);
        assert!((p.usd_per_h - 6.5).abs() < 1e-12, "{p:?}");
        assert!((p.with_plan_usd - 24.0 * 6.5).abs() < 1e-9);
        assert!((p.utilisation - 1.0).abs() < 1e-12 && (p.coverage - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_step_that_straddles_an_hour_is_split_by_time() {
        let mut s = HourlySpend::default();
        s.add(3_000.0, 1_200.0, 12.0);
        assert_eq!(s.usd, vec![6.0, 6.0]);
        assert_eq!(s.covered_s, vec![600.0, 600.0]);
    }

    #[test]
    fn nothing_eligible_or_no_discount_commits_nothing() {
        assert_eq!(optimal(&HourlySpend::default(), 0.35).usd_per_h, 0.0);
        let p = optimal(&hours(&[5.0, 7.0]), 0.0);
        assert_eq!((p.usd_per_h, p.with_plan_usd), (0.0, 12.0));
    }
}
