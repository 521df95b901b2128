//! The layout engine of the Rust emitter: Oppen's pretty-printing algorithm with the margin,
//! indent and break rules of prettyplease (itself adapted from rustc's `pp.rs`), so that the
//! emitter writes formatted text directly instead of building tokens, parsing them back and
//! printing the syntax tree. `tests/rust_layout.rs` checks that prettyplease leaves every file
//! this produces unchanged.
//!
//! A document is a flat list of tokens: text, breaks (a place where the line may end) and boxes
//! (`Begin` .. `End`). A box that fits in the rest of the line is printed on it; a box that does
//! not is broken: a consistent box breaks at all of its own breaks, an inconsistent one only
//! where the next piece would not fit.

/// Widest line, as prettyplease counts it (bytes, including the indent).
const MARGIN: isize = 89;
/// A line deep in indentation still gets this much room.
const MIN_SPACE: isize = 60;
/// Blank space of a break that always breaks.
const HARD: usize = 0xffff;
pub const INDENT: isize = 4;

#[derive(Clone, Copy)]
struct Break {
    offset: isize,
    blank: usize,
    /// Printed before the line end if the break breaks (a trailing comma).
    pre_break: Option<char>,
    /// Dropped if it ends up last in its box.
    if_nonempty: bool,
    /// Never breaks (an empty break that only ends a size measurement).
    never_break: bool,
    /// Printed after the line end if the break breaks.
    post_break: &'static str,
    /// Printed instead of the blank space if the break does not break.
    no_break: Option<char>,
}

impl Break {
    const fn new(blank: usize) -> Self {
        Break {
            offset: 0,
            blank,
            pre_break: None,
            if_nonempty: false,
            never_break: false,
            post_break: "",
            no_break: None,
        }
    }
}

#[derive(Clone, Copy)]
enum Token {
    /// A range of `Doc::text`.
    Text(u32, u32),
    Break(Break),
    Begin {
        offset: isize,
        consistent: bool,
    },
    End,
    /// Prints nothing but counts as wider than any line: the box around it breaks.
    Force,
}

/// A document being built; `print` lays it out.
#[derive(Default)]
pub struct Doc {
    text: String,
    tokens: Vec<Token>,
}

impl Doc {
    pub fn new() -> Self {
        // Room for a typical model file, so the buffers rarely grow.
        Doc { text: String::with_capacity(8 << 10), tokens: Vec::with_capacity(2 << 10) }
    }

    pub fn word(&mut self, s: &str) {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        self.tokens.push(Token::Text(start, self.text.len() as u32));
    }

    /// A word written in pieces: `start_word`, then `self.text` pushes, then `finish_word`.
    pub fn start_word(&mut self) -> u32 {
        self.text.len() as u32
    }

    pub fn text_mut(&mut self) -> &mut String {
        &mut self.text
    }

    pub fn finish_word(&mut self, start: u32) {
        self.tokens.push(Token::Text(start, self.text.len() as u32));
    }

    pub fn nbsp(&mut self) {
        self.word(" ");
    }

    fn brk(&mut self, blank: usize, pre_break: Option<char>, if_nonempty: bool) {
        self.tokens.push(Token::Break(Break { pre_break, if_nonempty, ..Break::new(blank) }));
    }

    pub fn neverbreak(&mut self) {
        self.tokens.push(Token::Break(Break { never_break: true, ..Break::new(0) }));
    }

    /// A match arm's body: `pattern => body,` on one line, or, if it does not fit,
    /// `pattern => {`, the body indented on a line of its own, and `}`.
    pub fn arm_body(&mut self, body: &str) {
        self.neverbreak();
        self.cbox(INDENT);
        self.tokens.push(Token::Break(Break { pre_break: Some('{'), ..Break::new(0) }));
        self.word(body);
        self.tokens.push(Token::Break(Break {
            offset: -INDENT,
            post_break: "}",
            no_break: Some(','),
            ..Break::new(0)
        }));
        self.end();
    }

    /// A word followed by a line end.
    pub fn line(&mut self, s: &str) {
        self.word(s);
        self.hardbreak();
    }

    pub fn space(&mut self) {
        self.brk(1, None, false);
    }

