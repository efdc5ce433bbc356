//! `serve`'s rebuild in process, without the server: builds a dossier once, then edits the title of the first
//! entry of its first section file EDITS times, each time loading and resolving again through the same caches
//! `serve` keeps, making the new generation and rendering that section's page. Prints the median of each step.
//!
//! `cargo run --release --example serve_rebuilds -- DIR [EDITS]`; under `valgrind --tool=callgrind`, the
//! instructions of one rebuild are (those with EDITS = N, less those with 0) / N, whatever the machine does.
//! The section file is put back as it was at the end.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dossier::serve::incremental::{Generation, Incremental};

// As the `dossier` binary: the allocator changes where a rebuild's time goes.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Puts a file's first text back when dropped, even after a panic.
struct Restore<'a>(&'a Path, String);

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        if let Err(e) = std::fs::write(self.0, &self.1) {
            eprintln!("could not put {} back: {e}", self.0.display());
        }
    }
}

fn first_section(root: &Path) -> Option<PathBuf> {
    let dir = std::fs::read_dir(root.join("content").join("annotations")).ok()?;
    dir.filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .min()
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times
        .get(times.len() / 2)
        .map_or(0.0, |t| t.as_secs_f64() * 1e3)
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().ok_or("usage: serve_rebuilds DIR [EDITS]")?);
    let edits: usize = args
        .next()
        .map_or(Ok(20), |n| n.parse().map_err(|_| "EDITS is a number"))?;
    let failed = |_| {
        format!(
            "{} does not build: run `dossier check` on it",
            root.display()
        )
    };
    let mut incremental = Incremental::new(&root);
    let prepared = incremental.prepare(&[]).map_err(failed)?;
    let first = Generation::new("0".to_owned(), &prepared, Default::default());
    if !first.render_all().is_empty() {
        return Err("the theme has template errors".to_owned());
    }
    incremental.rendered_all(&prepared.theme);
    drop((prepared, first));

    let section = first_section(&root).ok_or("no section file in content/annotations/")?;
    let text = std::fs::read_to_string(&section).map_err(|e| e.to_string())?;
    if !text.contains("\n    title: ") {
        return Err(format!("{}: no entry title to edit", section.display()));
    }
    let page = format!(
        "sections/{}.html",
        section.file_stem().unwrap_or_default().to_string_lossy()
    );
    let restore = Restore(&section, text.clone());
    let (mut prepare, mut generation, mut render) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..edits {
        let edited = text.replacen("\n    title: ", &format!("\n    title: Edited {i} "), 1);
        std::fs::write(&section, edited).map_err(|e| e.to_string())?;
        let start = Instant::now();
        let prepared = incremental
            .prepare(std::slice::from_ref(&section))
            .map_err(failed)?;
        prepare.push(start.elapsed());
        let start = Instant::now();
        let made = Generation::new(format!("{}", i + 1), &prepared, Default::default());
        generation.push(start.elapsed());
        let start = Instant::now();
        made.get(&page)
            .ok_or_else(|| format!("no page {page}"))?
            .map_err(|d| d.to_string())?;
        render.push(start.elapsed());
    }
    drop(restore);
    println!(
        "{edits} rebuilds: load and resolve {:.1} ms, generation {:.1} ms, {page} {:.1} ms (medians)",
        median(prepare),
        median(generation),
        median(render)
    );
    Ok(())
}
