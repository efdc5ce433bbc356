//! The section files as the last build parsed them, kept beside the output (`.<output>.dossier-sections`), so
//! that the next build parses a section file again only where its text changed (`load::load_after`): at
//! 10,000 sources, parsing the four section files was a seventh of a one-entry build.
//!
//! On disk: a header line, the binary's digest, the number of files, then per file a line with its path under
//! the root, a line with the length of its text, the text, and its parse as one line of JSON. A parse is kept
//! with the text it came from and used only for that text, so a kept file never stands for another; anything
//! unreadable is ignored.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_128;

use crate::load::{Content, EarlierSections, LoadedSection, SectionFile};
use crate::write::cache;

/// The first line of the file; changes whenever its layout or the parsed types do.
const HEADER: &str = "dossier-sections 1";

/// The section files kept by the last build, and this build's, kept on a thread of their own.
pub(crate) struct ParsedSections {
    out: PathBuf,
    /// Digest of the binary: a parse by another binary may not be this one's.
    key: u128,
    earlier: EarlierSections,
    /// The digest of each kept file's text, by path: a build that loads the same texts keeps nothing new.
    stored: HashMap<PathBuf, u128>,
    writer: Option<JoinHandle<()>>,
}

impl ParsedSections {
    /// The sections kept beside `out` by a binary whose digest is `key` (none with `force`).
    pub(crate) fn read(out: &Path, key: u128, force: bool) -> ParsedSections {
        let files = (!force)
            .then(|| cache::read_aside_bytes(out, "sections"))
            .flatten()
            .and_then(|bytes| decode(&bytes, key))
            .unwrap_or_default();
        let stored = files
            .iter()
            .map(|(path, text, _)| (path.clone(), xxh3_128(text.as_bytes())))
            .collect();
        ParsedSections {
            out: out.to_path_buf(),
            key,
            earlier: EarlierSections::new(files),
            stored,
            writer: None,
        }
    }

    /// The kept parses, for loading.
    pub(crate) fn earlier(&self) -> &EarlierSections {
        &self.earlier
    }

    /// Keeps the section files of `content` beside the output, written on a thread of their own, unless they
    /// are the ones kept already.
    pub(crate) fn keep(&mut self, content: &Content) {
        let same = content.sections.len() == self.stored.len()
            && content
                .sections
                .iter()
                .all(|s| self.stored.get(s.path()) == Some(&xxh3_128(s.text().as_bytes())));
        if same {
            return;
        }
        let sections = content.sections.clone();
        let (out, key) = (self.out.clone(), self.key);
        // Best effort: without it, the next build parses every section file.
        self.writer = std::thread::Builder::new()
            .name("dossier-sections".to_owned())
            .spawn(move || {
                let _ = cache::write_aside_with(&out, "sections", |w| encode(key, &sections, w));
            })
            .ok();
    }
}

impl Drop for ParsedSections {
    /// Waits until the sections are kept: the process may end right after the build.
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

/// Writes the file keeping `sections` into `w` as it goes (at 100,000 sources the sections are hundreds of MB,
/// written while the build resolves); fails if a path is not UTF-8 or a parse does not serialise.
fn encode(key: u128, sections: &[Arc<LoadedSection>], w: &mut dyn Write) -> io::Result<()> {
    write!(w, "{HEADER}\n{}\n{}\n", cache::hex(key), sections.len())?;
    for s in sections {
        let path = s.path().to_str().filter(|p| !p.contains('\n'));
        let path = path.ok_or_else(|| io::Error::other("a path that is not one line of UTF-8"))?;
        write!(w, "{path}\n{}\n", s.text().len())?;
        w.write_all(s.text().as_bytes())?;
        // Compact JSON holds no line break (one in a string is escaped): the line ends the parse.
        serde_json::to_writer(&mut *w, &s.file.value).map_err(io::Error::other)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// The files kept in `bytes` by a binary whose digest is `key`; `None` if anything is off.
fn decode(bytes: &[u8], key: u128) -> Option<Vec<(PathBuf, String, SectionFile)>> {
    let mut at = Cursor { rest: bytes };
    if at.line()? != HEADER || at.line()? != cache::hex(key) {
        return None;
    }
    let count: usize = at.line()?.parse().ok()?;
    let mut raw = Vec::with_capacity(count.min(1 << 16));
    for _ in 0..count {
        let path = PathBuf::from(at.line()?);
        let len = at.line()?.parse().ok()?;
        let text = at.take(len)?;
        let json = at.line()?.as_bytes();
        raw.push((path, json, text));
    }
    if !at.rest.is_empty() {
        return None;
    }
    raw.into_par_iter()
        .map(|(path, json, text)| {
            let value: SectionFile = sonic_rs::from_slice(json).ok()?;
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
    fn kept_sections_read_back_as_parsed_and_anything_off_is_ignored() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let content = crate::load::load(root, &mut Diagnostics::default()).expect("loads");
        assert!(!content.sections.is_empty());
        let mut bytes = Vec::new();
        encode(7, &content.sections, &mut bytes).expect("encoded");
        let files = decode(&bytes, 7).expect("decoded");
        assert_eq!(files.len(), content.sections.len());
        for ((path, text, value), s) in files.iter().zip(&content.sections) {
            assert_eq!(path, s.path());
            assert_eq!(text, s.text());
            assert_eq!(format!("{value:?}"), format!("{:?}", s.file.value));
        }
        assert!(decode(&bytes, 8).is_none(), "another binary");
        assert!(decode(&bytes[..bytes.len() - 1], 7).is_none(), "cut short");
        let mut longer = bytes.clone();
        longer.push(b'x');
        assert!(decode(&longer, 7).is_none(), "trailing bytes");
        let mut other = bytes.clone();
        other[..HEADER.len()].copy_from_slice(b"dossier-sections 0");
        assert!(decode(&other, 7).is_none(), "another layout");
    }
}
