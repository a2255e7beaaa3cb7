//! The console shows every instant in the zone it is local to (the region's, the organisation's,
//! the customer's), with UTC and how far from now beside it; `--tz` picks the reader's zone
//! instead, and replies with no zone of their own use the machine's. Discord markdown never
//! reaches the terminal, and `/due` without `at:` counts in minutes throughout.

mod common;

use std::process::Command;

use chrono_tz::Tz;
use common::{ask, bin, catalog, engine_at, instant, run, stdout};
use supportbot::engine::Reply;
use supportbot::i18n::Language;
use supportbot::render::text::{self, Reader};

/// `line` asked at `now` in `locale`, rendered for `reader`.
fn console(now: &str, locale: &str, line: &str, reader: Reader) -> String {
    let reply = ask(&engine_at(now), locale, line);
    text::render_for(
        &reply,
        &catalog(),
        Language::from_locale(locale),
        instant(now),
        reader,
    )
}

/// Rendered for a reader on a UTC machine who chose no zone.
fn on_utc_machine(now: &str, locale: &str, line: &str) -> String {
    console(now, locale, line, Reader::Machine(Tz::UTC))
}

/// The binary with the repository's catalog, a store of its own and the clock at `now`.
fn bin_at(now: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_supportbot"));
    command
        .arg("--catalog")
        .arg(common::data_dir())
        .arg("--data-dir")
        .arg(common::scratch_store())
        .args(["--now", now])
        .args(args)
        .env_remove("SUPPORTBOT_CATALOG")
        .env_remove("SUPPORTBOT_DATA_DIR")
        .env("TZ", "UTC")
        .env("RUST_LOG", "off");
    command
}

fn assert_line(text: &str, expected: &str) {
    assert!(
        text.lines().any(|line| line.trim() == expected),
        "no line {expected:?} in:\n{text}"
    );
}

/// Monday 30 November 2026 09:49 UTC: 18:49 in Tokyo, Japan closed until Tuesday 09:00.
const MONDAY_EVENING_IN_TOKYO: &str = "2026-11-30T09:49:00Z";

#[test]
fn japan_hours_are_in_jst_with_utc_beside_in_three_languages() {
    for (locale, opens, closes) in [
        (
            "en-US",
            "Opens Tue 1 Dec 2026 09:00 JST (00:00 UTC, in 14 h 11 min)",
            "Closes Tue 1 Dec 2026 17:30 JST (08:30 UTC, in 22 h 41 min)",
        ),
        (
            "zh-TW",
            "下次開始營業：2026年12月1日（二） 09:00 JST (00:00 UTC、14 小時 11 分鐘後)",
            "下次結束營業：2026年12月1日（二） 17:30 JST (08:30 UTC、22 小時 41 分鐘後)",
        ),
        (
            "ja",
            "次の受付開始：2026年12月1日（火） 09:00 JST (00:00 UTC、14 時間 11 分後)",
            "次の受付終了：2026年12月1日（火） 17:30 JST (08:30 UTC、22 時間 41 分後)",
        ),
    ] {
        let text = on_utc_machine(MONDAY_EVENING_IN_TOKYO, locale, "/hours region:japan");
        assert_line(&text, opens);
        assert_line(&text, closes);
    }
}

#[test]
fn a_dst_zone_shows_its_own_offset_on_each_side_of_the_change() {
    // Los Angeles leaves PST (UTC−8) for PDT (UTC−7) on Sunday 8 March 2026. Friday's closing
    // at 17:30 is the next UTC day; Monday's opening at 06:00 is an hour earlier in UTC.
    let friday = on_utc_machine("2026-03-06T15:00:00Z", "en-US", "/hours region:americas");
    assert_line(
        &friday,
        "Closes Fri 6 Mar 2026 17:30 PST (Sat 7 Mar 2026 01:30 UTC, in 10 h 30 min)",
    );
    let saturday = on_utc_machine("2026-03-07T12:00:00Z", "en-US", "/hours region:americas");
    assert_line(
        &saturday,
        "Opens Mon 9 Mar 2026 06:00 PDT (13:00 UTC, in 2 d 1 h)",
    );
    // London leaves BST for GMT on Sunday 25 October 2026: a Business P2 filed Friday 16:30 BST
    // is due Monday 10:30 GMT, both in one answer.
    let due = on_utc_machine(
        "2026-10-23T15:30:00Z",
        "en-US",
        "/due plan:business priority:p2 region:emea at:2026-10-23T15:30:00Z",
    );
    assert_line(
        &due,
        "The first response is due Mon 26 Oct 2026 10:30 GMT (10:30 UTC, in 2 d 19 h).",
    );
    assert_line(&due, "Fri 23 Oct 2026 16:30 BST (15:30 UTC, now)");
}

