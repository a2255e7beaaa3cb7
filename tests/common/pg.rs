//! A fresh PostgreSQL database per test, on the server named by `SUPPORTBOT_TEST_POSTGRES` (a
//! URL whose user may create databases; `.ci/run` starts a throwaway one). Without the variable,
//! tests that need PostgreSQL say so and pass without running, so `cargo test` works anywhere.

#![allow(dead_code)]

use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};

/// The variable naming the test server.
pub const VAR: &str = "SUPPORTBOT_TEST_POSTGRES";

/// A database of its own, dropped (with its connections) when the test ends.
pub struct TestDatabase {
    admin: String,
    name: String,
    /// The database's URL, for `--store` or `PostgresStore::open`.
    pub url: String,
}

/// `url` with its database replaced by `name`, keeping any `?parameters`.
fn with_database(url: &str, name: &str) -> String {
    let (base, params) = url.split_once('?').map_or((url, ""), |(b, p)| (b, p));
    let authority = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority..].find('/') {
        Some(slash) => &base[..authority + slash],
        None => base,
    };
    if params.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{params}")
    }
}

impl TestDatabase {
    /// A new empty database, or `None` (saying why on stderr) when no test server is set.
    pub fn create(test: &str) -> Option<TestDatabase> {
        let Ok(admin) = std::env::var(VAR) else {
            // Past the test harness's capture, so the skip shows in a plain `cargo test`.
            let _ = writeln!(
                std::io::stderr(),
                "skipped {test}: set {VAR} to a PostgreSQL URL to run it (.ci/run does)"
            );
            return None;
        };
        static N: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "sbtest_{}_{}_{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let mut client = postgres::Client::connect(&admin, postgres::NoTls)
            .unwrap_or_else(|e| panic!("{VAR}={admin} is not reachable: {e}"));
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("cannot create a test database on {admin}: {e}"));
        let url = with_database(&admin, &name);
        Some(TestDatabase { admin, name, url })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let dropped = postgres::Client::connect(&self.admin, postgres::NoTls).and_then(|mut c| {
            c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
        });
        if let Err(error) = dropped {
            eprintln!("test database {} was not dropped: {error}", self.name);
        }
    }
}

#[test]
fn a_database_name_replaces_the_one_in_the_url() {
    assert_eq!(
        with_database("postgres://u@127.0.0.1:5432/postgres", "t1"),
        "postgres://u@127.0.0.1:5432/t1"
    );
    assert_eq!(
        with_database("postgres://u@h:1/postgres?sslmode=disable", "t1"),
        "postgres://u@h:1/t1?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://u@h:1", "t1"),
        "postgres://u@h:1/t1"
    );
}
