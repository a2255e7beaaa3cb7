//! The `supportbot` command: the bot itself (`run`, in the terminal or on Discord), one-shot
//! questions (`ask`), the deadline calculator (`due`), `/stats` as a chart and a table (`stats`),
//! and the Discord command manifests (`commands`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;
use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use supportbot::clock::{Clock, ManualClock, SystemClock};
use supportbot::cmd::{Context, deadline_reply, line, spec};
use supportbot::config::Config;
use supportbot::domain::catalog::{Catalog, CatalogFiles, HolidayCountry};
use supportbot::domain::deadline::DeadlineQuery;
use supportbot::domain::ids::{PlanId, Priority, RegionId};
use supportbot::domain::org::OrgId;
use supportbot::engine::{Caller, Engine, Outcome, Request, Role, UserId};
use supportbot::gauges::Gauges;
use supportbot::i18n::{self, Language};
use supportbot::intents::Intents;
use supportbot::reminders;
use supportbot::render::chart;
use supportbot::render::text::{self, Reader};
use supportbot::store::{self as stores, Store, StoreError, StoreUrl, transfer};
use supportbot::telemetry;
use supportbot::transport::discord::{self, ManifestError, Manifests};
use supportbot::transport::http::{self, Part, READINESS};
use supportbot::transport::{batch, console};

#[derive(Parser)]
#[command(
    name = "supportbot",
    version,
    about = "A support assistant for Discord and the terminal"
)]
struct Cli {
    /// A catalog directory (plans, targets, regions, holidays, texts) instead of the one built in.
    #[arg(long, env = "SUPPORTBOT_CATALOG", global = true)]
    catalog: Option<PathBuf>,
    /// Where the bot keeps its store.
    #[arg(
        long,
        env = "SUPPORTBOT_DATA_DIR",
        default_value = "./supportbot-data",
        global = true
    )]
    data_dir: PathBuf,
    /// The store: `sled:PATH` (the default, the --data-dir directory) or
    /// `postgres://user@host:port/database`, which several processes may share.
    // Read as text and parsed after clap: clap's refusal would quote the value, password and all.
    #[arg(long, env = "SUPPORTBOT_STORE", global = true)]
    store: Option<String>,
    /// Pretend the current time is this RFC 3339 instant (to try out hours and deadlines).
    #[arg(long, value_parser = parse_instant, global = true)]
    now: Option<DateTime<Utc>>,
    /// Settings file (default: ./supportbot.toml when present); environment variables win.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Without a subcommand, `supportbot` runs the bot as `supportbot run` does, with its flags.
    #[command(flatten)]
    run: RunArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the bot: on Discord when DISCORD_TOKEN is set, else (or with --console) in the terminal.
    Run(RunArgs),
    /// Answer one command line, e.g. `supportbot ask "/hours region:japan"`.
    Ask(AskArgs),
    /// Compute an initial-response deadline.
    Due(DueArgs),
    /// The slash-command manifests: check, write or register them with Discord.
    Commands {
        #[command(subcommand)]
        action: CommandsAction,
    },
    /// Export or import the store's organisations and cases as JSON lines.
    Cases {
        #[command(subcommand)]
        action: CasesAction,
    },
    /// Look after the store itself.
    Store {
        #[command(subcommand)]
        action: StoreAction,
    },
    /// Initial-response targets met, as `/stats` answers (printed), with the same counts per
    /// week and priority as a chart (--png) and a table for spreadsheets (--csv).
    Stats(StatsArgs),
}

#[derive(Args)]
struct StatsArgs {
    /// The first day of submission counted, YYYY-MM-DD, a UTC date (default: 30 days before --to).
    #[arg(long)]
    from: Option<String>,
    /// The last day counted, YYYY-MM-DD, a UTC date (default: today in UTC).
    #[arg(long)]
    to: Option<String>,
    /// Only cases of this region (`/hours` lists them).
    #[arg(long)]
    region: Option<String>,
    /// Only cases of this organisation: its id, as `/org list` shows it.
    #[arg(long)]
    org: Option<String>,
    /// Write the chart here, as a PNG image.
    #[arg(long)]
    png: Option<PathBuf>,
    /// Write the counts per week and priority here, as CSV.
    #[arg(long)]
    csv: Option<PathBuf>,
    /// The language of the answer and the chart: a Discord locale such as en-US, zh-TW, ja.
    #[arg(long, default_value = "en-US")]
    locale: String,
}

#[derive(Subcommand)]
enum StoreAction {
    /// Read every record and index entry; list the damaged ones and exit 1 if there are any.
    Check,
    /// Apply the PostgreSQL migrations the database lacks (the bot also does at start-up).
    Migrate,
}

