//! Property tests of the deadline clock against the semantics of support-programme.md §4.
//!
//! The oracles here do not reuse the clock's code: counted windows are rebuilt date by date from
//! the IANA rules (a wall-clock time in a DST gap steps forward minute by minute to the first
//! instant that exists, an ambiguous one takes its earliest instant) and compared with what the
//! clock computes.

use std::ops::{Range, RangeInclusive};
use std::path::Path;
use std::sync::OnceLock;

use chrono::{
    DateTime, Datelike, LocalResult, NaiveDate, NaiveTime, Offset, TimeDelta, TimeZone, Timelike,
    Utc, Weekday,
};
use chrono_tz::Tz;
use proptest::prelude::*;
use supportbot::domain::calendar::{
    Amount, BusinessHours, Calendar, ClockError, Closure, HolidayList, Holidays, Target,
};
use supportbot::domain::catalog::{Catalog, HolidayCountry};
use supportbot::domain::ids::{CalendarKind, Priority};
use supportbot::i18n::Localized;

// ---------------------------------------------------------------------------------------------
// Fixtures and oracles
// ---------------------------------------------------------------------------------------------

type Check<T = ()> = Result<T, TestCaseError>;

const DAY_SECS: i64 = 86_400;
/// Submitted instants are drawn from 2025-01-01T00:00Z up to (not including) 2031-01-01T00:00Z.
const SPAN_SECS: i64 = 2191 * DAY_SECS;

const LOS_ANGELES: Tz = chrono_tz::America::Los_Angeles;
const LONDON: Tz = chrono_tz::Europe::London;
const SYDNEY: Tz = chrono_tz::Australia::Sydney;
const TOKYO: Tz = chrono_tz::Asia::Tokyo;
const JERUSALEM: Tz = chrono_tz::Asia::Jerusalem;
const CAIRO: Tz = chrono_tz::Africa::Cairo;

/// Zones for the general properties: the regions' defaults, half- and quarter-hour offsets,
/// midnight DST changes (Santiago, Cairo), a 30-minute DST shift (Lord Howe), both ends of the
/// date line.
const ZONES: &[Tz] = &[
    LOS_ANGELES,
    LONDON,
    SYDNEY,
    TOKYO,
    chrono_tz::Asia::Singapore,
    chrono_tz::Asia::Kolkata,
    chrono_tz::America::Santiago,
    CAIRO,
    JERUSALEM,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Pacific::Chatham,
    chrono_tz::Pacific::Kiritimati,
    chrono_tz::Pacific::Pago_Pago,
];

/// The zones whose DST transitions property 4 concentrates on.
const DST_ZONES: [Tz; 3] = [LOS_ANGELES, LONDON, SYDNEY];

/// Realistic opening hours (Americas, EMEA, APAC/Japan).
const REALISTIC_HOURS: &[(u32, u32, u32, u32)] = &[(6, 0, 17, 30), (9, 0, 17, 0), (9, 0, 17, 30)];

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn first_instant() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap()
}

fn business_hours(&(oh, om, ch, cm): &(u32, u32, u32, u32)) -> BusinessHours {
    BusinessHours::new(hm(oh, om), hm(ch, cm)).unwrap()
}

fn local_date(tz: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

fn show(tz: Tz, at: DateTime<Utc>) -> String {
    format!(
        "{} ({})",
        at.with_timezone(&tz).format("%a %Y-%m-%d %H:%M:%S%.f %Z"),
        at.to_rfc3339()
    )
}

fn clock<T>(result: Result<T, ClockError>, what: &str) -> Check<T> {
    result.map_err(|e| TestCaseError::fail(format!("{what}: {e}")))
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// §4: a local time in a DST gap moves forward to the first instant that exists; an ambiguous
/// one takes its first occurrence. Every modern gap ends on a whole minute.
fn oracle_instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let mut local = date.and_time(time);
    loop {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(a, b) => return a.min(b).with_timezone(&Utc),
            LocalResult::None => {
                local = local.with_second(0).unwrap().with_nanosecond(0).unwrap()
                    + TimeDelta::minutes(1);
            }
        }
    }
}

/// Whether a date is a holiday of the calendar, read straight from its lists.
fn oracle_holiday(cal: &Calendar, date: NaiveDate) -> bool {
    cal.holidays
        .national
        .is_some_and(|l| l.name(date).is_some())
        || cal
            .holidays
            .designated
            .is_some_and(|l| l.name(date).is_some())
        || cal.holidays.added.contains(&date)
}

