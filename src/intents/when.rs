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
    /// Twelve lists of words, January first.
    months: Vec<Vec<String>>,
    /// Words that, written just before a weekday, name that day of next week ("next monday",
    /// 来週月曜, 下禮拜一).
    #[serde(default)]
    next_week: Vec<String>,
    /// Lists of words for yesterday, the day before, ….
    #[serde(default)]
    days_ago: Vec<Vec<String>>,
    /// Words that, written just before a weekday, name that day of the week before this one
    /// (上週五, 先週の金曜).
    #[serde(default)]
    last_week: Vec<String>,
    /// Words that, written just before a weekday, name the latest such day before today ("last
    /// friday").
    #[serde(default)]
    last: Vec<String>,
    /// Words that say the case was already filed ("filed", 提交了, 出しました): a weekday or a date
    /// without a year is then the latest one, today included, unless `hypothetical` words say
    /// the filing is only supposed ("if", 如果, 出したら).
    #[serde(default)]
    past: Vec<String>,
    /// Words that describe a case as filed without saying it was ("a P2 filed friday", 開的單):
    /// people write so of a filing to come as often as of one done, so a date without a year
    /// is the nearer one, a weekday the next.
    #[serde(default)]
    participle: Vec<String>,
    #[serde(default)]
    hypothetical: Vec<String>,
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
    months: Vec<Regex>,
    /// `next-week` as one pattern that ends where the text before a weekday ends.
    next_week: Option<Regex>,
    days_ago: Vec<Regex>,
    /// `last-week` and `last`, each as one pattern that ends where the text before a weekday
    /// ends.
    last_week: Option<Regex>,
    last: Option<Regex>,
    past: Option<Regex>,
    participle: Option<Regex>,
    hypothetical: Option<Regex>,
    /// Each named day's month and day, and its names.
    named_days: Vec<((u32, u32), Regex)>,
}

/// A date and time found in a question, and the text that said it.
pub(super) struct Found {
    pub at: NaiveDateTime,
    pub spans: Vec<Range<usize>>,
    /// Whether a calendar day was named (written, known by its name, or counted from today), not
    /// only a weekday, which a question often means of every week ("open on saturdays?"), or a
    /// time, which is then today's.
    pub dated: bool,
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
        let before_weekday = |key: &str, words: &[String]| match words {
            [] => Ok(None),
            words => {
                let joined: Vec<String> = words.iter().map(|w| format!("(?:{w})")).collect();
                compile(
                    &format!("when.{key}"),
                    &format!("(?:{}) ?$", joined.join("|")),
                )
                .map(Some)
            }
        };
        let next_week = before_weekday("next-week", &file.next_week)?;
        let last_week = before_weekday("last-week", &file.last_week)?;
        let last = before_weekday("last", &file.last)?;
        let days_ago = match file.days_ago.as_slice() {
            [] => Vec::new(),
            lists_ago => lists("days-ago", lists_ago, None)?,
        };
        let words = |key: &str, words: &[String]| match words {
            [] => Ok(None),
            words => one_of(&format!("when.{key}"), words).map(Some),
        };
        let past = words("past", &file.past)?;
        let participle = words("participle", &file.participle)?;
        let hypothetical = words("hypothetical", &file.hypothetical)?;
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
            months: lists("months", &file.months, Some(12))?,
            next_week,
            days_ago,
            last_week,
            last,
            past,
            participle,
            hypothetical,
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
        let mut dated = false;
        let date = match self.date(text, today) {
            Some((Some(date), span, from)) => {
                spans.push(span);
                dated = from == DayFrom::Calendar;
                Some(date)
            }
            Some((None, _, _)) => return None,
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
        Some(Found { at, spans, dated })
    }

