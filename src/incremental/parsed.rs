//! The content files as the last build parsed them, kept beside the output (`.<output>.dossier-parsed`): the
//! section files, and the articles' front matter. The next build parses a section file again only where its
//! text changed, and an article's front matter only if it changed (`load::load_after`): at 10,000 sources,
//! parsing the four section files was a seventh of a one-entry build, and the 10,000 front matters a twentieth.
//!
//! On disk: a header line, the binary's digest, then the section files and then the front matters, each list
//! as a line with its length and per file a line with its path under the root, a line with the length of the
//! text, the text, and its parse as one line of JSON. A parse is kept with the text it came from and used
//! only for that text, so a kept file never stands for another; anything unreadable is ignored.

use std::collections::HashMap;
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::load::{Content, EarlierParses, Kept, LoadedSection, LoadedSource};
use crate::write::cache;

/// The first line of the file; changes whenever its layout or the parsed types do.
const HEADER: &str = "dossier-parsed 1";

/// The parses kept by the last build, and this build's, kept on a thread of their own.
pub(crate) struct ParsedFiles {
    out: PathBuf,
    /// Digest of the binary: a parse by another binary may not be this one's.
    key: u128,
    earlier: EarlierParses,
    /// Where each kept text and its parse's JSON are in `bytes`, by path: a build that loads the same texts
    /// keeps nothing new, and one that changed a few copies the others' parses.
    stored: HashMap<PathBuf, Place>,
    /// The kept file.
    bytes: Vec<u8>,
    writer: Option<JoinHandle<()>>,
}

impl ParsedFiles {
    /// The parses kept beside `out` by a binary whose digest is `key` (none with `force`).
    pub(crate) fn read(out: &Path, key: u128, force: bool) -> ParsedFiles {
        let bytes = (!force)
            .then(|| cache::read_aside_bytes(out, "parsed"))
            .flatten()
            .unwrap_or_default();
        let (sections, fronts, places) = decode(&bytes, key).unwrap_or_default();
        let paths = sections
            .iter()
            .map(|k| &k.0)
            .chain(fronts.iter().map(|k| &k.0));
        let stored = paths.cloned().zip(places).collect();
        ParsedFiles {
            out: out.to_path_buf(),
            key,
            earlier: EarlierParses::new(sections, fronts),
            stored,
            bytes,
            writer: None,
        }
    }

    /// The kept parses, for loading.
    pub(crate) fn earlier(&self) -> &EarlierParses {
        &self.earlier
    }

    /// Keeps the parses of `content` beside the output, written on a thread of their own, unless they are the
    /// ones kept already.
    pub(crate) fn keep(&mut self, content: &Content) {
        let texts = content.sections.iter().map(|s| (s.path(), s.text()));
        let mut texts = texts.chain(content.sources.iter().map(|s| (s.path(), s.front_text())));
        let same = content.sections.len() + content.sources.len() == self.stored.len()
            && texts.all(|(path, text)| kept_json(&self.stored, &self.bytes, path, text).is_some());
        if same {
            return;
        }
        let (sections, sources) = (content.sections.clone(), content.sources.clone());
        let (out, key) = (self.out.clone(), self.key);
        let stored = std::mem::take(&mut self.stored);
        let bytes = std::mem::take(&mut self.bytes);
        // Best effort: without it, the next build parses every file.
        self.writer = std::thread::Builder::new()
            .name("dossier-parsed".to_owned())
            .spawn(move || {
                // The parse of a text kept already is copied, not serialised again.
                let kept = |path: &Path, text: &str| kept_json(&stored, &bytes, path, text);
                let _ = cache::write_aside_with(&out, "parsed", |w| {
                    encode(key, &sections, &sources, &kept, w)
                });
            })
            .ok();
    }
}

impl Drop for ParsedFiles {
    /// Waits until the parses are kept: the process may end right after the build.
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

/// Where one kept file's text and its parse's JSON are in the file read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Place {
    text: Range<usize>,
    json: Range<usize>,
}

/// The JSON of the parse kept in `bytes` for `path`, if it was parsed from `text`.
fn kept_json<'a>(
    stored: &HashMap<PathBuf, Place>,
    bytes: &'a [u8],
    path: &Path,
    text: &str,
) -> Option<&'a [u8]> {
    let place = stored.get(path)?;
    (bytes.get(place.text.clone())? == text.as_bytes()).then(|| bytes.get(place.json.clone()))?
}

/// The JSON of a parse kept already for this path and text, if there is one.
type KeptJson<'a> = dyn Fn(&Path, &str) -> Option<&'a [u8]> + 'a;

/// Writes the file keeping the parses of `sections` and of `sources`' front matter into `w` as it goes (at
/// 100,000 sources the sections are hundreds of MB, written while the build resolves), a parse `kept` gives
/// copied as it is; fails if a path is not UTF-8 or a parse does not serialise.
fn encode<'a>(
    key: u128,
    sections: &[Arc<LoadedSection>],
    sources: &[Arc<LoadedSource>],
    kept: &KeptJson<'a>,
    w: &mut dyn Write,
) -> io::Result<()> {
    write!(w, "{HEADER}\n{}\n", cache::hex(key))?;
    let sections = sections.iter().map(|s| (s.path(), s.text(), &s.file.value));
    encode_list(w, sections, kept)?;
    let fronts = sources
        .iter()
        .map(|s| (s.path(), s.front_text(), &s.front.value));
    encode_list(w, fronts, kept)
}

