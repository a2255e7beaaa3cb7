//! Shared fixtures of the case, organisation and contact tests (`tests/cases.rs`,
//! `tests/crash.rs`, `tests/transfer.rs`): an engine on a fresh store with a clock the test
//! moves, callers, reply checks, and the binary pointed at the repository's catalog and a
//! temporary store.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use supportbot::clock::ManualClock;
use supportbot::domain::catalog::Catalog;
use supportbot::engine::{Caller, Engine, Outcome, Reply, Role, UserId};
use supportbot::i18n::Language;
use supportbot::store::SledStore;

/// The administrator who sets organisations up.
pub const ADMIN: u64 = 9;
/// The support agent who files and works cases.
pub const AGENT: u64 = 7;

pub fn catalog_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

pub fn catalog() -> Arc<Catalog> {
    static CATALOG: OnceLock<Arc<Catalog>> = OnceLock::new();
    CATALOG
        .get_or_init(|| {
            Arc::new(Catalog::load(&catalog_dir()).unwrap_or_else(|e| panic!("data/: {e}")))
        })
        .clone()
}

pub fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap_or_else(|e| panic!("{rfc3339}: {e}"))
        .with_timezone(&Utc)
}

/// How a reply writes an instant: a Discord timestamp.
pub fn stamp(rfc3339: &str) -> String {
    format!("<t:{}:F>", at(rfc3339).timestamp())
}

pub fn caller(user: u64, role: Role) -> Caller {
    Caller::new(UserId(user), role, Language::from_locale("en-US"))
}

pub fn admin() -> Caller {
    caller(ADMIN, Role::Admin)
}

pub fn agent() -> Caller {
    caller(AGENT, Role::Agent)
}

pub fn customer(user: u64) -> Caller {
    caller(user, Role::Customer)
}

/// Everything a reply says, for searching.
pub fn all_text(reply: &Reply) -> String {
    let mut out = format!("{}\n{}\n", reply.title, reply.text);
    for field in &reply.fields {
        out.push_str(&format!("{}\n{}\n", field.name, field.value));
    }
    if let Some(footer) = &reply.footer {
        out.push_str(footer);
    }
    out
}

/// The value of the reply's field named `name`.
pub fn field<'a>(reply: &'a Reply, name: &str) -> &'a str {
    reply
        .fields
        .iter()
        .find(|f| f.name == name)
        .map(|f| f.value.as_str())
        .unwrap_or_else(|| panic!("no field {name:?} in {reply:#?}"))
}

/// Every `CASE-nnnnnn` in a text, in order.
pub fn case_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("CASE-") {
        let digits: String = rest[i + 5..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() {
            ids.push(format!("CASE-{digits}"));
        }
        rest = &rest[i + 5..];
    }
    ids
}

/// An engine on a fresh store in a temporary directory, at a time the test sets.
pub struct Bot {
    pub engine: Engine,
    pub clock: Arc<ManualClock>,
    pub dir: tempfile::TempDir,
}

impl Bot {
    pub fn new(now: &str) -> Bot {
        let dir = tempfile::tempdir().expect("temporary directory");
        // As the binary opens it: every case written gets its reminders planned.
        let store = Arc::new(
            SledStore::open(dir.path())
                .expect("a fresh store opens")
                .with_planner(supportbot::reminders::planner(catalog())),
        );
        let clock = Arc::new(ManualClock::new(at(now)));
        let engine = Engine::new(catalog(), clock.clone()).with_store(store);
        Bot { engine, clock, dir }
    }

    /// Closes the store (so a process may open it) and hands back its directory.
    pub fn close(self) -> tempfile::TempDir {
        let Bot { engine, dir, .. } = self;
        drop(engine);
        dir
    }

    pub fn set_now(&self, now: &str) {
        self.clock.set(at(now));
    }

    /// The reply to `line`, whatever it is.
    pub fn say(&self, who: Caller, line: &str) -> Reply {
        unmarked(self.engine.handle_line(who, line))
    }

    /// The reply to `line`, which must be answered.
    pub fn ok(&self, who: Caller, line: &str) -> Reply {
        let reply = self.say(who, line);
        assert_eq!(
            reply.outcome,
            Outcome::Answered,
            "{line} was refused:\n{}",
            all_text(&reply)
        );
        reply
    }

