//! Starting points written to disk: `dossier new` (a minimal dossier that teaches the format) and
//! `dossier theme eject` (the built-in theme copied out for customising).

use std::path::{Path, PathBuf};

use crate::render::theme;

/// The files of a new dossier: (path under the dossier folder, text with `{title}` and `{language}`).
const NEW_FILES: &[(&str, &str)] = &[
    ("content/dossier.yaml", include_str!("sample/dossier.yaml")),
    (
        "content/annotations/overview.yaml",
        include_str!("sample/overview.yaml"),
    ),
    (
        "content/articles/sample-notice.txt",
        include_str!("sample/sample-notice.txt"),
    ),
    (".gitignore", "dist/\n"),
];

/// Why a starting point could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// `new` into a folder that already holds something.
    #[error("{} is not empty", .0.display())]
    NotEmpty(PathBuf),
    /// `new` into a path that is a file.
    #[error("{} exists and is not a folder", .0.display())]
    NotAFolder(PathBuf),
    /// `--language` is not shaped like a language tag.
    #[error("`{0}` is not a language tag")]
    BadLanguage(String),
    /// `--title` is empty.
    #[error("the title is empty")]
    EmptyTitle,
    /// `theme eject` into a name that is not a plain folder name.
    #[error("`{0}` is not a plain folder name")]
    BadThemeName(String),
    /// `theme eject` would overwrite these files.
    #[error("{} already exists", .0.display())]
    WouldOverwrite(PathBuf, usize),
    /// A file could not be written.
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl ScaffoldError {
    /// How to fix it, in one line.
    pub fn hint(&self) -> String {
        match self {
            ScaffoldError::NotEmpty(_) => {
                "`dossier new` only writes into a new or empty folder, so nothing is overwritten: pick another \
                 name, e.g. `dossier new my-dossier`"
                    .to_owned()
            }
            ScaffoldError::NotAFolder(_) => "pick the name of a new folder".to_owned(),
            ScaffoldError::BadLanguage(_) => {
                "use a BCP 47 language tag such as `en`, `fr`, `ko`, `ar` or `pt-BR`".to_owned()
            }
            ScaffoldError::EmptyTitle => "give the dossier a title, e.g. --title \"City budget 2025\"".to_owned(),
            ScaffoldError::BadThemeName(_) => {
                "a theme name is a plain folder name under themes/ (letters, digits, `-`, `_`)".to_owned()
            }
            ScaffoldError::WouldOverwrite(_, n) => format!(
                "{n} file(s) of the theme already exist and nothing was written: eject under another name \
                 (`dossier theme eject my-theme`, then set `theme: my-theme` in content/dossier.yaml) or \
                 move the folder aside"
            ),
            ScaffoldError::Io { .. } => "check the folder's permissions and free space".to_owned(),
        }
    }

    /// True for mistakes in the command line (exit code 2); false for failures to write (exit code 1).
    pub fn is_usage(&self) -> bool {
        !matches!(self, ScaffoldError::Io { .. })
    }
}

/// Options of `dossier new`.
#[derive(Debug, Clone)]
pub struct NewOptions {
    /// The site's language tag.
    pub language: String,
    /// The dossier's title.
    pub title: String,
}

impl Default for NewOptions {
    fn default() -> NewOptions {
        NewOptions {
            language: "en".to_owned(),
            title: "New dossier".to_owned(),
        }
    }
}

/// Writes a minimal, valid dossier into `dir` (created if missing; refused if not empty); returns the files
/// written, relative to `dir`.
pub fn new_dossier(dir: &Path, options: &NewOptions) -> Result<Vec<PathBuf>, ScaffoldError> {
    if !looks_like_language_tag(&options.language) {
        return Err(ScaffoldError::BadLanguage(options.language.clone()));
    }
    if options.title.trim().is_empty() {
        return Err(ScaffoldError::EmptyTitle);
    }
    if dir.exists() {
        if !dir.is_dir() {
            return Err(ScaffoldError::NotAFolder(dir.to_path_buf()));
        }
        let mut entries = std::fs::read_dir(dir).map_err(|source| ScaffoldError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        if entries.next().is_some() {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
        }
    }
    // A JSON string is a valid YAML double-quoted scalar: any title is written safely.
    let title = serde_json::to_string(options.title.trim()).unwrap_or_default();
    let mut written = Vec::new();
    for (rel, text) in NEW_FILES {
        let text = text
            .replace("{title}", &title)
            .replace("{language}", &options.language);
        write_file(&dir.join(rel), text.as_bytes())?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

/// Copies the built-in theme to `root/themes/<name>/`; refuses (writing nothing) if any of its files
/// exists. Returns the files written, relative to `root`.
pub fn eject_theme(root: &Path, name: &str) -> Result<Vec<PathBuf>, ScaffoldError> {
    if !theme::is_plain_name(name) {
        return Err(ScaffoldError::BadThemeName(name.to_owned()));
    }
    let dir = Path::new("themes").join(name);
    let files = theme::built_in_files();
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|p| root.join(p).exists())
        .collect();
    if let Some(first) = existing.first() {
        return Err(ScaffoldError::WouldOverwrite(first.clone(), existing.len()));
    }
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        write_file(&root.join(&path), &bytes)?;
        written.push(path);
    }
    Ok(written)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ScaffoldError> {
    let io = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    // `create_new`: never overwrite a file that appeared since the folder was checked.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io)?;
    std::io::Write::write_all(&mut file, bytes).map_err(io)
}

/// Shaped like a BCP 47 tag: subtags of 1-8 ASCII letters or digits joined by `-`, the first all letters.
/// (Whether the language is known is for `check` to say.)
fn looks_like_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let first_ok = subtags
        .next()
        .is_some_and(|s| (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_are_told_from_names() {
        for good in ["en", "fr", "pt-BR", "zh-Hant-TW", "ar"] {
            assert!(looks_like_language_tag(good), "{good}");
        }
        for bad in [
            "",
            "Korean (한국어)",
            "e",
            "en_US",
            "fr-",
            "-fr",
            "english language",
        ] {
            assert!(!looks_like_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn titles_are_written_as_safe_yaml() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("d");
        let title = "Budget: \"the\" # plan\n- 2025 'x'";
        new_dossier(
            &target,
            &NewOptions {
                title: title.to_owned(),
                ..NewOptions::default()
            },
        )
        .unwrap();
        let text = std::fs::read_to_string(target.join("content/dossier.yaml")).unwrap();
        let parsed: crate::load::DossierFile = serde_yaml::from_str(&text).unwrap();
        assert_eq!(parsed.title, title);
    }
}
