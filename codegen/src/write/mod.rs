//! Writes the generated files into the output folder, with three guarantees:
//!
//! - **Ownership** (`own.rs`): a file is overwritten or removed only if it is provably the
//!   tool's: it carries the exact header line the tool writes, where it writes it, or
//!   `.codegen-manifest` lists it with the hash of the bytes the tool wrote. A file of anyone
//!   else where an output must go stops the run before anything is written.
//! - **All or nothing** (`journal.rs`): a run's changes are staged, committed by a journal and
//!   applied by renames, so a run that is killed or fails leaves the folder as it was or as it
//!   should be; the next run finishes or undoes what a killed one left.
//! - **One run at a time** (`lock.rs`): a run holds the folder's lock from before it looks at
//!   the folder until it is done.
//!
//! Only files whose contents change are written; symlinks inside the output folder are
//! refused, not followed. Other files in the managed folders are read only as far as the header
//! check looks (whole only if the manifest lists them or they carry the header), and names that
//! are not UTF-8 are skipped: the tool writes none. In check mode nothing is written and what is
//! stale is reported. A write run in a folder it may not write into succeeds if nothing is
//! stale, and otherwise fails with the error it got taking the lock, before it stages anything.

mod cache;
mod diff;
mod journal;
mod lock;
mod own;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::GeneratedFile;

#[doc(hidden)]
pub use cache::{CHANGES, FormatCache};
pub use journal::Faults;
pub use journal::Recovery;
pub use lock::{Lock, STATE_DIR};
pub use own::{Foreign, MANIFEST_FILE, with_manifest};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// What a run did, or in check mode would do.
#[derive(Debug, Default)]
pub struct Report {
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    pub removed: Vec<PathBuf>,
    /// Files no longer generated that were left in place, because they are not provably the
    /// tool's (changed since they were written, or listed by an older manifest without a hash).
    pub kept: Vec<(PathBuf, Foreign)>,
    /// Check mode: each out-of-date file with a diff of what would change.
    pub stale: Vec<(PathBuf, String)>,
    /// What this run found left by an earlier, interrupted run, and did about it.
    pub recovered: Option<Recovery>,
}

#[derive(Debug)]
pub enum WriteError {
    /// Files the run must write exist but are not provably the tool's.
    NotGenerated(Vec<(PathBuf, Foreign)>),
    /// A path inside the output folder is a symlink; the tool does not follow it.
    Symlink(PathBuf),
    /// The output folder, or a folder on the way to it, is something else than a folder.
    NotAFolder(PathBuf),
    /// Another run holds the output folder's lock (a run that does not wait for it).
    Locked {
        folder: PathBuf,
        holder: String,
    },
    /// Check mode: a run was interrupted while applying its changes, and only a write run can
    /// finish them.
    Unfinished(PathBuf),
    /// A journal left by an earlier run that this one cannot read.
    BadJournal(PathBuf, String),
    Io {
        path: PathBuf,
        doing: &'static str,
        error: io::Error,
    },
    /// Finishing (or undoing) an interrupted run, a file it would change is no longer what that
    /// run left or found there: someone changed it since. It is left alone, with the journal.
    Diverged {
        path: PathBuf,
        journal: PathBuf,
    },
    /// A file the run was about to change, or had just changed, was changed by someone else
    /// after the run read it: it is left as they left it (and the run is undone).
    Changed(PathBuf),
    /// The output folder holds a `.codegen` that is not the tool's own folder (it lacks the
    /// exact `.gitignore` the tool writes there): the tool neither uses nor cleans it.
    NotOurs(PathBuf),
    /// A change failed while being applied; every change already applied was undone.
    RolledBack(Box<WriteError>),
    /// A change failed, and undoing the others failed too: the journal stays, and the next run
    /// undoes the rest.
    RollbackFailed {
        error: Box<WriteError>,
        undo: Box<WriteError>,
    },
    /// The run stopped as if killed (a test hook: see [`Faults`]).
    #[doc(hidden)]
    Interrupted,
}

