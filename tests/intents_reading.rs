//! How chat messages are read: what is not a question (slash commands, fewer than three
//! characters, small talk, a link alone, code), the kinds of miss issue 10 lists, unknown
//! questions answered in their own language with suggestions, and the `/support` answers the new
//! intents lead to, built from the catalog in each language.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use supportbot::i18n::{Language, Msg, fill};
use supportbot::intents::{ChatText, Intents, Reading};

use common::{LOCALES, all_text, ask, bin, catalog, engine, english_run, field, message, run, tr};

fn intents() -> &'static Intents {
    static INTENTS: OnceLock<Intents> = OnceLock::new();
    INTENTS.get_or_init(|| {
        Intents::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

/// When the questions are asked: Monday 2026-11-30, 12:00 UTC.
fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-30T12:00:00Z")
        .unwrap_or_else(|e| panic!("{e}"))
        .to_utc()
}

fn line(message: &str) -> Option<(String, Language)> {
    intents()
        .question(message, now())
        .map(|q| (q.line(), q.language))
}

/// Each message read as its command line, in its language.
fn assert_lines(cases: &[(&str, &str, Language)]) {
    for (message, want, language) in cases {
        assert_eq!(
            line(message),
            Some(((*want).to_owned(), *language)),
            "{message}"
        );
    }
}

/// Each message left unplaced, answered in its language with what the bot can answer.
fn assert_unplaced(cases: &[(&str, Language)]) {
    for (message, language) in cases {
        assert_eq!(
            intents().read(message, now()),
            Reading::Unplaced(*language),
            "{message}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_slash_command_is_never_a_question(rest in "\\PC{0,60}", mention in prop::bool::ANY) {
        let message = if mention { format!("<@42> /{rest}") } else { format!("/{rest}") };
        prop_assert_eq!(intents().read(&message, now()), Reading::Ignored);
    }

    #[test]
    fn fewer_than_three_characters_are_never_a_question(text in "\\PC{0,2}") {
        prop_assert_eq!(intents().read(&text, now()), Reading::Ignored);
        prop_assert_eq!(intents().read(&format!("<@42> {text}"), now()), Reading::Ignored);
    }
}

#[test]
fn short_and_slash_questions_the_rules_cover_are_ignored_not_answered() {
    // Each would be answered without the rule: the rule is what ignores them.
    for (message, answered) in [
        ("/hours region:japan", "hours support hours in japan"),
        ("P1", "P1 response time"),
        ("急", "系統掛了，很急"),
        ("/what are your hours?", "what are your hours?"),
    ] {
        assert_eq!(
            intents().read(message, now()),
            Reading::Ignored,
            "{message}"
        );
        assert!(line(answered).is_some(), "{answered}");
    }
}

#[test]
fn small_talk_links_and_code_are_ignored() {
    for message in [
        "lol",
        "LOL",
        "thanks!",
        "Thanks so much!!",
        "thank you",
        "ty",
        "ok 👍",
        "<@42> thanks!",
        "haha",
        "謝謝！",
        "收到",
        "ありがとうございます！",
        "了解しました",
        "www",
        "https://status.adobe.com",
        "<https://experienceleague.adobe.com/docs>",
        "https://a.example/x https://b.example/y",
        "```\nfn main() { println!(\"what are your hours?\"); }\n```",
        "`cargo build --release`",
    ] {
        assert_eq!(
            intents().read(message, now()),
            Reading::Ignored,
            "{message:?}"
        );
    }
    // A question that mentions thanks or a link is still a question.
    assert!(line("thanks! what are your hours in japan?").is_some());
    assert!(line("is https://status.adobe.com the status page?").is_some());
}

#[test]
fn the_kinds_of_miss_in_the_issue_are_answered() {
    let zh = Language::ZhTw;
    let ja = Language::Ja;
    let en = Language::En;
    let cases: &[(&str, &str, Language)] = &[
        // No space between a number and CJK text.
        ("P1の応答時間は？", "/slo priority:p1", ja),
        (
            "業務支援P2在歐洲的期限",
            "/due plan:business priority:p2 region:emea",
            zh,
        ),
        (
            "elite的P1在日本的期限",
            "/due plan:elite priority:p1 region:japan",
            zh,
        ),
        ("elite的P1回應時間", "/slo plan:elite priority:p1", zh),
        // Full-width and variant characters.
        ("Ｐ３的回應時間", "/slo priority:p3", zh),
        ("ＣＡＳＥ－０００００１", "/case show id:CASE-000001", en),
        ("エスカレ―ションできますか", "/support escalation", ja),
        ("エスカレ－ション", "/support escalation", ja),
        // Typos and short forms.
        ("respnse time", "/slo", en),
        ("support hrs", "/hours", en),
        ("escalte pls", "/support escalation", en),
        ("suport hours", "/hours", en),
        ("biz p2 respnse", "/slo plan:business priority:p2", en),
        ("ent p1 sla", "/slo plan:enterprise priority:p1", en),
        ("業務P2回映時間", "/slo plan:business priority:p2", zh),
        (
            "ビジネスのP2の応答時間",
            "/slo plan:business priority:p2",
            ja,
        ),
        // Mixed language.
        ("elite跟business差在哪", "/compare plans:elite,business", zh),
        ("businessプランのP2", "/slo plan:business priority:p2", ja),
        // The new intents.
        ("everything is down", "/support urgent", en),
        ("系統掛了", "/support urgent", zh),
        ("本番が止まった", "/support urgent", ja),
        ("do you work weekends", "/support coverage", en),
        ("週末有客服嗎", "/support coverage", zh),
        ("土日も対応していますか", "/support coverage", ja),
        ("is anyone there right now", "/hours", en),
        (
            "how do I escalate on business?",
            "/support escalation plan:business",
            en,
        ),
        ("can I ring you", "/support phone", en),
        // Entities anywhere: dates, IANA zones, zone words, cities.
        (
            "due date for elite p2 in london filed 2026-12-04 16:00",
            "/due plan:elite priority:p2 region:emea at:\"2026-12-04 16:00\" timezone:Europe/London",
            en,
        ),
        (
            "hours in America/New_York",
            "/hours timezone:America/New_York",
            en,
        ),
        // A zone in words is where to show times (`shown_in`, below), not an option.
        ("日本時間で営業時間は", "/hours", ja),
        (
            "台北的營業時間",
            "/hours region:apac timezone:Asia/Taipei",
            zh,
        ),
    ];
    let mut wrong = Vec::new();
    for (message, want, language) in cases {
        let got = line(message);
        if got.as_ref() != Some(&((*want).to_owned(), *language)) {
            wrong.push(format!(
                "{message:?}: want {want} ({language}), got {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_value_that_does_not_exist_is_not_taken() {
    // Case 0, 31 February and a zone that does not exist look like values but are not.
    assert_eq!(
        line("business p2 japan deadline 2026-02-31 10:00"),
        Some((
            "/due plan:business priority:p2 region:japan".to_owned(),
            Language::En
        ))
    );
    assert_eq!(
        line("hours in Asia/Nowhere"),
        Some(("/hours region:apac".to_owned(), Language::En))
    );
    assert_eq!(line("case 0 status"), None);
}

#[test]
fn dates_and_times_are_read_anywhere_in_three_languages() {
    // Asked on Monday 2026-11-30 at 12:00 UTC.
    let due = |at: &str| format!("/due plan:business priority:p2 region:japan at:\"{at}\"");
    for (message, at) in [
        (
            "business p2 japan due if filed friday at 5pm",
            "2026-12-04 17:00",
        ),
        (
            "at 5pm friday: business p2 japan deadline",
            "2026-12-04 17:00",
        ),
        (
            "business p2 japan due, filed monday 9:15am",
            "2026-11-30 09:15",
        ),
        (
            "business p2 japan due if filed tmrw 12am",
            "2026-12-01 00:00",
        ),
        ("business p2 japan due if filed 12pm", "2026-11-30 12:00"),
        (
            "business p2 japan due, opened on 3rd december",
            "2026-12-03 00:00",
        ),
        // A day already past this year is next year's.
        ("business p2 japan due jan 5 at 10:00", "2027-01-05 10:00"),
        (
            "業務支援 p2 日本 禮拜三晚上7點半 開單的期限",
            "2026-12-02 19:30",
        ),
        ("業務支援 p2 日本 12月1號下午3點 期限", "2026-12-01 15:00"),
        (
            "ビジネス P2 日本 あさって午前10時に起票した場合の期限",
            "2026-12-02 10:00",
        ),
        (
            "ビジネス P2 日本 木曜日の 8 時 30 分 の期限",
            "2026-12-03 08:30",
        ),
    ] {
        assert_eq!(line(message).map(|(l, _)| l), Some(due(at)), "{message}");
    }
    // "Today" is where the asker says they are: 20:00 UTC is already Tuesday in Tokyo.
    let late = chrono::DateTime::parse_from_rfc3339("2026-11-30T20:00:00Z")
        .unwrap_or_else(|e| panic!("{e}"))
        .to_utc();
    let tokyo = intents().question("business p2 tokyo due today at 9am", late);
    assert_eq!(
        tokyo.map(|q| q.line()),
        Some(
            "/due plan:business priority:p2 region:japan at:\"2026-12-01 09:00\" timezone:Asia/Tokyo"
                .to_owned()
        )
    );
    // Not a date or time: a duration, an hour past 23, a number after a word that is not a month,
    // a day that does not exist.
    for message in [
        "business p2 japan due within 24時間",
        "business p2 japan due at 25:00",
        "business priority 2 japan due",
        "business p2 japan due feb 30 at 10am",
    ] {
        assert_eq!(
            line(message).map(|(l, _)| l),
            Some("/due plan:business priority:p2 region:japan".to_owned()),
            "{message}"
        );
    }
}

#[test]
fn an_unknown_question_gets_suggestions_in_its_own_language() {
    for (message, language) in [
        ("what's the weather like today?", Language::En),
        ("今天天氣怎麼樣？", Language::ZhTw),
        ("今日の天気は？", Language::Ja),
    ] {
        assert_eq!(
            intents().read(message, now()),
            Reading::Unplaced(language),
            "{message}"
        );
        let text = intents().text(ChatText::Unplaced, language);
        let examples = text.matches(['“', '「']).count();
        assert!((2..=3).contains(&examples), "{language}: {text}");
        assert!(text.contains("/help"), "{text}");
    }
}

#[test]
fn the_console_answers_an_unknown_question_in_its_language() {
    for (args, want) in [
        (vec!["ask", "今日の天気は？"], Language::Ja),
        (vec!["ask", "今天天氣怎麼樣？"], Language::ZhTw),
        (
            vec!["ask", "--locale", "ja", "what's the weather like?"],
            Language::Ja,
        ),
        (vec!["ask", "what's the weather like?"], Language::En),
    ] {
        let out = run(bin(&args), b"");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let text = intents().text(ChatText::Unplaced, want);
        assert!(stdout.contains(text), "{args:?}: {stdout}");
    }
    // A question in Japanese is answered in Japanese whatever the console's locale.
    let out = run(bin(&["ask", "本番が止まった"]), b"");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&message("ja", Msg::SupportUrgentTitle)),
        "{stdout}"
    );
}

#[test]
fn support_answers_come_from_the_catalog_in_each_language() {
    let engine = engine();
    let catalog = catalog();
    for locale in LOCALES {
        let language = Language::from_locale(locale);
        let plan_name = |id: &str| {
            let plan = catalog.plans().iter().find(|p| p.id.as_str() == id);
            plan.map(|p| p.name.get(language).to_owned())
                .unwrap_or_else(|| panic!("no plan {id}"))
        };
        for command in [
            "support urgent",
            "support coverage",
            "support escalation",
            "support phone",
        ] {
            let reply = ask(&engine, locale, &format!("/{command}"));
            let text = all_text(&reply);
            assert!(!reply.title.is_empty(), "{command}");
            for plan in ["online", "business", "enterprise", "elite"] {
                assert!(
                    text.contains(&plan_name(plan)),
                    "{locale} {command}: {text}"
                );
            }
            if language != Language::En {
                assert_eq!(english_run(&text), None, "{locale} {command}: {text}");
            }
            let one = ask(&engine, locale, &format!("/{command} plan:business"));
            let one = all_text(&one);
            assert!(one.contains(&plan_name("business")), "{one}");
            assert!(
                !one.contains(&plan_name("elite")),
                "{locale} {command}: {one}"
            );
        }
        // Phone and escalation: Online has neither, the paid plans both (plans.toml).
        for (command, row) in [
            (
                "support phone",
                tr(
                    locale,
                    "Live Telephone Support",
                    "即時電話支援",
                    "電話サポート（ライブ）",
                ),
            ),
            (
                "support escalation",
                tr(
                    locale,
                    "Escalation Management",
                    "向上呈報管理",
                    "エスカレーション管理",
                ),
            ),
        ] {
            let reply = ask(&engine, locale, &format!("/{command}"));
            let cells = &field(&reply, row).value;
            assert!(
                cells.contains(&format!("{}: –", plan_name("online"))),
                "{cells}"
            );
            assert!(
                cells.contains(&format!("{}: ✔", plan_name("business"))),
                "{cells}"
            );
        }
        // Urgent: each plan's P1 target as /slo gives it, and how to file the case.
        let urgent = ask(&engine, locale, "/support urgent");
        let slo = ask(&engine, locale, "/slo priority:p1");
        for plan in ["online", "business", "enterprise", "elite"] {
            assert_eq!(
                field(&urgent, &plan_name(plan)).value,
                field(&slo, &plan_name(plan)).value,
                "{locale} {plan}"
            );
        }
        assert!(
            all_text(&urgent).contains("/case file"),
            "{}",
            all_text(&urgent)
        );
        assert!(all_text(&urgent).contains("priority:p1"));
        let escalation = all_text(&ask(&engine, locale, "/support escalation"));
        assert!(escalation.contains("/case escalate"), "{escalation}");
    }
}

/// A console session on the store in `dir`, as `supportbot` with the repository's catalog.
fn session(dir: &Path, locale: &str, lines: &[&str]) -> String {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_supportbot"));
    command
        .arg("--catalog")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
        .arg("--data-dir")
        .arg(dir)
        .args(["--locale", locale])
        .env_remove("DISCORD_TOKEN")
        .env("RUST_LOG", "off");
    let input = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    let out = run(command, input.as_bytes());
    assert!(out.status.success(), "{lines:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn escalation_is_answered_for_the_plan_of_the_askers_organisation() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = dir.path().join("store");
    session(
        &store,
        "en-US",
        &[
            "/as admin",
            "/org add name:\"Acme Corp\" plan:elite region:emea products:aem id:acme",
            "/org add name:\"Beta KK\" plan:online region:japan products:aem id:beta",
            "/contacts add org:acme product:aem user:77",
            "/contacts add org:beta product:aem user:79",
            "/contacts add org:acme product:aem user:79",
        ],
    );
    let catalog = catalog();
    for locale in LOCALES {
        let language = Language::from_locale(locale);
        let plan = |id: &str| {
            let plan = catalog.plans().iter().find(|p| p.id.as_str() == id);
            let name = plan.map(|p| p.name.get(language).to_owned());
            name.unwrap_or_else(|| panic!("no plan {id}"))
        };
        let question = tr(
            locale,
            "how do I escalate?",
            "要怎麼向上呈報",
            "エスカレーションの方法は？",
        );
        let row = |out: &str, id: &str| {
            let marks = [format!("{}: ✔", plan(id)), format!("{}: –", plan(id))];
            marks.iter().any(|m| out.contains(m.as_str()))
        };
        let named = tr(
            locale,
            "can business escalate?",
            "業務支援可以向上呈報嗎",
            "ビジネスはエスカレーションできますか",
        );
        // One session, one speaker after another; the answers are told apart by the console's
        // "you are now speaking as" lines.
        let speakers = ["77", "79", "77", "78"];
        let out = session(
            &store,
            locale,
            &[
                "/as customer 77",
                question,
                "/as customer 79",
                question,
                "/as customer 77",
                named,
                "/as customer 78",
                question,
            ],
        );
        let template = message(locale, Msg::ConsoleSpeakingAs);
        let mut answers = Vec::new();
        let mut rest = out.as_str();
        for (i, user) in speakers.iter().enumerate() {
            let switch = fill(&template, &[("role", "customer"), ("user", user)]);
            let Some((_, after)) = rest.split_once(&switch) else {
                panic!("{locale}: no {switch:?} in {out}");
            };
            let next = speakers
                .get(i + 1)
                .map(|next| fill(&template, &[("role", "customer"), ("user", next)]));
            let (answer, remaining) = match next.and_then(|n| after.split_once(n.as_str())) {
                Some((answer, _)) => (answer, &after[answer.len()..]),
                None => (after, ""),
            };
            answers.push(answer.to_owned());
            rest = remaining;
        }
        let [acme, both, business, stranger] = &answers[..] else {
            panic!("{locale}: {out}");
        };
        // A contact of Acme (Elite): Elite's row only, and whose plan it is.
        assert!(row(acme, "elite"), "{locale}: {acme}");
        for other in ["online", "business", "enterprise"] {
            assert!(!row(acme, other), "{locale} {other}: {acme}");
        }
        assert!(
            acme.contains(&format!("Acme Corp (acme): {}", plan("elite"))),
            "{acme}"
        );
        // A contact of both: both plans, both organisations.
        assert!(
            row(both, "elite") && row(both, "online"),
            "{locale}: {both}"
        );
        assert!(!row(both, "business"), "{locale}: {both}");
        assert!(
            both.contains("Beta KK (beta)") && both.contains("Acme Corp"),
            "{both}"
        );
        // A plan named in the question wins; nobody's contact: every plan, no organisation.
        assert!(
            row(business, "business") && !row(business, "elite"),
            "{business}"
        );
        assert!(!business.contains("Acme Corp"), "{business}");
        for id in ["online", "business", "enterprise", "elite"] {
            assert!(row(stranger, id), "{locale} {id}: {stranger}");
        }
        assert!(!stranger.contains("Acme Corp"), "{stranger}");
    }
}

#[test]
fn a_question_whether_a_product_is_covered_gets_the_products_the_pages_name() {
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "is analytics covered?",
            "/support products product:analytics",
            en,
        ),
        (
            "do you support Marketo",
            "/support products product:marketo-engage",
            en,
        ),
        ("which products do you support", "/support products", en),
        // A product the pages do not name is named back, and the answer says it is not listed.
        (
            "is photoshop covered",
            "/support products product:photoshop",
            en,
        ),
        (
            "Commerce有支援嗎",
            "/support products product:adobe-commerce",
            zh,
        ),
        ("你們支援哪些產品", "/support products", zh),
        (
            "AEMはサポート対象ですか",
            "/support products product:experience-manager",
            ja,
        ),
        // Not the TAM row of the plans: a product whose name holds マネージャー.
        (
            "オーディエンスマネージャーはサポート対象？",
            "/support products product:audience-manager",
            ja,
        ),
        // A product named changes no other answer [D].
        ("Adobe Target p2 response time", "/slo priority:p2", en),
        ("AEM 全部掛了", "/support urgent", zh),
        // Supported in Japanese: the product's answer, which states the Japan region's exclusion.
        (
            "is adobe commerce supported in japanese?",
            "/support products product:adobe-commerce",
            en,
        ),
    ]);
    // "target" and "campaign" alone are words, not products.
    assert_eq!(
        line("what is the target for a p3"),
        Some(("/slo priority:p3".to_owned(), en))
    );
}

#[test]
fn products_are_answered_from_the_catalog_in_each_language() {
    let engine = engine();
    let catalog = catalog();
    for locale in LOCALES {
        let language = Language::from_locale(locale);
        let all = all_text(&ask(&engine, locale, "/support products"));
        for product in catalog.products() {
            assert!(all.contains(&product.name), "{locale}: {all}");
        }
        let commerce = ask(&engine, locale, "/support products product:adobe-commerce");
        assert_eq!(commerce.fields.len(), 1, "{locale}");
        let cell = &field(&commerce, "Adobe Commerce (`adobe-commerce`)").value;
        // The Japan region's exclusion (regions.toml), in the asker's language.
        let japan = catalog
            .regions()
            .iter()
            .find(|r| r.id.as_str() == "japan")
            .unwrap_or_else(|| panic!("no japan region"));
        assert!(cell.contains(japan.name.get(language)), "{locale}: {cell}");
        assert!(
            cell.contains(tr(locale, "Japanese", "日文", "日本語")),
            "{locale}: {cell}"
        );
        // Its Managed Services targets (products.toml).
        assert!(cell.contains("P1 30"), "{locale}: {cell}");
        let unknown = all_text(&ask(&engine, locale, "/support products product:photoshop"));
        assert!(unknown.contains("`photoshop`"), "{locale}: {unknown}");
        assert!(unknown.contains("Marketo Engage"), "{locale}: {unknown}");
    }
}

#[test]
fn a_question_form_or_an_everyday_phrase_is_not_read_as_a_keyword() {
    let (en, zh) = (Language::En, Language::ZhTw);
    assert_lines(&[
        // 能不能 (A-not-A) holds 不能用 ("cannot be used"): a question, not an outage.
        ("能不能用電話聯絡", "/support phone", zh),
        ("系統不能用了", "/support urgent", zh),
        // "of course" is not a training course.
        ("of course the site is down again", "/support urgent", en),
    ]);
    // The time of something else, or the clock, is not a question about support hours; a
    // countdown to a holiday is not about coverage.
    for message in [
        "明日の会議は何時から？",
        "what time is the meeting",
        "what time is it in london",
        "倫敦現在幾點",
        "ロンドンは今何時",
        "how many days until christmas",
        "離聖誕節還有幾天",
        "クリスマスまであと何日",
    ] {
        assert!(
            matches!(intents().read(message, now()), Reading::Unplaced(_)),
            "{message}"
        );
    }
}

#[test]
fn words_that_only_point_to_an_intent_place_a_question_when_one_intent_leads() {
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    // No intent's patterns match these: two cue words of one intent, or one and a word about
    // support (or a plan or priority named), place them.
    assert_lines(&[
        ("the app stopped working", "/support urgent", en),
        ("系統一直出錯", "/support urgent", zh),
        ("アプリが起動しない", "/support urgent", ja),
        (
            "my ticket has been sitting there for days",
            "/support escalation",
            en,
        ),
        ("怎麼讓案件快一點", "/support escalation", zh),
        ("do you cover evenings", "/support coverage", en),
        ("what number do i dial for support", "/support phone", en),
        (
            "when does the london office shut",
            "/hours region:emea timezone:Europe/London",
            en,
        ),
        (
            "東京のサポートは今あいてますか",
            "/hours region:japan timezone:Asia/Tokyo",
            ja,
        ),
        ("企業版有什麼", "/entitlements plan:enterprise", zh),
        ("エリートの詳細", "/entitlements plan:elite", ja),
    ]);
    // One cue word and nothing about support says too little; cues that overlap ("今" in
    // "今日") are one word; two intents with as many cues place nothing.
    for message in [
        "who won the game last night",
        "what's the best pizza place near the office",
        "今日の天気",
        "今天天氣如何",
        "can you fix my css",
        "help, when?",
        // Things that can break, named without anything wrong with them, are one cue.
        "our customers love the new checkout design",
        "客戶很喜歡新的結帳頁面",
        "お客様から新しいデザインが好評です",
        "今夜は残業です",
    ] {
        assert!(
            matches!(intents().read(message, now()), Reading::Unplaced(_)),
            "{message}: {:?}",
            intents().read(message, now())
        );
    }
}

#[test]
fn a_latin_name_in_a_han_question_does_not_make_it_japanese() {
    // "TAM" is a Japanese feature name too, but Latin letters say nothing of the language.
    assert_eq!(
        line("TAM 是什麼"),
        Some(("/features plan:elite".to_owned(), Language::ZhTw))
    );
}

#[test]
fn the_kinds_unseen_questions_missed_are_answered() {
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        // Something that stopped answering, is unreachable or lost data: an outage.
        ("our whole platform is unreachable", "/support urgent", en),
        ("we lost all our data", "/support urgent", en),
        ("伺服器沒有回應", "/support urgent", zh),
        ("客戶反映全部都登入失敗", "/support urgent", zh),
        ("サーバーが応答しません", "/support urgent", ja),
        (
            "サイトがずっと読み込み中で開けません",
            "/support urgent",
            ja,
        ),
        // A case waited on for days, poor service, someone senior: escalation.
        (
            "I've been waiting 5 days for a reply on my case",
            "/support escalation",
            en,
        ),
        (
            "who can i talk to about poor support?",
            "/support escalation",
            en,
        ),
        ("案件已經一個禮拜沒人回了", "/support escalation", zh),
        ("處理速度太慢了，我要找負責人", "/support escalation", zh),
        ("対応を急いでもらえませんか", "/support escalation", ja),
        // If I raise a P1, how fast: the target, not an outage now.
        (
            "if I raise a P1 how fast will you pick it up",
            "/slo priority:p1",
            en,
        ),
        ("菁英方案的客戶回得比較快嗎", "/slo plan:elite", zh),
        // An emergency contact is how to get P1 help (which says how to call); a support line,
        // phone; how many contacts, the plan's.
        ("緊急時の連絡先はありますか", "/support urgent", ja),
        (
            "Is there an emergency line? our site crashed",
            "/support urgent",
            en,
        ),
        ("do you have a support line?", "/support phone", en),
        (
            "ビジネスは何人まで連絡先を登録できますか",
            "/entitlements plan:business",
            ja,
        ),
        // What the bot answers, and how to ask it.
        ("你可以回答什麼問題", "/help", zh),
        ("how does this work?", "/help", en),
        ("どうやって質問すればいいですか", "/help", ja),
        // Every day of the year; nights written as 凌晨.
        (
            "is support available 365 days a year?",
            "/support coverage",
            en,
        ),
        ("凌晨兩點出事找得到人嗎", "/support coverage", zh),
        // A word between "which" and "products".
        (
            "which adobe products can i get help with?",
            "/support products",
            en,
        ),
        ("哪些 Adobe 產品有支援", "/support products", zh),
        ("any update on 4412?", "/case show id:CASE-004412", en),
    ]);
}

