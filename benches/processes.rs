//! Whole `supportbot run` processes under load: the release binary, started as an operator starts
//! it (`SUPPORTBOT_STORE`, `SUPPORTBOT_HTTP`, `DISCORD_PUBLIC_KEY`), against the fake Discord of
//! `tests/fake_discord/` (REST and gateway on loopback). Discord's interactions are posted to each
//! process's `POST /interactions` as Discord posts them, signed with a test key pair whose public
//! half the processes are given; the fake takes each HTTP response as the interaction's callback
//! and answers the bot's edits, follow-ups and reminder messages.
//!
//! - **filing**: 8 filers, each sending a signed `/case file` and waiting for its answer before
//!   the next (closed loop), filer `i` always to process `i mod N`: on sled (one process, all a
//!   sled store allows) and on PostgreSQL with 1 and 3 processes. Cases/s, then every
//!   acknowledged case is looked for in the store.
//! - **latency**: an open loop at a steady rate: each request goes out on its schedule whether or
//!   not earlier ones were answered, three in four a catalog question, one in four a case filing,
//!   round robin over the processes (3 on PostgreSQL, then 1 on sled). Latency is from the
//!   scheduled instant to the whole HTTP response, so a late send counts against the bot.
//! - **reminders**: while 3 processes run on PostgreSQL, cases whose every reminder is past due
//!   are written in one transaction (a restore); messages/s from its commit until the fake has the
//!   last one, which process sent what, and every (case, threshold) counted at the fake: each
//!   must be reported exactly once.
//!
//! ```sh
//! createdb -h 127.0.0.1 -p 54329 -U supportbot bench_processes   # the bench empties it each time
//! PROCESSES_BENCH_POSTGRES=postgres://supportbot@127.0.0.1:54329/bench_processes \
//!     cargo bench --bench processes
//! ```
//!
//! Without `PROCESSES_BENCH_POSTGRES` only the sled figures run. `PROCESSES_BENCH_ONLY=filing`
//! (or `latency`, `reminders`) runs one part; `PROCESSES_BENCH_RATE` (200) and
//! `PROCESSES_BENCH_SECS` (30) set the open loop; `PROCESSES_BENCH_REMINDER_CASES` (2000) and
//! `PROCESSES_BENCH_CHANNELS` (50, one organisation each) the reminder storm. The database named
//! must be the bench's alone: its `public` schema is dropped before each measurement.
//! `PROCESSES_BENCH_LOG` is the processes' `RUST_LOG` (`warn`).

#[path = "../tests/fake_discord/mod.rs"]
mod fake_discord;

use std::collections::BTreeMap;
use std::fs::File;
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::{TimeDelta, Utc};
use ed25519_dalek::{Signer, SigningKey};
use fake_discord::{DeliveryKind, FakeDiscord, Route, opt};
use serde_json::Value;
use supportbot::clock::ManualClock;
use supportbot::domain::catalog::Catalog;
use supportbot::engine::{Caller, Engine, Outcome, Role, UserId};
use supportbot::i18n::Language;
use supportbot::store::{self, Backup, Store, StoreUrl};
use tokio::runtime::Runtime;
use tokio::task::JoinSet;

const BIN: &str = env!("CARGO_BIN_EXE_supportbot");
const GUILD: u64 = 700_000_000_000_000_001;
const CHANNEL: u64 = 600_000_000_000_000_001;
/// Reminder channels are this plus the organisation's number.
const REMINDER_CHANNELS: u64 = 610_000_000_000_000_000;
const AGENT_ROLE: u64 = 500_000_000_000_000_002;
const REMINDER_ROLE: u64 = 500_000_000_000_000_003;
const AGENT: u64 = 400_000_000_000_000_002;
/// Organisations cases are filed for in the filing and latency parts.
const ORGS: usize = 10;
const FILERS: usize = 8;
const EACH: usize = 500;
/// Longer than any answer may take: a deferred filing's edit, a process starting.
const PATIENCE: Duration = Duration::from_secs(60);
/// How long the reminder storm may take before the bench gives up and shows the processes' logs.
const STORM_PATIENCE: Duration = Duration::from_secs(300);

