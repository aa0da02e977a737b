//! The lines of the bill beyond capacity, I/O and storage (issue 18, item 2): backups, data
//! transfer inside the Region and out to the internet, and the free tier. Each is a monthly
//! figure at a steady rate, so the engine integrates it step by step like the rest.
//!
//! * **Backups.** One setting, the point-in-time recovery window in days, for both
//!   databases. DynamoDB's point-in-time recovery is off at 0; on, it bills the table's data
//!   (local secondary indexes included, global ones not) in every Region holding a replica,
//!   per GB-month, whatever the recovery period. Aurora always keeps at least 1 day of
//!   backups. Its backup storage is free up to the cluster's volume, and free altogether
//!   with a 1-day retention. Beyond that it bills the changes kept: an **estimate** of the
//!   bytes written per day (at most the whole volume a day) × (retention − 1 day).
//!   DSQL's backups go through AWS Backup, whose price the facts sheets lack: not billed
//!   here, and labelled so.
//! * **Inside the Region.** DynamoDB and DSQL are Regional endpoints: no charge between
//!   Availability Zones. An application spread evenly over `app_azs` zones reaches an Aurora
//!   instance in another zone for (zones − 1) / zones of its requests. Each such request
//!   moves about one item across, billed in each direction (so twice the per-GB price).
//!   The RDS Data API is a Regional endpoint too: none.
//! * **Out to the internet.** `internet_share` of the bytes read leaves AWS (clients outside
//!   it). It is the same for every database: it only shows the line's size.
//! * **Free tier** (does not expire): DynamoDB 25 GB of storage and 25 RCU + 25 WCU
//!   provisioned (Standard table class); DSQL 100,000 DPU and 1 GB a month. Off for an
//!   account whose free tier other tables already use.
//!
//! Prices: `ddb_pitr_gb_month`, `aurora_backup_gb_month`, `cross_az_transfer_gb`,
//! `internet_transfer_out_gb` in the editable price table (graded there).

use crate::model::facts::HOURS_PER_MONTH;
use crate::model::input::in_range;
use crate::model::prices::PriceTable;
use serde::{Deserialize, Serialize};

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
/// The longest recovery window either database keeps, days.
pub const MAX_RECOVERY_DAYS: f64 = 35.0;
/// The largest Savings Plan commitment accepted, USD per hour (about $876 million a year).
pub const MAX_PLAN_USD_PER_H: f64 = 100_000.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Billing {
    /// Point-in-time recovery window, days (0 to 35): DynamoDB's point-in-time recovery on
    /// when at least 1; Aurora's backup retention (at least 1, AWS's minimum).
    pub recovery_days: f64,
    /// Availability Zones the application runs in, evenly (1 to 3).
    pub app_azs: f64,
    /// Share of the bytes read that goes out to the internet (0 to 1).
    pub internet_share: f64,
    /// Whether the account's free tier is counted.
    pub free_tier: bool,
    /// A Database Savings Plan commitment the person chooses, USD per hour, applied to each
    /// database's eligible spend; `None`: the best commitment for each database's run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan_usd_per_h: Option<f64>,
}

impl Default for Billing {
    /// The console's 7-day backup retention, an application in 3 zones, clients inside AWS,
    /// and the free tier counted.
    fn default() -> Self {
        Billing { recovery_days: 7.0, app_azs: 3.0, internet_share: 0.0, free_tier: true, plan_usd_per_h: None }
    }
}

impl Billing {
    /// Check every setting against its allowed range; the message names the field, the value
    /// and the range.
    pub fn validate(&self) -> Result<(), String> {
        let check = |field: &str, v: f64, lo: f64, hi: f64, whole: bool, why: &str| in_range(&format!("billing.{field}"), v, (lo, hi), "", whole, why);
        check("recovery_days", self.recovery_days, 0.0, MAX_RECOVERY_DAYS, true, "both databases keep point-in-time recovery for at most 35 days")?;
        check("app_azs", self.app_azs, 1.0, 3.0, true, "Availability Zones the application runs in")?;
        check("internet_share", self.internet_share, 0.0, 1.0, false, "a share of the bytes read")?;
        if let Some(c) = self.plan_usd_per_h {
            check("plan_usd_per_h", c, 0.0, MAX_PLAN_USD_PER_H, false, "a Savings Plan commitment, USD per hour")?;
        }
        Ok(())
    }

    /// Whether DynamoDB's point-in-time recovery is on.
    pub fn ddb_pitr(&self) -> bool {
        self.recovery_days >= 1.0
    }

    /// Aurora's backup retention, days (AWS keeps at least 1).
    pub fn aurora_retention_days(&self) -> f64 {
        self.recovery_days.max(1.0)
    }

    /// DynamoDB point-in-time recovery, USD per month, for `table_gb` in each of `regions`.
    pub fn ddb_backup_usd(&self, table_gb: f64, regions: f64, p: &PriceTable) -> f64 {
        if self.ddb_pitr() {
            table_gb.max(0.0) * regions * p.ddb_pitr_gb_month.value
        } else {
            0.0
        }
    }

