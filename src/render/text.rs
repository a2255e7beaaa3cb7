//! A reply as plain text for a terminal: Discord timestamps become local times with UTC and a
//! relative phrase beside them, Discord markdown (bold, code spans, small print) is dropped.

use std::sync::LazyLock;

use chrono::{DateTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use regex::{Captures, Regex};

use crate::cmd::format::date_in;
use crate::domain::catalog::Catalog;
use crate::domain::text::{self as user_text, Piece};
use crate::engine::Reply;
use crate::i18n::{Language, Msg};

/// A Discord timestamp, optionally followed by its relative form in parentheses
/// (`<t:1:F> (<t:1:R>)`, as `cmd::format::timestamp` writes it), which the console joins into one.
static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    // A fixed pattern: compiling it cannot fail.
    Regex::new(r"<t:(-?\d{1,12}):([tTdDfFR])>(?: \(<t:(-?\d{1,12}):R>\))?")
        .unwrap_or_else(|_| unreachable!())
});

/// Discord's small-print line prefix; the terminal shows such a line as a plain one.
static SMALL_PRINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^-# ").unwrap_or_else(|_| unreachable!()));

/// Whose zone the console shows instants in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// `--tz`: every instant in the zone the reader chose.
    Chosen(Tz),
    /// Each reply's own zone (the region's, the organisation's); this one, the machine's, for a
    /// reply that has none (reminders, a list of every region).
    Machine(Tz),
}

impl Reader {
    fn zone_for(self, reply: &Reply) -> Tz {
        match self {
            Reader::Chosen(zone) => zone,
            Reader::Machine(zone) => reply.zone.unwrap_or(zone),
        }
    }
}

/// `reply` for a reader whose zone is unknown (tests, the fuzzer): in the reply's own zone, UTC
/// where it has none.
pub fn render(reply: &Reply, catalog: &Catalog, language: Language, now: DateTime<Utc>) -> String {
    render_for(reply, catalog, language, now, Reader::Machine(Tz::UTC))
}

pub fn render_for(
    reply: &Reply,
    catalog: &Catalog,
    language: Language,
    now: DateTime<Utc>,
    reader: Reader,
) -> String {
    let view = View {
        catalog,
        language,
        now,
        zone: reader.zone_for(reply),
    };
    let mut out = String::new();
    // A chat answer without a title (an unplaced question, small talk) starts with its text.
    if !reply.title.is_empty() {
        out.push_str(&view.plain(&reply.title));
        out.push('\n');
    }
    if !reply.text.is_empty() {
        out.push_str(&view.plain(&reply.text));
        out.push('\n');
    }
    for field in &reply.fields {
        out.push('\n');
        out.push_str(&format!("▸ {}\n", view.plain(&field.name)));
        for line in view.plain(&field.value).lines() {
            out.push_str(&format!("  {line}\n"));
        }
    }
    if let Some(footer) = &reply.footer {
        out.push('\n');
        out.push_str(&view.plain(footer));
        out.push('\n');
    }
    out
}

/// What one reply is rendered for: the language, the current instant and the zone its instants
/// are shown in.
struct View<'a> {
    catalog: &'a Catalog,
    language: Language,
    now: DateTime<Utc>,
    zone: Tz,
}

impl View<'_> {
    /// One string of a reply as terminal text. The bot's markup loses its Discord markdown and
    /// its timestamps become readable; user text is shown exactly as typed, on one line unless it
    /// is the whole string (a description owns its field, line breaks included).
    fn plain(&self, text: &str) -> String {
        let owns_whole = user_text::owns_whole(text);
        let mut out = String::new();
        for piece in user_text::pieces(text) {
            match piece {
                Piece::User(user) if owns_whole => out.push_str(&user.replace('\t', " ")),
                Piece::User(user) => out.push_str(&user_text::one_line(user)),
                Piece::Markup(markup) => out.push_str(&self.markup_text(markup)),
            }
        }
        out
    }

    fn markup_text(&self, markup: &str) -> String {
        let markup = without_markdown(markup);
        TIMESTAMP
            .replace_all(&markup, |caps: &Captures<'_>| {
                let instant = |group: usize| {
                    caps.get(group)
                        .and_then(|unix| unix.as_str().parse::<i64>().ok())
                        .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0))
                };
                let Some(at) = instant(1) else {
                    return caps[0].to_owned();
                };
                let style = &caps[2];
                match instant(3) {
                    // The pair `cmd::format::timestamp` writes: one local time, UTC and how far.
                    Some(again) if again == at && style != "R" => self.instant(at, style, true),
                    Some(again) => format!(
                        "{} ({})",
                        self.instant(at, style, false),
                        relative(self.catalog, self.language, self.now, again)
                    ),
                    None => self.instant(at, style, false),
                }
            })
            .into_owned()
    }

    fn local(&self, at: DateTime<Utc>, style: &str) -> String {
        local(self.catalog, self.language, self.zone, at, style)
    }

    /// `at` in the reply's zone as Discord's `style` would show it, with UTC beside a time of
    /// day and, when `with_relative`, how far from now.
    fn instant(&self, at: DateTime<Utc>, style: &str, with_relative: bool) -> String {
        if style == "R" {
            return relative(self.catalog, self.language, self.now, at);
        }
        let shown = self.local(at, style);
        if matches!(style, "d" | "D") {
            return shown;
        }
        // Any zone whose time is written UTC (UTC, Etc/UTC, Zulu, …) already shows it.
        let local = at.with_timezone(&self.zone);
        let in_utc = zone_name(&local) == "UTC";
        let mut beside = Vec::new();
        if !in_utc {
            let utc = format!("{} UTC", clock_time(&at));
            beside.push(if at.date_naive() == local.date_naive() {
                utc
            } else {
                format!(
                    "{} {utc}",
                    date_in(self.catalog, self.language, at.date_naive())
                )
            });
        }
        if with_relative {
            beside.push(relative(self.catalog, self.language, self.now, at));
        }
        if beside.is_empty() {
            return shown;
        }
        let separator = self
            .catalog
            .messages()
            .get(Msg::ListSeparator, self.language);
        format!("{shown} ({})", beside.join(separator))
    }
}