impl WriteError {
    fn io(path: &Path, doing: &'static str, error: io::Error) -> WriteError {
        WriteError::Io { path: path.to_owned(), doing, error }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotGenerated(paths) => {
                writeln!(f, "refusing to overwrite files that the generator cannot prove it wrote:")?;
                for (p, why) in paths {
                    writeln!(f, "  {}: {why}", p.display())?;
                }
                write!(f, "move them away, or point the output somewhere else; nothing was written")
            }
            WriteError::Symlink(p) => write!(
                f,
                "`{}` is a symlink; the generator writes only real folders and files inside its output folder; nothing was written",
                p.display()
            ),
            WriteError::NotAFolder(p) => write!(
                f,
                "`{}` is not a folder, and the generator needs a folder there; move it away or choose another output folder; nothing was written",
                p.display()
            ),
            WriteError::Locked { folder, holder } => write!(
                f,
                "another run is writing `{}` (the lock `{}` is held by {holder}); nothing was written",
                folder.display(),
                folder.join(STATE_DIR).join("lock").display()
            ),
            WriteError::Unfinished(root) => write!(
                f,
                "an earlier run was interrupted while writing `{}` (its journal is `{}`): the folder may hold a mix of old and new files",
                root.display(),
                root.join(STATE_DIR).join("journal").display()
            ),
            WriteError::BadJournal(p, why) => write!(
                f,
                "cannot read the journal `{}` that an interrupted run left ({why}); nothing was written",
                p.display()
            ),
            WriteError::Diverged { path, journal } => write!(
                f,
                "`{}` was changed after an interrupted run planned to change it (its journal is `{}`); the generator leaves it alone: move it away and run again, or delete that journal to drop the interrupted run's remaining changes",
                path.display(),
                journal.display()
            ),
            WriteError::Changed(p) => write!(
                f,
                "`{}` was changed by someone else while the generator was writing; it is left as it is now",
                p.display()
            ),
            WriteError::NotOurs(p) => write!(
                f,
                "`{}` is not the generator's own folder (it lacks the `.gitignore` the generator writes there, or holds files the generator does not make before it); the generator keeps its lock and journal in that folder, and does not use or clean up a folder of anyone else: move it away or choose another output folder; nothing was written",
                p.display()
            ),
            WriteError::Io { path, doing, error } => {
                write!(f, "could not {doing} `{}`: {}", path.display(), describe(error))
            }
            WriteError::RolledBack(e) => {
                write!(f, "{e}; every file this run had already written was put back as it was")
            }
            WriteError::RollbackFailed { error, undo } => write!(
                f,
                "{error}; then putting back what this run had written failed too ({undo}); the next run finishes putting it back"
            ),
            WriteError::Interrupted => write!(f, "the run was stopped (test hook)"),
        }
    }
}

impl std::error::Error for WriteError {}

/// An I/O error in the project's words: its description without the system's error number.
fn describe(error: &io::Error) -> String {
    let text = error.to_string();
    let text = text.find(" (os error ").map_or(text.as_str(), |i| &text[..i]);
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

fn io_err<'a>(path: &'a Path, doing: &'static str) -> impl FnOnce(io::Error) -> WriteError + 'a {
    move |e| WriteError::io(path, doing, e)
}

/// How a run treats the lock and, in tests, where it stops.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Wait for a run that holds the output folder's lock (saying so on stderr), or fail at once.
    pub wait: bool,
    #[doc(hidden)]
    pub faults: Faults,
}

impl Default for Options {
    fn default() -> Self {
        Options { wait: true, faults: Faults::default() }
    }
}

