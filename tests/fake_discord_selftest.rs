//! The fake Discord of `tests/fake_discord/` against serenity's real client: gateway handshake,
//! an interaction answered through REST, RESUME after RECONNECT, nonce enforcement, simulated
//! errors, and that everything the fake answers deserializes into serenity's types.

mod fake_discord;

use std::future::Future;
use std::time::Duration;

use fake_discord::{
    DeliveryKind, Failure, FakeDiscord, FakeOptions, GwDir, Route, bot_user, effective_mentions,
    opt, user,
};
use serde_json::{Value, json};
use serenity::all::{
    ChannelId, Client, CommandInteraction, CommandOptionType, Context, CreateAllowedMentions,
    CreateCommand, CreateCommandOption, CreateInteractionResponse,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, CreateMessage,
    EditInteractionResponse, EventHandler, GatewayIntents, GetMessages, GuildId, HttpBuilder,
    Interaction, Message, Nonce, Ready, ResumedEvent,
};
use serenity::async_trait;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

const TEST_LIMIT: Duration = Duration::from_secs(8);
const WAIT: Duration = Duration::from_secs(3);
const USER: u64 = 400_000_000_000_000_001;
const ROLE: u64 = 500_000_000_000_000_001;
const CHANNEL: u64 = 600_000_000_000_000_001;
const GUILD: u64 = 700_000_000_000_000_001;

/// Runs a test body with a deadline: a broken fake shows up as a hang otherwise.
async fn within<F: Future>(f: F) -> F::Output {
    match tokio::time::timeout(TEST_LIMIT, f).await {
        Ok(v) => v,
        Err(_) => panic!("test did not finish within {TEST_LIMIT:?}"),
    }
}

fn init_tracing() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_test_writer()
        .try_init();
}

/// What the handler saw.
#[derive(Debug)]
enum Seen {
    Ready {
        application_id: u64,
        session_id: String,
    },
    Resumed,
    Command {
        name: String,
        locale: String,
        options: Value,
        response: Result<(), String>,
    },
    Message {
        content: String,
        author: u64,
    },
}

struct Handler {
    tx: mpsc::UnboundedSender<Seen>,
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        let _ = self.tx.send(Seen::Ready {
            application_id: ready.application.id.get(),
            session_id: ready.session_id.clone(),
        });
    }

    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        let _ = self.tx.send(Seen::Resumed);
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let Interaction::Command(command) = interaction else {
            return;
        };
        let response = CreateInteractionResponse::Message(
            CreateInteractionResponseMessage::new()
                .content("pong")
                .ephemeral(true)
                .allowed_mentions(CreateAllowedMentions::new()),
        );
        let response = command
            .create_response(&ctx.http, response)
            .await
            .map_err(|e| e.to_string());
        let _ = self.tx.send(Seen::Command {
            name: command.data.name.clone(),
            locale: command.locale.clone(),
            options: serde_json::to_value(&command.data.options).unwrap_or(Value::Null),
            response,
        });
    }

    async fn message(&self, _ctx: Context, msg: Message) {
        let _ = self.tx.send(Seen::Message {
            content: msg.content.clone(),
            author: msg.author.id.get(),
        });
    }
}

struct Bot {
    seen: mpsc::UnboundedReceiver<Seen>,
    task: JoinHandle<Result<(), serenity::Error>>,
}

impl Bot {
    async fn next(&mut self) -> Seen {
        match tokio::time::timeout(WAIT, self.seen.recv()).await {
            Ok(Some(s)) => s,
            Ok(None) => panic!("handler channel closed"),
            Err(_) => panic!("the handler saw nothing within {WAIT:?}"),
        }
    }

    async fn ready(&mut self) -> (u64, String) {
        match self.next().await {
            Seen::Ready {
                application_id,
                session_id,
            } => (application_id, session_id),
            other => panic!("expected READY in the handler, got {other:?}"),
        }
    }
}

/// serenity's real client, built exactly as the reference says, running in a task.
async fn start_bot(fake: &FakeDiscord, token: &str, intents: GatewayIntents) -> Bot {
    let http = HttpBuilder::new(token)
        .proxy(fake.base_url())
        .ratelimiter_disabled(true)
        .build();
    let (tx, seen) = mpsc::unbounded_channel();
    let mut client: Client = serenity::all::ClientBuilder::new_with_http(http, intents)
        .event_handler(Handler { tx })
        .await
        .expect("client builds");
    let task = tokio::spawn(async move { client.start().await });
    Bot { seen, task }
}

