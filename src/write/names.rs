//! Names of the folders a build creates beside the output, and the removal of those left by killed builds.
//!
//! Every such folder is named `.<output>.dossier-<kind>-<pid>-<nonce>`: the name alone says that dossier made
//! it, for which output and by which process, so a leftover is recognised even when its content is half
//! deleted, and nothing else is ever removed.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// What a folder beside the output holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// The new site being written (after an exchange: the previous site, about to be removed).
    New,
    /// The previous site, moved aside where the OS has no atomic exchange.
    Old,
    /// A leftover claimed for removal.
    Trash,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::New => "new",
            Kind::Old => "old",
            Kind::Trash => "trash",
        }
    }
}

/// A fresh name for a folder of `kind` beside the output called `out_name`, unique to this process and call.
pub(super) fn temp_name(out_name: &str, kind: Kind) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let nonce = u64::from(nanos) << 16 | (COUNTER.fetch_add(1, Ordering::Relaxed) & 0xffff);
    format!(
        ".{out_name}.dossier-{}-{}-{nonce:x}",
        kind.word(),
        std::process::id()
    )
}

/// The process id in `file_name` if it is a name [`temp_name`] gives for the output `out_name`.
fn owner(file_name: &str, out_name: &str) -> Option<u32> {
    let rest = file_name
        .strip_prefix('.')?
        .strip_prefix(out_name)?
        .strip_prefix(".dossier-")?;
    let mut parts = rest.split('-');
    let (kind, pid, nonce) = (parts.next()?, parts.next()?, parts.next()?);
    let valid = parts.next().is_none()
        && ["new", "old", "trash"].contains(&kind)
        && !nonce.is_empty()
        && nonce.bytes().all(|b| b.is_ascii_hexdigit());
    valid.then(|| pid.parse().ok()).flatten()
}

/// The name of a staging folder of the previous release (`.<output>.tmp-<pid>`), recognised with its marker.
fn legacy_owner(file_name: &str, out_name: &str) -> Option<u32> {
    let rest = file_name
        .strip_prefix('.')?
        .strip_prefix(out_name)?
        .strip_prefix(".tmp-")?;
    rest.parse().ok()
}

/// True if the process `pid` is running (this one included).
fn is_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        // EPERM: the process exists but belongs to someone else.
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        // Without a way to ask, a folder might be a running build's: keep it.
        true
    }
}

/// A folder left beside the output that could not be removed.
#[derive(Debug, Clone)]
pub struct Leftover {
    /// The folder.
    pub path: PathBuf,
    /// Why it could not be removed (the OS's words).
    pub error: String,
}

/// Removes the folders beside `out_name` in `parent` left by builds that are no longer running, and returns
/// those that could not be removed. Each is first renamed to a name of this process, so that two builds never
/// remove the same folder and a build killed while removing leaves a name the next one recognises.
pub(super) fn remove_stale(parent: &Path, out_name: &str, marker: &str) -> Vec<Leftover> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut leftovers = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let path = entry.path();
        let stale = match (owner(name, out_name), legacy_owner(name, out_name)) {
            (Some(pid), _) => !is_alive(pid),
            (None, Some(pid)) => !is_alive(pid) && path.join(marker).is_file(),
            (None, None) => false,
        };
        if !stale || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let claimed = parent.join(temp_name(out_name, Kind::Trash));
        match fs::rename(&path, &claimed) {
            Ok(()) => {
                if let Err(e) = remove(&claimed) {
                    leftovers.push(Leftover {
                        path: claimed,
                        error: e.to_string(),
                    });
                }
            }
            // Another build claimed it first.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => leftovers.push(Leftover {
                path,
                error: e.to_string(),
            }),
        }
    }
    leftovers
}

/// Removes a folder of ours; one already gone is not an error.
pub(super) fn remove(dir: &Path) -> io::Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_recognised_by_output_and_owner() {
        let name = temp_name("dist", Kind::New);
        assert_eq!(owner(&name, "dist"), Some(std::process::id()));
        assert_eq!(owner(&name, "dis"), None);
        assert_eq!(owner(&name, "dist.x"), None);
        assert_ne!(name, temp_name("dist", Kind::New), "each call is fresh");
        let trash = temp_name("my-site.v2", Kind::Trash);
        assert_eq!(owner(&trash, "my-site.v2"), Some(std::process::id()));
        for foreign in [
            ".dist.dossier-new-12",
            ".dist.dossier-new-12-zz",
            ".dist.dossier-keep-12-ab",
            ".dist.dossier-new-12-ab-cd",
            ".dist.tmp-12",
            "dist.dossier-new-12-ab",
        ] {
            assert_eq!(owner(foreign, "dist"), None, "{foreign}");
        }
        assert_eq!(legacy_owner(".dist.tmp-12", "dist"), Some(12));
    }

    #[test]
    fn a_half_removed_folder_of_a_dead_build_is_removed_by_its_name_alone() {
        let dir = tempfile::tempdir().unwrap();
        // As a build killed while removing it leaves it: no marker, some pages.
        let dead = dir.path().join(".dist.dossier-trash-999999999-1f");
        fs::create_dir_all(dead.join("sources")).unwrap();
        fs::write(dead.join("sources/a.html"), "a").unwrap();
        let live = dir.path().join(temp_name("dist", Kind::New));
        fs::create_dir_all(&live).unwrap();
        let other = dir.path().join(".dist.tmp-999999999");
        fs::create_dir_all(&other).unwrap();
        let leftovers = remove_stale(dir.path(), "dist", ".marker");
        assert!(leftovers.is_empty(), "{leftovers:?}");
        assert!(!dead.exists());
        assert!(live.exists(), "a running build's folder is kept");
        assert!(
            other.exists(),
            "an old-style folder without its marker is kept"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
