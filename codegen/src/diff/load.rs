//! Builds a [`Published`] set: from a folder of an earlier `json-schema/` output (its
//! `index.json` and the files it lists), or from definitions run through the reader, the
//! checker and the JSON Schema emitter in memory (today's schema folder; that folder's files at
//! a git revision, read with the `git` binary). Either way the set is parsed from the emitted
//! text, so both sides of a comparison are the same kind of data.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize as _;
use serde_json::{Map, Value, json};

use super::{DiffError, Published, PublishedModel, RustFacts};
use crate::diag::{Diagnostic, Diagnostics};
use crate::emit::json_schema::{self, BUNDLE_FILE, INDEX_FILE};
use crate::read::{DEFINITION_EXTENSIONS, InputFile};
use crate::{Config, Error, GeneratedFile, Header, Schema, naming};

/// Today's side: the schema folder's definitions as the generator reads them now.
pub(super) fn from_folder_definitions(config: &Config, schema_dir: &Path) -> Result<Published, DiffError> {
    let mut diags = Diagnostics::default();
    let files = crate::read::list_folder(schema_dir, &mut diags);
    from_definitions(config, files, schema_dir, diags, "in the schema folder")
}

/// Reads, checks and emits JSON Schema for definition files held in memory.
fn from_definitions(
    config: &Config,
    files: Vec<InputFile>,
    display_root: &Path,
    diags: Diagnostics,
    side: &str,
) -> Result<Published, DiffError> {
    let mut timings = crate::Timings::default();
    let (schema, _, _) = config.check_in_pool(files, display_root, diags, &mut timings).map_err(|e| match e {
        Error::Definitions { diagnostics, sources } => {
            DiffError::Definitions { side: side.to_owned(), diagnostics, sources }
        }
        other => DiffError::Setting(other.to_string()),
    })?;
    let (_, kept) = json_schema::emit_keeping(&schema, &Header { command: config.command.clone() }, true);
    Ok(from_kept(&schema, kept))
}

/// The set of a checked schema from the JSON Schema emitter's values of its files (as
/// `json_schema::emit_keeping` keeps them, in `schema.models` order), parsing nothing.
pub(crate) fn from_kept(schema: &Schema, kept: json_schema::Kept) -> Published {
    let models = schema
        .models
        .iter()
        .zip(kept)
        .map(|(model, (value, facts))| {
            let name = model.name.to_string();
            let published = PublishedModel {
                name: name.clone(),
                title: model.schema_name.clone(),
                kind: model.kind_name().to_owned(),
                id: json_schema::model_id(schema, model),
                file: json_schema::model_path(model),
                schema: value,
                rust_path: format!("{}::{}", naming::module_name(&model.name.namespace), model.rust_name),
                rust: Some(facts),
            };
            (name, published)
        })
        .collect();
    Published { models, version: schema.settings.version.as_ref().map(|(v, _)| v.clone()) }
}

/// The set the JSON Schema emitter's files give (paths relative to the JSON Schema folder),
/// with what the checked schema knows of each Rust type.
pub(super) fn from_emitted(schema: &Schema, files: &[GeneratedFile]) -> Result<Published, DiffError> {
    // The per-model files, parsed side by side, rather than the bundle, which holds the same
    // in one text; the Rust facts come with the index, as the emitter wrote them.
    let texts: HashMap<&str, &str> =
        files.iter().filter(|f| f.path != BUNDLE_FILE).map(|f| (f.path.as_str(), f.contents.as_str())).collect();
    let mut set = parse_set("the emitted JSON Schema", &|path| Ok(texts.get(path).map(|t| (*t).to_owned())))?;
    for model in &schema.models {
        let Some(published) = set.models.get_mut(&model.name.to_string()) else { continue };
        published.rust_path = format!("{}::{}", naming::module_name(&model.name.namespace), model.rust_name);
    }
    Ok(set)
}

/// An earlier output: `dir` is a `json-schema/` folder (it holds `index.json`) or holds one.
pub(super) fn from_json_schema_dir(dir: &Path) -> Result<Published, DiffError> {
    let root = if dir.join(INDEX_FILE).is_file() { dir.to_owned() } else { dir.join(crate::JSON_SCHEMA_DIR) };
    if !root.join(INDEX_FILE).is_file() {
        return Err(DiffError::Against(format!(
            "`{}` holds no `{INDEX_FILE}` nor `{}/{INDEX_FILE}`: --against takes a git revision or a folder of an earlier JSON Schema output",
            dir.display(),
            crate::JSON_SCHEMA_DIR
        )));
    }
    from_published_dir(&root, &root.display().to_string()).map(|(set, _)| set)
}

