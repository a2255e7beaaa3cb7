//! How long reading one chat message takes: `Intents::read` over every question of the corpus
//! (`tests/corpus/questions.tsv`) and the first held-out files (`data/questions/heldout*.tsv`),
//! three languages, plus non-questions, on the real `data/intents.toml`, with the second opinion
//! learned from every labelled file. Criterion gives the mean per message; the percentiles below it time each
//! message on its own, so a slow kind of message shows in the p99, and the slowest messages are
//! named.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use supportbot::intents::Intents;

/// Rounds over the whole mix for the percentiles.
const ROUNDS: usize = 30;

/// How many of the slowest messages to name.
const SLOWEST: usize = 10;

fn messages() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut messages: Vec<String> = Vec::new();
    for file in [
        "tests/corpus/questions.tsv",
        "data/questions/heldout.tsv",
        "data/questions/heldout2.tsv",
        "data/questions/heldout3.tsv",
        "data/questions/heldout4.tsv",
    ] {
        let corpus =
            std::fs::read_to_string(root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        messages.extend(
            corpus
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .filter_map(|l| l.splitn(3, '\t').nth(2))
                .map(str::to_owned),
        );
    }
    messages.extend(
        [
            "lol",
            "thanks!",
            "https://status.adobe.com",
            "/hours region:japan",
        ]
        .map(str::to_owned),
    );
    messages
}

fn intents() -> Intents {
    Intents::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn percentiles(intents: &Intents, messages: &[String]) {
    let now = chrono::Utc::now();
    let mut each: Vec<Vec<Duration>> = vec![Vec::with_capacity(ROUNDS); messages.len()];
    for _ in 0..ROUNDS {
        for (message, times) in messages.iter().zip(&mut each) {
            let start = Instant::now();
            black_box(intents.read(black_box(message), black_box(now)));
            times.push(start.elapsed());
        }
    }
    let mut times: Vec<Duration> = each.iter().flatten().copied().collect();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!(
        "read one message, {} timings: p50 {:?}, p90 {:?}, p99 {:?}, max {:?}",
        times.len(),
        at(0.50),
        at(0.90),
        at(0.99),
        at(1.0)
    );
    // The messages slow every time, not once: each message's median over the rounds.
    let mut medians: Vec<(Duration, &str)> = each
        .iter_mut()
        .zip(messages)
        .map(|(times, message)| {
            times.sort();
            (times[times.len() / 2], message.as_str())
        })
        .collect();
    medians.sort_by_key(|&(median, _)| std::cmp::Reverse(median));
    for (median, message) in medians.iter().take(SLOWEST) {
        println!("  median {median:?}: {message}");
    }
}

fn bench(c: &mut Criterion) {
    let intents = intents();
    let messages = messages();
    let mut group = c.benchmark_group("intents");
    group.throughput(Throughput::Elements(messages.len() as u64));
    let now = chrono::Utc::now();
    group.bench_function("read the whole mix", |b| {
        b.iter(|| {
            for message in &messages {
                black_box(intents.read(black_box(message), black_box(now)));
            }
        })
    });
    group.finish();
    percentiles(&intents, &messages);
}

criterion_group!(benches, bench);
criterion_main!(benches);
