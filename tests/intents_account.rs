//! Questions about the asker's own account, asked in plain language and answered by the engine
//! on a real store: a customer learns their organisation's plan and contacts and sees their
//! cases, and nothing of another organisation's; the answers are private outside team channels.

#[path = "common/cases.rs"]
mod support;

use std::sync::OnceLock;

use support::*;
use supportbot::domain::org::{Role, UserId};
use supportbot::engine::{Caller, Reply};
use supportbot::i18n::Language;
use supportbot::intents::Intents;

const NOW: &str = "2026-11-30T10:00:00Z";

fn intents() -> &'static Intents {
    static INTENTS: OnceLock<Intents> = OnceLock::new();
    INTENTS.get_or_init(|| Intents::load(&catalog_dir()).unwrap_or_else(|e| panic!("{e}")))
}

/// Acme (Business, EMEA) with customer 77 as its contact, Beta (Elite, Americas) with customer 79,
/// each with a case.
fn two_organisations() -> Bot {
    let bot = Bot::new(NOW);
    bot.org(r#"name:"Acme Corp" plan:business region:emea products:analytics id:acme"#);
    bot.org(r#"name:"Beta KK" plan:elite region:americas products:analytics id:beta"#);
    bot.ok(admin(), "/contacts add org:acme product:analytics user:77");
    bot.ok(admin(), "/contacts add org:beta product:analytics user:79");
    bot.file(
        agent(),
        r#"/case file org:acme product:analytics priority:p3 title:"acme export" requester:77"#,
    );
    bot.file(
        agent(),
        r#"/case file org:beta product:analytics priority:p3 title:"beta import" requester:79"#,
    );
    bot
}

/// The engine's answer to `question` from `user` (a customer), in the question's language.
fn asked(bot: &Bot, user: u64, question: &str, team_channel: bool) -> (String, Reply) {
    let q = intents()
        .question(question, at(NOW))
        .unwrap_or_else(|| panic!("{question:?} is not placed"));
    let mut caller = Caller::new(UserId(user), Role::Customer, q.language);
    caller.team_channel = team_channel;
    (q.line(), bot.say(caller, &q.line()))
}

fn plan_name(id: &str, language: Language) -> String {
    let catalog = catalog();
    let plan = catalog.plans().iter().find(|p| p.id.as_str() == id);
    plan.map(|p| p.name.get(language).to_owned())
        .unwrap_or_else(|| panic!("no plan {id}"))
}

#[test]
fn a_customer_asking_what_plan_they_are_on_gets_their_organisations_and_no_other() {
    let bot = two_organisations();
    for (question, language) in [
        ("what plan are we on", Language::En),
        ("what plan am I on?", Language::En),
        ("which plan do we have?", Language::En),
        ("how many named contacts do we have?", Language::En),
        ("我們是什麼方案", Language::ZhTw),
        ("うちのプランは？", Language::Ja),
    ] {
        let (line, reply) = asked(&bot, 77, question, false);
        assert_eq!(line, "/org show", "{question}");
        let text = all_text(&reply);
        assert!(
            text.contains("Acme Corp") && text.contains(&plan_name("business", language)),
            "{question}: {text}"
        );
        // The contacts, as many as the plan allows.
        assert!(text.contains("`analytics` (1/"), "{question}: {text}");
        assert!(
            !text.contains("Beta") && !text.contains(&plan_name("elite", language)),
            "{question}: {text}"
        );
        assert!(reply.private, "{question}: private outside team channels");
        let (_, in_team) = asked(&bot, 77, question, true);
        assert!(!in_team.private, "{question}: shown in a team channel");
    }
    // The other organisation's contact sees only theirs.
    let (_, beta) = asked(&bot, 79, "what plan are we on", false);
    let text = all_text(&beta);
    assert!(text.contains("Beta KK") && !text.contains("Acme"), "{text}");
    // Nobody's contact: an empty list, no organisation.
    let (_, stranger) = asked(&bot, 78, "what plan are we on", false);
    let text = all_text(&stranger);
    assert!(!text.contains("Acme") && !text.contains("Beta"), "{text}");
}

#[test]
fn a_customer_asking_for_their_cases_gets_their_organisations_cases_only() {
    let bot = two_organisations();
    for question in [
        "my cases",
        "what is the status of my case",
        "我的案件",
        "私のケース",
    ] {
        let (line, reply) = asked(&bot, 77, question, false);
        assert_eq!(line, "/case list", "{question}");
        let text = all_text(&reply);
        assert!(
            text.contains("acme export") && !text.contains("beta import"),
            "{question}: {text}"
        );
        assert!(reply.private, "{question}: private outside team channels");
    }
}

/// The title of `/entitlements plan:PLAN` in `language`.
fn title(bot: &Bot, plan: &str, language: Language) -> String {
    let caller = Caller::new(UserId(78), Role::Customer, language);
    bot.ok(caller, &format!("/entitlements plan:{plan}")).title
}

#[test]
fn a_customer_asking_for_their_entitlements_gets_their_plans_rows_and_no_other_organisation() {
    let bot = two_organisations();
    for (question, language) in [
        ("what are my entitlements", Language::En),
        ("what are we entitled to?", Language::En),
        ("我們有哪些權益", Language::ZhTw),
        ("我們公司的權益是什麼", Language::ZhTw),
        ("うちの契約で使える内容", Language::Ja),
        ("弊社のプランで受けられるサービスは？", Language::Ja),
    ] {
        let (line, reply) = asked(&bot, 77, question, false);
        assert_eq!(line, "/entitlements", "{question}");
        let text = all_text(&reply);
        // Acme's plan (Business), named with the organisation, and nothing of Beta (Elite).
        assert_eq!(reply.title, title(&bot, "business", language), "{question}");
        assert!(text.contains("Acme Corp"), "{question}: {text}");
        assert!(
            !text.contains("Beta") && !text.contains(&plan_name("elite", language)),
            "{question}: {text}"
        );
        assert!(reply.private, "{question}: private outside team channels");
        let (_, in_team) = asked(&bot, 77, question, true);
        assert!(!in_team.private, "{question}: shown in a team channel");
    }
    // The other organisation's contact gets Elite's rows.
    let (_, beta) = asked(&bot, 79, "what are my entitlements", false);
    assert_eq!(beta.title, title(&bot, "elite", Language::En));
    assert!(!all_text(&beta).contains("Acme"));
    // Nobody's contact is asked for the plan, and sees no organisation.
    let q = intents()
        .question("what are my entitlements", at(NOW))
        .unwrap_or_else(|| panic!("not placed"));
    let refused = bot.refused(customer(78), &q.line());
    let text = all_text(&refused);
    assert!(text.contains("plan"), "{text}");
    assert!(!text.contains("Acme") && !text.contains("Beta"), "{text}");
    // A plan named is that plan's rows, whoever asks.
    let (line, elite) = asked(&bot, 77, "what are our entitlements on elite", false);
    assert_eq!(line, "/entitlements plan:elite");
    assert_eq!(elite.title, title(&bot, "elite", Language::En));
    assert!(!all_text(&elite).contains("Acme"));
}
