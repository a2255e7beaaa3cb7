//! Dates and times written anywhere in a question ("a P2 filed friday at 5pm", "明天下午3點",
//! "金曜日の17時"), read as the local date and time `/due … at:` takes. The words are data
//! (`[when]` of `data/intents.toml`); this file only puts the pieces together.

use std::ops::Range;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use regex::{Captures, Regex, RegexSet, RegexSetBuilder};
use serde::Deserialize;

/// `[when]` as written in the file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct WhenFile {
    dates: Vec<String>,
    times: Vec<String>,
    /// Seven lists of words, Monday first.
    weekdays: Vec<Vec<String>>,
    /// Lists of words for today, tomorrow, the day after, ….
    days_ahead: Vec<Vec<String>>,
    /// Lists of words for yesterday, the day before, …: a case filed then.
    #[serde(default)]
    days_ago: Vec<Vec<String>>,
    /// Twelve lists of words, January first.
    months: Vec<Vec<String>>,
    /// Words that, written just before a weekday, name that day of next week ("next monday",
    /// 来週月曜, 下禮拜一).
    #[serde(default)]
    next_week: Vec<String>,
    /// Days of the year known by a name (Christmas Eve): the next such day, today included.
    #[serde(default)]
    named_days: Vec<NamedDayFile>,
}

/// A day of the year and the words that name it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NamedDayFile {
    month: u32,
    day: u32,
    names: Vec<String>,
}

/// `[when]` compiled.
pub(super) struct When {
    /// Every pattern below at once: most messages name no day or time, and one pass says so.
    any: RegexSet,
    dates: Vec<Regex>,
    times: Vec<Regex>,
    weekdays: Vec<Regex>,
    days_ahead: Vec<Regex>,
    days_ago: Vec<Regex>,
    months: Vec<Regex>,
    /// `next-week` as one pattern that ends where the text before a weekday ends.
    next_week: Option<Regex>,
    /// Each named day's month and day, and its names.
    named_days: Vec<((u32, u32), Regex)>,
}

/// A date and time found in a question, and the text that said it.
pub(super) struct Found {
    pub at: NaiveDateTime,
    pub spans: Vec<Range<usize>>,
}

impl When {
    /// Compiles `[when]`; `compile` is the file's pattern compiler, `one_of` joins a list of
    /// words into one pattern. An error names the key and what is wrong.
    pub(super) fn compile<E>(
        file: &WhenFile,
        compile: impl Fn(&str, &str) -> Result<Regex, E>,
        one_of: impl Fn(&str, &[String]) -> Result<Regex, E>,
        invalid: impl Fn(String, String) -> E,
    ) -> Result<When, E> {
        let lists = |key: &str, lists: &[Vec<String>], count: Option<usize>| {
            if count.is_some_and(|n| n != lists.len()) || lists.is_empty() {
                return Err(invalid(
                    format!("when.{key}"),
                    format!("{} lists of words, not {}", count.unwrap_or(1), lists.len()),
                ));
            }
            lists
                .iter()
                .map(|words| one_of(&format!("when.{key}"), words))
                .collect::<Result<Vec<_>, _>>()
        };
        let with_groups = |key: &str, patterns: &[String], groups: &[&[&str]]| {
            patterns
                .iter()
                .map(|p| {
                    let r = compile(&format!("when.{key}"), p)?;
                    let names: Vec<&str> = r.capture_names().flatten().collect();
                    match groups
                        .iter()
                        .find(|any| !any.iter().any(|g| names.contains(g)))
                    {
                        Some(missing) => Err(invalid(
                            format!("when.{key}"),
                            format!("pattern {p:?} has no group named {}", missing.join(" or ")),
                        )),
                        None => Ok(r),
                    }
                })
                .collect::<Result<Vec<_>, _>>()
        };
        let dates = with_groups("dates", &file.dates, &[&["day"], &["month", "mon"]])?;
        let times = with_groups("times", &file.times, &[&["hour", "noon"]])?;
        let weekdays = lists("weekdays", &file.weekdays, Some(7))?;
        let days_ahead = lists("days-ahead", &file.days_ahead, None)?;
        let days_ago = match file.days_ago.is_empty() {
            true => Vec::new(),
            false => lists("days-ago", &file.days_ago, None)?,
        };
        let next_week = match file.next_week.as_slice() {
            [] => None,
            words => {
                let joined: Vec<String> = words.iter().map(|w| format!("(?:{w})")).collect();
                Some(compile(
                    "when.next-week",
                    &format!("(?:{}) ?$", joined.join("|")),
                )?)
            }
        };
        let mut named_days = Vec::new();
        for named in &file.named_days {
            let place = format!("when.named-days ({}-{})", named.month, named.day);
            // A leap year, so 29 February may be named.
            if NaiveDate::from_ymd_opt(2000, named.month, named.day).is_none() {
                return Err(invalid(place, "not a day of the year".into()));
            }
            if named.names.is_empty() {
                return Err(invalid(place, "no names".into()));
            }
            named_days.push(((named.month, named.day), one_of(&place, &named.names)?));
        }
        // The patterns are already prepared by `compile`.
        let any = RegexSetBuilder::new(
            dates
                .iter()
                .chain(&times)
                .chain(&weekdays)
                .chain(&days_ahead)
                .chain(&days_ago)
                .chain(named_days.iter().map(|(_, r)| r))
                .map(Regex::as_str),
        )
        .case_insensitive(true)
        .size_limit(64 << 20)
        .dfa_size_limit(super::DFA_CACHE)
        .build()
        .map_err(|e| invalid("when".into(), e.to_string()))?;
        Ok(When {
            any,
            dates,
            times,
            weekdays,
            days_ahead,
            days_ago,
            months: lists("months", &file.months, Some(12))?,
            next_week,
            named_days,
        })
    }

