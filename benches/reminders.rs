//! The reminder scheduler with many open cases: the work of one wake-up at 1 000 vs 1 000 000
//! open cases, the CPU the idle runtime uses, and the time from start to the first due reminder.
//!
//! `cargo bench --bench reminders` prints a table. `REMINDER_BENCH_LARGE` sets the large size
//! (default 1 000 000).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use supportbot::clock::{Clock, ManualClock, SystemClock};
use supportbot::domain::case::{Case, CaseId};
use supportbot::domain::catalog::Catalog;
use supportbot::domain::ids::Language;
use supportbot::engine::{Caller, Engine, Role, UserId};
use supportbot::reminders::{self, Notifier, Outgoing, Reminders, SendError};
use supportbot::store::{Backup, SledStore, Store};
use tokio_util::sync::CancellationToken;

const ADMIN: Caller = Caller {
    user: UserId(1),
    role: Role::Admin,
    language: Language::En,
    team_channel: false,
};

#[derive(Clone, Default)]
struct FirstMessage(Arc<AtomicBool>);

impl Notifier for FirstMessage {
    async fn send(&self, _: &Outgoing) -> Result<(), SendError> {
        self.0.store(true, Ordering::SeqCst);
        Ok(())
    }
}

fn catalog() -> Arc<Catalog> {
    Arc::new(
        Catalog::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
            .unwrap_or_else(|e| panic!("{e}")),
    )
}

fn open(dir: &Path, catalog: &Arc<Catalog>) -> Arc<dyn Store> {
    let store = SledStore::open(dir).unwrap_or_else(|e| panic!("{e}"));
    Arc::new(store.with_planner(reminders::planner(catalog.clone())))
}

/// A store with `count` open Business cases in EMEA filed over the last days, all with their
/// reminders planned weeks ahead, and a route for EMEA.
fn seed(dir: &Path, catalog: &Arc<Catalog>, count: usize, now: DateTime<Utc>) -> Case {
    let store = open(dir, catalog);
    let engine =
        Engine::new(catalog.clone(), Arc::new(ManualClock::new(now))).with_store(store.clone());
    for line in [
        "/org add name:acme plan:business region:emea products:aem",
        "/reminders set region:emea channel:1 role:2",
        "/case file org:acme product:aem priority:p4 title:\"template\"",
    ] {
        engine.handle_line(ADMIN, line);
    }
    let template = store
        .case(CaseId(1))
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("template case"));
    put_cases(
        store.as_ref(),
        (2..=count as u64).map(|i| {
            let mut case = template.clone();
            case.id = CaseId(i);
            // Far ahead: nothing fires while measuring.
            case.submitted_at = now + TimeDelta::days(30) + TimeDelta::seconds(i as i64);
            case.due_at = case.submitted_at + TimeDelta::days(1);
            case
        }),
    );
    store.durable().unwrap_or_else(|e| panic!("{e}"));
    template
}

/// Writes seeded cases through a restore, in batches so no transaction grows without bound.
fn put_cases(store: &dyn Store, cases: impl IntoIterator<Item = Case>) {
    let mut batch = Vec::new();
    let flush = |batch: &mut Vec<(Case, Vec<String>)>| {
        let backup = Backup {
            cases: std::mem::take(batch),
            ..Backup::default()
        };
        store
            .restore(&backup, false)
            .unwrap_or_else(|e| panic!("{e}"));
    };
    for case in cases {
        batch.push((case, Vec::new()));
        if batch.len() == 10_000 {
            flush(&mut batch);
        }
    }
    flush(&mut batch);
}

/// CPU seconds this process has used (user + system), from /proc.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Fields 14 and 15 of the whole line; after the command name, at 11 and 12. 100 ticks/s.
    (ticks(11) + ticks(12)) / 100.0
}

fn measure(size: usize) {
    let catalog = catalog();
    let now = Utc::now();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let seeding = Instant::now();
    let template = seed(dir.path(), &catalog, size, now);
    let seeded = seeding.elapsed();

    let store = open(dir.path(), &catalog);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));

    // One wake-up: find the next instant, fire what is due (one case due now), compose, send.
    let mut wake_ups = Vec::new();
    for round in 0..20u64 {
        let mut case = template.clone();
        case.id = CaseId(size as u64 + 1 + round);
        case.submitted_at = Utc::now() - TimeDelta::days(3);
        case.due_at = Utc::now() - TimeDelta::hours(1);
        put_cases(store.as_ref(), [case]);
        let notifier = FirstMessage::default();
        let reminders = Reminders::new(store.clone(), catalog.clone(), clock.clone(), notifier);
        let start = Instant::now();
        runtime.block_on(async {
            reminders.fire_due().unwrap_or_else(|e| panic!("{e}"));
            reminders.until_next().unwrap_or_else(|e| panic!("{e}"));
            reminders.compose().unwrap_or_else(|e| panic!("{e}"));
            reminders
                .send_pending()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        });
        wake_ups.push(start.elapsed());
    }
    wake_ups.sort();

    // Start to first reminder: a fresh runtime with one reminder already due.
    let mut case = template.clone();
    case.id = CaseId(size as u64 + 100);
    case.submitted_at = Utc::now() - TimeDelta::days(3);
    case.due_at = Utc::now() - TimeDelta::hours(1);
    put_cases(store.as_ref(), [case]);
    store.durable().unwrap_or_else(|e| panic!("{e}"));
    drop(store);
    let started = Instant::now();
    let store = open(dir.path(), &catalog);
    let notifier = FirstMessage::default();
    let reminders = Arc::new(Reminders::new(
        store.clone(),
        catalog.clone(),
        clock.clone(),
        notifier.clone(),
    ));
    let stop = CancellationToken::new();
    let handle = runtime.spawn(reminders.run(stop.clone()));
    while !notifier.0.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_micros(200));
    }
    let first = started.elapsed();

    // Idle: nothing due for weeks; the runtime should sleep.
    let idle_for = Duration::from_secs(10);
    let cpu_before = cpu_seconds();
    std::thread::sleep(idle_for);
    let idle_cpu = cpu_seconds() - cpu_before;
    stop.cancel();
    let _ = runtime.block_on(handle);

    println!(
        "{size:>9} open cases (seeded in {seeded:?}): wake-up p50 {:?} p99 {:?}; start to first reminder {first:?}; idle CPU {:.3} s over {idle_for:?} ({:.2}%)",
        wake_ups[wake_ups.len() / 2],
        wake_ups[wake_ups.len() * 99 / 100],
        idle_cpu,
        idle_cpu / idle_for.as_secs_f64() * 100.0
    );
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let large = std::env::var("REMINDER_BENCH_LARGE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    measure(1_000);
    measure(large);
}
