//! YAML parsing with locations: serde_yaml for the typed value, saphyr's event stream for where each value is.
//!
//! Locations are only needed to report a problem, so the event pass runs on the first request for one, not on
//! every parse; it runs up front only when a cheap scan cannot rule out nesting deep enough to slow libyaml.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Location};

/// A parsed YAML file's text plus the location of every value, by path (`entries/3/evidence/0/quote`).
#[derive(Debug, Clone, Default)]
pub struct YamlDoc {
    /// The file, as shown to users.
    pub path: PathBuf,
    /// Where the YAML starts in the file (non-zero for front matter).
    line_offset: usize,
    byte_offset: usize,
    text: String,
    /// Filled on the first [`YamlDoc::loc`].
    spans: OnceLock<Spans>,
}

impl YamlDoc {
    /// The document of `text` (a whole file), its locations indexed on first use.
    pub(super) fn unindexed(path: &Path, text: &str) -> YamlDoc {
        YamlDoc::unindexed_owned(path, text.to_owned())
    }

    /// [`YamlDoc::unindexed`], taking the text.
    pub(super) fn unindexed_owned(path: &Path, text: String) -> YamlDoc {
        YamlDoc {
            path: path.to_path_buf(),
            line_offset: 0,
            byte_offset: 0,
            text,
            spans: OnceLock::new(),
        }
    }

    /// The document of `text`, which starts at line `line_offset` (0-based) and byte `byte_offset` of its file, as
    /// [`parse`] makes it; its locations indexed on first use.
    pub(super) fn unindexed_at(
        path: &Path,
        text: &str,
        line_offset: usize,
        byte_offset: usize,
    ) -> YamlDoc {
        YamlDoc {
            line_offset,
            byte_offset,
            ..YamlDoc::unindexed(path, text)
        }
    }

    /// The YAML text.
    pub(super) fn yaml_text(&self) -> &str {
        &self.text
    }

    /// The location of the value at `path`, or of its nearest located ancestor.
    pub fn loc(&self, path: &str) -> Option<Location> {
        let mut path = path;
        loop {
            if let Some(&(line, col, start, end)) = self.spans().get(path) {
                return Some(Location {
                    line: line + self.line_offset,
                    column: col,
                    start: start + self.byte_offset,
                    end: end + self.byte_offset,
                });
            }
            match path.rfind('/') {
                Some(i) => path = &path[..i],
                None if !path.is_empty() => path = "",
                None => return None,
            }
        }
    }

    /// Every value's location, indexed on first use.
    fn spans(&self) -> &Spans {
        // A nesting error would have been caught at parse time, before the document existed.
        self.spans
            .get_or_init(|| index_spans(&self.text).unwrap_or_default())
    }

    /// The location of the first occurrence of `needle` inside the value at `path` (e.g. a link in a body).
    pub fn loc_of_text(&self, path: &str, needle: &str) -> Option<Location> {
        self.loc_of_nth_text(path, needle, 0)
    }

    /// Like [`YamlDoc::loc_of_text`], for the `nth` (0-based) occurrence of `needle`, counting
    /// non-overlapping occurrences from the value's start.
    pub fn loc_of_nth_text(&self, path: &str, needle: &str, nth: usize) -> Option<Location> {
        if needle.is_empty() {
            return None;
        }
        let base = self.loc(path)?;
        let (start, end) = (base.start - self.byte_offset, base.end - self.byte_offset);
        let value = self.text.get(start..end.max(start))?;
        let found = value.match_indices(needle).nth(nth)?.0 + start;
        let loc = Location::from_span(&self.text, found, found + needle.len());
        Some(shift(loc, self.line_offset, self.byte_offset))
    }
}

/// Parses `text` (which starts at `line_offset` lines and `byte_offset` bytes into `path`) as a `T`.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    line_offset: usize,
    byte_offset: usize,
) -> Result<(T, YamlDoc), Diagnostic> {
    let file = path.to_path_buf();
    if text.trim().is_empty() {
        return Err(Diagnostic::error(file, "the file is empty")
            .at(Some(Location::from_span(text, 0, 0)).map(|l| shift(l, line_offset, byte_offset)))
            .with_hint(empty_hint::<T>()));
    }
    // Nesting that could make libyaml crawl is refused before libyaml sees it, by the linear event pass.
    let spans = OnceLock::new();
    if may_nest_deeper_than(text, MAX_DEPTH) {
        let indexed = index_spans(text).map_err(|(_, _, at)| {
            let loc = shift(Location::from_span(text, at, at), line_offset, byte_offset);
            Diagnostic::error(
            &file,
            format!("values are nested more than {MAX_DEPTH} levels deep"),
        )
        .at(Some(loc))
        .with_hint(
            "content files need a few levels at most: check for runaway brackets or indentation",
        )
        })?;
        let _ = spans.set(indexed);
    }
    let value: T = serde_yaml::from_str(text)
        .map_err(|e| yaml_error(path, text, &e, line_offset, byte_offset))?;
    let doc = YamlDoc {
        path: file,
        line_offset,
        byte_offset,
        text: text.to_owned(),
        spans,
    };
    Ok((value, doc))
}

