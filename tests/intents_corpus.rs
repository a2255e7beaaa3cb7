//! Plain-language questions as customers write them: each must become the command and options
//! its line names, in the question's language. Prints every miss and the figure per language.
//! `tests/corpus/questions.tsv` (at least 150 per language) fails below 95% in any language;
//! `data/questions/heldout.tsv` (at least 60 per language, written before the matcher was changed
//! for them) below 90%; so does `data/questions/heldout2.tsv`, and `data/questions/heldout3.tsv`
//! (at least 70 per language, written by blind writers) below 95%, as does
//! `data/questions/heldout4.tsv` (at least 90 per language, by the same writers), a dev set since
//! 2026-11-30 night; `data/questions/heldout5.tsv` (at least 110 per language, by new blind writers)
//! below 95%, a dev set since 2026-11-30 near midnight; `data/questions/heldout6.tsv` (at least
//! 110 per language, by other blind writers) below 95%, a dev set since 2026-12-01;
//! `data/questions/heldout7.tsv` (at least 140 per language, four more blind writers) below 95%, a
//! dev set since 2026-12-01, as are `data/questions/heldout8.tsv` and `data/questions/heldout9.tsv`
//! (four more writers each), and `data/questions/heldout10.tsv` and `data/questions/heldout11.tsv`
//! (four more each), `data/questions/heldout12.tsv` and `data/questions/heldout13.tsv` (at least 130
//! per language; four more each), `data/questions/heldout14.tsv`, `data/questions/heldout15.tsv` and
//! `data/questions/heldout16.tsv` to `data/questions/heldout30.tsv` (four more each);
//! `data/questions/heldout31.tsv` and `data/questions/heldout32.tsv` (four more each, never
//! fitted) below the level they were measured at. Each held-out file is read by the matcher with
//! its second opinion learned from every other file of `data/questions/` (`Intents::load_leaving_out`). An option's value is compared as its command reads it (`as_read`; a local `at` in the customer's zone, `in_customer_zone`; `shown-in` only for answers that show instants, `as_shown`).
//! Every question is asked on Monday 2026-11-30 at 12:00 UTC.

use std::collections::BTreeSet;
use std::path::Path;

use std::sync::LazyLock;

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use supportbot::domain::catalog::Catalog;
use supportbot::i18n::Language;
use supportbot::intents::{Intents, Reading};

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    Catalog::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
        .unwrap_or_else(|e| panic!("{e}"))
});

/// When the questions are asked: "friday at 5pm" is 2026-12-04 17:00.
const ASKED_AT: &str = "2026-11-30T12:00:00Z";

/// A file of questions, how many it must hold per language and the share that must be right.
struct Corpus {
    path: &'static str,
    min_per_language: usize,
    min_right: f64,
}

const CORPUS: Corpus = Corpus {
    path: "tests/corpus/questions.tsv",
    min_per_language: 150,
    min_right: 0.95,
};

const HELD_OUT: Corpus = Corpus {
    path: "data/questions/heldout.tsv",
    min_per_language: 60,
    min_right: 0.90,
};

const HELD_OUT_2: Corpus = Corpus {
    path: "data/questions/heldout2.tsv",
    min_per_language: 60,
    min_right: 0.90,
};

/// Right after its fixes at 97.8–100% per language (two lines are left wrong on purpose, see the
/// file), so a regression shows at 95%.
const HELD_OUT_3: Corpus = Corpus {
    path: "data/questions/heldout3.tsv",
    min_per_language: 70,
    min_right: 0.95,
};

/// Scored by the lead only until 2026-11-30 night (82.4% / 90.3% / 89.7%), then fitted: 97.8% /
/// 97.8% / 99.0% after its misses were fixed by kind (the five left are numeric dates, times in
/// words and a zone said as "UTC"), so a regression shows at 95%.
const HELD_OUT_4: Corpus = Corpus {
    path: "data/questions/heldout4.tsv",
    min_per_language: 90,
    min_right: 0.95,
};

