//! Plain-language questions: a chat message in English, Traditional Chinese or Japanese that is
//! not a slash command, turned into the command that answers it ("what are your support hours in
//! Japan" → `/hours region:japan`). The patterns live in `data/intents.toml` and are compiled
//! once; nothing here decides an answer, the engine does, with the same rules as the command.
//!
//! A message is read in steps: small talk, links, code and slash commands are not questions; the
//! rest is normalized (`normalize`), keywords typed one letter off are corrected, the first
//! intent with a matching pattern is chosen, and option values are found anywhere in the text.

mod learned;
mod normalize;
mod set;
mod typos;
mod when;

use std::borrow::{Borrow, Cow};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, LazyLock, OnceLock};

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use regex::{Regex, RegexBuilder};
use regex_automata::{Input, PatternID, meta, util::syntax};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::cmd::{self, OptionKind};
use crate::domain::case::CaseId;
use crate::domain::catalog::CatalogFiles;
use crate::domain::coverage::MAX_DAYS_AFTER;
use crate::i18n::{Language, Localized};

pub use normalize::normalize;
use typos::{TYPO_MIN_CHARS, Typos, is_katakana};

/// The file in the catalog directory.
pub const FILE: &str = "intents.toml";

use set::{Matched, PatternSet};

/// How large a compiled pattern or set may grow, in bytes.
const SIZE_LIMIT: usize = 64 << 20;

/// The lazy DFA cache of each regex: large enough that matching the three scripts does not keep
/// clearing it (each message would then fall back to a slower engine).
const DFA_CACHE: usize = 8 << 20;

/// The slot of the zone a question asks times to be shown in: no command's option.
const SHOWN_IN: &str = "shown-in";
/// The `at` slot of a case filed as the message is written ("just now"): it satisfies an
/// answer that needs a filing instant, and gives no option, since the command takes now then.
const NOW: &str = "now";
/// The `at` slot again, filled only when a time of day was said ("christmas eve at 11am", not
/// "christmas eve"): for an answer that is a deadline only then.
const TIMED: &str = "at-time";

/// Messages shorter than this (in characters) are never questions.
const MIN_QUESTION_CHARS: usize = 3;

/// The score an intent needs to be chosen by its cue words: two of its cues, or one and a word
/// of `cue-context` (or a plan or priority named). One word alone ("night" in "who won the game
/// last night") says too little.
const MIN_CUE_SCORE: usize = 2;

/// The shortest Japanese match, in Han characters, that makes a Han-only question Japanese.
const MIN_JAPANESE_HAN: usize = 2;

/// A question placed: the command and options that answer it, and the language it was asked in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub command: String,
    pub options: Vec<(String, String)>,
    /// Chinese or Japanese when the question is clearly written so; otherwise English, which a
    /// transport replaces with the asker's locale.
    pub language: Language,
    /// The zone the question asks to see times in ("in Paris time", "in JST", 日本時間で): how
    /// to show the answer's instants, not the customer's calendar zone (`timezone:`) [D].
    pub shown_in: Option<Tz>,
}

impl Question {
    /// The slash command as a person would type it: `/slo plan:business priority:p2`.
    pub fn line(&self) -> String {
        let mut line = format!("/{}", self.command);
        for (name, value) in &self.options {
            if value.contains(' ') {
                line.push_str(&format!(" {name}:\"{value}\""));
            } else {
                line.push_str(&format!(" {name}:{value}"));
            }
        }
        line
    }
}

/// How a chat message reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Not a question to the bot: a slash command, a few characters, small talk, a link or code.
    Ignored,
    /// A question the bot answers with a command.
    Question(Question),
    /// A question the bot cannot place; answered with suggestions in this language.
    Unplaced(Language),
}

/// The sentences only chat transports say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatText {
    /// A question no intent matched: what the bot can answer, with examples.
    Unplaced,
    /// A private answer asked for in a public channel: use `{command}` instead.
    Private,
    ButtonRespond,
    ButtonShow,
    /// The button under a private answer's pointer that gives the answer, privately, to whoever
    /// clicks it, with its times in the zone the question asked for.
    ButtonAnswer,
}

#[derive(Debug, thiserror::Error)]
pub enum IntentsError {
    #[error(transparent)]
    Catalog(#[from] crate::domain::catalog::CatalogError),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Toml { path: PathBuf, message: String },
    #[error("{path}: {place}: {message}")]
    Invalid {
        path: PathBuf,
        place: String,
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    #[serde(default)]
    not_questions: Vec<String>,
    #[serde(default)]
    typo_words: Vec<String>,
    #[serde(default)]
    mistypings: Vec<(String, String)>,
    #[serde(default)]
    unanswerable: Vec<String>,
    #[serde(default)]
    statements: Vec<String>,
    #[serde(default)]
    asks: Vec<String>,
    #[serde(default)]
    language_words: LanguageWords,
    #[serde(default)]
    cue_context: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    moved_from: Vec<String>,
    #[serde(default)]
    compared: Vec<String>,
    texts: Texts,
    values: HashMap<String, HashMap<String, Vec<String>>>,
    #[serde(default)]
    zones: HashMap<String, Vec<String>>,
    #[serde(default)]
    capture: HashMap<String, Vec<String>>,
    #[serde(default)]
    city_time: Vec<String>,
    #[serde(default)]
    city: Vec<CityFile>,
    when: Option<when::WhenFile>,
    #[serde(default)]
    feature: Vec<FeatureFile>,
    #[serde(default)]
    product: Vec<ProductFile>,
    intent: Vec<IntentFile>,
    learned: Option<LearnedFile>,
}

/// Where the labelled questions are, which intent answers each command they are labelled with,
/// and how sure the second opinion must be to place a message (`Intents::second_opinion`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct LearnedFile {
    examples: String,
    min_margin: f64,
    min_margin_unplaced: f64,
    /// A catalog without it always asks the second opinion, as before it existed.
    #[serde(default = "never_trusted")]
    trusted_options: usize,
    intents: HashMap<String, String>,
}

fn never_trusted() -> usize {
    usize::MAX
}

/// Words written in only one of Chinese and Japanese, for text in Han characters without kana.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LanguageWords {
    #[serde(default, rename = "zh-TW")]
    zh_tw: Vec<String>,
    #[serde(default)]
    ja: Vec<String>,
}

/// A product of `products.toml` and the words that name it in any of the three languages.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductFile {
    id: String,
    names: Vec<String>,
}

/// The products of `products.toml`: only their ids.
#[derive(Deserialize)]
struct CatalogProducts {
    #[serde(default)]
    product: Vec<CatalogProduct>,
}

#[derive(Deserialize)]
struct CatalogProduct {
    id: String,
}

/// Where the products the pages name are listed in the catalog directory.
const PRODUCTS_FILE: &str = "products.toml";

/// A feature of a plan's page (`features.toml`) and the names customers give it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FeatureFile {
    id: String,
    #[serde(default)]
    en: Vec<String>,
    #[serde(default, rename = "zh-TW")]
    zh_tw: Vec<String>,
    #[serde(default)]
    ja: Vec<String>,
}

/// The features of `features.toml`: only which plan's page describes each.
#[derive(Deserialize)]
struct CatalogFeatures {
    #[serde(default)]
    feature: Vec<CatalogFeature>,
}

#[derive(Deserialize)]
struct CatalogFeature {
    id: String,
    plan: String,
}

/// Where features are described in the catalog directory.
const FEATURES_FILE: &str = "features.toml";

/// Where each region's zone is, in the catalog directory.
const REGIONS_FILE: &str = "regions.toml";

#[derive(Deserialize)]
struct CatalogRegions {
    #[serde(default)]
    region: Vec<CatalogRegion>,
}

#[derive(Deserialize)]
struct CatalogRegion {
    id: String,
    timezone: String,
}

/// Cities in one time zone and region.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CityFile {
    zone: String,
    region: String,
    names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Texts {
    unplaced: Localized,
    private: Localized,
    button_respond: Localized,
    button_show: Localized,
    button_answer: Localized,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IntentFile {
    name: String,
    #[serde(default)]
    en: Vec<String>,
    #[serde(default, rename = "zh-TW")]
    zh_tw: Vec<String>,
    #[serde(default)]
    ja: Vec<String>,
    #[serde(default)]
    unless: Vec<String>,
    answers: Vec<AnswerFile>,
    /// Words that point to this intent without deciding it: read only when no intent's
    /// patterns match (`Intents::by_cues`).
    #[serde(default)]
    cues: Option<CuesFile>,
}

/// An intent's cue words in each language.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CuesFile {
    #[serde(default)]
    en: Vec<String>,
    #[serde(default, rename = "zh-TW")]
    zh_tw: Vec<String>,
    #[serde(default)]
    ja: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerFile {
    command: String,
    #[serde(default)]
    needs: Vec<String>,
    #[serde(default)]
    takes: Vec<String>,
}

struct Intent {
    /// Its patterns in every language, tried together.
    patterns: PatternSet,
    /// The same patterns one by one, to measure a match when the language is in doubt.
    singles: Vec<OnDemand>,
    /// The language of each pattern.
    languages: Vec<Language>,
    /// A message matching one of these is not this intent's, whatever else it says.
    unless: PatternSet,
    answers: Vec<Answer>,
    /// The slots its answers need or take: only those are read from a message placed here.
    slots: FxHashSet<String>,
}

struct Answer {
    command: &'static str,
    /// Each `(option, slot)`: written `plan=feature` when the option is filled from another
    /// slot, else just the slot, which names its option.
    needs: Vec<(String, String)>,
    takes: Vec<(String, String)>,
}

impl Answer {
    /// Whether it answers about a feature or a case the message names: the patterns that
    /// found the name decide such a message, not the second opinion.
    fn rests_on_a_name(&self) -> bool {
        self.needs
            .iter()
            .any(|(_, slot)| matches!(slot.as_str(), "feature" | "id"))
    }

    /// The options of its command that `found` fills, each with its value, as the command is
    /// given them.
    fn options<'a>(
        &'a self,
        found: &'a FxHashMap<&str, String>,
    ) -> impl Iterator<Item = (&'a String, &'a String)> {
        self.needs
            .iter()
            .chain(&self.takes)
            .filter_map(|(option, slot)| {
                found
                    .get(slot.as_str())
                    // Filed as the message is written: the command's own default.
                    .filter(|v| !(option == "at" && v.as_str() == NOW))
                    .map(|v| (option, v))
            })
    }
}

