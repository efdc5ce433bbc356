//! The client-side search index: its documents (display text, for results and link previews), made one by
//! one by number. The words are indexed in [`terms`], with the same document numbers, and both are written in
//! shards that a page loads on demand ([`shards`]), as scripts, so the index loads from `file://` where
//! `fetch` cannot.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use super::i18n::{Arg, Ui};
use crate::resolve::{Citer, EntryKind, Site};

pub mod shards;
pub mod terms;

/// Folds text for matching: transliterated to ASCII, lower-case, every run of other characters one space.
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

#[derive(Serialize)]
struct Doc {
    /// Type: `e` entry, `p` passage, `m` timeline moment, `n` entity.
    y: &'static str,
    /// Passages: index into the sources table, which gives the credit (`t`), title and page.
    #[serde(skip_serializing_if = "Option::is_none")]
    o: Option<usize>,
    /// Title (entries, moments, entities); for passages the source credit, not shipped (see `o`).
    #[serde(skip_serializing_if = "String::is_empty")]
    t: String,
    /// Plain text: entry body, passage text, moment body, entity description.
    x: String,
    /// Root-relative link; for passages only the fragment id.
    h: String,
    /// One line of context: kind and status, section (passages: made by the script from `o` and `e`).
    #[serde(skip_serializing_if = "String::is_empty")]
    b: String,
    /// Claim status (css name), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<&'static str>,
    /// Other names (entities): aliases and native spelling.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    a: Vec<String>,
    /// Entities mentioned (indices of entity documents), so a transliteration finds the passage too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    n: Vec<usize>,
    /// Passages: the words around it in its paragraph (before, after), for previews.
    #[serde(skip_serializing_if = "Option::is_none")]
    c: Option<[String; 2]>,
    /// Passages: the documents (entries, moments) that cite it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    e: Vec<usize>,
}

impl Doc {
    fn finish(mut self) -> Doc {
        if self.o.is_some() {
            self.t.clear();
        }
        self
    }
}

/// A source in the index's source table (`s`; the documents are `d` and `v` is the format version).
#[derive(Serialize)]
struct SourceDoc {
    t: String,
    b: String,
    h: String,
}

/// Plain text of Markdown: the words a reader sees, links as their text.
pub fn plain(markdown_text: &str) -> String {
    if is_plain_line(markdown_text) {
        // Most bodies are one line of prose, which Markdown leaves as it is.
        return flatten(markdown_text);
    }
    plain_parsed(markdown_text)
}

/// True when `text` is one line that Markdown reads as a paragraph of its own characters: no character that
/// can start an inline construct (emphasis, code, links, HTML, entities, escapes), and a letter, an opening
/// quote or a parenthesis first, so that it is no heading, list item, quote or rule.
fn is_plain_line(text: &str) -> bool {
    let body = text.trim_end_matches(['\n', ' ']);
    let Some(first) = body.trim_start().chars().next() else {
        return false;
    };
    (first.is_alphabetic() || matches!(first, '"' | '\'' | '(' | '“' | '‘' | '«'))
        && !body.bytes().any(|b| MARKDOWN_BYTES[usize::from(b)])
}

/// The bytes that can start a Markdown construct inside a line, or end the line.
const MARKDOWN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let special = b"\\`*_[]<>&!#|~\n\r\t";
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = true;
        i += 1;
    }
    table
};