/// Scored once unseen by the lead at 92.2% / 88.8% / 94.9% (2026-11-30 night); a dev set since
/// 2026-11-30 near midnight, when its misses were fixed by kind: 97.9% / 97.9% / 99.2% (the seven
/// left include the four lines written before `/hours date:`), so a regression shows at 95%.
const HELD_OUT_5: Corpus = Corpus {
    path: "data/questions/heldout5.tsv",
    min_per_language: 110,
    min_right: 0.95,
};

/// Scored once unseen by the lead at 96.6% / 86.2% / 95.6% (2026-11-30, near midnight); a dev
/// set since 2026-12-01, when its misses were fixed by kind: 100% / 99.1% / 100% (the one left
/// is written in Simplified characters), so a regression shows at 95%.
const HELD_OUT_6: Corpus = Corpus {
    path: "data/questions/heldout6.tsv",
    min_per_language: 110,
    min_right: 0.95,
};

/// The matcher as it reads the questions of `path`: having learned from every labelled file
/// but that one, so no question is answered from its own line (`questions.tsv` is never learned
/// from).
fn intents(path: &str) -> Intents {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let file = path.rsplit('/').next().unwrap_or(path);
    Intents::load_leaving_out(&data, file).unwrap_or_else(|e| panic!("{e}"))
}

/// What a line of the corpus expects: a command with its options, or nothing placed.
#[derive(Debug, PartialEq, Eq)]
enum Expected {
    Command {
        command: String,
        options: BTreeSet<(String, String)>,
    },
    Unplaced,
}

fn expected(line: &str) -> Expected {
    if line == "-" {
        return Expected::Unplaced;
    }
    let words = shlex::split(line).unwrap_or_else(|| panic!("bad quoting: {line}"));
    let mut command = Vec::new();
    let mut options = BTreeSet::new();
    for word in words {
        match word.split_once(':') {
            Some((name, value)) => {
                options.insert((name.to_owned(), as_read(name, value)));
            }
            None => command.push(word.trim_start_matches('/').to_owned()),
        }
    }
    let command = command.join(" ");
    Expected::Command {
        options: as_shown(&command, in_customer_zone(options)),
        command,
    }
}

/// Commands whose answers show instants (opening hours, due times): elsewhere a zone to show
/// times in (`shown-in`) changes nothing, so it is not compared.
const SHOW_INSTANTS: [&str; 4] = ["hours", "due", "case show", "case list"];

fn as_shown(command: &str, options: BTreeSet<(String, String)>) -> BTreeSet<(String, String)> {
    match SHOW_INSTANTS.contains(&command) {
        true => options,
        false => options
            .into_iter()
            .filter(|(name, _)| name != "shown-in")
            .collect(),
    }
}

fn got(reading: &Reading) -> (Expected, Option<Language>) {
    match reading {
        Reading::Question(q) => (
            Expected::Command {
                command: q.command.clone(),
                // The zone the question asks to see times in is written `shown-in:ZONE`.
                options: as_shown(
                    &q.command,
                    in_customer_zone(
                        q.options
                            .iter()
                            .map(|(name, value)| (name.clone(), as_read(name, value)))
                            .chain(
                                q.shown_in
                                    .map(|tz| ("shown-in".to_owned(), tz.name().to_owned())),
                            )
                            .collect(),
                    ),
                ),
            },
            Some(q.language),
        ),
        Reading::Unplaced(language) => (Expected::Unplaced, Some(*language)),
        Reading::Ignored => (Expected::Unplaced, None),
    }
}

/// An option's value as its command reads it: the plans compared in one order (`/compare` shows
/// the same rows for `plans:elite,business` and `plans:business,elite`), an instant with an
/// offset as the instant ("2026-11-30T10:00:00Z" is "2026-11-30T10:00+00:00").
fn as_read(name: &str, value: &str) -> String {
    match name {
        "plans" => {
            let mut plans: Vec<&str> = value.split(',').collect();
            plans.sort_unstable();
            plans.join(",")
        }
        "at" => chrono::DateTime::parse_from_rfc3339(value)
            .or_else(|_| chrono::DateTime::parse_from_str(value, "%Y-%m-%dT%H:%M%:z"))
            .map_or_else(|_| value.to_owned(), |at| at.to_utc().to_rfc3339()),
        _ => value.to_owned(),
    }
}

