//! Issue 8, case records you can trust: case numbers never wrap and a filing never overwrites
//! (input 1), import is a checked, all-or-nothing restore (inputs 2 and 3).

#[path = "common/cases.rs"]
mod support;

use std::path::Path;

use serde_json::{Value, json};
use support::*;

/// Two organisations, each with a contact and one case (CASE-000001 of Acme, CASE-000002 of
/// Globex), closed so the binary may open the store.
fn two_orgs() -> tempfile::TempDir {
    let bot = Bot::new("2026-11-20T09:00:00Z");
    bot.org("name:Acme plan:business region:emea products:aem");
    bot.org("name:Globex plan:business region:emea products:aem");
    bot.ok(agent(), "/contacts add org:acme product:aem user:100");
    bot.ok(agent(), "/contacts add org:globex product:aem user:200");
    bot.file(
        customer(100),
        "/case file org:acme product:aem priority:p3 title:\"acme's own\"",
    );
    bot.file(
        customer(200),
        "/case file org:globex product:aem priority:p3 title:\"globex's own\"",
    );
    bot.close()
}

/// The export's lines as JSON values.
fn records(exported: &str) -> Vec<Value> {
    exported
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn kind<'a>(records: &'a [Value], kind: &str) -> Vec<&'a Value> {
    records.iter().filter(|r| r["kind"] == kind).collect()
}

fn lines(records: &[Value]) -> String {
    records.iter().map(|r| format!("{r}\n")).collect()
}

/// A case line like `template`, changed by `edit`.
fn case_line(template: &Value, edit: impl FnOnce(&mut Value)) -> Value {
    let mut line = template.clone();
    edit(&mut line["record"]);
    line
}