/// A run's hold on its output folder: the lock, taken before the folder is looked at, and
/// whatever an interrupted earlier run left, already finished.
#[derive(Debug)]
pub struct Guard {
    root: PathBuf,
    mode: Mode,
    _lock: Option<Lock>,
    recovered: Option<Recovery>,
    /// A write run in a folder it may not write into: why (the error taking the lock gave).
    denied: Option<Denied>,
    steps: journal::Steps,
}

/// Why a write run may not write into its output folder: the error it got taking the lock,
/// reported if the run finds anything to change.
#[derive(Debug)]
struct Denied {
    path: PathBuf,
    doing: &'static str,
    kind: io::ErrorKind,
}

impl Guard {
    /// Takes hold of `root` if it exists (`None` if it does not yet): a write run locks it and
    /// finishes or undoes what an interrupted run left; a check run takes a shared lock and
    /// fails if an interrupted run left a journal.
    pub fn open(root: &Path, mode: Mode, options: &Options) -> Result<Option<Guard>, WriteError> {
        if !folder_exists(root)? {
            return Ok(None);
        }
        let acquired = if mode == Mode::Write && options.faults.read_only {
            let state = root.join(STATE_DIR);
            Err(WriteError::io(&state, "create the folder", io::ErrorKind::PermissionDenied.into()))
        } else {
            lock::acquire(root, mode, options.wait)
        };
        let (lock, denied) = match acquired {
            // A folder this user may not write into: a write run there can still find it up to
            // date, as a check run would. It takes the check run's lock and recovers nothing,
            // and fails with this error before it would change anything.
            Err(WriteError::Io { path, doing, error })
                if mode == Mode::Write
                    && matches!(error.kind(), io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem) =>
            {
                let lock = lock::acquire(root, Mode::Check, options.wait)?;
                (lock, Some(Denied { path, doing, kind: error.kind() }))
            }
            acquired => (acquired?, None),
        };
        let steps = journal::Steps::new(options.faults, root);
        let recovered = match mode {
            Mode::Write if denied.is_none() => journal::recover(root, &steps)?,
            _ if journal::unfinished(root) => return Err(WriteError::Unfinished(root.to_owned())),
            _ => None,
        };
        Ok(Some(Guard { root: root.to_owned(), mode, _lock: lock, recovered, denied, steps }))
    }

    /// Like [`Guard::open`], creating `root` first in a write run (nothing in a check run).
    pub fn create(root: &Path, mode: Mode, options: &Options) -> Result<Guard, WriteError> {
        if mode == Mode::Write && !folder_exists(root)? {
            fs::create_dir_all(root).map_err(|e| match not_a_folder_on_the_way(root) {
                Some(p) => WriteError::NotAFolder(p),
                None => WriteError::io(root, "create the output folder", e),
            })?;
        }
        match Guard::open(root, mode, options)? {
            Some(guard) => Ok(guard),
            None => Ok(Guard {
                root: root.to_owned(),
                mode,
                _lock: None,
                recovered: None,
                denied: None,
                steps: journal::Steps::new(options.faults, root),
            }),
        }
    }

    /// After a write run: records what it formatted, for the next run (a check run, or one that
    /// may not write, records nothing). The cache only saves time, so failing to write it is
    /// no error: the next run formats afresh.
    pub fn keep_format_cache(&self, cache: &FormatCache, files: &[GeneratedFile], formatted_from: &[(String, u128)]) {
        if self.mode == Mode::Write && self.denied.is_none() {
            let _ = cache.store(files, formatted_from);
        }
    }

    /// Surveys the output folder; `managed` are the folders under it the run owns.
    pub fn survey(&self, managed: &[&str]) -> Result<Survey, WriteError> {
        Survey::take(&self.root, managed)
    }

    /// Brings the output folder in line with `files` (paths relative to it). Generated files
    /// under the surveyed managed folders that are no longer produced are removed.
    pub fn apply(&self, survey: Survey, files: &[GeneratedFile]) -> Result<Report, WriteError> {
        let mut report = apply_surveyed(survey, files, self.mode, self.denied.as_ref(), &self.steps)?;
        report.recovered = self.recovered;
        Ok(report)
    }
}

