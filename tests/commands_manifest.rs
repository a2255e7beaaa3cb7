//! The slash-command manifests in `commands/`: valid for Discord, localized in the bot's three
//! languages, in agreement with the engine's commands, and `supportbot commands validate`
//! naming every problem of a broken copy.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use supportbot::cmd::{COMMANDS, OptionKind};
use supportbot::domain::catalog::{Catalog, CatalogFiles};
use supportbot::transport::discord::Manifests;

/// The built-in catalog, which declares the plans and regions the manifests offer as choices.
fn load_catalog() -> Catalog {
    Catalog::load_from(&CatalogFiles::from_option(None)).expect("the built-in catalog loads")
}

fn commands_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("commands")
}

fn manifests() -> Vec<(String, Value)> {
    let mut files: Vec<(String, Value)> = std::fs::read_dir(commands_dir())
        .expect("commands/ exists")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            (name, serde_json::from_str(&text).expect("JSON"))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn validate(dir: &Path) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_supportbot"))
        .args(["commands", "validate", "--dir"])
        .arg(dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DISCORD_TOKEN")
        .output()
        .expect("the binary runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_manifests_are_valid_and_match_the_engine() {
    load_catalog();
    let loaded = Manifests::load(&commands_dir()).expect("the manifests load");
    let problems: Vec<String> = loaded.problems().iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let (ok, stdout, stderr) = validate(&commands_dir());
    assert!(ok, "{stderr}");
    assert!(stdout.contains("14 command manifests"), "{stdout}");
}

/// Every command, subcommand, option and choice carries its en-US text and zh-TW and ja ones.
#[test]
fn every_level_is_localized_in_the_three_languages() {
    fn walk(at: &str, node: &Value, missing: &mut Vec<String>) {
        for (key, localized) in [
            ("name", "name_localizations"),
            ("description", "description_localizations"),
        ] {
            let is_choice = node.get("value").is_some();
            if is_choice && key == "description" {
                continue;
            }
            if node
                .get(key)
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                missing.push(format!("{at}: {key}"));
            }
            // Plain ids (p1…p4) read the same everywhere.
            if is_choice && node["value"].as_str().is_some_and(|v| v.starts_with('p')) {
                continue;
            }
            for locale in ["zh-TW", "ja"] {
                if node[localized][locale].as_str().is_none_or(str::is_empty) {
                    missing.push(format!("{at}: {localized}.{locale}"));
                }
            }
        }
        for (i, o) in node["options"].as_array().into_iter().flatten().enumerate() {
            walk(
                &format!("{at} {}", o["name"].as_str().unwrap_or(&i.to_string())),
                o,
                missing,
            );
        }
        for c in node["choices"].as_array().into_iter().flatten() {
            walk(&format!("{at} choice {}", c["value"]), c, missing);
        }
    }
    let mut missing = Vec::new();
    for (file, command) in manifests() {
        walk(&file, &command, &mut missing);
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn fixed_values_are_choices_and_records_are_autocompleted() {
    let catalog = load_catalog();
    let plans: Vec<&str> = catalog.plans().iter().map(|p| p.id.as_str()).collect();
    let regions: Vec<&str> = catalog.regions().iter().map(|r| r.id.as_str()).collect();
    let mut seen = 0;
    for (_, command) in manifests() {
        let mut stack = vec![(
            command["name"].as_str().unwrap_or_default().to_owned(),
            command.clone(),
        )];
        while let Some((path, node)) = stack.pop() {
            for o in node["options"].as_array().into_iter().flatten() {
                let name = o["name"].as_str().unwrap_or_default();
                if matches!(o["type"].as_u64(), Some(1 | 2)) {
                    stack.push((format!("{path} {name}"), o.clone()));
                    continue;
                }
                let spec = COMMANDS
                    .iter()
                    .find(|s| s.name == path)
                    .and_then(|s| s.options.iter().find(|x| x.name == name))
                    .unwrap_or_else(|| panic!("/{path} {name} is not an engine option"));
                seen += 1;
                let values: Vec<&str> = o["choices"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c["value"].as_str())
                    .collect();
                match spec.kind {
                    OptionKind::Plan => {
                        assert_eq!(values, plans)
                    }
                    OptionKind::Priority => assert_eq!(values, ["p1", "p2", "p3", "p4"]),
                    OptionKind::Region => assert_eq!(values, regions),
                    OptionKind::Status => assert_eq!(values, ["open", "responded", "closed"]),
                    OptionKind::Language => assert_eq!(values, ["en", "zh-TW", "ja"]),
                    _ => assert!(values.is_empty(), "/{path} {name}"),
                }
                let autocomplete = o["autocomplete"].as_bool().unwrap_or(false);
                let wanted = matches!(
                    spec.kind,
                    OptionKind::Org | OptionKind::Product | OptionKind::CaseId
                );
                assert_eq!(autocomplete, wanted, "/{path} {name}");
            }
        }
    }
    let engine_options: usize = COMMANDS.iter().map(|s| s.options.len()).sum();
    assert_eq!(seen, engine_options, "every engine option is declared once");
}

/// A broken copy: each problem named with its file, its place and what to fix.
#[test]
fn validate_names_every_problem_and_fails() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (file, mut command) in manifests() {
        match file.as_str() {
            "hours.json" => {
                command["options"][0]["name"] = json!("Region");
                command["name_localizations"]["zh"] = json!("營業時間");
            }
            "case.json" => {
                let subs = command["options"].as_array_mut().expect("subcommands");
                let show = subs
                    .iter_mut()
                    .find(|s| s["name"] == "show")
                    .expect("case show");
                show["options"] = json!([]);
                let file_sub = subs
                    .iter_mut()
                    .find(|s| s["name"] == "file")
                    .expect("case file");
                file_sub["description"] = json!("x".repeat(101));
            }
            "slo.json" => {
                let plan = command["options"]
                    .as_array_mut()
                    .expect("options")
                    .iter_mut()
                    .find(|o| o["name"] == "plan")
                    .expect("plan");
                plan["choices"].as_array_mut().expect("choices").pop();
                plan["autocomplete"] = json!(true);
            }
            "stats.json" => {
                command["options"][0]["required"] = json!(true);
                command["options"][1]["required"] = json!(false);
                command["options"]
                    .as_array_mut()
                    .expect("options")
                    .swap(0, 3);
            }
            _ => {}
        }
        std::fs::write(
            dir.path().join(&file),
            serde_json::to_string_pretty(&command).expect("JSON"),
        )
        .expect("written");
    }
    std::fs::write(
        dir.path().join("ping.json"),
        json!({ "name": "ping", "description": "Pong", "type": 1 }).to_string(),
    )
    .expect("written");
    let (ok, _, stderr) = validate(dir.path());
    assert!(!ok, "validation fails");
    for expected in [
        "hours.json: /hours Region: name \"Region\" must be lowercase",
        "hours.json: /hours: name_localizations: \"zh\" is not a Discord locale",
        "hours.json: /hours region: the engine reads this Region option but the manifest does not declare it",
        "hours.json: /hours Region: the engine reads no such option",
        "case.json: /case show id: the engine reads this CaseId option but the manifest does not declare it",
        "case.json: /case file: description has 101 characters; Discord wants 1–100",
        "slo.json: /slo plan: choices and autocomplete exclude each other",
        "slo.json: /slo plan: choices [\"business\", \"elite\", \"enterprise\", \"expert\", \"online\"]; the engine accepts exactly [\"business\", \"elite\", \"enterprise\", \"expert\", \"online\", \"ultimate\"]",
        "slo.json: /slo plan: must not have autocomplete (Plan)",
        "ping.json: /ping: the engine has no such command (cmd::COMMANDS)",
        "a required option must come before the optional ones",
        "the engine has it optional",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("problem(s) in the manifests of"),
        "{stderr}"
    );
    assert!(!stderr.contains("commands.json:"), "{stderr}");
}

#[test]
fn a_missing_directory_says_where_to_look() {
    let (ok, _, stderr) = validate(Path::new("/nonexistent/commands"));
    assert!(!ok);
    assert!(stderr.contains("/nonexistent/commands"), "{stderr}");
}
