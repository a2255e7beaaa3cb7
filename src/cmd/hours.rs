//! `/hours [region] [timezone]`: local support hours, whether support is open now, the next
//! opening and closing, languages and region rules.

use chrono_tz::Tz;

use super::format;
use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options};
use crate::domain::calendar::Closure;
use crate::domain::catalog::HolidayCountry;
use crate::domain::ids::{CalendarKind, RegionId};
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "hours",
    uses_store: false,
    help: Msg::HelpHours,
    label: Msg::CommandHours,
    options: &[
        OptionSpec::optional(
            "region",
            OptionKind::Region,
            Msg::OptionRegion,
            Msg::AboutRegionAll,
        ),
        OptionSpec::optional(
            "timezone",
            OptionKind::Timezone,
            Msg::OptionTimezone,
            Msg::AboutTimezoneShow,
        ),
    ],
    parse: |o| Ok(Command::Hours(Hours::parse(o)?)),
};

#[derive(Debug)]
pub struct Hours {
    region: Option<RegionId>,
    timezone: Option<Tz>,
}

impl Hours {
    fn parse(options: &Options<'_>) -> Result<Hours, CmdError> {
        Ok(Hours {
            region: options.get("region")?,
            timezone: options.get("timezone")?,
        })
    }

    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        let regions: Vec<RegionId> = self
            .region
            .map_or_else(|| ctx.catalog.region_ids(), |r| vec![r]);
        let mut reply = Reply::new(ctx.t(Msg::HoursTitle));
        // One region, or a zone asked for: its times are local there. Every region's hours
        // together have no one zone.
        match (self.timezone, self.region) {
            (Some(zone), _) => reply = reply.zone(zone),
            (None, Some(region)) => reply = reply.zone(ctx.catalog.region(region).timezone),
            (None, None) => {}
        }
        for id in regions {
            reply = reply.field(
                ctx.catalog.region(id).name.get(ctx.language),
                self.region_lines(ctx, id)?.join("\n"),
            );
        }
        Ok(reply)
    }

    fn region_lines(&self, ctx: &Context<'_>, id: RegionId) -> Result<Vec<String>, CmdError> {
        let region = ctx.catalog.region(id);
        let calendar =
            ctx.catalog
                .calendar(id, self.timezone, HolidayCountry::RegionDefault, &[])?;
        let kind = CalendarKind::BusinessHours;
        let mut lines = vec![ctx.f(
            Msg::HoursLocal,
            &[
                ("opens", &format::time(region.hours.opens())),
                ("closes", &format::time(region.hours.closes())),
                ("zone", calendar.tz.name()),
            ],
        )];
        let next_open = calendar.next_open(kind, ctx.now)?;
        let next_close = calendar.next_close(kind, ctx.now)?;
        if calendar.is_open(kind, ctx.now)? {
            lines.push(format!("🟢 {}", ctx.t(Msg::HoursOpenNow)));
        } else {
            lines.push(format!("🔴 {}", ctx.t(Msg::HoursClosedNow)));
            let today = ctx.now.with_timezone(&calendar.tz).date_naive();
            if let Some(Closure::Holiday(name)) = calendar.closure(kind, today) {
                lines.push(ctx.f(
                    Msg::HoursHolidayToday,
                    &[("holiday", name.get(ctx.language))],
                ));
            }
            if let Some(open) = next_open {
                lines.push(ctx.f(Msg::HoursNextOpen, &[("when", &format::timestamp(open))]));
            }
        }
        if let Some(close) = next_close {
            lines.push(ctx.f(Msg::HoursNextClose, &[("when", &format::timestamp(close))]));
        }
        let horizon = next_open.max(next_close).unwrap_or(ctx.now);
        if calendar.holidays_unknown(kind, ctx.now, horizon) {
            lines.push(ctx.t(Msg::HoursNoHolidayData).to_owned());
        }
        let languages: Vec<String> = region
            .languages
            .iter()
            .map(|l| format::language_name(ctx, *l))
            .collect();
        lines.push(ctx.f(
            Msg::HoursLanguages,
            &[("languages", &languages.join(format::list_separator(ctx)))],
        ));
        for rule in &region.rules {
            lines.push(format!("• {}", rule.get(ctx.language)));
        }
        Ok(lines)
    }
}
