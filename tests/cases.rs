//! Cases, organisations and contacts, end to end: every rule of the programme through the
//! engine on a real store with a clock the test moves, and the binary (`ask`, the console,
//! the store's lock) for the same commands.

#[path = "common/cases.rs"]
mod support;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::sync::Arc;

use support::*;
use supportbot::domain::case::CaseId;
use supportbot::domain::ids::Priority;
use supportbot::domain::org::OrgId;
use supportbot::engine::{Mentions, Outcome, Reply};

/// Friday 2026-11-20 16:30 in London: the README's worked example (Business P2 due Monday
/// 10:30).
const FRI_1630_LONDON: &str = "2026-11-20T16:30:00Z";

fn org_id(id: &str) -> OrgId {
    id.parse().expect("an organisation id")
}

fn stored_due(bot: &Bot, id: &str) -> chrono::DateTime<chrono::Utc> {
    let id: CaseId = id.parse().expect("a case id");
    bot.engine
        .store()
        .expect("a store")
        .case(id)
        .expect("the store reads")
        .expect("the case exists")
        .due_at
}

/// The lines of a `/case list` reply as (due, id), in the order shown.
fn listed(reply: &Reply) -> Vec<(i64, String)> {
    reply
        .text
        .lines()
        .filter(|l| l.starts_with("`CASE-"))
        .map(|line| {
            let id = case_ids(line).remove(0);
            let due = line
                .split("<t:")
                .nth(1)
                .and_then(|rest| rest.split(':').next())
                .and_then(|n| n.parse::<i64>().ok())
                .unwrap_or_else(|| panic!("no due instant in {line}"));
            (due, id)
        })
        .collect()
}

/// The ids a `/case list` reply shows; answered cases show their verdict, not a due instant.
fn listed_ids(reply: &Reply) -> BTreeSet<String> {
    reply
        .text
        .lines()
        .filter(|l| l.starts_with("`CASE-"))
        .map(|line| case_ids(line).remove(0))
        .collect()
}

// ─── The Japan submission window ──────────────────────────────────────────────────────────────

