//! Discord's interactions over HTTP (`POST /interactions`): the bot runs in this process against
//! the fake Discord, with a test key pair standing in for Discord's. Requests without a valid,
//! fresh signature get 401 and change nothing; a PING gets PONG; commands, autocomplete and
//! buttons get the gateway path's answers, the first response in the HTTP response, and a slow
//! store's commands are deferred in time and edited through REST. A store that cannot record
//! an interaction's sighting gets the request 503 (Discord retries) with nothing run.

mod fake_discord;
#[path = "common/interactions.rs"]
mod interactions;
#[path = "common/reader.rs"]
mod reader;
mod slow_store;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ed25519_dalek::SigningKey;
use fake_discord::{Failure, FakeDiscord, GwDir, Route, opt};
use interactions::{
    AGENT, AGENT_ROLE, CHANNEL, CUSTOMER, GUILD, filing, hex, signature, signed_now, unix_now,
};
use serde_json::{Value, json};
use slow_store::SlowStore;
use supportbot::clock::ManualClock;
use supportbot::config::{Config, PublicKey};
use supportbot::domain::catalog::Catalog;
use supportbot::engine::{Caller, Engine, Outcome, Role, UserId};
use supportbot::i18n::Language;
use supportbot::reminders;
use supportbot::store::{SledStore, Store};
use supportbot::transport::discord::owner::{Acquiring, Held};
use supportbot::transport::discord::{self, AlwaysOwner, DiscordError, Endpoint, GatewayOwner};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

const WAIT: Duration = Duration::from_secs(10);
/// Wednesday 18 November 2026, 10:00 in London: EMEA is open.
const NOW: &str = "2026-11-18T10:00:00Z";
const EPHEMERAL: u64 = 64;
/// The slow store's flush: longer than the two seconds the endpoint waits before deferring.
const FLUSH: Duration = Duration::from_millis(2500);

