//! `/reminders set|show`: where each region's (or organisation's) reminders go, which role they
//! ping, and in which language. For administrators.

use super::options::{ChannelRef, RoleRef};
use super::org::require_admin;
use super::{
    CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options, Unrouted, format,
};
use crate::domain::ids::{Language, RegionId};
use crate::domain::org::{OrgId, Organisation};
use crate::domain::policy::Refusal;
use crate::domain::reminders::Route;
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SET: CommandSpec = CommandSpec {
    name: "reminders set",
    uses_store: true,
    help: Msg::HelpRemindersSet,
    label: Msg::CommandRemindersSet,
    options: &[
        OptionSpec::required(
            "region",
            OptionKind::Region,
            Msg::OptionRegion,
            Msg::AboutRegionReminders,
        ),
        OptionSpec::required(
            "channel",
            OptionKind::Channel,
            Msg::OptionChannel,
            Msg::AboutChannel,
        ),
        OptionSpec::required("role", OptionKind::Role, Msg::OptionRole, Msg::AboutRole),
        OptionSpec::optional(
            "language",
            OptionKind::Language,
            Msg::OptionLanguage,
            Msg::AboutLanguageSet,
        ),
        OptionSpec::optional(
            "oncall-role",
            OptionKind::Role,
            Msg::OptionOncallRole,
            Msg::AboutOncallRole,
        ),
        OptionSpec::optional(
            "org",
            OptionKind::Org,
            Msg::OptionOrg,
            Msg::AboutOrgReminders,
        ),
    ],
    parse: |o| Ok(Command::RemindersSet(RemindersSet::parse(o)?)),
};

pub const SHOW: CommandSpec = CommandSpec {
    name: "reminders show",
    uses_store: true,
    help: Msg::HelpRemindersShow,
    label: Msg::CommandRemindersShow,
    options: &[],
    parse: |_| Ok(Command::RemindersShow(RemindersShow)),
};

fn route_text(ctx: &Context<'_>, route: &Route) -> String {
    let mut text = ctx.f(
        Msg::RemindersRoute,
        &[
            ("channel", &format!("<#{}>", route.channel)),
            ("role", &format!("<@&{}>", route.role)),
            ("language", &format::language_name(ctx, route.language)),
        ],
    );
    if let Some(oncall) = route.oncall_role {
        text.push('\n');
        text.push_str(&ctx.f(Msg::RemindersOnCall, &[("role", &format!("<@&{oncall}>"))]));
    }
    text
}

/// An organisation as a route's name: its name (user text) and id.
fn org_label(org: &Organisation) -> String {
    format!("{} (`{}`)", org.name.shown(), org.id)
}

#[derive(Debug)]
pub struct RemindersSet {
    region: RegionId,
    route: Route,
    org: Option<OrgId>,
}

impl RemindersSet {
    fn parse(o: &Options<'_>) -> Result<RemindersSet, CmdError> {
        Ok(RemindersSet {
            region: o.require("region")?,
            route: Route {
                channel: o.require::<ChannelRef>("channel")?.0,
                role: o.require::<RoleRef>("role")?.0,
                language: o.get("language")?.unwrap_or(Language::En),
                oncall_role: o.get::<RoleRef>("oncall-role")?.map(|r| r.0),
            },
            org: o.get("org")?,
        })
    }

    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        require_admin(ctx)?;
        let store = ctx.store()?;
        // An organisation's route serves all its cases, whatever region each was filed under:
        // a region other than its own would be ignored, so it is refused rather than dropped.
        let org = match &self.org {
            Some(id) => {
                let org = store.org(id)?.ok_or(Refusal::NotFound)?;
                if org.region != self.region {
                    return Err(Refusal::RouteRegionMismatch {
                        org: org.id,
                        name: org.name,
                        org_region: org.region,
                        region: self.region,
                    }
                    .into());
                }
                Some(org)
            }
            None => None,
        };
        store.update_routes(&mut |routes| {
            match &self.org {
                Some(org) => routes.orgs.insert(org.clone(), self.route),
                None => routes.regions.insert(self.region, self.route),
            };
            Ok(())
        })?;
        store.durable()?;
        let target = match &org {
            Some(org) => org_label(org),
            None => ctx
                .catalog
                .region(self.region)
                .name
                .get(ctx.language)
                .to_owned(),
        };
        let mut reply = Reply::new(ctx.t(Msg::RemindersTitle)).text(ctx.f(
            Msg::RemindersSet,
            &[
                ("target", &target),
                ("channel", &format!("<#{}>", self.route.channel)),
                ("role", &format!("<@&{}>", self.route.role)),
            ],
        ));
        reply.private = true;
        Ok(reply)
    }
}

#[derive(Debug)]
pub struct RemindersShow;

impl RemindersShow {
    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        require_admin(ctx)?;
        let store = ctx.store()?;
        let routes = store.routes()?;
        let mut reply = Reply::new(ctx.t(Msg::RemindersTitle));
        for (region, route) in &routes.regions {
            reply = reply.field(
                ctx.catalog.region(*region).name.get(ctx.language),
                route_text(ctx, route),
            );
        }
        for (id, route) in routes.orgs.iter().take(10) {
            let label = match store.org(id)? {
                Some(org) => org_label(&org),
                None => format!("`{id}`"),
            };
            reply = reply.field(label, route_text(ctx, route));
        }
        if routes.regions.is_empty() && routes.orgs.is_empty() {
            reply.text = ctx
                .t(match ctx.unrouted {
                    Unrouted::PrintedHere => Msg::RemindersNoneConsole,
                    Unrouted::PrintedNextRun => Msg::RemindersNoneAsk,
                    Unrouted::Held => Msg::RemindersNone,
                })
                .to_owned();
        }
        let (planned, outbox, messages, rejected) = store.reminder_counts()?;
        reply = reply.footer(ctx.f(
            Msg::RemindersQueue,
            &[
                ("planned", &planned.to_string()),
                ("outbox", &outbox.to_string()),
                ("messages", &messages.to_string()),
                ("rejected", &rejected.to_string()),
            ],
        ));
        reply.private = true;
        Ok(reply)
    }
}