    /// Whether `text` says the case was already filed, and not only supposes it.
    fn tense(&self, text: &str) -> Tense {
        let said = |r: &Option<Regex>| r.as_ref().is_some_and(|r| r.is_match(text));
        if said(&self.hypothetical) {
            Tense::Future
        } else if said(&self.past) {
            Tense::Past
        } else if said(&self.participle) {
            Tense::Participle
        } else {
            Tense::Future
        }
    }

    /// A date written out (`None` inside when it does not exist); else a day known by its
    /// name; else a day counted from today, forward or back; else a weekday named: that day of
    /// next week or of last week when `next-week` or `last-week` words come just before it, the
    /// latest before today after `last`, else the nearest one (today included) in the
    /// question's tense.
    fn date(
        &self,
        text: &str,
        today: NaiveDate,
    ) -> Option<(Option<NaiveDate>, Range<usize>, DayFrom)> {
        let tense = self.tense(text);
        let written = earliest(&self.dates, text, |caps| {
            self.written_date(caps, today, tense)
        });
        if let Some((date, span)) = written {
            return Some((date, span, DayFrom::Calendar));
        }
        let named = self
            .named_days
            .iter()
            .filter_map(|(day, r)| r.find(text).map(|m| (*day, m.range())))
            .min_by_key(|(_, span)| span.start);
        if let Some(((month, day), span)) = named {
            return Some((
                day_of_year(today, month, day, tense, 8),
                span,
                DayFrom::Calendar,
            ));
        }
        let ahead = self.days_ahead.iter().zip(0i64..);
        let ago = self.days_ago.iter().zip((1i64..).map(|days| -days));
        let counted = ahead
            .chain(ago)
            .filter_map(|(r, days)| r.find(text).map(|m| (days, m.range())))
            .min_by_key(|(_, span)| span.start);
        if let Some((days, span)) = counted {
            return Some((shifted(today, days), span, DayFrom::Calendar));
        }
        let (weekday, span) = self
            .weekdays
            .iter()
            .zip(WEEK)
            .filter_map(|(r, weekday)| r.find(text).map(|m| (weekday, m.range())))
            .min_by_key(|(_, span)| span.start)?;
        let from_monday = i64::from(weekday.num_days_from_monday());
        let today_from_monday = i64::from(today.weekday().num_days_from_monday());
        let before = text.get(..span.start).unwrap_or_default();
        let said_before = |r: &Option<Regex>| r.as_ref().and_then(|r| r.find(before));
        // Days from today: weeks start on Monday.
        let (days, start) = if let Some(next) = said_before(&self.next_week) {
            (7 - today_from_monday + from_monday, next.start())
        } else if let Some(last_week) = said_before(&self.last_week) {
            (from_monday - today_from_monday - 7, last_week.start())
        } else if let Some(last) = said_before(&self.last) {
            // One to seven days back: "last monday" said on a Monday is a week ago.
            let back = (today_from_monday - from_monday - 1).rem_euclid(7) + 1;
            (-back, last.start())
        } else {
            let ahead = (7 + from_monday - today_from_monday) % 7;
            match tense {
                Tense::Future | Tense::Participle => (ahead, span.start),
                Tense::Past => ((ahead - 7) % 7, span.start),
            }
        };
        Some((shifted(today, days), start..span.end, DayFrom::Weekday))
    }

    /// A date from its groups; without a year, the nearest such day in the question's tense
    /// (today included). `None` when the words are not a date ("case 42"), `Some(None)` when
    /// they name a day that does not exist.
    fn written_date(
        &self,
        caps: &Captures<'_>,
        today: NaiveDate,
        tense: Tense,
    ) -> Option<Option<NaiveDate>> {
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
            // This year's or the one after (or before); 29 February of a year without one
            // does not exist, rather than waiting for a leap year.
            None => day_of_year(today, month, day, tense, 1),
        })
    }
}

/// How a question named its day: as a day of the calendar, or as a weekday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DayFrom {
    Calendar,
    Weekday,
}