/// Values, each with the pattern that names it, matched together: one pass over a message says
/// which values it names; where each is named is searched for only where that decides
/// something (most messages name none or one).
struct Named {
    set: PatternSet,
    each: Vec<(String, Regex)>,
    /// The same patterns in one leftmost-first search: the value named first, in one pass that
    /// stops there.
    earliest: meta::Regex,
}

impl Named {
    fn new(mut each: Vec<(String, Regex)>) -> Result<Named, String> {
        // Of two names that start at the same place, the value first in name order, as `all`
        // sorts them: the search prefers the pattern listed first.
        each.sort_by(|(a, _), (b, _)| a.cmp(b));
        // The patterns are already prepared (`\b` made ASCII) by `build`.
        let patterns: Vec<&str> = each.iter().map(|(_, r)| r.as_str()).collect();
        let set = PatternSet::new(&patterns).map_err(|e| e.to_string())?;
        let earliest = meta::Regex::builder()
            .syntax(syntax::Config::new().case_insensitive(true))
            .configure(
                meta::Config::new()
                    .nfa_size_limit(Some(64 << 20))
                    .hybrid_cache_capacity(DFA_CACHE),
            )
            .build_many(&patterns)
            .map_err(|e| e.to_string())?;
        Ok(Named {
            set,
            each,
            earliest,
        })
    }

    /// Each value whose pattern matches `text`, with its pattern: only these are searched.
    fn matching<'a>(&'a self, text: &str) -> impl Iterator<Item = (&'a str, &'a Regex)> + 'a {
        matched_in(&self.set, &self.each, text).map(|(value, r)| (value.as_str(), r))
    }

    /// Each value named in `text`, with where its first word starts, in order of position.
    fn all<'a>(&'a self, text: &str) -> Vec<(std::ops::Range<usize>, &'a str)> {
        Named::located(self.matching(text), text)
    }

    /// Where in `text` each of the values `matching` it (as `matching` gives them) is first
    /// named, in order of position.
    fn located<'a>(
        matching: impl IntoIterator<Item = (&'a str, &'a Regex)>,
        text: &str,
    ) -> Vec<(std::ops::Range<usize>, &'a str)> {
        let mut hits: Vec<_> = matching
            .into_iter()
            .filter_map(|(value, r)| r.find(text).map(|m| (m.range(), value)))
            .collect();
        hits.sort_by_key(|(range, value)| (range.start, *value));
        hits
    }

    /// The value named first in `text`. The forward search alone says which name that is:
    /// only where its words start would take a second search, backwards.
    fn first<'a>(&'a self, text: &str) -> Option<&'a str> {
        let found = self.earliest.search_half(&Input::new(text))?;
        self.value_of(found.pattern())
    }

    /// The value named first in `text`, and the words that name it.
    fn first_located<'a>(&'a self, text: &str) -> Option<(std::ops::Range<usize>, &'a str)> {
        let found = self.earliest.find(text)?;
        Some((found.range(), self.value_of(found.pattern())?))
    }

    /// The value whose pattern is `pattern` of `earliest`.
    fn value_of(&self, pattern: PatternID) -> Option<&str> {
        let (value, _) = self.each.get(pattern.as_usize())?;
        Some(value.as_str())
    }
}

/// The items of `each` (one per pattern of `set`, in order) whose pattern matches `text`.
fn matched_in<'a, T>(
    set: &PatternSet,
    each: &'a [T],
    text: &str,
) -> impl Iterator<Item = &'a T> + 'a {
    matched_among(each.iter(), 0, set.matches(text))
}

/// The items of `list`, one per pattern of a set from its pattern `at` on (a pattern, or a
/// pattern with what it stands for), whose pattern `matched` holds: only those are searched.
fn matched_among<'p, T>(
    list: impl Iterator<Item = T> + 'p,
    at: usize,
    matched: impl Borrow<Matched> + 'p,
) -> impl Iterator<Item = T> + 'p {
    list.enumerate()
        .filter(move |(i, _)| matched.borrow().matched(at + i))
        .map(|(_, item)| item)
}

/// Patterns searched one by one where their set matched: a slot's capture patterns, tried in
/// order, or `moved-from`'s, each searched.
struct Patterns {
    /// All of them in one set: most messages match none, and one pass says so.
    any: PatternSet,
    /// The same patterns, in the set's order.
    each: Vec<Regex>,
}

impl Patterns {
    /// The patterns that match `text`, in order: only these can capture a value or place a
    /// plan the asker left.
    fn matching<'a>(&'a self, text: &str) -> impl Iterator<Item = &'a Regex> + 'a {
        matched_in(&self.any, &self.each, text)
    }
}

/// Every intent's cue words in one set, each with its intent (an index of `Intents::intents`)
/// and language: one pass over a message no pattern placed counts the cues of every intent.
struct Cues {
    set: PatternSet,
    singles: Vec<OnDemand>,
    owners: Vec<(usize, Language)>,
    /// Words that say a message is about support at all (as a plan or a priority named does):
    /// one more point for the intent that leads.
    context: PatternSet,
}

/// The second opinion: what the labelled questions teach, and when it overrules the patterns.
struct SecondOpinion {
    /// The catalog directory of the labelled questions (`questions`).
    examples: String,
    /// How far the learned class must lead the class answering the patterns' command to
    /// overrule it.
    min_margin: f64,
    /// How far it must lead the next class to place a message no pattern placed, and to
    /// overrule one a pattern placed.
    min_margin_unplaced: f64,
    /// How many options of its command a pattern's answer takes from the message for it to be
    /// kept without a second opinion.
    trusted_options: usize,
    /// The intent (an index of `Intents::intents`) that answers each command a question is
    /// labelled with (`support urgent`, `hours`). The learned classes are the intents' indexes,
    /// and one more for questions the bot leaves unplaced.
    by_command: HashMap<String, usize>,
    learned: learned::Training,
}

/// The compiled patterns of `data/intents.toml`.
pub struct Intents {
    not_questions: PatternSet,
    typos: Arc<Typos>,
    /// Questions no command answers whatever words they share with an intent (the asker's own
    /// billing): unplaced.
    unanswerable: PatternSet,
    /// Messages that tell rather than ask ("our p1 got fixed, thanks all"): a chat channel
    /// leaves them alone.
    statements: PatternSet,
    /// Words that ask ("when", "are you", 嗎, ですか): a message with one is no statement.
    asks: PatternSet,
    /// Words only Chinese (`.0`) or only Japanese (`.1`) writes, for Han text without kana.
    language_words: (PatternSet, PatternSet),
    ignore: Option<Regex>,
    /// Where a plan is named as the one the asker left ("from Online to Business"): the plan
    /// asked about is another.
    moved_from: Patterns,
    /// Words that ask about two plans or more together ("business vs elite", 業務跟企業): then
    /// no single plan is the one asked about.
    compared: PatternSet,
    texts: Texts,
    /// Per option (`plan`, `priority`, `region`): each value with the words that name it.
    values: Vec<(String, Named)>,
    zones: Named,
    /// Each city's zone and the words that name it (its region is among `values`).
    cities: Named,
    /// Each feature's plan (the page that describes it) and the words that name it.
    features: Named,
    /// Each product's id and the words that name it.
    products: Named,
    capture: Vec<(String, Patterns)>,
    when: Option<when::When>,
    /// Each region's zone, by id: "tomorrow" asked of a region is that region's tomorrow.
    region_zones: HashMap<String, Tz>,
    intents: Vec<Intent>,
    cues: Cues,
    second_opinion: Option<SecondOpinion>,
}

/// The command of a labelled question's line, without its options (`/case show id:CASE-000042`
/// → `case show`); `None` when the line is no command.
fn command_path(line: &str) -> Option<String> {
    let words: Vec<&str> = line
        .strip_prefix('/')?
        .split(' ')
        .take_while(|word| !word.contains(':'))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The option a slot fills, and the kind the command must read it as.
fn slot_kind(slot: &str) -> Option<OptionKind> {
    match slot {
        "plan" => Some(OptionKind::Plan),
        "plans" => Some(OptionKind::Plans),
        "priority" => Some(OptionKind::Priority),
        "region" => Some(OptionKind::Region),
        "id" => Some(OptionKind::CaseId),
        "at" | TIMED => Some(OptionKind::Instant),
        // The day a question names, for answers about a whole day (`/hours date:`).
        "date" => Some(OptionKind::Date),
        // The last of several days named, for answers about the stretch (`/hours until:`).
        "until" => Some(OptionKind::Date),
        "timezone" | SHOWN_IN => Some(OptionKind::Timezone),
        "feature" => Some(OptionKind::Plan),
        "product" => Some(OptionKind::Product),
        _ => None,
    }
}

static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    // A fixed pattern: compiling it cannot fail.
    Regex::new(r"<(?:@[!&]?|#)\d+>").unwrap_or_else(|_| unreachable!())
});