async fn within<F: Future>(limit: Duration, f: F) -> F::Output {
    match tokio::time::timeout(limit, f).await {
        Ok(v) => v,
        Err(_) => panic!("test did not finish within {limit:?}"),
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A request's signature headers: `X-Signature-Ed25519` and `X-Signature-Timestamp`.
type Signed = (String, String);

/// The bot on Discord with its interactions endpoint on a loopback port.
struct Bot {
    fake: FakeDiscord,
    store: Arc<SlowStore>,
    /// Discord's key in this test: the bot knows only its public half.
    key: SigningKey,
    url: String,
    client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), DiscordError>>,
    _dir: tempfile::TempDir,
}

impl Bot {
    /// The only process: it owns the gateway, and has connected.
    async fn start() -> Bot {
        let bot = Bot::start_with(Arc::new(AlwaysOwner)).await;
        assert!(
            bot.fake.wait_connected(WAIT).await,
            "the bot connects to the fake"
        );
        bot
    }

    /// A process that holds the gateway when `owner` says so.
    async fn start_with(owner: Arc<dyn GatewayOwner>) -> Bot {
        fake_discord::ensure_no_proxy();
        let fake = FakeDiscord::start().await;
        let dir = tempfile::tempdir().expect("a temporary directory");
        let catalog = Arc::new(Catalog::load(&root().join("data")).expect("the catalog loads"));
        let now = chrono::DateTime::parse_from_rfc3339(NOW)
            .expect("an instant")
            .to_utc();
        let sled = SledStore::open(dir.path())
            .expect("the store opens")
            .with_planner(reminders::planner(catalog.clone()));
        let store = SlowStore::new(sled, FLUSH);
        let engine =
            Engine::new(catalog, Arc::new(ManualClock::new(now))).with_store(store.clone());
        let setup = engine.handle_line(
            Caller::new(UserId(1), Role::Admin, Language::En),
            "/org add name:acme plan:business region:emea products:aem",
        );
        assert_eq!(setup.outcome, Outcome::Answered, "{}", setup.text);

        let key = SigningKey::from_bytes(&[7; 32]);
        let config = Config {
            token: Config::load(None, |name| {
                (name == "DISCORD_TOKEN").then(|| "test-token".to_owned())
            })
            .expect("a config")
            .token,
            agent_roles: vec![AGENT_ROLE],
            catalog_dir: Some(root().join("data")),
            api_base: fake.base_url(),
            public_key: Some(PublicKey(key.verifying_key().to_bytes())),
            ..Config::default()
        };
        let endpoint =
            Endpoint::new(PublicKey(key.verifying_key().to_bytes())).expect("a valid key");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let url = format!(
            "http://{}/interactions",
            listener.local_addr().expect("an address")
        );
        let router = endpoint.router();
        tokio::spawn(async move { axum::serve(listener, router).await });
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(discord::serve(
            config,
            engine,
            reader::intents(),
            discord::client().expect("an HTTP client"),
            Some(endpoint),
            owner,
            async move {
                let _ = stopped.await;
            },
        ));
        // The endpoint serves once the bot has started: a PING cannot tell, a command can.
        let bot = Bot {
            fake,
            store,
            key,
            url,
            client: reqwest::Client::new(),
            stop: Some(stop),
            task,
            _dir: dir,
        };
        let started = Instant::now() + WAIT;
        loop {
            let (status, _) = bot.post_signed(&bot.hours()).await;
            if status != 503 {
                break;
            }
            assert!(Instant::now() < started, "the endpoint never served");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        bot
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let result = within(WAIT * 2, self.task).await;
        assert!(
            matches!(result, Ok(Ok(()))),
            "the bot stops cleanly: {result:?}"
        );
    }

    /// Posts `body` with these signature headers (none when `None`); the status and the body.
    async fn post(&self, body: &[u8], signed: Option<Signed>) -> (u16, String) {
        let mut request = self
            .client
            .post(&self.url)
            .header("content-type", "application/json")
            .body(body.to_vec());
        if let Some((signature, timestamp)) = signed {
            request = request
                .header("X-Signature-Ed25519", signature)
                .header("X-Signature-Timestamp", timestamp);
        }
        let response = request.send().await.expect("the listener answers");
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    }

    /// Posts `body` signed as Discord signs, now.
    async fn post_signed(&self, body: &Value) -> (u16, String) {
        let body = body.to_string().into_bytes();
        self.post(&body, Some(signed_now(&self.key, &body))).await
    }

    /// Delivers an interaction as Discord does over HTTP: the response must be 200 and is
    /// taken as the interaction's callback.
    async fn ask(&self, payload: &Value) -> Value {
        self.fake.http_interaction(payload);
        let answer = self.post_signed(payload).await;
        self.taken(payload, answer)
    }

    /// The response to `payload`, as Discord takes it: the status must be 200.
    fn taken(&self, payload: &Value, (status, body): (u16, String)) -> Value {
        assert_eq!(status, 200, "{body}");
        let response: Value = serde_json::from_str(&body).expect("a JSON response");
        self.fake
            .http_interaction_answered(payload, &response)
            .unwrap_or_else(|status| panic!("Discord refused {response}: {status}"));
        response
    }

    fn hours(&self) -> Value {
        self.fake.interaction_command(
            "hours",
            vec![opt::string("region", "emea")],
            "en-US",
            CUSTOMER,
            &[],
            CHANNEL,
            Some(GUILD),
        )
    }

    fn file(&self, title: &str) -> Value {
        filing(&self.fake, title)
    }

    /// A filing Discord sends over HTTP: its payload, and its body as sent.
    fn filing_sent(&self, title: &str) -> (Value, Vec<u8>) {
        let file = self.file(title);
        self.fake.http_interaction(&file);
        let body = file.to_string().into_bytes();
        (file, body)
    }

    /// Nothing ran: no case was filed and nothing was answered through REST.
    async fn assert_touched_nothing(&self) {
        // Anything a handler had started would show by now.
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(self.next_case(), 1, "no case was filed");
        assert!(
            self.fake
                .requests()
                .iter()
                .all(|r| !r.path.contains("/webhooks/") && !r.path.contains("/callback")),
            "nothing was answered through REST"
        );
    }

    fn stats(&self) -> Value {
        self.fake.interaction_command(
            "stats",
            vec![],
            "en-US",
            AGENT,
            &[AGENT_ROLE],
            CHANNEL,
            Some(GUILD),
        )
    }

    /// The path of the first message answering `payload`, which edits go to.
    fn original_response(&self, payload: &Value) -> String {
        let token = payload["token"].as_str().unwrap_or_default();
        format!(
            "/api/v10/webhooks/{}/{token}/messages/@original",
            self.fake.application_id()
        )
    }

    fn next_case(&self) -> u64 {
        self.store.counters().expect("counters").next_case
    }

    fn assert_clean(&self) {
        let notes = self.fake.notes();
        assert!(notes.is_empty(), "protocol notes: {notes:#?}");
    }
}

fn first_embed(message: &Value) -> String {
    message["embeds"][0].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsigned_wrongly_signed_and_replayed_requests_get_401_and_touch_nothing() {
    within(WAIT * 3, async {
        let bot = Bot::start().await;
        let (_, body) = bot.filing_sent("Checkout fails");
        let now = unix_now().to_string();
        let stranger = SigningKey::from_bytes(&[9; 32]);
        let old = (unix_now() - 600).to_string();
        let mut tampered = body.clone();
        tampered.extend_from_slice(b" ");
        let attempts: Vec<(&str, &[u8], Option<Signed>)> = vec![
            ("unsigned", &body, None),
            (
                "signed by another key",
                &body,
                Some((signature(&stranger, &now, &body), now.clone())),
            ),
            (
                "signature of another body",
                &tampered,
                Some((signature(&bot.key, &now, &body), now.clone())),
            ),
            (
                "signature not hex",
                &body,
                Some(("zz".repeat(64), now.clone())),
            ),
            (
                "signed with another timestamp",
                &body,
                Some((signature(&bot.key, &old, &body), now.clone())),
            ),
            (
                "replayed ten minutes later",
                &body,
                Some((signature(&bot.key, &old, &body), old.clone())),
            ),
        ];
        for (what, body, signed) in attempts {
            let (status, text) = bot.post(body, signed).await;
            assert_eq!(status, 401, "{what}: {text}");
        }
        // The same signed request twice: the second is a replay, refused before it runs.
        let hours = bot.hours();
        bot.fake.http_interaction(&hours);
        let hours = hours.to_string().into_bytes();
        let signed = (signature(&bot.key, &now, &hours), now.clone());
        assert_eq!(bot.post(&hours, Some(signed.clone())).await.0, 200);
        assert_eq!(
            bot.post(&hours, Some(signed)).await.0,
            401,
            "replayed at once"
        );
        // A PING signed by a stranger is refused too: Discord checks the URL with such requests.
        let ping = json!({ "type": 1 }).to_string().into_bytes();
        let signature = signature(&stranger, &now, &ping);
        assert_eq!(bot.post(&ping, Some((signature, now.clone()))).await.0, 401);

        bot.assert_touched_nothing().await;
        bot.assert_clean();
        bot.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sighting_the_store_cannot_record_gets_503_touches_nothing_and_runs_when_sent_again() {
    within(WAIT * 3, async {
        let bot = Bot::start().await;
        let (file, body) = bot.filing_sent("Checkout fails");
        let now = unix_now().to_string();
        let signed = (signature(&bot.key, &now, &body), now);

        bot.store.fail_sightings(true);
        let (status, text) = bot.post(&body, Some(signed.clone())).await;
        assert_eq!(status, 503, "Discord is asked to retry: {text}");
        bot.assert_touched_nothing().await;

        // Discord's retry is the same signed request: it was never recorded as seen, so it runs.
        bot.store.fail_sightings(false);
        let response = bot.taken(&file, bot.post(&body, Some(signed)).await);
        assert_eq!(response["type"], 4, "{response}");
        assert!(
            first_embed(&response["data"]).contains("CASE-000001"),
            "{response}"
        );
        assert_eq!(bot.next_case(), 2, "filed once");
        bot.assert_clean();
        bot.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_ping_gets_pong() {
    within(WAIT * 3, async {
        let bot = Bot::start().await;
        let ping = json!({
            "id": "1", "application_id": bot.fake.application_id().to_string(), "type": 1,
            "token": "ping-token", "version": 1,
        });
        let (status, body) = bot.post_signed(&ping).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            serde_json::from_str::<Value>(&body).expect("JSON"),
            json!({ "type": 1 })
        );
        bot.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_command_gets_the_gateways_answer_in_the_response() {
    within(WAIT * 3, async {
        let bot = Bot::start().await;
        let over_http = bot.ask(&bot.hours()).await;
        assert_eq!(over_http["type"], 4, "{over_http}");
        assert!(
            first_embed(&over_http["data"]).contains("Europe, Middle East & Africa"),
            "{over_http}"
        );

        let over_gateway = bot.hours();
        bot.fake
            .send_event("INTERACTION_CREATE", over_gateway.clone());
        let callback = bot
            .fake
            .wait_for_callback(&over_gateway, WAIT)
            .await
            .expect("the gateway's interaction is answered");
        assert_eq!(
            callback.body.as_ref(),
            Some(&over_http),
            "the same answer both ways"
        );
        bot.assert_clean();
        bot.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn case_commands_buttons_and_autocomplete_are_answered_over_http() {
    within(WAIT * 3, async {
        let bot = Bot::start().await;
        // A quick store: the filing's answer is the response itself, private outside team
        // channels, with the case's buttons.
        let file = bot.file("Checkout fails");
        let filed = bot.ask(&file).await;
        assert_eq!(filed["type"], 4, "{filed}");
        assert_eq!(filed["data"]["flags"], EPHEMERAL, "{filed}");
        assert!(
            first_embed(&filed["data"]).contains("CASE-000001"),
            "{filed}"
        );
        assert_eq!(bot.next_case(), 2);
        let token = file["token"].as_str().unwrap_or_default();
        let original = bot.fake.original_response(token).expect("the case message");

        let mut click = bot.fake.interaction_command(
            "case",
            vec![],
            "en-US",
            AGENT,
            &[AGENT_ROLE],
            CHANNEL,
            Some(GUILD),
        );
        click["type"] = json!(3);
        click["data"] = json!({ "custom_id": "case:show:1", "component_type": 2 });
        click["message"] = original;
        let shown = bot.ask(&click).await;
        assert_eq!(shown["type"], 4, "{shown}");
        assert!(
            first_embed(&shown["data"]).contains("Checkout fails"),
            "{shown}"
        );

        let typing = bot.fake.interaction_autocomplete(
            "case",
            vec![opt::sub(
                "file",
                vec![opt::focused(opt::string("org", "ac"))],
            )],
            "en-US",
            AGENT,
            &[AGENT_ROLE],
            CHANNEL,
            Some(GUILD),
        );
        let suggested = bot.ask(&typing).await;
        assert_eq!(suggested["type"], 8, "{suggested}");
        assert_eq!(
            suggested["data"]["choices"],
            json!([{ "name": "acme", "value": "acme" }])
        );
        bot.assert_clean();
        bot.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_store_defers_in_time_and_does_not_delay_other_interactions() {
    within(WAIT * 3, async {
        let bot = Arc::new(Bot::start().await);
        bot.store.slow_down();
        let file = bot.file("Checkout fails");
        let filing = {
            let bot = bot.clone();
            let file = file.clone();
            tokio::spawn(async move {
                let asked = Instant::now();
                let response = bot.ask(&file).await;
                (response, asked.elapsed())
            })
        };
        // While the filing waits for its flush, a catalog question is answered at once.
        let flushing = Instant::now() + WAIT;
        while bot.store.flushing() == 0 {
            assert!(Instant::now() < flushing, "the filing never flushed");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let hours = bot.ask(&bot.hours()).await;
        assert_eq!(hours["type"], 4, "{hours}");
        // An order, not a duration: the answer came while the 2.5 s flush was still under way.
        assert!(
            bot.store.flushing() > 0,
            "the catalog question waited for the filing's flush"
        );

        let (deferred, after) = filing.await.expect("the filing's task");
        assert_eq!(deferred["type"], 5, "deferred: {deferred}");
        assert_eq!(deferred["data"]["flags"], EPHEMERAL, "{deferred}");
        assert!(
            after < Duration::from_millis(2900),
            "deferred within Discord's three seconds: {after:?}"
        );
        let token = file["token"].as_str().unwrap_or_default().to_owned();
        let edit = format!(
            "/api/v10/webhooks/{}/{token}/messages/@original",
            bot.fake.application_id()
        );
        let edited = bot
            .fake
            .wait_for(move |r| r.path == edit && r.status == 200, WAIT)
            .await
            .expect("the deferral is edited with the answer");
        let message = edited.body.expect("an edit body");
        assert!(first_embed(&message).contains("CASE-000001"), "{message}");
        bot.assert_clean();
        let Ok(bot) = Arc::try_unwrap(bot) else {
            panic!("the bot is still shared");
        };
        bot.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stats_chart_reaches_an_answer_discord_has_not_taken_in_yet() {
    within(WAIT * 3, async {
        let bot = Bot::start().await;
        assert_eq!(bot.ask(&bot.file("Checkout fails")).await["type"], 4);
        // Discord has not taken in the HTTP response when the chart's edit comes: its webhook
        // and then its message are unknown for a moment.
        let unknown = |code: i64, message: &str| Failure::Custom {
            status: 404,
            body: json!({ "code": code, "message": message }),
        };
        let webhook = unknown(10015, "Unknown Webhook");
        bot.fake.fail_next(Route::OriginalResponse, webhook, 1);
        let message = unknown(10008, "Unknown Message");
        bot.fake.fail_next(Route::OriginalResponse, message, 1);
        let stats = bot.stats();
        let answered = bot.ask(&stats).await;
        assert_eq!(answered["type"], 4, "{answered}");
        let edit = bot.original_response(&stats);
        let delivered = bot
            .fake
            .wait_for(
                {
                    let edit = edit.clone();
                    move |r| r.path == edit && r.status == 200
                },
                WAIT,
            )
            .await
            .expect("the chart is attached once Discord knows the answer");
        assert_eq!(delivered.method, "PATCH");
        let [upload] = &delivered.uploads[..] else {
            panic!("one file: {:?}", delivered.uploads.len());
        };
        assert_eq!(upload.filename, "stats.png");
        assert!(upload.bytes.starts_with(b"\x89PNG"), "a PNG");
        let attempts: Vec<u16> = bot
            .fake
            .requests()
            .iter()
            .filter(|r| r.path == edit)
            .map(|r| r.status)
            .collect();
        assert_eq!(attempts, [404, 404, 200], "tried until Discord knew it");
        bot.assert_clean();
        bot.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_discord_never_knows_is_given_up_within_four_seconds() {
    within(WAIT * 3, async {
        let bot = Bot::start().await;
        let unknown = Failure::Custom {
            status: 404,
            body: json!({ "code": 10015, "message": "Unknown Webhook" }),
        };
        bot.fake.fail_next(Route::OriginalResponse, unknown, 10);
        let stats = bot.stats();
        assert_eq!(bot.ask(&stats).await["type"], 4);
        let edit = bot.original_response(&stats);
        let attempts = {
            let edit = edit.clone();
            bot.fake
                .wait_for_count(move |r| r.path == edit, 5, WAIT)
                .await
                .expect("five attempts")
        };
        let tried_for = attempts[4].at - attempts[0].at;
        assert!(
            tried_for >= Duration::from_millis(3750) && tried_for < Duration::from_secs(5),
            "waits of 0.25, 0.5, 1 and 2 s: {tried_for:?}"
        );
        // A sixth would come 4 s after the fifth.
        tokio::time::sleep(Duration::from_millis(4500)).await;
        let later = bot
            .fake
            .requests()
            .iter()
            .filter(|r| r.path == edit)
            .count();
        assert_eq!(later, 5, "given up after five attempts");
        assert_eq!(
            bot.ask(&bot.hours()).await["type"],
            4,
            "and goes on answering"
        );
        bot.stop().await;
    })
    .await;
}

/// Ownership of the gateway as the test grants and withdraws it.
struct Switch {
    granted: watch::Sender<bool>,
}

impl GatewayOwner for Switch {
    fn acquire(&self) -> Acquiring<'_> {
        let mut granted = self.granted.subscribe();
        Box::pin(async move {
            let _ = granted.wait_for(|granted| *granted).await;
            let (lose, lost) = oneshot::channel();
            tokio::spawn(async move {
                let _ = granted.wait_for(|granted| !*granted).await;
                let _ = lose.send(());
            });
            Held::until(lost)
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_is_connected_only_while_this_process_owns_it() {
    within(WAIT * 4, async {
        let switch = Arc::new(Switch {
            granted: watch::channel(false).0,
        });
        let bot = Bot::start_with(switch.clone()).await;
        // Another process owns the gateway: this one answers interactions over HTTP only.
        assert_eq!(bot.ask(&bot.hours()).await["type"], 4);
        assert!(
            !bot.fake.wait_connected(Duration::from_millis(500)).await,
            "no gateway before owning it"
        );
        assert!(bot.fake.identifies().is_empty());

        switch.granted.send_replace(true);
        assert!(bot.fake.wait_connected(WAIT).await, "connects once owner");
        switch.granted.send_replace(false);
        assert!(
            bot.fake
                .wait_gateway(|r| r.dir == GwDir::Closed, WAIT)
                .await
                .is_some(),
            "leaves the gateway when ownership is lost"
        );
        assert_eq!(bot.ask(&bot.hours()).await["type"], 4);

        switch.granted.send_replace(true);
        assert!(bot.fake.wait_connected(WAIT).await, "connects again");
        assert_eq!(bot.fake.identifies().len(), 2);
        bot.stop().await;
    })
    .await;
}

/// A free loopback port, for the binary's listener.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_interactions_on_its_listener_and_refuses_a_key_without_one() {
    within(WAIT * 4, async {
        fake_discord::ensure_no_proxy();
        let fake = FakeDiscord::start().await;
        let dir = tempfile::tempdir().expect("a temporary directory");
        let key = SigningKey::from_bytes(&[7; 32]);
        let public = hex(&key.verifying_key().to_bytes());
        let binary = |http: Option<String>| {
            let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_supportbot"));
            command
                .arg("run")
                .current_dir(root())
                .env("DISCORD_TOKEN", "test-token")
                .env("DISCORD_PUBLIC_KEY", &public)
                .env("SUPPORTBOT_DISCORD_API", fake.base_url())
                .env("SUPPORTBOT_DATA_DIR", dir.path().join("store"))
                .env("NO_PROXY", "127.0.0.1,localhost")
                .env_remove("SUPPORTBOT_HTTP")
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped());
            if let Some(http) = http {
                command.env("SUPPORTBOT_HTTP", http);
            }
            command
        };

        let refused = tokio::task::spawn_blocking({
            let mut command = binary(None);
            move || command.output().expect("the binary runs")
        })
        .await
        .expect("ran");
        assert!(!refused.status.success());
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(
            stderr.contains("DISCORD_PUBLIC_KEY is set but SUPPORTBOT_HTTP is not"),
            "{stderr}"
        );

        let port = free_port();
        let mut child = binary(Some(format!("127.0.0.1:{port}")))
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the binary starts");
        let url = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let command = fake.interaction_command(
            "hours",
            vec![opt::string("region", "emea")],
            "en-US",
            CUSTOMER,
            &[],
            CHANNEL,
            Some(GUILD),
        );
        let body = command.to_string();
        let mut answered = None;
        let started = Instant::now();
        while answered.is_none() && started.elapsed() < WAIT {
            let (signature, timestamp) = signed_now(&key, body.as_bytes());
            let sent = client
                .post(format!("{url}/interactions"))
                .header("X-Signature-Ed25519", signature)
                .header("X-Signature-Timestamp", timestamp)
                .body(body.clone())
                .send()
                .await;
            match sent {
                Ok(response) if response.status() == 200 => {
                    answered = Some(response.text().await.expect("a body"));
                }
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        let unsigned = client
            .post(format!("{url}/interactions"))
            .body(body.clone())
            .send()
            .await
            .map(|r| r.status().as_u16());
        let ready = client
            .get(format!("{url}/readyz"))
            .send()
            .await
            .map(|r| r.status().as_u16());
        let _ = child.kill();
        let _ = child.wait();
        let answered: Value =
            serde_json::from_str(&answered.expect("the binary answers a signed command"))
                .expect("JSON");
        assert_eq!(answered["type"], 4, "{answered}");
        assert!(
            first_embed(&answered["data"]).contains("Support hours"),
            "{answered}"
        );
        assert_eq!(unsigned.ok(), Some(401));
        assert_eq!(ready.ok(), Some(200), "ready with the endpoint serving");
    })
    .await;
}
