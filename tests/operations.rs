//! The operators' listener of a running bot: `/healthz`, `/readyz` and `/metrics` of a console
//! session that files a case, scraped over HTTP on a loopback port.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_supportbot");
const CATALOG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

/// A loopback port nothing listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// `GET path` over HTTP/1.1: (status, body), or `None` while nothing answers.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response.split_once("\r\n\r\n")?.1.to_owned();
    Some((status, body))
}

/// Polls until `check` accepts an answer of `path`, or fails after a few seconds.
fn wait_for(port: u16, path: &str, check: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = get(port, path);
        if let Some((status, body)) = &answer
            && check(*status, body)
        {
            return (*status, body.clone());
        }
        assert!(
            Instant::now() < deadline,
            "GET {path} never answered as expected; last: {answer:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_console_session_serves_health_readiness_and_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut bot = Command::new(BIN)
        .args(["--catalog", CATALOG, "--now", "2026-11-23T09:00:00Z"])
        .arg("--data-dir")
        .arg(dir.path().join("store"))
        .args(["run", "--console", "--as", "admin"])
        .env("SUPPORTBOT_HTTP", format!("127.0.0.1:{port}"))
        .env_remove("DISCORD_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = bot.stdin.take().unwrap();
    writeln!(
        stdin,
        "/org add name:\"Acme Corp\" plan:business region:emea products:adobe-commerce"
    )
    .unwrap();
    writeln!(
        stdin,
        "/case file org:acme-corp product:adobe-commerce priority:p2 title:\"Checkout fails\""
    )
    .unwrap();
    writeln!(stdin, "/hours region:japan").unwrap();
    writeln!(stdin, "/hours region:atlantis").unwrap();

    assert_eq!(wait_for(port, "/healthz", |s, _| s == 200).1, "ok\n");
    let (_, ready) = wait_for(port, "/readyz", |s, _| s == 200);
    assert_eq!(ready, "ready\n");
    let (_, metrics) = wait_for(port, "/metrics", |_, body| {
        body.contains("supportbot_cases_filed_total 1") && body.contains("outcome=\"bad_input\"")
    });
    for line in [
        "# TYPE supportbot_cases_filed_total counter",
        "supportbot_commands_total{command=\"case file\",outcome=\"answered\"} 1",
        "supportbot_commands_total{command=\"hours\",outcome=\"answered\"} 1",
        "supportbot_commands_total{command=\"hours\",outcome=\"bad_input\"} 1",
        "# TYPE supportbot_command_duration_seconds histogram",
        "supportbot_store_durable_seconds_count",
    ] {
        assert!(metrics.contains(line), "{line:?} missing from:\n{metrics}");
    }
    let planned = metrics
        .lines()
        .find_map(|l| l.strip_prefix("supportbot_reminders_planned_total "))
        .and_then(|n| n.trim().parse::<u64>().ok());
    assert!(
        planned.is_some_and(|n| n >= 3),
        "a Business P2 plans 50%, 80% and breach: {metrics}"
    );
    assert_eq!(
        get(port, "/nothing-here").map(|(status, _)| status),
        Some(404)
    );

    drop(stdin);
    let output = bot.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(
        get(port, "/healthz").is_none(),
        "the listener stops with the bot"
    );
}

#[test]
fn a_listener_address_in_use_stops_start_up_naming_the_setting() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .args(["--catalog", CATALOG])
        .arg("--data-dir")
        .arg(dir.path().join("store"))
        .args(["run", "--console"])
        .env("SUPPORTBOT_HTTP", format!("127.0.0.1:{port}"))
        .env_remove("DISCORD_TOKEN")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("SUPPORTBOT_HTTP") && stderr.contains(&port.to_string()),
        "{stderr}"
    );
}

#[test]
fn logs_are_json_lines_when_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let ask = |line: &str| {
        Command::new(BIN)
            .args(["--catalog", CATALOG])
            .arg("--data-dir")
            .arg(dir.path().join("store"))
            .args(["ask", "--as", "admin", line])
            .env("SUPPORTBOT_LOG_FORMAT", "json")
            .env("RUST_LOG", "info")
            .output()
            .unwrap()
    };
    ask("/org add name:\"Acme Corp\" plan:business region:emea products:adobe-commerce");
    let output = ask(
        "/case file org:acme-corp product:adobe-commerce priority:p1 impact:\"all down\" title:\"Down\"",
    );
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let entries: Vec<serde_json::Value> = stderr
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"))
        })
        .collect();
    assert!(
        entries
            .iter()
            .any(|e| e["level"] == "INFO" && e["fields"]["message"] == "case filed"),
        "{stderr}"
    );
}