#[test]
fn a_case_filed_at_an_instant_asked_by_when_is_its_due_time() {
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        // A response question naming plan, priority, region and when it was filed.
        (
            "we logged a business P3 in APAC today at 4:30pm, when should we expect a reply?",
            "/due plan:business priority:p3 region:apac at:\"2026-11-30 16:30\"",
            en,
        ),
        // "By when" / "by what time", 等到什麼時候, いつまでに: the deadline, on a weekend too.
        (
            "elite p2 toronto opened just now, by what time must you respond",
            "/due plan:elite priority:p2 region:americas timezone:America/Toronto",
            en,
        ),
        (
            "業務 P4 日本 要等到什麼時候",
            "/due plan:business priority:p4 region:japan",
            zh,
        ),
        (
            "大阪からビジネスのP2、土曜の10時に出したらいつまでに返事くる？",
            "/due plan:business priority:p2 region:japan at:\"2026-12-05 10:00\" timezone:Asia/Tokyo",
            ja,
        ),
        // Next week's weekday (said on Monday 30 November) and days known by name.
        (
            "business p2 uk next monday 9am, due when?",
            "/due plan:business priority:p2 region:emea at:\"2026-12-07 09:00\"",
            en,
        ),
        (
            "企業 P3 英國 下禮拜五下午兩點開的期限",
            "/due plan:enterprise priority:p3 region:emea at:\"2026-12-11 14:00\"",
            zh,
        ),
        (
            "エリートP1 イギリス 来週の水曜9時 期限",
            "/due plan:elite priority:p1 region:emea at:\"2026-12-09 09:00\"",
            ja,
        ),
        (
            "online p4 in the uk filed on christmas eve at 11am, deadline?",
            "/due plan:online priority:p4 region:emea at:\"2026-12-24 11:00\"",
            en,
        ),
        // Noon, half past, "9 in the morning", 17.30, 夕方.
        (
            "business p2 emea filed at noon today, due?",
            "/due plan:business priority:p2 region:emea at:\"2026-11-30 12:00\"",
            en,
        ),
        (
            "business p2 emea filed at half past 3 pm friday, due?",
            "/due plan:business priority:p2 region:emea at:\"2026-12-04 15:30\"",
            en,
        ),
        (
            "business p2 emea filed at 9 in the morning tomorrow, due?",
            "/due plan:business priority:p2 region:emea at:\"2026-12-01 09:00\"",
            en,
        ),
        (
            "business p2 emea filed 17.30 friday, due?",
            "/due plan:business priority:p2 region:emea at:\"2026-12-04 17:30\"",
            en,
        ),
        (
            "ビジネスP2 ヨーロッパ 明日夕方5時起票 期限",
            "/due plan:business priority:p2 region:emea at:\"2026-12-01 17:00\"",
            ja,
        ),
        (
            "ビジネスP2 ヨーロッパ 明日正午に起票 期限",
            "/due plan:business priority:p2 region:emea at:\"2026-12-01 12:00\"",
            ja,
        ),
        // A case filed yesterday; when the SLA runs out; how much time is left.
        (
            "due date for online p4 americas opened yesterday 3pm",
            "/due plan:online priority:p4 region:americas at:\"2026-11-29 15:00\"",
            en,
        ),
        (
            "業務P2 歐洲 昨天下午3點開的 期限",
            "/due plan:business priority:p2 region:emea at:\"2026-11-29 15:00\"",
            zh,
        ),
        (
            "when does the sla expire on an elite p1 opened now in japan",
            "/due plan:elite priority:p1 region:japan",
            en,
        ),
        (
            "how much time do we have on a business p2 in the uk",
            "/due plan:business priority:p2 region:emea",
            en,
        ),
        (
            "ビジネスP2 アメリカ 元日の10時に起票したら期限は",
            "/due plan:business priority:p2 region:americas at:\"2027-01-01 10:00\"",
            ja,
        ),
    ]);
}

#[test]
fn more_kinds_of_wording_are_answered() {
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        // Opening a P1 and asking how long: the target, not an outage now.
        ("Analytics出問題開P1 多久有人回", "/slo priority:p1", zh),
        (
            "エリートでP1起票したら15分で返ってくるの？",
            "/slo plan:elite priority:p1",
            ja,
        ),
        // Short forms and other names of plans and priorities.
        ("エンプラのP3の目標", "/slo plan:enterprise priority:p3", ja),
        (
            "エンタープライズ、プライオリティ2の応答",
            "/slo plan:enterprise priority:p2",
            ja,
        ),
        ("免費的跟業務版差在哪", "/compare plans:online,business", zh),
        // Honorific presence; a place word in an adjective; timings.
        ("サポートの方ってまだいらっしゃいますか", "/hours", ja),
        ("is the european desk open today", "/hours region:emea", en),
        ("EMEA support timings", "/hours region:emea", en),
        // Mistyped by sound (the same reading): 電化 for 電話, 像上 for 向上, 營頁 for 營業.
        ("客服電化是多少", "/support phone", zh),
        ("可以像上呈報嗎", "/support escalation", zh),
        ("日本營頁時間", "/hours region:japan", zh),
        // A Chinese sentence that asks what a feature is for.
        ("技術客戶經理是幹嘛的", "/features plan:elite", zh),
        // A numbered case with no news: the case.
        ("我的工單 88 怎麼都沒消息", "/case show id:CASE-000088", zh),
        // A function that stopped working, a 5xx again and again, paralysed, broken.
        ("付款功能全部失效", "/support urgent", zh),
        ("決済機能が全部使えません", "/support urgent", ja),
        ("サイトがずっと503です", "/support urgent", ja),
        ("システム全体が麻痺しています", "/support urgent", ja),
        // Another person on the case: escalation; 升級到 another plan: the plans.
        (
            "the engineer on my ticket went quiet, can i get someone else",
            "/support escalation",
            en,
        ),
        ("負責的工程師都不回，可以換人嗎", "/support escalation", zh),
        (
            "從業務升級到企業多了什麼",
            "/compare plans:business,enterprise",
            zh,
        ),
        (
            "ビジネスからエンタープライズにすると何が増えますか",
            "/compare plans:business,enterprise",
            ja,
        ),
        ("フリーダイヤルはありますか", "/support phone", ja),
        // The plan the asker moved from is not the plan asked about; a comparison names both.
        (
            "we moved from online to business last month, how fast is a p3 answered",
            "/slo plan:business priority:p3",
            en,
        ),
        (
            "オンラインからビジネスに変えましたが、P2の応答時間は？",
            "/slo plan:business priority:p2",
            ja,
        ),
        (
            "上個月從線上支援升到業務支援，P3多久會回",
            "/slo plan:business priority:p3",
            zh,
        ),
        (
            "想從業務升到企業，差在哪",
            "/compare plans:business,enterprise",
            zh,
        ),
        // Stuck for weeks, 申訴, no answer at all; orders that do not go through; 比べて.
        ("卡了兩個禮拜了 到底要等多久", "/support escalation", zh),
        ("我要申訴", "/support escalation", zh),
        ("全然返事こないんだけど", "/support escalation", ja),
        ("エラーで注文が通らない", "/support urgent", ja),
        (
            "ビジネスとエンタープライズ比べて",
            "/compare plans:business,enterprise",
            ja,
        ),
        ("site dwn plz hlp", "/support urgent", en),
        // A product whose support is asked about is not a question whether anyone is there.
        (
            "Commerce 在不在支援範圍",
            "/support products product:adobe-commerce",
            zh,
        ),
        // Live chat asked as chatting with someone; 今晚 makes an hour evening.
        ("can I chat with someone live", "/features plan:online", en),
        (
            "チャットで問い合わせできますか",
            "/features plan:online",
            ja,
        ),
        (
            "業務 P2 英國 今晚11點開 期限",
            "/due plan:business priority:p2 region:emea at:\"2026-11-30 23:00\"",
            zh,
        ),
        // More keywords forgive one letter: ticket, phone, manager, schedule.
        ("tikcet 45 status", "/case show id:CASE-000045", en),
        ("is there a phnoe number", "/support phone", en),
        ("can i talk to your manger", "/support escalation", en),
        ("what is your shcedule", "/hours", en),
        // Nobody called back, no owner, zero response: escalation.
        (
            "we opened a P1 an hour ago and nobody has called us back",
            "/support escalation",
            en,
        ),
        (
            "our P2 from yesterday still has no owner",
            "/support escalation",
            en,
        ),
        ("P1開了一小時還沒人打給我們", "/support escalation", zh),
        (
            "昨日のP2がまだ誰にもアサインされていない",
            "/support escalation",
            ja,
        ),
        // Priorities in the plural; a case number alone after "going on with"; 番の件.
        ("do you answer p4s within a day?", "/slo priority:p4", en),
        ("what's going on with 1203", "/case show id:CASE-001203", en),
        (
            "1203番の件どうなってますか",
            "/case show id:CASE-001203",
            ja,
        ),
        ("升級方案回應會比較快嗎", "/slo", zh),
        ("where do I find release notes", "/resources", en),
        // Supported products listed; what the bot can provide.
        (
            "Could you provide a list of supported products?",
            "/support products",
            en,
        ),
        ("What assistance can this bot provide?", "/help", en),
        // Someone more senior; a case number after 那張; colloquial 動かん; talking to an
        // engineer directly is a phone question; 何がついてる.
        ("可以找比較資深的人來看嗎", "/support escalation", zh),
        ("我那張321的單呢", "/case show id:CASE-000321", zh),
        ("システム全然動かん", "/support urgent", ja),
        ("エンジニアと直接話したい", "/support phone", ja),
        ("can i talk directly to an engineer", "/support phone", en),
        ("エリートって何がついてる？", "/entitlements plan:elite", ja),
        // Opening or closing a case is not opening hours; on call is coverage; a fortnight.
        ("how do I close my case", "/help", en),
        ("can I reopen a closed case", "/help", en),
        (
            "is there an on-call engineer overnight",
            "/support coverage",
            en,
        ),
        (
            "we've been waiting a fortnight for an answer",
            "/support escalation",
            en,
        ),
        ("can i ring someone this arvo", "/support phone", en),
        ("案件要怎麼關閉", "/help", zh),
        ("怎麼新增指定聯絡人", "/help", zh),
        ("クローズしたケースを再オープンできますか", "/help", ja),
        ("指定連絡先を追加する方法", "/help", ja),
        // サポ for サポート; a case of high urgency asks for its target; customers cannot buy.
        ("サポ時間", "/hours", ja),
        ("緊急度の高いケースはどのくらいで対応", "/slo", ja),
        ("お客さんが買えない", "/support urgent", ja),
        // Calling now; data deleted; what the bot is; 線上 before a priority is the plan; a
        // numbered case to hurry is escalation; ならでは.
        ("現在打去會有人接嗎", "/support phone", zh),
        ("資料被刪光了", "/support urgent", zh),
        ("你是做什麼的", "/help", zh),
        ("線上P1多久回", "/slo plan:online priority:p1", zh),
        (
            "CASE-000123を急ぎで対応してほしい",
            "/support escalation",
            ja,
        ),
        (
            "エリートならではのサービスは",
            "/entitlements plan:elite",
            ja,
        ),
        // Words one letter from a keyword that mean something else are read as written.
        (
            "case handling is too slow, i want to complain",
            "/support escalation",
            en,
        ),
        (
            "support hours in the united states",
            "/hours region:americas",
            en,
        ),
        // Locked out of the admin with customers angry; data deleted; lunch breaks.
        (
            "can't log into admin, customers are angry",
            "/support urgent",
            en,
        ),
        ("all our data got deleted", "/support urgent", en),
        ("do you have lunch breaks", "/hours", en),
        ("what's special about elite", "/entitlements plan:elite", en),
        ("what are you for", "/help", en),
        // A product the catalog does not name, asked about in Chinese: the products answer,
        // which names it as not among the pages' products.
        (
            "Workfront 有支援嗎",
            "/support products product:workfront",
            zh,
        ),
        // More countries name their region, in each language.
        ("support hours in indonesia", "/hours region:apac", en),
        ("瑞士的客服時間", "/hours region:emea", zh),
        ("タイのサポート時間", "/hours region:apac", ja),
        ("タイムアウトが発生", "/support urgent", ja),
        // More cities name their region and zone.
        (
            "support hours in madrid",
            "/hours region:emea timezone:Europe/Madrid",
            en,
        ),
        (
            "曼谷的客服時間",
            "/hours region:apac timezone:Asia/Bangkok",
            zh,
        ),
        (
            "メキシコシティのサポート時間",
            "/hours region:americas timezone:America/Mexico_City",
            ja,
        ),
        // 業務 / 企業 followed by kana are Japanese words, not the plans' Chinese names; a
        // case whose handling stopped is escalation; ただいま is now.
        (
            "障害が発生しており業務が停止しています",
            "/support urgent",
            ja,
        ),
        (
            "ケースの対応が止まっているようです",
            "/support escalation",
            ja,
        ),
        ("ただいまサポートに繋がりますでしょうか", "/hours", ja),
        // Polite Chinese: still serving now; 夜間 is Chinese too; a stalled case; an owner who
        // never got in touch; whether the service works normally is the status page.
        ("目前客服還有在服務嗎", "/hours", zh),
        ("請問夜間是否有客服", "/support coverage", zh),
        ("系統發生故障 業務已中斷", "/support urgent", zh),
        ("案件似乎停滯了", "/support escalation", zh),
        ("負責人一直沒有聯繫我們", "/support escalation", zh),
        ("想確認服務是否正常運作", "/resources", zh),
        // Formal English: out-of-hours, non-working days, an engineer who has not contacted
        // us, how plans differ, whether the service operates normally, the bot's capabilities.
        ("is there out-of-hours support?", "/support coverage", en),
        (
            "what support is there on non-working days?",
            "/support coverage",
            en,
        ),
        (
            "the assigned engineer has not contacted us",
            "/support escalation",
            en,
        ),
        (
            "how do elite and enterprise differ?",
            "/compare plans:elite,enterprise",
            en,
        ),
        (
            "i'd like to check whether the service is operating normally",
            "/resources",
            en,
        ),
        ("please describe this bot's capabilities", "/help", en),
        // A case number with # before "status"; what one can type; help me; 何が聞ける; ヘルプ.
        ("#88 status?", "/case show id:CASE-000088", en),
        ("what can i type here", "/help", en),
        ("help me", "/help", en),
        ("何が聞ける？", "/help", ja),
        ("ヘルプ", "/help", ja),
        // A P1 filed that still has no response, the site still down: escalate it.
        (
            "our p1 from this morning still has no response, site is still down",
            "/support escalation",
            en,
        ),
        (
            "今朝起票したP1にまだ返事がない、サイトはまだ落ちたまま",
            "/support escalation",
            ja,
        ),
        (
            "P1開了兩小時還沒人回 網站還是掛的",
            "/support escalation",
            zh,
        ),
        // A place named in CJK inside an English question: the locale's language.
        (
            "大阪 support hours?",
            "/hours region:japan timezone:Asia/Tokyo",
            en,
        ),
        ("台北 p2 response time", "/slo priority:p2", en),
    ]);
    // The catalog has no prices: a price question is not placed.
    for message in [
        "how much does business cost a year?",
        "業務方案年費多少錢",
        "エリートの料金はいくら",
    ] {
        assert!(
            matches!(intents().read(message, now()), Reading::Unplaced(_)),
            "{message}: {:?}",
            intents().read(message, now())
        );
    }
}

#[test]
fn a_zone_in_words_is_where_times_are_shown_not_the_customers_calendar() {
    let zone = |message: &str| {
        let q = intents()
            .question(message, now())
            .unwrap_or_else(|| panic!("{message:?} is not placed"));
        (q.line(), q.shown_in.map(|tz| tz.name().to_owned()))
    };
    let shown = |line: &str, tz: &str| (line.to_owned(), Some(tz.to_owned()));
    for (message, want) in [
        (
            "japan support hours in paris time",
            shown("/hours region:japan", "Europe/Paris"),
        ),
        ("what are your hours in JST", shown("/hours", "Asia/Tokyo")),
        ("日本時間で営業時間は", shown("/hours", "Asia/Tokyo")),
        (
            "ヨーロッパの営業時間を日本時間で知りたい",
            shown("/hours region:emea", "Asia/Tokyo"),
        ),
        ("台灣時間幾點上班", shown("/hours", "Asia/Taipei")),
        (
            "what are your hours in Europe/Berlin time",
            shown("/hours", "Europe/Berlin"),
        ),
        // "5pm JST" is an instant, whatever the customer's zone.
        (
            "business p2 emea filed friday 5pm JST when due",
            shown(
                "/due plan:business priority:p2 region:emea at:2026-12-04T17:00:00+09:00",
                "Asia/Tokyo",
            ),
        ),
        // A city alone is where the customer is: their calendar zone, as before.
        (
            "hours in sydney",
            (
                "/hours region:apac timezone:Australia/Sydney".to_owned(),
                None,
            ),
        ),
    ] {
        assert_eq!(zone(message), want, "{message:?}");
    }
    // The console shows Japan's hours as Japan's (9:00–17:30 in Tokyo) and its instants in
    // Paris time: 9:00 in Tokyo on Tuesday is 1:00 in Paris.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_supportbot"))
        .args(["--now", "2026-11-30T10:00:00Z", "ask"])
        .arg("--catalog")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
        .arg("--data-dir")
        .arg(tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")).path())
        .arg("japan support hours in paris time")
        .env_remove("DISCORD_TOKEN")
        .env("RUST_LOG", "off")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("9:00–17:30 local time (Asia/Tokyo)"),
        "{text}"
    );
    assert!(text.contains("Tue 1 Dec 2026 01:00 CET"), "{text}");
    assert!(!text.contains("(Europe/Paris)"), "{text}");
}

#[test]
fn numeric_dates_in_chinese_and_japanese_and_times_in_words_are_read() {
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        // Month first in Chinese and Japanese, full-width too; a day past this year is next
        // year's.
        (
            "業務支援P4 日本 １２/３０早上10點開 期限",
            "/due plan:business priority:p4 region:japan at:\"2026-12-30 10:00\"",
            zh,
        ),
        (
            "オンラインプランでAPACにP3を12/3の14時に出したら、いつまでに返信もらえる？",
            "/due plan:online priority:p3 region:apac at:\"2026-12-03 14:00\"",
            ja,
        ),
        (
            "ビジネスP2 日本 １２/３ １４時 の期限",
            "/due plan:business priority:p2 region:japan at:\"2026-12-03 14:00\"",
            ja,
        ),
        (
            "企業 P3 歐洲 1/5 下午2點半開的期限",
            "/due plan:enterprise priority:p3 region:emea at:\"2027-01-05 14:30\"",
            zh,
        ),
        (
            "エリートP1 ヨーロッパ 12-30 9時 期限",
            "/due plan:elite priority:p1 region:emea at:\"2026-12-30 09:00\"",
            ja,
        ),
        // English does not guess the order of two numbers up to 12 [D]: the command is given
        // them as written and refuses them, saying how to write a date (below).
        (
            "business p2 japan 12/3 deadline",
            "/due plan:business priority:p2 region:japan at:12/3",
            en,
        ),
        // A number over 12 is the day, whatever the order.
        (
            "business p2 emea filed 24/12 at 4pm, deadline?",
            "/due plan:business priority:p2 region:emea at:\"2026-12-24 16:00\"",
            en,
        ),
        (
            "business p2 emea filed 12/24/2026 4pm, deadline?",
            "/due plan:business priority:p2 region:emea at:\"2026-12-24 16:00\"",
            en,
        ),
        (
            "business p2 emea filed 24.12.2026 16:00, deadline?",
            "/due plan:business priority:p2 region:emea at:\"2026-12-24 16:00\"",
            en,
        ),
        (
            "business p2 emea filed 3 days ago at 4pm, deadline?",
            "/due plan:business priority:p2 region:emea at:\"2026-11-27 16:00\"",
            en,
        ),
        (
            "業務支援 P2 歐洲 11/24 下午4點開的案件 何時回覆",
            "/due plan:business priority:p2 region:emea at:\"2026-11-24 16:00\"",
            zh,
        ),
        (
            "ビジネス P2 EMEA 11/24 16時に出しました 期限は",
            "/due plan:business priority:p2 region:emea at:\"2026-11-24 16:00\"",
            ja,
        ),
        // Times said in words, the part of the day deciding am or pm.
        (
            "Business P2 raised from Singapore tomorrow at half past two in the afternoon, what's the response deadline?",
            "/due plan:business priority:p2 region:apac at:\"2026-12-01 14:30\" timezone:Asia/Singapore",
            en,
        ),
        // Without am or pm, within working hours [D].
        (
            "business p2 emea filed at quarter to five friday, due?",
            "/due plan:business priority:p2 region:emea at:\"2026-12-04 16:45\"",
            en,
        ),
        (
            "business p2 emea, if I file at two thirty pm tomorrow when is it due",
            "/due plan:business priority:p2 region:emea at:\"2026-12-01 14:30\"",
            en,
        ),
        (
            "business p2 emea filed at quarter past 9 friday, due?",
            "/due plan:business priority:p2 region:emea at:\"2026-12-04 09:15\"",
            en,
        ),
        (
            "business p2 emea filed at midnight friday, due?",
            "/due plan:business priority:p2 region:emea at:\"2026-12-04 00:00\"",
            en,
        ),
        (
            "業務支援P2 歐洲 明天下午兩點半開的單 期限",
            "/due plan:business priority:p2 region:emea at:\"2026-12-01 14:30\"",
            zh,
        ),
        (
            "ビジネスP2 ヨーロッパ 明日午後2時半に起票 期限",
            "/due plan:business priority:p2 region:emea at:\"2026-12-01 14:30\"",
            ja,
        ),
        // 米州 is not among the region's words on this branch: アメリカ names it here; the date
        // and time alone are asserted on the corpus line in when.rs.
        (
            "エリートプランで米州リージョン、12月2日朝8時にP3を出すと期限はいつ？ アメリカ",
            "/due plan:elite priority:p3 region:americas at:\"2026-12-02 08:00\"",
            ja,
        ),
    ]);
}

#[test]
fn a_case_filed_just_now_asked_when_its_time_is_up_is_a_deadline() {
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "elite p1 london just now, when is the 15 min up",
            "/due plan:elite priority:p1 region:emea timezone:Europe/London",
            en,
        ),
        (
            "都柏林 業務支援 p3 期線",
            "/due plan:business priority:p3 region:emea timezone:Europe/Dublin",
            zh,
        ),
        // Filed as the message is written satisfies a response question's filing instant:
        // the command's own now, so `at` is left out.
        (
            "we opened a business p2 in emea a minute ago, when should we expect a reply?",
            "/due plan:business priority:p2 region:emea",
            en,
        ),
        (
            "business p2 emea just opened it right now, how fast will you respond",
            "/due plan:business priority:p2 region:emea",
            en,
        ),
        (
            "when does the clock run out on an elite p1 in japan",
            "/due plan:elite priority:p1 region:japan",
            en,
        ),
        (
            "業務支援 P2 歐洲 剛剛開的 多久會回應",
            "/due plan:business priority:p2 region:emea",
            zh,
        ),
        (
            "ビジネスP2 ヨーロッパ さっき起票しました 応答はいつ",
            "/due plan:business priority:p2 region:emea",
            ja,
        ),
        // Hours or minutes ago: that instant, whatever the customer's zone.
        (
            "elite p1 london opened 2 hours ago, when due",
            "/due plan:elite priority:p1 region:emea at:2026-11-30T10:00:00+00:00 timezone:Europe/London",
            en,
        ),
        (
            "業務支援 P1 日本 兩個小時前開的 期限",
            "/due plan:business priority:p1 region:japan at:2026-11-30T10:00:00+00:00",
            zh,
        ),
        (
            "ビジネスP2 ヨーロッパ 30分前に起票 期限は",
            "/due plan:business priority:p2 region:emea at:2026-11-30T11:30:00+00:00",
            ja,
        ),
        // Without a region it stays the target.
        (
            "elite p1 just now, when is the 15 min up",
            "/slo plan:elite priority:p1",
            en,
        ),
    ]);
    // "right now" alone is the present: presence, not a filing.
    assert_eq!(
        line("is anyone there right now?"),
        Some(("/hours".to_owned(), en))
    );
}

#[test]
fn a_time_in_utc_or_gmt_is_that_instant_and_the_zone_times_are_shown_in() {
    let read = |message: &str| {
        let q = intents()
            .question(message, now())
            .unwrap_or_else(|| panic!("{message:?} is not placed"));
        (q.line(), q.shown_in.map(|tz| tz.name().to_owned()))
    };
    let want = |line: &str| (line.to_owned(), Some("UTC".to_owned()));
    assert_eq!(
        read("biz p2 emea opened today 14:00 UTC, due when?"),
        want("/due plan:business priority:p2 region:emea at:2026-11-30T14:00:00+00:00")
    );
    assert_eq!(
        read("biz p2 emea opened today 1400 UTC, due when?"),
        want("/due plan:business priority:p2 region:emea at:2026-11-30T14:00:00+00:00")
    );
    // "Z" is UTC too, without asking to see times in it.
    assert_eq!(
        read("business p2 emea opened 14:00Z when due"),
        (
            "/due plan:business priority:p2 region:emea at:2026-11-30T14:00:00+00:00".to_owned(),
            None
        )
    );
    // GMT is UTC's offset in summer too, not London's BST.
    let july = chrono::DateTime::parse_from_rfc3339("2026-07-01T09:00:00Z")
        .unwrap_or_else(|e| panic!("{e}"))
        .to_utc();
    let q = intents()
        .question("business p2 london filed today 2pm GMT, due when?", july)
        .unwrap_or_else(|| panic!("not placed"));
    assert_eq!(
        (q.line(), q.shown_in.map(|tz| tz.name().to_owned())),
        want(
            "/due plan:business priority:p2 region:emea at:2026-07-01T14:00:00+00:00 timezone:Europe/London"
        )
    );
}

