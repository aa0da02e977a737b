//! Every valid scenario runs: a generator over the *whole* valid scenario space (every
//! field at its minimum, its maximum and random points between, every enum variant, every
//! capacity mode, deployment, traffic shape and option, faults and Regions, estimates and
//! prices anywhere in their validated ranges), and for each case the steady state
//! (`compare`), the steady sweep over request rates (`sweep`) and the time-stepped engine
//! (every step through `sim::Engine::advance_with`, then the bucketed run) must
//!
//! * not panic;
//! * give only finite numbers (the serialised JSON of each output holds no `null` other
//!   than an absent optional value, so no NaN or infinity hides as `null`);
//! * conserve requests: offered = served + Σ lost by cause, per step and in each summary,
//!   for both databases, with nothing negative;
//! * cost zero or more, per step and in total.
//!
//! **Case count and cap.** The normal run (`cargo test --test valid_space`) checks 10,000
//! cases, in two halves on two generators that run side by side, in about half a minute here
//! (the test profile builds scalelab optimised). The engine part is capped: nine cases in ten simulate at most [`MAX_STEPS_SHORT`] (24) steps and one
//! in ten at most [`MAX_STEPS_NORMAL`] (288, a day at 300 s steps), with a step drawn from
//! 150 (or 12.5) to 300 s and the duration from 1 hour to that many steps. Field values
//! themselves are never capped. The opt-in long run, `cargo test --test valid_space --
//! --ignored`, checks `SCALELAB_VALID_SPACE_CASES` cases (default 100,000; the variable also
//! sets the normal run's count), one in [`FULL_RANGE_EVERY`] (`SCALELAB_VALID_SPACE_FULL_EVERY`)
//! over the full duration × step range, automatic step included, up to [`MAX_STEPS_LONG`]
//! steps, and reports every failure class at once with a count and an example.
//!
//! Every failure the generator found is kept below as a named regression test.
#![cfg(not(target_arch = "wasm32"))]

use scalelab::model::billing::Billing;
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Union};
use proptest::test_runner::{Config, RngAlgorithm, TestRunner};
use scalelab::model::aurora::config::{Access, ClientDriver};
use scalelab::model::aurora::connections::INSTANCE_CLASSES;
use scalelab::model::aurora::{AuroraConfig, Engine};
use scalelab::model::dynamodb::{CapacityMode, DynamoConfig, TableClass};
use scalelab::model::estimates::Estimates;
use scalelab::model::faults::{Az, Fault, RegionId, MAX_FAULTS, MAX_FAULT_TIME_S};
use scalelab::model::prices::PriceTable;
use scalelab::model::regions::{GlobalTableMode, Regions};
use scalelab::model::scenario::{Scenario, SimSettings};
use scalelab::model::sim::{self, Ledger, LossCause, SimRun, StepRecord, Summary};
use scalelab::model::database::Database;
use scalelab::model::dsql::{Connect, DsqlConfig, Topology};
use scalelab::model::traffic::Traffic;
use scalelab::model::workload::{Consistency, LambdaClients, QueryKind, Workload, BOUNDS, LAMBDA_BOUNDS};
use serde_json::Value;

/// Most steps one case simulates in the normal run: nine cases in ten at most
/// [`MAX_STEPS_SHORT`], one in ten at most this (a day at 300 s steps).
const MAX_STEPS_NORMAL: f64 = 288.0;
const MAX_STEPS_SHORT: f64 = 24.0;
/// Most steps of a long-run case: the whole duration range (1 hour to 30 days) and step
/// range (1 to 300 s, or automatic), except the corner above 100,000 steps (30 days at
/// steps under 26 s), whose time and memory are the engine benchmark's business.
const MAX_STEPS_LONG: f64 = 100_000.0;
/// Request rates of the steady sweep per case (the page draws 13 or more; a few suffice to
/// reach both ends of the 1 to 10,000,000 req/s range).
const SWEEP_POINTS: usize = 4;
const DAY_S: f64 = 86_400.0;

// ---- the generator ----

/// A number in `[lo, hi]`: either end exactly, uniform between, or (for wide ranges)
/// log-uniform between, so that small values are as likely as large ones.
fn span(lo: f64, hi: f64) -> BoxedStrategy<f64> {
    let mut options: Vec<(u32, BoxedStrategy<f64>)> = vec![
        (1, Just(lo).boxed()),
        (1, Just(hi).boxed()),
        (3, (lo..=hi).boxed()),
    ];
    let floor = if lo > 0.0 { lo } else { hi * 1e-9 };
    if hi / floor > 100.0 {
        let (a, b) = (floor.ln(), hi.ln());
        options.push((3, (a..=b).prop_map(move |x| x.exp().clamp(lo, hi)).boxed()));
    }
    Union::new_weighted(options).boxed()
}

fn whole(lo: u32, hi: u32) -> BoxedStrategy<u32> {
    prop_oneof![Just(lo), Just(hi), lo..=hi].boxed()
}

