//! Shared wording: the passages that two sources share word for word, found in time near-linear in the total
//! number of words.
//!
//! Each text is cut into words as quote matching normalises it (`words.rs`) and each word hashed to a 32-bit
//! id. Every window of `min_words` ids (a shingle) gets a 64-bit rolling hash. Two passes over a pair of bitsets
//! keep only the shingles seen at least twice (a fifth of the rest get through and are dropped later); those are
//! sorted by hash, and every group that spans two sources seeds a candidate run on the diagonal of its two
//! positions. Seeds on one diagonal merge into one candidate, which is checked id by id, split where ids differ
//! and extended to its maximal length; each run is then checked word by word on the text itself, so neither a
//! shingle-hash nor a word-hash collision can report wording that differs.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use serde::Serialize;

mod wire;
mod words;

pub(super) use wire::shared_passages;

use words::{mix, same_word, word_id, Words, BREAK};

/// The shortest shared run reported by the build, in words.
pub const MIN_WORDS: usize = 8;

/// Boilerplate cap: a shingle found more often than this across all sources seeds nothing. Such a run is a
/// wire's copyright line or a site's footer, or is carried so widely that listing every pair stops helping; it
/// also bounds the work per shingle (at most `MAX_OCCURRENCES`² / 2 pairs). A passage that contains such a
/// shingle is still found whole when its other shingles are rarer: runs are extended across capped shingles.
pub const MAX_OCCURRENCES: usize = 64;

/// A shingle found in more than this many sources pairs only with the first of them (a star, not every pair):
/// a passage carried by many texts then costs work and output linear in their number, and the first text's
/// page still lists every other. Below it, every pair of sources is compared.
pub const STAR_ABOVE: usize = 8;

/// Two sources share substantial wording when their shared runs cover at least this many words...
pub const SUBSTANTIAL_WORDS: usize = 40;

/// ...or at least this percentage of the shorter text's words.
pub const SUBSTANTIAL_PERCENT: usize = 20;

/// One source to compare.
#[derive(Debug, Clone, Copy)]
pub struct SourceText<'a> {
    /// The source's id.
    pub id: &'a str,
    /// Its verbatim text.
    pub text: &'a str,
    /// Byte ranges of `text` to leave out (page furniture); no run covers or crosses them.
    pub skip: &'a [Range<usize>],
}

/// Where a shared passage is in one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// Index of the source in the slice given to [`find_shared`].
    pub source: usize,
    /// Byte range in the source's original text, from the first byte of the first word to the last of the last.
    pub range: Range<usize>,
    /// Word positions in the source, counted as [`count_words`] counts them.
    pub words: Range<usize>,
}

/// A maximal run of words that two sources share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedPassage {
    /// The run in the source that comes first in the input.
    pub a: Occurrence,
    /// The same run in the other source.
    pub b: Occurrence,
    /// The number of words in the run.
    pub words: usize,
}

/// What two sources share, for the `check` warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairSummary {
    /// Index of the first source.
    pub a: usize,
    /// Index of the second source.
    pub b: usize,
    /// Number of shared passages.
    pub passages: usize,
    /// Words of the shared passages, each word counted once per side; the smaller side.
    pub shared_words: usize,
    /// Words of the shorter text.
    pub shorter_words: usize,
    /// Whether that is substantial ([`SUBSTANTIAL_WORDS`] or [`SUBSTANTIAL_PERCENT`]).
    pub substantial: bool,
}

/// Finds every maximal run of at least `min_words` words (1 at least) shared by two different sources, ordered
/// by source pair and position.
pub fn find_shared(sources: &[SourceText<'_>], min_words: usize) -> Vec<SharedPassage> {
    let found = find_shared_with(sources, min_words, MAX_OCCURRENCES, usize::MAX, word_id);
    std::sync::Arc::unwrap_or_clone(found.passages)
}

/// At most this many other sources are listed as sharing wording with one source (those it shares the most
/// with); a pair is listed when either side lists the other. The others are counted, not listed: in a large
/// corpus, texts that share nothing but a common phrase or a widely quoted sentence would otherwise list
/// thousands of partners each (output quadratic in the sources).
pub const MAX_PARTNERS: usize = 12;

/// What the build keeps of the shared wording.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The listed passages, ordered by source pair and position (shared: `serve` keeps them across rebuilds).
    pub passages: std::sync::Arc<Vec<SharedPassage>>,
    /// For each source, how many other sources share a run with it but are not listed.
    pub unlisted: Vec<usize>,
    /// For each source listed in a passage, its number of words (as [`count_words`] counts them); else 0.
    pub words: Vec<usize>,
}

