//! Quote anchoring: finds every quote of a source in its normalised text in one pass per source (a substring
//! scan per quote for a few quotes, one Aho-Corasick automaton for many).
//! A quote not found gets the closest passage of its source (module `closest`) and a diff of the two (`hint`).

mod closest;
mod hint;

pub use hint::{closest_hints, diff_summary, percent_alike};

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// A text normalised for matching, with a map from each normalised byte back to the original bytes.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalised text: Unicode NFC, whitespace runs as one space, straight quotes, ASCII hyphens, no
    /// invisible controls.
    pub text: String,
    /// Where the normalised text came from, piece by piece, in order: one per copied run and one per folded
    /// character or white-space run (a few per sentence, not one per byte).
    pieces: Vec<Piece>,
}

/// A stretch of normalised text starting at byte `norm`: either copied unchanged from the original at `orig`,
/// or one folded character (or white-space run) whose every byte maps to the original bytes `orig..end`.
#[derive(Debug, Clone, Copy)]
struct Piece {
    norm: u32,
    orig: u32,
    /// End of the original bytes of a folded piece; 0 for a copied run.
    end: u32,
}

/// An ASCII byte that normalisation keeps as it is (not whitespace, not a backtick).
const fn is_plain_ascii(b: u8) -> bool {
    b.is_ascii() && b != b'`' && !b.is_ascii_whitespace() && b != 0x0B
}

/// [`is_plain_ascii`] for every byte, looked up in the hot loop.
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_plain_ascii(b as u8);
        b += 1;
    }
    table
};

/// What a character becomes in normalised text.
pub(crate) enum Fold {
    Space,
    Drop,
    Char(char),
}

pub(crate) fn fold(c: char) -> Fold {
    match c {
        c if c.is_whitespace() => Fold::Space,
        // Zero-width, soft hyphen, BOM and bidi controls: invisible, so never part of what an editor types.
        '\u{00AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => Fold::Drop,
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' => {
            Fold::Char('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => Fold::Char('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Fold::Char('-'),
        c => Fold::Char(c),
    }
}

/// True if `c` composes with or reorders around the character before it under NFC (a combining mark, a
/// Hangul vowel or final jamo...).
fn joins_previous(c: char) -> bool {
    c >= '\u{300}'
        && (canonical_combining_class(c) != 0
            || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes)
}

/// True if `c` alone is already in NFC.
fn nfc_stable(c: char) -> bool {
    c < '\u{300}' || is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Appends folded characters to a normalised text, each mapped back to original bytes.
struct Folder<'a> {
    text: &'a mut String,
    pieces: &'a mut Vec<Piece>,
    in_space: &'a mut bool,
}

impl Folder<'_> {
    /// Appends `c` (from original bytes `start..end`) as normalisation folds it.
    fn push(&mut self, c: char, start: usize, end: usize) {
        let piece = Piece {
            norm: self.text.len() as u32,
            orig: start as u32,
            end: end as u32,
        };
        match fold(c) {
            Fold::Drop => {}
            Fold::Space if *self.in_space => {
                // Extend the run's single space over this character.
                if let Some(last) = self.pieces.last_mut() {
                    last.end = end as u32;
                }
            }
            Fold::Space => {
                *self.in_space = true;
                self.pieces.push(piece);
                self.text.push(' ');
            }
            Fold::Char(f) => {
                *self.in_space = false;
                self.pieces.push(piece);
                self.text.push(f);
            }
        }
    }
}

