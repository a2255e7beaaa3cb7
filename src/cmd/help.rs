//! `/help`: every command, what it does, and how to type it.

use super::error::usage;
use super::{COMMANDS, Command, CommandSpec, Context};
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "help",
    help: Msg::HelpHelp,
    options: &[],
    parse: |_| Ok(Command::Help(Help)),
};

#[derive(Debug)]
pub struct Help;

impl Help {
    pub fn apply(self, ctx: &Context<'_>) -> Reply {
        let mut reply = Reply::new(ctx.t(Msg::HelpTitle)).text(ctx.t(Msg::HelpIntro));
        for spec in COMMANDS {
            reply = reply.field(
                format!("/{}", spec.name),
                format!("{}\n`{}`", ctx.t(spec.help), usage(spec.name)),
            );
        }
        reply.private = true;
        reply
    }
}
