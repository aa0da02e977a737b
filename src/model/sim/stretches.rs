//! The stretches of a DynamoDB step in which every dimension falls short by a constant rate.
//!
//! Within one step a table's reads, its writes and an index's writes each serve in pieces:
//! a burst runs out, a scaling update lands, an index's load drops once the table starts
//! throttling writes. Latency depends on what is throttled *at the same moment*, so the step
//! is cut wherever any dimension's shortfall changes and each stretch is judged with exactly
//! what falls short in it. The cuts are simulated moments (when a burst runs out), not step
//! boundaries, so a 5 s step and a 60 s step see the same stretches. (Averaging each
//! dimension over the part of the step it was short, as the engine did before, paired a
//! table's steady write shortfall with an index's larger one from before the table
//! throttled: a moment that never happens, and a p99 15 % above the 5 s step's.)

use super::dynamo_capacity::Served;

/// A stretch of a step: `(seconds, [read, write, index] units per second not served)`.
pub(crate) type Stretch = (f64, [f64; 3]);

/// Merge the pieces of each dimension (reads, writes, index; each back to back over the
/// same step, an absent index empty) into stretches of constant shortfall in all three,
/// in order, into `out` (cleared first). A dimension whose pieces end a rounding error
/// before the others keeps its last shortfall, so no sliver of a stretch appears that is
/// not there.
pub(crate) fn merge(dimensions: [&[Served]; 3], out: &mut Vec<Stretch>) {
    out.clear();
    let mut at = [0usize; 3];
    let mut left = dimensions.map(|d| d.first().map_or(f64::INFINITY, |p| p.length_s));
    loop {
        let active = (0..3).filter(|&d| at[d] < dimensions[d].len());
        let Some(h) = active.map(|d| left[d]).min_by(f64::total_cmp) else {
            break;
        };
        let short = [0, 1, 2].map(|d| dimensions[d].get(at[d]).or(dimensions[d].last()).map_or(0.0, |p| p.short_per_s));
        if h > 0.0 {
            match out.last_mut() {
                Some((length_s, last)) if *last == short => *length_s += h,
                _ => out.push((h, short)),
            }
        }
        for d in 0..3 {
            if at[d] < dimensions[d].len() {
                left[d] -= h;
                if left[d] <= ROUNDING_S {
                    at[d] += 1;
                    left[d] = dimensions[d].get(at[d]).map_or(f64::INFINITY, |p| p.length_s + left[d]);
                }
            }
        }
    }
}

/// Pieces ending closer than this are ending together (the capacity model's own tolerance).
const ROUNDING_S: f64 = 1e-9;

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(length_s: f64, short_per_s: f64) -> Served {
        Served { length_s, served_per_s: 100.0, short_per_s }
    }

    #[test]
    fn a_step_is_cut_wherever_any_dimension_changes() {
        // Reads short from 1 s, writes from 3 s, the index short only while writes were not.
        let reads = [piece(1.0, 0.0), piece(4.0, 50.0)];
        let writes = [piece(3.0, 0.0), piece(2.0, 20.0)];
        let index = [piece(2.0, 0.0), piece(1.0, 30.0), piece(2.0, 5.0)];
        let mut out = Vec::new();
        merge([&reads, &writes, &index], &mut out);
        assert_eq!(out, vec![(1.0, [0.0, 0.0, 0.0]), (1.0, [50.0, 0.0, 0.0]), (1.0, [50.0, 0.0, 30.0]), (2.0, [50.0, 20.0, 5.0])]);
    }

    #[test]
    fn equal_neighbours_are_one_stretch_and_an_absent_index_is_never_short() {
        let reads = [piece(2.0, 10.0), piece(3.0, 10.0)];
        let writes = [piece(5.0, 0.0)];
        let mut out = Vec::new();
        merge([&reads, &writes, &[]], &mut out);
        assert_eq!(out, vec![(5.0, [10.0, 0.0, 0.0])]);
    }

    #[test]
    fn pieces_that_end_a_rounding_error_apart_leave_no_sliver() {
        let reads = [piece(5.0 - 1e-10, 10.0)];
        let writes = [piece(2.0, 0.0), piece(3.0, 4.0)];
        let mut out = Vec::new();
        merge([&reads, &writes, &[]], &mut out);
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out[1].1, [10.0, 4.0, 0.0]);
        let total: f64 = out.iter().map(|s| s.0).sum();
        assert!((total - 5.0).abs() < 1e-9, "{total}");
    }
}
