//! The engine's reply as a Discord message: one embed coloured by priority, within Discord's
//! limits, pinging exactly who the engine names and nobody else, with buttons on a case.

use serenity::all::{
    ActionRow, ActionRowComponent, Button, ButtonKind, ButtonStyle, CreateActionRow,
    CreateAllowedMentions, CreateButton, CreateEmbed, CreateEmbedFooter, RoleId, UserId,
};

use chrono_tz::Tz;

use crate::cmd::{self, line::CommandLine};
use crate::domain::case::CaseId;
use crate::domain::catalog::Catalog;
use crate::domain::ids::{Language, Priority};
use crate::domain::text::{self as user_text, Piece};
use crate::engine::{Accent, Outcome, Reply, Request};
use crate::intents::{ChatText, Intents};
use crate::render::text;

// Discord's limits (characters, except where counted otherwise).
const CONTENT: usize = 2000;
const ACTION_ROWS: usize = 5;
const TITLE: usize = 256;
const DESCRIPTION: usize = 4096;
const FIELDS: usize = 25;
const FIELD_NAME: usize = 256;
const FIELD_VALUE: usize = 1024;
const FOOTER: usize = 2048;
const TOTAL: usize = 6000;
const CUSTOM_ID: usize = 100;

/// The first part of an [`answer_button_id`].
const ANSWER_BUTTON: &str = "ask";

