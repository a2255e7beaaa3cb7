//! The deadline clock: when an initial response is due, and how much of a target's budget has
//! been used, on the calendar the target names (support-programme.md §4).
//!
//! Pure: instants come in as arguments. Every computation walks local dates, so its cost grows
//! with the number of days crossed, never with the number of minutes.

mod holidays;
mod local;

pub use local::instant as local_instant;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use chrono_tz::Tz;

pub use holidays::{Closure, DayOff, HolidayList, Holidays};

use crate::domain::ids::CalendarKind;

/// The longest span a computation walks before it gives up: ten years of dates. Business days
/// always recur within a few weeks, so only an instant near the end of time reaches it.
const MAX_DAYS: u32 = 3660;

/// The years the clock accepts: those the time-zone data describes. chrono-tz 0.10 computes each
/// zone's transitions for the years 1800–2099 only and repeats the last offset afterwards, so a
/// London summer in 2100 would be read as winter time. Instants outside are refused before any
/// arithmetic, so local-time conversion can never overflow either.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2099;

/// Whether the clock can compute with `at`: parsers refuse other instants at the edge.
pub fn supports(at: DateTime<Utc>) -> bool {
    YEARS.contains(&at.year())
}

/// Whether `date` lies in the years the clock computes.
pub fn supports_date(date: NaiveDate) -> bool {
    YEARS.contains(&date.year())
}

fn in_range(at: DateTime<Utc>) -> Result<DateTime<Utc>, ClockError> {
    if supports(at) {
        Ok(at)
    } else {
        Err(ClockError::OutOfRange)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("the instant is outside the years 1900–2099 the time-zone data covers")]
    OutOfRange,
    /// The instant given is inside the years, but the answer (a due instant, the next opening)
    /// would fall after their end.
    #[error("the answer falls after 2099, the last year the time-zone data covers")]
    PastEnd,
    #[error("business hours must close after they open")]
    CloseBeforeOpen,
}

/// A region's opening hours on a business day, in the customer's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusinessHours {
    opens: NaiveTime,
    closes: NaiveTime,
}

impl BusinessHours {
    pub fn new(opens: NaiveTime, closes: NaiveTime) -> Result<BusinessHours, ClockError> {
        if closes <= opens {
            return Err(ClockError::CloseBeforeOpen);
        }
        Ok(BusinessHours { opens, closes })
    }

    pub fn opens(&self) -> NaiveTime {
        self.opens
    }

    pub fn closes(&self) -> NaiveTime {
        self.closes
    }

    /// The length of a regular business day: what one business day of a target is worth.
    pub fn day_length(&self) -> TimeDelta {
        self.closes - self.opens
    }
}

/// How much time a target allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    Minutes(u32),
    Hours(u32),
    Days(u32),
}

/// An initial-response target: an amount of time counted on a calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub kind: CalendarKind,
    pub amount: Amount,
}

/// What a calendar makes of one local date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Day<'a> {
    /// Time counts from `start` to `end`.
    Open {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    Closed(Closure<'a>),
}

/// A stretch of counted time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Segment {
    pub fn length(&self) -> TimeDelta {
        self.end - self.start
    }
}

/// How a due instant was reached: the counted segments and the days skipped on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation<'a> {
    pub submitted: DateTime<Utc>,
    pub due: DateTime<Utc>,
    pub kind: CalendarKind,
    pub budget: TimeDelta,
    pub tz: Tz,
    pub hours: BusinessHours,
    /// Counted time, adjacent days merged, the last one ending at the due instant.
    pub segments: Vec<Segment>,
    /// Dates between submission and due on which no time counted, and why.
    pub closed: Vec<(NaiveDate, Closure<'a>)>,
    /// The case arrived outside counted time, so counting started at the next opening.
    pub waited_for_opening: bool,
    /// A year crossed has no national holiday data: holidays in it were not skipped.
    pub holidays_unknown: bool,
}

/// A calendar: region hours in the customer's time zone, with the holidays it observes.
#[derive(Debug, Clone, Copy)]
pub struct Calendar<'a> {
    pub tz: Tz,
    pub hours: BusinessHours,
    pub holidays: Holidays<'a>,
}

impl<'a> Calendar<'a> {
    /// The target's budget in its own time: business days become business hours (one day is the
    /// length of the region's regular business day).
    pub fn budget(&self, target: &Target) -> TimeDelta {
        match target.amount {
            Amount::Minutes(m) => TimeDelta::minutes(i64::from(m)),
            Amount::Hours(h) => TimeDelta::hours(i64::from(h)),
            Amount::Days(d) => i32::try_from(d)
                .ok()
                .and_then(|d| self.hours.day_length().checked_mul(d))
                .unwrap_or(TimeDelta::MAX),
        }
    }

    /// When the initial response is due for a case submitted at `submitted`.
    pub fn due(
        &self,
        submitted: DateTime<Utc>,
        target: &Target,
    ) -> Result<DateTime<Utc>, ClockError> {
        self.advance(target.kind, submitted, self.budget(target))
    }