#[tokio::test]
async fn identify_ready_and_an_interaction_answered() {
    init_tracing();
    within(async {
        let fake = FakeDiscord::start().await;
        let mut bot = start_bot(&fake, "test-token", GatewayIntents::non_privileged()).await;

        let identify = fake.wait_identify(WAIT).await.expect("IDENTIFY");
        assert_eq!(identify.token, "Bot test-token");
        assert_eq!(identify.intents, GatewayIntents::non_privileged().bits());
        assert_eq!(identify.shard, Some((0, 1)));
        let hello = fake
            .wait_gateway(|r| r.dir == GwDir::ToBot && r.op == Some(10), WAIT)
            .await;
        assert!(hello.is_some(), "HELLO sent");
        let opened = fake
            .wait_gateway(|r| r.dir == GwDir::Opened, WAIT)
            .await
            .expect("opened");
        assert_eq!(opened.d["query"], "v=10", "serenity dials {{url}}?v=10");

        let (app_id, session_id) = bot.ready().await;
        assert_eq!(app_id, fake.application_id());
        assert_eq!(Some(session_id), fake.session_id());

        // What serenity called at start-up: only GET /gateway.
        let startup: Vec<String> = fake
            .requests()
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        assert_eq!(startup, vec!["GET /api/v10/gateway".to_string()]);
        assert_eq!(
            fake.requests()[0].authorization.as_deref(),
            Some("Bot test-token")
        );

        let payload = fake.interaction_command(
            "ping",
            vec![opt::sub(
                "now",
                vec![opt::string("text", "hi"), opt::integer("count", 3)],
            )],
            "zh-TW",
            USER,
            &[ROLE],
            CHANNEL,
            Some(GUILD),
        );
        fake.send_event("INTERACTION_CREATE", payload.clone());
        let callback = fake
            .wait_for_callback(&payload, WAIT)
            .await
            .expect("callback");
        assert_eq!(callback.status, 204);
        assert_eq!(callback.method, "POST");
        let body = callback.body.clone().expect("callback body");
        assert_eq!(body["type"], 4);
        assert_eq!(body["data"]["content"], "pong");
        assert_eq!(body["data"]["flags"], 64);
        // serenity's CreateAllowedMentions::new() sends {"parse":[],"users":[],"roles":[]}.
        let allowed = &body["data"]["allowed_mentions"];
        assert_eq!(allowed["parse"], json!([]));
        for kind in ["users", "roles"] {
            assert!(
                allowed[kind].as_array().is_none_or(Vec::is_empty),
                "{allowed}"
            );
        }
        assert!(effective_mentions(&body["data"]).is_empty());

        match bot.next().await {
            Seen::Command {
                name,
                locale,
                options,
                response,
            } => {
                assert_eq!(name, "ping");
                assert_eq!(locale, "zh-TW");
                assert_eq!(options[0]["type"], 1);
                assert_eq!(options[0]["options"][1]["value"], 3);
                response.expect("create_response succeeded");
            }
            other => panic!("expected the command, got {other:?}"),
        }
        let original = fake
            .original_response(payload["token"].as_str().unwrap())
            .expect("original");
        assert_eq!(original["content"], "pong");
        assert_eq!(original["flags"], 64);
        assert!(fake.notes().is_empty(), "notes: {:?}", fake.notes());
        bot.task.abort();
    })
    .await;
}

#[tokio::test]
async fn reconnect_leads_to_resume_and_missed_events_arrive() {
    init_tracing();
    within(async {
        let fake = FakeDiscord::start().await;
        let mut bot = start_bot(&fake, "test-token", GatewayIntents::non_privileged()).await;
        let (_, session_id) = bot.ready().await;

        assert!(fake.request_reconnect(), "a live connection to reconnect");
        // Sent while the bot reconnects: it waits and goes out after RESUMED.
        let payload =
            fake.interaction_command("ping", vec![], "en-US", USER, &[], CHANNEL, Some(GUILD));
        fake.send_event("INTERACTION_CREATE", payload.clone());

        let resume = fake.wait_resume(WAIT).await.expect("RESUME after op 7");
        assert_eq!(resume.d["session_id"], json!(session_id));
        assert_eq!(resume.d["seq"], 1, "READY was the only dispatch");
        assert_eq!(resume.d["token"], "Bot test-token");
        assert_eq!(resume.conn, 2, "resumed on a new connection");
        let resumed = fake
            .wait_gateway(
                |r| r.dir == GwDir::ToBot && r.t.as_deref() == Some("RESUMED"),
                WAIT,
            )
            .await
            .expect("RESUMED sent");
        assert_eq!(resumed.s, Some(2));
        assert!(matches!(bot.next().await, Seen::Resumed));

        let callback = fake
            .wait_for_callback(&payload, WAIT)
            .await
            .expect("callback after resume");
        assert_eq!(callback.status, 204);
        assert_eq!(fake.identifies().len(), 1, "resumed, not re-identified");
        assert!(fake.notes().is_empty(), "notes: {:?}", fake.notes());
        bot.task.abort();
    })
    .await;
}