/// A pattern of the file as the matcher reads it: case-insensitive, and `\b` an ASCII word
/// boundary, so a digit or Latin letter next to a CJK character is at a boundary ("P1の").
fn prepare(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str(r"(?-u:\b)"),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A pattern of a set on its own, compiled the first time a match of it must be measured: most
/// are only ever tried in their set, and compiling each of them at start-up took as long as
/// the sets did.
struct OnDemand {
    pattern: String,
    regex: OnceLock<Option<Regex>>,
}

impl OnDemand {
    fn new(pattern: &str) -> OnDemand {
        OnDemand {
            pattern: pattern.to_owned(),
            regex: OnceLock::new(),
        }
    }

    /// `None` only if the pattern does not compile alone, which its set, built from the same
    /// text, already ruled out at load.
    fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| build(&self.pattern).ok())
            .as_ref()
    }
}

fn build(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&prepare(pattern))
        .case_insensitive(true)
        // As large as a set's: a pattern its set took must compile alone (`OnDemand`).
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(DFA_CACHE)
        .build()
}

impl Intents {
    /// Reads `intents.toml` from the catalog directory.
    pub fn load(catalog_dir: &Path) -> Result<Intents, IntentsError> {
        Intents::load_from(&CatalogFiles::Dir(catalog_dir.to_owned()))
    }

    /// Reads `intents.toml` from a catalog directory or the built-in catalog, and learns from
    /// the labelled questions `[learned]` names.
    pub fn load_from(files: &CatalogFiles) -> Result<Intents, IntentsError> {
        Intents::load_learning(files, |_| true)
    }

    /// As `load`, learning from every file of labelled questions but `left_out` (its name in
    /// their directory, `heldout32.tsv`): how the second opinion does on questions it never saw.
    pub fn load_leaving_out(catalog_dir: &Path, left_out: &str) -> Result<Intents, IntentsError> {
        Intents::load_learning(&CatalogFiles::Dir(catalog_dir.to_owned()), |name| {
            name != left_out
        })
    }

    fn load_learning(
        files: &CatalogFiles,
        learn_from: impl Fn(&str) -> bool,
    ) -> Result<Intents, IntentsError> {
        // The option values it names are the catalog's plans and regions.
        crate::domain::catalog::declare_ids(files)?;
        let read = |name: &str| {
            files.read(name).map_err(|source| IntentsError::Read {
                path: files.path(name),
                source,
            })
        };
        let features_path = files.path(FEATURES_FILE);
        let features: CatalogFeatures =
            toml::from_str(&read(FEATURES_FILE)?).map_err(|e| IntentsError::Toml {
                path: features_path,
                message: e.to_string(),
            })?;
        let feature_plans = features
            .feature
            .into_iter()
            .map(|f| (f.id, f.plan))
            .collect();
        let products_path = files.path(PRODUCTS_FILE);
        let products: CatalogProducts =
            toml::from_str(&read(PRODUCTS_FILE)?).map_err(|e| IntentsError::Toml {
                path: products_path,
                message: e.to_string(),
            })?;
        let product_ids: Vec<String> = products.product.into_iter().map(|p| p.id).collect();
        let regions_path = files.path(REGIONS_FILE);
        let regions: CatalogRegions =
            toml::from_str(&read(REGIONS_FILE)?).map_err(|e| IntentsError::Toml {
                path: regions_path.clone(),
                message: e.to_string(),
            })?;
        let mut region_zones = HashMap::new();
        for region in regions.region {
            let zone = Tz::from_str(&region.timezone).map_err(|_| IntentsError::Invalid {
                path: regions_path.clone(),
                place: format!("region {}", region.id),
                message: format!("{:?} is not an IANA time zone", region.timezone),
            })?;
            region_zones.insert(region.id, zone);
        }
        let mut intents = Intents::parse(
            &read(FILE)?,
            &files.path(FILE),
            &feature_plans,
            &product_ids,
        )?;
        intents.region_zones = region_zones;
        intents.learn(files, learn_from)?;
        Ok(intents)
    }

    /// Gives the second opinion the `.tsv` files of its examples directory whose names
    /// `learn_from` accepts, to train on when first needed: each line is a language, the
    /// command line the question maps to (`-` for none) and the question, read as messages are.
    /// A line that is none of these is refused now, not when the model trains.
    fn learn(
        &mut self,
        files: &CatalogFiles,
        learn_from: impl Fn(&str) -> bool,
    ) -> Result<(), IntentsError> {
        let Some(opinion) = &self.second_opinion else {
            return Ok(());
        };
        let directory = opinion.examples.as_str();
        let names = files.list(directory).map_err(|source| IntentsError::Read {
            path: files.path(directory),
            source,
        })?;
        let unplaced = self.intents.len();
        let mut examples = Vec::new();
        for name in names {
            let file_name = name.rsplit('/').next().unwrap_or(&name);
            if !name.ends_with(".tsv") || !learn_from(file_name) {
                continue;
            }
            let text = files.read(&name).map_err(|source| IntentsError::Read {
                path: files.path(&name),
                source,
            })?;
            for (number, line) in text.lines().enumerate() {
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let invalid = |message: String| IntentsError::Invalid {
                    path: files.path(&name),
                    place: format!("line {}", number.saturating_add(1)),
                    message,
                };
                let mut columns = line.splitn(3, '\t');
                let (Some(_), Some(command), Some(question)) =
                    (columns.next(), columns.next(), columns.next())
                else {
                    return Err(invalid("not three tab-separated columns".into()));
                };
                let class = match command.trim() {
                    "-" => unplaced,
                    line => {
                        let Some(path) = command_path(line) else {
                            return Err(invalid(format!("{line:?} is neither `-` nor a command")));
                        };
                        *opinion.by_command.get(&path).ok_or_else(|| {
                            invalid(format!("learned.intents names no intent for /{path}"))
                        })?
                    }
                };
                examples.push((class, question.trim().to_owned()));
            }
        }
        // Read as messages are: normalized and corrected.
        let typos = self.typos.clone();
        let train = move || {
            let examples: Vec<(usize, String)> = examples
                .into_iter()
                .map(|(class, question)| (class, typos.correct(&normalize(&question))))
                .collect();
            learned::Learned::train(
                unplaced.saturating_add(1),
                examples.iter().map(|(class, text)| (*class, text.as_str())),
            )
        };
        if let Some(opinion) = self.second_opinion.as_mut() {
            opinion.learned = learned::Training::new(train);
        }
        Ok(())
    }

    /// Trains the second opinion unless it has learned already, and returns once it has; a
    /// message read first waits for the same training. Blocks for as long as training takes:
    /// call it off an async runtime's threads, at start-up, so the first question need not wait.
    pub fn learn_now(&self) {
        if let Some(opinion) = &self.second_opinion {
            opinion.learned.learned();
        }
    }

    /// Whether reading a message can no longer wait for training (`learn_now`).
    pub fn has_learned(&self) -> bool {
        self.second_opinion
            .as_ref()
            .is_none_or(|opinion| opinion.learned.is_trained())
    }

