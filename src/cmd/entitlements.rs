//! `/entitlements plan:<plan>`: everything a plan includes, grouped as on the page.

use super::format;
use super::options::shared;
use super::{CmdError, Command, CommandSpec, Context, Options};
use crate::domain::catalog::EntitlementValue;
use crate::domain::ids::PlanId;
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "entitlements",
    uses_store: false,
    help: Msg::HelpEntitlements,
    label: Msg::CommandEntitlements,
    options: &[shared::PLAN],
    parse: |o| Ok(Command::Entitlements(Entitlements::parse(o)?)),
};

#[derive(Debug)]
pub struct Entitlements {
    plan: PlanId,
}

impl Entitlements {
    fn parse(options: &Options<'_>) -> Result<Entitlements, CmdError> {
        Ok(Entitlements {
            plan: options.require("plan")?,
        })
    }

    pub fn apply(self, ctx: &Context<'_>) -> Reply {
        let catalog = ctx.catalog;
        let plan = catalog.plan(self.plan);
        let name = plan.name.get(ctx.language);
        let mut reply = Reply::new(ctx.f(Msg::EntitlementsTitle, &[("plan", name)]));
        if plan.paid {
            reply = reply.text(ctx.t(Msg::Paid));
        } else {
            reply = reply.text(ctx.t(Msg::Included));
        }
        let mut notes = Vec::new();
        for (index, group) in catalog.groups().iter().enumerate() {
            if group.family != plan.family {
                continue;
            }
            let lines: Vec<String> = catalog
                .entitlements()
                .iter()
                .filter(|e| e.group == index)
                .map(|e| {
                    let value = e.value(self.plan);
                    let label = e.label.get(ctx.language);
                    let shown = format::entitlement_value(ctx, value);
                    let mut line = match value {
                        EntitlementValue::Included(_) => format!("{shown} {label}"),
                        _ => format!("{label}: **{shown}**"),
                    };
                    if let (true, Some(note)) = (value.is_offered(), &e.note) {
                        notes.push(note.get(ctx.language).to_owned());
                        line.push_str(&"*".repeat(notes.len()));
                    }
                    line
                })
                .collect();
            reply = reply.field(group.label.get(ctx.language), lines.join("\n"));
        }
        if !notes.is_empty() {
            let text: Vec<String> = notes
                .iter()
                .enumerate()
                .map(|(i, n)| format!("{} {n}", "*".repeat(i + 1)))
                .collect();
            reply = reply.footer(text.join("\n"));
        }
        reply
    }
}
