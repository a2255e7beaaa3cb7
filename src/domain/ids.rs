//! Identifier types of the support programme. Each can hold only a valid value: parse at the edge
//! (a command option, a catalog file, a JSON line), then trust the type.

use std::fmt;
use std::str::FromStr;
use std::sync::{PoisonError, RwLock};

use serde::{Deserialize, Serialize};

/// The error of parsing an identifier: what was given and which values are valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{given:?} is not one of {}", expected.join(", "))]
pub struct UnknownId {
    pub given: String,
    pub expected: Vec<&'static str>,
}

/// Why a catalog could not declare an id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadId {
    #[error(
        "{0:?} is not an id: 1 to {MAX_ID_CHARS} lower-case ASCII letters, digits and hyphens, starting with a letter"
    )]
    Syntax(String),
    #[error("more than {MAX_IDS} ids of one kind")]
    TooMany,
}

/// The longest id a catalog may declare.
pub const MAX_ID_CHARS: usize = 32;
/// How many ids of one kind a process may declare: far more than any programme has plans or
/// regions; each name is interned for the life of the process, so the total stays bounded.
pub const MAX_IDS: usize = 1024;

/// Declares an id the catalog defines: an interned lower-case name, copied freely, serialised as
/// the name (so records written when the id was a Rust enum still load). Only a loaded catalog
/// declares names ([`declare`](Self::declare)); parsing (an option, a record) accepts only
/// declared names, so an id held anywhere names something the catalog has. The process's one
/// catalog is the registry's only writer in production; tests that load several share it.
macro_rules! catalog_id {
    ($(#[$meta:meta])* $name:ident, $registry:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name {
            /// Declaration order, so sorted ids follow the catalog's order.
            order: u16,
            name: &'static str,
        }

        static $registry: RwLock<Vec<&'static str>> = RwLock::new(Vec::new());

        impl $name {
            pub fn as_str(self) -> &'static str {
                self.name
            }

            /// Makes `name` a valid id (idempotent). Only the catalog loader calls this.
            pub fn declare(name: &str) -> Result<$name, BadId> {
                if !is_id_syntax(name) {
                    return Err(BadId::Syntax(name.to_owned()));
                }
                let mut names = $registry.write().unwrap_or_else(PoisonError::into_inner);
                if let Some((order, name)) = find_declared(&names, name) {
                    return Ok($name { order, name });
                }
                if names.len() >= MAX_IDS {
                    return Err(BadId::TooMany);
                }
                let order = u16::try_from(names.len()).map_err(|_| BadId::TooMany)?;
                // Leaked once per distinct declared name, bounded by MAX_IDS.
                let interned: &'static str = Box::leak(name.to_owned().into_boxed_str());
                names.push(interned);
                Ok($name { order, name: interned })
            }

            /// Every declared name, in declaration order.
            pub fn declared() -> Vec<&'static str> {
                $registry.read().unwrap_or_else(PoisonError::into_inner).clone()
            }
        }

        impl FromStr for $name {
            type Err = UnknownId;
            fn from_str(s: &str) -> Result<Self, UnknownId> {
                let names = $registry.read().unwrap_or_else(PoisonError::into_inner);
                find_declared(&names, s.trim())
                    .map(|(order, name)| $name { order, name })
                    .ok_or_else(|| UnknownId { given: s.to_owned(), expected: names.clone() })
            }
        }

        impl TryFrom<String> for $name {
            type Error = UnknownId;
            fn try_from(s: String) -> Result<Self, UnknownId> { s.parse() }
        }

        impl From<$name> for &'static str {
            fn from(v: $name) -> &'static str { v.as_str() }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.name)
            }
        }

        // By hand: a derived impl would ask the input to outlive the interned `&'static str`.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// Lower-case ASCII letters, digits and hyphens, starting with a letter, at most `MAX_ID_CHARS`.
