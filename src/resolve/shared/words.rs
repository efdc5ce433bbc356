//! Cutting a text into words for shared-wording detection: runs of letters and digits, with the apostrophes,
//! hyphens and full stops inside them ("it's", "Saint-Malo", "1.5"), folded as quote matching folds text
//! (typographic quotes and dashes, invisible characters) and compared case-insensitively.

use super::SourceText;
use crate::resolve::anchor::{fold, Fold};

/// A word id that no word has: it marks skipped text, which no run crosses.
pub(super) const BREAK: u32 = u32::MAX;

/// A text cut into words: each word's id and its byte range in the original text (empty for a [`BREAK`]).
pub(super) struct Words<'a> {
    text: &'a str,
    pub(super) ids: Vec<u32>,
    pub(super) spans: Vec<(u32, u32)>,
}

/// What a character is to the word cutter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A letter or digit.
    Word,
    /// Joins two parts of a word when both sides are letters or digits: an apostrophe, hyphen or full stop
    /// (once folded as quotes are), or a comma (between digits only).
    Join(u8),
    /// Invisible (soft hyphen, zero-width, bidi controls): left out, as quote matching leaves it out.
    Drop,
    /// White space and other punctuation: ends a word.
    Other,
}

/// The class of the character at byte `i`, and its length.
#[inline]
fn class(text: &str, i: usize) -> (Class, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        let class = match b {
            b if b.is_ascii_alphanumeric() => Class::Word,
            b'\'' | b'-' | b'.' | b',' => Class::Join(b),
            b'`' => Class::Join(b'\''),
            _ => Class::Other,
        };
        return (class, 1);
    }
    let c = text[i..].chars().next().expect("i is a char boundary");
    let class = if c.is_alphanumeric() {
        Class::Word
    } else {
        match fold(c) {
            Fold::Drop => Class::Drop,
            Fold::Char('\'') => Class::Join(b'\''),
            Fold::Char('-') => Class::Join(b'-'),
            _ => Class::Other,
        }
    };
    (class, c.len_utf8())
}

impl<'a> Words<'a> {
    /// Cuts the text into words as quote matching normalises it (white space, typographic quotes and dashes,
    /// invisible characters), working on the original bytes so each word's range needs no mapping back.
    /// Without `with_spans`, only the ids.
    pub(super) fn new(
        source: &SourceText<'a>,
        word_id: fn(&str) -> u32,
        with_spans: bool,
    ) -> Words<'a> {
        let text = source.text;
        let len = text.len();
        // About six bytes a word in English prose.
        let mut ids = Vec::with_capacity(len / 6 + 1);
        let mut spans = Vec::with_capacity(if with_spans { len / 6 + 1 } else { 0 });
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < len {
            // Plain ASCII first, byte by byte: most of a text.
            if bytes[i] < 0x80 && !bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let (kind, n) = class(text, i);
            i += n;
            if kind != Class::Word {
                continue;
            }
            let start = i - n;
            let mut end = i;
            let mut last_digit = bytes[start].is_ascii_digit();
            while i < len {
                if bytes[i].is_ascii_alphanumeric() {
                    while i < len && bytes[i].is_ascii_alphanumeric() {
                        i += 1;
                    }
                    last_digit = bytes[i - 1].is_ascii_digit();
                    end = i;
                    continue;
                }
                let (kind, n) = class(text, i);
                match kind {
                    Class::Word => {
                        last_digit = bytes[i].is_ascii_digit();
                        i += n;
                        end = i;
                    }
                    Class::Drop => i += n,
                    Class::Join(j) => {
                        // The next visible character decides.
                        let mut next = i + n;
                        while next < len && class_of(text, next) == Class::Drop {
                            next += text[next..].chars().next().map_or(1, char::len_utf8);
                        }
                        let joins = next < len
                            && class_of(text, next) == Class::Word
                            && (j != b',' || (last_digit && bytes[next].is_ascii_digit()));
                        if !joins {
                            break;
                        }
                        i = next;
                    }
                    Class::Other => break,
                }
            }
            if source.skip.iter().any(|s| s.start < end && start < s.end) {
                if ids.last().is_some_and(|&last| last != BREAK) {
                    ids.push(BREAK);
                    if with_spans {
                        spans.push((start as u32, start as u32));
                    }
                }
                continue;
            }
            ids.push(word_id(&text[start..end]).min(BREAK - 1));
            if with_spans {
                spans.push((start as u32, end as u32));
            }
        }
        Words { text, ids, spans }
    }

    pub(super) fn word(&self, at: usize) -> &'a str {
        let (s, e) = self.spans[at];
        &self.text[s as usize..e as usize]
    }

    /// The position of `at` counting words only (not breaks).
    pub(super) fn ordinal(&self, at: usize, breaks: &[usize]) -> usize {
        at - breaks.partition_point(|&b| b < at)
    }
}

