//! The `dossier` command line: parses arguments and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// A build allocates many small strings on several threads; mimalloc does that with far fewer instructions
// than glibc's malloc (measured with callgrind: see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its position in `mi_option_t`, mimalloc.h; not exported by the bindings).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// mimalloc's `mi_option_allow_thp` (mimalloc 3's mimalloc.h; not exported by the bindings).
const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// No transparent huge pages for the heap: on this kind of VM the kernel zeroes each 2 MiB page whole on first
/// touch, which cost more than the page faults saved (see BENCHMARKS.md, "Allocator"). The option stops
/// mimalloc asking for them from now on; its first arena was reserved (and advised huge) before `main`, so
/// the process is also opted out with the `prctl` mimalloc itself makes when the option is set at start-up.
fn no_huge_pages() {
    // SAFETY: sets a plain integer option.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_ALLOW_THP, 0) };
    // Best effort: a kernel without the call keeps huge pages, which is only slower.
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

/// Above this many bytes of source text, a build hands freed memory back to the OS (after mimalloc's default
/// delay) rather than keeping it: at 100,000 sources (650 MB of text) keeping every freed page raised the peak
/// from 3.9 to 4.8 GiB, while at 10,000 it saves a second of system time for 80 MiB more (BENCHMARKS.md).
const KEEP_FREED_BELOW: u64 = 256 << 20;

/// Keeps freed memory for reuse instead of handing it back to the OS after 10 ms, unless the dossier's sources
/// are larger than [`KEEP_FREED_BELOW`]: a build frees and reallocates hundreds of MB within seconds, and each
/// page handed back is zeroed again by the kernel on reuse (at 10,000 sources: 48,000 page faults -> 800, a
/// second of system time less). The process exits after.
fn keep_freed_memory(root: &std::path::Path) {
    if source_bytes(root) > KEEP_FREED_BELOW {
        return;
    }
    // SAFETY: sets a plain integer option, before the threads that allocate most are started.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

/// Hands the calling thread's freed memory back to the OS now: mimalloc otherwise purges it only on the
/// thread's next allocations, and an idle `serve` makes none (its resident memory stayed a third above its
/// first build's until the next change).
fn release_memory() {
    // SAFETY: collects the calling thread's own heap; no pointer is passed.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// The bytes of the files under `content/articles/` (0 when it cannot be read: the build reports that).
fn source_bytes(root: &std::path::Path) -> u64 {
    walkdir::WalkDir::new(root.join("content").join("articles"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Build explainer dossiers: verbatim sources + YAML annotations -> a cross-linked static site.
#[derive(Parser)]
#[command(name = "dossier", version, about, long_about = None)]
struct Cli {
    /// The dossier folder (holding content/ and themes/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into dist/ (or --output), replacing it atomically.
    ///
    /// Every problem in the content is reported at once, each with its file, line, column and a hint; on any
    /// error the previous site is left untouched and the exit code is 1.
    Build {
        /// Where to write the site (default: <root>/dist).
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Print how long each stage took (load, resolve, render, write).
        #[arg(long)]
        timings: bool,
        /// Write every file anew. By default a file whose bytes did not change is kept from the previous
        /// site (hard-linked, with its mtime), so that sync tools upload only what changed.
        #[arg(long)]
        force: bool,
        /// Also print where each theme file came from: built in, or the dossier's own themes/ folder.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Start a new dossier in DIR: settings, one section with one entry, one sample source.
    ///
    /// Writes a minimal dossier that builds and passes `check`, with comments that explain each file. DIR must
    /// be new or empty. The site uses the theme built into dossier; `dossier theme eject` copies it out.
    New {
        /// The folder to create (or an empty one), from the current directory (--root does not apply).
        dir: PathBuf,
        /// The site's language, a BCP 47 tag (e.g. en, fr, ko, ar).
        #[arg(long, default_value = "en", value_name = "TAG")]
        language: String,
        /// The dossier's title.
        #[arg(long, default_value = "New dossier", value_name = "TEXT")]
        title: String,
    },
    /// Work with the theme.
    Theme {
        #[command(subcommand)]
        command: ThemeCommand,
    },
    /// Check the content and the rendered links without writing anything.
    ///
    /// Runs everything `build` checks, verifies every internal link and #fragment of the site rendered in
    /// memory, and warns about weak spots (entries without evidence, sources never cited, claims with one
    /// source or one side only). Exits 1 if there is any error (or any warning, with --strict).
    Check {
        /// Treat warnings as errors: exit 1 if there is any problem at all.
        #[arg(long)]
        strict: bool,
    },
    /// Serve the site locally, rebuilding and reloading the page on every change.
    ///
    /// Builds the site in memory and serves it on 127.0.0.1, rebuilding on every change under content/ and
    /// themes/. Open pages reload by themselves; a failed rebuild keeps serving the last good site and shows
    /// its errors over the page (and in the terminal). Ctrl-C stops.
    Serve {
        /// The port to listen on; 0 picks a free one (the address is printed).
        #[arg(long, short, default_value_t = dossier::serve::DEFAULT_PORT, value_name = "N")]
        port: u16,
        /// The interface to listen on: an IP address or a name such as localhost. The default serves this
        /// machine only; e.g. 0.0.0.0 shares the preview with the local network. Requests must name this
        /// interface, localhost, or (beyond loopback) an IP address or this machine's name as Host.
        #[arg(long, default_value = "127.0.0.1", value_name = "IP|NAME")]
        interface: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Close connections idle (no byte either way, or headers unfinished) for this many milliseconds.
        #[arg(long, hide = true, value_name = "MS", default_value_t = dossier::serve::DEFAULT_IDLE.as_millis() as u64)]
        idle_timeout_ms: u64,
    },
    /// Find a phrase in the sources and print ready-to-paste YAML evidence for each hit.
    ///
    /// Prints each hit as file:line:col with its context and the evidence item that anchors to it (with
    /// prefix/suffix when the passage occurs more than once). Matching is the same as for quotes (whitespace,
    /// curly quotes and dashes normalised); with no exact match, the closest passages are shown. Exits 1 if
    /// nothing is found.
    Find {
        /// The words to look for, e.g. "the offer was fair and final".
        phrase: String,
        /// Search only this source (an id: the file name under content/articles/ without .txt).
        #[arg(long, short, value_name = "ID")]
        source: Option<String>,
        /// Show at most N hits.
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
    },
    /// Add a source from a saved page, a text file or an http(s) URL (or re-capture one with --update).
    ///
    /// Writes content/articles/<id>.txt: the article's text verbatim (from HTML: the main text as a reader sees
    /// it), front matter with what the page states (title, outlet, byline, date, canonical url) and a
    /// fingerprint; lines that look like page furniture are proposed in `furniture:`. An existing source is
    /// never overwritten. With --update ID, the source's text is replaced by the new capture and every quote
    /// citing it is reported as held, moved, changed or lost (exit 1 unless all held or moved).
    Add {
        /// A saved page (.html), a text file, or an http(s) URL.
        input: String,
        /// The new source's id (default: a slug of the outlet and the headline).
        #[arg(long, value_name = "ID", conflicts_with = "update")]
        id: Option<String>,
        /// Replace the text of the existing source ID with this capture and report the drift of its quotes.
        #[arg(long, value_name = "ID")]
        update: Option<String>,
        /// Print what would be written (or the drift report), write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Keep the raw input under content/snapshots/<id>.<ext>, named in the front matter.
        #[arg(long)]
        snapshot: bool,
    },
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// Copy the built-in theme to themes/NAME/ to customise it.
    ///
    /// A dossier's own theme files win over the built-in ones file by file: delete the copies you do not
    /// change and those keep following the built-in theme. Refuses to overwrite any existing file.
    Eject {
        /// The theme folder to write (themes/NAME/); set `theme: NAME` in content/dossier.yaml to use it.
        #[arg(default_value = "default")]
        name: String,
    },
}

/// True if stdout should be coloured: a terminal, and `NO_COLOR` unset or empty.
fn stdout_wants_color() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    let color = dossier::report::stderr_wants_color();
    if matches!(cli.command, Command::Build { .. }) {
        keep_freed_memory(&cli.root);
    }
    match cli.command {
        Command::Build {
            output,
            timings,
            verbose,
            force,
        } => match dossier::build_with(
            &cli.root,
            output.as_deref(),
            dossier::BuildOptions { force },
        ) {
            Ok(summary) => {
                dossier::report::print(&summary.warnings, &cli.root, color);
                println!(
                    "Built {} pages ({} sources, {} sections, {} entries, {} passages) in {} ms -> {}",
                    summary.pages,
                    summary.sources,
                    summary.sections,
                    summary.entries,
                    summary.passages,
                    summary.elapsed.as_millis(),
                    summary.output.display()
                );
                for left in &summary.leftovers {
                    eprintln!(
                        "warning: the new site is in place, but {} could not be removed: {}\n  hint: delete it by hand; the next build also tries again",
                        left.path.display(),
                        left.error
                    );
                }
                if timings {
                    let t = summary.timings;
                    println!(
                        "  load {} ms, resolve {} ms, render {} ms, write {} ms ({} of {} files unchanged)",
                        t.load.as_millis(),
                        t.resolve.as_millis(),
                        t.render.as_millis(),
                        t.write.as_millis(),
                        summary.unchanged,
                        summary.files
                    );
                    // A build that found nothing to do has no stages to report.
                    if !(t.kept_read + t.kept_write).is_zero() {
                        println!(
                            "  inputs digested and the last build's records read in {} ms, this build's kept (and the previous site removed) in {} ms",
                            t.kept_read.as_millis(),
                            t.kept_write.as_millis()
                        );
                    }
                }
                if verbose {
                    print!("{}", theme_listing(&summary.theme_files, &cli.root));
                    print!("{}", search_index_sizes(&summary.output));
                }
                ExitCode::SUCCESS
            }
            Err(dossier::Error::Content(diags)) => {
                dossier::report::print(&diags, &cli.root, color);
                let errors = diags.iter().filter(|d| d.is_error()).count();
                eprintln!("build failed: {errors} error(s); the previous site was left untouched");
                ExitCode::from(1)
            }
            Err(dossier::Error::Write(e)) => {
                eprintln!("error: {e}");
                if let Some(hint) = e.hint() {
                    eprintln!("  hint: {hint}");
                }
                ExitCode::from(1)
            }
        },
        Command::Serve {
            port,
            interface,
            open,
            idle_timeout_ms,
        } => {
            let options = dossier::serve::ServeOptions {
                root: cli.root.clone(),
                interface,
                port,
                open,
                color,
                idle: std::time::Duration::from_millis(idle_timeout_ms.max(1)),
                release_memory: Some(release_memory),
            };
            match dossier::serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    if matches!(e, dossier::serve::ServeError::Bind { .. }) {
                        eprintln!("  hint: pass another --port, or --port 0 for any free port");
                    }
                    ExitCode::from(1)
                }
            }
        }
        Command::Find {
            phrase,
            source,
            limit,
        } => match dossier::find::find(&cli.root, &phrase, source.as_deref()) {
            Ok(found) => {
                dossier::report::print(&found.warnings, &cli.root, color);
                print!(
                    "{}",
                    dossier::find::render(&found, &phrase, stdout_wants_color(), limit)
                );
                if found.hits.is_empty() {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(dossier::find::FindError::Content(diags)) => {
                dossier::report::print(&diags, &cli.root, color);
                eprintln!("find failed: the sources could not be loaded");
                ExitCode::from(1)
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        Command::New {
            dir,
            language,
            title,
        } => {
            let options = dossier::scaffold::NewOptions { language, title };
            match dossier::scaffold::new_dossier(&dir, &options) {
                Ok(files) => {
                    for f in &files {
                        println!("  created {}", dir.join(f).display());
                    }
                    println!(
                        "New dossier in {0}. Next: `dossier --root {0} serve --open` to preview it, \
                         `dossier --root {0} check` before publishing.",
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => scaffold_failed(&e),
            }
        }
        Command::Theme {
            command: ThemeCommand::Eject { name },
        } => match dossier::scaffold::eject_theme(&cli.root, &name) {
            Ok(files) => {
                println!(
                    "Wrote {} files to {}: each one now wins over the built-in theme's file of the same path.",
                    files.len(),
                    cli.root.join("themes").join(&name).display()
                );
                if name != dossier::render::theme::BUILT_IN {
                    println!("Set `theme: {name}` in content/dossier.yaml to use it.");
                }
                ExitCode::SUCCESS
            }
            Err(e) => scaffold_failed(&e),
        },
        Command::Add {
            input,
            id,
            update,
            dry_run,
            snapshot,
        } => {
            let options = dossier::ingest::AddOptions {
                input,
                id,
                update,
                dry_run,
                snapshot,
            };
            match dossier::ingest::add(&cli.root, &options) {
                Ok(outcome) => {
                    print!("{}", outcome.render());
                    ExitCode::from(outcome.exit_code())
                }
                Err(dossier::ingest::IngestError::Content(diags)) => {
                    dossier::report::print(&diags, &cli.root, color);
                    eprintln!("add failed: the dossier could not be loaded");
                    ExitCode::from(1)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    if let Some(hint) = e.hint() {
                        eprintln!("  hint: {hint}");
                    }
                    ExitCode::from(if e.is_usage() { 2 } else { 1 })
                }
            }
        }
        Command::Check { strict } => {
            let report = dossier::check::check(&cli.root);
            dossier::report::print(&report.diagnostics, &cli.root, color);
            println!("{}", dossier::check::summary_line(&report));
            if report.errors() > 0 || (strict && report.warnings() > 0) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// Reports a failed `new` or `theme eject`: exit 2 for a usage mistake, 1 for a failed write.
fn scaffold_failed(e: &dossier::scaffold::ScaffoldError) -> ExitCode {
    eprintln!("error: {e}\n  hint: {}", e.hint());
    ExitCode::from(if e.is_usage() { 2 } else { 1 })
}

/// `build --verbose`: the bytes of the search index's manifest and of each kind of shard, as written.
fn search_index_sizes(output: &std::path::Path) -> String {
    let mut out = String::from("  search index:\n");
    if let Ok(meta) = std::fs::metadata(output.join("assets/search-index.js")) {
        out.push_str(&format!(
            "    assets/search-index.js  {} bytes (manifest)\n",
            meta.len()
        ));
    }
    let sizes: Vec<(String, u64)> = std::fs::read_dir(output.join("assets/search"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.file_name().into_string().ok()?, e.metadata().ok()?.len())))
        .collect();
    for (kind, what) in [
        ('t', "stemmed words, for the search page"),
        ('d', "documents, also for link previews"),
        ('h', "links, for link previews"),
    ] {
        let of_kind: Vec<u64> = sizes
            .iter()
            .filter(|(name, _)| name.starts_with(kind))
            .map(|(_, n)| *n)
            .collect();
        let largest = of_kind.iter().max().copied().unwrap_or(0);
        out.push_str(&format!(
            "    assets/search/{kind}*.js  {} bytes in {} shard(s), the largest {largest} ({what})\n",
            of_kind.iter().sum::<u64>(),
            of_kind.len(),
        ));
    }
    out
}

/// `build --verbose`: each theme file and where it came from, one per line.
fn theme_listing(
    files: &[(String, dossier::render::FileSource)],
    root: &std::path::Path,
) -> String {
    let width = files.iter().map(|(p, _)| p.len()).max().unwrap_or(0);
    let mut out = String::from("  theme files (the dossier's own win over the built-in ones):\n");
    for (path, source) in files {
        out.push_str(&format!("    {path:width$}  {}\n", source.describe(root)));
    }
    out
}
