use super::*;

/// The project's message files.
fn project(language: Language) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(locale_file(language));
    std::fs::read_to_string(path).unwrap()
}

fn load(edit: impl Fn(Language, String) -> String) -> Result<Messages, MessagesError> {
    let sources = Language::ALL
        .iter()
        .map(|&l| edit(l, project(l)))
        .collect::<Vec<_>>();
    Messages::from_ftl(|l| &sources[l.index()])
}

/// The project's files with `key`'s line in `language` replaced by `line`.
fn with_line(language: Language, key: &str, line: &str) -> Result<Messages, MessagesError> {
    load(|l, text| {
        if l != language {
            return text;
        }
        let start = text.find(&format!("\n{key} = ")).unwrap() + 1;
        let end = start + text[start..].find('\n').unwrap();
        format!("{}{line}{}", &text[..start], &text[end..])
    })
}

fn refused(result: Result<Messages, MessagesError>) -> (Language, String, Problem) {
    let e = result.unwrap_err();
    (e.language, e.key, e.problem)
}

#[test]
fn the_project_files_are_complete() {
    let messages = load(|_, text| text).unwrap();
    for &language in Language::ALL {
        for &msg in Msg::ALL {
            assert!(!messages.get(msg, language).trim().is_empty());
        }
    }
}

#[test]
fn values_are_substituted_once_and_never_read_as_templates() {
    let messages = load(|_, text| text).unwrap();
    let reply = messages.format(
        Msg::ErrorInvalidValue,
        Language::En,
        &[
            ("given", "{expected} { $expected } {{ $option }}"),
            ("option", "{ -term }"),
            ("expected", "{ NUMBER($given) }"),
        ],
    );
    assert_eq!(
        reply,
        "{expected} { $expected } {{ $option }} is not a valid `{ -term }`. { NUMBER($given) }"
    );
}

#[test]
fn no_isolation_marks_surround_arguments() {
    let messages = load(|_, text| text).unwrap();
    let reply = messages.format(Msg::DueHolidaysFrom, Language::Ja, &[("country", "JP")]);
    assert_eq!(reply, "JP の祝日");
    // User text keeps the marks its renderer reads, and gains none.
    let marked = "\u{fff9}Acme\u{fffb}";
    for &language in Language::ALL {
        for &msg in Msg::ALL {
            let args = msg
                .args()
                .iter()
                .map(|arg| match arg.kind {
                    ArgKind::Count => (arg.name, "2"),
                    ArgKind::Text => (arg.name, marked),
                })
                .collect::<Vec<_>>();
            let text = messages.format(msg, language, &args);
            assert!(
                !text.contains(['\u{2068}', '\u{2069}']),
                "{} {language}: {text:?}",
                msg.key()
            );
            if args.iter().any(|(_, v)| *v == marked) {
                assert!(text.contains(marked), "{} {language}: {text:?}", msg.key());
            }
        }
    }
}

#[test]
fn plurals_follow_each_language_s_rules() {
    let messages = load(|_, text| text).unwrap();
    let header =
        |language, n: &str| messages.format(Msg::ReminderHeader, language, &[("count", n)]);
    assert_eq!(
        header(Language::En, "1"),
        "Initial-response reminders (1 case)"
    );
    assert_eq!(
        header(Language::En, "0"),
        "Initial-response reminders (0 cases)"
    );
    assert_eq!(
        header(Language::En, "2"),
        "Initial-response reminders (2 cases)"
    );
    assert_eq!(
        header(Language::En, "21"),
        "Initial-response reminders (21 cases)"
    );
    assert_eq!(header(Language::ZhTw, "1"), "最初回應提醒（1 件案件）");
    assert_eq!(header(Language::Ja, "2"), "初回応答のリマインダー（2 件）");
    let minutes = |language, n: &str| messages.format(Msg::AmountMinutes, language, &[("n", n)]);
    assert_eq!(minutes(Language::En, "1"), "1 minute");
    assert_eq!(minutes(Language::En, "15"), "15 minutes");
    assert_eq!(minutes(Language::Ja, "1"), "1 分");
    assert_eq!(minutes(Language::ZhTw, "15"), "15 分鐘");
}

#[test]
fn get_shows_a_message_as_written() {
    let messages = load(|_, text| text).unwrap();
    assert_eq!(
        messages.get(Msg::HoursOpenNow, Language::ZhTw),
        "目前營業中"
    );
    assert_eq!(messages.get(Msg::ListSeparator, Language::En), ", ");
    assert_eq!(
        messages.get(Msg::DueHolidaysFrom, Language::En),
        "holidays of {country}"
    );
}

#[test]
fn a_message_missing_in_one_language_is_refused() {
    let removed = load(|l, text| {
        if l == Language::Ja {
            text.replace("\nhours-open-now = ", "\n# hours-open-now = ")
        } else {
            text
        }
    });
    assert_eq!(
        refused(removed),
        (Language::Ja, "hours-open-now".into(), Problem::Missing)
    );
}

#[test]
fn an_unknown_or_repeated_message_is_refused() {
    let unknown = load(|l, text| {
        if l == Language::En {
            format!("{text}hours-open-nwo = Open now\n")
        } else {
            text
        }
    });
    assert_eq!(
        refused(unknown),
        (Language::En, "hours-open-nwo".into(), Problem::Unknown)
    );
    let twice = load(|l, text| {
        if l == Language::ZhTw {
            format!("{text}hours-open-now = 營業中\n")
        } else {
            text
        }
    });
    assert_eq!(
        refused(twice),
        (Language::ZhTw, "hours-open-now".into(), Problem::Duplicate)
    );
}

