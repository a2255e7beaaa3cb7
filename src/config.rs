//! The bot's settings: environment variables over an optional `supportbot.toml` over defaults.
//! Everything is checked at start-up, and a bad or missing setting is reported with the name of
//! the variable or key to set, so the bot never starts half-configured.

use std::fmt;
use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::store::{StoreUrl, without_password};

/// The file read when `--config` is not given, if it exists.
pub const DEFAULT_FILE: &str = "supportbot.toml";
/// Where REST calls and gateway discovery go unless `SUPPORTBOT_DISCORD_API` says otherwise.
pub const DISCORD_API: &str = "https://discord.com";

/// The bot token. Its `Debug` and `Display` never show it, so a logged config cannot leak it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// The token itself, for the Authorization header and nowhere else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Settings for the Discord transport and the paths the binary uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `DISCORD_TOKEN`: when set, `supportbot run` connects to Discord.
    pub token: Option<Token>,
    /// `DISCORD_GUILD_ID`: register commands in this guild (instant) instead of globally.
    pub guild_id: Option<u64>,
    /// Members with one of these roles are admins (as are members with Manage Server).
    pub admin_roles: Vec<u64>,
    /// Members with one of these roles are agents.
    pub agent_roles: Vec<u64>,
    /// Channels where plain-language questions are answered without a mention (needs the
    /// MESSAGE_CONTENT intent).
    pub help_channels: Vec<u64>,
    /// Support teams' channels: case details asked there are shown to the channel.
    pub team_channels: Vec<u64>,
    /// From the file only: the command line and its environment variables come first.
    pub data_dir: Option<PathBuf>,
    /// From the file only, like `data_dir`.
    pub catalog_dir: Option<PathBuf>,
    /// From the file only, like `data_dir`: `--store` and `SUPPORTBOT_STORE` come first.
    pub store: Option<StoreUrl>,
    /// The base URL of Discord's API, without `/api/v10`.
    pub api_base: String,
    /// `SUPPORTBOT_HTTP`: where the operators' listener (metrics, health) binds; none when unset.
    pub http: Option<std::net::SocketAddr>,
    /// `DISCORD_PUBLIC_KEY`: the application's public key; with it, the listener also takes
    /// Discord's interactions at `POST /interactions`, checking each request's signature.
    pub public_key: Option<PublicKey>,
}

/// An application's Ed25519 public key, checked to be one when read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(pub [u8; 32]);

const PUBLIC_KEY_EXPECTED: &str = "the application's public key from the developer portal (General Information → Public Key), 64 hex digits";

impl std::str::FromStr for PublicKey {
    type Err = ();

    fn from_str(s: &str) -> Result<PublicKey, ()> {
        let s = s.trim();
        if s.len() != 64 || !s.is_ascii() {
            return Err(());
        }
        let mut key = [0; 32];
        for (byte, pair) in key.iter_mut().zip(s.as_bytes().chunks(2)) {
            let pair = std::str::from_utf8(pair).map_err(|_| ())?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| ())?;
        }
        serenity::interactions_endpoint::Verifier::try_new(key).map_err(|_| ())?;
        Ok(PublicKey(key))
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            token: None,
            guild_id: None,
            admin_roles: Vec::new(),
            agent_roles: Vec::new(),
            help_channels: Vec::new(),
            team_channels: Vec::new(),
            data_dir: None,
            catalog_dir: None,
            store: None,
            api_base: DISCORD_API.to_owned(),
            http: None,
            public_key: None,
        }
    }
}

/// Why the configuration cannot be used; each names what to set.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("{path}, line {line}: {key} is {value}: {expected}")]
    Key {
        path: PathBuf,
        line: usize,
        key: String,
        value: String,
        expected: &'static str,
    },
    #[error("{path}, line {line}: unknown setting `{key}`; the settings are {known}")]
    UnknownKey {
        path: PathBuf,
        line: usize,
        key: String,
        known: String,
    },
    #[error("{name} is {value:?}: {expected}")]
    Invalid {
        name: String,
        value: String,
        expected: &'static str,
    },
    #[error("{name} is not set: {what}")]
    Missing {
        name: &'static str,
        what: &'static str,
    },
}

/// `supportbot.toml`: the same settings as the environment variables, lowercased.
#[derive(Debug, Default)]
struct File {
    discord_token: Option<String>,
    guild_id: Option<u64>,
    admin_roles: Vec<u64>,
    agent_roles: Vec<u64>,
    help_channels: Vec<u64>,
    team_channels: Vec<u64>,
    data_dir: Option<PathBuf>,
    catalog_dir: Option<PathBuf>,
    store: Option<StoreUrl>,
    discord_api: Option<String>,
    http: Option<std::net::SocketAddr>,
    discord_public_key: Option<PublicKey>,
}