/// A message built from a reply.
pub struct Rendered {
    /// Only the mentions the engine asked for: pings happen for mentions in the content, never
    /// in embeds.
    pub content: String,
    pub embed: CreateEmbed,
    /// Pages that did not fit the first message's embed, each sent as its own message after it;
    /// every page's title says which page of how many it is.
    pub follow_ups: Vec<CreateEmbed>,
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

/// `reply` with each time of day it gives also written in `zone`, the zone the question asked to
/// see times in (`Question::shown_in`): Discord shows a timestamp in each reader's own zone only.
pub fn with_times_in(
    mut reply: Reply,
    catalog: &Catalog,
    language: Language,
    zone: Option<Tz>,
) -> Reply {
    let Some(zone) = zone else {
        return reply;
    };
    let times = |text: &mut String| *text = text::with_times_in(text, catalog, language, zone);
    times(&mut reply.title);
    times(&mut reply.text);
    for field in &mut reply.fields {
        times(&mut field.name);
        times(&mut field.value);
    }
    if let Some(footer) = &mut reply.footer {
        times(footer);
    }
    reply
}

/// The custom id of the button under a private answer's pointer: the question's zone and its
/// command line, which the button answers for whoever clicks it. `None` when it would be longer
/// than Discord's 100 characters: the pointer's command is still there to type.
pub fn answer_button_id(zone: Tz, line: &str) -> Option<String> {
    let id = format!("{ANSWER_BUTTON}:{}:{line}", zone.name());
    (id.chars().count() <= CUSTOM_ID).then_some(id)
}

/// The zone and the command line of an [`answer_button_id`].
pub fn answer_button(custom_id: &str) -> Option<(Tz, &str)> {
    let rest = custom_id.strip_prefix(ANSWER_BUTTON)?.strip_prefix(':')?;
    let (zone, line) = rest.split_once(':')?;
    Some((zone.parse().ok()?, line))
}

/// The zone and the command of an answer button clicked under a message by `author` with
/// `rows` of components, when the bot answers it: the message is the bot's (one of `bot_ids`)
/// and carries this very button, and the command is one a plain-language answer can be, which
/// only reads. So a custom id the bot did not write changes no record.
pub fn clicked_answer(
    custom_id: &str,
    author: u64,
    rows: &[ActionRow],
    bot_ids: &[u64],
    intents: &Intents,
) -> Option<(Tz, CommandLine)> {
    let (zone, line) = answer_button(custom_id)?;
    let carried = rows.iter().flat_map(|row| &row.components).any(|c| {
        matches!(c, ActionRowComponent::Button(Button { data: ButtonKind::NonLink { custom_id: id, .. }, .. }) if id == custom_id)
    });
    if !bot_ids.contains(&author) || !carried {
        return None;
    }
    let parsed = cmd::line::parse(line).ok()?;
    intents
        .answers_with(&parsed.command)
        .then_some((zone, parsed))
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
    let mut pages = embeds(reply).into_iter();
    Rendered {
        content: whole_items(&content, CONTENT),
        embed: pages
            .next()
            .unwrap_or_else(|| CreateEmbed::new().title("—")),
        follow_ups: pages.collect(),
        allowed_mentions: allowed_mentions(&reply.mentions.roles, &reply.mentions.users),
        components: components.into_iter().take(ACTION_ROWS).collect(),
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

/// The mentions that fit in `max` characters, whole: a mention is never cut.
fn whole_items(items: &[String], max: usize) -> String {
    let mut out = String::new();
    for item in items {
        let extra = usize::from(!out.is_empty()) + chars(item);
        if chars(&out) + extra > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(item);
    }
    out
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Where `text` (Discord markdown) may be cut at or before character `max`: never inside an
/// escape (`\*`), a mention or timestamp (`<@123>`, `<t:1:F>`), preferring a line break, then a
/// space. Returns a byte index; 0 when no such place exists.
fn cut_point(text: &str, max: usize) -> usize {
    if chars(text) <= max {
        return text.len();
    }
    let mut best_line = None;
    let mut best_space = None;
    let mut best_any = 0;
    let mut in_token = false;
    let mut backslashes = 0usize;
    for (n, (i, c)) in text.char_indices().enumerate() {
        // Position 0 is never chosen: a piece always takes at least one character.
        if i > 0 && !in_token && backslashes.is_multiple_of(2) {
            best_any = i;
            if c == '\n' {
                best_line = Some(i);
            } else if c == ' ' {
                best_space = Some(i);
            }
        }
        if n == max {
            break;
        }
        match c {
            '<' if backslashes.is_multiple_of(2) => in_token = true,
            '>' | ' ' | '\n' => in_token = false,
            _ => {}
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    best_line.or(best_space).unwrap_or(best_any)
}

/// `text` split into pieces of at most `max` characters at safe places (see [`cut_point`]).
fn split(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while chars(rest) > max {
        let mut at = cut_point(rest, max);
        if at == 0 {
            // No safe place at all (one enormous token): cut at the limit.
            at = rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i);
        }
        out.push(rest[..at].trim_end().to_owned());
        rest = rest[at..].trim_start_matches('\n');
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest.to_owned());
    }
    out.retain(|piece| !piece.trim().is_empty());
    out
}

/// `text` within `max` characters, cut at a safe place with an ellipsis when too long.
fn cut(text: &str, max: usize) -> String {
    if chars(text) <= max {
        return text.to_owned();
    }
    let at = cut_point(text, max.saturating_sub(1));
    let mut out = text[..at].trim_end().to_owned();
    out.push('…');
    out
}

/// Room kept in a title for ` (12/12)`, and in a field name for ` (3/4)`.
const PAGE_MARK: usize = 10;

/// One embed's worth of a reply.
struct Page {
    description: String,
    fields: Vec<(String, String, bool)>,
}

impl Page {
    fn size(&self) -> usize {
        chars(&self.description)
            + self
                .fields
                .iter()
                .map(|(n, v, _)| chars(n) + chars(v))
                .sum::<usize>()
    }
}

/// The reply as embeds within every limit of Discord: the description split at line breaks
/// over pages, a long field split into numbered fields, fields spread over pages of at most 25
/// and 6000 characters. Nothing is dropped; a page after the first says which one it is.
pub fn embeds(reply: &Reply) -> Vec<CreateEmbed> {
    let full_title = markdown(&reply.title);
    let title = cut(non_empty(&full_title), TITLE - PAGE_MARK);
    // A title longer than Discord's is cut there, and given whole at the top of the description.
    let text = match markdown(&reply.text) {
        text if chars(&full_title) <= TITLE - PAGE_MARK => text,
        text if text.is_empty() => full_title,
        text => format!("{full_title}\n{text}"),
    };
    let footer = reply
        .footer
        .as_deref()
        .map(|f| cut(&markdown(f), FOOTER))
        .filter(|f| !f.trim().is_empty());
    // What every page must leave room for: its title (with a page mark) and the footer.
    let room = TOTAL - chars(&title) - PAGE_MARK - footer.as_deref().map_or(0, chars);
    let mut pages: Vec<Page> = split(&text, DESCRIPTION.min(room))
        .into_iter()
        .map(|description| Page {
            description,
            fields: Vec::new(),
        })
        .collect();
    if pages.is_empty() {
        pages.push(Page {
            description: String::new(),
            fields: Vec::new(),
        });
    }
    for field in &reply.fields {
        let name = cut(non_empty(&markdown(&field.name)), FIELD_NAME - PAGE_MARK);
        let values = split(non_empty(&markdown(&field.value)), FIELD_VALUE);
        let parts = values.len();
        for (i, value) in values.into_iter().enumerate() {
            let name = if parts > 1 {
                format!("{name} ({}/{parts})", i + 1)
            } else {
                name.clone()
            };
            let fits = |page: &Page| {
                page.fields.len() < FIELDS && page.size() + chars(&name) + chars(&value) <= room
            };
            if !pages.last().is_some_and(fits) {
                pages.push(Page {
                    description: String::new(),
                    fields: Vec::new(),
                });
            }
            if let Some(page) = pages.last_mut() {
                page.fields.push((name, value, field.inline));
            }
        }
    }
    let count = pages.len();
    pages
        .into_iter()
        .enumerate()
        .map(|(i, page)| {
            let title = if count > 1 {
                format!("{title} ({}/{count})", i + 1)
            } else {
                title.clone()
            };
            let mut embed = CreateEmbed::new().title(title).colour(colour(reply.accent));
            if !page.description.is_empty() {
                embed = embed.description(page.description);
            }
            for (name, value, inline) in page.fields {
                embed = embed.field(name, value, inline);
            }
            match (&footer, i + 1 == count) {
                (Some(footer), true) => embed.footer(CreateEmbedFooter::new(footer)),
                _ => embed,
            }
        })
        .collect()
}

/// The first page of the reply as an embed (see [`embeds`]).
pub fn embed(reply: &Reply) -> CreateEmbed {
    embeds(reply)
        .into_iter()
        .next()
        .unwrap_or_else(|| CreateEmbed::new().title("—"))
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

    /// Every limit of one embed, checked on its JSON.
    fn within_limits(e: &serde_json::Value) {
        let text = |v: &serde_json::Value| v.as_str().map_or(0, chars);
        assert!(text(&e["title"]) <= TITLE);
        assert!(text(&e["description"]) <= DESCRIPTION);
        assert!(text(&e["footer"]["text"]) <= FOOTER);
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        assert!(fields.len() <= FIELDS);
        for f in &fields {
            assert!((1..=FIELD_NAME).contains(&text(&f["name"])));
            assert!((1..=FIELD_VALUE).contains(&text(&f["value"])));
        }
        let total = text(&e["title"])
            + text(&e["description"])
            + text(&e["footer"]["text"])
            + fields
                .iter()
                .map(|f| text(&f["name"]) + text(&f["value"]))
                .sum::<usize>();
        assert!(total <= TOTAL, "{total}");
    }

    #[test]
    fn an_oversized_reply_is_paged_not_cut() {
        let mut reply = Reply::new("t".repeat(300)).text("d ".repeat(2500));
        for i in 0..30 {
            reply = reply.field(format!("f{i}"), "v ".repeat(1000));
        }
        reply = reply.field("", "");
        let pages: Vec<serde_json::Value> = embeds(&reply).iter().map(json).collect();
        assert!(pages.len() > 1);
        for (i, page) in pages.iter().enumerate() {
            within_limits(page);
            let title = page["title"].as_str().unwrap();
            assert!(
                title.ends_with(&format!("({}/{})", i + 1, pages.len())),
                "{title}"
            );
        }
        // Every character of the description and of every field arrives somewhere.
        let sent: usize = pages
            .iter()
            .map(|p| {
                p["description"]
                    .as_str()
                    .map_or(0, |d| d.matches('d').count())
                    + p["fields"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|f| f["value"].as_str().unwrap().matches('v').count())
                        .sum::<usize>()
            })
            .sum();
        assert_eq!(sent, 2500 + 30 * 1000);
    }

    #[test]
    fn a_title_too_long_for_discord_is_kept_whole_in_the_description() {
        let stars = crate::domain::text::UserText::line(&"*".repeat(200)).unwrap();
        let long = format!("CASE-000001 · {}", stars.shown());
        let e = json(&embed(&Reply::new(long.clone()).text("body")));
        let title = e["title"].as_str().unwrap();
        assert!(chars(title) <= TITLE && title.ends_with('…'), "{title}");
        let description = e["description"].as_str().unwrap();
        assert!(description.starts_with(&markdown(&long)), "{description}");
        assert!(description.ends_with("\nbody"));
        let short = json(&embed(&Reply::new("short").text("body")));
        assert_eq!(short["description"], "body");
    }

    #[test]
    fn a_mention_or_an_escape_is_never_cut() {
        let mentions: Vec<String> = (0..200)
            .map(|i| format!("<@{}>", 100_000_000_000_u64 + i))
            .collect();
        let reply = Reply::new("contacts").field("Contacts", mentions.join(" "));
        let values: Vec<String> = embeds(&reply)
            .iter()
            .map(json)
            .flat_map(|e| e["fields"].as_array().cloned().unwrap_or_default())
            .map(|f| f["value"].as_str().unwrap().to_owned())
            .collect();
        assert!(values.len() > 1);
        let words: Vec<String> = values
            .iter()
            .flat_map(|v| v.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        assert_eq!(words, mentions);
        let escaped = "\\*".repeat(600);
        for cut_at in [1, 2, 3, 1023, 1024] {
            let point = cut_point(&escaped, cut_at);
            assert_eq!(point % 2, 0, "cut inside an escape at {cut_at}");
        }
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
    #[test]
    fn an_answer_button_carries_its_zone_and_line_within_discords_100_characters() {
        let paris = chrono_tz::Europe::Paris;
        let id = answer_button_id(paris, "/case show id:CASE-000042");
        assert_eq!(
            id.as_deref(),
            Some("ask:Europe/Paris:/case show id:CASE-000042")
        );
        assert_eq!(
            id.as_deref().and_then(answer_button),
            Some((paris, "/case show id:CASE-000042"))
        );
        let long = format!("/case list org:{}", "a".repeat(100));
        assert_eq!(answer_button_id(paris, &long), None, "no button past 100");
        assert_eq!(answer_button("ask:Mars/Olympus:/hours"), None);
        assert_eq!(answer_button("case:show:42"), None);
    }

    #[test]
    fn an_answer_button_answers_only_read_only_commands_under_the_bots_own_message() {
        let intents =
            Intents::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
        let (bot, app, someone) = (7, 8, 9);
        let rows_with = |custom_id: &str| -> Vec<ActionRow> {
            serde_json::from_value(serde_json::json!([{ "type": 1, "components": [
                { "type": 2, "style": 1, "label": "Answer me privately", "custom_id": custom_id }
            ]}]))
            .unwrap()
        };
        let show = "ask:Europe/Paris:/case show id:CASE-000042";
        let clicked = |id: &str, author: u64, rows: &[ActionRow]| {
            clicked_answer(id, author, rows, &[bot, app], &intents)
        };
        let (zone, line) = clicked(show, bot, &rows_with(show)).expect("the bot's own button");
        assert_eq!(zone, chrono_tz::Europe::Paris);
        assert_eq!(line.command, "case show");
        assert!(
            clicked(show, app, &rows_with(show)).is_some(),
            "by the application"
        );
        // A command that changes records is no plain-language answer, even on the bot's message.
        let close = "ask:Europe/Paris:/case close id:CASE-000042";
        assert!(clicked(close, bot, &rows_with(close)).is_none());
        let org = "ask:UTC:/org set org:1 plan:elite";
        assert!(clicked(org, bot, &rows_with(org)).is_none());
        // A foreign message, or the bot's without this button.
        assert!(clicked(show, someone, &rows_with(show)).is_none());
        let other = "ask:Europe/Paris:/case show id:CASE-000043";
        assert!(clicked(show, bot, &rows_with(other)).is_none());
        assert!(clicked(show, bot, &[]).is_none());
        assert!(
            clicked(
                "ask:Europe/Paris:case show",
                bot,
                &rows_with("ask:Europe/Paris:case show")
            )
            .is_none()
        );
    }

    #[test]
    fn times_in_a_zone_go_beside_timestamps_of_the_bots_text_only() {
        let catalog = Catalog::load_from(&crate::domain::catalog::CatalogFiles::BuiltIn)
            .expect("the built-in catalog loads");
        let title =
            crate::domain::text::UserText::line("<t:1795010400:F> @everyone").expect("a title");
        let mut reply = Reply::new(format!("{} · due", title.shown()));
        reply.text = "due <t:1795010400:F> (<t:1795010400:R>), on <t:1795010400:D>".to_owned();
        let reply = with_times_in(
            reply,
            &catalog,
            Language::En,
            Some(chrono_tz::Europe::Paris),
        );
        assert_eq!(
            reply.text,
            "due <t:1795010400:F> (<t:1795010400:R>) · Wed 18 Nov 2026 15:00 CET, on <t:1795010400:D>"
        );
        assert_eq!(
            reply.title,
            format!("{} · due", title.shown()),
            "user text stays as typed"
        );
    }
}
