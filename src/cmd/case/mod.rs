//! `/case …`: support cases. Every subcommand that names a case goes through [`visible_case`],
//! the one place that decides who may see which case.

pub mod close;
pub mod escalate;
pub mod file;
pub mod list;
pub mod note;
pub mod priority;
pub mod respond;
pub mod show;

use chrono_tz::Tz;

use super::format;
use super::{CmdError, Context};
use crate::domain::attainment;
use crate::domain::calendar::{Closure, Explanation};
use crate::domain::case::{Case, CaseId, EventKind};
use crate::domain::ids::{CalendarKind, Priority};
use crate::domain::org::{Organisation, Terms};
use crate::domain::policy::{self, Refusal};
use crate::domain::text::UserText;
use crate::engine::{Accent, Reply};
use crate::i18n::Msg;
use crate::store::Store;

/// The case and its organisation, if the caller may see them; "not found" otherwise, so a
/// customer learns nothing about another organisation's cases, not even that they exist.
pub fn visible_case(
    ctx: &Context<'_>,
    store: &dyn Store,
    id: CaseId,
) -> Result<(Case, Organisation), CmdError> {
    let Some(case) = store.case(id)? else {
        return Err(Refusal::NotFound.into());
    };
    match store.org(&case.org)? {
        Some(org) if policy::can_see(ctx.role, ctx.user, &org) => Ok((case, org)),
        _ => Err(Refusal::NotFound.into()),
    }
}

/// "2 business hours · EMEA 9:00–17:00 Europe/London · Fri 25 Dec 2026 is a holiday": the target
/// and the calendar a due instant was computed on, in one line.
pub fn explanation_line(
    ctx: &Context<'_>,
    terms: &Terms,
    priority: Priority,
    explanation: &Explanation<'_>,
) -> String {
    let catalog = ctx.catalog;
    let mut parts = vec![format::target(
        ctx,
        &catalog.target(terms.plan, priority).target,
    )];
    if matches!(
        explanation.kind,
        CalendarKind::BusinessHours | CalendarKind::BusinessDays
    ) {
        let region = catalog.region(terms.region);
        parts.push(format!(
            "{} {}–{} {}",
            region.name.get(ctx.language),
            format::time(region.hours.opens()),
            format::time(region.hours.closes()),
            explanation.tz.name()
        ));
    } else if explanation.kind == CalendarKind::TwentyFourFive {
        parts.push(explanation.tz.name().to_owned());
    }
    if let Some((date, Closure::Holiday(name))) = explanation
        .closed
        .iter()
        .find(|(_, why)| matches!(why, Closure::Holiday(_)))
    {
        parts.push(ctx.f(
            Msg::CaseHolidayOnWay,
            &[
                ("date", &format::date(ctx, *date)),
                ("holiday", name.get(ctx.language)),
            ],
        ));
    }
    if explanation.holidays_unknown {
        parts.push(ctx.t(Msg::DueNoHolidayData).to_owned());
    }
    parts.join(" · ")
}

/// Whether the initial response met its target, and by how much: in the target's own time, with
/// wall-clock time beside it.
pub fn verdict(ctx: &Context<'_>, case: &Case, org: &Organisation) -> Result<String, CmdError> {
    let Some(verdict) = attainment::response_verdict(ctx.catalog, case, org)? else {
        return Ok(String::new());
    };
    Ok(ctx.f(
        if verdict.met {
            Msg::CaseMet
        } else {
            Msg::CaseMissed
        },
        &[
            ("margin", &format::duration(ctx, verdict.margin())),
            ("calendar", &format::calendar_kind(ctx, verdict.kind)),
            ("wall", &format::duration(ctx, verdict.wall_clock())),
        ],
    ))
}

fn status_text(ctx: &Context<'_>, case: &Case) -> String {
    ctx.t(format::status_msg(case.status())).to_owned()
}

