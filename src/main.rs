//! The `dossier` command line: parses arguments and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// Build the site into dist/ (or --output), replacing it atomically; all problems are reported at once.
    Build {
        /// Where to write the site (default: <root>/dist).
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Check everything `build` checks, plus the rendered site's internal links and #fragments, and warn about
    /// weak spots (entries without evidence, sources never cited, claims with one source or one side only).
    /// Writes nothing; exits 1 if there is any error (or any warning with --strict).
    Check {
        /// Treat warnings as errors: exit 1 if there is any problem at all.
        #[arg(long)]
        strict: bool,
    },
    /// Build the site in memory and serve it on 127.0.0.1, rebuilding on every change under content/ and
    /// themes/. Open pages reload by themselves; a failed rebuild keeps serving the last good site and shows its
    /// errors over the page (and in the terminal). Ctrl-C stops.
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = dossier::report::stderr_wants_color();
    match cli.command {
        Command::Build { output } => match dossier::build(&cli.root, output.as_deref()) {
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
