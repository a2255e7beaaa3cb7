//! Dates and times written anywhere in a question ("a P2 filed friday at 5pm", "明天下午3點",
//! "金曜日の17時"), read as the local date and time `/due … at:` takes. The words are data
//! (`[when]` of `data/intents.toml`); this file only puts the pieces together.

use std::ops::Range;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use regex::{Captures, Regex};

use super::{Matched, PatternSet};
use serde::Deserialize;

use super::matched_among;

/// `[when]` as written in the file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct WhenFile {
    dates: Vec<String>,
    /// Dates written with the month first and no year ("12-3"), read only in a question written
    /// in Chinese or Japanese, where that order is the only one.
    #[serde(default)]
    month_first: Vec<String>,
    /// Numeric dates whose order the numbers tell (groups `first`, `second`, `year` optional):
    /// a number over 12 is the day; two numbers up to 12 are month first in a Chinese or Japanese
    /// question, and unread in any other ("3/4": the command then says how to write a date).
    #[serde(default)]
    either_order: Vec<String>,
    /// Text that looks like a numeric date and is not ("24/7").
    #[serde(default)]
    not_dates: Vec<String>,
    /// A day of the month without its month ("on the 3rd", 3號): group `day`.
    #[serde(default)]
    day_of_month: Vec<String>,
    /// A number of days before today ("3 days ago", 三天前, 3日前): group `count`.
    #[serde(default)]
    days_ago_count: Vec<String>,
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
    /// Words that, written just before a weekday, name this week's ("this saturday", 這禮拜六,
    /// 今週の土曜): a day of the calendar, as a date is, not any such day.
    #[serde(default)]
    this_week: Vec<String>,
    /// Words that say the case was already filed ("filed", 提交了, 出しました): a weekday is then
    /// the latest one, today included, and a date without a year the nearer one, unless
    /// `hypothetical` words before them say the filing is only supposed ("if", 如果, 出したら).
    #[serde(default)]
    past: Vec<String>,
    /// Words that describe a case as filed without saying it was ("a P2 filed friday", 開的單):
    /// people write so of a filing to come as often as of one done, so a date without a year
    /// is the nearer one, a weekday the next.
    #[serde(default)]
    participle: Vec<String>,
    #[serde(default)]
    hypothetical: Vec<String>,
    /// Words that say the case is filed as the message is written ("just now", 剛剛, さっき):
    /// the instant the command takes when none is given.
    #[serde(default)]
    now: Vec<String>,
    /// A number of hours or minutes before the message ("2 hours ago", 30分鐘前, 1時間前): groups
    /// `count` and `unit` (hours when it starts with h, 小時, 鐘頭 or 時間; else minutes).
    #[serde(default)]
    ago: Vec<String>,
    /// Days of the year known by a name (Christmas Eve): the next such day, today included (the
    /// nearer one for a filing said or described).
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
    /// Every pattern of a day or a time at once: most messages name no day or time, and one
    /// pass says so; for those that do, it says which patterns to read captures with (a capture
    /// search is the slow kind, and most patterns find nothing).
    any: PatternSet,
    /// Where each list of patterns is in `any`.
    at_in_any: AtInAny,
    /// `hypothetical`, `past`, `participle` and `not_dates` at once: which of them to look for,
    /// in one pass rather than one each.
    words: PatternSet,
    /// Where each of them is in `words`.
    at_in_words: AtInWords,
    dates: Vec<Regex>,
    month_first: Vec<Regex>,
    either_order: Vec<Regex>,
    day_of_month: Vec<Regex>,
    not_dates: Option<Regex>,
    days_ago_count: Vec<Regex>,
    times: Vec<Regex>,
    weekdays: Vec<Regex>,
    days_ahead: Vec<Regex>,
    months: Vec<Regex>,
    /// `next-week` as one pattern that ends where the text before a weekday ends.
    next_week: Option<Regex>,
    days_ago: Vec<Regex>,
    /// `last-week`, `last` and `this-week`, each as one pattern that ends where the text before
    /// a weekday ends.
    last_week: Option<Regex>,
    last: Option<Regex>,
    this_week: Option<Regex>,
    past: Option<Regex>,
    participle: Option<Regex>,
    hypothetical: Option<Regex>,
    ago: Vec<Regex>,
    /// Each named day's month and day, and its names.
    named_days: Vec<((u32, u32), Regex)>,
}

/// A text in which `When::mentions` found a day or a time, and every pattern of `When::any`
/// that matches it.
pub(super) struct Mentions<'t> {
    text: &'t str,
    present: Matched,
}

/// A date and time found in a question, and the text that said it.
pub(super) struct Found {
    pub at: At,
    /// Whether a time of day was said (or "just now", "2 hours ago"), not only a day.
    pub timed: bool,
    /// Whether a calendar day was named (written, known by its name, or counted from today), not
    /// only a weekday, which a question often means of every week ("open on saturdays?"), or a
    /// time, which is then today's.
    pub dated: bool,
    pub spans: Vec<Range<usize>>,
    /// The latest other calendar day named, when it is after the first: "Christmas and New
    /// Year" asks about the stretch between them.
    pub last: Option<NaiveDate>,
}

impl Found {
    /// The calendar day named, when one was (see `dated`).
    pub fn day(&self) -> Option<NaiveDate> {
        match &self.at {
            At::Local(at) | At::Utc(at) if self.dated => Some(at.date()),
            _ => None,
        }
    }
}

