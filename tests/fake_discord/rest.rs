//! The REST half: one fallback handler that routes `/api/v10/...` by hand, records every
//! request and answers like Discord.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use serenity::all::{Command, CurrentApplicationInfo, CurrentUser, Message};

use super::Hold;
use super::rules::{self, FieldError};
use super::{
    Delivery, DeliveryKind, Failure, Inner, NonceScope, Recorded, Route, Shared, Upload, err_body,
    now_rfc3339, payloads,
};

/// What the fake knows about an interaction it sent.
#[derive(Clone, Debug)]
pub(crate) struct InteractionState {
    pub id: String,
    pub token: String,
    /// Interaction type: 2 command, 3 component, 4 autocomplete, 5 modal.
    pub kind: u64,
    pub channel_id: u64,
    pub guild_id: Option<u64>,
    /// When the INTERACTION_CREATE went to the bot (None while it waits for a session).
    pub delivered_at: Option<Instant>,
    pub acked: bool,
    pub expired: bool,
    pub original: Option<Value>,
    pub followups: Vec<Value>,
}

impl InteractionState {
    pub(crate) fn from_payload(d: &Value) -> Option<InteractionState> {
        let s = |k: &str| d.get(k).and_then(Value::as_str).map(str::to_string);
        let n = |k: &str| s(k).and_then(|v| v.parse::<u64>().ok());
        Some(InteractionState {
            id: s("id")?,
            token: s("token")?,
            kind: d.get("type").and_then(Value::as_u64)?,
            channel_id: n("channel_id").unwrap_or(0),
            guild_id: n("guild_id"),
            delivered_at: None,
            acked: false,
            expired: false,
            original: None,
            followups: Vec::new(),
        })
    }
}

/// An answer, before it becomes an axum response.
pub(crate) struct Reply {
    status: u16,
    body: Option<Value>,
    headers: Vec<(String, String)>,
}

impl Reply {
    pub(crate) fn status(&self) -> u16 {
        self.status
    }

    fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            body: Some(body),
            headers: Vec::new(),
        }
    }

    fn no_content() -> Reply {
        Reply {
            status: 204,
            body: None,
            headers: Vec::new(),
        }
    }

    fn error(status: u16, code: u64, message: &str) -> Reply {
        Reply::json(status, err_body(code, message))
    }

    fn form(errors: &[FieldError]) -> Reply {
        Reply::json(400, rules::form_error_body(errors))
    }

    fn server_error() -> Reply {
        Reply::error(500, 0, "500: Internal Server Error")
    }

    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = match self.body {
            Some(v) => {
                (status, [(CONTENT_TYPE, "application/json")], v.to_string()).into_response()
            }
            None => status.into_response(),
        };
        for (k, v) in self.headers {
            if let (Ok(k), Ok(v)) = (
                HeaderName::from_bytes(k.as_bytes()),
                HeaderValue::from_str(&v),
            ) {
                resp.headers_mut().insert(k, v);
            }
        }
        resp
    }
}

/// The route of a path, whatever the method.
pub(crate) fn route_of(path: &str) -> Option<Route> {
    let segs: Vec<&str> = path
        .strip_prefix("/api/v10/")?
        .trim_end_matches('/')
        .split('/')
        .collect();
    Some(match segs.as_slice() {
        ["gateway"] => Route::Gateway,
        ["gateway", "bot"] => Route::GatewayBot,
        ["users", "@me"] => Route::CurrentUser,
        ["applications", "@me"] | ["oauth2", "applications", "@me"] => Route::CurrentApplication,
        ["interactions", _, _, "callback"] => Route::InteractionCallback,
        ["webhooks", _, _] => Route::FollowUp,
        ["webhooks", _, _, "messages", "@original"] => Route::OriginalResponse,
        ["webhooks", _, _, "messages", _] => Route::FollowUpMessage,
        ["channels", _, "messages"] => Route::ChannelMessages,
        ["applications", _, "commands"] => Route::GlobalCommands,
        ["applications", _, "commands", _] => Route::GlobalCommand,
        ["applications", _, "guilds", _, "commands"] => Route::GuildCommands,
        ["applications", _, "guilds", _, "commands", _] => Route::GuildCommand,
        _ => return None,
    })
}

