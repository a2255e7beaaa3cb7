//! The operators' listener of a running bot: `/healthz`, `/readyz` and `/metrics` of a console
//! session that files a case, scraped over HTTP on a loopback port; the gauges read from the
//! store (SLO attainment, how long reminders wait, store latency) on sled and, with
//! `SUPPORTBOT_TEST_POSTGRES`, on PostgreSQL. Which store a command opens: `--store`, then
//! `SUPPORTBOT_STORE`, then `supportbot.toml`'s `store`, then `--data-dir`, a password never shown.

#[path = "common/pg.rs"]
mod pg;

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, ChildStdin, Command, Stdio};
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
        "supportbot_store_operation_seconds_count{operation=\"file_case\"}",
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

/// `supportbot store check`, which opens the store and reads it, with `supportbot.toml` at
/// `config` and the store named by `flag` and `variable` when given.
fn store_check(
    config: &std::path::Path,
    flag: Option<&str>,
    variable: Option<&str>,
) -> std::process::Output {
    let mut command = Command::new(BIN);
    command
        .args(["--catalog", CATALOG])
        .arg("--config")
        .arg(config);
    if let Some(flag) = flag {
        command.args(["--store", flag]);
    }
    command
        .args(["store", "check"])
        .env_remove("SUPPORTBOT_DATA_DIR")
        .env_remove("SUPPORTBOT_STORE")
        .env_remove("DISCORD_TOKEN")
        .env("RUST_LOG", "off");
    if let Some(variable) = variable {
        command.env("SUPPORTBOT_STORE", variable);
    }
    command.current_dir(config.parent().unwrap());
    command.output().unwrap()
}

#[test]
fn the_store_is_the_flags_then_the_environments_then_the_files_then_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);
    let sled = |name: &str| format!("sled:{}", at(name).display());
    let config = at("supportbot.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nstore = {:?}\n",
            at("data-dir").display().to_string(),
            sled("file")
        ),
    )
    .unwrap();
    let mut opened = Vec::new();
    for (flag, variable, expected) in [
        (Some(sled("flag")), Some(sled("environment")), "flag"),
        (None, Some(sled("environment")), "environment"),
        (None, None, "file"),
    ] {
        let output = store_check(&config, flag.as_deref(), variable.as_deref());
        assert!(output.status.success(), "{output:?}");
        opened.push(expected);
        for name in ["flag", "environment", "file", "data-dir"] {
            assert_eq!(
                at(name).exists(),
                opened.contains(&name),
                "{expected}: {name} was opened or not as it should be"
            );
        }
    }
    std::fs::write(
        &config,
        format!("data_dir = {:?}\n", at("data-dir").display().to_string()),
    )
    .unwrap();
    let output = store_check(&config, None, None);
    assert!(output.status.success(), "{output:?}");
    assert!(
        at("data-dir").exists(),
        "without a store anywhere, the data directory's"
    );
}

#[test]
fn store_check_counts_what_it_read_in_words_that_agree() {
    let dir = tempfile::tempdir().unwrap();
    let bot = |args: &[&str]| {
        Command::new(BIN)
            .args(["--catalog", CATALOG])
            .arg("--data-dir")
            .arg(dir.path().join("store"))
            .args(args)
            .env_remove("SUPPORTBOT_STORE")
            .env_remove("DISCORD_TOKEN")
            .env("RUST_LOG", "off")
            .output()
            .unwrap()
    };
    let checked = |expected: &str| {
        let output = bot(&["store", "check"]);
        assert!(output.status.success(), "{output:?}");
        assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    };
    checked("supportbot: 0 entries read, none damaged\n");
    let added = bot(&[
        "ask",
        "--as",
        "admin",
        "/org add name:Acme plan:business region:emea",
    ]);
    assert!(added.status.success(), "{added:?}");
    checked("supportbot: 1 entry read, none damaged\n");
}

