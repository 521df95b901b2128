//! Reads Speakeasy model docs: `# Name`, a description, then a `## Fields`, `## Values` or
//! `## Supported Types` section.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, Span, did_you_mean};
use crate::doc_format::{
    DEPRECATED_FIELD_PREFIX, DEPRECATED_MODEL_PREFIX, DISCRIMINATOR_INTRO, DISCRIMINATOR_OUTRO, ENUM_USAGE_HEADING,
    NO_DESCRIPTION, OPTIONAL_MARK, OPTIONAL_NULLABLE_OPEN, REQUIRED_MARK, UNION_SWITCH_HEADING, decode_cell,
    enum_usage_section, read_enum_usage, read_union_switch, union_switch_section,
};
use crate::model::{
    BaseType, Deprecation, DocStyle, Enum, EnumUsage, EnumValue, Field, FieldType, Model, ModelKind,
    OptionalNullableInner, Primitive, QualifiedName, RustExtras, SourceFormat, Struct, TypeNotation, Union,
    UnionSwitch, UnionVariant, VariantHeading,
};
use crate::notation::{go_type, is_identifier, parse_base, parse_go_type, strip_wrappers};

/// What a markdown file turned out to be.
#[derive(Debug)]
pub enum Doc {
    Model(Box<Model>),
    /// A doc that documents something other than a model (the SDK's `option.md`, an
    /// operations page, a `utils/retryconfig.md`), and why the reader takes it for one.
    NotAModel(String),
}

/// The sections a model doc has, one of them.
const MODEL_SECTIONS: [&str; 3] = ["Fields", "Values", "Supported Types"];

/// The header of the table of an SDK's own type (`utils/retryconfig.md`): no Required column.
const SDK_TYPE_HEADERS: [&[&str]; 2] = [&["Name", "Type", "Description", "Example"], &["Name", "Type", "Description"]];

/// A top-level block of the document with its byte range.
struct Block {
    range: Range<usize>,
    kind: BlockKind,
}

/// Rows of cell ranges, and the links found in cells as (row, column, destination).
type Rows = Vec<Vec<Range<usize>>>;
type CellLinks = Vec<(usize, usize, String)>;

enum BlockKind {
    Heading(HeadingLevel),
    Table { rows: Rows, links: CellLinks },
    CodeBlock { content: Range<usize> },
    BlockQuote,
    Other,
}

