//! `/due plan priority region [at] [timezone] [country]`: when the initial response is due, and
//! how that instant was reached.

use chrono::{DateTime, Timelike, Utc};
use chrono_tz::Tz;

use super::format;
use super::options::{When, shared};
use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options};
use crate::domain::calendar::Explanation;
use crate::domain::catalog::HolidayCountry;
use crate::domain::deadline::DeadlineQuery;
use crate::domain::ids::{CalendarKind, PlanId, Priority, RegionId};
use crate::engine::{Accent, Reply};
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "due",
    uses_store: false,
    help: Msg::HelpDue,
    label: Msg::CommandDue,
    options: &[
        shared::PLAN,
        shared::PRIORITY,
        shared::REGION,
        OptionSpec::optional("at", OptionKind::Instant, Msg::OptionAt, Msg::AboutAt),
        shared::TIMEZONE,
        shared::COUNTRY,
    ],
    parse: |o| Ok(Command::Due(Due::parse(o)?)),
};

/// At most this many lines of segments or skipped days; a longer list ends with "…".
const MAX_LINES: usize = 15;

#[derive(Debug)]
pub struct Due {
    plan: PlanId,
    priority: Priority,
    region: RegionId,
    at: Option<When>,
    timezone: Option<Tz>,
    country: HolidayCountry,
}

impl Due {
    fn parse(options: &Options<'_>) -> Result<Due, CmdError> {
        Ok(Due {
            plan: options.require("plan")?,
            priority: options.require("priority")?,
            region: options.require("region")?,
            at: options.get("at")?,
            timezone: options.get("timezone")?,
            country: options
                .get("country")?
                .unwrap_or(HolidayCountry::RegionDefault),
        })
    }

    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        let zone = self
            .timezone
            .unwrap_or(ctx.catalog.region(self.region).timezone);
        let query = DeadlineQuery {
            plan: self.plan,
            priority: self.priority,
            region: self.region,
            // Without `at:`, from the current minute: the answer is in minutes throughout, as
            // an `at:` is.
            submitted: self
                .at
                .map_or_else(|| whole_minute(ctx.now), |at| at.resolve(zone)),
            timezone: self.timezone,
            country: self.country,
            added_holidays: Vec::new(),
        };
        deadline_reply(ctx, &query)
    }
}

fn whole_minute(at: DateTime<Utc>) -> DateTime<Utc> {
    at.with_second(0)
        .and_then(|minute| minute.with_nanosecond(0))
        .unwrap_or(at)
}

/// The answer to a deadline question: the due instant, the target and calendar, and how the
/// time was counted. `supportbot due --explain` prints the same.
pub fn deadline_reply(ctx: &Context<'_>, query: &DeadlineQuery) -> Result<Reply, CmdError> {
    let catalog = ctx.catalog;
    let explanation = query.explain(catalog)?;
    let plan = catalog.plan(query.plan).name.get(ctx.language);
    let target = &catalog.target(query.plan, query.priority).target;
    let region = catalog.region(query.region);
    let holidays = match query.country {
        HolidayCountry::RegionDefault => ctx.f(
            Msg::DueHolidaysFrom,
            &[("country", region.country.as_str())],
        ),
        HolidayCountry::Country(code) => ctx.f(Msg::DueHolidaysFrom, &[("country", code.as_str())]),
        HolidayCountry::None => ctx.t(Msg::DueNoHolidays).to_owned(),
    };
    let calendar = match target.kind {
        CalendarKind::TwentyFourSeven => format::calendar_kind(ctx, target.kind),
        CalendarKind::TwentyFourFive => format!(
            "{} · {}",
            format::calendar_kind(ctx, target.kind),
            explanation.tz.name()
        ),
        CalendarKind::BusinessHours | CalendarKind::BusinessDays => format!(
            "{} {}–{} {} · {holidays}",
            region.name.get(ctx.language),
            format::time(region.hours.opens()),
            format::time(region.hours.closes()),
            explanation.tz.name()
        ),
    };
    let mut reply = Reply::new(ctx.t(Msg::DueTitle))
        .accent(Accent::Priority(query.priority))
        .zone(explanation.tz)
        .text(ctx.f(Msg::DueAt, &[("when", &format::timestamp(explanation.due))]))
        .field(
            ctx.t(Msg::DueTarget),
            format!(
                "{plan} · {} · {}",
                query.priority.label(),
                format::target(ctx, target)
            ),
        )
        .field(ctx.t(Msg::DueSubmitted), format::timestamp(query.submitted))
        .field(ctx.t(Msg::DueCalendar), calendar)
        .field(
            ctx.t(Msg::DueSegments),
            segment_lines(ctx, &explanation).join("\n"),
        );
    let closed = closed_lines(ctx, &explanation);
    if !closed.is_empty() {
        reply = reply.field(ctx.t(Msg::DueSkipped), closed.join("\n"));
    }
    let mut notes = Vec::new();
    if explanation.waited_for_opening {
        notes.push(ctx.t(Msg::DueStartsAtOpening).to_owned());
    }
    if explanation.holidays_unknown {
        notes.push(ctx.t(Msg::DueNoHolidayData).to_owned());
    }
    if !notes.is_empty() {
        reply = reply.footer(notes.join("\n"));
    }
    Ok(reply)
}

fn segment_lines(ctx: &Context<'_>, explanation: &Explanation<'_>) -> Vec<String> {
    let tz = explanation.tz;
    let lines = explanation.segments.iter().map(|segment| {
        let start = segment.start.with_timezone(&tz);
        let end = segment.end.with_timezone(&tz);
        let end_text = if start.date_naive() == end.date_naive() {
            format::time(end.time())
        } else {
            format!(
                "{} {}",
                format::date(ctx, end.date_naive()),
                format::time(end.time())
            )
        };
        format!(
            "{} {}–{end_text} ({})",
            format::date(ctx, start.date_naive()),
            format::time(start.time()),
            format::duration(ctx, segment.length())
        )
    });
    capped(lines)
}

fn closed_lines(ctx: &Context<'_>, explanation: &Explanation<'_>) -> Vec<String> {
    let lines = explanation.closed.iter().map(|(date, why)| {
        format!(
            "{} — {}",
            format::date(ctx, *date),
            format::closure(ctx, *why)
        )
    });
    capped(lines)
}

fn capped(lines: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = lines.take(MAX_LINES + 1).collect();
    if out.len() > MAX_LINES {
        out.truncate(MAX_LINES);
        out.push("…".to_owned());
    }
    out
}