#[test]
fn a_supposed_filing_asked_by_the_latest_answer_is_a_deadline() {
    let q = line(
        "hi 我是新來的PM，主管叫我問一下：我們簽的是business，客戶都在英國，如果禮拜五下午4:45開一張P2，照規定最慢什麼時候要回我們？",
    );
    assert_eq!(
        q,
        Some((
            "/due plan:business priority:p2 region:emea at:\"2026-12-04 16:45\"".to_owned(),
            Language::ZhTw
        ))
    );
    let ja = line(
        "上司に聞かれたんですが、ビジネスのP2をイギリスで金曜16時45分に出したら期限はいつですか",
    );
    assert_eq!(
        ja,
        Some((
            "/due plan:business priority:p2 region:emea at:\"2026-12-04 16:45\"".to_owned(),
            Language::Ja
        ))
    );
    let en = line(
        "we're on business, customers in the UK. if we open a P2 friday at 4:45pm, what's the latest you have to answer us per the rules?",
    );
    assert_eq!(
        en,
        Some((
            "/due plan:business priority:p2 region:emea at:\"2026-12-04 16:45\"".to_owned(),
            Language::En
        ))
    );
    // A question to escalate still is one.
    assert_eq!(
        line("我要找你們主管").map(|(l, _)| l),
        Some("/support escalation".to_owned())
    );
}

#[test]
fn a_date_whose_order_nothing_tells_is_refused_saying_how_to_write_one() {
    // Never another day read in its place: the command refuses the date as written, in the
    // asker's language, with an example of a date it reads.
    let engine = engine();
    for (locale, example) in [
        ("en-US", "2026-11-20 16:30"),
        ("zh-TW", "2026-11-20 16:30"),
        ("ja", "2026-11-20 16:30"),
    ] {
        let (line, _) = line("business p2 emea filed 3/4 at 4pm, deadline?")
            .unwrap_or_else(|| panic!("not placed"));
        assert_eq!(
            line,
            "/due plan:business priority:p2 region:emea at:\"3/4 16:00\""
        );
        let text = all_text(&ask(&engine, locale, &line));
        assert!(text.contains("3/4 16:00"), "{locale}: {text}");
        assert!(text.contains(example), "{locale}: {text}");
    }
}

#[test]
fn a_case_said_to_be_filed_is_read_before_the_question_not_after() {
    // Asked on Friday 2026-11-27 at 08:00 UTC: today's 16:30 has not come, so last Friday's.
    let friday = chrono::DateTime::parse_from_rfc3339("2026-11-27T08:00:00Z")
        .unwrap_or_else(|e| panic!("{e}"))
        .to_utc();
    for (message, want) in [
        (
            "i filed a p2 on business in emea at 4:30pm friday, when will someone reply",
            "/due plan:business priority:p2 region:emea at:\"2026-11-20 16:30\"",
        ),
        (
            "我星期五下午4點半在歐洲開了一個P2業務支援的案件 什麼時候會回覆",
            "/due plan:business priority:p2 region:emea at:\"2026-11-20 16:30\"",
        ),
        (
            "金曜日の17時にP2を出しました、ビジネスでEMEAです。いつ返事来ますか",
            "/due plan:business priority:p2 region:emea at:\"2026-11-20 17:00\"",
        ),
        // Passed already today: today's.
        (
            "i filed a p2 on business in emea at 7am friday, when will someone reply",
            "/due plan:business priority:p2 region:emea at:\"2026-11-27 07:00\"",
        ),
    ] {
        assert_eq!(
            intents().question(message, friday).map(|q| q.line()),
            Some(want.to_owned()),
            "{message}"
        );
    }
}

#[test]
fn a_case_with_a_time_on_a_named_day_is_a_deadline_and_a_day_alone_asks_about_that_day() {
    let due = "/due plan:business priority:p2 region:emea at:\"2026-12-24 11:00\"";
    assert_lines(&[
        ("business p2 emea christmas eve at 11am", due, Language::En),
        ("biz p2 emea christmas eve at 11am", due, Language::En),
        (
            "business p2 emea filed christmas eve at 11am",
            due,
            Language::En,
        ),
        ("業務支援 p2 歐洲 平安夜上午11點", due, Language::ZhTw),
        ("ビジネス P2 欧州 クリスマスイブの11時", due, Language::Ja),
        // Filed just now, asked as a coverage question: the command's now, no `at`.
        (
            "business p2 emea opened just now, its the weekend, when will you answer",
            "/due plan:business priority:p2 region:emea",
            Language::En,
        ),
        // A day alone asks about that day's support.
        (
            "business p2 emea do you work on christmas eve?",
            "/hours date:2026-12-24 region:emea",
            Language::En,
        ),
    ]);
}

/// The kinds the fourth held-out file missed (presence in other words, an outage told as a
/// story, names not known, cities and countries, other wordings of the other intents), each in
/// the three languages and in wordings the file does not have.
#[test]
fn the_kinds_the_fourth_file_missed_are_answered_in_other_words() {
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        // Presence asked in other words: the hours, and "online" said of people is no plan.
        ("Is the helpdesk manned at the moment?", "/hours", en),
        ("is support staffed right now", "/hours", en),
        ("anyone on duty tonight?", "/hours", en),
        (
            "I would like to know whether your support staff are currently online.",
            "/hours",
            en,
        ),
        ("are your engineers still online?", "/hours", en),
        // A day named is that day's hours (`/hours date:`).
        (
            "whens the earliest i can reach a human tmrw",
            "/hours date:2026-12-01",
            en,
        ),
        (
            "earliest time I can talk to someone tomorrow?",
            "/hours date:2026-12-01",
            en,
        ),
        ("EMEA今天還開著嗎", "/hours region:emea", zh),
        ("客服現在營業中嗎", "/hours", zh),
        ("現在有人值班嗎", "/hours", zh),
        ("幾點可以找到真人", "/hours", zh),
        ("今営業中ですか", "/hours", ja),
        ("担当者は今いますか", "/hours", ja),
        ("何時から人につながりますか", "/hours", ja),
        // An outage told as a story.
        (
            "our analytics data stopped flowing an hour ago and execs are screaming. how do i get someone on this immediately",
            "/support urgent",
            en,
        ),
        (
            "hello? anyone? our site's been dead for 30 min",
            "/support urgent",
            en,
        ),
        (
            "orders have stopped coming in since 9am",
            "/support urgent",
            en,
        ),
        (
            "the integration just stopped syncing, we need someone on it right now",
            "/support urgent",
            en,
        ),
        ("訂單從昨天開始就沒進來了", "/support urgent", zh),
        ("數據突然停止更新，老闆在抓狂", "/support urgent", zh),
        ("注文データが急に入らなくなりました", "/support urgent", ja),
        ("連携が止まって役員が激怒しています", "/support urgent", ja),
        // Plan and priority names not known before: the success family, the free plan,
        // katakana typos, priority one in words.
        (
            "Ultimate Successプランの場合、P1の初回応答目標は何分ですか",
            "/slo plan:ultimate priority:p1",
            ja,
        ),
        (
            "p2 response time on the ultimate success plan",
            "/slo plan:ultimate priority:p2",
            en,
        ),
        (
            "Expert Success Plan 的 P3 回應時間",
            "/slo plan:expert priority:p3",
            zh,
        ),
        ("免錢的方案回應會很慢嗎", "/slo plan:online", zh),
        ("不用錢的方案 p2 多久回", "/slo plan:online priority:p2", zh),
        ("優先等級一 回應要多久", "/slo priority:p1", zh),
        ("嚴重程度二的回應時間", "/slo priority:p2", zh),
        ("priority one response time", "/slo priority:p1", en),
        (
            "sev 1 response time for elite",
            "/slo plan:elite priority:p1",
            en,
        ),
        ("優先度1の応答時間", "/slo priority:p1", ja),
        (
            "エンタープライスでP1だと何分以内に連絡もらえますか",
            "/slo plan:enterprise priority:p1",
            ja,
        ),
        (
            "エンタプライズのP2の応答時間",
            "/slo plan:enterprise priority:p2",
            ja,
        ),
        ("エスカレショーンしたい", "/support escalation", ja),
        // Regions in other names.
        (
            "エリートプランで米州リージョンのP3の応答時間",
            "/slo plan:elite priority:p3",
            ja,
        ),
        ("米州の営業時間", "/hours region:americas", ja),
        ("北美客服幾點上班", "/hours region:americas", zh),
        ("中南米のサポート時間は", "/hours region:americas", ja),
        // Cities and countries: region and zone; a country's time is only where to show times.
        (
            "singapore team start time?",
            "/hours region:apac timezone:Asia/Singapore",
            en,
        ),
        (
            "NY office here - when can we reach support each day",
            "/hours region:americas timezone:America/New_York",
            en,
        ),
        (
            "what time does the team in philly start",
            "/hours region:americas timezone:America/New_York",
            en,
        ),
        ("客戶都在英國，你們幾點上班", "/hours region:emea", zh),
        // Other intents in other words.
        (
            "online plan — do you work sat/sun?",
            "/support coverage plan:online",
            en,
        ),
        (
            "do you work sat & sun on business",
            "/support coverage plan:business",
            en,
        ),
        (
            "how many field service activities do we get on elite",
            "/entitlements plan:elite",
            en,
        ),
        (
            "how many expert sessions do we get with enterprise",
            "/entitlements plan:enterprise",
            en,
        ),
        (
            "is there a page showing current incidents",
            "/resources",
            en,
        ),
        ("where can I see outages and incidents?", "/resources", en),
        ("有沒有網頁可以看到目前的故障狀態", "/resources", zh),
        (
            "今の障害情報を確認できるページはありますか",
            "/resources",
            ja,
        ),
        ("GW中も対応してもらえますか", "/support coverage", ja),
        ("お盆休みもサポートありますか", "/support coverage", ja),
        ("do you work during obon", "/support coverage", en),
        (
            "なんでこんなに時間かかってるの？上に言ってくれ",
            "/support escalation",
            ja,
        ),
        (
            "上司に報告してください、ずっと放置されています",
            "/support escalation",
            ja,
        ),
        (
            "為什麼這麼久？叫你們上面的人處理",
            "/support escalation",
            zh,
        ),
        (
            "this is taking forever, take it up the chain",
            "/support escalation",
            en,
        ),
        ("でんわできる？", "/support phone", ja),
        ("でんわでそうだんしたい", "/support phone", ja),
        (
            "#19のケース、今どんな感じ？",
            "/case show id:CASE-000019",
            ja,
        ),
        ("#23的案件現在怎樣", "/case show id:CASE-000023", zh),
        ("線上支援可以用什麼", "/entitlements plan:online", zh),
        ("業務支援能享有哪些", "/entitlements plan:business", zh),
        (
            "Adobe Commerce 可以用日文問嗎",
            "/support products product:adobe-commerce",
            zh,
        ),
        (
            "Marketoは英語でしか問い合わせできませんか",
            "/support products product:marketo-engage",
            ja,
        ),
        (
            "do you support Photoshop too?",
            "/support products product:photoshop",
            en,
        ),
        (
            "is illustrator covered",
            "/support products product:illustrator",
            en,
        ),
        (
            "do you cover Adobe Illustrator",
            "/support products product:illustrator",
            en,
        ),
        (
            "do you support Adobe Analytics too?",
            "/support products product:analytics",
            en,
        ),
        (
            "都柏林 業務支援 p3 期線",
            "/due plan:business priority:p3 region:emea timezone:Europe/Dublin",
            zh,
        ),
        (
            "elite p1 london just now, when is the 15 min up",
            "/due plan:elite priority:p1 region:emea timezone:Europe/London",
            en,
        ),
        // More wordings of the same kinds.
        (
            "is there a real person on the other end right now",
            "/hours",
            en,
        ),
        (
            "are your support agents logged in at the moment",
            "/hours",
            en,
        ),
        (
            "can i get a human before 9am tomorrow",
            "/hours date:2026-12-01",
            en,
        ),
        ("is support live right now?", "/hours", en),
        (
            "since this morning no emails are going out to customers",
            "/support urgent",
            en,
        ),
        (
            "hey, nothing has synced since 3am and the whole team is blocked",
            "/support urgent",
            en,
        ),
        (
            "the dashboard shows zero traffic for the past two hours, something is very wrong",
            "/support urgent",
            en,
        ),
        (
            "our pipeline died overnight and reports are empty",
            "/support urgent",
            en,
        ),
        ("今天早上開始報表全部是空的", "/support urgent", zh),
        (
            "昨日の夜から注文メールが一通も届いていません",
            "/support urgent",
            ja,
        ),
        (
            "管理画面に入れなくなって1時間経ちます",
            "/support urgent",
            ja,
        ),
        (
            "what's the ultimate plan's p2 target",
            "/slo plan:ultimate priority:p2",
            en,
        ),
        ("sev one on business?", "/slo plan:business priority:p1", en),
        ("優先度一の応答時間", "/slo priority:p1", ja),
        (
            "this case has been open for ages, please push it up",
            "/support escalation",
            en,
        ),
        ("請幫我升級到主管處理", "/support escalation", zh),
        ("#45 の進捗を教えて", "/case show id:CASE-000045", ja),
        ("#45的進度", "/case show id:CASE-000045", zh),
        ("where is the incident history page", "/resources", en),
        ("is there an rss feed for outages", "/resources", en),
        ("有沒有地方可以看過去的事故紀錄", "/resources", zh),
        ("Acrobat有支援嗎", "/support products product:acrobat", zh),
        (
            "Photoshopはサポート対象ですか",
            "/support products product:photoshop",
            ja,
        ),
        ("what does our contract include", "/entitlements", en),
        ("うちのプランには何が含まれますか", "/entitlements", ja),
        ("is someone covering the desk over lunch", "/hours", en),
        ("are there people answering tickets right now", "/hours", en),
        (
            "our product pages return blank for everyone",
            "/support urgent",
            en,
        ),
        ("客戶一直反映付不了錢", "/support urgent", zh),
        ("朝から決済が全く通りません", "/support urgent", ja),
        (
            "ケース77がずっと止まっているので上の方に相談したい",
            "/support escalation",
            ja,
        ),
        ("4411 的單現在怎樣", "/case show id:CASE-004411", zh),
        (
            "Adobe XD 有在支援範圍嗎",
            "/support products product:xd",
            zh,
        ),
        ("what's in our plan", "/entitlements", en),
        ("我們方案有包含什麼", "/entitlements", zh),
        ("うちの契約だと何ができますか", "/entitlements", ja),
        // A boss who sends the question does not make it an escalation.
        (
            "主管叫我問一下，業務支援的 p2 要多久回",
            "/slo plan:business priority:p2",
            zh,
        ),
        (
            "my manager asked me to check the p3 response time on business",
            "/slo plan:business priority:p3",
            en,
        ),
    ]);
    // A zone said as a country's time is where to show times, not the region.
    let shown = |message: &str| {
        intents()
            .question(message, now())
            .map(|q| (q.line(), q.shown_in.map(|tz| tz.name().to_owned())))
    };
    assert_eq!(
        shown("what time do u open, in Taiwan time pls"),
        Some(("/hours".to_owned(), Some("Asia/Taipei".to_owned())))
    );
    assert_eq!(
        shown("北米サポートの受付時間、日本時間だと何時になりますか"),
        Some((
            "/hours region:americas".to_owned(),
            Some("Asia/Tokyo".to_owned())
        ))
    );
    assert_eq!(
        shown("europe support hours in japan time"),
        Some((
            "/hours region:emea".to_owned(),
            Some("Asia/Tokyo".to_owned())
        ))
    );
}

/// A plan, a region or a feature asked about as a product is not a product; a word one letter
/// from a katakana keyword that means something else is read as written.
#[test]
fn names_and_typos_do_not_take_other_words() {
    let en = Language::En;
    assert_ne!(
        line("do you support elite?").map(|(l, _)| l),
        Some("/support products product:elite".to_owned())
    );
    // オフライン (offline) is one letter from オンライン (online) and is not the Online plan.
    assert_eq!(
        line("オフラインでも使えますか"),
        None,
        "オフライン is not a misspelt オンライン"
    );
    assert_eq!(
        line("エンタープライズサポートのP2の応答時間"),
        Some(("/slo plan:enterprise priority:p2".to_owned(), Language::Ja))
    );
    // "expert" and "ultimate" alone are ordinary words.
    assert_eq!(
        line("the ultimate p1 response time guide"),
        Some(("/slo priority:p1".to_owned(), en))
    );
    assert_eq!(
        line("エキスパートセッションとは"),
        Some(("/features plan:enterprise".to_owned(), Language::Ja))
    );
}

/// Han text without kana is answered in the language whose own words it has: 進捗 is Japanese,
/// 進度 Chinese.
#[test]
fn han_text_without_kana_is_answered_in_the_language_of_its_words() {
    for (message, want) in [
        ("CASE600 進捗", Language::Ja),
        ("案件600 進捗状況", Language::Ja),
        ("本番障害 至急対応", Language::Ja),
        ("CASE600 進度", Language::ZhTw),
        ("案件 600 現在進度如何", Language::ZhTw),
        ("系統掛了", Language::ZhTw),
    ] {
        assert_eq!(
            intents().question(message, now()).map(|q| q.language),
            Some(want),
            "{message}"
        );
    }
}

/// The asker's own billing is not a support-programme fact: unplaced, in the question's
/// language, however many words it shares with an outage or the organisation; customers who
/// cannot pay is still an outage.
#[test]
fn billing_questions_are_not_placed_and_customers_who_cannot_pay_are_an_outage() {
    for (message, language) in [
        ("刷卡付款失敗怎麼辦", Language::ZhTw),
        (
            "how do i change the credit card on our account",
            Language::En,
        ),
        ("where can I download our invoice", Language::En),
        ("我要更換信用卡", Language::ZhTw),
        ("帳單寄錯地址了", Language::ZhTw),
        ("クレジットカードの変更方法を教えて", Language::Ja),
        ("請求書がまだ届いていません", Language::Ja),
    ] {
        assert_eq!(
            intents().read(message, now()),
            Reading::Unplaced(language),
            "{message}"
        );
    }
    for message in [
        "payments failing for all our customers",
        "客戶刷卡付款全部失敗",
        "お客様が決済できません",
    ] {
        assert_eq!(
            line(message).map(|(l, _)| l),
            Some("/support urgent".to_owned()),
            "{message}"
        );
    }
}

/// Statements in a chat channel (an announcement, news of a fix, the asker's own hours) are
/// not questions to the bot, though they use its words; the same words asked are questions.
#[test]
fn statements_are_not_questions_to_the_bot_in_chat() {
    for message in [
        "the weekend sale starts saturday",
        "our p1 got fixed, thanks all",
        "we're open till 5 today",
        "<@42> our p1 got fixed, thanks all",
        "our black friday promo ends sunday",
        "fyi the store is closed on christmas",
        "I'll be away on friday",
        "問題修好了，謝謝大家",
        "我們今天營業到五點",
        "週末特賣從星期六開始",
        "直りました、ありがとうございます",
        "当店は今日は18時まで営業しています",
        "セールは土曜日からスタートです",
    ] {
        assert!(intents().is_statement(message), "{message:?}");
        assert_eq!(
            intents().read_in_chat(message, now()),
            Reading::Ignored,
            "{message:?}"
        );
    }
    for message in [
        "are you open till 5 today?",
        "do you work weekends",
        "our p1 is still broken",
        "what are your hours in japan",
        "P1 got fixed but is it closed?",
        "週末有客服嗎",
        "土日も対応していますか",
        // Where the asker is, then a question: not a statement.
        "our office is in mumbai, when do you open",
        "i'm in dubai, are you open now",
        "我們今天營業到五點，你們呢",
    ] {
        assert!(!intents().is_statement(message), "{message:?}");
        assert!(line(message).is_some(), "{message:?}");
        assert_eq!(
            intents().read_in_chat(message, now()),
            intents().read(message, now()),
            "{message:?}"
        );
    }
}

/// The kinds the fifth held-out file missed, each in the three languages where the kind exists
/// and in wordings the file does not have: a filing told in the past with 的 in Chinese, "today"
/// with no time (now, not midnight), 跨年 as a named day, a deadline asked with urgent words, the
/// account and presence in other words, a feature asked about (`/features`) while "does the plan
/// include it" stays the entitlements, "the States", 応当, whom to complain to, the quickest route
/// to an engineer.
#[test]
fn the_kinds_the_fifth_file_missed_are_answered_in_other_words() {
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        // Asked on Monday 2026-11-30: last Sunday, Wednesday of last week.
        (
            "星期天早上10點開的 P2，企業支援，歐洲，什麼時候到期",
            "/due plan:enterprise priority:p2 region:emea at:\"2026-11-29 10:00\"",
            zh,
        ),
        (
            "上週三下午3點送出的 P3 business 美洲 照理說幾點前要回",
            "/due plan:business priority:p3 region:americas at:\"2026-11-25 15:00\"",
            zh,
        ),
        // A ticket described (開的單, 開的期限) is still the coming day.
        (
            "業務支援 P3 歐洲 禮拜三上午10點開的單 期限",
            "/due plan:business priority:p3 region:emea at:\"2026-12-02 10:00\"",
            zh,
        ),
        // "Today" with no time: now.
        (
            "elite p2 emea if I file today when is it due",
            "/due plan:elite priority:p2 region:emea",
            en,
        ),
        (
            "業務支援 P3 歐洲 今天提交的話什麼時候到期",
            "/due plan:business priority:p3 region:emea",
            zh,
        ),
        (
            "エンタープライズ P2 欧州 今日出したら期限はいつ",
            "/due plan:enterprise priority:p2 region:emea",
            ja,
        ),
        (
            "跨年當天下午3點開 業務支援 P2 歐洲 期限",
            "/due plan:business priority:p2 region:emea at:\"2026-12-31 15:00\"",
            zh,
        ),
        // A deadline asked with urgent words.
        (
            "企業支援 歐洲 P1 系統掛了 最慢幾點要回",
            "/due plan:enterprise priority:p1 region:emea",
            zh,
        ),
        (
            "elite p1 emea, site is down, respond by when?",
            "/due plan:elite priority:p1 region:emea",
            en,
        ),
        (
            "エリート 欧州 P1 本番障害 いつまでに返事もらえる",
            "/due plan:elite priority:p1 region:emea",
            ja,
        ),
        // The account and the cases in other words.
        ("幫我看一下我們公司的帳戶資料", "/org show", zh),
        ("公司目前有幾個案件還沒結案", "/case list", zh),
        // Presence in other words, even with no reply yet.
        ("有人在嘛", "/hours", zh),
        ("この時間って対応してくれる方いますか", "/hours", ja),
        (
            "今どなたかいらっしゃいますか？ずっと返信がないです",
            "/hours",
            ja,
        ),
        (
            "what are your hours in the states",
            "/hours region:americas",
            en,
        ),
        (
            "香港幾點開始上班",
            "/hours region:apac timezone:Asia/Hong_Kong",
            zh,
        ),
        ("P2の応当時間", "/slo priority:p2", ja),
        (
            "who can we complain to about a case going nowhere",
            "/support escalation",
            en,
        ),
        (
            "p1 on elite, fastest way to a human?",
            "/support urgent plan:elite",
            en,
        ),
        // A feature asked about: what it is, from the plan named or the plan that has it.
        (
            "what does a named engineer actually do on elite?",
            "/features plan:elite",
            en,
        ),
        (
            "tell me more about case reviews",
            "/features plan:enterprise",
            en,
        ),
        (
            "可以介紹一下菁英方案的環境審查嗎",
            "/features plan:elite",
            zh,
        ),
        ("專屬工程師是做什麼的", "/features plan:enterprise", zh),
        ("elite的特色有哪些", "/features plan:elite", zh),
        (
            "ビジネスの専任エンジニアってどんなことをしてくれる？",
            "/features plan:business",
            ja,
        ),
        (
            "ケースレビューとはどういうものですか",
            "/features plan:enterprise",
            ja,
        ),
        // Whether a plan has it, or how many: still the entitlements.
        (
            "does elite include case reviews",
            "/entitlements plan:elite",
            en,
        ),
        ("企業支援有專家諮詢嗎", "/entitlements plan:enterprise", zh),
        (
            "エリートにケースレビューは含まれますか",
            "/entitlements plan:elite",
            ja,
        ),
        // Comparing plans, and what a plan includes.
        (
            "業務支援 vs 企業支援 值得升級嗎",
            "/compare plans:business,enterprise",
            zh,
        ),
        ("企業支援有包括什麼", "/entitlements plan:enterprise", zh),
        (
            "what do we really get with business",
            "/entitlements plan:business",
            en,
        ),
        ("what sort of questions can we ask", "/help", en),
        // "Round-the-clock" with its hyphens is the coverage.
        (
            "is enterprise support round-the-clock for P1s",
            "/support coverage plan:enterprise",
            en,
        ),
    ]);
}

