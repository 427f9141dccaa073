#!/usr/bin/env python3
"""The tables and the goals of scaling-benchmark.sh, from what its runs left in WORK: per size
runs/decode-N.txt (PreparationBenchmark), and runs/N-frozen/ and runs/N-e2e/ (the generated
project: build.log, monitor.json, target/transfer/metrics.json, the archive).

Usage: report.py WORK sizes..."""
import glob
import json
import os
import re
import statistics
import sys

LINEAR = 0.15  # the most a stage may cost per image more than at the smallest size
FLAT = 0.10  # the most peak memory may vary from the smallest to the largest size
DISTURBED = 0.2  # cores that other processes took during a run beyond which its figures are suspect
MILLION = 1_000_000
MB = 1 << 20

WORKER = re.compile(r"Worker: peak memory ([\d,]+) MB \(VmHWM\)(?:, wrote ([\d,.]+) MB to disk)?")
DATASET = re.compile(r"Dataset: (\d+) training and (\d+) validation images")
CACHED = re.compile(r"Cached (\d+) rows of \(([^)]*)\) in ([\d.]+) s \((spilled to disk|in memory), ([\d.]+) MB\)")
CACHING = re.compile(r"Caching (?:features|inputs) of (\w+) data(?: \([^)]*\))?: (\d+)/(\d+) .*?, (\d+) images/s; "
                     r"([\d.]+) s waiting for images prepared on (\d+) thread")
DECODE = re.compile(r"^none\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)x", re.M)


def log_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [re.sub(r"^\[(INFO|WARNING|ERROR)\] ", "", line.rstrip("\n")) for line in f]


def files_bytes(folder):
    total = count = 0
    for parent, _, files in os.walk(folder):
        for name in files:
            total += os.lstat(os.path.join(parent, name)).st_size
            count += 1
    return total, count


class Run:
    """One build's figures."""

    def __init__(self, folder):
        self.folder = folder
        self.lines = log_lines(os.path.join(folder, "build.log"))
        with open(os.path.join(folder, "monitor.json")) as f:
            self.monitor = json.load(f)
        metrics_file = os.path.join(folder, "target", "transfer", "metrics.json")
        self.metrics = json.load(open(metrics_file)) if os.path.exists(metrics_file) else {}
        self.train = self.validation = None
        self.cached = None  # rows, shape, seconds, where
        self.waiting = {}  # training/validation -> seconds waiting for prepared images
        self.worker_rss_mb = self.worker_written_mb = None
        for line in self.lines:
            if m := DATASET.search(line):
                self.train, self.validation = int(m[1]), int(m[2])
            elif m := CACHED.search(line):
                self.cached = (int(m[1]), m[2], float(m[3]), m[4])
            elif m := CACHING.search(line):
                self.waiting[m[1]] = float(m[5])
            elif m := WORKER.search(line):
                self.worker_rss_mb = int(m[1].replace(",", ""))
                self.worker_written_mb = float(m[2].replace(",", "")) if m[2] else None
        workers = self.monitor["workers"]
        self.polled_rss_mb = max((w["vmhwm_kb"] for w in workers), default=0) / 1024
        self.polled_written = sum(w["write_bytes"] for w in workers)
        self.cancelled = sum(w.get("cancelled_write_bytes", 0) for w in workers)
        self.others = self.monitor.get("others_cores")
        self.target_after = files_bytes(os.path.join(folder, "target"))[0]
        self.target_peak = self.monitor["watch_peak_bytes"]
        archives = glob.glob(os.path.join(folder, "target", "*-model.zip"))
        self.archive = os.path.getsize(archives[0]) if archives else 0
        self.wall = self.monitor["seconds"]
        self.load = "/".join(open(os.path.join(folder, f"load-{when}.txt")).read().split()[0]
                             for when in ("before", "after"))

    def rss_mb(self):
        return (self.worker_rss_mb, "worker") if self.worker_rss_mb is not None else (self.polled_rss_mb, "polled")

    def written(self):
        if self.worker_written_mb is not None:
            return self.worker_written_mb * MB, "worker"
        return self.polled_written, "polled"

    def cache_seconds(self):
        if self.cached is None:
            return None
        return self.metrics.get("cacheSeconds") or self.cached[2]

    def epoch_seconds(self):
        timing = self.metrics.get("epochTiming") or []
        if not timing:
            return None, None
        return (statistics.median(e["seconds"] for e in timing),
                statistics.median(e["imagesPerSecond"] for e in timing))


def fmt_bytes(n):
    return f"{n / MB:,.1f} MB" if n < 1024 * MB else f"{n / (1024 * MB):,.1f} GB"


def fmt_seconds(s):
    if s < 120:
        return f"{s:.1f} s"
    if s < 7200:
        return f"{s / 60:.1f} min"
    return f"{s / 3600:.1f} h"