    pub fn zerobreak(&mut self) {
        self.brk(0, None, false);
    }

    pub fn hardbreak(&mut self) {
        self.brk(HARD, None, false);
    }

    pub fn hardbreak_if_nonempty(&mut self) {
        self.brk(HARD, None, true);
    }

    pub fn space_if_nonempty(&mut self) {
        self.brk(1, None, true);
    }

    /// `,` and a space between items; for the last, a space, or a comma if the list breaks.
    pub fn trailing_comma_or_space(&mut self, is_last: bool) {
        if is_last {
            self.brk(1, Some(','), false);
        } else {
            self.word(",");
            self.space();
        }
    }

    /// `,` and a space between items; for the last, a comma only if the list breaks.
    pub fn trailing_comma(&mut self, is_last: bool) {
        if is_last {
            self.brk(0, Some(','), false);
        } else {
            self.word(",");
            self.space();
        }
    }

    pub fn cbox(&mut self, offset: isize) {
        self.tokens.push(Token::Begin { offset, consistent: true });
    }

    pub fn ibox(&mut self, offset: isize) {
        self.tokens.push(Token::Begin { offset, consistent: false });
    }

    /// Shifts the indent of the break just written (the line after it starts further left).
    pub fn offset(&mut self, offset: isize) {
        if let Some(Token::Break(b)) = self.tokens.last_mut() {
            b.offset += offset;
        }
    }

    pub fn end(&mut self) {
        let n = self.tokens.len();
        if let Some(&Token::Break(b)) = self.tokens.last() {
            // An empty box vanishes; a break that asked to be dropped at the end of its box is.
            if n >= 2 && matches!(self.tokens[n - 2], Token::Begin { .. }) {
                self.tokens.truncate(n - 2);
                return;
            }
            if b.if_nonempty {
                self.tokens.pop();
            }
        }
        self.tokens.push(Token::End);
    }

    /// Ends a box, first forcing it to break if it is already wider than `max`.
    pub fn end_with_max_width(&mut self, max: isize) {
        let mut depth = 0;
        let mut width = 0;
        for token in self.tokens.iter().rev() {
            match *token {
                Token::Text(start, end) => width += (end - start) as isize,
                Token::Break(b) => width += b.blank as isize,
                Token::Force => width += HARD as isize,
                Token::End => depth += 1,
                Token::Begin { .. } if depth == 0 => break,
                Token::Begin { .. } => depth -= 1,
            }
        }
        if width > max {
            self.tokens.push(Token::Force);
        }
        self.end();
    }

    /// Lays the document out.
    pub fn print(&self) -> String {
        let sizes = self.sizes();
        let mut p = Printer {
            out: String::with_capacity(self.text.len() + self.text.len() / 2),
            space: MARGIN,
            stack: Vec::new(),
            indent: 0,
            pending_indent: 0,
        };
        for (token, &size) in self.tokens.iter().zip(&sizes) {
            match *token {
                Token::Text(start, end) => p.text(&self.text[start as usize..end as usize]),
                Token::Break(b) => p.brk(b, size),
                Token::Begin { offset, consistent } => p.begin(offset, consistent, size),
                Token::End => {
                    if let Some(Frame::Broken(indent)) | Some(Frame::BrokenInconsistent(indent)) = p.stack.pop() {
                        p.indent = indent;
                    }
                }
                Token::Force => {}
            }
        }
        p.out
    }

    /// The size of each box and break: the width of everything from it to the next break at its
    /// own level or an outer one (so the text after a box, up to where the line could end, counts
    /// with the box). Texts and ends get 0.
    fn sizes(&self) -> Vec<isize> {
        let mut sizes = vec![0isize; self.tokens.len()];
        // Boxes and breaks whose size is not known yet, with their start and level. Levels never
        // decrease from bottom to top.
        let mut pending: Vec<(usize, isize, usize)> = Vec::new();
        let mut pos: isize = 0;
        let mut level = 0usize;
        for (i, token) in self.tokens.iter().enumerate() {
            match *token {
                Token::Text(start, end) => pos += (end - start) as isize,
                Token::Force => pos += HARD as isize,
                Token::Break(b) => {
                    while let Some(&(j, start, l)) = pending.last() {
                        if l < level {
                            break;
                        }
                        sizes[j] = pos - start;
                        pending.pop();
                    }
                    pending.push((i, pos, level));
                    pos += b.blank as isize;
                }
                Token::Begin { .. } => {
                    pending.push((i, pos, level));
                    level += 1;
                }
                Token::End => {
                    level = level.saturating_sub(1);
                    for entry in pending.iter_mut().rev() {
                        if entry.2 <= level {
                            break;
                        }
                        entry.2 = level;
                    }
                }
            }
        }
        for (j, start, _) in pending {
            sizes[j] = pos - start;
        }
        sizes
    }
}

