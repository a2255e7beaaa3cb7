//! Malformed commands: every one is refused with `Outcome::BadInput`, in the asker's language,
//! naming what is valid, without echoing control or direction-changing characters, and without
//! panicking. Then the same through the binary, and `supportbot due --batch`.

mod common;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use common::*;
use proptest::prelude::*;
use supportbot::clock::ManualClock;
use supportbot::engine::{Caller, Engine, Outcome, Reply, Request, Role, UserId};
use supportbot::i18n::{Language, Msg};

const PLANS: &[&str] = &[
    "online",
    "business",
    "enterprise",
    "elite",
    "expert",
    "ultimate",
];
const PRIORITIES: &[&str] = &["p1", "p2", "p3", "p4"];
const REGIONS: &[&str] = &["americas", "emea", "apac", "japan"];
const DUE: &str = "/due plan:business priority:p2 region:emea";

/// A malformed line, the message that must refuse it, and the valid values it must name.
struct Case {
    line: String,
    msg: Msg,
    /// The sentence of valid values an invalid value is answered with.
    expect: Option<Msg>,
    names: Vec<&'static str>,
}

fn case(line: impl Into<String>, msg: Msg, expect: Option<Msg>, names: &[&'static str]) -> Case {
    Case {
        line: line.into(),
        msg,
        expect,
        names: names.to_vec(),
    }
}

fn invalid(line: impl Into<String>, expect: Msg, names: &[&'static str]) -> Case {
    case(line, Msg::ErrorInvalidValue, Some(expect), names)
}

fn empty(line: impl Into<String>, expect: Msg, names: &[&'static str]) -> Case {
    case(line, Msg::ErrorEmptyValue, Some(expect), names)
}

fn cases() -> Vec<Case> {
    use Msg::*;
    let instants = &["2026-11-20 16:30", "2026-11-20T16:30:00Z"];
    let zones = &["Europe/London", "America/New_York"];
    let commands = &[
        "/org",
        "/contacts",
        "/case",
        "/stats",
        "/reminders",
        "/entitlements",
        "/compare",
        "/slo",
        "/hours",
        "/due",
        "/features",
        "/resources",
        "/help",
    ];
    vec![
        // Unknown ids.
        invalid("/entitlements plan:platinum", ExpectPlan, PLANS),
        invalid("/slo plan:platinum", ExpectPlan, PLANS),
        invalid("/features plan:platinum", ExpectPlan, PLANS),
        invalid("/compare plans:platinum", ExpectPlans, PLANS),
        invalid("/compare plans:business,gold", ExpectPlans, PLANS),
        invalid("/compare plans:,", ExpectPlans, PLANS),
        invalid(
            "/due plan:platinum priority:p2 region:emea",
            ExpectPlan,
            PLANS,
        ),
        invalid("/hours region:mars", ExpectRegion, REGIONS),
        invalid(
            "/due plan:business priority:p2 region:mars",
            ExpectRegion,
            REGIONS,
        ),
        invalid("/hours region:ｊａｐａｎ", ExpectRegion, REGIONS),
        invalid("/slo priority:p7", ExpectPriority, PRIORITIES),
        invalid("/slo priority:P0", ExpectPriority, PRIORITIES),
        invalid(
            "/due plan:business priority:p7 region:emea",
            ExpectPriority,
            PRIORITIES,
        ),
        // Bad dates.
        invalid(format!("{DUE} at:2026-13-45"), ExpectInstant, instants),
        invalid(format!("{DUE} at:yesterday"), ExpectInstant, instants),
        invalid(format!("{DUE} at:2026-02-30"), ExpectInstant, instants),
        invalid(
            format!("{DUE} at:\"2026-11-20 25:00\""),
            ExpectInstant,
            instants,
        ),
        invalid(format!("{DUE} at:20/11/2026"), ExpectInstant, instants),
        case(
            format!("{DUE} at:0001-01-01T00:00:00Z"),
            ErrorOutOfRange,
            None,
            &["1900", "2099"],
        ),
        case(
            format!("{DUE} at:9999-12-31T23:59:59Z"),
            ErrorOutOfRange,
            None,
            &["1900", "2099"],
        ),
        // Unknown zones and countries.
        invalid("/hours timezone:Mars/Olympus", ExpectTimezone, zones),
        invalid(
            format!("{DUE} timezone:Mars/Olympus"),
            ExpectTimezone,
            zones,
        ),
        invalid("/hours timezone:+09:00", ExpectTimezone, zones),
        case(
            format!("{DUE} country:XX"),
            ErrorUnknownCountry,
            None,
            &["JP", "GB", "US", "TW", "none"],
        ),
        invalid(format!("{DUE} country:XYZ"), ExpectCountry, &["none"]),
        invalid(format!("{DUE} country:日本"), ExpectCountry, &["none"]),
        // Empty values: the option is named, not an empty quote.
        empty("/entitlements plan:", ExpectPlan, PLANS),
        empty("/slo plan:", ExpectPlan, PLANS),
        empty("/hours region:", ExpectRegion, REGIONS),
        empty("/slo priority:\"   \"", ExpectPriority, PRIORITIES),
        empty(format!("{DUE} at:"), ExpectInstant, instants),
        empty(format!("{DUE} at:\"\""), ExpectInstant, instants),
        empty(format!("{DUE} timezone:\"\""), ExpectTimezone, zones),
        // Unknown option names.
        case(
            "/slo colour:red",
            ErrorUnknownOption,
            None,
            &["plan", "priority"],
        ),
        case(
            "/hours zone:Asia/Tokyo",
            ErrorUnknownOption,
            None,
            &["region", "timezone"],
        ),
        case(
            format!("{DUE} tz:UTC"),
            ErrorUnknownOption,
            None,
            &["plan", "priority", "region", "at", "timezone", "country"],
        ),
        case("/resources verbose:yes", ErrorUnknownOption, None, &[]),
        case("/help topic:due", ErrorUnknownOption, None, &[]),
        // Duplicate options.
        case(
            "/entitlements plan:online plan:elite",
            ErrorDuplicateOption,
            None,
            &["plan"],
        ),
        case(
            "/slo PLAN:online plan:online",
            ErrorDuplicateOption,
            None,
            &["plan"],
        ),
        case(
            format!("{DUE} region:japan"),
            ErrorDuplicateOption,
            None,
            &["region"],
        ),
        // Missing required options: the usage names the valid values.
        case(
            "/entitlements",
            ErrorMissingOption,
            None,
            &["plan", "online", "business", "enterprise", "elite"],
        ),
        case(
            "/due",
            ErrorMissingOption,
            None,
            &["plan", "p1", "p4", "americas", "japan"],
        ),
        case(
            "/due plan:business priority:p2",
            ErrorMissingOption,
            None,
            &["region", "americas", "emea", "apac", "japan"],
        ),
        // Values that are too long.
        case(
            format!("/hours region:{}", "x".repeat(10_000)),
            ErrorTooLong,
            None,
            &["4000"],
        ),
        case(
            format!("/hours region:{}", "x".repeat(300)),
            ErrorTooLong,
            None,
            &["region", "200"],
        ),
        case(
            format!("/slo plan:\"{}\"", "日本".repeat(150)),
            ErrorTooLong,
            None,
            &["plan", "200"],
        ),
        // Control and direction-changing characters.
        invalid("/slo plan:\u{0}", ExpectPlan, PLANS),
        invalid("/slo plan:\u{1b}[31mred", ExpectPlan, PLANS),
        invalid("/slo plan:\u{202e}enilno", ExpectPlan, PLANS),
        invalid("/hours region:japan\u{202e}", ExpectRegion, REGIONS),
        invalid("/slo plan:\"on\u{1b}[2Jline\u{0}\u{7}\"", ExpectPlan, PLANS),
        invalid(
            format!("{DUE} at:\"2026-11-20\u{0}16:30\""),
            ExpectInstant,
            instants,
        ),
        invalid(
            format!("/slo plan:\"{}\"", "\u{202e}\u{1b}".repeat(99)),
            ExpectPlan,
            PLANS,
        ),
        case(
            "/slo \u{1b}[31m:x",
            ErrorUnknownOption,
            None,
            &["plan", "priority"],
        ),
        case(
            "/\u{1b}[2J",
            ErrorUnknownCommand,
            None,
            &["/hours", "/due", "/help"],
        ),
        case(
            "/hours\u{202e} region:japan",
            ErrorUnknownCommand,
            None,
            &["/hours"],
        ),
        // Unbalanced quotes.
        case("/hours region:\"japan", ErrorUnbalancedQuote, None, &[]),
        case("/hours region:'japan", ErrorUnbalancedQuote, None, &[]),
        case(
            format!("{DUE} at:\"2026-11-20 16:30"),
            ErrorUnbalancedQuote,
            None,
            &[],
        ),
        // Not a command.
        case("hours region:japan", ErrorNotACommand, None, &["/help"]),
        case("help", ErrorNotACommand, None, &["/help"]),
        case("", ErrorNotACommand, None, &["/help"]),
        case("   ", ErrorNotACommand, None, &["/help"]),
        case("/", ErrorNotACommand, None, &["/help"]),
        case("／hours", ErrorNotACommand, None, &["/help"]),
        case("\\hours", ErrorNotACommand, None, &["/help"]),
        // Unknown commands.
        case("/frobnicate", ErrorUnknownCommand, None, commands),
        case("/hour region:japan", ErrorUnknownCommand, None, commands),
        case("/cases file org:acme", ErrorUnknownCommand, None, commands),
        // Options that are not `name:value`.
        case("/hours region:japan tokyo", ErrorOptionSyntax, None, &[]),
        case("/hours :japan", ErrorOptionSyntax, None, &[]),
        // A known command followed by a word that is not an option: the command exists.
        case("/hours japan", ErrorOptionSyntax, None, &["japan"]),
        case("/case show 42", ErrorOptionSyntax, None, &["42"]),
        // A group alone, or with a subcommand it does not have: the group exists.
        case(
            "/support",
            ErrorMissingSubcommand,
            None,
            &["/support urgent", "/support products"],
        ),
        case(
            "/case",
            ErrorMissingSubcommand,
            None,
            &["/case file", "/case reopen"],
        ),
        case(
            "/org",
            ErrorMissingSubcommand,
            None,
            &["/org add", "/org list"],
        ),
        case(
            "/contacts",
            ErrorMissingSubcommand,
            None,
            &["/contacts add", "/contacts list"],
        ),
        case(
            "/reminders",
            ErrorMissingSubcommand,
            None,
            &["/reminders set", "/reminders show"],
        ),
        case(
            "/CASE id:1",
            ErrorMissingSubcommand,
            None,
            &["/case file", "/case show"],
        ),
        case(
            "/case delete id:1",
            ErrorUnknownSubcommand,
            None,
            &["delete", "/case file", "/case reopen"],
        ),
        case(
            "/support hours",
            ErrorUnknownSubcommand,
            None,
            &["hours", "/support urgent", "/support products"],
        ),
        // A submission inside the years whose deadline falls after them.
        case(
            format!("{DUE} at:2099-12-31T16:30:00Z"),
            ErrorDueAfterRange,
            None,
            &["1900", "2099"],
        ),
        case(
            "/due plan:online priority:p4 region:japan at:2099-12-29T00:00:00Z",
            ErrorDueAfterRange,
            None,
            &["2099"],
        ),
    ]
}

/// The error title in each language, as data/locales/*.ftl write it.
fn error_title(locale: &str) -> &'static str {
    tr(
        locale,
        "That did not work",
        "無法處理這個指令",
        "コマンドを処理できませんでした",
    )
}

/// What every refusal must be, whatever it refuses.
fn assert_refusal(locale: &str, line: &str, reply: &Reply) {
    assert_eq!(
        reply.outcome,
        Outcome::BadInput,
        "{locale} {line:?} was answered: {reply:#?}"
    );
    assert!(reply.private, "{locale} {line:?}: refusals are private");
    assert_eq!(reply.title, error_title(locale), "{locale} {line:?}");
    assert!(
        reply.mentions.roles.is_empty() && reply.mentions.users.is_empty(),
        "{locale} {line:?}: a refusal pings no one"
    );
    if let Some((c, part)) = unsafe_char(reply) {
        panic!("{locale} {line:?}: the reply carries {c:?} raw in {part}");
    }
    let violations = discord_violations(reply);
    assert!(violations.is_empty(), "{locale} {line:?}: {violations:?}");
    if locale != "en-US" {
        let text = all_text(reply);
        assert!(
            english_run(&text).is_none(),
            "{locale} {line:?}: English in the reply: {:?} in {text}",
            english_run(&text)
        );
    }
}

#[test]
fn malformed_commands_are_refused_in_the_askers_language() {
    let engine = engine();
    for case in cases() {
        for locale in LOCALES {
            let reply = ask(&engine, locale, &case.line);
            assert_refusal(locale, &case.line, &reply);
            let shown: String = case.line.chars().take(60).collect();
            for piece in literal_pieces(&message(locale, case.msg)) {
                assert!(
                    reply.text.contains(&piece),
                    "{locale} {shown:?}: {:?} should say {:?}: {:?}",
                    case.msg,
                    piece,
                    reply.text
                );
            }
            if let Some(expect) = case.expect {
                // The valid values are filled in from the catalog (checked with `names`).
                for piece in literal_pieces(&message(locale, expect)) {
                    assert!(
                        reply.text.contains(&piece),
                        "{locale} {shown:?}: {piece:?} not in {:?}",
                        reply.text
                    );
                }
            }
            for name in &case.names {
                assert!(
                    reply.text.contains(name),
                    "{locale} {shown:?}: the reply should name {name:?}: {:?}",
                    reply.text
                );
            }
        }
    }
}

#[test]
fn invalid_priority_is_refused_with_the_catalog_sentence() {
    let engine = engine();
    let expected = [
        (
            "en-US",
            "`p7` is not a valid `priority`. Use one of: `p1`, `p2`, `p3`, `p4`.",
        ),
        (
            "zh-TW",
            "`p7` 不是有效的 `priority`。請使用以下其中之一：`p1`、`p2`、`p3`、`p4`。",
        ),
        (
            "ja",
            "`p7` は有効な `priority` ではありません。次のいずれかを指定してください：`p1`、`p2`、`p3`、`p4`。",
        ),
    ];
    for (locale, text) in expected {
        let reply = ask(&engine, locale, "/slo priority:p7");
        assert_refusal(locale, "/slo priority:p7", &reply);
        assert_eq!(reply.text, text, "{locale}");
    }
}

#[test]
fn refusals_of_unknown_ids_quote_the_value_and_name_the_choices() {
    let engine = engine();
    let cases = [
        (
            "zh-TW",
            "/entitlements plan:platinum",
            "`platinum` 不是有效的 `plan`。請使用以下其中之一：`online`、`business`、`enterprise`、`elite`、`expert`、`ultimate`。",
        ),
        (
            "ja",
            "/hours region:mars",
            "`mars` は有効な `region` ではありません。次のいずれかを指定してください：`americas`、`emea`、`apac`、`japan`。",
        ),
        (
            "ja",
            "/hours timezone:Mars/Olympus",
            "`Mars/Olympus` は有効な `timezone` ではありません。IANA のタイムゾーン名を指定してください（例：`Asia/Tokyo`、`Europe/London`、`America/New_York`）。",
        ),
        (
            "zh-TW",
            "/due plan:business priority:p2 region:emea at:yesterday",
            "`yesterday` 不是有效的 `at`。請使用日期與時間，例如 `2026-11-20 16:30`（行事曆的時區）或 `2026-11-20T16:30:00Z`。",
        ),
    ];
    for (locale, line, text) in cases {
        let reply = ask(&engine, locale, line);
        assert_refusal(locale, line, &reply);
        assert_eq!(reply.text, text, "{locale} {line}");
    }
}

#[test]
fn groups_and_their_subcommands_are_named_not_denied() {
    let engine = engine();
    let cases = [
        (
            "en-US",
            "/support",
            "/support needs a subcommand: `/support urgent`, `/support coverage`, `/support escalation`, `/support phone`, `/support products`. Type one of them, e.g. `/support urgent`; `/help` shows them all with their options.",
        ),
        (
            "zh-TW",
            "/reminders",
            "/reminders 需要子指令：`/reminders set`、`/reminders show`。請輸入其中之一，例如 `/reminders set`；`/help` 可查看全部指令及其選項。",
        ),
        (
            "ja",
            "/org",
            "/org にはサブコマンドが必要です：`/org add`、`/org show`、`/org set`、`/org list`。いずれかを入力してください（例：`/org add`）。`/help` でオプションを含む一覧を表示できます。",
        ),
        (
            "en-US",
            "/case delete id:1",
            "/case has no subcommand `delete`. Its subcommands are: `/case file`, `/case show`, `/case list`, `/case respond`, `/case note`, `/case priority`, `/case escalate`, `/case close`, `/case reopen`.",
        ),
        (
            "en-US",
            "/case shw id:1",
            "Did you mean `/case show`?\n/case has no subcommand `shw`. Its subcommands are: `/case file`, `/case show`, `/case list`, `/case respond`, `/case note`, `/case priority`, `/case escalate`, `/case close`, `/case reopen`.",
        ),
        (
            "zh-TW",
            "/contacts lst org:acme",
            "您是不是要輸入 `/contacts list`？\n/contacts 沒有 `lst` 這個子指令。可用的子指令：`/contacts add`、`/contacts remove`、`/contacts list`。",
        ),
        (
            "ja",
            "/support urgnet",
            "もしかして `/support urgent` ですか？\n/support に `urgnet` というサブコマンドはありません。使えるサブコマンド：`/support urgent`、`/support coverage`、`/support escalation`、`/support phone`、`/support products`。",
        ),
    ];
    for (locale, line, text) in cases {
        let reply = ask(&engine, locale, line);
        assert_refusal(locale, line, &reply);
        assert_eq!(reply.text, text, "{locale} {line}");
    }
}

#[test]
fn a_deadline_after_the_zone_data_says_so_not_that_the_submission_is_outside() {
    let engine = engine();
    let line = format!("{DUE} at:2099-12-31T16:30:00Z");
    let expected = [
        (
            "en-US",
            "The deadline falls after 2099, beyond the time-zone data the clock counts with (1900 to 2099), so it cannot be computed; the submission instant itself is within range. Give an earlier submission instant.",
        ),
        (
            "zh-TW",
            "期限會落在 2099 年之後，超出時鐘所用的時區資料範圍（1900 年至 2099 年），因此無法計算；提交時間本身在範圍內。請提供較早的提交時間。",
        ),
        (
            "ja",
            "期限が 2099 年より後になり、時計が使うタイムゾーンのデータ（1900 年から 2099 年まで）の範囲を超えるため計算できません。受付日時自体は範囲内です。より早い受付日時を指定してください。",
        ),
    ];
    for (locale, text) in expected {
        let reply = ask(&engine, locale, &line);
        assert_refusal(locale, &line, &reply);
        assert_eq!(reply.text, text, "{locale}");
    }
    // An instant really outside the years is still refused as such.
    let reply = ask(&engine, "en-US", &format!("{DUE} at:2100-01-01T00:00:00Z"));
    assert!(reply.text.contains("outside the range"), "{}", reply.text);
    // Hours asked on the last evening: the next opening, not the instant, is past the end.
    let last = engine_at("2099-12-31T23:00:00Z");
    let reply = ask(&last, "en-US", "/hours region:japan");
    assert_refusal("en-US", "/hours region:japan", &reply);
    assert_eq!(
        reply.text,
        "The answer falls after 2099, beyond the time-zone data the clock counts with (1900 to 2099), so it cannot be computed. Ask about an earlier instant."
    );
}

#[test]
fn control_characters_are_shown_escaped() {
    let engine = engine();
    for (line, escaped) in [
        ("/slo plan:\u{0}", "\\u{0}"),
        ("/slo plan:\u{1b}[31mred", "\\u{1b}[31mred"),
        ("/slo plan:\u{202e}enilno", "\\u{202e}enilno"),
    ] {
        for locale in LOCALES {
            let reply = ask(&engine, locale, line);
            assert_refusal(locale, line, &reply);
            assert!(
                reply.text.contains(&format!("`{escaped}`")),
                "{locale} {line:?}: {:?}",
                reply.text
            );
        }
    }
}

/// quote() promises "control and direction-changing characters escaped" and "on one line".
/// U+061C ARABIC LETTER MARK is a Bidi_Control character like U+200E/U+200F; U+2028 and U+2029
/// separate lines and paragraphs.
#[test]
fn every_direction_mark_and_line_separator_is_shown_escaped() {
    let engine = engine();
    for c in ['\u{061c}', '\u{2028}', '\u{2029}'] {
        for locale in LOCALES {
            let line = format!("/slo plan:on{c}line");
            let reply = ask(&engine, locale, &line);
            assert_eq!(reply.outcome, Outcome::BadInput);
            assert!(
                !reply.text.contains(c),
                "{locale}: U+{:04X} is echoed raw: {:?}",
                c as u32,
                reply.text
            );
        }
    }
}

#[test]
fn the_shared_corpus_of_bad_lines_is_refused() {
    let engine = engine();
    for line in bad_lines() {
        for locale in LOCALES {
            let reply = ask(&engine, locale, &line);
            assert_refusal(locale, &line, &reply);
        }
    }
}

#[test]
fn a_long_value_is_refused_not_echoed() {
    let engine = engine();
    let value = "x".repeat(10_000);
    for line in [
        format!("/hours region:{value}"),
        format!("/slo plan:\"{value}\""),
        format!("/{value}"),
        format!("/hours {value}:japan"),
    ] {
        for locale in LOCALES {
            let reply = ask(&engine, locale, &line);
            assert_refusal(locale, &line[..40], &reply);
            assert!(
                all_text(&reply).chars().count() < 500,
                "{locale}: the reply should not carry the value: {reply:#?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// A command's options with valid values for the required ones.
fn base_options(command: &str) -> Vec<(String, String)> {
    let pairs: &[(&str, &str)] = match command {
        "entitlements" => &[("plan", "business")],
        "due" => &[("plan", "business"), ("priority", "p2"), ("region", "emea")],
        _ => &[],
    };
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

const OPTION_NAMES: &[&str] = &[
    "plan", "plans", "priority", "region", "timezone", "at", "country", "PLAN", "x", "",
];
const COMMAND_NAMES: &[&str] = &[
    "entitlements",
    "compare",
    "slo",
    "hours",
    "due",
    "features",
    "resources",
    "help",
];

/// What every reply must be, answered or refused.
fn check_reply(language: Language, reply: &Reply) -> Result<(), TestCaseError> {
    prop_assert!(matches!(
        reply.outcome,
        Outcome::Answered | Outcome::BadInput
    ));
    let violations = discord_violations(reply);
    prop_assert!(violations.is_empty(), "{violations:?} in {reply:#?}");
    // What quote() escapes: controls, zero-width and bidi embeddings, overrides and isolates.
    let raw = all_text(reply).chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    prop_assert!(raw.is_none(), "{raw:?} raw in {reply:#?}");
    if reply.outcome == Outcome::BadInput {
        let locale = match language {
            Language::En => "en-US",
            Language::ZhTw => "zh-TW",
            Language::Ja => "ja",
        };
        prop_assert_eq!(&reply.title, error_title(locale));
    }
    Ok(())
}

fn language() -> impl Strategy<Value = Language> {
    prop::sample::select(vec![Language::En, Language::ZhTw, Language::Ja])
}

/// Option values: anything at all, text with controls and bidi marks, near-valid ids, and
/// dates across and beyond the range the clock computes.
fn value() -> impl Strategy<Value = String> {
    let ids: Vec<&str> = [
        PLANS,
        PRIORITIES,
        REGIONS,
        &["Asia/Tokyo", "none", "JP", "XX", "business,elite"],
    ]
    .concat();
    prop_oneof![
        any::<String>(),
        "\\PC{0,250}",
        "[\\x00-\\x1f\\x7f\u{202a}-\u{202e}\u{2066}-\u{2069}a-z0-9 :/\"'`,-]{0,60}",
        (prop::sample::select(ids), "[\\x00-\\x1f\u{202e} ]{0,3}")
            .prop_map(|(id, noise)| format!("{noise}{id}{noise}")),
        (
            1850i32..9150,
            0u32..14,
            0u32..33,
            0u32..25,
            0u32..61,
            prop::bool::ANY
        )
            .prop_map(|(y, mo, d, h, mi, utc)| if utc {
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:00Z")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}")
            }),
    ]
}

fn shared_engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(engine)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_option_value_is_answered_or_refused(
        command in prop::sample::select(COMMAND_NAMES),
        name in prop::sample::select(OPTION_NAMES),
        value in value(),
        language in language(),
        extra_zone in prop::option::of(prop::sample::select(vec![
            "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/St_Johns", "Asia/Kathmandu",
        ])),
    ) {
        let mut options = base_options(command);
        options.retain(|(n, _)| n != name);
        options.push((name.to_owned(), value.clone()));
        if let Some(zone) = extra_zone
            && command == "due"
            && name != "timezone"
        {
            options.push(("timezone".into(), zone.into()));
        }
        let reply = shared_engine().handle(&Request {
            caller: Caller::new(UserId(7), Role::Customer, language),
            command: command.to_owned(),
            options,
        });
        check_reply(language, &reply)?;
    }

    #[test]
    fn any_option_value_typed_on_a_line_is_answered_or_refused(
        command in prop::sample::select(COMMAND_NAMES),
        name in prop::sample::select(OPTION_NAMES),
        value in value(),
        quoted in prop::bool::ANY,
        language in language(),
    ) {
        let mut line = format!("/{command}");
        for (n, v) in base_options(command) {
            if n != name {
                line.push_str(&format!(" {n}:{v}"));
            }
        }
        if quoted {
            line.push_str(&format!(" {name}:\"{value}\""));
        } else {
            line.push_str(&format!(" {name}:{value}"));
        }
        let reply = shared_engine().handle_line(Caller::new(UserId(7), Role::Customer, language), &line);
        check_reply(language, &reply)?;
    }

    #[test]
    fn any_line_is_answered_or_refused(
        line in prop_oneof![
            any::<String>(),
            any::<String>().prop_map(|s| format!("/{s}")),
            (prop::sample::select(COMMAND_NAMES), any::<String>())
                .prop_map(|(c, s)| format!("/{c} {s}")),
            "/[a-z]{0,12}( [a-z:\"' \\x00-\\x1f\u{202e}]{0,20}){0,4}",
        ],
        language in language(),
    ) {
        let reply = shared_engine().handle_line(Caller::new(UserId(7), Role::Customer, language), &line);
        check_reply(language, &reply)?;
    }

    #[test]
    fn any_command_name_is_answered_or_refused(
        command in any::<String>(),
        options in prop::collection::vec((any::<String>(), any::<String>()), 0..4),
        language in language(),
    ) {
        let reply = shared_engine().handle(&Request {
            caller: Caller::new(UserId(7), Role::Customer, language),
            command,
            options,
        });
        check_reply(language, &reply)?;
    }
}

/// Time zones with odd offsets, DST at midnight, half-hour DST, and a skipped day (Apia, 30
/// December 2011).
const ZONES: &[&str] = &[
    "America/New_York",
    "Europe/London",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Pacific/Chatham",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Antarctica/Troll",
    "Asia/Tokyo",
    "UTC",
];

/// An instant from 1890 to 9010 (past both ends of the clock's range).
fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        (-2_524_608_000i64..221_845_392_000).prop_map(|s| DateTime::from_timestamp(s, 0)),
        // Near today, where holiday data exists.
        (1_735_689_600i64..1_893_456_000).prop_map(|s| DateTime::from_timestamp(s, 0)),
        // Around Apia's skipped day.
        (1_325_000_000i64..1_325_400_000).prop_map(|s| DateTime::from_timestamp(s, 0)),
    ]
    .prop_map(|t| t.expect("in chrono's range"))
}

/// `at:` as an RFC 3339 instant or as a local time in the calendar's zone.
fn any_at() -> impl Strategy<Value = String> {
    (any_instant(), prop::bool::ANY).prop_map(|(t, utc)| {
        if utc {
            format!("at:{}", t.format("%Y-%m-%dT%H:%M:%SZ"))
        } else {
            format!("at:\"{}\"", t.format("%Y-%m-%d %H:%M"))
        }
    })
}

/// The `<t:N:F>` timestamps of a text, in order.
fn timestamps(text: &str) -> Vec<i64> {
    text.split("<t:")
        .skip(1)
        .filter_map(|rest| rest.split_once(":F>").and_then(|(n, _)| n.parse().ok()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn any_deadline_question_at_any_time_is_answered_or_refused(
        now in any_instant(),
        plan in prop::sample::select(PLANS),
        priority in prop::sample::select(PRIORITIES),
        region in prop::sample::select(REGIONS),
        at in prop::option::of(any_at()),
        zone in prop::option::of(prop::sample::select(ZONES)),
        country in prop::option::of(prop::sample::select(vec!["none", "JP", "US", "GB", "TW", "XX"])),
        language in language(),
    ) {
        let engine = Engine::new(catalog(), Arc::new(ManualClock::new(now)));
        let mut line = format!("/due plan:{plan} priority:{priority} region:{region}");
        for option in [at, zone.map(|z| format!("timezone:{z}")), country.map(|c| format!("country:{c}"))]
            .into_iter()
            .flatten()
        {
            line.push(' ');
            line.push_str(&option);
        }
        let reply = engine.handle_line(Caller::new(UserId(7), Role::Customer, language), &line);
        check_reply(language, &reply)?;
        if reply.outcome == Outcome::Answered {
            let due = timestamps(&reply.text);
            prop_assert_eq!(due.len(), 1, "{} {:?}", line, reply.text);
            let submitted = timestamps(&reply.fields[1].value);
            prop_assert_eq!(submitted.len(), 1, "{} {:?}", line, reply.fields[1]);
            let waited = due[0] - submitted[0];
            prop_assert!(
                waited > 0 && waited <= 40 * 86_400,
                "{}: due {} for submitted {}", line, due[0], submitted[0]
            );
        }
    }

    #[test]
    fn support_hours_at_any_time_are_answered_or_refused(
        now in any_instant(),
        region in prop::option::of(prop::sample::select(REGIONS)),
        zone in prop::option::of(prop::sample::select(ZONES)),
        language in language(),
    ) {
        let engine = Engine::new(catalog(), Arc::new(ManualClock::new(now)));
        let mut line = "/hours".to_owned();
        if let Some(region) = region {
            line.push_str(&format!(" region:{region}"));
        }
        if let Some(zone) = zone {
            line.push_str(&format!(" timezone:{zone}"));
        }
        let reply = engine.handle_line(Caller::new(UserId(7), Role::Customer, language), &line);
        check_reply(language, &reply)?;
        if reply.outcome == Outcome::Answered {
            for field in &reply.fields {
                for t in timestamps(&field.value) {
                    prop_assert!(t > now.timestamp(), "{}: {} is not after now {}", line, t, now);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The binary
// ---------------------------------------------------------------------------------------------

#[test]
fn ask_exits_2_with_the_localized_refusal() {
    let cases = [
        (
            "ja",
            "/slo priority:p7",
            "次のいずれかを指定してください：`p1`、`p2`、`p3`、`p4`。",
        ),
        (
            "zh-TW",
            "/hours region:mars",
            "請使用以下其中之一：`americas`、`emea`、`apac`、`japan`。",
        ),
        (
            "en-US",
            "/due plan:business",
            "/due needs `priority`. Type it like this: `/due plan:online|business|enterprise|elite|expert|ultimate priority:p1|p2|p3|p4 region:americas|emea|apac|japan",
        ),
        (
            "ja",
            "hours region:japan",
            "コマンドは `/` で始まります。`/help` と入力すると一覧が表示されます。",
        ),
        (
            "zh-TW",
            "/hours region:\"japan",
            "有引號沒有閉合。請補上，例如 `timezone:\"America/New_York\"`。",
        ),
        (
            "ja",
            "/due plan:business priority:p2 region:emea country:XX",
            "`XX` の祝日カレンダーはありません。",
        ),
        (
            "zh-TW",
            "/frobnicate",
            "沒有 `frobnicate` 這個指令。可用的指令：/entitlements, /compare, /slo, /hours, /due, /features, /resources, /support, /org, /contacts, /case, /stats, /reminders, /help。",
        ),
        (
            "ja",
            "/slo plan:\u{1b}[31mred\u{202e}",
            "`\\u{1b}[31mred\\u{202e}` は有効な `plan` ではありません。",
        ),
    ];
    for (locale, line, expected) in cases {
        let output = ask_bin(locale, line);
        let text = stdout(&output);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{locale} {line:?}: {output:?}"
        );
        assert!(
            text.starts_with(&format!("{}\n", error_title(locale))),
            "{locale} {line:?}: {text}"
        );
        // Written as the engine says it; the console shows its code spans as plain text.
        let expected = expected.replace('`', "");
        assert!(
            text.contains(&expected),
            "{locale} {line:?}: {expected:?} not in {text}"
        );
        assert!(
            !text.contains(['\u{1b}', '\u{202e}', '\u{0}']),
            "{locale} {line:?}: raw control in {text:?}"
        );
    }
}

#[test]
fn ask_exits_0_on_a_good_command() {
    let output = ask_bin("zh-TW", "/slo plan:business priority:p2");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = stdout(&output);
    assert!(text.contains("業務支援"), "{text}");
    assert!(text.contains("P2 營業時間 / 2 小時"), "{text}");
}

#[test]
fn due_refuses_bad_flags_with_status_2() {
    let good = due_business_p2_emea_args("2026-11-20T16:30:00Z");
    let output = run(bin(&good), b"");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    for (flag, value) in [
        ("--priority", "p7"),
        ("--plan", "platinum"),
        ("--region", "mars"),
        ("--at", "yesterday"),
        ("--tz", "Mars/Olympus"),
        ("--country", "XYZ"),
        ("--country", "XX"),
        ("--holiday", "2026-13-45"),
    ] {
        let mut args = good.clone();
        match args.iter().position(|a| *a == flag) {
            Some(i) => args[i + 1] = value,
            None => args.extend([flag, value]),
        }
        let output = run(bin(&args), b"");
        assert_eq!(output.status.code(), Some(2), "{flag} {value}: {output:?}");
        assert!(output.stdout.is_empty(), "{flag} {value}: no due on stdout");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(value),
            "{flag} {value}: the error names the value: {stderr}"
        );
    }
}

/// `due --timezone` is the customer's zone, as `/due timezone:`; `--tz` stays as its alias.
#[test]
fn due_takes_the_customers_zone_as_timezone_and_tz() {
    let due = |flag: &str, zone: &str| {
        run(
            due_business_p2_emea("2026-11-20T16:30:00Z", &[flag, zone]),
            b"",
        )
    };
    // 11:30 in New York (16:30 UTC) on Friday: two business hours end at 13:30 there.
    for flag in ["--timezone", "--tz"] {
        let output = due(flag, "america/new_york");
        assert_eq!(output.status.code(), Some(0), "{flag}: {output:?}");
        assert_eq!(stdout(&output), "2026-11-20T18:30:00Z\n", "{flag}");
    }
    let output = due("--timezone", "Mars/Olympus");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--timezone"), "{stderr}");
    let help = run(bin(&["due", "--help"]), b"");
    let help = stdout(&help);
    assert!(help.contains("--timezone <TIMEZONE>"), "{help}");
    assert!(help.contains("[alias: --tz]"), "{help}");
}

#[test]
fn due_says_a_deadline_falls_after_the_zone_data_alone_and_in_a_batch() {
    let output = run(due_business_p2_emea("2099-12-31T16:30:00Z", &[]), b"");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let said = "the deadline falls after 2099, beyond the years 1900–2099 the time-zone data covers; the submission instant is within them: give an earlier one";
    assert_eq!(stderr.trim_end(), format!("supportbot: {said}"));
    let output = run(
        bin(&["due", "--batch"]),
        br#"{"plan":"business","priority":"p2","region":"emea","at":"2099-12-31T16:30:00Z"}
{"plan":"business","priority":"p2","region":"emea","at":"2100-01-01T00:00:00Z"}
"#,
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], serde_json::json!({ "error": said }).to_string());
    assert!(lines[1].contains("outside the years"), "{}", lines[1]);
}

#[test]
fn due_batch_answers_every_line_in_order() {
    let input: Vec<&[u8]> = vec![
        br#"{"plan":"business","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z"}"#,
        b"garbage",
        br#"{"plan":"platinum","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z"}"#,
        br#"{"plan":"elite","priority":"p1","region":"japan","at":"2026-11-21T14:00:00Z"}"#,
        br#"{"plan":"business","priority":"p7","region":"emea","at":"2026-11-20T16:30:00Z"}"#,
        br#"{"plan":"online","priority":"p4","region":"japan","at":"2026-04-28T01:00:00Z"}"#,
        br#"{"plan":"business","priority":"p2","region":"mars","at":"2026-11-20T16:30:00Z"}"#,
        br#"{"plan":"business","priority":"p2","region":"emea","at":"yesterday"}"#,
        br#"{"plan":"business","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z","tz":"Mars/Olympus"}"#,
        br#"{"plan":"business","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z","country":"XX"}"#,
        br#"{"plan":"business","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z","country":"JP"}"#,
        br#"{"plan":"business","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z","holidays":["2026-13-45"]}"#,
        br#"{"plan":"business","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z","holidays":["2026-11-23"]}"#,
        br#"{"plan":"business","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z","colour":"red"}"#,
        br#"{"plan":"business","priority":"p2","region":"emea","at":"0001-01-01T00:00:00Z"}"#,
        br#"{}"#,
        b"\xff\xfe not utf-8 \x1b[31m",
        br#"{"plan":"business","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z","tz":"America/New_York"}"#,
    ];
    let expected: Vec<Option<&str>> = vec![
        Some("2026-11-23T10:30:00Z"),
        None,
        None,
        Some("2026-11-21T14:15:00Z"),
        None,
        Some("2026-05-07T01:00:00Z"),
        None,
        None,
        None,
        None,
        // 23 November is a Japanese holiday.
        Some("2026-11-24T10:30:00Z"),
        None,
        // An added holiday on Monday 23 November.
        Some("2026-11-24T10:30:00Z"),
        None,
        None,
        None,
        None,
        // 11:30 New York (16:30 UTC) on Friday: 2 business hours end at 13:30 New York.
        Some("2026-11-20T18:30:00Z"),
    ];
    assert_eq!(input.len(), expected.len());
    let mut stdin = input.join(&b'\n');
    stdin.push(b'\n');
    let output = run(bin(&["due", "--batch"]), &stdin);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = stdout(&output);
    let answers: Vec<&str> = text.lines().collect();
    assert_eq!(
        answers.len(),
        input.len(),
        "one JSON line per input line: {text}"
    );
    for (i, (answer, expected)) in answers.iter().zip(&expected).enumerate() {
        let json: serde_json::Value = serde_json::from_str(answer)
            .unwrap_or_else(|e| panic!("line {i}: {answer:?} is not JSON: {e}"));
        let object = json.as_object().expect("a JSON object");
        assert_eq!(object.len(), 1, "line {i}: {answer}");
        match expected {
            Some(due) => assert_eq!(
                object.get("due").and_then(|v| v.as_str()),
                Some(*due),
                "line {i}: {answer}"
            ),
            None => {
                let error = object
                    .get("error")
                    .and_then(|v| v.as_str())
                    .unwrap_or_else(|| panic!("line {i}: an error expected: {answer}"));
                assert!(!error.is_empty(), "line {i}");
                assert!(
                    !error.contains(['\u{1b}', '\u{0}']),
                    "line {i}: raw control in {error:?}"
                );
            }
        }
    }
    let errors: Vec<&str> = answers
        .iter()
        .filter(|a| a.contains("\"error\""))
        .copied()
        .collect();
    assert!(
        errors.iter().any(|e| e.contains("platinum")),
        "the error names the bad plan: {errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("XX")),
        "the error names the bad country: {errors:?}"
    );
}

/// Enough lines for several blocks on several threads: every answer is still its own line's,
/// in order, and an error names its line's number in the whole input.
#[test]
fn due_batch_keeps_the_input_order_across_blocks() {
    let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let lines = 50_000;
    let mut input = String::new();
    let mut expected = Vec::new();
    for i in 0..lines {
        // Every 997th line is not JSON; the rest are Elite P1 (15 minutes, 24x7), one minute
        // apart, so each answer shows which line it belongs to.
        if i % 997 == 500 {
            input.push_str("garbage\n");
            expected.push(format!("not JSON at input line {}, column 1", i + 1));
        } else {
            let at = start + chrono::TimeDelta::minutes(i);
            let due = at + chrono::TimeDelta::minutes(15);
            input.push_str(&format!(
                r#"{{"plan":"elite","priority":"p1","region":"emea","at":"{}"}}"#,
                at.format("%Y-%m-%dT%H:%M:%SZ")
            ));
            input.push('\n');
            expected.push(format!(
                r#"{{"due":"{}"}}"#,
                due.format("%Y-%m-%dT%H:%M:%SZ")
            ));
        }
    }
    assert!(input.len() > 3 << 20, "more than three blocks of 1 MiB");
    let output = run(bin(&["due", "--batch"]), input.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = stdout(&output);
    let answers: Vec<&str> = text.lines().collect();
    assert_eq!(answers.len(), expected.len());
    for (i, (answer, expected)) in answers.iter().zip(&expected).enumerate() {
        assert!(
            answer.contains(expected.as_str()),
            "line {}: {answer}, expected {expected}",
            i + 1
        );
    }
}

#[test]
fn due_batch_with_no_input_writes_nothing() {
    let output = run(bin(&["due", "--batch"]), b"");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(output.stdout.is_empty());
}

/// `supportbot stats --locale LOCALE --png PATH`: its status and stderr.
fn stats_png(locale: &str, path: &std::path::Path) -> (Option<i32>, String) {
    let path = path.to_str().expect("a UTF-8 path");
    let output = run(bin(&["stats", "--locale", locale, "--png", path]), b"");
    // A report printed before the failure would read as a report whose chart was saved.
    if output.status.code() != Some(0) {
        assert_eq!(
            stdout(&output),
            "",
            "{locale} {path}: no report when its chart cannot be written"
        );
    }
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn stats_of_an_unknown_organisation_says_so_in_the_operators_terms() {
    for (locale, expected) in [
        (
            "en-US",
            "supportbot: --org: no organisation has the id nope. `supportbot ask --as admin \"/org list\"` lists them; give one of those ids, or leave out --org for every organisation.",
        ),
        (
            "zh-TW",
            "supportbot: --org: 沒有 ID 為 nope 的組織。`supportbot ask --as admin \"/org list\"` 會列出所有組織；請提供其中一個 ID，或省略 --org 以統計所有組織。",
        ),
        (
            "ja",
            "supportbot: --org: ID が nope の組織はありません。`supportbot ask --as admin \"/org list\"` で一覧を表示できます。そのいずれかの ID を指定するか、--org を省略するとすべての組織が対象になります。",
        ),
    ] {
        let output = run(bin(&["stats", "--locale", locale, "--org", "nope"]), b"");
        assert_eq!(output.status.code(), Some(2), "{locale}: {output:?}");
        assert_eq!(stdout(&output), "", "{locale}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.trim_end(), expected, "{locale}");
    }
}

#[test]
fn stats_says_in_the_readers_language_why_the_chart_cannot_be_written_and_what_to_do() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    let plain_file = root.join("notes.txt");
    std::fs::write(&plain_file, "not a directory").expect("a file");
    let missing = root.join("missing").join("stats.png");
    let show = |path: &std::path::Path| path.display().to_string();

    type Expect = Box<dyn Fn(&str, &str) -> String>;
    let mut cases: Vec<(std::path::PathBuf, i32, Expect)> = Vec::new();
    let dir = show(&root.join("missing"));
    cases.push((
        missing,
        2,
        Box::new(move |locale, file| match locale {
                "ja" => format!(
                    "{file} に書き込めません：{dir} は既存のディレクトリではありません。先に作成する（`mkdir -p {dir}`）か、既存のディレクトリ内のパスを指定してください。"
                ),
                "zh-TW" => format!(
                    "無法寫入 {file}：{dir} 不是現有的目錄。請先建立該目錄（`mkdir -p {dir}`），或指定現有目錄中的路徑。"
                ),
                _ => format!(
                    "Cannot write {file}: {dir} is not an existing directory. Create it first (`mkdir -p {dir}`) or give a path in an existing directory."
                ),
            }),
        ));
    cases.push((
        plain_file.join("stats.png"),
        2,
        Box::new(|locale, file| match locale {
            "ja" => format!(
                "{file} に書き込めません：パスの途中にディレクトリではなくファイルがあります。すべてのディレクトリが存在するパスを指定してください。"
            ),
            "zh-TW" => format!(
                "無法寫入 {file}：路徑中有一部分是檔案而不是目錄。請指定所有目錄都存在的路徑。"
            ),
            _ => format!(
                "Cannot write {file}: part of its path is a file, not a directory. Give a path whose directories all exist."
            ),
        }),
    ));
    cases.push((
        root.to_owned(),
        2,
        Box::new(|locale, file| match locale {
            "ja" => format!(
                "{file} に書き込めません：ディレクトリです。パスの末尾にファイル名を付けてください。"
            ),
            "zh-TW" => format!("無法寫入 {file}：這是一個目錄。請在路徑最後加上檔案名稱。"),
            _ => format!(
                "Cannot write {file}: it is a directory. Add a file name to the end of the path."
            ),
        }),
    ));
    // Linux's device that is always full: not the path's fault, so a failure (1).
    cases.push((
        "/dev/full".into(),
        1,
        Box::new(|locale, file| match locale {
            "ja" => format!(
                "{file} に書き込めません：ディスクの空き容量がありません。空き容量を確保するか、別のディスク上のパスを指定してください。"
            ),
            "zh-TW" => format!(
                "無法寫入 {file}：所在的磁碟已滿。請釋出該磁碟的空間，或指定其他磁碟上的路徑。"
            ),
            _ => format!(
                "Cannot write {file}: its disk is full. Free some space on it, or give a path on another disk."
            ),
        }),
    ));
    // A kind without a sentence of its own: the system's text is kept as the detail.
    let reason = "File name too long (os error 36)";
    cases.push((
        root.join(format!("{}.png", "x".repeat(300))),
        2,
        Box::new(move |locale, file| match locale {
            "ja" => format!(
                "{file} に書き込めません（{reason}）。もう一度試すか、書き込み可能な別のディレクトリ内のパスを指定してください。"
            ),
            "zh-TW" => format!(
                "無法寫入 {file}（{reason}）。請再試一次，或指定其他可寫入目錄中的路徑。"
            ),
            _ => format!(
                "Cannot write {file} ({reason}). Try again, or give a path in another directory you may write to."
            ),
        }),
    ));
    // A directory this user may not write in; root may write anywhere, so it is tried only when
    // the directory does refuse (the sentence itself is pinned in `i18n::unwritable`'s tests).
    let locked = root.join("locked");
    std::fs::create_dir(&locked).expect("a directory");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let refuses = std::fs::write(locked.join("probe"), "")
        .is_err_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied);
    if refuses {
        cases.push((
            locked.join("stats.png"),
            2,
            Box::new(|locale, file| match locale {
                "ja" => format!(
                    "{file} に書き込めません：書き込み権限がありません。書き込み可能なパス（ホームディレクトリ内など）を指定するか、書き込み権限を依頼してください。"
                ),
                "zh-TW" => format!(
                    "無法寫入 {file}：您沒有在此寫入的權限。請指定您可寫入的路徑（例如您的家目錄中的路徑），或申請寫入權限。"
                ),
                _ => format!(
                    "Cannot write {file}: you may not write there. Give a path you may write to, such as one in your home directory, or ask for write access."
                ),
            }),
        ));
    }

    for (path, code, expect) in &cases {
        let file = show(path);
        for locale in ["en-US", "zh-TW", "ja"] {
            let (status, stderr) = stats_png(locale, path);
            assert_eq!(status, Some(*code), "{locale} {file}: {stderr}");
            assert_eq!(stderr.trim_end(), expect(locale, &file), "{locale} {file}");
        }
    }
    assert!(
        !root.join("missing").exists(),
        "no directory was created on the reader's behalf"
    );
}

#[test]
fn commands_export_says_why_its_directory_cannot_be_written_and_what_to_do() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let plain_file = dir.path().join("notes.txt");
    std::fs::write(&plain_file, "not a directory").expect("a file");
    let target = plain_file.join("commands");
    let output = run(
        bin(&["commands", "export", target.to_str().expect("UTF-8")]),
        b"",
    );
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    // The manifests are for operators: the sentence is English.
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim_end(),
        format!(
            "supportbot: Cannot write {}: part of its path is a file, not a directory. Give a path whose directories all exist.",
            target.display()
        )
    );
}
