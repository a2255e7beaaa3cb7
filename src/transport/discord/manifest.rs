//! The slash-command manifests in `commands/`, one JSON file per top-level command, exactly as
//! Discord reads them. They are checked against Discord's rules and against the engine's table
//! of commands (`cmd::COMMANDS`), so a command Discord shows is one the engine answers, with the
//! same options, and the other way round.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use crate::cmd::{self, CommandSpec, OptionKind};

/// The locales Discord accepts in `name_localizations` and `description_localizations`.
pub const LOCALES: [&str; 32] = [
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th",
    "zh-CN", "ja", "zh-TW", "ko",
];

static NAME: LazyLock<Regex> = LazyLock::new(|| {
    // Discord's pattern for chat-input command and option names; fixed, so it compiles.
    Regex::new(r"^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$").unwrap_or_else(|_| unreachable!())
});

// Option types of Discord's application-command schema.
const SUB_COMMAND: u64 = 1;
const SUB_COMMAND_GROUP: u64 = 2;
const STRING: u64 = 3;
const INTEGER: u64 = 4;
const BOOLEAN: u64 = 5;
const USER: u64 = 6;
const CHANNEL: u64 = 7;
const ROLE: u64 = 8;
const NUMBER: u64 = 10;

/// Most options per level, choices per option, and chat-input commands per application.
const MAX_OPTIONS: usize = 25;
const MAX_CHOICES: usize = 25;
const MAX_COMMANDS: usize = 100;
/// Characters of names, descriptions and choices of one command (Discord's older, safe limit).
const MAX_COMMAND_CHARS: usize = 4000;

#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not JSON: {message}")]
    Json { path: PathBuf, message: String },
    #[error("{dir}: no *.json command manifests (point --dir or SUPPORTBOT_COMMANDS at commands/)")]
    Empty { dir: PathBuf },
}

/// One thing wrong with a manifest: the file, where in it (`/case respond id`), and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub at: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.at, self.message)
        }
    }
}

/// The manifests of a directory, in file-name order.
#[derive(Debug, Clone)]
pub struct Manifests {
    files: Vec<(String, Value)>,
}

impl Manifests {
    pub fn load(dir: &Path) -> Result<Manifests, ManifestError> {
        let read_err = |source| ManifestError::Read {
            path: dir.to_owned(),
            source,
        };
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(read_err)? {
            let path = entry.map_err(read_err)?.path();
            if path.extension().is_some_and(|e| e == "json") {
                paths.push(path);
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err(ManifestError::Empty {
                dir: dir.to_owned(),
            });
        }
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|source| ManifestError::Read {
                path: path.clone(),
                source,
            })?;
            let value = serde_json::from_str(&text).map_err(|e| ManifestError::Json {
                path: path.clone(),
                message: e.to_string(),
            })?;
            files.push((path.display().to_string(), value));
        }
        Ok(Manifests { files })
    }

    /// How many commands (files) there are.
    pub fn count(&self) -> usize {
        self.files.len()
    }

    /// The body of a bulk overwrite: every command.
    pub fn commands(&self) -> Value {
        Value::Array(self.files.iter().map(|(_, c)| c.clone()).collect())
    }

    /// Everything wrong: Discord's rules first, then disagreements with the engine.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        self.discord_rules(&mut out);
        self.engine_agreement(&mut out);
        out
    }

    /// Whether `registered` (Discord's answer to `GET …/commands?with_localizations=true`)
    /// already says what the manifests say, ignoring ids, versions and defaults.
    pub fn matches(&self, registered: &Value) -> bool {
        let by_name = |list: &[Value]| -> BTreeMap<String, Value> {
            list.iter()
                .map(|c| (text(c, "name").to_owned(), canonical(c)))
                .collect()
        };
        let ours = by_name(
            &self
                .files
                .iter()
                .map(|(_, c)| c.clone())
                .collect::<Vec<_>>(),
        );
        let theirs = by_name(registered.as_array().map_or(&[][..], Vec::as_slice));
        ours == theirs
    }

    fn discord_rules(&self, out: &mut Vec<Problem>) {
        if self.files.len() > MAX_COMMANDS {
            out.push(problem(
                "commands",
                "",
                format!(
                    "{} commands; Discord allows {MAX_COMMANDS}",
                    self.files.len()
                ),
            ));
        }
        let mut level = Level::default();
        for (file, command) in &self.files {
            let mut check = Check { file, out };
            let name = text(command, "name");
            let stem = Path::new(file)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            if !command.is_object() {
                check.add("", "is not a JSON object");
                continue;
            }
            if stem != name {
                check.add(
                    "",
                    format!("names the command {name:?}; the file must be {name}.json"),
                );
            }
            match command.get("type").map(Value::as_u64) {
                None | Some(Some(1)) => {}
                _ => check.add("type", "must be 1 (a chat-input command)"),
            }
            let at = format!("/{name}");
            check.texts(&at, command);
            level.add(&mut check, &at, command);
            let options = array(command, "options");
            check.options(&at, options, 0);
            let weight = weight(command);
            if weight > MAX_COMMAND_CHARS {
                check.add(&at, format!("{weight} characters of names, descriptions and choices; Discord allows {MAX_COMMAND_CHARS}"));
            }
        }
    }

    fn engine_agreement(&self, out: &mut Vec<Problem>) {
        let mut declared = Vec::new();
        for (file, command) in &self.files {
            leaves(file, text(command, "name"), command, &mut declared);
        }
        for (file, path, leaf) in &declared {
            let mut check = Check { file, out };
            let Some(spec) = cmd::spec(path).filter(|s| s.name == path) else {
                check.add(
                    &format!("/{path}"),
                    "the engine has no such command (cmd::COMMANDS)",
                );
                continue;
            };
            check.against(spec, leaf);
        }
        for spec in cmd::COMMANDS {
            if !declared.iter().any(|(_, path, _)| path == spec.name) {
                let top = spec.name.split(' ').next().unwrap_or(spec.name);
                out.push(problem(
                    &format!("commands/{top}.json"),
                    &format!("/{}", spec.name),
                    "the engine answers this command but no manifest declares it".to_owned(),
                ));
            }
        }
    }
}