/// The JSON of a body: plain JSON, or the `payload_json` part of a multipart form (and the
/// files it carried).
fn parse_body(headers: &HeaderMap, body: &Bytes) -> (Option<Value>, Vec<Upload>) {
    if body.is_empty() {
        return (None, Vec::new());
    }
    let ctype = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if let Some(boundary) = ctype.strip_prefix("multipart/form-data; boundary=") {
        let delimiter = format!("--{boundary}");
        let mut json = None;
        let mut files = Vec::new();
        for part in split_bytes(body, delimiter.as_bytes()) {
            let Some(at) = find_bytes(part, b"\r\n\r\n") else {
                continue;
            };
            let head = String::from_utf8_lossy(&part[..at]);
            let content = part[at + 4..]
                .strip_suffix(b"\r\n")
                .unwrap_or(&part[at + 4..]);
            let param = |name: &str| {
                let start = head.find(&format!("{name}=\""))? + name.len() + 2;
                let len = head[start..].find('"')?;
                Some(head[start..start + len].to_string())
            };
            if let Some(filename) = param("filename") {
                files.push(Upload {
                    field: param("name").unwrap_or_default(),
                    filename,
                    bytes: content.to_vec(),
                });
            } else if param("name").as_deref() == Some("payload_json") {
                json = serde_json::from_slice(content).ok();
            }
        }
        return (json, files);
    }
    match serde_json::from_slice(body) {
        Ok(v) => (Some(v), Vec::new()),
        Err(_) => (
            Some(Value::String(String::from_utf8_lossy(body).into_owned())),
            Vec::new(),
        ),
    }
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The parts of `body` between occurrences of `delimiter`.
fn split_bytes<'a>(mut body: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    while let Some(at) = find_bytes(body, delimiter) {
        parts.push(&body[..at]);
        body = &body[at + delimiter.len()..];
    }
    parts.push(body);
    parts
}

struct Req {
    method: Method,
    segs: Vec<String>,
    query: Option<String>,
    authorization: Option<String>,
    body: Option<Value>,
    files: usize,
}

/// How long a held request waits before it is answered: longer than any test waits for it.
const HOLD_LIMIT: Duration = Duration::from_secs(120);

/// Waits out a hold, or until the fake shuts down.
async fn held(shared: &Shared) {
    let mut stop = shared.shutdown.clone();
    tokio::select! {
        _ = tokio::time::sleep(HOLD_LIMIT) => {}
        _ = stop.wait_for(|s| *s) => {}
    }
}

pub(crate) async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let at = Instant::now();
    let path = uri.path().to_string();
    let route = route_of(&path);
    let (json, uploads) = parse_body(&headers, &body);
    let files = uploads.len();
    let req = Req {
        method: method.clone(),
        segs: path
            .strip_prefix("/api/v10/")
            .unwrap_or_default()
            .trim_end_matches('/')
            .split('/')
            .map(str::to_string)
            .collect(),
        query: uri.query().map(str::to_string),
        authorization: headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        body: json,
        files,
    };
    let failure = route.and_then(|r| {
        shared
            .lock()
            .failures
            .get_mut(&r)
            .and_then(|q| q.pop_front())
    });
    let hold = (method == Method::POST && route == Some(Route::ChannelMessages))
        .then(|| shared.lock().holds.pop_front())
        .flatten();
    let reply = match (hold, failure) {
        (Some((Hold::BeforeProcessing, reached)), _) => {
            reached.send(
                req.authorization.as_deref(),
                req.body.clone().unwrap_or(Value::Null),
            );
            // The request is lost on the way: Discord never sees it.
            held(&shared).await;
            Reply::server_error()
        }
        (Some((Hold::AfterProcessing, reached)), _) => {
            let reply = process(&shared, &path, &req);
            reached.send(
                req.authorization.as_deref(),
                reply.body.clone().unwrap_or(Value::Null),
            );
            // Discord took the message; its answer is late.
            held(&shared).await;
            reply
        }
        (None, failure) => match failure {
            None => process(&shared, &path, &req),
            Some(Failure::Slow(d)) => {
                tokio::time::sleep(d).await;
                process(&shared, &path, &req)
            }
            Some(Failure::ServerErrorAfterProcessing) => {
                let _ = process(&shared, &path, &req);
                Reply::server_error()
            }
            Some(f) => failure_reply(&f),
        },
    };
    {
        let mut inner = shared.lock();
        let index = inner.requests.len();
        inner.requests.push(Recorded {
            index,
            at,
            method: method.to_string(),
            path,
            query: req.query.clone(),
            route,
            authorization: req.authorization.clone(),
            headers: headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: req.body.clone(),
            files,
            uploads,
            status: reply.status,
            response: reply.body.clone(),
        });
    }
    shared.bump();
    reply.into_response()
}