/// The tester's finding 10d: a zone whose data has only an offset (`+08`) shows it as `UTC+8`
/// beside the times, as other zones show `JST` or `GMT` [D].
#[test]
fn a_zone_without_an_abbreviation_shows_its_offset() {
    let text = on_utc_machine(MONDAY_EVENING_IN_TOKYO, "en-US", "/hours region:apac");
    assert_line(
        &text,
        "Opens Tue 1 Dec 2026 09:00 UTC+8 (01:00 UTC, in 15 h 11 min)",
    );
    assert!(!text.contains("Asia/Singapore ("), "{text}");
}

#[test]
fn the_customers_zone_wins_over_the_regions() {
    let text = on_utc_machine(
        MONDAY_EVENING_IN_TOKYO,
        "en-US",
        "/due plan:business priority:p2 region:americas timezone:America/New_York at:2026-11-30T09:49:00Z",
    );
    assert_line(
        &text,
        // Americas hours are counted in New York: open at 06:00 EST, due two hours later.
        "The first response is due Mon 30 Nov 2026 08:00 EST (13:00 UTC, in 3 h 11 min).",
    );
}

#[test]
fn the_readers_zone_replaces_the_replies_when_chosen() {
    let london: Tz = "Europe/London".parse().expect("a zone");
    let text = console(
        MONDAY_EVENING_IN_TOKYO,
        "en-US",
        "/hours region:japan",
        Reader::Chosen(london),
    );
    assert_line(
        &text,
        "Opens Tue 1 Dec 2026 00:00 GMT (00:00 UTC, in 14 h 11 min)",
    );
    // Without a choice, a reply with no zone of its own (every region at once) uses the machine's.
    let tokyo: Tz = "Asia/Tokyo".parse().expect("a zone");
    let all = console(
        MONDAY_EVENING_IN_TOKYO,
        "en-US",
        "/hours",
        Reader::Machine(tokyo),
    );
    assert_line(
        &all,
        "Closes Tue 1 Dec 2026 02:00 JST (Mon 30 Nov 2026 17:00 UTC, in 7 h 11 min)",
    );
}

#[test]
fn utc_is_not_repeated_beside_utc() {
    let text = console(
        MONDAY_EVENING_IN_TOKYO,
        "en-US",
        "/hours region:japan",
        Reader::Chosen(Tz::UTC),
    );
    assert_line(&text, "Opens Tue 1 Dec 2026 00:00 UTC (in 14 h 11 min)");
}

/// `--tz UTC` reads as `Etc/UTC`, and a machine set to UTC is `Etc/UTC` too: every zone whose
/// times are written UTC shows them once.
#[test]
fn utc_is_not_repeated_beside_any_zone_written_utc() {
    for name in ["Etc/UTC", "UTC", "Zulu", "Etc/Universal"] {
        let zone: Tz = name.parse().expect("a zone");
        let text = console(
            MONDAY_EVENING_IN_TOKYO,
            "en-US",
            "/hours region:japan",
            Reader::Chosen(zone),
        );
        assert_line(&text, "Opens Tue 1 Dec 2026 00:00 UTC (in 14 h 11 min)");
    }
    let output = run(
        bin_at(
            MONDAY_EVENING_IN_TOKYO,
            &["ask", "--tz", "UTC", "/hours region:japan"],
        ),
        b"",
    );
    assert_line(
        &stdout(&output),
        "Opens Tue 1 Dec 2026 00:00 UTC (in 14 h 11 min)",
    );
}