fn problem(file: &str, at: &str, message: String) -> Problem {
    Problem {
        file: file.to_owned(),
        at: at.to_owned(),
        message,
    }
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn kind_of(v: &Value) -> u64 {
    v.get("type").and_then(Value::as_u64).unwrap_or(0)
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The Discord option type the engine's kind arrives as.
fn discord_type(kind: OptionKind) -> u64 {
    match kind {
        OptionKind::User => USER,
        OptionKind::Channel => CHANNEL,
        OptionKind::Role => ROLE,
        OptionKind::Flag => BOOLEAN,
        OptionKind::Page => INTEGER,
        _ => STRING,
    }
}

/// Kinds whose values depend on the store: Discord asks the bot while they are typed.
fn autocompleted(kind: OptionKind) -> bool {
    matches!(
        kind,
        OptionKind::Org | OptionKind::Product | OptionKind::CaseId
    )
}

fn type_name(t: u64) -> &'static str {
    match t {
        SUB_COMMAND => "subcommand",
        SUB_COMMAND_GROUP => "subcommand group",
        STRING => "string",
        INTEGER => "integer",
        BOOLEAN => "boolean",
        USER => "user",
        CHANNEL => "channel",
        ROLE => "role",
        9 => "mentionable",
        NUMBER => "number",
        11 => "attachment",
        _ => "unknown",
    }
}

/// Every command path a manifest declares (`case file`) with its options.
fn leaves<'a>(
    file: &'a str,
    path: &str,
    node: &'a Value,
    out: &mut Vec<(&'a str, String, &'a [Value])>,
) {
    let options = array(node, "options");
    let subs: Vec<&Value> = options
        .iter()
        .filter(|o| matches!(kind_of(o), SUB_COMMAND | SUB_COMMAND_GROUP))
        .collect();
    if subs.is_empty() {
        out.push((file, path.to_owned(), options));
    }
    for sub in subs {
        leaves(file, &format!("{path} {}", text(sub, "name")), sub, out);
    }
}

/// Names already used at one level, in the default language and per locale.
#[derive(Default)]
struct Level {
    names: HashSet<String>,
    localized: HashSet<(String, String)>,
}

impl Level {
    fn add(&mut self, check: &mut Check<'_>, at: &str, node: &Value) {
        let name = text(node, "name");
        if !self.names.insert(name.to_owned()) {
            check.add(at, format!("the name {name:?} is used twice at this level"));
        }
        if let Some(map) = node.get("name_localizations").and_then(Value::as_object) {
            for (locale, v) in map {
                let v = v.as_str().unwrap_or_default().to_owned();
                if !self.localized.insert((locale.clone(), v.clone())) {
                    check.add(
                        at,
                        format!("the {locale} name {v:?} is used twice at this level"),
                    );
                }
            }
        }
    }
}

