//! The record of the last build into an output, kept in one file beside it (`.<output>.dossier-cache`, so
//! never uploaded with the site): the digest of its inputs, and each output file's key, length and content
//! digest. The next build takes from it what it need not render again. Whatever is wrong with the record (no
//! file, another format, unreadable) makes it unknown: the build is then a full one, never a wrong one.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use super::{target, MARKER};
use crate::stamp::{self, Stamp};

/// Changes whenever the record's meaning does: an older record is then ignored.
const FORMAT: u32 = 2;

/// What the last build into an output did, with `S` the caller's summary of it.
#[derive(Debug, Serialize, Deserialize)]
pub struct Record<S> {
    format: u32,
    /// Digest of every input (content, theme, binary, options), as hex.
    pub inputs: String,
    /// Every file of the output but the marker, by path.
    pub files: BTreeMap<String, Kept>,
    /// The caller's summary of the build.
    pub summary: S,
}

impl<S> Record<S> {
    /// A record of a build of `inputs` that wrote `files`.
    pub fn new(inputs: u128, files: BTreeMap<String, Kept>, summary: S) -> Record<S> {
        Record {
            format: FORMAT,
            inputs: hex(inputs),
            files,
            summary,
        }
    }

    /// True if the build of this record had exactly these inputs.
    pub fn same_inputs(&self, inputs: u128) -> bool {
        self.inputs == hex(inputs)
    }

    /// The file at `path` if its key was `key`.
    pub fn kept(&self, path: &str, key: u128) -> Option<&Kept> {
        self.files
            .get(path)
            .filter(|k| k.key.as_deref() == Some(hex(key).as_str()))
    }
}

/// One output file as the last build wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    /// The output's key (see `render::keys`), as hex; none: it is always rendered.
    pub key: Option<String>,
    /// Its length in bytes.
    pub len: u64,
    /// Digest of its bytes, as hex.
    pub digest: String,
    /// Its stamp once in place, if it is to be trusted: a file with this stamp still holds these bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<Stamp>,
}

impl Kept {
    /// A file of `len` bytes with this `digest`, rendered from an output with this `key`.
    pub fn new(key: Option<u128>, len: u64, digest: u128) -> Kept {
        Kept {
            key: key.map(hex),
            len,
            digest: hex(digest),
            stamp: None,
        }
    }

    /// True if a file with this metadata is known to hold the recorded bytes without reading it.
    pub fn stamped(&self, meta: &fs::Metadata) -> bool {
        self.stamp.is_some() && self.stamp == Stamp::durable(meta)
    }
}

/// Stamps every file of `files` as it now is in the output `out` (see [`Kept::stamp`]).
pub fn stamp_files(out: &Path, files: &mut BTreeMap<String, Kept>) {
    let Ok(dir) = target::resolve(out) else {
        return;
    };
    files.par_iter_mut().for_each(|(path, kept)| {
        kept.stamp = fs::symlink_metadata(dir.join(path))
            .ok()
            .and_then(|m| Stamp::durable(&m))
            .filter(|s| s.len() == kept.len);
    });
}

/// Where the file `path` of the site in the output `out` is (the output may be a link to the folder).
pub fn output_file(out: &Path, path: &str) -> Option<PathBuf> {
    Some(target::resolve(out).ok()?.join(path))
}

/// 32 hex digits.
pub fn hex(n: u128) -> String {
    format!("{n:032x}")
}

/// Where the record of builds into `out` is kept: beside the folder the build replaces.
fn record_path(out: &Path) -> Option<PathBuf> {
    aside_path(out, "cache")
}

/// The file `.<output>.dossier-<kind>` beside the folder the build into `out` replaces.
fn aside_path(out: &Path, kind: &str) -> Option<PathBuf> {
    let target = target::resolve(out).ok()?;
    let name = target.file_name()?.to_string_lossy().into_owned();
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(parent.join(format!(".{name}.dossier-{kind}")))
}

/// What was kept as `kind` beside the output `out` (see [`write_aside`]), if it is readable.
pub fn read_aside<T: DeserializeOwned>(out: &Path, kind: &str) -> Option<T> {
    serde_json::from_slice(&read_aside_bytes(out, kind)?).ok()
}

