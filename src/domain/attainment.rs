//! SLO attainment's one rule: which cases count towards "initial-response targets met out of
//! total", and how each counts at an instant. `/stats` (its text, chart and CSV) and the
//! operators' gauges all count with it; `domain::stats` adds the counts up.

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::case::{Case, Verdict};
use super::catalog::Catalog;
use super::ids::{Priority, RegionId};
use super::org::Organisation;
use super::policy::{self, Refusal};
use super::stats::{Backwards, Counted, DayRange};

/// Without a start, a range reaches back this many days from its end.
pub const DEFAULT_DAYS: Days = Days::new(30);

/// From `from` (default: [`DEFAULT_DAYS`] before `to`) to `to` (default: the UTC date of
/// `now`).
pub fn range(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<DayRange, Backwards> {
    let to = to.unwrap_or_else(|| now.date_naive());
    let from = from.unwrap_or_else(|| to.checked_sub_days(DEFAULT_DAYS).unwrap_or(to));
    DayRange::new(from, to)
}

/// The verdict on the case's first response: the one fixed when it was given, or for records
/// from before verdicts were kept, computed from the record against the priority in force when
/// the response was given. `None` before a response.
pub fn response_verdict(
    catalog: &Catalog,
    case: &Case,
    org: &Organisation,
) -> Result<Option<Verdict>, Refusal> {
    let Some(response) = &case.response else {
        return Ok(None);
    };
    match response.verdict {
        Some(verdict) => Ok(Some(verdict)),
        None => Ok(Some(policy::verdict(
            catalog,
            &case.terms(org),
            case.priority_at(response.at),
            case.due_at,
            response.at,
        )?)),
    }
}

/// How a case counts, and the priority and region it counts under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// For an answered case, those its response was measured under ([`Case::measured_under`]),
    /// never a later change's; otherwise the case's current ones.
    pub priority: Priority,
    pub region: RegionId,
    pub counted: Counted,
}

/// How `case` (of `org`) counts at `now`: met or missed by its response's verdict; missed when
/// still waiting past its due instant, late by as much as a response now would be; closed
/// unanswered; `None` while open and not yet due (not counted).
pub fn counted(
    catalog: &Catalog,
    case: &Case,
    org: &Organisation,
    now: DateTime<Utc>,
) -> Result<Option<Outcome>, Refusal> {
    let missed = |verdict: Verdict| Counted::Missed {
        own: verdict.margin(),
        wall: verdict.wall_clock(),
    };
    let current = |counted| Outcome {
        priority: case.priority,
        region: case.terms(org).region,
        counted,
    };
    if let (Some(verdict), Some((priority, region))) = (
        response_verdict(catalog, case, org)?,
        case.measured_under(org),
    ) {
        let counted = if verdict.met {
            Counted::Met
        } else {
            missed(verdict)
        };
        return Ok(Some(Outcome {
            priority,
            region,
            counted,
        }));
    }
    if case.closed_at.is_some() {
        return Ok(Some(current(Counted::ClosedUnanswered)));
    }
    if now <= case.due_at {
        return Ok(None);
    }
    let verdict = policy::verdict(catalog, &case.terms(org), case.priority, case.due_at, now)?;
    Ok(Some(current(missed(verdict))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_range_is_the_thirty_days_before_today_and_today() {
        let now: DateTime<Utc> = "2026-11-30T16:00:00Z".parse().unwrap();
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let last = range(None, None, now).unwrap();
        assert_eq!(
            (last.from(), last.to()),
            (day("2026-10-31"), day("2026-11-30"))
        );
        let given = range(Some(day("2026-11-01")), None, now).unwrap();
        assert_eq!(given.from(), day("2026-11-01"));
        assert!(range(Some(day("2026-12-01")), None, now).is_err());
    }
}
