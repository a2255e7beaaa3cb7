//! The bot is killed with SIGKILL at random moments while reminders fire, many times; afterwards
//! every due (case, threshold) was delivered to the fake Discord, and no (case, threshold) was
//! ever sent with two different nonces.

mod fake_discord;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use fake_discord::{FakeDiscord, Route};
use regex::Regex;
use supportbot::clock::ManualClock;
use supportbot::domain::case::CaseId;
use supportbot::domain::catalog::Catalog;
use supportbot::domain::ids::Language;
use supportbot::engine::{Caller, Engine, Outcome, Role, UserId};
use supportbot::store::{SledStore, Store};

const CASES: u64 = 150;
const ROUNDS: u64 = 8;
const CHANNEL: u64 = 4242;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The real catalog with one threshold per case (the breach), so every message line maps to
/// exactly one (case, threshold).
fn catalog_dir(dir: &Path) -> PathBuf {
    let catalog = dir.join("catalog");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        &catalog,
    );
    std::fs::write(
        catalog.join("reminders.toml"),
        "source = \"crash test\"\nbreach = true\nescalation_after_minutes = 0\n",
    )
    .unwrap();
    catalog
}

/// Online-plan P1 cases (24x7, one hour, no escalation) breaching over the next seconds.
fn seed(catalog_dir: &Path, store_dir: &Path) {
    let catalog = Arc::new(Catalog::load(catalog_dir).unwrap());
    let now = Utc::now();
    let store: Arc<dyn Store> = Arc::new(
        SledStore::open(store_dir)
            .unwrap()
            .with_planner(supportbot::reminders::planner(catalog.clone())),
    );
    let clock = Arc::new(ManualClock::new(now - TimeDelta::hours(1)));
    let engine = Engine::new(catalog, clock).with_store(store.clone());
    let admin = Caller::new(UserId(1), Role::Admin, Language::En);
    for line in [
        "/org add name:acme plan:online region:emea products:aem".to_owned(),
        format!("/reminders set region:emea channel:{CHANNEL} role:4343"),
        "/case file org:acme product:aem priority:p1 title:\"template\" impact:\"down\"".to_owned(),
    ] {
        let reply = engine.handle_line(admin, &line);
        assert_eq!(reply.outcome, Outcome::Answered, "{line}: {}", reply.text);
    }
    let template = store.case(CaseId(1)).unwrap().unwrap();
    for i in 1..=CASES {
        let mut case = template.clone();
        case.id = CaseId(i);
        case.title = supportbot::domain::text::UserText::line(&format!("crash {i}")).unwrap();
        // Breaches spread over 2–14 s from now.
        case.due_at = now + TimeDelta::milliseconds(2000 + (i as i64 * 12_000) / CASES as i64);
        case.submitted_at = case.due_at - TimeDelta::hours(1);
        store.put_case(&case, &[]).unwrap();
    }
    store.durable().unwrap();
}

fn spawn_bot(fake: &FakeDiscord, catalog: &Path, store: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_supportbot"))
        .args(["--catalog"])
        .arg(catalog)
        .arg("--data-dir")
        .arg(store)
        .arg("run")
        .env("DISCORD_TOKEN", "test-token")
        .env("SUPPORTBOT_DISCORD_API", fake.base_url())
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("RUST_LOG", "off")
        .env_remove("SUPPORTBOT_CATALOG")
        .env_remove("SUPPORTBOT_DATA_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// For each case named in a message sent to the channel: every nonce any attempt carried, and
/// whether one was accepted.
fn sent(fake: &FakeDiscord) -> (BTreeMap<String, BTreeSet<String>>, BTreeSet<String>) {
    let case = Regex::new(r"CASE-\d{6}").unwrap();
    let mut nonces: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut delivered = BTreeSet::new();
    for request in fake.requests_to(Route::ChannelMessages) {
        if request.method != "POST" || !request.path.contains(&format!("/channels/{CHANNEL}/")) {
            continue;
        }
        let content = request
            .json("content")
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let nonce = request
            .json("nonce")
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert_eq!(
            request.json("enforce_nonce").as_bool(),
            Some(true),
            "every reminder asks Discord to enforce its nonce"
        );
        let ids: BTreeSet<&str> = case.find_iter(&content).map(|m| m.as_str()).collect();
        let buttons = request.json("components").as_array().map_or(0, Vec::len);
        if ids.len() <= 5 {
            assert_eq!(
                buttons,
                ids.len(),
                "a row of buttons per case of a short reminder: {content}"
            );
        }
        for found in case.find_iter(&content) {
            nonces
                .entry(found.as_str().to_owned())
                .or_default()
                .insert(nonce.clone());
            if request.status < 300 {
                delivered.insert(found.as_str().to_owned());
            }
        }
    }
    (nonces, delivered)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_while_reminders_fire_loses_nothing_and_never_changes_a_nonce() {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_dir(dir.path());
    let store = dir.path().join("store");
    seed(&catalog, &store);

    let mut seed_state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut killed_with_pending = 0;
    for _ in 0..ROUNDS {
        let mut bot = spawn_bot(&fake, &catalog, &store);
        seed_state ^= seed_state << 13;
        seed_state ^= seed_state >> 7;
        seed_state ^= seed_state << 17;
        tokio::time::sleep(Duration::from_millis(300 + seed_state % 1500)).await;
        bot.kill().unwrap();
        bot.wait().unwrap();
        if sent(&fake).1.len() < CASES as usize {
            killed_with_pending += 1;
        }
    }
    assert!(
        killed_with_pending > 0,
        "at least one kill landed before everything was sent"
    );

    // A last run, left alone until every breach is delivered.
    let mut bot = spawn_bot(&fake, &catalog, &store);
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while sent(&fake).1.len() < CASES as usize && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    bot.kill().unwrap();
    bot.wait().unwrap();

    let (nonces, delivered) = sent(&fake);
    let expected: BTreeSet<String> = (1..=CASES).map(|i| format!("CASE-{i:06}")).collect();
    let missing: Vec<&String> = expected.difference(&delivered).collect();
    assert!(missing.is_empty(), "never delivered: {missing:?}");
    let changed: Vec<(&String, &BTreeSet<String>)> =
        nonces.iter().filter(|(_, n)| n.len() > 1).collect();
    assert!(
        changed.is_empty(),
        "sent with two different nonces: {changed:?}"
    );
    // Discord (the fake) keeps one message per nonce: nothing reached the channel twice.
    let mut per_case: BTreeMap<String, usize> = BTreeMap::new();
    let case = Regex::new(r"CASE-\d{6}").unwrap();
    for delivery in fake.deliveries().iter().filter(|d| d.channel_id == CHANNEL) {
        let content = delivery
            .message
            .get("content")
            .and_then(|c| c.as_str())
            .unwrap_or_default()
            .to_owned();
        for found in case.find_iter(&content) {
            *per_case.entry(found.as_str().to_owned()).or_default() += 1;
        }
    }
    let twice: Vec<_> = per_case.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "delivered twice: {twice:?}");
}
