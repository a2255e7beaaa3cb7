//! `/stats` as a chart and a table: `supportbot stats` prints what `/stats` answers and writes
//! the PNG and the CSV of the same counts, per week and priority; bad input is refused in the
//! reader's language.

#[path = "common/cases.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use support::*;
use supportbot::engine::{Caller, Role, UserId};
use supportbot::i18n::{Language, Msg};

/// When the binary reads the store: every case below has its outcome by then.
const NOW: &str = "2026-11-30T12:00:00Z";

/// Cases in three weeks of November 2026 (business plan; EMEA P2 due 2 business hours after
/// 09:00 London, Japan's after 09:00 Tokyo):
/// - week of Mon 2: EMEA P2 met, EMEA P2 missed;
/// - week of Mon 9: EMEA P2 met, EMEA P3 met, Japan P2 met;
/// - week of Mon 16: EMEA P2 closed unanswered, EMEA P3 still open (missed by now).
fn store() -> tempfile::TempDir {
    let bot = Bot::new("2026-11-02T09:00:00Z");
    bot.org("name:Europa plan:business region:emea products:analytics");
    bot.org("name:Nippon plan:business region:japan products:analytics");
    let file = |org: &str, priority: &str| {
        bot.file(
            agent(),
            &format!("/case file org:{org} product:analytics priority:{priority} title:s"),
        )
    };
    let respond = |id: &str, now: &str| {
        bot.set_now(now);
        bot.ok(agent(), &format!("/case respond id:{id}"));
    };
    let met = file("europa", "p2");
    let missed = file("europa", "p2");
    respond(&met, "2026-11-02T10:00:00Z");
    respond(&missed, "2026-11-02T11:30:00Z");

    bot.set_now("2026-11-09T09:00:00Z");
    let p2 = file("europa", "p2");
    let p3 = file("europa", "p3");
    respond(&p2, "2026-11-09T10:00:00Z");
    respond(&p3, "2026-11-09T10:00:00Z");
    bot.set_now("2026-11-10T00:00:00Z"); // Tue 09:00 Tokyo
    let japan = file("nippon", "p2");
    respond(&japan, "2026-11-10T01:00:00Z");

    bot.set_now("2026-11-16T09:00:00Z");
    let closed = file("europa", "p2");
    let _open = file("europa", "p3");
    bot.ok(agent(), &format!("/case close id:{closed}"));
    bot.close()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bot_command(dir)
        .args(["--now", NOW])
        .args(args)
        .env("TZ", "UTC")
        .output()
        .expect("supportbot runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Met and total per priority, summed over the regions of `/stats`' text ("▸ P2 · Japan" then
/// "  1 of 1 met").
fn text_counts(text: &str) -> BTreeMap<String, (u32, u32)> {
    let mut counts = BTreeMap::new();
    let mut priority = None;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("▸ ") {
            priority = heading.split(" · ").next().map(str::to_owned);
        } else if let (Some(p), Some(rest)) = (&priority, line.trim().strip_suffix(" met")) {
            let numbers: Vec<u32> = rest.split(" of ").filter_map(|n| n.parse().ok()).collect();
            if let [met, total] = numbers[..] {
                let entry = counts.entry(p.clone()).or_insert((0, 0));
                entry.0 += met;
                entry.1 += total;
            }
        }
    }
    counts
}

/// Met and total per priority, summed over the CSV's weeks.
fn csv_counts(csv: &str) -> BTreeMap<String, (u32, u32)> {
    let mut counts = BTreeMap::new();
    for row in csv.lines().skip(1) {
        let cells: Vec<&str> = row.split(',').collect();
        let (met, total): (u32, u32) = (cells[3].parse().unwrap(), cells[4].parse().unwrap());
        if total > 0 {
            let entry = counts.entry(cells[2].to_owned()).or_insert((0, 0));
            entry.0 += met;
            entry.1 += total;
        }
    }
    counts
}

#[test]
fn the_csv_and_the_chart_hold_the_numbers_of_the_text_answer() {
    let dir = store();
    let out = tempfile::tempdir().unwrap();
    let (png, csv) = (out.path().join("stats.png"), out.path().join("stats.csv"));
    let range = ["--from", "2026-11-01", "--to", "2026-11-30"];
    let written = run(
        dir.path(),
        &[
            &["stats"],
            &range[..],
            &[
                "--png",
                png.to_str().unwrap(),
                "--csv",
                csv.to_str().unwrap(),
            ],
        ]
        .concat(),
    );
    assert!(written.status.success(), "{}", text(&written.stderr));
    let asked = run(
        dir.path(),
        &[
            "ask",
            "--as",
            "agent",
            "/stats from:2026-11-01 to:2026-11-30",
        ],
    );
    assert!(asked.status.success(), "{}", text(&asked.stderr));
    // The command prints what /stats answers.
    assert_eq!(text(&written.stdout), text(&asked.stdout));

    let csv = std::fs::read_to_string(&csv).unwrap();
    let by_priority = text_counts(&text(&asked.stdout));
    assert_eq!(
        by_priority,
        BTreeMap::from([("P2".into(), (3, 4)), ("P3".into(), (1, 2))]),
        "{}",
        text(&asked.stdout)
    );
    assert_eq!(csv_counts(&csv), by_priority, "{csv}");
    let rows: Vec<&str> = csv.lines().collect();
    // Six weeks touch November 2026 (Sun 1 alone, four Monday to Sunday, Mon 30 alone), four
    // priorities each.
    assert_eq!(rows.len(), 1 + 6 * 4, "{csv}");
    for row in [
        "2026-11-02,2026-11-08,P2,1,2,50.0,0",
        "2026-11-09,2026-11-15,P2,2,2,100.0,0",
        "2026-11-09,2026-11-15,P3,1,1,100.0,0",
        "2026-11-16,2026-11-22,P2,0,0,,1",
        "2026-11-16,2026-11-22,P3,0,1,0.0,0",
        "2026-11-01,2026-11-01,P1,0,0,,0",
    ] {
        assert!(rows.contains(&row), "no {row} in\n{csv}");
    }

    let bytes = std::fs::read(&png).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (960, 540));
    let colours: std::collections::BTreeSet<&[u8]> = pixels[..info.buffer_size()]
        .chunks(info.color_type.samples())
        .collect();
    assert!(colours.len() >= 3, "{} colours", colours.len());
    let drawn = pixels.chunks(3).filter(|p| *p != [255, 255, 255]).count();
    assert!(drawn > 960 * 540 / 50, "{drawn} pixels drawn");
}