/// Every numeric workload field over its range in `workload::BOUNDS`, and every query and
/// consistency.
fn workload() -> impl Strategy<Value = Workload> {
    let numbers: Vec<BoxedStrategy<f64>> = BOUNDS.iter().map(|b| span(b.min, b.max)).collect();
    (
        numbers,
        prop::sample::select(QueryKind::ALL.to_vec()),
        any::<bool>(),
        // Lambda-style clients (issue 19), anywhere in their ranges, a third of the time.
        prop::option::weighted(0.33, (span(LAMBDA_BOUNDS[0].min, LAMBDA_BOUNDS[0].max), span(LAMBDA_BOUNDS[1].min, LAMBDA_BOUNDS[1].max))),
    )
        .prop_map(|(values, query, strong, lambda)| {
            let mut w = serde_json::to_value(Workload::default()).unwrap();
            for (b, v) in BOUNDS.iter().zip(values) {
                w[b.field] = Value::from(v);
            }
            let mut w: Workload = serde_json::from_value(w).unwrap();
            w.query = query;
            w.consistency = if strong {
                Consistency::Strong
            } else {
                Consistency::Eventual
            };
            w.lambda = lambda.map(|(invocation_ms, concurrency_limit)| LambdaClients { invocation_ms, concurrency_limit });
            w
        })
}

/// The latest time a traffic shape or series may name: 31 days.
const TRAFFIC_MAX_S: f64 = 31.0 * DAY_S;

fn series() -> impl Strategy<Value = Traffic> {
    // Strictly increasing times: sorted, duplicates dropped.
    prop::collection::vec((span(0.0, TRAFFIC_MAX_S), span(0.0, 1e7)), 1..12).prop_map(
        |mut points| {
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            points.dedup_by(|b, a| b.0 <= a.0);
            Traffic::series(points)
        },
    )
}

fn traffic() -> impl Strategy<Value = Traffic> {
    prop_oneof![
        Just(Traffic::Steady),
        (span(0.0, 1.0), span(0.0, 24.0)).prop_map(|(r, h)| Traffic::Diurnal {
            trough_to_peak: r,
            peak_hour_utc: h
        }),
        (
            span(0.0, 1000.0),
            span(0.0, TRAFFIC_MAX_S),
            span(0.0, TRAFFIC_MAX_S)
        )
            .prop_map(|(m, s, d)| {
                Traffic::Spike {
                    multiplier: m,
                    start_s: s,
                    duration_s: d,
                }
            }),
        (span(0.0, 1000.0), span(0.0, TRAFFIC_MAX_S), span(0.0, 1.0)).prop_map(|(m, s, f)| {
            Traffic::Ramp {
                to_multiplier: m,
                start_s: s,
                end_s: s + (TRAFFIC_MAX_S - s) * f,
            }
        }),
        (span(0.0, 1000.0), span(0.0, 24.0), span(0.0, 24.0)).prop_map(|(m, h, d)| {
            Traffic::NightlyBatch {
                batch_multiplier: m,
                start_hour_utc: h,
                duration_h: d,
            }
        }),
        series(),
    ]
}

/// Duration and step. With `long`, anywhere in their ranges (the automatic step too);
/// otherwise a set step and a duration of at most [`MAX_STEPS_NORMAL`] steps (the automatic
/// step always gives 720 steps or more, so it is left to the long run).
fn simulation(long: bool) -> BoxedStrategy<SimSettings> {
    let seed = prop_oneof![Just(0u64), Just(u64::MAX), any::<u64>()];
    if long {
        let step = prop_oneof![1 => Just(None), 4 => span(1.0, 300.0).prop_map(Some)];
        (step, span(3_600.0, 30.0 * DAY_S), seed)
            .prop_map(|(step_s, duration_s, seed)| SimSettings {
                duration_s,
                step_s,
                seed,
            })
            .prop_filter("at most MAX_STEPS_LONG steps", |s| {
                s.steps() as f64 <= MAX_STEPS_LONG
            })
            .boxed()
    } else {
        // Most cases short; one in ten up to a day at 300 s steps.
        let steps = prop_oneof![9 => Just(MAX_STEPS_SHORT), 1 => Just(MAX_STEPS_NORMAL)];
        (steps, span(0.0, 1.0), span(0.0, 1.0), seed)
            .prop_map(|(max_steps, g, f, seed)| {
                let step = 3_600.0 / max_steps + (300.0 - 3_600.0 / max_steps) * g;
                let longest = max_steps * step;
                SimSettings {
                    duration_s: (3_600.0 + (longest - 3_600.0) * f).min(longest),
                    step_s: Some(step),
                    seed,
                }
            })
            .boxed()
    }
}