#[test]
fn a_mistyped_store_is_refused_without_showing_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("supportbot.toml");
    std::fs::write(&config, "\nstore = \"postgress://bot:s3cret@db/support\"\n").unwrap();
    let from_file = store_check(&config, None, None);
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let from_flag = store_check(&empty, Some("postgress://bot:s3cret@db/support"), None);
    let from_variable = store_check(&empty, None, Some("postgress://bot:s3cret@db/support"));
    for (output, says) in [
        (
            &from_file,
            "line 2: store is \"postgress://bot@db/support\"",
        ),
        (&from_flag, "`postgress://bot@db/support` is not a store"),
        (
            &from_variable,
            "`postgress://bot@db/support` is not a store",
        ),
    ] {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(!stderr.contains("s3cret"), "{stderr}");
    }
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

/// The value of the sample of `name` with exactly these labels, in any order.
fn sample(metrics: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let mut wanted: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
    wanted.sort();
    metrics.lines().find_map(|line| {
        let (series, value) = line.rsplit_once(' ')?;
        let (metric, found) = match series.split_once('{') {
            Some((metric, rest)) => (metric, rest.strip_suffix('}')?),
            None => (series, ""),
        };
        let mut found: Vec<String> = found
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        found.sort();
        (metric == name && found == wanted).then(|| value.parse().ok())?
    })
}

/// `supportbot --catalog … --now NOW STORE… ask --as admin LINE`, which must succeed.
fn ask(store: &[OsString], now: &str, line: &str) -> String {
    let output = Command::new(BIN)
        .args(["--catalog", CATALOG, "--now", now])
        .args(store)
        .args(["ask", "--as", "admin", line])
        .env_remove("DISCORD_TOKEN")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{line}: {stdout}{output:?}");
    stdout
}

/// `run --console` at `now` whose stdout is closed: every reminder it tries to print fails for
/// now and stays staged. With `port`, the operators' listener is on it.
fn run_unable_to_deliver(store: &[OsString], now: &str, port: Option<u16>) -> (Child, ChildStdin) {
    let mut command = Command::new(BIN);
    command
        .args(["--catalog", CATALOG, "--now", now])
        .args(store)
        .args(["run", "--console", "--as", "admin"])
        .env_remove("DISCORD_TOKEN")
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(port) = port {
        command.env("SUPPORTBOT_HTTP", format!("127.0.0.1:{port}"));
    }
    let mut bot = command.spawn().unwrap();
    drop(bot.stdout.take());
    let stdin = bot.stdin.take().unwrap();
    (bot, stdin)
}

/// Waits until the bot logs a failed delivery: its reminders are staged and waiting.
fn wait_for_failed_delivery(bot: &mut Child) {
    let stderr = bot.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("reminder not sent; will retry") {
                let _ = tx.send(());
            }
        }
    });
    assert!(
        rx.recv_timeout(Duration::from_secs(20)).is_ok(),
        "the bot never tried to deliver a reminder"
    );
}

