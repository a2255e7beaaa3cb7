//! Coverage on one day: whether a region's business hours run on a local date, and if not why
//! (the weekend, or the holiday's name from the same calendars the clock counts with), the days
//! off in the week that follows, when support reopens, and which targets still count that day
//! (support-programme.md §3: business days exclude national holidays, P1 is 24x7x365; §4 [D]:
//! 24x5 time counts on weekday holidays).

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc};

use crate::domain::calendar::{self, Calendar, Closure, Segment};
use crate::domain::catalog::Catalog;
use crate::domain::ids::{CalendarKind, PlanId, Priority};

/// The days after the one asked that an answer also looks at: the rest of its week, so that a
/// stretch said in words ("over Christmas", 年末年始) is answered from its first day [D].
pub const DAYS_AFTER: u64 = 6;
/// The most days after the one asked that an answer looks at when asked to, as for several
/// days named ("Christmas and New Year"): two weeks [D], enough for any year-end break.
pub const MAX_DAYS_AFTER: u64 = 14;

/// One local date on a region's calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCoverage<'a> {
    /// The business hours that day, or why there are none.
    pub hours: Result<Segment, Closure<'a>>,
    /// The days without business hours among those that follow, each with why.
    pub closed_after: Vec<(NaiveDate, Closure<'a>)>,
    /// On a day without business hours: the next opening after it (`None` past the clock's
    /// years).
    pub reopens: Option<DateTime<Utc>>,
    /// On a day without business hours: the targets whose time still counts that day.
    pub counting: Vec<Counting>,
    /// A year looked at has no national holiday data: a holiday in it may show as a business day.
    pub holidays_unknown: bool,
}

/// Targets of one priority on one calendar that count on a day without business hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counting {
    pub priority: Priority,
    pub kind: CalendarKind,
    /// The plans with this target, in catalog order.
    pub plans: Vec<PlanId>,
    /// Whether that is every plan of the catalog.
    pub every_plan: bool,
}

/// Coverage on `date`, a local date in `calendar`'s zone, and the `days_after` that follow it
/// (at most [`MAX_DAYS_AFTER`]), for the catalog's targets, asked at `now`.
pub fn day<'a>(
    catalog: &Catalog,
    calendar: &Calendar<'a>,
    date: NaiveDate,
    days_after: u64,
    now: DateTime<Utc>,
) -> DayCoverage<'a> {
    let days_after = days_after.min(MAX_DAYS_AFTER);
    let business = CalendarKind::BusinessHours;
    let hours_on = |date: NaiveDate| calendar.hours_on(business, date);
    let hours = hours_on(date);
    let following: Vec<NaiveDate> = date
        .iter_days()
        .skip(1)
        .take(usize::try_from(days_after).unwrap_or(usize::MAX))
        .filter(|d| calendar::supports_date(*d))
        .collect();
    let closed_after = following
        .iter()
        .filter_map(|d| hours_on(*d).err().map(|why| (*d, why)))
        .collect();
    let last = date.checked_add_days(Days::new(days_after)).unwrap_or(date);
    let holidays_unknown =
        (date.year()..=last.year()).any(|year| !calendar.holidays.covers_year(year));
    let (reopens, counting) = match hours {
        Ok(_) => (None, Vec::new()),
        Err(_) => {
            let start = calendar::local_instant(calendar.tz, date, NaiveTime::MIN);
            let ended = date.succ_opt().is_none_or(|next| {
                calendar::local_instant(calendar.tz, next, NaiveTime::MIN) <= now
            });
            // A day already over reopened in the past: that is no answer. Near the ends of the
            // clock's years there is no opening to name either: the answer then says only that
            // the day is closed.
            let reopens = match ended {
                true => None,
                false => calendar.next_open(business, start.max(now)).ok().flatten(),
            };
            (reopens, counting_on(catalog, calendar, date))
        }
    };
    DayCoverage {
        hours,
        closed_after,
        reopens,
        counting,
        holidays_unknown,
    }
}

/// The targets, grouped by priority and calendar, whose time counts on `date`.
fn counting_on(catalog: &Catalog, calendar: &Calendar<'_>, date: NaiveDate) -> Vec<Counting> {
    let plans = catalog.plan_ids();
    let mut out: Vec<Counting> = Vec::new();
    for &priority in Priority::ALL {
        for &plan in &plans {
            let kind = catalog.target(plan, priority).target.kind;
            if calendar.hours_on(kind, date).is_err() {
                continue;
            }
            match out
                .iter_mut()
                .find(|c| c.priority == priority && c.kind == kind)
            {
                Some(group) => group.plans.push(plan),
                None => out.push(Counting {
                    priority,
                    kind,
                    plans: vec![plan],
                    every_plan: false,
                }),
            }
        }
    }
    for group in &mut out {
        group.every_plan = group.plans.len() == plans.len();
    }
    out
}
