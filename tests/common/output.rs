//! A child process's output read line by line on a thread, so a test can keep the child's input
//! open until a line it waits for appears (a console prints reminders as they fire) and still
//! get everything the child printed.

use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub struct Watched {
    lines: Receiver<String>,
    reader: JoinHandle<String>,
}

impl Watched {
    pub fn start(output: impl Read + Send + 'static) -> Watched {
        let (sender, lines) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            for line in BufReader::new(output).lines().map_while(Result::ok) {
                text.push_str(&line);
                text.push('\n');
                sender.send(line).ok();
            }
            text
        });
        Watched { lines, reader }
    }

    /// Whether a line containing `wanted` appeared within `at_most`.
    pub fn wait_for(&self, wanted: &str, at_most: Duration) -> bool {
        let deadline = Instant::now() + at_most;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(wanted) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    }

    /// Everything printed, once the child has closed its output.
    pub fn finish(self) -> String {
        self.reader.join().unwrap_or_default()
    }
}