    /// Aurora backup storage beyond the free volume, USD per month, for a `volume_gb` cluster
    /// written at `written_bytes_per_s`.
    pub fn aurora_backup_usd(&self, volume_gb: f64, written_bytes_per_s: f64, p: &PriceTable) -> f64 {
        let changed_gb_per_day = (written_bytes_per_s.max(0.0) * 86_400.0 / GIB).min(volume_gb.max(0.0));
        changed_gb_per_day * (self.aurora_retention_days() - 1.0) * p.aurora_backup_gb_month.value
    }

    /// Share of requests that cross between Availability Zones to reach an Aurora instance.
    pub fn cross_az_share(&self) -> f64 {
        let azs = self.app_azs.clamp(1.0, 3.0);
        (azs - 1.0) / azs
    }

    /// Aurora's requests crossing zones, USD per month: `requests_per_s` moving
    /// `item_bytes` each, billed out of one zone and into the other.
    pub fn cross_az_usd(&self, requests_per_s: f64, item_bytes: f64, p: &PriceTable) -> f64 {
        gb_per_month(requests_per_s * item_bytes) * self.cross_az_share() * 2.0 * p.cross_az_transfer_gb.value
    }

    /// Bytes read leaving AWS, USD per month, at `reads_per_s` of `item_bytes`.
    pub fn internet_usd(&self, reads_per_s: f64, item_bytes: f64, p: &PriceTable) -> f64 {
        gb_per_month(reads_per_s * item_bytes) * self.internet_share.clamp(0.0, 1.0) * p.internet_transfer_out_gb.value
    }
}

/// GB in a 730-hour month at `bytes_per_s`.
fn gb_per_month(bytes_per_s: f64) -> f64 {
    bytes_per_s.max(0.0) * HOURS_PER_MONTH * 3600.0 / GIB
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prices() -> PriceTable {
        PriceTable::default()
    }

    #[test]
    fn aurora_backups_are_free_with_a_one_day_retention() {
        let b = Billing { recovery_days: 1.0, ..Billing::default() };
        assert_eq!(b.aurora_backup_usd(100.0, 1e6, &prices()), 0.0);
        let none = Billing { recovery_days: 0.0, ..Billing::default() };
        assert_eq!(none.aurora_retention_days(), 1.0, "AWS keeps a day whatever is asked");
        assert!(!none.ddb_pitr());
        assert_eq!(none.ddb_backup_usd(100.0, 1.0, &prices()), 0.0);
    }

    #[test]
    fn a_week_of_aurora_changes_is_six_days_beyond_the_free_volume() {
        // 1 GiB written a day (12,428.5 B/s) on a 100 GB volume, 7-day retention: 6 GB billed.
        let b = Billing::default();
        let per_s = GIB / 86_400.0;
        let usd = b.aurora_backup_usd(100.0, per_s, &prices());
        assert!((usd - 6.0 * 0.021).abs() < 1e-9, "{usd}");
        // A day cannot change more than the whole volume.
        assert!((b.aurora_backup_usd(2.0, per_s * 10.0, &prices()) - 12.0 * 0.021).abs() < 1e-9);
    }

    #[test]
    fn pitr_bills_the_table_in_every_region_whatever_the_window() {
        let week = Billing::default().ddb_backup_usd(50.0, 2.0, &prices());
        let month = Billing { recovery_days: 35.0, ..Billing::default() }.ddb_backup_usd(50.0, 2.0, &prices());
        assert!((week - 50.0 * 2.0 * 0.2).abs() < 1e-9, "{week}");
        assert_eq!(week, month);
    }

    #[test]
    fn two_thirds_of_requests_cross_zones_from_three_and_none_from_one() {
        let b = Billing::default();
        assert!((b.cross_az_share() - 2.0 / 3.0).abs() < 1e-12);
        // 1,000 requests/s of 1 KiB for a month, 2/3 across, $0.01 each way.
        let gb = 1_000.0 * 1024.0 * 730.0 * 3600.0 / GIB;
        assert!((b.cross_az_usd(1_000.0, 1024.0, &prices()) - gb * 2.0 / 3.0 * 0.02).abs() < 1e-9);
        assert_eq!(Billing { app_azs: 1.0, ..b }.cross_az_usd(1_000.0, 1024.0, &prices()), 0.0);
    }

    #[test]
    fn settings_outside_their_range_are_refused_with_the_range() {
        for (b, field) in [
            (Billing { recovery_days: 36.0, ..Billing::default() }, "recovery_days"),
            (Billing { recovery_days: 1.5, ..Billing::default() }, "recovery_days"),
            (Billing { app_azs: 0.0, ..Billing::default() }, "app_azs"),
            (Billing { internet_share: f64::NAN, ..Billing::default() }, "internet_share"),
        ] {
            let e = b.validate().unwrap_err();
            assert!(e.contains(field) && e.contains("allowed range"), "{e}");
        }
        assert_eq!(Billing::default().validate(), Ok(()));
    }
}
