//! Logs and metrics: how operators see the bot. Logs go to stderr through `tracing` (level from
//! `RUST_LOG`, JSON lines with `SUPPORTBOT_LOG_FORMAT=json`); metrics go through the `metrics`
//! facade, rendered in Prometheus text format on the HTTP listener's `/metrics`. Every metric's
//! name is declared here, once.

use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::engine::Outcome;

/// Commands answered, by `command` (its name, or `unknown`) and `outcome`.
pub const COMMANDS: &str = "supportbot_commands_total";
/// Seconds from a command's receipt by the engine to its reply, by `command`.
pub const COMMAND_SECONDS: &str = "supportbot_command_duration_seconds";
/// Discord interactions handled, by `kind` (command, autocomplete, button); a command's outcome
/// is in [`COMMANDS`].
pub const INTERACTIONS: &str = "supportbot_interactions_total";
/// Seconds from an interaction's receipt to Discord's acceptance of the answer, by `kind`.
pub const INTERACTION_SECONDS: &str = "supportbot_interaction_duration_seconds";
/// Cases filed and recorded.
pub const CASES_FILED: &str = "supportbot_cases_filed_total";
/// Reminder thresholds planned (each case write re-plans its case).
pub const REMINDERS_PLANNED: &str = "supportbot_reminders_planned_total";
/// Reminder thresholds that came due and moved into the outbox.
pub const REMINDERS_FIRED: &str = "supportbot_reminders_fired_total";
/// Reminder messages accepted by Discord (or printed by the console).
pub const REMINDERS_SENT: &str = "supportbot_reminder_messages_sent_total";
/// Reminder messages that can never be sent, set aside for operators.
pub const REMINDERS_REJECTED: &str = "supportbot_reminder_messages_rejected_total";
/// Reminder messages dropped because every case they report was closed or answered after they
/// were composed; by `earlier_attempt`: `yes` when one was made, which may have delivered it.
pub const REMINDERS_CANCELLED: &str = "supportbot_reminder_messages_cancelled_total";
/// The label of [`REMINDERS_CANCELLED`]: whether an earlier attempt had been made (`yes`, `no`).
pub const EARLIER_ATTEMPT: &str = "earlier_attempt";
/// What waits, by `queue`: `planned`, `outbox` (fired, not composed), `staged` (composed, not
/// sent), `rejected`; read from the store when scraped (`gauges`).
pub const QUEUE_DEPTH: &str = "supportbot_reminder_queue_depth";
/// Seconds a durable point (flush and sync) took, shared by the writers it covered.
pub const STORE_DURABLE_SECONDS: &str = "supportbot_store_durable_seconds";
/// Seconds a call to the store took, by `operation` (the `Store` method: `file_case`,
/// `update_case`, `list_cases`, `claim_messages`, `durable`, …), on either backend.
pub const STORE_OPERATION_SECONDS: &str = "supportbot_store_operation_seconds";
/// Seconds the oldest entry of a queue has waited, by `queue`: `outbox` (since it fired) and
/// `staged` (since the earliest reminder it reports fired); 0 when the queue is empty.
pub const QUEUE_OLDEST_SECONDS: &str = "supportbot_reminder_queue_oldest_seconds";
/// Cases submitted in the last 30 days whose first-response verdict is known, by `priority`,
/// `region` and `verdict` (`met`, `missed`): the count `/stats` shows.
pub const SLO_CASES: &str = "supportbot_slo_cases";
/// Met out of met and missed, by `priority` and `region`, over the same cases.
pub const SLO_ATTAINMENT: &str = "supportbot_slo_attainment_ratio";
/// Gateway sessions resumed after a disconnect.
pub const GATEWAY_RECONNECTS: &str = "supportbot_gateway_reconnects_total";
/// Error answers from Discord's REST API, by HTTP `status`.
pub const DISCORD_ERRORS: &str = "supportbot_discord_errors_total";

