//! Where reminder messages go: a transport implements [`Notifier`] (Discord posts to a channel,
//! the console prints). The sender hands it one composed message at a time and keeps the message
//! in its durable outbox until `send` says it was accepted.

use std::future::Future;
use std::time::Duration;

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

pub trait Notifier: Send + Sync + 'static {
    fn send(&self, message: &Outgoing) -> impl Future<Output = Result<(), SendError>> + Send;
}
