//! One gateway owner among processes sharing a PostgreSQL database: the advisory lock is held by
//! one session at a time; when its process dies (SIGKILL) or its session ends, a waiting process
//! takes over within 10 seconds. Needs a server: `SUPPORTBOT_TEST_POSTGRES` names one (`.ci/run`
//! starts one); without it the tests say so and pass without running.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use supportbot::transport::discord::{AdvisoryLock, GatewayOwner};

const VAR: &str = "SUPPORTBOT_TEST_POSTGRES";
/// Set for the child process that holds the lock until it is killed.
const HOLD: &str = "SUPPORTBOT_TEST_HOLD_LOCK";
const TAKEOVER: Duration = Duration::from_secs(10);

fn server(test: &str) -> Option<String> {
    let url = std::env::var(VAR).ok();
    if url.is_none() {
        // Past the harness's capture, so the skip shows in a plain `cargo test`.
        let _ = writeln!(
            std::io::stderr(),
            "skipped {test}: set {VAR} to a PostgreSQL URL to run it (.ci/run does)"
        );
    }
    url
}

/// A key no other test (or engineer on a shared server) uses at the same time.
fn fresh_key() -> i64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    (i64::from(std::process::id()) << 32) | i64::from(nanos)
}

/// Ends the sessions holding the advisory lock `key`, as a server restart or a broken
/// connection would.
fn end_sessions_holding(url: &str, key: i64) -> i64 {
    let mut client = postgres::Client::connect(url, postgres::NoTls).expect("the server");
    let ended: i64 = client
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_locks \
             WHERE locktype = 'advisory' AND objsubid = 1 AND granted \
             AND ((classid::bigint << 32) | objid::bigint) = $1",
            &[&key],
        )
        .expect("the sessions are ended")
        .get(0);
    ended
}

/// Run as a child process by the takeover test: holds the lock and says so, until killed.
#[test]
#[ignore = "a helper the takeover test runs as a child process"]
fn lock_holder() {
    let (Ok(url), Ok(key)) = (std::env::var(VAR), std::env::var(HOLD)) else {
        return;
    };
    let key: i64 = key.parse().expect("a key");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let lock = AdvisoryLock::new(&url, key).expect("a valid URL");
        let _held = lock.acquire().await;
        println!("holding");
        std::io::stdout().flush().expect("stdout");
        tokio::time::sleep(Duration::from_secs(120)).await;
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_process_takes_the_gateway_within_10_s_of_the_owners_death() {
    let Some(url) = server("another_process_takes_the_gateway_within_10_s_of_the_owners_death")
    else {
        return;
    };
    let key = fresh_key();
    let mut owner = Command::new(std::env::current_exe().expect("this test binary"))
        .args(["--exact", "lock_holder", "--ignored", "--nocapture"])
        .env(HOLD, key.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the owner starts");
    let stdout = owner.stdout.take().expect("its stdout");
    let holding = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .any(|line| line.contains("holding"))
    });
    let holds = tokio::time::timeout(TAKEOVER, holding).await;
    assert!(
        matches!(holds, Ok(Ok(true))),
        "the first process holds the lock"
    );

    let waiting = AdvisoryLock::new(&url, key).expect("a valid URL");
    let acquiring = tokio::spawn(async move {
        let held = waiting.acquire().await;
        (held, waiting)
    });
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        !acquiring.is_finished(),
        "a second process waits while the first holds the gateway"
    );

    owner.kill().expect("SIGKILL");
    let killed = Instant::now();
    let _ = owner.wait();
    let took_over = tokio::time::timeout(TAKEOVER, acquiring).await;
    assert!(
        matches!(took_over, Ok(Ok(_))),
        "no takeover within {TAKEOVER:?}"
    );
    assert!(killed.elapsed() < TAKEOVER, "took {:?}", killed.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_whose_session_ends_leaves_and_another_takes_over() {
    let Some(url) = server("an_owner_whose_session_ends_leaves_and_another_takes_over") else {
        return;
    };
    let key = fresh_key();
    let first = AdvisoryLock::new(&url, key).expect("a valid URL");
    let mut held = first.acquire().await;
    let second = AdvisoryLock::new(&url, key).expect("a valid URL");
    let acquiring = tokio::spawn(async move {
        let held = second.acquire().await;
        (held, second)
    });
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(!acquiring.is_finished(), "one owner at a time");

    let url_for_end = url.clone();
    let ended = tokio::task::spawn_blocking(move || end_sessions_holding(&url_for_end, key))
        .await
        .expect("the sessions are ended");
    assert_eq!(ended, 1, "one session held the lock");
    let ended_at = Instant::now();
    tokio::time::timeout(TAKEOVER, held.lost())
        .await
        .expect("the first owner notices it lost the gateway");
    let (mut second_held, _second) = tokio::time::timeout(TAKEOVER, acquiring)
        .await
        .expect("the second takes over within 10 s")
        .expect("its task");
    assert!(ended_at.elapsed() < TAKEOVER);

    // Letting go is how a process hands over at shutdown: the first gets it back at once.
    drop(held);
    let again = tokio::spawn(async move {
        let held = first.acquire().await;
        (held, first)
    });
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(!again.is_finished(), "still the second's");
    assert!(
        tokio::time::timeout(Duration::from_millis(100), second_held.lost())
            .await
            .is_err(),
        "the second still holds it"
    );
    drop(second_held);
    tokio::time::timeout(TAKEOVER, again)
        .await
        .expect("handed over once let go")
        .expect("its task");
}
