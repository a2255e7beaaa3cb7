//! Issue 8: random case lives against a controlled clock. Sequences of file / respond /
//! priority / close / reopen / note / org set / escalate at increasing instants; after every step:
//! a verdict never changes once given; each (case, threshold) fires at most once; nothing fires
//! for a case whose clock stood still; the due instant is the case's own terms' budget counted
//! from submission, skipping the time it spent closed; no filing changes another case.

#[path = "common/cases.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};

use chrono::TimeDelta;
use proptest::prelude::*;
use supportbot::domain::case::{Case, CaseId, Verdict};
use supportbot::domain::reminders::Threshold;
use supportbot::engine::Outcome;
use supportbot::store::{CaseQuery, Store};

use support::*;

#[derive(Debug, Clone)]
enum Step {
    File {
        org: usize,
        priority: usize,
    },
    Respond(usize),
    Priority(usize, usize),
    Close(usize),
    Reopen(usize),
    Note(usize),
    OrgSet {
        org: usize,
        plan: usize,
        apply: bool,
    },
    Escalate(usize),
}

const ORGS: [&str; 2] = ["north", "south"];
const PLANS: [&str; 4] = ["online", "business", "enterprise", "elite"];
const PRIORITIES: [&str; 4] = ["p1", "p2", "p3", "p4"];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..ORGS.len(), 0..PRIORITIES.len())
            .prop_map(|(org, priority)| Step::File { org, priority }),
        2 => (0..8usize).prop_map(Step::Respond),
        2 => (0..8usize, 0..PRIORITIES.len()).prop_map(|(c, p)| Step::Priority(c, p)),
        2 => (0..8usize).prop_map(Step::Close),
        2 => (0..8usize).prop_map(Step::Reopen),
        1 => (0..8usize).prop_map(Step::Note),
        1 => (0..ORGS.len(), 0..PLANS.len(), any::<bool>())
            .prop_map(|(org, plan, apply)| Step::OrgSet { org, plan, apply }),
        1 => (0..8usize).prop_map(Step::Escalate),
    ]
}

/// The command of a step; a case is picked among the `filed` ones.
fn line(step: &Step, filed: usize) -> String {
    let id = |n: &usize| format!("CASE-{:06}", n % filed.max(1) + 1);
    match step {
        Step::File { org, priority } => format!(
            "/case file org:{} product:aem priority:{} title:t impact:\"all down\"",
            ORGS[*org], PRIORITIES[*priority]
        ),
        Step::Respond(n) => format!("/case respond id:{}", id(n)),
        Step::Priority(n, p) => format!("/case priority id:{} priority:{}", id(n), PRIORITIES[*p]),
        Step::Close(n) => format!("/case close id:{}", id(n)),
        Step::Reopen(n) => format!("/case reopen id:{}", id(n)),
        Step::Note(n) => format!("/case note id:{} text:n", id(n)),
        Step::OrgSet { org, plan, apply } => format!(
            "/org set org:{} plan:{} apply-to-open:{apply}",
            ORGS[*org], PLANS[*plan]
        ),
        Step::Escalate(n) => format!("/case escalate id:{} reason:r", id(n)),
    }
}

fn all_cases(store: &dyn Store) -> BTreeMap<CaseId, Case> {
    store
        .list_cases(&CaseQuery {
            limit: usize::MAX,
            ..CaseQuery::default()
        })
        .expect("the store reads")
        .into_iter()
        .map(|c| (c.id, c))
        .collect()
}

type Instant = chrono::DateTime<chrono::Utc>;

/// The test's own account of when each case stood closed before its first response.
type Closures = BTreeMap<CaseId, Vec<(Instant, Option<Instant>)>>;

/// Whether the clock of `case` counted at `at`: filed, not yet answered, not closed.
fn clock_ran_at(case: &Case, closures: &Closures, at: Instant) -> bool {
    let closed = closures.get(&case.id).is_some_and(|c| {
        c.iter()
            .any(|(from, to)| *from <= at && to.is_none_or(|to| at < to))
    });
    at >= case.submitted_at && case.response.as_ref().is_none_or(|r| at < r.at) && !closed
}

