//! Stage 4: write the rendered files into a fresh folder beside the output, then swap it in atomically.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

use crate::render::OutputFile;
use names::Kind;
pub use names::Leftover;

pub mod cache;
mod names;
mod reuse;
mod target;

/// Name of the marker file that identifies a folder written by dossier (so it may be replaced).
pub const MARKER: &str = ".dossier-output";

/// The marker's content.
const MARKER_TEXT: &[u8] = b"written by dossier; this folder is replaced on every build\n";

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A file of the new site could not be written (the output is left as it was).
    #[error("cannot write {}: {source}", .out.join(.path).display())]
    File {
        /// The output folder, as given.
        out: PathBuf,
        /// The file's path in the site.
        path: String,
        /// The underlying error.
        source: io::Error,
    },
    /// The output folder could not be prepared or swapped.
    #[error("cannot {action} {}: {source}", .out.display())]
    Output {
        /// The output folder, as given.
        out: PathBuf,
        /// What was being done, e.g. "create a staging folder beside".
        action: &'static str,
        /// The underlying error.
        source: io::Error,
    },
    /// The output folder exists, is not empty and was not written by dossier.
    #[error("{0} exists and was not written by dossier; refusing to replace it (choose another --output, or empty it)")]
    Foreign(PathBuf),
    /// A rendered path would land outside the output folder.
    #[error("refusing to write `{0}`: it is not a plain relative path")]
    UnsafePath(String),
    /// The output is a symlink whose chain of links never ends.
    #[error("{0} is a symlink that leads back to itself")]
    SymlinkLoop(PathBuf),
}

impl WriteError {
    /// How to get past the error, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        let (out, source) = match self {
            WriteError::File { out, source, .. } | WriteError::Output { out, source, .. } => {
                (out, source)
            }
            WriteError::SymlinkLoop(_) => {
                return Some("point the symlink at a folder, or pass another --output".into())
            }
            WriteError::Foreign(_) | WriteError::UnsafePath(_) => return None,
        };
        let beside = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.display().to_string(),
            _ => ".".into(),
        };
        Some(match source.kind() {
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => format!(
                "dossier writes the new site into a folder beside the output, in {beside}, then swaps it in: \
                 that folder must be writable; fix its permissions or pass another --output"
            ),
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => format!(
                "the disk holding {beside} is full; the new site needs room beside the old one until the swap"
            ),
            // `create_dir_all` says "exists" when a part of the path is a file.
            io::ErrorKind::NotADirectory | io::ErrorKind::AlreadyExists
                if matches!(self, WriteError::Output { action, .. } if *action == CREATE_PARENT) =>
            {
                "a part of the output path is a file, not a folder: pass another --output".into()
            }
            _ => return None,
        })
    }
}

/// The action of [`WriteError::Output`] when the output's parent folder cannot be created.
const CREATE_PARENT: &str = "create the folder holding";

/// What was written.
#[derive(Debug, Default)]
pub struct WriteStats {
    /// Number of files.
    pub files: usize,
    /// Total bytes.
    pub bytes: u64,
    /// Files whose bytes did not change, linked from the previous site (so their mtime is kept).
    pub reused: usize,
    /// Every file but the marker: (path, length, digest of the bytes).
    pub digests: Vec<(String, u64, u128)>,
    /// Folders beside the output that could not be removed (the new site is in place all the same); the next
    /// build tries again.
    pub leftovers: Vec<Leftover>,
}

/// The previous site, moved aside by [`Staging::commit_aside`].
#[must_use = "the previous site stays beside the output until it is removed"]
pub struct OldSite(Option<PathBuf>);

impl OldSite {
    /// Removes the previous site; a folder that cannot be removed is returned as a leftover.
    pub fn remove(self) -> Option<Leftover> {
        let old = self.0?;
        names::remove(&old).err().map(|e| Leftover {
            path: old,
            error: e.to_string(),
        })
    }
}

/// Writes `files` as the new content of `out`; the previous content stays intact until the final swap.
pub fn write_site(files: &[OutputFile], out: &Path) -> Result<WriteStats, WriteError> {
    let staging = Staging::begin(out, files.iter().map(|f| f.path.as_str()))?;
    files
        .par_iter()
        .for_each(|f| staging.put(&f.path, &f.bytes));
    staging.commit()
}