/// Slow: serenity's shard queuer waits 5 s between two IDENTIFYs of a process.
#[tokio::test]
async fn invalid_session_makes_the_bot_identify_again() {
    init_tracing();
    let test = async {
        let fake = FakeDiscord::start().await;
        let mut bot = start_bot(&fake, "test-token", GatewayIntents::non_privileged()).await;
        let (_, first) = bot.ready().await;
        assert!(fake.invalidate_session(false));
        let is_ready =
            |r: &fake_discord::GwRecord| r.dir == GwDir::ToBot && r.t.as_deref() == Some("READY");
        let readies = fake
            .wait_gateway_count(is_ready, 2, Duration::from_secs(10))
            .await;
        assert!(readies.is_some(), "a second READY");
        let (_, second) = bot.ready().await;
        assert_ne!(first, second);
        assert_eq!(fake.identifies().len(), 2);
        bot.task.abort();
    };
    tokio::time::timeout(Duration::from_secs(15), test)
        .await
        .expect("finished within 15 s");
}

#[tokio::test]
async fn heartbeats_are_acknowledged() {
    init_tracing();
    within(async {
        let fake = FakeDiscord::start_with(FakeOptions {
            heartbeat_interval_ms: 200,
            ..Default::default()
        })
        .await;
        let mut bot = start_bot(&fake, "test-token", GatewayIntents::non_privileged()).await;
        bot.ready().await;
        let beat = fake
            .wait_gateway(|r| r.dir == GwDir::FromBot && r.op == Some(1), WAIT)
            .await;
        assert!(beat.is_some(), "the bot heartbeats");
        let ack = fake
            .wait_gateway(|r| r.dir == GwDir::ToBot && r.op == Some(11), WAIT)
            .await;
        assert!(ack.is_some(), "the fake acknowledges");
        bot.task.abort();
    })
    .await;
}

#[tokio::test]
async fn enforce_nonce_delivers_once() {
    within(async {
        let fake = FakeDiscord::start().await;
        let http = fake.http();
        let channel = ChannelId::new(CHANNEL);
        let send = |nonce: &str| {
            channel.send_message(
                &http,
                CreateMessage::new()
                    .content("x")
                    .nonce(Nonce::String(nonce.to_string()))
                    .enforce_nonce(true),
            )
        };
        let first = send("reminder-1").await.expect("first send");
        let second = send("reminder-1").await.expect("second send");
        assert_eq!(
            first.id, second.id,
            "the original message is returned again"
        );
        assert_eq!(fake.attempts_with_nonce("reminder-1"), 2);
        assert_eq!(fake.deliveries_with_nonce("reminder-1"), 1);

        let other = send("reminder-2").await.expect("other nonce");
        assert_ne!(other.id, first.id);
        assert_eq!(fake.deliveries_with_nonce("reminder-2"), 1);
        assert_eq!(first.content, "x");
        assert_eq!(first.channel_id, channel);
        assert_eq!(first.author.id.get(), fake.bot_user_id());

        // Without enforce_nonce the same nonce is delivered again.
        channel
            .send_message(
                &http,
                CreateMessage::new()
                    .content("y")
                    .nonce(Nonce::String("reminder-1".into())),
            )
            .await
            .expect("unenforced");
        assert_eq!(fake.deliveries_with_nonce("reminder-1"), 2);
    })
    .await;
}

