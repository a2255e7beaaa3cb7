//! Discord's interactions over HTTP: `POST /interactions` on the operators' listener when
//! `DISCORD_PUBLIC_KEY` is set (the developer portal's Interactions Endpoint URL points there).
//! Each request's Ed25519 signature over its timestamp and body is checked before anything else;
//! a request that fails, or whose timestamp is old (a replay), gets 401 and touches nothing.
//! The rest is the gateway's path: the same engine, the same three seconds, with the first
//! response in the HTTP response and edits and follow-ups through REST.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use serenity::all::Interaction;
use serenity::interactions_endpoint::Verifier;
use tokio::sync::oneshot;
use tokio::time::Instant;

use super::Bot;
use super::interaction::{ANSWER_WITHIN, ReplyTo};
use crate::config::PublicKey;

/// How far a request's signed timestamp may be from this machine's clock, either way [D]:
/// Discord signs as it sends, so an older request is a replay of one seen before; the slack
/// is for clocks that disagree.
const FRESH_SECONDS: u64 = 300;

/// Why a request was refused, for the log (the sender only learns 401).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Unsigned,
    BadSignature,
    Stale,
    /// An interaction this process already received: a replay within the freshness window.
    Repeated,
}

/// The interactions endpoint: checks requests, then hands them to the bot once it runs.
#[derive(Clone)]
pub struct Endpoint {
    verifier: Verifier,
    bot: Arc<OnceLock<Arc<Bot>>>,
    /// Interactions received within the freshness window.
    seen: Arc<Mutex<Seen>>,
}

impl Endpoint {
    pub fn new(key: PublicKey) -> Result<Endpoint, super::DiscordError> {
        let verifier =
            Verifier::try_new(key.0).map_err(|e| super::DiscordError::PublicKey(e.to_string()))?;
        Ok(Endpoint {
            verifier,
            bot: Arc::new(OnceLock::new()),
            seen: Arc::default(),
        })
    }

    /// The route to merge into the listener.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/interactions", post(receive))
            .with_state(self.clone())
    }

    /// From now on requests are answered by `bot`.
    pub(super) fn attach(&self, bot: Arc<Bot>) {
        if self.bot.set(bot).is_err() {
            tracing::warn!("the interactions endpoint already has a bot");
        }
    }

    /// Remembers interaction `id`, signed at `signed_at`; refused if it was seen before. Ids
    /// older than the freshness window are forgotten: their requests are refused as stale.
    fn first_time(&self, id: &str, signed_at: u64) -> Result<(), Refused> {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        // Requests arrive about in the order they were signed: the oldest are in front.
        while seen
            .order
            .front()
            .is_some_and(|(at, _)| signed_at.saturating_sub(*at) > 2 * FRESH_SECONDS)
        {
            if let Some((_, old)) = seen.order.pop_front() {
                seen.ids.remove(&old);
            }
        }
        if !seen.ids.insert(id.to_owned()) {
            return Err(Refused::Repeated);
        }
        seen.order.push_back((signed_at, id.to_owned()));
        Ok(())
    }

    /// Whether a request is Discord's, signed moments ago: the signature over the timestamp
    /// and the raw body, with the application's key, and a timestamp near `now`. Returns when
    /// it was signed.
    pub fn check(&self, headers: &HeaderMap, body: &[u8], now: SystemTime) -> Result<u64, Refused> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let (Some(signature), Some(timestamp)) = (
            header("x-signature-ed25519"),
            header("x-signature-timestamp"),
        ) else {
            return Err(Refused::Unsigned);
        };
        self.verifier
            .verify(signature, timestamp, body)
            .map_err(|()| Refused::BadSignature)?;
        let signed_at = timestamp.parse::<u64>().map_err(|_| Refused::Stale)?;
        let now = now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        if now.abs_diff(signed_at) > FRESH_SECONDS {
            return Err(Refused::Stale);
        }
        Ok(signed_at)
    }
}

/// The ids of the interactions received lately, and when each was signed, oldest first.
#[derive(Default)]
struct Seen {
    ids: HashSet<String>,
    order: VecDeque<(u64, String)>,
}

/// Only the interaction's type and id, read before the whole of it: a PING carries little else.
#[derive(serde::Deserialize)]
struct Kind {
    #[serde(rename = "type")]
    kind: u8,
    #[serde(default)]
    id: String,
}

const PING: u8 = 1;

