//! The support catalog: plans, entitlements, targets, regions, holidays, features and every text
//! the bot says, loaded from `data/` and validated once at start-up (see `data/README.md`).

mod files;
mod load;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use chrono_tz::Tz;

pub use files::CatalogFiles;
pub use load::{CatalogError, declare_ids};

use crate::domain::calendar::{BusinessHours, Calendar, HolidayList, Holidays, Target};
use crate::domain::ids::{CalendarKind, CountryCode, Language, PlanId, Priority, RegionId};
use crate::domain::org::ProductId;
use crate::domain::reminders::ReminderPolicy;
use crate::i18n::{Localized, Messages};

/// Plans compared row by row: they share entitlement rows. Plans of different families are
/// compared by their targets only.
#[derive(Debug, Clone)]
pub struct Family {
    pub id: String,
    pub name: Localized,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub id: PlanId,
    /// Index into `Catalog::families`.
    pub family: usize,
    pub paid: bool,
    pub name: Localized,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    /// Index into `Catalog::families`: the plans whose rows these are.
    pub family: usize,
    pub label: Localized,
    pub source: String,
}

/// What a plan gets of one entitlement row: ✔, –, a count, or an hours kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntitlementValue {
    Included(bool),
    Count(u32),
    Coverage(CalendarKind),
}

impl EntitlementValue {
    pub fn is_offered(self) -> bool {
        !matches!(
            self,
            EntitlementValue::Included(false) | EntitlementValue::Count(0)
        )
    }
}

/// Entitlement rows that rules elsewhere in the bot depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capability {
    NamedContacts,
    Phone,
    Escalation,
    AccountSupportLead,
}