    /// Compiles the file's text; `path` only names it in errors. `feature_plans` is the plan
    /// of each feature of the catalog, by id; `product_ids` the catalog's products.
    pub fn parse(
        text: &str,
        path: &Path,
        feature_plans: &HashMap<String, String>,
        product_ids: &[String],
    ) -> Result<Intents, IntentsError> {
        let file: File = toml::from_str(text).map_err(|e| IntentsError::Toml {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        let invalid = |place: String, message: String| IntentsError::Invalid {
            path: path.to_owned(),
            place,
            message,
        };
        let compile = |place: &str, pattern: &str| {
            build(pattern)
                .map_err(|e| invalid(place.to_owned(), format!("pattern {pattern:?}: {e}")))
        };
        // One regex for several patterns: the leftmost match of any of them.
        // Each pattern is parsed alone first: `(?:a` and `b)` are each refused, joined they
        // would make a group. Parsing is cheap; compiling each alone would double the cost.
        let union = |place: &str, patterns: &[String]| {
            for p in patterns {
                syntax::parse(&prepare(p))
                    .map_err(|e| invalid(place.to_owned(), format!("pattern {p:?}: {e}")))?;
            }
            let joined: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
            compile(place, &joined.join("|"))
        };
        // A set that does not compile is refused naming the pattern at fault and its place
        // (`places`, one per pattern or one for all), else the set's: only then is each
        // pattern compiled on its own.
        let set_naming = |set_place: &str, places: &[String], patterns: Vec<String>| {
            PatternSet::new(patterns.iter().map(|p| prepare(p))).map_err(|error| {
                patterns
                    .iter()
                    .zip(places.iter().cycle())
                    .find_map(|(p, place)| compile(place, p).err())
                    .unwrap_or_else(|| invalid(set_place.to_owned(), error.to_string()))
            })
        };
        let set =
            |place: &str, patterns: Vec<String>| set_naming(place, &[place.to_owned()], patterns);
        // Patterns searched one by one where their set matched: each compiled, and the set.
        let patterns = |place: &str, patterns: Vec<String>| {
            Ok::<_, IntentsError>(Patterns {
                each: patterns
                    .iter()
                    .map(|p| compile(place, p))
                    .collect::<Result<Vec<_>, _>>()?,
                any: set(place, patterns)?,
            })
        };
        for (key, text) in [
            ("unplaced", &file.texts.unplaced),
            ("private", &file.texts.private),
            ("button-respond", &file.texts.button_respond),
            ("button-show", &file.texts.button_show),
            ("button-answer", &file.texts.button_answer),
        ] {
            if let Some(language) = text.blank_language() {
                return Err(invalid(
                    format!("texts.{key}"),
                    format!("no {language} text"),
                ));
            }
        }
        let not_questions = set("not-questions", file.not_questions)?;
        for word in &file.typo_words {
            let fits = word.chars().count() >= TYPO_MIN_CHARS
                && (word.chars().all(|c| c.is_ascii_lowercase()) || word.chars().all(is_katakana));
            if !fits {
                return Err(invalid(
                    "typo-words".into(),
                    format!(
                        "{word:?} is not a lower-case or katakana word of {TYPO_MIN_CHARS} letters or more"
                    ),
                ));
            }
        }
        let unanswerable = set("unanswerable", file.unanswerable)?;
        let statements = set("statements", file.statements)?;
        let asks = set("asks", file.asks)?;
        let language_words = (
            set("language-words.zh-TW", file.language_words.zh_tw)?,
            set("language-words.ja", file.language_words.ja)?,
        );
        // One search for every word to remove: most messages have none.
        let ignore = match file.ignore.is_empty() {
            true => None,
            false => Some(union("ignore", &file.ignore)?),
        };
        let mut named_values = file.values;
        let mut cities = Vec::new();
        let mut city_zones = Vec::new();
        for (i, city) in file.city.iter().enumerate() {
            let place = format!("city {} ({})", i + 1, city.zone);
            if Tz::from_str(&city.zone).is_err() {
                return Err(invalid(place, "not an IANA time zone".into()));
            }
            if !OptionKind::Region
                .choices()
                .is_some_and(|c| c.contains(&city.region.as_str()))
            {
                return Err(invalid(place, format!("{:?} is not a region", city.region)));
            }
            if city.names.is_empty() {
                return Err(invalid(place, "no names".into()));
            }
            let names = union(&place, &city.names)?;
            let alternatives: Vec<String> = city.names.iter().map(|p| format!("(?:{p})")).collect();
            let any_name = format!("(?:{})", alternatives.join("|"));
            for template in &file.city_time {
                if !template.contains("{city}") {
                    return Err(invalid(
                        "city-time".into(),
                        format!("{template:?} does not name {{city}}"),
                    ));
                }
                let pattern = template.replace("{city}", &any_name);
                city_zones.push((city.zone.clone(), compile("city-time", &pattern)?));
            }
            named_values
                .entry("region".to_owned())
                .or_default()
                .entry(city.region.clone())
                .or_default()
                .extend(city.names.iter().cloned());
            cities.push((city.zone.clone(), names));
        }
        // `{plan}` in `moved-from`: any plan's name.
        let plan_names: Vec<String> = named_values
            .get("plan")
            .into_iter()
            .flat_map(|plans| plans.values().flatten())
            .map(|p| format!("(?:{p})"))
            .collect();
        // `{plan}` must be in every pattern of `moved-from`; it may be in `compared`'s.
        let with_plans = |key: &str, patterns: &[String], required: bool| {
            patterns
                .iter()
                .map(|p| match (p.contains("{plan}"), required) {
                    (true, _) => Ok(p.replace("{plan}", &format!("(?:{})", plan_names.join("|")))),
                    (false, false) => Ok(p.clone()),
                    (false, true) => {
                        Err(invalid(key.into(), format!("{p:?} does not name {{plan}}")))
                    }
                })
                .collect::<Result<Vec<_>, _>>()
        };
        let moved_from = patterns(
            "moved-from",
            with_plans("moved-from", &file.moved_from, true)?,
        )?;
        let compared = set("compared", with_plans("compared", &file.compared, false)?)?;
        let mut values = Vec::new();
        let mut slots: Vec<String> = vec!["plans".to_owned()];
        for (slot, named) in sorted(named_values) {
            let Some(kind) = slot_kind(&slot).filter(|k| k.choices().is_some()) else {
                return Err(invalid(
                    format!("values.{slot}"),
                    "not an option with fixed values (plan, priority, region)".to_owned(),
                ));
            };
            let mut compiled = Vec::new();
            for (value, patterns) in sorted(named) {
                let place = format!("values.{slot}.{value}");
                if !kind.choices().is_some_and(|c| c.contains(&value.as_str())) {
                    return Err(invalid(place, format!("not a value of {slot}")));
                }
                compiled.push((value, union(&place, &patterns)?));
            }
            slots.push(slot.clone());
            let named = Named::new(compiled)
                .map_err(|e| invalid(format!("values.{slot}"), e.to_string()))?;
            values.push((slot, named));
        }
        let mut zones = Vec::new();
        for (zone, patterns) in sorted(file.zones) {
            let place = format!("zones.{zone}");
            if Tz::from_str(&zone).is_err() {
                return Err(invalid(place, "not an IANA time zone".into()));
            }
            zones.push((zone, union(&place, &patterns)?));
        }
        zones.extend(city_zones);
        if !zones.is_empty() || !cities.is_empty() {
            slots.push("timezone".to_owned());
        }
        let zones = Named::new(zones).map_err(|e| invalid("zones".into(), e.to_string()))?;
        let cities = Named::new(cities).map_err(|e| invalid("city".into(), e.to_string()))?;
        let mut capture = Vec::new();
        for (slot, list) in sorted(file.capture) {
            let place = format!("capture.{slot}");
            let Some(kind) = slot_kind(&slot) else {
                return Err(invalid(place, "not an option a question can fill".into()));
            };
            if matches!(kind, OptionKind::Instant | OptionKind::Date) {
                return Err(invalid(place, "dates and times are read by [when]".into()));
            }
            let captures = patterns(&place, list)?;
            if let Some(r) = captures.each.iter().find(|r| r.captures_len() < 2) {
                return Err(invalid(
                    place,
                    format!("pattern {:?} has no group", r.as_str()),
                ));
            }
            slots.push(slot.clone());
            capture.push((slot, captures));
        }
        let when = match &file.when {
            Some(w) => {
                slots.push("at".to_owned());
                slots.push("date".to_owned());
                slots.push(TIMED.to_owned());
                slots.push("until".to_owned());
                Some(when::When::compile(w, compile, union, invalid)?)
            }
            None => None,
        };
        let mut features = Vec::new();
        let mut feature_names: HashMap<Language, Vec<String>> = HashMap::new();
        for feature in &file.feature {
            let place = format!("feature {}", feature.id);
            let Some(plan) = feature_plans.get(&feature.id) else {
                return Err(invalid(place, format!("not a feature of {FEATURES_FILE}")));
            };
            let mut names = Vec::new();
            for (language, list) in [
                (Language::En, &feature.en),
                (Language::ZhTw, &feature.zh_tw),
                (Language::Ja, &feature.ja),
            ] {
                if list.is_empty() {
                    return Err(invalid(place, format!("no {language} names")));
                }
                names.extend(list.iter().cloned());
                let all = feature_names.entry(language).or_default();
                all.extend(list.iter().map(|p| format!("(?:{p})")));
            }
            features.push((plan.clone(), union(&place, &names)?));
        }
        if !features.is_empty() {
            slots.push("feature".to_owned());
        }
        let features =
            Named::new(features).map_err(|e| invalid("feature".into(), e.to_string()))?;
        let mut products = Vec::new();
        let mut product_names = Vec::new();
        for product in &file.product {
            let place = format!("product {}", product.id);
            if !product_ids.contains(&product.id) {
                return Err(invalid(place, format!("not a product of {PRODUCTS_FILE}")));
            }
            if product.names.is_empty() {
                return Err(invalid(place, "no names".into()));
            }
            product_names.extend(product.names.iter().map(|p| format!("(?:{p})")));
            products.push((product.id.clone(), union(&place, &product.names)?));
        }
        if !products.is_empty() {
            slots.push("product".to_owned());
        }
        let products =
            Named::new(products).map_err(|e| invalid("product".into(), e.to_string()))?;
        // `{product}`: any product's name, in any language (names are brands); `{feature}`:
        // any feature's name in the pattern's language or in English, which Chinese and
        // Japanese questions borrow ("business 的 Account Support Lead 是做什麼的"); with none
        // in the pattern's language, it would match every message.
        let english_features = feature_names
            .get(&Language::En)
            .cloned()
            .unwrap_or_default();
        let expand = |place: &str, p: &String, language: Language| {
            let p = match (p.contains("{product}"), product_names.is_empty()) {
                (false, _) => p.clone(),
                (true, false) => {
                    p.replace("{product}", &format!("(?:{})", product_names.join("|")))
                }
                (true, true) => {
                    return Err(invalid(
                        place.to_owned(),
                        format!("{{product}} in {p:?}, but no product has names"),
                    ));
                }
            };
            match (p.contains("{feature}"), feature_names.get(&language)) {
                (false, _) => Ok(p),
                (true, Some(names)) => {
                    let borrowed = match language {
                        Language::En => &[][..],
                        _ => &english_features[..],
                    };
                    let names: Vec<&String> = names.iter().chain(borrowed).collect();
                    Ok(p.replace(
                        "{feature}",
                        &format!(
                            "(?:{})",
                            names
                                .iter()
                                .map(|n| n.as_str())
                                .collect::<Vec<_>>()
                                .join("|")
                        ),
                    ))
                }
                (true, None) => Err(invalid(
                    place.to_owned(),
                    format!("{{feature}} in {p:?}, but no feature has {language} names"),
                )),
            }
        };
        let mut intents = Vec::new();
        let mut cue_patterns = Vec::new();
        let mut cue_singles = Vec::new();
        let mut cue_places = Vec::new();
        let mut cue_owners = Vec::new();
        for (index, intent) in file.intent.iter().enumerate() {
            let place = format!("intent {:?}", intent.name);
            if let Some(cues) = &intent.cues {
                for (language, list) in [
                    (Language::En, &cues.en),
                    (Language::ZhTw, &cues.zh_tw),
                    (Language::Ja, &cues.ja),
                ] {
                    for p in list {
                        let p = expand(&format!("{place} cues"), p, language)?;
                        cue_singles.push(OnDemand::new(&p));
                        cue_patterns.push(p);
                        cue_places.push(format!("{place} cues"));
                        cue_owners.push((index, language));
                    }
                }
            }
            let mut patterns = Vec::new();
            let mut singles = Vec::new();
            let mut languages = Vec::new();
            for (language, list) in [
                (Language::En, &intent.en),
                (Language::ZhTw, &intent.zh_tw),
                (Language::Ja, &intent.ja),
            ] {
                if list.is_empty() {
                    return Err(invalid(place, format!("no {language} patterns")));
                }
                for p in list {
                    let p = expand(&place, p, language)?;
                    singles.push(OnDemand::new(&p));
                    patterns.push(p);
                    languages.push(language);
                }
            }
            if intent.answers.is_empty() {
                return Err(invalid(place, "no answers".into()));
            }
            let mut answers = Vec::new();
            for answer in &intent.answers {
                let Some(spec) = cmd::spec(&answer.command) else {
                    return Err(invalid(
                        place,
                        format!("{:?} is not a command", answer.command),
                    ));
                };
                let fills = |written: &Vec<String>| {
                    written
                        .iter()
                        .map(|w| {
                            let (option, slot) = w.split_once('=').unwrap_or((w, w));
                            let found = spec.options.iter().find(|o| o.name == option);
                            let fits = found.is_some_and(|o| Some(o.kind) == slot_kind(slot))
                                && slots.iter().any(|s| s == slot);
                            if fits {
                                Ok((option.to_owned(), slot.to_owned()))
                            } else {
                                Err(invalid(
                                    place.clone(),
                                    format!(
                                        "/{} has no {option} option a question's {slot} can fill",
                                        spec.name
                                    ),
                                ))
                            }
                        })
                        .collect::<Result<Vec<_>, _>>()
                };
                answers.push(Answer {
                    command: spec.name,
                    needs: fills(&answer.needs)?,
                    takes: fills(&answer.takes)?,
                });
            }
            // `{product}` in an `unless` too: a product asked about in Japanese is the
            // products' answer, not the hours'.
            let unless = intent
                .unless
                .iter()
                .map(|p| expand(&place, p, Language::En))
                .collect::<Result<Vec<_>, _>>()?;
            let slots = answers
                .iter()
                .flat_map(|a| a.needs.iter().chain(&a.takes))
                .map(|(_, slot)| slot.clone())
                .collect();
            intents.push(Intent {
                slots,
                unless: set(&place, unless)?,
                patterns: set(&place, patterns)?,
                singles,
                languages,
                answers,
            });
        }
        // Longer words first, so that 有冇 is read before 冇.
        let mut typed: Vec<&String> = file.mistypings.iter().map(|(typed, _)| typed).collect();
        typed.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        let mistyped = match typed.is_empty() {
            true => None,
            false => {
                // A word in Latin letters is read whole: "dae" (Scots "do") is not in "daemon".
                let words: Vec<String> = typed
                    .iter()
                    .map(|t| match t.is_ascii() {
                        true => format!(r"\b{}\b", regex::escape(t)),
                        false => regex::escape(t),
                    })
                    .collect();
                Some(compile("mistypings", &words.join("|"))?)
            }
        };
        let mistypings: FxHashMap<String, String> = file.mistypings.into_iter().collect();
        let second_opinion = match file.learned {
            None => None,
            Some(learned) => {
                let mut by_command = HashMap::new();
                for (command, name) in learned.intents {
                    let place = format!("learned.intents.{command:?}");
                    let Some(index) = file.intent.iter().position(|i| i.name == name) else {
                        return Err(invalid(place, format!("{name:?} names no intent")));
                    };
                    let answers = intents.get(index).is_some_and(|intent: &Intent| {
                        intent.answers.iter().any(|a| a.command == command)
                    });
                    if !answers {
                        return Err(invalid(
                            place,
                            format!("intent {name:?} has no answer by /{command}"),
                        ));
                    }
                    by_command.insert(command, index);
                }
                Some(SecondOpinion {
                    examples: learned.examples,
                    min_margin: learned.min_margin,
                    min_margin_unplaced: learned.min_margin_unplaced,
                    trusted_options: learned.trusted_options,
                    by_command,
                    learned: learned::Training::untrained(),
                })
            }
        };
        Ok(Intents {
            not_questions,
            typos: Arc::new(Typos::new(file.typo_words, mistyped, mistypings)),
            unanswerable,
            statements,
            asks,
            language_words,
            ignore,
            moved_from,
            compared,
            texts: file.texts,
            values,
            zones,
            cities,
            features,
            products,
            capture,
            when,
            region_zones: HashMap::new(),
            intents,
            cues: Cues {
                set: set_naming("cues", &cue_places, cue_patterns)?,
                singles: cue_singles,
                owners: cue_owners,
                context: set("cue-context", file.cue_context)?,
            },
            second_opinion,
        })
    }

    /// Whether `message` is more than `read` leaves alone at a glance (a slash command, fewer
    /// than three characters, small talk, a link, code): only then may reading it wait for the
    /// second opinion to learn.
    pub fn may_be_a_question(&self, message: &str) -> bool {
        self.at_a_glance(message).is_some()
    }

    /// `message` with its mentions blanked, unless `read` leaves it alone at a glance.
    fn at_a_glance<'m>(&self, message: &'m str) -> Option<Cow<'m, str>> {
        let raw = MENTION.replace_all(message, " ");
        let text = raw.trim();
        let ignored = text.starts_with('/')
            || text.chars().count() < MIN_QUESTION_CHARS
            || self.not_questions.is_match(text);
        (!ignored).then_some(raw)
    }