async fn receive(State(endpoint): State<Endpoint>, headers: HeaderMap, body: Bytes) -> Response {
    let received = Instant::now();
    let signed_at = match endpoint.check(&headers, &body, SystemTime::now()) {
        Ok(signed_at) => signed_at,
        Err(refused) => return unauthorized(refused),
    };
    let id = match serde_json::from_slice::<Kind>(&body) {
        Ok(Kind { kind: PING, .. }) => return json_response(&json!({ "type": 1 })),
        Ok(Kind { id, .. }) => id,
        Err(error) => return bad_request(&error),
    };
    let interaction = match serde_json::from_slice::<Interaction>(&body) {
        Ok(interaction) => interaction,
        Err(error) => return bad_request(&error),
    };
    // Not yet remembered: a request a starting bot turned away ran nothing and may come again.
    let Some(bot) = endpoint.bot.get().cloned() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "the bot is starting\n").into_response();
    };
    // A signed request sent again runs nothing twice (a case filed twice, say).
    if let Err(refused) = endpoint.first_time(&id, signed_at) {
        return unauthorized(refused);
    }
    let (sender, response) = oneshot::channel::<Value>();
    // The handler goes on after the response (a deferral's edit, follow-up pages).
    tokio::spawn(async move {
        let reply_to = ReplyTo::Response(Mutex::new(Some(sender)));
        bot.interaction(interaction, &reply_to).await;
    });
    match tokio::time::timeout_at(received + ANSWER_WITHIN, response).await {
        Ok(Ok(response)) => json_response(&response),
        // Ended without a response: an interaction the bot does not answer, or shutdown.
        Ok(Err(_)) => (
            StatusCode::BAD_REQUEST,
            "not an interaction this bot answers\n",
        )
            .into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "not answered in time\n").into_response(),
    }
}

fn unauthorized(refused: Refused) -> Response {
    tracing::warn!(?refused, "interaction request refused");
    (StatusCode::UNAUTHORIZED, "invalid request signature\n").into_response()
}

fn json_response(body: &Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn bad_request(error: &serde_json::Error) -> Response {
    tracing::warn!(%error, "interaction request unreadable");
    (StatusCode::BAD_REQUEST, "not an interaction\n").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use ed25519_dalek::{Signer, SigningKey};
    use std::time::Duration;

    const SIGNED_AT: u64 = 1_795_000_000;

    fn endpoint(key: &SigningKey) -> Endpoint {
        Endpoint::new(PublicKey(key.verifying_key().to_bytes())).unwrap()
    }

    fn headers(key: &SigningKey, timestamp: &str, body: &[u8]) -> HeaderMap {
        let signature: String = key
            .sign(&[timestamp.as_bytes(), body].concat())
            .to_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-signature-ed25519",
            HeaderValue::from_str(&signature).unwrap(),
        );
        headers.insert(
            "x-signature-timestamp",
            HeaderValue::from_str(timestamp).unwrap(),
        );
        headers
    }

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn a_timestamp_is_fresh_within_five_minutes_either_way() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let endpoint = endpoint(&key);
        let body = br#"{"type":2}"#;
        let signed = headers(&key, &SIGNED_AT.to_string(), body);
        for now in [SIGNED_AT - 300, SIGNED_AT, SIGNED_AT + 300] {
            assert_eq!(endpoint.check(&signed, body, at(now)), Ok(SIGNED_AT));
        }
        for now in [SIGNED_AT - 301, SIGNED_AT + 301, u64::MAX / 2] {
            assert_eq!(endpoint.check(&signed, body, at(now)), Err(Refused::Stale));
        }
        let not_a_number = headers(&key, "yesterday", body);
        assert_eq!(
            endpoint.check(&not_a_number, body, at(SIGNED_AT)),
            Err(Refused::Stale)
        );
        assert_eq!(
            endpoint.check(&HeaderMap::new(), body, at(SIGNED_AT)),
            Err(Refused::Unsigned)
        );
    }

    #[test]
    fn an_interaction_is_taken_once_and_forgotten_once_stale() {
        let endpoint = endpoint(&SigningKey::from_bytes(&[3; 32]));
        assert_eq!(endpoint.first_time("1", SIGNED_AT), Ok(()));
        assert_eq!(endpoint.first_time("2", SIGNED_AT + 1), Ok(()));
        assert_eq!(
            endpoint.first_time("1", SIGNED_AT + 2),
            Err(Refused::Repeated)
        );
        // Ten minutes on, the first two could only come back stale: they are forgotten.
        assert_eq!(endpoint.first_time("3", SIGNED_AT + 602), Ok(()));
        let seen = endpoint.seen.lock().unwrap();
        assert_eq!(seen.order.len(), 1);
        assert_eq!(seen.ids.len(), 1);
    }
}
