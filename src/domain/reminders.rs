//! Reminder policy and planning: which thresholds a case has and when each fires. Pure: the
//! store keeps the plan, the runtime in `src/reminders` fires it.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use crate::domain::case::{Case, CaseId, EventKind};
use crate::domain::catalog::{Capability, Catalog};
use crate::domain::ids::{CalendarKind, Language, Priority, RegionId};
use crate::domain::org::{OrgId, Organisation};

/// A moment in a case's life that a support team hears about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "at", rename_all = "kebab-case")]
pub enum Threshold {
    /// This many thousandths of the budget are used.
    Used { permille: u16 },
    /// This many minutes before the due instant.
    Before { minutes: u32 },
    /// The due instant passed without an initial response.
    Breach,
    /// After a breach, the organisation's escalation contact hears of it.
    Escalation,
    /// An agent escalated the case (its `n`th escalation, from 1): the escalation contact hears
    /// of it now, whether or not the clock runs.
    Escalated { n: u32 },
}

impl Threshold {
    /// A short stable code: part of message nonces and store keys.
    pub fn code(self) -> String {
        match self {
            Threshold::Used { permille } => format!("u{permille}"),
            Threshold::Before { minutes } => format!("m{minutes}"),
            Threshold::Breach => "b".to_owned(),
            Threshold::Escalation => "e".to_owned(),
            Threshold::Escalated { n } => format!("x{n}"),
        }
    }
}

/// A rule for one calendar kind, optionally for one priority only.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub calendar: CalendarKind,
    pub priority: Option<Priority>,
    pub fractions: Vec<f64>,
    pub minutes_before: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReminderPolicy {
    pub breach: bool,
    pub escalation_after: TimeDelta,
    /// How long Discord is trusted to drop a resend by its nonce; an attempt older than this is
    /// looked for in the channel before the message is sent again.
    pub nonce_window: TimeDelta,
    pub rules: Vec<Rule>,
    pub source: String,
}

impl ReminderPolicy {
    /// The rule for a target: one naming the priority wins over the calendar's general rule.
    pub fn rule(&self, calendar: CalendarKind, priority: Priority) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.calendar == calendar && r.priority == Some(priority))
            .or_else(|| {
                self.rules
                    .iter()
                    .find(|r| r.calendar == calendar && r.priority.is_none())
            })
    }
}

/// One threshold of one case, and when it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Planned {
    pub case: CaseId,
    pub threshold: Threshold,
    pub fire_at: DateTime<Utc>,
}

/// Every threshold of a case whose clock runs, with its instant, and its escalation notices;
/// none once it is closed, only the notices once it is answered. Thresholds that would fall
/// before the submission (30 minutes before a 15-minute target) are left out.
pub fn plan(catalog: &Catalog, org: &Organisation, case: &Case) -> Vec<Planned> {
    // Closing cancels everything still planned, escalation notices included, in the
    // transaction that closes.
    if case.closed_at.is_some() {
        return Vec::new();
    }
    let mut planned = escalation_notices(case);
    if !case.clock_running() {
        return planned;
    }
    let policy = catalog.reminder_policy();
    let terms = case.terms(org);
    let Ok(calendar) = catalog.calendar(terms.region, terms.timezone, terms.holiday_country(), &[])
    else {
        return Vec::new();
    };
    let target = catalog.target(terms.plan, case.priority).target;
    let budget = calendar.budget(&target);
    let pauses = case.ended_pauses();
    // A threshold that fell while the case was closed never fires.
    let mut add = |threshold: Threshold, fire_at: Option<DateTime<Utc>>| {
        if let Some(fire_at) = fire_at.filter(|t| *t > case.submitted_at && !case.paused_at(*t)) {
            planned.push(Planned {
                case: case.id,
                threshold,
                fire_at,
            });
        }
    };
    if let Some(rule) = policy.rule(target.kind, case.priority) {
        for fraction in &rule.fractions {
            let permille = (fraction * 1000.0).round() as u16;
            let used = TimeDelta::milliseconds(
                (budget.num_milliseconds() as f64 * fraction).round() as i64,
            );
            add(
                Threshold::Used { permille },
                calendar
                    .advance_paused(target.kind, case.submitted_at, &pauses, used)
                    .ok(),
            );
        }
        for minutes in &rule.minutes_before {
            add(
                Threshold::Before { minutes: *minutes },
                case.due_at
                    .checked_sub_signed(TimeDelta::minutes(i64::from(*minutes))),
            );
        }
    }
    if policy.breach {
        add(Threshold::Breach, Some(case.due_at));
    }
    if catalog.has(terms.plan, Capability::Escalation) {
        add(
            Threshold::Escalation,
            case.due_at.checked_add_signed(policy.escalation_after),
        );
    }
    planned
}

