//! The case store under load: durable filing latency with one filer, throughput with eight
//! concurrent filers (group commit), and `/case list` on a store of a million cases.
//!
//! `cargo bench --bench store` prints a table. Percentiles need every sample, which criterion
//! does not report, so this bench times each operation itself. `STORE_BENCH_CASES` sets the size
//! of the large store (default 1 000 000; 0 skips it). The machine's fsync floor (a 512-byte
//! write and `fdatasync` on the same file system) is measured in the same run, for comparison.
//!
//! `STORE_BENCH_POSTGRES=postgres://…/db` (an empty database) adds eight filers on PostgreSQL
//! beside eight on sled, both with the reminder planner as the bot opens them, and skips the rest.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use supportbot::clock::ManualClock;
use supportbot::domain::case::{Case, CaseId};
use supportbot::domain::catalog::Catalog;
use supportbot::domain::ids::Language;
use supportbot::engine::{Caller, Engine, Outcome, Role, UserId};
use supportbot::store::{Backup, PostgresStore, SledStore, Store};

const ADMIN: Caller = Caller {
    user: UserId(1),
    role: Role::Admin,
    language: Language::En,
    team_channel: false,
};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn engine(dir: &Path, now: DateTime<Utc>) -> (Engine, Arc<SledStore>) {
    let catalog = Catalog::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
        .unwrap_or_else(|e| panic!("catalog: {e}"));
    let store = Arc::new(SledStore::open(dir).unwrap_or_else(|e| panic!("store: {e}")));
    let engine =
        Engine::new(Arc::new(catalog), Arc::new(ManualClock::new(now))).with_store(store.clone());
    (engine, store)
}

fn ask(engine: &Engine, line: &str) {
    let reply = engine.handle_line(ADMIN, line);
    assert_eq!(reply.outcome, Outcome::Answered, "{line}: {}", reply.text);
}

fn setup_orgs(engine: &Engine, count: usize) {
    for i in 0..count {
        ask(
            engine,
            &format!("/org add name:org-{i} plan:elite region:emea products:aem"),
        );
    }
}

fn file_line(i: usize, orgs: usize) -> String {
    format!(
        "/case file org:org-{} product:aem priority:p{} title:\"Case number {i}\"",
        i % orgs,
        2 + i % 3
    )
}

/// What one durable point costs at least on this disk: a 512-byte append and `fdatasync`.
fn fsync_floor() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut file =
        std::fs::File::create(dir.path().join("floor")).unwrap_or_else(|e| panic!("{e}"));
    let record = [b'x'; 512];
    let mut samples = Vec::new();
    for _ in 0..2_000 {
        let start = Instant::now();
        file.write_all(&record).unwrap_or_else(|e| panic!("{e}"));
        file.sync_data().unwrap_or_else(|e| panic!("{e}"));
        samples.push(start.elapsed());
    }
    samples.sort();
    println!(
        "fsync floor: 512-byte write + fdatasync, p50 {:?}, p99 {:?}",
        percentile(&samples, 0.50),
        percentile(&samples, 0.99)
    );
}

fn filing_latency(now: DateTime<Utc>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (engine, _) = engine(dir.path(), now);
    setup_orgs(&engine, 10);
    let mut samples = Vec::new();
    for i in 0..2_000 {
        let line = file_line(i, 10);
        let start = Instant::now();
        ask(&engine, &line);
        samples.push(start.elapsed());
    }
    samples.sort();
    println!(
        "filing, 1 filer, durable: {} cases, p50 {:?}, p99 {:?}, max {:?}",
        samples.len(),
        percentile(&samples, 0.50),
        percentile(&samples, 0.99),
        samples[samples.len() - 1]
    );
}

fn concurrent_filing(now: DateTime<Utc>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (engine, _) = engine(dir.path(), now);
    setup_orgs(&engine, 10);
    const FILERS: usize = 8;
    const EACH: usize = 500;
    let start = Instant::now();
    std::thread::scope(|scope| {
        for filer in 0..FILERS {
            let engine = engine.clone();
            scope.spawn(move || {
                for i in 0..EACH {
                    ask(&engine, &file_line(filer * EACH + i, 10));
                }
            });
        }
    });
    let elapsed = start.elapsed();
    println!(
        "filing, {FILERS} concurrent filers, durable: {} cases in {elapsed:?}, {:.0} cases/s",
        FILERS * EACH,
        (FILERS * EACH) as f64 / elapsed.as_secs_f64()
    );
}

