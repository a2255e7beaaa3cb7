//! Support cases: what was filed, when the first response is due, and everything that happened
//! to it since.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::ids::{CalendarKind, Language, Priority, RegionId};
use crate::domain::org::{OrgId, Organisation, ProductId, Role, Terms, UserId};
use crate::domain::text::UserText;

/// A case number, shown as `CASE-000042`: from 1 to [`CaseId::MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CaseId(pub u64);

impl CaseId {
    /// The largest case number. Numbers are never reused, so the store refuses to file past it
    /// rather than wrap onto existing cases; 32 bits keep numbers readable and far from any
    /// integer limit.
    pub const MAX: u64 = u32::MAX as u64;

    /// Whether the number is one a case may have.
    pub fn in_range(self) -> bool {
        (1..=CaseId::MAX).contains(&self.0)
    }

    /// The number after this one, if there is one.
    pub fn next(self) -> Option<CaseId> {
        self.0.checked_add(1).map(CaseId).filter(|id| id.in_range())
    }
}

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CASE-{:06}", self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a case id such as CASE-000042")]
pub struct BadCaseId(pub String);

impl FromStr for CaseId {
    type Err = BadCaseId;
    fn from_str(s: &str) -> Result<CaseId, BadCaseId> {
        let trimmed = s.trim();
        let digits = match trimmed.get(..5) {
            Some(prefix) if prefix.eq_ignore_ascii_case("case-") => &trimmed[5..],
            _ => trimmed,
        };
        match digits.parse::<u64>() {
            Ok(n) if CaseId(n).in_range() && digits.chars().all(|c| c.is_ascii_digit()) => {
                Ok(CaseId(n))
            }
            _ => Err(BadCaseId(s.to_owned())),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseStatus {
    /// Waiting for its initial response: the clock runs.
    Open,
    /// The initial response was given: the clock stopped.
    Responded,
    Closed,
}

impl CaseStatus {
    pub const NAMES: &'static [&'static str] = &["open", "responded", "closed"];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Responded => "responded",
            CaseStatus::Closed => "closed",
        }
    }
}

impl FromStr for CaseStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<CaseStatus, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "open" => Ok(CaseStatus::Open),
            "responded" => Ok(CaseStatus::Responded),
            "closed" => Ok(CaseStatus::Closed),
            _ => Err(format!("{s:?} is not a status: open, responded or closed")),
        }
    }
}

/// The initial response: who gave it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub by: UserId,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub note: Option<UserText>,
    /// Fixed when the response is given; `None` in records written before verdicts were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
}

/// Whether the initial response met its target and by how much, with the target in force when
/// it was given. Never recomputed: later priority or term changes leave it as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// The due instant the response was measured against.
    pub due_at: DateTime<Utc>,
    pub met: bool,
    /// How the target's time counts.
    pub kind: CalendarKind,
    /// The distance between the response and the due instant in the target's own time
    /// (business hours, for example), in milliseconds, never negative.
    pub margin_ms: i64,
    /// The same distance in wall-clock time.
    pub wall_clock_ms: i64,
    /// The priority and region whose target the response was measured against: `/stats` and
    /// the SLO gauges count the case under them whatever changes later; `None` in records written before they were kept
    /// (see [`Case::measured_under`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionId>,
}

impl Verdict {
    pub fn margin(&self) -> TimeDelta {
        TimeDelta::milliseconds(self.margin_ms)
    }

    pub fn wall_clock(&self) -> TimeDelta {
        TimeDelta::milliseconds(self.wall_clock_ms)
    }
}

/// Something that happened to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EventKind {
    Filed,
    Note {
        text: UserText,
    },
    Responded {
        note: Option<UserText>,
    },
    Priority {
        from: Priority,
        to: Priority,
        reason: Option<UserText>,
        due_before: DateTime<Utc>,
        due_after: DateTime<Utc>,
    },
    Escalated {
        reason: UserText,
        notified: Option<UserId>,
        /// Who escalated, for the notice: a customer or support. `None` in records written
        /// before it was kept.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by_role: Option<Role>,
        /// Whether a notice goes through the reminder outbox; `false` in records written before
        /// notices were queued, so restoring them sends nothing late.
        #[serde(default)]
        notice: bool,
    },
    Closed,
    /// An administrator moved the case to its organisation's new terms.
    Terms(TermsChange),
    Reopened {
        /// For a case closed before its first response: the due instant before and after its
        /// clock resumed with the budget that was left.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due_before: Option<DateTime<Utc>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due_after: Option<DateTime<Utc>>,
    },
}

/// Why and how a case's due instant moved when it was put under new terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsChange {
    pub from: Terms,
    pub to: Terms,
    pub due_before: DateTime<Utc>,
    pub due_after: DateTime<Utc>,
}

/// A stretch during which a case's clock stood still: closed before its first response, until
/// reopened (`to` is `None` while it stays closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: DateTime<Utc>,
    #[serde(default)]
    pub to: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub by: UserId,
    #[serde(flatten)]
    pub kind: EventKind,
}

