//! Localized texts: the three languages the bot speaks, and the message catalog loaded from
//! `data/messages.toml`.

use std::collections::HashMap;

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

/// Declares the ids of every sentence the bot says; `data/messages.toml` must define each one in
/// every language, which the catalog loader checks at start-up.
macro_rules! messages {
    ($($variant:ident => $key:literal),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($variant),+ }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$variant),+];
            pub fn key(self) -> &'static str {
                match self { $(Msg::$variant => $key),+ }
            }
        }
    };
}

messages! {
    ErrorTitle => "error-title",
    ErrorNotACommand => "error-not-a-command",
    ErrorUnknownCommand => "error-unknown-command",
    ErrorDidYouMean => "error-did-you-mean",
    ErrorMissingSubcommand => "error-missing-subcommand",
    ErrorUnknownOption => "error-unknown-option",
    ErrorMissingOption => "error-missing-option",
    ErrorDuplicateOption => "error-duplicate-option",
    ErrorOptionSyntax => "error-option-syntax",
    ErrorUnbalancedQuote => "error-unbalanced-quote",
    ErrorInvalidValue => "error-invalid-value",
    ErrorTooLong => "error-too-long",
    ErrorForbiddenChar => "error-forbidden-char",
    ErrorUnknownCountry => "error-unknown-country",
    ErrorOutOfRange => "error-out-of-range",
    ErrorNoStore => "error-no-store",
    ErrorStore => "error-store",
    ErrorDamaged => "error-damaged",
    RefuseNotFound => "refuse-not-found",
    RefuseAgentsOnly => "refuse-agents-only",
    RefuseAdminsOnly => "refuse-admins-only",
    RefuseNotAContact => "refuse-not-a-contact",
    RefuseOrgExists => "refuse-org-exists",
    RefuseCaseNumbersExhausted => "refuse-case-numbers-exhausted",
    RefuseUnknownProduct => "refuse-unknown-product",
    RefuseSubmissionWindow => "refuse-submission-window",
    RefuseLanguage => "refuse-language",
    RefuseLanguageExcluded => "refuse-language-excluded",
    RefuseImpactRequired => "refuse-impact-required",
    RefuseRaiseStep => "refuse-raise-step",
    RefuseRaiseTooSoon => "refuse-raise-too-soon",
    RefuseSamePriority => "refuse-same-priority",
    RefuseNoEscalation => "refuse-no-escalation",
    RefuseAlreadyResponded => "refuse-already-responded",
    RefuseClosed => "refuse-closed",
    RefuseNotClosed => "refuse-not-closed",
    RefuseContactLimit => "refuse-contact-limit",
    RefuseAlreadyContact => "refuse-already-contact",
    RefuseNotContact => "refuse-not-contact",
    RefusePlanOverLimit => "refuse-plan-over-limit",
    RefusePlanOverLimitLine => "refuse-plan-over-limit-line",
    ExpectPlan => "expect-plan",
    ExpectPlans => "expect-plans",
    ExpectPriority => "expect-priority",
    ExpectRegion => "expect-region",
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
    RemindersSet => "reminders-set",
    RemindersNone => "reminders-none",
    RemindersRoute => "reminders-route",
    RemindersOnCall => "reminders-oncall",
    RemindersQueue => "reminders-queue",
    ExpectStatus => "expect-status",
    ExpectLanguage => "expect-language",
    ExpectFlag => "expect-flag",
    ExpectPage => "expect-page",
    ExpectText => "expect-text",
    UnitDays => "unit-days",
    UnitHours => "unit-hours",
    UnitMinutes => "unit-minutes",
    UnitSeconds => "unit-seconds",
    Weekdays => "weekdays",
    Months => "months",
    DateFormat => "date-format",
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
    AmountMinute => "amount-minute",
    AmountMinutes => "amount-minutes",
    AmountHour => "amount-hour",
    AmountDay => "amount-day",
    AmountHours => "amount-hours",
    AmountDays => "amount-days",
    EntitlementsTitle => "entitlements-title",
    CompareTitle => "compare-title",
    SloTitle => "slo-title",
    SloDefinitions => "slo-definitions",
    HoursTitle => "hours-title",
    HoursLocal => "hours-local",
    HoursOpenNow => "hours-open-now",
    HoursClosedNow => "hours-closed-now",
    HoursHolidayToday => "hours-holiday-today",
    HoursNextOpen => "hours-next-open",
    HoursNextClose => "hours-next-close",
    HoursLanguages => "hours-languages",
    HoursNoHolidayData => "hours-no-holiday-data",
    DueTitle => "due-title",
    DueAt => "due-at",
    DueTarget => "due-target",
    DueSubmitted => "due-submitted",
    DueCalendar => "due-calendar",
    DueHolidaysFrom => "due-holidays-from",
    DueNoHolidays => "due-no-holidays",
    DueSegments => "due-segments",
    DueSkipped => "due-skipped",
    DueWeekend => "due-weekend",
    DueHoliday => "due-holiday",
    DueExtraHoliday => "due-extra-holiday",
    DueSkippedDay => "due-skipped-day",
    DueStartsAtOpening => "due-starts-at-opening",
    DueNoHolidayData => "due-no-holiday-data",
    FeaturesTitle => "features-title",
    FeaturesAllTitle => "features-all-title",
    FeaturesNone => "features-none",
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
    SupportUrgentTitle => "support-urgent-title",
    SupportUrgentText => "support-urgent-text",
    SupportCoverageTitle => "support-coverage-title",
    SupportCoverageText => "support-coverage-text",
    SupportEscalationTitle => "support-escalation-title",
    SupportEscalationText => "support-escalation-text",
    SupportPhoneTitle => "support-phone-title",
    SupportPhoneText => "support-phone-text",
    SupportNext => "support-next",
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
    OrgAdded => "org-added",
    OrgUpdated => "org-updated",
    OrgOpenCasesKeepTerms => "org-open-cases-keep-terms",
    OrgOpenCasesMoved => "org-open-cases-moved",
    OrgListTitle => "org-list-title",
    OrgListEmpty => "org-list-empty",
    ContactsTitle => "contacts-title",
    ContactsAdded => "contacts-added",
    ContactsRemoved => "contacts-removed",
    ContactsLimit => "contacts-limit",
    CaseFiled => "case-filed",
    CaseHolidayOnWay => "case-holiday-on-way",
    CaseMet => "case-met",
    CaseMissed => "case-missed",
    StatusOpen => "status-open",
    StatusResponded => "status-responded",
    StatusClosed => "status-closed",
    EventFiled => "event-filed",
    EventNote => "event-note",
    EventResponded => "event-responded",
    EventPriority => "event-priority",
    EventEscalated => "event-escalated",
    EventClosed => "event-closed",
    EventReopened => "event-reopened",
    EventTerms => "event-terms",
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
    CaseListTitle => "case-list-title",
    CaseListEmpty => "case-list-empty",
    CaseListMore => "case-list-more",
    CaseResponded => "case-responded",
    CaseNoted => "case-noted",
    CasePriorityChanged => "case-priority-changed",
    CaseEscalated => "case-escalated",
    CaseEscalatedNoContact => "case-escalated-no-contact",
    CaseEscalatedNoChannel => "case-escalated-no-channel",
    CaseClosed => "case-closed",
    CaseReopened => "case-reopened",
    StatsTitle => "stats-title",
    StatsRange => "stats-range",
    StatsEmpty => "stats-empty",
    StatsMet => "stats-met",
    StatsLateness => "stats-lateness",
    StatsClosedUnanswered => "stats-closed-unanswered",
    ReminderHeader => "reminder-header",
    ReminderUsed => "reminder-used",
    ReminderBefore => "reminder-before",
    ReminderBreach => "reminder-breach",
    ReminderEscalation => "reminder-escalation",
    ReminderEscalated => "reminder-escalated",
    ReminderOffline => "reminder-offline",
    ReminderLeft => "reminder-left",
    ReminderOverdue => "reminder-overdue",
    ConsoleWelcome => "console-welcome",
    ConsoleSpeakingAs => "console-speaking-as",
    ConsoleAsUsage => "console-as-usage",
    ConsoleTryAs => "console-try-as",
    RelativeFuture => "relative-future",
    RelativePast => "relative-past",
    RelativeNow => "relative-now",
    ListSeparator => "list-separator",
}

