//! Interactions: a slash command, a button on a case, or an option being typed, turned into the
//! engine's request; the reply sent back within Discord's three seconds.

use std::sync::Mutex;

use chrono_tz::Tz;
use reqwest::Method;
use serde_json::{Value, json};
use serenity::all::{
    AutocompleteChoice, CommandData, CommandDataOptionValue, CommandInteraction,
    ComponentInteraction, CreateAutocompleteResponse, CreateInteractionResponse,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, EditInteractionResponse,
    InteractionId, Member, User,
};
use tokio::sync::oneshot;
use tokio::time::{Duration, Instant};

use super::render::{Rendered, answer_button, clicked_answer, embed, render, with_times_in};
use super::rest::Retry;
use super::{Bot, Config};
use crate::cmd;
use crate::engine::{Caller, Chart, Outcome, Reply, Request, Role, UserId};
use crate::i18n::{Language, Msg};

/// Discord forgets an interaction not answered within three seconds.
pub(super) const ANSWER_WITHIN: Duration = Duration::from_secs(3);
/// How long an HTTP interaction waits for the engine before it is deferred [D]: the response
/// still has a second to reach Discord, and a deferral's edit comes after it by at least the time
/// the engine takes to finish.
const ANSWER_IN_RESPONSE_WITHIN: Duration = Duration::from_secs(2);
/// Discord's answer to an interaction it no longer knows (answered too late).
const UNKNOWN_INTERACTION: i64 = 10062;
/// Discord's answer to a second response: an earlier attempt was taken after all.
const ALREADY_ACKNOWLEDGED: i64 = 40060;
/// The name a chart is attached under.
const CHART_FILE: &str = "stats.png";
/// Autocomplete answers at most this many suggestions.
const SUGGESTIONS: usize = 25;
/// A suggestion's name and value, in characters.
const SUGGESTION_CHARS: usize = 100;

/// A command's path (`case file`), its options as text, and the option being typed, if any.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub command: String,
    pub options: Vec<(String, String)>,
    pub focused: Option<(String, String)>,
}

pub fn parse(data: &CommandData) -> Parsed {
    let mut parsed = Parsed {
        command: data.name.clone(),
        ..Parsed::default()
    };
    let mut level = &data.options;
    // A subcommand (or a group's) is the only option at its level and holds the real ones.
    while let Some(option) = level.first() {
        match &option.value {
            CommandDataOptionValue::SubCommand(inner)
            | CommandDataOptionValue::SubCommandGroup(inner) => {
                parsed.command.push(' ');
                parsed.command.push_str(&option.name);
                level = inner;
            }
            _ => break,
        }
    }
    for option in level {
        let value = match &option.value {
            CommandDataOptionValue::String(s) => s.clone(),
            CommandDataOptionValue::Integer(n) => n.to_string(),
            CommandDataOptionValue::Number(n) => n.to_string(),
            CommandDataOptionValue::Boolean(b) => b.to_string(),
            CommandDataOptionValue::User(id) => id.to_string(),
            CommandDataOptionValue::Role(id) => id.to_string(),
            CommandDataOptionValue::Channel(id) => id.to_string(),
            CommandDataOptionValue::Mentionable(id) => id.to_string(),
            CommandDataOptionValue::Autocomplete { value, .. } => {
                parsed.focused = Some((option.name.clone(), value.clone()));
                continue;
            }
            // No manifest declares attachments; anything else is a newer type we cannot read.
            other => {
                tracing::debug!(option = %option.name, kind = ?other.kind(), "option ignored");
                continue;
            }
        };
        parsed.options.push((option.name.clone(), value));
    }
    parsed
}

/// Admins have a configured admin role or may manage the server; agents have a configured
/// agent role; everybody else (and everybody in a DM, where there are no roles) is a customer.
pub fn role(config: &Config, member: Option<&Member>) -> Role {
    let Some(member) = member else {
        return Role::Customer;
    };
    let manages = member
        .permissions
        .is_some_and(|p| p.manage_guild() || p.administrator());
    role_of(config, member.roles.iter().map(|r| r.get()), manages)
}