/// `options` with a local `at` ("2026-11-30 10:00") as the instant `/due` reads it: in the zone
/// of `timezone`, else of the region's default zone (data/regions.toml), so "two hours ago"
/// written as an instant and as London's local time compare equal.
fn in_customer_zone(options: BTreeSet<(String, String)>) -> BTreeSet<(String, String)> {
    let value = |name: &str| {
        options
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let zone = value("timezone")
        .and_then(|tz| tz.parse::<Tz>().ok())
        .or_else(|| {
            let region = value("region")?;
            CATALOG
                .regions()
                .iter()
                .find(|r| r.id.to_string() == region)
                .map(|r| r.timezone)
        });
    let (Some(at), Some(zone)) = (value("at"), zone) else {
        return options;
    };
    let Some(instant) = NaiveDateTime::parse_from_str(&at, "%Y-%m-%d %H:%M")
        .ok()
        .and_then(|local| zone.from_local_datetime(&local).earliest())
    else {
        return options;
    };
    options
        .into_iter()
        .map(|(name, v)| match name.as_str() {
            "at" => (name, instant.to_utc().to_rfc3339()),
            _ => (name, v),
        })
        .collect()
}

fn language(code: &str) -> Language {
    match code {
        "en" => Language::En,
        "zh-TW" => Language::ZhTw,
        "ja" => Language::Ja,
        other => panic!("unknown language {other:?} in the corpus"),
    }
}

/// A question with no CJK letter cannot be told apart from English: it is answered in the
/// asker's locale, which the reading leaves to the transport (`Language::En`).
fn written_in(question: &str, code: &str) -> Language {
    let cjk = supportbot::intents::normalize(question)
        .chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'));
    if cjk { language(code) } else { Language::En }
}

#[test]
fn the_corpus_is_answered_right_in_each_language() {
    score(&CORPUS);
}

#[test]
fn the_held_out_questions_are_answered_right_in_each_language() {
    score(&HELD_OUT);
}

#[test]
fn the_second_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_2);
}

/// Scored once unseen by the lead (2026-12-01, after the sixth file's kinds were fixed): 89.3% /
/// 86.0% / 91.7% (88.7% / 85.7% before instants written two ways were compared as instants); a
/// dev set since, when its misses were fixed by kind: 98.0% / 99.0% / 100% (of the six left, four
/// are judgement calls: a zone said as UTC shown in UTC, an unlisted product named, "tomorrow"
/// said as the alternative to now, a Chinese region name in English words), so a regression shows
/// at 95%.
const HELD_OUT_7: Corpus = Corpus {
    path: "data/questions/heldout7.tsv",
    min_per_language: 140,
    min_right: 0.95,
};

#[test]
fn the_seventh_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_7);
}

/// Scored once unseen by the lead (2026-12-01, after the seventh file's kinds were fixed): 94.6% /
/// 90.9% / 93.0%; a dev set since, when its misses were fixed by kind: 99.3% / 100% / 100% (the
/// one left compares the plan the asker moved from), so a regression shows at 95%.
const HELD_OUT_8: Corpus = Corpus {
    path: "data/questions/heldout8.tsv",
    min_per_language: 140,
    min_right: 0.95,
};

#[test]
fn the_eighth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_8);
}

/// Scored once unseen by the lead (2026-12-01, after the eighth file's kinds were fixed): 86.7% /
/// 90.3% / 95.1%; a dev set since, when its misses were fixed by kind: 98.1% / 98.6% / 100% (of the
/// seven left, four are instants written as local times and judgement calls), so a regression
/// shows at 95%.
const HELD_OUT_9: Corpus = Corpus {
    path: "data/questions/heldout9.tsv",
    min_per_language: 140,
    min_right: 0.95,
};

#[test]
fn the_ninth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_9);
}

/// Scored once unseen by the lead (2026-12-01, after the ninth file's kinds were fixed): 90.3% /
/// 94.2% / 92.4%; a dev set since, when its misses were fixed by kind: 99.3% / 99.6% / 100% (the
/// two left: an option no command has, a weekday "raised" read as the next [D]), so a regression
/// shows at 95%.
const HELD_OUT_10: Corpus = Corpus {
    path: "data/questions/heldout10.tsv",
    min_per_language: 140,
    min_right: 0.95,
};

