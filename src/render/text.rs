//! A reply as plain text for a terminal: Discord timestamps become UTC times with a relative
//! phrase, bold markers are dropped.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use regex::{Captures, Regex};

use crate::domain::catalog::Catalog;
use crate::engine::Reply;
use crate::i18n::{Language, Msg};

static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    // A fixed pattern: compiling it cannot fail.
    Regex::new(r"<t:(-?\d{1,12}):([tTdDfFR])>").unwrap_or_else(|_| unreachable!())
});

pub fn render(reply: &Reply, catalog: &Catalog, language: Language, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    out.push_str(&reply.title);
    out.push('\n');
    if !reply.text.is_empty() {
        out.push_str(&reply.text);
        out.push('\n');
    }
    for field in &reply.fields {
        out.push('\n');
        out.push_str(&format!("▸ {}\n", field.name));
        for line in field.value.lines() {
            out.push_str(&format!("  {line}\n"));
        }
    }
    if let Some(footer) = &reply.footer {
        out.push('\n');
        out.push_str(footer);
        out.push('\n');
    }
    let out = out.replace("**", "");
    TIMESTAMP
        .replace_all(&out, |caps: &Captures<'_>| {
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
    let msg = if span.num_seconds() >= 0 {
        Msg::RelativeFuture
    } else {
        Msg::RelativePast
    };
    messages.format(msg, language, &[("duration", &duration)])
}
