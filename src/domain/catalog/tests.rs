//! Tests of the catalog loader: the real `data/` against the fact sheet
//! (`shared/reference/support-programme.md`), and one broken copy of it per way a catalog can be
//! wrong, each of which must stop start-up naming the file, the key and the reason.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveTime};
use tempfile::TempDir;

use super::{Capability, Catalog, CatalogError, EntitlementValue, HolidayCountry};
use crate::domain::calendar::{Amount, Target};
use crate::domain::ids::{CalendarKind, CountryCode, Language, PlanId, Priority, RegionId};
use crate::i18n::Msg;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn real_catalog() -> Catalog {
    Catalog::load(&data_dir()).unwrap_or_else(|e| panic!("the real catalog must load: {e}"))
}

/// The four plans of the classic family, Online to Elite, as the real catalog declares them.
fn classic() -> Vec<PlanId> {
    real_catalog();
    ["online", "business", "enterprise", "elite"]
        .iter()
        .map(|p| p.parse().unwrap())
        .collect()
}

fn plan(id: &str) -> PlanId {
    real_catalog();
    id.parse().unwrap()
}

fn region(id: &str) -> RegionId {
    real_catalog();
    id.parse().unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fresh copy of the real `data/`.
fn copy_of_data() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&data_dir(), dir.path());
    dir
}

/// The text of `file` (relative to `data/`) in the real catalog.
fn real_text(file: &str) -> String {
    fs::read_to_string(data_dir().join(file)).unwrap()
}

/// A copy of `data/` with the single occurrence of `from` in `file` replaced by `to`.
#[track_caller]
fn copy_with(file: &str, from: &str, to: &str) -> TempDir {
    let dir = copy_of_data();
    let path = dir.path().join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} must occur exactly once in {file}"
    );
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    dir
}

/// The error of loading `dir`, which must not load.
#[track_caller]
fn load_error(dir: &TempDir) -> CatalogError {
    match Catalog::load(dir.path()) {
        Ok(_) => panic!("a broken catalog loaded"),
        Err(e) => e,
    }
}

/// The 1-based line of `file` (in a catalog copy) on which `needle` first occurs.
#[track_caller]
fn line_of(dir: &TempDir, file: &str, needle: &str) -> usize {
    let text = fs::read_to_string(dir.path().join(file)).unwrap();
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in {file}"));
    text[..at].matches('\n').count() + 1
}

/// The error names `file` (relative to the catalog directory), exactly `key`, and a reason that
/// contains `reason`; its `Display`, which is what start-up prints, shows all three.
#[track_caller]
fn assert_error(err: &CatalogError, dir: &TempDir, file: &str, key: &str, reason: &str) {
    let path = dir.path().join(file);
    assert_eq!(err.file, path, "wrong file in: {err}");
    assert_eq!(err.key, key, "wrong key in: {err}");
    assert!(
        err.reason.contains(reason),
        "the reason {:?} should contain {reason:?}",
        err.reason
    );
    let shown = err.to_string();
    assert!(
        shown.contains(&path.display().to_string()),
        "{shown:?} should show the path {}",
        path.display()
    );
    assert!(shown.contains(key), "{shown:?} should show the key {key:?}");
    assert!(
        shown.contains(reason),
        "{shown:?} should show the reason {reason:?}"
    );
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn country(code: &str) -> CountryCode {
    code.parse().unwrap()
}

// ---------------------------------------------------------------------------------------------
// The real catalog
// ---------------------------------------------------------------------------------------------

#[test]
fn the_real_catalog_loads() {
    let catalog = real_catalog();
    let plans: Vec<&str> = catalog.plans().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        plans,
        [
            "online",
            "business",
            "enterprise",
            "elite",
            "expert",
            "ultimate"
        ]
    );
    let paid: Vec<bool> = catalog.plans().iter().map(|p| p.paid).collect();
    assert_eq!(paid, [false, true, true, true, false, true]);
    let families: Vec<&str> = catalog.families().iter().map(|f| f.id.as_str()).collect();
    assert_eq!(families, ["classic", "success"]);
    let priorities: Vec<Priority> = catalog.priorities().iter().map(|p| p.id).collect();
    assert_eq!(priorities, Priority::ALL);
    let regions: Vec<&str> = catalog.regions().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(regions, ["americas", "emea", "apac", "japan"]);
}

#[test]
fn named_contacts_are_4_6_10_15() {
    let catalog = real_catalog();
    let limits: Vec<u32> = classic()
        .iter()
        .map(|&p| catalog.named_contacts_limit(p))
        .collect();
    assert_eq!(limits, [4, 6, 10, 15]);
    let elite = plan("elite");
    let row = catalog
        .entitlement_with(elite, Capability::NamedContacts)
        .unwrap();
    assert_eq!(row.id, "named-support-contacts");
    assert_eq!(row.value(elite), EntitlementValue::Count(15));
}

#[test]
fn capabilities_follow_the_fact_sheet() {
    let catalog = real_catalog();
    let offered = |capability| -> Vec<bool> {
        classic()
            .iter()
            .map(|&p| catalog.has(p, capability))
            .collect()
    };
    // Escalation management only on Business, Enterprise and Elite.
    assert_eq!(offered(Capability::Escalation), [false, true, true, true]);
    assert_eq!(offered(Capability::Phone), [false, true, true, true]);
    assert_eq!(
        offered(Capability::AccountSupportLead),
        [false, true, false, false]
    );
    assert_eq!(offered(Capability::NamedContacts), [true, true, true, true]);
    for &capability in Capability::ALL {
        assert_eq!(
            catalog
                .entitlement_with(plan("business"), capability)
                .and_then(|row| row.capability),
            Some(capability),
            "{} must mark a row",
            capability.as_str()
        );
    }
}

