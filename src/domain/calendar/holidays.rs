//! Non-business days: national holidays of a country, days the vendor designates, and dates
//! added for one calculation.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::i18n::Localized;

/// A set of whole local dates that are not business days, each with its name.
#[derive(Debug, Clone, Default)]
pub struct HolidayList {
    days: BTreeMap<NaiveDate, Localized>,
    /// The years the source covers; a date outside them may be a holiday nobody listed.
    years: Option<(i32, i32)>,
}

impl HolidayList {
    pub fn new(days: BTreeMap<NaiveDate, Localized>, years: Option<(i32, i32)>) -> HolidayList {
        HolidayList { days, years }
    }

    pub fn name(&self, date: NaiveDate) -> Option<&Localized> {
        self.days.get(&date)
    }

    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    pub fn covers_year(&self, year: i32) -> bool {
        self.years
            .is_none_or(|(first, last)| (first..=last).contains(&year))
    }
}

/// Why a date is not a business day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closure<'a> {
    Weekend,
    /// A national or vendor-designated holiday, with its name.
    Holiday(&'a Localized),
    /// A date the request itself added.
    Added,
    /// A date the customer's zone skipped entirely (a change of side of the date line).
    Skipped,
}

impl Closure<'_> {
    /// What a refusal can carry beyond the catalog's borrow: a weekend or a named holiday. A
    /// date added for one calculation or skipped by the zone has no reason to tell a customer.
    pub fn day_off(&self) -> Option<DayOff> {
        match self {
            Closure::Weekend => Some(DayOff::Weekend),
            Closure::Holiday(name) => Some(DayOff::Holiday((*name).clone())),
            Closure::Added | Closure::Skipped => None,
        }
    }
}

/// Why today is not a business day, owned: said by answers that depend on it (the filing
/// window's refusal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayOff {
    Weekend,
    Holiday(Localized),
}

/// The holidays one calendar observes: its country's, the vendor's, and any added for a request.
#[derive(Debug, Clone, Copy, Default)]
pub struct Holidays<'a> {
    pub national: Option<&'a HolidayList>,
    pub designated: Option<&'a HolidayList>,
    pub added: &'a [NaiveDate],
}

impl<'a> Holidays<'a> {
    pub fn closure(&self, date: NaiveDate) -> Option<Closure<'a>> {
        if let Some(name) = self.national.and_then(|l| l.name(date)) {
            return Some(Closure::Holiday(name));
        }
        if let Some(name) = self.designated.and_then(|l| l.name(date)) {
            return Some(Closure::Holiday(name));
        }
        self.added.contains(&date).then_some(Closure::Added)
    }

    /// Whether the national list knows the holidays of `year` (true when no country applies).
    pub fn covers_year(&self, year: i32) -> bool {
        self.national.is_none_or(|l| l.covers_year(year))
    }
}
