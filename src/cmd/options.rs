//! Command options: checked against the command's spec (no unknown, duplicate or missing ones),
//! then read as typed values.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::{CmdError, CommandSpec};
use crate::domain::catalog::HolidayCountry;
use crate::domain::ids::{CountryCode, PlanId, Priority, RegionId};
use crate::i18n::Msg;

/// The longest option value the bot reads; anything longer is refused, not truncated.
pub const MAX_VALUE_CHARS: usize = 200;

/// What an option holds, which decides how it is parsed and what the manifests declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    Plan,
    /// Several plans, separated by commas or spaces.
    Plans,
    Priority,
    Region,
    Timezone,
    /// A country code, or `none`.
    Country,
    /// An instant: RFC 3339, or a local date and time in the calendar's zone.
    Instant,
}

impl OptionKind {
    /// The message that says which values are valid.
    pub fn expected(self) -> Msg {
        match self {
            OptionKind::Plan => Msg::ExpectPlan,
            OptionKind::Plans => Msg::ExpectPlans,
            OptionKind::Priority => Msg::ExpectPriority,
            OptionKind::Region => Msg::ExpectRegion,
            OptionKind::Timezone => Msg::ExpectTimezone,
            OptionKind::Country => Msg::ExpectCountry,
            OptionKind::Instant => Msg::ExpectInstant,
        }
    }

    /// The fixed choices, for kinds that have them.
    pub fn choices(self) -> Option<&'static [&'static str]> {
        match self {
            OptionKind::Plan => Some(PlanId::NAMES),
            OptionKind::Priority => Some(Priority::NAMES),
            OptionKind::Region => Some(RegionId::NAMES),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSpec {
    pub name: &'static str,
    pub kind: OptionKind,
    pub required: bool,
}

impl OptionSpec {
    pub const fn required(name: &'static str, kind: OptionKind) -> OptionSpec {
        OptionSpec {
            name,
            kind,
            required: true,
        }
    }

    pub const fn optional(name: &'static str, kind: OptionKind) -> OptionSpec {
        OptionSpec {
            name,
            kind,
            required: false,
        }
    }
}

/// A command's options, already checked against its spec.
pub struct Options<'a> {
    spec: &'a CommandSpec,
    given: Vec<(&'static OptionSpec, &'a str)>,
}

impl<'a> Options<'a> {
    pub fn new(
        spec: &'a CommandSpec,
        raw: &'a [(String, String)],
    ) -> Result<Options<'a>, CmdError> {
        let mut given: Vec<(&'static OptionSpec, &'a str)> = Vec::with_capacity(raw.len());
        for (name, value) in raw {
            let option = spec
                .options
                .iter()
                .find(|o| o.name.eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| CmdError::UnknownOption {
                    command: spec.name,
                    given: name.clone(),
                })?;
            if given.iter().any(|(o, _)| o.name == option.name) {
                return Err(CmdError::DuplicateOption {
                    option: option.name,
                });
            }
            if value.chars().count() > MAX_VALUE_CHARS {
                return Err(CmdError::TooLong {
                    option: option.name,
                    max: MAX_VALUE_CHARS,
                });
            }
            if value.trim().is_empty() {
                return Err(CmdError::invalid(option, value));
            }
            given.push((option, value.trim()));
        }
        if let Some(missing) = spec
            .options
            .iter()
            .find(|o| o.required && !given.iter().any(|(g, _)| g.name == o.name))
        {
            return Err(CmdError::MissingOption {
                command: spec.name,
                option: missing.name,
            });
        }
        Ok(Options { spec, given })
    }

    fn raw(&self, name: &str) -> Option<(&'static OptionSpec, &'a str)> {
        self.given.iter().copied().find(|(o, _)| o.name == name)
    }

    /// The option's value parsed as `T`; `None` when not given.
    pub fn get<T: OptionValue>(&self, name: &str) -> Result<Option<T>, CmdError> {
        match self.raw(name) {
            None => Ok(None),
            Some((option, value)) => T::parse(value)
                .map(Some)
                .ok_or_else(|| CmdError::invalid(option, value)),
        }
    }

    /// A required option's value; the spec guarantees it was given.
    pub fn require<T: OptionValue>(&self, name: &str) -> Result<T, CmdError> {
        self.get(name)?.ok_or(CmdError::MissingOption {
            command: self.spec.name,
            option: spec_name(self.spec, name),
        })
    }
}

fn spec_name(spec: &CommandSpec, name: &str) -> &'static str {
    spec.options
        .iter()
        .find(|o| o.name == name)
        .map_or("?", |o| o.name)
}

/// A type an option's text can be parsed into.
pub trait OptionValue: Sized {
    fn parse(text: &str) -> Option<Self>;
}

macro_rules! option_value_from_str {
    ($($t:ty),+) => {
        $(impl OptionValue for $t {
            fn parse(text: &str) -> Option<Self> {
                <$t as FromStr>::from_str(text).ok()
            }
        })+
    };
}

option_value_from_str!(PlanId, Priority, RegionId);

impl OptionValue for Tz {
    fn parse(text: &str) -> Option<Tz> {
        Tz::from_str_insensitive(text).ok()
    }
}

/// Several plans, in the order given, without repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanList(pub Vec<PlanId>);

impl OptionValue for PlanList {
    fn parse(text: &str) -> Option<PlanList> {
        let mut plans = Vec::new();
        for word in text.split([',', ' ', '、', '，']).filter(|w| !w.is_empty()) {
            let plan = word.parse::<PlanId>().ok()?;
            if !plans.contains(&plan) {
                plans.push(plan);
            }
        }
        (!plans.is_empty()).then_some(PlanList(plans))
    }
}

impl OptionValue for HolidayCountry {
    fn parse(text: &str) -> Option<HolidayCountry> {
        if text.eq_ignore_ascii_case("none") {
            return Some(HolidayCountry::None);
        }
        text.parse::<CountryCode>()
            .ok()
            .map(HolidayCountry::Country)
    }
}

/// An instant as typed: absolute (RFC 3339 with an offset) or a local wall-clock time that the
/// calendar's zone resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Instant(DateTime<Utc>),
    Local(NaiveDateTime),
}

impl OptionValue for When {
    fn parse(text: &str) -> Option<When> {
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Some(When::Instant(t.with_timezone(&Utc)));
        }
        const LOCAL: &[&str] = &[
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ];
        if let Some(t) = LOCAL
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        {
            return Some(When::Local(t));
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .map(|d| When::Local(d.and_time(chrono::NaiveTime::MIN)))
    }
}

impl When {
    pub fn resolve(self, tz: Tz) -> DateTime<Utc> {
        match self {
            When::Instant(t) => t,
            When::Local(t) => crate::domain::calendar::local_instant(tz, t.date(), t.time()),
        }
    }
}
