//! `/compare [plans]`: plans side by side, one row per entitlement of their family; plans of
//! different families, which have different rows, side by side by their targets only.

use super::format;
use super::options::PlanList;
use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options};
use crate::domain::ids::{PlanId, Priority};
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "compare",
    uses_store: false,
    help: Msg::HelpCompare,
    label: Msg::CommandCompare,
    options: &[OptionSpec::optional(
        "plans",
        OptionKind::Plans,
        Msg::OptionPlans,
        Msg::AboutPlans,
    )],
    parse: |o| Ok(Command::Compare(Compare::parse(o)?)),
};

#[derive(Debug)]
pub struct Compare {
    /// `None`: the plans of the first family.
    plans: Option<Vec<PlanId>>,
    /// Plans named more than once.
    repeated: Vec<PlanId>,
}

impl Compare {
    fn parse(options: &Options<'_>) -> Result<Compare, CmdError> {
        let (plans, repeated) = match options.get::<PlanList>("plans")? {
            Some(list) => (Some(list.plans), list.repeated),
            None => (None, Vec::new()),
        };
        Ok(Compare { plans, repeated })
    }

    pub fn apply(self, ctx: &Context<'_>) -> Reply {
        let repeated: Vec<String> = self
            .repeated
            .iter()
            .map(|p| ctx.catalog.plan(*p).name.get(ctx.language).to_owned())
            .collect();
        let reply = self.compared(ctx);
        if repeated.is_empty() {
            return reply;
        }
        let said = ctx.f(
            Msg::CompareRepeated,
            &[
                ("plans", &repeated.join(format::list_separator(ctx))),
                ("count", &repeated.len().to_string()),
            ],
        );
        let footer = match &reply.footer {
            Some(footer) => format!("{said}\n{footer}"),
            None => said,
        };
        reply.footer(footer)
    }

    fn compared(self, ctx: &Context<'_>) -> Reply {
        let catalog = ctx.catalog;
        let asked = self.plans.is_some();
        let plans = self.plans.unwrap_or_else(|| {
            catalog
                .plans()
                .iter()
                .filter(|p| p.family == 0)
                .map(|p| p.id)
                .collect()
        });
        let names: Vec<&str> = plans
            .iter()
            .map(|p| catalog.plan(*p).name.get(ctx.language))
            .collect();
        let mut families: Vec<usize> = plans.iter().map(|p| catalog.plan(*p).family).collect();
        families.sort_unstable();
        families.dedup();
        if let [_, _, ..] = families.as_slice() {
            return by_targets(ctx, names.join(" · "), &plans, &families);
        }
        let mut reply = Reply::new(ctx.t(Msg::CompareTitle)).text(names.join(" · "));
        let Some(first) = plans.first() else {
            return reply;
        };
        for entitlement in catalog.entitlements_of(*first) {
            let cells: Vec<String> = plans
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
        if !asked {
            let mut others = Vec::new();
            for (index, family) in catalog.families().iter().enumerate().skip(1) {
                let ids: Vec<&str> = catalog
                    .plans()
                    .iter()
                    .filter(|p| p.family == index)
                    .map(|p| p.id.as_str())
                    .collect();
                let command = format!("`/compare plans:{}`", ids.join(","));
                others.push(ctx.f(
                    Msg::CompareOtherFamily,
                    &[
                        ("family", family.name.get(ctx.language)),
                        ("command", &command),
                    ],
                ));
            }
            if !others.is_empty() {
                reply = reply.footer(others.join("\n"));
            }
        }
        reply
    }
}

/// Plans of several families: what they share is the targets, one field per plan.
fn by_targets(ctx: &Context<'_>, names: String, plans: &[PlanId], families: &[usize]) -> Reply {
    let catalog = ctx.catalog;
    let family_names: Vec<&str> = families
        .iter()
        .filter_map(|i| catalog.families().get(*i))
        .map(|f| f.name.get(ctx.language))
        .collect();
    let why = ctx.f(
        Msg::CompareAcrossFamilies,
        &[("families", &family_names.join(format::list_separator(ctx)))],
    );
    let mut reply = Reply::new(ctx.t(Msg::CompareTitle)).text(format!("{names}\n{why}"));
    for plan in plans {
        let lines: Vec<String> = Priority::ALL
            .iter()
            .map(|priority| {
                let target = &catalog.target(*plan, *priority).target;
                format!("**{}** {}", priority.label(), format::target(ctx, target))
            })
            .collect();
        reply = reply.inline_field(catalog.plan(*plan).name.get(ctx.language), lines.join("\n"));
    }
    reply
}
