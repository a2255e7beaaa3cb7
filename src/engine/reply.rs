//! What the engine answers: a titled message with fields, which transports render as an embed or
//! as text.

use chrono_tz::Tz;

use crate::domain::case::CaseId;
use crate::domain::ids::Priority;
use crate::domain::org::Role;
use crate::domain::stats::WeekCounts;
use crate::i18n::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

/// Whether the request was answered, refused for bad input, or failed on the bot's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Answered,
    BadInput,
    /// The bot could not do it (the store failed); nothing was recorded and the same request may
    /// succeed when tried again. Not the user's fault, so never answered as bad input.
    Failed,
}

/// The colour a transport may give the reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accent {
    Neutral,
    Error,
    Priority(Priority),
}

/// Who a message may ping. Empty unless a reminder names its role: text from users must never
/// ping anyone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions {
    pub roles: Vec<u64>,
    pub users: Vec<u64>,
}

/// The case a reply is about, and what may still be done to it: transports offer these as
/// buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseActions {
    pub id: CaseId,
    /// The initial response is still awaited: "Mark responded" applies.
    pub respond: bool,
}

/// Weekly attainment per priority with its texts in the reader's language: transports that can
/// show a picture draw it (`render::chart`), and `supportbot stats` also writes it as CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// The reader's: it picks the glyph forms of the chart's font.
    pub language: Language,
    pub title: String,
    /// The range and the filters, one per line.
    pub subtitle: Vec<String>,
    pub x_label: String,
    pub y_label: String,
    pub target_label: String,
    pub target_percent: u8,
    pub weeks: Vec<WeekCounts>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub title: String,
    pub text: String,
    pub fields: Vec<Field>,
    pub footer: Option<String>,
    /// Shown only to the asker (ephemeral on Discord).
    pub private: bool,
    pub mentions: Mentions,
    pub outcome: Outcome,
    pub accent: Accent,
    /// The role a refusal said the asker lacks (the console suggests `/as` with it).
    pub lacks_role: Option<Role>,
    /// Set by replies about one case.
    pub case: Option<CaseActions>,
    /// The zone its instants are local to (the region's, the organisation's or the customer's),
    /// when it has one: the console shows them there. Discord timestamps ignore it, as each
    /// reader sees them in their own zone.
    pub zone: Option<Tz>,
    /// Set by `/stats`: the same figures as a chart.
    pub chart: Option<Box<Chart>>,
}

impl Reply {
    pub fn new(title: impl Into<String>) -> Reply {
        Reply {
            title: title.into(),
            text: String::new(),
            fields: Vec::new(),
            footer: None,
            private: false,
            mentions: Mentions::default(),
            outcome: Outcome::Answered,
            accent: Accent::Neutral,
            lacks_role: None,
            case: None,
            zone: None,
            chart: None,
        }
    }

    /// A refusal of bad input: private, so the channel is not cluttered with typos.
    pub fn bad_input(title: impl Into<String>, text: impl Into<String>) -> Reply {
        Reply {
            text: text.into(),
            private: true,
            outcome: Outcome::BadInput,
            accent: Accent::Error,
            ..Reply::new(title)
        }
    }

    /// A failure on the bot's side: private, as only the asker needs to try again.
    pub fn failed(title: impl Into<String>, text: impl Into<String>) -> Reply {
        Reply {
            outcome: Outcome::Failed,
            ..Reply::bad_input(title, text)
        }
    }

    pub fn text(mut self, text: impl Into<String>) -> Reply {
        self.text = text.into();
        self
    }

    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Reply {
        self.fields.push(Field {
            name: name.into(),
            value: value.into(),
            inline: false,
        });
        self
    }

    pub fn inline_field(mut self, name: impl Into<String>, value: impl Into<String>) -> Reply {
        self.fields.push(Field {
            name: name.into(),
            value: value.into(),
            inline: true,
        });
        self
    }

    pub fn footer(mut self, footer: impl Into<String>) -> Reply {
        self.footer = Some(footer.into());
        self
    }

    /// The reply is about case `id`; `respond` when its initial response is still awaited.
    pub fn about_case(mut self, id: CaseId, respond: bool) -> Reply {
        self.case = Some(CaseActions { id, respond });
        self
    }

    pub fn zone(mut self, zone: Tz) -> Reply {
        self.zone = Some(zone);
        self
    }

    pub fn accent(mut self, accent: Accent) -> Reply {
        self.accent = accent;
        self
    }
}
