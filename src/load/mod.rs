//! Stage 1: find the content files and parse them, with locations for every value.

pub(crate) mod cache;
pub mod files;
pub mod fingerprint;
pub mod front_matter;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use cache::cached;
pub use cache::LoadCache;
pub use files::*;
pub use yaml::YamlDoc;

/// A parsed YAML file and where its values are.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The typed value.
    pub value: T,
    /// Locations of its values.
    pub doc: YamlDoc,
}

/// A source article: front matter plus verbatim text.
#[derive(Debug, Clone)]
pub struct LoadedSource {
    /// The id (file stem).
    pub id: String,
    /// Front matter and its locations.
    pub front: Loaded<SourceFront>,
    /// The article text, exactly as in the file after the front matter (a BOM is dropped); shared with the
    /// resolved source, so the largest part of the content is held once.
    pub text: Arc<String>,
    /// Line number in the file of the first line of `text`.
    pub text_line: usize,
}

/// A section file.
#[derive(Debug, Clone)]
pub struct LoadedSection {
    /// The id (file stem).
    pub id: String,
    /// Parsed content.
    pub file: Loaded<SectionFile>,
}

/// Everything under `content/`, parsed but not yet checked against itself.
#[derive(Debug, Clone)]
pub struct Content {
    /// The dossier root (parent of `content/`).
    pub root: PathBuf,
    /// `dossier.yaml`.
    pub dossier: Loaded<DossierFile>,
    /// Articles, sorted by id (shared, so that `serve` keeps unchanged ones between loads without a copy).
    pub sources: Vec<Arc<LoadedSource>>,
    /// Sections in reading order (shared, likewise).
    pub sections: Vec<Arc<LoadedSection>>,
    /// `timeline.yaml`, if present.
    pub timeline: Option<Loaded<TimelineFile>>,
    /// `entities.yaml`, if present.
    pub entities: Option<Loaded<EntitiesFile>>,
    /// Ids of article files that exist but could not be loaded (their errors are already reported).
    pub unreadable_sources: Vec<String>,
}

/// Loads all content under `root/content`; problems are added to `diags`.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Content> {
    load_inner(root, diags, None)
}

/// Like [`load`], but reuses the files parsed by earlier loads with the same `cache` that have not changed
/// since (see [`LoadCache`]); the result is the same as [`load`]'s.
pub fn load_cached(root: &Path, diags: &mut Diagnostics, cache: &LoadCache) -> Option<Content> {
    cache.begin();
    let content = load_inner(root, diags, Some(cache));
    cache.end();
    content
}

