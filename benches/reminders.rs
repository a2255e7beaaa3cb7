//! The reminder scheduler with many open cases: the work of one wake-up at 1 000 vs 1 000 000
//! open cases, the CPU the idle runtime uses, and the time from start to the first due reminder.
//!
//! `cargo bench --bench reminders` prints a table. `REMINDER_BENCH_LARGE` sets the large size
//! (default 1 000 000).

use std::path::{Path, PathBuf};
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

/// A store with `count` open Business P1 cases in EMEA, all filed a month ahead of `now` so that
/// their reminders are planned weeks ahead, and a route for EMEA. P1 runs on a 24x7 clock, so
/// cases filed a second apart have reminders a second apart: on a business clock every case
/// filed while the region is closed starts at the same opening, and a wake-up there fires
/// thousands of reminders at once (a storm, not the one wake-up measured here).
fn seed(dir: &Path, catalog: &Arc<Catalog>, count: usize, now: DateTime<Utc>) {
    let store = open(dir, catalog);
    let ahead = now + TimeDelta::days(30);
    let engine =
        Engine::new(catalog.clone(), Arc::new(ManualClock::new(ahead))).with_store(store.clone());
    for line in [
        "/org add name:acme plan:business region:emea products:aem",
        "/reminders set region:emea channel:1 role:2",
        "/case file org:acme product:aem priority:p1 impact:\"the site is down\" title:\"template\"",
    ] {
        engine.handle_line(ADMIN, line);
    }
    let template = template(store.as_ref());
    put_cases(
        store.as_ref(),
        (2..=count as u64).map(|i| {
            let mut case = template.clone();
            case.id = CaseId(i);
            case.submitted_at = ahead + TimeDelta::seconds(i as i64);
            case.due_at = case.submitted_at + TimeDelta::days(1);
            case
        }),
    );
    store.durable().unwrap_or_else(|e| panic!("{e}"));
}

fn template(store: &dyn Store) -> Case {
    store
        .case(CaseId(1))
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("template case"))
}

/// Wake-ups measured per size: enough that the 99th percentile is not the slowest one.
const WAKE_UPS: u64 = 200;

/// How long a seeded store is reused: its cases were filed a month ahead of their seeding, so
/// nothing in it comes due while it is measured.
const CACHE_FOR: TimeDelta = TimeDelta::days(20);

/// A seeded store of `count` cases, kept under `target/reminder-bench/` and used in place
/// (seeding a million cases takes minutes; the store is too big to copy for every run). Each run
/// adds its few cases after the last one and fires a few hundred of its reminders. Returns the
/// store's directory, how long seeding took (zero when reused), and the store, open, with the
/// instant its opening began: opened once, as the bot opens its store.
fn seeded(catalog: &Arc<Catalog>, count: usize) -> (PathBuf, Duration, Arc<dyn Store>, Instant) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let cache = target.join("reminder-bench").join(count.to_string());
    // Named for what the store holds: stores seeded with other cases are seeded again.
    let stamp = cache.join("seeded-p1-at");
    let store = cache.join("store");
    let fresh = std::fs::read_to_string(&stamp)
        .ok()
        .and_then(|at| at.trim().parse::<DateTime<Utc>>().ok())
        .is_some_and(|at| Utc::now() - at < CACHE_FOR);
    // Each run fires some of the seeded reminders (its wake-ups); a store with too few left
    // for a run is seeded again (a small one runs out after a few runs).
    if fresh {
        let opening = Instant::now();
        let opened = open(&store, catalog);
        if opened
            .reminder_counts()
            .is_ok_and(|(planned, ..)| planned >= 2 * WAKE_UPS as usize)
        {
            return (store, Duration::ZERO, opened, opening);
        }
    }
    let started = Instant::now();
    let _ = std::fs::remove_dir_all(&cache);
    let now = Utc::now();
    seed(&store, catalog, count, now);
    std::fs::write(&stamp, now.to_rfc3339()).unwrap_or_else(|e| panic!("{e}"));
    let seeding = started.elapsed();
    let opening = Instant::now();
    let opened = open(&store, catalog);
    (store, seeding, opened, opening)
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

/// The size of the store's log segments, as sled recorded it when it created the store.
fn segment_kib(dir: &Path) -> usize {
    std::fs::read(dir.join("conf"))
        .ok()
        .and_then(|conf| {
            String::from_utf8_lossy(&conf).lines().find_map(|l| {
                l.strip_prefix("segment_size: ")?
                    .trim()
                    .parse::<usize>()
                    .ok()
            })
        })
        .unwrap_or(0)
        / 1024
}

/// CPU seconds this process has used (user + system, every thread, sled's included), to the
/// microsecond: /proc/self/stat counts whole 10 ms ticks, as coarse as the figures compared.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        panic!("getrusage: {}", std::io::Error::last_os_error());
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

