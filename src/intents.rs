//! Plain-language questions: a chat message in English, Traditional Chinese or Japanese that is
//! not a slash command, turned into the command that answers it ("what are your support hours in
//! Japan" → `/hours region:japan`). The patterns live in `data/intents.toml` and are compiled
//! once; nothing here decides an answer, the engine does, with the same rules as the command.

use crate::domain::catalog::CatalogFiles;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::cmd::{self, OptionKind};
use crate::domain::case::CaseId;
use crate::i18n::{Language, Localized};

/// The file in the catalog directory.
pub const FILE: &str = "intents.toml";

/// A question placed: the command and options that answer it, and the language it was asked in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub command: String,
    pub options: Vec<(String, String)>,
    pub language: Language,
}

impl Question {
    /// The slash command as a person would type it: `/slo plan:business priority:p2`.
    pub fn line(&self) -> String {
        let mut line = format!("/{}", self.command);
        for (name, value) in &self.options {
            line.push_str(&format!(" {name}:{value}"));
        }
        line
    }
}

/// The sentences only chat transports say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatText {
    /// A mention or DM no intent matched: a pointer to /help.
    Unplaced,
    /// A private answer asked for in a public channel: use `{command}` instead.
    Private,
    ButtonRespond,
    ButtonShow,
}

#[derive(Debug, thiserror::Error)]
pub enum IntentsError {
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
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    ignore: Vec<String>,
    texts: Texts,
    values: HashMap<String, HashMap<String, Vec<String>>>,
    #[serde(default)]
    capture: HashMap<String, Vec<String>>,
    intent: Vec<IntentFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Texts {
    unplaced: Localized,
    private: Localized,
    button_respond: Localized,
    button_show: Localized,
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
    answers: Vec<AnswerFile>,
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
    patterns: Vec<(Language, Regex)>,
    answers: Vec<Answer>,
}

struct Answer {
    command: &'static str,
    needs: Vec<String>,
    takes: Vec<String>,
}

/// An option value and the words that name it.
type Named = (String, Vec<Regex>);

/// The compiled patterns of `data/intents.toml`.
pub struct Intents {
    ignore: Vec<Regex>,
    texts: Texts,
    /// Per option (`plan`, `priority`, `region`): each value with the words that name it.
    values: Vec<(String, Vec<Named>)>,
    capture: Vec<(String, Vec<Regex>)>,
    intents: Vec<Intent>,
}

/// The option a slot fills, and the kind the command must read it as.
fn slot_kind(slot: &str) -> Option<OptionKind> {
    match slot {
        "plan" => Some(OptionKind::Plan),
        "plans" => Some(OptionKind::Plans),
        "priority" => Some(OptionKind::Priority),
        "region" => Some(OptionKind::Region),
        "id" => Some(OptionKind::CaseId),
        _ => None,
    }
}

static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    // A fixed pattern: compiling it cannot fail.
    Regex::new(r"<(?:@[!&]?|#)\d+>").unwrap_or_else(|_| unreachable!())
});

impl Intents {
    /// Reads `intents.toml` from the catalog directory.
    pub fn load(catalog_dir: &Path) -> Result<Intents, IntentsError> {
        Intents::load_from(&CatalogFiles::Dir(catalog_dir.to_owned()))
    }

    /// Reads `intents.toml` from a catalog directory or the built-in catalog.
    pub fn load_from(files: &CatalogFiles) -> Result<Intents, IntentsError> {
        let text = files.read(FILE).map_err(|source| IntentsError::Read {
            path: files.path(FILE),
            source,
        })?;
        Intents::parse(&text, &files.path(FILE))
    }