    /// The earliest date and the earliest time of day in `text`, put together: a time alone is
    /// on `today`, a date alone at its midnight. `None` when neither is there, or when the date
    /// written does not exist (31 February): its time is not moved to another day.
    pub(super) fn find(&self, text: &str, today: NaiveDate) -> Option<Found> {
        if !self.any.is_match(text) {
            return None;
        }
        let mut spans = Vec::new();
        let date = match self.date(text, today) {
            Some((Some(date), span)) => {
                spans.push(span);
                Some(date)
            }
            Some((None, _)) => return None,
            None => None,
        };
        let time = earliest(&self.times, text, time_of).map(|(time, span)| {
            spans.push(span);
            time
        });
        if date.is_none() && time.is_none() {
            return None;
        }
        let at = date
            .unwrap_or(today)
            .and_time(time.unwrap_or(NaiveTime::MIN));
        Some(Found { at, spans })
    }

    /// A date written out (`None` inside when it does not exist); else a day known by its
    /// name; else a day counted from today, forward or back (the earlier written); else the
    /// next weekday named (today included), or that weekday of next week when `next-week`
    /// words come just before it.
    fn date(&self, text: &str, today: NaiveDate) -> Option<(Option<NaiveDate>, Range<usize>)> {
        let written = earliest(&self.dates, text, |caps| self.written_date(caps, today));
        if written.is_some() {
            return written;
        }
        let named = self
            .named_days
            .iter()
            .filter_map(|(day, r)| r.find(text).map(|m| (*day, m.range())))
            .min_by_key(|(_, span)| span.start);
        if let Some(((month, day), span)) = named {
            return Some((next_such_day(today, month, day), span));
        }
        let counted = |lists: &[Regex], later: bool| {
            lists
                .iter()
                .enumerate()
                .filter_map(|(days, r)| r.find(text).map(|m| (days, m.range())))
                .min_by_key(|(_, span)| span.start)
                .and_then(|(days, span)| {
                    let days = u64::try_from(days).ok()?;
                    // The first list of `days-ago` is yesterday, of `days-ahead` today.
                    let date = match later {
                        true => today.checked_add_days(Days::new(days)),
                        false => today.checked_sub_days(Days::new(days.checked_add(1)?)),
                    };
                    Some((date, span))
                })
        };
        let counted = match (
            counted(&self.days_ahead, true),
            counted(&self.days_ago, false),
        ) {
            (Some(ahead), Some(ago)) => Some(if ago.1.start < ahead.1.start {
                ago
            } else {
                ahead
            }),
            (ahead, ago) => ahead.or(ago),
        };
        if counted.is_some() {
            return counted;
        }
        let (weekday, span) = self
            .weekdays
            .iter()
            .zip(WEEK)
            .filter_map(|(r, weekday)| r.find(text).map(|m| (weekday, m.range())))
            .min_by_key(|(_, span)| span.start)?;
        let from_monday = weekday.num_days_from_monday();
        let today_from_monday = today.weekday().num_days_from_monday();
        let before = text.get(..span.start).unwrap_or_default();
        match self.next_week.as_ref().and_then(|r| r.find(before)) {
            Some(next) => {
                // The weekday of the week after this one (weeks start on Monday).
                let days = 7 - today_from_monday + from_monday;
                let span = next.start()..span.end;
                Some((today.checked_add_days(Days::new(u64::from(days))), span))
            }
            None => {
                let days = (7 + from_monday - today_from_monday) % 7;
                Some((today.checked_add_days(Days::new(u64::from(days))), span))
            }
        }
    }