fn is_id_syntax(name: &str) -> bool {
    name.len() <= MAX_ID_CHARS
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The declaration order and interned name of `wanted` among `names`, in any letter case
/// (declared names are lower case).
fn find_declared(names: &[&'static str], wanted: &str) -> Option<(u16, &'static str)> {
    let index = names.iter().position(|n| n.eq_ignore_ascii_case(wanted))?;
    Some((u16::try_from(index).ok()?, names[index]))
}

catalog_id! {
    /// A support plan, as `plans.toml` declares it.
    PlanId, PLANS
}

catalog_id! {
    /// A support region, as `regions.toml` declares it; the customer's billing address decides
    /// which one applies.
    RegionId, REGIONS
}

/// Declares a closed set of kebab-case identifiers with parsing, display and serde support.
macro_rules! id_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The position in `ALL`, for tables indexed by this id.
            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl FromStr for $name {
            type Err = UnknownId;
            fn from_str(s: &str) -> Result<Self, UnknownId> {
                let wanted = s.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| UnknownId { given: s.to_owned(), expected: $name::NAMES.to_vec() })
            }
        }

        impl TryFrom<String> for $name {
            type Error = UnknownId;
            fn try_from(s: String) -> Result<Self, UnknownId> { s.parse() }
        }

        impl From<$name> for &'static str {
            fn from(v: $name) -> &'static str { v.as_str() }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

id_enum! {
    /// A case priority, P1 (production down) to P4 (general question).
    Priority { P1 => "p1", P2 => "p2", P3 => "p3", P4 => "p4" }
}

id_enum! {
    /// How a target's time counts.
    CalendarKind {
        TwentyFourSeven => "24x7",
        TwentyFourFive => "24x5",
        BusinessHours => "business-hours",
        BusinessDays => "business-days",
    }
}

id_enum! {
    /// A language in which support is given and the bot answers.
    Language { En => "en", ZhTw => "zh-TW", Ja => "ja" }
}

impl Priority {
    /// The label people use for it: `P2`.
    pub fn label(self) -> &'static str {
        match self {
            Priority::P1 => "P1",
            Priority::P2 => "P2",
            Priority::P3 => "P3",
            Priority::P4 => "P4",
        }
    }
}

/// A holiday calendar's code: an ISO 3166-1 alpha-2 country (`GB`) or an ISO 3166-2 subdivision
/// of it (`GB-ENG`, `US-CA`), upper case. Whose holidays a calendar observes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode {
    /// ASCII: two letters, then optionally `-` and one to three letters or digits; zero-padded.
    bytes: [u8; 6],
    len: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a country code (GB) or an ISO 3166-2 subdivision code (GB-ENG)")]
pub struct BadCountryCode(pub String);

impl CountryCode {
    pub fn as_str(&self) -> &str {
        // Only ASCII letters, digits and `-` are ever stored.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("??")
    }

    /// The country: `GB` for `GB-ENG`, itself for a country.
    pub fn country(self) -> CountryCode {
        let mut bytes = [0; 6];
        bytes[..2].copy_from_slice(&self.bytes[..2]);
        CountryCode { bytes, len: 2 }
    }

    /// Whether this is a subdivision of a country rather than a country.
    pub fn is_subdivision(self) -> bool {
        self.len > 2
    }
}

impl FromStr for CountryCode {
    type Err = BadCountryCode;
    fn from_str(s: &str) -> Result<Self, BadCountryCode> {
        let bad = || BadCountryCode(s.to_owned());
        let text = s.trim().as_bytes();
        let (country, subdivision) = match text {
            [a, b] => ([*a, *b], &[][..]),
            [a, b, b'-', rest @ ..] if (1..=3).contains(&rest.len()) => ([*a, *b], rest),
            _ => return Err(bad()),
        };
        if !country.iter().all(u8::is_ascii_alphabetic)
            || !subdivision.iter().all(u8::is_ascii_alphanumeric)
        {
            return Err(bad());
        }
        let mut bytes = [0; 6];
        bytes[0] = country[0].to_ascii_uppercase();
        bytes[1] = country[1].to_ascii_uppercase();
        let mut len = 2;
        if !subdivision.is_empty() {
            bytes[2] = b'-';
            for (slot, byte) in bytes[3..].iter_mut().zip(subdivision) {
                *slot = byte.to_ascii_uppercase();
            }
            len = 3 + subdivision.len();
        }
        // At most 6, by the match above.
        let len = u8::try_from(len).map_err(|_| bad())?;
        Ok(CountryCode { bytes, len })
    }
}

