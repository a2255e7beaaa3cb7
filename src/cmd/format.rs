//! Localized pieces of replies: durations, dates, targets, entitlement values, timestamps.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Timelike, Utc};

use super::Context;
use crate::domain::calendar::{Amount, Closure, DayOff, Target};
use crate::domain::case::CaseStatus;
use crate::domain::catalog::{Catalog, EntitlementValue};
use crate::domain::ids::{CalendarKind, Language};
use crate::i18n::Msg;

/// A Discord timestamp: each reader sees it in their own zone and language. The console renders
/// it as text.
pub fn timestamp(at: DateTime<Utc>) -> String {
    let unix = at.timestamp();
    format!("<t:{unix}:F> (<t:{unix}:R>)")
}

/// `1 d 2 h 5 min`, in the reply's language, to the minute (seconds shown only under a minute).
pub fn duration(ctx: &Context<'_>, span: TimeDelta) -> String {
    let seconds = span.num_seconds().abs();
    let (days, hours, minutes) = (
        seconds / 86_400,
        seconds % 86_400 / 3_600,
        seconds % 3_600 / 60,
    );
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(ctx.f(Msg::UnitDays, &[("n", &days.to_string())]));
    }
    if hours > 0 {
        parts.push(ctx.f(Msg::UnitHours, &[("n", &hours.to_string())]));
    }
    if minutes > 0 || parts.is_empty() {
        if seconds < 60 && seconds > 0 {
            parts.push(ctx.f(Msg::UnitSeconds, &[("n", &seconds.to_string())]));
        } else {
            parts.push(ctx.f(Msg::UnitMinutes, &[("n", &minutes.to_string())]));
        }
    }
    parts.join(" ")
}

/// `Fri 20 Nov 2026` / `2026年11月20日（五）`.
pub fn date(ctx: &Context<'_>, date: NaiveDate) -> String {
    date_in(ctx.catalog, ctx.language, date)
}

/// [`date`] for a renderer, which has a catalog and a language but no command context.
pub fn date_in(catalog: &Catalog, language: Language, date: NaiveDate) -> String {
    let messages = catalog.messages();
    let weekdays: Vec<&str> = messages
        .get(Msg::Weekdays, language)
        .split_whitespace()
        .collect();
    let months: Vec<&str> = messages
        .get(Msg::Months, language)
        .split_whitespace()
        .collect();
    let weekday = weekdays
        .get(date.weekday().num_days_from_monday() as usize)
        .copied()
        .unwrap_or("");
    let month = months.get(date.month0() as usize).copied().unwrap_or("");
    messages.format(
        Msg::DateFormat,
        language,
        &[
            ("weekday", weekday),
            ("day", &date.day().to_string()),
            ("month", month),
            ("year", &date.year().to_string()),
        ],
    )
}

/// `9:00`, `17:30`; seconds only when not zero.
pub fn time(t: NaiveTime) -> String {
    if t.second() == 0 {
        format!("{}:{:02}", t.hour(), t.minute())
    } else {
        format!("{}:{:02}:{:02}", t.hour(), t.minute(), t.second())
    }
}

/// Why a date has no business hours, as a day in a list says it: `weekend`, `holiday: Boxing
/// Day`. `/due`'s skipped days and `/hours`' days off say it alike.
pub fn closure(ctx: &Context<'_>, why: Closure<'_>) -> String {
    match why {
        Closure::Weekend => ctx.t(Msg::DueWeekend).to_owned(),
        Closure::Holiday(name) => ctx.f(Msg::DueHoliday, &[("holiday", name.get(ctx.language))]),
        Closure::Added => ctx.t(Msg::DueExtraHoliday).to_owned(),
        Closure::Skipped => ctx.t(Msg::DueSkippedDay).to_owned(),
    }
}

/// "Today is a holiday: Labor Thanksgiving Day", "Today is a weekend day".
pub fn day_off_today(ctx: &Context<'_>, day_off: &DayOff) -> String {
    match day_off {
        DayOff::Weekend => ctx.t(Msg::HoursWeekendToday).to_owned(),
        DayOff::Holiday(name) => ctx.f(
            Msg::HoursHolidayToday,
            &[("holiday", name.get(ctx.language))],
        ),
    }
}

pub fn calendar_kind(ctx: &Context<'_>, kind: CalendarKind) -> String {
    ctx.t(match kind {
        CalendarKind::TwentyFourSeven => Msg::CalendarTwentyFourSeven,
        CalendarKind::TwentyFourFive => Msg::CalendarTwentyFourFive,
        CalendarKind::BusinessHours => Msg::CalendarBusinessHours,
        CalendarKind::BusinessDays => Msg::CalendarBusinessDays,
    })
    .to_owned()
}

pub fn amount(ctx: &Context<'_>, amount: Amount) -> String {
    let (msg, n) = match amount {
        Amount::Minutes(n) => (Msg::AmountMinutes, n),
        Amount::Hours(n) => (Msg::AmountHours, n),
        Amount::Days(n) => (Msg::AmountDays, n),
    };
    ctx.f(msg, &[("n", &n.to_string())])
}

/// `business hours / 2 hours`, the way the page writes a target.
pub fn target(ctx: &Context<'_>, target: &Target) -> String {
    format!(
        "{} / {}",
        calendar_kind(ctx, target.kind),
        amount(ctx, target.amount)
    )
}

pub fn entitlement_value(ctx: &Context<'_>, value: EntitlementValue) -> String {
    match value {
        EntitlementValue::Included(true) => "✔".to_owned(),
        EntitlementValue::Included(false) | EntitlementValue::Count(0) => "–".to_owned(),
        EntitlementValue::Count(n) => n.to_string(),
        EntitlementValue::Coverage(CalendarKind::TwentyFourFive) => {
            ctx.t(Msg::Hours24x5).to_owned()
        }
        EntitlementValue::Coverage(_) => ctx.t(Msg::HoursBusiness).to_owned(),
    }
}

pub fn language_name(ctx: &Context<'_>, language: Language) -> String {
    ctx.t(language_msg(language)).to_owned()
}

/// The name of a language, in every language.
pub fn language_msg(language: Language) -> Msg {
    match language {
        Language::En => Msg::LanguageEn,
        Language::ZhTw => Msg::LanguageZhTw,
        Language::Ja => Msg::LanguageJa,
    }
}

/// The name of a case status, in every language.
pub fn status_msg(status: CaseStatus) -> Msg {
    match status {
        CaseStatus::Open => Msg::StatusOpen,
        CaseStatus::Responded => Msg::StatusResponded,
        CaseStatus::Closed => Msg::StatusClosed,
    }
}

/// The separator between items of a list in the reply's language (`, `, `、`).
pub fn list_separator<'a>(ctx: &Context<'a>) -> &'a str {
    ctx.catalog.messages().get(Msg::ListSeparator, ctx.language)
}
