//! `supportbot cases export|import`: a full backup of the store as JSON lines (organisations
//! with their audit, cases with their history and delivered reminders, reminder routes, queued,
//! staged and rejected reminder messages, and the id counters), and its checked,
//! all-or-nothing restore.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Backup, Counters, RejectedMessage, StagedMessage, Store, StoreError};
use crate::cmd::OptionKind;
use crate::domain::calendar;
use crate::domain::case::{CASE_SCHEMA, Case, CaseId, EventKind};
use crate::domain::catalog::Catalog;
use crate::domain::org::{ORG_SCHEMA, OrgId, Organisation};
use crate::domain::reminders::{Fired, Routes};

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "kebab-case")]
enum Line {
    Org(Box<Organisation>),
    Case(Box<CaseRecord>),
    Routes(Routes),
    Outbox(Sequenced<Fired>),
    Staged(Sequenced<StagedMessage>),
    Rejected(Sequenced<RejectedMessage>),
    Counters(Counters),
}

/// A case and its reminder state, so an imported store does not repeat reminders the original
/// already delivered.
#[derive(Serialize, Deserialize)]
struct CaseRecord {
    #[serde(flatten)]
    case: Case,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    reminders_fired: Vec<String>,
}

/// A record of a queue, with its place in it.
#[derive(Serialize, Deserialize)]
struct Sequenced<T> {
    seq: u64,
    #[serde(flatten)]
    record: T,
}

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("nothing was imported: {}", list(.0))]
    Invalid(Vec<Problem>),
    #[error("nothing was imported: {0}")]
    Collisions(super::Collisions),
}

/// Why one line of an import cannot be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub reason: String,
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("\nline {}: {}", p.line, p.reason))
        .collect()
}

/// How many records went through, and the cases that could not be read (export only).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub orgs: u64,
    pub cases: u64,
    /// Routes, queued, staged and rejected messages, and counters.
    pub other: u64,
    /// Keys of damaged records, left out of an export.
    pub damaged: Vec<String>,
    /// What an import adds (or, dry, would add): organisation ids and case numbers.
    pub added: Vec<String>,
}

fn write_line(out: &mut impl Write, line: &Line) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, line).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// Writes everything the store holds. A damaged case is left out and named in the counts, and
/// the export goes on, so a backup keeps everything readable.
pub fn export(store: &dyn Store, mut out: impl Write) -> Result<Counts, TransferError> {
    let mut counts = Counts::default();
    for org in store.orgs()? {
        write_line(&mut out, &Line::Org(Box::new(org)))?;
        counts.orgs += 1;
    }
    let mut failure = None;
    store.scan_case_records(&mut |case| {
        let case = match case {
            Ok(case) => case,
            Err(damage) => {
                counts.damaged.push(damage.to_string());
                return true;
            }
        };
        let reminders_fired = match store.fired_thresholds(case.id) {
            Ok(fired) => fired,
            Err(e) => {
                counts.damaged.push(e.to_string());
                Vec::new()
            }
        };
        let record = CaseRecord {
            case,
            reminders_fired,
        };
        match write_line(&mut out, &Line::Case(Box::new(record))) {
            Ok(()) => {
                counts.cases += 1;
                true
            }
            Err(e) => {
                failure = Some(e);
                false
            }
        }
    })?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    let routes = store.routes()?;
    let mut rest = Vec::new();
    if routes != Routes::default() {
        rest.push(Line::Routes(routes));
    }
    for (seq, record) in store.outbox(usize::MAX)? {
        rest.push(Line::Outbox(Sequenced { seq, record }));
    }
    for (seq, record) in store.pending_messages()? {
        rest.push(Line::Staged(Sequenced { seq, record }));
    }
    for (seq, record) in store.rejected_messages()? {
        rest.push(Line::Rejected(Sequenced { seq, record }));
    }
    rest.push(Line::Counters(store.counters()?));
    counts
        .damaged
        .extend(store.lost_records().map(|d| d.to_string()));
    for line in &rest {
        write_line(&mut out, line)?;
        counts.other += 1;
    }
    out.flush()?;
    Ok(counts)
}

