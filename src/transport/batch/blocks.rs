//! Blocks of whole lines answered by several threads at once and written in input order.
//!
//! Each worker takes turns at the input (read a block, cut it after its last new line, number
//! it), answers the block into its own buffer with no lock held, then waits for the blocks before
//! it to be written and writes its own. Reading and writing are each one thread at a time, in
//! order; answering, which is nearly all the work, runs on every thread.

use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use super::{BatchSummary, Workers, answer_block, fast};
use crate::domain::catalog::Catalog;

/// The input side: the reader and what the last read left of a line it cut.
struct Input<R> {
    reader: R,
    /// The start of a line the last block ended inside, first in the next block.
    carry: Vec<u8>,
    /// The number (from 1) of the next block's first line: errors name the input line.
    next_line: u64,
    next_block: u64,
    at_end: bool,
}

/// The output side: the writer, whose turn it is, and the lines written so far.
struct Output<W> {
    writer: W,
    next_block: u64,
    summary: BatchSummary,
    error: Option<io::Error>,
    /// A worker panicked holding a block: the blocks after it can never be written.
    abandoned: bool,
}

/// A block taken from the input: its place in the output and the number of its first line.
struct Taken {
    sequence: u64,
    first_line: u64,
    /// The block is the first `len` bytes of the worker's buffer.
    len: usize,
    read: io::Result<()>,
}

struct Shared<'c, R, W> {
    catalog: &'c Catalog,
    workers: Workers,
    input: Mutex<Input<R>>,
    output: Mutex<Output<W>>,
    turn: Condvar,
    /// Set once writing failed or a worker panicked: no worker takes another block.
    stop: AtomicBool,
    warning_json: Vec<u8>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A worker that panicked is reported by the scope; the state it left is still consistent,
    // since every field is updated before the lock is released.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(super) fn run<R: Read + Send, W: Write + Send>(
    catalog: &Catalog,
    input: R,
    output: W,
    workers: Workers,
) -> io::Result<BatchSummary> {
    let shared = Shared {
        catalog,
        workers,
        input: Mutex::new(Input {
            reader: input,
            carry: Vec::new(),
            next_line: 1,
            next_block: 0,
            at_end: false,
        }),
        output: Mutex::new(Output {
            writer: output,
            next_block: 0,
            summary: BatchSummary::default(),
            error: None,
            abandoned: false,
        }),
        turn: Condvar::new(),
        stop: AtomicBool::new(false),
        warning_json: fast::warning_json(),
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..workers.threads.get())
            .map(|_| scope.spawn(|| work(&shared)))
            .collect();
        work(&shared);
        for other in others {
            if let Err(panic) = other.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    let output = shared
        .output
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    let mut writer = output.writer;
    match output.error {
        Some(error) => Err(error),
        None => writer.flush().map(|()| output.summary),
    }
}

/// One worker: take a block, answer it, write it in its turn, until the input ends or writing
/// fails.
fn work<R: Read, W: Write>(shared: &Shared<'_, R, W>) {
    let mut parsed = fast::Parsed::new();
    // Only grows (to the longest block), so reads never pay to clear it again.
    let mut block = Vec::new();
    let mut answers = Vec::new();
    while !shared.stop.load(Ordering::Relaxed) {
        let Some(taken) = take_block(shared, &mut block) else {
            return;
        };
        let turn = Turn {
            shared,
            sequence: taken.sequence,
            finished: false,
        };
        answers.clear();
        let answered = taken.read.and_then(|()| {
            answer_block(
                shared.catalog,
                &mut parsed,
                &shared.warning_json,
                &block[..taken.len],
                taken.first_line,
                &mut answers,
            )
        });
        turn.write(answered, &answers);
    }
}

/// Reads the next block of whole lines into the start of `block` (the last line of the input may
/// lack its new line); `None` once the input is used up. A read error takes a block of its own,
/// so the lines before it are still written.
fn take_block<R: Read, W>(shared: &Shared<'_, R, W>, block: &mut Vec<u8>) -> Option<Taken> {
    let room = shared.workers.block_bytes.max(1);
    let mut input = lock(&shared.input);
    let input = &mut *input;
    let carried = input.carry.len();
    grow(block, carried + room);
    block[..carried].copy_from_slice(&input.carry);
    input.carry.clear();
    let mut filled = carried;
    let mut searched = carried;
    let mut read = Ok(());
    let end = loop {
        if input.at_end {
            break filled;
        }
        grow(block, filled + room);
        match input.reader.read(&mut block[filled..]) {
            Ok(0) => input.at_end = true,
            Ok(n) => {
                filled += n;
                // One read answers what has arrived, so lines typed one at a time are answered
                // as they come; only a line cut by the read waits for its end.
                if let Some(last) = memchr::memrchr(b'\n', &block[searched..filled]) {
                    break searched + last + 1;
                }
                searched = filled;
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => {
                // What was read of a line cut by the failure is not a line: nothing is carried.
                input.at_end = true;
                read = Err(error);
                filled = 0;
                break 0;
            }
        }
    };
    input.carry.extend_from_slice(&block[end..filled]);
    if end == 0 && read.is_ok() {
        return None;
    }
    let lines = &block[..end];
    let count = match lines.last() {
        None => 0,
        Some(&last) => memchr::memchr_iter(b'\n', lines).count() + usize::from(last != b'\n'),
    };
    let taken = Taken {
        sequence: input.next_block,
        first_line: input.next_line,
        len: end,
        read,
    };
    input.next_block += 1;
    input.next_line = input
        .next_line
        .saturating_add(u64::try_from(count).unwrap_or(u64::MAX));
    Some(taken)
}

fn grow(block: &mut Vec<u8>, len: usize) {
    if block.len() < len {
        block.resize(len, 0);
    }
}

/// A block's place in the output: written once the blocks before it are, or, should answering
/// panic, given up so the workers waiting behind it stop waiting.
struct Turn<'s, 'c, R, W> {
    shared: &'s Shared<'c, R, W>,
    sequence: u64,
    finished: bool,
}

impl<R, W: Write> Turn<'_, '_, R, W> {
    fn write(mut self, answered: io::Result<BatchSummary>, answers: &[u8]) {
        let shared = self.shared;
        let mut output = lock(&shared.output);
        while output.next_block != self.sequence && !output.abandoned {
            output = shared
                .turn
                .wait(output)
                .unwrap_or_else(PoisonError::into_inner);
        }
        self.finished = true;
        if output.abandoned {
            return;
        }
        if output.error.is_none() {
            let written = answered.and_then(|summary| {
                output.writer.write_all(answers)?;
                // Each block reaches the reader as soon as it is answered.
                output.writer.flush()?;
                Ok(summary)
            });
            match written {
                Ok(summary) => {
                    output.summary.lines += summary.lines;
                    output.summary.errors += summary.errors;
                }
                Err(error) => {
                    shared.stop.store(true, Ordering::Relaxed);
                    output.error = Some(error);
                }
            }
        }
        output.next_block += 1;
        drop(output);
        shared.turn.notify_all();
    }
}

impl<R, W> Drop for Turn<'_, '_, R, W> {
    fn drop(&mut self) {
        if !self.finished {
            self.shared.stop.store(true, Ordering::Relaxed);
            lock(&self.shared.output).abandoned = true;
            self.shared.turn.notify_all();
        }
    }
}
