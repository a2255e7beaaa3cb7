//! The support programme is data: a copy of `data/` with a plan family, a plan and a region added
//! in TOML only answers every programme command and keeps cases with the production binary; the
//! Expert and Ultimate success plans answer from the overview pages in the three languages; and a
//! store written when plans and regions were Rust enums still loads.

#[path = "common/output.rs"]
mod output;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use supportbot::domain::catalog::{Catalog, CatalogFiles};
use supportbot::domain::ids::{PlanId, RegionId};

fn repo_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("a directory");
    for entry in fs::read_dir(from).expect("readable") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copied");
        }
    }
}

fn append(file: &Path, text: &str) {
    let mut out = fs::OpenOptions::new()
        .append(true)
        .open(file)
        .expect("the catalog file");
    out.write_all(text.as_bytes()).expect("appended");
}

/// A family of its own with one plan, two rows (a contact limit and escalation), its four targets;
/// and a region with its own hours, zone, holidays, languages, submission window and rule.
const PARTNER_FAMILY: &str = r#"
[[family]]
id = "partner"
name = { en = "Partner plans", zh-TW = "合作夥伴方案", ja = "パートナープラン" }
source = "tests/programme_as_data.rs"

[[plan]]
id = "gold"
paid = true
family = "partner"
name = { en = "Gold Support", zh-TW = "金級支援", ja = "ゴールドサポート" }
source = "tests/programme_as_data.rs"

[[group]]
id = "partner-services"
family = "partner"
label = { en = "Partner services", zh-TW = "合作夥伴服務", ja = "パートナーサービス" }
source = "tests/programme_as_data.rs"

[[entitlement]]
id = "gold-named-contacts"
group = "partner-services"
label = { en = "Named contacts", zh-TW = "指定聯絡人", ja = "指定連絡先" }
values = { gold = 2 }
capability = "named-contacts"
source = "tests/programme_as_data.rs"

[[entitlement]]
id = "gold-escalation"
group = "partner-services"
label = { en = "Escalations", zh-TW = "向上呈報", ja = "エスカレーション" }
values = { gold = true }
capability = "escalation"
source = "tests/programme_as_data.rs"
"#;

const GOLD_TARGETS: &str = r#"
[[target]]
plan = "gold"
priority = "p1"
calendar = "24x7"
minutes = 45
source = "tests/programme_as_data.rs"

[[target]]
plan = "gold"
priority = "p2"
calendar = "business-hours"
hours = 3
source = "tests/programme_as_data.rs"

[[target]]
plan = "gold"
priority = "p3"
calendar = "business-hours"
hours = 8
source = "tests/programme_as_data.rs"

[[target]]
plan = "gold"
priority = "p4"
calendar = "business-days"
days = 2
source = "tests/programme_as_data.rs"
"#;

const LATAM: &str = r#"
[[region]]
id = "latam"
name = { en = "Latin America", zh-TW = "拉丁美洲", ja = "ラテンアメリカ" }
opens = "08:00"
closes = "18:00"
timezone = "America/Sao_Paulo"
country = "BR"
languages = ["en"]
submission_window = ["p3", "p4"]
rules = [{ en = "P3 and P4 cases are filed in business hours only.", zh-TW = "P3、P4 案件僅限營業時間提交。", ja = "P3、P4 は営業時間内のみ受け付けます。" }]
source = "tests/programme_as_data.rs"
"#;

/// `data/` copied, with the partner family, Gold and Latin America added as TOML only.
fn extended_catalog(root: &Path) -> PathBuf {
    let dir = root.join("catalog");
    copy_dir(&repo_data(), &dir);
    append(&dir.join("plans.toml"), PARTNER_FAMILY);
    append(&dir.join("targets.toml"), GOLD_TARGETS);
    append(&dir.join("regions.toml"), LATAM);
    dir
}

