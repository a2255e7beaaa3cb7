//! `supportbot due --batch`: deadline questions as JSON lines in, one JSON line out per input, in
//! order. Streams, so a million lines need no more memory than one.

use std::io::{BufRead, Write};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::domain::catalog::{Catalog, HolidayCountry, UnknownCountry};
use crate::domain::deadline::{DeadlineError, DeadlineQuery};
use crate::domain::ids::{CountryCode, PlanId, Priority, RegionId};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    plan: PlanId,
    priority: Priority,
    region: RegionId,
    at: String,
    tz: Option<String>,
    country: Option<String>,
    #[serde(default)]
    holidays: Vec<String>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Answer {
    Due { due: String },
    Error { error: String },
}

/// How many lines were answered, and how many of them with an error.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BatchSummary {
    pub lines: u64,
    pub errors: u64,
}

pub fn run(
    catalog: &Catalog,
    input: impl BufRead,
    mut output: impl Write,
) -> std::io::Result<BatchSummary> {
    let mut summary = BatchSummary::default();
    for line in input.split(b'\n') {
        let line = line?;
        let line = String::from_utf8_lossy(&line);
        if line.trim().is_empty() {
            continue;
        }
        summary.lines += 1;
        let answer = match answer(catalog, &line) {
            Ok(due) => Answer::Due {
                due: due.to_rfc3339_opts(SecondsFormat::Secs, true),
            },
            Err(error) => {
                summary.errors += 1;
                Answer::Error { error }
            }
        };
        serde_json::to_writer(&mut output, &answer)?;
        output.write_all(b"\n")?;
    }
    output.flush()?;
    Ok(summary)
}

fn answer(catalog: &Catalog, line: &str) -> Result<DateTime<Utc>, String> {
    let line: Line = serde_json::from_str(line).map_err(|e| e.to_string())?;
    query(line)?
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
        DeadlineError::Clock(_) => error.to_string(),
    }
}

fn query(line: Line) -> Result<DeadlineQuery, String> {
    let submitted = DateTime::parse_from_rfc3339(&line.at)
        .map_err(|_| {
            format!(
                "at: {:?} is not an RFC 3339 instant such as 2026-11-20T16:30:00Z",
                line.at
            )
        })?
        .with_timezone(&Utc);
    let timezone = line
        .tz
        .map(|tz| {
            tz.parse::<Tz>()
                .map_err(|_| format!("tz: unknown time zone {tz:?}"))
        })
        .transpose()?;
    let country = parse_country(line.country.as_deref())?;
    let added_holidays = line
        .holidays
        .iter()
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| format!("holidays: {d:?} is not a date YYYY-MM-DD"))
        })
        .collect::<Result<_, _>>()?;
    Ok(DeadlineQuery {
        plan: line.plan,
        priority: line.priority,
        region: line.region,
        submitted,
        timezone,
        country,
        added_holidays,
    })
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
            .map_err(|e| format!("country: {e}, or \"none\"")),
    }
}
