//! Three `supportbot run` processes on one PostgreSQL database against the fake Discord, one of
//! them at a time killed with SIGKILL and restarted at random moments, some of them while it
//! sends a reminder (skipped, saying so, without `SUPPORTBOT_TEST_POSTGRES`). Cases are filed by signed HTTP interactions through all
//! three; reminders fall due seconds after each filing (a test catalog: a 1-minute 24x7 target,
//! reminders at 10% and 30% of it, no breach notice); plain-language questions arrive over the
//! gateway. Afterwards every acknowledged case is in the store under its own number, every due
//! (case, threshold) reached the channel exactly once, counted at the fake from the messages'
//! lines (and checked against their nonces), none said it was missed while the bot was offline
//! (two copies ran throughout), no question was answered twice, no bot ended by itself, and the
//! gateway moved to a survivor within 10 seconds of each owner's death.
//!
//! A second test sends one signed filing to two copies at once: one files it, the other answers
//! 401, as to any replay.
//!
//! The random moments come from a seed printed at the start; `SUPPORTBOT_CHAOS_SEED=N` replays
//! a run's schedule (the machine's timing still varies). The bots' logs are kept when the test
//! fails, or with `SUPPORTBOT_CHAOS_KEEP=1`.

mod fake_discord;
#[path = "common/interactions.rs"]
mod interactions;
#[path = "common/pg.rs"]
mod pg;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ed25519_dalek::SigningKey;
use fake_discord::{DeliveryKind, FakeDiscord, FakeOptions, GwDir, Hold, Route, user};
use interactions::{AGENT_ROLE, CHANNEL, CUSTOMER, GUILD, filing, hex, signed_now};
use serde_json::Value;
use supportbot::domain::case::CaseId;
use supportbot::domain::reminders::Threshold;

const PROCESSES: usize = 3;
const CASES: usize = 300;
/// Concurrent filers, each filing its share one after another.
const FILERS: usize = 6;
const REMINDER_ROLE: u64 = 500_000_000_000_000_009;
/// The reminders every case gets, as `Threshold::code` names them: 10% and 30% of a 1-minute
/// target, 6 and 18 seconds after filing.
const THRESHOLDS: [&str; 2] = ["u100", "u300"];
/// How soon after an owner's death a survivor must hold the gateway (issue 13).
const TAKEOVER: Duration = Duration::from_secs(10);
/// How long a process may take to start serving.
const START: Duration = Duration::from_secs(20);
/// How long, after the last filing, every due reminder may take to arrive.
const SETTLE: Duration = Duration::from_secs(40);
/// What Discord is trusted with: it drops a resent nonce within this window (the catalog's
/// `nonce_window_seconds`); later resends would show here as a second delivery.
const NONCE_WINDOW: Duration = Duration::from_secs(60);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// splitmix64: a seeded schedule of random moments, printed so a run can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn millis(&mut self, from: u64, to: u64) -> Duration {
        Duration::from_millis(from + self.next() % (to - from))
    }
}