/// Whether `root` is a folder (following a symlink at `root` itself: the output folder may be
/// one); an error if it, or something on the way to it, is something else.
fn folder_exists(root: &Path) -> Result<bool, WriteError> {
    match fs::metadata(root) {
        Ok(m) if m.is_dir() => Ok(true),
        Ok(_) => Err(WriteError::NotAFolder(root.to_owned())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(match not_a_folder_on_the_way(root) {
            Some(p) => WriteError::NotAFolder(p),
            None => WriteError::io(root, "look at the output folder", e),
        }),
    }
}

/// The first path on the way to `path` (or `path` itself) that exists and is not a folder.
fn not_a_folder_on_the_way(path: &Path) -> Option<PathBuf> {
    let mut ancestors: Vec<&Path> = path.ancestors().filter(|a| !a.as_os_str().is_empty()).collect();
    ancestors.reverse();
    ancestors.into_iter().find(|a| fs::metadata(a).is_ok_and(|m| !m.is_dir())).map(Path::to_owned)
}

/// Finishes or undoes whatever an interrupted run left in `root` (taking its lock meanwhile).
pub fn recover(root: &Path) -> Result<Option<Recovery>, WriteError> {
    Ok(Guard::open(root, Mode::Write, &Options::default())?.and_then(|g| g.recovered))
}

enum Plan {
    Unchanged,
    /// Write the file; it holds this text now, whose bytes have this hash (`None`: it does not exist).
    Write(Option<(String, u128)>),
}

/// What the output folder holds before a run: the previous manifest and one listing of each
/// managed folder. It needs nothing from the generated files, so a run takes it while they
/// are being generated.
#[derive(Debug)]
pub struct Survey {
    root: PathBuf,
    managed: Vec<String>,
    previous: own::Manifest,
    /// Every entry of the managed folders but folders, by path relative to `root`: a file
    /// there needs no system call to learn that it is missing or a symlink.
    listed: BTreeMap<String, Entry>,
}

impl Survey {
    /// Surveys `root`; `managed` are the folders under it the run owns.
    fn take(root: &Path, managed: &[&str]) -> Result<Survey, WriteError> {
        let mut listed = BTreeMap::new();
        for dir in managed {
            // A managed folder that is (or lies under) a symlink is an error, not listed through.
            if first_missing(root, dir)?.is_none() {
                listed.extend(walk(root, dir)?);
            }
        }
        let previous = fs::read(root.join(MANIFEST_FILE)).map(|b| own::Manifest::parse(&b)).unwrap_or_default();
        Ok(Survey {
            root: root.to_owned(),
            managed: managed.iter().map(|d| (*d).to_owned()).collect(),
            previous,
            listed,
        })
    }
}

/// [`Guard::apply`]: `denied` is why the run may not write into the output folder, if it may not.
fn apply_surveyed(
    survey: Survey,
    files: &[GeneratedFile],
    mode: Mode,
    denied: Option<&Denied>,
    steps: &journal::Steps,
) -> Result<Report, WriteError> {
    let Survey { root, managed, previous, listed } = survey;
    let root = root.as_path();
    let mut report = Report::default();
    // What to do with one file: compared here, so only the text of stale files is kept (for the
    // diff). A file that already holds exactly the new text is left alone, whatever it is.
    let plan = |path: &Path, file: &GeneratedFile| -> Result<Plan, WriteError> {
        match crate::read_file(path, file.contents.len() + 1) {
            Ok(bytes) if bytes == file.contents.as_bytes() => Ok(Plan::Unchanged),
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                if same_text(&text, &file.contents) {
                    return Ok(Plan::Unchanged);
                }
                if let Err(why) = previous.owns(&file.path, &bytes) {
                    return Err(WriteError::NotGenerated(vec![(path.to_owned(), why)]));
                }
                Ok(Plan::Write(Some((text.into_owned(), own::hash(&bytes)))))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Plan::Write(None)),
            Err(e) => Err(WriteError::io(path, "read", e)),
        }
    };

    // Plan everything first: a run that cannot finish changes nothing.
    let mut to_write = Vec::new();
    let mut foreign = Vec::new();
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    // Each folder once: no symlinks, and which folders do not exist yet (their files are all new,
    // so nothing on disk needs reading for them).
    let dirs: BTreeSet<&str> = files.iter().map(|f| f.path.rsplit_once('/').map_or("", |(d, _)| d)).collect();
    let mut fresh = BTreeSet::new();
    if !root.exists() {
        fresh.insert(String::new());
    } else {
        for dir in dirs.iter().filter(|d| !d.is_empty()) {
            if let Some(missing) = first_missing(root, dir)? {
                fresh.insert(missing);
            }
        }
    }
    let under_managed = |rel: &str| managed.iter().any(|d| rel.strip_prefix(d).is_some_and(|r| r.starts_with('/')));
    let planned = crate::pool::par_map(files, |file| {
        let path = root.join(&file.path);
        if fresh_folder_of(&file.path, &fresh).is_some() {
            return (path, Ok(Plan::Write(None)));
        }
        let symlink = match listed.get(&file.path) {
            Some(Entry::Symlink) => true,
            None if under_managed(&file.path) => return (path, Ok(Plan::Write(None))),
            Some(Entry::File) => false,
            _ => fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()),
        };
        if symlink {
            return (path.clone(), Err(WriteError::Symlink(path)));
        }
        let current = plan(&path, file);
        (path, current)
    });
    for (file, (path, current)) in files.iter().zip(planned) {
        match current {
            Ok(Plan::Unchanged) => report.unchanged += 1,
            Ok(Plan::Write(current)) => to_write.push((path, file, current)),
            Err(WriteError::NotGenerated(p)) => foreign.extend(p),
            Err(e) => return Err(e),
        }
    }
    if !foreign.is_empty() {
        return Err(WriteError::NotGenerated(foreign));
    }
    // Files no longer generated: removed if they are provably the tool's, kept otherwise.
    let mut to_remove = Vec::new();
    for (rel, entry) in &listed {
        if *entry != Entry::File || wanted.contains(rel.as_str()) {
            continue;
        }
        let path = root.join(rel);
        // Only a file the manifest lists, or one that starts with the header, is read whole
        // (to prove it the tool's, and for its hash): any other is read no further than the
        // header check looks, and a kind of file that never carries the header not at all.
        if !previous.lists(rel) {
            if !own::can_carry_header(rel) {
                continue;
            }
            let head = read_head(&path).map_err(io_err(&path, "read"))?;
            if !own::has_header(rel, &head) {
                continue;
            }
        }
        let bytes = fs::read(&path).map_err(io_err(&path, "read"))?;
        match previous.owns(rel, &bytes) {
            Ok(()) => to_remove.push((rel.as_str(), path, own::hash(&bytes))),
            // Never the tool's: not worth a mention.
            Err(Foreign::NoHeader) => {}
            Err(why) => report.kept.push((path, why)),
        }
    }

    match mode {
        Mode::Check => {
            for (path, file, current) in to_write {
                let diff = match current {
                    Some((old, _)) => diff::unified_diff(&old, &file.contents),
                    None => "(missing)\n".to_owned(),
                };
                report.stale.push((path, diff));
            }
            for (_, path, _) in to_remove {
                report.stale.push((path, "(no longer generated: would be removed)\n".to_owned()));
            }
        }
        Mode::Write => {
            if let Some(Denied { path, doing, kind }) = denied
                && !(to_write.is_empty() && to_remove.is_empty())
            {
                return Err(WriteError::io(path, doing, (*kind).into()));
            }
            if fresh.contains("") {
                // A write run creates the output folder before it takes its lock: the folder is
                // gone only if someone removed it since (its lock with it). Without this, the
                // journal would name the output folder itself as a new folder.
                return Err(WriteError::io(root, "find the output folder", io::ErrorKind::NotFound.into()));
            }
            let changes: Vec<journal::Change> = to_write
                .iter()
                .map(|(_, file, current)| journal::Change {
                    rel: &file.path,
                    contents: file.contents.as_bytes(),
                    old: current.as_ref().map(|(_, hash)| *hash),
                })
                .collect();
            let removes: Vec<(&str, u128)> = to_remove.iter().map(|(rel, _, hash)| (*rel, *hash)).collect();
            journal::commit(root, &fresh, &changes, &removes, steps)?;
            report.written.extend(to_write.into_iter().map(|(path, _, _)| path));
            report.removed.extend(to_remove.into_iter().map(|(_, path, _)| path));
        }
    }
    Ok(report)
}

