//! Shared fixtures of the command-engine tests: the catalog, an engine at a fixed instant, the
//! binary, Discord's embed limits, and checks on what a reply may contain.

#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use supportbot::clock::ManualClock;
use supportbot::domain::catalog::Catalog;
use supportbot::engine::{Caller, Engine, Field, Reply, Role, UserId};
use supportbot::i18n::{Language, Msg};

/// The Discord locales the bot answers in its own words.
pub const LOCALES: [&str; 3] = ["en-US", "zh-TW", "ja"];

/// Tuesday 2026-11-24 10:00 in Tokyo: Japan is open, EMEA is not.
pub const NOW: &str = "2026-11-24T01:00:00Z";

pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

pub fn catalog() -> Arc<Catalog> {
    static CATALOG: OnceLock<Arc<Catalog>> = OnceLock::new();
    CATALOG
        .get_or_init(|| {
            Arc::new(
                Catalog::load(&data_dir()).unwrap_or_else(|e| panic!("data/ does not load: {e}")),
            )
        })
        .clone()
}

pub fn instant(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap_or_else(|e| panic!("{rfc3339}: {e}"))
        .with_timezone(&Utc)
}

pub fn engine_at(now: &str) -> Engine {
    Engine::new(catalog(), Arc::new(ManualClock::new(instant(now))))
}

pub fn engine() -> Engine {
    engine_at(NOW)
}

pub fn ask(engine: &Engine, locale: &str, line: &str) -> Reply {
    engine.handle_line(
        Caller::new(UserId(1), Role::Customer, Language::from_locale(locale)),
        line,
    )
}

/// The text of `locale`: `tr(locale, en, zh_tw, ja)`.
pub fn tr<'a>(locale: &str, en: &'a str, zh_tw: &'a str, ja: &'a str) -> &'a str {
    match Language::from_locale(locale) {
        Language::En => en,
        Language::ZhTw => zh_tw,
        Language::Ja => ja,
    }
}

/// A catalog message in the language of `locale`, placeholders still in.
pub fn message(locale: &str, msg: Msg) -> String {
    catalog()
        .messages()
        .get(msg, Language::from_locale(locale))
        .to_owned()
}

/// The literal pieces of a message around its `{placeholders}`: each must appear in a reply
/// that says this message.
pub fn literal_pieces(template: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        pieces.push(rest[..open].to_owned());
        rest = rest[open..]
            .find('}')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    pieces.push(rest.to_owned());
    pieces
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Everything a reader sees, bold markers dropped, one part per line.
pub fn all_text(reply: &Reply) -> String {
    let mut out = vec![reply.title.clone(), reply.text.clone()];
    for field in &reply.fields {
        out.push(field.name.clone());
        out.push(field.value.clone());
    }
    out.extend(reply.footer.clone());
    out.join("\n").replace("**", "")
}

pub fn field<'a>(reply: &'a Reply, name: &str) -> &'a Field {
    reply
        .fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name:?} in {reply:#?}"))
}

/// The lines of a field's value, bold markers dropped.
pub fn lines(field: &Field) -> Vec<String> {
    field
        .value
        .lines()
        .map(|l| l.replace("**", "").trim().to_owned())
        .collect()
}

/// A Discord timestamp of an instant, as replies carry it.
pub fn discord_ts(at: DateTime<Utc>) -> String {
    format!("<t:{}:F>", at.timestamp())
}

/// A wall-clock time in a zone, as a UTC instant.
pub fn local(tz: Tz, date: (i32, u32, u32), time: (u32, u32)) -> DateTime<Utc> {
    let naive = NaiveDate::from_ymd_opt(date.0, date.1, date.2)
        .expect("a valid date")
        .and_time(NaiveTime::from_hms_opt(time.0, time.1, 0).expect("a valid time"));
    tz.from_local_datetime(&naive)
        .single()
        .expect("an unambiguous local time")
        .with_timezone(&Utc)
}

/// What of Discord's embed limits a reply breaks (empty when it fits). Counted in characters.
pub fn discord_violations(reply: &Reply) -> Vec<String> {
    let chars = |s: &str| s.chars().count();
    let mut out = Vec::new();
    if reply.title.trim().is_empty() {
        out.push("empty title".to_owned());
    }
    if chars(&reply.title) > 256 {
        out.push(format!("title has {} chars > 256", chars(&reply.title)));
    }
    if chars(&reply.text) > 4096 {
        out.push(format!(
            "description has {} chars > 4096",
            chars(&reply.text)
        ));
    }
    if reply.fields.len() > 25 {
        out.push(format!("{} fields > 25", reply.fields.len()));
    }
    for (i, f) in reply.fields.iter().enumerate() {
        if f.name.trim().is_empty() {
            out.push(format!("field {i} has an empty name"));
        }
        if chars(&f.name) > 256 {
            out.push(format!(
                "field {i} ({:?}) name has {} chars > 256",
                f.name,
                chars(&f.name)
            ));
        }
        if f.value.trim().is_empty() {
            out.push(format!("field {i} ({:?}) has an empty value", f.name));
        }
        if chars(&f.value) > 1024 {
            out.push(format!(
                "field {i} ({:?}) value has {} chars > 1024",
                f.name,
                chars(&f.value)
            ));
        }
    }
    if let Some(footer) = &reply.footer {
        if footer.trim().is_empty() {
            out.push("empty footer".to_owned());
        }
        if chars(footer) > 2048 {
            out.push(format!("footer has {} chars > 2048", chars(footer)));
        }
    }
    let total = chars(&reply.title)
        + chars(&reply.text)
        + reply
            .fields
            .iter()
            .map(|f| chars(&f.name) + chars(&f.value))
            .sum::<usize>()
        + reply.footer.as_deref().map_or(0, chars);
    if total > 6000 {
        out.push(format!("embed has {total} chars in all > 6000"));
    }
    out
}

