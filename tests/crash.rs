//! Crash safety of the store: a console bot is fed `/case file` lines without pause and killed
//! (SIGKILL on Unix) at a random moment, round after round on the same `--data-dir`. A case the
//! bot reported as recorded ("Recorded as CASE-…") must survive every kill with its title, no
//! case number may be handed out twice, and the store must open again each time.

#[path = "common/cases.rs"]
mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use support::*;
use supportbot::store::{SledStore, Store};

const ROUNDS: u64 = 16;
/// Every this many rounds, the whole store is opened in this process and checked; after the last
/// round, through `supportbot cases export`.
const CHECK_EVERY: u64 = 4;
/// Every this many rounds, the kill is timed from the start of the process, so it may land while
/// the store is being opened (and recovered); otherwise from the first case reported, so it lands
/// while cases are being filed.
const STARTUP_KILL_EVERY: u64 = 4;
/// Fewer reported cases than this would make the test pass without testing much.
const MIN_REPORTED: usize = 200;

fn xorshift(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

/// A reproducible pseudo-random number for the round, in `low..=high`.
fn random_in(round: u64, low: u64, high: u64) -> u64 {
    let mut x = 0x9e37_79b9_7f4a_7c15 ^ (round + 1);
    for _ in 0..4 {
        x = xorshift(x);
    }
    low + x % (high - low + 1)
}

fn title(round: u64, n: u64) -> String {
    format!("r{round} n{n} — naïve ☃ crash")
}

/// The case number in `CASE-000123`.
fn number(id: &str) -> u64 {
    id.trim_start_matches("CASE-")
        .parse()
        .unwrap_or_else(|_| panic!("{id} is not a case id"))
}

/// What one bot printed: the cases it showed (id, title) and the cases it reported as recorded.
#[derive(Default)]
struct Printed {
    shown: Vec<(u64, String)>,
    recorded: Vec<(u64, String)>,
    refusals: Vec<String>,
}

/// Reads the reply headers (`CASE-000123 · title`) and what follows each. Only whole lines count:
/// the kill may cut the last one short.
fn parse(lines: &[String]) -> Printed {
    let mut printed = Printed::default();
    for (i, line) in lines.iter().enumerate() {
        if line == "That did not work" {
            printed.refusals.push(
                lines[i..]
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" / "),
            );
            continue;
        }
        let Some((id, title)) = line.split_once(" · ") else {
            continue;
        };
        if !id.starts_with("CASE-") {
            continue;
        }
        let id = number(id);
        match lines.get(i + 1) {
            Some(next) if next.starts_with("Recorded as ") => {
                let reported = next["Recorded as ".len()..]
                    .split('.')
                    .next()
                    .map(number)
                    .unwrap_or_default();
                assert_eq!(reported, id, "header and report disagree: {line} / {next}");
                printed.recorded.push((id, title.to_owned()));
            }
            Some(next) if next.is_empty() => printed.shown.push((id, title.to_owned())),
            _ => {}
        }
    }
    printed
}

/// Every case in `supportbot cases export`, by number, with its title; checks the export itself.
fn exported_cases(dir: &Path) -> BTreeMap<u64, String> {
    let mut cases = BTreeMap::new();
    let mut orgs = 0;
    for line in export(dir).lines() {
        let record: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        match record["kind"].as_str() {
            Some("org") => orgs += 1,
            Some("case") => {
                let id = record["record"]["id"].as_u64().expect("a case number");
                let title = record["record"]["title"].as_str().expect("a title");
                assert!(
                    cases.insert(id, title.to_owned()).is_none(),
                    "case {id} exported twice"
                );
            }
            // The rest of a full backup: reminder routes and queues, counters.
            Some("routes" | "outbox" | "staged" | "rejected" | "counters") => {}
            other => panic!("unknown record kind {other:?}"),
        }
    }
    assert_eq!(orgs, 1);
    cases
}

/// Every case in the store, opened in this process (cheaper than a process per round); the store
/// is closed again before returning.
fn opened_cases(dir: &Path) -> BTreeMap<u64, String> {
    // Records name plans and regions by ids only a loaded catalog declares.
    catalog();
    let store = SledStore::open(dir).unwrap_or_else(|e| panic!("the store opens: {e}"));
    let mut cases = BTreeMap::new();
    store
        .scan_cases(&mut |case| {
            assert!(cases.insert(case.id.0, String::from(case.title)).is_none());
            true
        })
        .unwrap_or_else(|e| panic!("the store reads: {e}"));
    assert_eq!(store.orgs().expect("organisations read").len(), 1);
    cases
}

