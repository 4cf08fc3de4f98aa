"""Times devops-check beside its peers on the real files each understands.

Run through benches/compare.sh, which builds the release binary first. For
each kind of file (lists in CORPUS/lists/<kind>.txt, files under
CORPUS/real), the files are copied into a temporary directory and timed with
`cat` (the floor: reading the same bytes), `find | xargs cat` (walking the
directories too, as a checker given a directory must), devops-check and
every installed peer that reads that kind. Commands alternate within each round, so a busy
machine slows all of them alike; ratios are medians of per-round ratios.
Growth: devops-check and cat over 1, 4 and 16 copies of the four kinds.

Each round is timed without a wrapper: wall time from fork to the blocking
wait4, CPU time (user and system, children included) from wait4's rusage.
Peak memory comes from one more run of each tool, before the rounds, under
/usr/bin/time (GNU, `%M`) when it is installed: wait4 counts the Python
process the command was forked from (about 13 MiB) as a floor, and the
wrapper adds about 2 ms to a run, which is why the timed runs go without it.
A tool slower than --slow-seconds on that first run keeps it as its one
sample. MB/s per core is the part's bytes over the CPU time: what one core
reads, however many threads the tool uses.
Standard library only.
"""

import argparse
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

KINDS = [
    "dockerfile", "workflow", "terraform", "kubernetes", "compose", "cloudformation", "gitlab",
]
CHECKOV_FRAMEWORK = {
    "dockerfile": "dockerfile",
    "workflow": "github_actions",
    "terraform": "terraform",
    "kubernetes": "kubernetes",
    "cloudformation": "cloudformation",
}
# xargs passes as many files per call as the kernel allows (its default is
# 128 KiB, which would split a part into several processes).
XARGS = ["xargs", "-0", "-s", "2000000", "-a"]


class Part:
    """A set of files copied into `root`, with their NUL-separated list."""

    def __init__(self, name, root, files):
        self.name = name
        self.root = root
        self.files = files
        self.list = os.path.join(root, ".files")
        with open(self.list, "w") as out:
            out.write("\0".join(files))
        self.bytes = sum(os.path.getsize(f) for f in files)

    def xargs(self, *command):
        return XARGS + [self.list, *command]


def copy_files(corpus, relative, root, copies):
    files = []
    for copy in range(copies):
        for rel in relative:
            target = os.path.join(root, f"copy-{copy}", rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(corpus, "real", rel), target)
            files.append(target)
    return files


def commands(part, kinds, binary, peers, walk=False):
    """(tool, argv) pairs for a part holding `kinds`; with `walk`, the walk
    and read floor too."""
    found = [("cat", part.xargs("cat"))]
    if walk:
        found.append(("find + cat", [
            "sh", "-c",
            'find "$1" -type f ! -name .files -print0 | xargs -0 -s 2000000 cat',
            "sh", part.root,
        ]))
    found.append(
        ("devops-check", [binary, "--format", "json", "--fail-on", "never", "--quiet", part.root]))
    if kinds == ["dockerfile"] and "hadolint" in peers:
        found.append(("hadolint", part.xargs(peers["hadolint"], "--no-fail")))
    if kinds == ["workflow"] and "actionlint" in peers:
        found.append(("actionlint", part.xargs(peers["actionlint"], "-no-color")))
    if kinds == ["workflow"] and "zizmor" in peers:
        found.append(("zizmor", part.xargs(peers["zizmor"], "--offline", "--no-exit-codes")))
    if len(kinds) == 1 and kinds[0] in CHECKOV_FRAMEWORK and "checkov" in peers:
        found.append((
            "checkov",
            [peers["checkov"], "-d", part.root, "--framework", CHECKOV_FRAMEWORK[kinds[0]],
             "--quiet", "--compact", "--skip-download", "-o", "json"],
        ))
    return found


GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def timed(argv, timeout, peak_memory=False):
    """One run: (wall seconds, CPU seconds, peak resident MiB or None), or
    None when it was stopped after `timeout` seconds. With `peak_memory`,
    the run goes through GNU time, whose `%M` is the command's own peak."""
    with tempfile.NamedTemporaryFile("r") as peak:
        wrapped = peak_memory and GNU_TIME
        if wrapped:
            argv = [GNU_TIME, "-f", "%M", "-o", peak.name, *argv]
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 start_new_session=True)
        stopped = threading.Event()

        def stop():
            stopped.set()
            os.killpg(child.pid, signal.SIGKILL)

        watchdog = threading.Timer(timeout, stop)
        watchdog.start()
        _, _, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        watchdog.cancel()
        child.returncode = 0  # reaped by wait4 above
        if stopped.is_set():
            return None
        cpu = usage.ru_utime + usage.ru_stime
        if wrapped:
            return seconds, cpu, int(peak.read().split()[-1]) / 1024  # KiB
        return seconds, cpu, (usage.ru_maxrss / 1024 if peak_memory else None)


def measure(part, tools, runs, slow_seconds, timeout):
    """Runs each tool once for its peak memory, then alternates the tools
    for `runs` timed rounds (a tool slower than `slow_seconds` on its first
    run keeps that as its one sample; one stopped at `timeout` is left out).
    Returns per-tool lists of (seconds, CPU seconds), each tool's peak MiB,
    the rounds, and the tools that were stopped."""
    samples = {tool: [] for tool, _ in tools}
    peaks = {}
    stopped = set()
    for tool, argv in tools:
        sample = timed(argv, timeout, peak_memory=True)
        if sample is None:
            stopped.add(tool)
            print(f"  {tool} stopped after {timeout:.0f} s", file=sys.stderr)
            continue
        peaks[tool] = sample[2]
        if sample[0] > slow_seconds:
            samples[tool].append(sample[:2])
    slow = {tool for tool, runs in samples.items() if runs}
    rounds = []
    for round_index in range(runs):
        order = tools[round_index % len(tools):] + tools[:round_index % len(tools)]
        this_round = {}
        for tool, argv in order:
            if tool in stopped or tool in slow:
                continue
            sample = timed(argv, timeout)
            if sample is None:
                stopped.add(tool)
                print(f"  {tool} stopped after {timeout:.0f} s", file=sys.stderr)
                continue
            this_round[tool] = sample[:2]
            samples[tool].append(sample[:2])
        rounds.append(this_round)
    # A slow tool's one sample stands beside every round of the others.
    if not rounds:
        rounds.append({})
    for tool in slow - stopped:
        for this_round in rounds:
            this_round[tool] = samples[tool][0]
    return samples, peaks, rounds, stopped


def paired_ratio(rounds, tool, baseline):
    ratios = [r[tool][0] / r[baseline][0] for r in rounds if tool in r and baseline in r]
    return statistics.median(ratios) if ratios else float("nan")


