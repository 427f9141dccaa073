#!/usr/bin/env bash
# The price of portable numerics: trains both sample modules once with <numerics>portable</numerics>
# (pinned threads and kernel levels: the same bytes on any x86-64 machine) and once with fast (all
# cores, the machine's best kernels), and prints the median seconds per epoch of each phase and the
# ratio (goal: portable at most 1.5x fast). The sample's own archives are left alone: the runs write
# archives with the classifiers bench-portable and bench-fast, and reports under src/bench/target.
#
# Needs: the README's main command run first (installs the plugin and mnist-base).
# Usage: bash src/bench/numerics-benchmark.sh [module...]   (default: mnist-base coloured-digits)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/src/bench/target/numerics"
mkdir -p "$out"
modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(mnist-base coloured-digits)
for module in "${modules[@]}"; do
  for mode in portable fast; do
    start=$(date +%s.%N)
    "$root/mvnw" -B -q -o -f "$root/sample-project/$module/pom.xml" transfer:train -Dtransfer.force=true \
        -Dtransfer.numerics="$mode" -Dtransfer.classifier="bench-$mode" -Dtransfer.attach=false \
        -Dtransfer.reportDirectory="$out/$module-$mode" > "$out/$module-$mode.log" 2>&1 \
        || { cat "$out/$module-$mode.log"; exit 1; }
    end=$(date +%s.%N)
    python3 -c "print(f'{$end - $start:.1f}')" > "$out/$module-$mode.wall"
  done
done
python3 - "$out" "${modules[@]}" <<'PY'
import json, os, statistics, sys
out, modules = sys.argv[1], sys.argv[2:]
print(f"{'module':<13} {'numerics':<9} {'epoch s (median)':>17} {'images/s':>9} {'caching s':>10} {'build s':>8} {'val acc':>8}")
for module in modules:
    rows = {}
    for mode in ('portable', 'fast'):
        m = json.load(open(os.path.join(out, f'{module}-{mode}', 'metrics.json')))
        t = m['epochTiming']
        epoch = statistics.median(e['seconds'] for e in t)
        rate = statistics.median(e['imagesPerSecond'] for e in t)
        wall = float(open(os.path.join(out, f'{module}-{mode}.wall')).read())
        rows[mode] = epoch
        print(f"{module:<13} {mode:<9} {epoch:>17.2f} {rate:>9.0f} {m['cacheSeconds']:>10.1f} {wall:>8.1f} {m['validationAccuracy']:>8.4f}")
    print(f"{module:<13} portable / fast per epoch: {rows['portable'] / rows['fast']:.2f}x")
PY
echo "cores: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
