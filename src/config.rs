//! The bot's settings: environment variables over an optional `supportbot.toml` over defaults.
//! Everything is checked at start-up, and a bad or missing setting is reported with the name of
//! the variable or key to set, so the bot never starts half-configured.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

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
    /// The slash-command manifests (`commands/*.json`).
    pub commands_dir: PathBuf,
    /// The base URL of Discord's API, without `/api/v10`.
    pub api_base: String,
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
            commands_dir: PathBuf::from("commands"),
            api_base: DISCORD_API.to_owned(),
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
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    discord_token: Option<String>,
    guild_id: Option<Snowflake>,
    #[serde(default)]
    admin_roles: Vec<Snowflake>,
    #[serde(default)]
    agent_roles: Vec<Snowflake>,
    #[serde(default)]
    help_channels: Vec<Snowflake>,
    #[serde(default)]
    team_channels: Vec<Snowflake>,
    data_dir: Option<PathBuf>,
    catalog_dir: Option<PathBuf>,
    commands_dir: Option<PathBuf>,
    discord_api: Option<String>,
}

/// A Discord id as written in TOML: a number, or a string of digits (ids are often copied as
/// text from Discord's "Copy ID").
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(untagged)]
enum Snowflake {
    Number(u64),
    Text(SnowflakeText),
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(try_from = "String")]
struct SnowflakeText(u64);

impl TryFrom<String> for SnowflakeText {
    type Error = String;
    fn try_from(s: String) -> Result<SnowflakeText, String> {
        parse_id(&s)
            .map(SnowflakeText)
            .ok_or_else(|| format!("{s:?} is not a Discord id (digits only)"))
    }
}

impl Snowflake {
    fn get(self) -> u64 {
        match self {
            Snowflake::Number(n) => n,
            Snowflake::Text(SnowflakeText(n)) => n,
        }
    }
}

fn parse_id(s: &str) -> Option<u64> {
    s.trim().parse::<u64>().ok().filter(|&n| n > 0)
}

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
        let ids = |list: Vec<Snowflake>| list.into_iter().map(Snowflake::get).collect::<Vec<_>>();
        let mut config = Config {
            token: parsed.discord_token.map(Token),
            guild_id: parsed.guild_id.map(Snowflake::get),
            admin_roles: ids(parsed.admin_roles),
            agent_roles: ids(parsed.agent_roles),
            help_channels: ids(parsed.help_channels),
            team_channels: ids(parsed.team_channels),
            data_dir: parsed.data_dir,
            catalog_dir: parsed.catalog_dir,
            commands_dir: parsed
                .commands_dir
                .unwrap_or_else(|| PathBuf::from("commands")),
            api_base: parsed.discord_api.unwrap_or_else(|| DISCORD_API.to_owned()),
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
        if let Some(v) = var("SUPPORTBOT_COMMANDS") {
            config.commands_dir = PathBuf::from(v);
        }
        if let Some(v) = var("SUPPORTBOT_DISCORD_API") {
            config.api_base = v;
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
    toml::from_str(&text).map_err(|e| ConfigError::File {
        path: path.to_owned(),
        message: e.message().to_owned()
            + &e.span()
                .map(|s| {
                    let line = text[..s.start.min(text.len())].lines().count().max(1);
                    format!(" (line {line})")
                })
                .unwrap_or_default(),
    })
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
