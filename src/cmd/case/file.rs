//! `/case file`: records a case and starts its initial-response clock. The case is reported as
//! recorded only once it is on disk.

use super::super::options::shared;
use super::super::{
    CmdError, Command, CommandSpec, Context, OptionKind, OptionSpec, Options, format,
};
use super::{case_reply, explanation_line};
use crate::cmd::org::visible_org;
use crate::domain::case::{CASE_SCHEMA, Case, Event, EventKind};
use crate::domain::ids::{Language, Priority};
use crate::domain::org::{OrgId, ProductId, UserId};
use crate::domain::policy::{self, Filing};
use crate::domain::text::UserText;
use crate::engine::Reply;
use crate::i18n::Msg;

pub const SPEC: CommandSpec = CommandSpec {
    name: "case file",
    uses_store: true,
    help: Msg::HelpCaseFile,
    label: Msg::CommandCaseFile,
    options: &[
        shared::ORG,
        shared::PRODUCT,
        shared::PRIORITY,
        OptionSpec::required("title", OptionKind::Name, Msg::OptionTitle, Msg::AboutTitle),
        OptionSpec::optional(
            "description",
            OptionKind::Text,
            Msg::OptionDescription,
            Msg::AboutDescription,
        ),
        OptionSpec::optional(
            "language",
            OptionKind::Language,
            Msg::OptionLanguage,
            Msg::AboutLanguageFile,
        ),
        OptionSpec::optional(
            "requester",
            OptionKind::User,
            Msg::OptionRequester,
            Msg::AboutRequester,
        ),
        OptionSpec::optional(
            "impact",
            OptionKind::Text,
            Msg::OptionImpact,
            Msg::AboutImpact,
        ),
    ],
    parse: |o| Ok(Command::CaseFile(CaseFile::parse(o)?)),
};

#[derive(Debug)]
pub struct CaseFile {
    org: OrgId,
    product: ProductId,
    priority: Priority,
    title: UserText,
    description: Option<UserText>,
    language: Option<Language>,
    requester: Option<UserId>,
    impact: Option<UserText>,
}

impl CaseFile {
    fn parse(o: &Options<'_>) -> Result<CaseFile, CmdError> {
        Ok(CaseFile {
            org: o.require("org")?,
            product: o.require("product")?,
            priority: o.require("priority")?,
            title: o.require("title")?,
            description: o.get("description")?,
            language: o.get("language")?,
            requester: o.get("requester")?,
            impact: o.get("impact")?,
        })
    }

    pub fn apply(self, ctx: &Context<'_>) -> Result<Reply, CmdError> {
        let store = ctx.store()?;
        let catalog = ctx.catalog;
        let org = visible_org(ctx, store, &self.org)?;
        let region = catalog.region(org.region);
        // Unless asked otherwise, a case is in the asker's language where the region supports it
        // for this product, and in English otherwise.
        let asker_language_fits = region.languages.contains(&ctx.language)
            && !region
                .language_exclusions
                .iter()
                .any(|e| e.language == ctx.language && e.product.as_str() == self.product.as_str());
        let language = self.language.unwrap_or(if asker_language_fits {
            ctx.language
        } else {
            Language::En
        });
        policy::check_filing(
            catalog,
            &Filing {
                role: ctx.role,
                user: ctx.user,
                org: &org,
                product: &self.product,
                priority: self.priority,
                language,
                impact: self.impact.as_ref().map(UserText::as_str),
                now: ctx.now,
            },
        )?;
        let terms = org.terms();
        let explanation = policy::explain_due(catalog, &terms, self.priority, ctx.now)?;
        let requester = self.requester.unwrap_or(ctx.user);
        let case = store.file_case(&mut |id| {
            Ok(Case {
                v: CASE_SCHEMA,
                id,
                org: org.id.clone(),
                product: self.product.clone(),
                priority: self.priority,
                title: self.title.clone(),
                description: self.description.clone(),
                language,
                requester,
                filed_by: ctx.user,
                impact: self.impact.clone(),
                submitted_at: ctx.now,
                due_at: explanation.due,
                response: None,
                closed_at: None,
                customer_raised_at: None,
                history: vec![Event {
                    at: ctx.now,
                    by: ctx.user,
                    kind: EventKind::Filed,
                }],
                pauses: Vec::new(),
                terms: Some(terms),
            })
        })?;
        store.durable()?;
        metrics::counter!(crate::telemetry::CASES_FILED).increment(1);
        tracing::info!(case = %case.id, org = %org.id, priority = case.priority.label(), "case filed");
        let mut reply = case_reply(ctx, &case, &org)?;
        reply.text = format!(
            "{}\n{}",
            ctx.f(
                Msg::CaseFiled,
                &[
                    ("case", &case.id.to_string()),
                    ("when", &format::timestamp(case.due_at))
                ]
            ),
            explanation_line(ctx, &terms, case.priority, &explanation)
        );
        Ok(reply)
    }
}