/// The counted window of one local date, if time counts on it at all.
fn oracle_window(
    cal: &Calendar,
    kind: CalendarKind,
    date: NaiveDate,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let whole_day = || {
        Some((
            oracle_instant(cal.tz, date, NaiveTime::MIN),
            oracle_instant(cal.tz, date.succ_opt().unwrap(), NaiveTime::MIN),
        ))
    };
    match kind {
        CalendarKind::TwentyFourSeven => whole_day(),
        _ if is_weekend(date) => None,
        CalendarKind::TwentyFourFive => whole_day(),
        _ if oracle_holiday(cal, date) => None,
        _ => Some((
            oracle_instant(cal.tz, date, cal.hours.opens()),
            oracle_instant(cal.tz, date, cal.hours.closes()),
        )),
    }
}

/// Counted time in `[from, to)`, summed window by window.
fn oracle_elapsed(
    cal: &Calendar,
    kind: CalendarKind,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> TimeDelta {
    if to <= from {
        return TimeDelta::zero();
    }
    let first = local_date(cal.tz, from).pred_opt().unwrap();
    let last = local_date(cal.tz, to).succ_opt().unwrap();
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter_map(|d| oracle_window(cal, kind, d))
        .map(|(start, end)| {
            let (start, end) = (start.max(from), end.min(to));
            if end > start {
                end - start
            } else {
                TimeDelta::zero()
            }
        })
        .sum()
}

fn oracle_open(cal: &Calendar, kind: CalendarKind, at: DateTime<Utc>) -> bool {
    let date = local_date(cal.tz, at);
    [date.pred_opt().unwrap(), date]
        .into_iter()
        .filter_map(|d| oracle_window(cal, kind, d))
        .any(|(start, end)| start <= at && at < end)
}

fn oracle_budget(cal: &Calendar, target: &Target) -> TimeDelta {
    match target.amount {
        Amount::Minutes(m) => TimeDelta::minutes(i64::from(m)),
        Amount::Hours(h) => TimeDelta::hours(i64::from(h)),
        Amount::Days(d) => (cal.hours.closes() - cal.hours.opens()) * i32::try_from(d).unwrap(),
    }
}

/// Holiday lists owned by one test case; the calendar borrows them.
struct Fixture {
    national: HolidayList,
    designated: HolidayList,
    added: Vec<NaiveDate>,
}

fn holiday_list(dates: impl IntoIterator<Item = NaiveDate>, what: &str) -> HolidayList {
    let days = dates
        .into_iter()
        .map(|d| (d, Localized::same(format!("{what} {d}"))))
        .collect();
    HolidayList::new(days, None)
}

/// Japanese Golden Week (29 April, 3–6 May) every year 2025–2030.
fn golden_weeks() -> impl Iterator<Item = NaiveDate> {
    (2025..=2030).flat_map(|y| {
        [
            ymd(y, 4, 29),
            ymd(y, 5, 3),
            ymd(y, 5, 4),
            ymd(y, 5, 5),
            ymd(y, 5, 6),
        ]
    })
}

/// 24 December to 3 January, every year from 2024/25 to 2030/31.
fn year_ends() -> impl Iterator<Item = NaiveDate> {
    (2024..=2030).flat_map(|y| {
        ymd(y, 12, 24)
            .iter_days()
            .take_while(move |d| *d <= ymd(y + 1, 1, 3))
    })
}

/// Which holidays a case observes.
#[derive(Debug, Clone)]
enum HolidaySpec {
    None,
    /// Golden Week as national holidays, Christmas–New Year as vendor-designated days.
    LongRuns,
    /// Dates at these day offsets from three days before the submission's local date.
    Near {
        national: Vec<u8>,
        designated: Vec<u8>,
        added: Vec<u8>,
    },
}

impl Fixture {
    fn build(spec: &HolidaySpec, near: NaiveDate) -> Fixture {
        let anchor = near - TimeDelta::days(3);
        let near = |offsets: &[u8]| -> Vec<NaiveDate> {
            offsets
                .iter()
                .map(|&o| anchor + TimeDelta::days(i64::from(o)))
                .collect()
        };
        match spec {
            HolidaySpec::None => Fixture {
                national: HolidayList::default(),
                designated: HolidayList::default(),
                added: Vec::new(),
            },
            HolidaySpec::LongRuns => Fixture {
                national: holiday_list(golden_weeks(), "Golden Week"),
                designated: holiday_list(year_ends(), "year end"),
                added: Vec::new(),
            },
            HolidaySpec::Near {
                national,
                designated,
                added,
            } => Fixture {
                national: holiday_list(near(national), "national"),
                designated: holiday_list(near(designated), "designated"),
                added: near(added),
            },
        }
    }

    fn calendar(&self, tz: Tz, hours: BusinessHours) -> Calendar<'_> {
        Calendar {
            tz,
            hours,
            holidays: Holidays {
                national: Some(&self.national),
                designated: Some(&self.designated),
                added: &self.added,
            },
        }
    }
}