fn ask_ok(dir: &Path, role: &str, user: u64, line: &str) -> String {
    let out = ask(dir, Some("2026-11-20T10:00:00Z"), role, user, line);
    assert!(out.status.success(), "{line}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn input_1_a_huge_imported_id_is_refused_and_numbers_never_wrap_onto_another_org() {
    let dir = two_orgs();
    let before = export(dir.path());
    let all = records(&before);
    let acme_case = kind(&all, "case")[0];

    // The line of the issue: id 18446744073709551615, refused; nothing changes.
    let huge = case_line(acme_case, |r| {
        r["id"] = json!(18_446_744_073_709_551_615u64)
    });
    let out = import(dir.path(), &lines(&[huge]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("case number 18446744073709551615 is outside 1 to 4294967295"),
        "{}",
        stderr(&out)
    );
    assert_eq!(export(dir.path()), before);

    // The largest number is accepted; after it, filing is refused, never wrapped.
    let last = case_line(acme_case, |r| r["id"] = json!(4_294_967_295u64));
    let out = import(dir.path(), &lines(&[last]));
    assert!(out.status.success(), "{}", stderr(&out));
    let globex_before = ask_ok(dir.path(), "customer", 200, "/case list");
    assert!(globex_before.contains("CASE-000002"), "{globex_before}");
    for _ in 0..2 {
        let out = ask(
            dir.path(),
            Some("2026-11-20T10:00:00Z"),
            "customer",
            100,
            "/case file org:acme product:aem priority:p3 title:next",
        );
        assert!(
            stdout(&out).contains("Every case number up to CASE-4294967295 has been used"),
            "{}",
            stdout(&out)
        );
        assert!(!stdout(&out).contains("Recorded as"), "{}", stdout(&out));
    }
    let after = records(&export(dir.path()));
    let ids: Vec<u64> = kind(&after, "case")
        .iter()
        .map(|c| c["record"]["id"].as_u64().expect("an id"))
        .collect();
    assert_eq!(ids, [1, 2, 4_294_967_295], "no case was added or replaced");
    assert_eq!(
        kind(&after, "case")[1],
        kind(&all, "case")[1],
        "Globex's CASE-000002 is untouched"
    );
    let globex_after = ask_ok(dir.path(), "customer", 200, "/case list");
    assert_eq!(globex_after, globex_before, "Globex sees only its own case");
    assert!(!globex_after.contains("acme"), "{globex_after}");
}

#[test]
fn input_2_every_bad_line_is_refused_with_its_reason_and_nothing_is_written() {
    let dir = two_orgs();
    let before = export(dir.path());
    let all = records(&before);
    let org = kind(&all, "org")[0];
    let case = kind(&all, "case")[0];
    let fresh = |id: u64| case_line(case, |r| r["id"] = json!(id));
    let mut crowded = org.clone();
    crowded["record"]["id"] = json!("crowded");
    crowded["record"]["contacts"] = json!({ "aem": (1..=100).collect::<Vec<u64>>() });

    let cases: Vec<(&str, Vec<Value>, &str)> = vec![
        (
            "an existing id",
            vec![case.clone()],
            "already in the store: cases CASE-000001",
        ),
        (
            "the same id twice",
            vec![fresh(10), fresh(10)],
            "line 3: CASE-000010 appears twice",
        ),
        (
            "an unknown schema version",
            vec![case_line(&fresh(10), |r| r["v"] = json!(99))],
            "case schema version 99",
        ),
        (
            "an organisation that does not exist",
            vec![case_line(&fresh(10), |r| r["org"] = json!("nobody"))],
            "organisation nobody is neither in the store nor in the file",
        ),
        (
            "100 contacts where the plan allows 6",
            vec![crowded],
            "100 named contacts for aem, where the plan allows 6",
        ),
        (
            "a 10 000-character title",
            vec![case_line(&fresh(10), |r| {
                r["title"] = json!("x".repeat(10_000))
            })],
            "the title is empty, longer than 200 characters",
        ),
        (
            "an escape sequence in a description",
            vec![case_line(&fresh(10), |r| {
                r["description"] = json!("\u{1b}[2Jgone")
            })],
            "line 2: the text contains U+001B",
        ),
        (
            "id 0",
            vec![fresh(0)],
            "case number 0 is outside 1 to 4294967295",
        ),
        (
            "a due instant in year 0",
            vec![case_line(&fresh(10), |r| {
                r["due_at"] = json!("0000-01-01T00:00:00Z")
            })],
            "due_at 0000-01-01 00:00:00 UTC is outside the years the clock computes",
        ),
        (
            "a due instant in year 9999",
            vec![case_line(&fresh(10), |r| {
                r["due_at"] = json!("9999-01-01T00:00:00Z")
            })],
            "due_at 9999-01-01 00:00:00 UTC is outside the years the clock computes",
        ),
    ];
    for (what, bad, expected) in cases {
        // A good line first: it must not be written either.
        let mut input = vec![fresh(20)];
        input.extend(bad);
        let out = import(dir.path(), &lines(&input));
        assert_eq!(out.status.code(), Some(1), "{what}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{what}: expected {expected:?} in {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains("nothing was imported"), "{what}");
        assert_eq!(
            export(dir.path()),
            before,
            "{what}: a failed import leaves the export byte-identical"
        );
    }

    // The same lines, good: a dry run says what would be added and writes nothing; then the
    // real import adds exactly that.
    let good = lines(&[fresh(10), fresh(11)]);
    let out = import_with(dir.path(), &["--dry-run"], &good);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("would import 0 organisations, 2 cases"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "CASE-000010\nCASE-000011\n");
    assert_eq!(export(dir.path()), before);
    let out = import(dir.path(), &good);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("imported 0 organisations, 2 cases"),
        "{}",
        stderr(&out)
    );
    assert_eq!(kind(&records(&export(dir.path())), "case").len(), 4);
    let check = store_check(dir.path());
    assert!(
        check.status.success() && stdout(&check).contains("none damaged"),
        "records and indexes agree after a restore: {}",
        stdout(&check)
    );
}

#[test]
fn input_3_a_garbage_last_line_leaves_the_first_two_unwritten() {
    let source = two_orgs();
    let all = records(&export(source.path()));
    let input = format!(
        "{}{}{{garbage\n",
        lines(&[kind(&all, "org")[0].clone()]),
        lines(&[kind(&all, "case")[0].clone()])
    );
    let dir = tempfile::tempdir().unwrap();
    let empty = export(dir.path());
    let out = import(dir.path(), &input);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("line 3: "), "{}", stderr(&out));
    assert_eq!(
        export(dir.path()),
        empty,
        "neither the org nor the case stays"
    );
}

#[test]
fn input_5_the_first_response_is_final_whatever_the_priority_does_later() {
    // Monday 09:00 London: Business P3, 4 business hours, due 13:00.
    let bot = Bot::new("2026-11-23T09:00:00Z");
    bot.org("name:Europa plan:business region:emea products:analytics");
    let id = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p3 title:report",
    );
    bot.set_now("2026-11-23T12:00:00Z");
    let reply = bot.ok(agent(), &format!("/case respond id:{id}"));
    let met = "Target met with 1 h to spare (business hours; 1 h wall-clock).";
    assert!(reply.text.contains(met), "{}", reply.text);

    bot.set_now("2026-11-23T12:30:00Z");
    let reply = bot.ok(agent(), &format!("/case priority id:{id} priority:p2"));
    assert!(
        field(&reply, "Initial response").contains(met),
        "{}",
        all_text(&reply)
    );
    let show = bot.ok(agent(), &format!("/case show id:{id}"));
    assert!(
        field(&show, "Initial response").contains(met),
        "{}",
        all_text(&show)
    );
    assert!(
        field(&show, "History").contains("P3 → P2"),
        "the change is kept in the history: {}",
        field(&show, "History")
    );
    // Measured as a P3, it counts as a P3 (finding 3).
    let stats = bot.ok(agent(), "/stats from:2026-11-01 to:2026-11-30");
    assert_eq!(
        field(&stats, "P3 · Europe, Middle East & Africa"),
        "1 of 1 met"
    );
    assert!(!all_text(&stats).contains("P2 ·"), "{}", all_text(&stats));
    let breaching = bot.ok(agent(), "/case list breaching:true");
    assert!(!breaching.text.contains(&id), "{}", breaching.text);
}

