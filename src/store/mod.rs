//! Durable records: organisations and cases. The rest of the bot sees only the [`Store`] trait, a
//! narrow interface so a second backend (PostgreSQL, for several bot processes) can be added
//! beside the embedded sled one.

mod disk_sync;
mod group_commit;
mod postgres_store;
mod sightings;
mod sled_store;
mod timed;
pub mod transfer;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};

pub use postgres_store::{PostgresStore, migrate};
pub use sightings::Sightings;
pub use sled_store::{SledStore, sled_config};
pub use timed::Timed;

use crate::domain::case::{Case, CaseId, CaseStatus};
use crate::domain::ids::Priority;
use crate::domain::org::{OrgId, Organisation};
use crate::domain::policy::Refusal;
use crate::domain::reminders::{self, Composed, Fired, Outgoing, Planned, Routes, Threshold};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Which setting to change is the caller's to say: `--data-dir`, `--store` or the file's.
    #[error("the store at {path} is in use by another supportbot process")]
    Locked { path: PathBuf },
    #[error(
        "the store at {path} was written by a newer supportbot (schema {found}, this one reads {supported})"
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error(
        "the store at {path} holds less than it had recorded when last closed (next case number {found}, was {expected}): its log was cut at a damaged entry. Run `supportbot store check` and `supportbot cases export` to save what is readable, then restore a backup"
    )]
    CutShort {
        path: PathBuf,
        expected: u64,
        found: u64,
    },
    #[error("storage error: {0}")]
    Sled(#[from] sled::Error),
    #[error("the store at {path} could not be synced to disk: {source}")]
    DiskSync {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("record {key} cannot be read: {reason}")]
    Corrupt { key: String, reason: String },
    /// A blocking store call run off the async runtime did not finish (it panicked or the
    /// runtime is shutting down).
    #[error("a store task did not finish: {0}")]
    Task(String),
    /// The case number about to be used is already a stored case; nothing was written.
    #[error("{id} already exists; the case counter is behind the stored cases")]
    IdTaken { id: CaseId },
    /// A restore would replace records the store already holds; nothing was written.
    #[error("{0}")]
    Collisions(Collisions),
    /// A rule refused the change; nothing was written.
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("PostgreSQL: {}", postgres_detail(.0))]
    Postgres(#[from] postgres::Error),
    #[error("no connection to PostgreSQL: {0}")]
    Pool(#[from] r2d2::Error),
    /// The first connection failed: why, in a sentence naming what to change.
    #[error("{0}")]
    PostgresOpen(OpenFailure),
    #[error(
        "the database was migrated by a newer supportbot (version {found}, this one knows {supported})"
    )]
    NewerDatabase { found: u32, supported: u32 },
}

/// Why PostgreSQL could not be opened, from the client's error: the server's own reason (no such
/// database, a failed login, …) or why it could not be reached, and what to change. Neither
/// names the password: the server's messages do not hold it, and the URL is shown without it.
#[derive(Debug)]
pub struct OpenFailure {
    /// Whether the server answered with a refusal (then `detail` is its message).
    refused: bool,
    detail: String,
    fix: OpenFix,
}

/// What to change when PostgreSQL cannot be opened (the sentences are `cli-store-fix-*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenFix {
    /// The database does not exist.
    CreateDatabase,
    /// The server refused the user or password.
    CheckLogin,
    /// The server has no connection to spare.
    FewerConnections,
    /// Another refusal by the server.
    CheckSettings,
    /// The server could not be reached.
    StartServer,
    /// The URL's settings could not be used (a password the server asks for and the URL lacks).
    CheckUrl,
}

impl OpenFailure {
    /// Whether the server answered with a refusal, which [`OpenFailure::detail`] then is.
    pub fn refused(&self) -> bool {
        self.refused
    }

    /// The server's message (in the server's language), or why it could not be reached, as the
    /// client gives it.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    pub fn fix(&self) -> OpenFix {
        self.fix
    }
}

