//! Coverage on a given day, and holiday reasons (tester's findings 4 and 6, session 6): `/hours
//! date:` answers for the day asked, plain-language questions naming a day reach it, and every
//! answer that depends on today being a holiday or a weekend says so, with the holiday's name.

#[path = "common/cases.rs"]
mod support;

use std::path::Path;
use std::sync::OnceLock;

use support::{Bot, agent, all_text, at, stamp, unmarked};
use supportbot::engine::{Caller, Outcome, Reply, Role, UserId};
use supportbot::i18n::Language;
use supportbot::intents::Intents;

fn intents() -> &'static Intents {
    static INTENTS: OnceLock<Intents> = OnceLock::new();
    INTENTS.get_or_init(|| {
        Intents::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

/// The tester asked on Thursday 2026-11-26 at 10:00 UTC.
const ASKED: &str = "2026-11-26T10:00:00Z";

/// The command a question becomes and the reply to it, in the question's language.
fn answer(bot: &Bot, question: &str) -> (String, Reply) {
    let q = intents()
        .question(question, at(ASKED))
        .unwrap_or_else(|| panic!("{question:?} is not placed"));
    let caller = Caller::new(UserId(1), Role::Customer, q.language);
    (q.line(), bot.say(caller, &q.line()))
}

fn hours(bot: &Bot, language: Language, line: &str) -> Reply {
    bot.say(Caller::new(UserId(1), Role::Customer, language), line)
}

/// Each line of the reply's field for `region` (its name in the reply's language).
fn region_lines(reply: &Reply, region: &str) -> Vec<String> {
    reply
        .fields
        .iter()
        .find(|f| f.name == region)
        .unwrap_or_else(|| panic!("no field {region}:\n{}", all_text(reply)))
        .value
        .lines()
        .map(|l| l.trim().to_owned())
        .collect()
}

// Finding 4, first input: the date is the day answered, not today.
#[test]
fn emea_on_25_december_is_closed_for_christmas_day() {
    let bot = Bot::new(ASKED);
    let (line, reply) = answer(&bot, "is emea support open on dec 25");
    assert_eq!(line, "/hours region:emea date:2026-12-25");
    let lines = region_lines(&reply, "Europe, Middle East & Africa");
    assert_eq!(
        lines[1], "🔴 Fri 25 Dec 2026: closed (holiday: Christmas Day)",
        "{lines:#?}"
    );
    assert!(
        !all_text(&reply).contains("Open now"),
        "{}",
        all_text(&reply)
    );
    assert!(
        lines[2].starts_with(&format!("Opens {}", stamp("2026-12-29T09:00:00Z"))),
        "reopens after Boxing Day's substitute day: {}",
        lines[2]
    );
    assert_eq!(
        lines[3],
        "Still counted that day: P1 24x7 (every plan) · P2 24x5 (Enterprise Support, Elite Support) · P3 24x5 (Elite Support)"
    );
    assert_eq!(
        lines[4..8],
        [
            "Also without business hours that week:",
            "Sat 26 Dec 2026 — holiday: Boxing Day",
            "Sun 27 Dec 2026 — weekend",
            "Mon 28 Dec 2026 — holiday: Boxing Day (observed)",
        ]
    );
}

// Finding 4, second input: Japan on 31 December, asked in Japanese, answered in Japanese.
#[test]
fn japan_on_31_december_is_closed_for_the_bank_holiday() {
    let bot = Bot::new(ASKED);
    let (line, reply) = answer(&bot, "日本は12月31日は営業してますか");
    assert_eq!(line, "/hours region:japan date:2026-12-31");
    let lines = region_lines(&reply, "日本");
    assert_eq!(
        lines[1],
        "🔴 2026年12月31日（木）：休業（祝日：銀行休業日）"
    );
    assert!(
        lines[2].starts_with(&format!("次の受付開始：{}", stamp("2027-01-04T00:00:00Z"))),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].starts_with("その日も計測される目標：P1 24 時間年中無休（すべてのプラン）"),
        "{}",
        lines[3]
    );
    for day_off in [
        "2027年1月1日（金） — 祝日：元日; 銀行休業日",
        "2027年1月2日（土） — 祝日：銀行休業日",
        "2027年1月3日（日） — 祝日：銀行休業日",
    ] {
        assert!(lines.iter().any(|l| l == day_off), "{day_off}: {lines:#?}");
    }
}

// Finding 4, third input: a named day in a coverage question, in the UK.
#[test]
fn christmas_day_in_the_uk_is_answered_for_that_day() {
    let bot = Bot::new(ASKED);
    let (line, reply) = answer(&bot, "is there support on christmas day in the UK");
    assert_eq!(line, "/hours date:2026-12-25 region:emea");
    let lines = region_lines(&reply, "Europe, Middle East & Africa");
    assert_eq!(
        lines[1],
        "🔴 Fri 25 Dec 2026: closed (holiday: Christmas Day)"
    );
    assert!(lines[3].contains("P1 24x7 (every plan)"), "{}", lines[3]);
    assert!(!all_text(&reply).contains("When support is available"));
}

// Finding 4, fourth input: 年末年始, a stretch, answered from its first day with its week's days
// off [D]: Japan closes 31 December to 3 January, the other regions on 1 January.
#[test]
fn the_year_end_break_lists_each_regions_days_off() {
    let bot = Bot::new(ASKED);
    let (line, reply) = answer(&bot, "年末年始はサポートありますか");
    assert_eq!(line, "/hours date:2026-12-29");
    let japan = region_lines(&reply, "日本");
    assert_eq!(japan[1], "🟢 2026年12月29日（火）：営業 9:00～17:30");
    assert_eq!(
        japan[2..7],
        [
            "その週のほかの休業日：",
            "2026年12月31日（木） — 祝日：銀行休業日",
            "2027年1月1日（金） — 祝日：元日; 銀行休業日",
            "2027年1月2日（土） — 祝日：銀行休業日",
            "2027年1月3日（日） — 祝日：銀行休業日",
        ]
    );
    let emea = region_lines(&reply, "ヨーロッパ、中東、アフリカ");
    assert!(
        emea.iter().any(|l| l == "2027年1月1日（金） — 祝日：元日"),
        "{emea:#?}"
    );
    assert!(
        !emea.iter().any(|l| l.starts_with("2026年12月31日")),
        "31 December is a business day in England: {emea:#?}"
    );
}

// A weekday alone means any such day ("do you work saturdays"): the table of calendars stays.
#[test]
fn a_weekday_alone_still_gets_the_calendars() {
    let bot = Bot::new(ASKED);
    let (line, _) = answer(&bot, "do you work on saturdays");
    assert_eq!(line, "/support coverage");
}

// The slash command with the option, in each language; a business day, a weekend, a holiday.
#[test]
fn hours_with_a_date_answers_for_that_day_in_each_language() {
    let bot = Bot::new(ASKED);
    let reply = hours(&bot, Language::En, "/hours region:emea date:2026-12-24");
    assert_eq!(reply.outcome, Outcome::Answered);
    let lines = region_lines(&reply, "Europe, Middle East & Africa");
    assert_eq!(lines[1], "🟢 Thu 24 Dec 2026: open 9:00–17:00");
    assert!(!lines.iter().any(|l| l.starts_with("Still counted")));
    let labor_day = [
        (
            Language::En,
            "Japan",
            "🔴 Mon 23 Nov 2026: closed (holiday: Labor Thanksgiving Day)",
            "Still counted that day: P1 24x7 (every plan) · P2 24x5 (Enterprise Support, Elite Support) · P3 24x5 (Elite Support)",
        ),
        (
            Language::ZhTw,
            "日本",
            "🔴 2026年11月23日（一）：不營業（假日：勤勞感謝之日）",
            "當天仍計時：P1 24x7（所有方案） · P2 24x5（企業支援、Elite 支援） · P3 24x5（Elite 支援）",
        ),
        (
            Language::Ja,
            "日本",
            "🔴 2026年11月23日（月）：休業（祝日：勤労感謝の日）",
            "その日も計測される目標：P1 24 時間年中無休（すべてのプラン） · P2 平日 24 時間（エンタープライズサポート、エリートサポート） · P3 平日 24 時間（エリートサポート）",
        ),
    ];
    for (language, region, closed, counting) in labor_day {
        // Three days before ASKED: no reopening in the past between the two (review 6, item 6).
        let reply = hours(&bot, language, "/hours region:japan date:2026-11-23");
        let lines = region_lines(&reply, region);
        assert_eq!(lines[1], closed);
        assert_eq!(lines[2], counting);
    }
    // A weekend: 24x5 does not count, only 24x7.
    let reply = hours(&bot, Language::En, "/hours region:americas date:2026-12-05");
    let lines = region_lines(&reply, "Americas");
    assert_eq!(lines[1], "🔴 Sat 5 Dec 2026: closed (weekend)");
    assert_eq!(lines[3], "Still counted that day: P1 24x7 (every plan)");
}

// A bad day is refused with what to type instead, in each language.
#[test]
fn a_bad_date_is_refused_with_what_to_type() {
    let bot = Bot::new(ASKED);
    for (language, says) in [
        (Language::En, "Use a date such as"),
        (Language::ZhTw, "2026-11-20"),
        (Language::Ja, "のような日付を指定してください"),
    ] {
        for value in ["2026-02-30", "christmas", "25/12/2026"] {
            let reply = hours(&bot, language, &format!("/hours date:{value}"));
            assert_eq!(reply.outcome, Outcome::BadInput, "{value}");
            assert!(reply.text.contains(value), "{value}: {}", reply.text);
            assert!(reply.text.contains(says), "{value}: {}", reply.text);
        }
        let reply = hours(&bot, language, "/hours date:2100-01-01");
        assert_eq!(reply.outcome, Outcome::BadInput);
        assert!(reply.text.contains("2099"), "{}", reply.text);
    }
}

// Finding 6: the Japan filing window's refusal on a holiday names it; on a weekend says so; on a
// weekday evening says neither.
#[test]
fn the_filing_window_refusal_says_why_today_is_closed() {
    let bot = Bot::new("2026-11-23T01:00:00Z");
    bot.org(r#"name:"Nihon Shoji" plan:business region:japan products:analytics"#);
    let line = r#"/case file org:nihon-shoji product:analytics priority:p3 title:"holiday""#;
    for (language, holiday) in [
        (
            Language::En,
            "Today is a holiday: Labor Thanksgiving Day. In the Japan region",
        ),
        (Language::ZhTw, "今天是假日：勤勞感謝之日。在日本地區"),
        (Language::Ja, "本日は祝日です：勤労感謝の日。日本地域では"),
    ] {
        let who = Caller::new(UserId(1), Role::Agent, language);
        let reply = unmarked(bot.engine.handle_line(who, line));
        assert_eq!(reply.outcome, Outcome::BadInput);
        assert!(reply.text.starts_with(holiday), "{}", reply.text);
    }
    // 31 December: the bank holiday the tester found unexplained.
    bot.set_now("2026-12-31T01:00:00Z");
    let reply = bot.refused(agent(), line);
    assert!(
        reply.text.starts_with("Today is a holiday: Bank Holiday."),
        "{}",
        reply.text
    );
    bot.set_now("2026-11-28T01:00:00Z");
    let reply = bot.refused(agent(), line);
    assert!(
        reply
            .text
            .starts_with("Today is a weekend day. In the Japan region"),
        "{}",
        reply.text
    );
    bot.set_now("2026-11-25T10:00:00Z");
    let reply = bot.refused(agent(), line);
    assert!(
        reply.text.starts_with("In the Japan region"),
        "a weekday evening has no day off to name: {}",
        reply.text
    );
}

// The same gap in `/hours` now: closed on a weekend says it is one, as on a holiday.
#[test]
fn hours_closed_now_says_weekend_or_holiday() {
    let bot = Bot::new("2026-11-28T01:00:00Z");
    let reply = hours(&bot, Language::En, "/hours region:japan");
    let lines = region_lines(&reply, "Japan");
    assert_eq!(lines[1..3], ["🔴 Closed now", "Today is a weekend day"]);
    bot.set_now("2026-11-23T01:00:00Z");
    let reply = hours(&bot, Language::En, "/hours region:japan");
    let lines = region_lines(&reply, "Japan");
    assert_eq!(
        lines[1..3],
        [
            "🔴 Closed now",
            "Today is a holiday: Labor Thanksgiving Day"
        ]
    );
    // Today asked by its date is answered as now.
    let reply = hours(&bot, Language::En, "/hours region:japan date:2026-11-23");
    let lines = region_lines(&reply, "Japan");
    assert_eq!(lines[1], "🔴 Closed now");
}

// Other days named in three languages reach `/hours date:`; today named is answered as now, and
// a time alone is no day.
#[test]
fn days_named_in_three_languages_reach_hours_with_the_date() {
    for (question, want) in [
        (
            "when does americas support open tomorrow",
            "/hours region:americas date:2026-11-27",
        ),
        (
            "日本支援窗口明天幾點開",
            "/hours region:japan date:2026-11-27",
        ),
        // Two days named: their stretch (review 6, item 2; this once recorded the first only).
        (
            "聖誕節跟元旦有人值班嗎",
            "/hours date:2026-12-25 until:2027-01-01",
        ),
        ("クリスマスはサポートやってますか", "/hours date:2026-12-25"),
        ("is support open on 2027-01-04", "/hours date:2027-01-04"),
        ("is emea open today", "/hours region:emea"),
        ("is emea open at 5pm", "/hours region:emea"),
    ] {
        let q = intents()
            .question(question, at(ASKED))
            .unwrap_or_else(|| panic!("{question:?} is not placed"));
        assert_eq!(q.line(), want, "{question:?}");
    }
}

// Review 6, item 1: "tomorrow" asked of a region is the region's tomorrow, when UTC's date is
// another day than the region's.
#[test]
fn tomorrow_is_counted_in_the_regions_zone() {
    for (asked, question, want, region, first) in [
        // Fri 27 Nov 05:00 in Tokyo: tomorrow is Saturday.
        (
            "2026-11-26T20:00:00Z",
            "日本支援窗口明天幾點開",
            "/hours region:japan date:2026-11-28",
            "日本",
            "🔴 2026年11月28日（六）：不營業（週末）",
        ),
        // Thu 26 Nov 19:00 in Los Angeles: tomorrow is Friday, open.
        (
            "2026-11-27T03:00:00Z",
            "when does americas support open tomorrow",
            "/hours region:americas date:2026-11-27",
            "Americas",
            "🟢 Fri 27 Nov 2026: open 6:00–17:30",
        ),
    ] {
        let bot = Bot::new(asked);
        let q = intents()
            .question(question, at(asked))
            .unwrap_or_else(|| panic!("{question:?} is not placed"));
        assert_eq!(q.line(), want, "{question:?} at {asked}");
        let reply = bot.say(
            Caller::new(UserId(1), Role::Customer, q.language),
            &q.line(),
        );
        let lines = region_lines(&reply, region);
        assert_eq!(lines[1], first, "{question:?} at {asked}: {lines:#?}");
    }
}

// Review 6, item 5: a holiday on a weekend is named as the holiday in every answer that says
// why a day is closed, as the calendar decides once.
#[test]
fn a_holiday_on_a_weekend_is_named_as_the_holiday_everywhere() {
    // Sat 26 Dec 2026, Boxing Day, in London.
    let bot = Bot::new("2026-12-26T12:00:00Z");
    let reply = hours(&bot, Language::En, "/hours region:emea");
    let lines = region_lines(&reply, "Europe, Middle East & Africa");
    assert_eq!(
        lines[1..3],
        ["🔴 Closed now", "Today is a holiday: Boxing Day"],
        "{lines:#?}"
    );
    // Sat 2 Jan 2027, a bank holiday in Japan: the filing window's refusal says so, as
    // `/hours date:` does.
    bot.set_now("2027-01-02T01:00:00Z");
    bot.org(r#"name:"Nihon Shoji" plan:business region:japan products:analytics"#);
    let line = r#"/case file org:nihon-shoji product:analytics priority:p3 title:"new year""#;
    let reply = bot.refused(agent(), line);
    assert!(
        reply
            .text
            .starts_with("Today is a holiday: Bank Holiday. In the Japan region"),
        "{}",
        reply.text
    );
    let reply = hours(&bot, Language::En, "/hours region:japan");
    let lines = region_lines(&reply, "Japan");
    assert_eq!(
        lines[1..3],
        ["🔴 Closed now", "Today is a holiday: Bank Holiday"],
        "{lines:#?}"
    );
}

// Review 6, item 6: a day already over is not said to open at an instant in the past.
#[test]
fn a_past_day_has_no_opening_in_the_past() {
    let bot = Bot::new(ASKED);
    // Sat 21 Nov 2026, before Thursday 26 Nov: closed for the weekend, reopened long ago.
    let reply = hours(&bot, Language::En, "/hours region:emea date:2026-11-21");
    let lines = region_lines(&reply, "Europe, Middle East & Africa");
    assert_eq!(
        lines[1], "🔴 Sat 21 Nov 2026: closed (weekend)",
        "{lines:#?}"
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("Opens")),
        "no opening before now: {lines:#?}"
    );
    // A closed day still to come keeps its reopening.
    let reply = hours(&bot, Language::En, "/hours region:emea date:2026-11-28");
    let lines = region_lines(&reply, "Europe, Middle East & Africa");
    assert!(
        lines[2].starts_with(&format!("Opens {}", stamp("2026-11-30T09:00:00Z"))),
        "{lines:#?}"
    );
}

// Review 6, item 2: several days named are answered as the stretch from the first to the last
// [D], so the later ones are in the answer too, by their names.
#[test]
fn several_days_named_are_answered_as_their_stretch() {
    let bot = Bot::new(ASKED);
    for (question, want, region, new_year) in [
        (
            "Will anyone be around over Christmas and New Year in the UK?",
            "/hours date:2026-12-25 region:emea until:2027-01-01",
            "Europe, Middle East & Africa",
            "Fri 1 Jan 2027 — holiday: New Year's Day",
        ),
        (
            "日本聖誕節跟元旦有人值班嗎",
            "/hours date:2026-12-25 region:japan until:2027-01-01",
            "日本",
            "2027年1月1日（五） — 假日：銀行休假日; 元旦",
        ),
    ] {
        let (line, reply) = answer(&bot, question);
        assert_eq!(line, want, "{question:?}");
        let lines = region_lines(&reply, region);
        assert!(
            lines.iter().any(|l| l == new_year),
            "{new_year}: {lines:#?}"
        );
    }
    // One day named is still answered with the rest of its week; "christmas eve" is one day.
    let (line, _) = answer(&bot, "is emea open on christmas eve");
    assert_eq!(line, "/hours date:2026-12-24 region:emea");
    // At most two weeks after the first day.
    let reply = hours(
        &bot,
        Language::En,
        "/hours region:japan date:2026-12-01 until:2027-03-01",
    );
    let lines = region_lines(&reply, "Japan");
    assert!(
        !lines.iter().any(|l| l.contains("Jan 2027")),
        "capped at 14 days: {lines:#?}"
    );
    // `until:` alone has no first day.
    let reply = hours(&bot, Language::En, "/hours until:2027-01-01");
    assert_eq!(reply.outcome, Outcome::BadInput, "{}", all_text(&reply));
}
