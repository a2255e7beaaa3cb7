//! The Discord transport end to end: the bot runs in this process (or as the real binary)
//! against the fake Discord of `tests/fake_discord/`, and the tests assert on what the fake
//! received: response types, embeds, the ephemeral flag, allowed mentions, nonces, retries.

mod fake_discord;
#[path = "common/reader.rs"]
mod reader;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use fake_discord::{
    DeliveryKind, Failure, FakeDiscord, FakeOptions, GwDir, Recorded, Route, effective_mentions,
    opt, user,
};
use serde_json::{Value, json};
use serenity::all::GatewayIntents;
use supportbot::clock::{ManualClock, SystemClock};
use supportbot::config::Config;
use supportbot::domain::case::CaseId;
use supportbot::domain::catalog::Catalog;
use supportbot::engine::{Caller, Engine, Reply, Request, Role, UserId};
use supportbot::i18n::Language;
use supportbot::reminders::{self, Notifier, Outgoing, SendError};
use supportbot::store::SledStore;
use supportbot::transport::discord::{self, DiscordError, DiscordNotifier};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const WAIT: Duration = Duration::from_secs(10);
const GUILD: u64 = 700_000_000_000_000_001;
const CHANNEL: u64 = 600_000_000_000_000_001;
const TEAM: u64 = 600_000_000_000_000_002;
const HELP: u64 = 600_000_000_000_000_003;
const DM: u64 = 600_000_000_000_000_009;
const ADMIN_ROLE: u64 = 500_000_000_000_000_001;
const AGENT_ROLE: u64 = 500_000_000_000_000_002;
const ADMIN: u64 = 400_000_000_000_000_001;
const AGENT: u64 = 400_000_000_000_000_002;
const CUSTOMER: u64 = 400_000_000_000_000_003;
const CONTACT: u64 = 400_000_000_000_000_004;
/// Wednesday 18 November 2026, 10:00 in London: EMEA is open.
const NOW: &str = "2026-11-18T10:00:00Z";
/// Discord's ephemeral message flag.
const EPHEMERAL: u64 = 64;
/// The embed colour of a refusal.
const ERROR_GREY: u64 = 0x95A5A6;

/// Runs a test body with a deadline: a broken bot or fake shows up as a hang otherwise.
async fn within<F: Future>(limit: Duration, f: F) -> F::Output {
    match tokio::time::timeout(limit, f).await {
        Ok(v) => v,
        Err(_) => panic!("test did not finish within {limit:?}"),
    }
}

fn init_tracing() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_test_writer()
        .try_init();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a directory");
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copied");
        }
    }
}

fn engine(dir: &Path) -> Engine {
    let catalog = Arc::new(Catalog::load(&root().join("data")).expect("the catalog loads"));
    let now = chrono::DateTime::parse_from_rfc3339(NOW)
        .expect("an instant")
        .to_utc();
    let store = SledStore::open(dir)
        .expect("the store opens")
        .with_planner(reminders::planner(catalog.clone()));
    Engine::new(catalog, Arc::new(ManualClock::new(now))).with_store(Arc::new(store))
}

fn config(fake: &FakeDiscord) -> Config {
    Config {
        token: Config::load(None, |name| {
            (name == "DISCORD_TOKEN").then(|| "test-token".to_owned())
        })
        .expect("a config")
        .token,
        admin_roles: vec![ADMIN_ROLE],
        agent_roles: vec![AGENT_ROLE],
        team_channels: vec![TEAM],
        catalog_dir: Some(root().join("data")),
        api_base: fake.base_url(),
        ..Config::default()
    }
}

/// The bot running in this process against a fake.
struct Bot {
    fake: FakeDiscord,
    engine: Engine,
    _dir: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), DiscordError>>,
}

impl Bot {
    async fn start() -> Bot {
        Bot::start_with(FakeOptions::default(), |_| {}).await
    }

    async fn start_with(options: FakeOptions, tweak: impl FnOnce(&mut Config)) -> Bot {
        let fake = FakeDiscord::start_with(options).await;
        let dir = tempfile::tempdir().expect("a temporary directory");
        let engine = engine(dir.path());
        let mut config = config(&fake);
        tweak(&mut config);
        Bot::run(fake, engine, dir, config).await
    }

    async fn run(fake: FakeDiscord, engine: Engine, dir: tempfile::TempDir, config: Config) -> Bot {
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(discord::run(
            config,
            engine.clone(),
            reader::intents(),
            async move {
                let _ = stopped.await;
            },
        ));
        Bot::connected(fake, engine, dir, stop, task).await
    }

    /// The bot as in production (`discord.com`, serenity's rate limiter on) with `client`.
    async fn run_with_client(
        fake: FakeDiscord,
        engine: Engine,
        dir: tempfile::TempDir,
        config: Config,
        client: reqwest::Client,
    ) -> Bot {
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(discord::run_with_client(
            config,
            engine.clone(),
            reader::intents(),
            client,
            async move {
                let _ = stopped.await;
            },
        ));
        Bot::connected(fake, engine, dir, stop, task).await
    }

    async fn connected(
        fake: FakeDiscord,
        engine: Engine,
        dir: tempfile::TempDir,
        stop: oneshot::Sender<()>,
        task: JoinHandle<Result<(), DiscordError>>,
    ) -> Bot {
        assert!(
            fake.wait_connected(WAIT).await,
            "the bot connects to the fake"
        );
        Bot {
            fake,
            engine,
            _dir: dir,
            stop: Some(stop),
            task,
        }
    }

    /// Sends SIGTERM's equivalent and waits for `run` to return.
    async fn stop(mut self) -> (FakeDiscord, Result<(), DiscordError>) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let result = tokio::time::timeout(WAIT, &mut self.task)
            .await
            .expect("the bot stops in time")
            .expect("the bot's task does not panic");
        (self.fake, result)
    }

    fn command(
        &self,
        name: &str,
        options: Vec<Value>,
        locale: &str,
        user: u64,
        roles: &[u64],
        channel: u64,
    ) -> Value {
        self.fake
            .interaction_command(name, options, locale, user, roles, channel, Some(GUILD))
    }

    /// `/org add` with these options from `user` with `roles`, in the plain channel.
    fn org_add_by(&self, options: &[(&str, &str)], user: u64, roles: &[u64]) -> Value {
        let options = options.iter().map(|(k, v)| opt::string(k, v)).collect();
        self.command(
            "org",
            vec![opt::sub("add", options)],
            "en-US",
            user,
            roles,
            CHANNEL,
        )
    }

    /// `/org add` with these options from an admin, in the plain channel.
    fn org_add(&self, options: &[(&str, &str)]) -> Value {
        self.org_add_by(options, ADMIN, &[ADMIN_ROLE])
    }

    /// Sends the interaction and returns its answer.
    /// The organisation acme (Business Support, EMEA) with `products`, added by an admin.
    async fn add_acme(&self, products: &str) {
        let org_add = self.org_add(&[
            ("name", "acme"),
            ("plan", "business"),
            ("region", "emea"),
            ("products", products),
        ]);
        self.ask(org_add).await.assert_answered("org add");
    }

    /// An agent's `/case file` of a P3 for acme, "reports late", in `locale`.
    fn file_late_report(&self, locale: &str) -> Value {
        self.command(
            "case",
            file_for_acme("p3", "reports late"),
            locale,
            AGENT,
            &[AGENT_ROLE],
            CHANNEL,
        )
    }

    /// Alice's message `content` in `channel` (of `guild`; none for a DM), mentioning
    /// `mentions`, as the gateway delivers it: its id.
    fn say(&self, content: &str, channel: u64, guild: Option<u64>, mentions: &[u64]) -> String {
        let m =
            self.fake
                .message_create(content, user(CUSTOMER, "alice"), channel, guild, mentions);
        self.fake.send_event("MESSAGE_CREATE", m.clone());
        m["id"].as_str().unwrap_or_default().to_owned()
    }

    /// The bot's reply to the message `id`.
    async fn reply_to(&self, id: &str) -> Recorded {
        let id = id.to_owned();
        self.fake
            .wait_for(
                move |r| {
                    r.route == Some(Route::ChannelMessages)
                        && r.json("message_reference")["message_id"] == id.as_str()
                },
                WAIT,
            )
            .await
            .expect("a reply")
    }

    async fn ask(&self, payload: Value) -> Answer {
        self.fake.send_event("INTERACTION_CREATE", payload.clone());
        answer_of(&self.fake, &payload).await
    }

    fn expected(&self, locale: &str, role: Role, command: &str, options: &[(&str, &str)]) -> Reply {
        self.engine.handle(&Request {
            caller: Caller::new(UserId(ADMIN), role, Language::from_locale(locale)),
            command: command.to_owned(),
            options: options
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        })
    }

    fn assert_clean(&self) {
        let notes = self.fake.notes();
        assert!(notes.is_empty(), "protocol notes: {notes:#?}");
    }
}

