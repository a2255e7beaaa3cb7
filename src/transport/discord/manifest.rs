//! The slash-command manifests Discord reads, generated: commands and options from the engine's
//! specs (`cmd::COMMANDS`, `cmd::GROUPS`), their names and descriptions in every language from
//! the message catalog, and the choices of plans, priorities and regions from the catalog's
//! lists. One JSON document per top-level command, keys in a fixed order.
//!
//! The bot registers what it generates; nothing reads `commands/`. That directory is the output
//! of `supportbot commands export commands`, committed so a review shows what Discord will show,
//! and a test fails when it is stale.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};
use twilight_validate::command as rules;

use crate::cmd::format::{language_msg, status_msg};
use crate::cmd::{self, OptionKind, OptionSpec, PAGE_MAX};
use crate::domain::case::CaseStatus;
use crate::domain::catalog::Catalog;
use crate::domain::org::SLUG_MAX;
use crate::i18n::{Language, Localized, Msg};

// Types of Discord's application-command schema.
const CHAT_INPUT: u8 = 1;
const SUB_COMMAND: u8 = 1;
const STRING: u8 = 3;
const INTEGER: u8 = 4;
const BOOLEAN: u8 = 5;
const USER: u8 = 6;
const CHANNEL: u8 = 7;
const ROLE: u8 = 8;
/// Where reminders can be posted: text (0) and announcement (5) channels.
const POSTING_CHANNELS: &[u8] = &[0, 5];

/// The command that rewrites `commands/`, for messages about a stale copy.
pub const EXPORT_COMMAND: &str = "cargo run -- commands export commands";

#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("/{command}: its group {group:?} is not in cmd::GROUPS")]
    NoGroup {
        command: &'static str,
        group: String,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot serialize /{command}: {message}")]
    Json { command: String, message: String },
}

/// One thing Discord would refuse: where (`/case file org`) and what, naming the text to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// A text's languages other than English (the default text) by their Discord locale.
type Localizations = BTreeMap<&'static str, String>;

/// The Discord locale of a language other than English.
fn discord_locale(language: Language) -> Option<&'static str> {
    match language {
        Language::En => None,
        Language::ZhTw => Some("zh-TW"),
        Language::Ja => Some("ja"),
    }
}

/// A text's English default and its other languages, from its text in each language.
fn localized<'a>(text: impl Fn(Language) -> &'a str) -> (String, Localizations) {
    let others = Language::ALL
        .iter()
        .filter_map(|&l| discord_locale(l).map(|locale| (locale, text(l).to_owned())))
        .collect();
    (text(Language::En).to_owned(), others)
}

/// A command, a subcommand or a value option, as Discord's schema has them; what a level does
/// not use stays empty and is left out.
#[derive(Debug, Clone, Serialize)]
struct Node {
    #[serde(rename = "type")]
    kind: u8,
    name: String,
    name_localizations: Localizations,
    description: String,
    description_localizations: Localizations,
    #[serde(skip_serializing_if = "is_false")]
    required: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    choices: Vec<Choice>,
    #[serde(skip_serializing_if = "is_false")]
    autocomplete: bool,
    #[serde(skip_serializing_if = "<[u8]>::is_empty")]
    channel_types: &'static [u8],
    #[serde(skip_serializing_if = "Option::is_none")]
    min_value: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_value: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_length: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    options: Vec<Node>,
    /// The message ids of its name and description, for problems.
    #[serde(skip)]
    texts: (Msg, Msg),
}

