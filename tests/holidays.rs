//! Holiday calendars as offices get them off (issue 15): subdivisions (`GB-ENG`, `GB-SCT`,
//! `AU-NSW`), observed days, Hong Kong's general holidays and names in every language, through
//! `/due`, `supportbot due`, `--batch` and organisations.

mod common;
#[path = "common/cases.rs"]
mod support;

use common::{
    LOCALES, bin, discord_ts, due_business_p2_emea, field, instant, lines, run, stdout, tr,
};
use supportbot::engine::Outcome;

/// `supportbot due` for a Business P2 filed `at`, with extra arguments; its first line.
fn due_business_p2(region: &str, at: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "due",
        "--plan",
        "business",
        "--priority",
        "p2",
        "--region",
        region,
        "--at",
        at,
    ];
    args.extend_from_slice(extra);
    let output = run(bin(&args), b"");
    assert_eq!(output.status.code(), Some(0), "{args:?}: {output:?}");
    stdout(&output)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

// ---------------------------------------------------------------------------------------------
// The issue's numbered inputs
// ---------------------------------------------------------------------------------------------

/// 1. EMEA's default calendar is England and Wales: Easter Monday and the Summer bank holiday
///    are not business days.
#[test]
fn emea_by_default_skips_englands_easter_monday_and_summer_bank_holiday() {
    // Thursday 2026-04-02 16:30 London; Good Friday and Easter Monday off → Tuesday 10:30 BST.
    assert_eq!(
        due_business_p2("emea", "2026-04-02T15:30:00Z", &[]),
        "2026-04-07T09:30:00Z"
    );
    // Friday 2026-08-28 16:30 London; Monday 31 August off → Tuesday 10:30 BST.
    assert_eq!(
        due_business_p2("emea", "2026-08-28T15:30:00Z", &[]),
        "2026-09-01T09:30:00Z"
    );
    // Naming England explicitly gives the same; the UK-wide calendar still exists, without them.
    assert_eq!(
        due_business_p2("emea", "2026-04-02T15:30:00Z", &["--country", "GB-ENG"]),
        "2026-04-07T09:30:00Z"
    );
    assert_eq!(
        due_business_p2("emea", "2026-04-02T15:30:00Z", &["--country", "GB"]),
        "2026-04-06T09:30:00Z"
    );
}

/// 2. A holiday on a weekend is observed on the Monday: Australia Day 2025.
#[test]
fn australia_day_2025_is_observed_on_monday_27_january() {
    // Friday 2025-01-24 16:30 Sydney (AEDT, +11) → Tuesday 28 January 10:30 Sydney.
    for country in ["AU", "AU-NSW", "au-vic"] {
        assert_eq!(
            due_business_p2(
                "apac",
                "2025-01-24T05:30:00Z",
                &["--tz", "Australia/Sydney", "--country", country]
            ),
            "2025-01-27T23:30:00Z",
            "{country}"
        );
    }
}

/// 1 and 2 through `--batch`, with the defaults and with `"country":"AU"`.
#[test]
fn batch_lines_get_the_same_calendars() {
    let input = concat!(
        r#"{"plan":"business","priority":"p2","region":"emea","at":"2026-04-02T15:30:00Z"}"#,
        "\n",
        r#"{"plan":"business","priority":"p2","region":"emea","at":"2026-08-28T15:30:00Z"}"#,
        "\n",
        r#"{"plan":"business","priority":"p2","region":"apac","at":"2025-01-24T05:30:00Z","tz":"Australia/Sydney","country":"AU"}"#,
        "\n",
        r#"{"plan":"business","priority":"p2","region":"emea","at":"2025-12-31T16:30:00Z","country":"GB-SCT"}"#,
        "\n",
        r#"{"plan":"business","priority":"p2","region":"emea","at":"2025-12-31T16:30:00Z","country":"GB-EN"}"#,
        "\n",
    );
    let output = run(bin(&["due", "--batch"]), input.as_bytes());
    let text = stdout(&output);
    let answers: Vec<&str> = text.lines().collect();
    assert_eq!(
        answers[..4],
        [
            r#"{"due":"2026-04-07T09:30:00Z"}"#,
            r#"{"due":"2026-09-01T09:30:00Z"}"#,
            r#"{"due":"2025-01-27T23:30:00Z"}"#,
            r#"{"due":"2026-01-05T10:30:00Z"}"#,
        ],
        "{text}"
    );
    assert!(
        answers[4].contains("no holiday calendar for GB-EN") && answers[4].contains("GB-ENG"),
        "{text}"
    );
}

