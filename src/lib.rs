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
/// times reading a message as the bot reads it: mimalloc, measured against the system's in
/// BENCHMARKS.md ("mimalloc").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
