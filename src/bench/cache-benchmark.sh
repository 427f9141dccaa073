#!/usr/bin/env bash
# Measures what the feature cache buys: the frozen base runs once (the caching pass), then every
# head epoch reads the cache. Prints seconds for caching, the first and the later epochs, images/s,
# the cost of spilling the cache to disk, and the peak memory of the Maven process.
#
# Needs: the README's main command run first (installs the plugin and mnist-base), python3, npm.
# Usage: bash src/bench/cache-benchmark.sh [per-class-train] [per-class-validation]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
train="${1:-800}"
validation="${2:-60}"
data="$root/src/bench/target/bench-data"
if [ ! -d "$data/train" ]; then
  mkdir -p "$data"
  python3 "$root/src/data/mnist_digits.py" --per-class-train "$train" --per-class-validation "$validation" --out "$data"
fi

run() { # name, extra maven args...
  local name="$1"; shift
  local timing=()
  if [ -x /usr/bin/time ]; then timing=(/usr/bin/time -f '%M' -o "$root/src/bench/target/$name.rss"); fi
  "${timing[@]}" "$root/mvnw" -B -q -f "$root/src/bench/pom.xml" transfer:train \
      -Dtransfer.reportDirectory="$root/src/bench/target/$name" "$@" > "$root/src/bench/target/$name.log"
}
mkdir -p "$root/src/bench/target"
run in-memory
run spilled -Dtransfer.cacheMemoryMb=0

python3 - "$root/src/bench/target" <<'PY'
import json, os, statistics, sys
out = sys.argv[1]
print(f"{'cache':<10} {'images':>7} {'caching s':>10} {'epoch 1 s':>10} {'later s':>9} {'head img/s':>11} {'val acc':>8} {'peak RSS MB':>12}")
for name in ('in-memory', 'spilled'):
    m = json.load(open(os.path.join(out, name, 'metrics.json')))
    t = m['epochTiming']
    later = statistics.median(e['seconds'] for e in t[1:]) if len(t) > 1 else float('nan')
    rate = statistics.median(e['imagesPerSecond'] for e in t)
    images = sum(1 for _ in open(os.path.join(out, name, 'validation-predictions.csv'))) - 1
    rss_file = os.path.join(out, name + '.rss')
    rss = int(open(rss_file).read().split()[-1]) / 1024 if os.path.exists(rss_file) else float('nan')
    print(f"{name:<10} {images:>7} {m['cacheSeconds']:>10.2f} {t[0]['seconds']:>10.3f} {later:>9.3f} {rate:>11.0f} {m['validationAccuracy']:>8.4f} {rss:>12.0f}")
print("caching = one pass of the frozen base over training + validation images; without the cache every epoch would pay it again.")
PY