/// One met (raised to P1 afterwards, still a P2 met), one responded late, one still waiting past
/// due (a miss, as `/stats` counts it), one not yet due and one late outside the last 30 days:
/// P2 EMEA attainment is 1 of 3, and P1 has none. The waiting
/// case's reminders fire at 12:00 and cannot be delivered; scraped at 12:05, the oldest staged
/// message has waited 300 s.
fn gauges_read_from_the_store(store: &[OsString]) {
    let file =
        r#"/case file org:acme-corp product:adobe-commerce priority:p2 title:"Checkout fails""#;
    ask(
        store,
        "2026-09-01T09:00:00Z",
        r#"/org add name:"Acme Corp" plan:business region:emea products:adobe-commerce"#,
    );
    ask(store, "2026-09-01T09:00:00Z", file);
    ask(
        store,
        "2026-09-01T15:00:00Z",
        "/case respond id:CASE-000001",
    );
    for _ in 0..3 {
        ask(store, "2026-11-23T09:00:00Z", file);
    }
    ask(
        store,
        "2026-11-23T09:30:00Z",
        "/case respond id:CASE-000002",
    );
    ask(
        store,
        "2026-11-23T12:00:00Z",
        "/case respond id:CASE-000003",
    );
    // Raised after its response met the P2 target, it still counts as a P2 met, not a P1.
    ask(
        store,
        "2026-11-23T12:01:00Z",
        "/case priority id:CASE-000002 priority:p1 reason:worse",
    );
    ask(store, "2026-11-23T12:04:00Z", file);
    let stats = ask(store, "2026-11-23T12:05:00Z", "/stats");
    assert!(stats.contains("1 of 3 met"), "{stats}");

    let (mut bot, stdin) = run_unable_to_deliver(store, "2026-11-23T12:00:00Z", None);
    wait_for_failed_delivery(&mut bot);
    drop(stdin);
    assert!(bot.wait().unwrap().success());

    let port = free_port();
    let (mut bot, stdin) = run_unable_to_deliver(store, "2026-11-23T12:05:00Z", Some(port));
    // The sender's first round (its `claim_messages`, then the failed delivery) runs beside the
    // listener, in no order with a scrape: the scrape waits for it.
    wait_for_failed_delivery(&mut bot);
    let (_, metrics) = wait_for(port, "/metrics", |_, body| {
        body.contains("supportbot_slo_attainment_ratio")
    });
    let p2 = [("priority", "p2"), ("region", "emea")];
    let ratio = sample(&metrics, "supportbot_slo_attainment_ratio", &p2);
    assert!(
        ratio.is_some_and(|r| (r - 1.0 / 3.0).abs() < 1e-9),
        "{ratio:?} in:\n{metrics}"
    );
    for (verdict, count) in [("met", 1.0), ("missed", 2.0)] {
        let labels = [p2[0], p2[1], ("verdict", verdict)];
        assert_eq!(
            sample(&metrics, "supportbot_slo_cases", &labels),
            Some(count),
            "{verdict} in:\n{metrics}"
        );
    }
    let p1 = [("priority", "p1"), ("region", "emea")];
    assert!(
        sample(&metrics, "supportbot_slo_attainment_ratio", &p1).is_some_and(f64::is_nan),
        "nothing counted is no figure, not 0 or 1:\n{metrics}"
    );
    let staged = [("queue", "staged")];
    assert!(
        sample(&metrics, "supportbot_reminder_queue_depth", &staged).is_some_and(|n| n >= 1.0),
        "{metrics}"
    );
    assert_eq!(
        sample(
            &metrics,
            "supportbot_reminder_queue_oldest_seconds",
            &staged
        ),
        Some(300.0),
        "{metrics}"
    );
    assert_eq!(
        sample(
            &metrics,
            "supportbot_reminder_queue_oldest_seconds",
            &[("queue", "outbox")]
        ),
        Some(0.0),
        "nothing waits to be composed:\n{metrics}"
    );
    for operation in ["scan_cases", "oldest_waiting", "claim_messages"] {
        let count = sample(
            &metrics,
            "supportbot_store_operation_seconds_count",
            &[("operation", operation)],
        );
        assert!(count.is_some_and(|n| n >= 1.0), "{operation}:\n{metrics}");
    }
    assert!(metrics.contains("# TYPE supportbot_store_operation_seconds histogram"));
    drop(stdin);
    assert!(bot.wait().unwrap().success());
}

#[test]
fn gauges_read_from_a_sled_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = [
        OsString::from("--data-dir"),
        dir.path().join("store").into(),
    ];
    gauges_read_from_the_store(&store);
}

#[test]
fn gauges_read_from_a_postgres_store() {
    let Some(database) = pg::TestDatabase::create("gauges_read_from_a_postgres_store") else {
        return;
    };
    gauges_read_from_the_store(&[OsString::from("--store"), database.url.clone().into()]);
}
