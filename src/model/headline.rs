//! One line per database, the first thing a person reads: its monthly cost, the share of
//! requests it failed, its worst p99 and, when it lost any, the dominant cause by AWS's own
//! name. From the run when it belongs to the inputs on screen, from the steady point
//! otherwise. The full verdict ([`crate::model::verdict`]) is one click away on the page.

use crate::format::{ms, percent, usd};
use crate::model::compare::Comparison;
use crate::model::database::Database;
use crate::model::scenario::Scenario;
use crate::model::sim::{SimRun, Summary};

/// A database's headline.
#[derive(Clone, Debug, PartialEq)]
pub struct Headline {
    pub database: Database,
    pub monthly_cost_usd: f64,
    pub failed_share: f64,
    pub worst_p99_ms: f64,
    /// The reason a client sees for most of the lost requests (`None`: none lost).
    pub dominant_cause: Option<&'static str>,
    /// Cheapest of the contenders, and meeting the p99 target.
    pub cheapest: bool,
    pub meets_target: bool,
}

impl Headline {
    /// `"$466 a month · 0 % failed · worst p99 14.1 ms"`, with the cause when any failed.
    pub fn text(&self) -> String {
        let mut text = format!("{} a month · {} failed · worst p99 {}", usd(self.monthly_cost_usd), percent(self.failed_share), ms(self.worst_p99_ms));
        if let Some(cause) = self.dominant_cause {
            text.push_str(&format!(" · mostly {cause}"));
        }
        text
    }
}

/// A reason's name without its explanation: `"TransactionConflict"` from
/// `"TransactionConflict (TransactionCanceledException)"`, `"40001 OC000"` from
/// `"40001 OC000: change conflicts with another transaction"`.
fn short_reason(reason: &'static str) -> &'static str {
    reason.find([':', '(']).map_or(reason, |end| &reason[..end]).trim_end()
}

fn from_summary(database: Database, s: &Summary) -> Headline {
    Headline {
        database,
        monthly_cost_usd: s.monthly_cost_usd,
        failed_share: s.failed_share(),
        worst_p99_ms: s.worst_p99_ms,
        dominant_cause: s.dominant_cause().map(|(c, _)| short_reason(c.reason())),
        cheapest: false,
        meets_target: false,
    }
}

/// Every contender's headline: from `run` when given, else from the steady point `now`.
pub fn headlines(run: Option<&SimRun>, now: &Comparison, scenario: &Scenario) -> Vec<Headline> {
    let mut out: Vec<Headline> = match run {
        Some(run) => {
            let mut v = vec![from_summary(Database::Dynamodb, &run.dynamodb_summary), from_summary(Database::Aurora, &run.aurora_summary)];
            v.extend(run.dsql.as_ref().map(|q| from_summary(Database::Dsql, &q.summary)));
            v
        }
        None => {
            let d = &now.dynamodb;
            let ddb_cost = d.cost.total_usd(scenario.dynamodb.mode);
            let line = |database, monthly_cost_usd, failed_share, worst_p99_ms| Headline {
                database,
                monthly_cost_usd,
                failed_share,
                worst_p99_ms,
                dominant_cause: None,
                cheapest: false,
                meets_target: false,
            };
            let mut v = vec![line(Database::Dynamodb, ddb_cost, d.failed_share, d.p99_ms), line(Database::Aurora, now.aurora.cost.total_usd(), now.aurora.failed_share, now.aurora.p99_ms)];
            v.extend(now.dsql.as_ref().map(|q| line(Database::Dsql, q.cost.total_usd(), q.failed_share, q.p99_ms)));
            v
        }
    };
    let cheapest = out.iter().map(|h| h.monthly_cost_usd).fold(f64::INFINITY, f64::min);
    for h in &mut out {
        h.cheapest = h.monthly_cost_usd <= cheapest;
        h.meets_target = h.worst_p99_ms <= scenario.p99_target_ms;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::short_reason;

    #[test]
    fn a_reason_is_cut_before_its_explanation() {
        assert_eq!(short_reason("TransactionConflict (TransactionCanceledException)"), "TransactionConflict");
        assert_eq!(short_reason("40001 OC000: change conflicts with another transaction"), "40001 OC000");
        assert_eq!(short_reason("lock wait timeout (MySQL 1205; PostgreSQL: the client's timeout)"), "lock wait timeout");
        assert_eq!(short_reason("TableReadKeyRangeThroughputExceeded"), "TableReadKeyRangeThroughputExceeded");
        assert_eq!(short_reason("53400: too many new connections (100/s, burst 1,000)"), "53400");
    }
}
