//! Aurora's default `max_connections` (facts sheet B5), for provisioned instance classes
//! and for Serverless v2 by maximum ACU.
//!
//! **Formulas** (DOC: the default parameter groups; DOC-2023: `AuroraMySQL.Managing.Performance.md`,
//! `AuroraPostgreSQL.Managing.md`, `USER_ParamValuesRef.md` in `awsdocs/amazon-aurora-user-guide`;
//! <https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Managing.Performance.html>,
//! <https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Managing.html>),
//! with `M = DBInstanceClassMemory` in bytes and `log` base 2:
//!
//! * MySQL: `GREATEST({log(M/805306368)*45}, {log(M/8187281408)*1000})`
//!   (805306368 B = 768 MiB, 8187281408 B = 7.625 GiB, half of a db.r3.large);
//! * PostgreSQL: `LEAST({M/9531392}, 5000)`, the division truncated (`USER_ParamValuesRef.md`:
//!   "decimals in the quotient are truncated").
//!
//! **Rounding of the log** (checked against the tables): each log is rounded to the *nearest*
//! integer before it is multiplied. Truncating it, as the operator rules of
//! `USER_ParamValuesRef.md` would suggest, cannot give the documented 6,000 for db.r6g.12xlarge
//! (384 GiB: `log₂(384/7.625) = 5.65`, and 6 would need 488 GiB). Checked off-line against
//! all 40 rows of that DOC-2023 MySQL table (db.t2 to db.x2g, memory from the instance class
//! table, the memory assumption below): rounding reproduces all 40, truncation misses 15
//! (the 12xlarge and 24xlarge rows, and every db.r3/db.r4 row, whose memory is exactly
//! 7.625 GiB × 2ᵏ so that any reserve puts the log just below an integer).
//!
//! **Memory assumption** (EST, fitted here): `DBInstanceClassMemory` is "somewhat lower than"
//! the instance's memory, by an amount AWS does not publish (`USER_ParamValuesRef.md`). The
//! PostgreSQL values pin it down, since `M/9531392` is linear in `M`:
//!
//! * provisioned (Graviton): `M = 0.9745 × nominal − 306 MiB` reproduces all four
//!   documented values below the 5,000 cap: db.t4g.medium 405, db.t4g.large 844,
//!   db.r6g.large 1,722, db.r6g.xlarge 3,479 (a reserve of 2.55 % + 306 MiB; every
//!   `(share, MiB)` that fits lies within 0.97423–0.97486 and 300–311 MiB). Also used for
//!   the x86 db.t3 classes, whose documented MySQL values do not depend on it;
//! * Serverless v2, `nominal = max ACU × 2 GiB` (B4: 1 ACU ≈ 2 GiB):
//!   `M = 0.9382 × nominal − 198 MiB` reproduces 189, 823, 1,669 and 3,360 at 1, 4, 8 and
//!   16 ACU (fits lie within 0.93799–0.93857 and 194–204 MiB). Taking the nominal 2 GiB per
//!   ACU unreduced would give 225 at 1 ACU, not 189.
//!
//! The same memory is used for MySQL (the docs say only that it depends on the engine). With
//! it, and the rounding above, the MySQL formula reproduces every B5 number but one: a
//! Serverless v2 maximum of **1 ACU is documented as 90**, while the formula gives 45 there.
//! No consistent memory assumption gives 90: it needs `round(log₂(M/768 MiB)) = 2`, i.e.
//! `M ≥ 2.12 GiB`, more than the 2 GiB that 1 ACU provides, and db.t3.small (2 GiB) is
//! documented at 45 by the same formula. That value is therefore a documented exception,
//! looked up rather than computed ([`serverless_max_connections`]).
//!
//! **Serverless v2** (B5, DOC-2023 `aurora-serverless-v2.setting-capacity.md`,
//! <https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html>):
//! computed from the *maximum* ACU, not the current one (a static parameter: a reboot applies
//! a new maximum), and on PostgreSQL a minimum of 0.5 ACU caps it at 2,000. A minimum of 0
//! (auto-pause, from Nov 2024) is treated like 0.5 (EST: the capped case is documented for
//! 0.5 only). Maximums above 128 ACU (allowed since Oct 2024) follow the formula undocumented:
//! 256 ACU gives 6,000 on MySQL.

