//! Problems found in the content, each with the place it was found and a hint.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is: errors fail the build, warnings do not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the build.
    Error,
    /// Reported, but the build goes on.
    Warning,
}

/// A place in a content file: 1-based line and column, plus the byte span for underlining.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte offset of the start in the file.
    pub start: usize,
    /// Byte offset of the end in the file (exclusive).
    pub end: usize,
}

impl Location {
    /// The location of the byte range `start..end` in `text`.
    pub fn from_span(text: &str, start: usize, end: usize) -> Location {
        let start = floor_char_boundary(text, start.min(text.len()));
        let end = floor_char_boundary(text, end.clamp(start, text.len()));
        let before = &text[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..start].chars().count() + 1;
        Location {
            line,
            column,
            start,
            end,
        }
    }

    /// [`Location::from_span`] through `lines`, the index of `text`: without scanning the text before `start`.
    pub fn from_span_indexed(text: &str, lines: &LineIndex, start: usize, end: usize) -> Location {
        let start = floor_char_boundary(text, start.min(text.len()));
        let end = floor_char_boundary(text, end.clamp(start, text.len()));
        let line = lines.starts.partition_point(|&s| s <= start);
        let line_start = lines.starts[line - 1];
        Location {
            line,
            column: text[line_start..start].chars().count() + 1,
            start,
            end,
        }
    }

    /// The location of a 1-based line and column in `text` (column in characters).
    pub fn from_line_col(text: &str, line: usize, column: usize) -> Location {
        let line_start = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        let rest = &text[line_start.min(text.len())..];
        let offset = rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i);
        let start = line_start + offset;
        Location {
            line,
            column,
            start,
            end: start,
        }
    }
}

/// Where each line of a text starts: many locations in one large file, each found without reading it again.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of each line's start; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The 1-based line `number` of `text` (the indexed text), without its line break, as `str::lines` gives it.
    pub fn line<'t>(&self, text: &'t str, number: usize) -> Option<&'t str> {
        let start = *self.starts.get(number.checked_sub(1)?)?;
        let end = self.starts.get(number).map_or(text.len(), |&next| next - 1);
        if start >= text.len() {
            return None;
        }
        let line = text.get(start..end)?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// One problem in the content, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the dossier root where possible.
    pub file: PathBuf,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// What is wrong, in one line.
    pub message: String,
    /// A short label under the offending snippet.
    pub label: Option<String>,
    /// How to fix it, or extra context (candidates, suggestions).
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error in `file`.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            location: None,
            message: message.into(),
            label: None,
            hints: Vec::new(),
        }
    }

    /// A warning in `file`.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Attaches a location.
    pub fn at(mut self, location: Option<Location>) -> Diagnostic {
        self.location = location;
        self
    }

    /// Attaches a label shown under the snippet.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hints.push(hint.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The file path as shown to the user.
    pub fn display_path(&self) -> String {
        display_path(&self.file)
    }
}

/// Shows a path with forward slashes, as users type it.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.display_path())?;
        if let Some(loc) = &self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        write!(f, ": {kind}: {}", self.message)?;
        for hint in &self.hints {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A list of problems collected over a whole run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records many problems.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// True if any recorded problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// All problems, errors first, then by file and position.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (a.severity, &a.file, a.location.as_ref().map(|l| l.start)).cmp(&(
                b.severity,
                &b.file,
                b.location.as_ref().map(|l| l.start),
            ))
        });
        self.items
    }

    /// The problems in the order they were found.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_indexed_line_is_the_one_lines_gives() {
        for text in ["", "a", "a\n", "a\r\nb\r\n", "a\n\nbé\nlast", "\n"] {
            let lines = LineIndex::new(text);
            for n in 0..6usize {
                let expected = n.checked_sub(1).and_then(|i| text.lines().nth(i));
                assert_eq!(lines.line(text, n), expected, "{text:?} line {n}");
            }
        }
    }

    #[test]
    fn an_indexed_location_is_the_scanned_one_at_every_offset() {
        let text = "a: 1\nbé: \"x€\"\n\n  - id: z\nlast";
        let lines = LineIndex::new(text);
        for start in 0..=text.len() + 2 {
            let end = start + 3;
            assert_eq!(
                Location::from_span_indexed(text, &lines, start, end),
                Location::from_span(text, start, end),
                "at {start}"
            );
        }
    }

    #[test]
    fn span_location_counts_lines_and_characters() {
        let text = "a: 1\nbé: \"x\"\n";
        let start = text.find('"').unwrap();
        let loc = Location::from_span(text, start, start + 3);
        assert_eq!((loc.line, loc.column), (2, 5));
        let back = Location::from_line_col(text, 2, 5);
        assert_eq!(back.start, start);
    }

    #[test]
    fn display_names_file_line_and_hint() {
        let d = Diagnostic::error("content/a.yaml", "quote not found")
            .at(Some(Location::from_line_col("x\ny", 2, 1)))
            .with_hint("did you mean y?");
        assert_eq!(
            d.to_string(),
            "content/a.yaml:2:1: error: quote not found\n  hint: did you mean y?"
        );
    }
}