/// Removes what killed or failed builds left beside the output `out` (as [`Staging::begin`] does), for a build
/// that writes nothing; returns what could not be removed.
pub fn tidy(out: &Path) -> Vec<Leftover> {
    let Ok(target) = target::resolve(out) else {
        return Vec::new();
    };
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Vec::new();
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    names::remove_stale(parent, &name.to_string_lossy(), MARKER)
}

/// A fresh folder beside the output that files are written into (from any thread) as they are rendered,
/// then swapped in place of the output in one step; dropped uncommitted, it is removed.
pub struct Staging {
    /// The staging folder.
    dir: PathBuf,
    /// The output as the user gave it (for messages).
    out: PathBuf,
    /// The folder replaced: `out`, or where it points if it is a symlink.
    target: PathBuf,
    /// The target's file name, which the names of the folders beside it start with.
    name: String,
    files: AtomicUsize,
    bytes: AtomicU64,
    reused: AtomicUsize,
    /// (path, length, digest) of every file put in place.
    digests: Mutex<Vec<(String, u64, u128)>>,
    /// The site being replaced, to take unchanged files from (none: every file is written).
    previous: Option<reuse::Previous>,
    /// The first write that failed: the build fails with it at commit.
    failed: Mutex<Option<WriteError>>,
    /// Stale folders that could not be removed when the build began.
    leftovers: Vec<Leftover>,
    /// Set once the staging folder is swapped in (or handed over as the previous site).
    committed: bool,
}

