//! How long one deadline takes: `due` over a realistic mix of plans, priorities, regions and
//! submission instants through 2026, on the real catalog.

use std::hint::black_box;
use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use supportbot::domain::catalog::{Catalog, HolidayCountry};
use supportbot::domain::deadline::DeadlineQuery;
use supportbot::domain::ids::{CalendarKind, Priority};

const QUERIES: usize = 1000;

/// A fixed pseudo-random sequence (xorshift), so every run measures the same mix.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn mix(catalog: &Catalog, kinds: &[CalendarKind]) -> Vec<DeadlineQuery> {
    let start: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap_or_default();
    let mut sequence = Sequence(0x5eed_1234_abcd_ef01);
    let mut queries = Vec::with_capacity(QUERIES);
    let (plans, regions) = (catalog.plan_ids(), catalog.region_ids());
    while queries.len() < QUERIES {
        let plan = sequence.pick(&plans);
        let priority = sequence.pick(Priority::ALL);
        if !kinds.contains(&catalog.target(plan, priority).target.kind) {
            continue;
        }
        queries.push(DeadlineQuery {
            plan,
            priority,
            region: sequence.pick(&regions),
            submitted: start + TimeDelta::seconds((sequence.next() % (365 * 86_400)) as i64),
            timezone: None,
            country: HolidayCountry::RegionDefault,
            added_holidays: Vec::new(),
        });
    }
    queries
}

fn bench(c: &mut Criterion) {
    let catalog = match Catalog::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")) {
        Ok(catalog) => catalog,
        Err(error) => panic!("the catalog must load for the benchmark: {error}"),
    };
    let mut group = c.benchmark_group("due");
    group.throughput(Throughput::Elements(QUERIES as u64));
    let cases: [(&str, &[CalendarKind]); 5] = [
        ("mix", CalendarKind::ALL),
        ("24x7", &[CalendarKind::TwentyFourSeven]),
        ("24x5", &[CalendarKind::TwentyFourFive]),
        ("business-hours", &[CalendarKind::BusinessHours]),
        ("business-days", &[CalendarKind::BusinessDays]),
    ];
    for (name, kinds) in cases {
        let queries = mix(&catalog, kinds);
        group.bench_function(name, |b| {
            b.iter(|| {
                for query in &queries {
                    let _ = black_box(query.due(black_box(&catalog)));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
