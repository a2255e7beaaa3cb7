//! The record-keeping commands' acknowledgements pinned word for word in English, Traditional
//! Chinese and Japanese. The expected sentences are written here, not taken from the engine, so
//! a changed or broken translation, a placeholder left unfilled or a wrong value shows up.

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_supportbot");

/// A console session as an admin on a fresh store, Monday 23 November 2026 09:00 London: a
/// Business P3 (4 business hours) raised to P2 (2 hours), closed, reopened and answered at once.
fn session(locale: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args(["--now", "2026-11-23T09:00:00Z", "--data-dir"])
        .arg(dir.path().join("store"))
        .args(["--as", "admin", "--locale", locale])
        .env_remove("DISCORD_TOKEN")
        .env_remove("SUPPORTBOT_CATALOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for line in [
        "/org add name:Acme plan:business region:emea products:aem",
        "/case file org:acme product:aem priority:p3 title:\"Login fails\"",
        "/case note id:CASE-000001 text:\"looking\"",
        "/case priority id:CASE-000001 priority:p2 reason:\"blocked\"",
        "/case close id:CASE-000001",
        "/case reopen id:CASE-000001",
        "/case respond id:CASE-000001",
    ] {
        writeln!(stdin, "{line}").unwrap();
    }
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn assert_says(locale: &str, expected: &[&str]) {
    let out = session(locale);
    for sentence in expected {
        assert!(
            out.lines().any(|line| line == *sentence),
            "{locale}: {sentence:?} not in:\n{out}"
        );
    }
}

#[test]
fn acknowledgements_in_english() {
    assert_says(
        "en-US",
        &[
            "Organisation Acme added with the id acme: use org:acme in commands.",
            "Recorded as CASE-000001. The first response is due Mon 23 Nov 2026 13:00 GMT (13:00 UTC, in 4 h).",
            "Note added to CASE-000001.",
            "CASE-000001 is now P2. Counted from the original submission, the first response is due Mon 23 Nov 2026 11:00 GMT (11:00 UTC, in 2 h).",
            "CASE-000001 closed.",
            "CASE-000001 reopened.",
            "Initial response to CASE-000001 recorded; its clock has stopped.",
            "Target met with 2 h to spare (business hours; 2 h wall-clock).",
        ],
    );
}

#[test]
fn acknowledgements_in_traditional_chinese() {
    assert_says(
        "zh-TW",
        &[
            "已新增組織 Acme，代碼為 acme：在指令中請使用 org:acme。",
            "已記錄為 CASE-000001。最初回應的期限為 2026年11月23日（一） 13:00 GMT (13:00 UTC、4 小時後)。",
            "已為 CASE-000001 新增備註。",
            "CASE-000001 現在為 P2。自原始提交時間起算，最初回應的期限為 2026年11月23日（一） 11:00 GMT (11:00 UTC、2 小時後)。",
            "CASE-000001 已結案。",
            "CASE-000001 已重新開啟。",
            "已記錄 CASE-000001 的最初回應；計時已停止。",
            "已達成目標，提前 2 小時（營業時間；實際時間 2 小時）。",
        ],
    );
}

#[test]
fn acknowledgements_in_japanese() {
    assert_says(
        "ja",
        &[
            "組織 Acme を ID acme で追加しました。コマンドでは org:acme を使ってください。",
            "CASE-000001 として記録しました。初回応答の期限は 2026年11月23日（月） 13:00 GMT (13:00 UTC、4 時間後) です。",
            "CASE-000001 にメモを追加しました。",
            "CASE-000001 の優先度を P2 にしました。元の送信日時から計算した初回応答の期限は 2026年11月23日（月） 11:00 GMT (11:00 UTC、2 時間後) です。",
            "CASE-000001 をクローズしました。",
            "CASE-000001 を再オープンしました。",
            "CASE-000001 の初回応答を記録しました。計時は停止しました。",
            "目標を達成しました（残り 2 時間、営業時間内。実時間 2 時間）。",
        ],
    );
}
