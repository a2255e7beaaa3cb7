//! Localized texts: the three languages the bot speaks, and the bot's sentences, one Fluent file
//! per language (`data/locales/<language>.ftl`), formatted by `fluent-bundle`.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use serde::Deserialize;

pub use crate::domain::ids::Language;

impl Language {
    /// The reply language for a Discord locale: `en-US`/`en-GB` → English, `zh-TW`, `ja`; any
    /// other locale falls back to English.
    pub fn from_locale(locale: &str) -> Language {
        match locale.trim() {
            l if l.eq_ignore_ascii_case("zh-TW") => Language::ZhTw,
            l if l.eq_ignore_ascii_case("ja") || l.eq_ignore_ascii_case("ja-JP") => Language::Ja,
            _ => Language::En,
        }
    }
}

/// A text in each language the bot speaks.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub en: String,
    #[serde(rename = "zh-TW")]
    pub zh_tw: String,
    pub ja: String,
}

impl Localized {
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::En => &self.en,
            Language::ZhTw => &self.zh_tw,
            Language::Ja => &self.ja,
        }
    }

    /// The language whose text is blank, if any: a catalog must not say nothing in one language.
    pub fn blank_language(&self) -> Option<Language> {
        Language::ALL
            .iter()
            .copied()
            .find(|&l| self.get(l).trim().is_empty())
    }

    /// The text `text` gives for each language.
    pub fn from_fn(text: impl Fn(Language) -> String) -> Localized {
        Localized {
            en: text(Language::En),
            zh_tw: text(Language::ZhTw),
            ja: text(Language::Ja),
        }
    }

    /// The same text in every language, for values that are not words (a count, a URL).
    pub fn same(text: impl Into<String>) -> Localized {
        let text = text.into();
        Localized {
            en: text.clone(),
            zh_tw: text.clone(),
            ja: text,
        }
    }
}

/// How the code passes an argument of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// Shown as given; user text stays between its marks for the renderer to escape.
    Text,
    /// A number (given as its decimal digits): shown as given, and a message may choose its
    /// plural form by the language's CLDR rules (`{ $count -> [one] … *[other] … }`).
    Count,
}

/// An argument a message takes: its Fluent name (`$name`) and how the code passes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arg {
    pub name: &'static str,
    pub kind: ArgKind,
}

macro_rules! arg_kind {
    () => {
        ArgKind::Text
    };
    (count) => {
        ArgKind::Count
    };
}

/// Declares the ids of every sentence the bot says and the arguments the code passes to each
/// (`name`, or `name: count` for a number a message may choose a plural form by). Every
/// `data/locales/*.ftl` must define each id using only these arguments, which the catalog
/// loader checks at start-up.
macro_rules! messages {
    ($($variant:ident => $key:literal $(($($arg:ident $(: $kind:ident)?),+))?),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($variant),+ }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$variant),+];

            /// The message's id in the Fluent files.
            pub fn key(self) -> &'static str {
                match self { $(Msg::$variant => $key),+ }
            }

            /// The arguments the code passes to this message.
            pub fn args(self) -> &'static [Arg] {
                match self {
                    $(Msg::$variant => &[$($(Arg {
                        name: stringify!($arg),
                        kind: arg_kind!($($kind)?),
                    }),+)?]),+
                }
            }
        }
    };
}

