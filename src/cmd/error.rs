//! Why a command could not be answered, and the localized reply that says what to type instead.

use super::options::OptionSpec;
use super::{COMMANDS, Context};
use crate::domain::calendar::ClockError;
use crate::domain::catalog::UnknownCountry;
use crate::domain::deadline::DeadlineError;
use crate::engine::Reply;
use crate::i18n::Msg;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CmdError {
    #[error("a command starts with /")]
    NotACommand,
    #[error("unknown command {given:?}")]
    UnknownCommand { given: String },
    #[error("/{command} has no option {given:?}")]
    UnknownOption {
        command: &'static str,
        given: String,
    },
    #[error("/{command} needs {option}")]
    MissingOption {
        command: &'static str,
        option: &'static str,
    },
    #[error("{option} given twice")]
    DuplicateOption { option: &'static str },
    #[error("{given:?} is not name:value")]
    OptionSyntax { given: String },
    #[error("a quote is not closed")]
    UnbalancedQuote,
    #[error("{given:?} is not a valid {}", option.name)]
    InvalidValue {
        option: &'static OptionSpec,
        given: String,
    },
    #[error("{option} is longer than {max} characters")]
    TooLong { option: &'static str, max: usize },
    #[error("no holiday calendar for {0}")]
    UnknownCountry(String),
    #[error("the date is outside the range the clock computes")]
    OutOfRange,
}

impl CmdError {
    pub fn invalid(option: &'static OptionSpec, given: &str) -> CmdError {
        CmdError::InvalidValue {
            option,
            given: given.to_owned(),
        }
    }

    /// The refusal, in the asker's language, naming what is valid.
    pub fn reply(&self, ctx: &Context<'_>) -> Reply {
        let text = match self {
            CmdError::NotACommand => ctx.t(Msg::ErrorNotACommand).to_owned(),
            CmdError::UnknownCommand { given } => ctx.f(
                Msg::ErrorUnknownCommand,
                &[("given", &quote(given)), ("commands", &command_list())],
            ),
            CmdError::UnknownOption { command, given } => ctx.f(
                Msg::ErrorUnknownOption,
                &[
                    ("command", command),
                    ("given", &quote(given)),
                    ("options", &option_list(command)),
                ],
            ),
            CmdError::MissingOption { command, option } => ctx.f(
                Msg::ErrorMissingOption,
                &[
                    ("command", command),
                    ("option", option),
                    ("usage", &usage(command)),
                ],
            ),
            CmdError::DuplicateOption { option } => {
                ctx.f(Msg::ErrorDuplicateOption, &[("option", option)])
            }
            CmdError::OptionSyntax { given } => {
                ctx.f(Msg::ErrorOptionSyntax, &[("given", &quote(given))])
            }
            CmdError::UnbalancedQuote => ctx.t(Msg::ErrorUnbalancedQuote).to_owned(),
            CmdError::InvalidValue { option, given } => ctx.f(
                Msg::ErrorInvalidValue,
                &[
                    ("option", option.name),
                    ("given", &quote(given)),
                    ("expected", ctx.t(option.kind.expected())),
                ],
            ),
            CmdError::TooLong { option, max } => ctx.f(
                Msg::ErrorTooLong,
                &[("option", option), ("max", &max.to_string())],
            ),
            CmdError::UnknownCountry(given) => {
                let known: Vec<String> = ctx.catalog.countries().map(|c| c.to_string()).collect();
                ctx.f(
                    Msg::ErrorUnknownCountry,
                    &[("given", &quote(given)), ("known", &known.join(", "))],
                )
            }
            CmdError::OutOfRange => ctx.t(Msg::ErrorOutOfRange).to_owned(),
        };
        Reply::bad_input(ctx.t(Msg::ErrorTitle), text)
    }
}

impl From<DeadlineError> for CmdError {
    fn from(e: DeadlineError) -> CmdError {
        match e {
            DeadlineError::UnknownCountry(UnknownCountry(code)) => {
                CmdError::UnknownCountry(code.to_string())
            }
            DeadlineError::Clock(ClockError::OutOfRange | ClockError::CloseBeforeOpen) => {
                CmdError::OutOfRange
            }
        }
    }
}

impl From<UnknownCountry> for CmdError {
    fn from(e: UnknownCountry) -> CmdError {
        CmdError::from(DeadlineError::UnknownCountry(e))
    }
}

impl From<ClockError> for CmdError {
    fn from(e: ClockError) -> CmdError {
        CmdError::from(DeadlineError::Clock(e))
    }
}

/// User text shown back inside an error: short, on one line, control and direction-changing
/// characters escaped, and in a code span so it cannot format, link or mention anything.
pub fn quote(given: &str) -> String {
    const SHOWN: usize = 40;
    let mut shown = String::new();
    for c in given.chars().take(SHOWN) {
        let invisible = c.is_control()
            || matches!(
                c,
                '\u{ad}' | '\u{61c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
                    | '\u{2060}'..='\u{2069}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
            );
        match c {
            '`' => shown.push('\''),
            c if invisible => shown.extend(c.escape_unicode()),
            c => shown.push(c),
        }
    }
    if given.chars().count() > SHOWN {
        shown.push('…');
    }
    format!("`{shown}`")
}

fn command_list() -> String {
    COMMANDS
        .iter()
        .map(|c| format!("/{}", c.name))
        .collect::<Vec<_>>()
        .join(", ")
}

fn option_list(command: &str) -> String {
    let spec = COMMANDS.iter().find(|c| c.name == command);
    let names: Vec<&str> = spec
        .map(|s| s.options.iter().map(|o| o.name).collect())
        .unwrap_or_default();
    if names.is_empty() {
        "—".to_owned()
    } else {
        names.join(", ")
    }
}

/// `/due plan:<…> priority:<…> region:<…> [at:<…>]`: the command as it may be typed.
pub fn usage(command: &str) -> String {
    let Some(spec) = COMMANDS.iter().find(|c| c.name == command) else {
        return format!("/{command}");
    };
    let mut usage = format!("/{}", spec.name);
    for option in spec.options {
        let value = option
            .kind
            .choices()
            .map_or_else(|| "…".to_owned(), |c| c.join("|"));
        if option.required {
            usage.push_str(&format!(" {}:{value}", option.name));
        } else {
            usage.push_str(&format!(" [{}:{value}]", option.name));
        }
    }
    usage
}