#[derive(Debug, Clone, Serialize)]
struct Choice {
    name: String,
    name_localizations: Localizations,
    value: String,
    /// Where its name comes from, for problems.
    #[serde(skip)]
    source: String,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// Every command Discord is to show, generated.
#[derive(Debug, Clone)]
pub struct Manifests {
    commands: Vec<Node>,
    /// Names whose English text is not the name the engine reads.
    mislabelled: Vec<Problem>,
}

impl Manifests {
    /// The manifests of the engine's commands, with `catalog`'s texts and lists.
    pub fn generate(catalog: &Catalog) -> Result<Manifests, ManifestError> {
        let mut by_name: BTreeMap<&str, Node> = BTreeMap::new();
        let mut mislabelled = Vec::new();
        let mut label = |at: &str, name: &str, msg: Msg| {
            let en = catalog.messages().get(msg, Language::En);
            if en != name {
                mislabelled.push(Problem {
                    at: at.to_owned(),
                    message: format!(
                        "message `{}` says {en:?} in English; it must be the name {name:?}",
                        msg.key()
                    ),
                });
            }
        };
        for spec in cmd::COMMANDS {
            let (head, name) = spec.name.rsplit_once(' ').unwrap_or(("", spec.name));
            label(&format!("/{}", spec.name), name, spec.label);
            let mut command = node(catalog, CHAT_INPUT, name, (spec.label, spec.help));
            for o in spec.options {
                label(&format!("/{} {}", spec.name, o.name), o.name, o.label);
                command.options.push(option(catalog, o));
            }
            if head.is_empty() {
                by_name.insert(spec.name, command);
                continue;
            }
            let group = cmd::group(spec.name).ok_or_else(|| ManifestError::NoGroup {
                command: spec.name,
                group: head.to_owned(),
            })?;
            let top = by_name.entry(group.name).or_insert_with(|| {
                label(&format!("/{}", group.name), group.name, group.label);
                node(catalog, CHAT_INPUT, group.name, (group.label, group.help))
            });
            command.kind = SUB_COMMAND;
            top.options.push(command);
        }
        Ok(Manifests {
            commands: by_name.into_values().collect(),
            mislabelled,
        })
    }

    /// How many top-level commands there are.
    pub fn count(&self) -> usize {
        self.commands.len()
    }

    /// The body of a bulk overwrite: every command.
    pub fn commands(&self) -> Value {
        serde_json::to_value(&self.commands).unwrap_or(Value::Null)
    }

    /// Each command as the file `export` writes: `<name>.json`, pretty JSON ending in a newline.
    pub fn files(&self) -> Result<Vec<(String, String)>, ManifestError> {
        self.commands
            .iter()
            .map(|c| match serde_json::to_string_pretty(c) {
                Ok(text) => Ok((format!("{}.json", c.name), text + "\n")),
                Err(e) => Err(ManifestError::Json {
                    command: c.name.clone(),
                    message: e.to_string(),
                }),
            })
            .collect()
    }

    /// Writes every command's file into `dir` (created if missing); returns the `*.json` files
    /// already there that are no command's, which it leaves alone.
    pub fn export(&self, dir: &Path) -> Result<Vec<String>, ManifestError> {
        let write = |path: &Path, text: &str| {
            std::fs::write(path, text).map_err(|source| ManifestError::Write {
                path: path.to_owned(),
                source,
            })
        };
        std::fs::create_dir_all(dir).map_err(|source| ManifestError::Write {
            path: dir.to_owned(),
            source,
        })?;
        let files = self.files()?;
        for (name, text) in &files {
            write(&dir.join(name), text)?;
        }
        let mut extra = json_files(dir)?;
        extra.retain(|n| !files.iter().any(|(f, _)| f == n));
        Ok(extra)
    }

    /// How `dir` differs from what `export` writes: each missing, different or extra `*.json`
    /// file. Empty when `dir` is up to date.
    pub fn stale(&self, dir: &Path) -> Result<Vec<String>, ManifestError> {
        let files = self.files()?;
        let present = json_files(dir)?;
        let mut out = Vec::new();
        for (name, text) in &files {
            let path = dir.join(name);
            if !present.contains(name) {
                out.push(format!("{} is missing", path.display()));
            } else if std::fs::read(&path).map_err(|source| ManifestError::Read {
                path: path.clone(),
                source,
            })? != text.as_bytes()
            {
                out.push(format!("{} differs", path.display()));
            }
        }
        for name in present {
            if !files.iter().any(|(n, _)| *n == name) {
                out.push(format!("{} is no command's", dir.join(name).display()));
            }
        }
        Ok(out)
    }

    /// Everything Discord would refuse. Generation fixes the schema (types, nesting, options
    /// matching the engine, choices against autocomplete); what is left comes from the texts
    /// and the catalog: names, description lengths, counts, the size of a command.
    pub fn problems(&self) -> Vec<Problem> {
        let mut check = Check {
            out: self.mislabelled.clone(),
        };
        if self.commands.len() > rules::GUILD_COMMAND_LIMIT {
            check.add(
                "commands",
                format!(
                    "{} commands; Discord allows {}",
                    self.commands.len(),
                    rules::GUILD_COMMAND_LIMIT
                ),
            );
        }
        for command in &self.commands {
            let at = format!("/{}", command.name);
            check.texts(&at, command);
            check.options(&at, &command.options);
            let size = chars(command);
            if size > rules::COMMAND_TOTAL_LENGTH {
                check.add(
                    &at,
                    format!(
                        "{size} characters of names, descriptions and choices; Discord allows {}",
                        rules::COMMAND_TOTAL_LENGTH
                    ),
                );
            }
        }
        check.out
    }

