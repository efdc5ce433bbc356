//! `dossier find`: turns a phrase into ready-to-paste evidence. Searches every source with the same normalisation
//! as quote anchoring (whitespace, typographic quotes, dashes, invisible characters), falls back to the closest
//! passages when nothing matches exactly, and writes for each hit the YAML evidence item that anchors to it,
//! with the shortest `prefix`/`suffix` (or `occurrence`) that makes it unique.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::resolve::anchor::{
    anchor_all, anchor_all_normalized, normalize_quote, AnchorError, Normalized, Query,
};

/// One source to search: its id, file, verbatim text and where the text starts in the file.
#[derive(Debug, Clone)]
pub struct SearchSource {
    /// The source id, e.g. `cbc`.
    pub id: String,
    /// The article file, relative to the dossier root.
    pub file: PathBuf,
    /// The article text (after the front matter).
    pub text: String,
    /// 1-based line in the file of the first line of `text`.
    pub text_line: usize,
    /// Lines of page furniture (trimmed), shown dimmed on the site.
    pub furniture: Vec<String>,
}

/// A ready-to-paste evidence item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceSnippet {
    /// The source id.
    pub source: String,
    /// The passage, in the source's own characters, whitespace collapsed.
    pub quote: String,
    /// Text right before the passage, when needed to tell occurrences apart.
    pub prefix: Option<String>,
    /// Text right after the passage, when needed.
    pub suffix: Option<String>,
    /// 1-based occurrence, when no prefix or suffix tells occurrences apart.
    pub occurrence: Option<usize>,
}

impl EvidenceSnippet {
    /// The snippet as YAML, indented to sit under an entry's `evidence:` key.
    pub fn to_yaml(&self) -> String {
        let mut out = format!("      - source: {}\n", self.source);
        let _ = writeln!(out, "        quote: {}", yaml_string(&self.quote));
        if let Some(p) = &self.prefix {
            let _ = writeln!(out, "        prefix: {}", yaml_string(p));
        }
        if let Some(s) = &self.suffix {
            let _ = writeln!(out, "        suffix: {}", yaml_string(s));
        }
        if let Some(n) = self.occurrence {
            let _ = writeln!(out, "        occurrence: {n}");
        }
        out
    }
}

/// One place a phrase was found.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The source id.
    pub source: String,
    /// The article file, relative to the dossier root.
    pub file: PathBuf,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column in the file, in characters.
    pub column: usize,
    /// Byte range in the source text.
    pub range: Range<usize>,
    /// Context before the passage (whitespace collapsed; starts with `…` when cut).
    pub before: String,
    /// The passage as it is in the source (whitespace collapsed).
    pub passage: String,
    /// Context after the passage (ends with `…` when cut).
    pub after: String,
    /// For a fuzzy hit, how alike the passage is to the phrase (0-1); `None` for an exact hit.
    pub similarity: Option<f64>,
    /// This passage's rank among its exact occurrences in the source (1-based) and their count.
    pub occurrence: (usize, usize),
    /// True if the passage lies in a line of page furniture.
    pub furniture: bool,
    /// The evidence item that anchors to exactly this passage.
    pub evidence: EvidenceSnippet,
}

/// Why `find` could not search.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    /// The phrase is empty once normalised.
    #[error("the phrase is empty")]
    EmptyPhrase,
    /// `--source` names no source.
    #[error("no source is called `{id}`{hint}")]
    UnknownSource {
        /// The id asked for.
        id: String,
        /// ": did you mean ...?" or the list of known ids.
        hint: String,
    },
    /// The content could not be loaded.
    #[error("the content could not be loaded")]
    Content(Vec<Diagnostic>),
}

/// What a search found.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Exact hits in source order, or, when there is none, the closest passages (best first).
    pub hits: Vec<Hit>,
    /// True if `hits` are fuzzy (no exact hit anywhere).
    pub fuzzy: bool,
    /// Problems loading some sources (they were not searched).
    pub warnings: Vec<Diagnostic>,
}