messages! {
    ErrorTitle => "error-title",
    ErrorNotACommand => "error-not-a-command",
    ErrorUnknownCommand => "error-unknown-command" (given, commands),
    ErrorDidYouMean => "error-did-you-mean" (suggestion),
    ErrorMissingSubcommand => "error-missing-subcommand" (group, subcommands, example),
    ErrorUnknownSubcommand => "error-unknown-subcommand" (group, given, subcommands),
    ErrorUnknownOption => "error-unknown-option" (command, given, options),
    ErrorMissingOption => "error-missing-option" (command, option, usage),
    ErrorNothingToChange => "error-nothing-to-change" (command, options),
    ErrorDuplicateOption => "error-duplicate-option" (option),
    ErrorOptionSyntax => "error-option-syntax" (given),
    ErrorUnbalancedQuote => "error-unbalanced-quote",
    ErrorInvalidValue => "error-invalid-value" (given, option, expected),
    ErrorEmptyValue => "error-empty-value" (option, expected),
    ErrorTooLong => "error-too-long" (option, max),
    ErrorForbiddenChar => "error-forbidden-char" (option, char),
    ErrorUnknownCountry => "error-unknown-country" (given, known),
    ErrorOutOfRange => "error-out-of-range" (first, last),
    ErrorDueAfterRange => "error-due-after-range" (first, last),
    ErrorAfterRange => "error-after-range" (first, last),
    ErrorRangeBackwards => "error-range-backwards" (from, to),
    ErrorNoStore => "error-no-store",
    ErrorStore => "error-store",
    ErrorDamaged => "error-damaged" (key),
    RefuseNotFound => "refuse-not-found",
    RefuseAgentsOnly => "refuse-agents-only",
    RefuseAdminsOnly => "refuse-admins-only",
    RefuseButton => "refuse-button",
    RefuseNotAContact => "refuse-not-a-contact",
    RefuseOrgExists => "refuse-org-exists",
    RefuseOrgIdTaken => "refuse-org-id-taken" (id, free),
    RefuseRouteRegionMismatch => "refuse-route-region-mismatch" (org, name, org_region, org_region_id, region),
    RefuseCaseNumbersExhausted => "refuse-case-numbers-exhausted",
    RefuseUnknownProduct => "refuse-unknown-product" (product, products),
    RefuseSubmissionWindow => "refuse-submission-window" (region, limited, anytime, opens, closes, when),
    RefuseTodayClosed => "refuse-today-closed" (reason),
    RefuseLanguage => "refuse-language" (region, language, supported),
    RefuseLanguageExcluded => "refuse-language-excluded" (product, language),
    RefuseImpactRequired => "refuse-impact-required",
    RefuseRaiseStep => "refuse-raise-step",
    RefuseLowerCustomer => "refuse-lower-customer",
    RefuseRaiseTooSoon => "refuse-raise-too-soon" (when),
    RefuseSamePriority => "refuse-same-priority",
    RefuseNoEscalation => "refuse-no-escalation" (plan, offered),
    RefuseAlreadyResponded => "refuse-already-responded" (when),
    RefuseClosed => "refuse-closed",
    RefuseNotClosed => "refuse-not-closed",
    RefuseContactLimit => "refuse-contact-limit" (plan, limit: count, product),
    RefuseAlreadyContact => "refuse-already-contact",
    RefuseNotContact => "refuse-not-contact",
    RefusePlanOverLimit => "refuse-plan-over-limit" (plan),
    RefusePlanOverLimitLine => "refuse-plan-over-limit-line" (product, count: count, limit, users),
    ExpectPlan => "expect-plan" (values),
    ExpectPlans => "expect-plans" (values, example),
    ExpectPriority => "expect-priority",
    ExpectRegion => "expect-region" (values),
    ExpectTimezone => "expect-timezone",
    ExpectCountry => "expect-country",
    ExpectInstant => "expect-instant",
    ExpectDate => "expect-date",
    ExpectOrg => "expect-org",
    ExpectNewId => "expect-new-id",
    ExpectProduct => "expect-product",
    ExpectUser => "expect-user",
    ExpectCaseId => "expect-case-id",
    ExpectChannel => "expect-channel",
    ExpectRole => "expect-role",
    HelpRemindersSet => "help-reminders-set",
    HelpRemindersShow => "help-reminders-show",
    RemindersTitle => "reminders-title",
    RemindersSet => "reminders-set" (target, channel, role),
    RemindersNone => "reminders-none",
    RemindersNoneConsole => "reminders-none-console",
    RemindersNoneAsk => "reminders-none-ask",
    RemindersRoute => "reminders-route" (channel, role, language),
    RemindersOnCall => "reminders-oncall" (role),
    RemindersQueue => "reminders-queue" (planned, outbox, messages, rejected),
    ExpectStatus => "expect-status",
    ExpectLanguage => "expect-language",
    ExpectFlag => "expect-flag",
    ExpectPage => "expect-page",
    ExpectText => "expect-text",
    UnitDays => "unit-days" (n),
    UnitHours => "unit-hours" (n),
    UnitMinutes => "unit-minutes" (n),
    UnitSeconds => "unit-seconds" (n),
    Weekdays => "weekdays",
    Months => "months",
    DateFormat => "date-format" (weekday, day, month, year),
    LanguageEn => "language-en",
    LanguageZhTw => "language-zh-tw",
    LanguageJa => "language-ja",
    Paid => "paid",
    Included => "included",
    HoursBusiness => "hours-business",
    Hours24x5 => "hours-24x5",
    CalendarTwentyFourSeven => "calendar-24x7",
    CalendarTwentyFourFive => "calendar-24x5",
    CalendarBusinessHours => "calendar-business-hours",
    CalendarBusinessDays => "calendar-business-days",
    AmountMinutes => "amount-minutes" (n: count),
    AmountHours => "amount-hours" (n: count),
    AmountDays => "amount-days" (n: count),
    EntitlementsTitle => "entitlements-title" (plan),
    CompareTitle => "compare-title",
    CompareAcrossFamilies => "compare-across-families" (families),
    CompareOtherFamily => "compare-other-family" (family, command),
    CompareRepeated => "compare-repeated" (plans, count: count),
    SloTitle => "slo-title",
    SloDefinitions => "slo-definitions",
    HoursTitle => "hours-title",
    HoursLocal => "hours-local" (opens, closes, zone),
    HoursOpenNow => "hours-open-now",
    HoursClosedNow => "hours-closed-now",
    HoursHolidayToday => "hours-holiday-today" (holiday),
    HoursWeekendToday => "hours-weekend-today",
    HoursDayOpen => "hours-day-open" (date, opens, closes),
    HoursDayClosed => "hours-day-closed" (date, reason),
    HoursDaysOffAfter => "hours-days-off-after",
    HoursDaysOffUntil => "hours-days-off-until",
    HoursDayCounting => "hours-day-counting" (targets),
    HoursEveryPlan => "hours-every-plan",
    HoursDayTarget => "hours-day-target" (priority, calendar, plans),
    HoursNextOpen => "hours-next-open" (when),
    HoursNextClose => "hours-next-close" (when),
    HoursLanguages => "hours-languages" (languages),
    HoursNoHolidayData => "hours-no-holiday-data",
    DueTitle => "due-title",
    DueAt => "due-at" (when),
    DueTarget => "due-target",
    DueSubmitted => "due-submitted",
    DueCalendar => "due-calendar",
    DueHolidaysFrom => "due-holidays-from" (country),
    DueNoHolidays => "due-no-holidays",
    DueSegments => "due-segments",
    DueSkipped => "due-skipped",
    DueWeekend => "due-weekend",
    DueHoliday => "due-holiday" (holiday),
    DueExtraHoliday => "due-extra-holiday",
    DueSkippedDay => "due-skipped-day",
    DueStartsAtOpening => "due-starts-at-opening",
    DueNoHolidayData => "due-no-holiday-data",
    FeaturesTitle => "features-title" (plan),
    FeaturesAllTitle => "features-all-title",
    FeaturesNone => "features-none" (plan, id),
    FeaturesMore => "features-more",
    ResourcesTitle => "resources-title",
    HelpTitle => "help-title",
    HelpIntro => "help-intro",
    HelpEntitlements => "help-entitlements",
    HelpCompare => "help-compare",
    HelpSlo => "help-slo",
    HelpHours => "help-hours",
    HelpDue => "help-due",
    HelpFeatures => "help-features",
    HelpResources => "help-resources",
    HelpSupportUrgent => "help-support-urgent",
    HelpSupportCoverage => "help-support-coverage",
    HelpSupportEscalation => "help-support-escalation",
    HelpSupportPhone => "help-support-phone",
    HelpSupportProducts => "help-support-products",
    SupportUrgentTitle => "support-urgent-title",
    SupportUrgentText => "support-urgent-text",
    SupportUrgentStatus => "support-urgent-status",
    SupportCoverageTitle => "support-coverage-title",
    SupportCoverageText => "support-coverage-text",
    SupportEscalationTitle => "support-escalation-title",
    SupportEscalationText => "support-escalation-text",
    SupportPhoneTitle => "support-phone-title",
    SupportPhoneText => "support-phone-text",
    SupportNext => "support-next",
    SupportProductsTitle => "support-products-title",
    SupportProductsText => "support-products-text",
    SupportProductUnknown => "support-product-unknown" (product),
    SupportProductAsWritten => "support-product-as-written",
    SupportProductLanguageExcluded => "support-product-language-excluded" (region, language),
    HelpHelp => "help-help",
    HelpOrgAdd => "help-org-add",
    HelpOrgShow => "help-org-show",
    HelpOrgSet => "help-org-set",
    HelpOrgList => "help-org-list",
    HelpContactsAdd => "help-contacts-add",
    HelpContactsRemove => "help-contacts-remove",
    HelpContactsList => "help-contacts-list",
    HelpCaseFile => "help-case-file",
    HelpCaseShow => "help-case-show",
    HelpCaseList => "help-case-list",
    HelpCaseRespond => "help-case-respond",
    HelpCaseNote => "help-case-note",
    HelpCasePriority => "help-case-priority",
    HelpCaseEscalate => "help-case-escalate",
    HelpCaseClose => "help-case-close",
    HelpCaseReopen => "help-case-reopen",
    HelpStats => "help-stats",
    HelpCase => "help-case",
    HelpContacts => "help-contacts",
    HelpOrg => "help-org",
    HelpReminders => "help-reminders",
    HelpSupport => "help-support",
    CommandCase => "command-case",
    CommandCaseClose => "command-case-close",
    CommandCaseEscalate => "command-case-escalate",
    CommandCaseFile => "command-case-file",
    CommandCaseList => "command-case-list",
    CommandCaseNote => "command-case-note",
    CommandCasePriority => "command-case-priority",
    CommandCaseReopen => "command-case-reopen",
    CommandCaseRespond => "command-case-respond",
    CommandCaseShow => "command-case-show",
    CommandCompare => "command-compare",
    CommandContacts => "command-contacts",
    CommandContactsAdd => "command-contacts-add",
    CommandContactsList => "command-contacts-list",
    CommandContactsRemove => "command-contacts-remove",
    CommandDue => "command-due",
    CommandEntitlements => "command-entitlements",
    CommandFeatures => "command-features",
    CommandHelp => "command-help",
    CommandHours => "command-hours",
    CommandOrg => "command-org",
    CommandOrgAdd => "command-org-add",
    CommandOrgList => "command-org-list",
    CommandOrgSet => "command-org-set",
    CommandOrgShow => "command-org-show",
    CommandReminders => "command-reminders",
    CommandRemindersSet => "command-reminders-set",
    CommandRemindersShow => "command-reminders-show",
    CommandResources => "command-resources",
    CommandSlo => "command-slo",
    CommandStats => "command-stats",
    CommandSupport => "command-support",
    CommandSupportCoverage => "command-support-coverage",
    CommandSupportEscalation => "command-support-escalation",
    CommandSupportPhone => "command-support-phone",
    CommandSupportProducts => "command-support-products",
    CommandSupportUrgent => "command-support-urgent",
    OptionAccountSupportLead => "option-account-support-lead",
    OptionApplyToOpen => "option-apply-to-open",
    OptionAt => "option-at",
    OptionBreaching => "option-breaching",
    OptionChannel => "option-channel",
    OptionCountry => "option-country",
    OptionDate => "option-date",
    OptionUntil => "option-until",
    OptionDescription => "option-description",
    OptionEscalationContact => "option-escalation-contact",
    OptionFrom => "option-from",
    OptionId => "option-id",
    OptionImpact => "option-impact",
    OptionLanguage => "option-language",
    OptionName => "option-name",
    OptionNewId => "option-new-id",
    OptionNote => "option-note",
    OptionOncallRole => "option-oncall-role",
    OptionOrg => "option-org",
    OptionPage => "option-page",
    OptionPlan => "option-plan",
    OptionPlans => "option-plans",
    OptionPriority => "option-priority",
    OptionProduct => "option-product",
    OptionProducts => "option-products",
    OptionReason => "option-reason",
    OptionRegion => "option-region",
    OptionRequester => "option-requester",
    OptionRole => "option-role",
    OptionStatus => "option-status",
    OptionText => "option-text",
    OptionTimezone => "option-timezone",
    OptionTitle => "option-title",
    OptionTo => "option-to",
    OptionUser => "option-user",
    AboutAccountSupportLead => "about-account-support-lead",
    AboutApplyToOpen => "about-apply-to-open",
    AboutAt => "about-at",
    AboutBreaching => "about-breaching",
    AboutCaseId => "about-case-id",
    AboutChannel => "about-channel",
    AboutCountry => "about-country",
    AboutDate => "about-date",
    AboutUntil => "about-until",
    AboutDescription => "about-description",
    AboutEscalationContact => "about-escalation-contact",
    AboutFrom => "about-from",
    AboutImpact => "about-impact",
    AboutLanguageFile => "about-language-file",
    AboutLanguageSet => "about-language-set",
    AboutName => "about-name",
    AboutNewId => "about-new-id",
    AboutNote => "about-note",
    AboutOncallRole => "about-oncall-role",
    AboutOrg => "about-org",
    AboutOrgCases => "about-org-cases",
    AboutOrgFilter => "about-org-filter",
    AboutOrgReminders => "about-org-reminders",
    AboutOrgYours => "about-org-yours",
    AboutPage => "about-page",
    AboutPlan => "about-plan",
    AboutPlanAll => "about-plan-all",
    AboutPlanOwn => "about-plan-own",
    AboutPlanNew => "about-plan-new",
    AboutPlans => "about-plans",
    AboutPriority => "about-priority",
    AboutPriorityAll => "about-priority-all",
    AboutPriorityFilter => "about-priority-filter",
    AboutPriorityNew => "about-priority-new",
    AboutProduct => "about-product",
    AboutProductFilter => "about-product-filter",
    AboutProducts => "about-products",
    AboutReasonEscalate => "about-reason-escalate",
    AboutReasonPriority => "about-reason-priority",
    AboutRegion => "about-region",
    AboutRegionAll => "about-region-all",
    AboutRegionFilter => "about-region-filter",
    AboutRegionNew => "about-region-new",
    AboutRegionReminders => "about-region-reminders",
    AboutRequester => "about-requester",
    AboutRole => "about-role",
    AboutStatus => "about-status",
    AboutText => "about-text",
    AboutTimezone => "about-timezone",
    AboutTimezoneShow => "about-timezone-show",
    AboutTitle => "about-title",
    AboutTo => "about-to",
    AboutUser => "about-user",
    OrgDefault => "org-default",
    OrgPlan => "org-plan",
    OrgRegion => "org-region",
    OrgTimezone => "org-timezone",
    OrgCountry => "org-country",
    OrgProducts => "org-products",
    OrgEscalationContact => "org-escalation-contact",
    OrgAccountSupportLead => "org-account-support-lead",
    OrgContacts => "org-contacts",
    OrgAudit => "org-audit",
    OrgAdded => "org-added" (name, org),
    OrgUpdated => "org-updated" (org),
    OrgUnchanged => "org-unchanged" (org),
    OrgOpenCasesKeepTerms => "org-open-cases-keep-terms" (n: count),
    OrgOpenCasesMoved => "org-open-cases-moved" (n: count),
    OrgMovedTitle => "org-moved-title",
    OrgMovedCase => "org-moved-case" (case, when, before),
    OrgMovedCaseSame => "org-moved-case-same" (case, when),
    OrgMovedMore => "org-moved-more" (n: count, org),
    OrgListTitle => "org-list-title",
    OrgListEmpty => "org-list-empty",
    ContactsTitle => "contacts-title",
    ContactsAdded => "contacts-added" (user, org, product, count, limit),
    ContactsRemoved => "contacts-removed" (user, org, product, count, limit),
    ContactsLimit => "contacts-limit" (plan, limit: count),
    CaseFiled => "case-filed" (case, when),
    CaseHolidayOnWay => "case-holiday-on-way" (date, holiday),
    CaseMet => "case-met" (margin, calendar, wall),
    CaseMissed => "case-missed" (margin, calendar, wall),
    StatusOpen => "status-open",
    StatusResponded => "status-responded",
    StatusClosed => "status-closed",
    EventFiled => "event-filed",
    EventNote => "event-note" (text),
    EventResponded => "event-responded",
    EventRespondedNote => "event-responded-note" (text),
    EventPriority => "event-priority" (from, to, reason),
    EventEscalated => "event-escalated" (reason),
    EventClosed => "event-closed",
    EventReopened => "event-reopened",
    EventReopenedDue => "event-reopened-due" (when),
    EventTerms => "event-terms" (from, to, when),
    CaseOrg => "case-org",
    CaseProduct => "case-product",
    CasePriority => "case-priority",
    CaseStatus => "case-status",
    CaseLanguage => "case-language",
    CaseRequester => "case-requester",
    CaseSubmitted => "case-submitted",
    CaseDue => "case-due",
    CaseResponse => "case-response",
    CaseImpact => "case-impact",
    CaseDescription => "case-description",
    CaseHistory => "case-history",
    CaseListTitle => "case-list-title" (page),
    CaseListEmpty => "case-list-empty",
    CaseListMore => "case-list-more" (next),
    CaseListMet => "case-list-met",
    CaseListMissed => "case-list-missed",
    CaseListClosedUnanswered => "case-list-closed-unanswered",
    CaseListMetAs => "case-list-met-as" (priority),
    CaseListMissedAs => "case-list-missed-as" (priority),
    CaseResponded => "case-responded" (case),
    CaseNoted => "case-noted" (case),
    CasePriorityChanged => "case-priority-changed" (case, priority, when),
    CasePriorityChangedResponded => "case-priority-changed-responded" (case, priority, verdict),
    CaseEscalated => "case-escalated" (case, channel, user),
    CaseEscalatedNoContact => "case-escalated-no-contact" (case, channel, role, org),
    CaseEscalatedNoChannel => "case-escalated-no-channel" (case),
    CaseEscalatedConsole => "case-escalated-console" (case),
    CaseEscalatedAsk => "case-escalated-ask" (case),
    CaseClosed => "case-closed" (case),
    CaseReopened => "case-reopened" (case),
    CaseReopenedDue => "case-reopened-due" (case, when),
    StatsTitle => "stats-title",
    StatsRange => "stats-range" (from, to),
    StatsEmpty => "stats-empty",
    StatsMet => "stats-met" (met, total),
    StatsLateness => "stats-lateness" (median, worst, median_wall, worst_wall),
    StatsClosedUnanswered => "stats-closed-unanswered" (n),
    ChartTitle => "chart-title",
    ChartRange => "chart-range" (from, to),
    ChartRegion => "chart-region" (region),
    ChartOrg => "chart-org" (org),
    ChartWeek => "chart-week",
    ChartShare => "chart-share",
    ChartTarget => "chart-target" (percent),
    FileUnwritable => "file-unwritable" (file, reason),
    FileUnwritableNoDirectory => "file-unwritable-no-directory" (file, dir),
    FileUnwritableNotDirectory => "file-unwritable-not-directory" (file),
    FileUnwritableDenied => "file-unwritable-denied" (file),
    FileUnwritableReadOnly => "file-unwritable-read-only" (file),
    FileUnwritableDirectory => "file-unwritable-directory" (file),
    FileUnwritableExists => "file-unwritable-exists" (file),
    FileUnwritableFull => "file-unwritable-full" (file),
    CliStatsUnknownOrg => "cli-stats-unknown-org" (org),
    CliStoreCannotOpen => "cli-store-cannot-open" (url, reason, fix),
    CliStoreRefused => "cli-store-refused" (detail),
    CliStoreFixCreateDatabase => "cli-store-fix-create-database",
    CliStoreFixCheckLogin => "cli-store-fix-check-login",
    CliStoreFixFewerConnections => "cli-store-fix-fewer-connections",
    CliStoreFixCheckSettings => "cli-store-fix-check-settings",
    CliStoreFixStartServer => "cli-store-fix-start-server",
    CliStoreFixCheckUrl => "cli-store-fix-check-url",
    ReminderHeader => "reminder-header" (count: count),
    ReminderUsed => "reminder-used" (percent),
    ReminderBefore => "reminder-before" (minutes),
    ReminderBreach => "reminder-breach",
    ReminderEscalation => "reminder-escalation",
    ReminderEscalated => "reminder-escalated",
    ReminderEscalatedByCustomer => "reminder-escalated-by-customer" (by, reason),
    ReminderEscalatedBySupport => "reminder-escalated-by-support" (by, reason),
    ReminderOffline => "reminder-offline",
    ReminderLeft => "reminder-left" (duration),
    ReminderOverdue => "reminder-overdue" (duration),
    ConsoleWelcome => "console-welcome",
    ConsoleSpeakingAs => "console-speaking-as" (role, user),
    ConsoleAsUsage => "console-as-usage",
    ConsoleTryAs => "console-try-as" (role),
    AskTryAs => "ask-try-as" (role),
    ConsoleSmallTalk => "console-small-talk",
    RelativeFuture => "relative-future" (duration),
    RelativePast => "relative-past" (duration),
    RelativeNow => "relative-now",
    ListSeparator => "list-separator",
}