use crate::model::facts::{AURORA_MYSQL_PAGE_BYTES, AURORA_POSTGRES_PAGE_BYTES};
use serde::{Deserialize, Serialize};

/// Which Aurora engine: it sets the page size and the `max_connections` formula.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Engine {
    Mysql,
    Postgresql,
}

impl Engine {
    pub fn page_bytes(self) -> u64 {
        match self {
            Engine::Mysql => AURORA_MYSQL_PAGE_BYTES,
            Engine::Postgresql => AURORA_POSTGRES_PAGE_BYTES,
        }
    }
}


const GIB: f64 = 1_073_741_824.0;
const MIB: f64 = 1_048_576.0;

/// MySQL: 768 MiB and 7.625 GiB, the divisors of the two log terms.
const MYSQL_SMALL_DIVISOR_BYTES: f64 = 805_306_368.0;
const MYSQL_LARGE_DIVISOR_BYTES: f64 = 8_187_281_408.0;
/// PostgreSQL: bytes of `DBInstanceClassMemory` per connection, and the cap.
const POSTGRES_BYTES_PER_CONNECTION: f64 = 9_531_392.0;
const POSTGRES_CAP: f64 = 5_000.0;
/// Aurora PostgreSQL Serverless v2 with a minimum of 0.5 ACU (DOC-2023).
const POSTGRES_HALF_ACU_MIN_CAP: f64 = 2_000.0;

/// `DBInstanceClassMemory = share × nominal − reserved` (EST, fitted; see the module doc).
const PROVISIONED_MEMORY_SHARE: f64 = 0.9745;
const PROVISIONED_RESERVED_MIB: f64 = 306.0;
const SERVERLESS_MEMORY_SHARE: f64 = 0.9382;
const SERVERLESS_RESERVED_MIB: f64 = 198.0;
/// B4 (DOC): one ACU is about 2 GiB of memory.
const GIB_PER_ACU: f64 = 2.0;

/// Serverless v2 values documented in B5 that the formula cannot reproduce:
/// `(engine, max ACU, max_connections)`. See the module doc.
const SERVERLESS_DOCUMENTED_EXCEPTIONS: &[(Engine, f64, f64)] = &[(Engine::Mysql, 1.0, 90.0)];

/// Default Aurora MySQL `max_connections` for `DBInstanceClassMemory = memory_bytes`:
/// `GREATEST(log₂(M/768 MiB)·45, log₂(M/7.625 GiB)·1000)`, each log rounded to the nearest
/// integer (what the documented tables show); never negative.
pub fn mysql_max_connections(memory_bytes: f64) -> f64 {
    let term =
        |divisor: f64, per_doubling: f64| (memory_bytes / divisor).log2().round() * per_doubling;
    term(MYSQL_SMALL_DIVISOR_BYTES, 45.0)
        .max(term(MYSQL_LARGE_DIVISOR_BYTES, 1_000.0))
        .max(0.0)
}

/// Default Aurora PostgreSQL `max_connections` for `DBInstanceClassMemory = memory_bytes`:
/// `LEAST(M/9531392, 5000)`, the quotient truncated.
pub fn postgres_max_connections(memory_bytes: f64) -> f64 {
    (memory_bytes / POSTGRES_BYTES_PER_CONNECTION)
        .floor()
        .clamp(0.0, POSTGRES_CAP)
}

fn max_connections(engine: Engine, memory_bytes: f64) -> f64 {
    match engine {
        Engine::Mysql => mysql_max_connections(memory_bytes),
        Engine::Postgresql => postgres_max_connections(memory_bytes),
    }
}

/// A provisioned Aurora DB instance class.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InstanceClass {
    pub name: &'static str,
    pub vcpu: u32,
    /// Nominal memory, GiB (the instance class tables, not `DBInstanceClassMemory`).
    pub memory_gib: f64,
}

const fn class(name: &'static str, vcpu: u32, memory_gib: f64) -> InstanceClass {
    InstanceClass {
        name,
        vcpu,
        memory_gib,
    }
}

