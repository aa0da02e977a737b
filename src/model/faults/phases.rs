//! One fault → its phases (what fails, when, under which cause), the steps the sequence
//! diagram shows, the writes it can lose, and a sentence per database. The formulas are in
//! the parent module's docs; every duration comes from the scenario's estimates, except the
//! cluster endpoint's DNS TTL (a fact).

mod dsql;

use super::promotion::{self, WRITER_AZ};
use super::{Az, Cause, Fault, FaultKind, RegionId};
use crate::format::{duration, percent};
use crate::model::aurora::config::{Access, AuroraConfig, ClientDriver};
use crate::model::estimates::Estimates;
use crate::model::facts::AURORA_DNS_TTL_S;
use crate::model::regions::{Database, GlobalTableMode};
use crate::model::scenario::Scenario;
use serde::Serialize;

/// What a phase does while it lasts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Effect {
    /// This share of one database's reads and writes fails.
    Loss {
        db: Database,
        cause: Cause,
        reads: f64,
        writes: f64,
    },
    /// Aurora runs with this many readers fewer.
    ReadersDown(f64),
    /// This share of Aurora's reads and writes waits in RDS Proxy (or the Data API) until
    /// `until_s`, then is served: a request arriving at `t` waits `until_s − t`.
    Held { until_s: f64, reads: f64, writes: f64 },
    /// The peer of a multi-Region DSQL cluster in this Region (0: A, 1: B) is down: the
    /// other Region's peer takes every client that still reaches the cluster.
    DsqlPeerDown(usize),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Phase {
    pub start_s: f64,
    pub end_s: f64,
    pub effect: Effect,
}

/// One step of a failure as the sequence diagram shows it ("promote a reader", 10 s).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SequenceStep {
    pub db: Database,
    pub label: String,
    pub start_s: f64,
    pub end_s: f64,
}

/// Writes a fault can lose for one database: the replication lag, and the share of all
/// writes that were exposed to it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Rpo {
    pub lag_s: f64,
    pub write_share: f64,
}

/// Everything the plan keeps of one fault.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Expanded {
    pub phases: Vec<Phase>,
    pub steps: Vec<SequenceStep>,
    /// `[DynamoDB, Aurora]`.
    /// Per database, indexed by [`slot`].
    pub rpo: [Rpo; Database::ALL.len()],
    pub notes: [String; Database::ALL.len()],
    /// When the last effect ends (at least the fault's own duration).
    pub end_s: f64,
}

pub(crate) fn slot(db: Database) -> usize {
    db as usize
}

/// How the clients reach Aurora, which sets how fast they follow a new writer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Client {
    Plain,
    Wrapper,
    /// A new connection per request: follows DNS, but holds no stale socket.
    PerRequest,
    Proxy,
    DataApi,
}

impl Client {
    pub fn of(cfg: &AuroraConfig) -> Client {
        match (cfg.access, cfg.client_driver) {
            (Access::RdsProxy, _) => Client::Proxy,
            (Access::DataApi, _) => Client::DataApi,
            (Access::Direct, ClientDriver::AwsWrapper) => Client::Wrapper,
            (Access::Direct, ClientDriver::Plain) => Client::Plain,
            (Access::Direct, ClientDriver::PerRequest) => Client::PerRequest,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Client::Plain => "plain driver",
            Client::Wrapper => "AWS wrapper driver",
            Client::PerRequest => "connection per request",
            Client::Proxy => "RDS Proxy",
            Client::DataApi => "RDS Data API",
        }
    }

    /// After the writer has moved: `(wait for DNS, reconnect)`. The wrapper and the proxy
    /// follow the topology, not the cluster endpoint's DNS record.
    pub fn after_new_writer_s(self, e: &Estimates) -> (f64, f64) {
        match self {
            Client::Plain => (AURORA_DNS_TTL_S, e.plain_driver_reconnect_s),
            Client::PerRequest => (AURORA_DNS_TTL_S, 0.0),
            Client::Wrapper => (0.0, e.wrapper_driver_reconnect_s),
            Client::Proxy => (0.0, e.rds_proxy_reconnect_s),
            Client::DataApi => (0.0, e.data_api_reconnect_s),
        }
    }