fn class_of(text: &str, i: usize) -> Class {
    class(text, i).0
}

/// A word's characters as they are compared: folded as quotes are, invisible ones left out, lower-cased.
fn folded(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars()
        .filter_map(|c| match fold(c) {
            Fold::Char(c) => Some(c),
            Fold::Drop | Fold::Space => None,
        })
        .flat_map(char::to_lowercase)
}

/// A word's id: a hash of its folded, lower-cased UTF-8, eight bytes at a time, mixed down to 32 bits.
pub(super) fn word_id(word: &str) -> u32 {
    if word.is_ascii() && !word.contains('`') {
        return hash_bytes(word.as_bytes(), true);
    }
    // Folded into a buffer on the stack when it fits (most words do).
    let mut buf = [0u8; 64];
    let mut at = 0;
    for c in folded(word) {
        if at + 4 > buf.len() {
            return hash_bytes(folded(word).collect::<String>().as_bytes(), false);
        }
        at += c.encode_utf8(&mut buf[at..]).len();
    }
    hash_bytes(&buf[..at], false)
}

/// Hashes `bytes`; `ascii`: they are ASCII, to lower-case on the way (eight at a time).
fn hash_bytes(bytes: &[u8], ascii: bool) -> u32 {
    const K: u64 = 0x517C_C1B7_2722_0A95;
    let mut h = bytes.len() as u64;
    for chunk in bytes.chunks(8) {
        let mut buf = [0u8; 8];
        buf[..chunk.len()].copy_from_slice(chunk);
        let mut x = u64::from_le_bytes(buf);
        if ascii {
            // Bytes below 0x80: a byte's top bit of x + 0x3f is set from 'A' on, of x + 0x25 from '[' on.
            let upper = x.wrapping_add(0x3F3F_3F3F_3F3F_3F3F)
                & !x.wrapping_add(0x2525_2525_2525_2525)
                & 0x8080_8080_8080_8080;
            x |= upper >> 2;
        }
        h = (h.rotate_left(5) ^ x).wrapping_mul(K);
    }
    (mix(h) >> 32) as u32
}

/// Two words are the same word once folded and lower-cased.
pub(super) fn same_word(x: &str, y: &str) -> bool {
    x == y || folded(x).eq(folded(y))
}

/// SplitMix64's finaliser: spreads every input bit over the output.
pub(super) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_ids_ignore_case_and_typographic_variants() {
        assert_eq!(word_id("Hello"), word_id("hELLO"));
        assert_eq!(word_id("AZaz@[`{"), word_id("azaz@['{"));
        assert_eq!(word_id("it\u{2019}s"), word_id("it's"));
        assert_eq!(word_id("it`s"), word_id("it's"));
        assert_eq!(
            word_id("Préfecture-Nord"),
            word_id("pRÉFECTURE\u{2011}nord")
        );
        assert_eq!(word_id("Lau\u{00AD}sanne"), word_id("Lausanne"));
        assert_ne!(word_id("abcdefgh"), word_id("abcdefgh\0"));
        assert_ne!(word_id("word"), word_id("ward"));
    }
}
