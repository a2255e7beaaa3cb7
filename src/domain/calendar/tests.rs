use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use super::*;
use crate::i18n::Localized;

fn hours(opens: &str, closes: &str) -> BusinessHours {
    let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
    BusinessHours::new(t(opens), t(closes)).unwrap()
}

fn at(tz: Tz, local: &str) -> DateTime<Utc> {
    let naive = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M:%S").unwrap();
    tz.from_local_datetime(&naive).unwrap().with_timezone(&Utc)
}

fn local(tz: Tz, instant: DateTime<Utc>) -> String {
    instant
        .with_timezone(&tz)
        .format("%a %Y-%m-%d %H:%M:%S")
        .to_string()
}

fn list(dates: &[&str]) -> HolidayList {
    let days = dates
        .iter()
        .map(|d| {
            (
                d.parse::<NaiveDate>().unwrap(),
                Localized::same(format!("holiday {d}")),
            )
        })
        .collect::<BTreeMap<_, _>>();
    HolidayList::new(days, Some((2025, 2030)))
}

fn target(kind: CalendarKind, amount: Amount) -> Target {
    Target { kind, amount }
}

const LONDON: Tz = chrono_tz::Europe::London;
const TOKYO: Tz = chrono_tz::Asia::Tokyo;
const LOS_ANGELES: Tz = chrono_tz::America::Los_Angeles;
const SINGAPORE: Tz = chrono_tz::Asia::Singapore;

#[test]
fn business_p2_in_emea_filed_friday_1630_is_due_monday_1030() {
    let calendar = Calendar {
        tz: LONDON,
        hours: hours("09:00", "17:00"),
        holidays: Holidays::default(),
    };
    let two_hours = target(CalendarKind::BusinessHours, Amount::Hours(2));
    let due = calendar
        .due(at(LONDON, "2026-11-20 16:30:00"), &two_hours)
        .unwrap();
    assert_eq!(local(LONDON, due), "Mon 2026-11-23 10:30:00");

    let explanation = calendar
        .explain(at(LONDON, "2026-11-20 16:30:00"), &two_hours)
        .unwrap();
    let segments: Vec<_> = explanation
        .segments
        .iter()
        .map(|s| (local(LONDON, s.start), local(LONDON, s.end)))
        .collect();
    assert_eq!(
        segments,
        [
            (
                "Fri 2026-11-20 16:30:00".to_owned(),
                "Fri 2026-11-20 17:00:00".to_owned()
            ),
            (
                "Mon 2026-11-23 09:00:00".to_owned(),
                "Mon 2026-11-23 10:30:00".to_owned()
            ),
        ]
    );
    let closed: Vec<_> = explanation
        .closed
        .iter()
        .map(|(d, why)| (d.to_string(), *why))
        .collect();
    assert_eq!(
        closed,
        [
            ("2026-11-21".to_owned(), Closure::Weekend),
            ("2026-11-22".to_owned(), Closure::Weekend)
        ]
    );
    assert!(!explanation.waited_for_opening);
}

fn golden_week_2026() -> HolidayList {
    list(&[
        "2026-04-29",
        "2026-05-03",
        "2026-05-04",
        "2026-05-05",
        "2026-05-06",
    ])
}

#[test]
fn online_p4_in_japan_filed_the_day_before_golden_week() {
    let holidays = golden_week_2026();
    let calendar = Calendar {
        tz: TOKYO,
        hours: hours("09:00", "17:30"),
        holidays: Holidays {
            national: Some(&holidays),
            ..Holidays::default()
        },
    };
    let three_days = target(CalendarKind::BusinessDays, Amount::Days(3));
    assert_eq!(
        calendar.budget(&three_days),
        TimeDelta::minutes(25 * 60 + 30)
    );
    // Tue 28 Apr: 7.5 h; Wed 29 Apr (Shōwa Day) skipped; Thu 30 Apr and Fri 1 May: 17 h; the
    // weekend and 4–6 May skipped; the last hour on Thu 7 May.
    let due = calendar
        .due(at(TOKYO, "2026-04-28 10:00:00"), &three_days)
        .unwrap();
    assert_eq!(local(TOKYO, due), "Thu 2026-05-07 10:00:00");
    // Filed on Fri 1 May, the last business day before 2–6 May.
    let due = calendar
        .due(at(TOKYO, "2026-05-01 10:00:00"), &three_days)
        .unwrap();
    assert_eq!(local(TOKYO, due), "Mon 2026-05-11 10:00:00");
    let explanation = calendar
        .explain(at(TOKYO, "2026-05-01 10:00:00"), &three_days)
        .unwrap();
    let holidays_skipped = explanation
        .closed
        .iter()
        .filter(|(_, why)| matches!(why, Closure::Holiday(_)))
        .count();
    // Sun 3 May (Constitution Day, a holiday on a weekend, named as the holiday) and 4–6 May.
    assert_eq!(holidays_skipped, 4);
}

