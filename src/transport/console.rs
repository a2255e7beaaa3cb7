//! The terminal chat: one command per line, the reply printed as text. Works interactively and
//! with piped input; end of input (Ctrl-D) ends the session.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::io::{IsTerminal, Write};
use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

use crate::clock::Clock;
use crate::domain::catalog::Catalog;
use crate::domain::ids::Language;
use crate::domain::org::{Role, UserId};
use crate::domain::reminders::Route;
use crate::engine::{Caller, Engine, Reply, Request};
use crate::i18n::Msg;
use crate::intents::{ChatText, Intents, Reading};
use crate::reminders::{Notifier, Outgoing, Reminders, SendError};
use crate::render::text::{self, Reader};

/// What a line asks for, read without touching the store: an answer already known, or a request
/// for the engine (with the zone a question asked to see its times in).
enum Asked {
    Known(Reply),
    Request(Request, Option<Tz>),
    Line(Caller, String),
}

/// Reads a line. A line without `/` may be a plain-language question, which `intents` turns into
/// its command, or answers with suggestions in its language when it cannot place it; one that
/// reads like a command missing its slash (`hours region:japan`) gets the engine's "commands
/// start with /" instead. One that is not a question ("thanks!", "hi", a link), which a chat
/// channel leaves alone, is answered here [D]: the console is a conversation with the bot alone,
/// where silence would look like a hang and a refusal like a fault, so it says what it answers.
/// Returns the reply language.
fn read(
    catalog: &Catalog,
    intents: Option<&Intents>,
    caller: Caller,
    line: &str,
    now: DateTime<Utc>,
) -> (Asked, Language) {
    let reading = intents
        .filter(|_| !reads_like_a_command(line))
        .map(|intents| (intents, intents.read(line, now)));
    // Asked in Chinese or Japanese: answered so; in English: in the console's language.
    let language_of = |written: Language| match written {
        Language::En => caller.language,
        written => written,
    };
    match reading {
        Some((intents, Reading::Unplaced(written))) => {
            let language = language_of(written);
            let text = intents.text(ChatText::Unplaced, language);
            (Asked::Known(Reply::new("").text(text)), language)
        }
        Some((_, Reading::Question(q))) => {
            let language = language_of(q.language);
            let request = Request {
                caller: Caller { language, ..caller },
                command: q.command,
                options: q.options,
            };
            (Asked::Request(request, q.shown_in), language)
        }
        // `ask ""` typed nothing at all: that is a usage mistake, not small talk.
        Some((_, Reading::Ignored)) if !line.trim().is_empty() => {
            let language = language_of(Intents::written_in(line));
            let text = catalog.messages().get(Msg::ConsoleSmallTalk, language);
            (Asked::Known(Reply::new("").text(text)), language)
        }
        Some((_, Reading::Ignored)) | None => {
            (Asked::Line(caller, line.to_owned()), caller.language)
        }
    }
}

/// One line's answer, rendered (for `ask`, which runs without an async runtime).
pub fn answer(
    engine: &Engine,
    intents: Option<&Intents>,
    caller: Caller,
    reader: Reader,
    line: &str,
) -> (Reply, String) {
    let (asked, language) = read(engine.catalog(), intents, caller, line, engine.now());
    let (reply, reader) = match asked {
        Asked::Known(reply) => (reply, reader),
        Asked::Request(request, shown_in) => (engine.handle(&request), shown(reader, shown_in)),
        Asked::Line(caller, line) => (engine.handle_line(caller, &line), reader),
    };
    let rendered = text::render_for(&reply, engine.catalog(), language, engine.now(), reader);
    (reply, rendered)
}

/// [`answer`] inside the console's session: the engine runs off the runtime's threads, so the
/// reminders printed meanwhile never wait for a command's disk sync, nor it for theirs.
async fn answer_async(
    engine: &Engine,
    intents: Option<&Arc<Intents>>,
    caller: Caller,
    reader: Reader,
    line: &str,
) -> (Reply, String) {
    // A command never waits for the second opinion to learn.
    let reads = intents.filter(|i| !reads_like_a_command(line) && i.may_be_a_question(line));
    if let Some(intents) = reads {
        super::learned(intents).await;
    }
    let intents = intents.map(|intents| &**intents);
    let (asked, language) = read(engine.catalog(), intents, caller, line, engine.now());
    let (reply, reader) = match asked {
        Asked::Known(reply) => (reply, reader),
        Asked::Request(request, shown_in) => {
            (engine.answer(request).await, shown(reader, shown_in))
        }
        Asked::Line(caller, line) => (engine.answer_line(caller, line).await, reader),
    };
    let rendered = text::render_for(&reply, engine.catalog(), language, engine.now(), reader);
    (reply, rendered)
}

/// The reader of an answer to a question that asked to see times in `shown_in` ("in Paris
/// time"): that zone, over `--tz` too, since the question is the more specific.
fn shown(reader: Reader, shown_in: Option<Tz>) -> Reader {
    shown_in.map_or(reader, Reader::Chosen)
}

/// `/as ROLE [USER]`, which only the console knows: who speaks from now on. `None` when the line
/// is something else; `Some(None)` when it is `/as` with words that are not a role and a user id.
fn switch_speaker(line: &str, caller: Caller) -> Option<Option<Caller>> {
    let mut words = line.split_whitespace();
    if !words.next()?.eq_ignore_ascii_case("/as") {
        return None;
    }
    let role = words.next().and_then(|w| w.parse::<Role>().ok());
    let user = match words.next() {
        None => Some(caller.user),
        Some(id) => id.parse().ok().filter(|&id| id > 0).map(UserId),
    };
    Some(match (role, user, words.next()) {
        (Some(role), Some(user), None) => Some(Caller {
            role,
            user,
            ..caller
        }),
        _ => None,
    })
}