/// The production binary on `catalog` (the built-in one when `None`) and the store in `store`.
fn bot(catalog: Option<&Path>, store: &Path, now: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_supportbot"));
    if let Some(catalog) = catalog {
        command.arg("--catalog").arg(catalog);
    }
    command
        .arg("--data-dir")
        .arg(store)
        .arg("--now")
        .arg(now)
        .env_remove("DISCORD_TOKEN")
        .env_remove("SUPPORTBOT_CATALOG")
        .env_remove("SUPPORTBOT_DATA_DIR")
        .env("RUST_LOG", "error")
        .stdin(Stdio::null());
    command
}

fn run(mut command: Command) -> (Output, String) {
    let output = command.output().expect("supportbot runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    (output, text)
}

/// `supportbot ask --locale LOCALE --as ROLE LINE`, which must answer (exit 0).
fn ask(
    catalog: Option<&Path>,
    store: &Path,
    now: &str,
    locale: &str,
    role: &str,
    line: &str,
) -> String {
    let mut command = bot(catalog, store, now);
    command.args(["ask", "--locale", locale, "--as", role, line]);
    let (output, text) = run(command);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{line}: {text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    text
}

/// Like [`ask`], for a line that must be refused as bad input (exit 2).
fn refused(catalog: &Path, store: &Path, now: &str, role: &str, line: &str) -> String {
    let mut command = bot(Some(catalog), store, now);
    command.args(["ask", "--as", role, line]);
    let (output, text) = run(command);
    assert_eq!(output.status.code(), Some(2), "{line}: {text}");
    text
}

#[test]
fn a_plan_and_a_region_added_as_toml_answer_every_programme_command_and_keep_cases() {
    let root = tempfile::tempdir().expect("a temporary directory");
    let catalog = extended_catalog(root.path());
    let store = root.path().join("store");
    let now = "2026-11-18T12:00:00Z";
    let en = |line: &str| ask(Some(&catalog), &store, now, "en-US", "admin", line);

    let slo = en("/slo plan:gold priority:p1");
    assert!(slo.contains("Gold Support"), "{slo}");
    assert!(slo.contains("P1 24x7 / 45 minutes"), "{slo}");
    let ja = ask(
        Some(&catalog),
        &store,
        now,
        "ja",
        "admin",
        "/slo plan:gold priority:p2",
    );
    assert!(ja.contains("ゴールドサポート"), "{ja}");

    // A refusal names the catalog's plans and regions, the added ones too.
    let unknown = refused(&catalog, &store, now, "admin", "/slo plan:platinum");
    assert!(
        unknown.contains("elite, expert, ultimate, gold."),
        "{unknown}"
    );
    let unknown = refused(&catalog, &store, now, "admin", "/hours region:mars");
    assert!(unknown.contains("japan, latam."), "{unknown}");

    let hours = en("/hours region:latam");
    assert!(hours.contains("Latin America"), "{hours}");
    assert!(
        hours.contains("8:00–18:00 local time (America/Sao_Paulo)"),
        "{hours}"
    );
    assert!(
        hours.contains("P3 and P4 cases are filed in business hours only."),
        "{hours}"
    );

    // Wednesday 16:30 in São Paulo (UTC-3): 1 h 30 min to the 18:00 close, then 1 h 30 min from
    // Thursday's 08:00 opening.
    let due = en(r#"/due plan:gold priority:p2 region:latam at:"2026-11-18 16:30""#);
    assert!(
        due.contains("due Thu 19 Nov 2026 09:30 UTC-3 (12:30 UTC"),
        "{due}"
    );
    assert!(due.contains("holidays of BR"), "{due}");

    let across = en("/compare plans:gold,elite");
    assert!(
        across.contains("different families (Support plans, Partner plans)"),
        "{across}"
    );
    assert!(
        across.contains("compared by their initial response targets only"),
        "{across}"
    );
    assert!(across.contains("P1 24x7 / 45 minutes"), "{across}");
    let within = en("/compare plans:gold");
    assert!(
        within.contains("Named contacts\n  Gold Support: 2"),
        "{within}"
    );
    let default = en("/compare");
    assert!(
        default.contains("Also: Partner plans, compared with /compare plans:gold"),
        "{default}"
    );

    en(r#"/org add name:"Loja" plan:gold region:latam products:analytics id:loja"#);
    en("/reminders set region:latam channel:<#10> role:<@&20>");
    let filed = ask(
        Some(&catalog),
        &store,
        now,
        "en-US",
        "agent",
        r#"/case file org:loja product:analytics priority:p2 title:"Checkout down""#,
    );
    assert!(filed.contains("Recorded as CASE-000001"), "{filed}");
    // 09:00 in São Paulo: 3 business hours later.
    assert!(
        filed.contains("due Wed 18 Nov 2026 12:00 UTC-3 (15:00 UTC, in 3 h)"),
        "{filed}"
    );
    assert!(filed.contains("Gold Support"), "{filed}");
    let planned = en("/reminders show");
    assert!(planned.contains("Planned: 4"), "{planned}");

    // The region's submission window is its attribute: a P3 at 03:00 local is refused.
    let night = refused(
        &catalog,
        &store,
        "2026-11-18T06:00:00Z",
        "agent",
        r#"/case file org:loja product:analytics priority:p3 title:"Slow report""#,
    );
    assert!(
        night.contains(
            "In the Latin America region, P3, P4 cases can be submitted only during business hours (8:00–18:00 local time)"
        ),
        "{night}"
    );
    assert!(
        night.contains("P1, P2 cases can be filed at any time."),
        "{night}"
    );
    // The plan's contact limit is its entitlement: two per product.
    for user in [101, 102] {
        en(&format!(
            "/contacts add org:loja product:analytics user:{user}"
        ));
    }
    let third = refused(
        &catalog,
        &store,
        now,
        "admin",
        "/contacts add org:loja product:analytics user:103",
    );
    assert!(
        third.contains("Gold Support allows 2 named support contacts for analytics"),
        "{third}"
    );

    // Past the breach, the console delivers the case's reminders.
    let text = console_until(&catalog, &store, "2026-11-18T16:00:00Z", "target breached");
    assert!(text.contains("<@&20>"), "{text}");
    assert!(text.contains("CASE-000001 P2 loja Checkout down"), "{text}");
}

/// The console on `catalog`, with its input held open until its output has a line containing
/// `wanted` (reminders print as the scheduler fires them), or 60 seconds; everything it printed.
fn console_until(catalog: &Path, store: &Path, now: &str, wanted: &str) -> String {
    let mut command = bot(Some(catalog), store, now);
    command
        .args(["--as", "admin", "--console"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let mut child = command.spawn().expect("supportbot runs");
    let input = child.stdin.take().expect("stdin");
    let watched = output::Watched::start(child.stdout.take().expect("stdout"));
    watched.wait_for(wanted, Duration::from_secs(60));
    drop(input);
    let status = child.wait().expect("the console ends");
    let text = watched.finish();
    assert!(status.success(), "{text}");
    assert!(text.contains(wanted), "{wanted:?} not in {text}");
    text
}

#[test]
fn a_catalog_naming_an_undefined_plan_stops_start_up_with_file_key_and_reason() {
    let root = tempfile::tempdir().expect("a temporary directory");
    let catalog = extended_catalog(root.path());
    append(
        &catalog.join("targets.toml"),
        "\n[[target]]\nplan = \"platinum\"\npriority = \"p1\"\ncalendar = \"24x7\"\nminutes = 5\nsource = \"x\"\n",
    );
    let mut command = bot(
        Some(&catalog),
        &root.path().join("store"),
        "2026-11-18T12:00:00Z",
    );
    command.args(["ask", "/slo"]);
    let output = command.output().expect("supportbot runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("targets.toml"), "{stderr}");
    assert!(stderr.contains("target[platinum p1].plan"), "{stderr}");
    assert!(
        stderr.contains(r#""platinum" is not a plan; defined: online"#),
        "{stderr}"
    );
}

#[test]
fn ultimate_p1_is_15_minutes_in_every_language() {
    let root = tempfile::tempdir().expect("a temporary directory");
    let store = root.path().join("store");
    for (locale, plan, target) in [
        ("en-US", "Ultimate Success Plan", "P1 24x7 / 15 minutes"),
        ("zh-TW", "Ultimate Success Plan", "P1 24x7 / 15 分鐘"),
        ("ja", "Ultimate Successプラン", "P1 24 時間年中無休 / 15 分"),
    ] {
        let text = ask(
            None,
            &store,
            "2026-11-18T12:00:00Z",
            locale,
            "customer",
            "/slo plan:ultimate priority:p1",
        );
        assert!(
            text.contains(&format!("▸ {plan}\n  {target}\n")),
            "{locale}: {text}"
        );
    }
}

#[test]
fn expert_lists_4_named_contacts_per_product_in_the_overview_pages_words() {
    let root = tempfile::tempdir().expect("a temporary directory");
    let store = root.path().join("store");
    for (locale, title, contacts, rows) in [
        (
            "en-US",
            "Expert Success Plan: what is included",
            "Named Support Contacts (per AEC product): 4",
            [
                "▸ Success team",
                "✔ Pooled team of support engineers",
                "– Designated Technical Account Manager",
                "✔ P1: 24x7 issue support",
            ],
        ),
        (
            "zh-TW",
            "Expert Success Plan：包含的服務",
            "指定的支援聯絡人 (每個 AEC 產品): 4",
            [
                "▸ 成功團隊",
                "✔ 匯集的支援工程師團隊",
                "– 指定的技術客戶經理",
                "✔ P1：24x7 問題支援",
            ],
        ),
        (
            "ja",
            "Expert Successプラン：含まれる内容",
            "登録サポートコンタクト（AEC 製品ごと）: 4",
            [
                "▸ サクセスチーム",
                "✔ プールされたサポートエンジニアチーム",
                "– 専任テクニカルアカウントマネージャー",
                "✔ P1：24 時間 365 日の問題サポート",
            ],
        ),
    ] {
        let text = ask(
            None,
            &store,
            "2026-11-18T12:00:00Z",
            locale,
            "customer",
            "/entitlements plan:expert",
        );
        assert!(text.starts_with(&format!("{title}\n")), "{locale}: {text}");
        assert!(text.contains(contacts), "{locale}: {text}");
        for row in rows {
            assert!(text.contains(row), "{locale}: {row:?} in {text}");
        }
    }
    let features = ask(
        None,
        &store,
        "2026-11-18T12:00:00Z",
        "en-US",
        "customer",
        "/features plan:expert",
    );
    assert!(
        features.contains("See /entitlements plan:expert for what it includes."),
        "{features}"
    );
    let ultimate = ask(
        None,
        &store,
        "2026-11-18T12:00:00Z",
        "en-US",
        "customer",
        "/entitlements plan:ultimate",
    );
    assert!(
        ultimate.contains("Named Support Contacts (per AEC product): 15"),
        "{ultimate}"
    );
    assert!(
        ultimate.contains("✔ Designated Technical Account Manager"),
        "{ultimate}"
    );
}

/// `supportbot cases import` of `lines` into `store`, on the built-in catalog.
fn import(store: &Path, lines: &str) -> Output {
    let mut command = bot(None, store, "2026-11-20T12:00:00Z");
    command
        .args(["cases", "import"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("supportbot runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(lines.as_bytes())
        .expect("written");
    child.wait_with_output().expect("import ends")
}

/// A sled store written by the binary of the days of `PlanId` and `RegionId` enums
/// (`tests/fixtures/README.md`) opens, passes its check and answers from its records.
#[test]
fn a_store_written_when_plans_were_enums_opens_and_answers() {
    let root = tempfile::tempdir().expect("a temporary directory");
    let store = root.path().join("store");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/enum-era-store"),
        &store,
    );
    let now = "2026-11-20T11:00:00Z";
    let mut check = bot(None, &store, now);
    check.args(["store", "check"]);
    let output = check.output().expect("supportbot runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{report}");
    assert!(report.contains("none damaged"), "{report}");
    let org = ask(None, &store, now, "en-US", "admin", "/org show org:acme");
    assert!(org.contains("▸ Plan\n  Business Support"), "{org}");
    assert!(
        org.contains("▸ Region\n  Europe, Middle East & Africa"),
        "{org}"
    );
    let routes = ask(None, &store, now, "en-US", "admin", "/reminders show");
    assert!(
        routes.contains("▸ Europe, Middle East & Africa\n  <#1>"),
        "{routes}"
    );
    assert!(routes.contains("Planned: 4"), "{routes}");
    let responded = ask(
        None,
        &store,
        now,
        "en-US",
        "agent",
        "/case respond id:CASE-000001",
    );
    assert!(
        responded.contains("Target met with 1 h to spare (business hours"),
        "{responded}"
    );
}

/// An organisation, a case and a reminder route as the store kept them while plans and regions
/// were Rust enums: the ids are the same lowercase strings, so the records load and answer.
#[test]
fn records_naming_plans_and_regions_by_id_still_load() {
    let root = tempfile::tempdir().expect("a temporary directory");
    let store = root.path().join("store");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/enum-era-export.jsonl");
    let lines = fs::read_to_string(&fixture).expect("the fixture");
    let output = import(&store, &lines);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let show = ask(
        None,
        &store,
        "2026-11-20T12:00:00Z",
        "en-US",
        "admin",
        "/org show org:acme",
    );
    assert!(show.contains("Business Support"), "{show}");
    assert!(show.contains("Europe, Middle East & Africa"), "{show}");
    // Reminder routes are kept by region id.
    let routes = ask(
        None,
        &store,
        "2026-11-20T10:30:00Z",
        "en-US",
        "admin",
        "/reminders show",
    );
    assert!(
        routes.contains("▸ Europe, Middle East & Africa\n  <#1> · pings <@&2>"),
        "{routes}"
    );
    let case = ask(
        None,
        &store,
        "2026-11-20T12:00:00Z",
        "en-US",
        "agent",
        "/case show id:CASE-000001",
    );
    assert!(case.contains("Business Support"), "{case}");
    assert!(
        case.contains("First response due\n  Fri 20 Nov 2026 12:00 GMT (12:00 UTC, now)"),
        "{case}"
    );
    // The verdict is computed from the case's recorded terms: Business, EMEA.
    let responded = ask(
        None,
        &store,
        "2026-11-20T11:00:00Z",
        "en-US",
        "agent",
        "/case respond id:CASE-000001",
    );
    assert!(
        responded.contains("Target met with 1 h to spare (business hours"),
        "{responded}"
    );
    // A record naming a plan the catalog does not declare is refused, naming it and the plans.
    let renamed = lines.replace(r#""plan":"business""#, r#""plan":"platinum""#);
    let output = import(&root.path().join("other"), &renamed);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert!(
        stderr.contains(r#"line 1: "platinum" is not one of online, business, enterprise, elite, expert, ultimate"#),
        "{stderr}"
    );
    // The ids read back as the catalog's, and write back as the same strings.
    Catalog::load_from(&CatalogFiles::from_option(None)).expect("the built-in catalog");
    let plan: PlanId = serde_json::from_str("\"business\"").expect("a plan id");
    let region: RegionId = serde_json::from_str("\"emea\"").expect("a region id");
    assert_eq!(serde_json::to_string(&plan).expect("JSON"), "\"business\"");
    assert_eq!(serde_json::to_string(&region).expect("JSON"), "\"emea\"");
    assert!(serde_json::from_str::<PlanId>("\"platinum\"").is_err());
}

/// The source files under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// No code outside tests names a plan or region of the catalog: they are data.
#[test]
fn no_plan_or_region_is_named_in_src() {
    let named = regex::Regex::new(
        r#""(online|business|enterprise|elite|expert|ultimate|americas|emea|apac|japan)""#,
    )
    .expect("a pattern");
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with("tests.rs")) {
        let text = fs::read_to_string(file).expect("readable");
        // A file's unit tests are its `#[cfg(test)]` module, at its end.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (number, line) in code.lines().enumerate() {
            if named.is_match(line) {
                found.push(format!("{}:{}: {line}", file.display(), number + 1));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