#[test]
fn americas_p3_filed_one_second_before_closing() {
    let calendar = Calendar {
        tz: LOS_ANGELES,
        hours: hours("06:00", "17:30"),
        holidays: Holidays::default(),
    };
    let submitted = at(LOS_ANGELES, "2026-11-17 17:29:59");
    let four_hours = target(CalendarKind::BusinessHours, Amount::Hours(4));
    assert_eq!(
        local(LOS_ANGELES, calendar.due(submitted, &four_hours).unwrap()),
        "Wed 2026-11-18 09:59:59"
    );
    let six_hours = target(CalendarKind::BusinessHours, Amount::Hours(6));
    assert_eq!(
        local(LOS_ANGELES, calendar.due(submitted, &six_hours).unwrap()),
        "Wed 2026-11-18 11:59:59"
    );
    // One second later the day is over: counting starts at the next opening.
    let explanation = calendar
        .explain(at(LOS_ANGELES, "2026-11-17 17:30:00"), &four_hours)
        .unwrap();
    assert_eq!(
        local(LOS_ANGELES, explanation.due),
        "Wed 2026-11-18 10:00:00"
    );
    assert!(explanation.waited_for_opening);
}

#[test]
fn elite_p2_24x5_filed_friday_2350_singapore() {
    let calendar = Calendar {
        tz: SINGAPORE,
        hours: hours("09:00", "17:00"),
        holidays: Holidays::default(),
    };
    let thirty_minutes = target(CalendarKind::TwentyFourFive, Amount::Minutes(30));
    let due = calendar
        .due(at(SINGAPORE, "2026-11-20 23:50:00"), &thirty_minutes)
        .unwrap();
    assert_eq!(local(SINGAPORE, due), "Mon 2026-11-23 00:20:00");
}

#[test]
fn a_target_that_fills_the_day_exactly_is_due_at_closing_time() {
    let calendar = Calendar {
        tz: LONDON,
        hours: hours("09:00", "17:00"),
        holidays: Holidays::default(),
    };
    let due = calendar
        .due(
            at(LONDON, "2026-11-23 13:00:00"),
            &target(CalendarKind::BusinessHours, Amount::Hours(4)),
        )
        .unwrap();
    assert_eq!(local(LONDON, due), "Mon 2026-11-23 17:00:00");
    let one_day = calendar
        .due(
            at(LONDON, "2026-11-23 08:00:00"),
            &target(CalendarKind::BusinessDays, Amount::Days(1)),
        )
        .unwrap();
    assert_eq!(local(LONDON, one_day), "Mon 2026-11-23 17:00:00");
}

#[test]
fn twenty_four_seven_is_absolute_time_across_dst() {
    let calendar = Calendar {
        tz: LOS_ANGELES,
        hours: hours("06:00", "17:30"),
        holidays: Holidays::default(),
    };
    let submitted = at(LOS_ANGELES, "2026-03-08 01:30:00");
    let due = calendar
        .due(
            submitted,
            &target(CalendarKind::TwentyFourSeven, Amount::Hours(1)),
        )
        .unwrap();
    assert_eq!(local(LOS_ANGELES, due), "Sun 2026-03-08 03:30:00");
}

#[test]
fn twenty_four_five_counts_holidays_but_not_weekends() {
    let holidays = list(&["2026-12-25"]);
    let calendar = Calendar {
        tz: LONDON,
        hours: hours("09:00", "17:00"),
        holidays: Holidays {
            national: Some(&holidays),
            ..Holidays::default()
        },
    };
    let due = calendar
        .due(
            at(LONDON, "2026-12-24 23:30:00"),
            &target(CalendarKind::TwentyFourFive, Amount::Hours(1)),
        )
        .unwrap();
    assert_eq!(local(LONDON, due), "Fri 2026-12-25 00:30:00");
}

