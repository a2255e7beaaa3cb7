//! `/case escalate id reason`: on plans with Escalation Management, records the escalation and
//! notifies the organisation's escalation contact (or its Account Support Lead).

use super::super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec};
use super::{case_reply, visible_case};
use crate::domain::case::{CaseId, Event, EventKind};
use crate::domain::policy::{self, Refusal};
use crate::domain::text::UserText;
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "case escalate",
    uses_store: true,
    help: Msg::HelpCaseEscalate,
    options: &[
        OptionSpec::required("id", OptionKind::CaseId),
        OptionSpec::required("reason", OptionKind::Text),
    ],
    parse: |o| {
        Ok(Command::CaseEscalate(CaseEscalate {
            id: o.require("id")?,
            reason: o.require("reason")?,
        }))
    },
};

#[derive(Debug)]
pub struct CaseEscalate {
    id: CaseId,
    reason: UserText,
}

impl CaseEscalate {
    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        let store = ctx.store()?;
        let (_, org) = visible_case(ctx, store, self.id)?;
        let notified = policy::escalation_target(ctx.catalog, &org)?;
        let case = store.update_case(self.id, &mut |case| {
            if case.closed_at.is_some() {
                return Err(Refusal::Closed);
            }
            case.history.push(Event {
                at: ctx.now,
                by: ctx.user,
                kind: EventKind::Escalated {
                    reason: self.reason.clone(),
                    notified,
                },
            });
            Ok(())
        })?;
        store.durable()?;
        let mut reply = case_reply(ctx, &case, &org)?;
        reply.text = match notified {
            Some(user) => {
                // The one person this message is meant to reach; nobody else is pinged.
                reply.mentions.users.push(user.0);
                ctx.f(
                    Msg::CaseEscalated,
                    &[("case", &case.id.to_string()), ("user", &user.to_string())],
                )
            }
            None => ctx.f(
                Msg::CaseEscalatedNoContact,
                &[("case", &case.id.to_string()), ("org", org.id.as_str())],
            ),
        };
        Ok(reply)
    }
}
