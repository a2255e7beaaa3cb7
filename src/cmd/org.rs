//! `/org add|show|set|list`: customer organisations, their plan, region, local calendar and
//! contacts. Changes are audited.

use chrono_tz::Tz;

use super::format;
use super::options::{ProductList, shared};
use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options};
use crate::domain::case::{Case, Event, EventKind, TermsChange};
use crate::domain::catalog::HolidayCountry;
use crate::domain::ids::{PlanId, RegionId};
use crate::domain::org::{AuditEntry, OrgId, Organisation, Role, UserId};
use crate::domain::policy::{self, Refusal};
use crate::domain::text::UserText;
use crate::engine::Reply;
use crate::i18n::Msg;
use crate::store::{CaseQuery, Store, StoreError};

pub const ADD: CommandSpec = CommandSpec {
    name: "org add",
    uses_store: true,
    help: Msg::HelpOrgAdd,
    label: Msg::CommandOrgAdd,
    options: &[
        OptionSpec::required("name", OptionKind::Name, Msg::OptionName, Msg::AboutName),
        shared::PLAN,
        shared::REGION,
        shared::COUNTRY,
        shared::TIMEZONE,
        shared::PRODUCTS,
        OptionSpec::optional("id", OptionKind::NewId, Msg::OptionNewId, Msg::AboutNewId),
    ],
    parse: |o| Ok(Command::OrgAdd(OrgAdd::parse(o)?)),
};

pub const SHOW: CommandSpec = CommandSpec {
    name: "org show",
    uses_store: true,
    help: Msg::HelpOrgShow,
    label: Msg::CommandOrgShow,
    // Without `org`, the asker's own: "what plan are we on" asked in chat.
    options: &[OptionSpec::optional(
        "org",
        OptionKind::Org,
        Msg::OptionOrg,
        Msg::AboutOrgYours,
    )],
    parse: |o| Ok(Command::OrgShow(OrgShow { org: o.get("org")? })),
};

pub const SET: CommandSpec = CommandSpec {
    name: "org set",
    uses_store: true,
    help: Msg::HelpOrgSet,
    label: Msg::CommandOrgSet,
    options: &[
        shared::ORG,
        OptionSpec::optional("plan", OptionKind::Plan, Msg::OptionPlan, Msg::AboutPlanNew),
        OptionSpec::optional(
            "region",
            OptionKind::Region,
            Msg::OptionRegion,
            Msg::AboutRegionNew,
        ),
        shared::COUNTRY,
        shared::TIMEZONE,
        shared::PRODUCTS,
        OptionSpec::optional(
            "escalation-contact",
            OptionKind::User,
            Msg::OptionEscalationContact,
            Msg::AboutEscalationContact,
        ),
        OptionSpec::optional(
            "account-support-lead",
            OptionKind::User,
            Msg::OptionAccountSupportLead,
            Msg::AboutAccountSupportLead,
        ),
        OptionSpec::optional(
            "apply-to-open",
            OptionKind::Flag,
            Msg::OptionApplyToOpen,
            Msg::AboutApplyToOpen,
        ),
    ],
    parse: |o| Ok(Command::OrgSet(OrgSet::parse(o)?)),
};

pub const LIST: CommandSpec = CommandSpec {
    name: "org list",
    uses_store: true,
    help: Msg::HelpOrgList,
    label: Msg::CommandOrgList,
    options: &[],
    parse: |_| Ok(Command::OrgList(OrgList)),
};

/// The organisations whose cases the caller may see: `None` for all (agents and admins).
pub fn visible_org_ids(
    ctx: &Context<'_>,
    store: &dyn Store,
) -> Result<Option<Vec<OrgId>>, CmdError> {
    if ctx.role >= Role::Agent {
        return Ok(None);
    }
    Ok(Some(
        store
            .orgs()?
            .into_iter()
            .filter(|o| policy::can_see(ctx.role, ctx.user, o))
            .map(|o| o.id)
            .collect(),
    ))
}

/// The organisation `id` if the caller may see it; "not found" otherwise, whatever the reason.
pub fn visible_org(
    ctx: &Context<'_>,
    store: &dyn Store,
    id: &OrgId,
) -> Result<Organisation, CmdError> {
    match store.org(id)? {
        Some(org) if policy::can_see(ctx.role, ctx.user, &org) => Ok(org),
        _ => Err(Refusal::NotFound.into()),
    }
}