/// The bytes kept as `kind` beside the output `out` (see [`write_aside_bytes`]), if they are readable.
pub fn read_aside_bytes(out: &Path, kind: &str) -> Option<Vec<u8>> {
    fs::read(aside_path(out, kind)?).ok()
}

/// Keeps `value` as `kind` beside the output `out`: written aside, then renamed over the old one.
pub fn write_aside<T: Serialize>(out: &Path, kind: &str, value: &T) -> io::Result<()> {
    write_aside_bytes(
        out,
        kind,
        &serde_json::to_vec(value).map_err(io::Error::other)?,
    )
}

/// Keeps `bytes` as `kind` beside the output `out`: written aside, then renamed over the old one.
pub fn write_aside_bytes(out: &Path, kind: &str, bytes: &[u8]) -> io::Result<()> {
    write_aside_with(out, kind, |w| w.write_all(bytes))
}

/// Keeps what `fill` writes as `kind` beside the output `out` (never held whole): written aside, then
/// renamed over the old one; nothing is kept if `fill` fails.
pub fn write_aside_with(
    out: &Path,
    kind: &str,
    fill: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    let path =
        aside_path(out, kind).ok_or_else(|| io::Error::other("no place beside the output"))?;
    let mut temp = path.clone().into_os_string();
    temp.push(format!(".{}", std::process::id()));
    let temp = PathBuf::from(temp);
    let written = File::create(&temp).and_then(|file| {
        let mut w = io::BufWriter::with_capacity(1 << 16, file);
        fill(&mut w)?;
        io::Write::flush(&mut w)
    });
    written
        .and_then(|()| fs::rename(&temp, &path))
        .inspect_err(|_| {
            let _ = fs::remove_file(&temp);
        })
}

/// The record of the last build into `out`, if there is a readable one of this format.
/// A stamp is trusted only if the file changed before the record was written, by the file system's clock
/// (its tick may be coarse: a file changed again in the tick it was stamped in would keep its stamp).
pub fn read<S: DeserializeOwned>(out: &Path) -> Option<Record<S>> {
    let written = fs::metadata(record_path(out)?)
        .ok()
        .and_then(|m| stamp::modified_ns(&m));
    let mut record: Record<S> = read_aside(out, "cache")?;
    if record.format != FORMAT {
        return None;
    }
    for kept in record.files.values_mut() {
        let settled = kept
            .stamp
            .zip(written)
            .is_some_and(|(s, written)| s.changed() < written);
        if !settled {
            kept.stamp = None;
        }
    }
    Some(record)
}

/// Keeps `record` as the record of builds into `out` (written aside, then renamed over the old one); a
/// failure only costs the next build its shortcuts.
pub fn write<S: Serialize>(out: &Path, record: &Record<S>) -> io::Result<()> {
    write_aside(out, "cache", record)
}

/// Removes the record of builds into `out`, before the output changes: a build that stops half-way leaves
/// no record that could describe the wrong site.
pub fn forget(out: &Path) {
    if let Some(path) = record_path(out) {
        let _ = fs::remove_file(path);
    }
}

/// Digest of a file's bytes (streamed: a file may be large), and its length.
pub(super) fn digest_reader(mut file: impl Read) -> io::Result<(u64, u128)> {
    let mut h = Xxh3::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut len = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => return Ok((len, h.digest128())),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        h.update(&buf[..n]);
        len += n as u64;
    }
}