/// Every sentence of `Msg`, in every language.
#[derive(Debug, Clone)]
pub struct Messages {
    texts: HashMap<Msg, Localized>,
}

/// What is wrong with a message file: a missing id, a missing or blank language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessagesError {
    #[error("message `{0}` is missing")]
    Missing(&'static str),
    #[error("message `{key}` has no {language} text")]
    Blank {
        key: &'static str,
        language: Language,
    },
    #[error("message `{0}` is not used by the bot (a typo?)")]
    Unknown(String),
}

impl MessagesError {
    /// The message id the error is about.
    pub fn key(&self) -> &str {
        match self {
            MessagesError::Missing(key) | MessagesError::Blank { key, .. } => key,
            MessagesError::Unknown(key) => key,
        }
    }
}

impl Messages {
    pub fn from_map(mut raw: HashMap<String, Localized>) -> Result<Messages, MessagesError> {
        let mut texts = HashMap::with_capacity(Msg::ALL.len());
        for &msg in Msg::ALL {
            let text = raw
                .remove(msg.key())
                .ok_or(MessagesError::Missing(msg.key()))?;
            if let Some(language) = text.blank_language() {
                return Err(MessagesError::Blank {
                    key: msg.key(),
                    language,
                });
            }
            texts.insert(msg, text);
        }
        if let Some(unknown) = raw.into_keys().min() {
            return Err(MessagesError::Unknown(unknown));
        }
        Ok(Messages { texts })
    }

