use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::*;
use crate::domain::catalog::CatalogFiles;

#[test]
fn a_quoted_value_is_cut_at_80_characters_and_escaped() {
    let long = "x".repeat(1_000_000);
    let quoted = quote(&long);
    assert_eq!(quoted, format!("\"{}\"…", "x".repeat(80)));
    assert_eq!(quote("a\u{1b}[31m"), "\"a\\u{1b}[31m\"");
}

fn catalog() -> Catalog {
    Catalog::load_from(&CatalogFiles::BuiltIn).expect("the built-in catalog loads")
}

/// The answers of the per-line reader alone, one line at a time: what `--batch` wrote before it
/// read blocks on every core, and the reference every faster path must match byte for byte.
fn per_line(catalog: &Catalog, input: &[u8]) -> (Vec<u8>, BatchSummary) {
    let mut out = Vec::new();
    let mut summary = BatchSummary::default();
    // As the reader was written before: `BufRead::split`, no line after a final new line.
    for line in BufRead::split(input, b'\n') {
        let line = line.unwrap();
        summary.lines += 1;
        let answer = match answer(catalog, &String::from_utf8_lossy(&line), summary.lines) {
            Ok(deadline) => Answer::Due {
                due: deadline.due.to_rfc3339_opts(SecondsFormat::Secs, true),
                warning: deadline.holidays_unknown.then_some(NO_HOLIDAY_DATA),
            },
            Err(error) => {
                summary.errors += 1;
                Answer::Error { error }
            }
        };
        serde_json::to_writer(&mut out, &answer).unwrap();
        out.push(b'\n');
    }
    (out, summary)
}

/// A small fixed generator, so every run checks the same lines.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Instants around the year's DST changes (US, Europe, Australia, Chile), the opening and closing
/// of business hours, year ends, leap days and the ends of the clock's range.
const AROUND: &[&str] = &[
    "2026-03-06T17:00:00Z",
    "2026-03-08T09:30:00Z",
    "2026-03-27T16:45:00Z",
    "2026-03-29T00:30:00Z",
    "2026-04-03T07:00:00Z",
    "2026-04-05T15:00:00Z",
    "2026-09-05T22:00:00Z",
    "2026-10-02T23:59:59Z",
    "2026-10-23T16:29:59Z",
    "2026-10-25T01:00:00Z",
    "2026-10-30T16:00:00Z",
    "2026-11-01T08:59:00Z",
    "2026-12-24T16:00:00Z",
    "2026-12-31T23:30:00Z",
    "2028-02-29T12:00:00Z",
    "2035-12-31T17:00:00Z",
    "2036-03-04T10:00:00Z",
    "2024-12-31T16:30:00Z",
    "2099-12-31T23:00:00Z",
    "1900-01-01T00:00:00Z",
];

const ZONES: &[&str] = &[
    "America/New_York",
    "America/Los_Angeles",
    "America/Santiago",
    "Europe/Berlin",
    "Europe/London",
    "Asia/Tokyo",
    "Asia/Taipei",
    "Asia/Kathmandu",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "Pacific/Chatham",
    "europe/london",
    " Asia/Singapore ",
    "UTC",
    "Mars/Olympus",
];

const COUNTRIES: &[&str] = &[
    "DE", "TW", "AU", "US", "JP", "GB-SCT", "GB-ENG", "gb-eng", "DE-BY", "none", "NONE", "XX",
    "GB-EN", "1", "",
];

