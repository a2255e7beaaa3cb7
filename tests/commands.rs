//! Every command in every language the bot speaks, checked against the catalog's own wording
//! (data/*.toml), and every reply checked against Discord's embed limits.

mod common;

use chrono_tz::Asia::Tokyo;
use chrono_tz::Europe::London;
use common::*;
use supportbot::engine::{Outcome, Reply};

const PLANS: [&str; 4] = ["online", "business", "enterprise", "elite"];
const PRIORITIES: [&str; 4] = ["p1", "p2", "p3", "p4"];
const REGIONS: [&str; 4] = ["americas", "emea", "apac", "japan"];
const COMMANDS: [&str; 8] = [
    "entitlements",
    "compare",
    "slo",
    "hours",
    "due",
    "features",
    "resources",
    "help",
];

// ---------------------------------------------------------------------------------------------
// Catalog wording (data/plans.toml, regions.toml, features.toml, locales/*.ftl)
// ---------------------------------------------------------------------------------------------

fn plan_name(locale: &str, plan: &str) -> &'static str {
    match plan {
        "online" => tr(locale, "Online Support", "線上支援", "オンラインサポート"),
        "business" => tr(locale, "Business Support", "業務支援", "ビジネスサポート"),
        "enterprise" => tr(
            locale,
            "Enterprise Support",
            "企業支援",
            "エンタープライズサポート",
        ),
        "elite" => tr(locale, "Elite Support", "Elite 支援", "エリートサポート"),
        other => panic!("no plan {other}"),
    }
}

fn region_name(locale: &str, region: &str) -> &'static str {
    match region {
        "americas" => tr(locale, "Americas", "美洲", "南北アメリカ"),
        "emea" => tr(
            locale,
            "Europe, Middle East & Africa",
            "歐洲、中東與非洲",
            "ヨーロッパ、中東、アフリカ",
        ),
        "apac" => tr(locale, "Asia Pacific", "亞太地區", "アジア太平洋"),
        "japan" => tr(locale, "Japan", "日本", "日本"),
        other => panic!("no region {other}"),
    }
}

fn account_support_lead(locale: &str) -> &'static str {
    tr(
        locale,
        "Account Support Lead",
        "帳戶支援負責人",
        "アカウントサポートリード",
    )
}

fn named_contacts(locale: &str) -> &'static str {
    tr(
        locale,
        "Named Support Contacts (per product)",
        "指定的支援聯絡人 (依據產品)",
        "サポート対象ユーザー（製品単位）",
    )
}

fn live_phone(locale: &str) -> &'static str {
    tr(
        locale,
        "Live Telephone Support",
        "即時電話支援",
        "電話サポート（ライブ）",
    )
}

fn escalation(locale: &str) -> &'static str {
    tr(
        locale,
        "Escalation Management",
        "向上呈報管理",
        "エスカレーション管理",
    )
}

fn online_support_row(locale: &str) -> &'static str {
    tr(locale, "Online Support", "線上支援", "標準サポート")
}

fn business_hours_value(locale: &str) -> &'static str {
    tr(locale, "Business hours", "營業時間", "営業時間内")
}

fn japan_rules(locale: &str) -> [&'static str; 3] {
    [
        tr(
            locale,
            "Language support is available only in English and Japanese.",
            "僅提供英文和日文的語言支援。",
            "サポートで対応している言語は、英語および日本語のみです。",
        ),
        tr(
            locale,
            "Adobe Commerce excludes Japanese language support.",
            "Adobe Commerce 不包含日文語言支援。",
            "Adobe Commerce のサポートは、日本語に対応していません。",
        ),
        tr(
            locale,
            "P2, P3, P4 cases are limited to business hours only in Japan.",
            "P2、P3、P4 案件僅限於在日本的營業時間提交。",
            "日本では、P2、P3、P4 の場合、営業時間内のみの対応です。",
        ),
    ]
}

/// The one line of an `/entitlements` reply that names `label`, with the label taken out: `✔`,
/// `–`, a count, or an hours kind.
fn entitlement_value(reply: &Reply, label: &str) -> String {
    let found: Vec<String> = reply
        .fields
        .iter()
        .flat_map(lines)
        .filter(|l| l.contains(label))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "exactly one line should name {label:?}: {found:?} in {reply:#?}"
    );
    found[0]
        .replacen(label, "", 1)
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：' | '*'))
        .to_owned()
}

/// The cells of a `/compare` row: (plan name, value).
fn compare_cells(reply: &Reply, label: &str) -> Vec<(String, String)> {
    field(reply, label)
        .value
        .replace("**", "")
        .split(" · ")
        .map(|cell| {
            let (plan, value) = cell
                .rsplit_once(": ")
                .unwrap_or_else(|| panic!("cell {cell:?} of {label:?} is not `plan: value`"));
            (plan.trim().to_owned(), value.trim().to_owned())
        })
        .collect()
}

fn answered(reply: &Reply, line: &str) {
    assert_eq!(
        reply.outcome,
        Outcome::Answered,
        "{line} was refused: {reply:#?}"
    );
}