/// [`find_shared`], listing for each source only the [`MAX_PARTNERS`] sources it shares the most words with.
pub fn find_shared_listed(sources: &[SourceText<'_>], min_words: usize) -> Found {
    find_shared_with(sources, min_words, MAX_OCCURRENCES, MAX_PARTNERS, word_id)
}

/// [`find_shared`] with the boilerplate cap, the partner cap and the word hash as parameters (tests use weak
/// hashes).
fn find_shared_with(
    sources: &[SourceText<'_>],
    min_words: usize,
    cap: usize,
    max_partners: usize,
    word_id: fn(&str) -> u32,
) -> Found {
    let k = min_words.max(1);
    // The ids alone for the search (4 bytes a word), the words' places only once it is over: a large
    // dossier's peak memory is this stage's.
    let ids: Vec<Vec<u32>> = sources
        .par_iter()
        .map(|s| Words::new(s, word_id, false).ids)
        .collect();
    let refs: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
    let total: usize = refs.iter().map(|doc| doc.len()).sum();
    let seeds = seeds(&refs, k, cap, hash_parts(total));
    let mut runs: Vec<Run> = candidates(&seeds, k)
        .par_iter()
        .flat_map_iter(|c| extend(refs[c.a as usize], refs[c.b as usize], c, k))
        .collect();
    drop(seeds);
    drop(refs);
    drop(ids);
    runs.par_sort_unstable();
    runs.dedup();
    let (runs, unlisted) = closest_partners(runs, sources.len(), max_partners);
    let (passages, words) = passages(sources, &runs, k, word_id);
    Found {
        passages: std::sync::Arc::new(passages),
        unlisted,
        words,
    }
}

/// Keeps the runs of the pairs of sources that either side counts among its `max` closest partners (by the
/// words of their runs, an upper bound before the word-by-word check); returns them with, per source, the
/// number of partners left out.
fn closest_partners(runs: Vec<Run>, sources: usize, max: usize) -> (Vec<Run>, Vec<usize>) {
    let mut unlisted = vec![0; sources];
    if max == usize::MAX {
        return (runs, unlisted);
    }
    // (a, b, words) per pair, in the runs' order.
    let pairs: Vec<(u32, u32, u64)> = runs
        .chunk_by(|x, y| (x.a, x.b) == (y.a, y.b))
        .map(|g| (g[0].a, g[0].b, g.iter().map(|r| u64::from(r.len)).sum()))
        .collect();
    let mut of_source: Vec<Vec<(u64, u32, u32)>> = vec![Vec::new(); sources];
    for (i, &(a, b, words)) in pairs.iter().enumerate() {
        of_source[a as usize].push((words, b, i as u32));
        of_source[b as usize].push((words, a, i as u32));
    }
    let mut keep = vec![false; pairs.len()];
    for list in &mut of_source {
        // The most words first; ties to the earlier source, so the choice does not depend on thread timing.
        list.sort_unstable_by_key(|&(words, other, _)| (std::cmp::Reverse(words), other));
        for &(_, _, pair) in list.iter().take(max) {
            keep[pair as usize] = true;
        }
    }
    for (s, list) in of_source.iter().enumerate() {
        unlisted[s] = list.iter().filter(|&&(_, _, p)| !keep[p as usize]).count();
    }
    let mut kept = Vec::with_capacity(runs.len().min(sources * max * 4));
    for (pair, group) in runs.chunk_by(|x, y| (x.a, x.b) == (y.a, y.b)).enumerate() {
        if keep[pair] {
            kept.extend_from_slice(group);
        }
    }
    (kept, unlisted)
}

/// The passages of source `source` for its page ("this passage also appears in ..."): each as (the occurrence
/// there, the occurrence in the other source), in text order.
pub fn of_source<'a>(
    passages: impl IntoIterator<Item = &'a SharedPassage>,
    source: usize,
) -> Vec<(&'a Occurrence, &'a Occurrence)> {
    let mut out: Vec<(&Occurrence, &Occurrence)> = passages
        .into_iter()
        .filter_map(|p| match source {
            s if s == p.a.source => Some((&p.a, &p.b)),
            s if s == p.b.source => Some((&p.b, &p.a)),
            _ => None,
        })
        .collect();
    out.sort_by_key(|(here, there)| (here.range.start, here.range.end, there.source));
    out
}

/// For each of `sources` sources, the indices of the passages it takes part in (so a page reads only its own).
pub fn by_source(passages: &[SharedPassage], sources: usize) -> Vec<Vec<usize>> {
    let mut index = vec![Vec::new(); sources];
    for (i, p) in passages.iter().enumerate() {
        for s in [p.a.source, p.b.source] {
            if let Some(list) = index.get_mut(s) {
                list.push(i);
            }
        }
    }
    index
}

/// Summarises `passages` per pair of sources, in pair order.
pub fn summarise_pairs(sources: &[SourceText<'_>], passages: &[SharedPassage]) -> Vec<PairSummary> {
    let mut involved: Vec<usize> = passages
        .iter()
        .flat_map(|p| [p.a.source, p.b.source])
        .collect();
    involved.sort_unstable();
    involved.dedup();
    let mut words = vec![0; sources.len()];
    let counted: Vec<(usize, usize)> = involved
        .par_iter()
        .map(|&i| (i, count_words(&sources[i])))
        .collect();
    for (i, n) in counted {
        words[i] = n;
    }
    summarise_counted(passages, &words)
}

/// [`summarise_pairs`] with each source's number of words known (`words`, by source index).
pub fn summarise_counted(passages: &[SharedPassage], words: &[usize]) -> Vec<PairSummary> {
    // Passages grouped by pair in one sort, so each pair reads only its own (not a scan of all per pair).
    let mut by_pair: Vec<&SharedPassage> = passages.iter().collect();
    by_pair.sort_unstable_by_key(|p| (p.a.source, p.b.source));
    by_pair
        .chunk_by(|x, y| (x.a.source, x.b.source) == (y.a.source, y.b.source))
        .map(|group| {
            let (a, b) = (group[0].a.source, group[0].b.source);
            let side_a = covered(group.iter().map(|p| p.a.words.clone()).collect());
            let side_b = covered(group.iter().map(|p| p.b.words.clone()).collect());
            let shared_words = side_a.min(side_b);
            let shorter_words = words[a].min(words[b]);
            PairSummary {
                a,
                b,
                passages: group.len(),
                shared_words,
                shorter_words,
                substantial: shared_words >= SUBSTANTIAL_WORDS
                    || shared_words * 100 >= shorter_words * SUBSTANTIAL_PERCENT,
            }
        })
        .collect()
}

/// The number of words of a source (outside its skipped ranges), as shared runs count them.
pub fn count_words(source: &SourceText<'_>) -> usize {
    Words::new(source, word_id, false)
        .ids
        .iter()
        .filter(|&&id| id != BREAK)
        .count()
}

/// How many positions the ranges cover together.
fn covered(mut ranges: Vec<Range<usize>>) -> usize {
    ranges.sort_unstable_by_key(|r| r.start);
    let mut total = 0;
    let mut end = 0;
    for r in ranges {
        let start = r.start.max(end);
        if r.end > start {
            total += r.end - start;
            end = r.end;
        }
    }
    total
}

/// The base of the shingles' polynomial hash.
const SHINGLE_BASE: u64 = 0x100_0000_01B3;

/// The hash [`for_each_shingle`] gives the window of `k` ids at `pos`, computed on its own.
fn shingle_at(ids: &[u32], pos: usize, k: usize) -> u64 {
    let h = ids[pos..pos + k].iter().fold(0u64, |h, &id| {
        h.wrapping_mul(SHINGLE_BASE).wrapping_add(u64::from(id))
    });
    mix(h)
}

/// Calls `f(position, hash)` for every window of `k` ids without a [`BREAK`] (a polynomial rolling hash).
fn for_each_shingle(ids: &[u32], k: usize, mut f: impl FnMut(usize, u64)) {
    let top = SHINGLE_BASE.wrapping_pow(k as u32);
    let mut h: u64 = 0;
    let mut run = 0;
    for (i, &id) in ids.iter().enumerate() {
        if id == BREAK {
            h = 0;
            run = 0;
            continue;
        }
        h = h.wrapping_mul(SHINGLE_BASE).wrapping_add(u64::from(id));
        run += 1;
        if run > k {
            h = h.wrapping_sub(u64::from(ids[i - k]).wrapping_mul(top));
        }
        if run >= k {
            f(i + 1 - k, mix(h));
        }
    }
}

/// A shingle shared by two sources: the sources (`a` < `b`), the diagonal (`b`'s position minus `a`'s) and
/// `a`'s position. Sorted, the seeds of one run are adjacent.
type Seed = (u32, u32, i32, u32);

/// Every pair of positions in two different sources where the same shingle hash occurs, for the shingles found
/// at most `cap` times; for a shingle in more than [`STAR_ABOVE`] sources, only the pairs with its first source.
/// Into how many slices of the hash space the shingles of `total` words are sorted, one after the other: about
/// two million words' worth each (at most 8), so that the list of shingles stays small in a large dossier.
fn hash_parts(total: usize) -> u64 {
    (total / (2 << 20)).clamp(1, 8).next_power_of_two() as u64
}

fn seeds(ids: &[&[u32]], k: usize, cap: usize, parts: u64) -> Vec<Seed> {
    let total: usize = ids.iter().map(|doc| doc.len()).sum();
    // About 4 bits per shingle (a few MiB, closer to the caches): a singleton passes the filter with a chance
    // of about 1 in 5, to be dropped when sorted.
    let bits = (total * 4).next_power_of_two().clamp(1 << 12, 1 << 28);
    let mask = (bits - 1) as u64;
    let seen: Vec<AtomicU64> = (0..bits / 64).map(|_| AtomicU64::new(0)).collect();
    let twice: Vec<AtomicU64> = (0..bits / 64).map(|_| AtomicU64::new(0)).collect();
    let slot = |h: u64| ((h & mask) as usize >> 6, 1u64 << (h & 63));
    ids.par_iter().for_each(|doc| {
        for_each_shingle(doc, k, |_, h| {
            let (word, bit) = slot(h);
            if seen[word].fetch_or(bit, Ordering::Relaxed) & bit != 0 {
                twice[word].fetch_or(bit, Ordering::Relaxed);
            }
        });
    });
    drop(seen);
    // Where the shingles seen twice start, per text (4 bytes each): the slices below hash these windows again
    // instead of scanning every text once more.
    let twice_at: Vec<Vec<u32>> = ids
        .par_iter()
        .map(|doc| {
            let mut at = Vec::new();
            for_each_shingle(doc, k, |pos, h| {
                let (word, bit) = slot(h);
                if twice[word].load(Ordering::Relaxed) & bit != 0 {
                    at.push(pos as u32);
                }
            });
            at
        })
        .collect();
    drop(twice);
    // The shingles seen twice, sorted, a slice of the hash space at a time: in a large dossier the list of
    // them would be the largest allocation of the build.
    let mut seeds = Vec::new();
    for part in 0..parts {
        let in_part = |h: u64| (h >> 61) & (parts - 1) == part;
        let mut shared: Vec<(u64, u32, u32)> = twice_at
            .par_iter()
            .enumerate()
            .flat_map_iter(|(d, at)| {
                at.iter().filter_map(move |&pos| {
                    let h = shingle_at(ids[d], pos as usize, k);
                    in_part(h).then_some((h, d as u32, pos))
                })
            })
            .collect();
        shared.par_sort_unstable();
        seed_pairs(&shared, cap, &mut seeds);
    }
    drop(twice_at);
    seeds.par_sort_unstable();
    seeds
}

/// Adds the seeds of `shared` (shingles sorted by hash, source and position) to `seeds`.
fn seed_pairs(shared: &[(u64, u32, u32)], cap: usize, seeds: &mut Vec<Seed>) {
    for group in shared.chunk_by(|x, y| x.0 == y.0) {
        // Sorted by source within a group: one source only when the first and last agree.
        if group.len() > cap || group[0].1 == group[group.len() - 1].1 {
            continue;
        }
        let first = group[0].1;
        let star = group.chunk_by(|x, y| x.1 == y.1).count() > STAR_ABOVE;
        for (i, &(_, da, pa)) in group.iter().enumerate() {
            if star && da != first {
                break;
            }
            for &(_, db, pb) in &group[i + 1..] {
                if db != da {
                    // Word positions fit in 31 bits (a text's byte offsets fit in 32).
                    seeds.push((da, db, pb as i32 - pa as i32, pa));
                }
            }
        }
    }
}

/// A stretch of one diagonal of two sources to check: `len` ids from `a_at` in `a`, from `b_at` in `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Run {
    a: u32,
    b: u32,
    a_at: u32,
    b_at: u32,
    len: u32,
}

/// Merges sorted seeds into one candidate per stretch of a diagonal that overlapping shingles cover.
fn candidates(seeds: &[Seed], k: usize) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut last: Option<(u32, u32, i32, u32, u32)> = None;
    let mut flush = |run: (u32, u32, i32, u32, u32)| {
        let (a, b, diag, start, end) = run;
        out.push(Run {
            a,
            b,
            a_at: start,
            b_at: (i64::from(start) + i64::from(diag)) as u32,
            len: end + k as u32 - start,
        });
    };
    for &(a, b, diag, at) in seeds {
        match last {
            Some((la, lb, ld, start, end))
                if (la, lb, ld) == (a, b, diag) && at as usize <= end as usize + k =>
            {
                last = Some((a, b, diag, start, at));
            }
            _ => {
                if let Some(run) = last {
                    flush(run);
                }
                last = Some((a, b, diag, at, at));
            }
        }
    }
    if let Some(run) = last {
        flush(run);
    }
    out
}