/// Whether a question says the case was filed already ("we filed", 提交了, 出しました: a
/// weekday or a date is the latest one), only describes it as filed ("a P2 filed friday", 開的:
/// a date is the nearest one, a weekday the next) or neither (the next one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tense {
    Past,
    Participle,
    Future,
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

/// `days` after `today`, or before it when negative.
fn shifted(today: NaiveDate, days: i64) -> Option<NaiveDate> {
    match u64::try_from(days) {
        Ok(ahead) => today.checked_add_days(Days::new(ahead)),
        Err(_) => today.checked_sub_days(Days::new(days.unsigned_abs())),
    }
}

/// A `month`-`day` within `years` of `today` (today included): the next one, the latest in the
/// past tense, the nearer of the two (the next on a tie) for a filing only described; 29
/// February waits for a leap year within `years`.
fn day_of_year(
    today: NaiveDate,
    month: u32,
    day: u32,
    tense: Tense,
    years: i32,
) -> Option<NaiveDate> {
    let year = today.year();
    let next = || {
        (year..=year.checked_add(years)?)
            .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
            .find(|date| *date >= today)
    };
    let latest = || {
        (year.checked_sub(years)?..=year)
            .rev()
            .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
            .find(|date| *date <= today)
    };
    match tense {
        Tense::Future => next(),
        Tense::Past => latest(),
        Tense::Participle => match (next(), latest()) {
            (Some(next), Some(latest)) if today - latest < next - today => Some(latest),
            (next, latest) => next.or(latest),
        },
    }
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
    use std::path::Path;
    use std::sync::OnceLock;

    use chrono::NaiveDate;

    use super::super::{Intents, normalize};
    use super::{When, number};

    fn when() -> &'static When {
        static INTENTS: OnceLock<Intents> = OnceLock::new();
        let intents = INTENTS.get_or_init(|| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
            Intents::load(&dir).unwrap_or_else(|e| panic!("{e}"))
        });
        intents
            .when
            .as_ref()
            .unwrap_or_else(|| panic!("data/intents.toml has a [when]"))
    }

    /// The instant `text` names when asked on `today`, as `/due … at:` takes it.
    fn at(text: &str, today: NaiveDate) -> Option<String> {
        when()
            .find(&normalize(text), today)
            .map(|found| found.at.format("%Y-%m-%d %H:%M").to_string())
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("{y}-{m}-{d} exists"))
    }

    #[test]
    fn days_counted_back_from_today() {
        let monday = day(2026, 11, 30);
        for (text, want) in [
            (
                "business p2 emea filed yesterday at 4pm when due",
                "2026-11-29 16:00",
            ),
            ("業務支援P2 歐洲 昨天下午4點開的 期限", "2026-11-29 16:00"),
            (
                "ビジネスP2 欧州 昨日の16時に出した 期限は",
                "2026-11-29 16:00",
            ),
            ("opened the day before yesterday at 9am", "2026-11-28 09:00"),
            ("前天早上9點開的", "2026-11-28 09:00"),
            ("一昨日の9時に起票しました", "2026-11-28 09:00"),
            ("おととい9時に出しました", "2026-11-28 09:00"),
        ] {
            assert_eq!(at(text, monday).as_deref(), Some(want), "{text:?}");
        }
        // Across the start of a month and of a year.
        assert_eq!(
            at("filed yesterday at 12pm", day(2026, 12, 1)).as_deref(),
            Some("2026-11-30 12:00")
        );
        assert_eq!(
            at("yesterday at 8am", day(2027, 1, 1)).as_deref(),
            Some("2026-12-31 08:00")
        );
    }

    #[test]
    fn last_weeks_days_and_the_latest_such_day() {
        let monday = day(2026, 11, 30);
        for (text, today, want) in [
            (
                "filed last friday at 5pm, when is it due",
                monday,
                "2026-11-27 17:00",
            ),
            ("上週五下午5點開的", monday, "2026-11-27 17:00"),
            ("上個禮拜五下午5點", monday, "2026-11-27 17:00"),
            ("先週の金曜の17時", monday, "2026-11-27 17:00"),
            // "last monday" on a Monday is a week ago; "last sunday" yesterday.
            ("last monday 9am", monday, "2026-11-23 09:00"),
            ("last sunday 9am", monday, "2026-11-29 09:00"),
            // On a Thursday: "last tuesday" is two days ago, 上週二 the Tuesday of the week before.
            ("last tuesday 9am", day(2026, 12, 3), "2026-12-01 09:00"),
            ("上週二早上9點", day(2026, 12, 3), "2026-11-24 09:00"),
            // 早上 is a morning, not 上 (last): 星期五 stays the next Friday.
            ("早上星期五9點", monday, "2026-12-04 09:00"),
        ] {
            assert_eq!(at(text, today).as_deref(), Some(want), "{text:?}");
        }
    }

    #[test]
    fn a_case_already_filed_reads_the_latest_day_and_a_supposed_one_the_next() {
        let monday = day(2026, 11, 30);
        for (text, want) in [
            // Said to be filed: the latest such day, today included.
            (
                "I filed a P2 on Friday at 5pm in London",
                "2026-11-27 17:00",
            ),
            ("we submitted it on monday at 9am", "2026-11-30 09:00"),
            ("we opened it on dec 24 at 6:30pm", "2025-12-24 18:30"),
            ("it was raised on christmas eve", "2025-12-24 00:00"),
            ("they already logged it saturday 3pm", "2026-11-28 15:00"),
            ("我在星期五下午5點提交了P2案件", "2026-11-27 17:00"),
            ("禮拜五下午5點開了案件", "2026-11-27 17:00"),
            ("11月27日下午5點送出了", "2026-11-27 17:00"),
            ("金曜日の17時にP2のケースを出しました", "2026-11-27 17:00"),
            ("金曜17時に起票した", "2026-11-27 17:00"),
            ("11月27日17時に提出しました", "2026-11-27 17:00"),
            // Described as filed: a date is the nearer one, a weekday the next.
            (
                "business p2 emea filed on 27 Nov at 17:00, when due?",
                "2026-11-27 17:00",
            ),
            (
                "elite p3 from tokyo filed dec 24 at 6:30pm",
                "2026-12-24 18:30",
            ),
            ("a p2 opened on christmas eve", "2026-12-24 00:00"),
            ("12月25日上午10點 開的單", "2026-12-25 10:00"),
            ("11月27日下午5點開的單", "2026-11-27 17:00"),
            ("online p2 raised friday 5pm", "2026-12-04 17:00"),
            ("禮拜六凌晨2點開單的期限", "2026-12-05 02:00"),
            // A year written is that year, whatever the tense.
            ("we filed it 2026-12-04 16:00", "2026-12-04 16:00"),
            // Supposed or to come: the next such day.
            ("if I file friday at 5pm", "2026-12-04 17:00"),
            ("if we filed on 27 nov at 17:00", "2027-11-27 17:00"),
            ("biz p2 london at 5pm friday, when due?", "2026-12-04 17:00"),
            ("如果禮拜五下午5點開", "2026-12-04 17:00"),
            ("星期五下午5點開單", "2026-12-04 17:00"),
            ("金曜に出したら17時", "2026-12-04 17:00"),
            ("金曜の17時に提出した場合", "2026-12-04 17:00"),
        ] {
            assert_eq!(at(text, monday).as_deref(), Some(want), "{text:?}");
        }
        // 29 February of a year without one does not exist in either tense.
        assert_eq!(at("we filed it on 29 feb at 9am", day(2027, 3, 1)), None);
        assert_eq!(at("feb 29 at 9am", day(2026, 3, 1)), None);
        assert_eq!(
            at("we filed it on 29 feb at 9am", day(2028, 3, 1)).as_deref(),
            Some("2028-02-29 09:00")
        );
    }

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
