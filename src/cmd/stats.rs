//! `/stats [from] [to] [region] [org]`: initial-response targets met out of total, per priority
//! and region, with the median and worst lateness of the misses in the target's own time
//! (wall-clock beside it, as `/case respond` says it), and the cases closed without a response
//! apart. A response's verdict is the one fixed when it was given. The same counts per week and
//! priority come with the reply as a chart (`Reply::chart`). Days are UTC dates. For agents.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use super::case::case_verdict;
use super::org::visible_org;
use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options, format};
use crate::domain::case::Case;
use crate::domain::ids::RegionId;
use crate::domain::org::{OrgId, Organisation, Role};
use crate::domain::policy::{self, Refusal};
use crate::domain::stats::{Attainment, Counted, DayRange};
use crate::engine::{Chart, Reply};
use crate::i18n::Msg;

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

/// Without `from`, the last 30 days.
const DEFAULT_DAYS: Days = Days::new(30);

#[derive(Debug)]
pub struct Stats {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    region: Option<RegionId>,
    org: Option<OrgId>,
}

/// What became of one case's first response at `now`; `None` while it is still open and not
/// yet due (not counted).
fn counted(
    ctx: &Context<'_>,
    case: &Case,
    org: &Organisation,
) -> Result<Option<Counted>, CmdError> {
    if let Some(verdict) = case_verdict(ctx, case, org)? {
        return Ok(Some(if verdict.met {
            Counted::Met
        } else {
            Counted::Missed {
                own: verdict.margin(),
                wall: verdict.wall_clock(),
            }
        }));
    }
    if case.closed_at.is_some() {
        return Ok(Some(Counted::ClosedUnanswered));
    }
    if ctx.now <= case.due_at {
        return Ok(None);
    }
    // Past due and still waiting: late so far, measured as a response now would be.
    let verdict = policy::verdict(
        ctx.catalog,
        &case.terms(org),
        case.priority,
        case.due_at,
        ctx.now,
    )?;
    Ok(Some(Counted::Missed {
        own: verdict.margin(),
        wall: verdict.wall_clock(),
    }))
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
        let to = self.to.unwrap_or_else(|| ctx.now.date_naive());
        let from = self
            .from
            .unwrap_or_else(|| to.checked_sub_days(DEFAULT_DAYS).unwrap_or(to));
        let range = DayRange::new(from, to)?;
        if let Some(org) = &self.org {
            visible_org(ctx, store, org)?;
        }
        let orgs: HashMap<OrgId, Organisation> = store
            .orgs()?
            .into_iter()
            .map(|o| (o.id.clone(), o))
            .collect();
        let mut attainment = Attainment::new(range);
        let mut failure = None;
        store.scan_cases(&mut |case| {
            let day = case.submitted_at.date_naive();
            let Some(org) = orgs.get(&case.org) else {
                return true;
            };
            let region = case.terms(org).region;
            let wanted = range.contains(day)
                && self.region.is_none_or(|r| r == region)
                && self.org.as_ref().is_none_or(|o| *o == case.org);
            if !wanted {
                return true;
            }
            match counted(ctx, &case, org) {
                Ok(Some(counted)) => attainment.add(day, case.priority, region, counted),
                Ok(None) => {}
                Err(e) => {
                    failure = Some(e);
                    return false;
                }
            }
            true
        })?;
        if let Some(e) = failure {
            return Err(e);
        }
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