/// Reads one doc. `namespace` is the folder it sits in; `doc_path` its path in the schema folder.
pub fn read(text: &str, span: Span, namespace: &str, doc_path: &str) -> Result<Doc, Vec<Diagnostic>> {
    let blocks = blocks(text);
    let at = |r: Range<usize>| span.within(r);
    let Some(first) = blocks.first() else {
        return Err(vec![Diagnostic::error(at(0..0), "empty model doc").with_label("expected `# ModelName` here")]);
    };
    if !matches!(first.kind, BlockKind::Heading(HeadingLevel::H1)) {
        // A doc with a title or a model's section further down is a model doc with something
        // before its title, which the docs could not give back: an error, not a skip.
        let model_like = blocks.iter().find(|b| match b.kind {
            BlockKind::Heading(HeadingLevel::H1) => true,
            BlockKind::Heading(HeadingLevel::H2) => MODEL_SECTIONS.contains(&heading_text(text, b)),
            _ => false,
        });
        let Some(found) = model_like else { return Ok(Doc::NotAModel("it has no `# Name` title".to_owned())) };
        let line_end = text[first.range.clone()].find('\n').map_or(first.range.end, |i| first.range.start + i);
        return Err(vec![
            Diagnostic::error(at(first.range.start..line_end), "the doc does not begin with its `# ModelName` title")
                .with_label("expected `# ModelName` here")
                .with_secondary(at(found.range.start..found.range.start + text[found.range.clone()].trim_end().len()), "the model's doc goes on here")
                .with_note("a model doc starts with its title; move or remove what stands before it (front matter, comments, text)"),
        ]);
    }
    if let Some(why) = other_than_a_model(text, &blocks) {
        return Ok(Doc::NotAModel(why));
    }
    let mut errors = Vec::new();

    // `# Name` or `# ~~Name~~` (deprecated).
    let title_line = text[first.range.clone()].trim_end();
    let title = title_line.trim_start_matches('#').trim();
    let title_start = first.range.start + (title_line.len() - title_line.trim_start_matches('#').len()) + 1;
    let title_range = title_start..title_start + title.len();
    let (name, struck) = match title.strip_prefix("~~").and_then(|t| t.strip_suffix("~~")) {
        Some(inner) => (inner, true),
        None => (title, false),
    };
    if !is_identifier(name) {
        errors.push(
            Diagnostic::error(at(title_range.clone()), format!("`{name}` is not a valid model name"))
                .with_label("expected a name of letters, digits and `_`, starting with a letter"),
        );
    }

    // The section heading (`## Fields`...) ends the description; newer generators put an
    // enum's `## Example Usage` before it.
    let is_h2 = |b: &Block| matches!(b.kind, BlockKind::Heading(HeadingLevel::H2));
    let Some(first_h2) = blocks.iter().position(is_h2) else {
        errors.push(
            Diagnostic::error(
                at(title_range),
                format!("model `{name}` has no `## Fields`, `## Values` or `## Supported Types` section"),
            )
            .with_label("this model defines nothing"),
        );
        return Err(errors);
    };
    let mut usage_idx = None;
    let mut section_idx = first_h2;
    if heading_text(text, &blocks[first_h2]) == ENUM_USAGE_HEADING {
        let Some(next) = blocks[first_h2 + 1..].iter().position(is_h2) else {
            errors.push(
                Diagnostic::error(
                    at(heading_range(text, &blocks[first_h2])),
                    format!("model `{name}` has no `## Values` section"),
                )
                .with_label(format!("`## {ENUM_USAGE_HEADING}` goes before an enum's `## Values`")),
            );
            return Err(errors);
        };
        usage_idx = Some(first_h2);
        section_idx = first_h2 + 1 + next;
    }
    let section = &blocks[section_idx];
    let quote = blocks[1..first_h2].iter().find(|b| matches!(b.kind, BlockKind::BlockQuote));
    let head_end = (first.range.end).min(text.len());
    let desc_end = quote.map_or(blocks[first_h2].range.start, |q| q.range.start);
    let separator = if quote.is_some() || usage_idx.is_some() { "\n\n" } else { "\n\n\n" };
    let description = description_between(text, head_end, desc_end, separator);
    let deprecation = match quote {
        Some(q) => {
            let line = text[q.range.clone()].trim_end();
            match line.strip_prefix(DEPRECATED_MODEL_PREFIX) {
                Some(notice) => Some(Deprecation { notice: notice.to_owned() }),
                None => {
                    errors.push(
                        Diagnostic::error(
                            at(q.range.start..q.range.start + line.len()),
                            "unexpected block quote before the section",
                        )
                        .with_label(format!("expected `{DEPRECATED_MODEL_PREFIX}...`")),
                    );
                    None
                }
            }
        }
        None if struck => Some(Deprecation::standard()),
        None => None,
    };

    let heading = text[section.range.clone()].trim_end().trim_start_matches('#').trim();
    if let Some(u) = usage_idx
        && heading != "Values"
    {
        errors.push(
            Diagnostic::error(
                at(heading_range(text, &blocks[u])),
                format!("`## {ENUM_USAGE_HEADING}` before `## {heading}`"),
            )
            .with_label("the reader takes this section in an enum's doc only, before `## Values`"),
        );
    }
    let rest = &blocks[section_idx + 1..];
    let kind = match heading {
        "Fields" => read_fields(text, span, rest, section, &mut errors).map(ModelKind::Struct),
        "Values" => read_values(text, span, rest, section, &mut errors).map(|mut e| {
            if let Some(u) = usage_idx {
                e.usage = read_usage(text, span, name, namespace, &blocks[u..section_idx], &e, &mut errors);
            }
            ModelKind::Enum(e)
        }),
        "Supported Types" => read_union(text, span, name, namespace, rest, &mut errors).map(ModelKind::Union),
        other => {
            let mut d = Diagnostic::error(
                at(section.range.start..section.range.start + text[section.range.clone()].trim_end().len()),
                format!("unknown section `## {other}`"),
            )
            .with_label("expected `## Fields`, `## Values` or `## Supported Types`");
            if let Some(s) = did_you_mean(other, MODEL_SECTIONS) {
                d = d.with_note(format!("did you mean `## {s}`?"));
            }
            errors.push(d);
            None
        }
    };
    match kind {
        Some(kind) if errors.is_empty() => Ok(Doc::Model(Box::new(Model {
            name: QualifiedName { namespace: namespace.to_owned(), name: name.to_owned() },
            doc_path: doc_path.to_owned(),
            format: SourceFormat::Markdown,
            span: at(first.range.start..first.range.start + title_line.len()),
            description,
            deprecation,
            kind,
            doc_style: DocStyle { final_newline: text.ends_with('\n'), ..DocStyle::default() },
            wire_rule: None,
            rust_name: String::new(),
            file_stem: String::new(),
            schema_name: String::new(),
            chosen_rust_name: None,
            rust_extras: RustExtras::default(),
        }))),
        _ => Err(errors),
    }
}

/// A heading's line, without its newline.
fn heading_range(text: &str, block: &Block) -> Range<usize> {
    block.range.start..block.range.start + text[block.range.clone()].trim_end().len()
}

/// The first byte where `found` and `expected` differ, as an offset into `found` (its end if one
/// is the start of the other).
fn first_difference(found: &str, expected: &str) -> usize {
    let common = found.bytes().zip(expected.bytes()).take_while(|(a, b)| a == b).count();
    // On a character boundary of `found`.
    (0..=common).rev().find(|&i| found.is_char_boundary(i)).unwrap_or(0)
}

