//! `/case list [org] [status] [priority] [breaching] [page]`: cases sorted by due instant, ten
//! to a page. Open cases by default; customers see only their organisations'.

use super::super::options::Page;
use super::super::{
    CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options, format,
};
use crate::cmd::org::{visible_org, visible_org_ids};
use crate::domain::case::CaseStatus;
use crate::domain::ids::Priority;
use crate::domain::org::OrgId;
use crate::engine::Reply;
use crate::i18n::Msg;
use crate::store::CaseQuery;

pub const SPEC: CommandSpec = CommandSpec {
    name: "case list",
    uses_store: true,
    help: Msg::HelpCaseList,
    label: Msg::CommandCaseList,
    options: &[
        OptionSpec::optional("org", OptionKind::Org, Msg::OptionOrg, Msg::AboutOrgCases),
        OptionSpec::optional(
            "status",
            OptionKind::Status,
            Msg::OptionStatus,
            Msg::AboutStatus,
        ),
        OptionSpec::optional(
            "priority",
            OptionKind::Priority,
            Msg::OptionPriority,
            Msg::AboutPriorityFilter,
        ),
        OptionSpec::optional(
            "breaching",
            OptionKind::Flag,
            Msg::OptionBreaching,
            Msg::AboutBreaching,
        ),
        OptionSpec::optional("page", OptionKind::Page, Msg::OptionPage, Msg::AboutPage),
    ],
    parse: |o| Ok(Command::CaseList(CaseList::parse(o)?)),
};

pub const PER_PAGE: usize = 10;

#[derive(Debug)]
pub struct CaseList {
    org: Option<OrgId>,
    status: CaseStatus,
    priority: Option<Priority>,
    breaching: bool,
    page: usize,
}

impl CaseList {
    fn parse(o: &Options<'_>) -> Result<CaseList, CmdError> {
        Ok(CaseList {
            org: o.get("org")?,
            status: o.get("status")?.unwrap_or(CaseStatus::Open),
            priority: o.get("priority")?,
            breaching: o.get("breaching")?.unwrap_or(false),
            page: o.get::<Page>("page")?.map_or(1, |p| p.0),
        })
    }

    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        let store = ctx.store()?;
        let orgs = match &self.org {
            Some(org) => Some(vec![visible_org(ctx, store, org)?.id]),
            None => visible_org_ids(ctx, store)?,
        };
        let query = CaseQuery {
            orgs,
            status: Some(self.status),
            priority: self.priority,
            breaching_at: self.breaching.then_some(ctx.now),
            offset: (self.page - 1) * PER_PAGE,
            // One more than a page tells whether another page follows.
            limit: PER_PAGE + 1,
        };
        let mut cases = store.list_cases(&query)?;
        let more = cases.len() > PER_PAGE;
        cases.truncate(PER_PAGE);
        let mut reply = Reply::new(ctx.f(Msg::CaseListTitle, &[("page", &self.page.to_string())]));
        let lines: Vec<String> = cases
            .iter()
            .map(|c| {
                let title = c.title.shortened(60);
                let late = if c.breaching(ctx.now) { " ⚠" } else { "" };
                // Once answered, what counts is the verdict, not the time left to a due instant;
                // a case closed unanswered has neither.
                // The priority shown is the current one; a verdict measured under another says
                // which, as /stats counts it there [D].
                let when = match (c.measured_priority(), c.closed_at) {
                    (Some(measured), _) => {
                        let missed = c.breaching(ctx.now);
                        match (measured == c.priority, missed) {
                            (true, true) => ctx.t(Msg::CaseListMissed).to_owned(),
                            (true, false) => ctx.t(Msg::CaseListMet).to_owned(),
                            (false, missed) => ctx.f(
                                if missed {
                                    Msg::CaseListMissedAs
                                } else {
                                    Msg::CaseListMetAs
                                },
                                &[("priority", measured.label())],
                            ),
                        }
                    }
                    (None, Some(_)) => ctx.t(Msg::CaseListClosedUnanswered).to_owned(),
                    (None, None) => format::timestamp(c.due_at),
                };
                format!(
                    "`{}` **{}** `{}` {} · {when}{late}",
                    c.id,
                    c.priority.label(),
                    c.org,
                    title.shown(),
                )
            })
            .collect();
        // Cases of customers in one zone are shown in it; of several, in the reader's.
        let mut zones = cases
            .iter()
            .map(|c| c.terms.map(|terms| super::terms_zone(ctx, &terms)));
        if let Some(Some(zone)) = zones.next()
            && zones.all(|other| other == Some(zone))
        {
            reply = reply.zone(zone);
        }
        reply.text = if lines.is_empty() {
            ctx.t(Msg::CaseListEmpty).to_owned()
        } else {
            lines.join("\n")
        };
        if more {
            reply =
                reply.footer(ctx.f(Msg::CaseListMore, &[("next", &(self.page + 1).to_string())]));
        }
        reply.private = !ctx.team_channel;
        Ok(reply)
    }
}
