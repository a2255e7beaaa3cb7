//! Turning fired reminders into messages: routed per channel, collapsed per case, packed into
//! digests within Discord's limits, in the channel's language. Pure: everything it needs comes
//! in as arguments.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use crate::domain::case::{Case, CaseId, EventKind};
use crate::domain::catalog::{Catalog, HolidayCountry};
use crate::domain::ids::{CalendarKind, Language, Priority, RegionId};
use crate::domain::org::{Organisation, Role};
use crate::domain::reminders::{
    self, Composed, Fired, MARKER_CHARS, MAX_CASE_BUTTONS, Outgoing, Route, Routes, Threshold,
};
use crate::domain::text;
use crate::i18n::Msg;

/// Discord's limit for a message's text (2000), less the marker line the sender appends.
pub const MAX_CONTENT_CHARS: usize = 2000 - MARKER_CHARS;
/// Beyond this many cases, a message lists them in short lines under shared headings.
const COMPACT_AFTER: usize = 15;
/// How much of a case title a reminder line shows.
const TITLE_CHARS: usize = 60;
/// A reminder fired later than this after its instant had no bot process running to fire it in
/// time; earlier, a running scheduler's lag [D].
const FIRED_LATE: TimeDelta = TimeDelta::minutes(1);

/// A fired reminder with the records it reports on, as read when composing.
#[derive(Debug, Clone)]
pub struct Item {
    pub key: u64,
    pub fired: Fired,
    pub case: Option<Case>,
    pub org: Option<Organisation>,
}

/// What composing made of a batch.
#[derive(Debug, Default)]
pub struct Batch {
    pub messages: Vec<Composed>,
    /// Outbox keys the messages cover, or that were stale (case answered or gone meanwhile).
    pub consumed: Vec<u64>,
    /// Outbox keys with no route to any channel: they stay in the outbox.
    pub unroutable: Vec<u64>,
}

/// Who a group of lines pings, in which channel and language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Audience {
    channel: u64,
    role: Option<u64>,
    user: Option<u64>,
    language: Language,
}

/// One case's line in a message, before rendering.
struct Line<'a> {
    case: &'a Case,
    org: &'a Organisation,
    thresholds: Vec<Threshold>,
    offline: bool,
}

pub struct Composer<'a> {
    pub catalog: &'a Catalog,
    pub routes: &'a Routes,
    pub now: DateTime<Utc>,
    /// When this bot process started: reminders due before it, and fired late (by no process
    /// running at their instant, not by another copy sharing the store), were missed while
    /// offline.
    pub started_at: DateTime<Utc>,
    /// Where reminders go when no route names a channel (the console prints everything).
    pub fallback: Option<Route>,
}

