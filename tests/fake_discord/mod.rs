//! A fake Discord for end-to-end tests: REST under `/api/v10` and the gateway websocket, both on
//! one `127.0.0.1:<random port>` axum server, with a log of everything the bot did.
//!
//! Point serenity's real client at it:
//!
//! ```ignore
//! let fake = FakeDiscord::start().await;
//! let http = HttpBuilder::new("test-token").proxy(fake.base_url()).ratelimiter_disabled(true).build();
//! let client = ClientBuilder::new_with_http(http, GatewayIntents::non_privileged()).event_handler(h).await?;
//! ```
//!
//! (or `fake.http()` / `fake.client_builder(intents)`, which do exactly that). For the production
//! setting (base URL `https://discord.com`, serenity's rate limiter on), start it with
//! `FakeOptions { https: true, .. }` and build the client with `fake.as_discord_com(builder)`: the
//! same routes over TLS, `discord.com` resolved to the fake, its certificate the only one trusted
//! (`tls.rs`). Every event the fake sends is first deserialized with serenity's own types; a
//! payload serenity would silently drop makes the test panic instead. See `/work/shared/reference/discord-testing.md`.
//!
//! Each test gets its own instance (own port, no global state); it shuts down on drop.

// Each test binary includes this module with `mod fake_discord;` and uses a different subset of
// it, so unused items are expected in every one of them.
#![allow(dead_code)]

mod gateway;
mod payloads;
mod rest;
mod rules;
mod tls;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use serenity::all::{ClientBuilder, GatewayIntents, Http, HttpBuilder};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

// Re-exports for the test files; like the dead code above, each binary uses some of them.
#[allow(unused_imports)]
pub use payloads::{bot_user, opt, user};
#[allow(unused_imports)]
pub use rules::{LOCALES, Mentions, effective_mentions};

/// How the fake is configured; `FakeOptions::default()` is what `FakeDiscord::start` uses.
#[derive(Clone, Debug)]
pub struct FakeOptions {
    /// The bot token the fake accepts (with or without `Bot `). `None` accepts any token.
    pub token: Option<String>,
    pub application_id: u64,
    pub bot_user_id: u64,
    pub bot_username: String,
    /// Guild ids listed (as unavailable) in READY. Serenity's cache then waits for GUILD_CREATE
    /// events that the fake does not send; leave empty unless a test needs it.
    pub ready_guilds: Vec<u64>,
    pub heartbeat_interval_ms: u64,
    /// Privileged intents enabled "in the developer portal"; IDENTIFY asking for others is closed
    /// with 4014. Default: all three allowed.
    pub allowed_privileged_intents: GatewayIntents,
    /// Initial interaction responses later than this (after the INTERACTION_CREATE went out) are
    /// answered 404 10062 like Discord does. `None` disables the check. Default 3 s.
    pub interaction_deadline: Option<Duration>,
    /// Check command registrations against Discord's rules and answer 400 50035 when broken.
    pub validate_commands: bool,
    /// Whom `enforce_nonce` de-duplicates against.
    pub nonce_scope: NonceScope,
    /// How long `enforce_nonce` remembers a nonce ("the past few minutes" in Discord's docs);
    /// a resend after that creates a second message. `None`: forever.
    pub nonce_window: Option<Duration>,
    /// Also serve every REST route over HTTPS as `discord.com` (see `as_discord_com`); the
    /// gateway stays on `ws://` (serenity's websocket trusts only the public roots).
    pub https: bool,
}

/// Discord documents nonce enforcement per author ("another message created by the same author
/// with the same nonce"); the bot is the only author here, so `Author` means one scope for all
/// channels. `Channel` keys on (channel, nonce) instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NonceScope {
    Author,
    Channel,
}

impl Default for FakeOptions {
    fn default() -> Self {
        FakeOptions {
            token: None,
            application_id: 1_100_000_000_000_000_001,
            bot_user_id: 1_100_000_000_000_000_002,
            bot_username: "supportbot".to_string(),
            ready_guilds: Vec::new(),
            heartbeat_interval_ms: 41_250,
            allowed_privileged_intents: GatewayIntents::privileged(),
            interaction_deadline: Some(Duration::from_secs(3)),
            validate_commands: true,
            nonce_scope: NonceScope::Author,
            nonce_window: None,
            https: false,
        }
    }
}

