//! `/support urgent|coverage|escalation|phone [plan]`: how to get help, for the questions people
//! ask in chat ("everything is down", "do you work weekends", "how do I escalate", "can I call
//! you"); `/support products [product]`: "is Analytics covered?". Each answer is built from the catalog: the P1 targets, the calendar of every target,
//! the plans' phone and escalation rows, and the command to use next. Escalation without a plan
//! is answered for the plan of the asker's organisation when they are one of its named contacts
//! (the plan decides whether it can escalate at all).

use super::error::usage;
use super::format;
use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options};
use crate::domain::catalog::Product;
use crate::domain::catalog::{Capability, EntitlementValue};
use crate::domain::ids::{PlanId, Priority};
use crate::domain::org::{Organisation, ProductId};
use crate::engine::{Accent, Field, Reply};
use crate::i18n::Msg;

const OPTIONS: &[OptionSpec] = &[OptionSpec::optional(
    "plan",
    OptionKind::Plan,
    Msg::OptionPlan,
    Msg::AboutPlanAll,
)];

pub const URGENT: CommandSpec = CommandSpec {
    name: "support urgent",
    uses_store: false,
    help: Msg::HelpSupportUrgent,
    label: Msg::CommandSupportUrgent,
    options: OPTIONS,
    parse: |o| Ok(Command::Support(Support::parse(o, Topic::Urgent)?)),
};

pub const COVERAGE: CommandSpec = CommandSpec {
    name: "support coverage",
    uses_store: false,
    help: Msg::HelpSupportCoverage,
    label: Msg::CommandSupportCoverage,
    options: OPTIONS,
    parse: |o| Ok(Command::Support(Support::parse(o, Topic::Coverage)?)),
};

pub const ESCALATION: CommandSpec = CommandSpec {
    name: "support escalation",
    // Reads the asker's organisations.
    uses_store: true,
    help: Msg::HelpSupportEscalation,
    label: Msg::CommandSupportEscalation,
    options: OPTIONS,
    parse: |o| Ok(Command::Support(Support::parse(o, Topic::Escalation)?)),
};

pub const PHONE: CommandSpec = CommandSpec {
    name: "support phone",
    uses_store: false,
    help: Msg::HelpSupportPhone,
    label: Msg::CommandSupportPhone,
    options: OPTIONS,
    parse: |o| Ok(Command::Support(Support::parse(o, Topic::Phone)?)),
};

const PRODUCT_OPTIONS: &[OptionSpec] = &[OptionSpec::optional(
    "product",
    OptionKind::Product,
    Msg::OptionProduct,
    Msg::AboutProductFilter,
)];