    /// A date from its groups; without a year, the next such day (today included). `None` when
    /// the words are not a date ("case 42"), `Some(None)` when they name a day that does not
    /// exist.
    fn written_date(&self, caps: &Captures<'_>, today: NaiveDate) -> Option<Option<NaiveDate>> {
        let number = |name: &str| caps.name(name)?.as_str().parse::<u32>().ok();
        let day = number("day")?;
        let month = match caps.name("mon") {
            Some(name) => {
                let index = self
                    .months
                    .iter()
                    .position(|r| r.find(name.as_str()).is_some_and(|m| m.len() == name.len()))?;
                u32::try_from(index).ok()? + 1
            }
            None => number("month")?,
        };
        Some(match number("year") {
            Some(year) => i32::try_from(year)
                .ok()
                .and_then(|year| NaiveDate::from_ymd_opt(year, month, day)),
            None => match NaiveDate::from_ymd_opt(today.year(), month, day) {
                Some(date) if date >= today => Some(date),
                _ => today
                    .year()
                    .checked_add(1)
                    .and_then(|year| NaiveDate::from_ymd_opt(year, month, day)),
            },
        })
    }
}

const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The next `month`-`day` from `today` (today included); 29 February waits for a leap year.
fn next_such_day(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    (today.year()..=today.year().checked_add(8)?)
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .find(|date| *date >= today)
}

/// A time of day from its groups: hour (or noon), minute, am or pm, half (past).
fn time_of(caps: &Captures<'_>) -> Option<NaiveTime> {
    let hour = match caps.name("noon") {
        Some(_) => 12,
        None => number(caps.name("hour")?.as_str())?,
    };
    let minute = match (caps.name("minute"), caps.name("half")) {
        (Some(m), _) => number(m.as_str())?,
        (None, Some(_)) => 30,
        (None, None) => 0,
    };
    let hour = match (caps.name("am"), caps.name("pm")) {
        // "12am" is midnight, "12pm" noon.
        (Some(_), _) if (1..=12).contains(&hour) => hour % 12,
        (_, Some(_)) if (1..=12).contains(&hour) => hour % 12 + 12,
        // "午後17時": the evening word said twice.
        (_, Some(_)) if (13..=23).contains(&hour) => hour,
        (Some(_), _) | (_, Some(_)) => return None,
        (None, None) => hour,
    };
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// A number written in digits or in Chinese numerals up to 99 ("兩", "十一", "二十三").
fn number(text: &str) -> Option<u32> {
    if let Ok(n) = text.parse::<u32>() {
        return Some(n);
    }
    let digit = |c: char| match c {
        '〇' | '零' => Some(0),
        '一' => Some(1),
        '二' | '兩' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}

/// The earliest match of any of `patterns` whose groups make a value.
fn earliest<T>(
    patterns: &[Regex],
    text: &str,
    value: impl Fn(&Captures<'_>) -> Option<T>,
) -> Option<(T, Range<usize>)> {
    patterns
        .iter()
        .filter_map(|r| {
            r.captures_iter(text).find_map(|caps| {
                let span = caps.get(0)?.range();
                Some((value(&caps)?, span))
            })
        })
        .min_by_key(|(_, span)| span.start)
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_in_digits_and_chinese_numerals() {
        for (text, want) in [
            ("7", Some(7)),
            ("十", Some(10)),
            ("十一", Some(11)),
            ("二十", Some(20)),
            ("二十三", Some(23)),
            ("兩", Some(2)),
            ("三十", Some(30)),
            ("百", None),
            ("十十", None),
            ("", None),
        ] {
            assert_eq!(number(text), want, "{text:?}");
        }
    }
}