/// The tester's finding 3: a P2 answered in time and raised to P1 afterwards stays a P2 met in
/// `/stats` and `/case list`; a P2 answered late and lowered to P4 afterwards stays a P2 miss.
#[test]
fn finding_3_an_answered_case_counts_under_the_priority_its_response_was_measured_against() {
    // Monday 09:10 London: Business P2, 2 business hours, due 11:10.
    let bot = Bot::new("2026-11-23T09:10:00Z");
    bot.org("name:Europa plan:business region:emea products:analytics");
    let file = "/case file org:europa product:analytics priority:p2 title:report";
    let raised = bot.file(agent(), file);
    let lowered = bot.file(agent(), file);
    bot.set_now("2026-11-23T10:20:00Z");
    bot.ok(agent(), &format!("/case respond id:{raised}"));
    bot.set_now("2026-11-23T12:10:00Z");
    bot.ok(agent(), &format!("/case respond id:{lowered}"));
    bot.set_now("2026-11-23T12:15:00Z");
    bot.ok(
        agent(),
        &format!("/case priority id:{raised} priority:p1 reason:worse"),
    );
    bot.ok(
        agent(),
        &format!("/case priority id:{lowered} priority:p4 reason:cosmetic"),
    );

    bot.set_now("2026-11-26T02:00:00Z");
    let stats = bot.ok(agent(), "/stats");
    assert_eq!(
        field(&stats, "P2 · Europe, Middle East & Africa"),
        "1 of 2 met\nlate in the target's own time: median 1 h, worst 1 h (wall-clock: median 1 h, worst 1 h)"
    );
    for later in ["P1 ·", "P4 ·"] {
        assert!(!all_text(&stats).contains(later), "{}", all_text(&stats));
    }
    let emea = bot.ok(agent(), "/stats region:emea");
    assert_eq!(emea.fields, stats.fields);

    let list = bot.ok(agent(), "/case list status:responded");
    let line = |id: &str| {
        list.text
            .lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("{id} not in {}", list.text))
            .to_owned()
    };
    assert!(
        line(&raised).contains("**P1**") && line(&raised).ends_with("target met as P2"),
        "{}",
        list.text
    );
    assert!(
        line(&lowered).contains("**P4**") && line(&lowered).contains("target missed as P2"),
        "{}",
        list.text
    );
}

