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
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value};
use twilight_validate::command as rules;

use crate::cmd::format::{language_msg, status_msg};
use crate::cmd::{self, CommandSpec, OptionKind, OptionSpec, PAGE_MAX};
use crate::domain::case::CaseStatus;
use crate::domain::catalog::Catalog;
use crate::domain::org::SLUG_MAX;
use crate::i18n::{Language, Localized, Messages, Msg};

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

/// A text in every language the bot speaks, as Discord takes it: the English text is the
/// default, the others are keyed by their Discord locale, in `Language::ALL` order.
#[derive(Debug, Clone, Default)]
struct Localizations(Vec<(&'static str, String)>);

impl Localizations {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Localizations {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (locale, text) in &self.0 {
            map.serialize_entry(locale, text)?;
        }
        map.end()
    }
}

/// The Discord locale of a language other than English (English is the default text).
fn discord_locale(language: Language) -> Option<&'static str> {
    match language {
        Language::En => None,
        Language::ZhTw => Some("zh-TW"),
        Language::Ja => Some("ja"),
    }
}

/// A text's English default and its other languages.
fn localized(text: &Localized) -> (String, Localizations) {
    let others = Language::ALL
        .iter()
        .filter_map(|&l| discord_locale(l).map(|locale| (locale, text.get(l).to_owned())))
        .collect();
    (text.en.clone(), Localizations(others))
}

fn message(messages: &Messages, msg: Msg) -> Localized {
    Localized {
        en: messages.get(msg, Language::En).to_owned(),
        zh_tw: messages.get(msg, Language::ZhTw).to_owned(),
        ja: messages.get(msg, Language::Ja).to_owned(),
    }
}

/// A top-level command as Discord's schema has it.
#[derive(Debug, Clone, Serialize)]
struct Manifest {
    #[serde(rename = "type")]
    kind: u8,
    name: String,
    name_localizations: Localizations,
    description: String,
    description_localizations: Localizations,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    options: Vec<ManifestOption>,
    /// Where its texts come from, for problems.
    #[serde(skip)]
    texts: Texts,
}

/// A subcommand or a value option.
#[derive(Debug, Clone, Serialize)]
struct ManifestOption {
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
    options: Vec<ManifestOption>,
    #[serde(skip)]
    texts: Texts,
}

#[derive(Debug, Clone, Serialize)]
struct Choice {
    name: String,
    #[serde(skip_serializing_if = "Localizations::is_empty")]
    name_localizations: Localizations,
    value: String,
    /// Where its name comes from, for problems.
    #[serde(skip)]
    source: String,
}

/// The message ids of a command's or option's name and description.
#[derive(Debug, Clone, Copy)]
struct Texts {
    label: Msg,
    about: Msg,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// Every command Discord is to show, generated.
#[derive(Debug, Clone)]
pub struct Manifests {
    commands: Vec<Manifest>,
    /// Names whose English text is not the name the engine reads.
    mislabelled: Vec<Problem>,
}

impl Manifests {
    /// The manifests of the engine's commands, with `catalog`'s texts and lists.
    pub fn generate(catalog: &Catalog) -> Result<Manifests, ManifestError> {
        let messages = catalog.messages();
        let mut by_name: BTreeMap<&str, Manifest> = BTreeMap::new();
        let mut mislabelled = Vec::new();
        for spec in cmd::COMMANDS {
            let Some((top, _)) = spec.name.split_once(' ') else {
                let (name, _) = split(spec.name);
                let node = node(messages, name, spec.label, spec.help);
                by_name.insert(
                    spec.name,
                    Manifest {
                        kind: CHAT_INPUT,
                        options: options(catalog, spec, &mut mislabelled),
                        ..node
                    },
                );
                mislabelled.extend(check_label(
                    messages,
                    &format!("/{}", spec.name),
                    name,
                    spec.label,
                ));
                continue;
            };
            let group = cmd::group(spec.name).ok_or_else(|| ManifestError::NoGroup {
                command: spec.name,
                group: top.to_owned(),
            })?;
            let manifest = by_name.entry(group.name).or_insert_with(|| {
                mislabelled.extend(check_label(messages, &format!("/{top}"), top, group.label));
                node(messages, group.name, group.label, group.help)
            });
            let (name, _) = split(spec.name);
            mislabelled.extend(check_label(
                messages,
                &format!("/{}", spec.name),
                name,
                spec.label,
            ));
            let sub = node(messages, name, spec.label, spec.help);
            manifest.options.push(ManifestOption {
                kind: SUB_COMMAND,
                options: options(catalog, spec, &mut mislabelled),
                ..option_node(sub)
            });
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
            .map(|c| {
                let text = serde_json::to_string_pretty(c).map_err(|e| ManifestError::Json {
                    command: c.name.clone(),
                    message: e.to_string(),
                })?;
                Ok((format!("{}.json", c.name), text + "\n"))
            })
            .collect()
    }

    /// Writes every command's file into `dir` (created if missing); returns the `*.json` files
    /// already there that are no command's, which it leaves alone.
    pub fn export(&self, dir: &Path) -> Result<Vec<String>, ManifestError> {
        let write_err = |path: &Path| {
            let path = path.to_owned();
            move |source| ManifestError::Write { path, source }
        };
        std::fs::create_dir_all(dir).map_err(write_err(dir))?;
        let files = self.files()?;
        for (name, text) in &files {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(write_err(&path))?;
        }
        let known: HashSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        Ok(json_files(dir)?
            .into_iter()
            .filter(|n| !known.contains(n.as_str()))
            .collect())
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
                continue;
            }
            let on_disk = std::fs::read(&path).map_err(|source| ManifestError::Read {
                path: path.clone(),
                source,
            })?;
            if on_disk != text.as_bytes() {
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
    /// and the catalog: names, description lengths, choice counts, the size of a command.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = self.mislabelled.clone();
        if self.commands.len() > rules::GUILD_COMMAND_LIMIT {
            out.push(Problem {
                at: "commands".to_owned(),
                message: format!(
                    "{} commands; Discord allows {}",
                    self.commands.len(),
                    rules::GUILD_COMMAND_LIMIT
                ),
            });
        }
        for command in &self.commands {
            let at = format!("/{}", command.name);
            let mut check = Check { out: &mut out };
            check.name(
                &at,
                &command.name,
                &command.name_localizations,
                command.texts,
            );
            check.description(
                &at,
                &command.description,
                &command.description_localizations,
                command.texts,
            );
            check.options(&at, &command.options);
            let size = command_chars(command);
            if size > rules::COMMAND_TOTAL_LENGTH {
                check.add(
                    &at,
                    format!(
                        "{size} characters of names, descriptions and choices; Discord allows {}: shorten its texts",
                        rules::COMMAND_TOTAL_LENGTH
                    ),
                );
            }
        }
        out
    }

    /// Whether `registered` (Discord's answer to `GET …/commands?with_localizations=true`)
    /// already says what the manifests say, ignoring ids, versions and defaults.
    pub fn matches(&self, registered: &Value) -> bool {
        let by_name = |list: &[Value]| -> BTreeMap<String, Value> {
            list.iter()
                .map(|c| {
                    let name = c.get("name").and_then(Value::as_str).unwrap_or_default();
                    (name.to_owned(), canonical(c))
                })
                .collect()
        };
        let ours = self.commands();
        let ours = by_name(ours.as_array().map_or(&[][..], Vec::as_slice));
        let theirs = by_name(registered.as_array().map_or(&[][..], Vec::as_slice));
        ours == theirs
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

/// The last word of a command path (`file` of `case file`) and the words before it.
fn split(path: &str) -> (&str, &str) {
    path.rsplit_once(' ')
        .map_or((path, ""), |(head, last)| (last, head))
}

/// A command with its name and description, no options yet.
fn node(messages: &Messages, name: &str, label: Msg, help: Msg) -> Manifest {
    let (_, name_localizations) = localized(&message(messages, label));
    let (description, description_localizations) = localized(&message(messages, help));
    Manifest {
        kind: CHAT_INPUT,
        name: name.to_owned(),
        name_localizations,
        description,
        description_localizations,
        options: Vec::new(),
        texts: Texts { label, about: help },
    }
}

fn option_node(node: Manifest) -> ManifestOption {
    ManifestOption {
        kind: node.kind,
        name: node.name,
        name_localizations: node.name_localizations,
        description: node.description,
        description_localizations: node.description_localizations,
        required: false,
        choices: Vec::new(),
        autocomplete: false,
        channel_types: &[],
        min_value: None,
        max_value: None,
        max_length: None,
        options: Vec::new(),
        texts: node.texts,
    }
}

/// A name's English text must be the name itself: Discord shows it, the engine reads it.
fn check_label(messages: &Messages, at: &str, name: &str, label: Msg) -> Option<Problem> {
    let en = messages.get(label, Language::En);
    (en != name).then(|| Problem {
        at: at.to_owned(),
        message: format!(
            "message `{}` says {en:?} in English; it must be the name {name:?}",
            label.key()
        ),
    })
}

fn options(
    catalog: &Catalog,
    spec: &CommandSpec,
    mislabelled: &mut Vec<Problem>,
) -> Vec<ManifestOption> {
    spec.options
        .iter()
        .map(|o| {
            let at = format!("/{} {}", spec.name, o.name);
            mislabelled.extend(check_label(catalog.messages(), &at, o.name, o.label));
            option(catalog, o)
        })
        .collect()
}

/// A value option: its Discord type, choices or autocomplete, and bounds, all from its kind.
fn option(catalog: &Catalog, o: &OptionSpec) -> ManifestOption {
    let base = option_node(node(catalog.messages(), o.name, o.label, o.about));
    let kind = match o.kind {
        OptionKind::User => USER,
        OptionKind::Channel => CHANNEL,
        OptionKind::Role => ROLE,
        OptionKind::Flag => BOOLEAN,
        OptionKind::Page => INTEGER,
        _ => STRING,
    };
    let choices = choices(catalog, o.kind);
    let max_length = (kind == STRING && choices.is_empty()).then(|| match o.kind {
        OptionKind::NewId => SLUG_MAX,
        other => other.max_chars(),
    });
    ManifestOption {
        kind,
        required: o.required,
        autocomplete: matches!(
            o.kind,
            OptionKind::Org | OptionKind::Product | OptionKind::CaseId
        ),
        channel_types: if o.kind == OptionKind::Channel {
            POSTING_CHANNELS
        } else {
            &[]
        },
        min_value: (o.kind == OptionKind::Page).then_some(1),
        max_value: (o.kind == OptionKind::Page).then_some(PAGE_MAX),
        max_length,
        choices,
        ..base
    }
}

/// The values of a kind that takes one of a fixed list, named in every language.
fn choices(catalog: &Catalog, kind: OptionKind) -> Vec<Choice> {
    let choice = |value: &str, name: &Localized, source: String| {
        let (en, name_localizations) = localized(name);
        Choice {
            name: en,
            name_localizations,
            value: value.to_owned(),
            source,
        }
    };
    let from_message = |value: &str, msg: Msg| {
        choice(
            value,
            &message(catalog.messages(), msg),
            format!("message `{}`", msg.key()),
        )
    };
    match kind {
        OptionKind::Plan => catalog
            .plans()
            .iter()
            .map(|p| choice(p.id.as_str(), &p.name, format!("plan `{}`", p.id)))
            .collect(),
        OptionKind::Priority => catalog
            .priorities()
            .iter()
            .map(|p| choice(p.id.as_str(), &p.name, format!("priority `{}`", p.id)))
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

struct Check<'a> {
    out: &'a mut Vec<Problem>,
}

impl Check<'_> {
    fn add(&mut self, at: &str, message: impl Into<String>) {
        self.out.push(Problem {
            at: at.to_owned(),
            message: message.into(),
        });
    }

    /// A name and its localizations: 1–32 lowercase letters, digits, `-` or `_`.
    fn name(&mut self, at: &str, name: &str, localized: &Localizations, texts: Texts) {
        let all = std::iter::once(("en-US", name))
            .chain(localized.0.iter().map(|(l, t)| (*l, t.as_str())));
        for (locale, text) in all {
            if rules::option_name(text).is_err() {
                self.add(
                    at,
                    format!(
                        "the {locale} name {text:?} (message `{}`) is not 1–32 lowercase letters, digits, - or _",
                        texts.label.key()
                    ),
                );
            }
        }
    }

    fn description(&mut self, at: &str, text: &str, localized: &Localizations, texts: Texts) {
        let all = std::iter::once(("en-US", text))
            .chain(localized.0.iter().map(|(l, t)| (*l, t.as_str())));
        for (locale, text) in all {
            if rules::description(text).is_err() {
                self.add(
                    at,
                    format!(
                        "the {locale} description (message `{}`) has {} characters; Discord wants {}–{}",
                        texts.about.key(),
                        text.chars().count(),
                        rules::DESCRIPTION_LENGTH_MIN,
                        rules::DESCRIPTION_LENGTH_MAX
                    ),
                );
            }
        }
    }

    fn options(&mut self, at: &str, options: &[ManifestOption]) {
        if options.len() > rules::OPTIONS_LIMIT {
            self.add(
                at,
                format!(
                    "{} options; Discord allows {}",
                    options.len(),
                    rules::OPTIONS_LIMIT
                ),
            );
        }
        // Discord tells options apart by name in every language it shows.
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        let mut optional_seen = false;
        for o in options {
            let here = format!("{at} {}", o.name);
            self.name(&here, &o.name, &o.name_localizations, o.texts);
            self.description(&here, &o.description, &o.description_localizations, o.texts);
            let names = std::iter::once(("en-US", o.name.as_str()))
                .chain(o.name_localizations.0.iter().map(|(l, t)| (*l, t.as_str())));
            for (locale, name) in names {
                if !seen.insert((locale, name)) {
                    self.add(
                        &here,
                        format!(
                            "the {locale} name {name:?} (message `{}`) is used twice at this level",
                            o.texts.label.key()
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
            self.choices(&here, &o.choices);
        }
    }

    fn choices(&mut self, at: &str, choices: &[Choice]) {
        if choices.len() > rules::CHOICES_LIMIT {
            self.add(
                at,
                format!(
                    "{} choices; Discord allows {}",
                    choices.len(),
                    rules::CHOICES_LIMIT
                ),
            );
        }
        for c in choices {
            let here = format!("{at} {}", c.value);
            let names = std::iter::once(("en-US", c.name.as_str()))
                .chain(c.name_localizations.0.iter().map(|(l, t)| (*l, t.as_str())));
            for (locale, name) in names {
                if rules::choice_name(name).is_err() {
                    self.add(
                        &here,
                        format!(
                            "the {locale} name of {} has {} characters; Discord wants {}–{}",
                            c.source,
                            name.chars().count(),
                            rules::OPTION_CHOICE_NAME_LENGTH_MIN,
                            rules::OPTION_CHOICE_NAME_LENGTH_MAX
                        ),
                    );
                }
            }
            let len = c.value.chars().count();
            if !(rules::OPTION_CHOICE_STRING_VALUE_LENGTH_MIN
                ..=rules::OPTION_CHOICE_STRING_VALUE_LENGTH_MAX)
                .contains(&len)
            {
                self.add(
                    &here,
                    format!(
                        "the id of {} has {len} characters; Discord wants {}–{}",
                        c.source,
                        rules::OPTION_CHOICE_STRING_VALUE_LENGTH_MIN,
                        rules::OPTION_CHOICE_STRING_VALUE_LENGTH_MAX
                    ),
                );
            }
        }
    }
}

/// The longest of a text's languages, in characters.
fn longest(text: &str, localized: &Localizations) -> usize {
    localized
        .0
        .iter()
        .map(|(_, t)| t.chars().count())
        .chain([text.chars().count()])
        .max()
        .unwrap_or(0)
}

/// Characters Discord counts towards a command's size: each name and description at its longest
/// localization, choices' names and values, nested options. (twilight-validate counts bytes,
/// which would hold Chinese and Japanese texts to a third of the limit.)
fn command_chars(command: &Manifest) -> usize {
    longest(&command.name, &command.name_localizations)
        + longest(&command.description, &command.description_localizations)
        + command.options.iter().map(option_chars).sum::<usize>()
}

fn option_chars(o: &ManifestOption) -> usize {
    longest(&o.name, &o.name_localizations)
        + longest(&o.description, &o.description_localizations)
        + o.choices
            .iter()
            .map(|c| longest(&c.name, &c.name_localizations) + c.value.chars().count())
            .sum::<usize>()
        + o.options.iter().map(option_chars).sum::<usize>()
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

    #[test]
    fn sizes_count_characters_not_bytes() {
        let m = built_in();
        let case = m.commands.iter().find(|c| c.name == "case").expect("/case");
        let bytes = serde_json::to_string(case).expect("JSON").len();
        let chars = command_chars(case);
        assert!(chars < bytes, "{chars} characters, {bytes} bytes");
        assert!(chars <= rules::COMMAND_TOTAL_LENGTH, "{chars}");
    }
}