#[test]
fn japan_takes_p2_to_p4_only_in_business_hours_and_p1_at_any_time() {
    let bot = Bot::new("2026-11-25T00:00:00Z");
    bot.org(r#"name:"Nihon Shoji" plan:business region:japan products:adobe-commerce,analytics"#);
    // (instant, what it is in Tokyo, the next opening if closed)
    let moments = [
        (
            "2026-11-24T23:59:00Z",
            "Wed 25 Nov 08:59",
            Some("2026-11-25T00:00:00Z"),
        ),
        ("2026-11-25T00:00:00Z", "Wed 25 Nov 09:00", None),
        ("2026-11-25T08:29:00Z", "Wed 25 Nov 17:29", None),
        (
            "2026-11-25T08:30:00Z",
            "Wed 25 Nov 17:30",
            Some("2026-11-26T00:00:00Z"),
        ),
        (
            "2026-11-23T01:00:00Z",
            "Mon 23 Nov 10:00, 勤労感謝の日",
            Some("2026-11-24T00:00:00Z"),
        ),
        (
            "2026-11-20T08:30:00Z",
            "Fri 20 Nov 17:30, before a weekend and a holiday",
            Some("2026-11-24T00:00:00Z"),
        ),
        (
            "2026-11-28T01:00:00Z",
            "Sat 28 Nov 10:00",
            Some("2026-11-30T00:00:00Z"),
        ),
    ];
    for (now, local, next_open) in moments {
        bot.set_now(now);
        for priority in ["p2", "p3", "p4"] {
            let line = format!(
                "/case file org:nihon-shoji product:analytics priority:{priority} title:\"{local}\""
            );
            match next_open {
                Some(next) => {
                    let reply = bot.refused(agent(), &line);
                    assert!(
                        reply.text.contains(
                            "In the Japan region, P2, P3, P4 cases can be submitted only during business hours (9:00–17:30 local time)"
                        ),
                        "{local} {priority}: {}",
                        reply.text
                    );
                    assert!(
                        reply
                            .text
                            .contains(&format!("Support opens {}", stamp(next))),
                        "{local} {priority}: the next opening should be {next}: {}",
                        reply.text
                    );
                    assert!(reply.text.contains("P1 cases can be filed at any time"));
                }
                None => {
                    bot.file(agent(), &line);
                }
            }
        }
        // P1 is taken whenever it is, open or not.
        let id = bot.file(
            agent(),
            &format!(
                "/case file org:nihon-shoji product:analytics priority:p1 title:\"P1 {local}\" impact:\"checkout down\""
            ),
        );
        assert_eq!(
            stored_due(&bot, &id),
            at(now) + chrono::TimeDelta::hours(1),
            "Business P1 is 24x7 / 1 hour"
        );
    }
    // The due instant of a case filed at opening: 2 business hours, Wed 11:00 Tokyo.
    bot.set_now("2026-11-25T00:00:00Z");
    let id = bot.file(
        agent(),
        "/case file org:nihon-shoji product:analytics priority:p2 title:due",
    );
    assert_eq!(stored_due(&bot, &id), at("2026-11-25T02:00:00Z"));
    // Filed at 17:29: one minute on Wednesday, 1 h 59 min on Thursday.
    bot.set_now("2026-11-25T08:29:00Z");
    let id = bot.file(
        agent(),
        "/case file org:nihon-shoji product:analytics priority:p2 title:late",
    );
    assert_eq!(stored_due(&bot, &id), at("2026-11-26T01:59:00Z"));
    // Filed at 17:29 on the Friday before 勤労感謝の日: the rest waits for Tuesday.
    bot.set_now("2026-11-20T08:29:00Z");
    let id = bot.file(
        agent(),
        "/case file org:nihon-shoji product:analytics priority:p2 title:friday",
    );
    assert_eq!(stored_due(&bot, &id), at("2026-11-24T01:59:00Z"));
}

#[test]
fn other_regions_take_every_priority_at_any_time() {
    let bot = Bot::new("2026-11-22T03:00:00Z"); // Sunday night in London
    bot.org("name:Europa plan:business region:emea");
    for priority in ["p2", "p3", "p4"] {
        bot.file(
            agent(),
            &format!("/case file org:europa product:analytics priority:{priority} title:sunday"),
        );
    }
}

// ─── Languages and impact ─────────────────────────────────────────────────────────────────────

#[test]
fn languages_a_region_or_product_does_not_support_are_refused() {
    let bot = Bot::new("2026-11-25T01:00:00Z"); // Wed 10:00 Tokyo, 01:00 London
    bot.org("name:Europa plan:business region:emea");
    bot.org("name:Pacifica plan:business region:apac");
    bot.org(r#"name:"Nihon Shoji" plan:business region:japan products:adobe-commerce,analytics"#);
    for (org, region) in [
        ("europa", "Europe, Middle East & Africa"),
        ("pacifica", "Asia Pacific"),
    ] {
        let reply = bot.refused(
            agent(),
            &format!("/case file org:{org} product:analytics priority:p3 title:x language:zh-TW"),
        );
        assert!(
            reply.text.contains(&format!(
                "Support in the {region} region is not given in Traditional Chinese"
            )) && reply.text.contains("English (`en`)"),
            "{}",
            reply.text
        );
    }
    let reply = bot.refused(
        agent(),
        "/case file org:nihon-shoji product:analytics priority:p3 title:x language:zh-TW",
    );
    assert!(
        reply.text.contains("English (`en`)") && reply.text.contains("Japanese (`ja`)"),
        "{}",
        reply.text
    );
    let reply = bot.refused(
        agent(),
        "/case file org:nihon-shoji product:adobe-commerce priority:p3 title:x language:ja",
    );
    assert!(
        reply.text.contains(
            "adobe-commerce has no Japanese support. File the case in English with `language:en`."
        ),
        "{}",
        reply.text
    );
    let reply = bot.ok(
        agent(),
        "/case file org:nihon-shoji product:analytics priority:p3 title:x language:ja",
    );
    assert_eq!(field(&reply, "Language"), "Japanese");
    let reply = bot.ok(
        agent(),
        "/case file org:nihon-shoji product:adobe-commerce priority:p3 title:x language:en",
    );
    assert_eq!(field(&reply, "Language"), "English");
    // Nothing refused was recorded.
    let list = bot.ok(agent(), "/case list");
    assert_eq!(listed(&list).len(), 2, "{}", list.text);
}

#[test]
fn p1_needs_a_business_impact_statement() {
    let bot = Bot::new(FRI_1630_LONDON);
    bot.org("name:Europa plan:business region:emea");
    let reply = bot.refused(
        agent(),
        "/case file org:europa product:analytics priority:p1 title:\"site down\"",
    );
    assert!(
        reply
            .text
            .contains("A P1 case needs a business-impact statement"),
        "{}",
        reply.text
    );
    let id = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p1 title:\"site down\" impact:\"no orders since 16:00\"",
    );
    assert_eq!(id, "CASE-000001", "the refused filing used no number");
    let reply = bot.ok(agent(), &format!("/case show id:{id}"));
    assert_eq!(field(&reply, "Business impact"), "no orders since 16:00");
}

// ─── Contacts ─────────────────────────────────────────────────────────────────────────────────

const PLANS: [(&str, &str, usize); 4] = [
    ("online", "Online Support", 4),
    ("business", "Business Support", 6),
    ("enterprise", "Enterprise Support", 10),
    ("elite", "Elite Support", 15),
];

#[test]
fn each_plan_allows_its_number_of_contacts_per_product() {
    let bot = Bot::new(FRI_1630_LONDON);
    for (plan, name, limit) in PLANS {
        bot.org(&format!(
            "name:\"Limit {plan}\" plan:{plan} region:emea products:analytics,target"
        ));
        let org = format!("limit-{plan}");
        for n in 1..=limit {
            let reply = bot.ok(
                agent(),
                &format!(
                    "/contacts add org:{org} product:analytics user:{}",
                    1000 + n
                ),
            );
            assert!(
                reply.text.contains(&format!("({n} of {limit})")),
                "{plan}: {}",
                reply.text
            );
        }
        let reply = bot.refused(
            agent(),
            &format!(
                "/contacts add org:{org} product:analytics user:{}",
                1000 + limit + 1
            ),
        );
        assert!(
            reply.text.contains(&format!(
                "{name} allows {limit} named support contacts for analytics, and all are taken"
            )),
            "{plan}: {}",
            reply.text
        );
        let list = bot.ok(agent(), &format!("/contacts list org:{org}"));
        assert!(
            list.text.contains(&format!(
                "{name} allows {limit} named support contacts per product"
            )),
            "{}",
            list.text
        );
        let users = field(&list, &format!("analytics ({limit}/{limit})"));
        assert_eq!(users.lines().count(), limit);
        assert!(!users.contains(&format!("<@{}>", 1000 + limit + 1)));
        // The limit is per product: the same person fits under another one.
        let reply = bot.ok(
            agent(),
            &format!(
                "/contacts add org:{org} product:target user:{}",
                1000 + limit + 1
            ),
        );
        assert!(
            reply.text.contains(&format!("(1 of {limit})")),
            "{}",
            reply.text
        );
        // Making room lets the next one in.
        bot.ok(
            agent(),
            &format!("/contacts remove org:{org} product:analytics user:1001"),
        );
        bot.ok(
            agent(),
            &format!(
                "/contacts add org:{org} product:analytics user:{}",
                1000 + limit + 1
            ),
        );
    }
}

#[test]
fn contacts_are_managed_by_agents_and_checked() {
    let bot = Bot::new(FRI_1630_LONDON);
    bot.org("name:Europa plan:business region:emea products:analytics");
    bot.ok(
        agent(),
        "/contacts add org:europa product:analytics user:100",
    );
    let reply = bot.refused(
        customer(100),
        "/contacts add org:europa product:analytics user:101",
    );
    assert!(reply.text.contains("Only support agents"), "{}", reply.text);
    let reply = bot.refused(
        agent(),
        "/contacts add org:europa product:analytics user:100",
    );
    assert!(
        reply.text.contains("already a named support contact"),
        "{}",
        reply.text
    );
    let reply = bot.refused(agent(), "/contacts add org:europa product:target user:101");
    assert!(
        reply
            .text
            .contains("not one of this organisation's products"),
        "{}",
        reply.text
    );
    let reply = bot.refused(
        agent(),
        "/contacts remove org:europa product:analytics user:101",
    );
    assert!(
        reply.text.contains("not a named support contact"),
        "{}",
        reply.text
    );
    let reply = bot.refused(
        agent(),
        "/contacts add org:nowhere product:analytics user:101",
    );
    assert!(
        reply.text.contains("Nothing with that id"),
        "{}",
        reply.text
    );
    // A contact sees their organisation's contacts.
    let reply = bot.ok(customer(100), "/contacts list org:europa product:analytics");
    assert_eq!(field(&reply, "analytics (1/6)"), "<@100>");
}

#[test]
fn a_plan_cannot_be_lowered_below_the_contacts_it_has() {
    let bot = Bot::new(FRI_1630_LONDON);
    bot.org("name:Grande plan:elite region:emea products:analytics,target");
    for n in 1..=11 {
        bot.ok(
            agent(),
            &format!(
                "/contacts add org:grande product:analytics user:{}",
                2000 + n
            ),
        );
    }
    for n in 1..=3 {
        bot.ok(
            agent(),
            &format!("/contacts add org:grande product:target user:{}", 3000 + n),
        );
    }
    let reply = bot.refused(admin(), "/org set org:grande plan:enterprise");
    assert!(
        reply.text.contains(
            "The organisation has more named contacts than Enterprise Support allows. Remove these first"
        ),
        "{}",
        reply.text
    );
    let everyone: Vec<String> = (1..=11).map(|n| format!("<@{}>", 2000 + n)).collect();
    assert!(
        reply.text.contains(&format!(
            "• analytics: 11 contacts, limit 10 — {}",
            everyone.join(", ")
        )),
        "{}",
        reply.text
    );
    assert!(
        !reply.text.contains("target"),
        "a product within the limit is not listed: {}",
        reply.text
    );
    // Nothing changed, nothing was audited.
    let show = bot.ok(admin(), "/org show org:grande");
    assert_eq!(field(&show, "Plan"), "Elite Support");
    let audit = bot
        .engine
        .store()
        .unwrap()
        .org(&org_id("grande"))
        .unwrap()
        .unwrap()
        .audit;
    assert!(audit.iter().all(|a| a.field != "plan"), "{audit:?}");
    // Online allows 4: both products are over it now.
    let reply = bot.refused(admin(), "/org set org:grande plan:online");
    assert!(
        reply.text.contains("• analytics: 11 contacts, limit 4"),
        "{}",
        reply.text
    );
    assert!(!reply.text.contains("• target"), "{}", reply.text);
    bot.ok(
        agent(),
        "/contacts remove org:grande product:analytics user:2011",
    );
    let reply = bot.ok(admin(), "/org set org:grande plan:enterprise");
    assert_eq!(field(&reply, "Plan"), "Enterprise Support");
}

// ─── Priority changes ─────────────────────────────────────────────────────────────────────────

#[test]
fn a_customer_raises_one_step_once_a_day_and_due_counts_from_submission() {
    let bot = Bot::new(FRI_1630_LONDON);
    bot.org("name:Europa plan:business region:emea products:analytics");
    bot.ok(
        agent(),
        "/contacts add org:europa product:analytics user:100",
    );
    let id = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p4 title:\"slow reports\" requester:100",
    );
    // Business P4: 1 business day = 8 h: Fri 16:30–17:00, Mon 9:00–16:30.
    assert_eq!(stored_due(&bot, &id), at("2026-11-23T16:30:00Z"));

    bot.set_now("2026-11-23T10:00:00Z");
    let me = customer(100);
    for (to, why) in [("p2", "two steps"), ("p1", "to P1")] {
        let reply = bot.refused(me, &format!("/case priority id:{id} priority:{to}"));
        assert!(
            reply
                .text
                .contains("one step at a time, from P4 to P3 or from P3 to P2"),
            "{why}: {}",
            reply.text
        );
    }
    let reply = bot.ok(
        me,
        &format!("/case priority id:{id} priority:p3 reason:\"blocking month end\""),
    );
    // P3: 4 business hours from the ORIGINAL submission: Fri 30 min + Mon 9:00–12:30.
    assert_eq!(stored_due(&bot, &id), at("2026-11-23T12:30:00Z"));
    assert!(
        reply.text.contains(&format!(
            "{id} is now P3. Counted from the original submission, the first response is due {}",
            stamp("2026-11-23T12:30:00Z")
        )),
        "{}",
        reply.text
    );
    // Not lower (said as such, not as a rule about raising: finding 10a), and not again within
    // 24 hours.
    let reply = bot.refused(me, &format!("/case priority id:{id} priority:p4"));
    assert!(
        reply.text.contains(
            "A customer can raise a case's priority but not lower it. To lower it, ask an agent in your support channel."
        ),
        "{}",
        reply.text
    );
    let reply = bot.refused(me, &format!("/case priority id:{id} priority:p2"));
    assert!(
        reply.text.contains(&format!(
            "once in 24 hours. You can raise it again {}",
            stamp("2026-11-24T10:00:00Z")
        )),
        "{}",
        reply.text
    );
    bot.set_now("2026-11-24T09:59:59Z");
    bot.refused(me, &format!("/case priority id:{id} priority:p2"));
    assert_eq!(stored_due(&bot, &id), at("2026-11-23T12:30:00Z"));
    bot.set_now("2026-11-24T10:00:00Z");
    bot.ok(me, &format!("/case priority id:{id} priority:p2"));
    // P2: 2 business hours from Friday 16:30: Monday 10:30, already past.
    assert_eq!(stored_due(&bot, &id), at("2026-11-23T10:30:00Z"));
    bot.set_now("2026-11-26T10:00:00Z");
    let reply = bot.refused(me, &format!("/case priority id:{id} priority:p1"));
    assert!(reply.text.contains("one step at a time"), "{}", reply.text);

    // An agent may make any change, down or several steps up, at once.
    bot.ok(agent(), &format!("/case priority id:{id} priority:p4"));
    assert_eq!(stored_due(&bot, &id), at("2026-11-23T16:30:00Z"));
    bot.ok(agent(), &format!("/case priority id:{id} priority:p1"));
    // P1: 24x7 / 1 hour from Friday 16:30.
    assert_eq!(stored_due(&bot, &id), at("2026-11-20T17:30:00Z"));
    bot.ok(agent(), &format!("/case priority id:{id} priority:p3"));
    assert_eq!(stored_due(&bot, &id), at("2026-11-23T12:30:00Z"));
    let reply = bot.refused(agent(), &format!("/case priority id:{id} priority:p3"));
    assert!(
        reply.text.contains("already has this priority"),
        "{}",
        reply.text
    );

    // The history keeps every change with the due instant before and after.
    let case = bot
        .engine
        .store()
        .unwrap()
        .case(id.parse().unwrap())
        .unwrap()
        .unwrap();
    let changes: Vec<(Priority, Priority)> = case
        .history
        .iter()
        .filter_map(|e| match &e.kind {
            supportbot::domain::case::EventKind::Priority { from, to, .. } => Some((*from, *to)),
            _ => None,
        })
        .collect();
    use Priority::*;
    assert_eq!(changes, [(P4, P3), (P3, P2), (P2, P4), (P4, P1), (P1, P3)]);
}

