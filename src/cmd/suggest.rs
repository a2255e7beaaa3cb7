//! Suggestions while an option is typed (Discord's autocomplete): organisations, products and
//! cases the caller may see, and nothing of anyone else's, by the same rule as the commands.

use std::collections::BTreeSet;

use super::case::visible_case;
use super::{CmdError, Context, OptionKind, org};
use crate::domain::case::{CaseId, CaseStatus};
use crate::domain::policy;
use crate::store::CaseQuery;

/// Open cases read to find suggestions: enough for a busy queue, bounded for a huge one.
const CASES_SCANNED: usize = 200;
/// A suggestion's label, as Discord shows at most 100 characters.
const LABEL_CHARS: usize = 100;

/// At most `limit` `(label, value)` pairs for an option of `kind` starting with `prefix`; kinds
/// without suggestions get none.
pub fn suggest(
    ctx: &Context<'_>,
    kind: OptionKind,
    prefix: &str,
    limit: usize,
) -> Result<Vec<(String, String)>, CmdError> {
    match kind {
        OptionKind::Org => org::suggest(ctx, prefix, limit),
        OptionKind::Product | OptionKind::Products => products(ctx, prefix, limit),
        OptionKind::CaseId => cases(ctx, prefix, limit),
        _ => Ok(Vec::new()),
    }
}

fn products(
    ctx: &Context<'_>,
    prefix: &str,
    limit: usize,
) -> Result<Vec<(String, String)>, CmdError> {
    let prefix = prefix.trim().to_lowercase();
    let mut seen = BTreeSet::new();
    for o in ctx.store()?.orgs()? {
        if policy::can_see(ctx.role, ctx.user, &o) {
            seen.extend(
                o.products
                    .iter()
                    .map(|p| p.as_str().to_owned())
                    .filter(|p| p.starts_with(&prefix)),
            );
        }
    }
    Ok(seen
        .into_iter()
        .take(limit)
        .map(|p| (p.clone(), p))
        .collect())
}

fn cases(ctx: &Context<'_>, prefix: &str, limit: usize) -> Result<Vec<(String, String)>, CmdError> {
    let store = ctx.store()?;
    let digits: String = prefix.chars().filter(char::is_ascii_digit).collect();
    let number = digits.trim_start_matches('0');
    let mut found = Vec::new();
    // A whole id is looked up directly, so a closed or answered case can be found too.
    if let Ok(id) = digits.parse::<CaseId>()
        && let Ok((case, _)) = visible_case(ctx, store, id)
    {
        found.push(case);
    }
    let orgs = super::org::visible_org_ids(ctx, store)?;
    let open = store.list_cases(&CaseQuery {
        orgs,
        status: Some(CaseStatus::Open),
        limit: CASES_SCANNED,
        ..CaseQuery::default()
    })?;
    found.extend(
        open.into_iter()
            .filter(|c| c.id.0.to_string().starts_with(number)),
    );
    let mut seen = BTreeSet::new();
    Ok(found
        .into_iter()
        .filter(|c| seen.insert(c.id))
        .take(limit)
        .map(|c| {
            let label = format!("{} · {} · {}", c.id, c.priority.label(), c.title.as_str());
            (label.chars().take(LABEL_CHARS).collect(), c.id.to_string())
        })
        .collect())
}
