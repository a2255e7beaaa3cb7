//! The gateway half: HELLO, IDENTIFY → READY, heartbeats, RESUME → RESUMED (with replay),
//! dispatch events from the test, RECONNECT / INVALID SESSION / close codes on demand.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::Uri;
use axum::response::Response;
use serde_json::{Value, json};
use serenity::all::GatewayIntents;
use tokio::sync::mpsc;

use super::rest::InteractionState;
use super::{ConnTx, GwDir, Identify, Inner, Shared, payloads};

/// The connection the bot currently uses.
pub(crate) struct Live {
    pub id: u64,
    pub tx: ConnTx,
    /// IDENTIFY or RESUME succeeded on it, and no RECONNECT was requested since.
    pub authenticated: bool,
}

pub(crate) struct Session {
    pub id: String,
    pub seq: u64,
    /// Every dispatch of the session, for replay on RESUME.
    pub sent: Vec<(u64, Value)>,
    pub intents: u64,
    pub token: String,
}

pub(crate) enum ConnCmd {
    Frame(Value),
    Close(u16, String),
}

pub(crate) enum Control {
    Reconnect,
    InvalidSession(bool),
    Close(u16),
}

enum Out {
    Frame(Value),
    Close(u16, &'static str),
}

pub(crate) async fn upgrade(
    ws: WebSocketUpgrade,
    State(shared): State<Arc<Shared>>,
    uri: Uri,
) -> Response {
    let query = uri.query().map(str::to_string);
    ws.on_upgrade(move |socket| run(shared, socket, query))
}

async fn send(shared: &Shared, socket: &mut WebSocket, conn: u64, frame: &Value) -> bool {
    {
        let mut inner = shared.lock();
        shared.record_gw(&mut inner, conn, GwDir::ToBot, frame);
    }
    shared.bump();
    socket
        .send(Message::Text(frame.to_string().into()))
        .await
        .is_ok()
}

async fn close(socket: &mut WebSocket, code: u16, reason: &str) {
    let frame = CloseFrame {
        code,
        reason: reason.to_string().into(),
    };
    let _ = socket.send(Message::Close(Some(frame))).await;
}

async fn run(shared: Arc<Shared>, mut socket: WebSocket, query: Option<String>) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let conn = {
        let mut inner = shared.lock();
        inner.conns += 1;
        let id = inner.conns;
        inner.live = Some(Live {
            id,
            tx: tx.clone(),
            authenticated: false,
        });
        shared.record_gw(&mut inner, id, GwDir::Opened, &json!({ "query": query }));
        id
    };
    shared.bump();
    let hello = json!({
        "op": 10,
        "d": { "heartbeat_interval": shared.opts.heartbeat_interval_ms },
        "s": null,
        "t": null,
    });
    let mut shutdown = shared.shutdown.clone();
    let mut code: Option<u16> = None;
    if send(&shared, &mut socket, conn, &hello).await {
        code = 'conn: loop {
            tokio::select! {
                msg = socket.recv() => match msg {
                    None | Some(Err(_)) => break 'conn None,
                    Some(Ok(Message::Close(frame))) => break 'conn frame.map(|f| f.code),
                    Some(Ok(Message::Text(text))) => {
                        for out in on_frame(&shared, conn, text.as_str()) {
                            match out {
                                Out::Frame(v) => {
                                    if !send(&shared, &mut socket, conn, &v).await {
                                        break 'conn None;
                                    }
                                }
                                Out::Close(c, reason) => {
                                    close(&mut socket, c, reason).await;
                                    break 'conn Some(c);
                                }
                            }
                        }
                    }
                    Some(Ok(Message::Binary(_))) => {
                        let mut inner = shared.lock();
                        shared.note(&mut inner, "bot sent a binary gateway frame".to_string());
                    }
                    Some(Ok(_)) => {}
                },
                cmd = rx.recv() => match cmd {
                    Some(ConnCmd::Frame(v)) => {
                        if !send(&shared, &mut socket, conn, &v).await {
                            break 'conn None;
                        }
                    }
                    Some(ConnCmd::Close(c, reason)) => {
                        close(&mut socket, c, &reason).await;
                        break 'conn Some(c);
                    }
                    None => break 'conn None,
                },
                _ = shutdown.changed() => {
                    close(&mut socket, 1001, "fake discord shutting down").await;
                    break 'conn Some(1001);
                }
            }
        };
    }
    drop(tx);
    {
        let mut inner = shared.lock();
        if inner.live.as_ref().is_some_and(|l| l.id == conn) {
            inner.live = None;
        }
        shared.record_gw(&mut inner, conn, GwDir::Closed, &json!({ "code": code }));
    }
    shared.bump();
}

