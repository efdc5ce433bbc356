#!/usr/bin/env python3
"""Times `dossier build` on synthetic dossiers of N sources; see BENCHMARKS.md for how to read the output.

Usage: scripts/bench.py [--sizes 100,1000,10000] [--runs 3] [--dir DIR] [--serve N] [--smoke]

For each N: generates the corpus with `examples/bench_corpus` (deterministic), then `--runs` times builds it
with the release binary into a fresh output folder (a cold process each time) and copies that output with
`cp -r` into another fresh folder (the floor: writing the same bytes); the sizes take turns, run by run.
Reports the median run: wall time, CPU time (user + system), peak memory, pages per second, output size, and
the copy floor. `--serve N` also measures `dossier serve` on the N-source corpus: a one-entry YAML edit until
the changed page is served. Needs only Python 3 and the built binaries; nothing is timed in the test suite.
"""

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RELEASE = REPO / "target" / "release"


def run_measured(cmd):
    """Runs `cmd`; returns (wall s, cpu s, peak RSS MiB, stdout) of that process alone. Exits on failure."""
    start = time.perf_counter()
    # stderr goes to a file so a chatty build cannot block on a full pipe while stdout is read.
    with tempfile.TemporaryFile(mode="w+") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
        stdout = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        err.seek(0)
        stderr = err.read()
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{stderr}")
    # ru_maxrss is in KiB on Linux.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout


def du_bytes(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def generate(n, work):
    corpus = work / f"corpus-{n}"
    stamp = corpus / ".bench-generator"
    generator = RELEASE / "examples" / "bench_corpus"
    # Regenerate when the generator changed since the corpus was written.
    if not stamp.exists() or stamp.stat().st_mtime < generator.stat().st_mtime:
        subprocess.run([generator, str(n), str(corpus)], check=True, stdout=subprocess.DEVNULL)
        stamp.touch()
    # The content depends only on the generator; the theme is the repository's as it is now.
    shutil.rmtree(corpus / "themes", ignore_errors=True)
    shutil.copytree(REPO / "themes", corpus / "themes")
    return corpus


def bench_once(n, corpus, work, i):
    """One cold build of `corpus` into a fresh folder, then the `cp -r` of its output (the floor)."""
    out = work / f"out-{n}-{i}"
    copy = work / f"copy-{n}-{i}"
    for p in (out, copy):
        shutil.rmtree(p, ignore_errors=True)
    wall, cpu, rss, stdout = run_measured(
        [RELEASE / "dossier", "--root", str(corpus), "build", "--output", str(out), "--timings"]
    )
    pages = int(re.search(r"Built (\d+) pages", stdout).group(1))
    stages = dict(re.findall(r"(load|resolve|render|write) (\d+) ms", stdout))
    floor, _, _, _ = run_measured(["cp", "-r", str(out), str(copy)])
    size = du_bytes(out)
    files = sum(1 for f in out.rglob("*") if f.is_file())
    for p in (out, copy):
        shutil.rmtree(p, ignore_errors=True)
    return dict(wall=wall, cpu=cpu, rss=rss, pages=pages, floor=floor, size=size, files=files, stages=stages)


def bench_builds(sizes, work, runs):
    """The median run of each size. Sizes take turns, run by run, so that a change in the shared host's speed
    during the benchmark shows in every size alike rather than skewing their ratios."""
    corpora = {n: generate(n, work) for n in sizes}
    rows = {n: [] for n in sizes}
    for i in range(runs):
        for n in sizes:
            rows[n].append(bench_once(n, corpora[n], work, i))
    medians = {}
    for n in sizes:
        ordered = sorted(rows[n], key=lambda r: r["wall"])
        medians[n] = dict(ordered[len(ordered) // 2], walls=[r["wall"] for r in ordered])
    return medians


def bench_real(runs):
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"dossier-bench-real-{os.getpid()}"
    walls = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        wall, _, _, _ = run_measured([RELEASE / "dossier", "--root", str(REPO), "build", "--output", str(out)])
        walls.append(wall)
    shutil.rmtree(out, ignore_errors=True)
    return statistics.median(walls), walls


def bench_serve(n, work, edits=5):
    """Median time from a one-entry YAML edit to the changed page being served."""
    corpus = generate(n, work)
    section = sorted((corpus / "content" / "annotations").glob("*.yaml"))[0]
    original = section.read_text()
    proc = subprocess.Popen(
        [RELEASE / "dossier", "--root", str(corpus), "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        url, built, watching = None, False, False
        reported = []
        # Startup prints the first build, the address and what is watched; the next line is an edit's.
        while not (url and built and watching):
            line = proc.stdout.readline()
            if not line:
                sys.exit("serve exited early")
            m = re.search(r"Serving on (\S+)", line)
            if m:
                url = m.group(1)
            built = built or re.search(r"\] Built \d+ pages", line) is not None
            watching = watching or line.startswith("Watching ")
        page = f"{url}sections/{section.stem}.html"
        latencies = []
        for i in range(edits):
            marker = f"Edited title {i} {time.time_ns()}"
            text = re.sub(r"(\n  - id: [^\n]+\n    kind: [a-z]+\n    title: )[^\n]+", lambda m: m.group(1) + marker, original, count=1)
            start = time.perf_counter()
            section.write_text(text)
            while True:
                with urllib.request.urlopen(page) as r:
                    if marker in r.read().decode():
                        break
                time.sleep(0.002)
            latencies.append(time.perf_counter() - start)
            line = proc.stdout.readline()
            m = re.search(r"Rebuilt \d+ pages in (\d+) ms", line)
            if m:
                reported.append(int(m.group(1)))
            time.sleep(0.3)
        return statistics.median(latencies), latencies, reported
    finally:
        section.write_text(original)
        proc.terminate()
        proc.wait()


def machine():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} {platform.release()}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dir", default=str(REPO / "target" / "bench"), help="where corpora and outputs go")
    ap.add_argument("--serve", type=int, default=1000, help="corpus size for the serve rebuild (0: skip)")
    ap.add_argument("--smoke", action="store_true", help="CI: N=100, one run, serve on N=100")
    args = ap.parse_args()
    if args.smoke:
        args.sizes, args.runs, args.serve = "100", 1, 100
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.dir).resolve()
    work.mkdir(parents=True, exist_ok=True)

    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "dossier", "--example", "bench_corpus"],
                   cwd=REPO, check=True)
    fs = subprocess.run(["df", "--output=fstype", str(work)], capture_output=True, text=True).stdout.split()[-1]
    print(f"machine: {machine()}")
    print(f"output folder: {work} ({fs}); median of {args.runs} run(s)\n")
    print("| sources | pages | files | output | wall | CPU (user+sys) | peak memory | pages/s | cp -r floor | wall/floor | load / resolve / render / write (ms) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    results = bench_builds(sizes, work, args.runs)
    for n in sizes:
        r = results[n]
        s = r["stages"]
        print(f"| {n:,} | {r['pages']:,} | {r['files']:,} | {r['size'] / 2**20:.0f} MiB | {r['wall']:.3f} s | {r['cpu']:.2f} s "
              f"| {r['rss']:.0f} MiB | {r['pages'] / r['wall']:,.0f} | {r['floor']:.3f} s | {r['wall'] / r['floor']:.1f}x "
              f"| {s.get('load')} / {s.get('resolve')} / {s.get('render')} / {s.get('write')} |", flush=True)
    print()
    for small, big in [(100, 1000), (1000, 10000)]:
        if small in results and big in results:
            print(f"time({big:,}) / time({small:,}) = {results[big]['wall'] / results[small]['wall']:.1f}")
    if not args.smoke:
        med, walls = bench_real(5)
        print(f"real five-source dossier: {med * 1000:.0f} ms wall (median of {', '.join(f'{w * 1000:.0f}' for w in walls)} ms)")
    if args.serve:
        med, lat, reported = bench_serve(args.serve, work)
        print(f"serve, one-entry edit at N={args.serve:,}: {med * 1000:.0f} ms from save to the changed page served "
              f"(median of {', '.join(f'{x * 1000:.0f}' for x in lat)} ms; rebuild itself {reported} ms)")


if __name__ == "__main__":
    main()
