//! `supportbot cases export | supportbot cases import`: a store with organisations (contacts,
//! audit) and cases (responses, notes, priority changes, escalations, closed and reopened ones)
//! goes through JSON lines into an empty directory and comes out the same, byte for byte;
//! importing twice changes nothing; a bad line is refused with its number.

#[path = "common/cases.rs"]
mod support;

use std::path::Path;
use std::sync::Arc;

use supportbot::clock::ManualClock;
use supportbot::engine::{Engine, Outcome, Reply};
use supportbot::store::{SledStore, Store};

use support::*;

/// A store with something of everything, made through the commands at moving times.
fn populated() -> tempfile::TempDir {
    // Fri 10:00 Tokyo, 01:00 London.
    let bot = Bot::new("2026-11-20T01:00:00Z");
    bot.org(r#"name:"Acme Corp" plan:business region:emea products:adobe-commerce,analytics"#);
    bot.org(r#"name:"Nihon Shoji" plan:enterprise region:japan country:JP timezone:Asia/Tokyo products:analytics"#);
    bot.org(r#"name:"Elite Co" plan:elite region:americas timezone:America/New_York"#);
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
    let store = Arc::new(SledStore::open(dir).expect("the store opens"));
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
    ]
    .iter()
    .map(|line| {
        let reply = engine.handle_line(agent(), line);
        assert_eq!(reply.outcome, Outcome::Answered, "{line}: {}", reply.text);
        reply
    })
    .collect()
}

/// How many reminders the store has planned and not yet fired.
fn planned_reminders(dir: &Path) -> usize {
    let store = SledStore::open(dir).expect("the store opens");
    store.reminder_counts().expect("the store reads").0
}

#[test]
fn export_then_import_reproduces_the_store_and_twice_changes_nothing() {
    let original = populated();
    let exported = export(original.path());
    let lines: Vec<&str> = exported.lines().collect();
    assert_eq!(
        lines.len(),
        3 + 6,
        "3 organisations and 6 cases:\n{exported}"
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
    ] {
        assert!(
            exported.contains(expected),
            "{expected} missing from:\n{exported}"
        );
    }
    assert!(exported.contains(r#""reminders_fired":["#), "{exported}");
    let before = views(original.path());
    let planned = planned_reminders(original.path());

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
        planned_reminders(copy.path()),
        planned,
        "the copy plans the reminders the original has yet to send, no more"
    );

    import_ok(copy.path(), &exported);
    assert_eq!(
        export(copy.path()),
        exported,
        "a second import changes nothing"
    );
    assert_eq!(views(copy.path()), before);
    assert_eq!(planned_reminders(copy.path()), planned);

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
    assert!(
        after.starts_with(&exported),
        "nothing imported was overwritten"
    );
    assert_eq!(after.lines().count(), lines.len() + 1);
}

#[test]
fn a_bad_line_is_refused_with_its_number() {
    let original = populated();
    let exported = export(original.path());
    let lines: Vec<&str> = exported.lines().collect();

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
        // The lines before it are kept, nothing after it.
        assert_eq!(export(dir.path()), format!("{}\n{}\n", lines[0], lines[1]));
    }
    // The first line bad: nothing is written.
    let dir = tempfile::tempdir().unwrap();
    let out = import(dir.path(), &format!("{{\n{exported}"));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("line 1: "), "{}", stderr(&out));
    assert_eq!(export(dir.path()), "");
}