fn empty_hint<T>() -> String {
    let name = std::any::type_name::<T>();
    let what = name.rsplit("::").next().unwrap_or(name);
    format!(
        "write the {} fields described in README.md (\"Content format\")",
        what_for(what)
    )
}

fn what_for(type_name: &str) -> &str {
    match type_name {
        "DossierFile" => "dossier",
        "SectionFile" => "section (title, summary, entries)",
        "TimelineFile" => "timeline (moments)",
        "SourceFront" => "front matter (title, outlet, published, ...)",
        _ => "required",
    }
}

fn shift(loc: Location, line_offset: usize, byte_offset: usize) -> Location {
    Location {
        line: loc.line + line_offset,
        start: loc.start + byte_offset,
        end: loc.end + byte_offset,
        ..loc
    }
}

/// Turns a serde_yaml error into a diagnostic with a location and a hint.
fn yaml_error(
    path: &Path,
    text: &str,
    err: &serde_yaml::Error,
    line_offset: usize,
    byte_offset: usize,
) -> Diagnostic {
    let raw = err.to_string();
    if let Some(d) = unclosed_quote(path, text, &raw, line_offset, byte_offset)
        .or_else(|| second_document(path, text, &raw, line_offset, byte_offset))
    {
        return d;
    }
    // serde_yaml appends " at line X column Y"; the location is shown separately.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_owned(),
        None => raw.clone(),
    };
    let location = err.location().map(|l| {
        let at = duplicate_key_offset(&message, text, l.index()).unwrap_or(l.index());
        let loc = Location::from_span(text, at, at);
        shift(loc, line_offset, byte_offset)
    });
    let mut diag = Diagnostic::error(path, message.clone()).at(location.clone());
    if let Some(hint) = did_you_mean(&message) {
        diag = diag.with_hint(hint);
    }
    if let Some(loc) = &err.location() {
        let line = text.lines().nth(loc.line().saturating_sub(1)).unwrap_or("");
        if line.contains('\t') {
            diag = diag.with_hint(
                "YAML does not allow tab characters for indentation: indent with spaces",
            );
        }
    }
    if message.contains("duplicate entry") || message.contains("duplicate field") {
        diag = diag
            .with_hint("each key may appear once per mapping: remove or merge the repeated key");
    } else if message.contains("missing field") {
        diag = diag
            .with_hint("add the missing field to this mapping (see README.md, \"Content format\")");
    } else if message.contains("invalid type") && message.contains("expected a sequence") {
        diag = diag.with_hint(
            "this field takes a list: put each item on its own line, starting with `- `",
        );
    } else if message.contains("invalid type") && message.contains("expected a string") {
        diag = diag.with_hint("this field takes text: write it plainly, or in double quotes if it contains `: ` or starts with [ { * & !");
    } else if message.contains("invalid type") {
        diag = diag.with_hint(
            "the value has the wrong shape for this field: see README.md, \"Content format\"",
        );
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        diag = diag.with_hint(
            "the file nests or repeats aliases too deeply; write the values out plainly",
        );
    }
    diag
}

/// A quoted value left open runs to the end of the file, where libyaml reports it; the error belongs where the
/// quote opens, which libyaml gives as the context ("while scanning a quoted scalar at line L column C").
fn unclosed_quote(
    path: &Path,
    text: &str,
    raw: &str,
    line_offset: usize,
    byte_offset: usize,
) -> Option<Diagnostic> {
    let context = raw
        .split(", while scanning a quoted scalar at line ")
        .nth(1)?;
    let (line, column) = context.split_once(" column ")?;
    let (line, column) = (line.trim().parse().ok()?, column.trim().parse().ok()?);
    let at = Location::from_line_col(text, line, column);
    let quote = text[at.start..].chars().next().unwrap_or('"');
    let loc = Location::from_span(text, at.start, at.start + quote.len_utf8());
    Some(
        Diagnostic::error(path, format!("the quoted value opened here is not closed (no closing {quote})"))
            .at(Some(shift(loc, line_offset, byte_offset)))
            .with_label("opened here")
            .with_hint(format!("end the value with {quote}, or write it without quotes; a {quote} inside it is written {}", if quote == '\'' { "''" } else { "\\\"" })),
    )
}

