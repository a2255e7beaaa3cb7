//! `/resources`: where to learn, check status and read the terms.

use super::{Command, CommandSpec, Context};
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "resources",
    uses_store: false,
    help: Msg::HelpResources,
    label: Msg::CommandResources,
    options: &[],
    parse: |_| Ok(Command::Resources(Resources)),
};

#[derive(Debug)]
pub struct Resources;

impl Resources {
    pub fn apply(self, ctx: &Context<'_>) -> Reply {
        let mut reply = Reply::new(ctx.t(Msg::ResourcesTitle));
        for resource in ctx.catalog.resources() {
            let value = format!(
                "{}\n{}",
                resource.url.get(ctx.language),
                resource.description.get(ctx.language)
            );
            reply = reply.field(resource.title.get(ctx.language), value);
        }
        reply
    }
}