#[test]
fn a_customer_raise_is_limited_per_case_and_to_their_own_cases() {
    let bot = Bot::new("2026-11-23T10:00:00Z");
    bot.org("name:Europa plan:business region:emea products:analytics");
    bot.ok(
        agent(),
        "/contacts add org:europa product:analytics user:100",
    );
    let first = bot.file(
        customer(100),
        "/case file org:europa product:analytics priority:p4 title:one",
    );
    let second = bot.file(
        customer(100),
        "/case file org:europa product:analytics priority:p3 title:two",
    );
    bot.ok(
        customer(100),
        &format!("/case priority id:{first} priority:p3"),
    );
    bot.ok(
        customer(100),
        &format!("/case priority id:{second} priority:p2"),
    );
    // Someone who is not a contact does not even see the case.
    let reply = bot.refused(
        customer(101),
        &format!("/case priority id:{first} priority:p2"),
    );
    assert!(
        reply.text.contains("Nothing with that id"),
        "{}",
        reply.text
    );
}

// ─── Escalation ───────────────────────────────────────────────────────────────────────────────

#[test]
fn escalation_notifies_exactly_one_person_on_plans_that_have_it() {
    let bot = Bot::new(FRI_1630_LONDON);
    for (n, (plan, name, _)) in PLANS.into_iter().enumerate() {
        let n = n as u64;
        bot.org(&format!("name:\"Esc {plan}\" plan:{plan} region:emea"));
        bot.ok(
            admin(),
            &format!(
                "/org set org:esc-{plan} escalation-contact:<@{}> account-support-lead:{}",
                500 + n,
                600 + n
            ),
        );
        bot.ok(
            agent(),
            &format!(
                "/contacts add org:esc-{plan} product:analytics user:{}",
                700 + n
            ),
        );
        let id = bot.file(
            agent(),
            &format!(
                "/case file org:esc-{plan} product:analytics priority:p3 title:\"esc {plan}\""
            ),
        );
        let line = format!("/case escalate id:{id} reason:\"@everyone <@&123> go-live tomorrow\"");
        if plan == "online" {
            let reply = bot.refused(customer(700 + n), &line);
            assert!(
                reply.text.contains(&format!(
                    "{name} does not include Escalation Management. It includes: "
                )) && reply.text.contains("Named Support Contacts (per product)")
                    && reply
                        .text
                        .contains("raise the case's priority or file a P1"),
                "{}",
                reply.text
            );
            assert_eq!(reply.mentions, Mentions::default());
            let show = bot.ok(agent(), &format!("/case show id:{id}"));
            assert!(!field(&show, "History").contains("escalated"));
        } else {
            let reply = bot.ok(customer(700 + n), &line);
            // The reply pings nobody (on Discord it may be a private edit); the notice goes
            // through the reminder outbox, and no channel is set here.
            assert_eq!(reply.mentions, Mentions::default());
            assert!(
                reply.text.contains(&format!(
                    "{id} escalated, but no reminder channel is set for its region"
                )),
                "{}",
                reply.text
            );
            let show = bot.ok(agent(), &format!("/case show id:{id}"));
            assert!(
                field(&show, "History").contains("escalated: @everyone <@&123> go-live tomorrow"),
                "{}",
                field(&show, "History")
            );
            assert_eq!(show.mentions, Mentions::default());
        }
    }
    // Without an escalation contact, the Account Support Lead hears of it; with neither, nobody.
    bot.org("name:\"Lead Only\" plan:enterprise region:emea");
    bot.ok(admin(), "/org set org:lead-only account-support-lead:610");
    let id = bot.file(
        agent(),
        "/case file org:lead-only product:analytics priority:p3 title:x",
    );
    bot.ok(admin(), "/reminders set region:emea channel:4242 role:4343");
    let reply = bot.ok(agent(), &format!("/case escalate id:{id} reason:urgent"));
    assert_eq!(reply.mentions, Mentions::default());
    assert!(
        reply.text.contains(&format!(
            "{id} escalated; a notice to <#4242> pings <@610>."
        )),
        "{}",
        reply.text
    );
    bot.org("name:Nobody plan:elite region:emea");
    let id = bot.file(
        agent(),
        "/case file org:nobody product:analytics priority:p3 title:x",
    );
    let reply = bot.ok(agent(), &format!("/case escalate id:{id} reason:urgent"));
    assert_eq!(reply.mentions, Mentions::default());
    assert_eq!(
        reply.text,
        format!(
            "{id} escalated; a notice to <#4242> pings <@&4343>, as `nobody` has no escalation \
             contact or Account Support Lead (an administrator can set one with `/org set`)."
        ),
    );
    // A closed case is not escalated.
    bot.ok(agent(), &format!("/case close id:{id}"));
    let reply = bot.refused(agent(), &format!("/case escalate id:{id} reason:again"));
    assert!(reply.text.contains("The case is closed"), "{}", reply.text);
}