#[test]
fn a_24x5_day_spanning_the_autumn_change_has_25_hours() {
    let calendar = Calendar {
        tz: chrono_tz::America::Santiago,
        hours: hours("09:00", "17:00"),
        holidays: Holidays::default(),
    };
    // Santiago falls back from 00:00 to 23:00 on Saturday night 4–5 April 2026, a weekend; pick
    // London's autumn change on a weekday instead through elapsed().
    let london = Calendar {
        tz: LONDON,
        ..calendar
    };
    let from = at(LONDON, "2026-10-23 00:00:00");
    let to = at(LONDON, "2026-10-27 00:00:00");
    // Fri counts (24 h), Sat and Sun (25 h) do not, Mon counts (24 h).
    assert_eq!(
        london
            .elapsed(CalendarKind::TwentyFourFive, from, to)
            .unwrap(),
        TimeDelta::hours(48)
    );
    assert_eq!(
        london
            .elapsed(CalendarKind::TwentyFourSeven, from, to)
            .unwrap(),
        TimeDelta::hours(97)
    );
}

#[test]
fn opening_and_closing_times_and_open_now() {
    let holidays = list(&["2026-11-23"]);
    let calendar = Calendar {
        tz: TOKYO,
        hours: hours("09:00", "17:30"),
        holidays: Holidays {
            national: Some(&holidays),
            ..Holidays::default()
        },
    };
    let kind = CalendarKind::BusinessHours;
    let friday_noon = at(TOKYO, "2026-11-20 12:00:00");
    assert!(calendar.is_open(kind, friday_noon).unwrap());
    assert_eq!(
        local(
            TOKYO,
            calendar.next_close(kind, friday_noon).unwrap().unwrap()
        ),
        "Fri 2026-11-20 17:30:00"
    );
    // The weekend and Monday's holiday (Labour Thanksgiving Day) pass before the next opening.
    assert_eq!(
        local(
            TOKYO,
            calendar.next_open(kind, friday_noon).unwrap().unwrap()
        ),
        "Tue 2026-11-24 09:00:00"
    );
    let monday = at(TOKYO, "2026-11-23 12:00:00");
    assert!(!calendar.is_open(kind, monday).unwrap());
    assert_eq!(
        local(TOKYO, calendar.next_close(kind, monday).unwrap().unwrap()),
        "Tue 2026-11-24 17:30:00"
    );
    // Japan window edges: 08:59 closed, 09:00 open, 17:29 open, 17:30 closed.
    assert!(
        !calendar
            .is_open(kind, at(TOKYO, "2026-11-24 08:59:00"))
            .unwrap()
    );
    assert!(
        calendar
            .is_open(kind, at(TOKYO, "2026-11-24 09:00:00"))
            .unwrap()
    );
    assert!(
        calendar
            .is_open(kind, at(TOKYO, "2026-11-24 17:29:00"))
            .unwrap()
    );
    assert!(
        !calendar
            .is_open(kind, at(TOKYO, "2026-11-24 17:30:00"))
            .unwrap()
    );
    // 24x5: the next opening after a Wednesday is Monday 00:00, not Thursday's midnight.
    let wednesday = at(TOKYO, "2026-11-25 12:00:00");
    assert_eq!(
        local(
            TOKYO,
            calendar
                .next_open(CalendarKind::TwentyFourFive, wednesday)
                .unwrap()
                .unwrap()
        ),
        "Mon 2026-11-30 00:00:00"
    );
    assert_eq!(
        local(
            TOKYO,
            calendar
                .next_close(CalendarKind::TwentyFourFive, wednesday)
                .unwrap()
                .unwrap()
        ),
        "Sat 2026-11-28 00:00:00"
    );
    assert_eq!(
        calendar
            .next_open(CalendarKind::TwentyFourSeven, wednesday)
            .unwrap(),
        None
    );
}

#[test]
fn instants_near_the_end_of_time_are_an_error_not_a_panic() {
    let calendar = Calendar {
        tz: TOKYO,
        hours: hours("09:00", "17:30"),
        holidays: Holidays::default(),
    };
    let end = DateTime::<Utc>::MAX_UTC;
    for kind in CalendarKind::ALL {
        let t = target(*kind, Amount::Days(3));
        let t = if *kind == CalendarKind::BusinessDays {
            t
        } else {
            target(*kind, Amount::Hours(3))
        };
        assert_eq!(calendar.due(end, &t), Err(ClockError::OutOfRange));
    }
}

#[test]
fn business_hours_must_close_after_they_open() {
    let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
    assert_eq!(
        BusinessHours::new(t("17:00"), t("09:00")),
        Err(ClockError::CloseBeforeOpen)
    );
    assert_eq!(
        BusinessHours::new(t("09:00"), t("09:00")),
        Err(ClockError::CloseBeforeOpen)
    );
}

