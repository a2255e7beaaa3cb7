//! The slash-command manifests, generated from the engine's commands, the messages and the
//! catalog: valid for Discord, localized in the bot's three languages, declaring every engine
//! option once with the catalog's choices; `commands/` is exactly what `commands export`
//! writes; and `supportbot commands validate` names every problem of a broken catalog.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use supportbot::cmd::{COMMANDS, OptionKind};
use supportbot::domain::catalog::{Catalog, CatalogFiles};
use supportbot::transport::discord::{EXPORT_COMMAND, Manifests};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn catalog() -> Catalog {
    Catalog::load_from(&CatalogFiles::BuiltIn).expect("the built-in catalog loads")
}

fn generated() -> Manifests {
    Manifests::generate(&catalog()).expect("the manifests generate")
}

fn supportbot(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_supportbot"))
        .args(args)
        .current_dir(root())
        .env_remove("DISCORD_TOKEN")
        .env_remove("SUPPORTBOT_CATALOG")
        .output()
        .expect("the binary runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a directory");
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copied");
        }
    }
}

/// The `*.json` files of a directory with their bytes, by name.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("readable")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            (name, std::fs::read(&p).expect("readable"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_committed_manifests_are_not_stale() {
    let stale = generated()
        .stale(&root().join("commands"))
        .expect("commands/ reads");
    assert!(
        stale.is_empty(),
        "commands/ is not what the commands generate:\n  {}\nRegenerate it with `{EXPORT_COMMAND}` and commit the result.",
        stale.join("\n  ")
    );
}

#[test]
fn export_reproduces_commands_byte_for_byte() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("commands");
    let (ok, stdout, stderr) = supportbot(&["commands", "export", out.to_str().expect("UTF-8")]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("wrote 14 command manifests"), "{stdout}");
    let written = files(&out);
    let committed = files(&root().join("commands"));
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&written), names(&committed));
    for ((name, a), (_, b)) in written.iter().zip(&committed) {
        assert!(a == b, "{name} differs; run `{EXPORT_COMMAND}`");
        assert!(a.ends_with(b"}\n"), "{name} ends with one newline");
    }
}

