//! The diffs that check mode shows.

use std::fmt::Write as _;

use super::normalize;

/// What turns `old` into `new`, as `diff -u` shows it (with two lines of context), cut at 60 lines.
pub(super) fn unified_diff(old: &str, new: &str) -> String {
    use imara_diff::{Algorithm, Diff, Hunk, InternedInput, Token};
    /// Lines of context around each change.
    const CONTEXT: u32 = 2;
    let old = normalize(old);
    let new = normalize(new);
    let input = InternedInput::new(old.as_str(), new.as_str());
    let mut diff = Diff::compute(Algorithm::Histogram, &input);
    diff.postprocess_lines(&input);
    let hunks: Vec<Hunk> = diff.hunks().collect();
    let push_lines = |text: &mut String, sign: char, tokens: &[Token]| {
        for &t in tokens {
            let line = input.interner[t];
            text.push(sign);
            text.push_str(line);
            if !line.ends_with('\n') {
                text.push('\n');
            }
        }
    };
    let range = |start: u32, end: u32| match end - start {
        0 => format!("{start},0"),
        len => format!("{},{len}", start + 1),
    };
    let (before, after) = (&input.before, &input.after);
    let mut text = String::from("--- on disk\n+++ generated\n");
    // Changes closer than twice the context share a hunk, as `diff -u` prints them.
    let mut i = 0;
    while i < hunks.len() {
        let mut j = i;
        while j + 1 < hunks.len() && hunks[j + 1].before.start - hunks[j].before.end <= 2 * CONTEXT {
            j += 1;
        }
        let start = hunks[i].before.start.saturating_sub(CONTEXT);
        let end = (hunks[j].before.end + CONTEXT).min(before.len() as u32);
        let after_start = hunks[i].after.start - (hunks[i].before.start - start);
        let after_end = hunks[j].after.end + (end - hunks[j].before.end);
        let _ = writeln!(text, "@@ -{} +{} @@", range(start, end), range(after_start, after_end));
        let mut pos = start;
        for h in &hunks[i..=j] {
            push_lines(&mut text, ' ', &before[pos as usize..h.before.start as usize]);
            push_lines(&mut text, '-', &before[h.before.start as usize..h.before.end as usize]);
            push_lines(&mut text, '+', &after[h.after.start as usize..h.after.end as usize]);
            pos = h.before.end;
        }
        push_lines(&mut text, ' ', &before[pos as usize..end as usize]);
        i = j + 1;
    }
    const MAX_LINES: usize = 60;
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > MAX_LINES {
        format!("{}\n... ({} more lines)\n", lines[..MAX_LINES].join("\n"), lines.len() - MAX_LINES)
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn diffs_are_unified_with_two_lines_of_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
        let new = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
        let expected =
            "--- on disk\n+++ generated\n@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n d\n@@ -10,2 +10,3 @@\n j\n k\n+l\n";
        assert_eq!(super::unified_diff(old, new), expected);
        // Changes four lines apart or closer share a hunk; a last line without its newline gets one.
        let expected = "--- on disk\n+++ generated\n@@ -1,3 +1,3 @@\n-x\n+y\n a\n-b\n+c\n";
        assert_eq!(super::unified_diff("x\na\nb", "y\na\nc\n"), expected);
        assert_eq!(super::unified_diff("", "a\n"), "--- on disk\n+++ generated\n@@ -0,0 +1,1 @@\n+a\n");
    }
}