#[derive(Subcommand)]
enum CommandsAction {
    /// Check the manifests generated from the engine's commands and the catalog against
    /// Discord's rules; with --dir, also that DIR holds what `export` would write.
    Validate {
        /// A copy of the manifests to compare, e.g. `commands`.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Write the manifests, one JSON file per top-level command, into DIR (`commands` in the
    /// repository is this output).
    Export {
        /// Where to write them (created if missing).
        dir: PathBuf,
    },
    /// Overwrite the application's commands with the generated manifests (needs DISCORD_TOKEN).
    Register {
        /// Register in this guild (instant) instead of globally (default: DISCORD_GUILD_ID).
        #[arg(long)]
        guild: Option<u64>,
    },
}

#[derive(Subcommand)]
enum CasesAction {
    /// A full backup as JSON lines on stdout: organisations, cases with history, reminder
    /// routes and queues, counters. Damaged records are left out, listed on stderr, and the
    /// exit status is 1.
    Export,
    /// Restores an export from stdin: every line is checked first, then all are written or none.
    /// Records already in the store are refused, never replaced.
    Import {
        /// Check the lines and say what would be added, writing nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Args, Default)]
struct Speaker {
    /// Reply language: a Discord locale such as en-US, zh-TW, ja.
    #[arg(long, default_value = "en-US")]
    locale: String,
    /// Who is speaking: customer, agent or admin.
    #[arg(long = "as", default_value = "customer", value_parser = clap::value_parser!(Role))]
    role: Option<Role>,
    /// The speaker's user id.
    #[arg(long, default_value_t = 1)]
    user: u64,
    /// Speak as in a support team's channel (case details are then not private).
    #[arg(long)]
    team_channel: bool,
    /// Show every time in this IANA zone (default: each answer's region or organisation, else
    /// this machine's zone).
    #[arg(long, value_parser = parse_tz)]
    tz: Option<Tz>,
}

impl Speaker {
    fn caller(&self) -> Caller {
        Caller {
            user: UserId(self.user),
            role: self.role.unwrap_or(Role::Customer),
            language: Language::from_locale(&self.locale),
            team_channel: self.team_channel,
        }
    }

    fn reader(&self) -> Reader {
        match self.tz {
            Some(zone) => Reader::Chosen(zone),
            None => Reader::Machine(machine_zone()),
        }
    }
}

/// The zone this machine's clock is set to: `TZ` when it names an IANA zone (as for other
/// programs, `TZ=Asia/Tokyo supportbot`), else the system's setting; UTC when neither can be told
/// (a container without zone data).
fn machine_zone() -> Tz {
    let from_env = std::env::var("TZ")
        .ok()
        .and_then(|tz| batch::parse_tz(tz.trim_start_matches(':')));
    if let Some(zone) = from_env {
        return zone;
    }
    match iana_time_zone::get_timezone() {
        Ok(name) => batch::parse_tz(&name).unwrap_or_else(|| {
            tracing::debug!(%name, "the machine's zone is not an IANA zone; times shown in UTC");
            Tz::UTC
        }),
        Err(error) => {
            tracing::debug!(%error, "the machine's zone is unknown; times shown in UTC");
            Tz::UTC
        }
    }
}

#[derive(Args, Default)]
struct RunArgs {
    #[command(flatten)]
    speaker: Speaker,
    /// Use the terminal even when DISCORD_TOKEN is set.
    #[arg(long)]
    console: bool,
    /// Neither Discord nor the terminal: reminders (printed) and the operators' listener
    /// (SUPPORTBOT_HTTP) only, until SIGINT or SIGTERM; runs in the background of a script.
    #[arg(long, conflicts_with = "console")]
    no_chat: bool,
}

#[derive(Args)]
struct AskArgs {
    #[command(flatten)]
    speaker: Speaker,
    /// The command, as typed in Discord: `/due plan:business priority:p2 region:emea`.
    line: String,
}

#[derive(Args)]
struct DueArgs {
    /// A plan of the catalog (`/slo` lists them).
    #[arg(long, required_unless_present = "batch")]
    plan: Option<String>,
    /// p1, p2, p3 or p4.
    #[arg(long, required_unless_present = "batch")]
    priority: Option<Priority>,
    /// A region of the catalog (`/hours` lists them).
    #[arg(long, required_unless_present = "batch")]
    region: Option<String>,
    /// The customer's IANA time zone, in any letter case, as `/due timezone:` (default: the
    /// region's): it changes the answer, not only how it is shown as `--tz` of `run` does.
    // `--tz` stays an alias [D]: scripts written before the rename keep their answers.
    #[arg(long, visible_alias = "tz", value_parser = parse_tz)]
    timezone: Option<Tz>,
    /// Whose holidays apply: a country (`GB`) or subdivision (`GB-SCT`) code, or `none` (default:
    /// the region's).
    #[arg(long, value_parser = parse_country)]
    country: Option<HolidayCountry>,
    /// An extra non-business date, YYYY-MM-DD (repeatable).
    #[arg(long = "holiday")]
    holidays: Vec<NaiveDate>,
    /// When the case was submitted, RFC 3339.
    #[arg(long, value_parser = parse_instant, required_unless_present = "batch")]
    at: Option<DateTime<Utc>>,
    /// Also print how the deadline was reached.
    #[arg(long)]
    explain: bool,
    /// Language of --explain: a Discord locale such as en-US, zh-TW, ja.
    #[arg(long, default_value = "en-US")]
    locale: String,
    /// Read JSON lines {"plan","priority","region","at","timezone"?,"country"?,"holidays"?} from
    /// stdin ("tz" is another name for "timezone").
    #[arg(long, conflicts_with_all = ["plan", "priority", "region", "at", "explain"])]
    batch: bool,
}

fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("{s:?} is not an RFC 3339 instant such as 2026-11-20T16:30:00Z"))
}

fn parse_tz(s: &str) -> Result<Tz, String> {
    batch::parse_tz(s).ok_or_else(|| {
        format!(
            "{s:?} is not a time zone: give an IANA name, Area/City, such as Asia/Tokyo, Europe/London or America/New_York (any letter case), or UTC"
        )
    })
}

fn parse_country(s: &str) -> Result<HolidayCountry, String> {
    batch::parse_country(Some(s))
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    // The speaker's flags before a subcommand would be silently ignored by it.
    let before_subcommand = [
        "locale",
        "role",
        "user",
        "team_channel",
        "tz",
        "console",
        "no_chat",
    ]
    .into_iter()
    .any(|id| matches.value_source(id) == Some(ValueSource::CommandLine));
    if cli.command.is_some() && before_subcommand {
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--locale, --as, --user, --team-channel, --tz, --console and --no-chat go after the subcommand (`supportbot ask --as admin …`), or stand alone to run the bot (`supportbot --as admin`)",
            )
            .exit();
    }
    telemetry::init_logging(std::env::var("SUPPORTBOT_LOG_FORMAT").ok().as_deref());
    let config = match Config::load(cli.config.as_deref(), |name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("supportbot: {error}");
            return ExitCode::FAILURE;
        }
    };
    // A directory from supportbot.toml counts only where neither a flag nor its variable set one.
    let defaulted = |id: &str| matches.value_source(id) == Some(ValueSource::DefaultValue);
    // What named the store, for the operator to change when another process holds it.
    let store_setting = match (
        matches.value_source("store"),
        matches.value_source("data_dir"),
    ) {
        (Some(ValueSource::CommandLine), _) => "--store",
        (Some(ValueSource::EnvVariable), _) => "SUPPORTBOT_STORE",
        _ if config.store.is_some() => "`store` in supportbot.toml",
        (_, Some(ValueSource::EnvVariable)) => "SUPPORTBOT_DATA_DIR",
        _ if defaulted("data_dir") && config.data_dir.is_some() => "`data_dir` in supportbot.toml",
        _ => "--data-dir",
    };
    if cli.catalog.is_none() {
        cli.catalog = config.catalog_dir.clone();
    }
    if let Some(dir) = config.data_dir.clone().filter(|_| defaulted("data_dir")) {
        cli.data_dir = dir;
    }
    let config = Config {
        catalog_dir: cli.catalog.clone(),
        data_dir: Some(cli.data_dir.clone()),
        ..config
    };
    let catalog_files = CatalogFiles::from_option(cli.catalog.as_deref());
    let catalog = match Catalog::load_from(&catalog_files) {
        Ok(catalog) => Arc::new(catalog),
        Err(error) => {
            eprintln!("supportbot: the catalog cannot be loaded: {error}");
            eprintln!(
                "Fix the file named above, or leave out --catalog (and SUPPORTBOT_CATALOG) to use the built-in catalog."
            );
            return ExitCode::FAILURE;
        }
    };
    // After the catalog: the manifests' plan and region choices are the ones it declares.
    if let Some(Command::Commands { action }) = &cli.command {
        return commands(&config, &catalog, action);
    }
    let clock: Arc<dyn Clock> = match cli.now {
        Some(now) => Arc::new(ManualClock::new(now)),
        None => Arc::new(SystemClock),
    };
    let engine = Engine::new(catalog.clone(), clock);
    let command = cli.command.unwrap_or(Command::Run(cli.run));
    let intents = match &command {
        Command::Run(_) | Command::Ask(_) => match Intents::load_from(&catalog_files) {
            Ok(intents) => Some(Arc::new(intents)),
            Err(error) => {
                eprintln!("supportbot: {error}");
                return ExitCode::FAILURE;
            }
        },
        _ => None,
    };
    // Only what keeps records needs the store, so asking for hours never contends for its lock.
    let needs_store = match &command {
        Command::Due(_) | Command::Commands { .. } => false,
        Command::Ask(args) => line::parse(&args.line)
            .ok()
            .map(|parsed| parsed.command)
            .or_else(|| {
                let question = intents.as_ref()?.question(&args.line, engine.now())?;
                Some(question.command)
            })
            .and_then(|command| spec(&command))
            .is_some_and(|spec| spec.uses_store),
        Command::Run(_) | Command::Cases { .. } | Command::Store { .. } | Command::Stats(_) => true,
    };
    // The flag, else its variable (both through clap), else supportbot.toml, else --data-dir.
    let store_url = match cli.store.as_deref().map(str::parse::<StoreUrl>) {
        Some(Ok(url)) => url,
        Some(Err(error)) => {
            eprintln!("supportbot: --store (or SUPPORTBOT_STORE): {error}");
            return ExitCode::from(BAD_INPUT);
        }
        None => config
            .store
            .clone()
            .unwrap_or_else(|| StoreUrl::Sled(cli.data_dir.clone())),
    };
    let store: Option<Arc<dyn Store>> = if needs_store {
        // Every case written gets its reminders planned in the same transaction, whichever
        // process writes it.
        // Reading a store that lost records is how what remains is saved.
        let salvage = matches!(
            command,
            Command::Cases {
                action: CasesAction::Export
            } | Command::Store { .. }
        );
        let url = &store_url;
        match stores::open(url, salvage, Some(reminders::planner(catalog.clone()))) {
            Ok(store) => Some(store),
            Err(error @ StoreError::Locked { .. }) => {
                eprintln!(
                    "supportbot: cannot open the store {url}: {error}; stop that process (a running bot holds its store until it exits) or choose another store with {store_setting}"
                );
                return ExitCode::FAILURE;
            }
            Err(StoreError::PostgresOpen(failure)) => {
                eprintln!(
                    "supportbot: {}",
                    open_failure(&catalog, cli_language(&command), url, &failure)
                );
                return ExitCode::FAILURE;
            }
            Err(error) => {
                eprintln!("supportbot: cannot open the store {url}: {error}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        None
    };
    let engine = match &store {
        Some(store) => engine.with_store(store.clone()),
        None => engine,
    };
    let code = match command {
        Command::Run(args) => run(&engine, intents, &args, &config, &store_url),
        Command::Ask(args) => ask(&engine, intents.as_deref(), &args),
        Command::Due(args) => due(&engine, &args),
        // Answered above, before the catalog was needed.
        Command::Commands { .. } => ExitCode::FAILURE,
        Command::Cases { action } => match &store {
            Some(store) => cases(store.as_ref(), &catalog, action),
            None => ExitCode::FAILURE,
        },
        Command::Store {
            action: StoreAction::Check,
        } => match &store {
            Some(store) => store_check(store.as_ref()),
            None => ExitCode::FAILURE,
        },
        Command::Stats(args) => stats(&engine, &args),
        // Opening the store applied the migrations.
        Command::Store {
            action: StoreAction::Migrate,
        } => {
            eprintln!("supportbot: the store is up to date");
            ExitCode::SUCCESS
        }
    };
    if let Some(Err(error)) = store.map(|s| s.durable()) {
        eprintln!("supportbot: the store could not be flushed: {error}");
        return ExitCode::FAILURE;
    }
    code
}

fn cases(store: &dyn Store, catalog: &Catalog, action: CasesAction) -> ExitCode {
    let dry_run = matches!(action, CasesAction::Import { dry_run: true });
    let (result, verb) = match action {
        CasesAction::Export => (
            transfer::export(store, std::io::BufWriter::new(std::io::stdout().lock())),
            "exported",
        ),
        CasesAction::Import { dry_run } => (
            transfer::import(store, catalog, std::io::stdin().lock(), dry_run),
            if dry_run { "would import" } else { "imported" },
        ),
    };
    match result {
        Ok(counts) => {
            // A dry run says on stdout what would be added, one id a line.
            if dry_run {
                for added in &counts.added {
                    println!("{added}");
                }
            }
            // Formatted first so the acknowledgement reaches stderr in one write.
            let acknowledgement = format!(
                "supportbot: {verb} {}, {}, {}",
                counted(counts.orgs, "organisation", "organisations"),
                counted(counts.cases, "case", "cases"),
                counted(counts.other, "other record", "other records")
            );
            eprintln!("{acknowledgement}");
            if counts.damaged.is_empty() {
                return ExitCode::SUCCESS;
            }
            for damaged in &counts.damaged {
                eprintln!("supportbot: damaged, left out: {damaged}");
            }
            eprintln!(
                "supportbot: {} left out; run `supportbot store check`",
                counted(
                    u64::try_from(counts.damaged.len()).unwrap_or(u64::MAX),
                    "damaged record was",
                    "damaged records were"
                )
            );
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("supportbot: {error}");
            ExitCode::FAILURE
        }
    }
}

fn store_check(store: &dyn Store) -> ExitCode {
    match store.check() {
        Ok(report) if report.is_clean() => {
            println!(
                "supportbot: {} read, none damaged",
                counted(report.entries, "entry", "entries")
            );
            ExitCode::SUCCESS
        }
        Ok(report) => {
            for damage in &report.damaged {
                println!("damaged: {damage}");
            }
            eprintln!(
                "supportbot: {} read, {} damaged",
                counted(report.entries, "entry", "entries"),
                report.damaged.len()
            );
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("supportbot: the store cannot be read: {error}");
            ExitCode::FAILURE
        }
    }
}

fn runtime() -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => Some(runtime),
        Err(error) => {
            eprintln!("supportbot: cannot start the async runtime: {error}");
            None
        }
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM; never, if neither can be listened for.
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// Which process holds the Discord gateway: the only one on a sled store; on PostgreSQL, the one
/// whose session holds the advisory lock.
fn gateway_owner(
    store: &StoreUrl,
) -> Result<Arc<dyn discord::GatewayOwner>, discord::owner::BadUrl> {
    Ok(match store {
        StoreUrl::Sled(_) => Arc::new(discord::AlwaysOwner),
        StoreUrl::Postgres(url) => Arc::new(discord::AdvisoryLock::new(
            url,
            discord::owner::GATEWAY_LOCK,
        )?),
    })
}

/// The language a command answers in, for what is said before it runs: its `--locale`, else
/// English (commands without one speak English).
fn cli_language(command: &Command) -> Language {
    match command {
        Command::Run(args) => args.speaker.caller().language,
        Command::Ask(args) => args.speaker.caller().language,
        Command::Stats(args) => Language::from_locale(&args.locale),
        _ => Language::En,
    }
}

/// Why the PostgreSQL store could not be opened, in `language`: the server's own message as it
/// gave it, and what to change.
fn open_failure(
    catalog: &Catalog,
    language: Language,
    url: &StoreUrl,
    failure: &supportbot::store::OpenFailure,
) -> String {
    use supportbot::store::OpenFix;
    let messages = catalog.messages();
    let reason = if failure.refused() {
        messages.format(
            i18n::Msg::CliStoreRefused,
            language,
            &[("detail", failure.detail())],
        )
    } else {
        failure.detail().to_owned()
    };
    let fix = messages.get(
        match failure.fix() {
            OpenFix::CreateDatabase => i18n::Msg::CliStoreFixCreateDatabase,
            OpenFix::CheckLogin => i18n::Msg::CliStoreFixCheckLogin,
            OpenFix::FewerConnections => i18n::Msg::CliStoreFixFewerConnections,
            OpenFix::CheckSettings => i18n::Msg::CliStoreFixCheckSettings,
            OpenFix::StartServer => i18n::Msg::CliStoreFixStartServer,
            OpenFix::CheckUrl => i18n::Msg::CliStoreFixCheckUrl,
        },
        language,
    );
    messages.format(
        i18n::Msg::CliStoreCannotOpen,
        language,
        &[("url", &url.to_string()), ("reason", &reason), ("fix", fix)],
    )
}

fn run(
    engine: &Engine,
    intents: Option<Arc<Intents>>,
    args: &RunArgs,
    config: &Config,
    store: &StoreUrl,
) -> ExitCode {
    let owner = match gateway_owner(store) {
        Ok(owner) => owner,
        Err(error) => {
            eprintln!("supportbot: {error}");
            return ExitCode::FAILURE;
        }
    };
    let Some(runtime) = runtime() else {
        return ExitCode::FAILURE;
    };
    // Learned while the bot connects, on a thread of its own (the runtime would wait for a
    // blocking task at exit): the first plain-language question waits only for what is left.
    if let Some(intents) = intents.clone().filter(|_| !args.no_chat) {
        let learning = std::thread::Builder::new()
            .name("learning".into())
            .spawn(move || intents.learn_now());
        if let Err(error) = learning {
            tracing::warn!(%error, "the second opinion will learn at the first question instead");
        }
    }
    READINESS.set(Part::Store, true);
    if engine.store().is_none() {
        READINESS.set(Part::Scheduler, true);
    }
    let on_discord = config.token.is_some() && !args.console && !args.no_chat;
    if !on_discord {
        READINESS.set(Part::Discord, true);
    }
    // Discord's interactions over HTTP are served on the operators' listener.
    let endpoint = match config.public_key.filter(|_| on_discord) {
        Some(_) if config.http.is_none() => {
            eprintln!(
                "supportbot: DISCORD_PUBLIC_KEY is set but SUPPORTBOT_HTTP is not: set SUPPORTBOT_HTTP=ADDR:PORT for the listener that serves POST /interactions, or unset DISCORD_PUBLIC_KEY to take interactions over the gateway"
            );
            return ExitCode::FAILURE;
        }
        Some(key) => match discord::Endpoint::new(key) {
            Ok(endpoint) => Some(endpoint),
            Err(error) => {
                eprintln!("supportbot: {error}");
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    let stop_listener = tokio_util::sync::CancellationToken::new();
    if let Some(addr) = config.http {
        let Some(metrics) = telemetry::install_metrics() else {
            eprintln!("supportbot: the metrics recorder could not be installed");
            return ExitCode::FAILURE;
        };
        let listener = match runtime.block_on(tokio::net::TcpListener::bind(addr)) {
            Ok(listener) => listener,
            Err(error) => {
                eprintln!(
                    "supportbot: SUPPORTBOT_HTTP: cannot listen on {addr}: {error}; choose a free address and port"
                );
                return ExitCode::FAILURE;
            }
        };
        tracing::info!(%addr, "operators' listener: /metrics, /healthz, /readyz");
        let interactions = endpoint.as_ref().map(discord::Endpoint::router);
        let gauges = engine.store().map(|store| {
            let gauges = Gauges::new(store.clone(), engine.shared_catalog(), engine.clock());
            Arc::new(Arc::new(gauges)) as Arc<dyn http::ScrapeTime>
        });
        let shutdown = stop_listener.clone().cancelled_owned();
        runtime.spawn(async move {
            if let Err(error) = http::serve(listener, metrics, gauges, interactions, shutdown).await
            {
                tracing::error!(%error, "the operators' listener stopped");
            }
        });
    }
    let on_discord = on_discord.then_some(OnDiscord { endpoint, owner });
    let code = run_bot(&runtime, engine, intents, args, config, on_discord);
    stop_listener.cancel();
    code
}

/// How the bot runs on Discord: with its interactions endpoint, if any, and who holds the gateway.
struct OnDiscord {
    endpoint: Option<discord::Endpoint>,
    owner: Arc<dyn discord::GatewayOwner>,
}

fn run_bot(
    runtime: &tokio::runtime::Runtime,
    engine: &Engine,
    intents: Option<Arc<Intents>>,
    args: &RunArgs,
    config: &Config,
    on_discord: Option<OnDiscord>,
) -> ExitCode {
    if let Some(OnDiscord { endpoint, owner }) = on_discord {
        let Some(intents) = intents else {
            eprintln!("supportbot: the plain-language questions were not loaded");
            return ExitCode::FAILURE;
        };
        let result = match discord::client() {
            Ok(client) => runtime.block_on(discord::serve(
                config.clone(),
                engine.clone(),
                intents,
                client,
                endpoint,
                owner,
                shutdown_signal(),
            )),
            Err(error) => Err(error.into()),
        };
        return match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("supportbot: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let caller = args.speaker.caller();
    let reader = args.speaker.reader();
    if args.no_chat {
        runtime.block_on(console::without_chat(
            engine,
            caller.language,
            reader,
            shutdown_signal(),
        ));
        return ExitCode::SUCCESS;
    }
    let result = runtime.block_on(async {
        let stdin = tokio::io::BufReader::new(tokio::io::stdin());
        console::session(
            engine,
            intents.as_ref(),
            caller,
            reader,
            stdin,
            std::io::stdout(),
        )
        .await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("supportbot: console: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Exit status for a refused command: bad input, as clap uses for bad flags.
const BAD_INPUT: u8 = 2;

fn commands(config: &Config, catalog: &Catalog, action: &CommandsAction) -> ExitCode {
    let manifests = match Manifests::generate(catalog) {
        Ok(manifests) => manifests,
        Err(error) => {
            eprintln!("supportbot: {error}");
            return ExitCode::FAILURE;
        }
    };
    let problems = manifests.problems();
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("{problem}");
        }
        eprintln!(
            "supportbot: {} in the command manifests; fix the messages or catalog entries named above",
            counted(
                u64::try_from(problems.len()).unwrap_or(u64::MAX),
                "problem",
                "problems"
            )
        );
        return ExitCode::FAILURE;
    }
    match action {
        CommandsAction::Validate { dir } => {
            if let Some(dir) = dir {
                match manifests.stale(dir) {
                    Ok(stale) if stale.is_empty() => {}
                    Ok(stale) => {
                        for line in &stale {
                            eprintln!("{line}");
                        }
                        eprintln!(
                            "supportbot: {} is not what the commands generate; rewrite it with `supportbot commands export {}`",
                            dir.display(),
                            dir.display()
                        );
                        return ExitCode::FAILURE;
                    }
                    Err(error) => {
                        eprintln!("supportbot: {error}");
                        return ExitCode::FAILURE;
                    }
                }
            }
            println!(
                "{} command manifests follow Discord's rules{}",
                manifests.count(),
                dir.as_ref()
                    .map(|d| format!(" and {} is up to date", d.display()))
                    .unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        CommandsAction::Export { dir } => match manifests.export(dir) {
            Ok(extra) => {
                for name in &extra {
                    eprintln!(
                        "supportbot: {} is no command's manifest; remove it",
                        dir.join(name).display()
                    );
                }
                println!(
                    "wrote {} command manifests to {}",
                    manifests.count(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            // The commands' manifests are for operators, who read English.
            Err(ManifestError::Write { path, source }) => {
                let told = i18n::unwritable(catalog.messages(), Language::En, &path, &source);
                eprintln!("supportbot: {}", told.text);
                if told.bad_path {
                    ExitCode::from(BAD_INPUT)
                } else {
                    ExitCode::FAILURE
                }
            }
            Err(error) => {
                eprintln!("supportbot: {error}");
                ExitCode::FAILURE
            }
        },
        CommandsAction::Register { guild } => {
            register(config, &manifests, guild.or(config.guild_id))
        }
    }
}

fn register(config: &Config, manifests: &Manifests, guild: Option<u64>) -> ExitCode {
    let Some(runtime) = runtime() else {
        return ExitCode::FAILURE;
    };
    let result = runtime.block_on(async {
        let rest = discord::Rest::new(config, config.require_token()?)?;
        let app = discord::application_id(&rest).await?;
        discord::register(&rest, app, manifests, guild, true).await?;
        Ok::<_, discord::DiscordError>(())
    });
    match result {
        Ok(()) => {
            let scope = guild.map_or_else(|| "globally".to_owned(), |g| format!("in guild {g}"));
            println!("registered the {} commands {scope}", manifests.count());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("supportbot: {error}");
            ExitCode::FAILURE
        }
    }
}

fn ask(engine: &Engine, intents: Option<&Intents>, args: &AskArgs) -> ExitCode {
    // Its reminders wait for the next console on the store: replies that cause one say so.
    let engine = &engine.clone().printing_unrouted_reminders_later();
    let (reply, rendered) = console::answer(
        engine,
        intents,
        args.speaker.caller(),
        args.speaker.reader(),
        &args.line,
    );
    print!("{rendered}");
    // As the console says to type `/as ROLE`, ask says which flag tries it.
    if let Some(role) = reply.lacks_role {
        let hint = engine.catalog().messages().format(
            i18n::Msg::AskTryAs,
            args.speaker.caller().language,
            &[("role", role.keyword())],
        );
        println!("\n{}", text::without_markdown(&hint));
    }
    match reply.outcome {
        Outcome::Answered => ExitCode::SUCCESS,
        Outcome::BadInput => ExitCode::from(BAD_INPUT),
        Outcome::Failed => ExitCode::FAILURE,
    }
}

/// `/stats` asked by the operator (who sees every organisation, as `cases export` does), printed
/// as the console shows it; its chart and counts written where asked.
fn stats(engine: &Engine, args: &StatsArgs) -> ExitCode {
    let language = Language::from_locale(&args.locale);
    let options = [
        ("from", &args.from),
        ("to", &args.to),
        ("region", &args.region),
        ("org", &args.org),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some((name.to_owned(), value.clone()?)))
    .collect();
    // The operator sees every organisation, so an id that is not found does not exist; chat's
    // "not visible to you, /case list shows yours" would point them at a chat command.
    if let (Some(org), Some(store)) = (&args.org, engine.store())
        && let Ok(id) = org.parse::<OrgId>()
        && let Ok(None) = store.org(&id)
    {
        let told = engine.catalog().messages().format(
            i18n::Msg::CliStatsUnknownOrg,
            language,
            &[("org", org.as_str())],
        );
        eprintln!("supportbot: --org: {told}");
        return ExitCode::from(BAD_INPUT);
    }
    let request = Request {
        caller: Caller::new(UserId(0), Role::Admin, language),
        command: "stats".to_owned(),
        options,
    };
    let reply = engine.handle(&request);
    let reader = Reader::Machine(machine_zone());
    let rendered = text::render_for(&reply, engine.catalog(), language, engine.now(), reader);
    let chart = match (reply.outcome, &reply.chart) {
        (Outcome::Answered, Some(chart)) => chart,
        (Outcome::Failed, _) => {
            eprint!("{rendered}");
            return ExitCode::FAILURE;
        }
        _ => {
            eprint!("{rendered}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    // The files first: a report followed by a failure would read as a report that was saved.
    let png = match args.png.as_ref().map(|path| (path, chart::png(chart))) {
        Some((_, Err(error))) => {
            eprintln!("supportbot: {error}");
            return ExitCode::FAILURE;
        }
        Some((path, Ok(bytes))) => Some((path, bytes)),
        None => None,
    };
    let csv = args
        .csv
        .as_ref()
        .map(|path| (path, chart::csv(chart).into_bytes()));
    for (path, bytes) in png.into_iter().chain(csv) {
        if let Err(error) = std::fs::write(path, bytes) {
            let told = i18n::unwritable(engine.catalog().messages(), language, path, &error);
            eprintln!("{}", told.text);
            return if told.bad_path {
                ExitCode::from(BAD_INPUT)
            } else {
                ExitCode::FAILURE
            };
        }
    }
    print!("{rendered}");
    ExitCode::SUCCESS
}

fn due(engine: &Engine, args: &DueArgs) -> ExitCode {
    let catalog = engine.catalog();
    if args.batch {
        let workers = batch::Workers::per_core();
        return match batch::run(catalog, std::io::stdin(), std::io::stdout(), workers) {
            Ok(summary) => {
                tracing::info!(lines = summary.lines, errors = summary.errors, "batch done");
                ExitCode::SUCCESS
            }
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("supportbot: batch: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let (Some(plan), Some(priority), Some(region), Some(submitted)) =
        (&args.plan, args.priority, &args.region, args.at)
    else {
        eprintln!("supportbot: due needs --plan, --priority, --region and --at (or --batch)");
        return ExitCode::from(BAD_INPUT);
    };
    // The catalog names the plans and regions, so they are read once it is loaded.
    let plan = match plan.parse::<PlanId>() {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("supportbot: --plan: {error}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    let region = match region.parse::<RegionId>() {
        Ok(region) => region,
        Err(error) => {
            eprintln!("supportbot: --region: {error}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    let query = DeadlineQuery {
        plan,
        priority,
        region,
        submitted,
        timezone: args.timezone,
        country: args.country.unwrap_or(HolidayCountry::RegionDefault),
        added_holidays: args.holidays.clone(),
    };
    let deadline = match query.due(catalog) {
        Ok(deadline) => deadline,
        Err(error) => {
            eprintln!("supportbot: {}", batch::error_text(catalog, &error));
            return ExitCode::from(BAD_INPUT);
        }
    };
    if deadline.holidays_unknown {
        eprintln!("supportbot: warning: {}", batch::NO_HOLIDAY_DATA);
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{}",
        deadline.due.to_rfc3339_opts(SecondsFormat::Secs, true)
    );
    if args.explain {
        let language = Language::from_locale(&args.locale);
        let ctx = Context {
            catalog,
            store: None,
            team_channel: false,
            unrouted: supportbot::cmd::Unrouted::Held,
            now: engine.now(),
            language,
            role: Role::Customer,
            user: UserId(0),
        };
        match deadline_reply(&ctx, &query) {
            Ok(reply) => {
                let _ = write!(
                    out,
                    "\n{}",
                    text::render(&reply, catalog, language, engine.now())
                );
            }
            Err(error) => {
                let _ = write!(
                    out,
                    "{}",
                    text::render(&error.reply(&ctx), catalog, language, engine.now())
                );
                return ExitCode::from(BAD_INPUT);
            }
        }
    }
    ExitCode::SUCCESS
}

/// `n` with its English noun: the backup commands speak to operators, in English only.
fn counted(n: u64, one: &str, other: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { other })
}