/// Where a submitted (or probed) instant falls.
#[derive(Debug, Clone, Copy)]
enum At {
    /// This many seconds after the base instant.
    Offset(i64),
    /// A wall-clock time the calendar cares about (opening, closing, midnight), on the local date
    /// `days` after the base instant's, nudged by `nudge` seconds.
    Boundary { days: i64, pick: u8, nudge: i64 },
}

fn place(at: At, base: DateTime<Utc>, tz: Tz, hours: BusinessHours) -> DateTime<Utc> {
    match at {
        At::Offset(secs) => base + TimeDelta::seconds(secs),
        At::Boundary { days, pick, nudge } => {
            let date = local_date(tz, base) + TimeDelta::days(days);
            let time = match pick {
                0 => hours.opens(),
                1 => hours.closes(),
                _ => NaiveTime::MIN,
            };
            oracle_instant(tz, date, time) + TimeDelta::seconds(nudge)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

fn zone() -> impl Strategy<Value = Tz> {
    prop::sample::select(ZONES)
}

fn realistic_hours() -> impl Strategy<Value = BusinessHours> {
    prop::sample::select(REALISTIC_HOURS).prop_map(|h| business_hours(&h))
}

fn kind() -> impl Strategy<Value = CalendarKind> {
    prop::sample::select(CalendarKind::ALL)
}

fn amount_for(kind: CalendarKind) -> BoxedStrategy<Amount> {
    if kind == CalendarKind::BusinessDays {
        (1u32..=5).prop_map(Amount::Days).boxed()
    } else {
        prop_oneof![
            (1u32..=600).prop_map(Amount::Minutes),
            (1u32..=12).prop_map(Amount::Hours),
        ]
        .boxed()
    }
}

fn target_of(kinds: impl Strategy<Value = CalendarKind>) -> impl Strategy<Value = Target> {
    kinds.prop_flat_map(|kind| amount_for(kind).prop_map(move |amount| Target { kind, amount }))
}

fn target() -> impl Strategy<Value = Target> {
    target_of(kind())
}

fn holiday_spec() -> impl Strategy<Value = HolidaySpec> {
    let offsets = || prop::collection::vec(0u8..30, 0..8);
    prop_oneof![
        1 => Just(HolidaySpec::None),
        1 => Just(HolidaySpec::LongRuns),
        2 => (offsets(), offsets(), prop::collection::vec(0u8..30, 0..3)).prop_map(
            |(national, designated, added)| HolidaySpec::Near {
                national,
                designated,
                added,
            }
        ),
    ]
}

/// Instants `secs` seconds from a base, or calendar boundaries on dates `days` from it.
fn at(secs: Range<i64>, days: RangeInclusive<i64>) -> impl Strategy<Value = At> {
    prop_oneof![
        secs.prop_map(At::Offset),
        (days, 0u8..3, -1i64..=1).prop_map(|(days, pick, nudge)| At::Boundary {
            days,
            pick,
            nudge
        }),
    ]
}

/// Anywhere in 2025–2030.
fn anytime() -> impl Strategy<Value = At> {
    at(0..SPAN_SECS, 0..=2189)
}

/// How much later a second submission comes.
fn delay() -> impl Strategy<Value = i64> {
    prop_oneof![0i64..=120, 0i64..=7 * DAY_SECS]
}

// ---------------------------------------------------------------------------------------------
// DST transitions, computed from the zone rules
// ---------------------------------------------------------------------------------------------

fn offset_secs(tz: Tz, at: DateTime<Utc>) -> i32 {
    tz.offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc()
}

/// Every change of UTC offset of `tz` in 2025–2030, to the minute.
fn compute_transitions(tz: Tz) -> Vec<DateTime<Utc>> {
    let mut out = Vec::new();
    let mut day = first_instant();
    let end = first_instant() + TimeDelta::seconds(SPAN_SECS);
    while day < end {
        let next = day + TimeDelta::days(1);
        if offset_secs(tz, day) != offset_secs(tz, next) {
            let (mut lo, mut hi) = (day, next);
            while hi - lo > TimeDelta::minutes(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_secs(tz, mid) == offset_secs(tz, day) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            // `hi` is the first minute with the new offset, to within a minute: round to it.
            let hi = hi.with_second(0).unwrap().with_nanosecond(0).unwrap();
            let hi = if offset_secs(tz, hi) == offset_secs(tz, day) {
                hi + TimeDelta::minutes(1)
            } else {
                hi
            };
            out.push(hi);
        }
        day = next;
    }
    out
}

fn transitions(tz: Tz) -> &'static [DateTime<Utc>] {
    static CACHE: OnceLock<Vec<(Tz, Vec<DateTime<Utc>>)>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        [LOS_ANGELES, LONDON, SYDNEY, JERUSALEM, CAIRO]
            .into_iter()
            .map(|tz| (tz, compute_transitions(tz)))
            .collect()
    });
    &cache.iter().find(|(z, _)| *z == tz).unwrap().1
}

/// Transitions of `tz` where the offset grows (a gap) or shrinks (an overlap).
fn transitions_where(tz: Tz, gap: bool) -> Vec<DateTime<Utc>> {
    transitions(tz)
        .iter()
        .copied()
        .filter(|&t| {
            let before = offset_secs(tz, t - TimeDelta::minutes(1));
            (offset_secs(tz, t) > before) == gap
        })
        .collect()
}

#[test]
fn the_transition_lists_match_the_published_rules() {
    // LA: second Sunday of March / first Sunday of November, 02:00 local.
    let la = transitions(LOS_ANGELES);
    assert_eq!(la.len(), 12);
    assert_eq!(la[0].to_rfc3339(), "2025-03-09T10:00:00+00:00");
    assert_eq!(la[1].to_rfc3339(), "2025-11-02T09:00:00+00:00");
    // London: last Sunday of March / October, 01:00 UTC.
    let london = transitions(LONDON);
    assert_eq!(london.len(), 12);
    assert_eq!(london[0].to_rfc3339(), "2025-03-30T01:00:00+00:00");
    assert_eq!(london[11].to_rfc3339(), "2030-10-27T01:00:00+00:00");
    // Sydney: first Sunday of April 03:00 AEDT / first Sunday of October 02:00 AEST.
    let sydney = transitions(SYDNEY);
    assert_eq!(sydney.len(), 12);
    assert_eq!(sydney[0].to_rfc3339(), "2025-04-05T16:00:00+00:00");
    assert_eq!(sydney[1].to_rfc3339(), "2025-10-04T16:00:00+00:00");
    for tz in DST_ZONES {
        for t in transitions(tz) {
            assert_eq!(t.with_timezone(&tz).weekday(), Weekday::Sun, "{tz} {t}");
        }
    }
    // The weekday transitions the DST-edge property relies on: Israel springs forward on a
    // Friday at 02:00; Egypt on a Friday at 00:00 and falls back on a Thursday at 24:00.
    for t in transitions_where(JERUSALEM, true) {
        assert_eq!(t.with_timezone(&JERUSALEM).weekday(), Weekday::Fri, "{t}");
    }
    assert_eq!(transitions_where(JERUSALEM, true).len(), 6);
    for t in transitions_where(CAIRO, true) {
        assert_eq!(t.with_timezone(&CAIRO).weekday(), Weekday::Fri, "{t}");
    }
    assert_eq!(transitions_where(CAIRO, true).len(), 6);
    for t in transitions_where(CAIRO, false) {
        // The first instant of standard time is Thursday 23:00 local.
        assert_eq!(t.with_timezone(&CAIRO).weekday(), Weekday::Thu, "{t}");
    }
    assert_eq!(transitions_where(CAIRO, false).len(), 6);
}

/// The minimal failing input of `opening_and_closing_times_inside_a_dst_change`, as a plain test.
/// Israel skips 02:00–03:00 on Friday 28 March 2025 (the change is at 00:00 UTC). An opening at
/// 02:01 does not exist, so §4 moves it to the first instant that exists: 03:00 IDT, 00:00:00 UTC
/// exactly — not a fraction of a second later.
#[test]
fn an_opening_inside_a_weekday_dst_gap_moves_to_the_first_instant_that_exists() {
    let cal = Calendar {
        tz: JERUSALEM,
        hours: BusinessHours::new(hm(2, 1), hm(10, 0)).unwrap(),
        holidays: Holidays::default(),
    };
    let kind = CalendarKind::BusinessHours;
    let thursday_noon = Utc.with_ymd_and_hms(2025, 3, 27, 10, 0, 0).unwrap();
    let friday_opening = Utc.with_ymd_and_hms(2025, 3, 28, 0, 0, 0).unwrap();
    assert_eq!(
        cal.next_open(kind, thursday_noon).unwrap(),
        Some(friday_opening)
    );
    let one_hour = Target {
        kind,
        amount: Amount::Hours(1),
    };
    assert_eq!(
        cal.due(thursday_noon, &one_hour).unwrap(),
        friday_opening + TimeDelta::hours(1)
    );
}

// ---------------------------------------------------------------------------------------------
// Checks shared by the properties
// ---------------------------------------------------------------------------------------------

/// How to check the due instant's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Hours that no DST change touches: the wall-clock reading of due is within the hours.
    WallClock,
    /// Hours that a DST change may move: due is within the date's window per §4's rules.
    Windows,
}

