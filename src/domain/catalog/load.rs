//! Reading `data/*.toml` into a [`Catalog`], refusing anything inconsistent with the file, the key
//! and the reason.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Display;
use std::path::{Path, PathBuf};

use super::files::CatalogFiles;

use chrono::{Datelike, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{
    AttainmentTarget, Capability, Catalog, Entitlement, EntitlementValue, Family, Feature, Group,
    LanguageExclusion, Plan, PriorityInfo, Product, Region, Resource, TargetInfo,
};
use crate::domain::calendar::{Amount, BusinessHours, HolidayList, Target};
use crate::domain::ids::{CalendarKind, CountryCode, Language, PlanId, Priority, RegionId};
use crate::domain::org::ProductId;
use crate::domain::reminders::{ReminderPolicy, Rule};
use crate::i18n::{Localized, Messages, locale_file};

/// Why the catalog could not be loaded: which file, which key, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {key}: {reason}", file.display())]
pub struct CatalogError {
    pub file: PathBuf,
    pub key: String,
    pub reason: String,
}

/// Collects the file being read so each check only names its key and reason.
struct FileCheck<'a> {
    file: &'a Path,
}

impl FileCheck<'_> {
    fn error(&self, key: impl Into<String>, reason: impl Display) -> CatalogError {
        CatalogError {
            file: self.file.to_owned(),
            key: key.into(),
            reason: reason.to_string(),
        }
    }

    fn text(&self, key: &str, text: &Localized) -> Result<(), CatalogError> {
        match text.blank_language() {
            Some(language) => Err(self.error(key, format!("missing {language} translation"))),
            None => Ok(()),
        }
    }

    fn source(&self, key: &str, source: &str) -> Result<(), CatalogError> {
        if source.trim().is_empty() {
            return Err(self.error(key, "every fact must name its source"));
        }
        Ok(())
    }

    fn parse<T: std::str::FromStr>(&self, key: &str, value: &str) -> Result<T, CatalogError>
    where
        T::Err: Display,
    {
        value.parse().map_err(|e| self.error(key, e))
    }

    fn time(&self, key: &str, value: &str) -> Result<NaiveTime, CatalogError> {
        NaiveTime::parse_from_str(value, "%H:%M")
            .map_err(|_| self.error(key, format!("{value:?} is not a time of day HH:MM")))
    }

    fn timezone(&self, key: &str, value: &str) -> Result<Tz, CatalogError> {
        value
            .parse::<Tz>()
            .map_err(|_| self.error(key, format!("unknown time zone {value:?}")))
    }

    /// Declares a catalog id, refusing a malformed one or a second definition.
    fn declare<Id: Copy + Eq>(
        &self,
        key: &str,
        seen: &[Id],
        declare: impl FnOnce() -> Result<Id, crate::domain::ids::BadId>,
    ) -> Result<Id, CatalogError> {
        let id = declare().map_err(|e| self.error(key, e))?;
        if seen.contains(&id) {
            return Err(self.error(key, "defined twice"));
        }
        Ok(id)
    }

    /// Resolves a reference to an id this catalog defines, naming the ones it does.
    fn reference<Id: Copy + Display>(
        &self,
        key: &str,
        what: &str,
        defined: &[Id],
        given: &str,
    ) -> Result<Id, CatalogError> {
        defined
            .iter()
            .copied()
            .find(|id| id.to_string() == given)
            .ok_or_else(|| {
                let names: Vec<String> = defined.iter().map(ToString::to_string).collect();
                self.error(
                    key,
                    format!("{given:?} is not a {what}; defined: {}", names.join(", ")),
                )
            })
    }

    /// Puts each item at its id's index, refusing duplicates and gaps.
    fn complete<Id: Copy + Eq + Display, T>(
        &self,
        what: &str,
        all: &[Id],
        items: Vec<(Id, T)>,
    ) -> Result<Vec<T>, CatalogError> {
        let mut slots: Vec<Option<T>> = all.iter().map(|_| None).collect();
        for (id, item) in items {
            let index = all.iter().position(|a| *a == id).unwrap_or(0);
            if slots[index].replace(item).is_some() {
                return Err(self.error(format!("{what}[{id}]"), "defined twice"));
            }
        }
        slots
            .into_iter()
            .zip(all)
            .map(|(slot, id)| slot.ok_or_else(|| self.error(format!("{what}[{id}]"), "missing")))
            .collect()
    }
}