pub fn require_admin(ctx: &Context<'_>) -> Result<(), CmdError> {
    if ctx.role < Role::Admin {
        Err(Refusal::AdminsOnly.into())
    } else {
        Ok(())
    }
}

fn country_text(ctx: &Context<'_>, org: &Organisation) -> String {
    match org.holiday_country() {
        HolidayCountry::Country(code) => code.to_string(),
        _ => format!(
            "{} ({})",
            ctx.catalog.region(org.region).country,
            ctx.t(Msg::OrgDefault)
        ),
    }
}

fn zone_text(ctx: &Context<'_>, org: &Organisation) -> String {
    match org.timezone {
        Some(tz) => tz.name().to_owned(),
        None => format!(
            "{} ({})",
            ctx.catalog.region(org.region).timezone.name(),
            ctx.t(Msg::OrgDefault)
        ),
    }
}

fn user_text(user: Option<UserId>) -> String {
    user.map_or_else(|| "—".to_owned(), |u| u.to_string())
}

/// What a change touched, in the reader's language: the `/org set` option it came from, or
/// `/contacts` and the product for named support contacts. A field this version does not know
/// is shown as stored.
fn audit_field(ctx: &Context<'_>, change: &AuditEntry) -> String {
    if let Some(product) = change.contacts_product() {
        return format!("{} {product}", ctx.t(Msg::CommandContacts));
    }
    SET.options
        .iter()
        .find(|option| option.name == change.field)
        .map_or_else(
            || change.field.clone(),
            |option| ctx.t(option.label).to_owned(),
        )
}

/// An organisation as a reply: its settings, contacts and the latest changes.
pub fn org_reply(ctx: &Context<'_>, org: &Organisation) -> Reply {
    let catalog = ctx.catalog;
    let products: Vec<String> = org.products.iter().map(|p| format!("`{p}`")).collect();
    let mut reply = Reply::new(format!("{} (`{}`)", org.name.shown(), org.id))
        .zone(super::case::terms_zone(ctx, &org.terms()))
        .inline_field(
            ctx.t(Msg::OrgPlan),
            catalog.plan(org.plan).name.get(ctx.language),
        )
        .inline_field(
            ctx.t(Msg::OrgRegion),
            catalog.region(org.region).name.get(ctx.language),
        )
        .inline_field(ctx.t(Msg::OrgTimezone), zone_text(ctx, org))
        .inline_field(ctx.t(Msg::OrgCountry), country_text(ctx, org))
        .inline_field(
            ctx.t(Msg::OrgProducts),
            if products.is_empty() {
                "—".to_owned()
            } else {
                products.join(format::list_separator(ctx))
            },
        )
        .inline_field(
            ctx.t(Msg::OrgEscalationContact),
            user_text(org.escalation_contact),
        )
        .inline_field(
            ctx.t(Msg::OrgAccountSupportLead),
            user_text(org.account_support_lead),
        );
    let limit = catalog.named_contacts_limit(org.plan);
    let contacts: Vec<String> = org
        .contacts
        .iter()
        .map(|(product, users)| {
            let users: Vec<String> = users.iter().map(|u| u.to_string()).collect();
            format!(
                "`{product}` ({}/{limit}): {}",
                users.len(),
                users.join(format::list_separator(ctx))
            )
        })
        .collect();
    reply = reply.field(
        ctx.t(Msg::OrgContacts),
        if contacts.is_empty() {
            "—".to_owned()
        } else {
            contacts.join("\n")
        },
    );
    let changes: Vec<String> = org
        .audit
        .iter()
        .rev()
        .take(5)
        .map(|a| {
            format!(
                "{} {} · {}: {} → {}",
                format::timestamp(a.at),
                a.by,
                audit_field(ctx, a),
                a.old,
                a.new
            )
        })
        .collect();
    if !changes.is_empty() {
        reply = reply.field(ctx.t(Msg::OrgAudit), changes.join("\n"));
    }
    reply.private = !ctx.team_channel;
    reply
}

#[derive(Debug)]
pub struct OrgAdd {
    name: UserText,
    plan: PlanId,
    region: RegionId,
    country: Option<HolidayCountry>,
    timezone: Option<Tz>,
    products: Option<ProductList>,
    id: Option<OrgId>,
}

