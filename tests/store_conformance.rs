//! One conformance suite for every `Store` backend: each check runs on sled (a temporary
//! directory) and on PostgreSQL (a fresh database on the server `SUPPORTBOT_TEST_POSTGRES` names;
//! skipped, saying so, without it). Every trait method, concurrent filers and updaters, reminder
//! claiming by concurrent firers, and, on PostgreSQL, a second handle standing for a second
//! process: ids never reused, a due reminder claimed once, a dead holder's message lease expiring,
//! an interaction id new to one process only.

#[path = "common/pg.rs"]
mod pg;

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use supportbot::domain::case::{Case, CaseId, CaseStatus};
use supportbot::domain::catalog::Catalog;
use supportbot::domain::ids::Priority;
use supportbot::domain::org::{OrgId, Organisation};
use supportbot::domain::policy::Refusal;
use supportbot::domain::reminders::{Composed, Outgoing, Routes, Threshold};
use supportbot::domain::text::UserText;
use supportbot::i18n::Language;
use supportbot::store::{
    Attempt, Backup, CaseQuery, MESSAGE_LEASE, Oldest, PostgresStore, SledStore, Store, StoreError,
    Waiting,
};

fn catalog() -> Arc<Catalog> {
    static CATALOG: OnceLock<Arc<Catalog>> = OnceLock::new();
    CATALOG
        .get_or_init(|| {
            Arc::new(
                Catalog::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
                    .expect("the catalog loads"),
            )
        })
        .clone()
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("an RFC 3339 instant")
}

/// A store under test, and what keeps it alive.
struct Backend {
    store: Arc<dyn Store>,
    /// PostgreSQL: the database, from which a second handle (a second process) can be opened.
    database: Option<pg::TestDatabase>,
    _dir: Option<tempfile::TempDir>,
}

impl Backend {
    fn sled() -> Backend {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SledStore::open(dir.path())
            .expect("a fresh store opens")
            .with_planner(supportbot::reminders::planner(catalog()));
        Backend {
            store: Arc::new(store),
            database: None,
            _dir: Some(dir),
        }
    }

    fn postgres(test: &str) -> Option<Backend> {
        let database = pg::TestDatabase::create(test)?;
        let store = open_postgres(&database.url);
        Some(Backend {
            store,
            database: Some(database),
            _dir: None,
        })
    }

    /// Another handle on the same store, as a second process would open it (PostgreSQL only:
    /// a sled directory belongs to one process).
    fn another_process(&self) -> Option<Arc<dyn Store>> {
        self.database.as_ref().map(|db| open_postgres(&db.url))
    }
}

fn open_postgres(url: &str) -> Arc<dyn Store> {
    Arc::new(
        PostgresStore::open(url)
            .unwrap_or_else(|e| panic!("the test database opens: {e}"))
            .with_planner(supportbot::reminders::planner(catalog())),
    )
}

fn org(id: &str, region: &str) -> Organisation {
    serde_json::from_value(serde_json::json!({
        "v": 1, "id": id, "name": id, "plan": "business", "region": region,
        "products": ["adobe-commerce"], "contacts": {},
        "created_at": "2026-11-20T00:00:00Z", "created_by": 9, "audit": [],
    }))
    .expect("an organisation")
}

/// A Business P2 case in EMEA hours: due two business hours after `submitted`, with reminders at
/// 50 % and 80 % of the budget and at breach.
fn case(id: CaseId, org: &str, priority: &str, submitted: &str, due: &str) -> Case {
    serde_json::from_value(serde_json::json!({
        "v": 1, "id": id.0, "org": org, "product": "adobe-commerce", "priority": priority,
        "title": format!("case {}", id.0), "language": "en", "requester": 5, "filed_by": 5,
        "submitted_at": submitted, "due_at": due,
        "history": [{"at": submitted, "by": 5, "kind": "filed"}],
        "terms": {"plan": "business", "region": "emea", "timezone": null, "country": null},
    }))
    .expect("a case")
}

fn file(store: &dyn Store, org: &str, priority: &str, submitted: &str, due: &str) -> Case {
    store
        .file_case(&mut |id| Ok(case(id, org, priority, submitted, due)))
        .unwrap_or_else(|e| panic!("filed: {e}"))
}

