//! `/contacts add|remove|list`: the named support contacts of an organisation, per product,
//! within the plan's limit.

use super::options::shared;
use super::org::visible_org;
use super::{CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options};
use crate::domain::org::{AuditEntry, OrgId, ProductId, Role, UserId};
use crate::domain::policy::{self, Refusal};
use crate::engine::Reply;
use crate::i18n::Msg;

pub const ADD: CommandSpec = CommandSpec {
    name: "contacts add",
    uses_store: true,
    help: Msg::HelpContactsAdd,
    label: Msg::CommandContactsAdd,
    options: &[
        shared::ORG,
        shared::PRODUCT,
        OptionSpec::required("user", OptionKind::User, Msg::OptionUser, Msg::AboutUser),
    ],
    parse: |o| Ok(Command::ContactsAdd(Contact::parse(o)?)),
};

pub const REMOVE: CommandSpec = CommandSpec {
    name: "contacts remove",
    uses_store: true,
    help: Msg::HelpContactsRemove,
    label: Msg::CommandContactsRemove,
    options: ADD.options,
    parse: |o| Ok(Command::ContactsRemove(Contact::parse(o)?)),
};

pub const LIST: CommandSpec = CommandSpec {
    name: "contacts list",
    uses_store: true,
    help: Msg::HelpContactsList,
    label: Msg::CommandContactsList,
    options: &[
        shared::ORG,
        OptionSpec::optional(
            "product",
            OptionKind::Product,
            Msg::OptionProduct,
            Msg::AboutProductFilter,
        ),
    ],
    parse: |o| {
        Ok(Command::ContactsList(ContactsList {
            org: o.require("org")?,
            product: o.get("product")?,
        }))
    },
};

/// One contact of one organisation for one product.
#[derive(Debug)]
pub struct Contact {
    org: OrgId,
    product: ProductId,
    user: UserId,
}

impl Contact {
    fn parse(o: &Options<'_>) -> Result<Contact, CmdError> {
        Ok(Contact {
            org: o.require("org")?,
            product: o.require("product")?,
            user: o.require("user")?,
        })
    }

    /// Managing contacts is for agents and admins; the organisation must exist for them.
    fn check(&self, ctx: &Context<'_>) -> Result<(), CmdError> {
        if ctx.role < Role::Agent {
            return Err(Refusal::AgentsOnly.into());
        }
        Ok(())
    }

    pub fn add(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        self.check(ctx)?;
        let store = ctx.store()?;
        let (now, by, catalog) = (ctx.now, ctx.user, ctx.catalog);
        let org = store.update_org(&self.org, &mut |org| {
            if !org.products.is_empty() && !org.products.contains(&self.product) {
                return Err(Refusal::UnknownProduct {
                    product: self.product.clone(),
                    products: org.products.clone(),
                });
            }
            policy::check_contact_added(catalog, org, &self.product, self.user)?;
            org.contacts
                .entry(self.product.clone())
                .or_default()
                .push(self.user);
            org.record(
                now,
                by,
                &AuditEntry::contacts_field(&self.product),
                "—".into(),
                format!("+{}", self.user),
            );
            Ok(())
        })?;
        store.durable()?;
        Ok(self.reply(ctx, &org, Msg::ContactsAdded))
    }

    pub fn remove(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        self.check(ctx)?;
        let store = ctx.store()?;
        let (now, by) = (ctx.now, ctx.user);
        let org = store.update_org(&self.org, &mut |org| {
            let users = org
                .contacts
                .get_mut(&self.product)
                .ok_or(Refusal::NotContact)?;
            let before = users.len();
            users.retain(|u| *u != self.user);
            if users.len() == before {
                return Err(Refusal::NotContact);
            }
            if users.is_empty() {
                org.contacts.remove(&self.product);
            }
            org.record(
                now,
                by,
                &AuditEntry::contacts_field(&self.product),
                format!("-{}", self.user),
                "—".into(),
            );
            Ok(())
        })?;
        store.durable()?;
        Ok(self.reply(ctx, &org, Msg::ContactsRemoved))
    }

    fn reply(&self, ctx: &Context<'_>, org: &crate::domain::org::Organisation, msg: Msg) -> Reply {
        let limit = ctx.catalog.named_contacts_limit(org.plan).to_string();
        let count = org
            .contacts
            .get(&self.product)
            .map_or(0, Vec::len)
            .to_string();
        let text = ctx.f(
            msg,
            &[
                ("user", &self.user.to_string()),
                ("org", org.id.as_str()),
                ("product", self.product.as_str()),
                ("count", &count),
                ("limit", &limit),
            ],
        );
        let mut reply = Reply::new(ctx.t(Msg::ContactsTitle)).text(text);
        reply.private = !ctx.team_channel;
        reply
    }
}

#[derive(Debug)]
pub struct ContactsList {
    org: OrgId,
    product: Option<ProductId>,
}

impl ContactsList {
    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        let store = ctx.store()?;
        let org = visible_org(ctx, store, &self.org)?;
        let limit = ctx.catalog.named_contacts_limit(org.plan);
        let mut reply = Reply::new(ctx.t(Msg::ContactsTitle)).text(ctx.f(
            Msg::ContactsLimit,
            &[
                ("plan", ctx.catalog.plan(org.plan).name.get(ctx.language)),
                ("limit", &limit.to_string()),
            ],
        ));
        for (product, users) in org
            .contacts
            .iter()
            .filter(|(p, _)| self.product.as_ref().is_none_or(|want| want == *p))
        {
            let users: Vec<String> = users.iter().map(|u| u.to_string()).collect();
            reply = reply.field(
                format!("{product} ({}/{limit})", users.len()),
                users.join("\n"),
            );
        }
        if reply.fields.is_empty() {
            reply = reply.field(ctx.t(Msg::ContactsTitle), "—");
        }
        reply.private = !ctx.team_channel;
        Ok(reply)
    }
}
