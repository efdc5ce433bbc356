#!/usr/bin/env python3
"""Times `dossier build` on synthetic dossiers of N sources; see BENCHMARKS.md for how to read the output.

Usage: scripts/bench.py [--sizes 100,1000,10000] [--runs 3] [--dir DIR] [--serve N] [--edits E] [--smoke]
                        [--shape stress|dossier] [--peers] [--bin NAME=PATH ...] [--incremental N]

For each N: generates the corpus with `examples/bench_corpus` (deterministic), then `--runs` times builds it
with the release binary into a fresh output folder (a cold process each time, and none of what `build` keeps
beside its output from an earlier run) and copies that output with `cp -r` into another fresh folder (the
floor: writing the same bytes); the sizes take turns, run by run.
Reports the median run: wall time, CPU time (user + system), peak memory, pages per second, output size, and
the copy floor. `--serve N` also measures `dossier serve` on the N-source corpus: `--edits` one-entry YAML
edits, each until the changed page is served, and the server's resident memory before and after them (once
it is idle, its background pass finished; and just after the last edit).

`--shape dossier` uses the corpus shaped like a real dossier (every passage an entry in one of four sections).
`--peers` runs that corpus side by side: per round and size, dossier, Hugo on the same corpus converted by
`scripts/hugo_corpus.py` (skipped with a note when `hugo` is not installed) and `cp -r` of dossier's output,
and reports medians, peak memory and the ratios of each round's pair (Hugo / dossier, dossier / floor).
`--bin NAME=PATH` (repeatable) times several dossier binaries in turn, run by run (e.g. allocator variants).
`--incremental N` times, round by round on the N-source dossier-shaped corpus, a cold build into a fresh folder,
a build over it with no change, a build after one edited entry title, and `build --force`, and reports each
against the cold build of its round.
Needs only Python 3 and the built binaries; nothing is timed in the test suite.
"""

import argparse
import filecmp
import math
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
        proc = subprocess.Popen(list(map(str, cmd)), stdout=subprocess.PIPE, stderr=err, text=True)
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


def generate(n, work, shape="stress"):
    corpus = work / (f"corpus-{n}" if shape == "stress" else f"{shape}-{n}")
    stamp = corpus / ".bench-generator"
    generator = RELEASE / "examples" / "bench_corpus"
    # Regenerate when the generator changed since the corpus was written.
    if not stamp.exists() or stamp.stat().st_mtime < generator.stat().st_mtime:
        subprocess.run([generator, str(n), str(corpus), "--shape", shape], check=True, stdout=subprocess.DEVNULL)
        stamp.touch()
    # The content depends only on the generator; the theme is the repository's as it is now.
    shutil.rmtree(corpus / "themes", ignore_errors=True)
    shutil.copytree(REPO / "themes", corpus / "themes")
    return corpus


def remove_output(out):
    """Removes an output folder and what `build` keeps beside it (`.<name>.dossier-*`: the record, the shared
    wording, the inputs' stamps), so that the next build into it is cold."""
    shutil.rmtree(out, ignore_errors=True)
    for kept in out.parent.glob(f".{out.name}.dossier-*"):
        shutil.rmtree(kept, ignore_errors=True) if kept.is_dir() else kept.unlink()


def bench_once(binary, n, corpus, work, i):
    """One cold build of `corpus` into a fresh folder, then the `cp -r` of its output (the floor)."""
    out = work / f"out-{n}-{i}"
    copy = work / f"copy-{n}-{i}"
    for p in (out, copy):
        remove_output(p)
    wall, cpu, rss, stdout = run_measured(
        [binary, "--root", str(corpus), "build", "--output", str(out), "--timings"]
    )
    pages = int(re.search(r"Built (\d+) pages", stdout).group(1))
    stages = dict(re.findall(r"(load|resolve|render|write) (\d+) ms", stdout))
    floor, _, _, _ = run_measured(["cp", "-r", str(out), str(copy)])
    size = du_bytes(out)
    files = sum(1 for f in out.rglob("*") if f.is_file())
    for p in (out, copy):
        remove_output(p)
    return dict(wall=wall, cpu=cpu, rss=rss, pages=pages, floor=floor, size=size, files=files, stages=stages)


