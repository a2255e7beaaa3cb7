//! The programme's rules for cases, organisations and contacts, as pure functions of the catalog,
//! the records and the time. Commands call these; nothing here reads a clock or a store.

use chrono::{DateTime, TimeDelta, Utc};

use crate::domain::calendar::{ClockError, DayOff, Explanation};
use crate::domain::case::{Case, Verdict};
use crate::domain::catalog::{Capability, Catalog, UnknownCountry};
use crate::domain::ids::{CalendarKind, Language, PlanId, Priority, RegionId};
use crate::domain::org::{OrgId, Organisation, ProductId, Role, Terms, UserId};
use crate::domain::text::UserText;

/// How long a customer waits between two priority raises on one case.
pub const CUSTOMER_RAISE_INTERVAL: TimeDelta = TimeDelta::hours(24);

/// Why the programme does not allow what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The record does not exist, or the asker may not see it: the same answer for both, so
    /// nothing leaks across organisations.
    #[error("not found")]
    NotFound,
    #[error("only support agents may do this")]
    AgentsOnly,
    #[error("only administrators may do this")]
    AdminsOnly,
    #[error("not a named support contact of this organisation for this product")]
    NotAContact,
    /// The store's answer when a new organisation's id is taken.
    #[error("the organisation id is taken")]
    OrgExists,
    /// The same, with the id and a free one to use instead.
    #[error("the organisation id {id} is taken")]
    OrgIdTaken { id: OrgId, free: OrgId },
    #[error("{product} is not one of the organisation's products")]
    UnknownProduct {
        product: ProductId,
        products: Vec<ProductId>,
    },
    #[error("P2–P4 cases in this region are accepted only during business hours")]
    OutsideSubmissionWindow {
        region: RegionId,
        next_open: Option<DateTime<Utc>>,
        /// Why today has no business hours, when that is why: "only during 9:00–17:30" read at
        /// 10:00 on a holiday would contradict itself.
        day_off: Option<DayOff>,
    },
    #[error("the region does not support {language}")]
    LanguageNotSupported {
        region: RegionId,
        language: Language,
        supported: Vec<Language>,
    },
    #[error("{product} has no {language} support in this region")]
    LanguageExcluded {
        product: ProductId,
        language: Language,
    },
    #[error("a P1 case needs a business-impact statement")]
    ImpactRequired,
    #[error("a customer may raise a case one step, from P4 to P3 or P3 to P2")]
    CustomerRaiseStep,
    #[error("a customer may not lower a case's priority")]
    CustomerLower,
    #[error("a customer may raise a case once in 24 hours")]
    CustomerRaiseTooSoon { next: DateTime<Utc> },
    #[error("the case already has this priority")]
    SamePriority,
    #[error("the plan has no escalation management")]
    NoEscalation { plan: PlanId },
    #[error("the initial response was already recorded")]
    AlreadyResponded { at: DateTime<Utc> },
    #[error("the case is closed")]
    Closed,
    #[error("the case is not closed")]
    NotClosed,
    #[error("the plan allows {limit} named contacts for {product}")]
    ContactLimit {
        plan: PlanId,
        limit: u32,
        product: ProductId,
    },
    #[error("already a named contact")]
    AlreadyContact,
    #[error("not a named contact")]
    NotContact,
    #[error("contacts over the new plan's limit")]
    PlanOverLimit {
        plan: PlanId,
        over: Vec<(ProductId, u32, Vec<UserId>)>,
    },
    #[error("the date is outside the range the clock computes")]
    OutOfRange,
    #[error("the deadline falls after the range the clock computes")]
    PastEnd,
    #[error("every case number has been used")]
    CaseNumbersExhausted,
    /// `/reminders set region … org …` naming another region than the organisation's.
    #[error("the organisation {org} is in another region")]
    RouteRegionMismatch {
        org: OrgId,
        name: UserText,
        org_region: RegionId,
        region: RegionId,
    },
}

