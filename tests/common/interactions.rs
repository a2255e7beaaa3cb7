//! Interactions as Discord posts them to the bot's interactions endpoint, for the tests that post
//! them (in one process or to several): who sends them where, the filing they send, and the
//! signature, Ed25519 over the timestamp (Unix seconds) followed by the raw body, in hex.

#![allow(dead_code)]

use std::time::{SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signer, SigningKey};
use serde_json::Value;

use crate::fake_discord::{FakeDiscord, opt};

pub const GUILD: u64 = 700_000_000_000_000_001;
pub const CHANNEL: u64 = 600_000_000_000_000_001;
pub const AGENT_ROLE: u64 = 500_000_000_000_000_002;
pub const AGENT: u64 = 400_000_000_000_000_002;
pub const CUSTOMER: u64 = 400_000_000_000_000_003;

/// `/case file` of a P2 of acme's product aem titled `title`, by an agent in the guild's channel.
pub fn filing(fake: &FakeDiscord, title: &str) -> Value {
    fake.interaction_command(
        "case",
        vec![opt::sub(
            "file",
            vec![
                opt::string("org", "acme"),
                opt::string("product", "aem"),
                opt::string("priority", "p2"),
                opt::string("title", title),
            ],
        )],
        "en-US",
        AGENT,
        &[AGENT_ROLE],
        CHANNEL,
        Some(GUILD),
    )
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `X-Signature-Ed25519` for `body` sent with `X-Signature-Timestamp: timestamp`.
pub fn signature(key: &SigningKey, timestamp: &str, body: &[u8]) -> String {
    hex(&key.sign(&[timestamp.as_bytes(), body].concat()).to_bytes())
}

/// `X-Signature-Ed25519` and `X-Signature-Timestamp` for `body`, signed now.
pub fn signed_now(key: &SigningKey, body: &[u8]) -> (String, String) {
    let timestamp = unix_now().to_string();
    (signature(key, &timestamp, body), timestamp)
}
