//! Reminders posted to Discord channels: one attempt per call, the outcome mapped to what the
//! reminder sender does next (wait, retry later, or set the message aside).

use reqwest::Method;
use serenity::all::{ButtonStyle, CreateActionRow, CreateButton, CreateMessage, Nonce};

use super::DiscordError;
use super::render::{allowed_mentions, markdown};
use super::rest::{Rest, RestError, Retry};
use crate::config::Config;
use crate::domain::ids::Language;
use crate::i18n::Localized;
use crate::intents::{ChatText, Intents};
use crate::reminders::{Notifier, Outgoing, SendError};

/// Posts reminders with `POST /channels/{id}/messages`.
pub struct DiscordNotifier {
    rest: Rest,
    labels: Option<ButtonLabels>,
}

/// The labels of the buttons on a reminder, in each language.
struct ButtonLabels {
    respond: Localized,
    show: Localized,
}

impl ButtonLabels {
    fn from(intents: &Intents) -> ButtonLabels {
        let each = |text: ChatText| Localized {
            en: intents.text(text, Language::En).to_owned(),
            zh_tw: intents.text(text, Language::ZhTw).to_owned(),
            ja: intents.text(text, Language::Ja).to_owned(),
        };
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
        })
    }

    /// Reminders of a few cases get a row of buttons per case, as case replies do.
    pub(super) fn with_rest(rest: Rest, intents: &Intents) -> DiscordNotifier {
        DiscordNotifier {
            rest,
            labels: Some(ButtonLabels::from(intents)),
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

impl Notifier for DiscordNotifier {
    async fn send(&self, message: &Outgoing) -> Result<(), SendError> {
        // The nonce makes Discord drop a resend of a message it took but whose answer was lost;
        // only the roles and users the reminder names may be pinged.
        let body = CreateMessage::new()
            .content(markdown(&message.content))
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
