//! The common line read without copies: a JSON object of known fields whose values are plain
//! strings, parsed from the line's own bytes, with the values seen before looked up in small
//! per-worker tables instead of parsed again. A line this path is not sure of (anything unusual:
//! an escape in a value, a duplicate or unknown field, a value that does not parse) is left to
//! the per-line reader in `batch.rs`, which then answers it from scratch, so every error and
//! every unusual line is answered exactly as that reader answers it.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use super::{NO_HOLIDAY_DATA, parse_country, parse_tz};
use crate::domain::catalog::HolidayCountry;
use crate::domain::deadline::{Deadline, DeadlineQuery};
use crate::domain::ids::{PlanId, Priority, RegionId};

/// The fields of a line, borrowed from it. Unknown or repeated fields fail the parse (the
/// per-line reader then names the field); `&str` fails on a value with an escape, which only
/// the per-line reader decodes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fields<'a> {
    #[serde(borrow, default)]
    plan: Option<&'a str>,
    #[serde(borrow, default)]
    priority: Option<&'a str>,
    #[serde(borrow, default)]
    region: Option<&'a str>,
    #[serde(borrow, default)]
    at: Option<&'a str>,
    #[serde(borrow, default)]
    timezone: Option<&'a str>,
    /// `timezone`'s other name.
    #[serde(borrow, default)]
    tz: Option<&'a str>,
    #[serde(borrow, default)]
    country: Option<&'a str>,
    #[serde(borrow, default)]
    holidays: Option<Vec<&'a str>>,
}

/// How many distinct texts of one field a worker remembers: far more than a programme has plans,
/// regions or zones in use, and few enough that a miss costs a short scan.
const REMEMBERED: usize = 64;

/// Texts of one field already parsed, with what they parsed to (a failure too).
struct Seen<T> {
    entries: Vec<(Box<str>, T)>,
}

impl<T: Copy> Seen<T> {
    fn new() -> Seen<T> {
        Seen {
            entries: Vec::new(),
        }
    }

    fn get(&mut self, text: &str, parse: impl FnOnce(&str) -> T) -> T {
        if let Some((_, value)) = self.entries.iter().find(|(seen, _)| **seen == *text) {
            return *value;
        }
        let value = parse(text);
        if self.entries.len() < REMEMBERED {
            self.entries.push((text.into(), value));
        }
        value
    }
}

/// One worker's tables of texts already parsed.
pub(super) struct Parsed {
    plans: Seen<Option<PlanId>>,
    regions: Seen<Option<RegionId>>,
    zones: Seen<Option<Tz>>,
    countries: Seen<Option<HolidayCountry>>,
}

impl Parsed {
    pub(super) fn new() -> Parsed {
        Parsed {
            plans: Seen::new(),
            regions: Seen::new(),
            zones: Seen::new(),
            countries: Seen::new(),
        }
    }

    /// The question on `line`, when it is a well-formed question this path can read; `None`
    /// leaves the line to the per-line reader (which answers errors).
    pub(super) fn query(&mut self, line: &str) -> Option<DeadlineQuery> {
        // serde_json would also read a struct from an array; the per-line reader refuses one.
        if !line.trim_start().starts_with('{') {
            return None;
        }
        let fields: Fields = serde_json::from_str(line).ok()?;
        let plan = self.plans.get(fields.plan?, |p| p.parse().ok())?;
        let priority = fields.priority?.parse::<Priority>().ok()?;
        let region = self.regions.get(fields.region?, |r| r.parse().ok())?;
        let submitted = instant(fields.at?)?;
        // Both names given: the per-line reader compares them (and says so when they differ).
        let timezone = match (fields.timezone, fields.tz) {
            (None, None) => None,
            (Some(zone), None) | (None, Some(zone)) => Some(self.zones.get(zone, parse_tz)?),
            (Some(_), Some(_)) => return None,
        };
        let country = self
            .countries
            .get_optional(fields.country, |c| parse_country(c).ok())?;
        let added_holidays = fields
            .holidays
            .unwrap_or_default()
            .into_iter()
            .map(date)
            .collect::<Option<_>>()?;
        Some(DeadlineQuery {
            plan,
            priority,
            region,
            submitted,
            timezone,
            country,
            added_holidays,
        })
    }
}

impl Seen<Option<HolidayCountry>> {
    /// An absent country is a value of its own (the region's default), parsed like the others.
    fn get_optional(
        &mut self,
        text: Option<&str>,
        parse: impl Fn(Option<&str>) -> Option<HolidayCountry>,
    ) -> Option<HolidayCountry> {
        match text {
            None => parse(None),
            Some(text) => self.get(text, |t| parse(Some(t))),
        }
    }
}