    /// The instant at which `amount` of counted time on `kind`'s calendar has passed since
    /// `from`: a due instant, or the moment a fraction of a budget is used.
    pub fn advance(
        &self,
        kind: CalendarKind,
        from: DateTime<Utc>,
        amount: TimeDelta,
    ) -> Result<DateTime<Utc>, ClockError> {
        in_range(from)?;
        if kind == CalendarKind::TwentyFourSeven {
            return from
                .checked_add_signed(amount)
                .filter(|&to| supports(to))
                .ok_or(ClockError::PastEnd);
        }
        let mut remaining = amount;
        for segment in self.counted_from(kind, from) {
            let segment = segment?;
            let available = segment.length();
            if remaining <= available {
                return Ok(segment.start + remaining);
            }
            remaining -= available;
        }
        Err(ClockError::PastEnd)
    }

    /// Like [`Calendar::advance`] for a clock that stopped during `pauses` (stop, resume), in
    /// order: time counts only while the clock runs, and resumes with what was left.
    pub fn advance_paused(
        &self,
        kind: CalendarKind,
        from: DateTime<Utc>,
        pauses: &[(DateTime<Utc>, DateTime<Utc>)],
        amount: TimeDelta,
    ) -> Result<DateTime<Utc>, ClockError> {
        let mut remaining = amount;
        let mut start = from;
        for &(stop, resume) in pauses {
            let used = self.elapsed(kind, start, stop)?;
            if used >= remaining {
                break;
            }
            remaining -= used;
            start = start.max(resume);
        }
        self.advance(kind, start, remaining)
    }