fn plain_parsed(markdown_text: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::new();
    for event in Parser::new(markdown_text) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where each kind of document starts in index order: entities, entries section by section, passages,
/// moments (so that an entity's index is its position, and the word index numbers documents the same way).
#[derive(Debug, Clone)]
pub struct Layout {
    /// The first document of each section's entries, then the first passage.
    section_starts: Vec<usize>,
    /// The first moment.
    first_moment: usize,
    /// Every document.
    pub len: usize,
}

impl Layout {
    /// The layout of `site`'s documents.
    pub fn new(site: &Site) -> Layout {
        let mut section_starts = Vec::with_capacity(site.sections.len() + 1);
        let mut next = site.entities.len();
        for section in &site.sections {
            section_starts.push(next);
            next += section.entries.len();
        }
        section_starts.push(next);
        let first_moment = next + site.passages.len();
        Layout {
            section_starts,
            first_moment,
            len: first_moment + site.timeline.len(),
        }
    }

    /// The first document of each kind after the entities: entries, passages, moments (the script tells a
    /// document's kind from its number).
    pub fn bounds(&self) -> [usize; 3] {
        [
            self.section_starts[0],
            self.first_passage(),
            self.first_moment,
        ]
    }

    fn first_passage(&self) -> usize {
        self.section_starts.last().copied().unwrap_or(0)
    }

    /// The document number of entry `e` of section `s`.
    fn entry(&self, s: usize, e: usize) -> usize {
        self.section_starts[s] + e
    }
}

/// What the documents are made from that is worth computing once per build: owned, so a plan can keep it.
pub struct DocParts {
    named: NamedIn,
    /// The credit line of each source, as passages show it.
    credits: Vec<String>,
    /// Where each kind of document starts.
    pub layout: Layout,
}

impl DocParts {
    /// The parts of `site`'s documents, labelled in `ui`'s language.
    pub fn new(site: &Site, ui: &Ui) -> DocParts {
        DocParts {
            named: NamedIn::new(site),
            credits: site
                .sources
                .iter()
                .map(|s| super::views::credit(ui, &s.front))
                .collect(),
            layout: Layout::new(site),
        }
    }
}

/// Makes any search document on request.
pub struct DocMaker<'a> {
    site: &'a Site,
    ui: &'a Ui,
    parts: &'a DocParts,
}

impl<'a> DocMaker<'a> {
    /// The documents of `site` from their `parts`.
    pub fn new(site: &'a Site, ui: &'a Ui, parts: &'a DocParts) -> DocMaker<'a> {
        DocMaker { site, ui, parts }
    }

    /// Document `i` (below `layout.len`).
    fn doc(&self, i: usize) -> Doc {
        self.doc_with(i, Detail::Full)
    }

    /// Document `i` with only what the word index reads (`y`, `o`, `t`, `x`, `a`, `n`).
    fn indexed(&self, i: usize) -> Doc {
        self.doc_with(i, Detail::Indexed)
    }

    fn doc_with(&self, i: usize, detail: Detail) -> Doc {
        let (site, ui, layout) = (self.site, self.ui, &self.parts.layout);
        let named = &self.parts.named;
        let entries = layout.section_starts[0];
        let passages = layout.first_passage();
        if i < entries {
            entity_doc(ui, &site.entities[i])
        } else if i < passages {
            // The last section starting at or before `i` (an empty section starts where the next does).
            let s = layout.section_starts.partition_point(|&start| start <= i) - 1;
            entry_doc_of(site, ui, named, (s, i - layout.section_starts[s]), detail)
        } else if i < layout.first_moment {
            let pi = i - passages;
            passage_doc(site, named, pi, layout, detail)
        } else {
            moment_doc(ui, &site.timeline[i - layout.first_moment])
        }
    }

    /// The root-relative link of document `i`, as the script knows it (a passage's page and fragment).
    pub fn href(&self, i: usize) -> String {
        let (site, layout) = (self.site, &self.parts.layout);
        let entries = layout.section_starts[0];
        let passages = layout.first_passage();
        if i < entries {
            format!("entities.html#{}", site.entities[i].id)
        } else if i < passages {
            let s = layout.section_starts.partition_point(|&start| start <= i) - 1;
            site.entry_href((s, i - layout.section_starts[s]))
        } else if i < layout.first_moment {
            let p = &site.passages[i - passages];
            format!("sources/{}.html#{}", site.sources[p.source].id, p.id)
        } else {
            format!(
                "timeline.html#{}",
                site.timeline[i - layout.first_moment].id
            )
        }
    }

    /// The credit line of source `o`.
    fn credit(&self, o: usize) -> &str {
        &self.parts.credits[o]
    }

    /// Documents `range`, in index order.
    fn docs(&self, range: Range<usize>) -> impl Iterator<Item = Doc> + '_ {
        range.map(|i| self.doc(i))
    }
}

/// How much of a document to make.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// Everything the index ships.
    Full,
    /// What the word index reads: the rest (links, context lines, the words around a passage) is left empty.
    Indexed,
}