impl Normalized {
    /// Normalises `original`, remembering where each normalised byte came from.
    pub fn new(original: &str) -> Normalized {
        let mut text = String::with_capacity(original.len());
        let mut pieces: Vec<Piece> = Vec::with_capacity(original.len() / 16 + 1);
        let mut in_space = false;
        let bytes = original.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Most of a text is runs of ASCII that map to themselves: copy each run at once.
            // A single space between two such bytes is kept as it is too.
            let rest = &bytes[i..];
            let mut run = 0;
            loop {
                while run < rest.len() && PLAIN[usize::from(rest[run])] {
                    run += 1;
                }
                if run > 0
                    && rest.get(run) == Some(&b' ')
                    && rest.get(run + 1).is_some_and(|&n| PLAIN[usize::from(n)])
                {
                    run += 2;
                } else {
                    break;
                }
            }
            // An ASCII character followed by a combining mark composes with it: leave it to the cluster below.
            if run > 0 && bytes.get(i + run).is_some_and(|&b| b >= 0x80) {
                let next = original[i + run..].chars().next().expect("a char boundary");
                if joins_previous(next) {
                    run -= 1;
                }
            }
            if run > 0 {
                in_space = false;
                pieces.push(Piece {
                    norm: text.len() as u32,
                    orig: i as u32,
                    end: 0,
                });
                text.push_str(&original[i..i + run]);
                i += run;
                continue;
            }
            let c = original[i..].chars().next().expect("i is a char boundary");
            let mut end = i + c.len_utf8();
            // A character and the marks that compose or reorder with it are matched as their NFC form, so that
            // decomposed and precomposed accents match; all of it maps back to the whole cluster.
            while let Some(n) = original[end..]
                .chars()
                .next()
                .filter(|&n| joins_previous(n))
            {
                end += n.len_utf8();
            }
            let mut out = Folder {
                text: &mut text,
                pieces: &mut pieces,
                in_space: &mut in_space,
            };
            if end == i + c.len_utf8() && nfc_stable(c) {
                out.push(c, i, end);
            } else {
                for f in original[i..end].nfc() {
                    out.push(f, i, end);
                }
            }
            i = end;
        }
        Normalized { text, pieces }
    }

    /// The piece holding normalised byte `at` (< text length).
    fn piece(&self, at: usize) -> &Piece {
        let after = self.pieces.partition_point(|p| p.norm as usize <= at);
        &self.pieces[after - 1]
    }

    /// The first original byte that normalised byte `at` came from.
    fn start_of(&self, at: usize) -> usize {
        let p = self.piece(at);
        if p.end == 0 {
            p.orig as usize + (at - p.norm as usize)
        } else {
            p.orig as usize
        }
    }

    /// The end of the original bytes that normalised byte `at` came from.
    fn end_of(&self, at: usize) -> usize {
        let p = self.piece(at);
        if p.end == 0 {
            p.orig as usize + (at - p.norm as usize) + 1
        } else {
            p.end as usize
        }
    }

    /// The original byte range that the normalised range `range` came from.
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            let at = if range.start < self.text.len() {
                self.start_of(range.start)
            } else if self.text.is_empty() {
                0
            } else {
                self.end_of(self.text.len() - 1)
            };
            return at..at;
        }
        self.start_of(range.start)..self.end_of(range.end - 1)
    }
}

/// A quote (or any selector text) normalised and trimmed, as it is matched.
pub fn normalize_quote(quote: &str) -> String {
    Normalized::new(quote).text.trim().to_owned()
}

/// What to find in a source: W3C TextQuoteSelector fields plus an occurrence number.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<'a> {
    /// The exact passage.
    pub quote: &'a str,
    /// Text right before it.
    pub prefix: Option<&'a str>,
    /// Text right after it.
    pub suffix: Option<&'a str>,
    /// 1-based occurrence among those that match prefix and suffix.
    pub occurrence: Option<usize>,
}

/// Why a quote could not be anchored; ranges are in the original text.
#[derive(Debug, Clone, PartialEq)]
pub enum AnchorError {
    /// The quote is empty or only whitespace.
    Empty,
    /// Not in the source; the closest passage and its similarity (0-1), if any is close.
    NotFound(Option<(Range<usize>, f64)>),
    /// Found several times with nothing to choose between them.
    Ambiguous(Vec<Range<usize>>),
    /// Found, but no occurrence has the given prefix/suffix.
    SelectorMismatch(Vec<Range<usize>>),
    /// `occurrence` is beyond the number of matches.
    NoSuchOccurrence {
        /// How many occurrences there are.
        count: usize,
    },
}

/// Up to this many distinct quotes per source are found by one substring scan each; more use one Aho-Corasick
/// pass for all.
const FEW_PATTERNS: usize = 8;

