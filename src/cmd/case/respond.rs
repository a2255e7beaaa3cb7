//! `/case respond id [note]`: records the initial response, which stops the clock, and says
//! whether the target was met and by how much.

use super::super::options::shared;
use super::super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec};
use super::{case_reply, verdict, visible_case};
use crate::domain::case::{CaseId, Event, EventKind, Response};
use crate::domain::org::Role;
use crate::domain::policy::{self, Refusal};
use crate::domain::text::UserText;
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "case respond",
    uses_store: true,
    help: Msg::HelpCaseRespond,
    label: Msg::CommandCaseRespond,
    options: &[
        shared::CASE_ID,
        OptionSpec::optional("note", OptionKind::Text, Msg::OptionNote, Msg::AboutNote),
    ],
    parse: |o| {
        Ok(Command::CaseRespond(CaseRespond {
            id: o.require("id")?,
            note: o.get("note")?,
        }))
    },
};

#[derive(Debug)]
pub struct CaseRespond {
    id: CaseId,
    note: Option<UserText>,
}

impl CaseRespond {
    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        let store = ctx.store()?;
        let (_, org) = visible_case(ctx, store, self.id)?;
        if ctx.role < Role::Agent {
            return Err(Refusal::AgentsOnly.into());
        }
        let note = self.note;
        let case = store.update_case(self.id, &mut |case| {
            if let Some(response) = &case.response {
                return Err(Refusal::AlreadyResponded { at: response.at });
            }
            if case.closed_at.is_some() {
                return Err(Refusal::Closed);
            }
            let verdict = policy::verdict(
                ctx.catalog,
                &case.terms(&org),
                case.priority,
                case.due_at,
                ctx.now,
            )?;
            case.response = Some(Response {
                by: ctx.user,
                at: ctx.now,
                note: note.clone(),
                verdict: Some(verdict),
            });
            case.history.push(Event {
                at: ctx.now,
                by: ctx.user,
                kind: EventKind::Responded { note: note.clone() },
            });
            Ok(())
        })?;
        store.durable()?;
        let mut reply = case_reply(ctx, &case, &org)?;
        reply.text = format!(
            "{}\n{}",
            ctx.f(Msg::CaseResponded, &[("case", &case.id.to_string())]),
            verdict(ctx, &case, &org)?
        );
        Ok(reply)
    }
}