/// When a question says the case is filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum At {
    /// A local date and time, in the customer's zone unless the question names another.
    Local(NaiveDateTime),
    /// A time of day in UTC ("14:00Z"), on the local date.
    Utc(NaiveDateTime),
    /// A date whose order nothing tells ("3/4" in English), with the time said, as written: the
    /// command refuses it and says how to write one.
    Unread(String),
    /// As the message is written ("just now", 剛剛).
    Now,
    /// This long before the message ("2 hours ago").
    Ago(TimeDelta),
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
        let month_first = with_groups("month-first", &file.month_first, &[&["day"], &["month"]])?;
        let either_order = with_groups(
            "either-order",
            &file.either_order,
            &[&["first"], &["second"]],
        )?;
        let days_ago_count = with_groups("days-ago-count", &file.days_ago_count, &[&["count"]])?;
        let day_of_month = with_groups("day-of-month", &file.day_of_month, &[&["day"]])?;
        let times = with_groups("times", &file.times, &[&["hour", "noon", "midnight"]])?;
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
        let this_week = before_weekday("this-week", &file.this_week)?;
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
        let now = words("now", &file.now)?;
        let not_dates = words("not-dates", &file.not_dates)?;
        let ago = with_groups("ago", &file.ago, &[&["count"], &["unit"]])?;
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
        // Every pattern of a day or a time in one set, list after list, and the words that are
        // neither in another; where each list starts is kept as it is appended, so the offsets
        // cannot drift from the order.
        let mut all: Vec<&Regex> = Vec::new();
        let at_in_any = AtInAny {
            dates: appended(&mut all, &dates),
            month_first: appended(&mut all, &month_first),
            either_order: appended(&mut all, &either_order),
            day_of_month: appended(&mut all, &day_of_month),
            days_ago_count: appended(&mut all, &days_ago_count),
            times: appended(&mut all, &times),
            weekdays: appended(&mut all, &weekdays),
            days_ahead: appended(&mut all, &days_ahead),
            days_ago: appended(&mut all, &days_ago),
            named_days: appended(&mut all, named_days.iter().map(|(_, r)| r)),
            now: one(&mut all, &now),
            ago: appended(&mut all, &ago),
        };
        let mut all_words: Vec<&Regex> = Vec::new();
        let at_in_words = AtInWords {
            hypothetical: one(&mut all_words, &hypothetical),
            past: one(&mut all_words, &past),
            participle: one(&mut all_words, &participle),
            not_dates: one(&mut all_words, &not_dates),
        };
        // The patterns are already prepared by `compile`.
        let set = |all: Vec<&Regex>| {
            PatternSet::new(all.iter().map(|r| r.as_str()))
                .map_err(|e| invalid("when".into(), e.to_string()))
        };
        Ok(When {
            any: set(all)?,
            at_in_any,
            words: set(all_words)?,
            at_in_words,
            dates,
            month_first,
            either_order,
            day_of_month,
            not_dates,
            days_ago_count,
            times,
            weekdays,
            days_ahead,
            months: lists("months", &file.months, Some(12))?,
            next_week,
            days_ago,
            last_week,
            last,
            this_week,
            past,
            participle,
            hypothetical,
            ago,
            named_days,
        })
    }

    /// The earliest date and the earliest time of day in the text `mentions` read, put
    /// together: a time alone is on today, a date alone at its midnight; with neither, words
    /// saying the case is filed as the message is written ("just now", whatever other day is
    /// named) or hours before it. A case said to be filed already on a weekday or at a time
    /// alone is never after `now` (local): the same words' earlier day is taken (last week's
    /// Friday, yesterday for a time alone) [D]; a date without a year is the nearer one, or the
    /// one on the weekday written beside it.
    /// `None` when no pattern's captures make a day or a time, or when the date written does not
    /// exist (31 February): its time is not moved to another day.
    pub(super) fn find(&self, mentions: &Mentions<'_>, now: NaiveDateTime) -> Option<Found> {
        let Mentions { text, present } = mentions;
        let at = &self.at_in_any;
        let today = now.date();
        let words = self.words.matches(text);
        let tense = self.tense(text, &words);
        // Words that are no date nor time ("priority 1 tonight at 11pm", 今日本), found once.
        let excluded = self.not_dates_in(text, &words);
        let mut spans = Vec::new();
        let mut dated = false;
        let mut today_said = false;
        let date = match self.date(text, today, tense, present, &excluded) {
            Some((Date::Missing, _, _)) => return None,
            Some((date, span, from)) => {
                spans.push(span);
                dated = from == DayFrom::Calendar;
                today_said = from == DayFrom::Today;
                Some(date)
            }
            None => None,
        };
        // A time inside the date ("12.05.2026") is part of it.
        let in_date = |range: &Range<usize>| {
            spans
                .first()
                .is_some_and(|d: &Range<usize>| d.start <= range.start && range.end <= d.end)
        };
        let time = earliest(
            matched_among(self.times.iter(), at.times, present),
            text,
            |caps| {
                let whole = caps.get(0)?.range();
                (!in_date(&whole) && !overlaps(&excluded, &whole)).then_some(())?;
                Some((time_of(caps)?, caps.name("utc").is_some()))
            },
        );
        let date_span = spans.first().cloned();
        if let Some((_, span)) = &time {
            spans.push(span.clone());
        }
        let time = time.map(|(time, _)| time);
        // Filed as the message is written, whatever other day it names ("剛剛開了一張P2 … 活動明天
        // 就要上了"). Not blanked: "filing a p1 right now" names the priority in between.
        if time.is_none()
            && !matches!(date, Some(Date::Unread))
            && at.now.is_some_and(|now| present.matched(now))
        {
            return Some(Found {
                at: At::Now,
                timed: true,
                dated: false,
                spans: Vec::new(),
                last: None,
            });
        }
        let (day, back) = match date {
            Some(Date::Unread) => {
                let written = date_span
                    .and_then(|span| text.get(span))
                    .unwrap_or_default()
                    .trim();
                let at = match time {
                    Some((time, _)) => format!("{written} {}", time.format("%H:%M")),
                    None => written.to_owned(),
                };
                return Some(Found {
                    at: At::Unread(at),
                    timed: time.is_some(),
                    dated: false,
                    spans,
                    last: None,
                });
            }
            // "If I file today", 今天開的話: as the message is written.
            Some(Date::Day(..)) if today_said && time.is_none() => {
                return Some(Found {
                    at: At::Now,
                    timed: false,
                    dated: false,
                    spans,
                    last: None,
                });
            }
            // A date without its year whose weekday is said too ("週五12/4", "fri dec 4"): the
            // year in which it falls on that day, said outright.
            Some(Date::Day(day, Back::Year)) => match date_span
                .as_ref()
                .and_then(|span| self.on_weekday_said(mentions, span, day, today))
            {
                Some(day) => (day, Back::Said),
                None => (day, Back::Year),
            },
            Some(Date::Day(day, back)) => (day, back),
            Some(Date::Missing) | None if time.is_none() => {
                let (ago, span) = earliest(
                    matched_among(self.ago.iter(), at.ago, present),
                    text,
                    ago_of,
                )?;
                return Some(Found {
                    at: At::Ago(ago),
                    timed: true,
                    dated: false,
                    spans: vec![span],
                    last: None,
                });
            }
            Some(Date::Missing) | None => (today, Back::Day),
        };
        let timed = time.is_some();
        let (time, utc) = time.unwrap_or((NaiveTime::MIN, false));
        let mut at = day.and_time(time);
        if tense == Tense::Past && !utc && at > now {
            at = match back {
                Back::Day => at.checked_sub_days(Days::new(1))?,
                Back::Week => at.checked_sub_days(Days::new(7))?,
                Back::Year | Back::Said => at,
            };
        }
        let last = match dated {
            true => self
                .last_day(mentions, today, tense, &excluded)
                .filter(|last| *last > at.date()),
            false => None,
        };
        Some(Found {
            at: if utc { At::Utc(at) } else { At::Local(at) },
            timed,
            dated,
            spans,
            last,
        })
    }

    /// The same month and day as `day`, last year, this year or next, that falls on the
    /// weekday written next to the date (at `span`: "週五12/4", "12/4(金)", "fri dec 4"), the
    /// nearest to today; `None` when no weekday is written next to it, or `day` is on it
    /// already, or no such year is near ("open dec 24? anyone in on friday?" names no year).
    fn on_weekday_said(
        &self,
        mentions: &Mentions<'_>,
        span: &Range<usize>,
        day: NaiveDate,
        today: NaiveDate,
    ) -> Option<NaiveDate> {
        let Mentions { text, present } = mentions;
        let between = |from: usize, to: usize| {
            text.get(from..to)
                .is_some_and(|gap| gap.trim().is_empty() || gap.trim() == "の")
        };
        let weekdays = self.weekdays.iter().zip(WEEK);
        let (weekday, _) = matched_among(weekdays, self.at_in_any.weekdays, present)
            .filter_map(|(r, weekday)| {
                r.find_iter(text)
                    .find(|m| {
                        (m.end() <= span.start && between(m.end(), span.start))
                            || (m.start() >= span.end && between(span.end, m.start()))
                            // "12/4 金": the bracketed weekday's pattern reads the digit before it.
                            || (m.start() < span.end && m.end() > span.end)
                    })
                    .map(|m| (weekday, m.start()))
            })
            .min_by_key(|(_, start)| *start)?;
        if day.weekday() == weekday {
            return None;
        }
        let year = today.year();
        (year.checked_sub(1)?..=year.checked_add(1)?)
            .filter_map(|year| day.with_year(year))
            .filter(|date| date.weekday() == weekday)
            .min_by_key(|date| (*date - today).num_days().abs())
    }

    /// The latest calendar day written out or known by its name in `text`. Of two names that
    /// overlap ("christmas eve" in which "christmas" is found too), the one listed first counts,
    /// as in [`When::date`].
    fn last_day(
        &self,
        mentions: &Mentions<'_>,
        today: NaiveDate,
        tense: Tense,
        excluded: &[Range<usize>],
    ) -> Option<NaiveDate> {
        let Mentions { text, present } = mentions;
        let at = &self.at_in_any;
        // Every day a pattern writes out, outside the words that are no dates.
        let days_of = |r: &Regex, cjk: bool| -> Vec<NaiveDate> {
            r.captures_iter(text)
                .filter(|caps| {
                    caps.get(0)
                        .is_some_and(|whole| !overlaps(excluded, &whole.range()))
                })
                .filter_map(|caps| match self.written_date(&caps, today, tense, cjk) {
                    Some(Date::Day(day, _)) => Some(day),
                    _ => None,
                })
                .collect()
        };
        let written =
            matched_among(self.dates.iter(), at.dates, present).flat_map(|r| days_of(r, false));
        // "12/31跟1/1": numbers whose order a Chinese or Japanese question tells.
        let cjk = text
            .chars()
            .any(|c| super::normalize::is_han(c) || super::normalize::is_kana(c));
        let numeric: Vec<NaiveDate> = match cjk {
            true => matched_among(self.either_order.iter(), at.either_order, present)
                .flat_map(|r| days_of(r, true))
                .collect(),
            false => Vec::new(),
        };
        let mut taken: Vec<Range<usize>> = Vec::new();
        let mut named = Vec::new();
        for ((month, day), r) in matched_among(self.named_days.iter(), at.named_days, present) {
            for m in r.find_iter(text) {
                let span = m.range();
                if overlaps(&taken, &span) || overlaps(excluded, &span) {
                    continue;
                }
                taken.push(span);
                named.extend(day_of_year(today, *month, *day, tense, 8));
            }
        }
        written.chain(numeric).chain(named).max()
    }

    /// Where `text` has numbers that are no date (`not-dates`); `words`, what `words` matched.
    fn not_dates_in(&self, text: &str, words: &Matched) -> Vec<Range<usize>> {
        if_matched(&self.not_dates, self.at_in_words.not_dates, words)
            .map(|r| r.find_iter(text).map(|m| m.range()).collect())
            .unwrap_or_default()
    }

    /// What `[when]` finds in `text`, when it has a day or a time of day in any of the ways
    /// `[when]` reads them: one pass over it.
    pub(super) fn mentions<'t>(&self, text: &'t str) -> Option<Mentions<'t>> {
        let present = self.any.matches(text);
        present.matched_any().then_some(Mentions { text, present })
    }

    /// Whether `text` says the case was already filed, and not only supposes it; `words`, what
    /// `words` matched.
    fn tense(&self, text: &str, words: &Matched) -> Tense {
        let at_in = &self.at_in_words;
        let at = |r: &Option<Regex>, index: Option<usize>| {
            if_matched(r, index, words)
                .and_then(|r| r.find(text))
                .map(|m| m.start())
        };
        // A supposition about the filing comes before it ("if we filed on friday"); one after
        // is about something else ("logged a P4 on Thursday … if they've a leg to stand on").
        match (
            at(&self.hypothetical, at_in.hypothetical),
            at(&self.past, at_in.past),
        ) {
            (Some(supposed), Some(filed)) if filed < supposed => Tense::Past,
            (Some(_), _) => Tense::Future,
            (None, Some(_)) => Tense::Past,
            (None, None) if at(&self.participle, at_in.participle).is_some() => Tense::Participle,
            (None, None) => Tense::Future,
        }
    }

    /// The earlier of a date written out (`None` inside when it does not exist) and a day known
    /// by its name; else a day counted from today, forward or back; else a weekday named: that
    /// day of next week or of last week when `next-week` or `last-week` words come just before
    /// it, this week's after `this-week`, the latest before today after `last`, else the
    /// nearest one (today included) in the question's tense.
    fn date(
        &self,
        text: &str,
        today: NaiveDate,
        tense: Tense,
        present: &Matched,
        excluded: &[Range<usize>],
    ) -> Option<(Date, Range<usize>, DayFrom)> {
        let at = &self.at_in_any;
        // 12/30 in Chinese or Japanese is only ever December 30; English writers disagree [D].
        let cjk = text
            .chars()
            .any(|c| super::normalize::is_han(c) || super::normalize::is_kana(c));
        let value = |caps: &Captures<'_>| {
            let whole = caps.get(0)?.range();
            if overlaps(excluded, &whole) {
                return None;
            }
            self.written_date(caps, today, tense, cjk)
        };
        let month_first = match cjk {
            true => earliest(
                matched_among(self.month_first.iter(), at.month_first, present),
                text,
                value,
            ),
            false => None,
        };
        let written = [
            earliest(
                matched_among(self.dates.iter(), at.dates, present),
                text,
                value,
            ),
            earliest(
                matched_among(self.either_order.iter(), at.either_order, present),
                text,
                value,
            ),
            earliest(
                matched_among(self.day_of_month.iter(), at.day_of_month, present),
                text,
                value,
            ),
            month_first,
        ]
        .into_iter()
        .flatten()
        .min_by_key(|(_, span)| span.start);
        let named = matched_among(self.named_days.iter(), at.named_days, present)
            .filter_map(|(day, r)| {
                r.find_iter(text)
                    .map(|m| m.range())
                    .find(|span| !overlaps(excluded, span))
                    .map(|span| (*day, span))
            })
            .min_by_key(|(_, span)| span.start);
        // The earlier of a date written out and a day known by its name ("聖誕夜到12/26").
        let named = named.map(|((month, day), span)| {
            let day = day_of_year(today, month, day, tense, 8);
            (
                day.map_or(Date::Missing, |d| Date::Day(d, Back::Year)),
                span,
            )
        });
        if let Some((date, span)) = written
            .into_iter()
            .chain(named)
            .min_by_key(|(_, span)| span.start)
        {
            return Some((date, span, DayFrom::Calendar));
        }
        let ahead = matched_among(self.days_ahead.iter().zip(0i64..), at.days_ahead, present);
        let ago = self.days_ago.iter().zip((1i64..).map(|days| -days));
        let ago = matched_among(ago, at.days_ago, present);
        let counted = ahead
            .chain(ago)
            .filter_map(|(r, days)| {
                r.find_iter(text)
                    .map(|m| m.range())
                    .find(|span| !overlaps(excluded, span))
                    .map(|span| (days, span))
            })
            .chain(
                matched_among(self.days_ago_count.iter(), at.days_ago_count, present).filter_map(
                    |r| {
                        let caps = r.captures_iter(text).find(|caps| {
                            caps.get(0).is_some_and(|m| !overlaps(excluded, &m.range()))
                        })?;
                        let days = i64::from(number(caps.name("count")?.as_str())?);
                        Some((-days, caps.get(0)?.range()))
                    },
                ),
            )
            .min_by_key(|(_, span)| span.start);
        if let Some((days, span)) = counted {
            let day = shifted(today, days);
            return Some((
                day.map_or(Date::Missing, |d| Date::Day(d, Back::Said)),
                span,
                match days {
                    0 => DayFrom::Today,
                    _ => DayFrom::Calendar,
                },
            ));
        }
        let (weekday, span) = matched_among(self.weekdays.iter().zip(WEEK), at.weekdays, present)
            .filter_map(|(r, weekday)| r.find(text).map(|m| (weekday, m.range())))
            .min_by_key(|(_, span)| span.start)?;
        let from_monday = i64::from(weekday.num_days_from_monday());
        let today_from_monday = i64::from(today.weekday().num_days_from_monday());
        let before = text.get(..span.start).unwrap_or_default();
        // The words before a weekday; a group `word` marks where they start when the pattern
        // also reads the letter before them ("上週五" but not "早上週五": 芝加哥上週五 keeps 哥).
        let said_before = |r: &Option<Regex>| {
            r.as_ref()
                .and_then(|r| r.captures(before))
                .and_then(|caps| caps.name("word").or_else(|| caps.get(0)).map(|m| m.start()))
        };
        // Days from today: weeks start on Monday.
        let (days, start, back) = if let Some(next) = said_before(&self.next_week) {
            (7 - today_from_monday + from_monday, next, Back::Said)
        } else if let Some(last_week) = said_before(&self.last_week) {
            (from_monday - today_from_monday - 7, last_week, Back::Said)
        } else if let Some(this) = said_before(&self.this_week) {
            // This week's, Monday to Sunday, whatever the tense.
            (from_monday - today_from_monday, this, Back::Said)
        } else if let Some(last) = said_before(&self.last) {
            // One to seven days back: "last monday" said on a Monday is a week ago.
            let back = (today_from_monday - from_monday - 1).rem_euclid(7) + 1;
            (-back, last, Back::Said)
        } else {
            let ahead = (7 + from_monday - today_from_monday) % 7;
            match tense {
                Tense::Future | Tense::Participle => (ahead, span.start, Back::Week),
                Tense::Past => ((ahead - 7) % 7, span.start, Back::Week),
            }
        };
        let day = shifted(today, days);
        // "This saturday", "next monday", "last thursday" (a day said outright): one day of the
        // calendar, not any such day.
        let from = match back {
            Back::Week => DayFrom::Weekday,
            _ => DayFrom::Calendar,
        };
        Some((
            day.map_or(Date::Missing, |d| Date::Day(d, back)),
            start..span.end,
            from,
        ))
    }

    /// A date from its groups; without a year, the nearest such day in the question's tense
    /// (today included). `None` when the words are not a date ("case 42"), `Some(None)` when
    /// they name a day that does not exist.
    fn written_date(
        &self,
        caps: &Captures<'_>,
        today: NaiveDate,
        tense: Tense,
        cjk: bool,
    ) -> Option<Date> {
        let number = |name: &str| number(caps.name(name)?.as_str());
        // "9-17時" is a range of hours, not 17 September.
        if caps.name("hours").is_some() {
            return None;
        }
        let (month, day) = match (number("first"), number("second")) {
            (Some(first), Some(second)) => match (first, second) {
                (1..=12, 13..=31) => (first, second),
                (13..=31, 1..=12) => (second, first),
                (1..=12, 1..=12) if cjk => (first, second),
                (1..=12, 1..=12) => return Some(Date::Unread),
                // 24/31, 0/5: not a date.
                _ => return None,
            },
            _ => {
                let day = number("day")?;
                if caps.name("month").is_none() && caps.name("mon").is_none() {
                    let date = day_of_month(today, day, tense);
                    return Some(date.map_or(Date::Missing, |d| Date::Day(d, Back::Said)));
                }
                let month = match caps.name("mon") {
                    Some(name) => {
                        let index = self.months.iter().position(|r| {
                            r.find(name.as_str()).is_some_and(|m| m.len() == name.len())
                        })?;
                        u32::try_from(index).ok()? + 1
                    }
                    None => number("month")?,
                };
                (month, day)
            }
        };
        let day = match number("year") {
            Some(year) => i32::try_from(year)
                .ok()
                .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
                .map(|d| Date::Day(d, Back::Said)),
            // This year's or the one after (or before); 29 February of a year without one
            // does not exist, rather than waiting for a leap year.
            None => day_of_year(today, month, day, tense, 1).map(|d| Date::Day(d, Back::Year)),
        };
        Some(day.unwrap_or(Date::Missing))
    }
}

