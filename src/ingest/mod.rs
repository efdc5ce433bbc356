//! `dossier add`: turns a saved page, a text file or a URL into a verbatim source with its front matter and
//! fingerprint; with `--update`, replaces a source's text by a new capture and reports what became of every
//! quote that cites it.

mod capture;
pub mod charset;
pub mod drift;
pub mod extract;
pub mod fetch;
pub mod front;
pub mod furniture;
pub mod metadata;

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::fingerprint::{fingerprint, line_digest};
use crate::load::SourceFront;
pub use capture::{capture, Captured};
use drift::DriftItem;
use fetch::Capture;

/// Why `add` could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The input file could not be read.
    #[error("cannot read `{input}`: {reason}")]
    Read {
        /// The input as given.
        input: String,
        /// The system's reason.
        reason: String,
    },
    /// The URL could not be fetched.
    #[error("cannot fetch {url}: {reason}")]
    Fetch {
        /// The address.
        url: String,
        /// What went wrong (status, timeout...).
        reason: String,
    },
    /// The bytes are not text in a known encoding.
    #[error("cannot decode `{input}`")]
    Encoding {
        /// The input as given.
        input: String,
        /// What to do about it.
        hint: String,
    },
    /// Nothing readable in the input.
    #[error("`{input}` has no text to add")]
    NoText {
        /// The input as given.
        input: String,
    },
    /// The id is not a safe file name.
    #[error("`{id}` is not a safe source id")]
    BadId {
        /// The id given.
        id: String,
        /// A safe alternative.
        suggestion: String,
    },
    /// A source with this id (or its snapshot) exists already.
    #[error("{} exists already; it is never overwritten", .path.display())]
    Exists {
        /// The id.
        id: String,
        /// The existing file.
        path: PathBuf,
    },
    /// `--update` names a source that does not exist.
    #[error("there is no source `{id}` to update ({} does not exist)", .path.display())]
    NoSuchSource {
        /// The id.
        id: String,
        /// The file that was looked for.
        path: PathBuf,
    },
    /// The root holds no `content/dossier.yaml`.
    #[error("{} is not a dossier (it has no content/dossier.yaml)", .root.display())]
    NotADossier {
        /// The root given.
        root: PathBuf,
    },
    /// The dossier (or the source's own file) could not be loaded for `--update`.
    #[error("the dossier could not be loaded")]
    Content(Vec<Diagnostic>),
    /// Writing the source or its snapshot failed.
    #[error("cannot write {}: {reason}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The system's reason.
        reason: String,
    },
}

impl IngestError {
    /// True when the command line itself is wrong (no such input file, an unsafe id, no dossier, no source
    /// to update): exit code 2, as for any usage error.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            IngestError::Read { .. }
                | IngestError::BadId { .. }
                | IngestError::NotADossier { .. }
                | IngestError::NoSuchSource { .. }
        )
    }

    /// What to do about it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            IngestError::Read { .. } => "give the path of a saved page (.html), a text file, or an http(s) URL".to_owned(),
            IngestError::Fetch { .. } => "check the address, or save the page from a browser and add the file".to_owned(),
            IngestError::Encoding { hint, .. } => hint.clone(),
            IngestError::NoText { .. } => "save the article's page itself (not a listing), or paste its text into a .txt file".to_owned(),
            IngestError::BadId { suggestion, .. } => {
                format!("use lower-case ASCII letters, digits and hyphens, e.g. `--id {suggestion}`")
            }
            IngestError::Exists { id, .. } => format!(
                "to replace its text with this capture, run `dossier add --update {id} <input>`; to add it as another source, pass another `--id`"
            ),
            IngestError::NoSuchSource { .. } => "drop `--update` to add it as a new source".to_owned(),
            IngestError::NotADossier { .. } => {
                "run it in the dossier's folder, or point at it with `--root DIR`".to_owned()
            }
            IngestError::Content(_) | IngestError::Write { .. } => return None,
        })
    }
}

/// What `dossier add` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct AddOptions {
    /// A saved page, a text file, or an http(s) URL.
    pub input: String,
    /// The new source's id (default: a slug of outlet and headline).
    pub id: Option<String>,
    /// Replace this existing source's text instead of adding one.
    pub update: Option<String>,
    /// Print what would be written; write nothing.
    pub dry_run: bool,
    /// Keep the raw input under `content/snapshots/`.
    pub snapshot: bool,
}

