//! How the Rust constructs the emitter writes are laid out: attributes, `use` lists, types,
//! item and function heads, blocks, match arms, arrays. Each builds the tokens prettyplease's
//! printer would build for the same construct, so [`super::pretty`] lays it out the same way.

use super::pretty::{Doc, INDENT};

/// `use path::Name;` or `use path::{A, B};`, breaking the braces as prettyplease does.
pub(super) fn use_group(d: &mut Doc, path: &str, names: &[&str]) {
    d.word("use ");
    d.word(path);
    d.word("::");
    if let [name] = names {
        d.word(name);
    } else {
        d.cbox(INDENT);
        d.word("{");
        d.zerobreak();
        d.ibox(0);
        for (i, name) in names.iter().enumerate() {
            d.word(name);
            if i + 1 < names.len() {
                d.word(",");
                d.space();
            }
        }
        d.end();
        d.trailing_comma(true);
        d.offset(-INDENT);
        d.word("}");
        d.end();
    }
    d.word(";");
    d.hardbreak();
}

/// A token of an attribute's arguments, laid out by the rules prettyplease applies to them.
pub(super) enum Tt {
    Ident(String),
    Punct(char),
    Literal(String),
    /// `(`, `[` or `{` and what it holds.
    Group(char, Vec<Tt>),
}

pub(super) fn ident(s: &str) -> Tt {
    Tt::Ident(s.to_owned())
}

/// A path (`a::b`) as attribute tokens.
pub(super) fn path_tokens(path: &str) -> Vec<Tt> {
    let mut out = Vec::new();
    for (i, segment) in path.split("::").enumerate() {
        if i > 0 {
            out.extend([Tt::Punct(':'), Tt::Punct(':')]);
        }
        out.push(ident(segment));
    }
    out
}

/// `#[cfg_attr(feature = "...", path(args))]`.
pub(super) fn feature_gated_attr(d: &mut Doc, feature: &str, path: &str, args: Vec<Tt>) {
    let mut tokens = key_str("feature", feature);
    tokens.push(Tt::Punct(','));
    tokens.push(ident(path));
    tokens.push(Tt::Group('(', args));
    outer_attr(d, "cfg_attr", Some(&tokens));
}

/// `key = "value"`.
pub(super) fn key_str(key: &str, value: &str) -> Vec<Tt> {
    vec![ident(key), Tt::Punct('='), Tt::Literal(str_literal(value))]
}

/// Arguments separated by commas.
pub(super) fn comma_list(args: Vec<Vec<Tt>>) -> Vec<Tt> {
    let mut out = Vec::new();
    for (i, arg) in args.into_iter().enumerate() {
        if i > 0 {
            out.push(Tt::Punct(','));
        }
        out.extend(arg);
    }
    out
}

/// A Rust string literal, escaped as `proc_macro2::Literal::string` escapes it.
pub(super) fn str_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    // Printable ASCII other than `"` and `\` goes as it is, in runs.
    let plain = s.bytes().take_while(|&b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\').count();
    out.push_str(&s[..plain]);
    let mut chars = s[plain..].chars();
    while let Some(c) = chars.next() {
        match c {
            '\0' if chars.as_str().starts_with(|n: char| ('0'..='7').contains(&n)) => out.push_str("\\x00"),
            '\0' => out.push_str("\\0"),
            '\'' => out.push(c),
            _ => out.extend(c.escape_debug()),
        }
    }
    out.push('"');
    out
}

/// `#[path(args)]` (or `#[path]` without arguments), then a break.
pub(super) fn outer_attr(d: &mut Doc, path: &str, args: Option<&[Tt]>) {
    d.word("#[");
    d.word(path);
    if let Some(args) = args {
        attr_group(d, args);
    }
    d.word("]");
    d.space();
}

pub(super) fn inner_attr(d: &mut Doc, path: &str, args: &[Tt]) {
    d.word("#![");
    d.word(path);
    attr_group(d, args);
    d.word("]");
    d.space();
}

