//! A write run's changes as one transaction, so that a run that is killed or fails while
//! writing leaves the output folder as it was or as it should be, never a mix.
//!
//! Every new file is first staged in the tool's own folder, `.codegen/stage/`, under the number
//! of its change (a new folder as a whole tree). Then the journal, `.codegen/journal`, lists the
//! changes: it is written aside and renamed into place, and that rename commits the run. The
//! changes are then applied: a file a change replaces is first hard-linked into
//! `.codegen/backup/` (under the change's number) and the staged file renamed over it, a file it
//! removes is moved there, a new file is linked into place (which fails, rather than replace
//! it, if a file was created there meanwhile), and a folder that did not exist comes in whole.
//! Renaming the journal to `.codegen/ended` ends the run; the staging and backup folders go
//! after it, and `ended` last.
//!
//! Each change can tell from the folder whether it was applied (its staged file is gone) and
//! how to undo it (its backup), so the next run finishes whatever a killed run left: with a
//! journal, it applies the rest (or, if the run had begun to roll back, undoes the rest);
//! without one, it deletes what was staged (or, with `ended`, what an ended run had not yet
//! removed). A change that fails while applying rolls back every change already applied.
//!
//! Nothing but what the run planned to change is changed. The journal records the hash of each
//! file a change replaces, removes or puts in place (each file of a new folder too). A file
//! replaced or removed is checked once it is in the backup: one changed after the run read it
//! rolls the run back, which puts it back as it was changed. A recovery that finds a file other
//! than the one expected (changed by someone after the run was interrupted), or a new folder
//! holding anything but what the run put there, leaves it, and the journal, alone.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::lock::STATE_DIR;
use super::{WriteError, io_err, own};

/// What a run found left over by an earlier one, and did about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// The earlier run had committed its changes: this one applied the rest.
    Finished,
    /// The earlier run had failed and begun to undo its changes: this one undid the rest.
    RolledBack,
    /// The earlier run had not committed: its staged files were deleted, nothing else changed.
    Discarded,
    /// The earlier run had ended (its changes all in place, or all undone) and was stopped while
    /// removing its temporary files: this one removed the rest.
    CleanedUp,
}

impl std::fmt::Display for Recovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Recovery::Finished => "finished writing what an interrupted earlier run had begun",
            Recovery::RolledBack => "put back what a failed earlier run had begun to write",
            Recovery::Discarded => "deleted the files an interrupted earlier run had staged; it had changed nothing",
            Recovery::CleanedUp => {
                "removed the temporary files an earlier run left in `.codegen/` when it was stopped after its changes were done"
            }
        })
    }
}

/// Test hook: makes a run stop as if killed (`kill_at`: every step from that one on is not
/// done, and nothing is cleaned up) or fail (`fail_at`: that step fails with an I/O error) at a
/// step of its transaction, counted from 0 over every change it makes to the file system; or
/// has someone else change the output folder while it writes (`meddle`: before that step, the
/// function is called with the output folder); or makes a write run find that it may not
/// write into the output folder (`read_only`: taking the lock fails as if denied).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default)]
pub struct Faults {
    pub kill_at: Option<usize>,
    pub fail_at: Option<usize>,
    pub meddle: Option<(usize, Meddle)>,
    pub read_only: bool,
}

/// What [`Faults::meddle`] calls: a change someone makes in the output folder (given).
#[doc(hidden)]
pub type Meddle = fn(&Path);

impl Faults {
    fn counts_steps(&self) -> bool {
        self.kill_at.is_some() || self.fail_at.is_some() || self.meddle.is_some()
    }
}

/// Counts the steps of a transaction, for [`Faults`].
#[derive(Debug, Default)]
pub(super) struct Steps {
    faults: Faults,
    root: PathBuf,
    done: AtomicUsize,
}

impl Steps {
    pub(super) fn new(faults: Faults, root: &Path) -> Steps {
        Steps { faults, root: root.to_owned(), done: AtomicUsize::new(0) }
    }