/// `2026-11-20T16:30:00Z`, the layout nearly every line uses, read digit by digit; any other
/// RFC 3339 form goes through chrono, as in the per-line reader.
fn instant(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
        && let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) = (
            digits(&b[0..4]),
            digits(&b[5..7]),
            digits(&b[8..10]),
            digits(&b[11..13]),
            digits(&b[14..16]),
            digits(&b[17..19]),
        )
        && let Some(at) = i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, mo, d))
            .and_then(|date| date.and_hms_opt(h, mi, s))
    {
        return Some(at.and_utc());
    }
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// `2026-12-24`, else chrono's reading of the per-line reader's format.
fn date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10]))
        && let Some(date) = i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
    {
        return Some(date);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The number written by at most four ASCII digits.
fn digits(text: &[u8]) -> Option<u32> {
    text.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// `{"due":"2026-11-23T10:30:00Z"}` and the warning when there is one, byte for byte what
/// serde_json writes for the per-line reader's answer, and a new line.
pub(super) fn write_due(out: &mut Vec<u8>, deadline: &Deadline, warning_json: &[u8]) {
    let due = deadline.due;
    let year = due.year();
    out.extend_from_slice(br#"{"due":""#);
    // A leap second or a year beyond four digits is formatted by chrono (the clock refuses
    // such years; this keeps the writer exact for any instant).
    if (0..=9999).contains(&year) && due.nanosecond() < 1_000_000_000 {
        let mut text = *b"0000-00-00T00:00:00Z";
        put(&mut text[0..4], year.unsigned_abs());
        put(&mut text[5..7], due.month());
        put(&mut text[8..10], due.day());
        put(&mut text[11..13], due.hour());
        put(&mut text[14..16], due.minute());
        put(&mut text[17..19], due.second());
        out.extend_from_slice(&text);
    } else {
        out.extend_from_slice(
            due.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                .as_bytes(),
        );
    }
    out.push(b'"');
    if deadline.holidays_unknown {
        out.extend_from_slice(br#","warning":"#);
        out.extend_from_slice(warning_json);
    }
    out.extend_from_slice(b"}\n");
}

/// `n` as zero-padded decimal filling `into`.
fn put(into: &mut [u8], mut n: u32) {
    for digit in into.iter_mut().rev() {
        // A remainder of 10 is below 256.
        *digit = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// The warning as a JSON string, written once.
pub(super) fn warning_json() -> Vec<u8> {
    serde_json::to_vec(NO_HOLIDAY_DATA).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_instant_reads_as_chrono_reads_it() {
        for text in [
            "2026-11-20T16:30:00Z",
            "1900-01-01T00:00:00Z",
            "2099-12-31T23:59:59Z",
            "2024-02-29T12:00:00Z",
        ] {
            let chrono = DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(instant(text), Some(chrono), "{text}");
        }
        // Other forms are chrono's to read, or to refuse.
        assert_eq!(
            instant("2026-11-20T16:30:00.5+09:00"),
            Some(
                DateTime::parse_from_rfc3339("2026-11-20T16:30:00.5+09:00")
                    .unwrap()
                    .with_timezone(&Utc)
            )
        );
        for bad in [
            "2026-02-30T16:30:00Z",
            "2026-11-20T24:00:00Z",
            "2026-1a-20T16:30:00Z",
            "+026-11-20T16:30:00Z",
            "2026-11-20 16:30:00",
        ] {
            assert_eq!(instant(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_usual_date_reads_as_chrono_reads_it() {
        assert_eq!(date("2026-12-24"), NaiveDate::from_ymd_opt(2026, 12, 24));
        assert_eq!(date("2026-13-45"), None);
        assert_eq!(date("2026-+1-01"), None);
    }

    #[test]
    fn a_due_instant_is_written_as_serde_json_writes_it() {
        let warning = warning_json();
        for (due, holidays_unknown) in [
            ("2026-11-23T10:30:00Z", false),
            ("2036-03-04T12:00:00Z", true),
            ("1900-01-01T00:00:00Z", false),
            ("2016-12-31T23:59:60Z", false),
            ("2026-11-23T10:30:00.999Z", false),
        ] {
            let due = DateTime::parse_from_rfc3339(due)
                .unwrap()
                .with_timezone(&Utc);
            let deadline = Deadline {
                due,
                holidays_unknown,
            };
            let mut ours = Vec::new();
            write_due(&mut ours, &deadline, &warning);
            let mut theirs = serde_json::to_vec(&super::super::Answer::Due {
                due: due.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                warning: holidays_unknown.then_some(NO_HOLIDAY_DATA),
            })
            .unwrap();
            theirs.push(b'\n');
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
        }
    }
}