/// Where lists of patterns start in `When::any`, and where `now` is (`None` when the file has
/// none of its words).
struct AtInAny {
    dates: usize,
    month_first: usize,
    either_order: usize,
    day_of_month: usize,
    days_ago_count: usize,
    times: usize,
    weekdays: usize,
    days_ahead: usize,
    days_ago: usize,
    named_days: usize,
    now: Option<usize>,
    ago: usize,
}

/// Where each pattern is in `When::words` (`None` when the file has none of its words).
struct AtInWords {
    hypothetical: Option<usize>,
    past: Option<usize>,
    participle: Option<usize>,
    not_dates: Option<usize>,
}

/// `list` appended to `all`, and where in `all` it starts.
fn appended<'r>(all: &mut Vec<&'r Regex>, list: impl IntoIterator<Item = &'r Regex>) -> usize {
    let start = all.len();
    all.extend(list);
    start
}

/// `regex`, if any, appended to `all`, and where in `all` it is.
fn one<'r>(all: &mut Vec<&'r Regex>, regex: &'r Option<Regex>) -> Option<usize> {
    regex.as_ref().map(|r| appended(all, [r]))
}

/// `regex`, at `index` of a set, when the set `matched` it.
fn if_matched<'r>(
    regex: &'r Option<Regex>,
    index: Option<usize>,
    matched: &Matched,
) -> Option<&'r Regex> {
    index.filter(|&i| matched.matched(i)).and(regex.as_ref())
}

