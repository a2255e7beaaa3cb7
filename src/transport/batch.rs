//! `supportbot due --batch`: deadline questions as JSON lines in, one JSON line out per input
//! line (blank ones included), in order. Streams: blocks of lines are answered on every core
//! (`blocks.rs`), the common line read without copies (`fast.rs`), and memory stays a few blocks.

mod blocks;
mod fast;

use std::io::{Read, Write};
use std::num::NonZeroUsize;

use chrono::{DateTime, NaiveDate, NaiveTime, Offset, SecondsFormat, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::domain::calendar::{ClockError, YEARS};
use crate::domain::catalog::{Catalog, HolidayCountry, UnknownCountry};
use crate::domain::deadline::{Deadline, DeadlineError, DeadlineQuery};
use crate::domain::ids::{CountryCode, PlanId, Priority, RegionId};

/// The fields of a line, as the user writes them.
const FIELDS: &[&str] = &[
    "plan", "priority", "region", "at", "timezone", "tz", "country", "holidays",
];

/// A line that would be answered: the catalog's first plan and region.
fn example(catalog: &Catalog) -> String {
    let plan = catalog.plans().first().map_or("", |p| p.id.as_str());
    let region = catalog.regions().first().map_or("", |r| r.id.as_str());
    format!(
        r#"{{"plan":"{plan}","priority":"p2","region":"{region}","at":"2026-11-20T16:30:00Z"}}"#
    )
}

/// What `due` and `--batch` say of a deadline whose counting crossed a year without holiday data
/// (in English, like the rest of their output).
pub const NO_HOLIDAY_DATA: &str = "the holiday data does not cover every year between submission and due: holidays in those years were counted as business days";

/// At most this many characters of a user's value are quoted back in an error.
const QUOTED_CHARS: usize = 80;

#[derive(Serialize)]
#[serde(untagged)]
enum Answer {
    Due {
        due: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        warning: Option<&'static str>,
    },
    Error {
        error: String,
    },
}

/// How many lines were answered, and how many of them with an error.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BatchSummary {
    pub lines: u64,
    pub errors: u64,
}

/// How `run` shares the work.
#[derive(Debug, Clone, Copy)]
pub struct Workers {
    /// Threads answering blocks of lines at once; the output keeps the input's order.
    pub threads: NonZeroUsize,
    /// How much input one block asks for at a time (a line longer than this is read whole).
    pub block_bytes: usize,
}

impl Workers {
    /// One thread per core, blocks of 1 MiB.
    pub fn per_core() -> Workers {
        Workers {
            threads: std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN),
            block_bytes: 1 << 20,
        }
    }
}

/// Answers every line of `input` on `output`, in order. Each worker in turn reads a block of
/// whole lines, answers it into its own buffer while the others read, answer or write, then
/// writes it when the blocks before it are written; memory stays a few blocks per worker.
pub fn run(
    catalog: &Catalog,
    input: impl Read + Send,
    output: impl Write + Send,
    workers: Workers,
) -> std::io::Result<BatchSummary> {
    blocks::run(catalog, input, output, workers)
}

/// Answers the lines of `block` (whole lines, the first being input line `first_line`, the last
/// perhaps without its new line at the end of the input) into `out`.
fn answer_block(
    catalog: &Catalog,
    parsed: &mut fast::Parsed,
    warning_json: &[u8],
    block: &[u8],
    first_line: u64,
    out: &mut Vec<u8>,
) -> std::io::Result<BatchSummary> {
    let mut summary = BatchSummary::default();
    let block = block.strip_suffix(b"\n").unwrap_or(block);
    let mut start = 0;
    loop {
        let end = memchr::memchr(b'\n', &block[start..]).map_or(block.len(), |i| start + i);
        let line = &block[start..end];
        let number = first_line.saturating_add(summary.lines);
        summary.lines += 1;
        let fast = std::str::from_utf8(line)
            .ok()
            .and_then(|line| parsed.query(line));
        let answer = match fast {
            Some(query) => match query.due(catalog) {
                Ok(deadline) => {
                    fast::write_due(out, &deadline, warning_json);
                    None
                }
                Err(error) => Some(Answer::Error {
                    error: error_text(catalog, &error),
                }),
            },
            None => Some(
                match answer(catalog, &String::from_utf8_lossy(line), number) {
                    Ok(deadline) => Answer::Due {
                        due: deadline.due.to_rfc3339_opts(SecondsFormat::Secs, true),
                        warning: deadline.holidays_unknown.then_some(NO_HOLIDAY_DATA),
                    },
                    Err(error) => Answer::Error { error },
                },
            ),
        };
        if let Some(answer) = answer {
            if matches!(answer, Answer::Error { .. }) {
                summary.errors += 1;
            }
            serde_json::to_writer(&mut *out, &answer)?;
            out.push(b'\n');
        }
        if end == block.len() {
            return Ok(summary);
        }
        start = end + 1;
    }
}