#[test]
fn the_binary_takes_tz_and_falls_back_to_the_machines_zone() {
    let chosen = run(
        bin_at(
            MONDAY_EVENING_IN_TOKYO,
            &["ask", "--tz", "europe/london", "/hours region:japan"],
        ),
        b"",
    );
    assert_eq!(chosen.status.code(), Some(0), "{chosen:?}");
    assert_line(
        &stdout(&chosen),
        "Opens Tue 1 Dec 2026 00:00 GMT (00:00 UTC, in 14 h 11 min)",
    );
    let mut machine = bin_at(MONDAY_EVENING_IN_TOKYO, &["ask", "/hours"]);
    machine.env("TZ", "Asia/Tokyo");
    let machine = run(machine, b"");
    assert_line(
        &stdout(&machine),
        "Closes Tue 1 Dec 2026 02:00 JST (Mon 30 Nov 2026 17:00 UTC, in 7 h 11 min)",
    );
}

#[test]
fn a_bad_tz_names_the_forms_that_work() {
    let output = run(bin(&["ask", "--tz", "Tokio", "/hours"]), b"");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let error = String::from_utf8_lossy(&output.stderr);
    for form in ["\"Tokio\"", "Area/City", "Asia/Tokyo", "UTC"] {
        assert!(error.contains(form), "{form} not in {error}");
    }
}

#[test]
fn console_text_has_no_discord_markdown() {
    let now = MONDAY_EVENING_IN_TOKYO;
    let text = on_utc_machine(now, "en-US", "/hour region:japan");
    assert_eq!(text.lines().nth(1), Some("Did you mean /hours?"), "{text}");
    for line in [
        "/hour region:japan",
        "/hours regoin:japan",
        "/due plan:busines priority:p2 region:emea",
        "/slo plan:elite",
        "/entitlements plan:business",
        "/features plan:elite",
        "/support coverage",
        "/help",
        "/case list",
    ] {
        for locale in common::LOCALES {
            let text = on_utc_machine(now, locale, line);
            assert!(
                !text.contains('`') && !text.contains("**"),
                "{locale} {line}:\n{text}"
            );
        }
    }
    // A reminder's marker line is Discord's small print; the terminal shows it plainly.
    let reminder = Reply::new("⏰").text("CASE-000001 is due soon\n-# r1-b");
    let shown = text::render(&reminder, &catalog(), Language::En, instant(now));
    assert_eq!(shown, "⏰\nCASE-000001 is due soon\nr1-b\n");
}

#[test]
fn due_without_at_counts_in_minutes_throughout() {
    // Half a minute past: the answer counts from 09:49, as `at:"… 09:49"` would.
    let text = on_utc_machine(
        "2026-11-30T09:49:30Z",
        "en-US",
        "/due plan:business priority:p2 region:emea",
    );
    assert_line(
        &text,
        "The first response is due Mon 30 Nov 2026 11:49 GMT (11:49 UTC, in 2 h).",
    );
    assert_line(&text, "Mon 30 Nov 2026 9:49–11:49 (2 h)");
    assert!(!text.contains(":30"), "no seconds anywhere:\n{text}");
}

#[test]
fn relative_times_leave_out_a_zero_unit() {
    let text = on_utc_machine(
        "2026-11-30T09:49:00Z",
        "en-US",
        "/due plan:business priority:p2 region:emea",
    );
    assert_line(
        &text,
        "The first response is due Mon 30 Nov 2026 11:49 GMT (11:49 UTC, in 2 h).",
    );
}

#[test]
fn batch_json_errors_name_the_input_line() {
    let input = concat!(
        r#"{"plan":"business","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z"}"#,
        "\n\n{bad json\n",
    );
    let output = run(bin(&["due", "--batch"]), input.as_bytes());
    let text = stdout(&output);
    let third = text.lines().nth(2).unwrap_or_default();
    assert!(
        third.contains("not JSON at input line 3, column 2 (key must be a string)"),
        "{third}"
    );
    assert!(!third.contains("line 1"), "{third}");
}
