//! Share links round-trip for every preset × every traffic shape × every control: for each
//! preset (and the defaults) as the link's base, each traffic shape, and each other control
//! set to an alternative value, `decode(encode(s, base), base) == s` exactly.
//!
//! The controls are every field of the scenario, each moved to another valid value: every
//! enum variant, each optional value set and unset, each switch flipped, each number
//! changed, one price and one estimate, each fault kind added, the faults cleared or
//! moved, and the Regions settings. Found before the merge patch: 15 of the 35 preset ×
//! shape changes failed to reload ("unknown field `duration_s`").
#![cfg(not(target_arch = "wasm32"))]

use scalelab::model::aurora::config::{Access, ClientDriver};
use scalelab::model::aurora::connections::INSTANCE_CLASSES;
use scalelab::model::aurora::Engine;
use scalelab::model::dynamodb::{CapacityMode, TableClass};
use scalelab::model::faults::{Fault, FaultKind};
use scalelab::model::presets::PRESETS;
use scalelab::model::regions::GlobalTableMode;
use scalelab::model::scenario::Scenario;
use scalelab::model::share::{self, decode, encode};
use scalelab::model::traffic::Traffic;
use scalelab::model::workload::{Consistency, QueryKind};

type Control = (String, Box<dyn Fn(&mut Scenario)>);

fn control(name: &str, f: impl Fn(&mut Scenario) + 'static) -> Control {
    (name.to_string(), Box::new(f))
}

fn shapes() -> Vec<(&'static str, Traffic)> {
    vec![
        ("steady", Traffic::Steady),
        (
            "diurnal",
            Traffic::Diurnal {
                trough_to_peak: 0.3,
                peak_hour_utc: 9.5,
            },
        ),
        (
            "spike",
            Traffic::Spike {
                multiplier: 7.0,
                start_s: 1_800.0,
                duration_s: 600.0,
            },
        ),
        (
            "ramp",
            Traffic::Ramp {
                to_multiplier: 5.0,
                start_s: 600.0,
                end_s: 7_200.0,
            },
        ),
        (
            "nightly_batch",
            Traffic::NightlyBatch {
                batch_multiplier: 4.0,
                start_hour_utc: 23.0,
                duration_h: 2.5,
            },
        ),
        (
            "series",
            Traffic::series(vec![(0.0, 120.0), (900.0, 480.5), (3_600.0, 60.0)]),
        ),
    ]
}

