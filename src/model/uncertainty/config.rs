//! The uncertain inputs and their ranges: data, read by the scenario (the sampling and
//! its answers are in the parent module).

use crate::model::estimates::Estimates;
use crate::model::prices::PriceTable;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

impl Serialize for Input {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.key())
    }
}

impl<'de> Deserialize<'de> for Input {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Input, D::Error> {
        let key = String::deserialize(d)?;
        Input::from_key(&key).map_err(serde::de::Error::custom)
    }
}

/// The most samples a scenario may ask for.
pub const MAX_SAMPLES: u32 = 1_024;
/// The samples drawn unless the scenario says otherwise.
pub const DEFAULT_SAMPLES: u32 = 256;
/// An input that can be uncertain: one of the workload's numbers, an estimate (by its id in
/// `Estimates::rows`) or a price (by its id in `PriceTable::entries`). In a scenario's
/// `uncertainty.ranges` it is keyed by [`Input::key`]: the workload field's name,
/// `estimates.<id>` or `prices.<id>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    RequestsPerS,
    KeySkew,
    ItemSizeKb,
    ReadShare,
    TableSizeGb,
    Estimate(&'static str),
    Price(&'static str),
}

/// Every estimate and price that can be a range, with its name: built once (the page lists
/// them on every render of its settings).
fn choices() -> &'static [(Input, String)] {
    static CHOICES: std::sync::OnceLock<Vec<(Input, String)>> = std::sync::OnceLock::new();
    CHOICES.get_or_init(|| {
        let estimates = Estimates::default().rows().into_iter().filter(|r| !Estimates::is_whole(r.id)).map(|r| (Input::Estimate(r.id), r.label.to_string()));
        let table = PriceTable::default();
        let prices: Vec<(Input, String)> = table.entries().into_iter().map(|(id, _)| (Input::Price(id), format!("price {id}"))).collect();
        estimates.chain(prices).collect()
    })
}

impl Input {
    /// The workload's uncertain numbers, in the order the page lists them.
    pub const ALL: [Input; 5] = [Input::RequestsPerS, Input::KeySkew, Input::ItemSizeKb, Input::ReadShare, Input::TableSizeGb];

    /// Every estimate and price that can be a range, in the order the assumptions list them.
    pub fn estimates_and_prices() -> impl Iterator<Item = Input> {
        choices().iter().map(|c| c.0)
    }

    /// Its key in `uncertainty.ranges` (and in the page's element ids).
    pub fn key(self) -> String {
        match self {
            Input::Estimate(id) => format!("estimates.{id}"),
            Input::Price(id) => format!("prices.{id}"),
            workload => workload.field().to_string(),
        }
    }

    /// The input a key names, or why none does.
    pub fn from_key(key: &str) -> Result<Input, String> {
        if let Some(i) = Input::ALL.into_iter().find(|i| i.field() == key) {
            return Ok(i);
        }
        if let Some(i) = Input::estimates_and_prices().find(|i| i.key() == key) {
            return Ok(i);
        }
        let why = match key.strip_prefix("estimates.") {
            Some(id) if Estimates::is_whole(id) => format!("estimate {id} is a whole number and cannot be a range"),
            _ => "it is neither a workload number (requests_per_s, key_skew, item_size_kb, read_share, table_size_gb) nor estimates.<id> or prices.<id> of the assumptions".into(),
        };
        Err(format!("uncertainty.ranges has {}: {why}", crate::model::input::quoted(key)))
    }

    /// The workload field it is ("" for an estimate or a price: see [`Input::key`]).
    pub fn field(self) -> &'static str {
        match self {
            Input::RequestsPerS => "requests_per_s",
            Input::KeySkew => "key_skew",
            Input::ItemSizeKb => "item_size_kb",
            Input::ReadShare => "read_share",
            Input::TableSizeGb => "table_size_gb",
            Input::Estimate(_) | Input::Price(_) => "",
        }
    }

    /// An estimate's or a price's value in these tables and the values it may take; `None`
    /// for the workload's numbers (clamped to the workload's bounds when sampled).
    pub fn value_and_bounds(self, estimates: &Estimates, prices: &PriceTable) -> Option<(f64, (f64, f64))> {
        match self {
            Input::Estimate(id) => Some((estimates.rows().into_iter().find(|r| r.id == id).map_or(0.0, |r| r.value), Estimates::range(id))),
            Input::Price(id) => Some((prices.entries().into_iter().find(|(pid, _)| *pid == id).map_or(0.0, |(_, p)| p.value), (0.0, crate::model::prices::max_value(id)))),
            _ => None,
        }
    }

    /// The range an estimate or a price starts with when made uncertain: ×0.5 to ×2, within
    /// the values it may take (a share at 0.8 goes up to ×1.25, its 1.0).
    pub fn start_range(self, estimates: &Estimates, prices: &PriceTable) -> Range {
        match self.value_and_bounds(estimates, prices) {
            Some((v, (lo, hi))) if v > 0.0 => Range { low: (lo / v).clamp(0.5, 1.0), high: (hi / v).clamp(1.0, 2.0) },
            _ => Range { low: 0.5, high: 2.0 },
        }
    }

    /// Set an estimate or a price to `value` in its table, which checks it (clamped to the
    /// values it may take first); the workload's numbers are not in these tables (nothing to do).
    pub fn set_in(self, estimates: &mut Estimates, prices: &mut PriceTable, value: f64) -> Result<(), String> {
        let Some((_, (lo, hi))) = self.value_and_bounds(estimates, prices) else { return Ok(()) };
        match self {
            Input::Estimate(id) => estimates.set(id, value.clamp(lo, hi)),
            Input::Price(id) => prices.set(id, value.clamp(lo, hi)),
            _ => Ok(()),
        }
    }

    /// What a person calls it.
    pub fn label(self) -> String {
        match self {
            Input::RequestsPerS => "traffic".into(),
            Input::KeySkew => "key skew".into(),
            Input::ItemSizeKb => "item size".into(),
            Input::ReadShare => "read share".into(),
            Input::TableSizeGb => "data stored".into(),
            Input::Estimate(_) | Input::Price(_) => choices().iter().find(|c| c.0 == self).map_or_else(|| self.key(), |c| c.1.clone()),
        }
    }

    /// Whether its range is factors of the value (else offsets from it).
    pub fn by_factor(self) -> bool {
        !matches!(self, Input::KeySkew | Input::ReadShare)
    }

    /// The value `end` of its range stands for, around `likely`.
    pub fn at(self, likely: f64, end: f64) -> f64 {
        if self.by_factor() {
            likely * end
        } else {
            likely + end
        }
    }

    /// The range in words: "×0.5 to ×2" or "−0.2 to +0.2".
    pub fn range_words(self, r: &Range) -> String {
        let n = |v: f64| crate::format::si(v);
        if self.by_factor() {
            format!("×{} to ×{}", n(r.low), n(r.high))
        } else {
            let signed = |v: f64| if v < 0.0 { format!("−{}", n(-v)) } else { format!("+{}", n(v)) };
            format!("{} to {}", signed(r.low), signed(r.high))
        }
    }
}

