//! `/case priority id priority [reason]`: changes a case's priority. Agents may make any change;
//! a customer may raise one step once in 24 hours, never to P1. Before the first response, the
//! due instant is computed again from the original submission time; after it, the due instant
//! the response was measured against stays, and so does its verdict [D]: a verdict is given once
//! (`domain::attainment`), so a later priority never turns a met response into a missed one.

use super::super::options::shared;
use super::super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, format};
use super::{case_reply, explanation_line, verdict, visible_case};
use crate::domain::case::{CaseId, Event, EventKind};
use crate::domain::ids::Priority;
use crate::domain::org::Role;
use crate::domain::policy;
use crate::domain::text::UserText;
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "case priority",
    uses_store: true,
    help: Msg::HelpCasePriority,
    label: Msg::CommandCasePriority,
    options: &[
        shared::CASE_ID,
        OptionSpec::required(
            "priority",
            OptionKind::Priority,
            Msg::OptionPriority,
            Msg::AboutPriorityNew,
        ),
        OptionSpec::optional(
            "reason",
            OptionKind::Text,
            Msg::OptionReason,
            Msg::AboutReasonPriority,
        ),
    ],
    parse: |o| {
        Ok(Command::CasePriority(CasePriority {
            id: o.require("id")?,
            priority: o.require("priority")?,
            reason: o.get("reason")?,
        }))
    },
};

#[derive(Debug)]
pub struct CasePriority {
    id: CaseId,
    priority: Priority,
    reason: Option<UserText>,
}

impl CasePriority {
    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        let store = ctx.store()?;
        let catalog = ctx.catalog;
        let (current, org) = visible_case(ctx, store, self.id)?;
        let terms = current.terms(&org);
        let explanation =
            policy::explain_due(catalog, &terms, self.priority, current.submitted_at)?;
        // Time the case spent closed does not count under the new target either.
        let due = policy::due_paused(
            catalog,
            &terms,
            self.priority,
            current.submitted_at,
            &current.ended_pauses(),
        )?;
        let case = store.update_case(self.id, &mut |case| {
            policy::check_priority_change(ctx.role, case, self.priority, ctx.now)?;
            let due = if case.response.is_some() {
                case.due_at
            } else {
                due
            };
            case.history.push(Event {
                at: ctx.now,
                by: ctx.user,
                kind: EventKind::Priority {
                    from: case.priority,
                    to: self.priority,
                    reason: self.reason.clone(),
                    due_before: case.due_at,
                    due_after: due,
                },
            });
            if ctx.role < Role::Agent {
                case.customer_raised_at = Some(ctx.now);
            }
            case.priority = self.priority;
            case.due_at = due;
            Ok(())
        })?;
        store.durable()?;
        let mut reply = case_reply(ctx, &case, &org)?;
        if case.response.is_some() {
            reply.text = ctx.f(
                Msg::CasePriorityChangedResponded,
                &[
                    ("case", &case.id.to_string()),
                    ("priority", case.priority.label()),
                    ("verdict", &verdict(ctx, &case, &org)?),
                ],
            );
            return Ok(reply);
        }
        reply.text = format!(
            "{}\n{}",
            ctx.f(
                Msg::CasePriorityChanged,
                &[
                    ("case", &case.id.to_string()),
                    ("priority", case.priority.label()),
                    ("when", &format::timestamp(due))
                ]
            ),
            explanation_line(ctx, &terms, case.priority, &explanation)
        );
        Ok(reply)
    }
}