#[tokio::test]
async fn the_nonce_is_forgotten_after_the_window_and_history_pages_like_discord() {
    within(async {
        let fake = FakeDiscord::start_with(FakeOptions {
            nonce_window: Some(Duration::from_millis(300)),
            ..FakeOptions::default()
        })
        .await;
        let http = fake.http();
        let channel = ChannelId::new(CHANNEL);
        let send = |content: String, nonce: &str| {
            channel.send_message(
                &http,
                CreateMessage::new()
                    .content(content)
                    .nonce(Nonce::String(nonce.to_string()))
                    .enforce_nonce(true),
            )
        };
        let first = send("a".into(), "n-1").await.expect("sent");
        let again = send("a".into(), "n-1").await.expect("sent");
        assert_eq!(first.id, again.id, "within the window: the same message");
        tokio::time::sleep(Duration::from_millis(400)).await;
        let late = send("a".into(), "n-1").await.expect("sent");
        assert_ne!(first.id, late.id, "after the window: a second message");
        assert_eq!(fake.deliveries_with_nonce("n-1"), 2);

        let mut ids = vec![first.id, late.id];
        for i in 0..5 {
            ids.push(
                send(format!("m{i}"), &format!("m{i}"))
                    .await
                    .expect("sent")
                    .id,
            );
        }
        // Newest first; `after` gives the oldest ones after the anchor, `before` the newest
        // ones before it; no nonce in history.
        let newest = channel
            .messages(&http, GetMessages::new().limit(3))
            .await
            .expect("history");
        assert_eq!(
            newest.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![ids[6], ids[5], ids[4]]
        );
        assert!(newest.iter().all(|m| m.nonce.is_none()));
        let after = channel
            .messages(&http, GetMessages::new().after(ids[1]).limit(2))
            .await
            .expect("history");
        assert_eq!(
            after.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![ids[3], ids[2]]
        );
        let before = channel
            .messages(&http, GetMessages::new().before(ids[3]).limit(100))
            .await
            .expect("history");
        assert_eq!(
            before.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![ids[2], ids[1], ids[0]]
        );
        let unchecked = http
            .get_messages(channel, None, Some(101))
            .await
            .expect_err("101 is over Discord's limit");
        assert!(
            unchecked.to_string().contains("Invalid Form Body"),
            "{unchecked}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_500_after_delivery_is_made_safe_by_the_nonce() {
    within(async {
        let fake = FakeDiscord::start().await;
        let http = fake.http();
        let channel = ChannelId::new(CHANNEL);
        fake.fail_next(
            Route::ChannelMessages,
            Failure::ServerErrorAfterProcessing,
            1,
        );
        let msg = || {
            CreateMessage::new()
                .content("due soon")
                .nonce(Nonce::String("n1".into()))
                .enforce_nonce(true)
        };
        let err = channel.send_message(&http, msg()).await.expect_err("500");
        assert_eq!(status_of(&err), Some(500));
        channel.send_message(&http, msg()).await.expect("retry");
        assert_eq!(fake.attempts_with_nonce("n1"), 2);
        assert_eq!(fake.deliveries_with_nonce("n1"), 1);
    })
    .await;
}

fn status_of(e: &serenity::Error) -> Option<u16> {
    match e {
        serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(r)) => {
            Some(r.status_code.as_u16())
        }
        _ => None,
    }
}

fn code_of(e: &serenity::Error) -> Option<isize> {
    match e {
        serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(r)) => {
            Some(r.error.code)
        }
        _ => None,
    }
}

#[tokio::test]
async fn simulated_errors() {
    within(async {
        let fake = FakeDiscord::start().await;
        let http = fake.http();
        let channel = ChannelId::new(CHANNEL);
        let msg = || CreateMessage::new().content("hello");

        fake.fail_next(Route::ChannelMessages, Failure::ServerError, 2);
        for _ in 0..2 {
            let e = channel.send_message(&http, msg()).await.expect_err("500");
            assert_eq!(status_of(&e), Some(500));
        }
        assert!(channel.send_message(&http, msg()).await.is_ok());
        assert_eq!(fake.deliveries().len(), 1, "failed sends deliver nothing");

        // With the rate limiter disabled serenity does not retry a 429: the caller sees it.
        fake.fail_next(Route::ChannelMessages, Failure::rate_limited(), 1);
        let e = channel.send_message(&http, msg()).await.expect_err("429");
        assert_eq!(status_of(&e), Some(429));
        let limited = fake
            .requests_to(Route::ChannelMessages)
            .into_iter()
            .find(|r| r.status == 429)
            .unwrap();
        assert_eq!(limited.response.as_ref().unwrap()["retry_after"], 0.05);
        assert_eq!(
            limited.response.as_ref().unwrap()["message"],
            "You are being rate limited."
        );

        // An interaction answered too late / already answered / unknown.
        let payload =
            fake.interaction_command("ping", vec![], "ja", USER, &[], CHANNEL, Some(GUILD));
        fake.send_event("INTERACTION_CREATE", payload.clone());
        let interaction: CommandInteraction = serde_json::from_value(payload.clone()).unwrap();
        let pong = || {
            CreateInteractionResponse::Message(
                CreateInteractionResponseMessage::new().content("pong"),
            )
        };
        fake.fail_next(Route::InteractionCallback, Failure::UnknownInteraction, 1);
        let e = interaction
            .create_response(&http, pong())
            .await
            .expect_err("10062");
        assert_eq!((status_of(&e), code_of(&e)), (Some(404), Some(10062)));
        interaction
            .create_response(&http, pong())
            .await
            .expect("first real answer");
        let e = interaction
            .create_response(&http, pong())
            .await
            .expect_err("40060");
        assert_eq!((status_of(&e), code_of(&e)), (Some(400), Some(40060)));

        let stranger: CommandInteraction = serde_json::from_value({
            let mut p = payload.clone();
            p["id"] = json!("1");
            p["token"] = json!("never-sent");
            p
        })
        .unwrap();
        let e = stranger
            .create_response(&http, pong())
            .await
            .expect_err("unknown");
        assert_eq!(code_of(&e), Some(10062));
        assert_eq!(
            fake.notes().len(),
            2,
            "answered twice + never sent: {:?}",
            fake.notes()
        );
    })
    .await;
}

#[tokio::test]
async fn late_interaction_response_is_unknown() {
    within(async {
        let fake = FakeDiscord::start_with(FakeOptions {
            interaction_deadline: Some(Duration::from_millis(100)),
            ..Default::default()
        })
        .await;
        let mut bot = start_bot(&fake, "test-token", GatewayIntents::non_privileged()).await;
        bot.ready().await;
        fake.fail_next(
            Route::InteractionCallback,
            Failure::Slow(Duration::from_millis(300)),
            1,
        );
        let payload =
            fake.interaction_command("ping", vec![], "en-US", USER, &[], CHANNEL, Some(GUILD));
        fake.send_event("INTERACTION_CREATE", payload.clone());
        match bot.next().await {
            Seen::Command { response, .. } => {
                let e = response.expect_err("too late");
                assert!(e.contains("Unknown interaction"), "{e}");
            }
            other => panic!("{other:?}"),
        }
        bot.task.abort();
    })
    .await;
}

#[tokio::test]
async fn rest_answers_deserialize_into_serenity_types() {
    within(async {
        let fake = FakeDiscord::start().await;
        let http = fake.http();
        assert_eq!(http.get_gateway().await.unwrap().url, fake.gateway_url());
        let bot_gateway = http.get_bot_gateway().await.unwrap();
        assert_eq!(bot_gateway.shards, 1);
        assert_eq!(
            http.get_current_user().await.unwrap().id.get(),
            fake.bot_user_id()
        );
        let app = http.get_current_application_info().await.unwrap();
        assert_eq!(app.id.get(), fake.application_id());
        http.set_application_id(app.id);

        // Commands: global and guild bulk overwrite, read back, ids kept on overwrite.
        let due = CreateCommand::new("due")
            .description("When is it due?")
            .add_option(
                CreateCommandOption::new(CommandOptionType::SubCommand, "plan", "By plan")
                    .add_sub_option(
                        CreateCommandOption::new(CommandOptionType::String, "at", "When")
                            .required(true),
                    ),
            );
        let global = serenity::all::Command::set_global_commands(&http, vec![due.clone()])
            .await
            .unwrap();
        assert_eq!(global[0].name, "due");
        let again = serenity::all::Command::set_global_commands(&http, vec![due.clone()])
            .await
            .unwrap();
        assert_eq!(again[0].id, global[0].id, "same name keeps its id");
        assert_eq!(http.get_global_commands().await.unwrap().len(), 1);
        let guild = GuildId::new(GUILD);
        let in_guild = guild.set_commands(&http, vec![due]).await.unwrap();
        assert_eq!(in_guild[0].guild_id, Some(guild));
        assert_eq!(guild.get_commands(&http).await.unwrap().len(), 1);

        // The interaction carries the registered command id.
        let payload = fake.interaction_command(
            "due",
            vec![opt::sub("plan", vec![opt::string("at", "tomorrow")])],
            "en-US",
            USER,
            &[ROLE],
            CHANNEL,
            Some(GUILD),
        );
        assert_eq!(payload["data"]["id"], json!(in_guild[0].id.to_string()));
        fake.send_event("INTERACTION_CREATE", payload.clone());
        let interaction: CommandInteraction = serde_json::from_value(payload.clone()).unwrap();

        // Follow-up before the initial response: Discord does not know the webhook yet.
        let early = interaction
            .create_followup(
                &http,
                CreateInteractionResponseFollowup::new().content("early"),
            )
            .await
            .expect_err("no initial response yet");
        assert_eq!(code_of(&early), Some(10015));

        interaction.defer_ephemeral(&http).await.unwrap();
        let edited = interaction
            .edit_response(&http, EditInteractionResponse::new().content("done <@1>"))
            .await
            .unwrap();
        assert_eq!(edited.content, "done <@1>");
        assert_eq!(
            edited.mentions.len(),
            1,
            "no allowed_mentions: the user is pinged"
        );
        let follow = interaction
            .create_followup(
                &http,
                CreateInteractionResponseFollowup::new()
                    .content("more")
                    .allowed_mentions(CreateAllowedMentions::new()),
            )
            .await
            .unwrap();
        assert_eq!(follow.content, "more");
        assert!(interaction.get_response(&http).await.is_ok());
        let kinds: Vec<DeliveryKind> = fake.deliveries().iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            vec![DeliveryKind::EditOriginal, DeliveryKind::FollowUp]
        );

        // Token expired after 15 minutes.
        assert!(fake.expire_interaction(&interaction.token));
        let e = interaction
            .create_followup(
                &http,
                CreateInteractionResponseFollowup::new().content("late"),
            )
            .await
            .expect_err("expired");
        assert_eq!(code_of(&e), Some(50027));
        assert_eq!(fake.notes().len(), 2, "{:?}", fake.notes());
    })
    .await;
}