/// `text` (a reply's string, Discord markup) with each Discord timestamp that shows a time of
/// day followed by that time in `zone`: Discord shows a timestamp in each reader's own zone, and
/// a question that asked for another ("in Paris time", `Question::shown_in`) gets it beside.
/// User text is left as it is, marks included.
pub fn with_times_in(text: &str, catalog: &Catalog, language: Language, zone: Tz) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in user_text::pieces(text) {
        match piece {
            Piece::User(user) => {
                out.push(user_text::OPEN);
                out.push_str(user);
                out.push(user_text::CLOSE);
            }
            Piece::Markup(markup) => {
                out.push_str(&TIMESTAMP.replace_all(markup, |caps: &Captures<'_>| {
                    let at = caps[1]
                        .parse::<i64>()
                        .ok()
                        .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0));
                    match (at, &caps[2]) {
                        (Some(at), style @ ("t" | "T" | "f" | "F")) => {
                            format!(
                                "{} · {}",
                                &caps[0],
                                local(catalog, language, zone, at, style)
                            )
                        }
                        _ => caps[0].to_owned(),
                    }
                }))
            }
        }
    }
    out
}

/// `at` in `zone` as Discord's `style` would show it: a date, a time of day with its zone, or
/// both.
fn local(
    catalog: &Catalog,
    language: Language,
    zone: Tz,
    at: DateTime<Utc>,
    style: &str,
) -> String {
    let local = at.with_timezone(&zone);
    let date = date_in(catalog, language, local.date_naive());
    let time = format!("{} {}", clock_time(&local), zone_name(&local));
    match style {
        "t" | "T" => time,
        "d" | "D" => date,
        _ => format!("{date} {time}"),
    }
}

/// The bot's own text as terminal text. It never means a literal `*` pair or backtick: they are
/// Discord's bold and code spans (user text, where they may be literal, is never markup).
pub fn without_markdown(markup: &str) -> String {
    let markup = markup.replace("**", "").replace('`', "");
    SMALL_PRINT.replace_all(&markup, "").into_owned()
}

/// `09:00`, with seconds only when there are some (as `cmd::format::time` writes times of day).
fn clock_time<Z: TimeZone>(at: &DateTime<Z>) -> String
where
    Z::Offset: std::fmt::Display,
{
    if at.second() == 0 {
        at.format("%H:%M").to_string()
    } else {
        at.format("%H:%M:%S").to_string()
    }
}

/// The zone's abbreviation at that instant (`JST`, `GMT`, `BST`), or where the zone data has
/// only an offset (`+08` for Singapore: the tz database invents no abbreviation where none is in
/// use), that offset as people write it, `UTC+8`, `UTC+5:30`, `UTC-3` [D]: shorter than the
/// IANA name, read the same in every language, and not an abbreviation the data does not give.
fn zone_name(local: &DateTime<Tz>) -> String {
    let abbreviation = local.format("%Z").to_string();
    if abbreviation.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return abbreviation;
    }
    let east = local.offset().fix().local_minus_utc();
    let sign = if east < 0 { '-' } else { '+' };
    let minutes = east.unsigned_abs() / 60;
    match (minutes / 60, minutes % 60) {
        (hours, 0) => format!("UTC{sign}{hours}"),
        (hours, minutes) => format!("UTC{sign}{hours}:{minutes:02}"),
    }
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
    // Two units at most, the smaller left out when it is zero (`in 2 h`, not `in 2 h 0 min`).
    let two = |large: (Msg, i64), small: (Msg, i64)| match small.1 {
        0 => unit(large.0, large.1),
        _ => format!("{} {}", unit(large.0, large.1), unit(small.0, small.1)),
    };
    // Rounded to the smallest unit shown, as a deadline counted from the current minute is
    // "in 2 h" half a minute later, not "in 1 h 59 min".
    let minutes = (seconds + 30) / 60;
    let hours = (seconds + 1_800) / 3_600;
    let duration = match seconds {
        s if s < 60 => unit(Msg::UnitSeconds, s),
        _ if minutes < 60 => unit(Msg::UnitMinutes, minutes),
        _ if minutes < 1_440 => two(
            (Msg::UnitHours, minutes / 60),
            (Msg::UnitMinutes, minutes % 60),
        ),
        _ => two((Msg::UnitDays, hours / 24), (Msg::UnitHours, hours % 24)),
    };
    let msg = match span.num_seconds() {
        0 => return messages.get(Msg::RelativeNow, language).to_owned(),
        1.. => Msg::RelativeFuture,
        _ => Msg::RelativePast,
    };
    messages.format(msg, language, &[("duration", &duration)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zone_with_only_an_offset_shows_it_as_utc_plus_or_minus() {
        let at: DateTime<Utc> = "2026-12-01T01:00:00Z".parse().unwrap();
        for (zone, shown) in [
            (chrono_tz::Asia::Singapore, "UTC+8"),
            (chrono_tz::Asia::Kathmandu, "UTC+5:45"),
            (chrono_tz::America::Sao_Paulo, "UTC-3"),
            (chrono_tz::Asia::Tokyo, "JST"),
            (chrono_tz::Asia::Kolkata, "IST"),
        ] {
            assert_eq!(zone_name(&at.with_timezone(&zone)), shown, "{zone}");
        }
    }
}