    /// Does `op`, one change to the file system, on `path`.
    fn run<T>(&self, path: &Path, doing: &'static str, op: impl FnOnce() -> io::Result<T>) -> Result<T, WriteError> {
        if self.faults.counts_steps() {
            let n = self.done.fetch_add(1, Ordering::Relaxed);
            if let Some((_, meddle)) = self.faults.meddle.filter(|(at, _)| *at == n) {
                meddle(&self.root);
            }
            if self.faults.kill_at.is_some_and(|k| n >= k) {
                return Err(WriteError::Interrupted);
            }
            if self.faults.fail_at == Some(n) {
                return Err(WriteError::io(path, doing, io::Error::other("injected fault")));
            }
        }
        op().map_err(io_err(path, doing))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    /// An existing file gets new contents.
    Replace,
    /// A new file in an existing folder.
    Create,
    /// A new folder, with everything in it.
    Tree,
    /// A file that is no longer generated.
    Remove,
}

/// One change: its kind, its path relative to the output folder, and the hashes that say
/// whether the file there is still the one the change expects (so that recovery never
/// overwrites or removes a file someone changed after the run was interrupted).
#[derive(Debug, Serialize, Deserialize)]
struct Op {
    kind: Kind,
    path: String,
    /// The hash of the file the change replaces or removes, as the run found it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    old: Option<String>,
    /// The hash of the file the change puts there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    new: Option<String>,
    /// A new folder: each file the change puts in it, by its path inside the folder, with its
    /// hash. Undoing the change takes the folder away only while it holds these and nothing else.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    files: BTreeMap<String, String>,
}

fn hex(hash: u128) -> String {
    format!("{hash:032x}")
}

impl Op {
    fn new(kind: Kind, path: &str, old: Option<u128>, new: Option<&[u8]>) -> Op {
        let new = new.map(|bytes| hex(own::hash(bytes)));
        Op { kind, path: path.to_owned(), old: old.map(hex), new, files: BTreeMap::new() }
    }
}

/// Whether the file at `path` has the hash `expected`.
fn holds(path: &Path, expected: Option<&str>) -> bool {
    let Some(expected) = expected else { return false };
    fs::read(path).is_ok_and(|bytes| hex(own::hash(&bytes)) == expected)
}

/// Whether `a` and `b` are one file under two names (a hard link).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        // Without inode numbers: one name's bytes are the other's.
        matches!((fs::read(a), fs::read(b)), (Ok(a), Ok(b)) if a == b)
    }
}

/// The first entry of the folder `dir` that is not one of `files` (paths inside it, with their
/// hashes) as they were written, if any: a file added, changed or of another kind, or a folder
/// that holds none of them.
fn not_as_written(dir: &Path, files: &BTreeMap<String, String>) -> Option<PathBuf> {
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, rel)) = stack.pop() {
        let Ok(entries) = fs::read_dir(&path) else { return Some(path) };
        for entry in entries {
            let Ok(entry) = entry else { return Some(path) };
            let child = entry.path();
            let Ok(name) = entry.file_name().into_string() else { return Some(child) };
            let child_rel = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            match entry.file_type() {
                Ok(ty) if ty.is_dir() => {
                    let prefix = format!("{child_rel}/");
                    if !files.keys().any(|f| f.starts_with(&prefix)) {
                        return Some(child);
                    }
                    stack.push((child, child_rel));
                }
                Ok(ty) if ty.is_file() && holds(&child, files.get(&child_rel).map(String::as_str)) => {}
                _ => return Some(child),
            }
        }
    }
    None
}

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    version: u32,
    ops: Vec<Op>,
}

const JOURNAL_VERSION: u32 = 1;

/// Where a transaction keeps its files, inside the tool's own folder.
struct Paths {
    root: PathBuf,
    state: PathBuf,
    stage: PathBuf,
    backup: PathBuf,
    journal: PathBuf,
    journal_tmp: PathBuf,
    rollback: PathBuf,
    /// The journal of a run that has ended, until its temporary files are gone.
    ended: PathBuf,
}

impl Paths {
    /// Where change number `i` puts its file, where it is staged, and where what it replaces
    /// or removes is kept.
    fn places(&self, i: usize, op: &Op) -> (PathBuf, PathBuf, PathBuf) {
        let name = i.to_string();
        (self.root.join(&op.path), self.stage.join(&name), self.backup.join(name))
    }

    fn new(root: &Path) -> Paths {
        let state = root.join(STATE_DIR);
        Paths {
            root: root.to_owned(),
            stage: state.join("stage"),
            backup: state.join("backup"),
            journal: state.join("journal"),
            journal_tmp: state.join("journal.tmp"),
            rollback: state.join("rollback"),
            ended: state.join("ended"),
            state,
        }
    }
}