/// Loads the sources of the dossier at `root` (annotation errors do not matter here) and searches them.
pub fn find(root: &Path, phrase: &str, source: Option<&str>) -> Result<Found, FindError> {
    let mut diags = Diagnostics::default();
    let Some(content) = crate::load::load(root, &mut diags) else {
        return Err(FindError::Content(
            diags
                .into_sorted()
                .into_iter()
                .filter(|d| d.is_error())
                .collect(),
        ));
    };
    let articles = root.join("content").join("articles");
    let warnings: Vec<Diagnostic> = diags
        .into_sorted()
        .into_iter()
        .filter(|d| d.is_error() && root.join(&d.file).starts_with(&articles))
        .collect();
    let sources: Vec<SearchSource> = content
        .sources
        .iter()
        .map(|s| SearchSource {
            id: s.id.clone(),
            file: s.front.doc.path.clone(),
            text: s.text.as_str().to_owned(),
            text_line: s.text_line,
            furniture: s
                .front
                .value
                .furniture
                .iter()
                .map(|f| f.trim().to_owned())
                .collect(),
        })
        .collect();
    if let Some(id) = source {
        if !sources.iter().any(|s| s.id == id) {
            if content.unreadable_sources.iter().any(|u| u == id) {
                return Err(FindError::Content(warnings));
            }
            let ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
            let hint = match crate::suggest::closest(id, ids.iter().copied()) {
                Some(near) => format!(": did you mean `{near}`?"),
                None => format!(" (the sources are: {})", ids.join(", ")),
            };
            return Err(FindError::UnknownSource {
                id: id.to_owned(),
                hint,
            });
        }
    }
    let mut found = search(&sources, phrase, source)?;
    found.warnings = warnings;
    Ok(found)
}