    /// After an instance restarts in place (DNS unchanged).
    pub fn after_restart_s(self, e: &Estimates) -> f64 {
        match self {
            Client::Plain => e.plain_driver_reconnect_s,
            // The next request's connection finds the instance up.
            Client::PerRequest => 0.0,
            Client::Wrapper => e.wrapper_driver_reconnect_s,
            Client::Proxy => e.rds_proxy_reconnect_s,
            Client::DataApi => e.data_api_reconnect_s,
        }
    }

    /// RDS Proxy (and the Data API, assumed alike) keeps the clients' connections and
    /// queues their requests while the instance behind it is away, so a request waits
    /// instead of failing; it fails only past the client's own timeout. AWS's fast-failover
    /// sample: "RDS Proxy turns what would be SQL errors into a few extra seconds of
    /// latency for the application".
    pub fn holds_requests(self) -> bool {
        matches!(self, Client::Proxy | Client::DataApi)
    }

    /// A client that resolves the endpoint for every connection sees the new address as
    /// soon as its own resolver cache expires. Over many clients (or one client's many
    /// requests) those expiries are spread evenly over the TTL, so the share still sent to
    /// the old address falls from all to none across it.
    fn dns_expires_gradually(self) -> bool {
        self == Client::PerRequest
    }

    /// After a reader is lost: the reader endpoint's DNS for a plain driver.
    pub fn after_reader_loss_s(self, e: &Estimates) -> f64 {
        match self {
            Client::Plain => AURORA_DNS_TTL_S + e.plain_driver_reconnect_s,
            Client::PerRequest => AURORA_DNS_TTL_S,
            Client::Wrapper => e.wrapper_driver_reconnect_s,
            Client::Proxy => e.rds_proxy_reconnect_s,
            // The Data API reads from the writer only: losing a reader costs it nothing.
            Client::DataApi => 0.0,
        }
    }
}

/// Seconds of writes lost to a writer failover with a reader to promote, as the clients
/// see it (detection + promotion + DNS + reconnect).
pub fn writer_failover_s(s: &Scenario) -> f64 {
    let e = &s.estimates;
    let (dns, reconnect) = Client::of(&s.aurora).after_new_writer_s(e);
    e.failover_detection_s + e.failover_promotion_s + dns + reconnect
}

/// Seconds of failed writes a writer failover costs the clients (`∫ share of writes
/// failing dt`): what a client's error log shows, shorter than [`writer_failover_s`] for
/// clients whose requests wait (RDS Proxy) or whose DNS caches expire one by one.
pub fn failed_write_s(s: &Scenario, planned: bool) -> f64 {
    let fault = if planned { Fault::AuroraPlannedFailover { at_s: 0.0 } } else { Fault::AuroraWriterFailover { at_s: 0.0 } };
    expand(&fault, s)
        .phases
        .iter()
        .filter_map(|p| match p.effect {
            Effect::Loss { db: Database::Aurora, writes, .. } => Some(writes * (p.end_s - p.start_s)),
            _ => None,
        })
        .sum()
}

struct Builder<'a> {
    s: &'a Scenario,
    e: &'a Estimates,
    client: Client,
    out: Expanded,
}

