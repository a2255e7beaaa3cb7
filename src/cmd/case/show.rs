//! `/case show id`: one case, with its due instant, response and history.

use super::super::options::shared;
use super::super::{CmdError, Command, CommandSpec, Context};
use super::{case_reply, visible_case};
use crate::domain::case::CaseId;
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "case show",
    uses_store: true,
    help: Msg::HelpCaseShow,
    label: Msg::CommandCaseShow,
    options: &[shared::CASE_ID],
    parse: |o| {
        Ok(Command::CaseShow(CaseShow {
            id: o.require("id")?,
        }))
    },
};

#[derive(Debug)]
pub struct CaseShow {
    id: CaseId,
}

impl CaseShow {
    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        let (case, org) = visible_case(ctx, ctx.store()?, self.id)?;
        case_reply(ctx, &case, &org)
    }
}