#[test]
fn cases_reported_as_recorded_survive_any_kill() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = ask(
        d,
        None,
        "admin",
        ADMIN,
        "/org add name:\"Crash Test\" plan:business region:emea products:analytics",
    );
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));

    // Every case reported so far, and the last one of each round (shown again by the next bot).
    let mut reported: BTreeMap<u64, String> = BTreeMap::new();
    let mut last_of_rounds: Vec<(u64, String)> = Vec::new();
    let mut rounds_reporting = 0;
    for round in 0..ROUNDS {
        let startup_kill = round % STARTUP_KILL_EVERY == STARTUP_KILL_EVERY - 1;
        let delay = if startup_kill {
            // The debug binary takes over half a second to load the catalog and open the
            // store: this lands anywhere from loading, through opening, to the first cases.
            random_in(round, 300, 900)
        } else {
            random_in(round, 20, 300)
        };
        let mut child = bot_command(d)
            .args(["run", "--as", "agent", "--user", &AGENT.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("supportbot runs");
        let spawned = Instant::now();

        // The bot first shows the last case of every earlier round, then files cases until killed.
        let shows: Vec<String> = last_of_rounds
            .iter()
            .map(|(id, _)| format!("/case show id:CASE-{id:06}"))
            .collect();
        let mut stdin = child.stdin.take().unwrap();
        let writer = thread::spawn(move || {
            for line in &shows {
                if writeln!(stdin, "{line}").is_err() {
                    return;
                }
            }
            for n in 0..1_000_000 {
                let line = format!(
                    "/case file org:crash-test product:analytics priority:p3 title:\"{}\"",
                    title(round, n)
                );
                if writeln!(stdin, "{line}").is_err() {
                    return;
                }
            }
        });
        let (first_tx, first_rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let reader = thread::spawn(move || {
            let mut lines = Vec::new();
            let mut stdout = BufReader::new(stdout);
            let mut line = String::new();
            let mut told = false;
            loop {
                line.clear();
                match stdout.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if line.ends_with('\n') => {
                        let line = line.trim_end_matches('\n').to_owned();
                        if !told && line.starts_with("Recorded as ") {
                            told = true;
                            let _ = first_tx.send(());
                        }
                        lines.push(line);
                    }
                    Ok(_) => break, // cut short by the kill
                }
            }
            lines
        });

        if startup_kill {
            thread::sleep(Duration::from_millis(delay).saturating_sub(spawned.elapsed()));
        } else {
            // Wait for filing to be under way; a bot that cannot start fails here, not later.
            if first_rx.recv_timeout(Duration::from_secs(30)).is_err() {
                let _ = child.kill();
                let _ = child.wait();
                let mut err = String::new();
                let _ = child.stderr.take().unwrap().read_to_string(&mut err);
                panic!("round {round}: the bot reported no case; stderr:\n{err}");
            }
            thread::sleep(Duration::from_millis(delay));
        }
        let exited = child.try_wait().expect("the bot's status");
        child.kill().expect("the bot is killed");
        child.wait().expect("the bot is reaped");
        let mut err = String::new();
        let _ = child.stderr.take().unwrap().read_to_string(&mut err);
        assert!(
            exited.is_none(),
            "round {round}: the bot exited by itself ({exited:?}) before the kill:\n{err}"
        );
        writer.join().expect("the writer");
        let printed = parse(&reader.join().expect("the reader"));

        assert!(
            printed.refusals.is_empty(),
            "round {round}: refused {:?}",
            printed.refusals
        );
        // The store opened again with every earlier round's last case intact.
        if !printed.recorded.is_empty() {
            assert_eq!(
                printed.shown, last_of_rounds,
                "round {round}: earlier cases as the reopened store shows them"
            );
        } else {
            assert!(
                last_of_rounds.starts_with(&printed.shown),
                "round {round}: {:?}",
                printed.shown
            );
        }
        // Cases are numbered after every case reported before, in order, each title as sent.
        let previous_max = reported.keys().next_back().copied().unwrap_or(0);
        for (n, (id, got)) in printed.recorded.iter().enumerate() {
            assert_eq!(got, &title(round, n as u64), "round {round}: CASE-{id:06}");
        }
        let ids: Vec<u64> = printed.recorded.iter().map(|(id, _)| *id).collect();
        assert!(
            ids.first().is_none_or(|first| *first > previous_max)
                && ids.windows(2).all(|w| w[0] < w[1]),
            "round {round}: ids {ids:?} after {previous_max}"
        );
        if let Some(last) = printed.recorded.last() {
            last_of_rounds.push(last.clone());
            rounds_reporting += 1;
        }
        reported.extend(printed.recorded);

        if round % CHECK_EVERY == CHECK_EVERY - 1 || round == ROUNDS - 1 {
            let stored = if round == ROUNDS - 1 {
                exported_cases(d)
            } else {
                opened_cases(d)
            };
            for (id, title) in &reported {
                assert_eq!(
                    stored.get(id),
                    Some(title),
                    "after round {round}: CASE-{id:06} was reported as recorded"
                );
            }
        }
    }
    assert!(
        reported.len() >= MIN_REPORTED,
        "only {} cases reported over {ROUNDS} rounds",
        reported.len()
    );
    assert!(
        rounds_reporting >= ROUNDS - ROUNDS / STARTUP_KILL_EVERY,
        "only {rounds_reporting} rounds reported cases"
    );
    // One last reopening, by a bot that files a case: the next number is after every one used.
    let out = ask(
        d,
        None,
        "agent",
        AGENT,
        "/case file org:crash-test product:analytics priority:p3 title:after",
    );
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let next = recorded_id(&stdout(&out)).map(|id| number(&id)).unwrap();
    let stored = exported_cases(d);
    assert_eq!(stored.get(&next).map(String::as_str), Some("after"));
    assert!(next > *reported.keys().next_back().unwrap());
    assert_eq!(stored.keys().next_back(), Some(&next));
    eprintln!(
        "{} cases reported over {ROUNDS} rounds ({rounds_reporting} reporting), {} stored, {:.1} s",
        reported.len(),
        stored.len(),
        started.elapsed().as_secs_f64()
    );
}
