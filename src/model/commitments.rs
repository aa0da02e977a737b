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

use crate::format::{percent, usd};
use crate::model::prices::PriceTable;
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
    /// The eligible on-demand spend of each hour of the run, USD per hour (a partial last
    /// hour at its rate): the curve the commitment is chosen against.
    #[serde(default)]
    pub hourly_usd: Vec<f64>,
}

impl SavingsPlan {
    /// "$0.12/h committed, 35 % off, 100 % used", or why there is none.
    pub fn terms(&self) -> String {
        if self.discount <= 0.0 {
            "not eligible".into()
        } else if self.usd_per_h <= 0.0 {
            "no commitment pays off".into()
        } else {
            format!("{}/h committed, {} off, {} used", usd(self.usd_per_h), percent(self.discount), percent(self.utilisation))
        }
    }

    /// The on-demand spend per hour the commitment covers, `usd_per_h / (1 − discount)`:
    /// hours spending less leave part of the commitment unused.
    pub fn covered_usd_per_h(&self) -> f64 {
        covered_rate(self.usd_per_h, self.discount)
    }

    /// What the plan saves over the run, USD: never negative for the best commitment (no
    /// plan at worst), negative for a chosen one larger than the spend it covers is worth.
    pub fn saving_usd(&self) -> f64 {
        self.eligible_usd - self.with_plan_usd
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
        self.spread(start_s, len_s, usd, true);
    }

    /// Change the spend already booked over `[start_s, start_s + len_s)` by `usd` (more or
    /// less), without counting that time again.
    pub fn amend(&mut self, start_s: f64, len_s: f64, usd: f64) {
        self.spread(start_s, len_s, usd, false);
    }

    fn spread(&mut self, start_s: f64, len_s: f64, usd: f64, covers: bool) {
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
            if covers {
                self.covered_s[h] += next - t;
            }
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

/// The on-demand spend per hour a commitment of `usd_per_h` at `discount` covers (none at a
/// discount of 100 % or more, which no plan has).
fn covered_rate(usd_per_h: f64, discount: f64) -> f64 {
    if (0.0..1.0).contains(&discount) {
        usd_per_h / (1.0 - discount)
    } else {
        0.0
    }
}

/// The run's cost with a commitment of `usd_per_h` at `discount`, and the plan's use.
pub fn with_commitment(spend: &HourlySpend, discount: f64, usd_per_h: f64) -> SavingsPlan {
    let covered_rate = covered_rate(usd_per_h, discount);
    let (mut eligible, mut cost, mut committed, mut covered) = (0.0, 0.0, 0.0, 0.0);
    let rates = spend.rates();
    for &(rate, w) in &rates {
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
        hourly_usd: rates.iter().map(|r| r.0).collect(),
    }
}

impl HourlySpend {
    /// The smallest hourly rate whose hours, with those below it, weigh at least `share` of
    /// the run (`None` without hours). Where the total cost's slope turns positive: above
    /// it a commitment goes unused in too many hours to pay for its discount.
    fn weighted_quantile(&self, share: f64) -> Option<f64> {
        let mut rates = self.rates();
        rates.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total: f64 = rates.iter().map(|r| r.1).sum();
        let mut below = 0.0;
        rates
            .iter()
            .find(|(_, w)| {
                below += w;
                below >= share * total * (1.0 - 1e-12)
            })
            .map(|r| r.0)
    }
}

/// The commitment that minimises the run's cost: the `discount`-quantile of the hourly
/// spend rates, weighted by hour, times `1 − discount`.
pub fn optimal(spend: &HourlySpend, discount: f64) -> SavingsPlan {
    let discount = usable_discount(discount);
    let covered_rate = if discount > 0.0 { spend.weighted_quantile(discount).unwrap_or(0.0) } else { 0.0 };
    with_commitment(spend, discount, (1.0 - discount) * covered_rate.max(0.0))
}

/// The plan for this run: `chosen` USD per hour when the person chose one, else the best.
/// Spend no plan discounts (an instance family a plan does not cover) takes no commitment,
/// chosen or not.
pub fn plan(spend: &HourlySpend, discount: f64, chosen: Option<f64>) -> SavingsPlan {
    let discount = usable_discount(discount);
    match chosen.filter(|c| c.is_finite() && *c >= 0.0 && discount > 0.0) {
        Some(c) => with_commitment(spend, discount, c),
        None => optimal(spend, discount),
    }
}

/// A discount as a plan takes it: a share from 0 to 0.9 (anything else is none).
fn usable_discount(discount: f64) -> f64 {
    if discount.is_finite() { discount.clamp(0.0, 0.9) } else { 0.0 }
}

/// DynamoDB reserved capacity for one kind of unit (RCU or WCU) and one term: blocks of 100
/// units, each an upfront fee and an hourly fee for the term, whatever is used; units in
/// force above the reservation are billed at the provisioned rate. The same convex cost as
/// a Savings Plan, in units: reserve the `d`-quantile of the hourly units in force, where
/// `d = 1 − (upfront / term hours + hourly) / (100 × provisioned rate)` is the effective
/// discount, rounded to whichever neighbouring whole block costs less.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reservation {
    /// Units reserved (a multiple of 100; 0 when reserving does not pay).
    pub units: f64,
    /// The effective share off the provisioned rate of a fully used block.
    pub discount: f64,
    /// Over the run: the units' provisioned cost, and the cost with the reservation (its
    /// fees for every hour + the units above it), USD.
    pub on_demand_usd: f64,
    pub reserved_usd: f64,
    /// Share of the reserved unit-hours in force.
    pub utilisation: f64,
}

/// A reservation's price: per block of 100 units, upfront and per hour, for `term_h` hours.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BlockPrice {
    pub upfront_usd: f64,
    pub hourly_usd: f64,
    pub term_h: f64,
}