fn strip_bot(token: &str) -> &str {
    token.strip_prefix("Bot ").unwrap_or(token)
}

fn is_current(inner: &Inner, conn: u64) -> bool {
    inner.live.as_ref().is_some_and(|l| l.id == conn)
}

fn set_authenticated(inner: &mut Inner, conn: u64) {
    if let Some(l) = inner.live.as_mut().filter(|l| l.id == conn) {
        l.authenticated = true;
    }
}

fn on_frame(shared: &Shared, conn: u64, text: &str) -> Vec<Out> {
    let mut guard = shared.lock();
    let inner = &mut *guard;
    let Ok(frame) = serde_json::from_str::<Value>(text) else {
        shared.note(
            inner,
            format!("bot sent a gateway frame that is not JSON: {text}"),
        );
        return vec![Out::Close(4002, "Error while decoding payload.")];
    };
    shared.record_gw(inner, conn, GwDir::FromBot, &frame);
    let authed = inner
        .live
        .as_ref()
        .is_some_and(|l| l.id == conn && l.authenticated);
    let d = frame.get("d").cloned().unwrap_or(Value::Null);
    match frame.get("op").and_then(Value::as_u64) {
        Some(1) => vec![Out::Frame(
            json!({ "op": 11, "d": null, "s": null, "t": null }),
        )],
        Some(2) if authed => vec![Out::Close(4005, "Already authenticated.")],
        Some(2) => identify(shared, inner, conn, d),
        Some(6) => resume(shared, inner, conn, &d),
        Some(3 | 4 | 8 | 31) if authed => Vec::new(),
        Some(3 | 4 | 8 | 31) => vec![Out::Close(4003, "Not authenticated.")],
        other => {
            shared.note(inner, format!("bot sent unknown gateway opcode {other:?}"));
            vec![Out::Close(4001, "Unknown opcode.")]
        }
    }
}

fn identify(shared: &Shared, inner: &mut Inner, conn: u64, d: Value) -> Vec<Out> {
    let token = d
        .get("token")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let intents = d.get("intents").and_then(Value::as_u64).unwrap_or(0);
    let shard = d
        .get("shard")
        .and_then(Value::as_array)
        .and_then(|a| match a.as_slice() {
            [a, b] => Some((a.as_u64()?, b.as_u64()?)),
            _ => None,
        });
    inner.identifies.push(Identify {
        conn,
        token: token.clone(),
        intents,
        shard,
        raw: d,
    });
    if let Some(want) = &shared.opts.token
        && strip_bot(&token) != strip_bot(want)
    {
        return vec![Out::Close(4004, "Authentication failed.")];
    }
    if intents & !GatewayIntents::all().bits() != 0 {
        return vec![Out::Close(4013, "Invalid intent(s).")];
    }
    let privileged = intents & GatewayIntents::privileged().bits();
    if privileged & !shared.opts.allowed_privileged_intents.bits() != 0 {
        return vec![Out::Close(4014, "Disallowed intent(s).")];
    }
    if let Some((id, total)) = shard
        && (total == 0 || id >= total)
    {
        return vec![Out::Close(4010, "Invalid shard.")];
    }
    let session_id = format!("fake-session-{}", shared.next_id());
    let ready = payloads::ready(&shared.opts, &session_id, &shared.ws_url(), shard);
    let frame = json!({ "op": 0, "t": "READY", "s": 1, "d": ready });
    inner.session = Some(Session {
        id: session_id,
        seq: 1,
        sent: vec![(1, frame.clone())],
        intents,
        token,
    });
    set_authenticated(inner, conn);
    let mut out = vec![Out::Frame(frame)];
    out.extend(flush_pending(shared, inner).into_iter().map(Out::Frame));
    out
}

