//! Local wall-clock times to instants, with the product's rules for DST gaps and overlaps.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// The instant of a local date and time in `tz`. A time that does not exist (a DST gap) moves
/// forward to the first instant that exists; an ambiguous time takes its first occurrence
/// (support-programme.md §4).
pub fn instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        chrono::LocalResult::None => end_of_gap(tz, local),
    }
}

/// The instant a DST gap containing `local` ends: the offset changes somewhere between reading
/// `local` with the offset after the gap and with the offset before it; a binary search over
/// seconds finds it in a dozen steps.
fn end_of_gap(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let offset_at = |utc: NaiveDateTime| tz.offset_from_utc_datetime(&utc).fix();
    let shifted = |by: TimeDelta| local.checked_add_signed(by).unwrap_or(local);
    let day = TimeDelta::days(1);
    let before = offset_at(shifted(-day));
    let after = offset_at(shifted(day));
    // At the ends of chrono's range a shift may not exist; reading the wall time as UTC is then
    // the nearest instant there is (the clock refuses such instants before asking anyway).
    let utc_of = |offset: chrono::FixedOffset| {
        local
            .checked_sub_signed(TimeDelta::seconds(i64::from(offset.local_minus_utc())))
            .unwrap_or(local)
    };
    let mut lo = utc_of(after);
    let mut hi = utc_of(before);
    if lo >= hi {
        return hi.and_utc();
    }
    // Invariant: the offset at `lo` is still the old one, and at `hi` it is the new one.
    // Transitions fall on whole seconds, so the search halves whole seconds and ends exact.
    while (hi - lo).num_seconds() > 1 {
        let mid = lo + TimeDelta::seconds((hi - lo).num_seconds() / 2);
        if offset_at(mid) == before {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi.and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }
    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn a_time_in_the_spring_gap_moves_to_the_end_of_the_gap() {
        // Los Angeles skips 02:00–03:00 on 8 March 2026; 03:00 PDT is 10:00 UTC.
        let t = instant(chrono_tz::America::Los_Angeles, ymd(2026, 3, 8), hm(2, 30));
        assert_eq!(t.to_rfc3339(), "2026-03-08T10:00:00+00:00");
    }

    #[test]
    fn a_midnight_gap_moves_to_one_o_clock() {
        // Santiago skips 00:00–01:00 on 6 September 2026 (UTC-4 → UTC-3).
        let t = instant(chrono_tz::America::Santiago, ymd(2026, 9, 6), hm(0, 0));
        assert_eq!(t.to_rfc3339(), "2026-09-06T04:00:00+00:00");
    }

    #[test]
    fn the_ends_of_the_calendar_do_not_panic() {
        for tz in [chrono_tz::Pacific::Apia, chrono_tz::Europe::London] {
            instant(tz, NaiveDate::MIN, NaiveTime::MIN);
            instant(tz, NaiveDate::MAX, hm(23, 59));
        }
    }

    #[test]
    fn an_ambiguous_time_takes_its_first_occurrence() {
        // London repeats 01:00–02:00 on 25 October 2026; the first 01:30 is BST, 00:30 UTC.
        let t = instant(chrono_tz::Europe::London, ymd(2026, 10, 25), hm(1, 30));
        assert_eq!(t.to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }
}
