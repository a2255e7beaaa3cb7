//! Initial-response attainment over a range of days, from one list of counted outcomes: per
//! priority and region (the `/stats` text) and per week and priority (its chart and CSV), so the
//! two can never disagree.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, TimeDelta};

use crate::domain::ids::{Priority, RegionId};

/// Days `from..=to`, `from` never after `to`. Days are UTC dates of submission, as `/stats`
/// counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    from: NaiveDate,
    to: NaiveDate,
}

/// A range given backwards: `from` after `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{from} is after {to}")]
pub struct Backwards {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl DayRange {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<DayRange, Backwards> {
        if from > to {
            return Err(Backwards { from, to });
        }
        Ok(DayRange { from, to })
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The weeks (Monday to Sunday) the range touches, the first and last cut to the range.
    pub fn weeks(&self) -> Vec<Week> {
        let mut weeks = Vec::new();
        let mut first = self.from;
        loop {
            let to_sunday = 6 - u64::from(first.weekday().num_days_from_monday());
            let sunday = first.checked_add_days(Days::new(to_sunday));
            let last = sunday.map_or(self.to, |sunday| sunday.min(self.to));
            weeks.push(Week { first, last });
            match last.succ_opt() {
                Some(next) if last < self.to => first = next,
                _ => return weeks,
            }
        }
    }

    /// Which of [`DayRange::weeks`] holds `day`, if the range does.
    fn week_index(&self, day: NaiveDate) -> Option<usize> {
        if !self.contains(day) {
            return None;
        }
        let monday =
            |d: NaiveDate| d.num_days_from_ce() - d.weekday().num_days_from_monday() as i32;
        usize::try_from((monday(day) - monday(self.from)) / 7).ok()
    }
}

/// Monday to Sunday, or the part of it inside a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// What became of a case's first response, for the cases that count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Met,
    /// Late by `own` in the target's own time and `wall` in wall-clock time (a case still
    /// waiting past its due instant counts as late so far).
    Missed {
        own: TimeDelta,
        wall: TimeDelta,
    },
    /// Closed before anyone responded: neither met nor late.
    ClosedUnanswered,
}

/// Met out of total, and the cases closed without a response apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    pub met: u32,
    /// Met plus missed.
    pub total: u32,
    pub closed_unanswered: u32,
}

impl Count {
    fn add(&mut self, counted: Counted) {
        match counted {
            Counted::Met => {
                self.met = self.met.saturating_add(1);
                self.total = self.total.saturating_add(1);
            }
            Counted::Missed { .. } => self.total = self.total.saturating_add(1),
            Counted::ClosedUnanswered => {
                self.closed_unanswered = self.closed_unanswered.saturating_add(1)
            }
        }
    }

    /// Met in per cent of total; `None` when nothing was met or missed.
    pub fn attainment(&self) -> Option<f64> {
        (self.total > 0).then(|| f64::from(self.met) * 100.0 / f64::from(self.total))
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0 && self.closed_unanswered == 0
    }
}

/// One priority and region: its count and how late its misses were.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub count: Count,
    /// How late each miss was in its target's own time, sorted.
    pub late: Vec<TimeDelta>,
    /// The same misses in wall-clock time, sorted.
    pub late_wall: Vec<TimeDelta>,
}

impl Tally {
    /// The median and the worst miss, in own and wall-clock time.
    pub fn lateness(&self) -> Option<((TimeDelta, TimeDelta), (TimeDelta, TimeDelta))> {
        Some((median_worst(&self.late)?, median_worst(&self.late_wall)?))
    }
}

fn median_worst(sorted: &[TimeDelta]) -> Option<(TimeDelta, TimeDelta)> {
    Some((*sorted.get(sorted.len() / 2)?, *sorted.last()?))
}

/// One week's counts, by priority (indexed by [`Priority::index`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekCounts {
    pub week: Week,
    pub by_priority: [Count; 4],
}

impl WeekCounts {
    pub fn count(&self, priority: Priority) -> Count {
        self.by_priority[priority.index()]
    }
}

/// Attainment over a range, as counted outcomes are added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attainment {
    range: DayRange,
    tallies: BTreeMap<(Priority, RegionId), Tally>,
    weeks: Vec<WeekCounts>,
}