/// Compares a section as written (`found`, from `start` in the doc) with the text the docs
/// would write back (`expected`); at the first difference, an error naming the line expected.
fn check_section(
    span: Span,
    start: usize,
    found: &str,
    expected: &str,
    what: &str,
    errors: &mut Vec<Diagnostic>,
) -> bool {
    if found == expected {
        return true;
    }
    let at = first_difference(found, expected);
    let line_start = expected[..at.min(expected.len())].rfind('\n').map_or(0, |i| i + 1);
    let wanted = expected[line_start..].lines().next().unwrap_or("");
    let found_end = found[at..].find('\n').map_or(found.len(), |i| at + i);
    errors.push(
        Diagnostic::error(
            span.within(start + at..start + found_end.max(at)),
            format!("{what} is not as the generator writes it"),
        )
        .with_label(if wanted.is_empty() {
            "expected the section to end here".to_owned()
        } else {
            format!("expected `{}` here", wanted.trim_start())
        })
        .with_note(format!("expected the section to read:\n{expected}")),
    );
    false
}

/// The ```go snippet of a section (`blocks`: its heading, then the rest of the section; what
/// stands before the snippet is for the caller to check, nothing may stand after it): the
/// snippet's block and the range of its code.
fn section_snippet<'b>(
    text: &str,
    span: Span,
    blocks: &'b [Block],
    what: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<(&'b Block, Range<usize>)> {
    let code_at = blocks.iter().position(|b| matches!(b.kind, BlockKind::CodeBlock { .. }));
    let (at, message, label) = match code_at.map(|i| (&blocks[i], blocks.get(i + 1))) {
        Some((code @ Block { kind: BlockKind::CodeBlock { content }, .. }, None)) => {
            return Some((code, content.clone()));
        }
        Some((_, Some(extra))) => {
            (extra, format!("unexpected content after {what}"), "expected nothing more in this section")
        }
        _ => (&blocks[0], format!("{what} has no ```go snippet"), "expected a ```go block in this section"),
    };
    errors.push(Diagnostic::error(span.within(heading_range(text, at)), message).with_label(label));
    None
}

/// An enum's `## Example Usage` section (`blocks`: its heading, then a ```go snippet): read,
/// then checked by writing it back, with the enum's first value, which it names.
fn read_usage(
    text: &str,
    span: Span,
    name: &str,
    namespace: &str,
    blocks: &[Block],
    e: &Enum,
    errors: &mut Vec<Diagnostic>,
) -> Option<EnumUsage> {
    let heading = &blocks[0];
    let what = format!("`## {ENUM_USAGE_HEADING}`");
    let (code, content) = section_snippet(text, span, blocks, &what, errors)?;
    let Some(first) = e.values.first() else {
        errors.push(
            Diagnostic::error(span.within(heading_range(text, heading)), format!("{what} of an enum without values"))
                .with_label("the snippet names the enum's first value: expected a row in `## Values`"),
        );
        return None;
    };
    let usage = read_enum_usage(text.get(content).unwrap_or(""));
    let found = text[heading.range.start..code.range.end].trim_end();
    let expected = enum_usage_section(namespace, name, &first.name, &usage);
    check_section(span, heading.range.start, found, &expected, &what, errors).then_some(usage)
}

fn heading_text<'t>(text: &'t str, block: &Block) -> &'t str {
    text[block.range.clone()].trim_end().trim_start_matches('#').trim()
}

/// Why a doc with a `# Title` is not a model's, if it is not: its sections are none of a
/// model's, nor a slip of one (`## Global Options` and `## Overview` are another doc's;
/// `## Feilds` is a model's, misspelt), or its `## Fields` table is that of an SDK's own type.
/// An enum's `## Example Usage` counts as a model's section: an enum doc that lost its
/// `## Values` is an error that says so, not a doc of something else.
fn other_than_a_model(text: &str, blocks: &[Block]) -> Option<String> {
    let sections: Vec<&Block> =
        blocks.iter().filter(|b| matches!(b.kind, BlockKind::Heading(HeadingLevel::H2))).collect();
    let first = sections.first()?;
    if !sections.iter().any(|b| {
        let heading = heading_text(text, b);
        MODEL_SECTIONS.contains(&heading)
            || heading == ENUM_USAGE_HEADING
            || did_you_mean(heading, MODEL_SECTIONS).is_some()
    }) {
        return Some(format!(
            "its sections (`## {}`) are not a model's (`## Fields`, `## Values` or `## Supported Types`)",
            heading_text(text, first)
        ));
    }
    let fields =
        blocks.iter().position(|b| std::ptr::eq(b, *first)).filter(|_| heading_text(text, first) == "Fields")?;
    let Some(Block { kind: BlockKind::Table { rows, .. }, .. }) = blocks.get(fields + 1) else { return None };
    let header: Vec<String> = rows.first()?.iter().map(|r| cell(text, r).1).collect();
    SDK_TYPE_HEADERS.iter().any(|h| header.iter().map(String::as_str).eq(h.iter().copied())).then(|| {
        format!(
            "its `## Fields` table (`| {} |`) has no Required column: it documents a type of the SDK's own, not a model",
            header.join(" | ")
        )
    })
}