fn load_inner(root: &Path, diags: &mut Diagnostics, cache: Option<&LoadCache>) -> Option<Content> {
    let content = root.join("content");
    let dossier_path = content.join("dossier.yaml");
    let dossier = cached(cache, &dossier_path, || load_dossier(root, &dossier_path));
    let dossier = match dossier {
        Ok(dossier) => Some(dossier),
        Err(d) => {
            diags.push(d);
            None
        }
    };

    let articles = list_files(&content.join("articles"), &["txt"], root, diags);
    let section_files = list_files(&content.join("annotations"), &["yaml", "yml"], root, diags);
    let section_ids: Vec<String> = section_files.iter().map(|p| stem(p)).collect();
    // Articles and sections are independent: parse both at once.
    let (loaded, parsed) = rayon::join(
        || {
            articles
                .par_iter()
                .map(|path| cached(cache, path, || load_source(root, path).map(Arc::new)))
                .collect::<Vec<_>>()
        },
        || {
            section_files
                .par_iter()
                .map(|path| {
                    cached(cache, path, || {
                        let id = stem(path);
                        let shown = rel(root, path);
                        check_slug(&id, "section id", &shown)?;
                        let (value, doc) = read_text(root, path)
                            .and_then(|t| yaml::parse::<SectionFile>(&shown, &t, 0, 0))?;
                        Ok(Arc::new(LoadedSection {
                            id,
                            file: Loaded { value, doc },
                        }))
                    })
                })
                .collect::<Vec<Result<Arc<LoadedSection>, Diagnostic>>>()
        },
    );
    let mut sources = Vec::new();
    let mut unreadable_sources = Vec::new();
    for (result, path) in loaded.into_iter().zip(&articles) {
        match result {
            Ok(source) => sources.push(source),
            Err(errs) => {
                unreadable_sources.push(stem(path));
                diags.extend(errs);
            }
        }
    }
    // Every load, cached or not: a fingerprinted body must still be the text that was added.
    diags.extend(
        sources
            .par_iter()
            .filter_map(|s| fingerprint::verify(root, s))
            .collect::<Vec<_>>(),
    );
    if sources.is_empty() && articles.is_empty() {
        diags.push(
            Diagnostic::error(
                rel(root, &content.join("articles")),
                "no source articles found",
            )
            .with_hint("add one file per article: content/articles/<id>.txt with front matter"),
        );
    }
    let mut sections = Vec::new();
    for result in parsed {
        match result {
            Ok(section) => sections.push(section),
            Err(d) => diags.push(d),
        }
    }

    let timeline_path = content.join("timeline.yaml");
    let timeline = if timeline_path.exists() {
        let parsed = cached(cache, &timeline_path, || {
            read_text(root, &timeline_path)
                .and_then(|t| yaml::parse::<TimelineFile>(&rel(root, &timeline_path), &t, 0, 0))
        });
        match parsed {
            Ok((value, doc)) => Some(Loaded { value, doc }),
            Err(d) => {
                diags.push(d);
                None
            }
        }
    } else {
        None
    };

    let entities =
        load_optional::<EntitiesFile>(root, &content.join("entities.yaml"), diags, cache);

    let dossier = dossier?;
    order_sections(&dossier, &mut sections, &section_ids, diags);
    Some(Content {
        root: root.to_path_buf(),
        dossier,
        sources,
        sections,
        timeline,
        entities,
        unreadable_sources,
    })
}

fn load_dossier(root: &Path, path: &Path) -> Result<Loaded<DossierFile>, Diagnostic> {
    match read_text(root, path) {
        Ok(text) => yaml::parse::<DossierFile>(&rel(root, path), &text, 0, 0)
            .map(|(value, doc)| Loaded { value, doc }),
        Err(d) => Err(d.with_hint(format!(
            "is {} a dossier? It needs content/dossier.yaml (use --root to point at another folder)",
            root.display()
        ))),
    }
}