    /// How `message`, sent at `now`, reads: not a question, a question and the command that
    /// answers it, or a question no intent places. `now` only places the days a question names
    /// ("tomorrow at 9", "friday 5pm").
    pub fn read(&self, message: &str, now: DateTime<Utc>) -> Reading {
        match self.prepared(message) {
            Some((raw, text)) => self.read_prepared(&raw, &text, now),
            None => Reading::Ignored,
        }
    }

    /// As `read`, for a message in a chat channel: one that tells rather than asks
    /// (`is_statement`) is left alone too. The message is normalized once for both.
    pub fn read_in_chat(&self, message: &str, now: DateTime<Utc>) -> Reading {
        match self.prepared(message) {
            Some((raw, text)) if !self.tells(&raw, &text) => self.read_prepared(&raw, &text, now),
            _ => Reading::Ignored,
        }
    }

    /// `message` with its mentions blanked, and the text its patterns are matched against
    /// (normalized, keywords corrected); `None` when `read` leaves it alone at a glance or
    /// nothing is left of it.
    fn prepared<'m>(&self, message: &'m str) -> Option<(Cow<'m, str>, String)> {
        let raw = self.at_a_glance(message)?;
        let text = self.typos.correct(&normalize(raw.trim()));
        (!text.is_empty()).then_some((raw, text))
    }

    fn read_prepared(&self, raw: &str, text: &str, now: DateTime<Utc>) -> Reading {
        // The first intent that matches wins: later ones are not tried. With none, the cue
        // words may still point to one. The languages of the intent's patterns that match are
        // looked for only when the language is left to them (`language_of`); the cues' are
        // found with the intent.
        let placed = self
            .intents
            .iter()
            .find(|i| i.patterns.is_match(text) && !i.unless.is_match(text))
            .map(|intent| (intent, None))
            .or_else(|| {
                self.by_cues(text)
                    .map(|(intent, evidence)| (intent, Some(evidence)))
            });
        let names_only = self.cjk_only_in_names(text);
        let language_of = |placed: Option<(&Intent, Option<Evidence>)>| {
            let evidence = move || match placed {
                Some((_, Some(cues))) => cues,
                Some((intent, None)) => intent.evidence(text),
                None => Vec::new(),
            };
            match names_only {
                true => Language::En,
                false => self.language_of(text, evidence),
            }
        };
        if self.unanswerable.is_match(text) {
            return Reading::Unplaced(language_of(None));
        }
        let by_pattern = placed
            .as_ref()
            .and_then(|(intent, _)| self.answered(intent, text, now));
        let asks = raw.contains(['?', '？']) || self.asks.is_match(text);
        let by_example = self
            .second_opinion(
                text,
                asks,
                by_pattern
                    .as_ref()
                    .map(|(answer, found)| (*answer, answer.options(found).count())),
            )
            .and_then(|intent| self.answered(intent, text, now))
            .filter(|(answer, _)| by_pattern.is_none() || !answer.rests_on_a_name());
        let (answer, found, language) = match (by_example, by_pattern, placed) {
            (Some((answer, found)), _, _) => (answer, found, language_of(None)),
            (None, Some((answer, found)), placed @ Some(_)) => (answer, found, language_of(placed)),
            (None, _, placed) => return Reading::Unplaced(language_of(placed)),
        };
        let options: Vec<(String, String)> = answer
            .options(&found)
            .map(|(option, value)| (option.clone(), value.clone()))
            .collect();
        // "London office: what time do you close, UK time": the customer's zone is shown already.
        let shown_in = found
            .get(SHOWN_IN)
            .filter(|zone| !options.iter().any(|(o, v)| o == "timezone" && v == *zone))
            .and_then(|zone| Tz::from_str(zone).ok());
        Reading::Question(Question {
            command: answer.command.to_owned(),
            options,
            language,
            shown_in,
        })
    }

    /// The first answer of `intent` whose needs `text` fills, with the values found.
    fn answered<'a>(
        &'a self,
        intent: &'a Intent,
        text: &str,
        now: DateTime<Utc>,
    ) -> Option<(&'a Answer, FxHashMap<&'a str, String>)> {
        let found = self.slots(text, now, &intent.slots);
        let answer = intent.answers.iter().find(|a| {
            a.needs
                .iter()
                .all(|(_, slot)| found.contains_key(slot.as_str()))
        })?;
        Some((answer, found))
    }

    /// The intent the labelled questions point `text` to, where it overrules the patterns:
    /// `by_pattern` is the answer the patterns chose, with how many options of its command it
    /// takes from the message. It places a message no pattern placed when the message asks
    /// (`asks`: a question mark or a word of `asks`; "our customers love the new checkout
    /// design" tells) and its class leads the next by `min-margin-unplaced`; it replaces the
    /// patterns' answer when its class leads the next by as much and is likelier than the one
    /// answering that command by `min-margin` (out of what it learned, "how do I close my case"
    /// is far from help and close to several others). It is not asked where the patterns'
    /// answer rests on a feature or a case the message names ("can I chat with someone live" is
    /// the live chat feature, however often chat is named in questions about the phone), or
    /// takes `trusted-options` options or more from it ("business P2 in japan filed tomorrow
    /// 4pm": a plan, a priority and a day say which command answers, whatever letters the
    /// message shares with other questions); nor is a learned answer taken that rests on a name
    /// ("CASE-000123を急ぎで" is an escalation, whatever else names a case). Questions it learned
    /// to leave unplaced never unplace one a pattern placed.
    fn second_opinion(
        &self,
        text: &str,
        asks: bool,
        by_pattern: Option<(&Answer, usize)>,
    ) -> Option<&Intent> {
        let opinion = self.second_opinion.as_ref()?;
        // Where nothing it could say would be taken, it is not asked.
        let heard = match by_pattern {
            None => asks,
            Some((answer, options)) => {
                !answer.rests_on_a_name() && options < opinion.trusted_options
            }
        };
        if !heard {
            return None;
        }
        let guess = opinion.learned.learned()?.guess(text)?;
        let class = guess.class()?;
        let intent = self.intents.get(class)?;
        let sure = match by_pattern {
            None => guess.lead_over(None) >= opinion.min_margin_unplaced,
            Some((answer, _)) => {
                let chosen = opinion.by_command.get(answer.command).copied();
                chosen != Some(class)
                    && guess.lead_over(None) >= opinion.min_margin_unplaced
                    && guess.lead_over(chosen) >= opinion.min_margin
            }
        };
        sure.then_some(intent)
    }

    /// The command that answers `message` sent at `now`, or `None` when it is not a question
    /// the bot places.
    pub fn question(&self, message: &str, now: DateTime<Utc>) -> Option<Question> {
        match self.read(message, now) {
            Reading::Question(question) => Some(question),
            Reading::Ignored | Reading::Unplaced(_) => None,
        }
    }

    /// Whether `message` tells something rather than asks ("the weekend sale starts saturday",
    /// "our p1 got fixed, thanks all"): one of `statements` in `data/intents.toml` matches, and
    /// it has no question mark and none of `asks` ("our office is in mumbai, when do you
    /// open"). A chat channel leaves such a message alone even when it reads as a question; the
    /// console, where everything is said to the bot, still answers.
    pub fn is_statement(&self, message: &str) -> bool {
        let raw = MENTION.replace_all(message, " ");
        let text = self.typos.correct(&normalize(&raw));
        self.tells(&raw, &text)
    }

    /// Whether a message (`raw`, its mentions blanked; `text`, as its patterns read it) tells
    /// rather than asks: see `is_statement`.
    fn tells(&self, raw: &str, text: &str) -> bool {
        !raw.contains(['?', '？']) && self.statements.is_match(text) && !self.asks.is_match(text)
    }

    /// Han without hiragana → the language whose own words (`language-words`) it has more of
    /// ("進捗" is Japanese, "進度" Chinese; katakana alone may be a name borrowed into Chinese),
    /// else as `language_of` reads it (kana → Japanese).
    fn language_of(&self, text: &str, matched: impl FnOnce() -> Evidence) -> Language {
        // Katakana without hiragana may be a name borrowed into Chinese: the words decide.
        if !text.chars().any(normalize::is_hiragana) && text.chars().any(normalize::is_han) {
            let (zh, ja) = &self.language_words;
            let (zh, ja) = (
                zh.matches(text).iter().count(),
                ja.matches(text).iter().count(),
            );
            if ja != zh {
                return if ja > zh {
                    Language::Ja
                } else {
                    Language::ZhTw
                };
            }
        }
        language_of(text, matched)
    }

    /// The language `message` is written in as far as its script tells (kana: Japanese; Han:
    /// Traditional Chinese; else English), for an answer to a message that is not a question.
    pub fn written_in(message: &str) -> Language {
        language_of(&normalize(message), Vec::new)
    }

    /// Whether some question is answered with `command` (a path such as `case show`): these
    /// only read, so a button may run them for whoever clicks.
    pub fn answers_with(&self, command: &str) -> bool {
        self.intents
            .iter()
            .flat_map(|i| &i.answers)
            .any(|a| a.command.eq_ignore_ascii_case(command.trim()))
    }

    /// A chat-only sentence in `language`.
    pub fn text(&self, text: ChatText, language: Language) -> &str {
        let t = &self.texts;
        match text {
            ChatText::Unplaced => t.unplaced.get(language),
            ChatText::Private => t.private.get(language),
            ChatText::ButtonRespond => t.button_respond.get(language),
            ChatText::ButtonShow => t.button_show.get(language),
            ChatText::ButtonAnswer => t.button_answer.get(language),
        }
    }

    /// The intent a message no pattern placed points to: the one with the most of its cue words
    /// in `text` (each cue counted once, overlapping cues as one), when no other intent has as
    /// many and it scores `MIN_CUE_SCORE` with a word of `cue-context` counted as one more; an
    /// intent its `unless` passes over does not count. With it, the languages of its cues that
    /// matched.
    fn by_cues(&self, text: &str) -> Option<(&Intent, Evidence)> {
        let matched: Vec<usize> = self.cues.set.matches(text).iter().collect();
        if matched.is_empty() {
            return None;
        }
        // A plan or a priority named is about support too.
        let named = self.values.iter().any(|(slot, named)| {
            matches!(slot.as_str(), "plan" | "priority") && named.set.is_match(text)
        });
        let context = usize::from(named || self.cues.context.is_match(text));
        // Where each intent's cues matched: cues that overlap ("今" in "今日") are one word.
        let mut spans: Vec<(usize, std::ops::Range<usize>)> = matched
            .iter()
            .filter_map(|&i| {
                let &(owner, _) = self.cues.owners.get(i)?;
                Some((
                    owner,
                    self.cues.singles.get(i)?.regex()?.find(text)?.range(),
                ))
            })
            .collect();
        spans.sort_by_key(|(owner, range)| (*owner, range.start, range.end));
        let mut scores = vec![0usize; self.intents.len()];
        let mut last: Option<(usize, usize)> = None;
        for (owner, range) in spans {
            match last {
                Some((o, end)) if o == owner && range.start < end => {
                    last = Some((o, end.max(range.end)));
                }
                _ => {
                    if let Some(score) = scores.get_mut(owner) {
                        *score += 1;
                    }
                    last = Some((owner, range.end));
                }
            }
        }
        let mut ranked: Vec<(usize, usize)> = scores
            .into_iter()
            .enumerate()
            .filter(|&(owner, score)| {
                score > 0
                    && self
                        .intents
                        .get(owner)
                        .is_some_and(|intent| !intent.unless.is_match(text))
            })
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let &(best, score) = ranked.first()?;
        let tied = ranked.get(1).is_some_and(|&(_, second)| second == score);
        if tied || score + context < MIN_CUE_SCORE {
            return None;
        }
        let intent = self.intents.get(best)?;
        let each = matched.iter().filter_map(|&i| {
            let &(owner, language) = self.cues.owners.get(i)?;
            (owner == best).then_some((language, self.cues.singles.get(i)?.regex()?))
        });
        Some((intent, evidence(text, each)))
    }

    /// Whether `text` is written in Latin letters with CJK only in the names of cities and zones
    /// ("東京 support hours?"): a proper name says where, not which language the asker reads, so
    /// the reply follows the locale. A region, a country or a plan in Chinese words ("elite p2
    /// 美洲 deadline", 企業支援 vs Elite) is the asker's language: an English speaker writes
    /// "Americas".
    fn cjk_only_in_names(&self, text: &str) -> bool {
        let cjk = |c: char| normalize::is_han(c) || normalize::is_kana(c);
        // Two Latin words at least: "p2" or a plan's name alone is a name in a CJK sentence.
        let latin_words = text
            .split(' ')
            .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic()))
            .take(2)
            .count();
        if latin_words < 2 || !text.chars().any(cjk) {
            return false;
        }
        let names: Vec<std::ops::Range<usize>> = [&self.cities, &self.zones]
            .into_iter()
            .flat_map(|named| named.all(text))
            .map(|(range, _)| range)
            .collect();
        text.char_indices()
            .filter(|&(_, c)| cjk(c))
            .all(|(i, _)| names.iter().any(|range| range.contains(&i)))
    }

    /// The option values named in `text` (normalized). Captured text and a named time zone are
    /// blanked before the other values are looked for, so `America/New_York` names a zone, not
    /// the Americas.
    fn slots(
        &self,
        text: &str,
        now: DateTime<Utc>,
        used: &FxHashSet<String>,
    ) -> FxHashMap<&str, String> {
        let uses = |slot: &str| used.contains(slot);
        // A day, a time or a zone matters only to answers about a time.
        let timed = ["at", "date", "until", TIMED, "timezone"]
            .into_iter()
            .any(&uses);
        let mut text = text.to_owned();
        let mut found = FxHashMap::default();
        for (slot, captures) in &self.capture {
            // The zone to show times in is every answer's (a case's due instant too); a case id
            // is blanked for an answer about a time, so that 12號案件 names no day.
            if !(uses(slot) || slot == SHOWN_IN || (slot == "id" && timed)) {
                continue;
            }
            // A product the catalog names is read by its names below; the capture is for one
            // it does not ("do you support Photoshop"), which the answer says is not listed.
            if slot == "product" && self.products.set.is_match(&text) {
                continue;
            }
            let kind = slot_kind(slot);
            let hit = captures.matching(&text).find_map(|r| {
                let caps = r.captures(&text)?;
                let value = captured(kind, &caps)?;
                // "do you support elite": a plan, a region or a feature is not a product.
                let names_other = |v: &str| {
                    self.values.iter().any(|(_, named)| named.set.is_match(v))
                        || self.features.set.is_match(v)
                };
                if slot == "product" && names_other(&value) {
                    return None;
                }
                Some((caps.get(0)?.range(), value))
            });
            if let Some((range, value)) = hit {
                blank(&mut text, range);
                if uses(slot) || slot == SHOWN_IN {
                    found.insert(slot.as_str(), value);
                }
            }
        }
        // Dates and times are read with the zone's words still there: "1400 UTC".
        let with_zone = text.clone();
        // A zone named by its words ("JST", "Paris time"): where to show times, not where the
        // customer is [D].
        if !found.contains_key(SHOWN_IN)
            && let Some((range, zone)) = self.zones.first_located(&text)
        {
            let zone = zone.to_owned();
            blank(&mut text, range);
            found.insert(SHOWN_IN, zone);
        }
        // A city is not blanked: it names its region too.
        if timed
            && !found.contains_key("timezone")
            && let Some(zone) = self.cities.first(&text)
        {
            found.insert("timezone", zone.to_owned());
        }
        // Most messages name no day or time: one pass says so before the region is looked for.
        if let Some((when, mentions)) = self
            .when
            .as_ref()
            .filter(|_| timed)
            .and_then(|w| Some((w, w.mentions(&with_zone)?)))
        {
            // "Today" is where the asker is, when the question says; else in the region asked
            // about, whose day the answer is about; else in UTC [D].
            let zone = |slot: &str| found.get(slot).and_then(|z| Tz::from_str(z).ok());
            let shown_in = zone(SHOWN_IN);
            // The region is looked for only when no zone says it already.
            let region = || {
                self.values
                    .iter()
                    .filter(|(slot, _)| slot == "region")
                    .find_map(|(_, named)| named.first(&text))
                    .and_then(|region| self.region_zones.get(region).copied())
            };
            let local_now = match zone("timezone").or(shown_in).or_else(region) {
                Some(tz) => now.with_timezone(&tz).naive_local(),
                None => now.naive_utc(),
            };
            if let Some(found_at) = when.find(&mentions, local_now) {
                for span in found_at.spans.iter().cloned() {
                    blank(&mut text, span);
                }
                let day = found_at.day();
                let at = match found_at.at {
                    when::At::Local(local) => {
                        // "5pm JST" is an instant: written with its offset, so the command does
                        // not read it in the customer's zone. A time the zone skips stays local.
                        let instant =
                            shown_in.and_then(|tz| tz.from_local_datetime(&local).earliest());
                        match instant {
                            Some(instant) => instant.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                            None => local.format("%Y-%m-%d %H:%M").to_string(),
                        }
                    }
                    when::At::Utc(utc) => utc.and_utc().format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                    // As written: the command refuses it and says how to write a date.
                    when::At::Unread(written) => written,
                    when::At::Now => NOW.to_owned(),
                    // An instant: the customer's zone does not move it.
                    when::At::Ago(ago) => match now.checked_sub_signed(ago) {
                        Some(at) => at.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                        None => NOW.to_owned(),
                    },
                };
                if found_at.timed {
                    found.insert(TIMED, at.clone());
                }
                found.insert("at", at);
                // Today named is answered as now; a weekday alone is any such day.
                if let Some(first) = day.filter(|day| *day != local_now.date()) {
                    found.insert("date", first.format("%Y-%m-%d").to_string());
                    // Several days named: the stretch from the first to the last, within the
                    // days an answer looks at [D].
                    let most = first.checked_add_days(chrono::Days::new(MAX_DAYS_AFTER));
                    if let Some(last) = found_at.last.map(|last| most.map_or(last, |m| last.min(m)))
                    {
                        found.insert("until", last.format("%Y-%m-%d").to_string());
                    }
                }
            }
        }
        // The earliest feature named, as the plan whose page describes it.
        if uses("feature")
            && let Some(plan) = self.features.first(&text)
        {
            found.insert("feature", plan.to_owned());
        }
        if uses("product")
            && let Some(product) = self.products.first(&text)
        {
            found.insert("product", product.to_owned());
        }
        if let Some(Cow::Owned(kept)) = self.ignore.as_ref().map(|r| r.replace_all(&text, " ")) {
            text = kept;
        }
        for (slot, named) in &self.values {
            if !(uses(slot) || (slot == "plan" && uses("plans"))) {
                continue;
            }
            let matching: Vec<(&str, &Regex)> = named.matching(&text).collect();
            // A value named alone is the slot's, wherever it is: only between several does the
            // place of each decide.
            if let [(value, _)] = matching.as_slice() {
                found.insert(slot.as_str(), (*value).to_owned());
                continue;
            }
            // Each value at the position of its earliest word, so the first one named wins;
            // of two plans or more, one the asker moved from only when no other is named.
            let hits = Named::located(matching, &text);
            let named_in_words = match (slot.as_str(), hits.len()) {
                ("region", 2..) => {
                    // Every mention of every city, not only each city's first.
                    let mut words = text.clone();
                    for (_, city) in self.cities.matching(&text) {
                        for found in city.find_iter(&text) {
                            blank(&mut words, found.range());
                        }
                    }
                    named.all(&words)
                }
                _ => Vec::new(),
            };
            let mut moved_from_one = false;
            let first = match (slot.as_str(), hits.len()) {
                ("plan", 2..) => {
                    let moved: Vec<std::ops::Range<usize>> = self
                        .moved_from
                        .matching(&text)
                        .filter_map(|r| r.find(&text))
                        .map(|m| m.range())
                        .collect();
                    moved_from_one = !moved.is_empty();
                    let left = |start: usize| moved.iter().any(|m| m.contains(&start));
                    hits.iter().find(|(r, _)| !left(r.start)).or(hits.first())
                }
                // "in Seoul, until when is Japan's support open": a region named in words is the
                // one asked about; a city says where the asker is [D].
                ("region", 2..) => named_in_words.first().or(hits.first()),
                _ => hits.first(),
            };
            // "P1 跟 P2 分別多久", "business vs elite response times": priorities, or plans
            // compared (`compared`), asked about together are each answered (neither given
            // alone; plans are compared as `plans`) [D]; "online plan here, or is that an
            // enterprise perk" asks about the first.
            let differ = hits.iter().any(|(_, v)| first.is_some_and(|(_, f)| f != v));
            let several = match slot.as_str() {
                "priority" => differ,
                "plan" => differ && !moved_from_one && self.compared.is_match(&text),
                _ => false,
            };
            if let Some((_, first)) = first.filter(|_| !several) {
                found.insert(slot.as_str(), (*first).to_owned());
            }
            if slot == "plan" && hits.len() >= 2 {
                let all: Vec<&str> = hits.iter().map(|(_, v)| *v).collect();
                found.insert("plans", all.join(","));
            }
        }
        found
    }
}

