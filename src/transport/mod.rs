//! Transports: where requests come from and replies go. Each converts its own input to the
//! engine's `Request` and renders the engine's `Reply`; none holds business rules.

pub mod batch;
pub mod console;
pub mod discord;
pub mod http;
