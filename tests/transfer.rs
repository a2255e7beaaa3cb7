//! `supportbot cases export | supportbot cases import`: a store with organisations (contacts,
//! audit) and cases (responses, notes, priority changes, escalations, closed and reopened ones),
//! reminder routes, queued, staged and rejected reminder messages goes through JSON lines into
//! an empty directory and comes out the same, byte for byte; importing twice is refused with the
//! colliding records and changes nothing; a bad line is refused with its number and nothing of
//! the file is written.

#[path = "common/cases.rs"]
mod support;

#[path = "common/pg.rs"]
mod pg;

use std::path::Path;
use std::sync::Arc;

use supportbot::clock::ManualClock;
use supportbot::domain::reminders::{Composed, Outgoing};
use supportbot::engine::{Engine, Outcome, Reply};
use supportbot::i18n::Language;
use supportbot::store::{PostgresStore, SledStore, Store};

use support::*;

/// A store with something of everything, made through the commands at moving times.
fn populated() -> tempfile::TempDir {
    // Fri 10:00 Tokyo, 01:00 London.
    let bot = Bot::new("2026-11-20T01:00:00Z");
    bot.org(r#"name:"Acme Corp" plan:business region:emea products:adobe-commerce,analytics"#);
    bot.org(r#"name:"Nihon Shoji" plan:enterprise region:japan country:JP timezone:Asia/Tokyo products:analytics"#);
    bot.org(r#"name:"Elite Co" plan:elite region:americas timezone:America/New_York"#);
    bot.ok(admin(), "/reminders set region:emea channel:4242 role:4343");
    bot.ok(
        admin(),
        "/reminders set region:japan channel:5252 role:5353 oncall-role:5454",
    );
    bot.ok(
        admin(),
        "/org set org:acme-corp plan:enterprise escalation-contact:55",
    );
    bot.ok(admin(), "/org set org:nihon-shoji account-support-lead:66");
    for (org, product, user) in [
        ("acme-corp", "adobe-commerce", 100),
        ("acme-corp", "adobe-commerce", 101),
        ("acme-corp", "analytics", 102),
        ("nihon-shoji", "analytics", 200),
        ("elite-co", "experience-manager", 300),
    ] {
        bot.ok(
            agent(),
            &format!("/contacts add org:{org} product:{product} user:{user}"),
        );
    }
    bot.ok(
        agent(),
        "/contacts remove org:acme-corp product:adobe-commerce user:101",
    );

    let japan_p2 = bot.file(
        customer(200),
        "/case file org:nihon-shoji product:analytics priority:p2 title:\"ログインできない\" language:ja",
    );
    let japan_p3 = bot.file(
        agent(),
        "/case file org:nihon-shoji product:analytics priority:p3 title:\"report export\" requester:200",
    );
    bot.set_now("2026-11-20T09:30:00Z");
    let acme_p2 = bot.file(
        agent(),
        "/case file org:acme-corp product:adobe-commerce priority:p2 title:\"checkout slow\" description:\"since the 9:00 deploy\nsecond line\" requester:100",
    );
    let acme_p4 = bot.file(
        customer(100),
        "/case file org:acme-corp product:adobe-commerce priority:p4 title:\"how do I \\\"export\\\"?\"",
    );
    let elite_p1 = bot.file(
        agent(),
        "/case file org:elite-co product:experience-manager priority:p1 title:\"site down\" impact:\"all pages 500\" requester:300",
    );
    bot.file(
        customer(102),
        "/case file org:acme-corp product:analytics priority:p3 title:\"@everyone <@&123> naïve ☃\"",
    );

    bot.set_now("2026-11-20T10:00:00Z");
    bot.ok(
        agent(),
        &format!("/case respond id:{acme_p2} note:\"looking now\""),
    );
    bot.ok(
        customer(100),
        &format!("/case note id:{acme_p4} text:\"any news?\""),
    );
    bot.ok(
        customer(100),
        &format!("/case priority id:{acme_p4} priority:p3 reason:\"month end\""),
    );
    bot.ok(
        agent(),
        &format!("/case priority id:{elite_p1} priority:p2 reason:\"workaround found\""),
    );
    bot.ok(
        agent(),
        &format!("/case escalate id:{acme_p2} reason:\"go-live Monday\""),
    );
    bot.ok(agent(), &format!("/case close id:{japan_p3}"));

    bot.set_now("2026-11-23T01:00:00Z");
    bot.ok(agent(), &format!("/case reopen id:{japan_p3}"));
    bot.ok(agent(), &format!("/case respond id:{japan_p2}"));
    bot.ok(agent(), &format!("/case close id:{japan_p2}"));
    // Some reminders have gone out: the export carries which, so a copy does not repeat them.
    let fired = bot
        .engine
        .store()
        .unwrap()
        .fire_reminders(at("2026-11-23T01:00:00Z"), 1000)
        .expect("reminders fire");
    assert!(fired > 0, "some reminders were due");
    // One reminder is composed and refused by Discord, one composed and waiting, the rest queued.
    let store = bot.engine.store().unwrap();
    let queued = store.outbox(2).expect("the outbox reads");
    assert_eq!(queued.len(), 2, "at least two reminders fired");
    let composed = queued
        .iter()
        .map(|(_, fired)| Composed {
            message: Outgoing {
                channel: 4242,
                content: format!("{} {}", fired.planned.case, fired.planned.threshold.code()),
                nonce: String::new(),
                ping_roles: vec![4343],
                ping_users: Vec::new(),
                cases: vec![fired.planned.case],
                language: Language::En,
            },
            covers: vec![(fired.planned.case, fired.planned.threshold)],
        })
        .collect();
    let consumed: Vec<u64> = queued.iter().map(|(key, _)| *key).collect();
    store
        .stage_messages(&consumed, composed)
        .expect("messages are staged");
    let staged = store.pending_messages().expect("messages read");
    store
        .message_rejected(staged[0].0, "Missing Access")
        .expect("the message moves aside");
    bot.close()
}

fn import_ok(dir: &Path, lines: &str) -> String {
    let out = import(dir, lines);
    assert!(
        out.status.success(),
        "import failed: {}{}",
        stdout(&out),
        stderr(&out)
    );
    stderr(&out)
}

/// What an agent sees of the store through its indexes, at one instant: the replies to a few
/// lists and lookups, from an engine on the store opened in this process.
fn views(dir: &Path) -> Vec<Reply> {
    views_of(Arc::new(SledStore::open(dir).expect("the store opens")))
}

/// The same views of a store of any backend.
fn views_of(store: Arc<dyn Store>) -> Vec<Reply> {
    let clock = Arc::new(ManualClock::new(at("2026-11-24T12:00:00Z")));
    let engine = Engine::new(catalog(), clock).with_store(store);
    [
        "/case list",
        "/case list breaching:true",
        "/case list org:acme-corp",
        "/case list status:responded",
        "/case list status:closed",
        "/case list priority:p2 status:closed",
        "/org list",
        "/org show org:acme-corp",
        "/contacts list org:nihon-shoji",
        "/stats from:2026-11-01 to:2026-11-30",
        "/case show id:CASE-000003",
        "/case show id:CASE-000004",
        "/reminders show",
    ]
    .iter()
    .map(|line| {
        let who = if line.starts_with("/reminders") {
            admin()
        } else {
            agent()
        };
        let reply = engine.handle_line(who, line);
        assert_eq!(reply.outcome, Outcome::Answered, "{line}: {}", reply.text);
        reply
    })
    .collect()
}

/// What the store's reminders have waiting: (planned, queued, staged, rejected).
fn reminders(dir: &Path) -> (usize, usize, usize, usize) {
    let store = SledStore::open(dir).expect("the store opens");
    store.reminder_counts().expect("the store reads")
}

/// How many lines of each kind an export has, in order of first appearance.
fn kinds(exported: &str) -> Vec<(String, usize)> {
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for line in exported.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        let kind = value["kind"]
            .as_str()
            .expect("each line has a kind")
            .to_owned();
        match kinds.last_mut() {
            Some((last, n)) if *last == kind => *n += 1,
            _ => kinds.push((kind, 1)),
        }
    }
    kinds
}

#[test]
fn export_then_import_reproduces_the_store_and_twice_changes_nothing() {
    let original = populated();
    let exported = export(original.path());
    let lines: Vec<&str> = exported.lines().collect();
    let (_, queued, staged, rejected) = reminders(original.path());
    assert!(queued > 0, "some reminders wait in the outbox");
    assert_eq!((staged, rejected), (1, 1));
    assert_eq!(
        kinds(&exported),
        [
            ("org".to_owned(), 3),
            ("case".to_owned(), 6),
            ("routes".to_owned(), 1),
            ("outbox".to_owned(), queued),
            ("staged".to_owned(), 1),
            ("rejected".to_owned(), 1),
            ("counters".to_owned(), 1),
        ],
        "{exported}"
    );
    assert!(exported.ends_with('\n'));
    for expected in [
        r#""kind":"org""#,
        r#""audit":[{"#,
        r#""field":"plan","old":"business","new":"enterprise""#,
        r#""contacts":{"adobe-commerce":[100],"analytics":[102]}"#,
        r#""response":{"by":7"#,
        r#""kind":"note","text":"any news?""#,
        r#""kind":"priority","from":"p4","to":"p3""#,
        r#""kind":"escalated","reason":"go-live Monday","notified":55"#,
        r#""kind":"closed""#,
        r#""kind":"reopened""#,
        r#""closed_at":"2026-11-23T01:00:00Z""#,
        r#""customer_raised_at":"2026-11-20T10:00:00Z""#,
        "ログインできない",
        "@everyone <@&123> naïve ☃",
        r#"how do I \"export\"?"#,
        r#"since the 9:00 deploy\nsecond line"#,
        r#""regions":{"emea":{"channel":4242,"role":4343"#,
        r#""oncall_role":5454"#,
        r#""reason":"Missing Access""#,
        r#""next_case":7"#,
    ] {
        assert!(
            exported.contains(expected),
            "{expected} missing from:\n{exported}"
        );
    }
    assert!(exported.contains(r#""reminders_fired":["#), "{exported}");
    let before = views(original.path());
    let waiting = reminders(original.path());

    let copy = tempfile::tempdir().unwrap();
    let said = import_ok(copy.path(), &exported);
    assert!(said.contains("3 organisations, 6 cases"), "{said}");
    assert_eq!(
        export(copy.path()),
        exported,
        "the copy exports the same bytes"
    );
    assert_eq!(views(copy.path()), before, "the copy answers the same");
    assert_eq!(
        reminders(copy.path()),
        waiting,
        "the copy plans the reminders the original has yet to send, no more, and keeps its queues"
    );

    let again = import(copy.path(), &exported);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    for id in 1..=6 {
        assert!(
            stderr(&again).contains(&format!("CASE-00000{id}")),
            "every colliding id is listed: {}",
            stderr(&again)
        );
    }
    assert_eq!(
        export(copy.path()),
        exported,
        "a second import changes nothing"
    );
    assert_eq!(views(copy.path()), before);
    assert_eq!(reminders(copy.path()), waiting);

    // The copy goes on numbering after the imported cases.
    let out = ask(
        copy.path(),
        Some("2026-11-24T12:00:00Z"),
        "agent",
        AGENT,
        "/case file org:acme-corp product:analytics priority:p3 title:next",
    );
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("Recorded as CASE-000007."),
        "{}",
        stdout(&out)
    );
    let after = export(copy.path());
    let cases_end = lines
        .iter()
        .position(|l| l.contains(r#""kind":"routes""#))
        .expect("routes follow the cases");
    assert!(
        after.starts_with(&format!("{}\n", lines[..cases_end].join("\n"))),
        "nothing imported was overwritten"
    );
    assert!(after.contains(r#""id":7,"#), "{after}");
    assert_eq!(after.lines().count(), lines.len() + 1);
}

#[test]
fn a_bad_line_is_refused_with_its_number_and_nothing_is_written() {
    let original = populated();
    let exported = export(original.path());
    let lines: Vec<&str> = exported.lines().collect();
    let empty = tempfile::tempdir().unwrap();
    let nothing = export(empty.path());

    // The third record is bad; a blank line before it is skipped but counted, so it is line 4.
    for (bad, number) in [
        (r#"{"kind":"case","record":{"id":"x"}}"#, 4),
        ("not json at all", 4),
        (r#"{"kind":"widget","record":{}}"#, 4),
    ] {
        let input = format!(
            "{}\n{}\n\n{bad}\n{}\n",
            lines[0],
            lines[1],
            lines[3..].join("\n")
        );
        let dir = tempfile::tempdir().unwrap();
        let out = import(dir.path(), &input);
        assert_eq!(out.status.code(), Some(1), "{bad}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("line {number}: ")),
            "{bad}: {}",
            stderr(&out)
        );
        assert_eq!(export(dir.path()), nothing, "{bad}: nothing is written");
    }
    // The last line bad: still nothing is written.
    let dir = tempfile::tempdir().unwrap();
    let out = import(dir.path(), &format!("{exported}{{\n"));
    assert_eq!(out.status.code(), Some(1));
    let last = lines.len() + 1;
    assert!(
        stderr(&out).contains(&format!("line {last}: ")),
        "{}",
        stderr(&out)
    );
    assert_eq!(export(dir.path()), nothing);
}

#[test]
fn a_sled_store_moves_to_postgres_and_back_unchanged() {
    let Some(database) = pg::TestDatabase::create("a_sled_store_moves_to_postgres_and_back") else {
        return;
    };
    let original = populated();
    let exported = export(original.path());
    let expected_views = views(original.path());
    let expected_reminders = reminders(original.path());

    let imported = import_store(&database.url, &exported);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert_eq!(
        export_store(&database.url),
        exported,
        "PostgreSQL holds the same records"
    );
    let postgres: Arc<dyn Store> =
        Arc::new(PostgresStore::open(&database.url).expect("the database opens"));
    assert_eq!(
        postgres.reminder_counts().expect("counts"),
        expected_reminders,
        "the same reminders planned and waiting"
    );
    assert_eq!(
        views_of(postgres.clone()),
        expected_views,
        "agents see the same"
    );
    assert!(postgres.check().expect("checks").is_clean());
    drop(postgres);

    let back = tempfile::tempdir().expect("a temporary directory");
    import_ok(back.path(), &export_store(&database.url));
    assert_eq!(
        export(back.path()),
        exported,
        "and back to sled, byte for byte"
    );
    assert_eq!(reminders(back.path()), expected_reminders);
}