/// Every control the scenario has, each moved to a valid value other than any preset's.
fn controls() -> Vec<Control> {
    let mut c = vec![
        control("nothing", |_| {}),
        control("workload.requests_per_s", |s| {
            s.workload.requests_per_s = 1234.5678
        }),
        control("workload.read_share", |s| s.workload.read_share = 0.37),
        control("workload.item_size_kb", |s| s.workload.item_size_kb = 3.3),
        control("workload.partition_keys", |s| {
            s.workload.partition_keys = 777.0
        }),
        control("workload.key_skew", |s| s.workload.key_skew = 1.25),
        control("workload.items_per_query", |s| {
            s.workload.items_per_query = 33.0
        }),
        control("workload.rows_per_report", |s| {
            s.workload.rows_per_report = 55_555.0
        }),
        control("workload.table_size_gb", |s| {
            s.workload.table_size_gb = 0.25
        }),
        control("simulation.duration_s", |s| {
            s.simulation.duration_s = 2.0 * 86_400.0
        }),
        control("simulation.step_s = 30", |s| {
            s.simulation.step_s = Some(30.0)
        }),
        control("simulation.step_s = null", |s| s.simulation.step_s = None),
        control("simulation.seed", |s| s.simulation.seed = u64::MAX),
        control("dynamodb.mode = on_demand", |s| {
            s.dynamodb.mode = CapacityMode::OnDemand
        }),
        control("dynamodb.mode = provisioned", |s| {
            s.dynamodb.mode = CapacityMode::Provisioned
        }),
        control("dynamodb.table_class", |s| {
            s.dynamodb.table_class = TableClass::StandardInfrequentAccess
        }),
        control("dynamodb.warm", |s| {
            s.dynamodb.warm_read_units_per_s = 20_000.0;
            s.dynamodb.warm_write_units_per_s = 8_000.0;
        }),
        control("dynamodb.max_throughput = set", |s| {
            s.dynamodb.max_read_units_per_s = Some(5_000.0);
            s.dynamodb.max_write_units_per_s = Some(2_000.0);
        }),
        control("dynamodb.table_quota_units_per_s", |s| {
            s.dynamodb.table_quota_units_per_s = 80_000.0
        }),
        control("dynamodb.provisioned", |s| {
            s.dynamodb.provisioned_rcu = 1_500.0;
            s.dynamodb.provisioned_wcu = 750.0;
        }),
        control("dynamodb.auto_scaling", |s| {
            s.dynamodb.auto_scaling = !s.dynamodb.auto_scaling
        }),
        control("dynamodb.auto_scaling range", |s| {
            (s.dynamodb.min_rcu, s.dynamodb.max_rcu) = (10.0, 30_000.0);
            (s.dynamodb.min_wcu, s.dynamodb.max_wcu) = (10.0, 30_000.0);
        }),
        control("dynamodb.target_utilisation", |s| {
            s.dynamodb.target_utilisation = 0.55
        }),
        control("dynamodb.global_secondary_indexes", |s| {
            s.dynamodb.global_secondary_indexes = 3;
            s.dynamodb.index_projected_share = 0.4;
            s.dynamodb.index_key_change_share = 0.1;
        }),
        control("dynamodb.replica_regions", |s| {
            s.dynamodb.replica_regions = 2
        }),
        control("dynamodb.dax", |s| {
            s.dynamodb.dax_nodes = 3;
            s.dynamodb.dax_hit_ratio = 0.6;
        }),
        control("aurora.engine = mysql", |s| s.aurora.engine = Engine::Mysql),
        control("aurora.engine = postgresql", |s| {
            s.aurora.engine = Engine::Postgresql
        }),
        control("aurora.acu range", |s| {
            s.aurora.min_acu = 1.5;
            s.aurora.max_acu = 96.0;
        }),
        control("aurora.min_acu = 0 (auto-pause)", |s| {
            // Auto-pause is not offered behind RDS Proxy or on a Global Database primary.
            s.aurora.min_acu = 0.0;
            s.aurora.auto_pause_after_s = 900.0;
            s.aurora.access = Access::Direct;
            s.aurora.secondary_regions = 0;
            s.regions.aurora_write_forwarding = false;
            s.faults
                .retain(|f| !matches!(f, Fault::RegionSwitchover { .. }));
        }),
        control("aurora.client_driver = aws_wrapper", |s| {
            s.aurora.client_driver = ClientDriver::AwsWrapper
        }),
        control("regions.remote_share", |s| s.regions.remote_share = 0.35),
        control("regions.dynamodb_mode = mrsc", |s| {
            s.regions.dynamodb_mode = GlobalTableMode::Mrsc;
            s.dynamodb.replica_regions = 2;
            s.regions.dynamodb_witness = false;
        }),
        control("regions.dynamodb_witness", |s| {
            s.regions.dynamodb_mode = GlobalTableMode::Mrsc;
            s.dynamodb.replica_regions = 1;
            s.regions.dynamodb_witness = true;
        }),
        control("regions.aurora_write_forwarding", |s| {
            s.aurora.secondary_regions = s.aurora.secondary_regions.max(1);
            s.aurora.min_acu = s.aurora.min_acu.max(0.5);
            s.regions.aurora_write_forwarding = true;
        }),
        control("faults = none", |s| s.faults.clear()),
        control("faults: the first one moved and lengthened", |s| {
            if let Some(f) = s.faults.first().cloned() {
                s.faults[0] = f.moved_to(1_234.5).with_duration(777.0);
            }
        }),
        control("prices.cross_region_transfer_gb", |s| {
            s.prices.make_mut().set("cross_region_transfer_gb", 0.05).unwrap()
        }),
        control("aurora.readers", |s| s.aurora.readers = 4),
        control("aurora.readers_follow_writer", |s| {
            s.aurora.readers_follow_writer = !s.aurora.readers_follow_writer
        }),
        control("aurora.io_optimized", |s| {
            s.aurora.io_optimized = !s.aurora.io_optimized
        }),
        control("aurora.access = rds_proxy", |s| s.aurora.access = Access::RdsProxy),
        control("aurora.access = data_api", |s| s.aurora.access = Access::DataApi),
        control("aurora.client_connections", |s| {
            s.aurora.client_connections = 4_321.0
        }),
        control("aurora.cache", |s| {
            s.aurora.cache_nodes = 2;
            s.aurora.cache_hit_ratio = 0.9;
        }),
        control("aurora.secondary_regions", |s| {
            s.aurora.secondary_regions = 2
        }),
        control("prices.aurora_acu_hour", |s| {
            s.prices.make_mut().set("aurora_acu_hour", 0.2).unwrap()
        }),
        control("estimates.client_timeout_ms", |s| {
            s.estimates.set("client_timeout_ms", 2_500.0).unwrap()
        }),
        control("p99_target_ms", |s| s.p99_target_ms = 25.0),
    ];
    for q in QueryKind::ALL {
        c.push(control(&format!("workload.query = {}", q.id()), move |s| {
            s.workload.query = q
        }));
    }
    for consistency in [Consistency::Eventual, Consistency::Strong] {
        c.push(control(
            &format!("workload.consistency = {consistency:?}"),
            move |s| s.workload.consistency = consistency,
        ));
    }
    for class in INSTANCE_CLASSES {
        c.push(control(
            &format!("aurora.instance_class = {}", class.name),
            move |s| {
                s.aurora.instance_class = Some(class.name.to_string());
            },
        ));
    }
    c.push(control("aurora.instance_class = null", |s| {
        s.aurora.instance_class = None
    }));
    for kind in FaultKind::ALL {
        c.push(control(&format!("faults + {}", kind.id()), move |s| {
            // What a kind needs from the scenario: a reader to lose, a Global Database.
            if kind == FaultKind::AuroraReaderLoss {
                s.aurora.readers = s.aurora.readers.max(1);
            }
            if kind == FaultKind::RegionSwitchover {
                s.aurora.secondary_regions = s.aurora.secondary_regions.max(1);
                s.aurora.min_acu = s.aurora.min_acu.max(0.5);
            }
            s.faults.push(kind.at(1_800.0));
        }));
    }
    c
}

