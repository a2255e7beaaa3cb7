//! `/stats [from] [to] [region] [org]`: initial-response targets met out of total, per priority
//! and region, with the median and worst lateness of the misses in the target's own time
//! (wall-clock beside it, as `/case respond` says it), and the cases closed without a response
//! apart. A response's verdict is the one fixed when it was given. The same counts per week and
//! priority come with the reply as a chart (`Reply::chart`). Days are UTC dates. For agents.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::org::visible_org;
use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options, format};
use crate::domain::attainment;
use crate::domain::catalog::Catalog;
use crate::domain::ids::RegionId;
use crate::domain::org::{OrgId, Organisation, Role};
use crate::domain::policy::Refusal;
use crate::domain::stats::{Attainment, DayRange};
use crate::engine::{Chart, Reply};
use crate::i18n::Msg;
use crate::store::Store;

pub const SPEC: CommandSpec = CommandSpec {
    name: "stats",
    uses_store: true,
    help: Msg::HelpStats,
    label: Msg::CommandStats,
    options: &[
        OptionSpec::optional("from", OptionKind::Date, Msg::OptionFrom, Msg::AboutFrom),
        OptionSpec::optional("to", OptionKind::Date, Msg::OptionTo, Msg::AboutTo),
        OptionSpec::optional(
            "region",
            OptionKind::Region,
            Msg::OptionRegion,
            Msg::AboutRegionFilter,
        ),
        OptionSpec::optional("org", OptionKind::Org, Msg::OptionOrg, Msg::AboutOrgFilter),
    ],
    parse: |o| Ok(Command::Stats(Stats::parse(o)?)),
};

#[derive(Debug)]
pub struct Stats {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    region: Option<RegionId>,
    org: Option<OrgId>,
}

/// Every case of the store submitted in `range` (of `org` and in `region`, when given), counted
/// at `now` by [`attainment::counted`]: one read of the organisations and one scan of the cases.
pub fn attainment(
    store: &dyn Store,
    catalog: &Catalog,
    range: DayRange,
    now: DateTime<Utc>,
    region: Option<RegionId>,
    org: Option<&OrgId>,
) -> Result<Attainment, CmdError> {
    let orgs: HashMap<OrgId, Organisation> = store
        .orgs()?
        .into_iter()
        .map(|o| (o.id.clone(), o))
        .collect();
    let mut attainment = Attainment::new(range);
    let mut failure = None;
    store.scan_cases(&mut |case| {
        let day = case.submitted_at.date_naive();
        let Some(case_org) = orgs.get(&case.org) else {
            return true;
        };
        if !range.contains(day) || org.is_some_and(|o| *o != case.org) {
            return true;
        }
        match attainment::counted(catalog, &case, case_org, now) {
            // The region filter reads the region the case counts under, as its row does.
            Ok(Some(outcome)) if region.is_none_or(|r| r == outcome.region) => {
                attainment.add(day, outcome.priority, outcome.region, outcome.counted);
            }
            Ok(_) => {}
            Err(e) => {
                failure = Some(e);
                return false;
            }
        }
        true
    })?;
    match failure {
        Some(e) => Err(e.into()),
        None => Ok(attainment),
    }
}

impl Stats {
    fn parse(o: &Options<'_>) -> Result<Stats, CmdError> {
        Ok(Stats {
            from: o.get("from")?,
            to: o.get("to")?,
            region: o.get("region")?,
            org: o.get("org")?,
        })
    }

    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        if ctx.role < Role::Agent {
            return Err(Refusal::AgentsOnly.into());
        }
        let store = ctx.store()?;
        let range = attainment::range(self.from, self.to, ctx.now)?;
        let (from, to) = (range.from(), range.to());
        if let Some(org) = &self.org {
            visible_org(ctx, store, org)?;
        }
        let attainment = attainment(
            store,
            ctx.catalog,
            range,
            ctx.now,
            self.region,
            self.org.as_ref(),
        )?;
        let mut reply = Reply::new(ctx.t(Msg::StatsTitle)).text(ctx.f(
            Msg::StatsRange,
            &[
                ("from", &format::date(ctx, from)),
                ("to", &format::date(ctx, to)),
            ],
        ));
        if attainment.by_priority_region().next().is_none() {
            reply.text.push('\n');
            reply.text.push_str(ctx.t(Msg::StatsEmpty));
        }
        for ((priority, region), tally) in attainment.by_priority_region() {
            let count = tally.count;
            let mut value = ctx.f(
                Msg::StatsMet,
                &[
                    ("met", &count.met.to_string()),
                    ("total", &count.total.to_string()),
                ],
            );
            if let Some(((median, worst), (median_wall, worst_wall))) = tally.lateness() {
                value.push('\n');
                value.push_str(&ctx.f(
                    Msg::StatsLateness,
                    &[
                        ("median", &format::duration(ctx, median)),
                        ("worst", &format::duration(ctx, worst)),
                        ("median_wall", &format::duration(ctx, median_wall)),
                        ("worst_wall", &format::duration(ctx, worst_wall)),
                    ],
                ));
            }
            if count.closed_unanswered > 0 {
                value.push('\n');
                value.push_str(&ctx.f(
                    Msg::StatsClosedUnanswered,
                    &[("n", &count.closed_unanswered.to_string())],
                ));
            }
            reply = reply.inline_field(
                format!(
                    "{} · {}",
                    priority.label(),
                    ctx.catalog.region(*region).name.get(ctx.language)
                ),
                value,
            );
        }
        reply.chart = Some(Box::new(self.chart(ctx, &attainment)));
        reply.private = !ctx.team_channel;
        Ok(reply)
    }

    /// The chart's texts: plain ISO dates and the catalog's region names, which the chart's
    /// embedded font covers (`render::chart::tests`).
    fn chart(&self, ctx: &Context<'_>, attainment: &Attainment) -> Chart {
        let range = attainment.range();
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        let mut subtitle = vec![ctx.f(
            Msg::ChartRange,
            &[("from", &day(range.from())), ("to", &day(range.to()))],
        )];
        if let Some(region) = self.region {
            let name = ctx.catalog.region(region).name.get(ctx.language);
            subtitle.push(ctx.f(Msg::ChartRegion, &[("region", name)]));
        }
        if let Some(org) = &self.org {
            subtitle.push(ctx.f(Msg::ChartOrg, &[("org", org.as_str())]));
        }
        let target = ctx.catalog.attainment_target().percent;
        Chart {
            language: ctx.language,
            title: ctx.t(Msg::ChartTitle).to_owned(),
            subtitle,
            x_label: ctx.t(Msg::ChartWeek).to_owned(),
            y_label: ctx.t(Msg::ChartShare).to_owned(),
            target_label: ctx.f(Msg::ChartTarget, &[("percent", &target.to_string())]),
            target_percent: target,
            weeks: attainment.weeks().to_vec(),
        }
    }
}
