//! Payload builders and the check that serenity accepts every event the fake sends.

use serde_json::{Map, Value, json};
use serenity::all::{Interaction, Message, Ready};
use serenity::model::event::{Event, GatewayEvent};

use super::{FakeDiscord, now_rfc3339, rules};

/// A user object as Discord sends it (`username`, `discriminator` "0", no avatar).
pub fn user(id: u64, username: &str) -> Value {
    json!({
        "id": id.to_string(),
        "username": username,
        "discriminator": "0",
        "global_name": null,
        "avatar": null,
        "public_flags": 0,
    })
}

/// A bot user object.
pub fn bot_user(id: u64, username: &str) -> Value {
    let mut u = user(id, username);
    u["bot"] = json!(true);
    u
}

/// Options of an interaction's `data.options`, as Discord sends them.
pub mod opt {
    use serde_json::{Value, json};

    pub fn string(name: &str, value: &str) -> Value {
        json!({ "name": name, "type": 3, "value": value })
    }

    /// A JSON number, as Discord sends integers.
    pub fn integer(name: &str, value: i64) -> Value {
        json!({ "name": name, "type": 4, "value": value })
    }

    pub fn boolean(name: &str, value: bool) -> Value {
        json!({ "name": name, "type": 5, "value": value })
    }

    /// A user option; the fake adds the user to `data.resolved`.
    pub fn user(name: &str, id: u64) -> Value {
        json!({ "name": name, "type": 6, "value": id.to_string() })
    }

    /// A channel option; the fake adds the channel to `data.resolved`.
    pub fn channel(name: &str, id: u64) -> Value {
        json!({ "name": name, "type": 7, "value": id.to_string() })
    }

    /// A role option; the fake adds the role to `data.resolved`.
    pub fn role(name: &str, id: u64) -> Value {
        json!({ "name": name, "type": 8, "value": id.to_string() })
    }

    pub fn number(name: &str, value: f64) -> Value {
        json!({ "name": name, "type": 10, "value": value })
    }

    /// A subcommand (type 1) with its options (`[]` if none — serenity requires the field).
    pub fn sub(name: &str, options: Vec<Value>) -> Value {
        json!({ "name": name, "type": 1, "options": options })
    }

    /// A subcommand group (type 2) holding subcommands.
    pub fn group(name: &str, subcommands: Vec<Value>) -> Value {
        json!({ "name": name, "type": 2, "options": subcommands })
    }

    /// The option being typed in an autocomplete interaction (a partial string value).
    pub fn focused(mut option: Value) -> Value {
        option["focused"] = json!(true);
        if let Some(v) = option.get("value").cloned()
            && !v.is_string()
        {
            option["value"] = json!(v.to_string());
        }
        option
    }
}

/// The serenity type behind an event name, to explain why serenity would drop a payload.
fn explain(t: &str, d: &Value) -> String {
    fn err<T: serde::de::DeserializeOwned>(d: &Value) -> Option<String> {
        serde_json::from_value::<T>(d.clone())
            .err()
            .map(|e| e.to_string())
    }
    let detail = match t {
        "INTERACTION_CREATE" => err::<Interaction>(d),
        "MESSAGE_CREATE" => err::<Message>(d),
        "READY" => err::<Ready>(d),
        _ => None,
    };
    detail.unwrap_or_else(|| format!("no {t} event of serenity accepts this payload"))
}

/// Ok if serenity turns `{"op":0,"s":..,"t":t,"d":d}` into a known event.
pub(crate) fn validate_dispatch(t: &str, d: &Value) -> Result<(), String> {
    let frame = json!({ "op": 0, "s": 1, "t": t, "d": d });
    match serde_json::from_value::<GatewayEvent>(frame) {
        Ok(GatewayEvent::Dispatch(_, Event::Unknown(_))) => Err(format!(
            "serenity would drop it as an unknown event: {}",
            explain(t, d)
        )),
        Ok(GatewayEvent::Dispatch(..)) => Ok(()),
        Ok(other) => Err(format!("not a dispatch: {other:?}")),
        Err(e) => Err(format!("serenity cannot read it: {e}")),
    }
}