#[tokio::test]
async fn discord_rules_are_enforced() {
    within(async {
        let fake = FakeDiscord::start().await;
        let http = fake.http();
        http.set_application_id(serenity::all::ApplicationId::new(fake.application_id()));

        // A command name Discord refuses (upper case) and a bare `zh` locale.
        let bad = CreateCommand::new("Due").description("x").name_localized("zh", "到期");
        let e = serenity::all::Command::set_global_commands(&http, vec![bad]).await.expect_err("refused");
        assert_eq!((status_of(&e), code_of(&e)), (Some(400), Some(50035)));
        let notes = fake.notes();
        assert!(notes[0].contains("lowercase") && notes[0].contains("zh"), "{notes:?}");

        // Localized names in zh-TW / ja are fine.
        let good = CreateCommand::new("due").description("x").name_localized("zh-TW", "到期").name_localized("ja", "期限");
        serenity::all::Command::set_global_commands(&http, vec![good]).await.expect("accepted");

        // Mentions: who would be pinged.
        let body = json!({ "content": "<@1> <@&2> @everyone", "allowed_mentions": { "parse": [], "roles": ["2"] } });
        let pings = effective_mentions(&body);
        assert_eq!((pings.users, pings.roles, pings.everyone), (vec![], vec![2], false));
        let raw = json!({ "content": "<@1> <@&2> @everyone" });
        assert!(effective_mentions(&raw).everyone);
    })
    .await;
}