impl Builder<'_> {
    fn loss(
        &mut self,
        db: Database,
        cause: Cause,
        start_s: f64,
        end_s: f64,
        reads: f64,
        writes: f64,
    ) {
        if end_s > start_s && (reads > 0.0 || writes > 0.0) {
            self.out.phases.push(Phase {
                start_s,
                end_s,
                effect: Effect::Loss {
                    db,
                    cause,
                    reads,
                    writes,
                },
            });
        }
    }

    fn dsql_peer_down(&mut self, start_s: f64, end_s: f64, region: RegionId) {
        if end_s > start_s {
            let index = match region {
                RegionId::A => 0,
                RegionId::B => 1,
            };
            self.out.phases.push(Phase { start_s, end_s, effect: Effect::DsqlPeerDown(index) });
        }
    }

    fn readers_down(&mut self, start_s: f64, end_s: f64, n: f64) {
        if end_s > start_s && n > 0.0 {
            self.out.phases.push(Phase {
                start_s,
                end_s,
                effect: Effect::ReadersDown(n),
            });
        }
    }

    /// Aurora's clients fail `reads` and `writes` (shares) from `t` until `end`, when they
    /// reach an instance again, the way this client fails them:
    /// * RDS Proxy and the Data API hold the requests: those arriving within the client
    ///   timeout of `end` wait and are served; only earlier ones fail (they would wait longer);
    /// * a client connecting per request fails on the DNS wait `[dns_from, dns_from + dns_s)`
    ///   only while its cache holds the old address: 3/4 of requests in the window's first
    ///   half, 1/4 in its second, the mean of a share falling evenly from 1 to 0;
    /// * any other fails throughout.
    ///
    /// Returns when the first request is served again (`end`, or earlier with the holds); a
    /// hold is also a step of the sequence diagram.
    #[allow(clippy::too_many_arguments)]
    fn client_outage(&mut self, cause: Cause, t: f64, end: f64, (dns_from, dns_s): (f64, f64), reads: f64, writes: f64) -> f64 {
        let db = Database::Aurora;
        if self.client.holds_requests() {
            let held_from = (end - self.e.client_timeout_ms / 1000.0).max(t);
            self.loss(db, cause, t, held_from, reads, writes);
            if end > held_from && (reads > 0.0 || writes > 0.0) {
                self.out.phases.push(Phase { start_s: held_from, end_s: end, effect: Effect::Held { until_s: end, reads, writes } });
                self.step(db, format!("requests wait in {}", self.client.label()), held_from, end);
            }
            held_from
        } else if self.client.dns_expires_gradually() && dns_s > 0.0 {
            let (a, b) = (dns_from.clamp(t, end), (dns_from + dns_s).clamp(t, end));
            let mid = (a + b) / 2.0;
            self.loss(db, cause, t, a, reads, writes);
            self.loss(db, cause, a, mid, reads * 0.75, writes * 0.75);
            self.loss(db, cause, mid, b, reads * 0.25, writes * 0.25);
            self.loss(db, cause, b, end, reads, writes);
            end
        } else {
            self.loss(db, cause, t, end, reads, writes);
            end
        }
    }

    /// How the note says what the clients saw of an outage from `t` to `end` (the holds
    /// end failing at `served_from`): "fail for 24 s", or what RDS Proxy turns it into.
    fn outage_words(&self, what: &str, t: f64, end: f64, served_from: f64) -> String {
        let timeout = duration(self.e.client_timeout_ms / 1000.0);
        if self.client.holds_requests() {
            if served_from > t {
                format!("{what} fail for the first {}; later ones wait in {}, up to {timeout} (the client timeout), and are served", duration(served_from - t), self.client.label())
            } else {
                format!("{what} wait in {}, up to {}, and none fails", self.client.label(), duration(end - t))
            }
        } else if self.client.dns_expires_gradually() {
            format!("{what} fail for up to {}, each client until its DNS cache expires", duration(end - t))
        } else {
            format!("{what} fail for {}", duration(end - t))
        }
    }

    fn step(&mut self, db: Database, label: impl Into<String>, start_s: f64, end_s: f64) {
        if end_s > start_s {
            self.out.steps.push(SequenceStep {
                db,
                label: label.into(),
                start_s,
                end_s,
            });
        }
    }

    fn note(&mut self, db: Database, text: String) {
        self.out.notes[slot(db)] = text;
    }

    /// Share of the clients in `region` (Region B holds `regions.remote_share`).
    fn client_share(&self, region: RegionId) -> f64 {
        let r = self.s.regions.remote_share;
        if region == RegionId::A {
            1.0 - r
        } else {
            r
        }
    }

    /// When the lost Region's clients have been redirected, for an outage from `t`.
    fn redirect_end(&self, t: f64, duration_s: f64) -> f64 {
        t + self.e.region_redirect_s.min(duration_s)
    }

    /// The writer is lost at `t` (or handed over, when `planned`: nothing to detect); the
    /// old writer can restart from `writer_back_s`. Returns when the clients write again.
    fn writer_failover(&mut self, t: f64, lost_az: Option<Az>, writer_back_s: f64, planned: bool) -> f64 {
        let (e, cfg) = (self.e, &self.s.aurora);
        let n = cfg.readers;
        let promoted = promotion::promoted(&promotion::candidates(cfg), lost_az);
        let (dns, reconnect) = self.client.after_new_writer_s(e);
        let detect_s = if planned { 0.0 } else { e.failover_detection_s };
        let detect_end = t + detect_s;
        let (cause, build_s, build_label, build_words) = match promoted {
            Some(_) => (
                Cause::AuroraWriterFailover,
                e.failover_promotion_s,
                "promotion",
                "promotion",
            ),
            None => (
                Cause::AuroraNewWriter,
                e.aurora_new_instance_s,
                "new writer",
                "a new writer",
            ),
        };
        let promoted_end = detect_end + build_s;
        let end = promoted_end + dns + reconnect;
        // The promoted reader's reads move with it; with no reader, the writer served them all.
        let reads = match (promoted, n) {
            (_, 0) => 1.0,
            (Some(_), n) => 1.0 / f64::from(n),
            (None, _) => 0.0,
        };
        self.step(Database::Aurora, "detection", t, detect_end);
        self.step(Database::Aurora, build_label, detect_end, promoted_end);
        self.step(
            Database::Aurora,
            "DNS TTL",
            promoted_end,
            promoted_end + dns,
        );
        self.step(
            Database::Aurora,
            format!("reconnect ({})", self.client.label()),
            promoted_end + dns,
            end,
        );
        let served_from = self.client_outage(cause, t, end, (promoted_end, dns), reads, 1.0);
        let parts: Vec<String> = [
            (!planned).then(|| format!("detection {}", duration(detect_s))),
            Some(format!("{build_words} {}", duration(build_s))),
            (dns > 0.0).then(|| format!("DNS TTL {}", duration(dns))),
            (reconnect > 0.0).then(|| format!("{} reconnect {}", self.client.label(), duration(reconnect))),
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut text = format!(
            "Aurora: {}{} ({}).",
            if planned { "a planned failover, nothing to detect: " } else { "" },
            self.outage_words("writes", t, end, served_from),
            parts.join(", ")
        );
        if promoted.is_some() {
            let rejoin = writer_back_s.max(end) + e.aurora_reboot_s;
            self.readers_down(t, rejoin, 1.0);
            self.step(Database::Aurora, "old writer rejoins", end, rejoin);
            text += &if n == 1 {
                format!(" Its only reader becomes the writer and serves the reads until the old writer rejoins after {}.", duration(rejoin - t))
            } else {
                format!(" Reads on the promoted reader (1 of {n}) fail with them; one reader fewer for {}.", duration(rejoin - t))
            };
            if !cfg.readers_follow_writer {
                text += " The promoted reader (tier 2–15) was sized for reads: the new writer must scale up.";
            }
        } else {
            text += " No reader to promote: Aurora creates a new writer (best effort), so reads fail too.";
        }
        self.note(Database::Aurora, text);
        end
    }

    /// Requests not already lost to the clients' own Region: a phase's shares, reduced by
    /// `cs` while the clients are being redirected (until `redirect_end`).
    #[allow(clippy::too_many_arguments)]
    fn layered(
        &mut self,
        db: Database,
        cause: Cause,
        start_s: f64,
        end_s: f64,
        reads: f64,
        writes: f64,
        cs: f64,
        redirect_end: f64,
    ) {
        let cut = redirect_end.clamp(start_s, end_s);
        self.loss(
            db,
            cause,
            start_s,
            cut,
            reads * (1.0 - cs),
            writes * (1.0 - cs),
        );
        self.loss(db, cause, cut, end_s, reads, writes);
    }
}

