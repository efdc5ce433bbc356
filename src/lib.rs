//! dossier: turns verbatim source articles and YAML annotations into a cross-linked static site.
//!
//! The stages run one way: [`load`] (discover and parse content) -> [`resolve`] (anchor quotes, link and
//! validate the model) -> [`render`] (templates, Markdown, highlighting) -> [`write`] (atomic output).

// A Diagnostic is the error path's payload (file, location, message, hints); boxing it would only add noise.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod diagnostic;
mod digest;
pub mod find;
mod incremental;
pub mod ingest;
pub mod load;
pub mod render;
pub mod report;
pub mod resolve;
pub mod scaffold;
pub mod serve;
mod stamp;
mod suggest;
pub mod typography;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diagnostic::{Diagnostic, Diagnostics, Location, Severity};
use render::{OutputFile, RenderOptions};
use resolve::Site;

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the content or theme; every one found, errors first.
    #[error("{} error(s) in the content", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    /// The output could not be written.
    #[error(transparent)]
    Write(#[from] write::WriteError),
}

/// A site built in memory, ready to write or serve.
pub struct Built {
    /// The resolved model.
    pub site: Site,
    /// Every output file.
    pub files: Vec<OutputFile>,
    /// Warnings found on the way (the build succeeded).
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took.
    pub timings: Timings,
}

/// Wall time of each stage of a build (write is zero until the site is written).
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Content discovery and parsing.
    pub load: Duration,
    /// Quote anchoring, linking and validation.
    pub resolve: Duration,
    /// Theme loading, templates, Markdown and exports.
    pub render: Duration,
    /// Writing the output folder and swapping it in (the previous site is removed during `kept_write`).
    pub write: Duration,
    /// Digesting the inputs and reading what the last build into the output kept beside it.
    pub kept_read: Duration,
    /// Keeping what this build did beside the output, for the next one, while the previous site is removed.
    pub kept_write: Duration,
}

/// Loads, resolves and renders the dossier at `root`, all in memory.
pub fn build_in_memory(root: &Path, options: &RenderOptions) -> Result<Built, Error> {
    let (site, theme, warnings, mut timings) = resolve_site(root)?;
    let clock = Instant::now();
    let files = render::render(&site, &theme, options).map_err(Error::Content)?;
    timings.render = clock.elapsed();
    Ok(Built {
        site,
        files,
        warnings,
        timings,
    })
}

/// Loads and resolves the dossier at `root` and loads its theme: everything before rendering.
fn resolve_site(root: &Path) -> Result<(Site, render::Theme, Vec<Diagnostic>, Timings), Error> {
    resolve_site_with(root, None)
}

/// [`resolve_site`], taking what an earlier build kept (the shared wording of the same source files, the
/// section files and front matters as parsed, the anchors) from `kept`, and leaving there what this one found.
fn resolve_site_with(
    root: &Path,
    kept: Option<&mut incremental::Earlier>,
) -> Result<(Site, render::Theme, Vec<Diagnostic>, Timings), Error> {
    let mut diags = Diagnostics::default();
    let mut timings = Timings::default();
    let clock = Instant::now();
    let content = match &kept {
        Some(kept) => load::load_after(root, &mut diags, kept.parses()),
        None => load::load(root, &mut diags),
    };
    timings.load = clock.elapsed();
    let clock = Instant::now();
    let site = content.as_ref().and_then(|c| match kept {
        Some(kept) => kept.resolve(c, &mut diags),
        None => resolve::resolve(c, &mut diags),
    });
    timings.resolve = clock.elapsed();
    let theme_name = content.as_ref().map(|c| c.dossier.value.theme.clone());
    // The parsed files are not needed any more: freed beside rendering, which then reuses the memory.
    rayon::spawn(move || drop(content));
    let (Some(site), false) = (site, diags.has_errors()) else {
        // A theme that cannot be found is reported in the same run as the content's errors.
        if let Some(Err(e)) = theme_name.map(|n| render::ThemeFiles::open(root, &n)) {
            diags.push(render::theme::theme_diagnostic(root, &e));
        }
        return Err(Error::Content(diags.into_sorted()));
    };
    let theme = render::Theme::load(root, &site.meta.theme).map_err(Error::Content)?;
    let mut site = site;
    render::paginate(&mut site, &theme);
    let mut warnings = diags.into_sorted();
    warnings.extend(theme.ui(root, &site.meta).1);
    Ok((site, theme, warnings, timings))
}

/// What `build` did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// HTML pages written.
    pub pages: usize,
    /// All files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Sources in the dossier.
    pub sources: usize,
    /// Sections.
    pub sections: usize,
    /// Entries across sections.
    pub entries: usize,
    /// Distinct quoted passages.
    pub passages: usize,
    /// Where the site was written.
    pub output: PathBuf,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Warnings (the build succeeded).
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took.
    pub timings: Timings,
    /// Every file of the theme (path in the theme, e.g. `templates/base.html`) and where it came from.
    pub theme_files: Vec<(String, render::FileSource)>,
    /// Folders beside the output that could not be removed (the new site is in place all the same).
    pub leftovers: Vec<write::Leftover>,
    /// Files whose bytes did not change, kept from the previous site (with their mtime).
    pub unchanged: usize,
}

