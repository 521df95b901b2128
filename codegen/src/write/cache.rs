//! The format cache, `.codegen/format-cache`: for each Rust file a write run left in place, the
//! hash of what the emitter formatted it from (its tokens and the formatter's identity) and the
//! hash of the text that gave. A later run that would format the same tokens takes the file as
//! it is on disk instead, if the file still holds exactly that text; anything else (no cache,
//! another formatter, a file edited or replaced since) formats afresh. The cache also names the
//! program that wrote it (the running executable's size and modification time): a rebuilt
//! tool, whatever changed in it (the emitter, prettyplease, syn), starts a new cache. A check
//! run reads the cache and never writes it; the cache only ever saves time, never decides an
//! output.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::lock::STATE_DIR;
use super::own;
use crate::emit::GeneratedFile;
use crate::emit::rust::Formatted;

const CACHE_FILE: &str = "format-cache";
/// The first line of the cache file; a file that starts otherwise is ignored.
const INTRO: &str = "# codegen format cache 1: <hash of tokens> <hash of text> <path>\n";

/// The cache of one output folder, as a run found it.
#[derive(Debug)]
pub struct FormatCache {
    root: PathBuf,
    /// This program's line in the cache (`None`: it cannot name itself, so it keeps no cache).
    program: Option<String>,
    /// Path (relative to the output folder) -> (hash of what it was formatted from, hash of the text).
    entries: HashMap<String, (u128, u128)>,
    /// The cache file's bytes as read, so that a run that changes nothing writes nothing.
    read: Vec<u8>,
}

impl FormatCache {
    /// The cache of `root` (which need not exist yet), empty if there is none, it is not one
    /// the tool wrote, or another build of the tool wrote it.
    pub fn load(root: &Path) -> FormatCache {
        let read = fs::read(root.join(STATE_DIR).join(CACHE_FILE)).unwrap_or_default();
        let program = this_program();
        let entries = program.as_deref().and_then(|program| parse(&read, program)).unwrap_or_default();
        FormatCache { root: root.to_owned(), program, entries, read }
    }

    /// Records what this run formatted (`formatted_from`: path and hash, as the emitter gave
    /// them) with the text it leaves in each file, replacing the cache if that differs.
    pub fn store(&self, files: &[GeneratedFile], formatted_from: &[(String, u128)]) -> io::Result<()> {
        // Without a name for this program, a cache could not tell its builds apart: keep none.
        let Some(program) = &self.program else { return Ok(()) };
        let text: HashMap<&str, &str> = files.iter().map(|f| (f.path.as_str(), f.contents.as_str())).collect();
        let mut out = String::from(INTRO);
        out.push_str(program);
        for (path, from) in formatted_from {
            // Paths with a line break cannot be listed; such a file is simply not cached.
            let contents = match path.strip_prefix(CHANGES) {
                Some(file) => text.get(file).and_then(|t| changes_section(t)),
                None => text.get(path.as_str()).copied(),
            };
            if let Some(contents) = contents.filter(|_| !path.contains(['\n', '\r'])) {
                let _ = writeln!(out, "{from:032x} {:032x} {path}", own::hash(contents.as_bytes()));
            }
        }
        if out.as_bytes() == self.read {
            return Ok(());
        }
        let state = self.root.join(STATE_DIR);
        let staged = state.join(format!("{CACHE_FILE}.new"));
        fs::write(&staged, out)?;
        fs::rename(staged, state.join(CACHE_FILE))
    }
}

impl Formatted for FormatCache {
    fn text(&self, path: &str, formatted_from: u128) -> Option<String> {
        let &(from, text_hash) = self.entries.get(path)?;
        if from != formatted_from {
            return None;
        }
        let (file, section) = match path.strip_prefix(CHANGES) {
            Some(file) => (file, true),
            None => (path, false),
        };
        let text = String::from_utf8(fs::read(self.root.join(file)).ok()?).ok()?;
        let text = if section { changes_section(&text)?.to_owned() } else { text };
        (own::hash(text.as_bytes()) == text_hash).then_some(text)
    }
}

/// The cache's name for the changes section of a docs index (`:changes docs/README.md`): the
/// section is cached as the files are, its text taken from the end of that file.
pub const CHANGES: &str = ":changes ";

/// The changes section at the end of a docs index: from its last line that starts `Semver: `
/// (how `codegen diff`'s markdown starts).
fn changes_section(text: &str) -> Option<&str> {
    text.rfind("\nSemver: ").map(|at| &text[at + 1..])
}

/// `# program <size> <modified>\n` of the running executable: a rebuild changes it.
fn this_program() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = fs::metadata(exe).ok()?;
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("# program {} {}\n", meta.len(), modified.as_nanos()))
}

fn parse(bytes: &[u8], program: &str) -> Option<HashMap<String, (u128, u128)>> {
    let text = std::str::from_utf8(bytes).ok()?.strip_prefix(INTRO)?.strip_prefix(program)?;
    // Cut short (a write that did not finish): every line ends with a line break.
    if !text.is_empty() && !text.ends_with('\n') {
        return None;
    }
    let mut entries = HashMap::new();
    for line in text.lines() {
        let (from, rest) = line.split_once(' ')?;
        let (text_hash, path) = rest.split_once(' ')?;
        let hex = |h: &str| if h.len() == 32 { u128::from_str_radix(h, 16).ok() } else { None };
        entries.insert(path.to_owned(), (hex(from)?, hex(text_hash)?));
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_reads_back_what_it_stored_and_nothing_malformed() {
        let dir = std::env::temp_dir().join(format!("codegen-cache-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join(STATE_DIR).join("x")).unwrap();
        fs::create_dir_all(dir.join("src")).unwrap();
        let file = GeneratedFile::new("src/a.rs".into(), "// a\n".into());
        fs::write(dir.join("src/a.rs"), &file.contents).unwrap();
        let cache = FormatCache::load(&dir);
        cache.store(std::slice::from_ref(&file), &[("src/a.rs".into(), 7)]).unwrap();
        let cache = FormatCache::load(&dir);
        assert_eq!(cache.text("src/a.rs", 7).as_deref(), Some("// a\n"));
        assert_eq!(cache.text("src/a.rs", 8), None, "other tokens");
        assert_eq!(cache.text("src/b.rs", 7), None, "another file");
        // The file changed since: its text no longer has the recorded hash.
        fs::write(dir.join("src/a.rs"), "// b\n").unwrap();
        assert_eq!(cache.text("src/a.rs", 7), None);
        // A cache file not in the tool's format, or cut short, is no cache.
        let path = dir.join(STATE_DIR).join(CACHE_FILE);
        let stored = fs::read_to_string(&path).unwrap();
        let other_build = stored.replacen("# program ", "# program 1", 1);
        for bad in [stored.replace("cache 1", "cache 2"), stored[..stored.len() - 5].to_owned(), other_build] {
            fs::write(&path, bad).unwrap();
            assert!(FormatCache::load(&dir).entries.is_empty());
        }
        let _ = fs::remove_dir_all(&dir);
    }
}
