//! The one reporting layer: prints diagnostics with the offending snippet, like a compiler.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

use crate::diagnostic::{Diagnostic, Location, Severity};

/// True if stderr should be coloured: a terminal, and `NO_COLOR` unset or empty.
pub fn stderr_wants_color() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints every diagnostic to stderr, with snippets read from the files under `root`.
pub fn print(diagnostics: &[Diagnostic], root: &Path, color: bool) {
    let choice = if color {
        termcolor::ColorChoice::Always
    } else {
        termcolor::ColorChoice::Never
    };
    // Buffered: a large dossier can print thousands of reports, each written in many small pieces.
    let mut stream = termcolor::BufferedStandardStream::stderr(choice);
    emit(diagnostics, root, &mut stream);
    let _ = std::io::Write::flush(&mut stream);
}

/// The diagnostics as plain text, as `print` shows them without colour.
pub fn to_string(diagnostics: &[Diagnostic], root: &Path) -> String {
    let mut buffer = termcolor::NoColor::new(Vec::new());
    emit(diagnostics, root, &mut buffer);
    String::from_utf8_lossy(&buffer.into_inner()).into_owned()
}

fn emit(diagnostics: &[Diagnostic], root: &Path, out: &mut dyn termcolor::WriteColor) {
    let config = term::Config::default();
    let mut files = SimpleFiles::new();
    // Each file is read and indexed once: a large dossier can have thousands of warnings in one file.
    let mut ids: HashMap<&Path, Option<usize>> = HashMap::new();
    for d in diagnostics {
        let shown = d.display_path();
        let id = *ids.entry(d.file.as_path()).or_insert_with(|| {
            crate::load::text_as_loaded(&root.join(&d.file))
                .filter(|text| !text.is_empty())
                .map(|text| files.add(shown.clone(), text))
        });
        let mut report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_message(&d.message);
        match (&d.location, id) {
            (Some(loc), Some(id)) => {
                let text = files.get(id).map_or("", |f| f.source().as_str());
                let range = snippet_range(text, loc);
                let mut label = Label::primary(id, range);
                if let Some(l) = &d.label {
                    label = label.with_message(l);
                }
                report = report.with_labels(vec![label]);
            }
            (Some(loc), None) => {
                report = report.with_notes(vec![format!("at {shown}:{}:{}", loc.line, loc.column)]);
            }
            (None, _) => {
                report = report.with_notes(vec![format!(
                    "in {shown} (no line: the problem is the file or folder as a whole)"
                )]);
            }
        }
        let notes: Vec<String> = d.hints.iter().map(|h| format!("hint: {h}")).collect();
        report.notes.extend(notes);
        if term::emit(out, &config, &files, &report).is_err() {
            // Fall back to the one-line form if the snippet cannot be shown.
            let _ = writeln!(out, "{d}");
        }
    }
}

/// The byte range to underline for `loc` in `text`: within the text, on character boundaries, one line at
/// most, and never empty unless the text ends there. Whatever `loc` holds, the range can be sliced.
fn snippet_range(text: &str, loc: &Location) -> Range<usize> {
    let mut start = loc.start;
    if start == 0 && loc.line > 1 {
        start = Location::from_line_col(text, loc.line, loc.column).start;
    }
    let start = floor_boundary(text, start.min(text.len()));
    let mut end = ceil_boundary(text, loc.end.clamp(start, text.len()));
    if end == start {
        end = text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
    }
    // Underline one line at most: a long block scalar would drown the message.
    if let Some(nl) = text[start..end].find('\n') {
        end = ceil_boundary(text, start + nl.max(1));
    }
    start..end
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_location_gives_a_range_on_char_boundaries() {
        let text = "a: \"é€😀\"\nb: ü\n";
        for start in 0..text.len() + 4 {
            for end in 0..text.len() + 4 {
                for line in [0, 1, 2, 9] {
                    let loc = Location {
                        line,
                        column: 3,
                        start,
                        end,
                    };
                    let r = snippet_range(text, &loc);
                    assert!(r.start <= r.end && r.end <= text.len(), "{loc:?} -> {r:?}");
                    let _ = &text[r];
                }
            }
        }
    }

    #[test]
    fn a_bom_file_is_shown_as_loaded() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "\u{feff}title: é\nbad: [\n").unwrap();
        let text = "title: é\nbad: [\n";
        let at = text.find('[').unwrap();
        let d =
            Diagnostic::error("a.yaml", "unclosed").at(Some(Location::from_span(text, at, at + 1)));
        let shown = to_string(&[d], dir.path());
        assert!(shown.contains("a.yaml:2:6"), "{shown}");
        assert!(shown.contains("bad: ["), "{shown}");
    }

    proptest::proptest! {
        #[test]
        fn printing_never_panics_whatever_the_location(
            text in "\\PC{0,40}(\n\\PC{0,20}){0,3}",
            bom in proptest::bool::ANY,
            line in 0usize..8,
            column in 0usize..40,
            start in 0usize..200,
            len in 0usize..50,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let file = if bom { format!("\u{feff}{text}") } else { text.clone() };
            std::fs::write(dir.path().join("f.yaml"), file).unwrap();
            let d = Diagnostic::error("f.yaml", "m").at(Some(Location { line, column, start, end: start + len }));
            let shown = to_string(&[d], dir.path());
            proptest::prop_assert!(shown.contains("error: m"));
        }
    }
}