impl From<postgres::Error> for OpenFailure {
    fn from(error: postgres::Error) -> OpenFailure {
        use postgres::error::SqlState;
        let Some(db) = error.as_db_error() else {
            // The client's own text ("error connecting to server: Connection refused") with its
            // source, which its display leaves out.
            let source = std::error::Error::source(&error);
            let detail = match source {
                Some(source) => format!("{error}: {source}"),
                None => error.to_string(),
            };
            let fix = if source.is_some_and(|s| s.is::<std::io::Error>()) {
                OpenFix::StartServer
            } else {
                OpenFix::CheckUrl
            };
            return OpenFailure {
                refused: false,
                detail,
                fix,
            };
        };
        let code = db.code();
        let fix = if *code == SqlState::INVALID_CATALOG_NAME {
            OpenFix::CreateDatabase
        } else if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            OpenFix::CheckLogin
        } else if *code == SqlState::TOO_MANY_CONNECTIONS {
            OpenFix::FewerConnections
        } else {
            OpenFix::CheckSettings
        };
        OpenFailure {
            refused: true,
            detail: db.message().to_owned(),
            fix,
        }
    }
}

impl std::fmt::Display for OpenFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.refused {
            f.write_str("PostgreSQL refused the connection: ")?;
        }
        // What to change is said by the binary, in the asker's language (`cli-store-fix-*`).
        f.write_str(&self.detail)
    }
}

/// The client's error with the server's message, which its own display leaves out.
fn postgres_detail(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => format!("{error}: {}", db.message()),
        None => error.to_string(),
    }
}

/// Where the store is: `--store URL` / `SUPPORTBOT_STORE` / `store` in `supportbot.toml`. Its
/// `Debug` and `Display` leave the password out, so a logged config cannot leak it.
#[derive(Clone, PartialEq, Eq)]
pub enum StoreUrl {
    /// `sled:PATH`: the embedded store in a directory, for one process.
    Sled(PathBuf),
    /// `postgres://user@host:port/db` (or `postgresql://`, or a key=value string after
    /// `postgres:`): a database several processes share.
    Postgres(String),
}

impl std::str::FromStr for StoreUrl {
    type Err = String;

    fn from_str(text: &str) -> Result<StoreUrl, String> {
        if let Some(path) = text.strip_prefix("sled:") {
            if path.is_empty() {
                return Err("sled: needs a directory, e.g. sled:./supportbot-data".into());
            }
            return Ok(StoreUrl::Sled(PathBuf::from(path)));
        }
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Ok(StoreUrl::Postgres(text.to_owned()));
        }
        // A mistyped scheme still carries its password: the refusal (a clap error, a line of
        // supportbot.toml) must not show it.
        Err(format!(
            "`{}` is not a store: use sled:PATH or postgres://user@host:port/database",
            without_password(text)
        ))
    }
}

impl std::fmt::Display for StoreUrl {
    /// The URL without its password, for messages and logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreUrl::Sled(path) => write!(f, "sled:{}", path.display()),
            StoreUrl::Postgres(url) => f.write_str(&without_password(url)),
        }
    }
}

impl std::fmt::Debug for StoreUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreUrl::Sled(path) => f.debug_tuple("Sled").field(path).finish(),
            StoreUrl::Postgres(url) => f
                .debug_tuple("Postgres")
                .field(&without_password(url))
                .finish(),
        }
    }
}

/// `text` with any database password left out, for messages and logs: the one of a URL's user
/// (`user:password@host`, where everything between the first `:` and the last `@` goes) and the
/// value of every `password=` parameter (in a URL's query or a `key=value` connection string,
/// quoted or not, any letter case).
pub fn without_password(text: &str) -> String {
    let mut shown = match (text.find("://"), text.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user = &text[scheme + 3..at];
            let user = user.split(':').next().unwrap_or_default();
            format!("{}{user}{}", &text[..scheme + 3], &text[at..])
        }
        _ => text.to_owned(),
    };
    const KEY: &str = "password=";
    let mut from = 0;
    // ASCII lower-casing keeps every byte where it was, so offsets found in it hold in `shown`.
    while let Some(found) = shown.to_ascii_lowercase()[from..].find(KEY) {
        let start = from + found + KEY.len();
        let rest = &shown[start..];
        let len = match rest.strip_prefix('\'') {
            Some(quoted) => quoted.find('\'').map_or(rest.len(), |end| end + 2),
            None => rest.find(['&', ' ', '\'', '"']).unwrap_or(rest.len()),
        };
        shown.replace_range(start..start + len, "<redacted>");
        from = start + "<redacted>".len();
    }
    shown
}

