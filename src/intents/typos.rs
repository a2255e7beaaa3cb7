//! Typo tolerance: keywords typed one letter off ("respnse", "エンタープライス") and words typed
//! for others (方按 for 方案), put right before a message is matched. The labelled questions
//! the second opinion learns from are read through the same corrections, so what it learned and
//! what it is asked are spelt alike.

use std::borrow::Cow;

use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};

/// Words shorter than this are never corrected: at one edit, "plan" and "phone" would be too
/// close to other words.
pub(super) const TYPO_MIN_CHARS: usize = 5;

/// The keywords of `data/intents.toml` (`typo-words`) and its `mistypings`, ready to correct.
pub(super) struct Typos {
    /// The ASCII keywords by length in bytes and first letter, and by length and last letter:
    /// a word one edit from a keyword is as long or one letter longer or shorter, and (both of
    /// three letters or more) keeps its first letter or its last, so only six short lists are
    /// measured against it.
    by_first: FxHashMap<(usize, u8), Vec<String>>,
    by_last: FxHashMap<(usize, u8), Vec<String>>,
    /// The katakana words of `typo_words`, as characters.
    kana_words: Vec<Vec<char>>,
    /// Words typed for others of the same reading (方按 for 方案) or said in a dialect (咩 for
    /// 什麼), found by one search (`None` without any), and the word meant for each.
    mistyped: Option<Regex>,
    mistypings: FxHashMap<String, String>,
    known_words: FxHashSet<String>,
}

impl Typos {
    /// `typo_words`: lower-case or katakana words of `TYPO_MIN_CHARS` letters or more (the
    /// caller checked); `mistyped` finds the keys of `mistypings`.
    pub(super) fn new(
        typo_words: Vec<String>,
        mistyped: Option<Regex>,
        mistypings: FxHashMap<String, String>,
    ) -> Typos {
        let known_words = typo_words.iter().cloned().collect();
        let mut by_first: FxHashMap<(usize, u8), Vec<String>> = FxHashMap::default();
        let mut by_last: FxHashMap<(usize, u8), Vec<String>> = FxHashMap::default();
        for word in typo_words.iter().filter(|w| w.is_ascii()) {
            let (Some(&first), Some(&last)) = (word.as_bytes().first(), word.as_bytes().last())
            else {
                continue;
            };
            by_first
                .entry((word.len(), first))
                .or_default()
                .push(word.clone());
            by_last
                .entry((word.len(), last))
                .or_default()
                .push(word.clone());
        }
        let kana_words = typo_words
            .iter()
            .filter(|w| w.chars().all(is_katakana))
            .map(|w| w.chars().collect())
            .collect();
        Typos {
            by_first,
            by_last,
            kana_words,
            mistyped,
            mistypings,
            known_words,
        }
    }

