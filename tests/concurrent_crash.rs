//! Crash safety with concurrent writers of every kind: a child process (this test binary, run as
//! `writer_process`) drives the engine from four threads mixing filing, responses, notes,
//! priority changes, closing, reopening, organisation settings, contacts and reminder routes, and
//! prints each acknowledgement. It is killed with SIGKILL at varied moments, round after round on
//! the same store. After every kill the whole store must pass `Store::check` (every record
//! decodes; every index entry points at a record that agrees with it and every record is in the
//! indexes it belongs to), and everything acknowledged must be there.

#[path = "common/cases.rs"]
mod support;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use support::*;
use supportbot::clock::ManualClock;
use supportbot::domain::case::CaseId;
use supportbot::engine::{Engine, Outcome};
use supportbot::store::{SledStore, Store};

const WRITER_DIR: &str = "SUPPORTBOT_CRASH_WRITER_DIR";
const ROUNDS: u64 = 6;
const THREADS: u64 = 4;
const ORGS: [&str; 3] = ["acme", "globex", "initech"];
/// Monday morning in London: business hours, so every filing is accepted.
const NOW: &str = "2026-11-23T09:00:00Z";

fn engine(dir: &Path) -> Engine {
    let catalog = catalog();
    let store = SledStore::open(dir)
        .unwrap_or_else(|e| panic!("the store opens: {e}"))
        .with_planner(supportbot::reminders::planner(catalog.clone()));
    Engine::new(catalog, Arc::new(ManualClock::new(at(NOW)))).with_store(Arc::new(store))
}

fn next(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

/// One writer thread: an endless mix of every writing command, printing `ACK file CASE-…` for
/// each filing and `ACK respond CASE-…` for each response the engine acknowledged.
fn write_forever(engine: &Engine, thread: u64) {
    let mut x = 0x9e37_79b9_7f4a_7c15 ^ (thread + 1) ^ u64::from(std::process::id());
    let mut mine: Vec<String> = Vec::new();
    for i in 0u64.. {
        let org = ORGS[(next(&mut x) % ORGS.len() as u64) as usize];
        let case = mine
            .get((next(&mut x) as usize) % mine.len().max(1))
            .cloned();
        let line = match (next(&mut x) % 10, &case) {
            (0..=2, _) | (_, None) => format!(
                "/case file org:{org} product:aem priority:p{} title:\"t{thread} n{i}\"",
                2 + next(&mut x) % 3
            ),
            (3, Some(id)) => format!("/case respond id:{id}"),
            (4, Some(id)) => format!("/case note id:{id} text:\"note {i}\""),
            (5, Some(id)) => format!(
                "/case priority id:{id} priority:p{} reason:\"r{i}\"",
                2 + next(&mut x) % 3
            ),
            (6, Some(id)) => format!("/case close id:{id}"),
            (7, Some(id)) => format!("/case reopen id:{id}"),
            (8, _) => format!(
                "/contacts {} org:{org} product:aem user:{}",
                if next(&mut x).is_multiple_of(2) {
                    "add"
                } else {
                    "remove"
                },
                1000 + next(&mut x) % 4
            ),
            _ => match next(&mut x) % 2 {
                0 => format!(
                    "/org set org:{org} plan:{}",
                    ["business", "enterprise", "elite"][(next(&mut x) % 3) as usize]
                ),
                _ => format!("/reminders set region:emea channel:{} role:77", 100 + i % 3),
            },
        };
        let reply = engine.handle_line(admin(), &line);
        if reply.outcome != Outcome::Answered {
            continue;
        }
        if line.starts_with("/case file") {
            let id = recorded_id(&reply.text).unwrap_or_else(|| panic!("{}", reply.text));
            println!("ACK file {id}");
            mine.push(id);
        } else if line.starts_with("/case respond")
            && let Some(id) = &case
        {
            println!("ACK respond {id}");
        }
    }
}

/// The child's body: runs only when the parent test sets the store directory.
#[test]
#[ignore = "run by concurrent_writers_survive_sigkill_with_every_index_consistent as its child"]
fn writer_process() {
    let Some(dir) = std::env::var_os(WRITER_DIR) else {
        return;
    };
    let engine = engine(Path::new(&dir));
    println!("READY");
    std::thread::scope(|scope| {
        for thread in 0..THREADS {
            let engine = &engine;
            scope.spawn(move || write_forever(engine, thread));
        }
    });
}

#[test]
fn concurrent_writers_survive_sigkill_with_every_index_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    {
        let engine = engine(&store_dir);
        for org in ORGS {
            let reply = engine.handle_line(
                admin(),
                &format!("/org add name:{org} plan:business region:emea products:aem"),
            );
            assert_eq!(reply.outcome, Outcome::Answered, "{}", reply.text);
        }
    }
    let mut filed: BTreeSet<String> = BTreeSet::new();
    let mut responded: BTreeSet<String> = BTreeSet::new();
    for round in 0..ROUNDS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["writer_process", "--exact", "--ignored", "--nocapture"])
            .env(WRITER_DIR, &store_dir)
            .env("RUST_LOG", "off")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut lines = Vec::new();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line == "READY" {
                    let _ = ready_tx.send(());
                }
                lines.push(line);
            }
            lines
        });
        // The kill moment counts from READY, not from the spawn: on a loaded machine opening the
        // catalog and the store can take longer than the shortest moment below.
        let started = ready_rx.recv_timeout(Duration::from_secs(60)).is_ok();
        // Varied moments: early (store just opened), and well into the writing.
        std::thread::sleep(Duration::from_millis(300 + (round * 370) % 1500));
        child.kill().unwrap();
        child.wait().unwrap();
        let lines = reader.join().unwrap();
        assert!(started, "round {round}: the writer started");
        for line in &lines {
            match line.split_whitespace().collect::<Vec<_>>()[..] {
                ["ACK", "file", id] => {
                    assert!(filed.insert(id.to_owned()), "{id} acknowledged twice");
                }
                ["ACK", "respond", id] => {
                    responded.insert(id.to_owned());
                }
                _ => {}
            }
        }

        let store = SledStore::open(&store_dir)
            .unwrap_or_else(|e| panic!("round {round}: the store opens after SIGKILL: {e}"));
        let report = store.check().unwrap();
        assert!(
            report.is_clean(),
            "round {round}: damage after SIGKILL: {:?}",
            report.damaged
        );
        for id in &filed {
            let number: u64 = id.trim_start_matches("CASE-").parse().unwrap();
            let case = store
                .case(CaseId(number))
                .unwrap()
                .unwrap_or_else(|| panic!("round {round}: acknowledged {id} is missing"));
            if responded.contains(id) {
                assert!(
                    case.response.is_some(),
                    "round {round}: the acknowledged response of {id} is missing"
                );
            }
        }
    }
    assert!(
        filed.len() >= 200 && responded.len() >= 20,
        "enough was acknowledged to test something: {} filed, {} responded",
        filed.len(),
        responded.len()
    );
}