#[test]
fn input_9_stats_and_respond_measure_lateness_in_the_same_unit() {
    // Monday 16:30 London: Business P2, 2 business hours, due Tuesday 10:30; answered
    // Wednesday 09:30: 7 business hours late (Tue 10:30–17:00, Wed 09:00–09:30), 23 h wall-clock.
    let bot = Bot::new("2026-11-23T16:30:00Z");
    bot.org("name:Europa plan:business region:emea products:analytics");
    let id = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p2 title:slow",
    );
    bot.set_now("2026-11-25T09:30:00Z");
    let reply = bot.ok(agent(), &format!("/case respond id:{id}"));
    assert!(
        reply
            .text
            .contains("Target missed by 7 h (business hours; 23 h wall-clock)."),
        "{}",
        reply.text
    );
    let stats = bot.ok(agent(), "/stats from:2026-11-01 to:2026-11-30");
    assert_eq!(
        field(&stats, "P2 · Europe, Middle East & Africa"),
        "0 of 1 met\nlate in the target's own time: median 7 h, worst 7 h (wall-clock: median 23 h, worst 23 h)"
    );
}

#[test]
fn input_6_closed_time_does_not_count_and_nothing_fires_for_it() {
    // Monday 09:10 London: Business P2, 2 business hours, due 11:10.
    let bot = Bot::new("2026-11-23T09:10:00Z");
    bot.org("name:Europa plan:business region:emea products:analytics");
    bot.ok(admin(), "/reminders set region:emea channel:4242 role:4343");
    let id = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p2 title:down",
    );
    let other = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p2 title:dup",
    );
    let store = bot.engine.store().expect("a store");
    let case_id: supportbot::domain::case::CaseId = id.parse().unwrap();

    bot.set_now("2026-11-23T09:20:00Z");
    bot.ok(agent(), &format!("/case close id:{id}"));
    bot.ok(agent(), &format!("/case close id:{other}"));
    assert_eq!(
        store
            .fire_reminders(at("2026-11-23T14:59:00Z"), 1000)
            .unwrap(),
        0,
        "nothing fires for a closed case"
    );

    // Reopened at 15:00 with 1 h 50 min of its budget left: due 16:50, written to the history.
    bot.set_now("2026-11-23T15:00:00Z");
    bot.ok(agent(), &format!("/case reopen id:{id}"));
    let case = store.case(case_id).unwrap().unwrap();
    assert_eq!(case.due_at, at("2026-11-23T16:50:00Z"));
    let reopened = case.history.last().expect("a history entry");
    assert_eq!(
        serde_json::to_value(reopened).unwrap()["due_after"],
        "2026-11-23T16:50:00Z"
    );

    // At 15:02 nothing fires; the first threshold (half the budget used) is 15:50.
    assert_eq!(
        store
            .fire_reminders(at("2026-11-23T15:02:00Z"), 1000)
            .unwrap(),
        0
    );
    assert_eq!(
        store.next_reminder_at().unwrap(),
        Some(at("2026-11-23T15:50:00Z"))
    );
    bot.set_now("2026-11-23T15:02:00Z");
    let stats = bot.ok(agent(), "/stats from:2026-11-01 to:2026-11-30");
    assert_eq!(
        field(&stats, "P2 · Europe, Middle East & Africa"),
        "0 of 0 met\n1 closed without response",
        "the reopened case is not late; the closed one is counted apart"
    );
    let breaching = bot.ok(agent(), "/case list breaching:true");
    assert!(!breaching.text.contains(&id), "{}", breaching.text);

    bot.set_now("2026-11-23T16:00:00Z");
    let reply = bot.ok(agent(), &format!("/case respond id:{id}"));
    assert!(
        reply
            .text
            .contains("Target met with 50 min to spare (business hours; 50 min wall-clock)."),
        "{}",
        reply.text
    );
    let stats = bot.ok(agent(), "/stats from:2026-11-01 to:2026-11-30");
    assert_eq!(
        field(&stats, "P2 · Europe, Middle East & Africa"),
        "1 of 1 met\n1 closed without response"
    );
}

/// Every reminder the store holds for its cases, fired at the end of time: (case, threshold,
/// instant), in firing order.
fn all_reminders(bot: &Bot) -> Vec<(u64, String, chrono::DateTime<chrono::Utc>)> {
    let store = bot.engine.store().expect("a store");
    store
        .fire_reminders(at("2030-01-01T00:00:00Z"), 10_000)
        .unwrap();
    store
        .outbox(10_000)
        .unwrap()
        .into_iter()
        .map(|(_, f)| {
            (
                f.planned.case.0,
                f.planned.threshold.code(),
                f.planned.fire_at,
            )
        })
        .collect()
}

