//! What the engine's test files share: a generator of valid scenarios and a tolerance.
#![allow(dead_code)]

use proptest::prelude::*;
use scalelab::model::aurora::AuroraConfig;
use scalelab::model::dynamodb::{CapacityMode, DynamoConfig};
use scalelab::model::scenario::{Scenario, SimSettings};
use scalelab::model::traffic::Traffic;
use scalelab::model::workload::{QueryKind, Workload};

/// Traffic shapes whose features last at least `shortest_s` (a spike, a ramp, a batch),
/// starting anywhere (not on a step boundary).
pub fn traffic(shortest_s: f64) -> impl Strategy<Value = Traffic> {
    prop_oneof![
        Just(Traffic::Steady),
        (0.0f64..1.0, 0.0f64..24.0).prop_map(|(r, h)| Traffic::Diurnal { trough_to_peak: r, peak_hour_utc: h }),
        (1.0f64..50.0, 0.0f64..7200.0, shortest_s..3600.0f64.max(shortest_s * 2.0))
            .prop_map(|(m, s, d)| Traffic::Spike { multiplier: m, start_s: s, duration_s: d }),
        (0.1f64..20.0, 0.0f64..3000.0, shortest_s..7200.0f64.max(shortest_s * 2.0))
            .prop_map(|(m, s, d)| Traffic::Ramp { to_multiplier: m, start_s: s, end_s: s + d }),
        (1.0f64..30.0, 0.0f64..2.0).prop_map(|(m, h)| Traffic::NightlyBatch { batch_multiplier: m, start_hour_utc: h, duration_h: 1.0 }),
    ]
}

/// Valid scenarios over three hours at `step_s`: both capacity modes, auto scaling or not,
/// any query type, key skew, item size and traffic shape, readers and max ACU.
pub fn scenario(steps_s: Vec<f64>, shortest_feature_s: f64) -> impl Strategy<Value = Scenario> {
    (
        (0.0f64..6.0, 0.0f64..=1.0, -1.0f64..2.0, 0.0f64..7.0, 0.0f64..=2.0, prop::sample::select(QueryKind::ALL.to_vec())),
        traffic(shortest_feature_s),
        (prop::bool::ANY, prop::bool::ANY, 1.0f64..4.6, 0.2f64..=0.9, 0u32..=2), // capacity 10 to 39,810: under the 40,000 quota
        (0u32..=3, 1u32..=64, prop::sample::select(steps_s), prop::bool::ANY),
    )
        .prop_map(move |((rps, read, item, keys, skew, query), traffic, (provisioned, auto, cap, target, gsis), (readers, max_half, step, follow))| {
            let cap_units = 10f64.powf(cap).round();
            Scenario {
                workload: Workload {
                    requests_per_s: 10f64.powf(rps),
                    read_share: read,
                    item_size_kb: 10f64.powf(item),
                    partition_keys: 10f64.powf(keys).round(),
                    key_skew: skew,
                    query,
                    rows_per_report: 10_000.0,
                    ..Workload::default()
                },
                traffic,
                simulation: SimSettings { duration_s: 3.0 * 3600.0, step_s: Some(step), seed: 7 },
                dynamodb: DynamoConfig {
                    mode: if provisioned { CapacityMode::Provisioned } else { CapacityMode::OnDemand },
                    auto_scaling: auto,
                    provisioned_rcu: cap_units,
                    provisioned_wcu: cap_units,
                    target_utilisation: target,
                    global_secondary_indexes: gsis,
                    ..DynamoConfig::default()
                },
                aurora: AuroraConfig { readers, max_acu: f64::from(max_half) * 2.0, readers_follow_writer: follow, ..AuroraConfig::default() },
                ..Scenario::default()
            }
        })
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Rough traffic as real exports give it: a held series of one point every `interval_s`
/// over three hours, each a random multiple (0 to 3, or a burst up to 20) of a base that
/// itself drifts, so consecutive intervals jump and some repeat (whole counts do).
pub fn rough_traffic(interval_s: f64) -> impl Strategy<Value = Traffic> {
    let n = (3.0 * 3600.0 / interval_s) as usize;
    (prop::collection::vec((0u8..=30, prop::bool::weighted(0.01)), n), 0.5f64..2.0).prop_map(move |(draws, drift)| {
        let points = draws
            .iter()
            .enumerate()
            .map(|(i, &(tenths, burst))| {
                let t = i as f64 * interval_s;
                let base = 1.0 + (drift - 1.0) * t / (3.0 * 3600.0);
                (t, base * if burst { 20.0 } else { f64::from(tenths) / 10.0 })
            })
            .collect();
        Traffic::series_held(points)
    })
}

/// [`scenario`] with [`rough_traffic`] of one point a second (rates relative to the
/// generated request rate, as a series gives absolute rates).
pub fn rough_scenario(steps_s: Vec<f64>) -> impl Strategy<Value = Scenario> {
    (scenario(steps_s, 60.0), rough_traffic(1.0)).prop_map(|(mut s, traffic)| {
        let scale = s.workload.requests_per_s;
        s.traffic = match traffic {
            Traffic::Series { points, between_points, read_shares, summary_of } => Traffic::Series { points: points.iter().map(|&(t, r)| (t, r * scale)).collect(), between_points, read_shares, summary_of },
            other => other,
        };
        s
    })
}
