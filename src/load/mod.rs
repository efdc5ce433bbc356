//! Stage 1: find the content files and parse them, with locations for every value.

pub(crate) mod cache;
mod earlier;
pub mod files;
pub mod fingerprint;
pub mod front_matter;
mod splice;
pub mod yaml;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use cache::cached;
pub use cache::LoadCache;
pub use earlier::{EarlierParses, Kept};
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
    /// Ids of section files that exist but could not be loaded (their errors are already reported): what
    /// only follows from their absence (links to them, say) is not reported again.
    pub unreadable_sections: Vec<String>,
    /// True if `timeline.yaml` exists but could not be loaded.
    pub unreadable_timeline: bool,
    /// Files beside the articles that are not read (wrong extension), for hints about unknown sources.
    pub ignored_articles: Vec<PathBuf>,
}

/// Loads all content under `root/content`; problems are added to `diags`.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Content> {
    load_inner(root, diags, None, None)
}

/// Like [`load`], but starts each section file and article front matter from its parse in `earlier`, if it
/// holds one: an unchanged one is not parsed again, an edited section file only where it changed. The result
/// is the same as [`load`]'s.
pub fn load_after(
    root: &Path,
    diags: &mut Diagnostics,
    earlier: &EarlierParses,
) -> Option<Content> {
    load_inner(root, diags, None, Some(earlier))
}

/// Like [`load`], but reuses the files parsed by earlier loads with the same `cache` that have not changed
/// since (see [`LoadCache`]); the result is the same as [`load`]'s.
pub fn load_cached(root: &Path, diags: &mut Diagnostics, cache: &LoadCache) -> Option<Content> {
    cache.begin();
    let content = load_inner(root, diags, Some(cache), None);
    cache.end();
    content
}

fn load_inner(
    root: &Path,
    diags: &mut Diagnostics,
    cache: Option<&LoadCache>,
    earlier: Option<&EarlierParses>,
) -> Option<Content> {
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

    let article_list = list_keyed(&content.join("articles"), &["txt"], "source", root, diags);
    let section_list = list_keyed(
        &content.join("annotations"),
        &["yaml", "yml"],
        "section",
        root,
        diags,
    );
    let articles = article_list.files;
    let section_files = section_list.files;
    let (loaded, parsed) = parse_all(root, cache, earlier, &articles, &section_files);
    let mut sources = Vec::new();
    let mut unreadable_sources = article_list.clashing;
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
    let mut unreadable_sections = section_list.clashing;
    for (result, path) in parsed.into_iter().zip(&section_files) {
        match result {
            Ok(section) => sections.push(section),
            Err(d) => {
                unreadable_sections.push(stem(path));
                diags.push(d);
            }
        }
    }

    let timeline_path = content.join("timeline.yaml");
    let timeline = load_optional::<TimelineFile>(root, &timeline_path, diags, cache);
    let unreadable_timeline = timeline.is_none() && timeline_path.exists();

    let entities =
        load_optional::<EntitiesFile>(root, &content.join("entities.yaml"), diags, cache);

    let dossier = dossier?;
    order_sections(
        &dossier,
        &mut sections,
        &section_list.ids,
        &section_list.ignored,
        root,
        diags,
    );
    warn_ignored(
        &article_list.ignored,
        &section_list.ignored,
        &dossier.value.sections,
        root,
        diags,
    );
    Some(Content {
        root: root.to_path_buf(),
        dossier,
        sources,
        sections,
        timeline,
        entities,
        unreadable_sources,
        unreadable_sections,
        unreadable_timeline,
        ignored_articles: article_list.ignored,
    })
}

/// What parsing each article and each section file gave.
type Parsed = (
    Vec<Result<Arc<LoadedSource>, Vec<Diagnostic>>>,
    Vec<Result<Arc<LoadedSection>, Diagnostic>>,
);

/// Parses the articles and the section files; they are independent, so both at once.
fn parse_all(
    root: &Path,
    cache: Option<&LoadCache>,
    earlier: Option<&EarlierParses>,
    articles: &[PathBuf],
    section_files: &[PathBuf],
) -> Parsed {
    rayon::join(
        || {
            articles
                .par_iter()
                .map(|path| {
                    cached(cache, path, || {
                        load_source(root, path, earlier).map(Arc::new)
                    })
                })
                .collect::<Vec<_>>()
        },
        || {
            section_files
                .par_iter()
                .map(|path| {
                    let old = earlier.and_then(|e| e.take(&rel(root, path), &stem(path)));
                    match old {
                        Some(old) => load_section(root, path, Some(Ok(old))),
                        None => cache::updated(cache, path, |old| load_section(root, path, old)),
                    }
                })
                .collect::<Vec<Result<Arc<LoadedSection>, Diagnostic>>>()
        },
    )
}

