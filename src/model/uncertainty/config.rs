//! The uncertain inputs and their ranges: data, read by the scenario (the sampling and
//! its answers are in the parent module).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most samples a scenario may ask for.
pub const MAX_SAMPLES: u32 = 1_024;
/// The samples drawn unless the scenario says otherwise.
pub const DEFAULT_SAMPLES: u32 = 256;
/// An input that can be uncertain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    RequestsPerS,
    KeySkew,
    ItemSizeKb,
    ReadShare,
    TableSizeGb,
}

impl Input {
    pub const ALL: [Input; 5] = [Input::RequestsPerS, Input::KeySkew, Input::ItemSizeKb, Input::ReadShare, Input::TableSizeGb];

    /// The workload field it is.
    pub fn field(self) -> &'static str {
        match self {
            Input::RequestsPerS => "requests_per_s",
            Input::KeySkew => "key_skew",
            Input::ItemSizeKb => "item_size_kb",
            Input::ReadShare => "read_share",
            Input::TableSizeGb => "table_size_gb",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Input::RequestsPerS => "traffic",
            Input::KeySkew => "key skew",
            Input::ItemSizeKb => "item size",
            Input::ReadShare => "read share",
            Input::TableSizeGb => "data stored",
        }
    }

    /// Whether its range is factors of the value (else offsets from it).
    pub fn by_factor(self) -> bool {
        matches!(self, Input::RequestsPerS | Input::ItemSizeKb | Input::TableSizeGb)
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
                    input.field(),
                    crate::model::input::shown(r.low),
                    crate::model::input::shown(r.high)
                ));
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