/// Expand `fault` for scenario `s` (valid).
pub(crate) fn expand(fault: &Fault, s: &Scenario) -> Expanded {
    let t = fault.at_s();
    let mut b = Builder {
        s,
        e: &s.estimates,
        client: Client::of(&s.aurora),
        out: Expanded {
            phases: Vec::new(),
            steps: Vec::new(),
            rpo: [Rpo::default(); Database::ALL.len()],
            notes: Default::default(),
            end_s: t + fault.duration_s().unwrap_or(0.0),
        },
    };
    let e = &s.estimates;
    let n = s.aurora.readers;
    let mut clients = None;
    let ddb_untouched = "DynamoDB: not affected (no single writer; every partition lives on three nodes across AZs).".to_string();
    match *fault {
        Fault::AuroraWriterFailover { .. } | Fault::AuroraPlannedFailover { .. } => {
            b.writer_failover(t, None, t, fault.kind() == FaultKind::AuroraPlannedFailover);
            b.note(
                Database::Dynamodb,
                "DynamoDB: not affected (no writer to fail over).".into(),
            );
        }
        Fault::AuroraReboot { .. } => {
            let reconnect = b.client.after_restart_s(e);
            let up = t + e.aurora_reboot_s;
            let end = up + reconnect;
            b.step(Database::Aurora, "restart", t, up);
            b.step(
                Database::Aurora,
                format!("reconnect ({})", b.client.label()),
                up,
                end,
            );
            let served_from = b.client_outage(
                Cause::AuroraWriterReboot,
                t,
                end,
                (up, 0.0),
                if n == 0 { 1.0 } else { 0.0 },
                1.0,
            );
            let reads = if n == 0 { "reads and writes" } else { "writes" };
            let reconnect_words = if reconnect > 0.0 {
                format!(", {} reconnect {}", b.client.label(), duration(reconnect))
            } else {
                String::new()
            };
            b.note(
                Database::Aurora,
                format!(
                    "Aurora: {} (restart {}{reconnect_words}).",
                    b.outage_words(reads, t, end, served_from),
                    duration(e.aurora_reboot_s),
                ),
            );
            b.note(Database::Dynamodb, "DynamoDB: not affected.".into());
        }
        Fault::AuroraReaderLoss { duration_s, .. } => {
            if n > 0 {
                let reconnect = b.client.after_reader_loss_s(e);
                b.readers_down(t, t + duration_s, 1.0);
                b.step(
                    Database::Aurora,
                    format!("reconnect ({})", b.client.label()),
                    t,
                    t + reconnect,
                );
                let served_from = b.client_outage(
                    Cause::AuroraReaderLost,
                    t,
                    t + reconnect,
                    (t, reconnect),
                    1.0 / f64::from(n),
                    0.0,
                );
                b.step(
                    Database::Aurora,
                    "one reader fewer",
                    t + reconnect,
                    t + duration_s,
                );
                b.note(
                    Database::Aurora,
                    format!(
                        "Aurora: {}; {} for {}.",
                        b.outage_words(&format!("the reads on the lost reader (1 of {n})"), t, t + reconnect, served_from),
                        if n == 1 {
                            "reads then go to the writer"
                        } else {
                            "the other readers carry them"
                        },
                        duration(duration_s)
                    ),
                );
            }
            b.note(Database::Dynamodb, "DynamoDB: not affected.".into());
        }
        Fault::AzOutage { duration_s, az, .. } => {
            let back = t + duration_s;
            let lost: u32 = (0..n).filter(|&i| promotion::reader_az(i) == az).count() as u32;
            let writer_lost = az == WRITER_AZ;
            let mut text = String::new();
            if writer_lost {
                b.writer_failover(t, Some(az), back, false);
                text = std::mem::take(&mut b.out.notes[slot(Database::Aurora)]);
            }
            if lost > 0 {
                let reconnect = b.client.after_reader_loss_s(e);
                let served_from = b.client_outage(
                    Cause::AuroraReaderLost,
                    t,
                    t + reconnect,
                    (t, reconnect),
                    f64::from(lost) / f64::from(n),
                    0.0,
                );
                b.readers_down(t, back + e.aurora_reboot_s, f64::from(lost));
                b.step(
                    Database::Aurora,
                    format!("{lost} reader(s) down in AZ {}", az.letter()),
                    t,
                    back,
                );
                let who = match (lost, n) {
                    (1, 1) => format!("its only reader is in AZ {}", az.letter()),
                    (1, n) => format!("one of its {n} readers is in AZ {}", az.letter()),
                    (k, n) => format!("{k} of its {n} readers are in AZ {}", az.letter()),
                };
                let then = if lost == n {
                    "then the writer serves them until the AZ returns"
                } else {
                    "then fewer readers carry them until the AZ returns"
                };
                let sentence = format!("{who}; {}, {then}.", b.outage_words("its reads", t, t + reconnect, served_from));
                text += &if writer_lost {
                    // A new sentence after the failover's.
                    let mut c = sentence.chars();
                    format!(
                        " {}{}",
                        c.next()
                            .map_or(String::new(), |f| f.to_uppercase().collect()),
                        c.as_str()
                    )
                } else {
                    format!("Aurora: {sentence}")
                };
            }
            if !writer_lost && lost == 0 {
                text = format!("Aurora: no instance in AZ {}; not affected.", az.letter());
            }
            let (left, writes_ok, _) = promotion::storage_after_az_loss(0);
            text += &format!(
                " Storage keeps {left} of 6 copies{}.",
                if writes_ok {
                    ": writes and reads keep their quorum"
                } else {
                    ""
                }
            );
            b.note(Database::Aurora, text.trim_start().to_string());
            b.note(Database::Dynamodb, ddb_untouched);
        }
        Fault::RegionOutage {
            duration_s, region, ..
        } => clients = Some(region_outage(&mut b, t, duration_s, region)),
        Fault::RegionSwitchover { .. } => {
            let (dns, reconnect) = b.client.after_new_writer_s(e);
            let switched = t + e.aurora_switchover_s;
            let end = switched + dns + reconnect;
            b.loss(
                Database::Aurora,
                Cause::AuroraGlobalSwitchover,
                t,
                end,
                0.0,
                1.0,
            );
            b.step(Database::Aurora, "switchover", t, switched);
            b.step(Database::Aurora, "DNS TTL", switched, switched + dns);
            b.step(
                Database::Aurora,
                format!("reconnect ({})", b.client.label()),
                switched + dns,
                end,
            );
            b.note(
                Database::Aurora,
                format!("Aurora: writes pause for {} (switchover {}, then the clients reconnect); nothing is lost (RPO 0).", duration(end - t), duration(e.aurora_switchover_s)),
            );
            b.note(
                Database::Dynamodb,
                "DynamoDB: global tables are active-active; there is nothing to switch.".into(),
            );
        }
    }
    if s.has(Database::Dsql) {
        dsql::expand(&mut b, fault, clients.as_deref());
    }
    let last = b
        .out
        .phases
        .iter()
        .map(|p| p.end_s)
        .chain(b.out.steps.iter().map(|st| st.end_s))
        .fold(b.out.end_s, f64::max);
    b.out.end_s = last.max(t + 1.0);
    b.out
}