fn failure_reply(f: &Failure) -> Reply {
    match f {
        Failure::ServerError | Failure::ServerErrorAfterProcessing => Reply::server_error(),
        Failure::RateLimited {
            retry_after,
            global,
        } => {
            let reset = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_secs_f64()
                + retry_after;
            let mut headers = vec![
                ("retry-after".to_string(), format!("{retry_after}")),
                ("x-ratelimit-limit".to_string(), "5".to_string()),
                ("x-ratelimit-remaining".to_string(), "0".to_string()),
                ("x-ratelimit-reset".to_string(), format!("{reset:.3}")),
                (
                    "x-ratelimit-reset-after".to_string(),
                    format!("{retry_after}"),
                ),
                ("x-ratelimit-bucket".to_string(), "fake-bucket".to_string()),
                (
                    "x-ratelimit-scope".to_string(),
                    if *global { "global" } else { "user" }.to_string(),
                ),
            ];
            if *global {
                headers.push(("x-ratelimit-global".to_string(), "true".to_string()));
            }
            Reply {
                status: 429,
                body: Some(json!({
                    "message": "You are being rate limited.",
                    "retry_after": retry_after,
                    "global": global,
                })),
                headers,
            }
        }
        Failure::UnknownInteraction => Reply::error(404, 10062, "Unknown interaction"),
        Failure::AlreadyAcknowledged => {
            Reply::error(400, 40060, "Interaction has already been acknowledged.")
        }
        Failure::Custom { status, body } => Reply::json(*status, body.clone()),
        Failure::Slow(_) => Reply::server_error(),
    }
}

fn strip_bot(token: &str) -> &str {
    token.strip_prefix("Bot ").unwrap_or(token)
}

fn process(shared: &Shared, path: &str, req: &Req) -> Reply {
    let mut inner = shared.lock();
    let inner = &mut *inner;
    if !path.starts_with("/api/v10/") {
        shared.note(inner, format!("{} {path}: not under /api/v10", req.method));
        return Reply::error(404, 0, "404: Not Found");
    }
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    // Discord needs no Authorization for these: the token is in the path, and `GET /gateway`
    // is public. (If /gateway failed, serenity would silently dial the real gateway.)
    let public = matches!(segs.first(), Some(&"interactions" | &"webhooks")) || segs == ["gateway"];
    if !public {
        let ok = match (&req.authorization, &shared.opts.token) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(got), Some(want)) => strip_bot(got) == strip_bot(want),
        };
        if !ok {
            shared.note(
                inner,
                format!("{} {path}: bad or missing Authorization", req.method),
            );
            return Reply::error(401, 0, "401: Unauthorized");
        }
    }
    let body = req.body.clone().unwrap_or(Value::Null);
    let m = req.method.as_str();
    match (m, segs.as_slice()) {
        ("GET", ["gateway"]) => Reply::json(200, json!({ "url": shared.ws_url() })),
        ("GET", ["gateway", "bot"]) => Reply::json(
            200,
            json!({
                "url": shared.ws_url(),
                "shards": 1,
                "session_start_limit": {
                    "total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1
                },
            }),
        ),
        ("GET", ["users", "@me"]) => {
            let mut me = shared_bot_user(shared);
            me["verified"] = json!(true);
            me["mfa_enabled"] = json!(false);
            me["flags"] = json!(0);
            me["email"] = json!(null);
            check::<CurrentUser>(shared, inner, "GET /users/@me", &me);
            Reply::json(200, me)
        }
        ("GET", ["applications", "@me"] | ["oauth2", "applications", "@me"]) => {
            let app = application_info(shared);
            check::<CurrentApplicationInfo>(shared, inner, "GET /applications/@me", &app);
            Reply::json(200, app)
        }
        ("POST", ["interactions", id, token, "callback"]) => {
            callback(shared, inner, id, token, &body)
        }
        ("POST", ["webhooks", app, token]) => {
            follow_up(shared, inner, app, token, &body, req.files)
        }
        (_, ["webhooks", app, token, "messages", mid]) => {
            webhook_message(shared, inner, m, app, token, mid, &body)
        }
        ("POST", ["channels", cid, "messages"]) => {
            create_message(shared, inner, cid, &body, req.files)
        }
        ("GET", ["channels", cid, "messages"]) => {
            list_messages(shared, inner, cid, req.query.as_deref())
        }
        (_, ["applications", app, "commands", rest @ ..]) => {
            commands(shared, inner, m, app, None, rest.first().copied(), &body)
        }
        (_, ["applications", app, "guilds", guild, "commands", rest @ ..]) => {
            let Ok(guild) = guild.parse::<u64>() else {
                return Reply::error(404, 10004, "Unknown Guild");
            };
            commands(
                shared,
                inner,
                m,
                app,
                Some(guild),
                rest.first().copied(),
                &body,
            )
        }
        _ => {
            let known = route_of(path).is_some();
            shared.note(
                inner,
                format!(
                    "{m} {path}: {}",
                    if known {
                        "method not served by the fake"
                    } else {
                        "route not served by the fake"
                    }
                ),
            );
            if known {
                Reply::error(405, 0, "405: Method Not Allowed")
            } else {
                Reply::error(404, 0, "404: Not Found")
            }
        }
    }
}

fn check<T: serde::de::DeserializeOwned>(
    shared: &Shared,
    inner: &mut Inner,
    what: &str,
    v: &Value,
) {
    if let Err(e) = serde_json::from_value::<T>(v.clone()) {
        shared.note(
            inner,
            format!(
                "BUG in the fake: answer to {what} does not deserialize into {}: {e}",
                std::any::type_name::<T>()
            ),
        );
    }
}

