//! Interaction latency under load: the fake Discord of `tests/fake_discord/` and the bot in this
//! process, INTERACTION_CREATE sent at a steady rate, and the time from sending each one to its
//! callback reaching the fake. Fails (exit 1) if any interaction goes unanswered or the fake
//! notes a protocol violation (a late answer counts as one).
//!
//! ```sh
//! cargo bench --bench discord_load                                  # 200/s for 60 s
//! DISCORD_LOAD_RATE=400 DISCORD_LOAD_SECS=10 cargo bench --bench discord_load
//! ```

#[path = "../tests/fake_discord/mod.rs"]
mod fake_discord;
#[path = "../tests/common/reader.rs"]
mod reader;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_discord::{FakeDiscord, Route, opt};
use serde_json::Value;
use supportbot::clock::SystemClock;
use supportbot::config::Config;
use supportbot::domain::catalog::Catalog;
use supportbot::engine::Engine;
use supportbot::reminders;
use supportbot::store::SledStore;
use supportbot::transport::discord;

const GUILD: u64 = 700_000_000_000_000_001;
const CHANNEL: u64 = 600_000_000_000_000_001;
const AGENT_ROLE: u64 = 500_000_000_000_000_002;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The i-th interaction of the mix: nine in ten answered from the catalog at once, one in ten a
/// store read (`/case list`, deferred then edited), in the three locales.
fn interaction(fake: &FakeDiscord, i: u64) -> Value {
    let locale = ["en-US", "zh-TW", "ja"][(i % 3) as usize];
    let user = 400_000_000_000_000_000 + i % 1000;
    let (name, options, roles): (&str, Vec<Value>, &[u64]) = match i % 10 {
        0 => ("hours", vec![opt::string("region", "japan")], &[]),
        1 => (
            "slo",
            vec![
                opt::string("plan", "business"),
                opt::string("priority", "p2"),
            ],
            &[],
        ),
        2 => ("entitlements", vec![opt::string("plan", "elite")], &[]),
        3 => (
            "due",
            vec![
                opt::string("plan", "business"),
                opt::string("priority", "p2"),
                opt::string("region", "emea"),
                opt::string("at", "2026-11-20 16:30"),
            ],
            &[],
        ),
        4 => ("compare", vec![], &[]),
        5 => ("features", vec![opt::string("plan", "business")], &[]),
        6 => ("resources", vec![], &[]),
        7 => ("help", vec![], &[]),
        8 => ("hours", vec![], &[]),
        _ => ("case", vec![opt::sub("list", vec![])], &[AGENT_ROLE]),
    };
    fake.interaction_command(name, options, locale, user, roles, CHANNEL, Some(GUILD))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() -> ExitCode {
    let rate = env_number("DISCORD_LOAD_RATE", 200).max(1);
    let seconds = env_number("DISCORD_LOAD_SECS", 60).max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(load(rate, seconds))
}

async fn load(rate: u64, seconds: u64) -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let catalog = Arc::new(Catalog::load(&root.join("data")).expect("the catalog loads"));
    let store = SledStore::open(dir.path())
        .expect("the store opens")
        .with_planner(reminders::planner(catalog.clone()));
    let engine = Engine::new(catalog, Arc::new(SystemClock)).with_store(Arc::new(store));
    let mut config = Config::load(None, |name| {
        (name == "DISCORD_TOKEN").then(|| "bench-token".to_owned())
    })
    .expect("a config");
    config.api_base = fake.base_url();
    config.agent_roles = vec![AGENT_ROLE];
    config.catalog_dir = Some(root.join("data"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let bot = tokio::spawn(discord::run(
        config,
        engine,
        reader::intents(),
        async move {
            let _ = stopped.await;
        },
    ));
    assert!(
        fake.wait_connected(Duration::from_secs(30)).await,
        "the bot connects"
    );

    let total = rate * seconds;
    let period = Duration::from_secs_f64(1.0 / rate as f64);
    let mut sent: HashMap<String, Instant> = HashMap::with_capacity(total as usize);
    let mut ticks = tokio::time::interval(period);
    let started = Instant::now();
    for i in 0..total {
        ticks.tick().await;
        let payload = interaction(&fake, i);
        let path = format!(
            "/api/v10/interactions/{}/{}/callback",
            payload["id"].as_str().unwrap_or_default(),
            payload["token"].as_str().unwrap_or_default()
        );
        sent.insert(path, Instant::now());
        fake.send_event("INTERACTION_CREATE", payload);
    }
    let sending = started.elapsed();
    // Wait for the last answers.
    let deadline = Instant::now() + Duration::from_secs(15);
    while fake.requests_to(Route::InteractionCallback).len() < sent.len()
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let callbacks = fake.requests_to(Route::InteractionCallback);
    let mut latencies: Vec<Duration> = Vec::with_capacity(callbacks.len());
    let mut answered = 0;
    for c in &callbacks {
        if let Some(at) = sent.get(&c.path)
            && c.status == 204
        {
            answered += 1;
            latencies.push(c.at.saturating_duration_since(*at));
        }
    }
    latencies.sort();
    let edits = fake
        .requests_to(Route::OriginalResponse)
        .iter()
        .filter(|r| r.status == 200)
        .count();
    let notes = fake.notes();
    let _ = stop.send(());
    let stopped = tokio::time::timeout(Duration::from_secs(30), bot).await;
    let dropped = total as usize - answered;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "discord_load: {total} interactions at {rate}/s over {:.1} s (90% catalog, 10% /case list deferred)",
        sending.as_secs_f64()
    );
    println!(
        "  callback latency: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 90.0)),
        ms(percentile(&latencies, 99.0)),
        ms(latencies.last().copied().unwrap_or_default()),
    );
    println!(
        "  answered {answered}, dropped {dropped}, deferred answers edited {edits}, protocol notes {}",
        notes.len()
    );
    let clean_stop = matches!(stopped, Ok(Ok(Ok(()))));
    if dropped > 0 || !notes.is_empty() || !clean_stop {
        for note in notes.iter().take(10) {
            println!("  note: {note}");
        }
        println!("  clean shutdown: {clean_stop}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
