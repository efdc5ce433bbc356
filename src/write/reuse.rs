//! Incremental writes: a file whose bytes are those of the previous site is hard-linked from it into the
//! new tree instead of written, so it keeps its inode and mtime and a sync tool (rsync, S3 sync) sees it
//! unchanged. The bytes are compared with the file itself as they are rendered, not with a record of it, so
//! a file edited by hand in the output is never kept by mistake, and no file is held in memory whole.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

/// Buffer of the previous file being read and of the new file being written.
const BUFFER: usize = 64 * 1024;

/// The previous site, which files whose bytes do not change are taken from.
pub(super) struct Previous {
    dir: PathBuf,
}

impl Previous {
    /// The site in `dir`, as the previous one.
    pub(super) fn new(dir: PathBuf) -> Previous {
        Previous { dir }
    }

    /// Links the file `path` of the previous site to `dest` if it holds the bytes of `kept`; returns their
    /// digest if it did.
    pub(super) fn link_same(
        &self,
        path: &str,
        dest: PathBuf,
        kept: &super::cache::Kept,
    ) -> Option<u128> {
        let old = self.dir.join(path);
        let meta = fs::symlink_metadata(&old).ok()?;
        if !meta.file_type().is_file() || meta.len() != kept.len {
            return None;
        }
        // A file whose stamp is the recorded one is linked without being opened: three system calls where
        // opening it took seven, on every unchanged file of the site.
        #[cfg(unix)]
        if kept.stamped(&meta) {
            let digest = u128::from_str_radix(&kept.digest, 16).ok()?;
            return link_stamped(&old, &dest, &meta).then_some(digest);
        }
        let file = File::open(&old).ok()?;
        // A file whose stamp is the recorded one holds the recorded bytes: it is not read again.
        let (len, digest) = match file.metadata() {
            Ok(m) if kept.stamped(&m) => (kept.len, u128::from_str_radix(&kept.digest, 16).ok()?),
            _ => super::cache::digest_reader(&file).ok()?,
        };
        if len != kept.len || super::cache::hex(digest) != kept.digest {
            return None;
        }
        let reuse = Reuse {
            old,
            dest,
            previous: Some((BufReader::new(file), len)),
            matched: len,
            new: None,
        };
        reuse.link_previous().then_some(digest)
    }

    /// A writer for the file `path` of the new site, to be created at `dest`.
    pub(super) fn writer(&self, path: &str, dest: PathBuf) -> Reuse {
        let old = self.dir.join(path);
        let previous = fs::symlink_metadata(&old)
            .ok()
            .filter(|m| m.file_type().is_file())
            .and_then(|m| {
                let file = File::open(&old).ok()?;
                Some((BufReader::with_capacity(BUFFER, file), m.len()))
            });
        Reuse {
            old,
            dest,
            previous,
            matched: 0,
            new: None,
        }
    }
}

/// Links `old`, whose metadata was `meta`, to `dest`; false if it cannot, or if `dest` is not that very file
/// (the path was replaced meanwhile: then the link is taken back).
#[cfg(unix)]
fn link_stamped(old: &std::path::Path, dest: &std::path::Path, meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    if fs::hard_link(old, dest).is_err() {
        return false;
    }
    // The link changes the change time, not the rest.
    let same_file = fs::symlink_metadata(dest).is_ok_and(|m| {
        (m.dev(), m.ino(), m.len(), m.mtime(), m.mtime_nsec())
            == (
                meta.dev(),
                meta.ino(),
                meta.len(),
                meta.mtime(),
                meta.mtime_nsec(),
            )
    });
    if !same_file {
        let _ = fs::remove_file(dest);
    }
    same_file
}

/// Writes a file of the new site: while its bytes match the previous file's, nothing is written; at the
/// first difference the new file is created (with the matched part copied from the previous one).
pub(super) struct Reuse {
    /// The previous file.
    old: PathBuf,
    /// Where the new file goes.
    dest: PathBuf,
    /// The previous file, read as far as the bytes matched, and its length (none: there is none).
    previous: Option<(BufReader<File>, u64)>,
    /// Bytes matched so far.
    matched: u64,
    /// The new file, once the bytes differ.
    new: Option<BufWriter<File>>,
}