#[test]
fn targets_are_the_fact_sheet_table() {
    use Amount::{Days, Hours, Minutes};
    use CalendarKind::{BusinessDays, BusinessHours, TwentyFourFive, TwentyFourSeven};
    // support-programme.md §2; columns Online, Business, Enterprise, Elite.
    let table: [(Priority, [(CalendarKind, Amount); 4]); 4] = [
        (
            Priority::P1,
            [
                (TwentyFourSeven, Hours(1)),
                (TwentyFourSeven, Hours(1)),
                (TwentyFourSeven, Minutes(30)),
                (TwentyFourSeven, Minutes(15)),
            ],
        ),
        (
            Priority::P2,
            [
                (BusinessHours, Hours(4)),
                (BusinessHours, Hours(2)),
                (TwentyFourFive, Hours(1)),
                (TwentyFourFive, Minutes(30)),
            ],
        ),
        (
            Priority::P3,
            [
                (BusinessHours, Hours(6)),
                (BusinessHours, Hours(4)),
                (BusinessHours, Hours(2)),
                (TwentyFourFive, Hours(1)),
            ],
        ),
        (
            Priority::P4,
            [
                (BusinessDays, Days(3)),
                (BusinessDays, Days(1)),
                (BusinessDays, Days(1)),
                (BusinessDays, Days(1)),
            ],
        ),
    ];
    let catalog = real_catalog();
    let mut checked = 0;
    for (priority, row) in table {
        for (&plan, (kind, amount)) in classic().iter().zip(row) {
            assert_eq!(
                catalog.target(plan, priority).target,
                Target { kind, amount },
                "{plan} × {priority}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 16);
}

#[test]
fn success_plans_follow_the_overview_page() {
    use Amount::{Days, Hours, Minutes};
    use CalendarKind::{BusinessDays, BusinessHours, TwentyFourSeven};
    let catalog = real_catalog();
    let (expert, ultimate) = (plan("expert"), plan("ultimate"));
    // adobe/en/overview.md §Targeted Initial Response Times for Support.
    let table = [
        (
            expert,
            [
                (TwentyFourSeven, Hours(1)),
                (BusinessHours, Hours(2)),
                (BusinessHours, Hours(4)),
                (BusinessDays, Days(1)),
            ],
        ),
        (
            ultimate,
            [
                (TwentyFourSeven, Minutes(15)),
                (BusinessHours, Minutes(30)),
                (BusinessHours, Hours(1)),
                (BusinessDays, Days(1)),
            ],
        ),
    ];
    for (plan, row) in table {
        for (&priority, (kind, amount)) in Priority::ALL.iter().zip(row) {
            assert_eq!(
                catalog.target(plan, priority).target,
                Target { kind, amount },
                "{plan} × {priority}"
            );
        }
    }
    // The sources disagree on Ultimate P2/P3; the choice is marked and cites both.
    for priority in [Priority::P2, Priority::P3] {
        let source = &catalog.target(ultimate, priority).source;
        assert!(source.starts_with("[D]"), "{source}");
        assert!(source.contains("24x5 issue support"), "{source}");
        assert!(source.contains("regional business hours"), "{source}");
    }
    assert_eq!(catalog.named_contacts_limit(expert), 4);
    assert_eq!(catalog.named_contacts_limit(ultimate), 15);
    for plan in [expert, ultimate] {
        assert!(catalog.has(plan, Capability::Escalation), "{plan}");
        assert!(catalog.has(plan, Capability::Phone), "{plan}");
        assert!(!catalog.has(plan, Capability::AccountSupportLead), "{plan}");
        assert_eq!(catalog.family(plan).id, "success");
    }
    // Each family has its own rows: no classic row applies to a success plan, and back.
    let rows = |plan: PlanId| -> Vec<String> {
        catalog
            .entitlements_of(plan)
            .map(|e| e.id.clone())
            .collect()
    };
    let (success, classic) = (rows(ultimate), rows(plan("elite")));
    assert!(success.contains(&"designated-technical-account-manager".to_owned()));
    assert!(success.iter().all(|id| !classic.contains(id)));
    assert_eq!(
        catalog
            .entitlements()
            .iter()
            .find(|e| e.id == "named-support-contacts")
            .map(|e| e.value(ultimate)),
        Some(EntitlementValue::Included(false)),
        "a row of another family gives nothing"
    );
}

#[test]
fn regions_have_their_hours_zones_and_countries() {
    let catalog = real_catalog();
    let expected = [
        ("americas", (6, 0), (17, 30), "America/Los_Angeles", "US"),
        ("emea", (9, 0), (17, 0), "Europe/London", "GB-ENG"),
        ("apac", (9, 0), (17, 0), "Asia/Singapore", "SG"),
        ("japan", (9, 0), (17, 30), "Asia/Tokyo", "JP"),
    ];
    for (id, opens, closes, zone, code) in expected {
        let id = region(id);
        let region = catalog.region(id);
        assert_eq!(region.id, id);
        assert_eq!(region.hours.opens(), time(opens.0, opens.1), "{id} opens");
        assert_eq!(
            region.hours.closes(),
            time(closes.0, closes.1),
            "{id} closes"
        );
        assert_eq!(region.timezone.name(), zone, "{id} time zone");
        assert_eq!(region.country, country(code), "{id} country");
        assert!(
            catalog
                .holidays(region.country)
                .is_some_and(|h| !h.is_empty()),
            "{id}: holidays of {code}"
        );
    }
    // Americas: 3 business days = 34.5 business hours (support-programme.md §4).
    assert_eq!(
        catalog.region(region("americas")).hours.day_length() * 3,
        chrono::TimeDelta::minutes(34 * 60 + 30)
    );
}

#[test]
fn japan_has_two_languages_a_submission_window_and_an_exclusion() {
    let catalog = real_catalog();
    let japan = catalog.region(region("japan"));
    assert_eq!(japan.languages, [Language::En, Language::Ja]);
    assert_eq!(
        japan.submission_window,
        [Priority::P2, Priority::P3, Priority::P4]
    );
    assert_eq!(japan.language_exclusions.len(), 1);
    let exclusion = &japan.language_exclusions[0];
    assert_eq!(exclusion.product, "adobe-commerce");
    assert_eq!(exclusion.language, Language::Ja);
    assert_eq!(japan.rules.len(), 3);
    for id in ["americas", "emea", "apac"] {
        let region = catalog.region(region(id));
        assert_eq!(region.languages, [Language::En], "{id}");
        assert!(region.submission_window.is_empty(), "{id}");
        assert!(region.language_exclusions.is_empty(), "{id}");
    }
}

#[test]
fn japanese_holidays_include_bank_holidays() {
    let catalog = real_catalog();
    let jp = catalog.holidays(country("JP")).expect("holidays/JP.toml");
    // Constitution Memorial Day's substitute in 2026.
    assert!(jp.name(date(2026, 5, 4)).is_some(), "2026-05-04");
    // A bank holiday, not a national one: Japan closes on both.
    let bank = jp.name(date(2026, 1, 2)).expect("2026-01-02");
    assert!(bank.en.contains("Bank Holiday"), "{bank:?}");
    assert!(jp.name(date(2026, 1, 5)).is_none(), "an ordinary Monday");
    assert!(jp.covers_year(2025) && jp.covers_year(2035));
    assert!(!jp.covers_year(2024) && !jp.covers_year(2036));
    let countries: Vec<CountryCode> = catalog.countries().collect();
    assert!(countries.windows(2).all(|w| w[0] < w[1]), "sorted");
    for code in ["US", "GB", "SG", "JP"] {
        assert!(countries.contains(&country(code)), "{code}");
    }
}

#[test]
fn every_entry_names_its_source() {
    let catalog = real_catalog();
    let mut sources: Vec<(String, &str)> = Vec::new();
    sources.extend(
        catalog
            .families()
            .iter()
            .map(|f| (format!("family {}", f.id), f.source.as_str())),
    );
    sources.extend(
        catalog
            .plans()
            .iter()
            .map(|p| (format!("plan {}", p.id), p.source.as_str())),
    );
    sources.extend(
        catalog
            .groups()
            .iter()
            .map(|g| (format!("group {}", g.id), g.source.as_str())),
    );
    sources.extend(
        catalog
            .entitlements()
            .iter()
            .map(|e| (format!("entitlement {}", e.id), e.source.as_str())),
    );
    sources.extend(
        catalog
            .priorities()
            .iter()
            .map(|p| (format!("priority {}", p.id), p.source.as_str())),
    );
    for plan in catalog.plan_ids() {
        for &priority in Priority::ALL {
            sources.push((
                format!("target {plan} {priority}"),
                catalog.target(plan, priority).source.as_str(),
            ));
        }
    }
    for region in catalog.regions() {
        sources.push((format!("region {}", region.id), region.source.as_str()));
        sources.extend(region.language_exclusions.iter().map(|x| {
            (
                format!("region {} exclusion {}", region.id, x.product),
                x.source.as_str(),
            )
        }));
    }
    sources.extend(
        catalog
            .features()
            .iter()
            .map(|f| (format!("feature {} {}", f.plan, f.id), f.source.as_str())),
    );
    sources.extend(
        catalog
            .resources()
            .iter()
            .map(|r| (format!("resource {}", r.id), r.source.as_str())),
    );
    sources.extend(
        catalog
            .products()
            .iter()
            .map(|p| (format!("product {}", p.id), p.source.as_str())),
    );
    assert!(!catalog.features().is_empty() && !catalog.resources().is_empty());
    // 4 plans, 3 groups, 17 rows, 4 priorities, 16 targets, 4 regions, 1 exclusion, …
    assert!(sources.len() > 4 + 3 + 17 + 4 + 16 + 4 + 1);
    for (what, source) in sources {
        assert!(!source.trim().is_empty(), "{what} has no source");
    }
}

#[test]
fn the_products_are_those_the_pages_name() {
    let catalog = real_catalog();
    let ids: Vec<&str> = catalog.products().iter().map(|p| p.id.as_str()).collect();
    // The Field Service Activities menu of adobe/en/overview.md, Commerce first (the pages' own
    // rules name it) and Experience Manager (the cloud-service rows).
    assert_eq!(
        ids,
        [
            "adobe-commerce",
            "experience-manager",
            "analytics",
            "audience-manager",
            "target",
            "campaign",
            "marketo-engage"
        ]
    );
    let commerce = catalog.product(&"adobe-commerce".parse().unwrap()).unwrap();
    assert_eq!(commerce.name, "Adobe Commerce");
    assert!(
        commerce.notes[0]
            .get(Language::En)
            .contains("P1 30 minutes")
    );
}

#[test]
fn a_language_exclusion_of_an_unknown_product_is_refused() {
    let dir = copy_with(
        "regions.toml",
        "product = \"adobe-commerce\"",
        "product = \"adobe-comerce\"",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "regions.toml",
        "region[japan].language_exclusion[adobe-comerce].product",
        "not a product of products.toml",
    );
}

#[test]
fn every_message_and_resource_link_is_complete() {
    let catalog = real_catalog();
    for &msg in Msg::ALL {
        for &language in Language::ALL {
            assert!(
                !catalog.messages().get(msg, language).trim().is_empty(),
                "{} in {language}",
                msg.key()
            );
        }
    }
    for resource in catalog.resources() {
        for &language in Language::ALL {
            assert!(
                resource.url.get(language).starts_with("https://"),
                "{} in {language}",
                resource.id
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Broken catalogs: each must name the file, the key and the reason
// ---------------------------------------------------------------------------------------------

#[test]
fn an_unknown_time_zone_is_refused() {
    let dir = copy_with(
        "regions.toml",
        r#"timezone = "Asia/Tokyo""#,
        r#"timezone = "Asia/Tokio""#,
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "regions.toml",
        "region[japan].timezone",
        r#"unknown time zone "Asia/Tokio""#,
    );
}

#[test]
fn a_label_without_its_japanese_text_is_refused() {
    let dir = copy_with(
        "plans.toml",
        r#"label = { en = "Support Services", zh-TW = "支援服務", ja = "サポートサービス" }"#,
        r#"label = { en = "Support Services", zh-TW = "支援服務" }"#,
    );
    let err = load_error(&dir);
    let line = line_of(&dir, "plans.toml", r#"label = { en = "Support Services""#);
    assert_error(
        &err,
        &dir,
        "plans.toml",
        &format!("line {line}"),
        "missing field `ja`",
    );
}

#[test]
fn a_blank_japanese_label_is_refused() {
    let dir = copy_with("plans.toml", r#"ja = "サポートサービス" }"#, r#"ja = "" }"#);
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "plans.toml",
        "group[support-services].label",
        "missing ja translation",
    );
}

#[test]
fn a_whitespace_only_translation_is_blank() {
    let dir = copy_with(
        "regions.toml",
        r#"name = { en = "Japan", zh-TW = "日本", ja = "日本" }"#,
        r#"name = { en = "Japan", zh-TW = "  ", ja = "日本" }"#,
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "regions.toml",
        "region[japan].name",
        "missing zh-TW translation",
    );
}

#[test]
fn a_message_without_its_japanese_text_is_refused_in_the_japanese_file() {
    let dir = copy_with("locales/ja.ftl", "hours-open-now = 現在受付中\n", "");
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "locales/ja.ftl",
        "hours-open-now",
        "missing: the bot says this message, so every language must define it",
    );
}

#[test]
fn a_blank_message_is_refused() {
    let dir = copy_with(
        "locales/zh-TW.ftl",
        "hours-open-now = 目前營業中\n",
        "hours-open-now = { \"\" }\n",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "locales/zh-TW.ftl",
        "hours-open-now",
        "has no text",
    );
}

#[test]
fn a_message_using_an_argument_the_code_does_not_pass_is_refused() {
    let dir = copy_with(
        "locales/en.ftl",
        "due-holidays-from = holidays of { $country }\n",
        "due-holidays-from = holidays of { $region }\n",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "locales/en.ftl",
        "due-holidays-from",
        "uses `$region`, which the code does not pass (it passes: country)",
    );
}

#[test]
fn a_fluent_syntax_error_is_refused_on_its_line() {
    let dir = copy_with(
        "locales/ja.ftl",
        "hours-open-now = 現在受付中\n",
        "hours-open-now = { 現在受付中\n",
    );
    let err = load_error(&dir);
    let line = line_of(&dir, "locales/ja.ftl", "hours-open-now = ");
    assert_eq!(err.file, dir.path().join("locales/ja.ftl"), "{err}");
    assert!(err.key.starts_with("line "), "{err}");
    let at: usize = err.key["line ".len()..].parse().unwrap();
    assert!(
        (line..=line + 1).contains(&at),
        "{err}: the message is on {line}"
    );
    assert!(err.reason.starts_with("not Fluent syntax"), "{err}");
}

#[test]
fn a_target_without_a_calendar_is_refused() {
    let dir = copy_with(
        "targets.toml",
        "calendar = \"24x5\"\nminutes = 30\n",
        "minutes = 30\n",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "targets.toml",
        "target[elite p2]",
        "a target needs a calendar",
    );
}

#[test]
fn an_unknown_calendar_is_refused() {
    let dir = copy_with(
        "targets.toml",
        "calendar = \"24x5\"\nminutes = 30\n",
        "calendar = \"24x6\"\nminutes = 30\n",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "targets.toml",
        "target[elite p2].calendar",
        r#""24x6" is not one of 24x7, 24x5, business-hours, business-days"#,
    );
}

#[test]
fn a_target_in_both_hours_and_minutes_is_refused() {
    let dir = copy_with(
        "targets.toml",
        "plan = \"elite\"\npriority = \"p1\"\ncalendar = \"24x7\"\nminutes = 15\n",
        "plan = \"elite\"\npriority = \"p1\"\ncalendar = \"24x7\"\nminutes = 15\nhours = 1\n",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "targets.toml",
        "target[elite p1]",
        "give exactly one of minutes, hours, days",
    );
}

#[test]
fn a_business_days_target_in_hours_is_refused() {
    let dir = copy_with(
        "targets.toml",
        "calendar = \"business-days\"\ndays = 3\n",
        "calendar = \"business-days\"\nhours = 3\n",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "targets.toml",
        "target[online p4]",
        "business-days targets are given in days",
    );
}

#[test]
fn a_missing_target_is_refused() {
    let text = real_text("targets.toml");
    let start = text
        .find("[[target]]\nplan = \"enterprise\"\npriority = \"p3\"")
        .unwrap();
    let end = start + text[start..].find("\n\n").unwrap() + 2;
    let dir = copy_with("targets.toml", &text[start..end], "");
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "targets.toml",
        "target[enterprise][p3]",
        "missing",
    );
}

#[test]
fn closing_before_opening_is_refused() {
    let dir = copy_with(
        "regions.toml",
        "opens = \"09:00\"\ncloses = \"17:30\"",
        "opens = \"09:00\"\ncloses = \"08:00\"",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "regions.toml",
        "region[japan].closes",
        "closes at 08:00 before it opens at 09:00",
    );
}

#[test]
fn closing_when_opening_is_refused() {
    let dir = copy_with(
        "regions.toml",
        "opens = \"09:00\"\ncloses = \"17:30\"",
        "opens = \"09:00\"\ncloses = \"09:00\"",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "regions.toml",
        "region[japan].closes",
        "closes at 09:00 before it opens at 09:00",
    );
}

#[test]
fn a_time_that_is_not_a_time_is_refused() {
    let dir = copy_with(
        "regions.toml",
        "opens = \"09:00\"\ncloses = \"17:30\"",
        "opens = \"9am\"\ncloses = \"17:30\"",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "regions.toml",
        "region[japan].opens",
        r#""9am" is not a time of day HH:MM"#,
    );
}

#[test]
fn a_duplicated_plan_is_refused() {
    let dir = copy_with("plans.toml", r#"id = "elite""#, r#"id = "business""#);
    let err = load_error(&dir);
    assert_error(&err, &dir, "plans.toml", "plan[business]", "defined twice");
}

#[test]
fn a_missing_plan_is_refused() {
    let text = real_text("plans.toml");
    let start = text.find("[[plan]]\nid = \"elite\"").unwrap();
    let end = start + text[start..].find("\n\n").unwrap() + 2;
    let dir = copy_with("plans.toml", &text[start..end], "");
    let err = load_error(&dir);
    // The first row of the family still gives Elite a value.
    assert_error(
        &err,
        &dir,
        "plans.toml",
        "entitlement[account-support-lead].values.elite",
        r#""elite" is not a plan of family "classic"; defined: online, business, enterprise"#,
    );
}

#[test]
fn a_target_of_an_unknown_plan_is_refused() {
    let dir = copy_with(
        "targets.toml",
        "plan = \"elite\"\npriority = \"p1\"",
        "plan = \"platinum\"\npriority = \"p1\"",
    );
    let err = load_error(&dir);
    assert!(
        err.reason
            .starts_with(r#""platinum" is not a plan; defined: online, business, enterprise, elite, expert, ultimate"#),
        "{err}"
    );
    assert_eq!(err.key, "target[platinum p1].plan", "{err}");
}

#[test]
fn a_malformed_plan_id_is_refused() {
    let dir = copy_with("plans.toml", r#"id = "elite""#, r#"id = "Elite Plus""#);
    let err = load_error(&dir);
    assert_eq!(err.key, "plan[Elite Plus]", "{err}");
    assert!(err.reason.contains("lower-case ASCII letters"), "{err}");
}

#[test]
fn an_entitlement_missing_a_plan_value_is_refused() {
    let dir = copy_with(
        "plans.toml",
        "values = { online = false, business = false, enterprise = false, elite = true }\n\
         source = \"adobe/en/online.md §Online Support (four-plan table), row 'Event Management'",
        "values = { online = false, business = false, enterprise = false }\n\
         source = \"adobe/en/online.md §Online Support (four-plan table), row 'Event Management'",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "plans.toml",
        "entitlement[event-management].values[elite]",
        "missing",
    );
}

#[test]
fn an_entitlement_of_an_unknown_group_is_refused() {
    let dir = copy_with(
        "plans.toml",
        "id = \"case-reviews\"\ngroup = \"support-services\"",
        "id = \"case-reviews\"\ngroup = \"support-service\"",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "plans.toml",
        "entitlement[case-reviews].group",
        r#"no group "support-service""#,
    );
}

#[test]
fn a_region_country_without_holidays_is_refused() {
    let dir = copy_with("regions.toml", r#"country = "SG""#, r#"country = "ZZ""#);
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "regions.toml",
        "region[apac].country",
        "no holiday calendar ZZ in holidays/ZZ.toml",
    );
}

#[test]
fn a_deleted_holiday_file_is_noticed_by_its_region() {
    let dir = copy_of_data();
    fs::remove_file(dir.path().join("holidays").join("SG.toml")).unwrap();
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "regions.toml",
        "region[apac].country",
        "no holiday calendar SG in holidays/SG.toml",
    );
}

#[test]
fn a_holiday_file_of_another_country_is_refused() {
    let dir = copy_with("holidays/JP.toml", r#"country = "JP""#, r#"country = "KR""#);
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "holidays/JP.toml",
        "country",
        "KR does not match the file name JP.toml",
    );
}

#[test]
fn a_holiday_that_is_not_a_date_is_refused() {
    let dir = copy_with(
        "holidays/JP.toml",
        r#"date = "2026-05-04""#,
        r#"date = "2026-05-32""#,
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "holidays/JP.toml",
        "day[2026-05-32]",
        r#""2026-05-32" is not a date YYYY-MM-DD"#,
    );
}

#[test]
fn a_holiday_listed_twice_is_refused() {
    let dir = copy_with(
        "holidays/JP.toml",
        r#"date = "2026-01-03""#,
        r#"date = "2026-01-02""#,
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "holidays/JP.toml",
        "day[2026-01-02]",
        "listed twice",
    );
}

#[test]
fn a_national_holiday_limited_to_regions_is_refused() {
    let dir = copy_with(
        "holidays/JP.toml",
        "date = \"2026-05-04\"\n",
        "date = \"2026-05-04\"\nregions = [\"japan\"]\n",
    );
    let err = load_error(&dir);
    let line = line_of(&dir, "holidays/JP.toml", "regions = ");
    assert_error(
        &err,
        &dir,
        "holidays/JP.toml",
        &format!("line {line}"),
        "unknown field `regions`",
    );
}

#[test]
fn every_holiday_file_covers_2025_to_2035_and_says_what_it_holds() {
    let catalog = real_catalog();
    for code in catalog.countries() {
        let list = catalog.holidays(code).unwrap();
        assert!(
            list.covers_year(2025) && list.covers_year(2035) && !list.covers_year(2036),
            "{code}"
        );
    }
    for entry in fs::read_dir(data_dir().join("holidays")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_stem().is_some_and(|s| s == "designated") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("\nyears = [2025, 2035]\n"),
            "{}",
            path.display()
        );
        assert!(text.contains("\ncategories = [\""), "{}", path.display());
        assert!(text.contains("# Categories: "), "{}: why", path.display());
    }
}

#[test]
fn subdivisions_are_calendars_of_their_own() {
    let catalog = real_catalog();
    let holiday = |code: &str, y, m, d| {
        catalog
            .holidays(country(code))
            .unwrap_or_else(|| panic!("no calendar {code}"))
            .name(date(y, m, d))
            .map(|n| n.en.clone())
    };
    // England and Wales: Easter Monday and the Summer bank holiday; not Scotland, not UK-wide.
    for code in ["GB-ENG", "GB-WLS"] {
        assert_eq!(
            holiday(code, 2026, 4, 6).as_deref(),
            Some("Easter Monday"),
            "{code}"
        );
        assert_eq!(
            holiday(code, 2026, 8, 31).as_deref(),
            Some("Late Summer Bank Holiday"),
            "{code}"
        );
        assert_eq!(holiday(code, 2026, 1, 2), None, "{code}");
    }
    assert_eq!(holiday("GB", 2026, 4, 6), None);
    assert_eq!(holiday("GB-SCT", 2026, 4, 6), None);
    // Scotland: 2 January, St Andrew's Day and its Monday when it falls on a weekend.
    assert_eq!(
        holiday("GB-SCT", 2026, 1, 2).as_deref(),
        Some("New Year Holiday")
    );
    assert_eq!(
        holiday("GB-SCT", 2026, 8, 3).as_deref(),
        Some("Summer Bank Holiday")
    );
    assert_eq!(
        holiday("GB-SCT", 2025, 12, 1).as_deref(),
        Some("Saint Andrew's Day (observed)")
    );
    assert_eq!(holiday("GB-ENG", 2025, 12, 1), None);
    // Days every nation shares are in all five calendars.
    for code in ["GB", "GB-ENG", "GB-NIR", "GB-SCT", "GB-WLS"] {
        assert_eq!(
            holiday(code, 2026, 12, 25).as_deref(),
            Some("Christmas Day"),
            "{code}"
        );
    }
    // A day every state observes is the country's too: Australia Day 2025 (a Sunday) on Monday.
    assert!(holiday("AU", 2025, 1, 27).is_some());
    assert!(holiday("AU-NSW", 2025, 1, 27).is_some());
    // The states, provinces and Länder the issue names.
    for code in [
        "AU-ACT", "AU-NSW", "AU-NT", "AU-QLD", "AU-SA", "AU-TAS", "AU-VIC", "AU-WA", "US-CA",
        "US-NY", "US-TX", "CA-ON", "CA-QC", "DE-BY", "DE-BE", "GB-NIR",
    ] {
        assert!(catalog.holidays(country(code)).is_some(), "{code}");
    }
    // Hong Kong's general holidays: Good Friday, the day after, Easter Monday.
    for (m, d) in [(4, 3), (4, 4), (4, 6)] {
        assert!(holiday("HK", 2026, m, d).is_some(), "HK 2026-{m}-{d}");
    }
}

#[test]
fn every_holiday_has_its_own_zh_tw_and_ja_name() {
    let catalog = real_catalog();
    let mut checked = 0;
    for code in catalog.countries() {
        let list = catalog.holidays(code).unwrap();
        for year in 2025..=2035 {
            for day in date(year, 1, 1)
                .iter_days()
                .take_while(|d| d.year() == year)
            {
                if let Some(name) = list.name(day) {
                    assert_ne!(name.zh_tw, name.en, "{code} {day}");
                    assert_ne!(name.ja, name.en, "{code} {day}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
    // JP's bank holiday, English in zh-TW before.
    let jp = catalog.holidays(country("JP")).unwrap();
    assert_eq!(jp.name(date(2026, 1, 2)).unwrap().zh_tw, "銀行休假日");
}

#[test]
fn an_untranslated_holiday_name_is_refused() {
    let dir = copy_with(
        "holidays/GB.toml",
        "date = \"2026-12-25\"\nname = { en = \"Christmas Day\", zh-TW = \"聖誕節\"",
        "date = \"2026-12-25\"\nname = { en = \"Christmas Day\", zh-TW = \"Christmas Day\"",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "holidays/GB.toml",
        "day[2026-12-25].name.zh-TW",
        "\"Christmas Day\" is not translated",
    );
}

#[test]
fn a_holiday_outside_the_files_years_is_refused() {
    let dir = copy_with(
        "holidays/JP.toml",
        "years = [2025, 2035]",
        "years = [2025, 2034]",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "holidays/JP.toml",
        "day[2035-01-01]",
        "outside the file's years 2025-2034",
    );
}

#[test]
fn a_holiday_file_without_years_categories_or_name_sources_is_refused() {
    for (field, reason) in [
        ("years", "missing: [first year, last year]"),
        ("categories", "name the source's holiday categories"),
        (
            "names_from",
            "missing: where each language's names come from",
        ),
    ] {
        let text = real_text("holidays/SG.toml");
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{field} = ")))
            .unwrap()
            .to_owned();
        let dir = copy_with("holidays/SG.toml", &format!("{line}\n"), "");
        let err = load_error(&dir);
        assert_error(&err, &dir, "holidays/SG.toml", field, reason);
    }
}

#[test]
fn a_day_of_an_unknown_calendar_or_with_only_and_except_is_refused() {
    let dir = copy_with(
        "holidays/GB.toml",
        "date = \"2026-01-02\"\nname = { en = \"New Year Holiday\", zh-TW = \"新年假日\", ja = \"新年休日\" }\nonly = [\"GB-SCT\"]",
        "date = \"2026-01-02\"\nname = { en = \"New Year Holiday\", zh-TW = \"新年假日\", ja = \"新年休日\" }\nonly = [\"GB-XYZ\"]",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "holidays/GB.toml",
        "day[2026-01-02].only",
        "GB-XYZ is not GB or one of its subdivisions",
    );
    let dir = copy_with(
        "holidays/GB.toml",
        "date = \"2026-01-02\"\nname = { en = \"New Year Holiday\", zh-TW = \"新年假日\", ja = \"新年休日\" }\nonly = [\"GB-SCT\"]",
        "date = \"2026-01-02\"\nname = { en = \"New Year Holiday\", zh-TW = \"新年假日\", ja = \"新年休日\" }\nonly = [\"GB-SCT\"]\nexcept = [\"GB\"]",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "holidays/GB.toml",
        "day[2026-01-02]",
        "give `only` or `except`, not both",
    );
}

#[test]
fn unknown_calendars_are_answered_with_close_ones() {
    let catalog = real_catalog();
    let shown = |given: &str| -> Vec<String> {
        catalog
            .close_calendars(given)
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(shown("GB-EN")[0], "GB-ENG");
    assert_eq!(shown("UK-SCT")[0], "GB-SCT");
    assert_eq!(shown("AU-NWS")[0], "AU-NSW");
    // A subdivision nothing is near: the country's calendars.
    let de = shown("DE-XYZ");
    assert!(de.iter().all(|c| c.starts_with("DE")) && de.contains(&"DE-BY".to_owned()));
    // Two letters: the countries, not their hundred subdivisions.
    let countries = shown("UK");
    assert!(countries.contains(&"GB".to_owned()) && countries.contains(&"US".to_owned()));
    assert!(countries.iter().all(|c| c.len() == 2));
}

#[test]
fn a_designated_day_of_an_unknown_region_is_refused() {
    let dir = copy_with(
        "holidays/designated.toml",
        "day = []",
        "[[day]]\ndate = \"2026-12-31\"\n\
         name = { en = \"Year-end closure\", zh-TW = \"年終休業\", ja = \"年末休業\" }\n\
         regions = [\"nippon\"]",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "holidays/designated.toml",
        "day[2026-12-31].regions",
        r#""nippon" is not a region; defined: americas, emea, apac, japan"#,
    );
}

#[test]
fn a_designated_day_applies_to_its_regions_only() {
    let dir = copy_with(
        "holidays/designated.toml",
        "day = []",
        "[[day]]\ndate = \"2026-12-31\"\n\
         name = { en = \"Year-end closure\", zh-TW = \"年終休業\", ja = \"年末休業\" }\n\
         regions = [\"japan\"]",
    );
    let catalog = Catalog::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let day = date(2026, 12, 31);
    let japan = catalog
        .calendar(region("japan"), None, HolidayCountry::RegionDefault, &[])
        .unwrap();
    assert!(japan.holidays.closure(day).is_some());
    let emea = catalog
        .calendar(region("emea"), None, HolidayCountry::RegionDefault, &[])
        .unwrap();
    assert!(emea.holidays.closure(day).is_none());
}

#[test]
fn a_missing_message_is_refused() {
    let dir = copy_with("locales/en.ftl", "hours-open-now = Open now\n", "");
    let err = load_error(&dir);
    assert_error(&err, &dir, "locales/en.ftl", "hours-open-now", "missing");
}

#[test]
fn an_unknown_message_is_refused() {
    let dir = copy_with(
        "locales/zh-TW.ftl",
        "hours-open-now = 目前營業中\n",
        "hours-open-now = 目前營業中\nhours-opne-now = 目前營業中\n",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "locales/zh-TW.ftl",
        "hours-opne-now",
        "not a message the bot says (a typo?)",
    );
}

#[test]
fn an_unknown_field_is_refused_on_its_line() {
    let dir = copy_with(
        "plans.toml",
        "id = \"online\"\npaid = false",
        "id = \"online\"\npayd = false",
    );
    let err = load_error(&dir);
    let line = line_of(&dir, "plans.toml", "payd = false");
    assert_error(
        &err,
        &dir,
        "plans.toml",
        &format!("line {line}"),
        "unknown field `payd`",
    );
}

#[test]
fn an_unknown_field_inside_an_inline_table_is_refused_on_its_line() {
    let dir = copy_with(
        "plans.toml",
        r#"name = { en = "Elite Support", zh-TW = "Elite 支援", ja = "エリートサポート" }"#,
        r#"name = { en = "Elite Support", zh-TW = "Elite 支援", ja = "エリートサポート", jp = "x" }"#,
    );
    let err = load_error(&dir);
    let line = line_of(&dir, "plans.toml", r#"jp = "x""#);
    assert_error(
        &err,
        &dir,
        "plans.toml",
        &format!("line {line}"),
        "unknown field `jp`",
    );
}

#[test]
fn a_resource_link_that_is_not_https_is_refused() {
    let dir = copy_with(
        "features.toml",
        r#"ja = "https://status.adobe.com/ja""#,
        r#"ja = "http://status.adobe.com/ja""#,
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "features.toml",
        "resource[status].url.ja",
        "a resource link must be an https:// URL",
    );
}

#[test]
fn the_page_of_outages_is_required_and_single() {
    let mark = "outages = true ";
    let dir = copy_with("features.toml", mark, "# no longer marked ");
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "features.toml",
        "resource",
        "one resource needs `outages = true`",
    );
    let dir = copy_with(
        "features.toml",
        "id = \"training\"\n",
        "id = \"training\"\noutages = true\n",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "features.toml",
        "resource[status].outages",
        "only one resource is the page of outages",
    );
}

#[test]
fn a_capability_marked_twice_is_refused() {
    let dir = copy_with(
        "plans.toml",
        "capability = \"escalation\"\nsource = \"adobe/en/online.md",
        "capability = \"phone\"\nsource = \"adobe/en/online.md",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "plans.toml",
        r#"family[classic] capability = "phone""#,
        "marks 2 entitlements; a family marks each at most once",
    );
}

#[test]
fn a_family_without_a_capability_row_does_not_offer_it() {
    let dir = copy_with(
        "plans.toml",
        "capability = \"escalation\"\nsource = \"adobe/en/online.md",
        "source = \"adobe/en/online.md",
    );
    let catalog = Catalog::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let elite = plan("elite");
    assert!(
        catalog
            .entitlement_with(elite, Capability::Escalation)
            .is_none()
    );
    assert!(!catalog.has(elite, Capability::Escalation));
    assert!(catalog.has(elite, Capability::Phone));
}

#[test]
fn an_unknown_capability_is_refused() {
    let dir = copy_with(
        "plans.toml",
        "capability = \"escalation\"\nsource = \"adobe/en/online.md",
        "capability = \"escalations\"\nsource = \"adobe/en/online.md",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "plans.toml",
        "entitlement[escalation-management].capability",
        r#""escalations" is not one of named-contacts, phone, escalation, account-support-lead"#,
    );
}

#[test]
fn named_contacts_must_be_counts() {
    let dir = copy_with(
        "plans.toml",
        "values = { online = 4, business = 6, enterprise = 10, elite = 15 }",
        "values = { online = 4, business = 6, enterprise = 10, elite = true }",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "plans.toml",
        "entitlement[named-support-contacts].values",
        "named contacts must be a count per plan, found Included(true)",
    );
}

#[test]
fn an_empty_source_is_refused() {
    let text = real_text("regions.toml");
    let start = text.find("source = \"hours: seed").unwrap();
    let end = start + text[start..].find('\n').unwrap();
    // The first region's source.
    let dir = copy_with("regions.toml", &text[start..end], "source = \" \"");
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "regions.toml",
        "region[americas]",
        "every fact must name its source",
    );
}

#[test]
fn a_duplicate_key_is_refused_on_its_line() {
    let dir = copy_with(
        "plans.toml",
        "id = \"online\"\npaid = false\n",
        "id = \"online\"\npaid = false\npaid = true\n",
    );
    let err = load_error(&dir);
    let line = line_of(&dir, "plans.toml", "paid = true");
    assert_error(
        &err,
        &dir,
        "plans.toml",
        &format!("line {line}"),
        "duplicate key `paid`",
    );
}

#[test]
fn a_file_that_is_not_toml_is_refused_with_its_line() {
    let dir = copy_with(
        "regions.toml",
        "[[region]]\nid = \"emea\"",
        "[[region]\nid = \"emea\"",
    );
    let err = load_error(&dir);
    let line = line_of(&dir, "regions.toml", "[[region]\nid = \"emea\"");
    assert_error(&err, &dir, "regions.toml", &format!("line {line}"), "");
    assert!(!err.reason.is_empty(), "{err}");
}

#[test]
fn a_stray_line_is_refused_with_its_line() {
    let dir = copy_with(
        "targets.toml",
        "[[target]]\nplan = \"business\"\npriority = \"p3\"\n",
        "[[target]]\nplan = \"business\"\npriority = \"p3\"\nthis is not toml\n",
    );
    let err = load_error(&dir);
    let line = line_of(&dir, "targets.toml", "this is not toml");
    assert_error(&err, &dir, "targets.toml", &format!("line {line}"), "");
    assert!(!err.reason.is_empty(), "{err}");
}

#[test]
fn a_missing_file_is_refused() {
    for file in [
        "plans.toml",
        "targets.toml",
        "regions.toml",
        "features.toml",
        "locales/en.ftl",
        "locales/zh-TW.ftl",
        "locales/ja.ftl",
        "holidays/designated.toml",
    ] {
        let dir = copy_of_data();
        let path = dir.path().join(file);
        fs::remove_file(&path).unwrap();
        let not_found = fs::read_to_string(&path).unwrap_err().to_string();
        let err = load_error(&dir);
        assert_error(&err, &dir, file, "(file)", &not_found);
    }
}

#[test]
fn a_missing_holiday_directory_is_refused() {
    let dir = copy_of_data();
    fs::remove_dir_all(dir.path().join("holidays")).unwrap();
    let err = load_error(&dir);
    assert_error(&err, &dir, "holidays", "(directory)", "");
    assert!(!err.reason.is_empty(), "{err}");
}

#[test]
fn the_nonce_window_is_read_and_zero_is_refused() {
    assert_eq!(
        real_catalog().reminder_policy().nonce_window,
        chrono::TimeDelta::seconds(60)
    );
    let dir = copy_with(
        "reminders.toml",
        "nonce_window_seconds = 60",
        "nonce_window_seconds = 0",
    );
    let err = load_error(&dir);
    assert_error(
        &err,
        &dir,
        "reminders.toml",
        "nonce_window_seconds",
        "Discord remembers a nonce for a few minutes",
    );
}
