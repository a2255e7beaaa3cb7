//! The bot is killed with SIGKILL while reminders fire, many times: at random moments, and at
//! moments of the send path the fake Discord holds still (a message request that never reached
//! Discord; a message Discord took whose answer never came back), restarting after the fake has
//! forgotten the nonce. Afterwards every due (case, threshold) was delivered to the fake Discord
//! exactly once, and no (case, threshold) was ever sent with two different nonces.

mod fake_discord;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use fake_discord::{FakeDiscord, FakeOptions, Hold, Route};
use regex::Regex;
use supportbot::clock::ManualClock;
use supportbot::domain::case::CaseId;
use supportbot::domain::catalog::Catalog;
use supportbot::domain::ids::Language;
use supportbot::engine::{Caller, Engine, Outcome, Role, UserId};
use supportbot::store::{Backup, SledStore, Store};

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
    catalog_with_window(dir, 60)
}

/// The crash-test catalog, trusting Discord's nonce for `window_seconds`.
fn catalog_with_window(dir: &Path, window_seconds: u32) -> PathBuf {
    let catalog = dir.join("catalog");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        &catalog,
    );
    std::fs::write(
        catalog.join("reminders.toml"),
        format!(
            "source = \"crash test\"\nbreach = true\nescalation_after_minutes = 0\n\
             nonce_window_seconds = {window_seconds}\n"
        ),
    )
    .unwrap();
    catalog
}

/// Online-plan P1 cases (24x7, one hour, no escalation) breaching over the next seconds.
fn seed(catalog_dir: &Path, store_dir: &Path) {
    seed_spread(catalog_dir, store_dir, CASES, 2000, 12_000);
}