impl Msg {
    fn arg(self, name: &str) -> Option<ArgKind> {
        self.args()
            .iter()
            .find(|arg| arg.name == name)
            .map(|arg| arg.kind)
    }
}

/// The file of a language's sentences, relative to the catalog's root.
pub fn locale_file(language: Language) -> String {
    format!("locales/{}.ftl", language.as_str())
}

/// The functions a message may call: Fluent's built-ins.
const FUNCTIONS: &[&str] = &["NUMBER"];

/// The variant keys that name a CLDR plural category.
const PLURAL_CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// Every sentence of `Msg`, in every language.
#[derive(Clone)]
pub struct Messages {
    /// Indexed by `Language::index`.
    locales: Arc<[Locale]>,
}

struct Locale {
    bundle: FluentBundle<FluentResource>,
    /// Each message as written, its arguments shown as `{name}`: what `get` returns.
    shown: HashMap<Msg, String>,
}

impl fmt::Debug for Messages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Messages")
            .field("languages", &self.locales.len())
            .field("messages", &Msg::ALL.len())
            .finish()
    }
}

/// What is wrong with a language's message file: in which language, at which message id (or
/// line), and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {key}: {problem}", locale_file(*language))]
pub struct MessagesError {
    pub language: Language,
    pub key: String,
    pub problem: Problem,
}