/// How a question named its day: as a day of the calendar, or as a weekday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DayFrom {
    Calendar,
    /// "Today" in words: with no time said, the filing is now, not at midnight [D].
    Today,
    Weekday,
}

/// A date a question names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Date {
    /// The day, and the earlier day the same words name.
    Day(NaiveDate, Back),
    /// Written, but no such day exists (31 February).
    Missing,
    /// Numbers whose order nothing tells ("3/4" in English).
    Unread,
}

/// The earlier instant the same words name, for a case said to be filed already that would
/// otherwise be after the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Back {
    /// A time alone: yesterday's.
    Day,
    /// A weekday: last week's.
    Week,
    /// A day of the year without its year: none, it is the nearer one already (or the one on
    /// the weekday said with it).
    Year,
    /// The day said outright (today, last friday, a year written): none.
    Said,
}

/// Whether a question says the case was filed already ("we filed", 提交了, 出しました: a
/// weekday is the latest one, a date the nearest), only describes it as filed ("a P2 filed
/// friday", 開的: a date is the nearest one, a weekday the next) or neither (the next one).
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

/// A `month`-`day` within `years` of `today` (today included): the next one, or the nearer of
/// the two (the next on a tie) for a filing said or described; 29 February waits for a leap
/// year within `years`.
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
        // Said filed or only described as filed, the nearer [D]: nobody asks when a case
        // filed eleven months ago was due, and writers put a filing to come in the past tense
        // ("星期六12/5早上10點開了P2", "12/31 23:00開的").
        Tense::Past | Tense::Participle => match (next(), latest()) {
            (Some(next), Some(latest)) if today - latest < next - today => Some(latest),
            (next, latest) => next.or(latest),
        },
    }
}