#[test]
fn an_argument_the_code_does_not_pass_is_refused() {
    assert_eq!(
        refused(with_line(
            Language::ZhTw,
            "due-holidays-from",
            "due-holidays-from = { $county } 的假日"
        )),
        (
            Language::ZhTw,
            "due-holidays-from".into(),
            Problem::UnknownArgument {
                name: "county".into(),
                passed: "country".into()
            }
        )
    );
    // Inside a variant, and through an included message, too.
    let (_, key, problem) = refused(with_line(
        Language::En,
        "hours-open-now",
        "hours-open-now = { $when ->\n    [one] x\n   *[other] Open now\n}",
    ));
    assert_eq!(key, "hours-open-now");
    assert!(matches!(problem, Problem::UnknownArgument { name, .. } if name == "when"));
    let (_, key, problem) = refused(with_line(
        Language::En,
        "hours-open-now",
        "hours-open-now = Open now ({ due-holidays-from })",
    ));
    assert_eq!(key, "hours-open-now");
    assert!(matches!(problem, Problem::UnknownArgument { name, .. } if name == "country"));
}

#[test]
fn a_plural_choice_needs_a_count() {
    assert_eq!(
        refused(with_line(
            Language::En,
            "due-holidays-from",
            "due-holidays-from = { $country ->\n    [one] one\n   *[other] holidays of { $country }\n}"
        )),
        (
            Language::En,
            "due-holidays-from".into(),
            Problem::NotACount("country".into())
        )
    );
}

#[test]
fn unknown_functions_and_references_are_refused() {
    assert_eq!(
        refused(with_line(
            Language::Ja,
            "hours-open-now",
            "hours-open-now = { DATETIME($x) }"
        ))
        .2,
        Problem::UnknownFunction("DATETIME".into())
    );
    assert_eq!(
        refused(with_line(
            Language::Ja,
            "hours-open-now",
            "hours-open-now = { -brand } 受付中"
        ))
        .2,
        Problem::UnknownReference("-brand".into())
    );
    assert_eq!(
        refused(with_line(
            Language::Ja,
            "hours-open-now",
            "hours-open-now = { nothing-here }"
        ))
        .2,
        Problem::UnknownReference("nothing-here".into())
    );
}

#[test]
fn syntax_errors_name_their_line() {
    let broken = load(|l, text| {
        if l == Language::En {
            text.replacen("\nhours-open-now = ", "\nhours-open-now = { ", 1)
        } else {
            text
        }
    });
    let (language, key, problem) = refused(broken);
    let line = project(Language::En)
        .lines()
        .position(|l| l.starts_with("hours-open-now = "))
        .unwrap()
        + 1;
    assert_eq!(language, Language::En);
    assert!(key.starts_with("line "), "{key}");
    let at: usize = key["line ".len()..].parse().unwrap();
    assert!((line..=line + 1).contains(&at), "{key}, message at {line}");
    assert!(matches!(problem, Problem::Syntax(_)), "{problem}");
}

#[test]
fn a_blank_message_is_refused() {
    assert_eq!(
        refused(with_line(
            Language::En,
            "hours-open-now",
            r#"hours-open-now = { " " }"#
        )),
        (Language::En, "hours-open-now".into(), Problem::NoText)
    );
}

#[test]
fn chat_texts_are_filled_once() {
    assert_eq!(
        fill(
            "{given} is not valid: use {expected}.",
            &[("given", "{expected}"), ("expected", "a, b"),]
        ),
        "{expected} is not valid: use a, b."
    );
    assert_eq!(fill("{a}{b}", &[("a", "{b}"), ("b", "x")]), "{b}x");
    assert_eq!(fill("{missing} {", &[]), "{missing} {");
}

#[test]
fn discord_locales_map_to_reply_languages() {
    assert_eq!(Language::from_locale("en-US"), Language::En);
    assert_eq!(Language::from_locale("en-GB"), Language::En);
    assert_eq!(Language::from_locale("zh-TW"), Language::ZhTw);
    assert_eq!(Language::from_locale("ja"), Language::Ja);
    assert_eq!(Language::from_locale("zh-CN"), Language::En);
    assert_eq!(Language::from_locale("fr"), Language::En);
    assert_eq!(Language::from_locale(""), Language::En);
}

// A call that breaks `Msg::args` is a fault of the code: a test build stops at it.
#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "due-holidays-from: `country`: a declared argument is not passed")]
fn a_call_without_a_declared_argument_stops_a_test_build() {
    let messages = load(|_, text| text).unwrap();
    messages.format(Msg::DueHolidaysFrom, Language::En, &[]);
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "hours-open-now: `x`: an argument the message does not declare")]
fn a_call_with_an_undeclared_argument_stops_a_test_build() {
    let messages = load(|_, text| text).unwrap();
    messages.format(Msg::HoursOpenNow, Language::En, &[("x", "1")]);
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "reminder-header: `count`: a count that is not a number")]
fn a_count_that_is_not_a_number_stops_a_test_build() {
    let messages = load(|_, text| text).unwrap();
    messages.format(Msg::ReminderHeader, Language::En, &[("count", "two")]);
}

// Chinese and Japanese have one plural category: a choice written there takes `other` even for 1.
#[test]
fn a_plural_choice_in_chinese_or_japanese_takes_other() {
    for language in [Language::ZhTw, Language::Ja] {
        let messages = with_line(
            language,
            "reminder-header",
            "reminder-header = { $count ->\n    [one] ONE\n   *[other] OTHER { $count }\n}",
        )
        .unwrap();
        let header = messages.format(Msg::ReminderHeader, language, &[("count", "1")]);
        assert_eq!(header, "OTHER 1", "{language}");
    }
}
