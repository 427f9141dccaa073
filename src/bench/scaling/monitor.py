#!/usr/bin/env python3
"""Runs one Maven build and watches the worker JVM(s) that the plugin forks from it (children of
Maven's JVM running ...worker.WorkerMain), reading Linux's /proc every 0.2 s: the peak resident
memory (VmHWM, a high-water mark the kernel keeps, so sampling loses nothing but what happens after
the last sample) and the bytes written to storage (write_bytes of /proc/<pid>/io, which counts a
file deleted afterwards, such as a spilled cache, too). Also the largest size of a folder (the
project's target/) seen while it runs: a spill file has no name on Linux, so it never shows there.
The worker's own last log line gives the exact figures where the plugin prints it; these are the
fallback, and a check on them. The largest RssAnon and RssFile seen tell heap and native memory from
mapped files. And how much CPU other processes took meanwhile (the machine's busy time from
/proc/stat less the build's own, its waited-for worker included), in cores: a benchmark's figures
mean little when others shared its 2 cores.

Usage: monitor.py --out RESULT.json --log LOG [--watch DIR] -- command...
Writes {"exit", "seconds", "workers": [{"pid", "vmhwm_kb", "rss_anon_kb", "rss_file_kb", "write_bytes",
"cancelled_write_bytes", "seconds"}], "watch_peak_bytes", "own_cpu_seconds", "others_cores"} and
passes the command's exit status on."""
import argparse
import json
import os
import subprocess
import sys
import time

WORKER = b"io.github.transferml.transfer.worker.WorkerMain"


def parent_of(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return None
    return int(stat[stat.rindex(b")") + 2:].split()[1])  # the field after the state


def descendants(root):
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            parent = parent_of(int(name))
            if parent is not None:
                parents[int(name)] = parent
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def is_worker(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return WORKER in f.read()
    except OSError:
        return False


def fields(path):
    values = {}
    try:
        with open(path) as f:
            for line in f:
                key, _, value = line.partition(":")
                values[key.strip()] = value.split()[0] if value.split() else ""
    except OSError:
        pass
    return values


def busy_seconds():
    """CPU time the whole machine has been busy since boot (all but idle and iowait)."""
    with open("/proc/stat") as f:
        ticks = [int(v) for v in f.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def tree_bytes(folder):
    total = 0
    for parent, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(parent, name)).st_size
            except OSError:
                pass  # deleted while we looked
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--watch")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    workers, peak, last_walk = {}, 0, 0.0
    start, busy_start = time.monotonic(), busy_seconds()
    with open(args.log, "wb") as log:
        build = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        while True:
            ended, wait_status, usage = os.wait4(build.pid, os.WNOHANG)  # its rusage: the worker's too
            if ended:
                break
            now = time.monotonic()
            for pid in descendants(build.pid):
                if pid not in workers and not is_worker(pid):
                    continue
                status, io = fields(f"/proc/{pid}/status"), fields(f"/proc/{pid}/io")
                seen = workers.setdefault(pid, {"pid": pid, "vmhwm_kb": 0, "rss_anon_kb": 0, "rss_file_kb": 0,
                                                "write_bytes": 0, "cancelled_write_bytes": 0,
                                                "first": now, "last": now})
                for key, field in (("vmhwm_kb", "VmHWM"), ("rss_anon_kb", "RssAnon"), ("rss_file_kb", "RssFile")):
                    if status.get(field):
                        seen[key] = max(seen[key], int(status[field]))
                for key in ("write_bytes", "cancelled_write_bytes"):
                    if io.get(key):
                        seen[key] = max(seen[key], int(io[key]))
                seen["last"] = now
            if args.watch and now - last_walk >= 1.0:
                peak, last_walk = max(peak, tree_bytes(args.watch)), now
            time.sleep(0.2)
    seconds, others = time.monotonic() - start, busy_seconds() - busy_start
    own = usage.ru_utime + usage.ru_stime  # the build's and, waited for by it, the worker's
    watching = sum(os.times()[:2])  # this script's own polling
    peak = max(peak, tree_bytes(args.watch)) if args.watch else None
    exit_code = os.waitstatus_to_exitcode(wait_status)
    result = {"exit": exit_code, "seconds": seconds, "watch_peak_bytes": peak, "own_cpu_seconds": own,
              "others_cores": max(0.0, (others - own - watching) / seconds),
              "workers": [{**{k: v for k, v in w.items() if k not in ("first", "last")},
                           "seconds": w["last"] - w["first"]} for w in workers.values()]}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    sys.exit(exit_code)


if __name__ == "__main__":
    main()
