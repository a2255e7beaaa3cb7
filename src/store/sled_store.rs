//! The embedded backend: one sled database directory, records as JSON with a schema version,
//! indexes kept in the same transaction as the records they index.

use std::cell::RefCell;
use std::path::Path;
use std::sync::Arc;

use tokio::sync::Notify;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::{Transactional, Tree};

use super::disk_sync::DiskSync;
use super::group_commit::{FlushFailed, GroupCommit};
use super::{
    Attempt, Backup, CaseQuery, Change, CheckReport, Collisions, Counters, Damage, FiredAt, Oldest,
    Planner, RejectedMessage, StagedMessage, Store, StoreError, Waiting,
};
use crate::domain::case::{Case, CaseId, CaseStatus};
use crate::domain::org::{OrgId, Organisation};
use crate::domain::policy::Refusal;
use chrono::{DateTime, Utc};

use crate::domain::reminders::{Composed, Fired, Planned, Routes};

/// The layout version of the database (trees and keys), distinct from record schemas.
/// 2 added the per-priority index of open cases; 3 the counts of the reminder trees.
const STORE_SCHEMA: u32 = 3;
const NEXT_CASE: &[u8] = b"next-case-id";
const NEXT_OUTBOX: &[u8] = b"next-outbox";
const NEXT_MESSAGE: &[u8] = b"next-message";
const ROUTES: &[u8] = b"routes";
const SCHEMA: &[u8] = b"schema";
/// Written and removed again while the store opens (see `settle_segment_accounting`).
const SETTLING: &[u8] = b"opening";
/// How many flushed writes opening makes: the accounting starts after three or four of them in
/// traces (BENCHMARKS.md), and the ones after it wait for it; the rest is margin.
const SETTLING_WRITES: u64 = 16;
/// How many entries the schedule, the outbox, the messages and the rejected messages hold,
/// kept in `meta` by the transactions that change them: sled's `Tree::len` walks a tree, and
/// the schedule holds several entries per open case.
const PLANNED_COUNT: &[u8] = b"count-planned";
const OUTBOX_COUNT: &[u8] = b"count-outbox";
const MESSAGE_COUNT: &[u8] = b"count-messages";
const REJECTED_COUNT: &[u8] = b"count-rejected";
/// Beside sled's files: the counters as they were when the store was last closed cleanly. sled
/// recovers a damaged log by cutting it at the damaged entry, silently; counters lower than
/// these after opening mean records were lost.
const CLOSED_COUNTERS: &str = "supportbot-closed-counters.json";

pub struct SledStore {
    db: sled::Db,
    meta: Tree,
    orgs: Tree,
    cases: Tree,
    /// due ++ id → (): cases whose clock is running, soonest first.
    open_by_due: Tree,
    /// org ++ 0 ++ due ++ id → (): the same, per organisation.
    org_open_by_due: Tree,
    /// priority ++ due ++ id → (): the same, per priority, so a rare priority is found without
    /// walking every open case.
    priority_open_by_due: Tree,
    /// org ++ 0 ++ id → (): every case of an organisation.
    org_cases: Tree,
    /// fire instant ++ case ++ threshold code → Planned: the reminder schedule, soonest first.
    schedule: Tree,
    /// case → the schedule keys of its pending reminders (transactions cannot scan).
    schedule_by_case: Tree,
    /// case → threshold codes already fired: never planned again.
    fired: Tree,
    /// sequence → Fired: reminders that came due, waiting to be composed.
    outbox: Tree,
    /// sequence → StagedMessage: composed messages waiting to be accepted.
    messages: Tree,
    /// sequence → (StagedMessage, reason): messages that can never be sent, kept for operators.
    rejected: Tree,
    settings: Tree,
    planner: Option<Planner>,
    schedule_changed: Arc<Notify>,
    /// Interactions received lately: memory is enough, the directory has one process.
    /// Interaction id → when it was signed (µs since the epoch, big-endian).
    sightings: Tree,
    /// (signed at, interaction id) → (), to forget the oldest sightings without a scan.
    sightings_by_time: Tree,
    commit: GroupCommit,
    disk: DiskSync,
    dir: std::path::PathBuf,
    /// The counters at the last clean close, and whether the store still reaches them: a store
    /// found cut short is never marked as closed cleanly again, so the evidence stays.
    closed_counters: Option<Counters>,
    cut_short: bool,
}

impl From<FlushFailed> for StoreError {
    fn from(_: FlushFailed) -> StoreError {
        StoreError::Sled(sled::Error::Io(std::io::Error::other("flush failed")))
    }
}

/// Keys sort as bytes: an instant becomes its milliseconds with the sign bit flipped, big-endian.
fn instant_key(at: chrono::DateTime<chrono::Utc>) -> [u8; 8] {
    ((at.timestamp_millis() as u64) ^ (1 << 63)).to_be_bytes()
}

fn due_key(case: &Case) -> Vec<u8> {
    let mut key = instant_key(case.due_at).to_vec();
    key.extend_from_slice(&case.id.0.to_be_bytes());
    key
}

fn org_prefix(org: &OrgId) -> Vec<u8> {
    let mut key = org.as_str().as_bytes().to_vec();
    key.push(0);
    key
}

fn org_due_key(case: &Case) -> Vec<u8> {
    let mut key = org_prefix(&case.org);
    key.extend_from_slice(&due_key(case));
    key
}

fn priority_due_key(case: &Case) -> Vec<u8> {
    let mut key = vec![case.priority.index() as u8];
    key.extend_from_slice(&due_key(case));
    key
}

/// How an index keys a case.
type IndexKey = fn(&Case) -> Vec<u8>;

fn org_case_key(case: &Case) -> Vec<u8> {
    let mut key = org_prefix(&case.org);
    key.extend_from_slice(&case.id.0.to_be_bytes());
    key
}

fn case_id_from_tail(key: &[u8]) -> Option<CaseId> {
    let tail: [u8; 8] = key.get(key.len().checked_sub(8)?..)?.try_into().ok()?;
    Some(CaseId(u64::from_be_bytes(tail)))
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Records are plain data (strings, numbers, maps with string keys): serializing cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

fn decode<T: DeserializeOwned>(key: &[u8], bytes: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
        key: readable_key(key),
        reason: e.to_string(),
    })
}

/// A key as an operator can read it: text keys as they are, 8-byte keys (case numbers and
/// sequence numbers) as their number.
fn readable_key(key: &[u8]) -> String {
    match <[u8; 8]>::try_from(key) {
        Ok(bytes) => format!("#{}", u64::from_be_bytes(bytes)),
        Err(_) if key.iter().all(|b| b.is_ascii_graphic()) => {
            String::from_utf8_lossy(key).into_owned()
        }
        Err(_) => key.iter().map(|b| format!("{b:02x}")).collect(),
    }
}

/// Decodes a case record, naming it by its case number when damaged.
fn decode_case(key: &[u8], bytes: &[u8]) -> Result<Case, StoreError> {
    decode(key, bytes).map_err(|e| match (e, <[u8; 8]>::try_from(key)) {
        (StoreError::Corrupt { reason, .. }, Ok(id)) => StoreError::Corrupt {
            key: format!("cases/{}", CaseId(u64::from_be_bytes(id))),
            reason,
        },
        (e, _) => e,
    })
}

/// A transaction's own failure: a rule refused, a record could not be read, or sled failed.
enum Abort {
    Refused(Refusal),
    Corrupt(StoreError),
    /// A dry run got through every check, or a staging found its outbox entries already
    /// composed; nothing may be written.
    DryRun,
}

fn abort_refused(r: Refusal) -> ConflictableTransactionError<Abort> {
    ConflictableTransactionError::Abort(Abort::Refused(r))
}

fn decode_tx<T: DeserializeOwned>(
    key: &[u8],
    bytes: &[u8],
) -> Result<T, ConflictableTransactionError<Abort>> {
    decode(key, bytes).map_err(|e| ConflictableTransactionError::Abort(Abort::Corrupt(e)))
}

impl From<TransactionError<Abort>> for StoreError {
    fn from(e: TransactionError<Abort>) -> StoreError {
        match e {
            TransactionError::Abort(Abort::Refused(r)) => StoreError::Refused(r),
            TransactionError::Abort(Abort::Corrupt(e)) => e,
            // Callers of a dry run treat it as success before converting.
            TransactionError::Abort(Abort::DryRun) => StoreError::Corrupt {
                key: "dry run".into(),
                reason: "a dry run cannot write".into(),
            },
            TransactionError::Storage(e) => StoreError::Sled(e),
        }
    }
}