/// Opens the store at `url`. `salvage` opens a sled store that lost records, to save what remains
/// (PostgreSQL has no such state). The planner plans reminders inside every case write. Every
/// call to the store is timed ([`Timed`]).
pub fn open(
    url: &StoreUrl,
    salvage: bool,
    planner: Option<Planner>,
) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match url {
        StoreUrl::Sled(dir) => {
            let store = if salvage {
                SledStore::open_salvage(dir)?
            } else {
                SledStore::open(dir)?
            };
            match planner {
                Some(planner) => Arc::new(Timed(store.with_planner(planner))),
                None => Arc::new(Timed(store)),
            }
        }
        StoreUrl::Postgres(url) => {
            let store = PostgresStore::open(url)?;
            match planner {
                Some(planner) => Arc::new(Timed(store.with_planner(planner))),
                None => Arc::new(Timed(store)),
            }
        }
    })
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

/// Plans a case's reminders. The store calls it inside every transaction that writes a case, so a
/// response, a close or a priority change cancels or reschedules reminders atomically with it.
pub type Planner = std::sync::Arc<dyn Fn(&Case, &Organisation) -> Vec<Planned> + Send + Sync>;

/// A composed reminder message in the store, with the nonce it keeps until it is accepted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StagedMessage {
    pub message: Outgoing,
    pub covers: Vec<(CaseId, Threshold)>,
    /// When it was first handed to the notifier: no copy of it can be older.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_attempt: Option<DateTime<Utc>>,
    /// When it was last handed to the notifier, recorded durably before each attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempt: Option<DateTime<Utc>>,
    /// When the earliest reminder it reports fired: how long people have been waiting for it.
    /// Unknown for messages staged before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_since: Option<DateTime<Utc>>,
}

/// When each (case, threshold) of the outbox entries a staging consumes fired, so each message
/// staged from them records when its earliest reminder fired.
#[derive(Debug, Default)]
pub(crate) struct FiredAt(HashMap<(CaseId, Threshold), DateTime<Utc>>);

impl FiredAt {
    pub(crate) fn add(&mut self, fired: &Fired) {
        let key = (fired.planned.case, fired.planned.threshold);
        let at = self.0.entry(key).or_insert(fired.fired_at);
        *at = (*at).min(fired.fired_at);
    }

    pub(crate) fn earliest(&self, covers: &[(CaseId, Threshold)]) -> Option<DateTime<Utc>> {
        covers.iter().filter_map(|c| self.0.get(c)).min().copied()
    }
}

/// How long reminders have waited, for operators: the instant the first outbox entry in line
/// fired, and the earliest [`StagedMessage::waiting_since`] of the messages waiting to be sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Oldest {
    pub outbox: Option<DateTime<Utc>>,
    pub staged: Option<DateTime<Utc>>,
}

/// What recording a send attempt found (see [`Store::message_attempted`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// Recorded: send it.
    Send(StagedMessage),
    /// Every case it reports was closed, answered or is gone since it was composed: removed,
    /// never to be sent.
    Cancelled,
    /// No longer waiting (sent or cancelled), or another handle holds its lease.
    NotOurs,
}

impl Attempt {
    /// Whether any (case, threshold) of `covers` is still wanted, each case as `case` reads it.
    /// Reads each case once; stops at the first wanted pair or the first failure.
    pub(crate) fn wanted<E>(
        covers: &[(CaseId, Threshold)],
        mut case: impl FnMut(CaseId) -> Result<Option<Case>, E>,
    ) -> Result<bool, E> {
        let mut read: HashMap<CaseId, Option<Case>> = HashMap::new();
        for (id, threshold) in covers {
            if !read.contains_key(id) {
                let record = case(*id)?;
                read.insert(*id, record);
            }
            if reminders::still_wanted(read.get(id).and_then(Option::as_ref), *threshold) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// A message that can never be sent, kept aside with the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RejectedMessage {
    pub message: StagedMessage,
    pub reason: String,
}

/// The next number each sequence hands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counters {
    pub next_case: u64,
    pub next_outbox: u64,
    pub next_message: u64,
}

impl Default for Counters {
    fn default() -> Counters {
        Counters {
            next_case: 1,
            next_outbox: 1,
            next_message: 1,
        }
    }
}

/// Every record a store holds that is not derived from others (indexes and the reminder
/// schedule are rebuilt from these): what a backup carries and a restore writes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Backup {
    pub orgs: Vec<Organisation>,
    /// Each case with the codes of its reminder thresholds already delivered.
    pub cases: Vec<(Case, Vec<String>)>,
    pub routes: Routes,
    pub outbox: Vec<(u64, Fired)>,
    pub staged: Vec<(u64, StagedMessage)>,
    pub rejected: Vec<(u64, RejectedMessage)>,
    pub counters: Counters,
}