    /// Compiles the file's text; `path` only names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Intents, IntentsError> {
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
            Regex::new(&format!("(?i){pattern}"))
                .map_err(|e| invalid(place.to_owned(), format!("pattern {pattern:?}: {e}")))
        };
        for (key, text) in [
            ("unplaced", &file.texts.unplaced),
            ("private", &file.texts.private),
            ("button-respond", &file.texts.button_respond),
            ("button-show", &file.texts.button_show),
        ] {
            if let Some(language) = text.blank_language() {
                return Err(invalid(
                    format!("texts.{key}"),
                    format!("no {language} text"),
                ));
            }
        }
        let ignore = file
            .ignore
            .iter()
            .map(|p| compile("ignore", p))
            .collect::<Result<_, _>>()?;
        let mut values = Vec::new();
        let mut slots: Vec<String> = vec!["plans".to_owned()];
        for (slot, named) in sorted(file.values) {
            let Some(kind) = slot_kind(&slot).filter(|k| k.choices().is_some()) else {
                return Err(invalid(
                    format!("values.{slot}"),
                    "not an option with fixed values (plan, priority, region)".to_owned(),
                ));
            };
            let mut compiled = Vec::new();
            for (value, patterns) in sorted(named) {
                let known = kind.choices().is_some_and(|c| c.contains(&value.as_str()));
                if !known {
                    return Err(invalid(
                        format!("values.{slot}.{value}"),
                        format!("not a value of {slot}"),
                    ));
                }
                let place = format!("values.{slot}.{value}");
                let regexes = patterns
                    .iter()
                    .map(|p| compile(&place, p))
                    .collect::<Result<_, _>>()?;
                compiled.push((value, regexes));
            }
            slots.push(slot.clone());
            values.push((slot, compiled));
        }
        let mut capture = Vec::new();
        for (slot, patterns) in sorted(file.capture) {
            let place = format!("capture.{slot}");
            if slot_kind(&slot).is_none() {
                return Err(invalid(place, "not an option a question can fill".into()));
            }
            let regexes: Vec<Regex> = patterns
                .iter()
                .map(|p| compile(&place, p))
                .collect::<Result<_, _>>()?;
            if let Some(r) = regexes.iter().find(|r| r.captures_len() < 2) {
                return Err(invalid(
                    place,
                    format!("pattern {:?} has no group", r.as_str()),
                ));
            }
            slots.push(slot.clone());
            capture.push((slot, regexes));
        }
        let mut intents = Vec::new();
        for intent in &file.intent {
            let place = format!("intent {:?}", intent.name);
            let mut patterns = Vec::new();
            for (language, list) in [
                (Language::En, &intent.en),
                (Language::ZhTw, &intent.zh_tw),
                (Language::Ja, &intent.ja),
            ] {
                if list.is_empty() {
                    return Err(invalid(place, format!("no {language} patterns")));
                }
                for p in list {
                    patterns.push((language, compile(&place, p)?));
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
                for slot in answer.needs.iter().chain(&answer.takes) {
                    let option = spec.options.iter().find(|o| o.name == slot);
                    let fits = option.is_some_and(|o| Some(o.kind) == slot_kind(slot))
                        && slots.contains(slot);
                    if !fits {
                        return Err(invalid(
                            place,
                            format!("/{} has no {slot} option a question can fill", spec.name),
                        ));
                    }
                }
                answers.push(Answer {
                    command: spec.name,
                    needs: answer.needs.clone(),
                    takes: answer.takes.clone(),
                });
            }
            intents.push(Intent { patterns, answers });
        }
        Ok(Intents {
            ignore,
            texts: file.texts,
            values,
            capture,
            intents,
        })
    }

    /// The command that answers `message`, or `None` when no intent matches.
    pub fn question(&self, message: &str) -> Option<Question> {
        let text = MENTION.replace_all(message, " ");
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let (intent, pattern_language) = self.intents.iter().find_map(|intent| {
            intent
                .patterns
                .iter()
                .find(|(_, r)| r.is_match(text))
                .map(|(language, _)| (intent, *language))
        })?;
        let found = self.slots(text);
        let answer = intent
            .answers
            .iter()
            .find(|a| a.needs.iter().all(|n| found.contains_key(n.as_str())))?;
        let options = answer
            .needs
            .iter()
            .chain(&answer.takes)
            .filter_map(|slot| found.get(slot.as_str()).map(|v| (slot.clone(), v.clone())))
            .collect();
        Some(Question {
            command: answer.command.to_owned(),
            options,
            language: language_of(text, pattern_language),
        })
    }

    /// A chat-only sentence in `language`.
    pub fn text(&self, text: ChatText, language: Language) -> &str {
        let t = &self.texts;
        match text {
            ChatText::Unplaced => t.unplaced.get(language),
            ChatText::Private => t.private.get(language),
            ChatText::ButtonRespond => t.button_respond.get(language),
            ChatText::ButtonShow => t.button_show.get(language),
        }
    }

    /// The option values named in `text`.
    fn slots(&self, text: &str) -> HashMap<&str, String> {
        let mut text = text.to_owned();
        for r in &self.ignore {
            text = r.replace_all(&text, " ").into_owned();
        }
        let mut found = HashMap::new();
        for (slot, named) in &self.values {
            // Each value at the position of its earliest word, so the first one named wins.
            let mut hits: Vec<(usize, &str)> = named
                .iter()
                .filter_map(|(value, regexes)| {
                    regexes
                        .iter()
                        .filter_map(|r| r.find(&text).map(|m| m.start()))
                        .min()
                        .map(|at| (at, value.as_str()))
                })
                .collect();
            hits.sort();
            if let Some((_, first)) = hits.first() {
                found.insert(slot.as_str(), (*first).to_owned());
            }
            if slot == "plan" && hits.len() >= 2 {
                let all: Vec<&str> = hits.iter().map(|(_, v)| *v).collect();
                found.insert("plans", all.join(","));
            }
        }
        for (slot, regexes) in &self.capture {
            let captured = regexes
                .iter()
                .find_map(|r| r.captures(&text).and_then(|c| c.get(1)))
                .map(|m| m.as_str().to_owned());
            if let Some(value) = captured {
                let value = match slot_kind(slot) {
                    // Written as the engine writes it, so the pointer to the command reads right.
                    Some(OptionKind::CaseId) => {
                        value.parse::<CaseId>().map_or(value, |id| id.to_string())
                    }
                    _ => value,
                };
                found.insert(slot.as_str(), value);
            }
        }
        found
    }
}