type TxResult<T> = Result<T, ConflictableTransactionError<Abort>>;

/// The trees of one case write, inside a transaction.
struct CaseTx<'a> {
    meta: &'a TransactionalTree,
    cases: &'a TransactionalTree,
    open_by_due: &'a TransactionalTree,
    org_open_by_due: &'a TransactionalTree,
    priority_open_by_due: &'a TransactionalTree,
    org_cases: &'a TransactionalTree,
    orgs: &'a TransactionalTree,
    schedule: &'a TransactionalTree,
    schedule_by_case: &'a TransactionalTree,
    fired: &'a TransactionalTree,
    planner: Option<&'a Planner>,
}

fn counter(meta: &TransactionalTree, name: &[u8]) -> TxResult<u64> {
    Ok(meta
        .get(name)?
        .and_then(|v| v.as_ref().try_into().ok())
        .map_or(1, u64::from_be_bytes))
}

/// A count of [`PLANNED_COUNT`]'s kind; none yet is zero.
fn tree_count(meta: &TransactionalTree, name: &[u8]) -> TxResult<u64> {
    Ok(meta
        .get(name)?
        .and_then(|v| v.as_ref().try_into().ok())
        .map_or(0, u64::from_be_bytes))
}

/// Moves a count by `delta`, writing nothing when it does not move, so that a case write that
/// leaves the number of its reminders alone does not touch the count.
fn add_to_count(meta: &TransactionalTree, name: &[u8], delta: i64) -> TxResult<()> {
    if delta != 0 {
        let count = tree_count(meta, name)?.saturating_add_signed(delta);
        meta.insert(name, &count.to_be_bytes())?;
    }
    Ok(())
}

fn schedule_key(planned: &Planned) -> Vec<u8> {
    let mut key = instant_key(planned.fire_at).to_vec();
    key.extend_from_slice(&planned.case.0.to_be_bytes());
    key.extend_from_slice(planned.threshold.code().as_bytes());
    key
}

impl CaseTx<'_> {
    fn get(&self, id: CaseId) -> TxResult<Option<Case>> {
        let key = id.0.to_be_bytes();
        self.cases
            .get(key)?
            .map(|bytes| {
                decode_case(&key, &bytes)
                    .map_err(|e| ConflictableTransactionError::Abort(Abort::Corrupt(e)))
            })
            .transpose()
    }

    /// Writes `case` (replacing `old`), its indexes and its reminder schedule.
    fn put(&self, old: Option<&Case>, case: &Case) -> TxResult<()> {
        let key = case.id.0.to_be_bytes();
        if let Some(old) = old {
            if old.clock_running() {
                self.open_by_due.remove(due_key(old))?;
                self.org_open_by_due.remove(org_due_key(old))?;
                self.priority_open_by_due.remove(priority_due_key(old))?;
            }
            self.org_cases.remove(org_case_key(old))?;
        }
        self.cases.insert(&key, encode(case))?;
        if case.clock_running() {
            self.open_by_due.insert(due_key(case), &[])?;
            self.org_open_by_due.insert(org_due_key(case), &[])?;
            self.priority_open_by_due
                .insert(priority_due_key(case), &[])?;
        }
        self.org_cases.insert(org_case_key(case), &[])?;
        if case.id.0 >= counter(self.meta, NEXT_CASE)? {
            // Past the last number the counter stays put, and the next filing is refused.
            let next = case.id.0.saturating_add(1);
            self.meta.insert(NEXT_CASE, &next.to_be_bytes())?;
        }
        self.reschedule(case)
    }

    /// Replaces the case's pending reminders by a fresh plan, leaving out thresholds that
    /// already fired.
    fn reschedule(&self, case: &Case) -> TxResult<()> {
        let Some(planner) = self.planner else {
            return Ok(());
        };
        let id = case.id.0.to_be_bytes();
        let old: Vec<Vec<u8>> = match self.schedule_by_case.get(id)? {
            Some(bytes) => decode_tx(&id, &bytes)?,
            None => Vec::new(),
        };
        // Entries in, less entries out.
        let mut delta: i64 = 0;
        for key in old {
            if self.schedule.remove(key)?.is_some() {
                delta -= 1;
            }
        }
        let fired: Vec<String> = match self.fired.get(id)? {
            Some(bytes) => decode_tx(&id, &bytes)?,
            None => Vec::new(),
        };
        let org_key = case.org.as_str().as_bytes();
        let planned = match self.orgs.get(org_key)? {
            Some(bytes) => {
                let org: Organisation = decode_tx(org_key, &bytes)?;
                planner(case, &org)
            }
            None => Vec::new(),
        };
        let mut keys = Vec::new();
        for planned in planned
            .iter()
            .filter(|p| !fired.contains(&p.threshold.code()))
        {
            let key = schedule_key(planned);
            if self
                .schedule
                .insert(key.clone(), encode(planned))?
                .is_none()
            {
                delta += 1;
            }
            keys.push(key);
        }
        add_to_count(self.meta, PLANNED_COUNT, delta)?;
        if keys.is_empty() {
            self.schedule_by_case.remove(&id)?;
        } else {
            self.schedule_by_case.insert(&id, encode(&keys))?;
        }
        Ok(())
    }
}

/// How long opening waits for the lock of a store that was just closed: sled's background
/// threads release it a moment after the last handle is dropped, in this process or in one that
/// just exited.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// The size of sled's log segments in stores created from now on [D]. sled 0.34's default,
/// 512 KiB, cuts a store of a million open cases (2.7 GB) into about 5 300 segments, and the
/// first write after every open makes sled account for all of them at once
/// (`SegmentAccountant::stabilize`, where each segment counts all the others: 60–90 ms of CPU
/// on one of sled's threads after the store was reported open, in the way of the first
/// wake-ups). 8 MiB segments are 16 times fewer, which leaves the part that follows the pages
/// (about 18 ms at a million cases, BENCHMARKS.md); sled accepts up to 16 MiB. sled records the
/// size in the store's `conf` file and refuses another one later, so a store keeps the size it
/// was created with.
const SEGMENT_SIZE: usize = 8 << 20;

/// The segment size to open `dir` with: the one sled recorded when it created the store, or
/// [`SEGMENT_SIZE`] for a new store. `None` (sled's default) when the record cannot be read,
/// so that sled's own check of its `conf` file names the problem.
fn segment_size(dir: &Path) -> Option<usize> {
    let conf = match std::fs::read(dir.join("conf")) {
        Ok(conf) => conf,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(SEGMENT_SIZE),
        Err(_) => return None,
    };
    // `segment_size: N` on a line of its own, before sled's binary checksum.
    conf.split(|b| *b == b'\n')
        .filter_map(|line| std::str::from_utf8(line).ok())
        .find_map(|line| line.strip_prefix("segment_size: "))
        .and_then(|size| size.trim().parse().ok())
}

/// How the store opens the sled directory `dir`, for the store and for tools and tests that
/// open it with sled itself: the segment size it was created with ([`SEGMENT_SIZE`] for a new
/// one), and no periodic flusher. Every acknowledged write ends in `durable()`, which flushes
/// and syncs itself, so the flusher's timed flush and fsync add nothing to durability; its
/// segment cleaning, which on a large fragmented store reads and rewrites pages for seconds
/// after every open and competes with the first reminder's syncs, then happens in step with
/// writes (sled rewrites a page to clean whenever it replaces one).
pub fn sled_config(dir: &Path) -> sled::Config {
    let config = sled::Config::new().path(dir).flush_every_ms(None);
    match segment_size(dir) {
        Some(size) => config.segment_size(size),
        None => config,
    }
}

