//! Which folder a build replaces: the output path, or the folder a symlink there points to.

use std::fs;
use std::path::{Path, PathBuf};

use super::WriteError;

/// Links followed before giving up (the kernel's own limit).
const MAX_LINKS: usize = 40;

/// The folder to replace for the output `out`: `out` itself or, when it is a symlink, the end of its chain of
/// links (which need not exist yet). The link is left as it is, so it shows the new site once swapped in.
pub(super) fn resolve(out: &Path) -> Result<PathBuf, WriteError> {
    let mut path = out.to_path_buf();
    if path.file_name().is_none() {
        // `.`, `..` or `x/..`: the folder's real name is needed to stage beside it.
        path = fs::canonicalize(&path).map_err(|source| WriteError::Output {
            out: out.to_path_buf(),
            action: "find the folder",
            source,
        })?;
    }
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&path).map_err(|source| WriteError::Output {
                    out: out.to_path_buf(),
                    action: "read the symlink",
                    source,
                })?;
                // A relative link is relative to the folder holding it; an absolute one replaces the path.
                path = match path.parent() {
                    Some(parent) => parent.join(link),
                    None => link,
                };
                if path.file_name().is_none() {
                    return resolve(&path);
                }
            }
            _ => return Ok(path),
        }
    }
    Err(WriteError::SymlinkLoop(out.to_path_buf()))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn follows_chains_of_relative_and_absolute_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("real/site")).unwrap();
        fs::create_dir_all(root.join("links")).unwrap();
        symlink("../real/site", root.join("links/rel")).unwrap();
        symlink(root.join("links/rel"), root.join("abs")).unwrap();
        let end = resolve(&root.join("abs")).unwrap();
        assert_eq!(
            fs::canonicalize(end).unwrap(),
            fs::canonicalize(root.join("real/site")).unwrap()
        );
        assert_eq!(resolve(&root.join("plain")).unwrap(), root.join("plain"));
        // Dangling: where the link points, not yet created.
        symlink("nowhere/site", root.join("dangling")).unwrap();
        assert_eq!(
            resolve(&root.join("dangling")).unwrap(),
            root.join("nowhere/site")
        );
        symlink("loop-b", root.join("loop-a")).unwrap();
        symlink("loop-a", root.join("loop-b")).unwrap();
        assert!(matches!(
            resolve(&root.join("loop-a")),
            Err(WriteError::SymlinkLoop(_))
        ));
    }
}
