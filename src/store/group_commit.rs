//! Group commit: callers that need their writes on disk share flushes. The first caller to
//! arrive flushes; everyone who arrives meanwhile waits for the next flush, which covers them all,
//! instead of queueing one fsync each.

use std::sync::{Condvar, Mutex};

#[derive(Default)]
struct State {
    /// Tickets handed out: each caller's writes precede its ticket.
    requested: u64,
    /// Every ticket up to this one is on disk.
    completed: u64,
    flushing: bool,
    /// The last flush failed: callers waiting for it get an error, not a false promise.
    failed_at: Option<u64>,
}

#[derive(Default)]
pub struct GroupCommit {
    state: Mutex<State>,
    done: Condvar,
}

impl GroupCommit {
    /// Waits until writes made before this call are durable, flushing with `flush` if nobody else
    /// is.
    pub fn durable<E>(&self, flush: impl Fn() -> Result<(), E>) -> Result<(), E>
    where
        E: From<FlushFailed>,
    {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.requested += 1;
        let ticket = state.requested;
        loop {
            if state.completed >= ticket {
                return Ok(());
            }
            if state.failed_at.is_some_and(|f| f >= ticket) {
                return Err(FlushFailed.into());
            }
            if !state.flushing {
                break;
            }
            state = self.done.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        // This caller leads: one flush covers every ticket handed out so far.
        state.flushing = true;
        let covered = state.requested;
        drop(state);
        let result = flush();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.flushing = false;
        match result {
            Ok(()) => state.completed = state.completed.max(covered),
            Err(_) => state.failed_at = Some(covered),
        }
        self.done.notify_all();
        result
    }
}

/// A flush that another caller led did not succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("writing to disk failed")]
pub struct FlushFailed;

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

    use super::*;

    #[test]
    fn concurrent_callers_share_flushes() {
        let commit = Arc::new(GroupCommit::default());
        let flushes = Arc::new(AtomicU64::new(0));
        let threads: Vec<_> = (0..16)
            .map(|_| {
                let commit = commit.clone();
                let flushes = flushes.clone();
                std::thread::spawn(move || {
                    for _ in 0..20 {
                        commit
                            .durable(|| {
                                flushes.fetch_add(1, Ordering::SeqCst);
                                std::thread::sleep(Duration::from_millis(2));
                                Ok::<(), FlushFailed>(())
                            })
                            .unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let flushes = flushes.load(Ordering::SeqCst);
        assert!(flushes < 16 * 20 / 2, "{flushes} flushes for 320 callers");
        assert!(
            flushes >= 20,
            "each caller waited for a flush that started after it"
        );
    }

    #[test]
    fn a_failed_flush_is_reported_to_everyone_it_covered() {
        let commit = GroupCommit::default();
        assert_eq!(commit.durable(|| Err(FlushFailed)), Err(FlushFailed));
        assert_eq!(commit.durable(|| Ok::<(), FlushFailed>(())), Ok(()));
    }
}
