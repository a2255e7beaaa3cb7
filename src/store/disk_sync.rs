//! The last step of a durable point: an `fdatasync` of the files sled wrote.
//!
//! sled 0.34 makes its log writes "stable" on Linux with `sync_file_range`, which neither flushes
//! the drive's write cache nor the file's metadata; its own `fsync` runs only in its periodic
//! flusher thread, which the store turns off (`sled_store::open_db`). A write acknowledged after `sled::Db::flush` alone survives a killed
//! process but not a kernel crash or a power loss. This module closes that gap: after sled's
//! flush, the log file is synced, and whenever sled created, renamed or removed a file (its
//! configuration, snapshots, blobs), those files and the directories holding their entries are
//! synced too.

use std::collections::BTreeSet;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::StoreError;

/// sled's append-only log: every record write lands here.
const LOG_FILE: &str = "db";
/// sled keeps values too large for the log as one file each in this directory.
const BLOB_DIR: &str = "blobs";

pub(super) struct DiskSync {
    dir: PathBuf,
    log: File,
    /// The directory entries as of the last durable point; `None` before the first one, when
    /// everything sled created on opening (the directory itself included) is still unsynced.
    synced_entries: Mutex<Option<BTreeSet<PathBuf>>>,
}

impl DiskSync {
    /// For the sled database in `dir`, which must already be open (its log file exists).
    pub(super) fn new(dir: &Path) -> io::Result<DiskSync> {
        Ok(DiskSync {
            dir: dir.to_owned(),
            log: File::open(dir.join(LOG_FILE))?,
            synced_entries: Mutex::new(None),
        })
    }

    /// Syncs what sled wrote since the last call. The caller has flushed sled first, so every
    /// write it waits for has reached the files; the group commit ensures one caller at a time.
    pub(super) fn sync(&self) -> Result<(), StoreError> {
        self.sync_files().map_err(|source| StoreError::DiskSync {
            path: self.dir.clone(),
            source,
        })
    }

    fn sync_files(&self) -> io::Result<()> {
        self.log.sync_data()?;
        let entries = self.entries()?;
        let mut synced = self
            .synced_entries
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if synced.as_ref() == Some(&entries) {
            return Ok(());
        }
        let first = synced.is_none();
        let known = synced.take().unwrap_or_default();
        for path in entries.difference(&known) {
            sync_file(path)?;
        }
        sync_file(&self.dir.join(BLOB_DIR))?;
        sync_file(&self.dir)?;
        if first {
            // The store directory may have been created by this process: its own entry lives in
            // the parent.
            if let Some(parent) = self.dir.parent().filter(|p| !p.as_os_str().is_empty()) {
                sync_file(parent)?;
            }
        }
        *synced = Some(entries);
        Ok(())
    }

    /// Every file in the store directory and its blob directory, the log file excepted (it is
    /// synced on every call).
    fn entries(&self) -> io::Result<BTreeSet<PathBuf>> {
        let mut entries = BTreeSet::new();
        for dir in [self.dir.clone(), self.dir.join(BLOB_DIR)] {
            let listing = match std::fs::read_dir(&dir) {
                Ok(listing) => listing,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            for entry in listing {
                let entry = entry?;
                if entry.file_type()?.is_file() && entry.file_name() != LOG_FILE {
                    entries.insert(entry.path());
                }
            }
        }
        Ok(entries)
    }
}

/// `fsync` of a file or a directory. A file that sled renamed or removed since it was listed is
/// skipped: its new entry is synced with its directory, and a removed one needs nothing.
fn sync_file(path: &Path) -> io::Result<()> {
    match File::open(path) {
        Ok(file) => file.sync_all(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sync_covers_every_file_then_only_new_ones() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        std::fs::create_dir_all(store.join(BLOB_DIR)).unwrap();
        std::fs::write(store.join(LOG_FILE), b"log").unwrap();
        std::fs::write(store.join("conf"), b"conf").unwrap();
        let sync = DiskSync::new(&store).unwrap();
        sync.sync().unwrap();
        let known = sync.synced_entries.lock().unwrap().clone().unwrap();
        assert_eq!(known, BTreeSet::from([store.join("conf")]));

        std::fs::write(store.join(BLOB_DIR).join("1"), b"blob").unwrap();
        sync.sync().unwrap();
        let known = sync.synced_entries.lock().unwrap().clone().unwrap();
        assert_eq!(
            known,
            BTreeSet::from([store.join("conf"), store.join(BLOB_DIR).join("1")])
        );
    }

    #[test]
    fn a_missing_log_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(DiskSync::new(dir.path()).is_err());
    }
}