/// A range around the likely value: factors (`low` ≤ 1 ≤ `high`) or offsets (`low` ≤ 0 ≤
/// `high`), as [`Input::by_factor`] says.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Uncertainty {
    /// Futures sampled (0: none), at most [`MAX_SAMPLES`].
    pub samples: u32,
    /// The uncertain inputs and their ranges.
    pub ranges: BTreeMap<Input, Range>,
}

impl Default for Uncertainty {
    /// Next year's traffic from half to twice today's; skew ±0.2; items half to twice the
    /// size; the read share ±10 points; the data from half to three times.
    fn default() -> Self {
        let r = |low, high| Range { low, high };
        Uncertainty {
            samples: DEFAULT_SAMPLES,
            ranges: BTreeMap::from([
                (Input::RequestsPerS, r(0.5, 2.0)),
                (Input::KeySkew, r(-0.2, 0.2)),
                (Input::ItemSizeKb, r(0.5, 2.0)),
                (Input::ReadShare, r(-0.1, 0.1)),
                (Input::TableSizeGb, r(0.5, 3.0)),
            ]),
        }
    }
}

impl Uncertainty {
    pub fn validate(&self) -> Result<(), String> {
        if self.samples > MAX_SAMPLES {
            return Err(format!("uncertainty.samples = {} is outside the allowed range 0 to {MAX_SAMPLES} (each sample is a whole run)", self.samples));
        }
        for (input, r) in &self.ranges {
            let (centre, lo_limit, hi_limit) = if input.by_factor() { (1.0, 0.01, 100.0) } else { (0.0, -2.0, 2.0) };
            let ok = r.low.is_finite() && r.high.is_finite() && r.low <= centre && centre <= r.high && r.low >= lo_limit && r.high <= hi_limit;
            if !ok {
                let kind = if input.by_factor() { "factors from 0.01 to 100 with low ≤ 1 ≤ high" } else { "offsets from −2 to 2 with low ≤ 0 ≤ high" };
                return Err(format!(
                    "uncertainty.ranges.{} = {} to {} is not allowed: {kind}, around the scenario's value",
                    input.key(),
                    crate::model::input::shown(r.low),
                    crate::model::input::shown(r.high)
                ));
            }
        }
        Ok(())
    }

    /// Each estimate's and price's range must be usable at both ends around the scenario's
    /// own `estimates` and `prices`: an estimate's p50 taken past its p99, say, is refused
    /// here by name rather than silently left at its likely value in the futures.
    pub fn validate_ends(&self, estimates: &Estimates, prices: &PriceTable) -> Result<(), String> {
        for (input, r) in &self.ranges {
            let Some((value, (lo, hi))) = input.value_and_bounds(estimates, prices) else { continue };
            for (end, factor) in [("low", r.low), ("high", r.high)] {
                // (Within rounding of a bound counts as on it: `start_range` ends exactly there.)
                let v = value * factor;
                let tried = if v >= lo - 1e-12 * lo.abs() && v <= hi + 1e-12 * hi.abs() {
                    input.set_in(&mut estimates.clone(), &mut prices.clone(), v)
                } else {
                    Err(format!("{} would be {}, outside its allowed {} to {}", input.label(), crate::model::input::shown(v), crate::model::input::shown(lo), crate::model::input::shown(hi)))
                };
                if let Err(e) = tried {
                    return Err(format!("uncertainty.ranges.{} at its {end} end (×{}): {e}", input.key(), crate::model::input::shown(factor)));
                }
            }
        }
        Ok(())
    }

    /// Whether any future is sampled: some samples, and some input that varies.
    pub fn samples_futures(&self) -> bool {
        self.samples > 0 && !self.varying().is_empty()
    }

    /// The inputs that actually vary (a range of zero width does not).
    pub fn varying(&self) -> Vec<(Input, Range)> {
        self.ranges.iter().filter(|(_, r)| r.high > r.low).map(|(&i, &r)| (i, r)).collect()
    }
}