impl Intent {
    /// The languages of the patterns that match `text`, each with the length of its match in
    /// CJK characters: in Han-only text, the longest Chinese or Japanese match tells which it is.
    fn evidence(&self, text: &str) -> Evidence {
        // Only Han without kana leaves the language to the patterns (`language_of`).
        if !han_only(text) {
            return Vec::new();
        }
        let matched = self.patterns.matches(text);
        let each = matched
            .iter()
            .filter_map(|i| Some((*self.languages.get(i)?, self.singles.get(i)?.regex()?)));
        evidence(text, each)
    }
}

/// Languages of the patterns or cues that placed a message, each with the Han characters of
/// its match (`evidence`).
type Evidence = Vec<(Language, usize)>;

/// Each language with the length, in CJK characters, of the match of its pattern in `text`
/// (measured only in Han-only text, where it decides between Chinese and Japanese; a Latin
/// name such as "tam" says nothing of either).
fn evidence<'a>(text: &str, matched: impl Iterator<Item = (Language, &'a Regex)>) -> Evidence {
    let han_only = han_only(text);
    matched
        .map(|(language, regex)| {
            let length = match han_only {
                true => regex.find(text).map_or(0, |m| {
                    m.as_str().chars().filter(|&c| normalize::is_han(c)).count()
                }),
                false => 0,
            };
            (language, length)
        })
        .collect()
}