/// vCPU and memory. db.t3, db.t4g and db.r6g: DOC-2023, "Hardware specifications for DB
/// instance classes for Aurora" (`Concepts.DBInstanceClass.md`,
/// <https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.html>);
/// not in the facts sheet.
pub const INSTANCE_CLASSES: &[InstanceClass] = &[
    class("db.t3.medium", 2, 4.0),
    class("db.t3.large", 2, 8.0),
    class("db.t4g.medium", 2, 4.0),
    class("db.t4g.large", 2, 8.0),
    class("db.r6g.large", 2, 16.0),
    class("db.r6g.xlarge", 4, 32.0),
    class("db.r6g.2xlarge", 8, 64.0),
    class("db.r6g.4xlarge", 16, 128.0),
    class("db.r6g.8xlarge", 32, 256.0),
    class("db.r6g.12xlarge", 48, 384.0),
    class("db.r6g.16xlarge", 64, 512.0),
    // db.r7g: ESTIMATE. Not in the facts sheet nor in the 2023 documentation snapshot; taken
    // to match db.r6g size for size (the EC2 r7g sizes have the same vCPU and memory), and
    // its max_connections is this module's formula, not a documented value.
    class("db.r7g.large", 2, 16.0),
    class("db.r7g.xlarge", 4, 32.0),
    class("db.r7g.2xlarge", 8, 64.0),
    class("db.r7g.4xlarge", 16, 128.0),
    class("db.r7g.8xlarge", 32, 256.0),
    class("db.r7g.12xlarge", 48, 384.0),
    class("db.r7g.16xlarge", 64, 512.0),
];

/// The instance class called `name` (e.g. `"db.r6g.large"`), if it is in the table.
pub fn instance_class(name: &str) -> Option<InstanceClass> {
    INSTANCE_CLASSES.iter().copied().find(|c| c.name == name)
}

/// `DBInstanceClassMemory` of a provisioned instance with `nominal_gib` (EST, fitted).
fn provisioned_class_memory_bytes(nominal_gib: f64) -> f64 {
    PROVISIONED_MEMORY_SHARE * nominal_gib * GIB - PROVISIONED_RESERVED_MIB * MIB
}

/// `DBInstanceClassMemory` of a Serverless v2 instance with this maximum (EST, fitted).
fn serverless_class_memory_bytes(max_acu: f64) -> f64 {
    SERVERLESS_MEMORY_SHARE * max_acu * GIB_PER_ACU * GIB - SERVERLESS_RESERVED_MIB * MIB
}

/// Default `max_connections` of a provisioned instance of `class`.
pub fn instance_max_connections(engine: Engine, class: InstanceClass) -> f64 {
    max_connections(engine, provisioned_class_memory_bytes(class.memory_gib))
}

