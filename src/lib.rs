//! supportbot: a support assistant for chat. See ARCHITECTURE.md for the map of modules.

pub mod clock;
pub mod cmd;
pub mod config;
pub mod domain;
pub mod engine;
pub mod gauges;
pub mod i18n;
pub mod intents;
pub mod reminders;
pub mod render;
pub mod store;
pub mod telemetry;
pub mod transport;

/// The allocator of the bot and of every test and bench built on this crate, so that a bench
/// times reading a message as the bot reads it: mimalloc, whose p99 was lower than the system
/// allocator's at the cost of more resident memory (BENCHMARKS.md, "mimalloc as the
/// allocator"). A fuzzing build keeps the system's, which its sanitizer watches.
#[cfg(not(fuzzing))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
