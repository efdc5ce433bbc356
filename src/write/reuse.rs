//! Incremental writes: a file whose bytes are those of the previous site is hard-linked from it into the
//! new tree instead of written, so it keeps its inode and mtime and a sync tool (rsync, S3 sync) sees it
//! unchanged. The bytes are compared with the file itself, not with a record of it, so a file edited by hand
//! in the output is never kept by mistake.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Bytes read from a previous file at a time while comparing.
const CHUNK: usize = 32 * 1024;

/// The previous site, which files whose bytes do not change are taken from.
pub(super) struct Previous {
    dir: PathBuf,
}

impl Previous {
    /// The site in `dir`, as the previous one.
    pub(super) fn new(dir: PathBuf) -> Previous {
        Previous { dir }
    }

    /// Links the previous site's `path` to `dest` if its bytes are `bytes`; false if it cannot (it differs,
    /// is missing, or the filesystem has no hard links).
    pub(super) fn link_if_same(&self, path: &str, bytes: &[u8], dest: &Path) -> bool {
        let old = self.dir.join(path);
        let same_size = fs::symlink_metadata(&old)
            .is_ok_and(|m| m.file_type().is_file() && m.len() == bytes.len() as u64);
        same_size && same_bytes(&old, bytes).unwrap_or(false) && fs::hard_link(&old, dest).is_ok()
    }
}

/// True if the file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, mut bytes: &[u8]) -> io::Result<bool> {
    let mut file = fs::File::open(path)?;
    let mut chunk = vec![0; CHUNK.min(bytes.len() + 1)];
    loop {
        let n = match file.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(bytes.is_empty());
        }
        if n > bytes.len() || chunk[..n] != bytes[..n] {
            return Ok(false);
        }
        bytes = &bytes[n..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_only_files_with_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        let new = dir.path().join("new");
        fs::create_dir_all(old.join("a")).unwrap();
        fs::create_dir_all(new.join("a")).unwrap();
        let big: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(old.join("a/big.bin"), &big).unwrap();
        fs::write(old.join("same.txt"), "same").unwrap();
        fs::write(old.join("other.txt"), "abcd").unwrap();
        fs::write(old.join("empty.txt"), "").unwrap();
        let previous = Previous::new(old.clone());
        assert!(previous.link_if_same("a/big.bin", &big, &new.join("a/big.bin")));
        assert!(previous.link_if_same("same.txt", b"same", &new.join("same.txt")));
        assert!(previous.link_if_same("empty.txt", b"", &new.join("empty.txt")));
        // Same size, other bytes; other size; missing; a difference in the last chunk only.
        assert!(!previous.link_if_same("other.txt", b"abce", &new.join("other.txt")));
        assert!(!previous.link_if_same("same.txt", b"same!", &new.join("x.txt")));
        assert!(!previous.link_if_same("missing.txt", b"", &new.join("m.txt")));
        let mut changed = big.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert!(!previous.link_if_same("a/big.bin", &changed, &new.join("a/c.bin")));
        assert_eq!(fs::read(new.join("a/big.bin")).unwrap(), big);
        assert!(!new.join("other.txt").exists() && !new.join("a/c.bin").exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ino = |p: &Path| fs::metadata(p).unwrap().ino();
            assert_eq!(ino(&old.join("same.txt")), ino(&new.join("same.txt")));
        }
    }
}