/// Default `max_connections` of a Serverless v2 instance: from the maximum ACU, capped at
/// 2,000 on PostgreSQL when the minimum is 0.5 ACU (or 0). Documented values the formula
/// cannot reproduce are looked up (MySQL, maximum 1 ACU: 90).
pub fn serverless_max_connections(engine: Engine, max_acu: f64, min_acu: f64) -> f64 {
    let documented = SERVERLESS_DOCUMENTED_EXCEPTIONS
        .iter()
        .find(|&&(e, acu, _)| e == engine && acu == max_acu)
        .map(|&(_, _, value)| value);
    let value = documented
        .unwrap_or_else(|| max_connections(engine, serverless_class_memory_bytes(max_acu)));
    if engine == Engine::Postgresql && min_acu <= 0.5 {
        value.min(POSTGRES_HALF_ACU_MIN_CAP)
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(engine: Engine, name: &str) -> f64 {
        instance_max_connections(
            engine,
            instance_class(name).unwrap_or_else(|| panic!("no class {name}")),
        )
    }

    /// One named test per documented number: `name: engine, class => value;`.
    macro_rules! documented_instance {
        ($($test:ident: $engine:ident, $class:literal => $want:literal;)*) => {$(
            #[test]
            fn $test() {
                assert_eq!(instance(Engine::$engine, $class), $want as f64);
            }
        )*};
    }

    /// One named test per documented number: `name: engine, max ACU => value;` (min 1 ACU).
    macro_rules! documented_serverless {
        ($($test:ident: $engine:ident, $max_acu:literal => $want:literal;)*) => {$(
            #[test]
            fn $test() {
                assert_eq!(serverless_max_connections(Engine::$engine, $max_acu as f64, 1.0), $want as f64);
            }
        )*};
    }

    // B5, Aurora MySQL table (DOC-2023, AuroraMySQL.Managing.Performance.md).
    documented_instance! {
        mysql_r6g_large_is_1000: Mysql, "db.r6g.large" => 1000;
        mysql_r6g_xlarge_is_2000: Mysql, "db.r6g.xlarge" => 2000;
        mysql_r6g_2xlarge_is_3000: Mysql, "db.r6g.2xlarge" => 3000;
        mysql_r6g_4xlarge_is_4000: Mysql, "db.r6g.4xlarge" => 4000;
        mysql_r6g_8xlarge_is_5000: Mysql, "db.r6g.8xlarge" => 5000;
        mysql_r6g_12xlarge_is_6000: Mysql, "db.r6g.12xlarge" => 6000;
        mysql_r6g_16xlarge_is_6000: Mysql, "db.r6g.16xlarge" => 6000;
        mysql_t3_medium_is_90: Mysql, "db.t3.medium" => 90;
        mysql_t4g_medium_is_90: Mysql, "db.t4g.medium" => 90;
        mysql_t3_large_is_135: Mysql, "db.t3.large" => 135;
    }

    // B5, Aurora PostgreSQL table (DOC-2023, AuroraPostgreSQL.Managing.md). The t4g rows are
    // from the same table but not in the facts sheet; they are two of the four fit points.
    documented_instance! {
        postgres_r6g_large_is_1722: Postgresql, "db.r6g.large" => 1722;
        postgres_r6g_xlarge_is_3479: Postgresql, "db.r6g.xlarge" => 3479;
        postgres_r6g_2xlarge_is_5000: Postgresql, "db.r6g.2xlarge" => 5000;
        postgres_r6g_4xlarge_is_5000: Postgresql, "db.r6g.4xlarge" => 5000;
        postgres_r6g_8xlarge_is_5000: Postgresql, "db.r6g.8xlarge" => 5000;
        postgres_r6g_12xlarge_is_5000: Postgresql, "db.r6g.12xlarge" => 5000;
        postgres_r6g_16xlarge_is_5000: Postgresql, "db.r6g.16xlarge" => 5000;
        postgres_t4g_medium_is_405: Postgresql, "db.t4g.medium" => 405;
        postgres_t4g_large_is_844: Postgresql, "db.t4g.large" => 844;
    }

    // B5, Serverless v2 by maximum ACU (DOC-2023, aurora-serverless-v2.setting-capacity.md).
    documented_serverless! {
        serverless_mysql_max_4_acu_is_135: Mysql, 4 => 135;
        serverless_mysql_max_8_acu_is_1000: Mysql, 8 => 1000;
        serverless_mysql_max_16_acu_is_2000: Mysql, 16 => 2000;
        serverless_mysql_max_32_acu_is_3000: Mysql, 32 => 3000;
        serverless_mysql_max_64_acu_is_4000: Mysql, 64 => 4000;
        serverless_mysql_max_128_acu_is_5000: Mysql, 128 => 5000;
        serverless_postgres_max_1_acu_is_189: Postgresql, 1 => 189;
        serverless_postgres_max_4_acu_is_823: Postgresql, 4 => 823;
        serverless_postgres_max_8_acu_is_1669: Postgresql, 8 => 1669;
        serverless_postgres_max_16_acu_is_3360: Postgresql, 16 => 3360;
        serverless_postgres_max_32_acu_is_5000: Postgresql, 32 => 5000;
        serverless_postgres_max_64_acu_is_5000: Postgresql, 64 => 5000;
        serverless_postgres_max_128_acu_is_5000: Postgresql, 128 => 5000;
        // The same page's MySQL walkthrough: a range of 12.5–80 ACU gives 4,000.
        serverless_mysql_max_80_acu_is_4000: Mysql, 80 => 4000;
    }

    /// Documented 90, but not reproducible: 1 ACU is 2 GiB, where the formula gives 45 for
    /// any memory up to 2.12 GiB (db.t3.small, 2 GiB, is documented at 45). The value comes
    /// from the exception table, not from the formula.
    #[test]
    fn serverless_mysql_max_1_acu_is_90_a_documented_exception() {
        assert_eq!(serverless_max_connections(Engine::Mysql, 1.0, 0.5), 90.0);
        assert_eq!(
            mysql_max_connections(serverless_class_memory_bytes(1.0)),
            45.0
        );
        assert_eq!(mysql_max_connections(2.0 * GIB), 45.0);
        assert_eq!(mysql_max_connections(2.12 * GIB), 45.0);
        assert_eq!(mysql_max_connections(2.13 * GIB), 90.0);
        // Just above 1 ACU the formula agrees with the documented value again.
        assert_eq!(serverless_max_connections(Engine::Mysql, 1.5, 0.5), 90.0);
    }

    #[test]
    fn serverless_postgres_min_half_acu_caps_at_2000() {
        assert_eq!(
            serverless_max_connections(Engine::Postgresql, 128.0, 0.5),
            2000.0
        );
        assert_eq!(
            serverless_max_connections(Engine::Postgresql, 128.0, 0.0),
            2000.0
        );
        assert_eq!(
            serverless_max_connections(Engine::Postgresql, 128.0, 1.0),
            5000.0
        );
        // Below the cap the minimum changes nothing (the walkthrough: 0.5–1 ACU gives 189).
        assert_eq!(
            serverless_max_connections(Engine::Postgresql, 1.0, 0.5),
            189.0
        );
        // MySQL has no such cap.
        assert_eq!(
            serverless_max_connections(Engine::Mysql, 128.0, 0.5),
            5000.0
        );
    }

    #[test]
    fn the_log_is_rounded_not_truncated() {
        // db.r6g.12xlarge: log₂(M / 7.625 GiB) ≈ 5.6; truncating would give 5,000, not 6,000.
        let m = provisioned_class_memory_bytes(384.0);
        assert!((m / MYSQL_LARGE_DIVISOR_BYTES).log2().fract() > 0.5);
        assert_eq!(mysql_max_connections(m), 6000.0);
        // Exact powers of two land on their step.
        assert_eq!(
            mysql_max_connections(2.0 * MYSQL_LARGE_DIVISOR_BYTES),
            1000.0
        );
        assert_eq!(mysql_max_connections(4.0 * MYSQL_SMALL_DIVISOR_BYTES), 90.0);
    }

    #[test]
    fn postgres_formula_truncates_and_caps() {
        assert_eq!(
            postgres_max_connections(1722.9 * POSTGRES_BYTES_PER_CONNECTION),
            1722.0
        );
        assert_eq!(postgres_max_connections(1e15), 5000.0);
        assert_eq!(postgres_max_connections(0.0), 0.0);
        assert_eq!(mysql_max_connections(1.0), 0.0);
    }

    #[test]
    fn class_memory_is_a_little_below_nominal() {
        for c in INSTANCE_CLASSES {
            let share = provisioned_class_memory_bytes(c.memory_gib) / (c.memory_gib * GIB);
            assert!((0.85..1.0).contains(&share), "{}: {share}", c.name);
        }
        for acu in [1.0, 4.0, 128.0, 256.0] {
            let share = serverless_class_memory_bytes(acu) / (acu * GIB_PER_ACU * GIB);
            assert!((0.84..1.0).contains(&share), "{acu} ACU: {share}");
        }
    }

    #[test]
    fn r7g_estimate_matches_r6g_size_for_size() {
        for size in [
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        ] {
            let (r6g, r7g) = (format!("db.r6g.{size}"), format!("db.r7g.{size}"));
            assert_eq!(
                instance_class(&r6g).unwrap().vcpu,
                instance_class(&r7g).unwrap().vcpu
            );
            for engine in [Engine::Mysql, Engine::Postgresql] {
                assert_eq!(
                    instance(engine, &r6g),
                    instance(engine, &r7g),
                    "{engine:?} {size}"
                );
            }
        }
        assert!(instance_class("db.r5.large").is_none());
    }

    #[test]
    fn serverless_grows_with_max_acu_and_256_acu_extrapolates() {
        for engine in [Engine::Mysql, Engine::Postgresql] {
            let mut last = 0.0;
            for half_acus in 2..=512 {
                let v = serverless_max_connections(engine, f64::from(half_acus) / 2.0, 1.0);
                assert!(v >= last, "{engine:?} {half_acus}");
                last = v;
            }
        }
        assert_eq!(
            serverless_max_connections(Engine::Mysql, 256.0, 1.0),
            6000.0
        );
    }
}