fn shared_bot_user(shared: &Shared) -> Value {
    payloads::bot_user(shared.opts.bot_user_id, &shared.opts.bot_username)
}

fn application_info(shared: &Shared) -> Value {
    let o = &shared.opts;
    json!({
        "id": o.application_id.to_string(),
        "name": o.bot_username,
        "icon": null,
        "description": "",
        "summary": "",
        "type": null,
        "rpc_origins": [],
        "bot_public": true,
        "bot_require_code_grant": false,
        "owner": payloads::user(1_000_000_000_000_000_001, "owner"),
        "verify_key": "0".repeat(64),
        "team": null,
        "flags": 0,
        "bot": shared_bot_user(shared),
        "redirect_uris": [],
        "interactions_endpoint_url": null,
        "approximate_guild_count": o.ready_guilds.len(),
        "approximate_user_install_count": 0,
    })
}

/// A Message object as Discord answers, from what the bot sent.
#[allow(clippy::too_many_arguments)]
fn make_message(
    shared: &Shared,
    inner: &mut Inner,
    kind: u64,
    channel_id: u64,
    body: &Value,
    webhook: bool,
    nonce: bool,
) -> Value {
    let bot = shared.opts.bot_user_id;
    let pings = rules::effective_mentions(body);
    let mentions: Vec<Value> = pings
        .users
        .iter()
        .map(|&u| {
            if u == bot {
                shared_bot_user(shared)
            } else {
                payloads::user(u, &format!("user{u}"))
            }
        })
        .collect();
    let embeds: Vec<Value> = body
        .get("embeds")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|e| {
                    let mut e = e.clone();
                    if e.get("type").is_none() {
                        e["type"] = json!("rich");
                    }
                    e
                })
                .collect()
        })
        .unwrap_or_default();
    let mut msg = json!({
        "id": shared.next_id().to_string(),
        "channel_id": channel_id.to_string(),
        "author": shared_bot_user(shared),
        "content": body.get("content").and_then(Value::as_str).unwrap_or_default(),
        "timestamp": now_rfc3339(),
        "edited_timestamp": null,
        "tts": body.get("tts").and_then(Value::as_bool).unwrap_or(false),
        "mention_everyone": pings.everyone,
        "mentions": mentions,
        "mention_roles": pings.roles.iter().map(u64::to_string).collect::<Vec<_>>(),
        "attachments": [],
        "embeds": embeds,
        "components": body.get("components").cloned().filter(Value::is_array).unwrap_or(json!([])),
        "pinned": false,
        "type": kind,
        "flags": body.get("flags").and_then(Value::as_u64).unwrap_or(0),
    });
    if nonce && let Some(n) = body.get("nonce").filter(|n| !n.is_null()) {
        msg["nonce"] = n.clone();
    }
    if webhook {
        msg["webhook_id"] = json!(shared.opts.application_id.to_string());
        msg["application_id"] = json!(shared.opts.application_id.to_string());
    }
    if let Some(r) = body.get("message_reference").filter(|r| !r.is_null()) {
        let mut r = r.clone();
        if r.get("channel_id").is_none() {
            r["channel_id"] = json!(channel_id.to_string());
        }
        msg["message_reference"] = r;
        msg["referenced_message"] = Value::Null;
        if kind == 0 {
            msg["type"] = json!(19);
        }
    }
    if let Err(e) = serde_json::from_value::<Message>(msg.clone()) {
        shared.note(inner, format!("message answered by the fake does not deserialize into serenity's Message ({e}); components dropped"));
        msg["components"] = json!([]);
    }
    msg
}

/// Applies an edit (`PATCH`) to a stored message.
fn edit_message(msg: &mut Value, body: &Value) {
    for key in [
        "content",
        "embeds",
        "components",
        "flags",
        "allowed_mentions",
    ] {
        if let Some(v) = body.get(key) {
            match key {
                "content" => msg["content"] = json!(v.as_str().unwrap_or_default()),
                "embeds" | "components" => {
                    msg[key] = if v.is_array() { v.clone() } else { json!([]) };
                }
                "flags" => msg["flags"] = json!(v.as_u64().unwrap_or(0)),
                _ => {}
            }
        }
    }
    if let Some(flags) = msg["flags"].as_u64() {
        msg["flags"] = json!(flags & !128); // no longer "thinking"
    }
    let pings = rules::effective_mentions(&json!({
        "content": msg["content"],
        "allowed_mentions": body.get("allowed_mentions").cloned().unwrap_or(Value::Null),
    }));
    msg["mention_everyone"] = json!(pings.everyone);
    msg["mentions"] = json!(
        pings
            .users
            .iter()
            .map(|u| payloads::user(*u, &format!("user{u}")))
            .collect::<Vec<_>>()
    );
    msg["mention_roles"] = json!(pings.roles.iter().map(u64::to_string).collect::<Vec<_>>());
    msg["edited_timestamp"] = json!(now_rfc3339());
}