struct Check<'a> {
    file: &'a str,
    out: &'a mut Vec<Problem>,
}

impl Check<'_> {
    fn add(&mut self, at: &str, message: impl Into<String>) {
        self.out.push(problem(self.file, at, message.into()));
    }

    fn name(&mut self, at: &str, what: &str, name: &str) {
        if !NAME.is_match(name) {
            self.add(
                at,
                format!("{what} {name:?} is not 1–32 letters, digits, - or _"),
            );
        } else if name.to_lowercase() != name {
            self.add(at, format!("{what} {name:?} must be lowercase"));
        }
    }

    fn description(&mut self, at: &str, what: &str, description: Option<&Value>) {
        match description.and_then(Value::as_str) {
            None => self.add(at, format!("{what} is missing")),
            Some(d) if !(1..=100).contains(&chars(d)) => {
                self.add(
                    at,
                    format!("{what} has {} characters; Discord wants 1–100", chars(d)),
                );
            }
            Some(_) => {}
        }
    }

    fn localizations(&mut self, at: &str, node: &Value, key: &str) -> Option<Map<String, Value>> {
        let map = node.get(key)?;
        let Some(map) = map.as_object() else {
            self.add(at, format!("{key} is not an object"));
            return None;
        };
        for locale in map.keys() {
            if !LOCALES.contains(&locale.as_str()) {
                self.add(
                    at,
                    format!("{key}: {locale:?} is not a Discord locale (e.g. en-US, zh-TW, ja)"),
                );
            }
        }
        Some(map.clone())
    }

    /// Name, description and their localizations of a command or an option.
    fn texts(&mut self, at: &str, node: &Value) {
        self.name(at, "name", text(node, "name"));
        self.description(at, "description", node.get("description"));
        if let Some(map) = self.localizations(at, node, "name_localizations") {
            for (locale, v) in &map {
                self.name(
                    at,
                    &format!("{locale} name"),
                    v.as_str().unwrap_or_default(),
                );
            }
        }
        if let Some(map) = self.localizations(at, node, "description_localizations") {
            for (locale, v) in &map {
                self.description(at, &format!("{locale} description"), Some(v));
            }
        }
    }

    fn options(&mut self, at: &str, options: &[Value], depth: usize) {
        if options.len() > MAX_OPTIONS {
            self.add(
                at,
                format!("{} options; Discord allows {MAX_OPTIONS}", options.len()),
            );
        }
        let subs = options
            .iter()
            .filter(|o| matches!(kind_of(o), SUB_COMMAND | SUB_COMMAND_GROUP))
            .count();
        if subs > 0 && subs < options.len() {
            self.add(at, "subcommands cannot be mixed with other options");
        }
        let mut level = Level::default();
        let mut optional_seen = false;
        for (i, o) in options.iter().enumerate() {
            let name = text(o, "name");
            let here = if name.is_empty() {
                format!("{at} options[{i}]")
            } else {
                format!("{at} {name}")
            };
            self.texts(&here, o);
            level.add(self, &here, o);
            let t = kind_of(o);
            match t {
                SUB_COMMAND_GROUP if depth > 0 => {
                    self.add(&here, "a subcommand group must be at the top level");
                }
                SUB_COMMAND if depth > 1 => {
                    self.add(&here, "a subcommand nests at most inside a group");
                }
                SUB_COMMAND | SUB_COMMAND_GROUP => {}
                STRING..=ROLE | 9..=11 => {}
                other => self.add(&here, format!("type {other} is not an option type")),
            }
            if matches!(t, SUB_COMMAND | SUB_COMMAND_GROUP) {
                for key in ["required", "choices", "autocomplete"] {
                    if o.get(key).is_some() {
                        self.add(&here, format!("a {} has no {key}", type_name(t)));
                    }
                }
                let nested = array(o, "options");
                if t == SUB_COMMAND_GROUP && nested.iter().any(|n| kind_of(n) != SUB_COMMAND) {
                    self.add(&here, "a subcommand group holds only subcommands");
                }
                self.options(&here, nested, depth + 1);
                continue;
            }
            let required = flag(o, "required");
            if required && optional_seen {
                self.add(
                    &here,
                    "a required option must come before the optional ones",
                );
            }
            optional_seen |= !required;
            self.option_values(&here, o, t);
        }
    }

    /// Choices, autocomplete and bounds of a value option of type `t`.
    fn option_values(&mut self, at: &str, o: &Value, t: u64) {
        let choices = array(o, "choices");
        let choosable = matches!(t, STRING | INTEGER | NUMBER);
        if !choices.is_empty() && flag(o, "autocomplete") {
            self.add(at, "choices and autocomplete exclude each other");
        }
        if (!choices.is_empty() || flag(o, "autocomplete")) && !choosable {
            self.add(
                at,
                format!("a {} option has no choices or autocomplete", type_name(t)),
            );
        }
        if choices.len() > MAX_CHOICES {
            self.add(
                at,
                format!("{} choices; Discord allows {MAX_CHOICES}", choices.len()),
            );
        }
        for (j, c) in choices.iter().enumerate() {
            let here = format!("{at} choices[{j}]");
            self.description(&here, "choice name", c.get("name"));
            if let Some(map) = self.localizations(&here, c, "name_localizations") {
                for (locale, v) in &map {
                    self.description(&here, &format!("{locale} choice name"), Some(v));
                }
            }
            let fits = match (t, c.get("value")) {
                (STRING, Some(Value::String(v))) => (1..=100).contains(&chars(v)),
                (INTEGER, Some(v)) => v.is_i64(),
                (NUMBER, Some(v)) => v.is_number(),
                _ => false,
            };
            if !fits {
                self.add(
                    &here,
                    format!(
                        "the value must be a {} (strings 1–100 characters)",
                        type_name(t)
                    ),
                );
            }
        }
        let bound = |key: &str| o.get(key).and_then(Value::as_f64);
        for (min, max, allowed, limit) in [
            ("min_length", "max_length", t == STRING, 6000.0),
            (
                "min_value",
                "max_value",
                matches!(t, INTEGER | NUMBER),
                f64::MAX,
            ),
        ] {
            for key in [min, max] {
                if o.get(key).is_some() && !allowed {
                    self.add(at, format!("a {} option has no {key}", type_name(t)));
                }
            }
            if let (Some(lo), Some(hi)) = (bound(min), bound(max))
                && lo > hi
            {
                self.add(at, format!("{min} is above {max}"));
            }
            if bound(max).is_some_and(|hi| hi > limit)
                || bound(min).is_some_and(|lo| lo < 0.0 && t == STRING)
            {
                self.add(at, format!("{min}/{max} out of Discord's range"));
            }
        }
        if o.get("channel_types").is_some() && t != CHANNEL {
            self.add(
                at,
                format!("a {} option has no channel_types", type_name(t)),
            );
        }
    }

    /// A declared command path against the engine's spec of it.
    fn against(&mut self, spec: &CommandSpec, options: &[Value]) {
        let at = format!("/{}", spec.name);
        for o in options {
            let name = text(o, "name");
            if !spec.options.iter().any(|s| s.name == name) {
                self.add(&format!("{at} {name}"), "the engine reads no such option");
            }
        }
        for s in spec.options {
            let here = format!("{at} {}", s.name);
            let Some(o) = options.iter().find(|o| text(o, "name") == s.name) else {
                self.add(
                    &here,
                    format!(
                        "the engine reads this {:?} option but the manifest does not declare it",
                        s.kind
                    ),
                );
                continue;
            };
            let (want, got) = (discord_type(s.kind), kind_of(o));
            if want != got {
                self.add(
                    &here,
                    format!(
                        "is a {} option; the engine reads a {:?}, sent as a {}",
                        type_name(got),
                        s.kind,
                        type_name(want)
                    ),
                );
            }
            if flag(o, "required") != s.required {
                let says = if s.required { "required" } else { "optional" };
                self.add(&here, format!("the engine has it {says}"));
            }
            let declared: Vec<String> = array(o, "choices")
                .iter()
                .map(|c| match c.get("value") {
                    Some(Value::String(v)) => v.clone(),
                    Some(v) => v.to_string(),
                    None => String::new(),
                })
                .collect();
            match s.kind.choices() {
                Some(values) => {
                    let mut want: Vec<&str> = values.to_vec();
                    let mut got: Vec<&str> = declared.iter().map(String::as_str).collect();
                    want.sort_unstable();
                    got.sort_unstable();
                    if want != got {
                        self.add(
                            &here,
                            format!("choices {got:?}; the engine accepts exactly {want:?}"),
                        );
                    }
                }
                None if !declared.is_empty() => {
                    self.add(
                        &here,
                        "has choices; the engine's values are not a fixed list",
                    );
                }
                None => {}
            }
            if autocompleted(s.kind) != flag(o, "autocomplete") {
                let should = if autocompleted(s.kind) {
                    "needs"
                } else {
                    "must not have"
                };
                self.add(&here, format!("{should} autocomplete ({:?})", s.kind));
            }
            if let Some(max) = o.get("max_length").and_then(Value::as_u64)
                && max as usize > s.kind.max_chars()
            {
                self.add(
                    &here,
                    format!(
                        "max_length {max}; the engine accepts {}",
                        s.kind.max_chars()
                    ),
                );
            }
        }
    }
}