/// A Region outage: the lost Region's clients for every database in the scenario, then
/// DynamoDB's and Aurora's own effects; returns the sentence about the clients (DSQL's own
/// effects and sentence, `dsql::expand`, use it too).
fn region_outage(b: &mut Builder<'_>, t: f64, duration_s: f64, region: RegionId) -> String {
    let (s, e) = (b.s, b.e);
    let other = region.other().letter();
    let letter = region.letter();
    let cs = b.client_share(region);
    let back = t + duration_s;
    let redirect_end = b.redirect_end(t, duration_s);
    for db in Database::ALL.into_iter().filter(|&db| s.has(db)) {
        b.loss(db, Cause::ClientRegionDown, t, redirect_end, cs, cs);
        if cs > 0.0 {
            b.step(
                db,
                format!("Region {letter} clients redirected"),
                t,
                redirect_end,
            );
        }
    }
    let clients = format!(
        "Requests from Region {letter}'s clients ({} of all) fail for {} until they are redirected.",
        percent(cs),
        duration(redirect_end - t)
    );

    // Aurora: the primary is in Region A.
    let aurora = if region == RegionId::B {
        "Aurora: its primary is in Region A and keeps serving.".to_string()
    } else if s.aurora.secondary_regions == 0 {
        let end = back + b.client.after_restart_s(e);
        b.layered(
            Database::Aurora,
            Cause::AuroraRegionDown,
            t,
            end,
            1.0,
            1.0,
            cs,
            redirect_end,
        );
        b.step(Database::Aurora, "Region A down (no secondary)", t, back);
        b.step(
            Database::Aurora,
            format!("reconnect ({})", b.client.label()),
            back,
            end,
        );
        format!(
            "Aurora: no Global Database, so reads and writes fail until Region A returns ({}).",
            duration(end - t)
        )
    } else if duration_s <= e.global_failover_decision_s {
        let end = back + b.client.after_restart_s(e);
        b.layered(
            Database::Aurora,
            Cause::AuroraRegionDown,
            t,
            end,
            0.0,
            1.0,
            cs,
            redirect_end,
        );
        b.step(Database::Aurora, "Region A down (no failover yet)", t, back);
        b.step(
            Database::Aurora,
            format!("reconnect ({})", b.client.label()),
            back,
            end,
        );
        format!(
            "Aurora: Region A returns before the failover decision ({}): writes fail for {}; reads go on in Region B; nothing is lost.",
            duration(e.global_failover_decision_s),
            duration(end - t)
        )
    } else {
        let decided = t + e.global_failover_decision_s;
        let promoted = decided + e.aurora_global_promotion_s;
        let (dns, reconnect) = b.client.after_new_writer_s(e);
        let end = promoted + dns + reconnect;
        b.layered(
            Database::Aurora,
            Cause::AuroraRegionDown,
            t,
            decided,
            0.0,
            1.0,
            cs,
            redirect_end,
        );
        b.layered(
            Database::Aurora,
            Cause::AuroraGlobalFailover,
            decided,
            end,
            0.0,
            1.0,
            cs,
            redirect_end,
        );
        b.step(Database::Aurora, "decide to fail over", t, decided);
        b.step(Database::Aurora, "promote Region B", decided, promoted);
        b.step(Database::Aurora, "DNS TTL", promoted, promoted + dns);
        b.step(
            Database::Aurora,
            format!("reconnect ({})", b.client.label()),
            promoted + dns,
            end,
        );
        let lag_s = e.aurora_global_lag_ms / 1000.0;
        b.out.rpo[slot(Database::Aurora)] = Rpo {
            lag_s,
            write_share: 1.0,
        };
        format!(
            "Aurora: writes fail for {} (decision {}, promotion {}, then the clients reconnect); reads go on in Region B. \
             The managed failover loses the last {} of writes, from every Region (RPO = lag at the failure).",
            duration(end - t),
            duration(e.global_failover_decision_s),
            duration(e.aurora_global_promotion_s),
            duration(lag_s)
        )
    };
    b.note(Database::Aurora, format!("{aurora} {clients}"));

    // DynamoDB: a replica in each of Regions A and B once replica_regions ≥ 1.
    let replicated = s.dynamodb.replica_regions >= 1;
    let dynamo = if !replicated && region == RegionId::A {
        b.layered(
            Database::Dynamodb,
            Cause::DynamoRegionDown,
            t,
            back,
            1.0,
            1.0,
            cs,
            redirect_end,
        );
        b.step(
            Database::Dynamodb,
            "Region A down (single-Region table)",
            t,
            back,
        );
        format!(
            "DynamoDB: a single-Region table: every request fails until Region A returns ({}).",
            duration(duration_s)
        )
    } else if !replicated {
        "DynamoDB: the table is in Region A and keeps serving.".to_string()
    } else {
        b.step(
            Database::Dynamodb,
            format!("Region {other} keeps serving"),
            t,
            back,
        );
        match s.regions.dynamodb_mode {
            GlobalTableMode::Mrec => {
                let lag_s = e.ddb_replication_lag_ms / 1000.0;
                b.out.rpo[slot(Database::Dynamodb)] = Rpo { lag_s, write_share: cs };
                format!(
                    "DynamoDB: Region {other}'s replica keeps serving. MREC: Region {letter}'s writes of the last {} may be lost, \
                     or overwritten when it returns (last writer wins).",
                    duration(lag_s)
                )
            }
            GlobalTableMode::Mrsc => "DynamoDB: the other Regions keep their quorum and keep serving; MRSC loses no write (RPO 0).".to_string(),
        }
    };
    b.note(Database::Dynamodb, format!("{dynamo} {clients}"));
    clients
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::facts::{
        AURORA_FAILOVER_OFTEN_S, AURORA_PLAIN_WRITER_FAILOVER_S, AURORA_PROXY_FAILOVER_CUT,
        AURORA_WRAPPER_WRITER_FAILOVER_S,
    };

    fn with(driver: ClientDriver, proxy: bool) -> Scenario {
        let mut s = Scenario::default();
        s.aurora.client_driver = driver;
        s.aurora.access = if proxy { Access::RdsProxy } else { Access::Direct };
        s
    }

    #[test]
    fn default_failover_parts_land_inside_the_documented_ranges() {
        let e = Estimates::default();
        // AWS: "often under 30 s" for the database side (detection, promotion, DNS).
        assert!(
            e.failover_detection_s + e.failover_promotion_s + AURORA_DNS_TTL_S
                <= AURORA_FAILOVER_OFTEN_S
        );
        let plain = writer_failover_s(&with(ClientDriver::Plain, false));
        let wrapper = writer_failover_s(&with(ClientDriver::AwsWrapper, false));
        let proxy = writer_failover_s(&with(ClientDriver::Plain, true));
        assert!(
            (AURORA_PLAIN_WRITER_FAILOVER_S.0..=AURORA_PLAIN_WRITER_FAILOVER_S.1).contains(&plain),
            "{plain}"
        );
        assert!(
            (AURORA_WRAPPER_WRITER_FAILOVER_S.0..=AURORA_WRAPPER_WRITER_FAILOVER_S.1)
                .contains(&wrapper),
            "{wrapper}"
        );
        let cut = 1.0 - proxy / plain;
        assert!(
            cut > 0.0 && cut <= AURORA_PROXY_FAILOVER_CUT + 1e-9,
            "RDS Proxy cuts {cut}: AWS says up to 66 %"
        );
        assert_eq!(
            (plain, wrapper, proxy),
            (70.0, 21.0, 25.0),
            "the numbers the estimates' texts quote"
        );
    }

    #[test]
    fn az_outage_notes_name_the_lost_readers() {
        let note = |s: &Scenario, az| {
            expand(
                &Fault::AzOutage {
                    at_s: 0.0,
                    duration_s: 600.0,
                    az,
                },
                s,
            )
            .notes[1]
                .clone()
        };
        let mut s = Scenario::default();
        let b = note(&s, Az::B);
        assert!(b.starts_with("Aurora: its only reader is in AZ b; its reads fail for 50 s, then the writer serves them"), "{b}");
        s.aurora.readers = 3;
        let a = note(&s, Az::A);
        assert!(
            a.starts_with("Aurora: writes fail for 70 s")
                && a.contains(" One of its 3 readers is in AZ a;"),
            "{a}"
        );
        let c = note(&s, Az::C);
        assert!(
            c.starts_with("Aurora: one of its 3 readers is in AZ c"),
            "{c}"
        );
    }

    #[test]
    fn proxy_takes_precedence_over_the_driver() {
        assert_eq!(
            Client::of(&with(ClientDriver::AwsWrapper, true).aurora),
            Client::Proxy
        );
        assert_eq!(
            Client::of(&with(ClientDriver::AwsWrapper, false).aurora),
            Client::Wrapper
        );
    }

    #[test]
    fn a_plain_driver_waits_for_the_five_second_ttl_and_the_others_do_not() {
        let e = Estimates::default();
        assert_eq!(Client::Plain.after_new_writer_s(&e).0, 5.0);
        assert_eq!(Client::Wrapper.after_new_writer_s(&e).0, 0.0);
        assert_eq!(Client::Proxy.after_new_writer_s(&e).0, 0.0);
        let ex = expand(
            &Fault::AuroraWriterFailover { at_s: 100.0 },
            &with(ClientDriver::Plain, false),
        );
        assert!(
            ex.steps
                .iter()
                .any(|st| st.label == "DNS TTL" && st.end_s - st.start_s == 5.0),
            "{:?}",
            ex.steps
        );
    }
}