/// Reads a backup, checks every line as the commands would have checked what it holds, and
/// restores it in one transaction: every record or, if any line fails, none. Records already in
/// the store are refused (listed), never replaced. With `dry_run` nothing is written.
pub fn import(
    store: &dyn Store,
    catalog: &Catalog,
    input: impl BufRead,
    dry_run: bool,
) -> Result<Counts, TransferError> {
    let mut problems = Vec::new();
    let mut lines = Vec::new();
    for (index, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Line>(&line) {
            Ok(record) => lines.push((index + 1, record)),
            Err(e) => problems.push(Problem {
                line: index + 1,
                reason: e.to_string(),
            }),
        }
    }
    // Counted as `export` counts them: one per line that is neither an organisation nor a case.
    let other = lines
        .iter()
        .filter(|(_, line)| !matches!(line, Line::Org(_) | Line::Case(_)))
        .count() as u64;
    let backup = check(store, catalog, lines, &mut problems)?;
    if !problems.is_empty() {
        return Err(TransferError::Invalid(problems));
    }
    store.restore(&backup, dry_run).map_err(|e| match e {
        StoreError::Collisions(c) => TransferError::Collisions(c),
        other => TransferError::Store(other),
    })?;
    if !dry_run {
        store.durable()?;
    }
    Ok(Counts {
        orgs: backup.orgs.len() as u64,
        cases: backup.cases.len() as u64,
        other,
        damaged: Vec::new(),
        added: backup
            .orgs
            .iter()
            .map(|o| o.id.to_string())
            .chain(backup.cases.iter().map(|(c, _)| c.id.to_string()))
            .collect(),
    })
}

/// Gathers the lines into a backup, adding a problem for each line a command would not have
/// produced.
fn check(
    store: &dyn Store,
    catalog: &Catalog,
    lines: Vec<(usize, Line)>,
    problems: &mut Vec<Problem>,
) -> Result<Backup, TransferError> {
    let mut backup = Backup::default();
    let mut orgs: BTreeMap<OrgId, Organisation> = BTreeMap::new();
    let mut case_lines = Vec::new();
    let mut seen_cases = BTreeSet::new();
    let mut seen_sequences = BTreeSet::new();
    let mut routes_seen = false;
    let mut counters_seen = false;
    let mut problem = |line: usize, reason: String| problems.push(Problem { line, reason });
    for (line, record) in lines {
        match record {
            Line::Org(org) => {
                for reason in org_problems(catalog, &org) {
                    problem(line, reason);
                }
                if orgs.contains_key(&org.id) {
                    problem(line, format!("organisation {} appears twice", org.id));
                } else {
                    orgs.insert(org.id.clone(), (*org).clone());
                    backup.orgs.push(*org);
                }
            }
            Line::Case(record) => {
                if !seen_cases.insert(record.case.id) {
                    problem(line, format!("{} appears twice", record.case.id));
                }
                case_lines.push((line, record));
            }
            Line::Routes(routes) => {
                if std::mem::replace(&mut routes_seen, true) {
                    problem(line, "reminder routes appear twice".into());
                }
                backup.routes = routes;
            }
            Line::Outbox(Sequenced { seq, record }) => {
                if !seen_sequences.insert(("outbox", seq)) || seq == 0 {
                    problem(line, format!("outbox entry {seq} appears twice or is 0"));
                }
                backup.outbox.push((seq, record));
            }
            Line::Staged(Sequenced { seq, record }) => {
                if !seen_sequences.insert(("staged", seq)) || seq == 0 {
                    problem(line, format!("staged message {seq} appears twice or is 0"));
                }
                backup.staged.push((seq, record));
            }
            Line::Rejected(Sequenced { seq, record }) => {
                if !seen_sequences.insert(("rejected", seq)) || seq == 0 {
                    problem(
                        line,
                        format!("rejected message {seq} appears twice or is 0"),
                    );
                }
                backup.rejected.push((seq, record));
            }
            Line::Counters(counters) => {
                if std::mem::replace(&mut counters_seen, true) {
                    problem(line, "the counters appear twice".into());
                }
                if counters.next_case > CaseId::MAX.saturating_add(1) {
                    problem(
                        line,
                        format!(
                            "the next case number {} is past CASE-{}",
                            counters.next_case,
                            CaseId::MAX
                        ),
                    );
                }
                backup.counters = counters;
            }
        }
    }
    for (line, record) in case_lines {
        let org = match orgs.get(&record.case.org) {
            Some(org) => Some(org.clone()),
            None => store.org(&record.case.org)?,
        };
        for reason in case_problems(&record.case, org.as_ref()) {
            problem(line, reason);
        }
        backup.cases.push((record.case, record.reminders_fired));
    }
    Ok(backup)
}

fn instant_problem(what: &str, at: DateTime<Utc>) -> Option<String> {
    (!calendar::supports(at))
        .then(|| format!("{what} {at} is outside the years the clock computes"))
}