/// serde_yaml reads one document and says so without a place; the second one starts at a `---` line.
fn second_document(
    path: &Path,
    text: &str,
    raw: &str,
    line_offset: usize,
    byte_offset: usize,
) -> Option<Diagnostic> {
    if !raw.contains("more than one document") {
        return None;
    }
    let mut offset = 0;
    let mut content_seen = false;
    let mut found = None;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end();
        let marker = bare == "---" || bare.starts_with("--- ") || bare == "...";
        if marker && content_seen {
            found = Some(offset);
            break;
        }
        if !marker && !bare.trim_start().is_empty() && !bare.trim_start().starts_with('#') {
            content_seen = true;
        }
        offset += line.len();
    }
    let loc = found.map(|at| {
        shift(
            Location::from_span(text, at, at + 3),
            line_offset,
            byte_offset,
        )
    });
    let mut d =
        Diagnostic::error(path, "the file holds more than one YAML document").at(loc.clone());
    if loc.is_some() {
        d = d.with_label("a second document starts here");
    }
    Some(d.with_hint(
        "a content file is one YAML document: remove this `---` line, and merge or remove what follows it",
    ))
}

/// For a duplicate key, serde_yaml points at the mapping; this finds the key's second occurrence after it.
fn duplicate_key_offset(message: &str, text: &str, from: usize) -> Option<usize> {
    let rest = message.split("duplicate field `").nth(1)?;
    let key = rest.split('`').next()?;
    let mut offset = 0;
    let mut seen = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start().trim_start_matches("- ");
        let is_key = trimmed
            .strip_prefix(key)
            .is_some_and(|after| after.trim_start().starts_with(':'));
        if offset >= from && is_key {
            seen += 1;
            if seen == 2 {
                return Some(offset + (line.len() - trimmed.len()));
            }
        }
        offset += line.len();
    }
    None
}

/// For "unknown field `x`, expected one of `a`, `b`" (and unknown variants), the nearest valid name.
fn did_you_mean(message: &str) -> Option<String> {
    // serde_yaml prefixes the message with the value's path ("entries[2].evidence[0]: unknown field ...").
    let unknown = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|p| message.find(p).map(|i| &message[i + p.len()..]))?;
    let (name, rest) = unknown.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let best = expected
        .iter()
        .map(|cand| (strsim::damerau_levenshtein(name, cand), *cand))
        .min()?;
    let list = expected
        .iter()
        .map(|e| format!("`{e}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if best.0 <= (name.len() / 2).max(2) {
        Some(format!("did you mean `{}`? (valid: {list})", best.1))
    } else {
        Some(format!("valid names here: {list}"))
    }
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, index: usize },
}

/// Deepest nesting accepted: real content needs 6 levels; libyaml slows down quadratically on deep flow nesting.
const MAX_DEPTH: usize = 64;

type Spans = HashMap<String, (usize, usize, usize, usize)>;

/// True if `text` may nest deeper than a full parse accepts (it then indexes the text first).
pub(super) fn may_nest_too_deep(text: &str) -> bool {
    may_nest_deeper_than(text, MAX_DEPTH)
}