/// Searches `sources` (or only the one called `only`) for `phrase`.
pub fn search(
    sources: &[SearchSource],
    phrase: &str,
    only: Option<&str>,
) -> Result<Found, FindError> {
    let wanted = normalize_quote(phrase);
    if wanted.is_empty() {
        return Err(FindError::EmptyPhrase);
    }
    let searched: Vec<&SearchSource> = sources
        .iter()
        .filter(|s| only.is_none_or(|id| s.id == id))
        .collect();
    let mut hits = Vec::new();
    for source in &searched {
        let norm = Normalized::new(&source.text);
        let all = occurrences(&norm.text, &wanted);
        for (i, r) in all.iter().enumerate() {
            hits.push(make_hit(source, &norm, &all, i, r, None));
        }
    }
    if !hits.is_empty() {
        return Ok(Found {
            hits,
            fuzzy: false,
            warnings: Vec::new(),
        });
    }
    // Nothing exact: the closest passage of each source, as the build's "closest passage" hint finds it.
    for source in &searched {
        let query = Query {
            quote: phrase,
            ..Query::default()
        };
        let Some(Err(AnchorError::NotFound(Some((range, score))))) =
            anchor_all(&source.text, &[query]).pop()
        else {
            continue;
        };
        let norm = Normalized::new(&source.text);
        let passage = normalize_quote(&source.text[range.clone()]);
        let all = occurrences(&norm.text, &passage);
        let Some(i) = all
            .iter()
            .position(|r| norm.original_range(r.clone()).start == range.start)
        else {
            continue;
        };
        hits.push(make_hit(source, &norm, &all, i, &all[i], Some(score)));
    }
    hits.sort_by(|a, b| {
        b.similarity
            .partial_cmp(&a.similarity)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    Ok(Found {
        hits,
        fuzzy: true,
        warnings: Vec::new(),
    })
}

/// Every occurrence of `needle` in `haystack`, overlapping ones included (as anchoring counts them).
fn occurrences(haystack: &str, needle: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = haystack[from..].find(needle) {
        let start = from + i;
        out.push(start..start + needle.len());
        let step = haystack[start..].chars().next().map_or(1, char::len_utf8);
        from = start + step;
    }
    out
}

fn make_hit(
    source: &SearchSource,
    norm: &Normalized,
    all: &[Range<usize>],
    index: usize,
    range: &Range<usize>,
    similarity: Option<f64>,
) -> Hit {
    let text = &source.text;
    let orig = norm.original_range(range.clone());
    let before_text = &text[..orig.start];
    let line = source.text_line + before_text.matches('\n').count();
    let line_start = before_text.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..orig.start].chars().count() + 1;
    let line_end = text[orig.start..]
        .find('\n')
        .map_or(text.len(), |i| orig.start + i);
    let own_line = text[line_start..line_end].trim();
    let furniture = source.furniture.iter().any(|f| f == own_line);
    let quote = clean(&text[orig.clone()]);
    let evidence = disambiguate(source, norm, all, index, quote);
    Hit {
        source: source.id.clone(),
        file: source.file.clone(),
        line,
        column,
        range: orig.clone(),
        before: context_before(&text[..orig.start]),
        passage: clean(&text[orig.clone()]),
        after: context_after(&text[orig.end..]),
        similarity,
        occurrence: (index + 1, all.len()),
        furniture,
        evidence,
    }
}

/// Most words of prefix or suffix tried before falling back to `occurrence`.
const MAX_CONTEXT_WORDS: usize = 8;
/// A prefix or suffix is at least this long (in bytes of normalised text) unless the text ends first.
const MIN_CONTEXT_BYTES: usize = 10;

/// The evidence item for occurrence `index` of `all`: the shortest prefix or suffix that singles it out,
/// or both, or its occurrence number; always checked by anchoring it as the build will.
fn disambiguate(
    source: &SearchSource,
    norm: &Normalized,
    all: &[Range<usize>],
    index: usize,
    quote: String,
) -> EvidenceSnippet {
    let mut snippet = EvidenceSnippet {
        source: source.id.clone(),
        quote,
        prefix: None,
        suffix: None,
        occurrence: None,
    };
    if all.len() <= 1 {
        return snippet;
    }
    let me = &all[index];
    let text = &norm.text;
    // k words, or more until the text is long enough to be a robust selector (a lone "1" is not).
    let prefix_of = |k: usize| -> Option<Range<usize>> {
        let head = text[..me.start].trim_end();
        let starts: Vec<usize> = word_starts(head);
        let mut n = k;
        while n < starts.len() && head.len() - starts[starts.len() - n] < MIN_CONTEXT_BYTES {
            n += 1;
        }
        let first = *starts.get(starts.len().checked_sub(n)?)?;
        Some(first..head.len())
    };
    let suffix_of = |k: usize| -> Option<Range<usize>> {
        let tail_start = me.end + (text[me.end..].len() - text[me.end..].trim_start().len());
        let tail = &text[tail_start..];
        let ends: Vec<usize> = word_ends(tail);
        let mut n = k;
        while n < ends.len() && ends[n - 1] < MIN_CONTEXT_BYTES {
            n += 1;
        }
        let last = *ends.get(n.checked_sub(1)?)?;
        Some(tail_start..tail_start + last)
    };
    let fits = |r: &Range<usize>, prefix: Option<&str>, suffix: Option<&str>| {
        prefix.is_none_or(|p| text[..r.start].trim_end().ends_with(p))
            && suffix.is_none_or(|s| text[r.end..].trim_start().starts_with(s))
    };
    let unique = |prefix: Option<&str>, suffix: Option<&str>| {
        all.iter().filter(|r| fits(r, prefix, suffix)).count() == 1
    };
    type Choice = (usize, Option<Range<usize>>, Option<Range<usize>>);
    let candidate = |p: Option<Range<usize>>, s: Option<Range<usize>>| -> Option<Choice> {
        let pt = p.as_ref().map(|r| &text[r.clone()]);
        let st = s.as_ref().map(|r| &text[r.clone()]);
        if (pt.is_none() && st.is_none()) || !unique(pt, st) {
            return None;
        }
        Some((pt.map_or(0, str::len) + st.map_or(0, str::len), p, s))
    };
    let mut best: Option<Choice> = None;
    for k in 1..=MAX_CONTEXT_WORDS {
        let p = prefix_of(k);
        let s = suffix_of(k);
        let one_side = [candidate(p.clone(), None), candidate(None, s.clone())];
        best = one_side.into_iter().flatten().min_by_key(|c| c.0);
        if best.is_none() && p.is_some() && s.is_some() {
            best = candidate(p, s);
        }
        if best.is_some() {
            break;
        }
    }
    let original = |r: Range<usize>| clean(&source.text[norm.original_range(r)]);
    if let Some((_, p, s)) = best {
        snippet.prefix = p.map(original);
        snippet.suffix = s.map(original);
    } else {
        snippet.occurrence = Some(index + 1);
    }
    // Belt and braces: the snippet must anchor to this very passage, or fall back to `occurrence`.
    let target = norm.original_range(me.clone());
    let query = Query {
        quote: &snippet.quote,
        prefix: snippet.prefix.as_deref(),
        suffix: snippet.suffix.as_deref(),
        occurrence: snippet.occurrence,
    };
    let anchored = anchor_all_normalized(norm, &[query]).pop();
    if !matches!(anchored, Some(Ok(ref r)) if *r == target) {
        snippet.prefix = None;
        snippet.suffix = None;
        snippet.occurrence = Some(index + 1);
    }
    snippet
}

fn word_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut previous_space = true;
    for (i, c) in text.char_indices() {
        if c != ' ' && previous_space {
            out.push(i);
        }
        previous_space = c == ' ';
    }
    out
}

