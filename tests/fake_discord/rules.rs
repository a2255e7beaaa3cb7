//! Discord's rules the fake enforces: message limits, allowed mentions, command registrations.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::{Map, Value, json};

/// Who a message mentions (in its text) or pings (after `allowed_mentions`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mentions {
    pub users: Vec<u64>,
    pub roles: Vec<u64>,
    /// `@everyone` or `@here`.
    pub everyone: bool,
    /// The author of the message replied to (only for replies).
    pub replied_user: bool,
}

impl Mentions {
    pub fn is_empty(&self) -> bool {
        self.users.is_empty() && self.roles.is_empty() && !self.everyone && !self.replied_user
    }
}

fn mention_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"<@(!|&)?(\d+)>|@everyone|@here").expect("mention regex"))
}

/// The mentions written in `content` (`<@id>`, `<@!id>`, `<@&id>`, `@everyone`, `@here`).
pub(crate) fn parse_mentions(content: &str) -> Mentions {
    let mut m = Mentions::default();
    for c in mention_re().captures_iter(content) {
        match (c.get(1).map(|g| g.as_str()), c.get(2)) {
            (Some("&"), Some(id)) => push_unique(&mut m.roles, id.as_str()),
            (_, Some(id)) => push_unique(&mut m.users, id.as_str()),
            (_, None) => m.everyone = true,
        }
    }
    m
}

fn push_unique(v: &mut Vec<u64>, id: &str) {
    if let Ok(id) = id.parse()
        && !v.contains(&id)
    {
        v.push(id);
    }
}

