//! `dossier add`: turns a saved page, a text file or a URL into a verbatim source with its front matter and
//! fingerprint; with `--update`, replaces a source's text by a new capture and reports what became of every
//! quote that cites it.

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
use drift::DriftItem;
use fetch::Capture;
use front::Front;

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
    let raw = fetch::read(&options.input)?;
    let captured = capture(&raw)?;
    match &options.update {
        Some(id) => update(root, id, options, &raw, captured),
        None => add_new(root, options, &raw, captured),
    }
}

/// A capture turned into a body and the front matter it states.
#[derive(Debug, Clone)]
pub struct Captured {
    /// The verbatim text.
    pub body: String,
    /// Front matter fields (without snapshot).
    pub front: Front,
    /// Fields the editor must look at.
    pub notes: Vec<String>,
}

/// Decodes and extracts a capture: its text, and what it states about itself.
pub fn capture(raw: &Capture) -> Result<Captured, IngestError> {
    let html = raw.is_html();
    let (text, encoding) = charset::decode(&raw.bytes, raw.charset.as_deref(), html, &raw.input)?;
    let mut notes = Vec::new();
    let shown = shown_input(raw);
    let today = today();
    let (body, meta, how) = if html {
        let meta = metadata::read(&text);
        let (body, title, byline) = match extract::article(&text, raw.url.as_deref()) {
            Some(e) => (e.text, e.title, e.byline),
            None => {
                notes.push("no article found by readability: the whole page's text was taken; trim it by hand".to_owned());
                (extract::whole_page(&text), None, None)
            }
        };
        let mut meta = meta;
        meta.title = meta.title.or(title);
        meta.byline = meta.byline.or(byline);
        let stated = if meta.found_in.is_empty() {
            String::new()
        } else {
            format!("; metadata from {}", meta.found_in.join(", "))
        };
        let how = format!("main text extracted by readability from the {encoding} page{stated}");
        (body, meta, how)
    } else {
        let title = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(str::to_owned);
        let meta = metadata::Metadata {
            title,
            ..Default::default()
        };
        (text, meta, "plain text kept as it is".to_owned())
    };
    if body.trim().is_empty() {
        return Err(IngestError::NoText {
            input: raw.input.clone(),
        });
    }
    let url = meta.url.clone().or_else(|| raw.url.clone());
    let outlet = match meta.outlet {
        Some(o) => Some((o, false)),
        None => url.as_deref().and_then(host).map(|h| (h, true)),
    };
    let published = match meta.published {
        Some(d) => Some((d, false)),
        None => url.as_deref().and_then(date_in_path).map(|d| (d, true)),
    };
    if outlet.is_none() {
        notes.push("the outlet is not stated: fill in `outlet:` before building".to_owned());
    } else if outlet.as_ref().is_some_and(|o| o.1) {
        notes.push(
            "the outlet is inferred from the address (outlet_inferred: true): check it".to_owned(),
        );
    }
    if published.is_none() {
        notes.push("the date is not stated: fill in `published:` before building".to_owned());
    } else if published.as_ref().is_some_and(|p| p.1) {
        notes.push(
            "the date is inferred from the address (published_inferred: true): check it".to_owned(),
        );
    }
    let mut furniture = furniture::detect(&body);
    // The headline is the article's, however short (a repeated headline is still proposed, as a repeat).
    let title = meta.title.clone().unwrap_or_default();
    if body.lines().filter(|l| l.trim() == title).count() == 1 {
        furniture.retain(|f| *f != title);
    }
    // An author box: lines that open with the byline's name ("Ann Smith covers the council...").
    if let Some(byline) = meta.byline.as_deref().filter(|b| b.len() >= 4) {
        for line in body.lines().map(str::trim) {
            if line.starts_with(byline) && !furniture.iter().any(|f| f == line) {
                furniture.push(line.to_owned());
            }
        }
    }
    if !furniture.is_empty() {
        notes.push(format!(
            "{} line(s) proposed as furniture: confirm them in `furniture:`",
            furniture.len()
        ));
    }
    Ok(Captured {
        front: Front {
            title: meta.title.unwrap_or_default(),
            outlet,
            byline: meta.byline,
            published,
            url,
            language: meta.language,
            provenance: format!("Added with `dossier add` on {today} from {shown}: {how}."),
            snapshot: None,
            furniture,
        },
        body,
        notes,
    })
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
        front_text = set_key(
            &front_text,
            "previous_fingerprint",
            &front::quoted(&previous),
        );
    }
    front_text = set_key(
        &front_text,
        "fingerprint",
        &front::quoted(&fingerprint(new_body)),
    );
    front_text = set_key(
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
    front_text = drop_items(&front_text, &dropped);
    let snapshot = options.snapshot.then(|| snapshot_path(id, raw));
    if let Some((rel, _)) = &snapshot {
        front_text = set_key(&front_text, "snapshot", &front::quoted(rel));
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

/// `front` with the top-level `key` set to `value` (a YAML scalar): its line replaced, or a line added before
/// `furniture:` (the list stays last) or at the end.
fn set_key(front: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key}:");
    let new_line = format!("{key}: {value}");
    let mut lines: Vec<String> = front.lines().map(str::to_owned).collect();
    if let Some(l) = lines.iter_mut().find(|l| l.starts_with(&prefix)) {
        *l = new_line;
    } else {
        let at = lines
            .iter()
            .position(|l| l.starts_with("furniture:"))
            .unwrap_or(lines.len());
        lines.insert(at, new_line);
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// `front` without the `furniture:` block items equal to one of `items`.
fn drop_items(front: &str, items: &[String]) -> String {
    if items.is_empty() {
        return front.to_owned();
    }
    let mut out = String::new();
    let mut in_furniture = false;
    for line in front.lines() {
        if !line.starts_with([' ', '-', '#']) {
            in_furniture = line.starts_with("furniture:");
        }
        let item = line
            .trim_start()
            .strip_prefix("- ")
            .filter(|_| in_furniture)
            .and_then(|v| serde_yaml::from_str::<String>(v).ok());
        if item.is_some_and(|v| items.iter().any(|i| i.trim() == v.trim())) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    // A furniture list left empty would read as null: make it an explicit empty list.
    let mut lines: Vec<&str> = out.lines().collect();
    if let Some(i) = lines.iter().position(|l| l.starts_with("furniture:")) {
        let has_items = lines[i + 1..]
            .iter()
            .take_while(|l| l.starts_with([' ', '-', '#']))
            .any(|l| l.trim_start().starts_with("- "));
        if !has_items {
            lines[i] = "furniture: []";
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
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

/// The input as provenance names it: a URL whole, a file by its name.
fn shown_input(raw: &Capture) -> String {
    if fetch::is_url(&raw.input) {
        raw.input.clone()
    } else {
        Path::new(&raw.input)
            .file_name()
            .map_or_else(|| raw.input.clone(), |n| n.to_string_lossy().into_owned())
    }
}

/// Today's date (UTC), YYYY-MM-DD.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0)
        .map(|d| d.date_naive().to_string())
        .unwrap_or_default()
}

/// The host of an http(s) URL, without `www.`.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// A date written in a URL's path as `/YYYY/MM/DD/` or `YYYY-MM-DD`.
fn date_in_path(url: &str) -> Option<String> {
    let path = url.split_once("://")?.1.split_once('/')?.1;
    let parts: Vec<&str> = path.split(['/', '?', '#']).collect();
    let valid = |y: &str, m: &str, d: &str| {
        let s = format!("{y}-{m}-{d}");
        chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .ok()
            .map(|_| s)
    };
    for w in parts.windows(3) {
        if w[0].len() == 4 && w[1].len() == 2 && w[2].len() == 2 {
            if let Some(d) = valid(w[0], w[1], w[2]) {
                return Some(d);
            }
        }
    }
    parts.iter().find_map(|p| {
        p.as_bytes().windows(10).find_map(|w| {
            let s = std::str::from_utf8(w).ok()?;
            let (y, m, d) = (s.get(..4)?, s.get(5..7)?, s.get(8..10)?);
            (s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-')
                .then(|| valid(y, m, d))
                .flatten()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_dates_from_addresses() {
        assert_eq!(
            host("https://www.Example.org:8080/a/b").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            date_in_path("https://example.org/news/2024/03/05/story").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            date_in_path("https://example.org/story-2024-03-05.html").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(date_in_path("https://example.org/2024/13/05/x"), None);
        assert_eq!(date_in_path("https://2024-03-05.example.org/"), None);
    }

    #[test]
    fn front_matter_keys_are_set_and_furniture_dropped() {
        let front = "title: T\nfingerprint: \"sha256:old\"\nfurniture:  # detected\n  - \"Read more\"\n  - Menu\n";
        let f = set_key(front, "fingerprint", "\"sha256:new\"");
        let f = set_key(&f, "previous_fingerprint", "\"sha256:old\"");
        assert_eq!(
            f,
            "title: T\nfingerprint: \"sha256:new\"\nprevious_fingerprint: \"sha256:old\"\nfurniture:  # detected\n  - \"Read more\"\n  - Menu\n"
        );
        let g = drop_items(&f, &["Read more".to_owned()]);
        assert!(g.ends_with("furniture:  # detected\n  - Menu\n"), "{g}");
        let h = drop_items(&g, &["Menu".to_owned()]);
        assert!(h.ends_with("furniture: []\n"), "{h}");
        let parsed: SourceFront =
            serde_yaml::from_str(&format!("outlet: O\npublished: 2024-01-01\n{h}")).unwrap();
        assert!(parsed.furniture.is_empty());
    }
}