/// Anchors every query into `source` in one pass; results are original byte ranges, in query order.
pub fn anchor_all(source: &str, queries: &[Query<'_>]) -> Vec<Result<Range<usize>, AnchorError>> {
    let norm = Normalized::new(source);
    anchor_all_normalized(&norm, queries)
}

/// Like [`anchor_all`], without looking for the closest passage of a quote not found (`NotFound(None)`): to
/// ask whether a quote is in a source at all.
pub fn anchor_all_exact(
    source: &str,
    queries: &[Query<'_>],
) -> Vec<Result<Range<usize>, AnchorError>> {
    anchor_normalized(&Normalized::new(source), queries, false)
}

/// Like [`anchor_all`], on an already normalised source.
pub fn anchor_all_normalized(
    norm: &Normalized,
    queries: &[Query<'_>],
) -> Vec<Result<Range<usize>, AnchorError>> {
    anchor_normalized(norm, queries, true)
}

fn anchor_normalized(
    norm: &Normalized,
    queries: &[Query<'_>],
    suggest: bool,
) -> Vec<Result<Range<usize>, AnchorError>> {
    let normalized: Vec<String> = queries.iter().map(|q| normalize_quote(q.quote)).collect();
    let mut pattern_ids: HashMap<&str, usize> = HashMap::new();
    let mut patterns: Vec<&str> = Vec::new();
    for q in &normalized {
        if !q.is_empty() && !pattern_ids.contains_key(q.as_str()) {
            pattern_ids.insert(q, patterns.len());
            patterns.push(q);
        }
    }
    let mut hits: Vec<Vec<Range<usize>>> = vec![Vec::new(); patterns.len()];
    if patterns.len() <= FEW_PATTERNS {
        // A few patterns over a few kilobytes: one SIMD substring scan each beats building an automaton.
        let hay = norm.text.as_bytes();
        for (found, pattern) in hits.iter_mut().zip(&patterns) {
            let finder = memchr::memmem::Finder::new(pattern.as_bytes());
            let mut at = 0;
            // Every occurrence, overlapping ones included (as Aho-Corasick's overlapping search gives).
            while let Some(i) = finder.find(&hay[at..]) {
                found.push(at + i..at + i + pattern.len());
                at += i + 1;
            }
        }
    } else {
        // Many patterns: one pass for all; a contiguous NFA builds much faster than a DFA, and one article is short.
        let ac = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("patterns are plain strings");
        for m in ac.find_overlapping_iter(&norm.text) {
            hits[m.pattern().as_usize()].push(m.range());
        }
    }
    queries
        .iter()
        .zip(&normalized)
        .map(|(query, nq)| {
            if nq.is_empty() {
                return Err(AnchorError::Empty);
            }
            let all = &hits[pattern_ids[nq.as_str()]];
            select(norm, query, nq, all, suggest)
        })
        .collect()
}

fn select(
    norm: &Normalized,
    query: &Query<'_>,
    nq: &str,
    all: &[Range<usize>],
    suggest: bool,
) -> Result<Range<usize>, AnchorError> {
    let orig = |r: &Range<usize>| norm.original_range(r.clone());
    if all.is_empty() {
        return Err(AnchorError::NotFound(
            suggest.then(|| closest_passage(norm, nq)).flatten(),
        ));
    }
    let prefix = query.prefix.map(normalize_quote).filter(|p| !p.is_empty());
    let suffix = query.suffix.map(normalize_quote).filter(|s| !s.is_empty());
    let fitting: Vec<&Range<usize>> = all
        .iter()
        .filter(|r| {
            prefix
                .as_deref()
                .is_none_or(|p| norm.text[..r.start].trim_end().ends_with(p))
                && suffix
                    .as_deref()
                    .is_none_or(|s| norm.text[r.end..].trim_start().starts_with(s))
        })
        .collect();
    if fitting.is_empty() {
        return Err(AnchorError::SelectorMismatch(
            all.iter().map(orig).collect(),
        ));
    }
    match query.occurrence {
        Some(n) if n == 0 || n > fitting.len() => Err(AnchorError::NoSuchOccurrence {
            count: fitting.len(),
        }),
        Some(n) => Ok(orig(fitting[n - 1])),
        None if fitting.len() == 1 => Ok(orig(fitting[0])),
        None => Err(AnchorError::Ambiguous(
            fitting.into_iter().map(orig).collect(),
        )),
    }
}

/// The passage of `norm` most like `quote` (an original byte range) and how alike they are, if at least half.
fn closest_passage(norm: &Normalized, quote: &str) -> Option<(Range<usize>, f64)> {
    let (range, score) = closest::closest_passage(&norm.text, quote)?;
    Some((norm.original_range(range), score))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(quote: &str) -> Query<'_> {
        Query {
            quote,
            ..Query::default()
        }
    }

    #[test]
    fn normalises_whitespace_quotes_and_dashes() {
        let src = "He said \u{201C}pay\u{a0}a  price\u{201D} \u{2014} twice.\nNext line.";
        let r = anchor_all(src, &[q("said \"pay a price\" - twice. Next")]);
        let range = r[0].clone().unwrap();
        assert_eq!(
            &src[range],
            "said \u{201C}pay\u{a0}a  price\u{201D} \u{2014} twice.\nNext"
        );
    }

    #[test]
    fn is_case_sensitive_and_suggests_closest() {
        let src = "Ana left Lisbon on his private coach on Sunday afternoon.";
        let r = anchor_all(
            src,
            &[q("ana left Lisbon"), q("left Lisbon on his privat coach")],
        );
        assert!(matches!(r[0], Err(AnchorError::NotFound(Some(_)))));
        match &r[1] {
            Err(AnchorError::NotFound(Some((range, score)))) => {
                assert_eq!(&src[range.clone()], "left Lisbon on his private coach");
                let r = anchor_all(
                    "It left on Sunday afternoon, he said.",
                    &[q("left on Sunday evening")],
                );
                let Err(AnchorError::NotFound(Some((range, _)))) = &r[0] else {
                    panic!("{r:?}")
                };
                assert_eq!(range.clone(), 3..27, "no trailing comma in the suggestion");
                assert!(*score > 0.9);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ambiguity_and_disambiguation() {
        let src = "Photo Ex.org\nText one.\nPhoto Ex.org\nText two.";
        let results = anchor_all(
            src,
            &[
                q("Photo Ex.org"),
                Query {
                    quote: "Photo Ex.org",
                    prefix: Some("Text one."),
                    ..Query::default()
                },
                Query {
                    quote: "Photo Ex.org",
                    occurrence: Some(1),
                    ..Query::default()
                },
                Query {
                    quote: "Photo Ex.org",
                    suffix: Some("Text three"),
                    ..Query::default()
                },
                Query {
                    quote: "Photo Ex.org",
                    occurrence: Some(3),
                    ..Query::default()
                },
            ],
        );
        assert!(matches!(&results[0], Err(AnchorError::Ambiguous(c)) if c.len() == 2));
        assert_eq!(results[1].clone().unwrap().start, 23);
        assert_eq!(results[2].clone().unwrap().start, 0);
        assert!(matches!(results[3], Err(AnchorError::SelectorMismatch(_))));
        assert_eq!(results[4], Err(AnchorError::NoSuchOccurrence { count: 2 }));
    }

    #[test]
    fn ascii_runs_and_folded_characters_map_back_byte_for_byte() {
        let original = "a`b\x0Bc  d\u{a0}\u{2019}e\u{200B}f\t\u{201C}g\u{201D} Ana\u{2014}Rossi";
        let norm = Normalized::new(original);
        assert_eq!(norm.text, "a'b c d 'ef \"g\" Ana-Rossi");
        // Each normalised byte maps to the original character(s) it came from.
        let back = |needle: &str| {
            let at = norm.text.find(needle).unwrap();
            &original[norm.original_range(at..at + needle.len())]
        };
        assert_eq!(back("'ef"), "\u{2019}e\u{200B}f");
        assert_eq!(back("c d"), "c  d");
        assert_eq!(back("Ana-Rossi"), "Ana\u{2014}Rossi");
        assert_eq!(back("a'b c"), "a`b\x0Bc");
    }

    /// Normalisation as first written, with a map entry per normalised byte: the reference for the pieces.
    fn reference_ranges(original: &str) -> (String, Vec<usize>, Vec<usize>) {
        let (mut text, mut starts, mut ends) = (String::new(), Vec::new(), Vec::new());
        let mut in_space = false;
        for (i, c) in original.char_indices() {
            let end = i + c.len_utf8();
            match fold(c) {
                Fold::Drop => {}
                Fold::Space if in_space => *ends.last_mut().unwrap() = end,
                Fold::Space => {
                    in_space = true;
                    text.push(' ');
                    starts.push(i);
                    ends.push(end);
                }
                Fold::Char(f) => {
                    in_space = false;
                    text.push(f);
                    starts.extend(std::iter::repeat_n(i, f.len_utf8()));
                    ends.extend(std::iter::repeat_n(end, f.len_utf8()));
                }
            }
        }
        (text, starts, ends)
    }

    #[test]
    fn pieces_map_back_like_a_map_per_byte() {
        let parts = [
            "a", "Ana", " ", "  ", "\t", "\n", "\u{b}", "`", "\u{a0}", "\u{2019}", "\u{201C}",
            "\u{2014}", "\u{200B}", "\u{FEFF}", "é", "김", ".", "\u{2003}", "x y",
        ];
        let mut seed = 11u64;
        for _ in 0..1500 {
            let mut original = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(seed >> 60) + 1 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                original.push_str(parts[(seed >> 33) as usize % parts.len()]);
            }
            let norm = Normalized::new(&original);
            let (text, starts, ends) = reference_ranges(&original);
            assert_eq!(norm.text, text, "{original:?}");
            for (a, &start) in starts.iter().enumerate() {
                for (b, &end) in ends.iter().enumerate().skip(a) {
                    assert_eq!(
                        norm.original_range(a..b + 1),
                        start..end,
                        "{original:?} {a}..{b}"
                    );
                }
            }
            let end = ends.last().copied().unwrap_or(0);
            assert_eq!(norm.original_range(text.len()..text.len()), end..end);
        }
    }

    #[test]
    fn decomposed_and_precomposed_accents_match_both_ways() {
        let nfc = "Le caf\u{e9} ouvre \u{e0} midi, dit Ren\u{e9}e.";
        let nfd = "Le cafe\u{301} ouvre a\u{300} midi, dit Rene\u{301}e.";
        // An NFD quote in an NFC source: the range is the source's own (precomposed) bytes.
        let r = anchor_all(nfc, &[q("cafe\u{301} ouvre a\u{300} midi")]);
        assert_eq!(&nfc[r[0].clone().unwrap()], "caf\u{e9} ouvre \u{e0} midi");
        // An NFC quote in an NFD source: the range covers the decomposed bytes, marks included.
        let r = anchor_all(nfd, &[q("caf\u{e9} ouvre \u{e0} midi"), q("Ren\u{e9}e")]);
        assert_eq!(
            &nfd[r[0].clone().unwrap()],
            "cafe\u{301} ouvre a\u{300} midi"
        );
        assert_eq!(&nfd[r[1].clone().unwrap()], "Rene\u{301}e");
        // A base letter alone is not the accented one.
        assert!(anchor_all(nfd, &[q("cafe ouvre")])[0].is_err());
    }

    #[test]
    fn clusters_are_reordered_and_map_back_whole() {
        // Marks in non-canonical order, a Hangul syllable in jamo, a singleton (Angstrom sign).
        let original = "x q\u{301}\u{323}y \u{1100}\u{1161}\u{11A8} \u{212B} e\u{301}";
        let norm = Normalized::new(original);
        assert_eq!(norm.text, "x q\u{323}\u{301}y \u{AC01} \u{C5} \u{E9}");
        let at = norm.text.find('\u{AC01}').unwrap();
        let back = norm.original_range(at..at + '\u{AC01}'.len_utf8());
        assert_eq!(&original[back], "\u{1100}\u{1161}\u{11A8}");
        let at = norm.text.find("q\u{323}").unwrap();
        let back = norm.original_range(at..at + "q\u{323}\u{301}y".len());
        assert_eq!(&original[back], "q\u{301}\u{323}y");
        assert_eq!(
            &original[norm.original_range(norm.text.len() - 2..norm.text.len())],
            "e\u{301}"
        );
    }

    #[test]
    fn a_letter_with_thousands_of_marks_is_one_cluster() {
        let original = format!("x a{} y", "\u{301}\u{316}".repeat(5000));
        let norm = Normalized::new(&original);
        assert!(
            norm.text.starts_with("x \u{e1}\u{316}"),
            "{:?}",
            &norm.text[..8]
        );
        let r = anchor_all(&original, &[q("y")]);
        assert_eq!(&original[r[0].clone().unwrap()], "y");
    }

    #[test]
    fn empty_and_invisible_characters() {
        let src = "zero\u{200B}width and bidi\u{202E} text";
        let r = anchor_all(src, &[q("  "), q("zerowidth and bidi text")]);
        assert_eq!(r[0], Err(AnchorError::Empty));
        assert_eq!(r[1].clone().unwrap(), 0..src.len());
    }

    #[test]
    fn overlapping_quotes_are_all_found() {
        let src = "one two three four";
        let r = anchor_all(
            src,
            &[
                q("one two three"),
                q("two three four"),
                q("one two three four"),
            ],
        );
        assert_eq!(r[0].clone().unwrap(), 0..13);
        assert_eq!(r[1].clone().unwrap(), 4..18);
        assert_eq!(r[2].clone().unwrap(), 0..18);
    }
}