    /// The due instant with the segments that were counted and the days that were skipped.
    pub fn explain(
        &self,
        submitted: DateTime<Utc>,
        target: &Target,
    ) -> Result<Explanation<'a>, ClockError> {
        let due = self.due(submitted, target)?;
        let mut explanation = Explanation {
            submitted,
            due,
            kind: target.kind,
            budget: self.budget(target),
            tz: self.tz,
            hours: self.hours,
            segments: Vec::new(),
            closed: Vec::new(),
            waited_for_opening: false,
            holidays_unknown: false,
        };
        if target.kind == CalendarKind::TwentyFourSeven {
            explanation.segments.push(Segment {
                start: submitted,
                end: due,
            });
            return Ok(explanation);
        }
        for segment in self.counted_from(target.kind, submitted) {
            let segment = segment?;
            if segment.start >= due {
                break;
            }
            let end = segment.end.min(due);
            match explanation.segments.last_mut() {
                Some(last) if last.end == segment.start => last.end = end,
                _ => explanation.segments.push(Segment {
                    start: segment.start,
                    end,
                }),
            }
        }
        explanation.waited_for_opening = explanation
            .segments
            .first()
            .is_some_and(|first| first.start > submitted);
        explanation.holidays_unknown = self.holidays_unknown(target.kind, submitted, due);
        let first_date = self.local_date(submitted);
        let last_date = self.local_date(due);
        for date in first_date.iter_days().take_while(|d| *d <= last_date) {
            if let Day::Closed(why) = self.day(target.kind, date) {
                explanation.closed.push((date, why));
            }
        }
        Ok(explanation)
    }

    /// Whether counting on `kind`'s calendar from `from` to `to` crosses a local year whose
    /// national holidays are unknown, so a holiday in it may have been counted as a business day.
    /// Only business hours and business days skip holidays; 24x7 and 24x5 never need the data.
    pub fn holidays_unknown(
        &self,
        kind: CalendarKind,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> bool {
        if !matches!(
            kind,
            CalendarKind::BusinessHours | CalendarKind::BusinessDays
        ) {
            return false;
        }
        let (first, last) = (self.local_date(from).year(), self.local_date(to).year());
        (first..=last).any(|year| !self.holidays.covers_year(year))
    }

    /// Counted time between `from` and `to` on `kind`'s calendar (zero if `to` is not later).
    pub fn elapsed(
        &self,
        kind: CalendarKind,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<TimeDelta, ClockError> {
        in_range(from)?;
        in_range(to)?;
        if to <= from {
            return Ok(TimeDelta::zero());
        }
        if kind == CalendarKind::TwentyFourSeven {
            return Ok(to - from);
        }
        let mut total = TimeDelta::zero();
        for segment in self.counted_from(kind, from) {
            let segment = segment?;
            if segment.start >= to {
                return Ok(total);
            }
            total += segment.end.min(to) - segment.start;
        }
        Err(ClockError::PastEnd)
    }

    /// Whether time counts at `at` on `kind`'s calendar.
    pub fn is_open(&self, kind: CalendarKind, at: DateTime<Utc>) -> Result<bool, ClockError> {
        in_range(at)?;
        if kind == CalendarKind::TwentyFourSeven {
            return Ok(true);
        }
        match self.counted_from(kind, at).next() {
            Some(segment) => Ok(segment?.start <= at),
            None => Err(ClockError::PastEnd),
        }
    }

    /// The next instant after `at` at which counting starts after a pause; `None` for 24x7,
    /// which never pauses.
    pub fn next_open(
        &self,
        kind: CalendarKind,
        at: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, ClockError> {
        in_range(at)?;
        if kind == CalendarKind::TwentyFourSeven {
            return Ok(None);
        }
        let mut previous_end = None;
        for segment in self.counted_from(kind, at) {
            let segment = segment?;
            if segment.start > at && previous_end != Some(segment.start) {
                return Ok(Some(segment.start));
            }
            previous_end = Some(segment.end);
        }
        Err(ClockError::PastEnd)
    }

    /// The next instant at or after `at` at which counting pauses; `None` for 24x7.
    pub fn next_close(
        &self,
        kind: CalendarKind,
        at: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, ClockError> {
        in_range(at)?;
        if kind == CalendarKind::TwentyFourSeven {
            return Ok(None);
        }
        let mut run: Option<Segment> = None;
        for segment in self.counted_from(kind, at) {
            let segment = segment?;
            match run {
                Some(ref mut r) if r.end == segment.start => r.end = segment.end,
                Some(r) => return Ok(Some(r.end)),
                None => run = Some(segment),
            }
        }
        Err(ClockError::PastEnd)
    }

    /// The holiday-or-weekend status of a local date, if time does not count on it.
    pub fn closure(&self, kind: CalendarKind, date: NaiveDate) -> Option<Closure<'a>> {
        match self.day(kind, date) {
            Day::Closed(why) => Some(why),
            Day::Open { .. } => None,
        }
    }

    /// The time that counts on a local date on `kind`'s calendar, or why none does.
    pub fn hours_on(&self, kind: CalendarKind, date: NaiveDate) -> Result<Segment, Closure<'a>> {
        match self.day(kind, date) {
            Day::Open { start, end } => Ok(Segment { start, end }),
            Day::Closed(why) => Err(why),
        }
    }

    /// The customer's local date at `at`, an instant the public entry points already checked.
    fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    fn day(&self, kind: CalendarKind, date: NaiveDate) -> Day<'a> {
        let open = |opens: NaiveTime, closes: Option<(NaiveDate, NaiveTime)>| {
            let start = local::instant(self.tz, date, opens);
            let end = closes.map_or(start, |(d, t)| local::instant(self.tz, d, t));
            // A date the zone skipped (Pacific/Apia, 30 December 2011) maps every time to the
            // same instant: there is no time to count, so it is not an opening of zero minutes.
            if end > start {
                Day::Open { start, end }
            } else {
                Day::Closed(Closure::Skipped)
            }
        };
        let whole_day = || open(NaiveTime::MIN, date.succ_opt().map(|d| (d, NaiveTime::MIN)));
        if kind == CalendarKind::TwentyFourSeven {
            return whole_day();
        }
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            // On business hours and days, a weekend that is also a holiday is said by the
            // holiday's name (Boxing Day on a Saturday) everywhere a closed day is explained: the
            // clock needs only one reason, a person asking about the day wants the name. 24x5
            // time ignores holidays, so its weekend is only a weekend.
            let holiday = match kind {
                CalendarKind::TwentyFourFive => None,
                _ => self.holidays.closure(date),
            };
            return Day::Closed(match holiday {
                Some(named @ Closure::Holiday(_)) => named,
                _ => Closure::Weekend,
            });
        }
        if kind == CalendarKind::TwentyFourFive {
            // Continuous weekday coverage: holidays count.
            return whole_day();
        }
        if let Some(why) = self.holidays.closure(date) {
            return Day::Closed(why);
        }
        open(self.hours.opens, Some((date, self.hours.closes)))
    }

    /// The counted segments that end after `from`, in order, the first clipped to start no
    /// earlier than `from`. Starts a day early: around a DST overlap at midnight, an instant can
    /// belong to the previous local date's segment.
    fn counted_from(
        &self,
        kind: CalendarKind,
        from: DateTime<Utc>,
    ) -> impl Iterator<Item = Result<Segment, ClockError>> + '_ {
        let first = self.local_date(from).pred_opt();
        let mut dates = first
            .into_iter()
            .flat_map(|d| d.iter_days())
            .take(MAX_DAYS as usize);
        let mut exhausted = false;
        std::iter::from_fn(move || {
            if exhausted {
                return None;
            }
            for date in dates.by_ref() {
                // Past the zone data, offsets would be guessed; the day before the first
                // supported one (the early start) has no time to count from anyway.
                if date.year() > *YEARS.end() {
                    break;
                }
                if let Day::Open { start, end } = self.day(kind, date)
                    && end > from
                {
                    return Some(Ok(Segment {
                        start: start.max(from),
                        end,
                    }));
                }
            }
            exhausted = true;
            Some(Err(ClockError::PastEnd))
        })
    }
}

#[cfg(test)]
mod tests;