/// Whether a run left a journal: its changes are applied in part, and only a write run can
/// finish them.
pub(super) fn unfinished(root: &Path) -> bool {
    fs::symlink_metadata(Paths::new(root).journal).is_ok()
}

/// A file to write: its path relative to the output folder, its contents, and the hash of the
/// file there now (`None`: there is none).
pub(super) struct Change<'a> {
    pub rel: &'a str,
    pub contents: &'a [u8],
    pub old: Option<u128>,
}

/// Applies `writes` and `removes` to `root` as one transaction. `fresh` are folders (relative to
/// `root`) that do not exist yet: each comes in whole, by one rename.
pub(super) fn commit(
    root: &Path,
    fresh: &BTreeSet<String>,
    writes: &[Change],
    removes: &[(&str, u128)],
    steps: &Steps,
) -> Result<(), WriteError> {
    if writes.is_empty() && removes.is_empty() {
        return Ok(());
    }
    let p = Paths::new(root);
    // Each change is staged (and backed up) under its number in the journal: a flat folder,
    // with no folders to create or remove but those of a new tree.
    let mut ops = Vec::new();
    let mut trees = BTreeMap::new();
    let mut staged = Vec::with_capacity(writes.len());
    for w in writes {
        match super::fresh_folder_of(w.rel, fresh) {
            Some((dir, rest)) => {
                let i = *trees.entry(dir).or_insert_with(|| {
                    ops.push(Op::new(Kind::Tree, dir, None, None));
                    ops.len() - 1
                });
                ops[i].files.insert(rest.to_owned(), hex(own::hash(w.contents)));
                staged.push(p.stage.join(i.to_string()).join(rest));
            }
            None => {
                let kind = if w.old.is_some() { Kind::Replace } else { Kind::Create };
                ops.push(Op::new(kind, w.rel, w.old, Some(w.contents)));
                staged.push(p.stage.join((ops.len() - 1).to_string()));
            }
        }
    }
    ops.extend(removes.iter().map(|(rel, old)| Op::new(Kind::Remove, rel, Some(*old), None)));
    let journal = Journal { version: JOURNAL_VERSION, ops };

    if let Err(e) = stage(&p, writes, &staged, &journal, steps) {
        if !matches!(e, WriteError::Interrupted) {
            let _ = clean_up(&p, steps);
        }
        return Err(e);
    }
    roll_forward(&p, &journal, steps, true)
}

/// Writes every new file into the staging folder (`writes[i]` at `staged[i]`), then the
/// journal, which commits the run.
fn stage(p: &Paths, writes: &[Change], staged: &[PathBuf], journal: &Journal, steps: &Steps) -> Result<(), WriteError> {
    steps.run(&p.stage, "create the folder", || fs::create_dir(&p.stage))?;
    let folders: BTreeSet<&Path> = staged.iter().filter_map(|path| path.parent()).filter(|d| *d != p.stage).collect();
    for dir in folders {
        steps.run(dir, "create the folder", || fs::create_dir_all(dir))?;
    }
    let jobs: Vec<(&Change, &PathBuf)> = writes.iter().zip(staged).collect();
    let written = crate::pool::par_map(&jobs, |(w, path)| steps.run(path, "write", || create_new(path, w.contents)));
    first_error(written)?;
    let text = serde_json::to_vec(journal).map_err(|e| WriteError::io(&p.journal_tmp, "write", io::Error::other(e)))?;
    steps.run(&p.journal_tmp, "write", || create_new(&p.journal_tmp, &text))?;
    steps.run(&p.journal, "commit the journal", || fs::rename(&p.journal_tmp, &p.journal))
}

/// Creates a file that must not exist yet.
fn create_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    fs::OpenOptions::new().write(true).create_new(true).open(path)?.write_all(contents)
}

fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// The error to report of several: a stop as if killed wins, since nothing may follow it.
fn first_error(results: Vec<Result<(), WriteError>>) -> Result<(), WriteError> {
    let mut first = None;
    for result in results {
        match result {
            Err(WriteError::Interrupted) => return Err(WriteError::Interrupted),
            Err(e) if first.is_none() => first = Some(e),
            _ => {}
        }
    }
    first.map_or(Ok(()), Err)
}