/// A file part of a multipart request.
#[derive(Clone, Debug)]
pub struct Upload {
    /// The form field, e.g. `files[0]`.
    pub field: String,
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// One HTTP request the fake received, with the answer it gave.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// Position in the request log (0-based).
    pub index: usize,
    /// When the request arrived.
    pub at: Instant,
    pub method: String,
    /// The path as sent, e.g. `/api/v10/channels/1/messages`.
    pub path: String,
    /// The raw query string without `?` (serenity sends `&key=value&...`).
    pub query: Option<String>,
    pub route: Option<Route>,
    /// The `Authorization` header (`Bot <token>`).
    pub authorization: Option<String>,
    /// All request headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The JSON body (for multipart requests: the `payload_json` part).
    pub body: Option<Value>,
    /// Number of files in a multipart body.
    pub files: usize,
    /// The files of a multipart body, as sent.
    pub uploads: Vec<Upload>,
    pub status: u16,
    pub response: Option<Value>,
}

impl Recorded {
    /// `body[key]`, or `Value::Null`.
    pub fn json(&self, key: &str) -> &Value {
        self.body
            .as_ref()
            .and_then(|b| b.get(key))
            .unwrap_or(&Value::Null)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The REST routes the fake serves, for `fail_next` and for filtering the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    /// `GET /gateway`
    Gateway,
    /// `GET /gateway/bot`
    GatewayBot,
    /// `GET /users/@me`
    CurrentUser,
    /// `GET /applications/@me`, `GET /oauth2/applications/@me`
    CurrentApplication,
    /// `POST /interactions/{id}/{token}/callback`
    InteractionCallback,
    /// `POST /webhooks/{app}/{token}` (follow-up message)
    FollowUp,
    /// `GET|PATCH|DELETE /webhooks/{app}/{token}/messages/@original`
    OriginalResponse,
    /// `GET|PATCH|DELETE /webhooks/{app}/{token}/messages/{id}`
    FollowUpMessage,
    /// `GET|POST /channels/{id}/messages`
    ChannelMessages,
    /// `GET|PUT|POST /applications/{app}/commands`
    GlobalCommands,
    /// `GET|DELETE /applications/{app}/commands/{id}`
    GlobalCommand,
    /// `GET|PUT|POST /applications/{app}/guilds/{guild}/commands`
    GuildCommands,
    /// `GET|DELETE /applications/{app}/guilds/{guild}/commands/{id}`
    GuildCommand,
}

/// An error the fake answers instead of (or after) doing the work.
#[derive(Clone, Debug)]
pub enum Failure {
    /// 500 `{"message":"500: Internal Server Error","code":0}`; nothing happens.
    ServerError,
    /// The request takes effect (the message is delivered, the interaction acknowledged), then
    /// the answer is a 500 anyway: what `enforce_nonce` exists for.
    ServerErrorAfterProcessing,
    /// 429 with `{"message":"You are being rate limited.","retry_after":..,"global":..}` and the
    /// headers serenity's rate limiter reads (`retry-after` in seconds as a float,
    /// `x-ratelimit-*`, `x-ratelimit-global` when global).
    RateLimited { retry_after: f64, global: bool },
    /// 404 `{"code":10062,"message":"Unknown interaction"}`.
    UnknownInteraction,
    /// 400 `{"code":40060,"message":"Interaction has already been acknowledged."}`.
    AlreadyAcknowledged,
    /// Wait, then handle the request normally.
    Slow(Duration),
    /// Any status and JSON body.
    Custom { status: u16, body: Value },
}

impl Failure {
    /// 429 with `retry_after` 0.05 s, not global.
    pub fn rate_limited() -> Failure {
        Failure::RateLimited {
            retry_after: 0.05,
            global: false,
        }
    }
}

/// A moment in the life of a `POST /channels/{id}/messages` at which the fake stops answering,
/// so a test can kill the bot exactly then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// The request arrived and is never processed: as if it was lost before Discord saw it.
    /// The signal carries the request body.
    BeforeProcessing,
    /// The message was created (and its nonce remembered); the answer is held back. The signal
    /// carries the created Message.
    AfterProcessing,
}

