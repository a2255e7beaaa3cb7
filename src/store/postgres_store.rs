//! The shared backend: one PostgreSQL database that several bot processes use at once. Records
//! are the same versioned JSON as in sled, in `jsonb` columns beside the columns queries sort on.
//! Every case change is one transaction holding the case's row lock, reminders planned inside it;
//! case ids come from a sequence; due reminders and staged messages are claimed with
//! `FOR UPDATE SKIP LOCKED`, messages under a lease; an earlier reminder is announced with
//! `NOTIFY`.
//!
//! The `postgres` client blocks (it runs its own small runtime), so it must not be called from a
//! task on the async runtime: the bot calls the store from `spawn_blocking`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use postgres::fallible_iterator::FallibleIterator;
use postgres::{GenericClient, NoTls, Transaction};
use r2d2_postgres::PostgresConnectionManager;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::Notify;

use super::{
    Attempt, Backup, CaseQuery, Change, CheckReport, Collisions, Counters, Damage, FiredAt,
    MESSAGE_LEASE, Oldest, Planner, RejectedMessage, StagedMessage, Store, StoreError, Waiting,
};
use crate::domain::case::{Case, CaseId, CaseStatus};
use crate::domain::org::{OrgId, Organisation};
use crate::domain::policy::Refusal;
use crate::domain::reminders::{Composed, Fired, Planned, Routes};

/// The migrations, in order: version `i + 1` is `MIGRATIONS[i]`. Applied at start-up and by
/// `supportbot store migrate`; a database past the last one is refused.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_interaction_sightings.sql"),
    include_str!("../../migrations/0003_reminder_counts.sql"),
];
/// How many sightings past their window one new sighting deletes: more than one, so the table
/// shrinks back after a burst, and few, so a sighting stays one cheap statement.
const FORGET_AT_ONCE: i64 = 8;
/// The channel `NOTIFY` announces earlier reminders on.
const CHANNEL: &str = "supportbot_schedule";
/// Serialises migrations of concurrent start-ups (an arbitrary constant, "sbot").
const MIGRATION_LOCK: i64 = 0x7362_6f74;
const ROUTES: &str = "routes";
/// Connections per process: the filers and readers of one bot, with the sender and scheduler.
const POOL_SIZE: u32 = 16;

type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;

pub struct PostgresStore {
    pool: Pool,
    planner: Option<Planner>,
    /// Who holds a message's lease: unique to this handle.
    owner: String,
    schedule_changed: Arc<Notify>,
    /// Tells the listener thread to stop when the store is dropped.
    closed: Arc<AtomicBool>,
}

fn config(url: &str) -> Result<postgres::Config, StoreError> {
    url.parse::<postgres::Config>()
        .map_err(StoreError::Postgres)
}

/// How long opening waits for a server that does not answer yet (one starting, or a host that
/// is down), as the pool waits for a connection.
const OPEN_PATIENCE: Duration = Duration::from_secs(10);

/// The first connection, made directly rather than through the pool, whose error after its
/// timeout keeps only the client's "db error". A server that answered with a refusal (no such
/// database, a failed login) stops the opening at once: retrying cannot change its answer. One
/// that cannot be reached is tried again for [`OPEN_PATIENCE`]; the last reason is kept.
fn first_connection(config: &postgres::Config) -> Result<postgres::Client, StoreError> {
    let mut config = config.clone();
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(OPEN_PATIENCE);
    }
    let started = std::time::Instant::now();
    loop {
        match config.connect(NoTls) {
            Ok(client) => return Ok(client),
            Err(error) => {
                if !unreachable(&error) || started.elapsed() >= OPEN_PATIENCE {
                    return Err(StoreError::PostgresOpen(error.into()));
                }
                tracing::debug!(%error, "PostgreSQL not reachable yet; trying again");
                std::thread::sleep(Duration::from_millis(500));
            }
        }
    }
}

/// Whether the server could not be reached (refused, reset, timed out): the one failure a later
/// try may not have. Any other (the server's refusal, a bad setting) is final.
fn unreachable(error: &postgres::Error) -> bool {
    std::error::Error::source(error).is_some_and(|source| source.is::<std::io::Error>())
}

fn encode<T: Serialize>(value: &T) -> Value {
    // Records are plain data (strings, numbers, maps with string keys): serializing cannot fail.
    serde_json::to_value(value).unwrap_or_default()
}

fn decode<T: DeserializeOwned>(key: impl std::fmt::Display, value: Value) -> Result<T, StoreError> {
    serde_json::from_value(value).map_err(|e| StoreError::Corrupt {
        key: key.to_string(),
        reason: e.to_string(),
    })
}

fn decode_case(id: i64, value: Value) -> Result<Case, StoreError> {
    decode(format!("cases/{}", CaseId(id as u64)), value)
}

fn status_name(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Open => "open",
        CaseStatus::Responded => "responded",
        CaseStatus::Closed => "closed",
    }
}

/// A sequence's next value as `Counters` counts it.
fn next_of(client: &mut impl GenericClient, sequence: &str) -> Result<u64, StoreError> {
    let row = client.query_one(
        &format!("SELECT last_value, is_called FROM {sequence}"),
        &[],
    )?;
    let last: i64 = row.get(0);
    let called: bool = row.get(1);
    Ok(if called { last as u64 + 1 } else { last as u64 })
}