def bench_builds(bins, sizes, work, runs, shape):
    """The median run of each binary and size. Sizes and binaries take turns, run by run, so that a change in
    the shared host's speed during the benchmark shows in every size alike rather than skewing their ratios."""
    corpora = {n: generate(n, work, shape) for n in sizes}
    rows = {(b, n): [] for b in bins for n in sizes}
    for i in range(runs):
        for n in sizes:
            for name, binary in bins.items():
                rows[name, n].append(bench_once(binary, n, corpora[n], work, i))
    medians = {}
    for key, runs_ in rows.items():
        ordered = sorted(runs_, key=lambda r: r["wall"])
        medians[key] = dict(ordered[len(ordered) // 2], walls=[r["wall"] for r in ordered])
    return medians


def bench_real(binary, runs):
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"dossier-bench-real-{os.getpid()}"
    walls = []
    for _ in range(runs):
        remove_output(out)
        wall, _, _, _ = run_measured([binary, "--root", str(REPO), "build", "--output", str(out)])
        walls.append(wall)
    remove_output(out)
    return statistics.median(walls), walls


def rss_mib(pid):
    """Resident memory of a running process (VmRSS), in MiB."""
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_ticks(pid):
    """User + system clock ticks a running process has used so far (/proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def settled_rss_mib(pid, quiet=1.5, most=15.0):
    """Resident memory once the process has used no processor time for `quiet` seconds (serve's background
    pass has finished, and an idle server hands freed memory back after a second), or after `most` seconds:
    what it keeps, rather than what one pass holds for a moment."""
    deadline = time.monotonic() + most
    last, still = cpu_ticks(pid), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - still < quiet:
        time.sleep(0.1)
        now = cpu_ticks(pid)
        if now != last:
            last, still = now, time.monotonic()
    return rss_mib(pid)


def percentile(xs, q):
    """The nearest-rank q-quantile (0 < q <= 1) of xs."""
    ordered = sorted(xs)
    return ordered[max(0, math.ceil(len(ordered) * q) - 1)] if ordered else float("nan")


def bench_serve(binary, n, work, shape="stress", edits=5):
    """Time from each of `edits` one-entry YAML edits to the changed page being served, and the server's
    resident memory after start-up and after the edits."""
    corpus = generate(n, work, shape)
    section = sorted((corpus / "content" / "annotations").glob("*.yaml"))[0]
    original = section.read_text()
    proc = subprocess.Popen(
        [str(binary), "--root", str(corpus), "serve", "--port", "0"],
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
        with urllib.request.urlopen(page) as r:
            r.read()
        rss_start = settled_rss_mib(proc.pid)
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
        rss_busy = rss_mib(proc.pid)
        return dict(median=statistics.median(latencies), p90=percentile(latencies, 0.9), latencies=latencies,
                    reported=reported, rss_start=rss_start, rss_busy=rss_busy, rss_end=settled_rss_mib(proc.pid))
    finally:
        section.write_text(original)
        proc.terminate()
        proc.wait()


def print_serve(name, n, r):
    lat = r["latencies"]
    shown = ", ".join(f"{x * 1000:.0f}" for x in lat) if len(lat) <= 10 else f"{min(lat) * 1000:.0f}-{max(lat) * 1000:.0f}"
    print(f"serve ({name}), {len(lat)} one-entry edits at N={n:,}: median {r['median'] * 1000:.0f} ms, "
          f"p90 {r['p90'] * 1000:.0f} ms from save to the changed page served ({shown} ms; the rebuilds themselves "
          f"{statistics.median(r['reported']) if r['reported'] else '?'} ms median); resident memory, once idle, "
          f"{r['rss_start']:.0f} MiB after start, {r['rss_end']:.0f} MiB after the edits ({r['rss_busy']:.0f} MiB "
          "0.3 s after the last edit, its background pass running)", flush=True)


def bench_incremental(binary, n, work, runs):
    """Per round: a cold build into a fresh folder, then over that output a build with no change, a build after
    one entry's title changed, and `build --force`. Returns the rounds (wall and CPU of each)."""
    corpus = generate(n, work, "dossier")
    section = sorted((corpus / "content" / "annotations").glob("*.yaml"))[0]
    original = section.read_text()
    out = work / f"incr-out-{n}"
    rounds = []
    try:
        for i in range(runs):
            remove_output(out)
            build = [binary, "--root", str(corpus), "build", "--output", str(out)]
            r = {"cold": run_measured(build)[:2]}
            r["none"] = run_measured(build)[:2]
            marker = f"Edited title {i} {time.time_ns()}"
            section.write_text(re.sub(r"(\n    title: )[^\n]+", lambda m: m.group(1) + marker, original, count=1))
            r["edit"] = run_measured(build)[:2]
            r["force"] = run_measured(build + ["--force"])[:2]
            section.write_text(original)
            rounds.append(r)
    finally:
        section.write_text(original)
        remove_output(out)
    return rounds


def print_incremental(n, rounds):
    print(f"Incremental builds, dossier-shaped corpus of {n:,} sources ({len(rounds)} rounds; medians; ratios are "
          "medians of each round's ratio to its cold build):\n")
    print("| build | wall | CPU (user+sys) | / cold, wall | / cold, CPU |")
    print("|---|---:|---:|---:|---:|")
    names = [("cold", "cold, into a fresh folder"), ("none", "no change"), ("edit", "one edited entry"),
             ("force", "`--force`")]
    for key, label in names:
        wall = statistics.median(r[key][0] for r in rounds)
        cpu = statistics.median(r[key][1] for r in rounds)
        rw = statistics.median(r[key][0] / r["cold"][0] for r in rounds)
        rc = statistics.median(r[key][1] / r["cold"][1] for r in rounds)
        print(f"| {label} | {wall:.3f} s | {cpu:.2f} s | {rw:.0%} | {rc:.0%} |")
    print(flush=True)


def hugo_site(n, work, model):
    """The Hugo conversion of the dossier-shaped corpus of size n, from the `dossier.json` of a build."""
    site = work / f"hugo-{n}"
    stamp = site / ".bench-converted"
    if not stamp.exists() or stamp.stat().st_mtime < model.stat().st_mtime:
        subprocess.run([sys.executable, REPO / "scripts" / "hugo_corpus.py", model, site], check=True,
                       stdout=subprocess.DEVNULL)
        stamp.touch()
    return site


def bench_peers(bins, sizes, work, runs):
    """dossier (each binary), Hugo and `cp -r` of dossier's output, in turn, round by round, on the
    dossier-shaped corpus. Returns per (tool, n) the list of runs."""
    hugo = shutil.which("hugo")
    corpora = {n: generate(n, work, "dossier") for n in sizes}
    sites = {}
    if hugo:
        for n in sizes:
            ref = work / f"peers-ref-{n}"
            remove_output(ref)
            run_measured([next(iter(bins.values())), "--root", corpora[n], "build", "--output", ref])
            model = work / f"peers-model-{n}.json"
            # Kept apart from the output, so that the conversion is redone only when the model changes. Compared
            # in chunks: a child's peak memory counts this process's peak (vfork), so it must stay small.
            if not model.exists() or not filecmp.cmp(model, ref / "dossier.json", shallow=False):
                shutil.copyfile(ref / "dossier.json", model)
            remove_output(ref)
            sites[n] = hugo_site(n, work, model)
    else:
        print("note: `hugo` is not installed (e.g. `apt-get install hugo`): Hugo is skipped\n")
    rows = {}
    for i in range(runs):
        for n in sizes:
            out = None
            for name, binary in bins.items():
                r = bench_once(binary, n, corpora[n], work, i)
                rows.setdefault((name, n), []).append(r)
            if hugo:
                out = work / f"hugo-out-{n}-{i}"
                shutil.rmtree(out, ignore_errors=True)
                wall, cpu, rss, _ = run_measured([hugo, "--source", sites[n], "--destination", out, "--quiet"])
                size = du_bytes(out)
                files = sum(1 for f in out.rglob("*") if f.is_file())
                shutil.rmtree(out)
                rows.setdefault(("hugo", n), []).append(dict(wall=wall, cpu=cpu, rss=rss, size=size, files=files))
    return rows, hugo is not None


def med(rs, key):
    return statistics.median(r[key] for r in rs)


def print_peers(bins, sizes, rows, with_hugo):
    print("Dossier-shaped corpus, side by side (each round: " + ", ".join(bins) + (", Hugo" if with_hugo else "")
          + ", `cp -r` of dossier's output; medians, ratios are medians of each round's ratio):\n")
    print("| sources | tool | wall | CPU (user+sys) | peak memory | files | output | Hugo / tool, wall | Hugo / tool, CPU "
          "| tool / cp -r floor, wall |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")

    def ratio(xs, ys, key):
        return f"{statistics.median(x[key] / y[key] for x, y in zip(xs, ys)):.2f}x" if xs else "-"

    for n in sizes:
        hugo = rows.get(("hugo", n))
        for name in bins:
            rs = rows[name, n]
            vs_floor = statistics.median(r["wall"] / r["floor"] for r in rs)
            print(f"| {n:,} | {name} | {med(rs, 'wall'):.3f} s | {med(rs, 'cpu'):.2f} s | {med(rs, 'rss'):.0f} MiB "
                  f"| {rs[0]['files']:,} | {rs[0]['size'] / 2**20:.0f} MiB | {ratio(hugo, rs, 'wall')} "
                  f"| {ratio(hugo, rs, 'cpu')} | {vs_floor:.2f}x |")
        if hugo:
            print(f"| {n:,} | Hugo | {med(hugo, 'wall'):.3f} s | {med(hugo, 'cpu'):.2f} s | {med(hugo, 'rss'):.0f} MiB "
                  f"| {hugo[0]['files']:,} | {hugo[0]['size'] / 2**20:.0f} MiB | 1.00x | 1.00x | - |")
        first = rows[next(iter(bins)), n]
        print(f"| {n:,} | `cp -r` | {med(first, 'floor'):.3f} s | | | | | | | 1.00x |")
    print(flush=True)


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
    ap.add_argument("--edits", type=int, default=5, help="edits in the serve measurement")
    ap.add_argument("--shape", choices=["stress", "dossier"], default="stress", help="the corpus (see bench_corpus)")
    ap.add_argument("--peers", action="store_true", help="dossier-shaped corpus: dossier, Hugo and cp -r in turn")
    ap.add_argument("--bin", action="append", default=[], metavar="NAME=PATH",
                    help="a dossier binary to time (repeatable; default: this repository's release build)")
    ap.add_argument("--incremental", type=int, default=0, metavar="N",
                    help="dossier-shaped corpus of N sources: cold, no-change, one-edit and --force builds")
    ap.add_argument("--smoke", action="store_true", help="CI: N=100, one run, serve on N=100, both shapes")
    args = ap.parse_args()
    if args.smoke:
        args.sizes, args.runs, args.serve = "100", 1, 100
    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = Path(args.dir).resolve()
    work.mkdir(parents=True, exist_ok=True)

    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "dossier", "--example", "bench_corpus"],
                   cwd=REPO, check=True)
    bins = dict(b.split("=", 1) for b in args.bin) or {"dossier": str(RELEASE / "dossier")}
    fs = subprocess.run(["df", "--output=fstype", str(work)], capture_output=True, text=True).stdout.split()[-1]
    print(f"machine: {machine()}")
    print(f"output folder: {work} ({fs}); median of {args.runs} run(s)\n")
    if (args.peers or args.smoke) and sizes:
        rows, with_hugo = bench_peers(bins, sizes, work, args.runs)
        print_peers(bins, sizes, rows, with_hugo)
    if not args.peers and sizes:
        print(f"{args.shape.capitalize()} corpus:\n")
        print("| sources | binary | pages | files | output | wall | CPU (user+sys) | peak memory | pages/s | cp -r floor | wall/floor | load / resolve / render / write (ms) |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        results = bench_builds(bins, sizes, work, args.runs, args.shape)
        for n in sizes:
            for name in bins:
                r = results[name, n]
                s = r["stages"]
                print(f"| {n:,} | {name} | {r['pages']:,} | {r['files']:,} | {r['size'] / 2**20:.0f} MiB | {r['wall']:.3f} s "
                      f"| {r['cpu']:.2f} s | {r['rss']:.0f} MiB | {r['pages'] / r['wall']:,.0f} | {r['floor']:.3f} s "
                      f"| {r['wall'] / r['floor']:.1f}x | {s.get('load')} / {s.get('resolve')} / {s.get('render')} / {s.get('write')} |",
                      flush=True)
        print()
        for name in bins:
            for small, big in [(100, 1000), (1000, 10000)]:
                if (name, small) in results and (name, big) in results:
                    print(f"{name}: time({big:,}) / time({small:,}) = "
                          f"{results[name, big]['wall'] / results[name, small]['wall']:.1f}")
        if not args.smoke:
            for name, binary in bins.items():
                m, walls = bench_real(binary, 5)
                print(f"real five-source dossier ({name}): {m * 1000:.0f} ms wall (median of "
                      f"{', '.join(f'{w * 1000:.0f}' for w in walls)} ms)")
    if args.incremental or args.smoke:
        n = args.incremental or 100
        print_incremental(n, bench_incremental(next(iter(bins.values())), n, work, args.runs))
    if args.serve:
        shape = "dossier" if args.peers else args.shape
        for name, binary in bins.items():
            print_serve(name, args.serve, bench_serve(binary, args.serve, work, shape, args.edits))


if __name__ == "__main__":
    main()