fn word_ends(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c == ' ' && in_word {
            out.push(i);
        }
        in_word = c != ' ';
    }
    if in_word {
        out.push(text.len());
    }
    out
}

/// The text in its own characters, with every whitespace run as one space and invisible characters dropped:
/// what an editor pastes, and what normalises exactly as the original does.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let mut buffer = [0u8; 4];
        if Normalized::new(c.encode_utf8(&mut buffer)).text.is_empty() {
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Characters of context shown on each side of a hit.
const CONTEXT: usize = 70;

fn context_before(text: &str) -> String {
    let tail_start = text
        .char_indices()
        .rev()
        .nth(CONTEXT * 2)
        .map_or(0, |(i, _)| i);
    let raw = &text[tail_start..];
    let ends_in_space = raw.ends_with(char::is_whitespace);
    let cleaned = clean(raw);
    let chars: Vec<char> = cleaned.chars().collect();
    let mut shown: String = if chars.len() > CONTEXT {
        let cut: String = chars[chars.len() - CONTEXT..].iter().collect();
        // Start at a word.
        let cut = cut.split_once(' ').map_or(cut.as_str(), |(_, rest)| rest);
        format!("…{cut}")
    } else if tail_start > 0 {
        format!("…{cleaned}")
    } else {
        cleaned
    };
    if ends_in_space && !shown.is_empty() {
        shown.push(' ');
    }
    shown
}

fn context_after(text: &str) -> String {
    let head_end = text
        .char_indices()
        .nth(CONTEXT * 2)
        .map_or(text.len(), |(i, _)| i);
    let raw = &text[..head_end];
    let starts_with_space = raw.starts_with(char::is_whitespace);
    let cleaned = clean(raw);
    let chars: Vec<char> = cleaned.chars().collect();
    let mut shown: String = if chars.len() > CONTEXT {
        let cut: String = chars[..CONTEXT].iter().collect();
        let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(rest, _)| rest);
        format!("{cut}…")
    } else if head_end < text.len() {
        format!("{cleaned}…")
    } else {
        cleaned
    };
    if starts_with_space && !shown.is_empty() {
        shown.insert(0, ' ');
    }
    shown
}

