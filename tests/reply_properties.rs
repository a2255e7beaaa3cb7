//! Any command, with any option values (arbitrary Unicode, markdown, mentions, extreme instants),
//! through the engine on a store and through the Discord renderer: never a panic, every payload
//! within Discord's limits, no user text that makes markup, a mention or a line break outside its
//! field, and pings only for what the reply declared. Seeded and with a fixed case count, so CI
//! runs the same cases every time, quickly.

#[path = "common/cases.rs"]
mod support;

use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use supportbot::cmd::{COMMANDS, OptionKind};
use supportbot::domain::text::{self, Piece};
use supportbot::engine::{Caller, Reply, Request, Role, UserId};
use supportbot::i18n::Language;
use supportbot::intents::Intents;
use supportbot::transport::discord::render::{markdown, render};

/// Values that mean something to one kind of option, or to Discord.
const MEANINGFUL: &[&str] = &[
    "europa",
    "grande",
    "CASE-000001",
    "CASE-000002",
    "analytics",
    "business",
    "elite",
    "p1",
    "p3",
    "emea",
    "japan",
    "open",
    "true",
    "2",
    "<@123>",
    "<@&5>",
    "<#7>",
    "@everyone",
    "@here",
    "Europe/London",
    "Pacific/Apia",
    "GB",
    "none",
    "ja",
    "{expected}",
    "**bold** `code` ```block``` [x](https://evil.example) > quote\n# heading\n- item\n1. one",
    "||spoiler|| ~~strike~~ __under__ <t:0:R> :smile: <:e:1>",
    "\\",
    "株式会社テスト",
    "\u{202e}abc\u{200b}",
    "a\u{0}b\u{1b}[31m",
    "line one\nline two\r\nthree\u{2028}four",
];

/// Instants at and past the ends of every range: chrono's, the zone data's, the holiday data's.
const INSTANTS: &[&str] = &[
    "-262143-01-01",
    "+262142-12-31T23:59:59Z",
    "0001-01-01T00:00:00Z",
    "1899-12-31T23:59:59Z",
    "1900-01-01T00:00:00Z",
    "2011-12-30 10:00",
    "2036-03-04T10:00:00Z",
    "2099-12-31T23:59:59Z",
    "2099-12-31 23:30",
    "2100-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "2026-11-20T16:30:00Z",
    "2026-11-20",
];

fn value(kind: OptionKind) -> BoxedStrategy<String> {
    let instants = matches!(kind, OptionKind::Instant | OptionKind::Date);
    let special: Vec<String> = if instants { INSTANTS } else { MEANINGFUL }
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    prop_oneof![
        3 => prop::sample::select(special),
        2 => any::<String>(),
        1 => "[ -~]{0,40}",
        1 => prop::collection::vec(prop::sample::select(MEANINGFUL.to_vec()), 1..8)
            .prop_map(|parts| parts.join(" ")),
        1 => (0usize..3000).prop_map(|n| "*<@1>\n".repeat(n / 6)),
    ]
    .boxed()
}

/// A command with some of its options, each with a value meant for it or not.
fn request() -> impl Strategy<Value = (usize, Vec<(String, String)>, u8, Language)> {
    (0..COMMANDS.len()).prop_flat_map(|i| {
        let spec = COMMANDS[i];
        let options: Vec<BoxedStrategy<Option<(String, String)>>> = spec
            .options
            .iter()
            .map(|o| {
                let name = o.name.to_owned();
                let required = o.required;
                (value(o.kind), 0u8..10)
                    .prop_map(move |(v, roll)| {
                        // Required options are nearly always given, optional ones half the time.
                        let given = if required { roll < 9 } else { roll < 5 };
                        given.then(|| (name.clone(), v))
                    })
                    .boxed()
            })
            .collect();
        (
            Just(i),
            options,
            0u8..3,
            prop::sample::select(vec![Language::En, Language::ZhTw, Language::Ja]),
        )
            .prop_map(|(i, options, role, language)| {
                (i, options.into_iter().flatten().collect(), role, language)
            })
    })
}

/// A bot on a store that already holds organisations and cases whose text tries everything.
fn bot() -> &'static Mutex<support::Bot> {
    static BOT: OnceLock<Mutex<support::Bot>> = OnceLock::new();
    BOT.get_or_init(|| {
        let bot = support::Bot::new("2026-11-24T01:00:00Z");
        bot.org("name:Europa plan:business region:emea products:analytics");
        bot.org("name:\"Grande <@1> **x**\" plan:elite region:japan products:analytics id:grande");
        for title in ["**P1** `x` [l](https://e.example)", "```", "@everyone <@&5>"] {
            bot.file(
                support::agent(),
                &format!(
                    "/case file org:europa product:analytics priority:p1 title:\"{title}\" impact:\"# down\n> now\""
                ),
            );
        }
        Mutex::new(bot)
    })
}

fn intents() -> &'static Intents {
    static INTENTS: OnceLock<Intents> = OnceLock::new();
    INTENTS.get_or_init(|| Intents::load(&support::catalog_dir()).expect("intents load"))
}