/// The class of the advisory locks that vouch for lease owners (an arbitrary constant, "SBLS"):
/// the session of a handle's listener holds `(LEASE_LOCKS, n)` while the handle lives, so its
/// leases end with its process, not minutes later.
const LEASE_LOCKS: i32 = 0x5342_4c53;
/// Leases owned as `live:<n>` last while a session holds the advisory lock `(LEASE_LOCKS, n)` of
/// this database (and never past `lease_until`); older owners' only until `lease_until`.
const LIVE_OWNER: &str = "live:";

/// A lease owner unique to this process and this handle, and the key of the advisory lock that
/// vouches for it.
fn owner_token() -> (String, i32) {
    static HANDLES: AtomicU64 = AtomicU64::new(0);
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let unique = format!(
        "{}-{started:x}-{}",
        std::process::id(),
        HANDLES.fetch_add(1, Ordering::Relaxed)
    );
    // FNV-1a folded to 31 bits: two live handles sharing a key only make a dead one's leases
    // wait for their expiry, as before.
    let hash = unique.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let key = ((hash ^ (hash >> 32)) & 0x7fff_ffff) as i32;
    (format!("{LIVE_OWNER}{key}"), key)
}

impl PostgresStore {
    /// Connects, applies the migrations this database lacks, and starts listening for
    /// schedule changes from other processes.
    pub fn open(url: &str) -> Result<PostgresStore, StoreError> {
        let config = config(url)?;
        let mut first = first_connection(&config)?;
        migrate(&mut first)?;
        drop(first);
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            // Connections open as they are needed: a one-shot `ask` uses one, not sixteen.
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .build(PostgresConnectionManager::new(config.clone(), NoTls))?;
        let schedule_changed = Arc::new(Notify::new());
        let closed = Arc::new(AtomicBool::new(false));
        let (owner, key) = owner_token();
        listen(config, key, schedule_changed.clone(), closed.clone())?;
        Ok(PostgresStore {
            pool,
            planner: None,
            owner,
            schedule_changed,
            closed,
        })
    }

    /// Plans reminders for every case written from now on (see `SledStore::with_planner`).
    pub fn with_planner(mut self, planner: Planner) -> PostgresStore {
        self.planner = Some(planner);
        self
    }

    fn client(
        &self,
    ) -> Result<r2d2::PooledConnection<PostgresConnectionManager<NoTls>>, StoreError> {
        Ok(self.pool.get()?)
    }

    /// Writes `case` (new or replacing its row) and replaces its reminder schedule, leaving out
    /// thresholds that already fired. Returns whether it planned a reminder earlier than any
    /// other, in which case the transaction `NOTIFY`s the schedulers.
    fn put(&self, tx: &mut Transaction<'_>, case: &Case) -> Result<bool, StoreError> {
        tx.execute(
            "INSERT INTO cases (id, org, status, priority, due_at, record) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (id) DO UPDATE SET org = $2, status = $3, priority = $4, due_at = $5, \
             record = $6",
            &[
                &(case.id.0 as i64),
                &case.org.as_str(),
                &status_name(case.status()),
                &(case.priority.index() as i16),
                &case.due_at,
                &encode(case),
            ],
        )?;
        self.reschedule(tx, case)
    }

    fn reschedule(&self, tx: &mut Transaction<'_>, case: &Case) -> Result<bool, StoreError> {
        let Some(planner) = &self.planner else {
            return Ok(false);
        };
        let id = case.id.0 as i64;
        tx.execute("DELETE FROM reminder_schedule WHERE case_id = $1", &[&id])?;
        let fired: Vec<String> = tx
            .query("SELECT code FROM reminder_fired WHERE case_id = $1", &[&id])?
            .iter()
            .map(|row| row.get(0))
            .collect();
        let org = tx.query_opt(
            "SELECT record FROM orgs WHERE id = $1",
            &[&case.org.as_str()],
        )?;
        let planned = match org {
            Some(row) => planner(case, &decode::<Organisation>(&case.org, row.get(0))?),
            None => Vec::new(),
        };
        let mut earliest: Option<DateTime<Utc>> = None;
        for planned in planned
            .iter()
            .filter(|p| !fired.contains(&p.threshold.code()))
        {
            tx.execute(
                "INSERT INTO reminder_schedule (case_id, code, fire_at, record) \
                 VALUES ($1, $2, $3, $4)",
                &[
                    &id,
                    &planned.threshold.code(),
                    &planned.fire_at,
                    &encode(planned),
                ],
            )?;
            earliest = Some(earliest.map_or(planned.fire_at, |e| e.min(planned.fire_at)));
        }
        let Some(earliest) = earliest else {
            return Ok(false);
        };
        // Compared by the server: the column keeps microseconds while the planned instant has
        // nanoseconds, so compared here a reminder planned earliest looked later than its own row
        // and no scheduler was told (reminders then waited for the next hourly check).
        let earlier: bool = tx
            .query_one(
                "SELECT coalesce($1 <= min(fire_at), true) FROM reminder_schedule",
                &[&earliest],
            )?
            .get(0);
        if earlier {
            tx.execute(&format!("NOTIFY {CHANNEL}"), &[])?;
        }
        Ok(earlier)
    }