/// 3. Hong Kong's general holidays: Good Friday, the day after, and Easter Monday.
#[test]
fn hong_kong_closes_for_its_general_holidays() {
    // Thursday 2026-04-02 16:30 Hong Kong (+8). Friday 3 April (Good Friday), Saturday 4 (the
    // day after), Sunday, Monday 6 (the day after Tomb-Sweeping Day), Tuesday 7 (the day after
    // Easter Monday): Wednesday 8 April 10:30.
    assert_eq!(
        due_business_p2(
            "apac",
            "2026-04-02T08:30:00Z",
            &["--tz", "Asia/Hong_Kong", "--country", "HK"]
        ),
        "2026-04-08T02:30:00Z"
    );
}

/// 4. Names in every language: Japan's holidays in zh-TW replies are not English.
#[test]
fn japanese_holidays_are_named_in_traditional_chinese() {
    let engine = common::engine();
    // Wednesday 2025-12-31 16:00 Tokyo: 31 December and 1–2 January are bank holidays.
    let line = "/due plan:business priority:p2 region:japan at:2025-12-30T07:00:00Z";
    for locale in LOCALES {
        let reply = common::ask(&engine, locale, line);
        assert_eq!(reply.outcome, Outcome::Answered, "{reply:#?}");
        let skipped = lines(field(
            &reply,
            tr(locale, "Days skipped", "略過的日子", "除外された日"),
        ))
        .join("\n");
        for expected in [
            tr(locale, "Bank Holiday", "銀行休假日", "銀行休業日"),
            tr(locale, "New Year's Day", "元旦", "元日"),
        ] {
            assert!(skipped.contains(expected), "{locale}: {skipped}");
        }
        if locale != "en-US" {
            assert!(!skipped.contains("Bank Holiday"), "{locale}: {skipped}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Done when: Scotland and England
// ---------------------------------------------------------------------------------------------

#[test]
fn scotland_skips_2_january_and_st_andrews_day_observed_but_not_easter_monday() {
    // Wednesday 2025-12-31 16:30 London: Thursday 1 January is off everywhere; Friday 2 January
    // only in Scotland.
    let new_year = "2025-12-31T16:30:00Z";
    assert_eq!(
        due_business_p2("emea", new_year, &["--country", "GB-SCT"]),
        "2026-01-05T10:30:00Z"
    );
    assert_eq!(
        due_business_p2("emea", new_year, &["--country", "GB-ENG"]),
        "2026-01-02T10:30:00Z"
    );
    // Friday 2025-11-28 16:30: St Andrew's Day, Sunday 30 November, is observed Monday 1 December.
    let st_andrew = "2025-11-28T16:30:00Z";
    assert_eq!(
        due_business_p2("emea", st_andrew, &["--country", "GB-SCT"]),
        "2025-12-02T10:30:00Z"
    );
    assert_eq!(
        due_business_p2("emea", st_andrew, &["--country", "GB-ENG"]),
        "2025-12-01T10:30:00Z"
    );
    // Thursday 2026-04-02 16:30 BST: Easter Monday is a business day in Scotland.
    let easter = "2026-04-02T15:30:00Z";
    assert_eq!(
        due_business_p2("emea", easter, &["--country", "GB-SCT"]),
        "2026-04-06T09:30:00Z"
    );
    assert_eq!(
        due_business_p2("emea", easter, &["--country", "GB-ENG"]),
        "2026-04-07T09:30:00Z"
    );
}

#[test]
fn the_explanation_names_the_subdivisions_holidays() {
    let output = run(
        due_business_p2_emea(
            "2025-11-28T16:30:00Z",
            &["--country", "gb-sct", "--explain", "--locale", "ja"],
        ),
        b"",
    );
    let text = stdout(&output);
    assert!(text.starts_with("2025-12-02T10:30:00Z\n"), "{text}");
    assert!(text.contains("聖アンドリューの日（振替休日）"), "{text}");
    assert!(text.contains("GB-SCT"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// Wherever a country is accepted
// ---------------------------------------------------------------------------------------------

#[test]
fn due_takes_a_subdivision_and_refuses_an_unknown_one_naming_close_ones() {
    let engine = common::engine();
    let line = "/due plan:business priority:p2 region:emea at:2025-12-31T16:30:00Z country:GB-SCT";
    for locale in LOCALES {
        let reply = common::ask(&engine, locale, line);
        assert_eq!(reply.outcome, Outcome::Answered, "{reply:#?}");
        assert!(
            reply
                .text
                .contains(&discord_ts(instant("2026-01-05T10:30:00Z"))),
            "{locale}: {reply:#?}"
        );
        let reply = common::ask(
            &engine,
            locale,
            "/due plan:business priority:p2 region:emea country:GB-SCO",
        );
        assert_eq!(reply.outcome, Outcome::BadInput, "{reply:#?}");
        assert!(reply.text.contains("GB-SCT"), "{locale}: {}", reply.text);
        assert!(
            reply.text.contains(tr(
                locale,
                "There is no holiday calendar",
                "沒有",
                "祝日カレンダーはありません"
            )),
            "{locale}: {}",
            reply.text
        );
        // Not a code at all: the answer says what a code looks like.
        let reply = common::ask(
            &engine,
            locale,
            "/due plan:business priority:p2 region:emea country:England",
        );
        assert_eq!(reply.outcome, Outcome::BadInput, "{reply:#?}");
        assert!(reply.text.contains("GB-ENG"), "{locale}: {}", reply.text);
    }
    let output = run(
        due_business_p2_emea("2026-04-02T15:30:00Z", &["--country", "US-XX"]),
        b"",
    );
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("no holiday calendar for US-XX") && error.contains("US-CA"),
        "{error}"
    );
}

#[test]
fn organisations_take_a_subdivision_and_their_cases_follow_it() {
    use support::{Bot, admin, agent};
    let bot = Bot::new("2025-12-31T16:30:00Z");
    bot.org(r#"name:"Glasgow Ltd" plan:business region:emea country:GB-SCT products:analytics"#);
    let shown = support::all_text(&bot.ok(admin(), "/org show org:glasgow-ltd"));
    assert!(shown.contains("GB-SCT"), "{shown}");
    bot.ok(
        agent(),
        "/contacts add org:glasgow-ltd product:analytics user:100",
    );
    let reply = bot.ok(
        agent(),
        r#"/case file org:glasgow-ltd product:analytics priority:p2 title:"reports empty" requester:100"#,
    );
    // 2 January is a Scottish bank holiday: due Monday 5 January 10:30.
    assert!(
        support::all_text(&reply).contains(&discord_ts(instant("2026-01-05T10:30:00Z"))),
        "{}",
        support::all_text(&reply)
    );
    // The UK-wide code stays valid (organisations stored with it still load and work).
    bot.ok(admin(), "/org set org:glasgow-ltd country:GB");
    let refused = bot.refused(admin(), "/org set org:glasgow-ltd country:GB-SCX");
    assert!(
        support::all_text(&refused).contains("GB-SCT"),
        "{}",
        support::all_text(&refused)
    );
}

// ---------------------------------------------------------------------------------------------
// Years covered
// ---------------------------------------------------------------------------------------------

#[test]
fn holidays_are_known_through_2035_and_a_deadline_beyond_says_so() {
    let engine = common::engine();
    for locale in LOCALES {
        let note = common::message(locale, supportbot::i18n::Msg::DueNoHolidayData);
        // Online P4 from Friday 2035-12-28 in Tokyo: into 2036, which no file covers.
        let reply = common::ask(
            &engine,
            locale,
            "/due plan:online priority:p4 region:japan at:2035-12-28T00:00:00Z",
        );
        assert_eq!(reply.outcome, Outcome::Answered, "{reply:#?}");
        assert!(
            common::all_text(&reply).contains(&note),
            "{locale}: {reply:#?}"
        );
        // The same a year earlier stays inside the data (and skips Japan's year-end days).
        let reply = common::ask(
            &engine,
            locale,
            "/due plan:online priority:p4 region:japan at:2034-12-28T00:00:00Z",
        );
        assert_eq!(reply.outcome, Outcome::Answered, "{reply:#?}");
        assert!(
            !common::all_text(&reply).contains(&note),
            "{locale}: {reply:#?}"
        );
    }
    // Business P2 from Friday 2035-12-28 16:30 Tokyo: one hour that day, Monday 31 December (a
    // bank holiday) skipped, then 2036, for which there is no data: New Year's Day counts.
    assert_eq!(
        due_business_p2("japan", "2035-12-28T07:30:00Z", &[]),
        "2036-01-01T01:00:00Z"
    );
}