/// `s` with each piece of user text replaced by letters of the same shape: line breaks kept
/// only where the user text owns the whole string.
fn neutral(s: &str) -> String {
    let owns = text::owns_whole(s);
    text::pieces(s)
        .into_iter()
        .map(|piece| match piece {
            Piece::Markup(m) => m.to_owned(),
            Piece::User(u) => {
                let letters: String = u
                    .chars()
                    .map(|c| if c == '\n' && owns { '\n' } else { 'x' })
                    .collect();
                format!("{}{letters}{}", text::OPEN, text::CLOSE)
            }
        })
        .collect()
}

/// What markdown a string makes: its ASCII punctuation and line breaks, escaped pairs removed.
fn skeleton(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
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

fn strings(reply: &Reply) -> Vec<&str> {
    let mut out = vec![reply.title.as_str(), reply.text.as_str()];
    for field in &reply.fields {
        out.push(&field.name);
        out.push(&field.value);
    }
    out.extend(reply.footer.as_deref());
    out
}

fn count(v: &serde_json::Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

fn check_embed(e: &serde_json::Value) -> Result<(), TestCaseError> {
    prop_assert!((1..=256).contains(&count(&e["title"])), "title {e}");
    prop_assert!(count(&e["description"]) <= 4096);
    prop_assert!(count(&e["footer"]["text"]) <= 2048);
    let fields = e["fields"].as_array().cloned().unwrap_or_default();
    prop_assert!(fields.len() <= 25);
    let mut total = count(&e["title"]) + count(&e["description"]) + count(&e["footer"]["text"]);
    for f in &fields {
        prop_assert!((1..=256).contains(&count(&f["name"])), "field name {f}");
        prop_assert!((1..=1024).contains(&count(&f["value"])), "field value {f}");
        total += count(&f["name"]) + count(&f["value"]);
    }
    prop_assert!(total <= 6000, "{total} characters in one embed");
    Ok(())
}

fn check(request: &Request, reply: &Reply) -> Result<(), TestCaseError> {
    for s in strings(reply) {
        prop_assert_eq!(
            skeleton(&markdown(s)),
            skeleton(&markdown(&neutral(s))),
            "user text made markup in {:?} → {:?}",
            s,
            markdown(s)
        );
    }
    let rendered = render(reply, request, intents());
    check_embed(&serde_json::to_value(&rendered.embed).expect("JSON"))?;
    for page in &rendered.follow_ups {
        check_embed(&serde_json::to_value(page).expect("JSON"))?;
    }
    prop_assert!(rendered.content.chars().count() <= 2000);
    prop_assert!(rendered.components.len() <= 5);
    let allowed = serde_json::to_value(&rendered.allowed_mentions).expect("JSON");
    prop_assert_eq!(&allowed["parse"], &serde_json::json!([]));
    let ids = |v: &serde_json::Value| -> Vec<u64> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str().and_then(|s| s.parse().ok()))
            .collect()
    };
    prop_assert_eq!(ids(&allowed["roles"]), reply.mentions.roles.clone());
    prop_assert_eq!(ids(&allowed["users"]), reply.mentions.users.clone());
    Ok(())
}

fn now() -> DateTime<Utc> {
    support::at("2026-11-24T01:00:00Z")
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 320,
        rng_seed: RngSeed::Fixed(0x5afe_0009),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_request_renders_safely_within_discords_limits(
        (i, options, role, language) in request(),
    ) {
        let role = [Role::Customer, Role::Agent, Role::Admin][usize::from(role)];
        let request = Request {
            caller: Caller::new(UserId(7), role, language),
            command: COMMANDS[i].name.to_owned(),
            options,
        };
        let bot = bot().lock().unwrap_or_else(|e| e.into_inner());
        let reply = bot.engine.handle(&request);
        check(&request, &reply)?;
        let _ = supportbot::render::text::render(&reply, &support::catalog(), language, now());
    }

    #[test]
    fn any_typed_line_renders_safely(
        line in prop_oneof![
            any::<String>(),
            (0..COMMANDS.len(), prop::collection::vec((value(OptionKind::Text), value(OptionKind::Instant)), 0..4))
                .prop_map(|(i, values)| {
                    let spec = COMMANDS[i];
                    let mut line = format!("/{}", spec.name);
                    for (n, (v, t)) in values.into_iter().enumerate() {
                        if let Some(o) = spec.options.get(n) {
                            let v = if matches!(o.kind, OptionKind::Instant | OptionKind::Date) { t } else { v };
                            line.push_str(&format!(" {}:\"{}\"", o.name, v.replace('"', "'")));
                        }
                    }
                    line
                }),
        ],
        language in prop::sample::select(vec![Language::En, Language::ZhTw, Language::Ja]),
    ) {
        let caller = Caller::new(UserId(7), Role::Admin, language);
        let bot = bot().lock().unwrap_or_else(|e| e.into_inner());
        let reply = bot.engine.handle_line(caller, &line);
        let request = Request { caller, command: "line".to_owned(), options: Vec::new() };
        check(&request, &reply)?;
        let _ = supportbot::render::text::render(&reply, &support::catalog(), language, now());
    }
}