/// Histogram buckets in seconds: a command takes microseconds to a few hundred milliseconds.
const SECONDS_BUCKETS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// Logs to stderr: plain text, or JSON lines when `format` is `json`. The level comes from
/// `RUST_LOG` (default `warn`). Colours only on a terminal (and not with `NO_COLOR` set): in a
/// file or a pipe their escape codes are noise.
pub fn init_logging(format: Option<&str>) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour)
        .with_writer(std::io::stderr);
    if format.is_some_and(|f| f.eq_ignore_ascii_case("json")) {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// Installs the process-wide metrics recorder and describes every metric. Returns the handle
/// that renders them, or `None` if a recorder was installed already (then that one records).
pub fn install_metrics() -> Option<PrometheusHandle> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), SECONDS_BUCKETS)
        .ok()?
        .install_recorder()
        .ok()?;
    describe_counter!(COMMANDS, "Commands answered, by command and outcome");
    describe_histogram!(
        COMMAND_SECONDS,
        Unit::Seconds,
        "Time from a command's receipt by the engine to its reply"
    );
    describe_counter!(INTERACTIONS, "Discord interactions handled, by kind");
    describe_histogram!(
        INTERACTION_SECONDS,
        Unit::Seconds,
        "Time from an interaction's receipt to Discord accepting its answer"
    );
    describe_counter!(CASES_FILED, "Cases filed and recorded");
    describe_counter!(REMINDERS_PLANNED, "Reminder thresholds planned");
    describe_counter!(REMINDERS_FIRED, "Reminder thresholds fired into the outbox");
    describe_counter!(REMINDERS_SENT, "Reminder messages accepted");
    describe_counter!(
        REMINDERS_REJECTED,
        "Reminder messages that can never be sent"
    );
    describe_counter!(
        REMINDERS_CANCELLED,
        "Reminder messages dropped, not sent again: their cases were closed or answered after composing (earlier_attempt=yes: one may have been delivered)"
    );
    describe_gauge!(
        QUEUE_DEPTH,
        "Reminders waiting, by queue (planned, outbox, staged, rejected)"
    );
    describe_histogram!(
        STORE_DURABLE_SECONDS,
        Unit::Seconds,
        "Time of one durable point (flush and sync)"
    );
    describe_histogram!(
        STORE_OPERATION_SECONDS,
        Unit::Seconds,
        "Time of one call to the store, by operation"
    );
    describe_gauge!(
        QUEUE_OLDEST_SECONDS,
        Unit::Seconds,
        "Age of the oldest reminder waiting, by queue (outbox, staged)"
    );
    describe_gauge!(
        SLO_CASES,
        "Cases submitted in the last 30 days with a known first-response verdict, by priority, region and verdict"
    );
    describe_gauge!(
        SLO_ATTAINMENT,
        "Initial-response targets met out of met and missed over the last 30 days, by priority and region"
    );
    describe_counter!(GATEWAY_RECONNECTS, "Gateway sessions resumed");
    describe_counter!(
        DISCORD_ERRORS,
        "Error answers from Discord's REST API, by status"
    );
    Some(handle)
}

/// The `outcome` label of a reply.
pub fn outcome_label(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Answered => "answered",
        Outcome::BadInput => "bad_input",
        Outcome::Failed => "failed",
    }
}

#[cfg(test)]
mod tests {
    /// The metric names declared in this file: its string literals that are one.
    fn declared() -> Vec<&'static str> {
        include_str!("telemetry.rs")
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|s| s.len() > "supportbot_".len() && s.starts_with("supportbot_"))
            .filter(|s| s.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .collect()
    }

    /// Operators read the README's table: every metric has its row, and every row a metric.
    #[test]
    fn the_readme_lists_every_metric_and_only_those() {
        let readme = include_str!("../README.md");
        let declared = declared();
        assert!(declared.len() >= 17, "{declared:?}");
        for name in &declared {
            assert!(
                readme.contains(&format!("| `{name}` |")),
                "{name} has no row"
            );
        }
        let rows: Vec<&str> = readme
            .lines()
            .filter_map(|l| l.strip_prefix("| `supportbot_"))
            .filter_map(|l| l.split('`').next())
            .collect();
        assert_eq!(rows.len(), declared.len(), "{rows:?}");
        for row in rows {
            let name = format!("supportbot_{row}");
            assert!(declared.contains(&name.as_str()), "{name} is not a metric");
        }
    }
}