fn read<T: DeserializeOwned>(files: &CatalogFiles, relative: &str) -> Result<T, CatalogError> {
    let path = &files.path(relative);
    let check = FileCheck { file: path };
    let text = files.read(relative).map_err(|e| check.error("(file)", e))?;
    toml::from_str(&text).map_err(|e| {
        let message = e.message().to_owned();
        let at = e
            .span()
            .map(|span| {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                format!("line {line}")
            })
            .unwrap_or_else(|| "(file)".to_owned());
        check.error(at, message)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlansFile {
    family: Vec<RawFamily>,
    plan: Vec<RawPlan>,
    group: Vec<RawGroup>,
    entitlement: Vec<RawEntitlement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFamily {
    id: String,
    name: Localized,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    id: String,
    family: String,
    paid: bool,
    name: Localized,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: String,
    family: String,
    label: Localized,
    source: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawValue {
    Flag(bool),
    Count(u32),
    Coverage(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntitlement {
    id: String,
    group: String,
    label: Localized,
    values: HashMap<String, RawValue>,
    capability: Option<String>,
    note: Option<Localized>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetsFile {
    priority: Vec<RawPriority>,
    target: Vec<RawTarget>,
    attainment: RawAttainment,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttainment {
    percent: u8,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPriority {
    id: Priority,
    name: Localized,
    definition: Localized,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    plan: String,
    priority: Priority,
    calendar: Option<String>,
    minutes: Option<u32>,
    hours: Option<u32>,
    days: Option<u32>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionsFile {
    region: Vec<RawRegion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    id: String,
    name: Localized,
    opens: String,
    closes: String,
    timezone: String,
    country: String,
    languages: Vec<String>,
    #[serde(default)]
    submission_window: Vec<String>,
    #[serde(default)]
    rules: Vec<Localized>,
    #[serde(default)]
    language_exclusion: Vec<RawExclusion>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExclusion {
    product: String,
    language: String,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductsFile {
    product: Vec<RawProduct>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProduct {
    id: String,
    name: String,
    #[serde(default)]
    notes: Vec<Localized>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FeaturesFile {
    feature: Vec<RawFeature>,
    resource: Vec<RawResource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeature {
    plan: String,
    id: String,
    title: Localized,
    description: Localized,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResource {
    id: String,
    title: Localized,
    description: Localized,
    url: Localized,
    source: String,
    #[serde(default)]
    outages: bool,
}

/// `holidays/XX.toml`: the calendars of country XX and of its subdivisions.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountryHolidaysFile {
    country: Option<String>,
    source: String,
    years: Option<[i32; 2]>,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    subdivisions: Vec<String>,
    names_from: Option<Localized>,
    #[serde(default)]
    day: Vec<RawCountryHoliday>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCountryHoliday {
    date: String,
    name: Localized,
    /// The calendars of the file the day belongs to; all of them when neither list is given.
    #[serde(default)]
    only: Vec<String>,
    #[serde(default)]
    except: Vec<String>,
}

/// `holidays/designated.toml`: the vendor's own days.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DesignatedFile {
    source: String,
    #[serde(default)]
    day: Vec<RawDesignatedDay>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDesignatedDay {
    date: String,
    name: Localized,
    #[serde(default)]
    regions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RemindersFile {
    source: String,
    breach: bool,
    escalation_after_minutes: u32,
    nonce_window_seconds: u32,
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    calendar: String,
    priority: Option<Priority>,
    #[serde(default)]
    fractions: Vec<f64>,
    #[serde(default)]
    minutes_before: Vec<u32>,
}

fn load_reminders(files: &CatalogFiles, relative: &str) -> Result<ReminderPolicy, CatalogError> {
    let path = &files.path(relative);
    let check = FileCheck { file: path };
    let file: RemindersFile = read(files, relative)?;
    check.source("source", &file.source)?;
    if file.nonce_window_seconds == 0 {
        return Err(check.error(
            "nonce_window_seconds",
            "0 would look every resend up; Discord remembers a nonce for a few minutes",
        ));
    }
    let mut rules: Vec<Rule> = Vec::new();
    for (i, raw) in file.rule.into_iter().enumerate() {
        let key = format!("rule[{i}]");
        let calendar: CalendarKind = check.parse(&format!("{key}.calendar"), &raw.calendar)?;
        if rules
            .iter()
            .any(|r| r.calendar == calendar && r.priority == raw.priority)
        {
            return Err(check.error(key, "a second rule for the same calendar and priority"));
        }
        if let Some(f) = raw.fractions.iter().find(|f| !(**f > 0.0 && **f < 1.0)) {
            return Err(check.error(
                format!("{key}.fractions"),
                format!("{f} is not a fraction between 0 and 1"),
            ));
        }
        if raw.minutes_before.contains(&0) {
            return Err(check.error(
                format!("{key}.minutes_before"),
                "0 minutes before due is the breach notice",
            ));
        }
        rules.push(Rule {
            calendar,
            priority: raw.priority,
            fractions: raw.fractions,
            minutes_before: raw.minutes_before,
        });
    }
    Ok(ReminderPolicy {
        breach: file.breach,
        escalation_after: chrono::TimeDelta::minutes(i64::from(file.escalation_after_minutes)),
        nonce_window: chrono::TimeDelta::seconds(i64::from(file.nonce_window_seconds)),
        rules,
        source: file.source,
    })
}

#[derive(Deserialize)]
struct IdsOnly {
    #[serde(default)]
    plan: Vec<IdOnly>,
    #[serde(default)]
    region: Vec<IdOnly>,
}

#[derive(Deserialize)]
struct IdOnly {
    id: String,
}

/// Declares the plan and region ids of `files` without loading the rest, for what is read
/// beside the catalog and names them (the intents); [`Catalog::load_from`] checks them fully.
pub fn declare_ids(files: &CatalogFiles) -> Result<(), CatalogError> {
    for relative in ["plans.toml", "regions.toml"] {
        let path = files.path(relative);
        let check = FileCheck { file: &path };
        let ids: IdsOnly = read(files, relative)?;
        for plan in ids.plan {
            PlanId::declare(&plan.id).map_err(|e| check.error(format!("plan[{}]", plan.id), e))?;
        }
        for region in ids.region {
            RegionId::declare(&region.id)
                .map_err(|e| check.error(format!("region[{}]", region.id), e))?;
        }
    }
    Ok(())
}

impl Catalog {
    /// Loads and validates the catalog in `dir` (the layout of `data/`).
    pub fn load(dir: &Path) -> Result<Catalog, CatalogError> {
        Catalog::load_from(&CatalogFiles::Dir(dir.to_owned()))
    }

    /// Loads and validates the catalog in `files`: a directory, or the one built into the binary.
    pub fn load_from(files: &CatalogFiles) -> Result<Catalog, CatalogError> {
        let PlansData {
            families,
            plans,
            groups,
            entitlements,
        } = load_plans(files, "plans.toml")?;
        let plan_ids: Vec<PlanId> = plans.iter().map(|p| p.id).collect();
        let (priorities, targets, attainment) = load_targets(files, "targets.toml", &plan_ids)?;
        let holidays = load_national_holidays(files, "holidays")?;
        let regions = load_regions(files, "regions.toml", &holidays)?;
        let region_ids: Vec<RegionId> = regions.iter().map(|r| r.id).collect();
        let designated = load_designated(files, "holidays/designated.toml", &region_ids)?;
        let (features, resources) = load_features(files, "features.toml", &plan_ids)?;
        let products = load_products(files, "products.toml")?;
        check_exclusions(files, "regions.toml", &regions, &products)?;
        let reminder_policy = load_reminders(files, "reminders.toml")?;
        let messages = load_messages(files)?;
        Ok(Catalog {
            families,
            plans,
            groups,
            entitlements,
            priorities,
            targets,
            attainment,
            regions,
            features,
            resources,
            products,
            holidays,
            designated,
            messages,
            reminder_policy,
        })
    }
}

/// The sentences of every language, one Fluent file each (`locales/<language>.ftl`).
fn load_messages(files: &CatalogFiles) -> Result<Messages, CatalogError> {
    let mut sources = Vec::with_capacity(Language::ALL.len());
    for &language in Language::ALL {
        let relative = locale_file(language);
        let text = files.read(&relative).map_err(|e| {
            FileCheck {
                file: &files.path(&relative),
            }
            .error("(file)", e)
        })?;
        sources.push(text);
    }
    Messages::from_ftl(|language| &sources[language.index()]).map_err(|e| {
        FileCheck {
            file: &files.path(&locale_file(e.language)),
        }
        .error(e.key, e.problem)
    })
}

/// What `plans.toml` holds, validated.
struct PlansData {
    families: Vec<Family>,
    plans: Vec<Plan>,
    groups: Vec<Group>,
    entitlements: Vec<Entitlement>,
}

fn load_plans(files: &CatalogFiles, relative: &str) -> Result<PlansData, CatalogError> {
    let path = &files.path(relative);
    let check = FileCheck { file: path };
    let file: PlansFile = read(files, relative)?;
    let mut families: Vec<Family> = Vec::new();
    for raw in file.family {
        let key = format!("family[{}]", raw.id);
        if families.iter().any(|f| f.id == raw.id) {
            return Err(check.error(key, "defined twice"));
        }
        check.text(&format!("{key}.name"), &raw.name)?;
        check.source(&key, &raw.source)?;
        families.push(Family {
            id: raw.id,
            name: raw.name,
            source: raw.source,
        });
    }
    let family_of = |key: &str, given: &str| {
        families.iter().position(|f| f.id == given).ok_or_else(|| {
            let defined: Vec<&str> = families.iter().map(|f| f.id.as_str()).collect();
            check.error(
                key,
                format!("no family {given:?}; defined: {}", defined.join(", ")),
            )
        })
    };
    let mut plans: Vec<Plan> = Vec::new();
    for raw in file.plan {
        let key = format!("plan[{}]", raw.id);
        let seen: Vec<PlanId> = plans.iter().map(|p| p.id).collect();
        let id = check.declare(&key, &seen, || PlanId::declare(&raw.id))?;
        let family = family_of(&format!("{key}.family"), &raw.family)?;
        check.text(&format!("{key}.name"), &raw.name)?;
        check.source(&key, &raw.source)?;
        plans.push(Plan {
            id,
            family,
            paid: raw.paid,
            name: raw.name,
            source: raw.source,
        });
    }
    if plans.is_empty() {
        return Err(check.error("plan", "the programme has at least one plan"));
    }
    if let Some(empty) = families
        .iter()
        .enumerate()
        .find(|(i, _)| !plans.iter().any(|p| p.family == *i))
    {
        return Err(check.error(format!("family[{}]", empty.1.id), "no plan is in it"));
    }

    let mut groups: Vec<Group> = Vec::new();
    for raw in file.group {
        let key = format!("group[{}]", raw.id);
        if groups.iter().any(|g| g.id == raw.id) {
            return Err(check.error(key, "defined twice"));
        }
        let family = family_of(&format!("{key}.family"), &raw.family)?;
        check.text(&format!("{key}.label"), &raw.label)?;
        check.source(&key, &raw.source)?;
        groups.push(Group {
            id: raw.id,
            family,
            label: raw.label,
            source: raw.source,
        });
    }

    let mut entitlements: Vec<Entitlement> = Vec::new();
    for raw in file.entitlement {
        let key = format!("entitlement[{}]", raw.id);
        if entitlements.iter().any(|e| e.id == raw.id) {
            return Err(check.error(key, "defined twice"));
        }
        let group = groups
            .iter()
            .position(|g| g.id == raw.group)
            .ok_or_else(|| {
                check.error(format!("{key}.group"), format!("no group {:?}", raw.group))
            })?;
        check.text(&format!("{key}.label"), &raw.label)?;
        if let Some(note) = &raw.note {
            check.text(&format!("{key}.note"), note)?;
        }
        check.source(&key, &raw.source)?;
        let capability = raw
            .capability
            .as_deref()
            .map(|c| {
                Capability::ALL
                    .iter()
                    .copied()
                    .find(|k| k.as_str() == c)
                    .ok_or_else(|| {
                        check.error(
                            format!("{key}.capability"),
                            format!("{c:?} is not one of {}", Capability::NAMES.join(", ")),
                        )
                    })
            })
            .transpose()?;
        let family = groups[group].family;
        let members: Vec<PlanId> = plans
            .iter()
            .filter(|p| p.family == family)
            .map(|p| p.id)
            .collect();
        let mut values = Vec::new();
        for (plan, value) in raw.values {
            let value_key = format!("{key}.values.{plan}");
            let plan = check.reference(
                &value_key,
                &format!("plan of family {:?}", families[family].id),
                &members,
                &plan,
            )?;
            let value = match value {
                RawValue::Flag(b) => EntitlementValue::Included(b),
                RawValue::Count(n) => EntitlementValue::Count(n),
                RawValue::Coverage(kind) => match check.parse::<CalendarKind>(&value_key, &kind)? {
                    k @ (CalendarKind::BusinessHours | CalendarKind::TwentyFourFive) => {
                        EntitlementValue::Coverage(k)
                    }
                    other => {
                        return Err(check.error(
                            value_key,
                            format!("{other} is not an hours kind (business-hours or 24x5)"),
                        ));
                    }
                },
            };
            values.push((plan, value));
        }
        let values: Vec<(PlanId, EntitlementValue)> = members
            .iter()
            .copied()
            .zip(check.complete(&format!("{key}.values"), &members, values)?)
            .collect();
        if capability == Some(Capability::NamedContacts)
            && let Some((_, v)) = values
                .iter()
                .find(|(_, v)| !matches!(v, EntitlementValue::Count(_)))
        {
            return Err(check.error(
                format!("{key}.values"),
                format!("named contacts must be a count per plan, found {v:?}"),
            ));
        }
        entitlements.push(Entitlement {
            id: raw.id,
            group,
            label: raw.label,
            values,
            capability,
            note: raw.note,
            source: raw.source,
        });
    }
    // A family without a capability's row does not offer it; two rows would disagree.
    for (index, family) in families.iter().enumerate() {
        for &capability in Capability::ALL {
            let count = entitlements
                .iter()
                .filter(|e| groups[e.group].family == index && e.capability == Some(capability))
                .count();
            if count > 1 {
                return Err(check.error(
                    format!(
                        "family[{}] capability = {:?}",
                        family.id,
                        capability.as_str()
                    ),
                    format!("marks {count} entitlements; a family marks each at most once"),
                ));
            }
        }
    }
    Ok(PlansData {
        families,
        plans,
        groups,
        entitlements,
    })
}

type Targets = (Vec<PriorityInfo>, Vec<[TargetInfo; 4]>, AttainmentTarget);

fn load_targets(
    files: &CatalogFiles,
    relative: &str,
    plans: &[PlanId],
) -> Result<Targets, CatalogError> {
    let path = &files.path(relative);
    let check = FileCheck { file: path };
    let file: TargetsFile = read(files, relative)?;
    check.source("attainment", &file.attainment.source)?;
    if !(1..=100).contains(&file.attainment.percent) {
        return Err(check.error("attainment.percent", "a share from 1 to 100 per cent"));
    }
    let attainment = AttainmentTarget {
        percent: file.attainment.percent,
        source: file.attainment.source,
    };
    let mut priorities = Vec::new();
    for raw in file.priority {
        let key = format!("priority[{}]", raw.id);
        check.text(&format!("{key}.name"), &raw.name)?;
        check.text(&format!("{key}.definition"), &raw.definition)?;
        check.source(&key, &raw.source)?;
        priorities.push((
            raw.id,
            PriorityInfo {
                id: raw.id,
                name: raw.name,
                definition: raw.definition,
                source: raw.source,
            },
        ));
    }
    let priorities = check.complete("priority", Priority::ALL, priorities)?;

    let mut by_plan: Vec<Vec<(Priority, TargetInfo)>> = plans.iter().map(|_| Vec::new()).collect();
    for raw in file.target {
        let key = format!("target[{} {}]", raw.plan, raw.priority);
        let plan = check.reference(&format!("{key}.plan"), "plan", plans, &raw.plan)?;
        let kind: CalendarKind = match &raw.calendar {
            Some(c) => check.parse(&format!("{key}.calendar"), c)?,
            None => {
                return Err(check.error(
                    key,
                    "a target needs a calendar (24x7, 24x5, business-hours or business-days)",
                ));
            }
        };
        let amount = match (raw.minutes, raw.hours, raw.days) {
            (Some(m), None, None) => Amount::Minutes(m),
            (None, Some(h), None) => Amount::Hours(h),
            (None, None, Some(d)) => Amount::Days(d),
            _ => return Err(check.error(key, "give exactly one of minutes, hours, days")),
        };
        if matches!(
            amount,
            Amount::Minutes(0) | Amount::Hours(0) | Amount::Days(0)
        ) {
            return Err(check.error(key, "a target must allow some time"));
        }
        if (kind == CalendarKind::BusinessDays) != matches!(amount, Amount::Days(_)) {
            return Err(check.error(
                key,
                "business-days targets are given in days, and only they are",
            ));
        }
        check.source(&key, &raw.source)?;
        let index = plans.iter().position(|p| *p == plan).unwrap_or(0);
        by_plan[index].push((
            raw.priority,
            TargetInfo {
                target: Target { kind, amount },
                source: raw.source,
            },
        ));
    }
    let mut rows = Vec::new();
    for (plan, targets) in plans.iter().zip(by_plan) {
        let row = check.complete(&format!("target[{plan}]"), Priority::ALL, targets)?;
        let row: [TargetInfo; 4] = row
            .try_into()
            .map_err(|_| check.error("target", "four priorities per plan"))?;
        rows.push(row);
    }
    Ok((priorities, rows, attainment))
}

fn load_regions(
    files: &CatalogFiles,
    relative: &str,
    holidays: &BTreeMap<CountryCode, HolidayList>,
) -> Result<Vec<Region>, CatalogError> {
    let path = &files.path(relative);
    let check = FileCheck { file: path };
    let file: RegionsFile = read(files, relative)?;
    let mut regions: Vec<Region> = Vec::new();
    for raw in file.region {
        let key = format!("region[{}]", raw.id);
        let seen: Vec<RegionId> = regions.iter().map(|r| r.id).collect();
        let id = check.declare(&key, &seen, || RegionId::declare(&raw.id))?;
        check.text(&format!("{key}.name"), &raw.name)?;
        check.source(&key, &raw.source)?;
        let opens = check.time(&format!("{key}.opens"), &raw.opens)?;
        let closes = check.time(&format!("{key}.closes"), &raw.closes)?;
        let hours = BusinessHours::new(opens, closes).map_err(|_| {
            check.error(
                format!("{key}.closes"),
                format!("closes at {} before it opens at {}", raw.closes, raw.opens),
            )
        })?;
        let timezone = check.timezone(&format!("{key}.timezone"), &raw.timezone)?;
        let country: CountryCode = check.parse(&format!("{key}.country"), &raw.country)?;
        if !holidays.contains_key(&country) {
            return Err(check.error(
                format!("{key}.country"),
                format!(
                    "no holiday calendar {country} in holidays/{}.toml",
                    country.country()
                ),
            ));
        }
        if raw.languages.is_empty() {
            return Err(check.error(
                format!("{key}.languages"),
                "a region supports at least one language",
            ));
        }
        let languages = raw
            .languages
            .iter()
            .map(|l| check.parse(&format!("{key}.languages"), l))
            .collect::<Result<Vec<Language>, _>>()?;
        let submission_window = raw
            .submission_window
            .iter()
            .map(|p| check.parse(&format!("{key}.submission_window"), p))
            .collect::<Result<Vec<Priority>, _>>()?;
        for (i, rule) in raw.rules.iter().enumerate() {
            check.text(&format!("{key}.rules[{i}]"), rule)?;
        }
        let mut language_exclusions = Vec::new();
        for raw_exclusion in raw.language_exclusion {
            let exclusion_key = format!("{key}.language_exclusion[{}]", raw_exclusion.product);
            check.source(&exclusion_key, &raw_exclusion.source)?;
            let language = check.parse(
                &format!("{exclusion_key}.language"),
                &raw_exclusion.language,
            )?;
            language_exclusions.push(LanguageExclusion {
                product: raw_exclusion.product,
                language,
                source: raw_exclusion.source,
            });
        }
        regions.push(Region {
            id,
            name: raw.name,
            hours,
            timezone,
            country,
            languages,
            submission_window,
            rules: raw.rules,
            language_exclusions,
            source: raw.source,
        });
    }
    if regions.is_empty() {
        return Err(check.error("region", "the programme has at least one region"));
    }
    Ok(regions)
}

fn holiday_date(check: &FileCheck<'_>, date: &str) -> Result<NaiveDate, CatalogError> {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| {
        check.error(
            format!("day[{date}]"),
            format!("{date:?} is not a date YYYY-MM-DD"),
        )
    })
}

/// A holiday's name in every language, and translated: a zh-TW or ja name that is the English one
/// is an untranslated name (every shipped holiday has its own).
fn holiday_name(check: &FileCheck<'_>, key: &str, name: &Localized) -> Result<(), CatalogError> {
    check.text(key, name)?;
    let en = name.get(Language::En);
    for language in [Language::ZhTw, Language::Ja] {
        if name.get(language) == en {
            return Err(check.error(
                format!("{key}.{language}"),
                format!("{en:?} is not translated"),
            ));
        }
    }
    Ok(())
}

/// The calendars of every `holidays/XX.toml` (all but `designated.toml`), by code.
fn load_national_holidays(
    files: &CatalogFiles,
    relative: &str,
) -> Result<BTreeMap<CountryCode, HolidayList>, CatalogError> {
    let listing = files.list(relative).map_err(|e| CatalogError {
        file: files.path(relative),
        key: "(directory)".into(),
        reason: e.to_string(),
    })?;
    let mut lists = BTreeMap::new();
    for file in listing
        .iter()
        .filter(|f| f.ends_with(".toml") && !f.ends_with("/designated.toml"))
    {
        lists.extend(load_country_holidays(files, file)?);
    }
    Ok(lists)
}

fn load_country_holidays(
    files: &CatalogFiles,
    relative: &str,
) -> Result<Vec<(CountryCode, HolidayList)>, CatalogError> {
    let path = &files.path(relative);
    let check = FileCheck { file: path };
    let file: CountryHolidaysFile = read(files, relative)?;
    check.source("source", &file.source)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let country: CountryCode = check.parse("(file name)", &stem)?;
    if country.is_subdivision() {
        return Err(check.error(
            "(file name)",
            "one file per country; subdivisions are listed inside it",
        ));
    }
    match file
        .country
        .as_deref()
        .map(|c| check.parse::<CountryCode>("country", c))
        .transpose()?
    {
        Some(c) if c == country => {}
        Some(c) => {
            return Err(check.error(
                "country",
                format!("{c} does not match the file name {stem}.toml"),
            ));
        }
        None => return Err(check.error("country", "missing")),
    }
    let (first, last) = match file.years {
        Some([first, last]) if first <= last => (first, last),
        Some(_) => return Err(check.error("years", "first year after last year")),
        None => {
            return Err(check.error("years", "missing: [first year, last year] the file covers"));
        }
    };
    if file.categories.iter().all(|c| c.trim().is_empty()) {
        return Err(check.error(
            "categories",
            "name the source's holiday categories the file holds",
        ));
    }
    match &file.names_from {
        Some(names_from) => check.text("names_from", names_from)?,
        None => {
            return Err(check.error(
                "names_from",
                "missing: where each language's names come from",
            ));
        }
    }

    let mut codes = vec![country];
    for sub in &file.subdivisions {
        let key = format!("subdivisions[{sub}]");
        let code: CountryCode = check.parse(&key, &format!("{country}-{sub}"))?;
        if codes.contains(&code) {
            return Err(check.error(key, "listed twice"));
        }
        codes.push(code);
    }
    let mut days: Vec<BTreeMap<NaiveDate, Localized>> =
        codes.iter().map(|_| BTreeMap::new()).collect();
    for raw in file.day {
        let date = holiday_date(&check, &raw.date)?;
        let key = format!("day[{date}]");
        if !(first..=last).contains(&date.year()) {
            return Err(check.error(key, format!("outside the file's years {first}-{last}")));
        }
        holiday_name(&check, &format!("{key}.name"), &raw.name)?;
        let listed = |field: &str, list: &[String]| -> Result<Vec<usize>, CatalogError> {
            list.iter()
                .map(|c| {
                    let code: CountryCode = check.parse(&format!("{key}.{field}"), c)?;
                    codes.iter().position(|k| *k == code).ok_or_else(|| {
                        check.error(
                            format!("{key}.{field}"),
                            format!("{code} is not {country} or one of its subdivisions"),
                        )
                    })
                })
                .collect()
        };
        let applies: Vec<usize> = match (raw.only.is_empty(), raw.except.is_empty()) {
            (true, true) => (0..codes.len()).collect(),
            (false, true) => listed("only", &raw.only)?,
            (true, false) => {
                let excluded = listed("except", &raw.except)?;
                (0..codes.len()).filter(|i| !excluded.contains(i)).collect()
            }
            (false, false) => return Err(check.error(key, "give `only` or `except`, not both")),
        };
        for index in applies {
            if days[index].insert(date, raw.name.clone()).is_some() {
                return Err(check.error(key, format!("listed twice for {}", codes[index])));
            }
        }
    }
    Ok(codes
        .into_iter()
        .zip(days)
        .map(|(code, days)| (code, HolidayList::new(days, Some((first, last)))))
        .collect())
}

fn load_designated(
    files: &CatalogFiles,
    relative: &str,
    all_regions: &[RegionId],
) -> Result<HashMap<RegionId, HolidayList>, CatalogError> {
    let path = &files.path(relative);
    let check = FileCheck { file: path };
    let file: DesignatedFile = read(files, relative)?;
    check.source("source", &file.source)?;
    let mut per_region: HashMap<RegionId, BTreeMap<NaiveDate, Localized>> = HashMap::new();
    let mut seen = HashSet::new();
    for raw in file.day {
        let date = holiday_date(&check, &raw.date)?;
        let key = format!("day[{date}]");
        if !seen.insert(date) {
            return Err(check.error(key, "listed twice"));
        }
        holiday_name(&check, &format!("{key}.name"), &raw.name)?;
        let regions = if raw.regions.is_empty() {
            all_regions.to_vec()
        } else {
            raw.regions
                .iter()
                .map(|r| check.reference(&format!("{key}.regions"), "region", all_regions, r))
                .collect::<Result<Vec<RegionId>, _>>()?
        };
        for region in regions {
            per_region
                .entry(region)
                .or_default()
                .insert(date, raw.name.clone());
        }
    }
    Ok(per_region
        .into_iter()
        .map(|(region, days)| (region, HolidayList::new(days, None)))
        .collect())
}

fn load_features(
    files: &CatalogFiles,
    relative: &str,
    plans: &[PlanId],
) -> Result<(Vec<Feature>, Vec<Resource>), CatalogError> {
    let path = &files.path(relative);
    let check = FileCheck { file: path };
    let file: FeaturesFile = read(files, relative)?;
    let mut features = Vec::new();
    for raw in file.feature {
        let key = format!("feature[{} {}]", raw.plan, raw.id);
        let plan = check.reference(&format!("{key}.plan"), "plan", plans, &raw.plan)?;
        if features.iter().any(|f: &Feature| f.id == raw.id) {
            return Err(check.error(key, "defined twice"));
        }
        check.text(&format!("{key}.title"), &raw.title)?;
        check.text(&format!("{key}.description"), &raw.description)?;
        check.source(&key, &raw.source)?;
        features.push(Feature {
            plan,
            id: raw.id,
            title: raw.title,
            description: raw.description,
            source: raw.source,
        });
    }
    let mut resources = Vec::new();
    for raw in file.resource {
        let key = format!("resource[{}]", raw.id);
        if resources.iter().any(|r: &Resource| r.id == raw.id) {
            return Err(check.error(key, "defined twice"));
        }
        check.text(&format!("{key}.title"), &raw.title)?;
        check.text(&format!("{key}.description"), &raw.description)?;
        check.text(&format!("{key}.url"), &raw.url)?;
        for language in Language::ALL {
            if !raw.url.get(*language).starts_with("https://") {
                return Err(check.error(
                    format!("{key}.url.{language}"),
                    "a resource link must be an https:// URL",
                ));
            }
        }
        check.source(&key, &raw.source)?;
        if raw.outages && resources.iter().any(|r: &Resource| r.outages) {
            return Err(check.error(
                format!("{key}.outages"),
                "only one resource is the page of outages",
            ));
        }
        resources.push(Resource {
            id: raw.id,
            title: raw.title,
            description: raw.description,
            url: raw.url,
            source: raw.source,
            outages: raw.outages,
        });
    }
    if !resources.iter().any(|r| r.outages) {
        return Err(check.error(
            "resource",
            "one resource needs `outages = true`: the page the \"production down\" answer names",
        ));
    }
    Ok((features, resources))
}

fn load_products(files: &CatalogFiles, relative: &str) -> Result<Vec<Product>, CatalogError> {
    let path = &files.path(relative);
    let check = FileCheck { file: path };
    let file: ProductsFile = read(files, relative)?;
    let mut products: Vec<Product> = Vec::new();
    for raw in file.product {
        let key = format!("product[{}]", raw.id);
        let id: ProductId = check.parse(&format!("{key}.id"), &raw.id)?;
        if products.iter().any(|p| p.id == id) {
            return Err(check.error(key, "defined twice"));
        }
        if raw.name.trim().is_empty() {
            return Err(check.error(format!("{key}.name"), "a product needs a name"));
        }
        for (i, note) in raw.notes.iter().enumerate() {
            check.text(&format!("{key}.notes[{i}]"), note)?;
        }
        check.source(&key, &raw.source)?;
        products.push(Product {
            id,
            name: raw.name,
            notes: raw.notes,
            source: raw.source,
        });
    }
    Ok(products)
}

/// A region's language exclusion names a product of `products.toml`: a misspelt id would
/// silently exclude nothing.
fn check_exclusions(
    files: &CatalogFiles,
    relative: &str,
    regions: &[Region],
    products: &[Product],
) -> Result<(), CatalogError> {
    let path = &files.path(relative);
    let check = FileCheck { file: path };
    for region in regions {
        for exclusion in &region.language_exclusions {
            if !products.iter().any(|p| p.id.as_str() == exclusion.product) {
                let defined: Vec<&str> = products.iter().map(|p| p.id.as_str()).collect();
                return Err(check.error(
                    format!(
                        "region[{}].language_exclusion[{}].product",
                        region.id, exclusion.product
                    ),
                    format!(
                        "{:?} is not a product of products.toml; defined: {}",
                        exclusion.product,
                        defined.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(())
}