fn resume(shared: &Shared, inner: &mut Inner, conn: u64, d: &Value) -> Vec<Out> {
    let sid = d
        .get("session_id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let seq = d.get("seq").and_then(Value::as_u64).unwrap_or(0);
    let token = d.get("token").and_then(Value::as_str).unwrap_or_default();
    let ok = inner
        .session
        .as_ref()
        .is_some_and(|s| s.id == sid && strip_bot(&s.token) == strip_bot(token));
    if !ok || !is_current(inner, conn) {
        return vec![Out::Frame(
            json!({ "op": 9, "d": false, "s": null, "t": null }),
        )];
    }
    let session = inner.session.as_mut().expect("checked above");
    let mut out: Vec<Out> = session
        .sent
        .iter()
        .filter(|(s, _)| *s > seq)
        .map(|(_, f)| Out::Frame(f.clone()))
        .collect();
    session.seq += 1;
    let resumed =
        json!({ "op": 0, "t": "RESUMED", "s": session.seq, "d": { "_trace": ["fake-discord"] } });
    session.sent.push((session.seq, resumed.clone()));
    out.push(Out::Frame(resumed));
    set_authenticated(inner, conn);
    out.extend(flush_pending(shared, inner).into_iter().map(Out::Frame));
    out
}

/// Frames for the events that waited for a session.
fn flush_pending(shared: &Shared, inner: &mut Inner) -> Vec<Value> {
    let pending = std::mem::take(&mut inner.pending);
    pending
        .into_iter()
        .filter_map(|(t, d)| prepare(shared, inner, &t, d))
        .collect()
}

/// Applies intent rules, assigns the sequence number and keeps the frame for replay.
fn prepare(shared: &Shared, inner: &mut Inner, t: &str, d: Value) -> Option<Value> {
    let conn = inner.live.as_ref().map_or(0, |l| l.id);
    let session = inner.session.as_ref()?;
    let d = match gate(shared, session.intents, t, d) {
        Ok(d) => d,
        Err(reason) => {
            shared.record_gw(
                inner,
                conn,
                GwDir::Withheld,
                &json!({ "t": t, "reason": reason }),
            );
            return None;
        }
    };
    if t == "INTERACTION_CREATE"
        && let Some(token) = d.get("token").and_then(Value::as_str)
        && let Some(st) = inner.interactions.get_mut(token)
    {
        st.delivered_at = Some(Instant::now());
    }
    let session = inner.session.as_mut()?;
    session.seq += 1;
    let frame = json!({ "op": 0, "t": t, "s": session.seq, "d": d });
    session.sent.push((session.seq, frame.clone()));
    Some(frame)
}

/// What Discord would deliver of an event, given the session's intents.
fn gate(shared: &Shared, intents: u64, t: &str, mut d: Value) -> Result<Value, String> {
    if t != "MESSAGE_CREATE" && t != "MESSAGE_UPDATE" {
        return Ok(d);
    }
    let intents = GatewayIntents::from_bits_truncate(intents);
    let in_guild = d.get("guild_id").is_some_and(|g| !g.is_null());
    if in_guild && !intents.contains(GatewayIntents::GUILD_MESSAGES) {
        return Err("guild message without the GUILD_MESSAGES intent".to_string());
    }
    if !in_guild && !intents.contains(GatewayIntents::DIRECT_MESSAGES) {
        return Err("direct message without the DIRECT_MESSAGES intent".to_string());
    }
    let bot = shared.opts.bot_user_id.to_string();
    let by_bot = d["author"]["id"].as_str() == Some(bot.as_str());
    let mentions_bot = d
        .get("mentions")
        .and_then(Value::as_array)
        .is_some_and(|m| m.iter().any(|u| u["id"].as_str() == Some(bot.as_str())));
    if !intents.contains(GatewayIntents::MESSAGE_CONTENT) && in_guild && !by_bot && !mentions_bot {
        // Without MESSAGE_CONTENT Discord blanks these fields.
        d["content"] = json!("");
        d["embeds"] = json!([]);
        d["attachments"] = json!([]);
        d["components"] = json!([]);
        if let Some(o) = d.as_object_mut() {
            o.remove("poll");
        }
    }
    Ok(d)
}

pub(crate) fn send_event(shared: &Shared, t: &str, d: Value) {
    {
        let mut guard = shared.lock();
        let inner = &mut *guard;
        if t == "INTERACTION_CREATE"
            && let Some(st) = InteractionState::from_payload(&d)
        {
            inner.interactions.insert(st.token.clone(), st);
        }
        let ready = inner.live.as_ref().is_some_and(|l| l.authenticated) && inner.session.is_some();
        if ready {
            if let Some(frame) = prepare(shared, inner, t, d) {
                let tx = inner.live.as_ref().map(|l| l.tx.clone());
                // If the connection just died the frame stays in the session for replay.
                if let Some(tx) = tx {
                    let _ = tx.send(ConnCmd::Frame(frame));
                }
            }
        } else {
            inner.pending.push((t.to_string(), d));
        }
    }
    shared.bump();
}

pub(crate) fn control(shared: &Shared, c: Control) -> bool {
    let mut guard = shared.lock();
    let inner = &mut *guard;
    let Some(live) = inner.live.as_mut() else {
        return false;
    };
    live.authenticated = false;
    let tx = live.tx.clone();
    let cmd = match c {
        Control::Reconnect => ConnCmd::Frame(json!({ "op": 7, "d": null, "s": null, "t": null })),
        Control::InvalidSession(resumable) => {
            if !resumable {
                inner.session = None;
            }
            ConnCmd::Frame(json!({ "op": 9, "d": resumable, "s": null, "t": null }))
        }
        Control::Close(code) => ConnCmd::Close(code, "closed by the test".to_string()),
    };
    tx.send(cmd).is_ok()
}