impl Reuse {
    /// Finishes the file: links the previous one if every byte matched (then true), else completes the new
    /// one.
    pub(super) fn finish(mut self) -> io::Result<bool> {
        let mut new = match self.new.take() {
            Some(new) => new,
            None => {
                let same = self.previous.as_mut().is_some_and(|(old, len)| {
                    self.matched == *len && old.fill_buf().is_ok_and(|rest| rest.is_empty())
                });
                // Without hard links (some filesystems), the file is written after all.
                if same && self.link_previous() {
                    return Ok(true);
                }
                self.diverge()?
            }
        };
        new.flush()?;
        Ok(false)
    }

    /// Links the previous file to the destination; false if it cannot, or if the path now names another
    /// file than the one compared (a concurrent build swapped the output meanwhile).
    fn link_previous(&self) -> bool {
        let Some((old, _)) = self.previous.as_ref() else {
            return false;
        };
        if fs::hard_link(&self.old, &self.dest).is_err() {
            return false;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let same_file = match (old.get_ref().metadata(), fs::metadata(&self.dest)) {
                (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
                _ => false,
            };
            if !same_file {
                let _ = fs::remove_file(&self.dest);
                return false;
            }
        }
        #[cfg(not(unix))]
        let _ = old;
        true
    }

    /// True if the next bytes of the previous file are `buf` (they are consumed either way).
    fn matches(&mut self, mut buf: &[u8]) -> io::Result<bool> {
        let Some((old, len)) = self.previous.as_mut() else {
            return Ok(false);
        };
        if self.matched + buf.len() as u64 > *len {
            return Ok(false);
        }
        while !buf.is_empty() {
            let have = old.fill_buf()?;
            if have.is_empty() {
                return Ok(false);
            }
            let n = have.len().min(buf.len());
            if have[..n] != buf[..n] {
                return Ok(false);
            }
            old.consume(n);
            buf = &buf[n..];
        }
        Ok(true)
    }

    /// Creates the new file, holding the bytes matched so far (copied from the previous file).
    fn diverge(&mut self) -> io::Result<BufWriter<File>> {
        let mut new = BufWriter::with_capacity(BUFFER, File::create(&self.dest)?);
        if let Some((old, _)) = self.previous.as_mut() {
            if self.matched > 0 {
                old.seek(SeekFrom::Start(0))?;
                let copied = io::copy(&mut old.by_ref().take(self.matched), &mut new)?;
                if copied != self.matched {
                    return Err(io::Error::other(
                        "the previous site changed during the build",
                    ));
                }
            }
        }
        self.previous = None;
        Ok(new)
    }
}

impl Write for Reuse {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if let Some(new) = self.new.as_mut() {
            return new.write_all(buf);
        }
        if self.matches(buf)? {
            self.matched += buf.len() as u64;
            return Ok(());
        }
        let new = self.diverge()?;
        self.new.insert(new).write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Puts `bytes` at `dest` through a [`Reuse`] writer for the previous site's `path`, in pieces of `piece`.
#[cfg(test)]
fn place(
    previous: &Previous,
    path: &str,
    bytes: &[u8],
    dest: &std::path::Path,
    piece: usize,
) -> bool {
    let mut writer = previous.writer(path, dest.to_path_buf());
    for chunk in bytes.chunks(piece.max(1)) {
        writer.write_all(chunk).unwrap();
    }
    writer.finish().unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_only_files_with_the_same_bytes_and_writes_the_others_whole() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        let new = dir.path().join("new");
        fs::create_dir_all(old.join("a")).unwrap();
        fs::create_dir_all(new.join("a")).unwrap();
        let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(old.join("a/big.bin"), &big).unwrap();
        fs::write(old.join("same.txt"), "same").unwrap();
        fs::write(old.join("other.txt"), "abcd").unwrap();
        fs::write(old.join("empty.txt"), "").unwrap();
        let previous = Previous::new(old.clone());
        for piece in [1, 7, 100_000, 1_000_000] {
            let name = format!("a/big-{piece}.bin");
            assert!(place(&previous, "a/big.bin", &big, &new.join(&name), piece));
            // A difference in the last byte, in the middle, a longer or a shorter file: written whole.
            for (i, variant) in [
                {
                    let mut v = big.clone();
                    *v.last_mut().unwrap() ^= 1;
                    v
                },
                {
                    let mut v = big.clone();
                    v[150_000] ^= 1;
                    v
                },
                [big.as_slice(), b"more"].concat(),
                big[..big.len() - 1].to_vec(),
            ]
            .iter()
            .enumerate()
            {
                let dest = new.join(format!("a/v{i}-{piece}.bin"));
                assert!(!place(&previous, "a/big.bin", variant, &dest, piece));
                assert!(
                    fs::read(&dest).unwrap() == *variant,
                    "variant {i}, piece {piece}"
                );
            }
        }
        assert!(place(
            &previous,
            "same.txt",
            b"same",
            &new.join("same.txt"),
            2
        ));
        assert!(place(
            &previous,
            "empty.txt",
            b"",
            &new.join("empty.txt"),
            1
        ));
        assert!(!place(
            &previous,
            "other.txt",
            b"abce",
            &new.join("other.txt"),
            3
        ));
        assert!(!place(
            &previous,
            "missing.txt",
            b"m",
            &new.join("m.txt"),
            1
        ));
        assert!(!place(&previous, "missing.txt", b"", &new.join("e.txt"), 1));
        assert_eq!(fs::read(new.join("other.txt")).unwrap(), b"abce");
        assert_eq!(fs::read(new.join("m.txt")).unwrap(), b"m");
        assert_eq!(fs::read(new.join("e.txt")).unwrap(), b"");
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ino = |p: &std::path::Path| fs::metadata(p).unwrap().ino();
            assert_eq!(ino(&old.join("same.txt")), ino(&new.join("same.txt")));
            assert_eq!(ino(&old.join("a/big.bin")), ino(&new.join("a/big-7.bin")));
            assert_ne!(ino(&old.join("other.txt")), ino(&new.join("other.txt")));
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_stamped_file_is_linked_unread_and_a_changed_one_only_if_its_bytes_match() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        fs::create_dir_all(&old).unwrap();
        fs::create_dir_all(&new).unwrap();
        fs::write(old.join("page.html"), "ours").unwrap();
        fs::write(old.join("edited.html"), "ours").unwrap();
        let digest = super::super::cache::digest_reader(File::open(old.join("page.html")).unwrap())
            .unwrap()
            .1;
        let mut files: std::collections::BTreeMap<String, super::super::cache::Kept> =
            ["page.html", "edited.html"]
                .into_iter()
                .map(|p| {
                    (
                        p.to_owned(),
                        super::super::cache::Kept::new(Some(1), 4, digest),
                    )
                })
                .collect();
        super::super::cache::stamp_files(&old, &mut files);
        let previous = Previous::new(old.clone());
        let ino = |p: &std::path::Path| fs::metadata(p).unwrap().ino();
        // The stamp is the recorded one: linked, and the recorded digest given back.
        let meta = fs::symlink_metadata(old.join("page.html")).unwrap();
        assert!(files["page.html"].stamped(&meta));
        let linked = previous.link_same("page.html", new.join("page.html"), &files["page.html"]);
        assert_eq!(linked, Some(digest));
        assert_eq!(ino(&old.join("page.html")), ino(&new.join("page.html")));
        // Rewritten (the stamp moves): read, and kept only while its bytes are the recorded ones.
        fs::write(old.join("edited.html"), "ours").unwrap();
        let same = previous.link_same(
            "edited.html",
            new.join("edited.html"),
            &files["edited.html"],
        );
        assert_eq!(same, Some(digest));
        fs::write(old.join("edited.html"), "them").unwrap();
        let other =
            previous.link_same("edited.html", new.join("other.html"), &files["edited.html"]);
        assert_eq!(other, None);
        assert!(!new.join("other.html").exists());
    }

    #[test]
    fn a_file_replaced_after_the_comparison_is_not_linked() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("page.html"), "ours").unwrap();
        let previous = Previous::new(dir.path().to_path_buf());
        let dest = dir.path().join("new.html");
        let mut writer = previous.writer("page.html", dest.clone());
        writer.write_all(b"ours").unwrap();
        // As a concurrent build's swap does: another file, same size, at the same path.
        fs::write(dir.path().join("other.html"), "them").unwrap();
        fs::rename(dir.path().join("other.html"), dir.path().join("page.html")).unwrap();
        assert!(!writer.finish().unwrap());
        assert_eq!(fs::read(&dest).unwrap(), b"ours");
    }
}