#[test]
fn the_manifests_follow_discords_rules() {
    let manifests = generated();
    let problems: Vec<String> = manifests
        .problems()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let (ok, stdout, stderr) = supportbot(&["commands", "validate", "--dir", "commands"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("14 command manifests follow Discord's rules and commands is up to date"),
        "{stdout}"
    );
}

/// Every command, subcommand, option and choice carries its en-US text and zh-TW and ja ones.
#[test]
fn every_level_is_localized_in_the_three_languages() {
    fn walk(at: &str, node: &Value, missing: &mut Vec<String>) {
        let is_choice = node.get("value").is_some();
        for (key, localized) in [
            ("name", "name_localizations"),
            ("description", "description_localizations"),
        ] {
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
    let commands = generated().commands();
    for command in commands.as_array().expect("a list") {
        walk(
            &format!("/{}", command["name"].as_str().unwrap_or_default()),
            command,
            &mut missing,
        );
    }
    assert!(missing.is_empty(), "{missing:#?}");
    // Spot checks of where the texts come from: the messages and the catalog.
    let slo = commands
        .as_array()
        .and_then(|l| l.iter().find(|c| c["name"] == "slo"))
        .expect("/slo");
    assert_eq!(slo["name_localizations"]["ja"], "応答目標");
    assert_eq!(slo["options"][0]["choices"][0]["name"], "Online Support");
    assert_eq!(
        slo["options"][0]["choices"][0]["name_localizations"]["zh-TW"],
        "線上支援"
    );
    assert_eq!(
        slo["options"][1]["choices"][0]["name_localizations"]["ja"],
        "P1 · 優先度 1"
    );
}

#[test]
fn fixed_values_are_the_catalogs_choices_and_records_are_autocompleted() {
    let catalog = catalog();
    let plans: Vec<&str> = catalog.plans().iter().map(|p| p.id.as_str()).collect();
    let priorities: Vec<&str> = catalog.priorities().iter().map(|p| p.id.as_str()).collect();
    let regions: Vec<&str> = catalog.regions().iter().map(|r| r.id.as_str()).collect();
    assert!(
        plans.contains(&"online") && plans.contains(&"elite"),
        "{plans:?}"
    );
    let commands = Manifests::generate(&catalog)
        .expect("the manifests generate")
        .commands();
    let mut seen = 0;
    for command in commands.as_array().expect("a list") {
        let mut stack = vec![(
            command["name"].as_str().unwrap_or_default().to_owned(),
            command.clone(),
        )];
        while let Some((path, node)) = stack.pop() {
            for o in node["options"].as_array().into_iter().flatten() {
                let name = o["name"].as_str().unwrap_or_default();
                if o["type"].as_u64() == Some(1) {
                    stack.push((format!("{path} {name}"), o.clone()));
                    continue;
                }
                let spec = COMMANDS
                    .iter()
                    .find(|s| s.name == path)
                    .and_then(|s| s.options.iter().find(|x| x.name == name))
                    .unwrap_or_else(|| panic!("/{path} {name} is not an engine option"));
                seen += 1;
                assert_eq!(o["required"].as_bool().unwrap_or(false), spec.required);
                let values: Vec<&str> = o["choices"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c["value"].as_str())
                    .collect();
                match spec.kind {
                    OptionKind::Plan => assert_eq!(values, plans),
                    OptionKind::Priority => assert_eq!(values, priorities),
                    OptionKind::Region => assert_eq!(values, regions),
                    OptionKind::Status => assert_eq!(values, ["open", "responded", "closed"]),
                    OptionKind::Language => assert_eq!(values, ["en", "zh-TW", "ja"]),
                    _ => assert!(values.is_empty(), "/{path} {name}"),
                }
                // Whatever Discord offers, the engine accepts.
                if let Some(accepted) = spec.kind.choices() {
                    for v in &values {
                        assert!(accepted.contains(v), "/{path} {name}: {v}");
                    }
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

/// Choices are the catalog's: a plan renamed in a catalog directory (TOML only) is what
/// Discord is offered, in every language.
#[test]
fn choices_follow_a_catalog_directory() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = dir.path().join("data");
    copy_dir(&root().join("data"), &data);
    let plans = data.join("plans.toml");
    let text = std::fs::read_to_string(&plans).expect("plans.toml");
    let elite =
        "name = { en = \"Elite Support\", zh-TW = \"Elite 支援\", ja = \"エリートサポート\" }";
    assert!(text.contains(elite));
    let renamed = "name = { en = \"Elite Care\", zh-TW = \"菁英照護\", ja = \"エリートケア\" }";
    std::fs::write(&plans, text.replacen(elite, renamed, 1)).expect("written");
    let out = dir.path().join("out");
    let (ok, _, stderr) = supportbot(&[
        "--catalog",
        data.to_str().expect("UTF-8"),
        "commands",
        "export",
        out.to_str().expect("UTF-8"),
    ]);
    assert!(ok, "{stderr}");
    let slo: Value =
        serde_json::from_slice(&std::fs::read(out.join("slo.json")).expect("slo.json"))
            .expect("JSON");
    let elite = slo["options"][0]["choices"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["value"] == "elite"))
        .expect("the elite choice");
    assert_eq!(elite["name"], "Elite Care");
    assert_eq!(elite["name_localizations"]["zh-TW"], "菁英照護");
    assert_eq!(elite["name_localizations"]["ja"], "エリートケア");
}

/// A catalog whose texts Discord would refuse: each problem named with its command, what is
/// wrong and the message or catalog entry to fix; nothing is exported.
#[test]
fn validate_names_every_problem_of_a_broken_catalog_and_fails() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = dir.path().join("data");
    copy_dir(&root().join("data"), &data);
    let long = "x".repeat(101);
    for (language, from, to) in [
        // A space in a localized command name.
        (
            "ja",
            "command-hours = 営業時間\n",
            "command-hours = 営業 時間\n".to_owned(),
        ),
        // An English name that is not the option the engine reads.
        (
            "en",
            "option-timezone = timezone\n",
            "option-timezone = zone\n".to_owned(),
        ),
        // Two options of /slo with the same Japanese name.
        (
            "ja",
            "option-plan = プラン\n",
            "option-plan = 優先度\n".to_owned(),
        ),
        // A description over 100 characters.
        (
            "en",
            "help-case-file = File a support case; its initial-response clock starts now.\n",
            format!("help-case-file = {long}\n"),
        ),
    ] {
        let path = data.join("locales").join(format!("{language}.ftl"));
        let text = std::fs::read_to_string(&path).expect("a Fluent file");
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, &to, 1)).expect("written");
    }
    let plans = data.join("plans.toml");
    let text = std::fs::read_to_string(&plans).expect("plans.toml");
    let elite = "name = { en = \"Elite Support\",";
    assert!(text.contains(elite));
    std::fs::write(
        &plans,
        text.replacen(elite, &format!("name = {{ en = \"{long}\","), 1),
    )
    .expect("written");

    let catalog = data.to_str().expect("UTF-8");
    let (ok, _, stderr) = supportbot(&["--catalog", catalog, "commands", "validate"]);
    assert!(!ok, "validation fails");
    for expected in [
        "/hours: the ja name \"営業 時間\" (message `command-hours`) is not 1–32 lowercase letters, digits, - or _",
        "/hours timezone: message `option-timezone` says \"zone\" in English; it must be the name \"timezone\"",
        "/slo priority: the ja name \"優先度\" (message `option-priority`) is used twice at this level",
        "/case file: the en-US description (message `help-case-file`) has 101 characters; Discord wants 1–100",
        "/slo plan elite: the en-US name of plan `elite` has 101 characters; Discord wants 1–100",
        " problems in the command manifests; fix the messages or catalog entries named above",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    let out = dir.path().join("out");
    let (ok, _, _) = supportbot(&[
        "--catalog",
        catalog,
        "commands",
        "export",
        out.to_str().expect("UTF-8"),
    ]);
    assert!(!ok, "export refuses");
    assert!(!out.exists(), "nothing written");
}

/// A stale copy: validate names each file that differs and the command that rewrites it.
#[test]
fn validate_names_a_stale_copy_and_how_to_regenerate_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let copy = dir.path().join("commands");
    copy_dir(&root().join("commands"), &copy);
    std::fs::remove_file(copy.join("help.json")).expect("removed");
    std::fs::write(copy.join("slo.json"), "{}\n").expect("written");
    std::fs::write(copy.join("ping.json"), "{}\n").expect("written");
    let at = copy.to_str().expect("UTF-8");
    let (ok, _, stderr) = supportbot(&["commands", "validate", "--dir", at]);
    assert!(!ok);
    for expected in [
        format!("{at}/help.json is missing"),
        format!("{at}/slo.json differs"),
        format!("{at}/ping.json is no command's"),
        format!("rewrite it with `supportbot commands export {at}`"),
    ] {
        assert!(
            stderr.contains(&expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
}

#[test]
fn a_missing_directory_says_where_to_look() {
    let (ok, _, stderr) = supportbot(&["commands", "validate", "--dir", "/nonexistent/commands"]);
    assert!(!ok);
    assert!(stderr.contains("/nonexistent/commands"), "{stderr}");
}

#[test]
fn priority_choices_lead_with_the_label_people_type() {
    let text = std::fs::read(root().join("commands").join("slo.json")).expect("slo.json reads");
    let slo: Value = serde_json::from_slice(&text).expect("JSON");
    let priority = slo["options"]
        .as_array()
        .expect("options")
        .iter()
        .find(|o| o["name"] == "priority")
        .expect("a priority option");
    let first = &priority["choices"][0];
    assert_eq!(first["value"], "p1");
    assert_eq!(first["name"], "P1 · Priority 1");
    assert_eq!(first["name_localizations"]["zh-TW"], "P1 · 優先順序 1");
    assert_eq!(first["name_localizations"]["ja"], "P1 · 優先度 1");
}