#[derive(Clone, Copy)]
enum Frame {
    Fits,
    /// Broken, with the indent to restore at its end.
    Broken(usize),
    BrokenInconsistent(usize),
}

struct Printer {
    out: String,
    /// Room left on the line.
    space: isize,
    stack: Vec<Frame>,
    indent: usize,
    /// Indentation not written yet (so that no line ends in spaces).
    pending_indent: usize,
}

impl Printer {
    fn begin(&mut self, offset: isize, consistent: bool, size: isize) {
        if size > self.space {
            let saved = self.indent;
            self.indent = (self.indent as isize + offset).max(0) as usize;
            self.stack.push(if consistent { Frame::Broken(saved) } else { Frame::BrokenInconsistent(saved) });
        } else {
            self.stack.push(Frame::Fits);
        }
    }

    fn brk(&mut self, b: Break, size: isize) {
        let fits = b.never_break
            || match self.stack.last() {
                Some(Frame::Fits) => true,
                Some(Frame::Broken(_)) => false,
                // Outside any box counts as an inconsistent broken one.
                Some(Frame::BrokenInconsistent(_)) | None => size <= self.space,
            };
        if fits {
            self.pending_indent += b.blank;
            self.space -= b.blank as isize;
            if let Some(c) = b.no_break {
                self.out.push(c);
                self.space -= 1;
            }
        } else {
            if let Some(c) = b.pre_break {
                self.write_indent();
                self.out.push(c);
            }
            self.out.push('\n');
            let indent = (self.indent as isize + b.offset).max(0);
            self.pending_indent = indent as usize;
            self.space = (MARGIN - indent).max(MIN_SPACE);
            if !b.post_break.is_empty() {
                self.write_indent();
                self.out.push_str(b.post_break);
                self.space -= b.post_break.len() as isize;
            }
        }
    }

    fn text(&mut self, s: &str) {
        self.write_indent();
        self.out.push_str(s);
        self.space -= s.len() as isize;
    }

    fn write_indent(&mut self) {
        const SPACES: &str = "                                                                ";
        let mut n = self.pending_indent;
        while n > 0 {
            let k = n.min(SPACES.len());
            self.out.push_str(&SPACES[..k]);
            n -= k;
        }
        self.pending_indent = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(doc: &mut Doc, items: &[&str]) {
        doc.word("f(");
        doc.cbox(INDENT);
        doc.zerobreak();
        for (i, item) in items.iter().enumerate() {
            doc.word(item);
            doc.trailing_comma(i + 1 == items.len());
        }
        doc.offset(-INDENT);
        doc.end();
        doc.word(")");
    }

    #[test]
    fn a_box_that_fits_stays_on_one_line_and_one_that_does_not_breaks_at_every_break() {
        let mut doc = Doc::new();
        list(&mut doc, &["a", "b"]);
        assert_eq!(doc.print(), "f(a, b)");
        let long = "x".repeat(50);
        let mut doc = Doc::new();
        list(&mut doc, &[&long, &long]);
        assert_eq!(doc.print(), format!("f(\n    {long},\n    {long},\n)"));
    }

    #[test]
    fn text_after_a_box_counts_against_its_line() {
        // `f(` and 84 characters, then `)` and `)];` after the box: 90 columns, over the margin of 89.
        let item = "y".repeat(84);
        let mut doc = Doc::new();
        list(&mut doc, &[&item]);
        doc.word(")];");
        assert!(doc.print().starts_with("f(\n"));
        let mut doc = Doc::new();
        list(&mut doc, &[&item[..83]]);
        doc.word(")];");
        assert!(!doc.print().contains('\n'));
    }
}