fn deliver(
    inner: &mut Inner,
    kind: DeliveryKind,
    message: &Value,
    nonce: Option<String>,
    token: Option<&str>,
) {
    inner.deliveries.push(Delivery {
        at: Instant::now(),
        kind,
        channel_id: message["channel_id"]
            .as_str()
            .and_then(|c| c.parse().ok())
            .unwrap_or(0),
        nonce,
        message: message.clone(),
        interaction_token: token.map(str::to_string),
    });
}

pub(crate) fn callback(
    shared: &Shared,
    inner: &mut Inner,
    id: &str,
    token: &str,
    body: &Value,
) -> Reply {
    let Some(st) = inner.interactions.get(token).cloned() else {
        shared.note(
            inner,
            format!("callback for interaction {id} that the fake never sent"),
        );
        return Reply::error(404, 10062, "Unknown interaction");
    };
    if st.id != id || st.expired {
        shared.note(
            inner,
            format!("callback for interaction {id}: wrong id or expired token"),
        );
        return Reply::error(404, 10062, "Unknown interaction");
    }
    if st.acked {
        shared.note(inner, format!("interaction {id} answered twice"));
        return Reply::error(400, 40060, "Interaction has already been acknowledged.");
    }
    if let (Some(limit), Some(at)) = (shared.opts.interaction_deadline, st.delivered_at) {
        let took = at.elapsed();
        if took > limit {
            shared.note(
                inner,
                format!("interaction {id} answered after {took:?} (limit {limit:?})"),
            );
            return Reply::error(404, 10062, "Unknown interaction");
        }
    }
    let kind = body.get("type").and_then(Value::as_u64).unwrap_or(0);
    let data = body
        .get("data")
        .cloned()
        .filter(|d| !d.is_null())
        .unwrap_or(json!({}));
    let allowed: &[u64] = match st.kind {
        2 => &[4, 5, 9],
        3 => &[4, 5, 6, 7, 9],
        4 => &[8],
        5 => &[4, 5, 6, 7],
        _ => &[],
    };
    if !allowed.contains(&kind) {
        shared.note(
            inner,
            format!(
                "interaction {id} of type {} answered with response type {kind}",
                st.kind
            ),
        );
        return Reply::form(&[FieldError {
            path: vec!["type".to_string()],
            code: "INTERACTION_RESPONSE_TYPE_INVALID",
            message: format!(
                "Response type {kind} is not valid for interaction type {}",
                st.kind
            ),
        }]);
    }
    let mut original = None;
    match kind {
        4 | 7 => {
            let mut errors = rules::check_message(&data);
            errors.extend(rules::check_flags(
                &data,
                rules::EPHEMERAL | rules::SUPPRESS_EMBEDS | rules::SUPPRESS_NOTIFICATIONS,
            ));
            if !errors.is_empty() {
                shared.note(
                    inner,
                    format!(
                        "interaction {id} response refused: {}",
                        rules::describe(&errors)
                    ),
                );
                return Reply::form(&errors);
            }
            if kind == 4 && rules::is_empty_message(&data, 0) {
                shared.note(
                    inner,
                    format!("interaction {id} answered with an empty message"),
                );
                return Reply::error(400, 50006, "Cannot send an empty message");
            }
            if kind == 4 {
                original = Some(make_message(
                    shared,
                    inner,
                    20,
                    st.channel_id,
                    &data,
                    true,
                    false,
                ));
            }
        }
        5 => {
            // serenity sends `"attachments": []` with every deferral; empty values carry nothing.
            let carries = |v: &Value| match v {
                Value::Null => false,
                Value::Array(a) => !a.is_empty(),
                Value::Object(o) => !o.is_empty(),
                _ => true,
            };
            let extra: Vec<&String> = data
                .as_object()
                .map(|o| {
                    o.iter()
                        .filter(|(k, v)| *k != "flags" && carries(v))
                        .map(|(k, _)| k)
                        .collect()
                })
                .unwrap_or_default();
            let flags = data.get("flags").and_then(Value::as_u64).unwrap_or(0);
            if !extra.is_empty() || flags & !64 != 0 {
                shared.note(inner, format!("deferred response (type 5) to {id} carries more than the ephemeral flag: {data}"));
            }
            let mut m = make_message(
                shared,
                inner,
                20,
                st.channel_id,
                &json!({ "flags": (flags & 64) | 128 }),
                true,
                false,
            );
            m["content"] = json!("");
            original = Some(m);
        }
        8 => {
            let errors = rules::check_autocomplete(&data);
            if !errors.is_empty() {
                shared.note(
                    inner,
                    format!(
                        "autocomplete answer to {id} refused: {}",
                        rules::describe(&errors)
                    ),
                );
                return Reply::form(&errors);
            }
        }
        _ => {}
    }
    let st = inner.interactions.get_mut(token).expect("looked up above");
    st.acked = true;
    if let Some(m) = original {
        st.original = Some(m.clone());
        if kind == 4 {
            deliver(
                inner,
                DeliveryKind::InteractionResponse,
                &m,
                None,
                Some(token),
            );
        }
    }
    Reply::no_content()
}

