//! Discord: slash commands, their buttons and autocomplete, and plain-language questions, over
//! serenity's gateway client; every answer comes from the engine, rendered as an embed.
//!
//! The gateway (events in) is serenity's; answers go out through [`Rest`], which honours
//! `retry_after` and the three seconds Discord gives an interaction. Every message names exactly
//! whom it may ping, so text users wrote can never ping anyone.

mod chat;
mod endpoint;
mod interaction;
pub mod manifest;
mod notifier;
pub mod owner;
pub mod render;
mod rest;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::Method;
use serde_json::Value;
use serenity::all::{
    ClientBuilder, ConnectionStage, Context, CreateAllowedMentions, EventHandler, GatewayIntents,
    HttpBuilder, Interaction, Message, Ready, ResumedEvent, ShardManager, ShardStageUpdateEvent,
};
use serenity::async_trait;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::Instrument;

pub use endpoint::{Endpoint, Refused};
use interaction::ReplyTo;
pub use manifest::{EXPORT_COMMAND, ManifestError, Manifests, Problem};
pub use notifier::DiscordNotifier;
pub use owner::{AdvisoryLock, AlwaysOwner, GatewayOwner};
pub use rest::{Rest, RestError, Retry, client, client_builder};

use crate::config::{Config, ConfigError};
use crate::engine::Engine;
use crate::intents::Intents;
use crate::reminders::Reminders;
use crate::store::off_runtime;
use crate::telemetry;
use crate::transport::http::{Part, READINESS};

/// How long shutdown waits for answers being written before it flushes the store anyway.
const DRAIN: Duration = Duration::from_secs(10);
/// How long the gateway gets to close after the shards were told to stop.
const GATEWAY_CLOSE: Duration = Duration::from_secs(5);
/// How long the gateway gets to close before the shards are told to stop again.
const SHUTDOWN_AGAIN: Duration = Duration::from_millis(200);

#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("the command manifests cannot be generated: {0}")]
    Manifest(#[from] ManifestError),
    #[error("the command manifests break {} rule(s):\n{}", .0.len(), list(.0))]
    Invalid(Vec<Problem>),
    #[error("Discord: {0}")]
    Rest(#[from] RestError),
    #[error("Discord's gateway: {0}")]
    Gateway(String),
    #[error("the store could not be flushed: {0}")]
    Store(String),
    #[error("DISCORD_PUBLIC_KEY cannot check signatures: {0}")]
    PublicKey(String),
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The intents the bot asks for: guild and DM messages for mentions and DMs (whose text Discord
/// sends anyway), and the privileged MESSAGE_CONTENT only when help channels need every message.
pub fn gateway_intents(config: &Config) -> GatewayIntents {
    let mut intents =
        GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
    if !config.help_channels.is_empty() {
        intents |= GatewayIntents::MESSAGE_CONTENT;
    }
    intents
}

/// The application's id, from `GET /applications/@me`.
pub async fn application_id(rest: &Rest) -> Result<u64, RestError> {
    id_of(rest, "/applications/@me").await
}

async fn id_of(rest: &Rest, path: &str) -> Result<u64, RestError> {
    let found = rest
        .call(Method::GET, path, None::<&Value>, Retry::SOME)
        .await?
        .unwrap_or_default();
    found
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| RestError::Decode(format!("{path} has no id")))
}

/// Makes the application's commands (of `guild`, or the global ones) those of `manifests`.
/// Unless `always`, Discord's current list is read first and nothing is written when it already
/// matches. Returns whether the commands were written.
pub async fn register(
    rest: &Rest,
    app: u64,
    manifests: &Manifests,
    guild: Option<u64>,
    always: bool,
) -> Result<bool, RestError> {
    let path = match guild {
        Some(guild) => format!("/applications/{app}/guilds/{guild}/commands"),
        None => format!("/applications/{app}/commands"),
    };
    if !always {
        let current = rest
            .call(
                Method::GET,
                &format!("{path}?with_localizations=true"),
                None::<&Value>,
                Retry::SOME,
            )
            .await?
            .unwrap_or_default();
        if manifests.matches(&current) {
            return Ok(false);
        }
    }
    rest.call(Method::PUT, &path, Some(&manifests.commands()), Retry::SOME)
        .await?;
    Ok(true)
}

/// Handlers at work, so shutdown can wait for them; once shutdown began, no new work starts.
#[derive(Default)]
struct Work {
    tracker: TaskTracker,
    closing: CancellationToken,
}

impl Work {
    /// Runs `handler` unless shutdown began. It is tracked before the check, so `drain` either
    /// waits for it or it sees the shutdown and does nothing.
    async fn run(&self, handler: impl Future<Output = ()>) -> bool {
        let tracked = self.tracker.track_future(handler);
        if self.closing.is_cancelled() {
            return false;
        }
        tracked.await;
        true
    }

    /// Stops new work and waits up to `limit` for the running work; false if some is left.
    async fn drain(&self, limit: Duration) -> bool {
        self.closing.cancel();
        self.tracker.close();
        tokio::time::timeout(limit, self.tracker.wait())
            .await
            .is_ok()
    }
}

/// What the event handlers share.
struct Bot {
    engine: Engine,
    config: Config,
    rest: Rest,
    intents: Arc<Intents>,
    application_id: u64,
    /// The bot's own user id, from READY: who a mention must name.
    me: AtomicU64,
    work: Work,
    /// Interactions also arrive over HTTP: the bot is ready for them without a gateway.
    http_interactions: bool,
    /// Set once the plain-language reader has learned: the messages that arrive meanwhile
    /// share one wait instead of holding a blocking thread each.
    learned: tokio::sync::OnceCell<()>,
}

impl Bot {
    /// Returns once the plain-language reader has learned (`transport::learned`).
    async fn learned(&self) {
        self.learned
            .get_or_init(|| crate::transport::learned(&self.intents))
            .await;
    }

    /// Answers an interaction from the gateway or the HTTP endpoint, unless shutdown began.
    async fn interaction(&self, interaction: Interaction, reply_to: &ReplyTo) {
        let received = std::time::Instant::now();
        let id = interaction.id();
        let kind = match &interaction {
            Interaction::Command(_) => "command",
            Interaction::Autocomplete(_) => "autocomplete",
            Interaction::Component(_) => "button",
            _ => "other",
        };
        let span = tracing::info_span!("interaction", %id, kind);
        let handled = async {
            match interaction {
                Interaction::Command(command) => self.command(command, reply_to).await,
                Interaction::Autocomplete(command) => self.autocomplete(command, reply_to).await,
                Interaction::Component(component) => self.component(component, reply_to).await,
                other => tracing::debug!(kind = ?other.kind(), "interaction ignored"),
            }
        }
        .instrument(span);
        if !self.work.run(handled).await {
            tracing::warn!(%id, "interaction arrived while shutting down; not answered");
            return;
        }
        metrics::counter!(telemetry::INTERACTIONS, "kind" => kind).increment(1);
        metrics::histogram!(telemetry::INTERACTION_SECONDS, "kind" => kind)
            .record(received.elapsed().as_secs_f64());
    }
}

struct Handler(Arc<Bot>);

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        READINESS.set(Part::Discord, true);
        self.0.me.store(ready.user.id.get(), Ordering::Relaxed);
        tracing::info!(user = %ready.user.name, guilds = ready.guilds.len(), "connected to Discord");
    }

    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        metrics::counter!(telemetry::GATEWAY_RECONNECTS).increment(1);
        READINESS.set(Part::Discord, true);
        tracing::info!("gateway session resumed");
    }

    async fn shard_stage_update(&self, _ctx: Context, event: ShardStageUpdateEvent) {
        let connected = event.new == ConnectionStage::Connected;
        READINESS.set(Part::Discord, connected || self.0.http_interactions);
    }

    async fn interaction_create(&self, _ctx: Context, interaction: Interaction) {
        self.0.interaction(interaction, &ReplyTo::Callback).await;
    }

    async fn message(&self, _ctx: Context, message: Message) {
        self.0.work.run(self.0.chat(message)).await;
    }
}