#[test]
fn the_tenth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_10);
}

/// Scored once unseen by the lead (2026-12-01, after the tenth file's kinds were fixed): 89.4% /
/// 91.1% / 91.1%; a dev set since, when its misses were fixed by kind: 98.6% / 99.0% / 100%, so
/// a regression shows at 95%.
const HELD_OUT_11: Corpus = Corpus {
    path: "data/questions/heldout11.tsv",
    min_per_language: 140,
    min_right: 0.95,
};

#[test]
fn the_eleventh_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_11);
}

/// Scored once unseen by the lead (2026-12-01, after the eleventh file's kinds were fixed): 93.3% /
/// 91.2% / 90.5%; a dev set since, when its misses were fixed by kind: 100% / 98.6% / 99.4%, so a
/// regression shows at 95%.
const HELD_OUT_12: Corpus = Corpus {
    path: "data/questions/heldout12.tsv",
    min_per_language: 140,
    min_right: 0.95,
};

#[test]
fn the_twelfth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_12);
}

/// Scored once unseen by the lead (2026-12-01, after the twelfth file's kinds were fixed): 84.2% /
/// 92.9% / 94.1%; a dev set since, when its misses were fixed by kind: 97.1% / 98.5% / 98.5%, so
/// a regression shows at 95%.
const HELD_OUT_13: Corpus = Corpus {
    path: "data/questions/heldout13.tsv",
    min_per_language: 130,
    min_right: 0.95,
};

#[test]
fn the_thirteenth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_13);
}

/// Scored once unseen by the lead (2026-12-01, after the thirteenth file's kinds were fixed):
/// 89.9% / 94.4% / 87.9%; a dev set since, when its misses were fixed by kind: 97.8% / 99.3% /
/// 99.3%, so a regression shows at 95%.
const HELD_OUT_14: Corpus = Corpus {
    path: "data/questions/heldout14.tsv",
    min_per_language: 130,
    min_right: 0.95,
};

#[test]
fn the_fourteenth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_14);
}

/// Scored once unseen by the lead (2026-12-01, after the fourteenth file's kinds were fixed):
/// 83.8% / 91.8% / 94.7% (a fifth of the English misses in Scots); a dev set since, when its
/// misses were fixed by kind, so a regression shows at 95%.
const HELD_OUT_15: Corpus = Corpus {
    path: "data/questions/heldout15.tsv",
    min_per_language: 130,
    min_right: 0.95,
};

#[test]
fn the_fifteenth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_15);
}

/// Scored once unseen by the lead (2026-12-01, after the fifteenth file's kinds were fixed):
/// 93.1% / 94.6% / 94.0%; a dev set since, when its misses were fixed by kind, so a regression
/// shows at 95%.
const HELD_OUT_16: Corpus = Corpus {
    path: "data/questions/heldout16.tsv",
    min_per_language: 130,
    min_right: 0.95,
};

#[test]
fn the_sixteenth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_16);
}

/// Scored once unseen by the lead (2026-12-01, after the sixteenth file's kinds were fixed):
/// 91.2% / 93.0% / 89.0% (93.4% in Chinese once a local `at` was compared in the customer's
/// zone); a dev set since, when its misses were fixed by kind, so a regression shows at 95%.
const HELD_OUT_17: Corpus = Corpus {
    path: "data/questions/heldout17.tsv",
    min_per_language: 130,
    min_right: 0.95,
};

#[test]
fn the_seventeenth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_17);
}

/// Scored once unseen by the lead (2026-12-01, after the seventeenth file's kinds were fixed):
/// 93.8% / 94.6% / 94.4%; a dev set since, when its misses were fixed by kind, so a regression
/// shows at 95%.
const HELD_OUT_18: Corpus = Corpus {
    path: "data/questions/heldout18.tsv",
    min_per_language: 130,
    min_right: 0.95,
};

#[test]
fn the_eighteenth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_18);
}

/// Scored once unseen by the lead (2026-12-01, after the eighteenth file's kinds were fixed):
/// 91.2% / 94.9% / 91.9%; a dev set since, when its misses were fixed by kind, so a regression
/// shows at 95%.
const HELD_OUT_19: Corpus = Corpus {
    path: "data/questions/heldout19.tsv",
    min_per_language: 130,
    min_right: 0.95,
};

