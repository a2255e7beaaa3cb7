//! A deadline question in domain terms: which plan, priority and region, submitted when, in which
//! zone and with which holidays. Shared by `/due`, `supportbot due` and `--batch`.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::domain::calendar::{Calendar, ClockError, Explanation, Target};
use crate::domain::catalog::{Catalog, HolidayCountry, UnknownCountry};
use crate::domain::ids::{PlanId, Priority, RegionId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineQuery {
    pub plan: PlanId,
    pub priority: Priority,
    pub region: RegionId,
    pub submitted: DateTime<Utc>,
    /// The customer's zone; the region's default when `None`.
    pub timezone: Option<Tz>,
    pub country: HolidayCountry,
    /// Extra non-business dates for this question only.
    pub added_holidays: Vec<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    #[error(transparent)]
    UnknownCountry(#[from] UnknownCountry),
    #[error(transparent)]
    Clock(#[from] ClockError),
}

/// A deadline answered: the due instant, and whether counting crossed a year whose national
/// holidays are unknown (a holiday then may have counted as a business day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub due: DateTime<Utc>,
    pub holidays_unknown: bool,
}

impl DeadlineQuery {
    pub fn due(&self, catalog: &Catalog) -> Result<Deadline, DeadlineError> {
        let (calendar, target) = self.calendar_and_target(catalog)?;
        let due = calendar.due(self.submitted, &target)?;
        Ok(Deadline {
            due,
            holidays_unknown: calendar.holidays_unknown(target.kind, self.submitted, due),
        })
    }

    pub fn explain<'a>(&'a self, catalog: &'a Catalog) -> Result<Explanation<'a>, DeadlineError> {
        let (calendar, target) = self.calendar_and_target(catalog)?;
        Ok(calendar.explain(self.submitted, &target)?)
    }

    fn calendar_and_target<'a>(
        &'a self,
        catalog: &'a Catalog,
    ) -> Result<(Calendar<'a>, Target), DeadlineError> {
        let calendar = catalog.calendar(
            self.region,
            self.timezone,
            self.country,
            &self.added_holidays,
        )?;
        Ok((calendar, catalog.target(self.plan, self.priority).target))
    }
}
