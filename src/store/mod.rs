//! Durable records: organisations and cases. The rest of the bot sees only the [`Store`] trait, a
//! narrow interface so a second backend (PostgreSQL, for several bot processes) can be added
//! beside the embedded sled one.

mod group_commit;
mod sled_store;
pub mod transfer;

use std::path::PathBuf;

use chrono::{DateTime, Utc};

pub use sled_store::SledStore;

use crate::domain::case::{Case, CaseId, CaseStatus};
use crate::domain::ids::Priority;
use crate::domain::org::{OrgId, Organisation};
use crate::domain::policy::Refusal;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the store at {path} is in use by another supportbot process; stop it or choose another --data-dir"
    )]
    Locked { path: PathBuf },
    #[error(
        "the store at {path} was written by a newer supportbot (schema {found}, this one reads {supported})"
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("storage error: {0}")]
    Sled(#[from] sled::Error),
    #[error("record {key} cannot be read: {reason}")]
    Corrupt { key: String, reason: String },
    /// A rule refused the change; nothing was written.
    #[error(transparent)]
    Refused(#[from] Refusal),
}

/// Which cases to list, sorted by due instant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseQuery {
    /// Only these organisations; `None` for all (agents).
    pub orgs: Option<Vec<OrgId>>,
    /// `None` lists every status.
    pub status: Option<CaseStatus>,
    pub priority: Option<Priority>,
    /// Only cases past due (or answered late) at this instant.
    pub breaching_at: Option<DateTime<Utc>>,
    pub offset: usize,
    pub limit: usize,
}

/// A change to a record: applied to the stored value inside the store's transaction, so
/// concurrent changes never overwrite each other. May refuse, and then nothing is written.
pub type Change<'a, T> = &'a mut dyn FnMut(&mut T) -> Result<(), Refusal>;

pub trait Store: Send + Sync {
    /// Records a new organisation; refused with `OrgExists` if its id is taken.
    fn create_org(&self, org: &Organisation) -> Result<(), StoreError>;
    fn update_org(
        &self,
        id: &OrgId,
        change: Change<'_, Organisation>,
    ) -> Result<Organisation, StoreError>;
    fn org(&self, id: &OrgId) -> Result<Option<Organisation>, StoreError>;
    /// Every organisation, by id.
    fn orgs(&self) -> Result<Vec<Organisation>, StoreError>;

    /// Files a case under the next case number; `make` builds it for that number.
    fn file_case(
        &self,
        make: &mut dyn FnMut(CaseId) -> Result<Case, Refusal>,
    ) -> Result<Case, StoreError>;
    fn update_case(&self, id: CaseId, change: Change<'_, Case>) -> Result<Case, StoreError>;
    fn case(&self, id: CaseId) -> Result<Option<Case>, StoreError>;
    fn list_cases(&self, query: &CaseQuery) -> Result<Vec<Case>, StoreError>;
    /// Visits every case in id order until `visit` returns false.
    fn scan_cases(&self, visit: &mut dyn FnMut(Case) -> bool) -> Result<(), StoreError>;

    /// Writes records as they are (import): same id, same content; indexes follow.
    fn put_org(&self, org: &Organisation) -> Result<(), StoreError>;
    fn put_case(&self, case: &Case) -> Result<(), StoreError>;

    /// Returns once everything written before the call is on disk. Concurrent callers share one
    /// flush.
    fn durable(&self) -> Result<(), StoreError>;
}