fn entity_doc(ui: &Ui, e: &crate::resolve::Entity) -> Doc {
    let kind = ui.t(match e.kind {
        crate::resolve::EntityKind::Person => "entity-person",
        crate::resolve::EntityKind::Place => "entity-place",
        crate::resolve::EntityKind::Organisation => "entity-organisation",
    });
    let mut sources: Vec<usize> = e.mentions.iter().map(|m| m.source).collect();
    sources.dedup();
    Doc {
        y: "n",
        o: None,
        t: e.name.clone(),
        x: e.description.clone().unwrap_or_default(),
        h: format!("entities.html#{}", e.id),
        b: format!(
            "{kind} · {}",
            ui.t_with(
                "entities-mentions",
                &[
                    ("count", Arg::from(e.mentions.len())),
                    ("sources", Arg::from(sources.len())),
                ],
            )
        ),
        s: None,
        a: e.aliases.iter().cloned().chain(e.native.clone()).collect(),
        n: Vec::new(),
        c: None,
        e: Vec::new(),
    }
    .finish()
}

fn entry_doc_of(
    site: &Site,
    ui: &Ui,
    named: &NamedIn,
    (si, ei): (usize, usize),
    detail: Detail,
) -> Doc {
    let section = &site.sections[si];
    let e = &section.entries[ei];
    let mut x = plain(&e.body);
    if let (EntryKind::Claim, Some(c)) = (e.kind, &e.claimant) {
        let claimed = ui.t_with("search-claimed-by", &[("claimant", Arg::from(c.as_str()))]);
        x = if x.is_empty() {
            claimed
        } else {
            format!("{claimed} {x}")
        };
    }
    let (h, b) = match detail {
        Detail::Indexed => (String::new(), String::new()),
        Detail::Full => {
            let (_, kind_label) = super::views::kind_names(e.kind);
            let mut b = ui.t(kind_label);
            if let Some(s) = e.status {
                b.push_str(" · ");
                b.push_str(&ui.t(super::labels::status_names(s).1));
            }
            b.push_str(" · ");
            b.push_str(&section.title);
            (site.entry_href((si, ei)), b)
        }
    };
    Doc {
        y: "e",
        o: None,
        t: e.title.clone(),
        x,
        h,
        b,
        s: e.status.map(|s| super::labels::status_names(s).0),
        a: Vec::new(),
        n: named.entry(si, ei),
        c: None,
        e: Vec::new(),
    }
    .finish()
}

fn moment_doc(ui: &Ui, m: &crate::resolve::Moment) -> Doc {
    Doc {
        y: "m",
        o: None,
        t: m.title.clone(),
        x: plain(&m.body),
        h: format!("timeline.html#{}", m.id),
        b: format!("{} · {}", ui.t("timeline-title"), ui.date(m.date)),
        s: None,
        a: Vec::new(),
        n: Vec::new(),
        c: None,
        e: Vec::new(),
    }
    .finish()
}

/// The search document of passage `pi`: its text, the words around it, and the documents that cite it (its
/// title, the source's credit, is not shipped: the script has it from the source table).
fn passage_doc(site: &Site, named: &NamedIn, pi: usize, layout: &Layout, detail: Detail) -> Doc {
    let p = &site.passages[pi];
    let (context, citers) = match detail {
        Detail::Indexed => (None, Vec::new()),
        Detail::Full => (Some(passage_context(site, p)), citing_docs(p, layout)),
    };
    Doc {
        y: "p",
        o: Some(p.source),
        t: String::new(),
        x: flatten(site.passage_text(pi)),
        h: match detail {
            Detail::Indexed => String::new(),
            Detail::Full => p.id.clone(),
        },
        b: String::new(),
        s: None,
        a: Vec::new(),
        c: context,
        e: citers,
        n: named.passage(p),
    }
}

/// The words around passage `p` in its paragraph: (before, after).
fn passage_context(site: &Site, p: &crate::resolve::Passage) -> [String; 2] {
    let source = &site.sources[p.source];
    let line = source
        .lines
        .iter()
        .find(|l| l.range.start <= p.range.start && p.range.start <= l.range.end)
        .map_or(p.range.clone(), |l| l.range.clone());
    let before = &source.text[line.start.min(p.range.start)..p.range.start];
    let last = source
        .lines
        .iter()
        .find(|l| l.range.start <= p.range.end && p.range.end <= l.range.end)
        .map_or(p.range.end, |l| l.range.end);
    let after = &source.text[p.range.end..last.max(p.range.end)];
    [words_before(before, 70), words_after(after, 70)]
}