pub fn role_of(config: &Config, roles: impl Iterator<Item = u64> + Clone, manages: bool) -> Role {
    let has = |configured: &[u64]| roles.clone().any(|r| configured.contains(&r));
    if manages || has(&config.admin_roles) {
        Role::Admin
    } else if has(&config.agent_roles) {
        Role::Agent
    } else {
        Role::Customer
    }
}

/// Where an interaction's first response goes.
pub(super) enum ReplyTo {
    /// An interaction from the gateway: answered by a REST callback.
    Callback,
    /// An interaction posted to the HTTP endpoint: answered in the HTTP response, which waits
    /// for the one value this sender carries.
    Response(Mutex<Option<oneshot::Sender<Value>>>),
}

/// Where an interaction is answered.
#[derive(Clone, Copy)]
pub(super) struct Target<'a> {
    pub id: InteractionId,
    pub token: &'a str,
    pub received: Instant,
    pub reply_to: &'a ReplyTo,
}

impl Bot {
    fn caller(&self, user: &User, member: Option<&Member>, locale: &str, channel: u64) -> Caller {
        Caller {
            user: UserId(user.id.get()),
            role: role(&self.config, member),
            language: Language::from_locale(locale),
            team_channel: self.config.team_channels.contains(&channel),
        }
    }

    pub(super) async fn command(&self, interaction: CommandInteraction, reply_to: &ReplyTo) {
        let target = Target {
            id: interaction.id,
            token: &interaction.token,
            received: Instant::now(),
            reply_to,
        };
        let parsed = parse(&interaction.data);
        let request = Request {
            caller: self.caller(
                &interaction.user,
                interaction.member.as_deref(),
                &interaction.locale,
                interaction.channel_id.get(),
            ),
            command: parsed.command,
            options: parsed.options,
        };
        self.answer(target, request, None).await;
    }

    /// A button of a case message: the same command, checked the same way, for whoever clicked.
    pub(super) async fn component(&self, interaction: ComponentInteraction, reply_to: &ReplyTo) {
        let target = Target {
            id: interaction.id,
            token: &interaction.token,
            received: Instant::now(),
            reply_to,
        };
        let caller = self.caller(
            &interaction.user,
            interaction.member.as_ref(),
            &interaction.locale,
            interaction.channel_id.get(),
        );
        let custom_id = &interaction.data.custom_id;
        // The button under a private answer's pointer: its question, for whoever clicked, in
        // the zone it asked to see times in; checked as the typed command would be.
        if answer_button(custom_id).is_some() {
            let me = self.me.load(std::sync::atomic::Ordering::Relaxed);
            let message = &interaction.message;
            let Some((zone, parsed)) = clicked_answer(
                custom_id,
                message.author.id.get(),
                &message.components,
                &[me, self.application_id],
                &self.intents,
            ) else {
                tracing::warn!(%custom_id, message = %message.id, "answer button refused");
                self.refuse_button(target, caller.language).await;
                return;
            };
            let request = Request {
                caller,
                command: parsed.command,
                options: parsed.options,
            };
            self.answer(target, request, Some(zone)).await;
            return;
        }
        let Some((command, id)) = button_command(custom_id) else {
            tracing::warn!(%custom_id, "unknown button");
            return;
        };
        let request = Request {
            caller,
            command: command.to_owned(),
            options: vec![("id".to_owned(), id.to_owned())],
        };
        self.answer(target, request, None).await;
    }