/// The start of the file at `path`: the lines the header check reads, within the longest
/// header the check accepts.
fn read_head(path: &Path) -> io::Result<Vec<u8>> {
    use io::{BufRead as _, Read as _};
    let mut reader = io::BufReader::new(fs::File::open(path)?.take(own::HEADER_BYTES));
    let mut head = Vec::new();
    for _ in 0..own::HEADER_LINES {
        if reader.read_until(b'\n', &mut head)? == 0 {
            break;
        }
    }
    Ok(head)
}

/// Equal but for line endings (a checkout may have turned `\n` into `\r\n`).
fn same_text(a: &str, b: &str) -> bool {
    a == b || ((a.contains('\r') || b.contains('\r')) && normalize(a) == normalize(b))
}

fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// The fresh folder (one that does not exist yet) that `rel` lies in, and `rel` relative to it.
fn fresh_folder_of<'a, 'r>(rel: &'r str, fresh: &'a BTreeSet<String>) -> Option<(&'a str, &'r str)> {
    fresh.iter().find_map(|dir| {
        let rest = if dir.is_empty() { Some(rel) } else { rel.strip_prefix(dir.as_str())?.strip_prefix('/') };
        rest.map(|rest| (dir.as_str(), rest))
    })
}

/// The first folder along `rel` (a path below `root`) that does not exist, if any; an error if
/// one that does is a symlink.
fn first_missing(root: &Path, rel: &str) -> Result<Option<String>, WriteError> {
    let mut path = root.to_path_buf();
    let mut end = 0;
    for part in rel.split('/') {
        path.push(part);
        end += part.len();
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return Err(WriteError::Symlink(path)),
            Ok(m) if !m.is_dir() => return Err(WriteError::NotAFolder(path)),
            Ok(_) => {}
            Err(_) => return Ok(Some(rel[..end].to_owned())),
        }
        end += 1;
    }
    Ok(None)
}

/// What a folder listing says an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    File,
    Symlink,
    /// Anything else: looked at more closely when it matters.
    Other,
}

/// Everything under `root/dir` but folders, by path relative to `root`, without following symlinks.
fn walk(root: &Path, dir: &str) -> Result<Vec<(String, Entry)>, WriteError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(rel) = stack.pop() {
        let path = root.join(&rel);
        let entries = match fs::read_dir(&path) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(WriteError::io(&path, "list the folder", e)),
        };
        for entry in entries {
            let entry = entry.map_err(io_err(&path, "list the folder"))?;
            // The tool writes only UTF-8 names: any other is someone else's, and not looked at.
            let Ok(name) = entry.file_name().into_string() else { continue };
            let child = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            let ty = entry.file_type().map_err(io_err(&path, "list the folder"))?;
            if ty.is_dir() {
                stack.push(child);
            } else if ty.is_file() {
                out.push((child, Entry::File));
            } else if ty.is_symlink() {
                out.push((child, Entry::Symlink));
            } else {
                out.push((child, Entry::Other));
            }
        }
    }
    Ok(out)
}
