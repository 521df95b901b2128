//! One run at a time on an output folder: a lock file in the tool's own folder inside it,
//! `.codegen/lock`, held for the whole run (exclusively to write, shared to check). It names
//! the process that last took it, for the message of a run that has to wait.
//!
//! `.codegen` is a common name: the tool uses (and cleans up) such a folder only if it carries
//! the exact `.gitignore` the tool writes there first when it makes it.

use std::fs::{self, File, TryLockError};
use std::io::{self, Write as _};
use std::path::Path;

use super::{Mode, WriteError, io_err};

/// The tool's own folder inside the output folder: the lock, and a run's staged files and
/// journal while it writes.
pub const STATE_DIR: &str = ".codegen";
const LOCK_FILE: &str = "lock";

/// A held lock; dropping it (or the process ending, however it ends) releases it.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// What the tool writes into `.codegen/.gitignore` when it makes the folder, first of all:
/// this exact text marks the folder as the tool's own (it keeps the folder out of git, too).
const MARKER: &[u8] = b"# The generator's lock and, while it writes, its journal.\n*\n";

/// Takes the lock of `root`, an existing folder. A write run creates `.codegen/` (with its
/// marker) and the lock file; a check run takes a shared lock when the lock file exists and
/// none otherwise. Either refuses a `.codegen` that is not the tool's. A run that finds the
/// lock held waits for it, saying so on stderr, or fails at once if `wait` is false.
pub fn acquire(root: &Path, mode: Mode, wait: bool) -> Result<Option<Lock>, WriteError> {
    let state = root.join(STATE_DIR);
    let path = state.join(LOCK_FILE);
    let open = |write: bool| fs::OpenOptions::new().read(true).write(write).create(write).truncate(false).open(&path);
    let (file, writable) = match mode {
        Mode::Write => {
            ensure_state_dir(&state)?;
            refuse_symlink(&path)?;
            (open(true).map_err(io_err(&path, "open the lock file"))?, true)
        }
        Mode::Check => {
            if claim(&state)? != Claim::Ours {
                return Ok(None);
            }
            refuse_symlink(&path)?;
            // Opened to be written, to say who holds it; read-only where it may not be.
            let file = match fs::OpenOptions::new().read(true).write(true).open(&path) {
                Ok(file) => Ok((file, true)),
                Err(e) if matches!(e.kind(), io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem) => {
                    open(false).map(|file| (file, false))
                }
                Err(e) => Err(e),
            };
            match file {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(WriteError::io(&path, "open the lock file", e)),
            }
        }
    };
    let shared = mode == Mode::Check;
    let attempt = if shared { file.try_lock_shared() } else { file.try_lock() };
    match attempt {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let holder = holder(&path);
            if !wait {
                return Err(WriteError::Locked { folder: root.to_owned(), holder });
            }
            eprintln!("Blocking waiting for file lock on `{}` (held by {holder})", root.display());
            let locked = if shared { file.lock_shared() } else { file.lock() };
            locked.map_err(io_err(&path, "lock"))?;
        }
        Err(TryLockError::Error(e)) => return Err(WriteError::io(&path, "lock", e)),
    }
    if writable {
        // Who holds it, for a run that has to wait (check runs too, which share it; the last to
        // take it is named): best effort, the lock works without it.
        let me = format!("process {} ({})", std::process::id(), command_line());
        let _ = file.set_len(0).and_then(|()| (&file).write_all(me.as_bytes()));
    }
    Ok(Some(Lock { _file: file }))
}

/// Whose a `.codegen` folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claim {
    /// There is none.
    Missing,
    /// It holds the tool's marker.
    Ours,
    /// It holds nothing, or only a start of the marker: one the tool is making (or was stopped
    /// making), or an empty folder, which the tool may take.
    Free,
}

/// Whose `state` is; an error if it is a symlink, not a folder, or someone else's.
fn claim(state: &Path) -> Result<Claim, WriteError> {
    match fs::symlink_metadata(state) {
        Ok(m) if m.file_type().is_symlink() => return Err(WriteError::Symlink(state.to_owned())),
        Ok(m) if !m.is_dir() => return Err(WriteError::NotAFolder(state.to_owned())),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Claim::Missing),
        Err(e) => return Err(WriteError::io(state, "look at the folder", e)),
    }
    let ignore = state.join(".gitignore");
    // The marker is written before anything else is put in the folder: read after the listing,
    // it is complete if the listing shows anything else.
    let marker = || -> Option<Vec<u8>> {
        let regular = fs::symlink_metadata(&ignore).is_ok_and(|m| m.is_file());
        if regular { fs::read(&ignore).ok() } else { None }
    };
    if marker().as_deref() == Some(MARKER) {
        return Ok(Claim::Ours);
    }
    let entries = fs::read_dir(state).map_err(io_err(state, "list the folder"))?;
    let mut others = false;
    for entry in entries {
        let entry = entry.map_err(io_err(state, "list the folder"))?;
        others |= entry.file_name() != ".gitignore";
    }
    match marker() {
        Some(text) if text == MARKER => Ok(Claim::Ours),
        Some(text) if !others && MARKER.starts_with(&text) => Ok(Claim::Free),
        None if !others && fs::symlink_metadata(&ignore).is_err() => Ok(Claim::Free),
        _ => Err(WriteError::NotOurs(state.to_owned())),
    }
}

/// Makes sure `.codegen/` is a folder of the tool's own, marked by the `.gitignore` it writes
/// there first (which also keeps it out of git whatever the project's own ignore rules say).
fn ensure_state_dir(state: &Path) -> Result<(), WriteError> {
    match fs::create_dir(state) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(WriteError::io(state, "create the folder", e)),
    }
    match claim(state)? {
        Claim::Ours => Ok(()),
        Claim::Missing => Err(WriteError::io(state, "create the folder", io::ErrorKind::NotFound.into())),
        Claim::Free => {
            // Runs that make the folder at once all write these same bytes, from the start.
            let ignore = state.join(".gitignore");
            fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .open(&ignore)
                .and_then(|mut f| f.write_all(MARKER))
                .map_err(io_err(&ignore, "write"))
        }
    }
}

fn refuse_symlink(path: &Path) -> Result<(), WriteError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(WriteError::Symlink(path.to_owned())),
        _ => Ok(()),
    }
}

/// What the lock file says about the run that holds it.
fn holder(path: &Path) -> String {
    match fs::read_to_string(path) {
        Ok(text) if !text.trim().is_empty() => text.trim().to_owned(),
        _ => "another process".to_owned(),
    }
}

fn command_line() -> String {
    let args: Vec<String> = std::env::args().collect();
    let line = args.join(" ");
    line.chars().take(200).collect()
}
