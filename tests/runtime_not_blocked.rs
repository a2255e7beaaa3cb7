//! Nothing blocks the async runtime: with a store whose flush takes 2 s, on a runtime of two
//! worker threads, a catalog question is answered within 100 ms while case commands (from the
//! engine's async entry, from console sessions) and reminder runtimes wait for their flushes.
//! Were any of them to flush on a worker thread, two of them would hold both workers and the
//! question would wait the full 2 s.

mod slow_store;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use slow_store::SlowStore;
use supportbot::clock::ManualClock;
use supportbot::domain::catalog::Catalog;
use supportbot::engine::{Caller, Engine, Outcome, Request, Role, UserId};
use supportbot::i18n::Language;
use supportbot::reminders::{self, Notifier, Outgoing, Reminders, SendError};
use supportbot::render::text::Reader;
use supportbot::store::SledStore;
use supportbot::transport::console;

const FLUSH: Duration = Duration::from_secs(2);
const CHANNEL: u64 = 900;
const ROLE: u64 = 901;

/// Friday 20 November 2026, 16:30 in London: EMEA is open.
fn filed_at() -> DateTime<Utc> {
    chrono_tz::Europe::London
        .with_ymd_and_hms(2026, 11, 20, 16, 30, 0)
        .single()
        .expect("a London instant")
        .with_timezone(&Utc)
}

struct Bot {
    engine: Engine,
    store: Arc<SlowStore>,
    clock: Arc<ManualClock>,
    _dir: tempfile::TempDir,
}

/// An engine on a slow store (still fast) with an organisation and a reminder channel.
fn bot() -> Bot {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let catalog = Arc::new(
        Catalog::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).expect("catalog"),
    );
    let clock = Arc::new(ManualClock::new(filed_at()));
    let sled = SledStore::open(dir.path())
        .expect("the store opens")
        .with_planner(reminders::planner(catalog.clone()));
    let store = SlowStore::new(sled, FLUSH);
    let engine = Engine::new(catalog, clock.clone()).with_store(store.clone());
    let bot = Bot {
        engine,
        store,
        clock,
        _dir: dir,
    };
    bot.ask(
        Role::Admin,
        "/org add name:acme plan:business region:emea products:aem",
    );
    bot.ask(
        Role::Admin,
        &format!("/reminders set region:emea channel:<#{CHANNEL}> role:<@&{ROLE}> language:en"),
    );
    bot
}

const FILE: &str = "/case file org:acme product:aem priority:p2 title:\"Checkout fails\"";

impl Bot {
    fn ask(&self, role: Role, line: &str) {
        let reply = self
            .engine
            .handle_line(Caller::new(UserId(7), role, Language::En), line);
        assert_eq!(reply.outcome, Outcome::Answered, "{line}: {}", reply.text);
    }
}

/// Waits on this (non-worker) thread until `ready`, failing after a generous limit.
fn wait_until(what: &str, ready: impl Fn() -> bool) {
    let limit = Instant::now() + Duration::from_secs(10);
    while !ready() {
        assert!(Instant::now() < limit, "never happened: {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Asks a catalog question from a task on the runtime's workers, as a transport does. Callers
/// check that the slow flushes are still under way once it is answered: an order, which load on
/// the machine cannot flip, where a duration could.
async fn catalog_question(engine: &Engine) {
    let engine = engine.clone();
    let reply = tokio::spawn(async move {
        let request = Request {
            caller: Caller::new(UserId(8), Role::Customer, Language::En),
            command: "hours".to_owned(),
            options: vec![("region".to_owned(), "emea".to_owned())],
        };
        engine.answer(request).await
    })
    .await
    .expect("the question's task finishes");
    assert_eq!(reply.outcome, Outcome::Answered, "{}", reply.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn case_commands_waiting_for_a_slow_flush_do_not_delay_a_catalog_question() {
    let bot = bot();
    bot.store.slow_down();
    let filings: Vec<_> = (0..2)
        .map(|_| {
            let engine = bot.engine.clone();
            tokio::spawn(async move {
                engine
                    .answer_line(
                        Caller::new(UserId(7), Role::Agent, Language::En),
                        FILE.into(),
                    )
                    .await
            })
        })
        .collect();
    wait_until("both filings flush", || bot.store.flushing() == 2);
    catalog_question(&bot.engine).await;
    assert_eq!(bot.store.flushing(), 2, "the filings were still flushing");
    for filing in filings {
        let reply = filing.await.expect("the filing's task finishes");
        assert_eq!(reply.outcome, Outcome::Answered, "{}", reply.text);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_sessions_waiting_for_a_slow_flush_do_not_delay_a_catalog_question() {
    let bot = bot();
    bot.store.slow_down();
    let sessions: Vec<_> = (0..2)
        .map(|_| {
            let engine = bot.engine.clone();
            tokio::spawn(async move {
                let input = format!("{FILE}\n");
                let mut output = Vec::new();
                let agent = Caller::new(UserId(7), Role::Agent, Language::En);
                console::run(
                    &engine,
                    None,
                    agent,
                    Reader::Machine(chrono_tz::Tz::UTC),
                    input.as_bytes(),
                    &mut output,
                )
                .await
                .expect("the session reads its input");
                output
            })
        })
        .collect();
    wait_until("both sessions flush", || bot.store.flushing() == 2);
    catalog_question(&bot.engine).await;
    assert_eq!(bot.store.flushing(), 2, "the sessions were still flushing");
    for session in sessions {
        let output = session.await.expect("the session's task finishes");
        let output = String::from_utf8_lossy(&output);
        assert!(output.contains("CASE-00000"), "{output}");
    }
}

/// Takes every message; the test only needs the runtime to reach its slow flushes.
struct Accepting;

impl Notifier for Accepting {
    async fn send(&self, _message: &Outgoing) -> Result<(), SendError> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminder_runtimes_waiting_for_a_slow_flush_do_not_delay_a_catalog_question() {
    // Two bots, each with a reminder due, so two runtimes compose and flush at once.
    let bots = [bot(), bot()];
    let mut stops = Vec::new();
    let mut runtimes = Vec::new();
    for bot in &bots {
        bot.ask(Role::Agent, FILE);
        // Business P2 from Friday 16:30: 50% of its two business hours is Monday 09:30.
        bot.clock.set(
            chrono_tz::Europe::London
                .with_ymd_and_hms(2026, 11, 23, 9, 30, 0)
                .single()
                .expect("a London instant")
                .with_timezone(&Utc),
        );
        bot.store.slow_down();
        let store = bot.store.clone();
        let engine = &bot.engine;
        let runtime = Reminders::new(store, engine.shared_catalog(), engine.clock(), Accepting);
        let stop = tokio_util::sync::CancellationToken::new();
        runtimes.push(tokio::spawn(Arc::new(runtime).run(stop.clone())));
        stops.push(stop);
    }
    wait_until("both runtimes flush", || {
        bots.iter().all(|bot| bot.store.flushing() == 1)
    });
    catalog_question(&bots[0].engine).await;
    assert!(
        bots.iter().all(|bot| bot.store.flushing() == 1),
        "the runtimes were still flushing"
    );
    for stop in stops {
        stop.cancel();
    }
    // The runtimes finish their flushes and stop; the test does not wait for their sends.
    drop(runtimes);
}