    /// Whether `registered` (Discord's answer to `GET …/commands?with_localizations=true`)
    /// already says what the manifests say, ignoring ids, versions and defaults.
    pub fn matches(&self, registered: &Value) -> bool {
        let by_name = |list: &Value| -> BTreeMap<String, Value> {
            list.as_array()
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|c| {
                    (
                        c["name"].as_str().unwrap_or_default().to_owned(),
                        canonical(c),
                    )
                })
                .collect()
        };
        by_name(&self.commands()) == by_name(registered)
    }
}

/// The `*.json` file names in `dir`, sorted.
fn json_files(dir: &Path) -> Result<Vec<String>, ManifestError> {
    let read_err = |source| ManifestError::Read {
        path: dir.to_owned(),
        source,
    };
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let path = entry.map_err(read_err)?.path();
        if path.extension().is_some_and(|e| e == "json")
            && let Some(name) = path.file_name().and_then(|n| n.to_str())
        {
            names.push(name.to_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// A level with its name and description, nothing else yet.
fn node(catalog: &Catalog, kind: u8, name: &str, (label, about): (Msg, Msg)) -> Node {
    let messages = catalog.messages();
    let (_, name_localizations) = localized(|l| messages.get(label, l));
    let (description, description_localizations) = localized(|l| messages.get(about, l));
    Node {
        kind,
        name: name.to_owned(),
        name_localizations,
        description,
        description_localizations,
        required: false,
        choices: Vec::new(),
        autocomplete: false,
        channel_types: &[],
        min_value: None,
        max_value: None,
        max_length: None,
        options: Vec::new(),
        texts: (label, about),
    }
}

/// A value option: its Discord type, choices or autocomplete, and bounds, all from its kind.
fn option(catalog: &Catalog, o: &OptionSpec) -> Node {
    let kind = match o.kind {
        OptionKind::User => USER,
        OptionKind::Channel => CHANNEL,
        OptionKind::Role => ROLE,
        OptionKind::Flag => BOOLEAN,
        OptionKind::Page => INTEGER,
        _ => STRING,
    };
    let choices = choices(catalog, o.kind);
    let page = o.kind == OptionKind::Page;
    Node {
        required: o.required,
        autocomplete: matches!(
            o.kind,
            OptionKind::Org | OptionKind::Product | OptionKind::CaseId
        ),
        channel_types: match o.kind {
            OptionKind::Channel => POSTING_CHANNELS,
            _ => &[],
        },
        min_value: page.then_some(1),
        max_value: page.then_some(PAGE_MAX),
        max_length: (kind == STRING && choices.is_empty()).then(|| match o.kind {
            OptionKind::NewId => SLUG_MAX,
            other => other.max_chars(),
        }),
        choices,
        ..node(catalog, kind, o.name, (o.label, o.about))
    }
}

/// The values of a kind that takes one of a fixed list, named in every language.
fn choices(catalog: &Catalog, kind: OptionKind) -> Vec<Choice> {
    let choice = |value: &str, name: &Localized, source: String| {
        let (en, name_localizations) = localized(|l| name.get(l));
        Choice {
            name: en,
            name_localizations,
            value: value.to_owned(),
            source,
        }
    };
    let from_message = |value: &str, msg: Msg| {
        let name = Localized::from_fn(|l| catalog.messages().get(msg, l).to_owned());
        choice(value, &name, format!("message `{}`", msg.key()))
    };
    match kind {
        OptionKind::Plan => catalog
            .plans()
            .iter()
            .map(|p| choice(p.id.as_str(), &p.name, format!("plan `{}`", p.id)))
            .collect(),
        // Led by the short label ("P1 · Priority 1"): Discord filters choices by what the user
        // types, and people type "p1".
        OptionKind::Priority => catalog
            .priorities()
            .iter()
            .map(|p| {
                let labelled =
                    Localized::from_fn(|l| format!("{} · {}", p.id.label(), p.name.get(l)));
                choice(p.id.as_str(), &labelled, format!("priority `{}`", p.id))
            })
            .collect(),
        OptionKind::Region => catalog
            .regions()
            .iter()
            .map(|r| choice(r.id.as_str(), &r.name, format!("region `{}`", r.id)))
            .collect(),
        OptionKind::Status => [CaseStatus::Open, CaseStatus::Responded, CaseStatus::Closed]
            .into_iter()
            .map(|s| from_message(s.as_str(), status_msg(s)))
            .collect(),
        OptionKind::Language => Language::ALL
            .iter()
            .map(|&l| from_message(l.as_str(), language_msg(l)))
            .collect(),
        _ => Vec::new(),
    }
}

/// A text in every language: the English default with `en-US`, then its localizations.
fn languages<'a>(
    text: &'a str,
    localized: &'a Localizations,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    std::iter::once(("en-US", text)).chain(localized.iter().map(|(l, t)| (*l, t.as_str())))
}

struct Check {
    out: Vec<Problem>,
}

impl Check {
    fn add(&mut self, at: &str, message: impl Into<String>) {
        self.out.push(Problem {
            at: at.to_owned(),
            message: message.into(),
        });
    }

    /// A level's name (1–32 lowercase letters, digits, `-` or `_`) and description (1–100
    /// characters), in every language.
    fn texts(&mut self, at: &str, node: &Node) {
        let (label, about) = node.texts;
        for (locale, name) in languages(&node.name, &node.name_localizations) {
            if rules::option_name(name).is_err() {
                self.add(at, format!("the {locale} name {name:?} (message `{}`) is not 1–32 lowercase letters, digits, - or _", label.key()));
            }
        }
        for (locale, text) in languages(&node.description, &node.description_localizations) {
            if rules::description(text).is_err() {
                let n = text.chars().count();
                self.add(at, format!("the {locale} description (message `{}`) has {n} characters; Discord wants {}–{}", about.key(), rules::DESCRIPTION_LENGTH_MIN, rules::DESCRIPTION_LENGTH_MAX));
            }
        }
    }

    fn options(&mut self, at: &str, options: &[Node]) {
        if options.len() > rules::OPTIONS_LIMIT {
            let n = options.len();
            self.add(
                at,
                format!("{n} options; Discord allows {}", rules::OPTIONS_LIMIT),
            );
        }
        // Discord tells the options of a level apart by their name in every language.
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        let mut optional_seen = false;
        for o in options {
            let here = format!("{at} {}", o.name);
            self.texts(&here, o);
            for (locale, name) in languages(&o.name, &o.name_localizations) {
                if !seen.insert((locale, name)) {
                    self.add(
                        &here,
                        format!(
                            "the {locale} name {name:?} (message `{}`) is used twice at this level",
                            o.texts.0.key()
                        ),
                    );
                }
            }
            if o.kind == SUB_COMMAND {
                self.options(&here, &o.options);
                continue;
            }
            if o.required && optional_seen {
                self.add(
                    &here,
                    "a required option must come before the optional ones (cmd::COMMANDS)",
                );
            }
            optional_seen |= !o.required;
            if o.choices.len() > rules::CHOICES_LIMIT {
                let n = o.choices.len();
                self.add(
                    &here,
                    format!("{n} choices; Discord allows {}", rules::CHOICES_LIMIT),
                );
            }
            for c in &o.choices {
                self.choice(&format!("{here} {}", c.value), c);
            }
        }
    }

    fn choice(&mut self, at: &str, c: &Choice) {
        let (min, max) = (
            rules::OPTION_CHOICE_NAME_LENGTH_MIN,
            rules::OPTION_CHOICE_NAME_LENGTH_MAX,
        );
        for (locale, name) in languages(&c.name, &c.name_localizations) {
            if rules::choice_name(name).is_err() {
                let n = name.chars().count();
                self.add(
                    at,
                    format!(
                        "the {locale} name of {} has {n} characters; Discord wants {min}–{max}",
                        c.source
                    ),
                );
            }
        }
        let n = c.value.chars().count();
        let (min, max) = (
            rules::OPTION_CHOICE_STRING_VALUE_LENGTH_MIN,
            rules::OPTION_CHOICE_STRING_VALUE_LENGTH_MAX,
        );
        if !(min..=max).contains(&n) {
            self.add(
                at,
                format!(
                    "the id of {} has {n} characters; Discord wants {min}–{max}",
                    c.source
                ),
            );
        }
    }
}

/// Characters Discord counts towards a command's size: each name and description at its longest
/// localization, choices' names and values, nested options. (twilight-validate counts bytes,
/// which would hold Chinese and Japanese texts to a third of the limit.)
fn chars(node: &Node) -> usize {
    let longest = |text: &str, localized: &Localizations| {
        languages(text, localized)
            .map(|(_, t)| t.chars().count())
            .max()
            .unwrap_or(0)
    };
    longest(&node.name, &node.name_localizations)
        + longest(&node.description, &node.description_localizations)
        + node
            .choices
            .iter()
            .map(|c| longest(&c.name, &c.name_localizations) + c.value.chars().count())
            .sum::<usize>()
        + node.options.iter().map(chars).sum::<usize>()
}

/// A command reduced to what it means: only the keys the manifests use, no nulls, no defaults
/// (`false`, empty lists and maps), numbers as floats, so Discord's answer compares equal.
fn canonical(v: &Value) -> Value {
    canonical_in(v, false)
}

/// `canonical`; inside a localization map (`localized`) every key is a locale and is kept.
fn canonical_in(v: &Value, localized: bool) -> Value {
    const KEYS: &[&str] = &[
        "type",
        "name",
        "name_localizations",
        "description",
        "description_localizations",
        "options",
        "required",
        "choices",
        "value",
        "autocomplete",
        "channel_types",
        "min_value",
        "max_value",
        "min_length",
        "max_length",
        "default_member_permissions",
        "nsfw",
    ];
    match v {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let empty = match v {
                    Value::Null | Value::Bool(false) => true,
                    Value::Array(a) => a.is_empty(),
                    Value::Object(o) => o.is_empty(),
                    _ => false,
                };
                if (localized || KEYS.contains(&k.as_str())) && !empty {
                    out.insert(k.clone(), canonical_in(v, k.ends_with("_localizations")));
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| canonical_in(x, false)).collect()),
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Number(n.clone()), Value::Number),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn built_in() -> Manifests {
        let catalog = Catalog::load_from(&crate::domain::catalog::CatalogFiles::BuiltIn)
            .expect("the built-in catalog loads");
        Manifests::generate(&catalog).expect("the manifests generate")
    }

    #[test]
    fn registered_commands_compare_without_discords_additions() {
        let m = built_in();
        let ours = m.commands();
        let mut theirs = ours.clone();
        for command in theirs.as_array_mut().expect("a list") {
            command["id"] = json!("1");
            command["version"] = json!("2");
            command["default_member_permissions"] = Value::Null;
            command["nsfw"] = json!(false);
        }
        let case = theirs
            .as_array_mut()
            .and_then(|l| l.iter_mut().find(|c| c["name"] == "case"))
            .expect("/case");
        let list = case["options"]
            .as_array_mut()
            .and_then(|l| l.iter_mut().find(|c| c["name"] == "list"))
            .expect("/case list");
        let page = list["options"]
            .as_array_mut()
            .and_then(|l| l.iter_mut().find(|c| c["name"] == "page"))
            .expect("/case list page");
        page["required"] = json!(false);
        page["min_value"] = json!(1.0);
        assert!(m.matches(&theirs));
        let mut changed = theirs.clone();
        changed[0]["description"] = json!("other");
        assert!(!m.matches(&changed));
        let mut extra = theirs.clone();
        extra
            .as_array_mut()
            .expect("a list")
            .push(json!({ "name": "extra", "description": "x" }));
        assert!(!m.matches(&extra));
    }

    #[test]
    fn every_group_of_the_commands_is_declared() {
        for spec in cmd::COMMANDS {
            if let Some((top, _)) = spec.name.split_once(' ') {
                assert!(cmd::group(spec.name).is_some(), "/{top} is not in GROUPS");
            }
        }
        for group in cmd::GROUPS {
            assert!(
                cmd::COMMANDS
                    .iter()
                    .any(|s| s.name.starts_with(&format!("{} ", group.name))),
                "group {} has no command",
                group.name
            );
        }
    }
}