/// The maximal runs of at least `k` equal ids within a candidate, each extended as far as ids stay equal.
fn extend(a: &[u32], b: &[u32], c: &Run, k: usize) -> Vec<Run> {
    let same = |i: usize, j: usize| a[i] == b[j] && a[i] != BREAK;
    let (a0, b0, len) = (c.a_at as usize, c.b_at as usize, c.len as usize);
    let mut out = Vec::new();
    let mut i = 0;
    while i < len {
        if !same(a0 + i, b0 + i) {
            i += 1;
            continue;
        }
        let from = i;
        while i < len && same(a0 + i, b0 + i) {
            i += 1;
        }
        let (mut sa, mut sb) = (a0 + from, b0 + from);
        while sa > 0 && sb > 0 && same(sa - 1, sb - 1) {
            sa -= 1;
            sb -= 1;
        }
        let (mut ea, mut eb) = (a0 + i, b0 + i);
        while ea < a.len() && eb < b.len() && same(ea, eb) {
            ea += 1;
            eb += 1;
        }
        if ea - sa >= k {
            out.push(Run {
                a: c.a,
                b: c.b,
                a_at: sa as u32,
                b_at: sb as u32,
                len: (ea - sa) as u32,
            });
        }
    }
    out
}

/// Checks each run word by word on the texts, splits it where words differ, drops a run that another of the
/// same pair contains on both sides, and maps the rest to the original texts.
fn passages(
    sources: &[SourceText<'_>],
    runs: &[Run],
    k: usize,
    word_id: fn(&str) -> u32,
) -> (Vec<SharedPassage>, Vec<usize>) {
    let mut involved: Vec<usize> = runs
        .iter()
        .flat_map(|r| [r.a as usize, r.b as usize])
        .collect();
    involved.sort_unstable();
    involved.dedup();
    // The sources with a run, cut again with their words' places, and where their breaks are.
    let words: HashMap<usize, (Words<'_>, Vec<usize>)> = involved
        .into_par_iter()
        .map(|i| {
            let w = Words::new(&sources[i], word_id, true);
            let breaks = (0..w.ids.len()).filter(|&p| w.ids[p] == BREAK).collect();
            (i, (w, breaks))
        })
        .collect();
    let mut checked: Vec<Run> = runs
        .par_iter()
        .flat_map_iter(|r| {
            let (wa, wb) = (&words[&(r.a as usize)].0, &words[&(r.b as usize)].0);
            let mut out = Vec::new();
            let mut from = 0;
            for i in 0..=r.len {
                let same = i < r.len
                    && same_word(
                        wa.word((r.a_at + i) as usize),
                        wb.word((r.b_at + i) as usize),
                    );
                if !same {
                    if (i - from) as usize >= k {
                        out.push(Run {
                            a_at: r.a_at + from,
                            b_at: r.b_at + from,
                            len: i - from,
                            ..*r
                        });
                    }
                    from = i + 1;
                }
            }
            out
        })
        .collect();
    checked.sort_unstable_by_key(|r| (r.a, r.b, std::cmp::Reverse(r.len), r.a_at, r.b_at));
    checked.dedup();
    let mut kept: Vec<Run> = Vec::with_capacity(checked.len());
    for pair in checked.chunk_by(|x, y| (x.a, x.b) == (y.a, y.b)) {
        let first = kept.len();
        for r in pair {
            let inside = |at: u32, len: u32, of_at: u32, of_len: u32| {
                at >= of_at && at + len <= of_at + of_len
            };
            if !kept[first..].iter().any(|o| {
                inside(r.a_at, r.len, o.a_at, o.len) && inside(r.b_at, r.len, o.b_at, o.len)
            }) {
                kept.push(*r);
            }
        }
    }
    let occurrence = |source: u32, at: u32, len: u32| {
        let (w, breaks) = &words[&(source as usize)];
        let (at, len) = (at as usize, len as usize);
        let first = w.ordinal(at, breaks);
        Occurrence {
            source: source as usize,
            range: w.spans[at].0 as usize..w.spans[at + len - 1].1 as usize,
            words: first..first + len,
        }
    };
    let mut out: Vec<SharedPassage> = kept
        .iter()
        .map(|r| SharedPassage {
            a: occurrence(r.a, r.a_at, r.len),
            b: occurrence(r.b, r.b_at, r.len),
            words: r.len as usize,
        })
        .collect();
    out.sort_unstable_by_key(|p| (p.a.source, p.b.source, p.a.range.start, p.b.range.start));
    let mut counts = vec![0; sources.len()];
    for (&i, (w, breaks)) in &words {
        counts[i] = w.ids.len() - breaks.len();
    }
    (out, counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src<'a>(id: &'a str, text: &'a str) -> SourceText<'a> {
        SourceText {
            id,
            text,
            skip: &[],
        }
    }

    /// The shared passages as (a, b, text in a, text in b, words).
    fn found<'a>(sources: &[SourceText<'a>]) -> Vec<(usize, usize, &'a str, &'a str, usize)> {
        find_shared(sources, MIN_WORDS)
            .into_iter()
            .map(|p| {
                (
                    p.a.source,
                    p.b.source,
                    &sources[p.a.source].text[p.a.range],
                    &sources[p.b.source].text[p.b.range],
                    p.words,
                )
            })
            .collect()
    }

    const RUN: &str = "the minister said the talks would resume early next week";

    #[test]
    fn finds_an_exact_maximal_run() {
        let a = format!("Opening words here. {RUN}. Closing words there.");
        let b = format!("A different start: {RUN}, and then another ending entirely.");
        let got = found(&[src("a", &a), src("b", &b)]);
        assert_eq!(got, vec![(0, 1, RUN, RUN, 10)]);
    }

    #[test]
    fn eight_words_are_found_and_seven_are_not() {
        let eight = "one two three four five six seven eight";
        let a = format!("alpha beta {eight} gamma");
        let b = format!("delta {eight} epsilon");
        assert_eq!(
            found(&[src("a", &a), src("b", &b)]),
            vec![(0, 1, eight, eight, 8)]
        );
        let seven = "one two three four five six seven";
        let a = format!("alpha beta {seven} gamma");
        let b = format!("delta {seven} epsilon");
        assert!(found(&[src("a", &a), src("b", &b)]).is_empty());
    }

    #[test]
    fn punctuation_white_space_quotes_and_case_are_normalised() {
        let a =
            "He said \u{201C}we will pay a price\u{201D} \u{2014} and   left\nthe room at once.";
        let b = "he said \"We will pay a price\" - and left the room at once!";
        let got = found(&[src("a", a), src("b", b)]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].2, a.strip_suffix('.').unwrap());
        assert_eq!(got[0].3, b.strip_suffix('!').unwrap());
        assert_eq!(got[0].4, 13);
    }

    #[test]
    fn byte_ranges_map_to_the_original_text_through_multibyte_characters_and_crlf() {
        let a = "Préambule \u{00AB}d\u{00E9}j\u{00E0}\u{00BB}.\r\nLe ministre a dit\u{00A0}que les négociations\r\nreprendraient à Genève 東京 demain.\r\n";
        let b = "Autre texte: le ministre a dit que les négociations reprendraient à Genève 東京 demain, fin.";
        let got = found(&[src("a", a), src("b", b)]);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].2,
            "Le ministre a dit\u{00A0}que les négociations\r\nreprendraient à Genève 東京 demain"
        );
        assert_eq!(
            got[0].3,
            "le ministre a dit que les négociations reprendraient à Genève 東京 demain"
        );
        assert_eq!(got[0].4, 12);
    }

    #[test]
    fn invisible_characters_do_not_split_words() {
        let a = format!("x {} y", RUN.replace("minister", "mini\u{00AD}ster"));
        let b = format!("z {RUN} w");
        let got = found(&[src("a", &a), src("b", &b)]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].4, 10);
        assert!(got[0].2.contains("mini\u{00AD}ster"));
    }

    #[test]
    fn a_run_repeated_within_one_source() {
        let a = format!("{RUN}. Something else entirely in between. {RUN}.");
        let b = format!("Before: {RUN}; after.");
        let passages = find_shared(&[src("a", &a), src("b", &b)], MIN_WORDS);
        assert_eq!(passages.len(), 2, "{passages:?}");
        assert_eq!(passages[0].b.range, passages[1].b.range);
        assert_ne!(passages[0].a.range, passages[1].a.range);
        for p in &passages {
            assert_eq!(&a[p.a.range.clone()], RUN);
            assert_eq!(p.words, 10);
        }
        assert_eq!(passages[1].a.words, 15..25);
        // A source never shares wording with itself.
        assert!(find_shared(&[src("a", &a)], MIN_WORDS).is_empty());
    }

    #[test]
    fn three_sources_sharing_one_run_give_three_pairs() {
        let a = format!("First {RUN} one.");
        let b = format!("Second text {RUN} two.");
        let c = format!("{RUN} three");
        let got = found(&[src("a", &a), src("b", &b), src("c", &c)]);
        let pairs: Vec<(usize, usize)> = got.iter().map(|g| (g.0, g.1)).collect();
        assert_eq!(pairs, vec![(0, 1), (0, 2), (1, 2)]);
        assert!(got.iter().all(|g| g.2 == RUN && g.3 == RUN && g.4 == 10));
    }

    #[test]
    fn a_run_in_many_sources_pairs_with_the_first_only() {
        let run = "the port authority said dredging of the main channel would start next week";
        let texts: Vec<String> = (0..12)
            .map(|i| format!("Opening {i} alone. {run}. Closing {i} alone."))
            .collect();
        let ids: Vec<String> = (0..12).map(|i| format!("s{i}")).collect();
        let sources: Vec<SourceText<'_>> =
            ids.iter().zip(&texts).map(|(id, t)| src(id, t)).collect();
        let passages = find_shared(&sources, MIN_WORDS);
        assert_eq!(passages.len(), 11, "{passages:?}");
        assert!(
            passages.iter().all(|p| p.a.source == 0 && p.words >= 13),
            "{passages:?}"
        );
        // At the threshold, every pair is still compared.
        let few = &sources[..STAR_ABOVE];
        assert_eq!(
            find_shared(few, MIN_WORDS).len(),
            STAR_ABOVE * (STAR_ABOVE - 1) / 2
        );
    }

    #[test]
    fn a_shingle_hashed_alone_is_the_rolling_hash() {
        let ids: Vec<u32> = vec![3, 1, 4, 1, 5, BREAK, 9, 2, 6, 5, 3, 5, 8];
        let mut seen = 0;
        for_each_shingle(&ids, 3, |pos, h| {
            assert_eq!(shingle_at(&ids, pos, 3), h, "at {pos}");
            seen += 1;
        });
        assert_eq!(seen, 3 + 5);
    }

    #[test]
    fn sorting_the_shingles_in_slices_of_the_hash_space_finds_the_same_seeds() {
        let texts: Vec<String> = (0..40)
            .map(|i| format!("intro {i} {RUN} middle {} {RUN} end {i}", i % 7))
            .collect();
        let ids: Vec<Vec<u32>> = texts
            .iter()
            .map(|t| Words::new(&src("x", t), word_id, false).ids)
            .collect();
        let refs: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
        let whole = seeds(&refs, MIN_WORDS, MAX_OCCURRENCES, 1);
        assert!(!whole.is_empty());
        for parts in [2, 4, 8] {
            assert_eq!(
                seeds(&refs, MIN_WORDS, MAX_OCCURRENCES, parts),
                whole,
                "{parts}"
            );
        }
        assert_eq!(hash_parts(1000), 1);
        assert_eq!(hash_parts(9 << 20), 4);
        assert_eq!(hash_parts(usize::MAX / 2), 8);
    }

    #[test]
    fn each_source_lists_its_closest_partners_and_counts_the_others() {
        // Source 0 shares one 8-word phrase with each of sources 1..=20 (each its own phrase, so no star), and
        // a long passage with source 21.
        let phrases: Vec<String> = (1..=20)
            .map(|i| format!("word{i} alpha beta gamma delta epsilon zeta eta{i}"))
            .collect();
        let long = "the harbour board met on monday and agreed to delay the dredging until the spring tides had passed";
        let hub = format!("{} {long}", phrases.join(" . "));
        let mut texts = vec![hub];
        texts.extend(phrases.iter().map(|p| format!("other {p} text")));
        texts.push(format!("reprint {long} end"));
        let sources: Vec<SourceText<'_>> = texts.iter().map(|t| src("x", t)).collect();
        let all = find_shared_with(&sources, MIN_WORDS, MAX_OCCURRENCES, usize::MAX, word_id);
        assert_eq!(all.passages.len(), 21);
        assert!(all.unlisted.iter().all(|&n| n == 0));
        let found = find_shared_with(&sources, MIN_WORDS, MAX_OCCURRENCES, 4, word_id);
        // The hub's own list holds four, but each other source lists the hub (its only partner): a pair is
        // listed when either side lists it, so the hub's page still names every text that copies from it.
        assert_eq!(found.passages.len(), 21);
        assert!(
            found.unlisted.iter().all(|&n| n == 0),
            "{:?}",
            found.unlisted
        );
        // Two partners each: a chain where the middle source's third partner is listed by neither side.
        // Runs 4 and 5 are longer: source 3 prefers sources 1 and 2 to source 0.
        let run = |i: usize| {
            let n = if matches!(i, 4 | 5) { 10 } else { 9 };
            (0..n)
                .map(|w| format!("r{i}w{w}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let texts = [
            format!("{} {} {}", run(1), run(2), run(3)),
            format!("{} {} x", run(1), run(4)),
            format!("{} {} y", run(2), run(5)),
            format!("{} {} {} {} z", run(3), run(6), run(4), run(5)),
        ];
        let sources: Vec<SourceText<'_>> = texts.iter().map(|t| src("x", t)).collect();
        let found = find_shared_with(&sources, MIN_WORDS, MAX_OCCURRENCES, 2, word_id);
        let pairs: Vec<(usize, usize)> = found
            .passages
            .iter()
            .map(|p| (p.a.source, p.b.source))
            .collect();
        assert_eq!(pairs, [(0, 1), (0, 2), (1, 3), (2, 3)]);
        assert_eq!(found.unlisted, [1, 0, 0, 1]);
        assert_eq!(found.words[0], 27);
    }

    #[test]
    fn of_source_lists_a_sources_passages_in_text_order_from_its_side() {
        let a = format!("First {RUN} one.");
        let b = format!("{RUN} two. And the committee approved the budget for the coming year.");
        let c = format!("The committee approved the budget for the coming year, then {RUN}.");
        let sources = [src("a", &a), src("b", &b), src("c", &c)];
        let passages = find_shared(&sources, MIN_WORDS);
        let listed: Vec<(usize, &str, &str)> = of_source(&passages, 1)
            .into_iter()
            .map(|(here, there)| {
                assert_eq!(here.source, 1);
                (
                    there.source,
                    &b[here.range.clone()],
                    &sources[there.source].text[there.range.clone()],
                )
            })
            .collect();
        let budget = "the committee approved the budget for the coming year";
        assert_eq!(
            listed,
            vec![
                (0, RUN, RUN),
                (2, RUN, RUN),
                (
                    2,
                    budget,
                    "The committee approved the budget for the coming year"
                ),
            ]
        );
        assert!(of_source(&passages, 3).is_empty());
    }

    #[test]
    fn hash_collisions_never_report_different_wording() {
        // Every word of one length gets the same id: shingles of same-length words collide, and runs extend
        // over them by id; the word-by-word check must cut them back.
        fn by_length(w: &str) -> u32 {
            w.len() as u32
        }
        let a = format!("cat dog fox {RUN} owl bee ant");
        let b = format!("pig cow hen {RUN} elk emu yak");
        let sources = [src("a", &a), src("b", &b)];
        let got =
            find_shared_with(&sources, MIN_WORDS, MAX_OCCURRENCES, usize::MAX, by_length).passages;
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(&a[got[0].a.range.clone()], RUN);
        assert_eq!(got[0].words, 10);
        // Every word the same id: every shingle collides with every other, none is shared wording.
        fn constant(_: &str) -> u32 {
            7
        }
        let a = "one two three four five six seven eight nine ten";
        let b = "red green blue cyan magenta yellow black white grey pink";
        let got = find_shared_with(
            &[src("a", a), src("b", b)],
            MIN_WORDS,
            MAX_OCCURRENCES,
            usize::MAX,
            constant,
        )
        .passages;
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn skipped_furniture_is_neither_shared_nor_crossed() {
        let furniture = "Read more about this story on our website today please";
        let a = format!("the minister said the talks\n{furniture}\nwould resume early next week");
        let b = format!("{furniture}\n{RUN}");
        let at = a.find(furniture).unwrap();
        let line = at..at + furniture.len();
        let skip = std::slice::from_ref(&line);
        let sources = [
            SourceText {
                id: "a",
                text: &a,
                skip,
            },
            src("b", &b),
        ];
        assert!(find_shared(&sources, MIN_WORDS).is_empty());
        assert_eq!(count_words(&sources[0]), 10);
        // Without the skip, the furniture is shared.
        assert_eq!(found(&[src("a", &a), src("b", &b)]).len(), 1);
    }

    #[test]
    fn capped_shingles_do_not_seed_but_runs_extend_across_them() {
        let boiler = "all rights reserved this material may not be published";
        let many: Vec<String> = (0..5)
            .map(|i| format!("text {i} {boiler} end {i}"))
            .collect();
        let sources: Vec<SourceText<'_>> = many.iter().map(|t| src("x", t)).collect();
        assert_eq!(
            find_shared_with(&sources, MIN_WORDS, 4, usize::MAX, word_id)
                .passages
                .len(),
            0
        );
        assert_eq!(
            find_shared_with(&sources, MIN_WORDS, 5, usize::MAX, word_id)
                .passages
                .len(),
            10
        );
        // A longer passage whose middle is boilerplate is found whole.
        let a = format!("x first part of it {boiler} and the second part y");
        let b = format!("z first part of it {boiler} and the second part w");
        let mut texts = many.clone();
        texts.push(a.clone());
        texts.push(b);
        let sources: Vec<SourceText<'_>> = texts.iter().map(|t| src("x", t)).collect();
        let got = find_shared_with(&sources, MIN_WORDS, 4, usize::MAX, word_id).passages;
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].words, 4 + 9 + 4);
        assert_eq!(
            &a[got[0].a.range.clone()],
            format!("first part of it {boiler} and the second part")
        );
    }

    #[test]
    fn periodic_text_keeps_the_longest_diagonal() {
        let a = "la di la di la di la di la di la di";
        let got = found(&[src("a", a), src("b", a)]);
        assert_eq!(got, vec![(0, 1, a, a, 12)]);
    }

    #[test]
    fn pair_summaries_count_each_word_once_and_judge_substance() {
        let a = format!("{RUN}. Something else entirely in between. {RUN}.");
        let b = format!("Before: {RUN}; after.");
        let long: String = (0..200).map(|i| format!("w{i} ")).collect();
        let c = format!("{long}{RUN}");
        let other: String = (0..200).map(|i| format!("u{i} ")).collect();
        let d = format!("{RUN} {other}");
        let sources = [src("a", &a), src("b", &b), src("c", &c), src("d", &d)];
        let passages = find_shared(&sources, MIN_WORDS);
        let sums = summarise_pairs(&sources, &passages);
        assert_eq!(sums.len(), 6);
        let ab = &sums[0];
        assert_eq!((ab.a, ab.b, ab.passages, ab.shared_words), (0, 1, 2, 10));
        assert_eq!(ab.shorter_words, 12);
        assert!(ab.substantial, "10 of 12 words");
        // 10 words of 210: neither 40 words nor 20 %.
        let cd = &sums[5];
        assert_eq!(
            (cd.a, cd.b, cd.shared_words, cd.shorter_words),
            (2, 3, 10, 210)
        );
        assert!(!cd.substantial);
        let long_run: String = (0..45).map(|i| format!("v{i} ")).collect();
        let d = format!("{long}{long_run}");
        let e = format!("{long_run}{other}x");
        let sources = [src("d", &d), src("e", &e)];
        let sums = summarise_pairs(&sources, &find_shared(&sources, MIN_WORDS));
        assert_eq!(sums[0].shared_words, 45);
        assert!(sums[0].substantial, "45 words");
    }

    #[test]
    fn inner_apostrophes_hyphens_and_full_stops_join_a_word() {
        let count = |text: &str| count_words(&src("x", text));
        assert_eq!(
            count("it\u{2019}s Saint-Malo's U.S. 2,000 1.5 well\u{2011}known"),
            6
        );
        assert_eq!(count("since the outbreak of the COVID-19 pandemic"), 7);
        assert_eq!(count("end. Next - one, two -three 'four' (five)"), 7);
    }

    #[test]
    fn min_words_below_one_means_one() {
        let got = find_shared(&[src("a", "alpha beta"), src("b", "beta gamma")], 0);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].words, 1);
    }
}
