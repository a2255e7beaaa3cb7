//! Issue 9, safe and readable replies: each numbered input of the issue, with the right answer.

mod common;

use chrono_tz::Tz;
use common::*;
use supportbot::engine::{Caller, Outcome, Role, UserId};
use supportbot::i18n::{Language, Msg};

const APIA: Tz = chrono_tz::Pacific::Apia;

fn as_agent(
    engine: &supportbot::engine::Engine,
    locale: &str,
    line: &str,
) -> supportbot::engine::Reply {
    engine.handle_line(
        Caller::new(UserId(1), Role::Agent, Language::from_locale(locale)),
        line,
    )
}

/// The years the clock computes, as every out-of-range answer names them.
const RANGE: [&str; 2] = ["1900", "2099"];

// Input 1: an instant at the end of chrono's calendar is refused, naming the range.
#[test]
fn an_instant_outside_the_zone_data_is_refused_with_the_range() {
    let engine = engine();
    let lines = [
        "/due plan:elite priority:p1 region:japan at:-262143-01-01",
        "/due plan:elite priority:p1 region:japan at:+262142-12-31",
        "/due plan:business priority:p2 region:emea at:\"2100-01-01 00:00\"",
        "/due plan:business priority:p2 region:emea at:1899-12-31T23:59:59Z",
        "/stats to:-262143-01-01",
        "/stats from:-262143-01-01",
        "/stats from:2100-01-01",
    ];
    for locale in LOCALES {
        for line in lines {
            let reply = as_agent(&engine, locale, line);
            assert_eq!(reply.outcome, Outcome::BadInput, "{line}: {reply:?}");
            for piece in literal_pieces(&message(locale, Msg::ErrorOutOfRange)) {
                assert!(
                    reply.text.contains(&piece),
                    "{locale} {line}: {}",
                    reply.text
                );
            }
            for year in RANGE {
                assert!(reply.text.contains(year), "{locale} {line}: {}", reply.text);
            }
        }
    }
    // The last supported day is still answered.
    let reply = ask(
        &engine,
        "en-US",
        "/due plan:elite priority:p1 region:japan at:2099-06-01T00:00:00Z",
    );
    assert_eq!(reply.outcome, Outcome::Answered, "{reply:?}");
}

// Input 6: 2099 is still British Summer Time; 2100 is refused rather than guessed.
#[test]
fn due_in_the_last_year_of_zone_data_keeps_summer_time_and_after_it_is_refused() {
    let due = |at: &str| {
        run(
            bin(&[
                "due",
                "--plan",
                "business",
                "--priority",
                "p2",
                "--region",
                "emea",
                "--country",
                "none",
                "--at",
                at,
            ]),
            b"",
        )
    };
    let summer = due("2099-06-15T08:30:00Z");
    assert_eq!(summer.status.code(), Some(0), "{summer:?}");
    assert_eq!(stdout(&summer).trim(), "2099-06-15T10:30:00Z");
    let beyond = due("2100-06-15T08:30:00Z");
    assert_eq!(beyond.status.code(), Some(2), "{beyond:?}");
    assert!(beyond.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&beyond.stderr);
    assert!(
        stderr.contains("1900") && stderr.contains("2099"),
        "{stderr}"
    );
}