/// Why a message file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("not Fluent syntax: {0}")]
    Syntax(String),
    #[error("missing: the bot says this message, so every language must define it")]
    Missing,
    #[error("not a message the bot says (a typo?)")]
    Unknown,
    #[error("defined twice")]
    Duplicate,
    #[error("has no text")]
    NoText,
    #[error("uses `${name}`, which the code does not pass (it passes: {passed})")]
    UnknownArgument { name: String, passed: String },
    #[error(
        "chooses a plural form of `${0}`, which the code passes as text: declare it `{0}: count` in `Msg` and pass a number"
    )]
    NotACount(String),
    #[error("calls {0}(), which is not a function the bot provides (it provides: NUMBER)")]
    UnknownFunction(String),
    #[error("refers to `{0}`, which the file does not define")]
    UnknownReference(String),
    #[error("{0}")]
    Fluent(String),
}

impl Messages {
    /// Parses and checks the Fluent source of every language: each defines every `Msg` and
    /// nothing else, and a message uses only the arguments the code passes to it.
    pub fn from_ftl<'s>(source: impl Fn(Language) -> &'s str) -> Result<Messages, MessagesError> {
        let locales = Language::ALL
            .iter()
            .map(|&language| Locale::load(language, source(language)))
            .collect::<Result<Arc<[Locale]>, MessagesError>>()?;
        Ok(Messages { locales })
    }

    /// A message without arguments. A message with arguments comes as written, each argument
    /// shown as `{name}` (and a plural choice in its `other` form); say it with `format`.
    pub fn get(&self, msg: Msg, language: Language) -> &str {
        // `from_ftl` admitted only a complete set, so every id is present.
        self.locale(language)
            .shown
            .get(&msg)
            .map_or(msg.key(), String::as_str)
    }

    /// The message with its arguments, substituted once by Fluent: a value is never read as
    /// a template, so text that looks like a placeholder (`{expected}`, `{ $x }` typed by a
    /// user) stays as it is. Pass every argument `Msg::args` declares, counts as digits.
    pub fn format(&self, msg: Msg, language: Language, args: &[(&str, &str)]) -> String {
        let mut values = FluentArgs::with_capacity(args.len());
        for &(name, value) in args {
            let value = match msg.arg(name) {
                Some(ArgKind::Count) => match FluentValue::try_number(value) {
                    FluentValue::Number(n) => FluentValue::Number(n),
                    text => {
                        misuse(msg, name, "a count that is not a number");
                        text
                    }
                },
                Some(ArgKind::Text) => FluentValue::from(value),
                None => {
                    misuse(msg, name, "an argument the message does not declare");
                    FluentValue::from(value)
                }
            };
            values.set(name, value);
        }
        for arg in msg.args() {
            if !args.iter().any(|(name, _)| *name == arg.name) {
                misuse(msg, arg.name, "a declared argument is not passed");
            }
        }
        self.locale(language).format(msg, &values)
    }

    fn locale(&self, language: Language) -> &Locale {
        &self.locales[language.index()]
    }
}

