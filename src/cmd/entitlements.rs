//! `/entitlements [plan]`: everything a plan includes, grouped as on the page. Without a plan
//! ("what are my entitlements"), the plan of the asker's organisation when they are a named
//! contact of organisations on one plan; else the plan is asked for.

use super::format;
use super::support::asker_orgs;
use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options};
use crate::domain::catalog::EntitlementValue;
use crate::domain::ids::PlanId;
use crate::engine::{Field, Reply};
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "entitlements",
    // Reads the asker's organisations when no plan is given.
    uses_store: true,
    help: Msg::HelpEntitlements,
    label: Msg::CommandEntitlements,
    options: &[OptionSpec::optional(
        "plan",
        OptionKind::Plan,
        Msg::OptionPlan,
        Msg::AboutPlanOwn,
    )],
    parse: |o| Ok(Command::Entitlements(Entitlements::parse(o)?)),
};

#[derive(Debug)]
pub struct Entitlements {
    plan: Option<PlanId>,
}

impl Entitlements {
    fn parse(options: &Options<'_>) -> Result<Entitlements, CmdError> {
        Ok(Entitlements {
            plan: options.get("plan")?,
        })
    }

    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        if let Some(plan) = self.plan {
            return Ok(plan_reply(ctx, plan));
        }
        // The asker's own plan: one, whichever of their organisations holds it; organisations
        // on different plans, or none, leave the plan to be named.
        let orgs = asker_orgs(ctx);
        let mut plans: Vec<PlanId> = orgs.iter().map(|org| org.plan).collect();
        plans.sort();
        plans.dedup();
        let [plan] = plans.as_slice() else {
            return Err(CmdError::MissingOption {
                command: SPEC.name,
                option: "plan",
            });
        };
        let mut reply = plan_reply(ctx, *plan);
        let names: Vec<String> = orgs
            .iter()
            .map(|org| format!("{} (`{}`)", org.name.shown(), org.id))
            .collect();
        // First: whose plan this is. Private outside team channels, as everything about an
        // organisation is.
        reply.fields.insert(
            0,
            Field {
                name: ctx.t(Msg::CaseOrg).to_owned(),
                value: names.join("\n"),
                inline: false,
            },
        );
        reply.private = !ctx.team_channel;
        Ok(reply)
    }
}

/// Everything `plan` includes, grouped as on its page.
fn plan_reply(ctx: &Context<'_>, plan_id: PlanId) -> Reply {
    let catalog = ctx.catalog;
    let plan = catalog.plan(plan_id);
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
                let value = e.value(plan_id);
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
