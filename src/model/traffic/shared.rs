//! A trace's data (and the price table) held once and shared by every copy of its scenario.
//! The page copies and compares the scenario on every slider input; a per-second day is
//! 86,400 points, and each copy and each comparison went through all of them (about 0.9 ms of
//! a traffic-slider input on a noisy per-second day, measured); the price table is 35 prices
//! with two strings each (its comparisons alone were 0.08 to 0.13 ms of an input, profiled).
//! Copies share one allocation, and two copies compare equal by pointer before they compare
//! by value. Serialized as the data itself (`transparent`), so files, links and the worker's
//! bytes are unchanged.

use serde::{Deserialize, Serialize};
use std::ops::Deref;
use std::sync::Arc;

#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Shared<T>(Arc<T>);

/// Shown as the data itself, as before it was shared.
impl<T: std::fmt::Debug> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Shared(Arc::new(value))
    }
}

impl<T> Shared<T> {
    /// Whether `a` and `b` are one allocation (so one check of it holds for both).
    pub fn same(a: &Self, b: &Self) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl<T: Clone> Shared<T> {
    /// The data to change: this copy's own (copied first if another shares it).
    pub fn make_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T> FromIterator<T> for Shared<Vec<T>> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        Shared(Arc::new(items.into_iter().collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_share_until_one_changes_and_compare_by_value() {
        let a: Shared<Vec<(f64, f64)>> = vec![(0.0, 1.0), (1.0, 2.0)].into();
        let mut b = a.clone();
        assert!(Arc::ptr_eq(&a.0, &b.0), "a copy shares the points");
        assert_eq!(a, b);
        b.make_mut()[1].1 = 3.0;
        assert_eq!(a[1].1, 2.0, "changing a copy leaves the original");
        assert_ne!(a, b);
        let c: Shared<Vec<(f64, f64)>> = vec![(0.0, 1.0), (1.0, 2.0)].into();
        assert_eq!(a, c, "equal data in two allocations is equal");
        // Written as the data alone, in a file or link (JSON) and to the worker (bincode),
        // and shown so.
        let plain = vec![(0.0, 1.0), (1.0, 2.0)];
        assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&plain).unwrap());
        assert_eq!(bincode::serialize(&a).unwrap(), bincode::serialize(&plain).unwrap());
        assert_eq!(bincode::deserialize::<Shared<Vec<(f64, f64)>>>(&bincode::serialize(&plain).unwrap()).unwrap(), a);
        assert_eq!(format!("{a:?}"), format!("{plain:?}"));
    }
}
