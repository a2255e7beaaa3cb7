//! A reply as plain text for a terminal: Discord timestamps become UTC times with a relative
//! phrase, bold markers are dropped.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use regex::{Captures, Regex};

use crate::domain::catalog::Catalog;
use crate::domain::text::{self as user_text, Piece};
use crate::engine::Reply;
use crate::i18n::{Language, Msg};

static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    // A fixed pattern: compiling it cannot fail.
    Regex::new(r"<t:(-?\d{1,12}):([tTdDfFR])>").unwrap_or_else(|_| unreachable!())
});

pub fn render(reply: &Reply, catalog: &Catalog, language: Language, now: DateTime<Utc>) -> String {
    let plain = |text: &str| plain(text, catalog, language, now);
    let mut out = String::new();
    out.push_str(&plain(&reply.title));
    out.push('\n');
    if !reply.text.is_empty() {
        out.push_str(&plain(&reply.text));
        out.push('\n');
    }
    for field in &reply.fields {
        out.push('\n');
        out.push_str(&format!("▸ {}\n", plain(&field.name)));
        for line in plain(&field.value).lines() {
            out.push_str(&format!("  {line}\n"));
        }
    }
    if let Some(footer) = &reply.footer {
        out.push('\n');
        out.push_str(&plain(footer));
        out.push('\n');
    }
    out
}

/// One string of a reply as terminal text. The bot's markup loses its bold markers and its
/// timestamps become readable; user text is shown exactly as typed, on one line unless it is
/// the whole string (a description owns its field, line breaks included).
fn plain(text: &str, catalog: &Catalog, language: Language, now: DateTime<Utc>) -> String {
    let owns_whole = user_text::owns_whole(text);
    let mut out = String::new();
    for piece in user_text::pieces(text) {
        match piece {
            Piece::User(user) if owns_whole => out.push_str(&user.replace('\t', " ")),
            Piece::User(user) => out.push_str(&user_text::one_line(user)),
            Piece::Markup(markup) => out.push_str(&markup_text(markup, catalog, language, now)),
        }
    }
    out
}

fn markup_text(markup: &str, catalog: &Catalog, language: Language, now: DateTime<Utc>) -> String {
    let markup = markup.replace("**", "");
    TIMESTAMP
        .replace_all(&markup, |caps: &Captures<'_>| {
            let at = caps[1]
                .parse::<i64>()
                .ok()
                .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0));
            match (at, &caps[2]) {
                (Some(at), "R") => relative(catalog, language, now, at),
                (Some(at), _) => at.format("%Y-%m-%d %H:%M UTC").to_string(),
                (None, _) => caps[0].to_owned(),
            }
        })
        .into_owned()
}

fn relative(
    catalog: &Catalog,
    language: Language,
    now: DateTime<Utc>,
    at: DateTime<Utc>,
) -> String {
    let span = at - now;
    let seconds = span.num_seconds().abs();
    let messages = catalog.messages();
    let unit = |msg: Msg, n: i64| messages.format(msg, language, &[("n", &n.to_string())]);
    let duration = match seconds {
        s if s < 60 => unit(Msg::UnitSeconds, s),
        s if s < 3_600 => unit(Msg::UnitMinutes, s / 60),
        s if s < 86_400 => format!(
            "{} {}",
            unit(Msg::UnitHours, s / 3_600),
            unit(Msg::UnitMinutes, s % 3_600 / 60)
        ),
        s => format!(
            "{} {}",
            unit(Msg::UnitDays, s / 86_400),
            unit(Msg::UnitHours, s % 86_400 / 3_600)
        ),
    };
    let msg = match span.num_seconds() {
        0 => return messages.get(Msg::RelativeNow, language).to_owned(),
        1.. => Msg::RelativeFuture,
        _ => Msg::RelativePast,
    };
    messages.format(msg, language, &[("duration", &duration)])
}