#[tokio::test]
async fn message_create_and_the_message_content_intent() {
    init_tracing();
    within(async {
        let fake = FakeDiscord::start().await;
        let intents = GatewayIntents::non_privileged(); // no MESSAGE_CONTENT
        let mut bot = start_bot(&fake, "test-token", intents).await;
        bot.ready().await;
        let author = user(USER, "alice");
        fake.send_event(
            "MESSAGE_CREATE",
            fake.message_create("hello", author.clone(), CHANNEL, Some(GUILD), &[]),
        );
        let mention = format!("<@{}> help", fake.bot_user_id());
        fake.send_event(
            "MESSAGE_CREATE",
            fake.message_create(
                &mention,
                author.clone(),
                CHANNEL,
                Some(GUILD),
                &[fake.bot_user_id()],
            ),
        );
        fake.send_event(
            "MESSAGE_CREATE",
            fake.message_create("dm", author, CHANNEL, None, &[]),
        );
        let mut got = Vec::new();
        for _ in 0..3 {
            match bot.next().await {
                Seen::Message { content, author } => got.push((content, author)),
                other => panic!("{other:?}"),
            }
        }
        got.sort();
        let mut want = vec![
            (String::new(), USER),
            (mention, USER),
            ("dm".to_string(), USER),
        ];
        want.sort();
        assert_eq!(
            got, want,
            "content blanked without MESSAGE_CONTENT unless it mentions the bot or is a DM"
        );
        let _ = bot_user(1, "other-bot");
        bot.task.abort();
    })
    .await;
}

