//! Several `supportbot` processes on one PostgreSQL database (skipped, saying so, without
//! `SUPPORTBOT_TEST_POSTGRES`): processes filing at the same time never share a case number, and
//! two running bots deliver each due (case, threshold) exactly once between them.

#[path = "common/cases.rs"]
mod support;

#[path = "common/pg.rs"]
mod pg;

use std::collections::BTreeMap;
use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use supportbot::store::{PostgresStore, Store};

use support::*;

/// `supportbot --store URL --now NOW ask --as ROLE LINE`; its reply, which must be an answer.
fn ask_store(url: &str, now: &str, role: &str, line: &str) -> String {
    let output = store_command(url)
        .args(["--now", now, "ask", "--as", role, line])
        .stdin(Stdio::null())
        .output()
        .expect("supportbot runs");
    assert!(
        output.status.success(),
        "{line}: {}{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

const FILE: &str =
    r#"/case file org:acme-corp product:adobe-commerce priority:p2 title:"Checkout fails""#;

fn set_up(url: &str) {
    ask_store(
        url,
        "2026-11-24T01:00:00Z",
        "admin",
        r#"/org add name:"Acme Corp" plan:business region:emea products:adobe-commerce"#,
    );
}

#[test]
fn processes_filing_at_once_never_share_a_number() {
    let Some(database) = pg::TestDatabase::create("processes_filing_at_once_never_share_a_number")
    else {
        return;
    };
    set_up(&database.url);
    let ids: Vec<String> = std::thread::scope(|scope| {
        let filers: Vec<_> = (0..3)
            .map(|_| {
                scope.spawn(|| {
                    (0..3)
                        .map(|_| {
                            let reply =
                                ask_store(&database.url, "2026-11-24T09:00:00Z", "agent", FILE);
                            recorded_id(&reply).unwrap_or_else(|| panic!("not recorded: {reply}"))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        filers
            .into_iter()
            .flat_map(|f| f.join().expect("a filer finishes"))
            .collect()
    });
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!((ids.len(), distinct.len()), (9, 9), "{ids:?}");
    let exported = export_store(&database.url);
    for id in &ids {
        let number: u64 = id.trim_start_matches("CASE-").parse().expect("a number");
        assert!(
            exported.contains(&format!(r#""kind":"case","record":{{"v":1,"id":{number},"#)),
            "{id} acknowledged but not stored"
        );
    }
}

/// The reminder lines a console printed: `CASE-… → thresholds` as the console lists them.
fn delivered(outputs: &[String]) -> BTreeMap<(String, String), usize> {
    let mut seen = BTreeMap::new();
    for line in outputs.iter().flat_map(|o| o.lines()) {
        let Some((head, rest)) = line.split_once(" — ") else {
            continue;
        };
        let Some(case) = case_ids(head).into_iter().next() else {
            continue;
        };
        let thresholds = rest.split(" · ").next().unwrap_or_default();
        for threshold in thresholds.split(", ") {
            *seen
                .entry((case.clone(), threshold.to_owned()))
                .or_insert(0) += 1;
        }
    }
    seen
}

#[test]
fn two_running_bots_deliver_each_reminder_once() {
    let Some(database) = pg::TestDatabase::create("two_running_bots_deliver_each_reminder_once")
    else {
        return;
    };
    set_up(&database.url);
    for _ in 0..4 {
        ask_store(&database.url, "2026-11-24T09:00:00Z", "agent", FILE);
    }
    // Every threshold of the four cases is due: 50 %, 80 %, breach and the escalation notice.
    let mut bots: Vec<_> = (0..2)
        .map(|_| {
            store_command(&database.url)
                .args(["--now", "2026-11-24T12:00:00Z", "run", "--console"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("the bot starts")
        })
        .collect();
    let store = PostgresStore::open(&database.url).expect("the database opens");
    let started = Instant::now();
    loop {
        let counts = store.reminder_counts().expect("counts");
        if counts == (0, 0, 0, 0) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "reminders still waiting: {counts:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let outputs: Vec<String> = bots
        .iter_mut()
        .map(|bot| {
            // End of input stops the console.
            drop(bot.stdin.take());
            let mut out = String::new();
            if let Some(mut stdout) = bot.stdout.take() {
                stdout.read_to_string(&mut out).expect("the output reads");
            }
            assert!(bot.wait().expect("the bot ends").success());
            out
        })
        .collect();
    let seen = delivered(&outputs);
    assert_eq!(seen.len(), 16, "four thresholds of four cases: {outputs:?}");
    assert!(
        seen.values().all(|n| *n == 1),
        "each delivered once: {seen:?}"
    );
}
