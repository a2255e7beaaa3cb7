//! "Recorded" means synced to stable storage: proven from the system calls. Each test runs the
//! real binary under `strace -f` and checks that, before every acknowledgement it prints, every
//! store file written so far was synced (`fsync`/`fdatasync` started after the file's last write
//! and finished before the acknowledgement), and every directory whose entries changed (a file
//! created or renamed in it) was synced the same way.
//!
//! Linux only. Without `strace` the tests are skipped, saying so, except under CI (`CI` set),
//! where `.ci/run` installs it and a missing `strace` is a failure.

#![cfg(target_os = "linux")]

#[path = "common/output.rs"]
mod output;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_supportbot");
const CATALOG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
/// Filing instant of the cases below: a Monday morning in London, within business hours.
const FILED_AT: &str = "2026-11-23T09:00:00Z";
/// How long a console session's input stays open waiting for its output at most: start-up
/// of a debug build under strace on a loaded machine takes seconds.
const HOLD_OPEN_AT_MOST: Duration = Duration::from_secs(60);
const ORG_ADD: &str =
    "/org add name:\"Acme Corp\" plan:business region:emea products:adobe-commerce";

fn strace_available() -> bool {
    let found = Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "strace is missing under CI: .ci/run installs it"
        );
        eprintln!("skipped: strace is not installed (Debian: apt-get install strace)");
    }
    found
}

/// A system call as strace saw it, in the order of the trace.
#[derive(Debug, Clone)]
enum Event {
    /// Data reached `path` (write, pwrite64, pwritev, …), completed at this event.
    Write { path: PathBuf },
    /// A directory entry appeared or moved in `dir` (a created file, a rename, a mkdir).
    Entry { dir: PathBuf },
    /// fsync or fdatasync of `path`: `started` is the index of the event where it began.
    Sync { path: PathBuf, started: usize },
    /// Output on the given descriptor (1 or 2), with the first bytes strace printed.
    Output { fd: u32, text: String },
}

/// `3</tmp/x/db>` → `/tmp/x/db`.
fn fd_path(arg: &str) -> Option<PathBuf> {
    let start = arg.find('<')?;
    let end = arg[start..].find('>')? + start;
    Some(PathBuf::from(&arg[start + 1..end]))
}

fn quoted(arg: &str) -> Option<&str> {
    let start = arg.find('"')?;
    let end = arg[start + 1..].find('"')? + start + 1;
    Some(&arg[start + 1..end])
}