#[test]
fn the_nineteenth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_19);
}

/// Scored once unseen by the lead (2026-12-01, after the nineteenth file's kinds were fixed):
/// 95.6% / 90.5% / 93.8%; a dev set since, when its misses were fixed by kind, so a regression
/// shows at 95%.
const HELD_OUT_20: Corpus = Corpus {
    path: "data/questions/heldout20.tsv",
    min_per_language: 130,
    min_right: 0.95,
};

#[test]
fn the_twentieth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_20);
}

/// Scored once unseen by the lead (2026-12-01, after the nineteenth file's kinds were fixed,
/// before the twentieth's): 91.4% / 91.8% / 92.8%; a dev set since, when its misses were fixed
/// by kind, so a regression shows at 95%.
const HELD_OUT_21: Corpus = Corpus {
    path: "data/questions/heldout21.tsv",
    min_per_language: 125,
    min_right: 0.95,
};

#[test]
fn the_twenty_first_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_21);
}

/// Scored once unseen by the lead (2026-12-01, after the twenty-first file's kinds were fixed):
/// 91.1% / 93.3% / 87.9%; a dev set since, when its misses were fixed by kind, so a regression
/// shows at 95%.
const HELD_OUT_22: Corpus = Corpus {
    path: "data/questions/heldout22.tsv",
    min_per_language: 130,
    min_right: 0.95,
};

#[test]
fn the_twenty_second_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_22);
}

/// Scored once unseen by the lead (2026-12-01, after the twenty-second file's kinds were fixed):
/// 97.9% / 91.6% / 95.8%; a dev set since, when its misses were fixed by kind, so a regression
/// shows at 95%.
const HELD_OUT_23: Corpus = Corpus {
    path: "data/questions/heldout23.tsv",
    min_per_language: 130,
    min_right: 0.95,
};

#[test]
fn the_twenty_third_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_23);
}

/// Scored once unseen by the lead (2026-12-01, after the twenty-third file's kinds were fixed):
/// 92.7% / 89.0% / 89.0%; a dev set since, when its misses were fixed by kind, so a regression
/// shows at 95%.
const HELD_OUT_24: Corpus = Corpus {
    path: "data/questions/heldout24.tsv",
    min_per_language: 130,
    min_right: 0.95,
};

#[test]
fn the_twenty_fourth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_24);
}

/// Scored once unseen by the lead (2026-12-01, after the twenty-fourth file's kinds were fixed):
/// 92.2% / 94.1% / 92.5% (an independent reviewer judged 3 of its 39 misses acceptable
/// readings); a dev set since, when its misses were fixed by kind, so a regression shows at 95%.
const HELD_OUT_25: Corpus = Corpus {
    path: "data/questions/heldout25.tsv",
    min_per_language: 130,
    min_right: 0.95,
};

#[test]
fn the_twenty_fifth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_25);
}

/// Scored once unseen by the lead (2026-12-01, after the twenty-fifth file's kinds were fixed):
/// 94.4% / 97.0% / 90.7%; a dev set since, when its misses were fixed by kind, so a regression
/// shows at 95%.
const HELD_OUT_26: Corpus = Corpus {
    path: "data/questions/heldout26.tsv",
    min_per_language: 125,
    min_right: 0.95,
};

#[test]
fn the_twenty_sixth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_26);
}

/// Scored once unseen by the lead (2026-12-01, after the twenty-sixth file's kinds were fixed):
/// 94.4% / 94.1% / 94.9%; a dev set since, when its misses were fixed by kind, so a regression
/// shows at 95%.
const HELD_OUT_27: Corpus = Corpus {
    path: "data/questions/heldout27.tsv",
    min_per_language: 125,
    min_right: 0.95,
};

#[test]
fn the_twenty_seventh_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_27);
}

/// Scored once unseen by the lead (2026-12-01, after the twenty-seventh file's kinds were
/// fixed): 94.9% / 94.9% / 88.5%; a dev set since, when its misses were fixed by kind, so a
/// regression shows at 95%.
const HELD_OUT_28: Corpus = Corpus {
    path: "data/questions/heldout28.tsv",
    min_per_language: 130,
    min_right: 0.95,
};

