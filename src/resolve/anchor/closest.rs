//! The closest passage to a quote that is not in its source, at a bounded cost whatever the lengths: rare
//! fragments of the quote found in one scan vote for where the quote would start, and only the few best
//! places are aligned, in a band around their diagonal.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

/// A quote longer than this (in characters) gets no suggestion: aligning it would cost too much, and a
/// passage that long is better found with `dossier find` on a part of it.
const MAX_QUOTE: usize = 20_000;
/// Most distinct fragments of a quote looked for.
const MAX_PATTERNS: usize = 32;
/// Most fragment hits that may vote, summed over the fragments kept (the rarest first).
const HIT_BUDGET: usize = 200_000;
/// Votes are counted per bucket of this many bytes of diagonal.
const BUCKET: usize = 16;
/// Most places aligned per quote.
const MAX_CANDIDATES: usize = 8;
/// Most alignment cells spent per quote (each place costs quote length x band width).
const CELL_BUDGET: usize = 24_000_000;
/// Half-width of the band in which the cuts of a passage are compared.
const NARROW: usize = 16;
/// Below this similarity a passage is no suggestion at all.
const MIN_SIMILARITY: f64 = 0.5;

/// The passage of `text` most like `quote` (both normalised), as a byte range of `text` on word boundaries
/// and its similarity (1 - edit distance / longer length, in characters), if at least half alike.
pub(super) fn closest_passage(text: &str, quote: &str) -> Option<(Range<usize>, f64)> {
    if text.is_empty() || quote.is_empty() {
        return None;
    }
    let q: Vec<char> = quote.chars().collect();
    if q.len() > MAX_QUOTE {
        return None;
    }
    let half = band_half_width(q.len());
    // A short quote has too few words to vote well: its three-letter pieces vote too.
    // None of its words found (each mistyped, or too common to tell): its three-letter pieces then.
    let mut fragments = word_fragments(quote);
    let short = fragments.len() < 3;
    if short {
        fragments.extend(trigrams(quote));
    }
    let starts = candidate_starts(text, &fragments)
        .or_else(|| (!short).then(|| candidate_starts(text, &trigrams(quote)))?)?;
    let width = 2 * (half + BUCKET) + 1;
    let tries = (CELL_BUDGET / (q.len() * width).max(1)).clamp(1, MAX_CANDIDATES);
    // Places with far fewer votes than the best are not worth aligning.
    let top = starts.first().map_or(0, |s| s.0);
    let (_, range) = starts
        .iter()
        .take(tries)
        .filter(|s| s.0 * 4 >= top)
        .filter_map(|&(_, start)| align_at(text, &q, start, half))
        .min_by_key(|(cost, range)| (*cost, range.start))?;
    let (range, score) = snap_to_words(text, &q, range, half);
    (score >= MIN_SIMILARITY).then_some((range, score))
}

/// How far (in characters) an alignment may drift from its diagonal: room for a few inserted or missing words.
fn band_half_width(quote_chars: usize) -> usize {
    (quote_chars / 8).clamp(16, 128)
}

/// The quote's words stripped of punctuation, each with where it occurs in the quote (byte offsets).
fn word_fragments(quote: &str) -> Vec<(&str, Vec<usize>)> {
    let mut found: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut at = 0;
    for word in quote.split(' ') {
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        let offset = at + word.find(core).unwrap_or(0);
        at += word.len() + 1;
        if core.chars().count() < 3 {
            continue;
        }
        let slot = *index.entry(core).or_insert_with(|| {
            found.push((core, Vec::new()));
            found.len() - 1
        });
        found[slot].1.push(offset);
    }
    // Longer words are rarer: keep the longest (then the first).
    found.sort_by_key(|f| std::cmp::Reverse(f.0.len()));
    found.truncate(MAX_PATTERNS);
    found
}

/// Three-character fragments of the quote, for quotes with no word long enough to look for (spread over the
/// quote when there are many).
fn trigrams(quote: &str) -> Vec<(&str, Vec<usize>)> {
    let bounds: Vec<usize> = quote
        .char_indices()
        .map(|(i, _)| i)
        .chain([quote.len()])
        .collect();
    let all: Vec<(usize, &str)> = bounds
        .windows(4)
        .map(|w| (w[0], &quote[w[0]..w[3]]))
        .filter(|(_, g)| !g.contains(' '))
        .collect();
    let step = all.len().div_ceil(MAX_PATTERNS).max(1);
    let mut found: Vec<(&str, Vec<usize>)> = Vec::new();
    for &(offset, gram) in all.iter().step_by(step) {
        match found.iter_mut().find(|(g, _)| *g == gram) {
            Some((_, offsets)) => offsets.push(offset),
            None => found.push((gram, vec![offset])),
        }
    }
    found
}