fn parent(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Reads `strace -f -y` output into completed events, joining `<unfinished ...>` halves.
fn parse(trace: &str) -> Vec<Event> {
    let mut events = Vec::new();
    // pid → (call, arguments, index where it started)
    let mut pending: HashMap<&str, (String, String, usize)> = HashMap::new();
    for line in trace.lines() {
        let Some((pid, rest)) = line.split_once(' ') else {
            continue;
        };
        let rest = rest.trim_start();
        let (call, args, started, result) = if let Some(resumed) = rest.strip_prefix("<... ") {
            let Some((call, tail)) = resumed.split_once(" resumed>") else {
                continue;
            };
            let Some((name, args, started)) = pending.remove(pid) else {
                continue;
            };
            if name != call {
                continue;
            }
            let result = tail.rsplit_once(" = ").map(|(_, r)| r.to_string());
            (name, args, started, result)
        } else {
            let Some((call, args)) = rest.split_once('(') else {
                continue;
            };
            if let Some(args) = args.strip_suffix(" <unfinished ...>") {
                pending.insert(pid, (call.to_string(), args.to_string(), events.len()));
                continue;
            }
            let result = args.rsplit_once(" = ").map(|(_, r)| r.to_string());
            (call.to_string(), args.to_string(), events.len(), result)
        };
        let ok = result
            .as_deref()
            .is_some_and(|r| !r.starts_with('-') && !r.starts_with('?'));
        if !ok {
            continue;
        }
        match call.as_str() {
            "write" | "pwrite64" | "pwritev" | "pwritev2" | "writev" => {
                if let Some(fd) = args.split(['<', ',']).next().and_then(|f| f.parse().ok())
                    && (fd == 1 || fd == 2)
                {
                    events.push(Event::Output {
                        fd,
                        text: quoted(&args).unwrap_or_default().to_string(),
                    });
                } else if let Some(path) = fd_path(&args) {
                    events.push(Event::Write { path });
                }
            }
            "fsync" | "fdatasync" => {
                if let Some(path) = fd_path(&args) {
                    events.push(Event::Sync { path, started });
                }
            }
            "openat" if args.contains("O_CREAT") => {
                if let Some(path) = fd_path(result.as_deref().unwrap_or_default()) {
                    events.push(Event::Entry { dir: parent(&path) });
                }
            }
            "rename" | "renameat" | "renameat2" | "mkdir" | "mkdirat" | "unlink" | "unlinkat" => {
                // The last quoted argument is the entry that appeared (or went).
                if let Some(path) = args.rsplit('"').nth(1) {
                    events.push(Event::Entry {
                        dir: parent(Path::new(path)),
                    });
                }
            }
            _ => {}
        }
    }
    events
}

/// Every acknowledgement (an output event `is_ack` accepts) must follow a sync of each store
/// file and directory changed before it. Returns the number of acknowledgements checked.
fn check_acks(events: &[Event], store: &Path, is_ack: impl Fn(u32, &str) -> bool) -> usize {
    let mut acks = 0;
    for (at, event) in events.iter().enumerate() {
        let Event::Output { fd, text } = event else {
            continue;
        };
        if !is_ack(*fd, text) {
            continue;
        }
        acks += 1;
        // path → index of the last change before the acknowledgement
        let mut last_change: HashMap<&Path, usize> = HashMap::new();
        for (i, e) in events[..at].iter().enumerate() {
            match e {
                Event::Write { path } if path.starts_with(store) => {
                    last_change.insert(path, i);
                }
                Event::Entry { dir } if dir.starts_with(store) || store.starts_with(dir) => {
                    last_change.insert(dir, i);
                }
                _ => {}
            }
        }
        for (path, changed) in last_change {
            let synced = events[..at].iter().any(|e| {
                matches!(e, Event::Sync { path: p, started } if p == path && *started > changed)
            });
            assert!(
                synced,
                "acknowledgement {text:?} (event {at}) was printed before {} was synced after its \
                 last change (event {changed})",
                path.display()
            );
        }
    }
    acks
}

struct Traced {
    events: Vec<Event>,
    stdout: String,
}

/// Runs the binary under strace with `args`, feeding `input` to its standard input. With
/// `hold_open_until`, standard input stays open (so a console session can deliver reminders)
/// until a line of its output contains that text, or for at most `HOLD_OPEN_AT_MOST`.
fn traced(dir: &Path, args: &[&str], input: &str, hold_open_until: Option<&str>) -> Traced {
    let trace = dir.join(format!("trace-{}", std::process::id()));
    let mut child = Command::new("strace")
        .args(["-f", "-y", "-qq", "-s", "256", "-o"])
        .arg(&trace)
        .args([
            "-e",
            "trace=write,writev,pwrite64,pwritev,pwritev2,fsync,fdatasync,openat,rename,renameat,renameat2,mkdir,mkdirat,unlink,unlinkat",
        ])
        .arg(BIN)
        .args(["--catalog", CATALOG])
        .args(args)
        .env("RUST_LOG", "off")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("strace starts");
    let mut stdin = child.stdin.take().expect("piped stdin");
    stdin.write_all(input.as_bytes()).expect("input written");
    let watched = output::Watched::start(child.stdout.take().expect("piped stdout"));
    if let Some(wanted) = hold_open_until {
        watched.wait_for(wanted, HOLD_OPEN_AT_MOST);
    }
    drop(stdin);
    let output = child.wait_with_output().expect("supportbot finishes");
    let stdout = watched.finish();
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&trace).expect("trace readable");
    std::fs::remove_file(&trace).ok();
    Traced {
        events: parse(&text),
        stdout,
    }
}

fn data_dir(dir: &Path) -> (PathBuf, String) {
    let store = dir.join("store");
    let arg = store.to_string_lossy().into_owned();
    (store, arg)
}

fn file_line(n: usize) -> String {
    format!(
        "/case file org:acme-corp product:adobe-commerce priority:p2 title:\"Checkout fails {n}\"\n"
    )
}

#[test]
fn ask_acknowledges_only_after_the_store_is_synced() {
    if !strace_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (store, data) = data_dir(dir.path());
    let now = ["--now", FILED_AT];
    let org = traced(
        dir.path(),
        &[
            &now[..],
            &["--data-dir", &data, "ask", "--as", "admin", ORG_ADD],
        ]
        .concat(),
        "",
        None,
    );
    assert!(org.stdout.contains("added"), "{}", org.stdout);
    assert_eq!(check_acks(&org.events, &store, |fd, _| fd == 1), 1);

    let line = file_line(1);
    let case = traced(
        dir.path(),
        &[
            &now[..],
            &["--data-dir", &data, "ask", "--as", "agent", line.trim_end()],
        ]
        .concat(),
        "",
        None,
    );
    assert!(
        case.stdout.contains("Recorded as CASE-000001"),
        "{}",
        case.stdout
    );
    assert_eq!(check_acks(&case.events, &store, |fd, _| fd == 1), 1);
}