fn measure(size: usize) {
    let catalog = catalog();
    let (dir, seeding, store, opening) = seeded(&catalog, size);
    let template = template(store.as_ref());
    let first_id = store.counters().unwrap_or_else(|e| panic!("{e}")).next_case;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));

    // One wake-up: the next planned reminder of the store (one of a case written when the store
    // was seeded, or by an earlier run: not read since the store opened), fired at its instant,
    // composed and sent. Before it, as the scheduler does a second before a reminder comes due,
    // the next reminders' records are read ahead, unless REMINDER_BENCH_READ_AHEAD=0. Each step
    // is timed too, to show where a slow wake-up spends its time.
    let read_ahead = std::env::var("REMINDER_BENCH_READ_AHEAD").map_or(true, |v| v != "0");
    let manual = Arc::new(ManualClock::new(Utc::now()));
    let mut wake_ups = Vec::new();
    let mut slowest = [Duration::ZERO; 4];
    let mut most_fired = 0;
    for round in 0..WAKE_UPS {
        let due = store
            .next_reminder_at()
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("nothing planned: remove {} to seed again", dir.display()));
        manual.set(due - TimeDelta::seconds(1));
        let notifier = FirstMessage::default();
        let reminders = Reminders::new(store.clone(), catalog.clone(), manual.clone(), notifier);
        if read_ahead {
            reminders.warm().unwrap_or_else(|e| panic!("{e}"));
        }
        manual.set(due);
        let start = Instant::now();
        let mut steps = [Duration::ZERO; 4];
        runtime.block_on(async {
            let mut step = Instant::now();
            let mut lap = |i: usize| {
                steps[i] = step.elapsed();
                step = Instant::now();
            };
            let fired = reminders.fire_due().unwrap_or_else(|e| panic!("{e}"));
            most_fired = most_fired.max(fired);
            lap(0);
            reminders.until_next().unwrap_or_else(|e| panic!("{e}"));
            lap(1);
            reminders.compose().unwrap_or_else(|e| panic!("{e}"));
            lap(2);
            reminders
                .send_pending()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            lap(3);
        });
        assert!(
            reminders.notifier.0.load(Ordering::SeqCst),
            "round {round} sent nothing"
        );
        wake_ups.push((start.elapsed(), round, start - opening, steps));
        for (slow, step) in slowest.iter_mut().zip(steps) {
            *slow = (*slow).max(step);
        }
    }
    wake_ups.sort();
    let late: Vec<String> = wake_ups
        .iter()
        .rev()
        .take(3)
        .map(|(took, round, after, [fire, next, compose, send])| {
            format!(
                "{took:.1?} (round {round}, {after:.1?} after opening: fire {fire:.1?}, \
                 next {next:.1?}, compose {compose:.1?}, send {send:.1?})"
            )
        })
        .collect();
    let wake_ups: Vec<Duration> = wake_ups.into_iter().map(|(took, ..)| took).collect();

    // What `/reminders` and the queue gauges read: the counts of the reminder trees.
    let mut counting: Vec<Duration> = (0..20)
        .map(|_| {
            let start = Instant::now();
            store.reminder_counts().unwrap_or_else(|e| panic!("{e}"));
            start.elapsed()
        })
        .collect();
    counting.sort();
    let counts = store.reminder_counts().unwrap_or_else(|e| panic!("{e}"));

    // Start to first reminder: a fresh runtime with one reminder already due.
    let mut case = template.clone();
    case.id = CaseId(first_id);
    case.submitted_at = Utc::now() - TimeDelta::days(3);
    case.due_at = Utc::now() - TimeDelta::hours(1);
    put_cases(store.as_ref(), [case]);
    store.durable().unwrap_or_else(|e| panic!("{e}"));
    drop(store);
    let opening = Instant::now();
    let store = open(&dir, &catalog);
    let opened = opening.elapsed();
    let started = Instant::now();
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

    // Idle: nothing due for weeks; the runtime should sleep. The first window starts as the
    // first reminder is received, the others right after it: tokio ends a blocking thread 10 s
    // after its last task, and the memory it frees then (what the store calls on it left) falls
    // in the first two windows; the third shows the runtime with nothing left to do.
    let idle_for = Duration::from_secs(10);
    let idle: Vec<f64> = (0..3)
        .map(|_| {
            let before = cpu_seconds();
            std::thread::sleep(idle_for);
            cpu_seconds() - before
        })
        .collect();
    stop.cancel();
    let _ = runtime.block_on(handle);

    println!(
        "{size:>9} open cases (seeded in {seeding:.1?}, log segments of {} KiB): \
         wake-up{} (up to {most_fired} reminders each) p50 {:.1?} p99 {:.1?} \
         (slowest fire {:.1?}, next {:.1?}, compose {:.1?}, send {:.1?}; slowest {}); \
         counts {counts:?} read in {:.1?} (slowest {:.1?}); \
         store opened in {opened:.1?}, then first reminder after {first:.1?}; \
         idle CPU over {idle_for:?}: {:.4} s ({:.3}%), then {:.4} s ({:.3}%), then {:.4} s ({:.3}%)",
        segment_kib(&dir),
        if read_ahead {
            ""
        } else {
            " without read-ahead"
        },
        wake_ups[wake_ups.len() / 2],
        wake_ups[wake_ups.len() * 99 / 100],
        slowest[0],
        slowest[1],
        slowest[2],
        slowest[3],
        late.join(", "),
        counting[counting.len() / 2],
        counting[counting.len() - 1],
        idle[0],
        idle[0] / idle_for.as_secs_f64() * 100.0,
        idle[1],
        idle[1] / idle_for.as_secs_f64() * 100.0,
        idle[2],
        idle[2] / idle_for.as_secs_f64() * 100.0
    );
}

/// What a wake-up's three durable points (staging, the attempt, the sent mark) cost at least on
/// this disk: three 512-byte appends, each followed by `fdatasync`, per sample.
fn fsync_floor() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut file =
        std::fs::File::create(dir.path().join("floor")).unwrap_or_else(|e| panic!("{e}"));
    let record = [b'x'; 512];
    let mut samples: Vec<Duration> = (0..WAKE_UPS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..3 {
                file.write_all(&record).unwrap_or_else(|e| panic!("{e}"));
                file.sync_data().unwrap_or_else(|e| panic!("{e}"));
            }
            start.elapsed()
        })
        .collect();
    samples.sort();
    println!(
        "fsync floor: three 512-byte writes, each + fdatasync, p50 {:.1?}, p99 {:.1?}",
        samples[samples.len() / 2],
        samples[samples.len() * 99 / 100]
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
    fsync_floor();
    measure(1_000);
    measure(large);
    fsync_floor();
}
