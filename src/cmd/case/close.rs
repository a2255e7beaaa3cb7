//! `/case close id` and `/case reopen id`.

use super::super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec};
use super::{case_reply, visible_case};
use crate::domain::case::{CaseId, Event, EventKind};
use crate::domain::policy::Refusal;
use crate::engine::Reply;
use crate::i18n::Msg;

pub const CLOSE: CommandSpec = CommandSpec {
    name: "case close",
    uses_store: true,
    help: Msg::HelpCaseClose,
    options: &[OptionSpec::required("id", OptionKind::CaseId)],
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
            match (self.reopen, case.closed_at.is_some()) {
                (false, true) => return Err(Refusal::Closed),
                (true, false) => return Err(Refusal::NotClosed),
                (false, false) => case.closed_at = Some(ctx.now),
                (true, true) => case.closed_at = None,
            }
            let kind = if self.reopen {
                EventKind::Reopened
            } else {
                EventKind::Closed
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
        let msg = if self.reopen {
            Msg::CaseReopened
        } else {
            Msg::CaseClosed
        };
        reply.text = ctx.f(msg, &[("case", &case.id.to_string())]);
        Ok(reply)
    }
}
