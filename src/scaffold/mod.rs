//! Starting points written to disk: `dossier new` (a minimal dossier that teaches the format) and
//! `dossier theme eject` (the built-in theme copied out for customising).

use std::path::{Path, PathBuf};

use crate::render::theme;

/// The files of a new dossier: (path under the dossier folder, template with `{placeholders}`).
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
    // The site, and what `build` keeps beside it to know what changed (see the README, "Incremental builds").
    (".gitignore", "dist/\n.dist.dossier-*\n"),
];

/// The sample's reader-visible words, one file per language the built-in theme ships.
const SAMPLE_WORDS: &[(&str, &str)] = &[
    ("en", include_str!("sample/words/en.yaml")),
    ("fr", include_str!("sample/words/fr.yaml")),
    ("ko", include_str!("sample/words/ko.yaml")),
    ("ar", include_str!("sample/words/ar.yaml")),
];

/// The words of the sample in the language of `tag` (by its primary subtag), English when there are none.
fn sample_words(tag: &str) -> (&'static str, std::collections::BTreeMap<String, String>) {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let (lang, text) = SAMPLE_WORDS
        .iter()
        .find(|(l, _)| *l == primary)
        .unwrap_or(&SAMPLE_WORDS[0]);
    // Built into the binary and covered by a test: a parse failure is a bug, shown as missing words.
    (lang, serde_yaml::from_str(text).unwrap_or_default())
}

/// Fills a template's `{key}` placeholders: YAML values as JSON strings (always a valid YAML scalar), the
/// source's text and fingerprints as they are.
fn fill(template: &str, values: &[(String, String)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in values {
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

/// The placeholder values of a new dossier in `options.language`.
fn sample_values(options: &NewOptions) -> Vec<(String, String)> {
    let (lang, words) = sample_words(&options.language);
    let text = words.get("text").cloned().unwrap_or_default();
    let mut values: Vec<(String, String)> = words
        .iter()
        .filter(|(k, _)| k.as_str() != "text")
        .map(|(k, v)| (k.clone(), serde_json::to_string(v).unwrap_or_default()))
        .collect();
    values.push((
        "title".into(),
        serde_json::to_string(options.title.trim()).unwrap_or_default(),
    ));
    values.push(("language".into(), options.language.clone()));
    values.push(("sample_language".into(), lang.to_owned()));
    values.push((
        "fingerprint_lines".into(),
        crate::load::fingerprint::line_digest(&text),
    ));
    values.push((
        "fingerprint".into(),
        crate::load::fingerprint::fingerprint(&text),
    ));
    // Last: the text itself is never searched for placeholders.
    values.push(("text".into(), text));
    values
}

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
    let values = sample_values(options);
    let mut written = Vec::new();
    for (rel, template) in NEW_FILES {
        let text = fill(template, &values);
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

    #[test]
    fn every_sample_language_has_all_words_and_its_quotes_are_in_its_text() {
        let (_, english) = sample_words("en");
        for (lang, _) in SAMPLE_WORDS {
            let (picked, words) = sample_words(lang);
            assert_eq!(picked, *lang);
            for key in english.keys() {
                assert!(
                    words.get(key).is_some_and(|v| !v.is_empty()),
                    "{lang}.yaml lacks `{key}`"
                );
            }
            let text = &words["text"];
            for quote in ["quote_hours", "quote_reason", "quote_claim"] {
                assert!(
                    text.contains(&words[quote]),
                    "{lang}: `{quote}` is not in the text"
                );
            }
        }
        assert_eq!(sample_words("fr-CA").0, "fr");
        assert_eq!(sample_words("pt-BR").0, "en");
    }

    #[test]
    fn a_french_dossier_gets_french_sample_words_and_a_valid_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("d");
        let options = NewOptions {
            language: "fr".to_owned(),
            ..NewOptions::default()
        };
        new_dossier(&target, &options).unwrap();
        let source =
            std::fs::read_to_string(target.join("content/articles/sample-notice.txt")).unwrap();
        let body = &source[source.find("\n---\n").unwrap() + 5..];
        assert!(body.starts_with("La bibliothèque ouvrira le dimanche"));
        assert!(source.contains(&crate::load::fingerprint::fingerprint(body)));
        assert!(source.contains("language: fr\n"));
    }
}