/// `cases` breaches, the first `first_ms` from now, spread evenly over `spread_ms`.
fn seed_spread(catalog_dir: &Path, store_dir: &Path, cases: u64, first_ms: i64, spread_ms: i64) {
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
    let make = |i: u64| {
        let mut case = template.clone();
        case.id = CaseId(i);
        case.title = supportbot::domain::text::UserText::line(&format!("crash {i}")).unwrap();
        case.due_at =
            now + TimeDelta::milliseconds(first_ms + (i as i64 * spread_ms) / cases as i64);
        case.submitted_at = case.due_at - TimeDelta::hours(1);
        case
    };
    let first = make(1);
    store
        .update_case(CaseId(1), &mut |case| {
            *case = first.clone();
            Ok(())
        })
        .unwrap();
    let backup = Backup {
        cases: (2..=cases).map(|i| (make(i), Vec::new())).collect(),
        ..Backup::default()
    };
    store.restore(&backup, false).unwrap();
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

    // Kills at random moments reach the firing and composing steps too; the kills timed inside
    // the send path are in the test below.
    let mut seed_state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..ROUNDS {
        let mut bot = spawn_bot(&fake, &catalog, &store);
        seed_state ^= seed_state << 13;
        seed_state ^= seed_state >> 7;
        seed_state ^= seed_state << 17;
        tokio::time::sleep(Duration::from_millis(300 + seed_state % 1500)).await;
        bot.kill().unwrap();
        bot.wait().unwrap();
    }

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

/// Cases of the timed test: breaches over 36 s, 2.25 s apart, so that every restart has new
/// ones to send even when a loaded machine makes each restart take seconds.
const TIMED_CASES: u64 = 16;
/// How long the fake (and the bot, from its catalog) trust a nonce.
const NONCE_WINDOW: Duration = Duration::from_secs(1);

/// Messages the store still has to send, by nonce.
fn pending_nonces(store: &Path) -> BTreeSet<String> {
    let store = SledStore::open(store).unwrap();
    store
        .pending_messages()
        .unwrap()
        .into_iter()
        .map(|(_, staged)| staged.message.nonce)
        .collect()
}

/// How many times each case reached the channel (a digest counts for each case it names).
fn deliveries_per_case(fake: &FakeDiscord) -> BTreeMap<String, usize> {
    let case = Regex::new(r"CASE-\d{6}").unwrap();
    let mut per_case: BTreeMap<String, usize> = BTreeMap::new();
    for delivery in fake.deliveries().iter().filter(|d| d.channel_id == CHANNEL) {
        let content = delivery.message["content"].as_str().unwrap_or_default();
        for found in case.find_iter(content) {
            *per_case.entry(found.as_str().to_owned()).or_default() += 1;
        }
    }
    per_case
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_inside_the_send_path_then_restart_after_the_nonce_window_sends_each_once() {
    let fake = FakeDiscord::start_with(FakeOptions {
        nonce_window: Some(NONCE_WINDOW),
        ..FakeOptions::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_with_window(dir.path(), NONCE_WINDOW.as_secs() as u32);
    let store = dir.path().join("store");
    seed_spread(&catalog, &store, TIMED_CASES, 1000, 36_000);

    let kills = [
        Hold::AfterProcessing,
        Hold::BeforeProcessing,
        Hold::AfterProcessing,
        Hold::BeforeProcessing,
        Hold::AfterProcessing,
        Hold::BeforeProcessing,
    ];
    for (round, hold) in kills.into_iter().enumerate() {
        let earlier = fake.deliveries();
        let reached = fake.hold_next_message(hold);
        let mut bot = spawn_bot(&fake, &catalog, &store);
        let held = tokio::time::timeout(Duration::from_secs(20), reached)
            .await
            .unwrap_or_else(|_| panic!("kill {round}: no reminder was posted within 20 s"))
            .unwrap();
        bot.kill().unwrap();
        bot.wait().unwrap();

        let nonce = held["nonce"].as_str().unwrap_or_default().to_owned();
        let content = held["content"].as_str().unwrap_or_default();
        assert!(
            content.ends_with(&format!("\n-# {nonce}")),
            "kill {round}: the posted text ends with the nonce as its marker: {content:?}"
        );
        // Every kill lands with its message unsettled: the store must still hold it, whether
        // Discord never saw it or took it without the bot hearing back.
        assert!(
            pending_nonces(&store).contains(&nonce),
            "kill {round} ({hold:?}): message {nonce} is no longer pending in the store"
        );
        let delivered_before = earlier
            .iter()
            .filter(|d| d.nonce.as_deref() == Some(nonce.as_str()))
            .count();
        let delivered_by_this_run = fake.deliveries_with_nonce(&nonce) - delivered_before;
        let expected = match hold {
            Hold::AfterProcessing => 1,
            Hold::BeforeProcessing => 0,
        };
        assert_eq!(
            delivered_by_this_run, expected,
            "kill {round} ({hold:?}): deliveries of {nonce} by the killed run"
        );
        // Restart only once the fake has forgotten the nonce: a resend would now be a second
        // message.
        tokio::time::sleep(NONCE_WINDOW + Duration::from_millis(300)).await;
    }

    let mut bot = spawn_bot(&fake, &catalog, &store);
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while deliveries_per_case(&fake).len() < TIMED_CASES as usize
        && std::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Room for a duplicate to show up, had the bot decided to resend something.
    tokio::time::sleep(Duration::from_millis(500)).await;
    bot.kill().unwrap();
    bot.wait().unwrap();

    let per_case = deliveries_per_case(&fake);
    let missing: Vec<String> = (1..=TIMED_CASES)
        .map(|i| format!("CASE-{i:06}"))
        .filter(|c| !per_case.contains_key(c))
        .collect();
    assert!(missing.is_empty(), "never delivered: {missing:?}");
    let twice: Vec<_> = per_case.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "delivered twice: {twice:?}");
    assert!(
        pending_nonces(&store).is_empty(),
        "every delivered message is marked sent"
    );
    // The messages Discord took before a kill were recognised in the channel's history.
    let lookups = fake
        .requests_to(Route::ChannelMessages)
        .into_iter()
        .filter(|r| r.method == "GET")
        .count();
    assert!(
        lookups >= 3,
        "each restart after a lost answer looked in the channel ({lookups} lookups)"
    );
}

/// The lookup reads the channel's history page by page from the first attempt on, and counts
/// only the bot's own messages ending with the nonce's marker line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lookup_finds_only_the_bots_own_marked_message_in_the_channels_history() {
    use supportbot::config::Config;
    use supportbot::reminders::{Notifier, Outgoing, Seen};
    use supportbot::transport::discord::DiscordNotifier;

    let fake = FakeDiscord::start().await;
    let config = Config {
        token: Config::load(None, |name| {
            (name == "DISCORD_TOKEN").then(|| "test-token".to_owned())
        })
        .unwrap()
        .token,
        api_base: fake.base_url(),
        ..Config::default()
    };
    let notifier = DiscordNotifier::new(&config).unwrap();
    let message = |nonce: &str| Outgoing {
        channel: CHANNEL,
        content: format!("<@&4343> CASE-000007 breached ({nonce})"),
        nonce: nonce.to_owned(),
        ping_roles: vec![4343],
        ping_users: vec![],
        cases: vec![],
        language: Language::En,
    };
    let since = Utc::now() - TimeDelta::seconds(1);
    let wanted = message("r7-b");
    assert_eq!(notifier.find(&wanted, since).await, Ok(Seen::NotFound));

    // More than a page of the bot's other messages first, so the one looked for is on page 2.
    for i in 0..130 {
        notifier.send(&message(&format!("d{i}"))).await.unwrap();
    }
    // Someone else types the marker of a message that was never sent.
    let forged = message("r8-b");
    fake.add_to_history(fake.message_create(
        &forged.marked_content(),
        fake_discord::user(77, "someone"),
        CHANNEL,
        None,
        &[],
    ));
    notifier.send(&wanted).await.unwrap();
    for i in 130..140 {
        notifier.send(&message(&format!("d{i}"))).await.unwrap();
    }

    assert_eq!(notifier.find(&wanted, since).await, Ok(Seen::Found));
    assert_eq!(
        notifier.find(&forged, since).await,
        Ok(Seen::NotFound),
        "a marker from anyone but the bot counts for nothing"
    );
    assert_eq!(
        notifier
            .find(&wanted, Utc::now() + TimeDelta::seconds(1))
            .await,
        Ok(Seen::NotFound),
        "only messages since the first attempt are searched"
    );
    // A message whose text merely contains another nonce is not that message.
    assert_eq!(
        notifier.find(&message("r7"), since).await,
        Ok(Seen::NotFound)
    );
    let lookups: Vec<_> = fake
        .requests_to(Route::ChannelMessages)
        .into_iter()
        .filter(|r| r.method == "GET")
        .collect();
    assert!(
        lookups.iter().all(|r| r
            .query
            .as_deref()
            .is_some_and(|q| q.contains("limit=100") && q.contains("after="))),
        "{:?}",
        lookups.iter().map(|r| &r.query).collect::<Vec<_>>()
    );
    assert!(fake.notes().is_empty(), "{:?}", fake.notes());
}
