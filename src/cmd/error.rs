//! Why a command could not be answered, and the localized reply that says what to type instead.

use super::options::{OptionKind, OptionSpec};
use super::{COMMANDS, Context, format};
use crate::domain::calendar::ClockError;
use crate::domain::catalog::UnknownCountry;
use crate::domain::deadline::DeadlineError;
use crate::domain::ids::Priority;
use crate::domain::org::Role;
use crate::domain::policy::Refusal;
use crate::domain::stats::Backwards;
use crate::engine::Reply;
use crate::i18n::Msg;
use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CmdError {
    #[error("a command starts with /")]
    NotACommand,
    #[error("unknown command {given:?}")]
    UnknownCommand { given: String },
    #[error("/{group} needs a subcommand")]
    MissingSubcommand { group: &'static str },
    #[error("/{group} has no subcommand {given:?}")]
    UnknownSubcommand { group: &'static str, given: String },
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
    /// A command that changes settings was given none to change.
    #[error("/{command} needs at least one setting to change")]
    NothingToChange {
        command: &'static str,
        options: Vec<&'static str>,
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
    /// `plan:` with nothing after the colon: naming the value given would show an empty quote.
    #[error("{} has no value", option.name)]
    EmptyValue { option: &'static OptionSpec },
    #[error("{option} contains {}", crate::domain::text::char_name(*c))]
    ForbiddenChar { option: &'static str, c: char },
    #[error("{option} is longer than {max} characters")]
    TooLong { option: &'static str, max: usize },
    #[error("no holiday calendar for {0}")]
    UnknownCountry(String),
    #[error("the date is outside the range the clock computes")]
    OutOfRange,
    /// The date given is inside the range, but the deadline it leads to falls after it.
    #[error("the deadline falls after the range the clock computes")]
    DueAfterRange,
    /// The date given is inside the range, but the answer (an opening, a closing) is after it.
    #[error("the answer falls after the range the clock computes")]
    AfterRange,
    #[error("{0}")]
    RangeBackwards(Backwards),
    #[error("no store is open")]
    NoStore,
    #[error("{0}")]
    Refused(Refusal),
    /// The store failed; nothing was recorded. The cause goes to the log, not to the chat.
    #[error("the store failed")]
    Store,
    /// A stored record cannot be decoded: a read failed, nothing was written.
    #[error("record {key} is damaged")]
    Damaged { key: String },
}

impl From<Refusal> for CmdError {
    fn from(r: Refusal) -> CmdError {
        match r {
            Refusal::OutOfRange => CmdError::OutOfRange,
            Refusal::PastEnd => CmdError::DueAfterRange,
            other => CmdError::Refused(other),
        }
    }
}

impl From<StoreError> for CmdError {
    fn from(e: StoreError) -> CmdError {
        match e {
            StoreError::Refused(r) => CmdError::from(r),
            StoreError::Corrupt { key, reason } => {
                tracing::error!(%key, %reason, "a stored record is damaged");
                CmdError::Damaged { key }
            }
            other => {
                tracing::error!(error = %other, "store operation failed");
                CmdError::Store
            }
        }
    }
}

impl CmdError {
    /// The refusal of a command path no spec has: a group without its subcommand or with one it
    /// does not have, a command followed by a word that is not an option, or an unknown name.
    pub fn unknown_command(path: &str) -> CmdError {
        let mut words = path.split_whitespace();
        let first = words.next().unwrap_or_default();
        if let Some(group) = super::GROUPS
            .iter()
            .find(|g| g.name.eq_ignore_ascii_case(first))
        {
            let Some(sub) = words.next() else {
                return CmdError::MissingSubcommand { group: group.name };
            };
            if !subcommands(group.name)
                .iter()
                .any(|s| s.eq_ignore_ascii_case(sub))
            {
                return CmdError::UnknownSubcommand {
                    group: group.name,
                    given: sub.to_owned(),
                };
            }
        }
        // A known command, then a word that is not `name:value` (`/hours japan`).
        let mut known = String::new();
        for (i, word) in path.split_whitespace().enumerate() {
            if i > 0 && super::spec(&known).is_some() {
                return CmdError::OptionSyntax {
                    given: word.to_owned(),
                };
            }
            if i > 0 {
                known.push(' ');
            }
            known.push_str(word);
        }
        CmdError::UnknownCommand {
            given: path.to_owned(),
        }
    }

    pub fn invalid(option: &'static OptionSpec, given: &str) -> CmdError {
        if given.trim().is_empty() {
            return CmdError::EmptyValue { option };
        }
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
            CmdError::MissingSubcommand { group } => ctx.f(
                Msg::ErrorMissingSubcommand,
                &[
                    ("group", group),
                    ("subcommands", &subcommand_list(ctx, group)),
                    (
                        "example",
                        &subcommands(group)
                            .first()
                            .map_or_else(String::new, |sub| format!("/{group} {sub}")),
                    ),
                ],
            ),
            CmdError::UnknownSubcommand { group, given } => ctx.f(
                Msg::ErrorUnknownSubcommand,
                &[
                    ("group", group),
                    ("given", &quote(given)),
                    ("subcommands", &subcommand_list(ctx, group)),
                ],
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
            CmdError::NothingToChange { command, options } => ctx.f(
                Msg::ErrorNothingToChange,
                &[
                    ("command", command),
                    (
                        "options",
                        &options
                            .iter()
                            .map(|o| format!("`{o}`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
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
                    ("expected", &expected(ctx, option.kind)),
                ],
            ),
            CmdError::EmptyValue { option } => ctx.f(
                Msg::ErrorEmptyValue,
                &[
                    ("option", option.name),
                    ("expected", &expected(ctx, option.kind)),
                ],
            ),
            CmdError::ForbiddenChar { option, c } => ctx.f(
                Msg::ErrorForbiddenChar,
                &[
                    ("option", option),
                    ("char", &crate::domain::text::char_name(*c)),
                ],
            ),
            CmdError::TooLong { option, max } => ctx.f(
                Msg::ErrorTooLong,
                &[("option", option), ("max", &max.to_string())],
            ),
            CmdError::UnknownCountry(given) => {
                let known: Vec<String> = ctx
                    .catalog
                    .close_calendars(given)
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                ctx.f(
                    Msg::ErrorUnknownCountry,
                    &[("given", &quote(given)), ("known", &known.join(", "))],
                )
            }
            CmdError::OutOfRange => out_of_range(ctx),
            CmdError::DueAfterRange => years(ctx, Msg::ErrorDueAfterRange),
            CmdError::AfterRange => years(ctx, Msg::ErrorAfterRange),
            CmdError::RangeBackwards(Backwards { from, to }) => ctx.f(
                Msg::ErrorRangeBackwards,
                &[
                    ("from", &from.format("%Y-%m-%d").to_string()),
                    ("to", &to.format("%Y-%m-%d").to_string()),
                ],
            ),
            CmdError::NoStore => ctx.t(Msg::ErrorNoStore).to_owned(),
            CmdError::Store => {
                return Reply::failed(ctx.t(Msg::ErrorTitle), ctx.t(Msg::ErrorStore));
            }
            CmdError::Damaged { key } => {
                return Reply::failed(
                    ctx.t(Msg::ErrorTitle),
                    ctx.f(Msg::ErrorDamaged, &[("key", &quote(key))]),
                );
            }
            CmdError::Refused(refusal) => refusal_text(ctx, refusal),
        };
        let text = match self.suggestion() {
            Some(suggestion) => format!(
                "{}\n{text}",
                ctx.f(Msg::ErrorDidYouMean, &[("suggestion", &suggestion)])
            ),
            None => text,
        };
        let mut reply = Reply::bad_input(ctx.t(Msg::ErrorTitle), text);
        reply.lacks_role = match self {
            CmdError::Refused(Refusal::AgentsOnly) => Some(Role::Agent),
            CmdError::Refused(Refusal::AdminsOnly) => Some(Role::Admin),
            _ => None,
        };
        // The window is the region's business hours: its opening is shown in the region's zone.
        if let CmdError::Refused(Refusal::OutsideSubmissionWindow { region, .. }) = self {
            reply.zone = Some(ctx.catalog.region(*region).timezone);
        }
        reply
    }
}

impl From<Backwards> for CmdError {
    fn from(e: Backwards) -> CmdError {
        CmdError::RangeBackwards(e)
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
            DeadlineError::Clock(ClockError::PastEnd) => CmdError::DueAfterRange,
        }
    }
}

impl From<UnknownCountry> for CmdError {
    fn from(e: UnknownCountry) -> CmdError {
        CmdError::from(DeadlineError::UnknownCountry(e))
    }
}

/// A clock error outside a deadline question (`/hours`' next opening): past the end of the
/// years it is the answer, not a deadline, that falls after them.
impl From<ClockError> for CmdError {
    fn from(e: ClockError) -> CmdError {
        match e {
            ClockError::PastEnd => CmdError::AfterRange,
            other => CmdError::from(DeadlineError::Clock(other)),
        }
    }
}

/// The years the clock computes, said in the asker's language.
fn out_of_range(ctx: &Context<'_>) -> String {
    years(ctx, Msg::ErrorOutOfRange)
}

/// `msg`, which names the first and last year the clock computes.
fn years(ctx: &Context<'_>, msg: Msg) -> String {
    let years = crate::domain::calendar::YEARS;
    ctx.f(
        msg,
        &[
            ("first", &years.start().to_string()),
            ("last", &years.end().to_string()),
        ],
    )
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

/// The top-level commands (`/case`, not each `/case …`), in `/help` order.
fn command_list() -> String {
    let mut names: Vec<&str> = Vec::new();
    for spec in COMMANDS {
        let top = spec.name.split(' ').next().unwrap_or(spec.name);
        if !names.contains(&top) {
            names.push(top);
        }
    }
    names
        .iter()
        .map(|n| format!("/{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl CmdError {
    /// One likely meant name for a mistyped command, option or choice, as it should be typed.
    fn suggestion(&self) -> Option<String> {
        match self {
            CmdError::UnknownCommand { given } => {
                let names = COMMANDS
                    .iter()
                    .flat_map(|spec| [spec.name, spec.name.split(' ').next().unwrap_or(spec.name)]);
                closest(given, names).map(|name| format!("`/{name}`"))
            }
            CmdError::UnknownSubcommand { group, given } => {
                closest(given, subcommands(group)).map(|sub| format!("`/{group} {sub}`"))
            }
            CmdError::UnknownOption { command, given } => {
                let spec = COMMANDS.iter().find(|c| c.name == *command)?;
                closest(given, spec.options.iter().map(|o| o.name)).map(|name| format!("`{name}:`"))
            }
            CmdError::InvalidValue { option, given } => {
                closest(given, option.kind.choices()?.iter().copied())
                    .map(|choice| format!("`{}:{choice}`", option.name))
            }
            _ => None,
        }
    }
}

/// The one known name nearest to `given`: within one edit for words of up to four letters, two
/// for longer ones, and only if no other name is as near (a guess between two helps nobody).
fn closest<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let given = given.trim().trim_start_matches('/').to_lowercase();
    let limit = if given.chars().count() <= 4 { 1 } else { 2 };
    let mut best: Option<(usize, &str)> = None;
    let mut tied = false;
    for name in known {
        let distance = strsim::damerau_levenshtein(&given, name);
        if distance == 0 || distance > limit {
            continue;
        }
        match best {
            Some((d, n)) if d == distance && n != name => tied = true,
            Some((d, _)) if d <= distance => {}
            _ => {
                best = Some((distance, name));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, name)| name)
}

/// The subcommands of a group such as `case`: `file, show, …`; empty if it is no group.
pub fn subcommands(group: &str) -> Vec<&'static str> {
    COMMANDS
        .iter()
        .filter_map(|spec| {
            spec.name
                .strip_prefix(group)
                .and_then(|rest| rest.strip_prefix(' '))
        })
        .collect()
}

/// A group's subcommands as they are typed: `` `/case file`, `/case show`, … ``.
fn subcommand_list(ctx: &Context<'_>, group: &str) -> String {
    subcommands(group)
        .iter()
        .map(|sub| format!("`/{group} {sub}`"))
        .collect::<Vec<_>>()
        .join(format::list_separator(ctx))
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

/// What values an option of `kind` takes; plans and regions are the catalog's.
fn expected(ctx: &Context<'_>, kind: OptionKind) -> String {
    let catalog = ctx.catalog;
    let listed = |ids: Vec<&str>| {
        let quoted: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
        quoted.join(format::list_separator(ctx))
    };
    let plans = || catalog.plans().iter().map(|p| p.id.as_str()).collect();
    match kind {
        OptionKind::Plan => ctx.f(Msg::ExpectPlan, &[("values", &listed(plans()))]),
        OptionKind::Plans => {
            let example: Vec<&str> = catalog
                .plans()
                .iter()
                .map(|p| p.id.as_str())
                .take(2)
                .collect();
            ctx.f(
                Msg::ExpectPlans,
                &[
                    ("values", &listed(plans())),
                    ("example", &example.join(",")),
                ],
            )
        }
        OptionKind::Region => {
            let regions = catalog.regions().iter().map(|r| r.id.as_str()).collect();
            ctx.f(Msg::ExpectRegion, &[("values", &listed(regions))])
        }
        other => ctx.t(other.expected()).to_owned(),
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

/// A rule's refusal in the asker's language, saying what the rule is and what to do instead.
fn refusal_text(ctx: &Context<'_>, refusal: &Refusal) -> String {
    let catalog = ctx.catalog;
    let plan_name =
        |plan: crate::domain::ids::PlanId| catalog.plan(plan).name.get(ctx.language).to_owned();
    let join = |items: Vec<String>| items.join(format::list_separator(ctx));
    match refusal {
        Refusal::NotFound => ctx.t(Msg::RefuseNotFound).to_owned(),
        Refusal::AgentsOnly => ctx.t(Msg::RefuseAgentsOnly).to_owned(),
        Refusal::AdminsOnly => ctx.t(Msg::RefuseAdminsOnly).to_owned(),
        Refusal::NotAContact => ctx.t(Msg::RefuseNotAContact).to_owned(),
        Refusal::OrgExists => ctx.t(Msg::RefuseOrgExists).to_owned(),
        Refusal::RouteRegionMismatch {
            org,
            name,
            org_region,
            region,
        } => ctx.f(
            Msg::RefuseRouteRegionMismatch,
            &[
                ("org", org.as_str()),
                ("name", &name.marked()),
                (
                    "org_region",
                    catalog.region(*org_region).name.get(ctx.language),
                ),
                ("org_region_id", org_region.as_str()),
                ("region", catalog.region(*region).name.get(ctx.language)),
            ],
        ),
        Refusal::OrgIdTaken { id, free } => ctx.f(
            Msg::RefuseOrgIdTaken,
            &[("id", id.as_str()), ("free", free.as_str())],
        ),
        Refusal::CaseNumbersExhausted => ctx.t(Msg::RefuseCaseNumbersExhausted).to_owned(),
        Refusal::UnknownProduct { product, products } => ctx.f(
            Msg::RefuseUnknownProduct,
            &[
                ("product", &quote(product.as_str())),
                (
                    "products",
                    &join(products.iter().map(|p| format!("`{p}`")).collect()),
                ),
            ],
        ),
        Refusal::OutsideSubmissionWindow {
            region,
            next_open,
            day_off,
        } => {
            let region = catalog.region(*region);
            let when = next_open.map_or_else(String::new, format::timestamp);
            // The window is the region's attribute: which priorities wait for its hours.
            let (limited, anytime): (Vec<Priority>, Vec<Priority>) = Priority::ALL
                .iter()
                .partition(|p| region.submission_window.contains(p));
            let labels = |priorities: Vec<Priority>| {
                let labels: Vec<String> = priorities.iter().map(|p| p.label().to_owned()).collect();
                join(labels)
            };
            let refusal = ctx.f(
                Msg::RefuseSubmissionWindow,
                &[
                    ("limited", &labels(limited)),
                    ("anytime", &labels(anytime)),
                    ("region", region.name.get(ctx.language)),
                    ("opens", &format::time(region.hours.opens())),
                    ("closes", &format::time(region.hours.closes())),
                    ("when", &when),
                ],
            );
            match day_off {
                Some(day_off) => {
                    let why = format::day_off_today(ctx, day_off);
                    format!(
                        "{}{refusal}",
                        ctx.f(Msg::RefuseTodayClosed, &[("reason", &why)])
                    )
                }
                None => refusal,
            }
        }
        Refusal::LanguageNotSupported {
            region,
            language,
            supported,
        } => ctx.f(
            Msg::RefuseLanguage,
            &[
                ("region", catalog.region(*region).name.get(ctx.language)),
                ("language", &format::language_name(ctx, *language)),
                (
                    "supported",
                    &join(
                        supported
                            .iter()
                            .map(|l| format!("{} (`{l}`)", format::language_name(ctx, *l)))
                            .collect(),
                    ),
                ),
            ],
        ),
        Refusal::LanguageExcluded { product, language } => ctx.f(
            Msg::RefuseLanguageExcluded,
            &[
                ("product", product.as_str()),
                ("language", &format::language_name(ctx, *language)),
            ],
        ),
        Refusal::ImpactRequired => ctx.t(Msg::RefuseImpactRequired).to_owned(),
        Refusal::CustomerRaiseStep => ctx.t(Msg::RefuseRaiseStep).to_owned(),
        Refusal::CustomerLower => ctx.t(Msg::RefuseLowerCustomer).to_owned(),
        Refusal::CustomerRaiseTooSoon { next } => ctx.f(
            Msg::RefuseRaiseTooSoon,
            &[("when", &format::timestamp(*next))],
        ),
        Refusal::SamePriority => ctx.t(Msg::RefuseSamePriority).to_owned(),
        Refusal::NoEscalation { plan } => {
            let offered: Vec<String> = catalog
                .entitlements_of(*plan)
                .filter(|e| e.value(*plan).is_offered())
                .map(|e| e.label.get(ctx.language).to_owned())
                .collect();
            ctx.f(
                Msg::RefuseNoEscalation,
                &[("plan", &plan_name(*plan)), ("offered", &join(offered))],
            )
        }
        Refusal::AlreadyResponded { at } => ctx.f(
            Msg::RefuseAlreadyResponded,
            &[("when", &format::timestamp(*at))],
        ),
        Refusal::Closed => ctx.t(Msg::RefuseClosed).to_owned(),
        Refusal::NotClosed => ctx.t(Msg::RefuseNotClosed).to_owned(),
        Refusal::ContactLimit {
            plan,
            limit,
            product,
        } => ctx.f(
            Msg::RefuseContactLimit,
            &[
                ("plan", &plan_name(*plan)),
                ("limit", &limit.to_string()),
                ("product", product.as_str()),
            ],
        ),
        Refusal::AlreadyContact => ctx.t(Msg::RefuseAlreadyContact).to_owned(),
        Refusal::NotContact => ctx.t(Msg::RefuseNotContact).to_owned(),
        Refusal::PlanOverLimit { plan, over } => {
            let lines: Vec<String> = over
                .iter()
                .map(|(product, limit, users)| {
                    let users: Vec<String> = users.iter().map(|u| u.to_string()).collect();
                    ctx.f(
                        Msg::RefusePlanOverLimitLine,
                        &[
                            ("product", product.as_str()),
                            ("limit", &limit.to_string()),
                            ("count", &users.len().to_string()),
                            ("users", &users.join(format::list_separator(ctx))),
                        ],
                    )
                })
                .collect();
            format!(
                "{}\n{}",
                ctx.f(Msg::RefusePlanOverLimit, &[("plan", &plan_name(*plan))]),
                lines.join("\n")
            )
        }
        Refusal::OutOfRange => out_of_range(ctx),
        Refusal::PastEnd => years(ctx, Msg::ErrorDueAfterRange),
    }
}