/// The description is the text between the title and the next part, less the separator that
/// the format puts before that part; it keeps a final newline of its own.
fn description_between(text: &str, start: usize, end: usize, separator: &str) -> Option<String> {
    let region = &text[start.min(end)..end];
    let region = region.strip_prefix('\n').unwrap_or(region);
    let body = region.strip_suffix(separator).unwrap_or_else(|| region.trim_end_matches('\n'));
    (!body.trim().is_empty()).then(|| body.to_owned())
}

fn blocks(text: &str) -> Vec<Block> {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut blocks: Vec<Block> = Vec::new();
    let mut depth = 0usize;
    let mut row: Vec<Range<usize>> = Vec::new();
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let kind = match &tag {
                        Tag::Heading { level, .. } => BlockKind::Heading(*level),
                        Tag::Table(_) => BlockKind::Table { rows: Vec::new(), links: Vec::new() },
                        Tag::CodeBlock(_) => BlockKind::CodeBlock { content: range.end..range.start },
                        Tag::BlockQuote(_) => BlockKind::BlockQuote,
                        _ => BlockKind::Other,
                    };
                    blocks.push(Block { range: range.clone(), kind });
                }
                depth += 1;
                if let Some(Block { kind: BlockKind::Table { rows, links }, .. }) = blocks.last_mut() {
                    match tag {
                        Tag::TableCell => row.push(range),
                        Tag::Link { dest_url, .. } => {
                            links.push((rows.len(), row.len().saturating_sub(1), dest_url.into_string()))
                        }
                        Tag::TableHead | Tag::TableRow => row.clear(),
                        _ => {}
                    }
                }
            }
            Event::End(tag) => {
                depth -= 1;
                if let Some(Block { kind: BlockKind::Table { rows, .. }, .. }) = blocks.last_mut()
                    && matches!(tag, TagEnd::TableHead | TagEnd::TableRow)
                {
                    rows.push(std::mem::take(&mut row));
                }
            }
            Event::Text(_) if depth == 1 => {
                if let Some(Block { kind: BlockKind::CodeBlock { content }, .. }) = blocks.last_mut() {
                    content.start = content.start.min(range.start);
                    content.end = content.end.max(range.end);
                }
            }
            _ if depth == 0 => blocks.push(Block { range, kind: BlockKind::Other }),
            _ => {}
        }
    }
    blocks
}

/// The table that must follow a section heading, as rows of trimmed cell ranges.
fn section_table<'b>(
    text: &str,
    span: Span,
    rest: &'b [Block],
    section: &Block,
    errors: &mut Vec<Diagnostic>,
) -> Option<(&'b Rows, &'b CellLinks)> {
    match rest.first() {
        Some(Block { kind: BlockKind::Table { rows, links }, .. }) => {
            if let Some(extra) = rest.get(1) {
                errors.push(
                    Diagnostic::error(span.within(extra.range.clone()), "unexpected content after the table")
                        .with_label("a model doc ends with its table"),
                );
            }
            Some((rows, links))
        }
        other => {
            let r = other.map_or(section.range.clone(), |b| b.range.clone());
            let heading = text[section.range.clone()].trim();
            errors.push(
                Diagnostic::error(
                    span.within(r.start..r.start + text[r].trim_end().len().min(200)),
                    format!("`{heading}` is not followed by a table"),
                )
                .with_label("expected a markdown table here"),
            );
            None
        }
    }
}

fn cell(text: &str, r: &Range<usize>) -> (Range<usize>, String) {
    let raw = &text[r.clone()];
    let start = r.start + (raw.len() - raw.trim_start().len());
    let trimmed = trim(raw);
    (start..start + trimmed.len(), decode_cell(trimmed))
}

/// `str::trim`, quicker for the runs of ASCII spaces that pad table cells (a hundred in some
/// Moov docs): trailing spaces go eight at a time, other ASCII whitespace bytewise, and only
/// text still starting or ending with (Unicode) whitespace goes to `trim`.
fn trim(text: &str) -> &str {
    const SPACES: u64 = u64::from_ne_bytes(*b"        ");
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while let Some(chunk) = end.checked_sub(8).and_then(|start| bytes.get(start..end)) {
        if u64::from_ne_bytes(chunk.try_into().expect("eight bytes")) != SPACES {
            break;
        }
        end -= 8;
    }
    // Only ASCII spaces were cut, so `end` is a character boundary.
    let ascii = text[..end].trim_ascii();
    if ascii.starts_with(char::is_whitespace) || ascii.ends_with(char::is_whitespace) { ascii.trim() } else { ascii }
}

