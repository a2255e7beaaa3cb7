//! The transport-independent engine: a request in (who, in which language, which command with
//! which options), a reply out. Knows nothing of Discord or terminals.

mod reply;

use std::sync::Arc;

pub use reply::{Accent, Field, Mentions, Outcome, Reply};

pub use crate::domain::org::{Role, UserId};

use crate::clock::Clock;
use crate::cmd::{self, Context};
use crate::domain::catalog::Catalog;
use crate::i18n::Language;

/// One command as a transport received it, options still raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub user: UserId,
    pub role: Role,
    pub language: Language,
    /// The command path without the slash: `hours`, or `case file` for a subcommand.
    pub command: String,
    pub options: Vec<(String, String)>,
}

/// Answers requests from the catalog, with time from a clock.
#[derive(Clone)]
pub struct Engine {
    catalog: Arc<Catalog>,
    clock: Arc<dyn Clock>,
}

impl Engine {
    pub fn new(catalog: Arc<Catalog>, clock: Arc<dyn Clock>) -> Engine {
        Engine { catalog, clock }
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    pub fn handle(&self, request: &Request) -> Reply {
        let ctx = self.context(request.user, request.role, request.language);
        match cmd::Command::parse(&request.command, &request.options)
            .and_then(|command| command.apply(&ctx))
        {
            Ok(reply) => reply,
            Err(error) => error.reply(&ctx),
        }
    }

    /// A command typed as text (`/hours region:japan`), as the console and `ask` receive it.
    pub fn handle_line(&self, user: UserId, role: Role, language: Language, line: &str) -> Reply {
        match cmd::line::parse(line) {
            Ok(parsed) => self.handle(&Request {
                user,
                role,
                language,
                command: parsed.command,
                options: parsed.options,
            }),
            Err(error) => error.reply(&self.context(user, role, language)),
        }
    }

    fn context(&self, user: UserId, role: Role, language: Language) -> Context<'_> {
        Context {
            catalog: &self.catalog,
            now: self.clock.now(),
            language,
            role,
            user,
        }
    }
}
