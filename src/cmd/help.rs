//! `/help`: every command, what it does, and how to type it.

use super::error::usage;
use super::{COMMANDS, Command, CommandSpec, Context};
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "help",
    uses_store: false,
    help: Msg::HelpHelp,
    label: Msg::CommandHelp,
    options: &[],
    parse: |_| Ok(Command::Help(Help)),
};

#[derive(Debug)]
pub struct Help;

impl Help {
    pub fn apply(self, ctx: &Context<'_>) -> Reply {
        let mut reply = Reply::new(ctx.t(Msg::HelpTitle)).text(ctx.t(Msg::HelpIntro));
        // One field per top-level command: Discord allows 25 fields, and the subcommands of a
        // group read best together. A group lists its subcommands; `/help` of a single command
        // shows its full usage.
        let mut groups: Vec<(&str, Vec<&CommandSpec>)> = Vec::new();
        for spec in COMMANDS {
            let top = spec.name.split(' ').next().unwrap_or(spec.name);
            match groups.iter_mut().find(|(name, _)| *name == top) {
                Some((_, specs)) => specs.push(spec),
                None => groups.push((top, vec![spec])),
            }
        }
        for (top, specs) in groups {
            let value = match specs.as_slice() {
                [single] if single.name == top => {
                    format!("{}\n`{}`", ctx.t(single.help), usage(single.name))
                }
                _ => specs
                    .iter()
                    .map(|s| format!("`/{}` — {}", s.name, ctx.t(s.help)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            };
            reply = reply.field(format!("/{top}"), value);
        }
        reply.private = true;
        reply
    }
}