/// How `build` writes the output.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    /// Write every file anew; by default a file whose bytes did not change is kept from the previous site.
    pub force: bool,
}

/// Builds the dossier at `root` into `output` (default `root/dist`), replacing it atomically. Each file is
/// written as soon as it is rendered, so the site is never held in memory whole.
pub fn build(root: &Path, output: Option<&Path>) -> Result<BuildSummary, Error> {
    build_with(root, output, BuildOptions::default())
}

/// [`build`], with options. Unless `force`, a build with the same inputs as the last one into an intact
/// output does nothing, and another renders only what changed (see `incremental`).
pub fn build_with(
    root: &Path,
    output: Option<&Path>,
    options: BuildOptions,
) -> Result<BuildSummary, Error> {
    let start = Instant::now();
    let output = output.map_or_else(|| root.join("dist"), Path::to_path_buf);
    let inputs = incremental::Inputs::read(root, &output);
    let base = inputs.base;
    let record = if options.force {
        None
    } else {
        write::cache::read::<incremental::Recorded>(&output)
    };
    let record = match record {
        Some(same) if incremental::unchanged(&output, base, &same) => {
            inputs.remember(&output);
            return Ok(unchanged_summary(root, output, same, start));
        }
        other => other,
    };
    let mut earlier = incremental::Earlier::read(&output, &inputs, options.force);
    let kept_read = start.elapsed();
    let (site, theme, warnings, mut timings) = resolve_site_with(root, Some(&mut earlier))?;
    timings.kept_read = kept_read;
    let clock = Instant::now();
    let mut plan = render::Plan::new(&site, &theme);
    if let Some(record) = &record {
        let kept = record.files.get(incremental::chunks::export());
        if let Some(previous) = incremental::chunks::previous(&output, inputs.binary, kept) {
            plan.json_chunks.reuse(previous);
        }
    }
    let mut staging = write::Staging::begin(&output, plan.outputs.iter().map(|(p, _)| p.as_str()))?;
    // From here the output may change: its record goes until the new one is written.
    write::cache::forget(&output);
    if options.force {
        staging = staging.rewrite_all();
    }
    let keys = plan
        .render_changed(
            &site,
            &theme,
            &RenderOptions::default(),
            base,
            record.is_none(),
            |path, key| {
                record
                    .as_ref()
                    .and_then(|r| r.kept(path, key))
                    .is_some_and(|kept| staging.keep(path, kept))
            },
            |path, fill| staging.put_with(path, fill),
        )
        .map_err(Error::Content)?;
    timings.render = clock.elapsed();
    let clock = Instant::now();
    let (stats, old_site) = staging.commit_aside()?;
    timings.write = clock.elapsed();
    let mut summary = BuildSummary {
        pages: plan
            .outputs
            .iter()
            .filter(|(_, o)| matches!(o, render::Output::Page(_)))
            .count(),
        files: stats.files,
        bytes: stats.bytes,
        sources: site.sources.len(),
        sections: site.sections.len(),
        entries: site.sections.iter().map(|s| s.entries.len()).sum(),
        passages: site.passages.len(),
        output,
        elapsed: start.elapsed(),
        warnings,
        timings,
        theme_files: theme.files().list(""),
        leftovers: stats.leftovers,
        unchanged: stats.reused,
    };
    let clock = Instant::now();
    // The new site is in place: the old one is removed while this build's records are kept.
    let keep_records = || {
        incremental::remember(
            &summary.output,
            base,
            plan.outputs.iter().map(|(p, _)| p.clone()),
            keys,
            &stats.digests,
            incremental::Recorded {
                pages: summary.pages,
                bytes: summary.bytes,
                sources: summary.sources,
                sections: summary.sections,
                entries: summary.entries,
                passages: summary.passages,
                theme: theme.files().name().to_owned(),
                warnings: summary.warnings.clone(),
            },
        );
        earlier.remember(&summary.output);
        incremental::chunks::remember(&summary.output, inputs.binary, plan.json_chunks.written());
        inputs.remember(&summary.output);
    };
    let (left, ()) = rayon::join(|| old_site.remove(), keep_records);
    summary.leftovers.extend(left);
    summary.timings.kept_write = clock.elapsed();
    summary.elapsed = start.elapsed();
    // Freeing the model takes a while at scale and the caller has its answer: done off this thread.
    rayon::spawn(move || drop((site, plan, theme)));
    Ok(summary)
}

/// The summary of a build that found nothing to do: the last build's, every file unchanged.
fn unchanged_summary(
    root: &Path,
    output: PathBuf,
    record: write::cache::Record<incremental::Recorded>,
    start: Instant,
) -> BuildSummary {
    let last = record.summary;
    let files = record.files.len();
    BuildSummary {
        pages: last.pages,
        files,
        bytes: last.bytes,
        sources: last.sources,
        sections: last.sections,
        entries: last.entries,
        passages: last.passages,
        output: output.clone(),
        elapsed: start.elapsed(),
        warnings: last.warnings,
        timings: Timings::default(),
        theme_files: render::ThemeFiles::open(root, &last.theme)
            .map(|t| t.list(""))
            .unwrap_or_default(),
        leftovers: write::tidy(&output),
        unchanged: files,
    }
}