/// The interaction behind a webhook `app`/`token`, or Discord's error for it.
fn webhook_interaction(
    shared: &Shared,
    inner: &mut Inner,
    app: &str,
    token: &str,
) -> Result<InteractionState, Reply> {
    if app != shared.opts.application_id.to_string() {
        shared.note(
            inner,
            format!(
                "webhook call with application id {app}, not {}",
                shared.opts.application_id
            ),
        );
        return Err(Reply::error(404, 10015, "Unknown Webhook"));
    }
    let Some(st) = inner.interactions.get(token).cloned() else {
        shared.note(
            inner,
            "webhook call with an interaction token the fake never sent".to_string(),
        );
        return Err(Reply::error(404, 10015, "Unknown Webhook"));
    };
    if st.expired {
        shared.note(
            inner,
            format!("webhook call for expired interaction {}", st.id),
        );
        return Err(Reply::error(401, 50027, "Invalid Webhook Token"));
    }
    if !st.acked {
        shared.note(
            inner,
            format!(
                "webhook call for interaction {} before its initial response",
                st.id
            ),
        );
        return Err(Reply::error(404, 10015, "Unknown Webhook"));
    }
    Ok(st)
}

fn follow_up(
    shared: &Shared,
    inner: &mut Inner,
    app: &str,
    token: &str,
    body: &Value,
    files: usize,
) -> Reply {
    let st = match webhook_interaction(shared, inner, app, token) {
        Ok(st) => st,
        Err(r) => return r,
    };
    let mut errors = rules::check_message(body);
    errors.extend(rules::check_flags(
        body,
        rules::EPHEMERAL | rules::SUPPRESS_EMBEDS | rules::SUPPRESS_NOTIFICATIONS,
    ));
    if !errors.is_empty() {
        shared.note(
            inner,
            format!("follow-up refused: {}", rules::describe(&errors)),
        );
        return Reply::form(&errors);
    }
    if rules::is_empty_message(body, files) {
        shared.note(inner, "empty follow-up".to_string());
        return Reply::error(400, 50006, "Cannot send an empty message");
    }
    let msg = make_message(shared, inner, 0, st.channel_id, body, true, false);
    if let Some(s) = inner.interactions.get_mut(token) {
        s.followups.push(msg.clone());
    }
    deliver(inner, DeliveryKind::FollowUp, &msg, None, Some(token));
    Reply::json(200, msg)
}

fn webhook_message(
    shared: &Shared,
    inner: &mut Inner,
    method: &str,
    app: &str,
    token: &str,
    mid: &str,
    body: &Value,
) -> Reply {
    if let Err(r) = webhook_interaction(shared, inner, app, token) {
        return r;
    }
    let errors = if method == "PATCH" {
        let mut errors = rules::check_message(body);
        // An edit cannot make a message ephemeral or not; Discord keeps the flag as it was.
        errors.extend(rules::check_flags(
            body,
            rules::EPHEMERAL | rules::SUPPRESS_EMBEDS,
        ));
        errors
    } else {
        Vec::new()
    };
    if !errors.is_empty() {
        shared.note(inner, format!("edit refused: {}", rules::describe(&errors)));
        return Reply::form(&errors);
    }
    let st = inner.interactions.get_mut(token).expect("checked above");
    let is_original = mid == "@original"
        || st
            .original
            .as_ref()
            .is_some_and(|o| o["id"].as_str() == Some(mid));
    let slot: Option<&mut Value> = if is_original {
        st.original.as_mut()
    } else {
        st.followups
            .iter_mut()
            .find(|f| f["id"].as_str() == Some(mid))
    };
    let Some(msg) = slot else {
        return Reply::error(404, 10008, "Unknown Message");
    };
    match method {
        "GET" => Reply::json(200, msg.clone()),
        "PATCH" => {
            edit_message(msg, body);
            let msg = msg.clone();
            let kind = if is_original {
                DeliveryKind::EditOriginal
            } else {
                DeliveryKind::EditFollowUp
            };
            if let Err(e) = serde_json::from_value::<Message>(msg.clone()) {
                shared.note(
                    inner,
                    format!("BUG in the fake: edited message does not deserialize: {e}"),
                );
            }
            deliver(inner, kind, &msg, None, Some(token));
            Reply::json(200, msg)
        }
        "DELETE" => {
            if is_original {
                st.original = None;
            } else {
                st.followups.retain(|f| f["id"].as_str() != Some(mid));
            }
            Reply::no_content()
        }
        _ => Reply::error(405, 0, "405: Method Not Allowed"),
    }
}