#[test]
fn filters_narrow_the_csv_as_they_narrow_the_text() {
    let dir = store();
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("japan.csv");
    let written = run(
        dir.path(),
        &[
            "stats",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--region",
            "japan",
            "--csv",
            csv.to_str().unwrap(),
            "--locale",
            "ja",
        ],
    );
    assert!(written.status.success(), "{}", text(&written.stderr));
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        csv_counts(&csv),
        BTreeMap::from([("P2".into(), (1, 1))]),
        "{csv}"
    );
    let europa = out.path().join("europa.csv");
    let written = run(
        dir.path(),
        &[
            "stats",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--org",
            "europa",
            "--csv",
            europa.to_str().unwrap(),
        ],
    );
    assert!(written.status.success(), "{}", text(&written.stderr));
    assert_eq!(
        csv_counts(&std::fs::read_to_string(&europa).unwrap()),
        BTreeMap::from([("P2".into(), (2, 3)), ("P3".into(), (1, 2))])
    );
}

#[test]
fn bad_input_is_refused_in_the_readers_language_and_writes_nothing() {
    let dir = store();
    let out = tempfile::tempdir().unwrap();
    let png = out.path().join("stats.png");
    let png = png.to_str().unwrap();
    // The console shows code spans as plain text.
    let refused = |args: &[&str], says: &str| {
        let output = run(dir.path(), &[&["stats", "--png", png], args].concat());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            text(&output.stderr).contains(says),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(!Path::new(png).exists(), "{args:?} wrote the chart");
    };
    let backwards = ["--from", "2026-11-30", "--to", "2026-11-01"];
    refused(
        &backwards,
        "The start date 2026-11-30 is after the end date 2026-11-01. Give from on or before to",
    );
    refused(
        &[&backwards[..], &["--locale", "ja"]].concat(),
        "開始日 2026-11-30 が終了日 2026-11-01 より後です。",
    );
    refused(
        &[&backwards[..], &["--locale", "zh-TW"]].concat(),
        "開始日期 2026-11-30 晚於結束日期 2026-11-01。",
    );
    // The operator sees every organisation: the answer says none has the id, in CLI terms.
    refused(
        &["--org", "nobody"],
        "supportbot: --org: no organisation has the id nobody. `supportbot ask --as admin \"/org list\"` lists them",
    );
    refused(&["--region", "mars"], "is not a valid region");
    refused(&["--from", "2026-13-01"], "is not a valid from");

    let nowhere = out.path().join("missing-dir").join("stats.csv");
    let output = run(dir.path(), &["stats", "--csv", nowhere.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "Cannot write {}: {} is not an existing directory.",
            nowhere.display(),
            out.path().join("missing-dir").display()
        )) && stderr.contains("give a path in an existing directory."),
        "{stderr}"
    );
}

#[test]
fn the_chart_is_labelled_in_the_readers_language_with_the_catalogs_target() {
    let bot = Bot::new("2026-11-02T09:00:00Z");
    bot.org("name:Europa plan:business region:emea products:analytics");
    let catalog = catalog();
    let messages = catalog.messages();
    let target = catalog.attainment_target().percent.to_string();
    let region = &catalog.regions()[1];
    assert_eq!(region.id.to_string(), "emea");
    for language in [Language::En, Language::ZhTw, Language::Ja] {
        let reader = Caller::new(UserId(AGENT), Role::Agent, language);
        let reply = bot.ok(
            reader,
            "/stats from:2026-11-01 to:2026-11-30 region:emea org:europa",
        );
        let chart = reply.chart.expect("a chart");
        assert_eq!(chart.language, language);
        assert_eq!(chart.title, messages.get(Msg::ChartTitle, language));
        assert_eq!(chart.x_label, messages.get(Msg::ChartWeek, language));
        assert_eq!(chart.y_label, messages.get(Msg::ChartShare, language));
        assert_eq!(
            chart.target_label,
            messages.format(Msg::ChartTarget, language, &[("percent", &target)])
        );
        assert_eq!(
            chart.subtitle,
            [
                messages.format(
                    Msg::ChartRange,
                    language,
                    &[("from", "2026-11-01"), ("to", "2026-11-30")]
                ),
                messages.format(
                    Msg::ChartRegion,
                    language,
                    &[("region", region.name.get(language))]
                ),
                messages.format(Msg::ChartOrg, language, &[("org", "europa")]),
            ]
        );
        assert_eq!(chart.target_percent, 95);
        assert_eq!(chart.weeks.len(), 6);
    }
}