fn assert_no_english(locale: &str, reply: &Reply) {
    if locale != "en-US" {
        // Product names that the catalog keeps in English are not sentences.
        let mut text = all_text(reply);
        for name in [
            "Experience Manager as Cloud",
            "AEM as a Cloud Service",
            "Adobe Digital Learning Services",
        ] {
            text = text.replace(name, " · ");
        }
        assert!(
            english_run(&text).is_none(),
            "{locale} reply has English: {:?} in {text}",
            english_run(&text)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// /entitlements
// ---------------------------------------------------------------------------------------------

#[test]
fn entitlements_of_business_in_every_locale() {
    let engine = engine();
    for locale in LOCALES {
        let line = "/entitlements plan:business";
        let reply = ask(&engine, locale, line);
        answered(&reply, line);
        assert_eq!(
            reply.title,
            tr(
                locale,
                "Business Support: what is included",
                "業務支援：包含的服務",
                "ビジネスサポート：含まれる内容",
            )
        );
        assert_eq!(
            reply.text,
            tr(
                locale,
                "Paid support plan.",
                "付費支援 ($)。",
                "有償サポートプランです。"
            )
        );
        let groups: Vec<&str> = reply.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            groups,
            [
                tr(locale, "Assigned Experts", "指派的專家", "担当エキスパート"),
                tr(locale, "Support Services", "支援服務", "サポートサービス"),
                tr(locale, "Field Services", "現場服務", "フィールドサービス"),
            ],
            "{locale}"
        );
        assert_eq!(entitlement_value(&reply, named_contacts(locale)), "6");
        assert_eq!(entitlement_value(&reply, account_support_lead(locale)), "✔");
        assert_eq!(entitlement_value(&reply, live_phone(locale)), "✔");
        assert_eq!(entitlement_value(&reply, escalation(locale)), "✔");
        assert_eq!(
            entitlement_value(&reply, online_support_row(locale)),
            business_hours_value(locale)
        );
        assert_eq!(
            entitlement_value(
                &reply,
                tr(
                    locale,
                    "Technical Account Manager",
                    "技術客戶經理",
                    "テクニカルアカウントマネージャー"
                )
            ),
            "–"
        );
        assert!(reply.footer.is_none(), "no footnote applies to Business");
        assert_no_english(locale, &reply);
    }
}

#[test]
fn entitlements_of_online_in_every_locale() {
    let engine = engine();
    for locale in LOCALES {
        let reply = ask(&engine, locale, "/entitlements plan:online");
        answered(&reply, "/entitlements plan:online");
        assert_eq!(
            reply.title,
            tr(
                locale,
                "Online Support: what is included",
                "線上支援：包含的服務",
                "オンラインサポート：含まれる内容",
            )
        );
        assert_eq!(
            reply.text,
            tr(
                locale,
                "Included with your subscription at no extra cost.",
                "訂閱即附帶，無須額外付費。",
                "サブスクリプションに含まれ、追加料金はかかりません。",
            )
        );
        assert_eq!(entitlement_value(&reply, named_contacts(locale)), "4");
        assert_eq!(entitlement_value(&reply, escalation(locale)), "–");
        assert_eq!(entitlement_value(&reply, live_phone(locale)), "–");
        assert_eq!(entitlement_value(&reply, account_support_lead(locale)), "–");
        assert_eq!(
            entitlement_value(
                &reply,
                tr(
                    locale,
                    "24x7x365 P1 Issue Support",
                    "24x7x365 P1 問題支援",
                    "24 時間年中無休の P1 の問題のサポート"
                )
            ),
            "✔"
        );
        assert_no_english(locale, &reply);
    }
}

#[test]
fn entitlements_of_elite_carry_the_footnotes() {
    let engine = engine();
    for locale in LOCALES {
        let reply = ask(&engine, locale, "/entitlements plan:elite");
        answered(&reply, "/entitlements plan:elite");
        assert_eq!(entitlement_value(&reply, named_contacts(locale)), "15");
        let footer = reply.footer.as_deref().expect("Elite has footnotes");
        assert!(
            footer.contains(tr(
                locale,
                "A 60-minute session focusing on a specific product feature",
                "60 分鐘的諮詢，聚焦於特定產品功能",
                "特定の製品の機能と、それを活用して一般的なビジネス上の問題を解決する方法",
            )),
            "{locale}: {footer}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// /compare
// ---------------------------------------------------------------------------------------------

#[test]
fn compare_shows_all_four_plans_by_default() {
    let engine = engine();
    for locale in LOCALES {
        let reply = ask(&engine, locale, "/compare");
        answered(&reply, "/compare");
        assert_eq!(
            reply.title,
            tr(
                locale,
                "Support plans side by side",
                "支援方案比較",
                "サポートプランの比較"
            )
        );
        let names: Vec<&str> = PLANS.iter().map(|p| plan_name(locale, p)).collect();
        assert_eq!(reply.text, names.join(" · "), "{locale}");
        assert_eq!(reply.fields.len(), 17, "one row per entitlement");
        for f in &reply.fields {
            let cells = compare_cells(&reply, &f.name);
            let plans: Vec<&str> = cells.iter().map(|(p, _)| p.as_str()).collect();
            assert_eq!(plans, names, "{locale} row {:?}", f.name);
        }
        let contacts: Vec<String> = compare_cells(&reply, named_contacts(locale))
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        assert_eq!(contacts, ["4", "6", "10", "15"], "{locale}");
        let escalation: Vec<String> = compare_cells(&reply, escalation(locale))
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        assert_eq!(escalation, ["–", "✔", "✔", "✔"], "{locale}");
        let coverage: Vec<String> = compare_cells(&reply, online_support_row(locale))
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        let business = business_hours_value(locale);
        let x5 = tr(locale, "24x5", "24x5", "平日 24 時間");
        assert_eq!(coverage, [business, business, x5, x5], "{locale}");
        assert_no_english(locale, &reply);
    }
}

#[test]
fn compare_shows_only_the_chosen_plans() {
    let engine = engine();
    for locale in LOCALES {
        for line in [
            "/compare plans:business,elite",
            "/compare plans:\"business elite\"",
            "/compare plans:Business,ELITE,business",
        ] {
            let reply = ask(&engine, locale, line);
            answered(&reply, line);
            let names = [plan_name(locale, "business"), plan_name(locale, "elite")];
            assert_eq!(reply.text, names.join(" · "), "{locale} {line}");
            for f in &reply.fields {
                let plans: Vec<String> = compare_cells(&reply, &f.name)
                    .into_iter()
                    .map(|(p, _)| p)
                    .collect();
                assert_eq!(plans, names, "{locale} {line} row {:?}", f.name);
            }
            let asl: Vec<String> = compare_cells(&reply, account_support_lead(locale))
                .into_iter()
                .map(|(_, v)| v)
                .collect();
            assert_eq!(asl, ["✔", "–"], "{locale}");
            let contacts: Vec<String> = compare_cells(&reply, named_contacts(locale))
                .into_iter()
                .map(|(_, v)| v)
                .collect();
            assert_eq!(contacts, ["6", "15"], "{locale}");
        }
    }
}

#[test]
fn compare_says_a_plan_named_twice_is_shown_once() {
    let engine = engine();
    for (locale, line, footer) in [
        (
            "en-US",
            "/compare plans:business,business",
            "Business Support was named more than once and is shown once.",
        ),
        (
            "en-US",
            "/compare plans:business,elite,elite,business",
            "Elite Support, Business Support were named more than once and are shown once each.",
        ),
        (
            "zh-TW",
            "/compare plans:business,business",
            "業務支援重複指定，只顯示一次。",
        ),
        (
            "ja",
            "/compare plans:business,business",
            "ビジネスサポートは複数回指定されたため、1 回だけ表示しています。",
        ),
    ] {
        let reply = ask(&engine, locale, line);
        answered(&reply, line);
        assert_eq!(reply.footer.as_deref(), Some(footer), "{locale} {line}");
    }
    let reply = ask(&engine, "en-US", "/compare plans:business,elite");
    assert_eq!(reply.footer, None, "no repeat, no note");
}

// ---------------------------------------------------------------------------------------------
// /slo
// ---------------------------------------------------------------------------------------------

/// `P2 營業時間 / 2 小時`: a target line as /slo shows it.
fn slo_line(locale: &str, plan: &str, priority: &str) -> String {
    let line = format!("/slo plan:{plan} priority:{priority}");
    let reply = ask(&engine(), locale, &line);
    answered(&reply, &line);
    let lines = lines(field(&reply, plan_name(locale, plan)));
    assert_eq!(lines.len(), 1, "{line}: {lines:?}");
    lines[0].clone()
}

#[test]
fn slo_targets_in_every_locale() {
    for locale in LOCALES {
        assert_eq!(
            slo_line(locale, "business", "p2"),
            tr(
                locale,
                "P2 business hours / 2 hours",
                "P2 營業時間 / 2 小時",
                "P2 営業時間内 / 2 時間",
            )
        );
        assert_eq!(
            slo_line(locale, "elite", "p1"),
            tr(
                locale,
                "P1 24x7 / 15 minutes",
                "P1 24x7 / 15 分鐘",
                "P1 24 時間年中無休 / 15 分",
            )
        );
        assert_eq!(
            slo_line(locale, "online", "p4"),
            tr(
                locale,
                "P4 business days / 3 days",
                "P4 工作日 / 3 天",
                "P4 営業日 / 3 日",
            )
        );
    }
}

#[test]
fn slo_title_and_priority_definition() {
    let engine = engine();
    for locale in LOCALES {
        let reply = ask(&engine, locale, "/slo plan:business priority:p2");
        assert_eq!(
            reply.title,
            tr(
                locale,
                "Service level targets: initial response",
                "服務層級目標：最初回應",
                "サービスレベル目標：初回応答",
            )
        );
        let definitions = lines(field(
            &reply,
            tr(locale, "Priorities", "優先順序", "優先度"),
        ));
        assert_eq!(
            definitions,
            [tr(
                locale,
                "Priority 2 Customer's business functions have major service degradation or potential data loss, or a major feature is impacted.",
                "優先順序 2 客戶的業務功能發生嚴重的服務降級狀況，或是可能發生資料遺失，或是主要功能受到影響。",
                "優先度 2 お客様の業務機能に重大なサービス低下や潜在的なデータ損失があるか、主な機能が影響を受けている。",
            )],
            "{locale}"
        );
        assert_eq!(reply.fields.len(), 2, "one plan, then the definitions");
        assert_no_english(locale, &reply);
    }
}

#[test]
fn slo_without_options_lists_every_plan_and_priority() {
    let engine = engine();
    for locale in LOCALES {
        let reply = ask(&engine, locale, "/slo");
        answered(&reply, "/slo");
        for plan in PLANS {
            let lines = lines(field(&reply, plan_name(locale, plan)));
            let labels: Vec<&str> = lines.iter().map(|l| &l[..2]).collect();
            assert_eq!(labels, ["P1", "P2", "P3", "P4"], "{locale} {plan}");
        }
        let business = lines(field(&reply, plan_name(locale, "business")));
        assert_eq!(
            business[1],
            tr(
                locale,
                "P2 business hours / 2 hours",
                "P2 營業時間 / 2 小時",
                "P2 営業時間内 / 2 時間",
            )
        );
        let elite = lines(field(&reply, plan_name(locale, "elite")));
        assert_eq!(
            elite[0],
            tr(
                locale,
                "P1 24x7 / 15 minutes",
                "P1 24x7 / 15 分鐘",
                "P1 24 時間年中無休 / 15 分",
            )
        );
        let online = lines(field(&reply, plan_name(locale, "online")));
        assert_eq!(
            online[3],
            tr(
                locale,
                "P4 business days / 3 days",
                "P4 工作日 / 3 天",
                "P4 営業日 / 3 日",
            )
        );
        let definitions = lines(field(
            &reply,
            tr(locale, "Priorities", "優先順序", "優先度"),
        ));
        assert_eq!(definitions.len(), 4);
        assert_no_english(locale, &reply);
    }
}

/// The pages write `24x7/1 hour` and `Business day/1 day`; English needs the singular for one.
#[test]
fn english_targets_of_one_are_singular() {
    assert_eq!(slo_line("en-US", "online", "p1"), "P1 24x7 / 1 hour");
    assert_eq!(slo_line("en-US", "enterprise", "p2"), "P2 24x5 / 1 hour");
    assert_eq!(
        slo_line("en-US", "business", "p4"),
        "P4 business days / 1 day"
    );
}

// ---------------------------------------------------------------------------------------------
// /hours
// ---------------------------------------------------------------------------------------------

fn japan_hours(now: &str, locale: &str) -> Vec<String> {
    let reply = ask(&engine_at(now), locale, "/hours region:japan");
    answered(&reply, "/hours region:japan");
    assert_eq!(
        reply.title,
        tr(
            locale,
            "Support hours",
            "支援營業時間",
            "サポートの営業時間"
        )
    );
    assert_eq!(reply.fields.len(), 1, "only Japan");
    assert_no_english(locale, &reply);
    lines(field(&reply, region_name(locale, "japan")))
}

fn assert_japan_fixed_lines(locale: &str, lines: &[String]) {
    assert_eq!(
        lines[0],
        tr(
            locale,
            "9:00–17:30 local time (Asia/Tokyo), Monday to Friday except holidays",
            "當地時間 9:00–17:30（Asia/Tokyo），週一至週五，假日除外",
            "現地時間 9:00～17:30（Asia/Tokyo）、月曜日～金曜日（祝日を除く）",
        )
    );
    let languages = tr(
        locale,
        "Languages: English, Japanese",
        "支援語言：英文、日文",
        "対応言語：英語、日本語",
    );
    assert!(
        lines.iter().any(|l| l == languages),
        "{locale}: {languages:?} not in {lines:?}"
    );
    let rules: Vec<String> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("• ").map(str::to_owned))
        .collect();
    assert_eq!(rules, japan_rules(locale), "{locale}");
}

#[test]
fn hours_in_japan_open_on_a_tuesday_morning() {
    // Tuesday 2026-11-24 10:00 Tokyo.
    for locale in LOCALES {
        let lines = japan_hours("2026-11-24T01:00:00Z", locale);
        assert_japan_fixed_lines(locale, &lines);
        assert_eq!(
            lines[1],
            format!("🟢 {}", tr(locale, "Open now", "目前營業中", "現在受付中"))
        );
        let closes = discord_ts(local(Tokyo, (2026, 11, 24), (17, 30)));
        let prefix = tr(locale, "Closes ", "下次結束營業：", "次の受付終了：");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("{prefix}{closes}"))),
            "{locale}: closes {closes} not in {lines:?}"
        );
        assert!(
            !lines
                .iter()
                .any(|l| l.contains(tr(locale, "Opens", "下次開始營業", "次の受付開始"))),
            "{locale}: an open region has no next opening: {lines:?}"
        );
    }
}

#[test]
fn hours_in_japan_closed_before_nine_and_from_half_past_five() {
    let cases = [
        // 08:59 Tokyo: opens at 09:00 the same day.
        ("2026-11-23T23:59:00Z", (2026, 11, 24)),
        // 17:30 Tokyo: closed (the close is exclusive), opens the next morning.
        ("2026-11-24T08:30:00Z", (2026, 11, 25)),
    ];
    for (now, opens_on) in cases {
        for locale in LOCALES {
            let lines = japan_hours(now, locale);
            assert_japan_fixed_lines(locale, &lines);
            assert_eq!(
                lines[1],
                format!(
                    "🔴 {}",
                    tr(locale, "Closed now", "目前非營業時間", "現在は営業時間外")
                ),
                "{now} {locale}"
            );
            let opens = discord_ts(local(Tokyo, opens_on, (9, 0)));
            let prefix = tr(locale, "Opens ", "下次開始營業：", "次の受付開始：");
            assert!(
                lines
                    .iter()
                    .any(|l| l.starts_with(&format!("{prefix}{opens}"))),
                "{now} {locale}: opens {opens} not in {lines:?}"
            );
            let closes = discord_ts(local(Tokyo, opens_on, (17, 30)));
            assert!(
                lines.iter().any(|l| l.contains(&closes)),
                "{now} {locale}: closes {closes} not in {lines:?}"
            );
            let holiday = tr(locale, "Today is a holiday", "今天是假日", "本日は祝日です");
            assert!(
                !lines.iter().any(|l| l.contains(holiday)),
                "{now} {locale}: not a holiday: {lines:?}"
            );
        }
    }
}

#[test]
fn hours_in_japan_on_labour_thanksgiving_day_name_the_holiday() {
    // Monday 2026-11-23 12:00 Tokyo is 勤労感謝の日 (data/holidays/JP.toml).
    for locale in LOCALES {
        let lines = japan_hours("2026-11-23T03:00:00Z", locale);
        assert_japan_fixed_lines(locale, &lines);
        assert_eq!(
            lines[1],
            format!(
                "🔴 {}",
                tr(locale, "Closed now", "目前非營業時間", "現在は営業時間外")
            )
        );
        // JP.toml has no zh-TW name for the day: the generator falls back to English.
        assert_eq!(
            lines[2],
            tr(
                locale,
                "Today is a holiday: Labor Thanksgiving Day",
                "今天是假日：勤勞感謝之日",
                "本日は祝日です：勤労感謝の日",
            )
        );
        let opens = discord_ts(local(Tokyo, (2026, 11, 24), (9, 0)));
        assert!(
            lines.iter().any(|l| l.contains(&opens)),
            "{locale}: opens {opens} not in {lines:?}"
        );
    }
}

#[test]
fn hours_without_a_region_lists_all_four() {
    let engine = engine();
    for locale in LOCALES {
        let reply = ask(&engine, locale, "/hours");
        answered(&reply, "/hours");
        let names: Vec<&str> = reply.fields.iter().map(|f| f.name.as_str()).collect();
        let expected: Vec<&str> = REGIONS.iter().map(|r| region_name(locale, r)).collect();
        assert_eq!(names, expected, "{locale}");
        let emea = lines(field(&reply, region_name(locale, "emea")));
        assert_eq!(
            emea[0],
            tr(
                locale,
                "9:00–17:00 local time (Europe/London), Monday to Friday except holidays",
                "當地時間 9:00–17:00（Europe/London），週一至週五，假日除外",
                "現地時間 9:00～17:00（Europe/London）、月曜日～金曜日（祝日を除く）",
            )
        );
        // 01:00 in London: closed until 09:00.
        assert!(emea[1].starts_with("🔴"), "{locale}: {emea:?}");
        let americas = lines(field(&reply, region_name(locale, "americas")));
        assert!(
            americas[0].contains("6:00") && americas[0].contains("America/Los_Angeles"),
            "{locale}: {americas:?}"
        );
        assert!(
            americas.contains(
                &tr(
                    locale,
                    "Languages: English",
                    "支援語言：英文",
                    "対応言語：英語"
                )
                .to_owned()
            ),
            "{locale}: {americas:?}"
        );
        assert_no_english(locale, &reply);
    }
}

#[test]
fn hours_in_the_customers_time_zone() {
    let engine = engine();
    for locale in LOCALES {
        let reply = ask(&engine, locale, "/hours region:emea timezone:asia/taipei");
        answered(&reply, "/hours region:emea timezone:asia/taipei");
        let lines = lines(field(&reply, region_name(locale, "emea")));
        assert!(lines[0].contains("Asia/Taipei"), "{locale}: {lines:?}");
        // 09:00 Taipei on Tuesday 24 November: open.
        assert!(lines[1].starts_with("🟢"), "{locale}: {lines:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// /due
// ---------------------------------------------------------------------------------------------

#[test]
fn due_business_p2_emea_from_friday_afternoon_is_monday_morning() {
    // Friday 2026-11-20 16:30 in London (UTC+0): 30 minutes on Friday, 1 h 30 min on Monday.
    let due = local(London, (2026, 11, 23), (10, 30));
    assert_eq!(
        due.timestamp(),
        1_795_429_800,
        "Monday 2026-11-23 10:30 UTC"
    );
    let submitted = instant("2026-11-20T16:30:00Z");
    let engine = engine();
    for locale in LOCALES {
        let line = "/due plan:business priority:p2 region:emea at:2026-11-20T16:30:00Z";
        let reply = ask(&engine, locale, line);
        answered(&reply, line);
        assert_eq!(
            reply.title,
            tr(
                locale,
                "Initial response due",
                "最初回應期限",
                "初回応答の期限"
            )
        );
        let due_at = tr(
            locale,
            "The first response is due <t:1795429800:F>",
            "最初回應的期限為 <t:1795429800:F>",
            "初回応答の期限は <t:1795429800:F>",
        );
        assert!(reply.text.starts_with(due_at), "{locale}: {:?}", reply.text);
        assert_eq!(
            lines(field(&reply, tr(locale, "Target", "目標", "目標"))),
            [tr(
                locale,
                "Business Support · P2 · business hours / 2 hours",
                "業務支援 · P2 · 營業時間 / 2 小時",
                "ビジネスサポート · P2 · 営業時間内 / 2 時間",
            )]
        );
        assert!(
            field(&reply, tr(locale, "Submitted", "提交時間", "送信日時"))
                .value
                .contains(&discord_ts(submitted)),
            "{locale}"
        );
        assert_eq!(
            lines(field(
                &reply,
                tr(locale, "Calendar", "行事曆", "カレンダー")
            )),
            [tr(
                locale,
                "Europe, Middle East & Africa 9:00–17:00 Europe/London · holidays of GB-ENG",
                "歐洲、中東與非洲 9:00–17:00 Europe/London · GB-ENG 的假日",
                "ヨーロッパ、中東、アフリカ 9:00–17:00 Europe/London · GB-ENG の祝日",
            )]
        );
        let segments = lines(field(
            &reply,
            tr(locale, "Time counted", "計算的時間", "カウントされた時間"),
        ));
        assert_eq!(segments.len(), 2, "{locale}: {segments:?}");
        let friday = tr(
            locale,
            "Fri 20 Nov 2026",
            "2026年11月20日（五）",
            "2026年11月20日（金）",
        );
        let monday = tr(
            locale,
            "Mon 23 Nov 2026",
            "2026年11月23日（一）",
            "2026年11月23日（月）",
        );
        assert!(
            segments[0].starts_with(friday)
                && segments[0].contains("16:30–17:00")
                && segments[0].contains(tr(locale, "(30 min)", "(30 分鐘)", "(30 分)")),
            "{locale}: {segments:?}"
        );
        assert!(
            segments[1].starts_with(monday)
                && segments[1].contains("9:00–10:30")
                && segments[1].contains(tr(
                    locale,
                    "(1 h 30 min)",
                    "(1 小時 30 分鐘)",
                    "(1 時間 30 分)"
                )),
            "{locale}: {segments:?}"
        );
        let skipped = lines(field(
            &reply,
            tr(locale, "Days skipped", "略過的日子", "除外された日"),
        ));
        let weekend = tr(locale, "weekend", "週末", "週末");
        assert_eq!(
            skipped,
            [
                format!(
                    "{} — {weekend}",
                    tr(
                        locale,
                        "Sat 21 Nov 2026",
                        "2026年11月21日（六）",
                        "2026年11月21日（土）"
                    )
                ),
                format!(
                    "{} — {weekend}",
                    tr(
                        locale,
                        "Sun 22 Nov 2026",
                        "2026年11月22日（日）",
                        "2026年11月22日（日）"
                    )
                ),
            ],
            "{locale}"
        );
        assert_no_english(locale, &reply);
    }
}

#[test]
fn due_online_p4_japan_across_golden_week() {
    // Tuesday 2026-04-28 10:00 Tokyo, three business days: Golden Week holidays and the weekend
    // are skipped, so the response is due Thursday 2026-05-07 10:00 Tokyo.
    let due = local(Tokyo, (2026, 5, 7), (10, 0));
    assert_eq!(due.timestamp(), 1_778_115_600);
    let engine = engine();
    for locale in LOCALES {
        let line = "/due plan:online priority:p4 region:japan at:\"2026-04-28 10:00\"";
        let reply = ask(&engine, locale, line);
        answered(&reply, line);
        assert!(
            reply.text.contains(&discord_ts(due)),
            "{locale}: {:?}",
            reply.text
        );
        assert!(
            field(&reply, tr(locale, "Submitted", "提交時間", "送信日時"))
                .value
                .contains(&discord_ts(local(Tokyo, (2026, 4, 28), (10, 0)))),
            "{locale}: `at` is Tokyo time"
        );
        assert_eq!(
            lines(field(&reply, tr(locale, "Target", "目標", "目標"))),
            [tr(
                locale,
                "Online Support · P4 · business days / 3 days",
                "線上支援 · P4 · 工作日 / 3 天",
                "オンラインサポート · P4 · 営業日 / 3 日",
            )]
        );
        let skipped = lines(field(
            &reply,
            tr(locale, "Days skipped", "略過的日子", "除外された日"),
        ));
        // data/holidays/JP.toml: zh-TW names fall back to English.
        let holidays = [
            (
                tr(
                    locale,
                    "Wed 29 Apr 2026",
                    "2026年4月29日（三）",
                    "2026年4月29日（水）",
                ),
                tr(locale, "Showa Day", "昭和之日", "昭和の日"),
            ),
            (
                tr(
                    locale,
                    "Mon 4 May 2026",
                    "2026年5月4日（一）",
                    "2026年5月4日（月）",
                ),
                tr(locale, "Greenery Day", "綠之日", "みどりの日"),
            ),
            (
                tr(
                    locale,
                    "Tue 5 May 2026",
                    "2026年5月5日（二）",
                    "2026年5月5日（火）",
                ),
                tr(locale, "Children's Day", "兒童節", "こどもの日"),
            ),
            (
                tr(
                    locale,
                    "Wed 6 May 2026",
                    "2026年5月6日（三）",
                    "2026年5月6日（水）",
                ),
                tr(locale, "Substitute Holiday", "補假", "振替休日"),
            ),
        ];
        for (date, name) in holidays {
            let expected = format!(
                "{date} — {}",
                message(locale, supportbot::i18n::Msg::DueHoliday).replace("{holiday}", name)
            );
            assert!(
                skipped.contains(&expected),
                "{locale}: {expected:?} not in {skipped:?}"
            );
        }
        assert!(
            skipped.iter().any(|l| l.starts_with(tr(
                locale,
                "Sat 2 May 2026",
                "2026年5月2日（六）",
                "2026年5月2日（土）"
            ))),
            "{locale}: {skipped:?}"
        );
        assert!(
            skipped.iter().any(|l| l.starts_with(tr(
                locale,
                "Sun 3 May 2026",
                "2026年5月3日（日）",
                "2026年5月3日（日）"
            ))),
            "{locale}: {skipped:?}"
        );
        assert_eq!(skipped.len(), 6, "{locale}: {skipped:?}");
        let segments = lines(field(
            &reply,
            tr(locale, "Time counted", "計算的時間", "カウントされた時間"),
        ));
        let days: Vec<&str> = vec![
            tr(
                locale,
                "Tue 28 Apr 2026",
                "2026年4月28日（二）",
                "2026年4月28日（火）",
            ),
            tr(
                locale,
                "Thu 30 Apr 2026",
                "2026年4月30日（四）",
                "2026年4月30日（木）",
            ),
            tr(
                locale,
                "Fri 1 May 2026",
                "2026年5月1日（五）",
                "2026年5月1日（金）",
            ),
            tr(
                locale,
                "Thu 7 May 2026",
                "2026年5月7日（四）",
                "2026年5月7日（木）",
            ),
        ];
        assert_eq!(segments.len(), days.len(), "{locale}: {segments:?}");
        for (segment, day) in segments.iter().zip(days) {
            assert!(segment.starts_with(day), "{locale}: {segment:?} vs {day:?}");
        }
        assert!(segments[3].contains("9:00–10:00"), "{locale}: {segments:?}");
    }
}

#[test]
fn due_elite_p1_counts_fifteen_minutes_round_the_clock() {
    let engine = engine();
    for locale in LOCALES {
        // Saturday night in Tokyo: 24x7 does not wait for an opening.
        let line = "/due plan:elite priority:p1 region:japan at:2026-11-21T14:00:00Z";
        let reply = ask(&engine, locale, line);
        answered(&reply, line);
        let due = instant("2026-11-21T14:15:00Z");
        assert!(
            reply.text.contains(&discord_ts(due)),
            "{locale}: {reply:#?}"
        );
        assert_eq!(
            lines(field(&reply, tr(locale, "Target", "目標", "目標"))),
            [tr(
                locale,
                "Elite Support · P1 · 24x7 / 15 minutes",
                "Elite 支援 · P1 · 24x7 / 15 分鐘",
                "エリートサポート · P1 · 24 時間年中無休 / 15 分",
            )]
        );
        assert!(reply.footer.is_none(), "{locale}: no waiting on 24x7");
    }
}

#[test]
fn due_without_at_counts_from_now_and_says_it_waited_for_the_opening() {
    // Now is 01:00 in London: the clock starts at 09:00, due 11:00.
    let engine = engine();
    for locale in LOCALES {
        let line = "/due plan:business priority:p2 region:emea";
        let reply = ask(&engine, locale, line);
        answered(&reply, line);
        assert!(
            reply
                .text
                .contains(&discord_ts(instant("2026-11-24T11:00:00Z"))),
            "{locale}: {reply:#?}"
        );
        assert_eq!(
            reply.footer.as_deref(),
            Some(tr(
                locale,
                "Submitted outside counted time: the clock started at the next opening.",
                "提交時不在計算時間內：從下次開始營業時起算。",
                "カウント対象外の時間に送信されたため、次の受付開始時刻から計算しています。",
            ))
        );
    }
}

#[test]
fn due_with_another_country_and_none() {
    let engine = engine();
    for locale in LOCALES {
        let line =
            "/due plan:business priority:p2 region:emea at:2026-11-20T16:30:00Z country:none";
        let reply = ask(&engine, locale, line);
        answered(&reply, line);
        let calendar = lines(field(
            &reply,
            tr(locale, "Calendar", "行事曆", "カレンダー"),
        ));
        assert!(
            calendar[0].ends_with(tr(
                locale,
                "no national holidays",
                "不套用國定假日",
                "祝日なし"
            )),
            "{locale}: {calendar:?}"
        );
        let line = "/due plan:business priority:p2 region:emea at:2026-11-20T16:30:00Z country:jp";
        let reply = ask(&engine, locale, line);
        answered(&reply, line);
        // 23 November is a Japanese holiday: with JP holidays Monday is skipped too.
        assert!(
            reply
                .text
                .contains(&discord_ts(instant("2026-11-24T10:30:00Z"))),
            "{locale}: {reply:#?}"
        );
        let skipped = lines(field(
            &reply,
            tr(locale, "Days skipped", "略過的日子", "除外された日"),
        ));
        assert!(
            skipped.iter().any(|l| l.contains(tr(
                locale,
                "Labor Thanksgiving Day",
                "勤勞感謝之日",
                "勤労感謝の日"
            ))),
            "{locale}: {skipped:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// /features, /resources, /help
// ---------------------------------------------------------------------------------------------

#[test]
fn features_of_business_describe_the_account_support_lead() {
    let engine = engine();
    for locale in LOCALES {
        let reply = ask(&engine, locale, "/features plan:business");
        answered(&reply, "/features plan:business");
        assert_eq!(
            reply.title,
            tr(
                locale,
                "Business Support: features",
                "業務支援：特色",
                "ビジネスサポート：特長"
            )
        );
        let asl = field(&reply, account_support_lead(locale));
        assert!(
            asl.value.starts_with(tr(
                locale,
                "A designated Account Support Lead to proactively monitor cases",
                "指定的帳戶支援負責人，負責主動監控案件",
                "専任アカウントサポートリードは、プロアクティブにケースを監視し",
            )),
            "{locale}: {:?}",
            asl.value
        );
        let titles: Vec<&str> = reply.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            titles,
            [
                account_support_lead(locale),
                live_phone(locale),
                escalation(locale),
                tr(locale, "Business Services", "業務服務", "ビジネスサービス"),
            ],
            "{locale}"
        );
    }
}

#[test]
fn features_without_a_plan_lists_every_plan() {
    let engine = engine();
    for locale in LOCALES {
        let reply = ask(&engine, locale, "/features");
        answered(&reply, "/features");
        let names: Vec<&str> = reply.fields.iter().map(|f| f.name.as_str()).collect();
        let expected: Vec<&str> = PLANS.iter().map(|p| plan_name(locale, p)).collect();
        assert_eq!(names, expected, "{locale}");
        let business = lines(field(&reply, plan_name(locale, "business")));
        assert!(
            business.iter().any(|l| l == account_support_lead(locale)),
            "{locale}: {business:?}"
        );
        assert_eq!(
            reply.footer.as_deref(),
            Some(tr(
                locale,
                "Type `/features plan:business` (or another plan) for the descriptions.",
                "輸入 `/features plan:business`（或其他方案）查看說明。",
                "説明を見るには `/features plan:business`（または他のプラン）と入力してください。",
            ))
        );
    }
}

/// The title of `/features` without a plan is not the one-plan title with the plan left out,
/// which would start with a colon (and, in an older ja template, a dangling particle).
#[test]
fn features_title_without_a_plan_reads_as_a_title() {
    let engine = engine();
    for locale in LOCALES {
        let reply = ask(&engine, locale, "/features");
        let title = reply.title.trim();
        assert!(!title.is_empty(), "{locale}");
        assert!(
            !title.starts_with(['の', 'は', 'を', 'に', 'が', '的']),
            "{locale}: the title {title:?} starts with a dangling particle"
        );
    }
}

#[test]
fn resources_link_the_status_page() {
    let engine = engine();
    for locale in LOCALES {
        let reply = ask(&engine, locale, "/resources");
        answered(&reply, "/resources");
        assert_eq!(reply.title, tr(locale, "Resources", "資源", "リソース"));
        let titles: Vec<&str> = reply.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Experience League",
                tr(locale, "Training", "訓練", "トレーニング"),
                tr(
                    locale,
                    "Production issues & system outages",
                    "生產問題與系統中斷",
                    "本番環境の問題とシステム障害"
                ),
                tr(
                    locale,
                    "Business Support Website",
                    "業務支援網站",
                    "ビジネスサポート web サイト"
                ),
                tr(locale, "Terms and Conditions", "條款與條件", "利用条件"),
            ],
            "{locale}"
        );
        let status = lines(&reply.fields[2]);
        assert_eq!(
            status[0],
            tr(
                locale,
                "https://status.adobe.com/",
                "https://status.adobe.com/",
                "https://status.adobe.com/ja"
            )
        );
        assert!(
            all_text(&reply).to_lowercase().contains("status.adobe.com"),
            "{locale}"
        );
    }
}

#[test]
fn help_lists_every_command() {
    let engine = engine();
    for locale in LOCALES {
        let reply = ask(&engine, locale, "/help");
        answered(&reply, "/help");
        assert!(reply.private, "help is shown to the asker only");
        assert_eq!(
            reply.title,
            tr(
                locale,
                "supportbot commands",
                "supportbot 指令",
                "supportbot のコマンド"
            )
        );
        let names: Vec<String> = reply.fields.iter().map(|f| f.name.clone()).collect();
        let expected: Vec<String> = COMMANDS[..7]
            .iter()
            .chain(&[
                "support",
                "org",
                "contacts",
                "case",
                "stats",
                "reminders",
                "help",
            ])
            .map(|c| format!("/{c}"))
            .collect();
        assert_eq!(names, expected, "{locale}");
        let due = field(&reply, "/due");
        assert!(
            due.value.starts_with(tr(
                locale,
                "When the first response to a case is due, and why.",
                "案件最初回應的期限及其計算方式。",
                "ケースの初回応答の期限とその計算方法。",
            )),
            "{locale}: {:?}",
            due.value
        );
        for value in PRIORITIES.iter().chain(&REGIONS).chain(&PLANS) {
            assert!(due.value.contains(value), "{locale}: usage lacks {value}");
        }
        assert_no_english(locale, &reply);
    }
}

#[test]
fn command_names_are_case_insensitive() {
    let engine = engine();
    let lower = ask(&engine, "ja", "/slo plan:business priority:p2");
    let upper = ask(&engine, "ja", "/SLO Plan:BUSINESS PRIORITY:P2");
    assert_eq!(lower, upper);
}

// ---------------------------------------------------------------------------------------------
// Locales
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_locales_answer_in_english() {
    let engine = engine();
    let lines = [
        "/entitlements plan:business",
        "/compare plans:business,elite",
        "/slo plan:business priority:p2",
        "/hours region:japan",
        "/due plan:business priority:p2 region:emea at:2026-11-20T16:30:00Z",
        "/features plan:business",
        "/resources",
        "/help",
        "/slo priority:p7",
        "hours",
    ];
    for line in lines {
        let english = ask(&engine, "en-US", line);
        for locale in ["fr", "zh-CN", "ko", "de", "", "en-GB", "pt-BR"] {
            assert_eq!(
                ask(&engine, locale, line),
                english,
                "{line} in {locale:?} should be the English reply"
            );
        }
    }
    let reply = ask(&engine, "zh-CN", "/slo plan:business priority:p2");
    assert_eq!(
        lines_of(&reply, "Business Support"),
        ["P2 business hours / 2 hours"]
    );
    let reply = ask(&engine, "fr", "/hours region:japan");
    assert_eq!(reply.title, "Support hours");
}

fn lines_of(reply: &Reply, name: &str) -> Vec<String> {
    lines(field(reply, name))
}

#[test]
fn locales_are_matched_without_regard_to_case() {
    let engine = engine();
    let line = "/slo plan:business priority:p2";
    assert_eq!(ask(&engine, "zh-tw", line), ask(&engine, "zh-TW", line));
    assert_eq!(ask(&engine, "ja-JP", line), ask(&engine, "ja", line));
}

// ---------------------------------------------------------------------------------------------
// Discord's limits
// ---------------------------------------------------------------------------------------------

/// Every command with every combination of its fixed options, and a spread of free ones.
fn every_good_line() -> Vec<String> {
    let mut out = Vec::new();
    for plan in PLANS {
        out.push(format!("/entitlements plan:{plan}"));
        out.push(format!("/features plan:{plan}"));
    }
    out.push("/features".into());
    out.push("/compare".into());
    for (i, a) in PLANS.iter().enumerate() {
        out.push(format!("/compare plans:{a}"));
        for b in &PLANS[i + 1..] {
            out.push(format!("/compare plans:{a},{b}"));
        }
    }
    out.push("/compare plans:online,business,enterprise,elite".into());
    for plan in [
        None,
        Some("online"),
        Some("business"),
        Some("enterprise"),
        Some("elite"),
    ] {
        for priority in [None, Some("p1"), Some("p2"), Some("p3"), Some("p4")] {
            let mut line = "/slo".to_owned();
            if let Some(plan) = plan {
                line.push_str(&format!(" plan:{plan}"));
            }
            if let Some(priority) = priority {
                line.push_str(&format!(" priority:{priority}"));
            }
            out.push(line);
        }
    }
    for region in [
        "",
        " region:americas",
        " region:emea",
        " region:apac",
        " region:japan",
    ] {
        for tz in [
            "",
            " timezone:Asia/Taipei",
            " timezone:Pacific/Kiritimati",
            " timezone:America/St_Johns",
            " timezone:UTC",
        ] {
            out.push(format!("/hours{region}{tz}"));
        }
    }
    for plan in PLANS {
        for priority in PRIORITIES {
            for region in REGIONS {
                for extra in [
                    "",
                    " at:2026-11-20T16:30:00Z",
                    " at:\"2026-12-24 16:00\"",
                    " at:\"2026-04-28 10:00\" country:JP",
                    " at:2026-12-31T23:59:59Z country:none timezone:Pacific/Chatham",
                ] {
                    out.push(format!(
                        "/due plan:{plan} priority:{priority} region:{region}{extra}"
                    ));
                }
            }
        }
    }
    out.push("/resources".into());
    out.push("/help".into());
    out
}

#[test]
fn every_reply_fits_discords_limits() {
    let mut bad_lines = bad_lines();
    bad_lines.extend(
        [
            "/due plan:elite priority:p4 region:japan at:2035-12-27T00:00:00Z",
            "/due plan:online priority:p4 region:emea at:2026-12-23T16:59:00Z",
        ]
        .map(str::to_owned),
    );
    let mut checked = 0;
    for now in [NOW, "2026-11-23T03:00:00Z", "2026-12-25T12:00:00Z"] {
        let engine = engine_at(now);
        for locale in LOCALES {
            for line in every_good_line() {
                let reply = ask(&engine, locale, &line);
                answered(&reply, &line);
                let violations = discord_violations(&reply);
                assert!(
                    violations.is_empty(),
                    "{locale} {line}: {violations:?}\n{reply:#?}"
                );
                checked += 1;
            }
            for line in &bad_lines {
                let reply = ask(&engine, locale, line);
                let violations = discord_violations(&reply);
                assert!(
                    violations.is_empty(),
                    "{locale} {line:?}: {violations:?}\n{reply:#?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} replies checked");
}

// ---------------------------------------------------------------------------------------------
// The binary
// ---------------------------------------------------------------------------------------------

#[test]
fn ask_prints_the_reply_as_text() {
    let output = ask_bin("ja", "/hours region:japan");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = stdout(&output);
    assert!(text.starts_with("サポートの営業時間\n"), "{text}");
    for expected in [
        "日本",
        "現地時間 9:00～17:30（Asia/Tokyo）、月曜日～金曜日（祝日を除く）",
        "現在受付中",
        // 17:30 Tokyo, with UTC beside.
        "次の受付終了：2026年11月24日（火） 17:30 JST (08:30 UTC、7 時間 30 分後)",
        "対応言語：英語、日本語",
        "サポートで対応している言語は、英語および日本語のみです。",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    assert!(!text.contains("<t:"), "timestamps become text: {text}");
    assert!(!text.contains("**"), "bold markers are dropped: {text}");
}

#[test]
fn ask_due_prints_the_instant_locally_and_in_utc() {
    for locale in LOCALES {
        let output = ask_bin(
            locale,
            "/due plan:business priority:p2 region:emea at:2026-11-20T16:30:00Z",
        );
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let text = stdout(&output);
        let due = tr(
            locale,
            "Mon 23 Nov 2026 10:30 GMT (10:30 UTC, ",
            "2026年11月23日（一） 10:30 GMT (10:30 UTC、",
            "2026年11月23日（月） 10:30 GMT (10:30 UTC、",
        );
        assert!(text.contains(due), "{locale}: {text}");
        assert!(
            text.contains(tr(
                locale,
                "Initial response due",
                "最初回應期限",
                "初回応答の期限"
            )),
            "{locale}: {text}"
        );
        assert!(!text.contains("<t:"), "{locale}: {text}");
    }
}

#[test]
fn due_command_prints_the_instant_then_the_explanation() {
    for locale in LOCALES {
        let output = run(
            due_business_p2_emea("2026-11-20T16:30:00Z", &["--explain", "--locale", locale]),
            b"",
        );
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let text = stdout(&output);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("2026-11-23T10:30:00Z"), "{text}");
        let rest: Vec<&str> = lines.collect();
        let rest = rest.join("\n");
        for expected in [
            tr(
                locale,
                "Initial response due",
                "最初回應期限",
                "初回応答の期限",
            ),
            tr(
                locale,
                "Fri 20 Nov 2026",
                "2026年11月20日（五）",
                "2026年11月20日（金）",
            ),
            "16:30–17:00",
            tr(
                locale,
                "Mon 23 Nov 2026",
                "2026年11月23日（一）",
                "2026年11月23日（月）",
            ),
            "9:00–10:30",
        ] {
            assert!(
                rest.contains(expected),
                "{locale}: {expected:?} not in {rest}"
            );
        }
    }
    let output = run(
        bin(&[
            "due",
            "--plan",
            "online",
            "--priority",
            "p4",
            "--region",
            "japan",
            "--at",
            "2026-04-28T01:00:00Z",
        ]),
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(stdout(&output), "2026-05-07T01:00:00Z\n");
}
