//! Stage 4: write the rendered files into a fresh folder beside the output, then swap it in atomically.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

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
    for f in files {
        if !is_plain_relative(&f.path) {
            return Err(WriteError::UnsafePath(f.path.clone()));
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
    let staging = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    }
    let result = fill(&staging, files).and_then(|stats| swap_in(&staging, out).map(|()| stats));
    if result.is_err() && staging.exists() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn fill(staging: &Path, files: &[OutputFile]) -> Result<WriteStats, WriteError> {
    fs::create_dir_all(staging).map_err(io_err(staging))?;
    fs::write(
        staging.join(MARKER),
        b"written by dossier; this folder is replaced on every build\n",
    )
    .map_err(io_err(staging))?;
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| staging.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        fs::create_dir_all(d).map_err(io_err(d))?;
    }
    files.par_iter().try_for_each(|f| {
        let path = staging.join(&f.path);
        fs::write(&path, &f.bytes).map_err(io_err(&path))
    })?;
    Ok(WriteStats {
        files: files.len(),
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
    })
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
    fn stale_staging_folders_of_dead_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".dist.tmp-999999999");
        fs::create_dir_all(&stale).unwrap();
        fs::write(stale.join(MARKER), "").unwrap();
        write_site(&[file("index.html", "x")], &dir.path().join("dist")).unwrap();
        assert!(!stale.exists());
    }
}