impl Attainment {
    pub fn new(range: DayRange) -> Attainment {
        Attainment {
            range,
            tallies: BTreeMap::new(),
            weeks: range
                .weeks()
                .into_iter()
                .map(|week| WeekCounts {
                    week,
                    by_priority: [Count::default(); 4],
                })
                .collect(),
        }
    }

    pub fn range(&self) -> DayRange {
        self.range
    }

    /// A case submitted on `day`; one outside the range is not counted.
    pub fn add(&mut self, day: NaiveDate, priority: Priority, region: RegionId, counted: Counted) {
        let Some(week) = self
            .range
            .week_index(day)
            .and_then(|i| self.weeks.get_mut(i))
        else {
            return;
        };
        week.by_priority[priority.index()].add(counted);
        let tally = self.tallies.entry((priority, region)).or_default();
        tally.count.add(counted);
        if let Counted::Missed { own, wall } = counted {
            let at = tally.late.partition_point(|l| *l <= own);
            tally.late.insert(at, own);
            let at = tally.late_wall.partition_point(|l| *l <= wall);
            tally.late_wall.insert(at, wall);
        }
    }

    /// Each priority and region with a case counted, in priority then region order.
    pub fn by_priority_region(&self) -> impl Iterator<Item = (&(Priority, RegionId), &Tally)> {
        self.tallies.iter().filter(|(_, t)| !t.count.is_empty())
    }

    /// Every week of the range, empty ones included.
    pub fn weeks(&self) -> &[WeekCounts] {
        &self.weeks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_run_monday_to_sunday_cut_to_the_range() {
        // 2026-11-04 is a Wednesday; 2026-11-17 a Tuesday.
        let range = DayRange::new(day("2026-11-04"), day("2026-11-17")).unwrap();
        let weeks: Vec<(String, String)> = range
            .weeks()
            .iter()
            .map(|w| (w.first.to_string(), w.last.to_string()))
            .collect();
        assert_eq!(
            weeks,
            [
                ("2026-11-04".into(), "2026-11-08".into()),
                ("2026-11-09".into(), "2026-11-15".into()),
                ("2026-11-16".into(), "2026-11-17".into()),
            ]
        );
        let one = DayRange::new(day("2026-11-08"), day("2026-11-08")).unwrap();
        assert_eq!(one.weeks().len(), 1);
    }

    #[test]
    fn a_backwards_range_is_refused() {
        assert_eq!(
            DayRange::new(day("2026-11-05"), day("2026-11-04")),
            Err(Backwards {
                from: day("2026-11-05"),
                to: day("2026-11-04")
            })
        );
    }

    #[test]
    fn weekly_counts_add_up_to_the_per_region_tallies() {
        let range = DayRange::new(day("2026-11-04"), day("2026-11-17")).unwrap();
        let mut a = Attainment::new(range);
        let region = RegionId::declare("stats-test-region").unwrap();
        let late = |h| Counted::Missed {
            own: TimeDelta::hours(h),
            wall: TimeDelta::hours(h * 2),
        };
        a.add(day("2026-11-04"), Priority::P1, region, Counted::Met);
        a.add(day("2026-11-08"), Priority::P1, region, late(3));
        a.add(day("2026-11-09"), Priority::P1, region, late(1));
        a.add(
            day("2026-11-17"),
            Priority::P2,
            region,
            Counted::ClosedUnanswered,
        );
        a.add(day("2026-11-18"), Priority::P2, region, Counted::Met);
        let weeks = a.weeks();
        assert_eq!(weeks.len(), 3);
        assert_eq!(
            weeks[0].count(Priority::P1),
            Count {
                met: 1,
                total: 2,
                closed_unanswered: 0
            }
        );
        assert_eq!(weeks[0].count(Priority::P1).attainment(), Some(50.0));
        assert_eq!(weeks[1].count(Priority::P1).attainment(), Some(0.0));
        assert_eq!(weeks[2].count(Priority::P2).attainment(), None);
        assert_eq!(weeks[2].count(Priority::P2).closed_unanswered, 1);
        let tallies: Vec<_> = a.by_priority_region().collect();
        assert_eq!(tallies.len(), 2);
        let p1 = tallies[0].1;
        assert_eq!((p1.count.met, p1.count.total), (1, 3));
        assert_eq!(
            p1.lateness(),
            Some((
                (TimeDelta::hours(3), TimeDelta::hours(3)),
                (TimeDelta::hours(6), TimeDelta::hours(6))
            ))
        );
    }
}