/// The keys `supportbot.toml` knows, for the answer to an unknown one.
const FILE_KEYS: &[&str] = &[
    "discord_token",
    "guild_id",
    "admin_roles",
    "agent_roles",
    "help_channels",
    "team_channels",
    "data_dir",
    "catalog_dir",
    "store",
    "discord_api",
    "http",
    "discord_public_key",
];

fn parse_id(s: &str) -> Option<u64> {
    s.trim().parse::<u64>().ok().filter(|&n| n > 0)
}

const STORE_EXPECTED: &str =
    "\"sled:PATH\" (one process) or \"postgres://user@host:port/database\", as a quoted string";
const HTTP_EXPECTED: &str = "an address and port to listen on, such as 127.0.0.1:9184";
const ID_EXPECTED: &str = "a Discord id (Developer Mode → right-click → Copy ID)";
const IDS_EXPECTED: &str =
    "Discord ids separated by commas (Developer Mode → right-click → Copy ID)";

impl Config {
    /// Reads `file` (an explicit `--config` must exist; without one, `./supportbot.toml` is read
    /// when present), then lets the environment (`env`) override it.
    pub fn load(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let parsed = match file {
            Some(path) => read_file(path)?,
            None if Path::new(DEFAULT_FILE).is_file() => read_file(Path::new(DEFAULT_FILE))?,
            None => File::default(),
        };
        let mut config = Config {
            token: parsed.discord_token.map(Token),
            guild_id: parsed.guild_id,
            admin_roles: parsed.admin_roles,
            agent_roles: parsed.agent_roles,
            help_channels: parsed.help_channels,
            team_channels: parsed.team_channels,
            data_dir: parsed.data_dir,
            catalog_dir: parsed.catalog_dir,
            store: parsed.store,
            api_base: parsed.discord_api.unwrap_or_else(|| DISCORD_API.to_owned()),
            http: parsed.http,
            public_key: parsed.discord_public_key,
        };
        // Empty variables count as unset, as shells and compose files often leave them so.
        let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        if let Some(token) = var("DISCORD_TOKEN") {
            config.token = Some(Token(token));
        }
        if let Some(v) = var("DISCORD_GUILD_ID") {
            config.guild_id = Some(id_var("DISCORD_GUILD_ID", &v)?);
        }
        for (name, list) in [
            ("SUPPORTBOT_ADMIN_ROLES", &mut config.admin_roles),
            ("SUPPORTBOT_AGENT_ROLES", &mut config.agent_roles),
            ("SUPPORTBOT_HELP_CHANNELS", &mut config.help_channels),
            ("SUPPORTBOT_TEAM_CHANNELS", &mut config.team_channels),
        ] {
            if let Some(v) = var(name) {
                *list = id_list_var(name, &v)?;
            }
        }
        if let Some(v) = var("SUPPORTBOT_DISCORD_API") {
            config.api_base = v;
        }
        if let Some(v) = var("SUPPORTBOT_HTTP") {
            config.http = Some(v.trim().parse().map_err(|_| ConfigError::Invalid {
                name: "SUPPORTBOT_HTTP".into(),
                value: v.clone(),
                expected: HTTP_EXPECTED,
            })?);
        }
        if let Some(v) = var("DISCORD_PUBLIC_KEY") {
            config.public_key = Some(v.parse().map_err(|()| ConfigError::Invalid {
                name: "DISCORD_PUBLIC_KEY".into(),
                value: v.clone(),
                expected: PUBLIC_KEY_EXPECTED,
            })?);
        }
        config.check()?;
        Ok(config)
    }