// ─── Privacy ──────────────────────────────────────────────────────────────────────────────────

#[test]
fn a_customer_of_one_organisation_learns_nothing_of_another() {
    let bot = Bot::new(FRI_1630_LONDON);
    bot.org("name:Alpha plan:elite region:emea products:analytics");
    bot.org("name:Beta plan:elite region:emea products:analytics");
    bot.ok(
        agent(),
        "/contacts add org:alpha product:analytics user:100",
    );
    bot.ok(agent(), "/contacts add org:beta product:analytics user:200");
    let mine = bot.file(
        customer(100),
        "/case file org:alpha product:analytics priority:p3 title:\"alpha's case\"",
    );
    let theirs = bot.file(
        customer(200),
        "/case file org:beta product:analytics priority:p3 title:\"beta secret\"",
    );
    let missing = "CASE-000999";
    let me = customer(100);
    for command in [
        "/case show id:{}",
        "/case note id:{} text:hello",
        "/case priority id:{} priority:p2",
        "/case close id:{}",
        "/case reopen id:{}",
        "/case respond id:{}",
        "/case escalate id:{} reason:urgent",
    ] {
        let about_theirs = bot.say(me, &command.replace("{}", &theirs));
        let about_nothing = bot.say(me, &command.replace("{}", missing));
        assert_eq!(about_theirs.outcome, Outcome::BadInput, "{command}");
        assert_eq!(
            about_theirs, about_nothing,
            "{command}: another organisation's case must look like no case at all"
        );
        assert!(
            about_theirs
                .text
                .starts_with("Nothing with that id is visible to you"),
            "{command}: {}",
            about_theirs.text
        );
        let text = all_text(&about_theirs);
        assert!(!text.contains("beta") && !text.contains("Beta"), "{text}");
    }
    // Beta's case is untouched.
    let theirs_now = bot.ok(agent(), &format!("/case show id:{theirs}"));
    assert_eq!(field(&theirs_now, "Priority"), "P3");
    assert_eq!(
        field(&theirs_now, "Status"),
        "Open, waiting for the first response"
    );
    assert_eq!(field(&theirs_now, "History").lines().count(), 1);
    // My own case is there.
    bot.ok(me, &format!("/case show id:{mine}"));

    let list = bot.ok(me, "/case list");
    assert_eq!(listed_ids(&list), BTreeSet::from([mine.clone()]));
    assert!(!all_text(&list).contains("beta"));
    for status in ["open", "responded", "closed"] {
        let list = bot.ok(me, &format!("/case list status:{status}"));
        assert!(!listed_ids(&list).contains(&theirs), "{status}");
    }
    assert_eq!(
        bot.say(me, "/case list org:beta"),
        bot.say(me, "/case list org:gamma")
    );
    let shown = bot.refused(me, "/org show org:beta");
    assert_eq!(shown, bot.say(me, "/org show org:gamma"));
    assert!(shown.text.starts_with("Nothing with that id"));
    assert_eq!(
        bot.say(me, "/contacts list org:beta"),
        bot.say(me, "/contacts list org:gamma")
    );
    assert_eq!(
        bot.say(
            me,
            "/case file org:beta product:analytics priority:p3 title:x"
        ),
        bot.say(
            me,
            "/case file org:gamma product:analytics priority:p3 title:x"
        )
    );
    let orgs = bot.ok(me, "/org list");
    assert!(
        orgs.text.contains("`alpha`") && !orgs.text.contains("beta"),
        "{}",
        orgs.text
    );
    // Agents see both.
    let list = bot.ok(agent(), "/case list");
    assert_eq!(listed_ids(&list), BTreeSet::from([mine, theirs]));
}