/// Kana → Japanese; Han characters alone → Traditional Chinese, unless a Japanese pattern
/// matched (kanji-only Japanese); otherwise the matching pattern's language.
fn language_of(text: &str, pattern: Language) -> Language {
    let kana = text
        .chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' | '\u{ff66}'..='\u{ff9f}'));
    let han = text
        .chars()
        .any(|c| matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}'));
    match (kana, han, pattern) {
        (true, _, _) => Language::Ja,
        (false, true, Language::Ja) => Language::Ja,
        (false, true, _) => Language::ZhTw,
        (false, false, language) => language,
    }
}

/// The language a message is written in, for a reply to a message no intent matched.
pub fn language_of_text(text: &str) -> Language {
    language_of(text, Language::En)
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
        intents().question(text).map(|q| (q.line(), q.language))
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
                "/entitlements plan:online",
                Language::En,
            ),
            ("有電話支援嗎", "/compare", Language::ZhTw),
            ("エスカレーションはできますか", "/compare", Language::Ja),
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
    fn other_messages_are_not_placed() {
        for text in ["hello", "thanks!", "<@1>", "", "ありがとう", "謝謝"] {
            assert_eq!(ask(text), None, "{text}");
        }
    }

    #[test]
    fn a_broken_file_names_the_place() {
        let path = Path::new("intents.toml");
        let good = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("data")
                .join(FILE),
        )
        .unwrap();
        let bad_command = good.replacen("command = \"hours\"", "command = \"opening\"", 1);
        let e = Intents::parse(&bad_command, path)
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("support hours") && e.contains("opening"), "{e}");
        let bad_option = good.replacen("takes = [\"region\"]", "takes = [\"plan\"]", 1);
        let e = Intents::parse(&bad_option, path).err().unwrap().to_string();
        assert!(e.contains("/hours has no plan option"), "{e}");
        let bad_regex = good.replacen("'\\bphone\\b'", "'(phone'", 1);
        let e = Intents::parse(&bad_regex, path).err().unwrap().to_string();
        assert!(e.contains("phone support") && e.contains("(phone"), "{e}");
    }
}
