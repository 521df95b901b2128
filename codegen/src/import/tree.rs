//! The spec as a tree of YAML nodes (JSON is read as YAML's flow form), each with its line and
//! column in the file, so that every message about the spec can say where it is about.

use serde_json::Value;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};

/// Where a node starts: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// Entries in the order written, each key with where it is.
    Map(Vec<(String, Pos, Node)>),
    Seq(Vec<Node>),
    /// A scalar and whether it was quoted (or a block scalar): a quoted scalar is a string, a
    /// plain one is typed by YAML's core schema (`true`, `3`, `null`).
    Scalar(String, bool),
}

/// A node count beyond which aliases are refused (a few anchors can expand to billions).
const MAX_NODES: usize = 5_000_000;

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[(String, Pos, Node)] {
        match &self.kind {
            Kind::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            Kind::Seq(items) => items,
            _ => &[],
        }
    }

    /// The text of a scalar (a string, or a number or boolean as written).
    pub fn str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn str_at(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::str)
    }

    pub fn bool_at(&self, key: &str) -> Option<bool> {
        match self.get(key)?.to_json() {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn number_at(&self, key: &str) -> Option<serde_json::Number> {
        match self.get(key)?.to_json() {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn u64_at(&self, key: &str) -> Option<u64> {
        self.number_at(key)?.as_u64()
    }

    /// The node as a JSON value, plain scalars typed as YAML 1.2's core schema types them.
    pub fn to_json(&self) -> Value {
        match &self.kind {
            Kind::Map(entries) => Value::Object(entries.iter().map(|(k, _, v)| (k.clone(), v.to_json())).collect()),
            Kind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Kind::Scalar(s, true) => Value::String(s.clone()),
            Kind::Scalar(s, false) => plain_scalar(s),
        }
    }
}

fn plain_scalar(s: &str) -> Value {
    match s {
        "null" | "Null" | "NULL" | "~" | "" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let numeric = s.trim_start_matches(['-', '+']);
    if numeric.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && let Ok(Value::Number(n)) = serde_json::from_str::<Value>(s.trim_start_matches('+'))
    {
        return Value::Number(n);
    }
    Value::String(s.to_owned())
}

/// A spec that is not YAML (or JSON): the message and where.
#[derive(Debug)]
pub struct ParseError {
    pub pos: Pos,
    pub message: String,
}

/// Parses the first document of `text`.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let mut parser = Parser::new_from_str(text);
    // Open collections: the node being built, and for a map the key waiting for its value.
    enum Open {
        Map(Pos, Vec<(String, Pos, Node)>, Option<(String, Pos)>),
        Seq(Pos, Vec<Node>),
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: Vec<(usize, Node)> = Vec::new();
    // The anchor id of each open collection (0: none).
    let mut open_anchors: Vec<usize> = Vec::new();
    let mut nodes = 0usize;
    let mut root: Option<Node> = None;
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| ParseError {
            pos: Pos { line: e.marker().line(), col: e.marker().col() + 1 },
            message: e.info().to_owned(),
        })?;
        let pos = Pos { line: span.start.line(), col: span.start.col() + 1 };
        let done: Option<(Node, usize)> = match event {
            Event::Scalar(text, style, anchor, _) => {
                let quoted = !matches!(style, ScalarStyle::Plain);
                Some((Node { pos, kind: Kind::Scalar(text.into_owned(), quoted) }, anchor))
            }
            Event::Alias(id) => {
                let Some((_, node)) = anchors.iter().rev().find(|(a, _)| *a == id) else {
                    return Err(ParseError { pos, message: "an alias of no anchor".to_owned() });
                };
                nodes += count(node);
                if nodes > MAX_NODES {
                    return Err(ParseError { pos, message: "aliases expand to too many nodes".to_owned() });
                }
                Some((node.clone(), 0))
            }
            Event::MappingStart(_, anchor, _) => {
                stack.push(Open::Map(pos, Vec::new(), None));
                open_anchors.push(anchor);
                None
            }
            Event::SequenceStart(_, anchor, _) => {
                stack.push(Open::Seq(pos, Vec::new()));
                open_anchors.push(anchor);
                None
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let anchor = open_anchors.pop().unwrap_or(0);
                match stack.pop() {
                    Some(Open::Map(pos, entries, _)) => Some((Node { pos, kind: Kind::Map(entries) }, anchor)),
                    Some(Open::Seq(pos, items)) => Some((Node { pos, kind: Kind::Seq(items) }, anchor)),
                    None => None,
                }
            }
            Event::DocumentEnd if root.is_some() => break,
            _ => None,
        };
        let Some((node, anchor)) = done else { continue };
        nodes += 1;
        if anchor != 0 {
            anchors.push((anchor, node.clone()));
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Open::Seq(_, items)) => items.push(node),
            Some(Open::Map(_, entries, key)) => match key.take() {
                Some((k, kpos)) => entries.push((k, kpos, node)),
                None => match &node.kind {
                    Kind::Scalar(k, _) => *key = Some((k.clone(), node.pos)),
                    _ => return Err(ParseError { pos: node.pos, message: "a key that is not a scalar".to_owned() }),
                },
            },
        }
    }
    root.ok_or(ParseError { pos: Pos { line: 1, col: 1 }, message: "the file holds no document".to_owned() })
}

fn count(node: &Node) -> usize {
    1 + match &node.kind {
        Kind::Map(entries) => entries.iter().map(|(_, _, v)| count(v)).sum(),
        Kind::Seq(items) => items.iter().map(count).sum(),
        Kind::Scalar(..) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_types() {
        let node = parse("a:\n  b: 3\n  c: \"3\"\n  d: [true, null]\n").unwrap();
        let a = node.get("a").unwrap();
        assert_eq!(a.get("b").unwrap().pos, Pos { line: 2, col: 6 });
        assert_eq!(a.get("b").unwrap().to_json(), serde_json::json!(3));
        assert_eq!(a.get("c").unwrap().to_json(), serde_json::json!("3"));
        assert_eq!(a.get("d").unwrap().to_json(), serde_json::json!([true, null]));
    }

    #[test]
    fn json_is_read() {
        let node = parse("{\"a\": {\"b\": 1.5}}").unwrap();
        assert_eq!(node.get("a").unwrap().get("b").unwrap().to_json(), serde_json::json!(1.5));
    }

    #[test]
    fn not_yaml_says_where() {
        let e = parse("a: [1, 2\nb: }").unwrap_err();
        assert!(e.pos.line >= 1, "{e:?}");
    }
}