    /// Runs `body` in one transaction; commits what it returns, rolls back on an error.
    fn transaction<R>(
        &self,
        body: impl FnOnce(&mut Transaction<'_>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let result = body(&mut tx)?;
        tx.commit()?;
        Ok(result)
    }

    /// Visits every case row in id order, streaming.
    fn each_case_row(
        &self,
        visit: &mut dyn FnMut(Result<Case, StoreError>) -> bool,
    ) -> Result<(), StoreError> {
        let mut client = self.client()?;
        let mut rows = client.query_raw(
            "SELECT id, record FROM cases ORDER BY id",
            std::iter::empty::<i64>(),
        )?;
        while let Some(row) = rows.next()? {
            if !visit(decode_case(row.get(0), row.get(1))) {
                break;
            }
        }
        Ok(())
    }
}

impl Drop for PostgresStore {
    fn drop(&mut self) {
        self.closed.store(true, Ordering::Relaxed);
    }
}

/// Applies every migration the database lacks, in order, each in its own transaction, under an
/// advisory lock so that processes starting together apply each once.
pub fn migrate(client: &mut postgres::Client) -> Result<u32, StoreError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS supportbot_migrations \
         (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    )?;
    let found: i32 = tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM supportbot_migrations",
            &[],
        )?
        .get(0);
    let supported = MIGRATIONS.len() as u32;
    if found as u32 > supported {
        return Err(StoreError::NewerDatabase {
            found: found as u32,
            supported,
        });
    }
    for (version, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.batch_execute(sql)?;
        tx.execute(
            "INSERT INTO supportbot_migrations (version) VALUES ($1)",
            &[&(version as i32 + 1)],
        )?;
        tracing::info!(version = version + 1, "store migration applied");
    }
    tx.commit()?;
    Ok(supported)
}

/// The listener's session: `LISTEN`s for schedule changes and holds the advisory lock that
/// vouches for this handle's leases (`key`).
fn listener_session(
    config: &postgres::Config,
    key: i32,
) -> Result<postgres::Client, postgres::Error> {
    let mut client = config.connect(NoTls)?;
    client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
    let vouched: bool = client
        .query_one("SELECT pg_try_advisory_lock($1, $2)", &[&LEASE_LOCKS, &key])?
        .get(0);
    if !vouched {
        tracing::warn!(
            key,
            "another session holds this handle's lease lock; its leases last until they expire"
        );
    }
    Ok(client)
}

/// Starts the listener's session (before the handle can claim anything, so its leases are
/// vouched for from the first), then a thread that `LISTEN`s on it and wakes this process's
/// scheduler. After a lost connection it reconnects (taking the lock again) and wakes the
/// scheduler once, since a notice may have been missed; meanwhile other processes may take this
/// handle's messages, which `message_attempted` then refuses it.
fn listen(
    config: postgres::Config,
    key: i32,
    changed: Arc<Notify>,
    closed: Arc<AtomicBool>,
) -> Result<(), StoreError> {
    let first = listener_session(&config, key)?;
    let spawned = std::thread::Builder::new()
        .name("store-listen".into())
        .spawn(move || {
            let mut session = Some(first);
            while !closed.load(Ordering::Relaxed) {
                let listened = match session.take() {
                    Some(client) => Ok(client),
                    None => listener_session(&config, key),
                }
                .and_then(|mut client| {
                    changed.notify_one();
                    while !closed.load(Ordering::Relaxed) {
                        {
                            let mut notices = client.notifications();
                            let mut waiting = notices.timeout_iter(Duration::from_millis(500));
                            while waiting.next()?.is_some() {
                                changed.notify_one();
                            }
                        }
                        // A closed connection ends the iterator quietly; a query notices it.
                        client.batch_execute("")?;
                    }
                    Ok(())
                });
                if let Err(error) = listened {
                    tracing::warn!(%error, "store notifications lost; reconnecting");
                    std::thread::sleep(Duration::from_secs(1));
                }
            }
        });
    if let Err(error) = spawned {
        tracing::error!(%error, "no thread for store notifications; reminders from other processes wait for the next check");
    }
    Ok(())
}

/// Runs a blocking call of the client. On a worker of the multi-threaded runtime (async code that
/// did not move the call to `spawn_blocking`) the worker hands its tasks to another first, since
/// the client's own runtime may not start inside an async task; elsewhere it just runs.
fn off_runtime<R>(call: impl FnOnce() -> R) -> R {
    let on_worker = tokio::runtime::Handle::try_current()
        .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
    if on_worker {
        tokio::task::block_in_place(call)
    } else {
        call()
    }
}

impl Store for PostgresStore {
    fn create_org(&self, org: &Organisation) -> Result<(), StoreError> {
        off_runtime(|| {
            let inserted = self.client()?.execute(
                "INSERT INTO orgs (id, record) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
                &[&org.id.as_str(), &encode(org)],
            )?;
            if inserted == 0 {
                return Err(StoreError::Refused(Refusal::OrgExists));
            }
            Ok(())
        })
    }

    fn update_org(
        &self,
        id: &OrgId,
        change: Change<'_, Organisation>,
    ) -> Result<Organisation, StoreError> {
        off_runtime(|| {
            self.transaction(|tx| {
                let row = tx
                    .query_opt(
                        "SELECT record FROM orgs WHERE id = $1 FOR UPDATE",
                        &[&id.as_str()],
                    )?
                    .ok_or(StoreError::Refused(Refusal::NotFound))?;
                let mut org: Organisation = decode(id, row.get(0))?;
                change(&mut org)?;
                tx.execute(
                    "UPDATE orgs SET record = $2 WHERE id = $1",
                    &[&id.as_str(), &encode(&org)],
                )?;
                Ok(org)
            })
        })
    }

    fn org(&self, id: &OrgId) -> Result<Option<Organisation>, StoreError> {
        off_runtime(|| {
            self.client()?
                .query_opt("SELECT record FROM orgs WHERE id = $1", &[&id.as_str()])?
                .map(|row| decode(id, row.get(0)))
                .transpose()
        })
    }