/// Properties 1 and 2, the local-time invariants of due (property 4) and the explanation
/// (property 5). Returns the due instant.
fn check_due(
    cal: &Calendar,
    target: &Target,
    submitted: DateTime<Utc>,
    reading: Reading,
) -> Check<DateTime<Utc>> {
    let tz = cal.tz;
    let kind = target.kind;
    let budget = cal.budget(target);
    prop_assert_eq!(budget, oracle_budget(cal, target), "budget");
    let due = clock(cal.due(submitted, target), "due")?;
    let ctx = || {
        format!(
            "{kind} {:?} submitted {} due {}",
            target.amount,
            show(tz, submitted),
            show(tz, due)
        )
    };

    // 1. due ≥ submitted.
    prop_assert!(due >= submitted, "due before submission: {}", ctx());

    // 2. exactly the budget counts between submission and due, and due is the earliest such
    // instant (a due left at the next opening instead of a closing time would fail here).
    let elapsed = clock(cal.elapsed(kind, submitted, due), "elapsed")?;
    prop_assert_eq!(elapsed, budget, "elapsed ≠ budget: {}", ctx());
    let one = TimeDelta::seconds(1);
    let before = clock(cal.elapsed(kind, submitted, due - one), "elapsed")?;
    prop_assert!(before < budget, "due is not the earliest: {}", ctx());
    // The same, against the independent oracle.
    prop_assert_eq!(
        oracle_elapsed(cal, kind, submitted, due),
        budget,
        "oracle: counted time to due ≠ budget: {}",
        ctx()
    );
    prop_assert!(
        oracle_elapsed(cal, kind, submitted, due - one) < budget,
        "oracle: due is not the earliest: {}",
        ctx()
    );

    // 4. where due may land.
    let local = due.with_timezone(&tz);
    let date = local.date_naive();
    match kind {
        CalendarKind::TwentyFourSeven => {
            prop_assert_eq!(due, submitted + budget, "24x7 is absolute: {}", ctx());
        }
        CalendarKind::TwentyFourFive => {
            let saturday_midnight = date.weekday() == Weekday::Sat
                && local.time() == NaiveTime::MIN
                && due == oracle_instant(tz, date, NaiveTime::MIN);
            prop_assert!(
                !is_weekend(date) || saturday_midnight,
                "24x5 due on a weekend: {}",
                ctx()
            );
        }
        CalendarKind::BusinessHours | CalendarKind::BusinessDays => {
            prop_assert!(!is_weekend(date), "due on a weekend: {}", ctx());
            prop_assert!(!oracle_holiday(cal, date), "due on a holiday: {}", ctx());
            if reading == Reading::WallClock {
                prop_assert!(
                    cal.hours.opens() <= local.time() && local.time() <= cal.hours.closes(),
                    "due outside opening hours: {}",
                    ctx()
                );
            }
            let (start, end) = oracle_window(cal, kind, date).unwrap();
            prop_assert!(
                start < due && due <= end,
                "due outside its date's window {} – {}: {}",
                show(tz, start),
                show(tz, end),
                ctx()
            );
        }
    }

    // 5. the explanation.
    let explanation = clock(cal.explain(submitted, target), "explain")?;
    prop_assert_eq!(explanation.due, due);
    prop_assert_eq!(explanation.submitted, submitted);
    prop_assert_eq!(explanation.budget, budget);
    let segments = &explanation.segments;
    prop_assert!(!segments.is_empty(), "no segments: {}", ctx());
    let total: TimeDelta = segments.iter().map(|s| s.length()).sum();
    prop_assert_eq!(
        total,
        budget,
        "segments do not sum to the budget: {}",
        ctx()
    );
    prop_assert!(segments[0].start >= submitted, "{}", ctx());
    prop_assert_eq!(
        explanation.waited_for_opening,
        segments[0].start > submitted,
        "{}",
        ctx()
    );
    prop_assert_eq!(segments.last().unwrap().end, due, "{}", ctx());
    prop_assert_eq!(
        oracle_elapsed(cal, kind, submitted, segments[0].start),
        TimeDelta::zero(),
        "time counted before the first segment: {}",
        ctx()
    );
    for (i, segment) in segments.iter().enumerate() {
        prop_assert!(segment.start < segment.end, "empty segment {i}: {}", ctx());
        prop_assert_eq!(
            oracle_elapsed(cal, kind, segment.start, segment.end),
            segment.length(),
            "segment {} ({} – {}) is not all counted time: {}",
            i,
            show(tz, segment.start),
            show(tz, segment.end),
            ctx()
        );
        if let Some(next) = segments.get(i + 1) {
            prop_assert!(
                segment.end < next.start,
                "segments {i} and {} overlap, touch or are out of order: {}",
                i + 1,
                ctx()
            );
            prop_assert_eq!(
                oracle_elapsed(cal, kind, segment.end, next.start),
                TimeDelta::zero(),
                "counted time between segments {}: {}",
                i,
                ctx()
            );
        }
    }
    let (first_date, last_date) = (local_date(tz, submitted), date);
    let closed = &explanation.closed;
    prop_assert!(
        closed.windows(2).all(|w| w[0].0 < w[1].0),
        "closed dates out of order: {}",
        ctx()
    );
    for (d, why) in closed {
        prop_assert!(
            first_date <= *d && *d <= last_date,
            "closed date {d} outside the case: {}",
            ctx()
        );
        let holiday = cal
            .holidays
            .national
            .and_then(|l| l.name(*d))
            .or_else(|| cal.holidays.designated.and_then(|l| l.name(*d)));
        let expected = if is_weekend(*d) {
            // A weekend that is also a holiday is named as the holiday, except on 24x5, which
            // ignores holidays (review 6, item 5).
            match holiday {
                Some(name) if kind != CalendarKind::TwentyFourFive => Some(Closure::Holiday(name)),
                _ => Some(Closure::Weekend),
            }
        } else if kind == CalendarKind::TwentyFourFive || kind == CalendarKind::TwentyFourSeven {
            None
        } else if let Some(name) = cal.holidays.national.and_then(|l| l.name(*d)) {
            Some(Closure::Holiday(name))
        } else if let Some(name) = cal.holidays.designated.and_then(|l| l.name(*d)) {
            Some(Closure::Holiday(name))
        } else if cal.holidays.added.contains(d) {
            Some(Closure::Added)
        } else {
            None
        };
        prop_assert_eq!(Some(*why), expected, "closed {}: {}", d, ctx());
    }
    if kind == CalendarKind::TwentyFourSeven {
        prop_assert!(closed.is_empty(), "{}", ctx());
    } else {
        // Every date of the case on which no time counts is listed.
        for d in first_date.iter_days().take_while(|d| *d <= last_date) {
            if oracle_window(cal, kind, d).is_none() {
                prop_assert!(
                    closed.iter().any(|(c, _)| *c == d),
                    "closed date {d} missing: {}",
                    ctx()
                );
            }
        }
    }
    Ok(due)
}