    pub(super) async fn autocomplete(&self, interaction: CommandInteraction, reply_to: &ReplyTo) {
        let target = Target {
            id: interaction.id,
            token: &interaction.token,
            received: Instant::now(),
            reply_to,
        };
        let parsed = parse(&interaction.data);
        let Some((option, prefix)) = parsed.focused else {
            return;
        };
        let caller = self.caller(
            &interaction.user,
            interaction.member.as_deref(),
            &interaction.locale,
            interaction.channel_id.get(),
        );
        let found = self
            .engine
            .suggestions(caller, parsed.command, option, prefix, SUGGESTIONS)
            .await;
        let choices = found
            .into_iter()
            .map(|(name, value)| {
                let cut = |s: String| s.chars().take(SUGGESTION_CHARS).collect::<String>();
                AutocompleteChoice::new(cut(name), cut(value))
            })
            .collect();
        let response = CreateInteractionResponse::Autocomplete(
            CreateAutocompleteResponse::new().set_choices(choices),
        );
        self.respond(target, &response).await;
    }

    /// Answers a request: at once when the engine is quick. From the gateway, commands that
    /// keep records are deferred first (they wait for a disk flush), then the deferral is edited.
    /// Over HTTP, Discord waits for the response anyway: the answer goes in it when the engine
    /// gives it in time, else the interaction is deferred then and the deferral edited.
    /// `privately_in` is the answer button's zone: its answer is private wherever it is clicked,
    /// as its label promises, and shows times in that zone too.
    async fn answer(&self, target: Target<'_>, request: Request, privately_in: Option<Tz>) {
        let keeps_records = cmd::spec(&request.command).is_some_and(|s| s.uses_store);
        let forced_private = privately_in.is_some();
        // The deferral must say now whether the answer is private; the engine makes these
        // commands' replies private outside team channels, and a mismatch is fixed below.
        let private = forced_private || !request.caller.team_channel;
        let defer = CreateInteractionResponse::Defer(
            CreateInteractionResponseMessage::new().ephemeral(private),
        );
        let (reply, deferred_private) = match target.reply_to {
            ReplyTo::Callback if keeps_records => {
                if !self.respond(target, &defer).await {
                    // Nobody would see the outcome: do not change records for it.
                    return;
                }
                (self.engine.answer(request.clone()).await, Some(private))
            }
            ReplyTo::Callback => (self.engine.answer(request.clone()).await, None),
            ReplyTo::Response(_) => {
                let answer = self.engine.answer(request.clone());
                tokio::pin!(answer);
                let soon = target.received + ANSWER_IN_RESPONSE_WITHIN;
                match tokio::time::timeout_at(soon, &mut answer).await {
                    Ok(reply) => (reply, None),
                    Err(_) => {
                        // Deferred only now: the engine keeps working either way, so the
                        // outcome is edited in if the deferral got through.
                        let deferred = self.respond(target, &defer).await;
                        let reply = answer.await;
                        if !deferred {
                            tracing::warn!(interaction = %target.id, outcome = ?reply.outcome, "answered after the HTTP response was gone");
                            return;
                        }
                        (reply, Some(private))
                    }
                }
            }
        };
        let mut reply = with_times_in(
            reply,
            self.engine.catalog(),
            request.caller.language,
            privately_in,
        );
        reply.private |= forced_private;
        // Drawn only once the first response is out: it must not eat Discord's three seconds.
        let chart = match &reply.chart {
            Some(chart) if reply.outcome == Outcome::Answered => Some((**chart).clone()),
            _ => None,
        };
        let Rendered {
            content,
            embed,
            follow_ups,
            allowed_mentions,
            components,
        } = render(&reply, &request, &self.intents);
        match deferred_private {
            None => {
                let mut message = CreateInteractionResponseMessage::new()
                    .embed(embed)
                    .allowed_mentions(allowed_mentions)
                    .components(components)
                    .ephemeral(reply.private);
                if !content.is_empty() {
                    message = message.content(content);
                }
                let answered = self
                    .respond(target, &CreateInteractionResponse::Message(message))
                    .await;
                // The first response is JSON only: the chart follows as an edit.
                if let Some(chart) = chart.filter(|_| answered)
                    && let Some(png) = chart_png(chart).await
                {
                    let attach = json!({ "attachments": [{ "id": 0, "filename": CHART_FILE }] });
                    self.webhook_with_chart(target, &attach, &png).await;
                }
            }
            // Deferred in public but the answer is private (a refusal in a team channel): the
            // public placeholder goes, the answer follows privately.
            Some(false) if reply.private => {
                self.webhook(
                    Method::DELETE,
                    target,
                    "/messages/@original",
                    None::<&Value>,
                )
                .await;
                let mut message = CreateInteractionResponseFollowup::new()
                    .embed(embed)
                    .allowed_mentions(allowed_mentions)
                    .components(components)
                    .ephemeral(true);
                if !content.is_empty() {
                    message = message.content(content);
                }
                self.webhook(Method::POST, target, "", Some(&message)).await;
            }
            Some(_) => {
                let mut edit = EditInteractionResponse::new()
                    .embed(embed)
                    .allowed_mentions(allowed_mentions)
                    .components(components);
                if !content.is_empty() {
                    edit = edit.content(content);
                }
                let png = match chart {
                    Some(chart) => chart_png(chart).await,
                    None => None,
                };
                match png {
                    Some(png) => match serde_json::to_value(&edit) {
                        Ok(mut edit) => {
                            edit["attachments"] = json!([{ "id": 0, "filename": CHART_FILE }]);
                            self.webhook_with_chart(target, &edit, &png).await;
                        }
                        Err(error) => {
                            tracing::error!(interaction = %target.id, %error, "edit not encodable");
                        }
                    },
                    None => {
                        self.webhook(Method::PATCH, target, "/messages/@original", Some(&edit))
                            .await;
                    }
                }
            }
        }
        // Pages that did not fit the first message follow it, as private as it is.
        for embed in follow_ups {
            let page = CreateInteractionResponseFollowup::new()
                .embed(embed)
                .allowed_mentions(super::render::allowed_mentions(&[], &[]))
                .ephemeral(reply.private);
            self.webhook(Method::POST, target, "", Some(&page)).await;
        }
    }