impl Composer<'_> {
    pub fn compose(&self, items: Vec<Item>) -> Batch {
        let mut batch = Batch::default();
        let mut groups: BTreeMap<Audience, BTreeMap<CaseId, (Vec<Threshold>, bool)>> =
            BTreeMap::new();
        let mut records: BTreeMap<CaseId, (&Case, &Organisation)> = BTreeMap::new();
        for item in &items {
            let (Some(case), Some(org)) = (&item.case, &item.org) else {
                batch.consumed.push(item.key);
                continue;
            };
            // A closed case is told of no more: not even an escalation recorded before it closed.
            if !reminders::still_wanted(Some(case), item.fired.planned.threshold) {
                batch.consumed.push(item.key);
                continue;
            }
            let audiences = self.audiences(item.fired.planned.threshold, case, org);
            if audiences.is_empty() {
                batch.unroutable.push(item.key);
                continue;
            }
            records.insert(case.id, (case, org));
            let planned = item.fired.planned;
            let offline = planned.fire_at < self.started_at
                && item.fired.fired_at - planned.fire_at > FIRED_LATE;
            for audience in audiences {
                let entry = groups
                    .entry(audience)
                    .or_default()
                    .entry(case.id)
                    .or_default();
                entry.0.push(item.fired.planned.threshold);
                entry.1 |= offline;
            }
            batch.consumed.push(item.key);
        }
        for (audience, cases) in groups {
            let mut lines: Vec<Line<'_>> = cases
                .into_iter()
                .filter_map(|(id, (mut thresholds, offline))| {
                    let (case, org) = records.get(&id)?;
                    thresholds.sort();
                    thresholds.dedup();
                    Some(Line {
                        case,
                        org,
                        thresholds,
                        offline,
                    })
                })
                .collect();
            lines.sort_by_key(|l| (l.case.due_at, l.case.id));
            batch.messages.extend(self.pack(audience, &lines));
        }
        batch
    }

    /// Where a threshold of a case is reported: the organisation's channel, else that of the
    /// region the case was filed under, and for a P1 whose region is closed also the on-call role
    /// of a region that is open now.
    fn audiences(&self, threshold: Threshold, case: &Case, org: &Organisation) -> Vec<Audience> {
        let Some(route) = self.routes.for_case(case, org).or(self.fallback.as_ref()) else {
            return Vec::new();
        };
        let mut audiences = Vec::new();
        if matches!(
            threshold,
            Threshold::Escalation | Threshold::Escalated { .. }
        ) {
            let contact = org.escalation_contact.or(org.account_support_lead);
            audiences.push(Audience {
                channel: route.channel,
                role: if contact.is_some() {
                    None
                } else {
                    Some(route.role)
                },
                user: contact.map(|u| u.0),
                language: route.language,
            });
            return audiences;
        }
        audiences.push(Audience {
            channel: route.channel,
            role: Some(route.role),
            user: None,
            language: route.language,
        });
        let terms = case.terms(org);
        if case.priority == Priority::P1
            && !self.region_open(terms.region, terms.timezone, terms.holiday_country())
        {
            let on_call = self.routes.regions.iter().find(|(region, r)| {
                **region != terms.region
                    && r.oncall_role.is_some()
                    && self.region_open(**region, None, HolidayCountry::RegionDefault)
            });
            if let Some((_, r)) = on_call {
                audiences.push(Audience {
                    channel: r.channel,
                    role: r.oncall_role,
                    user: None,
                    language: r.language,
                });
            }
        }
        audiences
    }

    /// Whether `region` is in business hours now, in the customer's `zone` and holidays.
    fn region_open(&self, region: RegionId, zone: Option<Tz>, country: HolidayCountry) -> bool {
        self.catalog
            .calendar(region, zone, country, &[])
            .ok()
            .and_then(|c| c.is_open(CalendarKind::BusinessHours, self.now).ok())
            .unwrap_or(false)
    }

    fn t(&self, language: Language, msg: Msg) -> &str {
        self.catalog.messages().get(msg, language)
    }

    /// Between the labels of a line: `, ` in English, `、` in Chinese and Japanese.
    fn separator(&self, language: Language) -> &str {
        self.catalog.messages().get(Msg::ListSeparator, language)
    }

    fn f(&self, language: Language, msg: Msg, args: &[(&str, &str)]) -> String {
        self.catalog.messages().format(msg, language, args)
    }

    /// Lines into messages of at most 2000 characters, each starting with its ping.
    fn pack(&self, audience: Audience, lines: &[Line<'_>]) -> Vec<Composed> {
        let ping = match (audience.user, audience.role) {
            (Some(user), _) => format!("<@{user}>"),
            (None, Some(role)) => format!("<@&{role}>"),
            (None, None) => String::new(),
        };
        let header = self.f(
            audience.language,
            Msg::ReminderHeader,
            &[("count", &lines.len().to_string())],
        );
        let header = format!("{ping} {header}").trim().to_owned();
        // Each entry is one line of text and the (case, threshold) pairs it reports.
        let entries: Vec<(String, Vec<(CaseId, Threshold)>)> = if lines.len() > COMPACT_AFTER {
            self.compact_entries(audience.language, lines)
        } else {
            lines
                .iter()
                .map(|line| {
                    let covers = line.thresholds.iter().map(|t| (line.case.id, *t)).collect();
                    (self.render(audience.language, line), covers)
                })
                .collect()
        };
        let mut messages: Vec<Composed> = Vec::new();
        let mut content = header.clone();
        let mut covers = Vec::new();
        // Entries that report nothing are headings; a message that continues a group repeats
        // its heading so every message reads on its own.
        let mut heading: Option<String> = None;
        for (text, entry_covers) in entries {
            // Counted as Discord will show it: escaping user text may double it.
            if text::rendered_chars_bound(&content) + 1 + text::rendered_chars_bound(&text)
                > MAX_CONTENT_CHARS
            {
                if !covers.is_empty() {
                    messages.push(self.message(audience, &content, std::mem::take(&mut covers)));
                }
                content = header.clone();
                if let (Some(heading), false) = (&heading, entry_covers.is_empty()) {
                    content.push('\n');
                    content.push_str(heading);
                }
            }
            if entry_covers.is_empty() {
                heading = Some(text.clone());
            }
            content.push('\n');
            // A single entry never exceeds the limit: titles are cut short.
            content.push_str(&text);
            covers.extend(entry_covers);
        }
        if !covers.is_empty() {
            messages.push(self.message(audience, &content, covers));
        }
        messages
    }

    /// A storm's digest: cases grouped under one heading per set of thresholds, one short line
    /// each (id, priority, organisation), so two thousand breaches fit in a few dozen messages.
    /// The heading carries what the full lines would repeat: the thresholds and the due range.
    fn compact_entries(
        &self,
        language: Language,
        lines: &[Line<'_>],
    ) -> Vec<(String, Vec<(CaseId, Threshold)>)> {
        let mut groups: BTreeMap<(Vec<Threshold>, bool), Vec<&Line<'_>>> = BTreeMap::new();
        for line in lines {
            groups
                .entry((line.thresholds.clone(), line.offline))
                .or_default()
                .push(line);
        }
        let mut entries = Vec::new();
        for ((thresholds, offline), group) in groups {
            let labels: Vec<String> = thresholds
                .iter()
                .map(|t| self.label(language, *t))
                .collect();
            let (first, last) = match (group.first(), group.last()) {
                (Some(first), Some(last)) => {
                    (first.case.due_at.timestamp(), last.case.due_at.timestamp())
                }
                _ => continue,
            };
            let mut heading = format!(
                "**{}** · <t:{first}:f>",
                labels.join(self.separator(language))
            );
            if last != first {
                heading.push_str(&format!("–<t:{last}:t>"));
            }
            if offline {
                heading.push_str(" · ");
                heading.push_str(self.t(language, Msg::ReminderOffline));
            }
            entries.push((heading, Vec::new()));
            for line in group {
                let covers = line.thresholds.iter().map(|t| (line.case.id, *t)).collect();
                entries.push((
                    format!(
                        "`{}` {} `{}`",
                        line.case.id,
                        line.case.priority.label(),
                        line.org.id
                    ),
                    covers,
                ));
            }
        }
        entries
    }

    fn message(
        &self,
        audience: Audience,
        content: &str,
        covers: Vec<(CaseId, Threshold)>,
    ) -> Composed {
        Composed {
            message: Outgoing {
                channel: audience.channel,
                content: content.chars().take(MAX_CONTENT_CHARS).collect(),
                nonce: String::new(),
                ping_roles: audience
                    .role
                    .filter(|_| audience.user.is_none())
                    .into_iter()
                    .collect(),
                ping_users: audience.user.into_iter().collect(),
                cases: Self::button_cases(&covers),
                language: audience.language,
            },
            covers,
        }
    }

    /// The cases of a message, in order, when they are few enough to each get a row of buttons.
    fn button_cases(covers: &[(CaseId, Threshold)]) -> Vec<CaseId> {
        let mut cases: Vec<CaseId> = Vec::new();
        for (case, _) in covers {
            if !cases.contains(case) {
                cases.push(*case);
            }
        }
        if cases.len() > MAX_CASE_BUTTONS {
            Vec::new()
        } else {
            cases
        }
    }

    fn render(&self, language: Language, line: &Line<'_>) -> String {
        let case = line.case;
        let title = case.title.shortened(TITLE_CHARS);
        let labels: Vec<String> = line
            .thresholds
            .iter()
            .map(|t| match t {
                Threshold::Escalated { n } => self
                    .escalated_by(language, case, *n)
                    .unwrap_or_else(|| self.label(language, *t)),
                _ => self.label(language, *t),
            })
            .collect();
        let unix = case.due_at.timestamp();
        let mut text = format!(
            "`{}` **{}** `{}` {} — {} · {} · <t:{unix}:F> (<t:{unix}:R>)",
            case.id,
            case.priority.label(),
            line.org.id,
            title.shown(),
            labels.join(self.separator(language)),
            self.time_left(language, case, line.org),
        );
        if line.offline {
            text.push_str(" · ");
            text.push_str(self.t(language, Msg::ReminderOffline));
        }
        text
    }

    /// The `n`th escalation of a case (from 1): who escalated, a customer or support, and why.
    fn escalated_by(&self, language: Language, case: &Case, n: u32) -> Option<String> {
        let (by, role, reason) = case
            .history
            .iter()
            .filter_map(|event| match &event.kind {
                EventKind::Escalated {
                    reason,
                    by_role,
                    notice: true,
                    ..
                } => Some((event.by, *by_role, reason)),
                _ => None,
            })
            .nth(usize::try_from(n).ok()?.checked_sub(1)?)?;
        let msg = match role {
            Some(Role::Customer) => Msg::ReminderEscalatedByCustomer,
            _ => Msg::ReminderEscalatedBySupport,
        };
        Some(self.f(
            language,
            msg,
            &[
                ("by", &by.to_string()),
                ("reason", &reason.shortened(TITLE_CHARS).marked()),
            ],
        ))
    }

    fn label(&self, language: Language, threshold: Threshold) -> String {
        match threshold {
            Threshold::Used { permille } => {
                let percent = format!("{}", f64::from(permille) / 10.0);
                self.f(language, Msg::ReminderUsed, &[("percent", &percent)])
            }
            Threshold::Before { minutes } => self.f(
                language,
                Msg::ReminderBefore,
                &[("minutes", &minutes.to_string())],
            ),
            Threshold::Breach => self.t(language, Msg::ReminderBreach).to_owned(),
            Threshold::Escalation => self.t(language, Msg::ReminderEscalation).to_owned(),
            Threshold::Escalated { .. } => self.t(language, Msg::ReminderEscalated).to_owned(),
        }
    }

    /// Time left to the due instant in the target's own time (business time for business
    /// calendars), or how long it is overdue.
    fn time_left(&self, language: Language, case: &Case, org: &Organisation) -> String {
        let terms = case.terms(org);
        let kind = self.catalog.target(terms.plan, case.priority).target.kind;
        let elapsed = |from, to| {
            self.catalog
                .calendar(terms.region, terms.timezone, terms.holiday_country(), &[])
                .ok()
                .and_then(|c| c.elapsed(kind, from, to).ok())
                .unwrap_or_else(TimeDelta::zero)
        };
        if self.now < case.due_at {
            let left = self.duration(language, elapsed(self.now, case.due_at));
            self.f(language, Msg::ReminderLeft, &[("duration", &left)])
        } else {
            let late = self.duration(language, (self.now - case.due_at).max(TimeDelta::zero()));
            self.f(language, Msg::ReminderOverdue, &[("duration", &late)])
        }
    }

    fn duration(&self, language: Language, span: TimeDelta) -> String {
        let minutes = span.num_minutes().max(0);
        let (hours, minutes) = (minutes / 60, minutes % 60);
        let unit = |msg: Msg, n: i64| self.f(language, msg, &[("n", &n.to_string())]);
        match (hours, minutes) {
            (0, m) => unit(Msg::UnitMinutes, m),
            (h, 0) => unit(Msg::UnitHours, h),
            (h, m) => format!("{} {}", unit(Msg::UnitHours, h), unit(Msg::UnitMinutes, m)),
        }
    }
}