/// A call that breaks the contract `Msg::args` states: a fault of the code, never of the user,
/// so tests stop at it and a release logs it and answers as well as it can.
fn misuse(msg: Msg, argument: &str, what: &str) {
    tracing::error!(message = msg.key(), argument, "{what}");
    debug_assert!(false, "{}: `{argument}`: {what}", msg.key());
}

impl Locale {
    fn load(language: Language, source: &str) -> Result<Locale, MessagesError> {
        let error = |key: &str, problem: Problem| MessagesError {
            language,
            key: key.to_owned(),
            problem,
        };
        let resource = FluentResource::try_new(source.to_owned()).map_err(|(_, errors)| {
            let first = errors.first();
            let at = first.map_or(0, |e| e.pos.start.min(source.len()));
            let line = source[..at].matches('\n').count() + 1;
            error(
                &format!("line {line}"),
                Problem::Syntax(first.map(ToString::to_string).unwrap_or_default()),
            )
        })?;
        check(&resource).map_err(|(key, problem)| error(&key, problem))?;
        let locale_id = language
            .as_str()
            .parse::<unic_langid::LanguageIdentifier>()
            .map_err(|e| error("(file)", Problem::Fluent(e.to_string())))?;
        let mut bundle = FluentBundle::new_concurrent(vec![locale_id]);
        // Isolation marks (U+2068…U+2069) around every argument would reach Discord and the
        // terminal as invisible characters inside copyable values (`/case show id:…`).
        bundle.set_use_isolating(false);
        bundle
            .add_builtins()
            .map_err(|e| error("(file)", Problem::Fluent(e.to_string())))?;
        bundle.add_resource(resource).map_err(|errors| {
            let reason = errors.iter().map(ToString::to_string).collect::<Vec<_>>();
            error("(file)", Problem::Fluent(reason.join("; ")))
        })?;
        let mut locale = Locale {
            bundle,
            shown: HashMap::with_capacity(Msg::ALL.len()),
        };
        for &msg in Msg::ALL {
            let mut values = FluentArgs::with_capacity(msg.args().len());
            for arg in msg.args() {
                values.set(arg.name, format!("{{{}}}", arg.name));
            }
            let text = locale
                .render(msg, &values)
                .map_err(|reason| error(msg.key(), Problem::Fluent(reason)))?;
            if text.trim().is_empty() {
                return Err(error(msg.key(), Problem::NoText));
            }
            locale.shown.insert(msg, text);
        }
        Ok(locale)
    }

