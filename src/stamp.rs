//! A file's stamp: its inode, length and modification and change times. Any write to a file, or its
//! replacement by another, gives it another stamp (the change time cannot be set back), so a file whose stamp
//! is the recorded one still holds the recorded bytes and need not be read to know them. A stamp taken within
//! the file system's clock tick of a change is not trusted (the "racy" case: a second change in the same tick
//! would leave the times as they were). Outside Unix there is no change time: a stamp is then only the length
//! and modification time, good for `serve`'s watcher-backed cache but never kept on disk ([`Stamp::durable`]).

use std::fs::Metadata;
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// What identifies a file's bytes without reading them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Row", into = "Row")]
pub struct Stamp {
    /// Device and inode.
    dev: u64,
    ino: u64,
    len: u64,
    /// Modification and change times, in nanoseconds since the epoch.
    mtime: i64,
    ctime: i64,
}

/// A stamp as kept on disk: a row of numbers (dev, ino, len, mtime, ctime), a third of the named fields' size.
type Row = (u64, u64, u64, i64, i64);

impl From<Row> for Stamp {
    fn from((dev, ino, len, mtime, ctime): Row) -> Stamp {
        Stamp {
            dev,
            ino,
            len,
            mtime,
            ctime,
        }
    }
}

impl From<Stamp> for Row {
    fn from(s: Stamp) -> Row {
        (s.dev, s.ino, s.len, s.mtime, s.ctime)
    }
}

impl Stamp {
    /// The stamp of a file with this metadata (none for anything but a file).
    pub fn of(meta: &Metadata) -> Option<Stamp> {
        if !meta.is_file() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
            Some(Stamp {
                dev: meta.dev(),
                ino: meta.ino(),
                len: meta.len(),
                mtime: ns(meta.mtime(), meta.mtime_nsec()),
                ctime: ns(meta.ctime(), meta.ctime_nsec()),
            })
        }
        #[cfg(not(unix))]
        Some(Stamp {
            dev: 0,
            ino: 0,
            len: meta.len(),
            mtime: modified_ns(meta).unwrap_or(0),
            ctime: 0,
        })
    }

    /// The stamp of the file at `path` (links followed), if there is one.
    pub fn at(path: &Path) -> Option<Stamp> {
        Stamp::of(&std::fs::metadata(path).ok()?)
    }

    /// The stamp of a file with this metadata if it may be kept on disk and trusted by a later process: only
    /// where a file has a change time (Unix).
    pub fn durable(meta: &Metadata) -> Option<Stamp> {
        Stamp::of(meta).filter(|_| cfg!(unix))
    }

    /// The file's length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// The file's last change, in nanoseconds since the epoch.
    pub fn changed(&self) -> i64 {
        self.ctime
    }

    /// The stamp of a file with this metadata if it can be trusted now: its last change is `RACY_MARGIN` or
    /// more in the past by the system clock. For files whose file system's clock may differ a little from the
    /// system's (the dossier's inputs may be on a network share).
    pub fn settled(meta: &Metadata) -> Option<Stamp> {
        let stamp = Stamp::durable(meta)?;
        let now = SystemTime::now()
            .checked_sub(RACY_MARGIN)?
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?;
        let now = i64::try_from(now.as_nanos()).ok()?;
        (stamp.ctime < now).then_some(stamp)
    }
}

/// How long after a change a stamp compared with the system clock is trusted: more than any file system's
/// clock tick (FAT's is 2 s) and than the drift of a network file system's clock.
const RACY_MARGIN: Duration = Duration::from_secs(3);

/// Nanoseconds since the epoch of the modification time in `meta` (the file system's clock when it was
/// written), if there is one.
pub fn modified_ns(meta: &Metadata) -> Option<i64> {
    let t = meta
        .modified()
        .ok()?
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?;
    i64::try_from(t.as_nanos()).ok()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_write_or_a_replacement_changes_the_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "one").unwrap();
        let first = Stamp::of(&fs::metadata(&path).unwrap()).unwrap();
        assert_eq!(Some(first), Stamp::of(&fs::metadata(&path).unwrap()));
        std::thread::sleep(Duration::from_millis(20));
        fs::write(&path, "two").unwrap();
        let second = Stamp::of(&fs::metadata(&path).unwrap()).unwrap();
        assert_ne!(first, second, "same length, new bytes");
        let other = dir.path().join("b.txt");
        fs::write(&other, "two").unwrap();
        fs::rename(&other, &path).unwrap();
        assert_ne!(second, Stamp::of(&fs::metadata(&path).unwrap()).unwrap());
        assert_eq!(Stamp::of(&fs::metadata(dir.path()).unwrap()), None);
    }

    #[test]
    fn a_stamp_is_kept_as_a_row_and_read_back() {
        let stamp = Stamp::from((1, 2, 3, 4, 5));
        let text = serde_json::to_string(&stamp).unwrap();
        assert_eq!(text, "[1,2,3,4,5]");
        assert_eq!(serde_json::from_str::<Stamp>(&text).unwrap(), stamp);
    }

    #[test]
    fn a_fresh_change_is_not_settled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "one").unwrap();
        assert_eq!(Stamp::settled(&fs::metadata(&path).unwrap()), None);
    }
}
