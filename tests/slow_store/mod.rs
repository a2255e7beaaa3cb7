//! A store whose flush is slow: the sled store underneath, with `durable` sleeping for a set
//! time once switched on. It stands in for a disk under load or a database far away, to show
//! that such a store delays only the requests that wait for it. It can also refuse to record
//! interaction sightings, as a database that cannot be reached would.

#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use supportbot::domain::case::{Case, CaseId};
use supportbot::domain::org::{OrgId, Organisation};
use supportbot::domain::policy::Refusal;
use supportbot::domain::reminders::{Composed, Fired, Routes};
use supportbot::store::{
    Attempt, Backup, CaseQuery, Change, CheckReport, Counters, Damage, Oldest, RejectedMessage,
    SledStore, StagedMessage, Store, StoreError, Waiting,
};

pub struct SlowStore {
    inner: SledStore,
    flush: Duration,
    slow: AtomicBool,
    flushing: AtomicUsize,
    sightings_fail: AtomicBool,
}

impl SlowStore {
    /// Fast until [`SlowStore::slow_down`], so a test can set its records up quickly.
    pub fn new(inner: SledStore, flush: Duration) -> Arc<SlowStore> {
        Arc::new(SlowStore {
            inner,
            flush,
            slow: AtomicBool::new(false),
            flushing: AtomicUsize::new(0),
            sightings_fail: AtomicBool::new(false),
        })
    }

    pub fn slow_down(&self) {
        self.slow.store(true, Ordering::SeqCst);
    }

    /// While `failing`, `first_sighting` fails without recording anything.
    pub fn fail_sightings(&self, failing: bool) {
        self.sightings_fail.store(failing, Ordering::SeqCst);
    }

    /// How many slow flushes are under way now.
    pub fn flushing(&self) -> usize {
        self.flushing.load(Ordering::SeqCst)
    }
}

impl Store for SlowStore {
    fn durable(&self) -> Result<(), StoreError> {
        if self.slow.load(Ordering::SeqCst) {
            self.flushing.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(self.flush);
            self.flushing.fetch_sub(1, Ordering::SeqCst);
        }
        self.inner.durable()
    }

    fn create_org(&self, org: &Organisation) -> Result<(), StoreError> {
        self.inner.create_org(org)
    }
    fn update_org(
        &self,
        id: &OrgId,
        change: Change<'_, Organisation>,
    ) -> Result<Organisation, StoreError> {
        self.inner.update_org(id, change)
    }
    fn org(&self, id: &OrgId) -> Result<Option<Organisation>, StoreError> {
        self.inner.org(id)
    }
    fn orgs(&self) -> Result<Vec<Organisation>, StoreError> {
        self.inner.orgs()
    }
    fn file_case(
        &self,
        make: &mut dyn FnMut(CaseId) -> Result<Case, Refusal>,
    ) -> Result<Case, StoreError> {
        self.inner.file_case(make)
    }
    fn update_case(&self, id: CaseId, change: Change<'_, Case>) -> Result<Case, StoreError> {
        self.inner.update_case(id, change)
    }
    fn case(&self, id: CaseId) -> Result<Option<Case>, StoreError> {
        self.inner.case(id)
    }
    fn list_cases(&self, query: &CaseQuery) -> Result<Vec<Case>, StoreError> {
        self.inner.list_cases(query)
    }
    fn scan_cases(&self, visit: &mut dyn FnMut(Case) -> bool) -> Result<(), StoreError> {
        self.inner.scan_cases(visit)
    }
    fn scan_case_records(
        &self,
        visit: &mut dyn FnMut(Result<Case, StoreError>) -> bool,
    ) -> Result<(), StoreError> {
        self.inner.scan_case_records(visit)
    }
    fn restore(&self, backup: &Backup, dry_run: bool) -> Result<(), StoreError> {
        self.inner.restore(backup, dry_run)
    }
    fn fired_thresholds(&self, id: CaseId) -> Result<Vec<String>, StoreError> {
        self.inner.fired_thresholds(id)
    }
    fn rejected_messages(&self) -> Result<Vec<(u64, RejectedMessage)>, StoreError> {
        self.inner.rejected_messages()
    }
    fn counters(&self) -> Result<Counters, StoreError> {
        self.inner.counters()
    }
    fn next_reminder_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.inner.next_reminder_at()
    }
    fn fire_reminders(&self, now: DateTime<Utc>, limit: usize) -> Result<usize, StoreError> {
        self.inner.fire_reminders(now, limit)
    }
    fn outbox(&self, limit: usize) -> Result<Vec<(u64, Fired)>, StoreError> {
        self.inner.outbox(limit)
    }
    fn stage_messages(
        &self,
        consumed: &[u64],
        messages: Vec<Composed>,
    ) -> Result<bool, StoreError> {
        self.inner.stage_messages(consumed, messages)
    }
    fn pending_messages(&self) -> Result<Vec<(u64, StagedMessage)>, StoreError> {
        self.inner.pending_messages()
    }
    fn claim_messages(
        &self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<(u64, StagedMessage)>, StoreError> {
        self.inner.claim_messages(now, limit)
    }
    fn message_attempted(&self, key: u64, at: DateTime<Utc>) -> Result<Attempt, StoreError> {
        self.inner.message_attempted(key, at)
    }
    fn message_sent(&self, key: u64) -> Result<(), StoreError> {
        self.inner.message_sent(key)
    }
    fn message_rejected(&self, key: u64, reason: &str) -> Result<(), StoreError> {
        self.inner.message_rejected(key, reason)
    }
    fn reminder_counts(&self) -> Result<(usize, usize, usize, usize), StoreError> {
        self.inner.reminder_counts()
    }
    fn waiting(&self) -> Result<Waiting, StoreError> {
        self.inner.waiting()
    }
    fn oldest_waiting(&self) -> Result<Oldest, StoreError> {
        self.inner.oldest_waiting()
    }
    fn routes(&self) -> Result<Routes, StoreError> {
        self.inner.routes()
    }
    fn update_routes(&self, change: Change<'_, Routes>) -> Result<Routes, StoreError> {
        self.inner.update_routes(change)
    }
    fn check(&self) -> Result<CheckReport, StoreError> {
        self.inner.check()
    }
    fn lost_records(&self) -> Option<Damage> {
        self.inner.lost_records()
    }
    fn schedule_changed(&self) -> Arc<tokio::sync::Notify> {
        self.inner.schedule_changed()
    }
    fn first_sighting(
        &self,
        id: &str,
        signed_at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        if self.sightings_fail.load(Ordering::SeqCst) {
            return Err(StoreError::Sled(sled::Error::Io(std::io::Error::new(
                std::io::ErrorKind::ConnectionRefused,
                "the test's store is unreachable",
            ))));
        }
        self.inner.first_sighting(id, signed_at, forget_before)
    }
}