#[test]
fn the_twenty_eighth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_28);
}

/// Scored once unseen by the lead (2026-12-01, after the twenty-eighth file's kinds were fixed):
/// 89.4% / 94.2% / 89.3%; a dev set since, when its misses were fixed by kind, so a regression
/// shows at 95%.
const HELD_OUT_29: Corpus = Corpus {
    path: "data/questions/heldout29.tsv",
    min_per_language: 130,
    min_right: 0.95,
};

#[test]
fn the_twenty_ninth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_29);
}

/// Scored once unseen by the lead (2026-12-01, after the twenty-ninth file's kinds were fixed):
/// 85.2% / 93.6% / 87.9%; a dev set since, when its misses were fixed by kind, so a regression
/// shows at 95%.
const HELD_OUT_30: Corpus = Corpus {
    path: "data/questions/heldout30.tsv",
    min_per_language: 125,
    min_right: 0.95,
};

#[test]
fn the_thirtieth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_30);
}

/// Never fitted: scored once by the lead (2026-12-01, after the thirtieth file's kinds were
/// fixed) at 90.8% / 96.0% / 93.9%, so the floor is just under the lowest language; it measures
/// unseen questions until it is used as a dev set.
const HELD_OUT_31: Corpus = Corpus {
    path: "data/questions/heldout31.tsv",
    min_per_language: 130,
    min_right: 0.90,
};

#[test]
fn the_thirty_first_held_out_batch_never_fitted_stays_at_its_measured_level() {
    score(&HELD_OUT_31);
}

/// Never fitted: scored once by the lead (2026-12-01, at 2b392e4, before the second opinion) at
/// 94.0% / 95.5% / 93.3%; with the second opinion learned from every other file, 96.0% / 96.9% /
/// 94.7%, so the floor is just under the lowest language.
const HELD_OUT_32: Corpus = Corpus {
    path: "data/questions/heldout32.tsv",
    min_per_language: 145,
    min_right: 0.94,
};

#[test]
fn the_thirty_second_held_out_batch_never_fitted_stays_at_its_measured_level() {
    score(&HELD_OUT_32);
}

#[test]
fn the_third_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_3);
}

#[test]
fn the_fourth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_4);
}

#[test]
fn the_fifth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_5);
}

#[test]
fn the_sixth_held_out_batch_is_answered_right_in_each_language() {
    score(&HELD_OUT_6);
}

fn score(corpus: &Corpus) {
    let intents = intents(corpus.path);
    // When every question is asked (a Monday): the corpus's relative dates are from it.
    let now = chrono::DateTime::parse_from_rfc3339(ASKED_AT)
        .unwrap_or_else(|e| panic!("{e}"))
        .to_utc();
    let path = corpus.path;
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut report = Vec::new();
    let mut failed = false;
    for code in ["en", "zh-TW", "ja"] {
        let mut total = 0;
        let mut right = 0;
        let mut misses = Vec::new();
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let mut columns = line.splitn(3, '\t');
            let (Some(lang), Some(want), Some(question)) =
                (columns.next(), columns.next(), columns.next())
            else {
                panic!("{path}: not three columns: {line:?}");
            };
            if lang != code {
                continue;
            }
            total += 1;
            let reading = intents.read(question, now);
            let (answer, answered_in) = got(&reading);
            let want_language = written_in(question, code);
            let ok = answer == expected(want)
                && !matches!(reading, Reading::Ignored)
                && answered_in == Some(want_language);
            if ok {
                right += 1;
            } else {
                misses.push(format!(
                    "  {question:?}: want {want} ({want_language}), got {reading:?}"
                ));
            }
        }
        let share = right as f64 / total.max(1) as f64;
        report.push(format!(
            "{path} {code}: {right}/{total} right ({:.1}%)",
            share * 100.0
        ));
        for miss in &misses {
            report.push(miss.clone());
        }
        failed |= total < corpus.min_per_language || share < corpus.min_right;
    }
    println!("{}", report.join("\n"));
    assert!(!failed, "\n{}", report.join("\n"));
}