/// What a restore would overwrite: records present in both the store and the backup.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collisions {
    /// Organisations in the store with other content than in the backup.
    pub orgs: Vec<OrgId>,
    pub cases: Vec<CaseId>,
    /// Reminder routes (a region or an organisation) set differently in the store.
    pub routes: Vec<String>,
    /// Sequence numbers of outbox entries and staged or rejected messages already taken.
    pub sequences: Vec<u64>,
}

impl Collisions {
    pub fn is_empty(&self) -> bool {
        self.orgs.is_empty()
            && self.cases.is_empty()
            && self.routes.is_empty()
            && self.sequences.is_empty()
    }
}

impl std::fmt::Display for Collisions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        let join = |items: Vec<String>| items.join(", ");
        if !self.orgs.is_empty() {
            parts.push(format!(
                "organisations {}",
                join(self.orgs.iter().map(ToString::to_string).collect())
            ));
        }
        if !self.cases.is_empty() {
            parts.push(format!(
                "cases {}",
                join(self.cases.iter().map(ToString::to_string).collect())
            ));
        }
        if !self.routes.is_empty() {
            parts.push(format!("reminder routes {}", join(self.routes.clone())));
        }
        if !self.sequences.is_empty() {
            parts.push(format!(
                "reminder queue entries {}",
                join(self.sequences.iter().map(ToString::to_string).collect())
            ));
        }
        write!(f, "already in the store: {}", parts.join("; "))
    }
}

/// One record or index entry that `store check` found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// The tree and the key, readable: `cases/CASE-000042`.
    pub key: String,
    pub reason: String,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.reason)
    }
}

/// What a full read of the store found: how many entries were read, and the damaged ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub entries: u64,
    pub damaged: Vec<Damage>,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.damaged.is_empty()
    }
}

