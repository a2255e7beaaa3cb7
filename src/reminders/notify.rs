//! Where reminder messages go: a transport implements [`Notifier`] (Discord posts to a channel,
//! the console prints). The sender hands it one composed message at a time and keeps the message
//! in its durable outbox until `send` says it was accepted.

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use crate::domain::reminders::Outgoing;

/// Why a message was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Rate limited: try again after this long.
    #[error("rate limited for {0:?}")]
    RetryAfter(Duration),
    /// A transient failure (5xx, connection): try again later.
    #[error("transient failure: {0}")]
    Transient(String),
    /// The message can never be accepted as it is (unknown channel, no permission): retrying
    /// will not help, so it is set aside and logged, not resent forever.
    #[error("rejected: {0}")]
    Rejected(String),
}

/// What a channel's history says about a message whose earlier attempt may have been accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// The bot posted it: it was accepted, whatever became of the answer.
    Found,
    /// Not among the bot's messages since the first attempt: it was never accepted.
    NotFound,
    /// This notifier keeps no history to look in.
    NoHistory,
}

pub trait Notifier: Send + Sync + 'static {
    /// One attempt to deliver `message`. A notifier with history posts
    /// `Outgoing::marked_content`, so that [`Notifier::find`] can recognise it later.
    fn send(&self, message: &Outgoing) -> impl Future<Output = Result<(), SendError>> + Send;

    /// Looks for `message` among what the bot posted to its channel since `since`. The sender
    /// asks before a resend that the nonce no longer covers. A notifier without history (the
    /// console, which prints once and is marked sent right after) answers `NoHistory`, and the
    /// message goes out again only if the process died between the two.
    fn find(
        &self,
        message: &Outgoing,
        since: DateTime<Utc>,
    ) -> impl Future<Output = Result<Seen, SendError>> + Send {
        let _ = (message, since);
        std::future::ready(Ok(Seen::NoHistory))
    }
}