/// Eight filers through one engine on `store`, planning reminders as the bot does.
fn concurrent_filing_on(label: &str, store: Arc<dyn Store>, now: DateTime<Utc>) {
    let catalog = Arc::new(
        Catalog::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
            .unwrap_or_else(|e| panic!("catalog: {e}")),
    );
    let engine = Engine::new(catalog, Arc::new(ManualClock::new(now))).with_store(store);
    setup_orgs(&engine, 10);
    const FILERS: usize = 8;
    const EACH: usize = 500;
    let start = Instant::now();
    std::thread::scope(|scope| {
        for filer in 0..FILERS {
            let engine = engine.clone();
            scope.spawn(move || {
                for i in 0..EACH {
                    ask(&engine, &file_line(filer * EACH + i, 10));
                }
            });
        }
    });
    let elapsed = start.elapsed();
    println!(
        "filing on {label}, {FILERS} concurrent filers, 1 process: {} cases in {elapsed:?}, {:.0} cases/s",
        FILERS * EACH,
        (FILERS * EACH) as f64 / elapsed.as_secs_f64()
    );
}

/// sled and PostgreSQL side by side, each opened with the planner.
fn backends(url: &str, now: DateTime<Utc>) {
    let catalog = Arc::new(
        Catalog::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
            .unwrap_or_else(|e| panic!("catalog: {e}")),
    );
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sled = SledStore::open(dir.path())
        .unwrap_or_else(|e| panic!("store: {e}"))
        .with_planner(supportbot::reminders::planner(catalog.clone()));
    concurrent_filing_on("sled", Arc::new(sled), now);
    let postgres = PostgresStore::open(url)
        .unwrap_or_else(|e| panic!("store: {e}"))
        .with_planner(supportbot::reminders::planner(catalog));
    concurrent_filing_on("PostgreSQL", Arc::new(postgres), now);
}

fn large_store(now: DateTime<Utc>) {
    let cases: usize = std::env::var("STORE_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    if cases == 0 {
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (engine, store) = engine(dir.path(), now);
    setup_orgs(&engine, 100);
    let seed_start = Instant::now();
    // Seeding goes through the store directly, one flush at the end: it prepares the data set and
    // is not what is measured.
    let template = {
        ask(&engine, &file_line(0, 100));
        store
            .case(CaseId(1))
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("seed case"))
    };
    put_cases(
        store.as_ref(),
        (1..cases).map(|i| {
            let mut case = template.clone();
            case.id = CaseId(i as u64 + 1);
            case.org = format!("org-{}", i % 100)
                .parse()
                .unwrap_or_else(|e| panic!("{e}"));
            case.title = supportbot::domain::text::UserText::line(&format!("Case number {i}"))
                .unwrap_or_else(|e| panic!("{e}"));
            case.submitted_at = now - TimeDelta::seconds((i % 1_000_000) as i64);
            case.due_at = case.submitted_at + TimeDelta::hours(1 + (i % 48) as i64);
            case
        }),
    );
    store.durable().unwrap_or_else(|e| panic!("{e}"));
    println!("seeded {cases} cases in {:?}", seed_start.elapsed());
    let lines = [
        "/case list",
        "/case list org:org-42",
        "/case list breaching:true",
        "/case list priority:p4",
        "/case list page:100",
    ];
    for line in lines {
        let mut samples = Vec::new();
        for _ in 0..50 {
            let start = Instant::now();
            black_box(engine.handle_line(ADMIN, line));
            samples.push(start.elapsed());
        }
        samples.sort();
        println!(
            "{line:<28} on {cases} cases: p50 {:?}, p99 {:?}",
            percentile(&samples, 0.5),
            percentile(&samples, 0.99)
        );
    }
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench` absent: keep that quick.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let now: DateTime<Utc> = "2026-11-24T10:00:00Z".parse().unwrap_or_default();
    if let Ok(url) = std::env::var("STORE_BENCH_POSTGRES") {
        backends(&url, now);
        return;
    }
    fsync_floor();
    filing_latency(now);
    concurrent_filing(now);
    large_store(now);
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