// ─── Responses, the list, the audit, statistics ───────────────────────────────────────────────

#[test]
fn respond_says_whether_the_target_was_met_and_by_how_much() {
    let bot = Bot::new(FRI_1630_LONDON);
    bot.org("name:Europa plan:business region:emea products:analytics");
    bot.ok(
        agent(),
        "/contacts add org:europa product:analytics user:100",
    );
    let early = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p2 title:a",
    );
    let late = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p2 title:b",
    );
    assert_eq!(stored_due(&bot, &early), at("2026-11-23T10:30:00Z"));

    bot.set_now("2026-11-23T09:15:00Z");
    let reply = bot.refused(customer(100), &format!("/case respond id:{early}"));
    assert!(reply.text.contains("Only support agents"), "{}", reply.text);
    let reply = bot.ok(
        agent(),
        &format!("/case respond id:{early} note:\"looking\""),
    );
    assert!(
        reply.text.contains(
            "Target met with 1 h 15 min to spare (business hours; 1 h 15 min wall-clock)."
        ),
        "{}",
        reply.text
    );
    assert_eq!(field(&reply, "Status"), "Responded");

    bot.set_now("2026-11-23T11:00:00Z");
    let reply = bot.ok(agent(), &format!("/case respond id:{late}"));
    assert!(
        reply
            .text
            .contains("Target missed by 30 min (business hours; 30 min wall-clock)."),
        "{}",
        reply.text
    );
    let reply = bot.refused(agent(), &format!("/case respond id:{early}"));
    assert!(
        reply.text.contains(&format!(
            "The initial response was already recorded {}",
            stamp("2026-11-23T09:15:00Z")
        )),
        "{}",
        reply.text
    );
    // The response is kept as it was.
    let show = bot.ok(agent(), &format!("/case show id:{early}"));
    assert!(field(&show, "Initial response").contains("Target met with 1 h 15 min to spare"));

    // Missed across Friday and a weekend: counted in business hours (Thu 16:30–17:00, Fri
    // 9:00–17:00, Mon 9:00–9:30), not wall-clock time.
    bot.set_now("2026-11-19T14:30:00Z");
    let thursday = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p2 title:c",
    );
    assert_eq!(stored_due(&bot, &thursday), at("2026-11-19T16:30:00Z"));
    bot.set_now("2026-11-23T09:30:00Z");
    let reply = bot.ok(agent(), &format!("/case respond id:{thursday}"));
    assert!(
        reply
            .text
            .contains("Target missed by 9 h (business hours; 3 d 17 h wall-clock)."),
        "{}",
        reply.text
    );

    // A closed case takes no response until reopened.
    let closed = bot.file(
        agent(),
        "/case file org:europa product:analytics priority:p3 title:d",
    );
    bot.ok(agent(), &format!("/case close id:{closed}"));
    let reply = bot.refused(agent(), &format!("/case close id:{closed}"));
    assert!(reply.text.contains("The case is closed"), "{}", reply.text);
    bot.refused(agent(), &format!("/case respond id:{closed}"));
    bot.ok(agent(), &format!("/case reopen id:{closed}"));
    let reply = bot.refused(agent(), &format!("/case reopen id:{closed}"));
    assert!(
        reply.text.contains("The case is not closed"),
        "{}",
        reply.text
    );
    let reply = bot.ok(agent(), &format!("/case respond id:{closed}"));
    assert!(reply.text.contains("Target met with"), "{}", reply.text);
}

#[test]
fn the_case_list_is_sorted_by_due_paged_and_filtered() {
    // Monday 09:00 London: Business P1 due 10:00, P2 11:00, P3 13:00, P4 17:00.
    let bot = Bot::new("2026-11-23T09:00:00Z");
    bot.org("name:Listco plan:business region:emea products:analytics");
    let cycle = ["p4", "p3", "p2", "p1"];
    let mut by_priority: Vec<(String, String)> = Vec::new();
    for n in 0..15 {
        let priority = cycle[n % 4];
        let id = bot.file(
            agent(),
            &format!(
                "/case file org:listco product:analytics priority:{priority} title:\"case {n}\" impact:\"impact\""
            ),
        );
        by_priority.push((priority.to_owned(), id));
    }
    let all: BTreeSet<String> = by_priority.iter().map(|(_, id)| id.clone()).collect();

    let page1 = bot.ok(agent(), "/case list");
    let page2 = bot.ok(agent(), "/case list page:2");
    let (one, two) = (listed(&page1), listed(&page2));
    assert_eq!(one.len(), 10, "{}", page1.text);
    assert_eq!(two.len(), 5, "{}", page2.text);
    assert!(
        page1
            .footer
            .as_deref()
            .is_some_and(|f| f.contains("page:2")),
        "{:?}",
        page1.footer
    );
    assert_eq!(page2.footer, None);
    assert_eq!(page2.title, "Cases · page 2");
    let both: Vec<(i64, String)> = one.iter().chain(&two).cloned().collect();
    assert!(
        both.windows(2).all(|w| w[0] <= w[1]),
        "sorted by due, then id: {both:?}"
    );
    assert_eq!(
        both.iter()
            .map(|(_, id)| id.clone())
            .collect::<BTreeSet<_>>(),
        all
    );
    assert_eq!(both[0].0, at("2026-11-23T10:00:00Z").timestamp());
    assert_eq!(both[14].0, at("2026-11-23T17:00:00Z").timestamp());
    let page3 = bot.ok(agent(), "/case list page:3");
    assert_eq!(page3.text, "No cases match.");
    // The same for the organisation's own view.
    let org_page1 = bot.ok(agent(), "/case list org:listco");
    assert_eq!(listed(&org_page1), one);

    // Priority filter.
    let p1: BTreeSet<String> = by_priority
        .iter()
        .filter(|(p, _)| p == "p1")
        .map(|(_, id)| id.clone())
        .collect();
    assert_eq!(p1.len(), 3);
    assert_eq!(listed_ids(&bot.ok(agent(), "/case list priority:p1")), p1);

    // Respond to the first P1 late, close the second; at 12:00 the open P1 and P2 are breaching.
    let p1: Vec<String> = p1.into_iter().collect();
    bot.set_now("2026-11-23T12:00:00Z");
    bot.ok(agent(), &format!("/case respond id:{}", p1[0]));
    bot.ok(agent(), &format!("/case close id:{}", p1[1]));
    let breaching_open: BTreeSet<String> = by_priority
        .iter()
        .filter(|(p, id)| (p == "p1" || p == "p2") && *id != p1[0] && *id != p1[1])
        .map(|(_, id)| id.clone())
        .collect();
    assert_eq!(breaching_open.len(), 5);
    let reply = bot.ok(agent(), "/case list breaching:true");
    assert_eq!(listed_ids(&reply), breaching_open);
    assert!(
        reply.text.lines().all(|l| l.ends_with(" ⚠")),
        "{}",
        reply.text
    );
    assert_eq!(
        listed_ids(&bot.ok(agent(), "/case list org:listco breaching:true")),
        breaching_open
    );
    assert_eq!(
        listed_ids(&bot.ok(agent(), "/case list status:responded")),
        BTreeSet::from([p1[0].clone()])
    );
    assert_eq!(
        listed_ids(&bot.ok(agent(), "/case list status:responded breaching:true")),
        BTreeSet::from([p1[0].clone()])
    );
    assert_eq!(
        listed_ids(&bot.ok(agent(), "/case list status:closed")),
        BTreeSet::from([p1[1].clone()])
    );
    assert_eq!(
        listed_ids(&bot.ok(agent(), "/case list status:open priority:p1")),
        BTreeSet::from([p1[2].clone()])
    );
    // Open is the default: 13 remain, 10 + 3.
    assert_eq!(listed(&bot.ok(agent(), "/case list")).len(), 10);
    assert_eq!(listed(&bot.ok(agent(), "/case list page:2")).len(), 3);
    bot.refused(agent(), "/case list page:0");
    bot.refused(agent(), "/case list status:pending");
}