/// `/…`, or a command's name followed by `name:value` options.
fn reads_like_a_command(line: &str) -> bool {
    let line = line.trim_start();
    let mut words = line.split_whitespace();
    let first = words.next().unwrap_or_default();
    let named = crate::cmd::COMMANDS
        .iter()
        .any(|spec| spec.name.split(' ').next() == Some(first));
    line.starts_with('/') || (named && words.any(|w| w.contains(':')))
}

/// Prints reminders as they fire: the console's stand-in for a team channel.
pub struct ConsoleNotifier {
    catalog: Arc<Catalog>,
    language: Language,
    clock: Arc<dyn Clock>,
    reader: Reader,
}

impl Notifier for ConsoleNotifier {
    async fn send(&self, message: &Outgoing) -> Result<(), SendError> {
        let reply =
            Reply::new("⏰").text(message.content.replace(&format!("<@&{CONSOLE_ROLE}> "), ""));
        let rendered = text::render_for(
            &reply,
            &self.catalog,
            self.language,
            self.clock.now(),
            self.reader,
        );
        let mut out = std::io::stdout().lock();
        writeln!(out, "{rendered}").map_err(|e| SendError::Transient(e.to_string()))?;
        out.flush().map_err(|e| SendError::Transient(e.to_string()))
    }
}

/// The console has no channels or roles: every reminder goes to this one stand-in route.
const CONSOLE_ROLE: u64 = 0;

/// The reminder runtime of a store, printing what fires in `language` as the console does, with
/// every reminder on the console's one stand-in route.
fn printing_reminders(
    engine: &Engine,
    store: Arc<dyn crate::store::Store>,
    language: Language,
    reader: Reader,
) -> Reminders<ConsoleNotifier> {
    let notifier = ConsoleNotifier {
        catalog: engine.shared_catalog(),
        language,
        clock: engine.clock(),
        reader,
    };
    let mut reminders = Reminders::new(store, engine.shared_catalog(), engine.clock(), notifier);
    reminders.fallback = Some(Route {
        channel: 0,
        role: CONSOLE_ROLE,
        language,
        oncall_role: None,
    });
    reminders
}

/// Reads commands until end of input, printing reminders as they fire when there is a store.
pub async fn session(
    engine: &Engine,
    intents: Option<&Arc<Intents>>,
    caller: Caller,
    reader: Reader,
    input: impl AsyncBufRead + Unpin,
    output: impl Write,
) -> std::io::Result<()> {
    let Some(store) = engine.store() else {
        return run(engine, intents, caller, reader, input, output).await;
    };
    let reminders = printing_reminders(engine, store.clone(), caller.language, reader);
    let stop = CancellationToken::new();
    let runtime = tokio::spawn(Arc::new(reminders).run(stop.clone()));
    // Replies must say what the fallback route does: unrouted reminders print here.
    let engine = &engine.clone().printing_unrouted_reminders();
    let result = run(engine, intents, caller, reader, input, output).await;
    stop.cancel();
    let _ = runtime.await;
    result
}

/// `run --no-chat`: no commands read, reminders printed as the console prints them, until
/// `until` completes (the process's shutdown signal). What the process is for is the operators'
/// listener, which runs beside it; reading no input, it runs in the background of a script or a
/// terminal, where the console would end at its input's end or stop for reading the terminal.
pub async fn without_chat(
    engine: &Engine,
    language: Language,
    reader: Reader,
    until: impl std::future::Future<Output = ()>,
) {
    let Some(store) = engine.store() else {
        return until.await;
    };
    let stop = CancellationToken::new();
    let reminders = printing_reminders(engine, store.clone(), language, reader);
    let runtime = tokio::spawn(Arc::new(reminders).run(stop.clone()));
    until.await;
    stop.cancel();
    let _ = runtime.await;
}

/// Reads commands until end of input.
pub async fn run(
    engine: &Engine,
    intents: Option<&Arc<Intents>>,
    mut caller: Caller,
    reader: Reader,
    input: impl AsyncBufRead + Unpin,
    mut output: impl Write,
) -> std::io::Result<()> {
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if interactive {
        writeln!(
            output,
            "{}",
            text::without_markdown(
                engine
                    .catalog()
                    .messages()
                    .get(Msg::ConsoleWelcome, caller.language)
            )
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
        let messages = engine.catalog().messages();
        let rendered = match switch_speaker(&line, caller) {
            Some(Some(speaker)) => {
                caller = speaker;
                text::without_markdown(&messages.format(
                    Msg::ConsoleSpeakingAs,
                    caller.language,
                    &[
                        ("role", caller.role.keyword()),
                        ("user", &caller.user.0.to_string()),
                    ],
                ))
            }
            Some(None) => {
                text::without_markdown(messages.get(Msg::ConsoleAsUsage, caller.language))
            }
            None => {
                let (reply, mut rendered) =
                    answer_async(engine, intents, caller, reader, &line).await;
                if let Some(role) = reply.lacks_role {
                    rendered.push('\n');
                    rendered.push_str(&text::without_markdown(&messages.format(
                        Msg::ConsoleTryAs,
                        caller.language,
                        &[("role", role.keyword())],
                    )));
                }
                rendered
            }
        };
        writeln!(output, "{rendered}")?;
        output.flush()?;
    }
    if interactive {
        writeln!(output)?;
    }
    Ok(())
}