def main():
    work, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
    print(open(os.path.join(work, "setup.txt")).read().rstrip())
    pngs, decode, decode_others, frozen, e2e = {}, {}, {}, {}, {}
    for n in sizes:
        pngs[n] = files_bytes(os.path.join(work, "data", f"fashion-{n}"))
        text = open(os.path.join(work, "runs", f"decode-{n}.txt")).read()
        decode[n] = {int(m[2]): (int(m[1]), float(m[3])) for m in DECODE.finditer(text)}
        watched = os.path.join(work, "runs", f"decode-{n}.json")
        decode_others[n] = json.load(open(watched)).get("others_cores") if os.path.exists(watched) else None
        frozen[n] = Run(os.path.join(work, "runs", f"{n}-frozen"))
        e2e[n] = Run(os.path.join(work, "runs", f"{n}-e2e"))
    smallest, largest = sizes[0], sizes[-1]

    # stage -> size -> (images, seconds, images/s, cores other processes took meanwhile)
    stages = {}

    def add(stage, n, images, seconds, others, rate=None):
        if images and seconds:
            stages.setdefault(stage, {})[n] = (images, seconds, rate if rate is not None else images / seconds, others)

    for n in sizes:
        for threads in (1, 2):
            if threads in decode[n]:
                images, rate = decode[n][threads]
                add(f"decode+preprocess, {threads} thread{'s' if threads > 1 else ''}", n, images, images / rate,
                    decode_others[n], rate)
        f, r = frozen[n], e2e[n]
        if f.cached:
            add("frozen pass (cache features)", n, f.cached[0], f.cache_seconds(), f.others)
        seconds, rate = f.epoch_seconds()
        add("head epoch (median)", n, f.train, seconds, f.others, rate)
        if r.cached:  # before streaming: the end-to-end run caches its inputs once
            add("e2e: cache inputs", n, r.cached[0], r.cache_seconds(), r.others)
        seconds, rate = r.epoch_seconds()
        add("e2e epoch (median)", n, r.train, seconds, r.others, rate)
        add("frozen build (wall)", n, n, f.wall, f.others)
        add("e2e build (wall)", n, n, r.wall, r.others)
    goal_stages = [s for s in stages if not s.endswith("(wall)") and not s.startswith("e2e: cache")]

    def per_image_ratio(stage, n):
        images, seconds = stages[stage][n][:2]
        base_images, base_seconds = stages[stage][smallest][:2]
        return (seconds / images) / (base_seconds / base_images)

    def cores(others):
        return "?" if others is None else f"{others:.2f}" + ("*" if others > DISTURBED else "")

    print()
    print(f"Stages (images: what the stage processed; vs smallest: seconds per image against the {smallest:,} image "
          f"run's, ! = more than {LINEAR:.0%} more; others: cores that other processes took meanwhile, "
          f"* = more than {DISTURBED})")
    print(f"{'size':>8}  {'stage':<32} {'images':>8} {'seconds':>9} {'images/s':>9} {'ms/image':>9} {'vs smallest':>12} "
          f"{'others':>7}")
    for stage, by_size in stages.items():
        for n in sizes:
            if n not in by_size:
                continue
            images, seconds, rate, others = by_size[n]
            ratio = per_image_ratio(stage, n) if smallest in by_size else float("nan")
            print(f"{n:>8,}  {stage:<32} {images:>8,} {seconds:>9.2f} {rate:>9,.0f} {1000 * seconds / images:>9.3f} "
                  f"{ratio:>11.2f}x{'!' if ratio > 1 + LINEAR else ' '} {cores(others):>6}")
    for n in sizes:
        f = frozen[n]
        if f.cached:
            print(f"  {n:,}: the frozen pass waited {sum(f.waiting.values()):.1f} s of {f.cache_seconds():.1f} s for "
                  f"prepared images; features {f.cached[3]}")
        if e2e[n].cached:
            print(f"  {n:,}: the e2e run cached its inputs ({e2e[n].cached[1]}), {e2e[n].cached[3]}")

    print()
    print("Resources of the worker JVM (peak RSS and written: its own last log line, or /proc polled every 0.2 s "
          "when it has none; polled: the poll, as a check; cancelled: of the bytes written, those deleted before "
          "they reached the disk; target/: the project's, after the run and the most seen while it ran, where "
          "spill files never show, having no name)")
    print(f"{'size':>8}  {'run':<7} {'peak RSS':>10} {'polled':>9} {'written':>10} {'polled':>10} {'cancelled':>10} "
          f"{'target/ after':>14} {'target/ peak':>13} {'PNGs':>10} {'archive':>9} {'others':>7} {'load before/after':>18}")
    for n in sizes:
        for name, r in (("frozen", frozen[n]), ("e2e", e2e[n])):
            print(f"{n:>8,}  {name:<7} {r.rss_mb()[0]:>7,.0f} MB {r.polled_rss_mb:>6,.0f} MB {r.written()[0] / MB:>7,.1f} MB "
                  f"{r.polled_written / MB:>7,.1f} MB {r.cancelled / MB:>7,.1f} MB {r.target_after / MB:>11,.1f} MB "
                  f"{r.target_peak / MB:>10,.1f} MB {pngs[n][0] / MB:>7,.1f} MB {r.archive / MB:>6,.2f} MB "
                  f"{cores(r.others):>7} {r.load:>18}")

    print()
    print("Goals (issue 11 §4, 2 cores)")
    results = []
    speedups = {n: decode[n][2][1] / decode[n][1][1] for n in sizes if 1 in decode[n] and 2 in decode[n]}
    results.append(("decode + preprocess on 2 threads >= 1.8x 1 thread",
                    bool(speedups) and all(s >= 1.8 for s in speedups.values()),
                    ", ".join(f"{n:,}: {s:.2f}x" for n, s in speedups.items())))
    for name, runs in (("frozen", frozen), ("e2e", e2e)):
        rss = {n: runs[n].rss_mb()[0] for n in sizes}
        spread = max(rss.values()) / min(rss.values()) - 1
        results.append((f"peak RSS of the worker within {FLAT:.0%} from {smallest:,} to {largest:,} images ({name})",
                        spread <= FLAT, ", ".join(f"{n:,}: {v:,.0f} MB" for n, v in rss.items())
                        + f"; largest / smallest - 1 = {spread:+.1%}"))
    results.append(("bytes written by an e2e run <= PNGs + archive",
                    all(e2e[n].written()[0] <= pngs[n][0] + e2e[n].archive for n in sizes),
                    ", ".join(f"{n:,}: {e2e[n].written()[0] / MB:,.1f} <= {(pngs[n][0] + e2e[n].archive) / MB:,.1f} MB"
                              for n in sizes)))
    for stage in goal_stages:
        later = [n for n in sizes if n != smallest and n in stages[stage]]
        if smallest in stages[stage] and later:
            results.append((f"linear within {LINEAR:.0%}: {stage}",
                            all(per_image_ratio(stage, n) <= 1 + LINEAR for n in later),
                            "time per image against the smallest size's: "
                            + ", ".join(f"{n:,}: {per_image_ratio(stage, n):.2f}x" for n in later)))
    for text, ok, detail in results:
        print(f"  {'PASS' if ok else 'MISS'}  {text}: {detail}")
    disturbed = [f"decode {n:,} ({decode_others[n]:.2f})" for n in sizes
                 if decode_others[n] is not None and decode_others[n] > DISTURBED]
    disturbed += [f"{name} {n:,} ({runs[n].others:.2f})" for n in sizes for name, runs in (("frozen", frozen), ("e2e", e2e))
                  if runs[n].others is not None and runs[n].others > DISTURBED]
    if disturbed:
        print(f"  NOTE  other processes took more than {DISTURBED} cores during: {', '.join(disturbed)}; "
              "their times (and the goals that compare them) are not this code's alone")

    print()
    print(f"Extrapolated on paper to {MILLION:,} images: the {largest:,} image runs' figures per image times "
          f"{MILLION:,} (x{MILLION / largest:,.1f}); nothing was run at this size")

    def paper(label, value, note):
        print(f"  {label:<32} {value:>10}  ({note})")

    for stage in stages:
        if largest in stages[stage]:
            images, seconds = stages[stage][largest][:2]
            unit = "per epoch" if "epoch" in stage else "the whole build" if "wall" in stage else "once"
            paper(stage, fmt_seconds(seconds / images * MILLION), unit)
    for name, runs in (("frozen", frozen), ("e2e", e2e)):
        rss = {n: runs[n].rss_mb()[0] for n in sizes}
        if max(rss.values()) / min(rss.values()) - 1 <= FLAT:
            paper(f"peak RSS, {name} run", f"{rss[largest]:,.0f} MB", f"flat from {smallest:,} to {largest:,} images")
        else:
            slope = (rss[largest] - rss[smallest]) / (largest - smallest)
            paper(f"peak RSS, {name} run", f"{rss[largest] + slope * (MILLION - largest):,.0f} MB",
                  f"not flat: {slope * 10_000:+,.0f} MB per 10,000 images, continued in a straight line")
    png_per_image = pngs[largest][0] / pngs[largest][1]
    paper("PNGs", fmt_bytes(png_per_image * MILLION), f"{png_per_image:,.0f} bytes per image")
    for name, runs in (("frozen", frozen), ("e2e", e2e)):
        r = runs[largest]
        per_image = (r.written()[0] - r.archive) / largest
        paper(f"written, {name} run", fmt_bytes(per_image * MILLION + r.archive),
              f"{per_image:,.0f} bytes per image + the {r.archive / MB:.1f} MB archive")


if __name__ == "__main__":
    main()