    /// Says privately that a button cannot be answered, and what to do instead.
    async fn refuse_button(&self, target: Target<'_>, language: Language) {
        let messages = self.engine.catalog().messages();
        let reply = Reply::bad_input(
            messages.get(Msg::ErrorTitle, language),
            messages.get(Msg::RefuseButton, language),
        );
        let message = CreateInteractionResponseMessage::new()
            .embed(embed(&reply))
            .allowed_mentions(super::render::allowed_mentions(&[], &[]))
            .ephemeral(true);
        self.respond(target, &CreateInteractionResponse::Message(message))
            .await;
    }

    /// The initial response; false when none could be given (too late, or Discord refused).
    async fn respond(&self, target: Target<'_>, response: &CreateInteractionResponse) -> bool {
        if let ReplyTo::Response(slot) = target.reply_to {
            let sender = slot
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take();
            let body = match serde_json::to_value(response) {
                Ok(body) => body,
                Err(error) => {
                    tracing::error!(interaction = %target.id, %error, "response not encodable");
                    return false;
                }
            };
            // No sender: already answered. A closed one: the HTTP request ended (too late).
            return sender.is_some_and(|sender| sender.send(body).is_ok());
        }
        let path = format!("/interactions/{}/{}/callback", target.id, target.token);
        let retry = Retry::until(target.received + ANSWER_WITHIN);
        match self
            .rest
            .call(Method::POST, &path, Some(response), retry)
            .await
        {
            Ok(_) => true,
            Err(error) if error.code() == Some(ALREADY_ACKNOWLEDGED) => {
                tracing::debug!(interaction = %target.id, "an earlier attempt was taken");
                true
            }
            Err(error) if error.code() == Some(UNKNOWN_INTERACTION) => {
                tracing::warn!(
                    interaction = %target.id,
                    after = ?target.received.elapsed(),
                    "interaction expired before it was answered"
                );
                false
            }
            Err(error) => {
                tracing::error!(interaction = %target.id, %error, "interaction not answered");
                false
            }
        }
    }