/// The set a folder of published JSON Schema holds (`index.json` and `bundle.json`, or
/// `index.json` and the per-model files), its problems told as of `shown`; and a hash of the
/// files it read (their paths and bytes).
pub(crate) fn from_published_dir(root: &Path, shown: &str) -> Result<(Published, u128), DiffError> {
    // Each file read, with the hash of its bytes (the files may be read side by side).
    let read = std::sync::Mutex::new(Vec::new());
    let set = parse_set(shown, &|path| {
        let full = root.join(path);
        match crate::read_file(&full, 4 << 10) {
            Ok(bytes) => {
                read.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((path.to_owned(), xxhash_rust::xxh3::xxh3_128(&bytes)));
                String::from_utf8(bytes).map(Some).map_err(|_| format!("`{path}` is not UTF-8"))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read `{path}`: {e}")),
        }
    })?;
    let mut read = read.into_inner().unwrap_or_else(|e| e.into_inner());
    read.sort();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for (path, hash) in read {
        hasher.update(path.as_bytes());
        hasher.update(b"\0");
        hasher.update(&hash.to_le_bytes());
    }
    Ok((set, hasher.digest128()))
}

/// A file's text by its path relative to the JSON Schema folder; `None` if there is none.
type ReadFn<'a> = dyn Fn(&str) -> Result<Option<String>, String> + Sync + 'a;

/// Parses `index.json` and the models' schemas: from `bundle.json` if there is one (one file
/// to read and parse, each model's file rebuilt from it as the emitter writes it), else from
/// every file the index lists.
fn parse_set(origin: &str, read: &ReadFn) -> Result<Published, DiffError> {
    let bad = |what: String| DiffError::Against(format!("{origin}: {what}"));
    let parse = |path: &str, text: &str| {
        serde_json::from_str::<Value>(text)
            .map_err(|e| bad(format!("{path}:{}:{}: not JSON: {e}", e.line(), e.column())))
    };
    let index = read(INDEX_FILE).map_err(bad)?.ok_or_else(|| bad(format!("there is no `{INDEX_FILE}`")))?;
    let index = parse(INDEX_FILE, &index)?;
    let Some(entries) = index.get("models").and_then(Value::as_array) else {
        return Err(bad(format!("{INDEX_FILE}: expected an object with a `models` list")));
    };
    let mut listed = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let field = |key: &str| {
            entry.get(key).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| {
                bad(format!("{INDEX_FILE}: models[{i}] has no `{key}` string (expected name, title, kind, $id, file)"))
            })
        };
        let file = field("file")?;
        if file.split('/').any(|part| part == ".." || part.is_empty()) || file.starts_with('/') {
            return Err(bad(format!("{INDEX_FILE}: models[{i}]: `{file}` is not a path inside the folder")));
        }
        // The Rust facts the tool writes since it writes them; an earlier folder has none.
        let rust = match entry.get("rust") {
            None => None,
            Some(facts) => {
                Some(RustFacts::deserialize(facts).map_err(|e| bad(format!("{INDEX_FILE}: models[{i}].rust: {e}")))?)
            }
        };
        listed.push(Listed {
            name: field("name")?,
            title: field("title")?,
            kind: field("kind")?,
            id: field("$id")?,
            file,
            rust,
        });
    }
    let schemas: Vec<Value> = match read(BUNDLE_FILE).map_err(bad)? {
        Some(bundle) => files_from_bundle(parse(BUNDLE_FILE, &bundle)?, &listed).map_err(bad)?,
        None => crate::pool::par_map(&listed, |m| {
            let text = read(&m.file).map_err(bad)?.ok_or_else(|| {
                bad(format!("`{}`, which {INDEX_FILE} lists, is not there (nor a `{BUNDLE_FILE}`)", m.file))
            })?;
            parse(&m.file, &text)
        })
        .into_iter()
        .collect::<Result<_, _>>()?,
    };
    let mut models = BTreeMap::new();
    for (m, schema) in listed.into_iter().zip(schemas) {
        let name = m.name.clone();
        let model = PublishedModel {
            name: m.name,
            title: m.title,
            kind: m.kind,
            id: m.id,
            file: m.file,
            schema,
            rust_path: String::new(),
            rust: m.rust,
        };
        if models.insert(name.clone(), model).is_some() {
            return Err(bad(format!("{INDEX_FILE}: `{name}` is listed twice")));
        }
    }
    let version = index.get("version").and_then(Value::as_str).map(str::to_owned);
    let mut set = Published { models, version };
    infer_rust_paths(&mut set);
    Ok(set)
}

