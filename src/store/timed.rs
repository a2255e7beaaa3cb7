//! Every store call timed, whatever the backend: `supportbot_store_operation_seconds` by
//! `operation`, the name of the [`Store`] method. A wrapper rather than code in each backend, so
//! both report the same operations the same way and a third would too.

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};

use super::{
    Attempt, Backup, CaseQuery, Change, CheckReport, Counters, Damage, Oldest, RejectedMessage,
    StagedMessage, Store, StoreError, Waiting,
};
use crate::domain::case::{Case, CaseId};
use crate::domain::org::{OrgId, Organisation};
use crate::domain::policy::Refusal;
use crate::domain::reminders::{Composed, Fired, Routes};
use crate::telemetry;

/// A store whose calls are timed. The time of a scan includes its visitor's.
pub struct Timed<S>(pub S);

/// Runs `call` and records how long it took under `operation`, failed or not.
fn timed<T>(operation: &'static str, call: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = call();
    metrics::histogram!(telemetry::STORE_OPERATION_SECONDS, "operation" => operation)
        .record(start.elapsed().as_secs_f64());
    result
}

impl<S: Store> Store for Timed<S> {
    fn create_org(&self, org: &Organisation) -> Result<(), StoreError> {
        timed("create_org", || self.0.create_org(org))
    }

    fn update_org(
        &self,
        id: &OrgId,
        change: Change<'_, Organisation>,
    ) -> Result<Organisation, StoreError> {
        timed("update_org", || self.0.update_org(id, change))
    }

    fn org(&self, id: &OrgId) -> Result<Option<Organisation>, StoreError> {
        timed("org", || self.0.org(id))
    }

    fn orgs(&self) -> Result<Vec<Organisation>, StoreError> {
        timed("orgs", || self.0.orgs())
    }

    fn file_case(
        &self,
        make: &mut dyn FnMut(CaseId) -> Result<Case, Refusal>,
    ) -> Result<Case, StoreError> {
        timed("file_case", || self.0.file_case(make))
    }

    fn update_case(&self, id: CaseId, change: Change<'_, Case>) -> Result<Case, StoreError> {
        timed("update_case", || self.0.update_case(id, change))
    }

    fn case(&self, id: CaseId) -> Result<Option<Case>, StoreError> {
        timed("case", || self.0.case(id))
    }

    fn list_cases(&self, query: &CaseQuery) -> Result<Vec<Case>, StoreError> {
        timed("list_cases", || self.0.list_cases(query))
    }

    fn scan_cases(&self, visit: &mut dyn FnMut(Case) -> bool) -> Result<(), StoreError> {
        timed("scan_cases", || self.0.scan_cases(visit))
    }

    fn scan_case_records(
        &self,
        visit: &mut dyn FnMut(Result<Case, StoreError>) -> bool,
    ) -> Result<(), StoreError> {
        timed("scan_case_records", || self.0.scan_case_records(visit))
    }

    fn restore(&self, backup: &Backup, dry_run: bool) -> Result<(), StoreError> {
        timed("restore", || self.0.restore(backup, dry_run))
    }

    fn fired_thresholds(&self, id: CaseId) -> Result<Vec<String>, StoreError> {
        timed("fired_thresholds", || self.0.fired_thresholds(id))
    }

    fn rejected_messages(&self) -> Result<Vec<(u64, RejectedMessage)>, StoreError> {
        timed("rejected_messages", || self.0.rejected_messages())
    }

    fn counters(&self) -> Result<Counters, StoreError> {
        timed("counters", || self.0.counters())
    }

    fn durable(&self) -> Result<(), StoreError> {
        timed("durable", || self.0.durable())
    }

    fn next_reminder_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        timed("next_reminder_at", || self.0.next_reminder_at())
    }

    fn warm_next_reminders(&self, limit: usize) -> Result<Vec<CaseId>, StoreError> {
        timed("warm_next_reminders", || self.0.warm_next_reminders(limit))
    }

    fn fire_reminders(&self, now: DateTime<Utc>, limit: usize) -> Result<usize, StoreError> {
        timed("fire_reminders", || self.0.fire_reminders(now, limit))
    }

    fn outbox(&self, limit: usize) -> Result<Vec<(u64, Fired)>, StoreError> {
        timed("outbox", || self.0.outbox(limit))
    }

    fn stage_messages(
        &self,
        consumed: &[u64],
        messages: Vec<Composed>,
    ) -> Result<bool, StoreError> {
        timed("stage_messages", || {
            self.0.stage_messages(consumed, messages)
        })
    }

    fn pending_messages(&self) -> Result<Vec<(u64, StagedMessage)>, StoreError> {
        timed("pending_messages", || self.0.pending_messages())
    }

    fn claim_messages(
        &self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<(u64, StagedMessage)>, StoreError> {
        timed("claim_messages", || self.0.claim_messages(now, limit))
    }

    fn message_attempted(&self, key: u64, at: DateTime<Utc>) -> Result<Attempt, StoreError> {
        timed("message_attempted", || self.0.message_attempted(key, at))
    }

    fn message_sent(&self, key: u64) -> Result<(), StoreError> {
        timed("message_sent", || self.0.message_sent(key))
    }

    fn message_rejected(&self, key: u64, reason: &str) -> Result<(), StoreError> {
        timed("message_rejected", || self.0.message_rejected(key, reason))
    }

    fn reminder_counts(&self) -> Result<(usize, usize, usize, usize), StoreError> {
        timed("reminder_counts", || self.0.reminder_counts())
    }

    fn waiting(&self) -> Result<Waiting, StoreError> {
        timed("waiting", || self.0.waiting())
    }

    fn oldest_waiting(&self) -> Result<Oldest, StoreError> {
        timed("oldest_waiting", || self.0.oldest_waiting())
    }

    fn first_sighting(
        &self,
        id: &str,
        signed_at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        timed("first_sighting", || {
            self.0.first_sighting(id, signed_at, forget_before)
        })
    }

    fn routes(&self) -> Result<Routes, StoreError> {
        timed("routes", || self.0.routes())
    }

    fn update_routes(&self, change: Change<'_, Routes>) -> Result<Routes, StoreError> {
        timed("update_routes", || self.0.update_routes(change))
    }

    fn check(&self) -> Result<CheckReport, StoreError> {
        timed("check", || self.0.check())
    }

    fn lost_records(&self) -> Option<Damage> {
        self.0.lost_records()
    }

    fn schedule_changed(&self) -> Arc<tokio::sync::Notify> {
        self.0.schedule_changed()
    }
}