#[tokio::test]
async fn wrong_token_and_disallowed_intents_stop_the_client() {
    within(async {
        let fake = FakeDiscord::start_with(FakeOptions {
            token: Some("right".into()),
            ..Default::default()
        })
        .await;
        let bot = start_bot(&fake, "wrong", GatewayIntents::non_privileged()).await;
        let result = bot.task.await.expect("client task");
        assert!(result.is_err(), "4004 ends client.start(): {result:?}");

        let fake = FakeDiscord::start_with(FakeOptions {
            allowed_privileged_intents: GatewayIntents::empty(),
            ..Default::default()
        })
        .await;
        let bot = start_bot(
            &fake,
            "t",
            GatewayIntents::non_privileged() | GatewayIntents::MESSAGE_CONTENT,
        )
        .await;
        let result = bot.task.await.expect("client task");
        assert!(result.is_err(), "4014 ends client.start(): {result:?}");
        let closed = fake
            .wait_gateway(|r| r.dir == GwDir::Closed, WAIT)
            .await
            .unwrap();
        assert_eq!(closed.d["code"], 4014);
    })
    .await;
}

#[tokio::test]
#[should_panic(expected = "serenity would drop it")]
async fn a_payload_serenity_would_drop_is_refused() {
    let fake = FakeDiscord::start().await;
    let mut payload =
        fake.interaction_command("ping", vec![], "en-US", USER, &[], CHANNEL, Some(GUILD));
    payload
        .as_object_mut()
        .unwrap()
        .remove("attachment_size_limit");
    fake.send_event("INTERACTION_CREATE", payload);
}

#[tokio::test]
#[should_panic(expected = "missing field `options`")]
async fn a_subcommand_without_options_is_refused() {
    let fake = FakeDiscord::start().await;
    let mut payload = fake.interaction_command(
        "ping",
        vec![opt::sub("now", vec![])],
        "en-US",
        USER,
        &[],
        CHANNEL,
        None,
    );
    payload["data"]["options"][0]
        .as_object_mut()
        .unwrap()
        .remove("options");
    fake.send_event("INTERACTION_CREATE", payload);
}

#[tokio::test]
async fn builders_cover_dms_resolved_options_and_autocomplete() {
    let fake = FakeDiscord::start().await;
    let dm = fake.interaction_command(
        "ping",
        vec![
            opt::user("who", USER),
            opt::role("team", ROLE),
            opt::channel("where", CHANNEL),
            opt::boolean("b", true),
            opt::number("n", 1.5),
        ],
        "ja",
        USER,
        &[],
        CHANNEL,
        None,
    );
    let i: CommandInteraction = serde_json::from_value(dm.clone()).expect("DM interaction");
    assert!(i.member.is_none());
    assert_eq!(i.user.id.get(), USER);
    let in_guild = fake.interaction_command(
        "ping",
        vec![opt::user("who", USER), opt::role("team", ROLE)],
        "ja",
        USER,
        &[ROLE],
        CHANNEL,
        Some(GUILD),
    );
    let i: CommandInteraction =
        serde_json::from_value(in_guild.clone()).expect("guild interaction");
    assert_eq!(i.member.as_ref().unwrap().roles[0].get(), ROLE);
    assert_eq!(i.data.resolved.roles.len(), 1);
    assert_eq!(i.data.resolved.members.len(), 1);
    fake.send_event("INTERACTION_CREATE", dm);
    fake.send_event("INTERACTION_CREATE", in_guild);
    let auto = fake.interaction_autocomplete(
        "due",
        vec![opt::focused(opt::string("plan", "bus"))],
        "en-US",
        USER,
        &[],
        CHANNEL,
        Some(GUILD),
    );
    fake.send_event("INTERACTION_CREATE", auto);
}

