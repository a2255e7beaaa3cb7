//! Trying roles in the console: `/as admin|agent|customer [user]` switches who speaks, and a
//! refusal for lack of a role says how to try it, in the console's language.

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_supportbot");
const ORG_ADD: &str = "/org add name:\"Acme Corp\" plan:business region:emea";

fn console(locale: &str, lines: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir.path().join("store"))
        .args(["--locale", locale])
        .env_remove("DISCORD_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for line in lines {
        writeln!(stdin, "{line}").unwrap();
    }
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn as_switches_the_speaker_and_refusals_say_how() {
    let out = console(
        "en-US",
        &[ORG_ADD, "/as admin", ORG_ADD, "/as wizard", "/as agent 42"],
    );
    assert!(
        out.contains(
            "Only administrators can do this.\n\nTo try this in the console, type /as admin first."
        ),
        "{out}"
    );
    assert!(
        out.contains("You are now speaking as admin, user 1."),
        "{out}"
    );
    assert!(
        out.contains(
            "Organisation Acme Corp added with the id acme-corp: use org:acme-corp in commands."
        ),
        "{out}"
    );
    assert!(
        out.contains("Type /as admin, /as agent or /as customer, optionally followed by a user id"),
        "{out}"
    );
    assert!(
        out.contains("You are now speaking as agent, user 42."),
        "{out}"
    );
}

#[test]
fn as_answers_in_the_consoles_language() {
    let zh = console("zh-TW", &[ORG_ADD, "/as admin"]);
    assert!(
        zh.contains("若要在主控台中試用，請先輸入 /as admin。"),
        "{zh}"
    );
    assert!(
        zh.contains("您現在以 admin（使用者 1）的身分發言。"),
        "{zh}"
    );
    let ja = console("ja", &[ORG_ADD, "/as admin"]);
    assert!(
        ja.contains("コンソールで試すには、先に /as admin と入力してください。"),
        "{ja}"
    );
    assert!(
        ja.contains("これからは admin（ユーザー 1）として発言します。"),
        "{ja}"
    );
}

#[test]
fn the_top_level_command_takes_the_speakers_flags() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir.path().join("store"))
        .args(["--as", "admin"])
        .env_remove("DISCORD_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{ORG_ADD}").unwrap();
    let output = child.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains(
            "Organisation Acme Corp added with the id acme-corp: use org:acme-corp in commands."
        ),
        "{out}"
    );
}

#[test]
fn speaker_flags_before_a_subcommand_are_refused_not_ignored() {
    let output = Command::new(BIN)
        .args(["--as", "admin", "ask", "/hours"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("go after the subcommand"), "{stderr}");
}

/// The console and `ask` are a conversation with the bot alone: small talk there is answered
/// with what the bot can answer (a chat channel leaves it alone), in the language it is written
/// in, and `ask` exits 0.
#[test]
fn small_talk_is_answered_with_what_the_bot_answers() {
    let en = "I answer questions about support plans, support hours and response deadlines: ask, for example, “what are your support hours in Japan”, or type /help to see the commands.";
    let zh = "我可以回答支援方案、服務時間與回應期限的問題：例如問「日本的支援營業時間」，或輸入 /help 查看所有指令。";
    let ja = "サポートプラン、サポート時間、応答期限についてお答えします。例えば「日本のサポート時間は」と聞いてください。/help と入力するとコマンドの一覧が表示されます。";
    let out = console("en-US", &["thanks!", "hi", "謝謝", "ありがとう"]);
    // Each answer ends with a blank line, as every answer in the console does.
    assert_eq!(out, format!("{en}\n\n{en}\n\n{zh}\n\n{ja}\n\n"));
    // In the console's language when the message does not say otherwise.
    assert_eq!(console("ja", &["thanks!"]), format!("{ja}\n\n"));
    for (line, said) in [("thanks!", en), ("謝謝", zh), ("ありがとう", ja)] {
        let output = Command::new(BIN)
            .args(["ask", line])
            .env_remove("DISCORD_TOKEN")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{line}: {output:?}");
        assert_eq!(String::from_utf8_lossy(&output.stdout), format!("{said}\n"));
    }
    // Nothing at all is no small talk: `ask ""` is refused.
    let output = Command::new(BIN)
        .args(["ask", " "])
        .env_remove("DISCORD_TOKEN")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    // A command missing its slash is still told to start with one.
    let out = console("en-US", &["hours region:japan"]);
    assert!(out.contains("Commands start with /."), "{out}");
}

/// A question the bot cannot place, and small talk, have no title: the answer starts with its
/// text, not with an empty line.
#[test]
fn an_answer_without_a_title_starts_with_its_text() {
    let out = console("en-US", &["what is the meaning of life", "thanks!"]);
    assert!(
        out.starts_with("I'm not sure what you're asking."),
        "{out:?}"
    );
    assert!(
        out.contains("Type /help to see every command.\n\nI answer questions"),
        "{out:?}"
    );
}

/// The tester's finding 10b: `ask` refused for lack of a role says which flag tries it, in the
/// asker's language, as the console says to type `/as`.
#[test]
fn ask_refused_for_a_role_says_to_add_as() {
    let dir = tempfile::tempdir().unwrap();
    for (locale, hint) in [
        (
            "en-US",
            "To try this with supportbot ask, add --as admin after ask.",
        ),
        (
            "zh-TW",
            "若要以 supportbot ask 試用，請在 ask 之後加上 --as admin。",
        ),
        (
            "ja",
            "supportbot ask で試すには、ask の後に --as admin を付けてください。",
        ),
    ] {
        let output = Command::new(BIN)
            .arg("--data-dir")
            .arg(dir.path().join("store"))
            .args(["ask", "--locale", locale, ORG_ADD])
            .env_remove("DISCORD_TOKEN")
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(2), "{out}");
        assert!(out.ends_with(&format!("\n\n{hint}\n")), "{out}");
    }
}

/// The tester's finding 10c: `ask` runs no reminders, so an escalation without a route says the
/// next console on the store prints the notice, not that nobody was notified.
#[test]
fn ask_says_where_an_unrouted_notice_goes() {
    let dir = tempfile::tempdir().unwrap();
    let ask = |role: &str, line: &str| {
        let output = Command::new(BIN)
            .arg("--data-dir")
            .arg(dir.path().join("store"))
            .args(["ask", "--as", role, line])
            .env_remove("DISCORD_TOKEN")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{line}: {output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    ask(
        "admin",
        "/org add name:Acme plan:business region:emea products:aem",
    );
    ask(
        "agent",
        "/case file org:acme product:aem priority:p3 title:\"Login fails\"",
    );
    let out = ask("agent", "/case escalate id:1 reason:urgent");
    assert!(
        out.contains("CASE-000001 escalated. No reminder channel is set for its region, so the notice prints the next time the console (supportbot) or supportbot run --no-chat runs on this store"),
        "{out}"
    );
    assert!(!out.contains("nobody was notified"), "{out}");
}
