//! `cargo bench`: the in-memory build (load, resolve, render; no disk writes) of the real dossier, and of any
//! dossier named by `DOSSIER_BENCH_ROOT` (e.g. one from `examples/bench_corpus`). Whole cold-process builds
//! with output, memory and the copy floor are timed by `scripts/bench.py`; see BENCHMARKS.md.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use dossier::render::RenderOptions;

fn bench(name: &str, root: &std::path::Path) {
    let once = || {
        let start = Instant::now();
        let built = dossier::build_in_memory(root, &RenderOptions::default())
            .unwrap_or_else(|e| panic!("{name} does not build: {e}"));
        std::hint::black_box(built.files.len());
        start.elapsed()
    };
    once(); // warm the page cache and the allocator
    let mut times: Vec<Duration> = Vec::new();
    let budget = Instant::now();
    while times.len() < 5 || (times.len() < 50 && budget.elapsed() < Duration::from_secs(10)) {
        times.push(once());
    }
    times.sort();
    println!(
        "{name}: in-memory build median {:.1} ms, min {:.1} ms, max {:.1} ms over {} runs",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        times.len()
    );
}

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    bench("real dossier (5 sources)", &repo);
    if let Some(root) = std::env::var_os("DOSSIER_BENCH_ROOT") {
        let root = PathBuf::from(root);
        bench(&root.display().to_string(), &root);
    }
}
