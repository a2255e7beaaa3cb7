//! The terminal chat: one command per line, the reply printed as text. Works interactively and
//! with piped input; end of input (Ctrl-D) ends the session.

use std::io::{IsTerminal, Write};

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

use crate::engine::{Caller, Engine, Reply};
use crate::i18n::Msg;
use crate::render::text;

/// One line's answer, rendered.
pub fn answer(engine: &Engine, caller: Caller, line: &str) -> (Reply, String) {
    let reply = engine.handle_line(caller, line);
    let rendered = text::render(&reply, engine.catalog(), caller.language, engine.now());
    (reply, rendered)
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