#[derive(Clone, Copy, PartialEq)]
enum AttrState {
    Word,
    Punct,
    TrailingComma,
}

/// The parenthesised arguments of an attribute.
fn attr_group(d: &mut Doc, args: &[Tt]) {
    let mut state = AttrState::Word;
    attr_token(d, &Tt::Group('(', Vec::new()), args, &mut state);
}

fn attr_token(d: &mut Doc, token: &Tt, group_items: &[Tt], state: &mut AttrState) {
    let Tt::Group(open, _) = token else { unreachable!("only groups hold tokens") };
    match open {
        '(' => {
            d.word("(");
            d.cbox(INDENT);
            d.zerobreak();
        }
        '[' => d.word("["),
        _ => d.word("{"),
    }
    *state = AttrState::Punct;
    for (i, tt) in group_items.iter().enumerate() {
        match tt {
            Tt::Ident(s) | Tt::Literal(s) => {
                if *state == AttrState::Word {
                    d.space();
                }
                d.word(s);
                *state = AttrState::Word;
            }
            Tt::Punct(c) => {
                if *state == AttrState::Word && *c == '=' {
                    d.nbsp();
                }
                if *c == ',' && i + 1 == group_items.len() {
                    d.trailing_comma(true);
                    *state = AttrState::TrailingComma;
                } else {
                    let mut buf = [0; 4];
                    d.word(c.encode_utf8(&mut buf));
                    if *c == '=' {
                        d.nbsp();
                    } else if *c == ',' {
                        d.space();
                    }
                    *state = AttrState::Punct;
                }
            }
            Tt::Group(_, items) => attr_token(d, tt, items, state),
        }
    }
    match open {
        '(' => {
            if *state != AttrState::TrailingComma {
                d.zerobreak();
            }
            d.offset(-INDENT);
            d.end();
            d.word(")");
        }
        '[' => d.word("]"),
        _ => d.word("}"),
    }
    *state = AttrState::Punct;
}

/// `///` lines for a text.
pub(super) fn doc_comment(d: &mut Doc, text: &str) {
    for line in text.trim_end().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            d.word("///");
        } else {
            let start = d.start_word();
            d.text_mut().push_str("/// ");
            d.text_mut().push_str(line);
            d.finish_word(start);
        }
        d.hardbreak();
    }
}

/// Opens `pub struct Name {` / `pub enum Name {`.
pub(super) fn open_body(d: &mut Doc, keyword: &str, name: &str) {
    d.cbox(INDENT);
    d.word("pub ");
    d.word(keyword);
    d.word(name);
    d.nbsp();
    d.word("{");
    d.hardbreak_if_nonempty();
}

/// `(a, b)` after a function's name, one argument a line if they do not fit.
pub(super) fn call_args(d: &mut Doc, args: &[&str]) {
    d.word("(");
    d.cbox(INDENT);
    d.zerobreak();
    for (i, arg) in args.iter().enumerate() {
        d.word(arg);
        d.trailing_comma(i + 1 == args.len());
    }
    d.offset(-INDENT);
    d.end();
    d.word(")");
}

/// `path(args)` followed by `suffix` (`?` or nothing), as a statement: laid out in the box
/// prettyplease puts around an expression statement.
pub(super) fn call_stmt(d: &mut Doc, path: &str, args: &[&str], suffix: &str) {
    d.ibox(0);
    d.word(path);
    call_args(d, args);
    d.word(suffix);
    d.word(";");
    d.end();
    d.hardbreak();
}

/// `let pattern = path(args)` followed by `suffix` (`?` or nothing) and `;`: laid out as
/// prettyplease lays out a `let` with an initializer.
pub(super) fn let_call(d: &mut Doc, pattern: &str, path: &str, args: &[&str], suffix: &str) {
    d.ibox(0);
    d.word("let ");
    d.word(pattern);
    d.word(" = ");
    d.neverbreak();
    d.word(path);
    call_args(d, args);
    d.word(suffix);
    d.end();
    d.word(";");
    d.hardbreak();
}