    pub fn get(&self, msg: Msg, language: Language) -> &str {
        // `from_map` admitted only a complete set, so every id is present.
        self.texts.get(&msg).map_or(msg.key(), |t| t.get(language))
    }

    /// The message with its placeholders filled in, in one pass over the template: a value is
    /// never read again, so text that looks like a placeholder (`{expected}` typed by a user)
    /// stays as it is. `{name}` is the value of `name`; `{name|one|other}` is `one` when the
    /// value is 1 and `other` otherwise (English plurals: `{count} {count|case|cases}`). A
    /// placeholder without a value is left as written.
    pub fn format(&self, msg: Msg, language: Language, args: &[(&str, &str)]) -> String {
        fill(self.get(msg, language), args)
    }
}

/// `template` with its placeholders replaced (see [`Messages::format`]).
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
        let inner = &after[..close];
        let mut parts = inner.split('|');
        let name = parts.next().unwrap_or_default();
        match (value(name), parts.next(), parts.next()) {
            (Some(v), None, None) => out.push_str(v),
            (Some(v), Some(one), Some(other)) => out.push_str(if v == "1" { one } else { other }),
            _ => {
                out.push('{');
                out.push_str(inner);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_never_read_as_placeholders() {
        assert_eq!(
            fill(
                "{given} is not valid: use {expected}.",
                &[("given", "{expected}"), ("expected", "a, b"),]
            ),
            "{expected} is not valid: use a, b."
        );
        assert_eq!(fill("{a}{b}", &[("a", "{b}"), ("b", "x")]), "{b}x");
        assert_eq!(fill("{missing} {", &[]), "{missing} {");
    }

    #[test]
    fn plural_forms_follow_the_count() {
        let t = "{count} {count|case|cases}";
        assert_eq!(fill(t, &[("count", "1")]), "1 case");
        assert_eq!(fill(t, &[("count", "2")]), "2 cases");
        assert_eq!(fill(t, &[("count", "0")]), "0 cases");
        assert_eq!(fill(t, &[("count", "11")]), "11 cases");
    }

    #[test]
    fn discord_locales_map_to_reply_languages() {
        assert_eq!(Language::from_locale("en-US"), Language::En);
        assert_eq!(Language::from_locale("en-GB"), Language::En);
        assert_eq!(Language::from_locale("zh-TW"), Language::ZhTw);
        assert_eq!(Language::from_locale("ja"), Language::Ja);
        assert_eq!(Language::from_locale("zh-CN"), Language::En);
        assert_eq!(Language::from_locale("fr"), Language::En);
        assert_eq!(Language::from_locale(""), Language::En);
    }

    fn complete() -> HashMap<String, Localized> {
        Msg::ALL
            .iter()
            .map(|m| {
                (
                    m.key().to_owned(),
                    Localized::same(format!("{} {{x}}", m.key())),
                )
            })
            .collect()
    }

    #[test]
    fn a_message_file_must_be_complete_and_exact() {
        assert!(Messages::from_map(complete()).is_ok());
        let mut missing = complete();
        missing.remove("paid");
        assert_eq!(
            Messages::from_map(missing).unwrap_err(),
            MessagesError::Missing("paid")
        );
        let mut blank = complete();
        blank.insert(
            "included".into(),
            Localized {
                ja: " ".into(),
                ..Localized::same("x")
            },
        );
        assert_eq!(
            Messages::from_map(blank).unwrap_err(),
            MessagesError::Blank {
                key: "included",
                language: Language::Ja
            }
        );
        let mut extra = complete();
        extra.insert("typo".into(), Localized::same("x"));
        assert_eq!(
            Messages::from_map(extra).unwrap_err(),
            MessagesError::Unknown("typo".into())
        );
    }

    #[test]
    fn placeholders_are_filled() {
        let messages = Messages::from_map(complete()).unwrap();
        assert_eq!(
            messages.format(Msg::Paid, Language::En, &[("x", "1")]),
            "paid 1"
        );
    }
}