#[test]
fn the_kinds_the_sixth_file_missed_are_answered() {
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        // "us" is the asker; "US" in capitals, or "the us", the United States.
        (
            "support hours for us in Sydney?",
            "/hours region:apac timezone:Australia/Sydney",
            en,
        ),
        ("what are your US hours", "/hours region:americas", en),
        ("hours in the us?", "/hours region:americas", en),
        // How many hours until someone answers: the target.
        (
            "enterprise p2 - how many hours till we hear back?",
            "/slo plan:enterprise priority:p2",
            en,
        ),
        ("what does our plan really cover", "/entitlements", en),
        (
            "Marketo - anything different about support for it?",
            "/support products product:marketo-engage",
            en,
        ),
        // Urgency about the asking, not an outage; an outage cried for help.
        ("有人在嗎 急著找人問一下", "/hours", zh),
        (
            "求救 業務支援的客戶這邊全斷了",
            "/support urgent plan:business",
            zh,
        ),
        // Escalation said outright, however urgent.
        (
            "案子卡了一個月 想要向上呈報 很急",
            "/support escalation",
            zh,
        ),
        (
            "ケースが全然進まないのでエスカレしたいです、至急",
            "/support escalation",
            ja,
        ),
        // The highest priority asked about by how fast: P1's target.
        ("最高優先等級的單 多快會有人回", "/slo priority:p1", zh),
        ("企業支援到底有包哪些", "/entitlements plan:enterprise", zh),
        // What a feature is for: the plan's features.
        (
            "菁英方案的技術客戶經理負責什麼事",
            "/features plan:elite",
            zh,
        ),
        ("我們公司目前在系統上登記的是哪個方案", "/org show", zh),
        // 幾點 someone answers is the hours; the city's zone is shown already.
        (
            "香港辦公室幾點有人回應",
            "/hours region:apac timezone:Asia/Hong_Kong",
            zh,
        ),
        // A Chinese question that starts with a katakana plan name is Chinese.
        (
            "エンタープライズ… 不是，業務支援，P2 會多久回",
            "/slo plan:business priority:p2",
            zh,
        ),
        // A Latin name before a Japanese particle ("APIが", spaced when read).
        (
            "本番のAPIが応答しません、夜中ですがどうすれば",
            "/support urgent",
            ja,
        ),
        ("弊社でオープン中のチケットを一覧で見たい", "/case list", ja),
        ("誰か相談に乗れる人いますか？", "/hours", ja),
        // 今日本で: now, in Japan, not today (今日).
        (
            "ビジネスでP3を今日本で出したらいつまでに返事もらえますか",
            "/due plan:business priority:p3 region:japan",
            ja,
        ),
        // A date with its weekday is in the year it falls on that day, even when "filed".
        (
            "企業支援 美洲 星期五12/4 上午9點開了一張P2 什麼時候要回",
            "/due plan:enterprise priority:p2 region:americas at:\"2026-12-04 09:00\"",
            zh,
        ),
        (
            "12/4(金)の17時にエンタープライズのP2をEMEAで起票しました。期限は？",
            "/due plan:enterprise priority:p2 region:emea at:\"2026-12-04 17:00\"",
            ja,
        ),
    ]);
}

#[test]
fn the_kinds_the_seventh_file_missed_are_answered() {
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        // A day of the calendar (named, written, or this or next week's) with "anyone in?":
        // that day's hours.
        (
            "is anyone in on boxing day in london?",
            "/hours date:2026-12-26 region:emea timezone:Europe/London",
            en,
        ),
        ("１２／３１ 有人嗎", "/hours date:2026-12-31", zh),
        ("這禮拜天有人值班嗎", "/hours date:2026-12-06", zh),
        (
            "公司系統要升級 這個禮拜六有人嗎",
            "/hours date:2026-12-05",
            zh,
        ),
        (
            "１２月３１日はサポート休みですか",
            "/hours date:2026-12-31",
            ja,
        ),
        (
            "来週の月曜、サポート動いてる？",
            "/hours date:2026-12-07",
            ja,
        ),
        (
            "シンガポール側、12月26日は休み？",
            "/hours date:2026-12-26 region:apac timezone:Asia/Singapore",
            ja,
        ),
        // Presence, however it is asked; "not urgent" is not urgent.
        (
            "香港而家有冇人？",
            "/hours region:apac timezone:Asia/Hong_Kong",
            zh,
        ),
        ("急ぎじゃないんですが、窓口って今開いてます？", "/hours", ja),
        (
            "APACリージョンって今オープンしてる？",
            "/hours region:apac",
            ja,
        ),
        (
            "I'm with the Pune office, when does APAC support open?",
            "/hours region:apac timezone:Asia/Kolkata",
            en,
        ),
        // The target asked for someone else, or by a number of hours.
        ("elite 回應時間是多少 老闆在問 急", "/slo plan:elite", zh),
        (
            "菁英方案P2多久回？不急 只是問問",
            "/slo plan:elite priority:p2",
            zh,
        ),
        (
            "エンタープライズのP2って8時間？",
            "/slo plan:enterprise priority:p2",
            ja,
        ),
        // Outages in other words; a hypothetical outage at night is still how to get P1 help.
        ("the whole shop has fallen over", "/support urgent", en),
        ("how do I log a priority 1?", "/support urgent", en),
        ("半夜網站當機的話找誰", "/support urgent", zh),
        ("資料好像被刪掉了一大堆 要怎麼辦", "/support urgent", zh),
        // 24x5 and 六日 are coverage.
        (
            "is business 24x5 for p3s?",
            "/support coverage plan:business",
            en,
        ),
        (
            "企業支援是 24x5 嗎",
            "/support coverage plan:enterprise",
            zh,
        ),
        (
            "業務支援六日也有人嗎",
            "/support coverage plan:business",
            zh,
        ),
        // A case left waiting, someone sent to chase it.
        (
            "nobody is replying to our ticket, what now",
            "/support escalation",
            en,
        ),
        (
            "單子晾了一週 主管叫我去催 要怎麼加快處理",
            "/support escalation",
            zh,
        ),
        ("チケット止まってる", "/support escalation", ja),
        ("can we give support a ring?", "/support phone", en),
        (
            "how does enterprise stack up against business?",
            "/compare plans:enterprise,business",
            en,
        ),
        // The asker's organisation and cases.
        ("how many contact seats have we used", "/org show", en),
        ("我們是簽哪一個方案", "/org show", zh),
        ("うちってどのプランで契約されてますか", "/org show", ja),
        ("我們公司目前有幾張 open 的 case", "/case list", zh),
        // A feature named in English inside Chinese.
        ("elite 的 TAM 在做什麼的", "/features plan:elite", zh),
        // How to file, and what the bot does.
        ("where do we lodge a new request", "/help", en),
        ("這個 bot 會做什麼", "/help", zh),
        ("要怎麼開新的單", "/help", zh),
        // A product asked about, however long the words between.
        (
            "Marketo 的問題也可以在這裡問嗎",
            "/support products product:marketo-engage",
            zh,
        ),
        (
            "Marketoのサポートについて注意点を教えてください",
            "/support products product:marketo-engage",
            ja,
        ),
        ("参考資料のリソースある？", "/resources", ja),
        // A date the next morning, and Japanese without kana known by its words (起票).
        (
            "明早8點 日本 企業支援 P3 開單 期限是？",
            "/due plan:enterprise priority:p3 region:japan at:\"2026-12-01 08:00\"",
            zh,
        ),
        (
            "ビジネス p3 apac 明日9:30起票 期限",
            "/due plan:business priority:p3 region:apac at:\"2026-12-01 09:30\"",
            ja,
        ),
        (
            "ent p3 起票 明日9:30 emea 期限",
            "/due plan:enterprise priority:p3 region:emea at:\"2026-12-01 09:30\"",
            ja,
        ),
    ]);
    // The asker's own bill is not a support-programme fact.
    assert_eq!(
        intents().read("請求額がおかしいのはなぜ", now()),
        Reading::Unplaced(Language::Ja)
    );
    // A zone a country keeps all year, said with "time": where times are shown.
    let korea = intents().question("support hours in korea time?", now());
    assert_eq!(
        korea.and_then(|q| q.shown_in).map(|tz| tz.name()),
        Some("Asia/Seoul")
    );
}

#[test]
fn the_kinds_the_eighth_file_missed_are_answered() {
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        // Whether support was closed on a day: that day's hours, whatever else is said.
        (
            "was emea support closed last monday for a holiday? no one answered my case",
            "/hours date:2026-11-23 region:emea",
            en,
        ),
        // The target asked outright, with how it is counted or what went wrong around it.
        (
            "For Business, what's the first-response time for P3 and is it counted 24x7?",
            "/slo plan:business priority:p3",
            en,
        ),
        ("biz p2 how many hrs", "/slo plan:business priority:p2", en),
        (
            "企業支援P2 4小時是真的嗎",
            "/slo plan:enterprise priority:p2",
            zh,
        ),
        (
            "我們是簽菁英方案，想確認如果訂單系統壞掉開P1，你們多久內要第一次回覆？",
            "/slo plan:elite priority:p1",
            zh,
        ),
        (
            "いつもお世話になっております。弊社はビジネスサポートを契約中ですが、優先度3の初回応答の目標時間をご教示いただけますでしょうか。",
            "/slo plan:business priority:p3",
            ja,
        ),
        // Two priorities asked about together: each one's target.
        ("業務支援P3跟P4各要多久回", "/slo plan:business", zh),
        (
            "エンタープライズの初動対応って優先度ごとにどれくらい？",
            "/slo plan:enterprise",
            ja,
        ),
        ("回應時間每個 priority 各多久 不想翻文件", "/slo", zh),
        // Characters typed for others of the same reading.
        ("請問一下 憂先順序3 要多久才會回", "/slo priority:p3", zh),
        ("我們公司是用哪個方按", "/org show", zh),
        // Times: "9h" after a weekday, in words within working hours, filing "right now".
        (
            "We are in Paris. I opened a P3 with Elite on monday 9h, until when you must answer?",
            "/due plan:elite priority:p3 region:emea at:\"2026-11-30 09:00\" timezone:Europe/Paris",
            en,
        ),
        (
            "we're opening an enterprise p2 in apac right now, when exactly is the first response due",
            "/due plan:enterprise priority:p2 region:apac",
            en,
        ),
        (
            "elite p1 emea on christmas eve at half past three",
            "/due plan:elite priority:p1 region:emea at:\"2026-12-24 15:30\"",
            en,
        ),
        // Filing to come, said politely or with 的話; "not urgent" is not an outage.
        (
            "您好，我們預計下週二下午2點在東京提交一件企業支援 P4（非緊急），想請教初始回應期限是何時",
            "/due plan:enterprise priority:p4 region:japan at:\"2026-12-08 14:00\" timezone:Asia/Tokyo",
            zh,
        ),
        (
            "雪梨 Business P2 這週五早上9點開的話 最晚幾點要回",
            "/due plan:business priority:p2 region:apac at:\"2026-12-04 09:00\" timezone:Australia/Sydney",
            zh,
        ),
        // A region in Chinese words makes the question Chinese.
        (
            "Business P3 歐洲 due date?",
            "/due plan:business priority:p3 region:emea",
            zh,
        ),
        // Someone else wants to see it: no escalation.
        ("各方案差在哪 可以列給我嗎 老闆要看", "/compare", zh),
        (
            "online升business會多什麼",
            "/compare plans:online,business",
            zh,
        ),
        (
            "Ultimate 跟 Expert success plan 差在哪",
            "/compare plans:ultimate,expert",
            zh,
        ),
        (
            "BusinessとEliteのディファレンス教えて",
            "/compare plans:business,elite",
            ja,
        ),
        (
            "Enterprise 可以加幾個 named contact？",
            "/entitlements plan:enterprise",
            zh,
        ),
        // The asker's organisation and cases, in Chinese with English words.
        ("我們目前登記了幾個聯絡人", "/org show", zh),
        ("我們公司現在是用哪個 plan", "/org show", zh),
        ("我們 account 設定在哪一個 region？", "/org show", zh),
        (
            "我的 case 4412 一直沒動靜是怎樣",
            "/case show id:CASE-004412",
            zh,
        ),
        (
            "請問 #5501 的 case 有進度嗎",
            "/case show id:CASE-005501",
            zh,
        ),
        ("我們現在 open 的 ticket 有哪些", "/case list", zh),
        ("幫我列出我開過的 case", "/case list", zh),
        ("有沒有 KB 可以自己查", "/resources", zh),
        ("契約書の原文はどこで見られますか", "/resources", ja),
        ("可以問你哪些東西", "/help", zh),
        // Whether it is open today, or from what hour.
        ("今天有開嗎 還是放假", "/hours", zh),
        ("APAC 客服 8點開嗎", "/hours region:apac", zh),
        ("国内のサポート、何時まで？", "/hours region:japan", ja),
        (
            "アメリカのサポートのビジネスアワーを教えて",
            "/hours region:americas",
            ja,
        ),
        // Outages said in other words; "business impact" names no plan.
        ("晚上 prod 出包的話要找誰", "/support urgent", zh),
        ("sev1 事故 要怎麼找你們", "/support urgent", zh),
        (
            "本番がダウン、ビジネスインパクト大、どうすれば",
            "/support urgent",
            ja,
        ),
        ("ウィークエンドも対応してる？", "/support coverage", ja),
        (
            "エンタープライズは平日だけ？",
            "/support coverage plan:enterprise",
            ja,
        ),
        ("テレフォンで話せる窓口ある？", "/support phone", ja),
    ]);
    // Paying for support, and a card charge that failed: billing, which no command answers.
    for (message, language) in [
        ("can we pay for the support plan in euros?", en),
        ("刷卡扣款失敗要找誰", zh),
    ] {
        assert_eq!(
            intents().read(message, now()),
            Reading::Unplaced(language),
            "{message}"
        );
    }
}

#[test]
fn the_kinds_the_ninth_file_missed_are_answered() {
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        // Outages in other words, and a priority-one said of one's own outage.
        (
            "help needed now now, all our campaigns have stopped sending",
            "/support urgent",
            en,
        ),
        (
            "tills in every shop can't process payments, this is a sev 1 for us",
            "/support urgent",
            en,
        ),
        (
            "我們是elite方案 全站都不能結帳 要打電話還是開單比較快",
            "/support urgent plan:elite",
            zh,
        ),
        // A supposed outage with a filing time asked by when: the deadline.
        (
            "if our site goes down on saturday at 9pm and we raise a business P1 for emea, when do you have to respond by",
            "/due plan:business priority:p1 region:emea at:\"2026-12-05 21:00\"",
            en,
        ),
        (
            "compare expert or ultimate",
            "/compare plans:expert,ultimate",
            en,
        ),
        // Said filed (still no reply, "and logged"), a weekday is the latest; an "if" after
        // the filing supposes something else.
        (
            "elite p2 apac filed tuesday 9am, still no reply, was it due already?",
            "/due plan:elite priority:p2 region:apac at:\"2026-11-24 09:00\"",
            en,
        ),
        (
            "customer is on Business and logged a P3 in EMEA on Wednesday arvo around 2pm, when was it due? if it matters",
            "/due plan:business priority:p3 region:emea at:\"2026-11-25 14:00\"",
            en,
        ),
        (
            "木曜日の10時にP2で出しました（エンタープライズ、日本）。期限はいつですか？まだ返事なし",
            "/due plan:enterprise priority:p2 region:japan at:\"2026-11-26 10:00\"",
            ja,
        ),
        // Filing now, in other words; "us" after a plan and priority is the United States.
        (
            "business p2 us raising it now, when due",
            "/due plan:business priority:p2 region:americas",
            en,
        ),
        (
            "ent p1 apac just raised, when will we hear back",
            "/due plan:enterprise priority:p1 region:apac",
            en,
        ),
        // A time of day read without taking the word after it (晚上10點歐洲 keeps 歐洲); 晚間.
        (
            "前天晚上10點歐洲區開了 business P3，期限是？",
            "/due plan:business priority:p3 region:emea at:\"2026-11-28 22:00\"",
            zh,
        ),
        (
            "敝公司為企業支援，優先順序二，地區為美洲，倘若今日晚間九時提報，最遲何時可獲回覆？",
            "/due plan:enterprise priority:p2 region:americas at:\"2026-11-30 21:00\"",
            zh,
        ),
        ("any helpful links?", "/resources", en),
        ("what's this bot for?", "/help", en),
        ("what kinda stuff can i ask this bot", "/help", en),
        ("我可以在這裡問你什麼", "/help", zh),
        ("請問本系統可以查哪些資料", "/help", zh),
        ("どういった質問に答えてもらえますか", "/help", ja),
        // What a feature is, the plan named before it.
        (
            "what are elite environment reviews? what happens in one",
            "/features plan:elite",
            en,
        ),
        (
            "what's the TAM on elite for, what do they do",
            "/features plan:elite",
            en,
        ),
        (
            "企業支援的「專家諮詢」實際上怎麼進行？",
            "/features plan:enterprise",
            zh,
        ),
        ("哪個 plan 才有專屬工程師？", "/compare", zh),
        // Hours asked with a call in mind, or the urgent-only alternative.
        (
            "what time does APAC support open, want to ring them first thing",
            "/hours region:apac",
            en,
        ),
        ("can I ring ya?", "/support phone", en),
        ("TEL窓口ありますか", "/support phone", ja),
        (
            "are you open on new year's day or is it only the urgent stuff?",
            "/hours date:2027-01-01",
            en,
        ),
        (
            "雪梨辦公室問 support 時間 麻煩回答",
            "/hours region:apac timezone:Australia/Sydney",
            zh,
        ),
        (
            "請提供亞太地區之支援營業時間，以利內部文件記載",
            "/hours region:apac",
            zh,
        ),
        (
            "ヨーロッパのサポートって日本時間だと何時から？夜中になる？",
            "/hours region:emea",
            ja,
        ),
        // Cases and organisations in other words.
        ("what tickets do we have open", "/case list", en),
        ("我們部門目前 open 的 tickets 有哪些", "/case list", zh),
        ("請列出本公司尚未結案的案件", "/case list", zh),
        ("敝院目前簽的是哪一種支援方案？", "/org show", zh),
        ("我們 org 目前登記了幾位聯絡人", "/org show", zh),
        ("我們的合約裡到底有哪些服務", "/entitlements", zh),
        (
            "エンタープライズだと連絡先は何名まで登録できますか",
            "/entitlements plan:enterprise",
            ja,
        ),
        // 升級 before a comparison is an upgrade; 往上反映 and 上申 escalate.
        (
            "online 和 enterprise 的差別？想幫客戶升級前先比較",
            "/compare plans:online,enterprise",
            zh,
        ),
        (
            "業務支援與企業支援之異同為何",
            "/compare plans:business,enterprise",
            zh,
        ),
        (
            "補了三次資料還是根本沒在處理 要怎麼往上反映",
            "/support escalation",
            zh,
        ),
        (
            "対応が遅いケースの上申方法を教えてください",
            "/support escalation",
            ja,
        ),
        // The target asked with how it is counted; an outage supposed, asked whether covered.
        (
            "elite P2 是 24x7 嗎 回應目標幾小時",
            "/slo plan:elite priority:p2",
            zh,
        ),
        (
            "業務支援P3之回應目標係以營業時間計算抑或全天候？",
            "/slo plan:business priority:p3",
            zh,
        ),
        (
            "如果半夜 prod 出事，elite 有 cover 嗎？",
            "/support coverage plan:elite",
            zh,
        ),
        ("Illustrator 也是你們支援的嗎", "/support products", zh),
    ]);
    // Prices, chit-chat and how to use another program: no command answers them.
    for (message, language) in [
        ("any good lunch spot near the Sydney office?", en),
        ("Word 的合併列印要怎麼用？", zh),
        ("ビジネスにすると月額いくらですか", ja),
        ("エンタープライズの見積もりをお願いできますか", ja),
    ] {
        assert_eq!(
            intents().read(message, now()),
            Reading::Unplaced(language),
            "{message}"
        );
    }
    // A zone said in words for a country of one zone.
    let irish = intents().question("emea hours in irish time please", now());
    assert_eq!(
        irish.and_then(|q| q.shown_in).map(|tz| tz.name()),
        Some("Europe/Dublin")
    );
}

#[test]
fn the_kinds_the_tenth_file_missed_are_answered() {
    // Each line is a kind the tenth held-out file missed, in other words: the plan's inclusions,
    // an outage asked "is this a p1", features described, "in" as present, a time said in words
    // after "at", "just gone", two plans asked together, a meeting as context, a weekday this
    // week whatever the tense, a Taiwanese word, kana written for kanji, a time read as hours
    // (何時間 is no 何時), a mood typed for a deadline (機嫌 for 期限).
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "Hi, what are the inclusions of our current contract?",
            "/entitlements",
            en,
        ),
        (
            "How many named contacts do we get on Enterprise?",
            "/entitlements plan:enterprise",
            en,
        ),
        (
            "emails not sending at all since the deploy, is this a p1?",
            "/support urgent",
            en,
        ),
        (
            "Could you explain the features of Elite Support, like the TAM?",
            "/features plan:elite",
            en,
        ),
        (
            "Please describe the features of Business Support in particular.",
            "/features plan:business",
            en,
        ),
        ("is the apac team in on friday?", "/hours region:apac", en),
        (
            "Filed a Business P2 for APAC at 10 past 4 on Wednesday just gone - when was it due?",
            "/due plan:business priority:p2 region:apac at:\"2026-11-25 16:10\"",
            en,
        ),
        ("What can this bot actually do?", "/help", en),
        (
            "Is Chinese language support available for Marketo? Our office is in Taipei.",
            "/support products product:marketo-engage",
            en,
        ),
        (
            "how quick do you get back to people on business?",
            "/slo plan:business",
            en,
        ),
        (
            "on enterprise, p2 first response - 24x7 or business hours?",
            "/slo plan:enterprise priority:p2",
            en,
        ),
        (
            "enterprise vs elite response times for p1?",
            "/slo priority:p1",
            en,
        ),
        ("Which plan has the company got with you?", "/org show", en),
        (
            "APAC 的上班時間是幾點到幾點？日本的夥伴要一起開會",
            "/hours region:apac",
            zh,
        ),
        (
            "美洲區的上班時間換成台灣時間是幾點？半夜嗎",
            "/hours region:americas",
            zh,
        ),
        ("elit方案p2回映時間", "/slo plan:elite priority:p2", zh),
        (
            "我們在新加坡，業務支援，明天下午三點要開一張P3問課程設定，最慢什麼時候會有回覆",
            "/due plan:business priority:p3 region:apac at:\"2026-12-01 15:00\" timezone:Asia/Singapore",
            zh,
        ),
        ("on-call 晚上可以直接 call 你們嗎", "/support phone", zh),
        (
            "biz P3 feature request 明天早上10點丟歐洲，最快哪天會回？",
            "/due plan:business priority:p3 region:emea at:\"2026-12-01 10:00\"",
            zh,
        ),
        (
            "請問企業支援方案之「指定的支援工程師」職掌為何？",
            "/features plan:enterprise",
            zh,
        ),
        (
            "請問敝公司目前於貴系統登錄之支援方案為何？",
            "/org show",
            zh,
        ),
        (
            "想請你們比較一下 Business 跟 Enterprise，主要看 coverage 和 named engineer",
            "/compare plans:business,enterprise",
            zh,
        ),
        ("想確認一下我們目前的方案到底包含哪些", "/entitlements", zh),
        (
            "Elite 的 TAM 實際上 cover 哪些範圍？",
            "/features plan:elite",
            zh,
        ),
        ("我們 team 現在有幾張 open 的 ticket", "/case list", zh),
        (
            "Enterprise，P2，東京，這週四 3pm 開的 case，會不會 roll 到下週？",
            "/due plan:enterprise priority:p2 region:japan at:\"2026-12-03 15:00\" timezone:Asia/Tokyo",
            zh,
        ),
        ("你可以做蝦米", "/help", zh),
        (
            "美洲客戶想知道12/24到12/26之間哪幾天有支援",
            "/hours date:2026-12-24 region:americas until:2026-12-26",
            zh,
        ),
        (
            "enterpriseについてる専任エンジニアって具体的に何をしてくれる？",
            "/features plan:enterprise",
            ja,
        ),
        ("なにを聞けばいいの？", "/help", ja),
        (
            "エンタープライズの優先度2だと何時間で返事来ます？",
            "/slo plan:enterprise priority:p2",
            ja,
        ),
        (
            "ビジネスで優先度3を日本にいま出すと、回答の機嫌はいつ？",
            "/due plan:business priority:p3 region:japan",
            ja,
        ),
        ("うちの契約だと何が受けられますか", "/entitlements", ja),
        (
            "うちから出してるケースで、まだ終わってないのを一覧で",
            "/case list",
            ja,
        ),
        (
            "店舗のレジが全部うごかないです、どうしたら",
            "/support urgent",
            ja,
        ),
        (
            "entで問い合わせ詰まってるとき誰に言えば？",
            "/support escalation plan:enterprise",
            ja,
        ),
        (
            "年明けは何日から対応いただけますか？1月5日？",
            "/hours date:2027-01-05",
            ja,
        ),
        (
            "月曜の朝9時にエンタープライズのP2をEMEAに出してたんですが、期限は？",
            "/due plan:enterprise priority:p2 region:emea at:\"2026-11-30 09:00\"",
            ja,
        ),
        ("えすかれのやり方おしえて", "/support escalation", ja),
        ("エリートの機能を一覧で見たい", "/features plan:elite", ja),
    ]);
}