/// Whether `text` has Han characters and no kana: Chinese or Japanese, which the words decide.
fn han_only(text: &str) -> bool {
    !text.chars().any(normalize::is_kana) && text.chars().any(normalize::is_han)
}

/// The value of a capture as the command reads it, or `None` when the text only looks like one
/// (case 0, 31 February, a zone that does not exist).
fn captured(kind: Option<OptionKind>, caps: &regex::Captures<'_>) -> Option<String> {
    // The first group that took part: a pattern may hold the value in one of two places.
    let value = caps.iter().skip(1).flatten().next().map(|m| m.as_str());
    match kind {
        Some(OptionKind::CaseId) => value?.parse::<CaseId>().ok().map(|id| id.to_string()),
        Some(OptionKind::Timezone) => Tz::from_str_insensitive(value?)
            .ok()
            .map(|tz| tz.name().to_owned()),
        _ => value.map(str::to_owned),
    }
}

fn blank(text: &mut String, range: std::ops::Range<usize>) {
    let spaces = " ".repeat(range.len());
    text.replace_range(range, &spaces);
}

/// Kana → Japanese. Han without kana → Traditional Chinese, unless the longest match of the
/// intent's patterns is a Japanese one of two characters or more ("本番障害", "至急"): one Han
/// character ("差") is written in both languages and tells nothing. Otherwise English, which
/// the transport reads as "the asker's locale". `matched` (each matching pattern's language and
/// the Han characters of its match) is asked for only for Han without kana.
fn language_of(text: &str, matched: impl FnOnce() -> Evidence) -> Language {
    if text.chars().any(normalize::is_kana) {
        return Language::Ja;
    }
    if !text.chars().any(normalize::is_han) {
        return Language::En;
    }
    let matched = matched();
    let longest = |language: Language| {
        matched
            .iter()
            .filter(|(l, _)| *l == language)
            .map(|(_, length)| *length)
            .max()
            .unwrap_or(0)
    };
    let japanese = longest(Language::Ja);
    if japanese >= MIN_JAPANESE_HAN && japanese > longest(Language::ZhTw) {
        Language::Ja
    } else {
        Language::ZhTw
    }
}