fn create_message(
    shared: &Shared,
    inner: &mut Inner,
    cid: &str,
    body: &Value,
    files: usize,
) -> Reply {
    let Ok(channel_id) = cid.parse::<u64>() else {
        return Reply::error(404, 10003, "Unknown Channel");
    };
    let mut errors = rules::check_message(body);
    errors.extend(rules::check_flags(
        body,
        rules::SUPPRESS_EMBEDS | rules::SUPPRESS_NOTIFICATIONS,
    ));
    if !errors.is_empty() {
        shared.note(
            inner,
            format!("message to {cid} refused: {}", rules::describe(&errors)),
        );
        return Reply::form(&errors);
    }
    if rules::is_empty_message(body, files) {
        shared.note(inner, format!("empty message to {cid}"));
        return Reply::error(400, 50006, "Cannot send an empty message");
    }
    let nonce = rules::nonce_key(body.get("nonce"));
    let scope_key = nonce.as_ref().map(|n| match shared.opts.nonce_scope {
        NonceScope::Author => n.clone(),
        NonceScope::Channel => format!("{cid}/{n}"),
    });
    let enforce = body
        .get("enforce_nonce")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    // Discord remembers a nonce only for a few minutes; the fake for `nonce_window`.
    let remembered = scope_key
        .as_ref()
        .and_then(|k| inner.nonces.get(k))
        .filter(|(at, _)| shared.opts.nonce_window.is_none_or(|w| at.elapsed() < w));
    if enforce && let Some((_, existing)) = remembered {
        return Reply::json(200, existing.clone());
    }
    let msg = make_message(shared, inner, 0, channel_id, body, false, true);
    if let Some(k) = scope_key {
        inner.nonces.insert(k, (Instant::now(), msg.clone()));
    }
    inner.channel_messages.push(msg.clone());
    deliver(inner, DeliveryKind::ChannelMessage, &msg, nonce, None);
    Reply::json(200, msg)
}