    fn orgs(&self) -> Result<Vec<Organisation>, StoreError> {
        off_runtime(|| {
            self.client()?
                .query("SELECT id, record FROM orgs ORDER BY id", &[])?
                .into_iter()
                .map(|row| decode(row.get::<_, String>(0), row.get(1)))
                .collect()
        })
    }

    fn file_case(
        &self,
        make: &mut dyn FnMut(CaseId) -> Result<Case, Refusal>,
    ) -> Result<Case, StoreError> {
        off_runtime(|| {
            let (case, earlier) = self.transaction(|tx| {
                let next = match tx.query_one("SELECT nextval('case_ids')", &[]) {
                    Ok(row) => CaseId(row.get::<_, i64>(0) as u64),
                    Err(e)
                        if e.code()
                            == Some(
                                &postgres::error::SqlState::SEQUENCE_GENERATOR_LIMIT_EXCEEDED,
                            ) =>
                    {
                        return Err(StoreError::Refused(Refusal::CaseNumbersExhausted));
                    }
                    Err(e) => return Err(e.into()),
                };
                // The sequence runs ahead of every stored id; should it not (a restore that did not
                // move it), a filing must fail rather than replace another organisation's case.
                if tx
                    .query_opt("SELECT 1 FROM cases WHERE id = $1", &[&(next.0 as i64)])?
                    .is_some()
                {
                    return Err(StoreError::IdTaken { id: next });
                }
                let case = make(next)?;
                let earlier = self.put(tx, &case)?;
                Ok((case, earlier))
            })?;
            if earlier {
                self.schedule_changed.notify_one();
            }
            Ok(case)
        })
    }

    fn update_case(&self, id: CaseId, change: Change<'_, Case>) -> Result<Case, StoreError> {
        off_runtime(|| {
            let (case, earlier) = self.transaction(|tx| {
                let row = tx
                    .query_opt(
                        "SELECT record FROM cases WHERE id = $1 FOR UPDATE",
                        &[&(id.0 as i64)],
                    )?
                    .ok_or(StoreError::Refused(Refusal::NotFound))?;
                let mut case = decode_case(id.0 as i64, row.get(0))?;
                change(&mut case)?;
                let earlier = self.put(tx, &case)?;
                Ok((case, earlier))
            })?;
            if earlier {
                self.schedule_changed.notify_one();
            }
            Ok(case)
        })
    }

    fn case(&self, id: CaseId) -> Result<Option<Case>, StoreError> {
        off_runtime(|| {
            self.client()?
                .query_opt("SELECT record FROM cases WHERE id = $1", &[&(id.0 as i64)])?
                .map(|row| decode_case(id.0 as i64, row.get(0)))
                .transpose()
        })
    }

    fn list_cases(&self, query: &CaseQuery) -> Result<Vec<Case>, StoreError> {
        off_runtime(|| {
            let mut sql = String::from("SELECT id, record FROM cases WHERE true");
            let mut params: Vec<Box<dyn postgres::types::ToSql + Sync>> = Vec::new();
            if let Some(orgs) = &query.orgs {
                params.push(Box::new(
                    orgs.iter()
                        .map(|o| o.as_str().to_owned())
                        .collect::<Vec<_>>(),
                ));
                sql += &format!(" AND org = ANY(${})", params.len());
            }
            if let Some(status) = query.status {
                params.push(Box::new(status_name(status)));
                sql += &format!(" AND status = ${}", params.len());
            }
            if let Some(priority) = query.priority {
                params.push(Box::new(priority.index() as i16));
                sql += &format!(" AND priority = ${}", params.len());
            }
            if let (Some(now), Some(CaseStatus::Open)) = (query.breaching_at, query.status) {
                params.push(Box::new(now));
                sql += &format!(" AND due_at < ${}", params.len());
            }
            sql += " ORDER BY due_at, id";
            let mut client = self.client()?;
            let mut rows = client.query_raw(&sql, params.iter().map(|p| p.as_ref()))?;
            let mut found = Vec::new();
            let mut skipped = 0;
            while found.len() < query.limit {
                let Some(row) = rows.next()? else { break };
                let case = decode_case(row.get(0), row.get(1))?;
                // Breaching is the case's own rule; the SQL above only narrows open cases.
                if query.breaching_at.is_some_and(|now| !case.breaching(now)) {
                    continue;
                }
                if skipped < query.offset {
                    skipped += 1;
                    continue;
                }
                found.push(case);
            }
            Ok(found)
        })
    }

    fn scan_cases(&self, visit: &mut dyn FnMut(Case) -> bool) -> Result<(), StoreError> {
        off_runtime(|| {
            let mut failed = None;
            self.each_case_row(&mut |case| match case {
                Ok(case) => visit(case),
                Err(e) => {
                    failed = Some(e);
                    false
                }
            })?;
            failed.map_or(Ok(()), Err)
        })
    }

    fn scan_case_records(
        &self,
        visit: &mut dyn FnMut(Result<Case, StoreError>) -> bool,
    ) -> Result<(), StoreError> {
        off_runtime(|| self.each_case_row(visit))
    }