impl OrgAdd {
    fn parse(o: &Options<'_>) -> Result<OrgAdd, CmdError> {
        Ok(OrgAdd {
            name: o.require("name")?,
            plan: o.require("plan")?,
            region: o.require("region")?,
            country: o.get("country")?,
            timezone: o.get("timezone")?,
            products: o.get("products")?,
            id: o.get("id")?,
        })
    }

    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        require_admin(ctx)?;
        let store = ctx.store()?;
        let id = match self
            .id
            .clone()
            .or_else(|| OrgId::from_name(self.name.as_str()))
        {
            Some(id) => id,
            None => next_numbered_id(store)?,
        };
        let country = match self.country {
            Some(HolidayCountry::Country(code)) => {
                ctx.catalog
                    .holidays(code)
                    .ok_or(CmdError::UnknownCountry(code.to_string()))?;
                Some(code)
            }
            _ => None,
        };
        let org = Organisation {
            v: crate::domain::org::ORG_SCHEMA,
            id,
            name: self.name,
            plan: self.plan,
            region: self.region,
            country,
            timezone: self.timezone,
            products: self.products.map(|p| p.0).unwrap_or_default(),
            escalation_contact: None,
            account_support_lead: None,
            contacts: Default::default(),
            created_at: ctx.now,
            created_by: ctx.user,
            audit: Vec::new(),
        };
        store.create_org(&org).map_err(|e| match e {
            StoreError::Refused(Refusal::OrgExists) => match free_id(store, &org.id) {
                Ok(free) => CmdError::from(Refusal::OrgIdTaken {
                    id: org.id.clone(),
                    free,
                }),
                Err(e) => e,
            },
            e => e.into(),
        })?;
        store.durable()?;
        let mut reply = org_reply(ctx, &org);
        reply.text = ctx.f(
            Msg::OrgAdded,
            &[("org", org.id.as_str()), ("name", &org.name.marked())],
        );
        Ok(reply)
    }
}

/// The first free `org-N` after the organisations there are, for a name that gives no id.
fn next_numbered_id(store: &dyn Store) -> Result<OrgId, CmdError> {
    let taken: Vec<OrgId> = store.orgs()?.into_iter().map(|o| o.id).collect();
    let first = taken.len() + 1;
    Ok((first..)
        .map(OrgId::numbered)
        .find(|id| !taken.contains(id))
        .unwrap_or_else(|| OrgId::numbered(first)))
}

/// An id like `taken` that no organisation has: `taken-2`, `taken-3`, … (one of the first
/// few is free, there being fewer organisations), else the next `org-N`.
fn free_id(store: &dyn Store, taken: &OrgId) -> Result<OrgId, CmdError> {
    let ids: Vec<OrgId> = store.orgs()?.into_iter().map(|o| o.id).collect();
    match (2..=ids.len() + 2)
        .filter_map(|n| format!("{taken}-{n}").parse::<OrgId>().ok())
        .find(|id| !ids.contains(id))
    {
        Some(id) => Ok(id),
        None => next_numbered_id(store),
    }
}

#[derive(Debug)]
pub struct OrgShow {
    org: Option<OrgId>,
}

impl OrgShow {
    /// The organisation named; without one, the only organisation the caller may see, else the
    /// list of those they may see (none, or several to choose from).
    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        let store = ctx.store()?;
        match self.org {
            Some(id) => Ok(org_reply(ctx, &visible_org(ctx, store, &id)?)),
            None => match visible_orgs(ctx, store)?.as_slice() {
                [org] => Ok(org_reply(ctx, org)),
                _ => OrgList.apply(ctx),
            },
        }
    }
}

/// The organisations the caller may see: all for agents and admins, a customer's own.
fn visible_orgs(ctx: &Context<'_>, store: &dyn Store) -> Result<Vec<Organisation>, CmdError> {
    Ok(store
        .orgs()?
        .into_iter()
        .filter(|o| policy::can_see(ctx.role, ctx.user, o))
        .collect())
}

#[derive(Debug)]
pub struct OrgSet {
    org: OrgId,
    plan: Option<PlanId>,
    region: Option<RegionId>,
    country: Option<HolidayCountry>,
    timezone: Option<Tz>,
    products: Option<ProductList>,
    escalation_contact: Option<UserId>,
    account_support_lead: Option<UserId>,
    /// Move the open cases to the new terms too (by default they keep the ones they were filed
    /// under).
    apply_to_open: bool,
}