/// The catalog shipped in `data/` with Online P2 a 24x7 target of one minute and its reminders
/// at 10% and 30% of it, with no breach notice: every case's reminders fall due within 18 s.
fn fast_catalog(dir: &Path) -> PathBuf {
    let catalog = dir.join("catalog");
    copy_dir(&root().join("data"), &catalog);
    let edit = |file: &str, from: &str, to: &str| {
        let path = catalog.join(file);
        let text = std::fs::read_to_string(&path).expect("a catalog file");
        assert!(text.contains(from), "{file} holds {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("the catalog is writable");
    };
    edit(
        "targets.toml",
        "plan = \"online\"\npriority = \"p2\"\ncalendar = \"business-hours\"\nhours = 4",
        "plan = \"online\"\npriority = \"p2\"\ncalendar = \"24x7\"\nminutes = 1",
    );
    edit("reminders.toml", "breach = true", "breach = false");
    edit(
        "reminders.toml",
        "minutes_before = [30, 10]",
        "fractions = [0.1, 0.3]",
    );
    catalog
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a directory");
    for entry in std::fs::read_dir(from).expect("a readable directory") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}

/// What every process shares: the store, the catalog, the fake, Discord's key.
struct Setup {
    url: String,
    catalog: PathBuf,
    api: String,
    public_key: String,
    dir: PathBuf,
}

impl Setup {
    fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_supportbot"));
        command
            .current_dir(&self.dir)
            .env("SUPPORTBOT_STORE", &self.url)
            .env("SUPPORTBOT_CATALOG", &self.catalog)
            .env("NO_PROXY", "127.0.0.1,localhost")
            .env_remove("SUPPORTBOT_HTTP")
            .env_remove("DISCORD_TOKEN")
            .stdin(Stdio::null());
        command
    }

    /// `supportbot ask --as ROLE LINE` on the shared store; it must answer.
    fn ask(&self, role: &str, line: &str) {
        let output = self
            .command()
            .args(["ask", "--as", role, line])
            .output()
            .expect("supportbot runs");
        assert!(
            output.status.success(),
            "{line}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// One of the three bots: its listener and token are its own, and stay across restarts.
struct Process {
    index: usize,
    port: u16,
    token: String,
    child: Option<Child>,
    starts: usize,
}

impl Process {
    fn start(&mut self, setup: &Setup) {
        self.starts += 1;
        let log = std::fs::File::create(
            setup
                .dir
                .join(format!("bot{}-{}.log", self.index, self.starts)),
        )
        .expect("a log file");
        let child = setup
            .command()
            .arg("run")
            .env("DISCORD_TOKEN", &self.token)
            .env("DISCORD_PUBLIC_KEY", &setup.public_key)
            .env("SUPPORTBOT_DISCORD_API", &setup.api)
            .env("SUPPORTBOT_HTTP", format!("127.0.0.1:{}", self.port))
            .env("SUPPORTBOT_AGENT_ROLES", AGENT_ROLE.to_string())
            .env("RUST_LOG", "supportbot=info")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("the bot starts");
        self.child = Some(child);
    }

    /// SIGKILL; a bot that had already ended by itself fails the test (unless it is failing).
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let ended = child.try_wait().ok().flatten();
            let _ = child.kill();
            let _ = child.wait();
            if let Some(status) = ended
                && !std::thread::panicking()
            {
                panic!(
                    "bot {} ended by itself ({status}); see bot{}-{}.log",
                    self.index, self.index, self.starts
                );
            }
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// A failing test leaves no bot running.
impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Waits until the process serves: `/readyz` answers 200 once the interactions endpoint is on.
async fn wait_ready(client: &reqwest::Client, url: &str) {
    let deadline = Instant::now() + START;
    loop {
        let ready = client.get(format!("{url}/readyz")).send().await;
        if ready.is_ok_and(|r| r.status() == 200) {
            return;
        }
        assert!(Instant::now() < deadline, "{url} never became ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A filing whose reply came back: the case number the bot gave it.
#[derive(Debug)]
struct Filed {
    title: String,
    case: Option<u64>,
    /// The interaction's token, when the reply was a deferral: its edit names the case.
    deferred: Option<String>,
}

/// The case number in a reply (`CASE-000042` → 42).
fn case_in(text: &str) -> Option<u64> {
    let at = text.find("CASE-")? + "CASE-".len();
    let digits: String = text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The (case, threshold) pairs a reminder message reports, read from its lines: a full line
/// (`` `CASE-000042` **P2** `acme` title — 10% of the target used · … ``) names its thresholds;
/// a storm's short line (`` `CASE-000042` P2 `acme` ``) has them in its heading (`**10% of the
/// target used** · …`).
fn reported(content: &str) -> Vec<(u64, String)> {
    let codes = |labels: &str| -> Vec<String> {
        labels
            .split(", ")
            .map(|label| match label.strip_suffix("% of the target used") {
                Some(percent) => {
                    let percent: f64 = percent.parse().unwrap_or(f64::NAN);
                    format!("u{}", (percent * 10.0).round())
                }
                None => format!("unknown label {label:?}"),
            })
            .collect()
    };
    let mut heading = Vec::new();
    let mut pairs = Vec::new();
    for line in content.lines() {
        if let Some(bold) = line.strip_prefix("**") {
            heading = codes(bold.split("**").next().unwrap_or_default());
        } else if line.starts_with("`CASE-") {
            let Some(case) = case_in(line) else { continue };
            let thresholds = match line.split_once(" — ") {
                Some((_, after)) => codes(after.split(" · ").next().unwrap_or_default()),
                None => heading.clone(),
            };
            pairs.extend(thresholds.into_iter().map(|t| (case, t)));
        }
    }
    pairs
}

/// The nonce the bot derives from what a message covers (`store::nonce`).
fn nonce_of(pairs: &[(u64, String)]) -> String {
    let covers: Vec<(CaseId, Threshold)> = pairs
        .iter()
        .map(|(case, code)| {
            let permille = code
                .strip_prefix('u')
                .and_then(|p| p.parse().ok())
                .unwrap_or(u16::MAX);
            (CaseId(*case), Threshold::Used { permille })
        })
        .collect();
    supportbot::store::nonce(&covers)
}

#[test]
fn readers_of_reminder_messages_find_every_pair() {
    let full = "<@&5> Initial-response reminders (2 cases)\n\
        `CASE-000007` **P2** `acme` chaos 7 — 10% of the target used, 30% of the target used · 42 min left · <t:1:F> (<t:1:R>)\n\
        `CASE-000012` **P2** `acme` chaos 12 — 30% of the target used · 1 min left · <t:1:F> (<t:1:R>)\n\
        -# d0123";
    let pairs = [(7, "u100"), (7, "u300"), (12, "u300")].map(|(c, t)| (c, t.to_owned()));
    assert_eq!(reported(full), pairs);
    let compact = "<@&5> Initial-response reminders (20 cases)\n\
        **10% of the target used** · <t:1:f>–<t:2:t>\n`CASE-000001` P2 `acme`\n`CASE-000002` P2 `acme`\n\
        **10% of the target used, 30% of the target used** · <t:1:f> · missed while the bot was offline\n\
        `CASE-000003` P2 `acme`";
    let pairs =
        [(1, "u100"), (2, "u100"), (3, "u100"), (3, "u300")].map(|(c, t)| (c, t.to_owned()));
    assert_eq!(reported(compact), pairs);
    assert_eq!(nonce_of(&pairs[..1]), "r1-u100");
}

/// Everything the chaos recorded, for the assertions at the end.
#[derive(Default)]
struct Log {
    filed: Vec<Filed>,
    /// Filings refused or lost with their process, retried elsewhere.
    retried: usize,
    /// (victim, was the gateway owner, time to a survivor's IDENTIFY).
    kills: Vec<(usize, bool, Option<Duration>)>,
    /// When owners died, for the questions whose answer could be lost with them.
    owner_deaths: Vec<Instant>,
}

#[test]
fn three_processes_survive_sigkill_with_each_case_kept_and_each_reminder_once() {
    // Created and dropped off the async runtime: the synchronous client runs its own.
    let Some(database) = pg::TestDatabase::create(
        "three_processes_survive_sigkill_with_each_case_kept_and_each_reminder_once",
    ) else {
        return;
    };
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(chaos(database.url.clone()));
}

async fn chaos(url: String) {
    let seed = std::env::var("SUPPORTBOT_CHAOS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    eprintln!("chaos seed {seed} (replay with SUPPORTBOT_CHAOS_SEED={seed})");
    let began = Instant::now();

    fake_discord::ensure_no_proxy();
    let fake = Arc::new(
        FakeDiscord::start_with(FakeOptions {
            nonce_window: Some(NONCE_WINDOW),
            ..FakeOptions::default()
        })
        .await,
    );
    // The bots' logs stay there when the test fails (`bot<N>-<start>.log`).
    let dir = tempfile::Builder::new()
        .prefix("supportbot-chaos-")
        .tempdir()
        .expect("a temporary directory")
        .keep();
    eprintln!("logs in {}", dir.display());
    let key = SigningKey::from_bytes(&[7; 32]);
    let setup = Arc::new(Setup {
        url: url.clone(),
        catalog: fast_catalog(&dir),
        api: fake.base_url(),
        public_key: hex(&key.verifying_key().to_bytes()),
        dir: dir.clone(),
    });
    setup.ask(
        "admin",
        "/org add name:acme plan:online region:emea products:aem",
    );
    setup.ask(
        "admin",
        &format!("/reminders set region:emea channel:<#{CHANNEL}> role:<@&{REMINDER_ROLE}>"),
    );

    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("an HTTP client");
    let mut processes: Vec<Process> = (0..PROCESSES)
        .map(|index| Process {
            index,
            port: free_port(),
            token: format!("test-token-{index}"),
            child: None,
            starts: 0,
        })
        .collect();
    for process in &mut processes {
        process.start(&setup);
    }
    for process in &processes {
        wait_ready(&client, &process.url()).await;
    }
    let urls: Arc<Vec<String>> = Arc::new(processes.iter().map(Process::url).collect());
    let tokens: Vec<String> = processes.iter().map(|p| p.token.clone()).collect();
    assert!(
        fake.wait_connected(START).await,
        "one of the processes holds the gateway"
    );
    let log = Arc::new(Mutex::new(Log::default()));
    let filing_done = Arc::new(AtomicBool::new(false));

    // Filers: round robin over the three listeners; a refused or lost request is filed again
    // (under a new title) through the next one. Only a reply counts as an acknowledgement.
    let next = Arc::new(AtomicUsize::new(0));
    let filers: Vec<_> = (0..FILERS)
        .map(|filer| {
            let (fake, client, urls, log, next) = (
                fake.clone(),
                client.clone(),
                urls.clone(),
                log.clone(),
                next.clone(),
            );
            let key = key.clone();
            tokio::spawn(async move {
                for n in (filer..CASES).step_by(FILERS) {
                    let first = next.fetch_add(1, Ordering::Relaxed);
                    for attempt in 1.. {
                        assert!(attempt <= 20, "case {n} could not be filed anywhere");
                        let title = format!("chaos {n} try {attempt}");
                        let payload = filing(&fake, &title);
                        fake.http_interaction(&payload);
                        let body = payload.to_string();
                        let (signature, timestamp) = signed_now(&key, body.as_bytes());
                        let url = &urls[(first + attempt) % PROCESSES];
                        let sent = client
                            .post(format!("{url}/interactions"))
                            .header("content-type", "application/json")
                            .header("X-Signature-Ed25519", signature)
                            .header("X-Signature-Timestamp", timestamp)
                            .body(body)
                            .send()
                            .await;
                        let response = match sent {
                            Ok(r) if r.status() == 200 => r.text().await.ok(),
                            _ => None,
                        };
                        let Some(response) =
                            response.and_then(|text| serde_json::from_str::<Value>(&text).ok())
                        else {
                            log.lock().expect("the log").retried += 1;
                            tokio::time::sleep(Duration::from_millis(100)).await;
                            continue;
                        };
                        let answered = fake.http_interaction_answered(&payload, &response);
                        assert_eq!(answered, Ok(()), "Discord takes the reply: {response}");
                        let token = payload["token"].as_str().unwrap_or_default().to_owned();
                        let filed = match response["type"].as_u64() {
                            Some(4) => {
                                let case = case_in(&response["data"]["embeds"][0].to_string());
                                assert!(case.is_some(), "a filing's answer: {response}");
                                Filed {
                                    title,
                                    case,
                                    deferred: None,
                                }
                            }
                            Some(5) => Filed {
                                title,
                                case: None,
                                deferred: Some(token),
                            },
                            _ => panic!("a filing is answered or deferred: {response}"),
                        };
                        log.lock().expect("the log").filed.push(filed);
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(400)).await;
                }
            })
        })
        .collect();

    // Plain-language questions over the gateway, one a second, each remembered with when.
    let questions = {
        let (fake, filing_done) = (fake.clone(), filing_done.clone());
        tokio::spawn(async move {
            let me = fake.bot_user_id();
            let mut asked = Vec::new();
            while !filing_done.load(Ordering::Relaxed) {
                let message = fake.message_create(
                    &format!("<@{me}> what are your support hours in emea"),
                    user(CUSTOMER, "alice"),
                    CHANNEL,
                    Some(GUILD),
                    &[me],
                );
                fake.send_event("MESSAGE_CREATE", message.clone());
                asked.push((
                    message["id"].as_str().unwrap_or_default().to_owned(),
                    Instant::now(),
                ));
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            asked
        })
    };

    // The chaos: one process at a time killed, then restarted (after a survivor took the
    // gateway, when it held it). A third of the kills come at a random moment, alternately of
    // the gateway's owner and of another; the others while the victim sends a reminder, before
    // Discord got it or after Discord took it but before the answer came back.
    let mut rng = Rng(seed);
    let all_filed = async {
        for filer in filers {
            filer.await.expect("a filer");
        }
    };
    tokio::pin!(all_filed);
    let offset = rng.below(3);
    let mut at_random = 0;
    for kill in 0.. {
        let pause = rng.millis(500, 3000);
        tokio::select! {
            () = &mut all_filed => break,
            () = tokio::time::sleep(pause) => {}
        }
        let owner = fake.identifies().last().and_then(|identify| {
            tokens
                .iter()
                .position(|t| identify.token.ends_with(t.as_str()))
        });
        let (victim, moment) = match (kill + offset) % 3 {
            0 => {
                at_random += 1;
                let victim = match owner {
                    Some(owner) if at_random % 2 == 1 => owner,
                    Some(owner) => (owner + 1 + rng.below(PROCESSES - 1)) % PROCESSES,
                    None => rng.below(PROCESSES),
                };
                (victim, "at a random moment")
            }
            kind => {
                let (hold, moment) = if kind == 1 {
                    (
                        Hold::BeforeProcessing,
                        "sending a reminder Discord never got",
                    )
                } else {
                    (Hold::AfterProcessing, "sending a reminder Discord took")
                };
                let mut reached = fake.hold_next_message_from(hold);
                let sender = tokio::select! {
                    reached = &mut reached => reached.ok(),
                    () = tokio::time::sleep(Duration::from_secs(8)) => {
                        // Nothing was sent: forget the hold, unless a request just reached it.
                        fake.clear_holds();
                        reached.await.ok()
                    }
                };
                let Some((authorization, _)) = sender else {
                    continue;
                };
                let authorization = authorization.unwrap_or_default();
                let victim = tokens
                    .iter()
                    .position(|t| authorization.ends_with(t.as_str()))
                    .unwrap_or_else(|| panic!("a reminder sent as {authorization:?}"));
                (victim, moment)
            }
        };
        let was_owner = owner == Some(victim) && fake.wait_connected(Duration::ZERO).await;
        let seen = fake.gateway_log().len();
        processes[victim].kill();
        let killed = Instant::now();
        let takeover = if was_owner {
            log.lock().expect("the log").owner_deaths.push(killed);
            let victim_token = tokens[victim].clone();
            fake.wait_gateway(
                |r| {
                    r.index >= seen
                        && r.dir == GwDir::FromBot
                        && r.op == Some(2)
                        && !r.d["token"]
                            .as_str()
                            .unwrap_or_default()
                            .ends_with(victim_token.as_str())
                },
                TAKEOVER * 2,
            )
            .await
            .map(|identify| identify.at.saturating_duration_since(killed))
        } else {
            None
        };
        eprintln!(
            "{:>6.1?}: killed bot {victim} {moment}{}",
            began.elapsed(),
            match (was_owner, takeover) {
                (false, _) => String::new(),
                (true, Some(took)) =>
                    format!(" (the gateway's owner; a survivor took it in {took:.1?})"),
                (true, None) => " (the gateway's owner; nobody took it)".to_owned(),
            }
        );
        log.lock()
            .expect("the log")
            .kills
            .push((victim, was_owner, takeover));
        tokio::time::sleep(rng.millis(200, 2000)).await;
        processes[victim].start(&setup);
        let restarted = Instant::now();
        wait_ready(&client, &processes[victim].url()).await;
        eprintln!(
            "{:>6.1?}: bot {victim} serves again, {:.1?} after its restart",
            began.elapsed(),
            restarted.elapsed()
        );
    }
    let last_filing = Instant::now();
    filing_done.store(true, Ordering::Relaxed);
    let asked = questions.await.expect("the questions");
    eprintln!("{:>6.1?}: all cases filed", began.elapsed());

    // Every case in the store, with its title: each acknowledged filing must be there.
    let store_cases = move || -> BTreeMap<u64, String> {
        let mut db = postgres::Client::connect(&url, postgres::NoTls).expect("the db");
        db.query("SELECT id, record->>'title' FROM cases", &[])
            .expect("the cases")
            .into_iter()
            .map(|row| (row.get::<_, i64>(0) as u64, row.get::<_, String>(1)))
            .collect()
    };
    let cases = tokio::task::spawn_blocking(store_cases)
        .await
        .expect("read");
    let expected: BTreeSet<(u64, String)> = cases
        .keys()
        .flat_map(|case| THRESHOLDS.map(|t| (*case, t.to_owned())))
        .collect();

    // Every due (case, threshold), counted at the fake from the reminders that reached the
    // channel, until all arrived (or the time is up), then a moment more for late repeats.
    let delivered = || -> Vec<(u64, String)> {
        fake.deliveries()
            .iter()
            .filter(|d| d.kind == DeliveryKind::ChannelMessage)
            .filter(|d| {
                d.message["content"]
                    .as_str()
                    .is_some_and(|c| c.starts_with(&format!("<@&{REMINDER_ROLE}>")))
            })
            .flat_map(|d| {
                let content = d.message["content"].as_str().unwrap_or_default();
                let pairs = reported(content);
                assert_eq!(
                    d.nonce.as_deref(),
                    Some(nonce_of(&pairs).as_str()),
                    "a message's nonce names the pairs read from it: {content}"
                );
                pairs
            })
            .collect()
    };
    while last_filing.elapsed() < SETTLE {
        let seen: BTreeSet<_> = delivered().into_iter().collect();
        if seen.is_superset(&expected) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    for process in &mut processes {
        process.kill();
    }
    eprintln!("{:>6.1?}: reminders counted", began.elapsed());

    let log = log.lock().expect("the log");
    let mut acknowledged: Vec<(u64, &str)> = Vec::new();
    for filed in &log.filed {
        let case = filed.case.or_else(|| {
            let token = filed.deferred.as_deref()?;
            case_in(&fake.original_response(token)?.to_string())
        });
        // A deferral whose process died before the edit was never acknowledged.
        if let Some(case) = case {
            acknowledged.push((case, filed.title.as_str()));
        }
    }
    let owner_kills = log.kills.iter().filter(|(_, owner, _)| *owner).count();
    let offline = fake
        .deliveries()
        .iter()
        .filter(|d| {
            d.message["content"]
                .as_str()
                .is_some_and(|c| c.contains("missed while the bot was offline"))
        })
        .count();

    eprintln!(
        "{} kills ({owner_kills} of the gateway's owner), {} filings acknowledged, {} retried, {} cases stored, {} reminders delivered",
        log.kills.len(),
        acknowledged.len(),
        log.retried,
        cases.len(),
        delivered().len(),
    );

    assert_eq!(
        log.filed.len(),
        CASES,
        "every case was answered by some process"
    );
    let mut numbers = BTreeMap::new();
    for (case, title) in &acknowledged {
        if let Some(earlier) = numbers.insert(*case, *title) {
            panic!("CASE-{case} was given to {earlier:?} and to {title:?}");
        }
        assert_eq!(
            cases.get(case).map(String::as_str),
            Some(*title),
            "acknowledged CASE-{case} is in the store as filed"
        );
    }

    let mut counts: BTreeMap<(u64, String), usize> = BTreeMap::new();
    for pair in delivered() {
        *counts.entry(pair).or_default() += 1;
    }
    let missing: Vec<_> = expected
        .iter()
        .filter(|p| !counts.contains_key(p))
        .collect();
    let repeated: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    let unknown: Vec<_> = counts.keys().filter(|p| !expected.contains(p)).collect();
    assert!(
        missing.is_empty() && repeated.is_empty() && unknown.is_empty(),
        "each due (case, threshold) once: missing {missing:?}, repeated {repeated:?}, unknown {unknown:?}"
    );

    assert!(!log.kills.is_empty(), "the chaos killed something");
    for (victim, owner, takeover) in &log.kills {
        if *owner {
            let took = takeover
                .unwrap_or_else(|| panic!("nobody took the gateway after bot {victim} died"));
            assert!(
                took <= TAKEOVER,
                "the gateway moved in {took:?} after bot {victim} died"
            );
        }
    }

    // No question was answered twice; one asked while no owner had just died was answered.
    let answers = |id: &str| {
        fake.requests_to(Route::ChannelMessages)
            .iter()
            .filter(|r| r.method == "POST" && r.json("message_reference")["message_id"] == id)
            .count()
    };
    for (id, at) in &asked {
        let n = answers(id);
        assert!(n <= 1, "question {id} was answered {n} times");
        let near_a_death = log
            .owner_deaths
            .iter()
            .any(|death| *death + TAKEOVER >= *at && *at + Duration::from_secs(5) >= *death);
        if !near_a_death {
            assert_eq!(
                n, 1,
                "question {id}, asked while the gateway was steady, is answered"
            );
        }
    }
    assert_eq!(
        offline, 0,
        "two copies ran throughout: no reminder was missed while the bot was offline"
    );
    let notes = fake.notes();
    assert!(notes.is_empty(), "protocol notes: {notes:#?}");
    eprintln!("{:>6.1?}: done", began.elapsed());
    if std::env::var_os("SUPPORTBOT_CHAOS_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn one_signed_filing_sent_to_two_copies_files_one_case() {
    let Some(database) =
        pg::TestDatabase::create("one_signed_filing_sent_to_two_copies_files_one_case")
    else {
        return;
    };
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(replay_to_another_copy(database.url.clone()));
}

/// The same signed `/case file` request sent at once to two copies of the bot, as a replay to
/// another copy behind a load balancer would be: the one that sees it first files the case, the
/// other answers 401 (as to any replay) and files nothing.
async fn replay_to_another_copy(url: String) {
    fake_discord::ensure_no_proxy();
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let key = SigningKey::from_bytes(&[7; 32]);
    let setup = Setup {
        url: url.clone(),
        catalog: root().join("data"),
        api: fake.base_url(),
        public_key: hex(&key.verifying_key().to_bytes()),
        dir: dir.path().to_owned(),
    };
    setup.ask(
        "admin",
        "/org add name:acme plan:online region:emea products:aem",
    );
    let mut processes: Vec<Process> = (0..2)
        .map(|index| Process {
            index,
            port: free_port(),
            token: format!("test-token-{index}"),
            child: None,
            starts: 0,
        })
        .collect();
    for process in &mut processes {
        process.start(&setup);
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("an HTTP client");
    for process in &processes {
        wait_ready(&client, &process.url()).await;
    }

    let payload = filing(&fake, "Checkout fails");
    fake.http_interaction(&payload);
    let body = payload.to_string();
    let (signature, timestamp) = signed_now(&key, body.as_bytes());
    let send = |url: String| {
        client
            .post(format!("{url}/interactions"))
            .header("content-type", "application/json")
            .header("X-Signature-Ed25519", &signature)
            .header("X-Signature-Timestamp", &timestamp)
            .body(body.clone())
            .send()
    };
    let (first, second) = tokio::join!(send(processes[0].url()), send(processes[1].url()));
    let statuses = [first, second].map(|sent| sent.expect("a copy answers").status().as_u16());
    let mut sorted = statuses;
    sorted.sort_unstable();
    assert_eq!(sorted, [200, 401], "one copy runs it, the other refuses it");

    // A deferred filing goes on after its response: wait for it, then count.
    let cases = tokio::task::spawn_blocking(move || {
        let mut db = postgres::Client::connect(&url, postgres::NoTls).expect("the database");
        let count = |db: &mut postgres::Client| -> i64 {
            db.query_one("SELECT count(*) FROM cases", &[])
                .expect("cases are counted")
                .get(0)
        };
        let deadline = Instant::now() + Duration::from_secs(5);
        while count(&mut db) == 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        // Time for a second filing, had the refusing copy run one.
        std::thread::sleep(Duration::from_millis(300));
        count(&mut db)
    })
    .await
    .expect("counted");
    assert_eq!(cases, 1, "exactly one case filed");
    for process in &mut processes {
        process.kill();
    }
}