/// Units reserved per block.
pub const RESERVATION_BLOCK_UNITS: f64 = 100.0;

/// The run's cost of `units_in_force` (unit-hours per hour of the run) with `reserved` units,
/// at `unit_hour_usd` on demand.
pub fn with_reservation(units_in_force: &HourlySpend, unit_hour_usd: f64, price: BlockPrice, reserved: f64) -> Reservation {
    let per_unit_h = (price.upfront_usd / price.term_h.max(1.0) + price.hourly_usd) / RESERVATION_BLOCK_UNITS;
    let (mut on_demand, mut cost, mut used) = (0.0, 0.0, 0.0);
    let mut hours = 0.0;
    for (units, w) in units_in_force.rates() {
        on_demand += w * units * unit_hour_usd;
        cost += w * (reserved * per_unit_h + (units - reserved).max(0.0) * unit_hour_usd);
        used += w * units.min(reserved);
        hours += w;
    }
    Reservation {
        units: reserved,
        discount: if unit_hour_usd > 0.0 { 1.0 - per_unit_h / unit_hour_usd } else { 0.0 },
        on_demand_usd: on_demand,
        reserved_usd: cost,
        utilisation: if reserved > 0.0 && hours > 0.0 { used / (reserved * hours) } else { 0.0 },
    }
}

/// The reservation, in whole blocks, that minimises the run's cost of these units.
pub fn optimal_reservation(units_in_force: &HourlySpend, unit_hour_usd: f64, price: BlockPrice) -> Reservation {
    let none = with_reservation(units_in_force, unit_hour_usd, price, 0.0);
    let Some(x) = units_in_force.weighted_quantile(none.discount).filter(|_| none.discount > 0.0) else {
        return none;
    };
    // Convex in the units reserved: the best whole block is one of the two around `x`.
    let block = |n: f64| with_reservation(units_in_force, unit_hour_usd, price, n * RESERVATION_BLOCK_UNITS);
    let (low, high) = (block((x / RESERVATION_BLOCK_UNITS).floor()), block((x / RESERVATION_BLOCK_UNITS).ceil()));
    [none, low, high].into_iter().min_by(|a, b| a.reserved_usd.total_cmp(&b.reserved_usd)).unwrap_or_default()
}

/// One term of DynamoDB reserved capacity: the best reads and writes reservations and the
/// table's monthly cost with them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReservedTerm {
    pub years: u8,
    pub rcu: Reservation,
    pub wcu: Reservation,
    pub monthly_cost_usd: f64,
}