/// What an interaction got: the initial response and the message that finally carries the
/// answer (the type 4 data, or the edit / follow-up after a deferral).
#[derive(Debug)]
struct Answer {
    kind: u64,
    /// The flags of the initial response (for a deferral: whether the answer is ephemeral).
    flags: u64,
    message: Value,
}

impl Answer {
    fn title(&self) -> &str {
        self.message["embeds"][0]["title"]
            .as_str()
            .unwrap_or_default()
    }

    fn colour(&self) -> u64 {
        self.message["embeds"][0]["color"]
            .as_u64()
            .unwrap_or_default()
    }

    fn text(&self) -> String {
        self.message["embeds"][0].to_string()
    }

    fn ephemeral(&self) -> bool {
        self.flags & EPHEMERAL != 0
    }

    fn assert_answered(&self, what: &str) {
        assert_ne!(self.colour(), ERROR_GREY, "{what} refused: {}", self.text());
        assert!(
            !self.title().is_empty(),
            "{what}: no embed: {:#}",
            self.message
        );
    }

    /// Nothing in the message may ping, except the users and roles named in `allowed`.
    fn assert_pings(&self, users: &[u64], roles: &[u64]) {
        let am = &self.message["allowed_mentions"];
        assert_eq!(am["parse"], json!([]), "parse must be empty: {am}");
        let ids = |k: &str| -> Vec<u64> {
            am[k]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str()?.parse().ok()).collect())
                .unwrap_or_default()
        };
        assert_eq!(ids("users"), users, "{am}");
        assert_eq!(ids("roles"), roles, "{am}");
        let pinged = effective_mentions(&self.message);
        assert_eq!(pinged.users, users);
        assert_eq!(pinged.roles, roles);
        assert!(!pinged.everyone);
    }
}

async fn answer_of(fake: &FakeDiscord, payload: &Value) -> Answer {
    let path = format!(
        "/api/v10/interactions/{}/{}/callback",
        payload["id"].as_str().unwrap_or_default(),
        payload["token"].as_str().unwrap_or_default()
    );
    // The accepted attempt: a test may have failed earlier ones on purpose.
    let callback = fake
        .wait_for(move |r| r.path == path && r.status == 204, WAIT)
        .await
        .unwrap_or_else(|| panic!("no accepted callback for {}", payload["data"]));
    let body = callback.body.clone().expect("a callback body");
    let kind = body["type"].as_u64().unwrap_or_default();
    let flags = body["data"]["flags"].as_u64().unwrap_or_default();
    let message = if kind == 5 {
        let token = payload["token"].as_str().unwrap_or_default().to_owned();
        let prefix = format!("/api/v10/webhooks/{}/{token}", fake.application_id());
        let edit = fake
            .wait_for(
                move |r| {
                    r.path.starts_with(&prefix)
                        && (r.method == "PATCH" || r.method == "POST")
                        && r.status == 200
                },
                WAIT,
            )
            .await
            .expect("the deferred answer");
        edit.body.clone().expect("an edit body")
    } else {
        body["data"].clone()
    };
    Answer {
        kind,
        flags,
        message,
    }
}

fn case_id(answer: &Answer) -> String {
    let id: CaseId = answer
        .title()
        .split_whitespace()
        .next()
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no case id in {:?}", answer.title()));
    id.0.to_string()
}

// ---------------------------------------------------------------------------------------------

/// A command answered without records: its name, its options as sent, the same as text.
type Quick<'a> = (&'a str, Vec<Value>, Vec<(&'a str, &'a str)>);