fn dynamodb() -> impl Strategy<Value = DynamoConfig> {
    let units = || span(1.0, 1e9);
    let fractions = || [span(0.0, 1.0), span(0.0, 1.0), span(0.0, 1.0)];
    (
        (any::<bool>(), any::<bool>(), units(), units()),
        (
            prop::option::of(units()),
            prop::option::of(units()),
            units(),
        ),
        (
            units(),
            units(),
            any::<bool>(),
            [units(), units(), units(), units()],
        ),
        (span(0.2, 0.9), whole(0, 20), span(0.0, 1.0), span(0.0, 1.0)),
        (
            whole(0, 30),
            whole(0, 11),
            span(0.0, 1.0),
            fractions(),
            fractions(),
        ),
        (prop::option::of(span(0.0, 1.0)), prop::option::of(units())),
    )
        .prop_map(|(a, b, c, d, e, f)| {
            let (provisioned, ia, warm_r, warm_w) = a;
            let (max_r, max_w, quota) = b;
            let (rcu, wcu, auto, [r1, r2, w1, w2]) = c;
            let (target, gsis, projected, key_change) = d;
            let (replicas, dax, dax_hit, read_f, write_f) = e;
            let (index_wcu_f, index_max_w) = f;
            let mut cfg = DynamoConfig {
                mode: if provisioned {
                    CapacityMode::Provisioned
                } else {
                    CapacityMode::OnDemand
                },
                table_class: if ia {
                    TableClass::StandardInfrequentAccess
                } else {
                    TableClass::Standard
                },
                warm_read_units_per_s: warm_r,
                warm_write_units_per_s: warm_w,
                max_read_units_per_s: max_r,
                max_write_units_per_s: max_w,
                table_quota_units_per_s: quota,
                provisioned_rcu: rcu,
                provisioned_wcu: wcu,
                auto_scaling: auto,
                min_rcu: r1.min(r2),
                max_rcu: r1.max(r2),
                min_wcu: w1.min(w2),
                max_wcu: w1.max(w2),
                target_utilisation: target,
                global_secondary_indexes: gsis,
                index_projected_share: projected,
                index_key_change_share: key_change,
                replica_regions: replicas,
                dax_nodes: dax,
                dax_hit_ratio: dax_hit,
                // On-demand: any; provisioned: set below, under the quota and in range.
                index_provisioned_wcu: index_wcu_f.map(|f| 1.0 + f * (1e9 - 1.0)),
                index_max_write_units_per_s: index_max_w,
            };
            if provisioned {
                // Provisioned capacity stays under the quota; with auto scaling,
                // min ≤ capacity ≤ max ≤ quota. Points on a log scale from 1 to the quota.
                let under_quota = |f: f64| quota.powf(f).clamp(1.0, quota);
                let ordered = |mut f: [f64; 3]| {
                    f.sort_by(f64::total_cmp);
                    f.map(under_quota)
                };
                let [lo, mid, hi] = ordered(read_f);
                cfg.provisioned_rcu = if auto { mid } else { under_quota(read_f[0]) };
                if auto {
                    (cfg.min_rcu, cfg.max_rcu) = (lo, hi);
                }
                let [lo, mid, hi] = ordered(write_f);
                cfg.provisioned_wcu = if auto { mid } else { under_quota(write_f[0]) };
                if auto {
                    (cfg.min_wcu, cfg.max_wcu) = (lo, hi);
                }
                // An index's capacity, when set: anywhere the table's own could be.
                cfg.index_provisioned_wcu = index_wcu_f.map(|f| {
                    if auto {
                        lo * (hi / lo).powf(f)
                    } else {
                        under_quota(f)
                    }
                    .clamp(if auto { lo } else { 1.0 }, if auto { hi } else { quota })
                });
            }
            cfg
        })
}

fn aurora() -> impl Strategy<Value = AuroraConfig> {
    (aurora_settings(), prop::sample::select(vec![ClientDriver::Plain, ClientDriver::AwsWrapper, ClientDriver::PerRequest])).prop_map(|(mut cfg, driver)| {
        cfg.client_driver = driver;
        cfg
    })
}

fn aurora_settings() -> impl Strategy<Value = AuroraConfig> {
    let class = prop_oneof![
        2 => Just(None),
        1 => prop::sample::select(INSTANCE_CLASSES.iter().map(|c| c.name).collect::<Vec<_>>())
            .prop_map(|n| Some(n.to_string())),
    ];
    let half_steps = || prop_oneof![Just(0u32), Just(512u32), 0u32..=512];
    (
        (
            any::<bool>(),
            class,
            half_steps(),
            half_steps(),
            whole(0, 15),
        ),
        (any::<bool>(), any::<bool>(), 0u8..3, span(0.0, 1e6)),
        (
            whole(0, 500),
            span(0.0, 1.0),
            whole(0, 5),
            span(300.0, 86_400.0),
            2u8..=4,
        ),
    )
        .prop_map(|(a, b, c)| {
            let (mysql, instance_class, h1, h2, readers) = a;
            let (follow, io_optimized, access, client_connections) = b;
            let (cache_nodes, cache_hit_ratio, secondary_regions, auto_pause_after_s, platform_version) = c;
            let (lo, hi) = (h1.min(h2), h1.max(h2).max(1));
            let mut cfg = AuroraConfig {
                engine: if mysql {
                    Engine::Mysql
                } else {
                    Engine::Postgresql
                },
                instance_class,
                min_acu: f64::from(lo) * 0.5,
                max_acu: f64::from(hi) * 0.5,
                readers,
                readers_follow_writer: follow,
                io_optimized,
                access: [Access::Direct, Access::RdsProxy, Access::DataApi][usize::from(access)],
                client_connections,
                cache_nodes,
                cache_hit_ratio,
                secondary_regions,
                auto_pause_after_s,
                client_driver: ClientDriver::Plain,
                platform_version,
            };
            // Auto-pause (minimum 0) is not offered behind RDS Proxy or on a Global
            // Database primary: those combinations take the smallest running minimum.
            if cfg.instance_class.is_none()
                && cfg.min_acu == 0.0
                && (cfg.access == Access::RdsProxy || cfg.secondary_regions > 0)
            {
                cfg.min_acu = 0.5;
            }
            // The Data API is not offered on T classes: those take direct connections.
            if cfg.access == Access::DataApi && cfg.instance_class.as_deref().is_some_and(|c| c.starts_with("db.t")) {
                cfg.access = Access::Direct;
            }
            cfg
        })
}

