//! Text a person typed (a case title, a note, an organisation's name), held as its own type from
//! parsing to rendering. Replies carry it marked, and only a renderer turns it into output:
//! escaped for Discord's markdown, plain in a terminal. Nothing else may interpret it, so a title
//! can never format, link, mention or add a line to the reply it appears in.

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// Opens and closes user text inside a reply's strings. Both are Unicode format characters
/// (interlinear annotation anchor and terminator), which user text may never contain, so the
/// marks are unambiguous.
pub const OPEN: char = '\u{FFF9}';
pub const CLOSE: char = '\u{FFFB}';

/// Characters refused in user text: controls (Cc), invisible format characters such as
/// direction overrides and zero-width spaces (Cf), private-use characters (Co), and the line and
/// paragraph separators that break a line where none is meant (Zl, Zp).
static FORBIDDEN: LazyLock<Regex> = LazyLock::new(|| {
    // A fixed pattern: compiling it cannot fail.
    Regex::new(r"[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}]").unwrap_or_else(|_| unreachable!())
});

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadText {
    #[error("the text is empty")]
    Empty,
    #[error("the text contains {}", char_name(*.0))]
    Char(char),
}

/// `U+202E`: how an error names a character the reader may not be able to see.
pub fn char_name(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// The first character `text` may not contain; line breaks and tabs only when `lines` allows
/// several lines.
pub fn forbidden_char(text: &str, lines: bool) -> Option<char> {
    FORBIDDEN
        .find_iter(text)
        .filter_map(|m| m.as_str().chars().next())
        .find(|&c| !(lines && matches!(c, '\n' | '\t')))
}

/// Text from a user, checked: not blank, trimmed, no forbidden character.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UserText(String);

impl UserText {
    /// Text of one line: a title, a name.
    pub fn line(text: &str) -> Result<UserText, BadText> {
        UserText::checked(text, false)
    }

    /// Text that may have several lines: a description, a note, a reason.
    pub fn lines(text: &str) -> Result<UserText, BadText> {
        UserText::checked(&text.replace("\r\n", "\n"), true)
    }

    fn checked(text: &str, lines: bool) -> Result<UserText, BadText> {
        if let Some(c) = forbidden_char(text, lines) {
            return Err(BadText::Char(c));
        }
        let text = text.trim();
        if text.is_empty() {
            return Err(BadText::Empty);
        }
        Ok(UserText(text.to_owned()))
    }

    /// The text as typed, for comparing, searching and storing; never for a reply.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text marked as user text, for a reply: the renderer escapes it.
    pub fn shown(&self) -> Shown<'_> {
        Shown(&self.0)
    }

    /// [`UserText::shown`] as a string, for a message argument.
    pub fn marked(&self) -> String {
        self.shown().to_string()
    }

    /// At most `max` characters, with an ellipsis when cut.
    pub fn shortened(&self, max: usize) -> UserText {
        if self.0.chars().count() <= max {
            return self.clone();
        }
        let mut out: String = self.0.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        UserText(out)
    }
}

impl TryFrom<String> for UserText {
    type Error = BadText;
    fn try_from(text: String) -> Result<UserText, BadText> {
        UserText::lines(&text)
    }
}

impl From<UserText> for String {
    fn from(text: UserText) -> String {
        text.0
    }
}

/// User text as a reply holds it: between [`OPEN`] and [`CLOSE`].
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{OPEN}{}{CLOSE}", self.0)
    }
}

/// A piece of a reply's string: the bot's own markup, or text a user typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Markup(&'a str),
    User(&'a str),
}

/// The pieces of a reply's string, in order. An unclosed mark runs to the end (the string was
/// cut); a stray closing mark is dropped.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(OPEN) {
            Some(start) => {
                push_markup(&mut out, &rest[..start]);
                let after = &rest[start + OPEN.len_utf8()..];
                let (user, next) = after.split_once(CLOSE).unwrap_or((after, ""));
                if !user.is_empty() {
                    out.push(Piece::User(user));
                }
                rest = next;
            }
            None => {
                push_markup(&mut out, rest);
                rest = "";
            }
        }
    }
    out
}

fn push_markup<'a>(out: &mut Vec<Piece<'a>>, markup: &'a str) {
    for part in markup.split(CLOSE).filter(|p| !p.is_empty()) {
        out.push(Piece::Markup(part));
    }
}

/// Whether `text` is one piece of user text and nothing else: then it owns its field, and its
/// line breaks are its own.
pub fn owns_whole(text: &str) -> bool {
    matches!(pieces(text).as_slice(), [Piece::User(_)])
}

/// User text on one line: a line break inside a line of the bot's would start a line the user
/// wrote (a forged row), so it is shown as `↵`.
pub fn one_line(user: &str) -> Cow<'_, str> {
    if user.contains(['\n', '\t']) {
        Cow::Owned(user.replace('\n', " ↵ ").replace('\t', " "))
    } else {
        Cow::Borrowed(user)
    }
}

/// The most characters `text` can take once rendered: a renderer may escape every character of
/// user text, and drops the marks.
pub fn rendered_chars_bound(text: &str) -> usize {
    pieces(text)
        .iter()
        .map(|piece| match piece {
            Piece::Markup(markup) => markup.chars().count(),
            // `↵` for a line break takes three characters; an escape two.
            Piece::User(user) => user.chars().map(|c| if c == '\n' { 3 } else { 2 }).sum(),
        })
        .sum()
}

/// `text` without the marks: what a reader of plain text sees.
pub fn unmarked(text: &str) -> String {
    text.chars().filter(|&c| c != OPEN && c != CLOSE).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_characters_and_controls_are_refused_by_name() {
        for (text, c) in [
            ("abc\u{202e}def", '\u{202e}'),
            ("zero\u{200b}width", '\u{200b}'),
            ("bell\u{7}", '\u{7}'),
            ("mark\u{fff9}", '\u{fff9}'),
            ("sep\u{2028}x", '\u{2028}'),
            ("private\u{e000}", '\u{e000}'),
        ] {
            assert_eq!(UserText::lines(text), Err(BadText::Char(c)), "{text:?}");
        }
        assert_eq!(UserText::line("two\nlines"), Err(BadText::Char('\n')));
        assert_eq!(
            UserText::lines("two\r\nlines").map(String::from),
            Ok("two\nlines".to_owned())
        );
        assert_eq!(UserText::line("  "), Err(BadText::Empty));
        assert_eq!(
            BadText::Char('\u{202e}').to_string(),
            "the text contains U+202E"
        );
        assert!(UserText::line("株式会社テスト 👍🏽").is_ok());
    }

    #[test]
    fn marked_text_splits_back_into_its_pieces() {
        let title = UserText::line("**bold**").unwrap();
        let reply = format!("`CASE-1` {} · due", title.shown());
        assert_eq!(
            pieces(&reply),
            vec![
                Piece::Markup("`CASE-1` "),
                Piece::User("**bold**"),
                Piece::Markup(" · due")
            ]
        );
        assert_eq!(unmarked(&reply), "`CASE-1` **bold** · due");
        let cut: String = reply.chars().take(12).collect();
        assert_eq!(
            pieces(&cut),
            vec![Piece::Markup("`CASE-1` "), Piece::User("**")]
        );
        assert!(owns_whole(&title.shown().to_string()));
        assert!(!owns_whole(&reply));
        assert_eq!(one_line("a\nb"), "a ↵ b");
    }
}
