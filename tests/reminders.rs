//! Reminders with a controlled clock: each threshold fires once at its instant; responding
//! cancels, a priority change reschedules, a restart loses and repeats nothing; a storm of
//! breaches becomes a bounded number of digests.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use supportbot::clock::{Clock, ManualClock};
use supportbot::domain::case::CaseId;
use supportbot::domain::catalog::Catalog;
use supportbot::domain::ids::Language;
use supportbot::engine::{Caller, Engine, Outcome, Role, UserId};
use supportbot::reminders::{self, Notifier, Outgoing, Reminders, Seen, SendError};
use supportbot::store::{SledStore, Store};

const LONDON: Tz = chrono_tz::Europe::London;
const CHANNEL: u64 = 900;
const ROLE: u64 = 901;

fn london(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    LONDON
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// Records what would have been sent, and can refuse on demand; answers lookups in the
/// channel's history from a queue (no history once it is empty), recording each.
#[derive(Clone, Default)]
struct Recorder {
    sent: Arc<Mutex<Vec<Outgoing>>>,
    fail_next: Arc<Mutex<u32>>,
    history: Arc<Mutex<VecDeque<Result<Seen, SendError>>>>,
    lookups: Arc<Mutex<Vec<Lookup>>>,
}

/// A lookup in a channel's history: the nonce looked for, and the instant searched from.
type Lookup = (String, DateTime<Utc>);

impl Recorder {
    fn take(&self) -> Vec<Outgoing> {
        std::mem::take(&mut *self.sent.lock().unwrap())
    }
}

impl Notifier for Recorder {
    async fn send(&self, message: &Outgoing) -> Result<(), SendError> {
        let mut fail = self.fail_next.lock().unwrap();
        if *fail > 0 {
            *fail -= 1;
            return Err(SendError::Transient("simulated 500".into()));
        }
        self.sent.lock().unwrap().push(message.clone());
        Ok(())
    }

    async fn find(&self, message: &Outgoing, since: DateTime<Utc>) -> Result<Seen, SendError> {
        self.lookups
            .lock()
            .unwrap()
            .push((message.nonce.clone(), since));
        let answer = self.history.lock().unwrap().pop_front();
        answer.unwrap_or(Ok(Seen::NoHistory))
    }
}

struct Bot {
    engine: Engine,
    clock: Arc<ManualClock>,
    store: Arc<dyn Store>,
    reminders: Arc<Reminders<Recorder>>,
    recorder: Recorder,
}

fn catalog() -> Arc<Catalog> {
    Arc::new(Catalog::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap())
}

/// A bot process on `dir`, with the clock at `now`.
fn start(dir: &Path, now: DateTime<Utc>) -> Bot {
    let catalog = catalog();
    let clock = Arc::new(ManualClock::new(now));
    let store: Arc<dyn Store> = Arc::new(
        SledStore::open(dir)
            .unwrap()
            .with_planner(reminders::planner(catalog.clone())),
    );
    let engine = Engine::new(catalog.clone(), clock.clone()).with_store(store.clone());
    let recorder = Recorder::default();
    let reminders = Arc::new(Reminders::new(
        store.clone(),
        catalog,
        clock.clone(),
        recorder.clone(),
    ));
    Bot {
        engine,
        clock,
        store,
        reminders,
        recorder,
    }
}

impl Bot {
    fn ask(&self, role: Role, line: &str) -> String {
        let reply = self
            .engine
            .handle_line(Caller::new(UserId(7), role, Language::En), line);
        assert_eq!(reply.outcome, Outcome::Answered, "{line}: {}", reply.text);
        reply.text
    }

    /// One turn of the runtime at the current instant: fire, compose, send.
    async fn turn(&self) -> Vec<Outgoing> {
        self.reminders.fire_due().unwrap();
        self.reminders.compose().unwrap();
        self.reminders.send_pending().await.unwrap();
        self.recorder.take()
    }

    /// Moves the clock to `at` and takes a turn.
    async fn at(&self, at: DateTime<Utc>) -> Vec<Outgoing> {
        self.clock.set(at);
        self.turn().await
    }

    fn setup_business_emea(&self) {
        self.ask(
            Role::Admin,
            "/org add name:acme plan:business region:emea products:aem",
        );
        self.ask(
            Role::Admin,
            &format!("/reminders set region:emea channel:<#{CHANNEL}> role:<@&{ROLE}> language:en"),
        );
    }
}

fn covers(messages: &[Outgoing]) -> Vec<String> {
    messages
        .iter()
        .flat_map(|m| {
            m.content
                .lines()
                .skip(1)
                .map(|l| l.to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[tokio::test]
async fn business_p2_from_friday_afternoon_reminds_at_50_and_80_percent_and_at_breach() {
    let dir = tempfile::tempdir().unwrap();
    let bot = start(dir.path(), london(2026, 11, 20, 16, 30));
    bot.setup_business_emea();
    bot.ask(
        Role::Agent,
        "/case file org:acme product:aem priority:p2 title:\"Checkout fails\"",
    );
    // Budget 2 business hours: 30 min on Friday, then Monday from 09:00.
    assert_eq!(
        bot.store.next_reminder_at().unwrap(),
        Some(london(2026, 11, 23, 9, 30))
    );
    assert!(
        bot.at(london(2026, 11, 23, 9, 29)).await.is_empty(),
        "nothing before 50%"
    );
    let fifty = bot.at(london(2026, 11, 23, 9, 30)).await;
    assert_eq!(fifty.len(), 1);
    assert!(
        fifty[0].content.contains("CASE-000001")
            && fifty[0].content.contains("50% of the target used"),
        "{}",
        fifty[0].content
    );
    assert_eq!(fifty[0].channel, CHANNEL);
    assert_eq!(fifty[0].ping_roles, vec![ROLE]);
    assert!(fifty[0].ping_users.is_empty());
    assert!(
        fifty[0].content.contains("1 h left"),
        "time left in business time: {}",
        fifty[0].content
    );
    assert_eq!(fifty[0].nonce, "r1-u500");
    assert_eq!(
        fifty[0].cases,
        vec![CaseId(1)],
        "a short reminder offers the case's buttons"
    );
    assert!(
        bot.at(london(2026, 11, 23, 9, 30)).await.is_empty(),
        "fires once"
    );
    // 80%: 96 of 120 minutes: Friday 30 + Monday 66 → 10:06.
    assert!(bot.at(london(2026, 11, 23, 10, 5)).await.is_empty());
    let eighty = bot.at(london(2026, 11, 23, 10, 6)).await;
    assert_eq!(covers(&eighty).len(), 1);
    assert!(eighty[0].content.contains("80% of the target used"));
    let breach = bot.at(london(2026, 11, 23, 10, 30)).await;
    let lines = covers(&breach);
    assert!(
        lines.iter().any(|l| l.contains("target breached")),
        "{lines:?}"
    );
    // Business has Escalation Management: an escalation notice at breach too, here to the role
    // as no escalation contact is set.
    assert!(
        lines.iter().any(|l| l.contains("escalation notice")),
        "{lines:?}"
    );
    assert!(
        bot.at(london(2026, 11, 30, 10, 30)).await.is_empty(),
        "nothing repeats"
    );
    assert_eq!(bot.store.next_reminder_at().unwrap(), None);
}

#[tokio::test]
async fn responding_cancels_and_a_case_answered_before_its_first_threshold_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bot = start(dir.path(), london(2026, 11, 20, 16, 30));
    bot.setup_business_emea();
    bot.ask(
        Role::Agent,
        "/case file org:acme product:aem priority:p2 title:\"one\"",
    );
    bot.clock.set(london(2026, 11, 23, 9, 0));
    bot.ask(Role::Agent, "/case respond id:1");
    assert_eq!(
        bot.store.next_reminder_at().unwrap(),
        None,
        "responding cancels every pending reminder"
    );
    assert!(bot.at(london(2026, 11, 30, 12, 0)).await.is_empty());
    // Closing cancels too.
    bot.clock.set(london(2026, 11, 30, 9, 0));
    bot.ask(
        Role::Agent,
        "/case file org:acme product:aem priority:p3 title:\"two\"",
    );
    bot.ask(Role::Agent, "/case close id:2");
    assert!(bot.at(london(2026, 12, 7, 9, 0)).await.is_empty());
}

#[tokio::test]
async fn a_priority_change_reschedules_from_the_original_submission() {
    let dir = tempfile::tempdir().unwrap();
    let bot = start(dir.path(), london(2026, 11, 23, 9, 0));
    bot.setup_business_emea();
    // Business P3: 4 business hours, 50% at 11:00.
    bot.ask(
        Role::Agent,
        "/case file org:acme product:aem priority:p3 title:\"slow\"",
    );
    assert_eq!(
        bot.store.next_reminder_at().unwrap(),
        Some(london(2026, 11, 23, 11, 0))
    );
    bot.clock.set(london(2026, 11, 23, 9, 10));
    // To P2 (2 hours): 50% at 10:00, due 11:00.
    bot.ask(
        Role::Agent,
        "/case priority id:1 priority:p2 reason:\"worse\"",
    );
    assert_eq!(
        bot.store.next_reminder_at().unwrap(),
        Some(london(2026, 11, 23, 10, 0))
    );
    let fifty = bot.at(london(2026, 11, 23, 10, 0)).await;
    assert_eq!(covers(&fifty).len(), 1);
    let breach = bot.at(london(2026, 11, 23, 11, 0)).await;
    assert!(
        covers(&breach)
            .iter()
            .any(|l| l.contains("target breached"))
    );
}

/// Another copy sharing the store (or this one, restarted at once) composes what a process fired
/// on time and then died: the reminder is late by moments, not missed while the bot was offline.
#[tokio::test]
async fn a_reminder_fired_on_time_is_not_called_missed_by_a_process_started_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let fifty = london(2026, 11, 23, 9, 30);
    {
        let bot = start(dir.path(), london(2026, 11, 20, 16, 30));
        bot.setup_business_emea();
        bot.ask(
            Role::Agent,
            "/case file org:acme product:aem priority:p2 title:\"on time\"",
        );
        bot.clock.set(fifty);
        assert_eq!(
            bot.reminders.fire_due().unwrap(),
            1,
            "the 50% reminder fires"
        );
        bot.store.durable().unwrap();
    }
    let bot = start(dir.path(), fifty + chrono::TimeDelta::seconds(20));
    let sent = bot.turn().await;
    assert_eq!(covers(&sent).len(), 1, "{sent:#?}");
    assert!(
        !sent[0].content.contains("missed while the bot was offline"),
        "{}",
        sent[0].content
    );
}

#[tokio::test]
async fn a_restart_loses_nothing_and_repeats_nothing() {
    let dir = tempfile::tempdir().unwrap();
    {
        let bot = start(dir.path(), london(2026, 11, 20, 16, 30));
        bot.setup_business_emea();
        bot.ask(
            Role::Agent,
            "/case file org:acme product:aem priority:p2 title:\"restart\"",
        );
        let fifty = bot.at(london(2026, 11, 23, 9, 30)).await;
        assert_eq!(covers(&fifty).len(), 1);
        // The 80% reminder fires but the process dies before sending it.
        bot.clock.set(london(2026, 11, 23, 10, 6));
        bot.reminders.fire_due().unwrap();
        bot.reminders.compose().unwrap();
        bot.store.durable().unwrap();
    }
    // Down until after the breach: the staged 80% message goes out with its nonce, and the
    // breach and escalation collapse into one line marked as missed while offline.
    let bot = start(dir.path(), london(2026, 11, 23, 12, 0));
    let after = bot.turn().await;
    let nonces: Vec<&str> = after.iter().map(|m| m.nonce.as_str()).collect();
    assert!(nonces.contains(&"r1-u800"), "{nonces:?}");
    let offline: Vec<&Outgoing> = after
        .iter()
        .filter(|m| m.content.contains("missed while the bot was offline"))
        .collect();
    assert_eq!(offline.len(), 1, "{after:#?}");
    let lines = covers(&after);
    assert!(
        !lines.iter().any(|l| l.contains("50%")),
        "50% is not repeated: {lines:?}"
    );
    assert_eq!(
        offline[0].content.lines().count(),
        2,
        "one line for the case: {}",
        offline[0].content
    );
    assert!(
        offline[0].content.contains("target breached")
            && offline[0].content.contains("escalation notice")
    );
    assert!(bot.at(london(2026, 11, 24, 12, 0)).await.is_empty());
}

#[tokio::test]
async fn a_failed_send_is_retried_with_the_same_nonce() {
    let dir = tempfile::tempdir().unwrap();
    let bot = start(dir.path(), london(2026, 11, 20, 16, 30));
    bot.setup_business_emea();
    bot.ask(
        Role::Agent,
        "/case file org:acme product:aem priority:p2 title:\"retry\"",
    );
    *bot.recorder.fail_next.lock().unwrap() = 1;
    assert!(bot.at(london(2026, 11, 23, 9, 30)).await.is_empty());
    let retried = bot.turn().await;
    assert_eq!(retried.len(), 1);
    assert_eq!(retried[0].nonce, "r1-u500");
}

/// A message whose last attempt is older than the nonce window (60 s in data/reminders.toml) is
/// looked for in its channel, from ten minutes before its first attempt, before it is resent.
#[tokio::test]
async fn a_resend_past_the_nonce_window_looks_in_the_channel_first() {
    let dir = tempfile::tempdir().unwrap();
    let bot = start(dir.path(), london(2026, 11, 20, 16, 30));
    bot.setup_business_emea();
    bot.ask(
        Role::Agent,
        "/case file org:acme product:aem priority:p2 title:\"lookup\"",
    );
    let first = london(2026, 11, 23, 9, 30);
    *bot.recorder.fail_next.lock().unwrap() = 2;
    assert!(bot.at(first).await.is_empty());
    // Within the window the nonce still covers a resend: no lookup.
    assert!(
        bot.at(first + chrono::TimeDelta::seconds(59))
            .await
            .is_empty()
    );
    assert!(bot.recorder.lookups.lock().unwrap().is_empty());

    // Past the window: the lookup fails for now, so nothing is sent and the message waits.
    bot.recorder
        .history
        .lock()
        .unwrap()
        .push_back(Err(SendError::Transient("simulated 500".into())));
    let late = first + chrono::TimeDelta::seconds(59 + 60);
    assert!(bot.at(late).await.is_empty());
    assert_eq!(bot.store.reminder_counts().unwrap().2, 1, "still waiting");

    // Not in the channel: sent again, with the same nonce.
    bot.recorder
        .history
        .lock()
        .unwrap()
        .push_back(Ok(Seen::NotFound));
    let sent = bot.at(late + chrono::TimeDelta::seconds(5)).await;
    assert_eq!(
        sent.iter().map(|m| m.nonce.as_str()).collect::<Vec<_>>(),
        vec!["r1-u500"]
    );
    assert_eq!(bot.store.reminder_counts().unwrap().2, 0);
    let since = first - chrono::TimeDelta::minutes(10);
    assert_eq!(
        *bot.recorder.lookups.lock().unwrap(),
        vec![("r1-u500".to_owned(), since), ("r1-u500".to_owned(), since)]
    );
}

#[tokio::test]
async fn a_message_found_in_its_channel_is_marked_sent_without_a_resend() {
    let dir = tempfile::tempdir().unwrap();
    let bot = start(dir.path(), london(2026, 11, 20, 16, 30));
    bot.setup_business_emea();
    bot.ask(
        Role::Agent,
        "/case file org:acme product:aem priority:p2 title:\"found\"",
    );
    let first = london(2026, 11, 23, 9, 30);
    *bot.recorder.fail_next.lock().unwrap() = 1;
    assert!(bot.at(first).await.is_empty());
    // A restart minutes later: the message Discord took (its answer lost) is not sent again.
    drop(bot);
    let bot = start(dir.path(), first + chrono::TimeDelta::minutes(5));
    bot.recorder
        .history
        .lock()
        .unwrap()
        .push_back(Ok(Seen::Found));
    assert!(bot.turn().await.is_empty());
    assert_eq!(
        *bot.recorder.lookups.lock().unwrap(),
        vec![("r1-u500".to_owned(), first - chrono::TimeDelta::minutes(10))]
    );
    assert_eq!(bot.store.reminder_counts().unwrap().2, 0, "marked sent");
    assert!(
        bot.at(first + chrono::TimeDelta::minutes(10))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn titles_cannot_ping_anyone() {
    let dir = tempfile::tempdir().unwrap();
    let bot = start(dir.path(), london(2026, 11, 20, 16, 30));
    bot.setup_business_emea();
    bot.ask(
        Role::Agent,
        "/case file org:acme product:aem priority:p2 title:\"@everyone <@&5> <@6> @here\"",
    );
    let sent = bot.at(london(2026, 11, 23, 9, 30)).await;
    assert_eq!(sent[0].ping_roles, vec![ROLE]);
    assert!(sent[0].ping_users.is_empty());
}

#[tokio::test]
async fn reminders_without_a_route_wait_and_are_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let bot = start(dir.path(), london(2026, 11, 20, 16, 30));
    bot.ask(
        Role::Admin,
        "/org add name:acme plan:business region:emea products:aem",
    );
    bot.ask(
        Role::Agent,
        "/case file org:acme product:aem priority:p2 title:\"unrouted\"",
    );
    assert!(bot.at(london(2026, 11, 23, 9, 30)).await.is_empty());
    assert_eq!(bot.store.outbox(10).unwrap().len(), 1, "kept in the outbox");
    bot.ask(
        Role::Admin,
        &format!("/reminders set region:emea channel:{CHANNEL} role:{ROLE}"),
    );
    assert_eq!(covers(&bot.turn().await).len(), 1);
}

#[tokio::test]
async fn a_p1_in_a_closed_region_also_goes_to_the_on_call_role_of_an_open_one() {
    let dir = tempfile::tempdir().unwrap();
    // 02:00 London on a Tuesday: EMEA is closed, APAC (Singapore, 10:00) is open.
    let bot = start(dir.path(), london(2026, 11, 24, 2, 0));
    bot.setup_business_emea();
    bot.ask(
        Role::Admin,
        "/reminders set region:apac channel:800 role:801 oncall-role:802",
    );
    bot.ask(
        Role::Agent,
        "/case file org:acme product:aem priority:p1 title:\"down\" impact:\"all\"",
    );
    let sent = bot
        .at(bot.clock.now() + chrono::TimeDelta::minutes(61))
        .await;
    let to_on_call: Vec<&Outgoing> = sent.iter().filter(|m| m.channel == 800).collect();
    assert!(!to_on_call.is_empty(), "{sent:#?}");
    assert!(to_on_call.iter().all(|m| m.ping_roles == vec![802]));
}

#[tokio::test]
async fn a_storm_of_breaches_becomes_a_few_digests_listing_every_case() {
    let dir = tempfile::tempdir().unwrap();
    let start_at = london(2026, 11, 23, 9, 0);
    let bot = start(dir.path(), start_at);
    bot.setup_business_emea();
    bot.ask(Role::Admin, "/org set org:acme plan:elite");
    // Elite P1 is 15 minutes, 24x7: every case breaches at 09:15.
    for i in 0..2000 {
        bot.ask(
            Role::Agent,
            &format!("/case file org:acme product:aem priority:p1 title:\"storm {i}\" impact:x"),
        );
    }
    let sent = bot.at(london(2026, 11, 23, 9, 16)).await;
    let breach_messages: Vec<&Outgoing> = sent
        .iter()
        .filter(|m| m.content.contains("target breached"))
        .collect();
    assert!(
        breach_messages.len() <= 40,
        "{} messages for 2000 breaches",
        breach_messages.len()
    );
    for message in &sent {
        assert!(
            supportbot::transport::discord::render::markdown(&message.marked_content())
                .chars()
                .count()
                <= 2000,
            "within Discord's limit as posted: user text escaped, the marker line added"
        );
        assert!(message.nonce.len() <= 25);
    }
    for i in 1..=2000u64 {
        let id = format!("CASE-{i:06}");
        assert!(
            breach_messages.iter().any(|m| m.content.contains(&id)),
            "{id} listed"
        );
    }
}

#[tokio::test]
async fn reminder_lines_use_each_languages_plural_and_list_separator() {
    for (language, separator) in [("en", ", "), ("ja", "、"), ("zh-TW", "、")] {
        let dir = tempfile::tempdir().unwrap();
        let bot = start(dir.path(), london(2026, 11, 20, 16, 30));
        bot.ask(
            Role::Admin,
            "/org add name:acme plan:business region:emea products:aem",
        );
        bot.ask(
            Role::Admin,
            &format!(
                "/reminders set region:emea channel:<#{CHANNEL}> role:<@&{ROLE}> language:{language}"
            ),
        );
        bot.ask(
            Role::Agent,
            "/case file org:acme product:aem priority:p2 title:\"one, two\"",
        );
        // 50%, 80% and the breach all passed: one line reports the three.
        let sent = bot.at(london(2026, 11, 23, 11, 0)).await;
        assert_eq!(sent.len(), 1, "{language}: {sent:?}");
        let content = &sent[0].content;
        let line = content.lines().nth(1).expect("a line about the case");
        let labels = line.split(" — ").nth(1).expect("labels after the title");
        assert!(
            labels
                .split(" · ")
                .next()
                .unwrap()
                .matches(separator)
                .count()
                >= 2,
            "{language}: {line}"
        );
        if language == "en" {
            assert!(content.contains("(1 case)"), "{content}");
        } else {
            assert!(!labels.contains(", "), "{language}: {line}");
        }
    }
}

/// Issue 8, input 8: `/case escalate` queues a channel message through the durable outbox that
/// pings the escalation contact, once, with a stable nonce; the reply itself pings nobody.
#[tokio::test]
async fn an_escalation_is_a_channel_message_sent_once() {
    let dir = tempfile::tempdir().unwrap();
    let now = london(2026, 11, 23, 9, 0);
    let bot = start(dir.path(), now);
    bot.setup_business_emea();
    bot.ask(Role::Admin, "/org set org:acme escalation-contact:<@777>");
    bot.ask(
        Role::Agent,
        "/case file org:acme product:aem priority:p3 title:\"checkout\"",
    );
    bot.clock.set(london(2026, 11, 23, 9, 30));
    bot.ask(Role::Agent, "/case respond id:1");
    let reply = bot.engine.handle_line(
        Caller::new(UserId(7), Role::Agent, Language::En),
        "/case escalate id:1 reason:\"go-live tomorrow\"",
    );
    assert_eq!(reply.outcome, Outcome::Answered, "{}", reply.text);
    assert!(
        reply
            .text
            .contains(&format!("a notice to <#{CHANNEL}> pings <@777>")),
        "{}",
        reply.text
    );
    assert!(reply.mentions.users.is_empty() && reply.mentions.roles.is_empty());

    let sent = bot.turn().await;
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(sent[0].channel, CHANNEL);
    assert_eq!(sent[0].ping_users, vec![777]);
    assert!(sent[0].ping_roles.is_empty());
    assert_eq!(sent[0].nonce, "r1-x1");
    assert!(sent[0].content.starts_with("<@777>"), "{}", sent[0].content);
    assert!(
        sent[0].content.contains("escalated by support"),
        "{}",
        sent[0].content
    );
    // Later writes and restarts do not send it again; a second escalation is a second notice.
    bot.ask(Role::Agent, "/case note id:1 text:\"more\"");
    assert!(bot.turn().await.is_empty());
    drop(bot);
    let bot = start(dir.path(), london(2026, 11, 23, 10, 0));
    assert!(bot.turn().await.is_empty());
    bot.ask(Role::Agent, "/case escalate id:1 reason:again");
    let sent = bot.turn().await;
    assert_eq!(
        sent.iter().map(|m| m.nonce.as_str()).collect::<Vec<_>>(),
        ["r1-x2"]
    );
}

/// A case's reminders follow the terms it was filed under. An Americas case
/// keeps the Americas route, and its role, after its organisation moves to EMEA.
#[tokio::test]
async fn a_cases_reminders_go_to_the_route_of_the_region_it_was_filed_under() {
    let dir = tempfile::tempdir().unwrap();
    // Monday 08:00 in Los Angeles: the Americas are open.
    let bot = start(
        dir.path(),
        Utc.with_ymd_and_hms(2026, 11, 23, 16, 0, 0).unwrap(),
    );
    bot.ask(
        Role::Admin,
        "/reminders set region:americas channel:<#11> role:<@&22>",
    );
    bot.ask(
        Role::Admin,
        &format!("/reminders set region:emea channel:<#{CHANNEL}> role:<@&{ROLE}>"),
    );
    bot.ask(
        Role::Admin,
        "/org add name:am plan:business region:americas products:aem",
    );
    bot.ask(
        Role::Agent,
        "/case file org:am product:aem priority:p3 title:\"filed in the Americas\"",
    );
    let reply = bot.ask(Role::Admin, "/org set org:am region:emea");
    assert!(
        reply.contains("1 open case keeps the terms it was filed under"),
        "{reply}"
    );
    let first = bot.store.next_reminder_at().unwrap().expect("a reminder");
    let sent = bot.at(first).await;
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(sent[0].channel, 11, "{sent:#?}");
    assert_eq!(sent[0].ping_roles, vec![22]);
    assert!(sent[0].content.starts_with("<@&22>"), "{}", sent[0].content);

    // A case filed after the move is EMEA's.
    bot.ask(
        Role::Agent,
        "/case file org:am product:aem priority:p1 title:\"filed in EMEA\" impact:\"all down\"",
    );
    let next = bot.store.next_reminder_at().unwrap().expect("a reminder");
    let sent = bot.at(next).await;
    assert!(
        !sent.is_empty() && sent.iter().all(|m| m.channel == CHANNEL),
        "{sent:#?}"
    );
}

/// A customer's escalation gets one answer (the notice pings the route's role,
/// as the organisation names no contact), and the notice says the customer escalated and why.
#[tokio::test]
async fn a_customers_escalation_notice_names_the_customer_and_their_reason() {
    let dir = tempfile::tempdir().unwrap();
    let bot = start(dir.path(), london(2026, 11, 23, 9, 0));
    bot.setup_business_emea();
    bot.ask(Role::Agent, "/contacts add org:acme product:aem user:55");
    let customer = Caller::new(UserId(55), Role::Customer, Language::En);
    let filed = bot.engine.handle_line(
        customer,
        "/case file org:acme product:aem priority:p3 title:\"checkout\"",
    );
    assert_eq!(filed.outcome, Outcome::Answered, "{}", filed.text);
    let reply = bot.engine.handle_line(
        customer,
        "/case escalate id:1 reason:\"go-live **tomorrow**\"",
    );
    assert_eq!(reply.outcome, Outcome::Answered, "{}", reply.text);
    let text = supportbot::domain::text::unmarked(&reply.text);
    assert_eq!(
        text,
        format!(
            "CASE-000001 escalated; a notice to <#{CHANNEL}> pings <@&{ROLE}>, as `acme` has no \
             escalation contact or Account Support Lead (an administrator can set one with `/org set`)."
        )
    );
    let sent = bot.turn().await;
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(sent[0].ping_roles, vec![ROLE]);
    let content = supportbot::domain::text::unmarked(&sent[0].content);
    assert!(
        content.contains("escalated by the customer <@55>: go-live **tomorrow**"),
        "{content}"
    );
    assert!(!content.contains("escalated by support"), "{content}");
}

/// Closing a case cancels an escalation notice not yet sent, whether it was
/// still planned or already fired into the outbox.
#[tokio::test]
async fn no_escalation_notice_goes_out_for_a_closed_case() {
    let dir = tempfile::tempdir().unwrap();
    let bot = start(dir.path(), london(2026, 11, 23, 9, 0));
    bot.setup_business_emea();
    bot.ask(Role::Admin, "/org set org:acme escalation-contact:<@777>");
    for title in ["planned", "fired"] {
        bot.ask(
            Role::Agent,
            &format!("/case file org:acme product:aem priority:p3 title:{title}"),
        );
    }
    bot.ask(Role::Agent, "/case escalate id:1 reason:urgent");
    bot.ask(Role::Agent, "/case close id:1");
    bot.ask(Role::Agent, "/case escalate id:2 reason:urgent");
    assert_eq!(
        bot.reminders.fire_due().unwrap(),
        1,
        "case 2's notice fired"
    );
    bot.ask(Role::Agent, "/case close id:2");
    let sent = bot.turn().await;
    assert!(sent.is_empty(), "{sent:#?}");
    assert!(bot.store.outbox(10).unwrap().is_empty(), "nothing waits");
    let (planned, ..) = bot.store.reminder_counts().unwrap();
    assert_eq!(planned, 0, "nothing stays planned for closed cases");
}

/// Before it wakes, the scheduler reads the cases of the reminders due next, in the order they
/// fire, and only those: an answered case has none left, and a fired reminder is not read again.
#[tokio::test]
async fn the_cases_read_ahead_are_those_of_the_next_reminders_in_firing_order() {
    let dir = tempfile::tempdir().unwrap();
    let bot = start(dir.path(), london(2026, 11, 23, 9, 0));
    bot.setup_business_emea();
    // Business P3: 4 business hours, 50% used two hours after filing.
    for (minute, title) in [(0, "first"), (30, "answered"), (40, "third")] {
        bot.clock.set(london(2026, 11, 23, 9, minute));
        bot.ask(
            Role::Agent,
            &format!("/case file org:acme product:aem priority:p3 title:\"{title}\""),
        );
    }
    bot.ask(Role::Agent, "/case respond id:2");
    assert_eq!(bot.reminders.warm().unwrap(), vec![CaseId(1), CaseId(3)]);
    assert_eq!(bot.store.warm_next_reminders(1).unwrap(), vec![CaseId(1)]);
    // Case 1's 50% goes out at 11:00; case 3's at 11:40 is the next.
    assert_eq!(covers(&bot.at(london(2026, 11, 23, 11, 0)).await).len(), 1);
    assert_eq!(bot.store.warm_next_reminders(1).unwrap(), vec![CaseId(3)]);
    assert_eq!(bot.reminders.warm().unwrap(), vec![CaseId(3), CaseId(1)]);
}

/// Fires what is due at `at` and composes it, leaving the messages staged, unsent.
fn stage_at(bot: &Bot, at: DateTime<Utc>) {
    bot.clock.set(at);
    bot.reminders.fire_due().unwrap();
    bot.reminders.compose().unwrap();
}

/// A message composed before its case was closed or answered is checked again when it is
/// about to be sent: a reminder of a closed or answered case, and the escalation notice of a
/// closed one, are dropped (not sent, not waiting); an escalation notice of an answered case
/// still goes out, as it would have been composed.
#[tokio::test]
async fn a_message_staged_before_its_case_was_closed_or_answered_is_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let bot = start(dir.path(), london(2026, 11, 23, 9, 0));
    bot.setup_business_emea();
    // Filed a minute apart, so each 50 % reminder (an hour of two) is a message of its own.
    for (minute, title) in [(0, "closed"), (1, "answered"), (2, "open")] {
        bot.clock.set(london(2026, 11, 23, 9, minute));
        bot.ask(
            Role::Agent,
            &format!("/case file org:acme product:aem priority:p2 title:{title}"),
        );
    }
    for minute in 0..3 {
        stage_at(&bot, london(2026, 11, 23, 10, minute));
    }
    let staged: Vec<String> = (bot.store.pending_messages().unwrap().into_iter())
        .map(|(_, s)| s.message.nonce)
        .collect();
    assert_eq!(staged, ["r1-u500", "r2-u500", "r3-u500"]);
    bot.ask(Role::Agent, "/case close id:1");
    bot.ask(Role::Agent, "/case respond id:2");
    bot.reminders.send_pending().await.unwrap();
    let sent = bot.recorder.take();
    assert_eq!(
        sent.iter().map(|m| m.nonce.as_str()).collect::<Vec<_>>(),
        ["r3-u500"],
        "{sent:#?}"
    );
    assert!(bot.store.pending_messages().unwrap().is_empty());

    // Escalation notices: one of a case answered after it was staged, one of a case closed.
    for title in ["escalated-answered", "escalated-closed"] {
        bot.ask(
            Role::Agent,
            &format!("/case file org:acme product:aem priority:p3 title:{title}"),
        );
    }
    bot.ask(Role::Agent, "/case escalate id:4 reason:urgent");
    stage_at(&bot, london(2026, 11, 23, 10, 5));
    bot.ask(Role::Agent, "/case escalate id:5 reason:urgent");
    stage_at(&bot, london(2026, 11, 23, 10, 6));
    bot.ask(Role::Agent, "/case respond id:4");
    bot.ask(Role::Agent, "/case close id:5");
    bot.reminders.send_pending().await.unwrap();
    let sent = bot.recorder.take();
    assert_eq!(
        sent.iter().map(|m| m.nonce.as_str()).collect::<Vec<_>>(),
        ["r4-x1"],
        "{sent:#?}"
    );
    assert_eq!(
        bot.store.reminder_counts().unwrap().2,
        0,
        "no message waits"
    );
    assert!(bot.store.check().unwrap().is_clean());
}

/// A message whose earlier attempt may have reached the channel (a crash, or a lost answer,
/// after its attempt was recorded) and whose case is closed meanwhile is dropped, not sent
/// again, and counted as maybe delivered, not as unsent (review 6, item 7).
#[test]
fn a_message_cancelled_after_an_attempt_is_counted_as_maybe_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let bot = start(dir.path(), london(2026, 11, 23, 9, 0));
    bot.setup_business_emea();
    // Filed a minute apart, so each 50 % reminder is a message of its own.
    for (minute, title) in [(0, "attempted"), (1, "never-attempted")] {
        bot.clock.set(london(2026, 11, 23, 9, minute));
        bot.ask(
            Role::Agent,
            &format!("/case file org:acme product:aem priority:p2 title:{title}"),
        );
    }
    for minute in 0..2 {
        stage_at(&bot, london(2026, 11, 23, 10, minute));
    }
    let pending = bot.store.pending_messages().unwrap();
    assert_eq!(pending.len(), 2, "{pending:#?}");
    let attempted = pending
        .iter()
        .find(|(_, s)| s.covers.iter().any(|(id, _)| *id == CaseId(1)))
        .map(|(key, _)| *key)
        .expect("case 1's reminder");
    bot.store
        .message_attempted(attempted, london(2026, 11, 23, 10, 0))
        .unwrap();
    bot.ask(Role::Agent, "/case close id:1");
    bot.ask(Role::Agent, "/case close id:2");
    let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
    let metrics = recorder.handle();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    metrics::with_local_recorder(&recorder, || {
        runtime.block_on(bot.reminders.send_pending()).unwrap()
    });
    assert!(bot.recorder.take().is_empty(), "nothing sent again");
    let text = metrics.render();
    for counted in [
        r#"supportbot_reminder_messages_cancelled_total{earlier_attempt="yes"} 1"#,
        r#"supportbot_reminder_messages_cancelled_total{earlier_attempt="no"} 1"#,
    ] {
        assert!(text.contains(counted), "{counted} in:\n{text}");
    }
    assert!(bot.store.pending_messages().unwrap().is_empty());
}
