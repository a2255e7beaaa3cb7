//! `/compare [plans]`: plans side by side, one row per entitlement.

use super::format;
use super::options::PlanList;
use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options};
use crate::domain::ids::PlanId;
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "compare",
    uses_store: false,
    help: Msg::HelpCompare,
    options: &[OptionSpec::optional("plans", OptionKind::Plans)],
    parse: |o| Ok(Command::Compare(Compare::parse(o)?)),
};

#[derive(Debug)]
pub struct Compare {
    plans: Vec<PlanId>,
}

impl Compare {
    fn parse(options: &Options<'_>) -> Result<Compare, CmdError> {
        let plans = options
            .get::<PlanList>("plans")?
            .map_or_else(|| PlanId::ALL.to_vec(), |l| l.0);
        Ok(Compare { plans })
    }

    pub fn apply(self, ctx: &Context<'_>) -> Reply {
        let catalog = ctx.catalog;
        let names: Vec<&str> = self
            .plans
            .iter()
            .map(|p| catalog.plan(*p).name.get(ctx.language))
            .collect();
        let mut reply = Reply::new(ctx.t(Msg::CompareTitle)).text(names.join(" · "));
        for entitlement in catalog.entitlements() {
            let cells: Vec<String> = self
                .plans
                .iter()
                .zip(&names)
                .map(|(plan, name)| {
                    format!(
                        "{name}: {}",
                        format::entitlement_value(ctx, entitlement.value(*plan))
                    )
                })
                .collect();
            reply = reply.field(entitlement.label.get(ctx.language), cells.join(" · "));
        }
        reply
    }
}
