//! Stage 4: write the rendered files into a fresh folder beside the output, then swap it in atomically.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::render::OutputFile;

/// Name of the marker file that identifies a folder written by dossier (so it may be replaced).
pub const MARKER: &str = ".dossier-output";

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A filesystem operation failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path being written.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The output folder exists, is not empty and was not written by dossier.
    #[error("{0} exists and was not written by dossier; refusing to replace it (choose another --output, or empty it)")]
    Foreign(PathBuf),
    /// A rendered path would land outside the output folder.
    #[error("refusing to write `{0}`: it is not a plain relative path")]
    UnsafePath(String),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteStats {
    /// Number of files.
    pub files: usize,
    /// Total bytes.
    pub bytes: u64,
}

/// Writes `files` as the new content of `out`; the previous content stays intact until the final swap.
pub fn write_site(files: &[OutputFile], out: &Path) -> Result<WriteStats, WriteError> {
    let staging = Staging::begin(out, files.iter().map(|f| f.path.as_str()))?;
    files
        .par_iter()
        .for_each(|f| staging.put(&f.path, &f.bytes));
    staging.commit()
}

/// A fresh folder beside the output that files are written into (from any thread) as they are rendered,
/// then swapped in place of the output in one step; dropped uncommitted, it is removed.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// The first write that failed: the build fails with it at commit.
    failed: Mutex<Option<WriteError>>,
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
        if out.exists() && !is_replaceable(out) {
            return Err(WriteError::Foreign(out.to_path_buf()));
        }
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let name = out
            .file_name()
            .map_or("dist".into(), |n| n.to_string_lossy().into_owned());
        remove_stale_temps(&parent, &name);
        let dir = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
        }
        let staging = Staging {
            dir,
            out: out.to_path_buf(),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            failed: Mutex::new(None),
        };
        fs::create_dir_all(&staging.dir).map_err(io_err(&staging.dir))?;
        fs::write(
            staging.dir.join(MARKER),
            b"written by dossier; this folder is replaced on every build\n",
        )
        .map_err(io_err(&staging.dir))?;
        dirs.sort_unstable();
        dirs.dedup();
        for d in dirs {
            let d = staging.dir.join(d);
            fs::create_dir_all(&d).map_err(io_err(&d))?;
        }
        Ok(staging)
    }

    /// Writes one file (at a path given to [`Staging::begin`]); a failure is kept for [`Staging::commit`].
    pub fn put(&self, path: &str, bytes: &[u8]) {
        let full = self.dir.join(path);
        let written = fs::write(&full, bytes).map(|()| bytes.len() as u64);
        self.record(&full, written);
    }

    /// Creates one file (at a path given to [`Staging::begin`]) and has `fill` write it through a buffer; a
    /// failure is kept for [`Staging::commit`].
    pub fn put_with(&self, path: &str, fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) {
        let full = self.dir.join(path);
        let written = fs::File::create(&full).and_then(|file| {
            let mut out = Counted {
                inner: io::BufWriter::with_capacity(FILE_BUFFER, file),
                bytes: 0,
            };
            fill(&mut out)?;
            out.inner.flush()?;
            Ok(out.bytes)
        });
        self.record(&full, written);
    }

    /// Counts a written file, or keeps its failure (the first one) for [`Staging::commit`].
    fn record(&self, full: &Path, written: io::Result<u64>) {
        match written {
            Ok(bytes) => {
                self.files.fetch_add(1, Ordering::Relaxed);
                self.bytes.fetch_add(bytes, Ordering::Relaxed);
            }
            Err(e) => {
                let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
                failed.get_or_insert(io_err(full)(e));
            }
        }
    }

    /// Swaps the staging folder in place of the output, unless a write failed.
    pub fn commit(self) -> Result<WriteStats, WriteError> {
        let failed = self.failed.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(e) = failed {
            return Err(e);
        }
        swap_in(&self.dir, &self.out)?;
        Ok(WriteStats {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }
}

/// Buffer of each file being written: most pages fit in one write.
const FILE_BUFFER: usize = 64 * 1024;

/// A writer that counts the bytes through it.
struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf)?;
        self.bytes += buf.len() as u64;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a successful commit the folder is gone (or holds nothing of ours).
        if self.dir.join(MARKER).is_file() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Puts `staging` in place of `out`: one atomic exchange where the OS has it, else two renames.
fn swap_in(staging: &Path, out: &Path) -> Result<(), WriteError> {
    if !out.exists() {
        return fs::rename(staging, out).map_err(io_err(out));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the previous site.
            return fs::remove_dir_all(staging).map_err(io_err(staging));
        }
    }
    let old = staging.with_extension("old");
    fs::rename(out, &old).map_err(io_err(out))?;
    if let Err(e) = fs::rename(staging, out) {
        let _ = fs::rename(&old, out);
        return Err(io_err(out)(e));
    }
    fs::remove_dir_all(&old).map_err(io_err(&old))
}

/// True for an empty folder or one that dossier wrote.
fn is_replaceable(out: &Path) -> bool {
    out.is_dir()
        && (out.join(MARKER).is_file()
            || fs::read_dir(out)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false))
}

/// Removes staging folders left by killed builds (their process is gone).
fn remove_stale_temps(parent: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split('.').next().unwrap_or("");
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|p| p == std::process::id() || Path::new("/proc").join(pid).exists());
        if !alive && entry.path().join(MARKER).is_file() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
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
        assert!(matches!(staging.commit(), Err(WriteError::Io { .. })));
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
    }

    #[test]
    fn stale_staging_folders_of_dead_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".dist.tmp-999999999");
        fs::create_dir_all(&stale).unwrap();
        fs::write(stale.join(MARKER), "").unwrap();
        write_site(&[file("index.html", "x")], &dir.path().join("dist")).unwrap();
        assert!(!stale.exists());
    }
}