impl OrgSet {
    fn parse(o: &Options<'_>) -> Result<OrgSet, CmdError> {
        let set = OrgSet {
            org: o.require("org")?,
            plan: o.get("plan")?,
            region: o.get("region")?,
            country: o.get("country")?,
            timezone: o.get("timezone")?,
            products: o.get("products")?,
            escalation_contact: o.get("escalation-contact")?,
            account_support_lead: o.get("account-support-lead")?,
            apply_to_open: o.get("apply-to-open")?.unwrap_or(false),
        };
        // `apply-to-open:true` alone moves open cases to the terms there are now.
        let nothing = !set.apply_to_open
            && set.plan.is_none()
            && set.region.is_none()
            && set.country.is_none()
            && set.timezone.is_none()
            && set.products.is_none()
            && set.escalation_contact.is_none()
            && set.account_support_lead.is_none();
        if nothing {
            return Err(CmdError::NothingToChange {
                command: SET.name,
                options: SET
                    .options
                    .iter()
                    .map(|option| option.name)
                    .filter(|name| *name != "org")
                    .collect(),
            });
        }
        Ok(set)
    }

    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        require_admin(ctx)?;
        let store = ctx.store()?;
        if let Some(HolidayCountry::Country(code)) = self.country {
            ctx.catalog
                .holidays(code)
                .ok_or(CmdError::UnknownCountry(code.to_string()))?;
        }
        let (now, by, catalog) = (ctx.now, ctx.user, ctx.catalog);
        let before = visible_org(ctx, store, &self.org)?;
        // Cases recorded before terms were kept take their organisation's current terms: they
        // are given them now, so the change below leaves them as they were filed.
        for case in open_cases(store, &before.id)? {
            if case.terms.is_none() {
                store.update_case(case.id, &mut |case| {
                    case.terms.get_or_insert(before.terms());
                    Ok(())
                })?;
            }
        }
        let org = store.update_org(&self.org, &mut |org| {
            if let Some(plan) = self.plan.filter(|p| *p != org.plan) {
                policy::check_plan_change(catalog, org, plan)?;
                org.record(now, by, "plan", org.plan.to_string(), plan.to_string());
                org.plan = plan;
            }
            if let Some(region) = self.region.filter(|r| *r != org.region) {
                org.record(
                    now,
                    by,
                    "region",
                    org.region.to_string(),
                    region.to_string(),
                );
                org.region = region;
            }
            if let Some(country) = self.country {
                let new = match country {
                    HolidayCountry::Country(code) => Some(code),
                    _ => None,
                };
                if new != org.country {
                    let show = |c: Option<crate::domain::ids::CountryCode>| {
                        c.map_or("—".to_owned(), |c| c.to_string())
                    };
                    org.record(now, by, "country", show(org.country), show(new));
                    org.country = new;
                }
            }
            if let Some(tz) = self.timezone.filter(|tz| Some(*tz) != org.timezone) {
                let old = org.timezone.map_or("—".to_owned(), |t| t.name().to_owned());
                org.record(now, by, "timezone", old, tz.name().to_owned());
                org.timezone = Some(tz);
            }
            if let Some(products) = self.products.as_ref().filter(|p| p.0 != org.products) {
                let show = |p: &[crate::domain::org::ProductId]| {
                    p.iter()
                        .map(|p| p.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                };
                org.record(now, by, "products", show(&org.products), show(&products.0));
                org.products = products.0.clone();
            }
            if let Some(user) = self
                .escalation_contact
                .filter(|u| Some(*u) != org.escalation_contact)
            {
                org.record(
                    now,
                    by,
                    "escalation-contact",
                    user_text(org.escalation_contact),
                    user.to_string(),
                );
                org.escalation_contact = Some(user);
            }
            if let Some(user) = self
                .account_support_lead
                .filter(|u| Some(*u) != org.account_support_lead)
            {
                org.record(
                    now,
                    by,
                    "account-support-lead",
                    user_text(org.account_support_lead),
                    user.to_string(),
                );
                org.account_support_lead = Some(user);
            }
            Ok(())
        })?;
        let terms = org.terms();
        let mut moved = 0;
        let mut kept = 0;
        // What moved, for the answer: each case with its new due instant and its old one.
        let mut moves = Vec::new();
        for case in open_cases(store, &org.id)?
            .into_iter()
            .filter(Case::clock_running)
        {
            if case.terms(&org) == terms {
                continue;
            }
            if !self.apply_to_open {
                kept += 1;
                continue;
            }
            let due = policy::due_paused(
                catalog,
                &terms,
                case.priority,
                case.submitted_at,
                &case.ended_pauses(),
            )?;
            store.update_case(case.id, &mut |case| {
                case.history.push(Event {
                    at: now,
                    by,
                    kind: EventKind::Terms(TermsChange {
                        from: case.terms(&org),
                        to: terms,
                        due_before: case.due_at,
                        due_after: due,
                    }),
                });
                case.terms = Some(terms);
                case.due_at = due;
                Ok(())
            })?;
            moves.push((case.id, case.due_at, due));
            moved += 1;
        }
        store.durable()?;
        let mut reply = org_reply(ctx, &org);
        // Every change is audited, so an audit as long as before means every value given was
        // already the organisation's: saying "updated" would suggest something moved.
        let changed = org.audit.len() > before.audit.len();
        let said = if changed || moved > 0 {
            Msg::OrgUpdated
        } else {
            Msg::OrgUnchanged
        };
        reply.text = ctx.f(said, &[("org", org.id.as_str())]);
        let (msg, n) = if self.apply_to_open {
            (Msg::OrgOpenCasesMoved, moved)
        } else {
            (Msg::OrgOpenCasesKeepTerms, kept)
        };
        if n > 0 {
            reply.text.push('\n');
            reply.text.push_str(&ctx.f(msg, &[("n", &n.to_string())]));
        }
        if !moves.is_empty() {
            let mut lines: Vec<String> = moves
                .iter()
                .take(MOVES_SHOWN)
                .map(|(id, before, after)| {
                    let case = id.to_string();
                    let when = format!("<t:{}:f>", after.timestamp());
                    if before == after {
                        ctx.f(Msg::OrgMovedCaseSame, &[("case", &case), ("when", &when)])
                    } else {
                        let before = format!("<t:{}:f>", before.timestamp());
                        ctx.f(
                            Msg::OrgMovedCase,
                            &[("case", &case), ("when", &when), ("before", &before)],
                        )
                    }
                })
                .collect();
            if moves.len() > MOVES_SHOWN {
                lines.push(ctx.f(
                    Msg::OrgMovedMore,
                    &[
                        ("n", &(moves.len() - MOVES_SHOWN).to_string()),
                        ("org", org.id.as_str()),
                    ],
                ));
            }
            reply = reply.field(ctx.t(Msg::OrgMovedTitle), lines.join("\n"));
        }
        Ok(reply)
    }
}