/// `/case file`'s options for an Analytics case of `acme` at `priority`.
fn file_for_acme(priority: &str, title: &str) -> Vec<Value> {
    vec![opt::sub(
        "file",
        vec![
            opt::string("org", "acme"),
            opt::string("product", "analytics"),
            opt::string("priority", priority),
            opt::string("title", title),
        ],
    )]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_answers_in_three_languages() {
    init_tracing();
    within(Duration::from_secs(240), async {
        let bot = Bot::start().await;
        // Registered globally at start-up (no DISCORD_GUILD_ID), accepted by the fake's rules.
        assert_eq!(bot.fake.commands(None).len(), 14);
        let admin = |name: &str, options: Vec<Value>, locale: &str| {
            bot.command(name, options, locale, ADMIN, &[ADMIN_ROLE], CHANNEL)
        };
        for (n, locale) in ["en-US", "zh-TW", "ja"].into_iter().enumerate() {
            // Commands without records: answered at once, exactly as the engine says.
            let quick: Vec<Quick> = vec![
                (
                    "compare",
                    vec![opt::string("plans", "business,elite")],
                    vec![("plans", "business,elite")],
                ),
                (
                    "slo",
                    vec![opt::string("plan", "elite"), opt::string("priority", "p1")],
                    vec![("plan", "elite"), ("priority", "p1")],
                ),
                (
                    "hours",
                    vec![opt::string("region", "japan")],
                    vec![("region", "japan")],
                ),
                (
                    "due",
                    vec![
                        opt::string("plan", "business"),
                        opt::string("priority", "p2"),
                        opt::string("region", "emea"),
                        opt::string("at", "2026-11-20 16:30"),
                    ],
                    vec![
                        ("plan", "business"),
                        ("priority", "p2"),
                        ("region", "emea"),
                        ("at", "2026-11-20 16:30"),
                    ],
                ),
                (
                    "features",
                    vec![opt::string("plan", "business")],
                    vec![("plan", "business")],
                ),
                ("resources", vec![], vec![]),
                ("help", vec![], vec![]),
            ];
            for (name, options, raw) in quick {
                let a = bot.ask(admin(name, options, locale)).await;
                let want = bot.expected(locale, Role::Admin, name, &raw);
                assert_eq!(a.kind, 4, "/{name} answered at once");
                assert_eq!(a.title(), want.title, "/{name} in {locale}");
                assert_eq!(a.ephemeral(), want.private, "/{name} privacy");
                assert_eq!(
                    a.message["embeds"][0]["fields"]
                        .as_array()
                        .map_or(0, Vec::len),
                    want.fields.len().min(25)
                );
                a.assert_answered(name);
                a.assert_pings(&[], &[]);
            }

            // `/entitlements` may read the asker's organisations (no `plan:`), so it is deferred
            // like every command that reads records, privately outside team channels.
            let a = bot
                .ask(admin(
                    "entitlements",
                    vec![opt::string("plan", "business")],
                    locale,
                ))
                .await;
            let want = bot.expected(locale, Role::Admin, "entitlements", &[("plan", "business")]);
            assert_eq!(a.kind, 5, "/entitlements is deferred");
            assert_eq!(a.title(), want.title, "/entitlements in {locale}");
            assert!(
                a.ephemeral(),
                "/entitlements is private outside team channels"
            );
            a.assert_answered("entitlements");

            // Commands that keep records: deferred (ephemeral outside team channels), then edited.
            let org = format!("acme-{n}");
            let sub = |group: &str, name: &str, options: Vec<Value>| {
                admin(group, vec![opt::sub(name, options)], locale)
            };
            let stored = async |payload: Value, what: &str| {
                let a = bot.ask(payload).await;
                assert_eq!(a.kind, 5, "{what} is deferred");
                assert!(a.ephemeral(), "{what} is private outside team channels");
                a.assert_answered(what);
                a
            };
            stored(
                sub(
                    "org",
                    "add",
                    vec![
                        opt::string("name", &org),
                        opt::string("plan", "business"),
                        opt::string("region", "emea"),
                        opt::string("products", "analytics"),
                    ],
                ),
                "org add",
            )
            .await
            .assert_pings(&[], &[]);
            let shown = stored(
                sub("org", "show", vec![opt::string("org", &org)]),
                "org show",
            )
            .await;
            // As Discord shows it: the organisation's name is user text, escaped.
            assert_eq!(
                shown.title(),
                supportbot::transport::discord::render::markdown(
                    &bot.expected(locale, Role::Admin, "org show", &[("org", &org)])
                        .title
                )
            );
            stored(
                sub(
                    "org",
                    "set",
                    vec![
                        opt::string("org", &org),
                        opt::user("escalation-contact", CONTACT),
                    ],
                ),
                "org set",
            )
            .await;
            stored(sub("org", "list", vec![]), "org list").await;
            stored(
                sub(
                    "contacts",
                    "add",
                    vec![
                        opt::string("org", &org),
                        opt::string("product", "analytics"),
                        opt::user("user", CUSTOMER),
                    ],
                ),
                "contacts add",
            )
            .await;
            stored(
                sub("contacts", "list", vec![opt::string("org", &org)]),
                "contacts list",
            )
            .await;
            let filed = stored(
                sub(
                    "case",
                    "file",
                    vec![
                        opt::string("org", &org),
                        opt::string("product", "analytics"),
                        opt::string("priority", "p3"),
                        opt::string("title", "checkout is slow"),
                        opt::string("description", "since this morning"),
                    ],
                ),
                "case file",
            )
            .await;
            let id = case_id(&filed);
            let buttons = &filed.message["components"][0]["components"];
            assert_eq!(buttons[0]["custom_id"], format!("case:respond:{id}"));
            assert_eq!(buttons[1]["custom_id"], format!("case:show:{id}"));
            let shown = stored(
                sub("case", "show", vec![opt::string("id", &id)]),
                "case show",
            )
            .await;
            let want = bot.expected(locale, Role::Admin, "case show", &[("id", &id)]);
            assert_eq!(
                shown.title(),
                supportbot::transport::discord::render::markdown(&want.title)
            );
            assert_eq!(
                shown.message["embeds"][0]["fields"][0]["name"],
                want.fields[0].name.as_str()
            );
            stored(
                sub(
                    "case",
                    "list",
                    vec![opt::boolean("breaching", false), opt::integer("page", 1)],
                ),
                "case list",
            )
            .await;
            stored(
                sub(
                    "case",
                    "note",
                    vec![opt::string("id", &id), opt::string("text", "looking")],
                ),
                "case note",
            )
            .await;
            stored(
                sub(
                    "case",
                    "priority",
                    vec![
                        opt::string("id", &id),
                        opt::string("priority", "p2"),
                        opt::string("reason", "more users"),
                    ],
                ),
                "case priority",
            )
            .await;
            let escalated = stored(
                sub(
                    "case",
                    "escalate",
                    vec![opt::string("id", &id), opt::string("reason", "blocked")],
                ),
                "case escalate",
            )
            .await;
            // The answer may be a private edit, which notifies nobody: it pings no one, and the
            // escalation contact hears of it in the team channel's message from the outbox
            // (tests/reminders.rs).
            escalated.assert_pings(&[], &[]);
            assert!(
                !escalated.message["content"]
                    .as_str()
                    .unwrap_or_default()
                    .contains(&CONTACT.to_string()),
                "{}",
                escalated.message
            );
            stored(
                sub(
                    "case",
                    "respond",
                    vec![opt::string("id", &id), opt::string("note", "answered")],
                ),
                "case respond",
            )
            .await;
            stored(
                sub("case", "close", vec![opt::string("id", &id)]),
                "case close",
            )
            .await;
            stored(
                sub("case", "reopen", vec![opt::string("id", &id)]),
                "case reopen",
            )
            .await;
            stored(admin("stats", vec![], locale), "stats").await;
            stored(
                sub(
                    "contacts",
                    "remove",
                    vec![
                        opt::string("org", &org),
                        opt::string("product", "analytics"),
                        opt::user("user", CUSTOMER),
                    ],
                ),
                "contacts remove",
            )
            .await;
            stored(
                sub(
                    "reminders",
                    "set",
                    vec![
                        opt::string("region", "emea"),
                        opt::channel("channel", TEAM),
                        opt::role("role", AGENT_ROLE),
                        opt::string("language", "ja"),
                    ],
                ),
                "reminders set",
            )
            .await;
            stored(sub("reminders", "show", vec![]), "reminders show").await;
        }
        // Interactions were answered once each: no second response, nothing late or refused.
        bot.assert_clean();
        let (_, result) = bot.stop().await;
        result.expect("a clean shutdown");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_channel_sees_cases_and_customers_are_refused_privately() {
    init_tracing();
    within(Duration::from_secs(60), async {
        let bot = Bot::start().await;
        let org_add = bot.org_add_by(
            &[("name", "acme"), ("plan", "elite"), ("region", "emea")],
            AGENT,
            &[],
        );
        // An agent is not an admin: refused, privately, and nothing pinged.
        let refused = bot.ask(org_add.clone()).await;
        assert_eq!(refused.colour(), ERROR_GREY, "{}", refused.text());
        assert!(refused.ephemeral());
        refused.assert_pings(&[], &[]);
        // Manage Server makes a member an admin without any configured role.
        let options = org_add["data"]["options"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let mut payload = bot.command("org", options, "en-US", AGENT, &[], CHANNEL);
        payload["member"]["permissions"] = json!((2_248_473_465_835_073u64 | 0x20).to_string());
        bot.ask(payload)
            .await
            .assert_answered("org add by a server manager");

        let file = bot.command(
            "case",
            file_for_acme("p2", "orders stuck"),
            "en-US",
            AGENT,
            &[AGENT_ROLE],
            TEAM,
        );
        let filed = bot.ask(file).await;
        filed.assert_answered("case file in a team channel");
        assert!(!filed.ephemeral(), "a team channel sees the case");
        let id = case_id(&filed);

        // A customer in the team channel asking for the case: deferred in public, refused in
        // private — the public placeholder is deleted and the refusal follows ephemerally.
        let payload = bot.command(
            "case",
            vec![opt::sub("show", vec![opt::string("id", &id)])],
            "en-US",
            CUSTOMER,
            &[],
            TEAM,
        );
        let token = payload["token"].as_str().unwrap_or_default().to_owned();
        let a = bot.ask(payload).await;
        assert!(!a.ephemeral());
        assert_eq!(
            a.message["flags"].as_u64().unwrap_or_default() & EPHEMERAL,
            EPHEMERAL,
            "{:#}",
            a.message
        );
        assert_eq!(a.colour(), ERROR_GREY);
        let deleted = bot
            .fake
            .wait_for(|r| r.method == "DELETE" && r.path.contains(&token), WAIT)
            .await;
        assert!(deleted.is_some(), "the public placeholder is deleted");
        bot.assert_clean();
        bot.stop().await.1.expect("a clean shutdown");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_and_autocomplete_use_the_same_commands_and_checks() {
    init_tracing();
    within(Duration::from_secs(60), async {
        let bot = Bot::start().await;
        bot.add_acme("analytics,target").await;
        let file = bot.file_late_report("ja");
        let token = file["token"].as_str().unwrap_or_default().to_owned();
        let filed = bot.ask(file).await;
        let id = case_id(&filed);
        assert_eq!(
            filed.message["components"][0]["components"][0]["label"],
            "応答済みにする"
        );
        let original = bot
            .fake
            .original_response(&token)
            .expect("the case message");

        let click = |user: u64, roles: &[u64], custom_id: &str| {
            let mut p = bot.command("case", vec![], "en-US", user, roles, CHANNEL);
            p["type"] = json!(3);
            p["data"] = json!({ "custom_id": custom_id, "component_type": 2 });
            p["message"] = original.clone();
            p
        };
        // A customer may not mark it responded: the engine refuses, privately.
        let refused = bot
            .ask(click(CUSTOMER, &[], &format!("case:respond:{id}")))
            .await;
        assert_eq!(refused.colour(), ERROR_GREY, "{}", refused.text());
        assert!(refused.ephemeral());
        // An agent may.
        let done = bot
            .ask(click(AGENT, &[AGENT_ROLE], &format!("case:respond:{id}")))
            .await;
        done.assert_answered("Mark responded");
        let case = bot
            .engine
            .store()
            .expect("a store")
            .case(CaseId(id.parse().expect("digits")))
            .expect("readable")
            .expect("the case");
        assert_eq!(case.response.map(|r| r.by), Some(UserId(AGENT)));
        bot.ask(click(AGENT, &[AGENT_ROLE], &format!("case:show:{id}")))
            .await
            .assert_answered("Show case");

        // Autocomplete: organisations and cases the caller may see, and products.
        let suggest = async |command: Value| -> Vec<(String, String)> {
            bot.fake.send_event("INTERACTION_CREATE", command.clone());
            let cb = bot
                .fake
                .wait_for_callback(&command, WAIT)
                .await
                .expect("autocomplete answered");
            let body = cb.body.expect("a body");
            assert_eq!(body["type"], 8);
            body["data"]["choices"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|c| {
                            (
                                c["name"].as_str().unwrap_or_default().to_owned(),
                                c["value"].as_str().unwrap_or_default().to_owned(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let auto = |options: Vec<Value>, user: u64, roles: &[u64]| {
            bot.fake.interaction_autocomplete(
                "case",
                options,
                "en-US",
                user,
                roles,
                CHANNEL,
                Some(GUILD),
            )
        };
        let orgs = suggest(auto(
            vec![opt::sub(
                "file",
                vec![opt::focused(opt::string("org", "ac"))],
            )],
            AGENT,
            &[AGENT_ROLE],
        ))
        .await;
        assert_eq!(orgs, vec![("acme".to_owned(), "acme".to_owned())]);
        let products = suggest(auto(
            vec![opt::sub(
                "file",
                vec![
                    opt::string("org", "acme"),
                    opt::focused(opt::string("product", "t")),
                ],
            )],
            AGENT,
            &[AGENT_ROLE],
        ))
        .await;
        assert_eq!(products, vec![("target".to_owned(), "target".to_owned())]);
        let cases = suggest(auto(
            vec![opt::sub("show", vec![opt::focused(opt::string("id", &id))])],
            AGENT,
            &[AGENT_ROLE],
        ))
        .await;
        assert_eq!(cases.len(), 1);
        assert!(
            cases[0].0.starts_with(&format!(
                "CASE-{:06} · P3 · reports late",
                id.parse::<u64>().unwrap_or_default()
            )),
            "{cases:?}"
        );
        // A stranger sees nothing of anyone's.
        assert!(
            suggest(auto(
                vec![opt::sub("show", vec![opt::focused(opt::string("id", ""))])],
                CUSTOMER,
                &[]
            ))
            .await
            .is_empty()
        );
        assert!(
            suggest(auto(
                vec![opt::sub("file", vec![opt::focused(opt::string("org", ""))])],
                CUSTOMER,
                &[]
            ))
            .await
            .is_empty()
        );
        bot.assert_clean();
        bot.stop().await.1.expect("a clean shutdown");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_language_questions_get_the_commands_answers() {
    init_tracing();
    within(Duration::from_secs(60), async {
        let bot = Bot::start_with(FakeOptions::default(), |c| c.help_channels = vec![HELP]).await;
        let identify = bot.fake.wait_identify(WAIT).await.expect("IDENTIFY");
        let wanted = GatewayIntents::GUILDS
            | GatewayIntents::GUILD_MESSAGES
            | GatewayIntents::DIRECT_MESSAGES
            | GatewayIntents::MESSAGE_CONTENT;
        assert_eq!(
            identify.intents,
            wanted.bits(),
            "MESSAGE_CONTENT only because help channels are set"
        );
        let me = bot.fake.bot_user_id();
        let say = |content: &str, channel: u64, guild: Option<u64>, mentions: &[u64]| {
            bot.say(content, channel, guild, mentions)
        };
        let reply_to = async |id: &str| bot.reply_to(id).await;
        let hours = |language: &str| {
            bot.expected(language, Role::Customer, "hours", &[("region", "japan")])
                .title
        };

        let asked = say(
            &format!("<@{me}> what are your support hours in Japan"),
            CHANNEL,
            Some(GUILD),
            &[me],
        );
        let r = reply_to(&asked).await;
        let body = r.body.clone().expect("a body");
        assert_eq!(body["embeds"][0]["title"], hours("en-US").as_str());
        assert_eq!(
            body["nonce"],
            asked.as_str(),
            "the question's id is the nonce"
        );
        assert_eq!(body["enforce_nonce"], true);
        assert_eq!(body["allowed_mentions"]["parse"], json!([]));
        assert!(effective_mentions(&body).is_empty());

        let asked = say("日本的支援營業時間", DM, None, &[]);
        assert_eq!(
            reply_to(&asked).await.json("embeds")[0]["title"],
            hours("zh-TW").as_str()
        );
        let asked = say("日本のサポート時間は", HELP, Some(GUILD), &[]);
        assert_eq!(
            reply_to(&asked).await.json("embeds")[0]["title"],
            hours("ja").as_str()
        );
        let asked = say("P2 response time for business", HELP, Some(GUILD), &[]);
        let slo = bot.expected(
            "en-US",
            Role::Customer,
            "slo",
            &[("plan", "business"), ("priority", "p2")],
        );
        let r = reply_to(&asked).await;
        assert_eq!(r.json("embeds")[0]["title"], slo.title.as_str());
        assert_eq!(
            r.json("embeds")[0]["fields"].as_array().map_or(0, Vec::len),
            slo.fields.len()
        );

        // A case asked about in a channel: the answer would be private, so a pointer to the
        // command (answered ephemerally) instead.
        let asked = say(&format!("<@{me}> CASE-000042"), CHANNEL, Some(GUILD), &[me]);
        let pointer = reply_to(&asked).await;
        assert!(
            pointer
                .json("content")
                .as_str()
                .unwrap_or_default()
                .contains("`/case show id:CASE-000042`"),
            "{:?}",
            pointer.body
        );
        assert!(pointer.json("embeds").as_array().is_none_or(Vec::is_empty));
        // A mention it cannot place: a short pointer to /help, in the question's language.
        let asked = say(
            &format!("<@{me}> こんにちは @everyone"),
            CHANNEL,
            Some(GUILD),
            &[me],
        );
        let r = reply_to(&asked).await;
        assert!(
            r.json("content")
                .as_str()
                .unwrap_or_default()
                .contains("/help")
        );
        assert!(
            r.json("content")
                .as_str()
                .unwrap_or_default()
                .contains("サポート")
        );
        assert!(effective_mentions(r.body.as_ref().expect("a body")).is_empty());

        // Not for the bot: a help-channel message it cannot place, thanks, a link alone, a
        // channel message without a mention, statements that use the bot's words (an
        // announcement, news of a fix, the asker's own hours), and the bot's own messages.
        let ignored = [
            say("hello everyone", HELP, Some(GUILD), &[]),
            say("the weekend sale starts saturday", HELP, Some(GUILD), &[]),
            say(
                &format!("<@{me}> our p1 got fixed, thanks all"),
                CHANNEL,
                Some(GUILD),
                &[me],
            ),
            say("we're open till 5 today", HELP, Some(GUILD), &[]),
            say(&format!("<@{me}> thanks!"), CHANNEL, Some(GUILD), &[me]),
            say("https://status.adobe.com", HELP, Some(GUILD), &[]),
            say(
                "what are your support hours in Japan",
                CHANNEL,
                Some(GUILD),
                &[],
            ),
        ];
        let own = bot.fake.message_create(
            "P2 response time for business",
            bot.fake.bot_user(),
            HELP,
            Some(GUILD),
            &[],
        );
        bot.fake.send_event("MESSAGE_CREATE", own);
        // A later question is answered; by then the earlier ones would have been too.
        let last = say("phone support for elite?", DM, None, &[]);
        assert_eq!(
            reply_to(&last).await.json("embeds")[0]["title"],
            bot.expected(
                "en-US",
                Role::Customer,
                "support phone",
                &[("plan", "elite")]
            )
            .title
            .as_str()
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
        let replies = bot.fake.requests_to(Route::ChannelMessages);
        for id in ignored {
            assert!(
                !replies
                    .iter()
                    .any(|r| r.json("message_reference")["message_id"] == id.as_str()),
                "{id} answered"
            );
        }
        assert_eq!(replies.len(), 7, "one reply per question for the bot");
        bot.assert_clean();
        bot.stop().await.1.expect("a clean shutdown");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_are_still_answered_after_a_reconnect() {
    init_tracing();
    within(Duration::from_secs(60), async {
        let bot = Bot::start().await;
        let minimal = GatewayIntents::GUILDS
            | GatewayIntents::GUILD_MESSAGES
            | GatewayIntents::DIRECT_MESSAGES;
        assert_eq!(
            bot.fake.identifies()[0].intents,
            minimal.bits(),
            "no privileged intent without help channels"
        );
        assert!(bot.fake.request_reconnect());
        // Sent while the bot reconnects: it goes out after RESUMED.
        let a = bot.command(
            "hours",
            vec![opt::string("region", "emea")],
            "ja",
            CUSTOMER,
            &[],
            CHANNEL,
        );
        let b = bot.command(
            "case",
            vec![opt::sub("list", vec![])],
            "zh-TW",
            AGENT,
            &[AGENT_ROLE],
            CHANNEL,
        );
        bot.fake.send_event("INTERACTION_CREATE", a.clone());
        bot.fake.send_event("INTERACTION_CREATE", b.clone());
        let resume = bot.fake.wait_resume(WAIT).await.expect("RESUME after op 7");
        assert_eq!(resume.conn, 2);
        answer_of(&bot.fake, &a)
            .await
            .assert_answered("hours after RESUME");
        answer_of(&bot.fake, &b)
            .await
            .assert_answered("case list after RESUME");
        assert_eq!(
            bot.fake.identifies().len(),
            1,
            "resumed, not identified again"
        );
        bot.assert_clean();
        bot.stop().await.1.expect("a clean shutdown");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_500_or_a_429_on_the_callback_is_retried_and_answered_once() {
    init_tracing();
    within(Duration::from_secs(60), async {
        let bot = Bot::start().await;
        for (failure, least) in [
            (Failure::ServerError, Duration::ZERO),
            (
                Failure::RateLimited {
                    retry_after: 0.3,
                    global: false,
                },
                Duration::from_millis(300),
            ),
        ] {
            bot.fake
                .fail_next(Route::InteractionCallback, failure.clone(), 1);
            let p = bot.command("slo", vec![], "en-US", CUSTOMER, &[], CHANNEL);
            let path = format!(
                "/api/v10/interactions/{}/{}/callback",
                p["id"].as_str().unwrap_or_default(),
                p["token"].as_str().unwrap_or_default()
            );
            bot.ask(p.clone()).await.assert_answered("slo");
            let tries: Vec<Recorded> = bot
                .fake
                .requests()
                .into_iter()
                .filter(|r| r.path == path)
                .collect();
            assert_eq!(
                tries.iter().map(|r| r.status).collect::<Vec<_>>(),
                vec![if least.is_zero() { 500 } else { 429 }, 204],
                "{failure:?}"
            );
            assert!(
                tries[1].at - tries[0].at >= least,
                "retry_after honoured: {:?}",
                tries[1].at - tries[0].at
            );
            let token = p["token"].as_str().unwrap_or_default();
            let delivered = bot
                .fake
                .deliveries()
                .iter()
                .filter(|d| d.interaction_token.as_deref() == Some(token))
                .count();
            assert_eq!(delivered, 1, "answered once");
        }
        // The same on the edit of a deferred answer.
        bot.fake
            .fail_next(Route::OriginalResponse, Failure::rate_limited(), 1);
        let p = bot.command(
            "org",
            vec![opt::sub("list", vec![])],
            "en-US",
            AGENT,
            &[AGENT_ROLE],
            CHANNEL,
        );
        bot.ask(p.clone()).await.assert_answered("org list");
        let token = p["token"].as_str().unwrap_or_default();
        let edits: Vec<u16> = bot
            .fake
            .requests_to(Route::OriginalResponse)
            .iter()
            .filter(|r| r.path.contains(token))
            .map(|r| r.status)
            .collect();
        assert_eq!(edits, vec![429, 200]);
        bot.assert_clean();
        bot.stop().await.1.expect("a clean shutdown");
    })
    .await;
}

/// The production configuration: the base URL is `https://discord.com` and serenity's rate
/// limiter is on; only the HTTP client (`discord::client_builder`, as in production) is told that
/// `discord.com` is the fake and that the fake's certificate is the one to trust. Serenity's own
/// request (gateway discovery) is answered 429 once: its limiter waits the `retry-after` and asks
/// again. Without the limiter serenity does not retry at all, so there would be no second request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_production_setting_goes_through_serenitys_rate_limiter() {
    init_tracing();
    within(Duration::from_secs(60), async {
        let fake = FakeDiscord::start_with(FakeOptions {
            https: true,
            token: Some("test-token".to_owned()),
            ..FakeOptions::default()
        })
        .await;
        fake.fail_next(
            Route::Gateway,
            Failure::RateLimited {
                retry_after: 0.4,
                global: false,
            },
            1,
        );
        let dir = tempfile::tempdir().expect("a temporary directory");
        let engine = engine(dir.path());
        let production = Config {
            api_base: supportbot::config::DISCORD_API.to_owned(),
            ..config(&fake)
        };
        assert!(!production.custom_api(), "the production base URL");
        let client = fake
            .as_discord_com(discord::client_builder())
            .build()
            .expect("an HTTP client");
        let bot = Bot::run_with_client(fake, engine, dir, production, client).await;

        let discovery = bot.fake.requests_to(Route::Gateway);
        assert_eq!(
            discovery.iter().map(|r| r.status).collect::<Vec<_>>(),
            vec![429, 200],
            "serenity's limiter asks again after the 429"
        );
        let waited = discovery[1].at - discovery[0].at;
        assert!(
            waited >= Duration::from_millis(400),
            "the retry-after was waited: {waited:?}"
        );
        let p = bot.command("slo", vec![], "en-US", CUSTOMER, &[], CHANNEL);
        bot.ask(p).await.assert_answered("slo");
        // Everything, serenity's requests and the bot's own, went to `discord.com` over TLS.
        let requests = bot.fake.requests();
        assert!(requests.len() >= 5, "{requests:#?}");
        for request in &requests {
            assert_eq!(
                request.header("host"),
                Some("discord.com"),
                "{} {}",
                request.method,
                request.path
            );
            assert_eq!(
                request.authorization.as_deref(),
                Some("Bot test-token"),
                "{} {}",
                request.method,
                request.path
            );
        }
        bot.assert_clean();
        bot.stop().await.1.expect("a clean shutdown");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_message_sends_are_retried_without_a_duplicate() {
    init_tracing();
    within(Duration::from_secs(60), async {
        let bot = Bot::start().await;
        let me = bot.fake.bot_user_id();
        let alice = user(CUSTOMER, "alice");
        // Delivered, then a 500: the retry carries the same nonce, so Discord drops it.
        bot.fake.fail_next(
            Route::ChannelMessages,
            Failure::ServerErrorAfterProcessing,
            1,
        );
        bot.fake
            .fail_next(Route::ChannelMessages, Failure::rate_limited(), 1);
        let m = bot.fake.message_create(
            &format!("<@{me}> hours in emea?"),
            alice,
            CHANNEL,
            Some(GUILD),
            &[me],
        );
        let nonce = m["id"].as_str().unwrap_or_default().to_owned();
        bot.fake.send_event("MESSAGE_CREATE", m);
        let n = nonce.clone();
        let tries = bot
            .fake
            .wait_for_count(
                move |r| r.route == Some(Route::ChannelMessages) && r.json("nonce") == n.as_str(),
                3,
                WAIT,
            )
            .await
            .expect("three attempts");
        assert_eq!(
            tries.iter().map(|r| r.status).collect::<Vec<_>>(),
            vec![500, 429, 200]
        );
        assert_eq!(bot.fake.deliveries_with_nonce(&nonce), 1, "delivered once");
        bot.assert_clean();
        bot.stop().await.1.expect("a clean shutdown");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_interaction_is_logged_not_retried() {
    init_tracing();
    within(Duration::from_secs(60), async {
        let options = FakeOptions {
            interaction_deadline: Some(Duration::from_millis(200)),
            ..FakeOptions::default()
        };
        let bot = Bot::start_with(options, |_| {}).await;
        // The answer reaches Discord after the deadline: 10062, and no second try.
        bot.fake.fail_next(
            Route::InteractionCallback,
            Failure::Slow(Duration::from_millis(400)),
            1,
        );
        let p = bot.command("hours", vec![], "en-US", CUSTOMER, &[], CHANNEL);
        let path = format!(
            "/api/v10/interactions/{}/{}/callback",
            p["id"].as_str().unwrap_or_default(),
            p["token"].as_str().unwrap_or_default()
        );
        bot.fake.send_event("INTERACTION_CREATE", p);
        let late = bot
            .fake
            .wait_for(|r| r.path == path, WAIT)
            .await
            .expect("the late answer");
        assert_eq!(late.status, 404);
        // A deferral refused as unknown: the case is not filed, since nobody would learn of it.
        bot.fake
            .fail_next(Route::InteractionCallback, Failure::UnknownInteraction, 1);
        let p = bot.org_add(&[("name", "ghost"), ("plan", "online"), ("region", "apac")]);
        let token = p["token"].as_str().unwrap_or_default().to_owned();
        bot.fake.send_event("INTERACTION_CREATE", p);
        let t = token.clone();
        bot.fake
            .wait_for(move |r| r.path.contains(&t) && r.status == 404, WAIT)
            .await
            .expect("the refused deferral");
        // Still alive: a DM is answered.
        let m = bot.fake.message_create(
            "what are your support hours in Japan",
            user(CUSTOMER, "alice"),
            DM,
            None,
            &[],
        );
        bot.fake.send_event("MESSAGE_CREATE", m);
        bot.fake
            .wait_for(
                |r| r.route == Some(Route::ChannelMessages) && r.status == 200,
                WAIT,
            )
            .await
            .expect("a DM answer");
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(
            bot.fake
                .requests()
                .iter()
                .filter(|r| r.path == path)
                .count(),
            1,
            "no retry storm"
        );
        assert!(
            bot.fake
                .requests()
                .iter()
                .all(|r| !r.path.contains(&token) || r.route == Some(Route::InteractionCallback)),
            "no edit of an unknown interaction"
        );
        let org = bot
            .engine
            .store()
            .expect("a store")
            .org(&"ghost".parse().expect("an id"))
            .expect("readable");
        assert!(org.is_none(), "nothing recorded");
        let notes = bot.fake.notes();
        assert_eq!(notes.len(), 1, "only the late answer: {notes:?}");
        assert!(notes[0].contains("answered after"), "{notes:?}");
        bot.stop().await.1.expect("a clean shutdown");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everyone_in_a_case_title_pings_nobody() {
    init_tracing();
    within(Duration::from_secs(60), async {
        let bot = Bot::start().await;
        let p = bot.org_add(&[("name", "acme"), ("plan", "business"), ("region", "emea")]);
        bot.ask(p).await.assert_answered("org add");
        let title = format!("@everyone @here <@&{AGENT_ROLE}> <@{CONTACT}> urgent");
        let p = bot.command(
            "case",
            vec![opt::sub(
                "file",
                vec![
                    opt::string("org", "acme"),
                    opt::string("product", "analytics"),
                    opt::string("priority", "p3"),
                    opt::string("title", &title),
                ],
            )],
            "en-US",
            AGENT,
            &[AGENT_ROLE],
            TEAM,
        );
        let filed = bot.ask(p).await;
        filed.assert_answered("case file");
        assert!(!filed.ephemeral(), "public in the team channel");
        assert!(
            filed.title().contains("@everyone"),
            "the title is shown as written"
        );
        filed.assert_pings(&[], &[]);
        // The callback of a quick answer too.
        let id = case_id(&filed);
        let p = bot.command(
            "case",
            vec![opt::sub("show", vec![opt::string("id", &id)])],
            "en-US",
            AGENT,
            &[AGENT_ROLE],
            TEAM,
        );
        bot.ask(p).await.assert_pings(&[], &[]);
        for d in bot.fake.deliveries() {
            assert!(d.message["mention_everyone"] != true, "{:#}", d.message);
            assert!(
                d.message["mentions"].as_array().is_none_or(Vec::is_empty),
                "{:#}",
                d.message
            );
            assert!(
                d.message["mention_roles"]
                    .as_array()
                    .is_none_or(Vec::is_empty),
                "{:#}",
                d.message
            );
        }
        bot.assert_clean();
        bot.stop().await.1.expect("a clean shutdown");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_are_registered_only_when_they_differ() {
    init_tracing();
    within(Duration::from_secs(60), async {
        // Each run: a fresh store, the same fake (what Discord remembers).
        let run = |fake: FakeDiscord, guild: Option<u64>| async move {
            let mut config = config(&fake);
            config.guild_id = guild;
            let dir = tempfile::tempdir().expect("a temporary directory");
            let engine = engine(dir.path());
            let (fake, result) = Bot::run(fake, engine, dir, config).await.stop().await;
            result.expect("a clean shutdown");
            fake
        };
        let puts = |fake: &FakeDiscord| {
            fake.requests()
                .iter()
                .filter(|r| r.method == "PUT")
                .map(|r| r.path.clone())
                .collect::<Vec<_>>()
        };
        let fake = run(FakeDiscord::start().await, None).await;
        assert_eq!(puts(&fake).len(), 1);
        let fake = run(fake, None).await;
        assert_eq!(puts(&fake).len(), 1, "unchanged: read, not written");
        let gets = fake
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path.ends_with("/commands"))
            .count();
        assert_eq!(gets, 2);
        let fake = run(fake, Some(GUILD)).await;
        let written = puts(&fake);
        assert_eq!(written.len(), 2);
        assert_eq!(
            written[1],
            format!(
                "/api/v10/applications/{}/guilds/{GUILD}/commands",
                fake.application_id()
            )
        );
        assert_eq!(fake.commands(Some(GUILD)).len(), 14);
        assert!(fake.notes().is_empty(), "{:?}", fake.notes());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_the_answers_under_way_and_flushes_the_store() {
    init_tracing();
    within(Duration::from_secs(60), async {
        let fake = FakeDiscord::start().await;
        let dir = tempfile::tempdir().expect("a temporary directory");
        let engine = engine(dir.path());
        let config = config(&fake);
        let bot = Bot::run(fake, engine, dir, config).await;
        // A slow edit keeps the answer under way while the bot is told to stop.
        bot.fake.fail_next(
            Route::OriginalResponse,
            Failure::Slow(Duration::from_millis(500)),
            1,
        );
        let p = bot.org_add(&[("name", "acme"), ("plan", "business"), ("region", "emea")]);
        bot.fake.send_event("INTERACTION_CREATE", p.clone());
        bot.fake
            .wait_for_callback(&p, WAIT)
            .await
            .expect("deferred");
        let engine = bot.engine.clone();
        let (fake, result) = bot.stop().await;
        result.expect("a clean shutdown");
        let token = p["token"].as_str().unwrap_or_default();
        let edited = fake.deliveries().iter().any(|d| {
            d.kind == DeliveryKind::EditOriginal && d.interaction_token.as_deref() == Some(token)
        });
        assert!(
            edited,
            "the answer under way was finished before run returned"
        );
        let closed = fake.gateway_log().iter().any(|r| r.dir == GwDir::Closed);
        assert!(closed, "the gateway was closed");
        let store = engine.store().expect("a store");
        assert!(
            store
                .org(&"acme".parse().expect("an id"))
                .expect("readable")
                .is_some()
        );
        assert!(fake.notes().is_empty(), "{:?}", fake.notes());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_notifier_posts_each_reminder_once_pinging_only_its_role() {
    within(Duration::from_secs(30), async {
        let fake = FakeDiscord::start().await;
        let notifier = DiscordNotifier::new(&config(&fake)).expect("a notifier");
        let message = Outgoing {
            channel: TEAM,
            content: format!("<@&{AGENT_ROLE}> CASE-000001 is due in 30 minutes @everyone"),
            nonce: "r-1-u500".to_owned(),
            ping_roles: vec![AGENT_ROLE],
            ping_users: vec![],
            cases: vec![],
            language: supportbot::domain::ids::Language::En,
        };
        notifier.send(&message).await.expect("sent");
        notifier
            .send(&message)
            .await
            .expect("sent again: Discord drops the duplicate");
        assert_eq!(fake.attempts_with_nonce("r-1-u500"), 2);
        assert_eq!(fake.deliveries_with_nonce("r-1-u500"), 1);
        let sent = fake.requests_to(Route::ChannelMessages).remove(0);
        let body = sent.body.expect("a body");
        assert_eq!(body["enforce_nonce"], true);
        assert_eq!(body["allowed_mentions"]["parse"], json!([]));
        assert_eq!(
            body["allowed_mentions"]["roles"],
            json!([AGENT_ROLE.to_string()])
        );
        let pinged = effective_mentions(&body);
        assert_eq!(
            (pinged.roles, pinged.users, pinged.everyone),
            (vec![AGENT_ROLE], vec![], false)
        );

        let other = |nonce: &str| Outgoing {
            nonce: nonce.to_owned(),
            ..message.clone()
        };
        fake.fail_next(
            Route::ChannelMessages,
            Failure::RateLimited {
                retry_after: 1.5,
                global: false,
            },
            1,
        );
        assert_eq!(
            notifier.send(&other("r-2")).await,
            Err(SendError::RetryAfter(Duration::from_millis(1500)))
        );
        fake.fail_next(Route::ChannelMessages, Failure::ServerError, 1);
        assert!(matches!(
            notifier.send(&other("r-3")).await,
            Err(SendError::Transient(_))
        ));
        for status in [403, 404] {
            fake.fail_next(
                Route::ChannelMessages,
                Failure::Custom {
                    status,
                    body: json!({ "code": 50001, "message": "Missing Access" }),
                },
                1,
            );
            assert!(
                matches!(
                    notifier.send(&other("r-4")).await,
                    Err(SendError::Rejected(_))
                ),
                "{status}"
            );
        }
        let unreachable = Config {
            api_base: "http://127.0.0.1:9".to_owned(),
            ..config(&fake)
        };
        let offline = DiscordNotifier::new(&unreachable).expect("a notifier");
        assert!(matches!(
            offline.send(&other("r-5")).await,
            Err(SendError::Transient(_))
        ));
        assert!(fake.notes().is_empty(), "{:?}", fake.notes());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_runs_against_the_fake_and_stops_on_sigterm() {
    init_tracing();
    within(Duration::from_secs(60), async {
        let fake = FakeDiscord::start().await;
        let dir = tempfile::tempdir().expect("a temporary directory");
        let log_path = dir.path().join("stderr.log");
        let log_file = std::fs::File::create(&log_path).expect("a log file");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_supportbot"))
            .arg("run")
            .current_dir(root())
            .env("DISCORD_TOKEN", "test-token")
            .env("SUPPORTBOT_DISCORD_API", fake.base_url())
            .env("SUPPORTBOT_DATA_DIR", dir.path().join("store"))
            .env("SUPPORTBOT_TEAM_CHANNELS", TEAM.to_string())
            .env("NO_PROXY", "127.0.0.1,localhost")
            .env("RUST_LOG", "supportbot=info")
            .stdin(std::process::Stdio::null())
            .stderr(log_file)
            .spawn()
            .expect("the binary starts");
        let connected = fake.wait_connected(WAIT).await;
        if !connected {
            let _ = child.kill();
        }
        assert!(connected, "the binary connects");
        let p = fake.interaction_command(
            "hours",
            vec![opt::string("region", "japan")],
            "zh-TW",
            CUSTOMER,
            &[],
            CHANNEL,
            Some(GUILD),
        );
        fake.send_event("INTERACTION_CREATE", p.clone());
        let a = answer_of(&fake, &p).await;
        a.assert_answered("hours from the binary");
        assert!(
            a.title().chars().any(|c| c > '\u{3000}'),
            "answered in Chinese: {}",
            a.title()
        );
        let pid = child.id().to_string();
        let killed = std::process::Command::new("sh")
            .args(["-c", &format!("kill -TERM {pid}")])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let status = tokio::task::spawn_blocking(move || child.wait())
            .await
            .expect("waited")
            .expect("the binary exits");
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        assert!(status.success(), "exit {status:?}\n{log}");
        assert!(
            log.contains("SUPPORTBOT_DISCORD_API is set"),
            "the override is announced:\n{log}"
        );
        assert!(
            !log.contains("test-token"),
            "the token is never logged:\n{log}"
        );
        assert!(fake.notes().is_empty(), "{:?}", fake.notes());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_up_fails_with_what_to_fix() {
    init_tracing();
    within(Duration::from_secs(60), async {
        // Help channels need MESSAGE_CONTENT; a portal that does not allow it closes with 4014.
        let fake = FakeDiscord::start_with(FakeOptions {
            allowed_privileged_intents: GatewayIntents::empty(),
            ..FakeOptions::default()
        })
        .await;
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut with_help = config(&fake);
        with_help.help_channels = vec![HELP];
        let result = discord::run(
            with_help,
            engine(dir.path()),
            reader::intents(),
            std::future::pending(),
        )
        .await;
        let error = result.expect_err("4014 ends the bot");
        assert!(matches!(error, DiscordError::Gateway(_)), "{error}");
        let closed = fake.wait_gateway(|r| r.dir == GwDir::Closed, WAIT).await;
        assert_eq!(closed.map(|r| r.d["code"].clone()), Some(json!(4014)));

        // A catalog whose texts Discord would refuse stops the bot before it connects, naming
        // the command and the message to fix.
        let broken = tempfile::tempdir().expect("a temporary directory");
        copy_dir(&root().join("data"), broken.path());
        let ja = broken.path().join("locales").join("ja.ftl");
        let text = std::fs::read_to_string(&ja).expect("ja.ftl");
        let text = text.replacen("command-hours = 営業時間\n", "command-hours = 営業 時間\n", 1);
        std::fs::write(&ja, text).expect("written");
        let catalog = Arc::new(Catalog::load(broken.path()).expect("the catalog loads"));
        let fake = FakeDiscord::start().await;
        let error = discord::run(
            config(&fake),
            Engine::new(catalog, Arc::new(SystemClock)),
            reader::intents(),
            std::future::pending(),
        )
        .await
        .expect_err("refused");
        let text = error.to_string();
        assert!(
            text.contains(
                "/hours: the ja name \"営業 時間\" (message `command-hours`) is not 1–32 lowercase letters"
            ),
            "{text}"
        );
        assert!(fake.requests().is_empty(), "nothing sent to Discord");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_register_subcommand_overwrites_the_commands() {
    within(Duration::from_secs(60), async {
        let fake = FakeDiscord::start().await;
        let base = fake.base_url();
        let run = move |args: &'static [&'static str], token: Option<&'static str>| {
            let base = base.clone();
            tokio::task::spawn_blocking(move || {
                let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_supportbot"));
                command
                    .args(args)
                    .current_dir(root())
                    .env_remove("DISCORD_TOKEN")
                    .env("SUPPORTBOT_DISCORD_API", base)
                    .env("NO_PROXY", "127.0.0.1,localhost");
                if let Some(token) = token {
                    command.env("DISCORD_TOKEN", token);
                }
                command.output().expect("the binary runs")
            })
        };
        let out = run(&["commands", "register"], None).await.expect("ran");
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("DISCORD_TOKEN is not set"));
        let out = run(
            &["commands", "register", "--guild", "700000000000000001"],
            Some("t"),
        )
        .await
        .expect("ran");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("in guild 700000000000000001"));
        assert_eq!(fake.commands(Some(GUILD)).len(), 14);
        // Always written, even when unchanged: an explicit overwrite.
        run(
            &["commands", "register", "--guild", "700000000000000001"],
            Some("t"),
        )
        .await
        .expect("ran");
        let puts = fake.requests().iter().filter(|r| r.method == "PUT").count();
        assert_eq!(puts, 2);
        assert!(fake.notes().is_empty(), "{:?}", fake.notes());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_longer_than_one_embed_follows_in_numbered_pages() {
    init_tracing();
    within(Duration::from_secs(120), async {
        let bot = Bot::start().await;
        let admin = Caller::new(UserId(ADMIN), Role::Admin, Language::En);
        let products: Vec<String> = (1..=20).map(|n| format!("p{n:02}")).collect();
        let added = bot.engine.handle_line(
            admin,
            &format!(
                "/org add name:Grande plan:elite region:emea products:{}",
                products.join(",")
            ),
        );
        assert_eq!(added.outcome, supportbot::engine::Outcome::Answered);
        for (i, product) in products.iter().enumerate() {
            for n in 0..15 {
                let user = CONTACT + 1000 + (i as u64) * 15 + n;
                let line = format!("/contacts add org:grande product:{product} user:{user}");
                let reply = bot.engine.handle_line(admin, &line);
                assert_eq!(
                    reply.outcome,
                    supportbot::engine::Outcome::Answered,
                    "{line}"
                );
            }
        }
        let p = bot.command(
            "org",
            vec![opt::sub("show", vec![opt::string("org", "grande")])],
            "en-US",
            ADMIN,
            &[ADMIN_ROLE],
            CHANNEL,
        );
        let first = bot.ask(p.clone()).await;
        first.assert_answered("org show");
        assert!(first.ephemeral());
        assert!(first.title().ends_with("(1/2)"), "{}", first.title());
        let token = p["token"].as_str().unwrap_or_default().to_owned();
        let path = format!("/api/v10/webhooks/{}/{token}", bot.fake.application_id());
        let page = bot
            .fake
            .wait_for(
                move |r| r.path == path && r.method == "POST" && r.status == 200,
                WAIT,
            )
            .await
            .expect("the second page follows");
        let body = page.body.clone().expect("a follow-up body");
        assert_eq!(
            body["flags"].as_u64().unwrap_or_default() & EPHEMERAL,
            EPHEMERAL
        );
        assert!(
            body["embeds"][0]["title"]
                .as_str()
                .is_some_and(|t| t.ends_with("(2/2)")),
            "{body:#}"
        );
        assert_eq!(body["allowed_mentions"]["parse"], json!([]));
        bot.assert_clean();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_answers_with_its_chart_attached_as_a_png() {
    init_tracing();
    within(Duration::from_secs(60), async {
        let bot = Bot::start().await;
        let admin = bot.org_add(&[("name", "acme"), ("plan", "elite"), ("region", "emea")]);
        bot.ask(admin).await.assert_answered("org add");
        let agent = |name: &str, options: Vec<Value>| {
            bot.command(name, options, "ja", AGENT, &[AGENT_ROLE], TEAM)
        };
        let file = agent("case", file_for_acme("p2", "orders stuck"));
        let id = case_id(&bot.ask(file).await);
        let respond = agent(
            "case",
            vec![opt::sub("respond", vec![opt::string("id", &id)])],
        );
        bot.ask(respond).await.assert_answered("case respond");

        let range = [("from", "2026-11-01"), ("to", "2026-11-30")];
        let stats = agent(
            "stats",
            range.iter().map(|(k, v)| opt::string(k, v)).collect(),
        );
        let token = stats["token"].as_str().unwrap_or_default().to_owned();
        let answer = bot.ask(stats).await;
        answer.assert_answered("stats");
        let want = bot.expected("ja", Role::Agent, "stats", &range);
        assert_eq!(answer.title(), want.title);
        assert!(
            answer.text().contains("1 件中 1 件達成"),
            "{}",
            answer.text()
        );

        let edit = bot
            .fake
            .wait_for(
                move |r| r.method == "PATCH" && r.path.contains(&token) && r.files > 0,
                WAIT,
            )
            .await
            .expect("an edit with the chart");
        assert_eq!(edit.status, 200);
        assert_eq!(
            edit.json("attachments"),
            &json!([{ "id": 0, "filename": "stats.png" }])
        );
        let [upload] = &edit.uploads[..] else {
            panic!("one file: {:?}", edit.uploads.len());
        };
        assert_eq!(
            (upload.field.as_str(), upload.filename.as_str()),
            ("files[0]", "stats.png")
        );
        let mut reader = png::Decoder::new(std::io::Cursor::new(upload.bytes.clone()))
            .read_info()
            .expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
        let info = reader.next_frame(&mut pixels).expect("a whole image");
        assert_eq!((info.width, info.height), (960, 540));
        let colours: std::collections::BTreeSet<&[u8]> =
            pixels[..info.buffer_size()].chunks(3).collect();
        assert!(colours.len() >= 3, "{} colours", colours.len());
        bot.assert_clean();
        bot.stop().await.1.expect("a clean shutdown");
    })
    .await;
}

/// A question that asks to see times in a zone ("in Paris time", `Question::shown_in`) gets
/// them there on Discord too: a public answer writes each time of day in that zone beside
/// Discord's timestamp (which shows the reader's own), and the pointer to a private answer
/// carries the zone in a button that answers privately whoever clicks it, in that zone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_asking_for_times_in_a_zone_gets_them_there_even_privately() {
    init_tracing();
    within(Duration::from_secs(60), async {
        let bot = Bot::start().await;
        bot.add_acme("analytics").await;
        let file = bot.file_late_report("en-US");
        let id = case_id(&bot.ask(file).await);
        let due = bot
            .engine
            .store()
            .expect("a store")
            .case(CaseId(id.parse().expect("digits")))
            .expect("readable")
            .expect("the case")
            .due_at;
        let in_paris = |at: chrono::DateTime<chrono::Utc>| {
            at.with_timezone(&chrono_tz::Europe::Paris)
                .format("%H:%M CET")
                .to_string()
        };
        let me = bot.fake.bot_user_id();
        let say_in = |content: &str, channel: u64| bot.say(content, channel, Some(GUILD), &[me]);
        let say = |content: &str| say_in(content, CHANNEL);
        let reply_to = async |id: &str| bot.reply_to(id).await;

        // A public answer: Japan's hours, its next opening also in Paris time.
        let hours = reply_to(&say(&format!("<@{me}> japan support hours in paris time"))).await;
        let embed = hours.json("embeds")[0].to_string();
        assert!(embed.contains(" CET"), "{embed}");
        assert!(
            embed.contains(">) · "),
            "beside Discord's timestamp: {embed}"
        );

        // A private answer: the pointer names the command and carries the zone in a button.
        let line = format!("/case show id:CASE-{id:0>6}");
        let pointer = reply_to(&say(&format!(
            "<@{me}> when is CASE-{id:0>6} due in paris time"
        )))
        .await;
        let content = pointer.json("content");
        assert!(
            content
                .as_str()
                .unwrap_or_default()
                .contains(&format!("`{line}`")),
            "{content}"
        );
        let button = pointer.json("components")[0]["components"][0].clone();
        assert_eq!(button["label"], "Answer me privately", "{button}");
        let custom_id = format!("ask:Europe/Paris:{line}");
        assert_eq!(button["custom_id"], custom_id.as_str());
        assert!(effective_mentions(pointer.body.as_ref().expect("a body")).is_empty());

        // Clicked by an agent: the case, privately, its due instant in Paris time too.
        let mut click = bot.command("case", vec![], "en-US", AGENT, &[AGENT_ROLE], CHANNEL);
        click["type"] = json!(3);
        click["data"] = json!({ "custom_id": custom_id, "component_type": 2 });
        click["message"] = pointer.response.clone().expect("the posted pointer");
        let shown = bot.ask(click).await;
        shown.assert_answered("the answer button");
        assert!(shown.ephemeral(), "private, as the command's answer");
        assert!(
            shown.text().contains(" · ") && shown.text().contains(&in_paris(due)),
            "due {due} as {} in: {}",
            in_paris(due),
            shown.text()
        );

        // In a team channel, where the case would be answered in public: the customer is
        // refused privately, and the agent who clicks the button still gets the case privately.
        let pointer = reply_to(&say_in(
            &format!("<@{me}> when is CASE-{id:0>6} due in paris time"),
            TEAM,
        ))
        .await;
        let button = pointer.json("components")[0]["components"][0].clone();
        assert_eq!(button["custom_id"], custom_id.as_str(), "{button}");
        let mut click = bot.command("case", vec![], "en-US", AGENT, &[AGENT_ROLE], TEAM);
        click["type"] = json!(3);
        click["data"] = json!({ "custom_id": custom_id, "component_type": 2 });
        click["message"] = pointer.response.clone().expect("the posted pointer");
        let shown = bot.ask(click).await;
        shown.assert_answered("the answer button in a team channel");
        assert!(shown.ephemeral(), "private, as the button's label says");

        // A custom id the bot did not write, for a command that changes records: refused
        // privately, saying what to do, and the case stays open.
        let mut forged = bot.command("case", vec![], "en-US", AGENT, &[AGENT_ROLE], TEAM);
        forged["type"] = json!(3);
        forged["data"] = json!({
            "custom_id": format!("ask:Europe/Paris:/case close id:CASE-{id:0>6}"),
            "component_type": 2,
        });
        forged["message"] = pointer.response.clone().expect("the posted pointer");
        let refused = bot.ask(forged).await;
        assert_eq!(refused.colour(), ERROR_GREY, "{}", refused.text());
        assert!(refused.ephemeral());
        assert!(
            refused.text().contains("type the command you need"),
            "{}",
            refused.text()
        );
        let case = bot
            .engine
            .store()
            .expect("a store")
            .case(CaseId(id.parse().expect("digits")))
            .expect("readable")
            .expect("the case");
        assert!(case.closed_at.is_none(), "not closed by a forged button");
        bot.assert_clean();
        bot.stop().await.1.expect("a clean shutdown");
    })
    .await;
}

/// Plain-language answers carry user text too: an organisation's name, in the answer a named
/// contact gets to "how do I escalate?". In a DM it shows as typed, escaped so that it cannot
/// ping, link or format; in a channel, where the answer is private, the pointer names only the
/// command. Nothing pings either way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_language_answer_shows_an_organisations_name_without_pinging_or_linking() {
    init_tracing();
    within(Duration::from_secs(60), async {
        let bot = Bot::start().await;
        let admin = Caller::new(UserId(ADMIN), Role::Admin, Language::En);
        let name = format!("@everyone <@&{AGENT_ROLE}> <@{AGENT}> [x](https://e.example) **b**");
        let added = bot.engine.handle_line(
            admin,
            &format!("/org add name:\"{name}\" plan:business region:emea products:aem"),
        );
        assert_eq!(added.outcome, supportbot::engine::Outcome::Answered);
        let org = bot
            .engine
            .store()
            .expect("a store")
            .orgs()
            .expect("readable")
            .remove(0)
            .id;
        let contact = bot.engine.handle_line(
            admin,
            &format!("/contacts add org:{org} product:aem user:<@{CUSTOMER}>"),
        );
        assert_eq!(contact.outcome, supportbot::engine::Outcome::Answered);
        let me = bot.fake.bot_user_id();
        let ask = async |content: &str, channel: u64, guild: Option<u64>| -> Value {
            let id = bot.say(content, channel, guild, &[me]);
            bot.reply_to(&id).await.body.expect("a body")
        };

        let direct = ask("how do I escalate?", DM, None).await;
        let shown = direct["embeds"].to_string();
        assert!(
            shown.contains(&org.to_string()),
            "answered for the organisation: {shown}"
        );
        for escaped in [
            r"\\@everyone",
            &format!(r"\\<\\@\\&{AGENT_ROLE}\\>"),
            &format!(r"\\<\\@{AGENT}\\>"),
            r"\\[x\\]\\(https\\:\\/\\/e\\.example\\)",
            r"\\*\\*b\\*\\*",
        ] {
            assert!(shown.contains(escaped), "{escaped} in {shown}");
        }
        assert!(!shown.contains("[x](https"), "no link: {shown}");
        assert_eq!(direct["allowed_mentions"]["parse"], json!([]));
        assert!(effective_mentions(&direct).is_empty(), "{direct:#}");

        let pointer = ask(&format!("<@{me}> how do I escalate?"), CHANNEL, Some(GUILD)).await;
        let content = pointer["content"].as_str().unwrap_or_default();
        assert!(content.contains("`/support escalation`"), "{content}");
        assert!(!content.contains("everyone"), "{content}");
        assert!(effective_mentions(&pointer).is_empty(), "{pointer:#}");
        bot.assert_clean();
        bot.stop().await.1.expect("a clean shutdown");
    })
    .await;
}
