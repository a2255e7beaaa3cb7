//! Transports: where requests come from and replies go. Each converts its own input to the
//! engine's `Request` and renders the engine's `Reply`; none holds business rules.

pub mod batch;
pub mod console;
pub mod discord;
pub mod http;

use std::sync::Arc;

use crate::intents::Intents;

/// Waits until `intents` has learned what reading a message needs, training it on a blocking
/// thread if no one has started to: reading never holds a runtime thread for the training.
pub async fn learned(intents: &Arc<Intents>) {
    if intents.has_learned() {
        return;
    }
    let intents = intents.clone();
    if let Err(error) = tokio::task::spawn_blocking(move || intents.learn_now()).await {
        tracing::error!(%error, "training the second opinion failed");
    }
}