// Input 7: Samoa skipped 30 December 2011.
#[test]
fn a_skipped_day_shows_no_opening_and_no_empty_segment() {
    // Thursday 29 December 2011, 18:00 in Apia: closed; Friday does not exist.
    let now = local(APIA, (2011, 12, 29), (18, 0));
    let engine = engine_at(&now.to_rfc3339());
    let reply = ask(&engine, "en-US", "/hours region:apac timezone:Pacific/Apia");
    assert_eq!(reply.outcome, Outcome::Answered, "{reply:?}");
    let lines = lines(&reply.fields[0]);
    let monday_opening = local(APIA, (2012, 1, 2), (9, 0));
    let monday_closing = local(APIA, (2012, 1, 2), (17, 0));
    let opens = lines
        .iter()
        .find(|l| l.contains(&discord_ts(monday_opening)));
    let closes = lines
        .iter()
        .find(|l| l.contains(&discord_ts(monday_closing)));
    assert!(opens.is_some() && closes.is_some(), "{lines:#?}");

    let reply = ask(
        &engine,
        "en-US",
        "/due plan:business priority:p2 region:apac timezone:Pacific/Apia",
    );
    assert_eq!(reply.outcome, Outcome::Answered, "{reply:?}");
    let counted = field(&reply, &message("en-US", Msg::DueSegments))
        .value
        .clone();
    assert!(!counted.contains("(0 min)"), "{counted}");
    assert_eq!(counted.lines().count(), 1, "{counted}");
    let skipped = field(&reply, &message("en-US", Msg::DueSkipped))
        .value
        .clone();
    assert!(
        skipped.contains(&message("en-US", Msg::DueSkippedDay)),
        "{skipped}"
    );
}

// Input 8: only calendars that skip holidays miss holiday data, and every answer says so.
#[test]
fn a_24x5_target_never_claims_holidays_were_skipped() {
    // Elite P2 is 24x5.
    let out = run(
        bin(&[
            "due",
            "--plan",
            "elite",
            "--priority",
            "p2",
            "--region",
            "emea",
            "--at",
            "2036-03-04T10:00:00Z",
            "--explain",
        ]),
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    assert!(
        !text.contains(&message("en-US", Msg::DueNoHolidayData)),
        "{text}"
    );
    assert!(out.stderr.is_empty(), "{out:?}");
}

#[test]
fn every_answer_beyond_the_holiday_data_says_so() {
    let out = run(due_business_p2_emea("2036-03-04T10:00:00Z", &[]), b"");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(stdout(&out).trim(), "2036-03-04T12:00:00Z");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning") && stderr.contains("holiday"),
        "{stderr}"
    );

    let out = run(
        bin(&["due", "--batch"]),
        concat!(
            r#"{"plan":"business","priority":"p2","region":"emea","at":"2036-03-04T10:00:00Z"}"#,
            "\n",
            r#"{"plan":"business","priority":"p2","region":"emea","at":"2026-03-04T10:00:00Z"}"#,
            "\n",
            r#"{"plan":"elite","priority":"p2","region":"emea","at":"2036-03-04T10:00:00Z"}"#,
            "\n",
        )
        .as_bytes(),
    );
    let answers: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(answers.len(), 3);
    assert!(
        answers[0]["warning"]
            .as_str()
            .is_some_and(|w| w.contains("holiday"))
    );
    assert_eq!(answers[0]["due"], "2036-03-04T12:00:00Z");
    assert!(answers[1].get("warning").is_none(), "{:?}", answers[1]);
    assert!(
        answers[2].get("warning").is_none(),
        "24x5: {:?}",
        answers[2]
    );

    let engine = engine_at("2036-03-04T10:00:00Z");
    for locale in LOCALES {
        let hours = ask(&engine, locale, "/hours region:emea");
        assert!(
            all_text(&hours).contains(&message(locale, Msg::HoursNoHolidayData)),
            "{}",
            all_text(&hours)
        );
        let due = ask(
            &engine,
            locale,
            "/due plan:business priority:p2 region:emea",
        );
        assert!(
            all_text(&due).contains(&message(locale, Msg::DueNoHolidayData)),
            "{}",
            all_text(&due)
        );
    }
    let covered = engine_at(NOW);
    let hours = ask(&covered, "en-US", "/hours region:emea");
    assert!(!all_text(&hours).contains(&message("en-US", Msg::HoursNoHolidayData)));
}