/// Loads a section file; `old`, its previous version if `serve` had one, lets an edit be parsed where it changed.
fn load_section(
    root: &Path,
    path: &Path,
    old: Option<Result<Arc<LoadedSection>, Diagnostic>>,
) -> Result<Arc<LoadedSection>, Diagnostic> {
    let id = stem(path);
    let shown = rel(root, path);
    check_slug(&id, "section id", &shown)?;
    let text = read_text(root, path)?;
    if let Some(Ok(old)) = &old {
        if old.text() == text && old.id == id {
            return Ok(old.clone());
        }
    }
    // The previous version is usually held by the cache alone: its entries can then be moved.
    let spliced = old
        .and_then(Result::ok)
        .and_then(|old| match Arc::try_unwrap(old) {
            Ok(owned) => {
                let Loaded { value, doc } = owned.file;
                splice::section(&shown, doc.yaml_text(), Cow::Owned(value), &text)
            }
            Err(shared) => {
                let file = &shared.file;
                splice::section(
                    &shown,
                    file.doc.yaml_text(),
                    Cow::Borrowed(&file.value),
                    &text,
                )
            }
        });
    let (value, doc) = match spliced.or_else(|| splice::section_in_parts(&shown, &text)) {
        Some(parsed) => parsed,
        None => yaml::parse::<SectionFile>(&shown, &text, 0, 0)?,
    };
    Ok(Arc::new(LoadedSection {
        id,
        file: Loaded { value, doc },
    }))
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

/// Says that a file beside the articles or sections is not read, never dropping it silently (a listed
/// section's file has its error already).
fn warn_ignored(
    articles: &[PathBuf],
    sections: &[PathBuf],
    listed: &[String],
    root: &Path,
    diags: &mut Diagnostics,
) {
    let unlisted = sections.iter().filter(|p| !listed.contains(&stem(p)));
    for (file, ext, read) in articles
        .iter()
        .map(|p| (p, ".txt", "`.txt`"))
        .chain(unlisted.map(|p| (p, ".yaml", "`.yaml` and `.yml`")))
    {
        let shown = rel(root, file);
        let folder = shown
            .parent()
            .map(crate::diagnostic::display_path)
            .unwrap_or_default();
        diags.push(
            Diagnostic::warning(&shown, "the file is not read")
                .with_hint(format!(
                    "only {read} files are read here: rename it to {folder}/{}{ext}, or move it out of {folder}/",
                    stem(file)
                )),
        );
    }
}

/// Puts sections in the order of `dossier.yaml`; unlisted ones follow, listed ones without a file are errors.
fn order_sections(
    dossier: &Loaded<DossierFile>,
    sections: &mut [Arc<LoadedSection>],
    files: &[String],
    ignored: &[PathBuf],
    root: &Path,
    diags: &mut Diagnostics,
) {
    let order = &dossier.value.sections;
    for (i, id) in order.iter().enumerate() {
        if !is_slug(id) {
            // A name such as `../articles/x` is not a file name to create: say what a section id is.
            diags.push(
                Diagnostic::error(&dossier.doc.path, format!("`{id}` is not a section id"))
                    .at(dossier.doc.loc(&format!("sections/{i}")))
                    .with_hint("`sections` lists section ids: the names of the files in content/annotations/ without `.yaml` (lower-case ASCII letters, digits and hyphens)"),
            );
            continue;
        }
        // A file that exists but failed to parse has its own error already.
        if !files.contains(id) {
            if let Some(file) = ignored.iter().find(|p| stem(p) == *id) {
                diags.push(
                    Diagnostic::error(
                        &dossier.doc.path,
                        format!("section `{id}` is listed but its file is not read"),
                    )
                    .at(dossier.doc.loc(&format!("sections/{i}")))
                    .with_hint(format!(
                        "{} is ignored: section files end in `.yaml`; rename it to content/annotations/{id}.yaml",
                        crate::diagnostic::display_path(&rel(root, file))
                    )),
                );
                continue;
            }
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

fn load_source(
    root: &Path,
    path: &Path,
    earlier: Option<&EarlierParses>,
) -> Result<LoadedSource, Vec<Diagnostic>> {
    let shown = rel(root, path);
    let id = stem(path);
    check_slug(&id, "source id", &shown).map_err(|d| vec![d])?;
    let mut text = read_text(root, path).map_err(|d| vec![d])?;
    let split = front_matter::split(&text).map_err(|(message, hint, at)| {
        vec![Diagnostic::error(&shown, message)
            .at(Some(Location::from_span(&text, at, at)))
            .with_hint(hint)]
    })?;
    let (front, line, offset) = (split.front, split.front_line - 1, split.front_offset);
    let (value, doc) = match earlier.and_then(|e| e.take_front(&shown, front)) {
        Some(value) => (value, YamlDoc::unindexed_at(&shown, front, line, offset)),
        None => yaml::parse::<SourceFront>(&shown, front, line, offset).map_err(|d| vec![d])?,
    };
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

/// Drops a leading UTF-8 byte-order mark: every offset in a diagnostic counts from after it.
fn strip_bom(bytes: &mut Vec<u8>) {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
}

/// A content file's text as the loader reads it (BOM dropped, invalid bytes replaced), for showing
/// diagnostics: offsets computed on the loaded text are valid in it. `None` if it cannot be read.
pub fn text_as_loaded(path: &Path) -> Option<String> {
    let mut bytes = std::fs::read(path).ok()?;
    strip_bom(&mut bytes);
    Some(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Reads a UTF-8 file; a BOM is dropped; invalid bytes are an error at their position.
fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let shown = rel(root, path);
    let mut bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read the file: {e}")))?;
    strip_bom(&mut bytes);
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

/// Files with one of `exts` directly under `dir`, sorted, and the other files there (editor temp files are
/// skipped, neither read nor listed as ignored).
fn list_files(
    dir: &Path,
    exts: &[&str],
    root: &Path,
    diags: &mut Diagnostics,
) -> (Vec<PathBuf>, Vec<PathBuf>) {
    if !dir.is_dir() {
        return (Vec::new(), Vec::new());
    }
    let mut out = Vec::new();
    let mut ignored = Vec::new();
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
                } else {
                    ignored.push(e.into_path());
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
    ignored.sort_unstable();
    (out.into_iter().map(|(_, path)| path).collect(), ignored)
}

/// The files of one folder of content, keyed by id.
struct Listing {
    /// Files with a readable extension whose id no other file has, sorted.
    files: Vec<PathBuf>,
    /// Files with another extension.
    ignored: Vec<PathBuf>,
    /// Ids that two files claim (reported).
    clashing: Vec<String>,
    /// Every id a readable file claims, sorted.
    ids: Vec<String>,
}

/// Lists `dir`'s files (see [`list_files`]) and keys them by id (see [`keyed_by_id`]).
fn list_keyed(
    dir: &Path,
    exts: &[&str],
    what: &str,
    root: &Path,
    diags: &mut Diagnostics,
) -> Listing {
    let (files, ignored) = list_files(dir, exts, root, diags);
    let mut ids: Vec<String> = files.iter().map(|p| stem(p)).collect();
    ids.sort_unstable();
    ids.dedup();
    let (files, clashing) = keyed_by_id(files, what, root, diags);
    Listing {
        files,
        ignored,
        clashing,
        ids,
    }
}

/// Keeps the files whose id (file stem) no other file has; two files for one id (`x.yaml` and `x.yml`) are an
/// error naming both, and neither is read: which one was meant is for the editor to say. Returns the kept
/// files and the clashing ids. `files` must be sorted.
fn keyed_by_id(
    files: Vec<PathBuf>,
    what: &str,
    root: &Path,
    diags: &mut Diagnostics,
) -> (Vec<PathBuf>, Vec<String>) {
    let mut by_id: std::collections::BTreeMap<String, Vec<PathBuf>> = Default::default();
    for path in files {
        by_id.entry(stem(&path)).or_default().push(path);
    }
    let mut kept = Vec::new();
    let mut clashing = Vec::new();
    for (id, mut paths) in by_id {
        if paths.len() == 1 {
            kept.extend(paths.pop());
            continue;
        }
        let shown: Vec<String> = paths
            .iter()
            .map(|p| crate::diagnostic::display_path(&rel(root, p)))
            .collect();
        // Whole files clash, so the error points at the start of the second one.
        diags.push(
            Diagnostic::error(
                rel(root, &paths[1]),
                format!("two files define {what} `{id}`: {}", shown.join(" and ")),
            )
            .at(Some(Location {
                line: 1,
                column: 1,
                start: 0,
                end: 0,
            }))
            .with_hint(format!(
                "one {what} is one file: merge them into {} and delete the other",
                shown[0]
            )),
        );
        clashing.push(id);
    }
    (kept, clashing)
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
