//! The reminder runtime: a scheduler that sleeps until the earliest planned reminder (or until
//! told an earlier one was planned) and moves due ones into the durable outbox, and a sender that
//! composes the outbox into digests and delivers them through a [`Notifier`], removing each
//! message only once it was accepted.

pub mod compose;
pub mod notify;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use std::sync::atomic::{AtomicU32, Ordering};

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

pub use notify::{Notifier, Outgoing, Seen, SendError};

use crate::clock::Clock;
use crate::domain::case::CaseId;
use crate::domain::catalog::Catalog;
use crate::domain::reminders::{self, Route};
use crate::store::{Attempt, Planner, StagedMessage, Store, StoreError, Waiting, off_runtime};
use crate::telemetry;
use crate::transport::http::{Part, READINESS};
use compose::{Composer, Item};

/// How many reminders one transaction moves into the outbox.
const FIRE_BATCH: usize = 1000;
/// How many staged messages the sender claims at a time: few enough to send well within their
/// lease.
const SEND_BATCH: usize = 16;
/// How many outbox entries one composition reads.
const COMPOSE_BATCH: usize = 5000;
/// The longest a transient failure delays the next attempt.
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// How far before a message's first attempt its channel's history is searched: the bot's clock
/// and Discord's may disagree by this much.
const LOOKUP_SLACK: TimeDelta = TimeDelta::minutes(10);
/// While messages wait under another process's lease, the sender asks again this often: a
/// dead process's leases end with its database session.
const LEASE_RECHECK: Duration = Duration::from_secs(2);
/// With nothing planned, the scheduler still looks again this often, in case a signal was lost
/// to a crash of the task that sent it.
const IDLE_RECHECK: Duration = Duration::from_secs(3600);
/// How long before the next reminder comes due the scheduler reads what firing and composing
/// it will read, so that the wake-up finds it in memory rather than in the store's files.
const WARM_AHEAD: Duration = Duration::from_secs(1);
/// How many of the next planned reminders are read ahead: the same few whatever the store
/// holds.
const WARM_NEXT: usize = 64;

/// The planner the store calls inside every case write.
pub fn planner(catalog: Arc<Catalog>) -> Planner {
    Arc::new(move |case, org| {
        let planned = reminders::plan(&catalog, org, case);
        metrics::counter!(telemetry::REMINDERS_PLANNED).increment(planned.len() as u64);
        planned
    })
}

/// What the runtime needs, shared by its two tasks.
pub struct Reminders<N: Notifier> {
    pub store: Arc<dyn Store>,
    pub catalog: Arc<Catalog>,
    pub clock: Arc<dyn Clock>,
    pub notifier: N,
    /// Where reminders go when no route is configured (the console prints them all).
    pub fallback: Option<Route>,
    pub started_at: DateTime<Utc>,
    /// Wakes the sender when the outbox has something.
    pub outbox_filled: Notify,
    /// Transient send failures in a row, for the backoff.
    failures: AtomicU32,
}

impl<N: Notifier> Reminders<N> {
    pub fn new(
        store: Arc<dyn Store>,
        catalog: Arc<Catalog>,
        clock: Arc<dyn Clock>,
        notifier: N,
    ) -> Reminders<N> {
        let started_at = clock.now();
        Reminders {
            store,
            catalog,
            clock,
            notifier,
            fallback: None,
            started_at,
            outbox_filled: Notify::new(),
            failures: AtomicU32::new(0),
        }
    }

    /// Moves every reminder due now into the outbox. Returns how many moved. Blocks on the
    /// store, as do `until_next` and `compose`: the runtime's loops call them through
    /// [`off_runtime`].
    pub fn fire_due(&self) -> Result<usize, StoreError> {
        let now = self.clock.now();
        let mut total = 0;
        loop {
            let moved = self.store.fire_reminders(now, FIRE_BATCH)?;
            total += moved;
            if moved < FIRE_BATCH {
                break;
            }
        }
        if total > 0 {
            metrics::counter!(telemetry::REMINDERS_FIRED).increment(total as u64);
            tracing::debug!(total, "reminders fired");
            self.outbox_filled.notify_one();
        }
        Ok(total)
    }