/// Every estimate anywhere in its validated range; each p99 at or above its p50.
fn estimates() -> impl Strategy<Value = Estimates> {
    let rows = Estimates::default().rows();
    let values: Vec<BoxedStrategy<f64>> = rows
        .iter()
        .map(|r| match Estimates::range(r.id) {
            (lo, hi) if Estimates::is_whole(r.id) => {
                whole(lo as u32, hi as u32).prop_map(f64::from).boxed()
            }
            (lo, hi) => span(lo, hi),
        })
        .collect();
    let ids: Vec<&'static str> = rows.iter().map(|r| r.id).collect();
    values.prop_map(move |values| {
        let mut map = serde_json::Map::new();
        for (id, v) in ids.iter().zip(values) {
            let json = if Estimates::is_whole(id) {
                Value::from(v as u64)
            } else {
                Value::from(v)
            };
            map.insert((*id).to_string(), json);
        }
        // p99 is not below p50: the pair in order.
        for pair in [
            "ddb_read",
            "ddb_write",
            "ddb_transaction",
            "dax_hit",
            "elasticache_hit",
        ] {
            let (k50, k99) = (format!("{pair}_p50_ms"), format!("{pair}_p99_ms"));
            let (a, b) = (map[&k50].as_f64().unwrap(), map[&k99].as_f64().unwrap());
            map.insert(k50, Value::from(a.min(b)));
            map.insert(k99, Value::from(a.max(b)));
        }
        serde_json::from_value(Value::Object(map)).expect("every estimate id is a field")
    })
}

/// Every price anywhere in its validated range.
fn prices() -> impl Strategy<Value = PriceTable> {
    let Value::Object(table) = serde_json::to_value(PriceTable::default()).unwrap() else {
        unreachable!()
    };
    prop::collection::vec(span(0.0, PRICE_MAX), table.len()).prop_map(move |values| {
        let mut table = table.clone();
        for (entry, v) in table.values_mut().zip(values) {
            entry["value"] = Value::from(v);
        }
        serde_json::from_value(Value::Object(table)).expect("a price table")
    })
}

const PRICE_MAX: f64 = scalelab::model::prices::PRICE_MAX_USD;

/// A fault before it is placed on the run: its kind, when (anywhere in 0 to 30 days, or a
/// share of the run's duration), how long, and where.
#[derive(Clone, Debug)]
struct FaultDraw {
    kind: usize,
    at_s: f64,
    at_share: Option<f64>,
    duration_s: f64,
    az: Az,
    region: RegionId,
}

fn fault_draws() -> impl Strategy<Value = Vec<FaultDraw>> {
    let one = (
        0usize..7,
        span(0.0, MAX_FAULT_TIME_S),
        prop::option::weighted(0.75, span(0.0, 1.0)),
        span(1.0, MAX_FAULT_TIME_S),
        prop::sample::select(Az::ALL.to_vec()),
        any::<bool>(),
    )
        .prop_map(|(kind, at_s, at_share, duration_s, az, b)| FaultDraw {
            kind,
            at_s,
            at_share,
            duration_s,
            az,
            region: if b { RegionId::B } else { RegionId::A },
        });
    prop_oneof![2 => Just(Vec::new()), 3 => prop::collection::vec(one, 1..=MAX_FAULTS)]
}

/// The draws as faults on a run of `duration_s`, leaving out the kinds the scenario cannot
/// have (a reader loss or a planned failover without readers, a switchover without a
/// Global Database).
fn place_faults(draws: Vec<FaultDraw>, duration_s: f64, readers: u32, global: bool) -> Vec<Fault> {
    draws
        .into_iter()
        .filter_map(|d| {
            let at_s = d.at_share.map_or(d.at_s, |f| f * duration_s);
            let duration_s = d.duration_s;
            match d.kind {
                0 => Some(Fault::AuroraWriterFailover { at_s }),
                1 if readers > 0 => Some(Fault::AuroraReaderLoss { at_s, duration_s }),
                2 => Some(Fault::AuroraReboot { at_s }),
                3 => Some(Fault::AzOutage {
                    at_s,
                    duration_s,
                    az: d.az,
                }),
                4 => Some(Fault::RegionOutage {
                    at_s,
                    duration_s,
                    region: d.region,
                }),
                5 if global => Some(Fault::RegionSwitchover { at_s }),
                6 if readers > 0 => Some(Fault::AuroraPlannedFailover { at_s }),
                _ => None,
            }
        })
        .collect()
}

/// Client Regions and global modes: MRSC takes 3 Regions (3 replicas, or 2 and a witness),
/// so choosing it sets `dynamodb.replica_regions` to match; write forwarding needs a Global
/// Database.
fn regions() -> impl Strategy<Value = (Regions, Option<u32>)> {
    (span(0.0, 1.0), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(remote_share, mrsc, witness, forwarding)| {
            let regions = Regions {
                remote_share,
                dynamodb_mode: if mrsc {
                    GlobalTableMode::Mrsc
                } else {
                    GlobalTableMode::Mrec
                },
                dynamodb_witness: mrsc && witness,
                aurora_write_forwarding: forwarding,
            };
            let replicas = mrsc.then_some(if witness { 1 } else { 2 });
            (regions, replicas)
        },
    )
}

