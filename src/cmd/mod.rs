//! Commands: one file each, parsing its options into typed values and applying them. The table of
//! specs here is the single list of commands and options the engine reads; the Discord manifests
//! are checked against it.

mod case;
mod compare;
mod contacts;
mod due;
mod entitlements;
mod error;
mod features;
pub mod format;
mod help;
mod hours;
pub mod line;
mod options;
pub mod org;
mod reminders;
mod resources;
mod slo;
pub mod stats;
pub mod suggest;
mod support;

use chrono::{DateTime, Utc};

pub use due::deadline_reply;
pub use error::CmdError;
pub use options::{OptionKind, OptionSpec, Options, PAGE_MAX};

use crate::domain::catalog::Catalog;
use crate::engine::{Reply, Role, UserId};
use crate::i18n::{Language, Msg};
use crate::store::Store;

/// Everything a command may use while it is applied.
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    pub store: Option<&'a dyn Store>,
    pub now: DateTime<Utc>,
    pub language: Language,
    pub role: Role,
    pub user: UserId,
    pub team_channel: bool,
    /// What becomes of reminders without a route, which replies that cause one say.
    pub unrouted: Unrouted,
}

/// Where a reminder without a route goes, as the transport answering runs reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unrouted {
    /// Held in the outbox until `/reminders set` gives it a channel (Discord).
    Held,
    /// Printed here as it fires (the console).
    PrintedHere,
    /// Printed by the next console (or `run --no-chat`) on the store: `ask` runs no reminders.
    PrintedNextRun,
}

impl<'a> Context<'a> {
    /// The store, for commands that keep records.
    pub fn store(&self) -> Result<&'a dyn Store, CmdError> {
        self.store.ok_or(CmdError::NoStore)
    }

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
    /// Whether it reads or writes records: a one-shot `ask` opens the store only for these.
    pub uses_store: bool,
    /// The one-line help, also the command's description on Discord.
    pub help: Msg,
    /// The last word of `name` in each language, as Discord shows it.
    pub label: Msg,
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
    &support::URGENT,
    &support::COVERAGE,
    &support::ESCALATION,
    &support::PHONE,
    &support::PRODUCTS,
    &org::ADD,
    &org::SHOW,
    &org::SET,
    &org::LIST,
    &contacts::ADD,
    &contacts::REMOVE,
    &contacts::LIST,
    &case::file::SPEC,
    &case::show::SPEC,
    &case::list::SPEC,
    &case::respond::SPEC,
    &case::note::SPEC,
    &case::priority::SPEC,
    &case::escalate::SPEC,
    &case::close::CLOSE,
    &case::close::REOPEN,
    &stats::SPEC,
    &reminders::SET,
    &reminders::SHOW,
    &help::SPEC,
];

/// A word that starts several commands (`case` of `case file`): on Discord a command whose
/// subcommands are those commands.
pub struct CommandGroup {
    pub name: &'static str,
    pub help: Msg,
    pub label: Msg,
}

/// Every group of `COMMANDS`.
pub const GROUPS: &[CommandGroup] = &[
    CommandGroup {
        name: "support",
        help: Msg::HelpSupport,
        label: Msg::CommandSupport,
    },
    CommandGroup {
        name: "org",
        help: Msg::HelpOrg,
        label: Msg::CommandOrg,
    },
    CommandGroup {
        name: "contacts",
        help: Msg::HelpContacts,
        label: Msg::CommandContacts,
    },
    CommandGroup {
        name: "case",
        help: Msg::HelpCase,
        label: Msg::CommandCase,
    },
    CommandGroup {
        name: "reminders",
        help: Msg::HelpReminders,
        label: Msg::CommandReminders,
    },
];

/// The group a command path starts with, if it has one.
pub fn group(name: &str) -> Option<&'static CommandGroup> {
    let (first, _) = name.split_once(' ')?;
    GROUPS.iter().find(|g| g.name == first)
}

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
    Support(support::Support),
    OrgAdd(org::OrgAdd),
    OrgShow(org::OrgShow),
    OrgSet(org::OrgSet),
    OrgList(org::OrgList),
    ContactsAdd(contacts::Contact),
    ContactsRemove(contacts::Contact),
    ContactsList(contacts::ContactsList),
    CaseFile(case::file::CaseFile),
    CaseShow(case::show::CaseShow),
    CaseList(case::list::CaseList),
    CaseRespond(case::respond::CaseRespond),
    CaseNote(case::note::CaseNote),
    CasePriority(case::priority::CasePriority),
    CaseEscalate(case::escalate::CaseEscalate),
    CaseClose(case::close::CaseClose),
    Stats(stats::Stats),
    RemindersSet(reminders::RemindersSet),
    RemindersShow(reminders::RemindersShow),
    Help(help::Help),
}

/// The spec of a command path (`case file`), as typed with or without its slash.
pub fn spec(name: &str) -> Option<&'static CommandSpec> {
    let wanted = name.trim().trim_start_matches('/');
    COMMANDS
        .iter()
        .copied()
        .find(|spec| spec.name.eq_ignore_ascii_case(wanted))
}

impl Command {
    pub fn parse(name: &str, options: &[(String, String)]) -> Result<Command, CmdError> {
        let wanted = name.trim().trim_start_matches('/');
        let spec = COMMANDS
            .iter()
            .copied()
            .find(|spec| spec.name.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| CmdError::unknown_command(wanted))?;
        (spec.parse)(&Options::new(spec, options)?)
    }

    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        match self {
            Command::Entitlements(c) => c.apply(ctx),
            Command::Compare(c) => Ok(c.apply(ctx)),
            Command::Slo(c) => Ok(c.apply(ctx)),
            Command::Hours(c) => c.apply(ctx),
            Command::Due(c) => c.apply(ctx),
            Command::Features(c) => Ok(c.apply(ctx)),
            Command::Resources(c) => Ok(c.apply(ctx)),
            Command::Support(c) => Ok(c.apply(ctx)),
            Command::OrgAdd(c) => c.apply(ctx),
            Command::OrgShow(c) => c.apply(ctx),
            Command::OrgSet(c) => c.apply(ctx),
            Command::OrgList(c) => c.apply(ctx),
            Command::ContactsAdd(c) => c.add(ctx),
            Command::ContactsRemove(c) => c.remove(ctx),
            Command::ContactsList(c) => c.apply(ctx),
            Command::CaseFile(c) => c.apply(ctx),
            Command::CaseShow(c) => c.apply(ctx),
            Command::CaseList(c) => c.apply(ctx),
            Command::CaseRespond(c) => c.apply(ctx),
            Command::CaseNote(c) => c.apply(ctx),
            Command::CasePriority(c) => c.apply(ctx),
            Command::CaseEscalate(c) => c.apply(ctx),
            Command::CaseClose(c) => c.apply(ctx),
            Command::Stats(c) => c.apply(ctx),
            Command::RemindersSet(c) => c.apply(ctx),
            Command::RemindersShow(c) => c.apply(ctx),
            Command::Help(c) => Ok(c.apply(ctx)),
        }
    }
}