    fn render(&self, msg: Msg, values: &FluentArgs<'_>) -> Result<String, String> {
        let pattern = self
            .bundle
            .get_message(msg.key())
            .and_then(|message| message.value())
            .ok_or_else(|| "has no text".to_owned())?;
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(values), &mut errors)
            .into_owned();
        match errors.first() {
            None => Ok(text),
            Some(error) => Err(error.to_string()),
        }
    }

    fn format(&self, msg: Msg, values: &FluentArgs<'_>) -> String {
        self.render(msg, values).unwrap_or_else(|reason| {
            tracing::error!(message = msg.key(), %reason, "a message could not be formatted");
            debug_assert!(false, "{}: {reason}", msg.key());
            msg.key().to_owned()
        })
    }
}

/// Every message of `Msg` once and nothing else; each uses only the arguments, functions and
/// references it may. Returns the id (or entry) and the problem.
fn check(resource: &FluentResource) -> Result<(), (String, Problem)> {
    let mut messages: HashMap<&str, &ast::Message<&str>> = HashMap::new();
    let mut terms: HashSet<&str> = HashSet::new();
    for entry in resource.entries() {
        let repeated = match entry {
            ast::Entry::Message(message) => messages
                .insert(message.id.name, message)
                .is_some()
                .then(|| message.id.name.to_owned()),
            ast::Entry::Term(term) => {
                (!terms.insert(term.id.name)).then(|| format!("-{}", term.id.name))
            }
            _ => None,
        };
        if let Some(id) = repeated {
            return Err((id, Problem::Duplicate));
        }
    }
    for &msg in Msg::ALL {
        if !messages.contains_key(msg.key()) {
            return Err((msg.key().to_owned(), Problem::Missing));
        }
    }
    let known: HashSet<&str> = Msg::ALL.iter().map(|msg| msg.key()).collect();
    if let Some(unknown) = messages.keys().filter(|id| !known.contains(*id)).min() {
        return Err(((*unknown).to_owned(), Problem::Unknown));
    }
    for &msg in Msg::ALL {
        let fail = |problem| Err((msg.key().to_owned(), problem));
        let mut uses = Uses::default();
        uses.message(msg.key(), &messages);
        if let Some(id) = uses.missing.first() {
            return fail(Problem::UnknownReference((*id).to_owned()));
        }
        if let Some(id) = uses.terms.iter().find(|id| !terms.contains(*id)) {
            return fail(Problem::UnknownReference(format!("-{id}")));
        }
        if let Some(name) = uses.functions.iter().find(|f| !FUNCTIONS.contains(f)) {
            return fail(Problem::UnknownFunction((*name).to_owned()));
        }
        for name in &uses.variables {
            if msg.arg(name).is_none() {
                let passed = msg.args().iter().map(|arg| arg.name).collect::<Vec<_>>();
                return fail(Problem::UnknownArgument {
                    name: (*name).to_owned(),
                    passed: if passed.is_empty() {
                        "nothing".to_owned()
                    } else {
                        passed.join(", ")
                    },
                });
            }
        }
        if let Some(name) = uses
            .numbers
            .iter()
            .find(|name| msg.arg(name) == Some(ArgKind::Text))
        {
            return fail(Problem::NotACount((*name).to_owned()));
        }
    }
    Ok(())
}