#[tokio::test]
async fn a_dropped_connection_is_resumed() {
    within(async {
        let fake = FakeDiscord::start().await;
        let mut bot = start_bot(&fake, "test-token", GatewayIntents::non_privileged()).await;
        bot.ready().await;
        assert!(fake.wait_connected(WAIT).await);
        assert!(
            fake.close_gateway(4000),
            "close code 4000: unknown error, resumable"
        );
        let resume = fake
            .wait_resume(WAIT)
            .await
            .expect("RESUME after close 4000");
        assert_eq!(resume.conn, 2);
        assert!(matches!(bot.next().await, Seen::Resumed));
        assert!(fake.wait_connected(WAIT).await);
        bot.task.abort();
    })
    .await;
}

#[tokio::test]
async fn components_autocomplete_and_flags_are_checked_as_discord_does() {
    use serenity::all::{
        AutocompleteChoice, CreateActionRow, CreateAutocompleteResponse, CreateButton, MessageFlags,
    };
    within(async {
        let fake = FakeDiscord::start().await;
        let http = fake.http();
        let channel = ChannelId::new(CHANNEL);
        let button = |id: &str| CreateButton::new(id).label("Show case");
        let http = &http;
        let refused = |m: CreateMessage| async move {
            let e = channel.send_message(http, m).await.expect_err("refused");
            assert_eq!((status_of(&e), code_of(&e)), (Some(400), Some(50035)));
        };

        // Six action rows; six buttons in a row; a label of 81 characters; a custom_id of 101;
        // the same custom_id twice; an ephemeral flag on a channel message.
        let rows = (0..6)
            .map(|i| CreateActionRow::Buttons(vec![button(&format!("b{i}"))]))
            .collect();
        refused(CreateMessage::new().content("x").components(rows)).await;
        let wide = (0..6).map(|i| button(&format!("w{i}"))).collect();
        refused(
            CreateMessage::new()
                .content("x")
                .components(vec![CreateActionRow::Buttons(wide)]),
        )
        .await;
        let long_label = CreateButton::new("l").label("x".repeat(81));
        refused(
            CreateMessage::new()
                .content("x")
                .components(vec![CreateActionRow::Buttons(vec![long_label])]),
        )
        .await;
        refused(
            CreateMessage::new()
                .content("x")
                .components(vec![CreateActionRow::Buttons(vec![button(
                    &"i".repeat(101),
                )])]),
        )
        .await;
        let twice = vec![
            CreateActionRow::Buttons(vec![button("same")]),
            CreateActionRow::Buttons(vec![button("same")]),
        ];
        refused(CreateMessage::new().content("x").components(twice)).await;
        refused(
            CreateMessage::new()
                .content("x")
                .flags(MessageFlags::EPHEMERAL),
        )
        .await;
        let notes = fake.notes();
        assert_eq!(notes.len(), 6, "{notes:?}");
        for (note, says) in notes.iter().zip([
            "components: Must be 5 or fewer",
            "1 to 5 buttons",
            "label: Must be 80 or fewer",
            "custom_id: Must be between 1 and 100",
            "cannot be duplicated",
            "Invalid flags",
        ]) {
            assert!(note.contains(says), "{note:?} should say {says:?}");
        }

        // Within the limits the same message goes through.
        let fine = (0..5)
            .map(|i| {
                CreateActionRow::Buttons((0..5).map(|j| button(&format!("c{i}-{j}"))).collect())
            })
            .collect();
        channel
            .send_message(
                &http,
                CreateMessage::new()
                    .content("x")
                    .components(fine)
                    .flags(MessageFlags::SUPPRESS_NOTIFICATIONS),
            )
            .await
            .expect("accepted");

        // An autocomplete choice whose name is longer than 100 characters.
        let auto = fake.interaction_autocomplete(
            "due",
            vec![opt::focused(opt::string("plan", "bus"))],
            "en-US",
            USER,
            &[],
            CHANNEL,
            Some(GUILD),
        );
        fake.send_event("INTERACTION_CREATE", auto.clone());
        let id = auto["id"].as_str().unwrap().parse::<u64>().unwrap();
        let token = auto["token"].as_str().unwrap();
        let answer = CreateInteractionResponse::Autocomplete(
            CreateAutocompleteResponse::new()
                .set_choices(vec![AutocompleteChoice::new("n".repeat(101), "business")]),
        );
        let e = http
            .create_interaction_response(id.into(), token, &answer, vec![])
            .await
            .expect_err("refused");
        assert_eq!((status_of(&e), code_of(&e)), (Some(400), Some(50035)));
        assert!(
            fake.notes()
                .last()
                .unwrap()
                .contains("name: Must be between 1 and 100"),
            "{:?}",
            fake.notes()
        );
    })
    .await;
}