/// The documents (entries, moments) that cite passage `p`.
fn citing_docs(p: &crate::resolve::Passage, layout: &Layout) -> Vec<usize> {
    let mut citers: Vec<usize> = p
        .citations
        .iter()
        .map(|c| match c.citer {
            Citer::Entry(s, e) => layout.entry(s, e),
            Citer::Moment(m) => layout.first_moment + m,
        })
        .collect();
    citers.dedup();
    citers
}

/// Which entities each entry and each source's text names, indexed in one pass over the entities, so that a
/// document looks only at its own entry or source instead of at every entity.
struct NamedIn {
    /// Entity indices by (section, entry), ascending.
    entries: HashMap<(usize, usize), Vec<usize>>,
    /// (mention range, entity index) by source.
    mentions: Vec<Vec<(Range<usize>, usize)>>,
}

impl NamedIn {
    fn new(site: &Site) -> NamedIn {
        let mut entries: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        let mut mentions = vec![Vec::new(); site.sources.len()];
        for (i, en) in site.entities.iter().enumerate() {
            for &entry in &en.entries {
                entries.entry(entry).or_default().push(i);
            }
            for m in &en.mentions {
                mentions[m.source].push((m.range.clone(), i));
            }
        }
        for list in entries.values_mut() {
            list.dedup();
        }
        NamedIn { entries, mentions }
    }

    /// The entities entry (`si`, `ei`) is about, ascending.
    fn entry(&self, si: usize, ei: usize) -> Vec<usize> {
        self.entries.get(&(si, ei)).cloned().unwrap_or_default()
    }

    /// The entities mentioned inside passage `p`, ascending.
    fn passage(&self, p: &crate::resolve::Passage) -> Vec<usize> {
        let mut found: Vec<usize> = self.mentions[p.source]
            .iter()
            .filter(|(range, _)| range.start < p.range.end && range.end > p.range.start)
            .map(|&(_, i)| i)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Up to `chars` characters of the flattened words `words` (single spaces between them), taken in the order they
/// come, and whether more follows. A word that does not fit whole gives `part(word, characters left)`. Only the
/// words that can show are looked at.
fn gather<'a>(
    words: impl Iterator<Item = &'a str>,
    chars: usize,
    part: impl Fn(&'a str, usize) -> &'a str,
) -> (Vec<&'a str>, bool) {
    let mut pieces = Vec::new();
    let mut left = chars;
    for (i, word) in words.enumerate() {
        if i > 0 {
            if left == 0 {
                return (pieces, true);
            }
            pieces.push(" ");
            left -= 1;
        }
        let n = word.chars().count();
        if n > left {
            pieces.push(part(word, left));
            return (pieces, true);
        }
        pieces.push(word);
        left -= n;
    }
    (pieces, false)
}

/// The last words of `text`, at most about `chars` characters, with "…" when cut.
/// A space is kept at the passage's side when the text has one there.
fn words_before(text: &str, chars: usize) -> String {
    let space = if text.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    // Gathered backwards from the end: a word cut short keeps its last characters.
    let (mut pieces, cut) = gather(text.split_whitespace().rev(), chars, |word, left| {
        let from = match left {
            0 => word.len(),
            _ => word
                .char_indices()
                .rev()
                .nth(left - 1)
                .map_or(0, |(b, _)| b),
        };
        &word[from..]
    });
    pieces.reverse();
    let tail = pieces.concat();
    if !cut {
        return [tail.as_str(), space].concat();
    }
    match tail.split_once(' ') {
        Some((_, rest)) => ["…", rest, space].concat(),
        None => ["…", tail.as_str(), space].concat(),
    }
}

/// The first words of `text`, at most about `chars` characters, with "…" when cut.
fn words_after(text: &str, chars: usize) -> String {
    let space = if text.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let (pieces, cut) = gather(text.split_whitespace(), chars, |word, left| {
        &word[..word.char_indices().nth(left).map_or(word.len(), |(b, _)| b)]
    });
    let head = pieces.concat();
    if !cut {
        return [space, head.as_str()].concat();
    }
    match head.rsplit_once(' ') {
        Some((keep, _)) => [space, keep, "…"].concat(),
        None => [space, head.as_str(), "…"].concat(),
    }
}

/// `text` with every run of white space (as `char::is_whitespace`) one space, and none at either end.
fn flatten(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut word: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Only these lead bytes start a non-ASCII white-space character (U+0085, U+00A0, U+1680, U+2000..,
        // U+3000): every other byte is decided without decoding.
        let (space, width) = match b {
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => (true, 1),
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
            _ => (false, 1),
        };
        if space {
            if let Some(start) = word.take() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[start..i]);
            }
        } else if word.is_none() {
            word = Some(i);
        }
        i += width;
    }
    if let Some(start) = word {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flatten_agrees_with_splitting_on_white_space() {
        let pieces = [
            "a", "é", "—", "“q”", " ", "\t", "\n", "\r\n", "\u{b}", "\u{c}", "\u{85}", "\u{a0}",
            "\u{1680}", "\u{2003}", "\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}", "\u{3000}",
            "\u{2027}", "\u{e000}", "김", "\u{1681}", "\u{3001}", "\u{c2}x",
        ];
        let mut seed = 7u64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..(seed % 12) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(flatten(&text), expected, "{text:?}");
            seed = seed.wrapping_add(3);
        }
    }