fn check_header(
    text: &str,
    span: Span,
    rows: &[Vec<Range<usize>>],
    expected: &[&[&str]],
    errors: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let header: Vec<String> = rows[0].iter().map(|r| cell(text, r).1).collect();
    if let Some(n) = expected.iter().position(|cols| header.iter().map(String::as_str).eq(cols.iter().copied())) {
        return Some(expected[n].len());
    }
    let r = rows[0].first().map_or(0..0, |f| f.start..rows[0].last().map_or(f.end, |l| l.end));
    let wanted: Vec<String> = expected.iter().map(|cols| format!("`| {} |`", cols.join(" | "))).collect();
    errors.push(
        Diagnostic::error(span.within(r), format!("unexpected table header `| {} |`", header.join(" | ")))
            .with_label(format!("expected {}", wanted.join(" or "))),
    );
    None
}

/// Every row must have as many cells as the header. pulldown-cmark pads short rows and drops
/// extra cells, so the count comes from the row's own text.
fn check_row_width(
    text: &str,
    span: Span,
    row_range: Range<usize>,
    columns: usize,
    errors: &mut Vec<Diagnostic>,
) -> bool {
    let line = &text[row_range.clone()];
    let body = trim(line).trim_start_matches('|');
    // A `|` right after a backslash is text, however many backslashes run before it (as GFM
    // and pulldown-cmark split rows). `|` and `\\` are ASCII: bytes will do. Without a
    // backslash, every `|` counts (a loop the compiler vectorizes).
    let mut cells = if body.contains('\\') {
        let bytes = body.as_bytes();
        (0..bytes.len()).filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\')).count()
    } else {
        body.bytes().filter(|&b| b == b'|').count()
    };
    if !line.trim_end().ends_with('|') || line.trim_end().ends_with("\\|") {
        cells += 1;
    }
    if cells != columns {
        errors.push(
            Diagnostic::error(
                span.within(row_range.start..row_range.start + line.len()),
                format!("table row has {cells} cells, the header has {columns}"),
            )
            .with_label(format!("expected {columns} cells")),
        );
        return false;
    }
    true
}

/// The whole line a table row stands on.
fn row_range(text: &str, row: &[Range<usize>]) -> Range<usize> {
    let at = row.first().map_or(0, |c| c.start).min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    start..end
}

fn read_fields(
    text: &str,
    span: Span,
    rest: &[Block],
    section: &Block,
    errors: &mut Vec<Diagnostic>,
) -> Option<Struct> {
    let (rows, links) = section_table(text, span, rest, section, errors)?;
    let columns = check_header(
        text,
        span,
        rows,
        &[&["Field", "Type", "Required", "Description", "Example"], &["Field", "Type", "Required", "Description"]],
        errors,
    )?;
    let mut fields = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        if !check_row_width(text, span, row_range(text, row), columns, errors) {
            continue;
        }
        let cells: Vec<(Range<usize>, String)> = row.iter().map(|r| cell(text, r)).collect();
        let link = links.iter().find(|(r, c, _)| *r == i && *c == 1).map(|(_, _, l)| l.as_str());
        if let Some(field) = read_field(span, &cells, link, errors) {
            fields.push(field);
        }
    }
    Some(Struct { fields, example_column: columns == 5, sdk_fields: Vec::new(), additional_properties: None })
}

fn read_field(
    span: Span,
    cells: &[(Range<usize>, String)],
    link: Option<&str>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Field> {
    let (name_range, name_cell) = &cells[0];
    let (name_text, struck) = match name_cell.strip_prefix("~~").and_then(|n| n.strip_suffix("~~")) {
        Some(inner) => (inner, true),
        None => (name_cell.as_str(), false),
    };
    let name = name_text.strip_prefix('`').and_then(|n| n.strip_suffix('`'));
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        errors.push(
            Diagnostic::error(span.within(name_range.clone()), format!("unexpected field name cell `{name_cell}`"))
                .with_label("expected a field name in backticks, e.g. `` `AccountID` ``"),
        );
        return None;
    };
    let (type_range, type_cell) = &cells[1];
    let ty = match parse_type_cell(type_cell, link) {
        Ok(ty) => ty,
        Err(msg) => {
            errors.push(Diagnostic::error(span.within(type_range.clone()), msg).with_label("unknown type notation").with_note(
                "expected `*T*`, `**T*` (pointer), `` `T` ``, `` `*T` ``, `[*ns.Model](link)`, `[ns.Model](link)`, `[Model](link)`, `[]*T*`, `` []`T` ``, `[][ns.Model](link)`, `map[string]*T*` or `` optionalnullable.OptionalNullable[`T`] ``",
            ));
            return None;
        }
    };
    let (req_range, req_cell) = &cells[2];
    let required = match req_cell.as_str() {
        REQUIRED_MARK => true,
        OPTIONAL_MARK => false,
        other => {
            errors.push(
                Diagnostic::error(span.within(req_range.clone()), format!("unknown Required marker `{other}`"))
                    .with_label(format!("expected `{REQUIRED_MARK}` or `{OPTIONAL_MARK}`")),
            );
            return None;
        }
    };
    let mut description = cells[3].1.as_str();
    let mut deprecation = None;
    if struck {
        deprecation = Some(Deprecation::standard());
    }
    if let Some(after) = description.strip_prefix(DEPRECATED_FIELD_PREFIX) {
        let (notice, desc) = after.split_once("\n\n").unwrap_or((after, ""));
        deprecation = Some(Deprecation { notice: notice.to_owned() });
        description = desc;
    }
    let description = match description {
        "" | NO_DESCRIPTION => None,
        d => Some(d.to_owned()),
    };
    let example = cells.get(4).map(|(_, e)| e.clone()).filter(|e| !e.is_empty());
    let example_span = cells.get(4).map_or(Span::DETACHED, |(r, _)| span.within(r.clone()));
    // Go's `OptionalNullable[T]` keeps absent, `null` and a value apart; so does the field
    // (an overlay's `nullable: false` can still say otherwise). `any` holds `null` already.
    let nullable = (matches!(ty.notation, TypeNotation::OptionalNullable(_))
        && !(ty.wrappers.is_empty() && matches!(ty.base, BaseType::Primitive(Primitive::Any | Primitive::AnyAlias))))
    .then_some(true);
    Some(Field {
        name: name.to_owned(),
        span: span.within(name_range.clone()),
        ty,
        ty_span: span.within(type_range.clone()),
        required,
        required_override: None,
        nullable,
        description,
        deprecation,
        example,
        example_span,
        extra_examples: Vec::new(),
        wire_name: None,
        constraints: Default::default(),
        constraint_spans: Vec::new(),
        default: None,
        default_span: Span::DETACHED,
        rust_name: String::new(),
        boxed: false,
        typed_examples: Vec::new(),
    })
}