fn round_trip(base: &Scenario, s: &Scenario) -> Result<(), String> {
    let link = encode(s, base);
    match decode(&link, base) {
        Ok(back) if back == *s => Ok(()),
        Ok(_) => Err(format!("{link}: decodes to a different scenario")),
        Err(e) => Err(format!("{link}: {e}")),
    }
}

#[test]
fn every_preset_times_every_shape_times_every_control_round_trips() {
    let bases: Vec<(&str, Scenario)> = std::iter::once(("defaults", Scenario::default()))
        .chain(PRESETS.iter().map(|p| (p.id, p.scenario())))
        .collect();
    let controls = controls();
    let (mut checked, mut failures) = (0, Vec::new());
    for (base_name, base) in &bases {
        for (shape_name, shape) in shapes() {
            for (control_name, set) in &controls {
                let mut s = base.clone();
                s.traffic = shape.clone();
                set(&mut s);
                if let Err(e) = s.validate() {
                    failures.push(format!("{base_name} × {shape_name} × {control_name}: the test made an invalid scenario: {e}"));
                    continue;
                }
                checked += 1;
                if let Err(e) = round_trip(base, &s) {
                    failures.push(format!("{base_name} × {shape_name} × {control_name}: {e}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        checked + failures.len(),
        failures.join("\n")
    );
    assert_eq!(checked, bases.len() * shapes().len() * controls.len());
}

/// Every control at once, and each preset's scenario read against every other preset as
/// the base (a link whose preset was changed by hand).
#[test]
fn many_changes_and_foreign_bases_round_trip() {
    let mut all = Scenario::default();
    for (name, set) in controls() {
        if !name.starts_with("aurora.instance_class") && !name.contains("auto-pause") {
            set(&mut all);
        }
    }
    all.traffic = shapes().pop().unwrap().1;
    all.validate().unwrap();
    for p in &PRESETS {
        round_trip(&p.scenario(), &all).unwrap();
        for q in &PRESETS {
            round_trip(&q.scenario(), &p.scenario())
                .unwrap_or_else(|e| panic!("{} on {}: {e}", p.id, q.id));
        }
    }
}

/// A per-second day (86,400 points) made a 1.76 M-character link. A link now carries a long
/// trace as a summary (400 buckets, each keeping its requests, its reads and the spread of its rates),
/// says so, and opens a run that offers the same requests (to a millionth) and costs
/// within 2 % (the order of seconds inside a bucket is lost: Serverless v2's scaling on a
/// rough trace, and its time-outs, can differ; the page says so and offers the file).
#[test]
fn a_per_second_day_travels_as_a_short_link_that_says_it_is_a_summary() {
    use scalelab::model::sim;
    use scalelab::model::traffic::summary::SummaryOf;
    let mut s = Scenario::default();
    let mut state = 7_u64;
    let points: Vec<(f64, f64)> = (0..86_400)
        .map(|t| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let noise = (state >> 33) as f64 / (1u64 << 31) as f64;
            let daily = 0.65 + 0.35 * (2.0 * std::f64::consts::PI * f64::from(t) / 86_400.0).sin();
            (f64::from(t), (2_000.0 * daily * (0.7 + 0.6 * noise)).round())
        })
        .collect();
    s.traffic = Traffic::series_held(points);
    s.simulation.step_s = Some(60.0);
    let (link, summarised) = share::encode_link(&s, &Scenario::default());
    assert!(summarised);
    assert!(link.len() < 50_000, "{} characters", link.len());
    let (exact_link, _) = (share::encode(&s, &Scenario::default()), ());
    assert!(exact_link.len() > 1_000_000, "{}", exact_link.len());
    let opened = share::decode(&link, &Scenario::default()).expect("the link opens");
    assert_eq!(opened.trace_summary_of(), Some(SummaryOf { points: 86_400, resolution_s: 1.0 }));
    assert_eq!(s.trace_summary_of(), None);
    let (exact, near) = (sim::run(&s), sim::run(&opened));
    for (a, b) in [(&exact.dynamodb_summary, &near.dynamodb_summary), (&exact.aurora_summary, &near.aurora_summary)] {
        assert!((a.offered_requests - b.offered_requests).abs() <= 1e-6 * a.offered_requests, "{} vs {}", a.offered_requests, b.offered_requests);
        let cost = (a.monthly_cost_usd - b.monthly_cost_usd).abs() / a.monthly_cost_usd;
        eprintln!("monthly cost {:.2} vs {:.2} ({:.3} %), failed {} vs {}, worst p99 {:.1} vs {:.1}", a.monthly_cost_usd, b.monthly_cost_usd, cost * 100.0, a.failed_requests, b.failed_requests, a.worst_p99_ms, b.worst_p99_ms);
        assert!(cost < 0.02, "cost {cost}");
    }
    // Opened again and linked again, the summary is carried as it is (it is short).
    assert_eq!(share::encode_link(&opened, &Scenario::default()).1, false);
}