#[test]
fn input_7_an_org_change_leaves_open_cases_on_their_terms_unless_moved_explicitly() {
    // Monday 09:00 London: Business P3, 4 business hours, due 13:00.
    let bot = Bot::new("2026-11-23T09:00:00Z");
    bot.org("name:Europa plan:business region:emea products:analytics");
    bot.org("name:Moved plan:business region:emea products:analytics");
    let kept = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p3 title:kept",
    );
    let moved = bot.file(
        agent(),
        "/case file org:moved product:analytics priority:p3 title:moved",
    );

    bot.set_now("2026-11-23T09:30:00Z");
    let reply = bot.ok(admin(), "/org set org:europa plan:online");
    assert!(
        reply
            .text
            .contains("1 open case keeps the terms it was filed under"),
        "{}",
        reply.text
    );
    let reply = bot.ok(admin(), "/org set org:moved plan:online apply-to-open:true");
    assert!(
        reply
            .text
            .contains("1 open case moved to the new terms; its due time"),
        "{}",
        reply.text
    );
    // The answer and the history name the new due instant (finding 11b): Online P3, 6 business
    // hours from 09:00, instead of Business's 4.
    let thirteen = at("2026-11-23T13:00:00Z").timestamp();
    let fifteen = at("2026-11-23T15:00:00Z").timestamp();
    assert_eq!(
        field(&reply, "New due times"),
        format!("`{moved}` due <t:{fifteen}:f> (was <t:{thirteen}:f>)")
    );
    bot.set_now("2026-11-23T10:00:00Z");
    bot.ok(
        agent(),
        &format!("/case note id:{kept} text:\"still looking\""),
    );
    bot.ok(
        agent(),
        &format!("/case note id:{moved} text:\"still looking\""),
    );

    let show = bot.ok(agent(), &format!("/case show id:{kept}"));
    assert!(field(&show, "First response due").starts_with(&stamp("2026-11-23T13:00:00Z")));
    assert_eq!(field(&show, "Plan"), "Business Support");
    let show = bot.ok(agent(), &format!("/case show id:{moved}"));
    // Online P3: 6 business hours from 09:00.
    assert!(field(&show, "First response due").starts_with(&stamp("2026-11-23T15:00:00Z")));
    assert!(
        field(&show, "History").contains(&format!(
            "moved to the organisation's new terms (Business Support → Online Support); due computed again from submission: now <t:{fifteen}:f>"
        )),
        "{}",
        field(&show, "History")
    );

    let h = |s: &str| at(&format!("2026-11-23T{s}:00Z"));
    let mut reminders = all_reminders(&bot);
    reminders.sort_by_key(|(case, code, at)| (*case, *at, code.clone()));
    assert_eq!(
        reminders,
        [
            // Kept on Business: 50% and 80% of 4 h before the 13:00 breach, then escalation.
            (1, "u500".to_owned(), h("11:00")),
            (1, "u800".to_owned(), h("12:12")),
            (1, "b".to_owned(), h("13:00")),
            (1, "e".to_owned(), h("13:00")),
            // Moved to Online: 50% and 80% of 6 h, breach at 15:00, no escalation.
            (2, "u500".to_owned(), h("12:00")),
            (2, "u800".to_owned(), h("13:48")),
            (2, "b".to_owned(), h("15:00")),
        ]
    );
}

