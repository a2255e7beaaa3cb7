//! The embedded backend: one sled database directory, records as JSON with a schema version,
//! indexes kept in the same transaction as the records they index.

use std::cell::RefCell;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::{Transactional, Tree};

use super::group_commit::{FlushFailed, GroupCommit};
use super::{CaseQuery, Change, Store, StoreError};
use crate::domain::case::{Case, CaseId, CaseStatus};
use crate::domain::org::{OrgId, Organisation};
use crate::domain::policy::Refusal;

/// The layout version of the database (trees and keys), distinct from record schemas.
const STORE_SCHEMA: u32 = 1;
const NEXT_CASE: &[u8] = b"next-case-id";
const SCHEMA: &[u8] = b"schema";

pub struct SledStore {
    db: sled::Db,
    meta: Tree,
    orgs: Tree,
    cases: Tree,
    /// due ++ id → (): cases whose clock is running, soonest first.
    open_by_due: Tree,
    /// org ++ 0 ++ due ++ id → (): the same, per organisation.
    org_open_by_due: Tree,
    /// org ++ 0 ++ id → (): every case of an organisation.
    org_cases: Tree,
    commit: GroupCommit,
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
        key: String::from_utf8_lossy(key).into_owned(),
        reason: e.to_string(),
    })
}

/// A transaction's own failure: a rule refused, a record could not be read, or sled failed.
enum Abort {
    Refused(Refusal),
    Corrupt(StoreError),
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
            TransactionError::Storage(e) => StoreError::Sled(e),
        }
    }
}

/// The indexes of one case inside a transaction.
struct CaseIndexes<'a> {
    open_by_due: &'a TransactionalTree,
    org_open_by_due: &'a TransactionalTree,
}

impl CaseIndexes<'_> {
    fn remove(&self, case: &Case) -> Result<(), ConflictableTransactionError<Abort>> {
        if case.clock_running() {
            self.open_by_due.remove(due_key(case))?;
            self.org_open_by_due.remove(org_due_key(case))?;
        }
        Ok(())
    }

    fn insert(&self, case: &Case) -> Result<(), ConflictableTransactionError<Abort>> {
        if case.clock_running() {
            self.open_by_due.insert(due_key(case), &[])?;
            self.org_open_by_due.insert(org_due_key(case), &[])?;
        }
        Ok(())
    }
}

impl SledStore {
    pub fn open(dir: &Path) -> Result<SledStore, StoreError> {
        let db = sled::Config::new().path(dir).open().map_err(|e| match e {
            sled::Error::Io(ref io) if io.to_string().contains("could not acquire lock") => {
                StoreError::Locked {
                    path: dir.to_owned(),
                }
            }
            other => StoreError::Sled(other),
        })?;
        let meta = db.open_tree("meta")?;
        match meta.get(SCHEMA)? {
            None => {
                meta.insert(SCHEMA, &STORE_SCHEMA.to_be_bytes())?;
            }
            Some(found) => {
                let found = found
                    .as_ref()
                    .try_into()
                    .map(u32::from_be_bytes)
                    .unwrap_or(u32::MAX);
                if found > STORE_SCHEMA {
                    return Err(StoreError::NewerSchema {
                        path: dir.to_owned(),
                        found,
                        supported: STORE_SCHEMA,
                    });
                }
            }
        }
        Ok(SledStore {
            orgs: db.open_tree("orgs")?,
            cases: db.open_tree("cases")?,
            open_by_due: db.open_tree("open_by_due")?,
            org_open_by_due: db.open_tree("org_open_by_due")?,
            org_cases: db.open_tree("org_cases")?,
            meta,
            db,
            commit: GroupCommit::default(),
        })
    }

    /// Writes a case and its indexes, replacing any stored version.
    fn write_case(&self, case: &Case) -> Result<(), StoreError> {
        let key = case.id.0.to_be_bytes();
        (
            &self.cases,
            &self.open_by_due,
            &self.org_open_by_due,
            &self.org_cases,
            &self.meta,
        )
            .transaction(|(cases, open, org_open, org_cases, meta)| {
                let indexes = CaseIndexes {
                    open_by_due: open,
                    org_open_by_due: org_open,
                };
                if let Some(old) = cases.get(key)? {
                    let old: Case = decode_tx(&key, &old)?;
                    indexes.remove(&old)?;
                    org_cases.remove(org_case_key(&old))?;
                }
                cases.insert(&key, encode(case))?;
                indexes.insert(case)?;
                org_cases.insert(org_case_key(case), &[])?;
                let next = meta
                    .get(NEXT_CASE)?
                    .and_then(|v| v.as_ref().try_into().ok())
                    .map_or(1, u64::from_be_bytes);
                if case.id.0 >= next {
                    meta.insert(NEXT_CASE, &(case.id.0 + 1).to_be_bytes())?;
                }
                Ok(())
            })
            .map_err(StoreError::from)
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
        let make = RefCell::new(make);
        let case = (
            &self.meta,
            &self.cases,
            &self.open_by_due,
            &self.org_open_by_due,
            &self.org_cases,
        )
            .transaction(|(meta, cases, open, org_open, org_cases)| {
                let next = meta
                    .get(NEXT_CASE)?
                    .and_then(|v| v.as_ref().try_into().ok())
                    .map_or(1, u64::from_be_bytes);
                let case = (make.borrow_mut())(CaseId(next)).map_err(abort_refused)?;
                meta.insert(NEXT_CASE, &(next + 1).to_be_bytes())?;
                cases.insert(&next.to_be_bytes(), encode(&case))?;
                CaseIndexes {
                    open_by_due: open,
                    org_open_by_due: org_open,
                }
                .insert(&case)?;
                org_cases.insert(org_case_key(&case), &[])?;
                Ok(case)
            })?;
        Ok(case)
    }

    fn update_case(&self, id: CaseId, change: Change<'_, Case>) -> Result<Case, StoreError> {
        let key = id.0.to_be_bytes();
        let change = RefCell::new(change);
        let case = (&self.cases, &self.open_by_due, &self.org_open_by_due).transaction(
            |(cases, open, org_open)| {
                let Some(bytes) = cases.get(key)? else {
                    return Err(abort_refused(Refusal::NotFound));
                };
                let old: Case = decode_tx(&key, &bytes)?;
                let mut case = old.clone();
                (change.borrow_mut())(&mut case).map_err(abort_refused)?;
                let indexes = CaseIndexes {
                    open_by_due: open,
                    org_open_by_due: org_open,
                };
                indexes.remove(&old)?;
                indexes.insert(&case)?;
                cases.insert(&key, encode(&case))?;
                Ok(case)
            },
        )?;
        Ok(case)
    }

    fn case(&self, id: CaseId) -> Result<Option<Case>, StoreError> {
        let key = id.0.to_be_bytes();
        self.cases
            .get(key)?
            .map(|bytes| decode(&key, &bytes))
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
                    let keys = self.open_by_due.range(..due_bound(&[])).keys();
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
            if !visit(decode(&key, &bytes)?) {
                break;
            }
        }
        Ok(())
    }

    fn put_org(&self, org: &Organisation) -> Result<(), StoreError> {
        self.orgs.insert(org.id.as_str().as_bytes(), encode(org))?;
        Ok(())
    }

    fn put_case(&self, case: &Case) -> Result<(), StoreError> {
        self.write_case(case)
    }

    fn durable(&self) -> Result<(), StoreError> {
        self.commit
            .durable(|| self.db.flush().map(|_| ()).map_err(StoreError::from))
    }
}