fn scenario(long: bool) -> impl Strategy<Value = Scenario> {
    (
        (workload(), traffic(), simulation(long)),
        (dynamodb(), aurora()),
        (prices(), estimates(), span(0.1, 600_000.0)),
        (fault_draws(), regions()),
    )
        .prop_map(
            |(
                (workload, traffic, simulation),
                (mut dynamodb, mut aurora),
                (prices, estimates, p99),
                (draws, (regions, replicas)),
            )| {
                if let Some(r) = replicas {
                    dynamodb.replica_regions = r;
                }
                if regions.aurora_write_forwarding && aurora.secondary_regions == 0 {
                    aurora.secondary_regions = 1;
                    // A Global Database primary cannot auto-pause.
                    if aurora.min_acu == 0.0 {
                        aurora.min_acu = 0.5;
                    }
                }
                let faults = place_faults(
                    draws,
                    simulation.duration_s,
                    aurora.readers,
                    aurora.secondary_regions > 0,
                );
                // Half the scenarios have Aurora DSQL beside the two, in every topology and
                    // connection style (chosen from the seed, so the strategy keeps its shape).
                let seed = simulation.seed;
                let contenders = if seed % 2 == 0 { vec![Database::Dynamodb, Database::Aurora, Database::Dsql] } else { vec![Database::Dynamodb, Database::Aurora] };
                let dsql = DsqlConfig {
                    topology: if seed % 3 == 0 { Topology::MultiRegion } else { Topology::SingleRegion },
                    connect: if seed % 5 == 0 { Connect::PerRequest } else { Connect::Pool },
                    ..DsqlConfig::default()
                };
                Scenario {
                    version: 1,
                    workload,
                    traffic,
                    simulation,
                    dynamodb,
                    aurora,
                    prices: prices.into(),
                    estimates,
                    p99_target_ms: p99,
                    faults,
                    regions,
                    recorded: None,
                    contenders,
                    dsql,
                    // The rest of the bill, across its whole range (from the seed too).
                    billing: Billing {
                        recovery_days: ((seed / 7) % 36) as f64,
                        app_azs: (1 + (seed / 11) % 3) as f64,
                        internet_share: ((seed / 13) % 11) as f64 / 10.0,
                        free_tier: (seed / 17) % 2 == 0,
                        // A third choose their Savings Plan commitment, $0 to $4.90 an hour.
                        plan_usd_per_h: ((seed / 19) % 3 == 0).then(|| ((seed / 23) % 50) as f64 * 0.1),
                    },
                    uncertainty: Default::default(),
                }
            },
        )
}

// ---- the checks ----

/// The first number in `v` that is not finite (serde_json writes NaN and infinities as
/// `null`), by its JSON path; `allowed_null` names keys whose `null` means "absent".
fn first_non_finite(path: &str, v: &Value, allowed_null: &[&str]) -> Option<String> {
    match v {
        Value::Null => Some(format!("{path} is null")),
        Value::Number(n) if !n.as_f64().is_some_and(f64::is_finite) => {
            Some(format!("{path} = {n}"))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, x)| first_non_finite(&format!("{path}[{i}]"), x, allowed_null)),
        Value::Object(fields) => fields.iter().find_map(|(k, x)| {
            if x.is_null() && allowed_null.contains(&k.as_str()) {
                None
            } else {
                first_non_finite(&format!("{path}.{k}"), x, allowed_null)
            }
        }),
        _ => None,
    }
}

/// Whether JSON written to it holds the token `null` (NaN and infinities are written so).
/// What is scanned holds no strings but map keys (loss causes), so the bytes cannot occur
/// inside one.
#[derive(Default)]
struct NullScan {
    tail: Vec<u8>,
    found: bool,
}