/// A model's entry in `index.json`.
struct Listed {
    name: String,
    title: String,
    kind: String,
    id: String,
    file: String,
    rust: Option<RustFacts>,
}

/// Each listed model's file, as the JSON Schema emitter writes it, from its body in the bundle
/// (`$defs`, by title): the same head (`$schema`, `$id` from the index, `$comment`, `title`),
/// the body with its references to itself as `#`, and a `$defs` stub per other model it
/// refers to, pointing at that model's file.
fn files_from_bundle(bundle: Value, listed: &[Listed]) -> Result<Vec<Value>, String> {
    let Value::Object(mut bundle) = bundle else { return Err(format!("{BUNDLE_FILE}: expected an object")) };
    let Some(Value::Object(mut bodies)) = bundle.remove("$defs") else {
        return Err(format!("{BUNDLE_FILE}: expected an object with `$defs`"));
    };
    let draft = bundle.get("$schema").cloned().unwrap_or_else(|| json_schema::DRAFT.into());
    let comment = bundle.get("$comment").cloned();
    let file_of: HashMap<&str, &str> = listed.iter().map(|m| (m.title.as_str(), m.file.as_str())).collect();
    let mut out = Vec::with_capacity(listed.len());
    for m in listed {
        let Some(Value::Object(body)) = bodies.remove(&m.title) else {
            return Err(format!("{BUNDLE_FILE} has no `$defs` entry `{}` (a schema object) for `{}`", m.title, m.name));
        };
        let mut root = Map::with_capacity(body.len() + 5);
        root.insert("$schema".into(), draft.clone());
        root.insert("$id".into(), m.id.clone().into());
        if let Some(comment) = &comment {
            root.insert("$comment".into(), comment.clone());
        }
        root.insert("title".into(), m.title.clone().into());
        let mut body = Value::Object(body);
        let mut stubs = Map::new();
        refer_by_file(&mut body, m, &file_of, &mut stubs);
        let Value::Object(body) = body else { unreachable!("an object stays one") };
        root.extend(body);
        if !stubs.is_empty() {
            root.insert("$defs".into(), Value::Object(stubs));
        }
        out.push(Value::Object(root));
    }
    Ok(out)
}