fn member(user: Value, roles: &[u64]) -> Value {
    json!({
        "user": user,
        "nick": null,
        "avatar": null,
        "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
        "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "permissions": "2248473465835073",
        "communication_disabled_until": null,
    })
}

fn role(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "name": format!("role{id}"),
        "color": 0,
        "colors": { "primary_color": 0, "secondary_color": null, "tertiary_color": null },
        "hoist": false,
        "icon": null,
        "unicode_emoji": null,
        "position": 1,
        "permissions": "0",
        "managed": false,
        "mentionable": true,
        "flags": 0,
    })
}

/// Fills `data.resolved` for user, channel and role options, like Discord does.
fn resolve(options: &[Value], guild: bool, resolved: &mut Map<String, Value>) {
    for o in options {
        let id = o
            .get("value")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let id_num: u64 = id.parse().unwrap_or(0);
        let section = match o.get("type").and_then(Value::as_u64) {
            Some(1 | 2) => {
                let nested = o
                    .get("options")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                resolve(&nested, guild, resolved);
                continue;
            }
            Some(6) => {
                if guild {
                    let mut m = member(Value::Null, &[]);
                    if let Some(o) = m.as_object_mut() {
                        o.remove("user");
                    }
                    entry(resolved, "members").insert(id.clone(), m);
                }
                ("users", user(id_num, &format!("user{id}")))
            }
            Some(7) => (
                "channels",
                json!({ "id": id, "name": format!("channel{id}"), "type": 0, "permissions": "2248473465835073" }),
            ),
            Some(8) => ("roles", role(id_num)),
            _ => continue,
        };
        entry(resolved, section.0).insert(id, section.1);
    }
}

fn entry<'a>(resolved: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    resolved
        .entry(key.to_string())
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("resolved sections are objects")
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn interaction(
    fake: &FakeDiscord,
    kind: u8,
    name: &str,
    options: Vec<Value>,
    locale: &str,
    user_id: u64,
    roles: &[u64],
    channel_id: u64,
    guild_id: Option<u64>,
) -> Value {
    let shared = fake.shared();
    let app = shared.opts.application_id;
    let id = shared.next_id();
    let (command_id, command_guild) = {
        let inner = shared.lock();
        let global = inner.command_ids.get(&(None, name.to_string(), 1)).copied();
        let in_guild = guild_id.and_then(|g| {
            inner
                .command_ids
                .get(&(Some(g), name.to_string(), 1))
                .copied()
        });
        match (in_guild, global) {
            (Some(c), _) => (c, guild_id),
            (None, Some(c)) => (c, None),
            // Not registered: a stable id per name within this fake.
            (None, None) => (rules::stable_id(name), None),
        }
    };
    let mut resolved = Map::new();
    resolve(&options, guild_id.is_some(), &mut resolved);
    let mut data = json!({
        "id": command_id.to_string(),
        "name": name,
        "type": 1,
        "options": options,
    });
    if !resolved.is_empty() {
        data["resolved"] = Value::Object(resolved);
    }
    if let Some(g) = command_guild {
        data["guild_id"] = json!(g.to_string());
    }
    let the_user = user(user_id, &format!("user{user_id}"));
    let mut payload = json!({
        "id": id.to_string(),
        "application_id": app.to_string(),
        "type": kind,
        "data": data,
        "channel_id": channel_id.to_string(),
        "token": format!("fake-interaction-token-{id}"),
        "version": 1,
        "app_permissions": "2248473465835073",
        "locale": locale,
        "entitlements": [],
        "attachment_size_limit": 10_485_760,
    });
    match guild_id {
        Some(g) => {
            payload["guild_id"] = json!(g.to_string());
            payload["guild_locale"] = json!("en-US");
            payload["member"] = member(the_user, roles);
            payload["authorizing_integration_owners"] = json!({ "0": g.to_string() });
            payload["context"] = json!(0);
            payload["channel"] = json!({
                "id": channel_id.to_string(), "name": format!("channel{channel_id}"), "type": 0,
                "permissions": "2248473465835073", "guild_id": g.to_string(),
            });
        }
        None => {
            payload["user"] = the_user;
            payload["authorizing_integration_owners"] = json!({ "0": "0" });
            payload["context"] = json!(1);
            payload["channel"] = json!({
                "id": channel_id.to_string(), "type": 1, "recipients": [user(user_id, &format!("user{user_id}"))],
            });
        }
    }
    payload
}