impl std::io::Write for NullScan {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.found {
            self.tail.extend_from_slice(buf);
            self.found = self.tail.windows(4).any(|w| w == b"null");
            let keep = self.tail.len().saturating_sub(3);
            self.tail.drain(..keep);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Everything a valid scenario must satisfy; `Err` says what did not.
fn check(s: &Scenario) -> Result<(), String> {
    s.validate()
        .map_err(|e| format!("the generator made an invalid scenario: {e}"))?;
    // Optional outputs that may be absent: a reader when there are none.
    let allowed_null = ["reader"];
    let c = s.compare();
    let json = serde_json::to_value(&c).map_err(|e| e.to_string())?;
    if let Some(m) = first_non_finite("compare", &json, &allowed_null) {
        return Err(m);
    }
    if c.dynamodb.cost.on_demand_total_usd() < 0.0
        || c.dynamodb.cost.provisioned_total_usd() < 0.0
        || c.aurora.cost.total_usd() < 0.0
    {
        return Err(format!(
            "negative steady cost: {:?} {:?}",
            c.dynamodb.cost, c.aurora.cost
        ));
    }
    let sweep = s.sweep(SWEEP_POINTS);
    let json = serde_json::to_value(&sweep).map_err(|e| e.to_string())?;
    if let Some(m) = first_non_finite("sweep", &json, &allowed_null) {
        return Err(m);
    }
    check_engine(s)
}

/// The engine, step by step (every step as it makes it, through
/// `Engine::advance_with`), then the run it returns: the bucketed series and summaries.
fn check_engine(s: &Scenario) -> Result<(), String> {
    let mut engine = sim::Engine::new(s);
    let mut first_failure: Option<String> = None;
    engine.advance_with(usize::MAX, &mut |r| {
        if first_failure.is_none() {
            first_failure = check_step(r)
                .err()
                .map(|e| format!("step at {} s: {e}", r.t_s));
        }
    });
    if let Some(e) = first_failure {
        return Err(e);
    }
    check_run(&engine.finish())
}

fn check_step(r: &StepRecord) -> Result<(), String> {
    let (d, a) = (r.dynamodb, r.aurora);
    let dsql = r.dsql.map(|(q, lost, cost)| ("Aurora DSQL", q.offered_rps, q.served_rps, q.failed_rps, lost, cost));
    for (db, offered, served, failed, ledger, cost) in [
        (
            "DynamoDB",
            d.offered_rps,
            d.served_rps,
            d.failed_rps,
            r.dynamodb_lost_rps,
            r.dynamodb_cost_usd,
        ),
        (
            "Aurora",
            a.offered_rps,
            a.served_rps,
            a.failed_rps,
            r.aurora_lost_rps,
            r.aurora_cost_usd,
        ),
    ]
    .into_iter()
    .chain(dsql)
    {
        if !close(offered, served + ledger.total()) || !close(failed, ledger.total()) {
            return Err(format!(
                "{db}: offered {offered} ≠ served {served} + lost {} (failed {failed})",
                ledger.total()
            ));
        }
        if served < 0.0 || LossCause::ALL.iter().any(|&c| ledger.get(c) < 0.0) {
            return Err(format!(
                "{db}: a negative request rate: served {served}, lost {:?}",
                ledger.ranked()
            ));
        }
        if !(cost >= 0.0) {
            return Err(format!("{db}: cost {cost}"));
        }
    }
    let mut scan = NullScan::default();
    serde_json::to_writer(
        &mut scan,
        &(
            d,
            a,
            r.dynamodb_cost_usd,
            r.aurora_cost_usd,
            amounts(r.dynamodb_lost_rps),
            amounts(r.aurora_lost_rps),
        ),
    )
    .map_err(|e| e.to_string())?;
    if let Some((q, lost, cost)) = r.dsql {
        serde_json::to_writer(&mut scan, &(q, amounts(lost), cost)).map_err(|e| e.to_string())?;
    }
    if scan.found {
        return Err(format!("a value is not finite: {d:?} {a:?}"));
    }
    Ok(())
}

fn amounts(ledger: &Ledger) -> Vec<f64> {
    ledger.by_cause().map(|(_, amount)| amount).collect()
}

/// The run as returned: no `null` anywhere in its JSON (it holds millions of numbers for a
/// long run, so the JSON is scanned as it is written), and summaries that add up.
fn check_run(run: &SimRun) -> Result<(), String> {
    let mut scan = NullScan::default();
    // A run without DSQL has `"dsql": null` by design: not a non-finite number.
    let mut whole = serde_json::to_value(run).map_err(|e| e.to_string())?;
    if run.dsql.is_none() {
        whole.as_object_mut().map(|m| m.remove("dsql"));
        // And each fault impact's DSQL part.
        if let Some(impacts) = whole.get_mut("fault_impacts").and_then(Value::as_array_mut) {
            for impact in impacts {
                impact.as_object_mut().map(|m| m.remove("dsql"));
            }
        }
    }
    serde_json::to_writer(&mut scan, &whole).map_err(|e| e.to_string())?;
    if scan.found {
        let json = serde_json::to_value(run).map_err(|e| e.to_string())?;
        return Err(
            first_non_finite("run", &json, &[]).unwrap_or_else(|| "run: null in its JSON".into())
        );
    }
    for (name, s) in [
        ("DynamoDB", &run.dynamodb_summary),
        ("Aurora", &run.aurora_summary),
    ]
    .into_iter()
    .chain(run.dsql.as_ref().map(|q| ("Aurora DSQL", &q.summary)))
    {
        check_summary(name, s)?;
    }
    Ok(())
}

fn check_summary(name: &str, s: &Summary) -> Result<(), String> {
    let lost: f64 = s.lost_requests.values().sum();
    if !close(s.failed_requests, lost) {
        return Err(format!(
            "{name} summary: failed {} ≠ Σ lost by cause {lost}",
            s.failed_requests
        ));
    }
    if !close(s.offered_requests, s.served_requests + s.failed_requests) {
        return Err(format!(
            "{name} summary: offered {} ≠ served {} + failed {}",
            s.offered_requests, s.served_requests, s.failed_requests
        ));
    }
    let costs = [
        s.monthly_cost_usd,
        s.monthly_capacity_usd,
        s.monthly_io_usd,
        s.monthly_storage_usd,
    ];
    if costs.iter().any(|&c| c < 0.0) {
        return Err(format!("{name} summary: a negative cost {costs:?}"));
    }
    Ok(())
}

fn cases_from_env(default: u32) -> u32 {
    std::env::var("SCALELAB_VALID_SPACE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `seed`: `None` for proptest's default generator, else a generator of its own, so two
/// halves of the cases can run on the two test threads at once.
fn run_cases(cases: u32, long: bool, seed: Option<u8>) {
    let config = Config {
        cases,
        // A failing case shrinks, but the engine makes each attempt costly: bound it.
        max_shrink_iters: 2_000,
        failure_persistence: None,
        // XorShift: the default ChaCha, built without optimisation as a dependency, took
        // more time than the model in this test.
        rng_algorithm: RngAlgorithm::XorShift,
        ..Config::default()
    };
    let started = std::time::Instant::now();
    let mut runner = match seed {
        None => TestRunner::new(config),
        Some(b) => TestRunner::new_with_rng(config, proptest::test_runner::TestRng::from_seed(RngAlgorithm::XorShift, &[b; 16])),
    };
    let result = runner.run(&scenario(long), |s| check(&s).map_err(TestCaseError::fail));
    eprintln!(
        "valid_space: {cases} cases ({}) in {:.1} s",
        if long {
            "full duration × step range"
        } else {
            "capped"
        },
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

// The normal run's cases in two halves, one per test thread (each about half a minute).

#[test]
fn every_valid_scenario_runs_finite_and_conserves_requests() {
    run_cases(cases_from_env(10_000).div_ceil(2), false, None);
}

#[test]
fn every_valid_scenario_runs_finite_and_conserves_requests_second_seed() {
    run_cases(cases_from_env(10_000) / 2, false, Some(0x5C));
}

/// The long run: far more cases, one in [`FULL_RANGE_EVERY`] over the full duration × step
/// range. It does not stop at the first failure: it tallies every failure class (the
/// message with its digits masked) and prints each with a count and an example, then fails
/// if there was any.
#[test]
#[ignore = "long: cargo test --test valid_space -- --ignored (SCALELAB_VALID_SPACE_CASES cases)"]
fn every_valid_scenario_runs_long() {
    use proptest::strategy::ValueTree;
    let cases = cases_from_env(100_000);
    let mut runner = TestRunner::new(Config {
        rng_algorithm: RngAlgorithm::XorShift,
        ..Config::default()
    });
    let every = std::env::var("SCALELAB_VALID_SPACE_FULL_EVERY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(FULL_RANGE_EVERY)
        .max(1);
    let strategy = if every == 1 {
        scenario(true).boxed()
    } else {
        prop_oneof![every - 1 => scenario(false), 1 => scenario(true)].boxed()
    };
    let mut classes: std::collections::BTreeMap<String, (u32, String)> = Default::default();
    let (started, mut steps, mut slowest) =
        (std::time::Instant::now(), 0usize, (0.0f64, String::new()));
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for _ in 0..cases {
        let s = strategy
            .new_tree(&mut runner)
            .expect("a scenario")
            .current();
        steps += s.simulation.steps();
        let t0 = std::time::Instant::now();
        let outcome = std::panic::catch_unwind(|| check(&s));
        let took = t0.elapsed().as_secs_f64();
        if took > slowest.0 {
            slowest = (
                took,
                format!(
                    "{} steps of {} s",
                    s.simulation.steps(),
                    s.simulation.step()
                ),
            );
        }
        let message = match outcome {
            Ok(Ok(())) => continue,
            Ok(Err(m)) => m,
            Err(p) => format!(
                "panic: {}",
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            ),
        };
        let class: String = message
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .take(120)
            .collect();
        let entry = classes
            .entry(class)
            .or_insert((0, format!("{message}\n{s:?}")));
        entry.0 += 1;
    }
    std::panic::set_hook(quiet);
    eprintln!(
        "valid_space long run: {cases} cases, {steps} engine steps, in {:.0} s; slowest case {:.1} s ({})",
        started.elapsed().as_secs_f64(),
        slowest.0,
        slowest.1
    );
    for (class, (n, example)) in &classes {
        eprintln!(
            "{n:>7} × {class}\n          e.g. {}",
            example.chars().take(4_000).collect::<String>()
        );
    }
    assert!(
        classes.is_empty(),
        "{} failure classes (above)",
        classes.len()
    );
}

/// One long-run case in this many draws from the full duration × step range
/// (`SCALELAB_VALID_SPACE_FULL_EVERY` changes it; 1: every case).
const FULL_RANGE_EVERY: u32 = 500;

// ---- regressions: each failure class the generator found, by name ----

fn provisioned_with(f: impl FnOnce(&mut DynamoConfig)) -> Scenario {
    let mut s = Scenario::default();
    s.dynamodb.mode = CapacityMode::Provisioned;
    s.dynamodb.auto_scaling = true;
    f(&mut s.dynamodb);
    s
}

/// Found: `f64::clamp` panicked ("min > max, or either was NaN", min = 10608.09, max = 1)
/// in auto scaling when the provisioned minimum was above the table quota. Now validation
/// refuses it, naming the field, its value and the allowed range; the extremes of the
/// valid range run.
#[test]
fn min_rcu_above_table_quota_is_refused_not_a_panic() {
    for (quota, min_rcu) in [(1.0, 10_608.09), (40_000.0, 54_844.44)] {
        let s = provisioned_with(|d| {
            d.table_quota_units_per_s = quota;
            d.min_rcu = min_rcu;
            d.max_rcu = 1e6;
            d.provisioned_rcu = min_rcu;
        });
        let e = s.validate().unwrap_err();
        assert!(
            e.contains("dynamodb.max_rcu = 1000000")
                && e.contains(&format!("allowed range 1 to {quota}")),
            "{e}"
        );
    }
    let s = provisioned_with(|d| {
        d.min_wcu = 600.0;
        d.max_wcu = 500.0;
    });
    assert!(s
        .validate()
        .unwrap_err()
        .contains("dynamodb.min_wcu = 600 is outside the allowed range 1 to 500"));
    for units in [1.0, 1e9] {
        let s = provisioned_with(|d| {
            d.table_quota_units_per_s = units;
            (d.min_rcu, d.max_rcu, d.provisioned_rcu) = (units, units, units);
            (d.min_wcu, d.max_wcu, d.provisioned_wcu) = (units, units, units);
        });
        check(&s).unwrap_or_else(|e| panic!("{units}: {e}"));
    }
}

/// The engine orders the bounds it clamps to, so even a scenario that skipped validation
/// (a minimum above the quota, a minimum ACU above the maximum) runs instead of panicking.
#[test]
fn engine_orders_crossed_bounds_instead_of_panicking() {
    let mut s = provisioned_with(|d| {
        d.table_quota_units_per_s = 1.0;
        d.min_rcu = 10_608.09;
        d.min_wcu = 54_844.44;
    });
    s.aurora.min_acu = 64.0;
    s.aurora.max_acu = 2.0;
    assert!(s.validate().is_err());
    let run = sim::run(&s);
    assert!(run
        .dynamodb
        .read_capacity_units
        .max
        .iter()
        .all(|&c| c <= 1.0));
    assert!(run.aurora.writer_acu.max.iter().all(|&acu| acu <= 64.0));
}

/// Provisioned capacity above the quota, or outside the auto scaling range, is refused.
#[test]
fn provisioned_capacity_outside_quota_or_auto_scaling_range_is_refused() {
    let s = provisioned_with(|d| {
        d.auto_scaling = false;
        d.provisioned_wcu = 50_000.0;
    });
    assert!(s
        .validate()
        .unwrap_err()
        .starts_with("dynamodb.provisioned_wcu = 50000 is outside the allowed range 1 to 40000"));
    let s = provisioned_with(|d| d.provisioned_rcu = 2.0);
    assert!(s
        .validate()
        .unwrap_err()
        .starts_with("dynamodb.provisioned_rcu = 2 is outside the allowed range 5 to 40000"));
    // On-demand ignores the provisioned settings (they apply when the mode is switched).
    let mut s = provisioned_with(|d| d.provisioned_rcu = 2.0);
    s.dynamodb.mode = CapacityMode::OnDemand;
    check(&s).unwrap();
}

/// Found: a price of 1.8e308 (valid then: "a finite number ≥ 0") made every cost infinite,
/// written as `null`. Prices now stop at a million dollars, where costs stay finite.
#[test]
fn price_near_f64_max_is_refused_and_the_largest_allowed_price_runs_finite() {
    let mut s = Scenario::default();
    let e = s.prices.make_mut().set("aurora_acu_hour", f64::MAX).unwrap_err();
    assert!(
        e.contains("aurora_acu_hour = 1.7976931348623157e308")
            && e.contains("allowed range 0 to 1000000 USD"),
        "{e}"
    );
    let ids: Vec<&str> = s.prices.entries().iter().map(|(id, _)| *id).collect();
    for id in ids {
        s.prices.make_mut().set(id, scalelab::model::prices::max_value(id)).unwrap();
    }
    s.workload.requests_per_s = 1e7;
    s.workload.query = QueryKind::Report;
    s.workload.rows_per_report = 1e10;
    s.workload.item_size_kb = 400.0;
    check(&s).unwrap();
}

/// Found: estimates at the smallest positive double (5e-324, valid then: "> 0") divided
/// into infinities: `aurora.writer_ceiling_writes_per_s`, Aurora's compute cost and the
/// ACU a load needs came out as `null`. Estimates now start at 0.000001; every estimate at
/// its minimum, or at its maximum, runs finite.
#[test]
fn smallest_positive_estimate_is_refused_and_estimates_at_their_bounds_run_finite() {
    let mut s = Scenario::default();
    let e = s.estimates.set("aurora_write_cpu_ms", 5e-324).unwrap_err();
    assert!(
        e.contains("aurora_write_cpu_ms = 5e-324")
            && e.contains("allowed range 0.000001 to 10000000"),
        "{e}"
    );
    for end in [0, 1] {
        let mut s = Scenario::default();
        for row in Estimates::default().rows() {
            let (lo, hi) = Estimates::range(row.id);
            let v = if end == 0 { lo } else { hi };
            let json = if Estimates::is_whole(row.id) {
                Value::from(v as u64)
            } else {
                Value::from(v)
            };
            let mut map = serde_json::to_value(&s.estimates).unwrap();
            map[row.id] = json;
            s.estimates = serde_json::from_value(map).unwrap();
        }
        check(&s)
            .unwrap_or_else(|e| panic!("estimates at their {}: {e}", ["minimum", "maximum"][end]));
        assert!(s.compare().aurora.writer_ceiling_writes_per_s.is_finite());
    }
}

/// A series at its 100,000-point limit runs (the rate is found by binary search, so each
/// step costs log n); one point more is refused.
#[test]
fn series_at_the_point_limit_runs_and_one_more_is_refused() {
    let limit = scalelab::model::traffic::MAX_SERIES_POINTS;
    let points: Vec<(f64, f64)> = (0..limit)
        .map(|i| (i as f64 * 10.0, (i % 1_000) as f64 * 1e4))
        .collect();
    let mut s = Scenario {
        simulation: SimSettings {
            duration_s: 86_400.0,
            step_s: Some(300.0),
            seed: 1,
        },
        traffic: Traffic::series(points.clone()),
        ..Scenario::default()
    };
    check(&s).unwrap();
    let mut more = points;
    more.push((limit as f64 * 10.0, 1.0));
    s.traffic = Traffic::series(more);
    assert!(s
        .validate()
        .unwrap_err()
        .contains("traffic.points has 100001 points, outside the allowed range 1 to 100000"));
}

/// Found (engine of main at 0ad44e1): a nightly batch open 24 hours closes and reopens at
/// the same moment, computed from two days a rounding error apart; the stretch between was
/// cut 64 ways into zero-length pieces and DynamoDB's served, lost and capacity became NaN.
#[test]
fn nightly_batch_open_all_day_gives_no_nan() {
    let s = Scenario {
        traffic: Traffic::NightlyBatch {
            batch_multiplier: 1000.0,
            start_hour_utc: 0.03686767783607377,
            duration_h: 24.0,
        },
        ..Scenario::default()
    };
    check(&s).unwrap();
}

/// Found (engine of main at 0ad44e1): when every request fails, served = offered − lost
/// came out as −9e-10 req/s (the loss ledger a rounding error above the rate).
#[test]
fn served_is_never_negative_when_every_request_fails() {
    let mut s = Scenario::default();
    s.workload.requests_per_s = 7_970_662.451623709;
    s.workload.read_share = 4.110164913612067e-8;
    s.aurora.readers = 0;
    s.estimates.aurora_write_cpu_ms = 5_885_711.886947479;
    check(&s).unwrap();
    let run = sim::run(&s);
    assert!(run.aurora_summary.failed_requests > 0.999 * run.aurora_summary.offered_requests);
}
