//! The terminal chat: one command per line, the reply printed as text. Works interactively and
//! with piped input; end of input (Ctrl-D) ends the session.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use tokio::sync::watch;

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

use crate::clock::Clock;
use crate::domain::catalog::Catalog;
use crate::domain::ids::Language;
use crate::domain::reminders::Route;
use crate::engine::{Caller, Engine, Reply};
use crate::i18n::Msg;
use crate::reminders::{Notifier, Outgoing, Reminders, SendError};
use crate::render::text;

/// One line's answer, rendered.
pub fn answer(engine: &Engine, caller: Caller, line: &str) -> (Reply, String) {
    let reply = engine.handle_line(caller, line);
    let rendered = text::render(&reply, engine.catalog(), caller.language, engine.now());
    (reply, rendered)
}

/// Prints reminders as they fire: the console's stand-in for a team channel.
pub struct ConsoleNotifier {
    catalog: Arc<Catalog>,
    language: Language,
    clock: Arc<dyn Clock>,
}

impl Notifier for ConsoleNotifier {
    async fn send(&self, message: &Outgoing) -> Result<(), SendError> {
        let reply =
            Reply::new("⏰").text(message.content.replace(&format!("<@&{CONSOLE_ROLE}> "), ""));
        let rendered = text::render(&reply, &self.catalog, self.language, self.clock.now());
        let mut out = std::io::stdout().lock();
        writeln!(out, "{rendered}").map_err(|e| SendError::Transient(e.to_string()))?;
        out.flush().map_err(|e| SendError::Transient(e.to_string()))
    }
}

/// The console has no channels or roles: every reminder goes to this one stand-in route.
const CONSOLE_ROLE: u64 = 0;

/// Reads commands until end of input, printing reminders as they fire when there is a store.
pub async fn session(
    engine: &Engine,
    caller: Caller,
    input: impl AsyncBufRead + Unpin,
    output: impl Write,
) -> std::io::Result<()> {
    let Some(store) = engine.store() else {
        return run(engine, caller, input, output).await;
    };
    let notifier = ConsoleNotifier {
        catalog: engine.shared_catalog(),
        language: caller.language,
        clock: engine.clock(),
    };
    let mut reminders = Reminders::new(
        store.clone(),
        engine.shared_catalog(),
        engine.clock(),
        notifier,
    );
    reminders.fallback = Some(Route {
        channel: 0,
        role: CONSOLE_ROLE,
        language: caller.language,
        oncall_role: None,
    });
    let (stop, stopped) = watch::channel(false);
    let runtime = tokio::spawn(Arc::new(reminders).run(stopped));
    let result = run(engine, caller, input, output).await;
    let _ = stop.send(true);
    let _ = runtime.await;
    result
}

/// Reads commands until end of input.
pub async fn run(
    engine: &Engine,
    caller: Caller,
    input: impl AsyncBufRead + Unpin,
    mut output: impl Write,
) -> std::io::Result<()> {
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if interactive {
        writeln!(
            output,
            "{}",
            engine
                .catalog()
                .messages()
                .get(Msg::ConsoleWelcome, caller.language)
        )?;
    }
    let mut lines = input.lines();
    loop {
        if interactive {
            write!(output, "> ")?;
            output.flush()?;
        }
        let line = match lines.next_line().await {
            Ok(Some(line)) => line,
            Ok(None) => break,
            // A line that is not UTF-8 is answered, not fatal.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => String::from("\u{fffd}"),
            Err(e) => return Err(e),
        };
        if line.trim().is_empty() {
            continue;
        }
        let (_, rendered) = answer(engine, caller, &line);
        writeln!(output, "{rendered}")?;
        output.flush()?;
    }
    if interactive {
        writeln!(output)?;
    }
    Ok(())
}