impl TryFrom<String> for CountryCode {
    type Error = BadCountryCode;
    fn try_from(s: String) -> Result<Self, BadCountryCode> {
        s.parse()
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> String {
        c.as_str().to_owned()
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_case_insensitively_and_name_the_valid_values() {
        assert_eq!("P2".parse::<Priority>(), Ok(Priority::P2));
        let err = "p7".parse::<Priority>().unwrap_err();
        assert_eq!(err.expected, &["p1", "p2", "p3", "p4"]);
        assert!("".parse::<PlanId>().is_err());
    }

    #[test]
    fn catalog_ids_parse_only_once_declared_and_serialise_as_their_name() {
        assert!("ids-test-region".parse::<RegionId>().is_err());
        let declared = RegionId::declare("ids-test-region").unwrap();
        assert_eq!(RegionId::declare("ids-test-region"), Ok(declared));
        assert_eq!(" IDS-Test-Region ".parse::<RegionId>(), Ok(declared));
        assert_eq!(
            serde_json::to_string(&declared).unwrap(),
            "\"ids-test-region\""
        );
        let read: RegionId = serde_json::from_str("\"ids-test-region\"").unwrap();
        assert_eq!(read, declared);
        let err = "ids-test-nowhere".parse::<RegionId>().unwrap_err();
        assert!(err.expected.contains(&"ids-test-region"), "{err}");
        // A kind's ids are its own: a region is not a plan.
        assert!("ids-test-region".parse::<PlanId>().is_err());
        for bad in [
            "",
            "Upper",
            "9lives",
            "with space",
            "under_score",
            &"x".repeat(33),
        ] {
            assert_eq!(PlanId::declare(bad), Err(BadId::Syntax(bad.to_owned())));
        }
    }

    #[test]
    fn country_codes_are_two_ascii_letters() {
        assert_eq!(
            "jp".parse::<CountryCode>().map(|c| c.to_string()),
            Ok("JP".into())
        );
        assert!("JPN".parse::<CountryCode>().is_err());
        assert!("日本".parse::<CountryCode>().is_err());
        assert!("J1".parse::<CountryCode>().is_err());
    }

    #[test]
    fn subdivision_codes_are_a_country_a_hyphen_and_up_to_three_letters_or_digits() {
        let code = " gb-eng ".parse::<CountryCode>().unwrap();
        assert_eq!(code.as_str(), "GB-ENG");
        assert!(code.is_subdivision());
        assert_eq!(code.country().as_str(), "GB");
        assert_eq!("US-CA".parse::<CountryCode>().unwrap().to_string(), "US-CA");
        assert_eq!(
            "FR-971".parse::<CountryCode>().unwrap().to_string(),
            "FR-971"
        );
        assert!(!"GB".parse::<CountryCode>().unwrap().is_subdivision());
        for bad in [
            "GB-", "GB-ENGL", "GBENG", "GB_ENG", "G1-ENG", "GB-E G", "GB-英",
        ] {
            assert!(bad.parse::<CountryCode>().is_err(), "{bad}");
        }
        // Countries sort before their subdivisions, so listings group by country.
        let mut codes: Vec<CountryCode> = ["GB-SCT", "GB", "AU-NSW", "GB-ENG"]
            .iter()
            .map(|c| c.parse().unwrap())
            .collect();
        codes.sort();
        let sorted: Vec<String> = codes.iter().map(ToString::to_string).collect();
        assert_eq!(sorted, ["AU-NSW", "GB", "GB-ENG", "GB-SCT"]);
    }

    #[test]
    fn a_stored_country_still_reads_as_a_country() {
        let code: CountryCode = serde_json::from_str("\"GB\"").unwrap();
        assert_eq!(code.as_str(), "GB");
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"GB\"");
        let sub: CountryCode = serde_json::from_str("\"GB-ENG\"").unwrap();
        assert_eq!(serde_json::to_string(&sub).unwrap(), "\"GB-ENG\"");
    }
}
