//! Patterns tried together: which of them match a text, in one pass over it.

use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternID, meta};

use super::{DFA_CACHE, SIZE_LIMIT};

/// Patterns (already prepared) tried together, as every set of the matcher is: case-insensitive,
/// with room for the NFA and the lazy DFA cache. The same matches as `regex::RegexSet` of the
/// same patterns, without its prefilter: a set's first words ("how", "p", "support") are in
/// nearly every message, so searching for them first only added a pass (measured in
/// BENCHMARKS.md, "Fewer instructions a message").
pub(super) struct PatternSet(meta::Regex);

impl PatternSet {
    /// Errors: a pattern that does not parse, or a set whose NFA grows past `SIZE_LIMIT` bytes.
    pub(super) fn new<I, S>(patterns: I) -> Result<PatternSet, Box<meta::BuildError>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let patterns: Vec<S> = patterns.into_iter().collect();
        meta::Regex::builder()
            .syntax(syntax::Config::new().case_insensitive(true))
            .configure(
                meta::Config::new()
                    .match_kind(MatchKind::All)
                    .utf8_empty(true)
                    .which_captures(WhichCaptures::None)
                    .auto_prefilter(false)
                    .nfa_size_limit(Some(SIZE_LIMIT))
                    .hybrid_cache_capacity(DFA_CACHE),
            )
            .build_many(&patterns)
            .map(PatternSet)
            .map_err(Box::new)
    }

    /// Whether any pattern matches somewhere in `text`.
    pub(super) fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }

    /// Which patterns match somewhere in `text`.
    pub(super) fn matches(&self, text: &str) -> Matched {
        let mut matched = regex_automata::PatternSet::new(self.0.pattern_len());
        self.0
            .which_overlapping_matches(&Input::new(text), &mut matched);
        Matched(matched)
    }
}

/// The patterns of a set that matched, by index (in the order the set was given them).
pub(super) struct Matched(regex_automata::PatternSet);

impl Matched {
    pub(super) fn matched(&self, index: usize) -> bool {
        PatternID::new(index).is_ok_and(|id| self.0.contains(id))
    }

    pub(super) fn matched_any(&self) -> bool {
        !self.0.is_empty()
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().map(|id| id.as_usize())
    }
}