/// Lines as people and programs write them: the common layout, other layouts of the same
/// question, and every kind of mistake.
fn generated_lines(catalog: &Catalog, count: usize) -> Vec<Vec<u8>> {
    let mut rng = SplitMix(20_261_130);
    let plans: Vec<&str> = catalog.plans().iter().map(|p| p.id.as_str()).collect();
    let regions: Vec<&str> = catalog.regions().iter().map(|r| r.id.as_str()).collect();
    let mut lines = Vec::with_capacity(count);
    for _ in 0..count {
        let plan = *rng.pick(&plans);
        let priority = *rng.pick(&["p1", "p2", "p3", "p4"]);
        let region = *rng.pick(&regions);
        let at = if rng.below(3) == 0 {
            let around: &&str = rng.pick(AROUND);
            let base = chrono::DateTime::parse_from_rfc3339(around).unwrap();
            let shifted = base + chrono::TimeDelta::minutes(rng.below(600) as i64 - 300);
            shifted
                .with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::Secs, true)
        } else {
            let day = rng.below(366 * 3);
            let second = rng.below(86_400);
            (NaiveDate::from_ymd_opt(2025, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                + chrono::TimeDelta::days(day as i64)
                + chrono::TimeDelta::seconds(second as i64))
            .and_utc()
            .to_rfc3339_opts(SecondsFormat::Secs, true)
        };
        let mut fields = vec![
            format!(r#""plan":"{plan}""#),
            format!(r#""priority":"{priority}""#),
            format!(r#""region":"{region}""#),
            format!(r#""at":"{at}""#),
        ];
        match rng.below(10) {
            0 | 1 => fields.push(format!(r#""tz":"{}""#, rng.pick(ZONES))),
            2 => fields.push(format!(r#""country":"{}""#, rng.pick(COUNTRIES))),
            3 => {
                fields.push(format!(r#""tz":"{}""#, rng.pick(ZONES)));
                fields.push(format!(r#""country":"{}""#, rng.pick(COUNTRIES)));
            }
            4 => fields.push(
                (*rng.pick(&[
                    r#""holidays":["2026-12-24","2026-12-31"]"#,
                    r#""holidays":[]"#,
                    r#""holidays":null"#,
                    r#""holidays":["2026-13-45"]"#,
                    r#""holidays":["2026-1-5"]"#,
                    r#""holidays":[20261224]"#,
                    r#""holidays":"2026-12-24""#,
                ]))
                .to_owned(),
            ),
            5 => fields.push(r#""tz":null,"country":null"#.to_owned()),
            6 => fields.push(format!(r#""timezone":"{}""#, rng.pick(ZONES))),
            7 => {
                fields.push(format!(r#""timezone":"{}""#, rng.pick(ZONES)));
                fields.push(format!(r#""tz":"{}""#, rng.pick(ZONES)));
            }
            _ => {}
        }
        // Shuffle the order of the fields now and then: JSON objects have none.
        if rng.below(4) == 0 {
            let i = rng.below(fields.len());
            let j = rng.below(fields.len());
            fields.swap(i, j);
        }
        let mut line = format!("{{{}}}", fields.join(","));
        if rng.below(4) == 0 {
            line = mistake(&mut rng, &line, &at);
        }
        let mut line = line.into_bytes();
        if rng.below(200) == 0 {
            line.extend_from_slice(b"\xff\xfe\x1b[31m");
        }
        lines.push(line);
    }
    lines
}

/// `line` changed in one of the ways real input goes wrong or just looks different.
fn mistake(rng: &mut SplitMix, line: &str, at: &str) -> String {
    let body = &line[1..line.len() - 1];
    match rng.below(24) {
        0 => line.replacen("\"plan\":\"", "\"plan\":\"x", 1),
        1 => line.replacen("\"plan\":\"", "\"plan\":\" ", 1),
        2 => line.to_uppercase(),
        3 => format!("{{{body},\"colour\":\"red\"}}"),
        4 => format!("{{{body},\"plan\":\"elite\"}}"),
        5 => line.replacen("\"plan\":\"", "\"plan\":\"\\u0062", 1),
        6 => line.replacen(at, &at.replace('Z', ".5Z"), 1),
        7 => line.replacen(at, &at.replace('Z', "+09:00"), 1),
        8 => line.replacen(at, &at.replace('T', "t"), 1),
        9 => line.replacen(at, "2016-12-31T23:59:60Z", 1),
        10 => line.replacen(at, "0001-01-01T00:00:00Z", 1),
        11 => line.replacen(at, "2100-06-15T08:30:00Z", 1),
        12 => line.replacen(at, "yesterday", 1),
        13 => String::new(),
        14 => "   \t".to_owned(),
        15 => "garbage".to_owned(),
        16 => format!("[{body}]"),
        17 => "[\"business\",\"p2\",\"emea\",\"2026-11-20T16:30:00Z\"]".to_owned(),
        18 => format!("{line} x"),
        19 => format!("  {line}\r"),
        20 => line.replacen("\"priority\":", "\"priority\":2,\"x\":", 1),
        21 => line.replacen("\"region\":\"", "\"region\":null,\"r\":\"", 1),
        22 => format!("{{{body},\"tz\":{{\"a\":[1,2,{{}}]}}}}"),
        _ => line[..line.len() / 2].to_owned(),
    }
}

/// Gives its bytes a few at a time, in sizes that vary, as a pipe may.
struct Trickle<'a> {
    bytes: &'a [u8],
    rng: SplitMix,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = (1 + self.rng.below(300))
            .min(buf.len())
            .min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

/// The first answer that differs, with its input line, rather than two outputs of 4 000 lines.
fn same(lines: &[Vec<u8>], out: &[u8], expected: &[u8], run: &str) {
    let ours: Vec<&[u8]> = out.split(|&b| b == b'\n').collect();
    let theirs: Vec<&[u8]> = expected.split(|&b| b == b'\n').collect();
    for (i, (ours, theirs)) in ours.iter().zip(&theirs).enumerate() {
        assert!(
            ours == theirs,
            "{run}: input line {}: {}\n  answered {}\n  expected {}",
            i + 1,
            String::from_utf8_lossy(lines.get(i).map_or(&[][..], |l| l)),
            String::from_utf8_lossy(ours),
            String::from_utf8_lossy(theirs),
        );
    }
    assert_eq!(ours.len(), theirs.len(), "{run}: as many answers as lines");
}

fn workers(threads: usize, block_bytes: usize) -> Workers {
    Workers {
        threads: NonZeroUsize::new(threads).unwrap(),
        block_bytes,
    }
}

#[test]
fn blocks_on_several_threads_answer_byte_for_byte_as_the_per_line_reader() {
    let catalog = catalog();
    let lines = generated_lines(&catalog, 4000);
    let mut input = lines.join(&b'\n');
    input.push(b'\n');
    let (expected, expected_summary) = per_line(&catalog, &input);
    // The input has every kind of line in it, so the comparison means something.
    let text = String::from_utf8_lossy(&expected);
    for kind in [
        "\"due\":\"",
        "\"warning\":",
        "not JSON at input line",
        "is not a plan",
        "unknown field",
        "is not an IANA time zone",
        "no holiday calendar for",
        "holidays: ",
        "the line is empty",
        "is not an RFC 3339 instant",
        "must be a JSON object",
        "is not a string",
        "outside the years",
    ] {
        assert!(text.contains(kind), "the generated input has no {kind:?}");
    }
    assert!(expected_summary.errors > 200 && expected_summary.errors < 2000);
    // Both readers have their share: the fast one most lines, the per-line one the rest.
    let mut parsed = fast::Parsed::new();
    let fast = lines
        .iter()
        .filter(|l| std::str::from_utf8(l).is_ok_and(|l| parsed.query(l).is_some()))
        .count();
    assert!(
        fast > 2400 && fast < 3800,
        "{fast} lines of 4000 read by the fast path"
    );
    for (threads, block_bytes) in [(1, 1 << 20), (2, 1 << 20), (3, 4096), (2, 1), (4, 700)] {
        let mut out = Vec::new();
        let summary = run(
            &catalog,
            &input[..],
            &mut out,
            workers(threads, block_bytes),
        )
        .expect("answered");
        assert_eq!(
            summary, expected_summary,
            "{threads} threads, {block_bytes} B"
        );
        same(
            &lines,
            &out,
            &expected,
            &format!("{threads} threads, blocks of {block_bytes} B"),
        );
        let mut out = Vec::new();
        let trickle = Trickle {
            bytes: &input,
            rng: SplitMix(block_bytes as u64),
        };
        run(&catalog, trickle, &mut out, workers(threads, block_bytes)).expect("answered");
        same(
            &lines,
            &out,
            &expected,
            &format!("{threads} threads, {block_bytes} B, trickled"),
        );
    }
}

#[test]
fn the_last_line_needs_no_new_line_and_blank_lines_are_answered() {
    let catalog = catalog();
    for input in [
        &b""[..],
        b"\n",
        b"\n\n",
        br#"{"plan":"business","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z"}"#,
        b"\n{\"plan\":\"elite\",\"priority\":\"p1\",\"region\":\"japan\",\"at\":\"2026-11-21T14:00:00Z\"}\n\n{bad",
    ] {
        let (expected, expected_summary) = per_line(&catalog, input);
        for threads in [1, 2] {
            let mut out = Vec::new();
            let summary = run(&catalog, input, &mut out, workers(threads, 3)).unwrap();
            assert_eq!(
                (String::from_utf8_lossy(&out), summary),
                (String::from_utf8_lossy(&expected), expected_summary),
                "{input:?}"
            );
        }
    }
}

/// Lines fed one at a time, each only once the answer to the one before has been written.
#[test]
fn lines_typed_one_at_a_time_are_answered_as_they_come() {
    struct Typed(mpsc::Receiver<Vec<u8>>, Vec<u8>);
    impl Read for Typed {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.1.is_empty() {
                match self.0.recv() {
                    Ok(line) => self.1 = line,
                    Err(_) => return Ok(0),
                }
            }
            let n = buf.len().min(self.1.len());
            buf[..n].copy_from_slice(&self.1[..n]);
            self.1.drain(..n);
            Ok(n)
        }
    }
    #[derive(Clone)]
    struct Shown(Arc<Mutex<Vec<u8>>>);
    impl Write for Shown {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let catalog = catalog();
    let (typing, typed) = mpsc::channel();
    let shown = Shown(Arc::new(Mutex::new(Vec::new())));
    let screen = shown.clone();
    std::thread::scope(|scope| {
        let batch = scope.spawn(|| {
            run(
                &catalog,
                Typed(typed, Vec::new()),
                shown,
                workers(2, 1 << 20),
            )
        });
        for (i, at) in [
            "2026-11-20T16:30:00Z",
            "2026-11-21T14:00:00Z",
            "2026-11-22T09:00:00Z",
        ]
        .iter()
        .enumerate()
        {
            let line =
                format!(r#"{{"plan":"elite","priority":"p1","region":"japan","at":"{at}"}}"#);
            // Cut in two: the half line waits for the rest.
            let (first, rest) = line.split_at(20);
            typing.send(first.as_bytes().to_vec()).unwrap();
            typing.send(format!("{rest}\n").into_bytes()).unwrap();
            let started = Instant::now();
            while screen
                .0
                .lock()
                .unwrap()
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                <= i
            {
                assert!(
                    started.elapsed() < Duration::from_secs(10),
                    "line {} not answered before the next was typed",
                    i + 1
                );
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        drop(typing);
        let summary = batch.join().unwrap().unwrap();
        assert_eq!(
            summary,
            BatchSummary {
                lines: 3,
                errors: 0
            }
        );
    });
    let shown = String::from_utf8(screen.0.lock().unwrap().clone()).unwrap();
    assert_eq!(
        shown,
        "{\"due\":\"2026-11-20T16:45:00Z\"}\n{\"due\":\"2026-11-21T14:15:00Z\"}\n{\"due\":\"2026-11-22T09:15:00Z\"}\n"
    );
}

/// A read that fails: the lines before it are answered, then the error is returned.
#[test]
fn a_failed_read_keeps_the_answers_before_it() {
    struct Failing<'a>(&'a [u8]);
    impl Read for Failing<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("the disk went away"));
            }
            let n = buf.len().min(self.0.len()).min(90);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let catalog = catalog();
    let line = br#"{"plan":"elite","priority":"p1","region":"japan","at":"2026-11-21T14:00:00Z"}"#;
    let input = [&line[..], b"\n", line, b"\n", line, b"\n"].concat();
    for threads in [1, 2, 3] {
        let mut out = Vec::new();
        let error = run(&catalog, Failing(&input), &mut out, workers(threads, 64)).unwrap_err();
        assert_eq!(error.to_string(), "the disk went away");
        assert_eq!(out.lines().count(), 3, "{threads} threads");
    }
}

/// A reader gone (`head`): the first failed write ends the run with that error.
#[test]
fn a_failed_write_stops_every_worker() {
    struct Closed(usize);
    impl Write for Closed {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.0 == 0 {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            self.0 -= 1;
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let catalog = catalog();
    let line = br#"{"plan":"elite","priority":"p1","region":"japan","at":"2026-11-21T14:00:00Z"}"#;
    let input = [&line[..], b"\n"].concat().repeat(10_000);
    for threads in [1, 2, 3] {
        let error = run(&catalog, &input[..], Closed(2), workers(threads, 1000)).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::BrokenPipe);
    }
}

/// `timezone` is the field's name, as `--timezone` is the flag's; `tz`, its older name, still
/// works. Both on one line must name the same zone (in any letter case).
#[test]
fn the_zone_is_timezone_or_its_other_name_tz_and_both_must_agree() {
    let catalog = catalog();
    let line = |zone: &str| {
        format!(
            r#"{{"plan":"business","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z"{zone}}}"#
        )
    };
    let input = [
        line(r#","timezone":"Asia/Tokyo""#),
        line(r#","tz":"Asia/Tokyo""#),
        line(r#","timezone":"Asia/Tokyo","tz":"asia/tokyo""#),
        line(""),
        line(r#","timezone":"Asia/Tokyo","tz":"Europe/London""#),
        line(r#","tz":"Asia/Tokyo","timezone":null"#),
        line(r#","timezone":"Mars/Olympus""#),
        // Two names of one zone (review 6, item 9): a tzdb link and its zone.
        line(r#","timezone":"Asia/Tokyo","tz":"Japan""#),
    ]
    .join("\n");
    let (expected, _) = per_line(&catalog, input.as_bytes());
    let mut out = Vec::new();
    let summary = run(&catalog, input.as_bytes(), &mut out, workers(1, 1 << 20)).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(
        summary,
        BatchSummary {
            lines: 8,
            errors: 2
        }
    );
    let answers: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
    assert_eq!(answers[7], answers[0], "Japan is Asia/Tokyo's other name");
    assert!(answers[0].starts_with(r#"{"due":""#), "{}", answers[0]);
    assert_eq!(answers[1], answers[0], "tz is timezone's other name");
    assert_eq!(answers[2], answers[0], "the same zone under both names");
    assert_ne!(answers[3], answers[0], "the zone counts");
    assert_eq!(
        answers[4],
        r#"{"error":"timezone: \"Asia/Tokyo\" and tz: \"Europe/London\" are different zones; give one of them (tz is another name for timezone)"}"#
    );
    assert_eq!(answers[5], answers[0], "a null name is not given");
    assert_eq!(
        answers[6],
        r#"{"error":"timezone: \"Mars/Olympus\" is not an IANA time zone such as Europe/London"}"#
    );
}

/// A holiday that is not a date is quoted once, as written; one that is not a string, as JSON.
#[test]
fn a_bad_holiday_is_quoted_once() {
    let catalog = catalog();
    let line = |holidays: &str| {
        format!(
            r#"{{"plan":"business","priority":"p2","region":"emea","at":"2026-11-20T16:30:00Z","holidays":{holidays}}}"#
        )
    };
    let input = [line(r#"["2026-02-30"]"#), line("[20261224]")].join("\n");
    let mut out = Vec::new();
    run(&catalog, input.as_bytes(), &mut out, workers(1, 1 << 20)).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out),
        concat!(
            r#"{"error":"holidays: \"2026-02-30\" is not a date such as \"2026-12-24\""}"#,
            "\n",
            r#"{"error":"holidays: \"20261224\" is not a date such as \"2026-12-24\""}"#,
            "\n",
        )
    );
}

#[test]
fn two_names_of_one_zone_are_the_same_zone() {
    use chrono_tz::{Asia, Etc, Europe};
    assert!(same_zone(Asia::Tokyo, chrono_tz::Japan));
    assert!(same_zone(chrono_tz::UTC, Etc::UTC));
    assert!(same_zone(Europe::London, chrono_tz::GB));
    assert!(
        !same_zone(Asia::Tokyo, Asia::Seoul),
        "one offset today, not always"
    );
    assert!(!same_zone(Europe::London, Europe::Dublin));
    assert!(!same_zone(Asia::Tokyo, Europe::London));
}