/// `text` as a code span in a message: between backticks, or, when it holds a backtick itself
/// (a Type cell `` []`string` ``), between double backticks and spaces, as markdown writes it.
fn code(text: &str) -> String {
    if text.contains('`') { format!("`` {text} ``") } else { format!("`{text}`") }
}

/// Parses a Type cell: wrappers, then `*T*` / `**T*` (emphasis), `` `T` `` / `` `*T` `` (a code
/// span) or `[T](link)` / `[*T](link)`; or all that inside `optionalnullable.OptionalNullable[...]`.
pub fn parse_type_cell(cell: &str, link: Option<&str>) -> Result<FieldType, String> {
    let quoted = code(cell);
    if let Some(inner) = cell.strip_prefix(OPTIONAL_NULLABLE_OPEN) {
        let Some(inner) = inner.strip_suffix(']') else {
            return Err(format!("{quoted} is not closed: expected `{OPTIONAL_NULLABLE_OPEN}T]`"));
        };
        let ty = parse_type_cell(inner, link)?;
        let inner_notation = match ty.notation {
            TypeNotation::Link => OptionalNullableInner::Link,
            TypeNotation::Code => OptionalNullableInner::Code,
            TypeNotation::Emphasis | TypeNotation::OptionalNullable(_) => {
                return Err(format!(
                    "unknown type notation {quoted}: inside `{OPTIONAL_NULLABLE_OPEN}]` a type is a code span (`` `string` ``) or a link"
                ));
            }
        };
        if ty.pointer {
            return Err(format!(
                "{quoted} holds a pointer: the type inside `{OPTIONAL_NULLABLE_OPEN}]` is written without `*`"
            ));
        }
        // Optional, as a pointer is: `Option<T>` in Rust, which reads `null` as `None`.
        return Ok(FieldType { pointer: true, notation: TypeNotation::OptionalNullable(inner_notation), ..ty });
    }
    let (wrappers, core) = strip_wrappers(cell);
    if let Some(inner) = core.strip_prefix('[') {
        let Some((label, rest)) = inner.split_once("](") else {
            return Err(format!("unknown type notation {quoted}"));
        };
        let Some(url) = rest.strip_suffix(')') else {
            return Err(format!("unknown type notation {quoted}: the link is not closed"));
        };
        let link = link.unwrap_or(url);
        let (pointer, name) = match label.strip_prefix('*') {
            Some(n) => (true, n),
            None => (false, label),
        };
        let base = parse_base(name, Some(link)).map_err(|e| format!("{e} (in {quoted})"))?;
        if matches!(base, BaseType::Primitive(_)) {
            return Err(format!("{quoted} links a primitive type; write it as `*{name}*`"));
        }
        return Ok(FieldType { wrappers, pointer, base, notation: TypeNotation::Link });
    }
    let (inner, notation) = if let Some(inner) = core.strip_prefix('`').and_then(|c| c.strip_suffix('`')) {
        (inner, TypeNotation::Code)
    } else if let Some(inner) = core.strip_prefix('*').and_then(|c| c.strip_suffix('*')) {
        (inner, TypeNotation::Emphasis)
    } else {
        return Err(format!("unknown type notation {quoted}"));
    };
    let (pointer, name) = match inner.strip_prefix('*') {
        Some(n) => (true, n),
        None => (false, inner),
    };
    let unwrapped = strip_wrappers(name).1;
    if notation == TypeNotation::Code && unwrapped.len() < name.len() {
        // `*[]string` is an optional list: the docs write it `[]`string``, a list being no
        // pointer in their notation (the Required column says it is optional). A pointer
        // inside the wrappers (`[]*string`) stays with its type.
        let (inner_wrappers, base) = name.split_at(name.len() - unwrapped.len());
        let outer = &cell[..cell.len() - core.len()];
        let written = code(&format!("{outer}{inner_wrappers}`{base}`"));
        let message = if pointer {
            format!(
                "{quoted} has `*{inner_wrappers}` inside the code span: the docs write {written}, with `{inner_wrappers}` before the span and no `*` (a list or a map is never a pointer; the Required column says whether the field is optional)"
            )
        } else {
            format!(
                "{quoted} has `{inner_wrappers}` inside the code span: the docs write it before the span, {written}"
            )
        };
        return Err(message);
    }
    let base =
        parse_base(name, None).map_err(|e| match did_you_mean(name, Primitive::ALL.iter().map(|p| p.go_name())) {
            Some(s) => format!("{e}; did you mean `{s}`?"),
            None => e,
        })?;
    Ok(FieldType { wrappers, pointer, base, notation })
}

