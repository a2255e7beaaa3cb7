//! Discord's interactions over HTTP: `POST /interactions` on the operators' listener when
//! `DISCORD_PUBLIC_KEY` is set (the developer portal's Interactions Endpoint URL points there).
//! Each request's Ed25519 signature over its timestamp and body is checked before anything else;
//! a request that fails, or whose timestamp is old (a replay), gets 401 and touches nothing, as
//! does one whose interaction any process sharing the store already received (a replay within
//! the freshness window, to this copy or another).
//! The rest is the gateway's path: the same engine, the same three seconds, with the first
//! response in the HTTP response and edits and follow-ups through REST.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};
use serenity::all::Interaction;
use serenity::interactions_endpoint::Verifier;
use tokio::sync::oneshot;
use tokio::time::Instant;

use super::Bot;
use super::interaction::{ANSWER_WITHIN, ReplyTo};
use crate::config::PublicKey;
use crate::store::{Sightings, StoreError, off_runtime};

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
    /// An interaction a process sharing the store already received: a replay within the
    /// freshness window.
    Repeated,
}

/// The interactions endpoint: checks requests, then hands them to the bot once it runs.
#[derive(Clone)]
pub struct Endpoint {
    verifier: Verifier,
    bot: Arc<OnceLock<Arc<Bot>>>,
    /// Interactions received lately, when the bot has no store to share them through.
    seen: Arc<Sightings>,
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

    /// Records interaction `id`, signed at `signed_at`, in the store every copy of the bot
    /// shares: false if any of them had received it. Ids older than the freshness window may be
    /// forgotten: their requests are refused as stale.
    async fn first_time(
        &self,
        bot: &Bot,
        id: String,
        signed_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        // A repeat can pass the freshness check until FRESH_SECONDS after it was signed, while
        // a new request may be signed up to FRESH_SECONDS ahead of the clock: twice the window.
        let forget_before = signed_at
            .checked_sub_signed(TimeDelta::seconds(2 * FRESH_SECONDS as i64))
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        match bot.engine.store().cloned() {
            Some(store) => {
                off_runtime(move || store.first_sighting(&id, signed_at, forget_before)).await
            }
            None => Ok(self.seen.first(&id, signed_at, forget_before)),
        }
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
    // Within minutes of this machine's clock, so within chrono's range.
    let Some(signed_at) = i64::try_from(signed_at)
        .ok()
        .and_then(|seconds| DateTime::<Utc>::from_timestamp(seconds, 0))
    else {
        return unauthorized(Refused::Stale);
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
    // A signed request sent again, to this copy or another, runs nothing twice (a case filed
    // twice, say).
    match endpoint.first_time(&bot, id, signed_at).await {
        Ok(true) => {}
        Ok(false) => return unauthorized(Refused::Repeated),
        Err(error) => {
            tracing::error!(%error, "interaction sightings could not be recorded");
            return (StatusCode::SERVICE_UNAVAILABLE, "try again\n").into_response();
        }
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
}