pub const PRODUCTS: CommandSpec = CommandSpec {
    name: "support products",
    uses_store: false,
    help: Msg::HelpSupportProducts,
    label: Msg::CommandSupportProducts,
    options: PRODUCT_OPTIONS,
    parse: |o| {
        Ok(Command::Support(Support {
            topic: Topic::Products,
            plan: None,
            product: o.get("product")?,
        }))
    },
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Topic {
    Urgent,
    Coverage,
    Escalation,
    Phone,
    Products,
}

#[derive(Debug)]
pub struct Support {
    topic: Topic,
    plan: Option<PlanId>,
    product: Option<ProductId>,
}

impl Support {
    fn parse(options: &Options<'_>, topic: Topic) -> Result<Support, CmdError> {
        Ok(Support {
            topic,
            plan: options.get("plan")?,
            product: None,
        })
    }

    pub fn apply(self, ctx: &Context<'_>) -> Reply {
        let plans: Vec<PlanId> = self
            .plan
            .map_or_else(|| ctx.catalog.plan_ids(), |p| vec![p]);
        match self.topic {
            Topic::Urgent => urgent(ctx, &plans),
            Topic::Coverage => coverage(ctx, &plans),
            Topic::Escalation if self.plan.is_none() => match asker_orgs(ctx).as_slice() {
                [] => capability(ctx, &plans, Capability::Escalation),
                orgs => for_orgs(ctx, orgs),
            },
            Topic::Escalation => capability(ctx, &plans, Capability::Escalation),
            Topic::Phone => capability(ctx, &plans, Capability::Phone),
            Topic::Products => products(ctx, self.product.as_ref()),
        }
    }
}

/// The organisations that list the asker as a named contact. Empty without a store, or when it
/// cannot be read: the answer then covers every plan (or, for `/entitlements`, asks for one),
/// which is right, only less to the point.
pub(super) fn asker_orgs(ctx: &Context<'_>) -> Vec<Organisation> {
    let Some(store) = ctx.store else {
        return Vec::new();
    };
    match store.orgs() {
        Ok(orgs) => orgs
            .into_iter()
            .filter(|org| org.is_contact(ctx.user))
            .collect(),
        Err(error) => {
            tracing::warn!(%error, "cannot read the asker's organisations: answered without their plan");
            Vec::new()
        }
    }
}

/// Escalation for the plans the asker's organisations hold, each organisation named with its
/// plan. Private outside team channels, as everything about an organisation is.
fn for_orgs(ctx: &Context<'_>, orgs: &[Organisation]) -> Reply {
    let plans: Vec<PlanId> = ctx
        .catalog
        .plan_ids()
        .into_iter()
        .filter(|plan| orgs.iter().any(|org| org.plan == *plan))
        .collect();
    let mut reply = capability(ctx, &plans, Capability::Escalation);
    let lines: Vec<String> = orgs
        .iter()
        .map(|org| {
            format!(
                "{} (`{}`): {}",
                org.name.shown(),
                org.id,
                ctx.catalog.plan(org.plan).name.get(ctx.language)
            )
        })
        .collect();
    // First: whose plan the rows below are.
    reply.fields.insert(
        0,
        Field {
            name: ctx.t(Msg::CaseOrg).to_owned(),
            value: lines.join("\n"),
            inline: false,
        },
    );
    reply.private = !ctx.team_channel;
    reply
}

/// Production down: what P1 means, how fast each plan is answered, and the command to file it.
fn urgent(ctx: &Context<'_>, plans: &[PlanId]) -> Reply {
    let catalog = ctx.catalog;
    let p1 = catalog.priority(Priority::P1);
    let mut reply = Reply::new(ctx.t(Msg::SupportUrgentTitle))
        .text(ctx.t(Msg::SupportUrgentText))
        .accent(Accent::Priority(Priority::P1));
    reply = reply.field(p1.name.get(ctx.language), p1.definition.get(ctx.language));
    for plan in plans {
        let target = &catalog.target(*plan, Priority::P1).target;
        reply = reply.inline_field(
            catalog.plan(*plan).name.get(ctx.language),
            format!(
                "**{}** {}",
                Priority::P1.label(),
                format::target(ctx, target)
            ),
        );
    }
    // A known outage is posted on the status page: the first place to look, and the same
    // page `/resources` lists.
    if let Some(page) = catalog.outage_page() {
        reply = reply.field(
            page.title.get(ctx.language),
            format!(
                "{}\n{}",
                page.url.get(ctx.language),
                ctx.t(Msg::SupportUrgentStatus)
            ),
        );
    }
    reply.field(ctx.t(Msg::SupportNext), file_p1())
}

/// `/case file` with its priority set to P1: what to type when production is down.
fn file_p1() -> String {
    format!(
        "`{}`",
        usage("case file").replace("priority:p1|p2|p3|p4", "priority:p1")
    )
}

/// When each priority's clock runs, per plan, and where the regional hours are.
fn coverage(ctx: &Context<'_>, plans: &[PlanId]) -> Reply {
    let catalog = ctx.catalog;
    let mut reply =
        Reply::new(ctx.t(Msg::SupportCoverageTitle)).text(ctx.t(Msg::SupportCoverageText));
    for plan in plans {
        let lines: Vec<String> = Priority::ALL
            .iter()
            .map(|priority| {
                let target = &catalog.target(*plan, *priority).target;
                format!(
                    "**{}** {}",
                    priority.label(),
                    format::calendar_kind(ctx, target.kind)
                )
            })
            .collect();
        reply = reply.inline_field(catalog.plan(*plan).name.get(ctx.language), lines.join("\n"));
    }
    reply.field(ctx.t(Msg::SupportNext), format!("`{}`", usage("hours")))
}

/// A capability's row for each plan (phone, escalation), what it means, and what to type.
fn capability(ctx: &Context<'_>, plans: &[PlanId], capability: Capability) -> Reply {
    let catalog = ctx.catalog;
    let (title, text, next) = match capability {
        // On the phone or not, a P1 is filed as a case too.
        Capability::Phone => (Msg::SupportPhoneTitle, Msg::SupportPhoneText, file_p1()),
        _ => (
            Msg::SupportEscalationTitle,
            Msg::SupportEscalationText,
            format!("`{}`", usage("case escalate")),
        ),
    };
    let mut reply = Reply::new(ctx.t(title)).text(ctx.t(text));
    // Each family words the capability in its own row; a family without the row offers nothing.
    for (index, family) in catalog.families().iter().enumerate() {
        let members: Vec<PlanId> = plans
            .iter()
            .copied()
            .filter(|p| catalog.plan(*p).family == index)
            .collect();
        let Some(first) = members.first() else {
            continue;
        };
        let row = catalog.entitlement_with(*first, capability);
        let cells: Vec<String> = members
            .iter()
            .map(|plan| {
                let value = row.map_or(EntitlementValue::Included(false), |r| r.value(*plan));
                format!(
                    "{}: {}",
                    catalog.plan(*plan).name.get(ctx.language),
                    format::entitlement_value(ctx, value)
                )
            })
            .collect();
        let label = row.map_or(&family.name, |r| &r.label);
        reply = reply.field(label.get(ctx.language), cells.join("\n"));
    }
    reply.field(ctx.t(Msg::SupportNext), next)
}

/// The products the support pages name, or the one asked about, each with what the pages state
/// about it alone and the regions that do not support it in a language. A product the pages do
/// not name is said to be unknown to them, not refused: the pages do not close the list.
fn products(ctx: &Context<'_>, asked: Option<&ProductId>) -> Reply {
    let catalog = ctx.catalog;
    let known = asked.and_then(|id| catalog.product(id));
    let mut reply = Reply::new(ctx.t(Msg::SupportProductsTitle));
    reply = match (asked, known) {
        (Some(id), None) => reply.text(ctx.f(
            Msg::SupportProductUnknown,
            &[("product", &format!("`{id}`"))],
        )),
        _ => reply.text(ctx.t(Msg::SupportProductsText)),
    };
    let shown: Vec<&Product> = match known {
        Some(product) => vec![product],
        None => catalog.products().iter().collect(),
    };
    for product in shown {
        let mut lines: Vec<String> = product
            .notes
            .iter()
            .map(|note| note.get(ctx.language).to_owned())
            .collect();
        for region in catalog.regions() {
            for exclusion in &region.language_exclusions {
                if exclusion.product == product.id.as_str() {
                    lines.push(ctx.f(
                        Msg::SupportProductLanguageExcluded,
                        &[
                            ("region", region.name.get(ctx.language)),
                            ("language", &format::language_name(ctx, exclusion.language)),
                        ],
                    ));
                }
            }
        }
        if lines.is_empty() {
            lines.push(ctx.t(Msg::SupportProductAsWritten).to_owned());
        }
        reply = reply.field(
            format!("{} (`{}`)", product.name, product.id),
            lines.join("\n"),
        );
    }
    reply
}