fn read_values(text: &str, span: Span, rest: &[Block], section: &Block, errors: &mut Vec<Diagnostic>) -> Option<Enum> {
    let (rows, _) = section_table(text, span, rest, section, errors)?;
    let columns = check_header(text, span, rows, &[&["Name", "Value"]], errors)?;
    let mut values = Vec::new();
    for row in &rows[1..] {
        if !check_row_width(text, span, row_range(text, row), columns, errors) {
            continue;
        }
        let (name_range, name_cell) = cell(text, &row[0]);
        let Some(name) = name_cell.strip_prefix('`').and_then(|n| n.strip_suffix('`')).filter(|n| !n.is_empty()) else {
            errors.push(
                Diagnostic::error(span.within(name_range), format!("unexpected value name cell `{name_cell}`"))
                    .with_label("expected a constant name in backticks, e.g. `` `TokenTypeJwt` ``"),
            );
            continue;
        };
        let (_, value) = cell(text, &row[1]);
        values.push(EnumValue {
            name: name.to_owned(),
            value,
            span: span.within(name_range),
            rust_name: String::new(),
        });
    }
    Some(Enum { values, usage: None, unknown_variant: String::new() })
}

fn read_union(
    text: &str,
    span: Span,
    union: &str,
    namespace: &str,
    rest: &[Block],
    errors: &mut Vec<Diagnostic>,
) -> Option<Union> {
    let mut variants = Vec::new();
    let mut i = 0;
    // What the docs emitter writes for a union with a discriminator (see `DISCRIMINATOR_*`).
    let paragraph =
        |b: Option<&Block>| b.filter(|b| matches!(b.kind, BlockKind::Other)).map(|b| text[b.range.clone()].trim());
    let mut discriminator = None;
    if let Some(line) = paragraph(rest.first())
        && let Some(prop) = line.strip_prefix(DISCRIMINATOR_INTRO).and_then(|l| l.strip_suffix(DISCRIMINATOR_OUTRO))
    {
        discriminator = Some(prop.to_owned());
        i = 1;
    }
    let mut switch_at = None;
    while i < rest.len() {
        let block = &rest[i];
        if matches!(block.kind, BlockKind::Heading(HeadingLevel::H2))
            && heading_text(text, block) == UNION_SWITCH_HEADING
        {
            switch_at = Some(i);
            break;
        }
        if !matches!(block.kind, BlockKind::Heading(HeadingLevel::H3)) {
            errors.push(
                Diagnostic::error(
                    span.within(
                        block.range.start..block.range.start + text[block.range.clone()].trim_end().len().min(200),
                    ),
                    "unexpected content in `## Supported Types`",
                )
                .with_label("expected `### TypeName` followed by a ```go block"),
            );
            return None;
        }
        let heading = text[block.range.clone()].trim_end().trim_start_matches('#').trim();
        let mut tag = None;
        if let (Some(prop), Some(line)) = (&discriminator, paragraph(rest.get(i + 1)))
            && let Some(value) = line.strip_prefix(&format!("`{prop}`: `")).and_then(|l| l.strip_suffix('`'))
        {
            tag = Some(value.to_owned());
            i += 1;
        }
        let Some(Block { kind: BlockKind::CodeBlock { content }, range: code_range }) = rest.get(i + 1) else {
            errors.push(
                Diagnostic::error(
                    span.within(block.range.start..block.range.start + text[block.range.clone()].trim_end().len()),
                    format!("variant `{heading}` has no code block"),
                )
                .with_label("expected a ```go block after this heading"),
            );
            return None;
        };
        let code = text.get(content.clone()).unwrap_or("").trim();
        match parse_constructor(code, union, namespace) {
            Ok((name, ty)) => {
                // A model is listed under its name; any other type under an empty heading. Whether
                // `types.Date` is a model is known only once the settings are read: the checker
                // holds an empty heading to the resolved type (`VariantHeading::Empty`).
                let model_name = match &ty.base {
                    BaseType::Model { name, .. } if ty.wrappers.is_empty() => Some(name.name.as_str()),
                    _ => None,
                };
                if !heading.is_empty() && model_name != Some(heading) {
                    let expected = match model_name {
                        Some(m) => format!("`### {m}`"),
                        None => "an empty heading (`### `), as for every variant that is not a model".to_owned(),
                    };
                    errors.push(
                        Diagnostic::error(
                            span.within(code_range.clone()),
                            format!("variant heading `{heading}` does not match the constructor's type `{}`", go_type(&ty)),
                        )
                        .with_label(format!("expected {expected}")),
                    );
                }
                // A variant is pointed at by its heading, or, where that is empty, by its constructor.
                let at = if heading.is_empty() {
                    let line = text[content.clone()].trim().lines().next().unwrap_or("");
                    let start = content.start + text[content.clone()].find(line).unwrap_or(0);
                    start..start + line.len()
                } else {
                    block.range.start..block.range.start + text[block.range.clone()].trim_end().len()
                };
                variants.push(UnionVariant {
                    name,
                    ty,
                    span: span.within(at),
                    tag,
                    boxed: false,
                    heading: if heading.is_empty() { VariantHeading::Empty } else { VariantHeading::Named },
                });
            }
            Err(msg) => errors.push(Diagnostic::error(span.within(code_range.clone()), msg).with_label(format!(
                "expected `x := {namespace}.Create{union}Variant({namespace}.Type{{/* values here */}})`, or a Go type such as `string{{/* values here */}}`"
            ))),
        }
        i += 2;
    }
    if variants.is_empty() {
        errors.push(
            Diagnostic::error(span, format!("union `{union}` lists no supported types"))
                .with_label("expected at least one `### TypeName`"),
        );
    }
    let switch = match switch_at {
        Some(at) => Some(read_switch(text, span, union, namespace, &rest[at..], &variants, errors)?),
        None => None,
    };
    Some(Union { variants, discriminator, switch })
}

