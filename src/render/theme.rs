//! Where a theme's files come from: the dossier's own `themes/<name>/`, laid file by file over the default theme
//! built into the binary (embedded from this repository's `themes/default/`, its single source).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Location};

/// The theme built into the binary: every file of `themes/default/`, recursively.
#[derive(rust_embed::Embed)]
#[folder = "themes/default/"]
struct BuiltIn;

/// The name of the built-in theme.
pub const BUILT_IN: &str = "default";

/// Where one theme file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileSource {
    /// The copy built into the binary.
    BuiltIn,
    /// A file of the dossier's `themes/<name>/` (absolute or as given with the root).
    Path(PathBuf),
}

/// Why a theme cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    /// The name is not a plain folder name (`/etc`, `../x`, `a/b`).
    #[error("theme `{0}` is not a plain folder name")]
    InvalidName(String),
    /// No `themes/<name>/` and the name is not the built-in theme's.
    #[error("theme `{name}` not found")]
    NotFound {
        /// The name asked for.
        name: String,
        /// The themes that exist: the built-in one and the folders under `themes/`.
        available: Vec<String>,
    },
}

/// A theme's files by path relative to the theme folder (`templates/base.html`, `locales/fr.ftl`): the
/// dossier's own file wins over the built-in one of the same path.
#[derive(Debug, Clone)]
pub struct ThemeFiles {
    name: String,
    root: PathBuf,
    /// `themes/<name>/` under the root, when that folder exists.
    dir: Option<PathBuf>,
}

impl ThemeFiles {
    /// The theme `name` of the dossier at `root`: its `themes/<name>/` over the built-in theme, or the
    /// built-in theme alone when `name` is `default` and there is no such folder.
    pub fn open(root: &Path, name: &str) -> Result<ThemeFiles, ThemeError> {
        if !is_plain_name(name) {
            return Err(ThemeError::InvalidName(name.to_owned()));
        }
        let dir = root.join("themes").join(name);
        let dir = dir.is_dir().then_some(dir);
        if dir.is_none() && name != BUILT_IN {
            return Err(ThemeError::NotFound {
                name: name.to_owned(),
                available: available(root),
            });
        }
        Ok(ThemeFiles {
            name: name.to_owned(),
            root: root.to_path_buf(),
            dir,
        })
    }

    /// The theme's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The dossier's `themes/<name>/` folder, if it has one.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Where the file at `rel` comes from, or `None` if the theme has no such file.
    pub fn source(&self, rel: &str) -> Option<FileSource> {
        if let Some(path) = self.own_file(rel) {
            return Some(FileSource::Path(path));
        }
        BuiltIn::get(rel).map(|_| FileSource::BuiltIn)
    }

    /// The bytes of the file at `rel` (e.g. `locales/fr.ftl`); `NotFound` if the theme has no such file.
    pub fn read(&self, rel: &str) -> io::Result<Cow<'static, [u8]>> {
        if let Some(path) = self.own_file(rel) {
            return std::fs::read(path).map(Cow::Owned);
        }
        BuiltIn::get(rel).map(|f| f.data).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("theme `{}` has no file {rel}", self.name),
            )
        })
    }

    /// The file at `rel` as UTF-8 text (`InvalidData` if it is not).
    pub fn read_text(&self, rel: &str) -> io::Result<String> {
        String::from_utf8(self.read(rel)?.into_owned()).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{rel} is not UTF-8 text"),
            )
        })
    }

    /// Every file under `folder` (e.g. `templates`; `""` for all), recursively, as paths relative to the theme folder,
    /// sorted, with where each comes from. Editor temp files of the dossier's folder are left out.
    pub fn list(&self, folder: &str) -> Vec<(String, FileSource)> {
        let folder = folder.trim_end_matches('/');
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        let mut files: BTreeMap<String, FileSource> = BuiltIn::iter()
            .filter(|p| p.starts_with(&prefix) && !crate::load::is_editor_temp(file_name(p)))
            .map(|p| (p.into_owned(), FileSource::BuiltIn))
            .collect();
        if let Some(dir) = &self.dir {
            for entry in WalkDir::new(dir.join(folder)).sort_by_file_name() {
                let Ok(entry) = entry else { continue };
                if !entry.file_type().is_file()
                    || crate::load::is_editor_temp(&entry.file_name().to_string_lossy())
                {
                    continue;
                }
                let Ok(rel) = entry.path().strip_prefix(dir) else {
                    continue;
                };
                let rel = rel.to_string_lossy().replace('\\', "/");
                files.insert(rel, FileSource::Path(entry.into_path()));
            }
        }
        files.into_iter().collect()
    }

    /// How the file at `rel` is named in messages: its path from the dossier root, or
    /// `(built-in theme)/<rel>`.
    pub fn shown(&self, rel: &str) -> PathBuf {
        match self.source(rel) {
            Some(FileSource::Path(path)) => crate::load::rel(&self.root, &path),
            _ if self.dir.is_some() && BuiltIn::get(rel).is_none() => crate::load::rel(
                &self.root,
                &self.root.join("themes").join(&self.name).join(rel),
            ),
            _ => Path::new(BUILT_IN_SHOWN).join(rel),
        }
    }

    /// The dossier's own file at `rel`, if there is one.
    fn own_file(&self, rel: &str) -> Option<PathBuf> {
        let path = self.dir.as_ref()?.join(rel);
        path.is_file().then_some(path)
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// How built-in theme files are named in messages and listings.
pub const BUILT_IN_SHOWN: &str = "(built-in theme)";

impl FileSource {
    /// `built-in`, or the file's path from `root`.
    pub fn describe(&self, root: &Path) -> String {
        match self {
            FileSource::BuiltIn => "built-in".to_owned(),
            FileSource::Path(p) => crate::diagnostic::display_path(&crate::load::rel(root, p)),
        }
    }
}

/// Every file of the built-in theme: (path relative to the theme folder, bytes), sorted.
pub fn built_in_files() -> Vec<(String, Cow<'static, [u8]>)> {
    let mut names: Vec<_> = BuiltIn::iter().collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|n| BuiltIn::get(&n).map(|f| (n.into_owned(), f.data)))
        .collect()
}