/// Runs the bot on Discord until `shutdown` completes or the gateway fails for good: checks the
/// generated manifests, registers them when Discord's differ, answers events (plain-language
/// messages as `intents` reads them), sends reminders; on
/// shutdown stops taking events, lets running answers finish and flushes the store.
pub async fn run(
    config: Config,
    engine: Engine,
    intents: Arc<Intents>,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), DiscordError> {
    serve(
        config,
        engine,
        intents,
        rest::client()?,
        None,
        Arc::new(AlwaysOwner),
        shutdown,
    )
    .await
}

/// [`run`] with every REST request, the bot's and serenity's (gateway discovery, through its
/// rate limiter), sent by `client`: one made from [`client_builder`], to which a test adds where
/// `discord.com` is and which certificate it trusts.
pub async fn run_with_client(
    config: Config,
    engine: Engine,
    intents: Arc<Intents>,
    client: reqwest::Client,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), DiscordError> {
    serve(
        config,
        engine,
        intents,
        client,
        None,
        Arc::new(AlwaysOwner),
        shutdown,
    )
    .await
}

/// [`run`], also answering the interactions `endpoint` receives over HTTP, with the gateway
/// connected only while `owner` says this process holds it, every REST request sent by `client`.
pub async fn serve(
    config: Config,
    engine: Engine,
    intents: Arc<Intents>,
    client: reqwest::Client,
    endpoint: Option<Endpoint>,
    owner: Arc<dyn GatewayOwner>,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), DiscordError> {
    let token = config.require_token()?.clone();
    let manifests = Manifests::generate(engine.catalog())?;
    let problems = manifests.problems();
    if !problems.is_empty() {
        return Err(DiscordError::Invalid(problems));
    }
    let rest = Rest::with_client(client.clone(), &config, &token);
    if config.custom_api() {
        tracing::warn!(
            api = %config.api_base,
            "SUPPORTBOT_DISCORD_API is set: REST calls and gateway discovery go there, and serenity's rate limiter is off"
        );
    }
    let application_id = application_id(&rest).await?;
    // Known before any event arrives, so the first message's mention is recognised.
    let me = id_of(&rest, "/users/@me").await?;
    match register(&rest, application_id, &manifests, config.guild_id, false).await {
        Ok(true) => tracing::info!(guild = ?config.guild_id, "slash commands registered"),
        Ok(false) => tracing::info!(guild = ?config.guild_id, "slash commands already up to date"),
        // The previous registration keeps working; the bot still answers it.
        Err(error) => tracing::error!(%error, "slash commands could not be registered"),
    }
    let http = || {
        let http = HttpBuilder::new(token.expose())
            .client(client.clone())
            .application_id(application_id.into())
            .default_allowed_mentions(CreateAllowedMentions::new());
        if config.custom_api() {
            // With the rate limiter on, serenity 0.12 ignores the proxy (serenity-rs/serenity#1739).
            return http
                .proxy(config.api_base.clone())
                .ratelimiter_disabled(true)
                .build();
        }
        http.build()
    };
    let notifier = DiscordNotifier::with_rest(rest.clone(), &intents);
    let bot = Arc::new(Bot {
        engine: engine.clone(),
        config: config.clone(),
        rest: rest.clone(),
        intents,
        application_id,
        me: AtomicU64::new(me),
        work: Work::default(),
        http_interactions: endpoint.is_some(),
        learned: tokio::sync::OnceCell::new(),
    });
    if let Some(endpoint) = &endpoint {
        endpoint.attach(bot.clone());
        READINESS.set(Part::Discord, true);
        tracing::info!("answering interactions at POST /interactions");
    }
    let stop_reminders = CancellationToken::new();
    let reminders = engine.store().map(|store| {
        let reminders = Reminders::new(
            store.clone(),
            engine.shared_catalog(),
            engine.clock(),
            notifier,
        );
        tokio::spawn(Arc::new(reminders).run(stop_reminders.clone()))
    });
    tokio::pin!(shutdown);
    // The gateway runs only while this process owns it; interactions over HTTP and reminders
    // run throughout.
    let ended = loop {
        if owner.contended() {
            tokio::select! {
                () = &mut shutdown => break None,
                () = bot.learned() => {}
            }
        }
        let mut held = tokio::select! {
            () = &mut shutdown => break None,
            held = owner.acquire() => held,
        };
        tracing::info!("this process holds the gateway: connecting");
        let built = ClientBuilder::new_with_http(http(), gateway_intents(&config))
            .event_handler(Handler(bot.clone()))
            .await;
        let mut client = match built {
            Ok(client) => client,
            Err(error) => break Some(Err(DiscordError::Gateway(error.to_string()))),
        };
        let shards = client.shard_manager.clone();
        let mut gateway = tokio::spawn(async move { client.start().await });
        tokio::select! {
            () = &mut shutdown => {
                close_gateway(&shards, gateway).await;
                break None;
            }
            ended = &mut gateway => {
                shards.shutdown_all().await;
                break Some(match ended {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(error)) => Err(DiscordError::Gateway(error.to_string())),
                    Err(error) => Err(DiscordError::Gateway(error.to_string())),
                });
            }
            () = held.lost() => {
                tracing::warn!("the gateway may be another process's now: leaving it");
                close_gateway(&shards, gateway).await;
                READINESS.set(Part::Discord, bot.http_interactions);
            }
        }
    };
    tracing::info!("shutting down: no new events, finishing the answers under way");
    // Events read before the shards stopped may still be starting their handlers.
    tokio::time::sleep(Duration::from_millis(50)).await;
    if !bot.work.drain(DRAIN).await {
        tracing::warn!("some answers were still being written at shutdown");
    }
    stop_reminders.cancel();
    if let Some(task) = reminders {
        let _ = tokio::time::timeout(GATEWAY_CLOSE, task).await;
    }
    if let Some(store) = engine.store().cloned() {
        off_runtime(move || store.durable())
            .await
            .map_err(|e| DiscordError::Store(e.to_string()))?;
    }
    ended.unwrap_or(Ok(()))
}

/// Stops the gateway's shards and waits up to [`GATEWAY_CLOSE`] for the connection to close.
///
/// serenity 0.12's `shutdown_all` returns at once, stopping nothing, while the shard it is
/// starting has a running connection but is not yet listed among its runners; the client would
/// then never return and aborting it would leave that connection open. So the shards are told
/// again until the client returns.
async fn close_gateway(
    shards: &Arc<ShardManager>,
    mut gateway: tokio::task::JoinHandle<Result<(), serenity::Error>>,
) {
    let closing = async {
        loop {
            shards.shutdown_all().await;
            if tokio::time::timeout(SHUTDOWN_AGAIN, &mut gateway)
                .await
                .is_ok()
            {
                return;
            }
        }
    };
    if tokio::time::timeout(GATEWAY_CLOSE, closing).await.is_err() {
        tracing::warn!("the gateway did not close in time");
        gateway.abort();
    }
}