/// A notice for each escalation an agent recorded, due when it was recorded. Each is a
/// threshold of its own, so it is delivered once, with a stable nonce, through the same durable
/// outbox as reminders.
fn escalation_notices(case: &Case) -> Vec<Planned> {
    case.history
        .iter()
        .filter_map(|event| match event.kind {
            EventKind::Escalated { notice: true, .. } => Some(event.at),
            _ => None,
        })
        .zip(1..)
        .map(|(at, n)| Planned {
            case: case.id,
            threshold: Threshold::Escalated { n },
            fire_at: at,
        })
        .collect()
}

/// Whether a fired threshold is still worth telling: its case exists and is not closed, and
/// its clock runs, unless it is an agent's escalation notice (told whether or not the clock
/// runs). The composer drops an outbox entry by it, and the store a staged message none of whose
/// (case, threshold) pairs is wanted when the sender records its attempt.
pub fn still_wanted(case: Option<&Case>, threshold: Threshold) -> bool {
    case.is_some_and(|case| {
        case.closed_at.is_none()
            && (case.clock_running() || matches!(threshold, Threshold::Escalated { .. }))
    })
}

/// A planned threshold that came due, waiting in the outbox to be composed into a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fired {
    pub planned: Planned,
    pub fired_at: DateTime<Utc>,
}

/// Where a region's (or one organisation's) reminders go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    pub channel: u64,
    /// The role pinged; the only mention the message may make.
    pub role: u64,
    pub language: Language,
    /// Pinged for P1 cases of regions that are closed when a reminder fires (follow the sun).
    #[serde(default)]
    pub oncall_role: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routes {
    #[serde(default)]
    pub regions: BTreeMap<RegionId, Route>,
    #[serde(default)]
    pub orgs: BTreeMap<OrgId, Route>,
}

impl Routes {
    /// Where a case's reminders and notices go: its organisation's own route, else the route of
    /// the region the case is worked under (its terms), never the organisation's current one.
    pub fn for_case(&self, case: &Case, org: &Organisation) -> Option<&Route> {
        self.orgs
            .get(&org.id)
            .or_else(|| self.regions.get(&case.terms(org).region))
    }

    /// Takes every route of `restored` (a backup's), and returns the regions and organisations
    /// whose route here was set to something else before (their ids, as written).
    pub fn restore(&mut self, restored: &Routes) -> Vec<String> {
        let mut collisions = Vec::new();
        for (region, route) in &restored.regions {
            if self
                .regions
                .insert(*region, *route)
                .is_some_and(|old| old != *route)
            {
                collisions.push(region.as_str().to_owned());
            }
        }
        for (org, route) in &restored.orgs {
            if self
                .orgs
                .insert(org.clone(), *route)
                .is_some_and(|old| old != *route)
            {
                collisions.push(org.to_string());
            }
        }
        collisions
    }
}

/// A reminder message ready to send: one channel, one language, who it may ping, and which
/// (case, threshold) pairs it reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outgoing {
    pub channel: u64,
    /// Plain text within Discord's 2000 characters, in the channel's language.
    pub content: String,
    /// Stable across retries and restarts, at most 25 characters: Discord drops a second
    /// message with the same nonce (`enforce_nonce`).
    pub nonce: String,
    /// The only roles this message may ping (allowed_mentions lists exactly these).
    pub ping_roles: Vec<u64>,
    /// The only users this message may ping (an escalation contact).
    pub ping_users: Vec<u64>,
    /// The cases this message offers buttons for ("Mark responded", "Show case"): those of a
    /// short message; a digest's cases are too many for Discord's five rows of buttons.
    #[serde(default)]
    pub cases: Vec<CaseId>,
    /// The channel's language, for the button labels.
    #[serde(default = "english")]
    pub language: Language,
}

fn english() -> Language {
    Language::En
}

/// The longest nonce a message may carry (Discord's limit).
pub const MAX_NONCE_CHARS: usize = 25;
/// Room the marker line takes at the end of a message: a line break, `-# ` and the nonce.
pub const MARKER_CHARS: usize = 1 + 3 + MAX_NONCE_CHARS;