/// Applies every change of a committed journal that is not applied yet (`fresh`: none is, so
/// nothing needs looking at), then ends the run. A change that fails rolls the run back.
fn roll_forward(p: &Paths, journal: &Journal, steps: &Steps, fresh: bool) -> Result<(), WriteError> {
    let mut applied = Ok(());
    let backs_up = journal.ops.iter().any(|op| matches!(op.kind, Kind::Replace | Kind::Remove));
    if backs_up && (fresh || !exists(&p.backup)) {
        applied = steps.run(&p.backup, "create the folder", || fs::create_dir(&p.backup));
    }
    if applied.is_ok() {
        let numbered: Vec<(usize, &Op)> = journal.ops.iter().enumerate().collect();
        applied = first_error(crate::pool::par_map(&numbered, |(i, op)| apply(p, *i, op, steps, fresh)));
    }
    if applied.is_ok() {
        // Folders left empty by removed files go too (as they would have without the backups),
        // while the journal still says to, so that a run killed meanwhile is finished whole.
        applied = journal
            .ops
            .iter()
            .filter(|op| op.kind == Kind::Remove)
            .try_for_each(|op| remove_empty_parents(p, &p.root.join(&op.path), steps));
    }
    if applied.is_ok() {
        // The end of the run: every change is in place.
        applied = end(p, steps);
    }
    match applied {
        Ok(()) => {}
        // Stopped as if killed, or a file changed since the run was interrupted: the journal
        // stays for the next run (or the user). A file changed while the run wrote it (`Changed`)
        // is put back with the rest.
        Err(e @ (WriteError::Interrupted | WriteError::Diverged { .. })) => return Err(e),
        Err(e) => {
            return match roll_back(p, journal, steps) {
                Ok(()) => Err(WriteError::RolledBack(Box::new(e))),
                Err(WriteError::Interrupted) => Err(WriteError::Interrupted),
                Err(undo) => Err(WriteError::RollbackFailed { error: Box::new(e), undo: Box::new(undo) }),
            };
        }
    }
    finish(p, steps)
}

/// Ends the run, its changes all in place or all undone: the journal is set aside as `ended`,
/// which tells the next run, should this one be stopped before its temporary files are gone,
/// that they are only that.
fn end(p: &Paths, steps: &Steps) -> Result<(), WriteError> {
    steps.run(&p.journal, "end the journal", || fs::rename(&p.journal, &p.ended))
}

/// Removes what a transaction that has ended (its journal gone) leaves in the tool's folder.
/// The run is done whatever happens here: what stays is removed by the next run.
fn finish(p: &Paths, steps: &Steps) -> Result<(), WriteError> {
    match clean_up(p, steps) {
        Err(WriteError::Interrupted) => Err(WriteError::Interrupted),
        _ => Ok(()),
    }
}

