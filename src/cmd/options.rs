//! Command options: checked against the command's spec (no unknown, duplicate or missing ones),
//! then read as typed values.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::{CmdError, CommandSpec};
use crate::domain::calendar;
use crate::domain::case::{CaseId, CaseStatus};
use crate::domain::catalog::HolidayCountry;
use crate::domain::ids::{CountryCode, Language, PlanId, Priority, RegionId};
use crate::domain::org::{OrgId, ProductId, UserId};
use crate::domain::text::{self, UserText};
use crate::i18n::Msg;

/// The longest value of a short option (ids, names, dates); anything longer is refused, not
/// truncated.
pub const MAX_VALUE_CHARS: usize = 200;
/// The longest free text (a description, a note). Escaped for Discord it may outgrow a
/// 1024-character field; the renderer then splits it into numbered fields.
pub const MAX_TEXT_CHARS: usize = 900;

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
    /// A calendar date, YYYY-MM-DD.
    Date,
    /// An organisation, by id or name.
    Org,
    /// The id a new record is to have: letters, digits and hyphens.
    NewId,
    Product,
    /// Several products, separated by commas or spaces.
    Products,
    /// A chat user: a mention or a numeric id.
    User,
    /// A channel: a mention (`<#123>`) or a numeric id.
    Channel,
    /// A role: a mention (`<@&123>`) or a numeric id.
    Role,
    CaseId,
    Status,
    Language,
    Flag,
    /// A page number, from 1.
    Page,
    /// A short text: a name or a title.
    Name,
    /// A longer text: a description, a note, a reason.
    Text,
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
            OptionKind::Date => Msg::ExpectDate,
            OptionKind::Org => Msg::ExpectOrg,
            OptionKind::NewId => Msg::ExpectNewId,
            OptionKind::Product | OptionKind::Products => Msg::ExpectProduct,
            OptionKind::User => Msg::ExpectUser,
            OptionKind::Channel => Msg::ExpectChannel,
            OptionKind::Role => Msg::ExpectRole,
            OptionKind::CaseId => Msg::ExpectCaseId,
            OptionKind::Status => Msg::ExpectStatus,
            OptionKind::Language => Msg::ExpectLanguage,
            OptionKind::Flag => Msg::ExpectFlag,
            OptionKind::Page => Msg::ExpectPage,
            OptionKind::Name | OptionKind::Text => Msg::ExpectText,
        }
    }

    /// The longest value accepted.
    pub fn max_chars(self) -> usize {
        match self {
            OptionKind::Text => MAX_TEXT_CHARS,
            _ => MAX_VALUE_CHARS,
        }
    }

    /// Whether a command would have stored `text` as it is for an option of this kind: import
    /// holds records to the rules of the commands that make them.
    pub fn accepts_stored(self, text: &str) -> bool {
        text.chars().count() <= self.max_chars()
            && user_text_char(self, text).is_none()
            && !text.is_empty()
            && text.trim() == text
    }

    /// The fixed choices, for kinds that have them: plans and regions as the catalog declared
    /// them.
    pub fn choices(self) -> Option<Vec<&'static str>> {
        match self {
            OptionKind::Plan => Some(PlanId::declared()),
            OptionKind::Priority => Some(Priority::NAMES.to_vec()),
            OptionKind::Region => Some(RegionId::declared()),
            OptionKind::Status => Some(CaseStatus::NAMES.to_vec()),
            OptionKind::Language => Some(Language::NAMES.to_vec()),
            _ => None,
        }
    }
}

/// An option: what the engine parses, and how Discord shows it (`label`: its name in each
/// language, whose English text is `name`; `about`: its description).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSpec {
    pub name: &'static str,
    pub kind: OptionKind,
    pub required: bool,
    pub label: Msg,
    pub about: Msg,
}