    /// `text` with each word of five letters or more that is one edit (a letter added, dropped,
    /// changed or two swapped) from exactly one keyword replaced by that keyword, and each of
    /// `mistypings` by the word meant.
    pub(super) fn correct(&self, text: &str) -> String {
        // Room for a few corrected words a letter longer than typed; more only reallocate.
        let mut corrected = String::with_capacity(text.len() + 8);
        for (i, token) in text.split(' ').enumerate() {
            if i > 0 {
                corrected.push(' ');
            }
            // Only a whole word of letters: "america/new_york" is a zone, not a misspelt region.
            match self.keyword_for(token) {
                Some(keyword) => corrected.push_str(keyword),
                None => corrected.push_str(&self.correct_kana(token)),
            }
        }
        let Some(mistyped) = &self.mistyped else {
            return corrected;
        };
        let replaced = mistyped.replace_all(&corrected, |caps: &regex::Captures<'_>| {
            let typed = caps.get(0).map_or("", |m| m.as_str());
            self.mistypings
                .get(typed)
                .map_or(typed, String::as_str)
                .to_owned()
        });
        // Most messages have no mistyping: the corrected text is returned, not copied.
        match replaced {
            Cow::Owned(replaced) => replaced,
            Cow::Borrowed(_) => corrected,
        }
    }

    /// `token` with the start of each run of katakana that is one edit from exactly one katakana
    /// keyword replaced by it ("エンタープライスで" → "エンタープライズで"). Japanese writes no
    /// spaces, so a keyword is looked for at the start of the run, one letter shorter, as long
    /// or one longer; a run that starts with a keyword or another listed word is left alone.
    fn correct_kana<'t>(&self, token: &'t str) -> Cow<'t, str> {
        if self.kana_words.is_empty() || !token.chars().any(is_katakana) {
            return Cow::Borrowed(token);
        }
        let chars: Vec<char> = token.chars().collect();
        let mut out = String::with_capacity(token.len());
        let mut changed = false;
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            if !is_katakana(c) {
                out.push(c);
                i += 1;
                continue;
            }
            let end = chars
                .iter()
                .skip(i)
                .position(|&c| !is_katakana(c))
                .map_or(chars.len(), |n| i + n);
            let run = chars.get(i..end).unwrap_or_default();
            match self.kana_keyword_for(run) {
                Some((keyword, replaced)) => {
                    changed = true;
                    out.extend(keyword);
                    out.extend(run.iter().skip(replaced));
                }
                None => out.extend(run),
            }
            i = end;
        }
        match changed {
            true => Cow::Owned(out),
            false => Cow::Borrowed(token),
        }
    }

    /// The katakana keyword one edit from the start of `run`, and how many of its letters it
    /// replaces, when exactly one keyword is.
    fn kana_keyword_for(&self, run: &[char]) -> Option<(&[char], usize)> {
        if run.len() + 1 < TYPO_MIN_CHARS {
            return None;
        }
        let starts_known = self
            .kana_words
            .iter()
            .any(|k| run.starts_with(k.as_slice()));
        if starts_known {
            return None;
        }
        let mut near = self.kana_words.iter().filter_map(|k| {
            // The keyword's own length first: "エンタープライス" is one letter changed, not
            // "エンタープライ" with a letter dropped.
            let lengths = [k.len(), k.len().saturating_sub(1), k.len() + 1];
            lengths.into_iter().find_map(|n| {
                let start = run.get(..n)?;
                let near =
                    n >= TYPO_MIN_CHARS && may_be_one_edit(k, start) && osa_chars(k, start) == 1;
                near.then_some((k.as_slice(), n))
            })
        });
        match (near.next(), near.next()) {
            (Some(found), None) => Some(found),
            _ => None,
        }
    }

    fn keyword_for<'a>(&'a self, word: &str) -> Option<&'a str> {
        let letters = word.chars().all(|c| c.is_ascii_lowercase());
        if !letters || word.len() < TYPO_MIN_CHARS || self.known_words.contains(word) {
            return None;
        }
        let (Some(&first), Some(&last)) = (word.as_bytes().first(), word.as_bytes().last()) else {
            return None;
        };
        // Keywords a letter shorter, as long, and a letter longer, that begin as the word does
        // or (each keyword once) end as it does.
        let lengths = word.len().saturating_sub(1)..=word.len().saturating_add(1);
        let listed = |by: &'a FxHashMap<(usize, u8), Vec<String>>, letter: u8| {
            lengths
                .clone()
                .filter_map(move |length| by.get(&(length, letter)))
                .flatten()
        };
        let mut near = listed(&self.by_first, first)
            .chain(listed(&self.by_last, last).filter(|k| !k.starts_with(char::from(first))))
            .filter(|k| {
                may_be_one_edit(k.as_bytes(), word.as_bytes()) && strsim::osa_distance(k, word) == 1
            });
        match (near.next(), near.next()) {
            (Some(keyword), None) => Some(keyword.as_str()),
            _ => None,
        }
    }
}

/// Whether words `a` and `b` (ASCII bytes or characters) can be one edit apart, without
/// allocating: of the same length they differ in one or two places (a letter changed, two
/// swapped); a letter longer, what they share at the start and at the end covers the shorter.
/// Most keywords fail this at once, and only the others are measured.
fn may_be_one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    match a.len().abs_diff(b.len()) {
        0 => (1..=2).contains(&a.iter().zip(b).filter(|(x, y)| x != y).count()),
        1 => {
            let shorter = a.len().min(b.len());
            let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
            let end = a
                .iter()
                .rev()
                .zip(b.iter().rev())
                .take_while(|(x, y)| x == y)
                .count();
            start + end >= shorter
        }
        _ => false,
    }
}

