//! `/case escalate id reason`: on plans with Escalation Management, records the escalation and
//! queues a notice to the channel of the case's reminders through the durable reminder outbox,
//! pinging the organisation's escalation contact (else its Account Support Lead, else the
//! route's role).
//! The reply itself pings nobody: on Discord it may be a private edit, which notifies no one.

use super::super::options::shared;
use super::super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Unrouted};
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
    label: Msg::CommandCaseEscalate,
    options: &[
        shared::CASE_ID,
        OptionSpec::required(
            "reason",
            OptionKind::Text,
            Msg::OptionReason,
            Msg::AboutReasonEscalate,
        ),
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
        let (current, org) = visible_case(ctx, store, self.id)?;
        let notified = policy::escalation_target(ctx.catalog, current.terms(&org).plan, &org)?;
        // The notice is planned with the case, in the same transaction, and delivered through
        // the reminder outbox: a channel message that pings the contact, sent once.
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
                    by_role: Some(ctx.role),
                    notice: true,
                },
            });
            Ok(())
        })?;
        store.durable()?;
        let routes = store.routes()?;
        let mut reply = case_reply(ctx, &case, &org)?;
        let case_id = case.id.to_string();
        // One answer per situation: the notice goes where the case's reminders go, pinging the
        // contact, or the route's role when the organisation names none.
        reply.text = match (routes.for_case(&case, &org), notified) {
            (None, _) => ctx.f(
                match ctx.unrouted {
                    Unrouted::PrintedHere => Msg::CaseEscalatedConsole,
                    Unrouted::PrintedNextRun => Msg::CaseEscalatedAsk,
                    Unrouted::Held => Msg::CaseEscalatedNoChannel,
                },
                &[("case", &case_id)],
            ),
            (Some(route), Some(user)) => ctx.f(
                Msg::CaseEscalated,
                &[
                    ("case", &case_id),
                    ("channel", &format!("<#{}>", route.channel)),
                    ("user", &user.to_string()),
                ],
            ),
            (Some(route), None) => ctx.f(
                Msg::CaseEscalatedNoContact,
                &[
                    ("case", &case_id),
                    ("channel", &format!("<#{}>", route.channel)),
                    ("role", &format!("<@&{}>", route.role)),
                    ("org", org.id.as_str()),
                ],
            ),
        };
        Ok(reply)
    }
}