/// Whom a hold tells that its moment came, and what.
pub(crate) enum HoldSignal {
    Body(oneshot::Sender<Value>),
    /// The request's `Authorization` header with the body.
    FromBody(oneshot::Sender<(Option<String>, Value)>),
}

impl HoldSignal {
    pub(crate) fn send(self, authorization: Option<&str>, body: Value) {
        match self {
            HoldSignal::Body(tx) => {
                let _ = tx.send(body);
            }
            HoldSignal::FromBody(tx) => {
                let _ = tx.send((authorization.map(str::to_owned), body));
            }
        }
    }
}

/// Which way a gateway record went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GwDir {
    /// A websocket connection was opened (`d` = `{"query": ...}`).
    Opened,
    /// A frame the bot sent.
    FromBot,
    /// A frame the fake sent.
    ToBot,
    /// The connection ended (`d` = `{"code": close code or null}`).
    Closed,
    /// An event Discord would not have sent to this bot (missing intent); `d` = `{"reason":..}`.
    Withheld,
}

/// One entry of the gateway log.
#[derive(Clone, Debug)]
pub struct GwRecord {
    pub index: usize,
    pub at: Instant,
    /// Connection number, 1-based, counting every websocket the bot opened.
    pub conn: u64,
    pub dir: GwDir,
    pub op: Option<u64>,
    pub t: Option<String>,
    pub s: Option<u64>,
    pub d: Value,
}

/// What the bot sent in IDENTIFY.
#[derive(Clone, Debug)]
pub struct Identify {
    pub conn: u64,
    /// As sent (`Bot <token>` with serenity).
    pub token: String,
    pub intents: u64,
    pub shard: Option<(u64, u64)>,
    pub raw: Value,
}

/// Where a message the bot made came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryKind {
    /// `POST /channels/{id}/messages`
    ChannelMessage,
    /// Initial interaction response of type 4 (a deferral, type 5, delivers nothing yet).
    InteractionResponse,
    /// `PATCH .../messages/@original`
    EditOriginal,
    /// `POST /webhooks/{app}/{token}`
    FollowUp,
    /// `PATCH .../messages/{id}` of a follow-up
    EditFollowUp,
}

/// A message that took effect (a nonce-deduplicated resend is not one).
#[derive(Clone, Debug)]
pub struct Delivery {
    pub at: Instant,
    pub kind: DeliveryKind,
    pub channel_id: u64,
    pub nonce: Option<String>,
    /// The full Message object the fake answered with.
    pub message: Value,
    /// The interaction token, for interaction responses, edits and follow-ups.
    pub interaction_token: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Shared state
// ---------------------------------------------------------------------------------------------

pub(crate) struct Shared {
    pub(crate) opts: FakeOptions,
    pub(crate) port: u16,
    pub(crate) started: Instant,
    inner: Mutex<Inner>,
    changed: watch::Sender<u64>,
    ids: AtomicU64,
    pub(crate) shutdown: watch::Receiver<bool>,
}

#[derive(Default)]
pub(crate) struct Inner {
    pub(crate) requests: Vec<Recorded>,
    pub(crate) gateway: Vec<GwRecord>,
    pub(crate) notes: Vec<String>,
    pub(crate) failures: HashMap<Route, VecDeque<Failure>>,
    /// Held `POST /channels/{id}/messages` requests, in order, each with whom to tell.
    pub(crate) holds: VecDeque<(Hold, HoldSignal)>,
    // gateway
    pub(crate) conns: u64,
    pub(crate) live: Option<gateway::Live>,
    pub(crate) session: Option<gateway::Session>,
    pub(crate) pending: Vec<(String, Value)>,
    pub(crate) identifies: Vec<Identify>,
    // REST state
    pub(crate) interactions: HashMap<String, rest::InteractionState>,
    pub(crate) deliveries: Vec<Delivery>,
    /// nonce scope key → (when it was first used, the message it created).
    pub(crate) nonces: HashMap<String, (Instant, Value)>,
    pub(crate) channel_messages: Vec<Value>,
    pub(crate) global_commands: Vec<Value>,
    pub(crate) guild_commands: HashMap<u64, Vec<Value>>,
    pub(crate) command_ids: HashMap<(Option<u64>, String, u64), u64>,
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock must not hide the log from the test's own assertions.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Wake everybody waiting on the logs.
    pub(crate) fn bump(&self) {
        self.changed.send_modify(|n| *n += 1);
    }