/// Where the quote most likely starts in `text` (byte offsets, best first, with their votes), by votes of
/// the fragments found there; `None` if no fragment is found (or all are too common to tell anything).
fn candidate_starts(text: &str, fragments: &[(&str, Vec<usize>)]) -> Option<Vec<(u32, usize)>> {
    if fragments.is_empty() {
        return None;
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(fragments.iter().map(|(f, _)| f))
        .expect("fragments are plain strings");
    // One scan; a fragment seen more often than its share of the budget is too common to vote, and its hits
    // are dropped as soon as it is (memory stays bounded whatever the text).
    let cap = HIT_BUDGET / fragments.len();
    let mut hits: Vec<Option<Vec<usize>>> = vec![Some(Vec::new()); fragments.len()];
    for m in ac.find_iter(text) {
        let f = m.pattern().as_usize();
        if let Some(list) = &mut hits[f] {
            if list.len() * fragments[f].1.len() >= cap {
                hits[f] = None;
            } else {
                list.push(m.start());
            }
        }
    }
    let mut votes: HashMap<usize, u32> = HashMap::new();
    for (f, list) in hits.iter().enumerate() {
        for &at in list.iter().flatten() {
            for &offset in &fragments[f].1 {
                if let Some(start) = at.checked_sub(offset) {
                    *votes.entry(start / BUCKET).or_default() += 1;
                }
            }
        }
    }
    if votes.is_empty() {
        return None;
    }
    // A start near a bucket's edge splits its votes: count each bucket with its neighbour.
    let mut ranked: Vec<(u32, usize)> = votes
        .iter()
        .map(|(&b, &v)| (v + votes.get(&(b + 1)).copied().unwrap_or(0), b))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<(u32, usize)> = Vec::new();
    for (v, b) in ranked {
        if chosen.len() == MAX_CANDIDATES {
            break;
        }
        if chosen.iter().all(|&(_, c)| c.abs_diff(b) > 2) {
            chosen.push((v, b));
        }
    }
    Some(
        chosen
            .into_iter()
            .map(|(v, b)| (v, b * BUCKET + BUCKET))
            .collect(),
    )
}

/// Aligns the quote around `start` (a byte offset of `text`): its edit cost and the byte range it covers.
fn align_at(text: &str, q: &[char], start: usize, half: usize) -> Option<(usize, Range<usize>)> {
    let reach = half + 2 * BUCKET;
    let from = text.floor_char_boundary(start.saturating_sub(reach));
    let start = text.floor_char_boundary(start.min(text.len()));
    let to = text.floor_char_boundary(start.saturating_add(quote_bytes(q) + reach).min(text.len()));
    let window: Vec<(usize, char)> = text[from..to].char_indices().collect();
    let chars: Vec<char> = window.iter().map(|&(_, c)| c).collect();
    let diagonal = text[from..start].chars().count() as isize;
    let spread = (half + BUCKET) as isize;
    let (cost, cols) = align(q, &chars, diagonal - spread, diagonal + spread, true)?;
    let byte = |col: usize| window.get(col).map_or(to, |&(i, _)| from + i);
    Some((cost, byte(cols.start)..byte(cols.end)))
}

fn quote_bytes(q: &[char]) -> usize {
    q.iter().map(|c| c.len_utf8()).sum()
}

/// Edit distance between `q` and `w` within the band of diagonals `lo..=hi` (column minus row). With `free`,
/// the alignment may start and end anywhere in `w` (the best passage of `w`); without, it spans all of `w`.
/// Returns the cost and the columns of `w` covered, or `None` if the band misses the ends.
fn align(
    q: &[char],
    w: &[char],
    lo: isize,
    hi: isize,
    free: bool,
) -> Option<(usize, Range<usize>)> {
    const FAR: u32 = u32::MAX / 2;
    let (m, n) = (q.len() as isize, w.len() as isize);
    let lo = lo.max(-m);
    let hi = hi.min(n);
    if lo > hi {
        return None;
    }
    let width = (hi - lo + 1) as usize;
    // Row i holds columns j = i + lo + k, k in 0..width; each cell keeps its cost and where its path started.
    let mut prev: Vec<(u32, u32)> = vec![(FAR, 0); width];
    let mut row: Vec<(u32, u32)> = vec![(FAR, 0); width];
    for (k, cell) in prev.iter_mut().enumerate() {
        let j = lo + k as isize;
        if (0..=n).contains(&j) {
            *cell = if free { (0, j as u32) } else { (j as u32, 0) };
        }
    }
    for i in 1..=m {
        // The columns of this row inside the band and inside `w`.
        let first = (-(i + lo)).max(0) as usize;
        let Some(last) = usize::try_from(n - i - lo).ok().map(|l| l.min(width - 1)) else {
            // Past the end of `w` for every diagonal: nothing more can be aligned.
            return None;
        };
        if first > last {
            return None;
        }
        let qc = q[(i - 1) as usize];
        for k in first..=last {
            let j = (i + lo + k as isize) as usize;
            // Quote character i - 1 missing from the passage: from (i - 1, j), diagonal k + 1 of the last row.
            let mut best = prev.get(k + 1).map_or((FAR, 0), |&(c, s)| (c + 1, s));
            if j > 0 {
                let (c, s) = prev[k];
                let c = c + u32::from(qc != w[j - 1]);
                if c < best.0 {
                    best = (c, s);
                }
                if k > first && row[k - 1].0 + 1 < best.0 {
                    best = (row[k - 1].0 + 1, row[k - 1].1);
                }
            }
            row[k] = best;
        }
        // The band's last column leaves `w` one row at a time: clear what the row before last left there.
        if let Some(cell) = row.get_mut(last + 1) {
            *cell = (FAR, 0);
        }
        std::mem::swap(&mut prev, &mut row);
    }
    let end_of = |k: usize| (m + lo + k as isize) as usize;
    let (k, &(cost, start)) = prev
        .iter()
        .enumerate()
        .filter(|&(k, _)| free || end_of(k) as isize == n)
        .filter(|&(k, _)| (0..=n).contains(&(end_of(k) as isize)))
        .min_by_key(|&(k, &(c, _))| (c, k))?;
    (cost < FAR).then(|| (cost as usize, start as usize..end_of(k)))
}

/// Similarity of `q` to `passage`: 1 - edit distance / the longer length, in characters.
fn similarity(q: &[char], passage: &str, half: usize) -> f64 {
    let p: Vec<char> = passage.chars().collect();
    let longer = q.len().max(p.len());
    if longer == 0 {
        return 1.0;
    }
    let diff = p.len() as isize - q.len() as isize;
    let (lo, hi) = (diff.min(0) - half as isize, diff.max(0) + half as isize);
    let cost = align(q, &p, lo, hi, false).map_or(longer, |(c, _)| c.min(longer));
    1.0 - cost as f64 / longer as f64
}

/// The aligned `range` widened to whole words, then the cut (one word more or less at either end) most like
/// the quote; punctuation at its edges is left out unless the quote has it there too.
fn snap_to_words(text: &str, q: &[char], range: Range<usize>, half: usize) -> (Range<usize>, f64) {
    let bytes = text.as_bytes();
    let word_start = |mut at: usize| {
        while at > 0 && bytes[at - 1] != b' ' {
            at -= 1;
        }
        at
    };
    let word_end = |mut at: usize| {
        while at < bytes.len() && bytes[at] != b' ' {
            at += 1;
        }
        at
    };
    let start = word_start(range.start.min(text.len()));
    // An alignment ending on a space ends with the word before it.
    let end = word_end(if range.end > start && bytes[range.end - 1] == b' ' {
        range.end - 1
    } else {
        range.end
    });
    let starts = [
        word_start(start.saturating_sub(1)),
        start,
        word_end(start) + usize::from(word_end(start) < text.len()),
    ];
    let ends = [
        word_end(end + usize::from(end < text.len())),
        end,
        if end > start {
            word_start(end - 1).saturating_sub(1)
        } else {
            end
        },
    ];
    let mut best: Option<(Range<usize>, f64)> = None;
    for &s in &starts {
        for &e in &ends {
            if s >= e {
                continue;
            }
            let cut = trim_edges(text, s..e, q);
            // Cuts are compared in a narrow band (exact for nearly equal texts), the chosen one scored fully.
            let score = similarity(q, &text[cut.clone()], NARROW);
            if best.as_ref().is_none_or(|b| score > b.1) {
                best = Some((cut, score));
            }
        }
    }
    let cut = best.map_or(start..end.max(start), |b| b.0);
    let score = similarity(q, &text[cut.clone()], half);
    (cut, score)
}

/// `cut` without the punctuation (quote marks, brackets, full stops...) at either edge that the quote does
/// not have at that edge.
fn trim_edges(text: &str, mut cut: Range<usize>, q: &[char]) -> Range<usize> {
    let (Some(&first), Some(&last)) = (q.first(), q.last()) else {
        return cut;
    };
    let stray = |c: char, own: char| !c.is_alphanumeric() && c != own;
    while let Some(c) = text[cut.clone()]
        .chars()
        .next()
        .filter(|&c| stray(c, first))
    {
        cut.start += c.len_utf8();
    }
    while let Some(c) = text[cut.clone()]
        .chars()
        .next_back()
        .filter(|&c| stray(c, last))
    {
        cut.end -= c.len_utf8();
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn banded_alignment_is_the_edit_distance() {
        let cases = [
            ("kitten", "sitting", 3),
            ("", "abc", 3),
            ("abc", "", 3),
            ("flaw", "lawn", 2),
            ("same", "same", 0),
        ];
        for (a, b, d) in cases {
            let (c, _) = align(&chars(a), &chars(b), -10, 10, false).unwrap();
            assert_eq!(c, d, "{a} / {b}");
            assert_eq!(c, strsim::levenshtein(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn free_alignment_finds_the_best_passage() {
        let w = chars("xx the private garden yy");
        let (cost, cols) = align(&chars("privat garden"), &w, -2, 30, true).unwrap();
        assert_eq!(cost, 1);
        let found: String = w[cols].iter().collect();
        assert_eq!(found, "private garden");
    }

    #[test]
    fn seeds_find_a_long_quote_far_into_a_text() {
        let filler = "lorem ipsum dolor sit amet ".repeat(4000);
        let passage = "the committee approved the northern bridge budget after a long debate";
        let text = format!("{filler}{passage} and then adjourned. {filler}");
        let quote = "the committee approved the southern bridge budget after a long debate";
        let (range, score) = closest_passage(&text, quote).unwrap();
        assert_eq!(&text[range], passage);
        assert!(score > 0.9 && score < 1.0, "{score}");
    }

    #[test]
    fn a_single_mistyped_word_is_found_by_its_trigrams() {
        let text = "The choir reached Valparaiso on Tuesday.";
        let (range, _) = closest_passage(text, "Valparaisso").unwrap();
        assert_eq!(&text[range], "Valparaiso");
        // Every word mistyped.
        let text = "Stops: Faro, then Valparaiso, Coimbra and Barcelona, then home.";
        let (range, _) = closest_passage(text, "Valparaisso, Coimbrra and Barcelonna").unwrap();
        assert_eq!(&text[range], "Valparaiso, Coimbra and Barcelona");
    }

    #[test]
    fn degenerate_inputs_stay_cheap() {
        let began = std::time::Instant::now();
        // One word over and over: every fragment is too common to vote.
        let text = "lala ".repeat(200_000);
        let quote = format!("{}lalx", "lala ".repeat(1000));
        let _ = closest_passage(&text, &quote);
        // Too long a quote to align gets no suggestion.
        let long = "word ".repeat(MAX_QUOTE / 5 + 1);
        assert_eq!(closest_passage(&long, &format!("{long}x")), None);
        // No letters at all.
        let (range, _) = closest_passage("ab !!! ?? cd", "!!! ???").unwrap();
        assert_eq!(range, 3..9);
        assert!(began.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn a_short_quote_with_a_common_word_is_placed_by_its_letters() {
        let text = "The boat left. Then by boat again. Ana left Valparaiso by boat on Sunday.";
        let (range, _) = closest_passage(text, "Valparazo by boat").unwrap();
        assert_eq!(&text[range], "Valparaiso by boat");
    }

    #[test]
    fn nothing_alike_gives_nothing() {
        assert_eq!(closest_passage("alpha beta gamma", "zzzz qqqq"), None);
        assert_eq!(closest_passage("", "abc"), None);
    }
}