/// Parses an optional YAML file: `None` if it does not exist or has errors (reported).
fn load_optional<T: serde::de::DeserializeOwned + Clone + Send + Sync + 'static>(
    root: &Path,
    path: &Path,
    diags: &mut Diagnostics,
    cache: Option<&LoadCache>,
) -> Option<Loaded<T>> {
    if !path.exists() {
        return None;
    }
    let parsed = cached(cache, path, || {
        read_text(root, path).and_then(|t| yaml::parse::<T>(&rel(root, path), &t, 0, 0))
    });
    match parsed {
        Ok((value, doc)) => Some(Loaded { value, doc }),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Puts sections in the order of `dossier.yaml`; unlisted ones follow, listed ones without a file are errors.
fn order_sections(
    dossier: &Loaded<DossierFile>,
    sections: &mut [Arc<LoadedSection>],
    files: &[String],
    diags: &mut Diagnostics,
) {
    let order = &dossier.value.sections;
    for (i, id) in order.iter().enumerate() {
        // A file that exists but failed to parse has its own error already.
        if !files.contains(id) {
            let known: Vec<&str> = files.iter().map(String::as_str).collect();
            let mut d = Diagnostic::error(
                &dossier.doc.path,
                format!(
                    "section `{id}` is listed but content/annotations/{id}.yaml does not exist"
                ),
            )
            .at(dossier.doc.loc(&format!("sections/{i}")));
            d = match crate::suggest::closest(id, known.iter().copied()) {
                Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                None => d.with_hint(format!(
                    "create content/annotations/{id}.yaml or remove it from `sections`"
                )),
            };
            diags.push(d);
        }
        if order[..i].contains(id) {
            diags.push(
                Diagnostic::error(&dossier.doc.path, format!("section `{id}` is listed twice"))
                    .at(dossier.doc.loc(&format!("sections/{i}"))),
            );
        }
    }
    let rank = |id: &str| order.iter().position(|o| o == id).unwrap_or(usize::MAX);
    sections.sort_by(|a, b| (rank(&a.id), &a.id).cmp(&(rank(&b.id), &b.id)));
}

fn load_source(root: &Path, path: &Path) -> Result<LoadedSource, Vec<Diagnostic>> {
    let shown = rel(root, path);
    let id = stem(path);
    check_slug(&id, "source id", &shown).map_err(|d| vec![d])?;
    let mut text = read_text(root, path).map_err(|d| vec![d])?;
    let split = front_matter::split(&text).map_err(|(message, hint, at)| {
        vec![Diagnostic::error(&shown, message)
            .at(Some(Location::from_span(&text, at, at)))
            .with_hint(hint)]
    })?;
    let (value, doc) = yaml::parse::<SourceFront>(
        &shown,
        split.front,
        split.front_line - 1,
        split.front_offset,
    )
    .map_err(|d| vec![d])?;
    let (body_offset, text_line) = (split.body_offset, split.body_line);
    // The body keeps the file's buffer (moved to its front, the buffer trimmed to it); the model shares it.
    text.drain(..body_offset);
    text.shrink_to_fit();
    Ok(LoadedSource {
        id,
        front: Loaded { value, doc },
        text: Arc::new(text),
        text_line,
    })
}

/// Reads a UTF-8 file; a BOM is dropped; invalid bytes are an error at their position.
fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let shown = rel(root, path);
    let mut bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read the file: {e}")))?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let (e, bytes) = (e.utf8_error(), e.as_bytes());
            let good = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let at = good.len();
            Err(Diagnostic::error(&shown, "the file is not valid UTF-8")
                .at(Some(Location::from_span(&good, at, at)))
                .with_label("invalid byte here")
                .with_hint("save the file as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)"))
        }
    }
}

/// Files with one of `exts` directly under `dir`, sorted; editor temp files are skipped.
fn list_files(dir: &Path, exts: &[&str], root: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Sorted here on each name, read once: walkdir's sort re-parses both paths at every comparison.
    for entry in WalkDir::new(dir).min_depth(1).max_depth(1) {
        match entry {
            Ok(e) if e.file_type().is_file() || e.file_type().is_symlink() => {
                let name = e.file_name().to_string_lossy();
                if is_editor_temp(&name) {
                    continue;
                }
                let ext = Path::new(e.file_name())
                    .extension()
                    .and_then(|x| x.to_str())
                    .unwrap_or("");
                if exts.contains(&ext) {
                    out.push((e.file_name().to_owned(), e.into_path()));
                }
            }
            Ok(_) => {}
            Err(e) => diags.push(Diagnostic::error(
                rel(root, dir),
                format!("cannot list the folder: {e}"),
            )),
        }
    }
    out.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    out.into_iter().map(|(_, path)| path).collect()
}

/// Backup, swap and hidden files that editors write beside the real one.
pub fn is_editor_temp(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The path relative to the root, as shown in messages.
pub fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "index",
];

/// True if `id` is safe as a file name and URL fragment: lower-case ASCII letters, digits and inner hyphens.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// Errors if `id` is not a safe slug, suggesting one.
pub fn check_slug(id: &str, what: &str, file: &Path) -> Result<(), Diagnostic> {
    if is_slug(id) && !RESERVED.contains(&id) {
        return Ok(());
    }
    let suggestion = crate::suggest::slugify(id);
    let hint = if suggestion.is_empty() || RESERVED.contains(&suggestion.as_str()) {
        "use lower-case ASCII letters, digits and hyphens, e.g. `kbs-report`".to_owned()
    } else {
        format!("use lower-case ASCII letters, digits and hyphens, e.g. `{suggestion}`")
    };
    let why = if RESERVED.contains(&id) {
        " (a reserved name)"
    } else {
        ""
    };
    Err(Diagnostic::error(file, format!("{what} `{id}` is not a safe id{why}")).with_hint(hint))
}