/// Applies change number `i` of the journal (`fresh`: none is applied yet). Every change makes
/// sure it changes only what the run planned to: a file the run finds changed since it planned
/// (by someone else meanwhile) stops it with [`WriteError::Changed`], and the run is undone.
fn apply(p: &Paths, i: usize, op: &Op, steps: &Steps, fresh: bool) -> Result<(), WriteError> {
    let (target, staged, backup) = p.places(i, op);
    // Finishing an interrupted run, a file that is not what the change expects was changed
    // since: left alone.
    let diverged = || WriteError::Diverged { path: target.clone(), journal: p.journal.clone() };
    let changed = || WriteError::Changed(target.clone());
    // A file gone, or one where none was, since the run planned: changed meanwhile.
    let or_changed = |result: Result<(), WriteError>| match result {
        Err(WriteError::Io { error, .. })
            if matches!(error.kind(), io::ErrorKind::NotFound | io::ErrorKind::AlreadyExists) =>
        {
            Err(changed())
        }
        result => result,
    };
    // What a change replaced or removed is kept as `backup`: it must be the file the run
    // planned to change (one edited meanwhile is put back, with the rest of the run).
    let backed_up = || {
        if exists(&backup) && !holds(&backup, op.old.as_deref()) { Err(changed()) } else { Ok(()) }
    };
    match op.kind {
        Kind::Replace => {
            if !fresh {
                if !exists(&staged) {
                    return backed_up();
                }
                if exists(&target) && !holds(&target, op.old.as_deref()) {
                    return Err(diverged());
                }
            }
            if fresh || (!exists(&backup) && exists(&target)) {
                or_changed(steps.run(&backup, "back up", || back_up(&target, &backup)))?;
            }
            steps.run(&target, "replace", || fs::rename(&staged, &target))?;
            backed_up()
        }
        Kind::Create => {
            if !fresh {
                if !exists(&staged) {
                    return Ok(());
                }
                if same_file(&staged, &target) {
                    // Linked into place, and stopped before the staged name was removed.
                    return steps.run(&staged, "remove", || fs::remove_file(&staged));
                }
                if exists(&target) {
                    return Err(diverged());
                }
            }
            or_changed(steps.run(&target, "create", || place_new(&staged, &target)))
        }
        Kind::Tree => {
            if !fresh && !exists(&staged) {
                return Ok(());
            }
            // A rename would replace an empty folder made there meanwhile: it is left alone.
            if exists(&target) {
                return Err(if fresh { changed() } else { diverged() });
            }
            steps.run(&target, "create", || fs::rename(&staged, &target))
        }
        Kind::Remove => {
            if !fresh {
                if exists(&backup) {
                    return backed_up();
                }
                if !exists(&target) {
                    return Ok(());
                }
                if !holds(&target, op.old.as_deref()) {
                    return Err(diverged());
                }
            }
            match steps.run(&target, "remove", || fs::rename(&target, &backup)) {
                // Removed meanwhile: as the run would have it.
                Err(WriteError::Io { error, .. }) if error.kind() == io::ErrorKind::NotFound => Ok(()),
                result => or_changed(result).and_then(|()| backed_up()),
            }
        }
    }
}

/// Puts the staged file at `target`, where there must be none: a second name made for it, then
/// the staged one removed (so a file created at `target` meanwhile is never replaced). Where
/// the file system has no hard links, a rename, once `target` is seen not to exist.
fn place_new(staged: &Path, target: &Path) -> io::Result<()> {
    match fs::hard_link(staged, target) {
        Ok(()) => fs::remove_file(staged),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if exists(target) => Err(io::ErrorKind::AlreadyExists.into()),
        Err(_) => fs::rename(staged, target),
    }
}

/// Keeps the file at `target` as `backup`: a second name for it, or where the file system has
/// no hard links, a copy (made aside, so that a backup is never half a file).
fn back_up(target: &Path, backup: &Path) -> io::Result<()> {
    if fs::hard_link(target, backup).is_ok() {
        return Ok(());
    }
    let mut tmp = backup.as_os_str().to_owned();
    tmp.push(".tmp");
    fs::copy(target, &tmp)?;
    fs::rename(&tmp, backup)
}

/// Undoes every applied change of `journal`, and ends the run. Marked first, so that a run
/// killed meanwhile is undone, not finished, by the next.
fn roll_back(p: &Paths, journal: &Journal, steps: &Steps) -> Result<(), WriteError> {
    if !exists(&p.rollback) {
        steps.run(&p.rollback, "write", || fs::write(&p.rollback, b""))?;
    }
    for (i, op) in journal.ops.iter().enumerate().rev() {
        let (target, staged, backup) = p.places(i, op);
        let applied = !exists(&staged);
        // A file changed since this run put it there (or made where it took one away) is left
        // alone, with the journal, for the user to decide.
        let diverged = |path: &Path| WriteError::Diverged { path: path.to_owned(), journal: p.journal.clone() };
        match op.kind {
            Kind::Replace if applied && exists(&backup) => {
                if exists(&target) && !holds(&target, op.new.as_deref()) {
                    return Err(diverged(&target));
                }
                steps.run(&target, "restore", || fs::rename(&backup, &target))?;
            }
            // Linked into place, and stopped before the staged name was removed: the link goes.
            Kind::Create if !applied && same_file(&staged, &target) => {
                steps.run(&target, "remove", || fs::remove_file(&target))?;
            }
            Kind::Create if applied && exists(&target) => {
                if !holds(&target, op.new.as_deref()) {
                    return Err(diverged(&target));
                }
                steps.run(&target, "remove", || fs::remove_file(&target))?;
            }
            Kind::Tree if applied && exists(&target) => {
                // Only while it holds what the run put there: a file saved into it since stays.
                if let Some(other) = not_as_written(&target, &op.files) {
                    return Err(diverged(&other));
                }
                steps.run(&target, "move back", || fs::rename(&target, &staged))?;
            }
            Kind::Remove if exists(&backup) => {
                if exists(&target) {
                    return Err(diverged(&target));
                }
                if let Some(dir) = target.parent() {
                    steps.run(dir, "create the folder", || fs::create_dir_all(dir))?;
                }
                steps.run(&target, "restore", || fs::rename(&backup, &target))?;
            }
            _ => {}
        }
    }
    end(p, steps)?;
    finish(p, steps)
}