/// A Rust type: a path whose segments may take type arguments (`a::B<C, D<E>>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustType {
    leading_colon: bool,
    segments: Vec<(String, Vec<RustType>)>,
}

impl RustType {
    /// A path without type arguments.
    pub(super) fn path(path: &str) -> Self {
        let segments = path.split("::").map(|s| (s.to_owned(), Vec::new())).collect();
        RustType { leading_colon: false, segments }
    }

    /// A path whose last segment takes these type arguments.
    pub(super) fn generic(path: &str, args: Vec<RustType>) -> Self {
        let mut ty = Self::path(path);
        ty.segments.last_mut().expect("a path has a segment").1 = args;
        ty
    }

    /// Reads a type path such as `chrono::DateTime<chrono::Utc>`; `None` if the text is not one.
    pub fn parse(text: &str) -> Option<RustType> {
        let mut rest = text.trim_start();
        let ty = Self::parse_from(&mut rest)?;
        rest.trim_start().is_empty().then_some(ty)
    }

    fn parse_from(rest: &mut &str) -> Option<RustType> {
        fn eat(rest: &mut &str, token: &str) -> bool {
            let trimmed = rest.trim_start();
            match trimmed.strip_prefix(token) {
                Some(after) => {
                    *rest = after;
                    true
                }
                None => false,
            }
        }
        let leading_colon = eat(rest, "::");
        let mut segments = Vec::new();
        loop {
            let trimmed = rest.trim_start();
            let raw = trimmed.starts_with("r#");
            let body = if raw { &trimmed[2..] } else { trimmed };
            let len = body.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(body.len());
            let name = &body[..len];
            let valid = name.starts_with(|c: char| c.is_alphabetic() || c == '_')
                && name != "_"
                && (raw || !is_reserved(name) || matches!(name, "crate" | "self" | "super" | "Self"));
            if !valid {
                return None;
            }
            *rest = &body[len..];
            let name = if raw { format!("r#{name}") } else { name.to_owned() };
            let mut args = Vec::new();
            if eat(rest, "<") {
                loop {
                    args.push(Self::parse_from(rest)?);
                    if eat(rest, ",") {
                        if eat(rest, ">") {
                            break;
                        }
                    } else if eat(rest, ">") {
                        break;
                    } else {
                        return None;
                    }
                }
            }
            segments.push((name, args));
            if !eat(rest, "::") {
                break;
            }
        }
        Some(RustType { leading_colon, segments })
    }

    pub(super) fn print(&self, d: &mut Doc) {
        for (i, (name, args)) in self.segments.iter().enumerate() {
            if i > 0 || self.leading_colon {
                d.word("::");
            }
            d.word(name);
            if !args.is_empty() {
                d.word("<");
                d.cbox(INDENT);
                d.zerobreak();
                for (j, arg) in args.iter().enumerate() {
                    arg.print(d);
                    d.trailing_comma(j + 1 == args.len());
                }
                d.offset(-INDENT);
                d.end();
                d.word(">");
            }
        }
    }
}

/// Keywords that cannot name a path segment.
fn is_reserved(word: &str) -> bool {
    matches!(
        word,
        "as" | "break"
            | "const"
            | "continue"
            | "crate"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "gen"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
    )
}

/// `fn name(args) -> ret {`, the arguments one a line if the line would be too long; the body
/// follows a line at a time, and `close_block` ends it.
pub(super) fn open_fn(d: &mut Doc, head: &str, args: &[&str], ret: &'static str) {
    d.cbox(INDENT);
    d.word(head);
    d.word("(");
    d.neverbreak();
    d.cbox(0);
    d.zerobreak();
    for (i, arg) in args.iter().enumerate() {
        d.word(arg);
        d.trailing_comma(i + 1 == args.len());
    }
    d.offset(-INDENT);
    d.end();
    d.word(")");
    d.cbox(-INDENT);
    d.word(" -> ");
    // The few return types there are, each parsed once per thread.
    thread_local! {
        static PARSED: std::cell::RefCell<Vec<(&'static str, Option<RustType>)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    PARSED.with_borrow_mut(|parsed| {
        let i = parsed.iter().position(|(text, _)| *text == ret).unwrap_or_else(|| {
            parsed.push((ret, RustType::parse(ret)));
            parsed.len() - 1
        });
        match &parsed[i].1 {
            Some(ty) => ty.print(d),
            None => d.word(ret),
        }
    });
    d.end();
    d.nbsp();
    d.word("{");
    d.hardbreak();
}

