//! `/hours [region] [timezone] [date]`: local support hours, whether support is open now, the
//! next opening and closing, languages and region rules; with `date:`, that day instead: open or
//! closed and why, the days off of its week, when support reopens and which targets still count.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::format;
use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options};
use crate::domain::calendar::Calendar;
use crate::domain::catalog::HolidayCountry;
use crate::domain::coverage::{self, Counting};
use crate::domain::ids::{CalendarKind, RegionId};
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "hours",
    uses_store: false,
    help: Msg::HelpHours,
    label: Msg::CommandHours,
    options: &[
        OptionSpec::optional(
            "region",
            OptionKind::Region,
            Msg::OptionRegion,
            Msg::AboutRegionAll,
        ),
        OptionSpec::optional(
            "timezone",
            OptionKind::Timezone,
            Msg::OptionTimezone,
            Msg::AboutTimezoneShow,
        ),
        // A day, written as `/stats`' `from:` and `to:` are: the answer is about the whole day.
        OptionSpec::optional("date", OptionKind::Date, Msg::OptionDate, Msg::AboutDate),
        // The last day whose days off follow `date`'s answer, for a stretch of days asked about.
        OptionSpec::optional("until", OptionKind::Date, Msg::OptionUntil, Msg::AboutUntil),
    ],
    parse: |o| Ok(Command::Hours(Hours::parse(o)?)),
};

#[derive(Debug)]
pub struct Hours {
    region: Option<RegionId>,
    timezone: Option<Tz>,
    date: Option<NaiveDate>,
    until: Option<NaiveDate>,
}

impl Hours {
    fn parse(options: &Options<'_>) -> Result<Hours, CmdError> {
        let hours = Hours {
            region: options.get("region")?,
            timezone: options.get("timezone")?,
            date: options.get("date")?,
            until: options.get("until")?,
        };
        if hours.until.is_some() && hours.date.is_none() {
            return Err(CmdError::MissingOption {
                command: "hours",
                option: "date",
            });
        }
        Ok(hours)
    }

    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        let regions: Vec<RegionId> = self
            .region
            .map_or_else(|| ctx.catalog.region_ids(), |r| vec![r]);
        let mut reply = Reply::new(ctx.t(Msg::HoursTitle));
        // One region, or a zone asked for: its times are local there. Every region's hours
        // together have no one zone.
        match (self.timezone, self.region) {
            (Some(zone), _) => reply = reply.zone(zone),
            (None, Some(region)) => reply = reply.zone(ctx.catalog.region(region).timezone),
            (None, None) => {}
        }
        for id in regions {
            reply = reply.field(
                ctx.catalog.region(id).name.get(ctx.language),
                self.region_lines(ctx, id)?.join("\n"),
            );
        }
        Ok(reply)
    }

    fn region_lines(&self, ctx: &Context<'_>, id: RegionId) -> Result<Vec<String>, CmdError> {
        let region = ctx.catalog.region(id);
        let calendar =
            ctx.catalog
                .calendar(id, self.timezone, HolidayCountry::RegionDefault, &[])?;
        let mut lines = vec![ctx.f(
            Msg::HoursLocal,
            &[
                ("opens", &format::time(region.hours.opens())),
                ("closes", &format::time(region.hours.closes())),
                ("zone", calendar.tz.name()),
            ],
        )];
        // Today asked by its date is answered as now: whether open now says more [D].
        let today = ctx.now.with_timezone(&calendar.tz).date_naive();
        match self.date.filter(|date| *date != today) {
            Some(date) => lines.extend(day_lines(ctx, &calendar, date, self.until)),
            None => lines.extend(now_lines(ctx, &calendar)?),
        }
        let languages: Vec<String> = region
            .languages
            .iter()
            .map(|l| format::language_name(ctx, *l))
            .collect();
        lines.push(ctx.f(
            Msg::HoursLanguages,
            &[("languages", &languages.join(format::list_separator(ctx)))],
        ));
        for rule in &region.rules {
            lines.push(format!("• {}", rule.get(ctx.language)));
        }
        Ok(lines)
    }
}