/// False only if `text` surely nests no deeper than `limit` (a cheap, conservative bound; true may be wrong).
///
/// Flow collections (`[`, `{`) can only open where a value starts: at the start of a line, or after `:`, `-`,
/// `?`, a tag or an anchor, or (inside another flow collection) after `,`, `[` or `{`. Every such bracket in
/// the file counts, closed or not. Block
/// collections nest by indentation: at most two per column of indentation (a mapping and the sequence that is
/// one of its values), plus the compact ones (`- - x`, `- k: v`) opened by indicators on the same line.
fn may_nest_deeper_than(text: &str, limit: usize) -> bool {
    const NOTABLE: [bool; 256] = {
        let mut table = [false; 256];
        let mut i = 0;
        while i < 256 {
            table[i] = matches!(i as u8, b' ' | b'\t' | b'[' | b'{' | b'-' | b'?' | b':');
            i += 1;
        }
        table
    };
    let is_space = |b: u8| b == b' ' || b == b'\t';
    let mut flow = 0usize;
    for line in text.lines() {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        let bytes = content.as_bytes();
        let mut indicators = 0usize;
        // The last non-space byte, and the first bytes of the current and the previous word.
        let mut last = None::<u8>;
        let (mut word, mut previous_word) = (None::<u8>, None::<u8>);
        let mut i = 0;
        while i < bytes.len() {
            // A run of bytes that are neither space nor indicator only moves the word and the last byte.
            let run = bytes[i..]
                .iter()
                .position(|&b| NOTABLE[usize::from(b)])
                .unwrap_or(bytes.len() - i);
            if run > 0 {
                word.get_or_insert(bytes[i]);
                last = Some(bytes[i + run - 1]);
                i += run;
                continue;
            }
            let b = bytes[i];
            if is_space(b) {
                if word.is_some() {
                    previous_word = word.take();
                }
                i += 1;
                continue;
            }
            match b {
                b'[' | b'{' => {
                    let tagged = [word, previous_word]
                        .iter()
                        .any(|w| matches!(w, Some(b'!' | b'&')));
                    // `,`, `[` and `{` only start a value inside a flow collection, whose own bracket
                    // was counted before: prose such as "[a](b), [c](d)" is not one.
                    let starts_value = match last {
                        None | Some(b':' | b'-' | b'?') => true,
                        Some(b',' | b'[' | b'{') => flow > 0,
                        _ => false,
                    };
                    if tagged || starts_value {
                        flow += 1;
                    }
                }
                _ if bytes.get(i + 1).is_none_or(|&n| is_space(n)) => indicators += 1,
                _ => {}
            }
            word.get_or_insert(b);
            last = Some(b);
            i += 1;
        }
        if flow + 2 * (indent + 1) + 2 * indicators > limit {
            return true;
        }
    }
    false
}