impl Capability {
    pub const ALL: &'static [Capability] = &[
        Capability::NamedContacts,
        Capability::Phone,
        Capability::Escalation,
        Capability::AccountSupportLead,
    ];
    pub const NAMES: &'static [&'static str] = &[
        "named-contacts",
        "phone",
        "escalation",
        "account-support-lead",
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Capability::NamedContacts => "named-contacts",
            Capability::Phone => "phone",
            Capability::Escalation => "escalation",
            Capability::AccountSupportLead => "account-support-lead",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entitlement {
    pub id: String,
    /// Index into `Catalog::groups`.
    pub group: usize,
    pub label: Localized,
    /// One value per plan of the group's family.
    values: Vec<(PlanId, EntitlementValue)>,
    pub capability: Option<Capability>,
    pub note: Option<Localized>,
    pub source: String,
}

impl Entitlement {
    /// What `plan` gets; a plan of another family does not have this row, so gets nothing.
    pub fn value(&self, plan: PlanId) -> EntitlementValue {
        self.values
            .iter()
            .find(|(p, _)| *p == plan)
            .map_or(EntitlementValue::Included(false), |(_, v)| *v)
    }
}

#[derive(Debug, Clone)]
pub struct PriorityInfo {
    pub id: Priority,
    pub name: Localized,
    pub definition: Localized,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct TargetInfo {
    pub target: Target,
    pub source: String,
}

/// The share of initial responses that should meet their target: the line on `/stats` charts.
#[derive(Debug, Clone)]
pub struct AttainmentTarget {
    pub percent: u8,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct LanguageExclusion {
    pub product: String,
    pub language: Language,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Region {
    pub id: RegionId,
    pub name: Localized,
    pub hours: BusinessHours,
    pub timezone: Tz,
    pub country: CountryCode,
    pub languages: Vec<Language>,
    pub submission_window: Vec<Priority>,
    pub rules: Vec<Localized>,
    pub language_exclusions: Vec<LanguageExclusion>,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Feature {
    pub plan: PlanId,
    pub id: String,
    pub title: Localized,
    pub description: Localized,
    pub source: String,
}

/// A product the reference pages name (`products.toml`): not every product support covers.
#[derive(Debug, Clone)]
pub struct Product {
    pub id: ProductId,
    /// As every language writes it: product names are not translated.
    pub name: String,
    /// What the pages state about this product alone.
    pub notes: Vec<Localized>,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Resource {
    pub id: String,
    pub title: Localized,
    pub description: Localized,
    pub url: Localized,
    pub source: String,
    /// The page of outages, which the "production down" answer names (exactly one resource).
    pub outages: bool,
}

/// Which national holidays a calendar observes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayCountry {
    /// The region's default country.
    RegionDefault,
    /// No national holidays at all.
    None,
    Country(CountryCode),
}

/// A country whose holidays the catalog does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no holiday calendar for {0}")]
pub struct UnknownCountry(pub CountryCode);

/// The whole validated catalog. Built only by [`Catalog::load`], which declares every plan and
/// region id it defines and refuses a reference to any other, so every lookup by a typed id
/// succeeds.
#[derive(Debug, Clone)]
pub struct Catalog {
    families: Vec<Family>,
    plans: Vec<Plan>,
    groups: Vec<Group>,
    entitlements: Vec<Entitlement>,
    priorities: Vec<PriorityInfo>,
    /// Indexed like `plans`, then by priority.
    targets: Vec<[TargetInfo; 4]>,
    attainment: AttainmentTarget,
    regions: Vec<Region>,
    features: Vec<Feature>,
    resources: Vec<Resource>,
    products: Vec<Product>,
    holidays: BTreeMap<CountryCode, HolidayList>,
    designated: HashMap<RegionId, HolidayList>,
    messages: Messages,
    reminder_policy: ReminderPolicy,
}

impl Catalog {
    /// Families in the order of `plans.toml`.
    pub fn families(&self) -> &[Family] {
        &self.families
    }

    /// Plans in the order of `plans.toml`, family by family.
    pub fn plans(&self) -> &[Plan] {
        &self.plans
    }

    pub fn plan_ids(&self) -> Vec<PlanId> {
        self.plans.iter().map(|p| p.id).collect()
    }

    /// Where `id` is in `plans`. Ids are declared only by a loaded catalog, and a process loads
    /// one, so it is always found; the first plan stands in for an id of another catalog (tests
    /// that load several).
    fn plan_index(&self, id: PlanId) -> usize {
        self.plans.iter().position(|p| p.id == id).unwrap_or(0)
    }

    pub fn plan(&self, id: PlanId) -> &Plan {
        &self.plans[self.plan_index(id)]
    }

    pub fn family(&self, plan: PlanId) -> &Family {
        &self.families[self.plan(plan).family]
    }

    /// Entitlement groups in page order.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// Entitlement rows in page order.
    pub fn entitlements(&self) -> &[Entitlement] {
        &self.entitlements
    }

    /// The rows that apply to `plan`: those of its family's groups.
    pub fn entitlements_of(&self, plan: PlanId) -> impl Iterator<Item = &Entitlement> + '_ {
        let family = self.plan(plan).family;
        self.entitlements
            .iter()
            .filter(move |e| self.groups[e.group].family == family)
    }

    /// The row of `plan`'s family that marks `capability`; a family without one does not offer it.
    pub fn entitlement_with(&self, plan: PlanId, capability: Capability) -> Option<&Entitlement> {
        self.entitlements_of(plan)
            .find(|e| e.capability == Some(capability))
    }

    pub fn has(&self, plan: PlanId, capability: Capability) -> bool {
        self.entitlement_with(plan, capability)
            .is_some_and(|e| e.value(plan).is_offered())
    }

    /// How many named support contacts the plan allows per product.
    pub fn named_contacts_limit(&self, plan: PlanId) -> u32 {
        match self
            .entitlement_with(plan, Capability::NamedContacts)
            .map(|e| e.value(plan))
        {
            Some(EntitlementValue::Count(n)) => n,
            _ => 0,
        }
    }

    pub fn priorities(&self) -> &[PriorityInfo] {
        &self.priorities
    }

    pub fn priority(&self, id: Priority) -> &PriorityInfo {
        &self.priorities[id.index()]
    }

    pub fn target(&self, plan: PlanId, priority: Priority) -> &TargetInfo {
        &self.targets[self.plan_index(plan)][priority.index()]
    }

    pub fn attainment_target(&self) -> &AttainmentTarget {
        &self.attainment
    }

    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    pub fn region_ids(&self) -> Vec<RegionId> {
        self.regions.iter().map(|r| r.id).collect()
    }

    /// Always found, as for [`Catalog::plan`].
    pub fn region(&self, id: RegionId) -> &Region {
        self.regions
            .iter()
            .find(|r| r.id == id)
            .unwrap_or(&self.regions[0])
    }

    pub fn features(&self) -> &[Feature] {
        &self.features
    }

    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    /// The resource where outages are posted (`outages = true`; the loader requires one).
    pub fn outage_page(&self) -> Option<&Resource> {
        self.resources.iter().find(|r| r.outages)
    }

    pub fn products(&self) -> &[Product] {
        &self.products
    }

    pub fn product(&self, id: &ProductId) -> Option<&Product> {
        self.products.iter().find(|p| p.id == *id)
    }

    /// Holiday calendars (countries and subdivisions), sorted: each country before its
    /// subdivisions.
    pub fn countries(&self) -> impl Iterator<Item = CountryCode> + '_ {
        self.holidays.keys().copied()
    }

    /// The calendars to suggest for a code the catalog does not have. For a subdivision: those
    /// within two edits of it (`GB-EN` → `GB-ENG`; `UK-SCT` → `GB-SCT`), nearest first, else the
    /// subdivisions of its country when the catalog has that country; otherwise every country
    /// (any two letters are within two edits of every country, so distance says nothing there).
    pub fn close_calendars(&self, given: &str) -> Vec<CountryCode> {
        const MAX_EDITS: usize = 2;
        const MAX_SHOWN: usize = 8;
        let countries = || self.countries().filter(|c| !c.is_subdivision()).collect();
        let Some(wanted) = given
            .parse::<CountryCode>()
            .ok()
            .filter(|c| c.is_subdivision())
        else {
            return countries();
        };
        let mut near: Vec<(usize, CountryCode)> = self
            .countries()
            .filter(|c| c.is_subdivision())
            .map(|code| (strsim::levenshtein(wanted.as_str(), code.as_str()), code))
            .filter(|(edits, _)| *edits <= MAX_EDITS)
            .collect();
        near.sort();
        if !near.is_empty() {
            return near.into_iter().take(MAX_SHOWN).map(|(_, c)| c).collect();
        }
        if self.holidays.contains_key(&wanted.country()) {
            return self
                .countries()
                .filter(|c| c.country() == wanted.country())
                .collect();
        }
        countries()
    }

    pub fn holidays(&self, country: CountryCode) -> Option<&HolidayList> {
        self.holidays.get(&country)
    }

    pub fn messages(&self) -> &Messages {
        &self.messages
    }

    pub fn reminder_policy(&self) -> &ReminderPolicy {
        &self.reminder_policy
    }

    /// The calendar of a region in a customer's time zone (the region's default when `None`),
    /// observing the chosen country's holidays, the vendor's days and any `added` dates.
    pub fn calendar<'a>(
        &'a self,
        region: RegionId,
        timezone: Option<Tz>,
        country: HolidayCountry,
        added: &'a [NaiveDate],
    ) -> Result<Calendar<'a>, UnknownCountry> {
        let region = self.region(region);
        let national = match country {
            HolidayCountry::RegionDefault => self.holidays.get(&region.country),
            HolidayCountry::None => None,
            HolidayCountry::Country(code) => {
                Some(self.holidays.get(&code).ok_or(UnknownCountry(code))?)
            }
        };
        Ok(Calendar {
            tz: timezone.unwrap_or(region.timezone),
            hours: region.hours,
            holidays: Holidays {
                national,
                designated: self.designated.get(&region.id),
                added,
            },
        })
    }
}

#[cfg(test)]
mod tests;