/// Whether support is open now, and why not when today is a weekend or a holiday.
fn now_lines(ctx: &Context<'_>, calendar: &Calendar<'_>) -> Result<Vec<String>, CmdError> {
    let kind = CalendarKind::BusinessHours;
    let mut lines = Vec::new();
    let next_open = calendar.next_open(kind, ctx.now)?;
    let next_close = calendar.next_close(kind, ctx.now)?;
    if calendar.is_open(kind, ctx.now)? {
        lines.push(format!("🟢 {}", ctx.t(Msg::HoursOpenNow)));
    } else {
        lines.push(format!("🔴 {}", ctx.t(Msg::HoursClosedNow)));
        let today = ctx.now.with_timezone(&calendar.tz).date_naive();
        if let Some(day_off) = calendar.closure(kind, today).and_then(|c| c.day_off()) {
            lines.push(format::day_off_today(ctx, &day_off));
        }
        if let Some(open) = next_open {
            lines.push(ctx.f(Msg::HoursNextOpen, &[("when", &format::timestamp(open))]));
        }
    }
    if let Some(close) = next_close {
        lines.push(ctx.f(Msg::HoursNextClose, &[("when", &format::timestamp(close))]));
    }
    let horizon = next_open.max(next_close).unwrap_or(ctx.now);
    if calendar.holidays_unknown(kind, ctx.now, horizon) {
        lines.push(ctx.t(Msg::HoursNoHolidayData).to_owned());
    }
    Ok(lines)
}

/// Coverage on `date` (local in the calendar's zone): its hours or why it has none, with when
/// support reopens and what still counts; then the other days off of its week, or up to
/// `until` (at most [`coverage::MAX_DAYS_AFTER`] days later).
fn day_lines(
    ctx: &Context<'_>,
    calendar: &Calendar<'_>,
    date: NaiveDate,
    until: Option<NaiveDate>,
) -> Vec<String> {
    let days_after = until.map_or(coverage::DAYS_AFTER, |until| {
        u64::try_from((until - date).num_days()).unwrap_or(0)
    });
    let day = coverage::day(ctx.catalog, calendar, date, days_after, ctx.now);
    let shown = format::date(ctx, date);
    let mut lines = Vec::new();
    match day.hours {
        Ok(open) => {
            let local = |at: chrono::DateTime<chrono::Utc>| {
                format::time(at.with_timezone(&calendar.tz).time())
            };
            lines.push(format!(
                "🟢 {}",
                ctx.f(
                    Msg::HoursDayOpen,
                    &[
                        ("date", &shown),
                        ("opens", &local(open.start)),
                        ("closes", &local(open.end)),
                    ],
                )
            ));
        }
        Err(why) => {
            lines.push(format!(
                "🔴 {}",
                ctx.f(
                    Msg::HoursDayClosed,
                    &[("date", &shown), ("reason", &format::closure(ctx, why))],
                )
            ));
            if let Some(open) = day.reopens {
                lines.push(ctx.f(Msg::HoursNextOpen, &[("when", &format::timestamp(open))]));
            }
            if !day.counting.is_empty() {
                let targets: Vec<String> = day.counting.iter().map(|c| counting(ctx, c)).collect();
                lines.push(ctx.f(Msg::HoursDayCounting, &[("targets", &targets.join(" · "))]));
            }
        }
    }
    if !day.closed_after.is_empty() {
        lines.push(match until {
            Some(_) => ctx.t(Msg::HoursDaysOffUntil).to_owned(),
            None => ctx.t(Msg::HoursDaysOffAfter).to_owned(),
        });
        for (date, why) in &day.closed_after {
            lines.push(format!(
                "  {} — {}",
                format::date(ctx, *date),
                format::closure(ctx, *why)
            ));
        }
    }
    if day.holidays_unknown {
        lines.push(ctx.t(Msg::HoursNoHolidayData).to_owned());
    }
    lines
}

/// `P1 24x7 (every plan)`, `P2 24x5 (Enterprise Support, Elite Support)`.
fn counting(ctx: &Context<'_>, group: &Counting) -> String {
    let plans = match group.every_plan {
        true => ctx.t(Msg::HoursEveryPlan).to_owned(),
        false => group
            .plans
            .iter()
            .map(|p| ctx.catalog.plan(*p).name.get(ctx.language))
            .collect::<Vec<_>>()
            .join(format::list_separator(ctx)),
    };
    ctx.f(
        Msg::HoursDayTarget,
        &[
            ("priority", group.priority.label()),
            ("calendar", &format::calendar_kind(ctx, group.kind)),
            ("plans", &plans),
        ],
    )
}
