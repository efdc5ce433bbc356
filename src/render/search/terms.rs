//! The search page's word index, the word shards `assets/search/t<k>.js` (see [`super::shards`]): every word
//! of the search documents, stemmed with the Snowball stemmer of the dossier's language, with the documents
//! that hold it. Loaded as scripts by the search page only, so it works from `file://`.
//!
//! The page script stems the reader's words with the same Snowball algorithm (the theme ships it under
//! `static/vendor/snowball/`), so "deny" finds "denied". Each stem is stored once with the words that gave it
//! (for exact matches, typo tolerance, "did you mean" and highlighting) and its documents, delta-encoded.
//! Languages without a shipped stemmer (Korean among them) are indexed word by word; the page script then
//! matches word beginnings, and for Hangul a word that starts with an indexed word (a noun with its particle).

use std::cmp::Ordering;
use std::io::{self, Write};

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::super::json_out::{json_into, JsonOut};
use super::{fold, DocMaker};

/// The Snowball algorithm for a language tag, and the name of its script in `static/vendor/snowball/`
/// (`<name>-stemmer.js`): only the languages whose stemmer the theme ships for the browser.
pub fn stemmer_for(language: &str) -> Option<(Algorithm, &'static str)> {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    match primary.to_ascii_lowercase().as_str() {
        "en" => Some((Algorithm::English, "english")),
        "fr" => Some((Algorithm::French, "french")),
        "ar" => Some((Algorithm::Arabic, "arabic")),
        _ => None,
    }
}

/// Calls `f` with each lower-case word of `text`: runs of letters and digits (the page script splits on the
/// same classes). A word already ASCII and lower-case, as most are, is passed without a copy.
pub fn each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut lower = String::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        if raw.is_empty() {
            continue;
        }
        if !raw.is_ascii() {
            lower = raw.to_lowercase();
            f(&lower);
        } else if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            lower.clear();
            lower.push_str(raw);
            lower.make_ascii_lowercase();
            f(&lower);
        } else {
            f(raw);
        }
    }
}

/// The lower-case words of `text`, as [`each_word`] gives them.
pub fn words(text: &str) -> impl Iterator<Item = String> {
    let mut words = Vec::new();
    each_word(text, |w| words.push(w.to_owned()));
    words.into_iter()
}

/// `word` without its combining marks (accents, Arabic vowel signs), recomposed: the page script's folding.
pub fn strip_marks(word: &str) -> String {
    if word.is_ascii() {
        return word.to_owned();
    }
    word.nfd()
        .filter(|&c| !is_combining_mark(c))
        .nfc()
        .collect()
}

/// The 64 digits of the postings' varints: safe in JSON and in a script, no escape needed.
pub const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";

/// Appends `v` as a little-endian base-32 varint: five bits a digit, the digit's sixth bit set when more follow.
fn push_varint(out: &mut String, mut v: u32) {
    loop {
        let low = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            out.push(char::from(DIGITS[low]));
            return;
        }
        out.push(char::from(DIGITS[low | 32]));
    }
}

/// One stem: the words that gave it and its documents.
struct Term {
    key: String,
    /// The words as written (lower-case), sorted, each once.
    forms: Vec<String>,
    /// Document numbers times two, plus one when the word is in the document's title; ascending.
    postings: Vec<u32>,
}

/// The word index, built document by document in index order.
pub struct TermIndex {
    stemmer: Option<(Stemmer, &'static str)>,
    terms: Vec<Term>,
    by_key: FxHashMap<String, usize>,
    /// Each word met so far and its term, so a word is stemmed once (looked up for every word of every
    /// document: FxHash, several times faster than the default's SipHash on short words).
    by_word: FxHashMap<String, usize>,
    docs: u32,
}

impl TermIndex {
    /// An empty index for a dossier in `language`.
    pub fn new(language: &str) -> TermIndex {
        TermIndex {
            stemmer: stemmer_for(language).map(|(a, name)| (Stemmer::create(a), name)),
            terms: Vec::new(),
            by_key: FxHashMap::default(),
            by_word: FxHashMap::default(),
            docs: 0,
        }
    }