    /// A fresh snowflake carrying the current time, like Discord's.
    pub(crate) fn next_id(&self) -> u64 {
        const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let candidate = (ms.saturating_sub(DISCORD_EPOCH_MS)) << 22;
        // Monotonic: never hand out the same id twice, even within one millisecond.
        let mut prev = self.ids.load(Ordering::Relaxed);
        loop {
            let next = candidate.max(prev + 1);
            match self
                .ids
                .compare_exchange(prev, next, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return next,
                Err(p) => prev = p,
            }
        }
    }

    pub(crate) fn ws_url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.port)
    }

    pub(crate) fn note(&self, inner: &mut Inner, text: String) {
        eprintln!("fake discord: {text}");
        inner.notes.push(text);
    }

    pub(crate) fn record_gw(&self, inner: &mut Inner, conn: u64, dir: GwDir, frame_or_d: &Value) {
        let (op, t, s, d) = match dir {
            GwDir::FromBot | GwDir::ToBot => (
                frame_or_d.get("op").and_then(Value::as_u64),
                frame_or_d
                    .get("t")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                frame_or_d.get("s").and_then(Value::as_u64),
                frame_or_d.get("d").cloned().unwrap_or(Value::Null),
            ),
            _ => (None, None, None, frame_or_d.clone()),
        };
        let index = inner.gateway.len();
        inner.gateway.push(GwRecord {
            index,
            at: Instant::now(),
            conn,
            dir,
            op,
            t,
            s,
            d,
        });
    }
}

// ---------------------------------------------------------------------------------------------
// The handle
// ---------------------------------------------------------------------------------------------

/// A running fake Discord. Dropping it stops the server and closes the gateway connections.
pub struct FakeDiscord {
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    server: JoinHandle<()>,
    https: Option<Https>,
}

/// The HTTPS side of a fake started with `FakeOptions::https`.
struct Https {
    port: u16,
    /// The self-signed certificate for `discord.com`, DER.
    certificate: Vec<u8>,
    server: JoinHandle<()>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        self.server.abort();
        if let Some(https) = &self.https {
            https.server.abort();
        }
    }
}

/// Sets `NO_PROXY=127.0.0.1,localhost` once per process, so that reqwest (inside serenity) never
/// sends the fake's traffic to an `HTTP_PROXY`. `FakeDiscord::start` calls it; call it yourself
/// before building any `Http` that is not made by the fake.
pub fn ensure_no_proxy() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: every test reaches this through the same `Once` before it builds an HTTP
        // client, so no thread of ours reads the environment while it is written; reqwest reads
        // the proxy variables once, when the first client is built.
        unsafe {
            std::env::set_var("NO_PROXY", "127.0.0.1,localhost");
            std::env::set_var("no_proxy", "127.0.0.1,localhost");
        }
    });
}

impl FakeDiscord {
    /// Starts a fake with `FakeOptions::default()` on a random port of 127.0.0.1.
    pub async fn start() -> FakeDiscord {
        Self::start_with(FakeOptions::default()).await
    }