impl OptionSpec {
    pub const fn required(
        name: &'static str,
        kind: OptionKind,
        label: Msg,
        about: Msg,
    ) -> OptionSpec {
        OptionSpec {
            name,
            kind,
            required: true,
            label,
            about,
        }
    }

    pub const fn optional(
        name: &'static str,
        kind: OptionKind,
        label: Msg,
        about: Msg,
    ) -> OptionSpec {
        OptionSpec {
            name,
            kind,
            required: false,
            label,
            about,
        }
    }
}

/// Options several commands take alike (name, kind, required or not, texts), declared once so
/// that their manifests cannot drift apart. An option that means something else in a command (a
/// filter, a new value, every one when left out) is declared by that command.
pub mod shared {
    use super::{OptionKind, OptionSpec};
    use crate::i18n::Msg;

    pub const ORG: OptionSpec =
        OptionSpec::required("org", OptionKind::Org, Msg::OptionOrg, Msg::AboutOrg);
    pub const CASE_ID: OptionSpec =
        OptionSpec::required("id", OptionKind::CaseId, Msg::OptionId, Msg::AboutCaseId);
    pub const PLAN: OptionSpec =
        OptionSpec::required("plan", OptionKind::Plan, Msg::OptionPlan, Msg::AboutPlan);
    pub const PRIORITY: OptionSpec = OptionSpec::required(
        "priority",
        OptionKind::Priority,
        Msg::OptionPriority,
        Msg::AboutPriority,
    );
    pub const REGION: OptionSpec = OptionSpec::required(
        "region",
        OptionKind::Region,
        Msg::OptionRegion,
        Msg::AboutRegion,
    );
    pub const PRODUCT: OptionSpec = OptionSpec::required(
        "product",
        OptionKind::Product,
        Msg::OptionProduct,
        Msg::AboutProduct,
    );
    /// An organisation's or a customer's holiday calendar.
    pub const COUNTRY: OptionSpec = OptionSpec::optional(
        "country",
        OptionKind::Country,
        Msg::OptionCountry,
        Msg::AboutCountry,
    );
    /// An organisation's or a customer's zone.
    pub const TIMEZONE: OptionSpec = OptionSpec::optional(
        "timezone",
        OptionKind::Timezone,
        Msg::OptionTimezone,
        Msg::AboutTimezone,
    );
    /// The products an organisation is entitled to.
    pub const PRODUCTS: OptionSpec = OptionSpec::optional(
        "products",
        OptionKind::Products,
        Msg::OptionProducts,
        Msg::AboutProducts,
    );
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
            let max = option.kind.max_chars();
            if value.chars().count() > max {
                return Err(CmdError::TooLong {
                    option: option.name,
                    max,
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

    /// How many options were given.
    pub fn len(&self) -> usize {
        self.given.len()
    }

    pub fn is_empty(&self) -> bool {
        self.given.is_empty()
    }

    fn raw(&self, name: &str) -> Option<(&'static OptionSpec, &'a str)> {
        self.given.iter().copied().find(|(o, _)| o.name == name)
    }

    /// The option's value parsed as `T`; `None` when not given.
    pub fn get<T: OptionValue>(&self, name: &str) -> Result<Option<T>, CmdError> {
        let Some((option, value)) = self.raw(name) else {
            return Ok(None);
        };
        // Only text options hold user text; their refusal names the character.
        if let Some(c) = user_text_char(option.kind, value) {
            return Err(CmdError::ForbiddenChar {
                option: option.name,
                c,
            });
        }
        match T::parse(value) {
            Some(parsed) if parsed.in_range() => Ok(Some(parsed)),
            Some(_) => Err(CmdError::OutOfRange),
            None => Err(CmdError::invalid(option, value)),
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

/// The first character a text option may not hold: names and titles are one line.
fn user_text_char(kind: OptionKind, value: &str) -> Option<char> {
    match kind {
        OptionKind::Name => text::forbidden_char(value, false),
        OptionKind::Text => text::forbidden_char(value, true),
        _ => None,
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

    /// Whether a well-formed value is one the bot can compute with (dates: the clock's years).
    fn in_range(&self) -> bool {
        true
    }
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

option_value_from_str!(
    PlanId, Priority, RegionId, OrgId, ProductId, UserId, CaseId, CaseStatus, Language
);

impl OptionValue for NaiveDate {
    fn parse(text: &str) -> Option<NaiveDate> {
        text.parse().ok()
    }

    fn in_range(&self) -> bool {
        calendar::supports_date(*self)
    }
}

impl OptionValue for bool {
    fn parse(text: &str) -> Option<bool> {
        match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => None,
        }
    }
}

/// A Discord channel id, from `<#123>` or `123`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelRef(pub u64);

impl OptionValue for ChannelRef {
    fn parse(text: &str) -> Option<ChannelRef> {
        let digits = text
            .strip_prefix("<#")
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(text);
        digits
            .parse::<u64>()
            .ok()
            .filter(|id| *id > 0)
            .map(ChannelRef)
    }
}

/// A Discord role id, from `<@&123>` or `123`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleRef(pub u64);

impl OptionValue for RoleRef {
    fn parse(text: &str) -> Option<RoleRef> {
        let digits = text
            .strip_prefix("<@&")
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(text);
        digits.parse::<u64>().ok().filter(|id| *id > 0).map(RoleRef)
    }
}

/// The highest page number a list accepts.
pub const PAGE_MAX: usize = 100_000;

/// A page number, 1 to [`PAGE_MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page(pub usize);

impl OptionValue for Page {
    fn parse(text: &str) -> Option<Page> {
        text.parse::<usize>()
            .ok()
            .filter(|n| (1..=PAGE_MAX).contains(n))
            .map(Page)
    }
}

impl OptionValue for UserText {
    fn parse(text: &str) -> Option<UserText> {
        UserText::lines(text).ok()
    }
}

/// Several products, in the order given, without repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductList(pub Vec<ProductId>);

impl OptionValue for ProductList {
    fn parse(text: &str) -> Option<ProductList> {
        let mut products = Vec::new();
        for word in text.split([',', ' ', '、', '，']).filter(|w| !w.is_empty()) {
            let product = word.parse::<ProductId>().ok()?;
            if !products.contains(&product) {
                products.push(product);
            }
        }
        Some(ProductList(products))
    }
}

impl OptionValue for Tz {
    fn parse(text: &str) -> Option<Tz> {
        Tz::from_str_insensitive(text).ok()
    }
}

/// Several plans, in the order given, without repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanList {
    pub plans: Vec<PlanId>,
    /// Plans named more than once, shown once: the answer says so rather than drop them silently.
    pub repeated: Vec<PlanId>,
}

impl OptionValue for PlanList {
    fn parse(text: &str) -> Option<PlanList> {
        let mut plans = Vec::new();
        let mut repeated = Vec::new();
        for word in text.split([',', ' ', '、', '，']).filter(|w| !w.is_empty()) {
            let plan = word.parse::<PlanId>().ok()?;
            if !plans.contains(&plan) {
                plans.push(plan);
            } else if !repeated.contains(&plan) {
                repeated.push(plan);
            }
        }
        (!plans.is_empty()).then_some(PlanList { plans, repeated })
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

    /// A local time is checked by its date: the zone moves it by hours, and an instant pushed
    /// past the last year is refused by the clock with the same answer.
    fn in_range(&self) -> bool {
        match self {
            When::Instant(t) => calendar::supports(*t),
            When::Local(t) => calendar::supports_date(t.date()),
        }
    }
}

impl When {
    pub fn resolve(self, tz: Tz) -> DateTime<Utc> {
        match self {
            When::Instant(t) => t,
            When::Local(t) => calendar::local_instant(tz, t.date(), t.time()),
        }
    }
}