fn text_problem(what: &str, kind: OptionKind, text: &str) -> Option<String> {
    (!kind.accepts_stored(text)).then(|| {
        format!(
            "{what} is empty, longer than {} characters, or holds control characters",
            kind.max_chars()
        )
    })
}

fn org_problems(catalog: &Catalog, org: &Organisation) -> Vec<String> {
    let mut out = Vec::new();
    if !(1..=ORG_SCHEMA).contains(&org.v) {
        out.push(format!(
            "organisation schema version {} (this supportbot reads 1 to {ORG_SCHEMA})",
            org.v
        ));
    }
    out.extend(text_problem(
        "the name",
        OptionKind::Name,
        org.name.as_str(),
    ));
    if catalog
        .calendar(org.region, org.timezone, org.holiday_country(), &[])
        .is_err()
    {
        out.push(format!(
            "organisation {} has a holiday country the catalog does not know",
            org.id
        ));
    }
    for (product, limit, users) in org.over_limit(catalog, org.plan) {
        out.push(format!(
            "{} named contacts for {product}, where the plan allows {limit}",
            users.len()
        ));
    }
    for product in org.contacts.keys() {
        if !org.has_product(product) {
            out.push(format!(
                "contacts for {product}, which is not one of its products"
            ));
        }
    }
    out.extend(instant_problem("created_at", org.created_at));
    for entry in &org.audit {
        out.extend(instant_problem("an audit entry's instant", entry.at));
    }
    out
}

fn case_problems(case: &Case, org: Option<&Organisation>) -> Vec<String> {
    let mut out = Vec::new();
    if !(1..=CASE_SCHEMA).contains(&case.v) {
        out.push(format!(
            "case schema version {} (this supportbot reads 1 to {CASE_SCHEMA})",
            case.v
        ));
    }
    if !case.id.in_range() {
        out.push(format!(
            "case number {} is outside 1 to {}",
            case.id.0,
            CaseId::MAX
        ));
    }
    match org {
        None => out.push(format!(
            "organisation {} is neither in the store nor in the file",
            case.org
        )),
        Some(org) if !org.has_product(&case.product) => out.push(format!(
            "{} is not one of {}'s products",
            case.product, org.id
        )),
        Some(_) => {}
    }
    out.extend(text_problem(
        "the title",
        OptionKind::Name,
        case.title.as_str(),
    ));
    let texts = [
        ("the description", case.description.as_ref()),
        ("the impact", case.impact.as_ref()),
        (
            "the response note",
            case.response.as_ref().and_then(|r| r.note.as_ref()),
        ),
    ];
    for (what, text) in texts {
        if let Some(text) = text {
            out.extend(text_problem(what, OptionKind::Text, text.as_str()));
        }
    }
    let mut instants = vec![("submitted_at", case.submitted_at), ("due_at", case.due_at)];
    instants.extend(case.response.as_ref().map(|r| ("the response", r.at)));
    instants.extend(case.closed_at.map(|at| ("closed_at", at)));
    instants.extend(case.customer_raised_at.map(|at| ("customer_raised_at", at)));
    for pause in &case.pauses {
        instants.push(("a pause", pause.from));
        instants.extend(pause.to.map(|at| ("a pause", at)));
    }
    for event in &case.history {
        instants.push(("a history entry", event.at));
        let text = match &event.kind {
            EventKind::Note { text } => Some(text),
            EventKind::Responded { note } => note.as_ref(),
            EventKind::Priority {
                reason,
                due_before,
                due_after,
                ..
            } => {
                instants.push(("a history entry", *due_before));
                instants.push(("a history entry", *due_after));
                reason.as_ref()
            }
            EventKind::Escalated { reason, .. } => Some(reason),
            EventKind::Reopened {
                due_before,
                due_after,
            } => {
                instants.extend(due_before.map(|at| ("a history entry", at)));
                instants.extend(due_after.map(|at| ("a history entry", at)));
                None
            }
            EventKind::Terms(change) => {
                instants.push(("a history entry", change.due_before));
                instants.push(("a history entry", change.due_after));
                None
            }
            EventKind::Filed | EventKind::Closed => None,
        };
        if let Some(text) = text {
            out.extend(text_problem(
                "a history entry",
                OptionKind::Text,
                text.as_str(),
            ));
        }
    }
    for (what, at) in instants {
        out.extend(instant_problem(what, at));
    }
    if case.due_at < case.submitted_at {
        out.push("due_at is before submitted_at".into());
    }
    out
}
