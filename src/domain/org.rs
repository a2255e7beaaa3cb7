//! Customer organisations: their plan, region and local calendar, their products and the named
//! support contacts allowed per product.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use unicode_normalization::UnicodeNormalization;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::domain::catalog::{Catalog, HolidayCountry};
use crate::domain::ids::{CountryCode, PlanId, RegionId};
use crate::domain::text::UserText;

/// What a person may do: customers see their own organisations, agents work every case,
/// admins also manage organisations and settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Customer,
    Agent,
    Admin,
}

impl Role {
    /// The word that names the role in commands and flags (`--as admin`, `/as admin`).
    pub fn keyword(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Agent => "agent",
            Role::Admin => "admin",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "customer" => Ok(Role::Customer),
            "agent" => Ok(Role::Agent),
            "admin" => Ok(Role::Admin),
            other => Err(format!(
                "{other:?} is not a role: use customer, agent or admin"
            )),
        }
    }
}

/// A chat user, as the transport identifies them (a Discord snowflake, or a console id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UserId(pub u64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<@{}>", self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a user: use a mention such as <@123456789012345678> or the numeric id")]
pub struct BadUserId(pub String);

impl FromStr for UserId {
    type Err = BadUserId;
    fn from_str(s: &str) -> Result<UserId, BadUserId> {
        let digits = s
            .trim()
            .trim_start_matches("<@")
            .trim_start_matches('!')
            .trim_end_matches('>');
        match digits.parse::<u64>() {
            Ok(id) if id > 0 => Ok(UserId(id)),
            _ => Err(BadUserId(s.to_owned())),
        }
    }
}

/// The longest organisation or product id.
pub const SLUG_MAX: usize = 40;

