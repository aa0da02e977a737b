//! A scenario: everything the models need, as one serde value that the page, the share URL
//! and the CLI all speak. Raw input is parsed, then checked ([`Scenario::validate`]) before a
//! model sees it; unknown fields are an error, not silently dropped.

use crate::model::aurora::config::AuroraConfig;
use crate::model::billing::Billing;
use crate::model::database::Database;
use crate::model::dsql::config::DsqlConfig;
use crate::model::dynamodb::config::DynamoConfig;
use crate::model::estimates::Estimates;
use crate::model::faults::fault::Fault;
use crate::model::import::recorded::Recorded;
use crate::model::input;
use crate::model::prices::PriceTable;
use crate::model::regions::config::Regions;
use crate::model::traffic::Traffic;
use crate::model::traffic::shared::Shared;
use crate::model::uncertainty::config::Uncertainty;
use crate::model::workload::Workload;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The scenario format version this build reads and writes.
pub const SCENARIO_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    pub version: u32,
    pub workload: Workload,
    /// How the request rate moves over a simulated run (relative to `workload.requests_per_s`).
    pub traffic: Traffic,
    pub simulation: SimSettings,
    pub dynamodb: DynamoConfig,
    pub aurora: AuroraConfig,
    pub prices: Shared<PriceTable>,
    pub estimates: Estimates,
    /// The p99 latency the verdict judges both databases against, ms.
    pub p99_target_ms: f64,
    // Failures and Regions (issue 11). Absent in older files: no faults, one Region.
    /// Timed faults on the run (`crate::model::faults`).
    pub faults: Vec<Fault>,
    /// Where the clients are and how each database spans Regions (`crate::model::regions`).
    pub regions: Regions,
    // Imported traffic (issue 16). Absent in older files, and not written when absent, so
    // files, share links and outputs without it are as before.
    /// What CloudWatch recorded while the imported traffic ran (`crate::model::import`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded: Option<Recorded>,
    // Contenders (issue 17). Absent in older files (DynamoDB and Aurora), and not written at
    // their defaults, so files, links and outputs without DSQL are as before.
    /// The databases compared: any two, or all three.
    #[serde(default = "default_contenders", skip_serializing_if = "is_default_contenders")]
    pub contenders: Vec<Database>,
    /// Aurora DSQL's settings (`crate::model::dsql`).
    #[serde(default, skip_serializing_if = "is_default")]
    pub dsql: DsqlConfig,
    // The rest of the bill (issue 18). Absent in older files (the defaults), and not written
    // at its defaults.
    /// Backups, data transfer and the free tier (`crate::model::billing`).
    #[serde(default, skip_serializing_if = "is_default")]
    pub billing: Billing,
    /// The uncertain inputs' ranges and the futures sampled (`crate::model::uncertainty`).
    /// Absent in older files (the defaults), and not written at its defaults.
    #[serde(default, skip_serializing_if = "is_default")]
    pub uncertainty: Uncertainty,
}

/// DynamoDB and Aurora: the comparison the tool began with.
pub fn default_contenders() -> Vec<Database> {
    vec![Database::Dynamodb, Database::Aurora]
}

fn is_default_contenders(c: &[Database]) -> bool {
    c == default_contenders().as_slice()
}

/// A section equal to its default is not written (so files and links without it stay as
/// they were).
fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

impl Scenario {
    /// Whether `database` is among the contenders.
    pub fn has(&self, database: Database) -> bool {
        self.contenders.contains(&database)
    }

    fn validate_contenders(&self) -> Result<(), String> {
        let mut seen = Vec::new();
        for d in &self.contenders {
            if seen.contains(d) {
                return Err(format!("contenders names {} twice", d.id()));
            }
            seen.push(*d);
        }
        // DynamoDB and Aurora are simulated on every run (their charts and verdict are built
        // around both); DSQL joins them or not.
        for must in [Database::Dynamodb, Database::Aurora] {
            if !seen.contains(&must) {
                return Err(format!(
                    "contenders = [{}] must include {}: this build compares DynamoDB and Aurora, and DSQL beside them",
                    seen.iter().map(|d| d.id()).collect::<Vec<_>>().join(", "),
                    must.id()
                ));
            }
        }
        self.dsql.validate()
    }
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            version: SCENARIO_VERSION,
            workload: Workload::default(),
            traffic: Traffic::default(),
            simulation: SimSettings::default(),
            dynamodb: DynamoConfig::default(),
            aurora: AuroraConfig::default(),
            prices: PriceTable::default().into(),
            estimates: Estimates::default(),
            p99_target_ms: 50.0,
            faults: Vec::new(),
            regions: Regions::default(),
            recorded: None,
            contenders: default_contenders(),
            dsql: DsqlConfig::default(),
            billing: Billing::default(),
            uncertainty: Uncertainty::default(),
        }
    }
}