    /// An edit of the interaction's first message that attaches the chart `png`.
    async fn webhook_with_chart(&self, target: Target<'_>, edit: &Value, png: &[u8]) {
        let path = format!(
            "/webhooks/{}/{}/messages/@original",
            self.application_id, target.token
        );
        if let Err(error) = self
            .rest
            .call_with_files(
                Method::PATCH,
                &path,
                edit,
                &[(CHART_FILE, png)],
                Retry::INTERACTION_MESSAGES,
            )
            .await
        {
            tracing::error!(interaction = %target.id, %error, "chart not delivered");
        }
    }

    /// An edit, deletion or follow-up of the interaction's messages (its token lives 15 min).
    async fn webhook(
        &self,
        method: Method,
        target: Target<'_>,
        rest_of_path: &str,
        body: Option<&(impl serde::Serialize + ?Sized)>,
    ) {
        let path = format!(
            "/webhooks/{}/{}{rest_of_path}",
            self.application_id, target.token
        );
        if let Err(error) = self
            .rest
            .call(method.clone(), &path, body, Retry::INTERACTION_MESSAGES)
            .await
        {
            tracing::error!(interaction = %target.id, %method, %error, "answer not delivered");
        }
    }
}

/// The chart as PNG, drawn off the runtime's threads; `None` (and logged) when it cannot be:
/// the text answer goes without it.
async fn chart_png(chart: Chart) -> Option<Vec<u8>> {
    match tokio::task::spawn_blocking(move || crate::render::chart::png(&chart)).await {
        Ok(Ok(png)) => Some(png),
        Ok(Err(error)) => {
            tracing::error!(%error, "the chart was not drawn");
            None
        }
        Err(error) => {
            tracing::error!(%error, "the chart was not drawn");
            None
        }
    }
}

/// `case:respond:42` → (`case respond`, `42`): the buttons `render` puts on a case.
fn button_command(custom_id: &str) -> Option<(&'static str, &str)> {
    let mut parts = custom_id.split(':');
    let command = match (parts.next()?, parts.next()?) {
        ("case", "respond") => "case respond",
        ("case", "show") => "case show",
        _ => return None,
    };
    let id = parts
        .next()
        .filter(|id| id.chars().all(|c| c.is_ascii_digit()))?;
    parts.next().is_none().then_some((command, id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn subcommands_become_the_command_path() {
        let data: CommandData = serde_json::from_value(json!({
            "id": "1", "name": "case", "type": 1,
            "options": [{ "name": "list", "type": 1, "options": [
                { "name": "breaching", "type": 5, "value": true },
                { "name": "page", "type": 4, "value": 2 },
                { "name": "org", "type": 3, "value": "ac", "focused": true },
            ]}],
        }))
        .unwrap();
        assert_eq!(
            parse(&data),
            Parsed {
                command: "case list".into(),
                options: vec![
                    ("breaching".into(), "true".into()),
                    ("page".into(), "2".into())
                ],
                focused: Some(("org".into(), "ac".into())),
            }
        );
    }

    #[test]
    fn roles_come_from_configured_ids_or_manage_server() {
        let config = Config {
            admin_roles: vec![1],
            agent_roles: vec![2],
            ..Config::default()
        };
        assert_eq!(role_of(&config, [2, 1].into_iter(), false), Role::Admin);
        assert_eq!(role_of(&config, [2].into_iter(), false), Role::Agent);
        assert_eq!(role_of(&config, [3].into_iter(), true), Role::Admin);
        assert_eq!(role_of(&config, [3].into_iter(), false), Role::Customer);
        assert_eq!(role(&config, None), Role::Customer);
    }

    #[test]
    fn only_the_bots_own_buttons_are_understood() {
        assert_eq!(
            button_command("case:respond:42"),
            Some(("case respond", "42"))
        );
        assert_eq!(button_command("case:show:7"), Some(("case show", "7")));
        assert_eq!(button_command("case:close:7"), None);
        assert_eq!(button_command("case:show:7:x"), None);
        assert_eq!(button_command("case:show:abc"), None);
    }
}
