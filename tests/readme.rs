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

/// An `sh` block of the README, at any indentation.
struct ShBlock<'a> {
    /// Its non-empty lines, trimmed.
    lines: Vec<&'a str>,
    /// Marked [`NOT_RUN`] on the line before it.
    not_run: bool,
}

impl ShBlock<'_> {
    /// Every command line runs `supportbot`, directly or at the end of a pipe.
    fn only_supportbot(&self) -> bool {
        !self.lines.is_empty()
            && self.lines.iter().all(|line| {
                line.starts_with("supportbot ")
                    || line.starts_with("printf ") && line.contains("| supportbot")
            })
    }

    /// The operators' listener example: `supportbot run` in the background with
    /// `SUPPORTBOT_HTTP`, then `curl`.
    fn is_listener(&self) -> bool {
        self.lines
            .first()
            .is_some_and(|l| l.starts_with("SUPPORTBOT_HTTP=") && l.ends_with('&'))
    }
}

fn sh_blocks(text: &str) -> Vec<ShBlock<'_>> {
    let mut blocks = Vec::new();
    let mut open: Option<ShBlock<'_>> = None;
    let mut in_other_block = false;
    let mut previous = "";
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if let Some(block) = open.take() {
                blocks.push(block);
            } else if in_other_block {
                in_other_block = false;
            } else if trimmed == "```sh" {
                open = Some(ShBlock {
                    lines: Vec::new(),
                    not_run: previous.starts_with(NOT_RUN),
                });
            } else {
                in_other_block = true;
            }
        } else if let Some(block) = open.as_mut().filter(|_| !trimmed.is_empty()) {
            block.lines.push(trimmed);
        }
        previous = trimmed;
    }
    blocks
}

/// The `sh` blocks made only of `supportbot` commands and not marked [`NOT_RUN`].
fn supportbot_sh_blocks(text: &str) -> Vec<String> {
    sh_blocks(text)
        .into_iter()
        .filter(|b| !b.not_run && b.only_supportbot())
        .map(|b| b.lines.join("\n"))
        .collect()
}

/// `PATH` with the built binary's directory first, so `supportbot` in an example is it.
fn path_with_binary() -> std::ffi::OsString {
    let bin_dir = Path::new(BIN).parent().expect("the binary's directory");
    std::env::join_paths(
        std::iter::once(bin_dir.to_path_buf()).chain(
            std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
                .unwrap_or_default(),
        ),
    )
    .expect("a PATH")
}

/// An example nobody runs cannot pass by being skipped: each `sh` block is run by a test here,
/// or says why it cannot be.
#[test]
fn every_shell_example_is_run_or_says_why_not() {
    let text = readme();
    let blocks = sh_blocks(&text);
    assert!(blocks.len() >= 6, "the sh blocks are found");
    for block in &blocks {
        assert!(
            block.not_run || block.only_supportbot() || block.is_listener(),
            "this README example is run by no test; make it runnable or put `{NOT_RUN} <why> -->` before it:\n{}",
            block.lines.join("\n")
        );
    }
    assert_eq!(
        blocks
            .iter()
            .filter(|b| !b.not_run && b.is_listener())
            .count(),
        1,
        "the operators' listener example is found"
    );
}

/// The operators' listener example, run as written by `sh` (a script: no terminal, an empty
/// input), on a free port: its `curl | grep` must find the metrics, and the bot must stop.
#[test]
fn the_listener_example_serves_metrics() {
    let text = readme();
    let block = sh_blocks(&text)
        .into_iter()
        .find(|b| !b.not_run && b.is_listener())
        .expect("the listener example");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let script = block
        .lines
        .join("\n")
        .replace("127.0.0.1:9184", &format!("127.0.0.1:{port}"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let output = Command::new("timeout")
        .args(["60", "sh", "-e", "-c", &script])
        .current_dir(dir.path())
        .env("PATH", path_with_binary())
        .env("TZ", "UTC")
        .env("RUST_LOG", "off")
        .env_remove("SUPPORTBOT_DATA_DIR")
        .env_remove("SUPPORTBOT_CATALOG")
        .env_remove("DISCORD_TOKEN")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("sh runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{script}\nfailed: {}\n{stdout}{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("supportbot_slo_attainment_ratio{"),
        "{stdout}"
    );
}

#[test]
fn the_shell_examples_run() {
    let blocks = supportbot_sh_blocks(&readme());
    assert!(
        blocks.len() >= 2,
        "the console and the backup examples are found: {blocks:?}"
    );
    let path = path_with_binary();
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