#[test]
fn the_kinds_the_eleventh_file_missed_are_answered() {
    // The eleventh held-out file's kinds, in other words: cities of the UK, filing "now" said
    // with a verb, a holiday's name used as an adjective, an online shop (not the Online plan),
    // nights, "you are working", what the plan entitles, open cases, what the bot answers, an
    // outage asked "is this a P1", a second question "by the way", filed just now whatever day
    // follows, 六日 and 週六日, Chinese and Japanese ways to say open cases, features, the asker's
    // contract, a product asked about by its window.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "Hiya from Glasgow - what time does your support desk open and close?",
            "/hours region:emea timezone:Europe/London",
            en,
        ),
        (
            "We are business, APAC, I create a P2 now. Until which time the engineer must respond?",
            "/due plan:business priority:p2 region:apac",
            en,
        ),
        (
            "Silly xmas question: Business, EMEA, P3 raised at 11am on Christmas Eve. When is it due?",
            "/due plan:business priority:p3 region:emea at:\"2026-12-24 11:00\"",
            en,
        ),
        (
            "Our online shop is completely down. How do we get urgent help?",
            "/support urgent",
            en,
        ),
        (
            "do you guys work nights or is it 9 to 5 only",
            "/support coverage",
            en,
        ),
        (
            "You are working the 31 december?",
            "/hours date:2026-12-31",
            en,
        ),
        (
            "What are we really entitled to on our contract?",
            "/entitlements",
            en,
        ),
        (
            "Can I see the tickets we've got open right now?",
            "/case list",
            en,
        ),
        ("what kind of questions can the bot answer?", "/help", en),
        ("this bot can do wat", "/help", en),
        ("還沒結的 ticket 有哪些", "/case list", zh),
        ("網站整個白畫面 要打給誰", "/support urgent", zh),
        (
            "我們公司跟你們簽的方案 到底有哪些支援項目",
            "/entitlements",
            zh,
        ),
        (
            "所有門市的POS跟線上訂單都連不到後台 這算P1嗎",
            "/support urgent",
            zh,
        ),
        ("我們公司提交過的單可以列出來嗎", "/case list", zh),
        (
            "歐洲客服用台灣時間算幾點上線 我晚上要值班",
            "/hours region:emea",
            zh,
        ),
        ("現在有人在嗎 急", "/hours", zh),
        (
            "企業支援P3 回覆時效？",
            "/slo plan:enterprise priority:p3",
            zh,
        ),
        (
            "業務支援P2多快回？順便問一下電話幾號",
            "/slo plan:business priority:p2",
            zh,
        ),
        (
            "菁英支援P1 30分鐘內回應 是24小時都算嗎",
            "/slo plan:elite priority:p1",
            zh,
        ),
        (
            "剛剛開了一張企業支援P3 美洲區 最晚什麼時候會回 我們明天要上線",
            "/due plan:enterprise priority:p3 region:americas",
            zh,
        ),
        (
            "我們是Business，亞太區，現在開P2的話期限是幾點",
            "/due plan:business priority:p2 region:apac",
            zh,
        ),
        ("週六日你們有人嗎", "/support coverage", zh),
        ("我們 org 目前有幾位 named contact?", "/org show", zh),
        ("elite 含什麼", "/entitlements plan:elite", zh),
        ("我們的 open ticket", "/case list", zh),
        ("TAM 做啥", "/features plan:elite", zh),
        ("全站 503 要怎麼開 P1", "/support urgent", zh),
        (
            "想確認美洲地區於12/31至1/2期間哪幾天會休息",
            "/hours date:2026-12-31 region:americas until:2027-01-02",
            zh,
        ),
        (
            "エンタープライズサポートの専任サポートエンジニアとは、どのような役割の方ですか",
            "/features plan:enterprise",
            ja,
        ),
        ("どのようなことが質問できますか", "/help", ja),
        ("お前なに聞けるの", "/help", ja),
        (
            "うちの契約で何をやってもらえるのか知りたい",
            "/entitlements",
            ja,
        ),
        ("今日ってまだ受け付けてます？", "/hours", ja),
        ("全部500返してる これP1でいいの？", "/support urgent", ja),
        (
            "エリートサポートの各機能の説明を見たい",
            "/features plan:elite",
            ja,
        ),
        (
            "アメリカのサポもう閉まってる？",
            "/hours region:americas",
            ja,
        ),
        (
            "ビジネスサポート契約ですと、最初のご連絡までどの程度の時間がかかりますか",
            "/slo plan:business",
            ja,
        ),
        ("優先度ってどう決めればいいですか", "/slo", ja),
        (
            "サイトが表示されない状態です。障害情報はどこで見れますか",
            "/support urgent",
            ja,
        ),
        (
            "上司から聞かれました。ビジネスとエンタープライズの違い、特に応答時間について教えてください",
            "/compare plans:business,enterprise",
            ja,
        ),
        (
            "Analyticsの件も同じ窓口で対応してもらえますか",
            "/support products product:analytics",
            ja,
        ),
    ]);
    assert_eq!(
        intents().read("Is there a nonprofit discount for Elite?", now()),
        Reading::Unplaced(Language::En)
    );
    let malaysia = intents().question("wat time u open in malaysia time", now());
    assert_eq!(
        malaysia.and_then(|q| q.shown_in).map(|tz| tz.name()),
        Some("Asia/Kuala_Lumpur")
    );
}

#[test]
fn the_kinds_the_twelfth_file_missed_are_answered() {
    // The twelfth held-out file's kinds, in other words: African cities, "shuts down" is no
    // outage, clocking in, the target with its calendar, "put in a ticket" said filed, a portal
    // unavailable, a second plan named in passing (only compared plans name neither), someone
    // more senior, what a move would gain, open cases listed, staff (人員) present, priorities
    // compared, 哪一天前 no day, 擺爛 and 升極, contacts per plan, each service described, "how
    // many minutes" beats an outage, the success plans before a priority, 7x24, the asker's
    // region, "since last night" no filing day, Japanese 業務 compounds no plan.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "habari, we're a Lagos based team, what are your support hours for us",
            "/hours region:emea timezone:Africa/Lagos",
            en,
        ),
        (
            "Is APAC support open on 31 Dec? heard everything shuts down then",
            "/hours region:apac date:2026-12-31",
            en,
        ),
        (
            "when do the emea support folks clock in? they changed our plan last year",
            "/hours region:emea",
            en,
        ),
        (
            "Business P2: target + is it 24x7?",
            "/slo plan:business priority:p2",
            en,
        ),
        (
            "we put in a ticket tuesday morning around 10, p3, business in emea, silence since. when was it actually due?",
            "/due plan:business priority:p3 region:emea at:\"2026-11-24 10:00\"",
            en,
        ),
        (
            "Our customer portal has been unavailable since 6 a.m. What is the fastest way to get an engineer?",
            "/support urgent",
            en,
        ),
        (
            "business plan here, can we escalate? or is that only for elite",
            "/support escalation plan:business",
            en,
        ),
        (
            "I've been going in circles with your support on the same ticket for weeks, can somebody more senior look at it?",
            "/support escalation",
            en,
        ),
        (
            "What would we gain by moving from Online to Business?",
            "/compare plans:online,business",
            en,
        ),
        ("Please list all open cases.", "/case list", en),
        (
            "請問歐洲區的客服時間？我們同仁晚上要打過去",
            "/hours region:emea",
            zh,
        ),
        ("請問現在還有支援人員在嗎？還是要等明天", "/hours", zh),
        ("P2跟P3差在哪 怎麼判斷", "/slo", zh),
        (
            "如果下禮拜三早上10點開一張P3，企業支援 美洲，大概哪一天前會收到回覆？",
            "/due plan:enterprise priority:p3 region:americas at:\"2026-12-09 10:00\"",
            zh,
        ),
        (
            "我們 biz 的案子擺爛一週了 可以升極嗎",
            "/support escalation plan:business",
            zh,
        ),
        (
            "我們是企業支援，聯絡窗口最多可以登記幾位？",
            "/entitlements plan:enterprise",
            zh,
        ),
        ("elite 方案的各項服務說明在哪", "/features plan:elite", zh),
        ("我的 ticket 們可以一次列出來嗎", "/case list", zh),
        ("現在還有客服在線上嗎 等回覆", "/hours", zh),
        (
            "倫敦的據點要找支援的話 幾點前要聯絡",
            "/hours region:emea timezone:Europe/London",
            zh,
        ),
        (
            "請問12月25日當日貴公司是否照常提供服務？",
            "/hours date:2026-12-25",
            zh,
        ),
        (
            "平安夜到12/27這幾天 歐洲區有人嗎",
            "/hours region:emea date:2026-12-24 until:2026-12-27",
            zh,
        ),
        (
            "網站掛掉開P1的話 enterprise 方案幾分鐘內要回",
            "/slo plan:enterprise priority:p1",
            zh,
        ),
        (
            "expert P2 的 initial response target 是？",
            "/slo plan:expert priority:p2",
            zh,
        ),
        (
            "請問如果是企業支援、P2、在美洲區、明天早上9點送出，那最晚什麼時候會有第一次回覆？",
            "/due plan:enterprise priority:p2 region:americas at:\"2026-12-01 09:00\"",
            zh,
        ),
        ("7x24 嗎", "/support coverage", zh),
        ("我們目前的合約可以用到哪些支援？", "/entitlements", zh),
        (
            "業務支援最多可以設幾個聯絡窗口",
            "/entitlements plan:business",
            zh,
        ),
        ("我們的帳戶登記的是哪一區", "/org show", zh),
        (
            "analytics也可以找你們嗎",
            "/support products product:analytics",
            zh,
        ),
        (
            "年末年始の Japan support の schedule 教えて。on-call 計画立てたい",
            "/hours date:2026-12-29 region:japan",
            ja,
        ),
        (
            "Tokyo の client 向けに Japan の support window 教えて",
            "/hours region:japan timezone:Asia/Tokyo",
            ja,
        ),
        (
            "大阪のお客様がエンタープライズで優先度３を木曜の午後２時に出されたそうです。期限は？",
            "/due plan:enterprise priority:p3 region:japan at:\"2026-11-26 14:00\" timezone:Asia/Tokyo",
            ja,
        ),
        (
            "weekend の support ある？ on-call とか",
            "/support coverage",
            ja,
        ),
        ("急にページが見られなくなりました", "/support urgent", ja),
        (
            "ビジネスだとコールでサポートしてもらえますか？",
            "/support phone plan:business",
            ja,
        ),
        ("うちってどのプランだっけ", "/org show", ja),
        (
            "うちの会社が契約しているプランで使えるサービスは？",
            "/entitlements",
            ja,
        ),
        ("専任エンジニアが付くのはどの plan？", "/compare", ja),
        ("私の open tickets 全部見せて", "/case list", ja),
        ("このbot何ができるの", "/help", ja),
        (
            "Marketo についても問い合わせできますか",
            "/support products product:marketo-engage",
            ja,
        ),
        (
            "表示がすごく遅いですが完全に止まっているわけではありません。ビジネスサポートだとどのくらいでお返事いただけますか",
            "/slo plan:business",
            ja,
        ),
        (
            "昨夜来、遅延が発生。エンタープライズ・日本リージョンにて本日10時にＰ３で起票済み。期限はいつか。",
            "/due plan:enterprise priority:p3 region:japan at:\"2026-11-30 10:00\"",
            ja,
        ),
    ]);
    assert_eq!(
        intents().read("退費多久會入帳", now()),
        Reading::Unplaced(Language::ZhTw)
    );
}

#[test]
fn the_kinds_the_thirteenth_file_missed_are_answered() {
    // The thirteenth held-out file's kinds, in other words: an outage asked with a status page,
    // "21h", paying as context, escalating to P1 as an outage, Filipino "po", what one plan has
    // that another lacks, turnaround, explaining features, services described, Cantonese read as
    // Mandarin, the letter before 上週 kept (芝加哥上週四), a filing supposed at night asked by
    // when, priorities written together (Ｐ２Ｐ３), "online business" is two plans.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "Everything's down for a client — how do we open a P1 and which status page do we watch?",
            "/support urgent",
            en,
        ),
        (
            "so yesterday we opened ticket P2 around 21h, we are enterprise in emea. when is the deadline?",
            "/due plan:enterprise priority:p2 region:emea at:\"2026-11-29 21:00\"",
            en,
        ),
        (
            "what enterprise plan include? we pay for it monthly",
            "/entitlements plan:enterprise",
            en,
        ),
        (
            "site is completely down. how to escalate to P1",
            "/support urgent",
            en,
        ),
        (
            "what are the inclusions po of our contract?",
            "/entitlements",
            en,
        ),
        (
            "What do we get on Enterprise that we don't get on Business?",
            "/compare plans:enterprise,business",
            en,
        ),
        (
            "what's the turnaround on a P2 for Business? and does the clock run on weekends?",
            "/slo plan:business priority:p2",
            en,
        ),
        (
            "Can you explain what the Case Reviews on Elite actually are?",
            "/features plan:elite",
            en,
        ),
        (
            "P3 opened on christmas eve 16h, enterprise, emea — when is due?",
            "/due plan:enterprise priority:p3 region:emea at:\"2026-12-24 16:00\"",
            en,
        ),
        ("what plan we have? i forget", "/org show", en),
        (
            "nobody respond my ticket since monday, i want talk to manager",
            "/support escalation",
            en,
        ),
        (
            "Please confirm which entitlements our company is eligible for.",
            "/entitlements",
            en,
        ),
        (
            "Could you provide descriptions of the services offered under Enterprise Support?",
            "/features plan:enterprise",
            en,
        ),
        ("where i find the terms of support?", "/resources", en),
        (
            "online, business and elite compared",
            "/compare plans:online,business,elite",
            en,
        ),
        (
            "你們 support Marketo 嗎",
            "/support products product:marketo-engage",
            zh,
        ),
        ("敝社目前方案下可使用的權益有哪些", "/entitlements", zh),
        ("請問我們醫院現在是用哪一種方案？", "/org show", zh),
        ("Ｐ２Ｐ３是什麼意思？哪一種比較急", "/slo", zh),
        ("個系統冧咗！點搵人即刻幫手", "/support urgent", zh),
        (
            "Business 同 Elite 有咩分別？",
            "/compare plans:business,elite",
            zh,
        ),
        (
            "我哋倫敦聽日下晝三點開張 enterprise P3，幾時之前要覆？",
            "/due plan:enterprise priority:p3 region:emea at:\"2026-12-01 15:00\" timezone:Europe/London",
            zh,
        ),
        ("Business 包咗啲咩？", "/entitlements plan:business", zh),
        (
            "東京而家開咗未？",
            "/hours region:japan timezone:Asia/Tokyo",
            zh,
        ),
        (
            "芝加哥上週四早上9點開的 enterprise p3 幾點要回",
            "/due plan:enterprise priority:p3 region:americas at:\"2026-11-26 09:00\" timezone:America/Chicago",
            zh,
        ),
        (
            "online business elite 三個放一起比",
            "/compare plans:online,business,elite",
            zh,
        ),
        ("列出我們所有還開著的 ticket", "/case list", zh),
        ("我們之前開的那些單子 哪些還沒處理完", "/case list", zh),
        (
            "Adobe Commerce有中文支援嗎？我們台灣站要用 急",
            "/support products product:adobe-commerce",
            zh,
        ),
        (
            "enterpriseとeliteって何がちがうの？",
            "/compare plans:enterprise,elite",
            ja,
        ),
        ("貴社サポートの受付可否を回答願う。", "/hours", ja),
        (
            "エンタープライズなんだけどログインエラー出まくり いますぐ誰か見て",
            "/support urgent plan:enterprise",
            ja,
        ),
        (
            "データが消失した可能性があります。Ｐ１として最速で対応いただく手順を教えてください。",
            "/support urgent",
            ja,
        ),
        (
            "日曜の朝9時にp2で出したらさ、いつ返ってくる？エンタープライズで日本ね",
            "/due plan:enterprise priority:p2 region:japan at:\"2026-12-06 09:00\"",
            ja,
        ),
        (
            "ロンドン事務所の担当者から、現地時間でのサポート提供時間について問い合わせがありました",
            "/hours region:emea timezone:Europe/London",
            ja,
        ),
    ]);
    // Cancelling, changing an account's email, a password: no command answers them.
    for (message, language) in [
        ("Can I cancel our subscription early?", en),
        ("can you change the email on our account?", en),
        ("可唔可以幫我 reset 密碼？", zh),
    ] {
        assert_eq!(
            intents().read(message, now()),
            Reading::Unplaced(language),
            "{message}"
        );
    }
}

#[test]
fn what_the_review_of_the_sixteenth_to_thirtieth_fixes_found_is_read_right() {
    // A reviewer read this session's patterns against ordinary messages: a number is no
    // Taiwanese word; "due to", "down as of", "down here", "breakdown", "office hours", "a
    // deadline tomorrow" and a partial outage are still outages; 會當機, 應當去 are no Hokkien;
    // a case stuck, overdue or after an upgrade is still escalated; "lost yesterday's data" and
    // "traffic reports" are outages, a travel agency and 徵兆 no chit-chat, an account admin no
    // billing; "bukas" is no tomorrow; 新年快樂 names no day; 半夜3點 is 3am; "from 2025" is no
    // time; a region named in words outranks every mention of the asker's cities; an all-capitals
    // message keeps "US" as "us"; kana inside other words (ないよう, にほんとう) is left alone; a
    // frequency (1日に2回) is no day of the month.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "what's the status of case 484?",
            "/case show id:CASE-000484",
            en,
        ),
        (
            "our checkout is down due to a server error, what do we do?",
            "/support urgent",
            en,
        ),
        (
            "site is down as of 9am, who do I call?",
            "/support urgent",
            en,
        ),
        (
            "everything is down here, what do we do?",
            "/support urgent",
            en,
        ),
        (
            "production down, breakdown of what we see: 503 on checkout",
            "/support urgent",
            en,
        ),
        (
            "prod down outside office hours, what do we do?",
            "/support urgent",
            en,
        ),
        (
            "production is down and we have a deadline tomorrow, help!",
            "/support urgent",
            en,
        ),
        (
            "my boss is breathing down my neck, our case has had no reply for 4 days, please escalate",
            "/support escalation",
            en,
        ),
        (
            "We lost yesterday's analytics data, is there an outage?",
            "/support urgent",
            en,
        ),
        (
            "traffic reports stopped updating, is this an outage?",
            "/support urgent",
            en,
        ),
        (
            "can our account admin escalate a case?",
            "/support escalation",
            en,
        ),
        (
            "we're past the response deadline and nobody replied, escalate please",
            "/support escalation",
            en,
        ),
        (
            "business p3 emea from 2025 onwards, when is it due?",
            "/due plan:business priority:p3 region:emea",
            en,
        ),
        ("what time is support bukas today?", "/hours", en),
        (
            "We have offices in Tokyo and Osaka, what are the APAC support hours?",
            "/hours region:apac timezone:Asia/Tokyo",
            en,
        ),
        (
            "WHEN DO YOU OPEN FOR US IN 東京?",
            "/hours region:japan timezone:Asia/Tokyo",
            en,
        ),
        ("網站會當機嗎", "/support urgent", zh),
        ("我們應當去哪裡提交案件", "/help", zh),
        (
            "我的案子被卡住三天了，可以找主管嗎",
            "/support escalation",
            zh,
        ),
        (
            "我的案子卡了三天，到底有沒有人在處理？",
            "/support escalation",
            zh,
        ),
        (
            "P1 已經超時兩小時了，還沒人回，我要找主管",
            "/support escalation",
            zh,
        ),
        (
            "升級後案件還是卡住沒人處理，可以找主管嗎",
            "/support escalation",
            zh,
        ),
        ("我們是旅遊業客戶，P1 多久回應？", "/slo priority:p1", zh),
        ("系統有當機徵兆，工程師多久會回？", "/slo", zh),
        ("新年快樂，你們今天有上班嗎", "/hours", zh),
        (
            "企業 P1 亞太 半暝3點開的，什麼時候到期？",
            "/due plan:enterprise priority:p1 region:apac at:\"2026-11-30 03:00\"",
            zh,
        ),
        (
            "本番が一部だけ落ちてる、どうすれば？",
            "/support urgent",
            ja,
        ),
        (
            "ケースの返事がないようですが、どうなっていますか",
            "/support escalation",
            ja,
        ),
        (
            "明日にほんとうにアメリカのサポートは開いてますか",
            "/hours region:americas date:2026-12-01",
            ja,
        ),
        (
            "エリート P2 日本 1日に2回落ちてる、期限はいつ？",
            "/due plan:elite priority:p2 region:japan",
            ja,
        ),
    ]);
    assert_unplaced(&[
        ("我想反饋一個問題，要找誰", zh),
        ("有推薦的午餐套餐嗎", zh),
        ("この遅延はメンテナンスによるものですか", ja),
    ]);
}

#[test]
fn the_kinds_the_thirtieth_file_missed_are_answered() {
    // The thirtieth held-out file's kinds, in other words: Copenhagen, Adelaide, Darwin, Naha;
    // Danish and central time; "what r the targets"; answered within hours; "this arvo"; what
    // our contract includes; a bit more about a feature; "down as" is no outage; each feature
    // described; a target worried about the night; a deadline of the asker's in an outage; an
    // incident with on-call unreachable; 受理時間; 幫我查; Taiwanese Hokkien (當去, 中晝, 鬥相共,
    // 差佇佗位, 欲升級); an engineer who vanished after one reply; a case blocked by a holiday;
    // kana (24じかん, ぜんぜん, 12がつ31にち, まにゅある, よーろっぱ, あめりか, いちらん, ひらいてる);
    // which tier has a feature; ターゲットタイム; opening time asked ASAP; 消失 is Chinese too.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "Hej. Which are the opening hours of the support for us in Copenhagen?",
            "/hours region:emea timezone:Europe/Copenhagen",
            en,
        ),
        (
            "G'day! what hours is support on for us in Darwin?",
            "/hours region:apac timezone:Australia/Darwin",
            en,
        ),
        ("Can you give the hours in Danish time please", "/hours", en),
        (
            "we pay for business so what r the targets",
            "/slo plan:business",
            en,
        ),
        (
            "on the business plan is a P2 still answered within a few hours or do we wait",
            "/slo plan:business priority:p2",
            en,
        ),
        (
            "Logged an Elite P2 at 3:30 this arvo from Adelaide, when should we expect a reply?",
            "/due plan:elite priority:p2 region:apac at:\"2026-11-30 15:30\" timezone:Australia/Adelaide",
            en,
        ),
        (
            "Can you show what our contract include?",
            "/entitlements",
            en,
        ),
        (
            "tell us a bit more about this TAM thing on Elite, what do they actually do",
            "/features plan:elite",
            en,
        ),
        (
            "what plan are we on again, and which region are we down as?",
            "/org show",
            en,
        ),
        (
            "請就「菁英支援」方案所列各項功能逐項說明其內容",
            "/features plan:elite",
            zh,
        ),
        (
            "業務支援P2多快回？怕伺服器半夜掛掉",
            "/slo plan:business priority:p2",
            zh,
        ),
        ("換算成中部時間的話，你們幾點開門？", "/hours", zh),
        (
            "資料平台整個掛了，報告 deadline 就在明天，最快怎麼找到人？",
            "/support urgent",
            zh,
        ),
        (
            "incident 進行中 交易全 fail，on-call 找不到人，怎麼 page 你們？",
            "/support urgent",
            zh,
        ),
        ("歐洲地區支援服務之受理時間為何？", "/hours region:emea", zh),
        ("欸你可以幫我查什麼", "/help", zh),
        (
            "收銀系統當去矣！！中晝人上濟的時陣 拜託緊來鬥相共",
            "/support urgent",
            zh,
        ),
        (
            "業務支援佮菁英支援差佇佗位？咧考慮欲升級",
            "/compare plans:business,elite",
            zh,
        ),
        ("工程師回一次就消失了 要找誰反映", "/support escalation", zh),
        (
            "平安夜下午3點在APAC開Elite P2，會不會被聖誕節卡住？哪一天會回",
            "/due plan:elite priority:p2 region:apac at:\"2026-12-24 15:00\"",
            zh,
        ),
        ("24じかん たいおうしてますか？", "/support coverage", ja),
        ("ここではどんなことが質問できるんですか？", "/help", ja),
        (
            "けーすが ぜんぜん うごかないんですけど",
            "/support escalation",
            ja,
        ),
        (
            "12がつ31にちって さぽーと おやすみですか",
            "/hours date:2026-12-31",
            ja,
        ),
        ("まにゅあるって どこにありますか", "/resources", ja),
        ("TAMがつくのってどのティア？", "/compare", ja),
        (
            "Businessのターゲットタイム、priority別にリストで",
            "/slo plan:business",
            ja,
        ),
        (
            "サポートのオープン時間、JSTベースで教えて。ASAPで",
            "/hours",
            ja,
        ),
        (
            "びじねす、よーろっぱ、P3。いま出すと きげん いつ？",
            "/due plan:business priority:p3 region:emea",
            ja,
        ),
        (
            "あめりかのさぽーと もうあいてる？",
            "/hours region:americas",
            ja,
        ),
        (
            "那覇の会社なんですけど、日本のサポートは何時まで？",
            "/hours region:japan timezone:Asia/Tokyo",
            ja,
        ),
        ("いま ひらいてる けーす いちらん みたい", "/case list", ja),
    ]);
    assert_unplaced(&[
        ("anybody know a good bbq spot near the depot?", en),
        ("can you recommend a good shiraz for christmas lunch?", en),
    ]);
}

#[test]
fn the_kinds_the_twenty_ninth_file_missed_are_answered() {
    // The twenty-ninth held-out file's kinds, in other words: "1. januar"; Oslo, Accra, Phoenix,
    // Dhaka; "call something a P2"; an initial response target for a review; "about to open a
    // P1 ... at the very latest"; a manager to kick it up to; what a plan includes beyond the
    // forums; "is subscribed"; Taiwanese Hokkien (掛去, 下無單, 偌濟錢, 咧顧, 昨暝); a unit's plan
    // and registration; English spoken on the phone; "how long, urgent"; a club's cases;
    // mainland 領導, 反饋; a deadline asked while nobody answered; 什麼時間有人; 敬請回覆 is no
    // target; kana for kanji (どにち, よる, つかいかた, せつめい, ゆうせんど さん, めやす, なんじかん,
    // いそぎ, おねがい, けん); 死んどる; what a plan does for us; 規約; login failing for all; the
    // 4th of January open; 投げとる said done; a product looked at; a date with 日 is no days of
    // waiting; the registered region.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "open 1. januar? apac",
            "/hours region:apac date:2027-01-01",
            en,
        ),
        (
            "im in oslo. support open now?",
            "/hours region:emea timezone:Europe/Oslo",
            en,
        ),
        (
            "If I call something a P2, how fast does someone get back to me?",
            "/slo priority:p2",
            en,
        ),
        (
            "Business P3 initial response target? Need the number for a vendor review.",
            "/slo plan:business priority:p3",
            en,
        ),
        (
            "We're on Elite in EMEA and I'm about to open a P1. When should I hear back at the very latest?",
            "/due plan:elite priority:p1 region:emea",
            en,
        ),
        (
            "is there a manager i can kick this up to",
            "/support escalation",
            en,
        ),
        (
            "Does Business include anything beyond the forums and docs?",
            "/entitlements plan:business",
            en,
        ),
        ("Which plan our company is subscribed?", "/org show", en),
        (
            "阮網路商店規个攏掛去矣，客人攏下無單",
            "/support urgent",
            zh,
        ),
        (
            "阮的網站是用AEM做的，恁敢有咧顧？",
            "/support products product:experience-manager",
            zh,
        ),
        ("敝單位目前的方案包含哪些服務項目", "/entitlements", zh),
        ("想確認本校在貴系統登記的方案是否正確", "/org show", zh),
        (
            "Elite plan 的話我可以直接打電話嗎？講英文 OK",
            "/support phone plan:elite",
            zh,
        ),
        ("p2大概要多久 急", "/slo priority:p2", zh),
        ("我們社團開過的case可以全部列出來嗎", "/case list", zh),
        (
            "工單一直沒進展，能不能找你們領導反饋一下",
            "/support escalation",
            zh,
        ),
        (
            "上週四下午3點開的P3 業務支援 歐洲 到現在都沒回 deadline到底是哪天",
            "/due plan:business priority:p3 region:emea at:\"2026-11-26 15:00\"",
            zh,
        ),
        ("請問你們什麼時間會有人在", "/hours", zh),
        (
            "本所東京辦公室之同仁欲確認：貴公司日本區支援之服務時段為何？敬請回覆",
            "/hours region:japan timezone:Asia/Tokyo",
            zh,
        ),
        (
            "ビジネスプランだと、よるや どにちは たいおう して もらえないんでしょうか",
            "/support coverage plan:business",
            ja,
        ),
        (
            "つかいかたの せつめいが のってる ページって ありますか",
            "/resources",
            ja,
        ),
        (
            "サイト死んどる、P1ってどうやって上げると？",
            "/support urgent",
            ja,
        ),
        (
            "エリートサポートに入ってると、どんなことしてもらえるんですか",
            "/entitlements plan:elite",
            ja,
        ),
        (
            "ゆうせんど さん の ばあいの おへんじの めやすを おしえてください",
            "/slo priority:p3",
            ja,
        ),
        (
            "ビジネスプランで、ゆうせんど１は なんじかんで れんらく もらえますか",
            "/slo plan:business priority:p1",
            ja,
        ),
        ("契約の規約って、どこで読めますか", "/resources", ja),
        (
            "いま おねがいしている けんを ぜんぶ みることは できますか",
            "/case list",
            ja,
        ),
        (
            "ログインが ぜんぶ できなく なって…いそぎで たすけて ほしいです",
            "/support urgent",
            ja,
        ),
        (
            "１月４日は もう あいてますか？ にほんの サポートです",
            "/hours region:japan date:2027-01-04",
            ja,
        ),
        (
            "北米にエンプラP2、現地の日曜22時に投げとるっちゃけど期限いつになると？",
            "/due plan:enterprise priority:p2 region:americas at:\"2026-11-29 22:00\"",
            ja,
        ),
        (
            "アナリティクスも みて もらえますか",
            "/support products product:analytics",
            ja,
        ),
        (
            "12月25日、南北アメリカ地域のサポートは休業日となりますでしょうか",
            "/hours date:2026-12-25 region:americas",
            ja,
        ),
        (
            "うちの会社の登録、リージョンどこになってます？",
            "/org show",
            ja,
        ),
    ]);
    assert_unplaced(&[
        ("阮欲換Elite方案，一年愛偌濟錢？", zh),
        ("機器人你會不會累啊", zh),
    ]);
}