// Input 13: one output line per input line; errors short and in the user's words.
#[test]
fn batch_answers_line_for_line_with_short_errors() {
    let huge = "x".repeat(1 << 20);
    let input = format!(
        "{}\n\n   \n{}\n[1]\n{}\n",
        r#"{"plan":"business","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z"}"#,
        format_args!(r#"{{"plan":"business","priority":"p2","region":"emea","at":"{huge}"}}"#),
        r#"{"plan":"business","priority":"p2","region":"emea"}"#,
    );
    let out = run(bin(&["due", "--batch"]), input.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    let answers: Vec<&str> = text.lines().collect();
    assert_eq!(answers.len(), 6, "{}", &text[..text.len().min(2000)]);
    assert!(answers[0].contains("2026-11-23T10:30:00Z"));
    for answer in &answers[1..] {
        assert!(answer.contains("\"error\""), "{answer}");
        assert!(
            answer.chars().count() < 400,
            "{} chars",
            answer.chars().count()
        );
        assert!(!answer.contains("struct"), "{answer}");
        assert!(!answer.contains("Line"), "{answer}");
    }
    assert!(answers[1].contains("empty"), "{}", answers[1]);
    assert!(answers[3].contains("at:"), "{}", answers[3]);
    assert!(answers[3].contains(&"x".repeat(80)), "{}", answers[3]);
    assert!(!answers[3].contains(&"x".repeat(81)), "{}", answers[3]);
    assert!(answers[5].contains("at: missing"), "{}", answers[5]);
}

// Input 14: zone names in any letter case, as `/hours` takes them.
#[test]
fn due_takes_a_zone_name_in_any_case() {
    let out = run(
        due_business_p2_emea("2026-11-20T16:30:00Z", &["--tz", "europe/london"]),
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(stdout(&out).trim(), "2026-11-23T10:30:00Z");
    let out = run(
        bin(&["due", "--batch"]),
        br#"{"plan":"business","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z","tz":"EUROPE/LONDON"}"#,
    );
    assert!(stdout(&out).contains("2026-11-23T10:30:00Z"), "{out:?}");
}

// Done when: the console survives any line.
#[test]
fn the_console_survives_the_panic_inputs_and_answers_the_next_line() {
    let command = bin(&[]);
    let input = [
        "/due plan:elite priority:p1 region:japan at:-262143-01-01",
        "/due plan:elite priority:p1 region:japan at:+262142-12-31T23:59:59Z",
        "/stats to:-262143-01-01",
        "/hours region:apac timezone:Pacific/Apia",
        "/due plan:business priority:p2 region:emea at:2100-06-15T08:30:00Z",
        "/resources",
    ]
    .join("\n");
    let out = run(command, input.as_bytes());
    let text = stdout(&out);
    assert!(
        text.contains(&message("en-US", Msg::ResourcesTitle)),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for resource in catalog().resources() {
        assert!(text.contains(resource.title.get(Language::En)), "{text}");
    }
}

// Input 10: a store failure is the bot's failure, not the user's bad input.
#[test]
fn a_store_failure_is_its_own_outcome_and_ask_exits_1() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    {
        // A record the store cannot decode: reading it fails as a broken disk would.
        let db = sled::open(dir.path()).expect("sled opens");
        let orgs = db.open_tree("orgs").expect("the orgs tree");
        orgs.insert("acme", &b"\xff not a record"[..])
            .expect("insert");
        db.flush().expect("flush");
    }
    for locale in LOCALES {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_supportbot"));
        command
            .args(["--catalog"])
            .arg(data_dir())
            .arg("--data-dir")
            .arg(dir.path())
            .args(["--now", NOW, "ask", "--as", "admin", "--locale", locale])
            .arg("/org show org:acme")
            .env_remove("DISCORD_TOKEN")
            .env("RUST_LOG", "off");
        let out = run(command, b"");
        assert_eq!(out.status.code(), Some(1), "{locale}: {out:?}");
        let text = stdout(&out);
        // A read of a damaged record says so, naming it (issue 8), never "could not be saved".
        // The console shows code spans as plain text.
        for piece in literal_pieces(&message(locale, Msg::ErrorDamaged)) {
            assert!(text.contains(&piece.replace('`', "")), "{locale}: {text}");
        }
        assert!(text.contains("acme"), "{locale}: {text}");
        assert!(!text.contains(&message(locale, Msg::ExpectOrg)), "{text}");
    }
}

// ─── User text (inputs 3 and 4) ───────────────────────────────────────────────────────────────

#[path = "common/cases.rs"]
mod support;

use supportbot::engine::Reply;
use supportbot::transport::discord::render::embed;

/// Every string of a reply as Discord receives it.
fn discord_strings(reply: &Reply) -> Vec<String> {
    let json = serde_json::to_value(embed(reply)).expect("an embed is JSON");
    let mut out = vec![
        json["title"].as_str().unwrap_or_default().to_owned(),
        json["description"].as_str().unwrap_or_default().to_owned(),
    ];
    for field in json["fields"].as_array().into_iter().flatten() {
        out.push(field["name"].as_str().unwrap_or_default().to_owned());
        out.push(field["value"].as_str().unwrap_or_default().to_owned());
    }
    out.push(
        json["footer"]["text"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    );
    out
}

/// What markdown a string can make: its ASCII punctuation and line breaks, escaped pairs
/// (`\*`) removed, as they show literally.
fn markup_skeleton(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '\n' => out.push('\n'),
            c if c.is_ascii_punctuation() => out.push(c),
            _ => {}
        }
    }
    out
}

const EVIL_TITLES: &[&str] = &[
    "ok `CASE-000777` **P1** `other-org` FAKE",
    "```rust\nfn main() {}",
    "``` and the rest is code",
    "[click here](https://evil.example/login) for a refund",
    "# Heading > quote - item <@&123> @everyone <t:0:F> :smile: ||spoiler|| ~~gone~~ __u__",
    "1. numbered",
    "\\*escaped\\* and a \\ backslash",
];

#[test]
fn user_text_never_makes_markup_on_discord() {
    let bot = support::Bot::new("2026-11-24T01:00:00Z");
    bot.org("name:Europa plan:business region:emea");
    let agent = support::agent();
    let file = |title: &str, note: &str| {
        let id = bot.file(
            agent,
            &format!(
                "/case file org:europa product:analytics priority:p3 title:\"{}\" description:\"{note}\"",
                title.replace('"', "'").replace('\n', " ")
            ),
        );
        bot.ok(agent, &format!("/case note id:{id} text:\"{note}\""));
        bot.ok(agent, &format!("/case escalate id:{id} reason:\"{note}\""));
        id
    };
    let plain = file("plain title", "plain note");
    let plain_show = bot
        .engine
        .handle_line(agent, &format!("/case show id:{plain}"));
    let plain_list = bot.engine.handle_line(agent, "/case list");
    for (i, title) in EVIL_TITLES.iter().enumerate() {
        let note = format!("line one {}", title.replace('"', "'").replace('\n', " "));
        let id = file(title, &note);
        let show = bot
            .engine
            .handle_line(agent, &format!("/case show id:{id}"));
        assert_eq!(show.outcome, Outcome::Answered, "{title}: {show:?}");
        for (evil, plain) in discord_strings(&show)
            .iter()
            .zip(discord_strings(&plain_show))
        {
            assert_eq!(
                markup_skeleton(evil),
                markup_skeleton(&plain),
                "{title}: {evil:?}"
            );
        }
        // The list has one line per case, whatever the titles say.
        let list = bot.engine.handle_line(agent, "/case list");
        let description = discord_strings(&list)[1].clone();
        assert_eq!(description.lines().count(), i + 2, "{description}");
        let plain_lines: Vec<String> = discord_strings(&plain_list)[1]
            .lines()
            .map(markup_skeleton)
            .collect();
        for line in description.lines() {
            assert_eq!(markup_skeleton(line), plain_lines[0], "{line:?}");
        }
    }
}

#[test]
fn a_line_break_in_a_note_stays_inside_its_line_of_history() {
    let bot = support::Bot::new("2026-11-24T01:00:00Z");
    bot.org("name:Europa plan:business region:emea");
    let agent = support::agent();
    let id = bot.file(
        agent,
        "/case file org:europa product:analytics priority:p3 title:\"site slow\"",
    );
    let forged = "ok\n`CASE-000777` **P1** `other-org` FAKE";
    bot.ok(agent, &format!("/case note id:{id} text:\"{forged}\""));
    let show = bot
        .engine
        .handle_line(agent, &format!("/case show id:{id}"));
    let history = support::field(&show, "History");
    // The note and the filing: two lines, the note's break shown as ↵.
    let rendered = supportbot::transport::discord::render::markdown(history);
    assert_eq!(rendered.lines().count(), 2, "{rendered}");
    assert!(rendered.contains("ok ↵ \\`CASE\\-000777\\`"), "{rendered}");
    let text =
        supportbot::render::text::render(&show, &catalog(), Language::En, common::instant(NOW));
    assert!(
        text.lines()
            .any(|l| l.contains("ok ↵ `CASE-000777` **P1** `other-org` FAKE")),
        "the terminal shows the note as typed, on its line: {text}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.trim_start().starts_with("`CASE-000777`"))
    );
}

#[test]
fn a_title_with_a_line_break_is_refused_naming_it() {
    let bot = support::Bot::new("2026-11-24T01:00:00Z");
    bot.org("name:Europa plan:business region:emea");
    let reply = bot.refused(
        support::agent(),
        "/case file org:europa product:analytics priority:p3 title:\"ok\n`CASE-000777` FAKE\"",
    );
    assert!(reply.text.contains("U+000A"), "{}", reply.text);
}

// Input 4: invisible format characters are refused at input, naming the character.
#[test]
fn format_characters_are_refused_naming_the_character() {
    let bot = support::Bot::new("2026-11-24T01:00:00Z");
    bot.org("name:Europa plan:business region:emea");
    let id = bot.file(
        support::agent(),
        "/case file org:europa product:analytics priority:p3 title:\"site slow\"",
    );
    for locale in LOCALES {
        let caller = Caller::new(UserId(701), Role::Agent, Language::from_locale(locale));
        for (c, name) in [
            ('\u{202e}', "U+202E"),
            ('\u{200b}', "U+200B"),
            ('\u{2066}', "U+2066"),
            ('\u{feff}', "U+FEFF"),
            ('\u{7}', "U+0007"),
        ] {
            for line in [
                format!("/case file org:europa product:analytics priority:p3 title:\"abc{c}def\""),
                format!("/case note id:{id} text:\"note{c}\""),
                format!("/org add name:\"Ev{c}il\" plan:business region:emea"),
            ] {
                let reply = support::unmarked(bot.engine.handle_line(
                    Caller {
                        role: Role::Admin,
                        ..caller
                    },
                    &line,
                ));
                assert_eq!(reply.outcome, Outcome::BadInput, "{locale} {line:?}");
                assert!(
                    reply.text.contains(name),
                    "{locale} {line:?}: {}",
                    reply.text
                );
                let template = message(locale, Msg::ErrorForbiddenChar);
                for piece in literal_pieces(&template) {
                    assert!(reply.text.contains(&piece), "{locale}: {}", reply.text);
                }
            }
        }
    }
    // Nothing was stored: the case still has only its filing in its history.
    let show = bot.ok(support::agent(), &format!("/case show id:{id}"));
    assert_eq!(support::field(&show, "History").lines().count(), 1);
}

// Input 2: placeholders are filled from the template only, never inside user text — in the
// old `{name}` form or in Fluent's.
#[test]
fn text_that_looks_like_a_placeholder_is_echoed_as_typed() {
    let engine = engine();
    for locale in LOCALES {
        for given in [
            "{expected}",
            "{option}",
            "{given}",
            "{count|a|b}",
            "{$expected}",
            "{NUMBER($given)}",
            "{-brand}",
        ] {
            let reply = ask(
                &engine,
                locale,
                &format!("/due plan:business priority:p2 region:{given}"),
            );
            assert_eq!(reply.outcome, Outcome::BadInput);
            assert!(
                reply.text.contains(&format!("`{given}`")),
                "{locale}: {}",
                reply.text
            );
            // The list of regions appears once, where the template asks for it.
            assert_eq!(
                reply.text.matches("emea").count(),
                1,
                "{locale}: {}",
                reply.text
            );
        }
    }
}

// Input 11: "1 case", "now", and buttons that match the case's state.
#[test]
fn english_plurals_follow_the_count() {
    let messages = catalog();
    let messages = messages.messages();
    let header = |n: &str| messages.format(Msg::ReminderHeader, Language::En, &[("count", n)]);
    assert!(header("1").ends_with("(1 case)"), "{}", header("1"));
    assert!(header("2").ends_with("(2 cases)"), "{}", header("2"));
    let limit = |n: &str| {
        messages.format(
            Msg::ContactsLimit,
            Language::En,
            &[("plan", "Business"), ("limit", n)],
        )
    };
    assert!(
        limit("1").contains("1 named support contact "),
        "{}",
        limit("1")
    );
    assert!(
        limit("4").contains("4 named support contacts "),
        "{}",
        limit("4")
    );
}

#[test]
fn the_current_instant_is_now_not_in_zero_seconds() {
    let now = common::instant(NOW);
    for (locale, word) in [("en-US", "now"), ("zh-TW", "現在"), ("ja", "現在")] {
        let reply = Reply::new("t").text(format!("<t:{}:R>", now.timestamp()));
        let text = supportbot::render::text::render(
            &reply,
            &catalog(),
            Language::from_locale(locale),
            now,
        );
        assert_eq!(text.lines().nth(1), Some(word), "{locale}: {text}");
    }
}

#[test]
fn an_answered_or_closed_case_offers_no_mark_responded() {
    let bot = support::Bot::new("2026-11-24T01:00:00Z");
    bot.org("name:Europa plan:business region:emea");
    let agent = support::agent();
    let id = bot.file(
        agent,
        "/case file org:europa product:analytics priority:p3 title:\"site slow\"",
    );
    let actions = |line: &str| bot.engine.handle_line(agent, line).case;
    let open = actions(&format!("/case show id:{id}")).expect("about a case");
    assert!(open.respond);
    bot.ok(agent, &format!("/case respond id:{id}"));
    let answered = actions(&format!("/case show id:{id}")).expect("about a case");
    assert!(!answered.respond, "answered: no Mark responded");
    bot.ok(agent, &format!("/case close id:{id}"));
    let closed = actions(&format!("/case show id:{id}")).expect("about a case");
    assert!(!closed.respond, "closed: no Mark responded");
    assert_eq!(actions("/case list"), None);
}

// Input 5: a field longer than Discord allows is split, never cut, and every mention is whole.
#[test]
fn fifteen_contacts_on_five_products_all_reach_discord_whole() {
    use supportbot::transport::discord::render::embeds;
    let bot = support::Bot::new("2026-11-24T01:00:00Z");
    let products = [
        "analytics",
        "target",
        "campaign",
        "experience-manager",
        "commerce",
    ];
    bot.org(&format!(
        "name:Grande plan:elite region:emea products:{}",
        products.join(",")
    ));
    let mut mentions = Vec::new();
    for (p, product) in products.iter().enumerate() {
        for n in 0..15 {
            let user = 100_000_000_000_000_000u64 + (p * 100 + n) as u64;
            bot.ok(
                support::admin(),
                &format!("/contacts add org:grande product:{product} user:{user}"),
            );
            mentions.push(format!("<@{user}>"));
        }
    }
    for locale in LOCALES {
        let caller = Caller::new(UserId(1), Role::Admin, Language::from_locale(locale));
        let reply = bot.engine.handle_line(caller, "/org show org:grande");
        assert_eq!(reply.outcome, Outcome::Answered);
        let pages: Vec<serde_json::Value> = embeds(&reply)
            .iter()
            .map(|e| serde_json::to_value(e).expect("JSON"))
            .collect();
        let contacts = message(locale, Msg::OrgContacts);
        let values: Vec<String> = pages
            .iter()
            .flat_map(|p| p["fields"].as_array().cloned().unwrap_or_default())
            .filter(|f| f["name"].as_str().is_some_and(|n| n.starts_with(&contacts)))
            .map(|f| {
                let value = f["value"].as_str().unwrap_or_default().to_owned();
                assert!(value.chars().count() <= 1024, "{value}");
                value
            })
            .collect();
        let all = values.join("\n");
        for mention in &mentions {
            assert_eq!(
                all.matches(mention.as_str()).count(),
                1,
                "{locale}: {mention}"
            );
        }
        for product in products {
            assert!(all.contains(&format!("`{product}`")), "{locale}: {product}");
        }
        // What was split names its parts: "Contacts (1/3)" … "(3/3)".
        let names: Vec<String> = pages
            .iter()
            .flat_map(|p| p["fields"].as_array().cloned().unwrap_or_default())
            .filter_map(|f| f["name"].as_str().map(str::to_owned))
            .filter(|n| n.starts_with(&contacts))
            .collect();
        assert!(names.len() > 1, "{locale}: {names:?}");
        for (i, name) in names.iter().enumerate() {
            assert!(
                name.ends_with(&format!("({}/{})", i + 1, names.len())),
                "{locale}: {names:?}"
            );
        }
        // No mention is broken: every `<@` closes before a separator.
        for value in &values {
            for start in value.match_indices("<@").map(|(i, _)| i) {
                assert!(value[start..].contains('>'), "{value}");
            }
        }
    }
}

// Input 12: organisation names in any script; the id is derived, numbered or given.
#[test]
fn organisation_names_in_any_script_get_an_id_to_use() {
    let bot = support::Bot::new("2026-11-24T01:00:00Z");
    let added = |options: &str| bot.org(options).text;
    let text = added("name:\"株式会社テスト\" plan:business region:japan");
    assert!(text.contains("`org:org-1`"), "{text}");
    assert!(text.contains("株式会社テスト"), "{text}");
    let text = added("name:\"Acme, Inc.\" plan:business region:emea");
    assert!(text.contains("`org:acme-inc`"), "{text}");
    let text = added("name:\"台灣測試股份有限公司\" plan:elite region:apac id:tw-test");
    assert!(text.contains("`org:tw-test`"), "{text}");
    let text = added("name:\"Société Générale\" plan:business region:emea");
    assert!(text.contains("`org:org-4`"), "{text}");
    let shown = bot.ok(support::admin(), "/org show org:org-1");
    assert!(shown.title.contains("株式会社テスト"), "{}", shown.title);
    let shown = bot.ok(support::admin(), "/org show org:tw-test");
    assert!(
        shown.title.contains("台灣測試股份有限公司"),
        "{}",
        shown.title
    );
    // A bad id is refused saying what an id looks like; a taken one as taken.
    let refused = bot.refused(
        support::admin(),
        "/org add name:x plan:business region:emea id:\"not an id!\"",
    );
    assert!(
        refused.text.contains(&message("en-US", Msg::ExpectNewId)),
        "{}",
        refused.text
    );
    let taken = bot.refused(
        support::admin(),
        "/org add name:other plan:business region:emea id:acme-inc",
    );
    assert!(
        taken
            .text
            .contains("The organisation id `acme-inc` is already taken")
            && taken.text.contains("`id:acme-inc-2`"),
        "{}",
        taken.text
    );
}

// Build 1: imported data holds the same user text as typed data, or is refused.
#[test]
fn an_import_with_a_hidden_character_is_refused() {
    let bot = support::Bot::new("2026-11-24T01:00:00Z");
    bot.org("name:Europa plan:business region:emea");
    bot.file(
        support::agent(),
        "/case file org:europa product:analytics priority:p3 title:\"site slow\"",
    );
    let dir = bot.close();
    let exported = support::export(dir.path());
    assert!(exported.contains("\"site slow\""), "{exported}");
    let hidden = exported.replace("\"site slow\"", "\"site\\u202e slow\"");
    let fresh = tempfile::tempdir().expect("a temporary directory");
    let out = support::import(fresh.path(), &hidden);
    assert!(!out.status.success(), "{out:?}");
    let stderr = support::stderr(&out);
    assert!(stderr.contains("U+202E"), "{stderr}");
}

#[test]
fn filing_beyond_the_holiday_data_says_so() {
    let bot = support::Bot::new("2036-03-04T10:00:00Z");
    bot.org("name:Europa plan:business region:emea");
    let reply = bot.ok(
        support::agent(),
        "/case file org:europa product:analytics priority:p3 title:\"site slow\"",
    );
    assert!(
        support::all_text(&reply).contains(&message("en-US", Msg::DueNoHolidayData)),
        "{}",
        support::all_text(&reply)
    );
}

// Input 3, as stored by an import: a title with a line break still cannot forge a row.
#[test]
fn a_stored_title_with_a_line_break_cannot_forge_a_row_in_the_list() {
    use supportbot::domain::text::UserText;
    let bot = support::Bot::new("2026-11-24T01:00:00Z");
    bot.org("name:Europa plan:business region:emea");
    let agent = support::agent();
    let id = bot.file(
        agent,
        "/case file org:europa product:analytics priority:p3 title:\"site slow\"",
    );
    let store = bot.engine.store().expect("a store");
    let mut case = store
        .case(id.parse().expect("a case id"))
        .expect("readable")
        .expect("stored");
    case.title = UserText::lines("ok\n`CASE-000777` **P1** `other-org` FAKE").expect("text");
    store
        .update_case(case.id, &mut |stored| {
            *stored = case.clone();
            Ok(())
        })
        .expect("written");
    let list = bot.engine.handle_line(agent, "/case list");
    let discord = discord_strings(&list)[1].clone();
    assert_eq!(discord.lines().count(), 1, "{discord}");
    assert!(discord.contains("ok ↵ \\`CASE\\-000777\\`"), "{discord}");
    let text =
        supportbot::render::text::render(&list, &catalog(), Language::En, common::instant(NOW));
    assert!(
        !text
            .lines()
            .any(|l| l.trim_start().starts_with("`CASE-000777`")),
        "{text}"
    );
}

/// The tester's finding 9: the "production down" answer, which an outage question gets, names
/// the status page, from the one resource `/resources` lists for outages, in every language.
#[test]
fn an_outage_question_names_the_status_page_in_every_language() {
    let engine = engine();
    for locale in LOCALES {
        let resources = ask(&engine, locale, "/resources");
        let urgent = ask(&engine, locale, "/support urgent");
        let page = catalog()
            .outage_page()
            .expect("the catalog names the page of outages")
            .title
            .get(Language::from_locale(locale))
            .to_owned();
        let url = field(&resources, &page)
            .value
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned();
        assert!(url.starts_with("https://status.adobe.com/"), "{url}");
        assert!(
            field(&urgent, &page).value.starts_with(&url),
            "{locale}: {}",
            all_text(&urgent)
        );
        assert!(
            field(&urgent, &page)
                .value
                .contains(&message(locale, Msg::SupportUrgentStatus)),
            "{locale}"
        );
    }
    for (locale, question) in [
        ("en", "is there an outage right now?"),
        ("zh-TW", "有沒有服務中斷"),
    ] {
        let out = ask_bin(locale, question);
        assert!(
            stdout(&out).contains("https://status.adobe.com/"),
            "{question}: {}",
            stdout(&out)
        );
    }
}