/// How long to simulate, at what step, and the seed of the one random generator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SimSettings {
    /// 1 hour to 30 days.
    pub duration_s: f64,
    /// 1 s to 5 min; chosen from the duration when absent.
    pub step_s: Option<f64>,
    pub seed: u64,
}

impl Default for SimSettings {
    fn default() -> Self {
        SimSettings {
            duration_s: 86_400.0,
            step_s: None,
            seed: 1,
        }
    }
}

/// Steps chosen automatically: the smallest of these giving at most 1,440 steps.
const NICE_STEPS_S: [f64; 9] = [1.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 180.0, 300.0];

impl SimSettings {
    pub fn validate(&self) -> Result<(), String> {
        if !(self.duration_s.is_finite() && (3_600.0..=30.0 * 86_400.0).contains(&self.duration_s))
        {
            return Err(format!(
                "simulation.duration_s = {} is outside the allowed range 3600 to 2592000 s (1 hour to 30 days)",
                input::shown(self.duration_s)
            ));
        }
        if let Some(step) = self.step_s {
            if !(step.is_finite() && (1.0..=300.0).contains(&step)) {
                return Err(format!(
                    "simulation.step_s = {} is outside the allowed range 1 to 300 s",
                    input::shown(step)
                ));
            }
        }
        Ok(())
    }

    /// The step in seconds: as set, or the smallest nice step giving ≤ 1,440 steps.
    pub fn step(&self) -> f64 {
        self.step_s.unwrap_or_else(|| {
            let wanted = self.duration_s / 1_440.0;
            NICE_STEPS_S
                .into_iter()
                .find(|&s| s >= wanted)
                .unwrap_or(300.0)
        })
    }

    pub fn steps(&self) -> usize {
        (self.duration_s / self.step()).ceil().max(1.0) as usize
    }
}

// ---- Failures and Regions (issue 11): checked against the rest of the scenario ----
impl Scenario {
    fn validate_faults_and_regions(&self) -> Result<(), String> {
        self.regions.validate(&self.dynamodb, &self.aurora)?;
        crate::model::faults::fault::validate(&self.faults, &self.aurora)
    }
}

impl Scenario {
    /// The scenario as a share link carries it: a long trace and long recorded series
    /// summarised (see [`crate::model::traffic::summary`]); `None` when it is carried as
    /// it is, exactly.
    pub fn for_link(&self) -> Option<Scenario> {
        let traffic = self.traffic.summarised_for_link(self.simulation.duration_s);
        let recorded = self.recorded.as_ref().and_then(|r| r.summarised_for_link());
        if traffic.is_none() && recorded.is_none() {
            return None;
        }
        let mut s = self.clone();
        if let Some(t) = traffic {
            s.traffic = t;
        }
        if recorded.is_some() {
            s.recorded = recorded;
        }
        Some(s)
    }

    /// What summarised this scenario's trace, if it is a summary.
    pub fn trace_summary_of(&self) -> Option<crate::model::traffic::summary::SummaryOf> {
        match &self.traffic {
            Traffic::Series { summary_of, .. } => *summary_of,
            _ => None,
        }
    }
}

impl Scenario {
    /// Parse JSON (missing fields take their defaults) and check it.
    pub fn from_json(text: &str) -> Result<Scenario, String> {
        let s = Scenario::parse(text)?;
        s.validate()?;
        Ok(s)
    }

    /// Parse JSON text without checking ranges (the CLI applies its overrides first):
    /// strictly, as [`input::parse_json`] reads it, then as [`Scenario::from_value`].
    pub fn parse(text: &str) -> Result<Scenario, String> {
        Scenario::from_value(input::parse_json(text)?)
    }

    /// Read a scenario from JSON already parsed, without checking ranges. A missing field
    /// takes its default; an unknown field, a wrong type, a list where an object belongs
    /// and any `version` but 1 are errors naming the field.
    pub fn from_value(mut value: Value) -> Result<Scenario, String> {
        upgrade_rds_proxy(&mut value);
        let Value::Object(fields) = &value else {
            return Err(format!(
                "a scenario is a JSON object {{…}}, not {}",
                input::describe(&value)
            ));
        };
        if let Some(v) = fields.get("version") {
            if v.as_u64() != Some(u64::from(SCENARIO_VERSION)) {
                return Err(format!(
                    "version = {} is not supported: this build reads version {SCENARIO_VERSION} only",
                    input::excerpt(&v.to_string())
                ));
            }
        }
        let schema = serde_json::to_value(Scenario::default()).unwrap_or(Value::Null);
        input::lists_where_objects_belong(&value, &schema, "")?;
        // serde reads an internally tagged enum through a buffer that loses the path: check
        // the series' points here, where the index can still be named.
        if let Some(Value::Array(points)) = value.get("traffic").and_then(|t| t.get("points")) {
            for (i, p) in points.iter().enumerate() {
                let pair = p
                    .as_array()
                    .is_some_and(|a| a.len() == 2 && a.iter().all(Value::is_number));
                if !pair {
                    return Err(format!(
                        "traffic.points[{i}] = {} is not allowed: expected a pair of numbers [t_s, requests_per_s]",
                        input::describe(p)
                    ));
                }
            }
        }
        input::from_value(value)
    }

