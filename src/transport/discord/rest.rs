//! The few REST calls the bot makes, on its own small client: serenity's `Http` drops the
//! `retry_after` of a 429 (and with its rate limiter off, as it must be with a custom API base,
//! it does not retry at all), and answering an interaction within three seconds needs retries
//! that honour it and stop at a deadline. Request bodies are serenity's own builders.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde_json::Value;
use tokio::time::Instant;

use crate::config::{Config, Token};

/// How long one request may take before it counts as a connection failure.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The least time an attempt gets, however close the deadline.
const SHORTEST_ATTEMPT: Duration = Duration::from_millis(500);
/// The first wait after a 5xx or a connection failure; doubled on each further attempt.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
/// A `retry_after` longer than this is not waited for inside a request: the caller decides.
const LONGEST_WAIT: Duration = Duration::from_secs(30);
/// The first wait after an interaction's message was not found yet; doubled on each further
/// attempt [D]: Discord takes in a response given in the HTTP answer a moment after it was
/// sent, and until then its webhook and `@original` are unknown (discord-api-docs#7220).
const FIRST_WAIT_UNTIL_KNOWN: Duration = Duration::from_millis(250);
/// Discord's 404 for an interaction's webhook it does not know (yet).
const UNKNOWN_WEBHOOK: i64 = 10015;
/// Discord's 404 for a message it does not know (yet), such as `@original`.
const UNKNOWN_MESSAGE: i64 = 10008;

/// What a failed call means for whoever retries it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RestError {
    #[error("rate limited for {0:?}")]
    RateLimited(Duration),
    #[error("Discord answered {status}")]
    Server { status: u16 },
    #[error("Discord refused the request: {status} (code {code}) {message}")]
    Refused {
        status: u16,
        code: i64,
        message: String,
    },
    #[error("cannot reach Discord: {0}")]
    Network(String),
    #[error("unreadable answer from Discord: {0}")]
    Decode(String),
    #[error("the request cannot be encoded: {0}")]
    Encode(String),
}

impl RestError {
    /// Discord's JSON error code (10062 unknown interaction, 40060 already acknowledged, …).
    pub fn code(&self) -> Option<i64> {
        match self {
            RestError::Refused { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// How long to wait before the same request may succeed; `None` when it never will.
    /// `until_known`: a webhook or message Discord does not know may be one it has not taken in
    /// yet (see [`Retry::INTERACTION_MESSAGES`]).
    fn retry_in(&self, attempt: u32, until_known: bool) -> Option<Duration> {
        let doubled = |first: Duration| first.saturating_mul(2u32.saturating_pow(attempt));
        match self {
            RestError::RateLimited(wait) => Some(*wait),
            RestError::Server { .. } | RestError::Network(_) => Some(doubled(FIRST_BACKOFF)),
            RestError::Refused {
                status: 404,
                code: UNKNOWN_WEBHOOK | UNKNOWN_MESSAGE,
                ..
            } if until_known => Some(doubled(FIRST_WAIT_UNTIL_KNOWN)),
            RestError::Refused { .. } | RestError::Decode(_) | RestError::Encode(_) => None,
        }
    }
}

/// How hard to try: at most `attempts` requests, none started after `deadline`.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub attempts: u32,
    pub deadline: Option<Instant>,
    /// Whether a 404 Unknown Webhook or Unknown Message is tried again.
    pub until_known: bool,
}

impl Retry {
    /// One request, no retry: for callers that keep their own schedule (the reminder sender).
    pub const ONCE: Retry = Retry {
        attempts: 1,
        deadline: None,
        until_known: false,
    };

    /// A few attempts without a deadline: registrations and messages to channels.
    pub const SOME: Retry = Retry {
        attempts: 4,
        deadline: None,
        until_known: false,
    };

    /// Edits, deletions and follow-ups of an interaction's messages: a few attempts, and an
    /// unknown webhook or message is waited for as well, for at most 0.25 + 0.5 + 1 + 2 s. A
    /// response given in the HTTP answer is not known to Discord's REST API at once, so the
    /// chart's edit that follows it could otherwise be lost.
    pub const INTERACTION_MESSAGES: Retry = Retry {
        attempts: 5,
        deadline: None,
        until_known: true,
    };

    /// A few attempts, the last one started before `deadline` (an interaction's 3 s).
    pub fn until(deadline: Instant) -> Retry {
        Retry {
            attempts: 4,
            deadline: Some(deadline),
            until_known: false,
        }
    }
}

/// Discord's REST API at `{base}/api/v10`, authenticated as the bot.
#[derive(Clone)]
pub struct Rest {
    client: reqwest::Client,
    api: String,
    authorization: String,
}

impl std::fmt::Debug for Rest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the Authorization header: it holds the token.
        f.debug_struct("Rest").field("api", &self.api).finish()
    }
}

/// The HTTP client every request to Discord goes through, the bot's own and serenity's. A test
/// adds its name resolution and trusted certificate to this same builder.
pub fn client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .user_agent(concat!(
            "DiscordBot (https://github.com/supportbot, ",
            env!("CARGO_PKG_VERSION"),
            ")"
        ))
}

