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