/// True if `out` holds exactly the files of `record` (and the marker), each with its recorded bytes.
pub fn intact<S: Sync>(out: &Path, record: &Record<S>) -> bool {
    let Ok(dir) = target::resolve(out) else {
        return false;
    };
    let mut found = Vec::with_capacity(record.files.len() + 1);
    for entry in walkdir::WalkDir::new(&dir).min_depth(1) {
        let Ok(entry) = entry else { return false };
        if entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() {
            return false;
        }
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            return false;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel != MARKER {
            found.push((rel, entry.into_path()));
        }
    }
    found.len() == record.files.len()
        && found.par_iter().all(|(rel, path)| {
            record.files.get(rel).is_some_and(|kept| {
                let stamped = fs::symlink_metadata(path).is_ok_and(|m| kept.stamped(&m));
                stamped
                    || File::open(path)
                        .and_then(digest_reader)
                        .is_ok_and(|(len, digest)| len == kept.len && hex(digest) == kept.digest)
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_read_back_and_a_damaged_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let mut files = BTreeMap::new();
        files.insert("a.html".to_owned(), Kept::new(Some(7), 3, 9));
        write(&out, &Record::new(5, files, 42u32)).unwrap();
        assert!(dir.path().join(".site.dossier-cache").is_file());
        let back: Record<u32> = read(&out).unwrap();
        assert!(back.same_inputs(5) && !back.same_inputs(6));
        assert_eq!(back.summary, 42);
        assert!(back.kept("a.html", 7).is_some());
        assert!(back.kept("a.html", 8).is_none());
        assert!(read::<String>(&out).is_none(), "another summary type");
        fs::write(dir.path().join(".site.dossier-cache"), "{\"format\": 1, ").unwrap();
        assert!(read::<u32>(&out).is_none());
        forget(&out);
        assert!(read::<u32>(&out).is_none());
    }

    #[test]
    fn an_output_is_intact_only_with_the_recorded_files_and_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        fs::create_dir_all(out.join("a")).unwrap();
        fs::write(out.join("a/b.html"), "bee").unwrap();
        fs::write(out.join(MARKER), "m").unwrap();
        let (len, digest) = digest_reader(&b"bee"[..]).unwrap();
        let mut files = BTreeMap::new();
        files.insert("a/b.html".to_owned(), Kept::new(None, len, digest));
        let record = Record::new(1, files, ());
        assert!(intact(&out, &record));
        fs::write(out.join("a/b.html"), "bed").unwrap();
        assert!(!intact(&out, &record), "same length, other bytes");
        fs::write(out.join("a/b.html"), "bee").unwrap();
        fs::write(out.join("extra.html"), "").unwrap();
        assert!(!intact(&out, &record), "a file the record does not have");
        fs::remove_file(out.join("extra.html")).unwrap();
        fs::remove_file(out.join("a/b.html")).unwrap();
        assert!(!intact(&out, &record), "a missing file");
    }

    /// A file whose stamp is the recorded one is not read (a wrong recorded digest goes unnoticed, which shows
    /// it); one written since is read, whatever its length.
    #[cfg(unix)]
    #[test]
    fn a_stamped_file_is_taken_on_its_stamp_and_a_rewritten_one_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("a.html"), "bee").unwrap();
        fs::write(out.join(MARKER), "m").unwrap();
        let mut files = BTreeMap::new();
        // The digest of other bytes: only reading the file could tell.
        files.insert("a.html".to_owned(), Kept::new(None, 3, 9));
        stamp_files(&out, &mut files);
        assert!(files["a.html"].stamp.is_some());
        // The record is written a clock tick or more after the file changed, or its stamp is not trusted.
        std::thread::sleep(std::time::Duration::from_millis(50));
        write(&out, &Record::new(1, files, ())).unwrap();
        let record: Record<()> = read(&out).unwrap();
        assert!(
            record.files["a.html"].stamp.is_some(),
            "settled before the record"
        );
        assert!(intact(&out, &record), "taken on its stamp, not read");
        fs::write(out.join("a.html"), "bee").unwrap();
        assert!(
            !intact(&out, &record),
            "rewritten with the same bytes: read, and the digest is wrong"
        );
        // A stamp no older than the record is not trusted.
        let mut files = BTreeMap::new();
        files.insert("a.html".to_owned(), Kept::new(None, 3, 9));
        stamp_files(&out, &mut files);
        let kept = files["a.html"].clone();
        write(&out, &Record::new(1, files, ())).unwrap();
        let changed = kept.stamp.unwrap().changed();
        let written =
            stamp::modified_ns(&fs::metadata(record_path(&out).unwrap()).unwrap()).unwrap();
        let record: Record<()> = read(&out).unwrap();
        assert_eq!(record.files["a.html"].stamp.is_some(), changed < written);
    }
}