#[test]
fn org_changes_are_audited_with_who_and_old_and_new() {
    let bot = Bot::new(FRI_1630_LONDON);
    bot.org("name:Europa plan:business region:emea");
    let reply = bot.refused(agent(), "/org set org:europa plan:elite");
    assert!(reply.text.contains("Only administrators"), "{}", reply.text);
    bot.set_now("2026-11-21T10:00:00Z");
    let reply = bot.ok(
        admin(),
        "/org set org:europa plan:enterprise timezone:Europe/Paris escalation-contact:55",
    );
    let changes = field(&reply, "Latest changes");
    for expected in [
        "<@9> · plan: business → enterprise",
        "<@9> · timezone: — → Europe/Paris",
        "<@9> · escalation-contact: — → <@55>",
    ] {
        assert!(changes.contains(expected), "{expected} in\n{changes}");
    }
    assert!(
        changes.contains(&stamp("2026-11-21T10:00:00Z")),
        "{changes}"
    );
    // Setting what is already set records nothing.
    bot.ok(admin(), "/org set org:europa plan:enterprise");
    let org = bot
        .engine
        .store()
        .unwrap()
        .org(&org_id("europa"))
        .unwrap()
        .unwrap();
    assert_eq!(org.audit.len(), 3, "{:?}", org.audit);
    let plan = &org.audit[0];
    assert_eq!(
        (
            plan.by.0,
            plan.field.as_str(),
            plan.old.as_str(),
            plan.new.as_str()
        ),
        (ADMIN, "plan", "business", "enterprise")
    );
    assert_eq!(plan.at, at("2026-11-21T10:00:00Z"));
    // Contact changes are audited too.
    bot.ok(
        agent(),
        "/contacts add org:europa product:analytics user:100",
    );
    let show = bot.ok(admin(), "/org show org:europa");
    assert!(
        field(&show, "Latest changes").contains("<@7> · contacts analytics: — → +<@100>"),
        "{}",
        field(&show, "Latest changes")
    );
    let reply = bot.refused(admin(), "/org add name:Europa plan:online region:apac");
    assert!(
        reply
            .text
            .contains("The organisation id `europa` is already taken"),
        "{}",
        reply.text
    );
}

#[test]
fn stats_count_met_out_of_total_per_priority_and_region() {
    let bot = Bot::new("2026-11-23T09:00:00Z"); // Mon 09:00 London, 18:00 Tokyo
    bot.org("name:Europa plan:business region:emea products:analytics");
    bot.org("name:Nippon plan:business region:japan products:analytics");
    let file = |org: &str, priority: &str| {
        bot.file(
            agent(),
            &format!("/case file org:{org} product:analytics priority:{priority} title:s"),
        )
    };
    // EMEA P2 (due 11:00): met, missed, still open past due, and P3 (due 13:00) met.
    let met = file("europa", "p2");
    let missed = file("europa", "p2");
    let _open_late = file("europa", "p2");
    let p3 = file("europa", "p3");
    // Japan P2 filed Tue 09:00 Tokyo (Mon 24:00 UTC): due Tue 11:00 Tokyo (02:00 UTC).
    bot.set_now("2026-11-24T00:00:00Z");
    let japan = file("nippon", "p2");
    let _japan_pending = file("nippon", "p3"); // due later: no outcome yet
    bot.set_now("2026-11-23T10:00:00Z");
    bot.ok(agent(), &format!("/case respond id:{met}"));
    bot.ok(agent(), &format!("/case respond id:{p3}"));
    bot.set_now("2026-11-23T11:30:00Z");
    bot.ok(agent(), &format!("/case respond id:{missed}"));
    bot.set_now("2026-11-24T01:00:00Z");
    bot.ok(agent(), &format!("/case respond id:{japan}"));

    bot.set_now("2026-11-24T01:00:00Z");
    let stats = bot.ok(agent(), "/stats from:2026-11-01 to:2026-11-30");
    let emea_p2 = field(&stats, "P2 · Europe, Middle East & Africa");
    assert!(emea_p2.starts_with("1 of 3 met"), "{emea_p2}");
    // Late: 30 min (responded 11:30) and, open since 11:00 and now Tue 01:00, 6 business hours
    // (14 h wall-clock): the target's own time, as `/case respond` says it.
    assert!(
        emea_p2.contains(
            "late in the target's own time: median 6 h, worst 6 h (wall-clock: median 14 h, worst 14 h)"
        ),
        "{emea_p2}"
    );
    assert_eq!(
        field(&stats, "P3 · Europe, Middle East & Africa"),
        "1 of 1 met"
    );
    assert_eq!(field(&stats, "P2 · Japan"), "1 of 1 met");
    assert_eq!(stats.fields.len(), 3, "{:#?}", stats.fields);

    let japan_only = bot.ok(agent(), "/stats from:2026-11-01 to:2026-11-30 region:japan");
    assert_eq!(japan_only.fields.len(), 1);
    assert_eq!(field(&japan_only, "P2 · Japan"), "1 of 1 met");
    let europa_only = bot.ok(agent(), "/stats from:2026-11-01 to:2026-11-30 org:europa");
    assert_eq!(europa_only.fields.len(), 2);
    let before = bot.ok(agent(), "/stats from:2026-10-01 to:2026-10-31");
    assert!(before.fields.is_empty());
    assert!(
        before
            .text
            .contains("No case in this range has an outcome yet.")
    );
    let reply = bot.refused(customer(100), "/stats");
    assert!(reply.text.contains("Only support agents"), "{}", reply.text);
}

