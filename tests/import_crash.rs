//! Issue 8: `cases import` is all or nothing even when killed. A 10 000-line import is SIGKILLed
//! at moments spread over its whole run, many times; each time the store is afterwards either
//! exactly as before or holds the whole import.

#[path = "common/cases.rs"]
mod support;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::*;

const LINES: u64 = 10_000;
const ROUNDS: u32 = 8;

/// A small store to import into: one organisation with one case.
fn base() -> tempfile::TempDir {
    let bot = Bot::new("2026-11-23T09:00:00Z");
    bot.org("name:Acme plan:business region:emea products:aem");
    bot.file(
        agent(),
        "/case file org:acme product:aem priority:p3 title:\"already here\"",
    );
    bot.close()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("the store reads") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            std::fs::create_dir_all(&target).expect("a directory");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}

/// 10 000 case lines for the base store's organisation, numbered after its case.
fn import_lines(base_export: &str) -> String {
    let template: Value = base_export
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON"))
        .find(|r| r["kind"] == "case")
        .expect("the base store has a case");
    (2..LINES + 2)
        .map(|id| {
            let mut line = template.clone();
            line["record"]["id"] = json!(id);
            line["record"]["title"] = json!(format!("imported {id}"));
            format!("{line}\n")
        })
        .collect()
}

/// Runs the import, killing it after `delay` if given; whether it finished by itself.
fn run_import(dir: &Path, input: &str, delay: Option<Duration>) -> bool {
    let mut child = bot_command(dir)
        .args(["cases", "import"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("supportbot runs");
    let mut stdin = child.stdin.take().expect("stdin");
    // The whole input goes in at once; a kill while it is read is one of the moments tested.
    let _ = stdin.write_all(input.as_bytes());
    drop(stdin);
    match delay {
        None => {
            let out = child.wait_with_output().expect("the import ends");
            assert!(out.status.success(), "{}", stderr(&out));
            true
        }
        Some(delay) => {
            std::thread::sleep(delay);
            let finished = child.try_wait().expect("a status").is_some();
            child.kill().expect("killed");
            child.wait().expect("reaped");
            finished
        }
    }
}

#[test]
fn a_killed_import_leaves_the_store_unchanged_or_whole() {
    let base = base();
    let before = export(base.path());
    let input = import_lines(&before);

    // How long an import takes here, so the kills spread over its whole run.
    let full = tempfile::tempdir().unwrap();
    copy_dir(base.path(), full.path());
    let started = Instant::now();
    run_import(full.path(), &input, None);
    let took = started.elapsed();
    let whole = export(full.path());
    assert_eq!(
        whole
            .lines()
            .filter(|l| l.contains(r#""kind":"case""#))
            .count(),
        10_001
    );

    let (mut unchanged, mut complete) = (0, 0);
    for round in 0..ROUNDS {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(base.path(), dir.path());
        let delay = took * (round + 1) / (ROUNDS + 1);
        run_import(dir.path(), &input, Some(delay));
        let after = export(dir.path());
        if after == before {
            unchanged += 1;
        } else {
            assert_eq!(
                after, whole,
                "round {round} (killed after {delay:?}): the store holds part of the import"
            );
            complete += 1;
        }
    }
    eprintln!("{unchanged} rounds left the store unchanged, {complete} held the whole import");
    assert!(
        unchanged > 0,
        "some kills landed before the import's commit"
    );
}
