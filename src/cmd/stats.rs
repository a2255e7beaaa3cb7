//! `/stats [from] [to] [region] [org]`: initial-response targets met out of total, per priority
//! and region, with the median and worst lateness of the misses in the target's own time
//! (wall-clock beside it, as `/case respond` says it), and the cases closed without a response
//! apart. A response's verdict is the one fixed when it was given. For agents.

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate, TimeDelta};

use super::case::case_verdict;
use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options, format};
use crate::domain::case::Case;
use crate::domain::ids::{Priority, RegionId};
use crate::domain::org::{OrgId, Organisation, Role};
use crate::domain::policy::{self, Refusal};
use crate::engine::Reply;
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

#[derive(Default)]
struct Tally {
    met: u32,
    total: u32,
    /// How late each miss was, in its target's own time.
    late: Vec<TimeDelta>,
    /// The same misses in wall-clock time.
    late_wall: Vec<TimeDelta>,
    /// Closed before anyone responded: neither met nor late.
    closed_unanswered: u32,
}

/// What became of one case's first response at `now`.
enum Outcome {
    /// Met or missed, with the margin in the target's own time and in wall-clock time.
    Known {
        met: bool,
        own: TimeDelta,
        wall: TimeDelta,
    },
    ClosedUnanswered,
    /// Still open and not yet due: not counted.
    Pending,
}

fn outcome(ctx: &Context<'_>, case: &Case, org: &Organisation) -> Result<Outcome, CmdError> {
    if let Some(verdict) = case_verdict(ctx, case, org)? {
        return Ok(Outcome::Known {
            met: verdict.met,
            own: verdict.margin(),
            wall: verdict.wall_clock(),
        });
    }
    if case.closed_at.is_some() {
        return Ok(Outcome::ClosedUnanswered);
    }
    if ctx.now <= case.due_at {
        return Ok(Outcome::Pending);
    }
    // Past due and still waiting: late so far, measured as a response now would be.
    let verdict = policy::verdict(
        ctx.catalog,
        &case.terms(org),
        case.priority,
        case.due_at,
        ctx.now,
    )?;
    Ok(Outcome::Known {
        met: false,
        own: verdict.margin(),
        wall: verdict.wall_clock(),
    })
}

/// The median and the largest of sorted spans.
fn median_worst(sorted: &[TimeDelta]) -> Option<(TimeDelta, TimeDelta)> {
    Some((*sorted.get(sorted.len() / 2)?, *sorted.last()?))
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
        let mut failure = None;
        store.scan_cases(&mut |case| {
            let day = case.submitted_at.date_naive();
            let Some(org) = orgs.get(&case.org) else {
                return true;
            };
            let region = case.terms(org).region;
            let wanted = day >= from
                && day <= to
                && self.region.is_none_or(|r| r == region)
                && self.org.as_ref().is_none_or(|o| *o == case.org);
            if !wanted {
                return true;
            }
            let outcome = match outcome(ctx, &case, org) {
                Ok(outcome) => outcome,
                Err(e) => {
                    failure = Some(e);
                    return false;
                }
            };
            let tally = tallies.entry((case.priority, region)).or_default();
            match outcome {
                Outcome::Known { met: true, .. } => {
                    tally.total += 1;
                    tally.met += 1;
                }
                Outcome::Known { own, wall, .. } => {
                    tally.total += 1;
                    tally.late.push(own);
                    tally.late_wall.push(wall);
                }
                Outcome::ClosedUnanswered => tally.closed_unanswered += 1,
                Outcome::Pending => {}
            }
            true
        })?;
        if let Some(e) = failure {
            return Err(e);
        }
        tallies.retain(|_, t| t.total > 0 || t.closed_unanswered > 0);
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
            tally.late_wall.sort();
            let mut value = ctx.f(
                Msg::StatsMet,
                &[
                    ("met", &tally.met.to_string()),
                    ("total", &tally.total.to_string()),
                ],
            );
            if let (Some((median, worst)), Some((median_wall, worst_wall))) =
                (median_worst(&tally.late), median_worst(&tally.late_wall))
            {
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
            if tally.closed_unanswered > 0 {
                value.push('\n');
                value.push_str(&ctx.f(
                    Msg::StatsClosedUnanswered,
                    &[("n", &tally.closed_unanswered.to_string())],
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