    /// How long to sleep until the next planned reminder.
    pub fn until_next(&self) -> Result<Duration, StoreError> {
        Ok(match self.store.next_reminder_at()? {
            Some(at) => (at - self.clock.now()).to_std().unwrap_or(Duration::ZERO),
            None => IDLE_RECHECK,
        })
    }

    /// Reads ahead what the next reminders to come due will need (see
    /// [`Store::warm_next_reminders`]), as the scheduler does shortly before it wakes. Returns
    /// the cases read.
    pub fn warm(&self) -> Result<Vec<CaseId>, StoreError> {
        self.store.warm_next_reminders(WARM_NEXT)
    }

    /// Composes the outbox into messages and stages them durably with their nonces. Returns how
    /// many entries stay for lack of a route.
    pub fn compose(&self) -> Result<usize, StoreError> {
        let routes = self.store.routes()?;
        let mut waiting = 0;
        loop {
            let entries = self.store.outbox(COMPOSE_BATCH)?;
            if entries.is_empty() {
                break;
            }
            let count = entries.len();
            let mut items = Vec::with_capacity(count);
            // A storm fires several thresholds of each case, and many cases of each organisation:
            // each record is read once per batch, not once per entry (a round trip each on
            // PostgreSQL).
            let mut cases = HashMap::new();
            let mut orgs = HashMap::new();
            for (key, fired) in entries {
                let id = fired.planned.case;
                let case = match cases.get(&id) {
                    Some(case) => Option::clone(case),
                    None => {
                        let case = self.store.case(id)?;
                        cases.insert(id, case.clone());
                        case
                    }
                };
                let org = match &case {
                    Some(case) => match orgs.get(&case.org) {
                        Some(org) => Option::clone(org),
                        None => {
                            let org = self.store.org(&case.org)?;
                            orgs.insert(case.org.clone(), org.clone());
                            org
                        }
                    },
                    None => None,
                };
                items.push(Item {
                    key,
                    fired,
                    case,
                    org,
                });
            }
            let composer = Composer {
                catalog: &self.catalog,
                routes: &routes,
                now: self.clock.now(),
                started_at: self.started_at,
                fallback: self.fallback,
            };
            let batch = composer.compose(items);
            waiting = batch.unroutable.len();
            if !batch.unroutable.is_empty() {
                tracing::warn!(
                    waiting,
                    "reminders have no channel: set one with /reminders set"
                );
            }
            let consumed = batch.consumed.len();
            if !self.store.stage_messages(&batch.consumed, batch.messages)? {
                // Another process composed these entries first; read what is left.
                continue;
            }
            self.store.durable()?;
            // Entries without a route stay; stop rather than read them again in a loop.
            if consumed == 0 || count < COMPOSE_BATCH {
                break;
            }
        }
        Ok(waiting)
    }

    /// Sends every staged message this process can claim, in order. Returns how long to wait
    /// before trying again when a send failed for now.
    pub async fn send_pending(&self) -> Result<Option<Duration>, StoreError> {
        loop {
            let store = self.store.clone();
            let now = self.clock.now();
            let claimed = off_runtime(move || store.claim_messages(now, SEND_BATCH)).await?;
            if claimed.is_empty() {
                return Ok(None);
            }
            if let Some(retry) = self.send_claimed(claimed).await? {
                return Ok(Some(retry));
            }
        }
    }