const APIA: Tz = chrono_tz::Pacific::Apia;

#[test]
fn a_skipped_day_has_no_opening_and_counts_no_segment() {
    // Samoa skipped Friday 30 December 2011 (it moved west of the date line).
    let calendar = Calendar {
        tz: APIA,
        hours: hours("09:00", "17:00"),
        holidays: Holidays::default(),
    };
    let thursday_evening = at(APIA, "2011-12-29 18:00:00");
    let kind = CalendarKind::BusinessHours;
    let skipped = NaiveDate::from_ymd_opt(2011, 12, 30).unwrap();
    assert_eq!(calendar.closure(kind, skipped), Some(Closure::Skipped));
    let opens = calendar.next_open(kind, thursday_evening).unwrap().unwrap();
    // Saturday and Sunday are the weekend: the next opening is Monday 2 January 2012.
    assert_eq!(local(APIA, opens), "Mon 2012-01-02 09:00:00");
    let explanation = calendar
        .explain(thursday_evening, &target(kind, Amount::Hours(2)))
        .unwrap();
    assert!(
        explanation
            .segments
            .iter()
            .all(|s| s.length() > TimeDelta::zero()),
        "{:?}",
        explanation.segments
    );
    assert_eq!(explanation.segments.len(), 1);
    assert!(explanation.closed.contains(&(skipped, Closure::Skipped)));
    for kind in [CalendarKind::TwentyFourFive, CalendarKind::TwentyFourSeven] {
        assert_eq!(calendar.closure(kind, skipped), Some(Closure::Skipped));
    }
}

#[test]
fn the_clock_stops_where_the_zone_data_ends() {
    let calendar = Calendar {
        tz: LONDON,
        hours: hours("09:00", "17:00"),
        holidays: Holidays::default(),
    };
    // Summer time is still known in 2099: 08:30 UTC is 09:30 BST.
    let summer = Utc.with_ymd_and_hms(2099, 6, 15, 8, 30, 0).unwrap();
    let due = calendar
        .due(
            summer,
            &target(CalendarKind::BusinessHours, Amount::Hours(1)),
        )
        .unwrap();
    assert_eq!(local(LONDON, due), "Mon 2099-06-15 10:30:00");
    // A target that would end in 2100 is refused, not computed with guessed offsets, and the
    // refusal says the answer is past the end: the instant given is inside the years.
    let last_evening = Utc.with_ymd_and_hms(2099, 12, 31, 18, 0, 0).unwrap();
    for kind in CalendarKind::ALL {
        assert_eq!(
            calendar.due(last_evening, &target(*kind, Amount::Days(3))),
            Err(ClockError::PastEnd),
            "{kind:?}"
        );
    }
    assert_eq!(
        calendar.next_open(CalendarKind::BusinessHours, last_evening),
        Err(ClockError::PastEnd)
    );
    let in_2100 = Utc.with_ymd_and_hms(2100, 6, 15, 8, 30, 0).unwrap();
    assert!(!supports(in_2100));
    assert_eq!(
        calendar.is_open(CalendarKind::BusinessHours, in_2100),
        Err(ClockError::OutOfRange)
    );
}

#[test]
fn only_calendars_that_skip_holidays_miss_holiday_data() {
    let gb = list(&["2026-12-25"]);
    let calendar = Calendar {
        tz: LONDON,
        hours: hours("09:00", "17:00"),
        holidays: Holidays {
            national: Some(&gb),
            ..Holidays::default()
        },
    };
    let in_2031 = at(LONDON, "2031-03-04 10:00:00");
    let in_2026 = at(LONDON, "2026-03-04 10:00:00");
    let new_year = at(LONDON, "2030-12-31 16:00:00");
    for kind in [CalendarKind::TwentyFourSeven, CalendarKind::TwentyFourFive] {
        let t = target(kind, Amount::Hours(4));
        assert!(!calendar.explain(in_2031, &t).unwrap().holidays_unknown);
    }
    for kind in [CalendarKind::BusinessHours, CalendarKind::BusinessDays] {
        let t = target(kind, Amount::Days(1));
        assert!(calendar.explain(in_2031, &t).unwrap().holidays_unknown);
        assert!(calendar.explain(new_year, &t).unwrap().holidays_unknown);
        assert!(!calendar.explain(in_2026, &t).unwrap().holidays_unknown);
    }
}