/// Characters Discord counts towards a command's size: each name and description at its
/// longest localization, choices' names and values, nested options.
fn weight(node: &Value) -> usize {
    let longest = |key: &str, loc: &str| {
        let localized = node
            .get(loc)
            .and_then(Value::as_object)
            .and_then(|m| m.values().filter_map(Value::as_str).map(chars).max())
            .unwrap_or(0);
        chars(text(node, key)).max(localized)
    };
    let mut n =
        longest("name", "name_localizations") + longest("description", "description_localizations");
    for c in array(node, "choices") {
        n += weight(c);
        n += match c.get("value") {
            Some(Value::String(s)) => chars(s),
            Some(v) => v.to_string().len(),
            None => 0,
        };
    }
    n + array(node, "options").iter().map(weight).sum::<usize>()
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

    fn one(command: Value) -> Manifests {
        let name = text(&command, "name").to_owned();
        Manifests {
            files: vec![(format!("commands/{name}.json"), command)],
        }
    }

    fn discord_problems(m: &Manifests) -> Vec<String> {
        let mut out = Vec::new();
        m.discord_rules(&mut out);
        out.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn discord_rules_are_reported_precisely() {
        let m = one(json!({
            "name": "hours", "description": "",
            "name_localizations": { "zh": "營業時間", "ja": "営業 時間" },
            "options": [
                { "type": 3, "name": "Region", "description": "r" },
                { "type": 3, "name": "zone", "description": "z", "required": true,
                  "choices": [{ "name": "a", "value": "a" }], "autocomplete": true },
            ]
        }));
        let p = discord_problems(&m);
        let has = |s: &str| p.iter().any(|x| x.contains(s));
        assert!(
            has("commands/hours.json: /hours: description has 0 characters"),
            "{p:#?}"
        );
        assert!(has("\"zh\" is not a Discord locale"), "{p:#?}");
        assert!(has("ja name \"営業 時間\" is not 1–32"), "{p:#?}");
        assert!(
            has("/hours Region: name \"Region\" must be lowercase"),
            "{p:#?}"
        );
        assert!(
            has("/hours zone: a required option must come before"),
            "{p:#?}"
        );
        assert!(
            has("/hours zone: choices and autocomplete exclude each other"),
            "{p:#?}"
        );
    }

    #[test]
    fn localized_names_must_differ_per_level() {
        let m = one(json!({
            "name": "org", "description": "d",
            "options": [
                { "type": 1, "name": "add", "description": "a", "name_localizations": { "ja": "追加" } },
                { "type": 1, "name": "set", "description": "s", "name_localizations": { "ja": "追加" } },
            ]
        }));
        let p = discord_problems(&m);
        assert!(
            p.iter()
                .any(|x| x.contains("/org set: the ja name \"追加\" is used twice")),
            "{p:#?}"
        );
    }

    #[test]
    fn registered_commands_compare_without_discords_additions() {
        let ours = json!({ "type": 1, "name": "hours", "description": "d",
            "options": [{ "type": 4, "name": "page", "description": "p", "min_value": 1 }] });
        let m = one(ours.clone());
        let mut theirs = ours.clone();
        theirs["id"] = json!("1");
        theirs["version"] = json!("2");
        theirs["default_member_permissions"] = Value::Null;
        theirs["nsfw"] = json!(false);
        theirs["options"][0]["required"] = json!(false);
        theirs["options"][0]["min_value"] = json!(1.0);
        assert!(m.matches(&json!([theirs])));
        let mut changed = theirs.clone();
        changed["description"] = json!("other");
        assert!(!m.matches(&json!([changed])));
        assert!(!m.matches(&json!([theirs, { "name": "extra", "description": "x" }])));
    }
}