/// Property 3: a later submission is never due earlier.
fn check_monotone(
    cal: &Calendar,
    target: &Target,
    submitted: DateTime<Utc>,
    due: DateTime<Utc>,
    delay: i64,
) -> Check {
    let later = submitted + TimeDelta::seconds(delay);
    let later_due = clock(cal.due(later, target), "due")?;
    prop_assert!(
        due <= later_due,
        "{} {:?}: submitted {} is due {}, but submitted {} is due {}",
        target.kind,
        target.amount,
        show(cal.tz, submitted),
        show(cal.tz, due),
        show(cal.tz, later),
        show(cal.tz, later_due)
    );
    Ok(())
}

/// Property 6: is_open, next_open and next_close agree with each other, with due and with the
/// oracle.
fn check_open(cal: &Calendar, kind: CalendarKind, t: DateTime<Utc>) -> Check {
    let tz = cal.tz;
    let ctx = || format!("{kind} at {}", show(tz, t));
    let open = clock(cal.is_open(kind, t), "is_open")?;
    prop_assert_eq!(open, oracle_open(cal, kind, t), "is_open: {}", ctx());
    let next_open = clock(cal.next_open(kind, t), "next_open")?;
    let next_close = clock(cal.next_close(kind, t), "next_close")?;
    if kind == CalendarKind::TwentyFourSeven {
        prop_assert!(open);
        prop_assert_eq!(next_open, None);
        prop_assert_eq!(next_close, None);
        return Ok(());
    }
    let Some(o) = next_open else {
        return Err(TestCaseError::fail(format!("next_open is None: {}", ctx())));
    };
    let Some(c) = next_close else {
        return Err(TestCaseError::fail(format!(
            "next_close is None: {}",
            ctx()
        )));
    };
    let ctx = || {
        format!(
            "{kind} at {}: next_open {} next_close {}",
            show(tz, t),
            show(tz, o),
            show(tz, c)
        )
    };
    prop_assert!(o > t, "next_open not after t: {}", ctx());
    prop_assert!(c > t, "next_close not after t: {}", ctx());
    prop_assert!(clock(cal.is_open(kind, o), "is_open")?, "{}", ctx());
    prop_assert!(
        oracle_open(cal, kind, o),
        "oracle: closed at next_open: {}",
        ctx()
    );
    prop_assert!(
        !oracle_open(cal, kind, o - TimeDelta::seconds(1)),
        "oracle: no pause before next_open: {}",
        ctx()
    );
    prop_assert!(!clock(cal.is_open(kind, c), "is_open")?, "{}", ctx());
    prop_assert!(
        !oracle_open(cal, kind, c),
        "oracle: open at next_close: {}",
        ctx()
    );
    if open {
        prop_assert!(c < o, "open, yet next_open precedes next_close: {}", ctx());
        prop_assert_eq!(
            clock(cal.elapsed(kind, t, c), "elapsed")?,
            c - t,
            "not open all the way to next_close: {}",
            ctx()
        );
    } else {
        prop_assert!(
            o < c,
            "closed, yet next_close precedes next_open: {}",
            ctx()
        );
        prop_assert_eq!(
            clock(cal.elapsed(kind, t, o), "elapsed")?,
            TimeDelta::zero(),
            "{}",
            ctx()
        );
        prop_assert_eq!(
            oracle_elapsed(cal, kind, t, o),
            TimeDelta::zero(),
            "oracle: counted time before next_open: {}",
            ctx()
        );
        let minute = Target {
            kind,
            amount: Amount::Minutes(1),
        };
        let due = clock(cal.due(t, &minute), "due")?;
        prop_assert!(
            due >= o,
            "due {} before next_open: {}",
            show(tz, due),
            ctx()
        );
        prop_assert_eq!(
            due,
            o + TimeDelta::minutes(1),
            "one minute after closing is due a minute after next_open: {}",
            ctx()
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// The default 256 cases; failures are reported with their shrunk input rather than saved to a
/// regression file next to this one.
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]
    /// Properties 1–3 (and the due/explain invariants) anywhere in 2025–2030, every kind, in
    /// zones all round the world, with holidays near the submission or in long runs.
    #[test]
    fn due_is_after_submission_exact_and_monotone(
        tz in zone(),
        hours in realistic_hours(),
        target in target(),
        holidays in holiday_spec(),
        at in anytime(),
        delay in delay(),
    ) {
        let submitted = place(at, first_instant(), tz, hours);
        let fixture = Fixture::build(&holidays, local_date(tz, submitted));
        let cal = fixture.calendar(tz, hours);
        let due = check_due(&cal, &target, submitted, Reading::WallClock)?;
        check_monotone(&cal, &target, submitted, due, delay)?;
    }

    /// Property 4: within three days of each DST transition of Los Angeles, London and Sydney.
    #[test]
    fn due_round_trips_across_dst(
        zone_index in 0usize..DST_ZONES.len(),
        transition in 0usize..12,
        hours in realistic_hours(),
        target in target(),
        holidays in prop_oneof![Just(HolidaySpec::None), holiday_spec()],
        at in at(-3 * DAY_SECS..3 * DAY_SECS, -3..=3),
        delay in delay(),
    ) {
        let tz = DST_ZONES[zone_index];
        let base = transitions(tz)[transition];
        let submitted = place(at, base, tz, hours);
        let fixture = Fixture::build(&holidays, local_date(tz, submitted));
        let cal = fixture.calendar(tz, hours);
        let due = check_due(&cal, &target, submitted, Reading::WallClock)?;
        check_monotone(&cal, &target, submitted, due, delay)?;
        check_open(&cal, target.kind, submitted)?;
    }

    /// Property 5: Golden Week and Christmas–New Year, submissions from five days before each
    /// run to twelve days after its start.
    #[test]
    fn long_holiday_runs_are_skipped_and_explained(
        tz in prop_oneof![Just(TOKYO), zone()],
        hours in realistic_hours(),
        target in target(),
        year in 2025i32..=2030,
        golden_week in any::<bool>(),
        at in at(-5 * DAY_SECS..12 * DAY_SECS, -5..=12),
        delay in delay(),
    ) {
        let start = if golden_week { ymd(year, 4, 29) } else { ymd(year, 12, 24) };
        let base = oracle_instant(tz, start, NaiveTime::MIN);
        let submitted = place(at, base, tz, hours);
        let fixture = Fixture::build(&HolidaySpec::LongRuns, start);
        let cal = fixture.calendar(tz, hours);
        let due = check_due(&cal, &target, submitted, Reading::WallClock)?;
        check_monotone(&cal, &target, submitted, due, delay)?;
    }

    /// Property 6: is_open / next_open / next_close, anywhere.
    #[test]
    fn opening_and_closing_are_consistent(
        tz in zone(),
        hours in realistic_hours(),
        kind in kind(),
        holidays in holiday_spec(),
        at in anytime(),
    ) {
        let t = place(at, first_instant(), tz, hours);
        let fixture = Fixture::build(&holidays, local_date(tz, t));
        let cal = fixture.calendar(tz, hours);
        check_open(&cal, kind, t)?;
    }

    /// §4's DST rule where it can matter to business hours: an opening or closing time inside a
    /// weekday DST change. Israel skips Friday 02:00–03:00 in March; Egypt skips Friday
    /// 00:00–01:00 in April and repeats Thursday 23:00–24:00 in October. Night-shift hours put
    /// the opening or the closing at a random minute inside the change: a time in a gap must
    /// move to the first instant that exists, an ambiguous one takes its first occurrence.
    #[test]
    fn opening_and_closing_times_inside_a_dst_change(
        case in 0usize..4,
        minute in 1u32..=59,
        transition in 0usize..6,
        target in target(),
        at in at(-3 * DAY_SECS..3 * DAY_SECS, -3..=3),
        delay in delay(),
    ) {
        // (zone, a gap rather than an overlap, opens, closes, the closing is the one inside)
        let (tz, gap, opens, closes, closing) = match case {
            0 => (JERUSALEM, true, hm(2, minute), hm(10, 0), false),
            1 => (JERUSALEM, true, hm(0, 30), hm(2, minute), true),
            2 => (CAIRO, true, hm(0, minute), hm(8, 0), false),
            _ => (CAIRO, false, hm(15, 0), hm(23, minute), true),
        };
        let hours = BusinessHours::new(opens, closes).unwrap();
        let change = transitions_where(tz, gap)[transition];
        let submitted = place(at, change, tz, hours);
        let fixture = Fixture::build(&HolidaySpec::None, local_date(tz, submitted));
        let cal = fixture.calendar(tz, hours);
        let due = check_due(&cal, &target, submitted, Reading::Windows)?;
        check_monotone(&cal, &target, submitted, due, delay)?;
        check_open(&cal, target.kind, submitted)?;
        // The opening or closing inside the change, asked from the previous noon (an opening)
        // or from that day's opening (a closing).
        let day = local_date(tz, change);
        let kind = CalendarKind::BusinessHours;
        let (what, got, expected) = if closing {
            let opening = oracle_instant(tz, day, opens);
            (
                "next_close",
                clock(cal.next_close(kind, opening), "next_close")?,
                oracle_instant(tz, day, closes),
            )
        } else {
            let noon = oracle_instant(tz, day.pred_opt().unwrap(), hm(12, 0));
            (
                "next_open",
                clock(cal.next_open(kind, noon), "next_open")?,
                oracle_instant(tz, day, opens),
            )
        };
        prop_assert_eq!(
            got,
            Some(expected),
            "{} should be {}, got {:?}",
            what,
            show(tz, expected),
            got.map(|o| show(tz, o))
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The real catalog (optional)
// ---------------------------------------------------------------------------------------------

/// The catalog in `data/`, or `None` while it does not load (its files may still be being
/// written); the property below is then skipped rather than run on made-up data.
fn catalog() -> Option<&'static Catalog> {
    static CATALOG: OnceLock<Option<Catalog>> = OnceLock::new();
    CATALOG
        .get_or_init(|| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
            match Catalog::load(&dir) {
                Ok(catalog) => Some(catalog),
                Err(e) => {
                    eprintln!(
                        "clock_properties: data/ does not load ({e}); the catalog property is \
                         skipped"
                    );
                    None
                }
            }
        })
        .as_ref()
}

proptest! {
    #![proptest_config(config())]
    /// Properties 1–3 and 6 for every region's calendar and every plan × priority target of the
    /// real catalog, in the region's default zone with its national and designated holidays.
    #[test]
    fn catalog_targets_obey_the_clock(
        region in 0..64usize,
        plan in 0..64usize,
        priority in prop::sample::select(Priority::ALL),
        at in anytime(),
        delay in delay(),
    ) {
        // Skipped, not faked, while data/ is incomplete.
        let Some(catalog) = catalog() else { return Ok(()) };
        let (plans, regions) = (catalog.plan_ids(), catalog.region_ids());
        let (plan, region) = (plans[plan % plans.len()], regions[region % regions.len()]);
        let cal = catalog
            .calendar(region, None, HolidayCountry::RegionDefault, &[])
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let target = catalog.target(plan, priority).target;
        let submitted = place(at, first_instant(), cal.tz, cal.hours);
        let due = check_due(&cal, &target, submitted, Reading::WallClock)?;
        check_monotone(&cal, &target, submitted, due, delay)?;
        check_open(&cal, target.kind, submitted)?;
    }
}