    fn check(&mut self) -> Result<(), ConfigError> {
        if let Some(token) = &self.token {
            let t = token.expose().trim();
            let t = t.strip_prefix("Bot ").unwrap_or(t);
            if t.is_empty() || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(ConfigError::Invalid {
                    name: "DISCORD_TOKEN".into(),
                    value: "<redacted>".into(),
                    expected: "the bot token from the developer portal (Bot → Reset Token), one word",
                });
            }
            self.token = Some(Token(t.to_owned()));
        }
        let base = self.api_base.trim().trim_end_matches('/').to_owned();
        let host = base
            .strip_prefix("https://")
            .or_else(|| base.strip_prefix("http://"));
        if host.is_none_or(|h| h.is_empty() || h.contains('/') || h.contains(char::is_whitespace)) {
            return Err(ConfigError::Invalid {
                name: "SUPPORTBOT_DISCORD_API".into(),
                value: self.api_base.clone(),
                expected: "a base URL such as https://discord.com or http://127.0.0.1:8080",
            });
        }
        self.api_base = base;
        Ok(())
    }

    /// The token, or what to set to get one.
    pub fn require_token(&self) -> Result<&Token, ConfigError> {
        self.token.as_ref().ok_or(ConfigError::Missing {
            name: "DISCORD_TOKEN",
            what: "set it to the bot token from the developer portal (Bot → Reset Token), or `discord_token` in supportbot.toml",
        })
    }

    /// True when REST and gateway discovery go somewhere other than discord.com (a test fake).
    pub fn custom_api(&self) -> bool {
        self.api_base != DISCORD_API
    }
}

fn read_file(path: &Path) -> Result<File, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let table: Vec<(Spanned<String>, Spanned<toml::Value>)> = toml::from_str::<SpannedTable>(&text)
        .map(|t| t.0)
        .map_err(|e| ConfigError::File {
            path: path.to_owned(),
            message: e.message().to_owned()
                + &e.span()
                    .map(|s| format!(" (line {})", line_of(s.start)))
                    .unwrap_or_default(),
        })?;
    let mut file = File::default();
    for (key, value) in table {
        let line = line_of(key.span().start);
        // A misplaced token or a database password must not show up in an error message either.
        let shown = match key.get_ref().as_str() {
            "discord_token" => "<redacted>".to_owned(),
            "store" => without_password(&value.get_ref().to_string()),
            _ => value.get_ref().to_string(),
        };
        let bad = |expected: &'static str| ConfigError::Key {
            path: path.to_owned(),
            line,
            key: key.get_ref().clone(),
            value: shown.clone(),
            expected,
        };
        let value = value.get_ref();
        match key.get_ref().as_str() {
            "discord_token" => {
                file.discord_token = Some(
                    text_value(value).ok_or_else(|| bad("the bot token, as a quoted string"))?,
                )
            }
            "guild_id" => file.guild_id = Some(id_value(value).ok_or_else(|| bad(ID_EXPECTED))?),
            "admin_roles" => file.admin_roles = id_list(value).ok_or_else(|| bad(IDS_EXPECTED))?,
            "agent_roles" => file.agent_roles = id_list(value).ok_or_else(|| bad(IDS_EXPECTED))?,
            "help_channels" => {
                file.help_channels = id_list(value).ok_or_else(|| bad(IDS_EXPECTED))?
            }
            "team_channels" => {
                file.team_channels = id_list(value).ok_or_else(|| bad(IDS_EXPECTED))?
            }
            "data_dir" | "catalog_dir" => {
                let dir = text_value(value)
                    .map(PathBuf::from)
                    .ok_or_else(|| bad("a directory, as a quoted string"))?;
                match key.get_ref().as_str() {
                    "data_dir" => file.data_dir = Some(dir),
                    _ => file.catalog_dir = Some(dir),
                }
            }
            "store" => {
                file.store = Some(
                    text_value(value)
                        .and_then(|v| v.parse().ok())
                        .ok_or_else(|| bad(STORE_EXPECTED))?,
                )
            }
            "discord_api" => {
                file.discord_api = Some(text_value(value).ok_or_else(|| {
                    bad("a base URL such as \"https://discord.com\", as a quoted string")
                })?)
            }
            "http" => {
                file.http = Some(
                    text_value(value)
                        .and_then(|v| v.parse().ok())
                        .ok_or_else(|| bad(HTTP_EXPECTED))?,
                )
            }
            "discord_public_key" => {
                file.discord_public_key = Some(
                    text_value(value)
                        .and_then(|v| v.parse().ok())
                        .ok_or_else(|| bad(PUBLIC_KEY_EXPECTED))?,
                )
            }
            unknown => {
                return Err(ConfigError::UnknownKey {
                    path: path.to_owned(),
                    line,
                    key: unknown.to_owned(),
                    known: FILE_KEYS.join(", "),
                });
            }
        }
    }
    Ok(file)
}

/// The top-level table with the position of every key, in the file's order.
struct SpannedTable(Vec<(Spanned<String>, Spanned<toml::Value>)>);