#[test]
fn the_kinds_the_twenty_eighth_file_missed_are_answered() {
    // The twenty-eighth held-out file's kinds, in other words: Hawaii and its time; "drop down
    // to" a plan is no outage; Taiwanese Hokkien (暗時, 暗時仔, 歇睏日, 佮, 上慢, 遮久, 頂司, 共恁,
    // 幾點鐘內); an on-call runbook is no phone call; a target checked with 24x5 and its hours; a
    // feature's 內容; a feature matrix of the plans; 本館; 我們家; 開放時間; Kansai and Kyushu
    // (おる, 動かん, 進まへん); a zone in Japanese words (ドイツ時間); kana for a priority
    // (ぴーわん) and kanji (がめん, うごきません); the first reply; business days; a day of the
    // month in Japanese (30日の10時); data not visible at all; a stalled enquiry seen first; what
    // a plan does; the registered plan; a product at this desk.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "What are the support hours for Hawaii? We're in Honolulu",
            "/hours region:americas timezone:Pacific/Honolulu",
            en,
        ),
        (
            "Could you list your hours in Hawaii time please?",
            "/hours",
            en,
        ),
        (
            "business vs elite, what do i lose if we drop down to business",
            "/compare plans:business,elite",
            en,
        ),
        (
            "企業支援日本區，禮拜六暗時十點出代誌開P1，愛等到幾點？",
            "/due plan:enterprise priority:p1 region:japan at:\"2026-12-05 22:00\"",
            zh,
        ),
        (
            "Business P3 的 target 是 8 hr 還是 1 day？on-call runbook 要寫",
            "/slo plan:business priority:p3",
            zh,
        ),
        (
            "阮的案件拖遮久攏無人處理，欲按怎共恁頂司反應？",
            "/support escalation",
            zh,
        ),
        (
            "業務版的P3照規定幾點鐘內愛回？",
            "/slo plan:business priority:p3",
            zh,
        ),
        (
            "請問菁英支援所附之「事件管理」，內容為何？",
            "/features plan:elite",
            zh,
        ),
        ("四個 plan 的 feature matrix 有嗎", "/compare", zh),
        ("請問本館目前簽訂的是哪一種支援方案？", "/org show", zh),
        (
            "阮是企業支援，暗時仔佮歇睏日敢有人顧？",
            "/support coverage plan:enterprise",
            zh,
        ),
        (
            "阮佇台北，業務支援，明仔載透早三點若開P1，上慢幾點愛有人應？",
            "/due plan:business priority:p1 region:apac at:\"2026-12-01 03:00\" timezone:Asia/Taipei",
            zh,
        ),
        ("我們家方案有包什麼呀", "/entitlements", zh),
        (
            "請問美洲地區的服務窗口開放時間為何？",
            "/hours region:americas",
            zh,
        ),
        (
            "想確認一下 Business 方案 P2 是 24x5 四小時對吧？",
            "/slo plan:business priority:p2",
            zh,
        ),
        (
            "京都やけど今そっち誰かおる？",
            "/hours region:japan timezone:Asia/Tokyo",
            ja,
        ),
        (
            "ドイツ時間に直すと、日本のサポートって何時から何時まで？",
            "/hours region:japan",
            ja,
        ),
        (
            "夜10時すぎてるけど日本チームまだおる？",
            "/hours region:japan",
            ja,
        ),
        (
            "ぴーわん って どれくらいで へんじ くるの",
            "/slo priority:p1",
            ja,
        ),
        (
            "P3で起票したら、最初のレスってどれぐらいで付きますか",
            "/slo priority:p3",
            ja,
        ),
        (
            "エリートのP4は1営業日以内って理解で合っとりますか",
            "/slo plan:elite priority:p4",
            ja,
        ),
        (
            "端末が一部だけ動かん。ビジネスでP3出すつもりやけど何時間待てばええ？",
            "/slo plan:business priority:p3",
            ja,
        ),
        (
            "businessのp3って24x5やったっけ？時間は8h？",
            "/slo plan:business priority:p3",
            ja,
        ),
        (
            "30日の10時にエリートP2を日本向けで出した場合、期限はどうなりますか",
            "/due plan:elite priority:p2 region:japan at:\"2026-11-30 10:00\"",
            ja,
        ),
        ("たいへんです、がめんが うごきません", "/support urgent", ja),
        (
            "AEMのデータが全く見れなくなりました。業務影響大です",
            "/support urgent",
            ja,
        ),
        ("進まへんケースどうにかしてや", "/support escalation", ja),
        (
            "問い合わせが止まったまま動いていないので、優先的に見てもらうには？",
            "/support escalation",
            ja,
        ),
        (
            "ビジネスサポートでできることって何？",
            "/entitlements plan:business",
            ja,
        ),
        ("弊社の登録プランと地域を確認したい", "/org show", ja),
        (
            "Analyticsもこの窓口でサポートしてもらえますか",
            "/support products product:analytics",
            ja,
        ),
    ]);
    assert_eq!(
        intents().read("What's the snow forecast for this weekend?", now()),
        Reading::Unplaced(en)
    );
    let hawaii = intents().question("Could you list your hours in Hawaii time please?", now());
    assert_eq!(
        hawaii.and_then(|q| q.shown_in).map(|tz| tz.name()),
        Some("Pacific/Honolulu")
    );
}

#[test]
fn the_kinds_the_twenty_seventh_file_missed_are_answered() {
    // The twenty-seventh held-out file's kinds, in other words: Tagalog (anong oras, nag-oopen)
    // and Philippine cities; a filing deadline of the asker's is no case's; "wat"; a case bumped
    // to a manager; closing time asked in English words, and said at 9pm; Taiwanese Hokkien
    // (今嘛, 底時, 歹去, 袂入來); a case sent "now, in Europe"; 最遲; nobody there if I call now;
    // 上下班時間; 聖誕到新年; 宕機; plans' difference while reading the docs; Cantonese 乜, 咩 with
    // 咗; a region's opening in another zone, worrying about calling at night; kana for 24時間;
    // あいとる; the company mostly stopped is no outage.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "hi po! we're in Makati, anong oras nag-oopen yung APAC support nyo?",
            "/hours region:apac timezone:Asia/Manila",
            en,
        ),
        (
            "Will the EMEA support team be in tomorrow morning? We have a filing deadline.",
            "/hours region:emea date:2026-12-01",
            en,
        ),
        ("wat time emea support opens", "/hours region:emea", en),
        (
            "elite plan. how to bump case to manager",
            "/support escalation plan:elite",
            en,
        ),
        (
            "歐洲區 support 幾點 close？晚上 deploy 前想確認",
            "/hours region:emea",
            zh,
        ),
        (
            "東京這邊晚上9點了 還有人嗎",
            "/hours region:japan timezone:Asia/Tokyo",
            zh,
        ),
        (
            "阮企業支援，歐洲，P3，今嘛開，愛等到底時？",
            "/due plan:enterprise priority:p3 region:emea",
            zh,
        ),
        (
            "若我們現在於歐洲地區送出一件P3案件，最遲何時可獲得初次回覆？業務支援",
            "/due plan:business priority:p3 region:emea",
            zh,
        ),
        (
            "恁的網站歹去矣，訂單攏袂入來，緊咧！",
            "/support urgent",
            zh,
        ),
        ("現在打過去會不會沒人", "/hours", zh),
        ("support 有所謂的上下班時間嗎", "/hours", zh),
        (
            "聖誕到新年這段期間歐洲支援怎麼安排？",
            "/hours date:2026-12-25 region:emea until:2027-01-01",
            zh,
        ),
        ("付款系統宕機中，需要即時協助", "/support urgent", zh),
        (
            "online跟elite差在哪？看文件看不太懂",
            "/compare plans:online,elite",
            zh,
        ),
        ("business包咗啲乜？", "/entitlements plan:business", zh),
        ("我哋公司登記咗咩plan？", "/org show", zh),
        (
            "日本のサポート窓口、ロンドン時間だと何時から開いてますか？夜中に電話しなきゃいけないのか確認したくて",
            "/hours region:japan",
            ja,
        ),
        (
            "にじゅうよじかん、たいおうしてますか？",
            "/support coverage",
            ja,
        ),
        ("APACって今あいとる？", "/hours region:apac", ja),
        (
            "クリスマスから元日まで、EMEAのサポートってどの日が休み？こっちは会社ほぼ止まるので",
            "/hours date:2026-12-25 region:emea until:2027-01-01",
            ja,
        ),
    ]);
    assert_unplaced(&[
        ("anyone watching the footy tonight?", en),
        ("台北這週末會下雨嗎", zh),
        ("残りのターキーのレシピある？", ja),
    ]);
}

#[test]
fn the_kinds_the_twenty_sixth_file_missed_are_answered() {
    // The twenty-sixth held-out file's kinds, in other words: "written down" is no outage; "I
    // put a case in" said done; a team operating on a day; resp targets; "priority 2 tonight at
    // 10pm" (the priority's number is no time); the free one; a city then "when's support
    // reachable"; checking whether it is the vendor's problem; 還會開嗎; "SLA 幾點到期" in an
    // outage; 包在裡面; surfing unplaced; 全部fail, 即刻; a product's special terms; on call on
    // holidays; kana (がんたん, おやすみ, ぴー, なんにち, ごご4じ, かいとう, だれに, ないよう, おしえて);
    // 503連発; escalation path declined for first contact; a holiday when nobody answered; days
    // without contact; 差分 is Japanese; what to ask.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "could you tell me what time your support people start and finish? My boss likes it written down.",
            "/hours",
            en,
        ),
        (
            "I put a case in on Monday at about half nine, priority 3. We're on Elite, APAC... when should I have heard back by?",
            "/due plan:elite priority:p3 region:apac at:\"2026-11-30 09:30\"",
            en,
        ),
        (
            "Will your EMEA team be operating on December 26th?",
            "/hours region:emea date:2026-12-26",
            en,
        ),
        ("resp targets for business", "/slo plan:business", en),
        (
            "If I log a priority 2 tonight at 10pm, Elite plan, APAC, when would they have to answer me by?",
            "/due plan:elite priority:p2 region:apac at:\"2026-11-30 22:00\"",
            en,
        ),
        (
            "whit comes wi the free one",
            "/entitlements plan:online",
            en,
        ),
        (
            "Portland. When's support reachable?",
            "/hours region:americas timezone:America/Los_Angeles",
            en,
        ),
        (
            "Is there somewhere I can check if it's you having problems and not us?",
            "/resources",
            en,
        ),
        (
            "今天亞太那邊還會開嗎？我這裡才清晨五點",
            "/hours region:apac",
            zh,
        ),
        (
            "Elite P2 prod down，EMEA，剛剛開的，SLA幾點到期？",
            "/due plan:elite priority:p2 region:emea",
            zh,
        ),
        (
            "AEM 有包在裡面嗎",
            "/support products product:experience-manager",
            zh,
        ),
        (
            "Elite plan，checkout全部fail，即刻要人幫手",
            "/support urgent plan:elite",
            zh,
        ),
        (
            "Marketo有冇特別嘅條款？",
            "/support products product:marketo-engage",
            zh,
        ),
        ("假日 有人on call嗎", "/support coverage", zh),
        ("がんたんは おやすみですか", "/hours date:2027-01-01", ja),
        (
            "ぴー2の へんじは なんにち くらいですか",
            "/slo priority:p2",
            ja,
        ),
        (
            "こんどの どようび ごご4じに P2 だしたら いつまでに へんじ きますか？ えりーとぷらん、にほん です",
            "/due plan:elite priority:p2 region:japan at:\"2026-12-05 16:00\"",
            ja,
        ),
        (
            "決済で503連発、P1で今すぐ誰かにつないで",
            "/support urgent",
            ja,
        ),
        (
            "incident発生、sev1相当。escalation pathじゃなくて、まず初動の連絡先くれ",
            "/support urgent",
            ja,
        ),
        (
            "米国の祝日ってサポート休み？感謝祭の時つながらなかった気がして",
            "/support coverage",
            ja,
        ),
        (
            "ケースを出して5日経つのに何の連絡もありません",
            "/support escalation",
            ja,
        ),
        (
            "かいとうが こないです。だれに いえば いいですか",
            "/support escalation",
            ja,
        ),
        (
            "online vs business 差分",
            "/compare plans:online,business",
            ja,
        ),
        (
            "びじねすさぽーと の ないよう おしえて",
            "/entitlements plan:business",
            ja,
        ),
        ("なにを きけば いいですか", "/help", ja),
    ]);
    assert_eq!(
        intents().read("你知道哪裡衝浪比較好嗎", now()),
        Reading::Unplaced(zh)
    );
}

#[test]
fn the_kinds_the_twenty_fifth_file_missed_are_answered() {
    // The twenty-fifth held-out file's kinds, in other words: what our contract includes; a
    // plan's features told about; "break down" is no outage; a team's open tickets; central time;
    // what things the bot helps with; a due time asked with a P2 opened now; the days someone is
    // in, for an on-call rota; a target "24x5 / 8 hours, right?"; 484 (是不是); what our plan
    // includes; 24點鐘; open tickets listed; prices unplaced; what features do; 創啥; cases a
    // department opened; the region and plan registered; 起迄時間; production stopped; Cantonese
    // 係, 乜; "online" for available; an outage only supposed; a response time asked ASAP; a
    // filing "right now" in a hurry; a reply that never came; 相違点; open enquiries counted;
    // kana for katakana and kanji (えんたーぷらいず, なんぷん); 進まん.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "does our contract include a TAM? what else do we get",
            "/entitlements",
            en,
        ),
        (
            "what's actually included in our contract again",
            "/entitlements",
            en,
        ),
        (
            "tell me about enterprise's features, like the expert sessions thing",
            "/features plan:enterprise",
            en,
        ),
        ("can u break down the plans for me", "/compare", en),
        ("can I see all the team's open tickets", "/case list", en),
        ("hours in central time please", "/hours", en),
        ("what all things you can help with?", "/help", en),
        (
            "Business, APAC, 現在開 P2 的話 due time 是幾點？",
            "/due plan:business priority:p2 region:apac",
            zh,
        ),
        (
            "亞太區聖誕節到元旦這段，哪幾天有人？我要排 on-call",
            "/hours region:apac date:2026-12-25 until:2027-01-01",
            zh,
        ),
        (
            "Business P3 是 24x5 / 8 小時對嗎",
            "/slo plan:business priority:p3",
            zh,
        ),
        ("美洲區484已經關了", "/hours region:americas", zh),
        ("我們目前的方案到底有包含什麼", "/entitlements", zh),
        ("恁敢有24點鐘攏有人咧顧？", "/support coverage", zh),
        ("列出我們所有 open 的 tickets", "/case list", zh),
        (
            "elite 的 TAM、event management 這些 feature 是在幹嘛的",
            "/features plan:elite",
            zh,
        ),
        ("你是會曉創啥？", "/help", zh),
        ("我們部門開過的單全部給我看", "/case list", zh),
        (
            "我們公司在你們系統裡登記的是哪個 region 跟 plan？",
            "/org show",
            zh,
        ),
        ("請以日本時間說明貴公司支援服務起迄時間", "/hours", zh),
        ("整個 production 停了 誰可以處理", "/support urgent", zh),
        ("我哋而家係邊個plan？", "/org show", zh),
        ("呢個bot可以做乜？", "/help", zh),
        (
            "APAC support 幾點 online？要排 on-call",
            "/hours region:apac",
            zh,
        ),
        (
            "年末年始の閉庁期間に障害が発生した場合を想定しています。その期間の日本のサポートの稼働状況を教えてください",
            "/hours date:2026-12-29 region:japan",
            ja,
        ),
        (
            "ビジネス P3 レスポンスタイム ASAPで",
            "/slo plan:business priority:p3",
            ja,
        ),
        (
            "シカゴのサイトがヤバくてエリートでP1いますぐ切ったら一次回答のリミット何時？",
            "/due plan:elite priority:p1 region:americas timezone:America/Chicago",
            ja,
        ),
        (
            "おといあわせのへんじがずっとなくて…どなたかにおねがいできますか",
            "/support escalation",
            ja,
        ),
        (
            "無償のオンラインと有償のエンタープライズの相違点を知りたい",
            "/compare plans:online,enterprise",
            ja,
        ),
        (
            "自分たちの問い合わせ、何件オープンになってますか",
            "/case list",
            ja,
        ),
        (
            "えんたーぷらいずのP2って、なんぷんいないにれんらくもらえますか",
            "/slo plan:enterprise priority:p2",
            ja,
        ),
        (
            "ケース番号はあるけど全然進まん。どうやったら優先して見てもらえる？",
            "/support escalation",
            ja,
        ),
    ]);
    assert_eq!(
        intents().read("升級到企業支援要多少錢", now()),
        Reading::Unplaced(zh)
    );
}

#[test]
fn the_kinds_the_twenty_fourth_file_missed_are_answered() {
    // The twenty-fourth held-out file's kinds, in other words: a desk staffed now; a team on
    // tomorrow; the first reaction; "arvo 4:15"; an outage at 2am, "what do I do"; "carked it",
    // a P1 to get going; office hrs; the first answer; "whatcha good for"; on不on; Taiwanese
    // Hokkien (遐, 咧顧, 阮, 彼工, 彼款, 偌久, 頭拄仔, 時陣, 規个, 袂開, 無人插, 彼張, 佗位, 拜六);
    // Cantonese (聽朝, 死咗, 邊個 as which); a city's hours by when to call; 技術支持; a priority's
    // meaning; 業務 the salesperson; a 503; 噴錯; 熱線; 幹啥; cases not finished; 稼働状況 of a
    // desk; Hiroshima past tense; 今あげました; calls pouring in from customers in an outage; kana
    // for kanji (しゅくじつ, たんとう, ごれんらく, うえのかた, とくちょう, しんじん, べんきょう, しりょう,
    // ぼっと, おたずね); a stuck ticket escalated; エスカ; 番号 is Japanese; the plan we are on.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "Is the APAC support desk currently staffed, or is everyone at lunch",
            "/hours region:apac",
            en,
        ),
        (
            "Will the EMEA team be on tomorrow morning? Need to chase something.",
            "/hours region:emea date:2026-12-01",
            en,
        ),
        (
            "We have a P3 open. Within which time can we expect the first reaction?",
            "/slo priority:p3",
            en,
        ),
        (
            "Friday arvo 4:15 I'm lodging a P3, Business, APAC, Sydney. When's it due?",
            "/due plan:business priority:p3 region:apac at:\"2026-12-04 16:15\" timezone:Australia/Sydney",
            en,
        ),
        (
            "payments dead at 2am, customers can't pay online, what do I do",
            "/support urgent",
            en,
        ),
        (
            "whole site's carked it, how do I get a P1 going",
            "/support urgent",
            en,
        ),
        (
            "business plan - what's covered outside office hrs",
            "/support coverage plan:business",
            en,
        ),
        (
            "Hola, business here. P2, cuánto tiempo for the first answer?",
            "/slo plan:business priority:p2",
            en,
        ),
        ("hey bot whatcha good for", "/help", en),
        ("support on不on", "/hours", zh),
        (
            "大阪遐敢有人咧顧？",
            "/hours region:japan timezone:Asia/Tokyo",
            zh,
        ),
        (
            "台中這邊要找客服的話要幾點之前",
            "/hours region:apac timezone:Asia/Taipei",
            zh,
        ),
        ("拜六拜日恁敢有做？", "/support coverage", zh),
        (
            "免費彼款方案，P2嘛有人回喔？愛偌久",
            "/slo plan:online priority:p2",
            zh,
        ),
        (
            "阮是企業支援，歐洲，P3，頭拄仔開的單，啥物時陣會有人回？",
            "/due plan:enterprise priority:p3 region:emea",
            zh,
        ),
        (
            "business p2 東京 聽朝10點開單 幾時due",
            "/due plan:business priority:p2 region:japan at:\"2026-12-01 10:00\" timezone:Asia/Tokyo",
            zh,
        ),
        ("阮的網站規个攏袂開，緊咧！", "/support urgent", zh),
        ("個app死咗成粒鐘，搵邊個？", "/support urgent", zh),
        (
            "阮開的單五工矣攏無人插，是欲按怎？",
            "/support escalation",
            zh,
        ),
        ("我哋公司係用邊個plan㗎？", "/org show", zh),
        (
            "阮彼張 77 號的單，這馬處理到佗位矣？",
            "/case show id:CASE-000077",
            zh,
        ),
        ("我們還開著的ticket有哪些", "/case list", zh),
        ("bot你識做啲咩？", "/help", zh),
        (
            "敬請確認12月24日歐洲區是否提供支援服務",
            "/hours region:emea date:2026-12-24",
            zh,
        ),
        (
            "我們在北京，亞太區的技術支持時間是怎麼算的",
            "/hours region:apac timezone:Asia/Shanghai",
            zh,
        ),
        ("想請問P2是什麼意思？跟P1差在哪裡", "/slo", zh),
        (
            "業務跟我說Elite的P2要兩小時才回，是真的嗎",
            "/slo plan:elite priority:p2",
            zh,
        ),
        ("官網503了 一直轉圈圈 有人ㄇ", "/support urgent", zh),
        ("付款頁面全部噴錯，現在到底要找誰", "/support urgent", zh),
        (
            "enterprise套餐有專門的熱線嗎",
            "/support phone plan:enterprise",
            zh,
        ),
        (
            "enterprise套餐的TAM是幹啥的？",
            "/features plan:enterprise",
            zh,
        ),
        ("請問我們還有哪些案子沒有處理完", "/case list", zh),
        (
            "APAC窓口の12/24から12/26までの稼働状況を確認したい",
            "/hours region:apac date:2026-12-24 until:2026-12-26",
            ja,
        ),
        (
            "水曜の10時にエリートのP3を日本で出しとるんじゃけど、期限はいつ？",
            "/due plan:elite priority:p3 region:japan at:\"2026-11-25 10:00\"",
            ja,
        ),
        (
            "ロンドンオフィスでentのP2を今あげました。回答いつごろ？",
            "/due plan:enterprise priority:p2 region:emea timezone:Europe/London",
            ja,
        ),
        (
            "おきゃくさまから サイトが ひらけないと おでんわが きています…どうしたら",
            "/support urgent",
            ja,
        ),
        (
            "しゅくじつも さぽーとは やって いらっしゃいますか",
            "/support coverage",
            ja,
        ),
        (
            "ticketがstuckしてて全然動かない。escalateしたい",
            "/support escalation",
            ja,
        ),
        (
            "たんとうの かたから ごれんらくが なくて…うえの かたに おつなぎ いただけますか",
            "/support escalation",
            ja,
        ),
        (
            "ビジネスでもエスカできる？",
            "/support escalation plan:business",
            ja,
        ),
        ("電話番号", "/support phone", ja),
        (
            "エンタープライズの とくちょうを おしえてください",
            "/features plan:enterprise",
            ja,
        ),
        ("うちって今どのプランでしたっけ？", "/org show", ja),
        ("当課の契約プランについて確認したい", "/org show", ja),
        (
            "しんじんなので べんきょうしたいのですが、さんこうになる しりょうは ありますか",
            "/resources",
            ja,
        ),
        (
            "こちらの ぼっとさんには どんなことを おたずねしても よいのでしょうか",
            "/help",
            ja,
        ),
    ]);
}