    pub async fn start_with(opts: FakeOptions) -> FakeDiscord {
        ensure_no_proxy();
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("fake discord: cannot bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local addr").port();
        let (shutdown_tx, shutdown_rx) = watch::channel(false);
        let (changed, _) = watch::channel(0u64);
        let shared = Arc::new(Shared {
            opts,
            port,
            started: Instant::now(),
            inner: Mutex::new(Inner::default()),
            changed,
            ids: AtomicU64::new(0),
            shutdown: shutdown_rx.clone(),
        });
        let app = axum::Router::new()
            .route("/", axum::routing::get(gateway::upgrade))
            .fallback(rest::handle)
            .with_state(shared.clone());
        let https = if shared.opts.https {
            let tcp = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
                .await
                .expect("fake discord: cannot bind 127.0.0.1:0 for HTTPS");
            let port = tcp.local_addr().expect("local addr").port();
            let (certificate, acceptor) = tls::certificate();
            let listener = tls::TlsListener { tcp, acceptor };
            let mut stop = shutdown_rx.clone();
            let app = app.clone();
            let server = tokio::spawn(async move {
                let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
                    let _ = stop.wait_for(|s| *s).await;
                });
                if let Err(e) = serve.await {
                    eprintln!("fake discord: HTTPS server error: {e}");
                }
            });
            Some(Https {
                port,
                certificate,
                server,
            })
        } else {
            None
        };
        let mut stop = shutdown_rx;
        let server = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = stop.wait_for(|s| *s).await;
            });
            if let Err(e) = serve.await {
                eprintln!("fake discord: server error: {e}");
            }
        });
        FakeDiscord {
            shared,
            shutdown: shutdown_tx,
            server,
            https,
        }
    }

    /// `builder` made to reach this fake at `https://discord.com` (started with
    /// `FakeOptions::https`): the name resolves to the fake's HTTPS port, and the fake's
    /// certificate is the only one trusted, so nothing can reach the real Discord.
    pub fn as_discord_com(&self, builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        let https = self
            .https
            .as_ref()
            .expect("fake discord: as_discord_com needs FakeOptions::https");
        let certificate = reqwest::Certificate::from_der(&https.certificate)
            .expect("fake discord: its own certificate parses");
        builder
            .resolve(tls::HOST, SocketAddr::from(([127, 0, 0, 1], https.port)))
            .tls_built_in_root_certs(false)
            .add_root_certificate(certificate)
    }

    /// `http://127.0.0.1:PORT` — what `HttpBuilder::proxy` wants.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.shared.port)
    }

    /// `ws://127.0.0.1:PORT` — what `GET /gateway` answers.
    pub fn gateway_url(&self) -> String {
        self.shared.ws_url()
    }

    pub fn options(&self) -> &FakeOptions {
        &self.shared.opts
    }

    pub fn application_id(&self) -> u64 {
        self.shared.opts.application_id
    }

    pub fn bot_user_id(&self) -> u64 {
        self.shared.opts.bot_user_id
    }

    /// The bot's own user object.
    pub fn bot_user(&self) -> Value {
        payloads::bot_user(self.shared.opts.bot_user_id, &self.shared.opts.bot_username)
    }

    /// A fresh snowflake (ids carry the current time like Discord's).
    pub fn new_id(&self) -> u64 {
        self.shared.next_id()
    }

    /// `Http` pointed at the fake: the given token, proxy = base_url, rate limiter disabled.
    pub fn http_with_token(&self, token: &str) -> Http {
        HttpBuilder::new(token)
            .proxy(self.base_url())
            .ratelimiter_disabled(true)
            .build()
    }

    /// `http_with_token` with the configured token, or `test-token`.
    pub fn http(&self) -> Http {
        self.http_with_token(self.shared.opts.token.as_deref().unwrap_or("test-token"))
    }

    /// `ClientBuilder::new_with_http(self.http(), intents)`. Do not call `.token()` on it: that
    /// replaces the Http and loses the proxy.
    pub fn client_builder(&self, intents: GatewayIntents) -> ClientBuilder {
        ClientBuilder::new_with_http(self.http(), intents)
    }

    // ----- failures ---------------------------------------------------------------------------

    /// The next `n` requests to `route` (any method) get `failure`.
    pub fn fail_next(&self, route: Route, failure: Failure, n: usize) {
        let mut inner = self.shared.lock();
        let queue = inner.failures.entry(route).or_default();
        for _ in 0..n {
            queue.push_back(failure.clone());
        }
    }

    /// Holds the next `POST /channels/{id}/messages` at `hold`; the receiver hears when that
    /// moment is reached. Holds queue in order, one per message request.
    pub fn hold_next_message(&self, hold: Hold) -> oneshot::Receiver<Value> {
        let (tx, rx) = oneshot::channel();
        self.shared
            .lock()
            .holds
            .push_back((hold, HoldSignal::Body(tx)));
        rx
    }

    /// `hold_next_message`, also telling who sent the request: its `Authorization` header (with
    /// several bots on one fake, each with its own token, which process it was).
    pub fn hold_next_message_from(&self, hold: Hold) -> oneshot::Receiver<(Option<String>, Value)> {
        let (tx, rx) = oneshot::channel();
        self.shared
            .lock()
            .holds
            .push_back((hold, HoldSignal::FromBody(tx)));
        rx
    }

    /// Forgets holds no request reached yet.
    pub fn clear_holds(&self) {
        self.shared.lock().holds.clear();
    }

    /// Puts a message (e.g. one built by [`FakeDiscord::message_create`]: someone else's) into
    /// its channel's history, as `GET /channels/{id}/messages` lists it.
    pub fn add_to_history(&self, message: Value) {
        self.shared.lock().channel_messages.push(message);
    }

    /// Forget failures not yet used.
    pub fn clear_failures(&self) {
        self.shared.lock().failures.clear();
    }

    // ----- the request log --------------------------------------------------------------------

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().requests.clone()
    }

    pub fn requests_to(&self, route: Route) -> Vec<Recorded> {
        self.shared
            .lock()
            .requests
            .iter()
            .filter(|r| r.route == Some(route))
            .cloned()
            .collect()
    }

    /// The first logged request (earlier ones included) matching `pred`, waiting up to
    /// `timeout` for it.
    pub async fn wait_for(
        &self,
        pred: impl Fn(&Recorded) -> bool,
        timeout: Duration,
    ) -> Option<Recorded> {
        self.wait_until(timeout, |inner| {
            inner.requests.iter().find(|r| pred(r)).cloned()
        })
        .await
    }

    /// Waits until at least `n` logged requests match `pred`; returns them all (possibly more
    /// than `n`), or `None` on timeout.
    pub async fn wait_for_count(
        &self,
        pred: impl Fn(&Recorded) -> bool,
        n: usize,
        timeout: Duration,
    ) -> Option<Vec<Recorded>> {
        self.wait_until(timeout, |inner| {
            let v: Vec<Recorded> = inner.requests.iter().filter(|r| pred(r)).cloned().collect();
            (v.len() >= n).then_some(v)
        })
        .await
    }

    /// The initial response to the interaction in `payload` (as built by `interaction_command`).
    pub async fn wait_for_callback(&self, payload: &Value, timeout: Duration) -> Option<Recorded> {
        let id = payload["id"].as_str().unwrap_or_default().to_string();
        let token = payload["token"].as_str().unwrap_or_default().to_string();
        let path = format!("/api/v10/interactions/{id}/{token}/callback");
        self.wait_for(move |r| r.path == path, timeout).await
    }

    /// Things the fake found wrong: unknown routes, late or repeated interaction responses,
    /// Discord limits broken, ... A clean run has none.
    pub fn notes(&self) -> Vec<String> {
        self.shared.lock().notes.clone()
    }

    // ----- messages -----------------------------------------------------------------------------

    /// Every message that took effect, in order.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.lock().deliveries.clone()
    }

    /// Deliveries carrying `nonce` (string nonces, or a number's decimal form).
    pub fn deliveries_with_nonce(&self, nonce: &str) -> usize {
        self.shared
            .lock()
            .deliveries
            .iter()
            .filter(|d| d.nonce.as_deref() == Some(nonce))
            .count()
    }

    /// `POST /channels/{id}/messages` requests carrying `nonce`, successful or not.
    pub fn attempts_with_nonce(&self, nonce: &str) -> usize {
        self.shared
            .lock()
            .requests
            .iter()
            .filter(|r| {
                r.route == Some(Route::ChannelMessages)
                    && r.method == "POST"
                    && r.body
                        .as_ref()
                        .and_then(|b| rules::nonce_key(b.get("nonce")))
                        .as_deref()
                        == Some(nonce)
            })
            .count()
    }

    /// Waits until at least `n` deliveries match `pred`.
    pub async fn wait_for_deliveries(
        &self,
        pred: impl Fn(&Delivery) -> bool,
        n: usize,
        timeout: Duration,
    ) -> Option<Vec<Delivery>> {
        self.wait_until(timeout, |inner| {
            let v: Vec<Delivery> = inner
                .deliveries
                .iter()
                .filter(|d| pred(d))
                .cloned()
                .collect();
            (v.len() >= n).then_some(v)
        })
        .await
    }

    /// The current original response of an interaction (after type 4/5 and edits).
    pub fn original_response(&self, interaction_token: &str) -> Option<Value> {
        self.shared
            .lock()
            .interactions
            .get(interaction_token)
            .and_then(|i| i.original.clone())
    }

    /// Simulates the 15 minutes passing: the token's follow-ups and edits now answer 401 50027
    /// and a late initial response 404 10062. False if the fake never sent that token.
    pub fn expire_interaction(&self, token: &str) -> bool {
        rest::expire(&self.shared, token)
    }

    /// How long ago the INTERACTION_CREATE with this token went to the bot.
    pub fn interaction_age(&self, token: &str) -> Option<Duration> {
        rest::age(&self.shared, token)
    }

    /// The registered global commands (as answered), or a guild's.
    pub fn commands(&self, guild_id: Option<u64>) -> Vec<Value> {
        let inner = self.shared.lock();
        match guild_id {
            None => inner.global_commands.clone(),
            Some(g) => inner.guild_commands.get(&g).cloned().unwrap_or_default(),
        }
    }

    // ----- gateway ------------------------------------------------------------------------------

    pub fn gateway_log(&self) -> Vec<GwRecord> {
        self.shared.lock().gateway.clone()
    }

    /// The first gateway record matching `pred`, waiting up to `timeout`.
    pub async fn wait_gateway(
        &self,
        pred: impl Fn(&GwRecord) -> bool,
        timeout: Duration,
    ) -> Option<GwRecord> {
        self.wait_until(timeout, |inner| {
            inner.gateway.iter().find(|r| pred(r)).cloned()
        })
        .await
    }

    /// Waits until at least `n` gateway records match `pred`; returns them all.
    pub async fn wait_gateway_count(
        &self,
        pred: impl Fn(&GwRecord) -> bool,
        n: usize,
        timeout: Duration,
    ) -> Option<Vec<GwRecord>> {
        self.wait_until(timeout, |inner| {
            let v: Vec<GwRecord> = inner.gateway.iter().filter(|r| pred(r)).cloned().collect();
            (v.len() >= n).then_some(v)
        })
        .await
    }

    /// The first IDENTIFY, waiting up to `timeout`.
    pub async fn wait_identify(&self, timeout: Duration) -> Option<Identify> {
        self.wait_until(timeout, |inner| inner.identifies.first().cloned())
            .await
    }

    pub fn identifies(&self) -> Vec<Identify> {
        self.shared.lock().identifies.clone()
    }

    /// The first RESUME (op 6) the bot sent, waiting up to `timeout`.
    pub async fn wait_resume(&self, timeout: Duration) -> Option<GwRecord> {
        self.wait_gateway(|r| r.dir == GwDir::FromBot && r.op == Some(6), timeout)
            .await
    }

    /// Waits until the bot has a live, identified (or resumed) gateway session.
    pub async fn wait_connected(&self, timeout: Duration) -> bool {
        self.wait_until(timeout, |inner| {
            inner.live.as_ref().filter(|l| l.authenticated).map(|_| ())
        })
        .await
        .is_some()
    }

    /// The current session id (from the last READY).
    pub fn session_id(&self) -> Option<String> {
        self.shared.lock().session.as_ref().map(|s| s.id.clone())
    }

    /// Sends a dispatch event (op 0) after checking that serenity deserializes it into a known
    /// event (panics with serenity's error otherwise). Events sent while the bot has no live
    /// session wait and go out after READY/RESUMED. INTERACTION_CREATE payloads are remembered so
    /// their callbacks, follow-ups and edits are answered like Discord would.
    #[track_caller]
    pub fn send_event(&self, t: &str, d: Value) {
        if let Err(e) = payloads::validate_dispatch(t, &d) {
            panic!("fake discord: refusing to send {t}: {e}\npayload: {d:#}");
        }
        self.send_event_unchecked(t, d);
    }

    /// An interaction Discord posts to the bot's HTTP endpoint instead of sending it over the
    /// gateway: checked as `send_event` checks one, and known from now on (delivered now), so
    /// the bot's edits and follow-ups are answered like Discord would. The test posts it.
    #[track_caller]
    pub fn http_interaction(&self, d: &Value) {
        if let Err(e) = payloads::validate_dispatch("INTERACTION_CREATE", d) {
            panic!("fake discord: refusing an interaction: {e}\npayload: {d:#}");
        }
        if let Some(mut st) = rest::InteractionState::from_payload(d) {
            st.delivered_at = Some(Instant::now());
            self.shared.lock().interactions.insert(st.token.clone(), st);
        }
        self.shared.bump();
    }

    /// The HTTP response the bot gave to `d`, taken as Discord takes an interaction callback
    /// (the same rules, the same deliveries). `Err` with Discord's status when it is refused.
    pub fn http_interaction_answered(&self, d: &Value, response: &Value) -> Result<(), u16> {
        let text = |k: &str| d[k].as_str().unwrap_or_default().to_owned();
        let status = {
            let mut guard = self.shared.lock();
            rest::callback(
                &self.shared,
                &mut guard,
                &text("id"),
                &text("token"),
                response,
            )
            .status()
        };
        self.shared.bump();
        if (200..300).contains(&status) {
            Ok(())
        } else {
            Err(status)
        }
    }

    /// `send_event` without the check, for testing what serenity does with a bad payload.
    pub fn send_event_unchecked(&self, t: &str, d: Value) {
        gateway::send_event(&self.shared, t, d);
    }

    /// Sends op 7 RECONNECT; serenity reconnects and sends RESUME. Returns false if no live
    /// connection existed. Events sent after this wait for the RESUME.
    pub fn request_reconnect(&self) -> bool {
        gateway::control(&self.shared, gateway::Control::Reconnect)
    }

    /// Sends op 9 INVALID SESSION with `d: resumable`. Not resumable also forgets the session.
    pub fn invalidate_session(&self, resumable: bool) -> bool {
        gateway::control(&self.shared, gateway::Control::InvalidSession(resumable))
    }

    /// Closes the live websocket with `code` (4000 → serenity resumes, 4004 → it gives up ...).
    pub fn close_gateway(&self, code: u16) -> bool {
        gateway::control(&self.shared, gateway::Control::Close(code))
    }

    // ----- payload builders -------------------------------------------------------------------

    /// An application-command interaction (type 2, chat input) from `user_id` with `roles`, in
    /// `channel_id` of `guild_id` (`None`: a DM, with `user` instead of `member`). `options` are
    /// built with [`opt`]. The command id is the registered one when the name was registered.
    #[allow(clippy::too_many_arguments)]
    pub fn interaction_command(
        &self,
        name: &str,
        options: Vec<Value>,
        locale: &str,
        user_id: u64,
        roles: &[u64],
        channel_id: u64,
        guild_id: Option<u64>,
    ) -> Value {
        payloads::interaction(
            self, 2, name, options, locale, user_id, roles, channel_id, guild_id,
        )
    }

    /// An autocomplete interaction (type 4); mark the focused option with [`opt::focused`].
    #[allow(clippy::too_many_arguments)]
    pub fn interaction_autocomplete(
        &self,
        name: &str,
        options: Vec<Value>,
        locale: &str,
        user_id: u64,
        roles: &[u64],
        channel_id: u64,
        guild_id: Option<u64>,
    ) -> Value {
        payloads::interaction(
            self, 4, name, options, locale, user_id, roles, channel_id, guild_id,
        )
    }

    /// A MESSAGE_CREATE payload by `author` (see [`user`], [`bot_user`]) in `channel_id` of
    /// `guild_id` (`None`: a DM) mentioning the user ids `mentions`.
    pub fn message_create(
        &self,
        content: &str,
        author: Value,
        channel_id: u64,
        guild_id: Option<u64>,
        mentions: &[u64],
    ) -> Value {
        payloads::message_create(self, content, author, channel_id, guild_id, mentions)
    }

    // ----- internals ----------------------------------------------------------------------------

    pub(crate) fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    async fn wait_until<T>(
        &self,
        timeout: Duration,
        mut check: impl FnMut(&Inner) -> Option<T>,
    ) -> Option<T> {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut rx = self.shared.changed.subscribe();
        loop {
            rx.borrow_and_update();
            if let Some(v) = check(&self.shared.lock()) {
                return Some(v);
            }
            match tokio::time::timeout_at(deadline, rx.changed()).await {
                Ok(Ok(())) => {}
                _ => return check(&self.shared.lock()),
            }
        }
    }
}

/// The channel a gateway connection task listens on.
pub(crate) type ConnTx = mpsc::UnboundedSender<gateway::ConnCmd>;

pub(crate) fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
}

pub(crate) fn err_body(code: u64, message: &str) -> Value {
    json!({ "code": code, "message": message })
}