impl<'de> serde::Deserialize<'de> for SpannedTable {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<SpannedTable, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = SpannedTable;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of settings")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<SpannedTable, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(SpannedTable(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

fn text_value(value: &toml::Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

/// A Discord id as written in TOML: a number, or a string of digits (ids are often copied as
/// text from Discord's "Copy ID").
fn id_value(value: &toml::Value) -> Option<u64> {
    match value {
        toml::Value::Integer(n) => u64::try_from(*n).ok().filter(|&n| n > 0),
        toml::Value::String(s) => parse_id(s),
        _ => None,
    }
}

/// A list of ids: an array of ids, or one string of ids separated by commas, as in the
/// environment variable.
fn id_list(value: &toml::Value) -> Option<Vec<u64>> {
    match value {
        toml::Value::Array(items) => items.iter().map(id_value).collect(),
        toml::Value::String(s) => s
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(parse_id)
            .collect(),
        other => id_value(other).map(|id| vec![id]),
    }
}

fn id_var(name: &str, value: &str) -> Result<u64, ConfigError> {
    parse_id(value).ok_or_else(|| ConfigError::Invalid {
        name: name.to_owned(),
        value: value.to_owned(),
        expected: ID_EXPECTED,
    })
}

fn id_list_var(name: &str, value: &str) -> Result<Vec<u64>, ConfigError> {
    value
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| {
            parse_id(s).ok_or_else(|| ConfigError::Invalid {
                name: name.to_owned(),
                value: value.to_owned(),
                expected: IDS_EXPECTED,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn file(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut f, text.as_bytes()).unwrap();
        f
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let f = file(
            "discord_token = \"from-file\"\nguild_id = \"123\"\nadmin_roles = [1, \"2\"]\nteam_channels = [5]\n",
        );
        let c = Config::load(
            Some(f.path()),
            env(&[
                ("DISCORD_TOKEN", "Bot from-env"),
                ("SUPPORTBOT_TEAM_CHANNELS", "7, 8"),
            ]),
        )
        .unwrap();
        assert_eq!(c.token.as_ref().map(Token::expose), Some("from-env"));
        assert_eq!(c.guild_id, Some(123));
        assert_eq!(c.admin_roles, vec![1, 2]);
        assert_eq!(c.team_channels, vec![7, 8]);
        assert!(!c.custom_api());
    }

    #[test]
    fn the_token_is_never_shown() {
        let c = Config::load(None, env(&[("DISCORD_TOKEN", "s3cr3t-token")])).unwrap();
        let shown = format!("{c:?} {}", c.token.as_ref().unwrap());
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }

    #[test]
    fn the_public_key_is_64_hex_digits_of_a_valid_key() {
        let key = "67c6bd767ca099e79efac9fcce4d2022a63bf7dea780e7f3d813f694c1597089";
        let c = Config::load(None, env(&[("DISCORD_PUBLIC_KEY", key)])).unwrap();
        assert_eq!(
            c.public_key.map(|k| k.0[..2].to_vec()),
            Some(vec![0x67, 0xc6])
        );
        for bad in [
            &key[1..],
            &key.replace('6', "g"),
            &key.replacen("67", "é", 1),
        ] {
            let e = Config::load(None, env(&[("DISCORD_PUBLIC_KEY", bad)])).unwrap_err();
            assert!(
                e.to_string().contains("General Information → Public Key"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn bad_settings_name_what_to_set() {
        let e = Config::load(None, env(&[("DISCORD_GUILD_ID", "my-guild")])).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("DISCORD_GUILD_ID is \"my-guild\""),
            "{e}"
        );
        let e = Config::load(None, env(&[("SUPPORTBOT_DISCORD_API", "discord.com")])).unwrap_err();
        assert!(e.to_string().contains("SUPPORTBOT_DISCORD_API"), "{e}");
        let f = file("gild_id = 1\n");
        let e = Config::load(Some(f.path()), env(&[])).unwrap_err();
        assert!(
            e.to_string().contains("gild_id") && e.to_string().contains("line 1"),
            "{e}"
        );
        let e = Config::load(Some(Path::new("/nonexistent/supportbot.toml")), env(&[]));
        assert!(matches!(e, Err(ConfigError::Read { .. })));
        let e = Config::load(None, env(&[]))
            .unwrap()
            .require_token()
            .unwrap_err();
        assert!(e.to_string().contains("DISCORD_TOKEN"), "{e}");
    }

    #[test]
    fn file_errors_name_the_key_and_its_line() {
        let path = |f: &tempfile::NamedTempFile| f.path().display().to_string();
        let f = file("# settings\nadmin_roles = [1]\nguild_id = \"abc\"\n");
        let e = Config::load(Some(f.path()), env(&[])).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("{}, line 3: guild_id is \"abc\": {ID_EXPECTED}", path(&f))
        );
        let f = file("\n\nteam_channels = [5, \"x\"]\n");
        let e = Config::load(Some(f.path()), env(&[])).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{}, line 3: team_channels is [5, \"x\"]: {IDS_EXPECTED}",
                path(&f)
            )
        );
        let f = file("guild_id = 1\n\ngild_id = 1\n");
        let e = Config::load(Some(f.path()), env(&[])).unwrap_err();
        assert!(
            e.to_string()
                .starts_with(&format!("{}, line 3: unknown setting `gild_id`", path(&f))),
            "{e}"
        );
        let f = file("data_dir = \"a\"\n\nhelp_channels = [1,,2]\n");
        let e = Config::load(Some(f.path()), env(&[])).unwrap_err();
        assert!(e.to_string().contains("(line 3)"), "{e}");
        let f = file("discord_token = [\"s3cr3t\"]\n");
        let e = Config::load(Some(f.path()), env(&[])).unwrap_err();
        assert!(!e.to_string().contains("s3cr3t"), "{e}");
        assert!(e.to_string().contains("discord_token is <redacted>"), "{e}");
    }

    #[test]
    fn ids_in_the_file_are_numbers_strings_or_comma_lists() {
        let f =
            file("guild_id = \"12\"\nadmin_roles = \"1, 2\"\nagent_roles = 3\ndata_dir = \"d\"\n");
        let c = Config::load(Some(f.path()), env(&[])).unwrap();
        assert_eq!(c.guild_id, Some(12));
        assert_eq!(c.admin_roles, vec![1, 2]);
        assert_eq!(c.agent_roles, vec![3]);
        assert_eq!(c.data_dir, Some(PathBuf::from("d")));
    }

    #[test]
    fn the_listener_address_comes_from_the_file_or_the_environment() {
        let f = file("http = \"127.0.0.1:9000\"\n");
        let c = Config::load(Some(f.path()), env(&[])).unwrap();
        assert_eq!(c.http, Some("127.0.0.1:9000".parse().unwrap()));
        let c = Config::load(Some(f.path()), env(&[("SUPPORTBOT_HTTP", "[::1]:9001")])).unwrap();
        assert_eq!(c.http, Some("[::1]:9001".parse().unwrap()));
        let e = Config::load(None, env(&[("SUPPORTBOT_HTTP", "9184")])).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("SUPPORTBOT_HTTP is \"9184\": an address and port"),
            "{e}"
        );
    }

    #[test]
    fn the_store_comes_from_the_file_and_its_password_is_never_shown() {
        let f = file("store = \"postgres://bot:s3cret@db:5432/support\"\n");
        let c = Config::load(Some(f.path()), env(&[])).unwrap();
        assert_eq!(
            c.store,
            Some(StoreUrl::Postgres(
                "postgres://bot:s3cret@db:5432/support".into()
            ))
        );
        let shown = format!("{c:?} {}", c.store.as_ref().unwrap());
        assert!(!shown.contains("s3cret"), "{shown}");
        let f = file("data_dir = \"d\"\nstore = \"sled:/srv/supportbot\"\n");
        let c = Config::load(Some(f.path()), env(&[])).unwrap();
        assert_eq!(c.store, Some(StoreUrl::Sled("/srv/supportbot".into())));
        assert_eq!(Config::load(None, env(&[])).unwrap().store, None);

        let path = |f: &tempfile::NamedTempFile| f.path().display().to_string();
        for (text, shown) in [
            (
                "store = \"postgress://bot:s3cret@db/support\"\n",
                "\"postgress://bot@db/support\"",
            ),
            (
                "store = \"host=db password=s3cret\"\n",
                "\"host=db password=<redacted>\"",
            ),
            (
                "store = [\"postgres://bot:s3cret@db/support\"]\n",
                "[\"postgres://bot@db/support\"]",
            ),
        ] {
            let f = file(text);
            let e = Config::load(Some(f.path()), env(&[])).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("{}, line 1: store is {shown}: {STORE_EXPECTED}", path(&f))
            );
        }
    }

    #[test]
    fn a_custom_api_is_trimmed_and_noticed() {
        let c = Config::load(
            None,
            env(&[("SUPPORTBOT_DISCORD_API", "http://127.0.0.1:9000/")]),
        )
        .unwrap();
        assert_eq!(c.api_base, "http://127.0.0.1:9000");
        assert!(c.custom_api());
    }
}