/// What `dossier add` did (or would do, with `--dry-run`).
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A new source.
    Added {
        /// Its id.
        id: String,
        /// Its file.
        path: PathBuf,
        /// The file's whole content.
        file: String,
        /// Fields the editor must look at.
        notes: Vec<String>,
        /// False with `--dry-run`.
        written: bool,
    },
    /// A source's text replaced by a new capture.
    Updated {
        /// Its id.
        id: String,
        /// Its file.
        path: PathBuf,
        /// One item per quote that cites it.
        drift: Vec<DriftItem>,
        /// Furniture items dropped because no line of the new text is equal to them.
        dropped_furniture: Vec<String>,
        /// True if the new text is byte for byte the old one.
        unchanged: bool,
        /// False with `--dry-run`.
        written: bool,
    },
}

impl Outcome {
    /// 0 when done (and, for an update, every quote held or moved), 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Outcome::Added { .. } => 0,
            Outcome::Updated { drift, .. } => u8::from(!drift::all_anchor(drift)),
        }
    }

    /// The text printed on stdout.
    pub fn render(&self) -> String {
        match self {
            Outcome::Added {
                id,
                path,
                file,
                notes,
                written,
            } => {
                let mut out = String::new();
                if *written {
                    out.push_str(&format!("added source `{id}` -> {}\n", path.display()));
                } else {
                    out.push_str(&format!(
                        "would write {} (dry run):\n{file}",
                        path.display()
                    ));
                    if !file.ends_with('\n') {
                        out.push('\n');
                    }
                }
                for n in notes {
                    out.push_str(&format!("note: {n}\n"));
                }
                out
            }
            Outcome::Updated {
                id,
                path,
                drift,
                dropped_furniture,
                unchanged,
                written,
            } => {
                let mut out = drift::render(drift);
                for f in dropped_furniture {
                    out.push_str(&format!(
                        "furniture line dropped (not in the new text): {f:?}\n"
                    ));
                }
                let count = |d: drift::Drift| drift.iter().filter(|i| i.drift == d).count();
                let what = if *unchanged {
                    "the new capture is the same text"
                } else {
                    "the text changed"
                };
                let done = if *written {
                    format!("updated {}", path.display())
                } else {
                    "dry run: nothing written".to_owned()
                };
                out.push_str(&format!(
                    "source `{id}`: {what}; {} held, {} moved, {} changed, {} lost; {done}\n",
                    count(drift::Drift::Held),
                    count(drift::Drift::Moved),
                    count(drift::Drift::Changed),
                    count(drift::Drift::Lost)
                ));
                out
            }
        }
    }
}

/// Runs `dossier add` in the dossier at `root`.
pub fn add(root: &Path, options: &AddOptions) -> Result<Outcome, IngestError> {
    if !root.join("content/dossier.yaml").is_file() {
        return Err(IngestError::NotADossier {
            root: root.to_path_buf(),
        });
    }
    let raw = fetch::read(&options.input)?;
    let captured = capture(&raw)?;
    match &options.update {
        Some(id) => update(root, id, options, &raw, captured),
        None => add_new(root, options, &raw, captured),
    }
}

fn add_new(
    root: &Path,
    options: &AddOptions,
    raw: &Capture,
    mut captured: Captured,
) -> Result<Outcome, IngestError> {
    let id = match &options.id {
        Some(id) => id.clone(),
        None => front::default_id(
            captured.front.outlet.as_ref().map(|o| o.0.as_str()),
            &captured.front.title,
        ),
    };
    if crate::load::check_slug(&id, "source id", Path::new("")).is_err() {
        return Err(IngestError::BadId {
            suggestion: front::default_id(None, &id),
            id,
        });
    }
    let path = root.join("content/articles").join(format!("{id}.txt"));
    let snapshot = options.snapshot.then(|| snapshot_path(&id, raw));
    for p in std::iter::once(&path).chain(snapshot.as_ref().map(|(_, p)| p)) {
        if p.exists() {
            return Err(IngestError::Exists {
                id,
                path: crate::load::rel(root, p),
            });
        }
    }
    captured.front.snapshot = snapshot.as_ref().map(|(s, _)| s.clone());
    let file = front::write(&captured.front, &captured.body);
    if !options.dry_run {
        if let Some((_, p)) = &snapshot {
            write_new(root, p, &raw.bytes)?;
        }
        write_new(root, &path, file.as_bytes())?;
    }
    Ok(Outcome::Added {
        id,
        path: crate::load::rel(root, &path),
        file,
        notes: captured.notes,
        written: !options.dry_run,
    })
}