/// The bundle's references (`#/$defs/Title`) as a model's own file has them: to itself `#`,
/// to another model through a `$defs` stub holding the relative path of its file.
fn refer_by_file(value: &mut Value, model: &Listed, file_of: &HashMap<&str, &str>, stubs: &mut Map<String, Value>) {
    match value {
        Value::Object(object) => {
            for (key, v) in object.iter_mut() {
                let target = (key == "$ref").then(|| v.as_str().and_then(|r| r.strip_prefix("#/$defs/"))).flatten();
                match target {
                    Some(title) if title == model.title => *v = "#".into(),
                    Some(title) => {
                        if let Some(file) = file_of.get(title) {
                            let stub = json!({ "$ref": json_schema::relative_path(&model.file, file) });
                            stubs.entry(title.to_owned()).or_insert(stub);
                        }
                    }
                    None => refer_by_file(v, model, file_of, stubs),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| refer_by_file(v, model, file_of, stubs)),
        _ => {}
    }
}

/// The Rust path of each model from what the index says: the module of its namespace and its
/// Rust name, which is its title unless the title carries its namespace in front because
/// models of two namespaces share the Rust name (`SharedError` beside `SdkerrorsError`).
fn infer_rust_paths(set: &mut Published) {
    let split = |m: &PublishedModel| {
        let namespace = m.name.split_once('.').map_or("", |(ns, _)| ns).to_owned();
        let prefix = naming::upper_camel(&namespace);
        let rest = m.title.strip_prefix(&prefix).filter(|r| r.starts_with(|c: char| c.is_ascii_uppercase()));
        (namespace, rest.map(str::to_owned))
    };
    let mut by_rest: HashMap<String, usize> = HashMap::new();
    for m in set.models.values() {
        if let (_, Some(rest)) = split(m) {
            *by_rest.entry(rest).or_default() += 1;
        }
    }
    for m in set.models.values_mut() {
        let (namespace, rest) = split(m);
        let rust_name = match rest {
            Some(rest) if by_rest[&rest] > 1 => rest,
            _ => m.title.clone(),
        };
        m.rust_path = format!("{}::{rust_name}", naming::module_name(&namespace));
    }
}

/// The `version` of the crate's `Cargo.toml` in `dir`, if it has a plain one.
pub(super) fn crate_version(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let mut in_package = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && let Some(value) = line.strip_prefix("version").map(str::trim_start) {
            let value = value.strip_prefix('=')?.trim();
            return Some(value.strip_prefix('"')?.split('"').next()?.to_owned());
        }
    }
    None
}

/// The schema folder at a git revision: its definition files read with `git` into memory,
/// then read, checked and emitted as today's are. Diagnostics name files as `REV:path`.
pub(super) fn from_git(config: &Config, schema_dir: &Path, rev: &str) -> Result<Published, DiffError> {
    let (files, display_root, diags) = git_files(schema_dir, rev)?;
    from_definitions(config, files, &display_root, diags, &format!("at {rev}"))
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run `git`: {e}"))?;
    if out.status.success() { Ok(out.stdout) } else { Err(String::from_utf8_lossy(&out.stderr).trim().to_owned()) }
}

/// The schema folder's definition files at `rev`, the root their diagnostics name, and what
/// reading the folder found wrong (as `read::list_folder` says it of today's folder).
fn git_files(schema_dir: &Path, rev: &str) -> Result<(Vec<InputFile>, PathBuf, Diagnostics), DiffError> {
    let against = |why: String| DiffError::Against(why);
    if !schema_dir.is_dir() {
        let what = if schema_dir.exists() { "is not a folder" } else { "does not exist" };
        return Err(against(format!("the schema folder `{}` {what}", schema_dir.display())));
    }
    if rev.starts_with('-') || rev.is_empty() {
        return Err(against(format!("`{rev}` is neither a folder nor a git revision")));
    }
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).trim_end_matches('\n').to_owned();
    let top = git(schema_dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
        against(format!(
            "`{rev}` is not a folder, and the schema folder `{}` is not in a git repository to read it at a revision ({e})",
            schema_dir.display()
        ))
    })?;
    let top = PathBuf::from(text(top));
    let prefix = text(git(schema_dir, &["rev-parse", "--show-prefix"]).map_err(against)?);
    let commit = git(
        schema_dir,
        &["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{rev}^{{commit}}")],
    )
    .map_err(|_| {
        against(format!(
            "`{rev}` is neither a folder nor a revision of the git repository at `{}` (try `git log --oneline -- {}`)",
            top.display(),
            if prefix.is_empty() { "." } else { prefix.trim_end_matches('/') }
        ))
    })?;
    let commit = text(commit);
    let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", &commit];
    if !prefix.is_empty() {
        args.extend(["--", &prefix]);
    }
    let listing = git(&top, &args).map_err(against)?;
    // Every file of the folder (a hidden one may be a symlink's target), and its symlinks.
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else { continue };
        let mut meta = meta.split(' ');
        let (Some(mode), Some("blob"), Some(oid)) = (meta.next(), meta.next(), meta.next()) else { continue };
        let Some(rel) = path.strip_prefix(prefix.as_str()) else { continue };
        let hidden = rel.split('/').any(|p| p.starts_with('.'));
        if mode != "120000" {
            files.insert(rel.to_owned(), oid.to_owned());
        } else if !hidden {
            links.push((rel.to_owned(), oid.to_owned()));
        }
    }
    let display = format!("{rev}:{}", prefix.trim_end_matches('/'));
    let mut diags = Diagnostics::default();
    // A symlink is followed as `read::list_folder` follows it: to a file or a folder inside the
    // schema folder (a folder's files taken under the link's path), else the same error.
    let targets = cat_blobs(&top, links.iter().map(|(_, oid)| oid.as_str())).map_err(against)?;
    let visible = |p: &str| !p.split('/').any(|p| p.starts_with('.'));
    let mut found: Vec<(String, String)> =
        files.iter().filter(|(p, _)| visible(p)).map(|(p, o)| (p.clone(), o.clone())).collect();
    for ((link, _), target) in links.iter().zip(targets) {
        let target = String::from_utf8_lossy(&target).into_owned();
        let full = format!("{display}/{link}");
        let mut parts: Vec<&str> = link.split('/').collect();
        parts.pop();
        let mut outside = target.starts_with('/');
        for part in target.split('/') {
            match part {
                "" | "." => {}
                ".." => outside |= parts.pop().is_none(),
                p => parts.push(p),
            }
        }
        let resolved = parts.join("/");
        if outside {
            diags.push(Diagnostic::global(format!(
                "`{full}` is a symlink to `{target}`, outside the schema folder; definitions must live inside it"
            )));
        } else if let Some(oid) = files.get(&resolved) {
            found.push((link.clone(), oid.clone()));
        } else {
            let under = format!("{resolved}/");
            let inside: Vec<(String, String)> = files
                .range(under.clone()..)
                .take_while(|(p, _)| p.starts_with(&under))
                .map(|(p, o)| (format!("{link}/{}", &p[under.len()..]), o.clone()))
                .filter(|(p, _)| visible(p))
                .collect();
            if inside.is_empty() {
                diags.push(Diagnostic::global(format!("`{full}` is a broken symlink: no file or folder `{target}`")));
            }
            found.extend(inside);
        }
    }
    found.sort();
    let mut wanted = Vec::new();
    for (rel, oid) in found {
        let extension = rel.rsplit_once('.').map_or("", |(_, e)| e);
        // What `read::list_folder` takes: definition endings, in lower case (else an error).
        if DEFINITION_EXTENSIONS.contains(&extension) {
            wanted.push((rel, oid));
        } else if DEFINITION_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str()) {
            diags.push(Diagnostic::global(format!(
                "`{rel}` ends in `.{extension}`: definition files end in `.md`, `.yaml` or `.yml`, in lower case"
            )));
        }
    }
    if wanted.is_empty() {
        return Err(against(format!(
            "the schema folder `{}` holds no definitions at `{rev}`",
            if prefix.is_empty() { "." } else { prefix.trim_end_matches('/') }
        )));
    }
    let blobs = cat_blobs(&top, wanted.iter().map(|(_, oid)| oid.as_str())).map_err(against)?;
    let files = wanted.into_iter().zip(blobs).map(|((path, _), bytes)| InputFile { path, bytes }).collect();
    Ok((files, PathBuf::from(display), diags))
}