/// Maps each value's path to (line, column, start byte, end byte), from saphyr's event stream, in one
/// linear pass. Fails at the first value nested deeper than [`MAX_DEPTH`], with its (line, column, byte).
fn index_spans(text: &str) -> Result<Spans, (usize, usize, usize)> {
    let mut spans = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    // saphyr counts characters; events arrive in text order, so one forward cursor converts to bytes.
    let (mut char_pos, mut byte_pos) = (0usize, 0usize);
    let mut to_byte = |char_index: usize| -> usize {
        if char_index < char_pos {
            (char_pos, byte_pos) = (0, 0);
        }
        for c in text[byte_pos..].chars().take(char_index - char_pos) {
            byte_pos += c.len_utf8();
        }
        char_pos = char_index;
        byte_pos
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(pair) => pair,
            // saphyr stops runaway nesting itself; other syntax errors are left to serde_yaml's messages.
            Err(e) if e.info().contains("recursion limit") => {
                let m = e.marker();
                return Err((m.line(), m.col() + 1, to_byte(m.index())));
            }
            Err(_) => break,
        };
        let is_node = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
        );
        if is_node {
            // A scalar in key position names the next value; it is not a value itself.
            if let (Some(Frame::Map { key, .. }), Event::Scalar(value, ..)) =
                (stack.last_mut(), &event)
            {
                if key.is_none() {
                    *key = Some(value.to_string());
                    continue;
                }
            }
            let path = match stack.last_mut() {
                Some(Frame::Map { path, key }) => join(path, key.take().as_deref().unwrap_or("?")),
                Some(Frame::Seq { path, index }) => {
                    *index += 1;
                    join(path, &(*index - 1).to_string())
                }
                None => String::new(),
            };
            let (s, e) = (span.start, span.end);
            let start = to_byte(s.index());
            let end = to_byte(e.index().max(s.index()));
            spans
                .entry(path.clone())
                .or_insert((s.line(), s.col() + 1, start, end));
            match event {
                Event::MappingStart(..) => stack.push(Frame::Map { path, key: None }),
                Event::SequenceStart(..) => stack.push(Frame::Seq { path, index: 0 }),
                _ => {}
            }
            if stack.len() > MAX_DEPTH {
                return Err((s.line(), s.col() + 1, start));
            }
        } else if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
            stack.pop();
        }
    }
    Ok(spans)
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else {
        format!("{parent}/{child}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        quote: String,
        #[serde(default)]
        stance: Option<String>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct File {
        title: String,
        items: Vec<Item>,
    }

    #[test]
    fn locates_nested_values() {
        let text = "title: T\nitems:\n  - quote: one\n  - quote: \"two\"\n    stance: x\n";
        let (_, doc): (File, _) = parse(Path::new("f.yaml"), text, 0, 0).unwrap();
        let loc = doc.loc("items/1/quote").unwrap();
        assert_eq!((loc.line, loc.column), (4, 12));
        assert_eq!(&text[loc.start..loc.start + 5], "\"two\"");
        let loc = doc.loc("items/1/stance").unwrap();
        assert_eq!((loc.line, loc.column), (5, 13));
        // Unknown paths fall back to the nearest ancestor.
        assert_eq!(doc.loc("items/0/missing").unwrap().line, 3);
    }

    #[test]
    fn unknown_field_suggests_nearest_name() {
        let text = "title: T\nitems:\n  - quote: one\n    stanse: x\n";
        let err = parse::<File>(Path::new("f.yaml"), text, 0, 0).unwrap_err();
        assert!(
            err.message.contains("unknown field `stanse`"),
            "{}",
            err.message
        );
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.column), (4, 5));
        assert!(
            err.hints[0].starts_with("did you mean `stance`?"),
            "{:?}",
            err.hints
        );
    }

    #[test]
    fn offsets_apply_to_front_matter() {
        let text = "title: T\nitems: 3\n";
        let err = parse::<File>(Path::new("a.txt"), text, 1, 4).unwrap_err();
        assert_eq!(err.location.unwrap().line, 3);
    }

    #[test]
    fn the_nesting_bound_passes_real_content_and_catches_deep_nesting() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                assert!(
                    !may_nest_deeper_than(&text, MAX_DEPTH),
                    "{}",
                    entry.path().display()
                );
                seen += 1;
            }
        }
        assert!(seen >= 4, "{seen} files");
        let deep = [
            format!("a: {}", "[".repeat(40) + &"{".repeat(40)),
            format!("a: !t {}", "[".repeat(70)),
            format!("a: &x\n{}", "[\n".repeat(70)),
            (0..40).map(|i| format!("{}- \n", " ".repeat(i))).collect(),
            format!("a: {}x", "- ".repeat(40)),
        ];
        for text in &deep {
            assert!(may_nest_deeper_than(text, MAX_DEPTH), "{text:?}");
        }
        // Brackets inside text are not collections...
        let prose = "body: see [a](b), [c](d) and [e](f)\n".repeat(100);
        assert!(!may_nest_deeper_than(&prose, MAX_DEPTH));
        // ...but after a flow collection, `, [` may be one, even behind brackets hidden in quotes.
        let hidden = format!("a: [\"]]]]\"{}", ", [\"]]]]\"".repeat(70));
        assert!(may_nest_deeper_than(&hidden, MAX_DEPTH));
    }

    #[test]
    fn locations_are_found_when_first_asked() {
        let text = "title: T\nitems:\n  - quote: one\n";
        let (_, doc): (File, _) = parse(Path::new("f.yaml"), text, 2, 10).unwrap();
        assert!(doc.spans.get().is_none(), "no location asked yet");
        let loc = doc.loc("items/0/quote").unwrap();
        assert_eq!((loc.line, loc.column, loc.start), (5, 12, 10 + 27));
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let text = "title: T\nitems:\n  - quote: \"é one\n  - quote: two\n";
        let err = parse::<File>(Path::new("a.txt"), text, 1, 4).unwrap_err();
        let loc = err.location.clone().unwrap();
        assert_eq!((loc.line, loc.column), (4, 12), "{err}");
        assert_eq!(&text[loc.start - 4..loc.end - 4], "\"");
        assert!(err.message.contains("not closed"), "{err}");
    }

    #[test]
    fn a_second_document_is_located_at_its_marker() {
        let text = "---\n# c\ntitle: T\nitems: []\n---\ntitle: U\n";
        let err = parse::<File>(Path::new("f.yaml"), text, 0, 0).unwrap_err();
        let loc = err.location.clone().unwrap();
        assert_eq!((loc.line, loc.column), (5, 1), "{err}");
        assert_eq!(err.message, "the file holds more than one YAML document");
        assert!(err.hints[0].contains("remove this `---` line"), "{err}");
    }

    #[test]
    fn tabs_and_empty_files_get_hints() {
        let err = parse::<File>(
            Path::new("f.yaml"),
            "title: T\nitems:\n\t- quote: a\n",
            0,
            0,
        )
        .unwrap_err();
        assert!(err.hints.iter().any(|h| h.contains("tab")), "{err:?}");
        let err = parse::<File>(Path::new("f.yaml"), " \n", 0, 0).unwrap_err();
        assert_eq!(err.message, "the file is empty");
    }
}