impl ReservedTerm {
    /// "1 year", "3 years".
    pub fn label(&self) -> String {
        format!("{} year{}", self.years, if self.years > 1 { "s" } else { "" })
    }
}

/// DynamoDB reserved capacity for a run: for a provisioned Standard table only (not
/// on-demand, not Standard-IA, and not the replicated writes of a global table, which are
/// billed on demand beside it). `eligible` is false, and the terms empty, otherwise.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReservedCapacity {
    pub eligible: bool,
    pub one_year: ReservedTerm,
    pub three_year: ReservedTerm,
}

/// Hours in a reservation's term of `years` (365-day years).
fn term_hours(years: u8) -> f64 {
    f64::from(years) * 365.0 * 24.0
}

impl ReservedCapacity {
    /// The best reservations for the RCU and WCU in force hour by hour (unit-hours), at the
    /// table's provisioned `(rcu_hour, wcu_hour)` rates; `monthly_cost_usd` is the table's
    /// bill, and `month_scale` turns the run's dollars into a month's.
    pub fn optimal(rcu: &HourlySpend, wcu: &HourlySpend, (rcu_hour, wcu_hour): (f64, f64), p: &PriceTable, monthly_cost_usd: f64, month_scale: f64) -> ReservedCapacity {
        let term = |years: u8, [ru, rh, wu, wh]: [&crate::model::prices::Price; 4]| {
            let h = term_hours(years);
            let rcu = optimal_reservation(rcu, rcu_hour, BlockPrice { upfront_usd: ru.value, hourly_usd: rh.value, term_h: h });
            let wcu = optimal_reservation(wcu, wcu_hour, BlockPrice { upfront_usd: wu.value, hourly_usd: wh.value, term_h: h });
            let saved = (rcu.on_demand_usd - rcu.reserved_usd) + (wcu.on_demand_usd - wcu.reserved_usd);
            ReservedTerm { years, monthly_cost_usd: (monthly_cost_usd - saved * month_scale).max(0.0), rcu, wcu }
        };
        ReservedCapacity {
            eligible: true,
            one_year: term(1, [&p.ddb_reserved_1y_rcu_100_upfront, &p.ddb_reserved_1y_rcu_100_hour, &p.ddb_reserved_1y_wcu_100_upfront, &p.ddb_reserved_1y_wcu_100_hour]),
            three_year: term(3, [&p.ddb_reserved_3y_rcu_100_upfront, &p.ddb_reserved_3y_rcu_100_hour, &p.ddb_reserved_3y_wcu_100_upfront, &p.ddb_reserved_3y_wcu_100_hour]),
        }
    }
}

/// Aurora Reserved Instances for a provisioned cluster: the monthly cost with every instance
/// reserved, for three common terms. Provisioned instances run every hour, so reserving all
/// of them is the optimum; Serverless v2 ACUs take none (`eligible` false). The discounts
/// apply to instance-hours only, not storage, I/O, RDS Proxy or caches; an I/O-Optimized
/// instance needs 1.3× the normalised units at 1.3× the price, the same share off.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReservedInstances {
    pub eligible: bool,
    pub one_year_no_upfront_usd: f64,
    pub one_year_all_upfront_usd: f64,
    pub three_year_all_upfront_usd: f64,
}

impl ReservedInstances {
    /// From the cluster's `monthly_cost_usd` and the instances' part of it.
    pub fn new(monthly_cost_usd: f64, monthly_instances_usd: f64, p: &PriceTable) -> ReservedInstances {
        let with = |off: f64| (monthly_cost_usd - off * monthly_instances_usd).max(0.0);
        ReservedInstances {
            eligible: true,
            one_year_no_upfront_usd: with(p.aurora_ri_1y_no_upfront_off.value),
            one_year_all_upfront_usd: with(p.aurora_ri_1y_all_upfront_off.value),
            three_year_all_upfront_usd: with(p.aurora_ri_3y_all_upfront_off.value),
        }
    }
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
        assert!((p.covered_usd_per_h() - 10.0).abs() < 1e-12 && p.hourly_usd == vec![10.0; 24]);
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