    #[test]
    fn context_words_are_the_ends_of_the_flattened_text() {
        // What the context words mean, written the slow way: the whole text flattened, then cut.
        fn before(text: &str, chars: usize) -> String {
            let space = if text.ends_with(char::is_whitespace) {
                " "
            } else {
                ""
            };
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let n = flat.chars().count();
            if n <= chars {
                return format!("{flat}{space}");
            }
            let tail: String = flat.chars().skip(n - chars).collect();
            match tail.split_once(' ') {
                Some((_, rest)) => format!("…{rest}{space}"),
                None => format!("…{tail}{space}"),
            }
        }
        fn after(text: &str, chars: usize) -> String {
            let space = if text.starts_with(char::is_whitespace) {
                " "
            } else {
                ""
            };
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if flat.chars().count() <= chars {
                return format!("{space}{flat}");
            }
            let head: String = flat.chars().take(chars).collect();
            match head.rsplit_once(' ') {
                Some((keep, _)) => format!("{space}{keep}…"),
                None => format!("{space}{head}…"),
            }
        }
        let pieces = [
            "a",
            "bc",
            "word",
            "é",
            "—",
            "“q”",
            "김정은",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\u{a0}",
            "\u{2003}",
            "\u{3000}",
        ];
        let mut seed = 11u64;
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let chars = (seed >> 20) as usize % 24;
            assert_eq!(
                words_before(&text, chars),
                before(&text, chars),
                "{text:?} {chars}"
            );
            assert_eq!(
                words_after(&text, chars),
                after(&text, chars),
                "{text:?} {chars}"
            );
            seed = seed.wrapping_add(5);
        }
    }

    #[test]
    fn folding_strips_diacritics_case_and_punctuation() {
        assert_eq!(fold("Jean-Luc Dupré"), "jean luc dupre");
        assert_eq!(fold("  The drivers’ “strike” "), "the drivers strike");
        assert_eq!(fold("Kang Sŏng-min, Ewha"), "kang song min ewha");
        assert_eq!(fold("Новосибирск"), "novosibirsk");
    }

    #[test]
    fn one_plain_line_is_read_as_markdown_reads_it() {
        let lines = [
            "coastal-observer-00001 reports that trade unions renegotiated a draft memorandum.\n",
            "Seoul  said   “no”, (again) — 42% of 1,000 units: see p. 3; ok?\n\n",
            "  Leading spaces and trailing ones   \n",
            "    Four spaces make a code block",
            "\"Quoted\" first, 'single' too",
            "1. a list",
            "- a list",
            "# heading",
            "> quote",
            "a *b* c",
            "a & b",
            "a\\b",
            "line one\nline two",
            "***",
            "",
            "\n",
            "Ünïcode ✓ 서울 Новосибирск",
            "ends with two spaces  ",
        ];
        for line in lines {
            assert_eq!(plain(line), plain_parsed(line), "{line:?}");
        }
        assert!(is_plain_line(lines[0]) && is_plain_line(lines[1]) && is_plain_line(lines[2]));
        assert!(!is_plain_line("a *b* c") && !is_plain_line("1. a list"));
    }

    #[test]
    fn plain_text_of_markdown() {
        assert_eq!(
            plain("See [the summit](@summit/x) and **this**.\n\nNext `code`."),
            "See the summit and this. Next code."
        );
    }
}
