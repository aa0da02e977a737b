//! A fault as the scenario holds it: what fails, when and for how long (data only; what it
//! does to each database is in the parent module, which sits above the scenario).

use crate::model::aurora::config::AuroraConfig;
use serde::{Deserialize, Serialize};

/// The longest run (30 days): no fault can start or last longer.
pub const MAX_FAULT_TIME_S: f64 = 30.0 * 86_400.0;
/// Faults one scenario may hold.
pub const MAX_FAULTS: usize = 20;

/// One of the three Availability Zones a cluster uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Az {
    A,
    B,
    C,
}

impl Az {
    pub const ALL: [Az; 3] = [Az::A, Az::B, Az::C];

    pub fn letter(self) -> char {
        match self {
            Az::A => 'a',
            Az::B => 'b',
            Az::C => 'c',
        }
    }
}

/// Region A (home: Aurora's primary, the table's first replica) or Region B (the second
/// Region, where `regions.remote_share` of the clients are).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionId {
    A,
    B,
}

impl RegionId {
    pub fn letter(self) -> char {
        match self {
            RegionId::A => 'A',
            RegionId::B => 'B',
        }
    }

    /// The Region that is not this one (the model has two).
    pub fn other(self) -> RegionId {
        match self {
            RegionId::A => RegionId::B,
            RegionId::B => RegionId::A,
        }
    }
}

/// A fault at `at_s` seconds into the run. Every field of a kind is required.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Fault {
    /// The Aurora writer fails; a reader is promoted (or a new writer created).
    AuroraWriterFailover { at_s: f64 },
    /// A failover someone asks for (`failover-db-cluster`, the console, a test): no failure
    /// to detect, a reader is promoted at once.
    AuroraPlannedFailover { at_s: f64 },
    /// One Aurora reader is lost for `duration_s`.
    AuroraReaderLoss { at_s: f64, duration_s: f64 },
    /// The Aurora writer restarts in place.
    AuroraReboot { at_s: f64 },
    /// Availability Zone `az` is lost for `duration_s`.
    AzOutage { at_s: f64, duration_s: f64, az: Az },
    /// Region `region` is lost for `duration_s`.
    RegionOutage {
        at_s: f64,
        duration_s: f64,
        region: RegionId,
    },
    /// A planned Aurora Global Database switchover of the primary to Region B.
    RegionSwitchover { at_s: f64 },
}

/// A fault's kind without its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    AuroraWriterFailover,
    AuroraPlannedFailover,
    AuroraReaderLoss,
    AuroraReboot,
    AzOutage,
    RegionOutage,
    RegionSwitchover,
}

impl FaultKind {
    pub const ALL: [FaultKind; 7] = [
        FaultKind::AuroraWriterFailover,
        FaultKind::AuroraPlannedFailover,
        FaultKind::AuroraReaderLoss,
        FaultKind::AuroraReboot,
        FaultKind::AzOutage,
        FaultKind::RegionOutage,
        FaultKind::RegionSwitchover,
    ];

    /// The `kind` in the scenario file.
    pub fn id(self) -> &'static str {
        match self {
            FaultKind::AuroraWriterFailover => "aurora_writer_failover",
            FaultKind::AuroraPlannedFailover => "aurora_planned_failover",
            FaultKind::AuroraReaderLoss => "aurora_reader_loss",
            FaultKind::AuroraReboot => "aurora_reboot",
            FaultKind::AzOutage => "az_outage",
            FaultKind::RegionOutage => "region_outage",
            FaultKind::RegionSwitchover => "region_switchover",
        }
    }

    pub fn from_id(id: &str) -> Option<FaultKind> {
        FaultKind::ALL.into_iter().find(|k| k.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            FaultKind::AuroraWriterFailover => "Aurora writer failover",
            FaultKind::AuroraPlannedFailover => "Aurora planned failover",
            FaultKind::AuroraReaderLoss => "Aurora reader lost",
            FaultKind::AuroraReboot => "Aurora writer reboot",
            FaultKind::AzOutage => "Availability Zone outage",
            FaultKind::RegionOutage => "Region outage",
            FaultKind::RegionSwitchover => "Planned Region switchover",
        }
    }

    /// The fault of this kind at `at_s`, with default parameters (for the page's editor).
    pub fn at(self, at_s: f64) -> Fault {
        match self {
            FaultKind::AuroraWriterFailover => Fault::AuroraWriterFailover { at_s },
            FaultKind::AuroraPlannedFailover => Fault::AuroraPlannedFailover { at_s },
            FaultKind::AuroraReaderLoss => Fault::AuroraReaderLoss {
                at_s,
                duration_s: 1_800.0,
            },
            FaultKind::AuroraReboot => Fault::AuroraReboot { at_s },
            FaultKind::AzOutage => Fault::AzOutage {
                at_s,
                duration_s: 3_600.0,
                az: Az::A,
            },
            FaultKind::RegionOutage => Fault::RegionOutage {
                at_s,
                duration_s: 3_600.0,
                region: RegionId::A,
            },
            FaultKind::RegionSwitchover => Fault::RegionSwitchover { at_s },
        }
    }
}