/// A character that must never reach a reader raw: controls other than the newline between
/// lines, and the characters that change text direction or break a line where none is meant.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c,
            '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{2028}' | '\u{2029}'
            | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The first unsafe character of a reply, with where it is.
pub fn unsafe_char(reply: &Reply) -> Option<(char, String)> {
    let mut parts = vec![("title", &reply.title), ("text", &reply.text)];
    for f in &reply.fields {
        parts.push(("field name", &f.name));
        parts.push(("field value", &f.value));
    }
    if let Some(footer) = &reply.footer {
        parts.push(("footer", footer));
    }
    parts.into_iter().find_map(|(part, text)| {
        text.chars()
            .find(|&c| is_unsafe_char(c))
            .map(|c| (c, format!("{part}: {text:?}")))
    })
}

/// A run of three or more Latin words outside code spans: an English sentence where a zh-TW or
/// ja reply should have none.
pub fn english_run(text: &str) -> Option<String> {
    let mut outside = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 0 {
            outside.push_str(part);
            outside.push(' ');
        } else {
            outside.push_str(" · ");
        }
    }
    let mut run: Vec<&str> = Vec::new();
    for token in outside.split(' ') {
        let word = !token.is_empty()
            && token.chars().count() >= 2
            && token.chars().all(|c| c.is_ascii_alphabetic() || c == '\'');
        if word {
            run.push(token);
            if run.len() >= 3 {
                return Some(run.join(" "));
            }
        } else {
            run.clear();
        }
    }
    None
}

/// The `supportbot` binary with the repository's catalog and a fixed clock.
/// A store directory of this test process's own, never the user's `./supportbot-data`.
pub fn scratch_store() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary directory: {e}"))
    })
    .path()
}

pub fn bin(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_supportbot"));
    command
        .arg("--catalog")
        .arg(data_dir())
        .arg("--data-dir")
        .arg(scratch_store())
        .arg("--now")
        .arg(NOW)
        .args(args)
        .env_remove("SUPPORTBOT_CATALOG")
        .env_remove("SUPPORTBOT_DATA_DIR")
        .env_remove("DISCORD_TOKEN")
        // Replies without a zone of their own show times in the machine's: the same everywhere.
        .env("TZ", "UTC")
        .env("RUST_LOG", "off");
    command
}

/// The arguments of `supportbot due` for a Business P2 in EMEA submitted at `at`.
pub fn due_business_p2_emea_args(at: &str) -> Vec<&str> {
    vec![
        "due",
        "--plan",
        "business",
        "--priority",
        "p2",
        "--region",
        "emea",
        "--at",
        at,
    ]
}

/// `supportbot due` for a Business P2 in EMEA submitted at `at`, with `extra` flags after it.
pub fn due_business_p2_emea(at: &str, extra: &[&str]) -> Command {
    let mut args = due_business_p2_emea_args(at);
    args.extend_from_slice(extra);
    bin(&args)
}

/// Runs the binary with `stdin` as its input.
pub fn run(mut command: Command, stdin: &[u8]) -> Output {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the supportbot binary starts");
    let mut input = child.stdin.take().expect("a stdin pipe");
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("supportbot runs");
    let _ = writer.join();
    output
}

/// `supportbot ask --locale LOCALE LINE`.
pub fn ask_bin(locale: &str, line: &str) -> Output {
    run(bin(&["ask", "--locale", locale, line]), b"")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Malformed command lines, one or more per way of getting a command wrong.
pub fn bad_lines() -> Vec<String> {
    let due = "/due plan:business priority:p2 region:emea";
    let mut lines: Vec<String> = [
        "/entitlements plan:platinum",
        "/slo plan:platinum",
        "/features plan:platinum",
        "/compare plans:platinum",
        "/compare plans:business,gold",
        "/hours region:mars",
        "/slo priority:p7",
        "/hours timezone:Mars/Olympus",
        "/entitlements plan:",
        "/slo colour:red",
        "/resources verbose:yes",
        "/help topic:due",
        "/entitlements plan:online plan:elite",
        "/entitlements",
        "/due",
        "/slo plan:\u{0}",
        "/slo plan:\u{1b}[31mred",
        "/slo plan:\u{202e}enilno",
        "/slo \u{1b}[31m:x",
        "/\u{1b}[2J",
        "/hours region:\"japan",
        "hours region:japan",
        "",
        "/",
        "/frobnicate",
        "/hours region:japan tokyo",
        "/hours :japan",
    ]
    .map(str::to_owned)
    .to_vec();
    for extra in [
        "plan:elite",
        "at:2026-13-45",
        "at:yesterday",
        "timezone:Mars/Olympus",
        "country:XX",
        "country:XYZ",
        "at:0001-01-01T00:00:00Z",
        "at:9999-12-31T23:59:59Z",
    ] {
        lines.push(format!("{due} {extra}"));
    }
    lines.push(format!("/hours region:{}", "x".repeat(10_000)));
    lines.push(format!("/hours region:{}", "x".repeat(300)));
    lines.push(format!("/{}", "\u{1b}".repeat(3000)));
    lines.push(format!("/slo plan:\"{}\"", "\u{202e}".repeat(199)));
    lines
}