#[test]
fn mentions_typed_by_users_are_stored_but_ping_nobody() {
    let bot = Bot::new(FRI_1630_LONDON);
    bot.org("name:Europa plan:business region:emea products:analytics");
    bot.ok(
        agent(),
        "/contacts add org:europa product:analytics user:100",
    );
    let title = "@everyone <@&123> <@42> @here help";
    let reply = bot.ok(
        customer(100),
        &format!(
            "/case file org:europa product:analytics priority:p3 title:\"{title}\" description:\"@everyone look\""
        ),
    );
    assert_eq!(reply.mentions, Mentions::default());
    let id = recorded_id(&reply.text).unwrap();
    let case = bot
        .engine
        .store()
        .unwrap()
        .case(id.parse().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(case.title.as_str(), title, "stored as typed");
    for line in [
        format!("/case show id:{id}"),
        format!("/case note id:{id} text:\"@everyone <@&123> ping\""),
        "/case list".to_owned(),
        format!("/case priority id:{id} priority:p2 reason:\"<@&123>\""),
    ] {
        let reply = bot.ok(customer(100), &line);
        assert_eq!(reply.mentions, Mentions::default(), "{line}");
        assert!(all_text(&reply).contains("@everyone"), "{line}");
    }
    for line in [
        format!("/case respond id:{id} note:\"@everyone\""),
        format!("/case close id:{id}"),
        "/stats".to_owned(),
    ] {
        assert_eq!(
            bot.ok(agent(), &line).mentions,
            Mentions::default(),
            "{line}"
        );
    }
}

// ─── Concurrency ──────────────────────────────────────────────────────────────────────────────

#[test]
fn case_ids_are_unique_when_filed_concurrently() {
    let bot = Bot::new(FRI_1630_LONDON);
    bot.org("name:Busy plan:elite region:emea products:analytics");
    let engine = Arc::new(bot.engine.clone());
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let engine = engine.clone();
            std::thread::spawn(move || {
                (0..50)
                    .map(|n| {
                        let reply = engine.handle_line(
                            agent(),
                            &format!(
                                "/case file org:busy product:analytics priority:p3 title:\"t{t} n{n}\""
                            ),
                        );
                        assert_eq!(reply.outcome, Outcome::Answered, "{}", reply.text);
                        let id = recorded_id(&reply.text).expect("an id");
                        (id, format!("t{t} n{n}"))
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut filed = Vec::new();
    for thread in threads {
        filed.extend(thread.join().expect("a filing thread"));
    }
    let ids: BTreeSet<String> = filed.iter().map(|(id, _)| id.clone()).collect();
    let expected: BTreeSet<String> = (1..=400).map(|n| format!("CASE-{n:06}")).collect();
    assert_eq!(ids, expected, "400 distinct ids, 1 to 400");
    let store = bot.engine.store().unwrap();
    for (id, title) in &filed {
        let case = store.case(id.parse().unwrap()).unwrap().expect("stored");
        assert_eq!(case.title.as_str(), title.as_str(), "{id}");
    }
}

// ─── The binary ───────────────────────────────────────────────────────────────────────────────

#[test]
fn ask_applies_the_rules_at_the_time_given() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = ask(
        d,
        None,
        "admin",
        ADMIN,
        r#"/org add name:"Nihon Shoji" plan:business region:japan products:adobe-commerce,analytics"#,
    );
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let out = ask(
        d,
        None,
        "agent",
        AGENT,
        "/contacts add org:nihon-shoji product:analytics user:100",
    );
    assert!(out.status.success(), "{}", stdout(&out));
    let file = "/case file org:nihon-shoji product:analytics priority:p2 title:\"window\"";
    // Wed 08:59 Tokyo: refused, naming 09:00 Tokyo (00:00 UTC) as the next opening.
    let out = ask(d, Some("2026-11-24T23:59:00Z"), "customer", 100, file);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("Support opens Wed 25 Nov 2026 09:00 JST (00:00 UTC, in 1 min)"),
        "{}",
        stdout(&out)
    );
    let out = ask(d, Some("2026-11-25T00:00:00Z"), "customer", 100, file);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("Recorded as CASE-000001."),
        "{}",
        stdout(&out)
    );
    // Holiday: refused until Tuesday 09:00 Tokyo.
    let out = ask(d, Some("2026-11-23T01:00:00Z"), "customer", 100, file);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains("Support opens Tue 24 Nov 2026 09:00 JST (00:00 UTC, in 23 h)"),
        "{}",
        stdout(&out)
    );
    let out = ask(
        d,
        Some("2026-11-23T01:00:00Z"),
        "customer",
        100,
        "/case file org:nihon-shoji product:analytics priority:p1 title:down impact:\"all down\"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("Recorded as CASE-000002."));
    // Another person sees no case; the agent does.
    let out = ask(d, None, "customer", 200, "/case show id:CASE-000001");
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("Nothing with that id is visible to you"));
    let out = ask(d, None, "agent", AGENT, "/case show id:CASE-000001");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("CASE-000001 · window"),
        "{}",
        stdout(&out)
    );
    // A catalog-only command needs no store.
    let out = ask(d, None, "customer", 1, "/hours region:japan");
    assert!(out.status.success());
}