/// A YAML double-quoted scalar.
pub fn yaml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The report `dossier find` prints: each hit (at most `limit`) with its place, its context and its evidence
/// item, then a count.
pub fn render(found: &Found, phrase: &str, color: bool, limit: usize) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let mut out = String::new();
    if found.hits.is_empty() {
        let _ = writeln!(
            out,
            "No passage of the sources matches {}, not even roughly.",
            yaml_string(phrase.trim())
        );
        return out;
    }
    if found.fuzzy {
        let _ = writeln!(
            out,
            "No exact match for {}; the closest passages are:\n",
            yaml_string(phrase.trim())
        );
    }
    for hit in found.hits.iter().take(limit) {
        let mut notes = Vec::new();
        if let Some(s) = hit.similarity {
            notes.push(format!(
                "{}% alike",
                crate::resolve::anchor::percent_alike(s)
            ));
        }
        if hit.occurrence.1 > 1 {
            notes.push(format!(
                "occurrence {} of {} in this source",
                hit.occurrence.0, hit.occurrence.1
            ));
        }
        if hit.furniture {
            notes.push("in a line of page furniture".to_owned());
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("  ({})", notes.join("; "))
        };
        let place = format!(
            "{}:{}:{}",
            crate::diagnostic::display_path(&hit.file),
            hit.line,
            hit.column
        );
        let _ = writeln!(out, "{}{notes}", paint("1;36", &place));
        let passage = if color {
            paint("1;33", &hit.passage)
        } else {
            format!("«{}»", hit.passage)
        };
        let _ = writeln!(out, "    {}{passage}{}", hit.before, hit.after);
        if hit.similarity.is_some() {
            let diff = crate::resolve::anchor::diff_summary(
                &normalize_quote(phrase),
                &normalize_quote(&hit.passage),
            );
            let _ = writeln!(out, "    what differs ([-phrase-]{{+source+}}): {diff}");
        }
        out.push('\n');
        let _ = writeln!(out, "{}", hit.evidence.to_yaml());
    }
    let sources = {
        let mut ids: Vec<&str> = found.hits.iter().map(|h| h.source.as_str()).collect();
        ids.dedup();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    let _ = write!(
        out,
        "{} {} in {sources} source(s)",
        found.hits.len(),
        if found.fuzzy {
            "close passage(s)"
        } else {
            "match(es)"
        }
    );
    if found.hits.len() > limit {
        let _ = write!(
            out,
            "; the first {limit} are shown (--limit N for more, or a longer phrase)"
        );
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str, text: &str) -> SearchSource {
        SearchSource {
            id: id.to_owned(),
            file: PathBuf::from(format!("content/articles/{id}.txt")),
            text: text.to_owned(),
            text_line: 5,
            furniture: vec!["Photo Example.org".to_owned()],
        }
    }

    #[test]
    fn unique_phrase_has_no_disambiguation() {
        let s = [source("a", "First line.\nAna left  Lisbon on Sunday.\n")];
        let found = search(&s, "Ana left Lisbon", None).unwrap();
        assert!(!found.fuzzy);
        let hit = &found.hits[0];
        assert_eq!((hit.line, hit.column), (6, 1));
        assert_eq!(hit.passage, "Ana left Lisbon");
        assert_eq!(hit.after, " on Sunday.");
        assert_eq!(
            hit.evidence.to_yaml(),
            "      - source: a\n        quote: \"Ana left Lisbon\"\n"
        );
    }

    #[test]
    fn repeated_phrase_gets_shortest_prefix_or_suffix() {
        let text =
            "Photo Example.org\nAna arrived.\nPhoto Example.org\nRossi waited.\nAnd then Photo Example.org again.";
        let s = [source("cbc", text)];
        let found = search(&s, "Photo Example.org", None).unwrap();
        assert_eq!(found.hits.len(), 3);
        let e: Vec<&EvidenceSnippet> = found.hits.iter().map(|h| &h.evidence).collect();
        // The first has nothing before it: a suffix, long enough to be robust.
        assert_eq!(
            (e[0].prefix.as_deref(), e[0].suffix.as_deref()),
            (None, Some("Ana arrived."))
        );
        // The shorter side wins.
        assert_eq!(
            (e[1].prefix.as_deref(), e[1].suffix.as_deref()),
            (Some("Ana arrived."), None)
        );
        // At the end of the text a short suffix is all there is.
        assert_eq!(
            (e[2].prefix.as_deref(), e[2].suffix.as_deref()),
            (None, Some("again."))
        );
        assert!(found.hits[0].furniture && !found.hits[2].furniture);
        assert_eq!(found.hits[1].occurrence, (2, 3));
    }

    #[test]
    fn identical_contexts_fall_back_to_occurrence() {
        let s = [source("x", "la la la la la")];
        let found = search(&s, "la la la la la", None).unwrap();
        assert_eq!(found.hits.len(), 1);
        let found = search(&s, "la", None).unwrap();
        assert_eq!(found.hits.len(), 5);
        // Each one anchors to itself, whatever selector was chosen.
        for (i, hit) in found.hits.iter().enumerate() {
            let q = Query {
                quote: &hit.evidence.quote,
                prefix: hit.evidence.prefix.as_deref(),
                suffix: hit.evidence.suffix.as_deref(),
                occurrence: hit.evidence.occurrence,
            };
            let r = anchor_all("la la la la la", &[q]).pop().unwrap().unwrap();
            assert_eq!(r.start, i * 3);
        }
    }

    #[test]
    fn typographic_quotes_match_and_are_kept() {
        let text = "He said \u{201C}we\u{2019}ll pay\u{a0}a price\u{201D} \u{2014} twice.";
        let s = [source("a", text)];
        let found = search(&s, "\"we'll pay a price\" - twice", None).unwrap();
        let hit = &found.hits[0];
        assert_eq!(
            hit.evidence.quote,
            "\u{201C}we\u{2019}ll pay a price\u{201D} \u{2014} twice"
        );
        assert!(hit
            .evidence
            .to_yaml()
            .contains("quote: \"\u{201C}we\u{2019}ll pay a price\u{201D} \u{2014} twice\""));
        let found = search(&s, "\u{201C}we\u{2019}ll pay", None).unwrap();
        assert_eq!(found.hits.len(), 1);
    }

    #[test]
    fn fuzzy_fallback_offers_the_closest_passage() {
        let s = [
            source(
                "a",
                "Ana boarded his personal coach bound for Spain on Sunday.",
            ),
            source("b", "Nothing to see here at all."),
        ];
        let found = search(&s, "Ana boarded his private coach bound for Spain", None).unwrap();
        assert!(found.fuzzy);
        assert_eq!(found.hits.len(), 1);
        let hit = &found.hits[0];
        assert!(hit.similarity.unwrap() > 0.8);
        assert_eq!(hit.source, "a");
        assert!(hit.passage.starts_with("Ana boarded his personal coach"));
        let out = render(&found, "Ana boarded his private coach", false, 20);
        assert!(out.starts_with("No exact match"), "{out}");
    }

    #[test]
    fn decomposed_and_precomposed_accents_find_each_other() {
        let nfc = "La d\u{e9}l\u{e9}gation arrive \u{e0} Gen\u{e8}ve.";
        let nfd = "La de\u{301}le\u{301}gation arrive a\u{300} Gene\u{300}ve.";
        for (text, phrase) in [(nfc, nfd), (nfd, nfc)] {
            let s = [source("a", text)];
            let found = search(&s, &phrase[3..phrase.len() - 1], None).unwrap();
            assert!(!found.fuzzy, "{text:?}");
            let hit = &found.hits[0];
            // The passage and the snippet are the source's own characters.
            assert_eq!(hit.passage, &text[3..text.len() - 1]);
            assert_eq!(hit.evidence.quote, &text[3..text.len() - 1]);
            assert_eq!((hit.line, hit.column), (5, 4));
        }
        // A wrong accent: the closest passage, shown as letters that differ, never 100% alike.
        let s = [source("a", nfc)];
        let found = search(&s, "de\u{301}le\u{300}gation", None).unwrap();
        assert!(found.fuzzy);
        assert_eq!(found.hits[0].passage, "d\u{e9}l\u{e9}gation");
        let out = render(&found, "de\u{301}le\u{300}gation", false, 20);
        assert!(out.contains("(90% alike)"), "{out}");
        assert!(
            out.contains("what differs ([-phrase-]{+source+}): d\u{e9}l[-\u{e8}-]{+\u{e9}+}gation"),
            "{out}"
        );
    }

    #[test]
    fn yaml_strings_escape_quotes_and_backslashes() {
        assert_eq!(yaml_string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        let parsed: String = serde_yaml::from_str(&yaml_string("x \"y\" \\ z")).unwrap();
        assert_eq!(parsed, "x \"y\" \\ z");
    }

    #[test]
    fn only_one_source_and_empty_phrase() {
        let s = [source("a", "same words"), source("b", "same words")];
        assert_eq!(search(&s, "same", None).unwrap().hits.len(), 2);
        assert_eq!(search(&s, "same", Some("b")).unwrap().hits.len(), 1);
        assert!(matches!(
            search(&s, " \u{200B} ", None),
            Err(FindError::EmptyPhrase)
        ));
    }
}
