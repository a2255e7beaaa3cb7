//! One gateway per bot. Plain-language messages arrive only over the gateway, and every process
//! connected to it would answer each one, so exactly one process holds it: with a sled store the
//! single process always does; processes sharing a PostgreSQL database take turns through an
//! advisory lock held by a dedicated session, which PostgreSQL releases when the session ends (the
//! process died, or its connection did), and a waiting process takes over.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tokio::sync::oneshot;

/// Holding the gateway, while it lasts; dropping it lets go.
pub struct Held {
    lost: Option<oneshot::Receiver<()>>,
}

impl Held {
    /// Ownership nothing can take away.
    pub fn forever() -> Held {
        Held { lost: None }
    }

    /// Ownership that ends when `lost` receives (or its sender is dropped). Whatever keeps the
    /// ownership lets go once this is dropped (its sender is then closed).
    pub fn until(lost: oneshot::Receiver<()>) -> Held {
        Held { lost: Some(lost) }
    }

    /// Completes when another process may hold the gateway: this one must leave it at once.
    pub async fn lost(&mut self) {
        match &mut self.lost {
            Some(lost) => {
                let _ = lost.await;
            }
            None => std::future::pending().await,
        }
    }
}

pub type Acquiring<'a> = Pin<Box<dyn Future<Output = Held> + Send + 'a>>;

/// Decides which process holds the gateway.
pub trait GatewayOwner: Send + Sync {
    /// Waits until this process may hold the gateway.
    fn acquire(&self) -> Acquiring<'_>;

    /// Whether another process could hold the gateway instead: then this one asks for it only
    /// once it can answer what the gateway brings (its plain-language reader has learned), so a
    /// takeover never hands the chat to a process that would keep it waiting.
    fn contended(&self) -> bool {
        false
    }
}

/// The only process on its store (sled allows one per directory): always the owner.
pub struct AlwaysOwner;

impl GatewayOwner for AlwaysOwner {
    fn acquire(&self) -> Acquiring<'_> {
        Box::pin(std::future::ready(Held::forever()))
    }
}

/// The advisory lock's key: one gateway per database [D] (one bot per database).
pub const GATEWAY_LOCK: i64 = 0x5355_5050_4f52_5447;
/// How often a waiting process asks for the lock, and an owner checks its session is alive:
/// together with the time to connect they bound a takeover well under 10 seconds.
const RETRY: Duration = Duration::from_secs(1);
/// How long a connection attempt or a liveness check may take before it counts as failed.
const TIMEOUT: Duration = Duration::from_secs(3);

/// Processes sharing a PostgreSQL database: the one whose session holds
/// `pg_try_advisory_lock(key)` owns the gateway. The session lives on a thread of its own,
/// since the synchronous client must not run on the async runtime.
pub struct AdvisoryLock {
    config: postgres::Config,
    key: i64,
}

#[derive(Debug, thiserror::Error)]
#[error("the PostgreSQL URL for the gateway lock is not valid: {0}")]
pub struct BadUrl(String);

impl AdvisoryLock {
    pub fn new(url: &str, key: i64) -> Result<AdvisoryLock, BadUrl> {
        let mut config: postgres::Config = url.parse().map_err(|e| BadUrl(format!("{e}")))?;
        // A dead peer is noticed by keepalives even when its machine vanished without a word.
        config
            .connect_timeout(TIMEOUT)
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(2))
            .keepalives_interval(Duration::from_secs(1))
            .keepalives_retries(3);
        Ok(AdvisoryLock { config, key })
    }
}

impl GatewayOwner for AdvisoryLock {
    fn contended(&self) -> bool {
        true
    }

    fn acquire(&self) -> Acquiring<'_> {
        let (acquired, held) = oneshot::channel();
        let (lost_tx, lost) = oneshot::channel();
        let config = self.config.clone();
        let key = self.key;
        let spawned = std::thread::Builder::new()
            .name("gateway-lock".into())
            .spawn(move || hold(&config, key, acquired, lost_tx));
        Box::pin(async move {
            if let Err(error) = spawned {
                tracing::error!(%error, "the gateway lock's thread cannot start");
                return std::future::pending().await;
            }
            match held.await {
                Ok(()) => Held::until(lost),
                // The thread ended without the lock: it cannot have panicked on a client error,
                // so this is shutdown; never own.
                Err(_) => std::future::pending().await,
            }
        })
    }
}

/// The lock's session: asks for the lock until it is granted (or nobody waits any more), says
/// so, then keeps the session alive until the ownership is dropped or the session dies, and
/// says that. Closing the session releases the lock.
fn hold(
    config: &postgres::Config,
    key: i64,
    acquired: oneshot::Sender<()>,
    lost: oneshot::Sender<()>,
) {
    let mut client = loop {
        if acquired.is_closed() {
            return;
        }
        match try_lock(config, key) {
            Ok(Some(client)) => break client,
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "the gateway lock cannot be asked for; retrying"),
        }
        std::thread::sleep(RETRY);
    };
    if acquired.send(()).is_err() {
        return;
    }
    tracing::info!("this process holds the gateway lock");
    while !lost.is_closed() {
        std::thread::sleep(RETRY);
        if let Err(error) = client.is_valid(TIMEOUT) {
            tracing::warn!(%error, "the gateway lock's session ended; leaving the gateway");
            break;
        }
    }
    let _ = lost.send(());
}

/// A session that holds the lock, or `None` when another does.
fn try_lock(
    config: &postgres::Config,
    key: i64,
) -> Result<Option<postgres::Client>, postgres::Error> {
    let mut client = config.connect(postgres::NoTls)?;
    let granted: bool = client
        .query_one("SELECT pg_try_advisory_lock($1)", &[&key])?
        .get(0);
    Ok(granted.then_some(client))
}