impl From<ClockError> for Refusal {
    fn from(e: ClockError) -> Refusal {
        match e {
            ClockError::PastEnd => Refusal::PastEnd,
            ClockError::OutOfRange | ClockError::CloseBeforeOpen => Refusal::OutOfRange,
        }
    }
}

/// Whether `user` with `role` may see and act on the organisation's cases: agents and admins see
/// every organisation, a customer only those listing them as a named contact.
pub fn can_see(role: Role, user: UserId, org: &Organisation) -> bool {
    role >= Role::Agent || org.is_contact(user)
}

/// When a case of `priority` submitted at `submitted` is first due, on the calendar of the
/// terms it is worked under, and how.
pub fn explain_due<'a>(
    catalog: &'a Catalog,
    terms: &Terms,
    priority: Priority,
    submitted: DateTime<Utc>,
) -> Result<Explanation<'a>, Refusal> {
    let calendar = catalog
        .calendar(terms.region, terms.timezone, terms.holiday_country(), &[])
        .map_err(|UnknownCountry(_)| Refusal::OutOfRange)?;
    let target = catalog.target(terms.plan, priority).target;
    Ok(calendar.explain(submitted, &target)?)
}

/// When a case of `priority` submitted at `submitted` is due on its terms, its clock having
/// stood still during `pauses` (stop, resume).
pub fn due_paused(
    catalog: &Catalog,
    terms: &Terms,
    priority: Priority,
    submitted: DateTime<Utc>,
    pauses: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Result<DateTime<Utc>, Refusal> {
    let calendar = catalog
        .calendar(terms.region, terms.timezone, terms.holiday_country(), &[])
        .map_err(|UnknownCountry(_)| Refusal::OutOfRange)?;
    let target = catalog.target(terms.plan, priority).target;
    Ok(calendar.advance_paused(target.kind, submitted, pauses, calendar.budget(&target))?)
}

/// The verdict on a first response given at `at` to a case of `priority` due at `due_at`: met or
/// missed, and by how much in the target's own time and in wall-clock time.
pub fn verdict(
    catalog: &Catalog,
    terms: &Terms,
    priority: Priority,
    due_at: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<Verdict, Refusal> {
    let calendar = catalog
        .calendar(terms.region, terms.timezone, terms.holiday_country(), &[])
        .map_err(|UnknownCountry(_)| Refusal::OutOfRange)?;
    let kind = catalog.target(terms.plan, priority).target.kind;
    let met = at <= due_at;
    let (from, to) = if met { (at, due_at) } else { (due_at, at) };
    Ok(Verdict {
        due_at,
        met,
        kind,
        margin_ms: calendar.elapsed(kind, from, to)?.num_milliseconds(),
        wall_clock_ms: (to - from).num_milliseconds(),
        priority: Some(priority),
        region: Some(terms.region),
    })
}

/// What filing a case needs checked before it is recorded.
pub struct Filing<'a> {
    pub role: Role,
    pub user: UserId,
    pub org: &'a Organisation,
    pub product: &'a ProductId,
    pub priority: Priority,
    pub language: Language,
    pub impact: Option<&'a str>,
    pub now: DateTime<Utc>,
}

/// Checks every rule of filing, in the order a person would want to hear them.
pub fn check_filing(catalog: &Catalog, filing: &Filing<'_>) -> Result<(), Refusal> {
    let org = filing.org;
    if filing.role < Role::Agent && !org.is_contact_for(filing.user, filing.product) {
        return Err(if org.is_contact(filing.user) {
            Refusal::NotAContact
        } else {
            Refusal::NotFound
        });
    }
    if !org.has_product(filing.product) {
        return Err(Refusal::UnknownProduct {
            product: filing.product.clone(),
            products: org.products.clone(),
        });
    }
    let region = catalog.region(org.region);
    if !region.languages.contains(&filing.language) {
        return Err(Refusal::LanguageNotSupported {
            region: org.region,
            language: filing.language,
            supported: region.languages.clone(),
        });
    }
    if let Some(exclusion) = region
        .language_exclusions
        .iter()
        .find(|e| e.language == filing.language && e.product.as_str() == filing.product.as_str())
    {
        return Err(Refusal::LanguageExcluded {
            product: filing.product.clone(),
            language: exclusion.language,
        });
    }
    if filing.priority == Priority::P1 && filing.impact.is_none_or(|i| i.trim().is_empty()) {
        return Err(Refusal::ImpactRequired);
    }
    if region.submission_window.contains(&filing.priority) {
        let calendar = catalog
            .calendar(org.region, org.timezone, org.holiday_country(), &[])
            .map_err(|_| Refusal::OutOfRange)?;
        if !calendar.is_open(CalendarKind::BusinessHours, filing.now)? {
            let next_open = calendar.next_open(CalendarKind::BusinessHours, filing.now)?;
            let today = filing.now.with_timezone(&calendar.tz).date_naive();
            return Err(Refusal::OutsideSubmissionWindow {
                region: org.region,
                next_open,
                day_off: calendar
                    .closure(CalendarKind::BusinessHours, today)
                    .and_then(|why| why.day_off()),
            });
        }
    }
    Ok(())
}

/// Whether `role` may move the case to `to` at `now`. Agents may make any change; a customer may
/// raise one step (P4→P3, P3→P2) once in 24 hours, never to P1.
pub fn check_priority_change(
    role: Role,
    case: &Case,
    to: Priority,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    if case.closed_at.is_some() {
        return Err(Refusal::Closed);
    }
    if case.priority == to {
        return Err(Refusal::SamePriority);
    }
    if role >= Role::Agent {
        return Ok(());
    }
    // Priority 1 is the most urgent: a larger index is a lower priority.
    if to.index() > case.priority.index() {
        return Err(Refusal::CustomerLower);
    }
    let one_step_up = matches!(
        (case.priority, to),
        (Priority::P4, Priority::P3) | (Priority::P3, Priority::P2)
    );
    if !one_step_up {
        return Err(Refusal::CustomerRaiseStep);
    }
    if let Some(last) = case.customer_raised_at
        && now < last + CUSTOMER_RAISE_INTERVAL
    {
        return Err(Refusal::CustomerRaiseTooSoon {
            next: last + CUSTOMER_RAISE_INTERVAL,
        });
    }
    Ok(())
}

/// Who hears of an escalation: the organisation's escalation contact, else its Account Support
/// Lead. Refused when the case's plan has no Escalation Management.
pub fn escalation_target(
    catalog: &Catalog,
    plan: PlanId,
    org: &Organisation,
) -> Result<Option<UserId>, Refusal> {
    if !catalog.has(plan, Capability::Escalation) {
        return Err(Refusal::NoEscalation { plan });
    }
    Ok(org.escalation_contact.or(org.account_support_lead))
}

/// Whether one more contact fits the plan's limit for the product.
pub fn check_contact_added(
    catalog: &Catalog,
    org: &Organisation,
    product: &ProductId,
    user: UserId,
) -> Result<(), Refusal> {
    let current = org.contacts.get(product).map_or(&[][..], |v| v.as_slice());
    if current.contains(&user) {
        return Err(Refusal::AlreadyContact);
    }
    let limit = catalog.named_contacts_limit(org.plan);
    if current.len() >= limit as usize {
        return Err(Refusal::ContactLimit {
            plan: org.plan,
            limit,
            product: product.clone(),
        });
    }
    Ok(())
}

/// Whether the organisation's contacts fit `plan`; lowering a plan never drops contacts silently.
pub fn check_plan_change(
    catalog: &Catalog,
    org: &Organisation,
    plan: PlanId,
) -> Result<(), Refusal> {
    let over = org.over_limit(catalog, plan);
    if over.is_empty() {
        Ok(())
    } else {
        Err(Refusal::PlanOverLimit { plan, over })
    }
}