/// A union's `## Union Discrimination` section (`blocks`: its heading, a sentence, a ```go
/// `switch` with a case per variant): read, then checked by writing it back from the variants.
fn read_switch(
    text: &str,
    span: Span,
    union: &str,
    namespace: &str,
    blocks: &[Block],
    variants: &[UnionVariant],
    errors: &mut Vec<Diagnostic>,
) -> Option<UnionSwitch> {
    let heading = &blocks[0];
    let what = format!("`## {UNION_SWITCH_HEADING}`");
    let (code, content) = section_snippet(text, span, blocks, &what, errors)?;
    let switch = read_union_switch(text.get(content).unwrap_or(""));
    let found = text[heading.range.start..code.range.end].trim_end();
    let expected = union_switch_section(union, namespace, variants, &switch);
    check_section(span, heading.range.start, found, &expected, &what, errors).then_some(switch)
}

/// Parses `x := shared.CreateUnionVariant(ns.Type{/* values here */})` into the variant name and
/// type; the type may be any of the notation's (`string`, `[]int64`, `map[string]string`).
fn parse_constructor(code: &str, union: &str, namespace: &str) -> Result<(String, FieldType), String> {
    let call = code.split_once(":=").map(|(_, c)| c.trim()).ok_or("the variant's code block is not `x := ...`")?;
    let prefix = format!("{namespace}.Create{union}");
    let after = call.strip_prefix(&prefix).ok_or_else(|| format!("the constructor does not start with `{prefix}`"))?;
    let (variant, arg) = after.split_once('(').ok_or("the constructor has no argument")?;
    let arg = arg.strip_suffix(')').ok_or("the constructor call is not closed")?;
    let ty = arg.strip_suffix("{/* values here */}").ok_or("the argument is not `Type{/* values here */}`")?;
    if !is_identifier(variant) {
        return Err(format!("`{call}` does not name a variant"));
    }
    if ty.starts_with('*') || ty.trim() != ty {
        return Err(format!("`{ty}` is not a type a variant can hold: expected a Go type without `*`"));
    }
    let ty = parse_go_type(ty)?;
    Ok((variant.to_owned(), ty))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn trim_is_str_trim(text in "[ \t\u{b}\u{a0}\u{3000}a|é]{0,40}") {
            prop_assert_eq!(super::trim(&text), text.trim());
        }

        #[test]
        fn trim_is_str_trim_for_padded_cells(pad in " {0,30}", text in "[ \u{a0}a]{0,4}", tail in " {0,30}") {
            let cell = format!("{pad}{text}{tail}");
            prop_assert_eq!(super::trim(&cell), cell.trim());
            // The cell's text is where it stands (a blank cell's at its end), in a row.
            let row = format!("|{cell}|");
            let (range, _) = super::cell(&row, &(1..row.len() - 1));
            let start = 1 + cell.len() - cell.trim_start().len();
            prop_assert_eq!(range, start..start + cell.trim().len());
        }
    }
}
