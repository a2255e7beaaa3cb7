//! The engine's reply as a Discord message: one embed coloured by priority, within Discord's
//! limits, pinging exactly who the engine names and nobody else, with buttons on a case.

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed,
    CreateEmbedFooter, RoleId, UserId,
};

use crate::domain::case::CaseId;
use crate::domain::ids::Priority;
use crate::domain::text::{self as user_text, Piece};
use crate::engine::{Accent, Outcome, Reply, Request};
use crate::intents::{ChatText, Intents};

// Discord's embed limits (characters).
const TITLE: usize = 256;
const DESCRIPTION: usize = 4096;
const FIELDS: usize = 25;
const FIELD_NAME: usize = 256;
const FIELD_VALUE: usize = 1024;
const FOOTER: usize = 2048;
const TOTAL: usize = 6000;

/// A message built from a reply.
pub struct Rendered {
    /// Only the mentions the engine asked for: pings happen for mentions in the content, never
    /// in embeds.
    pub content: String,
    pub embed: CreateEmbed,
    pub allowed_mentions: CreateAllowedMentions,
    pub components: Vec<CreateActionRow>,
}

pub fn colour(accent: Accent) -> u32 {
    match accent {
        Accent::Priority(Priority::P1) => 0xE7_4C_3C,
        Accent::Priority(Priority::P2) => 0xE6_7E_22,
        Accent::Priority(Priority::P3) => 0xF1_C4_0F,
        Accent::Priority(Priority::P4) => 0x34_98_DB,
        Accent::Error => 0x95_A5_A6,
        Accent::Neutral => 0x58_65_F2,
    }
}

/// Mentions nobody but those listed: `parse` stays empty, so user text (a case title saying
/// `@everyone`) can never ping.
pub fn allowed_mentions(roles: &[u64], users: &[u64]) -> CreateAllowedMentions {
    CreateAllowedMentions::new()
        .roles(roles.iter().copied().map(RoleId::new))
        .users(users.iter().copied().map(UserId::new))
}

/// `reply` as a message; `request` decides whether it gets the buttons of a case, labelled in
/// the reply's language from `intents`' texts.
pub fn render(reply: &Reply, request: &Request, intents: &Intents) -> Rendered {
    let content: Vec<String> = reply
        .mentions
        .roles
        .iter()
        .map(|r| format!("<@&{r}>"))
        .chain(reply.mentions.users.iter().map(|u| format!("<@{u}>")))
        .collect();
    let components = case_of(reply)
        .map(|(id, respond)| {
            let language = request.caller.language;
            let mut buttons = Vec::new();
            if respond {
                buttons.push(
                    CreateButton::new(format!("case:respond:{}", id.0))
                        .label(intents.text(ChatText::ButtonRespond, language))
                        .style(ButtonStyle::Primary),
                );
            }
            buttons.push(
                CreateButton::new(format!("case:show:{}", id.0))
                    .label(intents.text(ChatText::ButtonShow, language))
                    .style(ButtonStyle::Secondary),
            );
            vec![CreateActionRow::Buttons(buttons)]
        })
        .unwrap_or_default();
    Rendered {
        content: content.join(" "),
        embed: embed(reply),
        allowed_mentions: allowed_mentions(&reply.mentions.roles, &reply.mentions.users),
        components,
    }
}

/// The case a reply is about and whether it still awaits its first response, as the reply
/// declares it; only answered replies get buttons.
fn case_of(reply: &Reply) -> Option<(CaseId, bool)> {
    let case = reply.case.filter(|_| reply.outcome == Outcome::Answered)?;
    Some((case.id, case.respond))
}