fn ids(v: Option<&Value>) -> Vec<u64> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| {
                    x.as_str()
                        .map(str::to_string)
                        .or_else(|| x.as_u64().map(|n| n.to_string()))
                })
                .filter_map(|s| s.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Who a message body (`content` + `allowed_mentions` + `message_reference`, as the bot sent it)
/// would ping on Discord. Without `allowed_mentions` everything written pings; with it, a kind
/// pings only if listed in `parse`, or for the ids listed in `users` / `roles`.
pub fn effective_mentions(body: &Value) -> Mentions {
    let content = body
        .get("content")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let written = parse_mentions(content);
    let is_reply = body.get("message_reference").is_some_and(|r| !r.is_null());
    let Some(am) = body.get("allowed_mentions").filter(|a| !a.is_null()) else {
        return Mentions {
            replied_user: is_reply,
            ..written
        };
    };
    let parse: Vec<&str> = am
        .get("parse")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let users = if parse.contains(&"users") {
        written.users.clone()
    } else {
        let allowed = ids(am.get("users"));
        written
            .users
            .iter()
            .copied()
            .filter(|u| allowed.contains(u))
            .collect()
    };
    let roles = if parse.contains(&"roles") {
        written.roles.clone()
    } else {
        let allowed = ids(am.get("roles"));
        written
            .roles
            .iter()
            .copied()
            .filter(|r| allowed.contains(r))
            .collect()
    };
    Mentions {
        users,
        roles,
        everyone: written.everyone && parse.contains(&"everyone"),
        replied_user: is_reply
            && am
                .get("replied_user")
                .and_then(Value::as_bool)
                .unwrap_or(false),
    }
}

/// A nonce as a string key: strings as they are, numbers in decimal.
pub(crate) fn nonce_key(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A deterministic id for a name (for commands nobody registered).
pub(crate) fn stable_id(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    1_000_000_000_000_000_000 + h % 100_000_000_000_000_000
}

// ---------------------------------------------------------------------------------------------
// Form errors
// ---------------------------------------------------------------------------------------------

/// One field error of a 400 50035 "Invalid Form Body".
#[derive(Clone, Debug)]
pub(crate) struct FieldError {
    pub path: Vec<String>,
    pub code: &'static str,
    pub message: String,
}

fn fe(path: &[&str], code: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        path: path.iter().map(|s| s.to_string()).collect(),
        code,
        message: message.into(),
    }
}

fn prefixed(prefix: &[String], mut e: FieldError) -> FieldError {
    let mut p = prefix.to_vec();
    p.append(&mut e.path);
    e.path = p;
    e
}

/// Discord's nested error body: `{"code":50035,"errors":{"content":{"_errors":[..]}},...}`.
pub(crate) fn form_error_body(errors: &[FieldError]) -> Value {
    let mut root = Map::new();
    for e in errors {
        let mut node = &mut root;
        for seg in &e.path {
            node = node
                .entry(seg.clone())
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .expect("error nodes are objects");
        }
        let list = node.entry("_errors").or_insert_with(|| json!([]));
        if let Some(a) = list.as_array_mut() {
            a.push(json!({ "code": e.code, "message": e.message }));
        }
    }
    json!({ "code": 50035, "message": "Invalid Form Body", "errors": root })
}

pub(crate) fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.path.join("."), e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

fn len(v: Option<&Value>) -> usize {
    v.and_then(Value::as_str).map_or(0, |s| s.chars().count())
}

fn max_len(errors: &mut Vec<FieldError>, path: &[&str], v: Option<&Value>, max: usize) {
    let n = len(v);
    if n > max {
        errors.push(fe(
            path,
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be {max} or fewer in length (is {n})."),
        ));
    }
}

fn range_len(errors: &mut Vec<FieldError>, path: &[&str], v: Option<&Value>, max: usize) {
    match v.and_then(Value::as_str) {
        None => errors.push(fe(path, "BASE_TYPE_REQUIRED", "This field is required")),
        Some(s) => {
            let n = s.chars().count();
            if n == 0 || n > max {
                errors.push(fe(
                    path,
                    "BASE_TYPE_BAD_LENGTH",
                    format!("Must be between 1 and {max} in length (is {n})."),
                ));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/// Discord's limits on a message body (content, embeds, allowed mentions, nonce).
pub(crate) fn check_message(body: &Value) -> Vec<FieldError> {
    let mut errors = Vec::new();
    max_len(&mut errors, &["content"], body.get("content"), 2000);
    if let Some(Value::String(n)) = body.get("nonce")
        && n.chars().count() > 25
    {
        errors.push(fe(
            &["nonce"],
            "BASE_TYPE_MAX_LENGTH",
            "Must be 25 or fewer in length.",
        ));
    }
    check_components(&mut errors, body.get("components"));
    if let Some(embeds) = body.get("embeds").and_then(Value::as_array) {
        if embeds.len() > 10 {
            errors.push(fe(
                &["embeds"],
                "BASE_TYPE_MAX_LENGTH",
                "Must be 10 or fewer in length.",
            ));
        }
        let mut total = 0;
        for (i, e) in embeds.iter().enumerate() {
            let i = i.to_string();
            let p = |f: &[&str]| -> Vec<String> {
                let mut v = vec!["embeds".to_string(), i.clone()];
                v.extend(f.iter().map(|s| s.to_string()));
                v
            };
            let mut local = Vec::new();
            max_len(&mut local, &["title"], e.get("title"), 256);
            max_len(&mut local, &["description"], e.get("description"), 4096);
            total += len(e.get("title")) + len(e.get("description"));
            if let Some(footer) = e.get("footer").filter(|f| !f.is_null()) {
                range_len(&mut local, &["footer", "text"], footer.get("text"), 2048);
                total += len(footer.get("text"));
            }
            if let Some(author) = e.get("author").filter(|a| !a.is_null()) {
                range_len(&mut local, &["author", "name"], author.get("name"), 256);
                total += len(author.get("name"));
            }
            if let Some(fields) = e.get("fields").and_then(Value::as_array) {
                if fields.len() > 25 {
                    local.push(fe(
                        &["fields"],
                        "BASE_TYPE_MAX_LENGTH",
                        "Must be 25 or fewer in length.",
                    ));
                }
                for (j, f) in fields.iter().enumerate() {
                    let j = j.to_string();
                    range_len(&mut local, &["fields", &j, "name"], f.get("name"), 256);
                    range_len(&mut local, &["fields", &j, "value"], f.get("value"), 1024);
                    total += len(f.get("name")) + len(f.get("value"));
                }
            }
            errors.extend(local.into_iter().map(|e| prefixed(&p(&[]), e)));
        }
        if total > 6000 {
            errors.push(fe(
                &["embeds"],
                "MAX_EMBED_SIZE_EXCEEDED",
                format!("Embed size exceeds maximum size of 6000 (is {total})"),
            ));
        }
    }
    if let Some(am) = body.get("allowed_mentions").filter(|a| !a.is_null()) {
        let parse: Vec<&str> = am
            .get("parse")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for p in &parse {
            if !["users", "roles", "everyone"].contains(p) {
                errors.push(fe(
                    &["allowed_mentions", "parse"],
                    "BASE_TYPE_CHOICES",
                    format!("Value \"{p}\" is not a valid enum value."),
                ));
            }
        }
        for kind in ["users", "roles"] {
            let listed = am.get(kind).and_then(Value::as_array).map_or(0, Vec::len);
            if listed > 0 && parse.contains(&kind) {
                errors.push(fe(
                    &["allowed_mentions"],
                    "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                    format!("parse:[\"{kind}\"] and {kind}: [ids...] are mutually exclusive."),
                ));
            }
            if listed > 100 {
                errors.push(fe(
                    &["allowed_mentions", kind],
                    "BASE_TYPE_MAX_LENGTH",
                    "Must be 100 or fewer in length.",
                ));
            }
        }
    }
    errors
}

/// Message flags (`flags` bits). A bot may set SUPPRESS_EMBEDS and SUPPRESS_NOTIFICATIONS on a
/// message it creates; EPHEMERAL only on an interaction's response or follow-up.
pub(crate) const SUPPRESS_EMBEDS: u64 = 1 << 2;
pub(crate) const EPHEMERAL: u64 = 1 << 6;
pub(crate) const SUPPRESS_NOTIFICATIONS: u64 = 1 << 12;

/// Refuses `flags` bits outside `allowed` for this kind of payload.
pub(crate) fn check_flags(body: &Value, allowed: u64) -> Vec<FieldError> {
    let flags = match body.get("flags") {
        None | Some(Value::Null) => return Vec::new(),
        Some(v) => v.as_u64(),
    };
    match flags {
        Some(flags) if flags & !allowed == 0 => Vec::new(),
        _ => vec![fe(
            &["flags"],
            "MESSAGE_FLAGS_INVALID",
            format!("Invalid flags {} (allowed: {allowed})", body["flags"]),
        )],
    }
}

/// Discord's rules for message components (action rows of buttons or one select menu).
fn check_components(errors: &mut Vec<FieldError>, components: Option<&Value>) {
    let Some(rows) = components.filter(|c| !c.is_null()) else {
        return;
    };
    let Some(rows) = rows.as_array() else {
        errors.push(fe(&["components"], "BASE_TYPE_ARRAY", "Must be an array."));
        return;
    };
    if rows.len() > 5 {
        errors.push(fe(
            &["components"],
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be 5 or fewer in length (is {}).", rows.len()),
        ));
    }
    let mut custom_ids = HashSet::new();
    for (r, row) in rows.iter().enumerate() {
        let r = r.to_string();
        let at = |rest: &[&str]| -> Vec<String> {
            let mut p = vec!["components".to_string(), r.clone()];
            p.extend(rest.iter().map(|s| s.to_string()));
            p
        };
        let push = |errors: &mut Vec<FieldError>, rest: &[&str], code, message: String| {
            errors.push(FieldError {
                path: at(rest),
                code,
                message,
            })
        };
        if row.get("type").and_then(Value::as_u64) != Some(1) {
            push(
                errors,
                &["type"],
                "COMPONENT_LAYOUT_INVALID",
                "A top-level component must be an action row (type 1).".into(),
            );
            continue;
        }
        let children = row
            .get("components")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let selects = children
            .iter()
            .filter(|c| {
                c.get("type")
                    .and_then(Value::as_u64)
                    .is_some_and(|t| t != 2)
            })
            .count();
        if children.is_empty() || children.len() > 5 || (selects > 0 && children.len() > 1) {
            push(
                errors,
                &["components"],
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                format!(
                    "An action row holds 1 to 5 buttons or one select menu (has {}).",
                    children.len()
                ),
            );
        }
        for (c, child) in children.iter().enumerate() {
            let c = c.to_string();
            let mut local = Vec::new();
            let kind = child.get("type").and_then(Value::as_u64).unwrap_or(0);
            let custom_id = child.get("custom_id").and_then(Value::as_str);
            let is_link = kind == 2 && child.get("style").and_then(Value::as_u64) == Some(5);
            if is_link {
                if custom_id.is_some() {
                    local.push(fe(
                        &["custom_id"],
                        "COMPONENT_CUSTOM_ID_INVALID",
                        "A link button has no custom_id.",
                    ));
                }
                range_len(&mut local, &["url"], child.get("url"), 512);
            } else {
                range_len(&mut local, &["custom_id"], child.get("custom_id"), 100);
                if let Some(id) = custom_id
                    && !custom_ids.insert(id.to_string())
                {
                    local.push(fe(
                        &["custom_id"],
                        "COMPONENT_CUSTOM_ID_DUPLICATED",
                        format!("Component custom id {id:?} cannot be duplicated."),
                    ));
                }
            }
            match kind {
                2 => {
                    max_len(&mut local, &["label"], child.get("label"), 80);
                    if len(child.get("label")) == 0 && child.get("emoji").is_none_or(Value::is_null)
                    {
                        local.push(fe(
                            &["label"],
                            "BASE_TYPE_REQUIRED",
                            "A button needs a label or an emoji.",
                        ));
                    }
                }
                3 | 5..=8 => {
                    max_len(&mut local, &["placeholder"], child.get("placeholder"), 150);
                    let options = child
                        .get("options")
                        .and_then(Value::as_array)
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    if kind == 3 && (options.is_empty() || options.len() > 25) {
                        local.push(fe(
                            &["options"],
                            "BASE_TYPE_BAD_LENGTH",
                            format!("Must be between 1 and 25 in length (is {}).", options.len()),
                        ));
                    }
                    for (o, option) in options.iter().enumerate() {
                        let o = o.to_string();
                        range_len(
                            &mut local,
                            &["options", &o, "label"],
                            option.get("label"),
                            100,
                        );
                        range_len(
                            &mut local,
                            &["options", &o, "value"],
                            option.get("value"),
                            100,
                        );
                        max_len(
                            &mut local,
                            &["options", &o, "description"],
                            option.get("description"),
                            100,
                        );
                    }
                }
                other => local.push(fe(
                    &["type"],
                    "COMPONENT_TYPE_INVALID",
                    format!("Component type {other} cannot be in an action row."),
                )),
            }
            let prefix = at(&["components", &c]);
            errors.extend(local.into_iter().map(|e| prefixed(&prefix, e)));
        }
    }
}

/// An autocomplete answer: at most 25 choices, names of 1–100 characters, string values of at
/// most 100.
pub(crate) fn check_autocomplete(data: &Value) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let choices = data
        .get("choices")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    if choices.len() > 25 {
        errors.push(fe(
            &["data", "choices"],
            "BASE_TYPE_MAX_LENGTH",
            "Must be 25 or fewer in length.",
        ));
    }
    for (i, choice) in choices.iter().enumerate() {
        let i = i.to_string();
        range_len(
            &mut errors,
            &["data", "choices", &i, "name"],
            choice.get("name"),
            100,
        );
        match choice.get("value") {
            Some(Value::String(_)) => range_len(
                &mut errors,
                &["data", "choices", &i, "value"],
                choice.get("value"),
                100,
            ),
            Some(Value::Number(_)) => {}
            _ => errors.push(fe(
                &["data", "choices", &i, "value"],
                "BASE_TYPE_REQUIRED",
                "This field is required",
            )),
        }
    }
    errors
}

/// True if the body would create an empty message (Discord answers 400 50006).
pub(crate) fn is_empty_message(body: &Value, files: usize) -> bool {
    let nonempty = |k: &str| match body.get(k) {
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Null) | None => false,
        Some(_) => true,
    };
    files == 0
        && ![
            "content",
            "embeds",
            "components",
            "attachments",
            "sticker_ids",
            "poll",
        ]
        .iter()
        .any(|k| nonempty(k))
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/// The locales Discord accepts in `*_localizations`.
pub const LOCALES: [&str; 32] = [
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th",
    "zh-CN", "ja", "zh-TW", "ko",
];

fn name_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$").expect("command name regex")
    })
}

fn check_name(errors: &mut Vec<FieldError>, path: &[&str], name: Option<&Value>, chat_input: bool) {
    let Some(name) = name.and_then(Value::as_str) else {
        errors.push(fe(path, "BASE_TYPE_REQUIRED", "This field is required"));
        return;
    };
    if chat_input {
        if !name_re().is_match(name) {
            errors.push(fe(
                path,
                "APPLICATION_COMMAND_INVALID_NAME",
                format!("Command name is invalid: {name:?}"),
            ));
        } else if name.to_lowercase() != name {
            errors.push(fe(
                path,
                "APPLICATION_COMMAND_INVALID_NAME",
                format!("Command name must be lowercase: {name:?}"),
            ));
        }
    } else {
        let n = name.chars().count();
        if n == 0 || n > 32 {
            errors.push(fe(
                path,
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 32 in length.",
            ));
        }
    }
}

/// Checks `name`, `description` and their localizations of a command or option.
fn check_texts(errors: &mut Vec<FieldError>, obj: &Value, chat_input: bool, describe: bool) {
    check_name(errors, &["name"], obj.get("name"), chat_input);
    if describe {
        range_len(errors, &["description"], obj.get("description"), 100);
    } else if len(obj.get("description")) > 0 {
        errors.push(fe(
            &["description"],
            "BASE_TYPE_BAD_LENGTH",
            "Must be empty for user and message commands.",
        ));
    }
    for (key, is_name) in [
        ("name_localizations", true),
        ("description_localizations", false),
    ] {
        let Some(map) = obj.get(key).and_then(Value::as_object) else {
            continue;
        };
        for (locale, value) in map {
            if !LOCALES.contains(&locale.as_str()) {
                errors.push(fe(
                    &[key, locale],
                    "LOCALE_INVALID",
                    format!("Invalid locale {locale:?}"),
                ));
                continue;
            }
            if is_name {
                check_name(errors, &[key, locale], Some(value), chat_input);
            } else if describe {
                range_len(errors, &[key, locale], Some(value), 100);
            }
        }
    }
}

/// Characters counted towards the 4000 limit: each name/description with its longest
/// localization, plus choice names (longest localization) and values.
fn text_weight(obj: &Value) -> usize {
    let mut n = 0;
    for (key, loc) in [
        ("name", "name_localizations"),
        ("description", "description_localizations"),
    ] {
        let longest_loc = obj
            .get(loc)
            .and_then(Value::as_object)
            .map_or(0, |m| m.values().map(|v| len(Some(v))).max().unwrap_or(0));
        n += len(obj.get(key)).max(longest_loc);
    }
    if let Some(choices) = obj.get("choices").and_then(Value::as_array) {
        for c in choices {
            n += text_weight(
                &json!({ "name": c.get("name"), "name_localizations": c.get("name_localizations") }),
            );
            n += match c.get("value") {
                Some(Value::String(s)) => s.chars().count(),
                Some(v) => v.to_string().len(),
                None => 0,
            };
        }
    }
    if let Some(options) = obj.get("options").and_then(Value::as_array) {
        n += options.iter().map(text_weight).sum::<usize>();
    }
    n
}

fn check_options(errors: &mut Vec<FieldError>, options: &[Value], depth: usize) {
    if options.len() > 25 {
        errors.push(fe(
            &["options"],
            "BASE_TYPE_MAX_LENGTH",
            "Must be 25 or fewer in length.",
        ));
    }
    let mut names = HashSet::new();
    let mut localized: HashSet<(String, String)> = HashSet::new();
    let mut seen_optional = false;
    let kinds: Vec<u64> = options
        .iter()
        .map(|o| o.get("type").and_then(Value::as_u64).unwrap_or(0))
        .collect();
    let has_sub = kinds.iter().any(|k| *k == 1 || *k == 2);
    let has_plain = kinds.iter().any(|k| *k > 2);
    if has_sub && has_plain {
        errors.push(fe(
            &["options"],
            "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
            "Subcommands and groups cannot be mixed with other options.",
        ));
    }
    for (idx, o) in options.iter().enumerate() {
        let prefix = vec!["options".to_string(), idx.to_string()];
        let mut local = Vec::new();
        let kind = kinds[idx];
        if !(1..=11).contains(&kind) {
            local.push(fe(
                &["type"],
                "BASE_TYPE_CHOICES",
                format!("Value {kind} is not a valid option type."),
            ));
        }
        if kind == 2 && depth > 0 {
            local.push(fe(
                &["type"],
                "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                "Subcommand groups must be at the top level.",
            ));
        }
        if kind == 1 && depth > 1 {
            local.push(fe(
                &["type"],
                "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                "Subcommands nest at most inside a group.",
            ));
        }
        check_texts(&mut local, o, true, true);
        if let Some(name) = o.get("name").and_then(Value::as_str)
            && !names.insert(name.to_string())
        {
            local.push(fe(
                &["name"],
                "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
                format!("Option name {name:?} is already used at this level."),
            ));
        }
        if let Some(map) = o.get("name_localizations").and_then(Value::as_object) {
            for (locale, v) in map {
                let v = v.as_str().unwrap_or_default().to_string();
                if !localized.insert((locale.clone(), v.clone())) {
                    local.push(fe(
                        &["name_localizations", locale],
                        "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
                        format!("Localized name {v:?} is already used at this level."),
                    ));
                }
            }
        }
        let required = o.get("required").and_then(Value::as_bool).unwrap_or(false);
        if kind > 2 {
            if required && seen_optional {
                local.push(fe(
                    &["required"],
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options.",
                ));
            }
            if !required {
                seen_optional = true;
            }
        }
        let choices = o
            .get("choices")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        if choices.len() > 25 {
            local.push(fe(
                &["choices"],
                "BASE_TYPE_MAX_LENGTH",
                "Must be 25 or fewer in length.",
            ));
        }
        if !choices.is_empty()
            && o.get("autocomplete")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        {
            local.push(fe(
                &["autocomplete"],
                "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE",
                "Autocomplete and choices are mutually exclusive.",
            ));
        }
        for (j, c) in choices.iter().enumerate() {
            let j = j.to_string();
            range_len(&mut local, &["choices", &j, "name"], c.get("name"), 100);
            if let Some(Value::String(v)) = c.get("value")
                && v.chars().count() > 100
            {
                local.push(fe(
                    &["choices", &j, "value"],
                    "BASE_TYPE_MAX_LENGTH",
                    "Must be 100 or fewer in length.",
                ));
            }
        }
        if kind == 1 || kind == 2 {
            let nested = o
                .get("options")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if kind == 2
                && nested
                    .iter()
                    .any(|n| n.get("type").and_then(Value::as_u64) != Some(1))
            {
                local.push(fe(
                    &["options"],
                    "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                    "A group holds only subcommands.",
                ));
            }
            check_options(&mut local, &nested, depth + 1);
        }
        errors.extend(local.into_iter().map(|e| prefixed(&prefix, e)));
    }
}

/// Discord's rules for a bulk overwrite (`PUT .../commands`).
pub(crate) fn check_commands(list: &Value) -> Vec<FieldError> {
    let Some(list) = list.as_array() else {
        return vec![fe(&[], "BASE_TYPE_ARRAY", "Must be an array.")];
    };
    let mut errors = Vec::new();
    let mut names = HashSet::new();
    let mut per_kind = [0usize; 4];
    for (i, c) in list.iter().enumerate() {
        let prefix = vec![i.to_string()];
        let kind = c.get("type").and_then(Value::as_u64).unwrap_or(1);
        let mut local = Vec::new();
        if !(1..=4).contains(&kind) {
            local.push(fe(
                &["type"],
                "BASE_TYPE_CHOICES",
                format!("Value {kind} is not a valid command type."),
            ));
        } else {
            per_kind[kind as usize - 1] += 1;
        }
        check_texts(&mut local, c, kind == 1, kind == 1);
        if let Some(name) = c.get("name").and_then(Value::as_str)
            && !names.insert((kind, name.to_string()))
        {
            local.push(fe(
                &["name"],
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                format!("Application command names must be unique: {name:?}"),
            ));
        }
        let options = c
            .get("options")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if kind == 1 {
            check_options(&mut local, &options, 0);
        } else if !options.is_empty() {
            local.push(fe(
                &["options"],
                "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                "Only chat input commands have options.",
            ));
        }
        let weight = text_weight(c);
        if weight > 4000 {
            local.push(fe(
                &[],
                "APPLICATION_COMMAND_TOO_LARGE",
                format!("Command exceeds maximum size (4000), is {weight}"),
            ));
        }
        errors.extend(local.into_iter().map(|e| prefixed(&prefix, e)));
    }
    if per_kind[0] > 100 {
        errors.push(fe(
            &[],
            "APPLICATION_COMMANDS_TOO_MANY",
            "Maximum number of chat input commands reached (100).",
        ));
    }
    if per_kind[1] > 5 || per_kind[2] > 5 {
        errors.push(fe(
            &[],
            "APPLICATION_COMMANDS_TOO_MANY",
            "At most 5 user and 5 message commands.",
        ));
    }
    errors
}
