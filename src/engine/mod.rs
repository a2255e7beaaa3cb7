//! The transport-independent engine: a request in (who, in which language, which command with
//! which options), a reply out. Knows nothing of Discord or terminals.

mod reply;

use std::sync::Arc;

pub use reply::{Accent, CaseActions, Chart, Field, Mentions, Outcome, Reply};

pub use crate::domain::org::{Role, UserId};

use crate::clock::Clock;
use crate::cmd::{self, Context, Unrouted};
use crate::domain::catalog::Catalog;
use crate::i18n::{Language, Msg};
use crate::store::Store;
use crate::telemetry;

/// Who is asking, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller {
    pub user: UserId,
    pub role: Role,
    pub language: Language,
    /// Asked in a support team's channel: case details may be shown to the channel there;
    /// anywhere else they are private to the asker.
    pub team_channel: bool,
}

impl Caller {
    pub fn new(user: UserId, role: Role, language: Language) -> Caller {
        Caller {
            user,
            role,
            language,
            team_channel: false,
        }
    }
}

/// One command as a transport received it, options still raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub caller: Caller,
    /// The command path without the slash: `hours`, or `case file` for a subcommand.
    pub command: String,
    pub options: Vec<(String, String)>,
}

/// Answers requests from the catalog and the store, with time from a clock.
#[derive(Clone)]
pub struct Engine {
    catalog: Arc<Catalog>,
    clock: Arc<dyn Clock>,
    store: Option<Arc<dyn Store>>,
    /// Where reminders that no route sends anywhere go (the console prints them): replies say so.
    unrouted: Unrouted,
}

impl Engine {
    /// An engine without a store: it answers everything but case, organisation and contact
    /// commands, which say the store is unavailable.
    pub fn new(catalog: Arc<Catalog>, clock: Arc<dyn Clock>) -> Engine {
        Engine {
            catalog,
            clock,
            store: None,
            unrouted: Unrouted::Held,
        }
    }

    /// This engine as the console's, which prints every reminder, routed or not.
    pub fn printing_unrouted_reminders(mut self) -> Engine {
        self.unrouted = Unrouted::PrintedHere;
        self
    }

    /// This engine as `ask`'s: no reminders run, the next console on the store prints them.
    pub fn printing_unrouted_reminders_later(mut self) -> Engine {
        self.unrouted = Unrouted::PrintedNextRun;
        self
    }

    pub fn with_store(mut self, store: Arc<dyn Store>) -> Engine {
        self.store = Some(store);
        self
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The catalog, for tasks that outlive one request (the reminder runtime).
    pub fn shared_catalog(&self) -> Arc<Catalog> {
        self.catalog.clone()
    }

    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    pub fn store(&self) -> Option<&Arc<dyn Store>> {
        self.store.as_ref()
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    pub fn handle(&self, request: &Request) -> Reply {
        let received = std::time::Instant::now();
        let ctx = self.context(request.caller);
        let reply = match cmd::Command::parse(&request.command, &request.options)
            .and_then(|command| command.apply(&ctx))
        {
            Ok(reply) => reply,
            Err(error) => error.reply(&ctx),
        };
        // Only declared command names become labels: what a user typed must not grow the
        // number of series.
        let command = cmd::spec(&request.command).map_or("unknown", |spec| spec.name);
        metrics::counter!(
            telemetry::COMMANDS,
            "command" => command,
            "outcome" => telemetry::outcome_label(reply.outcome)
        )
        .increment(1);
        metrics::histogram!(telemetry::COMMAND_SECONDS, "command" => command)
            .record(received.elapsed().as_secs_f64());
        reply
    }

    /// At most `limit` suggestions `(label, value)` for `option` of `command` starting with
    /// `prefix` (Discord's autocomplete), among what the caller may see.
    pub fn autocomplete(
        &self,
        caller: Caller,
        command: &str,
        option: &str,
        prefix: &str,
        limit: usize,
    ) -> Vec<(String, String)> {
        let Some(kind) = cmd::spec(command)
            .and_then(|spec| spec.options.iter().find(|o| o.name == option))
            .map(|o| o.kind)
        else {
            return Vec::new();
        };
        cmd::suggest::suggest(&self.context(caller), kind, prefix, limit).unwrap_or_else(|error| {
            tracing::warn!(%error, command, option, "no suggestions");
            Vec::new()
        })
    }

    /// [`Engine::handle`] for async callers: run on tokio's blocking pool, because a command
    /// that keeps records waits for the store (a disk sync, a database round trip), and the
    /// runtime's few threads must stay free to answer everyone else meanwhile.
    pub async fn answer(&self, request: Request) -> Reply {
        let language = request.caller.language;
        let engine = self.clone();
        let answered = tokio::task::spawn_blocking(move || engine.handle(&request)).await;
        answered.unwrap_or_else(|error| self.task_failed(language, &error))
    }

    /// [`Engine::handle_line`] for async callers, off the runtime's threads as [`Engine::answer`].
    pub async fn answer_line(&self, caller: Caller, line: String) -> Reply {
        let engine = self.clone();
        let answered = tokio::task::spawn_blocking(move || engine.handle_line(caller, &line)).await;
        answered.unwrap_or_else(|error| self.task_failed(caller.language, &error))
    }

    /// [`Engine::autocomplete`] for async callers: suggestions read organisations and cases.
    pub async fn suggestions(
        &self,
        caller: Caller,
        command: String,
        option: String,
        prefix: String,
        limit: usize,
    ) -> Vec<(String, String)> {
        let engine = self.clone();
        tokio::task::spawn_blocking(move || {
            engine.autocomplete(caller, &command, &option, &prefix, limit)
        })
        .await
        .unwrap_or_else(|error| {
            tracing::error!(%error, "suggestions failed");
            Vec::new()
        })
    }

    /// The answer when the blocking task itself did not finish (it panicked, or the runtime is
    /// shutting down): a failure on the bot's side, never bad input.
    fn task_failed(&self, language: Language, error: &tokio::task::JoinError) -> Reply {
        tracing::error!(%error, "the engine failed while answering");
        let messages = self.catalog.messages();
        Reply::failed(
            messages.get(Msg::ErrorTitle, language),
            messages.get(Msg::ErrorStore, language),
        )
    }

    /// A command typed as text (`/hours region:japan`), as the console and `ask` receive it.
    pub fn handle_line(&self, caller: Caller, line: &str) -> Reply {
        match cmd::line::parse(line) {
            Ok(parsed) => self.handle(&Request {
                caller,
                command: parsed.command,
                options: parsed.options,
            }),
            Err(error) => error.reply(&self.context(caller)),
        }
    }

    fn context(&self, caller: Caller) -> Context<'_> {
        Context {
            catalog: &self.catalog,
            store: self.store.as_deref(),
            now: self.clock.now(),
            language: caller.language,
            role: caller.role,
            user: caller.user,
            team_channel: caller.team_channel,
            unrouted: self.unrouted,
        }
    }
}
