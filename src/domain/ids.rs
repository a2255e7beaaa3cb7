//! Identifier types of the support programme. Each can hold only a valid value: parse at the edge
//! (a command option, a catalog file, a JSON line), then trust the type.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The error of parsing an identifier: what was given and which values are valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{given:?} is not one of {}", expected.join(", "))]
pub struct UnknownId {
    pub given: String,
    pub expected: &'static [&'static str],
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
                    .ok_or_else(|| UnknownId { given: s.to_owned(), expected: $name::NAMES })
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
    /// A support plan.
    PlanId { Online => "online", Business => "business", Enterprise => "enterprise", Elite => "elite" }
}

id_enum! {
    /// A case priority, P1 (production down) to P4 (general question).
    Priority { P1 => "p1", P2 => "p2", P3 => "p3", P4 => "p4" }
}

id_enum! {
    /// A support region; the customer's billing address decides which one applies.
    RegionId { Americas => "americas", Emea => "emea", Apac => "apac", Japan => "japan" }
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
        assert_eq!(" Japan ".parse::<RegionId>(), Ok(RegionId::Japan));
        let err = "p7".parse::<Priority>().unwrap_err();
        assert_eq!(err.expected, &["p1", "p2", "p3", "p4"]);
        assert!("".parse::<PlanId>().is_err());
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