/// A store of `n` cases of one organisation, through a restore, closed.
fn store_of(n: u64) -> tempfile::TempDir {
    let dir = two_orgs();
    let all = records(&export(dir.path()));
    let template = kind(&all, "case")[0];
    let cases: Vec<Value> = (3..=n)
        .map(|id| {
            case_line(template, |r| {
                r["id"] = json!(id);
                r["title"] = json!(format!("case number {id} of the damaged store"));
            })
        })
        .collect();
    let out = import(dir.path(), &lines(&cases));
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

fn store_check(dir: &Path) -> std::process::Output {
    bot_command(dir)
        .args(["store", "check"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("supportbot runs")
}

#[test]
fn input_10_a_flipped_byte_is_reported_never_silently_lost() {
    let dir = store_of(300);
    let db = dir.path().join("db");
    let mut bytes = std::fs::read(&db).expect("the db file reads");
    // In the middle of what sled wrote: past it, the rest of an 8 MiB log segment is a hole
    // that nothing reads.
    let written = bytes.iter().rposition(|b| *b != 0).unwrap_or_default();
    let middle = written / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&db, &bytes).expect("the db file writes");

    let out = store_check(dir.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("damaged: meta/counters: records were lost"),
        "{}",
        stdout(&out)
    );
    // The bot does not go on acknowledging cases on a store that lost records.
    let out = ask(
        dir.path(),
        Some("2026-11-20T10:00:00Z"),
        "agent",
        AGENT,
        "/case file org:acme product:aem priority:p3 title:next",
    );
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("holds less than it had recorded when last closed"),
        "{}",
        stderr(&out)
    );
    // Export saves what is readable, says what is not, and fails.
    let out = bot_command(dir.path())
        .args(["cases", "export"])
        .output()
        .expect("supportbot runs");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("damaged, left out: meta/counters"),
        "{}",
        stderr(&out)
    );
    // The evidence stays: still refused after the salvage.
    assert_eq!(store_check(dir.path()).status.code(), Some(1));
}

#[test]
fn input_10_a_damaged_record_is_named_as_damaged_and_export_goes_past_it() {
    let dir = store_of(300);
    {
        let db = supportbot::store::sled_config(dir.path())
            .open()
            .expect("sled opens");
        let cases = db.open_tree("cases").expect("the cases tree");
        cases
            .insert(150u64.to_be_bytes(), &b"{\"id\":150,\"ti\x01"[..])
            .expect("written");
        db.flush().expect("flushed");
    }
    let out = store_check(dir.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("damaged: cases/CASE-000150: "),
        "{}",
        stdout(&out)
    );
    let show = stdout(&ask(
        dir.path(),
        Some("2026-11-20T10:00:00Z"),
        "agent",
        AGENT,
        "/case show id:150",
    ));
    assert!(
        show.contains("The stored record cases/CASE-000150 is damaged and cannot be read"),
        "{show}"
    );
    assert!(!show.contains("could not be saved"), "{show}");

    let out = bot_command(dir.path())
        .args(["cases", "export"])
        .output()
        .expect("supportbot runs");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("damaged, left out: record cases/CASE-000150 cannot be read"),
        "{}",
        stderr(&out)
    );
    let exported = records(&stdout(&out));
    let ids: Vec<u64> = kind(&exported, "case")
        .iter()
        .map(|c| c["record"]["id"].as_u64().expect("an id"))
        .collect();
    assert_eq!(ids.len(), 299, "every readable case is exported");
    assert!(!ids.contains(&150));
    assert_eq!(ids.last(), Some(&300), "export goes on past the damage");
}

#[test]
fn records_written_before_terms_were_kept_load_and_keep_their_terms_through_an_org_change() {
    let dir = two_orgs();
    let all = records(&export(dir.path()));
    let legacy = case_line(kind(&all, "case")[0], |r| {
        r["id"] = json!(3);
        r.as_object_mut().expect("a record").remove("terms");
    });
    assert!(!legacy.to_string().contains("\"terms\""));
    let out = import(dir.path(), &lines(&[legacy]));
    assert!(out.status.success(), "{}", stderr(&out));
    let show = |dir: &Path| {
        let out = ask(
            dir,
            Some("2026-11-20T10:00:00Z"),
            "agent",
            AGENT,
            "/case show id:3",
        );
        assert!(out.status.success(), "{}", stdout(&out));
        stdout(&out)
    };
    let before = show(dir.path());
    assert!(before.contains("Business Support"), "{before}");
    let out = ask(
        dir.path(),
        Some("2026-11-20T10:00:00Z"),
        "admin",
        ADMIN,
        "/org set org:acme plan:online",
    );
    assert!(
        stdout(&out).contains("2 open cases keep the terms they were filed under"),
        "{}",
        stdout(&out)
    );
    assert_eq!(show(dir.path()), before, "same due instant, same plan");
    let exported = records(&export(dir.path()));
    assert_eq!(
        kind(&exported, "case")[2]["record"]["terms"]["plan"],
        "business",
        "the legacy case was given the terms it was worked under"
    );
}