/// A reply's string as Discord markdown: the bot's markup as it is, user text escaped so it shows
/// exactly as typed. Every ASCII punctuation character of user text gets a backslash, so it can
/// never open bold, a code block, a heading, a quote, a list item, a masked link, a mention or an
/// emoji; its line breaks stay only when it is the whole string (a description owns its field).
pub fn markdown(text: &str) -> String {
    let owns_whole = user_text::owns_whole(text);
    let mut out = String::with_capacity(text.len());
    for piece in user_text::pieces(text) {
        match piece {
            Piece::Markup(markup) => out.push_str(markup),
            Piece::User(user) => {
                let user = if owns_whole {
                    std::borrow::Cow::Borrowed(user)
                } else {
                    user_text::one_line(user)
                };
                for c in user.chars() {
                    match c {
                        '\t' => out.push(' '),
                        c if c.is_ascii_punctuation() => {
                            out.push('\\');
                            out.push(c);
                        }
                        c => out.push(c),
                    }
                }
            }
        }
    }
    out
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// The reply as one embed within every limit: long texts are cut, fields past the 25th or past
/// the 6000-character total are left out (the engine keeps replies far below these).
pub fn embed(reply: &Reply) -> CreateEmbed {
    let title = cut(&markdown(&reply.title), TITLE);
    let footer = reply.footer.as_deref().map(|f| cut(&markdown(f), FOOTER));
    let mut budget = TOTAL - chars(&title) - footer.as_deref().map_or(0, chars);
    let description = cut(&markdown(&reply.text), DESCRIPTION.min(budget));
    budget -= chars(&description);
    let mut embed = CreateEmbed::new().title(title).colour(colour(reply.accent));
    if !description.is_empty() {
        embed = embed.description(description);
    }
    for field in reply.fields.iter().take(FIELDS) {
        // Discord refuses an empty field name or value.
        let name = cut(non_empty(&markdown(&field.name)), FIELD_NAME);
        let value = cut(non_empty(&markdown(&field.value)), FIELD_VALUE);
        let size = chars(&name) + chars(&value);
        if size > budget {
            break;
        }
        budget -= size;
        embed = embed.field(name, value, field.inline);
    }
    if let Some(footer) = footer.filter(|f| !f.is_empty()) {
        embed = embed.footer(CreateEmbedFooter::new(footer));
    }
    embed
}

fn non_empty(text: &str) -> &str {
    if text.trim().is_empty() { "—" } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Caller, Mentions, Role};
    use crate::i18n::Language;

    fn json(embed: &CreateEmbed) -> serde_json::Value {
        serde_json::to_value(embed).unwrap()
    }

    #[test]
    fn an_oversized_reply_fits_discord() {
        let mut reply = Reply::new("t".repeat(300)).text("d".repeat(5000));
        for i in 0..30 {
            reply = reply.field(format!("f{i}"), "v".repeat(2000));
        }
        reply = reply.field("", "");
        let e = json(&embed(&reply));
        assert_eq!(e["title"].as_str().unwrap().chars().count(), 256);
        assert_eq!(e["description"].as_str().unwrap().chars().count(), 4096);
        let fields = e["fields"].as_array().unwrap();
        let total: usize = 256
            + 4096
            + fields
                .iter()
                .map(|f| chars(f["name"].as_str().unwrap()) + chars(f["value"].as_str().unwrap()))
                .sum::<usize>();
        assert!(total <= TOTAL && fields.len() <= FIELDS, "{total}");
        assert!(
            fields
                .iter()
                .all(|f| chars(f["value"].as_str().unwrap()) <= 1024)
        );
    }

    #[test]
    fn colours_follow_the_priority() {
        let e = json(&embed(
            &Reply::new("x").accent(Accent::Priority(Priority::P1)),
        ));
        assert_eq!(e["color"], 0xE74C3C);
        let e = json(&embed(&Reply::bad_input("x", "y")));
        assert_eq!(e["color"], 0x95A5A6);
    }

    #[test]
    fn only_named_roles_and_users_may_be_pinged() {
        let none = serde_json::to_value(allowed_mentions(&[], &[])).unwrap();
        assert_eq!(none["parse"], serde_json::json!([]));
        let some = serde_json::to_value(allowed_mentions(&[5], &[7])).unwrap();
        assert_eq!(some["roles"], serde_json::json!(["5"]));
        assert_eq!(some["users"], serde_json::json!(["7"]));
        assert_eq!(some["parse"], serde_json::json!([]));
    }

    #[test]
    fn a_case_gets_buttons_and_a_list_does_not() {
        let intents =
            Intents::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
        let request = |command: &str| Request {
            caller: Caller::new(crate::engine::UserId(1), Role::Agent, Language::Ja),
            command: command.into(),
            options: vec![],
        };
        let reply = Reply {
            mentions: Mentions::default(),
            ..Reply::new("CASE-000042 · site down")
                .accent(Accent::Priority(Priority::P2))
                .about_case(CaseId(42), true)
        };
        let r = render(&reply, &request("case show"), &intents);
        let row = serde_json::to_value(&r.components).unwrap();
        assert_eq!(row[0]["components"][0]["custom_id"], "case:respond:42");
        assert_eq!(row[0]["components"][0]["label"], "応答済みにする");
        assert_eq!(row[0]["components"][1]["custom_id"], "case:show:42");
        // Answered or closed: only "Show case", whichever command showed it.
        let answered = reply.clone().about_case(CaseId(42), false);
        let r = render(&answered, &request("case show"), &intents);
        let row = serde_json::to_value(&r.components).unwrap();
        assert_eq!(row[0]["components"].as_array().unwrap().len(), 1);
        assert_eq!(row[0]["components"][0]["custom_id"], "case:show:42");
        let list = Reply::new("CASE-000042 · site down").accent(Accent::Priority(Priority::P2));
        assert!(
            render(&list, &request("case list"), &intents)
                .components
                .is_empty()
        );
        let refused = Reply {
            outcome: Outcome::BadInput,
            ..reply.clone()
        };
        assert!(
            render(&refused, &request("case show"), &intents)
                .components
                .is_empty()
        );
        assert!(r.content.is_empty());
    }
}