/// Katakana (with the long-vowel mark ー), the script of loanwords and foreign names.
pub(super) fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

/// The optimal-string-alignment distance between two words of characters.
fn osa_chars(a: &[char], b: &[char]) -> usize {
    strsim::osa_distance(&a.iter().collect::<String>(), &b.iter().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word a letter inserted, changed, dropped or two swapped makes of `keyword` (a
    /// letter changed to itself included).
    fn edits_of(keyword: &str) -> Vec<String> {
        let chars: Vec<char> = keyword.chars().collect();
        let mut edits: Vec<String> = Vec::new();
        for i in 0..=chars.len() {
            for c in 'a'..='z' {
                let mut inserted = chars.clone();
                inserted.insert(i, c);
                edits.push(inserted.into_iter().collect());
                if i < chars.len() {
                    let mut changed = chars.clone();
                    changed[i] = c;
                    edits.push(changed.into_iter().collect());
                }
            }
            if i < chars.len() {
                let mut dropped = chars.clone();
                dropped.remove(i);
                edits.push(dropped.into_iter().collect());
            }
            if i + 1 < chars.len() {
                let mut swapped = chars.clone();
                swapped.swap(i, i + 1);
                edits.push(swapped.into_iter().collect());
            }
        }
        edits
    }

    #[test]
    fn the_quick_check_passes_every_word_one_edit_from_a_keyword() {
        for keyword in ["support", "escalate", "phone", "weekends"] {
            for word in edits_of(keyword) {
                if strsim::osa_distance(keyword, &word) == 1 {
                    assert!(
                        may_be_one_edit(keyword.as_bytes(), word.as_bytes()),
                        "{keyword} {word}"
                    );
                }
            }
        }
        assert!(!may_be_one_edit(b"support", b"sport"));
        assert!(!may_be_one_edit(b"support", b"support"));
        let kana = |w: &str| w.chars().collect::<Vec<char>>();
        assert!(may_be_one_edit(
            &kana("エンタープライズ"),
            &kana("エンタープライス")
        ));
        assert!(!may_be_one_edit(
            &kana("エンタープライズ"),
            &kana("エスカレーション")
        ));
    }

    /// Every word of five letters one edit from a keyword, or two, or none: the lists by first
    /// and last letter find the keyword that measuring every keyword finds.
    #[test]
    fn a_word_is_measured_against_every_keyword_it_may_be_one_edit_from() {
        let keywords: Vec<String> = [
            "support",
            "sport",
            "escalate",
            "escalation",
            "phone",
            "weekends",
            "weekend",
            "response",
            "responses",
            "enterprise",
            "business",
            "hours",
            "holidays",
            "region",
            "regions",
            "priority",
            "tapes",
            "taped",
            "eapes",
        ]
        .map(str::to_owned)
        .to_vec();
        let typos = Typos::new(keywords.clone(), None, FxHashMap::default());
        let every = |word: &str| {
            if typos.known_words.contains(word) {
                return None;
            }
            let mut near = keywords
                .iter()
                .filter(|k| strsim::osa_distance(k, word) == 1);
            match (near.next(), near.next()) {
                (Some(keyword), None) => Some(keyword.as_str()),
                _ => None,
            }
        };
        let words: Vec<String> = keywords.iter().flat_map(|k| edits_of(k)).collect();
        let mut corrected = 0;
        for word in words.iter().filter(|w| w.len() >= TYPO_MIN_CHARS) {
            assert_eq!(typos.keyword_for(word), every(word), "{word}");
            corrected += usize::from(typos.keyword_for(word).is_some());
        }
        assert!(corrected > 1000, "{corrected}");
        assert_eq!(typos.keyword_for("tapes"), None);
        assert_eq!(typos.keyword_for("eapes"), None);
        assert_eq!(typos.keyword_for("tapez"), None);
    }
}