/// [`client_builder`]'s client.
pub fn client() -> Result<reqwest::Client, RestError> {
    client_builder()
        .build()
        .map_err(|e| RestError::Network(e.to_string()))
}

impl Rest {
    pub fn new(config: &Config, token: &Token) -> Result<Rest, RestError> {
        Ok(Rest::with_client(client()?, config, token))
    }

    /// Discord's REST API through `client` (which may be shared with serenity's `Http`).
    pub fn with_client(client: reqwest::Client, config: &Config, token: &Token) -> Rest {
        Rest {
            client,
            api: format!("{}/api/v10", config.api_base),
            authorization: format!("Bot {}", token.expose()),
        }
    }

    /// `method path` with `body`, retried as `retry` allows. `Ok(None)` for 204 No Content.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&(impl Serialize + ?Sized)>,
        retry: Retry,
    ) -> Result<Option<Value>, RestError> {
        let body = body
            .map(|body| {
                let bytes =
                    serde_json::to_vec(body).map_err(|e| RestError::Encode(e.to_string()))?;
                Ok(Body {
                    content_type: "application/json".to_owned(),
                    bytes,
                })
            })
            .transpose()?;
        self.send(method, path, body, retry).await
    }

    /// [`Rest::call`] with files: `payload` as the form's `payload_json`, file `i` as
    /// `files[i]`, which the payload's `attachments` refer to by id `i`.
    pub async fn call_with_files(
        &self,
        method: Method,
        path: &str,
        payload: &(impl Serialize + ?Sized),
        files: &[(&str, &[u8])],
        retry: Retry,
    ) -> Result<Option<Value>, RestError> {
        let json = serde_json::to_vec(payload).map_err(|e| RestError::Encode(e.to_string()))?;
        let body = multipart(&json, files);
        self.send(method, path, Some(body), retry).await
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Body>,
        retry: Retry,
    ) -> Result<Option<Value>, RestError> {
        let mut attempt = 0;
        loop {
            // An attempt may not outlive the deadline by much: a hung request must not eat the
            // retries. A first attempt past it still goes out, for Discord to say it is late.
            let timeout = retry.deadline.map_or(REQUEST_TIMEOUT, |deadline| {
                deadline
                    .saturating_duration_since(Instant::now())
                    .clamp(SHORTEST_ATTEMPT, REQUEST_TIMEOUT)
            });
            let error = match self.once(method.clone(), path, body.clone(), timeout).await {
                Ok(value) => return Ok(value),
                Err(error) => error,
            };
            attempt += 1;
            let Some(wait) = error.retry_in(attempt - 1, retry.until_known) else {
                return Err(error);
            };
            let late = retry
                .deadline
                .is_some_and(|deadline| Instant::now() + wait >= deadline);
            if attempt >= retry.attempts || late || wait > LONGEST_WAIT {
                return Err(error);
            }
            tracing::info!(%method, path = redact(path), %error, ?wait, attempt, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    async fn once(
        &self,
        method: Method,
        path: &str,
        body: Option<Body>,
        timeout: Duration,
    ) -> Result<Option<Value>, RestError> {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.api))
            .timeout(timeout)
            .header(reqwest::header::AUTHORIZATION, &self.authorization);
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, body.content_type)
                .body(body.bytes);
        }
        let response = request
            .send()
            .await
            .map_err(|e| RestError::Network(e.without_url().to_string()))?;
        let status = response.status();
        let header_wait = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<f64>().ok());
        let bytes = response
            .bytes()
            .await
            .map_err(|e| RestError::Network(e.without_url().to_string()))?;
        let json = || serde_json::from_slice::<Value>(&bytes).ok();
        if !status.is_success() {
            metrics::counter!(crate::telemetry::DISCORD_ERRORS, "status" => status.as_u16().to_string())
                .increment(1);
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            // The body's retry_after is more precise than the header's.
            let body_wait = json().and_then(|v| v.get("retry_after").and_then(Value::as_f64));
            return Err(RestError::RateLimited(rate_limit_wait(
                body_wait,
                header_wait,
            )));
        }
        if status.is_server_error() {
            return Err(RestError::Server {
                status: status.as_u16(),
            });
        }
        if !status.is_success() {
            let body = json().unwrap_or(Value::Null);
            return Err(RestError::Refused {
                status: status.as_u16(),
                code: body.get("code").and_then(Value::as_i64).unwrap_or(0),
                message: body
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .chars()
                    .take(200)
                    .collect(),
            });
        }
        if bytes.is_empty() {
            return Ok(None);
        }
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| RestError::Decode(e.to_string()))
    }
}

/// A request body, kept whole so that a retry sends it again.
#[derive(Debug, Clone)]
struct Body {
    content_type: String,
    bytes: Vec<u8>,
}

