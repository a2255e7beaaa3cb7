//! Gauges read from the store when `/metrics` is scraped, not recorded as things happen: what
//! waits in the reminder queues and for how long, and SLO attainment over the last 30 days. With
//! several processes on one database, each reports what the database holds. Nothing runs between
//! scrapes: a scrape refreshes what is older than its maximum age and waits for it (for a while),
//! and scrapes that arrive meanwhile share that refresh.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::cmd::CmdError;
use crate::domain::attainment;
use crate::domain::catalog::Catalog;
use crate::domain::ids::Priority;
use crate::store::{Store, StoreError, off_runtime};
use crate::telemetry;
use crate::transport::http::ScrapeTime;

/// Queue depths and ages are counts and the first entries of small tables: fresh on every
/// scrape but those a few seconds apart. [D]
const QUEUES_MAX_AGE: Duration = Duration::from_secs(5);
/// Attainment reads every case: at most once a minute, whatever the scrape interval. A
/// response shows within a minute; a 30-day figure moves slowly. [D]
const ATTAINMENT_MAX_AGE: Duration = Duration::from_secs(60);

/// How long a scrape waits for the store before it answers with the figures it has: well
/// within Prometheus's default scrape timeout of 10 s. [D]
const SCRAPE_WAITS: Duration = Duration::from_secs(5);

/// The store-read gauges of one process.
pub struct Gauges {
    store: Arc<dyn Store>,
    catalog: Arc<Catalog>,
    clock: Arc<dyn Clock>,
    /// When each group was last read; held while a refresh runs, so scrapes share it.
    refreshed: tokio::sync::Mutex<Refreshed>,
}

#[derive(Debug, Default)]
struct Refreshed {
    queues: Option<Instant>,
    attainment: Option<Instant>,
}

fn stale(at: Option<Instant>, max_age: Duration) -> bool {
    at.is_none_or(|at| at.elapsed() >= max_age)
}

/// Seconds from `since` to `now`, 0 when nothing waits (or the clock stands before it).
fn age(since: Option<DateTime<Utc>>, now: DateTime<Utc>) -> f64 {
    since.map_or(0.0, |since| {
        (now - since).num_milliseconds().max(0) as f64 / 1000.0
    })
}

impl Gauges {
    pub fn new(store: Arc<dyn Store>, catalog: Arc<Catalog>, clock: Arc<dyn Clock>) -> Gauges {
        Gauges {
            store,
            catalog,
            clock,
            refreshed: tokio::sync::Mutex::default(),
        }
    }

    /// Reads the queues: depth of each, age of the oldest outbox entry and staged message.
    fn read_queues(&self) -> Result<(), StoreError> {
        let (planned, outbox, staged, rejected) = self.store.reminder_counts()?;
        let oldest = self.store.oldest_waiting()?;
        let now = self.clock.now();
        for (queue, depth) in [
            ("planned", planned),
            ("outbox", outbox),
            ("staged", staged),
            ("rejected", rejected),
        ] {
            metrics::gauge!(telemetry::QUEUE_DEPTH, "queue" => queue).set(depth as f64);
        }
        for (queue, since) in [("outbox", oldest.outbox), ("staged", oldest.staged)] {
            metrics::gauge!(telemetry::QUEUE_OLDEST_SECONDS, "queue" => queue).set(age(since, now));
        }
        Ok(())
    }

    /// Tallies the last 30 days as `/stats` does and sets every priority and region: counts of 0
    /// and a ratio of NaN where nothing counted, so a group that empties does not keep an old
    /// figure.
    fn read_attainment(&self) -> Result<(), CmdError> {
        let now = self.clock.now();
        let range = attainment::range(None, None, now)?;
        let counted =
            crate::cmd::stats::attainment(&*self.store, &self.catalog, range, now, None, None)?;
        let counts: HashMap<_, _> = counted
            .by_priority_region()
            .map(|(group, tally)| (*group, tally.count))
            .collect();
        for region in self.catalog.region_ids() {
            for &priority in Priority::ALL {
                let count = counts.get(&(priority, region)).copied().unwrap_or_default();
                let labels = [("priority", priority.as_str()), ("region", region.as_str())];
                let missed = count.total.saturating_sub(count.met);
                for (verdict, n) in [("met", count.met), ("missed", missed)] {
                    let mut labels = labels.to_vec();
                    labels.push(("verdict", verdict));
                    metrics::gauge!(telemetry::SLO_CASES, &labels).set(f64::from(n));
                }
                let ratio = count
                    .attainment()
                    .map_or(f64::NAN, |percent| percent / 100.0);
                metrics::gauge!(telemetry::SLO_ATTAINMENT, &labels).set(ratio);
            }
        }
        Ok(())
    }

    async fn refresh_stale(self: Arc<Self>) {
        let mut refreshed = self.refreshed.lock().await;
        if stale(refreshed.queues, QUEUES_MAX_AGE) {
            let this = self.clone();
            match off_runtime(move || this.read_queues()).await {
                Ok(()) => refreshed.queues = Some(Instant::now()),
                Err(error) => tracing::warn!(%error, "reminder queues unreadable for /metrics"),
            }
        }
        if stale(refreshed.attainment, ATTAINMENT_MAX_AGE) {
            let this = self.clone();
            match tokio::task::spawn_blocking(move || this.read_attainment()).await {
                Ok(Ok(())) => refreshed.attainment = Some(Instant::now()),
                Ok(Err(error)) => tracing::warn!(%error, "SLO attainment unreadable for /metrics"),
                Err(error) => tracing::warn!(%error, "SLO attainment task did not finish"),
            }
        }
    }
}

impl ScrapeTime for Arc<Gauges> {
    /// The read runs as a task of its own, so a scrape that stops waiting for a slow or
    /// unreachable store leaves it to finish, and the next scrape waits for it rather than
    /// starting another.
    fn refresh(&self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        let read = tokio::spawn(self.clone().refresh_stale());
        Box::pin(async move {
            if tokio::time::timeout(SCRAPE_WAITS, read).await.is_err() {
                tracing::warn!(
                    "the store did not answer /metrics within {SCRAPE_WAITS:?}; previous figures shown"
                );
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_age_is_in_seconds_and_never_negative() {
        let now: DateTime<Utc> = "2026-11-23T12:05:00Z".parse().unwrap();
        let fired: DateTime<Utc> = "2026-11-23T12:00:00.250Z".parse().unwrap();
        assert_eq!(age(Some(fired), now), 299.75);
        assert_eq!(age(None, now), 0.0);
        assert_eq!(age(Some(now + chrono::TimeDelta::seconds(3)), now), 0.0);
    }

    #[test]
    fn a_refresh_is_due_when_none_was_made_or_the_last_is_too_old() {
        assert!(stale(None, QUEUES_MAX_AGE));
        assert!(!stale(Some(Instant::now()), QUEUES_MAX_AGE));
        assert!(stale(Some(Instant::now()), Duration::ZERO));
    }
}
