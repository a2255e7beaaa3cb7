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
    }

    /// The interface both the real group commit and the deliberately wrong one below offer, so
    /// the scenarios can show that they tell the two apart.
    trait Durable: Send + Sync {
        fn wait_durable(
            &self,
            flush: &dyn Fn() -> Result<(), FlushFailed>,
        ) -> Result<(), FlushFailed>;
    }

    impl Durable for GroupCommit {
        fn wait_durable(
            &self,
            flush: &dyn Fn() -> Result<(), FlushFailed>,
        ) -> Result<(), FlushFailed> {
            self.durable(flush)
        }
    }

    /// Wrong on purpose: a caller that finds a flush running waits for it and returns its
    /// success, although that flush started before the caller's write and may have failed.
    #[derive(Default)]
    struct ReturnsAfterAnyFlush {
        flushing: Mutex<bool>,
        done: Condvar,
    }

    impl Durable for ReturnsAfterAnyFlush {
        fn wait_durable(
            &self,
            flush: &dyn Fn() -> Result<(), FlushFailed>,
        ) -> Result<(), FlushFailed> {
            let mut flushing = self.flushing.lock().unwrap();
            if *flushing {
                while *flushing {
                    flushing = self.done.wait(flushing).unwrap();
                }
                return Ok(());
            }
            *flushing = true;
            drop(flushing);
            let result = flush();
            *self.flushing.lock().unwrap() = false;
            self.done.notify_all();
            result
        }
    }

    /// A flush that reports which writes it covered and can be held open until released.
    #[derive(Default)]
    struct Disk {
        /// Writes made so far (each caller's write bumps it before asking for durability).
        written: AtomicU64,
        /// The value of `written` when the latest successful flush started.
        synced: AtomicU64,
        flushes: AtomicU64,
        /// The flush number (1-based) that fails, 0 for none.
        failing_flush: u64,
        hold_first: Mutex<Option<std::sync::mpsc::Receiver<()>>>,
        first_started: Mutex<Option<std::sync::mpsc::Sender<()>>>,
    }

    impl Disk {
        fn held(
            failing_flush: u64,
        ) -> (
            Arc<Disk>,
            std::sync::mpsc::Sender<()>,
            std::sync::mpsc::Receiver<()>,
        ) {
            let (release, hold) = std::sync::mpsc::channel();
            let (started, first_started) = std::sync::mpsc::channel();
            let disk = Disk {
                failing_flush,
                hold_first: Mutex::new(Some(hold)),
                first_started: Mutex::new(Some(started)),
                ..Disk::default()
            };
            (Arc::new(disk), release, first_started)
        }

        fn flush(&self) -> Result<(), FlushFailed> {
            let covered = self.written.load(Ordering::SeqCst);
            let number = self.flushes.fetch_add(1, Ordering::SeqCst) + 1;
            if let Some(started) = self.first_started.lock().unwrap().take() {
                started.send(()).unwrap();
            }
            let hold = self.hold_first.lock().unwrap().take();
            if let Some(hold) = hold {
                hold.recv().unwrap();
            }
            if number == self.failing_flush {
                return Err(FlushFailed);
            }
            self.synced.fetch_max(covered, Ordering::SeqCst);
            Ok(())
        }

        /// One caller: a write, then a wait for durability. Returns the write's number.
        fn write_and_wait(
            self: &Arc<Self>,
            commit: &Arc<dyn Durable>,
        ) -> (u64, Result<(), FlushFailed>) {
            let mine = self.written.fetch_add(1, Ordering::SeqCst) + 1;
            let disk = self.clone();
            (mine, commit.wait_durable(&move || disk.flush()))
        }
    }

    /// A writer arrives while a flush that started before its write is running. Returns whether
    /// it was told "durable" with its write not covered by any successful flush.
    fn returns_before_its_write_is_flushed(commit: Arc<dyn Durable>) -> bool {
        let (disk, release, first_started) = Disk::held(0);
        let first = {
            let (disk, commit) = (disk.clone(), commit.clone());
            std::thread::spawn(move || disk.write_and_wait(&commit))
        };
        first_started.recv().unwrap();
        let late = {
            let (disk, commit) = (disk.clone(), commit.clone());
            std::thread::spawn(move || disk.write_and_wait(&commit))
        };
        // Let the late writer reach its wait before the first flush ends.
        std::thread::sleep(Duration::from_millis(50));
        release.send(()).unwrap();
        let (first_write, first_result) = first.join().unwrap();
        let (late_write, late_result) = late.join().unwrap();
        assert_eq!((first_write, first_result), (1, Ok(())));
        assert_eq!(late_result, Ok(()));
        disk.synced.load(Ordering::SeqCst) < late_write
    }

    #[test]
    fn a_caller_returns_only_after_a_flush_that_started_after_its_write() {
        assert!(!returns_before_its_write_is_flushed(Arc::new(
            GroupCommit::default()
        )));
        assert!(
            returns_before_its_write_is_flushed(Arc::new(ReturnsAfterAnyFlush::default())),
            "the scenario catches a group commit that returns after an earlier flush"
        );
    }

    /// Three writers wait behind a held flush; the next flush, which covers all three, fails.
    /// Returns the results the three were given.
    fn results_of_a_failed_shared_flush(commit: Arc<dyn Durable>) -> Vec<Result<(), FlushFailed>> {
        let (disk, release, first_started) = Disk::held(2);
        let first = {
            let (disk, commit) = (disk.clone(), commit.clone());
            std::thread::spawn(move || disk.write_and_wait(&commit))
        };
        first_started.recv().unwrap();
        let waiting: Vec<_> = (0..3)
            .map(|_| {
                let (disk, commit) = (disk.clone(), commit.clone());
                std::thread::spawn(move || disk.write_and_wait(&commit))
            })
            .collect();
        std::thread::sleep(Duration::from_millis(50));
        release.send(()).unwrap();
        assert_eq!(first.join().unwrap().1, Ok(()));
        waiting.into_iter().map(|t| t.join().unwrap().1).collect()
    }

    #[test]
    fn a_failed_flush_is_reported_to_everyone_it_covered() {
        let commit = Arc::new(GroupCommit::default());
        assert_eq!(
            results_of_a_failed_shared_flush(commit.clone()),
            vec![Err(FlushFailed); 3]
        );
        // The failure is not sticky: the next caller's own flush succeeds.
        assert_eq!(commit.durable(|| Ok::<(), FlushFailed>(())), Ok(()));
        assert_ne!(
            results_of_a_failed_shared_flush(Arc::new(ReturnsAfterAnyFlush::default())),
            vec![Err(FlushFailed); 3],
            "the scenario catches a group commit that hides a failed flush from its waiters"
        );
    }
}