/// At most this many moved cases are listed with their new due instants.
const MOVES_SHOWN: usize = 10;

/// The organisation's cases without a first response, whose clock runs or stands still (closed):
/// those whose due instant still depends on their terms.
fn open_cases(store: &dyn Store, org: &OrgId) -> Result<Vec<Case>, CmdError> {
    let cases = store.list_cases(&CaseQuery {
        orgs: Some(vec![org.clone()]),
        limit: usize::MAX,
        ..CaseQuery::default()
    })?;
    Ok(cases.into_iter().filter(|c| c.response.is_none()).collect())
}

#[derive(Debug)]
pub struct OrgList;

impl OrgList {
    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        let orgs = visible_orgs(ctx, ctx.store()?)?;
        let mut reply = Reply::new(ctx.t(Msg::OrgListTitle));
        if orgs.is_empty() {
            reply.text = ctx.t(Msg::OrgListEmpty).to_owned();
        }
        let lines: Vec<String> = orgs
            .iter()
            .map(|o| {
                format!(
                    "`{}` {} · {} · {}",
                    o.id,
                    o.name.shown(),
                    ctx.catalog.plan(o.plan).name.get(ctx.language),
                    ctx.catalog.region(o.region).name.get(ctx.language)
                )
            })
            .collect();
        // However long, the list is whole: transports page what one message cannot hold.
        if !lines.is_empty() {
            reply.text = lines.join("\n");
        }
        reply.private = !ctx.team_channel;
        Ok(reply)
    }
}

/// Organisations whose id or name starts with `prefix` (case-insensitive) that the caller may
/// see: what Discord's autocomplete offers.
pub fn suggest(
    ctx: &Context<'_>,
    prefix: &str,
    limit: usize,
) -> Result<Vec<(String, String)>, CmdError> {
    let store = ctx.store()?;
    let prefix = prefix.trim().to_lowercase();
    Ok(store
        .orgs()?
        .into_iter()
        .filter(|o| policy::can_see(ctx.role, ctx.user, o))
        .filter(|o| {
            o.id.as_str().starts_with(&prefix)
                || o.name.as_str().to_lowercase().starts_with(&prefix)
        })
        .take(limit)
        // Autocomplete labels are plain text on Discord: no markdown to escape.
        .map(|o| (String::from(o.name), o.id.to_string()))
        .collect())
}
