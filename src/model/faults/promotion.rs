//! Which reader becomes the writer, and where the instances are.
//!
//! * **Promotion order** (2026 addendum, DOC): the reader in the lowest promotion tier is
//!   promoted first (tier 0, then 1, … 15). Among readers of one tier, the current Aurora
//!   user guide ("Fault tolerance for an Aurora DB cluster") promotes the largest; that rule
//!   is not in our facts sheet (an AWS News Blog post of 2016 said "the same size as the old
//!   primary"), so it is an assumption here. Readers alike in tier and size: AWS picks an
//!   arbitrary one; the model takes the first listed.
//! * **Tiers from the scenario**: `aurora.readers_follow_writer` means tier 0–1 (the API's
//!   default tier is 1) at the writer's size; otherwise tiers 2–15, each sized for its own
//!   reads (taken as tier 2, one size).
//! * **Placement** (an assumption: AWS places what you ask it to): the writer in AZ a,
//!   reader `i` in AZ `(i + 1) mod 3`, so one reader puts the pair in two AZs and three
//!   readers fill all three.
//! * **Storage** (B1, AWS-BLOG): 6 copies, 2 in each AZ; a write needs 4, a read 3. Losing
//!   an AZ leaves 4: both still work. An AZ plus one more copy leaves 3: reads, no writes.

use super::Az;
use crate::model::aurora::AuroraConfig;
use crate::model::facts::{
    AURORA_DEFAULT_PROMOTION_TIER, AURORA_READ_QUORUM, AURORA_STORAGE_AZS, AURORA_STORAGE_COPIES,
    AURORA_WRITE_QUORUM,
};

/// The writer's AZ.
pub const WRITER_AZ: Az = Az::A;
/// The tier taken for readers that do not follow the writer (tiers 2–15).
pub const OWN_SIZE_TIER: u8 = 2;

/// A reader that could be promoted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    pub tier: u8,
    /// Capacity in any unit (ACU, vCPU): only the order matters.
    pub size: f64,
    pub az: Az,
}

/// Readers in the order Aurora would promote them: tier, then largest, then as listed.
pub fn promotion_order(readers: &[Candidate]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..readers.len()).collect();
    // A stable sort keeps "as listed" for readers equal in tier and size.
    order.sort_by(|&a, &b| {
        let (x, y) = (&readers[a], &readers[b]);
        x.tier.cmp(&y.tier).then(y.size.total_cmp(&x.size))
    });
    order
}

/// The reader promoted when the writer fails, skipping those in a lost AZ.
pub fn promoted(readers: &[Candidate], lost_az: Option<Az>) -> Option<usize> {
    promotion_order(readers)
        .into_iter()
        .find(|&i| Some(readers[i].az) != lost_az)
}

/// The AZ of reader `i` (0-based).
pub fn reader_az(i: u32) -> Az {
    Az::ALL[((i + 1) % 3) as usize]
}

/// The scenario's readers as promotion candidates.
pub fn candidates(cfg: &AuroraConfig) -> Vec<Candidate> {
    let tier = if cfg.readers_follow_writer {
        AURORA_DEFAULT_PROMOTION_TIER
    } else {
        OWN_SIZE_TIER
    };
    (0..cfg.readers)
        .map(|i| Candidate {
            tier,
            size: 1.0,
            az: reader_az(i),
        })
        .collect()
}

/// Storage copies left after losing one AZ, and whether writes and reads still have quorum.
pub fn storage_after_az_loss(extra_copies_lost: u32) -> (u32, bool, bool) {
    let left = (AURORA_STORAGE_COPIES - AURORA_STORAGE_COPIES / AURORA_STORAGE_AZS)
        .saturating_sub(extra_copies_lost);
    (
        left,
        left >= AURORA_WRITE_QUORUM,
        left >= AURORA_READ_QUORUM,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(tier: u8, size: f64, az: Az) -> Candidate {
        Candidate { tier, size, az }
    }

    #[test]
    fn tier_zero_is_promoted_first_whatever_its_size() {
        let readers = [c(1, 64.0, Az::B), c(0, 2.0, Az::C), c(15, 128.0, Az::B)];
        assert_eq!(promotion_order(&readers), vec![1, 0, 2]);
    }

    #[test]
    fn within_a_tier_the_largest_goes_first_then_the_first_listed() {
        let readers = [
            c(1, 4.0, Az::B),
            c(1, 16.0, Az::C),
            c(1, 16.0, Az::A),
            c(2, 256.0, Az::B),
        ];
        assert_eq!(promotion_order(&readers), vec![1, 2, 0, 3]);
    }

    #[test]
    fn a_reader_in_the_lost_az_is_skipped() {
        let readers = [c(0, 8.0, Az::A), c(1, 8.0, Az::B)];
        assert_eq!(promoted(&readers, None), Some(0));
        assert_eq!(promoted(&readers, Some(Az::A)), Some(1));
        assert_eq!(promoted(&readers[..1], Some(Az::A)), None);
    }

    #[test]
    fn readers_spread_over_the_other_azs_first() {
        assert_eq!(
            [reader_az(0), reader_az(1), reader_az(2), reader_az(3)],
            [Az::B, Az::C, Az::A, Az::B]
        );
    }

    #[test]
    fn storage_keeps_its_quorums_after_an_az_but_not_writes_after_one_more_copy() {
        assert_eq!(storage_after_az_loss(0), (4, true, true));
        assert_eq!(storage_after_az_loss(1), (3, false, true));
    }
}