#[test]
fn a_console_session_acknowledges_each_filing_after_a_sync() {
    if !strace_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (store, data) = data_dir(dir.path());
    let mut input = format!("{ORG_ADD}\n");
    for n in 1..=5 {
        input.push_str(&file_line(n));
    }
    let session = traced(
        dir.path(),
        &[
            "--now",
            FILED_AT,
            "--data-dir",
            &data,
            "run",
            "--console",
            "--as",
            "admin",
        ],
        &input,
        None,
    );
    assert!(
        session.stdout.contains("Recorded as CASE-000005"),
        "{}",
        session.stdout
    );
    let acks = check_acks(&session.events, &store, |fd, text| {
        fd == 1 && (text.contains("Recorded as") || text.contains("added"))
    });
    assert_eq!(acks, 6, "one organisation and five cases acknowledged");
}

#[test]
fn import_reports_success_after_a_sync() {
    if !strace_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_, source) = data_dir(dir.path());
    let now = ["--now", FILED_AT];
    for (role, line) in [("admin", ORG_ADD.to_string()), ("agent", file_line(1))] {
        let status = Command::new(BIN)
            .args(["--catalog", CATALOG])
            .args(now)
            .args(["--data-dir", &source, "ask", "--as", role, line.trim_end()])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    }
    let export = Command::new(BIN)
        .args([
            "--catalog",
            CATALOG,
            "--data-dir",
            &source,
            "cases",
            "export",
        ])
        .output()
        .unwrap();
    assert!(export.status.success());

    let target = dir.path().join("restored");
    let target_arg = target.to_string_lossy().into_owned();
    let import = traced(
        dir.path(),
        &["--data-dir", &target_arg, "cases", "import"],
        &String::from_utf8_lossy(&export.stdout),
        None,
    );
    let acks = check_acks(&import.events, &target, |fd, text| {
        fd == 2 && text.contains("supportbot: imported ")
    });
    assert_eq!(acks, 1, "the import's success line");
}

#[test]
fn a_reminder_is_sent_only_after_its_message_is_synced() {
    if !strace_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (store, data) = data_dir(dir.path());
    let mut input = format!("{ORG_ADD}\n");
    input.push_str(&file_line(1));
    let filing = Command::new(BIN)
        .args(["--catalog", CATALOG, "--now", FILED_AT, "--data-dir", &data])
        .args(["run", "--console", "--as", "admin"])
        .env("RUST_LOG", "off")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .and_then(|mut child| {
            child
                .stdin
                .take()
                .expect("piped stdin")
                .write_all(input.as_bytes())?;
            child.wait()
        })
        .unwrap();
    assert!(filing.success());

    // A day later every threshold of the case has passed: the session fires, stages and
    // prints them while its input stays open.
    let later = traced(
        dir.path(),
        &[
            "--now",
            "2026-11-24T09:00:00Z",
            "--data-dir",
            &data,
            "run",
            "--console",
            "--as",
            "agent",
        ],
        "",
        Some("CASE-000001"),
    );
    assert!(later.stdout.contains("CASE-000001"), "{}", later.stdout);
    let sent = check_acks(&later.events, &store, |fd, text| {
        fd == 1 && text.contains("CASE-000001")
    });
    assert!(sent >= 1, "the reminder was printed");
}

#[test]
fn the_parser_joins_unfinished_calls_and_ignores_failures() {
    let trace = "\
10 pwrite64(3</s/db>, \"abc\", 3, 0 <unfinished ...>
11 fsync(3</s/db>) = 0
10 <... pwrite64 resumed>) = 3
12 openat(AT_FDCWD</x>, \"/s/conf\", O_WRONLY|O_CREAT|O_CLOEXEC, 0666) = 4</s/conf>
12 openat(AT_FDCWD</x>, \"/s/nope\", O_RDONLY) = -1 ENOENT (No such file or directory)
10 fdatasync(5</s/db>) = 0
10 write(1<pipe:[1]>, \"Recorded as CASE-000001\", 23) = 23
";
    let events = parse(trace);
    assert_eq!(events.len(), 5, "{events:?}");
    // The created `conf` entry was never followed by a directory sync.
    let unsynced_entry =
        std::panic::catch_unwind(|| check_acks(&events, Path::new("/s"), |fd, _| fd == 1));
    assert!(
        unsynced_entry.is_err(),
        "the unsynced directory entry is caught"
    );

    // Without it, the fdatasync covers the write; the fsync that began before the write finished
    // would not have.
    let without_entry: String = trace
        .lines()
        .filter(|l| !l.contains("conf"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        check_acks(&parse(&without_entry), Path::new("/s"), |fd, _| fd == 1),
        1
    );
    let without_fdatasync: String = without_entry
        .lines()
        .filter(|l| !l.contains("fdatasync"))
        .map(|l| format!("{l}\n"))
        .collect();
    let early_sync_only = std::panic::catch_unwind(|| {
        check_acks(&parse(&without_fdatasync), Path::new("/s"), |fd, _| fd == 1)
    });
    assert!(
        early_sync_only.is_err(),
        "a sync that began before the write does not count"
    );
}