fn event_text(ctx: &Context<'_>, kind: &EventKind) -> String {
    match kind {
        EventKind::Filed => ctx.t(Msg::EventFiled).to_owned(),
        EventKind::Note { text } => ctx.f(Msg::EventNote, &[("text", &history_text(text))]),
        EventKind::Responded { note: None } => ctx.t(Msg::EventResponded).to_owned(),
        EventKind::Responded { note: Some(note) } => {
            ctx.f(Msg::EventRespondedNote, &[("text", &history_text(note))])
        }
        EventKind::Priority {
            from, to, reason, ..
        } => ctx.f(
            Msg::EventPriority,
            &[
                ("from", from.label()),
                ("to", to.label()),
                (
                    "reason",
                    &reason.as_ref().map_or("—".to_owned(), history_text),
                ),
            ],
        ),
        EventKind::Escalated { reason, .. } => {
            ctx.f(Msg::EventEscalated, &[("reason", &history_text(reason))])
        }
        EventKind::Closed => ctx.t(Msg::EventClosed).to_owned(),
        EventKind::Reopened {
            due_after: Some(due),
            ..
        } => ctx.f(
            Msg::EventReopenedDue,
            &[("when", &format!("<t:{}:f>", due.timestamp()))],
        ),
        EventKind::Reopened {
            due_after: None, ..
        } => ctx.t(Msg::EventReopened).to_owned(),
        EventKind::Terms(change) => ctx.f(
            Msg::EventTerms,
            &[
                (
                    "from",
                    ctx.catalog.plan(change.from.plan).name.get(ctx.language),
                ),
                (
                    "to",
                    ctx.catalog.plan(change.to.plan).name.get(ctx.language),
                ),
                ("when", &format!("<t:{}:f>", change.due_after.timestamp())),
            ],
        ),
    }
}

/// At most this many characters of user text per line of history.
const HISTORY_TEXT_CHARS: usize = 100;

/// A note or reason in a line of history: shortened before it is marked, so the mark stays whole.
fn history_text(text: &UserText) -> String {
    text.shortened(HISTORY_TEXT_CHARS).marked()
}

const HISTORY_LINES: usize = 8;

/// The customer's zone under `terms`: the one set, else the region's.
pub fn terms_zone(ctx: &Context<'_>, terms: &Terms) -> Tz {
    terms
        .timezone
        .unwrap_or(ctx.catalog.region(terms.region).timezone)
}

/// A case as a reply: private to the asker unless asked in a team channel.
pub fn case_reply(ctx: &Context<'_>, case: &Case, org: &Organisation) -> Result<Reply, CmdError> {
    let catalog = ctx.catalog;
    let mut reply = Reply::new(format!("{} · {}", case.id, case.title.shown()))
        .accent(Accent::Priority(case.priority))
        .zone(terms_zone(ctx, &case.terms(org)))
        .about_case(case.id, case.clock_running())
        .inline_field(
            ctx.t(Msg::CaseOrg),
            format!("{} (`{}`)", org.name.shown(), org.id),
        )
        .inline_field(ctx.t(Msg::CaseProduct), format!("`{}`", case.product))
        .inline_field(
            ctx.t(Msg::OrgPlan),
            catalog.plan(case.terms(org).plan).name.get(ctx.language),
        )
        .inline_field(ctx.t(Msg::CasePriority), case.priority.label())
        .inline_field(ctx.t(Msg::CaseStatus), status_text(ctx, case))
        .inline_field(
            ctx.t(Msg::CaseLanguage),
            format::language_name(ctx, case.language),
        )
        .inline_field(ctx.t(Msg::CaseRequester), case.requester.to_string())
        .field(
            ctx.t(Msg::CaseSubmitted),
            format::timestamp(case.submitted_at),
        )
        .field(ctx.t(Msg::CaseDue), format::timestamp(case.due_at));
    if let Some(response) = &case.response {
        reply = reply.field(
            ctx.t(Msg::CaseResponse),
            format!(
                "{} {}\n{}",
                format::timestamp(response.at),
                response.by,
                verdict(ctx, case, org)?
            ),
        );
    }
    if let Some(impact) = &case.impact {
        reply = reply.field(ctx.t(Msg::CaseImpact), impact.marked());
    }
    if let Some(description) = &case.description {
        reply = reply.field(ctx.t(Msg::CaseDescription), description.marked());
    }
    let history: Vec<String> = case
        .history
        .iter()
        .rev()
        .take(HISTORY_LINES)
        .map(|e| {
            format!(
                "<t:{}:f> {} {}",
                e.at.timestamp(),
                e.by,
                event_text(ctx, &e.kind)
            )
        })
        .collect();
    if !history.is_empty() {
        reply = reply.field(ctx.t(Msg::CaseHistory), history.join("\n"));
    }
    reply.private = !ctx.team_channel;
    Ok(reply)
}
