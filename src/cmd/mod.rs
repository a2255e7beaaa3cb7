//! Commands: one file each, parsing its options into typed values and applying them. The table of
//! specs here is the single list of commands and options the engine reads; the Discord manifests
//! are checked against it.

mod compare;
mod due;
mod entitlements;
mod error;
mod features;
pub mod format;
mod help;
mod hours;
pub mod line;
mod options;
mod resources;
mod slo;

use chrono::{DateTime, Utc};

pub use due::deadline_reply;
pub use error::CmdError;
pub use options::{OptionKind, OptionSpec, Options};

use crate::domain::catalog::Catalog;
use crate::engine::{Reply, Role, UserId};
use crate::i18n::{Language, Msg};

/// Everything a command may use while it is applied.
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    pub now: DateTime<Utc>,
    pub language: Language,
    pub role: Role,
    pub user: UserId,
}

impl Context<'_> {
    pub fn t(&self, msg: Msg) -> &str {
        self.catalog.messages().get(msg, self.language)
    }

    pub fn f(&self, msg: Msg, args: &[(&str, &str)]) -> String {
        self.catalog.messages().format(msg, self.language, args)
    }
}

/// A command's name, its one-line help, its options, and how to parse them.
pub struct CommandSpec {
    pub name: &'static str,
    pub help: Msg,
    pub options: &'static [OptionSpec],
    pub parse: fn(&Options<'_>) -> Result<Command, CmdError>,
}

/// Every command the engine answers, in the order `/help` lists them.
pub const COMMANDS: &[&CommandSpec] = &[
    &entitlements::SPEC,
    &compare::SPEC,
    &slo::SPEC,
    &hours::SPEC,
    &due::SPEC,
    &features::SPEC,
    &resources::SPEC,
    &help::SPEC,
];

/// A command with its options parsed into domain values.
#[derive(Debug)]
pub enum Command {
    Entitlements(entitlements::Entitlements),
    Compare(compare::Compare),
    Slo(slo::Slo),
    Hours(hours::Hours),
    Due(due::Due),
    Features(features::Features),
    Resources(resources::Resources),
    Help(help::Help),
}

impl Command {
    pub fn parse(name: &str, options: &[(String, String)]) -> Result<Command, CmdError> {
        let wanted = name.trim().trim_start_matches('/');
        let spec = COMMANDS
            .iter()
            .copied()
            .find(|spec| spec.name.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| CmdError::UnknownCommand {
                given: wanted.to_owned(),
            })?;
        (spec.parse)(&Options::new(spec, options)?)
    }

    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        match self {
            Command::Entitlements(c) => Ok(c.apply(ctx)),
            Command::Compare(c) => Ok(c.apply(ctx)),
            Command::Slo(c) => Ok(c.apply(ctx)),
            Command::Hours(c) => c.apply(ctx),
            Command::Due(c) => c.apply(ctx),
            Command::Features(c) => Ok(c.apply(ctx)),
            Command::Resources(c) => Ok(c.apply(ctx)),
            Command::Help(c) => Ok(c.apply(ctx)),
        }
    }
}
