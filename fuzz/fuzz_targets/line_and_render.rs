//! Any bytes as a command line: parsed, answered by the engine (no store: record commands say so)
//! and rendered for Discord and for a terminal. A panic, or a Discord payload over a limit, is a
//! finding.

#![no_main]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use supportbot::clock::ManualClock;
use supportbot::domain::catalog::Catalog;
use supportbot::engine::{Caller, Engine, Request, Role, UserId};
use supportbot::i18n::Language;
use supportbot::intents::Intents;
use supportbot::transport::discord::render::render;

struct Fixture {
    engine: Engine,
    intents: Intents,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        let catalog = Arc::new(Catalog::load(&data).expect("the catalog loads"));
        let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).expect("an instant");
        Fixture {
            engine: Engine::new(catalog, Arc::new(ManualClock::new(now))),
            intents: Intents::load(&data).expect("the intents load"),
        }
    })
}

fn chars(v: &serde_json::Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    let _ = supportbot::cmd::line::parse(line);
    let fixture = fixture();
    for language in [Language::En, Language::ZhTw, Language::Ja] {
        let caller = Caller::new(UserId(7), Role::Admin, language);
        let reply = fixture.engine.handle_line(caller, line);
        let request = Request {
            caller,
            command: String::new(),
            options: Vec::new(),
        };
        let rendered = render(&reply, &request, &fixture.intents);
        for embed in std::iter::once(&rendered.embed).chain(&rendered.follow_ups) {
            let e = serde_json::to_value(embed).expect("an embed is JSON");
            let fields = e["fields"].as_array().cloned().unwrap_or_default();
            let total = chars(&e["title"])
                + chars(&e["description"])
                + chars(&e["footer"]["text"])
                + fields
                    .iter()
                    .map(|f| chars(&f["name"]) + chars(&f["value"]))
                    .sum::<usize>();
            assert!(chars(&e["title"]) <= 256 && chars(&e["description"]) <= 4096);
            assert!(fields.len() <= 25 && total <= 6000);
            assert!(fields.iter().all(|f| chars(&f["value"]) <= 1024));
        }
        assert!(rendered.content.chars().count() <= 2000);
        let _ = supportbot::render::text::render(
            &reply,
            fixture.engine.catalog(),
            language,
            fixture.engine.now(),
        );
    }
});