/// The `day` of this month or a coming one (of a past one in the past tense; the nearer for a
/// filing only described), today included; a month without that day (31 November) is skipped.
fn day_of_month(today: NaiveDate, day: u32, tense: Tense) -> Option<NaiveDate> {
    if !(1..=31).contains(&day) {
        return None;
    }
    let month_start = today.with_day(1)?;
    let in_month = |months: i32| {
        let start = match u32::try_from(months) {
            Ok(ahead) => month_start.checked_add_months(chrono::Months::new(ahead))?,
            Err(_) => month_start.checked_sub_months(chrono::Months::new(months.unsigned_abs()))?,
        };
        start.with_day(day)
    };
    let next = || (0..=2).filter_map(in_month).find(|d| *d >= today);
    let latest = || (-2..=0).rev().filter_map(in_month).find(|d| *d <= today);
    match tense {
        Tense::Future => next(),
        Tense::Past => latest(),
        Tense::Participle => match (next(), latest()) {
            (Some(next), Some(latest)) if today - latest < next - today => Some(latest),
            (next, latest) => next.or(latest),
        },
    }
}

/// A time of day from its groups: hour (or noon, midnight), minute, am or pm, half or quarter
/// (past the hour, or before it with `to`).
fn time_of(caps: &Captures<'_>) -> Option<NaiveTime> {
    let hour = match (caps.name("noon"), caps.name("midnight")) {
        (Some(_), _) => 12,
        (None, Some(_)) => 0,
        (None, None) => number(caps.name("hour")?.as_str())?,
    };
    let minute = match (caps.name("minute"), caps.name("half"), caps.name("quarter")) {
        (Some(m), _, _) => number(minutes(m.as_str()))?,
        (None, Some(_), _) => 30,
        (None, None, Some(_)) => 15,
        (None, None, None) => 0,
    };
    let hour = match (caps.name("am"), caps.name("pm")) {
        // "12am" is midnight, "12pm" noon.
        (Some(_), _) if (1..=12).contains(&hour) => hour % 12,
        (_, Some(_)) if (1..=12).contains(&hour) => hour % 12 + 12,
        // "午後17時": the evening word said twice.
        (_, Some(_)) if (13..=23).contains(&hour) => hour,
        (Some(_), _) | (_, Some(_)) => return None,
        // "at 3" with no am or pm: within working hours [D].
        (None, None) if caps.name("work").is_some() && (1..=6).contains(&hour) => hour + 12,
        (None, None) => hour,
    };
    match caps.name("to") {
        // "quarter to five": the minutes before the hour, on the same day.
        Some(_) if (1..60).contains(&minute) => {
            let (time, wrapped) = NaiveTime::from_hms_opt(hour, 0, 0)?
                .overflowing_sub_signed(chrono::TimeDelta::minutes(i64::from(minute)));
            (wrapped == 0).then_some(time)
        }
        Some(_) => None,
        None => NaiveTime::from_hms_opt(hour, minute, 0),
    }
}