/// `GET /channels/{id}/messages` as Discord answers it: `limit` 1–100 (default 50), at most one
/// of `before`, `after`, `around`; newest first; the bot's own messages carry their content.
/// Discord does not return a message's `nonce` here, so the fake leaves it out.
fn list_messages(shared: &Shared, inner: &mut Inner, cid: &str, query: Option<&str>) -> Reply {
    let mut limit = 50usize;
    let mut anchor: Option<(&str, u64)> = None;
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let number = value.parse::<u64>();
        match (key, number) {
            ("limit", Ok(n)) if (1..=100).contains(&n) => limit = n as usize,
            ("before" | "after" | "around", Ok(id)) if anchor.is_none() => {
                anchor = Some((key, id));
            }
            _ => {
                shared.note(inner, format!("GET messages of {cid}: bad query {pair:?}"));
                return Reply::error(400, 50035, "Invalid Form Body");
            }
        }
    }
    let id_of = |m: &Value| {
        m["id"]
            .as_str()
            .and_then(|i| i.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // Oldest first.
    let mut all: Vec<Value> = inner
        .channel_messages
        .iter()
        .filter(|m| m["channel_id"].as_str() == Some(cid))
        .cloned()
        .collect();
    all.sort_by_key(id_of);
    let mut page: Vec<Value> = match anchor {
        None => all.iter().rev().take(limit).cloned().collect(),
        Some(("before", id)) => all
            .iter()
            .rev()
            .filter(|m| id_of(m) < id)
            .take(limit)
            .cloned()
            .collect(),
        // The oldest `limit` messages after the anchor, then newest first like every page.
        Some(("after", id)) => {
            let mut v: Vec<Value> = all
                .iter()
                .filter(|m| id_of(m) > id)
                .take(limit)
                .cloned()
                .collect();
            v.reverse();
            v
        }
        Some((_, id)) => {
            let half = limit / 2;
            let mut v: Vec<Value> = all
                .iter()
                .filter(|m| id_of(m) < id)
                .rev()
                .take(half)
                .cloned()
                .collect();
            v.reverse();
            v.extend(
                all.iter()
                    .filter(|m| id_of(m) >= id)
                    .take(limit - v.len())
                    .cloned(),
            );
            v.reverse();
            v
        }
    };
    for m in &mut page {
        if let Some(map) = m.as_object_mut() {
            map.remove("nonce");
        }
    }
    Reply::json(200, Value::Array(page))
}

fn commands(
    shared: &Shared,
    inner: &mut Inner,
    method: &str,
    app: &str,
    guild: Option<u64>,
    command_id: Option<&str>,
    body: &Value,
) -> Reply {
    if app != shared.opts.application_id.to_string() {
        shared.note(
            inner,
            format!(
                "commands call for application {app}, not {}",
                shared.opts.application_id
            ),
        );
        return Reply::error(404, 10002, "Unknown Application");
    }
    let stored = |inner: &Inner| match guild {
        None => inner.global_commands.clone(),
        Some(g) => inner.guild_commands.get(&g).cloned().unwrap_or_default(),
    };
    match (method, command_id) {
        ("GET", None) => Reply::json(200, Value::Array(stored(inner))),
        ("PUT", None) => {
            if shared.opts.validate_commands {
                let errors = rules::check_commands(body);
                if !errors.is_empty() {
                    shared.note(
                        inner,
                        format!("command registration refused: {}", rules::describe(&errors)),
                    );
                    return Reply::form(&errors);
                }
            }
            let list = body.as_array().cloned().unwrap_or_default();
            let out: Vec<Value> = list
                .iter()
                .map(|c| echo_command(shared, inner, guild, c))
                .collect();
            match guild {
                None => inner.global_commands = out.clone(),
                Some(g) => {
                    inner.guild_commands.insert(g, out.clone());
                }
            }
            Reply::json(200, Value::Array(out))
        }
        ("POST", None) => {
            if shared.opts.validate_commands {
                let errors = rules::check_commands(&json!([body]));
                if !errors.is_empty() {
                    shared.note(
                        inner,
                        format!("command registration refused: {}", rules::describe(&errors)),
                    );
                    return Reply::form(&errors);
                }
            }
            let cmd = echo_command(shared, inner, guild, body);
            let mut list = stored(inner);
            let existed = list.iter().position(|c| c["id"] == cmd["id"]);
            match existed {
                Some(i) => list[i] = cmd.clone(),
                None => list.push(cmd.clone()),
            }
            match guild {
                None => inner.global_commands = list,
                Some(g) => {
                    inner.guild_commands.insert(g, list);
                }
            }
            Reply::json(if existed.is_some() { 200 } else { 201 }, cmd)
        }
        ("GET", Some(id)) => match stored(inner)
            .into_iter()
            .find(|c| c["id"].as_str() == Some(id))
        {
            Some(c) => Reply::json(200, c),
            None => Reply::error(404, 10063, "Unknown application command"),
        },
        ("DELETE", Some(id)) => {
            let mut list = stored(inner);
            let before = list.len();
            list.retain(|c| c["id"].as_str() != Some(id));
            if list.len() == before {
                return Reply::error(404, 10063, "Unknown application command");
            }
            match guild {
                None => inner.global_commands = list,
                Some(g) => {
                    inner.guild_commands.insert(g, list);
                }
            }
            Reply::no_content()
        }
        _ => {
            shared.note(
                inner,
                format!("{method} on commands not served by the fake"),
            );
            Reply::error(405, 0, "405: Method Not Allowed")
        }
    }
}

/// A registered command as Discord answers it: ids kept per (scope, name, type).
fn echo_command(shared: &Shared, inner: &mut Inner, guild: Option<u64>, c: &Value) -> Value {
    let name = c
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let kind = c.get("type").and_then(Value::as_u64).unwrap_or(1);
    let id = *inner
        .command_ids
        .entry((guild, name, kind))
        .or_insert_with(|| shared.next_id());
    let mut out = c.clone();
    if !out.is_object() {
        out = json!({});
    }
    out["id"] = json!(id.to_string());
    out["type"] = json!(kind);
    out["application_id"] = json!(shared.opts.application_id.to_string());
    out["version"] = json!(shared.next_id().to_string());
    if out.get("description").is_none() {
        out["description"] = json!("");
    }
    if out.get("default_member_permissions").is_none() {
        out["default_member_permissions"] = Value::Null;
    }
    if out.get("nsfw").is_none() {
        out["nsfw"] = json!(false);
    }
    if out.get("options").is_none() && kind == 1 {
        out["options"] = json!([]);
    }
    match guild {
        Some(g) => out["guild_id"] = json!(g.to_string()),
        None => {
            if out.get("dm_permission").is_none() {
                out["dm_permission"] = json!(true);
            }
            if out.get("integration_types").is_none() {
                out["integration_types"] = json!([0]);
            }
        }
    }
    if let Err(e) = serde_json::from_value::<Command>(out.clone()) {
        shared.note(
            inner,
            format!(
                "registered command {:?} does not deserialize into serenity's Command: {e}",
                c.get("name")
            ),
        );
    }
    out
}

/// Marks an interaction's token as expired (15 minutes passed).
pub(crate) fn expire(shared: &Shared, token: &str) -> bool {
    let mut inner = shared.lock();
    match inner.interactions.get_mut(token) {
        Some(st) => {
            st.expired = true;
            true
        }
        None => false,
    }
}

/// How long ago the interaction went out, if it did.
pub(crate) fn age(shared: &Shared, token: &str) -> Option<Duration> {
    shared
        .lock()
        .interactions
        .get(token)
        .and_then(|s| s.delivered_at)
        .map(|t| t.elapsed())
}