    fn restore(&self, backup: &Backup, dry_run: bool) -> Result<(), StoreError> {
        off_runtime(|| {
            let mut client = self.client()?;
            let mut tx = client.transaction()?;
            // One restore at a time: collisions are checked against a store nobody else restores to.
            tx.execute("LOCK TABLE orgs, cases, settings IN EXCLUSIVE MODE", &[])?;
            let mut collisions = Collisions::default();
            for org in &backup.orgs {
                if let Some(row) =
                    tx.query_opt("SELECT record FROM orgs WHERE id = $1", &[&org.id.as_str()])?
                    && decode::<Organisation>(&org.id, row.get(0))? != *org
                {
                    collisions.orgs.push(org.id.clone());
                }
            }
            for (case, _) in &backup.cases {
                if tx
                    .query_opt("SELECT 1 FROM cases WHERE id = $1", &[&(case.id.0 as i64)])?
                    .is_some()
                {
                    collisions.cases.push(case.id);
                }
            }
            let mut routes =
                match tx.query_opt("SELECT record FROM settings WHERE key = $1", &[&ROUTES])? {
                    Some(row) => decode(ROUTES, row.get(0))?,
                    None => Routes::default(),
                };
            collisions.routes = routes.restore(&backup.routes);
            let sequences = backup
                .outbox
                .iter()
                .map(|(k, _)| ("reminder_outbox", *k))
                .chain(backup.staged.iter().map(|(k, _)| ("reminder_messages", *k)))
                .chain(
                    backup
                        .rejected
                        .iter()
                        .map(|(k, _)| ("reminder_rejected", *k)),
                );
            for (table, key) in sequences {
                if tx
                    .query_opt(
                        &format!("SELECT 1 FROM {table} WHERE seq = $1"),
                        &[&(key as i64)],
                    )?
                    .is_some()
                {
                    collisions.sequences.push(key);
                }
            }
            if !collisions.is_empty() {
                return Err(StoreError::Collisions(collisions));
            }
            if dry_run {
                return Ok(());
            }
            for org in &backup.orgs {
                tx.execute(
                    "INSERT INTO orgs (id, record) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
                    &[&org.id.as_str(), &encode(org)],
                )?;
            }
            // Organisations first: planning a case's reminders reads its organisation.
            let mut earlier = false;
            for (case, codes) in &backup.cases {
                for code in codes {
                    tx.execute(
                        "INSERT INTO reminder_fired (case_id, code) VALUES ($1, $2) \
                     ON CONFLICT DO NOTHING",
                        &[&(case.id.0 as i64), code],
                    )?;
                }
                earlier |= self.put(&mut tx, case)?;
            }
            if routes != Routes::default() {
                tx.execute(
                    "INSERT INTO settings (key, record) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET record = $2",
                    &[&ROUTES, &encode(&routes)],
                )?;
            }
            for (key, entry) in &backup.outbox {
                tx.execute(
                    "INSERT INTO reminder_outbox (seq, record) VALUES ($1, $2)",
                    &[&(*key as i64), &encode(entry)],
                )?;
            }
            for (key, message) in &backup.staged {
                tx.execute(
                    "INSERT INTO reminder_messages (seq, record) VALUES ($1, $2)",
                    &[&(*key as i64), &encode(message)],
                )?;
            }
            for (key, record) in &backup.rejected {
                tx.execute(
                    "INSERT INTO reminder_rejected (seq, record, reason) VALUES ($1, $2, $3)",
                    &[&(*key as i64), &encode(&record.message), &record.reason],
                )?;
            }
            for (sequence, value) in [
                ("case_ids", backup.counters.next_case),
                ("reminder_outbox_seq", backup.counters.next_outbox),
                ("reminder_message_seq", backup.counters.next_message),
            ] {
                if value > next_of(&mut tx, sequence)? {
                    tx.execute(
                        &format!("SELECT setval('{sequence}', $1, false)"),
                        &[&(value as i64)],
                    )?;
                }
            }
            tx.commit()?;
            if earlier {
                self.schedule_changed.notify_one();
            }
            Ok(())
        })
    }

    fn fired_thresholds(&self, id: CaseId) -> Result<Vec<String>, StoreError> {
        off_runtime(|| {
            Ok(self
                .client()?
                .query(
                    "SELECT code FROM reminder_fired WHERE case_id = $1 ORDER BY n",
                    &[&(id.0 as i64)],
                )?
                .iter()
                .map(|row| row.get(0))
                .collect())
        })
    }

    fn rejected_messages(&self) -> Result<Vec<(u64, RejectedMessage)>, StoreError> {
        off_runtime(|| {
            self.client()?
                .query(
                    "SELECT seq, record, reason FROM reminder_rejected ORDER BY seq",
                    &[],
                )?
                .into_iter()
                .map(|row| {
                    let seq = row.get::<_, i64>(0) as u64;
                    let message = decode(format!("reminder_rejected/#{seq}"), row.get(1))?;
                    Ok((
                        seq,
                        RejectedMessage {
                            message,
                            reason: row.get(2),
                        },
                    ))
                })
                .collect()
        })
    }

    fn counters(&self) -> Result<Counters, StoreError> {
        off_runtime(|| {
            let mut client = self.client()?;
            Ok(Counters {
                next_case: next_of(&mut *client, "case_ids")?,
                next_outbox: next_of(&mut *client, "reminder_outbox_seq")?,
                next_message: next_of(&mut *client, "reminder_message_seq")?,
            })
        })
    }

    /// A committed transaction is already durable (`synchronous_commit`, the server's default).
    fn durable(&self) -> Result<(), StoreError> {
        Ok(())
    }

