//! `/case note id text`: adds a note to a case's history.

use super::super::options::shared;
use super::super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec};
use super::{case_reply, visible_case};
use crate::domain::case::{CaseId, Event, EventKind};
use crate::domain::text::UserText;
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "case note",
    uses_store: true,
    help: Msg::HelpCaseNote,
    label: Msg::CommandCaseNote,
    options: &[
        shared::CASE_ID,
        OptionSpec::required("text", OptionKind::Text, Msg::OptionText, Msg::AboutText),
    ],
    parse: |o| {
        Ok(Command::CaseNote(CaseNote {
            id: o.require("id")?,
            text: o.require("text")?,
        }))
    },
};

#[derive(Debug)]
pub struct CaseNote {
    id: CaseId,
    text: UserText,
}

impl CaseNote {
    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        let store = ctx.store()?;
        let (_, org) = visible_case(ctx, store, self.id)?;
        let case = store.update_case(self.id, &mut |case| {
            case.history.push(Event {
                at: ctx.now,
                by: ctx.user,
                kind: EventKind::Note {
                    text: self.text.clone(),
                },
            });
            Ok(())
        })?;
        store.durable()?;
        let mut reply = case_reply(ctx, &case, &org)?;
        reply.text = ctx.f(Msg::CaseNoted, &[("case", &case.id.to_string())]);
        Ok(reply)
    }
}
