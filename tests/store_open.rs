//! The tester's finding 7: a PostgreSQL store that cannot be opened says why in a sentence (the
//! server's own reason, or why it could not be reached) with what to change, never the password,
//! at once when retrying cannot help, and without colour codes on a stderr that is not a
//! terminal.

#[path = "common/pg.rs"]
mod pg;

use std::process::Output;
use std::time::{Duration, Instant};

/// `supportbot ask --locale LOCALE '/org list'` on the store `url`, and how long it took.
fn ask_on(url: &str, locale: &str) -> (Output, Duration) {
    let started = Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_supportbot"))
        .args(["ask", "--locale", locale, "--as", "admin", "/org list"])
        .env("SUPPORTBOT_STORE", url)
        .env_remove("RUST_LOG")
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs");
    (out, started.elapsed())
}

/// The test server's URL with `user:secretpw@` as its user and `database` as its database.
fn url_with(admin: &str, user: &str, database: &str) -> String {
    let (scheme, rest) = admin.split_once("://").expect("a URL");
    let host_and_rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    let host = host_and_rest.split('/').next().unwrap_or(host_and_rest);
    format!("{scheme}://{user}:secretpw@{host}/{database}")
}

/// Fails at once (a refusal is final), exit 1, the reason and the fix said, no password and no
/// escape codes.
fn refused(url: &str, locale: &str, reason: &str, fix: &str) {
    let (out, took) = ask_on(url, locale);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(took < Duration::from_secs(5), "took {took:?}: {stderr}");
    assert!(stderr.contains(reason), "{stderr}");
    assert!(stderr.contains(fix), "{stderr}");
    assert!(!stderr.contains("secretpw"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "colour codes in a pipe: {stderr:?}"
    );
    assert!(!stderr.contains("db error"), "{stderr}");
}

#[test]
fn a_database_that_does_not_exist_is_named_at_once() {
    let Ok(admin) = std::env::var(pg::VAR) else {
        eprintln!("skipped: set {} to run it", pg::VAR);
        return;
    };
    let url = url_with(&admin, "supportbot", "wt_records_no_such_database");
    refused(
        &url,
        "en-US",
        r#"PostgreSQL refused the connection: database "wt_records_no_such_database" does not exist"#,
        "create the database (createdb), or name an existing one in the store URL",
    );
    // In the asker's language, the server's own message kept as the server gave it.
    refused(
        &url,
        "ja",
        r#"PostgreSQL が接続を拒否しました：database "wt_records_no_such_database" does not exist"#,
        "データベースを作成する（createdb）か、ストアの URL に既存のデータベースを指定してください",
    );
    refused(
        &url,
        "zh-TW",
        r#"PostgreSQL 拒絕了連線：database "wt_records_no_such_database" does not exist"#,
        "請建立資料庫（createdb），或在儲存區 URL 中指定現有的資料庫",
    );
}

#[test]
fn a_login_the_server_refuses_is_named_at_once() {
    let Ok(admin) = std::env::var(pg::VAR) else {
        eprintln!("skipped: set {} to run it", pg::VAR);
        return;
    };
    refused(
        &url_with(&admin, "wt_records_nobody", "postgres"),
        "en-US",
        r#"PostgreSQL refused the connection: role "wt_records_nobody" does not exist"#,
        "correct the user or password in the store URL",
    );
}

#[test]
fn a_server_not_listening_is_named_after_trying_for_a_while() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let (out, _) = ask_on(
        &format!("postgres://supportbot:secretpw@127.0.0.1:{port}/postgres"),
        "en-US",
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error connecting to server: Connection refused"),
        "{stderr}"
    );
    assert!(
        stderr.contains("start the server, or correct the host and port in the store URL"),
        "{stderr}"
    );
    assert!(!stderr.contains("secretpw"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}