/// The contents of blobs, in order, from one `git cat-file --batch`. Unfiltered: git (2.47)
/// refuses `--batch --filters` with `REV:path` names ("missing path"); the reader takes CRLF
/// as LF, so end-of-line conversion changes nothing it reads.
fn cat_blobs<'a>(top: &Path, oids: impl Iterator<Item = &'a str>) -> Result<Vec<Vec<u8>>, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run `git cat-file`: {e}"))?;
    let mut request = String::new();
    let mut count = 0;
    for oid in oids {
        request.push_str(oid);
        request.push('\n');
        count += 1;
    }
    // Read while git runs: a full stderr pipe would stall it.
    let mut stderr = child.stderr.take().expect("piped");
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut stdin = child.stdin.take().expect("piped");
    // Written from another thread: git answers while it reads, and a full pipe would stall both.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut out = Vec::new();
    child
        .stdout
        .take()
        .expect("piped")
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot read from `git cat-file`: {e}"))?;
    let _ = writer.join();
    let status = child.wait().map_err(|e| format!("`git cat-file` failed: {e}"))?;
    let errors = errors.join().unwrap_or_default();
    if !status.success() {
        return Err(format!("`git cat-file --batch` failed ({status}): {}", errors.trim()));
    }
    let mut blobs = Vec::with_capacity(count);
    let mut rest = out.as_slice();
    for _ in 0..count {
        let nl = rest.iter().position(|b| *b == b'\n').ok_or("`git cat-file` ended early")?;
        let header = String::from_utf8_lossy(&rest[..nl]).into_owned();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .filter(|_| header.split(' ').nth(1) == Some("blob"))
            .ok_or_else(|| format!("`git cat-file` answered `{header}`"))?;
        let body = rest.get(nl + 1..nl + 1 + size).ok_or("`git cat-file` ended early")?;
        blobs.push(body.to_vec());
        rest = rest.get(nl + 2 + size..).unwrap_or_default();
    }
    Ok(blobs)
}