/// A lowercase slug (`acme-corp`, `adobe-commerce`): letters, digits and single hyphens, 1 to
/// [`SLUG_MAX`] characters. Used for organisation and product ids. Read after NFKC, so an id
/// typed with full-width letters (`ａｃｍｅ`, as a Japanese or Chinese keyboard may) is the same id.
fn slug(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.trim().nfkc() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if matches!(c, '-' | '_' | ' ' | '.') {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            return None;
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    (!out.is_empty() && out.len() <= SLUG_MAX).then_some(out)
}

macro_rules! slug_id {
    ($(#[$meta:meta])* $name:ident, $error:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<$name, String> {
                slug(s).map($name).ok_or_else(|| format!($error, s))
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<$name, String> {
                s.parse()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_id!(
    /// An organisation's id, derived from its name: `Acme Corp` → `acme-corp`.
    OrgId,
    "{:?} is not an organisation id: letters, digits and hyphens, up to 40"
);

impl OrgId {
    /// The id a name suggests: its ASCII letters and digits, lowercased, the rest as single
    /// hyphens (`Acme, Inc.` → `acme-inc`), read after NFKC (`Ｆｕｌｌ　Ｗｉｄｔｈ` → `full-width`).
    /// `None` for a name in another script (`株式会社テスト`) or one too long: the caller then
    /// picks `org-N`.
    pub fn from_name(name: &str) -> Option<OrgId> {
        let name: String = name.nfkc().collect();
        if !name.is_ascii() {
            return None;
        }
        let words: Vec<String> = name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        words.join("-").parse().ok()
    }

    /// `org-N`, the id of the `n`th organisation whose name gives none.
    pub fn numbered(n: usize) -> OrgId {
        OrgId(format!("org-{n}"))
    }
}
slug_id!(
    /// A product an organisation has support for: `adobe-commerce`, `experience-manager`.
    ProductId,
    "{:?} is not a product id: letters, digits and hyphens, up to 40"
);

/// One change to an organisation: who, when, which field, from what to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub by: UserId,
    pub field: String,
    pub old: String,
    pub new: String,
}

impl AuditEntry {
    /// The field recorded for a change to a product's named support contacts.
    pub fn contacts_field(product: &ProductId) -> String {
        format!("{CONTACTS_FIELD}{product}")
    }

    /// The product whose named support contacts this entry changed, if it changed contacts.
    pub fn contacts_product(&self) -> Option<&str> {
        self.field.strip_prefix(CONTACTS_FIELD)
    }
}

/// Stored ahead of the product id in the audit; older records use the same spelling.
const CONTACTS_FIELD: &str = "contacts ";

/// The terms a case is worked under: its organisation's plan, region, time zone and holiday
/// country when it was filed. Later changes to the organisation apply to new cases only, unless
/// an administrator moves open cases explicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    pub plan: PlanId,
    pub region: RegionId,
    /// The customer's local zone; the region's default when `None`.
    #[serde(default)]
    pub timezone: Option<Tz>,
    /// Whose national holidays apply; the region's default country when `None`.
    #[serde(default)]
    pub country: Option<CountryCode>,
}

impl Terms {
    pub fn holiday_country(&self) -> HolidayCountry {
        self.country
            .map_or(HolidayCountry::RegionDefault, HolidayCountry::Country)
    }
}

/// The record's schema version; fields added later carry `#[serde(default)]`.
pub const ORG_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    #[serde(default = "org_schema")]
    pub v: u32,
    pub id: OrgId,
    pub name: UserText,
    pub plan: PlanId,
    pub region: RegionId,
    /// Whose national holidays apply; the region's default country when `None`.
    #[serde(default)]
    pub country: Option<CountryCode>,
    /// The customer's local zone; the region's default when `None`.
    #[serde(default)]
    pub timezone: Option<Tz>,
    #[serde(default)]
    pub products: Vec<ProductId>,
    #[serde(default)]
    pub escalation_contact: Option<UserId>,
    #[serde(default)]
    pub account_support_lead: Option<UserId>,
    /// Named support contacts per product.
    #[serde(default)]
    pub contacts: BTreeMap<ProductId, Vec<UserId>>,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
    #[serde(default)]
    pub audit: Vec<AuditEntry>,
}

fn org_schema() -> u32 {
    ORG_SCHEMA
}

impl Organisation {
    /// The terms a case filed now is worked under.
    pub fn terms(&self) -> Terms {
        Terms {
            plan: self.plan,
            region: self.region,
            timezone: self.timezone,
            country: self.country,
        }
    }

    pub fn holiday_country(&self) -> HolidayCountry {
        self.country
            .map_or(HolidayCountry::RegionDefault, HolidayCountry::Country)
    }

    /// Whether the organisation has support for `product`: for any product when it lists none.
    pub fn has_product(&self, product: &ProductId) -> bool {
        self.products.is_empty() || self.products.contains(product)
    }

    /// Whether the user is a named support contact of this organisation, for any product.
    pub fn is_contact(&self, user: UserId) -> bool {
        self.contacts.values().any(|users| users.contains(&user))
    }

    pub fn is_contact_for(&self, user: UserId, product: &ProductId) -> bool {
        self.contacts
            .get(product)
            .is_some_and(|users| users.contains(&user))
    }

    /// Contacts that would have to go before the organisation can move to `plan`: for each
    /// product over the plan's limit, the product, the limit and its contacts.
    pub fn over_limit(
        &self,
        catalog: &Catalog,
        plan: PlanId,
    ) -> Vec<(ProductId, u32, Vec<UserId>)> {
        let limit = catalog.named_contacts_limit(plan);
        self.contacts
            .iter()
            .filter(|(_, users)| users.len() > limit as usize)
            .map(|(product, users)| (product.clone(), limit, users.clone()))
            .collect()
    }

    pub fn record(&mut self, at: DateTime<Utc>, by: UserId, field: &str, old: String, new: String) {
        self.audit.push(AuditEntry {
            at,
            by,
            field: field.to_owned(),
            old,
            new,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs_of_names() {
        assert_eq!(
            "Acme Corp".parse::<OrgId>().map(|o| o.to_string()),
            Ok("acme-corp".into())
        );
        assert_eq!(
            "adobe_commerce".parse::<ProductId>().map(|o| o.to_string()),
            Ok("adobe-commerce".into())
        );
        assert!("".parse::<OrgId>().is_err());
        assert!("@everyone".parse::<OrgId>().is_err());
        assert!("株式会社".parse::<OrgId>().is_err());
        assert!("x".repeat(41).parse::<OrgId>().is_err());
    }

    /// The tester's finding 10f: full-width letters are the ASCII words they look like, in a
    /// name and in a typed id.
    #[test]
    fn full_width_names_and_ids_read_as_ascii() {
        let id = |name: &str| OrgId::from_name(name).map(|o| o.to_string());
        assert_eq!(id("Ｆｕｌｌ　Ｗｉｄｔｈ"), Some("full-width".into()));
        assert_eq!(id("Ａｃｍｅ，Ｉｎｃ．"), Some("acme-inc".into()));
        assert_eq!(id("株式会社テスト"), None);
        assert_eq!(
            "ａｃｍｅ－ｃｏｒｐ".parse::<OrgId>().map(|o| o.to_string()),
            Ok("acme-corp".into())
        );
    }

    #[test]
    fn users_are_mentions_or_ids() {
        assert_eq!("<@123>".parse::<UserId>(), Ok(UserId(123)));
        assert_eq!("<@!123>".parse::<UserId>(), Ok(UserId(123)));
        assert_eq!("123".parse::<UserId>(), Ok(UserId(123)));
        assert!("@everyone".parse::<UserId>().is_err());
        assert!("0".parse::<UserId>().is_err());
    }
}
