//! `/case close id` and `/case reopen id`. Closing a case that has no first response stops its
//! clock; reopening resumes it with the budget that was left, from the reopening instant.

use super::super::options::shared;
use super::super::{CmdError, Command, CommandSpec, Context};
use super::{case_reply, visible_case};
use crate::domain::case::{CaseId, Event, EventKind, Pause};
use crate::domain::policy::{self, Refusal};
use crate::engine::Reply;
use crate::i18n::Msg;

pub const CLOSE: CommandSpec = CommandSpec {
    name: "case close",
    uses_store: true,
    help: Msg::HelpCaseClose,
    label: Msg::CommandCaseClose,
    options: &[shared::CASE_ID],
    parse: |o| {
        Ok(Command::CaseClose(CaseClose {
            id: o.require("id")?,
            reopen: false,
        }))
    },
};

pub const REOPEN: CommandSpec = CommandSpec {
    name: "case reopen",
    uses_store: true,
    help: Msg::HelpCaseReopen,
    label: Msg::CommandCaseReopen,
    options: CLOSE.options,
    parse: |o| {
        Ok(Command::CaseClose(CaseClose {
            id: o.require("id")?,
            reopen: true,
        }))
    },
};

#[derive(Debug)]
pub struct CaseClose {
    id: CaseId,
    reopen: bool,
}

impl CaseClose {
    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        let store = ctx.store()?;
        let (_, org) = visible_case(ctx, store, self.id)?;
        let case = store.update_case(self.id, &mut |case| {
            let kind = match (self.reopen, case.closed_at.is_some()) {
                (false, true) => return Err(Refusal::Closed),
                (true, false) => return Err(Refusal::NotClosed),
                (false, false) => {
                    // Closed before its first response: its clock stops until reopened.
                    if case.clock_running() {
                        case.pauses.push(Pause {
                            from: ctx.now,
                            to: None,
                        });
                    }
                    case.closed_at = Some(ctx.now);
                    EventKind::Closed
                }
                (true, true) => {
                    case.closed_at = None;
                    match case.pauses.last_mut() {
                        Some(pause) if pause.to.is_none() => {
                            pause.to = Some(ctx.now);
                            let due_before = case.due_at;
                            case.due_at = policy::due_paused(
                                ctx.catalog,
                                &case.terms(&org),
                                case.priority,
                                case.submitted_at,
                                &case.ended_pauses(),
                            )?;
                            EventKind::Reopened {
                                due_before: Some(due_before),
                                due_after: Some(case.due_at),
                            }
                        }
                        _ => EventKind::Reopened {
                            due_before: None,
                            due_after: None,
                        },
                    }
                }
            };
            case.history.push(Event {
                at: ctx.now,
                by: ctx.user,
                kind,
            });
            Ok(())
        })?;
        store.durable()?;
        let mut reply = case_reply(ctx, &case, &org)?;
        let id = case.id.to_string();
        // A reopening that resumed the clock moved the due instant: the answer says where to.
        let resumed = case.history.last().and_then(|event| match event.kind {
            EventKind::Reopened { due_after, .. } => due_after,
            _ => None,
        });
        reply.text = match (self.reopen, resumed) {
            (true, Some(due)) => ctx.f(
                Msg::CaseReopenedDue,
                &[
                    ("case", &id),
                    ("when", &format!("<t:{}:f>", due.timestamp())),
                ],
            ),
            (true, None) => ctx.f(Msg::CaseReopened, &[("case", &id)]),
            (false, _) => ctx.f(Msg::CaseClosed, &[("case", &id)]),
        };
        Ok(reply)
    }
}