    /// Sends claimed messages in order; each leaves the store once accepted or set aside.
    async fn send_claimed(
        &self,
        pending: Vec<(u64, StagedMessage)>,
    ) -> Result<Option<Duration>, StoreError> {
        let window = self.catalog.reminder_policy().nonce_window;
        for (key, mut staged) in pending {
            loop {
                if reminders::needs_lookup(staged.last_attempt, self.clock.now(), window) {
                    match self.look_up(&staged).await {
                        Ok(Seen::Found) => {
                            tracing::info!(
                                nonce = staged.message.nonce,
                                "reminder found in its channel; not sent again"
                            );
                            self.settle(key, None).await?;
                            metrics::counter!(telemetry::REMINDERS_SENT).increment(1);
                            self.failures.store(0, Ordering::Relaxed);
                            break;
                        }
                        Ok(Seen::NotFound | Seen::NoHistory) => {}
                        Err(SendError::RetryAfter(wait)) => {
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                        Err(SendError::Transient(reason)) => {
                            return Ok(Some(self.back_off(&reason)));
                        }
                        // Without a readable history (no permission to read it, say) a duplicate
                        // is better than a reminder lost.
                        Err(SendError::Rejected(reason)) => {
                            tracing::warn!(%reason, channel = staged.message.channel, "reminder history unreadable; sending again");
                        }
                    }
                }
                // The attempt is on disk before the request leaves, so that after a crash the
                // sender knows the message may already be in the channel.
                staged = match self.attempt(key).await? {
                    Attempt::Send(staged) => staged,
                    Attempt::Cancelled => {
                        // An earlier attempt (before a crash, or whose answer was lost) may have
                        // reached the channel: dropping sends nothing again, but cannot say the
                        // message was never sent.
                        let attempted = staged.first_attempt.is_some();
                        match attempted {
                            true => tracing::info!(
                                nonce = staged.message.nonce,
                                "reminder no longer wanted: its cases were closed or answered; an earlier attempt may have delivered it; not sent again"
                            ),
                            false => tracing::info!(
                                nonce = staged.message.nonce,
                                "reminder no longer wanted: its cases were closed or answered; not sent"
                            ),
                        }
                        metrics::counter!(
                            telemetry::REMINDERS_CANCELLED,
                            telemetry::EARLIER_ATTEMPT => if attempted { "yes" } else { "no" }
                        )
                        .increment(1);
                        break;
                    }
                    Attempt::NotOurs => break,
                };
                match self.notifier.send(&staged.message).await {
                    Ok(()) => {
                        self.settle(key, None).await?;
                        metrics::counter!(telemetry::REMINDERS_SENT).increment(1);
                        self.failures.store(0, Ordering::Relaxed);
                        break;
                    }
                    Err(SendError::RetryAfter(wait)) => {
                        tracing::info!(
                            ?wait,
                            channel = staged.message.channel,
                            "rate limited; waiting"
                        );
                        tokio::time::sleep(wait).await;
                    }
                    Err(SendError::Transient(reason)) => return Ok(Some(self.back_off(&reason))),
                    Err(SendError::Rejected(reason)) => {
                        tracing::error!(%reason, channel = staged.message.channel, "reminder rejected; set aside");
                        self.settle(key, Some(reason)).await?;
                        metrics::counter!(telemetry::REMINDERS_REJECTED).increment(1);
                        break;
                    }
                }
            }
        }
        Ok(None)
    }

    /// How long the sender sleeps with nothing it can send: while messages wait under another
    /// process's lease, a moment (that process may die, and its lease with it); while only
    /// entries wait (without a route), until a lease could have run out.
    async fn idle_wait(&self) -> Duration {
        let store = self.store.clone();
        match off_runtime(move || store.waiting()).await {
            Ok(Waiting {
                outbox: false,
                messages: false,
            }) => IDLE_RECHECK,
            Ok(Waiting {
                messages: false, ..
            }) => crate::store::MESSAGE_LEASE.to_std().unwrap_or(IDLE_RECHECK),
            _ => LEASE_RECHECK,
        }
    }

    /// How long to wait after a transient failure: doubling per failure in a row, capped.
    fn back_off(&self, reason: &str) -> Duration {
        let failures = self.failures.fetch_add(1, Ordering::Relaxed);
        let backoff = Duration::from_secs(1 << failures.min(6)).min(MAX_BACKOFF);
        tracing::warn!(%reason, ?backoff, "reminder not sent; will retry");
        backoff
    }

    /// Looks for a message in its channel, from a little before its first attempt (the bot's
    /// clock and Discord's may differ).
    async fn look_up(&self, staged: &StagedMessage) -> Result<Seen, SendError> {
        let since = staged
            .first_attempt
            .or(staged.last_attempt)
            .and_then(|at| at.checked_sub_signed(LOOKUP_SLACK))
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        self.notifier.find(&staged.message, since).await
    }

    /// Records an attempt durably, off the async runtime's threads, or drops a message no case
    /// wants any more.
    async fn attempt(&self, key: u64) -> Result<Attempt, StoreError> {
        let store = self.store.clone();
        let now = self.clock.now();
        off_runtime(move || {
            let staged = store.message_attempted(key, now)?;
            store.durable()?;
            Ok(staged)
        })
        .await
    }

    /// Records that a message was accepted (or, with a reason, can never be sent), durably and
    /// off the async runtime's threads: the record is what keeps the message from going out twice.
    async fn settle(&self, key: u64, rejected: Option<String>) -> Result<(), StoreError> {
        let store = self.store.clone();
        off_runtime(move || {
            match rejected {
                None => store.message_sent(key)?,
                Some(reason) => store.message_rejected(key, &reason)?,
            }
            store.durable()
        })
        .await
    }

    /// Runs the scheduler and the sender until `shutdown` is cancelled.
    pub async fn run(self: Arc<Self>, shutdown: CancellationToken) {
        let scheduler = {
            let this = self.clone();
            let shutdown = shutdown.clone();
            tokio::spawn(async move { this.schedule_loop(shutdown).await })
        };
        READINESS.set(Part::Scheduler, true);
        self.send_loop(shutdown).await;
        let _ = scheduler.await;
        READINESS.set(Part::Scheduler, false);
    }

    /// The scheduler: every store call runs off the runtime's threads, as in the sender.
    async fn schedule_loop(self: &Arc<Self>, shutdown: CancellationToken) {
        let changed = self.store.schedule_changed();
        loop {
            let this = self.clone();
            let fired = off_runtime(move || this.fire_due().and_then(|_| this.until_next()));
            let wait = match fired.await {
                Ok(wait) => wait,
                Err(error) => {
                    tracing::error!(%error, "reminder schedule unreadable; retrying");
                    Duration::from_secs(5)
                }
            };
            // Asleep until shortly before the next reminder, then read ahead what it needs,
            // then asleep until it is due.
            let early = wait.saturating_sub(WARM_AHEAD);
            tokio::select! {
                _ = tokio::time::sleep(early) => {}
                _ = changed.notified() => continue,
                () = shutdown.cancelled() => break,
            }
            let this = self.clone();
            if let Err(error) = off_runtime(move || this.warm()).await {
                // Only a wake-up's speed depends on it: firing reads again and reports.
                tracing::warn!(%error, "reminders due next could not be read ahead");
            }
            tokio::select! {
                _ = tokio::time::sleep(wait - early) => {}
                _ = changed.notified() => {}
                () = shutdown.cancelled() => break,
            }
        }
    }

    async fn send_loop(self: &Arc<Self>, shutdown: CancellationToken) {
        loop {
            let this = self.clone();
            let retry = match off_runtime(move || this.compose()).await {
                Ok(_) => match self.send_pending().await {
                    Ok(retry) => retry,
                    Err(error) => {
                        tracing::error!(%error, "reminder messages unreadable");
                        Some(Duration::from_secs(5))
                    }
                },
                Err(error) => {
                    tracing::error!(%error, "reminder outbox unreadable");
                    Some(Duration::from_secs(5))
                }
            };
            let wait = match retry {
                Some(retry) => retry,
                None => self.idle_wait().await,
            };
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = self.outbox_filled.notified() => {}
                () = shutdown.cancelled() => break,
            }
        }
    }
}
