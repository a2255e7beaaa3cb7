//! The operators' HTTP listener (`SUPPORTBOT_HTTP=ADDR:PORT`): `GET /metrics` in Prometheus text
//! format, `GET /healthz` (the process runs) and `GET /readyz` (it can do its work now); on
//! Discord with `DISCORD_PUBLIC_KEY`, also `POST /interactions` (`discord::Endpoint`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use metrics_exporter_prometheus::PrometheusHandle;

/// A part the bot needs before it is ready, as `/readyz` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The store is open (or the bot runs without one).
    Store,
    /// The reminder scheduler's loop is running (or there is no store to schedule from).
    Scheduler,
    /// The Discord gateway session is up (or the bot runs in the terminal).
    Discord,
}

const PARTS: [(Part, &str); 3] = [
    (Part::Store, "the store is not open"),
    (Part::Scheduler, "the reminder scheduler is not running"),
    (
        Part::Discord,
        "neither the Discord gateway nor the interactions endpoint is ready",
    ),
];

/// What each part of the bot reports about itself; `/readyz` answers 200 only when every part is
/// ready. Parts start not ready, except those a mode does not use, which the mode marks ready.
#[derive(Debug, Default)]
pub struct Readiness {
    ready: AtomicU8,
}

/// The process's readiness: one bot per process, like the metrics recorder.
pub static READINESS: Readiness = Readiness::new();

impl Readiness {
    pub const fn new() -> Readiness {
        Readiness {
            ready: AtomicU8::new(0),
        }
    }

    pub fn set(&self, part: Part, ready: bool) {
        let bit = 1 << part as u8;
        if ready {
            self.ready.fetch_or(bit, Ordering::SeqCst);
        } else {
            self.ready.fetch_and(!bit, Ordering::SeqCst);
        }
    }

    /// The reasons the bot is not ready, empty when it is.
    pub fn not_ready(&self) -> Vec<&'static str> {
        let ready = self.ready.load(Ordering::SeqCst);
        PARTS
            .iter()
            .filter(|(part, _)| ready & (1 << *part as u8) == 0)
            .map(|(_, reason)| *reason)
            .collect()
    }
}

/// Metrics read when scraped rather than recorded as things happen (what the store holds).
pub trait ScrapeTime: Send + Sync + 'static {
    /// Brings those gauges up to date; `/metrics` renders once it is done.
    fn refresh(&self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

#[derive(Clone)]
struct Ops {
    readiness: &'static Readiness,
    metrics: PrometheusHandle,
    scrape_time: Option<Arc<dyn ScrapeTime>>,
}

fn router(ops: Ops) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .with_state(ops)
}

async fn metrics(State(ops): State<Ops>) -> impl IntoResponse {
    if let Some(gauges) = &ops.scrape_time {
        gauges.refresh().await;
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        ops.metrics.render(),
    )
}

async fn readyz(State(ops): State<Ops>) -> impl IntoResponse {
    let reasons = ops.readiness.not_ready();
    if reasons.is_empty() {
        (StatusCode::OK, "ready\n".to_owned())
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {}\n", reasons.join("; ")),
        )
    }
}

/// Serves on `listener` until `shutdown` completes, with `more` routes beside the operators'
/// (Discord's interactions endpoint); `scrape_time` refreshes the gauges read on each scrape.
pub async fn serve(
    listener: tokio::net::TcpListener,
    metrics: PrometheusHandle,
    scrape_time: Option<Arc<dyn ScrapeTime>>,
    more: Option<Router>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let ops = Ops {
        readiness: &READINESS,
        metrics,
        scrape_time,
    };
    let mut router = router(ops);
    if let Some(more) = more {
        router = router.merge(more);
    }
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readiness_names_every_part_that_is_not_ready() {
        let readiness = Readiness::default();
        assert_eq!(readiness.not_ready().len(), 3);
        readiness.set(Part::Store, true);
        readiness.set(Part::Discord, true);
        assert_eq!(
            readiness.not_ready(),
            vec!["the reminder scheduler is not running"]
        );
        readiness.set(Part::Scheduler, true);
        assert!(readiness.not_ready().is_empty());
        readiness.set(Part::Store, false);
        assert_eq!(readiness.not_ready(), vec!["the store is not open"]);
    }
}