/// The answer to input line `number` (from 1).
fn answer(catalog: &Catalog, line: &str, number: u64) -> Result<Deadline, String> {
    let example = example(catalog);
    if line.trim().is_empty() {
        return Err(format!(
            "the line is empty: write one JSON object per line, such as {example}"
        ));
    }
    let line = match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(fields)) => fields,
        // serde_json's syntax errors name a position, never the text itself.
        Ok(_) => return Err(format!("a line must be a JSON object such as {example}")),
        Err(error) => {
            // serde_json counts lines within the one it was given, always line 1 here: the
            // position that helps is the column in this input line.
            let position = format!(" at line {} column {}", error.line(), error.column());
            let message = error.to_string();
            let message = message.strip_suffix(&position).unwrap_or(&message);
            return Err(format!(
                "not JSON at input line {number}, column {} ({message}): write one object per line, such as {example}",
                error.column()
            ));
        }
    };
    query(&line, &example)?
        .due(catalog)
        .map_err(|e| error_text(catalog, &e))
}

/// A deadline error as one English line; an unknown holiday calendar names the close ones.
pub fn error_text(catalog: &Catalog, error: &DeadlineError) -> String {
    match error {
        DeadlineError::UnknownCountry(UnknownCountry(code)) => {
            let close: Vec<String> = catalog
                .close_calendars(code.as_str())
                .iter()
                .map(ToString::to_string)
                .collect();
            format!(
                "country: {error}; use one of {}, or \"none\"",
                close.join(", ")
            )
        }
        DeadlineError::Clock(ClockError::PastEnd) => {
            let (first, last) = (YEARS.start(), YEARS.end());
            format!(
                "the deadline falls after {last}, beyond the years {first}–{last} the time-zone data covers; the submission instant is within them: give an earlier one"
            )
        }
        DeadlineError::Clock(_) => error.to_string(),
    }
}

fn query(line: &Map<String, Value>, example: &str) -> Result<DeadlineQuery, String> {
    if let Some(unknown) = line.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(format!(
            "unknown field {}; the fields are {}",
            quote(unknown),
            FIELDS.join(", ")
        ));
    }
    let plan = required(line, example, "plan")?;
    let plan = plan.parse::<PlanId>().map_err(|_| {
        format!(
            "plan: {} is not a plan; use {}",
            quote(plan),
            PlanId::declared().join(", ")
        )
    })?;
    let priority = required(line, example, "priority")?;
    let priority = priority.parse::<Priority>().map_err(|_| {
        format!(
            "priority: {} is not a priority; use {}",
            quote(priority),
            Priority::NAMES.join(", ")
        )
    })?;
    let region = required(line, example, "region")?;
    let region = region.parse::<RegionId>().map_err(|_| {
        format!(
            "region: {} is not a region; use {}",
            quote(region),
            RegionId::declared().join(", ")
        )
    })?;
    let at = required(line, example, "at")?;
    let submitted = DateTime::parse_from_rfc3339(at)
        .map_err(|_| {
            format!(
                "at: {} is not an RFC 3339 instant such as 2026-11-20T16:30:00Z",
                quote(at)
            )
        })?
        .with_timezone(&Utc);
    let timezone = zone(line, "timezone")?;
    let tz = zone(line, "tz")?;
    let timezone = match (timezone, tz) {
        (Some(a), Some(b)) if !same_zone(a, b) => {
            return Err(format!(
                "timezone: {} and tz: {} are different zones; give one of them (tz is another name for timezone)",
                quote(a.name()),
                quote(b.name())
            ));
        }
        (a, b) => a.or(b),
    };
    let country = parse_country(optional(line, "country")?)?;
    let added_holidays = match line.get("holidays") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(dates)) => dates
            .iter()
            .map(|d| {
                d.as_str()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .ok_or_else(|| {
                        // A string is quoted as written; anything else (a number) as JSON.
                        let given = d.as_str().map_or_else(|| quote(&d.to_string()), quote);
                        format!("holidays: {given} is not a date such as \"2026-12-24\"")
                    })
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(r#"holidays: write a list of dates such as ["2026-12-24"]"#.to_owned());
        }
    };
    Ok(DeadlineQuery {
        plan,
        priority,
        region,
        submitted,
        timezone,
        country,
        added_holidays,
    })
}