/// The themes a dossier can name: the built-in one and every folder under `themes/`, sorted.
pub fn available(root: &Path) -> Vec<String> {
    let mut names = vec![BUILT_IN.to_owned()];
    if let Ok(dir) = std::fs::read_dir(root.join("themes")) {
        for entry in dir.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && is_plain_name(&name) && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names.sort();
    names
}

/// A plain folder name: ASCII letters, digits, `-`, `_` and `.`, not starting with a dot.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The error for a theme that cannot be used, at the `theme:` line of `content/dossier.yaml`.
pub fn theme_diagnostic(root: &Path, error: &ThemeError) -> Diagnostic {
    let file = PathBuf::from("content/dossier.yaml");
    let (label, hint) = match error {
        ThemeError::InvalidName(_) => (
            "not a folder name",
            format!(
                "theme names are plain folder names under themes/ (letters, digits, `-`, `_`); available: {}",
                list(&available(root))
            ),
        ),
        ThemeError::NotFound { available, .. } => (
            "no such theme",
            format!(
                "theme names are plain folder names under themes/; available: {} (`default` is built in; \
                 `dossier theme eject NAME` copies it to themes/NAME/ to customise)",
                list(available)
            ),
        ),
    };
    Diagnostic::error(file, error.to_string())
        .at(theme_line(root))
        .with_label(label)
        .with_hint(hint)
}

fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where the `theme:` value is in `content/dossier.yaml` (read again: only needed on this error path).
fn theme_line(root: &Path) -> Option<Location> {
    let path = Path::new("content/dossier.yaml");
    let text = std::fs::read_to_string(root.join(path)).ok()?;
    let (_, doc) = crate::load::yaml::parse::<crate::load::DossierFile>(path, &text, 0, 0).ok()?;
    doc.loc("theme")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_holds_every_file_of_themes_default() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> = WalkDir::new(&repo)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&repo)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        let built_in: Vec<String> = built_in_files().into_iter().map(|(n, _)| n).collect();
        assert_eq!(built_in, on_disk);
        for (name, bytes) in built_in_files() {
            assert_eq!(std::fs::read(repo.join(&name)).unwrap(), &*bytes, "{name}");
        }
    }

    #[test]
    fn a_dossier_file_wins_over_the_built_in_one_file_by_file() {
        let root = tempfile::tempdir().unwrap();
        let templates = root.path().join("themes/default/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("index.html"), "mine").unwrap();
        std::fs::write(templates.join("extra.html"), "new").unwrap();
        let files = ThemeFiles::open(root.path(), "default").unwrap();
        assert_eq!(&*files.read("templates/index.html").unwrap(), b"mine");
        assert!(files.read_text("static/style.css").unwrap().contains('{'));
        assert_eq!(
            files.source("templates/base.html"),
            Some(FileSource::BuiltIn)
        );
        let listed = files.list("templates");
        let find = |n: &str| listed.iter().find(|(p, _)| p == n).map(|(_, s)| s.clone());
        assert!(matches!(
            find("templates/index.html"),
            Some(FileSource::Path(_))
        ));
        assert!(matches!(
            find("templates/extra.html"),
            Some(FileSource::Path(_))
        ));
        assert_eq!(find("templates/base.html"), Some(FileSource::BuiltIn));
        assert!(files.read("templates/none.html").is_err());
    }

    #[test]
    fn only_plain_names_name_a_theme() {
        let root = tempfile::tempdir().unwrap();
        for bad in ["/etc", "../x", "a/b", ".hidden", "", "a\\b"] {
            assert_eq!(
                ThemeFiles::open(root.path(), bad).unwrap_err(),
                ThemeError::InvalidName(bad.to_owned())
            );
        }
        std::fs::create_dir_all(root.path().join("themes/mine")).unwrap();
        assert!(ThemeFiles::open(root.path(), "mine").is_ok());
        assert!(ThemeFiles::open(root.path(), "default").is_ok());
        assert_eq!(
            ThemeFiles::open(root.path(), "other").unwrap_err(),
            ThemeError::NotFound {
                name: "other".to_owned(),
                available: vec!["default".to_owned(), "mine".to_owned()]
            }
        );
    }
}