/// A note given with the first response is shown wherever the history is,
/// as user text; so is every other note and reason a case command takes.
#[test]
fn every_note_and_reason_is_stored_and_shown() {
    let bot = Bot::new("2026-11-23T09:00:00Z");
    bot.org("name:Europa plan:business region:emea products:analytics");
    let id = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p3 title:report",
    );
    let reply = bot.ok(
        agent(),
        &format!("/case respond id:{id} note:\"called <@&1> back\""),
    );
    assert!(
        field(&reply, "History").contains("initial response: called <@&1> back"),
        "{}",
        all_text(&reply)
    );
    bot.ok(agent(), &format!("/case note id:{id} text:\"a note\""));
    bot.ok(
        agent(),
        &format!("/case priority id:{id} priority:p2 reason:\"a reason\""),
    );
    bot.ok(
        agent(),
        &format!("/case escalate id:{id} reason:\"an escalation\""),
    );
    let history = bot.ok(agent(), &format!("/case show id:{id}"));
    let history = field(&history, "History");
    for shown in [
        "initial response: called <@&1> back",
        "note: a note",
        "priority P3 → P2 (a reason)",
        "escalated: an escalation",
    ] {
        assert!(history.contains(shown), "{shown:?} in {history}");
    }
    // The note is user text: the Discord renderer escapes it.
    let raw = bot
        .engine
        .handle_line(agent(), &format!("/case show id:{id}"));
    let marked = raw
        .fields
        .iter()
        .find(|f| f.name == "History")
        .map(|f| f.value.clone())
        .unwrap_or_default();
    assert!(
        marked.contains(&format!(
            "initial response: {}",
            supportbot::domain::text::UserText::line("called <@&1> back")
                .expect("user text")
                .marked()
        )),
        "{marked}"
    );
}

/// An id that collides says the id is taken and offers a free one; `/org set`
/// with nothing to change lists what it can change.
#[test]
fn org_refusals_say_what_is_wrong() {
    let bot = Bot::new("2026-11-23T09:00:00Z");
    bot.org("name:Tokyo plan:business region:japan");
    let reply = bot.refused(
        admin(),
        "/org add name:\"Dup\" plan:business region:emea id:tokyo",
    );
    assert_eq!(
        reply.text,
        "The organisation id `tokyo` is already taken. Give another with `id:`, for example \
         `id:tokyo-2`; `/org show org:tokyo` shows the organisation that has it."
    );
    bot.ok(
        admin(),
        "/org add name:\"Dup\" plan:business region:emea id:tokyo-2",
    );
    let reply = bot.refused(
        admin(),
        "/org add name:\"Dup\" plan:business region:emea id:tokyo",
    );
    assert!(reply.text.contains("`id:tokyo-3`"), "{}", reply.text);
    let everything = "`plan`, `region`, `country`, `timezone`, `products`, \
                      `escalation-contact`, `account-support-lead`, `apply-to-open`";
    for line in [
        "/org set org:tokyo",
        "/org set org:tokyo apply-to-open:false",
    ] {
        let reply = bot.refused(admin(), line);
        assert_eq!(
            reply.text,
            format!("/org set needs at least one setting to change: {everything}."),
            "{line}"
        );
    }
    // Values the organisation already has change nothing, and the answer says so.
    let reply = bot.ok(admin(), "/org set org:tokyo plan:business region:japan");
    assert_eq!(
        reply.text,
        "Nothing changed: organisation `tokyo` already has these settings."
    );
    let reply = bot.ok(admin(), "/org set org:tokyo plan:business region:apac");
    assert_eq!(reply.text, "Organisation `tokyo` updated.");
}