impl Outgoing {
    /// The text as posted: the composed content, then the nonce on a last line of Discord's
    /// small grey subtext. Discord returns a message's nonce only in the answer to the request
    /// that created it, never in the channel's history; this line is how a sender that lost the
    /// answer recognises its own message there.
    pub fn marked_content(&self) -> String {
        format!("{}\n-# {}", self.content, self.nonce)
    }

    /// Whether `posted` (a message's text from the channel's history) is this message.
    pub fn is_marked_in(&self, posted: &str) -> bool {
        posted
            .rsplit_once('\n')
            .is_some_and(|(_, last)| last.strip_prefix("-# ") == Some(self.nonce.as_str()))
    }
}

/// Whether a message attempted last at `last_attempt` must first be looked for in its channel:
/// Discord drops a resend with the same nonce only within `window` of the first message, so an
/// older attempt may have been accepted and would not be de-duplicated any more. An attempt
/// after `now` (the clock was set back) cannot be placed, so it is looked up too.
pub fn needs_lookup(
    last_attempt: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    window: TimeDelta,
) -> bool {
    last_attempt.is_some_and(|at| {
        let age = now.signed_duration_since(at);
        age >= window || age < TimeDelta::zero()
    })
}

/// Discord shows at most five rows of buttons: one row per case.
pub const MAX_CASE_BUTTONS: usize = 5;

/// A composed message before the store gives it its nonce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub message: Outgoing,
    pub covers: Vec<(CaseId, Threshold)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restored_route_that_differs_from_the_stores_is_a_collision() {
        let route = |channel| Route {
            channel,
            role: 7,
            language: Language::En,
            oncall_role: None,
        };
        let emea = RegionId::declare("routes-test-emea").unwrap();
        let apac = RegionId::declare("routes-test-apac").unwrap();
        let acme: OrgId = "acme".parse().unwrap();
        let mut here = Routes::default();
        here.regions.insert(emea, route(1));
        here.regions.insert(apac, route(2));
        here.orgs.insert(acme.clone(), route(3));
        let mut backup = Routes::default();
        backup.regions.insert(emea, route(1));
        backup.regions.insert(apac, route(20));
        backup.orgs.insert(acme.clone(), route(30));
        let collisions = here.restore(&backup);
        assert_eq!(collisions, ["routes-test-apac", "acme"]);
        assert_eq!(here.regions[&apac], route(20));
        assert_eq!(here.orgs[&acme], route(30));
        assert!(Routes::default().restore(&backup).is_empty());
    }

    fn message(content: &str, nonce: &str) -> Outgoing {
        Outgoing {
            channel: 1,
            content: content.to_owned(),
            nonce: nonce.to_owned(),
            ping_roles: vec![],
            ping_users: vec![],
            cases: vec![],
            language: Language::Ja,
        }
    }

    #[test]
    fn the_marker_is_the_last_line_and_names_one_nonce_only() {
        let sent = message("CASE-000001 の期限\n二行目", "r1-u500");
        let posted = sent.marked_content();
        assert_eq!(posted, "CASE-000001 の期限\n二行目\n-# r1-u500");
        assert!(sent.is_marked_in(&posted));
        assert!(!message("x", "r1-u50").is_marked_in(&posted), "a prefix");
        assert!(!message("x", "1-u500").is_marked_in(&posted), "a suffix");
        assert!(!sent.is_marked_in("-# r1-u500"), "no text above the marker");
        assert!(
            !sent.is_marked_in(&format!("{posted}\nmore")),
            "not the last line"
        );
        assert!(!sent.is_marked_in("CASE-000001 r1-u500"));
    }

    #[test]
    fn the_marker_fits_in_the_room_left_for_it() {
        let nonce = "r4294967295-u1000";
        assert!(nonce.chars().count() <= MAX_NONCE_CHARS);
        let sent = message("", nonce);
        assert!(sent.marked_content().chars().count() <= MARKER_CHARS);
    }

    #[test]
    fn only_an_attempt_older_than_the_window_is_looked_up() {
        let now = DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default();
        let window = TimeDelta::seconds(60);
        assert!(!needs_lookup(None, now, window), "never attempted");
        assert!(!needs_lookup(
            Some(now - TimeDelta::seconds(59)),
            now,
            window
        ));
        assert!(needs_lookup(
            Some(now - TimeDelta::seconds(60)),
            now,
            window
        ));
        assert!(needs_lookup(Some(now - TimeDelta::days(3)), now, window));
        assert!(!needs_lookup(Some(now), now, window));
        // The clock was set back: how old the attempt is cannot be told.
        assert!(needs_lookup(Some(now + TimeDelta::seconds(1)), now, window));
    }
}
