//! The binary carries its catalog: it answers from any directory, with no `data/` beside it, and
//! `--catalog DIR` still overrides the built-in copy and is checked the same way.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_supportbot");

/// The binary, run in `dir` with no catalog setting from the environment.
fn supportbot(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .env_remove("SUPPORTBOT_CATALOG")
        .env_remove("SUPPORTBOT_DATA_DIR")
        .env_remove("DISCORD_TOKEN")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn answers_from_a_directory_without_data() {
    let dir = tempfile::tempdir().unwrap();
    assert!(!dir.path().join("data").exists());
    let now = ["--now", "2026-11-30T10:00:00Z"];

    let hours = stdout(&supportbot(
        dir.path(),
        &[&now[..], &["ask", "/hours region:japan"]].concat(),
    ));
    assert!(hours.contains("Japan"), "{hours}");

    let due = stdout(&supportbot(
        dir.path(),
        &common::due_business_p2_emea_args("2026-04-02T15:30:00Z"),
    ));
    assert!(due.contains("2026-04-07T09:30:00Z"), "{due}");

    let filed = supportbot(
        dir.path(),
        &[
            &now[..],
            &[
                "ask",
                "--as",
                "admin",
                "/org add name:\"Acme Corp\" plan:business region:emea products:adobe-commerce",
            ],
        ]
        .concat(),
    );
    stdout(&filed);
    let export = stdout(&supportbot(dir.path(), &["cases", "export"]));
    assert!(export.contains("acme-corp"), "{export}");
    assert!(
        dir.path().join("supportbot-data").is_dir(),
        "the store is made where the bot runs"
    );
}

#[test]
fn a_catalog_directory_overrides_the_built_in_one_and_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    copy_dir(&data, &catalog);
    let plans = catalog.join("plans.toml");
    let text = std::fs::read_to_string(&plans).unwrap();
    std::fs::write(&plans, text.replacen("[[plan]]", "[[plan]]\nbogus = 1", 1)).unwrap();

    let broken = supportbot(
        dir.path(),
        &["--catalog", "catalog", "ask", "/hours region:japan"],
    );
    assert!(!broken.status.success());
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(stderr.contains("catalog/plans.toml"), "{stderr}");

    // The same directory through the environment variable.
    let from_env = Command::new(BIN)
        .current_dir(dir.path())
        .args(["ask", "/hours region:japan"])
        .env("SUPPORTBOT_CATALOG", "catalog")
        .output()
        .unwrap();
    assert!(!from_env.status.success());
}

#[test]
fn a_message_reading_an_argument_the_code_does_not_pass_stops_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        &catalog,
    );
    let ja = catalog.join("locales/ja.ftl");
    let text = std::fs::read_to_string(&ja).unwrap();
    let line = "\ndue-holidays-from = { $country } の祝日\n";
    assert_eq!(text.matches(line).count(), 1);
    std::fs::write(
        &ja,
        text.replacen(line, "\ndue-holidays-from = { $region } の祝日\n", 1),
    )
    .unwrap();

    let broken = supportbot(dir.path(), &["--catalog", "catalog", "ask", "/help"]);
    assert!(!broken.status.success());
    let stderr = String::from_utf8_lossy(&broken.stderr);
    for part in [
        "catalog/locales/ja.ftl",
        "due-holidays-from",
        "uses `$region`, which the code does not pass (it passes: country)",
    ] {
        assert!(stderr.contains(part), "{part:?} in {stderr}");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