    pub fn validate(&self) -> Result<(), String> {
        self.validate_beside(None)
    }

    /// [`Scenario::validate`], except that a traffic series that is `before`'s own (shared,
    /// not a copy) is not gone through again: whatever its points are, they are what they
    /// were in `before`. The page checks its scenario on every input, and checking a
    /// per-second day's 86,400 points cost 0.7 ms of each traffic-slider input (profiled).
    pub fn validate_after(&self, before: &Scenario) -> Result<(), String> {
        self.validate_beside(Some(before))
    }

    fn validate_beside(&self, before: Option<&Scenario>) -> Result<(), String> {
        if self.version != SCENARIO_VERSION {
            return Err(format!(
                "version = {} is not supported: this build reads version {SCENARIO_VERSION} only",
                self.version
            ));
        }
        self.workload
            .validate()
            .map_err(|e| format!("workload.{e}"))?;
        if !before.is_some_and(|b| self.traffic.same_series(&b.traffic)) {
            self.traffic.validate()?;
        }
        self.simulation.validate()?;
        self.dynamodb.validate()?;
        self.aurora.validate()?;
        self.prices.validate()?;
        self.billing.validate()?;
        self.uncertainty.validate()?;
        self.uncertainty.validate_ends(&self.estimates, &self.prices)?;
        if !(self.p99_target_ms.is_finite() && (0.1..=600_000.0).contains(&self.p99_target_ms)) {
            return Err(format!(
                "p99_target_ms = {} is outside the allowed range 0.1 to 600000 ms",
                input::shown(self.p99_target_ms)
            ));
        }
        self.validate_faults_and_regions()?;
        self.validate_contenders()?;
        if let Some(recorded) = &self.recorded {
            recorded.validate()?;
        }
        self.estimates.validate()
    }
}

/// Scenarios, links and saved pages written before the Data API said `aurora.rds_proxy:
/// true` or `false`; they now say `aurora.access`. `true` becomes `"rds_proxy"`; `false`
/// turns a proxy off (direct) and leaves any other access as it is.
fn upgrade_rds_proxy(value: &mut Value) {
    let Some(aurora) = value.get_mut("aurora").and_then(Value::as_object_mut) else { return };
    // Anything but true or false is left for the strict reading to name as an unknown field.
    if let Some(Value::Bool(proxy)) = aurora.get("rds_proxy").cloned() {
        aurora.remove("rds_proxy");
        let was_proxy = aurora.get("access").and_then(Value::as_str) == Some("rds_proxy");
        if proxy {
            aurora.insert("access".into(), Value::String("rds_proxy".into()));
        } else if was_proxy {
            // An old link that turned off a preset's proxy, merged onto today's preset.
            aurora.insert("access".into(), Value::String("direct".into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A series whose third point goes back in time: refused by `validate`.
    fn backwards() -> Traffic {
        Traffic::series(vec![(0.0, 100.0), (60.0, 200.0), (30.0, 300.0)])
    }

    #[test]
    fn a_series_shared_with_the_scenario_before_is_not_gone_through_again_a_copy_is() {
        let before = Scenario { traffic: backwards(), ..Scenario::default() };
        assert!(before.validate().unwrap_err().contains("traffic.points[2].t_s"));
        // The same series, shared (a slider moved): taken as it was.
        let mut moved = before.clone();
        moved.workload.requests_per_s = 2_000.0;
        assert_eq!(moved.validate_after(&before), Ok(()));
        assert!(moved.validate().is_err());
        // An equal series held apart (a new trace that happens to be the same) is checked.
        let copied = Scenario { traffic: backwards(), ..moved.clone() };
        assert!(copied.validate_after(&before).unwrap_err().contains("traffic.points[2].t_s"));
        // Everything else is still checked beside a shared series.
        let mut bad_share = moved.clone();
        bad_share.workload.read_share = 1.5;
        assert!(bad_share.validate_after(&before).unwrap_err().starts_with("workload.read_share"));
        // A valid series in a valid scenario stays valid.
        let good = Scenario { traffic: Traffic::series(vec![(0.0, 100.0), (60.0, 200.0)]), ..Scenario::default() };
        assert_eq!(good.clone().validate_after(&good), Ok(()));
    }
}