/// How long before the message its groups say: a count (digits, words, 半 or "half an" for half an hour)
/// of hours or minutes, at most a week.
fn ago_of(caps: &Captures<'_>) -> Option<TimeDelta> {
    let unit = caps.name("unit")?.as_str();
    let hours = unit.starts_with('h') || ["小時", "鐘頭", "時間"].iter().any(|h| unit.contains(h));
    let count = caps.name("count")?.as_str();
    let minutes = match (count, hours) {
        ("半" | "half an" | "half a", true) => 30,
        ("a" | "an", true) => 60,
        ("a" | "an", false) => 1,
        (count, true) => i64::from(number(count)?).checked_mul(60)?,
        (count, false) => i64::from(number(count)?),
    };
    (1..=7 * 24 * 60)
        .contains(&minutes)
        .then(|| TimeDelta::minutes(minutes))
}

/// The number in a minute group without the word for minutes after it ("15分", "10 mins").
fn minutes(text: &str) -> &str {
    let text = text.trim_end_matches('分').trim_end();
    ["minutes", "minute", "mins", "min"]
        .iter()
        .find_map(|unit| text.strip_suffix(unit))
        .unwrap_or(text)
        .trim_end()
}

/// A number written in digits, in English words ("two", "forty five", "oh five") or in Chinese
/// numerals up to 99 ("兩", "十一", "二十三").
fn number(text: &str) -> Option<u32> {
    if let Ok(n) = text.parse::<u32>() {
        return Some(n);
    }
    if text.is_ascii() {
        return english_number(text);
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

/// A number up to 59 in English words: "seven", "fifteen", "forty five", "oh five".
fn english_number(text: &str) -> Option<u32> {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 4] = ["twenty", "thirty", "forty", "fifty"];
    let one = |word: &str| ONES.iter().position(|w| *w == word);
    let ten = |word: &str| TENS.iter().position(|w| *w == word).map(|i| i * 10 + 20);
    let value = match text.split([' ', '-']).collect::<Vec<_>>().as_slice() {
        [word] => one(word).or_else(|| ten(word))?,
        ["oh", word] => one(word).filter(|n| (1..10).contains(n))?,
        [tens, ones] => ten(tens)? + one(ones).filter(|n| (1..10).contains(n))?,
        _ => return None,
    };
    u32::try_from(value).ok()
}

/// Whether `span` overlaps one of `spans`.
fn overlaps(spans: &[Range<usize>], span: &Range<usize>) -> bool {
    spans
        .iter()
        .any(|x| x.start < span.end && span.start < x.end)
}

/// The earliest match of any of `patterns` whose groups make a value.
fn earliest<'r, T>(
    patterns: impl Iterator<Item = &'r Regex>,
    text: &str,
    value: impl Fn(&Captures<'_>) -> Option<T>,
) -> Option<(T, Range<usize>)> {
    patterns
        .filter_map(|r| {
            r.captures_iter(text).find_map(|caps| {
                let whole = caps.get(0)?.range();
                // A group `next` is read to tell what follows, not taken: "11點日本" leaves 日本.
                let end = caps.name("next").map_or(whole.end, |next| next.start());
                Some((value(&caps)?, whole.start..end))
            })
        })
        // Of two readings that start together, the longer: "at 5 past 5" over "at 5".
        .min_by_key(|(_, span)| (span.start, std::cmp::Reverse(span.end)))
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::OnceLock;

    use chrono::NaiveDate;

    use super::super::{Intents, normalize};
    use super::{At, When, number};

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
        let noon = today.and_time(chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
        let text = normalize(text);
        when()
            .mentions(&text)
            .and_then(|mentions| when().find(&mentions, noon))
            .map(|found| match found.at {
                At::Local(at) => at.format("%Y-%m-%d %H:%M").to_string(),
                At::Utc(at) => at.format("%Y-%m-%d %H:%MZ").to_string(),
                At::Unread(written) => format!("unread {written}"),
                At::Now => "now".to_owned(),
                At::Ago(ago) => format!("{} min ago", ago.num_minutes()),
            })
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
            // Said to be filed: the latest such weekday, today included; the nearer date.
            (
                "I filed a P2 on Friday at 5pm in London",
                "2026-11-27 17:00",
            ),
            ("we submitted it on monday at 9am", "2026-11-30 09:00"),
            ("we opened it on dec 24 at 6:30pm", "2026-12-24 18:30"),
            ("it was raised on christmas eve", "2026-12-24 00:00"),
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
        // 29 February of a year without one does not exist; said filed, the nearer one
        // within a year is the next.
        assert_eq!(at("feb 29 at 9am", day(2026, 3, 1)), None);
        assert_eq!(
            at("we filed it on 29 feb at 9am", day(2027, 3, 1)).as_deref(),
            Some("2028-02-29 09:00")
        );
        assert_eq!(
            at("we filed it on 29 feb at 9am", day(2028, 3, 1)).as_deref(),
            Some("2028-02-29 09:00")
        );
    }

    #[test]
    fn month_first_dates_in_chinese_and_japanese_questions() {
        let monday = day(2026, 11, 30);
        for (text, want) in [
            (
                "エリートプランで米州リージョン、12月2日朝8時にP3を出すと期限はいつ？",
                Some("2026-12-02 08:00"),
            ),
            ("12/30 早上十點 開單", Some("2026-12-30 10:00")),
            (
                "業務支援P4 日本 １２/３０早上10點開 期限",
                Some("2026-12-30 10:00"),
            ),
            ("12/30下午3點開單", Some("2026-12-30 15:00")),
            ("12-30 14時に出したら", Some("2026-12-30 14:00")),
            ("12/3の14時に出したら", Some("2026-12-03 14:00")),
            ("12/3 14時", Some("2026-12-03 14:00")),
            ("１２/３ １４時", Some("2026-12-03 14:00")),
            ("1/5 上午9點", Some("2027-01-05 09:00")),
            ("十二月三十號下午3點", Some("2026-12-30 15:00")),
            ("12月30 下午3點", Some("2026-12-30 15:00")),
            // Today is today's; a day past this year is next year's, unless already filed.
            ("11/30 下午2點開", Some("2026-11-30 14:00")),
            ("11/27 下午5點開了", Some("2026-11-27 17:00")),
            ("11/27の17時に出しました", Some("2026-11-27 17:00")),
            ("11/27 17時に出したら", Some("2027-11-27 17:00")),
            // A day that does not exist is not moved to another.
            ("2/30 10時", None),
            // A range of hours, 24/7 and a full date are not month-first dates.
            ("9-17時の対応", Some("2026-11-30 17:00")),
            ("24/7 支援嗎", None),
            ("2026/12/3 14時", Some("2026-12-03 14:00")),
            // English writers disagree on the order of two numbers up to 12: passed on as
            // written, never read as another day [D].
            ("business p2 japan 12/3 2pm", Some("unread 12/3 14:00")),
        ] {
            assert_eq!(at(text, monday).as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn numeric_dates_whose_order_the_numbers_tell_and_days_counted_back() {
        let monday = day(2026, 11, 30);
        for (text, want) in [
            ("business p2 emea filed 24/12 at 4pm", "2026-12-24 16:00"),
            ("business p2 emea filed on 12/24 16:00", "2026-12-24 16:00"),
            ("business p2 emea filed 12/24/2026 4pm", "2026-12-24 16:00"),
            ("business p2 emea filed 24/12/2026 4pm", "2026-12-24 16:00"),
            ("business p2 emea filed 24-12-2026 4pm", "2026-12-24 16:00"),
            (
                "business p2 emea filed 24.12.2026 16:00",
                "2026-12-24 16:00",
            ),
            // Dots are day first; the time is not read inside the date.
            ("opened 12.05.2026 10:00", "2026-05-12 10:00"),
            ("we filed it 25/11 at 9am", "2026-11-25 09:00"),
            ("11/24 16時に出しました", "2026-11-24 16:00"),
            ("11/24 下午4點開的案件", "2026-11-24 16:00"),
            // Both up to 12 in English: as written, for the command to refuse with an example.
            ("filed 3/4 at 4pm", "unread 3/4 16:00"),
            ("filed 3/4/2026", "unread 3/4/2026"),
            // 24/7 is no date.
            ("business p2 emea 24/7 at 4pm", "2026-11-30 16:00"),
            (
                "business p2 emea filed 3 days ago at 4pm",
                "2026-11-27 16:00",
            ),
            ("opened two days ago 9am", "2026-11-28 09:00"),
            ("三天前下午4點開的", "2026-11-27 16:00"),
            // A day of the month alone: this month's or the next.
            ("business p2 emea on the 3rd at 4pm", "2026-12-03 16:00"),
            ("opened on the 30th at 9am", "2026-11-30 09:00"),
            ("if we file on the 31st", "2026-12-31 00:00"),
            ("we filed it on the 28th at 9am", "2026-11-28 09:00"),
            ("3號下午4點開單", "2026-12-03 16:00"),
            ("27號下午5點開了", "2026-11-27 17:00"),
            // The year after a month's name.
            ("jan 5 2028 at 10am", "2028-01-05 10:00"),
            ("5th january 2028 10am", "2028-01-05 10:00"),
            ("3日前の16時に出しました", "2026-11-27 16:00"),
        ] {
            assert_eq!(at(text, monday).as_deref(), Some(want), "{text:?}");
        }
        assert_eq!(at("we need 24/7 support", monday), None);
        assert_eq!(at("filed 31/31", monday), None);
        assert_eq!(at("the 2nd p1 this week", monday), None);
    }

    #[test]
    fn a_case_said_to_be_filed_is_never_after_the_message() {
        // Asked on Monday 2026-11-30 at 12:00.
        let monday = day(2026, 11, 30);
        for (text, want) in [
            // Today's 16:30 has not come: last week's Monday.
            (
                "i filed a p2 on business in emea at 4:30pm monday",
                "2026-11-23 16:30",
            ),
            ("我星期一下午4點半在歐洲開了一個P2", "2026-11-23 16:30"),
            ("月曜日の17時にP2を出しました", "2026-11-23 17:00"),
            // A time alone: yesterday's; a day of the year: the nearer, today's [D].
            ("I filed it at 4pm", "2026-11-29 16:00"),
            ("we filed it on 30 nov at 4pm", "2026-11-30 16:00"),
            // Passed already, or the day said outright: as read.
            ("we submitted it on monday at 9am", "2026-11-30 09:00"),
            ("I filed it today at 4pm", "2026-11-30 16:00"),
            ("we filed it 2026-11-30 16:00", "2026-11-30 16:00"),
            // Only described or supposed: unchanged ([D]: a coming one).
            ("online p4 japan filed monday 4pm", "2026-11-30 16:00"),
            ("if I file monday at 4pm", "2026-11-30 16:00"),
        ] {
            assert_eq!(at(text, monday).as_deref(), Some(want), "{text:?}");
        }
    }

    #[test]
    fn times_said_in_words_with_the_part_of_the_day() {
        let monday = day(2026, 11, 30);
        for (text, want) in [
            (
                "raised tomorrow at half past two in the afternoon",
                "2026-12-01 14:30",
            ),
            // In words without am or pm: within working hours, as "at 3" [D].
            ("quarter to five", "2026-11-30 16:45"),
            ("quarter to five pm", "2026-11-30 16:45"),
            ("a quarter to 5 in the afternoon", "2026-11-30 16:45"),
            ("10 minutes to 3pm", "2026-11-30 14:50"),
            ("quarter past 9", "2026-11-30 09:15"),
            ("quarter past nine in the evening", "2026-11-30 21:15"),
            ("twenty past four pm", "2026-11-30 16:20"),
            ("two thirty pm", "2026-11-30 14:30"),
            ("at seven fifteen friday", "2026-12-04 07:15"),
            ("eleven forty-five am", "2026-11-30 11:45"),
            ("nine oh five am", "2026-11-30 09:05"),
            ("two in the afternoon", "2026-11-30 14:00"),
            ("5 oclock", "2026-11-30 17:00"),
            ("half past seven", "2026-11-30 07:30"),
            ("five oclock in the evening", "2026-11-30 17:00"),
            ("2:30 in the afternoon", "2026-11-30 14:30"),
            ("at twenty to six this evening", "2026-11-30 17:40"),
            ("at ten to five pm", "2026-11-30 16:50"),
            ("half nine friday", "2026-12-04 09:30"),
            ("at 3 this afternoon", "2026-11-30 15:00"),
            ("tomorrow afternoon at 3", "2026-12-01 15:00"),
            ("raised last night at 11", "2026-11-29 23:00"),
            // "at 3" alone: within working hours [D].
            ("filed friday at 3", "2026-12-04 15:00"),
            ("filed friday at 9", "2026-12-04 09:00"),
            ("filed friday at 12", "2026-12-04 12:00"),
            ("filed friday at 17", "2026-12-04 17:00"),
            ("filed friday at 3 pm", "2026-12-04 15:00"),
            ("filed friday at 3am", "2026-12-04 03:00"),
            ("filed friday at 3:30", "2026-12-04 03:30"),
            ("opened at 2 this afternoon", "2026-11-30 14:00"),
            ("filed at 5 oclock this evening", "2026-11-30 17:00"),
            ("今天下午三點一刻", "2026-11-30 15:15"),
            ("午後3時15分", "2026-11-30 15:15"),
            ("12月3日(木)15時に出したら", "2026-12-03 15:00"),
            ("noon friday", "2026-12-04 12:00"),
            ("midnight tomorrow", "2026-12-01 00:00"),
            ("下午兩點半", "2026-11-30 14:30"),
            // No part of the day with 點: within working hours, as "at 3" [D].
            ("兩點半", "2026-11-30 14:30"),
            ("9點", "2026-11-30 09:00"),
            ("下午4:45", "2026-11-30 16:45"),
            ("下午4點45", "2026-11-30 16:45"),
            ("下午4點45分", "2026-11-30 16:45"),
            ("下午三點十五分", "2026-11-30 15:15"),
            ("下午兩點一刻", "2026-11-30 14:15"),
            ("晚上8點", "2026-11-30 20:00"),
            ("中午", "2026-11-30 12:00"),
            ("中午1點", "2026-11-30 13:00"),
            ("午夜", "2026-11-30 00:00"),
            ("午後2時半", "2026-11-30 14:30"),
            ("2時半", "2026-11-30 02:30"),
            ("夜の9時", "2026-11-30 21:00"),
            ("朝の8時半", "2026-11-30 08:30"),
            ("朝8時", "2026-11-30 08:00"),
            ("午後4:45", "2026-11-30 16:45"),
            ("friday 14:00z", "2026-12-04 14:00Z"),
            ("1400z", "2026-11-30 14:00Z"),
            ("1400 hrs", "2026-11-30 14:00"),
            ("opened at 14h00", "2026-11-30 14:00"),
            ("opened at 9h30", "2026-11-30 09:30"),
            ("1400z friday", "2026-12-04 14:00Z"),
        ] {
            assert_eq!(at(text, monday).as_deref(), Some(want), "{text:?}");
        }
        // Counts and ranges are not times of day.
        for text in [
            "from nine to five",
            "respond within 1h",
            "are you open now",
            "look at one of them",
            "good morning 2 questions",
            "two thirty minute calls",
        ] {
            assert_eq!(at(text, monday), None, "{text:?}");
        }
    }

    #[test]
    fn a_case_filed_as_the_message_is_written_is_filed_now() {
        let monday = day(2026, 11, 30);
        for text in [
            "elite p1 london just now, when is the 15 min up",
            "opened a minute ago",
            "opened a few mins ago",
            "剛剛才開的",
            "今さっき起票",
            "we filed it a few minutes ago",
            "I'm filing a p1 right now",
            "opened it right now",
            "剛剛開了一張P1",
            "剛開的單",
            "さっき起票したP1",
            "たった今出しました",
            // "Today" with no time: now, not the midnight already past.
            "if I file a p2 today when is it due",
            "今天開的話",
            "今天送出去要等到哪天",
            "今日出したら期限は",
        ] {
            assert_eq!(at(text, monday).as_deref(), Some("now"), "{text:?}");
        }
        // With a time, today at that time.
        assert_eq!(
            at("opened today at 4pm", monday).as_deref(),
            Some("2026-11-30 16:00")
        );
        for (text, want) in [
            ("elite p1 london opened 2 hours ago", "120 min ago"),
            ("filed an hour ago", "60 min ago"),
            ("opened 30 mins ago", "30 min ago"),
            ("opened twenty minutes ago", "20 min ago"),
            ("兩個小時前開的", "120 min ago"),
            ("半小時前開的單", "30 min ago"),
            ("30分鐘前開單", "30 min ago"),
            ("1時間前に起票", "60 min ago"),
            ("15分前に出しました", "15 min ago"),
        ] {
            assert_eq!(at(text, monday).as_deref(), Some(want), "{text:?}");
        }
        // More than a week is not a filing instant read so.
        assert_eq!(at("opened 500 hours ago", monday), None);
        // "right now" alone is the present, not a filing; a time said wins over "just now".
        assert_eq!(at("is anyone there right now", monday), None);
        assert_eq!(
            at("filed just now at 9am", monday).as_deref(),
            Some("2026-11-30 09:00")
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
            ("two", Some(2)),
            ("twelve", Some(12)),
            ("forty five", Some(45)),
            ("forty-five", Some(45)),
            ("oh five", Some(5)),
            ("oh ten", None),
            ("twenty zero", None),
            ("hundred", None),
            ("百", None),
            ("十十", None),
            ("", None),
        ] {
            assert_eq!(number(text), want, "{text:?}");
        }
    }
}
