//! The README's examples are tests. Its `console` blocks run through `trycmd` with the built
//! binary as `supportbot`, in an empty directory, and must answer exactly what is shown (`...`
//! stands for lines left out); its `sh` blocks made only of `supportbot` commands run in `sh` and
//! must succeed. Editing a shown answer, or a command so it no longer runs, fails here.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_supportbot");

fn readme() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `text` as `README.md` in a new temporary directory, beside an empty `README.in`, which trycmd
/// makes the commands' working directory: a store they create is thrown away with it.
fn staged(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("README.md");
    std::fs::write(&path, text).expect("the README copied");
    std::fs::create_dir(dir.path().join("README.in")).expect("a working directory");
    (dir, path)
}

fn check(readme: &Path) {
    trycmd::TestCases::new()
        .register_bin("supportbot", Path::new(BIN))
        // Answers without a zone of their own use the machine's: the same on every machine.
        .env("TZ", "UTC")
        .env("RUST_LOG", "off")
        .env("SUPPORTBOT_DATA_DIR", "supportbot-data")
        .case(readme)
        .run();
}

#[test]
fn the_console_examples_answer_as_shown() {
    let (_dir, path) = staged(&readme());
    check(&path);
}

#[test]
fn a_changed_answer_fails_the_check() {
    let text = readme();
    let shown = "  Opens Tue 1 Dec 2026 09:00 JST (00:00 UTC, in 14 h 11 min)\n";
    assert!(
        text.contains(shown),
        "the README shows Japan's next opening"
    );
    let (_dir, path) = staged(&text.replacen(shown, &shown.replace("09:00", "10:00"), 1));
    let outcome = std::panic::catch_unwind(|| check(&path));
    assert!(outcome.is_err(), "an edited answer passed the check");
}

/// Put on the line before a block that cannot run in an empty directory, with the reason.
const NOT_RUN: &str = "<!-- not run by tests/readme.rs:";

/// Where a line of the README is.
enum At<'a> {
    Text,
    /// In a fenced block whose lines are kept, when it is an `sh` block not marked [`NOT_RUN`].
    Block(Option<Vec<&'a str>>),
}

/// The `sh` blocks (at any indentation) whose every command line runs `supportbot`, directly or
/// at the end of a pipe, except those marked [`NOT_RUN`].
fn supportbot_sh_blocks(text: &str) -> Vec<String> {
    let runs_supportbot = |line: &&str| {
        line.starts_with("supportbot ")
            || line.starts_with("printf ") && line.contains("| supportbot")
    };
    let mut blocks = Vec::new();
    let mut at = At::Text;
    let mut previous = "";
    for line in text.lines() {
        let trimmed = line.trim_start();
        at = match at {
            At::Text if trimmed.starts_with("```") => {
                let kept = trimmed == "```sh" && !previous.starts_with(NOT_RUN);
                At::Block(kept.then(Vec::new))
            }
            At::Text => At::Text,
            At::Block(lines) if trimmed.starts_with("```") => {
                if let Some(lines) =
                    lines.filter(|l| !l.is_empty() && l.iter().all(runs_supportbot))
                {
                    blocks.push(lines.join("\n"));
                }
                At::Text
            }
            At::Block(Some(mut lines)) if !trimmed.is_empty() => {
                lines.push(trimmed);
                At::Block(Some(lines))
            }
            block @ At::Block(_) => block,
        };
        previous = trimmed;
    }
    blocks
}

#[test]
fn the_shell_examples_run() {
    let blocks = supportbot_sh_blocks(&readme());
    assert!(
        blocks.len() >= 2,
        "the console and the backup examples are found: {blocks:?}"
    );
    let bin_dir = Path::new(BIN).parent().expect("the binary's directory");
    let path = std::env::join_paths(
        std::iter::once(bin_dir.to_path_buf()).chain(
            std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
                .unwrap_or_default(),
        ),
    )
    .expect("a PATH");
    for block in blocks {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let output = Command::new("sh")
            .args(["-e", "-c", &block])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("TZ", "UTC")
            .env("RUST_LOG", "off")
            .env_remove("SUPPORTBOT_DATA_DIR")
            .env_remove("SUPPORTBOT_CATALOG")
            .env_remove("DISCORD_TOKEN")
            .output()
            .expect("sh runs");
        assert!(
            output.status.success(),
            "{block}\nfailed: {}\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