/// Runs store work on tokio's blocking pool and waits for it: async code calls the store only
/// through this, so a slow disk sync (or a synchronous database client, which refuses to run on
/// a runtime thread) never holds up the tasks that answer other requests.
pub async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
}

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
    /// Visits every case in id order until `visit` returns false; stops at a damaged record.
    fn scan_cases(&self, visit: &mut dyn FnMut(Case) -> bool) -> Result<(), StoreError>;
    /// Visits every case record in id order until `visit` returns false, a record that cannot
    /// be decoded as `StoreError::Corrupt` naming its key, and goes on past it.
    fn scan_case_records(
        &self,
        visit: &mut dyn FnMut(Result<Case, StoreError>) -> bool,
    ) -> Result<(), StoreError>;

    /// Writes a backup's records as they are (same ids, same content) in one transaction:
    /// all of them or, on any collision or failure, none. Indexes and the reminder schedule
    /// follow; thresholds listed as fired are not planned again. An organisation already
    /// stored with the same content is not a collision. With `dry_run`, checks and writes
    /// nothing.
    fn restore(&self, backup: &Backup, dry_run: bool) -> Result<(), StoreError>;
    /// The codes of the case's reminder thresholds that already fired.
    fn fired_thresholds(&self, id: CaseId) -> Result<Vec<String>, StoreError>;
    /// Messages that can never be sent, oldest first, with their keys.
    fn rejected_messages(&self) -> Result<Vec<(u64, RejectedMessage)>, StoreError>;
    fn counters(&self) -> Result<Counters, StoreError>;

    /// Returns once everything written before the call is on stable storage: synced with
    /// `fdatasync`/`fsync`, so it survives a process crash, a kernel crash and a power loss on a
    /// drive that honours flushes. Concurrent callers share one flush and one sync. Every
    /// acknowledgement of a write calls it first.
    fn durable(&self) -> Result<(), StoreError>;

    /// The earliest instant a planned reminder fires.
    fn next_reminder_at(&self) -> Result<Option<DateTime<Utc>>, StoreError>;
    /// Reads what firing and composing the next `limit` planned reminders will read (their
    /// schedule entries, fired codes, cases and organisations, the routes, the ends of the
    /// outbox and of the messages), so that it is in memory when they come due: the scheduler
    /// calls it shortly before it wakes. Returns the cases read, in the order their reminders
    /// fire. The default reads nothing: a database server keeps its own cache.
    fn warm_next_reminders(&self, _limit: usize) -> Result<Vec<CaseId>, StoreError> {
        Ok(Vec::new())
    }
    /// Moves up to `limit` reminders due at `now` from the schedule into the outbox, in one
    /// transaction, marking each (case, threshold) as fired so it is never planned again.
    fn fire_reminders(&self, now: DateTime<Utc>, limit: usize) -> Result<usize, StoreError>;
    /// Up to `limit` fired reminders waiting to be composed, oldest first, with their keys.
    fn outbox(&self, limit: usize) -> Result<Vec<(u64, Fired)>, StoreError>;
    /// Replaces outbox entries by the messages composed from them, in one transaction; each
    /// message gets its nonce here ([`nonce`]) and keeps it until it is sent. Returns false and
    /// writes nothing when an entry of `consumed` is gone: another process composed it first.
    fn stage_messages(&self, consumed: &[u64], messages: Vec<Composed>)
    -> Result<bool, StoreError>;
    /// Messages waiting to be sent, oldest first, with their keys, leased or not: for backups and
    /// operators. Senders use [`Store::claim_messages`].
    fn pending_messages(&self) -> Result<Vec<(u64, StagedMessage)>, StoreError>;
    /// Up to `limit` messages waiting to be sent, oldest first, that no other store handle holds
    /// a live lease on; each is leased to this handle until `now + MESSAGE_LEASE`. A lease ends
    /// when it expires or when its handle's process dies (PostgreSQL: the session of its
    /// listener, which holds an advisory lock vouching for the lease owner, ends); then another
    /// process claims the message and sends it with the same nonce.
    fn claim_messages(
        &self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<(u64, StagedMessage)>, StoreError>;
    /// Records an attempt to send the message at `at` (the caller makes it durable before
    /// sending) and renews this handle's lease to `at + MESSAGE_LEASE`, unless no (case,
    /// threshold) it reports is wanted any more ([`reminders::still_wanted`]: its case was
    /// closed, answered or is gone since it was composed): then it is removed instead, in the
    /// same transaction, which reads its cases' current records, so a close or a response
    /// commits either before it (nothing is sent) or after an attempt that was already on its
    /// way.
    fn message_attempted(&self, key: u64, at: DateTime<Utc>) -> Result<Attempt, StoreError>;
    /// The message was accepted: it leaves the store.
    fn message_sent(&self, key: u64) -> Result<(), StoreError>;
    /// The message can never be sent: it moves aside, kept for an operator to see.
    fn message_rejected(&self, key: u64, reason: &str) -> Result<(), StoreError>;
    /// Counts of what waits: (planned reminders, outbox entries, messages, rejected messages).
    /// sled keeps them as counts in the transactions that change the trees, so reading them
    /// costs the same at any size; PostgreSQL counts the rows: for operators, not for loops.
    fn reminder_counts(&self) -> Result<(usize, usize, usize, usize), StoreError>;
    /// Whether outbox entries and staged messages wait, read without touching the schedule: the
    /// sender asks after every round, so its cost must not grow with the open cases.
    fn waiting(&self) -> Result<Waiting, StoreError>;
    /// When the oldest waiting outbox entry and staged message started to wait.
    fn oldest_waiting(&self) -> Result<Oldest, StoreError>;

    fn routes(&self) -> Result<Routes, StoreError>;
    fn update_routes(&self, change: Change<'_, Routes>) -> Result<Routes, StoreError>;

    /// Reads every record and index entry, checking that each decodes and that indexes and
    /// records agree. Slow on big stores (it reads everything); for operators and tests.
    fn check(&self) -> Result<CheckReport, StoreError>;
    /// Records lost since the store was last closed cleanly (its log cut at a damaged entry),
    /// if it was opened to salvage what remains.
    fn lost_records(&self) -> Option<Damage>;

    /// Signalled when reminders are planned, in every process sharing the store (sled: the one
    /// process; PostgreSQL: `LISTEN/NOTIFY`), so a sleeping scheduler can look again.
    fn schedule_changed(&self) -> std::sync::Arc<tokio::sync::Notify>;

    /// Records that the interaction `id`, signed at `signed_at`, was received, and answers
    /// whether no handle on this store, in any process, had recorded it (sled: the one process;
    /// kept in the store, so a restart does not forget). Sightings signed before `forget_before` may be forgotten: the caller refuses
    /// requests that old itself. Each call forgets at most a few old sightings; nothing scans.
    fn first_sighting(
        &self,
        id: &str,
        signed_at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
}

/// What waits for the sender, without counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Waiting {
    /// Fired reminders not yet composed.
    pub outbox: bool,
    /// Composed messages not yet accepted, leased or not.
    pub messages: bool,
}

/// How long a claimed message stays with the handle that claimed it without an attempt: longer
/// than any one send takes. A dead process's messages go out sooner, once its session ends;
/// this bounds a live but stuck one.
pub const MESSAGE_LEASE: chrono::TimeDelta = chrono::TimeDelta::seconds(120);

/// The nonce of a message covering these (case, threshold) pairs: `r<case>-<code>` for one, a
/// digest `d<hash>` of the sorted pairs for several. Derived from what the message reports, never
/// from a counter, so every process composing the same reminders names them the same, and a
/// (case, threshold) fires once, so no two messages share one. At most 17 characters (Discord
/// allows 25).
pub fn nonce(covers: &[(CaseId, Threshold)]) -> String {
    if let [(case, threshold)] = covers {
        return format!("r{}-{}", case.0, threshold.code());
    }
    let mut pairs: Vec<String> = covers
        .iter()
        .map(|(case, threshold)| format!("{}:{}", case.0, threshold.code()))
        .collect();
    pairs.sort();
    // FNV-1a: stable across processes, versions and platforms, unlike std's hasher.
    let hash = pairs
        .join(",")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    format!("d{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_names_what_the_message_covers_in_any_order() {
        let one = [(CaseId(7), Threshold::Breach)];
        assert_eq!(nonce(&one), "r7-b");
        let a = [
            (CaseId(7), Threshold::Breach),
            (CaseId(4294967295), Threshold::Used { permille: 750 }),
        ];
        let b = [a[1], a[0]];
        assert_eq!(nonce(&a), nonce(&b), "composition order does not matter");
        assert!(nonce(&a).starts_with('d') && nonce(&a).len() <= 25);
        let other = [
            a[0],
            (CaseId(4294967295), Threshold::Used { permille: 500 }),
        ];
        assert_ne!(nonce(&a), nonce(&other), "other pairs, another nonce");
    }

    #[test]
    fn a_store_url_names_its_backend_and_never_shows_a_password() {
        assert_eq!(
            "sled:./data".parse(),
            Ok(StoreUrl::Sled(PathBuf::from("./data")))
        );
        let url = "postgres://bot:s3cret@db:5432/support";
        assert_eq!(url.parse(), Ok(StoreUrl::Postgres(url.to_owned())));
        let shown = StoreUrl::Postgres(url.to_owned()).to_string();
        assert_eq!(shown, "postgres://bot@db:5432/support");
        assert!(matches!(
            "postgresql://db/support".parse::<StoreUrl>(),
            Ok(StoreUrl::Postgres(_))
        ));
        for bad in ["sled:", "./data", "mysql://db/x", ""] {
            let refused = bad.parse::<StoreUrl>();
            assert!(refused.is_err(), "{bad:?} was taken");
        }
        let hint = "./data".parse::<StoreUrl>().err().unwrap_or_default();
        assert!(hint.contains("sled:PATH or postgres://"), "{hint}");
    }

    #[test]
    fn no_password_is_shown_however_it_is_written() {
        let cases = [
            (
                "postgres://bot:s3cret@db:5432/support",
                "postgres://bot@db:5432/support",
            ),
            ("postgres://bot:s3:c@r3t@db/x", "postgres://bot@db/x"),
            (
                "postgres://bot@db/x?sslmode=disable&PASSWORD=s3cret&x=1",
                "postgres://bot@db/x?sslmode=disable&PASSWORD=<redacted>&x=1",
            ),
            (
                "host=db user=bot password='s3 cret' dbname=x",
                "host=db user=bot password=<redacted> dbname=x",
            ),
            ("password=s3cret", "password=<redacted>"),
            (
                "\"postgress://bot:s3cret@db/x\"",
                "\"postgress://bot@db/x\"",
            ),
            ("sled:./data", "sled:./data"),
        ];
        for (text, shown) in cases {
            assert_eq!(without_password(text), shown, "{text}");
        }
        let refused = "postgress://bot:s3cret@db/x"
            .parse::<StoreUrl>()
            .err()
            .unwrap_or_default();
        assert!(
            refused.starts_with("`postgress://bot@db/x` is not a store"),
            "{refused}"
        );
        let url = StoreUrl::Postgres("postgresql://bot@db/x?password=s3cret".to_owned());
        assert!(!url.to_string().contains("s3cret"), "{url}");
        assert_eq!(
            format!("{url:?}"),
            r#"Postgres("postgresql://bot@db/x?password=<redacted>")"#
        );
    }
}
