//! The plain-language reader of the built-in catalog, shared by the bots a test binary starts.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use supportbot::intents::Intents;

/// Loaded and learned once per test binary, before the first bot connects, as the binary learns
/// while it connects.
pub fn intents() -> Arc<Intents> {
    static INTENTS: OnceLock<Arc<Intents>> = OnceLock::new();
    INTENTS
        .get_or_init(|| {
            let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
            let intents = Intents::load(&data).expect("the intents load");
            intents.learn_now();
            Arc::new(intents)
        })
        .clone()
}