/// The case's budget, counted from submission to its due instant outside the time it was
/// closed, must be exactly its target on its own terms.
fn check_due(bot: &Bot, case: &Case, closures: &Closures) -> Result<(), TestCaseError> {
    let store = bot.engine.store().expect("a store");
    let org = store.org(&case.org).unwrap().expect("the organisation");
    let terms = case.terms(&org);
    let catalog = catalog();
    let calendar = catalog
        .calendar(terms.region, terms.timezone, terms.holiday_country(), &[])
        .expect("a calendar");
    let target = catalog.target(terms.plan, case.priority).target;
    let counted = calendar
        .elapsed(target.kind, case.submitted_at, case.due_at)
        .unwrap();
    let mut closed = TimeDelta::zero();
    let ended = closures
        .get(&case.id)
        .into_iter()
        .flatten()
        .filter_map(|(from, to)| Some((*from, (*to)?)));
    for (from, to) in ended {
        let (from, to) = (from.max(case.submitted_at), to.min(case.due_at));
        closed += calendar.elapsed(target.kind, from, to).unwrap();
    }
    prop_assert_eq!(
        counted - closed,
        calendar.budget(&target),
        "{}: due {} on {:?}",
        case.id,
        case.due_at,
        terms
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]
    #[test]
    fn a_case_life_keeps_its_record_straight(
        steps in prop::collection::vec((1i64..600, step()), 1..30)
    ) {
        // Monday 08:00 London.
        let bot = Bot::new("2026-11-23T08:00:00Z");
        for (org, plan) in [("north", "business"), ("south", "enterprise")] {
            bot.org(&format!("name:{org} plan:{plan} region:emea products:aem"));
        }
        bot.ok(admin(), "/reminders set region:emea channel:1 role:2");
        bot.ok(admin(), "/org set org:north escalation-contact:55");
        let store = bot.engine.store().expect("a store");
        let mut now = at("2026-11-23T08:00:00Z");
        let mut verdicts: BTreeMap<CaseId, Verdict> = BTreeMap::new();
        let mut fired: BTreeSet<(CaseId, Threshold)> = BTreeSet::new();
        let mut seen_outbox = BTreeSet::new();
        let mut closures = Closures::new();
        for (minutes, step) in steps {
            now += TimeDelta::minutes(minutes);
            bot.clock.set(now);
            // What came due since the last step, judged by the cases as they were meanwhile.
            store.fire_reminders(now, 100_000).unwrap();
            let cases = all_cases(store.as_ref());
            for (key, entry) in store.outbox(100_000).unwrap() {
                if !seen_outbox.insert(key) {
                    continue;
                }
                let planned = entry.planned;
                prop_assert!(
                    fired.insert((planned.case, planned.threshold)),
                    "{} {:?} fired twice", planned.case, planned.threshold
                );
                let case = &cases[&planned.case];
                if !matches!(planned.threshold, Threshold::Escalated { .. }) {
                    prop_assert!(
                        clock_ran_at(case, &closures, planned.fire_at),
                        "{} {:?} fired at {} while its clock stood still: {:?}",
                        case.id, planned.threshold, planned.fire_at, case
                    );
                }
            }

            let who = if matches!(step, Step::OrgSet { .. }) { admin() } else { agent() };
            let reply = bot.say(who, &line(&step, cases.len()));
            let answered = reply.outcome == Outcome::Answered;

            let after = all_cases(store.as_ref());
            match step {
                Step::Close(n) if answered => {
                    let id = CaseId((n % cases.len().max(1)) as u64 + 1);
                    if after[&id].response.is_none() {
                        closures.entry(id).or_default().push((now, None));
                    }
                }
                Step::Reopen(n) if answered => {
                    let id = CaseId((n % cases.len().max(1)) as u64 + 1);
                    if let Some(last) = closures.get_mut(&id).and_then(|c| c.last_mut()) {
                        last.1.get_or_insert(now);
                    }
                }
                _ => {}
            }
            if matches!(step, Step::File { .. }) {
                for (id, case) in &cases {
                    prop_assert_eq!(&after[id], case, "filing changed {}", id);
                }
            }
            for case in after.values() {
                if let Some(verdict) = case.response.as_ref().and_then(|r| r.verdict) {
                    let first = *verdicts.entry(case.id).or_insert(verdict);
                    prop_assert_eq!(first, verdict, "the verdict of {} changed", case.id);
                }
                if case.response.is_none() {
                    check_due(&bot, case, &closures)?;
                }
            }
        }
    }
}