impl Staging {
    /// Creates the staging folder and the folders of every path in `paths`, after checking that each is a
    /// plain relative path and that `out` may be replaced.
    pub fn begin<'a>(
        out: &Path,
        paths: impl IntoIterator<Item = &'a str>,
    ) -> Result<Staging, WriteError> {
        let mut dirs: Vec<&Path> = Vec::new();
        for path in paths {
            if !is_plain_relative(path) {
                return Err(WriteError::UnsafePath(path.to_owned()));
            }
            if let Some(parent) = Path::new(path).parent() {
                dirs.push(parent);
            }
        }
        let target = target::resolve(out)?;
        if fs::symlink_metadata(&target).is_ok() && !is_replaceable(&target) {
            return Err(WriteError::Foreign(out.to_path_buf()));
        }
        let output_err = |action: &'static str| {
            move |source| WriteError::Output {
                out: out.to_path_buf(),
                action,
                source,
            }
        };
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(output_err(CREATE_PARENT))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| WriteError::Output {
                out: out.to_path_buf(),
                action: "replace",
                source: io::Error::new(io::ErrorKind::InvalidInput, "it has no folder name"),
            })?;
        let leftovers = names::remove_stale(&parent, &name, MARKER);
        let previous = target
            .is_dir()
            .then(|| reuse::Previous::new(target.clone()));
        let dir = parent.join(names::temp_name(&name, Kind::New));
        fs::create_dir(&dir).map_err(output_err("create a staging folder beside"))?;
        let staging = Staging {
            dir,
            out: out.to_path_buf(),
            target,
            name,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            reused: AtomicUsize::new(0),
            digests: Mutex::new(Vec::new()),
            previous,
            failed: Mutex::new(None),
            leftovers,
            committed: false,
        };
        dirs.sort_unstable();
        dirs.dedup();
        for d in dirs {
            fs::create_dir_all(staging.dir.join(d))
                .map_err(output_err("write into a staging folder beside"))?;
        }
        Ok(staging)
    }

    /// Writes every file anew instead of linking those whose bytes did not change.
    pub fn rewrite_all(mut self) -> Staging {
        self.previous = None;
        self
    }

    /// Writes one file (at a path given to [`Staging::begin`]); a failure is kept for [`Staging::commit`].
    pub fn put(&self, path: &str, bytes: &[u8]) {
        let written = self
            .place(path, bytes)
            .map(|kept| (bytes.len() as u64, kept, xxh3_128(bytes)));
        self.record(path, written);
    }

    /// Puts `bytes` at `path`: the previous site's file if it holds the same bytes (then true), else a new
    /// file.
    fn place(&self, path: &str, bytes: &[u8]) -> io::Result<bool> {
        let dest = self.dir.join(path);
        match &self.previous {
            Some(previous) => {
                let mut writer = previous.writer(path, dest);
                writer.write_all(bytes)?;
                writer.finish()
            }
            None => fs::write(dest, bytes).map(|()| false),
        }
    }

    /// Creates one file (at a path given to [`Staging::begin`]) and has `fill` write it through a buffer
    /// (when there is a previous site, compared with its file as it comes); a failure is kept for
    /// [`Staging::commit`].
    pub fn put_with(&self, path: &str, fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) {
        if let Some(previous) = &self.previous {
            let mut out = Counted::new(previous.writer(path, self.dir.join(path)));
            let written = fill(&mut out)
                .and_then(|()| out.inner.finish())
                .map(|kept| (out.bytes, kept, out.hash.digest128()));
            self.record(path, written);
            return;
        }
        let written = fs::File::create(self.dir.join(path)).and_then(|file| {
            let mut out = Counted::new(io::BufWriter::with_capacity(FILE_BUFFER, file));
            fill(&mut out)?;
            out.inner.flush()?;
            Ok((out.bytes, false, out.hash.digest128()))
        });
        self.record(path, written);
    }

    /// Links the previous site's file at `path` into the new site without rendering it, if it holds the bytes
    /// of `kept` (checked by content: a file edited by hand is not kept); false if it does not (or there is
    /// no previous site), and the file is to be rendered.
    pub fn keep(&self, path: &str, kept: &cache::Kept) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        match previous.link_same(path, self.dir.join(path), kept) {
            Some(digest) => {
                self.record(path, Ok((kept.len, true, digest)));
                true
            }
            None => false,
        }
    }

    /// Counts a file put in place (its size, whether it was kept from the previous site, its digest), or
    /// keeps its failure (the first one) for [`Staging::commit`].
    fn record(&self, path: &str, written: io::Result<(u64, bool, u128)>) {
        match written {
            Ok((bytes, kept, digest)) => {
                self.files.fetch_add(1, Ordering::Relaxed);
                self.bytes.fetch_add(bytes, Ordering::Relaxed);
                if kept {
                    self.reused.fetch_add(1, Ordering::Relaxed);
                }
                self.digests
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((path.to_owned(), bytes, digest));
            }
            Err(source) => {
                let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
                failed.get_or_insert(WriteError::File {
                    out: self.out.clone(),
                    path: path.to_owned(),
                    source,
                });
            }
        }
    }

    /// Swaps the staging folder in place of the output, unless a write failed. Once the new site is in
    /// place the build has succeeded: a previous copy that cannot be removed is returned as a leftover.
    pub fn commit(self) -> Result<WriteStats, WriteError> {
        let (mut stats, old) = self.commit_aside()?;
        stats.leftovers.extend(old.remove());
        Ok(stats)
    }

    /// [`Staging::commit`], but the previous site is only moved aside: the caller removes it, meanwhile
    /// doing other work (at 10,000 sources removing it takes about 80 ms).
    pub fn commit_aside(mut self) -> Result<(WriteStats, OldSite), WriteError> {
        let failed = self.failed.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(e) = failed {
            return Err(e);
        }
        // Last, so that `rewrite_all` applies to it too.
        self.place(MARKER, MARKER_TEXT)
            .map_err(|source| WriteError::Output {
                out: self.out.clone(),
                action: "write into a staging folder beside",
                source,
            })?;
        let old = self.swap_in()?;
        self.committed = true;
        let stats = WriteStats {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
            digests: std::mem::take(&mut self.digests.lock().unwrap_or_else(|e| e.into_inner())),
            leftovers: std::mem::take(&mut self.leftovers),
        };
        Ok((stats, OldSite(old)))
    }

    /// Puts the staging folder in place of the target: one atomic exchange where the OS has it, else two
    /// renames. Returns the folder now holding the previous site, if there was one.
    fn swap_in(&self) -> Result<Option<PathBuf>, WriteError> {
        let replace_err = |source| WriteError::Output {
            out: self.out.clone(),
            action: "replace",
            source,
        };
        if fs::symlink_metadata(&self.target).is_err() {
            return fs::rename(&self.dir, &self.target)
                .map(|()| None)
                .map_err(replace_err);
        }
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{renameat_with, RenameFlags, CWD};
            if renameat_with(CWD, &self.dir, CWD, &self.target, RenameFlags::EXCHANGE).is_ok() {
                // The staging folder now holds the previous site: renamed to say so (its name is
                // recognised by the next build either way).
                let old = self
                    .dir
                    .with_file_name(names::temp_name(&self.name, Kind::Old));
                return Ok(Some(match fs::rename(&self.dir, &old) {
                    Ok(()) => old,
                    Err(_) => self.dir.clone(),
                }));
            }
        }
        let parent = self.dir.parent().unwrap_or(Path::new("."));
        let old = parent.join(names::temp_name(&self.name, Kind::Old));
        fs::rename(&self.target, &old).map_err(replace_err)?;
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            let _ = fs::rename(&old, &self.target);
            return Err(replace_err(e));
        }
        Ok(Some(old))
    }
}

