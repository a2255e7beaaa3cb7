//! `/slo [plan] [priority]`: initial-response targets with their calendar, and what each
//! priority means.

use super::format;
use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options};
use crate::domain::ids::{PlanId, Priority};
use crate::engine::{Accent, Reply};
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "slo",
    uses_store: false,
    help: Msg::HelpSlo,
    label: Msg::CommandSlo,
    options: &[
        OptionSpec::optional("plan", OptionKind::Plan, Msg::OptionPlan, Msg::AboutPlanAll),
        OptionSpec::optional(
            "priority",
            OptionKind::Priority,
            Msg::OptionPriority,
            Msg::AboutPriorityAll,
        ),
    ],
    parse: |o| Ok(Command::Slo(Slo::parse(o)?)),
};

#[derive(Debug)]
pub struct Slo {
    plan: Option<PlanId>,
    priority: Option<Priority>,
}

impl Slo {
    fn parse(options: &Options<'_>) -> Result<Slo, CmdError> {
        Ok(Slo {
            plan: options.get("plan")?,
            priority: options.get("priority")?,
        })
    }

    pub fn apply(self, ctx: &Context<'_>) -> Reply {
        let catalog = ctx.catalog;
        let plans: Vec<PlanId> = self.plan.map_or_else(|| catalog.plan_ids(), |p| vec![p]);
        let priorities: Vec<Priority> = self
            .priority
            .map_or_else(|| Priority::ALL.to_vec(), |p| vec![p]);
        let mut reply = Reply::new(ctx.t(Msg::SloTitle));
        if let Some(priority) = self.priority {
            reply = reply.accent(Accent::Priority(priority));
        }
        for plan in &plans {
            let lines: Vec<String> = priorities
                .iter()
                .map(|priority| {
                    let target = &catalog.target(*plan, *priority).target;
                    format!("**{}** {}", priority.label(), format::target(ctx, target))
                })
                .collect();
            reply =
                reply.inline_field(catalog.plan(*plan).name.get(ctx.language), lines.join("\n"));
        }
        let definitions: Vec<String> = priorities
            .iter()
            .map(|p| {
                let info = catalog.priority(*p);
                format!(
                    "**{}** {}",
                    info.name.get(ctx.language),
                    info.definition.get(ctx.language)
                )
            })
            .collect();
        reply.field(ctx.t(Msg::SloDefinitions), definitions.join("\n"))
    }
}