/// `multipart/form-data` as Discord reads it: `payload_json`, then `files[i]`. The boundary is
/// one that occurs in no part.
fn multipart(json: &[u8], files: &[(&str, &[u8])]) -> Body {
    let occurs = |boundary: &[u8]| {
        std::iter::once(json)
            .chain(files.iter().map(|(_, bytes)| *bytes))
            .any(|part| part.windows(boundary.len()).any(|w| w == boundary))
    };
    let boundary = (0u32..)
        .map(|n| format!("supportbot-part-{n:08x}"))
        .find(|b| !occurs(b.as_bytes()))
        .unwrap_or_default();
    let mut bytes =
        Vec::with_capacity(json.len() + files.iter().map(|f| f.1.len() + 200).sum::<usize>() + 200);
    bytes.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n").as_bytes());
    bytes.extend_from_slice(json);
    for (i, (filename, file)) in files.iter().enumerate() {
        bytes.extend_from_slice(format!("\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"files[{i}]\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        bytes.extend_from_slice(file);
    }
    bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Body {
        content_type: format!("multipart/form-data; boundary={boundary}"),
        bytes,
    }
}

/// A path for the log: interaction and webhook tokens are credentials for 15 minutes.
pub fn redact(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    let mut out = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        let after = |name: &str, skip: usize| i > skip && parts[i - 1 - skip] == name;
        // /interactions/{id}/{token}/callback and /webhooks/{app}/{token}/...
        if after("interactions", 1) || after("webhooks", 1) {
            out.push("…");
        } else {
            out.push(part);
        }
    }
    out.join("/")
}

/// How long a 429 asks to wait: the body's `retry_after`, else the header's, else a second. The
/// values come from the network, so NaN, infinities and negatives are possible: a value that is
/// not a finite number is ignored, and the rest is kept within an hour.
fn rate_limit_wait(body: Option<f64>, header: Option<f64>) -> Duration {
    let seconds = body
        .filter(|s| s.is_finite())
        .or(header.filter(|s| s.is_finite()))
        .unwrap_or(1.0);
    Duration::try_from_secs_f64(seconds.clamp(0.0, 3600.0)).unwrap_or(Duration::from_secs(1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn any_retry_after_is_a_wait_within_an_hour() {
        let wait = super::rate_limit_wait;
        assert_eq!(wait(None, Some(f64::NAN)), Duration::from_secs(1));
        assert_eq!(wait(Some(f64::NAN), Some(2.0)), Duration::from_secs(2));
        assert_eq!(wait(Some(f64::INFINITY), None), Duration::from_secs(1));
        assert_eq!(wait(None, Some(f64::NEG_INFINITY)), Duration::from_secs(1));
        assert_eq!(wait(Some(-5.0), None), Duration::ZERO);
        assert_eq!(wait(Some(1e300), None), Duration::from_secs(3600));
        assert_eq!(wait(Some(0.25), Some(9.0)), Duration::from_millis(250));
        assert_eq!(wait(None, None), Duration::from_secs(1));
    }

    use super::*;

    #[test]
    fn tokens_in_paths_are_not_logged() {
        assert_eq!(
            redact("/interactions/123/secret-token/callback"),
            "/interactions/123/…/callback"
        );
        assert_eq!(
            redact("/webhooks/9/secret/messages/@original"),
            "/webhooks/9/…/messages/@original"
        );
        assert_eq!(redact("/channels/5/messages"), "/channels/5/messages");
    }

    #[test]
    fn only_what_can_succeed_later_is_retried() {
        let limited = RestError::RateLimited(Duration::from_millis(50));
        assert_eq!(limited.retry_in(3, false), Some(Duration::from_millis(50)));
        assert_eq!(
            RestError::Server { status: 502 }.retry_in(2, false),
            Some(Duration::from_millis(400))
        );
        let unknown = RestError::Refused {
            status: 404,
            code: 10062,
            message: "Unknown interaction".into(),
        };
        assert_eq!(unknown.retry_in(0, true), None);
        assert_eq!(unknown.code(), Some(10062));
    }

    #[test]
    fn an_unknown_webhook_or_message_is_waited_for_only_when_asked_and_briefly() {
        let not_yet = |code: i64| RestError::Refused {
            status: 404,
            code,
            message: "Unknown".into(),
        };
        for code in [UNKNOWN_WEBHOOK, UNKNOWN_MESSAGE] {
            assert_eq!(not_yet(code).retry_in(0, false), None);
            assert_eq!(
                not_yet(code).retry_in(0, true),
                Some(Duration::from_millis(250))
            );
            assert_eq!(
                not_yet(code).retry_in(3, true),
                Some(Duration::from_secs(2))
            );
            assert!(not_yet(code).retry_in(u32::MAX, true).is_some());
        }
        let forbidden = RestError::Refused {
            status: 403,
            code: UNKNOWN_WEBHOOK,
            message: "Missing Access".into(),
        };
        assert_eq!(forbidden.retry_in(0, true), None);
        let budget: Duration = (0..Retry::INTERACTION_MESSAGES.attempts - 1)
            .filter_map(|attempt| not_yet(UNKNOWN_MESSAGE).retry_in(attempt, true))
            .sum();
        assert_eq!(budget, Duration::from_millis(3750));
    }
}