fn open_db(dir: &Path) -> Result<sled::Db, StoreError> {
    let started = std::time::Instant::now();
    loop {
        // A fresh configuration each attempt: sled keeps the file it opened in it.
        match sled_config(dir).open() {
            Ok(db) => return Ok(db),
            Err(sled::Error::Io(ref io)) if io.to_string().contains("could not acquire lock") => {
                if started.elapsed() >= LOCK_WAIT {
                    return Err(StoreError::Locked {
                        path: dir.to_owned(),
                    });
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(other) => return Err(StoreError::Sled(other)),
        }
    }
}

impl SledStore {
    /// Opens the store, refusing one that lost records since it was last closed cleanly.
    pub fn open(dir: &Path) -> Result<SledStore, StoreError> {
        let store = SledStore::open_salvage(dir)?;
        match store.closed_counters {
            Some(expected) if store.cut_short => Err(StoreError::CutShort {
                path: dir.to_owned(),
                expected: expected.next_case,
                found: store.counters()?.next_case,
            }),
            _ => Ok(store),
        }
    }

    /// Opens the store even if it lost records, to check it or save what is readable.
    pub fn open_salvage(dir: &Path) -> Result<SledStore, StoreError> {
        let db = open_db(dir)?;
        let meta = db.open_tree("meta")?;
        let found = meta.get(SCHEMA)?.map(|v| {
            v.as_ref()
                .try_into()
                .map(u32::from_be_bytes)
                .unwrap_or(u32::MAX)
        });
        if let Some(found) = found.filter(|f| *f > STORE_SCHEMA) {
            return Err(StoreError::NewerSchema {
                path: dir.to_owned(),
                found,
                supported: STORE_SCHEMA,
            });
        }
        let mut store = SledStore {
            orgs: db.open_tree("orgs")?,
            cases: db.open_tree("cases")?,
            open_by_due: db.open_tree("open_by_due")?,
            org_open_by_due: db.open_tree("org_open_by_due")?,
            priority_open_by_due: db.open_tree("priority_open_by_due")?,
            org_cases: db.open_tree("org_cases")?,
            schedule: db.open_tree("reminder_schedule")?,
            schedule_by_case: db.open_tree("reminder_schedule_by_case")?,
            fired: db.open_tree("reminder_fired")?,
            outbox: db.open_tree("reminder_outbox")?,
            messages: db.open_tree("reminder_messages")?,
            rejected: db.open_tree("reminder_rejected")?,
            settings: db.open_tree("settings")?,
            sightings: db.open_tree("interaction_sightings")?,
            sightings_by_time: db.open_tree("interaction_sightings_by_time")?,
            meta,
            db,
            planner: None,
            schedule_changed: Arc::new(Notify::new()),
            commit: GroupCommit::default(),
            disk: DiskSync::new(dir).map_err(|source| StoreError::DiskSync {
                path: dir.to_owned(),
                source,
            })?,
            dir: dir.to_owned(),
            closed_counters: None,
            cut_short: false,
        };
        store.closed_counters = std::fs::read(dir.join(CLOSED_COUNTERS))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Counters>(&bytes).ok());
        if let Some(expected) = store.closed_counters {
            let found = store.counters()?;
            store.cut_short = found.next_case < expected.next_case
                || found.next_outbox < expected.next_outbox
                || found.next_message < expected.next_message;
        }
        if found.is_some_and(|f| f < 2) {
            store.index_open_cases_by_priority()?;
        }
        if found.is_none_or(|f| f < 3) {
            store.count_reminder_trees()?;
        }
        store.meta.insert(SCHEMA, &STORE_SCHEMA.to_be_bytes())?;
        store.settle_segment_accounting()?;
        // Opening rewrites every free segment of sled's log (512 KiB each; tens of MiB in a
        // store of a million cases) without syncing it. Synced here, as part of opening, so the
        // first acknowledged write (often the first reminder) does not wait for all of it.
        store.durable()?;
        Ok(store)
    }

    /// Has sled finish accounting for the log segments it recovered before the store is
    /// reported open. sled does it on one of its IO threads after a log write, once the write
    /// sees the stable position of the log move past what recovery read; that position moves
    /// through a deferred step that runs a few log writes later. The accounting then holds
    /// sled's segment lock, and writes waiting for that lock hold back every flush: at a
    /// million open cases about 25 ms of CPU, which landed in the first wake-ups after a start
    /// (BENCHMARKS.md). A few tiny writes, each flushed on its own, set it off and wait for it
    /// here; each costs a log write without a sync (about 0.1 ms).
    fn settle_segment_accounting(&self) -> Result<(), StoreError> {
        for i in 0..SETTLING_WRITES {
            self.meta.insert(SETTLING, &i.to_be_bytes())?;
            self.db.flush()?;
        }
        self.meta.remove(SETTLING)?;
        Ok(())
    }

    /// Layout 2 → 3 (and a new store): counts the reminder trees, walking each once; from then
    /// on the transactions that change them keep the counts.
    fn count_reminder_trees(&self) -> Result<(), StoreError> {
        for (name, tree) in [
            (PLANNED_COUNT, &self.schedule),
            (OUTBOX_COUNT, &self.outbox),
            (MESSAGE_COUNT, &self.messages),
            (REJECTED_COUNT, &self.rejected),
        ] {
            self.meta.insert(name, &(tree.len() as u64).to_be_bytes())?;
        }
        Ok(())
    }

    /// Layout 1 → 2: fills the per-priority index from the open cases.
    fn index_open_cases_by_priority(&self) -> Result<(), StoreError> {
        for case in self.cases_by_keys(self.open_by_due.iter().keys()) {
            self.priority_open_by_due
                .insert(priority_due_key(&case?), &[])?;
        }
        self.durable()
    }

    /// Plans reminders for every case written from now on. Without a planner, cases get no
    /// reminders (tools that only read or export).
    pub fn with_planner(mut self, planner: Planner) -> SledStore {
        self.planner = Some(planner);
        self
    }

    /// Runs `body` in one transaction over every tree a case write touches.
    fn case_transaction<R>(
        &self,
        body: impl Fn(&CaseTx<'_>) -> Result<R, ConflictableTransactionError<Abort>>,
    ) -> Result<R, StoreError> {
        let result = (
            &self.meta,
            &self.cases,
            &self.open_by_due,
            &self.org_open_by_due,
            &self.priority_open_by_due,
            &self.org_cases,
            &self.orgs,
            &self.schedule,
            &self.schedule_by_case,
            &self.fired,
        )
            .transaction(
                |(
                    meta,
                    cases,
                    open,
                    org_open,
                    priority_open,
                    org_cases,
                    orgs,
                    schedule,
                    by_case,
                    fired,
                )| {
                    body(&CaseTx {
                        meta,
                        cases,
                        open_by_due: open,
                        org_open_by_due: org_open,
                        priority_open_by_due: priority_open,
                        org_cases,
                        orgs,
                        schedule,
                        schedule_by_case: by_case,
                        fired,
                        planner: self.planner.as_ref(),
                    })
                },
            )?;
        self.schedule_changed.notify_one();
        Ok(result)
    }

    fn cases_by_keys(
        &self,
        keys: impl Iterator<Item = sled::Result<sled::IVec>>,
    ) -> impl Iterator<Item = Result<Case, StoreError>> {
        keys.map(move |key| {
            let key = key?;
            let id = case_id_from_tail(&key).ok_or_else(|| StoreError::Corrupt {
                key: String::from_utf8_lossy(&key).into_owned(),
                reason: "index key too short".into(),
            })?;
            self.case(id)?.ok_or_else(|| StoreError::Corrupt {
                key: id.to_string(),
                reason: "indexed but missing".into(),
            })
        })
    }
}

impl Drop for SledStore {
    /// Notes the counters beside the store once everything is synced, so a later open can tell
    /// whether records were lost while it was closed. Written to a temporary file and renamed:
    /// a torn note is never read as counters.
    fn drop(&mut self) {
        // Synced as every acknowledged write is: the note never runs ahead of the disk.
        if self.cut_short || self.durable().is_err() {
            return;
        }
        let Ok(counters) = self.counters() else {
            return;
        };
        let temp = self.dir.join(format!("{CLOSED_COUNTERS}.tmp"));
        let written = std::fs::write(&temp, encode(&counters))
            .and_then(|()| std::fs::rename(&temp, self.dir.join(CLOSED_COUNTERS)));
        if let Err(error) = written {
            tracing::warn!(%error, "the store's closing counters could not be noted");
        }
    }
}

/// The first `limit` records of a tree keyed by sequence number, oldest first, with their keys.
fn sequenced<T: DeserializeOwned>(tree: &Tree, limit: usize) -> Result<Vec<(u64, T)>, StoreError> {
    tree.iter()
        .take(limit)
        .map(|entry| {
            let (key, bytes) = entry?;
            let seq = key
                .as_ref()
                .try_into()
                .map(u64::from_be_bytes)
                .unwrap_or_default();
            Ok((seq, decode(&key, &bytes)?))
        })
        .collect()
}

/// Whether a case passes the query's filters other than organisation.
fn matches(query: &CaseQuery, case: &Case) -> bool {
    query.status.is_none_or(|s| case.status() == s)
        && query.priority.is_none_or(|p| case.priority == p)
        && query.breaching_at.is_none_or(|now| case.breaching(now))
}

/// Merges per-organisation sorted lists and cuts the page.
fn page(mut found: Vec<Case>, query: &CaseQuery) -> Vec<Case> {
    found.sort_by_key(|c| (c.due_at, c.id));
    found
        .into_iter()
        .skip(query.offset)
        .take(query.limit)
        .collect()
}

impl Store for SledStore {
    fn create_org(&self, org: &Organisation) -> Result<(), StoreError> {
        let key = org.id.as_str().as_bytes();
        let inserted = self
            .orgs
            .compare_and_swap(key, None as Option<&[u8]>, Some(encode(org)))?;
        inserted.map_err(|_| StoreError::Refused(Refusal::OrgExists))
    }

    fn update_org(
        &self,
        id: &OrgId,
        change: Change<'_, Organisation>,
    ) -> Result<Organisation, StoreError> {
        let key = id.as_str().as_bytes();
        // sled may run the closure again on conflict; each run applies the change to a fresh read.
        let change = RefCell::new(change);
        let org = self.orgs.transaction(|orgs| {
            let Some(bytes) = orgs.get(key)? else {
                return Err(abort_refused(Refusal::NotFound));
            };
            let mut org: Organisation = decode_tx(key, &bytes)?;
            (change.borrow_mut())(&mut org).map_err(abort_refused)?;
            orgs.insert(key, encode(&org))?;
            Ok(org)
        })?;
        Ok(org)
    }

    fn org(&self, id: &OrgId) -> Result<Option<Organisation>, StoreError> {
        let key = id.as_str().as_bytes();
        self.orgs
            .get(key)?
            .map(|bytes| decode(key, &bytes))
            .transpose()
    }

    fn orgs(&self) -> Result<Vec<Organisation>, StoreError> {
        self.orgs
            .iter()
            .map(|entry| {
                let (key, bytes) = entry?;
                decode(&key, &bytes)
            })
            .collect()
    }

    fn file_case(
        &self,
        make: &mut dyn FnMut(CaseId) -> Result<Case, Refusal>,
    ) -> Result<Case, StoreError> {
        // sled may run the closure again on conflict; each run builds the case afresh.
        let make = RefCell::new(make);
        self.case_transaction(|tx| {
            let next = CaseId(counter(tx.meta, NEXT_CASE)?);
            if !next.in_range() {
                return Err(abort_refused(Refusal::CaseNumbersExhausted));
            }
            // The counter runs ahead of every stored id; should it not, a filing must fail
            // rather than replace another organisation's case.
            if tx.get(next)?.is_some() {
                return Err(ConflictableTransactionError::Abort(Abort::Corrupt(
                    StoreError::IdTaken { id: next },
                )));
            }
            let case = (make.borrow_mut())(next).map_err(abort_refused)?;
            tx.put(None, &case)?;
            Ok(case)
        })
    }

    fn update_case(&self, id: CaseId, change: Change<'_, Case>) -> Result<Case, StoreError> {
        let change = RefCell::new(change);
        self.case_transaction(|tx| {
            let Some(old) = tx.get(id)? else {
                return Err(abort_refused(Refusal::NotFound));
            };
            let mut case = old.clone();
            (change.borrow_mut())(&mut case).map_err(abort_refused)?;
            tx.put(Some(&old), &case)?;
            Ok(case)
        })
    }

    fn case(&self, id: CaseId) -> Result<Option<Case>, StoreError> {
        let key = id.0.to_be_bytes();
        self.cases
            .get(key)?
            .map(|bytes| decode_case(&key, &bytes))
            .transpose()
    }

    fn list_cases(&self, query: &CaseQuery) -> Result<Vec<Case>, StoreError> {
        let wanted = query.offset + query.limit;
        let open_only = query.status == Some(CaseStatus::Open);
        // Cases whose clock runs are indexed by due instant: walk the index and stop once the
        // page is full. Breaching open cases are exactly those due before `now`.
        let due_bound = |prefix: &[u8]| -> Vec<u8> {
            let mut end = prefix.to_vec();
            match query.breaching_at {
                Some(now) => end.extend_from_slice(&instant_key(now)),
                None => end.push(0xff),
            }
            end
        };
        if open_only {
            let mut found = Vec::new();
            match &query.orgs {
                None => {
                    let keys = match query.priority {
                        Some(priority) => {
                            let prefix = [priority.index() as u8];
                            self.priority_open_by_due
                                .range(prefix.to_vec()..due_bound(&prefix))
                                .keys()
                        }
                        None => self.open_by_due.range(..due_bound(&[])).keys(),
                    };
                    for case in self.cases_by_keys(keys) {
                        let case = case?;
                        if matches(query, &case) {
                            found.push(case);
                            if found.len() >= wanted {
                                break;
                            }
                        }
                    }
                }
                Some(orgs) => {
                    for org in orgs {
                        let prefix = org_prefix(org);
                        let keys = self
                            .org_open_by_due
                            .range(prefix.clone()..due_bound(&prefix))
                            .keys();
                        let mut taken = 0;
                        for case in self.cases_by_keys(keys) {
                            let case = case?;
                            if matches(query, &case) {
                                found.push(case);
                                taken += 1;
                                if taken >= wanted {
                                    break;
                                }
                            }
                        }
                    }
                }
            }
            return Ok(page(found, query));
        }
        let mut found = Vec::new();
        match &query.orgs {
            Some(orgs) => {
                for org in orgs {
                    for case in
                        self.cases_by_keys(self.org_cases.scan_prefix(org_prefix(org)).keys())
                    {
                        let case = case?;
                        if matches(query, &case) {
                            found.push(case);
                        }
                    }
                }
            }
            None => {
                self.scan_cases(&mut |case| {
                    if matches(query, &case) {
                        found.push(case);
                    }
                    true
                })?;
            }
        }
        Ok(page(found, query))
    }

    fn scan_cases(&self, visit: &mut dyn FnMut(Case) -> bool) -> Result<(), StoreError> {
        for entry in self.cases.iter() {
            let (key, bytes) = entry?;
            if !visit(decode_case(&key, &bytes)?) {
                break;
            }
        }
        Ok(())
    }

    fn scan_case_records(
        &self,
        visit: &mut dyn FnMut(Result<Case, StoreError>) -> bool,
    ) -> Result<(), StoreError> {
        for entry in self.cases.iter() {
            let (key, bytes) = entry?;
            if !visit(decode_case(&key, &bytes)) {
                break;
            }
        }
        Ok(())
    }

    fn fired_thresholds(&self, id: CaseId) -> Result<Vec<String>, StoreError> {
        let key = id.0.to_be_bytes();
        match self.fired.get(key)? {
            Some(bytes) => decode(&key, &bytes),
            None => Ok(Vec::new()),
        }
    }

    fn restore(&self, backup: &Backup, dry_run: bool) -> Result<(), StoreError> {
        let result = (
            &self.meta,
            &self.cases,
            &self.open_by_due,
            &self.org_open_by_due,
            &self.priority_open_by_due,
            &self.org_cases,
            &self.orgs,
            &self.schedule,
            &self.schedule_by_case,
            &self.fired,
            &self.outbox,
            &self.messages,
            &self.rejected,
            &self.settings,
        )
            .transaction(
                |(
                    meta,
                    cases,
                    open,
                    org_open,
                    priority_open,
                    org_cases,
                    orgs,
                    schedule,
                    by_case,
                    fired,
                    outbox,
                    messages,
                    rejected,
                    settings,
                )| {
                    let tx = CaseTx {
                        meta,
                        cases,
                        open_by_due: open,
                        org_open_by_due: org_open,
                        priority_open_by_due: priority_open,
                        org_cases,
                        orgs,
                        schedule,
                        schedule_by_case: by_case,
                        fired,
                        planner: self.planner.as_ref(),
                    };
                    let mut collisions = Collisions::default();
                    for org in &backup.orgs {
                        let key = org.id.as_str().as_bytes();
                        if let Some(bytes) = orgs.get(key)? {
                            let stored: Organisation = decode_tx(key, &bytes)?;
                            if stored != *org {
                                collisions.orgs.push(org.id.clone());
                            }
                        }
                    }
                    for (case, _) in &backup.cases {
                        if cases.get(case.id.0.to_be_bytes())?.is_some() {
                            collisions.cases.push(case.id);
                        }
                    }
                    let mut routes: Routes = match settings.get(ROUTES)? {
                        Some(bytes) => decode_tx(ROUTES, &bytes)?,
                        None => Routes::default(),
                    };
                    collisions.routes = routes.restore(&backup.routes);
                    let sequences = backup
                        .outbox
                        .iter()
                        .map(|(k, _)| (outbox, *k))
                        .chain(backup.staged.iter().map(|(k, _)| (messages, *k)))
                        .chain(backup.rejected.iter().map(|(k, _)| (rejected, *k)));
                    for (tree, key) in sequences {
                        if tree.get(key.to_be_bytes())?.is_some() {
                            collisions.sequences.push(key);
                        }
                    }
                    if !collisions.is_empty() {
                        return Err(ConflictableTransactionError::Abort(Abort::Corrupt(
                            StoreError::Collisions(collisions),
                        )));
                    }
                    if dry_run {
                        return Err(ConflictableTransactionError::Abort(Abort::DryRun));
                    }
                    for org in &backup.orgs {
                        orgs.insert(org.id.as_str().as_bytes(), encode(org))?;
                    }
                    // Organisations first: planning a case's reminders reads its organisation.
                    for (case, codes) in &backup.cases {
                        let id = case.id.0.to_be_bytes();
                        if !codes.is_empty() {
                            fired.insert(&id, encode(codes))?;
                        }
                        tx.put(None, case)?;
                    }
                    if routes != Routes::default() {
                        settings.insert(ROUTES, encode(&routes))?;
                    }
                    for (key, entry) in &backup.outbox {
                        outbox.insert(&key.to_be_bytes(), encode(entry))?;
                    }
                    for (key, message) in &backup.staged {
                        messages.insert(&key.to_be_bytes(), encode(message))?;
                    }
                    for (key, record) in &backup.rejected {
                        rejected.insert(
                            &key.to_be_bytes(),
                            encode(&(&record.message, &record.reason)),
                        )?;
                    }
                    // Every key was checked free above.
                    for (name, added) in [
                        (OUTBOX_COUNT, backup.outbox.len()),
                        (MESSAGE_COUNT, backup.staged.len()),
                        (REJECTED_COUNT, backup.rejected.len()),
                    ] {
                        add_to_count(meta, name, added as i64)?;
                    }
                    for (name, value) in [
                        (NEXT_CASE, backup.counters.next_case),
                        (NEXT_OUTBOX, backup.counters.next_outbox),
                        (NEXT_MESSAGE, backup.counters.next_message),
                    ] {
                        if value > counter(meta, name)? {
                            meta.insert(name, &value.to_be_bytes())?;
                        }
                    }
                    Ok(())
                },
            );
        match result {
            Err(TransactionError::Abort(Abort::DryRun)) => Ok(()),
            other => {
                other?;
                self.schedule_changed.notify_one();
                Ok(())
            }
        }
    }

    fn rejected_messages(&self) -> Result<Vec<(u64, RejectedMessage)>, StoreError> {
        Ok(
            sequenced::<(StagedMessage, String)>(&self.rejected, usize::MAX)?
                .into_iter()
                .map(|(key, (message, reason))| (key, RejectedMessage { message, reason }))
                .collect(),
        )
    }

    fn counters(&self) -> Result<Counters, StoreError> {
        let read =
            |name: &[u8]| -> Result<u64, StoreError> {
                match self.meta.get(name)? {
                    None => Ok(1),
                    Some(v) => v.as_ref().try_into().map(u64::from_be_bytes).map_err(|_| {
                        StoreError::Corrupt {
                            key: String::from_utf8_lossy(name).into_owned(),
                            reason: format!("a counter is 8 bytes, found {}", v.len()),
                        }
                    }),
                }
            };
        Ok(Counters {
            next_case: read(NEXT_CASE)?,
            next_outbox: read(NEXT_OUTBOX)?,
            next_message: read(NEXT_MESSAGE)?,
        })
    }

    fn durable(&self) -> Result<(), StoreError> {
        self.commit.durable(|| {
            let started = std::time::Instant::now();
            self.db.flush()?;
            self.disk.sync()?;
            metrics::histogram!(crate::telemetry::STORE_DURABLE_SECONDS)
                .record(started.elapsed().as_secs_f64());
            Ok(())
        })
    }

    fn next_reminder_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        match self.schedule.first()? {
            Some((key, bytes)) => Ok(Some(decode::<Planned>(&key, &bytes)?.fire_at)),
            None => Ok(None),
        }
    }

    fn warm_next_reminders(&self, limit: usize) -> Result<Vec<CaseId>, StoreError> {
        let mut cases: Vec<CaseId> = Vec::new();
        for entry in self.schedule.iter().take(limit) {
            let (key, bytes) = entry?;
            let planned: Planned = decode(&key, &bytes)?;
            if !cases.contains(&planned.case) {
                cases.push(planned.case);
            }
        }
        // What the firing transaction reads and writes beside the schedule, and what composing
        // reads: sled loads a page from the log the first time it is read after an open, or
        // after it left the cache, and a wake-up should not wait for that.
        let mut orgs: Vec<OrgId> = Vec::new();
        for id in &cases {
            let key = id.0.to_be_bytes();
            self.schedule_by_case.get(key)?;
            self.fired.get(key)?;
            if let Some(case) = self.case(*id)?
                && !orgs.contains(&case.org)
            {
                self.org(&case.org)?;
                orgs.push(case.org);
            }
        }
        self.routes()?;
        self.meta.get(NEXT_OUTBOX)?;
        self.meta.get(NEXT_MESSAGE)?;
        self.outbox.last()?;
        self.messages.last()?;
        Ok(cases)
    }

    fn fire_reminders(&self, now: DateTime<Utc>, limit: usize) -> Result<usize, StoreError> {
        // Every key of an instant up to `now` sorts before the key prefix of the next
        // millisecond.
        let end = instant_key(now + chrono::TimeDelta::milliseconds(1));
        let keys: Vec<sled::IVec> = self
            .schedule
            .range(..end)
            .keys()
            .take(limit)
            .collect::<Result<_, _>>()?;
        if keys.is_empty() {
            return Ok(0);
        }
        let fired = (
            &self.meta,
            &self.schedule,
            &self.schedule_by_case,
            &self.fired,
            &self.outbox,
        )
            .transaction(|(meta, schedule, by_case, fired, outbox)| {
                let mut count: i64 = 0;
                let mut next = counter(meta, NEXT_OUTBOX)?;
                for key in &keys {
                    // Cancelled or fired meanwhile: nothing to do.
                    let Some(bytes) = schedule.remove(key)? else {
                        continue;
                    };
                    let planned: Planned = decode_tx(key, &bytes)?;
                    let id = planned.case.0.to_be_bytes();
                    let mut pending: Vec<Vec<u8>> = match by_case.get(id)? {
                        Some(bytes) => decode_tx(&id, &bytes)?,
                        None => Vec::new(),
                    };
                    pending.retain(|k| k.as_slice() != key.as_ref());
                    if pending.is_empty() {
                        by_case.remove(&id)?;
                    } else {
                        by_case.insert(&id, encode(&pending))?;
                    }
                    let mut codes: Vec<String> = match fired.get(id)? {
                        Some(bytes) => decode_tx(&id, &bytes)?,
                        None => Vec::new(),
                    };
                    codes.push(planned.threshold.code());
                    fired.insert(&id, encode(&codes))?;
                    outbox.insert(
                        &next.to_be_bytes(),
                        encode(&Fired {
                            planned,
                            fired_at: now,
                        }),
                    )?;
                    next += 1;
                    count += 1;
                }
                meta.insert(NEXT_OUTBOX, &next.to_be_bytes())?;
                add_to_count(meta, PLANNED_COUNT, -count)?;
                add_to_count(meta, OUTBOX_COUNT, count)?;
                Ok(count)
            })?;
        Ok(fired as usize)
    }

    fn outbox(&self, limit: usize) -> Result<Vec<(u64, Fired)>, StoreError> {
        sequenced(&self.outbox, limit)
    }

    fn stage_messages(
        &self,
        consumed: &[u64],
        messages: Vec<Composed>,
    ) -> Result<bool, StoreError> {
        let staged =
            (&self.meta, &self.outbox, &self.messages).transaction(|(meta, outbox, staged)| {
                let mut fired_at = FiredAt::default();
                for key in consumed {
                    let Some(entry) = outbox.remove(&key.to_be_bytes())? else {
                        return Err(ConflictableTransactionError::Abort(Abort::DryRun));
                    };
                    fired_at.add(&decode_tx::<Fired>(&key.to_be_bytes(), &entry)?);
                }
                let mut next = counter(meta, NEXT_MESSAGE)?;
                for composed in &messages {
                    let mut message = composed.message.clone();
                    message.nonce = super::nonce(&composed.covers);
                    let record = StagedMessage {
                        message,
                        covers: composed.covers.clone(),
                        first_attempt: None,
                        last_attempt: None,
                        waiting_since: fired_at.earliest(&composed.covers),
                    };
                    staged.insert(&next.to_be_bytes(), encode(&record))?;
                    next += 1;
                }
                meta.insert(NEXT_MESSAGE, &next.to_be_bytes())?;
                add_to_count(meta, OUTBOX_COUNT, -(consumed.len() as i64))?;
                add_to_count(meta, MESSAGE_COUNT, messages.len() as i64)?;
                Ok(())
            });
        match staged {
            // An entry already composed: nothing written.
            Err(TransactionError::Abort(Abort::DryRun)) => Ok(false),
            other => other.map(|()| true).map_err(StoreError::from),
        }
    }

    fn pending_messages(&self) -> Result<Vec<(u64, StagedMessage)>, StoreError> {
        sequenced(&self.messages, usize::MAX)
    }

    /// One process holds the directory, so no other handle can hold a lease: every waiting
    /// message is this one's.
    fn claim_messages(
        &self,
        _now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<(u64, StagedMessage)>, StoreError> {
        sequenced(&self.messages, limit)
    }

    fn message_attempted(&self, key: u64, at: DateTime<Utc>) -> Result<Attempt, StoreError> {
        let id = key.to_be_bytes();
        // The cases are read in the transaction, so a case write (a close, a response) is
        // ordered wholly before or after the attempt.
        let attempt =
            (&self.meta, &self.messages, &self.cases).transaction(|(meta, messages, cases)| {
                let Some(bytes) = messages.get(id)? else {
                    return Ok(Attempt::NotOurs);
                };
                let mut record: StagedMessage = decode_tx(&id, &bytes)?;
                let wanted = Attempt::wanted(&record.covers, |case| {
                    let key = case.0.to_be_bytes();
                    cases
                        .get(key)?
                        .map(|bytes| {
                            decode_case(&key, &bytes)
                                .map_err(|e| ConflictableTransactionError::Abort(Abort::Corrupt(e)))
                        })
                        .transpose()
                })?;
                if !wanted {
                    messages.remove(&id)?;
                    add_to_count(meta, MESSAGE_COUNT, -1)?;
                    return Ok(Attempt::Cancelled);
                }
                record.first_attempt.get_or_insert(at);
                record.last_attempt = Some(at);
                messages.insert(&id, encode(&record))?;
                Ok(Attempt::Send(record))
            })?;
        Ok(attempt)
    }

    fn message_sent(&self, key: u64) -> Result<(), StoreError> {
        (&self.meta, &self.messages).transaction(|(meta, messages)| {
            if messages.remove(&key.to_be_bytes())?.is_some() {
                add_to_count(meta, MESSAGE_COUNT, -1)?;
            }
            Ok(())
        })?;
        Ok(())
    }

    fn message_rejected(&self, key: u64, reason: &str) -> Result<(), StoreError> {
        (&self.meta, &self.messages, &self.rejected).transaction(
            |(meta, messages, rejected)| {
                if let Some(bytes) = messages.remove(&key.to_be_bytes())? {
                    let record: StagedMessage = decode_tx(&key.to_be_bytes(), &bytes)?;
                    add_to_count(meta, MESSAGE_COUNT, -1)?;
                    if rejected
                        .insert(&key.to_be_bytes(), encode(&(record, reason)))?
                        .is_none()
                    {
                        add_to_count(meta, REJECTED_COUNT, 1)?;
                    }
                }
                Ok(())
            },
        )?;
        Ok(())
    }

    fn reminder_counts(&self) -> Result<(usize, usize, usize, usize), StoreError> {
        let read = |name: &[u8]| -> Result<usize, StoreError> {
            match self.meta.get(name)? {
                None => Ok(0),
                Some(v) => v
                    .as_ref()
                    .try_into()
                    .map(|b| u64::from_be_bytes(b) as usize)
                    .map_err(|_| StoreError::Corrupt {
                        key: String::from_utf8_lossy(name).into_owned(),
                        reason: format!("a count is 8 bytes, found {}", v.len()),
                    }),
            }
        };
        Ok((
            read(PLANNED_COUNT)?,
            read(OUTBOX_COUNT)?,
            read(MESSAGE_COUNT)?,
            read(REJECTED_COUNT)?,
        ))
    }

    fn waiting(&self) -> Result<Waiting, StoreError> {
        Ok(Waiting {
            outbox: self.outbox.first()?.is_some(),
            messages: self.messages.first()?.is_some(),
        })
    }

    /// The outbox's first entry is its oldest: one process numbers entries as it fires them.
    /// Messages are read whole: a later one may report an older reminder (one that waited for a
    /// route), and messages are digests, few even when thousands of reminders fire.
    fn oldest_waiting(&self) -> Result<Oldest, StoreError> {
        let outbox = match self.outbox.iter().next() {
            Some(entry) => {
                let (key, bytes) = entry?;
                Some(decode::<Fired>(&key, &bytes)?.fired_at)
            }
            None => None,
        };
        let mut staged: Option<DateTime<Utc>> = None;
        for entry in self.messages.iter() {
            let (key, bytes) = entry?;
            let message: StagedMessage = decode(&key, &bytes)?;
            staged = match (staged, message.waiting_since) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        Ok(Oldest { outbox, staged })
    }

    fn routes(&self) -> Result<Routes, StoreError> {
        match self.settings.get(ROUTES)? {
            Some(bytes) => decode(ROUTES, &bytes),
            None => Ok(Routes::default()),
        }
    }

    fn update_routes(&self, change: Change<'_, Routes>) -> Result<Routes, StoreError> {
        let change = RefCell::new(change);
        let routes = self.settings.transaction(|settings| {
            let mut routes: Routes = match settings.get(ROUTES)? {
                Some(bytes) => decode_tx(ROUTES, &bytes)?,
                None => Routes::default(),
            };
            (change.borrow_mut())(&mut routes).map_err(abort_refused)?;
            settings.insert(ROUTES, encode(&routes))?;
            Ok(routes)
        })?;
        Ok(routes)
    }

    fn check(&self) -> Result<CheckReport, StoreError> {
        let mut report = CheckReport::default();
        let mut damaged = |tree: &str, key: &[u8], reason: String| {
            report.damaged.push(Damage {
                key: format!("{tree}/{}", readable_key(key)),
                reason,
            });
        };
        let mut entries = 0u64;
        // Every entry of a tree, or the read error that ended it.
        let read = |tree: &Tree| -> Vec<Result<(sled::IVec, sled::IVec), sled::Error>> {
            let mut out = Vec::new();
            for entry in tree.iter() {
                let failed = entry.is_err();
                out.push(entry);
                if failed {
                    break;
                }
            }
            out
        };
        macro_rules! each {
            ($tree:expr, $name:literal, |$key:ident, $bytes:ident| $body:block) => {
                for entry in read(&$tree) {
                    entries += 1;
                    match entry {
                        Ok(($key, $bytes)) => $body,
                        Err(e) => damaged($name, b"", format!("the tree cannot be read on: {e}")),
                    }
                }
            };
        }
        let mut cases = std::collections::BTreeMap::new();
        let mut unreadable_cases = Vec::new();
        each!(self.orgs, "orgs", |key, bytes| {
            if let Err(e) = decode::<Organisation>(&key, &bytes) {
                damaged("orgs", &key, e.to_string());
            }
        });
        each!(self.cases, "cases", |key, bytes| {
            match decode_case(&key, &bytes) {
                Ok(case) if case.id.0.to_be_bytes().as_slice() != key.as_ref() => {
                    damaged(
                        "cases",
                        &key,
                        format!("holds {} under another key", case.id),
                    );
                }
                Ok(case) => {
                    cases.insert(case.id, case);
                }
                Err(StoreError::Corrupt { key, reason }) => {
                    unreadable_cases.push(Damage { key, reason });
                }
                Err(e) => damaged("cases", &key, e.to_string()),
            }
        });
        // Indexes and records agree both ways.
        let indexes: [(&Tree, &str, IndexKey, bool); 4] = [
            (&self.open_by_due, "open_by_due", due_key, true),
            (&self.org_open_by_due, "org_open_by_due", org_due_key, true),
            (
                &self.priority_open_by_due,
                "priority_open_by_due",
                priority_due_key,
                true,
            ),
            (&self.org_cases, "org_cases", org_case_key, false),
        ];
        for (tree, name, key_of, open_only) in indexes {
            each!(tree, "index", |key, _value| {
                let case = case_id_from_tail(&key).and_then(|id| cases.get(&id));
                match case {
                    None => damaged(
                        name,
                        &key,
                        match case_id_from_tail(&key) {
                            Some(id) => format!("indexes {id}, which is missing or damaged"),
                            None => "is too short to name a case".into(),
                        },
                    ),
                    Some(case)
                        if key_of(case) != key.as_ref() || (open_only && !case.clock_running()) =>
                    {
                        damaged(
                            name,
                            &key,
                            format!("disagrees with the record of {}", case.id),
                        );
                    }
                    Some(_) => {}
                }
            });
            for case in cases.values().filter(|c| !open_only || c.clock_running()) {
                if !tree.contains_key(key_of(case))? {
                    damaged(
                        name,
                        &case.id.0.to_be_bytes(),
                        format!("{} is not indexed", case.id),
                    );
                }
            }
        }
        each!(self.fired, "reminder_fired", |key, bytes| {
            if let Err(e) = decode::<Vec<String>>(&key, &bytes) {
                damaged("reminder_fired", &key, e.to_string());
            }
        });
        each!(self.schedule, "reminder_schedule", |key, bytes| {
            match decode::<Planned>(&key, &bytes) {
                Ok(planned) if schedule_key(&planned) != key.as_ref() => {
                    damaged("reminder_schedule", &key, "disagrees with its key".into());
                }
                Ok(_) => {}
                Err(e) => damaged("reminder_schedule", &key, e.to_string()),
            }
        });
        each!(
            self.schedule_by_case,
            "reminder_schedule_by_case",
            |key, bytes| {
                match decode::<Vec<Vec<u8>>>(&key, &bytes) {
                    Ok(keys) => {
                        for planned in keys {
                            if !self.schedule.contains_key(&planned)? {
                                damaged(
                                    "reminder_schedule_by_case",
                                    &key,
                                    "lists a reminder the schedule does not hold".into(),
                                );
                            }
                        }
                    }
                    Err(e) => damaged("reminder_schedule_by_case", &key, e.to_string()),
                }
            }
        );
        each!(self.outbox, "reminder_outbox", |key, bytes| {
            if let Err(e) = decode::<Fired>(&key, &bytes) {
                damaged("reminder_outbox", &key, e.to_string());
            }
        });
        each!(self.messages, "reminder_messages", |key, bytes| {
            if let Err(e) = decode::<StagedMessage>(&key, &bytes) {
                damaged("reminder_messages", &key, e.to_string());
            }
        });
        each!(self.rejected, "reminder_rejected", |key, bytes| {
            if let Err(e) = decode::<(StagedMessage, String)>(&key, &bytes) {
                damaged("reminder_rejected", &key, e.to_string());
            }
        });
        each!(self.settings, "settings", |key, bytes| {
            if key.as_ref() == ROUTES
                && let Err(e) = decode::<Routes>(&key, &bytes)
            {
                damaged("settings", &key, e.to_string());
            }
        });
        match self.counters() {
            Ok(counters) => {
                let last = cases.keys().next_back().map_or(0, |id| id.0);
                if counters.next_case <= last {
                    damaged(
                        "meta",
                        NEXT_CASE,
                        format!(
                            "the next case number {} is not past {last}",
                            counters.next_case
                        ),
                    );
                }
            }
            Err(e) => damaged("meta", b"counters", e.to_string()),
        }
        // The counts `reminder_counts` answers with agree with the trees they count.
        match self.reminder_counts() {
            Ok((planned, outbox, messages, rejected)) => {
                for (name, counted, tree) in [
                    (PLANNED_COUNT, planned, &self.schedule),
                    (OUTBOX_COUNT, outbox, &self.outbox),
                    (MESSAGE_COUNT, messages, &self.messages),
                    (REJECTED_COUNT, rejected, &self.rejected),
                ] {
                    let held = tree.len();
                    if counted != held {
                        damaged(
                            "meta",
                            name,
                            format!("counts {counted} entries, its tree holds {held}"),
                        );
                    }
                }
            }
            Err(e) => damaged("meta", b"counts", e.to_string()),
        }
        report.damaged.extend(unreadable_cases);
        report.damaged.extend(self.lost_records());
        report.entries = entries;
        Ok(report)
    }

    fn lost_records(&self) -> Option<Damage> {
        let expected = self.closed_counters.filter(|_| self.cut_short)?;
        Some(Damage {
            key: "meta/counters".into(),
            reason: format!(
                "records were lost since the store was last closed cleanly: the next case number was {} then",
                expected.next_case
            ),
        })
    }

    fn schedule_changed(&self) -> Arc<Notify> {
        self.schedule_changed.clone()
    }

    fn first_sighting(
        &self,
        id: &str,
        signed_at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        // Kept on disk so that a request replayed to the bot after a restart is still known;
        // written without a sync of its own: the next acknowledged write makes it durable.
        let signed = signed_at.timestamp_micros().to_be_bytes();
        let new = self
            .sightings
            .compare_and_swap(id, None::<&[u8]>, Some(&signed[..]))?
            .is_ok();
        if new {
            self.sightings_by_time
                .insert([&signed[..], id.as_bytes()].concat(), &[])?;
        }
        let before = forget_before.timestamp_micros().to_be_bytes();
        for entry in self.sightings_by_time.range(..&before[..]).take(8) {
            let (key, _) = entry?;
            if let Some(old) = key.get(signed.len()..) {
                self.sightings.remove(old)?;
            }
            self.sightings_by_time.remove(key)?;
        }
        Ok(new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::Language;
    use crate::domain::reminders::{Outgoing, Threshold};

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000 + seconds, 0).unwrap_or_default()
    }

    #[test]
    fn an_interaction_seen_before_a_restart_is_still_known_after_it() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let window = chrono::TimeDelta::seconds(600);
        {
            let store = SledStore::open(dir.path()).expect("the store opens");
            assert!(store.first_sighting("1", at(0), at(0) - window).unwrap());
            assert!(!store.first_sighting("1", at(1), at(1) - window).unwrap());
            store.durable().expect("durable");
        }
        let store = SledStore::open(dir.path()).expect("the store opens again");
        assert!(!store.first_sighting("1", at(2), at(2) - window).unwrap());
        assert!(store.first_sighting("2", at(3), at(3) - window).unwrap());
        // Ten minutes on, the first two could only come back stale: they are forgotten.
        assert!(
            store
                .first_sighting("3", at(700), at(700) - window)
                .unwrap()
        );
        assert_eq!(store.sightings.len(), 1);
        assert_eq!(store.sightings_by_time.len(), 1);
    }

    #[test]
    fn a_store_closed_a_moment_later_opens_after_a_wait() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let first = SledStore::open(dir.path()).expect("the store opens");
        let closer = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            drop(first);
        });
        let second = SledStore::open(dir.path());
        closer.join().expect("the closer finishes");
        assert!(second.is_ok(), "{:?}", second.err());
    }

    #[test]
    fn an_attempt_keeps_the_first_instant_and_moves_the_last() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SledStore::open(dir.path()).expect("the store opens");
        let filed = store
            .file_case(&mut |id| Ok(case(id.0, "breached")))
            .expect("filed");
        assert_eq!(filed.id, CaseId(1));
        let message = Outgoing {
            channel: 1,
            content: "CASE-000001 breached".to_owned(),
            nonce: String::new(),
            ping_roles: vec![],
            ping_users: vec![],
            cases: vec![],
            language: Language::En,
        };
        let composed = Composed {
            message,
            covers: vec![(CaseId(1), Threshold::Breach)],
        };
        store.stage_messages(&[], vec![composed]).expect("staged");
        let (key, staged) = store.pending_messages().expect("readable").remove(0);
        assert_eq!((staged.first_attempt, staged.last_attempt), (None, None));

        let attempted = |at| match store.message_attempted(key, at).expect("recorded") {
            Attempt::Send(staged) => (staged.first_attempt, staged.last_attempt),
            other => panic!("not sendable: {other:?}"),
        };
        let first = attempted(at(0));
        let second = attempted(at(90));
        let expected = (Some(at(0)), Some(at(90)));
        assert_eq!(second, expected);
        assert_eq!(first.1, Some(at(0)));
        let (_, stored) = store.pending_messages().expect("readable").remove(0);
        assert_eq!((stored.first_attempt, stored.last_attempt), expected);
        assert_eq!(stored.message.nonce, "r1-b", "the nonce does not change");

        store.message_sent(key).expect("settled");
        assert_eq!(
            store.message_attempted(key, at(100)).expect("read"),
            Attempt::NotOurs
        );
        assert!(store.pending_messages().expect("readable").is_empty());
    }

    /// Opening writes to settle sled's accounting (`settle_segment_accounting`); what it wrote
    /// is gone again, whatever the store held.
    #[test]
    fn opening_again_leaves_the_stored_records_as_they_were() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let records = |store: &SledStore| -> Vec<(sled::IVec, sled::IVec)> {
            store
                .meta
                .iter()
                .chain(store.sightings.iter())
                .collect::<Result<_, _>>()
                .expect("readable")
        };
        let before = {
            let store = SledStore::open(dir.path()).expect("the store opens");
            let window = chrono::TimeDelta::seconds(600);
            assert!(store.first_sighting("1", at(0), at(0) - window).unwrap());
            store.durable().expect("durable");
            records(&store)
        };
        for _ in 0..3 {
            let store = SledStore::open(dir.path()).expect("the store opens again");
            assert_eq!(records(&store), before);
            assert_eq!(store.meta.get(SETTLING).expect("readable"), None);
            assert!(store.check().expect("checked").is_clean());
        }
    }

    #[test]
    fn a_new_store_gets_large_segments_and_an_old_one_keeps_its_own() {
        let fresh = tempfile::tempdir().expect("a temporary directory");
        drop(SledStore::open(fresh.path()).expect("the store opens"));
        assert_eq!(segment_size(fresh.path()), Some(SEGMENT_SIZE));
        let reopened = SledStore::open(fresh.path());
        assert!(reopened.is_ok(), "{:?}", reopened.err());

        // A store created with sled's default, as every store before this one was.
        let old = tempfile::tempdir().expect("a temporary directory");
        let default = 512 * 1024;
        drop(
            sled::Config::new()
                .path(old.path())
                .segment_size(default)
                .open()
                .expect("sled opens"),
        );
        let store = SledStore::open(old.path());
        assert!(store.is_ok(), "{:?}", store.err());
        drop(store);
        assert_eq!(segment_size(old.path()), Some(default));
    }

    fn case(id: u64, title: &str) -> Case {
        serde_json::from_value(serde_json::json!({
            "id": id, "org": "acme", "product": "aem", "priority": "p3", "title": title,
            "language": "en", "requester": 5, "filed_by": 5,
            "submitted_at": "2026-11-20T09:00:00Z", "due_at": "2026-11-20T13:00:00Z",
        }))
        .expect("a case")
    }

    /// The counts as sled would count them, walking every tree.
    fn walked(store: &SledStore) -> (usize, usize, usize, usize) {
        (
            store.schedule.len(),
            store.outbox.len(),
            store.messages.len(),
            store.rejected.len(),
        )
    }

    fn counted(store: &SledStore) -> (usize, usize, usize, usize) {
        let counts = store.reminder_counts().expect("counts");
        assert_eq!(counts, walked(store), "the counts agree with the trees");
        counts
    }

    fn planning(dir: &Path) -> SledStore {
        let catalog = Arc::new(
            crate::domain::catalog::Catalog::load(
                &Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
            )
            .expect("the catalog loads"),
        );
        SledStore::open(dir)
            .expect("the store opens")
            .with_planner(crate::reminders::planner(catalog))
    }

    #[test]
    fn reminder_counts_follow_planning_firing_sending_and_cancelling_and_survive_a_restart() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = planning(dir.path());
        let org: Organisation = serde_json::from_value(serde_json::json!({
            "v": 1, "id": "acme", "name": "acme", "plan": "business", "region": "emea",
            "products": ["aem"], "contacts": {},
            "created_at": "2026-11-20T00:00:00Z", "created_by": 9, "audit": [],
        }))
        .expect("an organisation");
        store.create_org(&org).expect("created");
        for title in ["one", "two"] {
            store
                .file_case(&mut |id| Ok(case(id.0, title)))
                .expect("filed");
        }
        let (planned, ..) = counted(&store);
        assert!(planned >= 4, "two cases plan reminders: {planned}");
        store
            .update_case(CaseId(2), &mut |case| {
                let json = serde_json::json!({"at": "2026-11-20T09:30:00Z", "by": 7, "note": null});
                case.response = serde_json::from_value(json).ok();
                Ok(())
            })
            .expect("responded");
        let (left, ..) = counted(&store);
        assert_eq!(
            left * 2,
            planned,
            "responding cancels the second case's reminders"
        );

        let later = "2026-12-31T00:00:00Z".parse().expect("an instant");
        let fired = store.fire_reminders(later, 1000).expect("fired");
        assert_eq!(counted(&store), (0, fired, 0, 0));
        let keys: Vec<u64> = store
            .outbox(1000)
            .expect("readable")
            .into_iter()
            .map(|(key, _)| key)
            .collect();
        let composed = |threshold| Composed {
            message: Outgoing {
                channel: 1,
                content: "reminder".to_owned(),
                nonce: String::new(),
                ping_roles: vec![],
                ping_users: vec![],
                cases: vec![],
                language: Language::En,
            },
            covers: vec![(CaseId(1), threshold)],
        };
        assert!(
            store
                .stage_messages(
                    &keys,
                    vec![composed(Threshold::Breach), composed(Threshold::Escalation)]
                )
                .expect("staged")
        );
        assert_eq!(counted(&store), (0, 0, 2, 0));
        let staged = store.pending_messages().expect("readable");
        store.message_sent(staged[0].0).expect("sent");
        store
            .message_sent(staged[0].0)
            .expect("a second mark changes nothing");
        store
            .message_rejected(staged[1].0, "unknown channel")
            .expect("set aside");
        assert_eq!(counted(&store), (0, 0, 0, 1));

        store
            .file_case(&mut |id| Ok(case(id.0, "three")))
            .expect("filed");
        let before = counted(&store);
        assert!(store.check().expect("checked").is_clean());
        drop(store);
        let store = planning(dir.path());
        assert_eq!(counted(&store), before, "the counts survive a restart");

        // A count that disagrees with its tree is named by the check.
        store
            .meta
            .insert(PLANNED_COUNT, &7u64.to_be_bytes())
            .expect("written");
        let report = store.check().expect("checked");
        let keys: Vec<&str> = report.damaged.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["meta/count-planned"], "{:?}", report.damaged);

        // A store of the previous layout, without counts, is counted once as it opens.
        for name in [PLANNED_COUNT, OUTBOX_COUNT, MESSAGE_COUNT, REJECTED_COUNT] {
            store.meta.remove(name).expect("removed");
        }
        store
            .meta
            .insert(SCHEMA, &2u32.to_be_bytes())
            .expect("written");
        drop(store);
        let store = planning(dir.path());
        assert_eq!(counted(&store), before);
    }

    #[test]
    fn a_filing_never_replaces_a_stored_case_even_with_the_counter_behind() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SledStore::open(dir.path()).expect("the store opens");
        let backup = Backup {
            cases: vec![(case(5, "kept"), Vec::new())],
            ..Backup::default()
        };
        store.restore(&backup, false).expect("restored");
        // A counter behind the stored cases (a store damaged or written by an older version).
        store
            .meta
            .insert(NEXT_CASE, &5u64.to_be_bytes())
            .expect("written");
        let filed = store.file_case(&mut |id| Ok(case(id.0, "new")));
        assert!(
            matches!(filed, Err(StoreError::IdTaken { id: CaseId(5) })),
            "{filed:?}"
        );
        assert_eq!(store.case(CaseId(5)).expect("reads"), Some(case(5, "kept")));
    }
}