/// One list of [`encode`]: its length, then each file.
fn encode_list<'a, 'k, T: Serialize + 'a>(
    w: &mut dyn Write,
    files: impl ExactSizeIterator<Item = (&'a Path, &'a str, &'a T)>,
    kept: &KeptJson<'k>,
) -> io::Result<()> {
    writeln!(w, "{}", files.len())?;
    for (path, text, value) in files {
        let path = path.to_str().filter(|p| !p.contains('\n'));
        let path = path.ok_or_else(|| io::Error::other("a path that is not one line of UTF-8"))?;
        write!(w, "{path}\n{}\n", text.len())?;
        w.write_all(text.as_bytes())?;
        // Compact JSON holds no line break (one in a string is escaped): the line ends the parse.
        match kept(path.as_ref(), text) {
            Some(json) => w.write_all(json)?,
            None => serde_json::to_writer(&mut *w, value).map_err(io::Error::other)?,
        }
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// What a file of kept parses holds: the section files and the front matters, and where each text and
/// parse is in the file (sections first).
type Decoded = (
    Vec<Kept<crate::load::SectionFile>>,
    Vec<Kept<crate::load::SourceFront>>,
    Vec<Place>,
);

/// The parses kept in `bytes` by a binary whose digest is `key`; `None` if anything is off.
fn decode(bytes: &[u8], key: u128) -> Option<Decoded> {
    let mut at = Cursor { all: bytes, at: 0 };
    if at.line()? != HEADER || at.line()? != cache::hex(key) {
        return None;
    }
    let mut json = Vec::new();
    let sections = decode_list(&mut at, &mut json)?;
    let fronts = decode_list(&mut at, &mut json)?;
    (at.at == bytes.len()).then_some((sections, fronts, json))
}

/// One list of [`decode`], its JSON parsed in parallel.
fn decode_list<T: DeserializeOwned + Send>(
    at: &mut Cursor,
    places: &mut Vec<Place>,
) -> Option<Vec<Kept<T>>> {
    let count: usize = at.line()?.parse().ok()?;
    let mut raw = Vec::with_capacity(count.min(1 << 16));
    for _ in 0..count {
        let path = PathBuf::from(at.line()?);
        let len = at.line()?.parse().ok()?;
        let text_from = at.at;
        let text = at.take(len)?;
        let from = at.at;
        let json = at.line()?.as_bytes();
        places.push(Place {
            text: text_from..from,
            json: from..from + json.len(),
        });
        raw.push((path, json, text));
    }
    raw.into_par_iter()
        .map(|(path, json, text)| {
            let value: T = sonic_rs::from_slice(json).ok()?;
            Some((path, String::from_utf8(text.to_vec()).ok()?, value))
        })
        .collect()
}

/// The file being read, and how far.
struct Cursor<'a> {
    all: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    /// The next line, as text.
    fn line(&mut self) -> Option<&'a str> {
        let rest = &self.all[self.at..];
        let end = memchr::memchr(b'\n', rest)?;
        let text = std::str::from_utf8(&rest[..end]).ok()?;
        self.at += end + 1;
        Some(text)
    }

    /// The next `n` bytes.
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let bytes = self.all.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;

    #[test]
    fn kept_parses_read_back_as_parsed_and_anything_off_is_ignored() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let content = crate::load::load(root, &mut Diagnostics::default()).expect("loads");
        assert!(!content.sections.is_empty() && !content.sources.is_empty());
        let mut bytes = Vec::new();
        encode(
            7,
            &content.sections,
            &content.sources,
            &|_, _| None,
            &mut bytes,
        )
        .expect("encoded");
        let (sections, fronts, places) = decode(&bytes, 7).expect("decoded");
        assert_eq!(places.len(), sections.len() + fronts.len());
        assert_eq!(sections.len(), content.sections.len());
        for ((path, text, value), s) in sections.iter().zip(&content.sections) {
            assert_eq!(path, s.path());
            assert_eq!(text, s.text());
            assert_eq!(format!("{value:?}"), format!("{:?}", s.file.value));
        }
        assert_eq!(fronts.len(), content.sources.len());
        for ((path, text, value), s) in fronts.iter().zip(&content.sources) {
            assert_eq!(path, s.path());
            assert_eq!(text, s.front_text());
            assert_eq!(format!("{value:?}"), format!("{:?}", s.front.value));
        }
        // Every parse copied from the file read back: the same file, byte for byte.
        let stored: HashMap<PathBuf, Place> = sections
            .iter()
            .map(|k| k.0.clone())
            .chain(fronts.iter().map(|k| k.0.clone()))
            .zip(places)
            .collect();
        let mut copied = Vec::new();
        let kept = |path: &Path, text: &str| kept_json(&stored, &bytes, path, text);
        encode(7, &content.sections, &content.sources, &kept, &mut copied).expect("encoded");
        assert_eq!(copied, bytes);
        // A parse is found for its own text only.
        let first = content.sections[0].path();
        let text = content.sections[0].text();
        assert!(kept_json(&stored, &bytes, first, text).is_some());
        assert!(kept_json(&stored, &bytes, first, &format!("{text}\n")).is_none());
        // And a copied parse is really what is written.
        let marked = |path: &Path, _: &str| (path == first).then_some(&b"{\"copied\":1}"[..]);
        let mut other = Vec::new();
        encode(7, &content.sections, &content.sources, &marked, &mut other).expect("encoded");
        assert!(memchr::memmem::find(&other, b"{\"copied\":1}\n").is_some());
        assert!(decode(&bytes, 8).is_none(), "another binary");
        assert!(decode(&bytes[..bytes.len() - 1], 7).is_none(), "cut short");
        let mut longer = bytes.clone();
        longer.push(b'x');
        assert!(decode(&longer, 7).is_none(), "trailing bytes");
        let mut other = bytes.clone();
        other[..HEADER.len()].copy_from_slice(b"dossier-parsed 0");
        assert!(decode(&other, 7).is_none(), "another layout");
    }
}