    fn next_reminder_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        off_runtime(|| {
            self.client()?
                .query_opt(
                    "SELECT record FROM reminder_schedule ORDER BY fire_at, case_id, code LIMIT 1",
                    &[],
                )?
                .map(|row| decode::<Planned>("reminder_schedule", row.get(0)).map(|p| p.fire_at))
                .transpose()
        })
    }

    fn fire_reminders(&self, now: DateTime<Utc>, limit: usize) -> Result<usize, StoreError> {
        off_runtime(|| {
            self.transaction(|tx| {
                // The case's row lock too: a case written meanwhile replans its reminders knowing
                // which fired. Rows another process holds are skipped, never waited for.
                let due = tx.query(
                    "SELECT s.case_id, s.code, s.record FROM reminder_schedule s \
                 JOIN cases c ON c.id = s.case_id WHERE s.fire_at <= $1 \
                 ORDER BY s.fire_at, s.case_id, s.code LIMIT $2 FOR UPDATE OF s, c SKIP LOCKED",
                    &[&now, &(limit.min(i64::MAX as usize) as i64)],
                )?;
                for row in &due {
                    let case: i64 = row.get(0);
                    let code: String = row.get(1);
                    let planned: Planned =
                        decode(format!("reminder_schedule/{case}/{code}"), row.get(2))?;
                    tx.execute(
                        "DELETE FROM reminder_schedule WHERE case_id = $1 AND code = $2",
                        &[&case, &code],
                    )?;
                    tx.execute(
                        "INSERT INTO reminder_fired (case_id, code) VALUES ($1, $2) \
                     ON CONFLICT DO NOTHING",
                        &[&case, &code],
                    )?;
                    tx.execute(
                        "INSERT INTO reminder_outbox (seq, record) \
                     VALUES (nextval('reminder_outbox_seq'), $1)",
                        &[&encode(&Fired {
                            planned,
                            fired_at: now,
                        })],
                    )?;
                }
                Ok(due.len())
            })
        })
    }

    fn outbox(&self, limit: usize) -> Result<Vec<(u64, Fired)>, StoreError> {
        off_runtime(|| {
            self.client()?
                .query(
                    "SELECT seq, record FROM reminder_outbox ORDER BY seq LIMIT $1",
                    &[&(limit.min(i64::MAX as usize) as i64)],
                )?
                .into_iter()
                .map(|row| {
                    let seq = row.get::<_, i64>(0) as u64;
                    Ok((seq, decode(format!("reminder_outbox/#{seq}"), row.get(1))?))
                })
                .collect()
        })
    }

    fn stage_messages(
        &self,
        consumed: &[u64],
        messages: Vec<Composed>,
    ) -> Result<bool, StoreError> {
        off_runtime(|| {
            let mut keys: Vec<i64> = consumed.iter().map(|k| *k as i64).collect();
            keys.sort_unstable();
            keys.dedup();
            let mut client = self.client()?;
            let mut tx = client.transaction()?;
            // A concurrent composer of the same entries waits on their row locks, then deletes
            // none: only one stages them.
            let deleted = tx.query(
                "DELETE FROM reminder_outbox WHERE seq = ANY($1) RETURNING seq, record",
                &[&keys],
            )?;
            if deleted.len() != keys.len() {
                tx.rollback()?;
                return Ok(false);
            }
            let mut fired_at = FiredAt::default();
            for row in deleted {
                let seq = row.get::<_, i64>(0);
                fired_at.add(&decode(format!("reminder_outbox/#{seq}"), row.get(1))?);
            }
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
                tx.execute(
                    "INSERT INTO reminder_messages (seq, record) \
                 VALUES (nextval('reminder_message_seq'), $1)",
                    &[&encode(&record)],
                )?;
            }
            tx.commit()?;
            Ok(true)
        })
    }

    fn pending_messages(&self) -> Result<Vec<(u64, StagedMessage)>, StoreError> {
        off_runtime(|| {
            self.client()?
                .query(
                    "SELECT seq, record FROM reminder_messages ORDER BY seq",
                    &[],
                )?
                .into_iter()
                .map(|row| {
                    let seq = row.get::<_, i64>(0) as u64;
                    Ok((
                        seq,
                        decode(format!("reminder_messages/#{seq}"), row.get(1))?,
                    ))
                })
                .collect()
        })
    }

    fn claim_messages(
        &self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<(u64, StagedMessage)>, StoreError> {
        off_runtime(|| {
            // A lease ends when it expires or, for a `live:` owner, when no session of this
            // database holds the lock vouching for it: its process died.
            let rows = self.client()?.query(
                &format!(
                    "WITH live AS (SELECT '{LIVE_OWNER}' || objid::text AS owner FROM pg_locks \
                   WHERE locktype = 'advisory' AND granted AND objsubid = 2 \
                   AND classid = {LEASE_LOCKS} \
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) \
                 UPDATE reminder_messages SET lease_owner = $1, lease_until = $2 \
                 WHERE seq IN (SELECT seq FROM reminder_messages \
                   WHERE lease_until IS NULL OR lease_until <= $3 OR lease_owner = $1 \
                   OR (lease_owner LIKE '{LIVE_OWNER}%' AND lease_owner NOT IN (SELECT owner FROM live)) \
                   ORDER BY seq LIMIT $4 FOR UPDATE SKIP LOCKED) \
                 RETURNING seq, record"
                ),
                &[
                    &self.owner,
                    &(now + MESSAGE_LEASE),
                    &now,
                    &(limit.min(i64::MAX as usize) as i64),
                ],
            )?;
            let mut claimed = rows
                .into_iter()
                .map(|row| {
                    let seq = row.get::<_, i64>(0) as u64;
                    Ok((
                        seq,
                        decode(format!("reminder_messages/#{seq}"), row.get(1))?,
                    ))
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            claimed.sort_by_key(|(seq, _)| *seq);
            Ok(claimed)
        })
    }

    fn message_attempted(&self, key: u64, at: DateTime<Utc>) -> Result<Attempt, StoreError> {
        off_runtime(|| {
            self.transaction(|tx| {
                let Some(row) = tx.query_opt(
                    "SELECT record, lease_owner FROM reminder_messages WHERE seq = $1 FOR UPDATE",
                    &[&(key as i64)],
                )?
                else {
                    return Ok(Attempt::NotOurs);
                };
                let owner: Option<String> = row.get(1);
                if owner.is_some_and(|owner| owner != self.owner) {
                    return Ok(Attempt::NotOurs);
                }
                let mut record: StagedMessage =
                    decode(format!("reminder_messages/#{key}"), row.get(0))?;
                // FOR SHARE waits for a case write under way (it holds the row FOR UPDATE) and
                // reads what it committed; a later one waits for this transaction.
                let wanted = Attempt::wanted(&record.covers, |case| {
                    let id = case.0 as i64;
                    tx.query_opt("SELECT record FROM cases WHERE id = $1 FOR SHARE", &[&id])?
                        .map(|row| decode_case(id, row.get(0)))
                        .transpose()
                })?;
                if !wanted {
                    tx.execute(
                        "DELETE FROM reminder_messages WHERE seq = $1",
                        &[&(key as i64)],
                    )?;
                    return Ok(Attempt::Cancelled);
                }
                record.first_attempt.get_or_insert(at);
                record.last_attempt = Some(at);
                tx.execute(
                    "UPDATE reminder_messages SET record = $2, lease_owner = $3, lease_until = $4 \
                 WHERE seq = $1",
                    &[
                        &(key as i64),
                        &encode(&record),
                        &self.owner,
                        &(at + MESSAGE_LEASE),
                    ],
                )?;
                Ok(Attempt::Send(record))
            })
        })
    }

    fn message_sent(&self, key: u64) -> Result<(), StoreError> {
        off_runtime(|| {
            self.client()?.execute(
                "DELETE FROM reminder_messages WHERE seq = $1",
                &[&(key as i64)],
            )?;
            Ok(())
        })
    }

    fn message_rejected(&self, key: u64, reason: &str) -> Result<(), StoreError> {
        off_runtime(|| {
            self.transaction(|tx| {
                tx.execute(
                    "INSERT INTO reminder_rejected (seq, record, reason) \
                 SELECT seq, record, $2 FROM reminder_messages WHERE seq = $1 \
                 ON CONFLICT (seq) DO NOTHING",
                    &[&(key as i64), &reason],
                )?;
                tx.execute(
                    "DELETE FROM reminder_messages WHERE seq = $1",
                    &[&(key as i64)],
                )?;
                Ok(())
            })
        })
    }

    fn reminder_counts(&self) -> Result<(usize, usize, usize, usize), StoreError> {
        off_runtime(|| {
            let row = self.client()?.query_one(
                // Kept by triggers (migration 3): 64 small rows, whatever the store holds.
                "SELECT coalesce(sum(n) FILTER (WHERE name = 'reminder_schedule'), 0)::bigint, \
                    coalesce(sum(n) FILTER (WHERE name = 'reminder_outbox'), 0)::bigint, \
                    coalesce(sum(n) FILTER (WHERE name = 'reminder_messages'), 0)::bigint, \
                    coalesce(sum(n) FILTER (WHERE name = 'reminder_rejected'), 0)::bigint \
                 FROM reminder_counts",
                &[],
            )?;
            let count = |i: usize| row.get::<_, i64>(i) as usize;
            Ok((count(0), count(1), count(2), count(3)))
        })
    }

    fn waiting(&self) -> Result<Waiting, StoreError> {
        off_runtime(|| {
            let row = self.client()?.query_one(
                "SELECT EXISTS (SELECT 1 FROM reminder_outbox), \
                    EXISTS (SELECT 1 FROM reminder_messages)",
                &[],
            )?;
            Ok(Waiting {
                outbox: row.get(0),
                messages: row.get(1),
            })
        })
    }

    /// The outbox's first entry in line, and the earliest `waiting_since` of the messages: a
    /// later message may report an older reminder (one that waited for a route).
    fn oldest_waiting(&self) -> Result<Oldest, StoreError> {
        off_runtime(|| {
            let row = self.client()?.query_one(
                "SELECT (SELECT (record->>'fired_at')::timestamptz FROM reminder_outbox \
                        ORDER BY seq LIMIT 1), \
                    (SELECT min((record->>'waiting_since')::timestamptz) FROM reminder_messages)",
                &[],
            )?;
            Ok(Oldest {
                outbox: row.get(0),
                staged: row.get(1),
            })
        })
    }

    fn routes(&self) -> Result<Routes, StoreError> {
        off_runtime(|| {
            match self
                .client()?
                .query_opt("SELECT record FROM settings WHERE key = $1", &[&ROUTES])?
            {
                Some(row) => decode(ROUTES, row.get(0)),
                None => Ok(Routes::default()),
            }
        })
    }

    fn update_routes(&self, change: Change<'_, Routes>) -> Result<Routes, StoreError> {
        off_runtime(|| {
            self.transaction(|tx| {
                // A row to lock even before the first change.
                tx.execute(
                    "INSERT INTO settings (key, record) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[&ROUTES, &encode(&Routes::default())],
                )?;
                let row = tx.query_one(
                    "SELECT record FROM settings WHERE key = $1 FOR UPDATE",
                    &[&ROUTES],
                )?;
                let mut routes: Routes = decode(ROUTES, row.get(0))?;
                change(&mut routes)?;
                tx.execute(
                    "UPDATE settings SET record = $2 WHERE key = $1",
                    &[&ROUTES, &encode(&routes)],
                )?;
                Ok(routes)
            })
        })
    }

    fn check(&self) -> Result<CheckReport, StoreError> {
        off_runtime(|| {
            let mut report = CheckReport::default();
            let mut client = self.client()?;
            let mut damaged =
                |key: String, reason: String| report.damaged.push(Damage { key, reason });
            let mut entries = 0u64;
            for row in client.query("SELECT id, record FROM orgs", &[])? {
                entries += 1;
                let id: String = row.get(0);
                match decode::<Organisation>(format!("orgs/{id}"), row.get(1)) {
                    Ok(org) if org.id.as_str() != id => {
                        damaged(
                            format!("orgs/{id}"),
                            format!("holds {} under another key", org.id),
                        );
                    }
                    Ok(_) => {}
                    Err(e) => damaged(format!("orgs/{id}"), e.to_string()),
                }
            }
            let mut last = 0;
            for row in client.query(
                "SELECT id, org, status, priority, due_at, record FROM cases ORDER BY id",
                &[],
            )? {
                entries += 1;
                let id: i64 = row.get(0);
                last = id as u64;
                let key = format!("cases/{}", CaseId(id as u64));
                match decode_case(id, row.get(5)) {
                    Ok(case) => {
                        let columns = (
                            case.id.0 as i64,
                            case.org.as_str(),
                            status_name(case.status()),
                            case.priority.index() as i16,
                            case.due_at,
                        );
                        let stored: (i64, &str, &str, i16, DateTime<Utc>) =
                            (id, row.get(1), row.get(2), row.get(3), row.get(4));
                        if columns != stored {
                            damaged(key, "its columns disagree with its record".into());
                        }
                    }
                    Err(StoreError::Corrupt { key, reason }) => damaged(key, reason),
                    Err(e) => damaged(key, e.to_string()),
                }
            }
            for row in client.query(
                "SELECT case_id, code, fire_at, record FROM reminder_schedule",
                &[],
            )? {
                entries += 1;
                let (case, code): (i64, String) = (row.get(0), row.get(1));
                let key = format!("reminder_schedule/{case}/{code}");
                match decode::<Planned>(&key, row.get(3)) {
                    Ok(p) if p.case.0 as i64 != case || p.threshold.code() != code => {
                        damaged(key, "disagrees with its key".into());
                    }
                    Ok(_) => {}
                    Err(e) => damaged(key, e.to_string()),
                }
            }
            for (table, kind) in [
                ("reminder_outbox", 0),
                ("reminder_messages", 1),
                ("reminder_rejected", 2),
            ] {
                for row in client.query(&format!("SELECT seq, record FROM {table}"), &[])? {
                    entries += 1;
                    let key = format!("{table}/#{}", row.get::<_, i64>(0));
                    let value: Value = row.get(1);
                    let decoded = match kind {
                        0 => decode::<Fired>(&key, value).map(drop),
                        _ => decode::<StagedMessage>(&key, value).map(drop),
                    };
                    if let Err(e) = decoded {
                        damaged(key, e.to_string());
                    }
                }
            }
            if let Some(row) =
                client.query_opt("SELECT record FROM settings WHERE key = $1", &[&ROUTES])?
            {
                entries += 1;
                if let Err(e) = decode::<Routes>("settings/routes", row.get(0)) {
                    damaged("settings/routes".into(), e.to_string());
                }
            }
            // The counts `reminder_counts` answers with agree with the rows they count.
            for table in [
                "reminder_schedule",
                "reminder_outbox",
                "reminder_messages",
                "reminder_rejected",
            ] {
                let row = client.query_one(
                    &format!(
                        "SELECT (SELECT coalesce(sum(n), 0)::bigint FROM reminder_counts \
                                 WHERE name = $1), \
                                (SELECT count(*) FROM {table})"
                    ),
                    &[&table],
                )?;
                let (counted, held): (i64, i64) = (row.get(0), row.get(1));
                if counted != held {
                    damaged(
                        format!("reminder_counts/{table}"),
                        format!("counts {counted} rows, the table holds {held}"),
                    );
                }
            }
            let next = next_of(&mut *client, "case_ids")?;
            if next <= last {
                damaged(
                    "case_ids".into(),
                    format!("the next case number {next} is not past {last}"),
                );
            }
            report.entries = entries;
            Ok(report)
        })
    }

    fn lost_records(&self) -> Option<Damage> {
        None
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
        // One statement: the insert reports whether the id was new (a concurrent insert of the
        // same id waits for the other's commit, then inserts nothing); the old rows it deletes
        // are ones no other sighting is deleting.
        let inserted = self.client()?.execute(
            "WITH forgotten AS ( \
                 DELETE FROM interaction_sightings WHERE id IN ( \
                     SELECT id FROM interaction_sightings WHERE signed_at < $3 \
                     ORDER BY signed_at LIMIT $4 FOR UPDATE SKIP LOCKED)) \
             INSERT INTO interaction_sightings (id, signed_at) VALUES ($1, $2) \
             ON CONFLICT (id) DO NOTHING",
            &[&id, &signed_at, &forget_before, &FORGET_AT_ONCE],
        )?;
        Ok(inserted == 1)
    }
}