pub(crate) fn message_create(
    fake: &FakeDiscord,
    content: &str,
    author: Value,
    channel_id: u64,
    guild_id: Option<u64>,
    mentions: &[u64],
) -> Value {
    let shared = fake.shared();
    let bot = shared.opts.bot_user_id;
    let mention_users: Vec<Value> = mentions
        .iter()
        .map(|&m| {
            if m == bot {
                bot_user(bot, &shared.opts.bot_username)
            } else {
                user(m, &format!("user{m}"))
            }
        })
        .collect();
    let parsed = rules::parse_mentions(content);
    let mut payload = json!({
        "id": shared.next_id().to_string(),
        "channel_id": channel_id.to_string(),
        "author": author,
        "content": content,
        "timestamp": now_rfc3339(),
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": parsed.everyone,
        "mentions": mention_users,
        "mention_roles": parsed.roles.iter().map(u64::to_string).collect::<Vec<_>>(),
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
    });
    if let Some(g) = guild_id {
        payload["guild_id"] = json!(g.to_string());
        let mut m = member(Value::Null, &[]);
        if let Some(o) = m.as_object_mut() {
            o.remove("user");
        }
        payload["member"] = m;
    }
    payload
}

/// The READY payload, checked against serenity's `Ready`.
pub(crate) fn ready(
    opts: &super::FakeOptions,
    session_id: &str,
    resume_url: &str,
    shard: Option<(u64, u64)>,
) -> Value {
    let mut flags = 0u64;
    let allowed = opts.allowed_privileged_intents;
    if allowed.contains(serenity::all::GatewayIntents::GUILD_PRESENCES) {
        flags |= 1 << 12; // GATEWAY_PRESENCE
    }
    if allowed.contains(serenity::all::GatewayIntents::GUILD_MEMBERS) {
        flags |= 1 << 14; // GATEWAY_GUILD_MEMBERS
    }
    if allowed.contains(serenity::all::GatewayIntents::MESSAGE_CONTENT) {
        flags |= 1 << 18; // GATEWAY_MESSAGE_CONTENT
    }
    let mut me = bot_user(opts.bot_user_id, &opts.bot_username);
    me["verified"] = json!(true);
    me["mfa_enabled"] = json!(false);
    me["flags"] = json!(0);
    me["email"] = json!(null);
    let d = json!({
        "v": 10,
        "user": me,
        "guilds": opts.ready_guilds.iter().map(|g| json!({ "id": g.to_string(), "unavailable": true })).collect::<Vec<_>>(),
        "session_id": session_id,
        "resume_gateway_url": resume_url,
        "shard": shard.map(|(a, b)| json!([a, b])),
        "application": { "id": opts.application_id.to_string(), "flags": flags },
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "guild_join_requests": [],
        "geo_ordered_rtc_regions": ["fake"],
        "user_settings": {},
        "session_type": "normal",
        "auth_session_id_hash": "fake",
        "_trace": ["[\"fake-discord\",{}]"],
    });
    if let Err(e) = serde_json::from_value::<Ready>(d.clone()) {
        panic!("fake discord: READY does not deserialize into serenity's Ready: {e}\n{d:#}");
    }
    d
}