    /// The key a word is filed under: its stem without marks (or the word, without a stemmer).
    pub fn key(&self, word: &str) -> String {
        match &self.stemmer {
            Some((s, _)) => strip_marks(&s.stem(word)),
            None => strip_marks(word),
        }
    }

    /// Adds the words of `text` to document `doc` (documents come in ascending order), in its title or not.
    pub fn add(&mut self, doc: usize, text: &str, title: bool) {
        let doc = u32::try_from(doc).unwrap_or(u32::MAX);
        self.docs = self.docs.max(doc + 1);
        let mut add_word = |word: &str| {
            let term = match self.by_word.get(word) {
                Some(&t) => t,
                None => {
                    let key = self.key(word);
                    let t = match self.by_key.get(&key) {
                        Some(&t) => t,
                        None => {
                            self.terms.push(Term {
                                key: key.clone(),
                                forms: Vec::new(),
                                postings: Vec::new(),
                            });
                            self.by_key.insert(key, self.terms.len() - 1);
                            self.terms.len() - 1
                        }
                    };
                    self.terms[t].forms.push(word.to_owned());
                    self.by_word.insert(word.to_owned(), t);
                    t
                }
            };
            let postings = &mut self.terms[term].postings;
            let posting = doc * 2 + u32::from(title);
            match postings.last_mut() {
                Some(last) if *last / 2 == doc => *last |= posting,
                _ => postings.push(posting),
            }
        };
        each_word(text, &mut add_word);
    }

    /// The index split into `count` shards by ranges of words (see [`TermShards`]).
    pub fn into_shards(mut self, count: usize) -> TermShards {
        self.terms.sort_unstable_by(|a, b| js_cmp(&a.key, &b.key));
        // Each term is filed under its key and under each of its forms as the script folds them, so that
        // the shard of what the reader typed, or of its stem, holds it.
        let mut places: Vec<(String, usize)> = Vec::new();
        for (t, term) in self.terms.iter_mut().enumerate() {
            term.forms.sort_unstable();
            let mut names: Vec<String> = term.forms.iter().map(|f| strip_marks(f)).collect();
            names.push(term.key.clone());
            names.sort_unstable();
            names.dedup();
            places.extend(names.into_iter().map(|n| (n, t)));
        }
        places.sort_unstable_by(|a, b| js_cmp(&a.0, &b.0).then(a.1.cmp(&b.1)));
        // Bytes a term adds to its shard, about: its postings (one or two digits each), key and forms.
        let weight = |t: usize| {
            let term = &self.terms[t];
            term.postings.len() * 2
                + term.key.len()
                + term.forms.iter().map(|f| f.len() + 1).sum::<usize>()
                + 8
        };
        let total: usize = places.iter().map(|&(_, t)| weight(t)).sum();
        let count = count.max(1);
        let per_shard = total.div_ceil(count).max(1);
        let mut boundaries: Vec<String> = Vec::new();
        let mut shards: Vec<Vec<usize>> = vec![Vec::new()];
        let mut filled = 0;
        for (i, (name, t)) in places.iter().enumerate() {
            let new_name = i == 0 || places[i - 1].0 != *name;
            if new_name && filled >= per_shard && boundaries.len() + 1 < count {
                boundaries.push(name.clone());
                shards.push(Vec::new());
                filled = 0;
            }
            let shard = shards.last_mut().expect("one shard at least");
            if shard.last() != Some(t) {
                shard.push(*t);
            }
            filled += weight(*t);
        }
        for shard in &mut shards {
            shard.sort_unstable();
            shard.dedup();
        }
        shards.resize(count, Vec::new());
        TermShards {
            language: self.stemmer.as_ref().map(|(_, name)| *name),
            docs: self.docs,
            terms: self.terms,
            boundaries,
            shards,
        }
    }