const ADMIN: Caller = Caller {
    user: UserId(1),
    role: Role::Admin,
    language: Language::En,
    team_channel: false,
};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn catalog() -> Arc<Catalog> {
    Arc::new(Catalog::load(&root().join("data")).unwrap_or_else(|e| panic!("catalog: {e}")))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// Where the processes keep their records.
enum Backend {
    Sled(tempfile::TempDir),
    /// A database for the bench alone, emptied first.
    Postgres(String),
}

impl Backend {
    fn sled() -> Backend {
        Backend::Sled(tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")))
    }

    fn postgres(url: &str) -> Backend {
        let mut client = postgres::Client::connect(url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("PROCESSES_BENCH_POSTGRES={url} is not reachable: {e}"));
        client
            .batch_execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
            .unwrap_or_else(|e| panic!("cannot empty {url}: {e}"));
        Backend::Postgres(url.to_owned())
    }

    fn url(&self) -> String {
        match self {
            Backend::Sled(dir) => format!("sled:{}", dir.path().display()),
            Backend::Postgres(url) => url.clone(),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Backend::Sled(_) => "sled",
            Backend::Postgres(_) => "PostgreSQL",
        }
    }

    /// The store as the bot opens it, with the reminder planner. On sled, close it before the
    /// bot starts: one process per directory.
    fn open(&self, catalog: &Arc<Catalog>) -> Arc<dyn Store> {
        let url: StoreUrl = self.url().parse().unwrap_or_else(|e| panic!("{e}"));
        store::open(
            &url,
            false,
            Some(supportbot::reminders::planner(catalog.clone())),
        )
        .unwrap_or_else(|e| panic!("store: {e}"))
    }
}

fn ask(engine: &Engine, line: &str) {
    let reply = engine.handle_line(ADMIN, line);
    assert_eq!(reply.outcome, Outcome::Answered, "{line}: {}", reply.text);
}

/// `count` organisations `org-0`…, each with its own reminder channel when `routes`.
fn set_up_orgs(engine: &Engine, count: usize, routes: bool) {
    for i in 0..count {
        ask(
            engine,
            &format!("/org add name:org-{i} plan:elite region:emea products:aem"),
        );
        if routes {
            ask(
                engine,
                &format!(
                    "/reminders set region:emea channel:<#{}> role:<@&{REMINDER_ROLE}> language:en org:org-{i}",
                    REMINDER_CHANNELS + i as u64
                ),
            );
        }
    }
}

/// The organisations for filing, written before any process starts.
fn prepare(backend: &Backend, orgs: usize, routes: bool) {
    let catalog = catalog();
    let store = backend.open(&catalog);
    let engine = Engine::new(catalog, Arc::new(ManualClock::new(Utc::now()))).with_store(store);
    set_up_orgs(&engine, orgs, routes);
}

/// Cases in every store, counted after the processes stopped.
fn stored_cases(backend: &Backend) -> usize {
    let store = backend.open(&catalog());
    let mut count = 0;
    store
        .scan_cases(&mut |_| {
            count += 1;
            true
        })
        .unwrap_or_else(|e| panic!("{e}"));
    count
}

/// Running `supportbot run` processes and the fake Discord they talk to.
struct Cluster {
    fake: FakeDiscord,
    /// Discord's key in this bench: the processes know only its public half.
    key: SigningKey,
    endpoints: Vec<String>,
    client: reqwest::Client,
}

struct Processes {
    children: Vec<Child>,
    logs: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("a loopback port: {e}"))
}

/// Starts `count` processes on `backend` and waits until each answers a signed interaction.
fn start(runtime: &Runtime, backend: &Backend, count: usize) -> (Arc<Cluster>, Processes) {
    let fake = runtime.block_on(FakeDiscord::start());
    let key = SigningKey::from_bytes(&[7; 32]);
    let logs = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut children = Vec::new();
    let mut endpoints = Vec::new();
    for i in 0..count {
        let port = free_port();
        let log = |kind: &str| {
            File::create(logs.path().join(format!("bot-{i}.{kind}")))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let child = Command::new(BIN)
            .arg("run")
            // Each process its own token, so the fake's log tells who sent what.
            .env("DISCORD_TOKEN", format!("bench-token-{i}"))
            .env("SUPPORTBOT_DISCORD_API", fake.base_url())
            .env("DISCORD_PUBLIC_KEY", hex(&key.verifying_key().to_bytes()))
            .env("SUPPORTBOT_HTTP", format!("127.0.0.1:{port}"))
            .env("SUPPORTBOT_AGENT_ROLES", AGENT_ROLE.to_string())
            .env("SUPPORTBOT_STORE", backend.url())
            .env("NO_PROXY", "127.0.0.1,localhost")
            .env(
                "RUST_LOG",
                std::env::var("PROCESSES_BENCH_LOG").unwrap_or_else(|_| "warn".to_owned()),
            )
            .current_dir(logs.path())
            .stdin(Stdio::null())
            .stdout(log("out"))
            .stderr(log("err"))
            .spawn()
            .unwrap_or_else(|e| panic!("{BIN} starts: {e}"));
        children.push(child);
        endpoints.push(format!("http://127.0.0.1:{port}/interactions"));
    }
    let cluster = Arc::new(Cluster {
        fake,
        key,
        endpoints,
        client: reqwest::Client::new(),
    });
    let mut processes = Processes { children, logs };
    for process in 0..count {
        let started = Instant::now();
        loop {
            let payload = catalog_question(&cluster.fake, 0);
            if runtime
                .block_on(cluster.exchange(process, &payload))
                .is_ok()
            {
                break;
            }
            if let Ok(Some(status)) = processes.children[process].try_wait() {
                panic!(
                    "process {process} ended ({status}):\n{}",
                    processes.log(process)
                );
            }
            assert!(
                started.elapsed() < PATIENCE,
                "process {process} never answered:\n{}",
                processes.log(process)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    (cluster, processes)
}

impl Processes {
    fn log(&self, process: usize) -> String {
        std::fs::read_to_string(self.logs.path().join(format!("bot-{process}.err")))
            .unwrap_or_default()
    }

    /// SIGTERM, as an operator stops the bot; killed if still running after a while.
    fn stop(mut self) {
        for child in &self.children {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
        }
        for child in &mut self.children {
            let deadline = Instant::now() + Duration::from_secs(20);
            while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
            if matches!(child.try_wait(), Ok(None)) {
                eprintln!("a process did not stop on SIGTERM; killed");
            }
        }
    }
}

/// A bench that fails on the way leaves no process behind.
impl Drop for Processes {
    fn drop(&mut self) {
        for child in &mut self.children {
            if matches!(child.try_wait(), Ok(None)) {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

/// The i-th catalog question: the kinds `discord_load` uses, in three locales.
fn catalog_question(fake: &FakeDiscord, i: u64) -> Value {
    let locale = ["en-US", "zh-TW", "ja"][(i % 3) as usize];
    let (name, options) = match i % 6 {
        0 => ("hours", vec![opt::string("region", "japan")]),
        1 => (
            "slo",
            vec![
                opt::string("plan", "business"),
                opt::string("priority", "p2"),
            ],
        ),
        2 => ("entitlements", vec![opt::string("plan", "elite")]),
        3 => (
            "due",
            vec![
                opt::string("plan", "business"),
                opt::string("priority", "p2"),
                opt::string("region", "emea"),
                opt::string("at", "2026-11-20 16:30"),
            ],
        ),
        4 => ("features", vec![opt::string("plan", "business")]),
        _ => ("compare", vec![]),
    };
    let user = 400_000_000_000_100_000 + i % 1000;
    fake.interaction_command(name, options, locale, user, &[], CHANNEL, Some(GUILD))
}

/// `/case file` by an agent for one of the organisations.
fn filing(fake: &FakeDiscord, i: usize) -> Value {
    fake.interaction_command(
        "case",
        vec![opt::sub(
            "file",
            vec![
                opt::string("org", &format!("org-{}", i % ORGS)),
                opt::string("product", "aem"),
                opt::string("priority", &format!("p{}", 2 + i % 3)),
                opt::string("title", &format!("Case number {i}")),
            ],
        )],
        "en-US",
        AGENT,
        &[AGENT_ROLE],
        CHANNEL,
        Some(GUILD),
    )
}

impl Cluster {
    /// Posts `payload` to process `process` as Discord does and hands the response to the fake
    /// as the interaction's callback.
    async fn exchange(&self, process: usize, payload: &Value) -> Result<Value, String> {
        self.fake.http_interaction(payload);
        let body = payload.to_string().into_bytes();
        let timestamp = unix_now().to_string();
        let signature = hex(&self
            .key
            .sign(&[timestamp.as_bytes(), &body].concat())
            .to_bytes());
        let response = self
            .client
            .post(&self.endpoints[process])
            .header("content-type", "application/json")
            .header("X-Signature-Ed25519", signature)
            .header("X-Signature-Timestamp", timestamp)
            .body(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let text = response.text().await.map_err(|e| e.to_string())?;
        if status != 200 {
            return Err(format!("{status}: {text}"));
        }
        let response: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        self.fake
            .http_interaction_answered(payload, &response)
            .map_err(|status| format!("Discord refused the answer: {status}"))?;
        Ok(response)
    }

    /// Whether a filing was recorded: at once (type 4), or in the edit of a deferral (type 5).
    async fn recorded(&self, payload: &Value, response: &Value) -> bool {
        if response["type"] == 4 {
            return response.to_string().contains("Recorded as CASE-");
        }
        let token = payload["token"].as_str().unwrap_or_default();
        // The deferral shows as an empty original until the edit arrives.
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if self
                .fake
                .original_response(token)
                .is_some_and(|edited| edited.to_string().contains("Recorded as CASE-"))
            {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }
}

/// Part 1: eight closed-loop filers over `processes` processes.
fn filing_throughput(runtime: &Runtime, backend: &Backend, processes: usize) {
    prepare(backend, ORGS, false);
    let (cluster, running) = start(runtime, backend, processes);
    let load_before = load_average();
    let started = Instant::now();
    let (acknowledged, failures) = runtime.block_on(async {
        let mut filers = JoinSet::new();
        for filer in 0..FILERS {
            let cluster = cluster.clone();
            filers.spawn(async move {
                let (mut acknowledged, mut failures) = (0usize, Vec::new());
                for n in 0..EACH {
                    let payload = filing(&cluster.fake, filer * EACH + n);
                    match cluster.exchange(filer % processes, &payload).await {
                        Ok(response) if cluster.recorded(&payload, &response).await => {
                            acknowledged += 1;
                        }
                        Ok(response) => failures.push(format!("not recorded: {response}")),
                        Err(error) => failures.push(error),
                    }
                }
                (acknowledged, failures)
            });
        }
        let (mut acknowledged, mut failures) = (0, Vec::new());
        while let Some(done) = filers.join_next().await {
            let (a, f) = done.unwrap_or_else(|e| panic!("a filer: {e}"));
            acknowledged += a;
            failures.extend(f);
        }
        (acknowledged, failures)
    });
    let elapsed = started.elapsed();
    let load_after = load_average();
    let notes = cluster.fake.notes();
    running.stop();
    let stored = stored_cases(backend);
    println!(
        "filing, {FILERS} filers over HTTP, {} with {processes} process(es): {acknowledged} cases acknowledged in {:.2} s: {:.0} cases/s \
         (failed {}, stored {stored}, protocol notes {}, load {load_before} -> {load_after})",
        backend.name(),
        elapsed.as_secs_f64(),
        acknowledged as f64 / elapsed.as_secs_f64(),
        failures.len(),
        notes.len(),
    );
    for failure in failures.iter().take(5) {
        println!("  failure: {failure}");
    }
    assert_eq!(stored, acknowledged, "every acknowledged case is stored");
}

/// Part 2: the open loop at `rate` per second for `seconds`.
fn interaction_latency(
    runtime: &Runtime,
    backend: &Backend,
    processes: usize,
    rate: u64,
    seconds: u64,
) {
    prepare(backend, ORGS, false);
    let (cluster, running) = start(runtime, backend, processes);
    let load_before = load_average();
    let total = rate * seconds;
    let period = Duration::from_secs_f64(1.0 / rate as f64);
    let (mut latencies, errors, deferred, filed) = runtime.block_on(async {
        let mut requests = JoinSet::new();
        let first = tokio::time::Instant::now() + Duration::from_millis(100);
        for i in 0..total {
            let at = first + period.mul_f64(i as f64);
            tokio::time::sleep_until(at).await;
            let cluster = cluster.clone();
            requests.spawn(async move {
                let filing_request = i % 4 == 3;
                let payload = if filing_request {
                    filing(&cluster.fake, i as usize)
                } else {
                    catalog_question(&cluster.fake, i)
                };
                let result = cluster
                    .exchange(i as usize % cluster.endpoints.len(), &payload)
                    .await;
                (at.elapsed(), filing_request, result)
            });
        }
        let (mut latencies, mut errors, mut deferred, mut filed) = (Vec::new(), Vec::new(), 0, 0);
        while let Some(done) = requests.join_next().await {
            let (latency, filing_request, result) =
                done.unwrap_or_else(|e| panic!("a request: {e}"));
            match result {
                Ok(response) => {
                    latencies.push(latency);
                    deferred += usize::from(response["type"] == 5);
                    filed += usize::from(filing_request);
                }
                Err(error) => errors.push(error),
            }
        }
        (latencies, errors, deferred, filed)
    });
    let load_after = load_average();
    let notes = cluster.fake.notes();
    running.stop();
    latencies.sort();
    println!(
        "latency, {total} interactions at {rate}/s ({filed} filings), {} with {processes} process(es): \
         p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms; answered {}, deferred {deferred}, failed {}, \
         protocol notes {} (load {load_before} -> {load_after})",
        backend.name(),
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 90.0)),
        ms(percentile(&latencies, 99.0)),
        ms(latencies.last().copied().unwrap_or_default()),
        latencies.len(),
        errors.len(),
        notes.len(),
    );
    for error in errors.iter().take(5) {
        println!("  failure: {error}");
    }
}

/// The (case, threshold label) pairs a reminder message reports, as `compose.rs` writes them: a
/// full line ends its case with `— labels · …`; a storm's short lines take their labels from the
/// bold heading above them.
fn reported(content: &str, pairs: &mut BTreeMap<(String, String), usize>) {
    let mut heading: Vec<String> = Vec::new();
    for line in content.lines() {
        if let Some(rest) = line.strip_prefix("**") {
            let labels = rest.split("**").next().unwrap_or_default();
            heading = labels.split(", ").map(str::to_owned).collect();
            continue;
        }
        let Some(rest) = line.strip_prefix('`') else {
            continue;
        };
        let Some((case, rest)) = rest.split_once('`') else {
            continue;
        };
        if !case.starts_with("CASE-") {
            continue;
        }
        let labels: Vec<String> = match rest.split_once(" — ") {
            Some((_, after)) => after
                .split(" · ")
                .next()
                .unwrap_or_default()
                .split(", ")
                .map(str::to_owned)
                .collect(),
            None => heading.clone(),
        };
        for label in labels {
            *pairs.entry((case.to_owned(), label)).or_insert(0) += 1;
        }
    }
}

/// Part 3: a storm of due reminders while three processes run on PostgreSQL.
fn reminder_delivery(runtime: &Runtime, url: &str, cases: usize, channels: usize) {
    let backend = Backend::postgres(url);
    prepare(&backend, channels, true);
    // The cases are filed two weeks ago on a scratch store, so every threshold is past, then
    // written to the shared store at once.
    let catalog = catalog();
    let scratch = Backend::sled();
    let filed_at = Utc::now() - TimeDelta::days(14);
    let storm: Vec<_> = {
        let store = scratch.open(&catalog);
        let engine = Engine::new(catalog.clone(), Arc::new(ManualClock::new(filed_at)))
            .with_store(store.clone());
        set_up_orgs(&engine, channels, false);
        for i in 0..cases {
            ask(
                &engine,
                &format!(
                    "/case file org:org-{} product:aem priority:p{} title:\"Case number {i}\"",
                    i % channels,
                    2 + i % 3
                ),
            );
        }
        let mut all = Vec::new();
        store
            .scan_cases(&mut |case| {
                all.push((case, Vec::new()));
                true
            })
            .unwrap_or_else(|e| panic!("{e}"));
        all
    };
    let (cluster, running) = start(runtime, &backend, 3);
    let shared = backend.open(&catalog);
    // Start-up is not what is measured: the storm comes once every process has settled.
    std::thread::sleep(Duration::from_secs(env_number(
        "PROCESSES_BENCH_SETTLE_SECS",
        2,
    )));
    let load_before = load_average();
    let writing = Instant::now();
    shared
        .restore(
            &Backup {
                cases: storm,
                ..Backup::default()
            },
            false,
        )
        .unwrap_or_else(|e| panic!("the storm is written: {e}"));
    let committed = Instant::now();
    loop {
        let counts = shared.reminder_counts().unwrap_or_else(|e| panic!("{e}"));
        if counts == (0, 0, 0, 0) {
            break;
        }
        if committed.elapsed() > STORM_PATIENCE {
            for process in 0..3 {
                println!("process {process}:\n{}", running.log(process));
            }
            panic!("reminders still waiting: {counts:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let load_after = load_average();
    let deliveries: Vec<_> = cluster
        .fake
        .deliveries()
        .into_iter()
        .filter(|d| d.kind == DeliveryKind::ChannelMessage)
        .collect();
    let last = deliveries.iter().map(|d| d.at).max().unwrap_or(committed);
    let first = deliveries.iter().map(|d| d.at).min().unwrap_or(committed);
    let elapsed = last.saturating_duration_since(committed);
    let mut pairs = BTreeMap::new();
    for delivery in &deliveries {
        reported(
            delivery.message["content"].as_str().unwrap_or_default(),
            &mut pairs,
        );
    }
    let mut by_process: BTreeMap<String, usize> = BTreeMap::new();
    let mut attempts = 0;
    for request in cluster.fake.requests_to(Route::ChannelMessages) {
        if request.method == "POST" {
            attempts += 1;
            if request.status == 200 {
                *by_process
                    .entry(request.authorization.unwrap_or_default())
                    .or_insert(0) += 1;
            }
        }
    }
    let notes = cluster.fake.notes();
    running.stop();
    let mut client =
        postgres::Client::connect(url, postgres::NoTls).unwrap_or_else(|e| panic!("{url}: {e}"));
    let fired: BTreeMap<String, usize> = client
        .query(
            "SELECT case_id, count(*) FROM reminder_fired GROUP BY case_id",
            &[],
        )
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(|row| {
            (
                format!("CASE-{:06}", row.get::<_, i64>(0)),
                row.get::<_, i64>(1) as usize,
            )
        })
        .collect();
    let mut reported_per_case: BTreeMap<String, usize> = BTreeMap::new();
    for (case, _) in pairs.keys() {
        *reported_per_case.entry(case.clone()).or_insert(0) += 1;
    }
    let twice = pairs.values().filter(|n| **n > 1).count();
    let total_fired: usize = fired.values().sum();
    println!(
        "reminders, 3 processes on PostgreSQL: {cases} cases, {total_fired} (case, threshold) pairs due at once in {channels} channels; \
         written in {:.2} s; first message {:.2} s after the commit, {} messages in {:.2} s: {:.0} messages/s, {:.0} reminders/s \
         (POST attempts {attempts}, per process {:?}, protocol notes {}, load {load_before} -> {load_after})",
        committed.duration_since(writing).as_secs_f64(),
        first.saturating_duration_since(committed).as_secs_f64(),
        deliveries.len(),
        elapsed.as_secs_f64(),
        deliveries.len() as f64 / elapsed.as_secs_f64(),
        total_fired as f64 / elapsed.as_secs_f64(),
        by_process.values().collect::<Vec<_>>(),
        notes.len(),
    );
    println!(
        "  each once: {} pairs reported, {twice} reported more than once; per case as fired: {}",
        pairs.len(),
        reported_per_case == fired
    );
    assert_eq!(twice, 0, "a (case, threshold) was reported twice");
    assert_eq!(
        reported_per_case, fired,
        "every fired (case, threshold) reported, nothing else"
    );
}

fn main() -> ExitCode {
    // `cargo test --benches` runs bench targets with `--bench` absent: keep that quick.
    if !std::env::args().any(|a| a == "--bench") {
        return ExitCode::SUCCESS;
    }
    let only = std::env::var("PROCESSES_BENCH_ONLY").ok();
    let runs = |part: &str| only.as_deref().is_none_or(|o| o == part);
    let postgres = std::env::var("PROCESSES_BENCH_POSTGRES").ok();
    if postgres.is_none() {
        println!("PROCESSES_BENCH_POSTGRES is unset: sled figures only");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("a runtime: {e}"));
    println!("load average at start: {}", load_average());
    if runs("filing") {
        filing_throughput(&runtime, &Backend::sled(), 1);
        if let Some(url) = &postgres {
            filing_throughput(&runtime, &Backend::postgres(url), 1);
            filing_throughput(&runtime, &Backend::postgres(url), 3);
        }
    }
    if runs("latency") {
        let rate = env_number("PROCESSES_BENCH_RATE", 200).max(1);
        let seconds = env_number("PROCESSES_BENCH_SECS", 30).max(1);
        if let Some(url) = &postgres {
            interaction_latency(&runtime, &Backend::postgres(url), 3, rate, seconds);
        }
        interaction_latency(&runtime, &Backend::sled(), 1, rate, seconds);
    }
    if runs("reminders")
        && let Some(url) = &postgres
    {
        let cases = env_number("PROCESSES_BENCH_REMINDER_CASES", 2000) as usize;
        let channels = env_number("PROCESSES_BENCH_CHANNELS", 50).max(1) as usize;
        reminder_delivery(&runtime, url, cases, channels);
    }
    ExitCode::SUCCESS
}
