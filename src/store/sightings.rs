//! Interaction ids received lately, in this process's memory: the interactions endpoint's record
//! of them when the bot runs without a store.

use std::collections::{HashSet, VecDeque};
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Utc};

/// The ids seen lately, and when each was signed, oldest first.
#[derive(Default)]
pub struct Sightings(Mutex<Recent>);

#[derive(Default)]
struct Recent {
    ids: HashSet<String>,
    order: VecDeque<(DateTime<Utc>, String)>,
}

impl Sightings {
    /// [`super::Store::first_sighting`] for one process.
    pub fn first(&self, id: &str, signed_at: DateTime<Utc>, forget_before: DateTime<Utc>) -> bool {
        let mut recent = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        // Requests arrive about in the order they were signed: the oldest are in front.
        while recent
            .order
            .front()
            .is_some_and(|(at, _)| *at < forget_before)
        {
            if let Some((_, old)) = recent.order.pop_front() {
                recent.ids.remove(&old);
            }
        }
        if !recent.ids.insert(id.to_owned()) {
            return false;
        }
        recent.order.push_back((signed_at, id.to_owned()));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn an_id_is_new_once_and_forgotten_once_old() {
        let t0: DateTime<Utc> = "2026-11-30T12:00:00Z".parse().unwrap();
        let s = |n: i64| t0 + TimeDelta::seconds(n);
        let window = TimeDelta::seconds(600);
        let sightings = Sightings::default();
        assert!(sightings.first("1", s(0), s(0) - window));
        assert!(sightings.first("2", s(1), s(1) - window));
        assert!(!sightings.first("1", s(2), s(2) - window));
        // Ten minutes on, the first two could only come back stale: they are forgotten.
        assert!(sightings.first("3", s(602), s(602) - window));
        let recent = sightings.0.lock().unwrap();
        assert_eq!(recent.order.len(), 1);
        assert_eq!(recent.ids.len(), 1);
    }
}
