//! Plain-language questions in chat: a mention of the bot, a DM, or any message in a help
//! channel. A question the intents place gets the command's answer; a question in a mention or DM
//! that cannot be placed gets suggestions in its language; anything else, a statement that reads
//! like a question included, is left alone.

use reqwest::Method;
use serenity::all::{
    ButtonStyle, ChannelId, CreateActionRow, CreateButton, CreateMessage, Message, Nonce,
};

use super::Bot;
use super::interaction::role_of;
use super::render::{Rendered, answer_button_id, render, with_times_in};
use super::rest::Retry;
use crate::engine::{Caller, Request, UserId};
use crate::i18n::Language;
use crate::intents::{ChatText, Reading};

impl Bot {
    pub(super) async fn chat(&self, message: Message) {
        if message.author.bot {
            return;
        }
        let me = self.me.load(std::sync::atomic::Ordering::Relaxed);
        let direct = message.guild_id.is_none();
        let mentioned = message.mentions.iter().any(|u| u.id.get() == me);
        let channel = message.channel_id.get();
        let help_channel = self.config.help_channels.contains(&channel);
        if !(direct || mentioned || help_channel) {
            return;
        }
        if self.intents.may_be_a_question(&message.content) {
            self.learned().await;
        }
        // "our p1 got fixed, thanks all" tells the channel something; it asks the bot nothing,
        // and is read as ignored.
        let question = match self
            .intents
            .read_in_chat(&message.content, self.engine.now())
        {
            Reading::Question(question) => question,
            Reading::Unplaced(language) if direct || mentioned => {
                let text = self.intents.text(ChatText::Unplaced, language);
                self.say(&message, text.to_owned()).await;
                return;
            }
            // Small talk, links and code are not for the bot; in a help channel, neither is a
            // message it cannot place (people there also talk to each other).
            Reading::Unplaced(_) | Reading::Ignored => return,
        };
        // MESSAGE_CREATE carries the member's roles but not their permissions: only configured
        // roles count here.
        let roles = message
            .member
            .as_ref()
            .map(|m| m.roles.iter().map(|r| r.get()).collect::<Vec<_>>())
            .unwrap_or_default();
        let request = Request {
            caller: Caller {
                user: UserId(message.author.id.get()),
                role: role_of(&self.config, roles.into_iter(), false),
                language: question.language,
                team_channel: self.config.team_channels.contains(&channel),
            },
            command: question.command.clone(),
            options: question.options.clone(),
        };
        tracing::debug!(command = %question.command, "plain-language question");
        let reply = self.engine.answer(request.clone()).await;
        if reply.private && !direct {
            // A channel message cannot be shown to one person: point at the command, whose
            // answer Discord shows only to them. The command has no option for the zone the
            // question asked to see times in: a button under the pointer carries it, and
            // answers privately whoever clicks.
            let line = question.line();
            let mut out = CreateMessage::new()
                .content(self.private_pointer(question.language, &line))
                .allowed_mentions(super::render::allowed_mentions(&[], &[]));
            if let Some(id) = question
                .shown_in
                .and_then(|zone| answer_button_id(zone, &line))
            {
                out = out.components(vec![CreateActionRow::Buttons(vec![
                    CreateButton::new(id)
                        .label(self.intents.text(ChatText::ButtonAnswer, question.language))
                        .style(ButtonStyle::Primary),
                ])]);
            }
            self.send(&message, out, "").await;
            return;
        }
        let reply = with_times_in(
            reply,
            self.engine.catalog(),
            question.language,
            question.shown_in,
        );
        let Rendered {
            content,
            embed,
            follow_ups,
            allowed_mentions,
            components,
        } = render(&reply, &request, &self.intents);
        let mut out = CreateMessage::new()
            .embed(embed)
            .allowed_mentions(allowed_mentions)
            .components(components);
        if !content.is_empty() {
            out = out.content(content);
        }
        self.send(&message, out, "").await;
        // Pages that did not fit: each its own message, pinging nobody, with a nonce of its own.
        for (page, embed) in follow_ups.into_iter().enumerate() {
            let out = CreateMessage::new()
                .embed(embed)
                .allowed_mentions(super::render::allowed_mentions(&[], &[]));
            self.send(&message, out, &format!("p{}", page + 2)).await;
        }
    }

    fn private_pointer(&self, language: Language, line: &str) -> String {
        crate::i18n::fill(
            self.intents.text(ChatText::Private, language),
            &[("command", &format!("`{line}`"))],
        )
    }

    /// A short text reply that pings nobody.
    async fn say(&self, to: &Message, text: String) {
        let out = CreateMessage::new()
            .content(text)
            .allowed_mentions(super::render::allowed_mentions(&[], &[]));
        self.send(to, out, "").await;
    }

    /// Replies to `to` in its channel. The question's id is the nonce, so a retry after a lost
    /// answer cannot post the reply twice.
    async fn send(&self, to: &Message, out: CreateMessage, page: &str) {
        let out = out
            .reference_message((to.channel_id, to.id))
            .nonce(Nonce::String(format!("{}{page}", to.id)))
            .enforce_nonce(true);
        let path = format!("/channels/{}/messages", ChannelId::get(to.channel_id));
        if let Err(error) = self
            .rest
            .call(Method::POST, &path, Some(&out), Retry::SOME)
            .await
        {
            tracing::error!(channel = %to.channel_id, %error, "reply not delivered");
        }
    }
}
