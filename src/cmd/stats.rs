//! `/stats [from] [to] [region] [org]`: initial-response targets met out of total, per priority
//! and region, with the median and worst lateness of the misses. For agents.

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate, TimeDelta};

use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options, format};
use crate::domain::ids::{Priority, RegionId};
use crate::domain::org::{OrgId, Organisation, Role};
use crate::domain::policy::Refusal;
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "stats",
    uses_store: true,
    help: Msg::HelpStats,
    options: &[
        OptionSpec::optional("from", OptionKind::Date),
        OptionSpec::optional("to", OptionKind::Date),
        OptionSpec::optional("region", OptionKind::Region),
        OptionSpec::optional("org", OptionKind::Org),
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

#[derive(Default)]
struct Tally {
    met: u32,
    total: u32,
    late: Vec<TimeDelta>,
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
            .unwrap_or_else(|| to.checked_sub_days(DEFAULT_DAYS).unwrap_or(NaiveDate::MIN));
        let orgs: HashMap<OrgId, Organisation> = store
            .orgs()?
            .into_iter()
            .map(|o| (o.id.clone(), o))
            .collect();
        let mut tallies: BTreeMap<(Priority, RegionId), Tally> = BTreeMap::new();
        store.scan_cases(&mut |case| {
            let day = case.submitted_at.date_naive();
            let Some(org) = orgs.get(&case.org) else {
                return true;
            };
            let wanted = day >= from
                && day <= to
                && self.region.is_none_or(|r| r == org.region)
                && self.org.as_ref().is_none_or(|o| *o == case.org);
            // A case counts once its outcome is known: answered, or already past due.
            let lateness = match &case.response {
                Some(response) => Some(response.at - case.due_at),
                None if case.closed_at.is_none() && ctx.now > case.due_at => {
                    Some(ctx.now - case.due_at)
                }
                None => None,
            };
            if let (true, Some(lateness)) = (wanted, lateness) {
                let tally = tallies.entry((case.priority, org.region)).or_default();
                tally.total += 1;
                if lateness <= TimeDelta::zero() {
                    tally.met += 1;
                } else {
                    tally.late.push(lateness);
                }
            }
            true
        })?;
        let mut reply = Reply::new(ctx.t(Msg::StatsTitle)).text(ctx.f(
            Msg::StatsRange,
            &[
                ("from", &format::date(ctx, from)),
                ("to", &format::date(ctx, to)),
            ],
        ));
        if tallies.is_empty() {
            reply.text.push('\n');
            reply.text.push_str(ctx.t(Msg::StatsEmpty));
        }
        for ((priority, region), mut tally) in tallies {
            tally.late.sort();
            let mut value = ctx.f(
                Msg::StatsMet,
                &[
                    ("met", &tally.met.to_string()),
                    ("total", &tally.total.to_string()),
                ],
            );
            if let (Some(worst), Some(median)) =
                (tally.late.last(), tally.late.get(tally.late.len() / 2))
            {
                value.push('\n');
                value.push_str(&ctx.f(
                    Msg::StatsLateness,
                    &[
                        ("median", &format::duration(ctx, *median)),
                        ("worst", &format::duration(ctx, *worst)),
                    ],
                ));
            }
            reply = reply.inline_field(
                format!(
                    "{} · {}",
                    priority.label(),
                    ctx.catalog.region(region).name.get(ctx.language)
                ),
                value,
            );
        }
        reply.private = !ctx.team_channel;
        Ok(reply)
    }
}