/// After the first response a priority change says the verdict stands (it
/// never flips) and moves no due instant; `/case list status:responded` shows verdicts; a
/// reopen writes the new due instant into the history.
#[test]
fn after_the_response_the_verdict_is_what_is_said() {
    // Monday 09:00 London: Business P3, 4 business hours, due 13:00.
    let bot = Bot::new("2026-11-23T09:00:00Z");
    bot.org("name:Europa plan:business region:emea products:analytics");
    let met = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p3 title:met",
    );
    let missed = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p3 title:missed",
    );
    bot.set_now("2026-11-23T12:00:00Z");
    bot.ok(agent(), &format!("/case respond id:{met}"));
    bot.set_now("2026-11-23T14:00:00Z");
    bot.ok(agent(), &format!("/case respond id:{missed}"));

    // P4 would be due later, P1 long before: the recorded verdict stands either way.
    let reply = bot.ok(agent(), &format!("/case priority id:{met} priority:p1"));
    assert_eq!(
        reply.text,
        format!(
            "{met} is now P1. Its first response was already given, so nothing is due; the \
             verdict, measured against the target in force then, stands: Target met with 1 h \
             to spare (business hours; 1 h wall-clock)."
        )
    );
    assert!(field(&reply, "First response due").starts_with(&stamp("2026-11-23T13:00:00Z")));
    let reply = bot.ok(agent(), &format!("/case priority id:{missed} priority:p4"));
    assert!(
        reply.text.contains("stands: Target missed by 1 h"),
        "{}",
        reply.text
    );
    assert!(!reply.text.contains("response is due"), "{}", reply.text);

    let list = bot.ok(agent(), "/case list status:responded");
    let line = |id: &str| {
        list.text
            .lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("{id} in {}", list.text))
            .to_owned()
    };
    // Measured as P3s, which the list says beside their current priorities (finding 3).
    assert!(line(&met).ends_with(" · target met as P3"), "{}", list.text);
    assert!(
        line(&missed).ends_with(" · target missed as P3 ⚠"),
        "{}",
        list.text
    );
    assert!(!list.text.contains("<t:"), "no due instant: {}", list.text);

    // Closed at 10:00 with 3 of its 4 business hours left, reopened at 15:00: due 18:00 is past
    // the 17:00 close, so Tuesday 10:00.
    bot.set_now("2026-11-23T09:00:00Z");
    let reopened = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p3 title:reopened",
    );
    bot.set_now("2026-11-23T10:00:00Z");
    bot.ok(agent(), &format!("/case close id:{reopened}"));
    bot.set_now("2026-11-23T15:00:00Z");
    let reply = bot.ok(agent(), &format!("/case reopen id:{reopened}"));
    let due = at("2026-11-24T10:00:00Z").timestamp();
    assert_eq!(
        reply.text,
        format!("{reopened} reopened; its first response is now due <t:{due}:f>.")
    );
    assert!(
        field(&reply, "History").contains(&format!(
            "reopened; the first response is now due <t:{due}:f>"
        )),
        "{}",
        field(&reply, "History")
    );
}

/// An organisation's route with another region than its own is refused,
/// saying why and what to type; routes name the organisation by its name and id.
#[test]
fn an_org_route_names_the_org_and_refuses_a_region_it_would_ignore() {
    let bot = Bot::new("2026-11-23T09:00:00Z");
    bot.org("name:\"P *Corp*\" plan:business region:emea id:p");
    let reply = bot.refused(
        admin(),
        "/reminders set region:japan channel:<#7> role:<@&8> org:p",
    );
    assert_eq!(
        reply.text,
        "`p` (P *Corp*) is in Europe, Middle East & Africa, not Japan, and an organisation's \
         route serves all its cases. Give `region:emea` with `org:p`, or leave `org` out to set \
         Japan's route."
    );
    let shown = bot.ok(admin(), "/reminders show");
    assert!(
        shown.fields.is_empty(),
        "nothing was set: {}",
        all_text(&shown)
    );
    let reply = bot.ok(
        admin(),
        "/reminders set region:emea channel:<#7> role:<@&8> org:p",
    );
    assert_eq!(
        reply.text,
        "Reminders for P *Corp* (`p`) now go to <#7>, pinging <@&8>."
    );
    let shown = bot.ok(admin(), "/reminders show");
    assert!(
        field(&shown, "P *Corp* (`p`)").starts_with("<#7> · pings <@&8>"),
        "{}",
        all_text(&shown)
    );
    // The name is user text: the Discord renderer escapes it.
    let raw = bot.engine.handle_line(admin(), "/reminders show");
    assert!(
        raw.fields.iter().any(|f| f.name
            == format!(
                "{} (`p`)",
                supportbot::domain::text::UserText::line("P *Corp*")
                    .expect("user text")
                    .marked()
            )),
        "{raw:#?}"
    );
}
