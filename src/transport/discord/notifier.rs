//! Reminders posted to Discord channels: one attempt per call, the outcome mapped to what the
//! reminder sender does next (wait, retry later, or set the message aside); and the lookup of
//! a reminder among the bot's messages in its channel, for a resend the nonce no longer covers.

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::Deserialize;
use serenity::all::{
    ButtonStyle, CreateActionRow, CreateButton, CreateMessage, MessageId, Nonce, UserId,
};
use tokio::sync::OnceCell;

use super::DiscordError;
use super::render::{allowed_mentions, markdown};
use super::rest::{Rest, RestError, Retry};
use crate::config::Config;
use crate::i18n::Localized;
use crate::intents::{ChatText, Intents};
use crate::reminders::{Notifier, Outgoing, Seen, SendError};

/// Posts reminders with `POST /channels/{id}/messages`.
pub struct DiscordNotifier {
    rest: Rest,
    labels: Option<ButtonLabels>,
    me: OnceCell<UserId>,
}

/// The labels of the buttons on a reminder, in each language.
struct ButtonLabels {
    respond: Localized,
    show: Localized,
}

impl ButtonLabels {
    fn from(intents: &Intents) -> ButtonLabels {
        let each = |text: ChatText| Localized::from_fn(|l| intents.text(text, l).to_owned());
        ButtonLabels {
            respond: each(ChatText::ButtonRespond),
            show: each(ChatText::ButtonShow),
        }
    }
}

impl DiscordNotifier {
    /// A notifier that posts reminders as plain messages, without buttons.
    pub fn new(config: &Config) -> Result<DiscordNotifier, DiscordError> {
        let token = config.require_token()?;
        Ok(DiscordNotifier {
            rest: Rest::new(config, token)?,
            labels: None,
            me: OnceCell::new(),
        })
    }

    /// Reminders of a few cases get a row of buttons per case, as case replies do.
    pub(super) fn with_rest(rest: Rest, intents: &Intents) -> DiscordNotifier {
        DiscordNotifier {
            rest,
            labels: Some(ButtonLabels::from(intents)),
            me: OnceCell::new(),
        }
    }

    fn buttons(&self, message: &Outgoing) -> Vec<CreateActionRow> {
        let Some(labels) = &self.labels else {
            return Vec::new();
        };
        message
            .cases
            .iter()
            .map(|case| {
                CreateActionRow::Buttons(vec![
                    CreateButton::new(format!("case:respond:{}", case.0))
                        .label(format!("{} · {case}", labels.respond.get(message.language)))
                        .style(ButtonStyle::Primary),
                    CreateButton::new(format!("case:show:{}", case.0))
                        .label(labels.show.get(message.language))
                        .style(ButtonStyle::Secondary),
                ])
            })
            .collect()
    }
}

/// Discord's epoch (2015-01-01) in Unix milliseconds: a message id is its creation time since
/// then, shifted left by 22 bits.
const DISCORD_EPOCH_MS: i64 = 1_420_070_400_000;
/// Discord's largest page of channel messages.
const PAGE: usize = 100;
/// How many pages a lookup reads at most: a channel busier than this since the first attempt
/// is searched only so far.
const MAX_PAGES: usize = 20;

/// The smallest message id Discord could give a message created at `at` or later, less one.
fn id_before(at: DateTime<Utc>) -> u64 {
    let ms = at
        .timestamp_millis()
        .saturating_sub(DISCORD_EPOCH_MS)
        .max(0);
    u64::try_from(ms)
        .unwrap_or(0)
        .saturating_mul(1 << 22)
        .saturating_sub(1)
}

/// The parts of a Message from the channel's history that identify one of the bot's reminders.
#[derive(Deserialize)]
struct Posted {
    id: MessageId,
    author: Author,
    #[serde(default)]
    content: String,
}

#[derive(Deserialize)]
struct Author {
    id: UserId,
}

#[derive(Deserialize)]
struct Me {
    id: UserId,
}