/// The zone of `field` (`timezone`, or its other name `tz`), if given.
fn zone(line: &Map<String, Value>, field: &str) -> Result<Option<Tz>, String> {
    optional(line, field)?
        .map(|text| {
            parse_tz(text).ok_or_else(|| {
                format!(
                    "{field}: {} is not an IANA time zone such as Europe/London",
                    quote(text)
                )
            })
        })
        .transpose()
}

fn required<'a>(
    line: &'a Map<String, Value>,
    example: &str,
    field: &str,
) -> Result<&'a str, String> {
    optional(line, field)?
        .ok_or_else(|| format!("{field}: missing; write one object per line, such as {example}"))
}

fn optional<'a>(line: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>, String> {
    match line.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(format!(
            "{field}: {} is not a string; write it in quotes",
            quote(&other.to_string())
        )),
    }
}

/// A user's value inside an error: at most 80 characters, control characters escaped.
fn quote(value: &str) -> String {
    let shown: String = value.chars().take(QUOTED_CHARS).collect();
    let more = if value.chars().nth(QUOTED_CHARS).is_some() {
        "…"
    } else {
        ""
    };
    format!("{shown:?}{more}")
}

/// An IANA zone name in any letter case (`europe/london`), as `/hours timezone:` takes it.
pub fn parse_tz(text: &str) -> Option<Tz> {
    Tz::from_str_insensitive(text.trim()).ok()
}

/// `None` → the region's country; `"none"` → no national holidays; else a country or subdivision
/// code (`GB`, `GB-ENG`).
pub fn parse_country(country: Option<&str>) -> Result<HolidayCountry, String> {
    match country {
        None => Ok(HolidayCountry::RegionDefault),
        Some(c) if c.eq_ignore_ascii_case("none") => Ok(HolidayCountry::None),
        Some(c) => c
            .parse::<CountryCode>()
            .map(HolidayCountry::Country)
            .map_err(|_| {
                format!(
                    "country: {} is not a country or subdivision code such as GB or GB-ENG, or \"none\"",
                    quote(c)
                )
            }),
    }
}

/// Whether two zones are one for the clock: the same offset at every instant of its years, as
/// two names of one tzdb zone have ("Asia/Tokyo" and its link "Japan"; "UTC" and "Etc/UTC").
/// chrono-tz gives links variants of their own, so the names alone cannot tell.
fn same_zone(a: Tz, b: Tz) -> bool {
    if a == b {
        return true;
    }
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(*YEARS.start(), 1, 1),
        NaiveDate::from_ymd_opt(*YEARS.end(), 12, 31),
    ) else {
        return false;
    };
    let end = last.and_time(NaiveTime::MIN).and_utc();
    let mut day = first.and_time(NaiveTime::MIN).and_utc();
    while day <= end {
        let next = day + TimeDelta::days(1);
        if offset(a, day) != offset(b, day) {
            return false;
        }
        // An offset that changes within the day, in either zone, must change at the same
        // instant in both.
        let changes = |tz: Tz| offset(tz, day) != offset(tz, next);
        if (changes(a) || changes(b)) && change(a, day, next) != change(b, day, next) {
            return false;
        }
        day = next;
    }
    true
}

fn offset(tz: Tz, at: DateTime<Utc>) -> chrono::FixedOffset {
    tz.offset_from_utc_datetime(&at.naive_utc()).fix()
}

/// The first second after `from`, up to `to`, whose offset in `tz` is not `from`'s.
fn change(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
    let before = offset(tz, from);
    let (mut low, mut high) = (from, to);
    while high - low > TimeDelta::seconds(1) {
        let mid = low + (high - low) / 2;
        match offset(tz, mid) == before {
            true => low = mid,
            false => high = mid,
        }
    }
    high
}

#[cfg(test)]
mod tests;