/// Removes the transaction's staging and backup folders and marks, whichever exist.
fn clean_up(p: &Paths, steps: &Steps) -> Result<(), WriteError> {
    for dir in [&p.stage, &p.backup] {
        if exists(dir) {
            steps.run(dir, "remove", || fs::remove_dir_all(dir))?;
        }
    }
    // `ended` last: while it is there, what is left is known to be only temporary files.
    for file in [&p.journal_tmp, &p.rollback, &p.ended] {
        if exists(file) {
            steps.run(file, "remove", || fs::remove_file(file))?;
        }
    }
    Ok(())
}

/// Removes the folders between `path` and the output folder that are left empty.
fn remove_empty_parents(p: &Paths, path: &Path, steps: &Steps) -> Result<(), WriteError> {
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == p.root {
            break;
        }
        match steps.run(d, "remove", || fs::remove_dir(d)) {
            Ok(()) => dir = d.parent(),
            Err(WriteError::Interrupted) => return Err(WriteError::Interrupted),
            // Not empty (or not removable): it stays, as it would have anyway.
            Err(_) => break,
        }
    }
    Ok(())
}

/// Finishes whatever an earlier run left in `root`'s own folder (see the module's docs).
pub(super) fn recover(root: &Path, steps: &Steps) -> Result<Option<Recovery>, WriteError> {
    let p = Paths::new(root);
    let Ok(entries) = fs::read_dir(&p.state) else { return Ok(None) };
    let names: BTreeSet<String> =
        entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    if names.contains("journal") {
        let journal = read_journal(&p.journal)?;
        if names.contains("rollback") {
            roll_back(&p, &journal, steps)?;
            return Ok(Some(Recovery::RolledBack));
        }
        return match roll_forward(&p, &journal, steps, false) {
            Ok(()) => Ok(Some(Recovery::Finished)),
            // It could not be finished (a file it changes was changed while it wrote, or a
            // write failed): it was undone whole, and this run starts from the folder as it was.
            Err(WriteError::RolledBack(_)) => Ok(Some(Recovery::RolledBack)),
            Err(e) => Err(e),
        };
    }
    if ["stage", "backup", "journal.tmp", "rollback", "ended"].iter().any(|n| names.contains(*n)) {
        clean_up(&p, steps)?;
        let ended = names.contains("ended");
        return Ok(Some(if ended { Recovery::CleanedUp } else { Recovery::Discarded }));
    }
    Ok(None)
}

fn read_journal(path: &Path) -> Result<Journal, WriteError> {
    let bytes = fs::read(path).map_err(io_err(path, "read"))?;
    match serde_json::from_slice::<Journal>(&bytes) {
        Ok(journal) if journal.version == JOURNAL_VERSION => match journal.ops.iter().find(|op| !inside(&op.path)) {
            // A journal names only paths inside the output folder, outside the tool's own.
            Some(op) => Err(WriteError::BadJournal(path.to_owned(), format!("it names `{}`", op.path))),
            None => Ok(journal),
        },
        Ok(journal) => Err(WriteError::BadJournal(path.to_owned(), format!("it is of version {}", journal.version))),
        Err(e) => Err(WriteError::BadJournal(path.to_owned(), e.to_string())),
    }
}

/// Whether `rel` is a path inside the output folder (and not in the tool's own folder there).
fn inside(rel: &str) -> bool {
    let mut parts = Path::new(rel).components();
    let first = parts.next();
    matches!(first, Some(Component::Normal(name)) if name != STATE_DIR)
        && parts.all(|c| matches!(c, Component::Normal(_)))
}