#[test]
fn the_kinds_the_twenty_third_file_missed_are_answered() {
    // The twenty-third held-out file's kinds, in other words: a response time asked after "our
    // contract says"; a case bounced around; "estate's" is no misspelt "states"; the kinds of
    // questions the bot answers or looks up; a product "included"; Taiwanese Hokkien (攏, 袂,
    // 欲按怎, 會曉); what a plan includes; "not fully down" and "urgent!" asking a target; a
    // target checked for a boss; an engineer now; the plan signed; a boss who prefers the phone;
    // Cantonese (成個, 點算, 睇下, 去到邊, 幾耐, 先覆, 嘅, 邊啲, 開工, 澳門); still on line in the
    // evening; which level has a TAM; no news after one reply; the rights of a contract; 国内
    // サポート; phone taken back (でんわ…じゃなくて); 業務継続 is no plan; an outage at night
    // supposed, asked what to do; unanswered enquiries counted.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "Our contract says Business. For Priority 2 issues, what is the committed initial response time?",
            "/slo plan:business priority:p2",
            en,
        ),
        (
            "Who can I talk to about a ticket that's going nowhere? It's been bounced around twice.",
            "/support escalation",
            en,
        ),
        (
            "are you open over Christmas? need to plan the estate's stock count",
            "/hours date:2026-12-25",
            en,
        ),
        ("請問您可以協助回答哪些類型的問題？", "/help", zh),
        (
            "Marketo有包嗎",
            "/support products product:marketo-engage",
            zh,
        ),
        ("網站攏袂動啊 欲按怎", "/support urgent", zh),
        ("我們的方案有包什麼", "/entitlements", zh),
        ("你會曉做啥？", "/help", zh),
        (
            "後台一直跳錯誤但也不算全掛，elite的P2多久會有人理？",
            "/slo plan:elite priority:p2",
            zh,
        ),
        ("p3回應要多久 急", "/slo priority:p3", zh),
        (
            "Business的P2回應時間是4小時對嗎？想跟主管確認",
            "/slo plan:business priority:p2",
            zh,
        ),
        ("請問現在這個時間有工程師可以協助嗎", "/hours", zh),
        ("我們公司目前簽的方案不知道是哪一個", "/org show", zh),
        (
            "主管比較習慣打電話，有可以撥打的專線嗎",
            "/support phone",
            zh,
        ),
        ("我哋個系統成個冇反應，點算好", "/support urgent", zh),
        ("幫我睇下42號case去到邊", "/case show id:CASE-000042", zh),
        ("你們現在還在線上嗎？我這邊已經晚上了", "/hours", zh),
        ("我哋係企業支援，通常幾耐先覆？", "/slo plan:enterprise", zh),
        ("想請教您可以幫忙查詢哪些事情", "/help", zh),
        ("要升到哪一個等級才有TAM", "/compare", zh),
        (
            "我哋喺澳門，你哋支援幾點開工？",
            "/hours region:apac timezone:Asia/Macau",
            zh,
        ),
        ("案件回了一次就沒下文，要找誰催", "/support escalation", zh),
        ("我哋開咗嘅case有邊啲", "/case list", zh),
        ("請問我們合約內可使用的權益有哪些", "/entitlements", zh),
        (
            "国内サポートの受付時間帯を御教示願いたい",
            "/hours region:japan",
            ja,
        ),
        (
            "にほんのまどぐちは、なんじまで でんわ…じゃなくて受付してますか",
            "/hours region:japan",
            ja,
        ),
        (
            "システム全断、業務継続不能。緊急時の連絡手段を示されたい",
            "/support urgent",
            ja,
        ),
        (
            "深夜に本番障害起きたらどうすればいい？",
            "/support urgent",
            ja,
        ),
        (
            "まだ返事のない問い合わせ、ぜんぶでいくつ？",
            "/case list",
            ja,
        ),
    ]);
}

#[test]
fn the_kinds_the_twenty_second_file_missed_are_answered() {
    // The twenty-second held-out file's kinds, in other words: Lisbon; a call to plan is no
    // phone call (joint call, 開個 call); "tomorow"; lads working on a day; when do you open,
    // said at 5am; a target's hours counted 24x5; "tomorrow 14h"; Tagalog (ng, namin, paano);
    // what the bot answers, how to use it; a product the catalog lacks, asked bare; "not down";
    // a region named in words over the city the asker is in, and a possessive; Taiwanese Hokkien
    // (這馬, 佇咧, 無, 愛等, 半暝, 嘛, 顧); tomorrow's customer service; 比一下; a feature's 內容;
    // the system's services; 有沒有人 在; 是否提供服務; Cantonese (啱啱, 覆, 幾多, 呢個, 啲);
    // already overdue; 急診 is no emergency of ours; a product's limits; 明朝; kana for kanji and
    // katakana (くりすます, おちて, たすけて, ごご, きょう, ぷらん, ほったらかし, うえのひと, つかえる,
    // にちよう); こんどの; an outage with a status page; 9じ; coverage said in English; 売り; the
    // automatic answerer's questions.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "I am in Lisbon. hours of support Europe?",
            "/hours region:emea timezone:Europe/Lisbon",
            en,
        ),
        (
            "EMEA team working hours? Need to loop them in for a joint call.",
            "/hours region:emea",
            en,
        ),
        (
            "when does emea support open tomorow",
            "/hours region:emea date:2026-12-01",
            en,
        ),
        (
            "are the apac lads working on the 24th or is everyone off",
            "/hours region:apac date:2026-12-24",
            en,
        ),
        (
            "when do u open emea. its 5am here",
            "/hours region:emea",
            en,
        ),
        (
            "For Business, P3 first reply is how many hours? Counted 24x5?",
            "/slo plan:business priority:p3",
            en,
        ),
        (
            "if I open P2 elite tomorrow 14h, APAC, when they answer?",
            "/due plan:elite priority:p2 region:apac at:\"2026-12-01 14:00\"",
            en,
        ),
        ("list ng tickets namin pls", "/case list", en),
        ("so what can you actually answer?", "/help", en),
        ("how use this thing", "/help", en),
        ("paano mag open ng case?", "/help", en),
        ("you support Illustrator?", "/support products", en),
        (
            "the CRM sync is acting up but not down. What hours is the EMEA desk staffed?",
            "/hours region:emea",
            en,
        ),
        (
            "we're in London, what are Japan's support hours?",
            "/hours region:japan timezone:Europe/London",
            en,
        ),
        ("歹勢，請問恁這馬有人佇咧無？", "/hours", zh),
        (
            "東京的支援幾點開門，想約他們開個 call",
            "/hours region:japan timezone:Asia/Tokyo",
            zh,
        ),
        ("後天有客服嗎～", "/hours date:2026-12-02", zh),
        (
            "企業支援P2 愛等幾點鐘？",
            "/slo plan:enterprise priority:p2",
            zh,
        ),
        (
            "業務支援半暝嘛有人顧無？",
            "/support coverage plan:business",
            zh,
        ),
        ("online跟elite比一下", "/compare plans:online,elite", zh),
        (
            "請問菁英支援方案中「事件管理」之內容為何？",
            "/features plan:elite",
            zh,
        ),
        ("請問本系統可提供哪些查詢服務", "/help", zh),
        (
            "Marketo 恁嘛有顧著無？",
            "/support products product:marketo-engage",
            zh,
        ),
        ("喂 有沒有人 在", "/hours", zh),
        (
            "請問歐洲區於12/26是否提供服務？",
            "/hours region:emea date:2026-12-26",
            zh,
        ),
        (
            "業務支援，東京啱啱開咗個P2，幾時之前一定要覆我？",
            "/due plan:business priority:p2 region:japan timezone:Asia/Tokyo",
            zh,
        ),
        (
            "上週四下午三點開了一張企業支援的P3（歐洲），還沒人回，不是早就逾期了嗎？",
            "/due plan:enterprise priority:p3 region:emea at:\"2026-11-26 15:00\"",
            zh,
        ),
        (
            "急診系統要全天候運作，請問是否提供24小時含假日的支援？",
            "/support coverage",
            zh,
        ),
        ("我哋有幾多個named contact？", "/org show", zh),
        ("呢個bot識做啲咩？", "/help", zh),
        (
            "AEM在日本有什麼限制嗎？",
            "/support products product:experience-manager",
            zh,
        ),
        ("Illustrator你們也有支援嗎", "/support products", zh),
        (
            "在首爾，請問日本的支援幾點開？",
            "/hours region:japan timezone:Asia/Seoul",
            zh,
        ),
        (
            "明朝九時に優先度3を起票しますと、期限は何時になりますか。ビジネスサポート、日本リージョンです",
            "/due plan:business priority:p3 region:japan at:\"2026-12-01 09:00\"",
            ja,
        ),
        (
            "くりすますってさぽーとやすみ？",
            "/hours date:2026-12-25",
            ja,
        ),
        ("ページおちてます だれかたすけて", "/support urgent", ja),
        (
            "きょうのごご4時ごろ、えりーとぷらんでにほんにP2だしました。いつまでにへんじくる？",
            "/due plan:elite priority:p2 region:japan at:\"2026-11-30 16:00\"",
            ja,
        ),
        (
            "といあわせ ずっとほったらかし うえのひとにいえる？",
            "/support escalation",
            ja,
        ),
        (
            "こんどの日曜ってさぽーとあいてますか",
            "/hours date:2026-12-06",
            ja,
        ),
        (
            "outage発生中、status pageとP1の手順ください",
            "/support urgent",
            ja,
        ),
        (
            "びじねすぷらん にほん P2 あした9じ だしたら きげんは？",
            "/due plan:business priority:p2 region:japan at:\"2026-12-01 09:00\"",
            ja,
        ),
        (
            "Business planのcoverage教えて",
            "/support coverage plan:business",
            ja,
        ),
        (
            "うちの契約でつかえるもの ぜんぶおしえて",
            "/entitlements",
            ja,
        ),
        ("にちようもさぽーとある？", "/support coverage", ja),
        ("なにきけばいいの？", "/help", ja),
        (
            "エンタープライズの売りって何？",
            "/features plan:enterprise",
            ja,
        ),
        (
            "この自動応答では、どのようなことを質問できますか",
            "/help",
            ja,
        ),
    ]);
}

#[test]
fn the_kinds_the_twentieth_file_missed_are_answered() {
    // The twentieth held-out file's kinds, in other words: "I'd call it a P3" is no phone call,
    // "put it in now"; someone around tomorrow when a call is planned; TAT; someone on line
    // when the asker is in a hurry; 有無; a range of days asked "all closed?"; 美西時間; 今早 a
    // morning; data lost; "higher up"; a ticket stuck, pushed; cases opened before; where to
    // open one; how a product's support differs; off work already; 服務水準; a large outage;
    // words of the mainland (套餐, 區別, 文檔, 培訓, 響應); イブ; kana for katakana words
    // (びじねす, さぽーと, へんじ, きゅうじつ); Hiroshima dialect; whom to call in an outage at
    // night; the features described; what may be asked; a reply that does not come.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "odd glitch, not critical, I'd call it a P4. We're Business, EMEA. If I put it in now, when do I hear back at the latest?",
            "/due plan:business priority:p4 region:emea",
            en,
        ),
        (
            "will someone from emea be around tomorrow morning? need to plan a call",
            "/hours region:emea date:2026-12-01",
            en,
        ),
        (
            "share the TAT for all priorities on Business please",
            "/slo plan:business",
            en,
        ),
        ("support這個時間還有人在線上嗎 老闆急著要答案", "/hours", zh),
        (
            "美國那邊12/24有無服務",
            "/hours region:americas date:2026-12-24",
            zh,
        ),
        (
            "歐洲那邊12/24到12/27是不是都沒開？",
            "/hours region:emea date:2026-12-24 until:2026-12-27",
            zh,
        ),
        (
            "美洲support用美西時間是幾點到幾點",
            "/hours region:americas",
            zh,
        ),
        (
            "今早8點開了 elite P3 (emea)，回應期限是什麼時候",
            "/due plan:elite priority:p3 region:emea at:\"2026-11-30 08:00\"",
            zh,
        ),
        (
            "我們是業務支援 訂單好像一下子掉了一大堆 怎麼辦",
            "/support urgent plan:business",
            zh,
        ),
        (
            "如果覺得太慢 可以請更上層的人處理嗎",
            "/support escalation",
            zh,
        ),
        (
            "我的ticket stuck在那邊一週了 要找誰push",
            "/support escalation",
            zh,
        ),
        ("我之前開過的案件要去哪裡看", "/case list", zh),
        ("新ticket要從哪裡開", "/help", zh),
        (
            "Marketo 的支援有什麼不一樣",
            "/support products product:marketo-engage",
            zh,
        ),
        (
            "現在日本都晚上10點了 你們是不是早就下班了",
            "/hours region:japan",
            zh,
        ),
        ("業務支援方案之服務水準目標為何", "/slo plan:business", zh),
        ("現在是不是有大規模當機", "/support urgent", zh),
        (
            "business和elite套餐區別大嗎",
            "/compare plans:business,elite",
            zh,
        ),
        ("我們公司買的套餐包含什麼服務", "/entitlements", zh),
        ("有沒有產品文檔或培訓資料", "/resources", zh),
        ("你們的響應時間是多少", "/slo", zh),
        (
            "クリスマスイブの24日、パリの窓口はやってますか",
            "/hours date:2026-12-24 region:emea timezone:Europe/Paris",
            ja,
        ),
        (
            "びじねすさぽーとだと、へんじはどれくらいでもらえますか",
            "/slo plan:business",
            ja,
        ),
        (
            "エンタープライズでP3だと翌営業日には返ってきますか",
            "/slo plan:enterprise priority:p3",
            ja,
        ),
        (
            "工場のシステムが止まっとる、誰かつかまらん？",
            "/support urgent",
            ja,
        ),
        (
            "夜中に本番障害が起きたら、どこに連絡すればいいですか",
            "/support urgent",
            ja,
        ),
        (
            "きゅうじつも、さぽーとはありますか",
            "/support coverage",
            ja,
        ),
        (
            "エリートの機能説明を一覧で見たい",
            "/features plan:elite",
            ja,
        ),
        (
            "なにをきけばいいのかわからないので、できることをおしえてください",
            "/help",
            ja,
        ),
        (
            "おといあわせの へんじが ずっと こないのですが、さいそくしてもいいですか",
            "/support escalation",
            ja,
        ),
    ]);
}

#[test]
fn the_kinds_the_twenty_first_file_missed_are_answered() {
    // The twenty-first held-out file's kinds, in other words: Scots ("tae", "the now",
    // "youse"), "put a P3 in"; a deadline asked while nobody called; "open case now"; the
    // quickest way to get someone; on-call planning; a person to talk to; "slowing me down"; a
    // feature's job; Nigerian Pidgin; a case after 一張 #; a product in the support scope, one
    // "you handle"; off work already; an outage with a status page; "throw it upward",
    // 已讀不回; outside office hours; New Year as a day; Cantonese (依家, 開緊未, 聽晚, 要覆, 死咗,
    // 邊個, 我哋, 而家, 冇, 點樣, 搵, 識做, 咩); on-call at weekends; the services a plan includes
    // for a document; the little helper; the number for an urgent case; "the most urgent kind";
    // 一覧 is Japanese; Hakata dialect; a slow enquiry taken higher; kana for kanji (ちゅうもん,
    // ぜんぶ, れんらく, きいても); hours asked with 24x5.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "Put a P3 in on Monday at quarter tae ten, we're on Elite, APAC. When should we hear back by?",
            "/due plan:elite priority:p3 region:apac at:\"2026-11-30 09:45\"",
            en,
        ),
        (
            "We opened P3 today 8:15am here in Nairobi, Enterprise plan. When is the response deadline? Nobody has called us",
            "/due plan:enterprise priority:p3 region:emea at:\"2026-11-30 08:15\" timezone:Africa/Nairobi",
            en,
        ),
        (
            "Business plan, P3, we are in Tokyo. If open case now, latest reply time is when?",
            "/due plan:business priority:p3 region:japan timezone:Asia/Tokyo",
            en,
        ),
        (
            "if we put a P2 in the now, elite plan, emea, when's yous lot meant tae come back tae us?",
            "/due plan:elite priority:p2 region:emea",
            en,
        ),
        (
            "checkout isnt loading, whats the quickest way to get someone",
            "/support urgent",
            en,
        ),
        (
            "what's covered at weekends? asking for on-call planning",
            "/support coverage",
            en,
        ),
        (
            "can I ring youse? I'd rather talk tae a person",
            "/support phone",
            en,
        ),
        (
            "is there a number I can call? typing is slowing me down",
            "/support phone",
            en,
        ),
        (
            "Elite got a TAM, what is this person job exactly?",
            "/features plan:elite",
            en,
        ),
        ("Hello bot, wetin you fit help me with?", "/help", en),
        (
            "上週開了一張 #377，同事休假，可以幫我調出來嗎",
            "/case show id:CASE-000377",
            zh,
        ),
        (
            "我們用的是 Marketo，想確認這個產品是否也在你們的支援範圍",
            "/support products product:marketo-engage",
            zh,
        ),
        (
            "日本時間已經晚上十點了，日本的客服應該下班了吧？",
            "/hours region:japan",
            zh,
        ),
        ("網站全掛 有status page嗎", "/support urgent", zh),
        (
            "業務支援可以直接往上丟嗎 工程師已讀不回",
            "/support escalation plan:business",
            zh,
        ),
        (
            "我們是企業支援，想知道非上班時段各優先等級的案件還有沒有人處理？",
            "/support coverage plan:enterprise",
            zh,
        ),
        (
            "我們網站是用 AEM 做的 你們有管嗎",
            "/support products product:experience-manager",
            zh,
        ),
        (
            "新年前後 APAC 的支援怎麼排？要先把 on-call 排好",
            "/hours date:2027-01-01 region:apac",
            zh,
        ),
        ("Japan區依家開緊未", "/hours region:japan", zh),
        (
            "online p2 亞太 上週四下午3點開的 到現在沒人回 這樣算超時了嗎",
            "/due plan:online priority:p2 region:apac at:\"2026-11-26 15:00\"",
            zh,
        ),
        (
            "elite p1 emea 聽晚10點開，幾時要覆？",
            "/due plan:elite priority:p1 region:emea at:\"2026-12-01 22:00\"",
            zh,
        ),
        ("個網站死咗 邊個可以幫手", "/support urgent", zh),
        (
            "我哋係 Business，而家 production 冇反應，點樣最快搵到人？",
            "/support urgent plan:business",
            zh,
        ),
        (
            "週末 on-call？business 方案有沒有",
            "/support coverage plan:business",
            zh,
        ),
        (
            "業務支援方案包含哪些服務項目？要列入評估文件",
            "/entitlements plan:business",
            zh,
        ),
        ("這個小幫手可以查哪些東西", "/help", zh),
        ("bot你識做咩", "/help", zh),
        ("急件要打幾號", "/support phone", zh),
        ("最緊急的那種 你們多久回", "/slo priority:p1", zh),
        ("SLA一覧", "/slo", ja),
        ("本番落ちとる！どげんしたらいい？", "/support urgent", ja),
        (
            "問い合わせの進みが遅すぎます。上位の方に対応をお願いできますか",
            "/support escalation",
            ja,
        ),
        (
            "ちゅうもんが ぜんぶ とおらなくなって、どこに れんらくすれば いいですか",
            "/support urgent",
            ja,
        ),
        (
            "ここでは どんなことを きいても いいんでしょうか",
            "/help",
            ja,
        ),
        (
            "ビジネスのP3は何時間？24x5？",
            "/slo plan:business priority:p3",
            ja,
        ),
    ]);
    assert_eq!(
        intents().read("我們的信用卡過期了 要去哪裡換", now()),
        Reading::Unplaced(zh)
    );
}

#[test]
fn the_kinds_the_nineteenth_file_missed_are_answered() {
    // The nineteenth held-out file's kinds, in other words: an on-call policy is no phone call;
    // "Friday the 25th"; Tagalog mixed into English (ngayon, kahapon, kelan, may tao po ba); a
    // success plan before a priority; "went dark"; an outage said with a status page asked; a
    // case gathering dust; the plan an outfit chose; "at 7 in the mornin"; a response time with
    // weekends asked; two priorities told apart; what a feature does for us; the kinds of
    // questions and what the bot looks up; support on a day; Taiwanese Hokkien (明仔載, 透早,
    // 進前, 愛, 恁, 有開無, 會當); someone on line now, in a hurry; plans' differences with phone
    // among them; phone "faster than typing"; a hospital's registration; an SLA for an internal
    // flow; escalation documented; left until the next business day; closed already at night;
    // 何時から何時まで a range of hours; ジャパン; a late answer taken higher; 仙台; US next to kana.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "Please confirm the EMEA support hours, we need them for our on-call policy.",
            "/hours region:emea",
            en,
        ),
        (
            "y'all open Friday the 25th? we're emea",
            "/hours region:emea date:2026-12-25",
            en,
        ),
        ("ngayon po, may tao po ba sa support?", "/hours", en),
        (
            "response time for expert p2?",
            "/slo plan:expert priority:p2",
            en,
        ),
        (
            "Nag-file kami ng P2 kahapon 3pm, Business, APAC, kelan po due?",
            "/due plan:business priority:p2 region:apac at:\"2026-11-29 15:00\"",
            en,
        ),
        (
            "our dashboard just went dark, what do I do",
            "/support urgent",
            en,
        ),
        (
            "we have a major outage, is there a status page?",
            "/support urgent",
            en,
        ),
        (
            "case just sitting there gathering dust, how do I light a fire under it",
            "/support escalation",
            en,
        ),
        ("which plan did our company choose anyhow?", "/org show", en),
        ("Ano po kaya mong gawin?", "/help", en),
        (
            "filing a P2 on Elite in EMEA tuesday at 7 in the mornin, when due?",
            "/due plan:elite priority:p2 region:emea at:\"2026-12-01 07:00\"",
            en,
        ),
        (
            "what's the response time on a p3 if we're on business? do weekends count?",
            "/slo plan:business priority:p3",
            en,
        ),
        (
            "difference between a p2 and a p3, how do I choose",
            "/slo",
            en,
        ),
        (
            "Elite 的TAM平常會幫我們做些什麼",
            "/features plan:elite",
            zh,
        ),
        ("請問可以問你哪些類型的問題", "/help", zh),
        (
            "12月24日當天歐洲那邊的支援還有提供服務嗎",
            "/hours region:emea date:2026-12-24",
            zh,
        ),
        ("這個 bot 可以幫我查什麼", "/help", zh),
        (
            "明仔載透早9點若開P2 elite 日本 幾點進前愛回",
            "/due plan:elite priority:p2 region:japan at:\"2026-12-01 09:00\"",
            zh,
        ),
        ("客服現在在線嗎 很急", "/hours", zh),
        (
            "Enterprise vs Elite 差異 1) response 2) phone",
            "/compare plans:enterprise,elite",
            zh,
        ),
        ("明仔載恁有開無", "/hours date:2026-12-01", zh),
        ("有啥物資料會當看", "/resources", zh),
        ("有沒有電話 打過去講比較快", "/support phone", zh),
        ("当院の登録情報を確認したい", "/org show", ja),
        (
            "ビジネスプランのP2のSLAを教えてください、社内のエスカレーションフローに入れたい",
            "/slo plan:business priority:p2",
            ja,
        ),
        (
            "エスカレーションフローをドキュメント化しています。エリート契約の場合のエスカレーションは？",
            "/support escalation plan:elite",
            ja,
        ),
        (
            "夜間にP3出したら翌営業日まで放置ですか？エンタープライズです",
            "/support coverage plan:enterprise",
            ja,
        ),
        (
            "もう夜10時だけど日本のサポートはもう閉まってる？",
            "/hours region:japan",
            ja,
        ),
        ("受付時間は何時から何時までですか", "/hours", ja),
        (
            "ジャパンリージョンのオペレーション時間は？",
            "/hours region:japan",
            ja,
        ),
        (
            "回答が遅延している、上位窓口に申し入れたい",
            "/support escalation",
            ja,
        ),
        (
            "仙台から起票します、日本リージョンのサポート時間は",
            "/hours region:japan timezone:Asia/Tokyo",
            ja,
        ),
        (
            "USのサポートは12/24休み？",
            "/hours date:2026-12-24 region:americas",
            ja,
        ),
    ]);
    assert_unplaced(&[
        ("Marketo 的授權要怎麼續約", zh),
        ("可以把我的帳號改成管理員權限嗎", zh),
        ("メールアドレスを変更したい", ja),
    ]);
}

#[test]
fn the_kinds_the_eighteenth_file_missed_are_answered() {
    // The eighteenth held-out file's kinds, in other words: "status on 31 DEC" a day, not case
    // 31; four-digit times after a day or with "local"; plans' difference with a coverage word
    // and a feature named; what exactly a feature does; cases a team has open; what the bot
    // answers and how to use it; whether someone is there any time; Taiwanese Hokkien; a case
    // number before 那張單 or after 號碼; open cases listed; "not urgent" no outage; 營樂 for 營業;
    // what a contract includes; a product "you also handle"; 稼働状況 of support on days off;
    // whether support answers on a date; 初動 within minutes; "P1 how to raise" in an outage;
    // Kansai ちゃう; いかなる; a case's status asked in a hurry; office hours asked in a hurry. A
    // zone in Chinese words (太平洋時間) is where times are shown; service credits are not
    // answered.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "Confirm APAC support status on 31 DEC, open or closed?",
            "/hours region:apac date:2026-12-31",
            en,
        ),
        (
            "Case logged EMEA today 0930 local. Elite. P2. Compute deadline.",
            "/due plan:elite priority:p2 region:emea at:\"2026-11-30 09:30\"",
            en,
        ),
        (
            "Business P3 APAC submitted Sunday 1400. When does the clock expire?",
            "/due plan:business priority:p3 region:apac at:\"2026-12-06 14:00\"",
            en,
        ),
        (
            "What is the difference between Online and Elite plan? we need 24x5 and a TAM",
            "/compare plans:online,elite",
            en,
        ),
        (
            "On Enterprise, what exactly does the named support engineer do?",
            "/features plan:enterprise",
            en,
        ),
        (
            "Can you list the tickets our team has open?",
            "/case list",
            en,
        ),
        ("hey what kinda questions can u answer", "/help", en),
        ("how should I use this bot?", "/help", en),
        ("你們是白天才有人 還是隨時都可以找", "/support coverage", zh),
        ("敢有啥物辦法催較緊", "/support escalation", zh),
        ("88號那張單怎麼樣了", "/case show id:CASE-000088", zh),
        ("列出我們所有未結案件", "/case list", zh),
        (
            "不算很急但有點影響的P3 多久會有人回",
            "/slo priority:p3",
            zh,
        ),
        ("這要怎麼用", "/help", zh),
        ("歐洲那區的營樂時間", "/hours region:emea", zh),
        ("我們合約裡有包含哪些東西", "/entitlements", zh),
        ("號碼42的那張單 現在怎麼樣", "/case show id:CASE-000042", zh),
        (
            "premiere 你們也有管嗎",
            "/support products product:premiere",
            zh,
        ),
        (
            "年末年始における日本サポートの稼働状況は",
            "/hours date:2026-12-29 region:japan",
            ja,
        ),
        (
            "12月31日ってサポート対応あります？",
            "/hours date:2026-12-31",
            ja,
        ),
        ("緊急度P1の初動は何分以内", "/slo priority:p1", ja),
        (
            "サイトが全く動かない、P1どうやって上げる？",
            "/support urgent",
            ja,
        ),
        (
            "onlineとeliteって何がちゃうの",
            "/compare plans:online,elite",
            ja,
        ),
        (
            "エリートのケースレビューとはいかなるものか",
            "/features plan:elite",
            ja,
        ),
        (
            "case 88のstatus確認したい、急ぎで",
            "/case show id:CASE-000088",
            ja,
        ),
        ("サポート営業時間。至急。", "/hours", ja),
    ]);
    let pacific = intents().question("支援時間換成太平洋時間是幾點", now());
    assert_eq!(
        pacific.and_then(|q| q.shown_in).map(|tz| tz.name()),
        Some("America/Los_Angeles")
    );
    assert_eq!(
        intents().read("未達回應目標可以請求服務抵免嗎", now()),
        Reading::Unplaced(zh)
    );
}