fn respond(store: &dyn Store, id: CaseId, now: &str) -> Case {
    let now = at(now);
    store
        .update_case(id, &mut |case| {
            let json = serde_json::json!({"at": now, "by": 7, "note": null});
            case.response = Some(serde_json::from_value(json).map_err(|_| Refusal::NotFound)?);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("responded: {e}"))
}

fn message(case: CaseId, threshold: Threshold) -> Composed {
    Composed {
        message: Outgoing {
            channel: 4242,
            content: format!("{case} {}", threshold.code()),
            nonce: String::new(),
            ping_roles: vec![4343],
            ping_users: Vec::new(),
            cases: vec![case],
            language: Language::En,
        },
        covers: vec![(case, threshold)],
    }
}

// ---- the checks, each run on both backends ----

/// A P2 case of acme filed at 09:00 on 24 November, due at 11:00.
fn p2_of_acme(store: &dyn Store) -> Case {
    file(
        store,
        "acme",
        "p2",
        "2026-11-24T09:00:00Z",
        "2026-11-24T11:00:00Z",
    )
}

/// Organisation acme (EMEA) and [`p2_of_acme`].
fn acme_p2(store: &dyn Store) -> Case {
    store.create_org(&org("acme", "emea")).expect("created");
    p2_of_acme(store)
}

/// [`acme_p2`] with its breach message staged and not yet sent.
fn breach_staged(b: &Backend) -> Case {
    let case = acme_p2(b.store.as_ref());
    assert!(
        b.store
            .stage_messages(&[], vec![message(case.id, Threshold::Breach)])
            .expect("staged")
    );
    case
}

fn organisations(b: &Backend) {
    let store = b.store.as_ref();
    store.create_org(&org("zeta", "emea")).expect("created");
    store.create_org(&org("acme", "emea")).expect("created");
    assert!(matches!(
        store.create_org(&org("acme", "japan")),
        Err(StoreError::Refused(Refusal::OrgExists))
    ));
    let id: OrgId = "acme".parse().expect("an id");
    let updated = store
        .update_org(&id, &mut |o| {
            o.name = UserText::line("Acme Corp").map_err(|_| Refusal::NotFound)?;
            Ok(())
        })
        .expect("updated");
    assert_eq!(updated.name.as_str(), "Acme Corp");
    let refused = store.update_org(&id, &mut |o| {
        o.name = UserText::line("never written").map_err(|_| Refusal::NotFound)?;
        Err(Refusal::NotFound)
    });
    assert!(matches!(
        refused,
        Err(StoreError::Refused(Refusal::NotFound))
    ));
    assert_eq!(store.org(&id).expect("reads"), Some(updated));
    let missing: OrgId = "nobody".parse().expect("an id");
    assert_eq!(store.org(&missing).expect("reads"), None);
    assert!(matches!(
        store.update_org(&missing, &mut |_| Ok(())),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
    let ids: Vec<String> = store
        .orgs()
        .expect("reads")
        .iter()
        .map(|o| o.id.to_string())
        .collect();
    assert_eq!(ids, ["acme", "zeta"], "by id");
}

fn cases_filed_updated_and_read(b: &Backend) {
    let store = b.store.as_ref();
    let first = acme_p2(store);
    assert_eq!(first.id, CaseId(1));
    // A refused filing writes nothing; the next filing still gets a fresh number.
    let refused = store.file_case(&mut |_| Err(Refusal::NotFound));
    assert!(matches!(
        refused,
        Err(StoreError::Refused(Refusal::NotFound))
    ));
    let second = file(
        store,
        "acme",
        "p3",
        "2026-11-24T09:00:00Z",
        "2026-11-24T17:00:00Z",
    );
    assert!(second.id > first.id);
    assert_eq!(store.case(first.id).expect("reads"), Some(first.clone()));
    assert_eq!(store.case(CaseId(999)).expect("reads"), None);
    let noted = store
        .update_case(first.id, &mut |c| {
            c.title = UserText::line("renamed").map_err(|_| Refusal::NotFound)?;
            Ok(())
        })
        .expect("updated");
    assert_eq!(store.case(first.id).expect("reads"), Some(noted));
    let refused = store.update_case(first.id, &mut |c| {
        c.title = UserText::line("never written").map_err(|_| Refusal::NotFound)?;
        Err(Refusal::NotFound)
    });
    assert!(refused.is_err());
    assert_eq!(
        store
            .case(first.id)
            .expect("reads")
            .map(|c| c.title.as_str().to_owned()),
        Some("renamed".into())
    );
    assert!(matches!(
        store.update_case(CaseId(999), &mut |_| Ok(())),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
    let mut seen = Vec::new();
    store
        .scan_cases(&mut |c| {
            seen.push(c.id);
            true
        })
        .expect("scans");
    assert_eq!(seen, [first.id, second.id]);
    let mut records = 0;
    store
        .scan_case_records(&mut |c| {
            assert!(c.is_ok());
            records += 1;
            false
        })
        .expect("scans");
    assert_eq!(records, 1, "stops when told");
    assert!(store.counters().expect("reads").next_case > second.id.0);
    assert!(store.check().expect("checks").is_clean());
    store.durable().expect("durable");
    assert_eq!(store.lost_records(), None);
}

fn listing_filters_sorts_and_pages(b: &Backend) {
    let store = b.store.as_ref();
    store.create_org(&org("acme", "emea")).expect("created");
    store.create_org(&org("zeta", "emea")).expect("created");
    let late = file(
        store,
        "acme",
        "p2",
        "2026-11-24T09:00:00Z",
        "2026-11-24T15:00:00Z",
    );
    let soon = file(
        store,
        "zeta",
        "p2",
        "2026-11-24T09:00:00Z",
        "2026-11-24T11:00:00Z",
    );
    let p3 = file(
        store,
        "acme",
        "p3",
        "2026-11-24T09:00:00Z",
        "2026-11-24T13:00:00Z",
    );
    let answered = file(
        store,
        "acme",
        "p2",
        "2026-11-24T09:00:00Z",
        "2026-11-24T10:00:00Z",
    );
    respond(store, answered.id, "2026-11-24T09:30:00Z");
    let list = |query: CaseQuery| -> Vec<CaseId> {
        store
            .list_cases(&CaseQuery {
                limit: if query.limit == 0 { 10 } else { query.limit },
                ..query
            })
            .expect("lists")
            .iter()
            .map(|c| c.id)
            .collect()
    };
    assert_eq!(
        list(CaseQuery::default()),
        [answered.id, soon.id, p3.id, late.id],
        "every status, soonest due first"
    );
    let open = Some(CaseStatus::Open);
    assert_eq!(
        list(CaseQuery {
            status: open,
            ..CaseQuery::default()
        }),
        [soon.id, p3.id, late.id]
    );
    assert_eq!(
        list(CaseQuery {
            status: Some(CaseStatus::Responded),
            ..CaseQuery::default()
        }),
        [answered.id]
    );
    assert_eq!(
        list(CaseQuery {
            status: open,
            orgs: Some(vec!["acme".parse().expect("an id")]),
            ..CaseQuery::default()
        }),
        [p3.id, late.id]
    );
    assert_eq!(
        list(CaseQuery {
            status: open,
            priority: Some(Priority::P3),
            ..CaseQuery::default()
        }),
        [p3.id]
    );
    assert_eq!(
        list(CaseQuery {
            status: open,
            breaching_at: Some(at("2026-11-24T14:00:00Z")),
            ..CaseQuery::default()
        }),
        [soon.id, p3.id],
        "open and past due"
    );
    assert_eq!(
        list(CaseQuery {
            status: open,
            offset: 1,
            limit: 1,
            ..CaseQuery::default()
        }),
        [p3.id]
    );
    assert_eq!(
        store
            .list_cases(&CaseQuery {
                status: open,
                offset: 1,
                limit: 1,
                ..CaseQuery::default()
            })
            .expect("lists")
            .len(),
        1
    );
}

fn routes_are_kept(b: &Backend) {
    let store = b.store.as_ref();
    assert_eq!(store.routes().expect("reads"), Routes::default());
    let route = serde_json::from_value(serde_json::json!({
        "channel": 1, "role": 2, "language": "en"
    }))
    .expect("a route");
    let updated = store
        .update_routes(&mut |r| {
            r.regions
                .insert("emea".parse().map_err(|_| Refusal::NotFound)?, route);
            Ok(())
        })
        .expect("updated");
    assert_eq!(store.routes().expect("reads"), updated);
    assert!(
        store
            .update_routes(&mut |r| {
                r.regions.clear();
                Err(Refusal::NotFound)
            })
            .is_err()
    );
    assert_eq!(
        store.routes().expect("reads"),
        updated,
        "a refusal writes nothing"
    );
}

fn reminders_are_planned_fired_composed_and_sent(b: &Backend) {
    let store = b.store.as_ref();
    let case = acme_p2(store);
    let (planned, ..) = store.reminder_counts().expect("counts");
    assert!(planned >= 3, "50 %, 80 % and breach are planned");
    assert_eq!(
        store.waiting().expect("reads"),
        Waiting::default(),
        "planned reminders are not waiting"
    );
    assert_eq!(
        store.next_reminder_at().expect("reads"),
        Some(at("2026-11-24T10:00:00Z")),
        "the 50 % reminder first"
    );
    assert_eq!(
        store
            .fire_reminders(at("2026-11-24T09:59:00Z"), 10)
            .expect("fires"),
        0
    );
    assert_eq!(
        store
            .fire_reminders(at("2026-11-24T10:00:00Z"), 10)
            .expect("fires"),
        1
    );
    assert_eq!(store.fired_thresholds(case.id).expect("reads"), ["u500"]);
    // A change of the case replans, but never a threshold that fired.
    store
        .update_case(case.id, &mut |_| Ok(()))
        .expect("updated");
    assert_eq!(
        store
            .fire_reminders(at("2026-11-24T10:00:00Z"), 10)
            .expect("fires"),
        0
    );
    let outbox = store.outbox(10).expect("reads");
    assert_eq!(outbox.len(), 1);
    assert_eq!(
        store.waiting().expect("reads"),
        Waiting {
            outbox: true,
            messages: false
        },
        "an outbox entry waits"
    );
    let (key, fired) = &outbox[0];
    assert_eq!(
        (fired.planned.case, fired.planned.threshold.code()),
        (case.id, "u500".into())
    );

    // Staging consumes the entry once; a second composer of it writes nothing.
    let threshold = fired.planned.threshold;
    assert!(
        store
            .stage_messages(&[*key], vec![message(case.id, threshold)])
            .expect("staged")
    );
    assert!(
        !store
            .stage_messages(&[*key], vec![message(case.id, threshold)])
            .expect("refused")
    );
    assert!(store.outbox(10).expect("reads").is_empty());
    let pending = store.pending_messages().expect("reads");
    assert_eq!(pending.len(), 1, "staged once");
    assert_eq!(
        store.waiting().expect("reads"),
        Waiting {
            outbox: false,
            messages: true
        },
        "a staged message waits"
    );
    assert_eq!(pending[0].1.message.nonce, format!("r{}-u500", case.id.0));

    let now = at("2026-11-24T10:00:05Z");
    let claimed = store.claim_messages(now, 10).expect("claims");
    assert_eq!(claimed.len(), 1);
    let (message_key, staged) = &claimed[0];
    assert_eq!(staged.first_attempt, None);
    let Attempt::Send(attempted) = store
        .message_attempted(*message_key, now)
        .expect("recorded")
    else {
        panic!("still ours, its case still open");
    };
    assert_eq!(
        (attempted.first_attempt, attempted.last_attempt),
        (Some(now), Some(now))
    );
    // The claimer claims its own messages again (a retry after a failure).
    assert_eq!(store.claim_messages(now, 10).expect("claims").len(), 1);
    store.message_sent(*message_key).expect("sent");
    assert!(store.claim_messages(now, 10).expect("claims").is_empty());
    assert_eq!(
        store.waiting().expect("reads"),
        Waiting::default(),
        "nothing waits once sent, though reminders are still planned"
    );
    assert_eq!(
        store.message_attempted(*message_key, now).expect("reads"),
        Attempt::NotOurs
    );

    // Responding cancels what is left; a later firing finds nothing.
    respond(store, case.id, "2026-11-24T10:10:00Z");
    assert_eq!(store.next_reminder_at().expect("reads"), None);
    assert_eq!(
        store
            .fire_reminders(at("2026-11-25T00:00:00Z"), 10)
            .expect("fires"),
        0
    );

    // A message that can never be sent moves aside.
    let other = p2_of_acme(store);
    assert_eq!(
        store
            .fire_reminders(at("2026-11-24T11:00:00Z"), 10)
            .expect("fires"),
        4
    );
    let entries = store.outbox(10).expect("reads");
    let keys: Vec<u64> = entries.iter().map(|(k, _)| *k).collect();
    let digest = Composed {
        covers: entries
            .iter()
            .map(|(_, f)| (f.planned.case, f.planned.threshold))
            .collect(),
        ..message(other.id, Threshold::Breach)
    };
    assert!(
        store
            .stage_messages(&keys, vec![digest.clone()])
            .expect("staged")
    );
    let (key, staged) = store.claim_messages(now, 10).expect("claims").remove(0);
    assert_eq!(
        staged.message.nonce,
        supportbot::store::nonce(&digest.covers)
    );
    store
        .message_rejected(key, "Missing Access")
        .expect("set aside");
    let rejected = store.rejected_messages().expect("reads");
    assert_eq!(rejected.len(), 1);
    assert_eq!(
        (rejected[0].0, rejected[0].1.reason.as_str()),
        (key, "Missing Access")
    );
    assert_eq!(store.reminder_counts().expect("counts"), (0, 0, 0, 1));
    assert_eq!(
        store.waiting().expect("reads"),
        Waiting::default(),
        "a rejected message is not waiting"
    );
    assert!(store.check().expect("checks").is_clean());
}

/// The counts `/reminders` and the gauges read (kept by the writes on both backends, not
/// counted at read time) after each kind of change: planning, replanning, firing, staging,
/// sending, setting aside, cancelling, and a second process's writes.
fn reminder_counts_follow_every_change(b: &Backend) {
    let store = b.store.as_ref();
    let counts = |store: &dyn Store| store.reminder_counts().expect("counts");
    assert_eq!(counts(store), (0, 0, 0, 0));
    let case = acme_p2(store);
    let (planned, ..) = counts(store);
    assert!(planned >= 3, "50 %, 80 % and breach are planned");
    store
        .update_case(case.id, &mut |_| Ok(()))
        .expect("updated");
    assert_eq!(counts(store), (planned, 0, 0, 0), "replanned, not added");
    assert_eq!(
        store
            .fire_reminders(at("2026-11-24T10:00:00Z"), 10)
            .expect("fires"),
        1
    );
    assert_eq!(counts(store), (planned - 1, 1, 0, 0));
    store
        .update_case(case.id, &mut |_| Ok(()))
        .expect("updated");
    assert_eq!(
        counts(store),
        (planned - 1, 1, 0, 0),
        "a fired one stays out"
    );
    let (key, fired) = store.outbox(10).expect("reads").remove(0);
    let threshold = fired.planned.threshold;
    assert!(
        store
            .stage_messages(&[key], vec![message(case.id, threshold)])
            .expect("staged")
    );
    assert_eq!(counts(store), (planned - 1, 0, 1, 0));
    let now = at("2026-11-24T10:00:05Z");
    let (message_key, _) = store.claim_messages(now, 10).expect("claims").remove(0);
    store.message_attempted(message_key, now).expect("recorded");
    assert_eq!(
        counts(store),
        (planned - 1, 0, 1, 0),
        "an attempt moves nothing"
    );
    store.message_sent(message_key).expect("sent");
    assert_eq!(counts(store), (planned - 1, 0, 0, 0));
    respond(store, case.id, "2026-11-24T10:10:00Z");
    assert_eq!(counts(store), (0, 0, 0, 0), "responding cancels the rest");

    // Another process (PostgreSQL) or this one (sled) files, fires and sets aside.
    let writer = b.another_process().unwrap_or_else(|| b.store.clone());
    let other = p2_of_acme(writer.as_ref());
    let (planned, ..) = counts(store);
    assert!(planned >= 3);
    let fired = writer
        .fire_reminders(at("2026-11-24T11:00:00Z"), 10)
        .expect("fires");
    assert_eq!(counts(store), (planned - fired, fired, 0, 0));
    let entries = writer.outbox(10).expect("reads");
    let keys: Vec<u64> = entries.iter().map(|(k, _)| *k).collect();
    assert!(
        writer
            .stage_messages(&keys, vec![message(other.id, Threshold::Breach)])
            .expect("staged")
    );
    let (key, _) = writer.claim_messages(now, 10).expect("claims").remove(0);
    writer
        .message_rejected(key, "Missing Access")
        .expect("set aside");
    assert_eq!(counts(store), (planned - fired, 0, 0, 1));
    assert!(store.check().expect("checks").is_clean());
}

fn restore_writes_all_or_nothing(b: &Backend) {
    let store = b.store.as_ref();
    let acme = org("acme", "emea");
    let filed = case(
        CaseId(41),
        "acme",
        "p2",
        "2026-11-24T09:00:00Z",
        "2026-11-24T11:00:00Z",
    );
    let backup = Backup {
        orgs: vec![acme.clone()],
        cases: vec![(filed.clone(), vec!["u500".into()])],
        counters: supportbot::store::Counters {
            next_case: 42,
            next_outbox: 7,
            next_message: 9,
        },
        ..Backup::default()
    };
    store.restore(&backup, true).expect("a dry run passes");
    assert_eq!(
        store.case(CaseId(41)).expect("reads"),
        None,
        "a dry run writes nothing"
    );
    store.restore(&backup, false).expect("restored");
    assert_eq!(store.case(CaseId(41)).expect("reads"), Some(filed));
    assert_eq!(store.fired_thresholds(CaseId(41)).expect("reads"), ["u500"]);
    assert_eq!(
        store.next_reminder_at().expect("reads"),
        Some(at("2026-11-24T10:36:00Z")),
        "the fired 50 % reminder is not planned again"
    );
    let counters = store.counters().expect("reads");
    assert_eq!(
        (
            counters.next_case,
            counters.next_outbox,
            counters.next_message
        ),
        (42, 7, 9)
    );
    match store.restore(&backup, false) {
        Err(StoreError::Collisions(c)) => assert_eq!(c.cases, [CaseId(41)]),
        other => panic!("a second restore collides: {other:?}"),
    }
    let next = p2_of_acme(store);
    assert_eq!(
        next.id,
        CaseId(42),
        "filing goes on past the restored numbers"
    );
    assert!(store.check().expect("checks").is_clean());
}

fn concurrent_filers_never_share_a_number(b: &Backend) {
    b.store.create_org(&org("acme", "emea")).expect("created");
    let mut handles = vec![b.store.clone()];
    handles.extend(b.another_process());
    let ids: Vec<CaseId> = std::thread::scope(|scope| {
        let filers: Vec<_> = (0..8)
            .map(|n| {
                let store = handles[n % handles.len()].clone();
                scope.spawn(move || {
                    (0..25)
                        .map(|_| {
                            file(
                                store.as_ref(),
                                "acme",
                                "p2",
                                "2026-11-24T09:00:00Z",
                                "2026-11-24T11:00:00Z",
                            )
                            .id
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        filers
            .into_iter()
            .flat_map(|f| f.join().expect("a filer finishes"))
            .collect()
    });
    let distinct: BTreeSet<CaseId> = ids.iter().copied().collect();
    assert_eq!(distinct.len(), 200, "no number used twice");
    let mut stored = 0;
    b.store
        .scan_cases(&mut |_| {
            stored += 1;
            true
        })
        .expect("scans");
    assert_eq!(stored, 200, "every acknowledged case is there");
    assert!(b.store.check().expect("checks").is_clean());
}

fn concurrent_updates_are_never_lost(b: &Backend) {
    let filed = acme_p2(b.store.as_ref());
    let mut handles = vec![b.store.clone()];
    handles.extend(b.another_process());
    std::thread::scope(|scope| {
        for n in 0..8 {
            let store = handles[n % handles.len()].clone();
            scope.spawn(move || {
                for _ in 0..10 {
                    store
                        .update_case(filed.id, &mut |c| {
                            c.requester.0 += 1;
                            Ok(())
                        })
                        .expect("updated");
                }
            });
        }
    });
    let requester = b
        .store
        .case(filed.id)
        .expect("reads")
        .map(|c| c.requester.0);
    assert_eq!(
        requester,
        Some(filed.requester.0 + 80),
        "every change applied once"
    );
}

fn a_due_reminder_is_claimed_by_exactly_one_firer(b: &Backend) {
    b.store.create_org(&org("acme", "emea")).expect("created");
    for _ in 0..50 {
        p2_of_acme(b.store.as_ref());
    }
    let mut handles = vec![b.store.clone()];
    handles.extend(b.another_process());
    let now = at("2026-11-24T12:00:00Z");
    let fired: usize = std::thread::scope(|scope| {
        let firers: Vec<_> = (0..6)
            .map(|n| {
                let store = handles[n % handles.len()].clone();
                scope.spawn(move || {
                    let mut total = 0;
                    loop {
                        let moved = store.fire_reminders(now, 7).expect("fires");
                        total += moved;
                        if moved == 0
                            && store
                                .next_reminder_at()
                                .expect("reads")
                                .is_none_or(|t| t > now)
                        {
                            return total;
                        }
                    }
                })
            })
            .collect();
        firers
            .into_iter()
            .map(|f| f.join().expect("a firer finishes"))
            .sum()
    });
    assert_eq!(fired, 200, "four thresholds of 50 cases, each once");
    let outbox = b.store.outbox(1000).expect("reads");
    let pairs: BTreeSet<(CaseId, String)> = outbox
        .iter()
        .map(|(_, f)| (f.planned.case, f.planned.threshold.code()))
        .collect();
    assert_eq!((outbox.len(), pairs.len()), (200, 200), "no pair twice");
    // Two composers of the same entries: one stages them.
    let keys: Vec<u64> = outbox.iter().map(|(k, _)| *k).collect();
    let staged: usize = std::thread::scope(|scope| {
        let composers: Vec<_> = handles
            .iter()
            .chain(handles.iter())
            .map(|store| {
                let keys = keys.clone();
                let store = store.clone();
                scope.spawn(move || {
                    let messages = vec![message(CaseId(1), Threshold::Breach)];
                    usize::from(store.stage_messages(&keys, messages).expect("stages"))
                })
            })
            .collect();
        composers
            .into_iter()
            .map(|c| c.join().expect("a composer finishes"))
            .sum()
    });
    assert_eq!(staged, 1, "composed once");
    assert_eq!(b.store.pending_messages().expect("reads").len(), 1);
}

fn a_dead_processs_lease_expires(b: &Backend) {
    let case = breach_staged(b);
    let now = at("2026-11-24T11:00:00Z");
    let (key, _) = b.store.claim_messages(now, 10).expect("claims").remove(0);
    b.store.message_attempted(key, now).expect("recorded");
    let Some(other) = b.another_process() else {
        // One process per sled directory: its own lease is all there is.
        assert_eq!(b.store.claim_messages(now, 10).expect("claims").len(), 1);
        return;
    };
    assert!(
        other
            .claim_messages(now + TimeDelta::seconds(60), 10)
            .expect("claims")
            .is_empty(),
        "held by the first process"
    );
    let later = now + MESSAGE_LEASE + TimeDelta::seconds(1);
    let taken = other.claim_messages(later, 10).expect("claims");
    assert_eq!(taken.len(), 1, "the lease ran out");
    assert_eq!(
        taken[0].1.message.nonce,
        format!("r{}-b", case.id.0),
        "the same nonce"
    );
    assert_eq!(
        taken[0].1.first_attempt,
        Some(now),
        "with the first attempt's instant"
    );
    assert_eq!(
        b.store.message_attempted(key, later).expect("reads"),
        Attempt::NotOurs,
        "the first process lost it"
    );
    assert!(matches!(
        other.message_attempted(key, later).expect("reads"),
        Attempt::Send(_)
    ));
}

/// A process killed while holding messages loses them with its database session, not when its
/// lease runs out minutes later (PostgreSQL: dropping a handle ends its sessions, as a SIGKILL
/// does; `tests/multi_process.rs` kills real processes).
fn a_dead_processs_messages_are_claimed_at_once(b: &Backend) {
    let (Some(dying), Some(survivor)) = (b.another_process(), b.another_process()) else {
        // One process per sled directory: nobody else could have claimed.
        return;
    };
    let case = breach_staged(b);
    let now = at("2026-11-24T11:00:00Z");
    let (key, _) = dying.claim_messages(now, 10).expect("claims").remove(0);
    dying.message_attempted(key, now).expect("recorded");
    assert!(
        survivor.claim_messages(now, 10).expect("claims").is_empty(),
        "held while its process lives"
    );
    drop(dying);
    // Its sessions close a moment after the handle is dropped.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let taken = loop {
        let taken = survivor.claim_messages(now, 10).expect("claims");
        if !taken.is_empty() || std::time::Instant::now() > deadline {
            break taken;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(
        taken.len(),
        1,
        "taken within seconds, its lease still running"
    );
    assert_eq!(taken[0].1.message.nonce, format!("r{}-b", case.id.0));
    assert_eq!(taken[0].1.first_attempt, Some(now), "with its attempt");
    assert!(
        b.store.claim_messages(now, 10).expect("claims").is_empty(),
        "a live process's lease holds"
    );
}

fn an_earlier_reminder_wakes_every_scheduler(b: &Backend) {
    earlier_reminder_wakes_every_scheduler(b, "2026-11-24T09:00:00Z", "2026-11-24T11:00:00Z");
}

/// A clock's instants have nanoseconds, PostgreSQL's microseconds: a reminder planned at such
/// an instant is still the earliest.
fn an_earlier_reminder_to_the_nanosecond_wakes_every_scheduler(b: &Backend) {
    earlier_reminder_wakes_every_scheduler(
        b,
        "2026-11-24T09:00:00.123456789Z",
        "2026-11-24T11:00:00.123456789Z",
    );
}

fn earlier_reminder_wakes_every_scheduler(b: &Backend, submitted: &str, due: &str) {
    b.store.create_org(&org("acme", "emea")).expect("created");
    let mut handles = vec![b.store.clone()];
    handles.extend(b.another_process());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime");
    // PostgreSQL's listener signals once when it starts listening: wait for that, so the signal
    // checked below can only be the filing's.
    for store in handles.iter().filter(|_| b.database.is_some()) {
        let signal = store.schedule_changed();
        let listening = runtime.block_on(async {
            tokio::time::timeout(Duration::from_secs(5), signal.notified()).await
        });
        assert!(listening.is_ok(), "the listener never started");
    }
    let waiters: Vec<_> = handles.iter().map(|s| s.schedule_changed()).collect();
    file(b.store.as_ref(), "acme", "p2", submitted, due);
    for signal in waiters {
        let woken = runtime.block_on(async {
            tokio::time::timeout(Duration::from_secs(5), signal.notified()).await
        });
        assert!(woken.is_ok(), "a scheduler was not woken");
    }
}

fn an_interaction_is_new_once_for_every_process(b: &Backend) {
    let window = TimeDelta::seconds(600);
    let signed = at("2026-11-30T12:00:00Z");
    let sight = |store: &dyn Store, id: &str, signed_at: DateTime<Utc>| {
        store
            .first_sighting(id, signed_at, signed_at - window)
            .unwrap_or_else(|e| panic!("sighting {id}: {e}"))
    };
    let mut handles = vec![b.store.clone()];
    handles.extend(b.another_process());
    assert!(sight(b.store.as_ref(), "1001", signed), "a new id");
    for store in &handles {
        assert!(!sight(store.as_ref(), "1001", signed), "seen by any handle");
    }
    assert!(
        sight(handles[handles.len() - 1].as_ref(), "1002", signed),
        "another id is new"
    );
    // Concurrent sightings of one id, from every handle: exactly one is first.
    let firsts: usize = std::thread::scope(|scope| {
        let sightings: Vec<_> = (0..8)
            .map(|n| {
                let store = handles[n % handles.len()].clone();
                scope.spawn(move || sight(store.as_ref(), "1003", signed))
            })
            .collect();
        sightings
            .into_iter()
            .map(|s| usize::from(s.join().expect("a sighting")))
            .sum()
    });
    assert_eq!(firsts, 1, "one first sighting among concurrent ones");
    // Past the window the old ids may be forgotten, and a later id is still new, once.
    let later = signed + window + TimeDelta::seconds(1);
    assert!(sight(b.store.as_ref(), "1004", later));
    assert!(!sight(b.store.as_ref(), "1004", later));
    // Still remembered within the window: a repeat signed moments later than the first.
    assert!(!sight(
        b.store.as_ref(),
        "1004",
        later + TimeDelta::seconds(5)
    ));
    // PostgreSQL forgets as it records: the old rows went with the later sighting.
    if let Some(database) = &b.database {
        let mut client =
            ::postgres::Client::connect(&database.url, ::postgres::NoTls).expect("connects");
        let kept: Vec<String> = client
            .query("SELECT id FROM interaction_sightings", &[])
            .expect("reads")
            .iter()
            .map(|row| row.get(0))
            .collect();
        assert_eq!(kept, ["1004"]);
    }
}

/// Operators see how long reminders wait: the outbox's first entry in line by when it fired, a
/// staged message by when the earliest reminder it reports fired, the oldest of all messages.
fn the_oldest_waiting_reminder_is_known(b: &Backend) {
    let store = b.store.as_ref();
    store.create_org(&org("acme", "emea")).expect("created");
    assert_eq!(store.oldest_waiting().expect("reads"), Oldest::default());
    let case = p2_of_acme(store);
    let (ten, eleven) = (at("2026-11-24T10:00:00Z"), at("2026-11-24T11:00:00Z"));
    assert_eq!(store.fire_reminders(ten, 10).expect("fires"), 1);
    assert!(store.fire_reminders(eleven, 10).expect("fires") >= 2);
    let entries = store.outbox(10).expect("reads");
    let fired_at: Vec<_> = entries.iter().map(|(_, f)| f.fired_at).collect();
    assert_eq!(fired_at[..2], [ten, eleven]);
    assert!(fired_at[2..].iter().all(|&t| t == eleven), "{fired_at:?}");
    assert_eq!(
        store.oldest_waiting().expect("reads"),
        Oldest {
            outbox: Some(ten),
            staged: None
        }
    );

    // A later entry composed first: the first in line still waits.
    let compose = |chosen: &[usize]| {
        let keys: Vec<u64> = chosen.iter().map(|&i| entries[i].0).collect();
        let digest = Composed {
            covers: chosen
                .iter()
                .map(|&i| (entries[i].1.planned.case, entries[i].1.planned.threshold))
                .collect(),
            ..message(case.id, Threshold::Breach)
        };
        assert!(store.stage_messages(&keys, vec![digest]).expect("staged"));
    };
    compose(&[1]);
    assert_eq!(
        store.oldest_waiting().expect("reads"),
        Oldest {
            outbox: Some(ten),
            staged: Some(eleven)
        }
    );

    // A digest waits since its earliest reminder, though staged after a younger message.
    let rest: Vec<usize> = (0..entries.len()).filter(|&i| i != 1).collect();
    compose(&rest);
    let waiting: Vec<_> = store
        .pending_messages()
        .expect("reads")
        .into_iter()
        .map(|(_, m)| m.waiting_since)
        .collect();
    assert_eq!(waiting, [Some(eleven), Some(ten)]);
    assert_eq!(
        store.oldest_waiting().expect("reads"),
        Oldest {
            outbox: None,
            staged: Some(ten)
        }
    );

    let (key, _) = store
        .pending_messages()
        .expect("reads")
        .into_iter()
        .find(|(_, m)| m.waiting_since == Some(ten))
        .expect("the digest waits");
    store.message_sent(key).expect("sent");
    assert_eq!(store.oldest_waiting().expect("reads").staged, Some(eleven));
}

/// Closes `id` at `now`, as `/case close` records it.
fn close(store: &dyn Store, id: CaseId, now: &str) -> Case {
    let now = at(now);
    store
        .update_case(id, &mut |case| {
            case.closed_at = Some(now);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("closed: {e}"))
}

/// A message composed before its case was closed or answered is dropped when its sender records
/// the attempt: out of the messages, never handed back to be sent. A digest still goes out while
/// one case it reports wants it; an agent's escalation notice goes out once the case is
/// answered, not once it is closed. On PostgreSQL, an attempt made while a close is being
/// written waits for it and drops the message.
fn a_message_whose_cases_no_longer_want_it_is_cancelled(b: &Backend) {
    let store = b.store.as_ref();
    store.create_org(&org("acme", "emea")).expect("created");
    let (closed, answered, open) = (
        p2_of_acme(store).id,
        p2_of_acme(store).id,
        p2_of_acme(store).id,
    );
    let digest = |covers: Vec<(CaseId, Threshold)>| Composed {
        covers,
        ..message(open, Threshold::Breach)
    };
    let escalated = Threshold::Escalated { n: 1 };
    let messages = vec![
        message(closed, Threshold::Breach),
        message(answered, Threshold::Breach),
        digest(vec![
            (closed, Threshold::Breach),
            (answered, Threshold::Breach),
        ]),
        digest(vec![(closed, Threshold::Breach), (open, Threshold::Breach)]),
        message(answered, escalated),
        message(closed, escalated),
    ];
    let nonces: Vec<String> = messages
        .iter()
        .map(|m| supportbot::store::nonce(&m.covers))
        .collect();
    assert!(store.stage_messages(&[], messages).expect("staged"));
    close(store, closed, "2026-11-24T10:30:00Z");
    respond(store, answered, "2026-11-24T10:30:00Z");

    let now = at("2026-11-24T11:00:00Z");
    let claimed = store.claim_messages(now, 10).expect("claims");
    assert_eq!(claimed.len(), 6, "every message is claimed as before");
    let outcomes: Vec<(String, Attempt)> = claimed
        .iter()
        .map(|(key, staged)| {
            let attempt = store.message_attempted(*key, now).expect("recorded");
            (staged.message.nonce.clone(), attempt)
        })
        .collect();
    let sendable = |i: usize| matches!(outcomes[i].1, Attempt::Send(_));
    assert_eq!(
        outcomes.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
        nonces
    );
    assert_eq!(outcomes[0].1, Attempt::Cancelled, "closed: {outcomes:#?}");
    assert_eq!(outcomes[1].1, Attempt::Cancelled, "answered: {outcomes:#?}");
    assert_eq!(
        outcomes[2].1,
        Attempt::Cancelled,
        "no case wants the digest"
    );
    assert!(sendable(3), "the open case wants the digest: {outcomes:#?}");
    assert!(sendable(4), "an answered case's notice: {outcomes:#?}");
    assert_eq!(outcomes[5].1, Attempt::Cancelled, "a closed case's notice");
    let left: Vec<String> = store
        .pending_messages()
        .expect("reads")
        .into_iter()
        .map(|(_, s)| s.message.nonce)
        .collect();
    assert_eq!(left, [nonces[3].clone(), nonces[4].clone()]);
    assert_eq!(store.reminder_counts().expect("counts").2, 2);
    assert_eq!(
        store.message_attempted(claimed[0].0, now).expect("reads"),
        Attempt::NotOurs,
        "a dropped message is gone"
    );
    assert!(store.check().expect("checks").is_clean());

    let (Some(sender), Some(database)) = (b.another_process(), b.database.as_ref()) else {
        return;
    };
    // The sender's attempt comes while the close holds the case: it waits, then drops.
    let late = p2_of_acme(store).id;
    assert!(
        store
            .stage_messages(&[], vec![message(late, Threshold::Breach)])
            .expect("staged")
    );
    let (key, _) = sender
        .claim_messages(now, 10)
        .expect("claims")
        .into_iter()
        .find(|(_, s)| s.covers == [(late, Threshold::Breach)])
        .expect("the late case's message");
    let mut attempt = None;
    store
        .update_case(late, &mut |case| {
            let sender = sender.clone();
            attempt.get_or_insert_with(|| {
                std::thread::spawn(move || sender.message_attempted(key, now))
            });
            // The close commits only once the attempt waits for the case's row, so the test
            // exercises the wait (and fails, never seeing it, if the attempt did not lock).
            wait_until_blocked(&database.url);
            case.closed_at = Some(now);
            Ok(())
        })
        .expect("closed");
    let attempt = attempt
        .expect("attempted")
        .join()
        .expect("the sender finishes");
    assert_eq!(attempt.expect("recorded"), Attempt::Cancelled);
}

/// Waits until a session of the database at `url` waits for a lock another session holds;
/// panics after ten seconds.
fn wait_until_blocked(url: &str) {
    let mut client = ::postgres::Client::connect(url, ::postgres::NoTls).expect("connects");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let blocked: i64 = client
            .query_one(
                "SELECT count(*) FROM pg_stat_activity \
                 WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0",
                &[],
            )
            .expect("reads pg_stat_activity")
            .get(0);
        if blocked > 0 {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the sender's attempt never waited for the case being closed"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Sends nothing: the checks read what was staged.
struct Unsent;

impl supportbot::reminders::Notifier for Unsent {
    async fn send(&self, _: &Outgoing) -> Result<(), supportbot::reminders::SendError> {
        Err(supportbot::reminders::SendError::Transient(
            "not sent in this check".into(),
        ))
    }
}

/// A case filed under EMEA's terms keeps EMEA's route after its organisation is in the
/// Americas: the route comes from the case's terms on every backend.
fn a_case_is_routed_by_the_region_it_was_filed_under(b: &Backend) {
    let store = b.store.as_ref();
    store.create_org(&org("acme", "americas")).expect("created");
    let case = p2_of_acme(store);
    let route = |channel: u64| {
        serde_json::from_value(serde_json::json!({
            "channel": channel, "role": channel + 1, "language": "en"
        }))
        .expect("a route")
    };
    store
        .update_routes(&mut |r| {
            r.regions
                .insert("emea".parse().map_err(|_| Refusal::NotFound)?, route(10));
            r.regions.insert(
                "americas".parse().map_err(|_| Refusal::NotFound)?,
                route(20),
            );
            Ok(())
        })
        .expect("routes set");
    let clock = Arc::new(supportbot::clock::ManualClock::new(at(
        "2026-11-24T10:00:00Z",
    )));
    let runtime = supportbot::reminders::Reminders::new(b.store.clone(), catalog(), clock, Unsent);
    assert_eq!(runtime.fire_due().expect("fires"), 1, "the 50 % reminder");
    assert_eq!(runtime.compose().expect("composes"), 0, "routed");
    let staged = store.pending_messages().expect("reads");
    assert_eq!(staged.len(), 1, "{staged:#?}");
    let message = &staged[0].1.message;
    assert_eq!(message.channel, 10, "{message:#?}");
    assert_eq!(message.ping_roles, [11]);
    assert!(message.content.contains(&case.id.to_string()));
}

/// A verdict keeps the priority and region it was measured under, and a verdict from before they
/// were kept still reads: both count in `/stats` under the priority in force at the response
/// (the later change is read from the history), never the case's current one.
fn a_verdict_keeps_the_priority_it_was_measured_under(b: &Backend) {
    let store = b.store.as_ref();
    let verdict = |extra: serde_json::Value| {
        let mut v = serde_json::json!({
            "due_at": "2026-11-24T11:00:00Z", "met": true, "kind": "business-hours",
            "margin_ms": 3_600_000, "wall_clock_ms": 3_600_000,
        });
        if let (Some(v), Some(extra)) = (v.as_object_mut(), extra.as_object()) {
            v.extend(extra.clone());
        }
        v
    };
    let raise = |id: CaseId, with: serde_json::Value| {
        store
            .update_case(id, &mut |case| {
                let response = serde_json::json!({
                    "at": "2026-11-24T10:00:00Z", "by": 7, "note": null, "verdict": with,
                });
                case.response =
                    Some(serde_json::from_value(response).map_err(|_| Refusal::NotFound)?);
                let event = serde_json::json!({
                    "at": "2026-11-24T10:30:00Z", "by": 7, "kind": "priority", "from": "p2",
                    "to": "p1", "reason": null, "due_before": "2026-11-24T11:00:00Z",
                    "due_after": "2026-11-24T11:00:00Z",
                });
                case.history
                    .push(serde_json::from_value(event).map_err(|_| Refusal::NotFound)?);
                case.priority = Priority::P1;
                Ok(())
            })
            .unwrap_or_else(|e| panic!("updated: {e}"))
    };
    let kept = raise(
        acme_p2(store).id,
        verdict(serde_json::json!({"priority": "p2", "region": "emea"})),
    );
    let older = raise(p2_of_acme(store).id, verdict(serde_json::json!({})));
    for case in [&kept, &older] {
        assert_eq!(store.case(case.id).expect("reads").as_ref(), Some(case));
    }
    let recorded = |case: &Case| {
        case.response
            .as_ref()
            .and_then(|r| r.verdict)
            .map(|v| (v.priority, v.region.map(|r| r.as_str().to_owned())))
    };
    assert_eq!(
        recorded(&kept),
        Some((Some(Priority::P2), Some("emea".to_owned())))
    );
    assert_eq!(recorded(&older), Some((None, None)));
    let range = supportbot::domain::attainment::range(None, None, at("2026-11-30T00:00:00Z"))
        .expect("a range");
    let counted = supportbot::cmd::stats::attainment(
        store,
        &catalog(),
        range,
        at("2026-11-30T00:00:00Z"),
        None,
        None,
    )
    .expect("counted");
    let rows: Vec<_> = counted
        .by_priority_region()
        .map(|((priority, region), tally)| (*priority, region.as_str().to_owned(), tally.count.met))
        .collect();
    assert_eq!(rows, [(Priority::P2, "emea".to_owned(), 2)]);
}

macro_rules! conformance {
    ($($check:ident),* $(,)?) => {
        mod sled {
            $( #[test] fn $check() { super::$check(&super::Backend::sled()); } )*
        }
        mod postgres {
            $(
                #[test]
                fn $check() {
                    if let Some(backend) = super::Backend::postgres(stringify!($check)) {
                        super::$check(&backend);
                    }
                }
            )*
        }
    };
}

conformance!(
    organisations,
    cases_filed_updated_and_read,
    listing_filters_sorts_and_pages,
    routes_are_kept,
    reminders_are_planned_fired_composed_and_sent,
    reminder_counts_follow_every_change,
    restore_writes_all_or_nothing,
    concurrent_filers_never_share_a_number,
    concurrent_updates_are_never_lost,
    a_due_reminder_is_claimed_by_exactly_one_firer,
    a_dead_processs_lease_expires,
    a_dead_processs_messages_are_claimed_at_once,
    an_earlier_reminder_wakes_every_scheduler,
    an_interaction_is_new_once_for_every_process,
    an_earlier_reminder_to_the_nanosecond_wakes_every_scheduler,
    the_oldest_waiting_reminder_is_known,
    a_case_is_routed_by_the_region_it_was_filed_under,
    a_message_whose_cases_no_longer_want_it_is_cancelled,
    a_verdict_keeps_the_priority_it_was_measured_under,
);

/// A database written before the counts were kept (migration 3) counts its reminder rows once as
/// it migrates; from then on the writes keep them.
#[test]
fn an_older_database_counts_its_reminder_rows_once_as_it_migrates() {
    let Some(database) = pg::TestDatabase::create("an_older_database_counts_its_reminder_rows")
    else {
        return;
    };
    let mut client = ::postgres::Client::connect(&database.url, ::postgres::NoTls)
        .expect("the database connects");
    let migrations = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    client
        .batch_execute(
            "CREATE TABLE supportbot_migrations \
             (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
        )
        .expect("created");
    for (version, file) in [
        (1, "0001_initial.sql"),
        (2, "0002_interaction_sightings.sql"),
    ] {
        let sql = std::fs::read_to_string(migrations.join(file)).expect("the migration reads");
        client.batch_execute(&sql).expect("applied");
        client
            .execute(
                "INSERT INTO supportbot_migrations (version) VALUES ($1)",
                &[&version],
            )
            .expect("recorded");
    }
    client
        .batch_execute(
            "INSERT INTO reminder_outbox VALUES (1, '{}'), (2, '{}'); \
             INSERT INTO reminder_messages (seq, record) VALUES (1, '{}'); \
             INSERT INTO reminder_rejected VALUES (1, '{}', 'Missing Access')",
        )
        .expect("rows of an older database");
    let store = open_postgres(&database.url);
    assert_eq!(store.reminder_counts().expect("counts"), (0, 2, 1, 1));
    client
        .batch_execute("DELETE FROM reminder_outbox WHERE seq = 1")
        .expect("deleted");
    assert_eq!(store.reminder_counts().expect("counts"), (0, 1, 1, 1));
    // The rows above are not records the bot could read (`store check` says so too); only what
    // it says of the counts matters here.
    let said_of_counts = || -> Vec<(String, String)> {
        let report = store.check().expect("checks");
        report
            .damaged
            .into_iter()
            .filter(|d| d.key.starts_with("reminder_counts/"))
            .map(|d| (d.key, d.reason))
            .collect()
    };
    assert_eq!(said_of_counts(), []);
    // A count that disagrees with its table is damage `store check` reports.
    client
        .batch_execute(
            "UPDATE reminder_counts SET n = n + 1 WHERE name = 'reminder_rejected' AND shard = 3",
        )
        .expect("updated");
    assert_eq!(
        said_of_counts(),
        [(
            "reminder_counts/reminder_rejected".to_owned(),
            "counts 2 rows, the table holds 1".to_owned()
        )]
    );
}
