//! One run at a time on an output folder: a lock file in the tool's own folder inside it,
//! `.codegen/lock`, held for the whole run (exclusively to write, shared to check). It names
//! the process that holds it, for the message of a run that has to wait.

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

/// Takes the lock of `root`, an existing folder. A write run creates `.codegen/` (with a
/// `.gitignore` that keeps it out of version control) and the lock file; a check run takes a
/// shared lock when the lock file exists and none otherwise, since it writes nothing. A run
/// that finds the lock held waits for it, saying so on stderr, or fails at once if `wait` is
/// false.
pub fn acquire(root: &Path, mode: Mode, wait: bool) -> Result<Option<Lock>, WriteError> {
    let state = root.join(STATE_DIR);
    let path = state.join(LOCK_FILE);
    let file = match mode {
        Mode::Write => {
            ensure_state_dir(&state)?;
            refuse_symlink(&path)?;
            fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(io_err(&path, "open the lock file"))?
        }
        Mode::Check => {
            refuse_symlink(&state)?;
            refuse_symlink(&path)?;
            match File::open(&path) {
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
    if !shared {
        // Who holds it, for a run that has to wait: best effort, the lock works without it.
        let me = format!("process {} ({})", std::process::id(), command_line());
        let _ = file.set_len(0).and_then(|()| (&file).write_all(me.as_bytes()));
    }
    Ok(Some(Lock { _file: file }))
}

/// Makes sure `.codegen/` is a folder, with a `.gitignore` that keeps it out of git whatever
/// the project's own ignore rules say.
fn ensure_state_dir(state: &Path) -> Result<(), WriteError> {
    match fs::create_dir(state) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match fs::symlink_metadata(state) {
            Ok(m) if m.is_dir() => {}
            Ok(m) if m.file_type().is_symlink() => return Err(WriteError::Symlink(state.to_owned())),
            _ => return Err(WriteError::NotAFolder(state.to_owned())),
        },
        Err(e) => return Err(WriteError::io(state, "create the folder", e)),
    }
    let ignore = state.join(".gitignore");
    match fs::OpenOptions::new().write(true).create_new(true).open(&ignore) {
        Ok(mut f) => f
            .write_all(b"# The generator's lock and, while it writes, its journal.\n*\n")
            .map_err(io_err(&ignore, "write")),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(WriteError::io(&ignore, "create", e)),
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