    /// The number of distinct keys (stems).
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when no word was added.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// The word index of every search document `maker` makes, numbered as the documents are.
pub fn build(maker: &DocMaker, language: &str) -> TermIndex {
    let mut index = TermIndex::new(language);
    // Each entity's names, so that a document naming it is found by them (as a body word).
    let mut entity_names: Vec<String> = Vec::new();
    for i in 0..maker.parts.layout.len {
        let d = maker.indexed(i);
        // Titles and other names weigh more; a passage's title is its source's credit, which is not.
        let names = d.a.join(" ");
        match d.o {
            Some(o) => index.add(i, maker.credit(o), false),
            None => {
                index.add(i, &d.t, true);
                index.add(i, &names, true);
            }
        }
        if d.y == "n" {
            // Names in other scripts also under their transliteration, so "Seoul" finds "서울".
            let latin = fold(&format!("{} {names}", d.t));
            index.add(i, &latin, true);
            entity_names.push(format!("{} {names} {latin}", d.t));
        }
        index.add(i, &d.x, false);
        for &n in &d.n {
            if let Some(names) = entity_names.get(n) {
                index.add(i, names, false);
            }
        }
    }
    index
}

/// Orders strings as JavaScript's `<` does: by UTF-16 code units.
pub fn js_cmp(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The word index in shards by ranges of words: shard `k` holds every term with its key or one of its
/// (folded) forms from `boundaries[k - 1]` (shard 0: from the start) up to `boundaries[k]`, excluded.
pub struct TermShards {
    language: Option<&'static str>,
    docs: u32,
    terms: Vec<Term>,
    /// The first word of each shard after the first, ascending in JavaScript's order.
    pub boundaries: Vec<String>,
    /// Each shard's terms, by their index in `terms` (sorted by key).
    shards: Vec<Vec<usize>>,
}

impl TermShards {
    /// The name of the page script's Snowball stemmer, if the language has one.
    pub fn language(&self) -> Option<&'static str> {
        self.language
    }

    /// The number of documents indexed.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// The shard that holds `word` (folded as the script folds it), as the script finds it.
    pub fn shard_of(&self, word: &str) -> usize {
        self.boundaries
            .partition_point(|b| js_cmp(b, word) != Ordering::Greater)
    }

    /// Shard `k` as JavaScript: `DOSSIER_SHARD("t",k,[...]);`, each term `[key, postings, forms]`, sorted by
    /// key. Postings: for each document, its number's difference to the previous one, times two, plus one
    /// for a title, as a little-endian base-32 varint in the digits of [`DIGITS`] (a digit of the upper half
    /// says more follow). Forms: the words as written, separated by spaces, `-rest` for the key followed by
    /// `rest`; left out when the only one is the key itself.
    pub fn write_shard(&self, k: usize, out: &mut dyn Write) -> io::Result<()> {
        let mut script = JsonOut::script_safe(out);
        script.raw(format!("DOSSIER_SHARD(\"t\",{k},").as_bytes());
        let mut text = String::new();
        let terms = self.shards.get(k).map_or(&[][..], Vec::as_slice);
        script.array(terms.iter().map(|&t| &self.terms[t]), |term, buf| {
            term_row(term, &mut text, buf)
        })?;
        script.raw(b");\n");
        script.finish()
    }
}

/// Appends one term as `[key, postings, forms]` (see [`TermShards::write_shard`]).
fn term_row(term: &Term, text: &mut String, buf: &mut Vec<u8>) {
    buf.push(b'[');
    json_into(buf, &term.key);
    text.clear();
    let mut previous = 0;
    for p in &term.postings {
        push_varint(text, (p / 2 - previous) * 2 + p % 2);
        previous = p / 2;
    }
    buf.push(b',');
    json_into(buf, &*text);
    if term.forms != [term.key.as_str()] {
        text.clear();
        for form in &term.forms {
            if !text.is_empty() {
                text.push(' ');
            }
            match form.strip_prefix(term.key.as_str()) {
                Some(rest) => {
                    text.push('-');
                    text.push_str(rest);
                }
                None => text.push_str(form),
            }
        }
        buf.push(b',');
        json_into(buf, &*text);
    }
    buf.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_take_five_bits_a_digit_low_bits_first() {
        let enc = |v| {
            let mut s = String::new();
            push_varint(&mut s, v);
            s
        };
        assert_eq!(enc(0), "0");
        assert_eq!(enc(31), "v");
        // 32 = 0 + 1 * 32: low digit 0 with the "more" bit (index 32, 'w'), then 1.
        assert_eq!(enc(32), "w1");
        // 1000 = 8 + 31 * 32: digit 8 + 32 ('E'), then 31 ('v').
        assert_eq!(enc(1000), "Ev");
        let decode = |s: &str| {
            let (mut v, mut shift) = (0u32, 0);
            for b in s.bytes() {
                let d = DIGITS.iter().position(|&x| x == b).unwrap() as u32;
                v |= (d & 31) << shift;
                shift += 5;
            }
            v
        };
        for v in [0, 1, 31, 32, 33, 1023, 1024, 65_535, u32::MAX / 2] {
            assert_eq!(decode(&enc(v)), v, "{v}");
        }
    }

    fn js(index: TermIndex) -> String {
        let mut out = Vec::new();
        index.into_shards(1).write_shard(0, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn inflections_share_one_stem_stored_once_with_their_forms() {
        let mut index = TermIndex::new("en");
        index.add(0, "Denied", true);
        index.add(0, "the officials denied it", false);
        index.add(3, "She denies everything; deny.", false);
        assert_eq!(index.key("deny"), index.key("denied"));
        let out = js(index);
        // Document 0 with its title bit (1), then a gap of 3 documents without (6); the forms after the key.
        assert!(out.contains(r#"["deni","16","-ed -es deny"]"#), "{out}");
        assert!(out.starts_with(r#"DOSSIER_SHARD("t",0,["#), "{out}");
        assert_eq!(out.matches("\"deni\"").count(), 1);
    }

    #[test]
    fn a_word_that_is_its_own_stem_is_stored_once() {
        let mut index = TermIndex::new("en");
        index.add(0, "Vladivostok", false);
        assert!(js(index).contains(r#"["vladivostok","0"]"#));
    }

    #[test]
    fn french_stems_lose_their_accents_after_stemming() {
        let index = TermIndex::new("fr-FR");
        assert_eq!(index.key("opérations"), index.key("operation"));
        assert_eq!(index.key("départementale"), index.key("departemental"));
    }

    #[test]
    fn arabic_is_stemmed_and_korean_kept_whole() {
        let ar = TermIndex::new("ar");
        assert_eq!(ar.key("الكتاب"), ar.key("كتاب"));
        let mut ko = TermIndex::new("ko");
        ko.add(0, "서울에서 회의", false);
        assert_eq!(ko.len(), 2);
        let shards = ko.into_shards(1);
        assert_eq!(shards.language(), None);
        let mut out = Vec::new();
        shards.write_shard(0, &mut out).unwrap();
        assert!(String::from_utf8(out).unwrap().contains("서울에서"));
    }

    #[test]
    fn words_split_on_punctuation_and_fold_case_not_marks() {
        let mut w: Vec<String> = Vec::new();
        each_word(
            "L’accord—signé à Saint-Étienne, 12\u{a0}km ÖL Word word",
            |x| w.push(x.to_owned()),
        );
        assert_eq!(
            w,
            ["l", "accord", "signé", "à", "saint", "étienne", "12", "km", "öl", "word", "word"]
        );
        // Lower-cased as a whole word, like the page script: a final sigma stays one.
        let mut greek = Vec::new();
        each_word("ΟΔΟΣ", |x| greek.push(x.to_owned()));
        assert_eq!(greek, ["\u{3bf}\u{3b4}\u{3bf}\u{3c2}"]);
        assert_eq!(strip_marks("étienne"), "etienne");
        assert_eq!(strip_marks("Sŏng"), "Song");
        assert_eq!(strip_marks("서울"), "서울");
    }
}