/// Buffer of each file being written: most pages fit in one write.
const FILE_BUFFER: usize = 64 * 1024;

/// A writer that counts and digests the bytes through it.
struct Counted<W> {
    inner: W,
    bytes: u64,
    hash: Xxh3,
}

impl<W> Counted<W> {
    fn new(inner: W) -> Counted<W> {
        Counted {
            inner,
            bytes: 0,
            hash: Xxh3::new(),
        }
    }
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf)?;
        self.bytes += buf.len() as u64;
        self.hash.update(buf);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = names::remove(&self.dir);
        }
    }
}

/// True for an empty folder or one that dossier wrote.
fn is_replaceable(out: &Path) -> bool {
    out.is_dir()
        && (out.join(MARKER).is_file()
            || fs::read_dir(out)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false))
}

/// True if `path` has only normal components (no root, `..`, `.` or drive prefix).
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_owned(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_then_replaces_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        write_site(&[file("index.html", "one"), file("a/b.html", "b")], &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "b");
        write_site(&[file("index.html", "two")], &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("a/b.html").exists(), "stale files are gone");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }

    #[test]
    fn refuses_unsafe_paths_and_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        for bad in ["../x.html", "/etc/x", "a/../../x", "", "a\\..\\x"] {
            assert!(
                matches!(
                    write_site(&[file(bad, "x")], &out),
                    Err(WriteError::UnsafePath(_))
                ),
                "{bad}"
            );
        }
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("precious.txt"), "keep").unwrap();
        assert!(matches!(
            write_site(&[file("index.html", "x")], &out),
            Err(WriteError::Foreign(_))
        ));
        assert_eq!(
            fs::read_to_string(out.join("precious.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn a_staging_folder_dropped_before_commit_leaves_the_site_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        write_site(&[file("index.html", "old")], &out).unwrap();
        let staging = Staging::begin(&out, ["index.html", "a/b.html"]).unwrap();
        staging.put("index.html", b"new");
        staging.put("a/b.html", b"b");
        drop(staging);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging left"
        );
    }

    #[test]
    fn a_failed_write_fails_the_commit_and_keeps_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        write_site(&[file("index.html", "old")], &out).unwrap();
        // `x.html` was not announced to `begin`, so its folder does not exist.
        let staging = Staging::begin(&out, ["index.html"]).unwrap();
        staging.put("index.html", b"new");
        staging.put("missing/x.html", b"x");
        let err = staging.commit().unwrap_err();
        assert!(
            matches!(&err, WriteError::File { path, .. } if path == "missing/x.html"),
            "{err}"
        );
        assert!(
            err.to_string().starts_with(&format!(
                "cannot write {}",
                out.join("missing/x.html").display()
            )),
            "named by its place in the output, not the staging folder: {err}"
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
    }

    #[test]
    fn stale_staging_folders_of_dead_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // The previous release's name, with its marker, and this one's, half removed (no marker).
        let legacy = dir.path().join(".dist.tmp-999999999");
        fs::create_dir_all(&legacy).unwrap();
        fs::write(legacy.join(MARKER), "").unwrap();
        let stale = dir.path().join(".dist.dossier-new-999999999-a");
        fs::create_dir_all(stale.join("sources")).unwrap();
        let stats = write_site(&[file("index.html", "x")], &dir.path().join("dist")).unwrap();
        assert!(stats.leftovers.is_empty());
        assert!(!legacy.exists());
        assert!(!stale.exists());
    }
}