/// What a message's text refers to, through the messages it includes (they see its arguments).
#[derive(Default)]
struct Uses<'s> {
    variables: Vec<&'s str>,
    /// Variables read as numbers: chosen among plural categories, or given to `NUMBER`.
    numbers: Vec<&'s str>,
    functions: Vec<&'s str>,
    terms: Vec<&'s str>,
    missing: Vec<&'s str>,
    visited: HashSet<&'s str>,
}

impl<'s> Uses<'s> {
    fn message(&mut self, id: &'s str, messages: &HashMap<&str, &'s ast::Message<&'s str>>) {
        if !self.visited.insert(id) {
            return;
        }
        let Some(message) = messages.get(id) else {
            self.missing.push(id);
            return;
        };
        let mut included = Vec::new();
        for pattern in message
            .value
            .iter()
            .chain(message.attributes.iter().map(|a| &a.value))
        {
            self.pattern(pattern, &mut included);
        }
        for id in included {
            self.message(id, messages);
        }
    }

    fn pattern(&mut self, pattern: &'s ast::Pattern<&'s str>, included: &mut Vec<&'s str>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                self.expression(expression, included);
            }
        }
    }

    fn expression(
        &mut self,
        expression: &'s ast::Expression<&'s str>,
        included: &mut Vec<&'s str>,
    ) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                let plural = variants.iter().any(|variant| {
                    matches!(variant.key, ast::VariantKey::Identifier { name } if PLURAL_CATEGORIES.contains(&name))
                });
                if let (true, ast::InlineExpression::VariableReference { id }) = (plural, selector)
                {
                    self.numbers.push(id.name);
                }
                self.inline(selector, included);
                for variant in variants {
                    self.pattern(&variant.value, included);
                }
            }
            ast::Expression::Inline(inline) => self.inline(inline, included),
        }
    }

    fn inline(&mut self, inline: &'s ast::InlineExpression<&'s str>, included: &mut Vec<&'s str>) {
        match inline {
            ast::InlineExpression::StringLiteral { .. }
            | ast::InlineExpression::NumberLiteral { .. } => {}
            ast::InlineExpression::FunctionReference { id, arguments } => {
                self.functions.push(id.name);
                if id.name == "NUMBER" {
                    for argument in &arguments.positional {
                        if let ast::InlineExpression::VariableReference { id } = argument {
                            self.numbers.push(id.name);
                        }
                    }
                }
                self.arguments(arguments, included);
            }
            ast::InlineExpression::MessageReference { id, .. } => included.push(id.name),
            // A term's own text sees only the arguments it is given here, not the message's.
            ast::InlineExpression::TermReference { id, arguments, .. } => {
                self.terms.push(id.name);
                if let Some(arguments) = arguments {
                    self.arguments(arguments, included);
                }
            }
            ast::InlineExpression::VariableReference { id } => self.variables.push(id.name),
            ast::InlineExpression::Placeable { expression } => {
                self.expression(expression, included)
            }
        }
    }

    fn arguments(
        &mut self,
        arguments: &'s ast::CallArguments<&'s str>,
        included: &mut Vec<&'s str>,
    ) {
        for argument in arguments
            .positional
            .iter()
            .chain(arguments.named.iter().map(|named| &named.value))
        {
            self.inline(argument, included);
        }
    }
}

/// `template` with its `{name}` placeholders replaced in one pass, for the chat transports' own
/// texts (`data/intents.toml`): a value is never read again, so text that looks like a
/// placeholder stays as it is, and a placeholder without a value is left as written.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let value = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        match value(name) {
            Some(v) => out.push_str(v),
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

mod unwritable;
pub use unwritable::{Unwritable, unwritable};

#[cfg(test)]
mod tests;