def summarise(part, samples, peaks, rounds, stopped=(), timeout=None):
    rows = []
    for tool, runs in samples.items():
        if tool in stopped or not runs:
            rows.append({
                "part": part.name, "tool": tool, "files": len(part.files),
                "mb": part.bytes / 1e6, "seconds": timeout, "stopped": True,
            })
            continue
        seconds = statistics.median(s for s, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        rows.append({
            "part": part.name,
            "tool": tool,
            "files": len(part.files),
            "mb": part.bytes / 1e6,
            "seconds": seconds,
            "vs_devops_check": paired_ratio(rounds, tool, "devops-check"),
            "files_per_s": len(part.files) / seconds,
            "mb_per_s": part.bytes / 1e6 / seconds,
            "cpu_seconds": cpu,
            "mb_per_cpu_s": part.bytes / 1e6 / cpu if cpu > 0 else float("nan"),
            "rss_mib": peaks[tool],
            "runs": len(runs),
        })
    return rows


def rate(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def table(rows, growth):
    lines = [
        "| part | tool | files | MB | median s | time ÷ devops-check | files/s | MB/s | CPU s | MB/s per core | peak RSS MiB | runs |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if r.get("stopped"):
            lines.append(
                f"| {r['part']} | {r['tool']} | {r['files']:,} | {r['mb']:.1f} "
                f"| > {r['seconds']:.0f} (stopped) | — | — | — | — | — | — | 0 |"
            )
            continue
        lines.append(
            f"| {r['part']} | {r['tool']} | {r['files']:,} | {r['mb']:.1f} | {r['seconds']:.3f} "
            f"| {r['vs_devops_check']:.2f}x | {rate(r['files_per_s'])} | {r['mb_per_s']:.2f} "
            f"| {r['cpu_seconds']:.3f} | {r['mb_per_cpu_s']:.2f} | {r['rss_mib']:.0f} | {r['runs']} |"
        )
    lines += [
        "",
        "| copies | files | MB | devops-check s | cat s | devops-check ÷ cat | growth vs x1 | peak RSS MiB | MB/s | CPU s | MB/s per core |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    first = growth[0]["dc"]["seconds"] if growth else 1
    for g in growth:
        dc, cat = g["dc"], g["cat"]
        lines.append(
            f"| x{g['copies']} | {dc['files']:,} | {dc['mb']:.1f} | {dc['seconds']:.3f} | {cat['seconds']:.3f} "
            f"| {dc['vs_cat']:.2f}x | {dc['seconds'] / first:.2f}x | {dc['rss_mib']:.0f} | {dc['mb_per_s']:.1f} "
            f"| {dc['cpu_seconds']:.3f} | {dc['mb_per_cpu_s']:.1f} |"
        )
    return "\n".join(lines) + "\n"


def svg_chart(rows, growth):
    """Left: median time per tool and part on a log scale. Right: devops-check's
    time and peak memory against corpus size."""
    width, height = 980, 60 + 22 * len(rows)
    height = max(height, 380)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        '<text x="10" y="20" font-size="14" font-weight="bold">Median time per tool (log scale)</text>',
    ]
    colours = {"devops-check": "#2b7bba", "cat": "#999999", "find + cat": "#bbbbbb"}
    left, bar_x, bar_w = 10, 210, 330
    lo = math.log10(min(r["seconds"] for r in rows) / 2)
    hi = math.log10(max(r["seconds"] for r in rows) * 2)

    def x_of(seconds):
        return bar_x + (math.log10(seconds) - lo) / (hi - lo) * bar_w

    for decade in range(math.ceil(lo), math.floor(hi) + 1):
        x = x_of(10 ** decade)
        out.append(f'<line x1="{x:.1f}" y1="34" x2="{x:.1f}" y2="{36 + 22 * len(rows)}" stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{50 + 22 * len(rows)}" text-anchor="middle">{10 ** decade:g} s</text>')
    for i, r in enumerate(rows):
        y = 40 + 22 * i
        colour = colours.get(r["tool"], "#d9822b")
        out.append(f'<text x="{left}" y="{y + 13}">{r["part"]}: {r["tool"]}</text>')
        out.append(f'<rect x="{bar_x}" y="{y}" width="{x_of(r["seconds"]) - bar_x:.1f}" height="16" fill="{colour}"/>')
        label = f'> {r["seconds"]:.0f} s (stopped)' if r.get("stopped") else f'{r["seconds"]:.2f} s'
        out.append(f'<text x="{x_of(r["seconds"]) + 4:.1f}" y="{y + 13}">{label}</text>')
    if growth:
        px, py, pw, ph = 640, 40, 300, 260
        out.append(f'<text x="{px - 40}" y="20" font-size="14" font-weight="bold">devops-check against corpus size</text>')
        max_mb = max(g["dc"]["mb"] for g in growth)
        max_s = max(max(g["dc"]["seconds"], g["cat"]["seconds"]) for g in growth)
        max_rss = max(g["dc"]["rss_mib"] for g in growth)
        out.append(f'<rect x="{px}" y="{py}" width="{pw}" height="{ph}" fill="none" stroke="#444"/>')
        for series, key, scale, colour, label in [
            ("dc", "seconds", max_s, "#2b7bba", "devops-check time"),
            ("cat", "seconds", max_s, "#999999", "cat time"),
            ("dc", "rss_mib", max_rss, "#c0392b", "devops-check peak RSS"),
        ]:
            points = [
                (px + g[series]["mb"] / max_mb * pw, py + ph - g[series][key] / scale * ph)
                for g in growth
            ]
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
            for (x, y), g in zip(points, growth):
                value = g[series][key]
                unit = "s" if key == "seconds" else "MiB"
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
                out.append(f'<text x="{x - 4:.1f}" y="{y - 6:.1f}" text-anchor="end" fill="{colour}">{value:.1f} {unit}</text>')
        legend_y = py + ph + 40
        for i, (colour, label) in enumerate([
            ("#2b7bba", f"devops-check time (top = {max_s:.1f} s)"),
            ("#999999", "cat time (same scale)"),
            ("#c0392b", f"devops-check peak RSS (top = {max_rss:.0f} MiB)"),
        ]):
            out.append(f'<rect x="{px}" y="{legend_y + 16 * i - 9}" width="10" height="10" fill="{colour}"/>')
            out.append(f'<text x="{px + 16}" y="{legend_y + 16 * i}">{label}</text>')
        for g in growth:
            x = px + g["dc"]["mb"] / max_mb * pw
            out.append(f'<text x="{x:.1f}" y="{py + ph + 16}" text-anchor="middle">x{g["copies"]}: {g["dc"]["mb"]:.0f} MB</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="../shared/corpus")
    parser.add_argument("--binary", default="target/release/devops-check")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", default="1,4,16", help="copies of the corpus for growth")
    parser.add_argument("--slow-seconds", type=float, default=30,
                        help="a tool slower than this on its first run runs once")
    parser.add_argument("--timeout", type=float, default=600,
                        help="stop a run after this many seconds and report it as slower")
    parser.add_argument("--out", default="benches", help="where compare.md and compare.svg go")
    parser.add_argument("--kinds", default=",".join(KINDS),
                        help="the parts to time alone (comma-separated); growth reads every part")
    args = parser.parse_args()

    peers = {name: shutil.which(name) for name in ["hadolint", "actionlint", "zizmor", "checkov"]}
    for name, path in peers.items():
        print(f"{name}: {path or 'not installed, skipped'}", file=sys.stderr)
    peers = {name: path for name, path in peers.items() if path}
    lists = {
        kind: [l.strip() for l in open(os.path.join(args.corpus, "lists", f"{kind}.txt")) if l.strip()]
        for kind in KINDS
    }
    load_before = os.getloadavg()
    rows, growth = [], []
    with tempfile.TemporaryDirectory(prefix="devops-check-compare-") as tmp:
        for kind in args.kinds.split(","):
            root = os.path.join(tmp, kind)
            part = Part(kind, root, copy_files(args.corpus, lists[kind], root, 1))
            subprocess.run(part.xargs("cat"), stdout=subprocess.DEVNULL, check=True)  # page cache
            tools = commands(part, [kind], args.binary, peers, walk=True)
            print(f"{kind}: {len(part.files)} files, {part.bytes / 1e6:.1f} MB: "
                  + ", ".join(t for t, _ in tools), file=sys.stderr)
            samples, peaks, rounds, stopped = measure(
                part, tools, args.runs, args.slow_seconds, args.timeout)
            rows += summarise(part, samples, peaks, rounds, stopped, args.timeout)
        everything = [rel for kind in KINDS for rel in lists[kind]]
        for copies in [int(c) for c in args.scales.split(",") if c]:
            root = os.path.join(tmp, f"x{copies}")
            part = Part(f"all x{copies}", root, copy_files(args.corpus, everything, root, copies))
            subprocess.run(part.xargs("cat"), stdout=subprocess.DEVNULL, check=True)
            tools = commands(part, KINDS, args.binary, {})
            print(f"x{copies}: {len(part.files)} files, {part.bytes / 1e6:.1f} MB", file=sys.stderr)
            samples, peaks, rounds, _ = measure(part, tools, args.runs, args.slow_seconds, args.timeout)
            by_tool = {r["tool"]: r for r in summarise(part, samples, peaks, rounds)}
            by_tool["devops-check"]["vs_cat"] = paired_ratio(rounds, "devops-check", "cat")
            growth.append({"copies": copies, "dc": by_tool["devops-check"], "cat": by_tool["cat"]})
            shutil.rmtree(root)
    load_after = os.getloadavg()
    machine = (
        f"{os.cpu_count()} cores; load average {load_before[0]:.1f} before and "
        f"{load_after[0]:.1f} after the run (1-minute)"
    )
    text = table(rows, growth) + f"\nMachine: {machine}.\n"
    print(text)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "compare.md"), "w") as out:
        out.write(text)
    with open(os.path.join(args.out, "compare.svg"), "w") as out:
        out.write(svg_chart(rows, growth))


if __name__ == "__main__":
    main()