/// Map entries in name order, so errors and matching do not depend on hashing.
fn sorted<V>(map: HashMap<String, V>) -> Vec<(String, V)> {
    let mut v: Vec<(String, V)> = map.into_iter().collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intents() -> &'static Intents {
        static INTENTS: std::sync::OnceLock<Intents> = std::sync::OnceLock::new();
        INTENTS.get_or_init(|| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
            Intents::load(&dir).unwrap_or_else(|e| panic!("{e}"))
        })
    }

    fn ask(text: &str) -> Option<(String, Language)> {
        intents()
            .question(text, chrono::Utc::now())
            .map(|q| (q.line(), q.language))
    }

    #[test]
    fn the_examples_of_the_issue_are_placed() {
        let hours = Some(("/hours region:japan".to_owned(), Language::En));
        assert_eq!(ask("what are your support hours in Japan"), hours);
        assert_eq!(
            ask("日本的支援營業時間"),
            Some(("/hours region:japan".to_owned(), Language::ZhTw))
        );
        assert_eq!(
            ask("日本のサポート時間は"),
            Some(("/hours region:japan".to_owned(), Language::Ja))
        );
        assert_eq!(
            ask("P2 response time for business"),
            Some(("/slo plan:business priority:p2".to_owned(), Language::En))
        );
        assert_eq!(
            ask("<@123> CASE-000042"),
            Some(("/case show id:CASE-000042".to_owned(), Language::En))
        );
    }

    #[test]
    fn more_questions_in_three_languages() {
        let cases = [
            (
                "業務支援 P1 的回應時間",
                "/slo plan:business priority:p1",
                Language::ZhTw,
            ),
            (
                "エリートの P3 の応答時間は？",
                "/slo plan:elite priority:p3",
                Language::Ja,
            ),
            (
                "is phone support included in online?",
                "/support phone plan:online",
                Language::En,
            ),
            ("有電話支援嗎", "/support phone", Language::ZhTw),
            (
                "エスカレーションはできますか",
                "/support escalation",
                Language::Ja,
            ),
            (
                "compare business and elite",
                "/compare plans:business,elite",
                Language::En,
            ),
            (
                "案件 42 的狀態",
                "/case show id:CASE-000042",
                Language::ZhTw,
            ),
            (
                "ケース番号 7 はどうなっていますか",
                "/case show id:CASE-000007",
                Language::Ja,
            ),
            (
                "when is a p2 for business in europe due",
                "/due plan:business priority:p2 region:emea",
                Language::En,
            ),
            (
                "are you open during business hours in the UK?",
                "/hours region:emea",
                Language::En,
            ),
        ];
        for (text, line, language) in cases {
            assert_eq!(ask(text), Some((line.to_owned(), language)), "{text}");
        }
    }

    #[test]
    fn one_han_character_does_not_make_a_question_japanese() {
        // Only the Japanese pattern "差" matches: a character both languages write.
        assert_eq!(
            ask("業務和菁英哪裡差"),
            Some(("/compare plans:business,elite".to_owned(), Language::ZhTw))
        );
        // "障害" is Japanese usage: two characters decide.
        assert_eq!(
            ask("本番障害"),
            Some(("/support urgent".to_owned(), Language::Ja))
        );
    }

    #[test]
    fn other_messages_are_not_placed() {
        for text in ["hello", "thanks!", "<@1>", "", "ありがとう", "謝謝"] {
            assert_eq!(ask(text), None, "{text}");
        }
    }

    #[test]
    fn only_what_may_be_a_question_waits_for_the_second_opinion() {
        let intents = intents();
        for text in [
            "/hours region:japan",
            "  /help",
            "ok",
            "lol",
            "thanks!",
            "<@1> hi",
        ] {
            assert!(!intents.may_be_a_question(text), "{text}");
        }
        for text in [
            "are you open?",
            "<@1> P1の応答時間は？",
            "業務支援P2在歐洲的期限",
        ] {
            assert!(intents.may_be_a_question(text), "{text}");
        }
    }

    #[test]
    fn a_broken_file_names_the_place() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        // `parse` reads plans and regions as ids the catalog declared, as `load` does first.
        crate::domain::catalog::declare_ids(&CatalogFiles::Dir(data.clone())).unwrap();
        let catalog: CatalogFeatures =
            toml::from_str(&std::fs::read_to_string(data.join(FEATURES_FILE)).unwrap()).unwrap();
        let features: HashMap<String, String> = catalog
            .feature
            .into_iter()
            .map(|f| (f.id, f.plan))
            .collect();
        let products: CatalogProducts =
            toml::from_str(&std::fs::read_to_string(data.join(PRODUCTS_FILE)).unwrap()).unwrap();
        let products: Vec<String> = products.product.into_iter().map(|p| p.id).collect();
        let parse =
            |text: &str| Intents::parse(text, Path::new("intents.toml"), &features, &products);
        let good = std::fs::read_to_string(data.join(FILE)).unwrap();
        let without_target: Vec<String> = products
            .iter()
            .filter(|p| *p != "target")
            .cloned()
            .collect();
        let e = Intents::parse(&good, Path::new("intents.toml"), &features, &without_target)
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.contains("product target: not a product of products.toml"),
            "{e}"
        );
        let mut fewer = features.clone();
        fewer.remove("enterprise-named-support-engineer");
        let e = Intents::parse(&good, Path::new("intents.toml"), &fewer, &products)
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.contains("feature enterprise-named-support-engineer: not a feature of features.toml"),
            "{e}"
        );
        // Each edit of the good file, and what the refusal must say.
        let edits: &[(&str, &str, &[&str])] = &[
            (
                "command = \"hours\", takes",
                "command = \"opening\", takes",
                &["support hours", "opening"],
            ),
            (
                "takes = [\"region\", \"timezone\", \"until\"]",
                "takes = [\"plan\"]",
                &["/hours has no plan option"],
            ),
            (
                "zone = \"Asia/Seoul\"",
                "zone = \"Asia/Nowhere\"",
                &["(Asia/Nowhere): not an IANA time zone"],
            ),
            (
                "    ['\\bmon(?:day)?\\b', ",
                "    # ['\\bmon(?:day)?\\b',",
                &["when.weekdays: 7 lists of words, not 6"],
            ),
            (
                "(?P<day>\\d{1,2})(?: ?日)?",
                "(\\d{1,2})(?: ?日)?",
                &["when.dates", "no group named day"],
            ),
            (
                "moved-from = ['\\b{plan}(?: plan",
                "moved-from = ['\\bplan(?: plan",
                &["moved-from: ", "does not name {plan}"],
            ),
            (
                "month = 12\nday = 24",
                "month = 2\nday = 30",
                &["when.named-days (2-30): not a day of the year"],
            ),
            (
                "region = \"japan\"",
                "region = \"mars\"",
                &["(Asia/Tokyo): \"mars\" is not a region"],
            ),
            (
                "needs = [\"plan=feature\"]",
                "needs = [\"plan=region\"]",
                &["/features has no plan option a question's region can fill"],
            ),
            (
                "'\\bsluggish\\b'",
                "'(sluggish'",
                &["intent \"urgent\" cues", "(sluggish"],
            ),
            ("'\\bphone'", "'(phone'", &["intent \"phone\"", "(phone"]),
            // Each broken alone, whole once joined into one search.
            (
                "ignore = ['",
                "ignore = ['(?:please', 'kindly)', '",
                &["ignore: pattern \"(?:please\""],
            ),
        ];
        for (from, to, says) in edits {
            assert!(good.contains(from), "{from}");
            let e = parse(&good.replacen(from, to, 1))
                .err()
                .unwrap()
                .to_string();
            for said in *says {
                assert!(e.contains(said), "{from} → {to}: {e}");
            }
        }
    }
}
