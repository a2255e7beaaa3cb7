//! A mistyped command, option or choice gets one suggestion first, in the asker's language, then
//! the list of what is valid; no suggestion where the guess would be ambiguous or far off.

mod common;

use common::{ask, engine};
use supportbot::engine::Outcome;

fn first_line(locale: &str, line: &str) -> String {
    let reply = ask(&engine(), locale, line);
    assert_eq!(reply.outcome, Outcome::BadInput, "{line}");
    reply.text.lines().next().unwrap_or_default().to_owned()
}

#[test]
fn near_misses_get_one_suggestion_in_three_languages() {
    for (line, suggestion) in [
        ("/hour region:japan", "`/hours`"),
        ("/entitlement plan:business", "`/entitlements`"),
        ("/hours regoin:japan", "`region:`"),
        (
            "/due plan:busines priority:p2 region:emea",
            "`plan:business`",
        ),
        (
            "/due plan:business priority:p2 region:japn",
            "`region:japan`",
        ),
        ("/case fil", "`/case file`"),
    ] {
        assert_eq!(
            first_line("en-US", line),
            format!("Did you mean {suggestion}?")
        );
        assert_eq!(
            first_line("zh-TW", line),
            format!("您是不是要輸入 {suggestion}？")
        );
        assert_eq!(
            first_line("ja", line),
            format!("もしかして {suggestion} ですか？")
        );
    }
}

#[test]
fn the_list_of_valid_names_follows_the_suggestion() {
    let reply = ask(&engine(), "en-US", "/hours regoin:japan");
    assert_eq!(
        reply.text,
        "Did you mean `region:`?\n/hours has no option `regoin`. Its options are: region, timezone, date, until."
    );
}

#[test]
fn no_suggestion_when_ambiguous_or_far() {
    for line in [
        // p5 is one edit from each of p1–p4.
        "/due plan:business priority:p5 region:emea",
        "/weather",
        "/hours zone:Asia/Tokyo",
        "/due plan:platinum priority:p2 region:emea",
    ] {
        let first = first_line("en-US", line);
        assert!(!first.starts_with("Did you mean"), "{line}: {first}");
    }
}