/// `impl Name {` or `impl Trait for Name {` (`<'de>` after `impl` when the trait takes it).
pub(super) fn open_impl(d: &mut Doc, trait_: Option<&str>, name: &str) {
    d.cbox(INDENT);
    d.ibox(-INDENT);
    d.cbox(INDENT);
    d.word(if trait_.is_some_and(|t| t.contains("'de")) { "impl<'de>" } else { "impl" });
    d.end();
    d.nbsp();
    if let Some(t) = trait_ {
        d.word(t);
        d.space();
        d.word("for ");
    }
    d.word(name);
    d.end();
    d.nbsp();
    d.word("{");
    d.hardbreak();
}

/// After a `{` that ends a line: what follows, a line at a time, is indented one level.
pub(super) fn open_block(d: &mut Doc) {
    d.cbox(INDENT);
    d.hardbreak();
}

/// Ends what `open_block`, `open_body`, `open_fn` or `open_impl` opened: the closing text goes
/// on a line of its own at the outer level.
pub(super) fn close_block(d: &mut Doc, close: &str) {
    d.offset(-INDENT);
    d.end();
    d.word(close);
    d.hardbreak();
}

/// `pattern => body,` (a line of its own).
pub(super) fn arm(d: &mut Doc, pattern: &str, body: &str) {
    d.ibox(0);
    d.word(pattern);
    d.word(" => ");
    d.arm_body(body);
    d.end();
    d.hardbreak();
}

/// `Name(Type)`, inside a box of its own as prettyplease prints it.
pub(super) fn tuple_variant(d: &mut Doc, name: &str, ty: &RustType) {
    d.word(name);
    d.cbox(INDENT);
    d.word("(");
    d.zerobreak();
    ty.print(d);
    d.trailing_comma(true);
    d.offset(-INDENT);
    d.word(")");
    d.end();
}

/// `const HEAD = value;` (`head` ends with ` = `), the value laid out by `value`.
pub(super) fn const_item(d: &mut Doc, head: &str, value: impl FnOnce(&mut Doc)) {
    d.cbox(0);
    d.word(head);
    d.neverbreak();
    value(d);
    d.word(";");
    d.end();
    d.hardbreak();
}

/// `[a, b, c]` for an array of string literals (or of references to such arrays), one element a
/// line when it does not fit.
pub(super) fn str_array(d: &mut Doc, len: usize, mut element: impl FnMut(&mut Doc, usize)) {
    if len == 0 {
        d.word("[]");
        return;
    }
    d.word("[");
    d.cbox(INDENT);
    d.zerobreak();
    for i in 0..len {
        element(d, i);
        d.trailing_comma(i + 1 == len);
    }
    d.offset(-INDENT);
    d.end();
    d.word("]");
}

#[cfg(test)]
mod tests {
    use super::RustType;

    #[test]
    fn type_paths_parse_and_anything_else_does_not() {
        for ok in ["String", "chrono::DateTime<chrono::Utc>", "::std::vec::Vec<u8>", "a::B<C, D<E>,>", "r#type::X"] {
            assert!(RustType::parse(ok).is_some(), "{ok}");
        }
        for bad in ["", "a::", "Vec<", "Vec<u8", "a b", "fn", "a::type", "Vec<u8>>", "&str", "1x", "a<>"] {
            assert!(RustType::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn string_literals_escape_as_proc_macro2_does() {
        assert_eq!(super::str_literal("a\"b\\c'd\n\0e\u{0}1"), r#""a\"b\\c'd\n\0e\x001""#);
    }
}