impl Fault {
    pub fn kind(&self) -> FaultKind {
        match self {
            Fault::AuroraWriterFailover { .. } => FaultKind::AuroraWriterFailover,
            Fault::AuroraPlannedFailover { .. } => FaultKind::AuroraPlannedFailover,
            Fault::AuroraReaderLoss { .. } => FaultKind::AuroraReaderLoss,
            Fault::AuroraReboot { .. } => FaultKind::AuroraReboot,
            Fault::AzOutage { .. } => FaultKind::AzOutage,
            Fault::RegionOutage { .. } => FaultKind::RegionOutage,
            Fault::RegionSwitchover { .. } => FaultKind::RegionSwitchover,
        }
    }

    /// When it starts, s from the start of the run.
    pub fn at_s(&self) -> f64 {
        match *self {
            Fault::AuroraWriterFailover { at_s }
            | Fault::AuroraPlannedFailover { at_s }
            | Fault::AuroraReaderLoss { at_s, .. }
            | Fault::AuroraReboot { at_s }
            | Fault::AzOutage { at_s, .. }
            | Fault::RegionOutage { at_s, .. }
            | Fault::RegionSwitchover { at_s } => at_s,
        }
    }

    /// How long the failed part stays away, for kinds that have a duration.
    pub fn duration_s(&self) -> Option<f64> {
        match *self {
            Fault::AuroraReaderLoss { duration_s, .. }
            | Fault::AzOutage { duration_s, .. }
            | Fault::RegionOutage { duration_s, .. } => Some(duration_s),
            _ => None,
        }
    }

    /// The same fault moved to `at_s`.
    pub fn moved_to(&self, at_s: f64) -> Fault {
        let mut f = self.clone();
        match &mut f {
            Fault::AuroraWriterFailover { at_s: t }
            | Fault::AuroraPlannedFailover { at_s: t }
            | Fault::AuroraReaderLoss { at_s: t, .. }
            | Fault::AuroraReboot { at_s: t }
            | Fault::AzOutage { at_s: t, .. }
            | Fault::RegionOutage { at_s: t, .. }
            | Fault::RegionSwitchover { at_s: t } => *t = at_s,
        }
        f
    }

    /// The same fault lasting `duration_s` (kinds without a duration are unchanged).
    pub fn with_duration(&self, duration_s: f64) -> Fault {
        let mut f = self.clone();
        match &mut f {
            Fault::AuroraReaderLoss { duration_s: d, .. }
            | Fault::AzOutage { duration_s: d, .. }
            | Fault::RegionOutage { duration_s: d, .. } => *d = duration_s,
            _ => {}
        }
        f
    }

    /// A short name with its parameters, e.g. "Region A outage (1 h)".
    pub fn label(&self) -> String {
        let hours = |s: f64| crate::format::duration(s);
        match *self {
            Fault::AuroraWriterFailover { .. } => "Writer failover".into(),
            Fault::AuroraPlannedFailover { .. } => "Planned failover".into(),
            Fault::AuroraReaderLoss { duration_s, .. } => {
                format!("Reader lost ({})", hours(duration_s))
            }
            Fault::AuroraReboot { .. } => "Writer reboot".into(),
            Fault::AzOutage { duration_s, az, .. } => {
                format!("AZ {} outage ({})", az.letter(), hours(duration_s))
            }
            Fault::RegionOutage {
                duration_s, region, ..
            } => format!("Region {} outage ({})", region.letter(), hours(duration_s)),
            Fault::RegionSwitchover { .. } => "Switchover to Region B".into(),
        }
    }

    /// Check this fault, number `i` of the list, against its ranges and the scenario.
    fn validate(&self, i: usize, aurora: &AuroraConfig) -> Result<(), String> {
        let kind = self.kind().id();
        let at_s = self.at_s();
        if !(at_s.is_finite() && (0.0..=MAX_FAULT_TIME_S).contains(&at_s)) {
            return Err(format!("faults[{i}].at_s = {at_s} is outside the allowed range 0 to {MAX_FAULT_TIME_S} s (the longest run)"));
        }
        if let Some(d) = self.duration_s() {
            if !(d.is_finite() && (1.0..=MAX_FAULT_TIME_S).contains(&d)) {
                return Err(format!("faults[{i}].duration_s = {d} is outside the allowed range 1 to {MAX_FAULT_TIME_S} s"));
            }
        }
        match self {
            Fault::AuroraPlannedFailover { .. } if aurora.readers == 0 => {
                Err(format!("faults[{i}] ({kind}) needs an Aurora reader to promote, but aurora.readers = 0"))
            }
            Fault::AuroraReaderLoss { .. } if aurora.readers == 0 => {
                Err(format!("faults[{i}] ({kind}) needs an Aurora reader to lose, but aurora.readers = 0"))
            }
            Fault::RegionSwitchover { .. } if aurora.secondary_regions == 0 => Err(format!(
                "faults[{i}] ({kind}) needs an Aurora Global Database to switch over: set aurora.secondary_regions to 1 or more"
            )),
            _ => Ok(()),
        }
    }
}

/// Check every fault (ranges, and what each needs from the Aurora cluster).
pub fn validate(faults: &[Fault], aurora: &AuroraConfig) -> Result<(), String> {
    if faults.len() > MAX_FAULTS {
        return Err(format!(
            "faults holds {} faults; at most {MAX_FAULTS} are allowed",
            faults.len()
        ));
    }
    faults
        .iter()
        .enumerate()
        .try_for_each(|(i, f)| f.validate(i, aurora))
}