pub const CASE_SCHEMA: u32 = 1;

fn case_schema() -> u32 {
    CASE_SCHEMA
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    #[serde(default = "case_schema")]
    pub v: u32,
    pub id: CaseId,
    pub org: OrgId,
    pub product: ProductId,
    pub priority: Priority,
    pub title: UserText,
    #[serde(default)]
    pub description: Option<UserText>,
    pub language: Language,
    /// The customer who asked for help.
    pub requester: UserId,
    /// Who filed it in the bot: the requester, or an agent on their behalf.
    pub filed_by: UserId,
    #[serde(default)]
    pub impact: Option<UserText>,
    pub submitted_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    #[serde(default)]
    pub response: Option<Response>,
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
    /// When a customer last raised the priority (at most one step per 24 hours).
    #[serde(default)]
    pub customer_raised_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub history: Vec<Event>,
    /// When its clock stood still, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pauses: Vec<Pause>,
    /// The terms it was filed under; `None` in records written before terms were kept, which
    /// take their organisation's current terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<Terms>,
}

impl Case {
    pub fn status(&self) -> CaseStatus {
        if self.closed_at.is_some() {
            CaseStatus::Closed
        } else if self.response.is_some() {
            CaseStatus::Responded
        } else {
            CaseStatus::Open
        }
    }

    /// Whether the initial-response clock is running: no response yet and not closed.
    pub fn clock_running(&self) -> bool {
        self.status() == CaseStatus::Open
    }

    /// The pauses that ended, as (stop, resume).
    pub fn ended_pauses(&self) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        self.pauses
            .iter()
            .filter_map(|p| p.to.map(|to| (p.from, to)))
            .collect()
    }

    /// Whether the clock stood still at `at`.
    pub fn paused_at(&self, at: DateTime<Utc>) -> bool {
        self.pauses
            .iter()
            .any(|p| p.from <= at && p.to.is_none_or(|to| at < to))
    }

    /// The terms the case is worked under.
    pub fn terms(&self, org: &Organisation) -> Terms {
        self.terms.unwrap_or_else(|| org.terms())
    }

    /// The priority in force at `at`: the one the first later change moved it from, else the
    /// current one.
    pub fn priority_at(&self, at: DateTime<Utc>) -> Priority {
        self.history
            .iter()
            .find_map(|event| match event.kind {
                EventKind::Priority { from, .. } if event.at > at => Some(from),
                _ => None,
            })
            .unwrap_or(self.priority)
    }

    /// The priority and region the first response was measured under: the verdict's, or for
    /// records written before the verdict kept them, the priority in force when it was given
    /// (from the history) and the case's terms (a case's terms move only while its clock runs).
    /// `None` before a response.
    pub fn measured_under(&self, org: &Organisation) -> Option<(Priority, RegionId)> {
        let verdict = self.response.as_ref()?.verdict.as_ref();
        Some((
            self.measured_priority()?,
            verdict
                .and_then(|v| v.region)
                .unwrap_or_else(|| self.terms(org).region),
        ))
    }

    /// The priority of [`Case::measured_under`].
    pub fn measured_priority(&self) -> Option<Priority> {
        let response = self.response.as_ref()?;
        Some(
            response
                .verdict
                .and_then(|v| v.priority)
                .unwrap_or_else(|| self.priority_at(response.at)),
        )
    }

    /// Whether the target was missed: responded late (by the verdict given then), or still
    /// waiting past due at `now`.
    pub fn breaching(&self, now: DateTime<Utc>) -> bool {
        match &self.response {
            Some(Response {
                verdict: Some(verdict),
                ..
            }) => !verdict.met,
            Some(response) => response.at > self.due_at,
            None => self.closed_at.is_none() && now > self.due_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_ids_print_padded_and_parse_leniently() {
        assert_eq!(CaseId(42).to_string(), "CASE-000042");
        assert_eq!("CASE-000042".parse::<CaseId>(), Ok(CaseId(42)));
        assert_eq!("case-42".parse::<CaseId>(), Ok(CaseId(42)));
        assert_eq!("42".parse::<CaseId>(), Ok(CaseId(42)));
        assert_eq!(CaseId(1_234_567).to_string(), "CASE-1234567");
        assert_eq!("CASE-4294967295".parse::<CaseId>(), Ok(CaseId(CaseId::MAX)));
        assert_eq!(CaseId(CaseId::MAX).next(), None);
        assert_eq!(CaseId(41).next(), Some(CaseId(42)));
        for bad in [
            "",
            "CASE-",
            "CASE-0",
            "CASE--1",
            "CASE-+1",
            "ＣＡＳＥ-1",
            "12a",
            "CASE-4294967296",
            "18446744073709551615",
        ] {
            assert!(bad.parse::<CaseId>().is_err(), "{bad}");
        }
    }
}