    /// The reply to `line`, which must be refused.
    pub fn refused(&self, who: Caller, line: &str) -> Reply {
        let reply = self.say(who, line);
        assert_eq!(
            reply.outcome,
            Outcome::BadInput,
            "{line} was accepted:\n{}",
            all_text(&reply)
        );
        reply
    }

    /// Files a case and returns its id (`CASE-000001`), read from "Recorded as …".
    pub fn file(&self, who: Caller, line: &str) -> String {
        let reply = self.ok(who, line);
        recorded_id(&reply.text).unwrap_or_else(|| panic!("{line}: no id in {}", reply.text))
    }

    /// Adds an organisation as the administrator.
    pub fn org(&self, line_options: &str) -> Reply {
        self.ok(admin(), &format!("/org add {line_options}"))
    }
}

/// The id in "Recorded as CASE-000042.".
pub fn recorded_id(text: &str) -> Option<String> {
    let rest = &text[text.find("Recorded as ")? + "Recorded as ".len()..];
    let id: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    id.starts_with("CASE-").then_some(id)
}

/// The `supportbot` binary on the repository's catalog and the store in `data_dir`, never the
/// default `./supportbot-data`, with no Discord token and quiet logs.
pub fn bot_command(data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_supportbot"));
    command
        .arg("--catalog")
        .arg(catalog_dir())
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("DISCORD_TOKEN")
        .env_remove("SUPPORTBOT_CATALOG")
        .env_remove("SUPPORTBOT_DATA_DIR")
        .env_remove("SUPPORTBOT_STORE")
        .env("RUST_LOG", "error");
    command
}

/// The binary on the store at `url` (`--store`), e.g. a PostgreSQL database.
pub fn store_command(url: &str) -> Command {
    let mut command = bot_command(Path::new("unused-data-dir"));
    command.arg("--store").arg(url);
    command
}

/// `supportbot --store URL cases export`, which must succeed.
pub fn export_store(url: &str) -> String {
    let output = store_command(url)
        .args(["cases", "export"])
        .stdin(Stdio::null())
        .output()
        .expect("supportbot runs");
    assert!(
        output.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("export is UTF-8")
}

/// `supportbot --store URL cases import` with `input` on stdin.
pub fn import_store(url: &str, input: &str) -> Output {
    let mut child = store_command(url)
        .args(["cases", "import"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("supportbot runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin.write_all(input.as_bytes()).expect("import reads");
    drop(stdin);
    child.wait_with_output().expect("import ends")
}

/// `supportbot [--now NOW] ask --as ROLE --user USER LINE`.
pub fn ask(data_dir: &Path, now: Option<&str>, role: &str, user: u64, line: &str) -> Output {
    let mut command = bot_command(data_dir);
    if let Some(now) = now {
        command.arg("--now").arg(now);
    }
    command
        .args(["ask", "--as", role, "--user", &user.to_string(), line])
        .stdin(Stdio::null())
        .output()
        .expect("supportbot runs")
}

/// `supportbot cases export`: the JSON lines.
pub fn export(data_dir: &Path) -> String {
    let output = bot_command(data_dir)
        .args(["cases", "export"])
        .stdin(Stdio::null())
        .output()
        .expect("supportbot runs");
    assert!(
        output.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("export is UTF-8")
}

/// `supportbot cases import` with `input` on stdin.
pub fn import(data_dir: &Path, input: &str) -> Output {
    import_with(data_dir, &[], input)
}

/// `supportbot cases import ARGS…` with `input` on stdin.
pub fn import_with(data_dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = bot_command(data_dir)
        .args(["cases", "import"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("supportbot runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin.write_all(input.as_bytes()).expect("import reads");
    drop(stdin);
    child.wait_with_output().expect("import ends")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The reply with its user-text marks removed: the words a reader sees, markdown aside.
pub fn unmarked(mut reply: Reply) -> Reply {
    use supportbot::domain::text::unmarked as plain;
    reply.title = plain(&reply.title);
    reply.text = plain(&reply.text);
    for field in &mut reply.fields {
        field.name = plain(&field.name);
        field.value = plain(&field.value);
    }
    reply.footer = reply.footer.as_deref().map(plain);
    reply
}