fn update(
    root: &Path,
    id: &str,
    options: &AddOptions,
    raw: &Capture,
    captured: Captured,
) -> Result<Outcome, IngestError> {
    let path = root.join("content/articles").join(format!("{id}.txt"));
    let shown = crate::load::rel(root, &path);
    if !path.is_file() {
        return Err(IngestError::NoSuchSource {
            id: id.to_owned(),
            path: shown,
        });
    }
    let old_file = std::fs::read_to_string(&path).map_err(|e| IngestError::Read {
        input: shown.display().to_string(),
        reason: e.to_string(),
    })?;
    let old_file = old_file.strip_prefix('\u{feff}').unwrap_or(&old_file);
    let bad = |message: String| IngestError::Content(vec![Diagnostic::error(&shown, message)]);
    let split = crate::load::front_matter::split(old_file).map_err(|(m, _, _)| bad(m))?;
    let old_front: SourceFront =
        serde_yaml::from_str(split.front).map_err(|e| bad(format!("its front matter: {e}")))?;
    let old_body = &old_file[split.body_offset..];
    let new_body = captured.body.as_str();

    let mut diags = Diagnostics::default();
    let content = crate::load::load(root, &mut diags)
        .ok_or_else(|| IngestError::Content(diags.into_sorted()))?;
    let report = drift::report(&content, id, old_body, new_body);

    let unchanged = old_body == new_body;
    let mut front_text = split.front.to_owned();
    if !unchanged {
        let previous = old_front
            .fingerprint
            .clone()
            .unwrap_or_else(|| fingerprint(old_body));
        front_text = front::set_key(
            &front_text,
            "previous_fingerprint",
            &front::quoted(&previous),
        );
    }
    front_text = front::set_key(
        &front_text,
        "fingerprint",
        &front::quoted(&fingerprint(new_body)),
    );
    front_text = front::set_key(
        &front_text,
        "fingerprint_lines",
        &front::quoted(&line_digest(new_body)),
    );
    let lines: Vec<&str> = new_body.lines().map(str::trim).collect();
    let dropped: Vec<String> = old_front
        .furniture
        .iter()
        .filter(|f| !lines.contains(&f.trim()))
        .cloned()
        .collect();
    front_text = front::drop_items(&front_text, &dropped);
    let snapshot = options.snapshot.then(|| snapshot_path(id, raw));
    if let Some((rel, _)) = &snapshot {
        front_text = front::set_key(&front_text, "snapshot", &front::quoted(rel));
    }
    let new_file = format!("---\n{front_text}---\n{new_body}");
    if !options.dry_run {
        if let Some((_, p)) = &snapshot {
            write_replacing(root, p, &raw.bytes)?;
        }
        write_replacing(root, &path, new_file.as_bytes())?;
    }
    Ok(Outcome::Updated {
        id: id.to_owned(),
        path: shown,
        drift: report,
        dropped_furniture: dropped,
        unchanged,
        written: !options.dry_run,
    })
}

/// (`snapshots/<id>.<ext>` as front matter names it, its path under `content/`).
fn snapshot_path(id: &str, raw: &Capture) -> (String, PathBuf) {
    let ext = if raw.is_html() { "html" } else { "txt" };
    let rel = format!("snapshots/{id}.{ext}");
    (rel.clone(), PathBuf::from("content").join(rel))
}

/// Creates `path` (relative to `root` or absolute); fails if it exists.
fn write_new(root: &Path, path: &Path, bytes: &[u8]) -> Result<(), IngestError> {
    use std::io::Write;
    let full = root.join(path);
    let failed = |e: std::io::Error| IngestError::Write {
        path: crate::load::rel(root, &full),
        reason: e.to_string(),
    };
    if let Some(dir) = full.parent() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&full)
        .map_err(failed)?;
    f.write_all(bytes).map_err(failed)
}

/// Replaces `path` atomically (a temporary file beside it, then a rename).
fn write_replacing(root: &Path, path: &Path, bytes: &[u8]) -> Result<(), IngestError> {
    let full = root.join(path);
    let failed = |e: std::io::Error| IngestError::Write {
        path: crate::load::rel(root, &full),
        reason: e.to_string(),
    };
    if let Some(dir) = full.parent() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let name = full
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A dot name: the loader skips it, should a crash leave it behind.
    let tmp = full.with_file_name(format!(".{name}.add-tmp"));
    std::fs::write(&tmp, bytes).map_err(failed)?;
    std::fs::rename(&tmp, &full).map_err(failed)
}
