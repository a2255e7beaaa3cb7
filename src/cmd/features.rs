//! `/features [plan]`: the features each plan's page describes.

use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options};
use crate::domain::ids::PlanId;
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "features",
    uses_store: false,
    help: Msg::HelpFeatures,
    label: Msg::CommandFeatures,
    options: &[OptionSpec::optional(
        "plan",
        OptionKind::Plan,
        Msg::OptionPlan,
        Msg::AboutPlanAll,
    )],
    parse: |o| Ok(Command::Features(Features::parse(o)?)),
};

#[derive(Debug)]
pub struct Features {
    plan: Option<PlanId>,
}

impl Features {
    fn parse(options: &Options<'_>) -> Result<Features, CmdError> {
        Ok(Features {
            plan: options.get("plan")?,
        })
    }

    pub fn apply(self, ctx: &Context<'_>) -> Reply {
        let catalog = ctx.catalog;
        match self.plan {
            Some(plan) => {
                let name = catalog.plan(plan).name.get(ctx.language);
                let mut reply = Reply::new(ctx.f(Msg::FeaturesTitle, &[("plan", name)]));
                let features: Vec<_> = catalog
                    .features()
                    .iter()
                    .filter(|f| f.plan == plan)
                    .collect();
                if features.is_empty() {
                    return reply
                        .text(ctx.f(Msg::FeaturesNone, &[("plan", name), ("id", plan.as_str())]));
                }
                for feature in features {
                    reply = reply.field(
                        feature.title.get(ctx.language),
                        feature.description.get(ctx.language),
                    );
                }
                reply
            }
            None => {
                let mut reply = Reply::new(ctx.t(Msg::FeaturesAllTitle));
                for plan in catalog.plans() {
                    let lines: Vec<String> = catalog
                        .features()
                        .iter()
                        .filter(|f| f.plan == plan.id)
                        .map(|f| format!("**{}**", f.title.get(ctx.language)))
                        .collect();
                    if !lines.is_empty() {
                        reply = reply.field(plan.name.get(ctx.language), lines.join("\n"));
                    }
                }
                reply.footer(ctx.t(Msg::FeaturesMore))
            }
        }
    }
}
