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
