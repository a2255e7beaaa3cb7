//! `supportbot cases export|import`: every organisation and case as JSON lines, with every field
//! and the whole history. Importing the same lines twice changes nothing.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use super::{Store, StoreError};
use crate::domain::case::Case;
use crate::domain::org::Organisation;

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "kebab-case")]
enum Line {
    Org(Box<Organisation>),
    Case(Box<CaseRecord>),
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

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("line {line}: {reason}")]
    BadLine { line: usize, reason: String },
}

/// How many records went through.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub orgs: u64,
    pub cases: u64,
}

pub fn export(store: &dyn Store, mut out: impl Write) -> Result<Counts, TransferError> {
    let mut counts = Counts::default();
    for org in store.orgs()? {
        serde_json::to_writer(&mut out, &Line::Org(Box::new(org))).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        counts.orgs += 1;
    }
    let mut failure = None;
    store.scan_cases(&mut |case| {
        let reminders_fired = match store.fired_thresholds(case.id) {
            Ok(fired) => fired,
            Err(e) => {
                failure = Some(std::io::Error::other(e.to_string()));
                return false;
            }
        };
        let record = CaseRecord {
            case,
            reminders_fired,
        };
        let written = serde_json::to_writer(&mut out, &Line::Case(Box::new(record)))
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"));
        match written {
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
    out.flush()?;
    Ok(counts)
}

/// Writes every record as it is in the lines (same ids, same content), then makes it durable.
/// A bad line stops the import with its number; the lines before it are kept.
pub fn import(store: &dyn Store, input: impl BufRead) -> Result<Counts, TransferError> {
    let mut counts = Counts::default();
    for (index, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Line = serde_json::from_str(&line).map_err(|e| TransferError::BadLine {
            line: index + 1,
            reason: e.to_string(),
        })?;
        match record {
            Line::Org(org) => {
                store.put_org(&org)?;
                counts.orgs += 1;
            }
            Line::Case(record) => {
                store.put_case(&record.case, &record.reminders_fired)?;
                counts.cases += 1;
            }
        }
    }
    store.durable()?;
    Ok(counts)
}
