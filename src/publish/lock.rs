//! The output lock: one run at a time per output folder.
//!
//! Takes the output folder and how long to wait; gives an [`OutputLock`] held until it is dropped.
//! The lock is an advisory lock (`flock`) on `<output>/.tertial.lock`, which the kernel releases
//! when the holding process ends, however it ends: a lock file left by a killed run is therefore
//! stale by construction and simply taken over.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// The name of the lock file inside the output folder.
pub const LOCK_FILE: &str = ".tertial.lock";

/// A held lock.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another run holds it.
    #[error("en annan körning av tertial ({holder}) skriver i {folder}; väntade {waited} s. Försök igen när den är klar, eller ange --wait SEKUNDER")]
    Busy {
        folder: String,
        /// Who holds it, as written in the lock file.
        holder: String,
        /// How long this run waited.
        waited: u64,
    },
    /// The lock file could not be used.
    #[error("kunde inte använda låsfilen {path}")]
    Io { path: String, source: std::io::Error },
}

/// Takes the lock on `output`, waiting up to `wait`.
pub fn acquire(output: &Path, wait: Duration) -> Result<OutputLock, LockError> {
    let path = output.join(LOCK_FILE);
    let io = |source| LockError::Io { path: crate::format::path(&path), source };
    fs_err::create_dir_all(output).map_err(io)?;
    let mut file =
        OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {
                if start.elapsed() >= wait {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim();
                    return Err(LockError::Busy {
                        folder: crate::format::path(output),
                        holder: if holder.is_empty() { "okänd".into() } else { holder.to_string() },
                        waited: start.elapsed().as_secs(),
                    });
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
    }
    Ok(OutputLock { file })
}

impl OutputLock {
    /// Writes this process as the holder, for the message of a run that gives up waiting. A run
    /// does so only once it goes on to write (an unchanged rerun touches nothing, not even this
    /// file); until then a waiting run names the holder the file last named. Failing to write it
    /// only leaves that message vaguer.
    pub fn announce(&mut self) {
        let f = &mut self.file;
        let _ = f.set_len(0).and_then(|()| f.seek(SeekFrom::Start(0)));
        let _ = write!(f, "pid {}", std::process::id()).and_then(|()| f.flush());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_then_refuses_and_is_taken_after_release() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = acquire(dir.path(), Duration::ZERO).unwrap();
        first.announce();
        let err = acquire(dir.path(), Duration::from_millis(250)).unwrap_err();
        assert!(matches!(&err, LockError::Busy { holder, .. } if holder.starts_with("pid ")), "{err}");
        drop(first);
        assert!(acquire(dir.path(), Duration::ZERO).is_ok());
    }

    #[test]
    fn a_lock_file_left_behind_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        fs_err::write(dir.path().join(LOCK_FILE), "pid 999999").unwrap();
        assert!(acquire(dir.path(), Duration::ZERO).is_ok());
    }
}
