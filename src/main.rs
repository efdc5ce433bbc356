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

/// Keeps freed memory for reuse instead of handing it back to the OS after 10 ms: a build frees and
/// reallocates hundreds of MB within seconds, and each page handed back is zeroed again by the kernel on reuse
/// (at 10,000 sources: 48,000 page faults -> 800, a second of system time less). The process exits after.
fn keep_freed_memory() {
    // SAFETY: sets a plain integer option, before the threads that allocate most are started.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
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
        /// The interface to listen on. The default serves this machine only; e.g. 0.0.0.0 shares the preview
        /// with the local network.
        #[arg(long, default_value = "127.0.0.1", value_name = "IP")]
        interface: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Find a phrase in the sources and print ready-to-paste YAML evidence for each hit.
    ///
    /// Prints each hit as file:line:col with its context and the evidence item that anchors to it (with
    /// prefix/suffix when the passage occurs more than once). Matching is the same as for quotes (whitespace,
    /// curly quotes and dashes normalised); with no exact match, the closest passages are shown. Exits 1 if
    /// nothing is found.
    Find {
        /// The words to look for, e.g. "left Pyongyang on his private train".
        phrase: String,
        /// Search only this source (an id: the file name under content/articles/ without .txt).
        #[arg(long, short, value_name = "ID")]
        source: Option<String>,
        /// Show at most N hits.
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
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
        keep_freed_memory();
    }
    match cli.command {
        Command::Build { output, timings } => match dossier::build(&cli.root, output.as_deref()) {
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
                if timings {
                    let t = summary.timings;
                    println!(
                        "  load {} ms, resolve {} ms, render {} ms, write {} ms",
                        t.load.as_millis(),
                        t.resolve.as_millis(),
                        t.render.as_millis(),
                        t.write.as_millis()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(dossier::Error::Content(diags)) => {
                dossier::report::print(&diags, &cli.root, color);
                let errors = diags.iter().filter(|d| d.is_error()).count();
                eprintln!("build failed: {errors} error(s); the previous site was left untouched");
                ExitCode::from(1)
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        Command::Serve {
            port,
            interface,
            open,
        } => {
            let options = dossier::serve::ServeOptions {
                root: cli.root.clone(),
                interface,
                port,
                open,
                color,
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
