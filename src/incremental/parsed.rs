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
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_128;

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
    /// The digest of every kept text, by path: a build that loads the same texts keeps nothing new.
    stored: HashMap<PathBuf, u128>,
    writer: Option<JoinHandle<()>>,
}

impl ParsedFiles {
    /// The parses kept beside `out` by a binary whose digest is `key` (none with `force`).
    pub(crate) fn read(out: &Path, key: u128, force: bool) -> ParsedFiles {
        let (sections, fronts) = (!force)
            .then(|| cache::read_aside_bytes(out, "parsed"))
            .flatten()
            .and_then(|bytes| decode(&bytes, key))
            .unwrap_or_default();
        let stored = digests(&sections).chain(digests(&fronts)).collect();
        ParsedFiles {
            out: out.to_path_buf(),
            key,
            earlier: EarlierParses::new(sections, fronts),
            stored,
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
            && texts.all(|(path, text)| self.stored.get(path) == Some(&xxh3_128(text.as_bytes())));
        if same {
            return;
        }
        let (sections, sources) = (content.sections.clone(), content.sources.clone());
        let (out, key) = (self.out.clone(), self.key);
        // Best effort: without it, the next build parses every file.
        self.writer = std::thread::Builder::new()
            .name("dossier-parsed".to_owned())
            .spawn(move || {
                let _ = cache::write_aside_with(&out, "parsed", |w| {
                    encode(key, &sections, &sources, w)
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

fn digests<T>(kept: &[Kept<T>]) -> impl Iterator<Item = (PathBuf, u128)> + '_ {
    kept.iter()
        .map(|(path, text, _)| (path.clone(), xxh3_128(text.as_bytes())))
}

/// Writes the file keeping the parses of `sections` and of `sources`' front matter into `w` as it goes (at
/// 100,000 sources the sections are hundreds of MB, written while the build resolves); fails if a path is not
/// UTF-8 or a parse does not serialise.
fn encode(
    key: u128,
    sections: &[Arc<LoadedSection>],
    sources: &[Arc<LoadedSource>],
    w: &mut dyn Write,
) -> io::Result<()> {
    write!(w, "{HEADER}\n{}\n", cache::hex(key))?;
    let sections = sections.iter().map(|s| (s.path(), s.text(), &s.file.value));
    encode_list(w, sections)?;
    let fronts = sources
        .iter()
        .map(|s| (s.path(), s.front_text(), &s.front.value));
    encode_list(w, fronts)
}

/// One list of [`encode`]: its length, then each file.
fn encode_list<'a, T: Serialize + 'a>(
    w: &mut dyn Write,
    files: impl ExactSizeIterator<Item = (&'a Path, &'a str, &'a T)>,
) -> io::Result<()> {
    writeln!(w, "{}", files.len())?;
    for (path, text, value) in files {
        let path = path.to_str().filter(|p| !p.contains('\n'));
        let path = path.ok_or_else(|| io::Error::other("a path that is not one line of UTF-8"))?;
        write!(w, "{path}\n{}\n", text.len())?;
        w.write_all(text.as_bytes())?;
        // Compact JSON holds no line break (one in a string is escaped): the line ends the parse.
        serde_json::to_writer(&mut *w, value).map_err(io::Error::other)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// What a file of kept parses holds: the section files and the front matters.
type Decoded = (
    Vec<Kept<crate::load::SectionFile>>,
    Vec<Kept<crate::load::SourceFront>>,
);

/// The parses kept in `bytes` by a binary whose digest is `key`; `None` if anything is off.
fn decode(bytes: &[u8], key: u128) -> Option<Decoded> {
    let mut at = Cursor { rest: bytes };
    if at.line()? != HEADER || at.line()? != cache::hex(key) {
        return None;
    }
    let sections = decode_list(&mut at)?;
    let fronts = decode_list(&mut at)?;
    at.rest.is_empty().then_some((sections, fronts))
}

/// One list of [`decode`], its JSON parsed in parallel.
fn decode_list<T: DeserializeOwned + Send>(at: &mut Cursor) -> Option<Vec<Kept<T>>> {
    let count: usize = at.line()?.parse().ok()?;
    let mut raw = Vec::with_capacity(count.min(1 << 16));
    for _ in 0..count {
        let path = PathBuf::from(at.line()?);
        let len = at.line()?.parse().ok()?;
        let text = at.take(len)?;
        let json = at.line()?.as_bytes();
        raw.push((path, json, text));
    }
    raw.into_par_iter()
        .map(|(path, json, text)| {
            let value: T = sonic_rs::from_slice(json).ok()?;
            Some((path, String::from_utf8(text.to_vec()).ok()?, value))
        })
        .collect()
}

/// What is left of the file being read.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    /// The next line, as text.
    fn line(&mut self) -> Option<&'a str> {
        let end = memchr::memchr(b'\n', self.rest)?;
        let text = std::str::from_utf8(&self.rest[..end]).ok()?;
        self.rest = &self.rest[end + 1..];
        Some(text)
    }

    /// The next `n` bytes.
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let bytes = self.rest.get(..n)?;
        self.rest = &self.rest[n..];
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
        encode(7, &content.sections, &content.sources, &mut bytes).expect("encoded");
        let (sections, fronts) = decode(&bytes, 7).expect("decoded");
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