#[test]
fn the_kinds_the_seventeenth_file_missed_are_answered() {
    // The seventeenth held-out file's kinds, in other words: Canadian cities; hours "during
    // which" a team answers non-critical cases; a message that starts with the verb filed;
    // St Stephen's Day; New Year's Day; what we really get; what is inside a plan; which one
    // gives what; a P1's speed asked with an outage supposed; someone there now; Cantonese
    // 返工, 打嚟; 第二級; whether a case is already late; which plan has a feature; what a plan
    // contains; a feature "是幹嘛的"; what one plan adds to another before an upgrade; when
    // someone is there, asked with the evenings; a quotation mentioned, not asked for; the
    // products covered, and one "you also handle"; the services of the plan bought; Japanese
    // written in kana (にほん, なんじ, 10じ, きげん, けーす, たいおう, 日よう日); a stoppage planned;
    // opening time; 初動 targets with 24x5; a target explained to a boss; what a plan does for
    // us; what may be asked here.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "we are in Ottawa, at what hour does the support open?",
            "/hours region:americas timezone:America/Toronto",
            en,
        ),
        (
            "could you confirm the hours during which your EMEA team is available for non-critical cases, and in which time zone?",
            "/hours region:emea",
            en,
        ),
        (
            "raised a p2 monday 9am on elite, apac. when due?",
            "/due plan:elite priority:p2 region:apac at:\"2026-11-30 09:00\"",
            en,
        ),
        (
            "anyone in on St Stephen's Day? dublin",
            "/hours region:emea timezone:Europe/Dublin date:2026-12-26",
            en,
        ),
        ("new year's day, any support?", "/hours date:2027-01-01", en),
        (
            "what do we really get with our contract",
            "/entitlements",
            en,
        ),
        (
            "Enterprise, what is inside?",
            "/entitlements plan:enterprise",
            en,
        ),
        (
            "business or elite, which one gives what?",
            "/compare plans:business,elite",
            en,
        ),
        (
            "if our store falls over on elite, how fast is the P1 response?",
            "/slo plan:elite priority:p1",
            en,
        ),
        ("現在問問題 有沒有人會回", "/hours", zh),
        ("12月25號有冇人返工", "/hours date:2026-12-25", zh),
        (
            "業務支援第二級事件多久內回應？",
            "/slo plan:business priority:p2",
            zh,
        ),
        (
            "前天下午3點開的企業支援P2 歐洲區 還沒人回 是不是已經逾時了",
            "/due plan:enterprise priority:p2 region:emea at:\"2026-11-28 15:00\"",
            zh,
        ),
        ("可唔可以打嚟？", "/support phone", zh),
        ("四個方案哪個有 named support engineer", "/compare", zh),
        (
            "請列出企業支援所含之服務項目",
            "/entitlements plan:enterprise",
            zh,
        ),
        ("elite裡的 TAM 是幹嘛的", "/features plan:elite", zh),
        (
            "business 跟 elite 比起來多了什麼？想升級",
            "/compare plans:business,elite",
            zh,
        ),
        ("你們幾點才會有人 我晚上才有空", "/hours", zh),
        (
            "企業支援 P1 的 initial response 是 30 分鐘嗎？報價單上寫的不一樣",
            "/slo plan:enterprise priority:p1",
            zh,
        ),
        ("貴公司支援涵蓋之產品項目為何", "/support products", zh),
        (
            "我們有用Marketo，這個你們也管嗎",
            "/support products product:marketo-engage",
            zh,
        ),
        ("我們簽的那個方案 可以用哪些服務？", "/entitlements", zh),
        ("だれか対応してくれるひと いますか", "/hours", ja),
        (
            "にほんの サポートは なんじから ですか",
            "/hours region:japan",
            ja,
        ),
        (
            "年末年始の営業日を教えてください、停止計画を立てたいので",
            "/hours date:2026-12-29",
            ja,
        ),
        ("EMEAのオープン時間は？", "/hours region:emea", ja),
        (
            "ビジネスP3の初動応答の目標値は24x5で8時間で合ってる？",
            "/slo plan:business priority:p3",
            ja,
        ),
        (
            "エリートの応答時間目標を上司に説明したいので一覧ください",
            "/slo plan:elite",
            ja,
        ),
        (
            "あしたの10じに P2 で だしたら きげんは いつ？ エリートで日本です",
            "/due plan:elite priority:p2 region:japan at:\"2026-12-01 10:00\"",
            ja,
        ),
        (
            "ビジネスプランは日よう日も たいおう してますか",
            "/support coverage plan:business",
            ja,
        ),
        (
            "enterprise入ったら何してもらえる？",
            "/entitlements plan:enterprise",
            ja,
        ),
        (
            "けーす 55 の じょうたい は？",
            "/case show id:CASE-000055",
            ja,
        ),
        ("ここで質問できる内容を教えて", "/help", ja),
    ]);
    assert_eq!(
        intents().read("請問可以提供菁英支援的報價嗎", now()),
        Reading::Unplaced(zh)
    );
}

#[test]
fn the_kinds_the_sixteenth_file_missed_are_answered() {
    // The sixteenth held-out file's kinds, in other words: the hours a team keeps, asked with
    // weekends; what time a desk opens, said at 5am; days between two dates; a team working on
    // a day; plans side by side; "what means" a feature; the plan an organisation has; a
    // plan's services one by one; cases not closed; whether the desk serves on a day; a supposed
    // filing with a plan and priority asked when answered; the plan set up; a feature's
    // description is no resource; a target asked for a manager; a case after 單 #; what the bot
    // does; "did something happen"; a forgotten case chased; a question a manager handed over; a
    // bare Chinese hour within working hours; the organisation's registration; 特長; office
    // hours asked ASAP; Kansai past tense; アジパシ; critical, happening now; a priority's
    // 対応時間; ウチ.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "what hours does the emea team keep? weekends too or not",
            "/hours region:emea",
            en,
        ),
        (
            "its 5am here in london, what time does the emea desk open",
            "/hours region:emea timezone:Europe/London",
            en,
        ),
        (
            "is emea support open between 24 and 26 december?",
            "/hours region:emea date:2026-12-24 until:2026-12-26",
            en,
        ),
        (
            "does the americas team work on 26 dec?",
            "/hours region:americas date:2026-12-26",
            en,
        ),
        (
            "business and elite side by side please",
            "/compare plans:business,elite",
            en,
        ),
        (
            "What means TAM in the Elite plan?",
            "/features plan:elite",
            en,
        ),
        ("Which plan has our org, and which region?", "/org show", en),
        (
            "請問業務支援的服務項目，每一項內容可以介紹嗎",
            "/features plan:business",
            zh,
        ),
        ("我們還有幾張單沒結案？", "/case list", zh),
        (
            "請問12月31日美洲區的客服是否有提供服務？",
            "/hours region:americas date:2026-12-31",
            zh,
        ),
        (
            "日本 elite P1 如果禮拜天晚上9點提交 哪時候會被回",
            "/due plan:elite priority:p1 region:japan at:\"2026-12-06 21:00\"",
            zh,
        ),
        ("請問本公司目前設定的方案是？", "/org show", zh),
        ("elite 的 feature 說明", "/features plan:elite", zh),
        (
            "ent p3 回應要多久 要回報主管",
            "/slo plan:enterprise priority:p3",
            zh,
        ),
        ("那張單 #88 有人看了嗎", "/case show id:CASE-000088", zh),
        ("這個bot會什麼", "/help", zh),
        ("你們是不是出事了 網站一直連不上", "/support urgent", zh),
        ("我開的單好像被遺忘了 怎麼催", "/support escalation", zh),
        (
            "主管交代我問一下 P2要等多久才會有人回",
            "/slo priority:p2",
            zh,
        ),
        (
            "如果我禮拜四3點開 elite P2 美洲的話 期限是",
            "/due plan:elite priority:p2 region:americas at:\"2026-12-03 15:00\"",
            zh,
        ),
        ("弊社の登録情報を見たい", "/org show", ja),
        (
            "エンタープライズの特長は？",
            "/features plan:enterprise",
            ja,
        ),
        (
            "東京のサポートのオフィスアワーを教えて、ASAPで",
            "/hours region:japan timezone:Asia/Tokyo",
            ja,
        ),
        (
            "金曜15時に日本向けにP3出してもうた（ビジネス）、期限いつ？",
            "/due plan:business priority:p3 region:japan at:\"2026-11-27 15:00\"",
            ja,
        ),
        ("アジパシのサポート時間", "/hours region:apac", ja),
        (
            "クリティカルな障害発生中、すぐ対応してほしい",
            "/support urgent",
            ja,
        ),
        ("優先度2の対応時間は", "/slo priority:p2", ja),
        ("ウチの会社ってどのプランで契約してる？", "/org show", ja),
    ]);
}

#[test]
fn the_kinds_the_fifteenth_file_missed_are_answered() {
    // The fifteenth held-out file's kinds, in other words: a supposed P1 asked "when due"; "in
    // how many hours"; all day all week; Scots words; "kicked upstairs"; "fell over"; a real
    // person there now; the plan subscribed to, in English and formal Chinese (not the one to
    // choose); half an hour ago; Hogmanay; "down here" is no outage; a feature's role; 營業到幾點
    // and 幾點開始服務 over a complaint; that day's support; the first-response targets for a
    // report; "8hrs" of a priority; open cases listed; what the bot answers; jobs and addresses
    // unplaced; 4點 with pm after it; 升級為; "open now? urgent" the hours; Japanese in kana;
    // a deadline asked with "still no reply".
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        (
            "Were we to raise a P1 on Elite in EMEA at 9pm tomorrow, when would the first response be due?",
            "/due plan:elite priority:p1 region:emea at:\"2026-12-01 21:00\"",
            en,
        ),
        (
            "Should we open a P2, in how many hours do you reply?",
            "/slo priority:p2",
            en,
        ),
        (
            "any help all day all week on the enterprise plan?",
            "/support coverage plan:enterprise",
            en,
        ),
        ("what are you for exactly", "/help", en),
        ("is support open the morra", "/hours date:2026-12-01", en),
        (
            "whits a named support engineer?",
            "/features plan:enterprise",
            en,
        ),
        (
            "dinnae ken who to phone, can a gie ye a ring",
            "/support phone",
            en,
        ),
        (
            "can this be kicked upstairs please, our case is going nowhere",
            "/support escalation",
            en,
        ),
        ("site fell over, nobody can log in", "/support urgent", en),
        ("is there an actual human there right now", "/hours", en),
        ("which plan is our company subscribed to", "/org show", en),
        (
            "filed a p4 half an hour ago on business in apac, when due",
            "/due plan:business priority:p4 region:apac at:2026-11-30T11:30:00+00:00",
            en,
        ),
        (
            "p2 logged at hogmanay 10am on elite in emea, deadline?",
            "/due plan:elite priority:p2 region:emea at:\"2026-12-31 10:00\"",
            en,
        ),
        (
            "we are down here in Perth, when do you open",
            "/hours region:apac timezone:Australia/Perth",
            en,
        ),
        (
            "describe the role of the named support engineer on enterprise",
            "/features plan:enterprise",
            en,
        ),
        ("我們單位目前訂閱的是哪一種方案？", "/org show", zh),
        ("本校目前採用之方案為何", "/org show", zh),
        ("我們該選哪個方案", "/compare", zh),
        ("亞太支援每天營業到幾點", "/hours region:apac", zh),
        (
            "歐洲支援幾點開始服務，客戶一直反映找不到人",
            "/hours region:emea",
            zh,
        ),
        (
            "那天EMEA有support嗎 12/8",
            "/hours region:emea date:2026-12-08",
            zh,
        ),
        (
            "請提供業務支援各優先等級的最初回應目標，報告要用",
            "/slo plan:business",
            zh,
        ),
        (
            "business p3 8hrs 是營業時間嗎",
            "/slo plan:business priority:p3",
            zh,
        ),
        ("我們的 open cases 有哪些", "/case list", zh),
        ("這個bot可以回答什麼", "/help", zh),
        (
            "下禮拜一10點am開elite P1 EMEA 期限幾點",
            "/due plan:elite priority:p1 region:emea at:\"2026-12-07 10:00\"",
            zh,
        ),
        (
            "我們從Business升級為Enterprise了，P1多快回",
            "/slo plan:enterprise priority:p1",
            zh,
        ),
        ("美洲支援現在有開嗎 很急", "/hours region:americas", zh),
        (
            "エリートのイベント管理ってどういう内容？",
            "/features plan:elite",
            ja,
        ),
        (
            "エンタープライズの各サービスの詳細説明はありますか",
            "/features plan:enterprise",
            ja,
        ),
        ("あんけん番号12 どうなった", "/case show id:CASE-000012", ja),
        (
            "どようびも たいおうしてもらえますか",
            "/support coverage",
            ja,
        ),
        ("サーバがとまってしまった", "/support urgent", ja),
        ("応答時間の目標ってまとまってますか", "/slo", ja),
        (
            "先週火曜にEMEAで出したビジネスP3、いつが期限？返事まだない",
            "/due plan:business priority:p3 region:emea at:\"2026-11-24 00:00\"",
            ja,
        ),
    ]);
    assert_unplaced(&[
        ("你們有在招募工程師嗎", zh),
        ("你們台北辦公室的地址是？", zh),
    ]);
}

#[test]
fn the_kinds_the_fourteenth_file_missed_are_answered() {
    // The fourteenth held-out file's kinds, in other words: a plan misspelt twice over, what one
    // plan gives more than another, "on leave", a shop down with "fastest way to get someone",
    // "time up", hours of operation, the bot's questions, what the contract entitles, a school's
    // course is no resource, what a feature does, "差很多…想升級" an upgrade, members locked out,
    // a product "served here", "afraid the system fails" no outage, still not open, staff on
    // duty, a deadline past, on-call as context, whether one can phone in an outage, Japanese
    // escalation words, 三が日 a day, "if it stops on Saturday" a question of coverage.
    let (en, zh, ja) = (Language::En, Language::ZhTw, Language::Ja);
    assert_lines(&[
        ("bizness p2 response", "/slo plan:business priority:p2", en),
        (
            "Please tell me what Enterprise gives more than Business.",
            "/compare plans:enterprise,business",
            en,
        ),
        (
            "APAC got support on 24 Dec or everyone on leave",
            "/hours date:2026-12-24 region:apac",
            en,
        ),
        (
            "we're on business and our webshop is down. fastest way to get someone??",
            "/support urgent plan:business",
            en,
        ),
        (
            "ent P3 EMEA - when time up for first reply?",
            "/due plan:enterprise priority:p3 region:emea",
            en,
        ),
        (
            "Could you confirm the hours of operation for EMEA support? Our on-call team needs them.",
            "/hours region:emea",
            en,
        ),
        ("What questions are you able to answer?", "/help", en),
        (
            "What exactly are we entitled to under our contract?",
            "/entitlements",
            en,
        ),
        (
            "12/31跨年夜你們有上班嗎 我們要推跨年活動課程",
            "/hours date:2026-12-31",
            zh,
        ),
        (
            "enterprise 有專屬工程師嗎 那個專屬工程師是在幹嘛的",
            "/features plan:enterprise",
            zh,
        ),
        (
            "online 跟 business 差很多嗎？想升級",
            "/compare plans:online,business",
            zh,
        ),
        ("網站後台都登不進去 全部客戶都一樣", "/support urgent", zh),
        (
            "請問 Marketo 也是你們這邊在服務的嗎？",
            "/support products product:marketo-engage",
            zh,
        ),
        (
            "12/24到12/25這兩天有客服嗎？怕系統出事",
            "/hours date:2026-12-24 until:2026-12-25",
            zh,
        ),
        (
            "Tokyo 那邊現在是不是還沒開？",
            "/hours region:japan timezone:Asia/Tokyo",
            zh,
        ),
        ("請問目前是否有值班的人員可以協助？", "/hours", zh),
        (
            "昨天早上9點開的 Business P2 EMEA，到現在都沒人回，是不是已經超過期限了",
            "/due plan:business priority:p2 region:emea at:\"2026-11-29 09:00\"",
            zh,
        ),
        (
            "半夜有人接嗎 我們 on-call 都是半夜被叫起來的",
            "/support coverage",
            zh,
        ),
        (
            "想 confirm 一下我們公司的 support plan 是哪個 level",
            "/org show",
            zh,
        ),
        (
            "本院採用企業支援，請問系統中斷時，是否可透過電話即時聯繫工程師？",
            "/support phone plan:enterprise",
            zh,
        ),
        ("我們 team 開過的 ticket 可以 list 出來嗎", "/case list", zh),
        (
            "担当からの回答が滞っているので、上位者への引き上げをお願いしたい",
            "/support escalation",
            ja,
        ),
        (
            "エンタープライズって結局なにがついてくるの？",
            "/entitlements plan:enterprise",
            ja,
        ),
        ("弊社の現行契約プランを知りたい", "/org show", ja),
        ("データぜんぶ消えちゃいました", "/support urgent", ja),
        ("うちってなんのプランでしたっけ", "/org show", ja),
        ("どういったことをお尋ねすればいいですか", "/help", ja),
        ("研修みたいな勉強できるとこってありますか", "/resources", ja),
        ("正月三が日は対応してますか", "/hours date:2027-01-01", ja),
        (
            "一番やばいP1って何分くらいで返事もらえる？",
            "/slo priority:p1",
            ja,
        ),
        (
            "土曜にシステムが止まったら誰か見てくれるんですか？",
            "/support coverage",
            ja,
        ),
        (
            "ExpertとUltimateの違い教えて",
            "/compare plans:expert,ultimate",
            ja,
        ),
        (
            "Marketoのことも聞いて大丈夫ですか？",
            "/support products product:marketo-engage",
            ja,
        ),
        (
            "エリートの環境レビューとはどのような内容ですか",
            "/features plan:elite",
            ja,
        ),
        ("elite p1 初回何分?", "/slo plan:elite priority:p1", ja),
    ]);
    for message in [
        "who won the rugby at the weekend?",
        "この近くのコンビニってご存じですか",
    ] {
        assert!(
            matches!(intents().read(message, now()), Reading::Unplaced(_)),
            "{message}"
        );
    }
}

#[test]
fn what_the_review_of_the_seventh_to_fourteenth_fixes_found_is_read_right() {
    let en = Language::En;
    // An outage that mentions money or passwords is still an outage, not the asker's billing.
    for message in [
        "checkout down, losing thousands of dollars an hour",
        "password reset broken for all users, login down",
    ] {
        assert_eq!(
            line(message),
            Some(("/support urgent".to_owned(), en)),
            "{message}"
        );
    }
    assert_eq!(
        line("客戶刷卡失敗全部不能結帳"),
        Some(("/support urgent".to_owned(), Language::ZhTw))
    );
    // A duration with h is no time of day; "14h ago" is an instant before the message.
    assert_eq!(
        line("business p2 response in about 4h?"),
        Some(("/slo plan:business priority:p2".to_owned(), en))
    );
    assert_eq!(
        line("opened 14h ago, business p2 emea, when due"),
        Some((
            "/due plan:business priority:p2 region:emea at:2026-11-29T22:00:00+00:00".to_owned(),
            en
        ))
    );
    // "give us support" is the asker, not the United States.
    assert_eq!(
        line("can you give us support this weekend"),
        Some(("/support coverage".to_owned(), en))
    );
    // A weekday elsewhere in the message does not move a date to another year.
    assert_eq!(
        line("are you open dec 24? anyone in on friday?"),
        Some(("/hours date:2026-12-24".to_owned(), en))
    );
    // Plans compared in Chinese short names name neither plan.
    assert_eq!(
        line("業務跟企業的回應時間"),
        Some(("/slo".to_owned(), Language::ZhTw))
    );
    // A plan moved from, named by its Chinese short name, is not the one asked about.
    assert_eq!(
        line("我們從業務升級到企業了，P2現在多久回？"),
        Some((
            "/slo plan:enterprise priority:p2".to_owned(),
            Language::ZhTw
        ))
    );
    // The zone to show times in is read for a case too.
    let case = intents().question("case 42 due when, in JST?", now());
    assert_eq!(
        case.and_then(|q| q.shown_in).map(|tz| tz.name()),
        Some("Asia/Tokyo")
    );
}

/// Questions of the thirty-second held-out file that no pattern placed, or placed wrong, when it
/// was scored unseen: the second opinion, learned from every other labelled file, answers them.
#[test]
fn the_second_opinion_answers_what_the_patterns_missed_in_a_file_it_never_learned_from() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let intents =
        Intents::load_leaving_out(&data, "heldout32.tsv").unwrap_or_else(|e| panic!("{e}"));
    let en = Language::En;
    let zh = Language::ZhTw;
    for (message, want, language) in [
        // No pattern placed these.
        ("what all can you do, bot?", "/help", en),
        (
            "12月29號有沒有客服 那天我們要做年底盤點",
            "/hours date:2026-12-29",
            zh,
        ),
        (
            "下禮拜一歐洲區 support 正常嗎",
            "/hours region:emea date:2026-12-07",
            zh,
        ),
        (
            "EMEAって12月26日は休みっすか？ボクシングデーだったっけw",
            "/hours region:emea date:2026-12-26",
            Language::Ja,
        ),
        // A pattern chose another answer.
        (
            "on bank holidays who covers our tickets?",
            "/support coverage",
            en,
        ),
        ("查一下我們帳號設定的 region 跟 plan", "/org show", zh),
        (
            "線上和業務支援有什麼不同 要不要升級",
            "/compare plans:online,business",
            zh,
        ),
    ] {
        let got = match intents.read(message, now()) {
            Reading::Question(q) => Some((q.line(), q.language)),
            Reading::Ignored | Reading::Unplaced(_) => None,
        };
        assert_eq!(got, Some((want.to_owned(), language)), "{message}");
    }
}

/// The second opinion never places what only resembles a question: a statement, or a message a
/// pattern placed on a case or a feature it names.
#[test]
fn the_second_opinion_leaves_statements_and_named_cases_and_features_to_the_patterns() {
    assert_unplaced(&[
        ("our customers love the new checkout design", Language::En),
        ("今夜は残業です", Language::Ja),
    ]);
    for (message, want) in [
        ("CASE-000123を急ぎで対応してほしい", "/support escalation"),
        ("can I chat with someone live", "/features plan:online"),
    ] {
        assert_eq!(
            line(message).map(|(l, _)| l),
            Some(want.to_owned()),
            "{message}"
        );
    }
}

/// A pattern's answer that takes two options or more from the message (`trusted-options`) is
/// kept without asking the second opinion: the model is not even trained for it. One taking a
/// single option still asks.
#[test]
fn an_answer_that_takes_two_options_from_the_message_is_kept_without_a_second_opinion() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let intents = Intents::load(&data).unwrap_or_else(|e| panic!("{e}"));
    for (message, want) in [
        (
            "business P2 in japan filed 2026-12-04 16:00, when is it due?",
            "/due plan:business priority:p2 region:japan at:\"2026-12-04 16:00\"",
        ),
        ("elite p1 response time?", "/slo plan:elite priority:p1"),
    ] {
        let got = match intents.read(message, now()) {
            Reading::Question(q) => Some(q.line()),
            Reading::Ignored | Reading::Unplaced(_) => None,
        };
        assert_eq!(got.as_deref(), Some(want), "{message}");
        assert!(
            !intents.has_learned(),
            "{message}: the second opinion was asked"
        );
    }
    intents.read("what are the support hours for the online plan?", now());
    assert!(intents.has_learned());
}

#[test]
fn a_catalog_whose_learned_commands_name_no_intent_does_not_load() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for file in [
        "plans.toml",
        "regions.toml",
        "targets.toml",
        "features.toml",
        "products.toml",
    ] {
        std::fs::copy(data.join(file), dir.path().join(file)).unwrap_or_else(|e| panic!("{e}"));
    }
    let text = std::fs::read_to_string(data.join("intents.toml")).unwrap_or_else(|e| panic!("{e}"));
    let broken = text.replace("\"help\" = \"help\"", "\"help\" = \"no such intent\"");
    assert_ne!(broken, text);
    std::fs::write(dir.path().join("intents.toml"), broken).unwrap_or_else(|e| panic!("{e}"));
    let error = Intents::load(dir.path()).err().map(|e| e.to_string());
    assert!(
        error
            .as_deref()
            .is_some_and(|e| e.contains("no such intent")),
        "{error:?}"
    );
}
