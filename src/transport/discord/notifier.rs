//! Reminders posted to Discord channels: one attempt per call, the outcome mapped to what the
//! reminder sender does next (wait, retry later, or set the message aside).

use reqwest::Method;
use serenity::all::{CreateMessage, Nonce};

use super::DiscordError;
use super::render::allowed_mentions;
use super::rest::{Rest, RestError, Retry};
use crate::config::Config;
use crate::reminders::{Notifier, Outgoing, SendError};

/// Posts reminders with `POST /channels/{id}/messages`.
pub struct DiscordNotifier {
    rest: Rest,
}

impl DiscordNotifier {
    pub fn new(config: &Config) -> Result<DiscordNotifier, DiscordError> {
        let token = config.require_token()?;
        Ok(DiscordNotifier {
            rest: Rest::new(config, token)?,
        })
    }

    pub(super) fn with_rest(rest: Rest) -> DiscordNotifier {
        DiscordNotifier { rest }
    }
}

impl Notifier for DiscordNotifier {
    async fn send(&self, message: &Outgoing) -> Result<(), SendError> {
        // The nonce makes Discord drop a resend of a message it took but whose answer was lost;
        // only the roles and users the reminder names may be pinged.
        let body = CreateMessage::new()
            .content(message.content.clone())
            .nonce(Nonce::String(message.nonce.clone()))
            .enforce_nonce(true)
            .allowed_mentions(allowed_mentions(&message.ping_roles, &message.ping_users));
        let path = format!("/channels/{}/messages", message.channel);
        match self
            .rest
            .call(Method::POST, &path, Some(&body), Retry::ONCE)
            .await
        {
            // An unreadable 2xx answer still means Discord took the message.
            Ok(_) | Err(RestError::Decode(_)) => Ok(()),
            Err(RestError::RateLimited(wait)) => Err(SendError::RetryAfter(wait)),
            Err(error @ (RestError::Server { .. } | RestError::Network(_))) => {
                Err(SendError::Transient(error.to_string()))
            }
            // A rejected token is the bot's problem, not the message's: keep it for later.
            Err(error @ RestError::Refused { status: 401, .. }) => {
                Err(SendError::Transient(error.to_string()))
            }
            Err(error @ (RestError::Refused { .. } | RestError::Encode(_))) => {
                Err(SendError::Rejected(error.to_string()))
            }
        }
    }
}