/// How a failed request maps to what the reminder sender does next.
fn outcome(error: RestError) -> SendError {
    match error {
        RestError::RateLimited(wait) => SendError::RetryAfter(wait),
        error @ (RestError::Server { .. } | RestError::Network(_) | RestError::Decode(_)) => {
            SendError::Transient(error.to_string())
        }
        // A rejected token is the bot's problem, not the message's: keep it for later.
        error @ RestError::Refused { status: 401, .. } => SendError::Transient(error.to_string()),
        error @ (RestError::Refused { .. } | RestError::Encode(_)) => {
            SendError::Rejected(error.to_string())
        }
    }
}

impl DiscordNotifier {
    /// The bot's own user id, asked once: only its messages count in a lookup, so a marker
    /// typed by someone else cannot silence a reminder.
    async fn me(&self) -> Result<UserId, SendError> {
        self.me
            .get_or_try_init(|| async {
                let answer = self
                    .rest
                    .call(Method::GET, "/users/@me", None::<&()>, Retry::ONCE)
                    .await
                    .map_err(outcome)?;
                let me: Me = serde_json::from_value(answer.unwrap_or_default())
                    .map_err(|e| SendError::Transient(format!("unreadable /users/@me: {e}")))?;
                Ok(me.id)
            })
            .await
            .copied()
    }
}

impl Notifier for DiscordNotifier {
    /// Reads the channel's messages newer than `since`, oldest page first, with
    /// `GET /channels/{id}/messages?limit=100&after=…`.
    async fn find(&self, message: &Outgoing, since: DateTime<Utc>) -> Result<Seen, SendError> {
        let me = self.me().await?;
        let mut after = id_before(since);
        for _ in 0..MAX_PAGES {
            let path = format!(
                "/channels/{}/messages?limit={PAGE}&after={after}",
                message.channel
            );
            let answer = self
                .rest
                .call(Method::GET, &path, None::<&()>, Retry::ONCE)
                .await
                .map_err(outcome)?;
            let page: Vec<Posted> = serde_json::from_value(answer.unwrap_or_default())
                .map_err(|e| SendError::Transient(format!("unreadable channel history: {e}")))?;
            if page
                .iter()
                .any(|posted| posted.author.id == me && message.is_marked_in(&posted.content))
            {
                return Ok(Seen::Found);
            }
            match page.iter().map(|posted| posted.id.get()).max() {
                Some(newest) if page.len() >= PAGE => after = newest,
                _ => return Ok(Seen::NotFound),
            }
        }
        tracing::warn!(
            channel = message.channel,
            pages = MAX_PAGES,
            "reminder not found in the channel's recent history; sending again"
        );
        Ok(Seen::NotFound)
    }

    async fn send(&self, message: &Outgoing) -> Result<(), SendError> {
        // The nonce makes Discord drop a resend of a message it took but whose answer was lost,
        // for a few minutes; the marker line lets `find` recognise it after that. Only the roles
        // and users the reminder names may be pinged.
        let body = CreateMessage::new()
            // The marker line is the bot's own markup: it goes through as it is.
            .content(markdown(&message.marked_content()))
            .nonce(Nonce::String(message.nonce.clone()))
            .enforce_nonce(true)
            .allowed_mentions(allowed_mentions(&message.ping_roles, &message.ping_users))
            .components(self.buttons(message));
        let path = format!("/channels/{}/messages", message.channel);
        match self
            .rest
            .call(Method::POST, &path, Some(&body), Retry::ONCE)
            .await
        {
            // An unreadable 2xx answer still means Discord took the message.
            Ok(_) | Err(RestError::Decode(_)) => Ok(()),
            Err(error) => Err(outcome(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_bound_is_just_below_the_first_id_of_that_millisecond() {
        // Discord's documented example: id 175928847299117063 was created at 1462015105796 ms.
        let at = DateTime::from_timestamp_millis(1_462_015_105_796).unwrap_or_default();
        let bound = id_before(at);
        assert!(bound < 175_928_847_299_117_063);
        assert_eq!((bound + 1) >> 22, 175_928_847_299_117_063 >> 22);
        assert_eq!(id_before(DateTime::<Utc>::MIN_UTC), 0);
        assert_eq!(id_before(DateTime::<Utc>::MAX_UTC), u64::MAX - 1);
    }
}