#[test]
fn the_console_answers_every_command_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"/org add name:"Acme Corp" plan:business region:emea products:adobe-commerce"#,
        "/org set org:acme-corp escalation-contact:55",
        "/org show org:acme-corp",
        "/org list",
        "/contacts add org:acme-corp product:adobe-commerce user:100",
        "/contacts add org:acme-corp product:adobe-commerce user:101",
        "/contacts remove org:acme-corp product:adobe-commerce user:101",
        "/contacts list org:acme-corp",
        r#"/case file org:acme-corp product:adobe-commerce priority:p2 title:"checkout slow" requester:100"#,
        "/case show id:CASE-000001",
        "/case note id:CASE-000001 text:\"customer called\"",
        "/case priority id:CASE-000001 priority:p3 reason:workaround",
        "/case escalate id:CASE-000001 reason:\"go-live\"",
        "/case list",
        "/case respond id:CASE-000001",
        "/case close id:CASE-000001",
        "/case reopen id:CASE-000001",
        "/stats from:2026-11-01 to:2026-11-30",
        "/case respond id:CASE-000001",
    ];
    let mut child = bot_command(dir.path())
        .args([
            "--now",
            FRI_1630_LONDON,
            "run",
            "--as",
            "admin",
            "--user",
            "9",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("supportbot runs");
    let mut stdin = child.stdin.take().unwrap();
    for line in lines {
        writeln!(stdin, "{line}").unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "Organisation Acme Corp added with the id acme-corp: use org:acme-corp in commands.",
        "Organisation acme-corp updated.",
        "escalation-contact: — → <@55>",
        "acme-corp Acme Corp · Business Support · Europe, Middle East & Africa",
        "<@100> is now a named support contact of acme-corp for adobe-commerce (1 of 6).",
        "<@101> is no longer a named support contact of acme-corp for adobe-commerce (1 of 6).",
        "Recorded as CASE-000001. The first response is due Mon 23 Nov 2026 10:30 GMT (10:30 UTC",
        "Note added to CASE-000001.",
        "CASE-000001 is now P3. Counted from the original submission, the first response is due Mon 23 Nov 2026 12:30 GMT (12:30 UTC",
        // The console prints what no route sends, and says so.
        "CASE-000001 escalated. No reminder channel is set for its region, so the notice prints here in the console",
        "CASE-000001 P3 acme-corp checkout slow",
        "Initial response to CASE-000001 recorded",
        "Target met with",
        "CASE-000001 closed.",
        "CASE-000001 reopened.",
        "P3 · Europe, Middle East & Africa",
        "1 of 1 met",
        "The initial response was already recorded",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // Only the last line is refused.
    assert_eq!(text.matches("That did not work").count(), 1, "{text}");
}

#[test]
fn a_second_process_on_the_same_store_is_told_it_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = bot_command(dir.path())
        .args(["run", "--as", "admin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("supportbot runs");
    let mut stdin = child.stdin.take().unwrap();
    // Once the console answers, it holds the store.
    writeln!(stdin, "/org list").unwrap();
    stdin.flush().unwrap();
    let mut first = String::new();
    let mut output = BufReader::new(child.stdout.take().unwrap());
    output.read_line(&mut first).unwrap();
    assert_eq!(first.trim(), "Organisations");

    let out = ask(
        dir.path(),
        None,
        "admin",
        ADMIN,
        "/org add name:Second plan:online region:apac",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "is in use by another supportbot process; stop that process (a running bot holds its store until it exits) or choose another store with --data-dir"
        ),
        "{err}"
    );
    assert!(err.contains(&dir.path().display().to_string()), "{err}");
    let out = bot_command(dir.path())
        .args(["cases", "export"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("in use by another supportbot process"));
    // A store named by --store (or its variable) is changed there, not with --data-dir.
    let store = format!("sled:{}", dir.path().display());
    let out = bot_command(dir.path())
        .args(["--store", &store, "cases", "export"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("or choose another store with --store\n"),
        "{}",
        stderr(&out)
    );
    let out = bot_command(dir.path())
        .env("SUPPORTBOT_STORE", &store)
        .args(["store", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("or choose another store with SUPPORTBOT_STORE\n"),
        "{}",
        stderr(&out)
    );
    // What needs no store still answers.
    let out = ask(dir.path(), None, "customer", 1, "/hours region:emea");
    assert!(out.status.success(), "{}", stderr(&out));

    drop(stdin);
    assert!(child.wait().unwrap().success());
    drop(output);
    // Once the first process is gone, the store is free.
    let out = ask(
        dir.path(),
        None,
        "admin",
        ADMIN,
        "/org add name:Second plan:online region:apac",
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn contact_limits_hold_under_concurrent_changes() {
    let bot = Bot::new(FRI_1630_LONDON);
    bot.org("name:Racy plan:online region:emea products:analytics");
    let threads: Vec<_> = (1..=10)
        .map(|n| {
            let engine = bot.engine.clone();
            std::thread::spawn(move || {
                engine
                    .handle_line(
                        agent(),
                        &format!("/contacts add org:racy product:analytics user:{}", 4000 + n),
                    )
                    .outcome
            })
        })
        .collect();
    let added = threads
        .into_iter()
        .map(|t| t.join().unwrap())
        .filter(|o| *o == Outcome::Answered)
        .count();
    assert_eq!(added, 4, "Online allows 4 contacts per product");
    let org = bot
        .engine
        .store()
        .unwrap()
        .org(&org_id("racy"))
        .unwrap()
        .unwrap();
    assert_eq!(org.contacts.values().map(Vec::len).sum::<usize>(), 4);

    // Lowering the plan while a contact is being added: whichever comes first, the contacts
    // fit the plan the organisation ends with.
    let limits = |plan: supportbot::domain::ids::PlanId| {
        bot.engine.catalog().named_contacts_limit(plan) as usize
    };
    for trial in 0..20 {
        let name = format!("race-{trial}");
        bot.org(&format!("name:{name} plan:business region:emea"));
        for n in 1..=4 {
            bot.ok(
                agent(),
                &format!(
                    "/contacts add org:{name} product:analytics user:{}",
                    5000 + n
                ),
            );
        }
        let (a, b) = (bot.engine.clone(), bot.engine.clone());
        let (add_line, set_line) = (
            format!("/contacts add org:{name} product:analytics user:5005"),
            format!("/org set org:{name} plan:online"),
        );
        let adder = std::thread::spawn(move || a.handle_line(agent(), &add_line).outcome);
        let setter = std::thread::spawn(move || b.handle_line(admin(), &set_line).outcome);
        let (added, lowered) = (adder.join().unwrap(), setter.join().unwrap());
        assert_ne!(
            (added, lowered),
            (Outcome::Answered, Outcome::Answered),
            "trial {trial}: both the fifth contact and the Online plan were accepted"
        );
        let org = bot
            .engine
            .store()
            .unwrap()
            .org(&org_id(&name))
            .unwrap()
            .unwrap();
        for users in org.contacts.values() {
            assert!(users.len() <= limits(org.plan), "trial {trial}: {org:?}");
        }
    }
}

#[test]
fn concurrent_customer_raises_count_as_one() {
    let bot = Bot::new("2026-11-23T10:00:00Z");
    bot.org("name:Europa plan:business region:emea products:analytics");
    bot.ok(
        agent(),
        "/contacts add org:europa product:analytics user:100",
    );
    bot.ok(
        agent(),
        "/contacts add org:europa product:analytics user:101",
    );
    for trial in 0..20 {
        let id = bot.file(
            agent(),
            &format!("/case file org:europa product:analytics priority:p4 title:\"race {trial}\""),
        );
        // Two contacts raise the same case at once, P4→P3 and P3→P2: one raise a day.
        let threads: Vec<_> = [(100, "p3"), (101, "p2")]
            .into_iter()
            .map(|(user, to)| {
                let engine = bot.engine.clone();
                let line = format!("/case priority id:{id} priority:{to}");
                std::thread::spawn(move || engine.handle_line(customer(user), &line).outcome)
            })
            .collect();
        let accepted = threads
            .into_iter()
            .map(|t| t.join().unwrap())
            .filter(|o| *o == Outcome::Answered)
            .count();
        assert!(accepted <= 1, "trial {trial}: {accepted} raises in one day");
        let case = bot
            .engine
            .store()
            .unwrap()
            .case(id.parse().unwrap())
            .unwrap()
            .unwrap();
        assert!(
            matches!(case.priority, Priority::P4 | Priority::P3),
            "trial {trial}: {:?}",
            case.priority
        );
    }
}
